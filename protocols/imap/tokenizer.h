// The IMAP line tokenizer (RFC 3501 section 4 and 9, RFC 7888 LITERAL+): bytes in any split
// become complete lines as trees of values, with literals, size caps and errors as data.
// Shared by the server's command parser and the client's response parser.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace mailscope::imap {

// [SECTION] Values

/// One token of an IMAP line, or a parenthesized group of them (RFC 3501 4).
struct Value {
    /// What the token was on the wire.
    enum class Kind {
        Atom,     ///< any other run of non-special characters, as written: FETCH, \Seen, 1:*, INBOX.%
        Number,   ///< an atom of digits only that fits in 64 bits (RFC 3501 "number"); text keeps the digits
        Nil,      ///< the atom NIL in any case; text keeps it as written
        Quoted,   ///< "quoted string", text holds the bytes with \" and \\ unescaped
        Literal,  ///< {n} or {n+} followed by n bytes (RFC 3501 4.3, RFC 7888), or a literal8
                  ///< ~{n} / ~{n+} (RFC 3516 4.1); text holds the bytes
        List,     ///< ( ... ), children hold the items
        Section,  ///< BODY[...]<...> and the like: text is the prefix as written ("BODY.PEEK"),
                  ///< children hold the values inside the brackets, partial the text inside <>
    };

    Kind kind = Kind::Atom;
    std::string text;              ///< see Kind
    std::uint64_t number = 0;      ///< the value of a Number
    bool nonSynchronizing = false; ///< a Literal written as {n+}
    bool binary = false;           ///< a Literal written as ~{n}: literal8, may hold NUL (RFC 3516)
    std::vector<Value> children;   ///< items of a List or Section
    std::optional<std::string> partial;  ///< a Section's "<...>" contents, e.g. "0.1024"
    std::size_t offset = 0;        ///< where the value starts in Line::text

    bool isAtomLike() const { return kind == Kind::Atom || kind == Kind::Number || kind == Kind::Nil; }
    bool isString() const { return kind == Kind::Quoted || kind == Kind::Literal; }

    /// An atom-like value classified as the tokenizer would: "NIL" becomes Nil, digits Number.
    static Value atom(std::string text);
    static Value quoted(std::string text);
    static Value literal(std::string bytes, bool nonSynchronizing = false, bool binary = false);
    static Value list(std::vector<Value> items);

    /// Compares everything but offset.
    friend bool operator==(const Value& a, const Value& b);
};

/// Debug form, e.g. ATOM(FETCH) LIST[NUMBER(1) QUOTED("a b")] SECTION(BODY)[...]<0.10>.
std::ostream& operator<<(std::ostream& os, const Value& v);

// [SECTION] Tokenizer

/// Caps that keep one peer from using unbounded memory. Exceeding them is an Error, not an exception.
struct TokenizerLimits {
    std::size_t maxLineLength = 64 * 1024;            ///< bytes of line text (literal data not counted)
    std::uint64_t maxLiteralSize = 50 * 1024 * 1024;  ///< bytes of literal data in one line, all literals together
    std::size_t maxDepth = 32;                        ///< nesting of lists and sections
};

/// Which side of the conversation is being read.
enum class TokenizerMode {
    Command,   ///< a server reading commands: synchronizing literals wait for the caller's "+",
               ///< syntax errors end the line with an Error
    Response,  ///< a client reading responses: literals follow at once, syntax errors are kept
               ///< in Line::syntaxError so free text (resp-text) can still be read from Line::text
};

/// Why a line was refused.
enum class TokenizerErrorKind {
    Syntax,         ///< the line does not tokenize (unbalanced parentheses, bad quoting, ...)
    LineTooLong,    ///< more than maxLineLength bytes of text without a line end
    LiteralTooBig,  ///< a literal over maxLiteralSize ([TOOBIG], RFC 7888 4 / RFC 4469)
    NotAtLineStart, ///< nextRawLine() was called in the middle of a line (a caller bug)
};

/// Reads lines incrementally: feed() bytes, then next() until NeedMore. A line is read in
/// text segments split at literal markers; each segment is tokenized when its line end
/// arrives, into the lists and sections still open. Lenient where clients are sloppy and
/// nothing is ambiguous: a bare LF ends a line, and runs of spaces separate like one.
class Tokenizer {
public:
    /// No complete result yet: feed more bytes.
    struct NeedMore {
        friend bool operator==(const NeedMore&, const NeedMore&) = default;
    };
    /// Command mode only: the line so far ends with a synchronizing literal {size}. The
    /// caller either sends "+ ..." and calls next() again (the literal bytes are then
    /// read), or refuses with discardLine() (the client, waiting for "+", sends nothing).
    /// With announceNonSynchronizing(true), a {size+} literal is announced too: the caller
    /// calls next() again (no "+": the bytes come anyway) or discardLine(), which then reads
    /// past them and the rest of the line. lineSoFar() shows the values before it.
    struct LiteralAnnounced {
        std::uint64_t size = 0;
        bool nonSynchronizing = false;  ///< {size+}
    };
    /// A complete line.
    struct Line {
        std::vector<Value> values;  ///< top-level values, in order
        std::string text;           ///< the line's text segments joined, each literal's data left out
                                    ///< (its {n} marker stays), without line ends
        std::optional<std::string> syntaxError;  ///< Response mode: why tokenizing stopped early
    };
    /// A refused line (or the stream, if fatal).
    struct Error {
        TokenizerErrorKind kind = TokenizerErrorKind::Syntax;
        std::string tag;    ///< the line's first word if it is a valid tag, else empty
        std::string text;   ///< what is wrong, in words, for "tag BAD text"
        bool fatal = false; ///< the stream can no longer be followed: close the connection
    };
    /// A raw line (nextRawLine()).
    struct RawLine {
        std::string text;  ///< without the line end
    };

    using Result = std::variant<NeedMore, LiteralAnnounced, Line, Error>;
    using RawResult = std::variant<NeedMore, RawLine, Error>;

    explicit Tokenizer(TokenizerMode mode = TokenizerMode::Command, TokenizerLimits limits = {});

    /// Appends bytes as they came from the peer, any split. Ignored after a fatal error.
    void feed(std::string_view bytes);
    /// Reads as far as the next result. Consumes no more input than that result needs.
    Result next();
    /// Reads one line as plain text, no tokens or literals: the IDLE "DONE" and AUTHENTICATE
    /// responses (RFC 3501 6.2.2). Only between lines; otherwise Error NotAtLineStart.
    RawResult nextRawLine();
    /// After LiteralAnnounced: drops the line; reading goes on with the next line (after
    /// the announced {n+} literal's bytes, and any more, which are read and dropped).
    void discardLine();
    /// Command mode: announce {n+} literals as well (LiteralAnnounced), so that the caller
    /// can count them against a budget before their bytes are stored.
    void announceNonSynchronizing(bool on) { m_announceNonSync = on; }
    /// Drops everything buffered and any line in progress (after STARTTLS, RFC 3501 6.2.1:
    /// bytes sent before the TLS handshake must not be taken as commands).
    void reset();

    /// The top-level values of the line being read so far (e.g. tag and command name, to
    /// check before answering LiteralAnnounced); an announced top-level literal is there,
    /// empty, as the last value. Values still inside an open list are not. Valid until the
    /// next call.
    const std::vector<Value>& lineSoFar() const { return m_stack.front().children; }
    /// True between lines (no part of a line read yet).
    bool atLineStart() const;
    /// Bytes fed but not yet consumed.
    std::size_t buffered() const { return m_buffer.size() - m_pos; }
    bool failed() const { return m_state == State::Failed; }
    const TokenizerLimits& limits() const { return m_limits; }
    /// New caps from the next check on (a server raises them once the client has logged in).
    void setLimits(TokenizerLimits limits) { m_limits = limits; }

private:
    /// Where the reader is.
    enum class State {
        Text,           ///< reading line text up to the next line end
        LiteralWait,    ///< LiteralAnnounced given; next() starts reading the literal
        Literal,        ///< reading literal bytes (stored, or dropped when skipping)
        Failed,         ///< a fatal error was reported; input is ignored
    };
    /// How the current line is being dropped after an error.
    enum class Skip {
        None,      ///< not skipping: tokenizing normally
        Command,   ///< dropping a command line to its end, following {n+} literals
        Raw,       ///< dropping an overlong raw line to its end
    };

    struct Marker {
        std::size_t start = 0;     ///< offset of '{' (or of the '~' of literal8) in the segment
        std::uint64_t size = 0;    ///< saturates above the limit
        bool nonSync = false;
        bool binary = false;       ///< ~{n}
    };

    /// What handling one text segment led to: a result, or "keep reading".
    using Step = std::optional<Result>;

    Step onSegment(std::string_view segment);
    Step skipSegment(std::string_view segment, const std::optional<Marker>& marker);
    Result finishLine();
    Error makeError(TokenizerErrorKind kind, std::string text, bool fatal, std::string_view lineStart) const;
    /// Tokenizes one text segment into the open containers; empty string on success.
    std::string tokenize(std::string_view segment, const std::optional<Marker>& marker);
    void closeContainer();
    static std::optional<Marker> findMarker(std::string_view segment, std::uint64_t limit);
    void clearLine();
    void dropSkippedBytes();
    void compact();

    TokenizerMode m_mode;
    TokenizerLimits m_limits;
    State m_state = State::Text;
    Skip m_skip = Skip::None;

    std::string m_buffer;
    std::size_t m_pos = 0;           // first unconsumed byte
    std::size_t m_scan = 0;          // how far the current segment was searched for a line end

    // The line being read.
    std::vector<Value> m_stack;      // open containers; [0] is the line itself
    bool m_needSeparator = false;    // a value just ended: next must be SP, ')', ']' or the end
    bool m_lineStarted = false;      // some part of the line was read
    std::string m_text;              // Line::text so far
    std::uint64_t m_literalTotal = 0;   // literal bytes announced in this line
    std::uint64_t m_literalLeft = 0;    // bytes of the current literal still to come
    std::optional<std::string> m_deferredError;  // Response mode: syntax error to report in the Line
    std::string m_errorTag;          // tag kept for errors found while skipping
    bool m_announceNonSync = false;  // see announceNonSynchronizing()
    bool m_waitingNonSync = false;   // LiteralWait is for a {n+} literal: its bytes are on their way
};

std::ostream& operator<<(std::ostream& os, const Tokenizer::Result& r);

/// Tokenizes one piece of text without literals, e.g. the inside of a response code
/// "[PERMANENTFLAGS (\Seen \*)]" cut from Line::text. Response-mode rules: the values
/// read before any syntax error are returned, the error in Line::syntaxError.
Tokenizer::Line tokenizeText(std::string_view text);

// [SECTION] Character classes (RFC 3501 9)

/// ATOM-CHAR: any CHAR except atom-specials ( ) { SP CTL % * " \ ].
bool isAtomChar(char c);
/// ASTRING-CHAR: ATOM-CHAR or "]".
bool isAstringChar(char c);
/// A tag: 1*<any ASTRING-CHAR except "+">.
bool isValidTag(std::string_view s);
/// A non-empty string of ATOM-CHARs.
bool isAtom(std::string_view s);

}  // namespace mailscope::imap
