"""mbsync (isync) against `mailscope serve` (RFC 3501): an account synchronised to a local
Maildir, and on the next run a flag change made by another IMAP session (and one made
locally, the other way round)."""

import imaplib
import re
import subprocess

from serve_fixture import HOST, Server, main, require_programs


def write_config(server, maildir, security):
    """security: "None" (plaintext LOGIN), "STARTTLS" or "IMAPS" (verified against cert.pem)."""
    port = server.imaps if security == "IMAPS" else server.imap
    tls = "SSLType None\nAuthMechs LOGIN\n" if security == "None" else (
        f"SSLType {security}\nCertificateFile {server.cert_path}\n")
    config = server.home / "mbsyncrc"
    config.write_text(
        f"IMAPAccount alice\nHost {HOST}\nPort {port}\nUser alice\nPass alice123\n{tls}Timeout 15\n\n"
        "IMAPStore alice-remote\nAccount alice\n\n"
        f"MaildirStore alice-local\nPath {maildir}/\nInbox {maildir}/INBOX\n\n"
        "Channel alice\nFar :alice-remote:\nNear :alice-local:\nPatterns INBOX\nCreate Near\nSyncState *\n")
    return config


def mbsync(server, config):
    result = subprocess.run(["mbsync", "-c", str(config), "alice"], capture_output=True, timeout=60, env=server.env)
    output = (result.stdout + result.stderr).decode(errors="replace")
    assert result.returncode == 0, f"mbsync exited {result.returncode}:\n{output}"


def maildir_messages(maildir):
    """{uid: (path, flags)} of the Maildir INBOX (file names "...,U=<uid>:2,<flags>")."""
    found = {}
    for sub in ("cur", "new"):
        for path in (maildir / "INBOX" / sub).glob("*"):
            m = re.search(r",U=(\d+)(?::2,([A-Z]*))?$", path.name)
            assert m, f"unexpected Maildir file name {path.name}"
            found[int(m.group(1))] = (path, m.group(2) or "")
    return found


def imap_session(server):
    c = imaplib.IMAP4(HOST, server.imap, timeout=10)
    c.login("alice", "alice123")
    c.select("INBOX")
    return c


def sync_and_change_flags(binary, workdir, security):
    with Server(binary, workdir) as server:
        maildir = server.home / "Maildir"
        maildir.mkdir()  # mbsync creates the mailboxes, not the store's directory
        config = write_config(server, maildir, security)
        mbsync(server, config)
        first = maildir_messages(maildir)
        assert sorted(first) == [1, 2, 3], first
        assert "Subject: interop two" in first[2][0].read_text()
        assert all("F" not in flags for _, flags in first.values()), first

        # Another session flags message 2 on the server.
        other = imap_session(server)
        typ, data = other.uid("STORE", "2", "+FLAGS", r"(\Flagged)")
        assert typ == "OK", data
        # The local side marks message 1 as answered (Maildir flag R).
        path, flags = first[1]
        path.rename(path.with_name(re.sub(r":2,[A-Z]*$", "", path.name) + ":2," + "".join(sorted(flags + "R"))))

        mbsync(server, config)
        second = maildir_messages(maildir)
        assert sorted(second) == [1, 2, 3], second
        assert "F" in second[2][1], f"the server's \\Flagged did not reach the Maildir: {second[2][0].name}"
        assert "F" not in second[1][1] and "F" not in second[3][1], second
        typ, data = other.uid("FETCH", "1", "(FLAGS)")
        assert typ == "OK" and b"\\Answered" in data[0], f"the local R flag did not reach the server: {data}"
        other.logout()
        log = server.log()
    assert re.search(r"\[imap \d+\] C: \S+ LOGIN \"?alice\"? \*{8}", log) or security != "None", log


def test_plaintext_login(binary, workdir):
    sync_and_change_flags(binary, workdir, "None")


def test_starttls_with_verified_certificate(binary, workdir):
    sync_and_change_flags(binary, workdir, "STARTTLS")


def test_implicit_tls(binary, workdir):
    sync_and_change_flags(binary, workdir, "IMAPS")


if __name__ == "__main__":
    require_programs("mbsync")
    main([test_plaintext_login, test_starttls_with_verified_certificate, test_implicit_tls])
