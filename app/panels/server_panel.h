// The server column: each account's mailboxes and messages as cards (from, subject, size,
// UID, flags), what POP3 sessions have marked with DELE (RFC 1939 §6), messages removed at
// QUIT fading out, and IMAP changes other sessions have not been told yet (RFC 3501 5.2).
// Also the message card that the device columns draw too.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <imgui.h>

#include "app/ui/explorer.h"
#include "protocols/mail/mail_store.h"

namespace mailscope::app {

// [SECTION] the server column

/// Draws the server of world `world` (0, or 1 for the IMAP world in compare mode) inside
/// the child region the layout has begun, filling it.
void drawServerColumn(Explorer& explorer, std::size_t world);

/// The same view of a bare store, without a world: nothing is marked, in flight or fading
/// (no sessions to ask). Draws into the current window or child region.
void drawServerStore(const mail::MailStore& store);

// [SECTION] message cards (server column and device columns)

/// One icon per flag that is set, in a fixed order: ▴ \Recent, ● unread (no \Seen),
/// ↩ \Answered, ◆ \Flagged, × \Deleted, ◇ \Draft, + keywords. "" when none applies.
std::string flagIcons(const mail::Flags& flags, bool recent);
/// The legend of flagIcons(), one line per icon, in the current language.
const char* flagIconLegend();

/// What one message card shows. Two lines: icons, sender and size; subject and detail.
struct MessageCard {
    std::string icons;    ///< flagIcons()
    std::string from;     ///< the sender's display name
    std::string subject;  ///< the decoded subject
    std::string size;     ///< formatSize()
    std::string detail;   ///< right of the subject: "UID 3", "header only", "marked for deletion"
    ImVec4 detailColour = ImVec4(0, 0, 0, 0);  ///< alpha 0: the dimmed text colour
    ImVec4 stripe = ImVec4(0, 0, 0, 0);        ///< a bar on the left edge (state colour); alpha 0: none
    bool strike = false;    ///< struck through: marked for deletion, or already removed
    bool selected = false;  ///< drawn with the accent outline
    float alpha = 1.0f;     ///< fading out: 1 opaque .. 0 gone
    /// The message's UID on the server (serverUidOf() for a device's copy): a square tag in
    /// its colour (identityColour()) before the icons, the same on the server card and every
    /// device's copy; 0: none.
    std::uint32_t identity = 0;
};

/// What happened to a card this frame.
struct CardResult {
    bool clicked = false;        ///< pressed and released on it (or activated by keyboard)
    bool doubleClicked = false;  ///< double-clicked
    bool hovered = false;        ///< under the mouse: the caller may show a tooltip
};

/// The height of one card including the gap below it (the row height for ImGuiListClipper).
float messageCardHeight();

/// Draws a card over the full available width at the cursor. Its ImGui id is `id` in
/// the current id scope; its text is ImGui-rendered (logged, clipped to the card).
CardResult drawMessageCard(const char* id, const MessageCard& card);

}  // namespace mailscope::app
