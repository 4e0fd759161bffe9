// A simulated link: units cut from each end's bytes, carried one per step, through TLS in
// memory when the link is secure.
#include "sim/link.h"

#include "protocols/tls/tls.h"

namespace mailscope::sim {
namespace {

/// "{12}" or "{12+}" at the end of a line (CRLF removed) -> 12.
std::optional<std::uint64_t> literalAtEnd(std::string_view line) {
    if (line.empty() || line.back() != '}') return std::nullopt;
    const std::size_t open = line.rfind('{');
    if (open == std::string_view::npos) return std::nullopt;
    std::string_view digits = line.substr(open + 1, line.size() - open - 2);
    if (digits.ends_with('+')) digits.remove_suffix(1);
    if (digits.empty() || digits.size() > 12) return std::nullopt;
    std::uint64_t n = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return n;
}

/// The simulated server's certificate and the two contexts every secure link uses: made once
/// per process (key generation is the slow part), so rewinding stays fast.
struct SimTls {
    std::shared_ptr<tls::Context> server;
    std::shared_ptr<tls::Context> client;
    std::string error;  ///< why `server` is missing
};

const SimTls& simTls() {
    static const SimTls instance = [] {
        constexpr std::int64_t kNotBefore = 1'704'067'200;  // 2024-01-01; the simulated client checks no dates
        SimTls t;
        t.server = tls::Context::server(tls::makeSelfSigned(kNotBefore), t.error);
        t.client = tls::Context::client();
        if (!t.client && t.error.empty()) t.error = "no TLS client context";
        return t;
    }();
    return instance;
}

}  // namespace

std::string_view withoutLineEnd(std::string_view bytes) {
    if (bytes.ends_with('\n')) bytes.remove_suffix(1);
    if (bytes.ends_with('\r')) bytes.remove_suffix(1);
    return bytes;
}

// [SECTION] UnitSplitter

std::vector<std::pair<std::string, EntryKind>> UnitSplitter::feed(std::string_view bytes) {
    m_buffer.append(bytes);
    std::vector<std::pair<std::string, EntryKind>> units;
    std::size_t pos = 0;
    while (pos < m_buffer.size()) {
        if (m_literalLeft > 0) {
            if (m_buffer.size() - pos < m_literalLeft) break;
            units.emplace_back(m_buffer.substr(pos, m_literalLeft), EntryKind::Literal);
            pos += m_literalLeft;
            m_literalLeft = 0;
            continue;
        }
        const std::size_t lf = m_buffer.find('\n', pos);
        if (lf == std::string::npos) break;
        std::string line = m_buffer.substr(pos, lf + 1 - pos);
        pos = lf + 1;
        if (m_imap)
            if (const auto n = literalAtEnd(withoutLineEnd(line))) m_literalLeft = *n;
        units.emplace_back(std::move(line), EntryKind::Line);
    }
    m_buffer.erase(0, pos);
    return units;
}

// [SECTION] Link

Link::Link(std::uint64_t id, Protocol protocol)
    : m_id(id), m_protocol(protocol), m_toServer(protocol == Protocol::Imap), m_toClient(protocol == Protocol::Imap) {}

Link::~Link() = default;

std::size_t Link::sendToServer(std::string_view bytes) {
    auto units = m_toServer.feed(bytes);
    for (auto& [unit, kind] : units)
        m_inFlight.push_back(LinkUnit{core::Direction::ClientToServer, std::move(unit), kind, false});
    return units.size();
}

std::size_t Link::sendToClient(std::string_view bytes) {
    auto units = m_toClient.feed(bytes);
    for (auto& [unit, kind] : units)
        m_inFlight.push_back(LinkUnit{core::Direction::ServerToClient, std::move(unit), kind, false});
    return units.size();
}

CarriedUnit Link::carry() {
    CarriedUnit c{std::move(m_inFlight.front()), {}, {}};
    m_inFlight.pop_front();
    c.delivered = throughTls(c.unit.direction, c.unit.bytes, c.wire);
    return c;
}

std::string Link::shownText(core::Direction direction, std::string_view bytes) const {
    return direction == core::Direction::ClientToServer ? m_session->shownClientText(bytes)
                                                        : std::string(withoutLineEnd(bytes));
}

/// Carries `bytes` through the link's TLS, if it has any: the sender encrypts, the
/// receiver decrypts. Returns the plaintext delivered; `wire` gets the ciphertext.
std::string Link::throughTls(core::Direction direction, const std::string& bytes, std::string& wire) {
    if (!m_tlsClient || !m_tlsServer || bytes.empty()) return bytes;
    const bool up = direction == core::Direction::ClientToServer;
    tls::Connection& from = up ? *m_tlsClient : *m_tlsServer;
    tls::Connection& to = up ? *m_tlsServer : *m_tlsClient;
    from.writePlaintext(bytes);
    wire = from.takeCiphertext();
    to.feedCiphertext(wire);
    return to.readPlaintext();
}

// [SECTION] TLS

std::optional<Note> Link::handshake() {
    const SimTls& t = simTls();
    if (!t.server || !t.client) return t.error.empty() ? makeNote("note.tls.no_context") : noteData(t.error);
    m_tlsClient = std::make_unique<tls::Connection>(t.client, tls::Role::Client);
    m_tlsServer = std::make_unique<tls::Connection>(t.server, tls::Role::Server);
    tls::Connection& client = *m_tlsClient;
    tls::Connection& server = *m_tlsServer;
    constexpr int kRounds = 64;  // a TLS 1.3 handshake takes two or three
    for (int round = 0; round < kRounds; ++round) {
        const std::string toServer = client.takeCiphertext();
        server.feedCiphertext(toServer);
        const std::string toClient = server.takeCiphertext();
        client.feedCiphertext(toClient);
        if (client.failed()) return noteData(client.error());
        if (server.failed()) return noteData(server.error());
        if (toServer.empty() && toClient.empty() && client.handshakeDone() && server.handshakeDone())
            return std::nullopt;
    }
    return makeNote("note.tls.unfinished");
}

/// "TLSv1.3 TLS_AES_256_GCM_SHA384" -> "TLS 1.3 handshake: TLS_AES_256_GCM_SHA384".
Note Link::handshakeNote() const {
    std::string version = m_tlsClient->description();
    std::string cipher;
    if (const std::size_t space = version.find(' '); space != std::string::npos) {
        cipher = version.substr(space + 1);
        version.resize(space);
    }
    if (version.starts_with("TLSv")) version = "TLS " + version.substr(4);
    // The certificate is new in every run, so its fingerprint would make transcripts differ
    // between runs; the note names what stays the same.
    return makeNote("note.tls.handshake", {noteData(version), noteData(cipher)});
}

Note Link::tlsFailure() const {
    const tls::Connection* broken = m_tlsClient && m_tlsClient->failed() ? m_tlsClient.get() : m_tlsServer.get();
    return broken && broken->failed() ? noteData(broken->error()) : makeNote("note.tls.damaged");
}

}  // namespace mailscope::sim
