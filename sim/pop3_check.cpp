// A scripted POP3 mail check between pop3::ClientEngine and pop3::ServerSession, one
// line at a time, so each line becomes a transcript entry.
#include "sim/pop3_check.h"

#include <deque>

#include "protocols/pop3/client_engine.h"
#include "protocols/pop3/server_session.h"

namespace mailscope::sim {
namespace {

/// Carries lines between the two engines and records them.
class Pop3Link {
public:
    Pop3Link(mail::MailStore& store, const Pop3CheckOptions& options, Transcript& transcript)
        : m_server(store, pop3::ServerConfig{}, store.newSessionId(), options.now),
          m_options(options),
          m_transcript(transcript) {}

    /// Delivers server bytes to the client line by line; returns the client's events.
    std::vector<pop3::ClientEvent> toClient(const pop3::Output& out) {
        std::vector<pop3::ClientEvent> events;
        for (std::string_view line : splitLines(out.toPeer)) {
            record(core::Direction::ServerToClient, std::string(line));
            auto more = m_client.receive(std::string(line) + "\r\n");
            events.insert(events.end(), more.begin(), more.end());
        }
        return events;
    }

    std::vector<pop3::ClientEvent> start() { return toClient(m_server.start()); }

    /// Sends one command and returns the events its response produced.
    std::vector<pop3::ClientEvent> send(const pop3::Command& command) {
        const std::string bytes = m_client.send(command);
        for (std::string_view line : splitLines(bytes)) record(core::Direction::ClientToServer, pop3::maskedCommandLine(line));
        m_lastOutput = m_server.receive(bytes);
        return toClient(m_lastOutput);
    }

    const pop3::Output& lastOutput() const { return m_lastOutput; }
    mail::SessionId session() const { return m_server.id(); }

private:
    void record(core::Direction dir, std::string text) {
        m_transcript.add(Protocol::Pop3, m_options.now, m_options.device, m_server.id(), dir, std::move(text));
    }

    pop3::ServerSession m_server;
    pop3::ClientEngine m_client;
    const Pop3CheckOptions& m_options;
    Transcript& m_transcript;
    pop3::Output m_lastOutput;
};

template <typename T>
const T* find(const std::vector<pop3::ClientEvent>& events) {
    for (const auto& e : events)
        if (const T* t = std::get_if<T>(&e)) return t;
    return nullptr;
}

bool ok(const std::vector<pop3::ClientEvent>& events) {
    const auto* r = find<pop3::Response>(events);
    return r && r->ok;
}

}  // namespace

Pop3CheckResult runPop3Check(mail::MailStore& store, const Pop3CheckOptions& options, Transcript& transcript) {
    Pop3CheckResult result;
    Pop3Link link(store, options, transcript);
    const auto greeting = link.start();
    if (const auto* g = find<pop3::Greeting>(greeting); !g || !g->ok) {
        result.error = "the server did not greet";
        return result;
    }
    if (!ok(link.send(pop3::Command::user(options.user))) || !ok(link.send(pop3::Command::pass(options.password)))) {
        result.error = "login failed";
        link.send(pop3::Command::quit());
        return result;
    }
    result.loggedIn = true;
    link.send(pop3::Command::stat());
    const auto uidl = link.send(pop3::Command::uidl());
    const auto* list = find<pop3::UidlResult>(uidl);
    for (const pop3::UidlEntry& entry : list ? list->entries : std::vector<pop3::UidlEntry>{}) {
        const auto retr = link.send(pop3::Command::retr(entry.msg));
        if (const auto* data = find<pop3::MessageData>(retr)) result.downloaded.push_back(data->bytes);
        if (!options.leaveCopy) link.send(pop3::Command::dele(entry.msg));
    }
    link.send(pop3::Command::quit());
    for (const pop3::Event& e : link.lastOutput().events)
        if (const auto* update = std::get_if<pop3::UpdateApplied>(&e)) result.deletedOnServer = update->expunged.size();
    return result;
}

}  // namespace mailscope::sim
