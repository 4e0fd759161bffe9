// Actions: names as written in scenario files, device presets, and one-line descriptions.
#include "sim/action.h"

#include <array>

namespace mailscope::sim {
namespace {

struct ActionName {
    ActionKind kind;
    std::string_view name;
};
constexpr std::array<ActionName, 21> kActionNames{{
    {ActionKind::CheckMail, "check_mail"},
    {ActionKind::OpenMessage, "open_message"},
    {ActionKind::MarkUnread, "mark_unread"},
    {ActionKind::Flag, "flag"},
    {ActionKind::Unflag, "unflag"},
    {ActionKind::Delete, "delete"},
    {ActionKind::MoveToFolder, "move_to_folder"},
    {ActionKind::CreateFolder, "create_folder"},
    {ActionKind::RenameFolder, "rename_folder"},
    {ActionKind::DeleteFolder, "delete_folder"},
    {ActionKind::GoOffline, "go_offline"},
    {ActionKind::GoOnline, "go_online"},
    {ActionKind::DeliverMail, "deliver_mail"},
    {ActionKind::AddDevice, "add_device"},
    {ActionKind::RemoveDevice, "remove_device"},
    {ActionKind::SetProtocol, "set_protocol"},
    {ActionKind::SetLeaveCopy, "set_leave_copy"},
    {ActionKind::SetIdle, "set_idle"},
    {ActionKind::SetTls, "set_tls"},
    {ActionKind::UndoDeletes, "undo_deletes"},
    {ActionKind::SetQuickResync, "set_quick_resync"},
}};

/// " 3", " \"Welcome\"" or nothing: the message an action names, after its verb.
Note messageRefNote(const std::optional<MessageRef>& ref) {
    if (!ref) return makeNote("action.ref.none");
    if (ref->uid) return makeNote("action.ref.uid", {noteData(*ref->uid)});
    return makeNote("action.ref.subject", {noteData(ref->subjectContains)});
}

}  // namespace

std::string_view actionKindName(ActionKind kind) {
    for (const ActionName& n : kActionNames)
        if (n.kind == kind) return n.name;
    return "unknown";
}

std::optional<ActionKind> actionKindFromName(std::string_view name) {
    for (const ActionName& n : kActionNames)
        if (n.name == name) return n.kind;
    return std::nullopt;
}

std::string_view tlsModeName(TlsMode mode) {
    switch (mode) {
        case TlsMode::Off: return "off";
        case TlsMode::StartTls: return "starttls";
        case TlsMode::Implicit: break;
    }
    return "implicit";
}

std::optional<TlsMode> tlsModeFromName(std::string_view name) {
    for (TlsMode mode : {TlsMode::Off, TlsMode::StartTls, TlsMode::Implicit})
        if (tlsModeName(mode) == name) return mode;
    return std::nullopt;
}

std::string_view deviceKindName(DeviceKind kind) {
    switch (kind) {
        case DeviceKind::Phone: return "phone";
        case DeviceKind::Laptop: return "laptop";
        case DeviceKind::Tablet: return "tablet";
        case DeviceKind::Other: break;
    }
    return "other";
}

DeviceSettings devicePreset(std::size_t index, std::string account, Protocol protocol) {
    static constexpr std::array<std::pair<DeviceKind, std::string_view>, 3> kKinds{{
        {DeviceKind::Phone, "Phone"},
        {DeviceKind::Laptop, "Laptop"},
        {DeviceKind::Tablet, "Tablet"},
    }};
    const auto& [kind, name] = kKinds[index % kKinds.size()];
    DeviceSettings d;
    d.kind = kind;
    d.name = std::string(name);
    if (index >= kKinds.size()) d.name += " " + std::to_string(index / kKinds.size() + 1);
    d.account = std::move(account);
    d.protocol = protocol;
    d.idle = protocol == Protocol::Imap;
    return d;
}

Note actionNote(const Action& a) {
    const std::string key = "action." + std::string(actionKindName(a.kind));
    const Note ref = messageRefNote(a.message);
    Note what;
    switch (a.kind) {
        case ActionKind::OpenMessage:
        case ActionKind::MarkUnread:
        case ActionKind::Delete: what = makeNote(key, {ref}); break;
        case ActionKind::Flag:
        case ActionKind::Unflag: what = makeNote(key, {ref, noteData(a.flag.empty() ? "\\Flagged" : a.flag)}); break;
        case ActionKind::MoveToFolder:
            what = a.sourceFolder.empty()
                       ? makeNote(key, {ref, noteData(a.folder)})
                       : makeNote("action.move_to_folder_from", {ref, noteData(a.sourceFolder), noteData(a.folder)});
            break;
        case ActionKind::CreateFolder:
        case ActionKind::DeleteFolder: what = makeNote(key, {noteData(a.folder)}); break;
        case ActionKind::RenameFolder: what = makeNote(key, {noteData(a.folder), noteData(a.newName)}); break;
        case ActionKind::DeliverMail:
            what = a.mail && !a.mail->subject.empty()
                       ? makeNote("action.deliver_mail_subject", {noteData(a.account), noteData(a.mail->subject)})
                       : makeNote(key, {noteData(a.account)});
            break;
        case ActionKind::AddDevice:
            what = a.settings ? makeNote("action.add_device_named",
                                         {noteData(a.settings->name),
                                          noteData(a.settings->protocol == Protocol::Pop3 ? "POP3" : "IMAP")})
                              : makeNote(key);
            break;
        case ActionKind::SetProtocol: what = makeNote(key, {noteData(a.protocol == Protocol::Pop3 ? "POP3" : "IMAP")}); break;
        case ActionKind::SetLeaveCopy:
        case ActionKind::SetIdle:
        case ActionKind::SetQuickResync: what = makeNote(key + (a.on ? "_on" : "_off")); break;
        // "set tls on" / "off" as before STARTTLS existed, so older descriptions read the same.
        case ActionKind::SetTls:
            what = makeNote(a.tls == TlsMode::StartTls ? key + "_starttls" : key + (a.tls == TlsMode::Implicit ? "_on" : "_off"));
            break;
        default: what = makeNote(key); break;
    }
    if (a.device.empty()) return what;
    return makeNote("action.by_device", {noteData(a.device), std::move(what)});
}

std::string describeAction(const Action& a) { return noteText(actionNote(a)); }

std::string_view actionOriginName(ActionOrigin origin) {
    switch (origin) {
        case ActionOrigin::Scenario: return "scenario";
        case ActionOrigin::User: return "person";
        case ActionOrigin::Timer: return "timer";
    }
    return "?";
}

}  // namespace mailscope::sim
