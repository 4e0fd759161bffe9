// Tests for the IMAP line tokenizer (RFC 3501 4 and 9, RFC 7888): value trees, literals,
// caps, errors, response mode, raw lines; every input fed at once and one byte at a time.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/imap/tokenizer.h"

namespace imap = mailscope::imap;
using imap::Tokenizer;
using imap::TokenizerErrorKind;
using imap::TokenizerLimits;
using imap::TokenizerMode;
using imap::Value;
using Kind = Value::Kind;
using namespace std::literals;

namespace {

std::string show(const Tokenizer::Result& r) {
    std::ostringstream os;
    os << r;
    if (const auto* line = std::get_if<Tokenizer::Line>(&r)) {
        os << " text=" << line->text << " offsets=";
        for (const Value& v : line->values) os << v.offset << ',';
    }
    return os.str();
}

void drain(Tokenizer& t, std::vector<Tokenizer::Result>& out) {
    for (;;) {
        Tokenizer::Result r = t.next();
        if (std::holds_alternative<Tokenizer::NeedMore>(r)) return;
        out.push_back(std::move(r));
    }
}

/// Tokenizes input fed in one piece and fed one byte at a time; both must give the same
/// results (NeedMore left out). After LiteralAnnounced, reading simply goes on ("+" sent).
std::vector<Tokenizer::Result> tokenizeAll(std::string_view input, TokenizerMode mode = TokenizerMode::Command,
                                           TokenizerLimits limits = {}) {
    std::vector<Tokenizer::Result> whole;
    {
        Tokenizer t(mode, limits);
        t.feed(input);
        drain(t, whole);
    }
    std::vector<Tokenizer::Result> bytewise;
    {
        Tokenizer t(mode, limits);
        for (char c : input) {
            t.feed(std::string_view(&c, 1));
            drain(t, bytewise);
        }
    }
    REQUIRE(whole.size() == bytewise.size());
    for (std::size_t i = 0; i < whole.size(); ++i) CHECK(show(whole[i]) == show(bytewise[i]));
    return whole;
}

/// The one line that input makes (literal announcements skipped).
Tokenizer::Line lineOf(std::string_view input, TokenizerMode mode = TokenizerMode::Command) {
    std::vector<Tokenizer::Line> lines;
    for (auto& r : tokenizeAll(input, mode)) {
        if (std::holds_alternative<Tokenizer::LiteralAnnounced>(r)) continue;
        REQUIRE_MESSAGE(std::holds_alternative<Tokenizer::Line>(r), show(r));
        lines.push_back(std::get<Tokenizer::Line>(std::move(r)));
    }
    REQUIRE(lines.size() == 1);
    return lines.front();
}

Tokenizer::Error errorOf(const Tokenizer::Result& r) {
    REQUIRE_MESSAGE(std::holds_alternative<Tokenizer::Error>(r), show(r));
    return std::get<Tokenizer::Error>(r);
}

Value atom(std::string text) { return Value::atom(std::move(text)); }
Value quoted(std::string text) { return Value::quoted(std::move(text)); }
Value list(std::vector<Value> items) { return Value::list(std::move(items)); }
Value section(std::string prefix, std::vector<Value> inside, std::optional<std::string> partial = std::nullopt) {
    Value v;
    v.kind = Kind::Section;
    v.text = std::move(prefix);
    v.children = std::move(inside);
    v.partial = std::move(partial);
    return v;
}

}  // namespace

TEST_SUITE("imap.tokenizer") {

TEST_CASE("atoms, numbers, NIL, quoted strings and lists make a tree") {
    const auto line = lineOf("* 12 FETCH (FLAGS (\\Seen $Work) X nil NIL \"a \\\"b\\\" \\\\c\" ()) 1:*,3 INBOX.%\r\n");
    REQUIRE(line.values.size() == 6);
    CHECK(line.values[0] == atom("*"));
    CHECK(line.values[1].kind == Kind::Number);
    CHECK(line.values[1].number == 12);
    CHECK(line.values[2] == atom("FETCH"));
    CHECK(line.values[3] == list({atom("FLAGS"), list({atom("\\Seen"), atom("$Work")}), atom("X"), atom("nil"),
                                  atom("NIL"), quoted("a \"b\" \\c"), list({})}));
    CHECK(line.values[3].children[3].kind == Kind::Nil);
    CHECK(line.values[3].children[3].text == "nil");  // NIL keeps its spelling (a mailbox may be called that)
    CHECK(line.values[4] == atom("1:*,3"));
    CHECK(line.values[5] == atom("INBOX.%"));
    CHECK_FALSE(line.syntaxError);
}

TEST_CASE("numbers are digit atoms that fit in 64 bits") {
    const auto line = lineOf("a 0 4294967296 18446744073709551615 18446744073709551616 12a\r\n");
    REQUIRE(line.values.size() == 6);
    CHECK(line.values[1].kind == Kind::Number);
    CHECK(line.values[1].number == 0);
    CHECK(line.values[2].number == 4294967296ull);
    CHECK(line.values[3].kind == Kind::Number);
    CHECK(line.values[3].number == 18446744073709551615ull);
    CHECK(line.values[4].kind == Kind::Atom);  // too big: stays an atom
    CHECK(line.values[5].kind == Kind::Atom);
}

TEST_CASE("quoted strings: escapes, empty, 8-bit, and what is refused") {
    const auto line = lineOf("a \"\" \"x\\\\\\\"y\" \"Za\xc5\xbc\xc3\xb3\\\\\" \"(not a list)\"\r\n");
    REQUIRE(line.values.size() == 5);
    CHECK(line.values[1] == quoted(""));
    CHECK(line.values[2] == quoted("x\\\"y"));
    CHECK(line.values[3] == quoted("Za\xc5\xbc\xc3\xb3\\"));
    CHECK(line.values[4] == quoted("(not a list)"));

    for (std::string_view bad : {"a \"unterminated\r\n"sv, "a \"bad \\n escape\"\r\n"sv, "a \"ends with \\\"\r\n"sv,
                                 "a \"nul \0 inside\"\r\n"sv}) {
        CAPTURE(bad);
        const auto results = tokenizeAll(bad);
        REQUIRE(results.size() == 1);
        const auto e = errorOf(results[0]);
        CHECK(e.kind == TokenizerErrorKind::Syntax);
        CHECK(e.tag == "a");
        CHECK_FALSE(e.fatal);
    }
}

TEST_CASE("literals carry any bytes, CRLF and NUL included") {
    const std::string input = "a LOGIN {7}\r\nfr\r\ned\0 {4+}\r\n\xff\x01\r\n (x {0}\r\n)\r\n"s;
    const auto results = tokenizeAll(input);
    REQUIRE(results.size() == 3);
    CHECK(std::get<Tokenizer::LiteralAnnounced>(results[0]).size == 7);
    CHECK(std::get<Tokenizer::LiteralAnnounced>(results[1]).size == 0);  // the {0}: {4+} announced nothing
    const auto& line = std::get<Tokenizer::Line>(results[2]);
    REQUIRE(line.values.size() == 5);
    CHECK(line.values[2] == Value::literal("fr\r\ned\0"s));
    CHECK(line.values[3] == Value::literal("\xff\x01\r\n", true));
    CHECK(line.values[4] == list({atom("x"), Value::literal("")}));
    CHECK(line.text == "a LOGIN {7} {4+} (x {0})");  // literal data left out, markers kept
}

TEST_CASE("a literal is announced exactly when its line end arrives, and only {n}") {
    Tokenizer t;
    t.feed("a LOGIN {3}");
    CHECK(std::holds_alternative<Tokenizer::NeedMore>(t.next()));
    t.feed("\r");
    CHECK(std::holds_alternative<Tokenizer::NeedMore>(t.next()));
    t.feed("\n");
    auto r = t.next();
    REQUIRE(std::holds_alternative<Tokenizer::LiteralAnnounced>(r));
    CHECK(std::get<Tokenizer::LiteralAnnounced>(r).size == 3);
    REQUIRE(t.lineSoFar().size() == 3);
    CHECK(t.lineSoFar()[1] == atom("LOGIN"));
    CHECK(t.lineSoFar()[2] == Value::literal(""));  // the announced literal, still empty
    CHECK(std::holds_alternative<Tokenizer::NeedMore>(t.next()));
    t.feed("abc {2+}\r\nxy\r\n");
    r = t.next();
    REQUIRE_MESSAGE(std::holds_alternative<Tokenizer::Line>(r), show(r));
    CHECK(std::get<Tokenizer::Line>(r).values.back() == Value::literal("xy", true));
}

TEST_CASE("discardLine refuses an announced literal, and the next line reads fresh") {
    Tokenizer t;
    t.feed("a APPEND INBOX {10}\r\nb NOOP\r\n");
    REQUIRE(std::holds_alternative<Tokenizer::LiteralAnnounced>(t.next()));
    t.discardLine();
    CHECK(t.atLineStart());
    const auto r = t.next();
    REQUIRE(std::holds_alternative<Tokenizer::Line>(r));
    CHECK(std::get<Tokenizer::Line>(r).values == std::vector<Value>{atom("b"), atom("NOOP")});
}

TEST_CASE("section forms: BODY[...]<...> with lists and literals inside") {
    const auto line = lineOf(
        "a FETCH 1 (BODY[] BODY.PEEK[HEADER.FIELDS (From \"To\")]<0.100> body[1.2.TEXT] BINARY[1] "
        "BODY[HEADER.FIELDS ({4}\r\nDate)] BODYSTRUCTURE)\r\n");
    REQUIRE(line.values.size() == 4);
    CHECK(line.values[3] == list({
                                section("BODY", {}),
                                section("BODY.PEEK", {atom("HEADER.FIELDS"), list({atom("From"), quoted("To")})}, "0.100"),
                                section("body", {atom("1.2.TEXT")}),
                                section("BINARY", {atom("1")}),
                                section("BODY", {atom("HEADER.FIELDS"), list({Value::literal("Date")})}),
                                atom("BODYSTRUCTURE"),
                            }));
}

TEST_CASE("brackets outside BODY and BINARY stay part of an atom") {
    const auto line = lineOf("a SELECT [Gmail]/Sent foo[bar x]y\r\n");
    CHECK(line.values == std::vector<Value>{atom("a"), atom("SELECT"), atom("[Gmail]/Sent"), atom("foo[bar"), atom("x]y")});
}

TEST_CASE("syntax errors end the line with a non-fatal error and the tag, and the next line reads") {
    for (std::string_view bad : {
             "t1 FETCH 1 (FLAGS\r\n",           // missing )
             "t1 FETCH 1 FLAGS)\r\n",           // stray )
             "t1 FETCH 1 (FLAGS)(UID)\r\n",     // no space between values
             "t1 LOGIN \"a\"b\r\n",             // no space after a quoted string
             "t1 LOGIN {3}x\r\n",               // literal size not at the line end
             "t1 LOGIN a\tb\r\n",               // control character
             "t1 LOGIN a\rb\r\n",               // bare CR
             "t1 FETCH 1 BODY[TEXT\r\n",        // missing ]
             "t1 FETCH 1 BODY[TEXT]<0.10\r\n",  // missing >
             "t1 FETCH 1 BODY[TEXT]x\r\n",      // no space after ]
         }) {
        CAPTURE(bad);
        const auto results = tokenizeAll(std::string(bad) + "t2 NOOP\r\n");
        REQUIRE(results.size() == 2);
        const auto e = errorOf(results[0]);
        CHECK(e.kind == TokenizerErrorKind::Syntax);
        CHECK(e.tag == "t1");
        CHECK_FALSE(e.fatal);
        CHECK_FALSE(e.text.empty());
        REQUIRE(std::holds_alternative<Tokenizer::Line>(results[1]));
        CHECK(std::get<Tokenizer::Line>(results[1]).values == std::vector<Value>{atom("t2"), atom("NOOP")});
    }
}

TEST_CASE("a syntax error before {n+} skips the literal that follows anyway") {
    const auto results = tokenizeAll("t1 LOGIN \"a\\q\" {9+}\r\nt9 NOOP\r\n rest (\r\nt2 NOOP\r\n");
    REQUIRE(results.size() == 2);
    CHECK(errorOf(results[0]).tag == "t1");
    REQUIRE(std::holds_alternative<Tokenizer::Line>(results[1]));
    CHECK(std::get<Tokenizer::Line>(results[1]).values.front() == atom("t2"));
}

TEST_CASE("a syntax error before {n} is reported at once, so the client sends no literal") {
    const auto results = tokenizeAll("t1 LOGIN ) {5}\r\nt2 NOOP\r\n");
    REQUIRE(results.size() == 2);
    CHECK(errorOf(results[0]).tag == "t1");
    CHECK(std::get<Tokenizer::Line>(results[1]).values.front() == atom("t2"));
}

TEST_CASE("nesting deeper than the cap is refused") {
    TokenizerLimits limits;
    limits.maxDepth = 8;
    const std::string ok = "a " + std::string(8, '(') + std::string(8, ')') + "\r\n";
    const std::string deep = "a " + std::string(9, '(') + std::string(9, ')') + "\r\n";
    CHECK(std::holds_alternative<Tokenizer::Line>(tokenizeAll(ok, TokenizerMode::Command, limits).at(0)));
    CHECK(errorOf(tokenizeAll(deep, TokenizerMode::Command, limits).at(0)).text == "Too deeply nested");
    // the default cap protects the stack from a line made of "(" only
    const auto results = tokenizeAll("a " + std::string(60000, '(') + "\r\n");
    CHECK(errorOf(results.at(0)).kind == TokenizerErrorKind::Syntax);
}

TEST_CASE("line length cap: text counts, literal data does not") {
    TokenizerLimits limits;
    limits.maxLineLength = 20;
    const std::string exact = "a " + std::string(18, 'x') + "\r\n";  // 20 bytes of text
    CHECK(std::holds_alternative<Tokenizer::Line>(tokenizeAll(exact, TokenizerMode::Command, limits).at(0)));

    auto results = tokenizeAll("a " + std::string(19, 'x') + "\r\nb NOOP\r\n", TokenizerMode::Command, limits);
    REQUIRE(results.size() == 2);
    CHECK(errorOf(results[0]).kind == TokenizerErrorKind::LineTooLong);
    CHECK(errorOf(results[0]).tag == "a");
    CHECK_FALSE(errorOf(results[0]).fatal);
    CHECK(std::get<Tokenizer::Line>(results[1]).values.front() == atom("b"));

    results = tokenizeAll("a X {100+}\r\n" + std::string(100, 'y') + "\r\n", TokenizerMode::Command, limits);
    REQUIRE(results.size() == 1);
    CHECK(std::get<Tokenizer::Line>(results[0]).values.back().text.size() == 100);

    // an overlong line with a {n+} literal in it is dropped whole, literal included
    results = tokenizeAll("a " + std::string(40, 'x') + " {30+}\r\n" + std::string(30, '\n') + " more\r\nb NOOP\r\n",
                          TokenizerMode::Command, limits);
    REQUIRE(results.size() == 2);
    CHECK(errorOf(results[0]).kind == TokenizerErrorKind::LineTooLong);
    CHECK(std::get<Tokenizer::Line>(results[1]).values.front() == atom("b"));
}

TEST_CASE("an endless line is refused before its end arrives, and memory stays bounded") {
    TokenizerLimits limits;
    limits.maxLineLength = 1000;
    Tokenizer t(TokenizerMode::Command, limits);
    t.feed("a1 LOGIN ");
    CHECK(std::holds_alternative<Tokenizer::NeedMore>(t.next()));
    t.feed(std::string(1000, 'x'));
    const auto e = errorOf(t.next());
    CHECK(e.kind == TokenizerErrorKind::LineTooLong);
    CHECK(e.tag == "a1");
    for (int i = 0; i < 100; ++i) {
        t.feed(std::string(10000, 'x'));
        CHECK(std::holds_alternative<Tokenizer::NeedMore>(t.next()));
    }
    CHECK(t.buffered() < 100);
    t.feed("\r\na2 NOOP\r\n");
    const auto r = t.next();
    REQUIRE(std::holds_alternative<Tokenizer::Line>(r));
    CHECK(std::get<Tokenizer::Line>(r).values.front() == atom("a2"));
}

TEST_CASE("literal cap: per line, sync refused with the tag, non-sync fatal") {
    TokenizerLimits limits;
    limits.maxLiteralSize = 10;
    auto results = tokenizeAll("a X {10}\r\n0123456789\r\n", TokenizerMode::Command, limits);
    REQUIRE(results.size() == 2);
    CHECK(std::holds_alternative<Tokenizer::Line>(results[1]));

    results = tokenizeAll("a X {11}\r\nb NOOP\r\n", TokenizerMode::Command, limits);
    REQUIRE(results.size() == 2);
    CHECK(errorOf(results[0]).kind == TokenizerErrorKind::LiteralTooBig);
    CHECK(errorOf(results[0]).tag == "a");
    CHECK_FALSE(errorOf(results[0]).fatal);
    CHECK(std::get<Tokenizer::Line>(results[1]).values.front() == atom("b"));

    results = tokenizeAll("a X {6+}\r\n012345 {5}\r\nb NOOP\r\n", TokenizerMode::Command, limits);  // 6 + 5 > 10
    REQUIRE(results.size() == 2);
    CHECK(errorOf(results[0]).kind == TokenizerErrorKind::LiteralTooBig);
    CHECK(std::get<Tokenizer::Line>(results[1]).values.front() == atom("b"));

    Tokenizer t(TokenizerMode::Command, limits);
    t.feed("a X {11+}\r\n01234567890\r\nb NOOP\r\n");
    const auto e = errorOf(t.next());
    CHECK(e.kind == TokenizerErrorKind::LiteralTooBig);
    CHECK(e.fatal);
    CHECK(t.failed());
    t.feed("c NOOP\r\n");
    CHECK(std::holds_alternative<Tokenizer::NeedMore>(t.next()));
    CHECK(t.buffered() == 0);
}

TEST_CASE("bare LF ends a line too, and CR before it is dropped") {
    const auto results = tokenizeAll("a NOOP\nb LOGIN {2}\nxy c\r\n");
    REQUIRE(results.size() == 3);
    CHECK(std::get<Tokenizer::Line>(results[0]).values == std::vector<Value>{atom("a"), atom("NOOP")});
    CHECK(std::get<Tokenizer::Line>(results[2]).values.back() == atom("c"));
}

TEST_CASE("value offsets point into the line text") {
    const auto line = lineOf("a1 SELECT \"x y\" (1 2)\r\n");
    REQUIRE(line.values.size() == 4);
    CHECK(line.text.substr(line.values[2].offset, 5) == "\"x y\"");
    CHECK(line.text.substr(line.values[3].offset) == "(1 2)");
}

TEST_CASE("response mode: literals follow at once, free text survives syntax errors") {
    auto results = tokenizeAll("* 1 FETCH (UID 7 BODY[HEADER.FIELDS (FROM)] {9}\r\nFrom: a\r\n)\r\n",
                               TokenizerMode::Response);
    REQUIRE(results.size() == 1);  // no LiteralAnnounced: servers do not wait for "+"
    const auto& fetch = std::get<Tokenizer::Line>(results[0]);
    REQUIRE(fetch.values.size() == 4);
    CHECK(fetch.values[3].children.back() == Value::literal("From: a\r\n"));

    const auto line = lineOf("* OK [ALERT] Don't \"panic\r\n", TokenizerMode::Response);
    REQUIRE(line.syntaxError);
    REQUIRE(line.values.size() == 4);
    CHECK(line.values[2] == atom("[ALERT]"));
    CHECK(line.text.substr(line.values[2].offset) == "[ALERT] Don't \"panic");

    results = tokenizeAll("* 1 FETCH (X \"a\\q\" {3}\r\nabc)\r\n* 2 EXISTS\r\n", TokenizerMode::Response);
    REQUIRE(results.size() == 2);
    CHECK(std::get<Tokenizer::Line>(results[0]).syntaxError);
    CHECK(std::get<Tokenizer::Line>(results[1]).values.back() == atom("EXISTS"));

    const auto open = lineOf("* LIST (\\Noselect\r\n", TokenizerMode::Response);
    CHECK(open.syntaxError == "Missing ')'");
}

TEST_CASE("tokenizeText reads a piece of text, such as a response code") {
    const auto line = tokenizeAll("* OK [PERMANENTFLAGS (\\Seen \\*)] Limited\r\n", TokenizerMode::Response);
    REQUIRE(line.size() == 1);
    const std::string& text = std::get<Tokenizer::Line>(line[0]).text;
    const auto open = text.find('['), close = text.rfind(']');
    const auto code = imap::tokenizeText(std::string_view(text).substr(open + 1, close - open - 1));
    CHECK_FALSE(code.syntaxError);
    CHECK(code.values == std::vector<Value>{atom("PERMANENTFLAGS"), list({atom("\\Seen"), atom("\\*")})});

    CHECK(imap::tokenizeText("UIDNEXT 42").values == std::vector<Value>{atom("UIDNEXT"), atom("42")});
    const auto bad = imap::tokenizeText("A \"b");
    CHECK(bad.syntaxError);
    CHECK(bad.values == std::vector<Value>{atom("A")});
    CHECK(imap::tokenizeText("X {5}").syntaxError);
    CHECK(imap::tokenizeText("").values.empty());
}

TEST_CASE("raw lines: between lines only, capped") {
    TokenizerLimits limits;
    limits.maxLineLength = 10;
    Tokenizer t(TokenizerMode::Command, limits);
    t.feed("a IDLE\r\nDO");
    REQUIRE(std::holds_alternative<Tokenizer::Line>(t.next()));
    CHECK(std::holds_alternative<Tokenizer::NeedMore>(t.nextRawLine()));
    t.feed("NE\r\n(not tokenized\r\n");
    auto raw = t.nextRawLine();
    REQUIRE(std::holds_alternative<Tokenizer::RawLine>(raw));
    CHECK(std::get<Tokenizer::RawLine>(raw).text == "DONE");
    raw = t.nextRawLine();
    REQUIRE(std::holds_alternative<Tokenizer::Error>(raw));  // "(not tokenized" is 14 > 10
    CHECK(std::get<Tokenizer::Error>(raw).kind == TokenizerErrorKind::LineTooLong);

    t.feed(std::string(50, 'x'));
    raw = t.nextRawLine();
    REQUIRE(std::holds_alternative<Tokenizer::Error>(raw));
    CHECK(std::get<Tokenizer::Error>(raw).kind == TokenizerErrorKind::LineTooLong);
    t.feed(std::string(50, 'x') + "\r\n*\r\n");
    raw = t.nextRawLine();
    REQUIRE(std::holds_alternative<Tokenizer::RawLine>(raw));
    CHECK(std::get<Tokenizer::RawLine>(raw).text == "*");

    t.feed("b X {3}\r\n");
    REQUIRE(std::holds_alternative<Tokenizer::LiteralAnnounced>(t.next()));
    raw = t.nextRawLine();
    REQUIRE(std::holds_alternative<Tokenizer::Error>(raw));
    CHECK(std::get<Tokenizer::Error>(raw).kind == TokenizerErrorKind::NotAtLineStart);
}

TEST_CASE("reset drops buffered bytes and the line in progress") {
    Tokenizer t;
    t.feed("a STARTTLS\r\nb LOGIN x y\r\nc (");
    REQUIRE(std::holds_alternative<Tokenizer::Line>(t.next()));
    t.reset();
    CHECK(t.buffered() == 0);
    CHECK(t.atLineStart());
    CHECK(std::holds_alternative<Tokenizer::NeedMore>(t.next()));
    t.feed("d NOOP\r\n");
    const auto r = t.next();
    REQUIRE(std::holds_alternative<Tokenizer::Line>(r));
    CHECK(std::get<Tokenizer::Line>(r).values.front() == atom("d"));
}

TEST_CASE("character classes follow RFC 3501 9") {
    CHECK(imap::isValidTag("a1"));
    CHECK(imap::isValidTag("A.b-c]"));
    CHECK_FALSE(imap::isValidTag("*"));
    CHECK_FALSE(imap::isValidTag("+"));
    CHECK_FALSE(imap::isValidTag("a+b"));
    CHECK_FALSE(imap::isValidTag(""));
    CHECK_FALSE(imap::isValidTag("a%"));
    CHECK(imap::isAtom("FLAGS.SILENT"));
    CHECK_FALSE(imap::isAtom("a]"));
    CHECK_FALSE(imap::isAtom("\\Seen"));
    CHECK_FALSE(imap::isAtom("Za\xc5\xbc"));
}

}  // TEST_SUITE
