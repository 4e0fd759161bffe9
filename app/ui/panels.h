// The app's panels, listed in one place: which are visible (imgui_demo's
// ImGuiDemoWindowData) and drawing them all for one frame.
#pragma once

#include "protocols/mail/mail_store.h"

namespace mailscope::app {

/// Which panels are shown. One flag per panel; the View menu lists them all.
struct PanelVisibility {
    bool server = true;  ///< Server: the MailStore's accounts, mailboxes and messages
};

/// Draws the main menu bar and every visible panel. Call between NewFrame and Render.
void drawPanels(PanelVisibility& visible, const mail::MailStore& store);

}  // namespace mailscope::app
