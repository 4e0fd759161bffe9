// The IMAP line tokenizer (RFC 3501 section 4 and 9, RFC 7888 LITERAL+): framing of lines
// and literals, then tokens into a value tree, one text segment at a time.
#include "protocols/imap/tokenizer.h"

#include <algorithm>
#include <ostream>

#include "protocols/core/catalogue.h"

namespace mailscope::imap {

namespace {

bool isCtl(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

/// Words that a "[" turns into a section value (RFC 3501 fetch-att, RFC 3516 BINARY).
bool isSectionPrefix(std::string_view word) {
    for (std::string_view p : {"BODY", "BODY.PEEK", "BINARY", "BINARY.PEEK", "BINARY.SIZE"})
        if (core::equalsIgnoreCase(word, p)) return true;
    return false;
}

Value atomValue(std::string_view word, std::size_t offset) {
    Value v;
    v.text = std::string(word);
    v.offset = offset;
    if (core::equalsIgnoreCase(word, "NIL")) {
        v.kind = Value::Kind::Nil;
        return v;
    }
    if (word.empty() || word.size() > 20 || !std::all_of(word.begin(), word.end(), isDigit)) return v;
    std::uint64_t n = 0;
    for (char c : word) {
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (n > (UINT64_MAX - digit) / 10) return v;  // too big for a number: stays an atom
        n = n * 10 + digit;
    }
    v.kind = Value::Kind::Number;
    v.number = n;
    return v;
}

/// The first word of a line if it is a valid tag.
std::string tagFromText(std::string_view line) {
    const auto end = line.find_first_of(" \r\n");
    const std::string_view word = line.substr(0, end);
    // A "tag" of kilobytes (a line too long with no space in it) is not echoed back: the
    // answer is untagged. Real tags are a few characters ("a001").
    constexpr std::size_t kMaxEchoedTag = 64;
    if (end == std::string_view::npos || word.size() > kMaxEchoedTag) return {};
    return isValidTag(word) ? std::string(word) : std::string();
}

/// How many bytes at the end of a skipped, unfinished segment are kept to find a literal
/// marker once its line end arrives: "{" + 20 digits + "+}" + CR fits.
constexpr std::size_t kMarkerTail = 32;

}  // namespace

// [SECTION] Character classes

bool isAtomChar(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return false;  // CTL, SP, and not 7-bit CHAR
    switch (c) {
        case '(': case ')': case '{': case '%': case '*': case '"': case '\\': case ']':
            return false;
        default:
            return true;
    }
}

bool isAstringChar(char c) { return c == ']' || isAtomChar(c); }

bool isValidTag(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c != '+' && isAstringChar(c); });
}

bool isAtom(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), isAtomChar); }

// [SECTION] Values

Value Value::atom(std::string text) { return atomValue(text, 0); }

Value Value::quoted(std::string text) {
    Value v;
    v.kind = Kind::Quoted;
    v.text = std::move(text);
    return v;
}

Value Value::literal(std::string bytes, bool nonSynchronizing, bool binary) {
    Value v;
    v.kind = Kind::Literal;
    v.text = std::move(bytes);
    v.nonSynchronizing = nonSynchronizing;
    v.binary = binary;
    return v;
}

Value Value::list(std::vector<Value> items) {
    Value v;
    v.kind = Kind::List;
    v.children = std::move(items);
    return v;
}

bool operator==(const Value& a, const Value& b) {
    return a.kind == b.kind && a.text == b.text && a.number == b.number &&
           a.nonSynchronizing == b.nonSynchronizing && a.binary == b.binary && a.children == b.children && a.partial == b.partial;
}

namespace {

void printBytes(std::ostream& os, std::string_view bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    os << '"';
    for (char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') os << '\\' << c;
        else if (c == '\r') os << "\\r";
        else if (c == '\n') os << "\\n";
        else if (u < 0x20 || u >= 0x7f) os << "\\x" << kHex[u >> 4] << kHex[u & 15];
        else os << c;
    }
    os << '"';
}

void printChildren(std::ostream& os, const std::vector<Value>& children) {
    os << '[';
    for (std::size_t i = 0; i < children.size(); ++i) os << (i ? " " : "") << children[i];
    os << ']';
}

}  // namespace

std::ostream& operator<<(std::ostream& os, const Value& v) {
    switch (v.kind) {
        case Value::Kind::Atom: return os << "ATOM(" << v.text << ')';
        case Value::Kind::Number: return os << "NUMBER(" << v.number << ')';
        case Value::Kind::Nil: return os << "NIL";
        case Value::Kind::Quoted: os << "QUOTED("; printBytes(os, v.text); return os << ')';
        case Value::Kind::Literal:
            os << (v.binary ? "LITERAL8" : "LITERAL") << (v.nonSynchronizing ? "+(" : "(");
            printBytes(os, v.text);
            return os << ')';
        case Value::Kind::List: os << "LIST"; printChildren(os, v.children); return os;
        case Value::Kind::Section:
            os << "SECTION(" << v.text << ')';
            printChildren(os, v.children);
            if (v.partial) os << '<' << *v.partial << '>';
            return os;
    }
    return os;
}

std::ostream& operator<<(std::ostream& os, const Tokenizer::Result& r) {
    if (std::holds_alternative<Tokenizer::NeedMore>(r)) return os << "NeedMore";
    if (const auto* l = std::get_if<Tokenizer::LiteralAnnounced>(&r)) return os << "LiteralAnnounced{" << l->size << '}';
    if (const auto* line = std::get_if<Tokenizer::Line>(&r)) {
        os << "Line";
        printChildren(os, line->values);
        if (line->syntaxError) os << " syntaxError=" << *line->syntaxError;
        return os;
    }
    const auto& e = std::get<Tokenizer::Error>(r);
    return os << "Error{kind=" << static_cast<int>(e.kind) << " tag=" << e.tag << " text=" << e.text
              << (e.fatal ? " fatal}" : "}");
}

// [SECTION] Tokenizer: framing

Tokenizer::Tokenizer(TokenizerMode mode, TokenizerLimits limits) : m_mode(mode), m_limits(limits) { clearLine(); }

void Tokenizer::feed(std::string_view bytes) {
    if (m_state == State::Failed) return;
    compact();
    m_buffer.append(bytes);
}

void Tokenizer::compact() {
    if (m_pos == 0) return;
    if (m_pos < m_buffer.size() && m_pos < 4096 && m_pos * 2 < m_buffer.size()) return;
    m_buffer.erase(0, m_pos);
    m_scan -= std::min(m_scan, m_pos);
    m_pos = 0;
}

void Tokenizer::clearLine() {
    m_stack.clear();
    m_stack.push_back(Value::list({}));
    m_needSeparator = false;
    m_lineStarted = false;
    m_text.clear();
    m_literalTotal = 0;
    m_literalLeft = 0;
    m_deferredError.reset();
    m_skip = Skip::None;
    m_errorTag.clear();
}

void Tokenizer::reset() {
    m_buffer.clear();
    m_pos = 0;
    m_scan = 0;
    if (m_state != State::Failed) m_state = State::Text;
    clearLine();
}

void Tokenizer::discardLine() {
    if (m_state != State::LiteralWait) return;
    if (m_waitingNonSync) {  // the client sends the bytes whatever we answer: drop them as they come
        const std::uint64_t left = m_literalLeft;
        clearLine();
        m_literalLeft = left;
        m_lineStarted = true;
        m_skip = Skip::Command;
        m_state = State::Literal;
        return;
    }
    m_state = State::Text;
    clearLine();
}

bool Tokenizer::atLineStart() const { return m_state == State::Text && !m_lineStarted && m_skip == Skip::None; }

void Tokenizer::dropSkippedBytes() {
    // Nothing of a skipped line is kept but its last bytes, which may hold a literal marker.
    if (m_buffer.size() - m_pos > kMarkerTail) m_pos = m_buffer.size() - kMarkerTail;
    m_scan = m_buffer.size();
}

Tokenizer::Error Tokenizer::makeError(TokenizerErrorKind kind, std::string text, bool fatal,
                                      std::string_view lineStart) const {
    Error e;
    e.kind = kind;
    e.tag = !m_errorTag.empty() ? m_errorTag : tagFromText(m_text.empty() ? lineStart : std::string_view(m_text));
    e.text = std::move(text);
    e.fatal = fatal;
    return e;
}

std::optional<Tokenizer::Marker> Tokenizer::findMarker(std::string_view s, std::uint64_t limit) {
    if (s.empty() || s.back() != '}') return std::nullopt;
    std::size_t j = s.size() - 1;  // at '}'
    Marker m;
    if (j > 0 && s[j - 1] == '+') {
        m.nonSync = true;
        --j;
    }
    std::size_t k = j;
    while (k > 0 && isDigit(s[k - 1])) --k;
    if (k == j || k == 0 || s[k - 1] != '{') return std::nullopt;
    m.start = k - 1;
    if (m.start > 0 && s[m.start - 1] == '~') {  // literal8 (RFC 3516 4.1)
        m.binary = true;
        --m.start;
    }
    for (std::size_t i = k; i < j; ++i) {
        m.size = m.size * 10 + static_cast<std::uint64_t>(s[i] - '0');
        if (m.size > limit) {  // saturate: the exact size of an oversized literal does not matter
            m.size = limit + 1;
            break;
        }
    }
    return m;
}

Tokenizer::Result Tokenizer::next() {
    for (;;) {
        switch (m_state) {
            case State::Failed:
                return NeedMore{};
            case State::LiteralWait:  // the caller answered "+": read the literal
                m_state = State::Literal;
                continue;
            case State::Literal: {
                const std::size_t take =
                    static_cast<std::size_t>(std::min<std::uint64_t>(buffered(), m_literalLeft));
                if (m_skip == Skip::None && take > 0)
                    m_stack.back().children.back().text.append(m_buffer, m_pos, take);
                m_pos += take;
                m_literalLeft -= take;
                if (m_literalLeft > 0) {
                    compact();
                    return NeedMore{};
                }
                m_state = State::Text;
                m_scan = m_pos;
                continue;
            }
            case State::Text: {
                const std::size_t lf = m_buffer.find('\n', m_scan);
                if (lf == std::string::npos) {
                    m_scan = m_buffer.size();
                    if (m_skip != Skip::None) {
                        dropSkippedBytes();
                    } else if (m_text.size() + buffered() > m_limits.maxLineLength + 1) {  // +1: a CR may be waiting for its LF
                        const std::string_view start(m_buffer.data() + m_pos, buffered());
                        Error e = makeError(TokenizerErrorKind::LineTooLong, "Line too long", false, start);
                        m_errorTag = e.tag;
                        m_lineStarted = true;
                        m_skip = Skip::Command;
                        dropSkippedBytes();
                        compact();
                        return e;
                    }
                    compact();
                    return NeedMore{};
                }
                std::string_view segment(m_buffer.data() + m_pos, lf - m_pos);
                if (!segment.empty() && segment.back() == '\r') segment.remove_suffix(1);
                m_pos = lf + 1;
                m_scan = m_pos;
                // segment stays valid: nothing below changes m_buffer
                if (Step step = onSegment(segment)) return std::move(*step);
                continue;
            }
        }
    }
}

Tokenizer::Step Tokenizer::onSegment(std::string_view segment) {
    if (m_skip == Skip::Raw) {  // the end of an overlong raw line
        clearLine();
        return std::nullopt;
    }
    const auto marker = findMarker(segment, m_limits.maxLiteralSize);
    if (m_skip == Skip::Command) return skipSegment(segment, marker);

    if (m_text.size() + segment.size() > m_limits.maxLineLength) {
        Error e = makeError(TokenizerErrorKind::LineTooLong, "Line too long", false, segment);
        m_errorTag = e.tag;
        m_lineStarted = true;
        m_skip = Skip::Command;
        if (Step step = skipSegment(segment, marker)) return step;  // a fatal literal error wins
        return Result(std::move(e));
    }
    m_lineStarted = true;
    m_text.append(segment);

    if (marker && m_literalTotal + marker->size > m_limits.maxLiteralSize) {
        const bool fatal = marker->nonSync || m_mode == TokenizerMode::Response;
        Error e = makeError(TokenizerErrorKind::LiteralTooBig, "Literal too big", fatal, segment);
        if (fatal) {
            m_state = State::Failed;
            m_buffer.clear();
            m_pos = m_scan = 0;
        }
        clearLine();  // a synchronizing literal: the client waits for "+" and sends nothing more
        return Result(std::move(e));
    }

    if (std::string problem = tokenize(segment, marker); !problem.empty()) {
        if (m_mode == TokenizerMode::Response) {
            m_deferredError = std::move(problem);
            m_skip = Skip::Command;
            if (!marker) return finishLine();
            return skipSegment(std::string_view(), marker);
        }
        Error e = makeError(TokenizerErrorKind::Syntax, std::move(problem), false, segment);
        m_errorTag = e.tag;
        m_skip = Skip::Command;
        skipSegment(std::string_view(), marker);  // cannot fail: the size was checked above
        return Result(std::move(e));
    }

    if (!marker) return finishLine();
    m_literalTotal += marker->size;
    m_literalLeft = marker->size;
    if (m_mode == TokenizerMode::Command && (!marker->nonSync || m_announceNonSync)) {
        m_state = State::LiteralWait;
        m_waitingNonSync = marker->nonSync;
        return Result(LiteralAnnounced{marker->size, marker->nonSync});
    }
    m_state = State::Literal;
    return std::nullopt;
}

Tokenizer::Step Tokenizer::skipSegment(std::string_view segment, const std::optional<Marker>& marker) {
    // A client that sent {n+} sends the n bytes whatever we answer, and so does a server
    // with any literal; a client that sent {n} waits for "+" and sends nothing more.
    const bool dataFollows = marker && (marker->nonSync || m_mode == TokenizerMode::Response);
    if (!dataFollows) {
        if (m_deferredError) return finishLine();
        clearLine();
        return std::nullopt;
    }
    if (m_literalTotal + marker->size > m_limits.maxLiteralSize) {
        Error e = makeError(TokenizerErrorKind::LiteralTooBig, "Literal too big", true, segment);
        m_state = State::Failed;
        m_buffer.clear();
        m_pos = m_scan = 0;
        clearLine();
        return Result(std::move(e));
    }
    m_literalTotal += marker->size;
    m_literalLeft = marker->size;
    m_state = State::Literal;
    return std::nullopt;
}

Tokenizer::Result Tokenizer::finishLine() {
    if (m_stack.size() > 1 && !m_deferredError) {
        std::string problem = m_stack.back().kind == Value::Kind::List ? "Missing ')'" : "Missing ']'";
        if (m_mode == TokenizerMode::Command) {
            Error e = makeError(TokenizerErrorKind::Syntax, std::move(problem), false, std::string_view());
            clearLine();
            return e;
        }
        m_deferredError = std::move(problem);
    }
    Line line;
    line.values = std::move(m_stack.front().children);
    line.text = std::move(m_text);
    line.syntaxError = std::move(m_deferredError);
    clearLine();
    return line;
}

Tokenizer::RawResult Tokenizer::nextRawLine() {
    for (;;) {
        if (m_state == State::Failed) return NeedMore{};
        if (!atLineStart() && m_skip != Skip::Raw) {
            Error e;
            e.kind = TokenizerErrorKind::NotAtLineStart;
            e.text = "Not at the start of a line";
            return e;
        }
        const std::size_t lf = m_buffer.find('\n', m_scan);
        if (lf == std::string::npos) {
            m_scan = m_buffer.size();
            if (m_skip == Skip::Raw) {
                m_pos = m_buffer.size();
            } else if (buffered() > m_limits.maxLineLength + 1) {
                m_skip = Skip::Raw;
                m_pos = m_scan = m_buffer.size();
                compact();
                Error e;
                e.kind = TokenizerErrorKind::LineTooLong;
                e.text = "Line too long";
                return e;
            }
            compact();
            return NeedMore{};
        }
        std::string_view text(m_buffer.data() + m_pos, lf - m_pos);
        m_pos = lf + 1;
        m_scan = m_pos;
        if (m_skip == Skip::Raw) {  // the end of the overlong line: read the next one
            clearLine();
            continue;
        }
        if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
        if (text.size() > m_limits.maxLineLength) {
            Error e;
            e.kind = TokenizerErrorKind::LineTooLong;
            e.text = "Line too long";
            return e;
        }
        return RawLine{std::string(text)};
    }
}

Tokenizer::Line tokenizeText(std::string_view text) {
    TokenizerLimits limits;
    limits.maxLineLength = text.size();
    Tokenizer t(TokenizerMode::Response, limits);
    t.feed(text.substr(0, text.find_first_of("\r\n")));
    t.feed("\r\n");
    Tokenizer::Result r = t.next();
    if (auto* line = std::get_if<Tokenizer::Line>(&r)) return std::move(*line);
    Tokenizer::Line failed;  // a literal marker at the end: nothing follows it here
    failed.text = std::string(text);
    failed.syntaxError = "Literal in text";
    return failed;
}

// [SECTION] Tokenizer: tokens

void Tokenizer::closeContainer() {
    Value done = std::move(m_stack.back());
    m_stack.pop_back();
    m_stack.back().children.push_back(std::move(done));
}

std::string Tokenizer::tokenize(std::string_view s, const std::optional<Marker>& marker) {
    const std::size_t end = marker ? marker->start : s.size();
    const std::size_t base = m_text.size() - s.size();  // where s starts in Line::text
    std::size_t i = 0;
    while (i < end) {
        const char c = s[i];
        const Value::Kind top = m_stack.back().kind;
        if (c == ' ') {
            m_needSeparator = false;
            ++i;
            continue;
        }
        if (c == ')') {
            if (m_stack.size() < 2 || top != Value::Kind::List) return "Unexpected ')'";
            closeContainer();
            m_needSeparator = true;
            ++i;
            continue;
        }
        if (c == ']' && top == Value::Kind::Section) {
            ++i;
            if (i < end && s[i] == '<') {
                const std::size_t close = s.find('>', i + 1);
                if (close == std::string_view::npos || close >= end) return "Missing '>'";
                m_stack.back().partial = std::string(s.substr(i + 1, close - i - 1));
                i = close + 1;
            }
            closeContainer();
            m_needSeparator = true;
            continue;
        }
        // RFC 3501 9 writes lists of lists without a space between them: "1*body SP
        // media-subtype" in a multipart BODYSTRUCTURE, "1*address" in an ENVELOPE. Servers
        // send "((...)(...) "MIXED")"; commands have no such production.
        const bool listAfterList = c == '(' && i > 0 && s[i - 1] == ')' && m_mode == TokenizerMode::Response;
        if (m_needSeparator && !listAfterList) return "Missing space between arguments";
        m_needSeparator = false;
        if (c == '(') {
            if (m_stack.size() > m_limits.maxDepth) return "Too deeply nested";
            Value list = Value::list({});
            list.offset = base + i;
            m_stack.push_back(std::move(list));
            ++i;
            continue;
        }
        if (c == '"') {
            Value q = Value::quoted({});
            q.offset = base + i;
            for (++i;; ++i) {
                if (i >= end) return "Missing closing '\"'";
                const char d = s[i];
                if (d == '"') break;
                if (d == '\\') {
                    if (i + 1 >= end || (s[i + 1] != '"' && s[i + 1] != '\\'))
                        return "Invalid escape in quoted string";
                    q.text += s[++i];
                } else if (d == '\0' || d == '\r' || d == '\n') {
                    return "Invalid character in quoted string";
                } else {
                    q.text += d;
                }
            }
            ++i;  // the closing quote
            m_stack.back().children.push_back(std::move(q));
            m_needSeparator = true;
            continue;
        }
        if (c == '{') return "Literal size must end the line";
        if (isCtl(c)) return "Control character in line";

        const std::size_t start = i;
        bool section = false;
        for (; i < end; ++i) {
            const char d = s[i];
            if (d == ' ' || d == '(' || d == ')' || d == '"' || d == '{' || isCtl(d)) break;
            if (d == ']' && top == Value::Kind::Section) break;
            if (d == '[' && isSectionPrefix(s.substr(start, i - start))) {
                section = true;
                break;
            }
        }
        if (section) {
            if (m_stack.size() > m_limits.maxDepth) return "Too deeply nested";
            Value v;
            v.kind = Value::Kind::Section;
            v.text = std::string(s.substr(start, i - start));
            v.offset = base + start;
            m_stack.push_back(std::move(v));
            ++i;  // the '['
            continue;
        }
        m_stack.back().children.push_back(atomValue(s.substr(start, i - start), base + start));
        m_needSeparator = true;
    }
    if (marker) {
        if (m_needSeparator) return "Missing space before literal";
        Value lit = Value::literal({}, marker->nonSync, marker->binary);
        lit.offset = base + marker->start;
        m_stack.back().children.push_back(std::move(lit));
        m_needSeparator = true;
    }
    return {};
}

}  // namespace mailscope::imap
