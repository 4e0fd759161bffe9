// An action in the UI's language, naming devices, messages and folders as a person would:
// "Laptop: Move “Welcome” to Projects", "New mail for alice: “Train at 17:05”".
#pragma once

#include <string>

#include "sim/action.h"
#include "sim/world.h"

namespace mailscope::app {

/// The translated label of an action's kind ("Check mail", "Move to folder"), as its button says.
const char* actionKindLabel(sim::ActionKind kind);

/// The whole action in the UI's language. With `world`, a message given by number is named
/// by its subject as the device shows it.
std::string actionText(const sim::Action& action, const sim::World* world = nullptr);

}  // namespace mailscope::app
