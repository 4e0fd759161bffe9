// A device's column in the explorer: its header (kind, name, protocol, status), the things
// a person can ask of its mail client, its settings, its local mailbox and its transcript.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "app/ui/explorer.h"

namespace mailscope::app {

/// Draws the column of `device` in world `world` inside the child region the layout has
/// begun, filling it. Every change is a DoAction intent posted to `explorer`. Its items
/// live in the id scope of the device's name (ImGui::PushID(device.name())); the local
/// mailbox's messages in the child "mailbox", one id per message id ("##message").
void drawDeviceColumn(Explorer& explorer, std::size_t world, const sim::Device& device);

/// The string key naming a kind of device ("device.phone" ...), for tr().
const char* deviceKindKey(sim::DeviceKind kind);

/// An action of a person on `device` (origin User), to post as DoAction.
sim::Action deviceAction(const sim::Device& device, sim::ActionKind kind);

}  // namespace mailscope::app
