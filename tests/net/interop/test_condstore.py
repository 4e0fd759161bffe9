"""Python's imaplib against `mailscope serve` with the extensions real clients get:
CONDSTORE and QRESYNC (RFC 7162), ESEARCH (RFC 4731), LIST-STATUS (RFC 5819), and
MULTIAPPEND (RFC 3502) over a raw socket (imaplib sends one literal per command). Every
response is compared line for line, as the client read it."""

import imaplib

from serve_fixture import HOST, Raw, Server, main

CAPABILITIES = ("IMAP4REV1", "STARTTLS", "AUTH=PLAIN", "SASL-IR", "LITERAL+", "ID", "ENABLE", "IDLE", "NAMESPACE",
                "UIDPLUS", "MOVE", "UNSELECT", "CHILDREN", "SPECIAL-USE", "CONDSTORE", "QRESYNC", "ESEARCH",
                "LIST-EXTENDED", "LIST-STATUS", "MULTIAPPEND", "SORT", "SORT=DISPLAY", "THREAD=ORDEREDSUBJECT",
                "THREAD=REFERENCES", "ESORT", "CONTEXT=SEARCH", "CONTEXT=SORT", "BINARY", "CATENATE", "APPENDLIMIT=33554432")
FLAGS = "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)"
PERMANENT = "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted."


class Recording(imaplib.IMAP4):
    """imaplib's IMAP4, keeping every line it reads (without CRLF) for exact comparison."""

    def __init__(self, *args, **kwargs):
        self.lines = []
        super().__init__(*args, **kwargs)

    def _get_line(self):
        line = super()._get_line()
        self.lines.append(line.decode())
        return line

    def take(self):
        """The lines read since the last call; the tag of the last one replaced by 'TAG'."""
        lines, self.lines = self.lines, []
        if lines and not lines[-1].startswith("* "):
            tag, rest = lines[-1].split(" ", 1)
            lines = [line.replace(f'(TAG "{tag}")', '(TAG "TAG")') for line in lines[:-1]] + ["TAG " + rest]
        return lines


def expect(client, wanted):
    got = client.take()
    assert got == wanted, "\n got:    " + repr(got) + "\n wanted: " + repr(wanted)


def select_lines(exists, recent, validity, highest, extra=(), unseen=1):
    return [FLAGS, PERMANENT, f"* {exists} EXISTS", f"* {recent} RECENT",
            f"* OK [UNSEEN {unseen}] Message {unseen} is first unseen", f"* OK [UIDVALIDITY {validity}] UIDs valid",
            "* OK [UIDNEXT 4] Predicted next UID", f"* OK [HIGHESTMODSEQ {highest}] Highest", *extra,
            "TAG OK [READ-WRITE] SELECT completed"]


def test_condstore_changedsince_and_esearch(binary, workdir):
    with Server(binary, workdir) as server:
        c = Recording(HOST, server.imap, timeout=10)
        assert c.capabilities == CAPABILITIES, c.capabilities
        c.login("alice", "alice123")
        c.take()
        assert c.enable("CONDSTORE") == ("OK", [b"ENABLE completed"])
        expect(c, ["* ENABLED CONDSTORE", "TAG OK ENABLE completed"])
        typ, data = c.select("INBOX (CONDSTORE)")
        assert typ == "OK" and data == [b"3"], (typ, data)
        assert c.response("HIGHESTMODSEQ") == ("HIGHESTMODSEQ", [b"4"])
        lines = c.take()
        validity = c.response("UIDVALIDITY")[1][0].decode()
        assert lines == select_lines(3, 3, validity, 4), lines

        typ, data = c.uid("STORE", "1", "+FLAGS", "(\\Flagged)")
        assert typ == "OK", data
        expect(c, ["* 1 FETCH (FLAGS (\\Flagged \\Recent) UID 1 MODSEQ (5))", "TAG OK UID STORE completed"])

        # RFC 7162 3.1.4.1: only what changed after mod-sequence 4, with its MODSEQ.
        typ, data = c.uid("FETCH", "1:*", "(FLAGS) (CHANGEDSINCE 4)")
        assert typ == "OK", data
        expect(c, ["* 1 FETCH (UID 1 FLAGS (\\Flagged \\Recent) MODSEQ (5))", "TAG OK UID FETCH completed"])
        typ, data = c.uid("FETCH", "1:*", "(FLAGS) (CHANGEDSINCE 5)")
        expect(c, ["TAG OK UID FETCH completed"])

        # RFC 4731: one ESEARCH response with the tag, in the order MIN MAX COUNT.
        typ, data = c.uid("SEARCH", "RETURN (MIN MAX COUNT) ALL")
        assert typ == "OK", data
        expect(c, ['* ESEARCH (TAG "TAG") UID MIN 1 MAX 3 COUNT 3', "TAG OK UID SEARCH completed"])
        c.logout()


def test_qresync_after_being_away(binary, workdir):
    """A second connection changes a flag and expunges while the first is away; the first
    comes back with SELECT (QRESYNC ...) and hears VANISHED (EARLIER) and FETCH with MODSEQ."""
    with Server(binary, workdir) as server:
        first = Recording(HOST, server.imap, timeout=10)
        first.login("alice", "alice123")
        assert first.enable("QRESYNC") == ("OK", [b"ENABLE completed"])
        first.take()
        first.select("INBOX")
        validity = first.response("UIDVALIDITY")[1][0].decode()
        expect(first, select_lines(3, 3, validity, 4))
        first.logout()

        second = Recording(HOST, server.imap, timeout=10)
        second.login("alice", "alice123")
        second.select("INBOX")
        second.take()
        second.uid("STORE", "2", "+FLAGS", "(\\Seen)")
        expect(second, ["* 2 FETCH (FLAGS (\\Seen) UID 2)", "TAG OK UID STORE completed"])
        second.uid("STORE", "3", "+FLAGS.SILENT", "(\\Deleted)")
        expect(second, ["TAG OK UID STORE completed"])
        second.expunge()
        expect(second, ["* 3 EXPUNGE", "TAG OK EXPUNGE completed"])
        second.logout()

        again = Recording(HOST, server.imap, timeout=10)
        again.login("alice", "alice123")
        assert again.enable("QRESYNC") == ("OK", [b"ENABLE completed"])
        again.take()
        typ, data = again.select(f"INBOX (QRESYNC ({validity} 4 1:3))")
        assert typ == "OK" and data == [b"2"], (typ, data)
        expect(again, select_lines(2, 0, validity, 7, unseen=1, extra=(
            "* VANISHED (EARLIER) 3", "* 2 FETCH (UID 2 FLAGS (\\Seen) MODSEQ (5))")))
        again.logout()


def test_list_status_and_multiappend(binary, workdir):
    with Server(binary, workdir) as server:
        c = Recording(HOST, server.imap, timeout=10)
        c.login("alice", "alice123")
        c.take()
        # RFC 5819: each mailbox's STATUS right after its LIST line.
        typ, data = c.list('""', '"*" RETURN (STATUS (MESSAGES UIDNEXT))')
        assert typ == "OK", data
        expect(c, ['* LIST (\\HasNoChildren) "/" "INBOX"', '* STATUS "INBOX" (MESSAGES 3 UIDNEXT 4)'] +
               [line for name in ("Archive", "Drafts", "Junk", "Sent", "Trash")  # RFC 6154 uses, same names
                for line in (f'* LIST (\\HasNoChildren \\{name}) "/" "{name}"',
                             f'* STATUS "{name}" (MESSAGES 0 UIDNEXT 1)')] +
               ["TAG OK LIST completed"])
        c.logout()

        # RFC 3502: two messages in one APPEND (LITERAL+), both or none; APPENDUID names both.
        raw = Raw(server.imap)
        raw.line()
        raw.send("a LOGIN alice alice123\r\n")
        raw.until_tagged("a")
        raw.send("b STATUS Drafts (UIDVALIDITY)\r\n")
        status = raw.until_tagged("b")
        validity = status[0].split("UIDVALIDITY ")[1].rstrip(")")
        assert status == [f'* STATUS "Drafts" (UIDVALIDITY {validity})', "b OK STATUS completed"], status
        raw.send("c APPEND Drafts (\\Draft) {4+}\r\nHi\r\n (\\Seen) {5+}\r\nYo!\r\n\r\n")
        assert raw.until_tagged("c") == [f"c OK [APPENDUID {validity} 1:2] APPEND completed"]
        raw.send("d APPEND Drafts {4+}\r\nHi\r\n NotALiteral\r\n")
        assert raw.until_tagged("d") == ["d BAD APPEND: The message must be a literal"]
        raw.send("e STATUS Drafts (MESSAGES UIDNEXT)\r\n")
        assert raw.until_tagged("e") == ['* STATUS "Drafts" (MESSAGES 2 UIDNEXT 3)', "e OK STATUS completed"]
        raw.send("f LOGOUT\r\n")
        raw.until_tagged("f")


if __name__ == "__main__":
    main([test_condstore_changedsince_and_esearch, test_qresync_after_being_away, test_list_status_and_multiappend])
