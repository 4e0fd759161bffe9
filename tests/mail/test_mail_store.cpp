// MailStore: UIDs, flags, mailboxes, the maildrop lock and change notifications.
#include <doctest/doctest.h>

#include <ostream>
#include <vector>

#include "protocols/mail/mail_store.h"
#include "sim/seed.h"

using namespace mailscope;
using mail::ChangeKind;
using mail::MailboxError;
using mail::SystemFlag;

namespace mailscope::mail {
std::ostream& operator<<(std::ostream& os, ChangeKind k) { return os << static_cast<int>(k); }
std::ostream& operator<<(std::ostream& os, MailboxError e) { return os << static_cast<int>(e); }
}  // namespace mailscope::mail

namespace {
std::shared_ptr<const mail::Message> msg(const std::string& subject) {
    return mail::Message::fromBytes("Subject: " + subject + "\r\n\r\nbody\r\n", 0);
}
}  // namespace

TEST_SUITE("mail.store") {
    TEST_CASE("UIDs ascend and are never reused") {
        mail::MailStore store;
        auto& a = store.addAccount("alice", "pw");
        auto& inbox = a.inbox();
        CHECK(store.append(a, inbox, msg("1")) == 1);
        CHECK(store.append(a, inbox, msg("2")) == 2);
        CHECK(store.expunge(a, inbox, 2));
        CHECK(store.append(a, inbox, msg("3")) == 3);
        CHECK(inbox.uidNext() == 4);
        CHECK(inbox.size() == 2);
        CHECK(inbox.findUid(2) == nullptr);
        REQUIRE(inbox.findUid(3) != nullptr);
        CHECK(inbox.findUid(3)->message->headerValue("Subject") == "3");
        CHECK_FALSE(store.expunge(a, inbox, 2));
    }

    TEST_CASE("every message change takes the mailbox's next mod-sequence (RFC 7162)") {
        mail::MailStore store;
        auto& a = store.addAccount("alice", "pw");
        auto& inbox = a.inbox();
        auto& sent = *a.findMailbox("Sent");
        CHECK(inbox.highestModseq() == 1);
        std::vector<std::uint64_t> heard;
        store.subscribe([&](const mail::Change& c) { heard.push_back(c.modseq); });
        store.append(a, inbox, msg("1"));
        store.append(a, inbox, msg("2"));
        CHECK(inbox.findUid(1)->modseq == 2);
        CHECK(inbox.findUid(2)->modseq == 3);
        mail::Flags seen;
        seen.set(SystemFlag::Seen);
        CHECK(store.setFlags(a, inbox, 1, seen));
        CHECK(inbox.findUid(1)->modseq == 4);
        CHECK(store.setFlags(a, inbox, 1, seen));  // no change: no new mod-sequence
        CHECK(inbox.highestModseq() == 4);
        CHECK(store.expunge(a, inbox, 2));
        CHECK(inbox.highestModseq() == 5);
        REQUIRE(inbox.expunged().size() == 1);
        CHECK(inbox.expunged()[0].uid == 2);
        CHECK(inbox.expunged()[0].modseq == 5);
        CHECK(sent.highestModseq() == 1);  // per mailbox
        CHECK(heard == std::vector<std::uint64_t>{2, 3, 4, 5});
    }

    TEST_CASE("accounts have INBOX and the special-use mailboxes") {
        mail::MailStore store;
        auto& a = store.addAccount("alice", "pw");
        CHECK(a.findMailbox("inbox") == &a.inbox());
        CHECK(a.findMailbox("InBoX") == &a.inbox());
        REQUIRE(a.findMailbox("Trash"));
        CHECK(a.findMailbox("Trash")->specialUse() == mail::SpecialUse::Trash);
        CHECK(a.findMailbox("trash") == nullptr);  // only INBOX is case-insensitive
        CHECK(a.mailboxes().front()->name() == "INBOX");
        auto& b = store.addAccount("bob", "pw", false);
        CHECK(b.mailboxes().size() == 1);
        CHECK(a.inbox().uidValidity() != b.inbox().uidValidity());
    }

    TEST_CASE("flags: system flags, keywords, add and remove") {
        mail::Flags f;
        CHECK(f.addByName("\\seen"));
        CHECK(f.addByName("Work"));
        CHECK(f.addByName("$Forwarded"));
        CHECK_FALSE(f.addByName("\\Recent"));
        CHECK_FALSE(f.addByName("\\Bogus"));
        CHECK_FALSE(f.addByName("bad(name"));
        CHECK(f.has(SystemFlag::Seen));
        CHECK(f.hasKeyword("work"));
        CHECK(f.toString() == "\\Seen $Forwarded Work");
        mail::Flags minus;
        minus.addByName("\\Seen");
        minus.addByName("WORK");
        f.remove(minus);
        CHECK(f.toString() == "$Forwarded");
    }

    TEST_CASE("observers hear every change with its origin") {
        mail::MailStore store;
        auto& a = store.addAccount("alice", "pw");
        std::vector<mail::Change> seen;
        const auto id = store.subscribe([&](const mail::Change& c) { seen.push_back(c); });
        const auto uid = store.append(a, a.inbox(), msg("x"), {}, 7);
        mail::Flags seenFlag;
        seenFlag.set(SystemFlag::Seen);
        store.setFlags(a, a.inbox(), uid, seenFlag, 8);
        store.setFlags(a, a.inbox(), uid, seenFlag, 8);  // no change, no notification
        store.expunge(a, a.inbox(), uid, 9);
        REQUIRE(seen.size() == 3);
        CHECK(seen[0].kind == ChangeKind::MessageAdded);
        CHECK(seen[0].origin == 7);
        CHECK(seen[0].account == &a);
        CHECK(seen[1].kind == ChangeKind::FlagsChanged);
        CHECK(seen[1].flags.has(SystemFlag::Seen));
        CHECK(seen[2].kind == ChangeKind::MessageExpunged);
        CHECK(seen[2].uid == uid);
        store.unsubscribe(id);
        store.append(a, a.inbox(), msg("y"));
        CHECK(seen.size() == 3);
    }

    TEST_CASE("an observer may unsubscribe itself while being notified") {
        mail::MailStore store;
        auto& a = store.addAccount("alice", "pw");
        int calls = 0;
        mail::MailStore::ObserverId self = 0;
        self = store.subscribe([&](const mail::Change&) {
            ++calls;
            store.unsubscribe(self);
        });
        store.append(a, a.inbox(), msg("1"));
        store.append(a, a.inbox(), msg("2"));
        CHECK(calls == 1);
    }

    TEST_CASE("\\Recent is claimed exactly once") {
        mail::MailStore store;
        auto& a = store.addAccount("alice", "pw");
        const auto uid = store.append(a, a.inbox(), msg("1"));
        CHECK(a.inbox().recentCount() == 1);
        CHECK(store.claimRecent(a.inbox(), uid));
        CHECK_FALSE(store.claimRecent(a.inbox(), uid));
        CHECK(a.inbox().recentCount() == 0);
    }

    TEST_CASE("mailboxes: create, rename, delete") {
        mail::MailStore store;
        auto& a = store.addAccount("alice", "pw", false);
        std::vector<mail::Change> seen;
        store.subscribe([&](const mail::Change& c) { seen.push_back(c); });

        SUBCASE("create makes superiors and rejects bad names") {
            CHECK(store.createMailbox(a, "Projects/2026/Wysłane") == MailboxError::None);
            CHECK(a.findMailbox("Projects"));
            CHECK(a.findMailbox("Projects/2026"));
            CHECK(seen.size() == 3);
            CHECK(store.createMailbox(a, "Projects") == MailboxError::Exists);
            CHECK(store.createMailbox(a, "inbox") == MailboxError::Exists);
            CHECK(store.createMailbox(a, "Ważne/") == MailboxError::None);
            CHECK(a.findMailbox("Ważne"));
            CHECK(store.createMailbox(a, "") == MailboxError::InvalidName);
            CHECK(store.createMailbox(a, "a//b") == MailboxError::InvalidName);
            CHECK(store.createMailbox(a, "/a") == MailboxError::InvalidName);
            CHECK(store.createMailbox(a, "bad\xff") == MailboxError::InvalidName);
        }
        SUBCASE("rename moves inferiors and keeps UIDVALIDITY") {
            REQUIRE(store.createMailbox(a, "Old/Child") == MailboxError::None);
            const auto validity = a.findMailbox("Old")->uidValidity();
            CHECK(store.renameMailbox(a, "Old", "New") == MailboxError::None);
            CHECK(a.findMailbox("Old") == nullptr);
            REQUIRE(a.findMailbox("New"));
            CHECK(a.findMailbox("New/Child"));
            CHECK(a.findMailbox("New")->uidValidity() == validity);
            CHECK(seen.back().kind == ChangeKind::MailboxRenamed);
            CHECK(store.renameMailbox(a, "Missing", "X") == MailboxError::NotFound);
            CHECK(store.renameMailbox(a, "New", "INBOX") == MailboxError::Exists);
            CHECK(store.renameMailbox(a, "New", "New/Sub") == MailboxError::InvalidName);
        }
        SUBCASE("renaming INBOX moves its messages and leaves it empty") {
            store.append(a, a.inbox(), msg("1"));
            store.append(a, a.inbox(), msg("2"));
            CHECK(store.renameMailbox(a, "INBOX", "Old mail") == MailboxError::None);
            CHECK(a.inbox().empty());
            REQUIRE(a.findMailbox("Old mail"));
            CHECK(a.findMailbox("Old mail")->size() == 2);
            CHECK(a.inbox().uidNext() == 3);
        }
        SUBCASE("delete, and a recreated mailbox gets a new UIDVALIDITY") {
            REQUIRE(store.createMailbox(a, "Temp") == MailboxError::None);
            const auto validity = a.findMailbox("Temp")->uidValidity();
            CHECK(store.deleteMailbox(a, "Temp") == MailboxError::None);
            CHECK(seen.back().kind == ChangeKind::MailboxDeleted);
            CHECK(store.createMailbox(a, "Temp") == MailboxError::None);
            CHECK(a.findMailbox("Temp")->uidValidity() != validity);
            CHECK(store.deleteMailbox(a, "INBOX") == MailboxError::IsInbox);
            CHECK(store.deleteMailbox(a, "Nope") == MailboxError::NotFound);
            REQUIRE(store.createMailbox(a, "P/C") == MailboxError::None);
            CHECK(store.deleteMailbox(a, "P") == MailboxError::HasChildren);
        }
    }

    TEST_CASE("the POP3 maildrop lock is exclusive") {
        mail::MailStore store;
        auto& a = store.addAccount("alice", "pw");
        CHECK(store.lockMaildrop(a, 1));
        CHECK(store.lockMaildrop(a, 1));
        CHECK_FALSE(store.lockMaildrop(a, 2));
        store.unlockMaildrop(a, 2);  // not the holder: no effect
        CHECK(a.maildropLockHolder() == 1);
        store.unlockMaildrop(a, 1);
        CHECK(store.lockMaildrop(a, 2));
    }

    TEST_CASE("the demo store has alice and bob with the sample mail") {
        mail::MailStore store;
        sim::seedDemoStore(store, std::filesystem::path(MAILSCOPE_SOURCE_DIR) / "assets", 1795770000);
        auto* alice = store.findAccount("alice");
        auto* bob = store.findAccount("bob");
        REQUIRE(alice);
        REQUIRE(bob);
        CHECK(alice->password() == "alice123");
        CHECK(bob->password() == "bob123");
        CHECK(alice->inbox().size() == 5);
        CHECK(bob->inbox().size() == 1);
        CHECK(alice->inbox().items()[1].message->summary().subject == "Zażółć gęślą jaźń");
    }
}
