// `mailscope serve`: seeds the mail store, loads or makes the TLS certificate, opens the
// POP3 / IMAP / POP3S / IMAPS ports and prints every session's transcript as it happens.
#include "app/cli/serve.h"

#include <unistd.h>

#include <charconv>
#include <csignal>
#include <exception>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <stdexcept>
#include <string_view>

#include <toml++/toml.h>

#include "app/ui/assets.h"
#include "protocols/core/utf8.h"
#include "protocols/tls/tls.h"
#include "sim/net/net_server.h"
#include "sim/seed.h"
#include "sim/server_host.h"

namespace mailscope::app {
namespace {

// [SECTION] options

struct ServeOptions {
    sim::net::NetConfig net;
    bool listenGiven = false;
    bool requireTls = false;
    bool showSecrets = false;
    std::optional<std::string> certFile;
    std::optional<std::string> keyFile;
    std::optional<std::string> accountsFile;
    std::optional<std::string> mailDir;
};

std::optional<std::uint16_t> parsePort(std::string_view text) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(value);
}

/// Parses the arguments after "serve"; returns the error text, or "" when they are fine.
std::string parseServeArgs(const std::vector<std::string>& args, ServeOptions& o, bool& help) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view arg = args[i];
        if (arg == "--help" || arg == "-h") {
            help = true;
            return {};
        }
        if (arg == "--require-tls") {
            o.requireTls = true;
            continue;
        }
        if (arg == "--show-secrets") {
            o.showSecrets = true;
            continue;
        }
        std::string_view name = arg;
        std::optional<std::string_view> inlineValue;
        if (const std::size_t eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
            name = arg.substr(0, eq);
            inlineValue = arg.substr(eq + 1);
        }
        std::uint16_t* port = name == "--pop3-port"    ? &o.net.ports.pop3
                              : name == "--imap-port"  ? &o.net.ports.imap
                              : name == "--pop3s-port" ? &o.net.ports.pop3s
                              : name == "--imaps-port" ? &o.net.ports.imaps
                                                       : nullptr;
        std::optional<std::string>* file = name == "--cert"       ? &o.certFile
                                           : name == "--key"      ? &o.keyFile
                                           : name == "--accounts" ? &o.accountsFile
                                           : name == "--mail"     ? &o.mailDir
                                                                  : nullptr;
        if (!port && !file && name != "--listen")
            return arg.starts_with("-") ? "unknown option '" + std::string(arg) + "'"
                                        : "unexpected argument '" + std::string(arg) + "'";
        std::string_view value;
        if (inlineValue)
            value = *inlineValue;
        else if (i + 1 < args.size())
            value = args[++i];
        else
            return std::string(name) + " needs a value";
        if (port) {
            const auto p = parsePort(value);
            if (!p)
                return std::string(name) + " needs a port number from 0 (off) to 65535, not '" + std::string(value) +
                       "'";
            *port = *p;
        } else if (file) {
            if (value.empty()) return std::string(name) + " needs a file name";
            *file = std::string(value);
        } else {
            if (value.empty()) return "--listen needs an IP address";
            o.net.listenAddress = value;
            o.listenGiven = true;
        }
    }
    if (o.certFile.has_value() != o.keyFile.has_value()) return "--cert and --key go together";
    const auto& p = o.net.ports;
    if (p.pop3 == 0 && p.imap == 0 && p.pop3s == 0 && p.imaps == 0) return "every port is 0: nothing to serve";
    return {};
}

// [SECTION] the mail store

void seedStore(mail::MailStore& store, const ServeOptions& o, core::Time now) {
    if (!o.accountsFile && !o.mailDir) {
        sim::seedDemoStore(store, assetsDir(), now);
        return;
    }
    std::vector<AccountEntry> accounts = {{"alice", "alice123"}, {"bob", "bob123"}};
    if (o.accountsFile) accounts = loadAccountsFile(*o.accountsFile);
    const std::vector<sim::MailFile> files =
        sim::loadMailDirectory(o.mailDir ? std::filesystem::path(*o.mailDir) : assetsDir() / "mail");
    for (const AccountEntry& a : accounts) {
        mail::Account& account = store.addAccount(a.user, a.password);
        for (const sim::MailFile& file : files) store.append(account, account.inbox(), sim::messageFromFile(file, now));
    }
}

// [SECTION] printing

/// Terminal colours (SGR), or nothing when stdout is not a terminal.
struct Palette {
    const char* bold = "";
    const char* dim = "";
    const char* client = "";
    const char* server = "";
    const char* warn = "";
    const char* reset = "";
};

/// The line as it may be printed: control bytes (terminal escapes!) and bytes that are not
/// UTF-8 become \xNN.
std::string printable(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        const bool control = (c < 0x20 && c != '\t') || c == 0x7F;
        if (n > 1 && core::isValidUtf8(text.substr(i, n))) {
            out.append(text.substr(i, n));
            i += n;
        } else if (n == 1 && !control) {
            out += text[i++];
        } else {
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
            ++i;
        }
    }
    return out;
}

bool isLoopback(std::string_view address) { return address.starts_with("127.") || address == "::1"; }

void printBanner(std::ostream& out, const Palette& c, const ServeOptions& o, const sim::net::NetServer& net,
                 const mail::MailStore& store, const std::string& fingerprint, const std::string& certWhere) {
    out << c.bold << "mailscope serve" << c.reset << ": POP3 and IMAP servers for real mail clients\n";
    for (const sim::net::ListeningPort& p : net.listening()) {
        const bool tls = p.service == sim::net::Service::Pop3s || p.service == sim::net::Service::Imaps;
        const std::string_view name = sim::net::serviceName(p.service);
        out << "  " << name << std::string(7 - name.size(), ' ') << p.address << ":" << p.port << "   ";
        const char* upgrade = p.service == sim::net::Service::Pop3 ? "STLS" : "STARTTLS";
        if (tls)
            out << "TLS from the first byte";
        else if (o.requireTls)
            out << "plaintext; login only after " << upgrade;
        else
            out << "plaintext; " << upgrade << " switches to TLS";
        out << "\n";
    }
    out << "Accounts:";
    // Passwords from an --accounts file are the trainer's; the demo ones are in the README.
    const bool showPasswords = !o.accountsFile || o.showSecrets;
    for (const mail::Account* a : store.accounts())
        out << "  " << a->user() << (showPasswords ? " / " + a->password() : "") << " ("
            << a->inbox().items().size() << (a->inbox().items().size() == 1 ? " message)" : " messages)");
    out << "\nCertificate: " << certWhere << "\n  SHA-256 " << fingerprint << "\n";
    if (!isLoopback(o.net.listenAddress)) {
        out << c.warn << "WARNING: listening on " << o.net.listenAddress
            << ": anyone on this network can connect. On the plaintext ports, user names, passwords and"
               " mail cross the network unencrypted: everyone on the classroom network can read them."
            << (o.requireTls ? "" : " Use --require-tls to refuse logins before STLS/STARTTLS.") << c.reset << "\n";
    }
    out << "Watching every session; Ctrl-C stops." << std::endl;
}

}  // namespace

// [SECTION] --accounts

std::vector<AccountEntry> loadAccountsFile(const std::string& path) {
    if (std::ifstream probe(path); !probe) throw std::runtime_error(path + ": cannot open the accounts file");
    toml::table doc;
    try {
        doc = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        const auto& where = e.source().begin;
        throw std::runtime_error(path + ":" + std::to_string(where.line) + ": " + std::string(e.description()));
    }
    const auto at = [&](const toml::node& node) {
        return path + ":" + std::to_string(node.source().begin.line) + ": ";
    };
    for (const auto& [key, node] : doc)
        if (key.str() != "account")
            throw std::runtime_error(at(node) + "unknown key '" + std::string(key.str()) +
                                     "' (expected [[account]] tables)");
    const toml::array* list = doc["account"].as_array();
    if (!list || list->empty()) throw std::runtime_error(path + ":1: no [[account]] tables with user and password");
    std::vector<AccountEntry> accounts;
    std::set<std::string> seen;
    for (const toml::node& node : *list) {
        const toml::table* t = node.as_table();
        if (!t) throw std::runtime_error(at(node) + "each account must be an [[account]] table");
        for (const auto& [key, value] : *t)
            if (key.str() != "user" && key.str() != "password")
                throw std::runtime_error(at(value) + "unknown key '" + std::string(key.str()) +
                                         "' (an account has user and password)");
        const auto user = (*t)["user"].value<std::string>();
        const auto password = (*t)["password"].value<std::string>();
        if (!user || !password) throw std::runtime_error(at(node) + "an account needs user and password, both strings");
        if (user->empty() || user->find_first_of(" \t\r\n\"") != std::string::npos)
            throw std::runtime_error(at(node) + "user '" + *user + "' must not be empty or contain spaces or quotes");
        if (password->empty() || password->find_first_of("\r\n") != std::string::npos)
            throw std::runtime_error(at(node) + "the password of '" + *user +
                                     "' must not be empty or contain line breaks");
        if (!seen.insert(*user).second) throw std::runtime_error(at(node) + "account '" + *user + "' is defined twice");
        accounts.push_back(AccountEntry{*user, *password});
    }
    return accounts;
}

// [SECTION] serve

std::string serveUsageText() {
    return "Usage: mailscope serve [options]\n"
           "Runs the POP3 and IMAP servers for real mail clients until Ctrl-C, printing every\n"
           "session as it happens. Accounts: alice / alice123 and bob / bob123 with sample mail.\n"
           "\n"
           "Options:\n"
           "  --pop3-port N     POP3 port (default 1110; 0 turns it off)\n"
           "  --imap-port N     IMAP port (default 1143)\n"
           "  --pop3s-port N    POP3 over TLS port (default 1995)\n"
           "  --imaps-port N    IMAP over TLS port (default 1993)\n"
           "  --listen ADDR     the address to listen on (default 127.0.0.1, this computer only)\n"
           "  --require-tls     refuse plaintext logins until STLS / STARTTLS\n"
           "  --cert FILE --key FILE\n"
           "                    a PEM certificate and key instead of the self-signed one\n"
           "  --accounts FILE   accounts from a TOML file: [[account]] user = \"...\" password = \"...\"\n"
           "  --mail DIR        .eml files delivered to every account's INBOX\n"
           "  --show-secrets    print passwords instead of ********\n";
}

int runServe(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    ServeOptions o;
    bool help = false;
    if (const std::string error = parseServeArgs(args, o, help); !error.empty()) {
        err << "mailscope serve: " << error << "\n\n" << serveUsageText();
        return 2;
    }
    if (help) {
        out << serveUsageText();
        return 0;
    }
    const core::Time now = sim::net::realNow();

    mail::MailStore store(static_cast<std::uint32_t>(now));
    try {
        seedStore(store, o, now);
    } catch (const std::exception& e) {
        err << "mailscope serve: " << e.what() << "\n";
        return 1;
    }

    std::string error;
    std::optional<tls::Certificate> certificate;
    std::string certWhere;
    if (o.certFile) {
        certificate = tls::loadFiles(*o.certFile, *o.keyFile, error);
        certWhere = *o.certFile;
    } else {
        certificate = tls::loadOrCreate(tls::configDirectory(), now, error);
        certWhere = (tls::configDirectory() / "cert.pem").string() + " (self-signed)";
    }
    std::shared_ptr<tls::Context> tlsContext;
    if (certificate) tlsContext = tls::Context::server(*certificate, error);
    if (!tlsContext) {
        err << "mailscope serve: cannot set up TLS: " << error << "\n";
        return 1;
    }

    Palette c;
    if (&out == &std::cout && isatty(STDOUT_FILENO))
        c = Palette{"\x1b[1m", "\x1b[2m", "\x1b[36m", "\x1b[32m", "\x1b[1;33m", "\x1b[0m"};

    sim::ServerHost host(store, sim::HostConfig{true, !o.requireTls, o.showSecrets});
    host.setLineObserver([&](const sim::HostedSession& s, const sim::TranscriptEntry& e) {
        const bool client = e.direction == core::Direction::ClientToServer;
        out << c.bold << "[" << s.name() << "]" << c.reset << " " << (client ? c.client : c.server)
            << (client ? "C: " : "S: ") << printable(e.text) << c.reset << std::endl;
    });
    sim::net::NetServer net(host, o.net, tlsContext);
    net.setLog([&](const std::string& line) { out << c.dim << printable(line) << c.reset << std::endl; });
    if (!net.open(error)) {
        err << "mailscope serve: " << error << "\n";
        return 1;
    }
    // Signals first: the banner's last line tells scripts that Ctrl-C is handled.
    net.shutdownOnSignals([&](int signo) {
        out << c.dim << (signo == SIGINT ? "Interrupted" : "Terminated") << ": closing every connection" << c.reset
            << std::endl;
    });
    printBanner(out, c, o, net, store, tls::fingerprintSha256(certificate->certPem), certWhere);
    net.run();
    out << "mailscope serve: stopped" << std::endl;
    return 0;
}

}  // namespace mailscope::app
