// The POP3 mail client of a simulated device (RFC 1939): log in, STAT, UIDL, RETR what is
// new, DELE unless "leave a copy on the server", QUIT. Everything else happens locally only.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "protocols/core/catalogue.h"
#include "protocols/pop3/client_engine.h"
#include "sim/device.h"

namespace mailscope::sim {
namespace {

constexpr core::Time kSecondsPerDay = 86400;
constexpr std::string_view kLocalOnly = " (local only: the server does not know)";

/// Where a mail check stands; each value names the response the client waits for.
enum class Phase {
    Idle,      ///< no check in progress
    Greeting,  ///< connected, waiting for the server's greeting
    User,      ///< USER sent
    Pass,      ///< PASS sent
    Stat,      ///< STAT sent
    Uidl,      ///< UIDL sent
    Retr,      ///< RETR sent for the message at m_cursor
    Dele,      ///< DELE sent for the message at m_cursor
    Quit,      ///< QUIT sent; the server closes the connection after its answer
};

/// "\"Welcome\"" or "3": how "no message ... on this device" names what an action asked for.
std::string describeRef(const MessageRef& ref) {
    if (ref.uid) return std::to_string(*ref.uid);
    return "\"" + ref.subjectContains + "\"";
}

/// "\"Welcome\"" or "message 3": how notes name a message found on the device.
std::string describeMessage(const LocalMessage& m) {
    if (m.message && !m.message->summary().subject.empty()) return "\"" + m.message->summary().subject + "\"";
    return "message " + std::to_string(m.id);
}

class Pop3Client final : public ClientBehaviour {
public:
    Pop3Client(const DeviceSettings& settings, const std::string& password, LocalStore& local, core::Time now)
        : m_settings(settings), m_password(password), m_local(local), m_lastCheckEnd(now) {}

    // [SECTION] ClientBehaviour

    void intent(const Action& action, ClientPort& port) override {
        if (checking()) {
            if (action.kind == ActionKind::CheckMail) port.note("already checking mail");
            else if (action.kind != ActionKind::GoOnline && action.kind != ActionKind::GoOffline)
                m_queue.push_back(action);
            return;
        }
        run(action, port);
    }

    void received(std::string_view bytes, ClientPort& port) override {
        if (!checking() || !m_engine) return;
        for (const pop3::ClientEvent& event : m_engine->receive(bytes))
            std::visit([&](const auto& e) { on(e, port); }, event);
        if (!checking() || m_engine->awaiting() > 0 || m_quitAnswered) return;
        // The answer the client waited for was garbled and will never come: give up
        // politely with QUIT, or hang up if that was QUIT's answer.
        if (m_phase != Phase::Quit) return quit(port);
        port.hangUp();
        finishCheck(port);
    }

    void closed(ClientPort& port) override {
        if (!checking()) return;
        if (m_phase == Phase::Quit) {
            if (!m_quitAnswered)
                port.note("connection lost before the answer to QUIT: the server may not have deleted the marked "
                          "messages");
        } else {
            port.note("connection lost: the server deleted nothing (no QUIT, no UPDATE state)");
        }
        finishCheck(port);
    }

    bool busy() const override { return checking() || !m_queue.empty(); }

    std::optional<core::Time> nextTimer() const override {
        if (m_settings.pollSeconds <= 0 || busy()) return std::nullopt;
        return m_lastCheckEnd + m_settings.pollSeconds;
    }

    std::string status() const override {
        switch (m_phase) {
            case Phase::Idle: return "idle";
            case Phase::Greeting: return "connecting";
            case Phase::User:
            case Phase::Pass: return "logging in";
            case Phase::Stat:
            case Phase::Uidl: return "checking mail";
            case Phase::Retr:
                return "downloading " + std::to_string(m_downloadedNow + 1) + " of " + std::to_string(m_newTotal);
            case Phase::Dele: return "marking for deletion";
            case Phase::Quit: return "logging out";
        }
        return "idle";
    }

private:
    bool checking() const { return m_phase != Phase::Idle; }

    /// Applies one intent now (no check is in progress).
    void run(const Action& action, ClientPort& port) {
        switch (action.kind) {
            case ActionKind::CheckMail: startCheck(port); break;
            case ActionKind::OpenMessage:
                withMessage(action, port, [&](LocalMessage& m, const std::string& folder) {
                    m.flags.set(mail::SystemFlag::Seen);
                    port.note("opened " + describeMessage(m) + " and marked it read" + std::string(kLocalOnly));
                    port.report(MessageOpened{m_settings.name, folder, m.id});
                });
                break;
            case ActionKind::MarkUnread:
                withMessage(action, port, [&](LocalMessage& m, const std::string&) {
                    m.flags.set(mail::SystemFlag::Seen, false);
                    port.note("marked " + describeMessage(m) + " unread" + std::string(kLocalOnly));
                });
                break;
            case ActionKind::Flag:
            case ActionKind::Unflag: changeFlag(action, port); break;
            case ActionKind::Delete: deleteMessage(action, port); break;
            case ActionKind::MoveToFolder: moveMessage(action, port); break;
            case ActionKind::CreateFolder: createFolder(action, port); break;
            case ActionKind::RenameFolder: renameFolder(action, port); break;
            case ActionKind::DeleteFolder: deleteFolder(action, port); break;
            default: break;  // GoOnline, GoOffline and world actions: nothing for the client to do
        }
    }

    // [SECTION] the mail check

    void startCheck(ClientPort& port) {
        if (!port.online()) {
            port.note("offline: cannot reach the server");
            m_lastCheckEnd = port.now();  // the attempt counts, so a poll does not repeat at once
            return;
        }
        m_engine.emplace();
        m_plan.clear();
        m_cursor = 0;
        m_newTotal = 0;
        m_downloadedNow = 0;
        m_quitAnswered = false;
        m_phase = Phase::Greeting;
        port.connect();
        if (checking() && !port.connected()) {
            port.note("could not connect to the server");
            finishCheck(port);
        }
    }

    void send(const pop3::Command& command, Phase phase, ClientPort& port) {
        m_phase = phase;
        port.send(m_engine->send(command));
    }

    void quit(ClientPort& port) { send(pop3::Command::quit(), Phase::Quit, port); }

    /// Whether a message downloaded at `downloadedAt` should now go from the server.
    bool deleteFromServer(core::Time downloadedAt, core::Time now) const {
        if (!m_settings.leaveCopy) return true;
        if (!m_settings.deleteAfterDays) return false;
        return now - downloadedAt >= static_cast<core::Time>(*m_settings.deleteAfterDays) * kSecondsPerDay;
    }

    /// Sends the next command of the plan: for the message at m_cursor after `done` was
    /// answered (Uidl: nothing sent for it yet; Retr; Dele), then for the next messages;
    /// QUIT once every message is handled.
    void advance(Phase done, ClientPort& port) {
        while (m_cursor < m_plan.size()) {
            const pop3::UidlEntry& entry = m_plan[m_cursor];
            const auto known = m_downloaded.find(entry.uid);
            // Never downloaded: RETR (if that failed, there is nothing to delete).
            if (known == m_downloaded.end() && done == Phase::Uidl)
                return send(pop3::Command::retr(entry.msg), Phase::Retr, port);
            // Downloaded now or earlier: DELE unless the server should keep it.
            if (known != m_downloaded.end() && done != Phase::Dele && deleteFromServer(known->second, port.now()))
                return send(pop3::Command::dele(entry.msg), Phase::Dele, port);
            ++m_cursor;
            done = Phase::Uidl;
        }
        quit(port);
    }

    void on(const pop3::Greeting& greeting, ClientPort& port) {
        if (m_phase != Phase::Greeting) return;
        if (!greeting.ok) {
            port.note("the server refused the connection: " + greeting.text);
            return quit(port);
        }
        send(pop3::Command::user(m_settings.account), Phase::User, port);
    }

    void on(const pop3::Response& response, ClientPort& port) {
        if (response.command == pop3::CommandKind::Quit) {
            m_quitAnswered = true;
            if (!response.ok) port.note("the server could not delete every marked message: " + response.text);
            return;
        }
        if (!response.ok) return refused(response, port);
        switch (response.command) {
            case pop3::CommandKind::User: return send(pop3::Command::pass(m_password), Phase::Pass, port);
            case pop3::CommandKind::Pass: return send(pop3::Command::stat(), Phase::Stat, port);
            case pop3::CommandKind::Stat: return send(pop3::Command::uidl(), Phase::Uidl, port);
            case pop3::CommandKind::Dele: return advance(Phase::Dele, port);
            default: return;  // UIDL and RETR go on when their data has arrived
        }
    }

    /// A -ERR answer to anything but QUIT.
    void refused(const pop3::Response& response, ClientPort& port) {
        const std::string text = response.code.empty() ? response.text : "[" + response.code + "] " + response.text;
        switch (response.command) {
            case pop3::CommandKind::User:
            case pop3::CommandKind::Pass: port.note("login failed: " + text); return quit(port);
            case pop3::CommandKind::Retr:
            case pop3::CommandKind::Dele: {
                std::ostringstream what;
                what << "the server refused " << response.command << ' ' << m_plan[m_cursor].msg << ": " << text;
                port.note(what.str());
                return advance(response.command == pop3::CommandKind::Retr ? Phase::Retr : Phase::Dele, port);
            }
            default: {
                std::ostringstream what;
                what << "the server refused " << response.command << ": " << text << "; nothing downloaded";
                port.note(what.str());
                return quit(port);
            }
        }
    }

    void on(const pop3::StatResult&, ClientPort&) {}

    void on(const pop3::UidlResult& result, ClientPort& port) {
        if (m_phase != Phase::Uidl) return;
        m_plan = result.entries;
        m_cursor = 0;
        for (const pop3::UidlEntry& entry : m_plan)
            if (!m_downloaded.contains(entry.uid)) ++m_newTotal;
        const std::size_t known = m_plan.size() - m_newTotal;
        std::string text = m_newTotal == 0   ? std::string("no new messages")
                           : m_newTotal == 1 ? std::string("1 new message")
                                             : std::to_string(m_newTotal) + " new messages";
        if (known > 0) text += "; UIDL shows " + std::to_string(known) + " already downloaded earlier";
        port.note(text);
        advance(Phase::Uidl, port);
    }

    void on(const pop3::MessageData& data, ClientPort& port) {
        if (m_phase != Phase::Retr || data.top || m_cursor >= m_plan.size()) return;
        const core::Time now = port.now();
        LocalMessage m;
        m.id = m_nextId++;
        m.uidl = m_plan[m_cursor].uid;
        m.message = mail::Message::fromBytes(data.bytes, now);
        m.hasBody = true;
        m.size = m.message->size();
        m.downloadedAt = now;
        m_downloaded.emplace(m.uidl, now);
        ++m_downloadedNow;
        port.note("saved " + describeMessage(m) + " as local message " + std::to_string(m.id));
        port.report(MessageDownloaded{m_settings.name, "INBOX", m.id, 0, true});
        m_local.folder("INBOX").messages.push_back(std::move(m));
        advance(Phase::Retr, port);
    }

    void on(const pop3::ClientError& error, ClientPort& port) {
        port.note("the server sent something unexpected: " + error.text);
    }

    // Not asked for by this client.
    void on(const pop3::ListResult&, ClientPort&) {}
    void on(const pop3::Capabilities&, ClientPort&) {}
    void on(const pop3::MechanismList&, ClientPort&) {}
    void on(const pop3::Continuation&, ClientPort&) {}

    /// The check is over: forget the connection, then run the intents that waited.
    void finishCheck(ClientPort& port) {
        m_phase = Phase::Idle;
        m_engine.reset();
        m_plan.clear();
        m_lastCheckEnd = port.now();
        while (!m_queue.empty() && !checking()) {
            const Action action = std::move(m_queue.front());
            m_queue.pop_front();
            run(action, port);
        }
    }

    // [SECTION] local-only intents

    template <class F>
    void withMessage(const Action& action, ClientPort& port, F&& change) {
        if (!action.message) return port.note("no message given");
        const auto at = m_local.locate(*action.message, action.folder);
        if (!at) return port.note("no message " + describeRef(*action.message) + " on this device");
        change(at->message(), at->folder->name);
    }

    void changeFlag(const Action& action, ClientPort& port) {
        const std::string name = action.flag.empty() ? "\\Flagged" : action.flag;
        mail::Flags flag;
        if (!flag.addByName(name)) return port.note("\"" + name + "\" is not a flag this client can set");
        const bool set = action.kind == ActionKind::Flag;
        withMessage(action, port, [&](LocalMessage& m, const std::string&) {
            if (set) m.flags.add(flag);
            else m.flags.remove(flag);
            port.note(std::string(set ? "set " : "cleared ") + name + (set ? " on " : " from ") + describeMessage(m) +
                      std::string(kLocalOnly));
        });
    }

    void deleteMessage(const Action& action, ClientPort& port) {
        if (!action.message) return port.note("no message given");
        const auto at = m_local.locate(*action.message, action.folder);
        if (!at) return port.note("no message " + describeRef(*action.message) + " on this device");
        const std::string what = describeMessage(at->message());
        port.report(MessageDeletedLocally{m_settings.name, at->folder->name, at->message().id});
        at->folder->messages.erase(at->folder->messages.begin() + static_cast<std::ptrdiff_t>(at->index));
        port.note("deleted " + what + " from this device" + std::string(kLocalOnly));
    }

    void moveMessage(const Action& action, ClientPort& port) {
        if (!action.message) return port.note("no message given");
        if (action.folder.empty()) return port.note("no folder given to move the message to");
        const auto at = m_local.locate(*action.message, action.sourceFolder);
        if (!at) return port.note("no message " + describeRef(*action.message) + " on this device");
        const std::string what = describeMessage(at->message());
        if (m_local.find(action.folder) == at->folder)
            return port.note(what + " is already in \"" + at->folder->name + "\"");
        LocalMessage moved = std::move(at->message());
        const std::string from = at->folder->name;
        at->folder->messages.erase(at->folder->messages.begin() + static_cast<std::ptrdiff_t>(at->index));
        const bool created = m_local.find(action.folder) == nullptr;
        LocalFolder& target = m_local.folder(action.folder);  // may reorder the folders: `at` is stale now
        port.report(MessageMovedLocally{m_settings.name, from, target.name, moved.id});
        target.messages.push_back(std::move(moved));
        port.note("moved " + what + " to " + (created ? "new folder \"" : "\"") + target.name + "\"" +
                  std::string(kLocalOnly));
    }

    void createFolder(const Action& action, ClientPort& port) {
        if (action.folder.empty()) return port.note("no folder name given");
        if (m_local.find(action.folder)) return port.note("folder \"" + action.folder + "\" already exists");
        m_local.folder(action.folder);
        port.note("created folder \"" + action.folder + "\"" + std::string(kLocalOnly));
    }

    void renameFolder(const Action& action, ClientPort& port) {
        if (action.folder.empty() || action.newName.empty()) return port.note("rename needs a folder and a new name");
        if (core::equalsIgnoreCase(action.folder, "INBOX")) return port.note("INBOX cannot be renamed");
        if (!m_local.find(action.folder)) return port.note("no folder \"" + action.folder + "\" on this device");
        if (m_local.find(action.newName)) return port.note("folder \"" + action.newName + "\" already exists");
        if (!m_local.rename(action.folder, action.newName))
            return port.note("could not rename \"" + action.folder + "\"");
        port.note("renamed folder \"" + action.folder + "\" to \"" + action.newName + "\"" + std::string(kLocalOnly));
    }

    void deleteFolder(const Action& action, ClientPort& port) {
        if (action.folder.empty()) return port.note("no folder name given");
        if (core::equalsIgnoreCase(action.folder, "INBOX")) return port.note("INBOX cannot be deleted");
        if (!m_local.remove(action.folder)) return port.note("no folder \"" + action.folder + "\" on this device");
        port.note("deleted folder \"" + action.folder + "\" and its messages" + std::string(kLocalOnly));
    }

    // [SECTION] state

    const DeviceSettings& m_settings;
    const std::string& m_password;
    LocalStore& m_local;
    core::Time m_lastCheckEnd = 0;            // when the last check ended (or the client was set up)
    std::deque<Action> m_queue;               // intents waiting for the check to end
    std::map<std::string, core::Time> m_downloaded;  // every UIDL ever downloaded, and when
    std::uint32_t m_nextId = 1;               // the next local message number (never reused)

    // The check in progress.
    Phase m_phase = Phase::Idle;
    std::optional<pop3::ClientEngine> m_engine;  // one per connection
    std::vector<pop3::UidlEntry> m_plan;      // the server's messages, from UIDL
    std::size_t m_cursor = 0;                 // the message of m_plan being handled
    std::size_t m_newTotal = 0;               // messages of m_plan not downloaded before
    std::size_t m_downloadedNow = 0;          // of those, downloaded in this check
    bool m_quitAnswered = false;              // the server answered QUIT
};

}  // namespace

std::unique_ptr<ClientBehaviour> makePop3Client(const DeviceSettings& settings, const std::string& password,
                                                LocalStore& local, core::Time now) {
    return std::make_unique<Pop3Client>(settings, password, local, now);
}

}  // namespace mailscope::sim
