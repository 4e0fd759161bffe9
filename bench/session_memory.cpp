// bench/session_memory: does memory return after sessions close? Rounds of 20 IMAP clients
// fetch every message again and again for a few seconds over loopback (the servers of
// `mailscope serve`, in-process), then disconnect. After each round it prints the resident
// memory and the heap bytes still in use (mallinfo2): RSS growing while the heap in use
// stays flat means freed memory the allocator keeps, not sessions kept alive. The clients
// run in a child process, so the figures are the server's alone.
// Run: build/bench/session_memory [seconds-per-round] [rounds]
#include <malloc.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bench/loopback_server.h"
#include "protocols/mail/mail_store.h"

using namespace mailscope;

namespace {

std::string message(int n, std::size_t bytes) {
    std::string m = "From: zofia@example.pl\r\nTo: alice@example.pl\r\nSubject: message " + std::to_string(n) + "\r\n\r\n";
    while (m.size() < bytes) m += std::string(76, 'a' + static_cast<char>((m.size() / 78) % 26)) + "\r\n";
    return m;
}

std::size_t heapInUse() { return mallinfo2().uordblks + mallinfo2().hblkhd; }

}  // namespace

int main(int argc, char** argv) {
    const int seconds = argc > 1 ? std::atoi(argv[1]) : 5;
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
    constexpr int kClients = 20;

    mail::MailStore store;
    mail::Account& alice = store.addAccount("alice", "alice123");
    for (int i = 0; i < 5; ++i)
        store.append(alice, alice.inbox(), mail::Message::fromBytes(message(i, 300 * 1024), 1795770000));
    bench::LoopbackServer server(store);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    std::printf("idle: RSS %.1f MB, heap in use %.1f MB\n", bench::megabytes(bench::residentBytes()),
                bench::megabytes(heapInUse()));

    for (int round = 1; round <= rounds; ++round) {
        // The clients run in a child process, so that only the server's memory is measured here.
        int pipeFds[2];
        if (::pipe(pipeFds) != 0) bench::fail("pipe");
        const pid_t child = ::fork();
        if (child == 0) {
            std::atomic<std::size_t> fetches{0};
            std::vector<std::thread> clients;
            const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
            for (int c = 0; c < kClients; ++c)
                clients.emplace_back([&] {
                    bench::Client client(server.imapPort());
                    client.lineStarting("* OK");
                    client.send("l LOGIN alice alice123\r\ns SELECT INBOX\r\n");
                    client.lineStarting("s OK");
                    for (int n = 0; std::chrono::steady_clock::now() < end; ++n) {
                        const std::string tag = "f" + std::to_string(n);
                        client.send(tag + " FETCH 1:* (FLAGS BODY.PEEK[] BODYSTRUCTURE ENVELOPE)\r\n");
                        client.lineStarting(tag + " OK");
                        ++fetches;
                    }
                });  // each client disconnects without LOGOUT as it goes out of scope
            for (std::thread& t : clients) t.join();
            const std::size_t count = fetches;
            if (::write(pipeFds[1], &count, sizeof count) != sizeof count) ::_exit(1);
            ::_exit(0);
        }
        std::size_t fetches = 0;
        if (::read(pipeFds[0], &fetches, sizeof fetches) != sizeof fetches) bench::fail("the clients failed");
        ::waitpid(child, nullptr, 0);
        ::close(pipeFds[0]);
        ::close(pipeFds[1]);
        std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the server sees the closes
        std::printf("after round %d (%zu FETCH 1:* by %d clients): RSS %.1f MB, heap in use %.1f MB\n", round,
                    fetches, kClients, bench::megabytes(bench::residentBytes()), bench::megabytes(heapInUse()));
    }
    server.stop();
    return 0;
}
