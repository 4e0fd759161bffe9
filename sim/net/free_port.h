// A free loopback TCP port, for listeners opened on demand (a lesson's built-in client,
// tests): the kernel's choice for port 0, released at once.
#pragma once

#include <cstdint>

namespace mailscope::sim::net {

/// A port the kernel says is free now on 127.0.0.1 (bound to port 0, then released); 0 if none.
std::uint16_t freeLoopbackPort();

}  // namespace mailscope::sim::net
