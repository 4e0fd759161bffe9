// Two sessions hammering one mailbox (RFC 3501 5.2, 7.2.6, 7.4.1; RFC 2180 4): APPEND,
// STORE of keywords, EXPUNGE and FETCH interleaved from a fixed pseudo-random sequence.
// No command may get NO or BAD, every keyword a FETCH shows must have been announced in
// FLAGS to that session first, and no message may be lost or duplicated.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "server_test_support.h"

using namespace mailscope;
using namespace mailscope::imap;
using namespace mailscope::imap::testing;

namespace {

/// One hammering client: its session and the keywords it has been told of in FLAGS.
struct Hammer {
    Client client;
    std::set<std::string> announced;
    int tag = 0;

    explicit Hammer(World& w) : client(w) {}

    /// Sends a command and checks its response line by line.
    std::string run(const std::string& command) {
        const std::string t = "t" + std::to_string(++tag);
        const std::string r = client.send(t + " " + command);
        for (const std::string& line : lines(r)) {
            INFO(command << " -> " << line);
            CHECK_FALSE(line.starts_with(t + " NO"));
            CHECK_FALSE(line.starts_with(t + " BAD"));
            CHECK_FALSE(line.starts_with("* NO"));
            CHECK_FALSE(line.starts_with("* BAD"));
            if (line.starts_with("* FLAGS (")) {
                announced.clear();
                for (const std::string& f : words(line.substr(9, line.size() - 10)))
                    if (!f.starts_with('\\')) announced.insert(f);
            }
            const auto flags = line.find(" FETCH (") != std::string::npos ? line.find("FLAGS (") : std::string::npos;
            if (flags != std::string::npos) {
                const auto end = line.find(')', flags);
                for (const std::string& f : words(line.substr(flags + 7, end - flags - 7)))
                    if (!f.starts_with('\\')) CHECK_MESSAGE(announced.contains(f), "keyword " << f << " not announced");
            }
        }
        return r;
    }

    static std::vector<std::string> words(const std::string& text) {
        std::vector<std::string> out;
        std::size_t pos = 0;
        while (pos < text.size()) {
            const auto space = std::min(text.find(' ', pos), text.size());
            if (space > pos) out.push_back(text.substr(pos, space - pos));
            pos = space + 1;
        }
        return out;
    }
};

}  // namespace

TEST_SUITE("imap.server.stress") {
    TEST_CASE("two sessions hammering one mailbox: no NO or BAD, keywords announced first, nothing lost") {
        World w(0);
        std::array<Hammer, 2> hammers{Hammer(w), Hammer(w)};
        for (Hammer& h : hammers) {
            h.client.login();
            h.run("SELECT INBOX");
        }
        std::set<std::uint32_t> alive;  // UIDs appended and not expunged
        std::uint32_t state = 12345;
        const auto next = [&](std::uint32_t n) {
            state = state * 1103515245u + 12345u;
            return (state >> 16) % n;
        };
        const auto anyUid = [&]() -> std::uint32_t {
            if (alive.empty()) return 1;
            auto it = alive.begin();
            std::advance(it, next(static_cast<std::uint32_t>(alive.size())));
            return *it;
        };
        for (int step = 0; step < 3000; ++step) {
            Hammer& h = hammers[next(2)];
            const std::string keyword = "kw" + std::to_string(next(8));
            switch (next(6)) {
                case 0: {
                    const std::string body = "Subject: step " + std::to_string(step) + "\r\n\r\nx\r\n";
                    const std::string r = h.run("APPEND INBOX (" + keyword + ") {" + std::to_string(body.size()) + "+}\r\n" + body);
                    const auto at = r.find("[APPENDUID 1 ");
                    REQUIRE(at != std::string::npos);
                    const std::uint32_t uid = static_cast<std::uint32_t>(std::stoul(r.substr(at + 13)));
                    CHECK(alive.insert(uid).second);
                    break;
                }
                case 1: h.run("UID STORE " + std::to_string(anyUid()) + " +FLAGS (" + keyword + ")"); break;
                case 2: {
                    const std::uint32_t uid = anyUid();
                    h.run("UID STORE " + std::to_string(uid) + " +FLAGS.SILENT (\\Deleted)");
                    h.run("UID EXPUNGE " + std::to_string(uid));
                    alive.erase(uid);
                    break;
                }
                case 3: h.run("UID FETCH 1:* (UID FLAGS)"); break;
                case 4:
                    // By sequence number, on messages the other session may have expunged.
                    if (h.client.session.selected()->exists() > 0) h.run("STORE 1:* +FLAGS (" + keyword + ")");
                    break;
                default: h.run("NOOP"); break;
            }
        }
        // Nothing lost or duplicated: the store and both sessions agree with the log.
        std::set<std::uint32_t> inStore;
        for (const auto& item : w.alice->inbox().items()) CHECK(inStore.insert(item.uid).second);
        CHECK(inStore == alive);
        for (Hammer& h : hammers) {
            h.run("NOOP");
            std::set<std::uint32_t> seen;
            for (const auto& e : h.client.session.selected()->entries()) CHECK(seen.insert(e.uid).second);
            CHECK(seen == alive);
        }
        CHECK(alive.size() > 10);
    }
}
