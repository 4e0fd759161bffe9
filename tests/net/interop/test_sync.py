"""Real connections on one account see each other's changes (RFC 3501 5.2, 7.4.1): flag
changes and expunges at NOOP and during IDLE (RFC 2177), and a POP3 DELE + QUIT (RFC 1939
UPDATE state) makes the message vanish for an IMAP session."""

import imaplib
import poplib
import re

from serve_fixture import HOST, Raw, Server, main


def imap_session(server):
    c = imaplib.IMAP4(HOST, server.imap, timeout=10)
    c.login("alice", "alice123")
    typ, data = c.select("INBOX")
    assert typ == "OK" and data == [b"3"], data
    return c


def untagged(client, name):
    """The untagged responses of one kind that the last command brought, then forgotten."""
    typ, data = client.response(name)
    return [d for d in data if d is not None]


class Idler:
    """A raw IMAP connection in IDLE (Python 3.11's imaplib has no IDLE)."""

    def __init__(self, server):
        self.raw = Raw(server.imap)
        assert self.raw.line().startswith("* OK")
        self.raw.send("i1 LOGIN alice alice123\r\n")
        assert self.raw.until_tagged("i1")[-1].startswith("i1 OK")
        self.raw.send("i2 SELECT INBOX\r\n")
        assert self.raw.until_tagged("i2")[-1].startswith("i2 OK")
        self.raw.send("i3 IDLE\r\n")
        assert self.raw.line().startswith("+ "), "IDLE was not accepted"

    def expect(self, pattern):
        """The next pushed line; it must match `pattern` (it comes without any command)."""
        line = self.raw.line()
        assert re.fullmatch(pattern, line), f"pushed {line!r}, expected {pattern!r}"
        return line

    def done(self):
        self.raw.send("DONE\r\n")
        assert self.raw.until_tagged("i3")[-1].startswith("i3 OK")
        self.raw.close()


def test_flags_and_expunges_at_noop(binary, workdir):
    with Server(binary, workdir) as server:
        a, b = imap_session(server), imap_session(server)
        typ, _ = a.store("1", "+FLAGS", r"(\Flagged)")
        assert typ == "OK"
        b.noop()
        fetches = untagged(b, "FETCH")
        assert any(re.fullmatch(rb"1 \(FLAGS \(.*\\Flagged.*\)\)", f) for f in fetches), fetches

        b.store("2", "+FLAGS", r"(\Seen)")
        a.noop()
        assert any(re.fullmatch(rb"2 \(FLAGS \(.*\\Seen.*\)\)", f) for f in untagged(a, "FETCH"))

        a.store("3", "+FLAGS", r"(\Deleted)")
        typ, data = a.expunge()
        assert typ == "OK" and data == [b"3"], data
        b.noop()
        assert untagged(b, "EXPUNGE") == [b"3"]
        typ, data = b.search(None, "ALL")
        assert data[0].split() == [b"1", b"2"], data
        a.logout()
        b.logout()


def test_flags_and_expunges_during_idle(binary, workdir):
    with Server(binary, workdir) as server:
        idler = Idler(server)
        actor = imap_session(server)
        actor.store("2", "+FLAGS", r"(\Flagged)")
        idler.expect(r"\* 2 FETCH \(FLAGS \(.*\\Flagged.*\)\)")
        actor.store("1", "+FLAGS", r"(\Deleted)")
        idler.expect(r"\* 1 FETCH \(FLAGS \(.*\\Deleted.*\)\)")
        actor.expunge()
        idler.expect(r"\* 1 EXPUNGE")
        typ, data = actor.append("INBOX", None, None, b"Subject: appended\r\n\r\nhi\r\n")
        assert typ == "OK", data
        idler.expect(r"\* 3 EXISTS")
        # The idler selected first, so the two left of its three \Recent messages and the
        # new one are recent for it (RFC 3501 2.3.2).
        idler.expect(r"\* 3 RECENT")
        idler.done()
        actor.logout()


def test_pop3_dele_and_quit_reach_imap(binary, workdir):
    with Server(binary, workdir) as server:
        watcher = imap_session(server)
        idler = Idler(server)
        pop = poplib.POP3(HOST, server.pop3, timeout=10)
        pop.user("alice")
        pop.pass_("alice123")
        assert pop.stat()[0] == 3
        pop.dele(1)
        watcher.noop()
        assert untagged(watcher, "EXPUNGE") == [], "DELE only marks; nothing goes before QUIT"
        pop.quit()
        idler.expect(r"\* 1 EXPUNGE")
        watcher.noop()
        assert untagged(watcher, "EXPUNGE") == [b"1"]
        typ, data = watcher.fetch("1:*", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
        subjects = [part[1] for part in data if isinstance(part, tuple)]
        assert [s.strip() for s in subjects] == [b"Subject: interop two", b"Subject: interop three"], data

        # A POP3 session that drops without QUIT deletes nothing.
        dropped = Raw(server.pop3)
        assert dropped.line().startswith("+OK")
        dropped.send("USER alice\r\nPASS alice123\r\nDELE 1\r\nDELE 2\r\n")
        for _ in range(4):
            assert dropped.line().startswith("+OK")
        dropped.close()
        watcher.noop()
        assert untagged(watcher, "EXPUNGE") == []
        typ, data = watcher.search(None, "ALL")
        assert data[0].split() == [b"1", b"2"], data
        idler.done()
        watcher.logout()


if __name__ == "__main__":
    main([test_flags_and_expunges_at_noop, test_flags_and_expunges_during_idle, test_pop3_dele_and_quit_reach_imap])
