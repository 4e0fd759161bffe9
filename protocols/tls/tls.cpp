// TLS over OpenSSL 3 memory BIOs (RFC 8446 / RFC 5246), sans-I/O: certificates, contexts
// and connections that turn ciphertext into plaintext and back without touching a socket.
#include "protocols/tls/tls.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>
#include <vector>

namespace mailscope::tls {

namespace {

// [SECTION] OpenSSL helpers

template <auto Free>
struct Deleter {
    template <typename T>
    void operator()(T* p) const { Free(p); }
};
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

SSL_CTX* ctxOf(const std::shared_ptr<Context>& c) { return static_cast<SSL_CTX*>(c->native()); }

// Never ask for a passphrase: PEM's default callback would prompt on the terminal.
int noPassphrase(char*, int, int, void*) { return 0; }

BioPtr readOnlyBio(std::string_view pem) {
    if (pem.size() > static_cast<std::size_t>(INT_MAX)) return nullptr;
    return BioPtr(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

// Every certificate in a PEM text, in order (leaf first for a chain).
std::vector<X509Ptr> readCertificates(std::string_view pem) {
    std::vector<X509Ptr> certs;
    BioPtr bio = readOnlyBio(pem);
    if (!bio) return certs;
    while (X509* x = PEM_read_bio_X509(bio.get(), nullptr, noPassphrase, nullptr)) certs.emplace_back(x);
    ERR_clear_error();  // the loop ends on "no start line"
    return certs;
}

X509Ptr readCertificate(std::string_view pem) {
    BioPtr bio = readOnlyBio(pem);
    if (!bio) return nullptr;
    X509Ptr x(PEM_read_bio_X509(bio.get(), nullptr, noPassphrase, nullptr));
    ERR_clear_error();
    return x;
}

PkeyPtr readPrivateKey(std::string_view pem) {
    BioPtr bio = readOnlyBio(pem);
    if (!bio) return nullptr;
    PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr));
    ERR_clear_error();
    return key;
}

// The text of OpenSSL's error queue ("error:0A00010B:SSL routines::wrong version number"),
// joined with "; ", emptying the queue.
std::string takeErrorQueue() {
    std::string text;
    while (unsigned long e = ERR_get_error()) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        if (!text.empty()) text += "; ";
        text += buf;
    }
    return text;
}

std::string bioContents(BIO* bio) {
    char* data = nullptr;
    long n = BIO_get_mem_data(bio, &data);
    return n > 0 && data ? std::string(data, static_cast<std::size_t>(n)) : std::string();
}

bool addExtension(X509* x, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
    ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
    return ext && X509_add_ext(x, ext.get(), -1) == 1;
}

// [SECTION] Files

// A new pair is valid from a day before it was made, so that a client whose clock is
// a little behind does not reject it as "not yet valid".
constexpr std::int64_t kBackdate = 86400;

bool readFile(const std::filesystem::path& path, std::string& out, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = path.string() + ": cannot read: " + std::strerror(errno);
        return false;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

// Writes a new file with exactly `mode`; fails if it already exists.
bool writeNewFile(const std::filesystem::path& path, const std::string& data, mode_t mode, std::string& error) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) {
        error = path.string() + ": cannot create: " + std::strerror(errno);
        return false;
    }
    bool ok = ::fchmod(fd, mode) == 0;  // exactly `mode`, whatever the umask
    for (std::size_t done = 0; ok && done < data.size();) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) done += static_cast<std::size_t>(n);
    }
    int savedErrno = errno;
    ok = ::close(fd) == 0 && ok;
    if (!ok) {
        error = path.string() + ": cannot write: " + std::strerror(savedErrno ? savedErrno : errno);
        std::error_code ec;
        std::filesystem::remove(path, ec);
    }
    return ok;
}

}  // namespace

// [SECTION] Certificates

Certificate makeSelfSigned(std::int64_t notBefore) {
    PkeyPtr key(EVP_EC_gen("P-256"));
    X509Ptr x(X509_new());
    BnPtr serial(BN_new());
    if (!key || !x || !serial) return {};

    // A random positive 159-bit serial: clients such as NSS reject two certificates from
    // the same issuer with the same serial, and every run makes a new key.
    bool ok = X509_set_version(x.get(), X509_VERSION_3) == 1 &&
              BN_rand(serial.get(), 159, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1 &&
              BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(x.get())) != nullptr;

    std::time_t from = static_cast<std::time_t>(notBefore);
    ok = ok && X509_time_adj_ex(X509_getm_notBefore(x.get()), 0, 0, &from) != nullptr &&
         X509_time_adj_ex(X509_getm_notAfter(x.get()), 365, 0, &from) != nullptr;

    X509_NAME* name = X509_get_subject_name(x.get());
    auto addName = [&](const char* field, const char* value) {
        return X509_NAME_add_entry_by_txt(name, field, MBSTRING_ASC,
                                          reinterpret_cast<const unsigned char*>(value), -1, -1, 0) == 1;
    };
    ok = ok && addName("CN", "mailscope") && addName("O", "mailscope") &&
         X509_set_issuer_name(x.get(), name) == 1 && X509_set_pubkey(x.get(), key.get()) == 1;

    ok = ok && addExtension(x.get(), NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1") &&
         addExtension(x.get(), NID_basic_constraints, "critical,CA:FALSE") &&
         addExtension(x.get(), NID_key_usage, "critical,digitalSignature") &&
         addExtension(x.get(), NID_ext_key_usage, "serverAuth") &&
         X509_sign(x.get(), key.get(), EVP_sha256()) > 0;

    BioPtr certBio(BIO_new(BIO_s_mem()));
    BioPtr keyBio(BIO_new(BIO_s_mem()));
    ok = ok && certBio && keyBio && PEM_write_bio_X509(certBio.get(), x.get()) == 1 &&
         PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1;
    if (!ok) {
        ERR_clear_error();
        return {};
    }
    return {bioContents(certBio.get()), bioContents(keyBio.get())};
}

std::string fingerprintSha256(std::string_view certPem) {
    X509Ptr x = readCertificate(certPem);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!x || X509_digest(x.get(), EVP_sha256(), digest, &length) != 1) return {};
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        if (i) out += ':';
        out += kHex[digest[i] >> 4];
        out += kHex[digest[i] & 0xF];
    }
    return out;
}

std::optional<Certificate> loadFiles(const std::filesystem::path& cert, const std::filesystem::path& key,
                                     std::string& error) {
    Certificate c;
    if (!readFile(cert, c.certPem, error) || !readFile(key, c.keyPem, error)) return std::nullopt;
    X509Ptr x = readCertificate(c.certPem);
    if (!x) {
        error = cert.string() + ": not a PEM certificate";
        return std::nullopt;
    }
    PkeyPtr k = readPrivateKey(c.keyPem);
    if (!k) {
        error = key.string() + ": not an unencrypted PEM private key";
        return std::nullopt;
    }
    if (X509_check_private_key(x.get(), k.get()) != 1) {
        ERR_clear_error();
        error = key.string() + ": the key does not match the certificate " + cert.string();
        return std::nullopt;
    }
    return c;
}

std::optional<Certificate> loadOrCreate(const std::filesystem::path& dir, std::int64_t now, std::string& error) {
    namespace fs = std::filesystem;
    const fs::path certPath = dir / "cert.pem";
    const fs::path keyPath = dir / "key.pem";
    std::error_code ec;
    bool haveCert = fs::exists(certPath, ec);
    bool haveKey = fs::exists(keyPath, ec);
    if (haveCert && haveKey) return loadFiles(certPath, keyPath, error);
    if (haveCert != haveKey) {
        const fs::path& missing = haveCert ? keyPath : certPath;
        const fs::path& present = haveCert ? certPath : keyPath;
        error = missing.string() + ": missing (while " + present.string() +
                " exists); remove it or restore the pair";
        return std::nullopt;
    }

    if (!fs::is_directory(dir, ec)) {
        if (dir.has_parent_path()) fs::create_directories(dir.parent_path(), ec);
        if (::mkdir(dir.c_str(), 0700) != 0 && !(errno == EEXIST && fs::is_directory(dir, ec))) {
            error = dir.string() + ": cannot create directory: " + std::strerror(errno);
            return std::nullopt;
        }
    }
    Certificate c = makeSelfSigned(now - kBackdate);
    if (c.certPem.empty()) {
        error = certPath.string() + ": cannot make a certificate: " + takeErrorQueue();
        return std::nullopt;
    }
    if (!writeNewFile(keyPath, c.keyPem, 0600, error)) return std::nullopt;
    if (!writeNewFile(certPath, c.certPem, 0644, error)) {
        fs::remove(keyPath, ec);  // never leave half a pair behind
        return std::nullopt;
    }
    return c;
}

std::filesystem::path configDirectory() {
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    if (xdg && *xdg && std::filesystem::path(xdg).is_absolute()) return std::filesystem::path(xdg) / "mailscope";
    const char* home = std::getenv("HOME");
    if (home && *home) return std::filesystem::path(home) / ".config" / "mailscope";
    return {};
}

// [SECTION] Context

Context::~Context() { SSL_CTX_free(static_cast<SSL_CTX*>(m_ctx)); }

std::shared_ptr<Context> Context::server(const Certificate& certificate, std::string& error) {
    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx) {
        error = "cannot create a TLS server context: " + takeErrorQueue();
        return nullptr;
    }
    std::shared_ptr<Context> context(new Context(ctx));
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);

    std::vector<X509Ptr> chain = readCertificates(certificate.certPem);
    PkeyPtr key = readPrivateKey(certificate.keyPem);
    if (chain.empty()) {
        error = "the certificate is not PEM";
        return nullptr;
    }
    if (!key) {
        error = "the private key is not unencrypted PEM";
        return nullptr;
    }
    bool ok = SSL_CTX_use_certificate(ctx, chain.front().get()) == 1;
    for (std::size_t i = 1; ok && i < chain.size(); ++i) ok = SSL_CTX_add1_chain_cert(ctx, chain[i].get()) == 1;
    if (!ok) {
        error = "cannot use the certificate: " + takeErrorQueue();
        return nullptr;
    }
    if (SSL_CTX_use_PrivateKey(ctx, key.get()) != 1 || SSL_CTX_check_private_key(ctx) != 1) {
        error = "the private key does not match the certificate: " + takeErrorQueue();
        return nullptr;
    }
    return context;
}

std::shared_ptr<Context> Context::client(std::optional<std::string> trustedCertPem) {
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx) {
        ERR_clear_error();
        return nullptr;
    }
    std::shared_ptr<Context> context(new Context(ctx));
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    if (!trustedCertPem) {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
        return context;
    }
    X509_STORE* store = SSL_CTX_get_cert_store(ctx);
    for (const X509Ptr& x : readCertificates(*trustedCertPem)) X509_STORE_add_cert(store, x.get());
    ERR_clear_error();
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
    return context;
}

// [SECTION] Connection

Connection::Connection(std::shared_ptr<Context> context, Role role) : m_context(std::move(context)) {
    if (!m_context) {
        m_error = "no TLS context";
        return;
    }
    SSL* ssl = SSL_new(ctxOf(m_context));
    BIO* in = BIO_new(BIO_s_mem());
    BIO* out = BIO_new(BIO_s_mem());
    if (!ssl || !in || !out) {
        m_error = "cannot create a TLS connection: " + takeErrorQueue();
        SSL_free(ssl);
        BIO_free(in);
        BIO_free(out);
        return;
    }
    // An empty read BIO means "wait for more", not end of stream.
    BIO_set_mem_eof_return(in, -1);
    BIO_set_mem_eof_return(out, -1);
    SSL_set_bio(ssl, in, out);  // the SSL owns both BIOs from here
    m_ssl = ssl;
    m_in = in;
    m_out = out;
    if (role == Role::Server)
        SSL_set_accept_state(ssl);
    else
        SSL_set_connect_state(ssl);
    pump();  // a client's ClientHello is ready at once
}

Connection::~Connection() { SSL_free(static_cast<SSL*>(m_ssl)); }

void Connection::feedCiphertext(std::string_view bytes) {
    if (!m_ssl || failed()) return;
    auto* in = static_cast<BIO*>(m_in);
    while (!bytes.empty()) {
        int chunk = static_cast<int>(std::min<std::size_t>(bytes.size(), INT_MAX));
        int n = BIO_write(in, bytes.data(), chunk);
        if (n <= 0) {
            m_error = "cannot buffer ciphertext: " + takeErrorQueue();
            return;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    pump();
}

std::string Connection::takeCiphertext() {
    std::string out;
    if (!m_out) return out;
    auto* bio = static_cast<BIO*>(m_out);
    char buf[16384];
    int n;
    while ((n = BIO_read(bio, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
    return out;
}

void Connection::writePlaintext(std::string_view bytes) {
    if (m_closed || failed()) return;
    m_pendingPlain.append(bytes);
    pump();
}

std::string Connection::readPlaintext() { return std::exchange(m_plainIn, {}); }

void Connection::close() {
    if (m_closed || failed() || !m_ssl) return;
    m_closed = true;  // close_notify follows the plaintext already written (pump)
    pump();
}

std::string Connection::description() const {
    if (!m_handshakeDone || !m_ssl) return {};
    auto* ssl = static_cast<SSL*>(m_ssl);
    return std::string(SSL_get_version(ssl)) + " " + SSL_get_cipher_name(ssl);
}

// Runs OpenSSL until it needs more ciphertext: the handshake, then decryption of whatever
// arrived, then encryption of plaintext waiting to go, then close_notify if close() asked.
void Connection::pump() {
    if (!m_ssl || failed()) return;
    auto* ssl = static_cast<SSL*>(m_ssl);
    ERR_clear_error();
    if (!m_handshakeDone) {
        int r = SSL_do_handshake(ssl);
        if (r != 1) {
            int e = SSL_get_error(ssl, r);
            if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) fail(e);
            return;
        }
        m_handshakeDone = true;
    }
    char buf[16384];
    while (!m_peerClosed) {
        int n = SSL_read(ssl, buf, sizeof buf);
        if (n > 0) {
            m_plainIn.append(buf, static_cast<std::size_t>(n));
            continue;
        }
        int e = SSL_get_error(ssl, n);
        if (e == SSL_ERROR_ZERO_RETURN) {
            m_peerClosed = true;
        } else if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
            break;
        } else {
            fail(e);
            return;
        }
    }
    while (!m_pendingPlain.empty()) {
        int chunk = static_cast<int>(std::min<std::size_t>(m_pendingPlain.size(), INT_MAX));
        int n = SSL_write(ssl, m_pendingPlain.data(), chunk);
        if (n <= 0) {
            int e = SSL_get_error(ssl, n);
            if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) fail(e);
            return;
        }
        m_pendingPlain.erase(0, static_cast<std::size_t>(n));
    }
    if (m_closed && !m_shutdownSent) {
        SSL_shutdown(ssl);  // 0: close_notify sent, the peer's may come later
        ERR_clear_error();
        m_shutdownSent = true;
    }
}

void Connection::fail(int sslError) {
    std::string text = takeErrorQueue();
    if (text.empty()) {
        text = sslError == SSL_ERROR_SYSCALL ? "TLS error: the record stream ended unexpectedly"
                                             : "TLS error " + std::to_string(sslError);
    }
    auto* ssl = static_cast<SSL*>(m_ssl);
    long verify = SSL_get_verify_result(ssl);
    if (verify != X509_V_OK && !SSL_is_server(ssl))
        text += std::string(" (") + X509_verify_cert_error_string(verify) + ")";
    m_error = std::move(text);
    m_pendingPlain.clear();
}

}  // namespace mailscope::tls
