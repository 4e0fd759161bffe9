// Writing a scenario back as a scenario file: File > Save world writes the scenario a
// world was built from, every action people took (with the step each was given at) and
// where the world stood, so the file reopens to the same transcripts.
#pragma once

#include <string>
#include <string_view>

#include "sim/scenario.h"

namespace mailscope::sim {

class World;
class Comparison;

/// The scenario as TOML that parseScenario() reads back to an equal scenario (same
/// accounts, messages, devices, actions, recorded actions and saved position). `comment`
/// lines open the file ("# " is added to each).
std::string writeScenario(const Scenario& scenario, std::string_view comment = {});

/// The scenario `world` was built from, with every action people gave it recorded at its
/// step and the world's current step as the saved position.
Scenario savedScenario(const World& world);
/// The same for compare mode: the POP3 world's steps, and the IMAP world's as `imap_step`.
Scenario savedScenario(const Comparison& comparison);

}  // namespace mailscope::sim
