// `mailscope lesson ...` without a window: list the lessons, check lesson files for
// authors, and play a lesson headless with its solutions (--auto) or with each step's
// deliberately wrong solution (--wrong). The command line calls runLessonCommand().
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include "lessons/lesson.h"

namespace mailscope::lessons {

/// Where lessons and assets are found.
struct LessonPaths {
    std::filesystem::path content;  ///< lessons/content
    std::filesystem::path assets;   ///< assets (scenarios/, mail/)
};

/// The shipped folders, below $MAILSCOPE_DATA_DIR if set, else below the source tree this
/// was built from; $MAILSCOPE_ASSETS (as the window's assetsDir()) and $MAILSCOPE_LESSONS
/// override the two folders one by one.
LessonPaths defaultLessonPaths();

/// Plays the lesson with every step's solution, printing narration, actions and check
/// results in `lang`. Returns false at the first step that does not complete.
bool playAuto(const Lesson& lesson, Lang lang, std::ostream& out);
/// Plays the lesson; at each step with a wrong solution, plays it first and requires the
/// check it names to fail, then goes back (rewind) and plays the right one. Returns false
/// if a wrong solution passes its check or a right one does not complete the step.
bool playWrong(const Lesson& lesson, Lang lang, std::ostream& out);

/// `args` are the words after "lesson": `list`, `check FILE...`,
/// `run FILE (--auto | --wrong) [--lang en|pl]`. Returns the exit code (0: success,
/// 1: a check or a file failed, 2: bad usage).
int runLessonCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                     const LessonPaths& paths = defaultLessonPaths());

}  // namespace mailscope::lessons
