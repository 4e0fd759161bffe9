// ui_frame: CPU time of one explorer frame (headless Dear ImGui, NewFrame..Render, no GL)
// with 8 devices whose transcripts hold about 10,000 lines each and a server holding
// 10,000+ messages; then the same with transcripts 10x shorter, to show that the cost
// follows what is visible, not the length of the transcripts; and the long world again
// with the flow animation running (new mail delivered and every device checking it while
// playing at full speed, so envelopes and IMAP changes are in flight every frame). Prints
// figures only.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>

#include "app/ui/explorer.h"
#include "app/ui/fonts.h"
#include "app/ui/panels.h"
#include "app/ui/settings.h"
#include "sim/scenario.h"
#include "sim/world.h"

using namespace mailscope;

namespace {

constexpr int kFrames = 200;
constexpr int kDevices = 8;
constexpr int kServerMessages = 10'000;     ///< in an account no device reads (the server column's load)
constexpr std::size_t kTargetLines = 10'000;  ///< per device transcript, roughly

// [SECTION] the world

sim::ScenarioMessage message(const std::string& to, int n, core::Time date)
{
    sim::ScenarioMessage m;
    m.subject = "Message " + std::to_string(n);
    m.bytes = "From: Bob <bob@example.test>\r\nTo: " + to + "\r\nSubject: " + m.subject + "\r\nMessage-ID: <m" +
              std::to_string(n) + "." + to + ">\r\nDate: " + core::formatRfc5322(date) +
              "\r\n\r\nHello, this is message " + std::to_string(n) + ".\r\nBest wishes,\r\nBob\r\n";
    m.date = date;
    return m;
}

/// `archive` holds kServerMessages messages nobody reads. Four IMAP devices read `alice`
/// (`imapMessages`), four POP3 devices leaving a copy read `bob` (`pop3Messages`); each
/// checks mail once, which fills its transcript.
sim::Scenario benchScenario(int imapMessages, int pop3Messages)
{
    sim::Scenario s;
    s.title_en = s.title_pl = "ui_frame";
    s.start = 1795770000;
    sim::ScenarioAccount archive{"archive", "archive123", {}};
    for (int i = 1; i <= kServerMessages; ++i)
        archive.inbox.push_back(message("archive@example.test", i, s.start));
    sim::ScenarioAccount alice{"alice", "alice123", {}};
    for (int i = 1; i <= imapMessages; ++i)
        alice.inbox.push_back(message("alice@example.test", i, s.start));
    sim::ScenarioAccount bob{"bob", "bob123", {}};
    for (int i = 1; i <= pop3Messages; ++i)
        bob.inbox.push_back(message("bob@example.test", i, s.start));
    s.accounts.push_back(std::move(archive));
    s.accounts.push_back(std::move(alice));
    s.accounts.push_back(std::move(bob));
    for (std::size_t d = 0; d < kDevices; ++d) {
        const bool pop3 = d % 2 == 1;
        sim::DeviceSettings dev =
            sim::devicePreset(d, pop3 ? "bob" : "alice", pop3 ? sim::Protocol::Pop3 : sim::Protocol::Imap);
        dev.leaveCopy = true;
        s.devices.push_back(dev);
        sim::Action check;
        check.at = 10 + static_cast<core::Time>(d);
        check.device = dev.name;
        check.kind = sim::ActionKind::CheckMail;
        s.actions.push_back(check);
    }
    return s;
}

/// The shortest transcript of the devices on `protocol`.
std::size_t shortestOf(const sim::World& world, sim::Protocol protocol)
{
    std::size_t n = SIZE_MAX;
    for (const sim::Device* d : world.devices())
        if (d->protocol() == protocol)
            n = std::min(n, d->transcript().size());
    return n == SIZE_MAX ? 0 : n;
}

void runToEnd(app::Explorer& explorer)
{
    for (int i = 0; i < 100'000 && !explorer.world().finished(); ++i)
        explorer.apply(app::StepAction{});
}

struct Lines {
    std::size_t min = 0;
    std::size_t max = 0;
    std::size_t total = 0;
};

Lines transcriptLines(const sim::World& world)
{
    Lines l;
    l.min = SIZE_MAX;
    for (const sim::Device* d : world.devices()) {
        l.min = std::min(l.min, d->transcript().size());
        l.max = std::max(l.max, d->transcript().size());
        l.total += d->transcript().size();
    }
    if (world.devices().empty())
        l.min = 0;
    return l;
}

std::size_t serverMessages(const sim::World& world)
{
    std::size_t n = 0;
    for (const mail::Account* a : world.store().accounts())
        for (const mail::Mailbox* m : a->mailboxes())
            n += m->size();
    return n;
}

// [SECTION] measuring

double cpuMilliseconds()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

struct Figures {
    int framesAnimated = 0;       ///< measured frames that drew at least one flight
    std::size_t flightsDrawn = 0; ///< flights drawn over all measured frames
    double median = 0.0;
    double p95 = 0.0;
    double max = 0.0;
    int vertices = 0;             ///< in the last frame's draw data: how much was drawn
    std::string regions;          ///< the explorer's regions drawn in the last frame
};

Figures measure(app::Explorer& explorer, ImVec2 display)
{
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = display;
    io.DeltaTime = 1.0f / 60.0f;
    app::Settings settings;
    app::ExplorerUi ui;
    std::vector<double> times;
    Figures f;
    for (int frame = 0; frame < kFrames + 10; ++frame) {
        const double start = cpuMilliseconds();
        ImGui::NewFrame();
        app::drawExplorer(explorer, settings, ui);
        ImGui::Render();
        const double spent = cpuMilliseconds() - start;
        if (frame >= 10) {  // the first frames lay the windows out and fill caches
            times.push_back(spent);
            const std::size_t drawn = std::as_const(explorer).view().stream(0)->drawn.size();
            f.flightsDrawn += drawn;
            f.framesAnimated += drawn > 0 ? 1 : 0;
        }
        explorer.update(io.DeltaTime);  // playing: steps the world, new flights start
    }
    std::sort(times.begin(), times.end());
    f.vertices = ImGui::GetDrawData()->TotalVtxCount;
    for (const std::string& region : ui.regions)
        f.regions += (f.regions.empty() ? "" : ", ") + region;
    f.median = times[times.size() / 2];
    f.p95 = times[static_cast<std::size_t>(static_cast<double>(times.size()) * 0.95)];
    f.max = times.back();
    return f;
}

void report(const char* label, const app::Explorer& explorer, const Figures& f, ImVec2 display)
{
    const Lines lines = transcriptLines(explorer.world());
    std::printf("%-18s %zu devices, transcripts %zu..%zu lines (%zu in all), %zu server messages, %.0fx%.0f\n"
                "%-18s median %.3f ms, p95 %.3f ms, max %.3f ms per frame (%d frames, CPU time)\n"
                "%-18s %d vertices drawn; regions: %s\n"
                "%-18s flow animation: %d of %d frames drew flights, %.1f flights per frame on average\n",
                label, explorer.world().devices().size(), lines.min, lines.max, lines.total,
                serverMessages(explorer.world()), static_cast<double>(display.x), static_cast<double>(display.y), "",
                f.median, f.p95, f.max, kFrames, "", f.vertices, f.regions.c_str(), "", f.framesAnimated, kFrames,
                static_cast<double>(f.flightsDrawn) / kFrames);
}

}  // namespace

int main(int argc, char** argv)
{
    ImVec2 display(1280.0f, 720.0f);
    if (argc > 1 && std::sscanf(argv[1], "%fx%f", &display.x, &display.y) != 2) {
        std::fprintf(stderr, "usage: %s [WIDTHxHEIGHT]   (default 1280x720)\n", argv[0]);
        return 2;
    }
    std::printf("ui_frame: CPU time per explorer frame, headless Dear ImGui (NewFrame..Render, no GL)\n");
    std::printf("command: %s %.0fx%.0f\n\n", argv[0], static_cast<double>(display.x),
                static_cast<double>(display.y));

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = display;
    std::ostringstream warnings;
    app::setupDpiScale(1.0f, app::defaultFontFile(), warnings);
    unsigned char* pixels = nullptr;
    int width = 0;
    int height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));

    // How many lines one message adds to an IMAP and to a POP3 transcript, to aim at kTargetLines.
    std::size_t imapPerMessage = 1;
    std::size_t pop3PerMessage = 1;
    {
        constexpr int kProbe = 100;
        app::Explorer probe(benchScenario(kProbe, kProbe));
        runToEnd(probe);
        imapPerMessage = std::max<std::size_t>(1, shortestOf(probe.world(), sim::Protocol::Imap) / kProbe);
        pop3PerMessage = std::max<std::size_t>(1, shortestOf(probe.world(), sim::Protocol::Pop3) / kProbe);
    }
    const int imapFull = static_cast<int>((kTargetLines + imapPerMessage - 1) / imapPerMessage);
    const int pop3Full = static_cast<int>((kTargetLines + pop3PerMessage - 1) / pop3PerMessage);

    const auto build = std::chrono::steady_clock::now();
    app::Explorer longer(benchScenario(imapFull, pop3Full));
    runToEnd(longer);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - build).count();
    std::printf("(world built and run in %.1f s; a message read adds about %zu lines to an IMAP transcript, "
                "%zu to a POP3 one)\n\n",
                seconds, imapPerMessage, pop3PerMessage);
    const Figures longFigures = measure(longer, display);
    report("long transcripts:", longer, longFigures, display);

    // The flow animation running: mail for both accounts, every device checks it, played at
    // full speed (each frame carries about one line; each download, mark and change flies).
    for (int n = 1; n <= 60; ++n) {
        for (const char* account : {"alice", "bob"}) {
            sim::Action deliver;
            deliver.kind = sim::ActionKind::DeliverMail;
            deliver.account = account;
            deliver.mail = message(std::string(account) + "@example.test", 900'000 + n, 1795770000);
            deliver.origin = sim::ActionOrigin::User;
            longer.apply(app::DoAction{deliver});
        }
    }
    for (const sim::Device* d : longer.world().devices()) {
        sim::Action check;
        check.device = d->name();
        check.kind = sim::ActionKind::CheckMail;
        check.origin = sim::ActionOrigin::User;
        longer.apply(app::DoAction{check});
    }
    longer.apply(app::SetSpeed{app::Explorer::kMaxSpeed});
    longer.apply(app::Play{});
    const Figures animatedFigures = measure(longer, display);
    report("animation running:", longer, animatedFigures, display);

    app::Explorer shorter(benchScenario(std::max(1, imapFull / 10), std::max(1, pop3Full / 10)));
    runToEnd(shorter);
    const Figures shortFigures = measure(shorter, display);
    report("10x shorter:", shorter, shortFigures, display);

    std::printf("\nwith the flow animation running: median %.3f ms\n", animatedFigures.median);
    std::printf("\ntarget: median under 2 ms; long/short median ratio %.2f (1.00: cost independent of length)\n",
                longFigures.median / std::max(shortFigures.median, 1e-9));
    ImGui::DestroyContext();
    return 0;
}
