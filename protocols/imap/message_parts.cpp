// What IMAP FETCH and SEARCH read out of a message: IMAP strings, ENVELOPE, BODY and
// BODYSTRUCTURE, BODY[section] bytes (RFC 3501 6.4.5, 7.4.2) and SEARCH text (6.4.4).
//
// The MIME tree is found by an RFC 2045/2046 scan over the message's exact bytes, so every
// part is a view into Message::bytes(): the sizes and line counts BODYSTRUCTURE reports are
// those of the bytes BODY[n] returns. GMime decodes transfer encodings and charsets for
// SEARCH; GLib folds case.
#include "protocols/imap/message_parts.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <memory>
#include <mutex>

#include "protocols/core/catalogue.h"
#include "protocols/core/time.h"

namespace mailscope::imap {

namespace {

// [SECTION] Small helpers

constexpr int kMaxDepth = 64;  // deeper multiparts / attached messages are read as text

void initGMime() {
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

bool isWsp(char c) { return c == ' ' || c == '\t'; }

std::string_view trimWsp(std::string_view s) {
    while (!s.empty() && (isWsp(s.front()) || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
    while (!s.empty() && (isWsp(s.back()) || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
    return s;
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

/// Lines of a body: its CRLFs, plus one for a last line without CRLF unless that line's
/// break is the CRLF of the delimiter line after it (as production servers count).
std::size_t countLines(std::string_view s, bool endsAtDelimiter) {
    std::size_t lines = 0;
    for (auto pos = s.find("\r\n"); pos != std::string_view::npos; pos = s.find("\r\n", pos + 2)) ++lines;
    if (!s.empty() && !s.ends_with("\r\n") && !endsAtDelimiter) ++lines;
    return lines;
}

// [SECTION] Header fields (RFC 5322 2.2)

struct Field {
    std::string_view name;   // without the colon and trailing blanks; empty for a line without colon
    std::string_view raw;    // the whole field with its folds and final CRLF
    std::string_view value;  // after the colon, folds kept, without the final CRLF
};

/// The fields of a header section, in order, up to the blank line.
std::vector<Field> splitFields(std::string_view header) {
    std::vector<Field> fields;
    std::size_t pos = 0;
    while (pos < header.size()) {
        const auto crlf = header.find("\r\n", pos);
        const std::size_t end = crlf == std::string_view::npos ? header.size() : crlf + 2;
        const std::string_view line = header.substr(pos, end - pos);
        if (line == "\r\n") break;
        if (isWsp(line.front()) && !fields.empty()) {
            Field& last = fields.back();
            last.raw = std::string_view(last.raw.data(), last.raw.size() + line.size());
        } else {
            Field field;
            field.raw = line;
            const auto colon = line.find(':');
            if (colon != std::string_view::npos) {
                field.name = line.substr(0, colon);
                while (!field.name.empty() && isWsp(field.name.back())) field.name.remove_suffix(1);
            }
            fields.push_back(field);
        }
        pos = end;
    }
    for (Field& field : fields) {
        std::string_view value = field.raw;
        if (value.ends_with("\r\n")) value.remove_suffix(2);
        const auto colon = value.find(':');
        field.value = colon == std::string_view::npos ? std::string_view() : value.substr(colon + 1);
    }
    return fields;
}

/// A field value with its folds undone (CRLFs removed) and surrounding blanks trimmed.
std::string unfold(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (char c : trimWsp(value))
        if (c != '\r' && c != '\n') out += c;
    return out;
}

std::optional<std::string> firstValue(const std::vector<Field>& fields, std::string_view name) {
    for (const Field& field : fields)
        if (core::equalsIgnoreCase(field.name, name)) return unfold(field.value);
    return std::nullopt;
}

/// True if the text starts with a header field line ("Name:" with a printable name).
bool startsWithField(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && s[i] > ' ' && s[i] < 0x7F && s[i] != ':') ++i;
    if (i == 0) return false;
    while (i < s.size() && isWsp(s[i])) ++i;
    return i < s.size() && s[i] == ':';
}

/// True if a header section ends with the blank line (RFC 3501: the blank line is part of
/// every header fetch unless the message has none).
bool endsWithBlankLine(std::string_view header) { return header == "\r\n" || header.ends_with("\r\n\r\n"); }

// [SECTION] Structured field lexer (RFC 5322 3.2, RFC 2045 5.1)

/// What kind of lexical item a Token is.
enum class TokenKind {
    Atom,           ///< a run of non-special characters (raw)
    Quoted,         ///< a quoted-string; text is unquoted and unescaped
    Comment,        ///< a (possibly nested) comment; text is its unescaped content
    DomainLiteral,  ///< [ ... ], raw with its brackets
    Special,        ///< one special character
};

struct Token {
    TokenKind kind = TokenKind::Atom;
    std::string text;      // Atom/DomainLiteral: raw; Quoted/Comment: content; Special: the char
    std::string_view raw;  // exactly as written
    bool is(char special) const { return kind == TokenKind::Special && text.size() == 1 && text[0] == special; }
};

constexpr std::string_view kMimeSpecials = "()<>@,;:\\\"/[]?=";
constexpr std::string_view kAddressSpecials = "()<>[]:;@,\"";

/// Splits a field value into tokens. With domainLiterals, "[...]" is one token; otherwise
/// brackets are specials. Unterminated quotes and comments run to the end.
std::vector<Token> tokenize(std::string_view s, std::string_view specials, bool domainLiterals) {
    std::vector<Token> tokens;
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        const std::size_t start = i;
        Token token;
        if (isWsp(c) || c == '\r' || c == '\n') {
            ++i;
            continue;
        } else if (c == '"') {
            token.kind = TokenKind::Quoted;
            for (++i; i < s.size() && s[i] != '"'; ++i) {
                if (s[i] == '\\' && i + 1 < s.size()) ++i;
                if (s[i] != '\r' && s[i] != '\n') token.text += s[i];
            }
            if (i < s.size()) ++i;
        } else if (c == '(') {
            token.kind = TokenKind::Comment;
            int depth = 1;
            for (++i; i < s.size() && depth > 0; ++i) {
                if (s[i] == '\\' && i + 1 < s.size()) {
                    token.text += s[++i];
                    continue;
                }
                if (s[i] == '(') ++depth;
                if (s[i] == ')' && --depth == 0) continue;
                if (s[i] != '\r' && s[i] != '\n') token.text += s[i];
            }
        } else if (c == '[' && domainLiterals) {
            token.kind = TokenKind::DomainLiteral;
            const auto close = s.find(']', i);
            i = close == std::string_view::npos ? s.size() : close + 1;
            token.text = s.substr(start, i - start);
        } else if (specials.find(c) != std::string_view::npos) {
            token.kind = TokenKind::Special;
            token.text = std::string(1, c);
            ++i;
        } else {
            while (i < s.size() && !isWsp(s[i]) && s[i] != '\r' && s[i] != '\n' && s[i] != '"' && s[i] != '(' &&
                   !(s[i] == '[' && domainLiterals) && specials.find(s[i]) == std::string_view::npos)
                ++i;
            token.text = s.substr(start, i - start);
        }
        token.raw = s.substr(start, i - start);
        tokens.push_back(std::move(token));
    }
    return tokens;
}

// [SECTION] Addresses and ENVELOPE (RFC 3501 7.4.2, RFC 5322 3.4)

/// One address structure; a group start has no host and the group name as mailbox, a
/// group end has neither.
struct Address {
    std::optional<std::string> name;
    std::optional<std::string> adl;
    std::optional<std::string> mailbox;
    std::optional<std::string> host;
};

class AddressParser {
public:
    explicit AddressParser(std::string_view value) : m_tokens(tokenize(value, kAddressSpecials, true)) {}

    std::vector<Address> parse() {
        while (!atEnd()) {
            if (peekSpecial(',') || peekSpecial(';') || peekSpecial('>')) {
                ++m_pos;
                continue;
            }
            parseAddress(true);
        }
        return std::move(m_out);
    }

private:
    bool atEnd() const { return m_pos >= m_tokens.size(); }
    bool peekSpecial(char c) const { return !atEnd() && m_tokens[m_pos].is(c); }

    /// Words of a phrase (or a local part) up to the next special; comments are skipped but
    /// the last one is remembered (an old-style "user@host (Real Name)").
    std::vector<const Token*> words(std::optional<std::string>& comment) {
        std::vector<const Token*> out;
        while (!atEnd() && m_tokens[m_pos].kind != TokenKind::Special) {
            const Token& token = m_tokens[m_pos++];
            if (token.kind == TokenKind::Comment)
                comment = token.text;
            else
                out.push_back(&token);
        }
        return out;
    }

    static std::optional<std::string> phrase(const std::vector<const Token*>& words) {
        if (words.empty()) return std::nullopt;
        std::string out;
        for (const Token* word : words) {
            if (!out.empty()) out += ' ';
            out += word->text;
        }
        return out;
    }

    static std::string rawJoin(const std::vector<const Token*>& words) {
        std::string out;
        for (const Token* word : words) out += word->raw;
        return out;
    }

    /// The local part as the mailbox field gives it: quoted strings unquoted
    /// ("\"john doe\"@x" is mailbox john doe), atoms as written.
    static std::string localPart(const std::vector<const Token*>& words) {
        std::string out;
        for (const Token* word : words) out += word->kind == TokenKind::Quoted ? word->text : word->raw;
        return out;
    }

    /// What production servers put in the host field of an address without a domain, and in
    /// the mailbox field of one without a local part ("<>", "@example.com"): RFC 3501 leaves
    /// a NIL host to group syntax, and an empty string says less than these.
    static constexpr std::string_view kMissingDomain = "MISSING_DOMAIN";
    static std::string hostOrMissing(std::string host) {
        return host.empty() ? std::string(kMissingDomain) : std::move(host);
    }
    static constexpr std::string_view kMissingMailbox = "MISSING_MAILBOX";
    static std::string mailboxOrMissing(std::string mailbox) {
        return mailbox.empty() ? std::string(kMissingMailbox) : std::move(mailbox);
    }

    /// Domain tokens up to a special; comments give the name.
    std::string domain(std::optional<std::string>& comment) { return rawJoin(words(comment)); }

    void parseAddress(bool groupAllowed) {
        std::optional<std::string> comment;
        const auto lead = words(comment);
        if (peekSpecial(':') && groupAllowed) {
            ++m_pos;
            m_out.push_back({std::nullopt, std::nullopt, phrase(lead).value_or(""), std::nullopt});
            while (!atEnd() && !peekSpecial(';')) {
                if (peekSpecial(',') || peekSpecial(':') || peekSpecial('>')) {
                    ++m_pos;
                    continue;
                }
                parseAddress(false);
            }
            if (peekSpecial(';')) ++m_pos;
            m_out.push_back({});
        } else if (peekSpecial('<')) {
            ++m_pos;
            parseAngleAddress(phrase(lead));
        } else if (peekSpecial('@')) {
            ++m_pos;
            std::string local = localPart(lead);
            std::string host = domain(comment);
            m_out.push_back({comment, std::nullopt, mailboxOrMissing(std::move(local)), hostOrMissing(std::move(host))});
        } else if (!lead.empty()) {
            // A bare local part ("root"): RFC 5322 needs a domain.
            m_out.push_back({comment, std::nullopt, localPart(lead), std::string(kMissingDomain)});
        } else if (!atEnd() && !peekSpecial(',') && !peekSpecial(';')) {
            ++m_pos;  // a stray special
        }
    }

    /// After "<": [route ":"] local "@" domain ">".
    void parseAngleAddress(std::optional<std::string> name) {
        std::optional<std::string> comment;
        std::optional<std::string> adl;
        if (peekSpecial('@')) {
            std::string route;
            while (peekSpecial('@') || peekSpecial(',')) {
                if (peekSpecial(',')) {
                    ++m_pos;
                    route += ',';
                    continue;
                }
                ++m_pos;
                route += '@' + domain(comment);
            }
            if (peekSpecial(':')) ++m_pos;
            adl = route;
        }
        const auto local = words(comment);
        std::string host;
        if (peekSpecial('@')) {
            ++m_pos;
            host = domain(comment);
        }
        if (peekSpecial('>')) ++m_pos;
        m_out.push_back({std::move(name), std::move(adl), mailboxOrMissing(localPart(local)), hostOrMissing(std::move(host))});
    }

    std::vector<Token> m_tokens;
    std::size_t m_pos = 0;
    std::vector<Address> m_out;
};

std::string addressList(const std::vector<Address>& addresses) {
    if (addresses.empty()) return "NIL";
    std::string out = "(";
    for (const Address& a : addresses) {
        out += '(';
        out += imapNString(a.name) + ' ' + imapNString(a.adl) + ' ' + imapNString(a.mailbox) + ' ' +
               imapNString(a.host);
        out += ')';
    }
    out += ')';
    return out;
}

std::string envelopeOf(std::string_view header) {
    const auto fields = splitFields(header);
    // Every field of the name counts: two Cc: lines give one list (RFC 5322 3.6 allows one,
    // but production servers merge them rather than drop addresses).
    const auto addresses = [&](std::string_view name) {
        std::vector<Address> out;
        for (const Field& field : fields) {
            if (!core::equalsIgnoreCase(field.name, name)) continue;
            auto more = AddressParser(unfold(field.value)).parse();
            out.insert(out.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
        }
        return out;
    };
    // The other fields as one line: folds undone and TABs as spaces, as production servers send them.
    const auto text = [&](std::string_view name) {
        auto value = firstValue(fields, name);
        if (value) std::replace(value->begin(), value->end(), '\t', ' ');
        return value;
    };
    const auto from = addresses("From");
    auto sender = addresses("Sender");
    if (sender.empty()) sender = from;
    auto replyTo = addresses("Reply-To");
    if (replyTo.empty()) replyTo = from;

    std::string out = "(";
    out += imapNString(text("Date")) + ' ';
    out += imapNString(text("Subject")) + ' ';
    out += addressList(from) + ' ' + addressList(sender) + ' ' + addressList(replyTo) + ' ';
    out += addressList(addresses("To")) + ' ' + addressList(addresses("Cc")) + ' ' + addressList(addresses("Bcc")) + ' ';
    out += imapNString(text("In-Reply-To")) + ' ';
    out += imapNString(text("Message-ID"));
    out += ')';
    return out;
}

// [SECTION] MIME structure (RFC 2045 5, RFC 2046 5.1)

using Params = std::vector<std::pair<std::string, std::string>>;  // NAME (upper case), value

/// A value with parameters: "text/plain; charset=utf-8" or "attachment; filename=a.txt".
struct Parameterized {
    std::string value;  // what comes before the first ";", blanks and comments removed
    Params params;
};

/// RFC 2231 3-4: parameter continuations NAME*0, NAME*1, ... (each possibly extended,
/// NAME*n*) are merged into one parameter, after the others. When any segment is extended
/// the result is the extended NAME* (charset'language'%-encoded text, the plain segments
/// %-encoded where needed); otherwise plain NAME with the segments joined. Segments must
/// be numbered from 0 without gaps; what follows a gap is dropped.
Params mergeContinuations(Params params) {
    struct Segment {
        unsigned number;
        bool extended;
        std::string value;
    };
    std::vector<std::pair<std::string, std::vector<Segment>>> groups;
    Params out;
    for (auto& [name, value] : params) {
        const auto star = name.find('*');
        bool numbered = star != std::string::npos && star + 1 < name.size();
        std::size_t end = star + 1;
        unsigned number = 0;
        if (numbered) {
            while (end < name.size() && name[end] >= '0' && name[end] <= '9' && end - star <= 4)
                number = number * 10 + static_cast<unsigned>(name[end++] - '0');
            numbered = end > star + 1 && (end == name.size() || (name[end] == '*' && end + 1 == name.size())) &&
                       !(name[star + 1] == '0' && end > star + 2);
        }
        if (!numbered) {
            out.emplace_back(std::move(name), std::move(value));
            continue;
        }
        const std::string base = name.substr(0, star);
        auto group = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == base; });
        if (group == groups.end()) group = groups.insert(groups.end(), {base, {}});
        group->second.push_back({number, end < name.size(), std::move(value)});
    }
    constexpr std::string_view kHex = "0123456789ABCDEF";
    for (auto& [base, segments] : groups) {
        std::stable_sort(segments.begin(), segments.end(),
                         [](const Segment& a, const Segment& b) { return a.number < b.number; });
        const bool extended = std::any_of(segments.begin(), segments.end(), [](const Segment& s) { return s.extended; });
        std::string value;
        if (extended && !segments.front().extended) value = "''";  // no charset, no language
        for (std::size_t i = 0; i < segments.size() && segments[i].number == i; ++i) {
            if (!extended || segments[i].extended) {
                value += segments[i].value;
                continue;
            }
            for (unsigned char c : segments[i].value) {  // RFC 2231 7 attribute-char, else %XX
                if (c > ' ' && c < 0x7F && std::string_view("*'%()<>@,;:\\\"/[]?=").find(static_cast<char>(c)) == std::string_view::npos) {
                    value += static_cast<char>(c);
                } else {
                    value += '%';
                    value += kHex[c >> 4];
                    value += kHex[c & 0xF];
                }
            }
        }
        out.emplace_back(extended ? base + '*' : base, std::move(value));
    }
    return out;
}

Parameterized parseParameterized(std::string_view text) {
    const auto tokens = tokenize(text, kMimeSpecials, false);
    Parameterized out;
    std::size_t i = 0;
    for (; i < tokens.size() && !tokens[i].is(';'); ++i)
        if (tokens[i].kind != TokenKind::Comment) out.value += tokens[i].text;
    while (i < tokens.size()) {
        ++i;  // the ';'
        std::string name;
        for (; i < tokens.size() && !tokens[i].is(';') && !tokens[i].is('='); ++i)
            if (tokens[i].kind != TokenKind::Comment) name += tokens[i].text;
        if (i >= tokens.size() || !tokens[i].is('=')) continue;
        std::string value;
        for (++i; i < tokens.size() && !tokens[i].is(';'); ++i)
            if (tokens[i].kind != TokenKind::Comment) value += tokens[i].text;
        if (!name.empty()) out.params.emplace_back(upper(name), std::move(value));
    }
    out.params = mergeContinuations(std::move(out.params));
    return out;
}

std::optional<std::string> param(const Params& params, std::string_view name) {
    for (const auto& [key, value] : params)
        if (key == name) return value;
    return std::nullopt;
}

/// The MIME fields of one entity, parsed (RFC 2045 5, RFC 2183, RFC 3066, RFC 2557).
struct MimeInfo {
    std::string type = "TEXT";    // upper case
    std::string subtype = "PLAIN";
    Params params{{"CHARSET", "US-ASCII"}};
    std::optional<std::string> id, description, md5, location;
    std::string encoding = "7BIT";
    std::optional<Parameterized> disposition;  // value upper case
    std::vector<std::string> languages;

    bool isMultipart() const { return type == "MULTIPART"; }
    bool isMessage() const { return type == "MESSAGE" && subtype == "RFC822"; }
};

MimeInfo parseMime(std::string_view header, bool digestChild) {
    const auto fields = splitFields(header);
    MimeInfo info;
    if (digestChild) {  // RFC 2046 5.1.5: in a digest, parts are messages by default
        info.type = "MESSAGE";
        info.subtype = "RFC822";
        info.params.clear();
    }
    if (const auto contentType = firstValue(fields, "Content-Type")) {
        auto parsed = parseParameterized(*contentType);
        const auto slash = parsed.value.find('/');
        if (slash != std::string::npos && slash > 0 && slash + 1 < parsed.value.size() &&
            parsed.value.find('/', slash + 1) == std::string::npos) {
            info.type = upper(parsed.value.substr(0, slash));
            info.subtype = upper(parsed.value.substr(slash + 1));
            info.params = std::move(parsed.params);
            // RFC 2045 5.2 / RFC 2046 4.1.2: a text type without charset is us-ascii; say so
            // after the parameters given, as production servers do.
            if (info.type == "TEXT" && !param(info.params, "CHARSET")) info.params.emplace_back("CHARSET", "US-ASCII");
        }
    }
    if (const auto encoding = firstValue(fields, "Content-Transfer-Encoding"); encoding && !encoding->empty())
        info.encoding = upper(parseParameterized(*encoding).value);
    info.id = firstValue(fields, "Content-ID");
    info.description = firstValue(fields, "Content-Description");
    info.md5 = firstValue(fields, "Content-MD5");
    info.location = firstValue(fields, "Content-Location");
    if (const auto disposition = firstValue(fields, "Content-Disposition")) {
        auto parsed = parseParameterized(*disposition);
        if (!parsed.value.empty()) {
            parsed.value = upper(parsed.value);
            info.disposition = std::move(parsed);
        }
    }
    if (const auto language = firstValue(fields, "Content-Language")) {
        for (const Token& token : tokenize(*language, kMimeSpecials, false))
            if (token.kind == TokenKind::Atom) info.languages.push_back(token.text);
    }
    return info;
}

/// One MIME entity: the whole message, a body part, or an attached message. Views point
/// into Message::bytes().
struct Entity {
    std::string_view header;  // including the blank line
    std::string_view body;
    MimeInfo mime;
    std::vector<Entity> parts;         // multipart: at least one
    std::unique_ptr<Entity> message;  // message/rfc822: the attached message
    bool endsAtDelimiter = false;     // the body was ended by a delimiter line of an enclosing multipart
};

// How the MIME tree is found (RFC 2046 5.1.1, as production servers read it):
// - The lines are read once, top to bottom, with the boundaries of every enclosing multipart
//   on a stack. A delimiter line belongs to the innermost multipart whose boundary it
//   matches, so a nested multipart that reuses its parent's boundary (Outlook Express for
//   Mac does this) takes the lines up to its own close delimiter, and the parent goes on
//   after it: no later part of the parent is lost.
// - The CRLF before a delimiter line belongs to the delimiter, not to the part before it.
// - A delimiter line of an enclosing multipart ends every part nested inside it, even when
//   their own close delimiters are missing.
// - A multipart without a boundary parameter (or nested deeper than kMaxDepth) cannot be
//   split: RFC 2045 5.2 says to read an unusable Content-Type as text/plain; charset=us-ascii.
// - A multipart whose body has no delimiter line at all keeps its body as the preamble and
//   is reported with one empty text/plain part, since BODYSTRUCTURE needs 1*body (RFC 3501 9).
// - A multipart cut off before its close delimiter (a truncated message) ends where its text
//   ends (or at an enclosing delimiter); its last part runs to there (RFC 2046 5.1.1 asks
//   receivers to handle a missing close delimiter gracefully).

/// A delimiter line: which enclosing boundary it matches (index into the stack) and
/// whether it is the close delimiter "--boundary--".
struct Delimiter {
    std::size_t level = 0;
    bool close = false;
};

using BoundaryStack = std::vector<std::string>;

std::optional<Delimiter> delimiterOf(std::string_view line, const BoundaryStack& stack) {
    if (!line.starts_with("--")) return std::nullopt;
    line.remove_prefix(2);
    for (std::size_t i = stack.size(); i-- > 0;) {  // innermost first
        if (!line.starts_with(stack[i])) continue;
        std::string_view rest = line.substr(stack[i].size());
        const bool close = rest.starts_with("--");
        if (close) rest.remove_prefix(2);
        if (trimWsp(rest).empty()) return Delimiter{i, close};  // transport padding allowed
    }
    return std::nullopt;
}

/// Where reading stopped: at the start of a delimiter line, or at the end of the text.
struct Stop {
    std::size_t lineStart = 0;  // the delimiter line's first byte, or the text's size
    std::size_t next = 0;       // the byte after the delimiter line
    std::optional<Delimiter> delimiter;
};

/// The first line at or after pos (a line start) that is a delimiter of a boundary on the stack.
Stop findDelimiter(std::string_view text, std::size_t pos, const BoundaryStack& stack) {
    while (pos < text.size() && !stack.empty()) {
        const auto crlf = text.find("\r\n", pos);
        const std::size_t lineEnd = crlf == std::string_view::npos ? text.size() : crlf;
        const std::size_t next = crlf == std::string_view::npos ? text.size() : crlf + 2;
        if (auto d = delimiterOf(text.substr(pos, lineEnd - pos), stack)) return {pos, next, d};
        pos = next;
    }
    return {text.size(), text.size(), std::nullopt};
}

/// The end of a body that starts at `start` and is followed by the line at `stop`: the
/// CRLF before a delimiter line is the delimiter's.
std::size_t bodyEnd(std::string_view text, std::size_t start, const Stop& stop) {
    if (!stop.delimiter) return stop.lineStart;
    return stop.lineStart >= start + 2 && text.substr(stop.lineStart - 2, 2) == "\r\n" ? stop.lineStart - 2 : start;
}

void parseBody(Entity& entity, std::string_view text, std::size_t bodyStart, BoundaryStack& stack, int depth,
               Stop& stop);

/// The entity whose header starts at `start` (a line start inside a multipart); sets `stop`
/// to the delimiter line (or end of text) that ends it.
Entity parsePart(std::string_view text, std::size_t start, BoundaryStack& stack, bool digestChild, int depth,
                 Stop& stop) {
    const std::string_view rest = text.substr(start);
    std::size_t headerEnd = start;
    if (rest.starts_with("\r\n")) {
        headerEnd = start + 2;
    } else if (startsWithField(rest)) {
        // Header lines up to the blank line; a delimiter line first means a part that is all header.
        std::size_t pos = start;
        headerEnd = text.size();
        while (pos < text.size()) {
            const auto crlf = text.find("\r\n", pos);
            const std::size_t lineEnd = crlf == std::string_view::npos ? text.size() : crlf;
            const std::size_t next = crlf == std::string_view::npos ? text.size() : crlf + 2;
            if (auto d = delimiterOf(text.substr(pos, lineEnd - pos), stack)) {
                stop = {pos, next, d};
                const std::size_t end = bodyEnd(text, start, stop);
                Entity entity{text.substr(start, end - start), text.substr(end, 0),
                              parseMime(text.substr(start, end - start), digestChild), {}, {}, true};
                if (entity.mime.isMultipart())  // no body: one empty part (see above)
                    entity.parts.push_back(Entity{entity.body, entity.body, MimeInfo(), {}, {}, true});
                else if (entity.mime.isMessage())
                    entity.mime = MimeInfo();
                return entity;
            }
            if (lineEnd == pos) {  // the blank line
                headerEnd = next;
                break;
            }
            pos = next;
        }
    }
    const std::string_view header = text.substr(start, headerEnd - start);
    Entity entity{header, {}, parseMime(header, digestChild), {}, {}};
    parseBody(entity, text, headerEnd, stack, depth, stop);
    if (stop.delimiter && stop.lineStart == headerEnd && entity.header.ends_with("\r\n"))
        entity.header.remove_suffix(2);  // the blank line's CRLF is the delimiter's
    return entity;
}

/// Reads the body of `entity` from bodyStart: its parts, its attached message, or its text.
void parseBody(Entity& entity, std::string_view text, std::size_t bodyStart, BoundaryStack& stack, int depth,
               Stop& stop) {
    MimeInfo& mime = entity.mime;
    const bool tooDeep = depth >= kMaxDepth;
    if (mime.isMultipart()) {
        const auto boundary = param(mime.params, "BOUNDARY");
        if (!boundary || boundary->empty() || tooDeep) mime = MimeInfo();  // RFC 2045 5.2
    } else if (mime.isMessage() && tooDeep) {
        mime = MimeInfo();
    }
    if (mime.isMultipart()) {
        const bool digest = mime.subtype == "DIGEST";
        stack.push_back(*param(mime.params, "BOUNDARY"));
        const std::size_t level = stack.size() - 1;
        stop = findDelimiter(text, bodyStart, stack);  // the preamble
        while (stop.delimiter && stop.delimiter->level == level) {
            if (stop.delimiter->close) {  // the epilogue runs to an enclosing delimiter
                stack.pop_back();
                stop = findDelimiter(text, stop.next, stack);
                break;
            }
            entity.parts.push_back(parsePart(text, stop.next, stack, digest, depth + 1, stop));
        }
        if (stack.size() > level) stack.resize(level);
        const std::size_t end = bodyEnd(text, bodyStart, stop);
        entity.body = text.substr(bodyStart, end - bodyStart);
        entity.endsAtDelimiter = stop.delimiter.has_value();
        if (entity.parts.empty())
            entity.parts.push_back(Entity{text.substr(end, 0), text.substr(end, 0), MimeInfo(), {}, {}, true});
        return;
    }
    if (mime.isMessage()) {
        entity.message = std::make_unique<Entity>(parsePart(text, bodyStart, stack, false, depth + 1, stop));
    } else {
        stop = findDelimiter(text, bodyStart, stack);
    }
    const std::size_t end = bodyEnd(text, bodyStart, stop);
    entity.body = text.substr(bodyStart, end - bodyStart);
    entity.endsAtDelimiter = stop.delimiter.has_value();
}

Entity parseMessage(const mail::Message& message) {
    const std::string_view text = message.bytes();
    Entity root{message.header(), {}, parseMime(message.header(), false), {}, {}};
    BoundaryStack stack;
    Stop stop;
    parseBody(root, text, message.header().size(), stack, 0, stop);
    return root;
}

// [SECTION] BODY and BODYSTRUCTURE (RFC 3501 7.4.2)

std::string paramList(const Params& params) {
    if (params.empty()) return "NIL";
    std::string out = "(";
    for (const auto& [name, value] : params) {
        if (out.size() > 1) out += ' ';
        out += imapString(name) + ' ' + imapString(value);
    }
    return out + ')';
}

/// body-fld-dsp SP body-fld-lang SP body-fld-loc
std::string dispositionLanguageLocation(const MimeInfo& mime) {
    std::string out = mime.disposition
                          ? '(' + imapString(mime.disposition->value) + ' ' + paramList(mime.disposition->params) + ')'
                          : std::string("NIL");
    out += ' ';
    if (mime.languages.empty()) {
        out += "NIL";
    } else if (mime.languages.size() == 1) {
        out += imapString(mime.languages.front());
    } else {
        out += '(';
        for (std::size_t i = 0; i < mime.languages.size(); ++i) out += (i ? " " : "") + imapString(mime.languages[i]);
        out += ')';
    }
    return out + ' ' + imapNString(mime.location);
}

void writeBody(std::string& out, const Entity& entity, bool extensible) {
    const MimeInfo& mime = entity.mime;
    out += '(';
    if (mime.isMultipart()) {
        for (const Entity& part : entity.parts) writeBody(out, part, extensible);
        out += ' ' + imapString(mime.subtype);
        if (extensible) out += ' ' + paramList(mime.params) + ' ' + dispositionLanguageLocation(mime);
    } else {
        out += imapString(mime.type) + ' ' + imapString(mime.subtype) + ' ' + paramList(mime.params) + ' ' +
               imapNString(mime.id) + ' ' + imapNString(mime.description) + ' ' + imapString(mime.encoding) + ' ' +
               std::to_string(entity.body.size());
        if (entity.message) {
            out += ' ' + envelopeOf(entity.message->header) + ' ';
            writeBody(out, *entity.message, extensible);
            out += ' ' + std::to_string(countLines(entity.body, entity.endsAtDelimiter));
        } else if (mime.type == "TEXT") {
            out += ' ' + std::to_string(countLines(entity.body, entity.endsAtDelimiter));
        }
        if (extensible) out += ' ' + imapNString(mime.md5) + ' ' + dispositionLanguageLocation(mime);
    }
    out += ')';
}

// [SECTION] Body sections (RFC 3501 6.4.5)

/// The entity a part path names: each number picks a body part of the current multipart;
/// a message/rfc822 part is entered first; anything that is not a multipart has only part 1,
/// itself (a non-multipart message's body, or leniently BODY[2.1] for a leaf part 2, as
/// clients rely on). nullptr if there is no such part.
const Entity* findPart(const Entity& root, const std::vector<std::uint32_t>& path) {
    const Entity* current = &root;
    bool isMessage = true;  // current is the root or an attached message, not yet a part
    for (std::uint32_t number : path) {
        if (!isMessage && current->message) {
            current = current->message.get();
            isMessage = true;
        }
        if (!current->parts.empty()) {
            if (number == 0 || number > current->parts.size()) return nullptr;
            current = &current->parts[number - 1];
        } else if (number != 1) {
            return nullptr;
        }  // else a part that is not a multipart: its part 1 is itself, leniently (BODY[2.1] is part 2)
        isMessage = false;
    }
    return current;
}

std::string headerFields(std::string_view header, const std::vector<std::string>& names, bool wanted) {
    std::string out;
    for (const Field& field : splitFields(header)) {
        const bool listed = std::any_of(names.begin(), names.end(), [&](const std::string& name) {
            return !field.name.empty() && core::equalsIgnoreCase(field.name, name);
        });
        if (listed == wanted) out += field.raw;
    }
    if (endsWithBlankLine(header)) out += "\r\n";
    return out;
}

// [SECTION] SEARCH text (RFC 3501 6.4.4)

/// Case folding for SEARCH: valid UTF-8 (bad bytes become U+FFFD), NUL as blank,
/// Unicode case-folded and NFKC-normalized.
std::string fold(std::string_view text) {
    std::string clean(text);
    std::replace(clean.begin(), clean.end(), '\0', ' ');
    gchar* valid = g_utf8_make_valid(clean.data(), static_cast<gssize>(clean.size()));
    gchar* folded = g_utf8_casefold(valid, -1);
    gchar* normalized = g_utf8_normalize(folded, -1, G_NORMALIZE_ALL_COMPOSE);
    std::string out = normalized ? normalized : folded;
    g_free(normalized);
    g_free(folded);
    g_free(valid);
    return out;
}

bool foldedContains(std::string_view text, const std::string& foldedNeedle) {
    return foldedNeedle.empty() || fold(text).find(foldedNeedle) != std::string::npos;
}

/// A text body part's content: transfer encoding undone (GMime), converted to UTF-8 from
/// its charset where iconv knows it; the bytes as they are otherwise.
std::string decodedText(const Entity& entity) {
    initGMime();
    // An unknown encoding is searched as it is.
    std::string bytes = mail::decodeTransferEncoding(entity.body, entity.mime.encoding).value_or(std::string(entity.body));
    const std::string charset = param(entity.mime.params, "CHARSET").value_or("us-ascii");
    if (core::equalsIgnoreCase(charset, "us-ascii") || core::equalsIgnoreCase(charset, "utf-8") ||
        core::equalsIgnoreCase(charset, "utf8"))
        return bytes;
    iconv_t converter = g_mime_iconv_open("UTF-8", charset.c_str());
    if (converter == reinterpret_cast<iconv_t>(-1)) return bytes;
    char* converted = g_mime_iconv_strndup(converter, bytes.data(), bytes.size());
    g_mime_iconv_close(converter);
    if (converted) {
        bytes = converted;
        g_free(converted);
    }
    return bytes;
}

bool fieldsContain(std::string_view header, const std::string& foldedNeedle) {
    for (const Field& field : splitFields(header)) {
        // A header line without a colon (a message whose body was never separated by a blank
        // line) is text of the message too, searched as it is.
        const std::string line = field.name.empty() ? unfold(field.raw)
                                                    : std::string(field.name) + ": " + mail::decodeHeaderText(unfold(field.value));
        if (foldedContains(line, foldedNeedle)) return true;
    }
    return false;
}

/// Whether the text of an entity's body holds the needle: its text parts decoded, and the
/// leaf message/* parts that are not message/rfc822 (message/delivery-status of a bounce,
/// message/global, message/partial), which are lines of text too. With mimeHeaders (SEARCH
/// TEXT) the MIME header of every body part counts as well: RFC 3501 6.4.4 says TEXT looks
/// at the header and the body of the message, and the part headers are body; SEARCH BODY
/// keeps to the parts' content, as production servers search it.
bool entityTextContains(const Entity& entity, const std::string& foldedNeedle, bool mimeHeaders) {
    if (!entity.parts.empty())
        return std::any_of(entity.parts.begin(), entity.parts.end(), [&](const Entity& part) {
            return (mimeHeaders && fieldsContain(part.header, foldedNeedle)) ||
                   entityTextContains(part, foldedNeedle, mimeHeaders);
        });
    if (entity.message)
        return fieldsContain(entity.message->header, foldedNeedle) ||
               entityTextContains(*entity.message, foldedNeedle, mimeHeaders);
    return (entity.mime.type == "TEXT" || entity.mime.type == "MESSAGE") &&
           foldedContains(decodedText(entity), foldedNeedle);
}

// [SECTION] BINARY of a whole entity (RFC 3516 4.2)

/// Whether BINARY undoes an encoding that changes the bytes (7bit, 8bit and binary do not).
bool decodesToBinary(const std::string& encoding) { return encoding == "BASE64" || encoding == "QUOTED-PRINTABLE"; }

/// The header of an entity whose body BINARY decoded: its Content-Transfer-Encoding fields
/// dropped and "Content-Transfer-Encoding: binary" added after the others, so that the
/// entity says what it now holds (a header still saying base64 above decoded bytes would
/// have a MIME reader decode them again). Production servers rewrite it the same way.
std::string binaryHeader(std::string_view header, const std::string& encoding) {
    if (!decodesToBinary(encoding)) return std::string(header);
    std::string out;
    for (const Field& field : splitFields(header))
        if (!core::equalsIgnoreCase(field.name, "Content-Transfer-Encoding")) out += field.raw;
    if (!out.empty() && !out.ends_with("\r\n")) out += "\r\n";  // a last field cut off without its CRLF
    out += "Content-Transfer-Encoding: binary\r\n";
    if (endsWithBlankLine(header) || header.empty()) out += "\r\n";
    return out;
}

void appendBinaryEntity(std::string& out, const Entity& entity);

/// The body of a multipart or message/rfc822 entity with every part inside it decoded, the
/// bytes between them (preamble, delimiter lines, epilogue) as they are. A part whose
/// encoding the server does not know stays as it is.
void appendBinaryBody(std::string& out, const Entity& entity) {
    const char* cursor = entity.body.data();
    const char* const end = entity.body.data() + entity.body.size();
    const auto child = [&](const Entity& inner) {
        const char* start = inner.header.data();
        const char* stop = inner.body.data() + inner.body.size();
        if (start < cursor || stop > end || start > stop) return;  // not inside (an empty stand-in part)
        out.append(cursor, start);
        appendBinaryEntity(out, inner);
        cursor = stop;
    };
    if (entity.message) child(*entity.message);
    for (const Entity& part : entity.parts) child(part);
    out.append(cursor, end);
}

/// One entity, header and body, with its content decoded. The bytes between the header and
/// the body (a blank line's CRLF that belongs to the delimiter after an empty body) stay.
void appendBinaryEntity(std::string& out, const Entity& entity) {
    const char* headerEnd = entity.header.data() + entity.header.size();
    const std::string_view between =
        entity.body.data() >= headerEnd ? std::string_view(headerEnd, entity.body.data() - headerEnd) : std::string_view();
    if (!entity.parts.empty() || entity.message) {
        out += entity.header;
        out += between;
        appendBinaryBody(out, entity);
        return;
    }
    const auto decoded = decodesToBinary(entity.mime.encoding)
                             ? mail::decodeTransferEncoding(entity.body, entity.mime.encoding)
                             : std::nullopt;
    out += decoded ? binaryHeader(entity.header, entity.mime.encoding) : std::string(entity.header);
    out += between;
    out += decoded ? std::string_view(*decoded) : entity.body;
}

std::int64_t dayOf(core::Time time, int zoneMinutes) {
    const core::CivilTime civil = core::civilFromTime(time, zoneMinutes);
    return core::daysFromCivil(civil.year, civil.month, civil.day);
}

}  // namespace

// [SECTION] Public functions

std::string imapString(std::string_view s) {
    const bool quotable = std::none_of(s.begin(), s.end(), [](char c) {
        return c == '\0' || c == '\r' || c == '\n' || static_cast<unsigned char>(c) >= 0x80;
    });
    if (!quotable) return '{' + std::to_string(s.size()) + "}\r\n" + std::string(s);
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + '"';
}

std::string imapNString(std::optional<std::string_view> s) { return s ? imapString(*s) : std::string("NIL"); }

std::string envelope(const mail::Message& message) { return envelopeOf(message.header()); }

std::string bodyStructure(const mail::Message& message, bool extensible) {
    std::string out;
    writeBody(out, parseMessage(message), extensible);
    return out;
}

std::string sectionBytes(const mail::Message& message, const SectionSpec& section) {
    using Kind = SectionSpec::Kind;
    const Entity root = parseMessage(message);
    const Entity* target = &root;  // the message whose HEADER/TEXT is meant
    if (!section.part.empty()) {
        const Entity* part = findPart(root, section.part);
        if (!part) return {};
        if (section.kind == Kind::Full) return std::string(part->body);
        if (section.kind == Kind::Mime) return std::string(part->header);
        if (!part->message) return {};  // HEADER/TEXT need a message/rfc822 part
        target = part->message.get();
    }
    switch (section.kind) {
    case Kind::Full: return message.bytes();
    case Kind::Header: return std::string(target->header);
    case Kind::HeaderFields: return headerFields(target->header, section.fields, true);
    case Kind::HeaderFieldsNot: return headerFields(target->header, section.fields, false);
    case Kind::Text: return std::string(target->body);
    case Kind::Mime: return {};  // MIME needs a part number
    }
    return {};
}

std::optional<std::string> binarySectionBytes(const mail::Message& message, const std::vector<std::uint32_t>& part) {
    const Entity root = parseMessage(message);
    const Entity* entity = part.empty() ? &root : findPart(root, part);
    if (!entity) return std::string();
    // RFC 2045 6.4: a multipart or message/rfc822 entity has no encoding but an identity one;
    // what its header claims is not applied. Its decoded form is its bytes with every part
    // inside decoded (see appendBinaryBody).
    if (!entity->parts.empty() || entity->message) {
        std::string out = part.empty() ? std::string(message.header()) : std::string();
        appendBinaryBody(out, *entity);
        return out;
    }
    auto decoded = mail::decodeTransferEncoding(entity->body, entity->mime.encoding);
    if (!decoded || !part.empty()) return decoded;
    std::string out = binaryHeader(message.header(), entity->mime.encoding);  // BINARY[] of a single part
    return out + *decoded;
}

bool sectionExists(const mail::Message& message, const SectionSpec& section) {
    using Kind = SectionSpec::Kind;
    if (section.part.empty()) return section.kind != Kind::Mime;
    const Entity root = parseMessage(message);
    const Entity* part = findPart(root, section.part);
    if (!part) return false;
    return section.kind == Kind::Full || section.kind == Kind::Mime || part->message != nullptr;
}

bool binaryDecodable(const mail::Message& message, const std::vector<std::uint32_t>& part) {
    const Entity root = parseMessage(message);
    const Entity* entity = part.empty() ? &root : findPart(root, part);
    return !entity || !entity->parts.empty() || entity->message ||
           mail::decodeTransferEncoding({}, entity->mime.encoding).has_value();
}

std::string_view applyPartial(std::string_view text, const SectionSpec& section) {
    if (!section.partialStart) return text;
    if (*section.partialStart >= text.size()) return {};
    return text.substr(*section.partialStart, section.partialCount.value_or(text.size()));
}

bool containsFolded(std::string_view haystack, std::string_view needle) {
    return foldedContains(haystack, fold(needle));
}

bool headerContains(const mail::Message& message, std::string_view field, std::string_view needle) {
    const std::string folded = fold(needle);
    for (const Field& candidate : splitFields(message.header())) {
        if (!core::equalsIgnoreCase(candidate.name, field)) continue;
        if (folded.empty() || foldedContains(mail::decodeHeaderText(unfold(candidate.value)), folded)) return true;
    }
    return false;
}

bool addressContains(const mail::Message& message, std::string_view field, std::string_view needle) {
    const std::string folded = fold(needle);
    bool present = false;
    std::string text;
    for (const Field& candidate : splitFields(message.header())) {
        if (!core::equalsIgnoreCase(candidate.name, field)) continue;
        present = true;
        for (const Address& a : AddressParser(unfold(candidate.value)).parse()) {
            if (!a.mailbox) {  // a group's end
                text += ';';
                continue;
            }
            if (!text.empty() && !text.ends_with(':')) text += ", ";
            if (!a.host) {  // a group's start
                text += mail::decodeHeaderText(*a.mailbox) + ':';
                continue;
            }
            if (a.name) text += mail::decodeHeaderText(*a.name) + ' ';
            text += '<';
            if (a.adl) text += *a.adl + ':';  // the source route is part of the envelope address
            if (*a.mailbox != "MISSING_MAILBOX") text += *a.mailbox;
            if (*a.host != "MISSING_DOMAIN") text += '@' + *a.host;
            text += '>';
        }
    }
    return present && foldedContains(text, folded);
}

bool bodyContains(const mail::Message& message, std::string_view needle) {
    return entityTextContains(parseMessage(message), fold(needle), false);
}

bool textContains(const mail::Message& message, std::string_view needle) {
    const std::string folded = fold(needle);
    return fieldsContain(message.header(), folded) || entityTextContains(parseMessage(message), folded, true);
}

std::int64_t internalDateDay(const mail::Message& message) {
    return dayOf(message.internalDate(), message.internalZoneMinutes());
}

std::int64_t sentDateDay(const mail::Message& message) {
    return dayOf(message.summary().sentTime, message.summary().sentZoneMinutes);
}

std::optional<std::int64_t> searchDateDay(std::string_view imapDate) {
    const auto civil = core::parseImapDate(imapDate);
    if (!civil) return std::nullopt;
    return core::daysFromCivil(civil->year, civil->month, civil->day);
}

std::optional<EnvelopeAddress> firstAddress(const mail::Message& message, std::string_view field) {
    for (const Field& candidate : splitFields(message.header())) {
        if (!core::equalsIgnoreCase(candidate.name, field)) continue;
        for (Address& a : AddressParser(unfold(candidate.value)).parse())
            if (a.mailbox) return EnvelopeAddress{std::move(a.name), std::move(*a.mailbox), std::move(a.host)};
    }
    return std::nullopt;
}

}  // namespace mailscope::imap
