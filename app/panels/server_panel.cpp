// The Server panel: accounts, mailboxes and messages of the MailStore, drawn every frame
// from the store itself.
#include "app/panels/server_panel.h"

#include <string>

#include <imgui.h>

#include "app/ui/mail_text.h"
#include "app/ui/widgets.h"

namespace mailscope::app {

namespace {

// [SECTION] messages table

void drawRightAligned(const std::string& text)
{
    const float width = ImGui::CalcTextSize(text.c_str()).x;
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - width);
    ImGui::TextUnformatted(text.c_str());
}

/// A table cell that shows `shown` and, on hover, `full` when it says more or is cut off.
void drawTextCell(const std::string& shown, const std::string& full)
{
    const bool clipped = ImGui::CalcTextSize(shown.c_str()).x > ImGui::GetContentRegionAvail().x;
    ImGui::TextUnformatted(shown.c_str());
    if ((clipped || shown != full) && ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", full.c_str());
}

void drawMessageTable(const mail::Mailbox& mailbox)
{
    constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                       ImGuiTableFlags_BordersOuterH | ImGuiTableFlags_Resizable |
                                       ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("messages", 5, kFlags))
        return;
    const float fontSize = ImGui::GetFontSize();
    ImGui::TableSetupColumn("Flags", ImGuiTableColumnFlags_WidthFixed, fontSize * 3.5f);
    ImGui::TableSetupColumn("UID", ImGuiTableColumnFlags_WidthFixed, fontSize * 3.0f);
    ImGui::TableSetupColumn("From", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn("Subject", ImGuiTableColumnFlags_WidthStretch, 3.0f);
    ImGui::TableSetupColumn("Size", ImGuiTableColumnFlags_WidthFixed, fontSize * 4.5f);
    ImGui::TableHeadersRow();

    const auto& items = mailbox.items();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(items.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const mail::MailItem& item = items[static_cast<std::size_t>(i)];
            const MessageRow row = messageRow(item);
            const bool deleted = item.flags.has(mail::SystemFlag::Deleted);
            if (deleted)
                ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextUnformatted(row.flags.c_str());
            if (ImGui::IsItemHovered()) {
                const std::string names = item.flags.toString();
                ImGui::SetTooltip("%s%s", names.empty() ? "no flags" : names.c_str(),
                                  item.recent ? " (and \\Recent)" : "");
            }
            ImGui::TableSetColumnIndex(1);
            ImGui::Text("%u", static_cast<unsigned>(row.uid));
            ImGui::TableSetColumnIndex(2);
            drawTextCell(row.fromName, row.from);
            ImGui::TableSetColumnIndex(3);
            drawTextCell(row.subject, row.subject);
            ImGui::TableSetColumnIndex(4);
            drawRightAligned(row.size);
            if (deleted)
                ImGui::PopStyleColor();
        }
    }
    ImGui::EndTable();
}

// [SECTION] accounts and mailboxes

void drawMailbox(const mail::Mailbox& mailbox)
{
    const std::string summary = mailboxSummary(mailbox);
    if (mailbox.empty()) {
        ImGui::TreeNodeEx(&mailbox, ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_Bullet |
                                        ImGuiTreeNodeFlags_NoTreePushOnOpen,
                          "%s", mailbox.name().c_str());
        ImGui::SameLine();
        ImGui::TextDisabled("%s", summary.c_str());
        return;
    }
    const bool open = ImGui::TreeNodeEx(&mailbox, ImGuiTreeNodeFlags_DefaultOpen | ImGuiTreeNodeFlags_SpanAvailWidth,
                                        "%s", mailbox.name().c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("%s", summary.c_str());
    if (!open)
        return;
    drawMessageTable(mailbox);
    ImGui::TreePop();
}

void drawAccount(const mail::Account& account)
{
    ImGui::PushID(&account);
    if (ImGui::CollapsingHeader(account.user().c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
        ImGui::TextDisabled("user %s, password %s", account.user().c_str(), account.password().c_str());
        for (const mail::Mailbox* mailbox : account.mailboxes())
            drawMailbox(*mailbox);
        ImGui::Spacing();
    }
    ImGui::PopID();
}

}  // namespace

void drawServerPanel(const mail::MailStore& store, bool* open, ImGuiWindowFlags layoutFlags)
{
    if (!ImGui::Begin(kServerPanelName, open,
                      layoutFlags | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
        ImGui::End();
        return;
    }
    const auto accounts = store.accounts();
    std::size_t messages = 0;
    for (const mail::Account* account : accounts)
        for (const mail::Mailbox* mailbox : account->mailboxes())
            messages += mailbox->size();

    ImGui::Text("%zu %s, %zu %s", accounts.size(), accounts.size() == 1 ? "account" : "accounts", messages,
                messages == 1 ? "message" : "messages");
    helpMarker("The mail as the server stores it. POP3 and IMAP sessions read and change this store; "
               "every change shows here at once.");
    ImGui::SameLine();
    ImGui::TextDisabled("Flags");
    helpMarker(flagLegend());
    ImGui::Separator();

    if (accounts.empty())
        emptyState("No accounts on the server");
    else if (messages == 0)
        emptyState("No messages on the server");
    for (const mail::Account* account : accounts)
        drawAccount(*account);
    ImGui::End();
}

}  // namespace mailscope::app
