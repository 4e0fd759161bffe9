// POP3 client engine: command bytes from typed commands, typed events from response
// bytes (RFC 1939 §3 status lines and multi-line data, RFC 2449 §8 response codes).
#include "protocols/pop3/client_engine.h"

#include <ostream>

#include "protocols/core/catalogue.h"

namespace mailscope::pop3 {

namespace {

// A sanity cap for one line from the server, so a broken peer cannot grow memory forever.
constexpr std::size_t kMaxServerLine = 1 << 20;
// RFC 5034 §4: an AUTH command with its initial response must fit in 255 octets.
constexpr std::size_t kMaxCommandLine = 255;

bool startsWithIgnoreCase(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && core::equalsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

std::vector<std::string_view> words(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == ' ' || text[i] == '\t') {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && text[end] != ' ' && text[end] != '\t') ++end;
        out.push_back(text.substr(i, end - i));
        i = end;
    }
    return out;
}

std::vector<std::string_view> dataLines(std::string_view data) {
    std::vector<std::string_view> out;
    std::size_t pos = 0;
    while (pos < data.size()) {
        const std::size_t end = data.find("\r\n", pos);
        out.push_back(data.substr(pos, end - pos));
        pos = end + 2;
    }
    return out;
}

// "n size" of LIST, "n uid" of UIDL: a message number and one more word.
bool parseEntry(std::string_view line, std::uint32_t& msg, std::string_view& second) {
    const auto w = words(line);
    if (w.size() < 2) return false;
    const auto n = parseNumber(w[0]);
    if (!n || *n == 0 || *n > 0xFFFFFFFFu) return false;
    msg = static_cast<std::uint32_t>(*n);
    second = w[1];
    return true;
}

std::string printable(std::string_view line) {
    std::string out;
    for (char c : line) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) out += '?';
        else out += c;
    }
    return out;
}

}  // namespace

// [SECTION] commands

std::ostream& operator<<(std::ostream& os, CommandKind kind) {
    switch (kind) {
        case CommandKind::Greeting: return os << "greeting";
        case CommandKind::User: return os << "USER";
        case CommandKind::Pass: return os << "PASS";
        case CommandKind::Apop: return os << "APOP";
        case CommandKind::Auth: return os << "AUTH";
        case CommandKind::SaslResponse: return os << "SASL response";
        case CommandKind::Stat: return os << "STAT";
        case CommandKind::List: return os << "LIST";
        case CommandKind::Retr: return os << "RETR";
        case CommandKind::Dele: return os << "DELE";
        case CommandKind::Noop: return os << "NOOP";
        case CommandKind::Rset: return os << "RSET";
        case CommandKind::Quit: return os << "QUIT";
        case CommandKind::Top: return os << "TOP";
        case CommandKind::Uidl: return os << "UIDL";
        case CommandKind::Capa: return os << "CAPA";
        case CommandKind::Stls: return os << "STLS";
    }
    return os << "CommandKind(?)";
}

namespace {

Command simple(CommandKind kind, std::optional<std::uint32_t> msg = std::nullopt) {
    Command c;
    c.kind = kind;
    c.msg = msg;
    return c;
}

}  // namespace

Command Command::user(std::string name) {
    Command c = simple(CommandKind::User);
    c.name = std::move(name);
    return c;
}
Command Command::pass(std::string password) {
    Command c = simple(CommandKind::Pass);
    c.secret = std::move(password);
    return c;
}
Command Command::apop(std::string name, std::string password) {
    Command c = simple(CommandKind::Apop);
    c.name = std::move(name);
    c.secret = std::move(password);
    return c;
}
Command Command::authPlain(std::string user, std::string password, bool initialResponse, std::string authzid) {
    Command c = simple(CommandKind::Auth);
    c.mechanism = "PLAIN";
    c.name = std::move(user);
    c.secret = std::move(password);
    c.authzid = std::move(authzid);
    c.initialResponse = initialResponse;
    return c;
}
Command Command::auth(std::string mechanism) {
    Command c = simple(CommandKind::Auth);
    c.mechanism = std::move(mechanism);
    c.initialResponse = false;
    return c;
}
Command Command::saslResponse(std::string base64) {
    Command c = simple(CommandKind::SaslResponse);
    c.secret = std::move(base64);
    return c;
}
Command Command::saslCancel() { return saslResponse("*"); }
Command Command::stat() { return simple(CommandKind::Stat); }
Command Command::list() { return simple(CommandKind::List); }
Command Command::list(std::uint32_t msg) { return simple(CommandKind::List, msg); }
Command Command::retr(std::uint32_t msg) { return simple(CommandKind::Retr, msg); }
Command Command::dele(std::uint32_t msg) { return simple(CommandKind::Dele, msg); }
Command Command::noop() { return simple(CommandKind::Noop); }
Command Command::rset() { return simple(CommandKind::Rset); }
Command Command::quit() { return simple(CommandKind::Quit); }
Command Command::top(std::uint32_t msg, std::uint32_t lines) {
    Command c = simple(CommandKind::Top, msg);
    c.lines = lines;
    return c;
}
Command Command::uidl() { return simple(CommandKind::Uidl); }
Command Command::uidl(std::uint32_t msg) { return simple(CommandKind::Uidl, msg); }
Command Command::capa() { return simple(CommandKind::Capa); }
Command Command::stls() { return simple(CommandKind::Stls); }

std::string saslPlainResponse(std::string_view user, std::string_view password, std::string_view authzid) {
    return core::encodeSaslPlain(user, password, authzid);
}

// [SECTION] event printing

bool Capabilities::has(std::string_view tag) const {
    for (const auto& line : lines) {
        const auto w = words(line);
        if (!w.empty() && core::equalsIgnoreCase(w[0], tag)) return true;
    }
    return false;
}

std::vector<std::string> Capabilities::arguments(std::string_view tag) const {
    for (const auto& line : lines) {
        const auto w = words(line);
        if (w.empty() || !core::equalsIgnoreCase(w[0], tag)) continue;
        return std::vector<std::string>(w.begin() + 1, w.end());
    }
    return {};
}

namespace {

struct ClientEventPrinter {
    std::ostream& os;
    void operator()(const Greeting& e) const {
        os << "Greeting{" << (e.ok ? "+OK" : "-ERR") << " \"" << e.text << "\" timestamp \"" << e.timestamp << "\"}";
    }
    void operator()(const Response& e) const {
        os << "Response{" << e.command << ' ' << (e.ok ? "+OK" : "-ERR");
        if (!e.code.empty()) os << " [" << e.code << ']';
        os << " \"" << e.text << "\"}";
    }
    void operator()(const StatResult& e) const { os << "StatResult{" << e.count << ", " << e.size << "}"; }
    void operator()(const ListResult& e) const {
        os << "ListResult{";
        for (const auto& entry : e.entries) os << ' ' << entry.msg << ':' << entry.size;
        os << " }";
    }
    void operator()(const UidlResult& e) const {
        os << "UidlResult{";
        for (const auto& entry : e.entries) os << ' ' << entry.msg << ':' << entry.uid;
        os << " }";
    }
    void operator()(const MessageData& e) const {
        os << "MessageData{" << (e.top ? "TOP " : "RETR ") << e.msg << ", " << e.bytes.size() << " octets}";
    }
    void operator()(const Capabilities& e) const {
        os << "Capabilities{";
        for (const auto& line : e.lines) os << " \"" << line << '"';
        os << " }";
    }
    void operator()(const MechanismList& e) const {
        os << "MechanismList{";
        for (const auto& m : e.mechanisms) os << ' ' << m;
        os << " }";
    }
    void operator()(const Continuation& e) const { os << "Continuation{\"" << e.challenge << "\"}"; }
    void operator()(const ClientError& e) const { os << "ClientError{\"" << e.text << "\"}"; }
};

}  // namespace

std::ostream& operator<<(std::ostream& os, const ClientEvent& event) {
    std::visit(ClientEventPrinter{os}, event);
    return os;
}

// [SECTION] engine

ClientEngine::ClientEngine() : m_reader(kMaxServerLine) {
    Pending greeting;
    greeting.kind = CommandKind::Greeting;
    m_pending.push_back(std::move(greeting));
}

std::string ClientEngine::send(const Command& command) {
    std::string line;
    Pending pending;
    pending.kind = command.kind;
    pending.msg = command.msg;
    const auto msgArg = [&] { return command.msg ? " " + std::to_string(*command.msg) : std::string(); };
    switch (command.kind) {
        case CommandKind::Greeting: return {};
        case CommandKind::User: line = "USER " + command.name; break;
        case CommandKind::Pass: line = "PASS " + command.secret; break;
        case CommandKind::Apop:
            if (m_timestamp.empty()) return {};
            line = "APOP " + command.name + " " + md5Hex(m_timestamp + command.secret);
            break;
        case CommandKind::Auth:
            if (command.mechanism.empty()) {
                line = "AUTH";
                pending.listing = true;
                break;
            }
            line = "AUTH " + command.mechanism;
            if (core::equalsIgnoreCase(command.mechanism, "PLAIN") && !command.name.empty()) {
                const std::string response = saslPlainResponse(command.name, command.secret, command.authzid);
                const std::string withResponse = line + " " + (response.empty() ? "=" : response);
                if (command.initialResponse && withResponse.size() + 2 <= kMaxCommandLine) line = withResponse;
                else pending.saslReply = response;
            }
            break;
        case CommandKind::SaslResponse:
            // Part of the AUTH exchange in progress, not a command of its own.
            return command.secret + "\r\n";
        case CommandKind::Stat: line = "STAT"; break;
        case CommandKind::List: line = "LIST" + msgArg(); break;
        case CommandKind::Retr: line = "RETR" + msgArg(); break;
        case CommandKind::Dele: line = "DELE" + msgArg(); break;
        case CommandKind::Noop: line = "NOOP"; break;
        case CommandKind::Rset: line = "RSET"; break;
        case CommandKind::Quit: line = "QUIT"; break;
        case CommandKind::Top: line = "TOP" + msgArg() + " " + std::to_string(command.lines); break;
        case CommandKind::Uidl: line = "UIDL" + msgArg(); break;
        case CommandKind::Capa: line = "CAPA"; break;
        case CommandKind::Stls: line = "STLS"; break;
    }
    m_pending.push_back(std::move(pending));
    return line + "\r\n";
}

std::vector<ClientEvent> ClientEngine::receive(std::string_view bytes) {
    std::vector<ClientEvent> events;
    m_reader.append(bytes);
    while (auto line = m_reader.next()) {
        if (line->tooLong) {
            events.push_back(ClientError{"line from the server too long, skipped"});
            continue;
        }
        handleLine(events, line->text);
    }
    return events;
}

void ClientEngine::handleLine(std::vector<ClientEvent>& events, std::string_view line) {
    if (m_pending.empty()) {
        events.push_back(ClientError{"unexpected line from the server: " + printable(line)});
        return;
    }
    Pending& front = m_pending.front();
    if (!front.multiLine) return handleStatus(events, line);
    // RFC 1939 §3: a lone "." ends the data; other lines lose one leading ".".
    if (line == ".") return finishMultiLine(events);
    front.data += unstuffLine(line);
    front.data += "\r\n";
}

void ClientEngine::handleStatus(std::vector<ClientEvent>& events, std::string_view line) {
    Pending& front = m_pending.front();

    // RFC 5034 §4: "+" or "+ base64" is a continuation, valid only while AUTH runs.
    if (line == "+" || line.substr(0, 2) == "+ ") {
        if (front.kind != CommandKind::Auth) {
            events.push_back(ClientError{"continuation outside AUTH: " + printable(line)});
            return;
        }
        const std::string_view encoded = line.size() > 2 ? line.substr(2) : std::string_view();
        const auto challenge = base64Decode(encoded);
        if (!challenge) events.push_back(ClientError{"continuation is not base64: " + printable(line)});
        events.push_back(Continuation{challenge.value_or(std::string(encoded)), front.saslReply});
        return;
    }

    bool ok = false;
    std::string_view text;
    if (startsWithIgnoreCase(line, "+OK") && (line.size() == 3 || line[3] == ' ')) {
        ok = true;
        text = line.substr(3);
    } else if (startsWithIgnoreCase(line, "-ERR") && (line.size() == 4 || line[4] == ' ')) {
        text = line.substr(4);
    } else {
        events.push_back(ClientError{"malformed response: " + printable(line)});
        m_pending.pop_front();
        return;
    }
    if (!text.empty()) text.remove_prefix(1);

    if (front.kind == CommandKind::Greeting) {
        Greeting greeting{ok, std::string(text), {}};
        // RFC 1939 §7: the timestamp is a msg-id, "<...@...>", somewhere in the banner.
        const std::size_t open = text.find('<');
        const std::size_t closing = open == std::string_view::npos ? open : text.find('>', open);
        if (closing != std::string_view::npos && text.substr(open, closing - open).find('@') != std::string_view::npos)
            greeting.timestamp = std::string(text.substr(open, closing - open + 1));
        m_timestamp = greeting.timestamp;
        m_greeted = ok;
        events.push_back(std::move(greeting));
        m_pending.pop_front();
        return;
    }

    // RFC 2449 §8: an optional "[CODE/SUB]" right after the status.
    Response response{front.kind, ok, {}, std::string(text)};
    if (!text.empty() && text.front() == '[') {
        const std::size_t close = text.find(']');
        if (close != std::string_view::npos) {
            response.code = std::string(text.substr(1, close - 1));
            std::string_view rest = text.substr(close + 1);
            while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
            response.text = std::string(rest);
        }
    }
    events.push_back(response);

    if (!ok) {
        m_pending.pop_front();
        return;
    }
    const auto w = words(text);
    switch (front.kind) {
        case CommandKind::Stat: {
            const auto count = w.size() >= 2 ? parseNumber(w[0], 0xFFFFFFFFFFull) : std::nullopt;
            const auto size = w.size() >= 2 ? parseNumber(w[1], 0xFFFFFFFFFFFFull) : std::nullopt;
            if (count && size) events.push_back(StatResult{static_cast<std::size_t>(*count), *size});
            else events.push_back(ClientError{"malformed STAT response: " + printable(line)});
            break;
        }
        case CommandKind::List:
        case CommandKind::Uidl:
            if (!front.msg) {
                front.multiLine = true;
                return;
            }
            {
                std::uint32_t msg = 0;
                std::string_view second;
                const auto size = parseEntry(text, msg, second) ? parseNumber(second, 0xFFFFFFFFFFFFull) : std::nullopt;
                if (front.kind == CommandKind::List && size) events.push_back(ListResult{{ListEntry{msg, *size}}});
                else if (front.kind == CommandKind::Uidl && msg != 0)
                    events.push_back(UidlResult{{UidlEntry{msg, std::string(second)}}});
                else events.push_back(ClientError{"malformed " + std::string(front.kind == CommandKind::List ? "LIST" : "UIDL") +
                                                  " response: " + printable(line)});
            }
            break;
        case CommandKind::Retr:
            // "+OK 120 octets" (RFC 1939 §5 example): the exact size, when the server says it.
            if (w.size() >= 2 && core::equalsIgnoreCase(w[1], "octets")) front.octets = parseNumber(w[0], 0xFFFFFFFFFFFFull);
            front.multiLine = true;
            return;
        case CommandKind::Top:
        case CommandKind::Capa:
            front.multiLine = true;
            return;
        case CommandKind::Auth:
            if (front.listing) {
                front.multiLine = true;
                return;
            }
            break;
        case CommandKind::Stls:
            // RFC 2595 §4: whatever followed the +OK in the clear is not trusted (the
            // client-side twin of CVE-2011-0411); the TLS layer starts from nothing.
            m_reader.clear();
            break;
        default: break;
    }
    m_pending.pop_front();
}

void ClientEngine::finishMultiLine(std::vector<ClientEvent>& events) {
    Pending done = std::move(m_pending.front());
    m_pending.pop_front();
    switch (done.kind) {
        case CommandKind::List: {
            ListResult result;
            for (auto line : dataLines(done.data)) {
                std::uint32_t msg = 0;
                std::string_view second;
                const auto size = parseEntry(line, msg, second) ? parseNumber(second, 0xFFFFFFFFFFFFull) : std::nullopt;
                if (size) result.entries.push_back(ListEntry{msg, *size});
                else events.push_back(ClientError{"malformed LIST line: " + printable(line)});
            }
            events.push_back(std::move(result));
            break;
        }
        case CommandKind::Uidl: {
            UidlResult result;
            for (auto line : dataLines(done.data)) {
                std::uint32_t msg = 0;
                std::string_view second;
                if (parseEntry(line, msg, second)) result.entries.push_back(UidlEntry{msg, std::string(second)});
                else events.push_back(ClientError{"malformed UIDL line: " + printable(line)});
            }
            events.push_back(std::move(result));
            break;
        }
        case CommandKind::Retr:
        case CommandKind::Top: {
            // The server ends the data with CRLF before "."; if the message itself did not
            // end so, "+OK n octets" says it was two octets shorter.
            if (done.octets && done.data.size() == *done.octets + 2) done.data.resize(done.data.size() - 2);
            events.push_back(MessageData{done.msg.value_or(0), done.kind == CommandKind::Top, std::move(done.data)});
            break;
        }
        case CommandKind::Capa: {
            Capabilities caps;
            for (auto line : dataLines(done.data)) caps.lines.emplace_back(line);
            events.push_back(std::move(caps));
            break;
        }
        case CommandKind::Auth: {
            MechanismList list;
            for (auto line : dataLines(done.data))
                for (auto word : words(line)) list.mechanisms.emplace_back(word);
            events.push_back(std::move(list));
            break;
        }
        default: events.push_back(ClientError{"unexpected multi-line data"}); break;
    }
}

}  // namespace mailscope::pop3
