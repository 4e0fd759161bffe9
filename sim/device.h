// A simulated device: its mail client's settings, its local copy of the mail, its
// transcript, and the client behaviour (POP3 or IMAP) that talks to the server through
// the world's links, as a real mail client would.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/core/time.h"
#include "protocols/mail/mailbox.h"
#include "protocols/mail/message.h"
#include "sim/action.h"
#include "sim/events.h"
#include "sim/transcript.h"

namespace mailscope::sim {

// [SECTION] local store

/// One message as the device keeps it.
struct LocalMessage {
    /// IMAP: the message's UID on the server. POP3: the local number, 1, 2, ... in the
    /// order downloaded (the server's numbers change from session to session).
    std::uint32_t id = 0;
    std::string uidl;  ///< POP3: the server's unique id (UIDL, RFC 1939 7); empty under IMAP
    /// The message: only its header until the body was downloaded (hasBody).
    std::shared_ptr<const mail::Message> message;
    bool hasBody = false;
    mail::Flags flags;              ///< as the device shows them (\Seen = read)
    std::uint64_t size = 0;         ///< the whole message's size in octets, as the server said
    core::Time downloadedAt = 0;    ///< POP3: when it was downloaded ("remove after N days")
    bool pending = false;           ///< IMAP: changed here, the server does not know yet
    friend bool operator==(const LocalMessage&, const LocalMessage&) = default;
};

/// One folder on the device. Under IMAP a copy of a server mailbox; under POP3 local only.
struct LocalFolder {
    std::string name;               ///< "INBOX", "Archive", "Projects/2026" (UTF-8, '/' between levels)
    std::uint32_t uidValidity = 0;  ///< IMAP: the mailbox's UIDVALIDITY when last synced (0: never)
    std::vector<LocalMessage> messages;  ///< IMAP: by UID; POP3: in the order downloaded or moved in
    bool pending = false;           ///< IMAP: created or renamed here, the server does not know yet
    friend bool operator==(const LocalFolder&, const LocalFolder&) = default;
};

/// A device's mail. INBOX always exists and comes first.
class LocalStore {
public:
    LocalStore();

    const std::vector<LocalFolder>& folders() const { return m_folders; }
    std::vector<LocalFolder>& folders() { return m_folders; }
    LocalFolder* find(std::string_view name);
    const LocalFolder* find(std::string_view name) const;
    /// The folder, created (empty) if missing.
    LocalFolder& folder(std::string_view name);
    /// Removes a folder and every message in it; INBOX stays. False if missing or INBOX.
    bool remove(std::string_view name);
    /// Renames a folder and the folders below it ("A" -> "B" also moves "A/x" to "B/x").
    bool rename(std::string_view from, std::string_view to);

    /// Where a message is: its folder and index there.
    struct Location {
        LocalFolder* folder = nullptr;
        std::size_t index = 0;
        LocalMessage& message() const { return folder->messages[index]; }
    };
    /// Finds the message a MessageRef names, in `folder` ("" = every folder, INBOX first).
    std::optional<Location> locate(const MessageRef& ref, std::string_view folder = {});
    /// Every message in every folder.
    std::size_t messageCount() const;
    /// Forgets everything (a new account setup): only an empty INBOX is left.
    void clear();

private:
    std::vector<LocalFolder> m_folders;
};

/// How notes name a message on the device: "msg.subject" ("\"Welcome\""), else "msg.number" ("message 3").
Note messagePhrase(const LocalMessage& message);
/// "no message 3 on this device" or "no message \"Welcome\" on this device".
Note noSuchMessage(const MessageRef& ref);

// [SECTION] what a client behaviour may do

/// A device's connection to the server, as its client behaviour sees it. The world
/// implements it: bytes sent are carried one line (or literal chunk) per step.
class ClientPort {
public:
    virtual ~ClientPort() = default;
    /// The simulated time.
    virtual core::Time now() const = 0;
    /// Whether the device has network (GoOffline / GoOnline).
    virtual bool online() const = 0;
    /// Whether a connection is open.
    virtual bool connected() const = 0;
    /// Opens a connection to a new server session; its greeting arrives through received().
    /// Does nothing when offline or already connected.
    virtual void connect() = 0;
    /// Bytes to the server, sent one line (or literal chunk) per step, in order.
    virtual void send(std::string bytes) = 0;
    /// Drops the connection at once, without a goodbye; bytes not yet carried are lost.
    virtual void hangUp() = 0;
    /// A note in the device's transcript, e.g. "note.imap.opened_local" with the message.
    virtual void note(Note note) = 0;
    /// Something the device did to its local mail, for the world's event stream
    /// (MessageDownloaded, MessageOpened, MessageDeletedLocally, MessageMovedLocally).
    /// A port that keeps no stream (a test's) ignores it.
    virtual void report(Event event) { (void)event; }
};

/// A mail client's behaviour: turns intents into protocol commands, and responses into
/// changes of the local store. One per device; replaced when the protocol is switched.
class ClientBehaviour {
public:
    virtual ~ClientBehaviour() = default;
    /// A device action (CheckMail .. DeleteFolder, GoOnline) or a timer's CheckMail. May
    /// wait (queued) while a conversation is in progress.
    virtual void intent(const Action& action, ClientPort& port) = 0;
    /// One unit from the server: a line with its CRLF, or one literal's bytes (IMAP).
    virtual void received(std::string_view bytes, ClientPort& port) = 0;
    /// The connection ended: the server closed it, the device went offline or hung up.
    virtual void closed(ClientPort& port) = 0;
    /// Whether a conversation is in progress or intents wait (not counting an IMAP IDLE
    /// that waits for news).
    virtual bool busy() const = 0;
    /// When the device will next act by itself (a poll), if ever; never while busy.
    virtual std::optional<core::Time> nextTimer() const = 0;
    /// What the client is doing, for people: "status.idle", "status.checking_mail", ...
    virtual Note status() const = 0;
};

/// Makes the behaviour for a device's protocol. `settings` and `local` belong to the
/// device and outlive the behaviour; settings may change between calls (leave a copy,
/// IDLE) and the behaviour reads them when it acts. `now` is when the device was set up
/// (its first poll is `pollSeconds` later).
std::unique_ptr<ClientBehaviour> makePop3Client(const DeviceSettings& settings, const std::string& password,
                                                LocalStore& local, core::Time now);
std::unique_ptr<ClientBehaviour> makeImapClient(const DeviceSettings& settings, const std::string& password,
                                                LocalStore& local, core::Time now);

// [SECTION] device

class Device {
public:
    Device(DeviceSettings settings, std::string password, core::Time now);
    Device(const Device&) = delete;
    Device& operator=(const Device&) = delete;

    const DeviceSettings& settings() const { return m_settings; }
    const std::string& name() const { return m_settings.name; }
    Protocol protocol() const { return m_settings.protocol; }
    bool online() const { return m_online; }
    /// Whether a connection to the server is open.
    bool connected() const { return m_connected; }
    const LocalStore& local() const { return m_local; }
    /// Every line this device sent and received, and notes, across all its connections.
    const Transcript& transcript() const { return m_transcript; }
    bool busy() const { return m_behaviour->busy(); }
    /// What the device is doing, as a key and arguments ("status.waiting_in_idle").
    Note statusNote() const;
    /// statusNote() in English: "waiting in IDLE".
    std::string status() const { return noteText(statusNote()); }

private:
    friend class World;
    /// Sets the protocol and makes a new behaviour (the local copy starts empty).
    void setProtocol(Protocol protocol, core::Time now);

    DeviceSettings m_settings;
    std::string m_password;
    LocalStore m_local;
    Transcript m_transcript;
    std::unique_ptr<ClientBehaviour> m_behaviour;
    bool m_online = true;
    bool m_connected = false;
};

}  // namespace mailscope::sim
