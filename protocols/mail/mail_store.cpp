// MailStore: every change to the server's mail, and the notifications that let other
// sessions learn of it (RFC 3501 5.2, 7.4.1; RFC 1939 §8 maildrop lock).
#include "protocols/mail/mail_store.h"

#include <algorithm>
#include <utility>

#include "protocols/core/catalogue.h"
#include "protocols/core/utf8.h"

namespace mailscope::mail {

namespace {

/// A change with its common fields; the kind-specific ones (oldFlags, removed) are set after.
Change makeChange(ChangeKind kind, const Account* account, MailboxId mailboxId, std::string mailbox,
                  std::string oldName, std::uint32_t uid, Flags flags, SessionId origin) {
    Change c;
    c.kind = kind;
    c.account = account;
    c.mailboxId = mailboxId;
    c.mailbox = std::move(mailbox);
    c.oldName = std::move(oldName);
    c.uid = uid;
    c.flags = std::move(flags);
    c.origin = origin;
    return c;
}

}  // namespace
namespace {

constexpr char kDelimiter = '/';

bool isInboxName(std::string_view name) { return core::equalsIgnoreCase(name, "INBOX"); }

/// "a/b/c" -> {"a", "a/b"}
std::vector<std::string> superiorsOf(std::string_view name) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < name.size(); ++i)
        if (name[i] == kDelimiter) out.emplace_back(name.substr(0, i));
    return out;
}

bool isInferior(std::string_view name, std::string_view parent) {
    return name.size() > parent.size() + 1 && name.substr(0, parent.size()) == parent && name[parent.size()] == kDelimiter;
}

}  // namespace

// [SECTION] Account

Mailbox* Account::findMailbox(std::string_view name) {
    return const_cast<Mailbox*>(static_cast<const Account*>(this)->findMailbox(name));
}

const Mailbox* Account::findMailbox(std::string_view name) const {
    const bool inbox = isInboxName(name);
    for (const auto& m : m_mailboxes)
        if (inbox ? isInboxName(m->name()) : m->name() == name) return m.get();
    return nullptr;
}

Mailbox* Account::findMailboxById(MailboxId id) {
    return const_cast<Mailbox*>(static_cast<const Account*>(this)->findMailboxById(id));
}

const Mailbox* Account::findMailboxById(MailboxId id) const {
    for (const auto& m : m_mailboxes)
        if (m->id() == id) return m.get();
    return nullptr;
}

std::vector<const Mailbox*> Account::mailboxes() const {
    std::vector<const Mailbox*> out;
    for (const auto& m : m_mailboxes) out.push_back(m.get());
    std::sort(out.begin(), out.end(), [](const Mailbox* a, const Mailbox* b) {
        const bool ai = isInboxName(a->name()), bi = isInboxName(b->name());
        if (ai != bi) return ai;
        return a->name() < b->name();
    });
    return out;
}

std::vector<Mailbox*> Account::mailboxes() {
    std::vector<Mailbox*> out;
    for (const Mailbox* m : static_cast<const Account*>(this)->mailboxes()) out.push_back(const_cast<Mailbox*>(m));
    return out;
}

// [SECTION] accounts

Account& MailStore::addAccount(std::string user, std::string password, bool withSpecialUse) {
    m_accounts.push_back(std::make_unique<Account>(std::move(user), std::move(password)));
    Account& account = *m_accounts.back();
    makeMailbox(account, "INBOX", SpecialUse::None);
    account.m_subscriptions.insert("INBOX");
    if (withSpecialUse) {
        const std::pair<const char*, SpecialUse> kSpecial[] = {{"Sent", SpecialUse::Sent},
                                                               {"Drafts", SpecialUse::Drafts},
                                                               {"Trash", SpecialUse::Trash},
                                                               {"Junk", SpecialUse::Junk},
                                                               {"Archive", SpecialUse::Archive}};
        for (const auto& [name, use] : kSpecial) {
            makeMailbox(account, name, use);
            account.m_subscriptions.insert(name);
        }
    }
    return account;
}

Account* MailStore::findAccount(std::string_view user) {
    for (auto& a : m_accounts)
        if (a->user() == user) return a.get();
    return nullptr;
}

const Account* MailStore::findAccount(std::string_view user) const {
    return const_cast<MailStore*>(this)->findAccount(user);
}

std::vector<Account*> MailStore::accounts() {
    std::vector<Account*> out;
    for (auto& a : m_accounts) out.push_back(a.get());
    return out;
}

std::vector<const Account*> MailStore::accounts() const {
    std::vector<const Account*> out;
    for (const auto& a : m_accounts) out.push_back(a.get());
    return out;
}

// [SECTION] messages

std::uint32_t MailStore::append(Account& account, Mailbox& mailbox, std::shared_ptr<const Message> message, Flags flags,
                                SessionId origin) {
    const std::uint32_t uid = mailbox.m_uidNext++;
    const std::uint64_t modseq = ++mailbox.m_highestModseq;
    mailbox.m_items.push_back(MailItem{uid, std::move(message), flags, true, modseq});
    Change change = makeChange(ChangeKind::MessageAdded, &account, mailbox.id(), mailbox.name(), {}, uid, std::move(flags), origin);
    change.modseq = modseq;
    notify(change);
    return uid;
}

bool MailStore::setFlags(Account& account, Mailbox& mailbox, std::uint32_t uid, const Flags& flags, SessionId origin) {
    const auto i = mailbox.indexOfUid(uid);
    if (i < 0) return false;
    MailItem& item = mailbox.m_items[static_cast<std::size_t>(i)];
    if (item.flags == flags) return true;
    Change change = makeChange(ChangeKind::FlagsChanged, &account, mailbox.id(), mailbox.name(), {}, uid, flags, origin);
    change.oldFlags = std::exchange(item.flags, flags);
    item.modseq = ++mailbox.m_highestModseq;
    change.modseq = item.modseq;
    notify(change);
    return true;
}

bool MailStore::expunge(Account& account, Mailbox& mailbox, std::uint32_t uid, SessionId origin) {
    const auto i = mailbox.indexOfUid(uid);
    if (i < 0) return false;
    Change change = makeChange(ChangeKind::MessageExpunged, &account, mailbox.id(), mailbox.name(), {}, uid, {}, origin);
    change.removed.push_back(std::move(mailbox.m_items[static_cast<std::size_t>(i)]));
    mailbox.m_items.erase(mailbox.m_items.begin() + i);
    const std::uint64_t modseq = ++mailbox.m_highestModseq;
    mailbox.m_expunged.push_back({uid, modseq});
    change.modseq = modseq;
    notify(change);
    return true;
}

bool MailStore::claimRecent(Mailbox& mailbox, std::uint32_t uid) {
    const auto i = mailbox.indexOfUid(uid);
    if (i < 0) return false;
    MailItem& item = mailbox.m_items[static_cast<std::size_t>(i)];
    const bool was = item.recent;
    item.recent = false;
    return was;
}

// [SECTION] mailboxes

bool MailStore::validMailboxName(std::string_view name) {
    if (name.empty() || name.front() == kDelimiter || name.back() == kDelimiter) return false;
    if (name.find("//") != std::string_view::npos) return false;
    for (unsigned char c : name)
        if (c < 0x20 || c == 0x7f) return false;
    return core::isValidUtf8(name);
}

Mailbox& MailStore::makeMailbox(Account& account, std::string name, SpecialUse use) {
    account.m_mailboxes.push_back(std::make_unique<Mailbox>(++m_lastMailboxId, std::move(name), m_nextUidValidity++, use));
    return *account.m_mailboxes.back();
}

MailboxError MailStore::createMailbox(Account& account, std::string_view name, SessionId origin, SpecialUse use) {
    // RFC 3501 6.3.3: a trailing delimiter only says the mailbox will have inferiors.
    if (name.size() > 1 && name.back() == kDelimiter) name.remove_suffix(1);
    if (!validMailboxName(name)) return MailboxError::InvalidName;
    if (account.findMailbox(name)) return MailboxError::Exists;
    for (const std::string& superior : superiorsOf(name)) {
        if (account.findMailbox(superior)) continue;
        Mailbox& m = makeMailbox(account, superior, SpecialUse::None);
        notify(makeChange(ChangeKind::MailboxCreated, &account, m.id(), m.name(), {}, 0, {}, origin));
    }
    Mailbox& m = makeMailbox(account, std::string(name), use);
    notify(makeChange(ChangeKind::MailboxCreated, &account, m.id(), m.name(), {}, 0, {}, origin));
    return MailboxError::None;
}

MailboxError MailStore::renameMailbox(Account& account, std::string_view from, std::string_view to, SessionId origin) {
    if (to.size() > 1 && to.back() == kDelimiter) to.remove_suffix(1);
    Mailbox* source = account.findMailbox(from);
    if (!source) return MailboxError::NotFound;
    if (!validMailboxName(to) || isInferior(to, source->name())) return MailboxError::InvalidName;
    if (account.findMailbox(to)) return MailboxError::Exists;

    if (isInboxName(source->name())) {
        // RFC 3501 6.3.5: renaming INBOX moves its messages to a new mailbox; INBOX stays, empty.
        if (const MailboxError e = createMailbox(account, to, origin); e != MailboxError::None) return e;
        Mailbox& target = *account.findMailbox(to);
        Mailbox& inbox = account.inbox();
        std::vector<MailItem> items = inbox.m_items;
        for (const MailItem& item : items) {
            expunge(account, inbox, item.uid, origin);
            append(account, target, item.message, item.flags, origin);
        }
        return MailboxError::None;
    }

    for (const std::string& superior : superiorsOf(to)) {
        if (account.findMailbox(superior)) continue;
        Mailbox& m = makeMailbox(account, superior, SpecialUse::None);
        notify(makeChange(ChangeKind::MailboxCreated, &account, m.id(), m.name(), {}, 0, {}, origin));
    }
    const std::string oldName = source->name();
    std::vector<Mailbox*> renamed{source};
    for (const auto& m : account.m_mailboxes)
        if (isInferior(m->name(), oldName)) renamed.push_back(m.get());
    for (Mailbox* m : renamed) {
        const std::string before = m->m_name;
        m->m_name = std::string(to) + before.substr(oldName.size());
        notify(makeChange(ChangeKind::MailboxRenamed, &account, m->id(), m->name(), before, 0, {}, origin));
    }
    return MailboxError::None;
}

MailboxError MailStore::deleteMailbox(Account& account, std::string_view name, SessionId origin) {
    if (isInboxName(name)) return MailboxError::IsInbox;
    Mailbox* m = account.findMailbox(name);
    if (!m) return MailboxError::NotFound;
    for (const auto& other : account.m_mailboxes)
        if (isInferior(other->name(), m->name())) return MailboxError::HasChildren;
    Change change = makeChange(ChangeKind::MailboxDeleted, &account, m->id(), m->name(), {}, 0, {}, origin);
    change.removed.assign(m->items().begin(), m->items().end());
    std::erase_if(account.m_mailboxes, [m](const std::unique_ptr<Mailbox>& p) { return p.get() == m; });
    notify(change);
    return MailboxError::None;
}

void MailStore::setSubscribed(Account& account, std::string_view name, bool subscribed) {
    const std::string key = isInboxName(name) ? std::string("INBOX") : std::string(name);
    if (subscribed)
        account.m_subscriptions.insert(key);
    else
        account.m_subscriptions.erase(key);
}

// [SECTION] POP3 maildrop lock

bool MailStore::lockMaildrop(Account& account, SessionId session) {
    if (account.m_lockHolder != 0 && account.m_lockHolder != session) return false;
    account.m_lockHolder = session;
    return true;
}

void MailStore::unlockMaildrop(Account& account, SessionId session) {
    if (account.m_lockHolder == session) account.m_lockHolder = 0;
}

// [SECTION] observers

MailStore::ObserverId MailStore::subscribe(Observer observer) {
    const ObserverId id = ++m_lastObserver;
    m_observers.emplace(id, std::move(observer));
    return id;
}

void MailStore::unsubscribe(ObserverId id) {
    if (m_notifyDepth > 0)
        m_unsubscribedWhileNotifying.push_back(id);
    else
        m_observers.erase(id);
}

void MailStore::notify(const Change& change) {
    ++m_notifyDepth;
    for (auto& [id, observer] : m_observers) {
        if (std::find(m_unsubscribedWhileNotifying.begin(), m_unsubscribedWhileNotifying.end(), id) !=
            m_unsubscribedWhileNotifying.end())
            continue;
        observer(change);
    }
    if (--m_notifyDepth == 0) {
        for (ObserverId id : m_unsubscribedWhileNotifying) m_observers.erase(id);
        m_unsubscribedWhileNotifying.clear();
    }
}

}  // namespace mailscope::mail
