// A device's column: header, intents, settings, local mailbox (folders and message cards)
// and, below a splitter, its transcript. Reads the device every frame; posts DoAction.
#include "app/panels/device_panel.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <imgui.h>
#include <imgui_internal.h>

#include "app/panels/flow_view.h"
#include "app/panels/server_panel.h"
#include "app/ui/flow.h"
#include "app/panels/transcript_view.h"
#include "app/ui/action_text.h"
#include "app/ui/i18n.h"
#include "app/ui/mail_text.h"
#include "app/ui/note_text.h"
#include "app/ui/targets.h"
#include "app/ui/theme.h"
#include "app/ui/widgets.h"

namespace mailscope::app {

namespace {

// [SECTION] small pieces

const char* kindIcon(sim::DeviceKind kind)
{
    switch (kind) {
        case sim::DeviceKind::Phone: return "▯";
        case sim::DeviceKind::Laptop: return "▭";
        case sim::DeviceKind::Tablet: return "▬";
        case sim::DeviceKind::Other: break;
    }
    return "◇";
}


/// Text in a thin frame, e.g. the protocol badge.
void badge(const char* text, const ImVec4& colour)
{
    const float pad = ImGui::GetFontSize() * 0.3f;
    const ImVec2 size = ImGui::CalcTextSize(text);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(size.x + pad * 2.0f, size.y));
    ImGui::GetWindowDrawList()->AddRect(pos, ImVec2(pos.x + size.x + pad * 2.0f, pos.y + size.y),
                                        ImGui::GetColorU32(colour), ImGui::GetFontSize() * 0.2f);
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::RenderText(ImVec2(pos.x + pad, pos.y), text);
    ImGui::PopStyleColor();
}

/// Puts the next button on the current line when it fits there, else on the next.
void flowPlace(const char* label, bool& first)
{
    const ImGuiStyle& style = ImGui::GetStyle();
    if (!first) {
        const float width = ImGui::CalcTextSize(label, nullptr, true).x + style.FramePadding.x * 2.0f;
        const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
        if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + width <= right)
            ImGui::SameLine();
    }
    first = false;
}

/// A button on the current line when it fits there, else on the next. `small`: a
/// SmallButton (no vertical padding), for rows of many buttons.
bool flowButton(const char* label, bool& first, bool small = false)
{
    flowPlace(label, first);
    return small ? ImGui::SmallButton(label) : ImGui::Button(label);
}

sim::Action messageAction(const sim::Device& device, sim::ActionKind kind, const std::string& folder,
                          std::uint32_t id)
{
    sim::Action a = deviceAction(device, kind);
    a.folder = folder;
    a.message = sim::MessageRef{id, {}};
    return a;
}

const sim::LocalMessage* findMessage(const sim::LocalFolder& folder, std::uint32_t id)
{
    const auto it = std::find_if(folder.messages.begin(), folder.messages.end(),
                                 [id](const sim::LocalMessage& m) { return m.id == id; });
    return it == folder.messages.end() ? nullptr : &*it;
}

/// "INBOX (3)", with "pending" when the server does not know the folder yet.
std::string folderLabel(const sim::LocalFolder& folder)
{
    std::string label = folder.name + " (" + std::to_string(folder.messages.size()) + ")";
    if (folder.pending) {
        label += " · ";
        label += tr("device.pending_short");
    }
    return label;
}

// [SECTION] header, intents and settings

/// A column shorter than this many font sizes (compare mode at 720 lines) gets the compact
/// layout: header on one line, the folder chooser beside the intents, the message actions
/// only in the cards' context menu.
constexpr float kCompactBelow = 20.0f;
constexpr float kCrampedLines = 7.0f;             // below this, the column scrolls as a whole
constexpr float kCrampedMailboxLines = 4.0f;      // then: a message card and a half
constexpr float kCrampedTranscriptLines = 6.0f;   // and this many transcript lines

void drawHeader(const sim::Device& device, bool compact)
{
    const Palette& colours = palette();
    const sim::DeviceKind kind = device.settings().kind;
    ImGui::TextColored(colours.accent, "%s", kindIcon(kind));
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr(deviceKindKey(kind)));
    ImGui::SameLine();
    ImGui::TextUnformatted(device.name().c_str());
    ImGui::SameLine();
    badge(device.protocol() == sim::Protocol::Pop3 ? "POP3" : "IMAP", colours.accent);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(tr("device.account_tooltip"), device.settings().account.c_str());
    if (device.settings().tls != sim::TlsMode::Off) {
        const bool startTls = device.settings().tls == sim::TlsMode::StartTls;
        ImGui::SameLine();
        badge(startTls ? "STARTTLS" : tr("tls.badge"), colours.clientLine);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", tr(startTls ? "tls.starttls_badge_tooltip" : "tls.badge_tooltip"));
    }

    if (compact)
        ImGui::SameLine();
    ImGui::TextColored(device.online() ? colours.accent : colours.textDim, "●");
    ImGui::SameLine();
    std::string line = device.online() ? tr("device.online") : tr("device.offline");
    line += " · ";
    line += device.connected() ? tr("device.connected") : tr("device.not_connected");
    line += " · ";
    line += trNote(device.statusNote());
    if (compact) {
        ImGui::TextDisabled("%s", line.c_str());  // clipped at the column's edge; the status is in the tooltip
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", line.c_str());
        return;
    }
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", line.c_str());
    ImGui::PopTextWrapPos();
}

void drawIntents(Explorer& explorer, const sim::World& world, const sim::Device& device, DeviceColumnState& state)
{
    const bool imap = device.protocol() == sim::Protocol::Imap;
    const sim::Action check = deviceAction(device, sim::ActionKind::CheckMail);
    if (actionButton(explorer, check, trLabel(imap ? "intent.sync_now" : "intent.check_mail")))
        explorer.post(DoAction{check});
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr(imap ? "device.sync_help" : "device.check_help"));
    ImGui::SameLine();
    const sim::Action network = deviceAction(device, device.online() ? sim::ActionKind::GoOffline : sim::ActionKind::GoOnline);
    if (actionButton(explorer, network, trLabel(device.online() ? "intent.go_offline" : "intent.go_online")))
        explorer.post(DoAction{network});
    bool first = false;
    // POP3 while a check is under way: take the DELE marks back (RSET before QUIT).
    if (device.protocol() == sim::Protocol::Pop3 && device.connected()) {
        const sim::Action undo = deviceAction(device, sim::ActionKind::UndoDeletes);
        flowPlace(trLabel("intent.undo_deletes"), first);
        if (actionButton(explorer, undo, trLabel("intent.undo_deletes")))
            explorer.post(DoAction{undo});
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", tr("intent.undo_deletes_help"));
    }
    if (state.settingsOpen)
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    const bool toggle = flowButton(trLabel("device.settings"), first);
    if (state.settingsOpen)
        ImGui::PopStyleColor();
    if (toggle)
        state.settingsOpen = !state.settingsOpen;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("device.settings_help"));
    // What a click asked for shows at once, until the world's next step applies it.
    for (const sim::Action& waiting : world.waitingActions()) {
        if (waiting.device != device.name())
            continue;
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(palette().inFlight, tr("device.waiting_action"), actionText(waiting, &world).c_str());
        ImGui::PopTextWrapPos();
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", tr("device.waiting_action_help"));
    }
}

/// How the connection is secured: plain, STARTTLS / STLS before the login, or TLS from the
/// first byte. One radio button per mode, each on the current line when it fits; the group
/// is the widget a lesson points at for set_tls.
void drawSecurity(Explorer& explorer, const sim::Device& device)
{
    ImGui::TextUnformatted(tr("tls.setting"));
    ImGui::SameLine();
    helpMarker(tr("tls.setting_help"));
    const sim::TlsMode current = device.settings().tls;
    sim::Action set = deviceAction(device, sim::ActionKind::SetTls);
    const std::optional<std::string> refused = explorer.refusal(set);
    const ImGuiStyle& style = ImGui::GetStyle();
    ImGui::BeginDisabled(refused.has_value());
    ImGui::BeginGroup();
    bool first = true;
    for (const auto& [mode, key] : {std::pair{sim::TlsMode::Off, "tls.mode_off"},
                                    std::pair{sim::TlsMode::StartTls, "tls.mode_starttls"},
                                    std::pair{sim::TlsMode::Implicit, "tls.mode_implicit"}}) {
        const char* label = trLabel(key);
        if (!first) {
            const float width = ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x;
            const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
            if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + width <= right)
                ImGui::SameLine();
        }
        first = false;
        if (ImGui::RadioButton(label, current == mode) && current != mode && !refused) {
            set.tls = mode;
            explorer.post(DoAction{set});
        }
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", tr(std::string(key) + "_help"));
    }
    ImGui::EndGroup();
    ImGui::EndDisabled();
    markLastItem(explorer, actionTarget(set));
    if (refused && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", refused->c_str());
}

/// An on/off setting of the device: a checkbox that gives `kind` with the new value (the
/// world changes the setting; the box shows what the device has), and its help as `KEY_help`.
void drawSwitch(Explorer& explorer, const sim::Device& device, const char* key, bool value, sim::ActionKind kind)
{
    if (ImGui::Checkbox(trLabel(key), &value)) {
        sim::Action a = deviceAction(device, kind);
        a.on = value;
        explorer.post(DoAction{a});
    }
    helpMarker(tr(std::string(key) + "_help"));
}

/// The settings, under the intents while the Settings button is toggled on.
void drawSettings(Explorer& explorer, const sim::Device& device, const DeviceColumnState& state)
{
    if (!state.settingsOpen)
        return;
    ImGui::Indent(ImGui::GetFontSize() * 0.5f);
    ImGui::TextUnformatted(tr("intent.protocol"));
    ImGui::SameLine();
    int protocol = device.protocol() == sim::Protocol::Pop3 ? 0 : 1;
    const int before = protocol;
    ImGui::BeginDisabled(explorer.compare());
    ImGui::RadioButton("POP3", &protocol, 0);
    ImGui::SameLine();
    ImGui::RadioButton("IMAP", &protocol, 1);
    ImGui::EndDisabled();
    helpMarker(explorer.compare() ? tr("device.compare_protocol") : tr("intent.protocol_help"));
    if (protocol != before) {
        sim::Action a = deviceAction(device, sim::ActionKind::SetProtocol);
        a.protocol = protocol == 0 ? sim::Protocol::Pop3 : sim::Protocol::Imap;
        explorer.post(DoAction{a});
    }
    const sim::DeviceSettings& settings = device.settings();
    if (device.protocol() == sim::Protocol::Pop3) {
        drawSwitch(explorer, device, "intent.leave_copy", settings.leaveCopy, sim::ActionKind::SetLeaveCopy);
    } else {
        drawSwitch(explorer, device, "intent.use_idle", settings.idle, sim::ActionKind::SetIdle);
        drawSwitch(explorer, device, "intent.quick_resync", settings.quickResync, sim::ActionKind::SetQuickResync);
    }
    drawSecurity(explorer, device);
    ImGui::PushStyleColor(ImGuiCol_Text, palette().error);
    if (ImGui::Button(trLabel("intent.remove_device")))
        explorer.post(DoAction{deviceAction(device, sim::ActionKind::RemoveDevice)});
    ImGui::PopStyleColor();
    helpMarker(tr("device.remove_help"));
    ImGui::Unindent(ImGui::GetFontSize() * 0.5f);
    ImGui::Separator();
}

// [SECTION] folders

/// The folder chooser and its menu; returns the folder shown (never null).
const sim::LocalFolder& drawFolders(Explorer& explorer, const sim::Device& device, DeviceColumnState& state,
                                    bool compact)
{
    if (compact) {
        ImGui::SameLine();
        if (ImGui::GetContentRegionAvail().x < ImGui::GetFontSize() * 10.0f)
            ImGui::NewLine();
    }
    const sim::LocalStore& local = device.local();
    const sim::LocalFolder* shown = local.find(state.folder);
    if (!shown) {
        state.folder = "INBOX";
        state.message.reset();
        shown = local.find("INBOX");
    }
    if (!shown)
        shown = &local.folders().front();  // INBOX always exists; this is only a guard
    const bool inbox = shown->name == "INBOX";

    const char* menuLabel = trLabel("device.folders");
    const float menuWidth = ImGui::CalcTextSize(menuLabel, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2.0f;
    ImGui::SetNextItemWidth(
        std::max(ImGui::GetFontSize() * 4.0f, ImGui::GetContentRegionAvail().x - menuWidth - ImGui::GetStyle().ItemSpacing.x));
    if (ImGui::BeginCombo("##folder", folderLabel(*shown).c_str())) {
        for (const sim::LocalFolder& folder : local.folders()) {
            const bool current = &folder == shown;
            if (ImGui::Selectable(folderLabel(folder).c_str(), current) && !current) {
                state.folder = folder.name;
                state.message.reset();
            }
        }
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (ImGui::Button(menuLabel))
        ImGui::OpenPopup("folder_menu");

    FolderDialog& dialog = explorer.view().folderDialog();
    bool openDialog = false;
    if (ImGui::BeginPopup("folder_menu")) {
        if (ImGui::MenuItem(trLabel("intent.new_folder"))) {
            dialog = FolderDialog{};
            openDialog = true;
        }
        if (ImGui::MenuItem(trLabel("intent.rename_folder"), nullptr, false, !inbox)) {
            dialog = FolderDialog{};
            dialog.rename = true;
            dialog.folder = shown->name;
            std::snprintf(dialog.name, sizeof dialog.name, "%s", shown->name.c_str());
            openDialog = true;
        }
        if (ImGui::MenuItem(trLabel("intent.delete_folder"), nullptr, false, !inbox)) {
            sim::Action a = deviceAction(device, sim::ActionKind::DeleteFolder);
            a.folder = shown->name;
            explorer.post(DoAction{a});
        }
        if (inbox)
            ImGui::TextDisabled("%s", tr("device.inbox_fixed"));
        ImGui::EndPopup();
    }
    if (openDialog)
        ImGui::OpenPopup("folder_name");
    if (ImGui::BeginPopup("folder_name")) {
        if (dialog.rename)
            ImGui::Text("%s: %s", tr("intent.rename_folder"), dialog.folder.c_str());
        else
            ImGui::TextUnformatted(tr("intent.new_folder"));
        if (ImGui::IsWindowAppearing())
            ImGui::SetKeyboardFocusHere();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14.0f);
        const bool enter = ImGui::InputText(trLabel("intent.folder_name"), dialog.name, sizeof dialog.name,
                                            ImGuiInputTextFlags_EnterReturnsTrue);
        const std::string name = dialog.name;
        const bool valid = !name.empty() && name != dialog.folder;
        ImGui::BeginDisabled(!valid);
        if (ImGui::Button(trLabel(dialog.rename ? "common.rename" : "common.create")) || (enter && valid)) {
            sim::Action a = deviceAction(device, dialog.rename ? sim::ActionKind::RenameFolder
                                                               : sim::ActionKind::CreateFolder);
            a.folder = dialog.rename ? dialog.folder : name;
            if (dialog.rename) {
                a.newName = name;
                if (state.folder == dialog.folder)
                    state.folder = name;  // keep showing it under its new name
            }
            explorer.post(DoAction{a});
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndDisabled();
        ImGui::SameLine();
        if (ImGui::Button(trLabel("common.cancel")))
            ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    return *shown;
}

// [SECTION] messages

/// The actions on the selected message, as buttons (or menu items in its context menu).
void drawMessageActions(Explorer& explorer, const sim::Device& device, const sim::LocalFolder& folder,
                        const sim::LocalMessage* selected, bool asMenu)
{
    const std::uint32_t id = selected ? selected->id : 0;
    const bool flagged = selected && selected->flags.has(mail::SystemFlag::Flagged);
    const auto post = [&](sim::ActionKind kind) {
        explorer.post(DoAction{messageAction(device, kind, folder.name, id)});
    };
    struct Item {
        const char* key;
        sim::ActionKind kind;
    };
    const Item items[] = {
        {"intent.open", sim::ActionKind::OpenMessage},
        {"intent.mark_unread", sim::ActionKind::MarkUnread},
        {flagged ? "intent.unflag" : "intent.flag", flagged ? sim::ActionKind::Unflag : sim::ActionKind::Flag},
        {"intent.delete", sim::ActionKind::Delete},
    };
    bool first = true;
    for (const Item& item : items) {
        const sim::Action action = messageAction(device, item.kind, folder.name, id);
        if (asMenu) {
            if (ImGui::MenuItem(trLabel(item.key), nullptr, false, !explorer.refusal(action)))
                post(item.kind);
            continue;
        }
        flowPlace(trLabel(item.key), first);
        if (actionButton(explorer, action, trLabel(item.key), true))
            post(item.kind);
    }
    const auto moveTargets = [&] {
        bool any = false;
        for (const sim::LocalFolder& target : device.local().folders()) {
            if (target.name == folder.name)
                continue;
            any = true;
            if (ImGui::MenuItem(target.name.c_str())) {
                sim::Action a = messageAction(device, sim::ActionKind::MoveToFolder, target.name, id);
                a.sourceFolder = folder.name;  // UIDs are per folder: say which one
                explorer.post(DoAction{a});
            }
        }
        if (!any)
            ImGui::TextDisabled("%s", tr("device.no_other_folder"));
    };
    if (asMenu) {
        if (ImGui::BeginMenu(trLabel("intent.move_to_folder"))) {
            moveTargets();
            ImGui::EndMenu();
        }
        return;
    }
    flowPlace(trLabel("intent.move_to_folder"), first);
    if (actionButton(explorer, messageAction(device, sim::ActionKind::MoveToFolder, folder.name, id),
                     trLabel("intent.move_to_folder"), true))
        ImGui::OpenPopup("move");
    if (ImGui::BeginPopup("move")) {
        moveTargets();
        ImGui::EndPopup();
    }
}

MessageCard localCard(const sim::Device& device, const sim::LocalMessage& m, bool selected)
{
    MessageCard card;
    card.icons = flagIcons(m.flags, false);
    card.identity = serverUidOf(device, m);
    if (m.message) {
        const mail::Summary& summary = m.message->summary();
        card.from = displayName(summary.from);
        card.subject = summary.subject;
    }
    if (card.from.empty())
        card.from = tr("mail.no_sender");
    if (card.subject.empty())
        card.subject = tr("mail.no_subject");
    card.size = formatSize(static_cast<std::size_t>(m.size));
    char id[48];
    if (device.protocol() == sim::Protocol::Imap)
        std::snprintf(id, sizeof id, tr("server.uid"), static_cast<unsigned>(m.id));
    else
        std::snprintf(id, sizeof id, "#%u", static_cast<unsigned>(m.id));
    card.detail = id;
    if (!m.hasBody) {
        card.detail += " · ";
        card.detail += tr("device.header_only");
    }
    if (m.pending) {
        card.detail += " · ";
        card.detail += tr("device.pending_short");
        card.detailColour = palette().inFlight;
        card.stripe = palette().inFlight;
    }
    if (m.flags.has(mail::SystemFlag::Deleted))
        card.strike = true;
    card.selected = selected;
    return card;
}

void messageTooltip(const sim::Device& device, const sim::LocalMessage& m)
{
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
    if (m.message) {
        const mail::Summary& summary = m.message->summary();
        ImGui::TextUnformatted(summary.from.empty() ? tr("mail.no_sender") : summary.from.c_str());
        ImGui::TextUnformatted(summary.subject.empty() ? tr("mail.no_subject") : summary.subject.c_str());
    }
    const std::string flags = m.flags.toString();
    ImGui::TextDisabled("%s", flags.empty() ? tr("server.no_flags") : flags.c_str());
    ImGui::TextDisabled("%s", tr(m.hasBody ? "device.downloaded_help" : "device.header_only_help"));
    if (device.protocol() == sim::Protocol::Pop3 && !m.uidl.empty())
        ImGui::TextDisabled("UIDL %s", m.uidl.c_str());
    if (m.pending)
        ImGui::TextColored(palette().inFlight, "%s", tr("device.pending"));
    ImGui::TextDisabled("%s", tr("device.message_help"));
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

void drawMessageList(Explorer& explorer, std::size_t world, const sim::Device& device, const sim::LocalFolder& folder,
                     DeviceColumnState& state, FlowAnchors* anchors)
{
    if (anchors)
        anchors->devices[device.name()] = windowRect();  // the mailbox: where mail lands
    if (folder.messages.empty()) {
        emptyState(tr(device.local().messageCount() == 0 ? "empty.device_messages" : "device.empty_folder"));
        return;
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(folder.messages.size()), messageCardHeight());
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const sim::LocalMessage& m = folder.messages[static_cast<std::size_t>(i)];
            const bool selected = state.message == m.id;
            ImGui::PushID(static_cast<int>(m.id));
            MessageCard card = localCard(device, m, selected);
            if (anchors)  // a copy whose envelope is still on its way fills in as it lands
                card.alpha = arrivingAlpha(explorer, world, device.name(), folder.name, m.id);
            const CardResult result = drawMessageCard("##message", card);
            markLastItem(explorer, messageTarget(device.name(), m.id));
            if (anchors)
                anchors->copies[FlowAnchors::copyKey(device.name(), folder.name, m.id)] = itemRect();
            if (result.clicked)
                state.message = m.id;
            if (result.doubleClicked)
                explorer.post(DoAction{messageAction(device, sim::ActionKind::OpenMessage, folder.name, m.id)});
            if (ImGui::BeginPopupContextItem("##menu")) {
                state.message = m.id;
                drawMessageActions(explorer, device, folder, &m, true);
                ImGui::EndPopup();
            } else if (result.hovered) {
                messageTooltip(device, m);
            }
            ImGui::PopID();
        }
    }
}

/// A horizontal bar to drag: changes the mailbox's share of the height.
void drawSplitter(DeviceColumnState& state, float total)
{
    const float height = ImGui::GetFontSize() * 0.4f;
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float width = std::max(ImGui::GetContentRegionAvail().x, 1.0f);
    ImGui::InvisibleButton("##split", ImVec2(width, height));
    const bool active = ImGui::IsItemActive();
    if (active && total > 0.0f)
        state.mailboxShare = std::clamp(state.mailboxShare + ImGui::GetIO().MouseDelta.y / total, 0.1f, 0.9f);
    if (active || ImGui::IsItemHovered())
        ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeNS);
    const Palette& colours = palette();
    const float y = pos.y + height * 0.5f;
    ImGui::GetWindowDrawList()->AddLine(ImVec2(pos.x, y), ImVec2(pos.x + width, y),
                                        ImGui::GetColorU32(active ? colours.accent : colours.border),
                                        active ? 2.0f : 1.0f);
}

}  // namespace

// [SECTION] public functions

sim::Action deviceAction(const sim::Device& device, sim::ActionKind kind)
{
    sim::Action a;
    a.device = device.name();
    a.kind = kind;
    a.origin = sim::ActionOrigin::User;
    return a;
}

void drawDeviceColumn(Explorer& explorer, std::size_t world, const sim::Device& device)
{
    DeviceColumnState& state = explorer.view().column(world, device.name());
    FlowAnchors* anchors = flowAnchors(explorer, world);
    if (anchors)
        anchors->devices[device.name()] = windowRect();  // the column, until its mailbox is drawn
    ImGui::PushID(device.name().c_str());
    const bool compact = ImGui::GetContentRegionAvail().y < ImGui::GetFontSize() * kCompactBelow;
    drawHeader(device, compact);
    drawIntents(explorer, explorer.world(world), device, state);
    const sim::LocalFolder& folder = drawFolders(explorer, device, state, compact);
    drawSettings(explorer, device, state);

    const sim::LocalMessage* selected = state.message ? findMessage(folder, *state.message) : nullptr;
    if (state.message && !selected)
        state.message.reset();  // moved, deleted or the world was rewound
    if (!compact) {
        ImGui::BeginDisabled(selected == nullptr);
        drawMessageActions(explorer, device, folder, selected, false);
        ImGui::EndDisabled();
    }

    // The rest: the local mailbox, a splitter, the transcript.
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float total = ImGui::GetContentRegionAvail().y - ImGui::GetFontSize() * 0.4f -
                        ImGui::GetStyle().ItemSpacing.y * 2.0f;
    // Too little room (a projector at 200%): the mailbox keeps a few cards and the
    // transcript a few lines, and the whole column scrolls instead of squeezing them away.
    if (total < line * kCrampedLines) {
        if (ImGui::BeginChild("mailbox", ImVec2(0.0f, line * kCrampedMailboxLines), true))
            drawMessageList(explorer, world, device, folder, state, anchors);
        ImGui::EndChild();
        drawTranscript(explorer, world, device, line * kCrampedTranscriptLines);
        // The column scrolls as a whole here: a line clicked in its transcript brings the
        // transcript into view, and keeps it there when the column's height changes.
        const auto& selection = explorer.selection();
        const bool selectedHere = selection && selection->world == world && selection->device == device.name();
        const float columnHeight = ImGui::GetWindowHeight();
        if (selectedHere && (state.columnShownSelection != selection->index ||
                             std::abs(state.columnHeight - columnHeight) > 0.5f))
            ImGui::SetScrollHereY(1.0f);
        state.columnShownSelection = selectedHere ? selection->index : static_cast<std::size_t>(-1);
        state.columnHeight = columnHeight;
        ImGui::PopID();
        return;
    }
    const float minimum = std::min(line * 2.5f, std::max(total * 0.5f, 1.0f));
    const float mailboxHeight = std::clamp(total * state.mailboxShare, minimum, std::max(minimum, total - minimum));
    if (ImGui::BeginChild("mailbox", ImVec2(0.0f, mailboxHeight), true))
        drawMessageList(explorer, world, device, folder, state, anchors);
    ImGui::EndChild();
    drawSplitter(state, total);
    drawTranscript(explorer, world, device);
    ImGui::PopID();
}

const char* deviceKindKey(sim::DeviceKind kind)
{
    switch (kind) {
        case sim::DeviceKind::Phone: return "device.phone";
        case sim::DeviceKind::Laptop: return "device.laptop";
        case sim::DeviceKind::Tablet: return "device.tablet";
        case sim::DeviceKind::Other: break;
    }
    return "device.other";
}

}  // namespace mailscope::app
