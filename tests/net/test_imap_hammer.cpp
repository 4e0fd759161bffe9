// Two real clients hammering one mailbox over loopback sockets (issue 12): APPEND with
// keywords, STORE of keywords, \Deleted and EXPUNGE, FETCH, for MAILSCOPE_HAMMER_SECONDS
// (30 by default; ctest sets it). Every response both clients read is checked: no NO, BAD
// or BYE; every keyword an untagged FETCH shows was announced by an untagged FLAGS first
// (RFC 3501 7.2.6: FLAGS lists the flags that apply in the mailbox); message numbers stay
// within EXISTS; and at the end no message is lost or duplicated.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "protocols/core/catalogue.h"
#include "protocols/imap/tokenizer.h"
#include "protocols/mail/mail_store.h"
#include "sim/net/net_server.h"
#include "sim/server_host.h"
#include "tests/support/loopback.h"
#include "tests/support/random.h"
#include "tests/support/skip.h"

using namespace mailscope;

namespace {

constexpr core::Time kNow = 1795770000;

int hammerSeconds() {
    const char* env = std::getenv("MAILSCOPE_HAMMER_SECONDS");
    const int seconds = env ? std::atoi(env) : 0;
    return seconds > 0 ? seconds : 30;
}

std::string upper(std::string s) {
    for (char& c : s)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return s;
}

std::string message(const std::string& id) {
    return "From: hammer@example.com\r\nSubject: " + id + "\r\nMessage-ID: <" + id + "@mailscope.test>\r\n\r\nBody of " +
           id + "\r\n";
}

/// What the test as a whole knows of the mailbox: which messages it put there, and which it
/// marked \Deleted (so that an EXPUNGE by either client may remove them).
struct Ledger {
    std::map<std::uint32_t, std::string> live;  ///< UID -> Message-ID text, not marked \Deleted
    std::set<std::string> deleted;              ///< Message-IDs marked \Deleted
    std::vector<std::string> keywords;          ///< keywords introduced so far
    int nextId = 0;
};

/// One client: sends a command, reads everything up to its tagged response, and checks
/// every line on the way (a response-mode tokenizer reads the literals).
class Hammer {
public:
    Hammer(sim::net::NetServer& net, std::uint16_t port, std::string name, std::uint64_t seed)
        : m_conn(net, port), m_name(std::move(name)), m_random(seed) {}

    bool connected() const { return m_conn.connected(); }
    test::Random& random() { return m_random; }
    std::uint32_t exists() const { return m_exists; }
    const std::vector<std::string>& problems() const { return m_problems; }

    void greeting() { read(m_conn.until("* OK")); }
    /// Sends "tag command"; the answer is read by finish().
    void start(const std::string& command) {
        m_tag = m_name + std::to_string(++m_count);
        m_command = command.substr(0, command.find("\r\n"));
        if (!m_conn.send(m_tag + " " + command + "\r\n")) problem("send failed: " + m_command);
    }
    /// Reads up to the tagged response; returns that line's text.
    std::string finish() {
        m_tagged.clear();
        read(m_conn.until(m_tag + " ", 30));
        if (m_tagged.empty()) problem("no tagged response to " + m_command);
        return m_tagged;
    }
    std::string run(const std::string& command) {
        start(command);
        return finish();
    }

private:
    /// Records a broken invariant with the response it was found in (its end, if long).
    void problem(std::string text) {
        constexpr std::size_t kShown = 2000;
        const std::string shown = m_response.size() > kShown ? "..." + m_response.substr(m_response.size() - kShown) : m_response;
        if (m_problems.size() < 20)
            m_problems.push_back(m_name + ": " + std::move(text) + "\n  in the answer to " + m_command + ":\n" + shown);
    }

    void read(const std::string& bytes) {
        m_response = bytes;
        m_reader.feed(bytes);
        for (;;) {
            imap::Tokenizer::Result r = m_reader.next();
            auto* line = std::get_if<imap::Tokenizer::Line>(&r);
            if (!line) break;
            check(*line);
        }
    }

    void check(const imap::Tokenizer::Line& line) {
        const auto& v = line.values;
        // Status lines end in free text (resp-text) that need not tokenize: only the first
        // words of a line are read from `values`, data responses in full.
        if (v.size() < 2) return problem("unreadable: " + line.text);
        const std::string word = upper(v[1].text);
        if (v[0].text == m_tag) {
            m_tagged = line.text;
            if (word != "OK") problem("after " + m_command + ": " + line.text);
            return;
        }
        if (v[0].text != "*") return problem("unexpected: " + line.text);
        if (word == "NO" || word == "BAD" || word == "BYE") return problem("after " + m_command + ": " + line.text);
        if (word == "FLAGS" && v.size() == 3 && v[2].kind == imap::Value::Kind::List) {
            m_announced.clear();
            for (const imap::Value& flag : v[2].children) m_announced.insert(upper(flag.text));
            return;
        }
        if (v[1].kind != imap::Value::Kind::Number || v.size() < 3) return;
        if (line.syntaxError) return problem("unreadable: " + line.text);
        const auto n = static_cast<std::uint32_t>(v[1].number);
        const std::string kind = upper(v[2].text);
        if (kind == "EXISTS") {
            m_exists = n;
        } else if (kind == "EXPUNGE") {
            if (n == 0 || n > m_exists) problem("EXPUNGE of a number beyond EXISTS: " + line.text);
            else --m_exists;
        } else if (kind == "FETCH") {
            if (n == 0 || n > m_exists) problem("FETCH of a number beyond EXISTS: " + line.text);
            if (v.size() < 4 || v[3].kind != imap::Value::Kind::List) return problem("FETCH without items: " + line.text);
            const auto& items = v[3].children;
            for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
                if (upper(items[i].text) != "FLAGS") continue;
                for (const imap::Value& flag : items[i + 1].children)
                    if (!flag.text.starts_with('\\') && !m_announced.count(upper(flag.text)))
                        problem("keyword " + flag.text + " in FETCH before any FLAGS announced it: " + line.text);
            }
        }
    }

    test::LoopbackClient m_conn;
    std::string m_name;
    test::Random m_random;
    imap::Tokenizer m_reader{imap::TokenizerMode::Response, imap::TokenizerLimits{1 << 20, 1 << 24, 32}};
    std::set<std::string> m_announced;  // upper case
    std::uint32_t m_exists = 0;
    std::string m_tag;
    std::string m_command;
    std::string m_tagged;
    std::string m_response;  // the last response read, for problem reports
    int m_count = 0;
    std::vector<std::string> m_problems;
};

/// The UID in "[APPENDUID v uid]", 0 if none.
std::uint32_t appendedUid(const std::string& tagged) {
    const std::size_t at = tagged.find("[APPENDUID ");
    if (at == std::string::npos) return 0;
    const std::size_t space = tagged.find(' ', at + 11);
    return static_cast<std::uint32_t>(std::strtoul(tagged.c_str() + space + 1, nullptr, 10));
}

/// One random command for `h`, with what the ledger must learn when it completes.
struct Step {
    std::string command;
    std::string appendedId;            ///< APPEND: the Message-ID sent
    std::vector<std::uint32_t> marked; ///< STORE +FLAGS (\Deleted): the UIDs
};

std::string keyword(Ledger& ledger, test::Random& random) {
    if (ledger.keywords.empty() || (ledger.keywords.size() < 200 && random.oneIn(4)))
        ledger.keywords.push_back("$k" + std::to_string(ledger.keywords.size()));
    return random.pick(ledger.keywords);
}

std::uint32_t someUid(const Ledger& ledger, test::Random& random) {
    if (ledger.live.empty()) return 1;
    auto it = ledger.live.begin();
    std::advance(it, static_cast<long>(random.below(ledger.live.size())));
    return it->first;
}

Step nextStep(Hammer& h, Ledger& ledger) {
    test::Random& random = h.random();
    Step step;
    switch (random.below(10)) {
        case 0: case 1: case 2: {  // APPEND, often with keywords
            step.appendedId = "m" + std::to_string(ledger.nextId++);
            const std::string body = message(step.appendedId);
            const std::string flags = random.oneIn(2) ? "(" + keyword(ledger, random) + ") " : "";
            step.command = "APPEND INBOX " + flags + "{" + std::to_string(body.size()) + "+}\r\n" + body;
            break;
        }
        case 3: case 4: {  // STORE of keywords, adding or removing
            const std::uint32_t uid = someUid(ledger, random);
            const std::string range = random.oneIn(3) ? std::to_string(uid) + ":*" : std::to_string(uid);
            step.command = "UID STORE " + range + (random.oneIn(3) ? " -FLAGS (" : " +FLAGS (") +
                           keyword(ledger, random) + " " + keyword(ledger, random) + ")";
            break;
        }
        case 5: {  // mark one message \Deleted
            const std::uint32_t uid = someUid(ledger, random);
            step.marked.push_back(uid);
            step.command = "UID STORE " + std::to_string(uid) + " +FLAGS (\\Deleted)";
            break;
        }
        case 6:
            step.command = "EXPUNGE";
            break;
        case 7:
            step.command = h.exists() > 0 ? "FETCH 1:" + std::to_string(h.exists()) + " (FLAGS)" : "NOOP";
            break;
        case 8:  // long enough, with hundreds of messages, to be streamed over several turns
            step.command = random.oneIn(4) ? "UID FETCH 1:* (FLAGS BODY.PEEK[])"
                                           : "UID FETCH " + std::to_string(someUid(ledger, random)) +
                                                 ":* (FLAGS BODY.PEEK[HEADER.FIELDS (Message-ID)])";
            break;
        default:
            step.command = "NOOP";
            break;
    }
    // A \Deleted mark is the ledger's as soon as it is sent: the other client's EXPUNGE
    // may remove the message before this client reads its own answer.
    for (std::uint32_t uid : step.marked) {
        if (auto it = ledger.live.find(uid); it != ledger.live.end()) {
            ledger.deleted.insert(it->second);
            ledger.live.erase(it);
        }
    }
    return step;
}

}  // namespace

TEST_SUITE("net.imap_hammer") {
    TEST_CASE("two clients hammering one mailbox: no NO or BAD, keywords announced first, nothing lost") {
        mail::MailStore store;
        sim::ServerHost host(store, sim::HostConfig{});
        mail::Account& alice = store.addAccount("alice", "alice123");
        Ledger ledger;
        for (int i = 0; i < 10; ++i) {
            const std::string id = "m" + std::to_string(ledger.nextId++);
            ledger.live[store.append(alice, alice.inbox(), mail::Message::fromBytes(message(id), kNow))] = id;
        }
        sim::net::Ports ports;
        std::string error;
        auto net = test::listenPlain(host, ports, error);
        if (!net) return test::skip("no loopback port: " + error);

        std::vector<std::unique_ptr<Hammer>> clients;
        clients.push_back(std::make_unique<Hammer>(*net, ports.imap, "A", 12));
        clients.push_back(std::make_unique<Hammer>(*net, ports.imap, "B", 34));
        for (auto& h : clients) {
            REQUIRE(h->connected());
            h->greeting();
            CHECK(h->run("LOGIN alice alice123").find(" OK ") != std::string::npos);
            CHECK(h->run("SELECT INBOX").find(" OK ") != std::string::npos);
        }

        const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(hammerSeconds());
        int rounds = 0;
        while (std::chrono::steady_clock::now() < end) {
            // Both commands are on their way before either answer is read: the server
            // interleaves them, and each client hears of the other's changes.
            std::vector<Step> steps;
            for (auto& h : clients) {
                steps.push_back(nextStep(*h, ledger));
                h->start(steps.back().command);
            }
            for (std::size_t i = 0; i < clients.size(); ++i) {
                const std::string tagged = clients[i]->finish();
                if (!steps[i].appendedId.empty()) {
                    const std::uint32_t uid = appendedUid(tagged);
                    if (uid != 0) ledger.live[uid] = steps[i].appendedId;
                }
            }
            ++rounds;
            bool failed = false;
            for (auto& h : clients) failed = failed || !h->problems().empty();
            if (failed) break;
        }
        // Everything marked \Deleted goes; both clients then agree with the store.
        CHECK(clients[0]->run("EXPUNGE").find(" OK ") != std::string::npos);
        for (auto& h : clients) CHECK(h->run("NOOP").find(" OK ") != std::string::npos);

        for (auto& h : clients)
            for (const std::string& p : h->problems()) FAIL_CHECK(p);
        MESSAGE(rounds << " rounds, " << ledger.nextId << " messages, " << ledger.keywords.size() << " keywords");
        CHECK(rounds > 50);

        std::multiset<std::string> inStore;
        for (const mail::MailItem& item : alice.inbox().items()) {
            const std::string subject = item.message->headerValue("Subject").value_or("?");
            inStore.insert(subject);
            CHECK_MESSAGE(!ledger.deleted.count(subject), subject << " was marked \\Deleted but is still there");
        }
        std::multiset<std::string> expected;
        for (const auto& [uid, id] : ledger.live) expected.insert(id);
        CHECK(inStore == expected);
        for (auto& h : clients) CHECK(h->exists() == alice.inbox().size());
        for (int i = 0; i < ledger.nextId; ++i) {  // every message is either there once or was deleted
            const std::string id = "m" + std::to_string(i);
            CHECK_MESSAGE(inStore.count(id) + ledger.deleted.count(id) == 1, id);
        }
    }
}
