// bench/imap_scale: how the IMAP server session scales with the mailbox size. Builds
// mailboxes of 25,000, 50,000 and 100,000 messages in memory and prints the time of
// SELECT, FETCH 1:* (UID FLAGS), UID SEARCH UNSEEN and STORE 1:* +FLAGS (\Seen), plus the
// memory each message costs. Run: build/bench/imap_scale [max-messages]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "protocols/imap/server_session.h"

using namespace mailscope;

namespace {

/// Resident set size in bytes, from /proc/self/statm.
std::size_t residentBytes() {
    std::ifstream statm("/proc/self/statm");
    std::size_t pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * 4096;
}

struct Timing {
    double ms = 0;
    std::size_t bytes = 0;  // response size
};

Timing timed(imap::ServerSession& session, const std::string& line) {
    const auto start = std::chrono::steady_clock::now();
    const imap::Output out = session.receive(line + "\r\n");
    const auto end = std::chrono::steady_clock::now();
    if (out.toPeer.find(line.substr(0, line.find(' ')) + " OK") == std::string::npos) {
        std::fprintf(stderr, "command failed: %s\n%.300s\n", line.c_str(),
                     out.toPeer.substr(out.toPeer.size() > 300 ? out.toPeer.size() - 300 : 0).c_str());
        std::exit(1);
    }
    return {std::chrono::duration<double, std::milli>(end - start).count(), out.toPeer.size()};
}

/// The median of five runs of a command that changes nothing.
Timing median(imap::ServerSession& session, const std::string& line) {
    std::vector<Timing> runs;
    for (int i = 0; i < 5; ++i) runs.push_back(timed(session, line));
    std::sort(runs.begin(), runs.end(), [](const Timing& a, const Timing& b) { return a.ms < b.ms; });
    return runs[2];
}

void run(std::size_t count) {
    mail::MailStore store;
    mail::Account& account = store.addAccount("bench", "bench", false);
    const std::size_t before = residentBytes();
    for (std::size_t i = 0; i < count; ++i) {
        const std::string bytes = "From: Sender " + std::to_string(i % 97) + " <s" + std::to_string(i % 97) +
                                  "@example.com>\r\nTo: bench@example.com\r\nSubject: Message number " +
                                  std::to_string(i) + "\r\nDate: Fri, 27 Nov 2026 09:00:00 +0000\r\n\r\nBody of message " +
                                  std::to_string(i) + ".\r\n";
        mail::Flags flags;
        if (i % 3 == 0) flags.set(mail::SystemFlag::Seen);
        store.append(account, account.inbox(), mail::Message::fromBytes(bytes, 1795770000), flags);
    }
    const std::size_t after = residentBytes();

    imap::ServerSession session(store, imap::ServerConfig{}, store.newSessionId(), 1795770000);
    session.start();
    session.receive("l LOGIN bench bench\r\n");
    const Timing select = median(session, "s SELECT INBOX");
    const Timing fetch = median(session, "f FETCH 1:* (UID FLAGS)");
    const Timing search = median(session, "u UID SEARCH UNSEEN");
    const Timing store1 = timed(session, "t STORE 1:* +FLAGS (\\Seen)");
    const Timing store2 = timed(session, "v STORE 1:* -FLAGS.SILENT (\\Seen)");
    std::printf("%9zu  %9.1f  %9.1f  %9.1f  %9.1f  %9.1f  %9.0f\n", count, select.ms, fetch.ms, search.ms, store1.ms,
                store2.ms, double(after - before) / double(count));
}

}  // namespace

int main(int argc, char** argv) {
    const std::size_t max = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
    std::printf("IMAP server session, one mailbox, times in ms\n(SELECT, FETCH, SEARCH: median of 5 runs; STORE: one run, all messages)\n");
    std::printf("%9s  %9s  %9s  %9s  %9s  %9s  %9s\n", "messages", "SELECT", "FETCH", "UIDSEARCH", "STORE", "STORE.SIL",
                "B/message");
    for (std::size_t n : {max / 4, max / 2, max}) run(n);
    std::printf("Targets: each command under 100 ms at 100,000 messages; time roughly doubles when size doubles.\n");
    return 0;
}
