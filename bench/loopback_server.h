// What the socket benchmarks share: `mailscope serve`'s server (ServerHost + NetServer)
// running in its own thread on free loopback ports, blocking TCP clients, and the resident
// memory of this process from /proc/self/status.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "sim/net/net_server.h"
#include "sim/server_host.h"
#include "tests/support/loopback.h"

namespace mailscope::bench {

/// A /proc/self/status field in bytes ("VmRSS", "VmHWM").
inline std::size_t procStatusBytes(const std::string& field) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.starts_with(field + ":")) return std::strtoull(line.c_str() + field.size() + 1, nullptr, 10) * 1024;
    return 0;
}
inline std::size_t residentBytes() { return procStatusBytes("VmRSS"); }
inline double megabytes(std::size_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

[[noreturn]] inline void fail(const std::string& why) {
    std::fprintf(stderr, "bench failed: %s\n", why.c_str());
    std::exit(1);
}

/// The servers of `mailscope serve` on a store, run by NetServer::run() in a thread of
/// their own; stop() ends them as Ctrl-C would.
class LoopbackServer {
public:
    explicit LoopbackServer(mail::MailStore& store) : m_host(store, sim::HostConfig{}) {
        for (int attempt = 0; attempt < 5 && !m_net; ++attempt) {
            sim::net::NetConfig config;
            config.ports = sim::net::Ports{test::freeLoopbackPort(), test::freeLoopbackPort(), 0, 0};
            config.maxConnections = 200;
            auto net = std::make_unique<sim::net::NetServer>(m_host, config, nullptr);
            std::string error;
            if (net->open(error)) {
                m_ports = config.ports;
                m_net = std::move(net);
            }
        }
        if (!m_net) fail("no loopback port");
        m_net->shutdownOnSignals([](int) {});
        m_thread = std::thread([this] { m_net->run(); });
    }
    ~LoopbackServer() { stop(); }
    void stop() {
        if (!m_thread.joinable()) return;
        std::raise(SIGTERM);  // handled by the server's signal_set, in its thread
        m_thread.join();
    }
    std::uint16_t imapPort() const { return m_ports.imap; }
    std::uint16_t pop3Port() const { return m_ports.pop3; }

private:
    sim::ServerHost m_host;
    sim::net::Ports m_ports;
    std::unique_ptr<sim::net::NetServer> m_net;
    std::thread m_thread;
};

/// A blocking TCP client.
class Client {
public:
    explicit Client(std::uint16_t port) {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(port);
        if (::connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) fail("cannot connect");
        const int one = 1;
        ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    ~Client() { ::close(m_fd); }
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    void send(std::string_view bytes) {
        while (!bytes.empty()) {
            const ssize_t n = ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n <= 0) fail("send failed");
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
    }
    /// Reads until a line starting with `prefix` has arrived; returns that line and drops
    /// everything before it (only the last 64 KB are kept while searching). Counts bytes.
    std::string lineStarting(std::string_view prefix) {
        for (;;) {
            std::size_t at = m_buffer.starts_with(prefix) ? 0 : m_buffer.find("\r\n" + std::string(prefix));
            if (at != std::string::npos) {
                if (at != 0) at += 2;
                const std::size_t end = m_buffer.find("\r\n", at);
                if (end != std::string::npos) {
                    std::string line = m_buffer.substr(at, end - at);
                    m_buffer.erase(0, end + 2);
                    return line;
                }
            }
            if (m_buffer.size() > 128 * 1024) m_buffer.erase(0, m_buffer.size() - 64 * 1024);
            char chunk[65536];
            const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, 0);
            if (n <= 0) fail("connection closed while waiting for '" + std::string(prefix) + "'");
            m_buffer.append(chunk, static_cast<std::size_t>(n));
            m_received += static_cast<std::size_t>(n);
        }
    }
    std::size_t received() const { return m_received; }

private:
    int m_fd = -1;
    std::string m_buffer;
    std::size_t m_received = 0;
};

}  // namespace mailscope::bench
