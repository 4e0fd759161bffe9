// The small built-in IMAP client that plays a lesson's real-client step (`--auto`, "Do it
// for me"): it opens a listener on the lesson world's host on a free loopback port, connects
// over a real TCP socket, logs in, selects the folder, flags the message and logs out, as
// Thunderbird or curl would. Everything it does goes through the same NetServer a real
// mail client uses.
#pragma once

#include <string>

#include "lessons/lesson.h"
#include "sim/world.h"

namespace mailscope::lessons {

struct RealClientRun {
    bool ok = false;
    std::string transcript;  ///< what the client sent (C:) and received (S:), one line each
    std::string error;       ///< why it failed
};

/// Plays `task` against `world` (its first account's user and password); the world's
/// devices are not stepped (the runner carries what the change causes afterwards).
RealClientRun playRealClient(sim::World& world, const RealClientTask& task);

}  // namespace mailscope::lessons
