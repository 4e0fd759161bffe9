// The IMAP server session core (RFC 3501 3, 5, 7): reading commands, dispatching them
// through the command table with its state checks, tagged completions with the untagged
// updates owed before them, IDLE and AUTHENTICATE continuations, STARTTLS, autologout.
#include "protocols/imap/server_session.h"

#include <algorithm>
#include <array>
#include <ostream>

#include "protocols/core/catalogue.h"
#include "protocols/core/utf8.h"
#include "protocols/imap/command_table.h"
#include "protocols/imap/message_parts.h"
#include "protocols/imap/mutf7.h"

namespace mailscope::imap {
namespace {

/// The bit of a state in CommandDef::states (Logout has none: nothing runs there).
States stateBit(State s) {
    switch (s) {
        case State::NotAuthenticated: return States::NotAuthenticated;
        case State::Authenticated: return States::Authenticated;
        case State::Selected: return States::Selected;
        case State::Logout: break;
    }
    return States::NotAuthenticated;
}

std::string_view stateName(State s) {
    switch (s) {
        case State::NotAuthenticated: return "not authenticated";
        case State::Authenticated: return "authenticated";
        case State::Selected: return "selected";
        case State::Logout: return "logout";
    }
    return "";
}

}  // namespace

// [SECTION] life cycle

ServerSession::ServerSession(mail::MailStore& store, ServerConfig config, mail::SessionId id, core::Time now)
    : m_store(store), m_config(std::move(config)), m_id(id), m_parser(m_config.preAuthLimits), m_lastActivity(now) {
    m_observer = m_store.subscribe([this](const mail::Change& change) { onStoreChange(change); });
    // Every literal counts against the budget shared with the other sessions, {n+} too.
    if (m_config.literalBudget) m_parser.announceNonSynchronizing(true);
}

ServerSession::~ServerSession() {
    releaseLiterals();
    m_store.unsubscribe(m_observer);
}

Output ServerSession::start() {
    Output out;
    untagged(out, "OK [CAPABILITY " + capabilities() + "] " + m_config.implementation + " IMAP4rev1 server ready");
    return out;
}

Output ServerSession::receive(std::string_view bytes) {
    Output out;
    if (m_state == State::Logout || m_awaitingTls) return out;  // before the handshake: discarded
    m_activitySinceTick = true;
    m_parser.feed(bytes);
    process(out);
    return out;
}

Output ServerSession::tick(core::Time now) {
    Output out;
    if (m_state == State::Logout) return out;
    if (m_fetch) m_activitySinceTick = true;  // a client taking a long response is not idle
    if (m_activitySinceTick) {
        m_activitySinceTick = false;
        m_lastActivity = now;
    } else if (now - m_lastActivity >= m_config.autologoutSeconds) {
        close(out, CloseReason::Autologout, "Autologout; idle for too long");
    }
    return out;
}

bool ServerSession::hasPushableUpdates() const {
    return m_idleTag && m_selected && (m_selected->mailboxGone() || m_selected->hasPendingUpdates(true));
}

Output ServerSession::pollUpdates() {
    Output out;
    if (!hasPushableUpdates()) return out;
    if (m_selected->mailboxGone()) {
        close(out, CloseReason::MailboxDeleted, "Selected mailbox was deleted, have to disconnect");
        return out;
    }
    sendUpdates(out, true, false);
    return out;
}

void ServerSession::sendUpdates(Output& out, bool allowExpunge, bool withUid) {
    std::vector<Update> told;
    if (allowExpunge) sendContextRemovals(out);  // RFC 5267 4.3.4: REMOVEFROM before EXPUNGE
    out.toPeer += m_selected->pendingUpdates(allowExpunge, withUid, &told);
    sendContextUpdates(out);                     // 4.3.3: ADDTO after EXISTS
    if (!told.empty()) out.events.push_back(UpdatesSent{m_selected->mailboxName(), std::move(told)});
}

std::vector<Update> ServerSession::takeOwedUpdates() {
    return m_selected ? m_selected->takeOwed() : std::vector<Update>{};
}

std::string ServerSession::selectedName() const { return m_selected ? m_selected->mailboxName() : std::string(); }

Output ServerSession::disconnect() {
    Output out;
    if (m_state == State::Logout) return out;
    m_state = State::Logout;
    m_selected.reset();
    m_fetch.reset();
    releaseLiterals();
    out.close = true;
    out.events.push_back(SessionClosed{CloseReason::Dropped});
    return out;
}

void ServerSession::tlsEstablished() {
    m_awaitingTls = false;
    m_tlsActive = true;
    m_parser.reset();
}

std::string ServerSession::capabilities() const {
    std::string caps = "IMAP4rev1";
    if (m_state == State::NotAuthenticated) {
        if (m_config.tlsAvailable && !m_tlsActive) caps += " STARTTLS";
        caps += plaintextBlocked() ? " LOGINDISABLED" : " AUTH=PLAIN SASL-IR";
    }
    caps += " LITERAL+ ID ENABLE IDLE NAMESPACE UIDPLUS MOVE UNSELECT CHILDREN SPECIAL-USE";
    if (m_config.condstore) caps += " CONDSTORE";
    if (m_config.condstore && m_config.qresync) caps += " QRESYNC";
    if (m_config.esearch) caps += " ESEARCH";
    if (m_config.listExtended) caps += " LIST-EXTENDED LIST-STATUS";
    if (m_config.multiappend) caps += " MULTIAPPEND";
    if (m_config.sort) caps += " SORT SORT=DISPLAY THREAD=ORDEREDSUBJECT THREAD=REFERENCES";
    if (m_config.sort && m_config.esearch) caps += " ESORT";
    if (m_config.context && m_config.esearch) caps += " CONTEXT=SEARCH";
    if (m_config.context && m_config.esearch && m_config.sort) caps += " CONTEXT=SORT";
    if (m_config.binary) caps += " BINARY";
    if (m_config.catenate) caps += " CATENATE";
    if (m_config.appendLimit) caps += " APPENDLIMIT=" + std::to_string(m_config.limits.maxLiteralSize);
    return caps;
}

// [SECTION] reading and dispatching

Output ServerSession::produceMore(std::size_t budget) {
    Output out;
    if (!m_fetch) return out;
    if (m_state == State::Logout) {
        m_fetch.reset();
        return out;
    }
    if (!continueFetch(out, budget)) return out;
    const bool uid = m_fetch->uid;
    const std::string tag = std::move(m_fetch->tag);
    const Completion done = fetchCompletion();
    m_fetch.reset();
    finishCommand(out, tag, done, !uid, uid);
    process(out);  // what was pipelined behind it
    return out;
}

void ServerSession::process(Output& out) {
    while (m_state != State::Logout && !m_awaitingTls && !m_fetch) {
        if (m_idleTag || m_authenticateTag) {
            RawLineResult r = m_parser.nextRawLine();
            if (std::holds_alternative<NeedMore>(r)) return;
            if (auto* line = std::get_if<RawLine>(&r)) {
                handleRawLine(out, line->text);
            } else {
                const ParseError& e = std::get<ParseError>(r);
                const std::string tag = m_idleTag ? *m_idleTag : *m_authenticateTag;
                m_idleTag.reset();
                m_authenticateTag.reset();
                finishCommand(out, tag, Completion::bad(e.text), false, false);
                if (e.fatal) close(out, CloseReason::Fatal, "Input could not be followed");
            }
            continue;
        }
        ParseResult r = m_parser.next();
        if (std::holds_alternative<NeedMore>(r)) return;
        if (auto* cont = std::get_if<ContinuationNeeded>(&r)) {
            if (reserveLiteral(out, *cont) && !cont->nonSynchronizing) out.toPeer += "+ " + cont->text + "\r\n";
        } else if (auto* cmd = std::get_if<Command>(&r)) {
            releaseLiterals();  // the literals are read: the command now holds them
            runCommand(out, *cmd);
        } else {
            releaseLiterals();
            parseError(out, std::get<ParseError>(r));
        }
    }
}

bool ServerSession::reserveLiteral(Output& out, const ContinuationNeeded& literal) {
    LiteralBudget* budget = m_config.literalBudget.get();
    if (!budget) return true;
    if (budget->used + literal.size > budget->limit) {
        // RFC 3501 7.5: the client waits for "+" and so sends nothing of the literal; the
        // bytes of a {n+} one (RFC 7888 4) are read and dropped.
        m_parser.refuseLiteral();
        releaseLiterals();
        out.events.push_back(CommandReceived{literal.tag, literal.command});
        finishCommand(out, literal.tag, Completion::no("Server busy receiving other messages, try again later", "LIMIT"),
                      false, false);
        return false;
    }
    budget->used += literal.size;
    m_literalsReserved += literal.size;
    return true;
}

void ServerSession::releaseLiterals() {
    if (m_config.literalBudget) m_config.literalBudget->used -= std::min(m_config.literalBudget->used, m_literalsReserved);
    m_literalsReserved = 0;
}

void ServerSession::runCommand(Output& out, const Command& cmd) {
    out.events.push_back(CommandReceived{cmd.tag, cmd.name});
    const CommandDef* spec = findCommandDef(cmd.name);
    if (!spec) {
        finishCommand(out, cmd.tag, Completion::bad("Unknown command " + cmd.name), false, false);
        return;
    }
    if (m_state == State::Logout || !contains(spec->states, stateBit(m_state))) {
        std::string why = m_state == State::NotAuthenticated ? "Log in first: "
                          : spec->states == kNotAuthenticated ? "Already logged in: "
                                                          : "No mailbox selected: ";
        finishCommand(out, cmd.tag,
                      Completion::bad(why + cmd.name + " is not valid in the " + std::string(stateName(m_state)) +
                                      " state"),
                      false, false);
        return;
    }
    if (m_selected && m_selected->mailboxGone()) {
        // Another session deleted the selected mailbox: nothing here can go on using it.
        close(out, CloseReason::MailboxDeleted, "Selected mailbox was deleted, have to disconnect");
        return;
    }
    const Completion c = (this->*spec->handler)(out, cmd);
    if (c.pending) return;
    finishCommand(out, cmd.tag, c, has(spec->flags, Flag::UsesSequenceNumbers), has(spec->flags, Flag::Uid));
}

void ServerSession::finishCommand(Output& out, const std::string& tag, const Completion& c, bool usesSequenceNumbers,
                                  bool uid) {
    if (m_selected) {
        if (m_selected->mailboxGone()) {
            close(out, CloseReason::MailboxDeleted, "Selected mailbox was deleted, have to disconnect");
            return;
        }
        sendUpdates(out, !usesSequenceNumbers, uid);
    }
    const char* status = c.status == Outcome::Ok ? "OK" : c.status == Outcome::No ? "NO" : "BAD";
    std::string line = tag + " " + status;
    if (!c.code.empty()) line += " [" + c.code + "]";
    line += " " + (c.text.empty() ? std::string("completed") : c.text);
    out.toPeer += line + "\r\n";
    // The code alone ("TRYCREATE", not "COPYUID 1 2 3"), as the event's readers filter on it.
    out.events.push_back(CommandCompleted{tag, status, c.code.substr(0, c.code.find(' '))});
    if (c.status != Outcome::Ok) out.events.push_back(ProtocolError{line});
    if (c.status == Outcome::Bad) countBad(out);
    if (m_config.maxFailedLogins > 0 && m_failedLogins >= m_config.maxFailedLogins && m_state != State::Logout)
        close(out, CloseReason::TooManyErrors, "Too many failed logins");
    if (m_state == State::Logout && !out.close) {
        out.close = true;
        out.events.push_back(SessionClosed{CloseReason::Logout});
    }
}

void ServerSession::handleRawLine(Output& out, const std::string& line) {
    if (m_idleTag) {
        const std::string tag = *m_idleTag;
        m_idleTag.reset();
        out.events.push_back(IdleEnded{});
        if (core::equalsIgnoreCase(line, "DONE"))
            finishCommand(out, tag, Completion::ok("IDLE terminated"), false, false);
        else
            finishCommand(out, tag, Completion::bad("Expected DONE to end IDLE"), false, false);
        return;
    }
    const std::string tag = *m_authenticateTag;
    m_authenticateTag.reset();
    finishCommand(out, tag, finishAuthenticate(out, line), false, false);
}

void ServerSession::parseError(Output& out, const ParseError& e) {
    if (e.fatal) {
        out.toPeer += (e.tag.empty() ? std::string("*") : e.tag) + " BAD " + e.text + "\r\n";
        out.events.push_back(ProtocolError{e.text});
        close(out, CloseReason::Fatal, "Input could not be followed");
        return;
    }
    const std::string tag = e.tag.empty() ? "*" : e.tag;
    if (e.kind == ParseErrorKind::LiteralTooBig) {
        finishCommand(out, tag, Completion::no(e.text, "TOOBIG"), false, false);
        return;
    }
    finishCommand(out, tag, Completion::bad(e.text), false, false);
}

void ServerSession::countBad(Output& out) {
    ++m_badCommands;
    if (m_config.maxBadCommands > 0 && m_badCommands >= m_config.maxBadCommands && m_state != State::Logout)
        close(out, CloseReason::TooManyErrors, "Too many invalid commands");
}

void ServerSession::close(Output& out, CloseReason reason, std::string_view byeText) {
    untagged(out, "BYE " + std::string(byeText));
    m_state = State::Logout;
    m_selected.reset();
    m_idleTag.reset();
    m_authenticateTag.reset();
    m_fetch.reset();
    releaseLiterals();
    out.close = true;
    out.events.push_back(SessionClosed{reason});
}

void ServerSession::onStoreChange(const mail::Change& change) {
    if (!m_selected) return;
    m_selected->onChange(change);
    if (m_contexts.empty() || change.mailboxId != m_selected->mailboxId()) return;
    m_contextsStale = true;  // the search contexts run again at the next update (RFC 5267 4.3)
    if (change.kind == mail::ChangeKind::MessageExpunged) m_contextExpunges = true;
    if (change.uid != 0) m_contextTouched.push_back(change.uid);
}

// [SECTION] helpers for the handlers

void ServerSession::untagged(Output& out, std::string_view text) {
    out.toPeer += "* ";
    out.toPeer += text;
    out.toPeer += "\r\n";
}

std::optional<std::string> ServerSession::decodeName(std::string_view wire) {
    std::optional<std::string> name;
    if (std::any_of(wire.begin(), wire.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
        // Not modified UTF-7, but some clients send raw UTF-8: take it when it is valid.
        if (core::isValidUtf8(wire)) name = std::string(wire);
    } else {
        name = decodeMailboxName(wire);
    }
    // INBOX is case-insensitive (RFC 3501 5.1), and so is the INBOX level of the names
    // under it: "inbox/Work" is "INBOX/Work".
    constexpr std::string_view kInbox = "INBOX";
    if (name && name->size() >= kInbox.size() && core::equalsIgnoreCase(std::string_view(*name).substr(0, kInbox.size()), kInbox) &&
        (name->size() == kInbox.size() || (*name)[kInbox.size()] == '/'))
        name->replace(0, kInbox.size(), kInbox);
    return name;
}

std::string ServerSession::encodeName(std::string_view utf8) { return imapString(encodeMailboxName(utf8)); }

Completion ServerSession::login(Output& out, std::string_view user, std::string_view password,
                                std::string_view mechanism) {
    mail::Account* account = m_store.findAccount(user);
    if (!account || account->password() != password) {
        out.events.push_back(AuthFailed{std::string(user), AuthFailure::BadCredentials});
        ++m_failedLogins;  // finishCommand closes the connection after the last one allowed
        return Completion::no("Authentication failed", "AUTHENTICATIONFAILED");
    }
    m_account = account;
    m_state = State::Authenticated;
    m_parser.setLimits(m_config.limits);
    out.events.push_back(Authenticated{account->user(), std::string(mechanism)});
    return Completion::ok("Logged in", "CAPABILITY " + capabilities());
}

void ServerSession::enableCondstore(Output& out) {
    if (m_condstore) return;
    m_condstore = true;
    if (!m_selected) return;
    m_selected->setCondstore(true);
    untagged(out, "OK [HIGHESTMODSEQ " + std::to_string(selectedMailbox().highestModseq()) + "] Highest");
}

void ServerSession::deselect(Output& out) {
    if (!m_selected) return;
    m_selected.reset();
    m_contexts.clear();  // RFC 5267 4.3: updates cease when the mailbox is no longer selected
    m_contextTouched.clear();
    m_contextsStale = m_contextExpunges = false;
    m_state = State::Authenticated;
    out.events.push_back(MailboxDeselected{});
}

std::optional<std::vector<std::size_t>> ServerSession::resolveSet(const SequenceSet& set, bool uid,
                                                                   Completion& error) const {
    std::vector<std::size_t> out;
    const auto& entries = m_selected->entries();
    if (!uid) {
        if (!set.fitsWithin(m_selected->exists())) {
            error = Completion::bad("Invalid message sequence number: " + set.toString());
            return std::nullopt;
        }
        const ResolvedSet numbers = set.resolve(m_selected->exists());
        for (const NumberRange& r : numbers.ranges())
            for (std::uint32_t n = r.first; n <= r.last; ++n) out.push_back(n - 1);
        return out;
    }
    // "*" means the largest UID in use; with no messages nothing matches.
    const ResolvedSet uids = set.resolve(m_selected->maxUid());
    if (uids.empty()) return out;
    for (std::size_t i = 0; i < entries.size(); ++i)
        if (uids.contains(entries[i].uid)) out.push_back(i);
    return out;
}

mail::Mailbox& ServerSession::selectedMailbox() const {
    return *m_account->findMailboxById(m_selected->mailboxId());
}

mail::Mailbox* ServerSession::mailboxFromWire(std::string_view wire, bool tryCreate, Completion& error) const {
    const auto name = decodeName(wire);
    if (!name) {
        // No TRYCREATE: a CREATE of such a name could not succeed either.
        error = Completion::no("Mailbox name is not valid modified UTF-7", "NONEXISTENT");
        return nullptr;
    }
    mail::Mailbox* mailbox = m_account->findMailbox(*name);
    if (!mailbox) error = Completion::no("Mailbox does not exist: " + *name, tryCreate ? "TRYCREATE" : "NONEXISTENT");
    return mailbox;
}

std::string ServerSession::uidSetText(const std::vector<std::uint32_t>& uids) { return compactNumberList(uids); }

// [SECTION] printing

std::ostream& operator<<(std::ostream& os, State s) { return os << stateName(s); }

std::ostream& operator<<(std::ostream& os, AuthFailure r) {
    switch (r) {
        case AuthFailure::BadCredentials: return os << "bad credentials";
        case AuthFailure::PlaintextDisallowed: return os << "plaintext disallowed";
        case AuthFailure::Cancelled: return os << "cancelled";
        case AuthFailure::MalformedResponse: return os << "malformed response";
        case AuthFailure::UnsupportedMechanism: return os << "unsupported mechanism";
    }
    return os;
}

std::ostream& operator<<(std::ostream& os, CloseReason r) {
    switch (r) {
        case CloseReason::Logout: return os << "logout";
        case CloseReason::Autologout: return os << "autologout";
        case CloseReason::TooManyErrors: return os << "too many errors";
        case CloseReason::Dropped: return os << "dropped";
        case CloseReason::Fatal: return os << "fatal";
        case CloseReason::MailboxDeleted: return os << "mailbox deleted";
    }
    return os;
}

std::ostream& operator<<(std::ostream& os, const Event& event) {
    std::visit(
        [&os](const auto& e) {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, CommandReceived>) os << "CommandReceived{" << e.tag << ' ' << e.name << '}';
            else if constexpr (std::is_same_v<T, Authenticated>) os << "Authenticated{" << e.user << ' ' << e.mechanism << '}';
            else if constexpr (std::is_same_v<T, AuthFailed>) os << "AuthFailed{" << e.user << ": " << e.reason << '}';
            else if constexpr (std::is_same_v<T, MailboxSelected>) os << "MailboxSelected{" << e.mailbox << (e.readOnly ? " read-only}" : "}");
            else if constexpr (std::is_same_v<T, MailboxDeselected>) os << "MailboxDeselected";
            else if constexpr (std::is_same_v<T, IdleStarted>) os << "IdleStarted";
            else if constexpr (std::is_same_v<T, IdleEnded>) os << "IdleEnded";
            else if constexpr (std::is_same_v<T, TlsRequested>) os << "TlsRequested";
            else if constexpr (std::is_same_v<T, SessionClosed>) os << "SessionClosed{" << e.reason << '}';
            else if constexpr (std::is_same_v<T, ProtocolError>) os << "ProtocolError{" << e.text << '}';
            else if constexpr (std::is_same_v<T, CommandCompleted>)
                os << "CommandCompleted{" << e.tag << ' ' << e.status << (e.code.empty() ? "" : " [" + e.code + "]") << '}';
            else if constexpr (std::is_same_v<T, UpdatesSent>) {
                os << "UpdatesSent{" << e.mailbox;
                for (const Update& u : e.updates)
                    os << ' ' << (u.kind == UpdateKind::Exists ? "EXISTS " : u.kind == UpdateKind::Expunge ? "EXPUNGE " : "FLAGS ")
                       << u.uid;
                os << '}';
            }
        },
        event);
    return os;
}

std::ostream& operator<<(std::ostream& os, const Output& o) {
    os << "Output{toPeer=\"" << o.toPeer << "\", events=[";
    for (std::size_t i = 0; i < o.events.size(); ++i) os << (i ? ", " : "") << o.events[i];
    return os << "], close=" << (o.close ? "true" : "false") << '}';
}

}  // namespace mailscope::imap
