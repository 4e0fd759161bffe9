// A learner's progress through the lessons: finished steps and lessons, and quiz answers,
// kept per user in the config directory (lessons-progress.toml) so it survives a restart.
// A lesson file that changed keeps the progress of the steps whose ids still exist.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "lessons/lesson.h"

namespace mailscope::lessons {

struct LessonProgress {
    std::set<std::string> finishedSteps;                        ///< step ids
    std::map<std::string, std::vector<std::string>> answers;    ///< step id -> the choice ids last given
    bool finished = false;                                      ///< every step finished
};

class Progress {
public:
    /// $XDG_CONFIG_HOME/mailscope/lessons-progress.toml, or ~/.config/mailscope/...
    static std::filesystem::path defaultFile();

    /// Reads the file; a missing file is no progress, a broken one throws LessonError.
    static Progress load(const std::filesystem::path& file);
    /// Writes it (creating the folder), replacing the file in one rename.
    void save(const std::filesystem::path& file) const;

    void finishStep(const Lesson& lesson, const std::string& stepId);
    void answer(const Lesson& lesson, const std::string& stepId, std::vector<std::string> choices);
    const LessonProgress* of(const std::string& lessonId) const;
    /// Forgets steps (and answers) whose ids the lesson no longer has; recomputes `finished`.
    void reconcile(const Lesson& lesson);

private:
    std::map<std::string, LessonProgress> m_lessons;
};

}  // namespace mailscope::lessons
