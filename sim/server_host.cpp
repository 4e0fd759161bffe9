// ServerHost: POP3 and IMAP sessions on a shared MailStore, fed one client line (or
// literal chunk, RFC 3501 7.5) at a time so each transcript entry is followed by its answer.
#include "sim/server_host.h"

#include <algorithm>
#include <map>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "protocols/imap/server_session.h"
#include "protocols/pop3/server_session.h"

namespace mailscope::sim {
namespace {

constexpr std::size_t kMaxShownLine = 2000;  // longer client lines are cut in the transcript
constexpr std::string_view kMask = "********";

/// Appends bytes to a line being shown, up to kMaxShownLine; counts what is cut off.
struct ShownLine {
    std::string text;
    std::size_t cut = 0;

    void append(std::string_view bytes) {
        const std::size_t room = kMaxShownLine - std::min(kMaxShownLine, text.size());
        text.append(bytes.substr(0, room));
        cut += bytes.size() - std::min(room, bytes.size());
    }
    /// The line without its CRLF (or LF), with a note when it was cut; then empties itself.
    std::string take() {
        std::string line = std::move(text);
        if (cut == 0) {
            if (!line.empty() && line.back() == '\n') line.pop_back();
            if (!line.empty() && line.back() == '\r') line.pop_back();
        } else {
            line += "... (" + std::to_string(cut) + " more bytes)";
        }
        text.clear();
        cut = 0;
        return line;
    }
};

/// Whether the last line of a server output is a continuation request ("+ ...").
bool endsWithContinuation(std::string_view bytes) {
    const auto lines = splitLines(bytes);
    return !lines.empty() && lines.back().starts_with("+");
}

std::string upper(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

template <class Event, class Output>
bool has(const Output& out) {
    return std::any_of(out.events.begin(), out.events.end(),
                       [](const auto& e) { return std::holds_alternative<Event>(e); });
}

/// A protocol Output as the link sees it.
template <class Output, class TlsEvent, class AuthFailedEvent>
SessionOutput toLink(Output out) {
    const bool failedLogin = std::any_of(out.events.begin(), out.events.end(), [](const auto& e) {
        const auto* failed = std::get_if<AuthFailedEvent>(&e);
        return failed && failed->reason == decltype(failed->reason)::BadCredentials;
    });
    return SessionOutput{std::move(out.toPeer), has<TlsEvent>(out), out.close, failedLogin};
}

}  // namespace

// [SECTION] HostedSession

HostedSession::HostedSession(ServerHost& host, Protocol protocol, mail::SessionId id, std::string name,
                             LinkSecurity security, SessionSink sink)
    : m_host(host),
      m_tlsActive(security == LinkSecurity::ImplicitTls),
      m_protocol(protocol),
      m_id(id),
      m_name(std::move(name)),
      m_security(security),
      m_sink(std::move(sink)) {
    // A real client may send without end (200,000 NOOPs): its transcript keeps the last lines.
    m_transcript.setCapacity(core::limits::kTranscriptLines);
    if (m_name.empty()) m_name = std::string(protocol == Protocol::Pop3 ? "pop3 " : "imap ") + std::to_string(id);
    m_host.add(this);
}

HostedSession::~HostedSession() { m_host.remove(this); }

void HostedSession::shutdown(core::Time now) {
    if (m_closed) return;
    disconnect(now, SessionEnd::Shutdown);
    deliver(SessionOutput{goodbye(), false, true}, now);
}

void HostedSession::deliver(SessionOutput output, core::Time now) {
    if (m_recording) {
        // A long response comes in pieces that may end inside a line: that line is recorded
        // once its end has come (or the session ends).
        std::string_view bytes = output.bytes;
        std::string joined;
        if (!m_partialLine.empty()) {
            joined = std::exchange(m_partialLine, {}) + output.bytes;
            bytes = joined;
        }
        const std::size_t complete = bytes.rfind('\n') == std::string_view::npos ? 0 : bytes.rfind('\n') + 1;
        if (!output.close) {
            m_partialLine = std::string(bytes.substr(complete));
            bytes = bytes.substr(0, complete);
        }
        for (std::string_view line : splitLines(bytes)) {
            const TranscriptEntry& e =
                m_transcript.add(m_protocol, now, m_name, m_id, core::Direction::ServerToClient, std::string(line));
            m_host.lineRecorded(*this, e);
        }
    }
    if (output.close) m_closed = true;
    if (m_sink && (!output.bytes.empty() || output.startTls || output.close)) m_sink(std::move(output));
}

void HostedSession::recordClient(std::string text, core::Time now) {
    if (!m_recording) return;
    const TranscriptEntry& e =
        m_transcript.add(m_protocol, now, m_name, m_id, core::Direction::ClientToServer, std::move(text));
    m_host.lineRecorded(*this, e);
}

void HostedSession::afterInput(core::Time now) { m_host.pushUpdates(now); }

void HostedSession::report(Event event) { m_host.emit(std::move(event)); }

void HostedSession::reportTls(std::string description) { report(TlsEstablished{actor(), std::move(description)}); }

void HostedSession::reportOpened() {
    if (std::exchange(m_openedReported, true)) return;
    // A device's link records its own transcript (setRecording(false)); real clients do not.
    report(SessionOpened{actor(), m_protocol, m_security == LinkSecurity::ImplicitTls, m_recording});
}

void HostedSession::reportClosed(SessionEnd reason) {
    if (m_closedReported) return;
    m_closedReported = true;
    report(SessionClosed{actor(), m_protocol, reason});
}

void HostedSession::beginInput() { m_host.m_inputOf = this; }

void HostedSession::changesCausedBy(std::string_view command) {
    if (!m_host.m_heldChanges.empty()) m_host.flushChanges(command);
}

void HostedSession::endInput() {
    changesCausedBy({});
    m_host.m_inputOf = nullptr;
}

namespace {

// [SECTION] What both protocols share: the session, its greeting, autologout, hang-up
// and TLS, and how its Output reaches the link.

template <class Session, class Output, class TlsEvent, class AuthFailedEvent>
class HostedOf : public HostedSession {
public:
    void start(core::Time now) override {
        reportOpened();
        send(m_session.start(), now);
    }

    void tick(core::Time now) override {
        if (!m_closed) send(m_session.tick(now), now);
    }

    void disconnect(core::Time, SessionEnd reason) override {
        if (m_closed) return;
        m_dropReason = reason;
        translate(m_session.disconnect());
        reportClosed(reason);
        m_closed = true;
    }

    void tlsEstablished(core::Time, std::string description) override {
        m_session.tlsEstablished();
        m_tlsActive = true;
        reportTls(std::move(description));
    }

    /// A real connection: it holds the answer to a failed login for a moment, and the
    /// input after that failure waits for it (receive() with no bytes goes on with it).
    void setStreaming(bool on) override { m_real = on; }

protected:
    template <class Config>
    HostedOf(ServerHost& host, Protocol protocol, mail::SessionId id, std::string name, LinkSecurity security,
             SessionSink sink, Config config, core::Time now)
        : HostedSession(host, protocol, id, std::move(name), security, std::move(sink)),
          m_session(host.store(), std::move(config), id, now) {}

    /// Reports the output's events, records its lines and hands it to the link.
    void send(Output out, core::Time now) {
        translate(out);
        SessionOutput link = toLink<Output, TlsEvent, AuthFailedEvent>(std::move(out));
        if (link.failedLogin && m_real) m_heldBack = true;
        deliver(std::move(link), now);
    }
    /// The input that waited (after a failed login, or behind a long response), then `bytes`.
    std::string_view withWaiting(std::string_view bytes, std::string& joined) {
        if (m_waiting.empty()) return bytes;
        joined = std::exchange(m_waiting, {});
        joined.append(bytes);
        return joined;
    }
    /// Turns the engine's events into the world's (sim/events.h), in order.
    virtual void translate(const Output& out) = 0;

    Session m_session;
    SessionEnd m_dropReason = SessionEnd::Dropped;  ///< why disconnect() was called
    bool m_real = false;      ///< setStreaming(true): a real connection
    bool m_heldBack = false;  ///< a failed login was answered: the rest of the input waits
    std::string m_waiting;    ///< input not yet handed to the session (one read at most)
};

/// The command name of a POP3 line: its first word, upper case.
std::string pop3Command(std::string_view line) { return upper(line.substr(0, line.find(' '))); }

// [SECTION] POP3: one line per step; the session's CommandReceived events are the
// client lines, already masked (pop3::ServerConfig::maskSecrets).

class Pop3Hosted final : public HostedOf<pop3::ServerSession, pop3::Output, pop3::TlsRequested, pop3::AuthFailed> {
public:
    Pop3Hosted(ServerHost& host, mail::SessionId id, std::string name, LinkSecurity security, SessionSink sink,
               core::Time now)
        : HostedOf(host, Protocol::Pop3, id, std::move(name), security, std::move(sink),
                   configFor(host.config(), security), now) {}

    void receive(std::string_view fresh, core::Time now) override {
        std::string joined;
        std::string_view bytes = withWaiting(fresh, joined);
        m_heldBack = false;
        beginInput();
        while (!bytes.empty() && !m_closed && !m_session.awaitingTls()) {
            if (m_heldBack) {  // read once the link has held the failed login's answer
                m_waiting = std::string(bytes);
                break;
            }
            const std::size_t lf = bytes.find('\n');
            const std::size_t n = lf == std::string_view::npos ? bytes.size() : lf + 1;
            pop3::Output out = m_session.receive(bytes.substr(0, n));
            bytes.remove_prefix(n);
            for (const pop3::Event& e : out.events)
                if (const auto* c = std::get_if<pop3::CommandReceived>(&e)) recordClient(c->line, now);
            send(std::move(out), now);
        }
        endInput();
        afterInput(now);
    }

    const pop3::ServerSession* pop3() const override { return &m_session; }

    std::string shownClientText(std::string_view unit) const override {
        std::string_view line = unit;
        if (line.ends_with('\n')) line.remove_suffix(1);
        if (line.ends_with('\r')) line.remove_suffix(1);
        return m_session.config().maskSecrets ? pop3::maskedCommandLine(line, m_session.saslPending())
                                              : std::string(line);
    }

private:
    static pop3::ServerConfig configFor(const HostConfig& host, LinkSecurity security) {
        pop3::ServerConfig c;
        // On an implicit-TLS link the session never sees STLS: the link is already secure.
        const bool implicit = security == LinkSecurity::ImplicitTls;
        c.tlsAvailable = host.tlsAvailable && !implicit;
        c.plaintextAuthAllowed = host.plaintextLoginAllowed || implicit;
        c.maskSecrets = !host.showSecrets;
        return c;
    }
    std::string goodbye() const override { return "-ERR mailscope is shutting down\r\n"; }

    void translate(const pop3::Output& out) override {
        for (const pop3::Event& event : out.events) {
            if (const auto* e = std::get_if<pop3::CommandReceived>(&event)) {
                // A SASL response line is no command: it belongs to the AUTH before it.
                if (!m_command.starts_with("AUTH")) m_command = pop3Command(e->line);
            } else if (const auto* e = std::get_if<pop3::Authenticated>(&event)) {
                m_account = e->user;
            } else if (const auto* e = std::get_if<pop3::MarkedDeleted>(&event)) {
                m_marked.push_back(e->uid);
                report(MessageMarked{actor(), m_account, e->uid});
            } else if (std::holds_alternative<pop3::MarksReset>(event)) {
                if (!m_marked.empty()) report(MarksCleared{actor(), m_account, std::exchange(m_marked, {}), UnmarkReason::Rset});
            } else if (std::holds_alternative<pop3::UpdateApplied>(event)) {
                m_marked.clear();
                changesCausedBy("QUIT");
            } else if (const auto* e = std::get_if<pop3::Replied>(&event)) {
                if (m_command.empty()) continue;  // the greeting answers no command
                changesCausedBy(m_command);
                report(CommandCompleted{actor(), Protocol::Pop3, {}, std::exchange(m_command, {}),
                                        e->ok ? Outcome::Ok : Outcome::Err, e->code});
            } else if (const auto* e = std::get_if<pop3::SessionClosed>(&event)) {
                if (!m_marked.empty())
                    report(MarksCleared{actor(), m_account, std::exchange(m_marked, {}), UnmarkReason::Dropped});
                reportClosed(endOf(e->reason));
            }
        }
    }

    SessionEnd endOf(pop3::CloseReason reason) const {
        switch (reason) {
            case pop3::CloseReason::Quit: return SessionEnd::Quit;
            case pop3::CloseReason::Autologout: return SessionEnd::Autologout;
            case pop3::CloseReason::TooManyErrors: return SessionEnd::TooManyErrors;
            case pop3::CloseReason::Dropped: return m_dropReason;
        }
        return SessionEnd::Dropped;
    }

    std::string m_command;               // the command waiting for its answer
    Name m_account;                      // the user logged in
    std::vector<std::uint32_t> m_marked; // UIDs marked by DELE in this session
};

// [SECTION] IMAP: command lines and literal data (RFC 3501 4.3, 7.5) as separate steps.
// The transcript masks the LOGIN password, AUTHENTICATE's initial response and SASL
// response lines, in the command line itself or in a literal.

class ImapHosted final : public HostedOf<imap::ServerSession, imap::Output, imap::TlsRequested, imap::AuthFailed> {
public:
    ImapHosted(ServerHost& host, mail::SessionId id, std::string name, LinkSecurity security, SessionSink sink,
               core::Time now, SessionOrigin origin)
        : HostedOf(host, Protocol::Imap, id, std::move(name), security, std::move(sink),
                   configFor(host.config(), security, host.literalBudget(), origin), now),
          m_mask(!host.config().showSecrets) {
        if (security == LinkSecurity::ImplicitTls) m_session.tlsEstablished();
    }


    void receive(std::string_view fresh, core::Time now) override {
        std::string joined;
        std::string_view bytes = withWaiting(fresh, joined);
        if (m_session.hasMoreOutput()) {  // read once the response being made is complete
            m_waiting = std::string(bytes);
            return;
        }
        m_heldBack = false;
        beginInput();
        while (!bytes.empty() && !m_closed && !m_session.awaitingTls() && !m_session.hasMoreOutput() && !m_heldBack) {
            if (m_literalLeft > 0) {
                const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(m_literalLeft, bytes.size()));
                literalData(bytes.substr(0, n), now);
                imap::Output out = m_session.receive(bytes.substr(0, n));
                bytes.remove_prefix(n);
                send(std::move(out), now);
                continue;
            }
            const std::size_t lf = bytes.find('\n');
            const std::size_t n = lf == std::string_view::npos ? bytes.size() : lf + 1;
            m_line.append(bytes.substr(0, n));
            imap::Output out = m_session.receive(bytes.substr(0, n));
            bytes.remove_prefix(n);
            if (lf != std::string_view::npos) lineDone(out, now);
            send(std::move(out), now);
        }
        if (!m_closed && (m_session.hasMoreOutput() || m_heldBack)) m_waiting = std::string(bytes);
        endInput();
        afterInput(now);
    }

    void setStreaming(bool on) override {
        HostedOf::setStreaming(on);
        m_session.setStreaming(on);
    }
    bool hasMoreOutput() const override { return !m_closed && m_session.hasMoreOutput(); }

    void produceMore(core::Time now) override {
        if (!hasMoreOutput()) return;
        beginInput();
        send(m_session.produceMore(core::limits::kOutputChunk), now);
        endInput();
        afterInput(now);
        if (!m_session.hasMoreOutput() && !m_waiting.empty()) receive({}, now);
    }

    void tlsEstablished(core::Time now, std::string description) override {
        HostedOf::tlsEstablished(now, std::move(description));
        // Whatever was half-read before the handshake was discarded with it.
        m_line = ShownLine{};
        m_literalLeft = 0;
        m_state = MaskState{};
        m_saslNext = false;
    }

    const imap::ServerSession* imap() const override { return &m_session; }

private:
    static imap::ServerConfig configFor(const HostConfig& host, LinkSecurity security,
                                        std::shared_ptr<imap::LiteralBudget> budget, SessionOrigin origin) {
        imap::ServerConfig c;
        const bool implicit = security == LinkSecurity::ImplicitTls;
        c.tlsAvailable = host.tlsAvailable && !implicit;
        c.plaintextLoginAllowed = host.plaintextLoginAllowed || implicit;
        c.literalBudget = budget;
        // A real client gets what a production server offers; a simulated device's
        // conversation stays as its golden transcripts recorded it.
        const bool real = origin == SessionOrigin::RealClient;
        const bool resync = real || (origin == SessionOrigin::QuickResyncDevice && host.quickResyncForDevices);
        c.condstore = resync;
        c.qresync = resync;
        c.esearch = real;
        c.listExtended = real;
        c.multiappend = real;
        c.sort = real;
        c.context = real;
        c.binary = real;
        c.catenate = real;
        c.appendLimit = real;
        return c;
    }
    std::string goodbye() const override { return "* BYE mailscope is shutting down\r\n"; }

    void pushUpdates(core::Time now) override {
        if (!m_closed && m_session.hasPushableUpdates())
            send(m_session.pollUpdates(), now);
    }

    void reportOwed() override {
        if (m_closed) return;
        const std::vector<imap::Update> owed = m_session.takeOwedUpdates();
        if (owed.empty()) return;
        const std::string folder = m_session.selectedName();
        for (const imap::Update& u : owed) report(ChangeOwed{actor(), folder, kindOf(u.kind), u.uid});
    }

    static UpdateKind kindOf(imap::UpdateKind kind) {
        switch (kind) {
            case imap::UpdateKind::Exists: return UpdateKind::Exists;
            case imap::UpdateKind::Expunge: return UpdateKind::Expunge;
            case imap::UpdateKind::Flags: return UpdateKind::Flags;
        }
        return UpdateKind::Flags;
    }

    void translate(const imap::Output& out) override {
        for (const imap::Event& event : out.events) {
            if (const auto* e = std::get_if<imap::CommandReceived>(&event)) {
                m_commands[e->tag] = e->name;
            } else if (const auto* e = std::get_if<imap::CommandCompleted>(&event)) {
                const auto it = m_commands.find(e->tag);
                std::string command = it == m_commands.end() ? std::string() : it->second;
                if (it != m_commands.end()) m_commands.erase(it);
                changesCausedBy(command);
                const Outcome outcome = e->status == "OK" ? Outcome::Ok : e->status == "NO" ? Outcome::No : Outcome::Bad;
                report(CommandCompleted{actor(), Protocol::Imap, e->tag, std::move(command), outcome, e->code});
            } else if (const auto* e = std::get_if<imap::UpdatesSent>(&event)) {
                reportOwed();  // what this session's own command caused is owed before it is told
                // One event per kind of untagged response, in the order sent.
                std::optional<ChangeTold> told;
                for (const imap::Update& u : e->updates) {
                    if (told && told->kind != kindOf(u.kind)) report(*std::exchange(told, std::nullopt));
                    if (!told) told = ChangeTold{actor(), e->mailbox, kindOf(u.kind), {}};
                    told->uids.push_back(u.uid);
                }
                if (told) report(std::move(*told));
            } else if (const auto* e = std::get_if<imap::SessionClosed>(&event)) {
                changesCausedBy({});
                reportClosed(endOf(e->reason));
            }
        }
    }

    SessionEnd endOf(imap::CloseReason reason) const {
        switch (reason) {
            case imap::CloseReason::Logout: return SessionEnd::Quit;
            case imap::CloseReason::Autologout: return SessionEnd::Autologout;
            case imap::CloseReason::TooManyErrors: return SessionEnd::TooManyErrors;
            case imap::CloseReason::Dropped: return m_dropReason;
            case imap::CloseReason::Fatal: return SessionEnd::Fatal;
            case imap::CloseReason::MailboxDeleted: return SessionEnd::MailboxDeleted;
        }
        return SessionEnd::Dropped;
    }

    std::map<std::string, std::string> m_commands;  // tag -> command name, until answered

    /// Where the masking stands in the command being received.
    struct MaskState {
        std::size_t tokens = 0;  // tokens of the current command so far
        std::string command;     // its name, upper case
    };

    /// Which tokens of a command are secrets: LOGIN's password and AUTHENTICATE's initial
    /// response (token 0 is the tag, 1 the command).
    bool secretToken(std::size_t index, const std::string& command) const {
        return m_mask && index >= 3 && (command == "LOGIN" || command == "AUTHENTICATE");
    }

    std::string shownClientText(std::string_view unit) const override {
        std::string_view line = unit;
        if (line.ends_with('\n')) line.remove_suffix(1);
        if (line.ends_with('\r')) line.remove_suffix(1);
        if (m_literalLeft > 0) return m_literalSecret ? std::string(kMask) : std::string(line);
        if (m_saslNext) return m_mask && line != "*" ? std::string(kMask) : std::string(line);
        MaskState state = m_state;
        std::optional<std::uint64_t> literal;
        return maskTokens(line, literal, state);
    }

    /// A complete physical line arrived (the command's start, or its continuation after a
    /// literal): record it masked, and see whether a literal or a SASL response follows.
    void lineDone(const imap::Output& out, core::Time now) {
        std::string line = m_line.take();
        if (m_saslNext) {
            recordClient(m_mask && line != "*" ? std::string(kMask) : line, now);
            m_saslNext = endsWithContinuation(out.toPeer);
            return;
        }
        const bool continuation = m_state.tokens > 0;  // the rest of a command after its literal
        std::optional<std::uint64_t> literal;
        std::string shown = maskTokens(line, literal, m_state);
        if (!continuation || !shown.empty()) recordClient(std::move(shown), now);
        // A synchronizing literal follows only when the server said "+"; {n+} always does,
        // unless the session gave up on the connection.
        const bool nonSync = line.ends_with("+}");
        if (literal && *literal > 0 && !out.close && (nonSync || endsWithContinuation(out.toPeer))) {
            m_literalLeft = *literal;
            m_literalSecret = secretToken(m_state.tokens - 1, m_state.command);
            return;
        }
        if (literal && *literal == 0) return;  // "{0}": the command goes on in the next line
        m_saslNext = m_state.command == "AUTHENTICATE" && endsWithContinuation(out.toPeer);
        m_state = MaskState{};
    }

    /// Literal bytes: shown line by line, or as one "********" for a secret.
    void literalData(std::string_view bytes, core::Time now) {
        m_literalLeft -= bytes.size();
        if (!m_literalSecret) {
            while (!bytes.empty()) {
                const std::size_t lf = bytes.find('\n');
                const std::size_t n = lf == std::string_view::npos ? bytes.size() : lf + 1;
                m_line.append(bytes.substr(0, n));
                bytes.remove_prefix(n);
                if (lf != std::string_view::npos) recordClient(m_line.take(), now);
            }
            if (m_literalLeft == 0 && (!m_line.text.empty() || m_line.cut > 0)) recordClient(m_line.take(), now);
        } else if (m_literalLeft == 0) {
            recordClient(std::string(kMask), now);
        }
    }

    /// The line with secret tokens replaced; `literal` gets the size of a {n} / {n+}
    /// literal that ends the line. Counts tokens across a command's continuation lines.
    std::string maskTokens(std::string_view line, std::optional<std::uint64_t>& literal, MaskState& state) const {
        std::string shown;
        std::size_t i = 0;
        while (i < line.size()) {
            if (line[i] == ' ') {
                shown += line[i++];
                continue;
            }
            std::size_t end = i;
            if (line[i] == '"') {  // quoted string, with \" and \\ escapes
                for (end = i + 1; end < line.size() && line[end] != '"'; ++end)
                    if (line[end] == '\\') ++end;
                end = std::min(end + 1, line.size());
            } else {
                end = line.find(' ', i);
                if (end == std::string_view::npos) end = line.size();
            }
            std::string_view token = line.substr(i, end - i);
            if (end == line.size()) literal = literalSize(token);
            if (state.tokens == 1) state.command = upper(token);
            shown += secretToken(state.tokens, state.command) && !literal ? std::string(kMask) : std::string(token);
            ++state.tokens;
            i = end;
        }
        return shown;
    }

    /// "{12}" or "{12+}" -> 12.
    static std::optional<std::uint64_t> literalSize(std::string_view token) {
        if (token.size() < 3 || token.front() != '{' || token.back() != '}') return std::nullopt;
        token = token.substr(1, token.size() - 2);
        if (token.ends_with('+')) token.remove_suffix(1);
        if (token.empty() || token.size() > 19) return std::nullopt;
        std::uint64_t n = 0;
        for (char c : token) {
            if (c < '0' || c > '9') return std::nullopt;
            n = n * 10 + static_cast<std::uint64_t>(c - '0');
        }
        return n;
    }

    bool m_mask;
    ShownLine m_line;              // the client line (or literal line) being received
    std::uint64_t m_literalLeft = 0;
    bool m_literalSecret = false;  // the literal being received is a password
    MaskState m_state;             // the command being received
    bool m_saslNext = false;       // the next line answers an AUTHENTICATE challenge
};

}  // namespace

// [SECTION] ServerHost

ServerHost::ServerHost(mail::MailStore& store, HostConfig config)
    : m_store(store), m_config(config), m_literalBudget(std::make_shared<imap::LiteralBudget>()) {
    m_literalBudget->limit = m_config.literalsInFlight;
    m_storeObserver = m_store.subscribe([this](const mail::Change& change) { onStoreChange(change); });
}

ServerHost::~ServerHost() { m_store.unsubscribe(m_storeObserver); }

void ServerHost::onStoreChange(const mail::Change& change) {
    if (!m_eventSink) return;
    m_heldChanges.push_back(change);
    if (!m_inputOf) flushChanges({});
}

namespace {

/// One removal event per mailbox and cause, at the place of the first removal.
void addRemoval(std::vector<Event>& out, const Actor& by, Name account, Name folder,
                const std::vector<mail::MailItem>& items, RemovalCause cause) {
    MessagesRemoved* group = nullptr;
    for (Event& e : out)
        if (auto* r = get_if<MessagesRemoved>(&e))
            if (r->account == account && r->folder == folder && r->cause == cause && r->by == by) group = r;
    if (!group) group = &get<MessagesRemoved>(out.emplace_back(MessagesRemoved{by, account, folder, {}, cause, {}}));
    for (const mail::MailItem& item : items) {
        group->uids.push_back(item.uid);
        group->items.push_back(item);
    }
}

}  // namespace

void ServerHost::flushChanges(std::string_view command) {
    const std::vector<mail::Change> changes = std::exchange(m_heldChanges, {});
    const bool move = command == "MOVE" || command == "UID MOVE" || command == "RENAME";
    const bool copy = command == "COPY" || command == "UID COPY";
    std::vector<Event> out;
    for (const mail::Change& c : changes) {
        Actor by;
        for (const HostedSession* s : m_sessions)
            if (s->id() == c.origin) by = s->actor();
        if (c.origin != 0 && by.session == 0) by.session = c.origin;
        const Name account = c.account ? Name(c.account->user()) : Name();
        switch (c.kind) {
            case mail::ChangeKind::MessageAdded: {
                const StoreCause cause = c.origin == 0 ? StoreCause::Delivered
                                         : move        ? StoreCause::MovedIn
                                         : copy        ? StoreCause::Copied
                                                       : StoreCause::Appended;
                out.emplace_back(MessageStored{by, account, c.mailbox, c.uid, cause, c.flags});
                break;
            }
            case mail::ChangeKind::FlagsChanged:
                out.emplace_back(FlagsChanged{by, account, c.mailbox, c.uid, c.oldFlags, c.flags});
                break;
            case mail::ChangeKind::MessageExpunged:
                addRemoval(out, by, account, c.mailbox, c.removed,
                           command == "QUIT" ? RemovalCause::Pop3Update
                           : move            ? RemovalCause::Move
                                             : RemovalCause::Expunge);
                break;
            case mail::ChangeKind::MailboxCreated: out.emplace_back(FolderCreated{by, account, c.mailbox}); break;
            case mail::ChangeKind::MailboxRenamed:
                out.emplace_back(FolderRenamed{by, account, c.oldName, c.mailbox});
                break;
            case mail::ChangeKind::MailboxDeleted:
                if (!c.removed.empty()) addRemoval(out, by, account, c.mailbox, c.removed, RemovalCause::FolderDeleted);
                out.emplace_back(FolderDeleted{by, account, c.mailbox});
                break;
        }
    }
    for (Event& e : out) emit(std::move(e));
}

std::unique_ptr<HostedSession> ServerHost::openPop3(std::string name, LinkSecurity security, SessionSink sink,
                                                    core::Time now) {
    return std::make_unique<Pop3Hosted>(*this, m_store.newSessionId(), std::move(name), security, std::move(sink),
                                        now);
}

std::unique_ptr<HostedSession> ServerHost::openImap(std::string name, LinkSecurity security, SessionSink sink,
                                                    core::Time now, SessionOrigin origin) {
    return std::make_unique<ImapHosted>(*this, m_store.newSessionId(), std::move(name), security, std::move(sink),
                                        now, origin);
}

void ServerHost::pushUpdates(core::Time now) {
    if (m_pushing) return;  // a push does not cause further pushes
    m_pushing = true;
    const std::vector<HostedSession*> sessions = m_sessions;  // a sink may open or close sessions
    for (HostedSession* s : sessions) s->reportOwed();
    for (HostedSession* s : sessions)
        if (std::find(m_sessions.begin(), m_sessions.end(), s) != m_sessions.end()) s->pushUpdates(now);
    m_pushing = false;
}

void ServerHost::remove(HostedSession* session) {
    m_sessions.erase(std::remove(m_sessions.begin(), m_sessions.end(), session), m_sessions.end());
}

}  // namespace mailscope::sim
