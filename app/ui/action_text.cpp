// Actions in the UI's language (action_text.h).
#include "app/ui/action_text.h"

#include "app/ui/i18n.h"

namespace mailscope::app {

const char* actionKindLabel(sim::ActionKind kind)
{
    switch (kind) {
        case sim::ActionKind::CheckMail: return tr("intent.check_mail");
        case sim::ActionKind::OpenMessage: return tr("intent.open");
        case sim::ActionKind::MarkUnread: return tr("intent.mark_unread");
        case sim::ActionKind::Flag: return tr("intent.flag");
        case sim::ActionKind::Unflag: return tr("intent.unflag");
        case sim::ActionKind::Delete: return tr("intent.delete");
        case sim::ActionKind::MoveToFolder: return tr("intent.move_to_folder");
        case sim::ActionKind::CreateFolder: return tr("intent.new_folder");
        case sim::ActionKind::RenameFolder: return tr("intent.rename_folder");
        case sim::ActionKind::DeleteFolder: return tr("intent.delete_folder");
        case sim::ActionKind::GoOffline: return tr("intent.go_offline");
        case sim::ActionKind::GoOnline: return tr("intent.go_online");
        case sim::ActionKind::DeliverMail: return tr("action.deliver_mail");
        case sim::ActionKind::AddDevice: return tr("intent.add_device");
        case sim::ActionKind::RemoveDevice: return tr("intent.remove_device");
        case sim::ActionKind::SetProtocol: return tr("intent.protocol");
        case sim::ActionKind::SetLeaveCopy: return tr("intent.leave_copy");
        case sim::ActionKind::SetIdle: return tr("intent.use_idle");
        case sim::ActionKind::SetTls: return tr("tls.setting");
        case sim::ActionKind::UndoDeletes: return tr("intent.undo_deletes");
        case sim::ActionKind::SetQuickResync: return tr("intent.quick_resync");
    }
    return "";
}

namespace {

std::string quoted(const std::string& text)
{
    return "\xE2\x80\x9C" + text + "\xE2\x80\x9D";  // “text”
}

std::string messageName(const sim::Action& action, const sim::World* world)
{
    if (!action.message)
        return "";
    if (!action.message->subjectContains.empty())
        return quoted(action.message->subjectContains);
    if (!action.message->uid)
        return "";
    const std::uint32_t id = *action.message->uid;
    const std::string folder = action.kind == sim::ActionKind::MoveToFolder ? action.sourceFolder : action.folder;
    if (const sim::Device* device = world ? world->findDevice(action.device) : nullptr)
        for (const sim::LocalFolder& f : device->local().folders()) {
            if (!folder.empty() && f.name != folder)
                continue;
            for (const sim::LocalMessage& m : f.messages)
                if (m.id == id && m.message && !m.message->summary().subject.empty())
                    return quoted(m.message->summary().subject);
        }
    return "#" + std::to_string(id);
}

}  // namespace

std::string actionText(const sim::Action& action, const sim::World* world)
{
    std::string text = action.device.empty() ? std::string() : action.device + ": ";
    text += actionKindLabel(action.kind);
    switch (action.kind) {
        case sim::ActionKind::OpenMessage:
        case sim::ActionKind::MarkUnread:
        case sim::ActionKind::Flag:
        case sim::ActionKind::Unflag:
        case sim::ActionKind::Delete:
            if (const std::string name = messageName(action, world); !name.empty())
                text += " " + name;
            break;
        case sim::ActionKind::MoveToFolder:
            if (const std::string name = messageName(action, world); !name.empty())
                text += " " + name;
            text += " \xE2\x86\x92 " + action.folder;  // →
            break;
        case sim::ActionKind::CreateFolder:
        case sim::ActionKind::DeleteFolder:
            text += " " + quoted(action.folder);
            break;
        case sim::ActionKind::RenameFolder:
            text += " " + quoted(action.folder) + " \xE2\x86\x92 " + quoted(action.newName);
            break;
        case sim::ActionKind::DeliverMail:
            text += " (" + action.account + ")";
            if (action.mail && !action.mail->subject.empty())
                text += ": " + quoted(action.mail->subject);
            break;
        case sim::ActionKind::SetProtocol:
            text += action.protocol == sim::Protocol::Pop3 ? ": POP3" : ": IMAP";
            break;
        case sim::ActionKind::SetLeaveCopy:
        case sim::ActionKind::SetIdle:
        case sim::ActionKind::SetQuickResync:
            text += action.on ? " \xE2\x97\x8F" : " \xE2\x97\x8B";  // ● on, ○ off
            break;
        case sim::ActionKind::SetTls:
            text += ": ";
            text += tr(action.tls == sim::TlsMode::StartTls ? "tls.mode_starttls"
                       : action.tls == sim::TlsMode::Implicit ? "tls.mode_implicit" : "tls.mode_off");
            break;
        default:
            break;
    }
    return text;
}

}  // namespace mailscope::app
