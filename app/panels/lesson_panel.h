// The lesson panel beside the explorer while a guided lesson runs: the step's narration,
// the task, a checklist that ticks live, hints, the solution, quiz and prediction choices,
// and Back / Skip / Next. It reads the lesson's runner and posts LessonIntent and
// DoAction; the highlight it asks for is drawn over the explorer by drawLessonHighlight.
#pragma once

#include <string>

#include "app/ui/explorer.h"

namespace mailscope::app {

/// The panel's contents (the caller opens the child window).
/// `fold` is set when the learner folds the panel to a narrow strip.
void drawLessonPanel(Explorer& explorer, bool& fold);

/// The stable id (targets.h) of the widget the current step points at, "" for none: the
/// step's `highlight`, else the widget that does its solution's first action (the button,
/// or the message card while no message is selected), while the step waits for the learner.
std::string lessonHighlight(const Explorer& explorer);

/// Draws the highlight over the explorer: a frame around the target widget and the rest of
/// `area` (minX, minY, maxX, maxY: the columns) dimmed a little. Nothing when there is no
/// target or it was not drawn this frame.
void drawLessonHighlight(const Explorer& explorer, const float area[4]);

/// Narration text: paragraphs, `- ` lists, **bold** (accent), `code` and *emphasis*,
/// wrapped to the available width.
void richText(const std::string& text);

}  // namespace mailscope::app
