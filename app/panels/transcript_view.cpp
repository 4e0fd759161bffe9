// A device's transcript: one row per entry, drawn only when visible (ImGuiListClipper),
// with the step cursor, the pending line, explanations on hover and copy / export.
#include "app/panels/transcript_view.h"

#include <algorithm>
#include <cmath>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <system_error>

#include <imgui.h>
#include <imgui_internal.h>

#include "app/ui/i18n.h"
#include "app/ui/note_text.h"
#include "app/ui/targets.h"
#include "app/ui/theme.h"
#include "app/ui/transcript_export.h"
#include "app/ui/widgets.h"
#include "sim/report.h"

namespace mailscope::app {

namespace {

/// The zone (minutes east of UTC) of the scenario world `world` shows, for its clocks.
int zoneOf(const Explorer& explorer, std::size_t world)
{
    return explorer.world(world).scenario().zoneMinutes;
}

/// Most characters of a literal a tooltip shows (message bodies can be long).
constexpr std::size_t kTooltipChars = 1200;

// [SECTION] export

void setPath(ExportState& state, const std::string& path)
{
    std::snprintf(state.path, sizeof state.path, "%s", path.c_str());
}

void saveExport(ExportState& state, const sim::Device& device, int zoneMinutes)
{
    std::filesystem::path path(state.path);
    std::error_code ec;
    const std::filesystem::path absolute = std::filesystem::absolute(path, ec);
    if (!ec)
        path = absolute;
    const std::string error =
        writeExportFile(path, exportTranscript(device.transcript(), device.name(), state.format, currentLanguage(), zoneMinutes));
    char buf[1400];
    if (error.empty())
        std::snprintf(buf, sizeof buf, tr("transcript.exported"), path.string().c_str());
    else
        std::snprintf(buf, sizeof buf, tr("transcript.export_failed"), error.c_str());
    state.message = buf;
    state.failed = !error.empty();
}

void drawExportPopup(Explorer& explorer, std::size_t world, ExportState& state, const sim::Device& device)
{
    if (!ImGui::BeginPopup("export"))
        return;
    const std::string textName = exportFileName(device.name(), ExportFormat::Text);
    const std::string markdownName = exportFileName(device.name(), ExportFormat::Markdown);
    if (state.path[0] == '\0')
        setPath(state, exportFileName(device.name(), state.format));
    int format = state.format == ExportFormat::Markdown ? 1 : 0;
    const int before = format;
    ImGui::RadioButton(trLabel("transcript.format_text"), &format, 0);
    ImGui::SameLine();
    ImGui::RadioButton(trLabel("transcript.format_markdown"), &format, 1);
    if (format != before) {
        state.format = format == 1 ? ExportFormat::Markdown : ExportFormat::Text;
        // A default name follows the format; a name the person typed stays.
        if (state.path == (before == 1 ? markdownName : textName))
            setPath(state, format == 1 ? markdownName : textName);
    }
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 24.0f);
    const bool enter = ImGui::InputText(trLabel("transcript.export_path"), state.path, sizeof state.path,
                                        ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if (ImGui::Button(trLabel("transcript.browse"))) {
        explorer.view().requestExportBrowse(world, device.name());  // the window's file dialog takes over
        ImGui::CloseCurrentPopup();
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("transcript.browse_help"));
    helpMarker(tr("transcript.export_path_help"));
    ImGui::BeginDisabled(state.path[0] == '\0');
    if (ImGui::Button(trLabel("transcript.save")) || (enter && state.path[0] != '\0')) {
        saveExport(state, device, zoneOf(explorer, world));
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(trLabel("common.cancel")))
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void drawToolbar(Explorer& explorer, std::size_t world, const sim::Device& device)
{
    ExportState& state = explorer.view().exportState(world, device.name());
    const std::size_t lines = device.transcript().size();
    // "Transcript · 62 lines", or only "62 lines" when the column is too narrow for it and the buttons.
    char count[64];
    std::snprintf(count, sizeof count, "%zu %s", lines, trCount("count.line", lines));
    const ImGuiStyle& style = ImGui::GetStyle();
    const float buttons = ImGui::CalcTextSize(trLabel("common.copy"), nullptr, true).x +
                          ImGui::CalcTextSize(trLabel("transcript.export"), nullptr, true).x +
                          style.FramePadding.x * 4.0f + style.ItemSpacing.x * 2.0f;
    const std::string full = std::string(tr("panel.transcript")) + " · " + count;
    const bool fits = ImGui::CalcTextSize(full.c_str()).x + buttons <= ImGui::GetContentRegionAvail().x;
    ImGui::TextDisabled("%s", fits ? full.c_str() : count);
    ImGui::SameLine();
    if (ImGui::SmallButton(trLabel("common.copy"))) {
        ImGui::SetClipboardText(
            exportTranscript(device.transcript(), device.name(), ExportFormat::Text, currentLanguage(), zoneOf(explorer, world)).c_str());
        state.message = tr("transcript.copied");
        state.failed = false;
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("transcript.copy_help"));
    ImGui::SameLine();
    if (ImGui::SmallButton(trLabel("transcript.export")))
        ImGui::OpenPopup("export");
    drawExportPopup(explorer, world, state, device);
    if (!state.message.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        if (state.failed)
            ImGui::TextColored(palette().error, "%s", state.message.c_str());
        else
            ImGui::TextDisabled("%s", state.message.c_str());
        ImGui::PopTextWrapPos();
    }
}

// [SECTION] rows

ImVec4 entryColour(const sim::TranscriptEntry& e)
{
    const Palette& colours = palette();
    if (e.kind == sim::EntryKind::Note)
        return colours.note;
    if (isErrorLine(e))
        return colours.error;
    return e.direction == core::Direction::ClientToServer ? colours.clientLine : colours.serverLine;
}

const char* directionWord(const sim::TranscriptEntry& e)
{
    if (e.kind == sim::EntryKind::Note)
        return tr("transcript.note");
    return e.direction == core::Direction::ClientToServer ? tr("transcript.client") : tr("transcript.server");
}

/// Text with a row's clip rect, logged for captures (ImGui::RenderTextClipped).
void rowText(ImVec2 at, float right, float height, const char* text, const ImVec4& colour)
{
    textEllipsis(at, right, height, text, colour);  // the whole line is in the row's tooltip
}

void entryTooltip(const std::vector<sim::TranscriptEntry>& entries, std::size_t index, int zoneMinutes)
{
    const sim::TranscriptEntry& e = entries[index];
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
    ImGui::TextDisabled(tr("transcript.tooltip_head"), sim::formatClock(e.time, zoneMinutes).c_str(), directionWord(e), e.step);
    if (e.kind == sim::EntryKind::Literal) {
        ImGui::TextDisabled("%s", shortEntryText(entries, index, currentLanguage()).c_str());
        const std::string_view shown = std::string_view(e.text).substr(0, kTooltipChars);
        ImGui::TextUnformatted(shown.data(), shown.data() + shown.size());
        if (shown.size() < e.text.size())
            ImGui::TextDisabled("…");
    } else {
        ImGui::TextUnformatted(entryText(e, currentLanguage()).c_str());
    }
    if (e.kind != sim::EntryKind::Note) {
        ImGui::Separator();
        if (e.explanation) {
            const std::string_view meaning = e.explanation->text(currentLanguage());
            ImGui::TextUnformatted(meaning.data(), meaning.data() + meaning.size());
            if (!e.explanation->rfc.empty())
                ImGui::TextDisabled("%.*s", static_cast<int>(e.explanation->rfc.size()), e.explanation->rfc.data());
        } else {
            ImGui::TextDisabled("%s", tr("inspector.no_explanation"));
        }
        ImGui::TextDisabled("%s", tr("transcript.click_help"));
    }
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

/// Geometry shared by every row of one transcript.
struct RowLayout {
    float width = 0.0f;
    float height = 0.0f;  ///< one text line
    float gutter = 0.0f;  ///< room for the step cursor's marker
    float mark = 0.0f;    ///< room for "C:" / "S:"
};

RowLayout rowLayout()
{
    RowLayout layout;
    layout.width = std::max(ImGui::GetContentRegionAvail().x, 1.0f);
    layout.height = ImGui::GetTextLineHeight();
    layout.gutter = ImGui::GetFontSize() * 1.1f;
    layout.mark = ImGui::CalcTextSize("S: ").x;
    return layout;
}

void drawEntry(Explorer& explorer, std::size_t world, const sim::Device& device, std::size_t index, bool onCursor,
               bool selected, const RowLayout& layout)
{
    const auto& entries = device.transcript().entries();
    const sim::TranscriptEntry& e = entries[index];
    const Palette& colours = palette();
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float right = pos.x + layout.width;
    if (onCursor) {
        const float spacing = ImGui::GetStyle().ItemSpacing.y;
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(pos.x, pos.y - spacing * 0.5f),
                                                  ImVec2(right, pos.y + layout.height + spacing * 0.5f),
                                                  ImGui::GetColorU32(colours.cursorBackground));
    }
    ImGui::PushID(static_cast<int>(index));
    if (ImGui::Selectable("##entry", selected, ImGuiSelectableFlags_None, ImVec2(layout.width, layout.height)))
        explorer.post(SelectEntry{world, device.name(), index});
    const bool hovered = ImGui::IsItemHovered();
    ImGui::PopID();

    if (onCursor)
        rowText(pos, pos.x + layout.gutter, layout.height, "▶", colours.cursorMarker);
    const ImVec4 colour = entryColour(e);
    const float markX = pos.x + layout.gutter;
    const char* mark = e.kind == sim::EntryKind::Note
                           ? "·"
                           : (e.direction == core::Direction::ClientToServer ? "C:" : "S:");
    rowText(ImVec2(markX, pos.y), right, layout.height, mark, colour);
    const ImVec2 textAt(markX + layout.mark, pos.y);
    rowText(textAt, right, layout.height, shortEntryText(entries, index, currentLanguage()).c_str(), colour);
    if (hovered)
        entryTooltip(entries, index, zoneOf(explorer, world));
}

/// The next step, when it concerns this device: a line about to cross its link, or an
/// action about to be applied to it. Drawn greyed below the last entry.
void drawPending(const sim::NextStep& next, const RowLayout& layout)
{
    const Palette& colours = palette();
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float right = pos.x + layout.width;
    ImGui::PushID("pending");
    ImGui::Selectable("##pending", false, ImGuiSelectableFlags_Disabled, ImVec2(layout.width, layout.height));
    ImGui::PopID();
    const bool hovered = ImGui::IsMouseHoveringRect(pos, ImVec2(right, pos.y + layout.height));
    rowText(pos, pos.x + layout.gutter, layout.height, "…", colours.pendingLine);
    const float markX = pos.x + layout.gutter;
    std::string text;
    if (next.kind == sim::NextStep::Kind::Line) {
        rowText(ImVec2(markX, pos.y), right, layout.height,
                next.direction == core::Direction::ClientToServer ? "C:" : "S:", colours.pendingLine);
        text = next.entryKind == sim::EntryKind::Literal ? std::string(firstLine(next.text)) + " …" : trNote(next.note);
    } else {
        rowText(ImVec2(markX, pos.y), right, layout.height, "▷", colours.pendingLine);
        text = trNote(next.note);
    }
    text += "   (";
    text += tr("transcript.next_pending");
    text += ')';
    rowText(ImVec2(markX + layout.mark, pos.y), right, layout.height, text.c_str(), colours.pendingLine);
    if (hovered) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
        ImGui::TextDisabled("%s", tr("transcript.next_pending_help"));
        const std::string said = next.kind == sim::NextStep::Kind::Line ? next.text : trNote(next.note);
        const std::string_view shown = std::string_view(said).substr(0, kTooltipChars);
        ImGui::TextUnformatted(shown.data(), shown.data() + shown.size());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

}  // namespace

// [SECTION] public functions

bool isErrorLine(const sim::TranscriptEntry& entry)
{
    if (entry.kind != sim::EntryKind::Line || entry.direction != core::Direction::ServerToClient)
        return false;
    const std::string_view text = entry.text;
    if (entry.protocol == sim::Protocol::Pop3)
        return text.starts_with("-ERR");
    // IMAP: "<tag> NO ...", "<tag> BAD ...", "* NO ...", "* BAD ..." (RFC 3501 7.1).
    const std::size_t space = text.find(' ');
    if (space == std::string_view::npos)
        return false;
    std::string_view status = text.substr(space + 1);
    status = status.substr(0, status.find(' '));
    const auto is = [status](std::string_view word) {
        return status.size() == word.size() &&
               std::equal(status.begin(), status.end(), word.begin(), [](char a, char b) {
                   return std::toupper(static_cast<unsigned char>(a)) == b;
               });
    };
    return is("NO") || is("BAD");
}

void drawTranscript(Explorer& explorer, std::size_t world, const sim::Device& device, float height)
{
    const auto worlds = explorer.worlds();
    if (world >= worlds.size())
        return;
    const sim::World& w = *worlds[world];
    ImGui::PushID("transcript");
    drawToolbar(explorer, world, device);

    const sim::NextStep next = w.next();
    const bool pending = next.kind != sim::NextStep::Kind::None && next.device == device.name();
    const auto& entries = device.transcript().entries();
    const std::size_t cursor = w.stepCount();
    const auto& selection = explorer.selection();
    const bool selectionHere = selection && selection->world == world && selection->device == device.name();

    if (ImGui::BeginChild("lines", ImVec2(0.0f, height), false, ImGuiWindowFlags_None)) {
        // The line clicked stays in view: when it is chosen, and when the transcript's
        // height changes under it (the inspector opening below pushes the columns up).
        DeviceColumnState& column = explorer.view().column(world, device.name());
        const float lineHeight = ImGui::GetTextLineHeightWithSpacing();
        const float visible = ImGui::GetWindowHeight();
        bool keepSelection = false;
        if (selectionHere &&
            (column.shownSelection != selection->index || std::abs(column.linesHeight - visible) > 0.5f)) {
            const float y = static_cast<float>(selection->index) * lineHeight;
            if (y < ImGui::GetScrollY() || y + lineHeight > ImGui::GetScrollY() + visible) {
                ImGui::SetScrollY(std::max(0.0f, y - (visible - lineHeight) * 0.5f));
                keepSelection = true;
            }
        }
        column.shownSelection = selectionHere ? selection->index : static_cast<std::size_t>(-1);
        column.linesHeight = visible;
        if (explorer.targets().count("transcript:" + device.name()) == 0) {
            const ImVec2 at = ImGui::GetWindowPos();
            explorer.markTarget("transcript:" + device.name(), at.x, at.y, at.x + ImGui::GetWindowWidth(), at.y + visible);
        }
        // Follow new lines only while the view is at the bottom (as it was drawn last frame).
        const bool atBottom = !keepSelection && ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1.0f;
        const std::size_t rows = entries.size() + (pending ? 1 : 0);
        if (rows == 0) {
            emptyState(tr("empty.transcript"));
        } else {
            const RowLayout layout = rowLayout();
            ImGuiListClipper clipper;
            clipper.Begin(static_cast<int>(rows), ImGui::GetTextLineHeightWithSpacing());
            while (clipper.Step()) {
                for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                    const std::size_t index = static_cast<std::size_t>(i);
                    if (index < entries.size()) {
                        drawEntry(explorer, world, device, index, cursor > 0 && entries[index].step == cursor,
                                  selectionHere && selection->index == index, layout);
                        if (selectionHere && selection->index == index)
                            markLastItem(explorer, "transcript:" + device.name() + ":selected");
                    }
                    else
                        drawPending(next, layout);
                }
            }
            clipper.End();
            if (atBottom)
                ImGui::SetScrollHereY(1.0f);
        }
    }
    ImGui::EndChild();
    ImGui::PopID();
}

}  // namespace mailscope::app
