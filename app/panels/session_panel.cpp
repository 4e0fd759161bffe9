// A real mail client's column: header (protocol, session, TLS or plain, closed) and its
// transcript, client and server lines in their colours, explained on hover. Only the
// visible lines cost anything (ImGuiListClipper).
#include "app/panels/session_panel.h"

#include <algorithm>
#include <cstdio>

#include <imgui.h>

#include "app/ui/i18n.h"
#include "app/ui/note_text.h"
#include "app/ui/theme.h"
#include "app/ui/widgets.h"

namespace mailscope::app {

namespace {

constexpr float kTooltipWidth = 32.0f;  // in font sizes

ImVec4 lineColour(const sim::TranscriptEntry& e)
{
    const Palette& colours = palette();
    if (e.kind == sim::EntryKind::Note)
        return colours.note;
    return e.direction == core::Direction::ClientToServer ? colours.clientLine : colours.serverLine;
}

const char* lineMark(const sim::TranscriptEntry& e)
{
    if (e.kind == sim::EntryKind::Note)
        return "·";
    return e.direction == core::Direction::ClientToServer ? "C:" : "S:";
}

void lineTooltip(const sim::TranscriptEntry& e)
{
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * kTooltipWidth);
    ImGui::TextDisabled("%s", e.direction == core::Direction::ClientToServer ? tr("transcript.client")
                                                                             : tr("transcript.server"));
    ImGui::TextUnformatted(entryText(e, currentLanguage()).c_str());
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
    }
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

/// The header line and its help marker.
void drawHeader(sim::Protocol protocol, mail::SessionId id, bool tls, bool closed)
{
    char title[256];
    std::snprintf(title, sizeof title, tr("real.column_title"), sim::protocolName(protocol).data(),
                  static_cast<unsigned long long>(id), tls ? "TLS" : tr("real.plain"));
    ImGui::TextColored(palette().accent, "%s", title);
    if (closed) {
        ImGui::SameLine();
        ImGui::TextColored(palette().textDim, "· %s", tr("real.closed"));
    }
    helpMarker(tr("real.column_help"));
    ImGui::Separator();
}

/// The lines, in a scrolling child that follows new lines while it is at the bottom.
void drawLines(const sim::Transcript& transcript)
{
    // A real session keeps only its latest lines (a bounded ring): say how many went.
    if (transcript.dropped() > 0) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled(tr("real.dropped_lines"), transcript.dropped());
        ImGui::PopTextWrapPos();
    }
    if (!ImGui::BeginChild("real-lines", ImVec2(0.0f, 0.0f), false, ImGuiWindowFlags_HorizontalScrollbar)) {
        ImGui::EndChild();
        return;
    }
    const auto& entries = transcript.entries();
    if (entries.empty()) {
        emptyState(tr("real.empty"));
    } else {
        const bool atBottom = ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1.0f;
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(entries.size()));
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const sim::TranscriptEntry& e = entries[static_cast<std::size_t>(i)];
                const ImVec4 colour = lineColour(e);
                ImGui::BeginGroup();
                ImGui::TextColored(colour, "%s", lineMark(e));
                ImGui::SameLine();
                ImGui::PushStyleColor(ImGuiCol_Text, colour);
                if (e.kind == sim::EntryKind::Literal) {
                    // A literal may be many lines: its first line stands for it here.
                    const std::string_view first = std::string_view(e.text).substr(0, e.text.find('\n'));
                    ImGui::TextUnformatted(first.data(), first.data() + first.size());
                } else {
                    ImGui::TextUnformatted(entryText(e, currentLanguage()).c_str());
                }
                ImGui::PopStyleColor();
                ImGui::EndGroup();
                if (ImGui::IsItemHovered())
                    lineTooltip(e);
            }
        }
        clipper.End();
        if (atBottom)
            ImGui::SetScrollHereY(1.0f);
    }
    ImGui::EndChild();
}

}  // namespace

void RealClients::keepClosed(const sim::World& world)
{
    for (const sim::HostedSession* session : world.externalSessions()) {
        if (!session->closed())
            continue;
        const bool kept = std::any_of(closed.begin(), closed.end(),
                                      [&](const ClosedSession& c) { return c.id == session->id(); });
        if (kept)
            continue;
        closed.push_back(ClosedSession{session->protocol(), session->id(), session->tlsActive(), session->transcript()});
        while (closed.size() > kKeepClosed)
            closed.pop_front();
    }
}

void drawSessionColumn(Explorer& explorer, const sim::HostedSession& session)
{
    (void)explorer;  // the contract's shape: a later click-to-select posts through it
    ImGui::PushID(static_cast<int>(session.id()));
    drawHeader(session.protocol(), session.id(), session.tlsActive(), session.closed());
    drawLines(session.transcript());
    ImGui::PopID();
}

void drawClosedSessionColumn(const ClosedSession& session)
{
    ImGui::PushID(static_cast<int>(session.id));
    drawHeader(session.protocol, session.id, session.tls, true);
    drawLines(session.transcript);
    ImGui::PopID();
}

std::string describePorts(const std::vector<sim::net::ListeningPort>& ports)
{
    std::string out;
    std::string firstAddress;
    for (const sim::net::ListeningPort& port : ports) {
        if (!out.empty())
            out += ", ";
        out += sim::net::serviceName(port.service);
        out += ' ';
        if (firstAddress.empty()) {
            firstAddress = port.address;
            out += port.address;
        } else if (port.address != firstAddress) {
            out += port.address;
        }
        out += ':' + std::to_string(port.port);
    }
    return out;
}

}  // namespace mailscope::app
