// Real TCP listeners for the POP3 (RFC 1939) and IMAP (RFC 3501) servers, plain and with
// implicit TLS (RFC 8314), on standalone Asio. One thread: the app polls, `serve` runs.
// Every accepted connection becomes a session on the ServerHost, like a simulated device.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/server_host.h"

namespace mailscope::tls {
class Context;
}

namespace mailscope::sim::net {

/// The wall clock as core::Time (real connections live in real time).
core::Time realNow();

/// What a listening port serves.
enum class Service {
    Pop3,   ///< POP3, plaintext with STLS (RFC 1939, RFC 2595)
    Imap,   ///< IMAP, plaintext with STARTTLS (RFC 3501 6.2.1)
    Pop3s,  ///< POP3 over implicit TLS (RFC 8314, port 995 in real life)
    Imaps,  ///< IMAP over implicit TLS (RFC 8314, port 993 in real life)
};
/// "POP3", "IMAP", "POP3S", "IMAPS".
const char* serviceName(Service service);

/// The port of each service; 0 turns that service off.
struct Ports {
    std::uint16_t pop3 = 1110;
    std::uint16_t imap = 1143;
    std::uint16_t pop3s = 1995;
    std::uint16_t imaps = 1993;
};

struct NetConfig {
    std::string listenAddress = "127.0.0.1";  ///< loopback unless asked otherwise (--listen)
    Ports ports;
    std::size_t maxConnections = 100;         ///< more get a clear error line and are closed
    int handshakeTimeoutSeconds = 30;         ///< a TLS handshake must finish within this
    int shutdownGraceSeconds = 2;             ///< then connections that have not drained are cut
};

/// One bound port.
struct ListeningPort {
    Service service = Service::Pop3;
    std::string address;     ///< as bound, e.g. "127.0.0.1"
    std::uint16_t port = 0;  ///< the real port (also when 0 was never asked for: 0 means off)
};

/// Connection-level news for a log: accepted, refused, TLS up, closed. One line, no newline.
using NetLog = std::function<void(const std::string&)>;

class NetServer {
public:
    /// `host` must outlive this object. `tlsContext` may be null: then the implicit-TLS
    /// ports cannot be opened and STLS / STARTTLS requests close the connection.
    NetServer(ServerHost& host, NetConfig config, std::shared_ptr<tls::Context> tlsContext);
    /// Closes every connection (their sessions see disconnect()) and every port.
    ~NetServer();
    NetServer(const NetServer&) = delete;
    NetServer& operator=(const NetServer&) = delete;

    /// Binds every port that is not 0. On failure returns false with `error` naming the
    /// address and port, and leaves nothing open.
    bool open(std::string& error);
    const std::vector<ListeningPort>& listening() const;

    /// Runs whatever is ready without blocking (the app's frame loop); returns how much ran.
    std::size_t poll();
    /// Runs until shutdown() has finished (headless `serve`).
    void run();
    /// From now on SIGINT and SIGTERM call `onSignal` (with the signal number) and then
    /// shutdown(); a second signal cuts the remaining connections at once.
    void shutdownOnSignals(std::function<void(int)> onSignal);
    /// Stops accepting, says goodbye to every session and closes each connection once its
    /// output is sent; after NetConfig::shutdownGraceSeconds the rest are cut.
    void shutdown();

    std::size_t connectionCount() const;
    void setLog(NetLog log);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace mailscope::sim::net
