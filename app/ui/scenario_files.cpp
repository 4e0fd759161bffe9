// The scenario files the menus and the Open dialog offer (assets/scenarios/*.toml).
#include <algorithm>
#include <filesystem>

#include "app/cli/command_line.h"
#include "app/ui/assets.h"
#include "app/ui/i18n.h"
#include "app/ui/window_parts.h"
#include "sim/scenario.h"

namespace mailscope::app::window {

void listScenarios(ExplorerUi& ui)
{
    if (ui.scenariosListed)
        return;
    ui.scenariosListed = true;
    for (const std::string& name : scenarioNames()) {  // in teaching order
        const std::filesystem::path file = scenarioPath(name);
        ScenarioFile listed{file.string(), file.stem().string(), ""};
        try {
            const sim::Scenario scenario = sim::loadScenario(file, assetsDir());
            listed.titleEn = scenario.title_en;
            listed.titlePl = scenario.title_pl;
        } catch (const sim::ScenarioError&) {
            // Listed by its file name; opening it shows the problem.
        }
        ui.scenarios.push_back(std::move(listed));
    }
}

void loadScenario(Explorer& explorer, ExplorerUi& ui, const std::string& path)
{
    ui.requestedScenario = path;
    ui.dismissedError.clear();
    explorer.post(LoadScenario{path});
}

}  // namespace mailscope::app::window
