// A simulated link: the connection between a device's client and its server session. It
// cuts what each end sends into units (lines, and IMAP literals, RFC 3501 4.3), holds them
// in flight, runs TLS over them in memory when the link is secure (implicit TLS, RFC 8314;
// STLS, RFC 2595 4; STARTTLS, RFC 3501 6.2.1), and carries one unit at a time.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocols/core/catalogue.h"
#include "sim/notes.h"
#include "sim/protocol.h"
#include "sim/server_host.h"
#include "sim/transcript.h"

namespace mailscope::tls {
class Connection;
}

namespace mailscope::sim {

/// Cuts a byte stream into units: lines, and for IMAP the literal after a "{n}" line.
class UnitSplitter {
public:
    explicit UnitSplitter(bool imap) : m_imap(imap) {}

    /// Appends bytes; returns the units they complete.
    std::vector<std::pair<std::string, EntryKind>> feed(std::string_view bytes);

private:
    bool m_imap;
    std::string m_buffer;
    std::uint64_t m_literalLeft = 0;
};

/// One unit waiting to cross a link.
struct LinkUnit {
    core::Direction direction = core::Direction::ClientToServer;
    std::string bytes;  ///< empty: no line, only the link change below
    EntryKind kind = EntryKind::Line;
    bool closeAfter = false;  ///< the server closes the connection after this unit
    /// The unit answers STLS / STARTTLS: once it has crossed in plain text, the TLS
    /// handshake runs on the link (startTls()).
    bool startTlsAfter = false;
};

/// A unit that has crossed the link.
struct CarriedUnit {
    LinkUnit unit;
    std::string delivered;  ///< what the receiving end got (after TLS); differs from unit.bytes if TLS broke
    std::string wire;       ///< the ciphertext on a secure link, empty on a plain one
};

class Link {
public:
    /// A link has an id before its session (the session's sink names the link by it).
    Link(std::uint64_t id, Protocol protocol);
    ~Link();
    Link(const Link&) = delete;
    Link& operator=(const Link&) = delete;

    std::uint64_t id() const { return m_id; }
    /// The protocol the link speaks; a device keys its links by it.
    Protocol protocol() const { return m_protocol; }
    void setSession(std::unique_ptr<HostedSession> session) { m_session = std::move(session); }
    HostedSession& session() const { return *m_session; }

    // [SECTION] units in flight
    /// Cuts the client's bytes into units and queues them; returns how many were queued.
    std::size_t sendToServer(std::string_view bytes);
    /// Cuts the server's bytes into units and queues them; returns how many were queued.
    std::size_t sendToClient(std::string_view bytes);
    /// Queues a unit as it is (a link change with no line).
    void queue(LinkUnit unit) { m_inFlight.push_back(std::move(unit)); }
    bool idle() const { return m_inFlight.empty(); }
    const LinkUnit& front() const { return m_inFlight.front(); }
    LinkUnit& back() { return m_inFlight.back(); }
    /// Takes the first unit in flight across the link (through TLS, if it is on).
    CarriedUnit carry();
    /// How a transcript shows a unit: a client's as its server session shows it (secrets
    /// masked, HostedSession::shownClientText), a server's as it is, without CRLF.
    std::string shownText(core::Direction direction, std::string_view bytes) const;

    // [SECTION] TLS
    /// Runs the TLS handshake in memory, both ends at once, until both are done and no
    /// record is left in flight. Returns why it failed, or nothing.
    std::optional<Note> handshake();
    /// The note for a finished handshake: version and cipher.
    Note handshakeNote() const;
    /// Why TLS broke the link: the failed end's error, or that the bytes were damaged.
    Note tlsFailure() const;

private:
    std::string throughTls(core::Direction direction, const std::string& bytes, std::string& wire);

    std::uint64_t m_id;
    Protocol m_protocol;
    std::unique_ptr<HostedSession> m_session;
    UnitSplitter m_toServer;
    UnitSplitter m_toClient;
    std::deque<LinkUnit> m_inFlight;
    std::unique_ptr<tls::Connection> m_tlsClient;  ///< the device's end of TLS, when the link is secure
    std::unique_ptr<tls::Connection> m_tlsServer;  ///< the server's end of TLS
};

/// The line without its CRLF (or LF).
std::string_view withoutLineEnd(std::string_view bytes);

}  // namespace mailscope::sim
