// Commands valid in any state (RFC 3501 6.1: CAPABILITY, NOOP, LOGOUT; RFC 2971 ID).
#include "protocols/imap/server_session.h"

namespace mailscope::imap {

Completion ServerSession::cmdCapability(Output& out, const Command&) {
    untagged(out, "CAPABILITY " + capabilities());
    return Completion::ok("CAPABILITY completed");
}

Completion ServerSession::cmdNoop(Output&, const Command&) {
    // The updates NOOP exists to collect are added by finishCommand (RFC 3501 6.1.2).
    return Completion::ok("NOOP completed");
}

Completion ServerSession::cmdLogout(Output& out, const Command&) {
    untagged(out, "BYE " + m_config.implementation + " logging out");
    m_state = State::Logout;
    m_selected.reset();
    return Completion::ok("LOGOUT completed");
}

Completion ServerSession::cmdId(Output& out, const Command&) {
    // RFC 2971 3.2: the server answers with its own identification whatever the client sent.
    untagged(out, "ID (\"name\" \"" + m_config.implementation + "\" \"vendor\" \"mailscope\" \"support-url\" NIL)");
    return Completion::ok("ID completed");
}

}  // namespace mailscope::imap
