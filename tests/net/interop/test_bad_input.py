"""Bad input over real sockets: a 100 KB line, a literal of 4294967295 octets, binary
garbage, TLS garbage and half handshakes on the implicit-TLS ports, 300 simultaneous
connections, and clients that stall or vanish mid-literal. After each, the server still
answers the next client correctly, and nothing is lost."""

import imaplib
import poplib
import random
import re
import socket
import ssl
import time

from serve_fixture import HOST, Raw, Server, main


def probe(server, messages=3):
    """A normal client gets correct answers: IMAP (plain and TLS) and POP3 see the mail."""
    for client in (imaplib.IMAP4(HOST, server.imap, timeout=10),
                   imaplib.IMAP4_SSL(HOST, server.imaps, ssl_context=server.tls_context(), timeout=10)):
        client.login("alice", "alice123")
        typ, data = client.select("INBOX")
        assert typ == "OK" and data == [str(messages).encode()], data
        typ, data = client.fetch("2", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
        assert typ == "OK" and data[0][1].strip() == b"Subject: interop two", data
        client.logout()
    pop = poplib.POP3(HOST, server.pop3, timeout=10)
    pop.user("alice")
    pop.pass_("alice123")
    assert pop.stat()[0] == messages
    pop.quit()
    assert server.alive()


def imap_logged_in(server):
    raw = Raw(server.imap)
    assert raw.line().startswith("* OK")
    raw.send("l1 LOGIN alice alice123\r\n")
    assert raw.until_tagged("l1")[-1].startswith("l1 OK")
    return raw


def client_hello():
    """The first flight of a real TLS client, made in memory."""
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    tls = ctx.wrap_bio(incoming, outgoing, server_hostname=HOST)
    try:
        tls.do_handshake()
    except ssl.SSLWantReadError:
        pass
    hello = outgoing.read()
    assert hello[:1] == b"\x16", hello[:5]
    return hello


def test_100_kb_line(binary, workdir):
    with Server(binary, workdir) as server:
        imap = Raw(server.imap)
        assert imap.line().startswith("* OK")
        imap.send(b"a " + b"x" * 100_000 + b"\r\n")
        answer = imap.line()
        assert re.match(r"(a|\*) BAD .*too long", answer, re.I), answer
        imap.send("b NOOP\r\n")  # the same connection goes on
        assert imap.until_tagged("b")[-1].startswith("b OK")
        imap.close()

        pop = Raw(server.pop3)
        assert pop.line().startswith("+OK")
        pop.send(b"USER " + b"y" * 100_000 + b"\r\n")
        answer = pop.line()
        assert answer.startswith("-ERR") and "too long" in answer, answer
        pop.send("USER alice\r\nPASS alice123\r\nSTAT\r\n")
        assert [pop.line()[:3] for _ in range(3)] == ["+OK"] * 3
        pop.close()
        probe(server)


def test_huge_literal(binary, workdir):
    with Server(binary, workdir) as server:
        raw = Raw(server.imap)
        assert raw.line().startswith("* OK")
        raw.send("a LOGIN {4294967295}\r\n")
        answer = raw.line()
        assert answer.startswith("a NO") or answer.startswith("a BAD"), f"got {answer!r} instead of a refusal"
        raw.send("b LOGIN alice alice123\r\n")  # the refused literal is not waited for
        assert raw.until_tagged("b")[-1].startswith("b OK")
        raw.send("c APPEND INBOX {4294967295+}\r\n")  # non-synchronizing: cannot be skipped
        lines = []
        try:
            while True:
                lines.append(raw.line())
        except EOFError:
            pass
        assert any(line.startswith("* BYE") for line in lines), lines
        probe(server)


def test_binary_garbage(binary, workdir):
    rng = random.Random(1939)
    garbage = bytes(rng.randrange(256) for _ in range(256 * 1024))
    with Server(binary, workdir) as server:
        for port in (server.pop3, server.imap):
            raw = Raw(port)
            raw.line()
            try:
                raw.send(garbage)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server gave up on us first: that is what we want
            assert raw.closed_by_server(10), f"port {port}: the server kept a connection sending garbage"
            raw.close()
        probe(server)


def test_tls_garbage_and_half_handshakes(binary, workdir):
    rng = random.Random(3501)
    with Server(binary, workdir) as server:
        for port in (server.imaps, server.pop3s):
            # Random bytes, a TLS record header with nonsense, and plaintext commands.
            for junk in (bytes(rng.randrange(256) for _ in range(4096)),
                         b"\x16\x03\x01\x00\x05hello" + bytes(100),
                         b"a LOGIN alice alice123\r\nUSER alice\r\n"):
                raw = Raw(port)
                raw.send(junk)
                raw.sock.settimeout(10)
                received, closed = b"", False
                try:
                    while chunk := raw.sock.recv(65536):
                        received += chunk
                    closed = True
                except ConnectionResetError:
                    closed = True
                except TimeoutError:
                    pass
                assert closed, f"port {port}: the server kept a connection that sent {junk[:20]!r}"
                assert b"OK" not in received and b"alice" not in received, received
                raw.close()
        # Half a ClientHello, then gone; and one that stalls while others are served.
        hello = client_hello()
        gone = Raw(server.imaps)
        gone.send(hello[: len(hello) // 2])
        gone.close()
        stalled = Raw(server.pop3s)
        stalled.send(hello[: len(hello) // 2])
        starttls = Raw(server.imap)
        assert starttls.line().startswith("* OK")
        starttls.send("s STARTTLS\r\n")
        assert starttls.line().startswith("s OK")
        starttls.send(hello[:10])
        starttls.close()
        probe(server)
        stalled.close()
        probe(server)


def test_300_simultaneous_connections(binary, workdir):
    with Server(binary, workdir) as server:
        admitted = []
        for _ in range(100):
            raw = Raw(server.imap)
            assert raw.line().startswith("* OK"), "one of the first 100 connections was refused"
            admitted.append(raw)
        refused = []
        for port, expected in ((server.imap, "* BYE"), (server.pop3, "-ERR"), (server.imaps, "* BYE"),
                               (server.pop3s, "-ERR")):
            for _ in range(50):
                raw = Raw(port)
                line = raw.line()  # in plaintext, also on the TLS ports
                assert line.startswith(expected) and "too many connections" in line, line
                assert raw.closed_by_server(5)
                refused.append(raw)
        # 100 admitted and 200 refused were open at once; the admitted ones still work.
        admitted[0].send("n NOOP\r\n")
        assert admitted[0].until_tagged("n")[-1].startswith("n OK")
        for raw in admitted + refused:
            raw.close()
        deadline = time.time() + 10
        while True:  # the server notices the closes as it reads them
            try:
                probe(server)
                break
            except (AssertionError, imaplib.IMAP4.error, poplib.error_proto, EOFError, OSError):
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        assert len(re.findall(r"refused a \w+ connection", server.log())) == 200


def test_stall_and_disconnect_mid_literal(binary, workdir):
    message = b"From: x@example.pl\r\nSubject: appended\r\n\r\n" + b"z" * 900 + b"\r\n"
    with Server(binary, workdir) as server:
        gone = imap_logged_in(server)
        gone.send(f"g APPEND INBOX {{{len(message)}}}\r\n")
        assert gone.line().startswith("+")
        gone.send(message[:500])
        gone.close()  # half a message: nothing may be stored

        stalled = imap_logged_in(server)
        stalled.send(f"s APPEND INBOX {{{len(message)}}}\r\n")
        assert stalled.line().startswith("+")
        stalled.send(message[:500])
        probe(server, messages=3)  # a stalled client blocks nobody

        stalled.send(message[500:] + b"\r\n")  # and loses nothing once it goes on
        done = stalled.until_tagged("s")[-1]
        assert done.startswith("s OK"), done
        stalled.close()
        probe(server, messages=4)


def test_pipelined_commands_then_half_close(binary, workdir):
    """A client may send everything at once and shut its side: it still gets every answer."""
    with Server(binary, workdir) as server:
        pop = Raw(server.pop3)
        assert pop.line().startswith("+OK")
        pop.send("USER alice\r\nPASS alice123\r\nSTAT\r\nDELE 1\r\n")
        pop.sock.shutdown(socket.SHUT_WR)  # no QUIT: a dropped session deletes nothing
        assert [pop.line()[:6] for _ in range(4)] == ["+OK se", "+OK lo", "+OK 3 ", "+OK me"]
        assert pop.closed_by_server(5)
        imap = Raw(server.imap)
        assert imap.line().startswith("* OK")
        imap.send("a LOGIN alice alice123\r\nb SELECT INBOX\r\nc FETCH 1:* (UID)\r\nd LOGOUT\r\n")
        imap.sock.shutdown(socket.SHUT_WR)
        lines = imap.until_tagged("d")
        assert [line for line in lines if re.match(r"\* \d FETCH", line)] == [
            "* 1 FETCH (UID 1)", "* 2 FETCH (UID 2)", "* 3 FETCH (UID 3)"], lines
        probe(server)


if __name__ == "__main__":
    main([test_100_kb_line, test_huge_literal, test_binary_garbage, test_tls_garbage_and_half_handshakes,
          test_300_simultaneous_connections, test_stall_and_disconnect_mid_literal,
          test_pipelined_commands_then_half_close])
