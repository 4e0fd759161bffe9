"""Python's imaplib against `mailscope serve` through SORT, THREAD (RFC 5256), SORT=DISPLAY
(RFC 5957) and ESORT (RFC 5267), which real clients are offered. Every response is compared
line for line, as the client read it; the expected orders are worked out in the comments."""

import imaplib

from serve_fixture import HOST, Server, main
from test_condstore import Recording, expect

# The fixture's INBOX holds "interop one/two/three" from Zofia Nowak, sent 10:00, 10:01 and
# 10:02 +0100 (09:00-09:02 UTC), Message-IDs <interop-1..3@example.pl>. Two more come by APPEND:
REPLY = (b"From: Adam <adam@example.pl>\r\nTo: alice@example.pl\r\nSubject: Re: interop two\r\n"
         b"Date: Mon, 3 Nov 2025 09:30:00 +0000\r\nMessage-ID: <reply-4@example.pl>\r\n"
         b"References: <interop-2@example.pl>\r\n\r\nA reply to two.\r\n")
FORWARD = (b"From: bob@example.pl\r\nTo: alice@example.pl\r\nSubject: Fwd: interop one\r\n"
           b"Date: Mon, 3 Nov 2025 08:00:00 +0000\r\nMessage-ID: <fwd-5@example.pl>\r\n\r\nOne, forwarded.\r\n")


def test_sort_thread_and_esort(binary, workdir):
    with Server(binary, workdir) as server:
        c = Recording(HOST, server.imap, timeout=10)
        for name in ("SORT", "SORT=DISPLAY", "THREAD=ORDEREDSUBJECT", "THREAD=REFERENCES", "ESORT"):
            assert name in c.capabilities, c.capabilities
        c.login("alice", "alice123")
        for message in (REPLY, FORWARD):
            typ, data = c.append("INBOX", None, None, message)
            assert typ == "OK", data
        typ, data = c.select("INBOX")
        assert typ == "OK" and data == [b"5"], (typ, data)
        c.take()

        # Base subjects: interop one (1, and 5 without "Fwd:"), interop two (2, and 4 without
        # "Re:"), interop three (3); equal ones stay in sequence order.
        typ, data = c.sort("(SUBJECT)", "UTF-8", "ALL")
        assert (typ, data) == ("OK", [b"1 5 3 2 4"]), (typ, data)
        expect(c, ["* SORT 1 5 3 2 4", "TAG OK SORT completed"])
        # Sent dates in UTC: 5 08:00, 1 09:00, 2 09:01, 3 09:02, 4 09:30.
        typ, data = c.sort("(DATE)", "UTF-8", "ALL")
        assert (typ, data) == ("OK", [b"5 1 2 3 4"]), (typ, data)
        c.take()
        typ, data = c.uid("SORT", "(REVERSE DATE)", "UTF-8", "ALL")
        assert (typ, data) == ("OK", [b"4 3 2 1 5"]), (typ, data)
        expect(c, ["* SORT 4 3 2 1 5", "TAG OK UID SORT completed"])
        # FROM: adam, bob, zofia x3; DISPLAYFROM: "Adam", "bob@example.pl", "Zofia Nowak" x3.
        typ, data = c.sort("(FROM)", "UTF-8", "ALL")
        assert (typ, data) == ("OK", [b"4 5 1 2 3"]), (typ, data)
        typ, data = c.sort("(DISPLAYFROM SUBJECT)", "UTF-8", "SINCE 1-Jan-2000")
        assert (typ, data) == ("OK", [b"4 5 1 3 2"]), (typ, data)
        c.take()

        # REFERENCES: 4 answers 2; 5 has no references, but its base subject is 1's and it is
        # a forward while 1 is not, so it goes under 1. Roots by sent date: 1, 2, 3.
        typ, data = c.thread("REFERENCES", "UTF-8", "ALL")
        assert (typ, data) == ("OK", [b"(1 5)(2 4)(3)"]), (typ, data)
        expect(c, ["* THREAD (1 5)(2 4)(3)", "TAG OK THREAD completed"])
        # ORDEREDSUBJECT: by subject, the earliest first: 5 (08:00) before 1; threads by the
        # date of their first message: 5, 2, 3.
        typ, data = c.uid("THREAD", "ORDEREDSUBJECT", "UTF-8", "ALL")
        assert (typ, data) == ("OK", [b"(5 1)(2 4)(3)"]), (typ, data)
        expect(c, ["* THREAD (5 1)(2 4)(3)", "TAG OK UID THREAD completed"])

        # RFC 5267: ESEARCH with the tag; MIN and MAX are the first and last in sort order,
        # ALL is in sort order too.
        typ, data = c.uid("SORT", "RETURN (MIN MAX COUNT ALL)", "(DATE)", "UTF-8", "ALL")
        assert typ == "OK", data
        expect(c, ['* ESEARCH (TAG "TAG") UID MIN 5 MAX 4 ALL 5,1:4 COUNT 5', "TAG OK UID SORT completed"])

        # An unknown sort key is BAD (imaplib raises), an unknown charset NO [BADCHARSET].
        try:
            c.sort("(FOO)", "UTF-8", "ALL")
            raise AssertionError("an unknown sort key was accepted")
        except imaplib.IMAP4.error as e:
            assert "Unknown sort key FOO" in str(e), e
        expect(c, ["TAG BAD SORT: Unknown sort key FOO"])
        typ, data = c.sort("(DATE)", "KOI8-R", "ALL")
        assert typ == "NO", (typ, data)
        expect(c, ["TAG NO [BADCHARSET (US-ASCII UTF-8)] Unsupported charset KOI8-R"])
        c.logout()


if __name__ == "__main__":
    main([test_sort_thread_and_esort])
