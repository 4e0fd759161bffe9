// Tests for lesson progress (lessons/progress.h): saved and read back; a changed lesson
// keeps the progress of the steps whose ids still exist.
#include <doctest/doctest.h>

#include <filesystem>

#include "lessons/progress.h"
#include "tests/support/temp_dir.h"

using namespace mailscope;

TEST_SUITE("lessons.progress") {
    TEST_CASE("progress survives a restart and a changed lesson keeps the steps that still exist") {
        const auto lesson = lessons::loadLesson(MAILSCOPE_SOURCE_DIR "/lessons/content/02-pop3-downloads-then-deletes.toml",
                                                MAILSCOPE_SOURCE_DIR "/assets");
        const test::TempDir dir;
        const auto file = dir.path() / "mailscope" / "lessons-progress.toml";
        {
            lessons::Progress p;
            p.finishStep(lesson, "download");
            p.finishStep(lesson, "phone-finds-nothing");
            p.answer(lesson, "quiz-where", {"all"});
            p.save(file);
        }
        lessons::Progress read = lessons::Progress::load(file);
        const lessons::LessonProgress* lp = read.of(lesson.id);
        REQUIRE(lp);
        CHECK(lp->finishedSteps == std::set<std::string>{"download", "phone-finds-nothing"});
        CHECK(lp->answers.at("quiz-where") == std::vector<std::string>{"all"});
        CHECK_FALSE(lp->finished);

        lessons::Lesson changed = lesson;
        changed.steps.erase(changed.steps.begin());  // "download" was removed from the file
        read.reconcile(changed);
        CHECK(read.of(lesson.id)->finishedSteps == std::set<std::string>{"phone-finds-nothing"});
        for (const auto& s : changed.steps) read.finishStep(changed, s.id);
        CHECK(read.of(lesson.id)->finished);
        CHECK(lessons::Progress::load(dir.path() / "none.toml").of(lesson.id) == nullptr);
    }
}
