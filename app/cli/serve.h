// `mailscope serve`: the POP3 and IMAP servers on real TCP ports (RFC 1939, RFC 3501, with
// STLS / STARTTLS and implicit TLS, RFC 8314), headless, printing every session live.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace mailscope::app {

/// Runs the servers with the arguments after "serve" until SIGINT / SIGTERM; returns the
/// process exit code (0 after a signal, 1 when they cannot start, 2 for a bad argument).
/// Colours are used when `out` is std::cout and that is a terminal.
int runServe(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

/// The usage text of `mailscope serve`, ending with a newline.
std::string serveUsageText();

/// One account of an --accounts file.
struct AccountEntry {
    std::string user;
    std::string password;
};

/// Reads an --accounts file: TOML with [[account]] tables holding `user` and `password`.
/// Throws std::runtime_error "FILE:LINE: what is wrong" on any mistake.
std::vector<AccountEntry> loadAccountsFile(const std::string& path);

}  // namespace mailscope::app
