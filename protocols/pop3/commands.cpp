// Every POP3 server command in one file with its state table (as Dovecot's pop3-commands.c):
// RFC 1939 §4-§7, RFC 2449 §5 CAPA, RFC 5034 §4 AUTH, RFC 2595 §4 STLS.
#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

#include "protocols/core/catalogue.h"
#include "protocols/pop3/server_session.h"

namespace mailscope::pop3 {

namespace {

// States a command is valid in, as bits of CommandSpec::states.
constexpr std::uint8_t kAuthorizationState = 1 << 0;  // RFC 1939 §4
constexpr std::uint8_t kTransactionState = 1 << 1;    // RFC 1939 §5

std::uint8_t stateBit(State state) {
    switch (state) {
        case State::Authorization: return kAuthorizationState;
        case State::Transaction: return kTransactionState;
        case State::Update:
        case State::Closed: break;
    }
    return 0;
}

std::vector<std::string_view> splitArguments(std::string_view rest) {
    // RFC 1939 §3 separates arguments by a single space; runs of spaces are accepted.
    std::vector<std::string_view> args;
    std::size_t i = 0;
    while (i < rest.size()) {
        if (rest[i] == ' ') {
            ++i;
            continue;
        }
        const std::size_t end = std::min(rest.find(' ', i), rest.size());
        args.push_back(rest.substr(i, end - i));
        i = end;
    }
    return args;
}

std::uint64_t totalSize(const std::vector<SessionMessage>& messages) {
    std::uint64_t total = 0;
    for (const auto& m : messages)
        if (!m.deleted) total += m.message->size();
    return total;
}

std::size_t visibleCount(const std::vector<SessionMessage>& messages) {
    return static_cast<std::size_t>(std::count_if(messages.begin(), messages.end(), [](const auto& m) { return !m.deleted; }));
}

bool endsWith(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// TOP (RFC 1939 §7): the header, the blank line after it, and the first `lines` body lines.
std::string topOf(const mail::Message& message, std::uint64_t lines) {
    std::string text(message.header());
    if (!text.empty() && !endsWith(text, "\r\n")) text += "\r\n";
    if (text != "\r\n" && !endsWith(text, "\r\n\r\n")) text += "\r\n";  // no separator in the message
    const std::string_view body = message.body();
    std::size_t end = 0;
    for (std::uint64_t n = 0; n < lines && end < body.size(); ++n) {
        const std::size_t lf = body.find('\n', end);
        end = lf == std::string_view::npos ? body.size() : lf + 1;
    }
    text += body.substr(0, end);
    return text;
}

}  // namespace

// [SECTION] command table

struct ServerSession::CommandSpec {
    std::string_view name;  ///< the keyword, upper case
    Handler handler;
    std::uint8_t states;    ///< OR of kAuthorizationState / kTransactionState
    std::uint8_t minArgs;   ///< fewer: "-ERR missing argument"
    std::uint8_t maxArgs;   ///< more: "-ERR too many arguments"
    bool restOfLine;        ///< the one argument is the rest of the line, spaces kept (PASS, RFC 1939 §7)
};

const ServerSession::CommandSpec* ServerSession::findCommand(std::string_view keyword) {
    constexpr std::uint8_t kBoth = kAuthorizationState | kTransactionState;
    static const std::array<CommandSpec, 15> kCommands{{
        // AUTHORIZATION state (RFC 1939 §4, §7; RFC 5034; RFC 2595)
        {"USER", &ServerSession::cmdUser, kAuthorizationState, 1, 1, false},
        {"PASS", &ServerSession::cmdPass, kAuthorizationState, 1, 1, true},
        {"APOP", &ServerSession::cmdApop, kAuthorizationState, 2, 2, false},
        {"AUTH", &ServerSession::cmdAuth, kAuthorizationState, 0, 2, false},
        {"STLS", &ServerSession::cmdStls, kAuthorizationState, 0, 0, false},
        // both states (RFC 2449 §5, RFC 1939 §4 and §6)
        {"CAPA", &ServerSession::cmdCapa, kBoth, 0, 0, false},
        {"QUIT", &ServerSession::cmdQuit, kBoth, 0, 0, false},
        // TRANSACTION state (RFC 1939 §5, §7)
        {"STAT", &ServerSession::cmdStat, kTransactionState, 0, 0, false},
        {"LIST", &ServerSession::cmdList, kTransactionState, 0, 1, false},
        {"RETR", &ServerSession::cmdRetr, kTransactionState, 1, 1, false},
        {"DELE", &ServerSession::cmdDele, kTransactionState, 1, 1, false},
        {"NOOP", &ServerSession::cmdNoop, kTransactionState, 0, 0, false},
        {"RSET", &ServerSession::cmdRset, kTransactionState, 0, 0, false},
        {"TOP", &ServerSession::cmdTop, kTransactionState, 2, 2, false},
        {"UIDL", &ServerSession::cmdUidl, kTransactionState, 0, 1, false},
    }};
    for (const auto& spec : kCommands)
        if (core::equalsIgnoreCase(spec.name, keyword)) return &spec;
    return nullptr;
}

void ServerSession::handleCommand(Output& out, std::string_view line) {
    if (line.empty()) return fail(out, "empty command");
    const std::size_t space = line.find(' ');
    const std::string_view keyword = line.substr(0, space);
    const std::string_view rest = space == std::string_view::npos ? std::string_view() : line.substr(space + 1);

    const CommandSpec* spec = findCommand(keyword);
    if (spec == nullptr) return fail(out, "unknown command");
    if ((spec->states & stateBit(m_state)) == 0)
        return fail(out, std::string(spec->name) + " not valid in this state");

    const std::vector<std::string_view> args = splitArguments(rest);
    const std::size_t given = spec->restOfLine ? (rest.empty() ? 0 : 1) : args.size();
    if (given < spec->minArgs) return fail(out, "missing argument");
    if (given > spec->maxArgs) return fail(out, "too many arguments");
    (this->*(spec->handler))(out, args, rest);
}

// [SECTION] shared helpers

void ServerSession::ok(Output& out, std::string_view text) {
    out.toPeer += "+OK";
    if (!text.empty()) {
        out.toPeer += ' ';
        out.toPeer += text;
    }
    out.toPeer += "\r\n";
    out.emit(Replied{true, {}});
}

void ServerSession::fail(Output& out, std::string_view text) { reject(out, text, ProtocolError{std::string(text)}); }

void ServerSession::failLogin(Output& out, std::string_view user, AuthFailure reason) {
    std::string_view text;
    switch (reason) {
        // RFC 3206 §5: [AUTH] means the credentials are the problem; the text never says which part.
        case AuthFailure::BadCredentials: text = "[AUTH] authentication failed"; break;
        // RFC 2449 §8.1.2: right credentials, but the maildrop is locked by another session.
        case AuthFailure::MaildropInUse: text = "[IN-USE] maildrop is locked by another POP3 session"; break;
        case AuthFailure::PlaintextDisallowed:
            text = "[AUTH] plaintext authentication disallowed on a non-secure connection, use STLS first";
            break;
        case AuthFailure::Cancelled: text = "authentication cancelled"; break;
        case AuthFailure::MalformedResponse: text = "invalid SASL response"; break;
    }
    if (reason == AuthFailure::BadCredentials && m_config.maxFailedLogins > 0 &&
        ++m_failedLogins >= m_config.maxFailedLogins) {
        out.events.push_back(AuthFailed{std::string(user), reason});
        out.toPeer += "-ERR [AUTH] too many failed logins, closing connection\r\n";
        close(out, CloseReason::TooManyErrors);
        return;
    }
    reject(out, text, AuthFailed{std::string(user), reason});
}

void ServerSession::reject(Output& out, std::string_view text, Event event) {
    out.events.push_back(std::move(event));
    ++m_badCommands;
    if (m_config.maxBadCommands > 0 && m_badCommands >= m_config.maxBadCommands) {
        out.toPeer += "-ERR too many errors, closing connection\r\n";
        close(out, CloseReason::TooManyErrors);
        return;
    }
    out.toPeer += "-ERR ";
    out.toPeer += text;
    out.toPeer += "\r\n";
    // RFC 2449 8: "[IN-USE] ..." carries a response code.
    std::string code;
    if (text.starts_with('[') && text.find(']') != std::string_view::npos)
        code = std::string(text.substr(1, text.find(']') - 1));
    out.emit(Replied{false, std::move(code)});
}

std::optional<std::size_t> ServerSession::findMessage(Output& out, std::string_view arg) {
    const auto number = parseNumber(arg);
    if (!number) {
        fail(out, "invalid message number");
        return std::nullopt;
    }
    if (*number == 0 || *number > m_messages.size()) {
        fail(out, "no such message");
        return std::nullopt;
    }
    const std::size_t index = static_cast<std::size_t>(*number - 1);
    if (m_messages[index].deleted) {
        fail(out, "message " + std::to_string(*number) + " already deleted");
        return std::nullopt;
    }
    return index;
}

std::string uniqueIdFor(std::uint32_t uidValidity, std::uint32_t uid) {
    // RFC 1939 §7: 1-70 characters 0x21-0x7E, never reused in this maildrop.
    return std::to_string(uidValidity) + "." + std::to_string(uid);
}

std::string ServerSession::uniqueId(const SessionMessage& m) const { return uniqueIdFor(m_uidValidity, m.uid); }

// [SECTION] login (RFC 1939 §4, §7, §8)

mail::Account* ServerSession::checkPassword(std::string_view user, std::string_view password) {
    mail::Account* account = m_store.findAccount(user);
    return account != nullptr && account->password() == password ? account : nullptr;
}

void ServerSession::login(Output& out, std::string_view user, std::string_view mechanism, mail::Account* account) {
    m_haveUser = false;
    if (account == nullptr) return failLogin(out, user, AuthFailure::BadCredentials);
    // RFC 1939 §8: exclusive access to the maildrop for the whole session.
    if (!m_store.lockMaildrop(*account, m_id)) return failLogin(out, user, AuthFailure::MaildropInUse);

    m_account = account;
    m_locked = true;
    const mail::Mailbox& inbox = std::as_const(*account).inbox();
    m_uidValidity = inbox.uidValidity();
    m_messages.clear();
    for (const auto& item : inbox.items()) m_messages.push_back(SessionMessage{item.uid, item.message, false});
    m_state = State::Transaction;
    out.emit(Authenticated{account->user(), std::string(mechanism)});
    ok(out, "logged in, " + std::to_string(m_messages.size()) + " messages (" + std::to_string(totalSize(m_messages)) +
                " octets)");
}

void ServerSession::cmdUser(Output& out, const std::vector<std::string_view>& args, std::string_view) {
    if (plaintextBlocked()) return failLogin(out, args[0], AuthFailure::PlaintextDisallowed);
    // Always +OK: whether the user exists is not told before the password (RFC 1939 §13).
    m_pendingUser = std::string(args[0]);
    m_haveUser = true;
    ok(out, "send PASS");
}

void ServerSession::cmdPass(Output& out, const std::vector<std::string_view>&, std::string_view password) {
    if (plaintextBlocked()) return failLogin(out, m_pendingUser, AuthFailure::PlaintextDisallowed);
    if (!m_haveUser) return fail(out, "USER first");
    const std::string user = m_pendingUser;
    login(out, user, "USER", checkPassword(user, password));
}

void ServerSession::cmdApop(Output& out, const std::vector<std::string_view>& args, std::string_view) {
    // RFC 1939 §7: digest = MD5(timestamp + shared secret), 16 octets in lowercase hex.
    // APOP never sends the password, so it is allowed without TLS.
    mail::Account* account = m_store.findAccount(args[0]);
    const bool right = account != nullptr && core::equalsIgnoreCase(args[1], md5Hex(m_timestamp + account->password()));
    login(out, args[0], "APOP", right ? account : nullptr);
}

void ServerSession::cmdAuth(Output& out, const std::vector<std::string_view>& args, std::string_view) {
    if (args.empty()) {
        // Not in RFC 5034, but common (and used by clients to probe): list the mechanisms.
        ok(out, "");
        if (!plaintextBlocked()) out.toPeer += "PLAIN\r\n";
        out.toPeer += ".\r\n";
        return;
    }
    if (!core::equalsIgnoreCase(args[0], "PLAIN")) return fail(out, "unsupported authentication mechanism");
    if (plaintextBlocked()) return failLogin(out, "", AuthFailure::PlaintextDisallowed);
    if (args.size() == 2) {
        // RFC 5034 §4: "=" is an empty initial response.
        return authenticatePlain(out, args[1] == "=" ? std::string_view() : args[1]);
    }
    // RFC 5034 §4: no initial response: an empty challenge, "+ " then the client's line.
    m_saslPending = true;
    out.toPeer += "+ \r\n";
}

void ServerSession::handleSaslResponse(Output& out, std::string_view line) {
    m_saslPending = false;
    // RFC 5034 §4: "*" cancels the exchange, which must then fail with -ERR.
    if (line == "*") return failLogin(out, "", AuthFailure::Cancelled);
    authenticatePlain(out, line);
}

void ServerSession::authenticatePlain(Output& out, std::string_view base64) {
    // RFC 4616 §2: [authzid] NUL authcid NUL passwd
    const auto creds = core::decodeSaslPlain(base64);
    if (!creds) return failLogin(out, "", AuthFailure::MalformedResponse);
    const std::string_view authzid = creds->authzid;
    const std::string_view user = creds->authcid;
    const std::string_view password = creds->password;
    // Acting as another user is not supported: the authzid must be empty or the same user.
    if (!authzid.empty() && authzid != user) return failLogin(out, user, AuthFailure::BadCredentials);
    login(out, user, "PLAIN", checkPassword(user, password));
}

void ServerSession::cmdStls(Output& out, const std::vector<std::string_view>&, std::string_view) {
    if (!m_config.tlsAvailable) return fail(out, "TLS is not available");
    if (m_tlsActive) return fail(out, "TLS is already active");
    ok(out, "Begin TLS negotiation");
    // RFC 2595 §4: forget what was said before TLS; receive() discards the buffered rest.
    m_haveUser = false;
    m_pendingUser.clear();
    m_awaitingTls = true;
    out.emit(TlsRequested{});
}

// [SECTION] both states

void ServerSession::cmdCapa(Output& out, const std::vector<std::string_view>&, std::string_view) {
    // RFC 2449 §5, §6: one capability per line, then ".".
    ok(out, "Capability list follows");
    std::string& s = out.toPeer;
    s += "TOP\r\nUIDL\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\nEXPIRE NEVER\r\nLOGIN-DELAY 0\r\n";
    if (m_state == State::Authorization) {
        if (!plaintextBlocked()) s += "USER\r\nSASL PLAIN\r\n";
        if (m_config.tlsAvailable && !m_tlsActive) s += "STLS\r\n";
    }
    s += "IMPLEMENTATION " + m_config.implementation + "\r\n.\r\n";
}

void ServerSession::cmdQuit(Output& out, const std::vector<std::string_view>&, std::string_view) {
    const std::string signOff = m_config.implementation + " POP3 server signing off";
    if (m_state == State::Authorization) {
        ok(out, signOff);
        return close(out, CloseReason::Quit);
    }
    // RFC 1939 §6: the UPDATE state removes the marked messages, and only here.
    m_state = State::Update;
    UpdateApplied applied;
    mail::Mailbox& inbox = m_account->inbox();
    for (const auto& m : m_messages) {
        if (!m.deleted) continue;
        // A message already expunged (over IMAP, meanwhile) is skipped.
        if (m_store.expunge(*m_account, inbox, m.uid, m_id)) applied.expunged.push_back(m.uid);
    }
    const std::size_t left = std::as_const(*m_account).inbox().size();
    out.emit(std::move(applied));
    ok(out, signOff + (left == 0 ? std::string(" (maildrop empty)") : " (" + std::to_string(left) + (left == 1 ? " message left)" : " messages left)")));
    close(out, CloseReason::Quit);
}

// [SECTION] TRANSACTION state (RFC 1939 §5, §7)

void ServerSession::cmdStat(Output& out, const std::vector<std::string_view>&, std::string_view) {
    ok(out, std::to_string(visibleCount(m_messages)) + " " + std::to_string(totalSize(m_messages)));
}

void ServerSession::cmdList(Output& out, const std::vector<std::string_view>& args, std::string_view) {
    if (!args.empty()) {
        const auto index = findMessage(out, args[0]);
        if (index) ok(out, std::to_string(*index + 1) + " " + std::to_string(m_messages[*index].message->size()));
        return;
    }
    ok(out, std::to_string(visibleCount(m_messages)) + " messages (" + std::to_string(totalSize(m_messages)) +
                " octets)");
    for (std::size_t i = 0; i < m_messages.size(); ++i) {
        if (m_messages[i].deleted) continue;
        out.toPeer += std::to_string(i + 1) + " " + std::to_string(m_messages[i].message->size()) + "\r\n";
    }
    out.toPeer += ".\r\n";
}

void ServerSession::cmdRetr(Output& out, const std::vector<std::string_view>& args, std::string_view) {
    const auto index = findMessage(out, args[0]);
    if (!index) return;
    const SessionMessage& m = m_messages[*index];
    // The exact octet count lets a client restore a message that does not end in CRLF.
    ok(out, std::to_string(m.message->size()) + " octets");
    appendDotStuffed(out.toPeer, m.message->bytes());
    out.emit(MessageRetrieved{*index + 1, m.uid});
}

void ServerSession::cmdDele(Output& out, const std::vector<std::string_view>& args, std::string_view) {
    const auto index = findMessage(out, args[0]);
    if (!index) return;
    m_messages[*index].deleted = true;
    ok(out, "message " + std::to_string(*index + 1) + " deleted");
    out.emit(MarkedDeleted{*index + 1, m_messages[*index].uid});
}

void ServerSession::cmdNoop(Output& out, const std::vector<std::string_view>&, std::string_view) { ok(out, ""); }

void ServerSession::cmdRset(Output& out, const std::vector<std::string_view>&, std::string_view) {
    std::size_t unmarked = 0;
    for (auto& m : m_messages) {
        if (m.deleted) ++unmarked;
        m.deleted = false;
    }
    ok(out, "maildrop has " + std::to_string(m_messages.size()) + " messages (" + std::to_string(totalSize(m_messages)) +
                " octets)");
    out.emit(MarksReset{unmarked});
}

void ServerSession::cmdTop(Output& out, const std::vector<std::string_view>& args, std::string_view) {
    const auto index = findMessage(out, args[0]);
    if (!index) return;
    const auto lines = parseNumber(args[1], 0xFFFFFFFFFFull);
    if (!lines) return fail(out, "invalid number of lines");
    ok(out, "top of message follows");
    appendDotStuffed(out.toPeer, topOf(*m_messages[*index].message, *lines));
}

void ServerSession::cmdUidl(Output& out, const std::vector<std::string_view>& args, std::string_view) {
    if (!args.empty()) {
        const auto index = findMessage(out, args[0]);
        if (index) ok(out, std::to_string(*index + 1) + " " + uniqueId(m_messages[*index]));
        return;
    }
    ok(out, "unique-id listing follows");
    for (std::size_t i = 0; i < m_messages.size(); ++i) {
        if (m_messages[i].deleted) continue;
        out.toPeer += std::to_string(i + 1) + " " + uniqueId(m_messages[i]) + "\r\n";
    }
    out.toPeer += ".\r\n";
}

}  // namespace mailscope::pop3
