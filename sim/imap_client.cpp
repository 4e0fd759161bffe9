// The IMAP mail client of a simulated device (RFC 3501 with IDLE 2177, UIDPLUS 4315, MOVE
// 6851): one connection kept open, folders mirrored from LIST, a sync per CheckMail, user
// changes sent at once (or queued while offline) and news pushed while it waits in IDLE.
// With STARTTLS set up it upgrades the connection before LOGIN (RFC 3501 6.2.1, RFC 2595).
// Set to quick resync, it remembers each folder's UIDVALIDITY and HIGHESTMODSEQ and, where
// the server offers QRESYNC (RFC 7162), reopens a folder with SELECT ... (QRESYNC ...) and
// polls with CHANGEDSINCE, so it hears only what changed instead of every message's flags.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "protocols/core/catalogue.h"
#include "protocols/imap/client_engine.h"
#include "protocols/mail/mail_store.h"
#include "sim/device.h"

namespace mailscope::sim {
namespace {

namespace client = imap::client;

constexpr std::string_view kInbox = "INBOX";
/// After this many failed attempts in a row to learn the UIDs of new messages, the client
/// reconnects rather than ask again (the server's answers do not add up).
constexpr int kMaxRepairs = 2;
/// What the client fetches of a new message: its header, flags and size, not the body.
constexpr std::string_view kHeaderItems = "(UID FLAGS RFC822.SIZE BODY.PEEK[HEADER])";

bool isInbox(std::string_view name) { return core::equalsIgnoreCase(name, kInbox); }

/// Whether `name` is `parent` or below it ("A" covers "A" and "A/x", not "AB").
bool within(std::string_view name, std::string_view parent) {
    if (isInbox(parent)) return isInbox(name);
    return name == parent || (name.size() > parent.size() && name.starts_with(parent) && name[parent.size()] == '/');
}

bool sameFolder(std::string_view a, std::string_view b) { return a == b || (isInbox(a) && isInbox(b)); }


/// The flags of a FETCH response; \Recent (per session, RFC 3501 2.3.2) is dropped.
mail::Flags toFlags(const std::vector<std::string>& names) {
    mail::Flags flags;
    for (const std::string& name : names) flags.addByName(name);
    return flags;
}

/// A sorted UID list as a compact UID set: "3", "4:7,9".
/// Sorted, without repeats, as a UID set ("4:6,9").
std::string uidSetText(std::vector<std::uint32_t> uids) {
    std::sort(uids.begin(), uids.end());
    uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
    return imap::compactNumberList(uids);
}

/// The bytes of a body section a FETCH response carries, by the item names this client asks for.
const std::string* section(const client::FetchData& data, std::initializer_list<std::string_view> names) {
    for (std::string_view name : names) {
        const auto it = data.sections.find(std::string(name));
        if (it != data.sections.end()) return &it->second;
    }
    return nullptr;
}

void sortById(LocalFolder& folder) {
    std::stable_sort(folder.messages.begin(), folder.messages.end(),
                     [](const LocalMessage& a, const LocalMessage& b) { return a.id < b.id; });
}

/// Adds a message where its UID belongs (after any with the same UID), keeping the order
/// sortById() gives; appending the next new UID costs nothing.
void insertSorted(LocalFolder& folder, LocalMessage message) {
    const auto at = std::upper_bound(folder.messages.begin(), folder.messages.end(), message.id,
                                     [](std::uint32_t id, const LocalMessage& m) { return id < m.id; });
    folder.messages.insert(at, std::move(message));
}

/// The first message with this UID: folders are kept sorted by UID, so a binary search.
LocalMessage* findMessage(LocalFolder& folder, std::uint32_t uid) {
    const auto at = std::lower_bound(folder.messages.begin(), folder.messages.end(), uid,
                                     [](const LocalMessage& m, std::uint32_t id) { return m.id < id; });
    return at != folder.messages.end() && at->id == uid ? &*at : nullptr;
}

// [SECTION] the client

class ImapClient final : public ClientBehaviour {
public:
    ImapClient(const DeviceSettings& settings, const std::string& password, LocalStore& local, core::Time now)
        : m_settings(settings), m_password(password), m_local(local), m_lastCheck(now) {}

    // [SECTION] ClientBehaviour

    void intent(const Action& action, ClientPort& port) override {
        m_offline = !port.online();
        if (action.kind == ActionKind::UndoDeletes) return port.note(makeNote("note.imap.undo_deletes"));
        switch (action.kind) {
            case ActionKind::CheckMail:
                if (m_offline) {
                    m_lastCheck = port.now();  // the attempt counts, so a poll does not repeat at once
                    port.note(makeNote("note.offline_no_server"));
                    return;
                }
                if (m_phase != Phase::Closed && (m_syncing || m_syncWanted)) {
                    port.note(makeNote("note.already_checking"));
                    return;
                }
                m_syncWanted = true;
                break;
            case ActionKind::GoOnline:
                m_syncWanted = true;  // reconnect, send what waited, then sync
                break;
            case ActionKind::GoOffline: return;  // the world drops the connection (closed())
            case ActionKind::SetIdle:
                if (action.on && m_phase == Phase::Closed) port.note(makeNote("note.imap.idle_next_check"));
                break;
            case ActionKind::OpenMessage:
            case ActionKind::MarkUnread:
            case ActionKind::Flag:
            case ActionKind::Unflag:
            case ActionKind::Delete:
            case ActionKind::MoveToFolder:
            case ActionKind::CreateFolder:
            case ActionKind::RenameFolder:
            case ActionKind::DeleteFolder:
                if (std::optional<Op> op = applyLocally(action, port)) {
                    if (m_offline) port.note(makeNote("note.imap.offline_change"));
                    m_ops.push_back(std::move(*op));
                }
                break;
            default: return;  // world actions: nothing for the client to do
        }
        advance(port);
    }

    void received(std::string_view bytes, ClientPort& port) override {
        if (!m_engine) return;
        const std::uint64_t connection = m_connection;
        for (client::Event& event : m_engine->receive(bytes)) {
            if (connection != m_connection) return;  // the connection ended above
            std::visit([&](auto& e) { on(e, port); }, event);
        }
        advance(port);
    }

    void closed(ClientPort& port) override {
        if (m_phase == Phase::Closed) return;
        // A connection lost during STARTTLS (a failed handshake) is not retried at once either.
        const bool loginFailed = m_loginFailed || m_phase == Phase::Securing;
        const bool syncing = m_syncing;
        dropConnection(port);
        // Work that was under way goes again on the next connection; a real client
        // reconnects at once when the network is there and a sync or changes were cut off.
        if (port.online() && !loginFailed && (syncing || !m_ops.empty())) {
            port.note(makeNote("note.imap.reconnecting"));
            m_syncWanted = true;
            advance(port);
        }
    }

    bool busy() const override {
        if (m_phase == Phase::Closed) return m_offline && !m_ops.empty();
        return m_phase != Phase::Ready || inFlight() || !m_plan.empty() || !m_ops.empty() || m_current ||
               m_syncWanted || m_syncing || (m_engine && m_engine->idling() && hasWork());
    }

    std::optional<core::Time> nextTimer() const override {
        if (m_settings.pollSeconds <= 0 || busy()) return std::nullopt;
        if (m_phase == Phase::Ready && m_settings.idle && !m_idleRefused && m_engine->hasCapability("IDLE"))
            return std::nullopt;  // IDLE pushes news
        return m_lastCheck + m_settings.pollSeconds;
    }

    Note status() const override {
        switch (m_phase) {
            case Phase::Closed:
                if (m_noStartTls) return makeNote("status.no_starttls", {noteData("STARTTLS")});
                if (!m_ops.empty()) return makeNote("status.not_connected_waiting", {noteData(m_ops.size())});
                return makeNote(m_offline ? "status.offline" : "status.not_connected");
            case Phase::Greeting: return makeNote("status.connecting");
            case Phase::Securing: return m_activity;
            case Phase::LoggingIn: return makeNote("status.logging_in");
            case Phase::Ready: break;
        }
        if (m_engine && m_engine->idling()) return makeNote("status.waiting_in_idle");
        if (inFlight() || !m_plan.empty()) return m_activity;
        return makeNote("status.idle_connected");
    }

private:
    /// Where the connection is.
    enum class Phase {
        Closed,     ///< no connection
        Greeting,   ///< connected, waiting for the server's greeting
        Securing,   ///< STARTTLS: CAPABILITY or STARTTLS sent, before the login
        LoggingIn,  ///< LOGIN sent
        Ready,      ///< logged in: syncing, sending changes or waiting
    };

    /// One user change the server has not confirmed yet (already applied to the local copy).
    struct Op {
        Action action;
        std::string folder;  ///< message ops: the message's folder; folder ops: the folder
        std::uint32_t uid = 0;                          ///< message ops: the message's UID
        std::shared_ptr<const mail::Message> message;   ///< the message (identifies a moved copy)
        mail::Flags flag;            ///< Flag, Unflag, MarkUnread, OpenMessage: the flag changed
        bool add = true;             ///< the flag is added (false: removed)
        bool fetchBody = false;      ///< OpenMessage: download the body (else store \Seen)
        std::string target;          ///< MoveToFolder: the folder; RenameFolder: the new name
        std::vector<LocalMessage> savedMessages;  ///< Delete, MoveToFolder: the message, to undo
        std::vector<LocalFolder> savedFolders;    ///< DeleteFolder: the folders, to undo
        int stage = 0;               ///< commands of this op the server already confirmed
        bool answered = false;       ///< the server sent data about the message (FETCH)
        std::optional<std::uint32_t> newUid;      ///< MoveToFolder: the UID in the target (COPYUID)
    };

    /// Quick resync: what the device's copy of a folder is up to date with.
    struct FolderModSeq {
        std::uint32_t uidValidity = 0;
        std::uint64_t modSeq = 0;
    };
    /// The answers to a SELECT ... (QRESYNC ...), until its OK.
    struct Resync {
        std::string folder;
        std::set<std::uint32_t> vanished;               // VANISHED (EARLIER)
        std::map<std::uint32_t, mail::Flags> changed;   // FETCH (UID FLAGS MODSEQ)
    };

    using Step = std::function<void(ClientPort&)>;
    using OnTagged = std::function<void(const client::Tagged&, ClientPort&)>;

    // [SECTION] driving the conversation

    bool inFlight() const {
        for (const auto& [tag, handler] : m_waiting)
            if (tag != m_idleTag) return true;
        return false;
    }

    /// Something to do besides waiting in IDLE.
    bool hasWork() const {
        return !m_ops.empty() || m_syncWanted || unknownSeq() || !m_settings.idle || m_repairWanted;
    }

    bool unknownSeq() const { return m_seqValid && std::find(m_seq.begin(), m_seq.end(), 0u) != m_seq.end(); }

    /// Runs the next steps until a command is in flight or nothing is left to do.
    void advance(ClientPort& port) {
        if (m_phase == Phase::Closed) {
            if ((m_syncWanted || !m_ops.empty()) && port.online()) connect(port);
            return;
        }
        while (m_engine && m_phase == Phase::Ready) {
            if (!m_waiting.empty()) {
                // Only the IDLE may be waiting: end it when there is something else to do.
                if (!inFlight() && m_engine->idling() && hasWork()) {
                    m_activity = makeNote("status.ending_idle");
                    send(m_engine->send(client::Command::done()), port);
                }
                return;
            }
            if (m_plan.empty() && !schedule()) return;
            Step step = std::move(m_plan.front());
            m_plan.pop_front();
            step(port);
        }
    }

    /// With nothing in progress: what to do next. False if there is nothing.
    bool schedule() {
        if (!m_ops.empty()) {
            m_current = std::move(m_ops.front());
            m_ops.pop_front();
            planOp();
            return true;
        }
        if (m_syncWanted) {
            m_syncWanted = false;
            m_syncing = true;
            later([this](ClientPort& port) { listFolders(port); });
            later([this](ClientPort& port) { finishSync(port); });
            return true;
        }
        if (m_repairWanted) {
            m_repairWanted = false;
            later([this, folder = m_selected](ClientPort& port) { fetchFlags(folder, port); });
            return true;
        }
        if (unknownSeq()) {
            later([this](ClientPort& port) { fetchNew(port); });
            return true;
        }
        if (!isInbox(m_selected) || !m_seqValid) {
            later([this](ClientPort& port) { openFolder(std::string(kInbox), port); });
            return true;
        }
        if (m_settings.idle && !m_idleRefused && m_engine->hasCapability("IDLE")) {
            later([this](ClientPort& port) { idle(port); });
            return true;
        }
        return false;
    }

    void later(Step step) { m_plan.push_back(std::move(step)); }
    void first(Step step) { m_plan.push_front(std::move(step)); }

    void send(const std::string& bytes, ClientPort& port) {
        if (!bytes.empty()) port.send(bytes);
    }

    /// Sends one command; `done` runs when its tagged response has come.
    void command(const client::Command& cmd, Note activity, ClientPort& port, OnTagged done) {
        m_activity = std::move(activity);
        const std::string bytes = m_engine->send(cmd);
        m_waiting[m_engine->lastTag()] = std::move(done);
        send(bytes, port);
    }

    /// Whether a tagged response said OK; else notes "the server refused: ...".
    static bool accepted(const client::Tagged& t, ClientPort& port) {
        if (t.condition == client::Condition::Ok) return true;
        port.note(makeNote("note.imap.refused", {noteData(t.text)}));
        return false;
    }

    // [SECTION] connection

    void connect(ClientPort& port) {
        ++m_connection;
        m_engine = std::make_unique<imap::ClientEngine>();
        m_phase = Phase::Greeting;
        m_loginFailed = false;
        m_noStartTls = false;
        m_tlsUp = false;
        // Read now: a setting changed while connected applies to the next connection, as the link's.
        m_startTls = m_settings.tls == TlsMode::StartTls;
        m_idleRefused = false;
        m_quickResync = m_settings.quickResync;
        m_syncWanted = true;  // every new connection syncs
        port.connect();
        if (!port.connected()) {
            port.note(makeNote("note.connect_failed"));
            dropConnection(port);
        }
    }

    /// Forgets the connection; the change in progress waits again at the head of the queue
    /// (every new connection syncs, so a sync cut off runs again with it).
    void dropConnection(ClientPort& port) {
        if (m_current) {
            m_ops.push_front(std::move(*m_current));
            m_current.reset();
        }
        m_syncWanted = false;
        ++m_connection;
        m_syncing = false;
        m_engine.reset();
        m_phase = Phase::Closed;
        m_waiting.clear();
        m_idleTag.clear();
        m_plan.clear();
        m_selected.clear();
        m_seq.clear();
        m_seqValid = false;
        m_collecting = false;
        m_repairWanted = false;
        m_resync.reset();
        m_collectingChanges = false;
        m_changed.clear();
        m_lastCheck = port.now();
        if (!port.online()) m_offline = true;
    }

    void hangUp(ClientPort& port) {
        port.hangUp();
        dropConnection(port);
    }

    void login(ClientPort& port) {
        m_phase = Phase::LoggingIn;
        command(client::Command::login(m_settings.account, m_password), makeNote("status.logging_in"), port,
                [this](const client::Tagged& t, ClientPort& p) {
                    if (t.condition == client::Condition::Ok) {
                        m_phase = Phase::Ready;  // received() goes on with advance()
                        if (m_quickResync) first([this](ClientPort& q) { enableQuickResync(q); });
                        return;
                    }
                    // Changes made here keep waiting; the next CheckMail tries again.
                    p.note(makeNote("note.login_failed", {noteData(t.text)}));
                    m_loginFailed = true;
                    m_syncWanted = false;
                    command(client::Command::logout(), makeNote("status.logging_out"), p, [](const client::Tagged&, ClientPort&) {});
                });
    }

    // [SECTION] STARTTLS (RFC 3501 6.2.1, RFC 2595 3.1)

    /// Before the login: STARTTLS if the server offers it, CAPABILITY first if the greeting
    /// did not list the capabilities; without it no login at all.
    void secure(ClientPort& port) {
        m_phase = Phase::Securing;
        if (m_engine->capabilities().empty())
            return command(client::Command::capability(), makeNote("status.asking_capabilities"), port,
                           [this](const client::Tagged& t, ClientPort& p) {
                               if (t.condition == client::Condition::Ok) return secure(p);
                               noLoginWithoutTls(makeNote("note.tls.starttls_not_offered", {noteData("STARTTLS")}), p);
                           });
        if (!m_engine->hasCapability("STARTTLS"))
            return noLoginWithoutTls(makeNote("note.tls.starttls_not_offered", {noteData("STARTTLS")}), port);
        command(client::Command::startTls(), makeNote("status.starting_tls"), port, [this](const client::Tagged& t, ClientPort& p) {
            if (t.condition != client::Condition::Ok)
                return noLoginWithoutTls(makeNote("note.tls.starttls_refused", {noteData("STARTTLS"), noteData(t.text)}), p);
            // The world ran the TLS handshake before this OK reached the client. What the
            // server said in the clear is forgotten (the engine dropped its capabilities), so
            // CAPABILITY again, now encrypted, then the login.
            m_tlsUp = true;
            command(client::Command::capability(), makeNote("status.asking_capabilities"), p,
                    [this](const client::Tagged&, ClientPort& q) { login(q); });
        });
    }

    /// STARTTLS was asked for and cannot be had: like a real client set to "require
    /// STARTTLS", the device never sends the password in clear text; it says why, logs out
    /// and does not retry until the next check.
    void noLoginWithoutTls(Note why, ClientPort& port) {
        port.note(std::move(why));
        m_noStartTls = true;
        m_loginFailed = true;  // no reconnecting at once
        m_syncWanted = false;
        command(client::Command::logout(), makeNote("status.logging_out"), port, [](const client::Tagged&, ClientPort&) {});
    }

    void idle(ClientPort& port) {
        const std::string bytes = m_engine->send(client::Command::idle());
        m_idleTag = m_engine->lastTag();
        m_activity = makeNote("status.waiting_in_idle");
        m_waiting[m_idleTag] = [this](const client::Tagged& t, ClientPort& p) {
            m_idleTag.clear();
            if (t.condition != client::Condition::Ok) {
                m_idleRefused = true;
                p.note(makeNote("note.imap.idle_refused", {noteData(t.text)}));
            }
        };
        send(bytes, port);
    }

    // [SECTION] sync

    void listFolders(ClientPort& port) {
        m_listed.clear();
        command(client::Command::list("", "*"), makeNote("status.listing_folders"), port, [this](const client::Tagged& t, ClientPort& p) {
            if (!accepted(t, p)) return;
            mirrorFolders(p);
            // STATUS for every other folder, then INBOX, which stays selected.
            first([this](ClientPort& q) { ensureFolder(std::string(kInbox), q); });
            const auto& folders = m_local.folders();
            for (auto it = folders.rbegin(); it != folders.rend(); ++it)
                if (!isInbox(it->name) && !it->pending)
                    first([this, name = it->name](ClientPort& q) { folderStatus(name, q); });
        });
    }

    /// Local folders mirror the server's: new ones are added, ones gone are dropped
    /// (folders created or renamed here and not yet confirmed stay).
    void mirrorFolders(ClientPort& port) {
        std::vector<std::string> names;
        for (const client::ListEntry& e : m_listed) {
            const bool noSelect = std::any_of(e.attributes.begin(), e.attributes.end(), [](const std::string& a) {
                return core::equalsIgnoreCase(a, "\\Noselect") || core::equalsIgnoreCase(a, "\\NonExistent");
            });
            if (!noSelect && !e.mailbox.empty()) names.push_back(isInbox(e.mailbox) ? std::string(kInbox) : e.mailbox);
        }
        std::vector<std::string> added, removed;
        for (const std::string& name : names)
            if (!m_local.find(name) && !folderGoneHere(name)) {
                m_local.folder(name);
                added.push_back(name);
            }
        std::vector<std::string> drop;
        for (LocalFolder& f : m_local.folders()) {
            const bool listed = isInbox(f.name) || std::find(names.begin(), names.end(), f.name) != names.end();
            if (f.pending && !folderComingHere(f.name)) f.pending = false;  // its change is settled
            if (!listed && !f.pending) drop.push_back(f.name);
        }
        for (const std::string& name : drop)
            if (m_local.remove(name)) removed.push_back(name);
        if (m_listedBefore) {
            for (const std::string& name : added) port.note(makeNote("note.imap.folder_new", {noteData(name)}));
            for (const std::string& name : removed) port.note(makeNote("note.imap.folder_gone", {noteData(name)}));
        }
        m_listedBefore = true;
    }

    /// STATUS of a folder that is not INBOX; SELECT it only when it (or its local copy) holds messages.
    void folderStatus(const std::string& name, ClientPort& port) {
        if (!m_local.find(name)) return;
        m_status.reset();
        command(client::Command::status(name, {"MESSAGES", "UIDNEXT", "UIDVALIDITY"}), makeNote("status.checking_folder", {noteData(name)}), port,
                [this, name](const client::Tagged& t, ClientPort& p) {
                    LocalFolder* folder = m_local.find(name);
                    if (t.condition != client::Condition::Ok || !m_status || !folder) return;
                    const auto validity = m_status->get("UIDVALIDITY");
                    const auto messages = m_status->get("MESSAGES").value_or(0);
                    if (validity && folder->uidValidity != 0 && folder->uidValidity != *validity) {
                        dropFolderCopy(*folder, p);
                    }
                    if (validity) folder->uidValidity = static_cast<std::uint32_t>(*validity);
                    const bool localMessages =
                        std::any_of(folder->messages.begin(), folder->messages.end(),
                                    [&](const LocalMessage& m) { return !waiting(folder->name, m); });
                    if (messages > 0 || localMessages) first([this, name](ClientPort& q) { openFolder(name, q); });
                });
    }

    void dropFolderCopy(LocalFolder& folder, ClientPort& port) {
        std::erase_if(folder.messages, [&](const LocalMessage& m) { return !waiting(folder.name, m); });
        port.note(makeNote("note.imap.uidvalidity", {noteData(folder.name)}));
    }

    /// Makes `name` the selected folder with known UIDs (SELECT and FLAGS only as needed).
    void ensureFolder(const std::string& name, ClientPort&) {
        if (sameFolder(m_selected, name) && m_seqValid) {
            if (m_syncing && isInbox(name)) {
                if (knownModSeq(name) && !unknownSeq()) first([this, name](ClientPort& q) { fetchChanges(name, q); });
                else first([this, name](ClientPort& q) { fetchFlags(name, q); });
            }
            return;
        }
        if (sameFolder(m_selected, name)) {
            first([this, name](ClientPort& q) { fetchFlags(name, q); });
            return;
        }
        first([this, name](ClientPort& q) { openFolder(name, q); });
    }

    /// SELECT, then the UIDs and flags of every message, then the headers of new ones.
    void openFolder(const std::string& name, ClientPort& port) {
        if (std::optional<client::QresyncParams> params = resyncParams(name)) return resyncFolder(name, *params, port);
        command(client::Command::select(name), makeNote(m_syncing ? "status.syncing_folder" : "status.opening_folder", {noteData(name)}), port,
                [this, name](const client::Tagged& t, ClientPort& p) {
                    if (t.condition != client::Condition::Ok || !m_engine->selected()) {
                        m_selected.clear();
                        m_seqValid = false;
                        p.note(makeNote("note.imap.cannot_open", {noteData(name), noteData(t.text)}));
                        if (isInbox(name)) hangUp(p);  // nothing can go on without INBOX
                        return;
                    }
                    const client::SelectedMailbox& box = *m_engine->selected();
                    m_selected = name;
                    m_seq.assign(box.exists, 0);
                    m_seqValid = true;
                    LocalFolder* folder = m_local.find(name);
                    if (!folder && !folderGoneHere(name)) folder = &m_local.folder(name);
                    if (!folder) return;
                    if (box.uidValidity != 0 && folder->uidValidity != 0 && folder->uidValidity != box.uidValidity)
                        dropFolderCopy(*folder, p);
                    if (box.uidValidity != 0) folder->uidValidity = box.uidValidity;
                    if (box.exists > 0) {
                        first([this, name](ClientPort& q) { fetchFlags(name, q); });
                    } else {
                        m_collected.clear();
                        reconcile(*folder, p);
                    }
                });
    }

    /// UID FETCH 1:* (FLAGS): which messages exist and their flags. A folder with nothing
    /// here yet gets the headers in the same command (everything in it is new).
    void fetchFlags(const std::string& name, ClientPort& port) {
        if (!sameFolder(m_selected, name) || !m_engine->selected()) return;
        const LocalFolder* folder = m_local.find(name);
        const bool empty = !folder || std::all_of(folder->messages.begin(), folder->messages.end(),
                                                  [&](const LocalMessage& m) { return waiting(name, m); });
        // Every number is learnt afresh from the answers.
        m_seq.assign(m_engine->selected()->exists, 0);
        m_seqValid = true;
        m_collected.clear();
        m_collecting = true;
        m_newMessages = 0;
        const std::string items = empty ? std::string(kHeaderItems) : "(FLAGS)";
        // The flags that come back are at least as new as the HIGHESTMODSEQ the SELECT gave.
        const std::optional<std::uint64_t> modSeq = resyncing() ? m_engine->selected()->highestModSeq : std::nullopt;
        command(client::Command::uidFetch("1:*", items), makeNote(m_syncing ? "status.syncing_folder" : "status.opening_folder", {noteData(name)}), port,
                [this, name, modSeq](const client::Tagged& t, ClientPort& p) {
                    m_collecting = false;
                    if (!accepted(t, p) || !sameFolder(m_selected, name)) return;
                    if (modSeq) first([this, name, modSeq](ClientPort&) { rememberModSeq(name, *modSeq); });
                    if (LocalFolder* f = m_local.find(name)) reconcile(*f, p);
                    noteNewMail(name, p);
                });
    }

    /// After a full flags fetch: local messages the server no longer has go, flags follow
    /// the server's (unless changed here and not yet sent), new UIDs get their headers fetched.
    void reconcile(LocalFolder& folder, ClientPort& port) {
        const std::size_t before = folder.messages.size();
        std::erase_if(folder.messages, [&](const LocalMessage& m) {
            return !m_collected.contains(m.id) && !movedHere(folder.name, m);
        });
        const std::size_t gone = before - folder.messages.size();
        if (gone > 0) port.note(makeNote("note.imap.removed_count", {noteData(folder.name), noteData(gone)}));
        std::vector<std::uint32_t> fresh;
        for (const auto& [uid, flags] : m_collected) {
            if (LocalMessage* m = findMessage(folder, uid)) {
                if (!waiting(folder.name, *m)) {
                    m->pending = false;
                    m->flags = flags;
                }
            } else if (!messageGoneHere(folder.name, uid)) {
                fresh.push_back(uid);
            }
        }
        m_collected.clear();
        if (fresh.empty()) return;
        const std::string set = uidSetText(fresh);
        first([this, name = folder.name, set](ClientPort& p) { fetchHeaders(name, set, p); });
    }

    /// UID FETCH set (UID FLAGS RFC822.SIZE BODY.PEEK[HEADER]): new messages, header only.
    void fetchHeaders(const std::string& name, const std::string& set, ClientPort& port) {
        if (!sameFolder(m_selected, name)) return;
        m_newMessages = 0;
        command(client::Command::uidFetch(set, std::string(kHeaderItems)), makeNote("status.fetching_new_headers"), port,
                [this, name](const client::Tagged& t, ClientPort& p) {
                    if (!accepted(t, p)) return;
                    noteNewMail(name, p);
                });
    }

    /// New messages announced by EXISTS: the headers of every UID above the highest known.
    void fetchNew(ClientPort& port) {
        if (!unknownSeq()) return;
        std::uint32_t highest = 0;
        for (std::uint32_t uid : m_seq) highest = std::max(highest, uid);
        m_newMessages = 0;
        const std::string name = m_selected;
        command(client::Command::uidFetch(std::to_string(highest + 1) + ":*", std::string(kHeaderItems)),
                makeNote("status.fetching_new_headers"), port, [this, name](const client::Tagged& t, ClientPort& p) {
                    if (!accepted(t, p)) return;
                    noteNewMail(name, p);
                    if (!unknownSeq()) {
                        m_repairs = 0;
                        return;
                    }
                    // The numbers do not add up: ask for every UID again, or start afresh.
                    if (++m_repairs > kMaxRepairs) {
                        p.note(makeNote("note.imap.lost_track", {noteData(name)}));
                        m_repairs = 0;
                        hangUp(p);
                        m_syncWanted = true;
                        advance(p);
                        return;
                    }
                    m_repairWanted = true;
                });
    }

    void noteNewMail(const std::string& name, ClientPort& port) {
        if (m_newMessages == 0) return;
        if (isInbox(name)) port.note(makeNote("note.imap.new_mail", {noteData(m_newMessages)}));
        else port.note(makeNote("note.imap.new_in_folder", {noteData(name), noteData(m_newMessages)}));
        m_newMessages = 0;
    }

    // [SECTION] quick resync (RFC 7162 CONDSTORE / QRESYNC)

    /// Whether this connection resyncs quickly: the server said ENABLED QRESYNC.
    bool resyncing() const { return m_engine && m_engine->isEnabled("QRESYNC"); }

    /// ENABLE QRESYNC right after the login, if the server offers it; without it the
    /// device syncs as every other (RFC 7162 3.2.3: QRESYNC must be enabled before use).
    void enableQuickResync(ClientPort& port) {
        if (!m_engine->hasCapability("QRESYNC")) {
            port.note(makeNote("note.imap.no_quick_resync", {noteData("QRESYNC")}));
            return;
        }
        command(client::Command::enable({"QRESYNC"}), makeNote("status.enabling_quick_resync"), port,
                [](const client::Tagged&, ClientPort&) {});  // resyncing() reads the ENABLED answer
    }

    /// The HIGHESTMODSEQ this device's copy of the folder is up to date with, if it may be
    /// used on this connection.
    std::optional<std::uint64_t> knownModSeq(const std::string& name) const {
        if (!resyncing()) return std::nullopt;
        const auto it = m_modSeqs.find(isInbox(name) ? std::string(kInbox) : name);
        const LocalFolder* folder = m_local.find(name);
        if (it == m_modSeqs.end() || !folder || folder->uidValidity == 0 || it->second.uidValidity != folder->uidValidity)
            return std::nullopt;
        return it->second.modSeq;
    }

    void rememberModSeq(const std::string& name, std::uint64_t modSeq) {
        const LocalFolder* folder = m_local.find(name);
        if (!folder || folder->uidValidity == 0 || modSeq == 0) return;
        FolderModSeq& known = m_modSeqs[isInbox(name) ? std::string(kInbox) : name];
        if (known.uidValidity != folder->uidValidity) known = FolderModSeq{folder->uidValidity, 0};
        known.modSeq = std::max(known.modSeq, modSeq);
    }

    /// The UIDs of the folder the server holds as far as this device knows: its local
    /// messages and the ones removed here that the server has not removed yet.
    std::vector<std::uint32_t> knownUids(const LocalFolder& folder) const {
        std::vector<std::uint32_t> uids;
        for (const LocalMessage& m : folder.messages)
            if (!movedHere(folder.name, m)) uids.push_back(m.id);
        auto gone = [&](const Op& op) {
            if ((op.action.kind == ActionKind::Delete || op.action.kind == ActionKind::MoveToFolder) &&
                sameFolder(op.folder, folder.name))
                uids.push_back(op.uid);
        };
        if (m_current) gone(*m_current);
        for (const Op& op : m_ops) gone(op);
        std::sort(uids.begin(), uids.end());
        uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
        return uids;
    }

    /// The QRESYNC parameter for reopening the folder, if the device knows enough of it.
    std::optional<client::QresyncParams> resyncParams(const std::string& name) const {
        const std::optional<std::uint64_t> modSeq = knownModSeq(name);
        const LocalFolder* folder = m_local.find(name);
        if (!modSeq || !folder) return std::nullopt;
        const std::vector<std::uint32_t> uids = knownUids(*folder);
        if (uids.empty()) return std::nullopt;  // nothing here: the plain sync fetches it all at once
        return client::QresyncParams{folder->uidValidity, *modSeq, uidSetText(uids)};
    }

    /// SELECT folder (QRESYNC (uidvalidity modseq known-uids)): the server answers with
    /// VANISHED (EARLIER) for what was expunged and FETCH (FLAGS MODSEQ) for what changed
    /// since; both are collected (m_resync) and applied to the local copy at the OK.
    void resyncFolder(const std::string& name, const client::QresyncParams& params, ClientPort& port) {
        m_resync.emplace();
        m_resync->folder = name;
        command(client::Command::selectQresync(name, params),
                makeNote(m_syncing ? "status.syncing_folder" : "status.opening_folder", {noteData(name)}), port,
                [this, name, params](const client::Tagged& t, ClientPort& p) {
                    Resync got = std::move(*m_resync);
                    m_resync.reset();
                    if (t.condition != client::Condition::Ok || !m_engine->selected()) {
                        m_selected.clear();
                        m_seqValid = false;
                        p.note(makeNote("note.imap.cannot_open", {noteData(name), noteData(t.text)}));
                        if (isInbox(name)) hangUp(p);
                        return;
                    }
                    const client::SelectedMailbox& box = *m_engine->selected();
                    m_selected = name;
                    LocalFolder* folder = m_local.find(name);
                    if (!folder) return;
                    if (box.uidValidity != params.uidValidity || !box.highestModSeq) {
                        // The server could not resync (a new UIDVALIDITY, NOMODSEQ): the plain way.
                        m_modSeqs.erase(isInbox(name) ? std::string(kInbox) : name);
                        if (box.uidValidity != 0 && box.uidValidity != folder->uidValidity) dropFolderCopy(*folder, p);
                        if (box.uidValidity != 0) folder->uidValidity = box.uidValidity;
                        m_seq.assign(box.exists, 0);
                        m_seqValid = true;
                        if (box.exists > 0) first([this, name](ClientPort& q) { fetchFlags(name, q); });
                        return;
                    }
                    applyResync(*folder, got, box, p);
                });
    }

    /// Applies what a QRESYNC SELECT said: vanished messages go, changed flags follow the
    /// server's (unless changed here and not yet sent); messages above the known UIDs are
    /// new and get their headers fetched. If the numbers do not add up, a full flags fetch.
    void applyResync(LocalFolder& folder, const Resync& got, const client::SelectedMailbox& box, ClientPort& port) {
        std::vector<std::uint32_t> uids = knownUids(folder);
        std::erase_if(uids, [&](std::uint32_t uid) { return got.vanished.contains(uid); });
        const std::size_t before = folder.messages.size();
        std::erase_if(folder.messages, [&](const LocalMessage& m) {
            return got.vanished.contains(m.id) && !movedHere(folder.name, m);
        });
        if (const std::size_t gone = before - folder.messages.size(); gone > 0)
            port.note(makeNote("note.imap.removed_count", {noteData(folder.name), noteData(gone)}));
        for (const auto& [uid, flags] : got.changed)
            if (LocalMessage* m = findMessage(folder, uid); m && !waiting(folder.name, *m)) {
                m->pending = false;
                m->flags = flags;
            }
        const bool known = std::all_of(got.changed.begin(), got.changed.end(), [&](const auto& c) {
            return std::binary_search(uids.begin(), uids.end(), c.first);
        });
        const std::string name = folder.name;
        if (!known || uids.size() > box.exists) {
            m_seq.assign(box.exists, 0);
            m_seqValid = true;
            first([this, name](ClientPort& q) { fetchFlags(name, q); });
            return;
        }
        // Every known UID is still there, in UID order; the rest, at the end, are new.
        m_seq = uids;
        m_seq.resize(box.exists, 0);
        m_seqValid = true;
        const std::uint64_t modSeq = *box.highestModSeq;
        first([this, name, modSeq](ClientPort&) { rememberModSeq(name, modSeq); });
        if (uids.size() < box.exists) {
            const std::uint32_t highest = uids.empty() ? 0 : uids.back();
            first([this, name, highest](ClientPort& q) { fetchHeaders(name, std::to_string(highest + 1) + ":*", q); });
        }
    }

    /// While the folder stays selected: UID FETCH 1:* (FLAGS) (CHANGEDSINCE n), only the
    /// messages whose flags changed since the device last looked (RFC 7162 3.1.4.1).
    void fetchChanges(const std::string& name, ClientPort& port) {
        const std::optional<std::uint64_t> since = knownModSeq(name);
        if (!since) return fetchFlags(name, port);
        if (!sameFolder(m_selected, name) || !m_engine->selected()) return;
        m_changedModSeq = *since;
        m_changed.clear();
        m_collectingChanges = true;
        command(client::Command::uidFetchChangedSince("1:*", "(FLAGS)", *since),
                makeNote("status.syncing_folder", {noteData(name)}), port, [this, name](const client::Tagged& t, ClientPort& p) {
                    std::map<std::uint32_t, mail::Flags> changed = std::move(m_changed);
                    m_changed.clear();
                    m_collectingChanges = false;
                    if (!accepted(t, p) || !sameFolder(m_selected, name)) return;
                    LocalFolder* folder = m_local.find(name);
                    if (!folder) return;
                    // Flags were applied as they came (on FetchData); a UID not here is new.
                    std::vector<std::uint32_t> fresh;
                    for (const auto& [uid, flags] : changed)
                        if (!findMessage(*folder, uid) && !messageGoneHere(name, uid)) fresh.push_back(uid);
                    const std::uint64_t modSeq = m_changedModSeq;
                    first([this, name, modSeq](ClientPort&) { rememberModSeq(name, modSeq); });
                    if (!fresh.empty())
                        first([this, name, set = uidSetText(fresh)](ClientPort& q) { fetchHeaders(name, set, q); });
                });
    }

    void finishSync(ClientPort& port) {
        m_syncing = false;
        m_lastCheck = port.now();
    }

    // [SECTION] server responses

    void on(const client::Greeting& g, ClientPort& port) {
        if (m_phase != Phase::Greeting) return;
        if (g.condition == client::Condition::PreAuth) {
            m_phase = Phase::Ready;
        } else if (g.condition == client::Condition::Ok) {
            if (m_startTls && !m_tlsUp) secure(port);
            else login(port);
        } else {
            port.note(makeNote("note.imap.greeting_refused", {noteData(g.text)}));
            m_loginFailed = true;  // no reconnecting at once
        }
    }

    void on(const client::Tagged& t, ClientPort& port) {
        const auto it = m_waiting.find(t.tag);
        if (it == m_waiting.end()) return;
        OnTagged done = std::move(it->second);
        m_waiting.erase(it);
        done(t, port);
    }

    void on(const client::UntaggedStatus& s, ClientPort& port) {
        if (s.code.kind == client::CodeKind::CopyUid && m_current &&
            m_current->action.kind == ActionKind::MoveToFolder) {
            const auto& from = s.code.sourceUids.ranges();
            const auto& to = s.code.uids.ranges();
            // One UID moved: the first of each set.
            if (!from.empty() && !to.empty() && from.front().first == m_current->uid)
                m_current->newUid = to.front().first;
        }
        if (s.condition == client::Condition::Bye && m_phase == Phase::Ready && !m_waiting.empty())
            port.note(makeNote("note.imap.bye"));
    }

    void on(const client::Exists& e, ClientPort&) {
        if (m_seqValid && e.count > m_seq.size()) m_seq.resize(e.count, 0);
    }

    void on(const client::Expunge& e, ClientPort& port) {
        if (!m_seqValid || e.seq == 0 || e.seq > m_seq.size()) return;
        expunged(e.seq - 1, port);
    }

    /// "* VANISHED uids" stands for EXPUNGEs once QRESYNC is enabled (RFC 7162 3.2.10);
    /// "* VANISHED (EARLIER)" answers a QRESYNC SELECT (collected in m_resync).
    void on(const client::Vanished& v, ClientPort& port) {
        if (m_resync) {
            if (v.earlier)
                for (const imap::NumberRange& r : v.uids.ranges())
                    for (std::uint64_t uid = std::min(r.first, r.last); uid <= std::max(r.first, r.last); ++uid)
                        m_resync->vanished.insert(static_cast<std::uint32_t>(uid));
            return;
        }
        if (!m_seqValid || v.earlier) return;
        const imap::ResolvedSet gone = v.uids.resolve(0xFFFFFFFFu);
        for (std::size_t i = m_seq.size(); i-- > 0;)
            if (m_seq[i] != 0 && gone.contains(m_seq[i])) expunged(i, port);
    }

    /// The message at this index (sequence number - 1) was expunged.
    void expunged(std::size_t index, ClientPort& port) {
        const std::uint32_t uid = m_seq[index];
        m_seq.erase(m_seq.begin() + static_cast<std::ptrdiff_t>(index));
        if (uid == 0) return;
        m_collected.erase(uid);
        LocalFolder* folder = m_local.find(m_selected);
        if (!folder) return;
        const bool ours = messageGoneHere(folder->name, uid);
        const auto it = std::find_if(folder->messages.begin(), folder->messages.end(), [&](const LocalMessage& m) {
            return m.id == uid && !movedHere(folder->name, m);
        });
        if (it == folder->messages.end()) return;
        if (!ours) port.note(makeNote("note.imap.message_removed", {messagePhrase(*it)}));
        folder->messages.erase(it);
    }

    void on(const client::FetchData& d, ClientPort& port) {
        if (m_resync) {
            // Answers to SELECT ... (QRESYNC ...): about the folder being opened, applied at its OK.
            if (d.uid && d.flags) m_resync->changed[*d.uid] = toFlags(*d.flags);
            return;
        }
        if (m_collectingChanges && d.modSeq) {
            m_changedModSeq = std::max(m_changedModSeq, *d.modSeq);
            if (d.uid && d.flags) m_changed[*d.uid] = toFlags(*d.flags);
        }
        if (!m_seqValid || m_selected.empty()) return;
        std::uint32_t uid = d.uid.value_or(0);
        if (d.seq > 0) {
            if (d.seq > m_seq.size()) m_seq.resize(d.seq, 0);
            if (uid != 0) m_seq[d.seq - 1] = uid;
            else uid = m_seq[d.seq - 1];
        }
        if (uid == 0) return;
        const std::optional<mail::Flags> flags = d.flags ? std::optional(toFlags(*d.flags)) : std::nullopt;
        if (m_collecting && flags) m_collected[uid] = *flags;
        LocalFolder* folder = m_local.find(m_selected);
        if (!folder) return;
        if (m_current && m_current->uid == uid && sameFolder(m_current->folder, folder->name)) m_current->answered = true;
        LocalMessage* m = findMessage(*folder, uid);
        if (m && movedHere(folder->name, *m)) m = nullptr;
        if (const std::string* header = section(d, {"BODY[HEADER]", "RFC822.HEADER"});
            header && !m && !messageGoneHere(folder->name, uid)) {
            LocalMessage fresh;
            fresh.id = uid;
            fresh.message = mail::Message::fromBytes(*header, port.now());
            fresh.size = d.size.value_or(fresh.message->size());
            fresh.flags = flags.value_or(mail::Flags{});
            port.report(MessageDownloaded{m_settings.name, folder->name, uid, uid, false});
            insertSorted(*folder, std::move(fresh));
            ++m_newMessages;
            return;
        }
        if (!m) return;
        if (const std::string* body = section(d, {"BODY[]", "RFC822"})) {
            m->message = mail::Message::fromBytes(*body, port.now());
            m->hasBody = true;
            m->size = d.size.value_or(m->message->size());
            port.report(MessageDownloaded{m_settings.name, folder->name, uid, uid, true});
        }
        if (flags && (!waiting(folder->name, *m) || ownAnswer(folder->name, uid))) m->flags = *flags;
    }

    void on(const client::ListEntry& e, ClientPort&) {
        if (!e.lsub) m_listed.push_back(e);
    }

    void on(const client::MailboxStatus& s, ClientPort&) { m_status = s; }

    void on(const client::BytesReleased& b, ClientPort& port) { send(b.bytes, port); }

    void on(const client::ProtocolError& e, ClientPort& port) {
        port.note(makeNote("note.imap.protocol_error", {noteData(e.text)}));
        if (e.fatal) hangUp(port);
    }

    // Nothing to do for these.
    void on(const client::Capabilities&, ClientPort&) {}
    void on(const client::Recent&, ClientPort&) {}
    void on(const client::Flags&, ClientPort&) {}
    void on(const client::SearchResult&, ClientPort&) {}
    void on(const client::Continuation&, ClientPort&) {}
    void on(const client::NamespaceData&, ClientPort&) {}
    void on(const client::IdData&, ClientPort&) {}
    void on(const client::Enabled&, ClientPort&) {}

    // [SECTION] what is pending here

    /// Every change not yet confirmed: the one in progress, then the queue.
    template <class F>
    bool anyOp(F&& test) const {
        if (m_current && test(*m_current)) return true;
        return std::any_of(m_ops.begin(), m_ops.end(), test);
    }

    /// A message deleted or moved away here whose removal the server has not confirmed.
    bool messageGoneHere(std::string_view folder, std::uint32_t uid) const {
        return anyOp([&](const Op& op) {
            return (op.action.kind == ActionKind::Delete || op.action.kind == ActionKind::MoveToFolder) &&
                   op.uid == uid && sameFolder(op.folder, folder);
        });
    }

    /// A folder deleted or renamed away here and not yet on the server.
    bool folderGoneHere(std::string_view name) const {
        return anyOp([&](const Op& op) {
            return (op.action.kind == ActionKind::DeleteFolder || op.action.kind == ActionKind::RenameFolder) &&
                   within(name, op.folder);
        });
    }

    /// A folder created or renamed here whose change the server has not confirmed yet.
    bool folderComingHere(std::string_view name) const {
        return anyOp([&](const Op& op) {
            return (op.action.kind == ActionKind::CreateFolder && within(name, op.folder)) ||
                   (op.action.kind == ActionKind::RenameFolder && within(name, op.target));
        });
    }

    /// Whether a message changed here still waits for the server. A message marked pending
    /// that no change refers to any more (its folder was renamed here meanwhile) does not.
    bool waiting(std::string_view folder, const LocalMessage& m) const {
        return m.pending && (opOn(folder, m.id) || movedHere(folder, m));
    }

    /// The local copy of a message moved into `folder` here, before the server confirmed it.
    bool movedHere(std::string_view folder, const LocalMessage& m) const {
        return m.pending && anyOp([&](const Op& op) {
                   return op.action.kind == ActionKind::MoveToFolder && op.message == m.message &&
                          sameFolder(op.target, folder);
               });
    }

    /// Whether flags the server sends for this message answer the change in progress (and
    /// no later change waits for it), so they may replace the pending local flags.
    bool ownAnswer(std::string_view folder, std::uint32_t uid) const {
        if (!m_current || m_current->uid != uid || !sameFolder(m_current->folder, folder)) return false;
        return std::none_of(m_ops.begin(), m_ops.end(),
                            [&](const Op& op) { return op.uid == uid && sameFolder(op.folder, folder); });
    }

    /// Whether a change not yet confirmed concerns this message.
    bool opOn(std::string_view folder, std::uint32_t uid) const {
        return anyOp([&](const Op& op) { return op.uid == uid && sameFolder(op.folder, folder); });
    }

    /// The message is confirmed on the server, unless later changes wait for it.
    void settle(const std::string& folder, std::uint32_t uid) {
        LocalFolder* f = m_local.find(folder);
        LocalMessage* m = f ? findMessage(*f, uid) : nullptr;
        if (!m || (m_current && movedHere(folder, *m))) return;
        if (std::none_of(m_ops.begin(), m_ops.end(),
                         [&](const Op& op) { return op.uid == uid && sameFolder(op.folder, folder); }))
            m->pending = false;
    }

    // [SECTION] user changes, applied here at once

    std::optional<Op> applyLocally(const Action& action, ClientPort& port) {
        switch (action.kind) {
            case ActionKind::OpenMessage:
            case ActionKind::MarkUnread:
            case ActionKind::Flag:
            case ActionKind::Unflag: return changeFlags(action, port);
            case ActionKind::Delete:
            case ActionKind::MoveToFolder: return removeMessage(action, port);
            case ActionKind::CreateFolder: return createFolder(action, port);
            case ActionKind::RenameFolder: return renameFolder(action, port);
            case ActionKind::DeleteFolder: return deleteFolder(action, port);
            default: return std::nullopt;
        }
    }

    std::optional<Op> changeFlags(const Action& action, ClientPort& port) {
        if (!action.message) return port.note(makeNote("note.no_message_given")), std::nullopt;
        const auto at = m_local.locate(*action.message, action.folder);
        if (!at) return port.note(noSuchMessage(*action.message)), std::nullopt;
        LocalMessage& m = at->message();
        if (movedHere(at->folder->name, m)) return stillMoving(m, port);
        Op op;
        op.action = action;
        op.folder = at->folder->name;
        op.uid = m.id;
        op.message = m.message;
        switch (action.kind) {
            case ActionKind::OpenMessage:
                port.report(MessageOpened{m_settings.name, at->folder->name, m.id});
                op.flag.set(mail::SystemFlag::Seen);
                op.fetchBody = !m.hasBody;
                if (m.hasBody && m.flags.has(mail::SystemFlag::Seen)) {
                    port.note(makeNote("note.imap.opened_local", {messagePhrase(m)}));
                    return std::nullopt;
                }
                if (m.hasBody) port.note(makeNote("note.imap.opened_local_marking", {messagePhrase(m)}));
                break;
            case ActionKind::MarkUnread:
                op.flag.set(mail::SystemFlag::Seen);
                op.add = false;
                break;
            default: {
                const std::string name = action.flag.empty() ? "\\Flagged" : action.flag;
                if (!op.flag.addByName(name)) {
                    port.note(makeNote("note.not_a_flag", {noteData(name)}));
                    return std::nullopt;
                }
                op.add = action.kind == ActionKind::Flag;
            }
        }
        if (op.add) m.flags.add(op.flag);
        else m.flags.remove(op.flag);
        m.pending = true;
        return op;
    }

    std::optional<Op> removeMessage(const Action& action, ClientPort& port) {
        if (!action.message) return port.note(makeNote("note.no_message_given")), std::nullopt;
        const bool move = action.kind == ActionKind::MoveToFolder;
        if (move && action.folder.empty()) return port.note(makeNote("note.no_target_folder")), std::nullopt;
        const auto at = m_local.locate(*action.message, move ? action.sourceFolder : action.folder);
        if (!at) return port.note(noSuchMessage(*action.message)), std::nullopt;
        if (move && !m_local.find(action.folder))
            return port.note(makeNote("note.no_folder", {noteData(action.folder)})), std::nullopt;
        if (movedHere(at->folder->name, at->message())) return stillMoving(at->message(), port);
        if (move && sameFolder(at->folder->name, action.folder))
            return port.note(makeNote("note.already_in", {messagePhrase(at->message()), noteData(action.folder)})), std::nullopt;
        Op op;
        op.action = action;
        op.folder = at->folder->name;
        op.uid = at->message().id;
        op.message = at->message().message;
        op.savedMessages.push_back(at->message());
        if (move) port.report(MessageMovedLocally{m_settings.name, op.folder, action.folder, op.uid});
        else port.report(MessageDeletedLocally{m_settings.name, op.folder, op.uid});
        at->folder->messages.erase(at->folder->messages.begin() + static_cast<std::ptrdiff_t>(at->index));
        if (move) {
            LocalFolder& target = *m_local.find(action.folder);
            op.target = target.name;
            LocalMessage copy = op.savedMessages.front();
            copy.pending = true;  // its UID there is known once the server has moved it
            insertSorted(target, std::move(copy));
        }
        return op;
    }

    /// A message moved here and not yet on the server has no UID in its new folder yet.
    std::optional<Op> stillMoving(const LocalMessage& m, ClientPort& port) {
        port.note(makeNote("note.imap.still_moving", {messagePhrase(m)}));
        return std::nullopt;
    }

    std::optional<Op> createFolder(const Action& action, ClientPort& port) {
        if (action.folder.empty()) return port.note(makeNote("note.no_folder_name")), std::nullopt;
        if (!mail::MailStore::validMailboxName(action.folder))
            return port.note(makeNote("note.imap.invalid_folder", {noteData(action.folder)})), std::nullopt;
        if (m_local.find(action.folder))
            return port.note(makeNote("note.folder_exists", {noteData(action.folder)})), std::nullopt;
        m_local.folder(action.folder).pending = true;
        Op op;
        op.action = action;
        op.folder = action.folder;
        return op;
    }

    std::optional<Op> renameFolder(const Action& action, ClientPort& port) {
        if (action.folder.empty() || action.newName.empty())
            return port.note(makeNote("note.rename_needs_names")), std::nullopt;
        if (isInbox(action.folder)) return port.note(makeNote("note.imap.inbox_no_rename")), std::nullopt;
        if (!m_local.find(action.folder))
            return port.note(makeNote("note.no_folder", {noteData(action.folder)})), std::nullopt;
        if (!mail::MailStore::validMailboxName(action.newName))
            return port.note(makeNote("note.imap.invalid_folder", {noteData(action.newName)})), std::nullopt;
        if (m_local.find(action.newName))
            return port.note(makeNote("note.folder_exists", {noteData(action.newName)})), std::nullopt;
        if (!m_local.rename(action.folder, action.newName))
            return port.note(makeNote("note.rename_failed", {noteData(action.folder)})), std::nullopt;
        for (LocalFolder& f : m_local.folders())
            if (within(f.name, action.newName)) f.pending = true;
        Op op;
        op.action = action;
        op.folder = action.folder;
        op.target = action.newName;
        return op;
    }

    std::optional<Op> deleteFolder(const Action& action, ClientPort& port) {
        if (action.folder.empty()) return port.note(makeNote("note.no_folder_name")), std::nullopt;
        if (isInbox(action.folder)) return port.note(makeNote("note.inbox_no_delete")), std::nullopt;
        if (!m_local.find(action.folder))
            return port.note(makeNote("note.no_folder", {noteData(action.folder)})), std::nullopt;
        Op op;
        op.action = action;
        op.folder = action.folder;
        for (const LocalFolder& f : m_local.folders())
            if (within(f.name, action.folder)) op.savedFolders.push_back(f);
        m_local.remove(action.folder);
        return op;
    }

    // [SECTION] user changes, sent to the server

    /// Plans the change in m_current: its folder selected first if it needs one, then its commands.
    void planOp() {
        const Op& op = *m_current;
        switch (op.action.kind) {
            case ActionKind::CreateFolder:
                later([this](ClientPort& port) { sendOp(port); });
                return;
            case ActionKind::RenameFolder:
            case ActionKind::DeleteFolder:
                // A selected folder must be left before it is renamed or deleted.
                later([this](ClientPort&) {
                    if (m_current && !m_selected.empty() && within(m_selected, m_current->folder))
                        first([this](ClientPort& q) { openFolder(std::string(kInbox), q); });
                });
                later([this](ClientPort& port) { sendOp(port); });
                return;
            default:
                later([this, folder = op.folder](ClientPort& port) { ensureFolder(folder, port); });
                later([this](ClientPort& port) { sendOp(port); });
                return;
        }
    }

    /// Sends the next command of m_current (its stage); the answer sends the one after.
    void sendOp(ClientPort& port) {
        if (!m_current) return;
        Op& op = *m_current;
        const ActionKind kind = op.action.kind;
        const bool messageOp = kind != ActionKind::CreateFolder && kind != ActionKind::RenameFolder &&
                               kind != ActionKind::DeleteFolder;
        if (messageOp && !sameFolder(m_selected, op.folder)) {
            port.note(makeNote("note.imap.folder_gone_quoted", {noteData(op.folder)}));
            undo(port);
            return finishOp();
        }
        const std::string uid = std::to_string(op.uid);
        client::Command cmd;
        Note activity = makeNote("status.sending_a_change");
        switch (kind) {
            case ActionKind::OpenMessage:
                if (op.fetchBody) {
                    cmd = client::Command::uidFetch(uid, "(BODY[])");
                    activity = makeNote("status.downloading_a_message");
                    break;
                }
                [[fallthrough]];
            case ActionKind::MarkUnread:
            case ActionKind::Flag:
            case ActionKind::Unflag: {
                std::vector<std::string> names;
                const std::string text = op.flag.toString();
                names.push_back(text);
                cmd = client::Command::uidStore(uid, op.add ? client::StoreMode::Add : client::StoreMode::Remove, names);
                break;
            }
            case ActionKind::Delete:
                if (op.stage == 0)
                    cmd = client::Command::uidStore(uid, client::StoreMode::Add, {"\\Deleted"}, true);
                else if (m_engine->hasCapability("UIDPLUS"))
                    cmd = client::Command::uidExpunge(uid);
                else
                    cmd = client::Command::expunge();
                break;
            case ActionKind::MoveToFolder: cmd = client::Command::uidMove(uid, op.target); break;
            case ActionKind::CreateFolder:
                cmd = op.stage == 0 ? client::Command::create(op.folder) : client::Command::subscribe(op.folder);
                break;
            case ActionKind::RenameFolder: cmd = client::Command::rename(op.folder, op.target); break;
            case ActionKind::DeleteFolder: cmd = client::Command::remove(op.folder); break;
            default: return finishOp();
        }
        op.answered = false;
        command(cmd, std::move(activity), port, [this](const client::Tagged& t, ClientPort& p) { opAnswered(t, p); });
    }

    void opAnswered(const client::Tagged& t, ClientPort& port) {
        if (!m_current) return;
        Op& op = *m_current;
        // CREATE sent again after a dropped connection: the folder is there, which was the point.
        const bool exists = op.action.kind == ActionKind::CreateFolder && op.stage == 0 &&
                            t.condition == client::Condition::No && t.code.name == "ALREADYEXISTS";
        if (t.condition != client::Condition::Ok && !exists) {
            // SUBSCRIBE after a CREATE that worked: the folder exists all the same.
            if (op.action.kind == ActionKind::CreateFolder && op.stage == 1) {
                port.note(makeNote("note.imap.refused", {noteData(t.text)}));
                confirm(port);
                return finishOp();
            }
            port.note(makeNote("note.imap.refused", {noteData(t.text)}));
            undo(port);
            return finishOp();
        }
        ++op.stage;
        const bool more = (op.action.kind == ActionKind::Delete || op.action.kind == ActionKind::CreateFolder) &&
                          op.stage < 2;
        if (more) {
            first([this](ClientPort& p) { sendOp(p); });
            return;
        }
        confirm(port);
        finishOp();
    }

    void finishOp() { m_current.reset(); }

    /// The server did the change in m_current: the local copy is no longer pending.
    void confirm(ClientPort& port) {
        Op& op = *m_current;
        switch (op.action.kind) {
            case ActionKind::OpenMessage:
            case ActionKind::MarkUnread:
            case ActionKind::Flag:
            case ActionKind::Unflag: {
                LocalFolder* folder = m_local.find(op.folder);
                LocalMessage* m = folder ? findMessage(*folder, op.uid) : nullptr;
                if (m && !op.answered) {
                    // The server said nothing about the message: another device removed it.
                    port.note(makeNote("note.imap.message_gone", {messagePhrase(*m)}));
                    std::erase_if(folder->messages, [&](const LocalMessage& x) { return x.id == op.uid; });
                    return;
                }
                settle(op.folder, op.uid);
                return;
            }
            case ActionKind::Delete: return;
            case ActionKind::MoveToFolder: {
                LocalFolder* target = m_local.find(op.target);
                if (!target) return;
                const auto it = std::find_if(target->messages.begin(), target->messages.end(), [&](const LocalMessage& m) {
                    return m.pending && m.message == op.message;
                });
                if (it == target->messages.end()) return;
                if (op.newUid && !findMessage(*target, *op.newUid)) {
                    it->id = *op.newUid;
                    it->pending = false;
                    sortById(*target);
                } else {
                    target->messages.erase(it);  // the next sync of the folder fetches it
                }
                return;
            }
            case ActionKind::CreateFolder:
            case ActionKind::RenameFolder: {
                const std::string& name = op.action.kind == ActionKind::CreateFolder ? op.folder : op.target;
                for (LocalFolder& f : m_local.folders())
                    if (within(f.name, name)) f.pending = false;
                return;
            }
            default: return;
        }
    }

    /// The server refused the change in m_current: the local copy goes back.
    void undo(ClientPort& port) {
        Op& op = *m_current;
        switch (op.action.kind) {
            case ActionKind::OpenMessage:
            case ActionKind::MarkUnread:
            case ActionKind::Flag:
            case ActionKind::Unflag: {
                LocalFolder* folder = m_local.find(op.folder);
                LocalMessage* m = folder ? findMessage(*folder, op.uid) : nullptr;
                if (!m) return;
                if (op.add) m->flags.remove(op.flag);
                else m->flags.add(op.flag);
                settle(op.folder, op.uid);
                return;
            }
            case ActionKind::Delete:
            case ActionKind::MoveToFolder: {
                if (LocalFolder* target = op.target.empty() ? nullptr : m_local.find(op.target))
                    std::erase_if(target->messages,
                                  [&](const LocalMessage& m) { return m.pending && m.message == op.message; });
                LocalFolder* folder = m_local.find(op.folder);
                if (!folder || op.savedMessages.empty() || findMessage(*folder, op.uid)) return;
                insertSorted(*folder, op.savedMessages.front());
                port.note(makeNote("note.imap.back_in", {messagePhrase(op.savedMessages.front()), noteData(folder->name)}));
                return;
            }
            case ActionKind::CreateFolder:
                if (const LocalFolder* f = m_local.find(op.folder); f && f->pending) m_local.remove(op.folder);
                return;
            case ActionKind::RenameFolder:
                if (m_local.rename(op.target, op.folder))
                    for (LocalFolder& f : m_local.folders())
                        if (within(f.name, op.folder)) f.pending = false;
                return;
            case ActionKind::DeleteFolder:
                for (const LocalFolder& saved : op.savedFolders)
                    if (!m_local.find(saved.name)) {
                        LocalFolder& f = m_local.folder(saved.name);
                        f = saved;
                        f.pending = folderComingHere(f.name);
                    }
                return;
            default: return;
        }
    }

    // [SECTION] state

    const DeviceSettings& m_settings;
    const std::string& m_password;
    LocalStore& m_local;
    core::Time m_lastCheck = 0;       // when the last sync ended (or the client was set up)
    bool m_offline = false;           // the device was last seen without network
    std::deque<Op> m_ops;             // changes made here, waiting to be sent
    std::optional<Op> m_current;      // the change being sent
    bool m_syncWanted = false;        // a sync should run (CheckMail, a new connection)
    bool m_syncing = false;           // a sync is running
    bool m_listedBefore = false;      // folders were listed before (new ones get a note)

    // The connection.
    Phase m_phase = Phase::Closed;
    std::unique_ptr<imap::ClientEngine> m_engine;  // one per connection
    std::uint64_t m_connection = 0;                // counts connections opened and dropped
    std::map<std::string, OnTagged> m_waiting;     // commands sent, by tag
    std::string m_idleTag;                         // the IDLE in progress, if any
    bool m_idleRefused = false;
    bool m_loginFailed = false;
    bool m_startTls = false;                       // this connection upgrades with STARTTLS before LOGIN
    bool m_tlsUp = false;                          // STARTTLS succeeded: the link is encrypted
    bool m_noStartTls = false;                     // stopped: STARTTLS was not to be had (until the next connection)
    std::deque<Step> m_plan;                       // what follows, in order
    Note m_activity;                               // for status()

    // The selected folder.
    std::string m_selected;                  // its name, empty if none
    bool m_seqValid = false;                 // m_seq follows the server's numbering
    std::vector<std::uint32_t> m_seq;        // UID by sequence number - 1; 0 while unknown
    int m_repairs = 0;                       // failed attempts to learn new UIDs in a row
    bool m_repairWanted = false;             // ask for every UID again

    // Answers being collected.
    bool m_collecting = false;                       // a UID FETCH 1:* (FLAGS) runs
    std::map<std::uint32_t, mail::Flags> m_collected;  // its answers: UID -> flags
    std::vector<client::ListEntry> m_listed;         // LIST answers
    std::optional<client::MailboxStatus> m_status;   // the last STATUS answer
    std::size_t m_newMessages = 0;                   // headers of new messages stored

    // Quick resync (RFC 7162).
    bool m_quickResync = false;                      // this connection asks for QRESYNC (read at connect)
    std::map<std::string, FolderModSeq> m_modSeqs;   // by folder; kept across connections, as a client's cache
    std::optional<Resync> m_resync;                  // a QRESYNC SELECT runs
    bool m_collectingChanges = false;                // a UID FETCH ... (CHANGEDSINCE n) runs
    std::map<std::uint32_t, mail::Flags> m_changed;  // its answers: UID -> flags
    std::uint64_t m_changedModSeq = 0;               // the highest MODSEQ among them (or the one asked since)
};

}  // namespace

std::unique_ptr<ClientBehaviour> makeImapClient(const DeviceSettings& settings, const std::string& password,
                                                LocalStore& local, core::Time now) {
    return std::make_unique<ImapClient>(settings, password, local, now);
}

}  // namespace mailscope::sim
