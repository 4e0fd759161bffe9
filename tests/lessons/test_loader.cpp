// Tests for the lesson loader (lessons/lesson.h): broken lesson files give
// FILE:LINE:COLUMN: problem at the place of the mistake; a good file loads.
#include <doctest/doctest.h>

#include <string>

#include "lessons/lesson.h"
#include "tests/support/error_text.h"

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
            return test::errorText<lessons::LessonError>([&] { lessons::parseLesson(head + rest, "x.toml", kAssets); },
                                                         "(loaded)");
        };
        CHECK(err("narration_en = \"{server.Nowhere.count}\"\nnarration_pl = \"a\"\n") ==
              "x.toml:22:16: unknown folder 'Nowhere' in {server.Nowhere.count}");
        CHECK(err("narration_en = \"a\"\nnarration_pl = \"a\"\nsolution = [{ device = \"Phone\", do = \"check_mail\" }]\n") ==
              "x.toml:18:1: step 's' asks something of the learner but declares no wrong solution ([steps.wrong])");
    }

    TEST_CASE("set_tls takes a mode, or on = true|false as before") {
        const std::string head = R"(id = "x"
title_en = "X"
title_pl = "X"
summary_en = "X"
summary_pl = "X"
scenario_toml = """
title_en = "t"
title_pl = "t"
start = 2026-11-27T09:00:00Z
[server]
starttls = true
[[accounts]]
user = "alice"
password = "alice123"
[[devices]]
name = "Phone"
account = "alice"
protocol = "imap"
security = "starttls"
"""
[[steps]]
id = "s"
title_en = "S"
title_pl = "S"
narration_en = "a"
narration_pl = "a"
)";
        // A second step after the one under test: every lesson declares a wrong solution.
        const std::string tail = R"(
[[steps]]
id = "t"
title_en = "T"
title_pl = "T"
narration_en = "a"
narration_pl = "a"
solution = [{ device = "Phone", do = "check_mail" }]
  [[steps.checks]]
  id = "t-online"
  what = "online"
  device = "Phone"
  label_en = "a"
  label_pl = "a"
  fail_en = "a"
  fail_pl = "a"
  [steps.wrong]
  check = "t-online"
  actions = [{ device = "Phone", do = "go_offline" }]
)";
        auto load = [&](const std::string& rest) {
            return lessons::parseLesson(head + rest + tail, "x.toml", kAssets);
        };
        auto err = [&](const std::string& rest) {
            return test::errorText<lessons::LessonError>([&] { load(rest); }, "(loaded)");
        };
        const auto does = [&](const std::string& action) {
            return load("lesson_does = [" + action + "]\n").steps[0].lessonDoes.at(0);
        };
        SUBCASE("the inline scenario's security and server settings arrive") {
            const auto l = load("");
            CHECK(l.scenario.devices[0].tls == sim::TlsMode::StartTls);
            CHECK(l.scenario.server.starttls == true);
        }
        SUBCASE("each mode, and on = true / false") {
            CHECK(does(R"({ device = "Phone", do = "set_tls", mode = "off" })").tls == sim::TlsMode::Off);
            CHECK(does(R"({ device = "Phone", do = "set_tls", mode = "starttls" })").tls == sim::TlsMode::StartTls);
            CHECK(does(R"({ device = "Phone", do = "set_tls", mode = "implicit" })").tls == sim::TlsMode::Implicit);
            CHECK(does(R"({ device = "Phone", do = "set_tls", on = true })").tls == sim::TlsMode::Implicit);
            CHECK(does(R"({ device = "Phone", do = "set_tls", on = false })").tls == sim::TlsMode::Off);
        }
        SUBCASE("a bad mode is an error at its line and column") {
            CHECK(err(R"(lesson_does = [{ device = "Phone", do = "set_tls", mode = "STARTTLS" }])" "\n") ==
                  "x.toml:27:59: unknown mode 'STARTTLS' (off, starttls or implicit)");
            CHECK(err(R"(lesson_does = [{ device = "Phone", do = "set_tls", mode = true }])" "\n") ==
                  "x.toml:27:59: 'mode' must be a string");
            CHECK(err(R"(lesson_does = [{ device = "Phone", do = "set_tls", on = true, mode = "off" }])" "\n") ==
                  "x.toml:27:70: give 'on' or 'mode', not both");
            CHECK(err(R"(lesson_does = [{ device = "Phone", do = "check_mail", mode = "off" }])" "\n") ==
                  "x.toml:27:62: 'mode' is only for action 'set_tls'");
        }
        SUBCASE("a happened check may name what it must come before") {
            const std::string check = R"(
  [[steps.checks]]
  id = "c"
  what = "happened"
  event = { kind = "TlsEstablished", device = "Phone" }
  before = { kind = "CommandCompleted", device = "Phone", command = "LOGIN" }
  label_en = "a"
  label_pl = "a"
  fail_en = "a"
  fail_pl = "a"
)";
            const auto l = load(check);
            REQUIRE(l.steps[0].checks.size() == 1);
            REQUIRE(l.steps[0].checks[0].before.has_value());
            CHECK(l.steps[0].checks[0].before->command == "LOGIN");
            std::string broken = check;
            broken.replace(broken.find("kind = \"CommandCompleted\""), 25, "kind = \"LoginHappened\"");
            CHECK(err(broken) == "x.toml:32:21: unknown event kind 'LoginHappened'");
            broken = check;
            broken.replace(broken.find("what = \"happened\""), 17, "what = \"online\"");
            broken.replace(broken.find("  event = "), broken.find("  before") - broken.find("  event = "),
                           "  device = \"Phone\"\n");
            CHECK(err(broken) == "x.toml:32:12: 'before' is only for check 'happened'");
        }
    }
}
