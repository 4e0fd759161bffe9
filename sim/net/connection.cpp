// One accepted TCP connection: bytes between the socket and a ServerHost session, through
// TLS on implicit-TLS ports (RFC 8314) and after STLS (RFC 2595) / STARTTLS (RFC 3501 6.2.1).
#include "sim/net/connection.h"

#include <chrono>
#include <new>
#include <utility>

namespace mailscope::sim::net {
namespace {

// Output waiting for a client that does not read; past this, its input is not read either
// and a long response being made waits.
constexpr std::size_t kMaxQueued = core::limits::kOutputBuffer;
// A closing connection whose client does not read its last output is cut after this.
constexpr core::Time kCloseTimeoutSeconds = 30;

bool implicitTls(Service s) { return s == Service::Pop3s || s == Service::Imaps; }

}  // namespace

core::Time realNow() {
    const auto sinceEpoch = std::chrono::system_clock::now().time_since_epoch();
    return std::chrono::duration_cast<std::chrono::seconds>(sinceEpoch).count();
}

Connection::Connection(asio::ip::tcp::socket socket, Service service, ServerHost& host, Owner& owner,
                       std::shared_ptr<tls::Context> tlsContext, int handshakeTimeoutSeconds)
    : m_socket(std::move(socket)),
      m_service(service),
      m_owner(owner),
      m_tlsContext(std::move(tlsContext)),
      m_handshakeTimeout(handshakeTimeoutSeconds),
      m_holdTimer(m_socket.get_executor()) {
    asio::error_code ec;
    // Answers leave as soon as they are made: a reply must not wait for the ACK of the
    // one before (Nagle's algorithm meeting the client's delayed ACK costs 40 ms).
    m_socket.set_option(asio::ip::tcp::no_delay(true), ec);
    const auto peer = m_socket.remote_endpoint(ec);
    m_peer = ec ? "unknown peer" : peer.address().to_string() + ":" + std::to_string(peer.port());
    const LinkSecurity security = implicitTls(service) ? LinkSecurity::ImplicitTls : LinkSecurity::Plain;
    auto sink = [this](SessionOutput out) { onSessionOutput(std::move(out)); };
    const core::Time now = realNow();
    // A real client: IMAP offers it the extensions a production server would (SessionOrigin).
    m_session = service == Service::Pop3 || service == Service::Pop3s
                    ? host.openPop3("", security, sink, now)
                    : host.openImap("", security, sink, now, SessionOrigin::RealClient);
    m_session->setStreaming(true);
}

Connection::~Connection() {
    if (m_session && !m_session->closed()) m_session->disconnect(realNow());
}

// [SECTION] life cycle

void Connection::start() {
    m_owner.log(label() + " connected from " + m_peer + " (" + serviceName(m_service) + ")");
    if (implicitTls(m_service)) {
        m_tls = std::make_unique<tls::Connection>(m_tlsContext, tls::Role::Server);
        m_handshakeStart = realNow();
        if (m_tls->failed()) {
            finishClose("TLS is not available: " + m_tls->error());
            return;
        }
    } else {
        m_started = true;
        m_session->start(realNow());
    }
    readNext();
}

void Connection::tick(core::Time now) {
    if (m_closed) return;
    if (m_closing) {
        if (now - m_closingSince >= kCloseTimeoutSeconds)
            finishClose(m_closeWhy + "; the client did not take the last output");
        return;
    }
    if (m_tls && !m_tlsUp && now - m_handshakeStart >= m_handshakeTimeout) {
        finishClose("the TLS handshake did not finish in " + std::to_string(m_handshakeTimeout) + " s");
        return;
    }
    if (m_started) m_session->tick(now);
}

void Connection::shutdown() {
    if (m_closed || m_closing) return;
    if (m_started && !m_session->closed())
        m_session->shutdown(realNow());  // its goodbye comes back through onSessionOutput with close
    else
        finishClose("server shutting down");
}

void Connection::abort() { finishClose("cut off at shutdown"); }

void Connection::closeAfterWrite(std::string why) {
    if (m_closing) return;
    m_closing = true;
    m_closingSince = realNow();
    m_closeWhy = std::move(why);
    if (m_tls && m_tlsUp) {
        m_tls->close();  // close_notify after the last data
        flushTls();
    }
    if (!m_writing) finishClose(m_closeWhy);
}

void Connection::finishClose(const std::string& why) {
    if (m_closed) return;
    m_closed = true;
    m_holdTimer.cancel();
    if (m_session && !m_session->closed()) m_session->disconnect(realNow());
    asio::error_code ec;
    m_socket.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    m_socket.close(ec);  // a write in progress ends with operation_aborted; its buffer stays until then
    std::string dropped;
    if (m_session && m_session->transcript().dropped() > 0)
        dropped = " (its transcript keeps the last " + std::to_string(core::limits::kTranscriptLines) + " lines: " +
                  std::to_string(m_session->transcript().dropped()) + " earlier lines dropped)";
    m_owner.log(label() + " " + why + dropped);
    m_owner.connectionClosed(*this);
}

std::string Connection::label() const { return "[" + (m_session ? m_session->name() : m_peer) + "]"; }

// [SECTION] session output

void Connection::onSessionOutput(SessionOutput output) {
    if (m_closed) return;
    if (m_holding || (output.failedLogin && !m_closing)) {
        hold(std::move(output));
        return;
    }
    m_gathered += output.bytes;
    // An STLS / STARTTLS answer still goes out in plaintext, before the handshake.
    if (!m_gathering || output.startTls || output.close) flushGathered();
    if (output.startTls && !m_closing) {
        if (!m_tlsContext) {
            closeAfterWrite("asked for TLS, but no certificate is loaded");
            return;
        }
        m_tls = std::make_unique<tls::Connection>(m_tlsContext, tls::Role::Server);
        m_tlsUp = false;
        m_handshakeStart = realNow();
    }
    if (output.close && !m_closing) closeAfterWrite("closed by the server");
}

void Connection::flushGathered() {
    if (!m_gathered.empty()) send(std::exchange(m_gathered, {}));
}

void Connection::hold(SessionOutput output) {
    output.failedLogin = false;
    m_held.push_back(std::move(output));
    if (m_holding) return;
    flushGathered();  // what was answered before the failed login goes out now
    m_holding = true;
    m_holdTimer.expires_after(std::chrono::milliseconds(core::limits::kFailedLoginDelayMs));
    m_holdTimer.async_wait([self = shared_from_this()](const asio::error_code& ec) {
        if (!ec && !self->m_closed) self->releaseHeld();
    });
}

void Connection::releaseHeld() {
    m_holding = false;
    std::deque<SessionOutput> held = std::exchange(m_held, {});
    m_gathering = true;
    while (!held.empty() && !m_closed) {
        onSessionOutput(std::move(held.front()));
        held.pop_front();
    }
    // What the client sent after the failed login is read now (it may fail again, and wait).
    if (!m_closed && !m_closing && !m_holding && !m_session->closed())
        guarded([&] { m_session->receive({}, realNow()); });
    m_gathering = false;
    flushGathered();
    pullMore();
    readNext();
}

template <class Work>
void Connection::guarded(Work work) {
    try {
        work();
    } catch (const std::bad_alloc&) {
        // One client's request must not end the server for everyone: this connection goes.
        m_gathering = false;
        std::string().swap(m_gathered);
        if (m_session && !m_session->closed()) m_session->disconnect(realNow(), SessionEnd::Fatal);
        const bool pop3 = m_service == Service::Pop3 || m_service == Service::Pop3s;
        send(pop3 ? "-ERR [SYS/TEMP] server out of memory, closing connection\r\n"
                  : "* BYE [ALERT] Server out of memory, closing connection\r\n");
        closeAfterWrite("ran out of memory: this connection is closed, the others go on");
    }
}

void Connection::pullMore() {
    if (m_pullPosted || m_closed || m_closing || m_holding || m_queued > kMaxQueued || !m_session->hasMoreOutput())
        return;
    m_pullPosted = true;
    asio::post(m_socket.get_executor(), [self = shared_from_this()] {
        self->m_pullPosted = false;
        if (self->m_closed || self->m_closing) return;
        self->guarded([&] {
            self->m_gathering = true;
            self->m_session->produceMore(realNow());
            self->m_gathering = false;
            self->flushGathered();
        });
        self->pullMore();
        self->readNext();
    });
}

void Connection::send(std::string_view bytes) {
    if (bytes.empty() || m_closed) return;
    if (m_tls) {
        m_tls->writePlaintext(bytes);
        flushTls();
    } else {
        sendRaw(std::string(bytes));
    }
}

void Connection::flushTls() { sendRaw(m_tls->takeCiphertext()); }

void Connection::sendRaw(std::string bytes) {
    if (bytes.empty() || m_closed) return;
    m_queued += bytes.size();
    m_queue.push_back(std::move(bytes));
    if (!m_writing) writeNext();
}

void Connection::writeNext() {
    if (m_closed) return;
    if (m_queue.empty()) {
        m_writing = false;
        if (m_closing)
            finishClose(m_closeWhy);
        else
            readNext();  // reading may have paused while the client was not reading
        return;
    }
    m_writing = true;
    asio::async_write(m_socket, asio::buffer(m_queue.front()),
                      [self = shared_from_this()](const asio::error_code& ec, std::size_t) {
                          if (self->m_closed) return;
                          if (ec) {
                              self->finishClose("write failed: " + ec.message());
                              return;
                          }
                          self->m_queued -= self->m_queue.front().size();
                          self->m_queue.pop_front();
                          self->pullMore();
                          self->writeNext();
                      });
}

// [SECTION] input

void Connection::readNext() {
    if (m_reading || m_closed || m_closing || m_holding || m_queued > kMaxQueued || m_session->hasMoreOutput()) return;
    m_reading = true;
    m_socket.async_read_some(asio::buffer(m_readBuffer),
                             [self = shared_from_this()](const asio::error_code& ec, std::size_t n) {
                                 self->m_reading = false;
                                 if (self->m_closed) return;
                                 if (ec == asio::error::eof) {
                                     // The client is done sending; what it asked for still goes out.
                                     if (!self->m_session->closed()) self->m_session->disconnect(realNow());
                                     self->closeAfterWrite("the client closed the connection");
                                     return;
                                 }
                                 if (ec) {
                                     self->finishClose("read failed: " + ec.message());
                                     return;
                                 }
                                 self->guarded([&] { self->onData(std::string_view(self->m_readBuffer.data(), n)); });
                                 self->pullMore();
                                 self->readNext();
                             });
}

void Connection::onData(std::string_view bytes) {
    if (m_closing) return;
    // Every answer to what this read brought leaves in one write: pipelined commands
    // ("USER a\r\nPASS b\r\n" in one packet) get their replies in one packet too.
    m_gathering = true;
    if (m_tls)
        tlsData(bytes);
    else
        m_session->receive(bytes, realNow());
    m_gathering = false;
    flushGathered();
}

void Connection::tlsData(std::string_view bytes) {
    m_tls->feedCiphertext(bytes);
    flushTls();  // handshake records, alerts
    if (m_tls->failed()) {
        closeAfterWrite("TLS failed: " + m_tls->error());
        return;
    }
    const core::Time now = realNow();
    if (!m_tlsUp && m_tls->handshakeDone()) {
        m_tlsUp = true;
        m_owner.log(label() + " TLS established: " + m_tls->description());
        if (m_started) {
            m_session->tlsEstablished(now);
        } else {
            m_started = true;
            m_session->start(now);
        }
    }
    if (m_tlsUp) {
        const std::string plain = m_tls->readPlaintext();
        if (!plain.empty() && !m_closing) m_session->receive(plain, now);
    }
    if (!m_closing && !m_closed && m_tls->peerClosed()) closeAfterWrite("the client ended TLS (close_notify)");
}

}  // namespace mailscope::sim::net
