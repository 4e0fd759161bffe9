// sim_steps: how fast the simulated world steps (one protocol line or action per step)
// and how much memory it holds: the shipped 3-device scenario, and a 16-device world
// whose account holds 10,000 messages, that one also with the event stream switched off
// to show what the stream costs. Prints figures; asserts nothing.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <utility>
#include <type_traits>
#include <variant>

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

/// Heap bytes a string holds beyond the object itself (0 within the small-string buffer).
std::size_t heap(const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; }

/// The memory the event stream holds: the events themselves and what their strings and
/// lists allocate (the messages removed are shared with the store, not counted).
std::size_t streamBytes(const sim::EventLog& log) {
    std::size_t bytes = log.all().size() * sizeof(sim::WorldEvent);
    for (const sim::WorldEvent& e : log.all())
        std::visit(
            [&bytes](const auto& ev) {
                using T = std::decay_t<decltype(ev)>;
                if constexpr (requires { ev.device; }) bytes += heap(ev.device);
                if constexpr (requires { ev.session.name; }) bytes += heap(ev.session.name);
                if constexpr (requires { ev.by.name; }) bytes += heap(ev.by.name);
                if constexpr (requires { ev.folder; }) bytes += heap(ev.folder);
                if constexpr (requires { ev.account; }) bytes += heap(ev.account);
                if constexpr (requires { ev.uids; }) bytes += ev.uids.capacity() * sizeof(std::uint32_t);
                if constexpr (std::is_same_v<T, sim::MessagesRemoved>)
                    bytes += ev.items.capacity() * sizeof(mail::MailItem);
            },
            e.what);
    return bytes;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string assets = argc > 1 ? argv[1] : MAILSCOPE_SOURCE_DIR "/assets";
    std::printf("sim_steps: steps per second of sim::World (one line or action per step)\n\n");

    {
        const sim::Scenario scenario = sim::loadScenario(assets + "/scenarios/several-devices.toml", assets);
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

    double withStream = 0;
    for (const auto& [messages, recordEvents] : {std::pair{1000, true}, std::pair{10000, true}, std::pair{10000, false}}) {
        // Each big world in a process of its own, so none runs in memory an earlier one
        // touched (the page faults are part of what memory costs); its CPU time comes back by pipe.
        std::fflush(stdout);
        int fds[2];
        if (pipe(fds) != 0) return 1;
        const pid_t child = fork();
        if (child < 0) return 1;
        if (child > 0) {
            close(fds[1]);
            double cpu = 0;
            if (read(fds[0], &cpu, sizeof cpu) != sizeof cpu) cpu = 0;
            close(fds[0]);
            waitpid(child, nullptr, 0);
            if (recordEvents && messages == 10000) withStream = cpu;
            if (!recordEvents && withStream > 0 && cpu > 0)
                std::printf("  the event stream costs %.1f%% of steps per CPU second\n", 100.0 * (1.0 - cpu / withStream));
            continue;
        }
        close(fds[0]);
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
                    messages, recordEvents ? "" : ", no event stream", built, steps, t, static_cast<double>(steps) / t,
                    cpu, static_cast<double>(steps) / cpu, lines, statusKib("VmRSS") - before, statusKib("VmHWM"));
        if (recordEvents)
            std::printf("  event stream: %zu events (%zu bytes each), about %zu KiB\n", world.events().size(),
                        sizeof(sim::WorldEvent), streamBytes(world.events()) / 1024);
        std::fflush(stdout);
        if (write(fds[1], &cpu, sizeof cpu) != sizeof cpu) return 1;
        _exit(0);  // the world's memory goes with the process
    }
    return 0;
}
