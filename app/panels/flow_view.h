// The flow animation drawn over a world's columns: envelopes carried from the server card
// to a device (POP3 RETR, IMAP FETCH), DELE stamping the server card, the card dissolving
// at QUIT, marks coming off at RSET or a dropped connection, and IMAP changes travelling up
// to the server and out to every other session as it is told. The flights come from the
// world's event stream (app/ui/flow.h); the panels record where they drew the cards.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <imgui.h>

#include "app/ui/explorer.h"

namespace mailscope::app {

/// The colour of a message's tag, from its UID on the server (serverUidOf()): the same on
/// the server card, on each device's copy and on the envelope that carries it.
ImVec4 identityColour(std::uint32_t uid);

/// Where the panels record their anchors while world `world` has flights; nullptr otherwise
/// (then recording costs nothing).
FlowAnchors* flowAnchors(Explorer& explorer, std::size_t world);

/// How opaque a device's copy is drawn while the envelope carrying it is on its way: from
/// faint when it leaves the server to whole when it lands (1 when none is, or the flow is
/// not drawn). `id` is the device's id of the copy in `folder`.
float arrivingAlpha(const Explorer& explorer, std::size_t world, std::string_view device, std::string_view folder,
                    std::uint32_t id);

/// The current window's rectangle, or the last item's.
FlowRect windowRect();
FlowRect itemRect();

/// Draws the flights of world `world` over the region the layout has just filled (call last
/// in the world's child region), then forgets the frame's anchors. `on`: View > Animate mail
/// flow; off, nothing is drawn (the flights still come and go, so turning it on shows the
/// ones moving now).
void drawFlow(Explorer& explorer, std::size_t world, bool on);

}  // namespace mailscope::app
