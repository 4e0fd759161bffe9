// The listeners: one acceptor per service, a connection limit, a one-second tick for
// timeouts, and a clean shutdown (goodbye lines, close_notify, then the sockets close).
#include "sim/net/net_server.h"

#include <algorithm>
#include <csignal>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "sim/net/connection.h"

namespace mailscope::sim::net {

const char* serviceName(Service service) {
    switch (service) {
    case Service::Pop3: return "POP3";
    case Service::Imap: return "IMAP";
    case Service::Pop3s: return "POP3S";
    case Service::Imaps: return "IMAPS";
    }
    return "?";
}

namespace {

/// The one line an excess connection gets before it is closed (in plaintext, also on the
/// implicit-TLS ports: no handshake is spent on it).
std::string refusalLine(Service service) {
    if (service == Service::Pop3 || service == Service::Pop3s)
        return "-ERR [SYS/TEMP] too many connections, try again later\r\n";  // RFC 3206 4
    return "* BYE [UNAVAILABLE] too many connections, try again later\r\n";   // RFC 3501 7.1.5, RFC 5530
}

}  // namespace

struct NetServer::Impl final : Connection::Owner {
    struct Listener {
        Listener(asio::io_context& io, Service s) : service(s), acceptor(io), retry(io) {}
        Service service;
        asio::ip::tcp::acceptor acceptor;
        asio::steady_timer retry;  // after an accept error (e.g. out of file descriptors)
    };

    Impl(ServerHost& h, NetConfig c, std::shared_ptr<tls::Context> t)
        : host(h), config(std::move(c)), tls(std::move(t)), tickTimer(io), graceTimer(io) {}

    ~Impl() {
        logFn = nullptr;
        shuttingDown = true;
        closeListeners();
        tickTimer.cancel();
        graceTimer.cancel();
        if (signals) signals->cancel();
        for (const auto& c : std::vector(connections)) c->abort();
        connections.clear();
        // Let the aborted operations finish, so their handlers release the connections.
        io.restart();
        io.poll();
    }

    // [SECTION] Connection::Owner
    void connectionClosed(Connection& connection) override {
        const auto it = std::find_if(connections.begin(), connections.end(),
                                     [&](const auto& c) { return c.get() == &connection; });
        if (it != connections.end()) connections.erase(it);
        if (shuttingDown && connections.empty()) finishShutdown();
        returnFreedMemory();
    }

    /// Gives the memory a closed connection freed back to the system. A session frees all it
    /// held when it closes (its transcript, its responses), but glibc keeps freed pages for
    /// later: after rounds of 20 clients fetching, the resident size of `serve` rose by tens
    /// of megabytes a round while the heap in use was back at its idle size
    /// (bench/session_memory). One trim per turn of the event loop, however many closed.
    void returnFreedMemory() {
#ifdef __GLIBC__
        if (trimPosted) return;
        trimPosted = true;
        asio::post(io, [this] {
            trimPosted = false;
            malloc_trim(0);
        });
#endif
    }
    void log(const std::string& line) override {
        if (logFn) logFn(line);
    }

    // [SECTION] listening
    bool open(std::string& error) {
        asio::error_code ec;
        const asio::ip::address address = asio::ip::make_address(config.listenAddress, ec);
        if (ec) {
            error = "'" + config.listenAddress + "' is not an IP address";
            return false;
        }
        const std::pair<Service, std::uint16_t> wanted[] = {{Service::Pop3, config.ports.pop3},
                                                            {Service::Imap, config.ports.imap},
                                                            {Service::Pop3s, config.ports.pop3s},
                                                            {Service::Imaps, config.ports.imaps}};
        for (const auto& [service, port] : wanted) {
            if (port == 0) continue;
            const std::string where =
                address.to_string() + ":" + std::to_string(port) + " (" + serviceName(service) + ")";
            if ((service == Service::Pop3s || service == Service::Imaps) && !tls) {
                error = "cannot serve " + where + ": no TLS certificate is loaded";
                closeListeners();
                return false;
            }
            auto l = std::make_unique<Listener>(io, service);
            const asio::ip::tcp::endpoint endpoint(address, port);
            l->acceptor.open(endpoint.protocol(), ec);
            if (!ec) l->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
            if (!ec) l->acceptor.bind(endpoint, ec);
            if (!ec) l->acceptor.listen(asio::socket_base::max_listen_connections, ec);
            if (ec) {
                error = "cannot listen on " + where + ": " + ec.message();
                closeListeners();
                return false;
            }
            listening.push_back(ListeningPort{service, address.to_string(), port});
            listeners.push_back(std::move(l));
        }
        for (const auto& l : listeners) accept(*l);
        armTick();
        return true;
    }

    void closeListeners() {
        asio::error_code ec;
        for (const auto& l : listeners) {
            l->acceptor.close(ec);
            l->retry.cancel();
        }
    }

    void accept(Listener& l) {
        l.acceptor.async_accept([this, &l](const asio::error_code& ec, asio::ip::tcp::socket socket) {
            if (ec == asio::error::operation_aborted || !l.acceptor.is_open() || shuttingDown) return;
            if (ec) {
                log(std::string(serviceName(l.service)) + ": accept failed: " + ec.message());
                l.retry.expires_after(std::chrono::milliseconds(200));
                l.retry.async_wait([this, &l](const asio::error_code& e) {
                    if (!e && !shuttingDown) accept(l);
                });
                return;
            }
            accepted(l.service, std::move(socket));
            accept(l);
        });
    }

    void accepted(Service service, asio::ip::tcp::socket socket) {
        if (connections.size() >= config.maxConnections) {
            refuse(service, std::move(socket));
            return;
        }
        auto c = std::make_shared<Connection>(std::move(socket), service, host, *this, tls,
                                              config.handshakeTimeoutSeconds);
        connections.push_back(c);
        c->start();
    }

    void refuse(Service service, asio::ip::tcp::socket socket) {
        asio::error_code ec;
        const auto peer = socket.remote_endpoint(ec);
        log(std::string("refused a ") + serviceName(service) + " connection from " +
            (ec ? std::string("unknown peer") : peer.address().to_string() + ":" + std::to_string(peer.port())) +
            ": already " + std::to_string(connections.size()) + " connections");
        if (refusing >= config.maxConnections) return;  // the socket closes as it goes out of scope
        ++refusing;
        auto s = std::make_shared<asio::ip::tcp::socket>(std::move(socket));
        auto line = std::make_shared<const std::string>(refusalLine(service));
        asio::async_write(*s, asio::buffer(*line), [this, s, line](const asio::error_code&, std::size_t) {
            --refusing;
            asio::error_code e;
            s->shutdown(asio::ip::tcp::socket::shutdown_both, e);
            s->close(e);
        });
    }

    // [SECTION] time
    void armTick() {
        tickTimer.expires_after(std::chrono::seconds(1));
        tickTimer.async_wait([this](const asio::error_code& ec) {
            if (ec || shuttingDown) return;
            const core::Time now = realNow();
            for (const auto& c : std::vector(connections)) c->tick(now);
            armTick();
        });
    }

    // [SECTION] shutdown
    void shutdown() {
        if (shuttingDown) return;
        shuttingDown = true;
        closeListeners();
        tickTimer.cancel();
        for (const auto& c : std::vector(connections)) c->shutdown();
        if (connections.empty()) {
            finishShutdown();
            return;
        }
        graceTimer.expires_after(std::chrono::seconds(config.shutdownGraceSeconds));
        graceTimer.async_wait([this](const asio::error_code& ec) {
            if (!ec) abortAll();
        });
    }

    void abortAll() {
        for (const auto& c : std::vector(connections)) c->abort();
    }

    void finishShutdown() {
        graceTimer.cancel();
        if (signals) signals->cancel();
    }

    void waitForSignal() {
        signals->async_wait([this](const asio::error_code& ec, int signo) {
            if (ec) return;
            if (onSignal) onSignal(signo);
            if (shuttingDown) {
                abortAll();
                return;
            }
            shutdown();
            if (!connections.empty()) waitForSignal();
        });
    }

    asio::io_context io{1};  // first member: destroyed last, after every socket and timer
    ServerHost& host;
    NetConfig config;
    std::shared_ptr<tls::Context> tls;
    std::vector<std::unique_ptr<Listener>> listeners;
    std::vector<ListeningPort> listening;
    std::vector<std::shared_ptr<Connection>> connections;
    asio::steady_timer tickTimer;
    asio::steady_timer graceTimer;
    std::unique_ptr<asio::signal_set> signals;
    std::function<void(int)> onSignal;
    NetLog logFn;
    bool shuttingDown = false;
    bool trimPosted = false;  // returnFreedMemory() has a turn of the event loop waiting
    std::size_t refusing = 0;
};

NetServer::NetServer(ServerHost& host, NetConfig config, std::shared_ptr<tls::Context> tlsContext)
    : m_impl(std::make_unique<Impl>(host, std::move(config), std::move(tlsContext))) {}

NetServer::~NetServer() = default;

bool NetServer::open(std::string& error) { return m_impl->open(error); }
const std::vector<ListeningPort>& NetServer::listening() const { return m_impl->listening; }

std::size_t NetServer::poll() {
    if (m_impl->io.stopped()) m_impl->io.restart();
    return m_impl->io.poll();
}

void NetServer::run() {
    if (m_impl->io.stopped()) m_impl->io.restart();
    m_impl->io.run();
}

void NetServer::shutdownOnSignals(std::function<void(int)> onSignal) {
    m_impl->onSignal = std::move(onSignal);
    m_impl->signals = std::make_unique<asio::signal_set>(m_impl->io, SIGINT, SIGTERM);
    m_impl->waitForSignal();
}

void NetServer::shutdown() { m_impl->shutdown(); }
std::size_t NetServer::connectionCount() const { return m_impl->connections.size(); }
void NetServer::setLog(NetLog log) { m_impl->logFn = std::move(log); }

}  // namespace mailscope::sim::net
