"""Python's poplib and imaplib against `mailscope serve`: plaintext, STLS / STARTTLS
(RFC 2595, RFC 3501 6.2.1) and implicit TLS (RFC 8314), with the server's own certificate
trusted; --require-tls, --show-secrets, --accounts and --cert/--key."""

import imaplib
import os
import pathlib
import poplib
import re
import signal
import subprocess

from serve_fixture import HOST, Raw, Server, fingerprint_of_der, main

SUBJECTS = ["interop one", "interop two", "interop three"]


def check_pop3(client):
    """Logs in as alice and checks the three messages, byte for byte where it counts."""
    client.user("alice")
    client.pass_("alice123")
    count, size = client.stat()
    assert count == 3, f"STAT said {count} messages"
    listing = client.list()[1]
    assert sum(int(entry.split()[1]) for entry in listing) == size
    _, lines, octets = client.retr(2)
    text = b"\r\n".join(lines)
    assert b"Subject: interop two" in text, text
    assert b".leading dot line" in lines, "dot-stuffing was not undone: " + repr(lines)
    assert octets >= len(text)
    uidls = [entry.split()[1] for entry in client.uidl()[1]]
    assert len(set(uidls)) == 3, uidls
    client.quit()


def check_imap(client):
    client.login("alice", "alice123")
    typ, data = client.select("INBOX")
    assert typ == "OK" and data == [b"3"], (typ, data)
    typ, data = client.fetch("2", "(RFC822 FLAGS)")
    assert typ == "OK", data
    assert b"Subject: interop two" in data[0][1], data
    typ, data = client.uid("SEARCH", None, "SUBJECT", '"interop three"')
    assert typ == "OK" and data[0].split() == [b"3"], data
    client.logout()


def test_pop3_plain_stls_and_implicit_tls(binary, workdir):
    with Server(binary, workdir) as server:
        check_pop3(poplib.POP3(HOST, server.pop3, timeout=10))

        stls = poplib.POP3(HOST, server.pop3, timeout=10)
        assert "STLS" in stls.capa(), stls.capa()
        stls.stls(context=server.tls_context())  # verifies the certificate against cert.pem
        check_pop3(stls)

        implicit = poplib.POP3_SSL(HOST, server.pop3s, timeout=10, context=server.tls_context())
        der = implicit.sock.getpeercert(binary_form=True)
        assert fingerprint_of_der(der) == server.fingerprint(), "the banner's fingerprint is not the served one"
        check_pop3(implicit)
        log = server.log()
    # The transcript shows each session's lines, the password masked.
    assert re.search(r"\[pop3 \d+\] C: USER alice", log), log
    assert re.search(r"\[pop3 \d+\] C: PASS \*{8}", log), log
    assert not re.search(r"C: PASS alice123", log)
    assert "TLS established" in log


def test_imap_plain_starttls_and_implicit_tls(binary, workdir):
    with Server(binary, workdir) as server:
        check_imap(imaplib.IMAP4(HOST, server.imap, timeout=10))

        starttls = imaplib.IMAP4(HOST, server.imap, timeout=10)
        assert "STARTTLS" in starttls.capabilities, starttls.capabilities
        starttls.starttls(ssl_context=server.tls_context())
        assert "STARTTLS" not in starttls.capabilities
        check_imap(starttls)

        implicit = imaplib.IMAP4_SSL(HOST, server.imaps, ssl_context=server.tls_context(), timeout=10)
        assert fingerprint_of_der(implicit.sock.getpeercert(binary_form=True)) == server.fingerprint()
        check_imap(implicit)
        log = server.log()
    assert re.search(r"\[imap \d+\] C: \w+ LOGIN alice \*{8}", log), log
    assert not re.search(r"C: .*alice123", log)
    assert re.search(r"\[imap \d+\] S: \w+ OK", log)


def test_require_tls_refuses_plaintext_login(binary, workdir):
    with Server(binary, workdir, ["--require-tls"]) as server:
        pop = poplib.POP3(HOST, server.pop3, timeout=10)
        try:
            pop.user("alice")
            pop.pass_("alice123")
            raise AssertionError("POP3 plaintext login was accepted under --require-tls")
        except poplib.error_proto as e:
            assert b"-ERR" in e.args[0], e
        pop.quit()
        pop = poplib.POP3(HOST, server.pop3, timeout=10)
        pop.stls(context=server.tls_context())
        check_pop3(pop)

        imap = imaplib.IMAP4(HOST, server.imap, timeout=10)
        assert "LOGINDISABLED" in imap.capabilities, imap.capabilities
        try:
            imap.login("alice", "alice123")
            raise AssertionError("IMAP plaintext login was accepted under --require-tls")
        except imaplib.IMAP4.error:
            pass
        imap.starttls(ssl_context=server.tls_context())
        assert "LOGINDISABLED" not in imap.capabilities
        check_imap(imap)

        # Implicit TLS is secure from the start: logins work there.
        check_imap(imaplib.IMAP4_SSL(HOST, server.imaps, ssl_context=server.tls_context(), timeout=10))


def test_show_secrets_and_sigterm(binary, workdir):
    with Server(binary, workdir, ["--show-secrets"]) as server:
        check_imap(imaplib.IMAP4(HOST, server.imap, timeout=10))
        server.stop(signal.SIGTERM)  # exits 0 on SIGTERM too
        log = server.log()
    assert re.search(r'C: \w+ LOGIN alice "?alice123"?', log), log


def test_shutdown_says_goodbye_to_open_sessions(binary, workdir):
    with Server(binary, workdir) as server:
        imap = Raw(server.imap)
        imap.line()
        imap.send("a LOGIN alice alice123\r\nb SELECT INBOX\r\nc IDLE\r\n")
        while not imap.line().startswith("+ "):
            pass
        imaps = Raw(server.imaps, tls_context=server.tls_context())
        imaps.line()
        pop = Raw(server.pop3)
        pop.line()
        pop.send("USER alice\r\nPASS alice123\r\n")
        pop.line(), pop.line()
        server.stop(signal.SIGINT)  # exits 0
        assert imap.line() == "* BYE mailscope is shutting down"
        assert imaps.line() == "* BYE mailscope is shutting down"
        assert pop.line() == "-ERR mailscope is shutting down"
        for raw in (imap, imaps, pop):
            assert raw.closed_by_server(5)
            raw.close()


def test_demo_accounts_by_default(binary, workdir):
    with Server(binary, workdir, mail_count=0) as server:
        banner = server.log()
        assert "alice / alice123" in banner and "bob / bob123" in banner, banner
        bob = imaplib.IMAP4(HOST, server.imap, timeout=10)
        bob.login("bob", "bob123")
        typ, data = bob.select("INBOX")
        assert typ == "OK" and int(data[0]) >= 1, data
        bob.logout()
        wrong = imaplib.IMAP4(HOST, server.imap, timeout=10)
        try:
            wrong.login("alice", "wrong")
            raise AssertionError("a wrong password was accepted")
        except imaplib.IMAP4.error as e:
            assert "AUTHENTICATIONFAILED" in str(e), e
        wrong.logout()


def test_accounts_file_and_own_certificate(binary, workdir):
    work = pathlib.Path(workdir)
    accounts = work / "accounts.toml"
    accounts.write_text('# a class of two\n[[account]]\nuser = "carol"\npassword = "carol123"\n\n'
                        '[[account]]\nuser = "dave"\npassword = "dave123"\n')
    # First run: makes the self-signed certificate; second run: loads it with --cert/--key.
    with Server(binary, work / "first") as first:
        made = first.fingerprint()
    cert_dir = work / "first" / "config" / "mailscope"
    assert (cert_dir / "key.pem").stat().st_mode & 0o077 == 0, "key.pem is readable by others"
    args = ["--accounts", str(accounts), "--cert", str(cert_dir / "cert.pem"), "--key", str(cert_dir / "key.pem")]
    with Server(binary, work / "second", args) as server:
        assert server.fingerprint() == made
        assert "carol" in server.log() and "carol123" not in server.log()  # file passwords are not printed
        carol = poplib.POP3(HOST, server.pop3, timeout=10)
        carol.user("carol")
        carol.pass_("carol123")
        assert carol.stat()[0] == 3  # --mail delivers to every account
        carol.quit()
        alice = imaplib.IMAP4(HOST, server.imap, timeout=10)
        try:
            alice.login("alice", "alice123")
            raise AssertionError("alice exists although --accounts replaced the demo accounts")
        except imaplib.IMAP4.error:
            pass
        alice.logout()


def test_bad_options_and_account_files(binary, workdir):
    def serve(*args):
        result = subprocess.run([binary, "serve", *args], capture_output=True, timeout=30,
                                env=dict(os.environ, XDG_CONFIG_HOME=workdir))
        return result.returncode, result.stderr.decode(errors="replace")

    code, err = serve("--pop3-port", "70000")
    assert code == 2 and "--pop3-port" in err and "70000" in err, (code, err)
    code, err = serve("--cert", "only-a-cert.pem")
    assert code == 2 and "--cert requires --key" in err, (code, err)
    work = pathlib.Path(workdir)
    cases = {
        '[[account]]\nuser = "carol"\npassword = "c"\n\n[[account]]\nuser = "dave"\npasswrd = "d"\n':
            r"accounts\.toml:7:1: unknown key 'passwrd'",
        '[[account]]\nuser = "carol"\npassword = "c"\n\n[[account]]\nuser = "carol"\npassword = "c"\n':
            r"accounts\.toml:6:8: account 'carol' is defined twice",
        '[[account]]\nuser = "carol\npassword = "c"\n': r"accounts\.toml:2:\d+: ",  # a TOML syntax error
    }
    for text, expected in cases.items():
        (work / "accounts.toml").write_text(text)
        code, err = serve("--accounts", str(work / "accounts.toml"))
        assert code == 1 and re.search(expected, err), (code, err, expected)


if __name__ == "__main__":
    main([test_pop3_plain_stls_and_implicit_tls, test_imap_plain_starttls_and_implicit_tls,
          test_require_tls_refuses_plaintext_login, test_show_secrets_and_sigterm,
          test_shutdown_says_goodbye_to_open_sessions,
          test_demo_accounts_by_default,
          test_accounts_file_and_own_certificate, test_bad_options_and_account_files])
