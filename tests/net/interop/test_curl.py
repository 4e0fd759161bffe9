"""curl against `mailscope serve`: pop3://, pop3s://, imap://, imaps:// (and STLS /
STARTTLS with --ssl-reqd), listing and fetching messages. -k: the certificate is self-signed."""

import re
import subprocess

from serve_fixture import HOST, Server, main, require_programs


def curl(url, *extra):
    result = subprocess.run(["curl", "-sS", "--max-time", "15", "-u", "alice:alice123", *extra, url],
                            capture_output=True, timeout=30)
    assert result.returncode == 0, f"curl {url} exited {result.returncode}: {result.stderr.decode(errors='replace')}"
    return result.stdout.decode(errors="replace")


def check_listing(text):
    """A POP3 LIST: three "n size" lines."""
    lines = text.splitlines()
    assert [line.split()[0] for line in lines] == ["1", "2", "3"], text
    assert all(int(line.split()[1]) > 100 for line in lines), text


def test_pop3(binary, workdir):
    with Server(binary, workdir) as server:
        check_listing(curl(f"pop3://{HOST}:{server.pop3}/"))
        two = curl(f"pop3://{HOST}:{server.pop3}/2")
        assert "Subject: interop two" in two and "\n.leading dot line" in two, two
        check_listing(curl(f"pop3s://{HOST}:{server.pop3s}/", "-k"))
        three = curl(f"pop3s://{HOST}:{server.pop3s}/3", "-k")
        assert "Subject: interop three" in three, three
        one = curl(f"pop3://{HOST}:{server.pop3}/1", "-k", "--ssl-reqd")  # STLS
        assert "Subject: interop one" in one, one
        log = server.log()
    assert re.search(r"\[pop3 \d+\] C: STLS", log), log
    assert re.search(r"\[pop3 \d+\] C: RETR 2", log), log


def test_imap(binary, workdir):
    with Server(binary, workdir) as server:
        listing = curl(f"imap://{HOST}:{server.imap}/")
        assert re.search(r'^\* LIST \([^)]*\) "/" "?INBOX"?\r?$', listing, re.M), listing
        two = curl(f"imap://{HOST}:{server.imap}/INBOX;UID=2")
        assert "Subject: interop two" in two, two
        found = curl(f"imaps://{HOST}:{server.imaps}/INBOX?SUBJECT%20three", "-k")
        assert found.split() == ["*", "SEARCH", "3"], found
        three = curl(f"imaps://{HOST}:{server.imaps}/INBOX;UID=3", "-k")
        assert "Subject: interop three" in three, three
        one = curl(f"imap://{HOST}:{server.imap}/INBOX;UID=1", "-k", "--ssl-reqd")  # STARTTLS
        assert "Subject: interop one" in one, one
        log = server.log()
    assert re.search(r"\[imap \d+\] C: \w+ STARTTLS", log), log
    assert re.search(r"\[imap \d+\] C: \w+ AUTHENTICATE PLAIN \*{8}", log), log


if __name__ == "__main__":
    require_programs("curl")
    main([test_pop3, test_imap])
