// SORT, THREAD, SORT=DISPLAY and ESORT (RFC 5256, 5957, 5267) on hand-made messages. Every
// expected line is worked out by hand from the RFCs (the reasoning is in the comments), not
// read back from the server.
#include <doctest/doctest.h>

#include <random>
#include <set>

#include "protocols/imap/sort.h"
#include "protocols/imap/thread.h"
#include "server_test_support.h"

using namespace mailscope;
using namespace mailscope::imap;
using namespace mailscope::imap::testing;

namespace {

constexpr core::Time kDay = 1793577600;  // Mon, 02 Nov 2026 00:00:00 UTC
constexpr core::Time kHour = 3600;

ServerConfig sortConfig(bool esearch = true) {
    ServerConfig config;
    config.sort = true;
    config.esearch = esearch;
    return config;
}

void add(World& w, const std::string& header, core::Time internalDate, std::size_t bodySize = 10) {
    const std::string bytes = header + "\r\n" + std::string(bodySize, 'x') + "\r\n";
    w.store.append(*w.alice, w.alice->inbox(), mail::Message::fromBytes(bytes, internalDate));
}

/// INBOX for SORT, after World's one message: a filler (expunged by selectSortBox, so UID = sequence number + 1)
/// and four messages whose keys are, in sequence order:
///
///   seq  base subject  sent date (UTC)           arrival  FROM  DISPLAYFROM     TO    CC    size
///   1    beta (reply)  10:00                     12:00    zed   Zed             amy   -     4000+
///   2    Alpha         08:00 (09:00 +0100)       11:00    bob   bob@a.example   carl  dan   1000+
///   3    beta          09:00 (no Date: arrival)  09:00    amy   Xavier Amy      bob   -     3000+
///   4    alpha (fwd)   07:00 (bad Date: arrival) 07:00    carl  carl@a.example  zed   amy   2000+
void fillSortWorld(World& w) {
    add(w,
        "From: Zed <zed@b.example>\r\nTo: amy@x.example\r\nSubject: Re: [list] Fwd: beta (fwd)\r\n"
        "Date: Mon, 02 Nov 2026 10:00:00 +0000\r\n",
        kDay + 12 * kHour, 4000);
    add(w,
        "From: bob@a.example\r\nTo: \"Carl\" <carl@x.example>\r\nCc: dan@x.example\r\n"
        "Subject: =?UTF-8?Q?Alpha?=\r\nDate: Mon, 02 Nov 2026 09:00:00 +0100\r\n",
        kDay + 11 * kHour, 1000);
    add(w, "From: Xavier Amy <amy@c.example>\r\nTo: bob@x.example\r\nSubject: beta\r\n", kDay + 9 * kHour, 3000);
    add(w,
        "From: <carl@a.example>\r\nTo: Zed <zed@x.example>\r\nCc: amy@x.example\r\nSubject: [fwd: alpha]\r\n"
        "Date: not a date\r\n",
        kDay + 7 * kHour, 2000);
}

void selectSortBox(Client& c, bool loggedIn = false) {
    if (!loggedIn) c.login();
    REQUIRE(c.send("s1 SELECT INBOX").find("s1 OK") != std::string::npos);
    REQUIRE(c.send("x STORE 1 +FLAGS.SILENT (\\Deleted)") == "x OK STORE completed\r\n");
    REQUIRE(c.send("y EXPUNGE") == "* 1 EXPUNGE\r\ny OK EXPUNGE completed\r\n");
}

/// INBOX for THREAD, after World's one message: a filler (expunged, so UID = sequence number + 1) and twelve messages;
/// all arrive at the same moment, their Date headers (hh:mm, UTC) order them.
///
///   seq  Message-ID  references             subject      date
///   1    a           -                      Plans        01:00
///   2    b           References a           Re: Plans    02:00
///   3    c           References a b         Re: Plans    03:00
///   4    d           In-Reply-To a          Re: Plans    02:30
///   5    e           References gone        Re: Lunch    05:00
///   6    f           References gone        Re: Lunch    04:00
///   7    g           References lost h      Trip         06:00
///   8    (none)      -                      Re: Trip     07:00
///   9    a (again)   -                      Budget       08:00
///   10   j           -                      budget       09:00
///   11   k           References k (itself)  Solo         10:00
///   12   l           -                      Re: Lunch    03:30
void fillThreadWorld(World& w) {
    const auto msg = [&](const std::string& fields, const std::string& subject, const std::string& time) {
        add(w, "From: bob@example.com\r\n" + fields + "Subject: " + subject + "\r\nDate: Mon, 02 Nov 2026 " + time +
                   ":00 +0000\r\n",
            kDay);
    };
    msg("Message-ID: <a@x>\r\n", "Plans", "01:00");
    msg("Message-ID: <b@x>\r\nReferences: <a@x>\r\n", "Re: Plans", "02:00");
    msg("Message-ID: <c@x>\r\nReferences: <a@x>\r\n <b@x>\r\n", "Re: Plans", "03:00");
    msg("Message-ID: <d@x>\r\nIn-Reply-To: <a@x> (Ann's message)\r\n", "Re: Plans", "02:30");
    msg("Message-ID: <e@x>\r\nReferences: <gone@x>\r\n", "Re: Lunch", "05:00");
    msg("Message-ID: <f@x>\r\nReferences: <gone@x>\r\n", "Re: Lunch", "04:00");
    msg("Message-ID: <g@x>\r\nReferences: <lost@x> <h@x>\r\n", "Trip", "06:00");
    msg("", "Re: Trip", "07:00");
    msg("Message-ID: <a@x>\r\n", "Budget", "08:00");
    msg("Message-ID: <j@x>\r\n", "budget", "09:00");
    msg("Message-ID: <k@x>\r\nReferences: <k@x>\r\n", "Solo", "10:00");
    msg("Message-ID: <l@x>\r\n", "Re: Lunch", "03:30");
}

/// A reader of RFC 5256 thread lists, checking the grammar as it goes:
///   thread-list = "(" (thread-members / thread-nested) ")"
///   thread-members = nz-number *(SP nz-number) [SP thread-nested]
///   thread-nested = 2*thread-list
class ThreadGrammar {
public:
    explicit ThreadGrammar(std::string_view text) : m_text(text) {}
    /// True when the whole text is 1*thread-list; `numbers` gets every number read.
    bool parse(std::vector<std::uint32_t>& numbers) {
        m_numbers = &numbers;
        if (m_text.empty()) return false;
        while (m_pos < m_text.size())
            if (!threadList()) return false;
        return true;
    }

private:
    bool threadList() {
        if (!eat('(')) return false;
        if (peek() == '(') {
            if (!nested()) return false;
        } else {
            if (!number()) return false;
            while (peek() == ' ') {
                ++m_pos;
                if (peek() == '(') {
                    if (!nested()) return false;
                    break;
                }
                if (!number()) return false;
            }
        }
        return eat(')');
    }
    bool nested() {
        int lists = 0;
        while (peek() == '(') {
            if (!threadList()) return false;
            ++lists;
        }
        return lists >= 2;
    }
    bool number() {
        std::uint32_t n = 0;
        const std::size_t start = m_pos;
        while (m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9')
            n = n * 10 + static_cast<std::uint32_t>(m_text[m_pos++] - '0');
        if (m_pos == start || m_text[start] == '0') return false;
        m_numbers->push_back(n);
        return true;
    }
    char peek() const { return m_pos < m_text.size() ? m_text[m_pos] : '\0'; }
    bool eat(char c) {
        if (peek() != c) return false;
        ++m_pos;
        return true;
    }
    std::string_view m_text;
    std::size_t m_pos = 0;
    std::vector<std::uint32_t>* m_numbers = nullptr;
};

}  // namespace

TEST_SUITE("imap.sort") {
    TEST_CASE("base subject extraction follows RFC 5256 2.1 step by step") {
        // (2) "(fwd)" trailer, (3) "Re:", " ", "[list] Fwd:" leaders: all that is left is "x".
        CHECK(baseSubject("Re: [list] Fwd: x (fwd)").text == "x");
        CHECK(baseSubject("Re: [list] Fwd: x (fwd)").replyOrForward);
        // (1) RFC 2047 words decoded first, then "Re:" removed.
        CHECK(baseSubject("=?UTF-8?Q?Re=3A_Za=C5=BC=C3=B3=C5=82=C4=87?=").text == "Zażółć");
        // (6) "[fwd: ...]" unwrapped, then (3) again on the inside.
        CHECK(baseSubject("[fwd: Re: hello]").text == "hello");
        CHECK(baseSubject("[Fwd: hello]").replyOrForward);
        // (4) a leading blob goes only when something is left after it.
        CHECK(baseSubject("[list] [other]").text == "[other]");
        CHECK(baseSubject("[list] hello").text == "hello");
        CHECK_FALSE(baseSubject("[list] hello").replyOrForward);
        // (1) tabs and runs of spaces become one space; leaders repeat, in any case.
        CHECK(baseSubject("Re: Re:  RE: a\t  b ").text == "a b");
        CHECK(baseSubject("fw: a").text == "a");
        CHECK(baseSubject("FWD : a").text == "a");
        CHECK(baseSubject("re [x]: a").text == "a");  // subj-refwd may hold a blob before ":"
        // Not leaders: a word that starts with "re", a colon without re/fw.
        CHECK(baseSubject("Review: a").text == "Review: a");
        CHECK_FALSE(baseSubject("Review: a").replyOrForward);
        CHECK(baseSubject("Status: ok").text == "Status: ok");
        CHECK(baseSubject("(fwd)").text.empty());
        CHECK(baseSubject("").text.empty());
        CHECK(baseSubject("hello (fwd) (FWD) ").text == "hello");
    }

    TEST_CASE("sort keys: sent date falls back to the arrival, addresses give addr-mailbox or the display name") {
        World w(1);
        fillSortWorld(w);
        const auto& items = w.alice->inbox().items();
        REQUIRE(items.size() == 5);
        const mail::Message& m1 = *items[1].message;
        const mail::Message& m3 = *items[3].message;
        const mail::Message& m4 = *items[4].message;
        CHECK(sentDate(*items[2].message) == kDay + 8 * kHour);  // 09:00 +0100
        CHECK(sentDate(m3) == kDay + 9 * kHour);                  // no Date: the internal date
        CHECK(sentDate(m4) == kDay + 7 * kHour);                  // unparsable Date: the internal date
        CHECK(addressSortKey(m1, "From") == "zed");
        CHECK(addressSortKey(m1, "Cc").empty());
        CHECK(displaySortKey(m1, "From") == "Zed");
        CHECK(displaySortKey(m3, "From") == "Xavier Amy");
        CHECK(displaySortKey(m4, "From") == "carl@a.example");  // no display name: the addr-spec
        CHECK(displaySortKey(*items[2].message, "To") == "Carl");
        CHECK(compareAsciiCasemap("alpha", "ALPHA") == 0);
        CHECK(compareAsciiCasemap("Alpha", "beta") < 0);
        CHECK(compareAsciiCasemap("", "a") < 0);
    }

    TEST_CASE("SORT by each key, REVERSE and several keys, ties broken by sequence number") {
        World w(1);
        fillSortWorld(w);
        Client c(w, sortConfig());
        selectSortBox(c);
        // ARRIVAL 12:00 11:00 09:00 07:00 for 1-4.
        CHECK(c.send("a SORT (ARRIVAL) UTF-8 ALL") == "* SORT 4 3 2 1\r\na OK SORT completed\r\n");
        // DATE: 4 (07:00, arrival), 2 (08:00 UTC), 3 (09:00, arrival), 1 (10:00).
        CHECK(c.send("b SORT (DATE) US-ASCII ALL") == "* SORT 4 2 3 1\r\nb OK SORT completed\r\n");
        CHECK(c.send("c SORT (REVERSE DATE) UTF-8 ALL") == "* SORT 1 3 2 4\r\nc OK SORT completed\r\n");
        // SUBJECT: ALPHA (2, 4), BETA (1, 3); within a subject, sequence order.
        CHECK(c.send("d SORT (SUBJECT) UTF-8 ALL") == "* SORT 2 4 1 3\r\nd OK SORT completed\r\n");
        // then DATE: alpha 4 (07:00) 2 (08:00), beta 3 (09:00) 1 (10:00).
        CHECK(c.send("e SORT (SUBJECT DATE) UTF-8 ALL") == "* SORT 4 2 3 1\r\ne OK SORT completed\r\n");
        // REVERSE applies to its own key only: beta first, each subject still by date.
        CHECK(c.send("f SORT (REVERSE SUBJECT DATE) UTF-8 ALL") == "* SORT 3 1 4 2\r\nf OK SORT completed\r\n");
        // FROM: amy (3), bob (2), carl (4), zed (1).
        CHECK(c.send("g SORT (FROM) UTF-8 ALL") == "* SORT 3 2 4 1\r\ng OK SORT completed\r\n");
        // TO: amy (1), bob (3), carl (2), zed (4).
        CHECK(c.send("h SORT (TO) UTF-8 ALL") == "* SORT 1 3 2 4\r\nh OK SORT completed\r\n");
        // CC: "" (1, 3: a tie kept in sequence order), amy (4), dan (2).
        CHECK(c.send("i SORT (CC) UTF-8 ALL") == "* SORT 1 3 4 2\r\ni OK SORT completed\r\n");
        // REVERSE CC: dan, amy, then the tie 1 and 3, still in sequence order.
        CHECK(c.send("j SORT (REVERSE CC) UTF-8 ALL") == "* SORT 2 4 1 3\r\nj OK SORT completed\r\n");
        // CC, then DATE breaks the tie: 3 (09:00) before 1 (10:00).
        CHECK(c.send("k SORT (CC DATE) UTF-8 ALL") == "* SORT 3 1 4 2\r\nk OK SORT completed\r\n");
        // SIZE: the bodies are 1000 bytes apart, more than the headers differ.
        CHECK(c.send("l SORT (SIZE) UTF-8 ALL") == "* SORT 2 4 3 1\r\nl OK SORT completed\r\n");
        CHECK(c.send("m sort (reverse size) utf-8 all") == "* SORT 1 3 4 2\r\nm OK SORT completed\r\n");
    }

    TEST_CASE("SORT=DISPLAY sorts by display name, else by the address (RFC 5957)") {
        World w(1);
        fillSortWorld(w);
        Client c(w, sortConfig());
        selectSortBox(c);
        // BOB@A.EXAMPLE (2), CARL@A.EXAMPLE (4), XAVIER AMY (3), ZED (1): not FROM's amy-first order.
        CHECK(c.send("a SORT (DISPLAYFROM) UTF-8 ALL") == "* SORT 2 4 3 1\r\na OK SORT completed\r\n");
        // amy@x.example (1), bob@x.example (3), Carl (2), Zed (4).
        CHECK(c.send("b SORT (DISPLAYTO) UTF-8 ALL") == "* SORT 1 3 2 4\r\nb OK SORT completed\r\n");
        CHECK(c.send("c SORT (REVERSE DISPLAYFROM) UTF-8 ALL") == "* SORT 1 3 4 2\r\nc OK SORT completed\r\n");
    }

    TEST_CASE("SORT uses the SEARCH keys and UID SORT answers with UIDs") {
        World w(1);
        fillSortWorld(w);
        Client c(w, sortConfig());
        selectSortBox(c);
        // SUBJECT beta matches 1 and 3 (as SEARCH does, on the decoded subject); by date 3, 1.
        CHECK(c.send("a SORT (DATE) UTF-8 SUBJECT beta") == "* SORT 3 1\r\na OK SORT completed\r\n");
        CHECK(c.send("b UID SORT (DATE) UTF-8 SUBJECT beta") == "* SORT 4 2\r\nb OK UID SORT completed\r\n");
        CHECK(c.send("c UID SORT (DATE) UTF-8 ALL") == "* SORT 5 3 4 2\r\nc OK UID SORT completed\r\n");
        CHECK(c.send("d SORT (DATE) UTF-8 CC amy LARGER 1") == "* SORT 4\r\nd OK SORT completed\r\n");
        CHECK(c.send("e SORT (DATE) UTF-8 SUBJECT nothing") == "* SORT\r\ne OK SORT completed\r\n");
        CHECK(c.send("f UID SORT (SUBJECT) UTF-8 UID 3:5 NOT UID 4") == "* SORT 3 5\r\nf OK UID SORT completed\r\n");
    }

    TEST_CASE("errors: unknown key or algorithm BAD, unknown charset NO [BADCHARSET], outside Selected BAD") {
        World w(1);
        fillSortWorld(w);
        Client c(w, sortConfig());
        c.login();
        // Like SEARCH, SORT and THREAD are Selected-state commands (RFC 5256 BASE.6.4).
        CHECK(c.send("a SORT (DATE) UTF-8 ALL").starts_with("a BAD "));
        CHECK(c.send("a2 SEARCH ALL").starts_with("a2 BAD "));
        CHECK(c.send("b THREAD REFERENCES UTF-8 ALL").starts_with("b BAD "));
        selectSortBox(c, true);
        CHECK(c.send("c SORT (FOO) UTF-8 ALL") == "c BAD SORT: Unknown sort key FOO\r\n");
        CHECK(c.send("d SORT (REVERSE) UTF-8 ALL") == "d BAD SORT: REVERSE without a sort key\r\n");
        CHECK(c.send("e SORT () UTF-8 ALL") == "e BAD SORT: Invalid sort criteria\r\n");
        CHECK(c.send("f SORT DATE UTF-8 ALL") == "f BAD SORT: Invalid sort criteria\r\n");
        CHECK(c.send("f2 SORT (\"DATE\") UTF-8 ALL") == "f2 BAD SORT: Invalid sort key\r\n");
        CHECK(c.send("g SORT (DATE) UTF-8") == "g BAD SORT: Missing search key\r\n");
        CHECK(c.send("h SORT (DATE)") == "h BAD SORT: Missing charset\r\n");
        CHECK(c.send("i SORT (DATE) KOI8-R ALL") ==
              "i NO [BADCHARSET (US-ASCII UTF-8)] Unsupported charset KOI8-R\r\n");
        CHECK(c.send("j UID SORT (DATE) UTF-8 FOO") == "j BAD UID SORT: Unknown search key FOO\r\n");
        CHECK(c.send("k THREAD FOO UTF-8 ALL") == "k BAD THREAD: Unknown threading algorithm FOO\r\n");
        CHECK(c.send("l THREAD REFERENCES KOI8-R ALL") ==
              "l NO [BADCHARSET (US-ASCII UTF-8)] Unsupported charset KOI8-R\r\n");
        CHECK(c.send("m UID THREAD ORDEREDSUBJECT UTF-8") == "m BAD UID THREAD: Missing search key\r\n");
        CHECK(c.send("n SORT RETURN (FOO) (DATE) UTF-8 ALL") == "n BAD SORT: Unknown search return option\r\n");
    }

    TEST_CASE("SORT and THREAD are offered only when configured, and ESORT only with ESEARCH too") {
        World w(1);
        Client plain(w), sortOnly(w, sortConfig(false)), both(w, sortConfig(true));
        CHECK(plain.greeting.find("SORT") == std::string::npos);
        CHECK(plain.greeting.find("THREAD") == std::string::npos);
        CHECK(sortOnly.greeting.find(" SORT SORT=DISPLAY THREAD=ORDEREDSUBJECT THREAD=REFERENCES]") != std::string::npos);
        CHECK(both.greeting.find(" SORT SORT=DISPLAY THREAD=ORDEREDSUBJECT THREAD=REFERENCES ESORT]") != std::string::npos);
        plain.select();
        CHECK(plain.send("a SORT (DATE) UTF-8 ALL") == "a BAD SORT is not offered on this connection\r\n");
        CHECK(plain.send("b THREAD REFERENCES UTF-8 ALL") == "b BAD THREAD is not offered on this connection\r\n");
        sortOnly.select();
        CHECK(sortOnly.send("c SORT RETURN (MIN) (DATE) UTF-8 ALL") == "c BAD SORT RETURN needs ESORT, which is off\r\n");
        CHECK(sortOnly.send("d SORT (DATE) UTF-8 ALL") == "* SORT 1\r\nd OK SORT completed\r\n");
    }
}

TEST_SUITE("imap.esort") {
    TEST_CASE("SORT RETURN answers with ESEARCH, MIN and MAX the ends of the sorted list (RFC 5267 3)") {
        World w(1);
        fillSortWorld(w);
        Client c(w, sortConfig());
        selectSortBox(c);
        // By DATE the order is 4 2 3 1: MIN is the first in that order, MAX the last, and ALL
        // keeps the order, a run of consecutive ascending numbers shortened to a range.
        CHECK(c.send("a SORT RETURN (MIN MAX COUNT ALL) (DATE) UTF-8 ALL") ==
              "* ESEARCH (TAG \"a\") MIN 4 MAX 1 ALL 4,2:3,1 COUNT 4\r\na OK SORT completed\r\n");
        // UIDs are one more: 5 3 4 2.
        CHECK(c.send("b UID SORT RETURN (ALL) (DATE) UTF-8 ALL") ==
              "* ESEARCH (TAG \"b\") UID ALL 5,3:4,2\r\nb OK UID SORT completed\r\n");
        CHECK(c.send("c SORT RETURN () (REVERSE ARRIVAL) UTF-8 ALL") ==
              "* ESEARCH (TAG \"c\") ALL 1:4\r\nc OK SORT completed\r\n");
        // Nothing found: only COUNT 0 (RFC 4731 3.1: MIN, MAX and ALL are left out).
        CHECK(c.send("d SORT RETURN (MIN MAX ALL COUNT) (DATE) UTF-8 SUBJECT nothing") ==
              "* ESEARCH (TAG \"d\") COUNT 0\r\nd OK SORT completed\r\n");
        CHECK(c.send("e SORT RETURN (MAX) (SUBJECT) UTF-8 ALL") == "* ESEARCH (TAG \"e\") MAX 3\r\ne OK SORT completed\r\n");
    }

    TEST_CASE("SORT RETURN (MAX) with MODSEQ reports the mod-sequence of the last in sort order") {
        // RFC 5267 3 takes RFC 4731 3.2 over: MAX names the last message in sort order, and
        // MODSEQ is that message's, not the highest of all found (that is for ALL and COUNT).
        World w(3);  // appended as mod-sequences 2-4, all at the same INTERNALDATE
        ServerConfig config = sortConfig();
        config.condstore = true;
        Client c(w, config);
        c.login();
        c.send("a ENABLE CONDSTORE");
        c.send("b SELECT INBOX");
        c.send("c STORE 3 +FLAGS.SILENT (\\Seen)");  // 5
        c.send("d STORE 1 +FLAGS.SILENT (\\Seen)");  // 6
        // Equal arrival: sequence order (RFC 5256 3), so 1 then 3.
        CHECK(c.send("e SORT RETURN (MAX) (ARRIVAL) UTF-8 MODSEQ 5") ==
              "* ESEARCH (TAG \"e\") MAX 3 MODSEQ 5\r\ne OK SORT completed\r\n");
        CHECK(c.send("f SORT RETURN (MIN) (ARRIVAL) UTF-8 MODSEQ 5") ==
              "* ESEARCH (TAG \"f\") MIN 1 MODSEQ 6\r\nf OK SORT completed\r\n");
        CHECK(c.send("g SORT RETURN (ALL) (ARRIVAL) UTF-8 MODSEQ 5") ==
              "* ESEARCH (TAG \"g\") ALL 1,3 MODSEQ 6\r\ng OK SORT completed\r\n");
    }
}

TEST_SUITE("imap.thread") {
    TEST_CASE("messageIds reads msg-ids in order, skipping comments and quoted phrases") {
        CHECK(messageIds("<a@x> (c <no@x>) \"<nor@x>\" <b@x>") == std::vector<std::string>{"a@x", "b@x"});
        CHECK(messageIds("<>  < c@x >") == std::vector<std::string>{"c@x"});
        CHECK(messageIds("<unclosed@x").empty());
        CHECK(messageIds("").empty());
    }

    TEST_CASE("THREAD=ORDEREDSUBJECT: by base subject, the first message the parent of the rest") {
        World w(1);
        fillThreadWorld(w);
        Client c(w, sortConfig());
        selectSortBox(c);
        // Base subjects: Plans 1-4, Lunch 5 6 12, Trip 7 8, Budget 9 10 (one subject under
        // i;ascii-casemap), Solo 11. Each thread: its messages by sent date, the first the
        // parent of all others (so "(1 (2)(4)(3))": 2 at 02:00, 4 at 02:30, 3 at 03:00);
        // threads by their first message's date: 1 (01:00), 12 (03:30), 7, 9, 11.
        CHECK(c.send("a THREAD ORDEREDSUBJECT UTF-8 ALL") ==
              "* THREAD (1 (2)(4)(3))(12 (6)(5))(7 8)(9 10)(11)\r\na OK THREAD completed\r\n");
        CHECK(c.send("b UID THREAD ORDEREDSUBJECT UTF-8 ALL") ==
              "* THREAD (2 (3)(5)(4))(13 (7)(6))(8 9)(10 11)(12)\r\nb OK UID THREAD completed\r\n");
        CHECK(c.send("c THREAD ORDEREDSUBJECT UTF-8 SUBJECT nothing") == "* THREAD\r\nc OK THREAD completed\r\n");
    }

    TEST_CASE("THREAD=REFERENCES: links, dummies, pruning, subject grouping and date order (RFC 5256)") {
        World w(1);
        fillThreadWorld(w);
        Client c(w, sortConfig());
        selectSortBox(c);
        // Step 1 links: a -> b -> c (3's References a b), a -> d (4's In-Reply-To);
        //   dummy "gone" -> e, f; dummy "lost" -> dummy "h" -> g; 9 repeats a's Message-ID
        //   and 8 has none, so both get a container of their own; 11 refers to itself, and
        //   a link that would make a loop is not made.
        // Step 3 (pruning): "h" is not at the root and has one child: g takes its place
        //   under "lost"; "lost" is at the root with one child: g becomes a root. "gone" is
        //   at the root with two children: it stays.
        // Step 4 sorts the roots by date (a dummy by its first child): 1, 12 (03:30),
        //   gone (f 04:00), 7, 8, 9, 10, 11.
        // Step 5 by base subject: Lunch: 12 is in the table first, then replaced by the
        //   dummy "gone"; 12 then joins it. Trip: 7 is not a reply, 8 is: 8 goes under 7.
        //   Budget: 9 and 10 are neither replies nor dummies: a new dummy holds both.
        // Step 6 sorts every set of siblings by date: 1's children 2 (02:00) and 4 (02:30);
        //   Lunch: 12, 6 (04:00), 5 (05:00); roots 1, Lunch (12), 7, Budget (9), 11.
        CHECK(c.send("a THREAD REFERENCES UTF-8 ALL") ==
              "* THREAD (1 (2 3)(4))((12)(6)(5))(7 8)((9)(10))(11)\r\na OK THREAD completed\r\n");
        CHECK(c.send("b UID THREAD REFERENCES UTF-8 ALL") ==
              "* THREAD (2 (3 4)(5))((13)(7)(6))(8 9)((10)(11))(12)\r\nb OK UID THREAD completed\r\n");
        // Without message 1, "a" is a dummy parent of 2 and 4; at the root with two children,
        // it stays: "((2 3)(4))". Without 12, Lunch is just "gone"'s two children.
        CHECK(c.send("c THREAD REFERENCES UTF-8 2:8") ==
              "* THREAD ((2 3)(4))((6)(5))(7 8)\r\nc OK THREAD completed\r\n");
        // A single message, and none.
        CHECK(c.send("d THREAD REFERENCES UTF-8 11") == "* THREAD (11)\r\nd OK THREAD completed\r\n");
        CHECK(c.send("e THREAD REFERENCES UTF-8 SUBJECT nothing") == "* THREAD\r\ne OK THREAD completed\r\n");
    }

    TEST_CASE("any tangle of references, duplicates and loops gives every message once, in valid thread lists") {
        // Random mailboxes (fixed seeds): Message-IDs from a small pool, so duplicates are
        // common; References from the same pool, so loops, self-references and references
        // to messages that are not there are common too; subjects from a few, with Re:.
        for (unsigned seed = 1; seed <= 40; ++seed) {
            CAPTURE(seed);
            std::mt19937 random(seed);
            const auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
            World w(0);
            const int count = 1 + pick(60);
            for (int i = 0; i < count; ++i) {
                std::string header = "Subject: " + std::string(pick(2) ? "Re: " : "") + "topic " + std::to_string(pick(4)) +
                                     "\r\nDate: Mon, 02 Nov 2026 0" + std::to_string(pick(10)) + ":00:00 +0000\r\n";
                if (pick(5)) header += "Message-ID: <id" + std::to_string(pick(40)) + "@x>\r\n";
                const int refs = pick(5);
                std::string field = pick(2) ? "References:" : "In-Reply-To:";
                for (int r = 0; r < refs; ++r) field += " <id" + std::to_string(pick(40)) + "@x>";
                if (refs) header += field + "\r\n";
                add(w, header, kDay + pick(3));
            }
            Client c(w, sortConfig());
            c.select();
            for (const char* algorithm : {"REFERENCES", "ORDEREDSUBJECT"}) {
                CAPTURE(algorithm);
                const std::string r = c.send(std::string("t THREAD ") + algorithm + " UTF-8 ALL");
                REQUIRE(r.starts_with("* THREAD ("));
                const std::string lists = r.substr(9, r.find("\r\n") - 9);
                std::vector<std::uint32_t> numbers;
                CHECK(ThreadGrammar(lists).parse(numbers));
                std::sort(numbers.begin(), numbers.end());
                std::vector<std::uint32_t> all(static_cast<std::size_t>(count));
                for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::uint32_t>(i + 1);
                CHECK(numbers == all);
            }
            const std::string sorted = c.send("s SORT (SUBJECT REVERSE DATE FROM) UTF-8 ALL");
            CHECK(std::count(sorted.begin(), sorted.end(), ' ') == count + 1 + 3);  // "* SORT" + numbers, "s OK SORT completed"
        }
    }

    TEST_CASE("a reply chain thousands deep is one thread, written as one run of numbers") {
        World w(0);
        std::string refs;
        for (int i = 1; i <= 3000; ++i) {
            const std::string id = "<m" + std::to_string(i) + "@x>";
            add(w, "Message-ID: " + id + "\r\n" + (refs.empty() ? "" : "In-Reply-To: " + refs + "\r\n") +
                       "Subject: Re: chain\r\n",
                kDay + i);
            refs = id;
        }
        Client c(w, sortConfig());
        c.select();
        const std::string r = c.send("a THREAD REFERENCES UTF-8 ALL");
        std::string expected = "* THREAD (1";
        for (int i = 2; i <= 3000; ++i) expected += ' ' + std::to_string(i);
        CHECK(r == expected + ")\r\na OK THREAD completed\r\n");
    }
}

TEST_SUITE("imap.sort.transcript") {
    // One whole session per extension, every byte of both sides.
    TEST_CASE("a SORT session: capability, login, select, SORT and UID SORT, logout") {
        World w(1);
        fillSortWorld(w);
        Client c(w, sortConfig(false));
        CHECK(c.greeting ==
              "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR LITERAL+ ID ENABLE IDLE NAMESPACE UIDPLUS MOVE UNSELECT "
              "CHILDREN SPECIAL-USE SORT SORT=DISPLAY THREAD=ORDEREDSUBJECT THREAD=REFERENCES] mailscope IMAP4rev1 "
              "server ready\r\n");
        selectSortBox(c);
        CHECK(c.send("a1 SORT (REVERSE ARRIVAL) UTF-8 ALL") == "* SORT 1 2 3 4\r\na1 OK SORT completed\r\n");
        CHECK(c.send("a2 UID SORT (DISPLAYFROM) UTF-8 UNSEEN") == "* SORT 3 5 4 2\r\na2 OK UID SORT completed\r\n");
        CHECK(c.send("a3 LOGOUT") == "* BYE mailscope logging out\r\na3 OK LOGOUT completed\r\n");
    }

    TEST_CASE("a THREAD session: new mail arrives between two THREAD commands") {
        World w(1);
        fillThreadWorld(w);
        Client c(w, sortConfig(false));
        selectSortBox(c);
        CHECK(c.send("t1 THREAD REFERENCES UTF-8 1:4") == "* THREAD (1 (2 3)(4))\r\nt1 OK THREAD completed\r\n");
        // A reply to 3 is delivered: announced (EXISTS, and RECENT counting all 13 messages
        // this session holds \Recent for) before the THREAD naming it.
        add(w, "Message-ID: <n@x>\r\nReferences: <a@x> <b@x> <c@x>\r\nSubject: Re: Plans\r\n"
               "Date: Mon, 02 Nov 2026 11:00:00 +0000\r\n", kDay);
        CHECK(c.send("t2 THREAD REFERENCES UTF-8 1:4,13") ==
              "* 13 EXISTS\r\n* 13 RECENT\r\n* THREAD (1 (2 3 13)(4))\r\nt2 OK THREAD completed\r\n");
        CHECK(c.send("t3 UID THREAD ORDEREDSUBJECT UTF-8 1:4,13") ==
              "* THREAD (2 (3)(5)(4)(14))\r\nt3 OK UID THREAD completed\r\n");
    }

    TEST_CASE("an ESORT session: ESEARCH tagged with the SORT's tag") {
        World w(1);
        fillSortWorld(w);
        Client c(w, sortConfig());
        selectSortBox(c);
        CHECK(c.send("E1 UID SORT RETURN (COUNT MIN) (REVERSE SIZE) UTF-8 ALL") ==
              "* ESEARCH (TAG \"E1\") UID MIN 2 COUNT 4\r\nE1 OK UID SORT completed\r\n");
        CHECK(c.send("E2 SORT RETURN (MAX) (SUBJECT DATE) UTF-8 ALL") ==
              "* ESEARCH (TAG \"E2\") MAX 1\r\nE2 OK SORT completed\r\n");
    }
}
