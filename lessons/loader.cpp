// The lesson loader: one TOML file (toml++) holding both languages. Every problem is a
// LessonError "FILE:LINE:COLUMN: problem" at the place it was written.
#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "lessons/lesson.h"
#include "protocols/core/sasl.h"
#include "protocols/core/time.h"
#include "sim/world.h"

namespace mailscope::lessons {

std::string_view langName(Lang lang) { return lang == Lang::Pl ? "pl" : "en"; }

std::optional<Lang> langFromName(std::string_view name) {
    if (name == "en") return Lang::En;
    if (name == "pl") return Lang::Pl;
    return std::nullopt;
}

namespace {

constexpr std::pair<CheckKind, std::string_view> kCheckNames[] = {
    {CheckKind::ServerCount, "server_count"},   {CheckKind::ServerHas, "server_has"},
    {CheckKind::ServerFlag, "server_flag"},     {CheckKind::ServerFolder, "server_folder"},
    {CheckKind::DeviceCount, "device_count"},   {CheckKind::DeviceHas, "device_has"},
    {CheckKind::DeviceFlag, "device_flag"},     {CheckKind::DeviceFolder, "device_folder"},
    {CheckKind::Connected, "connected"},        {CheckKind::Online, "online"},
    {CheckKind::Transcript, "transcript"},      {CheckKind::MarkedCount, "marked_count"},
    {CheckKind::OwedCount, "owed_count"},       {CheckKind::Copies, "copies"},
    {CheckKind::Happened, "happened"},         {CheckKind::RealClient, "real_client"},
};

bool isCount(CheckKind k) {
    return k == CheckKind::ServerCount || k == CheckKind::DeviceCount || k == CheckKind::MarkedCount ||
           k == CheckKind::OwedCount || k == CheckKind::Copies;
}
bool isDevice(CheckKind k) {
    return k == CheckKind::DeviceCount || k == CheckKind::DeviceHas || k == CheckKind::DeviceFlag ||
           k == CheckKind::DeviceFolder || k == CheckKind::Connected || k == CheckKind::Online ||
           k == CheckKind::Transcript;
}
bool needsMessage(CheckKind k) {
    return k == CheckKind::ServerHas || k == CheckKind::ServerFlag || k == CheckKind::DeviceHas ||
           k == CheckKind::DeviceFlag || k == CheckKind::Copies;
}

const std::set<std::string_view> kEventKinds = {
    "SessionOpened",     "SessionClosed",   "TlsEstablished", "LineCarried",        "CommandCompleted",
    "MessageMarked",     "MarksCleared",    "MessagesRemoved", "MessageStored",     "FlagsChanged",
    "FolderCreated",     "FolderRenamed",   "FolderDeleted",  "ChangeOwed",         "ChangeTold",
    "MessageDownloaded", "MessageOpened",   "MessageDeletedLocally", "MessageMovedLocally",
    "DeviceWentOffline", "DeviceWentOnline", "ActionApplied"};

/// RFC 2047 "B" encoding for a non-ASCII header value.
std::string encodeWord(std::string_view text) {
    if (std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
        return std::string(text);
    return "=?UTF-8?B?" + core::base64Encode(text) + "?=";
}

std::string toCrlf(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\r') continue;
        if (c == '\n') out += '\r';
        out += c;
    }
    return out;
}

class Reader {
public:
    explicit Reader(std::string source) : m_source(std::move(source)) {}
    const std::string& source() const { return m_source; }

    [[noreturn]] void fail(const toml::source_region& where, const std::string& problem) const {
        throw LessonError(m_source + ":" + std::to_string(std::max<toml::source_index>(where.begin.line, 1)) + ":" +
                          std::to_string(std::max<toml::source_index>(where.begin.column, 1)) + ": " + problem);
    }
    [[noreturn]] void fail(const toml::node& node, const std::string& problem) const { fail(node.source(), problem); }

    void checkKeys(const toml::table& t, const std::vector<std::string_view>& allowed, std::string_view what) const {
        const toml::key* first = nullptr;
        for (auto&& [key, value] : t) {
            if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
            const auto& at = key.source().begin;
            if (!first || at.line < first->source().begin.line ||
                (at.line == first->source().begin.line && at.column < first->source().begin.column))
                first = &key;
        }
        if (first) fail(first->source(), "unknown key '" + std::string(first->str()) + "' in " + std::string(what));
    }
    const toml::node* optional(const toml::table& t, std::string_view key) const { return t.get(key); }
    const toml::node& required(const toml::table& t, std::string_view key, std::string_view what) const {
        const toml::node* n = t.get(key);
        if (!n) fail(t, "missing key '" + std::string(key) + "' in " + std::string(what));
        return *n;
    }
    std::string string(const toml::node& n, std::string_view key) const {
        if (!n.is_string()) fail(n, "'" + std::string(key) + "' must be a string");
        return n.as_string()->get();
    }
    std::int64_t integer(const toml::node& n, std::string_view key) const {
        if (!n.is_integer()) fail(n, "'" + std::string(key) + "' must be an integer");
        return n.as_integer()->get();
    }
    bool boolean(const toml::node& n, std::string_view key) const {
        if (!n.is_boolean()) fail(n, "'" + std::string(key) + "' must be true or false");
        return n.as_boolean()->get();
    }
    const toml::table& table(const toml::node& n, std::string_view key) const {
        if (!n.is_table()) fail(n, "'" + std::string(key) + "' must be a table");
        return *n.as_table();
    }
    std::vector<const toml::table*> tables(const toml::node& n, std::string_view key) const {
        if (!n.is_array()) fail(n, "'" + std::string(key) + "' must be an array of tables");
        std::vector<const toml::table*> out;
        for (const toml::node& e : *n.as_array()) {
            if (!e.is_table()) fail(e, "each '" + std::string(key) + "' must be a table");
            out.push_back(e.as_table());
        }
        return out;
    }
    std::vector<std::string> strings(const toml::node& n, std::string_view key) const {
        if (!n.is_array()) fail(n, "'" + std::string(key) + "' must be an array of strings");
        std::vector<std::string> out;
        for (const toml::node& e : *n.as_array()) out.push_back(string(e, key));
        return out;
    }

    /// `key_en` and `key_pl`: both or neither (unless required); never one without the other.
    Text text(const toml::table& t, std::string_view key, std::string_view what, bool required = true) const {
        const std::string en = std::string(key) + "_en", pl = std::string(key) + "_pl";
        const toml::node* e = t.get(en);
        const toml::node* p = t.get(pl);
        if (!e && !p && !required) return {};
        if (!e) fail(p ? p->source() : t.source(), "missing '" + en + "' in " + std::string(what) + " (every text in English and Polish)");
        if (!p) fail(e->source(), "missing '" + pl + "' in " + std::string(what) + " (every text in English and Polish)");
        Text out{string(*e, en), string(*p, pl)};
        if (out.en.empty()) fail(*e, "'" + en + "' is empty");
        if (out.pl.empty()) fail(*p, "'" + pl + "' is empty");
        return out;
    }
    /// Keys of a text field, for checkKeys.
    static void addText(std::vector<std::string_view>& keys, std::initializer_list<std::string_view> names) {
        static std::set<std::string> storage;
        for (std::string_view n : names) {
            keys.push_back(*storage.insert(std::string(n) + "_en").first);
            keys.push_back(*storage.insert(std::string(n) + "_pl").first);
        }
    }

private:
    std::string m_source;
};

class Loader {
public:
    Loader(std::string source, std::filesystem::path assetsDir) : r(std::move(source)), m_assets(std::move(assetsDir)) {}

    Lesson load(const toml::table& root) {
        Lesson l;
        std::vector<std::string_view> keys = {"id", "order", "scenario", "scenario_toml", "compare", "allowed", "steps"};
        Reader::addText(keys, {"title", "summary"});
        r.checkKeys(root, keys, "the lesson");
        const toml::node& id = r.required(root, "id", "the lesson");
        l.id = r.string(id, "id");
        if (l.id.empty()) r.fail(id, "'id' must not be empty");
        if (const toml::node* n = r.optional(root, "order")) l.order = static_cast<int>(r.integer(*n, "order"));
        l.title = r.text(root, "title", "the lesson");
        l.summary = r.text(root, "summary", "the lesson");
        if (const toml::node* n = r.optional(root, "compare")) l.compare = r.boolean(*n, "compare");
        scenario(root, l);
        m_lesson = &l;
        knownNames(l);
        if (const toml::node* n = r.optional(root, "allowed")) {
            for (std::size_t i = 0; const std::string& name : r.strings(*n, "allowed")) {
                const auto kind = sim::actionKindFromName(name);
                if (!kind) r.fail(*n->as_array()->get(i), "unknown action '" + name + "'");
                l.allowed.push_back(*kind);
                ++i;
            }
        }
        std::set<std::string> stepIds;
        for (const toml::table* t : r.tables(r.required(root, "steps", "the lesson"), "steps")) {
            Step s = step(*t, l);
            if (!stepIds.insert(s.id).second) r.fail(t->get("id")->source(), "step id '" + s.id + "' is used twice");
            l.steps.push_back(std::move(s));
        }
        // Check ids are unique across the lesson; wrong solutions name a check of their step.
        std::set<std::string> checkIds;
        for (const Step& s : l.steps) {
            std::vector<const Check*> all;
            for (const Check& c : s.checks) all.push_back(&c);
            for (const Choice& c : s.choices)
                if (c.check) all.push_back(&*c.check);
            for (const Check* c : all)
                if (!checkIds.insert(c->id).second)
                    r.fail(toml::source_region{{static_cast<toml::source_index>(c->line), 1}, {}, {}},
                           "check id '" + c->id + "' is used twice");
        }
        bool anyWrong = false;
        for (const Step& s : l.steps) anyWrong = anyWrong || s.wrong.has_value();
        if (!anyWrong) r.fail(root.source(), "the lesson declares no wrong solution ([steps.wrong])");
        return l;
    }

private:
    void scenario(const toml::table& root, Lesson& l) {
        const toml::node* byName = r.optional(root, "scenario");
        const toml::node* inlineText = r.optional(root, "scenario_toml");
        if (byName && inlineText) r.fail(*inlineText, "give 'scenario' or 'scenario_toml', not both");
        if (!byName && !inlineText) r.fail(root.source(), "missing 'scenario' (a name in assets/scenarios) or 'scenario_toml'");
        if (byName) {
            l.scenarioName = r.string(*byName, "scenario");
            const auto path = m_assets / "scenarios" / (l.scenarioName + ".toml");
            if (l.scenarioName.find_first_of("/\\") != std::string::npos || !std::filesystem::is_regular_file(path))
                r.fail(*byName, "unknown scenario '" + l.scenarioName + "' (no " + path.string() + ")");
            try {
                l.scenario = sim::loadScenario(path, m_assets);
            } catch (const sim::ScenarioError& e) {
                r.fail(*byName, std::string("scenario: ") + e.what());
            }
            return;
        }
        const std::string text = r.string(*inlineText, "scenario_toml");
        try {
            l.scenario = sim::parseScenario(text, "inline", m_assets);
        } catch (const sim::ScenarioError& e) {
            // "inline:L:C: problem" -> the line in this file (a """ string starts on the next line).
            std::string what = e.what();
            int line = 1, col = 1;
            std::string problem = what;
            if (std::sscanf(what.c_str(), "inline:%d:%d:", &line, &col) == 2) {
                const auto at = what.find(": ");
                problem = what.substr(at + 2);
            }
            const auto base = inlineText->source().begin.line;
            r.fail(toml::source_region{{static_cast<toml::source_index>(base + line), static_cast<toml::source_index>(col)}, {}, {}},
                   problem);
        }
    }

    /// The devices and the folders a check may name: the world's at the start, plus every
    /// folder the scenario or the lesson creates, renames to or moves into.
    void knownNames(const Lesson& l) {
        for (const auto& d : l.scenario.devices) m_devices.insert(d.name);
        for (const auto& a : l.scenario.accounts) m_accounts.insert(a.user);
        sim::World world(l.scenario);
        for (const auto* account : world.store().accounts())
            for (const auto* box : account->mailboxes()) m_folders.insert(box->name());
        m_folders.insert("INBOX");
        m_folders.insert("*");
        for (const auto& a : l.scenario.actions) addFolders(a);
    }
    void addFolders(const sim::Action& a) {
        if (a.kind == sim::ActionKind::CreateFolder || a.kind == sim::ActionKind::MoveToFolder) m_folders.insert(a.folder);
        if (a.kind == sim::ActionKind::RenameFolder) m_folders.insert(a.newName);
    }

    void requireDevice(const toml::node& n, const std::string& name) const {
        if (!m_devices.count(name)) r.fail(n, "unknown device '" + name + "'");
    }
    void requireFolder(const toml::node& n, const std::string& name) const {
        if (!m_folders.count(name)) r.fail(n, "unknown folder '" + name + "'");
    }

    sim::MessageRef messageRef(const toml::node& value) const {
        sim::MessageRef ref;
        if (value.is_integer() && value.as_integer()->get() >= 1) ref.uid = static_cast<std::uint32_t>(value.as_integer()->get());
        else if (value.is_string() && !value.as_string()->get().empty()) ref.subjectContains = value.as_string()->get();
        else r.fail(value, "'message' must be a UID or a non-empty part of the subject");
        return ref;
    }

    std::optional<sim::Protocol> protocol(const toml::node& n) const {
        const std::string p = r.string(n, "protocol");
        if (p == "pop3" || p == "POP3") return sim::Protocol::Pop3;
        if (p == "imap" || p == "IMAP") return sim::Protocol::Imap;
        r.fail(n, "unknown protocol '" + p + "' (pop3 or imap)");
    }

    Twin twin(const toml::node& n) const {
        const std::string w = r.string(n, "world");
        if (!m_lesson->compare) r.fail(n, "'world' is only for compare-mode lessons");
        if (w == "pop3") return Twin::Pop3;
        if (w == "imap") return Twin::Imap;
        r.fail(n, "unknown world '" + w + "' (pop3 or imap)");
    }

    sim::Action action(const toml::node& node, const Lesson& l, bool learner) {
        if (!node.is_table()) r.fail(node, "an action must be a table like { device = \"Phone\", do = \"check_mail\" }");
        const toml::table& t = *node.as_table();
        r.checkKeys(t, {"device", "do", "message", "folder", "source_folder", "new_name", "flag", "account", "mail", "on",
                        "mode", "protocol"},
                    "an action");
        sim::Action a;
        a.origin = sim::ActionOrigin::User;
        const toml::node& what = r.required(t, "do", "an action");
        const std::string name = r.string(what, "do");
        const auto kind = sim::actionKindFromName(name);
        if (!kind || *kind == sim::ActionKind::AddDevice || *kind == sim::ActionKind::RemoveDevice)
            r.fail(what, "unknown action '" + name + "'");
        a.kind = *kind;
        if (learner && !l.allowed.empty() && std::find(l.allowed.begin(), l.allowed.end(), a.kind) == l.allowed.end())
            r.fail(what, "action '" + name + "' is not in the lesson's 'allowed' list");
        if (a.kind == sim::ActionKind::DeliverMail) {
            const toml::node& acc = r.required(t, "account", "action 'deliver_mail'");
            a.account = r.string(acc, "account");
            if (!m_accounts.count(a.account)) r.fail(acc, "unknown account '" + a.account + "'");
            const toml::table& m = r.table(r.required(t, "mail", "action 'deliver_mail'"), "mail");
            r.checkKeys(m, {"from", "to", "subject", "body"}, "a message");
            sim::ScenarioMessage msg;
            msg.from = r.string(r.required(m, "from", "a message"), "from");
            msg.to = r.string(r.required(m, "to", "a message"), "to");
            msg.subject = r.string(r.required(m, "subject", "a message"), "subject");
            if (const toml::node* b = m.get("body")) msg.body = r.string(*b, "body");
            std::string text = "From: " + msg.from + "\nTo: " + msg.to + "\nSubject: " + encodeWord(msg.subject) +
                               "\nDate: " + core::formatRfc5322(l.scenario.start, l.scenario.zoneMinutes) +
                               "\nMessage-ID: <lesson-" + std::to_string(++m_mailCount) + "@" + l.id +
                               ".mailscope.test>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
                               "Content-Transfer-Encoding: 8bit\n\n" + msg.body;
            if (!text.empty() && text.back() != '\n') text += '\n';
            msg.bytes = toCrlf(text);
            a.mail = msg;
            return a;
        }
        const toml::node& dev = r.required(t, "device", "action '" + name + "'");
        a.device = r.string(dev, "device");
        requireDevice(dev, a.device);
        if (const toml::node* n = t.get("message")) a.message = messageRef(*n);
        if (const toml::node* n = t.get("folder")) a.folder = r.string(*n, "folder");
        if (const toml::node* n = t.get("source_folder")) a.sourceFolder = r.string(*n, "source_folder");
        if (const toml::node* n = t.get("new_name")) a.newName = r.string(*n, "new_name");
        if (const toml::node* n = t.get("on")) a.on = r.boolean(*n, "on");
        if (a.kind == sim::ActionKind::SetTls) tlsMode(t, a);
        else if (const toml::node* n = t.get("mode")) r.fail(*n, "'mode' is only for action 'set_tls'");
        if (const toml::node* n = t.get("protocol")) a.protocol = *protocol(*n);
        a.flag = "\\Flagged";
        if (const toml::node* n = t.get("flag")) a.flag = r.string(*n, "flag");
        using K = sim::ActionKind;
        const bool needsMessage = a.kind == K::OpenMessage || a.kind == K::MarkUnread || a.kind == K::Flag ||
                                  a.kind == K::Unflag || a.kind == K::Delete || a.kind == K::MoveToFolder;
        if (needsMessage && !a.message) r.fail(t, "action '" + name + "' needs 'message'");
        const bool needsFolder = a.kind == K::MoveToFolder || a.kind == K::CreateFolder || a.kind == K::RenameFolder ||
                                 a.kind == K::DeleteFolder;
        if (needsFolder && a.folder.empty()) r.fail(t, "action '" + name + "' needs 'folder'");
        if (a.kind == K::RenameFolder && a.newName.empty()) r.fail(t, "action 'rename_folder' needs 'new_name'");
        addFolders(a);
        return a;
    }

    /// set_tls: `mode = "off" | "starttls" | "implicit"`, or `on = true | false` (implicit
    /// TLS or none) as written before STARTTLS existed.
    void tlsMode(const toml::table& t, sim::Action& a) const {
        const toml::node* on = t.get("on");
        const toml::node* mode = t.get("mode");
        if (on && mode) r.fail(*mode, "give 'on' or 'mode', not both");
        a.tls = a.on ? sim::TlsMode::Implicit : sim::TlsMode::Off;
        if (!mode) return;
        const std::string name = r.string(*mode, "mode");
        const std::optional<sim::TlsMode> m = sim::tlsModeFromName(name);
        if (!m) r.fail(*mode, "unknown mode '" + name + "' (off, starttls or implicit)");
        a.tls = *m;
    }

    std::vector<sim::Action> actions(const toml::node& n, const Lesson& l, bool learner) {
        if (!n.is_array()) r.fail(n, "actions must be an array of tables");
        std::vector<sim::Action> out;
        for (const toml::node& e : *n.as_array()) out.push_back(action(e, l, learner));
        return out;
    }

    EventFilter filter(const toml::table& t) const {
        r.checkKeys(t, {"kind", "device", "protocol", "command", "folder", "uid", "cause", "world"}, "an event filter");
        EventFilter f;
        const toml::node& kind = r.required(t, "kind", "an event filter");
        f.kind = r.string(kind, "kind");
        if (!kEventKinds.count(f.kind)) r.fail(kind, "unknown event kind '" + f.kind + "'");
        if (const toml::node* n = t.get("device")) {
            f.device = r.string(*n, "device");
            requireDevice(*n, f.device);
        }
        if (const toml::node* n = t.get("protocol")) f.protocol = protocol(*n);
        if (const toml::node* n = t.get("command")) f.command = r.string(*n, "command");
        if (const toml::node* n = t.get("folder")) {
            f.folder = r.string(*n, "folder");
            requireFolder(*n, f.folder);
        }
        if (const toml::node* n = t.get("uid")) f.uid = static_cast<std::uint32_t>(r.integer(*n, "uid"));
        if (const toml::node* n = t.get("cause")) f.cause = r.string(*n, "cause");
        if (const toml::node* n = t.get("world")) f.world = twin(*n);
        return f;
    }

    Check check(const toml::table& t) const {
        std::vector<std::string_view> keys = {"id", "what", "mode", "world", "account", "device", "folder", "message",
                                              "flag", "text", "seen_by", "equals", "at_least", "expect", "event",
                                              "before"};
        Reader::addText(keys, {"label", "fail"});
        r.checkKeys(t, keys, "a check");
        Check c;
        c.line = static_cast<int>(t.source().begin.line);
        const toml::node& id = r.required(t, "id", "a check");
        c.id = r.string(id, "id");
        if (c.id.empty() || c.id == "answer") r.fail(id, "check id must not be empty or 'answer'");
        const toml::node& what = r.required(t, "what", "a check");
        const std::string kind = r.string(what, "what");
        const auto it = std::find_if(std::begin(kCheckNames), std::end(kCheckNames), [&](auto& p) { return p.second == kind; });
        if (it == std::end(kCheckNames)) r.fail(what, "unknown check '" + kind + "'");
        c.kind = it->first;
        c.label = r.text(t, "label", "check '" + c.id + "'");
        c.failure = r.text(t, "fail", "check '" + c.id + "'");
        if (const toml::node* n = t.get("mode")) {
            const std::string m = r.string(*n, "mode");
            if (m == "end") c.mode = CheckMode::End;
            else if (m == "once") c.mode = CheckMode::Once;
            else r.fail(*n, "unknown mode '" + m + "' (end: must hold when the step ends; once: stays ticked once reached)");
        }
        if (const toml::node* n = t.get("world")) c.world = twin(*n);
        else if (m_lesson->compare) c.world = Twin::Imap;
        c.account = m_lesson->scenario.accounts.empty() ? "" : m_lesson->scenario.accounts.front().user;
        if (const toml::node* n = t.get("account")) {
            c.account = r.string(*n, "account");
            if (!m_accounts.count(c.account)) r.fail(*n, "unknown account '" + c.account + "'");
        }
        if (isDevice(c.kind)) {
            const toml::node& d = r.required(t, "device", "check '" + c.id + "'");
            c.device = r.string(d, "device");
            requireDevice(d, c.device);
        } else if (const toml::node* n = t.get("device")) {
            r.fail(*n, "check '" + kind + "' takes no 'device'");
        }
        if (const toml::node* n = t.get("folder")) {
            c.folder = r.string(*n, "folder");
            requireFolder(*n, c.folder);
        }
        if (needsMessage(c.kind)) c.message = messageRef(r.required(t, "message", "check '" + c.id + "'"));
        if (c.kind == CheckKind::ServerFlag || c.kind == CheckKind::DeviceFlag) {
            c.flag = r.string(r.required(t, "flag", "check '" + c.id + "'"), "flag");
            mail::Flags probe;
            if (!probe.addByName(c.flag)) r.fail(*t.get("flag"), "unknown flag '" + c.flag + "'");
        }
        if (c.kind == CheckKind::Transcript) {
            c.text = r.string(r.required(t, "text", "check '" + c.id + "'"), "text");
            if (const toml::node* n = t.get("seen_by")) {
                const std::string s = r.string(*n, "seen_by");
                if (s == "network") c.network = true;
                else if (s != "device") r.fail(*n, "'seen_by' must be \"device\" or \"network\"");
            }
        }
        if (c.kind == CheckKind::Happened) c.event = filter(r.table(r.required(t, "event", "check '" + c.id + "'"), "event"));
        if (const toml::node* n = t.get("before")) {
            if (c.kind != CheckKind::Happened) r.fail(*n, "'before' is only for check 'happened'");
            c.before = filter(r.table(*n, "before"));
        }
        if (const toml::node* n = t.get("equals")) c.equals = r.integer(*n, "equals");
        if (const toml::node* n = t.get("at_least")) c.atLeast = r.integer(*n, "at_least");
        if (isCount(c.kind) && !c.equals && !c.atLeast) r.fail(t, "check '" + c.id + "' needs 'equals' or 'at_least'");
        if (!isCount(c.kind) && (c.equals || c.atLeast))
            r.fail(*(t.get("equals") ? t.get("equals") : t.get("at_least")), "'equals' and 'at_least' are for counts");
        if (const toml::node* n = t.get("expect")) c.expect = r.boolean(*n, "expect");
        return c;
    }

    /// Checks the {placeholders} of a narration: the forms runner.cpp fills in.
    void placeholders(const toml::table& t, std::string_view key, const std::string& text) const {
        for (std::size_t at = text.find('{'); at != std::string::npos; at = text.find('{', at + 1)) {
            const auto end = text.find('}', at);
            const toml::node* n = t.get(key);
            if (end == std::string::npos) r.fail(*n, "'{' without '}' in '" + std::string(key) + "'");
            std::string name = text.substr(at + 1, end - at - 1);
            if (name.rfind("pop3:", 0) == 0 || name.rfind("imap:", 0) == 0) name = name.substr(5);
            std::vector<std::string> parts;
            std::stringstream ss(name);
            for (std::string p; std::getline(ss, p, '.');) parts.push_back(p);
            bool ok = false;
            if (parts.size() == 3 && parts[0] == "server" && parts[2] == "count") {
                if (!m_folders.count(parts[1])) r.fail(*n, "unknown folder '" + parts[1] + "' in {" + name + "}");
                ok = true;
            } else if ((parts.size() == 3 || parts.size() == 4) && parts[0] == "device" && parts.back() == "count") {
                if (!m_devices.count(parts[1])) r.fail(*n, "unknown device '" + parts[1] + "' in {" + name + "}");
                if (parts.size() == 4 && !m_folders.count(parts[2]))
                    r.fail(*n, "unknown folder '" + parts[2] + "' in {" + name + "}");
                ok = true;
            } else if (name == "downloaded.uid" || name == "downloaded.device" || name == "downloaded.count" ||
                       name == "marked.count" || name == "owed.count" || name == "clock" || name == "removed.uids") {
                ok = true;
            }
            if (!ok) r.fail(*n, "unknown placeholder {" + name + "}");
        }
    }

    Step step(const toml::table& t, const Lesson& l) {
        std::vector<std::string_view> keys = {"id", "kind", "lesson_does", "solution", "wait", "wait_seconds", "checks",
                                              "multiple", "choices", "answer", "world", "wrong", "hints_en", "hints_pl", "when",
                                              "real_client"};
        Reader::addText(keys, {"title", "narration", "task", "question", "explanation"});
        r.checkKeys(t, keys, "a step");
        Step s;
        s.line = static_cast<int>(t.source().begin.line);
        const toml::node& id = r.required(t, "id", "a step");
        s.id = r.string(id, "id");
        if (s.id.empty()) r.fail(id, "step id must not be empty");
        const std::string what = "step '" + s.id + "'";
        if (const toml::node* n = t.get("kind")) {
            const std::string k = r.string(*n, "kind");
            if (k == "action") s.kind = StepKind::Action;
            else if (k == "quiz") s.kind = StepKind::Quiz;
            else if (k == "predict") s.kind = StepKind::Predict;
            else r.fail(*n, "unknown step kind '" + k + "' (action, quiz or predict)");
        }
        s.title = r.text(t, "title", what);
        s.narration = r.text(t, "narration", what);
        placeholders(t, "narration_en", s.narration.en);
        placeholders(t, "narration_pl", s.narration.pl);
        s.task = r.text(t, "task", what, false);
        const toml::node* he = t.get("hints_en");
        const toml::node* hp = t.get("hints_pl");
        if (he || hp) {
            if (!he) r.fail(*hp, "missing 'hints_en' in " + what + " (every text in English and Polish)");
            if (!hp) r.fail(*he, "missing 'hints_pl' in " + what + " (every text in English and Polish)");
            const auto en = r.strings(*he, "hints_en"), pl = r.strings(*hp, "hints_pl");
            if (en.size() != pl.size()) r.fail(*hp, "'hints_en' and 'hints_pl' must have as many hints");
            for (std::size_t i = 0; i < en.size(); ++i) s.hints.push_back({en[i], pl[i]});
        }
        if (const toml::node* n = t.get("lesson_does")) s.lessonDoes = actions(*n, l, false);
        if (const toml::node* n = t.get("solution")) s.solution = actions(*n, l, true);
        if (const toml::node* n = t.get("wait")) s.wait = filter(r.table(*n, "wait"));
        if (const toml::node* n = t.get("when"))
            for (const toml::table* w : r.tables(*n, "when")) {
                r.checkKeys(*w, {"event", "lesson_does"}, "a 'when' table");
                Trigger trigger;
                trigger.event = filter(r.table(r.required(*w, "event", "a 'when' table"), "event"));
                trigger.actions = actions(r.required(*w, "lesson_does", "a 'when' table"), l, false);
                s.when.push_back(std::move(trigger));
            }
        if (const toml::node* n = t.get("wait_seconds")) s.waitSeconds = r.integer(*n, "wait_seconds");
        if (const toml::node* n = t.get("real_client")) {
            const toml::table& rc = r.table(*n, "real_client");
            r.checkKeys(rc, {"message", "folder", "flag"}, "'real_client'");
            if (l.compare) r.fail(*n, "'real_client' is for lessons with one world (real clients join it)");
            RealClientTask task;
            task.message = messageRef(r.required(rc, "message", "'real_client'"));
            if (const toml::node* f = rc.get("folder")) {
                task.folder = r.string(*f, "folder");
                requireFolder(*f, task.folder);
            }
            if (const toml::node* f = rc.get("flag")) task.flag = r.string(*f, "flag");
            s.realClient = task;
        }
        if (const toml::node* n = t.get("checks"))
            for (const toml::table* c : r.tables(*n, "checks")) s.checks.push_back(check(*c));
        s.explanation = r.text(t, "explanation", what, s.kind != StepKind::Action);
        if (!s.explanation.empty()) {
            placeholders(t, "explanation_en", s.explanation.en);
            placeholders(t, "explanation_pl", s.explanation.pl);
        }
        if (s.kind != StepKind::Action) {
            s.question = r.text(t, "question", what);
            if (const toml::node* n = t.get("multiple")) s.multiple = r.boolean(*n, "multiple");
            if (s.kind == StepKind::Predict) {
                if (!l.compare) r.fail(t, "a prediction step needs a compare-mode lesson (compare = true)");
                s.predictWorld = Twin::Imap;
                if (const toml::node* n = t.get("world")) s.predictWorld = twin(*n);
            }
            for (const toml::table* c : r.tables(r.required(t, "choices", what), "choices")) {
                std::vector<std::string_view> ck = {"id", "correct", "check"};
                Reader::addText(ck, {"text", "feedback"});
                r.checkKeys(*c, ck, "a choice");
                Choice ch;
                ch.id = r.string(r.required(*c, "id", "a choice"), "id");
                ch.text = r.text(*c, "text", "choice '" + ch.id + "'");
                if (const toml::node* n = c->get("correct")) ch.correct = r.boolean(*n, "correct");
                if (s.kind == StepKind::Quiz && !ch.correct) ch.feedback = r.text(*c, "feedback", "choice '" + ch.id + "'");
                else ch.feedback = r.text(*c, "feedback", "choice '" + ch.id + "'", false);
                if (s.kind == StepKind::Predict) {
                    ch.check = check(r.table(r.required(*c, "check", "choice '" + ch.id + "'"), "check"));
                    if (!c->get("check")->as_table()->get("world")) ch.check->world = s.predictWorld;
                }
                for (const Choice& other : s.choices)
                    if (other.id == ch.id) r.fail(*c, "choice id '" + ch.id + "' is used twice");
                s.choices.push_back(std::move(ch));
            }
            const toml::node& ans = r.required(t, "answer", what);
            s.answer = r.strings(ans, "answer");
            validateAnswer(ans, s, s.answer);
            if (s.kind == StepKind::Quiz) {
                std::vector<std::string> correct;
                for (const Choice& c : s.choices)
                    if (c.correct) correct.push_back(c.id);
                auto sorted = s.answer;
                std::sort(sorted.begin(), sorted.end());
                std::sort(correct.begin(), correct.end());
                if (sorted != correct) r.fail(ans, "'answer' must list exactly the choices marked correct");
            }
        }
        if (const toml::node* n = t.get("wrong")) {
            const toml::table& w = r.table(*n, "wrong");
            std::vector<std::string_view> wk = {"check", "actions", "answer"};
            Reader::addText(wk, {"why"});
            r.checkKeys(w, wk, "a wrong solution");
            WrongSolution ws;
            const toml::node& c = r.required(w, "check", "a wrong solution");
            ws.check = r.string(c, "check");
            ws.why = r.text(w, "why", "the wrong solution of " + what, false);
            if (s.kind == StepKind::Action) {
                if (std::none_of(s.checks.begin(), s.checks.end(), [&](const Check& k) { return k.id == ws.check; }))
                    r.fail(c, "the wrong solution names '" + ws.check + "', which is not a check of " + what);
                ws.actions = actions(r.required(w, "actions", "a wrong solution"), l, true);
            } else {
                if (ws.check != "answer") r.fail(c, "the wrong answer of a quiz or prediction names the check 'answer'");
                const toml::node& a = r.required(w, "answer", "a wrong solution");
                ws.answer = r.strings(a, "answer");
                validateAnswer(a, s, ws.answer);
            }
            s.wrong = std::move(ws);
        } else if (s.kind != StepKind::Action || !s.solution.empty()) {
            r.fail(t, what + " asks something of the learner but declares no wrong solution ([steps.wrong])");
        }
        return s;
    }

    void validateAnswer(const toml::node& n, const Step& s, const std::vector<std::string>& answer) const {
        if (answer.empty()) r.fail(n, "an answer names at least one choice");
        if (!s.multiple && answer.size() > 1) r.fail(n, "a single-choice question takes one answer");
        for (const std::string& a : answer)
            if (std::none_of(s.choices.begin(), s.choices.end(), [&](const Choice& c) { return c.id == a; }))
                r.fail(n, "unknown choice '" + a + "'");
    }

    Reader r;
    std::filesystem::path m_assets;
    const Lesson* m_lesson = nullptr;
    std::set<std::string> m_devices, m_accounts, m_folders;
    int m_mailCount = 0;
};

}  // namespace

std::string_view checkKindName(CheckKind kind) {
    for (const auto& [k, name] : kCheckNames)
        if (k == kind) return name;
    return "?";
}

const Check* Lesson::findCheck(std::string_view id) const {
    for (const Step& s : steps) {
        for (const Check& c : s.checks)
            if (c.id == id) return &c;
        for (const Choice& c : s.choices)
            if (c.check && c.check->id == id) return &*c.check;
    }
    return nullptr;
}

const Step* Lesson::findStep(std::string_view id) const {
    for (const Step& s : steps)
        if (s.id == id) return &s;
    return nullptr;
}

Lesson parseLesson(std::string_view text, std::string sourceName, const std::filesystem::path& assetsDir) {
    toml::table root;
    try {
        root = toml::parse(text, sourceName);
    } catch (const toml::parse_error& e) {
        Reader(sourceName).fail(e.source(), std::string(e.description()));
    }
    Lesson l = Loader(sourceName, assetsDir).load(root);
    return l;
}

Lesson loadLesson(const std::filesystem::path& file, const std::filesystem::path& assetsDir) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw LessonError(file.string() + ":1:1: cannot read the file");
    std::ostringstream text;
    text << in.rdbuf();
    Lesson l = parseLesson(text.str(), file.string(), assetsDir);
    l.file = file;
    return l;
}

std::vector<std::filesystem::path> lessonFiles(const std::filesystem::path& folder) {
    std::vector<std::filesystem::path> out;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(folder, ec))
        if (e.is_regular_file() && e.path().extension() == ".toml") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace mailscope::lessons
