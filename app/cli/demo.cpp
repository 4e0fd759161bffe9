// `mailscope demo`: a scenario run headless. Every device's transcript is printed side by
// side (a column per device), then the server's and the devices' mailboxes; --compare runs
// it twice, every device on POP3 and then on IMAP, and sets the results side by side.
#include "app/cli/demo.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <ostream>

#include "app/ui/assets.h"
#include "sim/report.h"
#include "sim/scenario.h"
#include "sim/world.h"

namespace mailscope::app {
namespace {

constexpr std::string_view kDefaultScenario = "where-messages-are-stored";

std::string demoUsage() {
    return "usage: mailscope demo [SCENARIO] [--compare] [--steps N] [--width N]\n"
           "  SCENARIO    a scenario name from assets/scenarios (default " +
           std::string(kDefaultScenario) +
           ") or a .toml file\n"
           "  --compare   run it twice, every device on POP3 and then on IMAP\n"
           "  --steps N   stop after N steps (one protocol line or action each)\n"
           "  --width N   characters per device column (default 40)\n"
           "  --list      list the scenarios in assets/scenarios\n";
}

std::optional<std::size_t> number(std::string_view text) {
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return n;
}

/// A name from assets/scenarios, or a path as given.
std::filesystem::path scenarioPath(const std::string& name) {
    if (name.ends_with(".toml") || name.find('/') != std::string::npos) return name;
    return assetsDir() / "scenarios" / (name + ".toml");
}

void runWorld(sim::World& world, std::optional<std::size_t> steps, std::size_t width, std::ostream& out) {
    if (steps) {
        for (std::size_t i = 0; i < *steps; ++i)
            if (world.step() == sim::StepResult::None) break;
    } else {
        world.runToEnd();
    }
    sim::ColumnOptions columns;
    columns.columnWidth = width;
    out << sim::formatColumns(world, columns) << "\n";
    if (!world.finished()) out << "(stopped after " << world.stepCount() << " steps; next: " << world.next().text << ")\n\n";
    out << "After " << world.stepCount() << " steps, at " << sim::formatClock(world.now(), world.scenario().zoneMinutes) << ":\n"
        << sim::formatState(world);
}

std::size_t serverMessages(const sim::World& world) {
    std::size_t n = 0;
    for (const mail::Account* a : world.store().accounts())
        for (const mail::Mailbox* box : a->mailboxes()) n += box->size();
    return n;
}

}  // namespace

int runDemo(const std::vector<std::string>& args, std::ostream& out) {
    std::string name(kDefaultScenario);
    bool compare = false;
    std::optional<std::size_t> steps;
    std::size_t width = 40;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--compare") {
            compare = true;
        } else if ((arg == "--steps" || arg == "--width") && i + 1 < args.size()) {
            const auto n = number(args[++i]);
            if (!n || (arg == "--width" && (*n < 16 || *n > 200))) {
                out << "mailscope demo: " << arg << " needs a number" << (arg == "--width" ? " from 16 to 200" : "")
                    << ", not '" << args[i] << "'\n"
                    << demoUsage();
                return 2;
            }
            if (arg == "--steps") steps = *n;
            else width = *n;
        } else if (arg == "--help" || arg == "-h") {
            out << demoUsage();
            return 0;
        } else if (arg == "--list") {
            std::vector<std::string> names;
            std::error_code ec;
            for (const auto& entry : std::filesystem::directory_iterator(assetsDir() / "scenarios", ec))
                if (entry.path().extension() == ".toml") names.push_back(entry.path().stem().string());
            std::sort(names.begin(), names.end());
            for (const std::string& n : names) out << n << "\n";
            return 0;
        } else if (!arg.starts_with("-")) {
            name = arg;
        } else {
            out << "mailscope demo: unexpected argument '" << arg << "'\n" << demoUsage();
            return 2;
        }
    }

    sim::Scenario scenario;
    try {
        scenario = sim::loadScenario(scenarioPath(name), assetsDir());
    } catch (const sim::ScenarioError& e) {
        out << "mailscope demo: " << e.what() << "\n";
        return 1;
    }

    out << "mailscope demo: " << scenario.title_en << " (" << scenario.title_pl << ")\n"
        << "C: what a device sends, S: what the server answers, · what happens around them.\n\n";
    if (!compare) {
        sim::World world(scenario);
        out << "Before:\n" << sim::formatState(world) << "\n";
        runWorld(world, steps, width, out);
        return 0;
    }
    sim::Comparison both(scenario);
    out << "Before:\n" << sim::formatState(both.pop3()) << "\n";
    out << "=== Every device on POP3 ===\n\n";
    runWorld(both.pop3(), steps, width, out);
    out << "\n=== Every device on IMAP ===\n\n";
    runWorld(both.imap(), steps, width, out);
    out << "\n=== Side by side ===\n";
    out << "  messages on the server: POP3 " << serverMessages(both.pop3()) << ", IMAP " << serverMessages(both.imap())
        << "\n";
    for (const sim::Device* d : both.pop3().devices()) {
        const sim::Device* other = both.imap().findDevice(d->name());
        out << "  " << d->name() << ": POP3 " << d->local().messageCount() << " message(s) on the device, IMAP "
            << (other ? other->local().messageCount() : 0) << "\n";
    }
    return 0;
}

}  // namespace mailscope::app
