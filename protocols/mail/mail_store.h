// Account and MailStore: the server's mail, shared by every POP3 and IMAP session and
// every device. All changes go through MailStore, which tells each observer what changed.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/mail/mailbox.h"

namespace mailscope::mail {

/// Identifies the session that made a change (0: not a session, e.g. new mail delivered).
using SessionId = std::uint64_t;

class Account {
public:
    Account(std::string user, std::string password) : m_user(std::move(user)), m_password(std::move(password)) {}

    const std::string& user() const { return m_user; }
    const std::string& password() const { return m_password; }

    /// Finds a mailbox by name; "INBOX" matches case-insensitively (RFC 3501 5.1).
    Mailbox* findMailbox(std::string_view name);
    const Mailbox* findMailbox(std::string_view name) const;
    Mailbox* findMailboxById(MailboxId id);
    const Mailbox* findMailboxById(MailboxId id) const;
    /// INBOX, which always exists.
    Mailbox& inbox() { return *findMailbox("INBOX"); }
    const Mailbox& inbox() const { return *findMailbox("INBOX"); }

    /// Every mailbox, ordered by name with INBOX first.
    std::vector<const Mailbox*> mailboxes() const;
    std::vector<Mailbox*> mailboxes();

    /// Subscribed names (RFC 3501 6.3.6: a name may be subscribed without existing).
    const std::set<std::string>& subscriptions() const { return m_subscriptions; }

    /// The session holding the POP3 maildrop lock (RFC 1939 §8), 0 if none.
    SessionId maildropLockHolder() const { return m_lockHolder; }

private:
    friend class MailStore;

    std::string m_user;
    std::string m_password;
    std::vector<std::unique_ptr<Mailbox>> m_mailboxes;
    std::set<std::string> m_subscriptions;
    SessionId m_lockHolder = 0;
};

/// What changed in the store.
enum class ChangeKind {
    MessageAdded,     ///< a message was appended (delivery, APPEND, COPY, MOVE)
    FlagsChanged,     ///< a message's flags changed; `flags` holds the new value
    MessageExpunged,  ///< a message was removed for good (POP3 UPDATE, IMAP EXPUNGE, MOVE)
    MailboxCreated,   ///< a mailbox was created
    MailboxRenamed,   ///< a mailbox was renamed; `oldName` -> `mailbox`
    MailboxDeleted,   ///< a mailbox was deleted with everything in it
};

struct Change {
    ChangeKind kind = ChangeKind::MessageAdded;
    const Account* account = nullptr;
    MailboxId mailboxId = 0;
    std::string mailbox;          ///< the mailbox name (after the change)
    std::string oldName;          ///< MailboxRenamed only
    std::uint32_t uid = 0;        ///< message changes only
    Flags flags;                  ///< MessageAdded and FlagsChanged: the flags now
    SessionId origin = 0;         ///< who made the change (0: not a session)
    std::uint64_t modseq = 0;     ///< message changes only: the change's mod-sequence (RFC 7162)
    Flags oldFlags;               ///< FlagsChanged: the flags before
    /// MessageExpunged: the message removed; MailboxDeleted: every message deleted with it.
    std::vector<MailItem> removed;
};

/// Why a mailbox operation failed (IMAP maps these to NO responses).
enum class MailboxError {
    None,          ///< it worked
    Exists,        ///< a mailbox with that name already exists
    NotFound,      ///< no mailbox with that name
    InvalidName,   ///< empty, bad hierarchy ("a//b", "/a", "a/"), or not valid UTF-8
    IsInbox,       ///< INBOX cannot be deleted
    HasChildren,   ///< DELETE of a mailbox that has inferiors (we keep no \Noselect placeholders)
};

class MailStore {
public:
    /// UIDVALIDITY values are handed out from this number upwards, one per mailbox ever
    /// created, so a deleted and recreated mailbox never reuses one. A real server seeds
    /// it from the clock so that restarts do not confuse client caches; the simulated
    /// world seeds a constant so runs are reproducible.
    explicit MailStore(std::uint32_t firstUidValidity = 1) : m_nextUidValidity(firstUidValidity) {}
    MailStore(const MailStore&) = delete;
    MailStore& operator=(const MailStore&) = delete;

    // [SECTION] accounts
    /// Adds an account with INBOX; with specialUse, also Sent, Drafts, Trash, Junk, Archive.
    Account& addAccount(std::string user, std::string password, bool withSpecialUse = true);
    Account* findAccount(std::string_view user);
    const Account* findAccount(std::string_view user) const;
    std::vector<Account*> accounts();
    std::vector<const Account*> accounts() const;

    // [SECTION] messages
    /// Appends a message (it is \Recent); returns its UID.
    std::uint32_t append(Account& account, Mailbox& mailbox, std::shared_ptr<const Message> message, Flags flags = {},
                         SessionId origin = 0);
    /// Replaces a message's flags. Returns false if no such UID. Notifies only if they differ.
    bool setFlags(Account& account, Mailbox& mailbox, std::uint32_t uid, const Flags& flags, SessionId origin = 0);
    /// Removes a message for good. Returns false if no such UID.
    bool expunge(Account& account, Mailbox& mailbox, std::uint32_t uid, SessionId origin = 0);
    /// Takes \Recent from a message: true for the one caller that sees it first (RFC 3501 2.3.2).
    bool claimRecent(Mailbox& mailbox, std::uint32_t uid);

    // [SECTION] mailboxes
    MailboxError createMailbox(Account& account, std::string_view name, SessionId origin = 0,
                               SpecialUse use = SpecialUse::None);
    /// RENAME (RFC 3501 6.3.5): inferiors are renamed too; renaming INBOX moves all its
    /// messages to the new mailbox and leaves INBOX empty.
    MailboxError renameMailbox(Account& account, std::string_view from, std::string_view to, SessionId origin = 0);
    MailboxError deleteMailbox(Account& account, std::string_view name, SessionId origin = 0);
    void setSubscribed(Account& account, std::string_view name, bool subscribed);

    // [SECTION] POP3 maildrop lock (RFC 1939 §8)
    /// Takes the exclusive lock; false if another session holds it ([IN-USE]).
    bool lockMaildrop(Account& account, SessionId session);
    void unlockMaildrop(Account& account, SessionId session);

    // [SECTION] observers
    using ObserverId = std::uint64_t;
    using Observer = std::function<void(const Change&)>;
    /// Observers are called synchronously, in subscription order, after each change.
    /// They must not change the store from inside the call.
    ObserverId subscribe(Observer observer);
    void unsubscribe(ObserverId id);

    /// A session id that no other session of this store has.
    SessionId newSessionId() { return ++m_lastSessionId; }

    /// Whether `name` is a valid mailbox name here: non-empty UTF-8, no empty hierarchy level.
    static bool validMailboxName(std::string_view name);

private:
    void notify(const Change& change);
    Mailbox& makeMailbox(Account& account, std::string name, SpecialUse use);

    std::vector<std::unique_ptr<Account>> m_accounts;
    std::map<ObserverId, Observer> m_observers;
    std::vector<ObserverId> m_unsubscribedWhileNotifying;
    int m_notifyDepth = 0;
    ObserverId m_lastObserver = 0;
    MailboxId m_lastMailboxId = 0;
    SessionId m_lastSessionId = 0;
    std::uint32_t m_nextUidValidity;
};

}  // namespace mailscope::mail
