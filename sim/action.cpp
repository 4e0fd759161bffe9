// Actions: names as written in scenario files, device presets, and one-line descriptions.
#include "sim/action.h"

#include <array>

namespace mailscope::sim {
namespace {

struct ActionName {
    ActionKind kind;
    std::string_view name;
};
constexpr std::array<ActionName, 19> kActionNames{{
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
}};

std::string describeMessage(const std::optional<MessageRef>& ref) {
    if (!ref) return "";
    if (ref->uid) return " " + std::to_string(*ref->uid);
    return " \"" + ref->subjectContains + "\"";
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

std::string describeAction(const Action& a) {
    std::string what(actionKindName(a.kind));
    for (char& c : what)
        if (c == '_') c = ' ';
    std::string text = a.device.empty() ? what : a.device + ": " + what;
    switch (a.kind) {
        case ActionKind::OpenMessage:
        case ActionKind::MarkUnread:
        case ActionKind::Delete: text += describeMessage(a.message); break;
        case ActionKind::Flag:
        case ActionKind::Unflag:
            text += describeMessage(a.message) + " " + (a.flag.empty() ? std::string("\\Flagged") : a.flag);
            break;
        case ActionKind::MoveToFolder:
            text += describeMessage(a.message) + (a.sourceFolder.empty() ? "" : " from " + a.sourceFolder) + " to " +
                    a.folder;
            break;
        case ActionKind::CreateFolder:
        case ActionKind::DeleteFolder: text += " " + a.folder; break;
        case ActionKind::RenameFolder: text += " " + a.folder + " to " + a.newName; break;
        case ActionKind::DeliverMail:
            text += " to " + a.account;
            if (a.mail && !a.mail->subject.empty()) text += ": \"" + a.mail->subject + "\"";
            break;
        case ActionKind::AddDevice:
            if (a.settings)
                text += " " + a.settings->name + " (" + (a.settings->protocol == Protocol::Pop3 ? "POP3" : "IMAP") + ")";
            break;
        case ActionKind::SetProtocol: text += a.protocol == Protocol::Pop3 ? " POP3" : " IMAP"; break;
        case ActionKind::SetLeaveCopy:
        case ActionKind::SetIdle:
        case ActionKind::SetTls: text += a.on ? " on" : " off"; break;
        default: break;
    }
    return text;
}

std::string_view actionOriginName(ActionOrigin origin) {
    switch (origin) {
        case ActionOrigin::Scenario: return "scenario";
        case ActionOrigin::User: return "person";
        case ActionOrigin::Timer: return "timer";
    }
    return "?";
}

}  // namespace mailscope::sim
