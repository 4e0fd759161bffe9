// Property test: the POP3 client engine reads everything the server engine writes. A seeded,
// deterministic generator makes maildrops (messages with lines of dots, a lone ".", no final
// CRLF, empty bodies, no header/body separator, 8-bit bytes); a session of USER/PASS, STAT,
// LIST, UIDL, RETR, TOP, DELE and RSET (RFC 1939), pipelined or not, goes through a real
// ServerSession, and the replies reach the ClientEngine split at random points. Every event
// must be what the maildrop says: sizes, unique ids, exact message bytes, TOP's lines.
#include <chrono>

#include "pop3_test_support.h"
#include "tests/support/random.h"

using namespace pop3test;

namespace {

using mailscope::test::Random;

/// A message's bytes: header, blank line, body lines (CRLF only: the store turns bare CR
/// and LF into CRLF), sometimes no final CRLF, no body, or no blank line at all.
std::string messageText(Random& r) {
    static const std::vector<std::string> lines = {
        ".", "..", "...", ".starts with a dot", "..two dots", "", " ", "Hello", "Zażółć gęślą jaźń",
        "\x80\xFF raw 8-bit", "+OK not a reply", "-ERR nor this", ". .", std::string("nul\0byte", 8), "a.", "\t."};
    if (r.oneIn(40)) return {};  // an empty message
    std::string out = "From: a@example.com\r\nSubject: " + r.pick(lines) + "\r\n";
    if (r.oneIn(15)) return r.oneIn(2) ? out : out.substr(0, out.size() - 2);  // all header
    out += "\r\n";
    const std::size_t n = r.oneIn(6) ? 0 : 1 + r.below(12);
    for (std::size_t i = 0; i < n; ++i) out += r.pick(lines) + (i + 1 < n || !r.oneIn(4) ? "\r\n" : "");
    return out;
}

/// What TOP n gives, worked out apart from the server: the header and blank line (added
/// if the message has none), then the first n body lines, each ending in CRLF.
std::string expectedTop(const mail::Message& m, std::size_t n) {
    std::string out(m.header());
    if (!out.empty() && !out.ends_with("\r\n")) out += "\r\n";
    if (out != "\r\n" && !out.ends_with("\r\n\r\n")) out += "\r\n";
    std::string_view body = m.body();
    for (std::size_t i = 0; i < n && !body.empty(); ++i) {
        const std::size_t crlf = body.find("\r\n");
        const std::size_t end = crlf == std::string_view::npos ? body.size() : crlf + 2;
        out += body.substr(0, end);
        if (crlf == std::string_view::npos) out += "\r\n";  // the server ends the last line before "."
        body.remove_prefix(end);
    }
    return out;
}

std::string describe(const ClientEvent& e) {
    std::ostringstream os;
    os << e;
    return os.str();
}

/// One expected event: a status line (command and +OK/-ERR), or data compared exactly.
struct Expect {
    CommandKind command = CommandKind::Noop;
    bool ok = true;
    std::optional<ClientEvent> data;  ///< StatResult, ListResult, UidlResult or MessageData
};

/// The seed's maildrop and session; REQUIREs that the client read exactly what it should.
/// Returns the number of commands checked.
std::size_t runCase(std::uint64_t seed) {
    CAPTURE(seed);
    Random r(seed);
    mail::MailStore store{7};
    mail::Account& alice = store.addAccount("alice", "secret");
    struct Stored {
        std::shared_ptr<const mail::Message> message;
        std::string uidl;
        bool deleted = false;
    };
    std::vector<Stored> drop;
    for (std::size_t n = r.below(6); n > 0; --n) {
        auto message = mail::Message::fromBytes(messageText(r), kNow);
        if (r.oneIn(5)) {  // an expunged message leaves a gap in the UIDs
            const auto gone = store.append(alice, alice.inbox(), mail::Message::fromBytes("x\r\n", kNow));
            store.expunge(alice, alice.inbox(), gone);
        }
        const auto uid = store.append(alice, alice.inbox(), message);
        drop.push_back({message, uniqueIdFor(std::as_const(alice).inbox().uidValidity(), uid)});
    }

    std::vector<Command> commands;
    std::vector<Expect> expected;
    const auto add = [&](Command c, std::optional<ClientEvent> data = std::nullopt, bool ok = true) {
        expected.push_back({c.kind, ok, std::move(data)});
        commands.push_back(std::move(c));
    };
    const auto totals = [&] {
        std::pair<std::size_t, std::uint64_t> t{0, 0};
        for (const auto& s : drop)
            if (!s.deleted) {
                ++t.first;
                t.second += s.message->size();
            }
        return t;
    };
    const auto listing = [&] {
        ListResult list;
        UidlResult uidl;
        for (std::size_t i = 0; i < drop.size(); ++i)
            if (!drop[i].deleted) {
                list.entries.push_back({static_cast<std::uint32_t>(i + 1), drop[i].message->size()});
                uidl.entries.push_back({static_cast<std::uint32_t>(i + 1), drop[i].uidl});
            }
        return std::make_pair(list, uidl);
    };
    add(Command::user("alice"));
    add(Command::pass("secret"));
    for (int round = 0; round < 2; ++round) {
        const auto [count, size] = totals();
        add(Command::stat(), StatResult{count, size});
        const auto [list, uidl] = listing();
        add(Command::list(), list);
        add(Command::uidl(), uidl);
        for (std::size_t i = 0; i < drop.size(); ++i) {
            const auto msg = static_cast<std::uint32_t>(i + 1);
            const mail::Message& m = *drop[i].message;
            add(Command::list(msg), ListResult{{ListEntry{msg, m.size()}}});
            add(Command::uidl(msg), UidlResult{{UidlEntry{msg, drop[i].uidl}}});
            add(Command::retr(msg), MessageData{msg, false, m.bytes()});
            const std::size_t lines = r.below(16);
            add(Command::top(msg, static_cast<std::uint32_t>(lines)), MessageData{msg, true, expectedTop(m, lines)});
            if (round == 0 && r.oneIn(3)) {
                add(Command::dele(msg));
                drop[i].deleted = true;
            }
        }
        add(Command::retr(static_cast<std::uint32_t>(drop.size() + 1)), std::nullopt, false);  // no such message
        if (round == 0) {
            // The deleted messages are gone from the listings until RSET.
            const auto [count2, size2] = totals();
            add(Command::stat(), StatResult{count2, size2});
            const auto [list2, uidl2] = listing();
            add(Command::list(), list2);
            add(Command::uidl(), uidl2);
            for (std::size_t i = 0; i < drop.size(); ++i)
                if (drop[i].deleted) add(Command::top(static_cast<std::uint32_t>(i + 1), 0), std::nullopt, false);
            add(Command::rset());
            for (auto& s : drop) s.deleted = false;
        }
    }
    add(Command::quit());

    auto server = std::make_unique<ServerSession>(store, ServerConfig{}, store.newSessionId(), kNow);
    ClientEngine client;
    std::vector<ClientEvent> events;
    const auto deliver = [&](std::string_view bytes) {
        while (!bytes.empty()) {
            const std::size_t n = r.oneIn(3) ? bytes.size() : std::min(bytes.size(), 1 + r.below(40));
            for (auto& e : client.receive(bytes.substr(0, n))) events.push_back(std::move(e));
            bytes.remove_prefix(n);
        }
    };
    deliver(server->start().toPeer);
    if (r.oneIn(2)) {  // pipelined (RFC 2449 PIPELINING), the bytes split at random points too
        std::string all;
        for (const Command& c : commands) all += client.send(c);
        while (!all.empty()) {
            const std::size_t n = std::min(all.size(), 1 + r.below(100));
            deliver(server->receive(std::string_view(all).substr(0, n)).toPeer);
            all.erase(0, n);
        }
    } else {
        for (const Command& c : commands) deliver(server->receive(client.send(c)).toPeer);
    }

    REQUIRE_MESSAGE(!events.empty(), str(events));
    REQUIRE(std::holds_alternative<Greeting>(events[0]));
    std::size_t at = 1;
    for (const Expect& x : expected) {
        CAPTURE(x.command);
        REQUIRE_MESSAGE(at < events.size(), str(events));
        const auto* response = std::get_if<Response>(&events[at++]);
        REQUIRE_MESSAGE(response, str(events));
        REQUIRE(response->command == x.command);
        REQUIRE(response->ok == x.ok);
        if (!x.data) continue;
        REQUIRE_MESSAGE(at < events.size(), str(events));
        const ClientEvent& got = events[at++];
        REQUIRE(describe(got) == describe(*x.data));
        if (const auto* data = std::get_if<MessageData>(&got)) REQUIRE(data->bytes == std::get<MessageData>(*x.data).bytes);
        if (const auto* list = std::get_if<ListResult>(&got)) REQUIRE(list->entries == std::get<ListResult>(*x.data).entries);
        if (const auto* uidl = std::get_if<UidlResult>(&got)) REQUIRE(uidl->entries == std::get<UidlResult>(*x.data).entries);
    }
    REQUIRE_MESSAGE(at == events.size(), str(events));
    REQUIRE(client.awaiting() == 0);
    // QUIT removed the messages deleted in the second round: none were, so all are left.
    CHECK(std::as_const(alice).inbox().size() == drop.size());
    return expected.size();
}

void runSeeds(std::uint64_t from, std::uint64_t to) {
    const auto start = std::chrono::steady_clock::now();
    std::size_t commands = 0;
    for (std::uint64_t seed = from; seed < to; ++seed) commands += runCase(seed);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    MESSAGE("seeds " << from << ".." << to - 1 << ": " << (to - from) << " maildrops, " << commands << " commands, " << ms
                     << " ms");
}

}  // namespace

TEST_SUITE("pop3.client.property") {
    // 10,000 maildrops (0 to 5 messages, each retrieved twice with TOP, about 92,000
    // commands in all) in ten cases: each takes about 0.3 s in Release and 10 s under ASan.
    TEST_CASE("every reply about generated maildrops reads back, seeds 0 to 999") { runSeeds(0, 1000); }
    TEST_CASE("every reply about generated maildrops reads back, seeds 1000 to 1999") { runSeeds(1000, 2000); }
    TEST_CASE("every reply about generated maildrops reads back, seeds 2000 to 2999") { runSeeds(2000, 3000); }
    TEST_CASE("every reply about generated maildrops reads back, seeds 3000 to 3999") { runSeeds(3000, 4000); }
    TEST_CASE("every reply about generated maildrops reads back, seeds 4000 to 4999") { runSeeds(4000, 5000); }
    TEST_CASE("every reply about generated maildrops reads back, seeds 5000 to 5999") { runSeeds(5000, 6000); }
    TEST_CASE("every reply about generated maildrops reads back, seeds 6000 to 6999") { runSeeds(6000, 7000); }
    TEST_CASE("every reply about generated maildrops reads back, seeds 7000 to 7999") { runSeeds(7000, 8000); }
    TEST_CASE("every reply about generated maildrops reads back, seeds 8000 to 8999") { runSeeds(8000, 9000); }
    TEST_CASE("every reply about generated maildrops reads back, seeds 9000 to 9999") { runSeeds(9000, 10000); }
}
