// Guided lessons: the model of one lesson file (lessons/content/*.toml), with both
// languages side by side, and the loader that reads it (toml++). The runner is runner.h.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/action.h"
#include "sim/protocol.h"
#include "sim/scenario.h"

namespace mailscope::lessons {

/// The languages every lesson text is written in.
enum class Lang {
    En,  ///< English
    Pl,  ///< Polish
};
/// "en" or "pl".
std::string_view langName(Lang lang);
std::optional<Lang> langFromName(std::string_view name);

/// One text in both languages (`key_en` and `key_pl` in the file).
struct Text {
    std::string en;
    std::string pl;
    const std::string& in(Lang lang) const { return lang == Lang::Pl ? pl : en; }
    bool empty() const { return en.empty() && pl.empty(); }
};

/// A broken lesson file. what() reads "FILE:LINE:COLUMN: problem".
class LessonError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Which world of a compare-mode lesson something is about.
enum class Twin {
    Main,  ///< the lesson's only world, or the POP3 one in compare mode
    Pop3,  ///< compare mode: the world where every device speaks POP3
    Imap,  ///< compare mode: the world where every device speaks IMAP
};

/// A filter on the world's event stream (sim/events.h). Empty fields match anything.
struct EventFilter {
    std::string kind;                      ///< kindName(): "MessagesRemoved", "CommandCompleted", ...
    std::string device;                    ///< the device (or session name) concerned
    std::optional<sim::Protocol> protocol; ///< POP3 or IMAP
    std::string command;                   ///< CommandCompleted: "RETR", "UID STORE", ...
    std::string folder;                    ///< events about a folder
    std::optional<std::uint32_t> uid;      ///< events about a message (server UID)
    std::string cause;                     ///< MessagesRemoved: name(RemovalCause), e.g. "POP3 UPDATE"
    Twin world = Twin::Main;               ///< compare mode: which world's stream
};

/// What a check looks at.
enum class CheckKind {
    ServerCount,     ///< messages in a server folder: `equals` / `at_least`
    ServerHas,       ///< a message (by subject part or UID) is in a server folder
    ServerFlag,      ///< that message has `flag` on the server
    ServerFolder,    ///< a folder exists on the server
    DeviceCount,     ///< messages in a device's local folder ("*": all folders)
    DeviceHas,       ///< a message is in a device's local folder
    DeviceFlag,      ///< the device shows that message with `flag`
    DeviceFolder,    ///< a folder exists on the device
    Connected,       ///< the device has a connection open to the server (a session)
    Online,          ///< the device has network
    Transcript,      ///< the device's transcript contains `text` (`seen_by` = "device" or "network")
    MarkedCount,     ///< messages marked with POP3 DELE by open sessions
    OwedCount,       ///< changes IMAP sessions still owe their clients
    Copies,          ///< devices holding a copy of a server message: `equals` / `at_least`
    Happened,        ///< an event matching `event` happened during this step
    RealClient,      ///< a real mail client (a socket, not a simulated device) connected during this step
};
std::string_view checkKindName(CheckKind kind);

/// When a check must hold.
enum class CheckMode {
    End,   ///< when the step ends (an earlier tick can be undone by a later action)
    Once,  ///< ticked the first time it holds during the step, and stays ticked
};

/// A check of the world's state, with a label and a failure text in both languages.
struct Check {
    std::string id;          ///< unique in the lesson; named by wrong solutions and the claim table
    CheckKind kind = CheckKind::ServerCount;
    CheckMode mode = CheckMode::End;
    Twin world = Twin::Main;
    std::string account;     ///< server checks: the account (default: the scenario's first)
    std::string device;      ///< device checks
    std::string folder = "INBOX";
    std::optional<sim::MessageRef> message;  ///< ServerHas, ServerFlag, DeviceHas, DeviceFlag, Copies
    std::string flag;        ///< ServerFlag, DeviceFlag: "\\Seen", "\\Flagged", "\\Deleted", a keyword
    std::string text;        ///< Transcript
    bool network = false;    ///< Transcript: what crosses the network (ciphertext, or the real password)
    std::optional<std::int64_t> equals;   ///< counts
    std::optional<std::int64_t> atLeast;  ///< counts
    bool expect = true;      ///< boolean checks: whether it must be true or false
    EventFilter event;       ///< Happened
    /// Happened: `event` must also come before the first event matching this, which must
    /// happen too ("TLS was set up before LOGIN").
    std::optional<EventFilter> before;
    Text label;              ///< what it checks, for the checklist
    Text failure;            ///< shown when it does not hold
    int line = 0;            ///< where it is written (for messages)
};

/// One choice of a quiz or prediction.
struct Choice {
    std::string id;
    Text text;
    bool correct = false;    ///< quiz: a right answer (predictions use `check` instead)
    Text feedback;           ///< quiz: shown when this wrong choice is picked
    std::optional<Check> check;  ///< prediction: what this choice claims about the twin world
};

/// A step's deliberately wrong solution: what a confused learner would do, and the check
/// that must catch it.
struct WrongSolution {
    std::string check;                   ///< the check id that must fail (quiz: "answer")
    std::vector<sim::Action> actions;    ///< action steps
    std::vector<std::string> answer;     ///< quiz and prediction steps
    Text why;                            ///< optional: why it is wrong
};

enum class StepKind {
    Action,   ///< narration, the lesson's own actions, a task for the learner, a wait and checks
    Quiz,     ///< single or multiple choice
    Predict,  ///< compare mode: predict what the twin world shows, then run it
};

/// The lesson's own actions, applied as soon as an event happens during the step (to force
/// an instructive situation: drop the connection right after the first DELE).
struct Trigger {
    EventFilter event;
    std::vector<sim::Action> actions;
};

/// What a real mail client is asked to do in a step (Thunderbird, mutt, curl over the
/// window's listeners); `--auto` and "Do it for me" play it with a small built-in IMAP
/// client over a loopback socket.
struct RealClientTask {
    sim::MessageRef message;              ///< the message to flag (by subject part or UID)
    std::string folder = "INBOX";
    std::string flag = "\\Flagged";
};

struct Step {
    std::string id;                      ///< unique in the lesson; progress is kept by id
    StepKind kind = StepKind::Action;
    Text title;
    Text narration;                      ///< Markdown-like; {placeholders} quote live values
    Text task;                           ///< what the learner is asked to do (may be empty)
    std::vector<Text> hints;             ///< shown one by one
    std::vector<sim::Action> lessonDoes; ///< applied when the step starts
    std::vector<sim::Action> solution;   ///< the learner's action, as `--auto` plays it
    std::vector<Trigger> when;           ///< the lesson's actions on events, once each per step
    std::optional<EventFilter> wait;     ///< the step waits until such an event happens
    std::int64_t waitSeconds = 900;      ///< how much simulated time the wait may take
    std::vector<Check> checks;
    std::optional<RealClientTask> realClient;  ///< the step waits for a real mail client
    // Quiz and prediction
    Text question;
    bool multiple = false;               ///< more than one choice may be right
    std::vector<Choice> choices;
    std::vector<std::string> answer;     ///< quiz and prediction: the solution's choice ids
    Text explanation;                    ///< shown after the right answer
    Twin predictWorld = Twin::Imap;      ///< prediction: the twin world the learner predicts
    std::optional<WrongSolution> wrong;
    int line = 0;
};

/// A lesson, both languages in one file.
struct Lesson {
    std::string id;
    std::filesystem::path file;
    int order = 0;                           ///< its place in the list of lessons
    Text title;
    Text summary;
    std::string scenarioName;                ///< assets/scenarios/<name>.toml, or empty when inline
    sim::Scenario scenario;
    bool compare = false;                    ///< compare mode: a POP3 and an IMAP twin world
    std::vector<sim::ActionKind> allowed;    ///< the learner actions this lesson allows
    std::vector<Step> steps;
    /// Every check of the lesson (steps and prediction choices), by id.
    const Check* findCheck(std::string_view id) const;
    const Step* findStep(std::string_view id) const;
};

/// Reads a lesson file. Scenarios named by `scenario` are read from assetsDir/scenarios,
/// messages from assetsDir/mail. Throws LessonError ("FILE:LINE:COLUMN: problem").
Lesson loadLesson(const std::filesystem::path& file, const std::filesystem::path& assetsDir);
/// The same from text; `sourceName` is the FILE part of messages.
Lesson parseLesson(std::string_view toml, std::string sourceName, const std::filesystem::path& assetsDir);

/// The *.toml files of a folder, sorted by name (01-..., 02-...).
std::vector<std::filesystem::path> lessonFiles(const std::filesystem::path& folder);

}  // namespace mailscope::lessons
