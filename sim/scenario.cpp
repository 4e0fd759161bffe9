// Scenario files: TOML (toml++) to the Scenario model, with "FILE:LINE:COLUMN: problem"
// errors. Inline messages are written as RFC 5322 messages (RFC 2047 for UTF-8 headers).
#include "sim/scenario.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <initializer_list>
#include <new>
#include <sstream>

#include <toml++/toml.h>

#include "protocols/core/catalogue.h"
#include "sim/toml_errors.h"

namespace mailscope::sim {

namespace {

// [SECTION] Errors and typed access

/// Reads one TOML document, turning every problem into a ScenarioError at a position.
class Reader {
public:
    explicit Reader(std::string sourceName) : m_source(std::move(sourceName)) {}

    [[noreturn]] void fail(const toml::source_region& where, const std::string& problem) const {
        throw ScenarioError(m_source, where.begin.line, where.begin.column, problem);
    }
    [[noreturn]] void fail(const toml::node& node, const std::string& problem) const { fail(node.source(), problem); }

    /// Reports the first key of `table` that is not in `allowed` (typos must not pass).
    void checkKeys(const toml::table& table, std::initializer_list<std::string_view> allowed,
                   std::string_view what) const {
        if (const toml::key* bad = firstKeyNotIn(table, allowed))
            fail(bad->source(), "unknown key '" + std::string(bad->str()) + "' in " + std::string(what));
    }

    /// The key of `table` earliest in the file that is not in `allowed`, or nullptr.
    /// (Tables iterate in key order, so the file order is found by position.)
    template <typename Names>
    static const toml::key* firstKeyNotIn(const toml::table& table, const Names& allowed) {
        const toml::key* first = nullptr;
        for (auto&& [key, value] : table) {
            if (std::find(std::begin(allowed), std::end(allowed), key.str()) != std::end(allowed)) continue;
            const auto& at = key.source().begin;
            if (!first || at.line < first->source().begin.line ||
                (at.line == first->source().begin.line && at.column < first->source().begin.column))
                first = &key;
        }
        return first;
    }

    const toml::node* optional(const toml::table& table, std::string_view key) const { return table.get(key); }

    const toml::node& required(const toml::table& table, std::string_view key, std::string_view what) const {
        const toml::node* node = table.get(key);
        if (!node) fail(table, "missing key '" + std::string(key) + "' in " + std::string(what));
        return *node;
    }

    std::string string(const toml::node& node, std::string_view key) const {
        if (!node.is_string()) fail(node, "'" + std::string(key) + "' must be a string, not " + typeName(node));
        return std::string(node.as_string()->get());
    }
    std::int64_t integer(const toml::node& node, std::string_view key) const {
        if (!node.is_integer()) fail(node, "'" + std::string(key) + "' must be an integer, not " + typeName(node));
        return node.as_integer()->get();
    }
    bool boolean(const toml::node& node, std::string_view key) const {
        if (!node.is_boolean()) fail(node, "'" + std::string(key) + "' must be true or false, not " + typeName(node));
        return node.as_boolean()->get();
    }
    const toml::table& table(const toml::node& node, std::string_view key) const {
        if (!node.is_table()) fail(node, "'" + std::string(key) + "' must be a table, not " + typeName(node));
        return *node.as_table();
    }
    /// An array of tables ([[key]]); each element checked.
    std::vector<const toml::table*> tables(const toml::node& node, std::string_view key) const {
        if (!node.is_array()) fail(node, "'" + std::string(key) + "' must be an array of tables ([[" +
                                             std::string(key) + "]]), not " + typeName(node));
        std::vector<const toml::table*> out;
        for (const toml::node& element : *node.as_array()) out.push_back(&table(element, key));
        return out;
    }
    std::vector<std::string> strings(const toml::node& node, std::string_view key) const {
        if (!node.is_array()) fail(node, "'" + std::string(key) + "' must be an array of strings, not " + typeName(node));
        std::vector<std::string> out;
        for (const toml::node& element : *node.as_array()) out.push_back(string(element, key));
        return out;
    }
    /// A TOML date-time; without an offset it is taken as UTC.
    core::Time dateTime(const toml::node& node, std::string_view key) const {
        if (!node.is_date_time())
            fail(node, "'" + std::string(key) + "' must be a date-time like 2026-11-27T09:00:00+01:00, not " +
                           typeName(node));
        const toml::date_time& dt = node.as_date_time()->get();
        core::CivilTime c;
        c.year = dt.date.year;
        c.month = dt.date.month;
        c.day = dt.date.day;
        c.hour = dt.time.hour;
        c.minute = dt.time.minute;
        c.second = dt.time.second;
        c.zoneMinutes = dt.offset ? dt.offset->minutes : 0;
        return core::timeFromCivil(c);
    }

    static std::string typeName(const toml::node& node) { return std::string(tomlTypeName(node)); }

private:
    std::string m_source;
};

// [SECTION] Names as written in files

/// Scenario files use the actions CheckMail .. DeliverMail; later kinds come from the app.
constexpr ActionKind kLastFileAction = ActionKind::DeliverMail;

/// "check_mail, open_message, ..., deliver_mail": every action a scenario file may name.
std::string fileActionNames() {
    std::string names;
    for (int k = 0; k <= static_cast<int>(kLastFileAction); ++k) {
        if (!names.empty()) names += ", ";
        names += actionKindName(static_cast<ActionKind>(k));
    }
    return names;
}

/// Every action a saved world may record (any kind the window gives).
std::string allActionNames() {
    std::string names;
    for (int k = 0; k <= static_cast<int>(ActionKind::SetQuickResync); ++k) {
        if (!names.empty()) names += ", ";
        names += actionKindName(static_cast<ActionKind>(k));
    }
    return names;
}

// [SECTION] Building messages

std::string toCrlf(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 16);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\r') {
            out += "\r\n";
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else if (c == '\n') {
            out += "\r\n";
        } else {
            out += c;
        }
    }
    return out;
}

bool isAscii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

/// RFC 2047 "B" encoded-word for UTF-8 text; ASCII text is returned as is.
std::string encodeWord(std::string_view text) {
    if (isAscii(text)) return std::string(text);
    static constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out = "=?UTF-8?B?";
    for (std::size_t i = 0; i < text.size(); i += 3) {
        std::uint32_t chunk = static_cast<unsigned char>(text[i]) << 16;
        if (i + 1 < text.size()) chunk |= static_cast<unsigned char>(text[i + 1]) << 8;
        if (i + 2 < text.size()) chunk |= static_cast<unsigned char>(text[i + 2]);
        out += kBase64[(chunk >> 18) & 63];
        out += kBase64[(chunk >> 12) & 63];
        out += i + 1 < text.size() ? kBase64[(chunk >> 6) & 63] : '=';
        out += i + 2 < text.size() ? kBase64[chunk & 63] : '=';
    }
    return out + "?=";
}

/// "Zofia Żak <zofia@example.pl>": the display name is encoded, the address kept.
std::string encodeAddress(std::string_view address) {
    const std::size_t angle = address.find('<');
    if (angle == std::string_view::npos || angle == 0) return std::string(address);
    std::string_view name = address.substr(0, angle);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    return encodeWord(name) + " " + std::string(address.substr(angle));
}

/// An RFC 5322 message for an inline ScenarioMessage.
std::string buildMessage(const ScenarioMessage& m, int serial) {
    const bool utf8 = !isAscii(m.body);
    std::string text;
    text += "From: " + encodeAddress(m.from) + "\n";
    text += "To: " + encodeAddress(m.to) + "\n";
    text += "Subject: " + encodeWord(m.subject) + "\n";
    text += "Date: " + core::formatRfc5322(m.date.value_or(0)) + "\n";
    text += "Message-ID: <scenario." + std::to_string(serial) + "." + std::to_string(m.date.value_or(0)) +
            "@mailscope.test>\n";
    text += "MIME-Version: 1.0\n";
    text += std::string("Content-Type: text/plain; charset=") + (utf8 ? "utf-8" : "us-ascii") + "\n";
    text += std::string("Content-Transfer-Encoding: ") + (utf8 ? "8bit" : "7bit") + "\n";
    text += "\n";
    text += m.body;
    if (!m.body.empty() && m.body.back() != '\n') text += "\n";
    return toCrlf(text);
}

bool validFlag(std::string_view flag) {
    if (flag.empty()) return false;
    if (flag.front() == '\\') {
        for (std::string_view system : {"\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft"})
            if (core::equalsIgnoreCase(flag, system)) return true;
        return false;
    }
    // A keyword is an IMAP atom (RFC 3501 9: no specials, controls or spaces).
    return std::none_of(flag.begin(), flag.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u <= 0x20 || u >= 0x7f || std::string_view("(){%*\"\\]").find(c) != std::string_view::npos;
    });
}

// [SECTION] The loader

class Loader {
public:
    Loader(std::string sourceName, std::filesystem::path assetsDir)
        : m_reader(std::move(sourceName)), m_assetsDir(std::move(assetsDir)) {}

    Scenario load(const toml::table& root) {
        Scenario s;
        m_reader.checkKeys(root, {"title_en", "title_pl", "start", "server", "accounts", "devices", "actions", "recorded",
                                  "saved"},
                           "the scenario");
        s.title_en = m_reader.string(m_reader.required(root, "title_en", "the scenario"), "title_en");
        s.title_pl = m_reader.string(m_reader.required(root, "title_pl", "the scenario"), "title_pl");
        const toml::node& start = m_reader.required(root, "start", "the scenario");
        s.start = m_reader.dateTime(start, "start");
        if (const auto* dt = start.as_date_time(); dt && dt->get().offset) s.zoneMinutes = dt->get().offset->minutes;
        m_start = s.start;
        if (const toml::node* server = m_reader.optional(root, "server")) s.server = this->server(m_reader.table(*server, "server"));
        for (const toml::table* t : m_reader.tables(m_reader.required(root, "accounts", "the scenario"), "accounts"))
            s.accounts.push_back(account(*t, s));
        if (const toml::node* devices = m_reader.optional(root, "devices"))
            for (const toml::table* t : m_reader.tables(*devices, "devices")) s.devices.push_back(device(*t, s));
        if (const toml::node* actions = m_reader.optional(root, "actions"))
            for (const toml::table* t : m_reader.tables(*actions, "actions")) s.actions.push_back(action(*t, s));
        std::stable_sort(s.actions.begin(), s.actions.end(),
                         [](const ScenarioAction& a, const ScenarioAction& b) { return a.at < b.at; });
        if (const toml::node* recorded = m_reader.optional(root, "recorded"))
            for (const toml::table* t : m_reader.tables(*recorded, "recorded")) s.recorded.push_back(recordedAction(*t, s));
        std::stable_sort(s.recorded.begin(), s.recorded.end(),
                         [](const RecordedAction& a, const RecordedAction& b) { return a.step < b.step; });
        if (const toml::node* saved = m_reader.optional(root, "saved")) s.saved = savedPosition(m_reader.table(*saved, "saved"));
        return s;
    }

private:
    ScenarioServer server(const toml::table& t) {
        m_reader.checkKeys(t, {"starttls"}, "the server");
        ScenarioServer server;
        if (const toml::node* n = m_reader.optional(t, "starttls")) server.starttls = m_reader.boolean(*n, "starttls");
        return server;
    }

    ScenarioAccount account(const toml::table& t, const Scenario& s) {
        m_reader.checkKeys(t, {"user", "password", "inbox"}, "an account");
        ScenarioAccount a;
        const toml::node& user = m_reader.required(t, "user", "an account");
        a.user = m_reader.string(user, "user");
        if (a.user.empty() || a.user.find_first_of(" \t\"\\") != std::string::npos)
            m_reader.fail(user, "user name '" + a.user + "' must be non-empty, without spaces or quotes");
        for (const ScenarioAccount& other : s.accounts)
            if (other.user == a.user) m_reader.fail(user, "duplicate account '" + a.user + "'");
        a.password = m_reader.string(m_reader.required(t, "password", "an account"), "password");
        if (const toml::node* inbox = m_reader.optional(t, "inbox"))
            for (const toml::table* m : m_reader.tables(*inbox, "inbox")) a.inbox.push_back(message(*m, m_start));
        return a;
    }

    /// A message table: `file = "x.eml"` or inline from/to/subject/body/date, plus flags.
    ScenarioMessage message(const toml::table& t, core::Time deliveredAt) {
        m_reader.checkKeys(t, {"file", "from", "to", "subject", "body", "date", "flags"}, "a message");
        ScenarioMessage m;
        if (const toml::node* flags = m_reader.optional(t, "flags")) {
            m.flags = m_reader.strings(*flags, "flags");
            for (std::size_t i = 0; i < m.flags.size(); ++i)
                if (!validFlag(m.flags[i]))
                    m_reader.fail(*flags->as_array()->get(i), "unknown flag '" + m.flags[i] +
                                                                 "' (use \\\\Seen, \\\\Flagged, ... or a keyword)");
        }
        if (const toml::node* file = m_reader.optional(t, "file")) {
            for (std::string_view inlineKey : {"from", "to", "subject", "body", "date"})
                if (const toml::node* extra = t.get(inlineKey))
                    m_reader.fail(*extra, "'" + std::string(inlineKey) + "' cannot be used together with 'file'");
            m.file = m_reader.string(*file, "file");
            if (m.file.empty() || m.file.find_first_of("/\\") != std::string::npos || m.file == "..")
                m_reader.fail(*file, "'" + m.file + "' must be a file name in " + (m_assetsDir / "mail").string());
            const std::filesystem::path path = m_assetsDir / "mail" / m.file;
            try {
                m.bytes = toCrlf(readTextFile(path, kMaxMessageFileBytes));
            } catch (const FileError& e) {
                m_reader.fail(*file, "cannot read message file " + path.string() + ": " + e.problem());
            }
            return m;
        }
        m.from = m_reader.string(m_reader.required(t, "from", "an inline message (or give 'file')"), "from");
        m.to = m_reader.string(m_reader.required(t, "to", "an inline message"), "to");
        m.subject = m_reader.string(m_reader.required(t, "subject", "an inline message"), "subject");
        if (const toml::node* body = m_reader.optional(t, "body")) m.body = m_reader.string(*body, "body");
        m.date = deliveredAt;
        if (const toml::node* date = m_reader.optional(t, "date")) m.date = m_reader.dateTime(*date, "date");
        for (const std::string* header : {&m.from, &m.to, &m.subject})
            if (header->find_first_of("\r\n") != std::string::npos)
                m_reader.fail(t, "header values must be one line: '" + *header + "'");
        m.bytes = buildMessage(m, ++m_inlineCount);
        return m;
    }

    ScenarioDevice device(const toml::table& t, const Scenario& s) {
        m_reader.checkKeys(t, {"name", "kind", "account", "protocol", "leave_copy", "delete_after_days", "idle",
                               "quick_resync", "poll_seconds", "tls", "security"},
                           "a device");
        ScenarioDevice d;
        const toml::node& name = m_reader.required(t, "name", "a device");
        d.name = m_reader.string(name, "name");
        if (d.name.empty()) m_reader.fail(name, "device name must not be empty");
        for (const ScenarioDevice& other : s.devices)
            if (other.name == d.name) m_reader.fail(name, "duplicate device name '" + d.name + "'");
        if (const toml::node* kind = m_reader.optional(t, "kind")) {
            const std::string k = m_reader.string(*kind, "kind");
            if (k == "phone") d.kind = DeviceKind::Phone;
            else if (k == "laptop") d.kind = DeviceKind::Laptop;
            else if (k == "tablet") d.kind = DeviceKind::Tablet;
            else if (k == "other") d.kind = DeviceKind::Other;
            else m_reader.fail(*kind, "unknown device kind '" + k + "' (phone, laptop, tablet or other)");
        }
        const toml::node& account = m_reader.required(t, "account", "a device");
        d.account = m_reader.string(account, "account");
        requireAccount(account, d.account, s);
        d.protocol = protocolFrom(m_reader.required(t, "protocol", "a device"));
        if (const toml::node* n = m_reader.optional(t, "leave_copy")) d.leaveCopy = m_reader.boolean(*n, "leave_copy");
        if (const toml::node* n = m_reader.optional(t, "delete_after_days")) {
            const std::int64_t days = m_reader.integer(*n, "delete_after_days");
            if (days < 1 || days > 3650) m_reader.fail(*n, "'delete_after_days' must be 1..3650");
            d.deleteAfterDays = static_cast<int>(days);
        }
        if (const toml::node* n = m_reader.optional(t, "idle")) d.idle = m_reader.boolean(*n, "idle");
        if (const toml::node* n = m_reader.optional(t, "quick_resync")) d.quickResync = m_reader.boolean(*n, "quick_resync");
        if (const toml::node* n = m_reader.optional(t, "poll_seconds")) {
            const std::int64_t seconds = m_reader.integer(*n, "poll_seconds");
            if (seconds < 0 || seconds > 86400) m_reader.fail(*n, "'poll_seconds' must be 0..86400 (0: only when asked)");
            d.pollSeconds = static_cast<int>(seconds);
        }
        // `tls = true` (implicit TLS) from before STARTTLS existed, or `security` naming the mode.
        const toml::node* tls = m_reader.optional(t, "tls");
        const toml::node* security = m_reader.optional(t, "security");
        if (tls && security) m_reader.fail(*security, "give 'tls' or 'security', not both");
        if (tls) d.tls = m_reader.boolean(*tls, "tls") ? TlsMode::Implicit : TlsMode::Off;
        if (security) {
            const std::string name = m_reader.string(*security, "security");
            const std::optional<TlsMode> mode = tlsModeFromName(name);
            if (!mode) m_reader.fail(*security, "unknown security '" + name + "' (off, starttls or implicit)");
            d.tls = *mode;
        }
        return d;
    }

    void requireAccount(const toml::node& where, const std::string& user, const Scenario& s) const {
        for (const ScenarioAccount& a : s.accounts)
            if (a.user == user) return;
        m_reader.fail(where, "unknown account '" + user + "'");
    }

    ScenarioAction action(const toml::table& t, const Scenario& s) {
        m_reader.checkKeys(t, {"at", "device", "do", "message", "folder", "new_name", "flag", "account", "mail"},
                           "an action");
        ScenarioAction a;
        const toml::node& at = m_reader.required(t, "at", "an action");
        std::optional<core::Time> offset;
        if (at.is_integer()) {
            if (at.as_integer()->get() >= 0) offset = at.as_integer()->get();
        } else if (at.is_string()) {
            offset = parseOffset(at.as_string()->get());
        } else {
            m_reader.fail(at, "'at' must be seconds or \"mm:ss\" / \"hh:mm:ss\", not " + Reader::typeName(at));
        }
        if (!offset) m_reader.fail(at, "bad time; use seconds, \"mm:ss\" or \"hh:mm:ss\" after the start");
        a.at = *offset;
        body(t, s, a, false);
        return a;
    }

    /// A `[[recorded]]` action: a person's, at a step; any kind the window can give.
    RecordedAction recordedAction(const toml::table& t, const Scenario& s) {
        RecordedAction r;
        const toml::node& step = m_reader.required(t, "step", "a recorded action");
        const std::int64_t n = m_reader.integer(step, "step");
        if (n < 0) m_reader.fail(step, "'step' must be 0 or more");
        r.step = static_cast<std::size_t>(n);
        if (const toml::node* imap = m_reader.optional(t, "imap_step")) {
            const std::int64_t m = m_reader.integer(*imap, "imap_step");
            if (m < 0) m_reader.fail(*imap, "'imap_step' must be 0 or more");
            r.imapStep = static_cast<std::size_t>(m);
        }
        r.action.origin = ActionOrigin::User;
        body(t, s, r.action, true);
        return r;
    }

    SavedPosition savedPosition(const toml::table& t) {
        m_reader.checkKeys(t, {"compare", "step", "imap_step", "uid_validity"}, "[saved]");
        SavedPosition p;
        if (const toml::node* n = m_reader.optional(t, "compare")) p.compare = m_reader.boolean(*n, "compare");
        const auto count = [&](const toml::node& n, std::string_view key, std::int64_t max) {
            const std::int64_t v = m_reader.integer(n, key);
            if (v < 0 || v > max) m_reader.fail(n, "'" + std::string(key) + "' must be 0.." + std::to_string(max));
            return v;
        };
        if (const toml::node* n = m_reader.optional(t, "step")) p.step = static_cast<std::size_t>(count(*n, "step", 1'000'000'000));
        if (const toml::node* n = m_reader.optional(t, "imap_step"))
            p.imapStep = static_cast<std::size_t>(count(*n, "imap_step", 1'000'000'000));
        if (const toml::node* n = m_reader.optional(t, "uid_validity")) {
            const std::int64_t v = count(*n, "uid_validity", 0xffffffffLL);
            if (v == 0) m_reader.fail(*n, "'uid_validity' must be 1..4294967295 (RFC 3501 2.3.1.1)");
            p.uidValidity = static_cast<std::uint32_t>(v);
        }
        return p;
    }

    /// What an action does (`do` and the keys its kind takes), after its time or step.
    /// `recorded`: a person's action from a saved world, which may be any kind the window
    /// gives and name the folder a message is in.
    void body(const toml::table& t, const Scenario& s, ScenarioAction& a, bool recorded) {
        const std::string_view what_ = recorded ? "a recorded action" : "an action";
        const toml::node& what = m_reader.required(t, "do", what_);
        const std::string name = m_reader.string(what, "do");
        const std::optional<ActionKind> kind = actionKindFromName(name);
        if (!kind || (!recorded && *kind > kLastFileAction))
            m_reader.fail(what, "unknown action '" + name + "'; the actions are " +
                                    (recorded ? allActionNames() : fileActionNames()));
        a.kind = *kind;

        // Which keys each kind takes; "at"/"step" and "do" are always there.
        std::vector<std::string_view> uses;
        switch (a.kind) {
            case ActionKind::CheckMail:
            case ActionKind::GoOffline:
            case ActionKind::GoOnline: uses = {"device"}; break;
            case ActionKind::OpenMessage:
            case ActionKind::MarkUnread:
            case ActionKind::Delete: uses = {"device", "message"}; break;
            case ActionKind::Flag:
            case ActionKind::Unflag: uses = {"device", "message", "flag"}; break;
            case ActionKind::MoveToFolder: uses = {"device", "message", "folder"}; break;
            case ActionKind::CreateFolder:
            case ActionKind::DeleteFolder: uses = {"device", "folder"}; break;
            case ActionKind::RenameFolder: uses = {"device", "folder", "new_name"}; break;
            case ActionKind::DeliverMail: uses = {"account", "mail"}; break;
            // The kinds below come from the window (saved worlds only).
            case ActionKind::AddDevice: uses = {"settings"}; break;
            case ActionKind::RemoveDevice:
            case ActionKind::UndoDeletes: uses = {"device"}; break;
            case ActionKind::SetProtocol: uses = {"device", "protocol"}; break;
            case ActionKind::SetLeaveCopy:
            case ActionKind::SetIdle:
            case ActionKind::SetQuickResync: uses = {"device", "on"}; break;
            case ActionKind::SetTls: uses = {"device", "mode"}; break;
        }
        std::vector<std::string_view> allowed = uses;
        if (recorded) {
            allowed.insert(allowed.end(), {"step", "imap_step", "do"});
            if (a.kind >= ActionKind::OpenMessage && a.kind <= ActionKind::MoveToFolder) allowed.push_back("folder");
            if (a.kind == ActionKind::MoveToFolder) allowed.push_back("source_folder");
        } else {
            allowed.insert(allowed.end(), {"at", "do"});
        }
        if (const toml::key* extra = Reader::firstKeyNotIn(t, allowed))
            m_reader.fail(extra->source(), "key '" + std::string(extra->str()) + "' does not apply to action '" +
                                               name + "'");
        const std::string context = "action '" + name + "'";
        for (std::string_view key : uses) {
            if (key == "flag") continue;  // optional
            const toml::node& value = m_reader.required(t, key, context);
            if (key == "device") {
                a.device = m_reader.string(value, "device");
                const bool known = std::any_of(s.devices.begin(), s.devices.end(),
                                               [&](const ScenarioDevice& d) { return d.name == a.device; }) ||
                                   std::any_of(s.recorded.begin(), s.recorded.end(), [&](const RecordedAction& r) {
                                       return r.action.settings && r.action.settings->name == a.device;
                                   });
                if (!known) m_reader.fail(value, "unknown device '" + a.device + "'");
            } else if (key == "settings") {
                a.settings = device(m_reader.table(value, "settings"), s);
            } else if (key == "protocol") {
                a.protocol = protocolFrom(value);
            } else if (key == "on") {
                a.on = m_reader.boolean(value, "on");
            } else if (key == "mode") {
                const std::string name = m_reader.string(value, "mode");
                const std::optional<TlsMode> mode = tlsModeFromName(name);
                if (!mode) m_reader.fail(value, "unknown mode '" + name + "' (off, starttls or implicit)");
                a.tls = *mode;
            } else if (key == "message") {
                MessageRef ref;
                if (value.is_integer()) {
                    const std::int64_t uid = value.as_integer()->get();
                    if (uid < 1 || uid > 0xffffffffLL) m_reader.fail(value, "message UID must be 1..4294967295");
                    ref.uid = static_cast<std::uint32_t>(uid);
                } else if (value.is_string() && !value.as_string()->get().empty()) {
                    ref.subjectContains = value.as_string()->get();
                } else {
                    m_reader.fail(value, "'message' must be a UID or a non-empty part of the subject");
                }
                a.message = ref;
            } else if (key == "folder" || key == "new_name") {
                std::string folder = m_reader.string(value, key);
                if (folder.empty()) m_reader.fail(value, "'" + std::string(key) + "' must not be empty");
                (key == "folder" ? a.folder : a.newName) = std::move(folder);
            } else if (key == "account") {
                a.account = m_reader.string(value, "account");
                requireAccount(value, a.account, s);
            } else if (key == "mail") {
                a.mail = message(m_reader.table(value, "mail"), m_start + a.at);
            }
        }
        if (a.kind == ActionKind::Flag || a.kind == ActionKind::Unflag) {
            a.flag = "\\Flagged";
            if (const toml::node* flag = m_reader.optional(t, "flag")) {
                a.flag = m_reader.string(*flag, "flag");
                if (!validFlag(a.flag)) m_reader.fail(*flag, "unknown flag '" + a.flag + "'");
            }
        }
        if (recorded) {
            // For these the folder is where the message is; MoveToFolder's folder is read above.
            if (a.kind != ActionKind::MoveToFolder)
                if (const toml::node* folder = m_reader.optional(t, "folder")) a.folder = m_reader.string(*folder, "folder");
            if (const toml::node* source = m_reader.optional(t, "source_folder"))
                a.sourceFolder = m_reader.string(*source, "source_folder");
        }
    }

    Protocol protocolFrom(const toml::node& node) const {
        const std::string p = m_reader.string(node, "protocol");
        if (core::equalsIgnoreCase(p, "pop3")) return Protocol::Pop3;
        if (core::equalsIgnoreCase(p, "imap")) return Protocol::Imap;
        m_reader.fail(node, "unknown protocol '" + p + "' (pop3 or imap)");
    }

    Reader m_reader;
    std::filesystem::path m_assetsDir;
    core::Time m_start = 0;
    int m_inlineCount = 0;
};

}  // namespace

// [SECTION] Public entry points

std::optional<core::Time> parseOffset(std::string_view text) {
    std::vector<std::int64_t> fields;
    std::size_t i = 0;
    while (true) {
        const std::size_t begin = i;
        std::int64_t value = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - begin < 6) value = value * 10 + (text[i++] - '0');
        const std::size_t digits = i - begin;
        if (digits == 0) return std::nullopt;
        if (!fields.empty() && (digits != 2 || value > 59)) return std::nullopt;
        fields.push_back(value);
        if (i == text.size()) break;
        if (text[i] != ':') return std::nullopt;
        ++i;
    }
    if (fields.size() == 2) return fields[0] * 60 + fields[1];
    if (fields.size() == 3) return fields[0] * 3600 + fields[1] * 60 + fields[2];
    return std::nullopt;
}

Scenario parseScenario(std::string_view toml, std::string sourceName, const std::filesystem::path& assetsDir) {
    toml::table root;
    try {
        root = parseToml(toml, sourceName);
    } catch (const FileError& e) {
        throw ScenarioError(e.file(), e.line(), e.column(), e.problem());
    }
    try {
        return Loader(sourceName, assetsDir).load(root);
    } catch (const ScenarioError&) {
        throw;
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& e) {
        // A file edge: nothing else (std::filesystem, toml++) may reach the caller.
        throw ScenarioError(sourceName, 1, 1, e.what());
    }
}

Scenario loadScenario(const std::filesystem::path& file, const std::filesystem::path& assetsDir) {
    std::string text;
    try {
        text = readTextFile(file, kMaxScenarioBytes);
    } catch (const FileError& e) {
        throw ScenarioError(e.file(), e.line(), e.column(), "cannot read the scenario file: " + e.problem());
    }
    return parseScenario(text, file.string(), assetsDir);
}

bool beforeInTeachingOrder(std::string_view a, std::string_view b) {
    constexpr std::string_view kOrder[] = {"where-messages-are-stored", "several-devices", "managing-mail",
                                           "eavesdropper"};
    const auto rank = [&](std::string_view name) {
        return static_cast<std::size_t>(std::find(std::begin(kOrder), std::end(kOrder), name) - std::begin(kOrder));
    };
    const std::size_t ra = rank(a);
    const std::size_t rb = rank(b);
    return ra != rb ? ra < rb : a < b;
}

}  // namespace mailscope::sim
