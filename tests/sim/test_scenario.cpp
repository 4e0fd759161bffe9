// Tests for scenario files: the shipped scenarios load, and every kind of mistake is
// reported as "FILE:LINE:COLUMN: problem".
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "protocols/mail/message.h"
#include "sim/scenario.h"
#include "tests/support/error_text.h"
#include "tests/support/temp_dir.h"

using namespace mailscope;
using namespace mailscope::sim;

namespace {

const std::filesystem::path kAssets = std::filesystem::path(MAILSCOPE_SOURCE_DIR) / "assets";

/// The what() of the ScenarioError that parsing `text` as "t.toml" throws ("" if none).
std::string errorOf(const std::string& text) {
    return test::errorText<ScenarioError>([&] { parseScenario(text, "t.toml", kAssets); });
}

bool startsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

// Lines 1-13: a valid head that the error cases below extend.
const std::string kHead = R"(title_en = "T"
title_pl = "T"
start = 2026-11-27T09:00:00Z
[[accounts]]
user = "alice"
password = "pw"
[[devices]]
name = "Phone"
account = "alice"
protocol = "imap"
[[actions]]
at = 10
device = "Phone"
)";

}  // namespace

TEST_SUITE("sim.scenario") {

TEST_CASE("every shipped scenario loads") {
    int count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(kAssets / "scenarios")) {
        if (entry.path().extension() != ".toml") continue;
        ++count;
        CAPTURE(entry.path().string());
        Scenario s;
        REQUIRE_NOTHROW(s = loadScenario(entry.path(), kAssets));
        CHECK_FALSE(s.title_en.empty());
        CHECK_FALSE(s.title_pl.empty());
        CHECK_FALSE(s.accounts.empty());
        CHECK(s.devices.size() >= 2);
        CHECK(s.actions.size() >= 3);
        for (const ScenarioAccount& a : s.accounts)
            for (const ScenarioMessage& m : a.inbox) {
                CHECK(m.bytes.find("\r\n\r\n") != std::string::npos);
                CHECK(mail::Message::fromBytes(m.bytes, s.start)->size() == m.bytes.size());
            }
        for (std::size_t i = 1; i < s.actions.size(); ++i) CHECK(s.actions[i - 1].at <= s.actions[i].at);
    }
    CHECK(count == 4);
}

TEST_CASE("where-messages-are-stored has the POP3 story") {
    const Scenario s = loadScenario(kAssets / "scenarios" / "where-messages-are-stored.toml", kAssets);
    REQUIRE(s.devices.size() == 2);
    CHECK(s.devices[0].protocol == Protocol::Pop3);
    CHECK_FALSE(s.devices[0].leaveCopy);
    CHECK(s.devices[0].kind == DeviceKind::Phone);
    CHECK(s.devices[1].protocol == Protocol::Pop3);
    CHECK(s.devices[1].pollSeconds == 0);  // checks only when the scenario says so
    CHECK(s.start == core::timeFromCivil({2026, 11, 27, 9, 0, 0, 60}));
    CHECK(s.zoneMinutes == 60);
    const auto deliver = std::find_if(s.actions.begin(), s.actions.end(),
                                      [](const ScenarioAction& a) { return a.kind == ActionKind::DeliverMail; });
    REQUIRE(deliver != s.actions.end());
    CHECK(deliver->device.empty());
    CHECK(deliver->account == "alice");
    REQUIRE(deliver->mail.has_value());
    CHECK(deliver->mail->date == s.start + deliver->at);
    // A UTF-8 subject is RFC 2047-encoded and decodes back to the text written.
    const auto message = mail::Message::fromBytes(deliver->mail->bytes, s.start);
    CHECK(message->summary().subject == "Obiad w piątek? / Lunch on Friday?");
    CHECK(message->summary().sentTime == s.start + deliver->at);
}

TEST_CASE("eavesdropper has a plain device and a TLS device") {
    const Scenario s = loadScenario(kAssets / "scenarios" / "eavesdropper.toml", kAssets);
    REQUIRE(s.devices.size() == 2);
    CHECK(s.title_pl == "Co widzi ktoś w sieci");
    CHECK(s.devices[0].name == "Café laptop");
    CHECK(s.devices[0].protocol == Protocol::Imap);
    CHECK(s.devices[0].tls == TlsMode::Off);
    CHECK(s.devices[1].protocol == Protocol::Imap);
    CHECK(s.devices[1].tls == TlsMode::Implicit);
}

TEST_CASE("the tls device key") {
    const std::string head = kHead.substr(0, kHead.find("[[actions]]"));
    const std::string action = "[[actions]]\nat = 10\ndevice = \"Phone\"\ndo = \"check_mail\"\n";
    SUBCASE("off unless given") {
        CHECK(parseScenario(kHead + "do = \"check_mail\"\n", "t.toml", kAssets).devices[0].tls == TlsMode::Off);
    }
    SUBCASE("true turns it on") {
        CHECK(parseScenario(head + "tls = true\n" + action, "t.toml", kAssets).devices[0].tls == TlsMode::Implicit);
    }
    SUBCASE("false keeps it off") {
        CHECK(parseScenario(head + "tls = false\n" + action, "t.toml", kAssets).devices[0].tls == TlsMode::Off);
    }
    SUBCASE("a string is an error at its line") {
        const std::string error = errorOf(head + "tls = \"yes\"\n" + action);
        CHECK(startsWith(error, "t.toml:11:"));
        CHECK(error.find("must be true or false") != std::string::npos);
    }
    SUBCASE("set_tls is not a scenario action") {
        const std::string error = errorOf(kHead + "do = \"set_tls\"\n");
        CHECK(startsWith(error, "t.toml:14:"));
        CHECK(error.find("unknown action 'set_tls'") != std::string::npos);
    }
}

TEST_CASE("the quick_resync device key") {
    const std::string head = kHead.substr(0, kHead.find("[[actions]]"));
    const std::string action = "[[actions]]\nat = 10\ndevice = \"Phone\"\ndo = \"check_mail\"\n";
    SUBCASE("off unless given") {
        CHECK_FALSE(parseScenario(kHead + "do = \"check_mail\"\n", "t.toml", kAssets).devices[0].quickResync);
    }
    SUBCASE("true turns it on") {
        CHECK(parseScenario(head + "quick_resync = true\n" + action, "t.toml", kAssets).devices[0].quickResync);
    }
    SUBCASE("a string is an error at its line and column") {
        const std::string error = errorOf(head + "quick_resync = \"yes\"\n" + action);
        CHECK(error == "t.toml:11:16: 'quick_resync' must be true or false, not a string");
    }
    SUBCASE("set_quick_resync is not a scenario action (saved worlds record it)") {
        const std::string error = errorOf(kHead + "do = \"set_quick_resync\"\n");
        CHECK(startsWith(error, "t.toml:14:"));
        CHECK(error.find("unknown action 'set_quick_resync'") != std::string::npos);
    }
}

TEST_CASE("the security device key and the server's starttls") {
    const std::string head = kHead.substr(0, kHead.find("[[actions]]"));
    const std::string action = "[[actions]]\nat = 10\ndevice = \"Phone\"\ndo = \"check_mail\"\n";
    SUBCASE("each mode by name") {
        CHECK(parseScenario(head + "security = \"off\"\n" + action, "t.toml", kAssets).devices[0].tls == TlsMode::Off);
        CHECK(parseScenario(head + "security = \"starttls\"\n" + action, "t.toml", kAssets).devices[0].tls ==
              TlsMode::StartTls);
        CHECK(parseScenario(head + "security = \"implicit\"\n" + action, "t.toml", kAssets).devices[0].tls ==
              TlsMode::Implicit);
    }
    SUBCASE("an unknown mode is an error at its line and column") {
        const std::string error = errorOf(head + "security = \"STARTTLS please\"\n" + action);
        CHECK(startsWith(error, "t.toml:11:12: "));
        CHECK(error.find("unknown security 'STARTTLS please' (off, starttls or implicit)") != std::string::npos);
    }
    SUBCASE("not a string") {
        const std::string error = errorOf(head + "security = true\n" + action);
        CHECK(startsWith(error, "t.toml:11:"));
        CHECK(error.find("'security'") != std::string::npos);
    }
    SUBCASE("tls and security together are an error") {
        const std::string error = errorOf(head + "tls = true\nsecurity = \"starttls\"\n" + action);
        CHECK(startsWith(error, "t.toml:12:"));
        CHECK(error.find("give 'tls' or 'security', not both") != std::string::npos);
    }
    SUBCASE("the server offers STARTTLS only when asked to; nothing said leaves it to the world") {
        // The [server] table goes after the root keys (lines 1-3), before [[accounts]].
        const std::string root = kHead.substr(0, kHead.find("[[accounts]]"));
        const std::string rest = kHead.substr(kHead.find("[[accounts]]")) + "do = \"check_mail\"\n";
        CHECK_FALSE(parseScenario(kHead + "do = \"check_mail\"\n", "t.toml", kAssets).server.starttls.has_value());
        CHECK(parseScenario(root + "[server]\nstarttls = true\n" + rest, "t.toml", kAssets).server.starttls == true);
        CHECK(parseScenario(root + "[server]\nstarttls = false\n" + rest, "t.toml", kAssets).server.starttls == false);
        std::string error = errorOf(root + "[server]\nstarttls = \"yes\"\n" + rest);
        CHECK(startsWith(error, "t.toml:5:"));
        CHECK(error.find("must be true or false") != std::string::npos);
        error = errorOf(root + "[server]\nstls = true\n" + rest);
        CHECK(startsWith(error, "t.toml:5:"));
        CHECK(error.find("stls") != std::string::npos);
    }
}

TEST_CASE("inline messages are RFC 5322 with CRLF and the given subject") {
    const Scenario s = parseScenario(R"(title_en = "T"
title_pl = "T"
start = 2026-11-27T09:00:00Z
[[accounts]]
user = "bob"
password = "pw"
  [[accounts.inbox]]
  from = "Ann <ann@example.org>"
  to = "bob@mailscope.test"
  subject = "Hello there"
  body = "line one\nline two\n"
  flags = ["\\Seen", "$Important"]
)",
                                     "inline.toml", kAssets);
    REQUIRE(s.accounts.size() == 1);
    REQUIRE(s.accounts[0].inbox.size() == 1);
    const ScenarioMessage& m = s.accounts[0].inbox[0];
    CHECK(m.bytes.find("\r\nSubject: Hello there\r\n") != std::string::npos);
    CHECK(m.bytes.find("\r\n\r\nline one\r\nline two\r\n") != std::string::npos);
    CHECK(m.bytes.find("Date: Fri, 27 Nov 2026 09:00:00 +0000\r\n") != std::string::npos);
    for (std::size_t i = 0; i < m.bytes.size(); ++i)
        if (m.bytes[i] == '\n') CHECK((i > 0 && m.bytes[i - 1] == '\r'));
    CHECK(m.flags == std::vector<std::string>{"\\Seen", "$Important"});
    const auto message = mail::Message::fromBytes(m.bytes, s.start);
    CHECK(message->size() == m.bytes.size());
    CHECK(message->summary().subject == "Hello there");
    CHECK(message->summary().from == "Ann <ann@example.org>");
}

TEST_CASE("file messages are read from assets/mail with CRLF") {
    const Scenario s = parseScenario(kHead.substr(0, kHead.find("[[devices]]")) + "  [[accounts.inbox]]\n"
                                                                                   "  file = \"05-dots.eml\"\n",
                                     "f.toml", kAssets);
    REQUIRE(s.accounts[0].inbox.size() == 1);
    const ScenarioMessage& m = s.accounts[0].inbox[0];
    CHECK(m.file == "05-dots.eml");
    CHECK_FALSE(m.date.has_value());
    CHECK(m.bytes.find("Subject: Lines that start with a dot\r\n") != std::string::npos);
    CHECK(m.bytes.find("\n") == m.bytes.find("\r\n") + 1);
}

TEST_CASE("action times") {
    SUBCASE("mm:ss is minutes and seconds") {
        CHECK(parseOffset("10:05") == 605);
        CHECK(parseOffset("0:00") == 0);
        CHECK(parseOffset("90:00") == 5400);
    }
    SUBCASE("hh:mm:ss is hours, minutes and seconds") {
        CHECK(parseOffset("1:02:03") == 3723);
        CHECK(parseOffset("00:10:05") == 605);
    }
    SUBCASE("malformed") {
        for (const char* bad : {"", "10", "10:5", "10:60", "1:60:00", "1:2:3", "a:00", "10:05 ", "-1:00", "1:00:00:00",
                                ":05", "10:"}) {
            CAPTURE(bad);
            CHECK_FALSE(parseOffset(bad).has_value());
        }
    }
    SUBCASE("in a file: string, integer, and sorted by time") {
        const Scenario s = parseScenario(kHead + "do = \"check_mail\"\n"
                                                 "[[actions]]\nat = \"00:05\"\ndevice = \"Phone\"\ndo = \"go_offline\"\n"
                                                 "[[actions]]\nat = \"1:00:00\"\ndevice = \"Phone\"\ndo = \"go_online\"\n",
                                         "t.toml", kAssets);
        REQUIRE(s.actions.size() == 3);
        CHECK(s.actions[0].at == 5);
        CHECK(s.actions[0].kind == ActionKind::GoOffline);
        CHECK(s.actions[1].at == 10);
        CHECK(s.actions[1].kind == ActionKind::CheckMail);
        CHECK(s.actions[2].at == 3600);
        CHECK(s.actions[2].kind == ActionKind::GoOnline);
    }
}

TEST_CASE("action arguments") {
    const Scenario s = parseScenario(kHead + "do = \"flag\"\nmessage = 3\n"
                                             "[[actions]]\nat = 20\ndevice = \"Phone\"\ndo = \"unflag\"\n"
                                             "message = \"Welcome\"\nflag = \"\\\\Seen\"\n"
                                             "[[actions]]\nat = 30\ndevice = \"Phone\"\ndo = \"rename_folder\"\n"
                                             "folder = \"A\"\nnew_name = \"B\"\n",
                                     "t.toml", kAssets);
    REQUIRE(s.actions.size() == 3);
    REQUIRE(s.actions[0].message.has_value());
    CHECK(s.actions[0].message->uid == 3u);
    CHECK(s.actions[0].flag == "\\Flagged");
    CHECK(s.actions[1].message->subjectContains == "Welcome");
    CHECK_FALSE(s.actions[1].message->uid.has_value());
    CHECK(s.actions[1].flag == "\\Seen");
    CHECK(s.actions[2].folder == "A");
    CHECK(s.actions[2].newName == "B");
    for (const ScenarioAction& a : s.actions) CHECK(a.device == "Phone");
}

TEST_CASE("errors name the file, line and problem") {
    struct Case {
        std::string name;
        std::string text;
        std::string prefix;   // "t.toml:LINE:COLUMN:"
        std::string problem;  // part of the message
    };
    const Case cases[] = {
        {"TOML syntax", kHead + "do = \"check_mail\"\nfolder = [1, \n", "t.toml:15:", "parsing array"},
        {"unknown top-level key", "title_en = \"T\"\ntitel_pl = \"T\"\n", "t.toml:2:1:", "unknown key 'titel_pl'"},
        {"unknown device key", kHead + "do = \"check_mail\"\n[[devices]]\nname = \"L\"\ndevcie = 1\n", "t.toml:17:",
         "unknown key 'devcie'"},
        {"unknown message key", kHead.substr(0, kHead.find("[[devices]]")) + "[[accounts.inbox]]\nfiel = \"x\"\n",
         "t.toml:8:", "unknown key 'fiel'"},
        {"first typo in file order", "zzz = 1\naaa = 2\n", "t.toml:1:1:", "unknown key 'zzz'"},
        {"wrong type", kHead + "do = \"check_mail\"\n[[devices]]\nname = 5\n", "t.toml:16:", "must be a string"},
        {"wrong type of bool", kHead + "do = \"check_mail\"\n[[devices]]\nname = \"L\"\naccount = \"alice\"\n"
                                       "protocol = \"pop3\"\nleave_copy = \"yes\"\n",
         "t.toml:19:", "must be true or false"},
        {"unknown device in action", kHead + "do = \"check_mail\"\n[[actions]]\nat = 1\ndevice = \"Fone\"\n"
                                             "do = \"check_mail\"\n",
         "t.toml:17:", "unknown device 'Fone'"},
        {"unknown account", kHead + "do = \"check_mail\"\n[[devices]]\nname = \"L\"\naccount = \"alicia\"\n",
         "t.toml:17:", "unknown account 'alicia'"},
        {"unknown protocol", kHead + "do = \"check_mail\"\n[[devices]]\nname = \"L\"\naccount = \"alice\"\n"
                                     "protocol = \"smtp\"\n",
         "t.toml:18:", "unknown protocol 'smtp'"},
        {"unknown action kind", kHead + "do = \"chek_mail\"\n", "t.toml:14:", "unknown action 'chek_mail'"},
        {"bad time", kHead + "do = \"check_mail\"\n[[actions]]\nat = \"10:75\"\n", "t.toml:16:", "bad time"},
        {"negative time", kHead + "do = \"check_mail\"\n[[actions]]\nat = -5\n", "t.toml:16:", "bad time"},
        {"missing .eml file", kHead.substr(0, kHead.find("[[devices]]")) + "[[accounts.inbox]]\n"
                                                                          "file = \"99-none.eml\"\n",
         "t.toml:8:", "cannot read message file"},
        {"duplicate device name", kHead + "do = \"check_mail\"\n[[devices]]\nname = \"Phone\"\n", "t.toml:16:",
         "duplicate device name 'Phone'"},
        {"key not used by the action", kHead + "do = \"check_mail\"\nfolder = \"X\"\n", "t.toml:15:",
         "'folder' does not apply to action 'check_mail'"},
        {"missing argument", kHead + "do = \"move_to_folder\"\nmessage = 1\n", "t.toml:11:", "missing key 'folder'"},
        {"unknown flag", kHead + "do = \"flag\"\nmessage = 1\nflag = \"\\\\Sen\"\n", "t.toml:16:", "unknown flag"},
        {"server action with a device", kHead + "do = \"deliver_mail\"\n", "t.toml:13:", "'device' does not apply"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        const std::string error = errorOf(c.text);
        CAPTURE(error);
        CHECK(startsWith(error, c.prefix));
        CHECK(error.find(c.problem) != std::string::npos);
    }
}

TEST_CASE("an unknown action gives FILE:LINE:COLUMN and lists the valid actions") {
    const std::string error = errorOf(kHead + "do = \"chek_mail\"\n");
    CAPTURE(error);
    CHECK(startsWith(error, "t.toml:14:6: unknown action 'chek_mail'; the actions are "));
    for (const char* action : {"check_mail", "open_message", "mark_unread", "flag", "unflag", "delete",
                               "move_to_folder", "create_folder", "rename_folder", "delete_folder", "go_offline",
                               "go_online", "deliver_mail"}) {
        CAPTURE(action);
        CHECK(error.find(std::string(" ") + action) != std::string::npos);
    }
    // Actions only the app applies are not offered.
    CHECK(error.find("set_tls") == std::string::npos);
    CHECK(error.find("add_device") == std::string::npos);
}

TEST_CASE("a 300-character message file name is FILE:LINE:COLUMN, not an exception") {
    const std::string longName = std::string(296, 'm') + ".eml";
    const std::string text = kHead.substr(0, kHead.find("[[devices]]")) + "[[accounts.inbox]]\nfile = \"" + longName +
                             "\"\n";
    SUBCASE("parsed from text") {
        std::string error;
        REQUIRE_NOTHROW(error = errorOf(text));
        CAPTURE(error);
        CHECK(startsWith(error, "t.toml:8:8: cannot read message file "));
    }
    SUBCASE("loaded from a file, as `mailscope demo FILE` does") {
        const std::filesystem::path dir = std::filesystem::temp_directory_path() / "mailscope-scenario-long-name";
        std::filesystem::create_directories(dir);
        const std::filesystem::path file = dir / "long.toml";
        std::ofstream(file, std::ios::binary) << text;
        std::string error;
        try {
            loadScenario(file, kAssets);
        } catch (const ScenarioError& e) {
            error = e.what();
        }
        CAPTURE(error);
        CHECK(startsWith(error, file.string() + ":8:8: cannot read message file "));
        std::filesystem::remove_all(dir);
    }
}

TEST_CASE("loadScenario names the file it read") {
    const test::TempDir temp("scenario");
    const std::filesystem::path& dir = temp.path();
    const std::filesystem::path file = dir / "broken.toml";
    {
        std::ofstream out(file, std::ios::binary);
        out << "title_en = \"T\"\n\ntitle_pl = 3\n";
    }
    std::string error;
    try {
        loadScenario(file, kAssets);
    } catch (const ScenarioError& e) {
        error = e.what();
    }
    CHECK(startsWith(error, file.string() + ":3:"));
    CHECK(error.find("'title_pl' must be a string") != std::string::npos);

    error.clear();
    try {
        loadScenario(dir / "missing.toml", kAssets);
    } catch (const ScenarioError& e) {
        error = e.what();
    }
    CHECK(startsWith(error, (dir / "missing.toml").string() + ":"));
}

}  // TEST_SUITE
