// The scenario files the menus and the Open dialog offer (assets/scenarios/*.toml).
#include <algorithm>
#include <filesystem>

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
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(assetsDir() / "scenarios", ec))
        if (entry.path().extension() == ".toml")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end(), [](const std::filesystem::path& a, const std::filesystem::path& b) {
        return sim::beforeInTeachingOrder(a.stem().string(), b.stem().string());
    });
    for (const std::filesystem::path& file : files) {
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
