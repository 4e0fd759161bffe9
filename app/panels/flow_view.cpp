// The flow animation: flights (app/ui/flow.h) drawn between the anchors the server and
// device columns recorded this frame, over the world's region, on the window's clock.
#include "app/panels/flow_view.h"

#include <algorithm>
#include <cmath>
#include <string>

#include <imgui.h>

#include "app/ui/theme.h"

namespace mailscope::app {

namespace {

constexpr float kPi = 3.14159265f;

ImVec2 centre(const FlowRect& r)
{
    return ImVec2((r.x0 + r.x1) * 0.5f, (r.y0 + r.y1) * 0.5f);
}

const FlowRect* find(const std::map<std::string, FlowRect>& rects, const std::string& key)
{
    const auto it = rects.find(key);
    return it == rects.end() || it->second.empty() ? nullptr : &it->second;
}

/// The server's end of a flight: its card, else its mailbox's row, else the server column.
const FlowRect* serverEnd(const FlowAnchors& anchors, const Flight& f)
{
    if (f.uid != 0)
        if (const FlowRect* card = find(anchors.cards, FlowAnchors::cardKey(f.account, f.folder, f.uid)))
            return card;
    if (const FlowRect* mailbox = find(anchors.mailboxes, FlowAnchors::mailboxKey(f.account, f.folder)))
        return mailbox;
    return anchors.server.empty() ? nullptr : &anchors.server;
}

/// The device's end: its copy's card when it is shown, else its mailbox (or column).
const FlowRect* deviceEnd(const FlowAnchors& anchors, const Flight& f)
{
    if (f.device.empty())
        return nullptr;
    const std::uint32_t id = f.kind == FlightKind::Download ? f.localId : f.uid;
    if (id != 0 && !f.deviceFolder.empty())
        if (const FlowRect* copy = find(anchors.copies, FlowAnchors::copyKey(f.device, f.deviceFolder, id)))
            return copy;
    return find(anchors.devices, f.device);
}

/// A point kept inside `bounds` (a card scrolled out of its column flies from the edge).
ImVec2 inside(ImVec2 p, const FlowRect& bounds)
{
    if (bounds.empty())
        return p;
    return ImVec2(std::clamp(p.x, bounds.x0, bounds.x1), std::clamp(p.y, bounds.y0, bounds.y1));
}

float smooth(float t)
{
    return t * t * (3.0f - 2.0f * t);
}

/// From `a` to `b` at `t`, on a shallow arc so crossing flights stay apart.
ImVec2 along(ImVec2 a, ImVec2 b, float t, float arc)
{
    const float s = smooth(std::clamp(t, 0.0f, 1.0f));
    const ImVec2 p(a.x + (b.x - a.x) * s, a.y + (b.y - a.y) * s);
    return ImVec2(p.x, p.y - std::sin(kPi * s) * arc);
}

ImU32 colour(ImVec4 c, float alpha)
{
    c.w *= std::clamp(alpha, 0.0f, 1.0f);
    return ImGui::GetColorU32(c);
}

/// An envelope centred at `at`: filled with the message's colour (an outline for a header only).
void envelope(ImDrawList* draw, ImVec2 at, float font, const ImVec4& fill, float alpha, bool whole)
{
    const float w = font * (whole ? 2.2f : 1.6f);
    const float h = w * 0.66f;
    const ImVec2 min(at.x - w * 0.5f, at.y - h * 0.5f);
    const ImVec2 max(at.x + w * 0.5f, at.y + h * 0.5f);
    const Palette& p = palette();
    const float line = std::max(1.0f, font / 12.0f);
    if (whole)
        draw->AddRectFilled(min, max, colour(fill, alpha), font * 0.12f);
    else
        draw->AddRectFilled(min, max, colour(p.cardBackground, alpha), font * 0.12f);
    draw->AddRect(min, max, colour(whole ? p.background : fill, alpha), font * 0.12f, 0, line * 1.5f);
    // The flap.
    draw->AddLine(min, ImVec2(at.x, at.y + h * 0.1f), colour(whole ? p.background : fill, alpha), line);
    draw->AddLine(ImVec2(max.x, min.y), ImVec2(at.x, at.y + h * 0.1f), colour(whole ? p.background : fill, alpha),
                  line);
}

/// A small label in a rounded box centred at `at`, with the message's colour as its border.
void chip(ImDrawList* draw, ImVec2 at, const std::string& text, const ImVec4& edge, const ImVec4& textColour,
          float alpha)
{
    const float font = ImGui::GetFontSize() * 0.85f;
    const ImVec2 size = ImGui::GetFont()->CalcTextSizeA(font, 1e6f, 0.0f, text.c_str());
    const float pad = font * 0.35f;
    const ImVec2 min(at.x - size.x * 0.5f - pad, at.y - size.y * 0.5f - pad * 0.5f);
    const ImVec2 max(at.x + size.x * 0.5f + pad, at.y + size.y * 0.5f + pad * 0.5f);
    const Palette& p = palette();
    draw->AddRectFilled(min, max, colour(p.cardBackground, alpha), font * 0.3f);
    draw->AddRect(min, max, colour(edge, alpha), font * 0.3f, 0, std::max(1.5f, font / 8.0f));
    draw->AddText(ImGui::GetFont(), font, ImVec2(min.x + pad, min.y + pad * 0.5f), colour(textColour, alpha),
                  text.c_str());
}

/// An outline growing out of `r` and fading: the card took the change.
void ring(ImDrawList* draw, const FlowRect& r, const ImVec4& c, float t)
{
    const float grow = ImGui::GetFontSize() * 0.5f * t;
    draw->AddRect(ImVec2(r.x0 - grow, r.y0 - grow), ImVec2(r.x1 + grow, r.y1 + grow), colour(c, 1.0f - t),
                  ImGui::GetFontSize() * 0.3f, 0, std::max(2.0f, ImGui::GetFontSize() * 0.15f));
}

/// The card breaking up: pieces in its colour drifting out of it and fading.
void dissolve(ImDrawList* draw, const FlowRect& r, const ImVec4& c, float t, std::uint32_t seed)
{
    const float font = ImGui::GetFontSize();
    const float piece = font * 0.35f;
    constexpr int kPieces = 18;
    for (int i = 0; i < kPieces; ++i) {
        // A fixed scatter per card (no randomness: the same picture every run).
        const std::uint32_t h = (seed ^ static_cast<std::uint32_t>(i) * 2654435761u) * 2246822519u;
        const float fx = static_cast<float>(h & 0xFFFF) / 65535.0f;
        const float fy = static_cast<float>((h >> 16) & 0xFFFF) / 65535.0f;
        const ImVec2 from(r.x0 + (r.x1 - r.x0) * fx, r.y0 + (r.y1 - r.y0) * fy);
        const float angle = (fx * 1.2f - 0.6f) - kPi * 0.5f;  // mostly up and away
        const float distance = font * (1.0f + 2.5f * fy) * smooth(t);
        const ImVec2 at(from.x + std::cos(angle) * distance + font * 1.5f * t, from.y + std::sin(angle) * distance);
        const float size = piece * (1.0f - 0.6f * t);
        draw->AddRectFilled(ImVec2(at.x - size * 0.5f, at.y - size * 0.5f), ImVec2(at.x + size * 0.5f, at.y + size * 0.5f),
                            colour(c, 1.0f - t));
    }
}

/// "+\Flagged", "-\Seen": what a device changed.
std::string changeLabel(const Flight& f)
{
    mail::Flags added = f.after;
    added.remove(f.before);
    mail::Flags removed = f.before;
    removed.remove(f.after);
    std::string label;
    if (const std::string a = added.toString(); !a.empty())
        label = "+" + a;
    if (const std::string r = removed.toString(); !r.empty())
        label += (label.empty() ? "\u2212" : " \u2212") + r;
    return label.empty() ? "FLAGS" : label;
}

std::string toldLabel(const Flight& f)
{
    switch (f.update) {
        case sim::UpdateKind::Exists: return "EXISTS";
        case sim::UpdateKind::Expunge: return "EXPUNGE";
        case sim::UpdateKind::Flags: break;
    }
    const std::string flags = f.after.toString();
    return "FETCH FLAGS (" + flags + ")";
}

/// Draws one flight; false when one of its ends is not on screen.
bool drawFlight(ImDrawList* draw, const FlowAnchors& anchors, const Flight& f, double now)
{
    const Palette& p = palette();
    const float font = ImGui::GetFontSize();
    const float t = static_cast<float>(f.progress(now));
    const ImVec4 own = f.uid != 0 ? identityColour(f.uid) : p.accent;
    const FlowRect* server = serverEnd(anchors, f);
    if (!server)
        return false;
    const ImVec2 serverAt = inside(centre(*server), anchors.server);
    const auto travel = [&](ImVec2 from, ImVec2 to, float share = -1.0f) {
        return along(from, to, share < 0.0f ? t : share, font * 1.5f);
    };
    switch (f.kind) {
        case FlightKind::Download: {
            const FlowRect* device = deviceEnd(anchors, f);
            if (!device)
                return false;
            const ImVec2 to = centre(*device);
            draw->AddLine(serverAt, to, colour(own, 0.25f * (1.0f - t)), std::max(1.0f, font / 10.0f));
            if (t < 0.3f)
                ring(draw, *server, own, t / 0.3f);
            const ImVec2 at = travel(serverAt, to);
            envelope(draw, at, font, own, t > 0.85f ? (1.0f - t) / 0.15f : 1.0f, f.whole);
            chip(draw, ImVec2(at.x, at.y + font * 1.5f), "UID " + std::to_string(f.uid), own, p.text,
                 t > 0.85f ? (1.0f - t) / 0.15f : 1.0f);
            return true;
        }
        case FlightKind::Mark:
        case FlightKind::ChangeUp: {
            const FlowRect* device = deviceEnd(anchors, f);
            if (!device)
                return false;
            const ImVec4 edge = f.kind == FlightKind::Mark ? p.markedForDeletion : own;
            const std::string label = f.kind == FlightKind::Mark ? "DELE" : changeLabel(f);
            // The chip reaches the server at kArrival of the time; the card takes it after.
            constexpr float arrival = static_cast<float>(kArrival);
            if (t < arrival) {
                chip(draw, travel(centre(*device), serverAt, t / arrival), label, edge, p.text, 1.0f);
            } else {
                ring(draw, *server, edge, (t - arrival) / (1.0f - arrival));
                chip(draw, serverAt, label, edge, p.text, (1.0f - t) / (1.0f - arrival));
            }
            return true;
        }
        case FlightKind::ChangeDown: {
            const FlowRect* device = deviceEnd(anchors, f);
            if (!device)
                return false;
            const ImVec2 to = centre(*device);
            if (t < 0.25f)
                ring(draw, *server, own, t / 0.25f);
            const ImVec2 at = travel(serverAt, to);
            chip(draw, at, toldLabel(f), own, p.text, t > 0.85f ? (1.0f - t) / 0.15f : 1.0f);
            if (t > 0.8f)
                ring(draw, *device, own, (t - 0.8f) / 0.2f);
            return true;
        }
        case FlightKind::Unmark: {
            const FlowRect* device = f.unmark == sim::UnmarkReason::Rset ? deviceEnd(anchors, f) : nullptr;
            if (device && t < 0.6f) {
                chip(draw, travel(centre(*device), serverAt, t / 0.6f), "RSET", p.accent, p.text, 1.0f);
            } else {
                const float u = device ? (t - 0.6f) / 0.4f : t;
                ring(draw, *server, p.accent, u);
                chip(draw, ImVec2(serverAt.x, server->y0), "\u21BA", p.accent, p.text, 1.0f - u);
            }
            return true;
        }
        case FlightKind::Dissolve:
            dissolve(draw, *server, own, t, f.uid * 2654435761u);
            return true;
    }
    return false;
}

}  // namespace

ImVec4 identityColour(std::uint32_t uid)
{
    // Neighbouring UIDs far apart on the colour wheel (the golden ratio); light and dark
    // themes keep the tag readable.
    const float hue = std::fmod(static_cast<float>(uid % 10007u) * 0.618034f + 0.05f, 1.0f);
    const bool light = currentTheme() == Theme::Light;
    float r = 0.0f;
    float g = 0.0f;
    float b = 0.0f;
    ImGui::ColorConvertHSVtoRGB(hue, light ? 0.75f : 0.55f, light ? 0.70f : 0.95f, r, g, b);
    return ImVec4(r, g, b, 1.0f);
}

FlowAnchors* flowAnchors(Explorer& explorer, std::size_t world)
{
    StreamMemory& memory = explorer.view().stream(world);
    return memory.flights.empty() ? nullptr : &memory.anchors;
}

float arrivingAlpha(const Explorer& explorer, std::size_t world, std::string_view device, std::string_view folder,
                    std::uint32_t id)
{
    const StreamMemory* memory = explorer.view().stream(world);
    if (!memory || !memory->animated || memory->flights.empty())
        return 1.0f;
    const double now = explorer.clock();
    for (const Flight& f : memory->flights)
        if (f.kind == FlightKind::Download && f.localId == id && f.device == device && f.deviceFolder == folder &&
            !f.over(now))
            return 0.3f + 0.7f * static_cast<float>(f.progress(now));
    return 1.0f;
}

FlowRect windowRect()
{
    const ImVec2 pos = ImGui::GetWindowPos();
    const ImVec2 size = ImGui::GetWindowSize();
    return FlowRect{pos.x, pos.y, pos.x + size.x, pos.y + size.y};
}

FlowRect itemRect()
{
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    return FlowRect{min.x, min.y, max.x, max.y};
}

void drawFlow(Explorer& explorer, std::size_t world, bool on)
{
    StreamMemory& memory = explorer.view().stream(world);
    memory.drawn.clear();
    // Over menus and popups nothing flies (the flights go on and show when they close).
    memory.animated = on && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId);
    if (memory.animated && !memory.flights.empty()) {
        ImDrawList* draw = ImGui::GetForegroundDrawList();
        const FlowRect region = windowRect();
        draw->PushClipRect(ImVec2(region.x0, region.y0), ImVec2(region.x1, region.y1), true);
        const double now = explorer.clock();
        for (const Flight& f : memory.flights) {
            if (f.start > now || f.over(now))
                continue;
            if (drawFlight(draw, memory.anchors, f, now))
                memory.drawn.push_back(describeFlight(f));
        }
        draw->PopClipRect();
    }
    memory.anchors.clear();
}

}  // namespace mailscope::app
