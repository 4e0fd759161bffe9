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

/// Lines of text: CRLFs, plus one for a last line without CRLF.
std::size_t countLines(std::string_view s) {
    std::size_t lines = 0;
    for (auto pos = s.find("\r\n"); pos != std::string_view::npos; pos = s.find("\r\n", pos + 2)) ++lines;
    if (!s.empty() && !s.ends_with("\r\n")) ++lines;
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

/// Splits an entity (a body part or an attached message) into its header, including the
/// blank line, and its body. Without a blank line it is all header; text that does not
/// start with a field has an empty header.
std::pair<std::string_view, std::string_view> splitEntity(std::string_view entity) {
    if (entity.starts_with("\r\n")) return {entity.substr(0, 2), entity.substr(2)};
    if (!startsWithField(entity)) return {entity.substr(0, 0), entity};
    const auto blank = entity.find("\r\n\r\n");
    if (blank == std::string_view::npos) return {entity, entity.substr(entity.size())};
    return {entity.substr(0, blank + 4), entity.substr(blank + 4)};
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
            std::string local = rawJoin(lead);
            std::string host = domain(comment);
            m_out.push_back({comment, std::nullopt, std::move(local), std::move(host)});
        } else if (!lead.empty()) {
            // A bare local part ("root"): RFC 5322 needs a domain; report it empty.
            m_out.push_back({comment, std::nullopt, rawJoin(lead), std::string()});
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
        m_out.push_back({std::move(name), std::move(adl), rawJoin(local), std::move(host)});
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
    const auto addresses = [&](std::string_view name) {
        const auto value = firstValue(fields, name);
        return value ? AddressParser(*value).parse() : std::vector<Address>();
    };
    const auto from = addresses("From");
    auto sender = addresses("Sender");
    if (sender.empty()) sender = from;
    auto replyTo = addresses("Reply-To");
    if (replyTo.empty()) replyTo = from;

    std::string out = "(";
    out += imapNString(firstValue(fields, "Date")) + ' ';
    out += imapNString(firstValue(fields, "Subject")) + ' ';
    out += addressList(from) + ' ' + addressList(sender) + ' ' + addressList(replyTo) + ' ';
    out += addressList(addresses("To")) + ' ' + addressList(addresses("Cc")) + ' ' + addressList(addresses("Bcc")) + ' ';
    out += imapNString(firstValue(fields, "In-Reply-To")) + ' ';
    out += imapNString(firstValue(fields, "Message-ID"));
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
};

/// The body parts of a multipart body: the bytes between delimiter lines, each without
/// the CRLF that belongs to the next delimiter (RFC 2046 5.1.1).
std::vector<std::string_view> splitMultipart(std::string_view body, std::string_view boundary) {
    const std::string dash = "--" + std::string(boundary);
    std::vector<std::string_view> parts;
    std::optional<std::size_t> partStart;
    std::size_t pos = 0;
    while (pos < body.size()) {
        const auto crlf = body.find("\r\n", pos);
        const std::size_t lineEnd = crlf == std::string_view::npos ? body.size() : crlf;
        const std::size_t next = crlf == std::string_view::npos ? body.size() : crlf + 2;
        std::string_view line = body.substr(pos, lineEnd - pos);
        if (line.starts_with(dash)) {
            line.remove_prefix(dash.size());
            const bool close = line.starts_with("--");
            if (close) line.remove_prefix(2);
            if (trimWsp(line).empty()) {
                if (partStart) {
                    const std::size_t end = pos >= *partStart + 2 ? pos - 2 : *partStart;
                    parts.push_back(body.substr(*partStart, end - *partStart));
                }
                partStart.reset();
                if (close) return parts;
                partStart = next;
            }
        }
        pos = next;
    }
    if (partStart) parts.push_back(body.substr(std::min(*partStart, body.size())));
    return parts;
}

Entity parseEntity(std::string_view header, std::string_view body, bool digestChild, int depth) {
    Entity entity{header, body, parseMime(header, digestChild), {}, {}};
    MimeInfo& mime = entity.mime;
    const bool tooDeep = depth >= kMaxDepth;
    if (mime.isMultipart()) {
        const auto boundary = param(mime.params, "BOUNDARY");
        if (!boundary || boundary->empty() || tooDeep) {
            mime = MimeInfo();  // unusable multipart: plain text (RFC 2045 5.2)
        } else {
            const bool digest = mime.subtype == "DIGEST";
            for (std::string_view part : splitMultipart(body, *boundary)) {
                const auto [partHeader, partBody] = splitEntity(part);
                entity.parts.push_back(parseEntity(partHeader, partBody, digest, depth + 1));
            }
            if (entity.parts.empty())  // no delimiter at all: one empty part keeps 1*body
                entity.parts.push_back(parseEntity(body.substr(body.size()), body.substr(body.size()), false, depth + 1));
        }
    } else if (mime.isMessage()) {
        if (tooDeep) {
            mime = MimeInfo();
        } else {
            const auto [innerHeader, innerBody] = splitEntity(body);
            entity.message = std::make_unique<Entity>(parseEntity(innerHeader, innerBody, false, depth + 1));
        }
    }
    return entity;
}

Entity parseMessage(const mail::Message& message) {
    return parseEntity(message.header(), message.body(), false, 0);
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
            out += ' ' + std::to_string(countLines(entity.body));
        } else if (mime.type == "TEXT") {
            out += ' ' + std::to_string(countLines(entity.body));
        }
        if (extensible) out += ' ' + imapNString(mime.md5) + ' ' + dispositionLanguageLocation(mime);
    }
    out += ')';
}

// [SECTION] Body sections (RFC 3501 6.4.5)

/// The entity a part path names: each number picks a body part of the current multipart;
/// a message/rfc822 part is entered first; a non-multipart message has only part 1, its
/// own body. nullptr if there is no such part.
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
        } else if (!isMessage || number != 1) {
            return nullptr;
        }
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
    std::string bytes(entity.body);
    GMimeContentEncoding encoding = GMIME_CONTENT_ENCODING_DEFAULT;
    if (entity.mime.encoding == "BASE64") encoding = GMIME_CONTENT_ENCODING_BASE64;
    if (entity.mime.encoding == "QUOTED-PRINTABLE") encoding = GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE;
    if (encoding != GMIME_CONTENT_ENCODING_DEFAULT) {
        GMimeEncoding state;
        g_mime_encoding_init_decode(&state, encoding);
        std::string decoded(g_mime_encoding_outlen(&state, bytes.size()) + 16, '\0');
        decoded.resize(g_mime_encoding_flush(&state, bytes.data(), bytes.size(), decoded.data()));
        bytes = std::move(decoded);
    }
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
        const std::string line = std::string(field.name) + ": " + mail::decodeHeaderText(unfold(field.value));
        if (foldedContains(line, foldedNeedle)) return true;
    }
    return false;
}

bool entityTextContains(const Entity& entity, const std::string& foldedNeedle) {
    if (!entity.parts.empty())
        return std::any_of(entity.parts.begin(), entity.parts.end(),
                           [&](const Entity& part) { return entityTextContains(part, foldedNeedle); });
    if (entity.message)
        return fieldsContain(entity.message->header, foldedNeedle) || entityTextContains(*entity.message, foldedNeedle);
    return entity.mime.type == "TEXT" && foldedContains(decodedText(entity), foldedNeedle);
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

bool bodyContains(const mail::Message& message, std::string_view needle) {
    return entityTextContains(parseMessage(message), fold(needle));
}

bool textContains(const mail::Message& message, std::string_view needle) {
    const std::string folded = fold(needle);
    return fieldsContain(message.header(), folded) || entityTextContains(parseMessage(message), folded);
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

}  // namespace mailscope::imap
