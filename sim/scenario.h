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
#include "sim/action.h"
#include "sim/file_error.h"

namespace mailscope::sim {

/// A broken scenario file. what() reads "FILE:LINE:COLUMN: problem".
class ScenarioError : public FileError {
public:
    using FileError::FileError;
};

/// The largest scenario file read (a scenario is a few KB; this refuses a wrong file).
inline constexpr std::uintmax_t kMaxScenarioBytes = 4 * 1024 * 1024;
/// The largest .eml file a scenario may name.
inline constexpr std::uintmax_t kMaxMessageFileBytes = 16 * 1024 * 1024;

struct ScenarioAccount {
    std::string user;
    std::string password;
    std::vector<ScenarioMessage> inbox;  ///< on the server at the start, in order
};

/// An action a person took in the window, kept with the step it was given at, so that a
/// saved world (File > Save world) replays it exactly as rewinding does: at that step,
/// before anything else, even in the middle of a conversation.
struct RecordedAction {
    std::size_t step = 0;                 ///< the world's step count when it was given
    std::optional<std::size_t> imapStep;  ///< compare mode: the step in the IMAP world (`step` is the POP3 world's)
    Action action;                        ///< origin User
};

/// Where a saved world stood when it was saved: it reopens there.
struct SavedPosition {
    bool compare = false;                   ///< it was saved in compare mode
    std::size_t step = 0;                   ///< the step shown (compare mode: in the POP3 world)
    std::optional<std::size_t> imapStep;    ///< compare mode: the step shown in the IMAP world
    std::optional<std::uint32_t> uidValidity;  ///< the UIDVALIDITY the store started from, so UIDs read the same
};

/// The server, as a scenario's `[server]` table sets it up.
struct ScenarioServer {
    /// `starttls`: offer STLS / STARTTLS on plain connections (RFC 2595). nullopt: as the
    /// world is set up (WorldOptions::host: the window offers it, tests and lessons do not).
    std::optional<bool> starttls;
};

struct Scenario {
    std::string title_en;  ///< English title (named as in the file, as the brief asks)
    std::string title_pl;  ///< Polish title
    core::Time start = 0;                 ///< the simulated clock at the beginning
    int zoneMinutes = 0;                  ///< the start's zone (minutes east of UTC): clocks show local time
    ScenarioServer server;
    std::vector<ScenarioAccount> accounts;
    std::vector<ScenarioDevice> devices;
    std::vector<ScenarioAction> actions;  ///< sorted by `at`, file order kept for ties
    std::vector<RecordedAction> recorded; ///< `[[recorded]]`: what people did, by step (saved worlds)
    std::optional<SavedPosition> saved;   ///< `[saved]`: where a saved world reopens
};

/// Reads a scenario file. .eml files are looked up in assetsDir/mail.
/// Throws ScenarioError ("FILE:LINE:COLUMN: problem") for any problem in the file or in
/// reading it or the files it names; no other exception leaves it (std::bad_alloc aside).
///
/// Times (`at`): an integer number of seconds, "mm:ss" (minutes:seconds, "10:05" = 605 s)
/// or "hh:mm:ss" ("1:02:03" = 3723 s); every field after the first is 00..59.
Scenario loadScenario(const std::filesystem::path& file, const std::filesystem::path& assetsDir);

/// The same from text; `sourceName` is the FILE part of error messages.
Scenario parseScenario(std::string_view toml, std::string sourceName, const std::filesystem::path& assetsDir);

/// Parses an action time as described at loadScenario; nullopt if malformed.
std::optional<core::Time> parseOffset(std::string_view text);


/// Whether the shipped scenario `a` comes before `b` in teaching order: the three
/// differences between the protocols as the lessons take them (where messages are stored,
/// access from several devices, managing mail), then the eavesdropper; any other name
/// after them, alphabetically. Names are file stems ("several-devices").
bool beforeInTeachingOrder(std::string_view a, std::string_view b);

}  // namespace mailscope::sim
