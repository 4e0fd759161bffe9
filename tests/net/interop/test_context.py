"""Python's imaplib against `mailscope serve` with search contexts (RFC 5267 4: CONTEXT=SEARCH,
CONTEXT=SORT), which real clients are offered: one connection keeps a search up to date while
another reads, appends and expunges; CANCELUPDATE; PARTIAL. Every response is compared line
for line, as the client read it; the expected lines are worked out in the comments."""

from serve_fixture import HOST, Server, main
from test_condstore import Recording, expect

NEW = (b"From: bob@example.pl\r\nTo: alice@example.pl\r\nSubject: context four\r\n"
       b"Date: Mon, 3 Nov 2025 11:00:00 +0000\r\n\r\nA fourth message.\r\n")


def last_tag(client):
    """The tag of the command just completed (before take() replaces it)."""
    return client.lines[-1].split(" ", 1)[0]


def test_update_cancelupdate_and_partial(binary, workdir):
    with Server(binary, workdir) as server:
        other = Recording(HOST, server.imap, timeout=10)
        c = Recording(HOST, server.imap, timeout=10)
        for name in ("CONTEXT=SEARCH", "CONTEXT=SORT"):
            assert name in c.capabilities, c.capabilities
        # `other` selects first and so takes \Recent: c's FETCH lines show the stored flags only.
        other.login("alice", "alice123")
        assert other.select("INBOX")[0] == "OK"
        c.login("alice", "alice123")
        assert c.select("INBOX")[0] == "OK"
        other.take()
        c.take()

        # The fixture's three messages are unread: the result now is UIDs 1:3.
        typ, data = c.uid("SEARCH", "RETURN (UPDATE ALL) UNSEEN")
        assert typ == "OK", data
        search = last_tag(c)
        expect(c, ['* ESEARCH (TAG "TAG") UID ALL 1:3', "TAG OK UID SEARCH completed"])
        correlator = f'* ESEARCH (TAG "{search}") UID'

        # Read on the other connection: 2 leaves the result (position 0 for a SEARCH).
        assert other.store("2", "+FLAGS", "(\\Seen)")[0] == "OK"
        assert c.noop()[0] == "OK"
        expect(c, ["* 2 FETCH (FLAGS (\\Seen))", correlator + " REMOVEFROM (0 2)", "TAG OK NOOP completed"])

        # New mail: ADDTO after the EXISTS that announced it.
        assert other.append("INBOX", None, None, NEW)[0] == "OK"
        assert c.noop()[0] == "OK"
        expect(c, ["* 4 EXISTS", "* 0 RECENT", correlator + " ADDTO (0 4)", "TAG OK NOOP completed"])

        # Expunged elsewhere: REMOVEFROM before the EXPUNGE.
        assert other.store("1", "+FLAGS.SILENT", "(\\Deleted)")[0] == "OK"
        assert other.expunge()[0] == "OK"
        assert c.noop()[0] == "OK"
        expect(c, [correlator + " REMOVEFROM (0 1)", "* 1 EXPUNGE", "TAG OK NOOP completed"])

        # PARTIAL: positions in the result (UIDs 3 and 4 now), not message numbers.
        typ, data = c.uid("SEARCH", "RETURN (PARTIAL 2:5 COUNT) UNSEEN")
        assert typ == "OK", data
        expect(c, ['* ESEARCH (TAG "TAG") UID COUNT 2 PARTIAL (2:5 4)', "TAG OK UID SEARCH completed"])

        # CANCELUPDATE takes the tag quoted; afterwards a change brings only its FETCH.
        typ, data = c.xatom("CANCELUPDATE", f'"{search}"')
        assert typ == "OK", data
        expect(c, ["TAG OK CANCELUPDATE completed"])
        assert other.store("3", "+FLAGS", "(\\Seen)")[0] == "OK"  # UID 4, message 3 for both
        assert c.noop()[0] == "OK"
        expect(c, ["* 3 FETCH (FLAGS (\\Seen))", "TAG OK NOOP completed"])
        c.logout()
        other.logout()


if __name__ == "__main__":
    main([test_update_cancelupdate_and_partial])
