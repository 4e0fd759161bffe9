// Self-signed certificates (RFC 5280 fields), SHA-256 fingerprints, and the cert.pem /
// key.pem pair kept in the config directory.
#include <doctest/doctest.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>

#include "protocols/tls/tls.h"

using namespace mailscope;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kNotBefore = 1'700'000'000;  // 2023-11-14 22:13:20 UTC

struct X509Free {
    void operator()(X509* x) const { X509_free(x); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

X509Ptr parse(const std::string& pem) {
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    X509Ptr x(PEM_read_bio_X509(bio, nullptr, nullptr, nullptr));
    BIO_free(bio);
    return x;
}

// SHA-256 over the DER bytes, computed here without X509_digest.
std::string derSha256Hex(X509* x) {
    unsigned char* der = nullptr;
    int len = i2d_X509(x, &der);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdLen = 0;
    EVP_Digest(der, static_cast<std::size_t>(len), md, &mdLen, EVP_sha256(), nullptr);
    OPENSSL_free(der);
    std::string hex;
    char buf[4];
    for (unsigned int i = 0; i < mdLen; ++i) {
        std::snprintf(buf, sizeof buf, i ? ":%02X" : "%02X", md[i]);
        hex += buf;
    }
    return hex;
}

unsigned modeOf(const fs::path& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void spit(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

// A fresh directory under the system temp dir, removed afterwards.
struct TempDir {
    fs::path path;
    TempDir() {
        static int counter = 0;
        path = fs::temp_directory_path() /
               ("mailscope-tls-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

const tls::Certificate& sharedCert() {
    static const tls::Certificate cert = tls::makeSelfSigned(kNotBefore);
    return cert;
}

}  // namespace

TEST_SUITE("tls") {
    TEST_CASE("a self-signed certificate has the promised fields") {
        const tls::Certificate& cert = sharedCert();
        REQUIRE(cert.certPem.rfind("-----BEGIN CERTIFICATE-----", 0) == 0);
        REQUIRE(cert.keyPem.rfind("-----BEGIN PRIVATE KEY-----", 0) == 0);
        X509Ptr x = parse(cert.certPem);
        REQUIRE(x);

        SUBCASE("version, names, validity, signature") {
            CHECK(X509_get_version(x.get()) == X509_VERSION_3);
            char cn[64] = {};
            X509_NAME_get_text_by_NID(X509_get_subject_name(x.get()), NID_commonName, cn, sizeof cn);
            CHECK(std::string(cn) == "mailscope");
            char org[64] = {};
            X509_NAME_get_text_by_NID(X509_get_subject_name(x.get()), NID_organizationName, org, sizeof org);
            CHECK(std::string(org) == "mailscope");
            CHECK(X509_NAME_cmp(X509_get_subject_name(x.get()), X509_get_issuer_name(x.get())) == 0);
            CHECK(ASN1_TIME_cmp_time_t(X509_get0_notBefore(x.get()), kNotBefore) == 0);
            CHECK(ASN1_TIME_cmp_time_t(X509_get0_notAfter(x.get()), kNotBefore + 365 * 86400) == 0);
            CHECK(X509_get_signature_nid(x.get()) == NID_ecdsa_with_SHA256);
            CHECK(X509_verify(x.get(), X509_get0_pubkey(x.get())) == 1);  // really self-signed
            const ASN1_INTEGER* serial = X509_get0_serialNumber(x.get());
            CHECK(ASN1_INTEGER_get(serial) != 0);
        }
        SUBCASE("subjectAltName holds localhost and 127.0.0.1") {
            auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(x.get(), NID_subject_alt_name, nullptr, nullptr));
            REQUIRE(names);
            std::set<std::string> seen;
            for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
                const GENERAL_NAME* n = sk_GENERAL_NAME_value(names, i);
                if (n->type == GEN_DNS) {
                    seen.insert("DNS:" + std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(n->d.dNSName)),
                                                     static_cast<std::size_t>(ASN1_STRING_length(n->d.dNSName))));
                } else if (n->type == GEN_IPADD) {
                    const unsigned char* ip = ASN1_STRING_get0_data(n->d.iPAddress);
                    if (ASN1_STRING_length(n->d.iPAddress) == 4)
                        seen.insert("IP:" + std::to_string(ip[0]) + "." + std::to_string(ip[1]) + "." +
                                    std::to_string(ip[2]) + "." + std::to_string(ip[3]));
                }
            }
            GENERAL_NAMES_free(names);
            CHECK(seen == std::set<std::string>{"DNS:localhost", "IP:127.0.0.1"});
            CHECK(X509_check_host(x.get(), "localhost", 0, 0, nullptr) == 1);
            CHECK(X509_check_ip_asc(x.get(), "127.0.0.1", 0) == 1);
        }
        SUBCASE("a server certificate, not a CA") {
            CHECK(X509_check_ca(x.get()) == 0);
            auto* bc = static_cast<BASIC_CONSTRAINTS*>(X509_get_ext_d2i(x.get(), NID_basic_constraints, nullptr, nullptr));
            REQUIRE(bc);
            CHECK(bc->ca == 0);
            BASIC_CONSTRAINTS_free(bc);
            const int at = X509_get_ext_by_NID(x.get(), NID_basic_constraints, -1);
            REQUIRE(at >= 0);
            CHECK(X509_EXTENSION_get_critical(X509_get_ext(x.get(), at)) == 1);
            CHECK(X509_get_key_usage(x.get()) == KU_DIGITAL_SIGNATURE);
            CHECK((X509_get_extended_key_usage(x.get()) & XKU_SSL_SERVER) != 0);
            CHECK(X509_check_purpose(x.get(), X509_PURPOSE_SSL_SERVER, 0) == 1);
        }
        SUBCASE("the key is EC P-256 and belongs to the certificate") {
            EVP_PKEY* key = X509_get0_pubkey(x.get());
            REQUIRE(key);
            CHECK(EVP_PKEY_is_a(key, "EC"));
            char group[64] = {};
            std::size_t len = 0;
            REQUIRE(EVP_PKEY_get_group_name(key, group, sizeof group, &len) == 1);
            CHECK(std::string(group) == "prime256v1");
            BIO* bio = BIO_new_mem_buf(cert.keyPem.data(), static_cast<int>(cert.keyPem.size()));
            EVP_PKEY* priv = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
            BIO_free(bio);
            REQUIRE(priv);
            CHECK(X509_check_private_key(x.get(), priv) == 1);
            EVP_PKEY_free(priv);
        }
        SUBCASE("two certificates differ in key and serial") {
            const tls::Certificate other = tls::makeSelfSigned(kNotBefore);
            X509Ptr y = parse(other.certPem);
            REQUIRE(y);
            CHECK(other.keyPem != cert.keyPem);
            CHECK(ASN1_INTEGER_cmp(X509_get0_serialNumber(x.get()), X509_get0_serialNumber(y.get())) != 0);
        }
    }

    TEST_CASE("fingerprints are SHA-256 over the DER, uppercase hex with colons") {
        const std::string fp = tls::fingerprintSha256(sharedCert().certPem);
        REQUIRE(fp.size() == 95);  // 32 bytes: 64 hex digits and 31 colons
        for (std::size_t i = 0; i < fp.size(); ++i) {
            CAPTURE(i);
            if (i % 3 == 2)
                CHECK(fp[i] == ':');
            else
                CHECK(std::string("0123456789ABCDEF").find(fp[i]) != std::string::npos);
        }
        X509Ptr x = parse(sharedCert().certPem);
        REQUIRE(x);
        CHECK(fp == derSha256Hex(x.get()));
        CHECK(tls::fingerprintSha256(tls::makeSelfSigned(kNotBefore).certPem) != fp);
        CHECK(tls::fingerprintSha256("") == "");
        CHECK(tls::fingerprintSha256("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n") == "");
        CHECK(tls::fingerprintSha256(sharedCert().keyPem) == "");
    }

    TEST_CASE("loadOrCreate makes the pair once, then loads it") {
        TempDir tmp;
        const fs::path dir = tmp.path / "config" / "mailscope";
        std::string error;
        const mode_t savedMask = ::umask(077);  // the modes must not depend on the umask
        auto first = tls::loadOrCreate(dir, kNotBefore, error);
        ::umask(savedMask);
        REQUIRE_MESSAGE(first, error);
        CHECK(modeOf(dir) == 0700);
        CHECK(modeOf(dir / "key.pem") == 0600);
        CHECK(modeOf(dir / "cert.pem") == 0644);
        CHECK(slurp(dir / "cert.pem") == first->certPem);
        X509Ptr x = parse(first->certPem);
        REQUIRE(x);
        CHECK(ASN1_TIME_cmp_time_t(X509_get0_notBefore(x.get()), kNotBefore - 86400) == 0);
        CHECK(slurp(dir / "key.pem") == first->keyPem);

        auto second = tls::loadOrCreate(dir, kNotBefore + 1000, error);
        REQUIRE_MESSAGE(second, error);
        CHECK(tls::fingerprintSha256(second->certPem) == tls::fingerprintSha256(first->certPem));
        CHECK(second->keyPem == first->keyPem);

        std::string serverError;
        CHECK(tls::Context::server(*second, serverError));
        CHECK(serverError.empty());
    }

    TEST_CASE("loadOrCreate refuses broken or half pairs and never overwrites them") {
        TempDir tmp;
        const fs::path dir = tmp.path;
        std::string error;
        REQUIRE(tls::loadOrCreate(dir, kNotBefore, error));
        const std::string keyPem = slurp(dir / "key.pem");

        SUBCASE("corrupted cert.pem") {
            spit(dir / "cert.pem", "-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n");
            CHECK_FALSE(tls::loadOrCreate(dir, kNotBefore, error));
            CHECK(error.find((dir / "cert.pem").string()) != std::string::npos);
            CHECK(slurp(dir / "cert.pem").find("garbage") != std::string::npos);
            CHECK(slurp(dir / "key.pem") == keyPem);
        }
        SUBCASE("corrupted key.pem") {
            spit(dir / "key.pem", "not a key");
            CHECK_FALSE(tls::loadOrCreate(dir, kNotBefore, error));
            CHECK(error.find((dir / "key.pem").string()) != std::string::npos);
        }
        SUBCASE("key.pem missing") {
            fs::remove(dir / "key.pem");
            CHECK_FALSE(tls::loadOrCreate(dir, kNotBefore, error));
            CHECK(error.find("key.pem") != std::string::npos);
            CHECK_FALSE(fs::exists(dir / "key.pem"));
        }
        SUBCASE("cert.pem missing") {
            fs::remove(dir / "cert.pem");
            CHECK_FALSE(tls::loadOrCreate(dir, kNotBefore, error));
            CHECK(error.find("cert.pem") != std::string::npos);
            CHECK_FALSE(fs::exists(dir / "cert.pem"));
        }
        SUBCASE("the key of another pair") {
            spit(dir / "key.pem", tls::makeSelfSigned(kNotBefore).keyPem);
            CHECK_FALSE(tls::loadOrCreate(dir, kNotBefore, error));
            CHECK(error.find("does not match") != std::string::npos);
        }
    }

    TEST_CASE("loadFiles checks both files and that they match") {
        TempDir tmp;
        const tls::Certificate other = tls::makeSelfSigned(kNotBefore);
        spit(tmp.path / "cert.pem", sharedCert().certPem);
        spit(tmp.path / "key.pem", sharedCert().keyPem);
        spit(tmp.path / "other-key.pem", other.keyPem);
        std::string error;

        auto ok = tls::loadFiles(tmp.path / "cert.pem", tmp.path / "key.pem", error);
        REQUIRE_MESSAGE(ok, error);
        CHECK(ok->certPem == sharedCert().certPem);
        CHECK(ok->keyPem == sharedCert().keyPem);

        CHECK_FALSE(tls::loadFiles(tmp.path / "cert.pem", tmp.path / "other-key.pem", error));
        CHECK(error.find("other-key.pem") != std::string::npos);
        CHECK(error.find("does not match") != std::string::npos);

        CHECK_FALSE(tls::loadFiles(tmp.path / "missing.pem", tmp.path / "key.pem", error));
        CHECK(error.find("missing.pem") != std::string::npos);

        CHECK_FALSE(tls::loadFiles(tmp.path / "key.pem", tmp.path / "key.pem", error));
        CHECK(error.find("not a PEM certificate") != std::string::npos);
    }

    TEST_CASE("a chain file: the server sends the leaf and the rest of the chain") {
        // cert.pem as fullchain.pem: the leaf first, then another certificate.
        tls::Certificate chain = sharedCert();
        chain.certPem += tls::makeSelfSigned(kNotBefore).certPem;
        std::string error;
        CHECK_MESSAGE(tls::Context::server(chain, error), error);
    }

    TEST_CASE("a server context refuses a bad pair") {
        std::string error;
        tls::Certificate mismatched{sharedCert().certPem, tls::makeSelfSigned(kNotBefore).keyPem};
        CHECK_FALSE(tls::Context::server(mismatched, error));
        CHECK(error.find("does not match") != std::string::npos);
        error.clear();
        CHECK_FALSE(tls::Context::server({"junk", sharedCert().keyPem}, error));
        CHECK_FALSE(error.empty());
        error.clear();
        CHECK_FALSE(tls::Context::server({sharedCert().certPem, "junk"}, error));
        CHECK_FALSE(error.empty());
    }

    TEST_CASE("configDirectory follows XDG_CONFIG_HOME, then HOME") {
        auto saved = [](const char* name) -> std::optional<std::string> {
            const char* v = std::getenv(name);
            return v ? std::optional<std::string>(v) : std::nullopt;
        };
        const auto xdg = saved("XDG_CONFIG_HOME");
        const auto home = saved("HOME");

        ::setenv("HOME", "/home/alice", 1);
        ::setenv("XDG_CONFIG_HOME", "/srv/cfg", 1);
        CHECK(tls::configDirectory() == fs::path("/srv/cfg/mailscope"));
        ::setenv("XDG_CONFIG_HOME", "", 1);
        CHECK(tls::configDirectory() == fs::path("/home/alice/.config/mailscope"));
        ::setenv("XDG_CONFIG_HOME", "relative/cfg", 1);  // the XDG spec says: ignore it
        CHECK(tls::configDirectory() == fs::path("/home/alice/.config/mailscope"));
        ::unsetenv("XDG_CONFIG_HOME");
        CHECK(tls::configDirectory() == fs::path("/home/alice/.config/mailscope"));

        auto restore = [](const char* name, const std::optional<std::string>& v) {
            if (v)
                ::setenv(name, v->c_str(), 1);
            else
                ::unsetenv(name);
        };
        restore("XDG_CONFIG_HOME", xdg);
        restore("HOME", home);
    }
}
