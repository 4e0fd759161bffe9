// sim_steps: how fast the simulated world steps (one protocol line or action per step)
// and how much memory it holds: the shipped 3-device scenario, and a 16-device world
// whose account holds 10,000 messages, that one also with the event stream switched off
// to show what the stream costs. Prints figures; asserts nothing.
//   sim_steps [assets] [--messages N] [--rounds K]   K pairs with and without the stream
//   sim_steps --world [--messages N] [--no-events]   one big world in this process, e.g.
//     under valgrind --tool=callgrind --toggle-collect='mailscope::sim::World::runToEnd*'
//     (instruction counts repeat exactly on a busy machine; times do not)
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <type_traits>
#include <variant>
#include <vector>

#include "sim/scenario.h"
#include "sim/world.h"

using namespace mailscope;
using Clock = std::chrono::steady_clock;

namespace {

/// A field of /proc/self/status in KiB ("VmRSS", "VmHWM"), 0 if unreadable.
long statusKib(const std::string& field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
    return 0;
}

double seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

/// CPU seconds this process has used, user and system (page faults count: memory the
/// stream takes is paid there). On a shared machine this moves less than wall time.
double cpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    const auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return s(u.ru_utime) + s(u.ru_stime);
}

sim::ScenarioMessage message(int n, core::Time date) {
    sim::ScenarioMessage m;
    m.subject = "Message " + std::to_string(n);
    m.bytes = "From: Bob <bob@example.test>\r\nTo: alice@example.test\r\nSubject: " + m.subject +
              "\r\nMessage-ID: <m" + std::to_string(n) + "@example.test>\r\nDate: " + core::formatRfc5322(date) +
              "\r\n\r\nHello, this is message " + std::to_string(n) + ".\r\nBest wishes,\r\nBob\r\n";
    m.date = date;
    return m;
}

/// 16 devices on one account of `messages` messages: 8 IMAP (half in IDLE), 8 POP3
/// leaving a copy; every device checks mail, then people read and flag, and new mail comes.
sim::Scenario bigScenario(int messages) {
    sim::Scenario s;
    s.title_en = s.title_pl = "bench";
    s.start = 1795770000;
    sim::ScenarioAccount alice{"alice", "alice123", {}};
    for (int i = 1; i <= messages; ++i) alice.inbox.push_back(message(i, s.start));
    s.accounts.push_back(std::move(alice));
    for (std::size_t d = 0; d < 16; ++d) {
        sim::DeviceSettings dev = sim::devicePreset(d, "alice", d % 2 ? sim::Protocol::Pop3 : sim::Protocol::Imap);
        dev.leaveCopy = true;
        dev.idle = d % 4 == 0;
        s.devices.push_back(dev);
    }
    core::Time at = 10;
    for (const auto& dev : s.devices) {
        sim::Action a;
        a.at = at;
        a.device = dev.name;
        a.kind = sim::ActionKind::CheckMail;
        s.actions.push_back(a);
    }
    for (int i = 0; i < 50; ++i) {
        sim::Action a;
        a.at = at + 60 + i;
        a.device = s.devices[static_cast<std::size_t>(i % 16)].name;
        a.kind = i % 3 == 0 ? sim::ActionKind::Flag : sim::ActionKind::OpenMessage;
        a.message = sim::MessageRef{static_cast<std::uint32_t>(1 + (i * 197) % messages), {}};
        s.actions.push_back(a);
        if (i % 10 == 0) {
            sim::Action mail;
            mail.at = a.at;
            mail.kind = sim::ActionKind::DeliverMail;
            mail.account = "alice";
            mail.mail = message(messages + i + 1, s.start + a.at);
            s.actions.push_back(mail);
        }
    }
    return s;
}

/// Bytes glibc's malloc takes for a block of `n` bytes (its header, 16-byte steps).
std::size_t heapBlock(std::size_t n) { return std::max<std::size_t>(32, (n + 8 + 15) / 16 * 16); }

/// Heap bytes a string holds beyond the object itself (0 within the small-string buffer).
std::size_t heap(const std::string& s) { return s.capacity() > 15 ? heapBlock(s.capacity() + 1) : 0; }

/// The memory the event stream holds: its blocks of events, the kinds kept on the heap and
/// what their strings and lists allocate (the messages removed are shared with the store,
/// not counted; names are interned, counted once in Name::bytes()).
std::size_t streamBytes(const sim::EventLog& log) {
    std::size_t bytes = log.blockBytes();
    for (const sim::WorldEvent& e : log.all())
        sim::visit(
            [&bytes](const auto& ev) {
                using T = std::decay_t<decltype(ev)>;
                if constexpr (!std::is_same_v<sim::StoredKind<T>, T>) bytes += heapBlock(sizeof(T));
                if constexpr (requires { ev.tag; }) bytes += heap(ev.tag);
                if constexpr (requires { ev.description; }) bytes += heap(ev.description);
                if constexpr (requires { ev.uids; }) bytes += heapBlock(ev.uids.capacity() * sizeof(std::uint32_t));
                if constexpr (std::is_same_v<T, sim::MessagesRemoved>)
                    bytes += heapBlock(ev.items.capacity() * sizeof(mail::MailItem));
            },
            e.what);
    return bytes;
}

/// What the command line asks for.
struct Options {
    std::string assets = MAILSCOPE_SOURCE_DIR "/assets";
    int messages = 10000;    ///< the big world's account
    int rounds = 1;          ///< pairs of big worlds, with and without the stream
    bool oneWorld = false;   ///< --world: only one big world, in this process (for callgrind)
    bool recordEvents = true;
};

/// Builds and runs one big world in this process; prints its figures, returns its CPU seconds.
double runBigWorld(int messages, bool recordEvents) {
    const long before = statusKib("VmRSS");
    const auto build = Clock::now();
    sim::WorldOptions options;
    options.recordEvents = recordEvents;
    sim::World world(bigScenario(messages), options);
    const double built = seconds(build);
    const auto start = Clock::now();
    const double cpuStart = cpuSeconds();
    const std::size_t steps = world.runToEnd(50'000'000);
    const double t = seconds(start);
    const double cpu = cpuSeconds() - cpuStart;
    std::size_t lines = 0;
    for (const sim::Device* d : world.devices()) lines += d->transcript().size();
    std::printf("16 devices, %d messages%s: built in %.3f s; %zu steps in %.3f s = %.0f steps/s "
                "(%.3f s CPU = %.0f steps per CPU second); %zu transcript entries; RSS %+ld KiB (peak %ld KiB)\n",
                messages, recordEvents ? "" : ", no event stream", built, steps, t, static_cast<double>(steps) / t, cpu,
                static_cast<double>(steps) / cpu, lines, statusKib("VmRSS") - before, statusKib("VmHWM"));
    if (recordEvents) {
        const std::size_t bytes = streamBytes(world.events());
        std::printf("  event stream: %zu events (%zu bytes each in the log), about %zu KiB = %.1f bytes per event; "
                    "%zu names interned (%zu bytes)\n",
                    world.events().size(), sizeof(sim::WorldEvent), bytes / 1024,
                    static_cast<double>(bytes) / static_cast<double>(world.events().size()), sim::Name::count(),
                    sim::Name::bytes());
        std::map<std::string_view, std::size_t> kinds;
        for (const sim::WorldEvent& e : world.events().all()) ++kinds[sim::kindName(e.what)];
        std::vector<std::pair<std::size_t, std::string_view>> byCount;
        for (const auto& [kind, n] : kinds) byCount.emplace_back(n, kind);
        std::sort(byCount.rbegin(), byCount.rend());
        std::printf("  ");
        for (const auto& [n, kind] : byCount) std::printf(" %.*s %zu", static_cast<int>(kind.size()), kind.data(), n);
        std::printf("\n");
    }
    std::fflush(stdout);
    return cpu;
}

/// Runs one big world in a process of its own, so none runs in memory an earlier one
/// touched (the page faults are part of what memory costs); its CPU seconds come back by pipe.
double runBigWorldApart(int messages, bool recordEvents) {
    std::fflush(stdout);
    int fds[2];
    if (pipe(fds) != 0) return 0;
    const pid_t child = fork();
    if (child < 0) return 0;
    if (child > 0) {
        close(fds[1]);
        double cpu = 0;
        if (read(fds[0], &cpu, sizeof cpu) != sizeof cpu) cpu = 0;
        close(fds[0]);
        waitpid(child, nullptr, 0);
        return cpu;
    }
    close(fds[0]);
    const double cpu = runBigWorld(messages, recordEvents);
    if (write(fds[1], &cpu, sizeof cpu) != sizeof cpu) _exit(1);
    _exit(0);  // the world's memory goes with the process
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool hasValue = i + 1 < argc;
        if (arg == "--messages" && hasValue) o.messages = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--rounds" && hasValue) o.rounds = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--world") o.oneWorld = true;
        else if (arg == "--no-events") o.recordEvents = false;
        else if (!arg.starts_with("--")) o.assets = arg;
        else {
            std::fprintf(stderr,
                         "usage: sim_steps [assets] [--messages N] [--rounds K]\n"
                         "       sim_steps --world [--messages N] [--no-events]   (one big world, in this process)\n");
            return 2;
        }
    }
    if (o.oneWorld) {
        runBigWorld(o.messages, o.recordEvents);
        return 0;
    }
    std::printf("sim_steps: steps per second of sim::World (one line or action per step)\n\n");

    {
        const sim::Scenario scenario = sim::loadScenario(o.assets + "/scenarios/several-devices.toml", o.assets);
        constexpr int kRuns = 200;
        std::size_t steps = 0;
        const auto start = Clock::now();
        for (int r = 0; r < kRuns; ++r) {
            sim::World world(scenario);
            steps += world.runToEnd();
        }
        const double t = seconds(start);
        std::printf("several-devices.toml (3 IMAP devices), %d runs: %zu steps in %.3f s = %.0f steps/s\n", kRuns,
                    steps, t, static_cast<double>(steps) / t);
    }

    if (o.messages != 1000) runBigWorldApart(1000, true);
    std::vector<double> costs;
    for (int r = 0; r < o.rounds; ++r) {
        const double with = runBigWorldApart(o.messages, true);
        const double without = runBigWorldApart(o.messages, false);
        if (with <= 0 || without <= 0) continue;
        costs.push_back(100.0 * (1.0 - without / with));
        std::printf("  the event stream costs %.1f%% of steps per CPU second\n", costs.back());
    }
    if (costs.size() > 1) {
        std::sort(costs.begin(), costs.end());
        std::printf("stream cost over %zu rounds: median %.1f%%, from %.1f%% to %.1f%%\n", costs.size(),
                    costs[costs.size() / 2], costs.front(), costs.back());
    }
    return 0;
}
