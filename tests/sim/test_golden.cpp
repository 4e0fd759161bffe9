// Golden transcripts: each shipped scenario, run to its end, must give exactly the
// transcript and final mailboxes kept in tests/golden/. To regenerate them on purpose
// (after a deliberate change to what devices send), run the suite with
// MAILSCOPE_UPDATE_GOLDEN=1 and review the diff before committing.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "sim/report.h"
#include "sim/scenario.h"
#include "sim/world.h"

using namespace mailscope;

namespace {

const std::filesystem::path kAssets = MAILSCOPE_SOURCE_DIR "/assets";
const std::filesystem::path kGolden = MAILSCOPE_SOURCE_DIR "/tests/golden";

std::string report(const sim::World& world) {
    return "# " + world.scenario().title_en + "\n" + sim::formatPlain(world) + "\n" + sim::formatState(world);
}

void checkGolden(const std::string& name, const std::string& actual) {
    const std::filesystem::path file = kGolden / (name + ".transcript");
    const char* update = std::getenv("MAILSCOPE_UPDATE_GOLDEN");
    if (update && std::string(update) == "1") {
        std::ofstream(file, std::ios::binary) << actual;
        MESSAGE("wrote " << file.string());
        return;
    }
    std::ifstream in(file, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), file.string() << " is missing (MAILSCOPE_UPDATE_GOLDEN=1 writes it)");
    std::ostringstream expected;
    expected << in.rdbuf();
    if (expected.str() == actual) return;
    // Point at the first line that differs rather than dumping both files.
    std::istringstream a(expected.str());
    std::istringstream b(actual);
    std::string la;
    std::string lb;
    int line = 0;
    while (true) {
        ++line;
        const bool moreA = static_cast<bool>(std::getline(a, la));
        const bool moreB = static_cast<bool>(std::getline(b, lb));
        if (!moreA && !moreB) break;
        if (!moreA || !moreB || la != lb) {
            FAIL_CHECK(file.string() << ":" << line << ": expected\n  " << (moreA ? la : "(end of file)")
                                     << "\nbut the run gave\n  " << (moreB ? lb : "(end of output)"));
            return;
        }
    }
}

}  // namespace

TEST_SUITE("sim.golden") {

TEST_CASE("shipped scenarios give their golden transcripts") {
    for (const char* name : {"where-messages-are-stored", "several-devices", "managing-mail", "eavesdropper"}) {
        CAPTURE(name);
        sim::World world(sim::loadScenario(kAssets / "scenarios" / (std::string(name) + ".toml"), kAssets));
        world.runToEnd();
        REQUIRE(world.finished());
        checkGolden(name, report(world));
    }
}

TEST_CASE("compare mode gives its golden transcripts") {
    const sim::Scenario scenario = sim::loadScenario(kAssets / "scenarios" / "where-messages-are-stored.toml", kAssets);
    sim::Comparison both(scenario);
    both.runToEnd();
    REQUIRE(both.finished());
    checkGolden("where-messages-are-stored.compare-pop3", report(both.pop3()));
    checkGolden("where-messages-are-stored.compare-imap", report(both.imap()));
}

}  // TEST_SUITE
