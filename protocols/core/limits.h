// Every resource budget of the POP3 (RFC 1939) and IMAP (RFC 3501) servers in one place:
// what one client may make the server hold, and for how long. README "Limits" lists them.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mailscope::core::limits {

// [SECTION] before login: a stranger may send anything

/// Input a connection may make the server buffer before it has logged in: the line being
/// read and its literals together (IMAP), or the line being read (POP3).
inline constexpr std::size_t kPreAuthInput = 64 * 1024;
/// All literals of one IMAP command line before login together (a LOGIN password, an ID
/// value): larger ones are refused before the client sends them (RFC 3501 7.5), or, as
/// {n+} (RFC 7888 4), answered with BYE and the connection closed.
inline constexpr std::size_t kPreAuthLiteral = 1024;
/// An IMAP command line's text before login: with its literals, within kPreAuthInput.
inline constexpr std::size_t kPreAuthImapLine = kPreAuthInput - kPreAuthLiteral;

// [SECTION] IMAP after login

/// An IMAP command line's text (literal data not counted) once logged in.
inline constexpr std::size_t kImapLine = 64 * 1024;
/// The literals of one command together once logged in (an APPENDed message): larger ones
/// get "NO [TOOBIG]" (RFC 4469, RFC 7889 APPENDLIMIT).
inline constexpr std::uint64_t kImapLiteral = 32 * 1024 * 1024;
/// Literal bytes being received by all IMAP connections at once: a literal that would go
/// beyond it gets "NO [LIMIT]" (RFC 5530) instead of the server growing.
inline constexpr std::uint64_t kImapLiteralsInFlight = 128 * 1024 * 1024;
/// Searches one session may keep up to date at once (SEARCH / SORT RETURN (UPDATE), RFC
/// 5267 4.3): each is run again whenever the mailbox changes. One more is answered but
/// gets "* NO [NOUPDATE "tag"]" (4.3.1) until CANCELUPDATE or leaving the mailbox frees one.
inline constexpr std::size_t kImapSearchContexts = 10;

// [SECTION] POP3

/// A POP3 command line with its CRLF (RFC 2449 4: 255 octets).
inline constexpr std::size_t kPop3Line = 255;
/// A POP3 SASL response line (after "+ ", RFC 5034 4).
inline constexpr std::size_t kPop3SaslLine = 8192;

// [SECTION] failed logins (both protocols)

/// Failed logins (LOGIN, AUTHENTICATE, USER/PASS, APOP, AUTH) after which the connection
/// is closed ("* BYE Too many failed logins" / "-ERR [AUTH] Too many failed logins").
inline constexpr int kMaxFailedLogins = 3;
/// How long the answer to a failed login is held on a real connection; meanwhile that
/// connection reads nothing and every other one is served.
inline constexpr int kFailedLoginDelayMs = 1000;

// [SECTION] real connections (sim/net)

/// Output a connection may have waiting for its client: past it, the session is asked for
/// no more (a long FETCH pauses) and no command is read until the client catches up.
inline constexpr std::size_t kOutputBuffer = 256 * 1024;
/// How much of a long response one turn of the event loop produces for a connection
/// before the other connections get their turn.
inline constexpr std::size_t kOutputChunk = 64 * 1024;
/// Transcript lines kept per real session; earlier ones are dropped and counted.
inline constexpr std::size_t kTranscriptLines = 5000;

}  // namespace mailscope::core::limits
