// `mailscope serve`: the POP3 and IMAP servers on real TCP ports (RFC 1939, RFC 3501, with
// STLS / STARTTLS and implicit TLS, RFC 8314), headless, printing every session live.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "sim/net/net_server.h"

namespace CLI {
class App;
}

namespace mailscope::app {

/// What `mailscope serve` was asked to do.
struct ServeOptions {
    sim::net::NetConfig net;                  ///< --listen and the four --*-port options
    bool requireTls = false;                  ///< --require-tls: no plaintext login before STLS / STARTTLS
    bool showSecrets = false;                 ///< --show-secrets: print passwords, not ********
    std::optional<std::string> certFile;      ///< --cert FILE (with --key)
    std::optional<std::string> keyFile;       ///< --key FILE (with --cert)
    std::optional<std::string> accountsFile;  ///< --accounts FILE: [[account]] tables
    std::optional<std::string> mailDir;       ///< --mail DIR: .eml files for every INBOX
};

/// Declares serve's arguments on its subcommand, writing into `options`. Parsing fails
/// when --cert comes without --key (or the other way) and when every port is 0.
void addServeOptions(CLI::App& serve, ServeOptions& options);

/// Runs the servers until SIGINT / SIGTERM; returns the process exit code (0 after a
/// signal, 1 when they cannot start). Colours are used when `out` is std::cout and that
/// is a terminal.
int runServe(const ServeOptions& options, std::ostream& out, std::ostream& err);

/// One account of an --accounts file.
struct AccountEntry {
    std::string user;
    std::string password;
};

/// The largest --accounts file read.
inline constexpr std::uintmax_t kMaxAccountsFileBytes = 1024 * 1024;

/// Reads an --accounts file: TOML with [[account]] tables holding `user` and `password`.
/// Throws sim::FileError ("FILE:LINE:COLUMN: problem") on any mistake, also for a file
/// that cannot be read.
std::vector<AccountEntry> loadAccountsFile(const std::string& path);

}  // namespace mailscope::app
