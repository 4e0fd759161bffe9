// The POP3 mail client of a simulated device (RFC 1939): log in, STAT, UIDL, RETR what is
// new, DELE unless "leave a copy on the server", QUIT. Everything else happens locally only.
// With STARTTLS set up it asks CAPA (RFC 2449) and STLS (RFC 2595 4) before logging in.
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

/// Where a mail check stands; each value names the response the client waits for.
enum class Phase {
    Idle,      ///< no check in progress
    Greeting,  ///< connected, waiting for the server's greeting
    Capa,      ///< CAPA sent (STARTTLS: is STLS offered? After STLS: asked again, RFC 2595 4)
    Stls,      ///< STLS sent; the world runs the TLS handshake before its +OK arrives
    User,      ///< USER sent
    Pass,      ///< PASS sent
    Stat,      ///< STAT sent
    Uidl,      ///< UIDL sent
    Retr,      ///< RETR sent for the message at m_cursor
    Dele,      ///< DELE sent for the message at m_cursor
    Rset,      ///< RSET sent (the person took the deletions back): QUIT follows
    Quit,      ///< QUIT sent; the server closes the connection after its answer
};


class Pop3Client final : public ClientBehaviour {
public:
    Pop3Client(const DeviceSettings& settings, const std::string& password, LocalStore& local, core::Time now)
        : m_settings(settings), m_password(password), m_local(local), m_lastCheckEnd(now) {}

    // [SECTION] ClientBehaviour

    void intent(const Action& action, ClientPort& port) override {
        if (action.kind == ActionKind::UndoDeletes) {
            // RSET (RFC 1939 5): the server forgets this session's DELE marks; sent just
            // before QUIT, so the UPDATE state deletes nothing.
            if (!checking()) return port.note(makeNote("note.pop3.nothing_to_undo"));
            m_undoDeletes = true;
            return port.note(makeNote("note.pop3.undo_deletes"));
        }
        if (checking()) {
            if (action.kind == ActionKind::CheckMail) port.note(makeNote("note.already_checking"));
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
                port.note(makeNote("note.pop3.lost_before_quit_answer"));
        } else {
            port.note(makeNote("note.pop3.lost_nothing_deleted"));
        }
        finishCheck(port);
    }

    bool busy() const override { return checking() || !m_queue.empty(); }

    std::optional<core::Time> nextTimer() const override {
        if (m_settings.pollSeconds <= 0 || busy()) return std::nullopt;
        return m_lastCheckEnd + m_settings.pollSeconds;
    }

    Note status() const override {
        switch (m_phase) {
            case Phase::Idle:
                return m_noStartTls ? makeNote("status.no_starttls", {noteData("STLS")}) : makeNote("status.idle");
            case Phase::Greeting: return makeNote("status.connecting");
            case Phase::Capa: return makeNote("status.asking_capabilities");
            case Phase::Stls: return makeNote("status.starting_tls");
            case Phase::User:
            case Phase::Pass: return makeNote("status.logging_in");
            case Phase::Stat:
            case Phase::Uidl: return makeNote("status.checking_mail");
            case Phase::Retr:
                return makeNote("status.downloading_n_of_m", {noteData(m_downloadedNow + 1), noteData(m_newTotal)});
            case Phase::Dele: return makeNote("status.marking_for_deletion");
            case Phase::Rset:
            case Phase::Quit: return makeNote("status.logging_out");
        }
        return makeNote("status.idle");
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
                    port.note(makeNote("note.pop3.opened", {messagePhrase(m)}));
                    port.report(MessageOpened{m_settings.name, folder, m.id});
                });
                break;
            case ActionKind::MarkUnread:
                withMessage(action, port, [&](LocalMessage& m, const std::string&) {
                    m.flags.set(mail::SystemFlag::Seen, false);
                    port.note(makeNote("note.pop3.marked_unread", {messagePhrase(m)}));
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
            port.note(makeNote("note.offline_no_server"));
            m_lastCheckEnd = port.now();  // the attempt counts, so a poll does not repeat at once
            return;
        }
        m_engine.emplace();
        m_plan.clear();
        m_cursor = 0;
        m_newTotal = 0;
        m_downloadedNow = 0;
        m_quitAnswered = false;
        m_undoDeletes = false;
        m_noStartTls = false;
        m_tlsUp = false;
        // Read now: a setting changed during the check applies to the next connection, as the link's.
        m_startTls = m_settings.tls == TlsMode::StartTls;
        m_phase = Phase::Greeting;
        port.connect();
        if (checking() && !port.connected()) {
            port.note(makeNote("note.connect_failed"));
            finishCheck(port);
        }
    }

    void send(const pop3::Command& command, Phase phase, ClientPort& port) {
        m_phase = phase;
        port.send(m_engine->send(command));
    }

    void quit(ClientPort& port) {
        if (m_undoDeletes && m_phase != Phase::Rset && m_phase != Phase::Greeting) {
            m_undoDeletes = false;
            return send(pop3::Command::rset(), Phase::Rset, port);
        }
        send(pop3::Command::quit(), Phase::Quit, port);
    }

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
            port.note(makeNote("note.pop3.greeting_refused", {noteData(greeting.text)}));
            return quit(port);
        }
        // STARTTLS: CAPA first, to see whether the server offers STLS (the greeting does not say).
        if (m_startTls) return send(pop3::Command::capa(), Phase::Capa, port);
        send(pop3::Command::user(m_settings.account), Phase::User, port);
    }

    void on(const pop3::Capabilities& capabilities, ClientPort& port) {
        if (m_phase != Phase::Capa) return;
        if (m_tlsUp) return send(pop3::Command::user(m_settings.account), Phase::User, port);
        if (capabilities.has("STLS")) return send(pop3::Command::stls(), Phase::Stls, port);
        noLoginWithoutTls(makeNote("note.tls.starttls_not_offered", {noteData("STLS")}), port);
    }

    /// STARTTLS was asked for and cannot be had: like a real client set to "require
    /// STARTTLS", the device never sends the password in clear text; it says why and quits.
    void noLoginWithoutTls(Note why, ClientPort& port) {
        port.note(std::move(why));
        m_noStartTls = true;
        m_undoDeletes = false;  // nothing was marked: no RSET
        quit(port);
    }

    void on(const pop3::Response& response, ClientPort& port) {
        if (response.command == pop3::CommandKind::Quit) {
            m_quitAnswered = true;
            if (!response.ok) port.note(makeNote("note.pop3.quit_failed", {noteData(response.text)}));
            return;
        }
        if (!response.ok) return refused(response, port);
        switch (response.command) {
            case pop3::CommandKind::User: return send(pop3::Command::pass(m_password), Phase::Pass, port);
            case pop3::CommandKind::Pass: return send(pop3::Command::stat(), Phase::Stat, port);
            case pop3::CommandKind::Stat: return send(pop3::Command::uidl(), Phase::Uidl, port);
            case pop3::CommandKind::Dele: return advance(Phase::Dele, port);
            case pop3::CommandKind::Rset: return quit(port);
            case pop3::CommandKind::Stls:
                // The world ran the TLS handshake before this +OK reached the client: from
                // here on everything is encrypted. RFC 2595 4: what CAPA said in the clear is
                // forgotten, so ask again.
                m_tlsUp = true;
                return send(pop3::Command::capa(), Phase::Capa, port);
            default: return;  // CAPA, UIDL and RETR go on when their data has arrived
        }
    }

    /// A -ERR answer to anything but QUIT.
    void refused(const pop3::Response& response, ClientPort& port) {
        const std::string text = response.code.empty() ? response.text : "[" + response.code + "] " + response.text;
        switch (response.command) {
            case pop3::CommandKind::User:
            case pop3::CommandKind::Pass: port.note(makeNote("note.login_failed", {noteData(text)})); return quit(port);
            case pop3::CommandKind::Capa:
                // Without CAPA there is no STLS either; after STLS the link is secure anyway.
                if (m_tlsUp) return send(pop3::Command::user(m_settings.account), Phase::User, port);
                return noLoginWithoutTls(makeNote("note.tls.starttls_not_offered", {noteData("STLS")}), port);
            case pop3::CommandKind::Stls:
                return noLoginWithoutTls(makeNote("note.tls.starttls_refused", {noteData("STLS"), noteData(text)}), port);
            case pop3::CommandKind::Retr:
            case pop3::CommandKind::Dele: {
                std::ostringstream command;
                command << response.command;
                port.note(makeNote("note.pop3.refused_message",
                                   {noteData(command.str()), noteData(m_plan[m_cursor].msg), noteData(text)}));
                return advance(response.command == pop3::CommandKind::Retr ? Phase::Retr : Phase::Dele, port);
            }
            default: {
                std::ostringstream command;
                command << response.command;
                port.note(makeNote("note.pop3.refused_nothing_downloaded", {noteData(command.str()), noteData(text)}));
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
        if (known == 0)
            port.note(m_newTotal == 0 ? makeNote("note.pop3.no_new") : makeNote("note.pop3.new", {noteData(m_newTotal)}));
        else if (m_newTotal == 0)
            port.note(makeNote("note.pop3.no_new_known", {noteData(known)}));
        else
            port.note(makeNote("note.pop3.new_known", {noteData(m_newTotal), noteData(known)}));
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
        port.note(makeNote("note.pop3.saved", {messagePhrase(m), noteData(m.id)}));
        port.report(MessageDownloaded{m_settings.name, "INBOX", m.id, 0, true});
        m_local.folder("INBOX").messages.push_back(std::move(m));
        advance(Phase::Retr, port);
    }

    void on(const pop3::ClientError& error, ClientPort& port) {
        port.note(makeNote("note.pop3.unexpected", {noteData(error.text)}));
    }

    // Not asked for by this client.
    void on(const pop3::ListResult&, ClientPort&) {}
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
        if (!action.message) return port.note(makeNote("note.no_message_given"));
        const auto at = m_local.locate(*action.message, action.folder);
        if (!at) return port.note(noSuchMessage(*action.message));
        change(at->message(), at->folder->name);
    }

    void changeFlag(const Action& action, ClientPort& port) {
        const std::string name = action.flag.empty() ? "\\Flagged" : action.flag;
        mail::Flags flag;
        if (!flag.addByName(name)) return port.note(makeNote("note.not_a_flag", {noteData(name)}));
        const bool set = action.kind == ActionKind::Flag;
        withMessage(action, port, [&](LocalMessage& m, const std::string&) {
            if (set) m.flags.add(flag);
            else m.flags.remove(flag);
            port.note(makeNote(set ? "note.pop3.flag_set" : "note.pop3.flag_cleared", {noteData(name), messagePhrase(m)}));
        });
    }

    void deleteMessage(const Action& action, ClientPort& port) {
        if (!action.message) return port.note(makeNote("note.no_message_given"));
        const auto at = m_local.locate(*action.message, action.folder);
        if (!at) return port.note(noSuchMessage(*action.message));
        Note what = messagePhrase(at->message());
        port.report(MessageDeletedLocally{m_settings.name, at->folder->name, at->message().id});
        at->folder->messages.erase(at->folder->messages.begin() + static_cast<std::ptrdiff_t>(at->index));
        port.note(makeNote("note.pop3.deleted", {std::move(what)}));
    }

    void moveMessage(const Action& action, ClientPort& port) {
        if (!action.message) return port.note(makeNote("note.no_message_given"));
        if (action.folder.empty()) return port.note(makeNote("note.no_target_folder"));
        const auto at = m_local.locate(*action.message, action.sourceFolder);
        if (!at) return port.note(noSuchMessage(*action.message));
        Note what = messagePhrase(at->message());
        if (m_local.find(action.folder) == at->folder)
            return port.note(makeNote("note.already_in", {std::move(what), noteData(at->folder->name)}));
        LocalMessage moved = std::move(at->message());
        const std::string from = at->folder->name;
        at->folder->messages.erase(at->folder->messages.begin() + static_cast<std::ptrdiff_t>(at->index));
        const bool created = m_local.find(action.folder) == nullptr;
        LocalFolder& target = m_local.folder(action.folder);  // may reorder the folders: `at` is stale now
        port.report(MessageMovedLocally{m_settings.name, from, target.name, moved.id});
        target.messages.push_back(std::move(moved));
        port.note(makeNote(created ? "note.pop3.moved_new_folder" : "note.pop3.moved",
                           {std::move(what), noteData(target.name)}));
    }

    void createFolder(const Action& action, ClientPort& port) {
        if (action.folder.empty()) return port.note(makeNote("note.no_folder_name"));
        if (m_local.find(action.folder)) return port.note(makeNote("note.folder_exists", {noteData(action.folder)}));
        m_local.folder(action.folder);
        port.note(makeNote("note.pop3.folder_created", {noteData(action.folder)}));
    }

    void renameFolder(const Action& action, ClientPort& port) {
        if (action.folder.empty() || action.newName.empty()) return port.note(makeNote("note.rename_needs_names"));
        if (core::equalsIgnoreCase(action.folder, "INBOX")) return port.note(makeNote("note.pop3.inbox_no_rename"));
        if (!m_local.find(action.folder)) return port.note(makeNote("note.no_folder", {noteData(action.folder)}));
        if (m_local.find(action.newName)) return port.note(makeNote("note.folder_exists", {noteData(action.newName)}));
        if (!m_local.rename(action.folder, action.newName))
            return port.note(makeNote("note.rename_failed", {noteData(action.folder)}));
        port.note(makeNote("note.pop3.folder_renamed", {noteData(action.folder), noteData(action.newName)}));
    }

    void deleteFolder(const Action& action, ClientPort& port) {
        if (action.folder.empty()) return port.note(makeNote("note.no_folder_name"));
        if (core::equalsIgnoreCase(action.folder, "INBOX")) return port.note(makeNote("note.inbox_no_delete"));
        if (!m_local.remove(action.folder)) return port.note(makeNote("note.no_folder", {noteData(action.folder)}));
        port.note(makeNote("note.pop3.folder_deleted", {noteData(action.folder)}));
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
    bool m_undoDeletes = false;               // RSET before QUIT (the person took the deletions back)
    bool m_startTls = false;                  // this connection upgrades with STLS before the login
    bool m_tlsUp = false;                     // STLS succeeded: the link is encrypted
    bool m_noStartTls = false;                // the check stopped: STLS was not to be had (until the next check)
};

}  // namespace

std::unique_ptr<ClientBehaviour> makePop3Client(const DeviceSettings& settings, const std::string& password,
                                                LocalStore& local, core::Time now) {
    return std::make_unique<Pop3Client>(settings, password, local, now);
}

}  // namespace mailscope::sim
