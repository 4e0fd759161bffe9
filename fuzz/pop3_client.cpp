// Fuzz harness: the POP3 client engine fed server responses split at fuzz-chosen points,
// with commands in flight (mode bits). Property: the events do not depend on the split,
// and nothing crashes.
#include <sstream>

#include "fuzz/fuzz_input.h"
#include "protocols/pop3/client_engine.h"

using namespace mailscope;
using pop3::Command;

namespace {

void sendCommands(pop3::ClientEngine& engine, std::uint8_t mode) {
    if (mode & 1) (void)engine.send(Command::capa());
    if (mode & 2) {
        (void)engine.send(Command::user("alice"));
        (void)engine.send(Command::pass("secret"));
    }
    if (mode & 4) (void)engine.send(Command::authPlain("alice", "secret", false));
    if (mode & 8) (void)engine.send(Command::auth());
    (void)engine.send(Command::stat());
    if (mode & 16) {
        (void)engine.send(Command::list());
        (void)engine.send(Command::uidl());
        (void)engine.send(Command::list(1));
        (void)engine.send(Command::uidl(2));
    }
    if (mode & 32) (void)engine.send(Command::retr(1));
    if (mode & 64) (void)engine.send(Command::top(2, 3));
    if (mode & 128) (void)engine.send(Command::apop("alice", "secret"));
    (void)engine.send(Command::quit());
}

/// The events as text, with the bytes of retrieved messages (operator<< shows only their size).
std::string describe(const std::vector<pop3::ClientEvent>& events) {
    std::ostringstream os;
    for (const auto& e : events) {
        os << e << '\n';
        if (const auto* m = std::get_if<pop3::MessageData>(&e)) os << m->bytes << '\n';
    }
    return os.str();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const fuzz::Input in = fuzz::readInput(data, size);
    pop3::ClientEngine pieces;
    pop3::ClientEngine whole;
    // The greeting first (APOP needs its timestamp), then the commands.
    std::vector<pop3::ClientEvent> events;
    std::vector<pop3::ClientEvent> expected;
    for (std::size_t i = 0; i < in.chunks.size(); ++i) {
        for (auto& e : pieces.receive(in.chunks[i])) events.push_back(std::move(e));
        if (i == 0) sendCommands(pieces, in.mode);
    }
    expected = whole.receive(in.chunks[0]);
    sendCommands(whole, in.mode);
    std::string rest;
    for (std::size_t i = 1; i < in.chunks.size(); ++i) rest += in.chunks[i];
    for (auto& e : whole.receive(rest)) expected.push_back(std::move(e));
    if (describe(events) != describe(expected)) fuzz::fail();
    return 0;
}
