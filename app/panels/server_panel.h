// The Server panel: the MailStore as the server holds it (accounts, mailboxes, messages
// with UID, flags and size). Reads the store every frame and keeps no copy.
#pragma once

#include <imgui.h>

#include "protocols/mail/mail_store.h"

namespace mailscope::app {

/// The panel's window title (and ImGui window name).
inline constexpr const char* kServerPanelName = "Server";

/// Draws the panel. `open` gets a close button when not null. Placement is the caller's:
/// it sets position and size with SetNextWindowPos/Size and passes `layoutFlags`
/// (e.g. NoMove | NoResize for a panel that fills the window).
void drawServerPanel(const mail::MailStore& store, bool* open, ImGuiWindowFlags layoutFlags = 0);

}  // namespace mailscope::app
