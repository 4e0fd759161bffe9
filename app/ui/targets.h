// Stable ids of the widgets a lesson may point at, and marking where they were drawn.
// The ids are never translated ("device:Laptop:check_mail", "device:Laptop:message:3",
// "server:INBOX"), so a highlight stays on the same widget in Polish and tests click a
// button by what it does, not by its label.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/action.h"

namespace mailscope::app {

class Explorer;

/// "device:NAME" (the column), or "device:NAME:KIND" for a device's action button.
std::string deviceTarget(std::string_view device, std::string_view kind = {});
/// The button that does `action` ("device:Laptop:check_mail"); message actions name the
/// kind only, since the buttons act on the selected message.
std::string actionTarget(const sim::Action& action);
/// A device's message card: "device:NAME:message:ID" (ID: the UID, or the POP3 local number).
std::string messageTarget(std::string_view device, std::uint32_t id);
/// A server folder's heading: "server:FOLDER"; "server" for the column.
std::string serverTarget(std::string_view folder = {});

/// Marks ImGui's last item as the widget `id` (the first mark of a frame wins: in compare
/// mode that is the POP3 world's column).
void markLastItem(Explorer& explorer, const std::string& id);

/// An action button: disabled with the reason as its tooltip when the running lesson does
/// not allow `action`, marked with actionTarget(). Returns whether it was clicked (and allowed).
/// `small`: a SmallButton; `label` is as ImGui takes it ("Check mail###intent.check_mail").
bool actionButton(Explorer& explorer, const sim::Action& action, const char* label, bool small = false);

}  // namespace mailscope::app
