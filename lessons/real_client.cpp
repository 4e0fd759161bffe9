// The built-in IMAP client of real-client steps (real_client.h), over a loopback socket.
#include "lessons/real_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <thread>

#include "sim/net/free_port.h"
#include "sim/net/net_server.h"

namespace mailscope::lessons {

namespace {

constexpr auto kReplyTimeout = std::chrono::seconds(5);


/// One TCP connection; the server is polled while waiting, since it runs in this thread.
class Socket {
public:
    Socket(sim::net::NetServer& net, std::uint16_t port, std::string& transcript)
        : m_net(net), m_transcript(transcript)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(port);
        m_connected = m_fd >= 0 && ::connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    }
    ~Socket()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;

    bool connected() const { return m_connected; }

    bool send(const std::string& line)
    {
        m_transcript += "C: " + line + "\n";
        const std::string bytes = line + "\r\n";
        return ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
    }

    /// Reads lines until one starts with `prefix`; returns that line ("" on timeout).
    std::string until(const std::string& prefix)
    {
        const auto deadline = std::chrono::steady_clock::now() + kReplyTimeout;
        while (std::chrono::steady_clock::now() < deadline) {
            for (std::size_t end; (end = m_buffer.find("\r\n")) != std::string::npos;) {
                const std::string line = m_buffer.substr(0, end);
                m_buffer.erase(0, end + 2);
                m_transcript += "S: " + line + "\n";
                if (line.rfind(prefix, 0) == 0)
                    return line;
            }
            m_net.poll();
            char chunk[4096];
            const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, MSG_DONTWAIT);
            if (n > 0)
                m_buffer.append(chunk, static_cast<std::size_t>(n));
            else if (n == 0)
                return "";
            else
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        return "";
    }

private:
    sim::net::NetServer& m_net;
    std::string& m_transcript;
    int m_fd = -1;
    bool m_connected = false;
    std::string m_buffer;
};

/// "abc" -> "\"abc\"" with IMAP quoting (RFC 3501 quoted string).
std::string quoted(const std::string& text)
{
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + "\"";
}

}  // namespace

RealClientRun playRealClient(sim::World& world, const RealClientTask& task)
{
    RealClientRun run;
    const auto accounts = world.scenario().accounts;
    if (accounts.empty()) {
        run.error = "the lesson's world has no account to log in to";
        return run;
    }
    // The server UID of the message, as the client would find it in the folder.
    const mail::Account* account = world.store().findAccount(accounts.front().user);
    const mail::Mailbox* box = account ? account->findMailbox(task.folder) : nullptr;
    std::uint32_t uid = task.message.uid.value_or(0);
    if (box && !task.message.uid)
        for (const mail::MailItem& item : box->items())
            if (item.message && item.message->summary().subject.find(task.message.subjectContains) != std::string::npos) {
                uid = item.uid;
                break;
            }
    if (uid == 0) {
        run.error = "no message \"" + task.message.subjectContains + "\" in " + task.folder + " on the server";
        return run;
    }

    std::unique_ptr<sim::net::NetServer> net;
    std::uint16_t port = 0;
    for (int attempt = 0; attempt < 5 && !net; ++attempt) {
        port = sim::net::freeLoopbackPort();
        if (port == 0)
            continue;
        sim::net::NetConfig config;
        config.ports = sim::net::Ports{0, port, 0, 0};
        auto candidate = std::make_unique<sim::net::NetServer>(world.host(), config, nullptr);
        if (candidate->open(run.error))
            net = std::move(candidate);
    }
    if (!net) {
        run.error = "no loopback port could be opened: " + run.error;
        return run;
    }
    {
        Socket socket(*net, port, run.transcript);
        if (!socket.connected()) {
            run.error = "could not connect to 127.0.0.1:" + std::to_string(port);
            return run;
        }
        const auto step = [&](const std::string& command, const std::string& tag) {
            if (!command.empty() && !socket.send(command))
                return false;
            const std::string reply = socket.until(tag);
            if (reply.rfind(tag + "OK", 0) == 0 || (tag == "* " && reply.rfind("* OK", 0) == 0))
                return true;
            run.error = reply.empty() ? "no answer to " + (command.empty() ? "the greeting" : command) : reply;
            return false;
        };
        run.ok = step("", "* ") &&
                 step("a1 LOGIN " + quoted(accounts.front().user) + " " + quoted(accounts.front().password), "a1 ") &&
                 step("a2 SELECT " + quoted(task.folder), "a2 ") &&
                 step("a3 UID STORE " + std::to_string(uid) + " +FLAGS (" + task.flag + ")", "a3 ") &&
                 step("a4 LOGOUT", "a4 ");
    }
    // Let the server see the connection end before the listener closes.
    for (int i = 0; i < 50 && net->connectionCount() > 0; ++i) {
        net->poll();
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    net->shutdown();
    return run;
}

}  // namespace mailscope::lessons
