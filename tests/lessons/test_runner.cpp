// Tests for the lesson runner (lessons/runner.h): going back restores the world exactly,
// a failing check names the step at which it stopped holding, refused actions, quizzes.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "lessons/command.h"
#include "lessons/runner.h"
#include "sim/report.h"

using namespace mailscope;

namespace {

const std::string kAssets = MAILSCOPE_SOURCE_DIR "/assets";
const std::string kContent = MAILSCOPE_SOURCE_DIR "/lessons/content/";

std::string snapshot(const sim::World& w) {
    return sim::formatPlain(w) + sim::formatState(w) + sim::formatEvents(w.events().all());
}

/// A POP3 laptop without "leave a copy"; the step's check wants the mail kept on the server.
const char* kKeepLesson = R"(id = "keep"
title_en = "Keep"
title_pl = "Zostaw"
summary_en = "K"
summary_pl = "Z"
allowed = ["check_mail"]
scenario_toml = """
title_en = "t"
title_pl = "t"
start = 2026-11-27T09:00:00+01:00
[[accounts]]
user = "alice"
password = "alice123"
  [[accounts.inbox]]
  file = "01-welcome.eml"
[[devices]]
name = "Laptop"
account = "alice"
protocol = "pop3"
"""
[[steps]]
id = "s"
title_en = "S"
title_pl = "S"
narration_en = "N"
narration_pl = "N"
solution = [{ device = "Laptop", do = "check_mail" }]
  [[steps.checks]]
  id = "kept"
  what = "server_count"
  equals = 1
  label_en = "kept"
  label_pl = "zostało"
  fail_en = "gone"
  fail_pl = "zniknęło"
  [steps.wrong]
  check = "kept"
  actions = [{ device = "Laptop", do = "check_mail" }]
)";

}  // namespace

TEST_SUITE("lessons.runner") {
    TEST_CASE("going back restores the world exactly as on the first visit") {
        const auto lesson = lessons::loadLesson(kContent + "02-pop3-downloads-then-deletes.toml", kAssets);
        lessons::Runner r(lesson);
        r.skip();
        REQUIRE(r.index() == 1);
        const std::string first = snapshot(r.world());
        const std::size_t steps = r.world().stepCount();
        r.skip();
        r.skip();
        CHECK(r.world().stepCount() > steps);
        r.goTo(1);
        CHECK(r.index() == 1);
        CHECK(r.world().stepCount() == steps);
        CHECK(snapshot(r.world()) == first);
        CHECK_FALSE(r.complete());
        // The same solution again gives the same world as the first time.
        r.skip();
        r.back();
        CHECK(snapshot(r.world()) == first);
        r.restart();
        CHECK(r.index() == 0);
        CHECK(r.world().stepCount() == 0);
    }

    TEST_CASE("an edited lesson resumes at the step of the same id") {
        const auto lesson = lessons::loadLesson(kContent + "02-pop3-downloads-then-deletes.toml", kAssets);
        lessons::Runner first(lesson);
        first.skip();
        first.skip();
        lessons::Lesson edited = lesson;
        edited.steps[0].narration.en = "Edited by a trainer.";
        lessons::Runner again(edited);
        CHECK(again.skipTo(first.step().id));
        CHECK(again.index() == 2);
        CHECK(snapshot(again.world()) == snapshot(first.world()));
        CHECK_FALSE(again.skipTo("no-such-step"));
    }

    TEST_CASE("a failing check names the step at which it stopped holding") {
        const auto lesson = lessons::parseLesson(kKeepLesson, "keep.toml", kAssets);
        lessons::Runner r(lesson);
        const lessons::Check& kept = r.step().checks[0];
        CHECK(r.results()[0].holds);
        r.playSolution();
        CHECK_FALSE(r.results()[0].holds);
        CHECK_FALSE(r.complete());
        const auto at = r.stoppedAt(kept);
        REQUIRE(at);
        const std::string where = r.whereStopped(kept).en;
        CHECK(where.find("stopped holding at step " + std::to_string(*at)) == 0);
        CHECK(where.find("Laptop: C: QUIT") != std::string::npos);
        CHECK(r.whereStopped(kept).pl.find("przestało zachodzić w kroku") == 0);
        // Looking back did not change the world.
        CHECK_FALSE(r.results()[0].holds);
        CHECK(r.world().store().findAccount("alice")->inbox().size() == 0);
    }

    TEST_CASE("a happened check with 'before' judges the order of events in the step") {
        // Lesson 9's STARTTLS step: TLS is set up before LOGIN only when the tablet uses STARTTLS.
        const auto lesson = lessons::loadLesson(kContent + "09-who-can-read-your-mail.toml", kAssets);
        lessons::Runner r(lesson);
        REQUIRE(r.skipTo("starttls"));
        const auto result = [&](std::string_view id) {
            for (const lessons::CheckResult& c : r.results())
                if (c.check->id == id) return c.holds;
            FAIL("no check " << id);
            return false;
        };
        CHECK_FALSE(result("starttls-before-login"));  // nothing happened yet
        sim::Action check;
        check.device = "Tablet";
        check.kind = sim::ActionKind::CheckMail;
        SUBCASE("plain: LOGIN without TLS") {
            r.perform(check);
            CHECK_FALSE(result("starttls-before-login"));
            CHECK_FALSE(result("starttls-password-hidden"));
            CHECK(result("starttls-command-in-clear") == false);
        }
        SUBCASE("STARTTLS: TLS, then LOGIN") {
            sim::Action set = check;
            set.kind = sim::ActionKind::SetTls;
            set.tls = sim::TlsMode::StartTls;
            r.perform(set);
            r.perform(check);
            CHECK(result("starttls-before-login"));
            CHECK(result("starttls-command-in-clear"));
            CHECK(result("starttls-ok-in-clear"));
            CHECK(result("starttls-password-hidden"));
            CHECK(r.complete());
        }
        SUBCASE("implicit TLS also comes before LOGIN, but nothing is said in clear") {
            sim::Action set = check;
            set.kind = sim::ActionKind::SetTls;
            set.tls = sim::TlsMode::Implicit;
            r.perform(set);
            r.perform(check);
            CHECK(result("starttls-before-login"));
            CHECK_FALSE(result("starttls-command-in-clear"));
            CHECK_FALSE(r.complete());
        }
    }

    TEST_CASE("actions the lesson does not allow are refused with a reason") {
        const auto lesson = lessons::parseLesson(kKeepLesson, "keep.toml", kAssets);
        lessons::Runner r(lesson);
        sim::Action a;
        a.device = "Laptop";
        a.kind = sim::ActionKind::GoOffline;
        const auto why = r.perform(a);
        REQUIRE(why);
        CHECK(why->en == "This lesson does not use 'go_offline'.");
        CHECK(r.world().stepCount() == 0);
    }

    TEST_CASE("a quiz gives the feedback of each wrong choice, then accepts the right one") {
        const auto lesson = lessons::loadLesson(kContent + "02-pop3-downloads-then-deletes.toml", kAssets);
        lessons::Runner r(lesson);
        while (r.step().kind != lessons::StepKind::Quiz) r.skip();
        auto wrong = r.answer({"none"});
        CHECK_FALSE(wrong.right);
        REQUIRE(wrong.feedback.size() == 1);
        CHECK(wrong.feedback[0].pl.find("Telefon pobrał") == 0);
        CHECK_FALSE(r.complete());
        CHECK(r.answer({"only-lunch"}).right);
        CHECK(r.complete());
    }

    TEST_CASE("narration quotes live values from the world, in each language") {
        const auto lesson = lessons::loadLesson(kContent + "02-pop3-downloads-then-deletes.toml", kAssets);
        lessons::Runner r(lesson);
        CHECK(r.render(r.step().explanation, lessons::Lang::En) ==
              "The laptop now holds 0 messages and the server 3: the UPDATE state removed UIDs -.");
        r.playSolution();
        CHECK(r.complete());
        CHECK(r.render(r.step().explanation, lessons::Lang::Pl) ==
              "Laptop ma teraz 3 wiadomości, a serwer 0: w stanie UPDATE serwer usunął UID 1,2,3.");
    }

    TEST_CASE("a prediction is judged by the real twin world, not by an answer key") {
        const auto lesson = lessons::loadLesson(kContent + "10-choosing.toml", kAssets);
        lessons::Runner r(lesson);
        REQUIRE(r.step().kind == lessons::StepKind::Predict);
        CHECK(r.world(lessons::Twin::Imap).stepCount() == 0);
        const auto wrong = r.answer({"none"});
        CHECK_FALSE(wrong.right);
        REQUIRE(wrong.feedback.size() == 1);
        CHECK(wrong.feedback[0].en.find("Not so: under IMAP") == 0);
        // The actions ran in both twins after the answer.
        CHECK(r.world(lessons::Twin::Imap).findDevice("Phone")->local().messageCount() == 3);
        CHECK(r.world(lessons::Twin::Pop3).findDevice("Phone")->local().messageCount() == 0);
        CHECK(r.complete());  // a prediction is made, right or wrong: the learner saw the result
        CHECK(r.answer({"three"}).right);
    }

    TEST_CASE("a step's trigger acts on the event it waits for (the line drops after DELE)") {
        const auto lesson = lessons::loadLesson(kContent + "06-deleting-for-real.toml", kAssets);
        lessons::Runner r(lesson);
        r.playSolution();
        CHECK(r.complete());
        CHECK_FALSE(r.world().findDevice("Phone")->online());
        CHECK(r.world().store().findAccount("alice")->inbox().size() == 3);
    }

    TEST_CASE("the command line: usage, list and check") {
        std::ostringstream out, err;
        CHECK(lessons::runLessonCommand({}, out, err) == 2);
        CHECK(lessons::runLessonCommand({"list"}, out, err) == 0);
        CHECK(out.str().find("02-pop3-downloads-then-deletes.toml  POP3 downloads, then deletes") != std::string::npos);
        std::ostringstream out2, err2;
        CHECK(lessons::runLessonCommand({"check", MAILSCOPE_SOURCE_DIR "/tests/lessons/data/unknown-folder.toml"}, out2,
                                        err2) == 1);
        CHECK(err2.str().find("unknown-folder.toml:29:12: unknown folder 'Archive2'") != std::string::npos);
        std::ostringstream out3, err3;
        CHECK(lessons::runLessonCommand({"run", "02-pop3-downloads-then-deletes", "--auto", "--lang", "pl"}, out3, err3) == 0);
        CHECK(out3.str().find("Lekcja ukończona.") != std::string::npos);
    }
}
