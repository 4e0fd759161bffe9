// `mailscope demo`: a scenario run headless. Every device's transcript is printed side by
// side (a column per device), then the server's and the devices' mailboxes; --compare runs
// it twice, every device on POP3 and then on IMAP, and sets the results side by side.
#include "app/cli/demo.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include <ostream>

#include "app/cli/arguments.h"
#include "app/cli/command_line.h"
#include "app/ui/assets.h"
#include "sim/report.h"
#include "sim/scenario.h"
#include "sim/world.h"

namespace mailscope::app {
namespace {

void runWorld(sim::World& world, std::optional<std::size_t> steps, std::optional<std::size_t> chosen, std::ostream& out) {
    const std::size_t width = chosen ? *chosen : fittingColumnWidth(terminalWidth(), world.devices().size());
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

std::size_t fittingColumnWidth(std::size_t terminal, std::size_t devices) {
    constexpr std::size_t kTime = 9;       // "hh:mm:ss "
    constexpr std::size_t kSeparator = 3;  // " | "
    constexpr std::size_t kMin = 16;
    constexpr std::size_t kMax = 200;
    if (devices == 0) return kMin;
    const std::size_t room = terminal > kTime ? terminal - kTime : 0;
    const std::size_t each = room / devices;
    return std::clamp(each > kSeparator ? each - kSeparator : 0, kMin, kMax);
}

std::size_t terminalWidth() {
    if (const char* columns = std::getenv("COLUMNS"); columns && *columns) {
        const long n = std::strtol(columns, nullptr, 10);
        if (n >= 20 && n <= 1000) return static_cast<std::size_t>(n);
    }
    winsize size{};
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col >= 20)
        return size.ws_col;
    return 80;
}

void addDemoOptions(CLI::App& demo, DemoOptions& o) {
    demo.add_option("SCENARIO", o.scenario,
                    "a scenario name from assets/scenarios (default " + std::string(kDefaultScenario) +
                        ")\nor a .toml file")
        ->type_name("NAME|FILE")
        ->check(scenarioArgument());
    demo.add_flag("--compare", o.compare, "run it twice, every device on POP3 and then on IMAP")
        ->disable_flag_override();
    demo.add_option_function<std::size_t>(
            "--steps", [&o](const std::size_t& n) { o.steps = n; },
            "stop after N steps (one protocol line or action each)")
        ->type_name("N")
        ->check(wholeNumber(0, kMaxSteps));
    demo.add_option_function<std::size_t>(
            "--width", [&o](const std::size_t& n) { o.width = n; },
            "characters per device column (default: fit the terminal, 80 columns if unknown)")
        ->type_name("N")
        ->check(wholeNumber(16, 200));
    demo.add_flag("--list", o.list, "list the scenarios in assets/scenarios")->disable_flag_override();
}

int runDemo(const DemoOptions& o, std::ostream& out, std::ostream& err) {
    if (o.list) {
        for (const std::string& name : scenarioNames()) out << name << "\n";
        return 0;
    }
    sim::Scenario scenario;
    try {
        scenario = sim::loadScenario(scenarioPath(o.scenario.empty() ? kDefaultScenario : o.scenario), assetsDir());
    } catch (const sim::ScenarioError& e) {
        err << "mailscope demo: " << e.what() << "\n";
        return 1;
    }

    out << "mailscope demo: " << scenario.title_en << " (" << scenario.title_pl << ")\n"
        << "C: what a device sends, S: what the server answers, · what happens around them.\n\n";
    if (!o.compare) {
        sim::World world(scenario);
        out << "Before:\n" << sim::formatState(world) << "\n";
        runWorld(world, o.steps, o.width, out);
        return 0;
    }
    sim::Comparison both(scenario);
    out << "Before:\n" << sim::formatState(both.pop3()) << "\n";
    out << "=== Every device on POP3 ===\n\n";
    runWorld(both.pop3(), o.steps, o.width, out);
    out << "\n=== Every device on IMAP ===\n\n";
    runWorld(both.imap(), o.steps, o.width, out);
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
