// Loopback helpers for tests that drive a NetServer (sim/net) with raw TCP clients in the
// same thread: free ports, and a client that polls the server while it waits for bytes.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include "sim/net/free_port.h"
#include "sim/net/net_server.h"

namespace mailscope::test {

using sim::net::freeLoopbackPort;

/// A NetServer on `host` with the plain POP3 and IMAP ports open on free loopback ports;
/// nullptr (the reason in `error`) when none could be opened.
inline std::unique_ptr<sim::net::NetServer> listenPlain(sim::ServerHost& host, sim::net::Ports& ports,
                                                        std::string& error) {
    for (int attempt = 0; attempt < 5; ++attempt) {
        ports = sim::net::Ports{freeLoopbackPort(), freeLoopbackPort(), 0, 0};
        if (ports.pop3 == 0 || ports.imap == 0 || ports.pop3 == ports.imap) continue;
        sim::net::NetConfig config;
        config.ports = ports;
        auto net = std::make_unique<sim::net::NetServer>(host, config, nullptr);
        if (net->open(error)) return net;
    }
    return nullptr;
}

/// A TCP client on loopback that polls the server (same thread) while it waits.
class LoopbackClient {
public:
    LoopbackClient(sim::net::NetServer& net, std::uint16_t port) : m_net(net) {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(port);
        // The kernel completes the handshake from the listen backlog: no poll needed here.
        m_connected = m_fd >= 0 && ::connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
        const int one = 1;
        if (m_fd >= 0) ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    ~LoopbackClient() { close(); }
    LoopbackClient(const LoopbackClient&) = delete;
    LoopbackClient& operator=(const LoopbackClient&) = delete;

    bool connected() const { return m_connected; }
    void close() {
        if (m_fd >= 0) ::close(m_fd);
        m_fd = -1;
    }
    /// Sends all of `bytes` (polling the server while the socket is full); false if it failed.
    bool send(std::string_view bytes) {
        while (!bytes.empty()) {
            const ssize_t n = ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n > 0) {
                bytes.remove_prefix(static_cast<std::size_t>(n));
            } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                m_net.poll();
                pump();
            } else {
                return false;
            }
        }
        return true;
    }
    /// Everything received up to and including the first line starting with `prefix`
    /// (or all received when `seconds` pass first); what follows stays for the next call.
    std::string until(std::string_view prefix, int seconds = 10) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
        for (;;) {
            const std::size_t at = findLine(prefix);
            if (at != std::string::npos) {
                const std::size_t end = m_received.find("\r\n", at);
                if (end != std::string::npos) {
                    std::string out = m_received.substr(0, end + 2);
                    m_received.erase(0, end + 2);
                    m_searched = 0;
                    return out;
                }
            }
            if (std::chrono::steady_clock::now() >= deadline || m_eof) {
                m_searched = 0;
                return std::exchange(m_received, {});
            }
            m_net.poll();
            if (!pump()) std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
    }
    /// Whether the server closed the connection (polling up to `seconds` for it).
    bool closedByServer(int seconds = 10) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
        while (!m_eof && std::chrono::steady_clock::now() < deadline) {
            m_net.poll();
            if (!pump()) std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
        return m_eof;
    }
    /// Bytes received and not yet returned by until().
    const std::string& pending() const { return m_received; }
    /// How many recv() calls returned data: replies that left in one write arrive in one.
    std::size_t reads() const { return m_reads; }

private:
    /// Reads what is there without blocking; true if something came.
    bool pump() {
        bool got = false;
        char buffer[65536];
        for (;;) {
            const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, MSG_DONTWAIT);
            if (n > 0) {
                m_received.append(buffer, static_cast<std::size_t>(n));
                ++m_reads;
                got = true;
                continue;
            }
            if (n == 0) m_eof = true;
            return got;
        }
    }
    /// Where a line starting with `prefix` begins in m_received; searches only what came
    /// since the last search (a 40 MB reply is not searched again at each read).
    std::size_t findLine(std::string_view prefix) {
        if (m_received.starts_with(prefix)) return 0;
        const std::string needle = "\r\n" + std::string(prefix);
        const std::size_t from = m_searched > needle.size() ? m_searched - needle.size() : 0;
        const std::size_t at = m_received.find(needle, from);
        m_searched = at == std::string::npos ? m_received.size() : 0;
        return at == std::string::npos ? at : at + 2;
    }

    sim::net::NetServer& m_net;
    int m_fd = -1;
    bool m_connected = false;
    bool m_eof = false;
    std::size_t m_reads = 0;
    std::string m_received;
    std::size_t m_searched = 0;  // how much of m_received findLine() has searched
};

}  // namespace mailscope::test
