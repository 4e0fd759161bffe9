// One accepted TCP connection: socket bytes in and out, TLS (implicit, or after STLS /
// STARTTLS: RFC 2595, RFC 3501 6.2.1) through tls::Connection, and a session on the host.
// Internal to sim/net (it includes Asio).
#pragma once

#include <asio.hpp>

#include <array>
#include <deque>
#include <memory>
#include <string>

#include "protocols/tls/tls.h"
#include "sim/net/net_server.h"
#include "sim/server_host.h"

namespace mailscope::sim::net {

class Connection : public std::enable_shared_from_this<Connection> {
public:
    /// What a connection tells the server that accepted it.
    class Owner {
    public:
        virtual void connectionClosed(Connection& connection) = 0;
        virtual void log(const std::string& line) = 0;

    protected:
        ~Owner() = default;
    };

    Connection(asio::ip::tcp::socket socket, Service service, ServerHost& host, Owner& owner,
               std::shared_ptr<tls::Context> tlsContext, int handshakeTimeoutSeconds);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    /// Opens the session and greets (after the handshake on an implicit-TLS port), then reads.
    void start();
    /// Autologout and handshake timeouts, with the wall clock.
    void tick(core::Time now);
    /// Goodbye line, then close once it is sent.
    void shutdown();
    /// Closes the socket now.
    void abort();

    bool closed() const { return m_closed; }

private:
    void onSessionOutput(SessionOutput output);
    /// Holds a failed login's answer (and whatever follows it) for a moment, reading nothing.
    void hold(SessionOutput output);
    /// The moment is over: sends what was held, then reads again.
    void releaseHeld();
    /// Sends the output gathered from one read, in one write.
    void flushGathered();
    /// Asks the session for the next piece of a long response, in a turn of the event loop
    /// of its own, when the output waiting for the socket is below core::limits::kOutputBuffer.
    void pullMore();
    /// Runs session work; an allocation failure there ends this connection only ("* BYE").
    template <class Work>
    void guarded(Work work);
    void onData(std::string_view bytes);
    void tlsData(std::string_view bytes);
    /// Sends plaintext, through TLS when it is on.
    void send(std::string_view bytes);
    void sendRaw(std::string bytes);
    void flushTls();
    void writeNext();
    void readNext();
    /// Sends what is queued, then closes; `why` goes to the log.
    void closeAfterWrite(std::string why);
    void finishClose(const std::string& why);
    std::string label() const;

    asio::ip::tcp::socket m_socket;
    Service m_service;
    Owner& m_owner;
    std::shared_ptr<tls::Context> m_tlsContext;
    int m_handshakeTimeout;
    std::string m_peer;  // "127.0.0.1:51234"

    std::unique_ptr<HostedSession> m_session;
    bool m_started = false;          // the session has greeted
    std::unique_ptr<tls::Connection> m_tls;
    bool m_tlsUp = false;            // handshake finished
    core::Time m_handshakeStart = 0;

    bool m_gathering = false;   // handling one read: outputs are joined, written once after it
    std::string m_gathered;     // plaintext gathered so far
    bool m_pullPosted = false;  // pullMore() has a turn of the event loop waiting
    bool m_holding = false;     // a failed login's answer is being held (core::limits::kFailedLoginDelayMs)
    std::deque<SessionOutput> m_held;
    asio::steady_timer m_holdTimer;

    std::array<char, 16384> m_readBuffer{};
    bool m_reading = false;
    std::deque<std::string> m_queue;  // bytes waiting for the socket, in order
    std::size_t m_queued = 0;
    bool m_writing = false;
    bool m_closing = false;  // close once the queue is empty
    std::string m_closeWhy;  // for the log, when the queue is empty
    core::Time m_closingSince = 0;
    bool m_closed = false;
};

}  // namespace mailscope::sim::net
