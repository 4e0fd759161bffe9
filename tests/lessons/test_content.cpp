// Tests for the shipped lessons (lessons/content): every text in both languages, every
// article claim mapped to an existing check (lessons/README.md), and `--auto` runs that
// are byte-identical run after run.
#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "lessons/command.h"
#include "lessons/runner.h"
#include "sim/report.h"

using namespace mailscope;

namespace {

const std::string kAssets = MAILSCOPE_SOURCE_DIR "/assets";
const std::string kContent = MAILSCOPE_SOURCE_DIR "/lessons/content";

std::vector<lessons::Lesson> shipped() {
    std::vector<lessons::Lesson> out;
    for (const auto& f : lessons::lessonFiles(kContent)) out.push_back(lessons::loadLesson(f, kAssets));
    return out;
}

/// Both languages present; `translated`: longer texts must really differ (names such as
/// "POP3" or "Ola" may not).
void bothLanguages(const lessons::Text& t, const std::string& where, bool optional = false, bool translated = false) {
    INFO(where);
    if (optional && t.empty()) return;
    CHECK_FALSE(t.en.empty());
    CHECK_FALSE(t.pl.empty());
    if (translated) CHECK(t.en != t.pl);
}

/// The claims of the article (/work/shared/ARTICLE-POP3-IMAP.md) each lesson set must check.
const std::vector<std::string> kClaims = {
    "pop3-downloads-to-device", "pop3-deletes-from-server", "imap-stays-on-server", "imap-synchronized",
    "pop3-one-device",          "imap-every-device",        "pop3-managed-locally", "imap-move-on-server",
    "imap-delete-on-server",    "imap-folders-on-server",   "choice-by-devices",
};

}  // namespace

TEST_SUITE("lessons.content") {
    TEST_CASE("the shipped lessons load, in order, with every text in English and Polish") {
        const auto all = shipped();
        REQUIRE(all.size() >= 4);
        std::set<std::string> ids;
        for (std::size_t i = 0; i < all.size(); ++i) {
            const lessons::Lesson& l = all[i];
            CHECK(l.order == static_cast<int>(i) + 1);
            CHECK(ids.insert(l.id).second);
            bothLanguages(l.title, l.id + " title");
            bothLanguages(l.summary, l.id + " summary", false, true);
            bool anyWrong = false;
            for (const lessons::Step& s : l.steps) {
                const std::string at = l.id + "/" + s.id;
                anyWrong = anyWrong || s.wrong.has_value();
                bothLanguages(s.title, at + " title");
                bothLanguages(s.narration, at + " narration", false, true);
                bothLanguages(s.task, at + " task", true);
                bothLanguages(s.explanation, at + " explanation", s.kind == lessons::StepKind::Action);
                for (const auto& h : s.hints) bothLanguages(h, at + " hint");
                for (const auto& c : s.checks) {
                    bothLanguages(c.label, at + "/" + c.id + " label");
                    bothLanguages(c.failure, at + "/" + c.id + " failure");
                }
                for (const auto& c : s.choices) {
                    bothLanguages(c.text, at + "/" + c.id + " choice");
                    bothLanguages(c.feedback, at + "/" + c.id + " feedback", true);
                }
            }
            CHECK(anyWrong);
        }
    }

    TEST_CASE("every claim of the article is covered by a named check (lessons/README.md)") {
        std::ifstream in(MAILSCOPE_SOURCE_DIR "/lessons/README.md");
        REQUIRE(in);
        const auto all = shipped();
        std::set<std::string> covered;
        bool inTable = false;
        for (std::string line; std::getline(in, line);) {
            // The table after the header "| Claim |": | `claim-id` | claim | lesson id | step id | check id |
            if (line.rfind("| Claim |", 0) == 0) inTable = true;
            if (line.empty()) inTable = false;
            if (!inTable || line.rfind("| `", 0) != 0) continue;
            std::vector<std::string> cells;
            std::stringstream ss(line.substr(1));
            for (std::string cell; std::getline(ss, cell, '|');) {
                const auto b = cell.find_first_not_of(" `"), e = cell.find_last_not_of(" `");
                cells.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
            }
            REQUIRE(cells.size() >= 5);
            INFO(line);
            const lessons::Lesson* lesson = nullptr;
            for (const auto& l : all)
                if (l.id == cells[2]) lesson = &l;
            REQUIRE(lesson);
            const lessons::Step* step = lesson->findStep(cells[3]);
            REQUIRE(step);
            bool inStep = false;
            for (const auto& c : step->checks) inStep = inStep || c.id == cells[4];
            for (const auto& c : step->choices) inStep = inStep || (c.check && c.check->id == cells[4]);
            if (cells[4] == "answer") inStep = step->kind != lessons::StepKind::Action;
            CHECK(inStep);
            covered.insert(cells[0]);
        }
        for (const std::string& claim : kClaims) {
            INFO(claim);
            CHECK(covered.count(claim) == 1);
        }
    }

    TEST_CASE("--auto is deterministic: output and transcripts byte-identical over three runs") {
        for (const auto& l : shipped()) {
            INFO(l.id);
            std::string runs[3];
            for (auto& run : runs) {
                std::ostringstream out;
                CHECK(lessons::playAuto(l, lessons::Lang::En, out));
                lessons::Runner r(l);
                while (!r.finished()) r.skip();
                run = out.str() + sim::formatPlain(r.world(lessons::Twin::Pop3)) +
                      sim::formatPlain(r.world(lessons::Twin::Imap));
            }
            CHECK(runs[0] == runs[1]);
            CHECK(runs[1] == runs[2]);
        }
    }
}
