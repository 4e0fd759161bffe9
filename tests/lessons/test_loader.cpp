// Tests for the lesson loader (lessons/lesson.h): broken lesson files give
// FILE:LINE:COLUMN: problem at the place of the mistake; a good file loads.
#include <doctest/doctest.h>

#include <string>

#include "lessons/lesson.h"

using namespace mailscope;

namespace {

const std::string kData = MAILSCOPE_SOURCE_DIR "/tests/lessons/data/";
const std::string kAssets = MAILSCOPE_SOURCE_DIR "/assets";

std::string errorOf(const std::string& name) {
    try {
        lessons::loadLesson(kData + name, kAssets);
    } catch (const lessons::LessonError& e) {
        const std::string what = e.what();
        REQUIRE(what.rfind(kData, 0) == 0);
        return what.substr(kData.size());
    }
    return "(loaded)";
}

}  // namespace

TEST_SUITE("lessons.loader") {
    TEST_CASE("a good small lesson loads") {
        const auto l = lessons::loadLesson(kData + "good.toml", kAssets);
        CHECK(l.id == "broken");
        REQUIRE(l.steps.size() == 1);
        CHECK(l.steps[0].checks.size() == 1);
        CHECK(l.steps[0].wrong->check == "one-empty");
    }

    TEST_CASE("broken lesson files name the file, line and column") {
        CHECK(errorOf("bad-toml.toml") ==
              "bad-toml.toml:19:12: Error while parsing key-value pair: cannot redefine existing string 'title_en'");
        CHECK(errorOf("unknown-action.toml") == "unknown-action.toml:25:38: unknown action 'fetch_all'");
        CHECK(errorOf("unknown-device.toml") == "unknown-device.toml:37:25: unknown device 'Tablet'");
        CHECK(errorOf("unknown-device-in-check.toml") == "unknown-device-in-check.toml:28:12: unknown device 'Tablet'");
        CHECK(errorOf("unknown-folder.toml") == "unknown-folder.toml:29:12: unknown folder 'Archive2'");
        CHECK(errorOf("missing-polish.toml") ==
              "missing-polish.toml:23:16: missing 'narration_pl' in step 'one' (every text in English and Polish)");
        CHECK(errorOf("duplicate-step.toml") == "duplicate-step.toml:39:6: step id 'one' is used twice");
        CHECK(errorOf("bad-inline-scenario.toml") == "bad-inline-scenario.toml:16:12: unknown protocol 'smtp' (pop3 or imap)");
    }

    TEST_CASE("a file that cannot be read is an error at 1:1") {
        CHECK(errorOf("no-such-file.toml") == "no-such-file.toml:1:1: cannot read the file");
    }

    TEST_CASE("placeholders and wrong solutions are checked") {
        const std::string head = R"(id = "x"
title_en = "X"
title_pl = "X"
summary_en = "X"
summary_pl = "X"
scenario_toml = """
title_en = "t"
title_pl = "t"
start = 2026-11-27T09:00:00Z
[[accounts]]
user = "alice"
password = "alice123"
[[devices]]
name = "Phone"
account = "alice"
protocol = "pop3"
"""
[[steps]]
id = "s"
title_en = "S"
title_pl = "S"
)";
        auto err = [&](const std::string& rest) {
            try {
                lessons::parseLesson(head + rest, "x.toml", kAssets);
            } catch (const lessons::LessonError& e) {
                return std::string(e.what());
            }
            return std::string("(loaded)");
        };
        CHECK(err("narration_en = \"{server.Nowhere.count}\"\nnarration_pl = \"a\"\n") ==
              "x.toml:22:16: unknown folder 'Nowhere' in {server.Nowhere.count}");
        CHECK(err("narration_en = \"a\"\nnarration_pl = \"a\"\nsolution = [{ device = \"Phone\", do = \"check_mail\" }]\n") ==
              "x.toml:18:1: step 's' asks something of the learner but declares no wrong solution ([steps.wrong])");
    }
}
