// ServerHost: opens POP3 (RFC 1939) and IMAP (RFC 3501) server sessions on one shared
// MailStore, records each session's transcript, and pushes IDLE updates (RFC 2177).
// Real sockets (sim/net) and simulated links both open their sessions here.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/core/limits.h"
#include "protocols/core/time.h"
#include "protocols/mail/mail_store.h"
#include "sim/events.h"
#include "sim/transcript.h"

namespace mailscope::pop3 {
class ServerSession;
}
namespace mailscope::imap {
class ServerSession;
struct LiteralBudget;
}

namespace mailscope::sim {

/// How the host sets up every session it opens.
struct HostConfig {
    bool tlsAvailable = false;          ///< offer STLS / STARTTLS on plain links (a certificate is loaded)
    bool plaintextLoginAllowed = true;  ///< false: logins wait for TLS (LOGINDISABLED, -ERR [AUTH])
    bool showSecrets = false;           ///< transcripts show passwords instead of "********"
    /// CONDSTORE and QRESYNC for simulated devices set to quick resync (SessionOrigin::
    /// QuickResyncDevice); false shows how such a device falls back to a plain sync.
    bool quickResyncForDevices = true;
    /// Literal bytes all IMAP sessions of the host may be receiving at once ("NO [LIMIT]").
    std::uint64_t literalsInFlight = core::limits::kImapLiteralsInFlight;
};

/// Who is on the other end of a session: the IMAP extensions it is offered depend on it.
enum class SessionOrigin {
    /// A simulated device of the world: plain RFC 3501 plus the small extensions the
    /// recorded transcripts show (tests/golden), so a lesson's conversation stays simple.
    Simulated,
    /// A simulated device set to quick resync (DeviceSettings::quickResync): Simulated plus
    /// CONDSTORE and QRESYNC (RFC 7162), unless HostConfig::quickResyncForDevices is off.
    /// Devices without the setting keep Simulated, so their transcripts do not change.
    QuickResyncDevice,
    /// A real mail client on a socket (sim/net: `mailscope serve`, the window's listeners):
    /// also CONDSTORE, QRESYNC (RFC 7162), ESEARCH (RFC 4731), LIST-EXTENDED, LIST-STATUS
    /// (RFC 5258, 5819), MULTIAPPEND (RFC 3502), SORT and THREAD (RFC 5256), SORT=DISPLAY
    /// (RFC 5957), ESORT (RFC 5267), BINARY (RFC 3516), CATENATE (RFC 4469) and APPENDLIMIT
    /// (RFC 7889), which Thunderbird, Apple Mail, webmail and mobile clients use to resync
    /// quickly, sort on the server and save drafts, as against a production server.
    RealClient,
};

/// How a link reaches the session.
enum class LinkSecurity {
    Plain,        ///< plaintext; STLS / STARTTLS may upgrade it when the host offers TLS
    ImplicitTls,  ///< TLS from the first byte (POP3S 995, IMAPS 993; RFC 8314)
};

/// What a session sends, in order: the bytes first, then the link changes.
struct SessionOutput {
    std::string bytes;      ///< to the client (plaintext; the link encrypts when TLS is on)
    bool startTls = false;  ///< after the bytes: start the TLS handshake, then call tlsEstablished()
    bool close = false;     ///< after the bytes: close the link
    /// The bytes answer a failed login: a real connection holds them for
    /// core::limits::kFailedLoginDelayMs (reading nothing meanwhile); a simulated link,
    /// whose clock is the world's, sends them at once.
    bool failedLogin = false;
};
/// Where a session's output goes (a socket, a simulated link). Called synchronously.
using SessionSink = std::function<void(SessionOutput)>;

class ServerHost;

/// One server session with its transcript. Everything it sends goes to its sink, also the
/// IDLE updates another session's change causes.
class HostedSession {
public:
    virtual ~HostedSession();
    HostedSession(const HostedSession&) = delete;
    HostedSession& operator=(const HostedSession&) = delete;

    /// Sends the greeting.
    virtual void start(core::Time now) = 0;
    /// Bytes from the client, split anywhere.
    virtual void receive(std::string_view bytes, core::Time now) = 0;
    /// Autologout check with the link's clock.
    virtual void tick(core::Time now) = 0;
    /// The link dropped (or the host shuts down): nothing more is sent or read. `reason`
    /// says why, for the event stream.
    virtual void disconnect(core::Time now, SessionEnd reason = SessionEnd::Dropped) = 0;
    /// The TLS handshake asked for by SessionOutput::startTls is done; `description` (the
    /// version and cipher, if the link knows them) goes into the TlsEstablished event.
    virtual void tlsEstablished(core::Time now, std::string description = {}) = 0;
    /// A real connection takes long responses in pieces as its socket drains
    /// (hasMoreOutput / produceMore); a simulated link gets each response whole (default).
    virtual void setStreaming(bool) {}
    /// A response is still being made: produceMore() sends its next piece. Meanwhile the
    /// session reads no command (what arrives waits).
    virtual bool hasMoreOutput() const { return false; }
    /// Sends the next piece (about core::limits::kOutputChunk bytes) of the response being
    /// made; after the last one, the answers to the commands that waited.
    virtual void produceMore(core::Time) {}
    /// How a unit of client input not yet received (one line, or one IMAP literal) is shown:
    /// the line without its CRLF, the password, SASL response or secret literal masked as
    /// "********" (unless HostConfig::showSecrets). The rule that records real clients'
    /// lines, so simulated links and real connections show the same.
    virtual std::string shownClientText(std::string_view unit) const = 0;
    /// Reports TLS on the link (implicit TLS: the link did the handshake before start()).
    void reportTls(std::string description);
    /// Reports SessionOpened; start() does it, a link whose TLS failed before start() too.
    void reportOpened();
    /// This session as events name it.
    Actor actor() const { return Actor{m_name, m_id}; }
    /// Says goodbye before a shutdown ("* BYE" / "-ERR"), then disconnects.
    void shutdown(core::Time now);

    Protocol protocol() const { return m_protocol; }
    mail::SessionId id() const { return m_id; }
    /// The name transcript lines carry, e.g. "imap 3" or "Phone".
    const std::string& name() const { return m_name; }
    const Transcript& transcript() const { return m_transcript; }
    LinkSecurity security() const { return m_security; }
    /// Implicit TLS, or STLS / STARTTLS completed.
    bool tlsActive() const { return m_tlsActive; }
    /// The session has ended (its last output asked to close, or disconnect() was called).
    bool closed() const { return m_closed; }
    /// Whether lines go into transcript() (and to the host's line observer). A simulated
    /// world's links keep their own transcripts and turn this off to save the copy.
    void setRecording(bool on) { m_recording = on; }
    bool recording() const { return m_recording; }
    /// The protocol session, for read-only views; nullptr for the other protocol.
    virtual const pop3::ServerSession* pop3() const { return nullptr; }
    virtual const imap::ServerSession* imap() const { return nullptr; }

protected:
    HostedSession(ServerHost& host, Protocol protocol, mail::SessionId id, std::string name, LinkSecurity security,
                  SessionSink sink);

    /// Records each server line in the transcript and hands the output to the sink.
    void deliver(SessionOutput output, core::Time now);
    /// Records one client line.
    void recordClient(std::string text, core::Time now);
    /// Lets IDLE sessions push what this session's input changed.
    void afterInput(core::Time now);
    /// Reports an event of this session to the host's stream.
    void report(Event event);
    /// Around a session's input: store changes are held until changesCausedBy() names the
    /// command that made them (the engines report a command once it is answered).
    void beginInput();
    void changesCausedBy(std::string_view command);
    void endInput();
    /// Reports SessionClosed (once).
    void reportClosed(SessionEnd reason);
    /// Sends the goodbye line of a shutdown (protocol-specific).
    virtual std::string goodbye() const = 0;

    ServerHost& m_host;
    bool m_tlsActive = false;
    bool m_closed = false;
    bool m_recording = true;

private:
    friend class ServerHost;
    /// IMAP in IDLE: sends pending untagged updates, if any.
    virtual void pushUpdates(core::Time) {}
    /// IMAP: reports the changes the session now owes its client (ChangeOwed).
    virtual void reportOwed() {}
    bool m_openedReported = false;
    bool m_closedReported = false;

    Protocol m_protocol;
    mail::SessionId m_id;
    Name m_name;  // as events name the session (interned once)
    LinkSecurity m_security;
    SessionSink m_sink;
    Transcript m_transcript;
    std::string m_partialLine;  // a server line whose end is in the next piece of a long response
};

/// Opens sessions on a MailStore it does not own; both must outlive every session.
class ServerHost {
public:
    /// Called for every transcript line of every session, as it is recorded.
    using LineObserver = std::function<void(const HostedSession&, const TranscriptEntry&)>;
    /// Receives every event of the sessions and of the store, in order.
    using EventSink = std::function<void(Event)>;

    ServerHost(mail::MailStore& store, HostConfig config);
    ~ServerHost();
    ServerHost(const ServerHost&) = delete;
    ServerHost& operator=(const ServerHost&) = delete;

    /// A POP3 session; `name` empty means "pop3 <id>". Call start() to send the greeting.
    std::unique_ptr<HostedSession> openPop3(std::string name, LinkSecurity security, SessionSink sink,
                                            core::Time now);
    /// An IMAP session; `name` empty means "imap <id>". `origin` chooses the extensions it
    /// offers (SessionOrigin).
    std::unique_ptr<HostedSession> openImap(std::string name, LinkSecurity security, SessionSink sink,
                                            core::Time now, SessionOrigin origin = SessionOrigin::Simulated);

    /// Lets every IMAP session in IDLE send the updates waiting for it. Runs by itself
    /// after any session's input; call it after changing the store from outside a session.
    void pushUpdates(core::Time now);

    void setLineObserver(LineObserver observer) { m_observer = std::move(observer); }
    /// Where events go (the world's stream); without one they are dropped.
    void setEventSink(EventSink sink) { m_eventSink = std::move(sink); }
    const HostConfig& config() const { return m_config; }
    mail::MailStore& store() { return m_store; }
    /// The budget every IMAP session of this host shares (HostConfig::literalsInFlight).
    const std::shared_ptr<imap::LiteralBudget>& literalBudget() const { return m_literalBudget; }
    /// The open sessions, in the order they were opened.
    const std::vector<HostedSession*>& sessions() const { return m_sessions; }

private:
    friend class HostedSession;
    void add(HostedSession* session) { m_sessions.push_back(session); }
    void remove(HostedSession* session);
    void lineRecorded(const HostedSession& session, const TranscriptEntry& entry) {
        if (m_observer) m_observer(session, entry);
    }
    void emit(Event event) {
        if (m_eventSink) m_eventSink(std::move(event));
    }
    /// A store change: reported at once, or held while a session's input is being handled,
    /// until the command that caused it is known (flushChanges).
    void onStoreChange(const mail::Change& change);
    /// Reports the held changes, caused by `command` ("UID MOVE", "QUIT"; "" if unknown).
    void flushChanges(std::string_view command);

    /// The session whose input is being handled (its store changes are held), or nullptr.
    const HostedSession* m_inputOf = nullptr;
    std::vector<mail::Change> m_heldChanges;
    mail::MailStore::ObserverId m_storeObserver = 0;
    EventSink m_eventSink;

    mail::MailStore& m_store;
    HostConfig m_config;
    std::shared_ptr<imap::LiteralBudget> m_literalBudget;
    std::vector<HostedSession*> m_sessions;
    LineObserver m_observer;
    bool m_pushing = false;
};

}  // namespace mailscope::sim
