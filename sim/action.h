// Actions: everything that changes the simulated world, as a person, a scenario or a
// device's own timer asks for it. The world applies them one at a time, in order, and
// keeps them in its timeline, so a run can be replayed and rewound.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/core/time.h"
#include "sim/notes.h"
#include "sim/transcript.h"

namespace mailscope::sim {

/// One message, either an assets/mail/*.eml file or written inline in a scenario.
struct ScenarioMessage {
    std::string file;     ///< "01-welcome.eml" (in assetsDir/mail), or empty for inline
    std::string from;     ///< inline From, e.g. "Bob <bob@mailscope.test>"
    std::string to;       ///< inline To
    std::string subject;  ///< inline Subject (UTF-8; encoded per RFC 2047 when needed)
    std::string body;     ///< inline body text (UTF-8)
    /// Inline: the Date header (given, or the time of delivery). File: nullopt (its own Date).
    std::optional<core::Time> date;
    std::vector<std::string> flags;  ///< e.g. "\\Seen", "\\Flagged" or a keyword
    std::string bytes;    ///< the whole message with CRLF line ends, for mail::Message::fromBytes
};

/// What kind of client a device is (icon and default name in the app).
enum class DeviceKind {
    Phone,   ///< a smartphone mail app
    Laptop,  ///< a desktop mail client
    Tablet,  ///< a tablet mail app
    Other,   ///< anything else
};
std::string_view deviceKindName(DeviceKind kind);  ///< "phone", "laptop", "tablet", "other"

/// How a device's mail client secures its connection to the server.
enum class TlsMode {
    Off,       ///< plain text (ports 110 / 143): anyone on the network reads every line
    StartTls,  ///< plain text first, then STLS (POP3, RFC 2595 4) / STARTTLS (IMAP, RFC 3501 6.2.1)
               ///< before logging in; a server that does not offer it gets no login at all
    Implicit,  ///< TLS from the first byte (ports 993 / 995, RFC 8314)
};
/// "off", "starttls" or "implicit", as scenario and lesson files write it.
std::string_view tlsModeName(TlsMode mode);
/// The mode named so (as tlsModeName writes it), or nullopt.
std::optional<TlsMode> tlsModeFromName(std::string_view name);

/// A device and how its mail client is set up.
struct ScenarioDevice {
    std::string name;                        ///< unique, e.g. "Phone"
    DeviceKind kind = DeviceKind::Other;
    std::string account;                     ///< user name of the account it reads
    Protocol protocol = Protocol::Imap;
    bool leaveCopy = false;                  ///< POP3: "leave a copy on the server"
    std::optional<int> deleteAfterDays;      ///< POP3 with leaveCopy: "remove from server after N days"
    bool idle = false;                       ///< IMAP: wait in IDLE (RFC 2177) instead of polling
    /// IMAP: quick resync (RFC 7162 CONDSTORE / QRESYNC) when the server offers it: remember
    /// each folder's UIDVALIDITY and HIGHESTMODSEQ, and on the next connection ask only what
    /// changed (SELECT ... (QRESYNC ...), VANISHED, CHANGEDSINCE) instead of every message's flags.
    bool quickResync = false;
    int pollSeconds = 0;                     ///< check mail by itself every N simulated seconds; 0: only when asked
    TlsMode tls = TlsMode::Off;              ///< how the connection is secured (`security` in scenario files)
};
using DeviceSettings = ScenarioDevice;

/// The device presets of the "add device" menu: a phone, a laptop, a tablet, then more.
/// `index` 0, 1, 2 give "Phone", "Laptop", "Tablet"; later ones "Phone 2", "Laptop 2", ...
DeviceSettings devicePreset(std::size_t index, std::string account, Protocol protocol);

/// What happens in an action. Device actions are what a person does in a mail client.
enum class ActionKind {
    CheckMail,     ///< device: check mail / sync now
    OpenMessage,   ///< device: open (read) a message
    MarkUnread,    ///< device: mark a message unread
    Flag,          ///< device: set a flag (default \Flagged) on a message
    Unflag,        ///< device: clear a flag (default \Flagged) from a message
    Delete,        ///< device: delete a message
    MoveToFolder,  ///< device: move a message into a folder
    CreateFolder,  ///< device: create a folder
    RenameFolder,  ///< device: rename a folder
    DeleteFolder,  ///< device: delete a folder
    GoOffline,     ///< device: lose the network
    GoOnline,      ///< device: come back online
    DeliverMail,   ///< server: someone sends a message to an account
    AddDevice,     ///< world: a new device (`settings`) joins
    RemoveDevice,  ///< world: the device is switched off and taken away
    SetProtocol,   ///< device: set its account up again with `protocol` (the local copy starts empty)
    SetLeaveCopy,  ///< device: POP3 "leave a copy on the server" on or off (`on`)
    SetIdle,       ///< device: IMAP IDLE on or off (`on`)
    SetTls,        ///< device: how the connection is secured (`tls`), from the next connection
    UndoDeletes,   ///< device: POP3 during a check: RSET before QUIT, so the server deletes nothing
    SetQuickResync,  ///< device: IMAP quick resync (RFC 7162) on or off (`on`), from the next connection
};

/// Which message an action is about: a number, or the first whose subject contains a text.
/// On IMAP devices the number is the message's UID; on POP3 devices its local number
/// (1, 2, ... in the order downloaded).
struct MessageRef {
    std::optional<std::uint32_t> uid;  ///< `message = 3`
    std::string subjectContains;       ///< `message = "Welcome"`
};

/// Who asked for an action.
enum class ActionOrigin {
    Scenario,  ///< the scenario's list of timed actions
    User,      ///< a person (a click in the app, a lesson step)
    Timer,     ///< a device checking mail by itself (poll_seconds)
};

struct Action {
    core::Time at = 0;          ///< scenario: seconds after Scenario::start; in the timeline: the world's time
    std::string device;         ///< the device acting; empty for server actions
    ActionKind kind = ActionKind::CheckMail;
    std::optional<MessageRef> message;  ///< OpenMessage .. MoveToFolder
    std::string folder;         ///< the folder the message is in ("" = look everywhere, INBOX first);
                                ///< MoveToFolder: the target; Create/Rename/DeleteFolder: the folder
    std::string sourceFolder;   ///< MoveToFolder: the folder the message is in ("" = look everywhere, INBOX first)
    std::string newName;        ///< RenameFolder
    std::string flag;           ///< Flag, Unflag ("\\Flagged" unless given)
    std::string account;        ///< DeliverMail: the recipient's user name
    std::optional<ScenarioMessage> mail;  ///< DeliverMail: the message sent
    std::optional<DeviceSettings> settings;  ///< AddDevice
    Protocol protocol = Protocol::Imap;      ///< SetProtocol
    bool on = false;                         ///< SetLeaveCopy, SetIdle, SetQuickResync
    TlsMode tls = TlsMode::Off;              ///< SetTls
    ActionOrigin origin = ActionOrigin::Scenario;
};
using ScenarioAction = Action;

/// "check_mail" for ActionKind::CheckMail, as written in scenario files.
std::string_view actionKindName(ActionKind kind);
/// The kind named so (as actionKindName writes it), or nullopt.
std::optional<ActionKind> actionKindFromName(std::string_view name);

/// "scenario", "person" or "timer".
std::string_view actionOriginName(ActionOrigin origin);

/// One line for people, as a key and arguments ("action.by_device" with "Phone" and
/// "action.open_message"), to be shown in any language.
Note actionNote(const Action& action);
/// actionNote() in English: "Phone: open message \"Welcome\"", "deliver mail to alice: \"Hi\"".
std::string describeAction(const Action& action);

}  // namespace mailscope::sim
