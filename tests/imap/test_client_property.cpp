// Property test: the IMAP client engine reads everything the server engine writes. A seeded,
// deterministic generator makes mailboxes of messages (MIME trees with nested multiparts and
// message/rfc822 parts, odd addresses and groups, RFC 2047 words, RFC 2231 parameters, empty
// bodies, 8-bit bytes); every FETCH item (RFC 3501 6.4.5) goes through a real ServerSession
// and back through the ClientEngine, split at random points, and what the client reads must
// be the structure the generator built (and the bytes the server's model gives).
#include <doctest/doctest.h>

#include <chrono>
#include <sstream>

#include "protocols/core/time.h"
#include "protocols/imap/client_engine.h"
#include "protocols/imap/message_parts.h"
#include "server_test_support.h"
#include "tests/support/random.h"

using namespace mailscope;
using mailscope::imap::ClientEngine;
using mailscope::imap::ServerConfig;
using mailscope::imap::ServerSession;
using mailscope::imap::client::Command;
using mailscope::imap::client::Event;
namespace client = mailscope::imap::client;
namespace testing = mailscope::imap::testing;

namespace {

using mailscope::test::Random;

using Params = std::vector<std::pair<std::string, std::string>>;

// [SECTION] addresses (RFC 5322 3.4) and the ENVELOPE they give (RFC 3501 7.4.2)

const std::vector<std::string> kWords = {"alice", "bob", "Ola", "x", "info", "a.b", "first_last", "r+tag", "z-9"};
const std::vector<std::string> kHosts = {"example.com", "x.org", "poczta.pl", "a", "mail.example.co.uk"};
const std::vector<std::string> kNameWords = {"Anna", "Bob", "O'Neil", "Jr.", "Smith", "Zażółć", "Łukasz", "\xC4\x99"};

/// One entry of an address field: its text, and the ENVELOPE addresses it gives.
struct AddressText {
    std::string text;
    std::vector<client::Address> expected;
};

std::string word(Random& r) { return r.pick(kWords); }

/// A display name as a quoted string (with specials and escapes); name is what it means.
std::string quotedName(Random& r, std::string& name) {
    static const std::vector<std::string> parts = {"Doe, John", "a \\\"b\\\"", "back\\\\slash", "<x@y>", "semi;colon",
                                                   "Grüße", "(not a comment)", "  spaced  "};
    static const std::vector<std::string> meanings = {"Doe, John", "a \"b\"", "back\\slash", "<x@y>", "semi;colon",
                                                      "Grüße", "(not a comment)", "  spaced  "};
    const std::size_t i = r.below(parts.size());
    name = meanings[i];
    return "\"" + parts[i] + "\"";
}

/// An unquoted phrase: atoms (8-bit ones too) or an RFC 2047 encoded word, as written.
std::string phrase(Random& r) {
    static const std::vector<std::string> encoded = {"=?UTF-8?Q?Za=C5=BC=C3=B3=C5=82=C4=87?=", "=?ISO-8859-2?Q?=A3ukasz?=",
                                                     "=?utf-8?B?xYF1a2Fzeg==?="};
    if (r.oneIn(4)) return r.pick(encoded);
    std::string out = r.pick(kNameWords);
    for (std::size_t n = r.below(3); n > 0; --n) out += " " + r.pick(kNameWords);
    return out;
}

/// One mailbox (not a group), in one of the forms of RFC 5322 3.4 and 4.4.
AddressText mailboxText(Random& r) {
    client::Address a;
    std::string local = word(r);
    std::string localText = local;
    if (r.oneIn(6)) {  // a quoted local part is unquoted in the ENVELOPE
        local = "john doe";
        localText = "\"john doe\"";
    }
    a.mailbox = local;
    a.host = r.pick(kHosts);
    const std::string spec = localText + "@" + *a.host;
    std::string text;
    switch (r.below(7)) {
        case 0: text = spec; break;
        case 1: text = "<" + spec + ">"; break;
        case 2: {
            std::string name;
            text = quotedName(r, name) + " <" + spec + ">";
            a.name = name;
            break;
        }
        case 3: {
            const std::string p = phrase(r);
            a.name = p;
            // Runs of blanks between words read as one space.
            std::string spaced = p;
            if (r.oneIn(2))
                for (std::size_t pos = spaced.find(' '); pos != std::string::npos; pos = spaced.find(' ', pos + 3))
                    spaced.replace(pos, 1, " \t ");
            text = spaced + " <" + spec + ">";
            break;
        }
        case 4:  // an old-style comment gives the name
            text = spec + " (Comment Name)";
            a.name = "Comment Name";
            break;
        case 5: {  // a source route (obsolete, RFC 5322 4.4)
            const std::string route = r.oneIn(2) ? "@" + r.pick(kHosts) : "@r1.example,@r2.example";
            a.adl = route;
            text = "<" + route + ":" + spec + ">";
            if (r.oneIn(2)) {
                const std::string p = phrase(r);
                a.name = p;
                text = p + " " + text;
            }
            break;
        }
        default:  // a bare local part: the server says MISSING_DOMAIN
            text = local == "john doe" ? "root" : local;
            a.mailbox = text;
            a.host = "MISSING_DOMAIN";
            break;
    }
    return {text, {a}};
}

/// An address (a mailbox or a group of them, RFC 5322 3.4).
AddressText addressText(Random& r, bool groups) {
    if (!groups || !r.oneIn(5)) return mailboxText(r);
    AddressText out;
    const bool named = !r.oneIn(4);
    const std::string name = named ? std::string(r.oneIn(2) ? "Undisclosed recipients" : "team") : std::string();
    out.text = name + ":";
    out.expected.push_back({std::nullopt, std::nullopt, name, std::nullopt});
    for (std::size_t n = r.below(3); n > 0; --n) {
        AddressText member = mailboxText(r);
        out.text += (out.expected.size() > 1 ? ", " : " ") + member.text;
        out.expected.insert(out.expected.end(), member.expected.begin(), member.expected.end());
    }
    out.text += ";";
    out.expected.push_back({});
    return out;
}

/// An address field's value (one or more addresses), folded sometimes.
AddressText addressList(Random& r, bool groups) {
    AddressText out;
    if (groups && r.oneIn(20)) {  // the issue's example: a group, a route, stray separators, an empty group
        out.text = "g: <@a,@b:c@d>, ;, :;";
        out.expected = {{std::nullopt, std::nullopt, "g", std::nullopt},
                        {std::nullopt, "@a,@b", "c", "d"},
                        {},
                        {std::nullopt, std::nullopt, "", std::nullopt},
                        {}};
        return out;
    }
    for (std::size_t n = 1 + r.below(3); n > 0; --n) {
        AddressText one = addressText(r, groups);
        if (!out.text.empty()) out.text += r.oneIn(3) ? ",\r\n\t" : (r.oneIn(2) ? ", " : ",");
        out.text += one.text;
        out.expected.insert(out.expected.end(), one.expected.begin(), one.expected.end());
    }
    return out;
}

// [SECTION] MIME entities (RFC 2045, 2046, 2183, 2231)

/// One generated MIME entity: its bytes, and the BODYSTRUCTURE node the server must send.
struct Entity {
    std::string header;  ///< the header fields of the part (or message), with the blank line
    std::string body;    ///< the body bytes
    client::BodyStructure expected;  ///< BODYSTRUCTURE (extended); BODY is derived
    std::vector<Entity> parts;       ///< multipart parts
    std::vector<Entity> message;     ///< message/rfc822: the attached message (one)
    client::Envelope envelope;       ///< a message's: the ENVELOPE its header gives
    std::string bytes() const { return header + body; }
};

std::size_t crlfs(std::string_view s) {
    std::size_t n = 0;
    for (auto pos = s.find("\r\n"); pos != std::string_view::npos; pos = s.find("\r\n", pos + 2)) ++n;
    return n;
}

/// Lines as the server counts them: CRLFs, plus a last line without one unless the
/// delimiter line after it takes its CRLF.
std::uint64_t lineCount(std::string_view body, bool atDelimiter) {
    return crlfs(body) + (!body.empty() && !body.ends_with("\r\n") && !atDelimiter ? 1 : 0);
}

/// Body text: empty, ASCII, UTF-8, raw 8-bit bytes, IMAP-looking lines; no line starts with "--".
std::string bodyText(Random& r) {
    static const std::vector<std::string> lines = {
        "Hello", "Zażółć gęślą jaźń", "* 1 EXISTS", "a1 OK done", ") ( {5}", "\"quoted\\\"", "", ".", "..dots",
        std::string("nul\0byte", 8), "\x80\xFF\xFE raw", "=?UTF-8?Q?x?=", "- dash", "From me", "\t tab"};
    if (r.oneIn(6)) return {};
    std::string out;
    for (std::size_t n = 1 + r.below(5); n > 0; --n) out += r.pick(lines) + (n > 1 || !r.oneIn(4) ? "\r\n" : "");
    return out;
}

std::string upper(std::string s) {
    for (char& c : s)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return s;
}

/// "; name=value" parameters, with the (NAME value) pairs the server reports for them.
void addParams(Random& r, std::string& text, Params& expected) {
    switch (r.below(6)) {
        case 0:
            text += "; name=\"a b;c.txt\"";
            expected.emplace_back("NAME", "a b;c.txt");
            break;
        case 1:  // RFC 2231 3: continuations are joined
            text += ";\r\n filename*0=\"long \"; filename*1=name.txt";
            expected.emplace_back("FILENAME", "long name.txt");
            break;
        case 2:  // RFC 2231 4: an extended value stays encoded, its name keeps the star
            text += "; title*=utf-8''%C5%81%C3%B3d%C5%BA";
            expected.emplace_back("TITLE*", "utf-8''%C5%81%C3%B3d%C5%BA");
            break;
        case 3:  // an extended first segment: the plain ones after it are %-encoded
            text += "; t*0*=us-ascii'en'A%20; t*1=\"b c\"";
            expected.emplace_back("T*", "us-ascii'en'A%20b%20c");
            break;
        case 4:
            text += "; Format=flowed";
            expected.emplace_back("FORMAT", "flowed");
            break;
        default: break;
    }
}

/// The optional MIME fields every leaf may have: id, description, encoding, MD5,
/// disposition, language, location.
void optionalFields(Random& r, Entity& e, bool leaf) {
    client::BodyStructure& x = e.expected;
    if (leaf) {
        x.encoding = "7BIT";
        if (r.oneIn(3)) {
            static const std::vector<std::string> encodings = {"base64", "Quoted-Printable", "8bit", "binary", "7BIT"};
            const std::string enc = r.pick(encodings);
            e.header += "Content-Transfer-Encoding: " + enc + "\r\n";
            x.encoding = upper(enc);
        }
        if (r.oneIn(4)) {
            x.id = "<part" + std::to_string(r.below(100)) + "@x>";
            e.header += "Content-ID: " + *x.id + "\r\n";
        }
        if (r.oneIn(4)) {
            const std::string d = r.oneIn(2) ? "Zdjęcie z wakacji" : "a \"quoted\" description";
            e.header += "Content-Description: " + d + "\r\n";
            x.description = d;
        }
        if (r.oneIn(6)) {
            e.header += "Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==\r\n";
            x.md5 = "Q2hlY2sgSW50ZWdyaXR5IQ==";
        }
    }
    if (r.oneIn(3)) {
        client::BodyDisposition d;
        d.type = r.oneIn(2) ? "ATTACHMENT" : "INLINE";
        std::string text = "Content-Disposition: " + std::string(d.type == "INLINE" ? "inline" : "Attachment");
        addParams(r, text, d.params);
        e.header += text + "\r\n";
        x.disposition = d;
    }
    if (r.oneIn(5)) {
        const bool two = r.oneIn(2);
        e.header += std::string("Content-Language: ") + (two ? "en-GB, pl" : "pl") + "\r\n";
        x.languages = two ? std::vector<std::string>{"en-GB", "pl"} : std::vector<std::string>{"pl"};
    }
    if (r.oneIn(8)) {
        e.header += "Content-Location: http://example.com/a\r\n";
        x.location = "http://example.com/a";
    }
}

struct Generator {
    Random& r;
    int boundaryCount = 0;

    Entity message(int depth, bool atDelimiter);

    /// A body part, or the whole message's MIME content when `top` (then the caller adds
    /// the other header fields). atDelimiter: a delimiter line follows its body.
    Entity entity(int depth, bool atDelimiter, bool top) {
        Entity e;
        client::BodyStructure& x = e.expected;
        x.extended = true;
        const std::size_t kind = depth >= 4 ? 0 : r.below(top ? 6 : 8);
        if (kind >= 3 && kind <= 5) {  // multipart
            x.type = "MULTIPART";
            static const std::vector<std::string> subtypes = {"mixed", "Alternative", "related", "signed"};
            const std::string subtype = r.pick(subtypes);
            x.subtype = upper(subtype);
            const std::string boundary = "b" + std::to_string(++boundaryCount) + (r.oneIn(2) ? "_=.x" : "");
            const bool quote = r.oneIn(2) || boundary.find('=') != std::string::npos;
            std::string ct = "Content-Type: multipart/" + subtype + ";" + (r.oneIn(2) ? "\r\n\t" : " ") +
                             "boundary=" + (quote ? "\"" + boundary + "\"" : boundary);
            x.params.emplace_back("BOUNDARY", boundary);
            if (r.oneIn(4)) {
                ct += "; charset=us-ascii";
                x.params.emplace_back("CHARSET", "us-ascii");
            }
            e.header += ct + "\r\n";
            optionalFields(r, e, false);
            if (r.oneIn(3)) e.body += "This is a multi-part message in MIME format.\r\n";
            for (std::size_t n = 1 + r.below(3); n > 0; --n) {
                Entity part = entity(depth + 1, true, false);
                part.header += "\r\n";
                e.body += "--" + boundary + "\r\n" + part.bytes() + "\r\n";
                x.parts.push_back(part.expected);
                e.parts.push_back(std::move(part));
            }
            e.body += "--" + boundary + "--";
            if (r.oneIn(3)) e.body += "\r\nepilogue\r\n";
            else if (!atDelimiter || r.oneIn(2)) e.body += "\r\n";
            return e;
        }
        if (kind == 6 || kind == 7) {  // message/rfc822
            x.type = "MESSAGE";
            x.subtype = "RFC822";
            e.header += r.oneIn(2) ? "Content-Type: message/rfc822\r\n" : "Content-Type: Message/RFC822\r\n";
            optionalFields(r, e, true);
            Entity inner = message(depth + 1, atDelimiter);
            e.body = inner.bytes();
            x.size = e.body.size();
            x.lines = lineCount(e.body, atDelimiter);
            x.parts.push_back(inner.expected);
            x.envelope = inner.envelope;
            e.message.push_back(std::move(inner));
            return e;
        }
        // a leaf: text (default or given), or another type
        static const std::vector<std::pair<std::string, std::string>> types = {
            {"text", "plain"}, {"TEXT", "html"}, {"image", "png"}, {"application", "octet-stream"}, {"Audio", "Basic"}};
        const std::size_t t = r.below(types.size() + 1);
        if (t == types.size()) {  // no Content-Type: text/plain; charset=us-ascii (RFC 2045 5.2)
            x.type = "TEXT";
            x.subtype = "PLAIN";
            x.params = {{"CHARSET", "US-ASCII"}};
        } else {
            x.type = upper(types[t].first);
            x.subtype = upper(types[t].second);
            std::string ct = "Content-Type: " + types[t].first + "/" + types[t].second;
            if (x.type == "TEXT" && r.oneIn(2)) {
                const std::string charset = r.oneIn(2) ? "utf-8" : "ISO-8859-2";
                ct += r.oneIn(2) ? "; Charset=\"" + charset + "\"" : "; charset=" + charset;
                x.params.emplace_back("CHARSET", charset);
            }
            addParams(r, ct, x.params);
            if (x.type == "TEXT" && std::none_of(x.params.begin(), x.params.end(),
                                                 [](const auto& p) { return p.first == "CHARSET"; }))
                x.params.emplace_back("CHARSET", "US-ASCII");
            e.header += ct + "\r\n";
        }
        optionalFields(r, e, true);
        e.body = bodyText(r);
        x.size = e.body.size();
        if (x.type == "TEXT") x.lines = lineCount(e.body, atDelimiter);
        return e;
    }

    /// The header fields of a message other than its MIME fields, with the ENVELOPE they give.
    std::string messageFields(client::Envelope& env) {
        std::string out;
        if (!r.oneIn(6)) {
            env.date = r.oneIn(3) ? "Fri, 27 Nov 2026 09:00:00 +0100 (CET)" : "27 Nov 2026 09:00 -0000";
            out += "Date: " + *env.date + "\r\n";
        }
        const auto field = [&](const char* name, std::vector<client::Address>& into, bool groups) {
            const AddressText a = addressList(r, groups);
            out += std::string(name) + ": " + a.text + "\r\n";
            into.insert(into.end(), a.expected.begin(), a.expected.end());
        };
        if (!r.oneIn(8)) field("From", env.from, false);
        if (r.oneIn(5)) field("Sender", env.sender, false);
        if (r.oneIn(5)) field("Reply-To", env.replyTo, true);
        if (!r.oneIn(5)) field("To", env.to, true);
        if (r.oneIn(3)) field("Cc", env.cc, true);
        if (r.oneIn(6)) field("cc", env.cc, true);  // a second Cc: field is merged
        if (r.oneIn(6)) field("Bcc", env.bcc, true);
        if (env.sender.empty()) env.sender = env.from;
        if (env.replyTo.empty()) env.replyTo = env.from;
        if (!r.oneIn(6)) {
            static const std::vector<std::pair<std::string, std::string>> subjects = {
                {"Hello", "Hello"},
                {"=?UTF-8?Q?Za=C5=BC=C3=B3=C5=82=C4=87?= =?UTF-8?B?Z8SZxZtsxIU=?=", "=?UTF-8?Q?Za=C5=BC=C3=B3=C5=82=C4=87?= =?UTF-8?B?Z8SZxZtsxIU=?="},
                {"Re: \"quoted\" and \\back", "Re: \"quoted\" and \\back"},
                {"Zażółć gęślą jaźń", "Zażółć gęślą jaźń"},
                {"folded\r\n\tover two lines", "folded over two lines"},
                {"", ""},
                {"  padded  ", "padded"},
                {"\xFF\xFE not UTF-8", "\xFF\xFE not UTF-8"},
                {"a (b) {5}", "a (b) {5}"}};
            const auto& s = r.pick(subjects);
            out += "Subject: " + s.first + "\r\n";
            env.subject = s.second;
        }
        if (r.oneIn(2)) {
            env.messageId = "<" + std::to_string(r.below(100000)) + "@example.com>";
            out += "Message-ID: " + *env.messageId + "\r\n";
        }
        if (r.oneIn(4)) {
            env.inReplyTo = "<parent@example.com>";
            out += "In-Reply-To: " + *env.inReplyTo + "\r\n";
        }
        if (r.oneIn(4)) out += "X-Mailer: generator\r\nMIME-Version: 1.0\r\n";
        return out;
    }
};

Entity Generator::message(int depth, bool atDelimiter) {
    client::Envelope env;
    const std::string fields = messageFields(env);
    Entity e = entity(depth, atDelimiter, true);
    e.header = fields + e.header + "\r\n";
    e.envelope = env;
    return e;
}

/// BODY: the same tree without extension data (RFC 3501 7.4.2).
client::BodyStructure withoutExtensions(client::BodyStructure b) {
    b.extended = false;
    b.md5.reset();
    b.disposition.reset();
    b.languages.clear();
    b.location.reset();
    if (b.isMultipart()) b.params.clear();
    for (auto& part : b.parts) part = withoutExtensions(std::move(part));
    return b;
}

/// The generator's tree as the client reads it.
client::BodyStructure structureOf(const Entity& message) { return message.expected; }

// [SECTION] the sections to fetch

struct Section {
    std::string spec;      ///< inside the brackets: "1.2", "1.2.MIME", "HEADER", ...
    std::string expected;  ///< the generator's bytes for it, when it knows them
    bool known = false;
};

std::string pathText(const std::vector<std::uint32_t>& path) {
    std::string out;
    for (std::size_t i = 0; i < path.size(); ++i) out += (i ? "." : "") + std::to_string(path[i]);
    return out;
}

/// Every part of the tree: BODY[n], BODY[n.MIME], and for attached messages n.HEADER and n.TEXT.
void sections(const Entity& e, std::vector<std::uint32_t> path, std::vector<Section>& out) {
    const auto children = [&](const Entity& container) {
        if (container.parts.empty()) {  // a leaf body is part 1 of its message
            std::vector<std::uint32_t> p = path;
            p.push_back(1);
            out.push_back({pathText(p), container.body, true});
            return;
        }
        for (std::size_t i = 0; i < container.parts.size(); ++i) {
            std::vector<std::uint32_t> p = path;
            p.push_back(static_cast<std::uint32_t>(i + 1));
            const Entity& part = container.parts[i];
            out.push_back({pathText(p), part.body, true});
            out.push_back({pathText(p) + ".MIME", {}, false});
            sections(part, p, out);
        }
    };
    if (!e.message.empty()) {  // an attached message: its header, text and parts
        const Entity& inner = e.message.front();
        out.push_back({pathText(path) + ".HEADER", inner.header, true});
        out.push_back({pathText(path) + ".TEXT", inner.body, true});
        if (inner.parts.empty()) {
            std::vector<std::uint32_t> p = path;
            p.push_back(1);
            out.push_back({pathText(p), inner.body, true});
        } else {
            children(inner);
        }
    } else if (!e.parts.empty() || path.empty()) {  // a multipart's parts; a message's leaf body is part 1
        children(e);
    }
}

imap::SectionSpec specOf(std::string_view text) {
    imap::SectionSpec spec;
    while (!text.empty() && text[0] >= '0' && text[0] <= '9') {
        std::uint32_t n = 0;
        while (!text.empty() && text[0] >= '0' && text[0] <= '9') {
            n = n * 10 + static_cast<std::uint32_t>(text[0] - '0');
            text.remove_prefix(1);
        }
        spec.part.push_back(n);
        if (!text.empty() && text[0] == '.') text.remove_prefix(1);
    }
    if (text == "MIME") spec.kind = imap::SectionSpec::Kind::Mime;
    else if (text == "HEADER") spec.kind = imap::SectionSpec::Kind::Header;
    else if (text == "TEXT") spec.kind = imap::SectionSpec::Kind::Text;
    return spec;
}

// [SECTION] the link

constexpr core::Time kNow = 1795770000;

std::string show(const std::vector<Event>& events) {
    std::ostringstream os;
    for (const Event& e : events) os << e << '\n';
    return os.str();
}

/// A client engine and a server session in memory; server bytes reach the client in
/// random pieces.
struct Link {
    Link(testing::World& world, Random& random) : server(world.store, ServerConfig{}, world.store.newSessionId(), kNow), r(random) {
        deliver(server.start().toPeer);
    }
    std::vector<Event> run(const Command& command) {
        std::string toServer = client.send(command);
        std::vector<Event> events;
        while (!toServer.empty()) {
            const std::string toClient = server.receive(toServer).toPeer;
            toServer.clear();
            for (Event& e : deliver(toClient)) {
                if (const auto* released = std::get_if<client::BytesReleased>(&e)) toServer += released->bytes;
                events.push_back(std::move(e));
            }
        }
        return events;
    }
    /// Feeds bytes to the client split at random points.
    std::vector<Event> deliver(std::string_view bytes) {
        std::vector<Event> events;
        while (!bytes.empty()) {
            const std::size_t n = r.oneIn(3) ? bytes.size() : std::min(bytes.size(), 1 + r.below(64));
            for (Event& e : client.receive(bytes.substr(0, n))) events.push_back(std::move(e));
            bytes.remove_prefix(n);
        }
        return events;
    }
    ServerSession server;
    ClientEngine client;
    Random& r;
};

template <class T>
std::vector<T> only(const std::vector<Event>& events) {
    std::vector<T> out;
    for (const Event& e : events)
        if (const T* t = std::get_if<T>(&e)) out.push_back(*t);
    return out;
}

/// REQUIREs a tagged OK and no ProtocolError among the events.
void requireOk(const std::vector<Event>& events) {
    const auto tagged = only<client::Tagged>(events);
    REQUIRE_MESSAGE(tagged.size() == 1, show(events));
    REQUIRE_MESSAGE(tagged[0].condition == client::Condition::Ok, show(events));
    REQUIRE_MESSAGE(only<client::ProtocolError>(events).empty(), show(events));
}

// [SECTION] one case: a mailbox state, every FETCH item of every message

struct Stored {
    Entity entity;
    std::shared_ptr<const mail::Message> message;
    mail::Flags flags;
    std::uint32_t uid = 0;
};

/// Generates a mailbox from the seed, fetches everything and checks it. Returns the
/// number of messages checked.
std::size_t runCase(std::uint64_t seed) {
    Random r(seed);
    testing::World w(0);
    Generator gen{r};
    std::vector<Stored> stored;
    for (std::size_t n = 1 + r.below(2); n > 0; --n) {
        Stored s;
        s.entity = gen.message(0, false);
        const int zone = static_cast<int>(r.below(5) * 60) - 120;
        s.message = mail::Message::fromBytes(s.entity.bytes(), kNow - static_cast<core::Time>(r.below(1000000)), zone);
        REQUIRE(s.message->bytes() == s.entity.bytes());
        if (r.oneIn(2)) s.flags.set(mail::SystemFlag::Seen);
        if (r.oneIn(4)) s.flags.set(mail::SystemFlag::Flagged);
        if (r.oneIn(6)) s.flags.set(mail::SystemFlag::Answered);
        if (r.oneIn(8)) s.flags.set(mail::SystemFlag::Deleted);
        if (r.oneIn(8)) s.flags.set(mail::SystemFlag::Draft);
        if (r.oneIn(5)) s.flags.addKeyword("$Forwarded");
        if (r.oneIn(7)) s.flags.addKeyword("Praca");
        // Expunged messages leave gaps in the UIDs.
        if (r.oneIn(4)) {
            const auto gone = w.store.append(*w.alice, w.alice->inbox(), mail::Message::fromBytes("Subject: x\r\n\r\n", kNow));
            w.store.expunge(*w.alice, w.alice->inbox(), gone);
        }
        s.uid = w.store.append(*w.alice, w.alice->inbox(), s.message, s.flags);
        stored.push_back(std::move(s));
    }

    Link link(w, r);
    requireOk(link.run(Command::login("alice", "secret")));
    requireOk(link.run(Command::select("INBOX")));
    for (std::size_t i = 0; i < stored.size(); ++i) {
        const Stored& s = stored[i];
        const mail::Message& m = *s.message;
        CAPTURE(seed);
        CAPTURE(m.bytes());
        std::vector<Section> parts;
        sections(s.entity, {}, parts);
        // At most six parts per message: over 10,000 mailboxes every kind of part is
        // fetched many times, and the cases stay quick under ASan.
        std::vector<Section> wanted;
        for (std::size_t n = std::min<std::size_t>(parts.size(), 6); n > 0; --n) {
            const std::size_t k = r.below(parts.size());
            wanted.push_back(parts[k]);
            parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(k));
        }
        std::string items = "UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODY BODYSTRUCTURE RFC822.HEADER BODY.PEEK[] "
                            "BODY.PEEK[HEADER] BODY.PEEK[TEXT] BODY.PEEK[HEADER.FIELDS (Subject From)] "
                            "BODY.PEEK[HEADER.FIELDS.NOT (Subject)]";
        for (const Section& sec : wanted) items += " BODY.PEEK[" + sec.spec + "]";
        const std::uint32_t offset = static_cast<std::uint32_t>(r.below(m.size() + 2));
        const std::uint32_t count = 1 + static_cast<std::uint32_t>(r.below(m.size() + 1));  // nz-number
        items += " BODY.PEEK[]<" + std::to_string(offset) + "." + std::to_string(count) + ">";
        const bool byUid = r.oneIn(2);
        const std::string set = byUid ? std::to_string(s.uid) : std::to_string(i + 1);
        const auto events = link.run(byUid ? Command::uidFetch(set, "(" + items + ")") : Command::fetch(set, "(" + items + ")"));
        requireOk(events);
        const auto fetched = only<client::FetchData>(events);
        REQUIRE_MESSAGE(fetched.size() == 1, show(events));
        const client::FetchData& f = fetched[0];
        REQUIRE(f.seq == i + 1);
        REQUIRE(f.uid == s.uid);
        std::vector<std::string> flags;
        for (std::string_view flag : {"\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft"}) {
            mail::Flags one;
            one.addByName(flag);
            if (s.flags.has(static_cast<mail::SystemFlag>(one.system))) flags.emplace_back(flag);
        }
        for (const std::string& k : s.flags.keywords) flags.push_back(k);
        flags.emplace_back("\\Recent");
        REQUIRE(f.flags);
        std::vector<std::string> got = *f.flags;
        std::sort(got.begin(), got.end());
        std::sort(flags.begin(), flags.end());
        REQUIRE(got == flags);
        REQUIRE(f.internalDate == core::formatImapDateTime(m.internalDate(), m.internalZoneMinutes()));
        REQUIRE(f.size == m.size());
        REQUIRE(f.envelopeFields);
        REQUIRE(*f.envelopeFields == s.entity.envelope);
        REQUIRE(f.bodyStructure);
        REQUIRE(*f.bodyStructure == structureOf(s.entity));
        REQUIRE(f.body);
        REQUIRE(*f.body == withoutExtensions(structureOf(s.entity)));
        // Body sections: what the server's model says, and what the generator wrote.
        const auto section = [&](const std::string& name) -> std::string {
            const auto it = f.sections.find(name);
            REQUIRE_MESSAGE(it != f.sections.end(), "no " << name << " in the response");
            return it->second;
        };
        REQUIRE(section("RFC822.HEADER") == m.header());
        REQUIRE(section("BODY[]") == m.bytes());
        REQUIRE(section("BODY[HEADER]") == m.header());
        REQUIRE(section("BODY[TEXT]") == m.body());
        imap::SectionSpec fields;
        fields.kind = imap::SectionSpec::Kind::HeaderFields;
        fields.fields = {"Subject", "From"};
        REQUIRE(section("BODY[HEADER.FIELDS (Subject From)]") == imap::sectionBytes(m, fields));
        fields.kind = imap::SectionSpec::Kind::HeaderFieldsNot;
        fields.fields = {"Subject"};
        REQUIRE(section("BODY[HEADER.FIELDS.NOT (Subject)]") == imap::sectionBytes(m, fields));
        for (const Section& sec : wanted) {
            CAPTURE(sec.spec);
            const std::string got = section("BODY[" + sec.spec + "]");
            // The generator's bytes where it knows them, else the server's model.
            REQUIRE(got == (sec.known ? sec.expected : imap::sectionBytes(m, specOf(sec.spec))));
        }
        imap::SectionSpec all;
        all.partialStart = offset;
        all.partialCount = count;
        REQUIRE(section("BODY[]<" + std::to_string(offset) + ">") == imap::applyPartial(m.bytes(), all));
        // Nothing more than asked for: the items above and the sections.
        REQUIRE(f.sections.size() == 7 + wanted.size());
    }
    return stored.size();
}

/// Runs the seeds [from, to) and prints how many messages they checked and how long it took.
void runSeeds(std::uint64_t from, std::uint64_t to) {
    const auto start = std::chrono::steady_clock::now();
    std::size_t messages = 0;
    for (std::uint64_t seed = from; seed < to; ++seed) {
        messages += runCase(seed);
    }
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    MESSAGE("seeds " << from << ".." << to - 1 << ": " << (to - from) << " mailboxes, " << messages << " messages, " << ms
                     << " ms");
}

}  // namespace

TEST_SUITE("imap.client.property") {
    // 10,000 mailbox states (1 or 2 messages each, about 15,000 messages) in forty cases
    // of 250: each takes about 0.15 s in Release and 5 s of CPU under ASan, well within
    // the 60 s timeout on a busy machine.
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 0 to 249") { runSeeds(0, 250); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 250 to 499") { runSeeds(250, 500); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 500 to 749") { runSeeds(500, 750); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 750 to 999") { runSeeds(750, 1000); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 1000 to 1249") { runSeeds(1000, 1250); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 1250 to 1499") { runSeeds(1250, 1500); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 1500 to 1749") { runSeeds(1500, 1750); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 1750 to 1999") { runSeeds(1750, 2000); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 2000 to 2249") { runSeeds(2000, 2250); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 2250 to 2499") { runSeeds(2250, 2500); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 2500 to 2749") { runSeeds(2500, 2750); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 2750 to 2999") { runSeeds(2750, 3000); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 3000 to 3249") { runSeeds(3000, 3250); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 3250 to 3499") { runSeeds(3250, 3500); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 3500 to 3749") { runSeeds(3500, 3750); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 3750 to 3999") { runSeeds(3750, 4000); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 4000 to 4249") { runSeeds(4000, 4250); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 4250 to 4499") { runSeeds(4250, 4500); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 4500 to 4749") { runSeeds(4500, 4750); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 4750 to 4999") { runSeeds(4750, 5000); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 5000 to 5249") { runSeeds(5000, 5250); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 5250 to 5499") { runSeeds(5250, 5500); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 5500 to 5749") { runSeeds(5500, 5750); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 5750 to 5999") { runSeeds(5750, 6000); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 6000 to 6249") { runSeeds(6000, 6250); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 6250 to 6499") { runSeeds(6250, 6500); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 6500 to 6749") { runSeeds(6500, 6750); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 6750 to 6999") { runSeeds(6750, 7000); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 7000 to 7249") { runSeeds(7000, 7250); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 7250 to 7499") { runSeeds(7250, 7500); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 7500 to 7749") { runSeeds(7500, 7750); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 7750 to 7999") { runSeeds(7750, 8000); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 8000 to 8249") { runSeeds(8000, 8250); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 8250 to 8499") { runSeeds(8250, 8500); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 8500 to 8749") { runSeeds(8500, 8750); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 8750 to 8999") { runSeeds(8750, 9000); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 9000 to 9249") { runSeeds(9000, 9250); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 9250 to 9499") { runSeeds(9250, 9500); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 9500 to 9749") { runSeeds(9500, 9750); }
    TEST_CASE("every FETCH item of generated mailboxes reads back, seeds 9750 to 9999") { runSeeds(9750, 10000); }

    TEST_CASE("a multipart nested deeper than the server reads") {
        // 70 levels: the server reads 64 multiparts (message_parts.cpp kMaxDepth) and the
        // rest as text; the client must read all of what it writes.
        std::string body = "deep\r\n";
        for (int i = 69; i >= 0; --i)
            body = "Content-Type: multipart/mixed; boundary=d" + std::to_string(i) + "\r\n\r\n--d" + std::to_string(i) +
                   "\r\n" + body + "\r\n--d" + std::to_string(i) + "--\r\n";
        testing::World w(0);
        w.store.append(*w.alice, w.alice->inbox(), mail::Message::fromBytes("Subject: deep\r\n" + body, kNow));
        Random r(1);
        Link link(w, r);
        requireOk(link.run(Command::login("alice", "secret")));
        requireOk(link.run(Command::select("INBOX")));
        const auto events = link.run(Command::fetch("1", "(BODYSTRUCTURE ENVELOPE)"));
        requireOk(events);
        const auto fetched = only<client::FetchData>(events);
        REQUIRE(fetched.size() == 1);
        REQUIRE(fetched[0].bodyStructure);
        int multiparts = 0;
        const client::BodyStructure* b = &*fetched[0].bodyStructure;
        for (; b->isMultipart(); b = &b->parts.at(0)) ++multiparts;
        CHECK(multiparts == 64);
        CHECK(b->type == "TEXT");
        CHECK(b->subtype == "PLAIN");
    }
}
