"""Starts `mailscope serve` on free loopback ports for the interop tests and stops it.

Each test gets its own server (own ports, own temporary HOME and XDG_CONFIG_HOME) whose
output goes to a log file, printed when a test fails. Standard library only.
"""

import contextlib
import hashlib
import os
import pathlib
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import traceback

HOST = "127.0.0.1"
SKIP = 77  # ctest SKIP_RETURN_CODE: a client program is not installed
READY_LINE = "Watching every session"


def free_ports(count):
    """Ports the kernel hands out for 127.0.0.1 right now (closed again before use)."""
    socks = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind((HOST, 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def write_mail_dir(directory, count=3):
    """`count` small messages, "interop one", "interop two", ... as .eml files."""
    names = ["one", "two", "three", "four", "five", "six"]
    directory.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        body = (f"From: Zofia Nowak <zofia@example.pl>\r\nTo: alice@example.pl\r\n"
                f"Subject: interop {names[i]}\r\nDate: Mon, 3 Nov 2025 10:0{i}:00 +0100\r\n"
                f"Message-ID: <interop-{i + 1}@example.pl>\r\n\r\n"
                f"Message number {i + 1}.\r\n.leading dot line\r\n")
        (directory / f"{i + 1:02d}-{names[i]}.eml").write_bytes(body.encode())
    return directory


class Server:
    """A running `mailscope serve`. Use as a context manager; `stop()` checks exit code 0."""

    def __init__(self, binary, workdir, extra_args=(), mail_count=3, env=None):
        self.binary = binary
        self.workdir = pathlib.Path(workdir)
        self.extra_args = list(extra_args)
        self.home = self.workdir / "home"
        self.config = self.workdir / "config"
        self.home.mkdir(parents=True, exist_ok=True)
        self.config.mkdir(parents=True, exist_ok=True)
        self.mail_dir = write_mail_dir(self.workdir / "mail", mail_count) if mail_count else None
        self.log_path = self.workdir / f"serve-{os.getpid()}-{id(self)}.log"
        self.env = dict(os.environ, HOME=str(self.home), XDG_CONFIG_HOME=str(self.config))
        self.env.update(env or {})
        self.proc = None
        self.stopped = False

    # [SECTION] life cycle
    def start(self):
        for _ in range(5):  # a port may be taken between free_ports() and bind
            self.pop3, self.imap, self.pop3s, self.imaps = free_ports(4)
            args = [self.binary, "serve", "--pop3-port", str(self.pop3), "--imap-port", str(self.imap),
                    "--pop3s-port", str(self.pop3s), "--imaps-port", str(self.imaps)]
            if self.mail_dir:
                args += ["--mail", str(self.mail_dir)]
            args += self.extra_args
            self.log_file = open(self.log_path, "wb")
            self.proc = subprocess.Popen(args, stdout=self.log_file, stderr=subprocess.STDOUT, env=self.env,
                                         stdin=subprocess.DEVNULL)
            deadline = time.time() + 30
            while time.time() < deadline:
                if READY_LINE in self.log():
                    return self
                if self.proc.poll() is not None:
                    break
                time.sleep(0.05)
            if self.proc.poll() is None:
                raise AssertionError("mailscope serve did not get ready:\n" + self.log())
            if "cannot listen" not in self.log():
                raise AssertionError(f"mailscope serve exited with {self.proc.returncode}:\n" + self.log())
        raise AssertionError("no free ports for mailscope serve")

    def stop(self, sig=signal.SIGINT):
        """Stops the server with a signal; asserts it exits 0 within 15 s."""
        if self.stopped or self.proc is None:
            return
        self.stopped = True
        self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("mailscope serve did not stop within 15 s:\n" + self.log()[-4000:])
        finally:
            self.log_file.close()
        assert code == 0, f"mailscope serve exited with {code}:\n" + self.log()[-4000:]

    def __enter__(self):
        return self.start()

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.stop()
        else:
            if self.proc and self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            print("---- mailscope serve output (last 6000 characters) ----\n" + self.log()[-6000:], file=sys.stderr)
        return False

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def log(self):
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    # [SECTION] TLS
    @property
    def cert_path(self):
        return self.config / "mailscope" / "cert.pem"

    def tls_context(self):
        """Trusts exactly the server's self-signed certificate (SAN IP 127.0.0.1)."""
        ctx = ssl.create_default_context(cafile=str(self.cert_path))
        return ctx

    def fingerprint(self):
        """The SHA-256 fingerprint the banner printed, "AB:CD:..."."""
        m = re.search(r"SHA-256 ([0-9A-F:]{95})", self.log())
        assert m, "no fingerprint in the banner:\n" + self.log()
        return m.group(1)


def fingerprint_of_der(der):
    return ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())


# [SECTION] raw sockets

class Raw:
    """A plain socket with line reading, for what library clients cannot send."""

    def __init__(self, port, timeout=5.0, tls_context=None):
        self.sock = socket.create_connection((HOST, port), timeout=timeout)
        if tls_context is not None:
            self.sock = tls_context.wrap_socket(self.sock, server_hostname=HOST)
        self.buf = b""

    def send(self, data):
        self.sock.sendall(data if isinstance(data, bytes) else data.encode())

    def line(self):
        """One line without CRLF; raises on timeout, b'' handling: EOFError on close."""
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("connection closed; had " + repr(self.buf[:200]))
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line.decode(errors="replace")

    def until_tagged(self, tag):
        """Lines up to and including the tagged response of `tag`."""
        lines = []
        while True:
            line = self.line()
            lines.append(line)
            if line.startswith(tag + " "):
                return lines

    def closed_by_server(self, timeout=5.0):
        """True when the server closes the connection within `timeout` (data before is ignored)."""
        self.sock.settimeout(timeout)
        try:
            while True:
                if not self.sock.recv(65536):
                    return True
        except (ConnectionResetError, BrokenPipeError):
            return True
        except (socket.timeout, TimeoutError):
            return False

    def close(self):
        with contextlib.suppress(OSError):
            self.sock.close()


# [SECTION] running tests

def require_programs(*names):
    missing = [n for n in names if shutil.which(n) is None]
    if missing:
        print("skipped: not installed: " + ", ".join(missing))
        sys.exit(SKIP)


def main(tests):
    """Runs each test(binary, workdir) in its own temporary directory; exit 1 if any fails."""
    if len(sys.argv) < 2:
        print(f"usage: {sys.argv[0]} PATH/TO/mailscope [test-name...]", file=sys.stderr)
        sys.exit(2)
    binary = sys.argv[1]
    wanted = set(sys.argv[2:])
    failed = []
    for test in tests:
        if wanted and test.__name__ not in wanted:
            continue
        started = time.time()
        with tempfile.TemporaryDirectory(prefix="mailscope-interop-") as workdir:
            try:
                test(binary, workdir)
                print(f"ok    {test.__name__} ({time.time() - started:.1f} s)", flush=True)
            except Exception:
                failed.append(test.__name__)
                print(f"FAIL  {test.__name__} ({time.time() - started:.1f} s)", flush=True)
                traceback.print_exc()
    if failed:
        print("failed: " + ", ".join(failed))
        sys.exit(1)
