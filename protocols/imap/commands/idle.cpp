// IDLE (RFC 2177): the client waits, the server pushes updates as they happen, until the
// client sends DONE. The session reads DONE as a raw line (server_session.cpp).
#include "protocols/imap/server_session.h"

namespace mailscope::imap {

Completion ServerSession::cmdIdle(Output& out, const Command& cmd) {
    out.toPeer += "+ idling\r\n";
    m_idleTag = cmd.tag;
    out.events.push_back(IdleStarted{});
    // What was already pending goes out at once; later changes come through pollUpdates().
    if (m_selected && !m_selected->mailboxGone()) sendUpdates(out, true);
    return Completion::later();
}

}  // namespace mailscope::imap
