// `mailscope serve`: seeds the mail store, loads or makes the TLS certificate, opens the
// POP3 / IMAP / POP3S / IMAPS ports and prints every session's transcript as it happens.
#include "app/cli/serve.h"

#include <unistd.h>

#include <csignal>
#include <exception>
#include <iostream>
#include <optional>
#include <set>
#include <stdexcept>
#include <string_view>

#include <toml++/toml.h>

#include "app/cli/arguments.h"
#include "app/ui/assets.h"
#include "protocols/core/utf8.h"
#include "protocols/tls/tls.h"
#include "sim/net/net_server.h"
#include "sim/seed.h"
#include "sim/server_host.h"
#include "sim/toml_errors.h"

namespace mailscope::app {
namespace {

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
    const toml::table doc = sim::parseToml(sim::readTextFile(path, kMaxAccountsFileBytes), path);
    const auto fail = [&](const toml::source_position& where, const std::string& problem) {
        throw sim::fileErrorAt(path, where, problem);
    };
    for (const auto& [key, node] : doc)
        if (key.str() != "account")
            fail(key.source().begin, "unknown key '" + std::string(key.str()) + "' (expected [[account]] tables)");
    const toml::node* listNode = doc.get("account");
    const toml::array* list = listNode ? listNode->as_array() : nullptr;
    if (!list || list->empty())
        fail(listNode ? listNode->source().begin : toml::source_position{1, 1},
             "no [[account]] tables with user and password");
    std::vector<AccountEntry> accounts;
    std::set<std::string> seen;
    for (const toml::node& node : *list) {
        const toml::table* t = node.as_table();
        if (!t) fail(node.source().begin, "each account must be an [[account]] table, not " +
                                              std::string(sim::tomlTypeName(node)));
        for (const auto& [key, value] : *t)
            if (key.str() != "user" && key.str() != "password")
                fail(key.source().begin,
                     "unknown key '" + std::string(key.str()) + "' (an account has user and password)");
        const toml::node* userNode = t->get("user");
        const toml::node* passwordNode = t->get("password");
        for (const auto& [name, value] : {std::pair{"user", userNode}, std::pair{"password", passwordNode}}) {
            if (!value) fail(node.source().begin, std::string("an account needs '") + name + "'");
            if (!value->is_string())
                fail(value->source().begin, std::string("'") + name + "' must be a string, not " +
                                                std::string(sim::tomlTypeName(*value)));
        }
        const std::string user(userNode->as_string()->get());
        const std::string password(passwordNode->as_string()->get());
        if (user.empty() || user.find_first_of(" \t\r\n\"") != std::string::npos)
            fail(userNode->source().begin, "user '" + user + "' must not be empty or contain spaces or quotes");
        if (password.empty() || password.find_first_of("\r\n") != std::string::npos)
            fail(passwordNode->source().begin,
                 "the password of '" + user + "' must not be empty or contain line breaks");
        if (!seen.insert(user).second) fail(userNode->source().begin, "account '" + user + "' is defined twice");
        accounts.push_back(AccountEntry{user, password});
    }
    return accounts;
}

// [SECTION] serve

void addServeOptions(CLI::App& serve, ServeOptions& o) {
    serve.footer("Runs the POP3 and IMAP servers for real mail clients until Ctrl-C, printing every\n"
                 "session as it happens. Accounts: alice / alice123 and bob / bob123 with sample mail\n"
                 "(or those of --accounts).");
    const auto port = [&](const char* name, std::uint16_t& value, const std::string& what) {
        serve.add_option(name, value, what)->type_name("N")->check(wholeNumber(0, 65535));
    };
    port("--pop3-port", o.net.ports.pop3, "POP3 port (default 1110; 0 turns it off)");
    port("--imap-port", o.net.ports.imap, "IMAP port (default 1143)");
    port("--pop3s-port", o.net.ports.pop3s, "POP3 over TLS port (default 1995)");
    port("--imaps-port", o.net.ports.imaps, "IMAP over TLS port (default 1993)");
    serve.add_option("--listen", o.net.listenAddress,
                     "the address to listen on (default 127.0.0.1, this computer only)")
        ->type_name("ADDR")
        ->check(notEmpty("an IP address"));
    serve.add_flag("--require-tls", o.requireTls, "refuse plaintext logins until STLS / STARTTLS")
        ->disable_flag_override();
    const auto file = [&](const char* name, std::optional<std::string>& value, const char* type,
                          const std::string& what) {
        return serve
            .add_option_function<std::string>(name, [&value](const std::string& text) { value = text; }, what)
            ->type_name(type)
            ->check(notEmpty(std::string("a ") + (type == std::string("DIR") ? "directory" : "file name")));
    };
    CLI::Option* cert = file("--cert", o.certFile, "FILE", "a PEM certificate instead of the self-signed one (with --key)");
    CLI::Option* key = file("--key", o.keyFile, "FILE", "the PEM private key of --cert");
    cert->needs(key);
    key->needs(cert);
    file("--accounts", o.accountsFile, "FILE", "accounts from a TOML file: [[account]] user = \"...\" password = \"...\"");
    file("--mail", o.mailDir, "DIR", ".eml files delivered to every account's INBOX");
    serve.add_flag("--show-secrets", o.showSecrets, "print passwords instead of ********")->disable_flag_override();
    serve.callback([&o] {
        const sim::net::Ports& p = o.net.ports;
        if (p.pop3 == 0 && p.imap == 0 && p.pop3s == 0 && p.imaps == 0)
            throw CLI::ValidationError("every port is 0: nothing to serve");
    });
}

int runServe(const ServeOptions& o, std::ostream& out, std::ostream& err) {
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
