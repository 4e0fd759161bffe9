// bench/fairness: one client asks for a huge FETCH while another sends NOOPs, over loopback
// sockets to the servers of `mailscope serve` (run in-process). Prints the worst NOOP
// latency and the peak resident memory above idle. Issue 13's case: UID FETCH 1 with 300
// BODY.PEEK[] items of a 2 MB message (a 600 MB reply) from a 3.6 KB command line.
// Run: build/bench/fairness [items] [message-MB]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "bench/loopback_server.h"
#include "protocols/mail/mail_store.h"

using namespace mailscope;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

/// A message of about `bytes`, in lines of 76 characters.
std::string bigMessage(std::size_t bytes) {
    std::string m = "From: zofia@example.pl\r\nTo: alice@example.pl\r\nSubject: big\r\n\r\n";
    while (m.size() < bytes) m += std::string(76, 'a' + static_cast<char>(m.size() % 26)) + "\r\n";
    return m;
}

}  // namespace

int main(int argc, char** argv) {
    const int items = argc > 1 ? std::atoi(argv[1]) : 300;
    const std::size_t messageBytes = (argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 2) * 1024 * 1024;

    mail::MailStore store;
    mail::Account& alice = store.addAccount("alice", "alice123");
    store.append(alice, alice.inbox(), mail::Message::fromBytes(bigMessage(messageBytes), 1795770000));
    bench::LoopbackServer server(store);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const std::size_t idle = bench::residentBytes();

    std::atomic<std::size_t> peak{idle};
    std::atomic<bool> done{false};
    std::thread sampler([&] {
        while (!done) {
            const std::size_t now = bench::residentBytes();
            if (now > peak) peak = now;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    });

    bench::Client fetcher(server.imapPort());
    fetcher.lineStarting("* OK");
    fetcher.send("l LOGIN alice alice123\r\ns SELECT INBOX\r\n");
    fetcher.lineStarting("s OK");
    bench::Client pinger(server.imapPort());
    pinger.lineStarting("* OK");
    pinger.send("l LOGIN alice alice123\r\n");
    pinger.lineStarting("l OK");

    std::string command = "f UID FETCH 1 (";
    for (int i = 0; i < items; ++i) command += i ? " BODY.PEEK[]" : "BODY.PEEK[]";
    command += ")\r\n";

    double fetchMs = 0;
    std::size_t fetched = 0;
    std::thread big([&] {
        const auto start = Clock::now();
        fetcher.send(command);
        const std::string tagged = fetcher.lineStarting("f ");
        fetchMs = msSince(start);
        fetched = fetcher.received();
        if (tagged != "f OK UID FETCH completed") bench::fail("FETCH ended with: " + tagged);
        done = true;
    });

    std::vector<double> noops;
    int n = 0;
    while (!done) {
        const std::string tag = "n" + std::to_string(n++);
        const auto start = Clock::now();
        pinger.send(tag + " NOOP\r\n");
        const std::string answer = pinger.lineStarting(tag + " ");
        noops.push_back(msSince(start));
        if (answer != tag + " OK NOOP completed") bench::fail("NOOP ended with: " + answer);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    big.join();
    sampler.join();
    server.stop();

    std::sort(noops.begin(), noops.end());
    const double worst = noops.empty() ? 0 : noops.back();
    const double median = noops.empty() ? 0 : noops[noops.size() / 2];
    std::printf("FETCH of %d x %.1f MB: %.1f MB received in %.0f ms\n", items, bench::megabytes(messageBytes),
                bench::megabytes(fetched), fetchMs);
    std::printf("NOOPs meanwhile: %zu, median %.2f ms, worst %.2f ms (target < 100 ms)\n", noops.size(), median, worst);
    std::printf("resident memory: idle %.1f MB, peak %.1f MB, peak above idle %.1f MB (target < 64 MB)\n",
                bench::megabytes(idle), bench::megabytes(peak), bench::megabytes(peak - idle));
    return 0;
}
