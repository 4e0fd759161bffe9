// A real mail client's column (Thunderbird, mutt, curl...): one session on the shown
// world's ServerHost, opened through the real listeners (sim/net), and its transcript.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <vector>

#include "app/ui/explorer.h"
#include "sim/net/net_server.h"
#include "sim/server_host.h"
#include "sim/transcript.h"

namespace mailscope::app {

/// A real session that has ended, kept so a short client (curl, a script) stays readable
/// after its connection is gone (the host forgets a session when its connection closes).
struct ClosedSession {
    sim::Protocol protocol = sim::Protocol::Imap;
    mail::SessionId id = 0;
    bool tls = false;          ///< implicit TLS or STLS / STARTTLS completed
    sim::Transcript transcript;
};

/// What the layout shows about the real listeners; the window fills it in.
struct RealClients {
    bool on = false;            ///< the listeners are wanted (settings) and not a screenshot run
    std::string ports;          ///< "IMAP 127.0.0.1:1143, IMAPS :1993, ..." while open, else ""
    std::string error;          ///< why they could not be opened, "" if they are
    std::deque<ClosedSession> closed;  ///< the last few ended sessions, oldest first
    static constexpr std::size_t kKeepClosed = 3;  ///< how many ended sessions stay on screen

    /// Keeps a copy of every external session of `world` that has closed and is not kept yet
    /// (call it when a connection closes, before the host forgets the session).
    void keepClosed(const sim::World& world);
};

/// Draws a live real session: a header ("Real client · IMAP · session 3 · TLS") with a help
/// marker, then its transcript. Inside a child region the layout has begun.
void drawSessionColumn(Explorer& explorer, const sim::HostedSession& session);
/// The same for a session that has ended (marked "closed").
void drawClosedSessionColumn(const ClosedSession& session);

/// "IMAP 127.0.0.1:1143, IMAPS :1993, POP3 :1110, POP3S :1995" for the ports open.
std::string describePorts(const std::vector<sim::net::ListeningPort>& ports);

}  // namespace mailscope::app
