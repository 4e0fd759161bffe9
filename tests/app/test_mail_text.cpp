// Tests for the text the app shows for the mail model (rows, flag letters, sizes).
#include <doctest/doctest.h>

#include <sstream>

#include "app/ui/mail_text.h"
#include "protocols/mail/mail_store.h"

using namespace mailscope;

namespace {

std::shared_ptr<const mail::Message> message(std::string_view raw)
{
    return mail::Message::fromBytes(raw, 1'790'000'000);
}

}  // namespace

TEST_SUITE("app.text") {

TEST_CASE("flagLetters shows one letter per flag in a fixed order")
{
    mail::Flags flags;
    CHECK(app::flagLetters(flags, false) == "");
    CHECK(app::flagLetters(flags, true) == "N");
    flags.set(mail::SystemFlag::Draft);
    flags.set(mail::SystemFlag::Seen);
    CHECK(app::flagLetters(flags, false) == "SD");
    flags.set(mail::SystemFlag::Deleted);
    flags.set(mail::SystemFlag::Flagged);
    flags.set(mail::SystemFlag::Answered);
    CHECK(app::flagLetters(flags, true) == "NSAFXD");
    flags.addKeyword("$Forwarded");
    CHECK(app::flagLetters(flags, false) == "SAFXD+");
}

TEST_CASE("flagLegend explains every letter flagLetters can show")
{
    mail::Flags all;
    for (auto f : {mail::SystemFlag::Seen, mail::SystemFlag::Answered, mail::SystemFlag::Flagged,
                   mail::SystemFlag::Deleted, mail::SystemFlag::Draft})
        all.set(f);
    all.addKeyword("Work");
    std::string explained;  // the first character of each legend line
    std::istringstream legend(app::flagLegend());
    for (std::string line; std::getline(legend, line);)
        explained += line.substr(0, 1);
    for (char letter : app::flagLetters(all, true)) {
        INFO("letter " << letter);
        CHECK(explained.find(letter) != std::string::npos);
    }
}

TEST_CASE("displayName keeps the name of a From, or the bare address")
{
    CHECK(app::displayName("Zofia Nowak <zofia@przyklad.pl>") == "Zofia Nowak");
    CHECK(app::displayName("\"Nowak, Zofia\" <zofia@przyklad.pl>") == "Nowak, Zofia");
    CHECK(app::displayName("<zofia@przyklad.pl>") == "zofia@przyklad.pl");
    CHECK(app::displayName("zofia@przyklad.pl") == "zofia@przyklad.pl");
    CHECK(app::displayName("") == "");
    CHECK(app::displayName("<>") == "");
    CHECK(app::displayName("broken <address") == "broken <address");
}

TEST_CASE("formatSize uses bytes below 1 KB and one decimal above")
{
    CHECK(app::formatSize(0) == "0 B");
    CHECK(app::formatSize(1023) == "1023 B");
    CHECK(app::formatSize(1024) == "1.0 KB");
    CHECK(app::formatSize(1536) == "1.5 KB");
    CHECK(app::formatSize(5 * 1024 * 1024 + 512 * 1024) == "5.5 MB");
    CHECK(app::formatSize(std::size_t{3} * 1024 * 1024 * 1024) == "3.0 GB");
}

TEST_CASE("messageRow decodes From and Subject and falls back when they are missing")
{
    mail::MailItem item;
    item.uid = 42;
    item.recent = true;
    item.flags.set(mail::SystemFlag::Seen);

    SUBCASE("encoded words")
    {
        item.message = message("From: =?UTF-8?Q?Zofia_Nowak?= <zofia@przyklad.pl>\r\n"
                               "Subject: =?UTF-8?Q?Za=C5=BC=C3=B3=C5=82=C4=87_g=C4=99=C5=9Bl=C4=85_ja=C5=BA=C5=84?=\r\n"
                               "\r\n"
                               "body\r\n");
        const app::MessageRow row = app::messageRow(item);
        CHECK(row.uid == 42);
        CHECK(row.flags == "NS");
        CHECK(row.from.find("zofia@przyklad.pl") != std::string::npos);
        CHECK(row.fromName == "Zofia Nowak");
        CHECK(row.subject == "Zażółć gęślą jaźń");
        CHECK(row.size == app::formatSize(item.message->size()));
    }
    SUBCASE("no From, no Subject")
    {
        item.message = message("X-Other: 1\r\n\r\nbody\r\n");
        const app::MessageRow row = app::messageRow(item);
        CHECK(row.from == "(no sender)");
        CHECK(row.fromName == "(no sender)");
        CHECK(row.subject == "(no subject)");
    }
}

TEST_CASE("mailboxSummary counts messages and unseen ones")
{
    mail::MailStore store;
    mail::Account& account = store.addAccount("ala", "secret", false);
    mail::Mailbox& inbox = account.inbox();
    CHECK(app::mailboxSummary(inbox) == "empty");
    mail::Flags seen;
    seen.set(mail::SystemFlag::Seen);
    store.append(account, inbox, message("Subject: a\r\n\r\n"), seen);
    CHECK(app::mailboxSummary(inbox) == "1 message");
    store.append(account, inbox, message("Subject: b\r\n\r\n"));
    store.append(account, inbox, message("Subject: c\r\n\r\n"));
    CHECK(app::mailboxSummary(inbox) == "3 messages, 2 unseen");
}

}  // TEST_SUITE
