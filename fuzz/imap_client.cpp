// Fuzz harness: the IMAP client engine fed server responses split at fuzz-chosen points,
// with commands in flight so that tagged responses, continuations and held literals are
// reached. Property: the events do not depend on the split (the same bytes fed whole give
// the same events), and nothing crashes however malformed the responses are.
#include "fuzz/fuzz_input.h"
#include "protocols/imap/client_engine.h"

using namespace mailscope;
using imap::client::Command;

namespace {

/// Commands sent before the responses arrive, chosen by the mode bits.
void sendCommands(imap::ClientEngine& engine, std::uint8_t mode) {
    if (mode & 1) (void)engine.send(Command::login("łukasz", "hasło"));  // synchronizing literals until LITERAL+ is known
    if (mode & 2) (void)engine.send(Command::select("Wysłane"));
    if (mode & 4) (void)engine.send(Command::uidFetch("1:*", "(UID FLAGS ENVELOPE BODYSTRUCTURE BODY.PEEK[])"));
    if (mode & 8) (void)engine.send(Command::append("INBOX", {"\\Seen"}, std::nullopt, std::string(100, 'x')));
    if (mode & 16) (void)engine.send(Command::idle());
    if (mode & 32) (void)engine.send(Command::authenticatePlain("alice", "secret", false));
    if (mode & 64) (void)engine.send(Command::search("SUBJECT \"zażółć\""));
    (void)engine.send(Command::noop());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const fuzz::Input in = fuzz::readInput(data, size);
    // Smaller limits than the defaults, so that the fuzzer reaches them.
    imap::TokenizerLimits limits;
    limits.maxLineLength = 4096;
    limits.maxLiteralSize = 65536;
    limits.maxDepth = 128;
    imap::ClientEngine pieces(limits);
    sendCommands(pieces, in.mode);
    imap::ClientEngine whole = pieces;
    std::vector<imap::client::Event> events;
    for (const std::string& chunk : in.chunks) {
        for (auto& e : pieces.receive(chunk)) events.push_back(std::move(e));
        if (in.mode & 128 && pieces.idling()) (void)pieces.send(Command::done());
    }
    if (in.mode & 128) return 0;  // DONE between chunks: the split matters, by design
    // STARTTLS is never in flight here, so no reset depends on where the bytes were cut.
    if (whole.receive(in.joined()) != events) fuzz::fail();
    return 0;
}
