// Tests for `mailscope serve --accounts FILE`: the accounts it reads and its
// "FILE:LINE:COLUMN: problem" errors (the one helper every TOML loader uses).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "app/cli/serve.h"
#include "sim/toml_errors.h"
#include "tests/support/error_text.h"

using namespace mailscope;

namespace {

/// Writes `text` to a fresh file and returns the FileError that loading it throws ("" if none).
struct AccountsFile {
    explicit AccountsFile(const std::string& text)
    {
        static int counter = 0;
        path = (std::filesystem::temp_directory_path() /
                ("mailscope-accounts-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + ".toml"))
                   .string();
        std::ofstream(path, std::ios::binary) << text;
    }
    ~AccountsFile() { std::filesystem::remove(path); }
    std::string error() const
    {
        return test::errorText<sim::FileError>([&] { app::loadAccountsFile(path); });
    }
    std::string path;
};

}  // namespace

TEST_SUITE("app.accounts") {

TEST_CASE("an accounts file gives its accounts in order")
{
    const AccountsFile file("[[account]]\nuser = \"ann\"\npassword = \"a1\"\n\n[[account]]\nuser = \"ben\"\n"
                            "password = \"b 2\"\n");
    const auto accounts = app::loadAccountsFile(file.path);
    REQUIRE(accounts.size() == 2);
    CHECK(accounts[0].user == "ann");
    CHECK(accounts[0].password == "a1");
    CHECK(accounts[1].user == "ben");
    CHECK(accounts[1].password == "b 2");
}

TEST_CASE("accounts file mistakes are FILE:LINE:COLUMN: problem")
{
    struct Case {
        const char* name;
        std::string text;
        std::string at;       // "LINE:COLUMN"
        std::string problem;  // part of the message
    };
    const Case cases[] = {
        {"TOML syntax", "[[account]]\nuser = = \"x\"\n", "2:", ""},
        {"unknown top-level key", "[[account]]\nuser = \"a\"\npassword = \"p\"\n[extra]\n", "4:2:",
         "unknown key 'extra'"},
        {"no accounts", "# nothing\n", "1:1:", "no [[account]] tables"},
        {"unknown account key", "[[account]]\nuser = \"a\"\npasword = \"p\"\n", "3:1:", "unknown key 'pasword'"},
        {"missing password", "[[account]]\nuser = \"a\"\n", "1:", "needs 'password'"},
        {"password not a string", "[[account]]\nuser = \"a\"\npassword = 5\n", "3:12:",
         "'password' must be a string, not an integer"},
        {"user with a space", "[[account]]\nuser = \"a b\"\npassword = \"p\"\n", "2:8:", "user 'a b'"},
        {"twice", "[[account]]\nuser = \"a\"\npassword = \"p\"\n[[account]]\nuser = \"a\"\npassword = \"q\"\n", "5:8:",
         "account 'a' is defined twice"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        const AccountsFile file(c.text);
        const std::string error = file.error();
        CAPTURE(error);
        CHECK(error.starts_with(file.path + ":" + c.at));
        CHECK(error.find(c.problem) != std::string::npos);
        // The one shape: FILE:LINE:COLUMN: problem.
        const std::string rest = error.substr(file.path.size() + 1);
        const std::size_t colon = rest.find(':');
        REQUIRE(colon != std::string::npos);
        CHECK(std::isdigit(static_cast<unsigned char>(rest[colon + 1])));
        CHECK(rest.find(": ", colon + 1) != std::string::npos);
    }
}

TEST_CASE("an accounts file that cannot be read is FILE:1:1, not an exception")
{
    const std::string longName =
        (std::filesystem::temp_directory_path() / (std::string(300, 'a') + ".toml")).string();
    for (const std::string& path : {std::string("/nonexistent/mailscope/accounts.toml"), longName,
                                    std::filesystem::temp_directory_path().string()}) {
        CAPTURE(path);
        const std::string error = test::errorText<sim::FileError>([&] { app::loadAccountsFile(path); });
        CHECK(error.starts_with(path + ":1:1: "));
    }
}

}  // TEST_SUITE
