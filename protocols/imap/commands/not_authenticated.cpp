// Commands of the not authenticated state (RFC 3501 6.2: STARTTLS, AUTHENTICATE, LOGIN),
// with SASL PLAIN (RFC 4616) and its initial response (RFC 4959 SASL-IR).
#include "protocols/core/catalogue.h"
#include "protocols/core/sasl.h"
#include "protocols/imap/server_session.h"

namespace mailscope::imap {

Completion ServerSession::cmdStartTls(Output& out, const Command&) {
    if (!m_config.tlsAvailable) return Completion::bad("STARTTLS is not available on this port");
    if (m_tlsActive) return Completion::bad("TLS is already active");
    // RFC 3501 6.2.1: anything the client pipelined after STARTTLS arrived in plaintext
    // and must not be obeyed (the CVE-2011-0411 injection); drop it and read nothing
    // until the handshake is done.
    m_parser.reset();
    m_awaitingTls = true;
    out.events.push_back(TlsRequested{});
    return Completion::ok("Begin TLS negotiation now");
}

Completion ServerSession::cmdLogin(Output& out, const Command& cmd) {
    const auto& args = std::get<Login>(cmd.args);
    if (plaintextBlocked()) {
        out.events.push_back(AuthFailed{args.user, AuthFailure::PlaintextDisallowed});
        return Completion::no("Plaintext authentication is disallowed on non-secure connections; use STARTTLS",
                              "PRIVACYREQUIRED");
    }
    return login(out, args.user, args.password, "LOGIN");
}

Completion ServerSession::cmdAuthenticate(Output& out, const Command& cmd) {
    const auto& args = std::get<Authenticate>(cmd.args);
    if (!core::equalsIgnoreCase(args.mechanism, "PLAIN")) {
        out.events.push_back(AuthFailed{{}, AuthFailure::UnsupportedMechanism});
        return Completion::no("Unsupported authentication mechanism " + args.mechanism, "CANNOT");
    }
    if (plaintextBlocked()) {
        out.events.push_back(AuthFailed{{}, AuthFailure::PlaintextDisallowed});
        return Completion::no("Plaintext authentication is disallowed on non-secure connections; use STARTTLS",
                              "PRIVACYREQUIRED");
    }
    if (args.initialResponse) return finishAuthenticate(out, *args.initialResponse);
    // RFC 3501 6.2.2: an empty challenge, then one line of base64 from the client.
    out.toPeer += "+ \r\n";
    m_authenticateTag = cmd.tag;
    return Completion::later();
}

Completion ServerSession::finishAuthenticate(Output& out, std::string_view response) {
    if (response == "*") {
        out.events.push_back(AuthFailed{{}, AuthFailure::Cancelled});
        return Completion::bad("AUTHENTICATE cancelled");
    }
    // RFC 4959: "=" stands for an empty initial response.
    const auto creds = core::decodeSaslPlain(response == "=" ? std::string_view() : response);
    if (!creds) {
        out.events.push_back(AuthFailed{{}, AuthFailure::MalformedResponse});
        return Completion::bad("Invalid SASL PLAIN response");
    }
    if (!creds->authzid.empty() && creds->authzid != creds->authcid) {
        out.events.push_back(AuthFailed{creds->authcid, AuthFailure::BadCredentials});
        return Completion::no("Authorization identity must be empty or the user itself", "AUTHORIZATIONFAILED");
    }
    return login(out, creds->authcid, creds->password, "PLAIN");
}

}  // namespace mailscope::imap
