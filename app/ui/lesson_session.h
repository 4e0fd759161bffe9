// A lesson taken in the window: the lesson file, its runner (which owns the world or the
// POP3 and IMAP twins the window shows while the lesson runs), the learner's progress, and
// what the lesson panel keeps between frames (hints shown, the last answer's feedback, an
// action the lesson refused). The Explorer owns it; the lesson panel reads it.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lessons/lesson.h"
#include "lessons/progress.h"
#include "lessons/runner.h"

namespace mailscope::app {

/// The lesson panel's state for the current step, forgotten when the step changes.
struct LessonStepState {
    std::size_t hintsShown = 0;
    double enteredAt = 0.0;                           ///< the window's clock when the step started
    bool solutionShown = false;
    std::size_t solutionDone = 0;                     ///< the solution's actions the learner has done, in order
    std::vector<std::string> chosen;                  ///< quiz or prediction choices ticked
    std::optional<lessons::AnswerResult> answer;      ///< the last answer given
    std::optional<std::string> notice;                ///< an action the lesson refused, and why
    /// Check id -> the world step after which it stopped holding (nullopt: it never held),
    /// for the checks the learner asked about.
    std::map<std::string, std::optional<std::size_t>> stopped;
};

class LessonSession {
public:
    /// Loads `file` (assets from `assets`) and enters its first step; progress is read from
    /// and written to `progressFile` ("" keeps it in memory only). Throws
    /// lessons::LessonError ("FILE:LINE:COLUMN: problem") for a broken file.
    LessonSession(std::filesystem::path file, std::filesystem::path assets, std::filesystem::path progressFile);
    ~LessonSession();
    LessonSession(const LessonSession&) = delete;
    LessonSession& operator=(const LessonSession&) = delete;

    lessons::Runner& runner() { return *m_runner; }
    const lessons::Runner& runner() const { return *m_runner; }
    const lessons::Lesson& lesson() const { return *m_lesson; }
    const std::filesystem::path& file() const { return m_file; }
    /// The lesson after this one in its folder (files are named 01-..., 02-..., in order),
    /// read when the lesson started; empty for the last one.
    const std::filesystem::path& nextFile() const { return m_nextFile; }
    const lessons::Progress& progress() const { return m_progress; }

    LessonStepState& state() { return m_state; }
    const LessonStepState& state() const { return m_state; }
    /// Forgets the step's panel state (the step changed); `now` is the window's clock.
    void stepChanged(double now);

    /// Records the current step as finished (and the lesson, after its last step) and saves.
    void finishStep();
    /// Records a quiz or prediction answer and saves.
    void recordAnswer(const std::vector<std::string>& choices);
    /// The last problem saving progress, "" if none.
    const std::string& progressError() const { return m_progressError; }

    /// If the file changed on disk, reads it again and resumes at the same step (the first
    /// one when that step is gone). Returns true when it reloaded. A broken file keeps the
    /// lesson running as it was and sets reloadError().
    bool reloadIfChanged(double now);
    const std::string& reloadError() const { return m_reloadError; }

private:
    void save();

    std::filesystem::path m_file;
    std::filesystem::path m_nextFile;
    std::filesystem::path m_assets;
    std::filesystem::path m_progressFile;
    std::filesystem::file_time_type m_written{};
    std::unique_ptr<lessons::Lesson> m_lesson;
    std::unique_ptr<lessons::Runner> m_runner;
    lessons::Progress m_progress;
    LessonStepState m_state;
    std::string m_progressError;
    std::string m_reloadError;
};

/// A lesson file the Lessons menu and the first screen offer, with the learner's progress.
struct LessonEntry {
    std::filesystem::path file;
    std::string id;
    lessons::Text title;
    lessons::Text summary;
    std::size_t steps = 0;
    std::size_t finishedSteps = 0;
    bool finished = false;
    std::string error;  ///< "FILE:LINE:COLUMN: problem" when the file cannot be read
};

/// The lessons of `folder` in their order, with progress from `progressFile`.
std::vector<LessonEntry> listLessons(const std::filesystem::path& folder, const std::filesystem::path& assets,
                                     const std::filesystem::path& progressFile);

/// The lesson file `name` means: a path to a .toml file as given, else the lesson of
/// lessonsDir() whose number ("2"), id or file name it is. Empty when there is none.
std::filesystem::path findLesson(const std::string& name);

/// lessons/content beside assets/ (MAILSCOPE_LESSONS overrides it).
std::filesystem::path lessonsDir();
/// Where the learner's progress is kept (lessons::Progress::defaultFile()).
std::filesystem::path lessonProgressFile();

}  // namespace mailscope::app
