// The hand-made MIME corpus (tests/imap/corpus): for each message, FETCH BODY,
// BODYSTRUCTURE, ENVELOPE and BODY[section] byte for byte as written down from the RFC
// grammar (RFC 3501 7.4.2, RFC 2045, 2046, 2231, 5322). See corpus/README.md.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "protocols/imap/message_parts.h"
#include "protocols/mail/message.h"

namespace imap = mailscope::imap;
namespace fs = std::filesystem;
using mailscope::mail::Message;
using Kind = imap::SectionSpec::Kind;

namespace {

const fs::path kCorpus = fs::path(MAILSCOPE_SOURCE_DIR) / "tests" / "imap" / "corpus";

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

/// LF line ends as CRLF (the files are kept with LF).
std::string crlf(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\n') out += '\r';
        out += c;
    }
    return out;
}

/// "\r", "\n" and "\\" escapes undone.
std::string unescape(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) {
            const char c = text[++i];
            out += c == 'r' ? '\r' : c == 'n' ? '\n' : c;
        } else {
            out += text[i];
        }
    }
    return out;
}

/// "1.2", "2.MIME", "TEXT", "3": the section between the brackets of BODY[...].
imap::SectionSpec parseSection(std::string_view text) {
    imap::SectionSpec spec;
    while (!text.empty()) {
        const auto dot = std::min(text.find('.'), text.size());
        const std::string_view item = text.substr(0, dot);
        text.remove_prefix(std::min(dot + 1, text.size()));
        if (item == "MIME") spec.kind = Kind::Mime;
        else if (item == "TEXT") spec.kind = Kind::Text;
        else if (item == "HEADER") spec.kind = Kind::Header;
        else spec.part.push_back(static_cast<std::uint32_t>(std::stoul(std::string(item))));
    }
    return spec;
}

}  // namespace

TEST_SUITE("imap.parts") {

TEST_CASE("MIME corpus: FETCH items byte for byte") {
    std::vector<fs::path> messages;
    for (const auto& entry : fs::directory_iterator(kCorpus))
        if (entry.path().extension() == ".eml") messages.push_back(entry.path());
    std::sort(messages.begin(), messages.end());
    REQUIRE(messages.size() >= 8);
    std::size_t checked = 0;
    for (const fs::path& path : messages) {
        const std::string name = path.stem().string();
        SUBCASE(name.c_str()) {
            const auto message = Message::fromBytes(crlf(readFile(path)), 1'795'000'000);
            REQUIRE(message);
            fs::path expectedPath = path;
            expectedPath.replace_extension(".expected");
            std::istringstream expected(readFile(expectedPath));
            std::string line;
            while (std::getline(expected, line)) {
                if (line.empty()) continue;
                const auto space = line.find(' ');
                REQUIRE(space != std::string::npos);
                const std::string item = line.substr(0, space);
                const std::string value = line.substr(space + 1);
                CAPTURE(name);
                CAPTURE(item);
                if (item == "BODY") CHECK(imap::bodyStructure(*message, false) == value);
                else if (item == "BODYSTRUCTURE") CHECK(imap::bodyStructure(*message, true) == value);
                else if (item == "ENVELOPE") CHECK(imap::envelope(*message) == value);
                else if (item.starts_with("BODY[") && item.ends_with("]"))
                    CHECK(imap::sectionBytes(*message, parseSection(item.substr(5, item.size() - 6))) == unescape(value));
                else FAIL("unknown item " << item);
                ++checked;
            }
        }
    }
    CHECK(checked > 0);
}

}  // TEST_SUITE
