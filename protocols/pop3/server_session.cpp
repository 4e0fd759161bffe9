// POP3 server session lifecycle (RFC 1939 §3-§6; commands are in commands.cpp): greeting,
// line reading, autologout, dropped connections, STLS input discarding (RFC 2595 §4).
#include "protocols/pop3/server_session.h"

#include <ostream>

namespace mailscope::pop3 {

// [SECTION] printing

std::ostream& operator<<(std::ostream& os, State state) {
    switch (state) {
        case State::Authorization: return os << "Authorization";
        case State::Transaction: return os << "Transaction";
        case State::Update: return os << "Update";
        case State::Closed: return os << "Closed";
    }
    return os << "State(?)";
}

std::ostream& operator<<(std::ostream& os, AuthFailure reason) {
    switch (reason) {
        case AuthFailure::BadCredentials: return os << "bad credentials";
        case AuthFailure::MaildropInUse: return os << "maildrop in use";
        case AuthFailure::PlaintextDisallowed: return os << "plaintext disallowed";
        case AuthFailure::Cancelled: return os << "cancelled";
        case AuthFailure::MalformedResponse: return os << "malformed response";
    }
    return os << "AuthFailure(?)";
}

std::ostream& operator<<(std::ostream& os, CloseReason reason) {
    switch (reason) {
        case CloseReason::Quit: return os << "quit";
        case CloseReason::Autologout: return os << "autologout";
        case CloseReason::TooManyErrors: return os << "too many errors";
        case CloseReason::Dropped: return os << "dropped";
    }
    return os << "CloseReason(?)";
}

namespace {

struct EventPrinter {
    std::ostream& os;
    void operator()(const CommandReceived& e) const { os << "CommandReceived{\"" << e.line << "\"}"; }
    void operator()(const Authenticated& e) const {
        os << "Authenticated{" << e.user << " via " << e.mechanism << "}";
    }
    void operator()(const AuthFailed& e) const { os << "AuthFailed{\"" << e.user << "\", " << e.reason << "}"; }
    void operator()(const MessageRetrieved& e) const {
        os << "MessageRetrieved{msg " << e.msgno << ", uid " << e.uid << "}";
    }
    void operator()(const MarkedDeleted& e) const { os << "MarkedDeleted{msg " << e.msgno << ", uid " << e.uid << "}"; }
    void operator()(const MarksReset& e) const { os << "MarksReset{" << e.unmarked << " unmarked}"; }
    void operator()(const UpdateApplied& e) const {
        os << "UpdateApplied{expunged";
        for (auto uid : e.expunged) os << ' ' << uid;
        os << "}";
    }
    void operator()(const TlsRequested&) const { os << "TlsRequested{}"; }
    void operator()(const SessionClosed& e) const { os << "SessionClosed{" << e.reason << "}"; }
    void operator()(const ProtocolError& e) const { os << "ProtocolError{\"" << e.text << "\"}"; }
    void operator()(const Replied& e) const { os << "Replied{" << (e.ok ? "+OK" : "-ERR") << (e.code.empty() ? "" : " [" + e.code + "]") << "}"; }
};

// Shows CR and LF so failures print exactly what went over the wire.
void printWire(std::ostream& os, std::string_view bytes) {
    for (char c : bytes) {
        if (c == '\r') os << "\\r";
        else if (c == '\n') os << "\\n\n";
        else os << c;
    }
}

}  // namespace

std::ostream& operator<<(std::ostream& os, const Event& event) {
    std::visit(EventPrinter{os}, event);
    return os;
}

std::ostream& operator<<(std::ostream& os, const Output& output) {
    os << "Output{toPeer:\n";
    printWire(os, output.toPeer);
    os << "events:";
    for (const auto& e : output.events) os << "\n  " << e;
    return os << "\nclose: " << (output.close ? "yes" : "no") << "}";
}

std::string maskedCommandLine(std::string_view line, bool saslResponse) {
    static constexpr std::string_view kMask = "********";
    if (saslResponse) return line == "*" ? std::string(line) : std::string(kMask);
    const std::size_t space = line.find(' ');
    const std::string keyword = toUpperAscii(line.substr(0, space));
    if (space == std::string_view::npos) return std::string(line);
    if (keyword == "PASS") return "PASS " + std::string(kMask);
    if (keyword == "AUTH") {
        // AUTH mechanism [initial-response]: keep the mechanism, hide the response.
        const std::size_t second = line.find(' ', space + 1);
        if (second != std::string_view::npos) return std::string(line.substr(0, second + 1)) + std::string(kMask);
    }
    return std::string(line);
}

// [SECTION] lifecycle

ServerSession::ServerSession(mail::MailStore& store, ServerConfig config, mail::SessionId id, core::Time now)
    : m_store(store),
      m_config(std::move(config)),
      m_id(id),
      // RFC 1939 §7: the timestamp must differ for each greeting; session id and time do.
      m_timestamp("<" + std::to_string(id) + "." + std::to_string(now) + "@" + m_config.hostname + ">"),
      m_reader(m_config.maxLineLength),
      m_lastActivity(now) {}

ServerSession::~ServerSession() { releaseLock(); }

Output ServerSession::start() {
    Output out;
    if (m_state != State::Closed) ok(out, m_config.implementation + " POP3 server ready " + m_timestamp);
    return out;
}

Output ServerSession::receive(std::string_view bytes) {
    Output out;
    if (m_state == State::Closed || bytes.empty()) return out;
    m_activitySinceTick = true;
    // RFC 2595 §4 and CVE-2011-0411: nothing sent between STLS and the end of the
    // handshake may be taken as a command.
    if (m_awaitingTls) return out;

    m_reader.append(bytes);
    while (m_state != State::Closed && !m_awaitingTls) {
        m_reader.setMaxLine(m_saslPending ? m_config.maxSaslLineLength : m_config.maxLineLength);
        auto line = m_reader.next();
        if (!line) break;
        if (line->tooLong) {
            const bool wasSasl = m_saslPending;
            m_saslPending = false;  // a too-long SASL response ends the AUTH exchange
            const std::string shown = m_config.maskSecrets ? maskedCommandLine(line->text, wasSasl) : line->text;
            out.emit(CommandReceived{shown + "..."});
            fail(out, "line too long");
            continue;
        }
        handleLine(out, line->text);
    }
    if (m_awaitingTls || m_state == State::Closed) m_reader.clear();
    return out;
}

void ServerSession::handleLine(Output& out, std::string_view line) {
    const bool sasl = m_saslPending;
    out.emit(CommandReceived{m_config.maskSecrets ? maskedCommandLine(line, sasl) : std::string(line)});
    if (sasl) handleSaslResponse(out, line);
    else handleCommand(out, line);
}

Output ServerSession::tick(core::Time now) {
    Output out;
    if (m_state == State::Closed) return out;
    if (m_activitySinceTick) {
        // The bytes came at some moment up to now; counting them from now is never early.
        m_activitySinceTick = false;
        if (now > m_lastActivity) m_lastActivity = now;
        return out;
    }
    if (m_config.autologoutSeconds > 0 && now - m_lastActivity >= m_config.autologoutSeconds) {
        // RFC 1939 §3: the autologout timer ends the session without entering UPDATE.
        out.toPeer += "-ERR autologout: idle for too long, closing connection\r\n";
        close(out, CloseReason::Autologout);
    }
    return out;
}

Output ServerSession::disconnect() {
    Output out;
    if (m_state != State::Closed) close(out, CloseReason::Dropped);
    return out;
}

void ServerSession::tlsEstablished() {
    if (!m_awaitingTls) return;
    m_awaitingTls = false;
    m_tlsActive = true;
    m_reader.clear();
}

void ServerSession::close(Output& out, CloseReason reason) {
    releaseLock();
    m_state = State::Closed;
    m_saslPending = false;
    m_awaitingTls = false;
    out.close = true;
    out.emit(SessionClosed{reason});
}

void ServerSession::releaseLock() {
    if (m_locked && m_account != nullptr) m_store.unlockMaildrop(*m_account, m_id);
    m_locked = false;
}

}  // namespace mailscope::pop3
