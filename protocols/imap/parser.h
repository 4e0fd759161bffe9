// The IMAP server's command parser (RFC 3501 9, RFC 7888 LITERAL+): bytes in, typed
// commands, literal continuation requests and errors out, as data. Never writes.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <variant>

#include "protocols/imap/command.h"
#include "protocols/imap/tokenizer.h"

namespace mailscope::imap {

// [SECTION] Results

/// No complete result yet: feed more bytes.
struct NeedMore {
    friend bool operator==(const NeedMore&, const NeedMore&) = default;
};

/// The command so far ends with a synchronizing literal {n}: the session sends
/// "+ " + text, and the client then sends the n bytes (RFC 3501 7.5). Or the session
/// refuses it (say, APPEND before login) with Parser::refuseLiteral() and answers
/// "tag NO/BAD ..." itself; the client, waiting for "+", then sends nothing more of it.
struct ContinuationNeeded {
    std::string text;      ///< e.g. "Ready for literal data"
    std::string tag;       ///< the command's tag
    std::string command;   ///< its canonical name, e.g. "APPEND", "UID SEARCH"
    std::uint64_t size = 0;  ///< the literal's announced size in bytes
    /// A {n+} literal (announceNonSynchronizing() on): no "+" is sent, its bytes follow
    /// anyway; refuseLiteral() reads past them.
    bool nonSynchronizing = false;
    friend bool operator==(const ContinuationNeeded&, const ContinuationNeeded&) = default;
};

/// Why a command line was refused.
enum class ParseErrorKind {
    Syntax,          ///< bad arguments: "tag BAD ..."
    UnknownCommand,  ///< not a command this server knows: "tag BAD ..."
    EmptyLine,       ///< an empty line: "* BAD ..."
    LineTooLong,     ///< over the line cap: "tag BAD ..."
    LiteralTooBig,   ///< over the literal cap: "tag NO [TOOBIG] ..." (RFC 7888 4, RFC 4469);
                     ///< fatal when it was {n+}: "* BYE" and close
};

/// A refused command line. Non-fatal ones leave the parser at the next line.
struct ParseError {
    ParseErrorKind kind = ParseErrorKind::Syntax;
    std::string tag;   ///< the line's tag, or "*" when it had none that is valid
    std::string text;  ///< what is wrong, for "tag BAD text"
    bool fatal = false;  ///< the session answers BAD, sends BYE and closes

    friend bool operator==(const ParseError&, const ParseError&) = default;
};

using ParseResult = std::variant<NeedMore, ContinuationNeeded, Command, ParseError>;

/// A line that is not a command: the IDLE terminator "DONE" or an AUTHENTICATE response
/// (base64, or "*" to cancel), without its line end.
struct RawLine {
    std::string text;
    friend bool operator==(const RawLine&, const RawLine&) = default;
};

using RawLineResult = std::variant<NeedMore, RawLine, ParseError>;

std::ostream& operator<<(std::ostream& os, const ParseResult& r);
std::ostream& operator<<(std::ostream& os, const RawLineResult& r);

// [SECTION] Parser

class Parser {
public:
    explicit Parser(TokenizerLimits limits = {});

    /// Appends bytes from the client, split anywhere.
    void feed(std::string_view bytes);
    /// The next result. Call until NeedMore; it reads no further than the result it gives,
    /// so the session may switch to nextRawLine() after IDLE or AUTHENTICATE.
    ParseResult next();
    /// The next line as raw text (after IDLE, during AUTHENTICATE). Only between commands.
    RawLineResult nextRawLine();
    /// Right after ContinuationNeeded: drops that command instead of keeping its literal (a
    /// {n+} literal's bytes are read and dropped as they come). Parsing goes on with the
    /// next line. Does nothing at any other time.
    void refuseLiteral() { m_tokenizer.discardLine(); }
    /// Drops buffered bytes and any partial command (call after STARTTLS succeeds:
    /// RFC 3501 6.2.1, no plaintext pipelined before TLS may be obeyed).
    void reset() { m_tokenizer.reset(); }
    /// Also report {n+} literals as ContinuationNeeded (nonSynchronizing), for a session
    /// that counts every literal against a shared budget.
    void announceNonSynchronizing(bool on) { m_tokenizer.announceNonSynchronizing(on); }
    /// New line and literal caps from the next line on (tighter before login).
    void setLimits(TokenizerLimits limits) { m_tokenizer.setLimits(limits); }

    /// Bytes received but not yet parsed.
    std::size_t buffered() const { return m_tokenizer.buffered(); }
    /// True after a fatal error; the parser then ignores input.
    bool failed() const { return m_tokenizer.failed(); }

private:
    Tokenizer m_tokenizer;
};

/// Parses one complete tokenized command line. Used by Parser; exposed for tests and tools.
std::variant<Command, ParseError> parseCommand(std::vector<Value> values);

/// True if name (any case) is a command the parser knows, e.g. "FETCH", "UID" or "uid fetch".
bool isKnownCommand(std::string_view name);

}  // namespace mailscope::imap
