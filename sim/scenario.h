// Scenario files: the accounts, messages, devices and timed actions of one simulated
// world, read from TOML (toml++). Inline messages are built as RFC 5322 messages (CRLF).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/core/time.h"
#include "sim/transcript.h"

namespace mailscope::sim {

/// A broken scenario file. what() reads "FILE:LINE:COLUMN: problem".
class ScenarioError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// One message, either an assets/mail/*.eml file or written inline in the scenario.
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

struct ScenarioAccount {
    std::string user;
    std::string password;
    std::vector<ScenarioMessage> inbox;  ///< on the server at the start, in order
};

/// What kind of client a device is (icon and default name in the app).
enum class DeviceKind {
    Phone,   ///< a smartphone mail app
    Laptop,  ///< a desktop mail client
    Tablet,  ///< a tablet mail app
    Other,   ///< anything else
};

struct ScenarioDevice {
    std::string name;                        ///< unique, e.g. "Phone"
    DeviceKind kind = DeviceKind::Other;
    std::string account;                     ///< user name of a ScenarioAccount
    Protocol protocol = Protocol::Imap;
    bool leaveCopy = false;                  ///< POP3: "leave a copy on the server"
    std::optional<int> deleteAfterDays;      ///< POP3 with leaveCopy: "remove after N days"
    bool idle = false;                       ///< IMAP: wait in IDLE instead of polling
    int pollSeconds = 300;                   ///< check mail every N simulated seconds
};

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
};

/// Which message an action is about: a UID, or the first whose subject contains a text.
struct MessageRef {
    std::optional<std::uint32_t> uid;  ///< `message = 3`
    std::string subjectContains;       ///< `message = "Welcome"`
};

struct ScenarioAction {
    core::Time at = 0;          ///< seconds after Scenario::start
    std::string device;         ///< the device acting; empty for server actions
    ActionKind kind = ActionKind::CheckMail;
    std::optional<MessageRef> message;  ///< OpenMessage .. MoveToFolder
    std::string folder;         ///< MoveToFolder, CreateFolder, RenameFolder, DeleteFolder
    std::string newName;        ///< RenameFolder
    std::string flag;           ///< Flag, Unflag ("\\Flagged" unless given)
    std::string account;        ///< DeliverMail: the recipient's user name
    std::optional<ScenarioMessage> mail;  ///< DeliverMail: the message sent
};

struct Scenario {
    std::string title_en;  ///< English title (named as in the file, as the brief asks)
    std::string title_pl;  ///< Polish title
    core::Time start = 0;                 ///< the simulated clock at the beginning
    std::vector<ScenarioAccount> accounts;
    std::vector<ScenarioDevice> devices;
    std::vector<ScenarioAction> actions;  ///< sorted by `at`, file order kept for ties
};

/// Reads a scenario file. .eml files are looked up in assetsDir/mail.
/// Throws ScenarioError ("FILE:LINE:COLUMN: problem") for any problem in the file.
///
/// Times (`at`): an integer number of seconds, "mm:ss" (minutes:seconds, "10:05" = 605 s)
/// or "hh:mm:ss" ("1:02:03" = 3723 s); every field after the first is 00..59.
Scenario loadScenario(const std::filesystem::path& file, const std::filesystem::path& assetsDir);

/// The same from text; `sourceName` is the FILE part of error messages.
Scenario parseScenario(std::string_view toml, std::string sourceName, const std::filesystem::path& assetsDir);

/// Parses an action time as described at loadScenario; nullopt if malformed.
std::optional<core::Time> parseOffset(std::string_view text);

/// "check_mail" for ActionKind::CheckMail, as written in scenario files.
std::string_view actionKindName(ActionKind kind);

}  // namespace mailscope::sim
