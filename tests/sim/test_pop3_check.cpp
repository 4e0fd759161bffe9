// The scripted POP3 mail check: what a simple POP3 client does to the server's mailbox,
// and the transcript it leaves.
#include <doctest/doctest.h>

#include "sim/pop3_check.h"
#include "sim/seed.h"

using namespace mailscope;

namespace {
struct Demo {
    Demo() { sim::seedDemoStore(store, std::filesystem::path(MAILSCOPE_SOURCE_DIR) / "assets", 1795770000); }
    mail::MailStore store;
    mail::Account& alice() { return *store.findAccount("alice"); }
    sim::Pop3CheckOptions options(const std::string& device, bool leaveCopy) {
        sim::Pop3CheckOptions o;
        o.device = device;
        o.user = "alice";
        o.password = "alice123";
        o.leaveCopy = leaveCopy;
        o.now = 1795770000;
        return o;
    }
};
}  // namespace

TEST_SUITE("sim.pop3_check") {
    TEST_CASE("without leave-a-copy the mail moves to the device and a second device gets nothing") {
        Demo d;
        std::vector<std::string> originals;
        for (const auto& item : d.alice().inbox().items()) originals.push_back(item.message->bytes());
        sim::Transcript transcript;
        const auto phone = sim::runPop3Check(d.store, d.options("Phone", false), transcript);
        CHECK(phone.loggedIn);
        CHECK(phone.downloaded == originals);  // byte for byte, dot-stuffing undone
        CHECK(phone.deletedOnServer == originals.size());
        CHECK(d.alice().inbox().empty());
        const auto laptop = sim::runPop3Check(d.store, d.options("Laptop", false), transcript);
        CHECK(laptop.downloaded.empty());
    }

    TEST_CASE("with leave-a-copy the server keeps everything") {
        Demo d;
        sim::Transcript transcript;
        const auto phone = sim::runPop3Check(d.store, d.options("Phone", true), transcript);
        CHECK(phone.downloaded.size() == 5);
        CHECK(phone.deletedOnServer == 0);
        CHECK(d.alice().inbox().size() == 5);
        const auto laptop = sim::runPop3Check(d.store, d.options("Laptop", true), transcript);
        CHECK(laptop.downloaded.size() == 5);
    }

    TEST_CASE("the transcript masks the password and explains each command") {
        Demo d;
        sim::Transcript transcript;
        sim::runPop3Check(d.store, d.options("Phone", false), transcript);
        bool sawPass = false, sawQuit = false;
        for (const sim::TranscriptEntry& e : transcript.entries()) {
            CHECK(e.text.find("alice123") == std::string::npos);
            CHECK(e.device == "Phone");
            if (e.text.starts_with("PASS")) {
                sawPass = true;
                CHECK(e.text == "PASS ********");
                REQUIRE(e.explanation != nullptr);
                CHECK(e.explanation->key == "PASS");
            }
            if (e.text == "QUIT") sawQuit = e.explanation != nullptr && e.direction == core::Direction::ClientToServer;
        }
        CHECK(sawPass);
        CHECK(sawQuit);
    }

    TEST_CASE("a wrong password stops the check and changes nothing") {
        Demo d;
        sim::Transcript transcript;
        auto o = d.options("Phone", false);
        o.password = "wrong";
        const auto r = sim::runPop3Check(d.store, o, transcript);
        CHECK_FALSE(r.loggedIn);
        CHECK(r.error == "login failed");
        CHECK(d.alice().inbox().size() == 5);
    }
}
