"""fetchmail against `mailscope serve` (RFC 1939): with --keep the messages stay on the
server; without it they are deleted at QUIT and a second POP3 session sees none."""

import getpass
import os
import poplib
import re
import subprocess

from serve_fixture import HOST, Server, main, require_programs


def fetchmail(server, port, out_file, keep, implicit_tls):
    """Runs fetchmail once with a temporary rc file; returns its exit code (0: mail, 1: none)."""
    rc = server.home / "fetchmailrc"
    rc.write_text(
        "set no bouncemail\n"
        f"poll {HOST} with proto POP3 port {port} timeout 15\n"
        f'  user "alice" there with password "alice123" is "{getpass.getuser()}" here\n'
        f"  {'ssl' if implicit_tls else ''}\n"
        "  no sslcertck\n"  # self-signed certificate (STLS is used on the plain port when offered)
        f'  mda "cat >> {out_file}"\n')
    os.chmod(rc, 0o600)  # fetchmail refuses a readable rc file
    args = ["fetchmail", "-f", str(rc), "--nodetach", "--idfile", str(server.home / "fetchids"),
            "--pidfile", str(server.home / "fetchmail.pid"), "--keep" if keep else "--nokeep"]
    result = subprocess.run(args, capture_output=True, timeout=60, env=server.env)
    output = (result.stdout + result.stderr).decode(errors="replace")
    assert result.returncode in (0, 1), f"fetchmail exited {result.returncode}:\n{output}"
    return result.returncode


def delivered_subjects(out_file):
    if not out_file.exists():
        return []
    return re.findall(r"^Subject: (.*?)\r?$", out_file.read_text(errors="replace"), re.M)


def stat(server):
    pop = poplib.POP3(HOST, server.pop3, timeout=10)
    pop.user("alice")
    pop.pass_("alice123")
    count = pop.stat()[0]
    pop.quit()
    return count


def test_keep_leaves_the_messages(binary, workdir):
    with Server(binary, workdir) as server:
        out = server.home / "delivered.mbox"
        assert fetchmail(server, server.pop3, out, keep=True, implicit_tls=False) == 0
        assert delivered_subjects(out) == ["interop one", "interop two", "interop three"], out.read_text()
        assert stat(server) == 3, "--keep: the messages must stay on the server"
        log = server.log()
    assert re.search(r"\[pop3 \d+\] C: STLS", log), "fetchmail did not use STLS:\n" + log
    assert not re.search(r"\[pop3 \d+\] C: DELE", log), log


def test_without_keep_the_messages_vanish(binary, workdir):
    with Server(binary, workdir) as server:
        out = server.home / "delivered.mbox"
        assert fetchmail(server, server.pop3s, out, keep=False, implicit_tls=True) == 0
        assert delivered_subjects(out) == ["interop one", "interop two", "interop three"], out.read_text()
        assert stat(server) == 0, "without --keep the messages must be deleted at QUIT"
        assert fetchmail(server, server.pop3s, out, keep=False, implicit_tls=True) == 1  # 1: no mail
        assert len(delivered_subjects(out)) == 3
        log = server.log()
    assert len(re.findall(r"\[pop3 \d+\] C: DELE \d", log)) == 3, log


if __name__ == "__main__":
    require_programs("fetchmail")
    main([test_keep_leaves_the_messages, test_without_keep_the_messages_vanish])
