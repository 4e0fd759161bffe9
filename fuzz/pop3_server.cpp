// Fuzz harness: the POP3 server session (RFC 1939, 2449, 5034, 2595) fed client bytes split
// at fuzz-chosen points, before or after login (mode bits). The maildrop lock must be
// released whatever happens: a second session logs in afterwards.
#include "fuzz/fuzz_input.h"
#include "fuzz/fuzz_store.h"
#include "protocols/pop3/server_session.h"

using namespace mailscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const fuzz::Input in = fuzz::readInput(data, size);
    fuzz::FuzzStore w;
    pop3::ServerConfig config;
    // Mode bits: 1 log in first, 2 STLS offered and plaintext login refused until TLS,
    // 4 no limit on bad commands.
    if (in.mode & 2) {
        config.tlsAvailable = true;
        config.plaintextAuthAllowed = false;
    }
    if (in.mode & 4) config.maxBadCommands = 0;
    {
        pop3::ServerSession session(w.store, config, w.store.newSessionId(), fuzz::kNow);
        (void)session.start();
        if (in.mode & 1) {
            if (in.mode & 2) {
                (void)session.receive("STLS\r\n");
                session.tlsEstablished();
            }
            (void)session.receive("USER alice\r\nPASS secret\r\n");
        }
        core::Time now = fuzz::kNow;
        for (const std::string& chunk : in.chunks) {
            const pop3::Output out = session.receive(chunk);
            if (out.close || session.state() == pop3::State::Closed) break;
            now += 30;
            (void)session.tick(now);
        }
        (void)session.disconnect();
    }
    // The lock was released: a new session can log in (unless QUIT... it never fails).
    pop3::ServerSession next(w.store, pop3::ServerConfig{}, w.store.newSessionId(), fuzz::kNow);
    (void)next.start();
    (void)next.receive("USER alice\r\nPASS secret\r\n");
    if (next.state() != pop3::State::Transaction) fuzz::fail();
    return 0;
}
