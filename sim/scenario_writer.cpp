// Scenario files written back: the reader's keys (sim/scenario.cpp) in the order people
// write them, defaults left out, strings as TOML basic strings.
#include "sim/scenario_writer.h"

#include <cstdio>

#include "sim/toml_errors.h"
#include "sim/world.h"

namespace mailscope::sim {

namespace {

/// A TOML offset date-time, "2026-11-27T09:00:00+01:00".
std::string dateTime(core::Time time, int zoneMinutes) {
    const core::CivilTime c = core::civilFromTime(time, zoneMinutes);
    const int zone = zoneMinutes < 0 ? -zoneMinutes : zoneMinutes;
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", c.year, c.month, c.day, c.hour,
                  c.minute, c.second, zoneMinutes < 0 ? '-' : '+', zone / 60, zone % 60);
    return text;
}

/// "hh:mm:ss" after the start, as scenario files write times.
std::string offset(core::Time seconds) {
    char text[32];
    std::snprintf(text, sizeof text, "\"%lld:%02lld:%02lld\"", static_cast<long long>(seconds / 3600),
                  static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
    return text;
}

std::string stringArray(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + tomlString(items[i]);
    return out + "]";
}

/// The keys of a message, one "key = value" each.
std::vector<std::string> messageKeys(const ScenarioMessage& m, int zoneMinutes) {
    std::vector<std::string> keys;
    if (!m.file.empty()) {
        keys.push_back("file = " + tomlString(m.file));
    } else {
        keys.push_back("from = " + tomlString(m.from));
        keys.push_back("to = " + tomlString(m.to));
        keys.push_back("subject = " + tomlString(m.subject));
        if (!m.body.empty()) keys.push_back("body = " + tomlString(m.body));
        if (m.date) keys.push_back("date = " + dateTime(*m.date, zoneMinutes));
    }
    if (!m.flags.empty()) keys.push_back("flags = " + stringArray(m.flags));
    return keys;
}

std::vector<std::string> deviceKeys(const ScenarioDevice& d) {
    std::vector<std::string> keys;
    keys.push_back("name = " + tomlString(d.name));
    keys.push_back("kind = " + tomlString(deviceKindName(d.kind)));
    keys.push_back("account = " + tomlString(d.account));
    keys.push_back(std::string("protocol = ") + (d.protocol == Protocol::Pop3 ? "\"pop3\"" : "\"imap\""));
    if (d.leaveCopy) keys.push_back("leave_copy = true");
    if (d.deleteAfterDays) keys.push_back("delete_after_days = " + std::to_string(*d.deleteAfterDays));
    if (d.idle) keys.push_back("idle = true");
    if (d.quickResync) keys.push_back("quick_resync = true");
    if (d.pollSeconds) keys.push_back("poll_seconds = " + std::to_string(d.pollSeconds));
    if (d.tls != TlsMode::Off) keys.push_back("security = " + tomlString(tlsModeName(d.tls)));
    return keys;
}

std::string inlineTable(const std::vector<std::string>& keys) {
    std::string out = "{ ";
    for (std::size_t i = 0; i < keys.size(); ++i) out += (i ? ", " : "") + keys[i];
    return out + " }";
}

/// The keys an action's kind takes (as the reader's table in sim/scenario.cpp lists them).
std::vector<std::string> actionKeys(const Action& a, int zoneMinutes, bool recorded) {
    std::vector<std::string> keys;
    keys.push_back("do = " + tomlString(actionKindName(a.kind)));
    if (a.kind == ActionKind::DeliverMail) {
        keys.push_back("account = " + tomlString(a.account));
        if (a.mail) keys.push_back("mail = " + inlineTable(messageKeys(*a.mail, zoneMinutes)));
        return keys;
    }
    if (a.kind == ActionKind::AddDevice) {
        if (a.settings) keys.push_back("settings = " + inlineTable(deviceKeys(*a.settings)));
        return keys;
    }
    keys.push_back("device = " + tomlString(a.device));
    if (a.message) {
        if (a.message->uid) keys.push_back("message = " + std::to_string(*a.message->uid));
        else keys.push_back("message = " + tomlString(a.message->subjectContains));
    }
    switch (a.kind) {
        case ActionKind::Flag:
        case ActionKind::Unflag: keys.push_back("flag = " + tomlString(a.flag.empty() ? "\\Flagged" : a.flag)); break;
        case ActionKind::MoveToFolder:
        case ActionKind::CreateFolder:
        case ActionKind::DeleteFolder: keys.push_back("folder = " + tomlString(a.folder)); break;
        case ActionKind::RenameFolder:
            keys.push_back("folder = " + tomlString(a.folder));
            keys.push_back("new_name = " + tomlString(a.newName));
            break;
        case ActionKind::SetProtocol:
            keys.push_back(std::string("protocol = ") + (a.protocol == Protocol::Pop3 ? "\"pop3\"" : "\"imap\""));
            break;
        case ActionKind::SetLeaveCopy:
        case ActionKind::SetIdle:
        case ActionKind::SetQuickResync: keys.push_back(std::string("on = ") + (a.on ? "true" : "false")); break;
        case ActionKind::SetTls: keys.push_back("mode = " + tomlString(tlsModeName(a.tls))); break;
        default: break;
    }
    // A person's action may name the folder its message is in (a scenario's looks everywhere).
    if (recorded && a.message && a.kind != ActionKind::MoveToFolder && !a.folder.empty())
        keys.push_back("folder = " + tomlString(a.folder));
    if (recorded && a.kind == ActionKind::MoveToFolder && !a.sourceFolder.empty())
        keys.push_back("source_folder = " + tomlString(a.sourceFolder));
    return keys;
}

void lines(std::string& out, const std::vector<std::string>& keys, std::string_view indent = {}) {
    for (const std::string& key : keys) out += std::string(indent) + key + "\n";
}

}  // namespace

std::string writeScenario(const Scenario& s, std::string_view comment) {
    std::string out;
    while (!comment.empty()) {
        const std::size_t end = comment.find('\n');
        out += "# " + std::string(comment.substr(0, end)) + "\n";
        comment = end == std::string_view::npos ? std::string_view{} : comment.substr(end + 1);
    }
    out += "title_en = " + tomlString(s.title_en) + "\n";
    out += "title_pl = " + tomlString(s.title_pl) + "\n";
    out += "start = " + dateTime(s.start, s.zoneMinutes) + "\n";
    if (s.server.starttls) out += std::string("\n[server]\nstarttls = ") + (*s.server.starttls ? "true" : "false") + "\n";
    for (const ScenarioAccount& account : s.accounts) {
        out += "\n[[accounts]]\nuser = " + tomlString(account.user) + "\npassword = " + tomlString(account.password) + "\n";
        for (const ScenarioMessage& m : account.inbox) {
            out += "\n  [[accounts.inbox]]\n";
            lines(out, messageKeys(m, s.zoneMinutes), "  ");
        }
    }
    for (const ScenarioDevice& d : s.devices) {
        out += "\n[[devices]]\n";
        lines(out, deviceKeys(d));
    }
    for (const ScenarioAction& a : s.actions) {
        out += "\n[[actions]]\nat = " + offset(a.at) + "\n";
        lines(out, actionKeys(a, s.zoneMinutes, false));
    }
    if (!s.recorded.empty())
        out += "\n# What people did, each at the step it was given (replayed there, as a rewind does).\n";
    for (const RecordedAction& r : s.recorded) {
        out += "\n[[recorded]]\nstep = " + std::to_string(r.step) + "\n";
        if (r.imapStep) out += "imap_step = " + std::to_string(*r.imapStep) + "\n";
        lines(out, actionKeys(r.action, s.zoneMinutes, true));
    }
    if (s.saved) {
        out += "\n# Where the world stood when it was saved: it opens there.\n[saved]\n";
        if (s.saved->compare) out += "compare = true\n";
        out += "step = " + std::to_string(s.saved->step) + "\n";
        if (s.saved->imapStep) out += "imap_step = " + std::to_string(*s.saved->imapStep) + "\n";
        if (s.saved->uidValidity) out += "uid_validity = " + std::to_string(*s.saved->uidValidity) + "\n";
    }
    return out;
}

Scenario savedScenario(const World& world) {
    Scenario s = world.scenario();
    s.recorded.clear();
    for (const auto& [step, action] : world.userActions()) s.recorded.push_back(RecordedAction{step, std::nullopt, action});
    s.saved = SavedPosition{false, world.stepCount(), std::nullopt, world.options().firstUidValidity};
    return s;
}

Scenario savedScenario(const Comparison& comparison) {
    Scenario s = savedScenario(comparison.pop3());
    const auto& imap = comparison.imap().userActions();
    // Both worlds were given the same actions in the same order; each at its own step.
    if (imap.size() == s.recorded.size())
        for (std::size_t i = 0; i < imap.size(); ++i) s.recorded[i].imapStep = imap[i].first;
    s.saved->compare = true;
    s.saved->imapStep = comparison.imap().stepCount();
    return s;
}

}  // namespace mailscope::sim
