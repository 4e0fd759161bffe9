// TLS as a sans-I/O layer over OpenSSL 3 memory BIOs (RFC 8446 / 5246, TLS 1.2 minimum):
// ciphertext in and out, plaintext in and out. The same code secures simulated links
// (so the app can show what an eavesdropper sees) and real sockets.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace mailscope::tls {

/// A certificate and its private key, PEM-encoded.
struct Certificate {
    std::string certPem;
    std::string keyPem;
};

/// A self-signed certificate made in memory: EC P-256, CN "mailscope", subjectAltName
/// DNS:localhost and IP:127.0.0.1, valid from `notBefore` (seconds since the epoch) for a year.
/// Both strings are empty only if OpenSSL itself fails.
Certificate makeSelfSigned(std::int64_t notBefore);
/// The SHA-256 fingerprint of a PEM certificate as "AB:CD:...", or "" if it is not one.
std::string fingerprintSha256(std::string_view certPem);
/// Loads cert.pem and key.pem from `dir`, or makes and saves them there (the key file
/// with mode 0600, the directory created with 0700 if needed) when neither exists yet;
/// a new certificate is valid from a day before `now`, for clients with slow clocks.
/// Returns nullopt with `error` naming the file and the problem on failure: also when only
/// one of the two exists, or one is corrupt (nothing is ever overwritten).
std::optional<Certificate> loadOrCreate(const std::filesystem::path& dir, std::int64_t now, std::string& error);
/// Loads a certificate and key given on the command line (--cert FILE --key FILE);
/// nullopt with `error` naming the file on failure, also when the key does not match.
/// The certificate file may hold a chain (leaf first); the key must not be encrypted.
std::optional<Certificate> loadFiles(const std::filesystem::path& cert, const std::filesystem::path& key,
                                     std::string& error);
/// $XDG_CONFIG_HOME/mailscope (when set and absolute), or $HOME/.config/mailscope;
/// empty when neither variable is usable.
std::filesystem::path configDirectory();

/// Which end of the handshake a connection is.
enum class Role {
    Server,  ///< answers ClientHello with the certificate
    Client,  ///< sends ClientHello; verifies the server only when a trusted cert is given
};

/// An SSL_CTX: configuration shared by many connections. TLS 1.2 minimum, OpenSSL's
/// default ciphers.
class Context {
public:
    /// A server context with `certificate` (a chain is allowed in certPem, leaf first);
    /// nullptr with `error` set when the PEM is bad or the key does not match.
    static std::shared_ptr<Context> server(const Certificate& certificate, std::string& error);
    /// A client context; with `trustedCertPem` it verifies the server against it (no host
    /// name check). An unreadable trusted PEM trusts nothing, so every handshake fails.
    /// nullptr only if OpenSSL cannot make a context at all.
    static std::shared_ptr<Context> client(std::optional<std::string> trustedCertPem = std::nullopt);
    ~Context();
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;
    void* native() const { return m_ctx; }  ///< the SSL_CTX*

private:
    explicit Context(void* ctx) : m_ctx(ctx) {}
    void* m_ctx;
};

/// One TLS connection over memory BIOs. Nothing here touches a socket.
class Connection {
public:
    Connection(std::shared_ptr<Context> context, Role role);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    /// Bytes that came from the peer (ciphertext), any split.
    void feedCiphertext(std::string_view bytes);
    /// Bytes to send to the peer (handshake records and encrypted data); empties the buffer.
    std::string takeCiphertext();
    /// Application data to encrypt; held until the handshake is done, dropped after close().
    void writePlaintext(std::string_view bytes);
    /// Decrypted application data received so far; empties the buffer.
    std::string readPlaintext();
    /// Sends close_notify after the plaintext already written (once the handshake is done,
    /// if it is not yet); later writes are dropped.
    void close();

    bool handshakeDone() const { return m_handshakeDone; }
    /// A fatal TLS error happened (garbage, bad certificate, ...); the link must be closed.
    bool failed() const { return !m_error.empty(); }
    const std::string& error() const { return m_error; }
    /// The peer sent close_notify.
    bool peerClosed() const { return m_peerClosed; }
    /// "TLSv1.3 TLS_AES_256_GCM_SHA384" once the handshake is done.
    std::string description() const;

private:
    void pump();
    void fail(int sslError);

    std::shared_ptr<Context> m_context;
    void* m_ssl = nullptr;     // SSL*
    void* m_in = nullptr;      // BIO* the peer's ciphertext goes into
    void* m_out = nullptr;     // BIO* our ciphertext comes out of
    std::string m_pendingPlain;
    std::string m_plainIn;
    std::string m_error;
    bool m_handshakeDone = false;
    bool m_peerClosed = false;
    bool m_closed = false;        // close() was called
    bool m_shutdownSent = false;  // close_notify has gone into m_out
};

}  // namespace mailscope::tls
