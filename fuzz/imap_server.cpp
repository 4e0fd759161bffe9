// Fuzz harness: the IMAP server session (RFC 3501 and extensions) fed client bytes split at
// fuzz-chosen points, before login or after it (mode bits), with a second session on the
// same store that hears about the changes. Any crash, sanitizer report or unbounded wait is
// a bug; a fatal error must close the session.
#include "fuzz/fuzz_input.h"
#include "fuzz/fuzz_store.h"
#include "protocols/imap/server_session.h"

using namespace mailscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const fuzz::Input in = fuzz::readInput(data, size);
    fuzz::FuzzStore w;
    imap::ServerConfig config;
    // Mode bits: 1 log in first, 2 also SELECT INBOX, 4 the extensions on, 8 STARTTLS
    // offered and LOGIN refused in the clear, 16 a second session watches INBOX.
    if (in.mode & 4) {
        config.condstore = config.qresync = config.esearch = config.listExtended = config.multiappend = config.sort = true;
        config.binary = config.catenate = config.appendLimit = config.context = true;
    }
    if (in.mode & 8) {
        config.tlsAvailable = true;
        config.plaintextLoginAllowed = false;
    }
    imap::ServerSession session(w.store, config, w.store.newSessionId(), fuzz::kNow);
    (void)session.start();
    std::unique_ptr<imap::ServerSession> watcher;
    if (in.mode & 16) {
        // With the extensions on, the watcher also keeps two search contexts (RFC 5267 4),
        // updated by whatever the fuzzed session changes.
        imap::ServerConfig watcherConfig;
        watcherConfig.esearch = watcherConfig.sort = watcherConfig.context = (in.mode & 4) != 0;
        watcher = std::make_unique<imap::ServerSession>(w.store, watcherConfig, w.store.newSessionId(), fuzz::kNow);
        (void)watcher->start();
        (void)watcher->receive("w1 LOGIN alice secret\r\nw2 SELECT INBOX\r\n");
        if (in.mode & 4)
            (void)watcher->receive("w2a SEARCH RETURN (UPDATE COUNT) UNSEEN\r\n"
                                   "w2b SORT RETURN (UPDATE PARTIAL 1:3) (REVERSE SUBJECT) UTF-8 ALL\r\n");
        (void)watcher->receive("w3 IDLE\r\n");
    }
    if (in.mode & 1) {
        if (in.mode & 8) session.tlsEstablished();
        (void)session.receive("p1 LOGIN alice secret\r\n");
        if (in.mode & 2) (void)session.receive("p2 SELECT INBOX\r\n");
    }
    core::Time now = fuzz::kNow;
    bool closed = false;
    for (const std::string& chunk : in.chunks) {
        if (closed) break;
        imap::Output out = session.receive(chunk);
        closed = out.close;
        if (session.awaitingTls()) session.tlsEstablished();
        if (watcher) (void)watcher->pollUpdates();
        (void)session.pollUpdates();
        now += 60;
        (void)session.tick(now);
    }
    (void)session.disconnect();
    if (watcher) (void)watcher->receive("DONE\r\nw4 NOOP\r\nw5 LOGOUT\r\n");
    return 0;
}
