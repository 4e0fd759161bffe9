#!/usr/bin/env python3
r"""Compares mailscope's IMAP FETCH and SEARCH answers with another IMAP server's, byte for byte.

Every .eml file of a folder is APPENDed (LF line ends sent as CRLF, a lone CR left as it is,
with the same flags and internal date) to a fresh mailbox on both servers; then, for each
message, one command per item: ENVELOPE, BODY, BODYSTRUCTURE, RFC822.SIZE, BODY[HEADER],
BODY[TEXT], BODY[], BODY[HEADER.FIELDS (...)], partial fetches <0.100>, and for every part
number in the structure BODY[n], BODY[n.MIME], BODY[n.HEADER] / BODY[n.TEXT] (message/rfc822
parts), BINARY[n] and BINARY.SIZE[n] (leaf parts); then SEARCH FROM/TO/CC/SUBJECT/BODY/TEXT/
HEADER with words taken from the messages. Only the untagged FETCH data (without the message
sequence number) and the tagged status word (OK/NO/BAD) are compared; the SEARCH results as
sets. Prints per item kind how many were compared and how many differed, then the first diffs.

Nothing else is normalised: both servers get the same internal date and flags, and
neither adds a Received field on APPEND (BODY[HEADER] compares equal), so the sequence
number of the FETCH response is all that is set aside.

Against Dovecot (Debian's dovecot-imapd, run by hand on loopback, no system service):

    apt-get install -y dovecot-imapd
    mkdir -p /tmp/dovecot/mail /tmp/dovecot/home && chown nobody:nogroup /tmp/dovecot/mail /tmp/dovecot/home
    echo 'tester:{PLAIN}secret' > /tmp/dovecot/passwd
    cat > /tmp/dovecot/dovecot.conf <<EOF
    protocols = imap
    listen = 127.0.0.1
    base_dir = /tmp/dovecot/run
    state_dir = /tmp/dovecot/state
    log_path = /tmp/dovecot/dovecot.log
    ssl = no
    auth_mechanisms = plain
    disable_plaintext_auth = no
    mail_location = maildir:/tmp/dovecot/mail/%u
    first_valid_uid = 65534
    service imap-login {
      inet_listener imap {
        address = 127.0.0.1
        port = 10143
      }
      inet_listener imaps {
        port = 0
      }
    }
    passdb {
      driver = passwd-file
      args = scheme=PLAIN username_format=%u /tmp/dovecot/passwd
    }
    userdb {
      driver = static
      args = uid=nobody gid=nogroup home=/tmp/dovecot/home/%u
    }
    EOF
    dovecot -c /tmp/dovecot/dovecot.conf            # stop: kill $(cat /tmp/dovecot/run/master.pid)

    printf '[[account]]\nuser = "tester"\npassword = "secret"\n' > /tmp/accounts.toml
    build/app/mailscope serve --accounts /tmp/accounts.toml --imap-port 1143 &
    python3 bench/compare_imap_server.py --other 127.0.0.1:10143 --other-user tester \
        --other-password secret --mailscope 127.0.0.1:1143 --user tester --password secret \
        tests/imap/corpus assets/mail

Standard library only.
"""
import argparse
import collections
import email
import email.header
import email.policy
import os
import random
import re
import socket
import sys
import time

FETCH_HEADER_FIELDS = "BODY.PEEK[HEADER.FIELDS (FROM TO CC SUBJECT DATE MESSAGE-ID)]"
INTERNAL_DATE = '"01-Jan-2024 12:00:00 +0000"'


class ImapError(Exception):
    pass


class Connection:
    """A bare IMAP client that keeps responses as the bytes the server sent."""

    def __init__(self, host, port, user, password, timeout=20):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.buf = b""
        self.tag = 0
        greeting = self.read_response()
        if not greeting.startswith(b"* OK"):
            raise ImapError("greeting: %r" % greeting)
        status, _, line = self.command("LOGIN %s %s" % (quote(user), quote(password)))
        if status != "OK":
            raise ImapError("LOGIN: %r" % line)

    def read_line(self):
        while b"\r\n" not in self.buf:
            data = self.sock.recv(65536)
            if not data:
                raise ImapError("connection closed")
            self.buf += data
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line + b"\r\n"

    def read_bytes(self, n):
        while len(self.buf) < n:
            data = self.sock.recv(65536)
            if not data:
                raise ImapError("connection closed")
            self.buf += data
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def read_response(self):
        """One response with its literals."""
        out = b""
        while True:
            line = self.read_line()
            out += line
            m = re.search(rb"~?\{(\d+)\+?\}\r\n$", line)
            if not m:
                return out
            out += self.read_bytes(int(m.group(1)))

    def command(self, text):
        """Sends one command line. Returns (status word, untagged responses, tagged line)."""
        self.tag += 1
        tag = "c%d" % self.tag
        untagged = []
        self.sock.sendall((tag + " " + text).encode() + b"\r\n")
        while True:
            response = self.read_response()
            if response.startswith(tag.encode() + b" "):
                return status_of(response), untagged, response
            untagged.append(response)

    def command_with_tail(self, head, literal, tail):
        """head {literal} tail."""
        self.tag += 1
        tag = "c%d" % self.tag
        untagged = []
        self.sock.sendall((tag + " " + head).encode() + b" {%d}\r\n" % len(literal))
        while True:
            response = self.read_response()
            if response.startswith(b"+"):
                break
            if response.startswith(tag.encode() + b" "):
                return status_of(response), untagged, response
            untagged.append(response)
        self.sock.sendall(literal + tail.encode() + b"\r\n")
        while True:
            response = self.read_response()
            if response.startswith(tag.encode() + b" "):
                return status_of(response), untagged, response
            untagged.append(response)


def status_of(tagged):
    words = tagged.split(b" ")
    return words[1].decode(errors="replace") if len(words) > 1 else "?"


def quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


# [SECTION] Parsing FETCH data

def parse_list(data, pos=0):
    """Parses one IMAP value at data[pos:]: returns (value, next pos). Lists are Python
    lists, strings bytes, NIL None, atoms str."""
    while pos < len(data) and data[pos:pos + 1] == b" ":
        pos += 1
    c = data[pos:pos + 1]
    if c == b"(":
        out = []
        pos += 1
        while True:
            while data[pos:pos + 1] == b" ":
                pos += 1
            if data[pos:pos + 1] == b")":
                return out, pos + 1
            if pos >= len(data):
                return out, pos
            value, pos = parse_list(data, pos)
            out.append(value)
    if c == b'"':
        pos += 1
        out = b""
        while pos < len(data) and data[pos:pos + 1] != b'"':
            if data[pos:pos + 1] == b"\\":
                pos += 1
            out += data[pos:pos + 1]
            pos += 1
        return out, pos + 1
    m = re.match(rb"~?\{(\d+)\+?\}\r\n", data[pos:])
    if m:
        start = pos + m.end()
        n = int(m.group(1))
        return data[start:start + n], start + n
    m = re.match(rb"[^ ()\[\]]*(\[[^\]]*\])?(<[0-9.]*>)?", data[pos:])
    atom = m.group(0)
    if not atom:
        return None, pos + 1
    pos += len(atom)
    text = atom.decode(errors="replace")
    return (None if text.upper() == "NIL" else text), pos


def fetch_data(untagged):
    """The data of the untagged FETCH responses, without "* n FETCH ", joined."""
    out = []
    for response in untagged:
        m = re.match(rb"\* \d+ FETCH ", response)
        if m:
            out.append(response[m.end():].rstrip(b"\r\n"))
    return b"\n".join(out)


def fetch_value(data):
    """The value of the first item of FETCH data "(ITEM value ...)"."""
    items, _ = parse_list(data)
    if isinstance(items, list) and len(items) >= 2:
        return items[1]
    return None


def canonical(data, fold):
    """FETCH data as parsed values: quoted strings, literals and literal8 alike; with fold,
    strings upper-cased (MIME types, subtypes, parameter names, encodings and charsets are
    case-insensitive, RFC 2045 5.1, 6.1)."""
    value, _ = parse_list(data)

    def walk(v):
        if isinstance(v, list):
            return [walk(x) for x in v]
        if isinstance(v, bytes) and fold:
            return v.upper()
        return v
    return walk(value)


def part_numbers(structure, prefix=""):
    """(number, kind) for every part of a BODYSTRUCTURE: kind is "multipart", "message" or "leaf"."""
    out = []
    if not isinstance(structure, list) or not structure:
        return out
    if isinstance(structure[0], list):  # multipart
        children = [c for c in structure if isinstance(c, list)]
        for i, child in enumerate(children, 1):
            number = prefix + str(i)
            out.extend(describe(child, number))
    else:
        out.extend(describe(structure, prefix + "1"))
    return out


def describe(body, number):
    out = []
    if isinstance(body[0], list):
        out.append((number, "multipart"))
        out.extend(part_numbers(body, number + "."))
    elif (isinstance(body[0], bytes) and body[0].upper() == b"MESSAGE" and isinstance(body[1], bytes)
          and body[1].upper() == b"RFC822" and len(body) > 8 and isinstance(body[8], list)):
        out.append((number, "message"))
        out.extend(part_numbers(body[8], number + "."))
    else:
        out.append((number, "leaf"))
    return out


# [SECTION] Messages and search words

def load_messages(folders):
    messages = []
    for folder in folders:
        for name in sorted(os.listdir(folder)):
            if name.endswith(".eml"):
                with open(os.path.join(folder, name), "rb") as f:
                    raw = f.read()
                # LF line ends as CRLF (as a mail client APPENDs), a lone CR as it is.
                raw = re.sub(rb"(?<!\r)\n", b"\r\n", raw)
                messages.append((os.path.join(folder, name), raw))
    return messages


WORD = re.compile(r"[A-Za-z][A-Za-z0-9]{3,}")


def search_keys(raw, rng):
    """SEARCH criteria (as (key, string)) with words from a message."""
    keys = []
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    except Exception:
        return keys

    def decoded(value):
        try:
            return str(email.header.make_header(email.header.decode_header(value)))
        except Exception:
            return value

    for key, field in (("FROM", "From"), ("TO", "To"), ("CC", "Cc"), ("SUBJECT", "Subject")):
        for value in msg.get_all(field, []) or []:
            words = WORD.findall(decoded(str(value)))
            for word in rng.sample(words, min(2, len(words))):
                keys.append((key, word))
    fields = [(k, v) for k, v in msg.items() if k.lower() not in ("received",)]
    if fields:
        name, value = rng.choice(fields)
        words = WORD.findall(decoded(str(value)))
        keys.append(("HEADER", name, words[0] if words else ""))
    body_words = []
    for part in msg.walk():
        if part.get_content_maintype() != "text" or part.is_multipart():
            continue
        try:
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset() or "us-ascii"
            text = payload.decode(charset, errors="replace")
        except Exception:
            continue
        body_words.extend(WORD.findall(text))
    for word in rng.sample(body_words, min(3, len(body_words))):
        keys.append(("BODY", word))
    for word in rng.sample(body_words, min(2, len(body_words))):
        keys.append(("TEXT", word))
    return keys


# [SECTION] The comparison

class Tally:
    def __init__(self, show):
        self.compared = collections.Counter()
        self.differing = collections.Counter()
        self.value_differing = collections.Counter()
        self.examples = collections.defaultdict(list)
        self.show = show
        self.show_form = False

    def add(self, kind, where, ours, theirs, same_value=None):
        """same_value: whether the two answers say the same once string forms (quoted,
        literal, literal8) and the case of MIME tokens are set aside."""
        self.compared[kind] += 1
        if ours != theirs:
            self.differing[kind] += 1
            if same_value is False or same_value is None:
                self.value_differing[kind] += 1
            if len(self.examples[kind]) < self.show and (same_value is not True or self.show_form):
                self.examples[kind].append((where, ours, theirs))

    def report(self, out=sys.stdout):
        total_c = sum(self.compared.values())
        total_d = sum(self.differing.values())
        total_v = sum(self.value_differing.values())
        out.write("%-22s %9s %9s %9s\n" % ("item", "compared", "differing", "by value"))
        for kind in sorted(self.compared):
            out.write("%-22s %9d %9d %9d\n" % (kind, self.compared[kind], self.differing[kind],
                                              self.value_differing[kind]))
        out.write("%-22s %9d %9d %9d\n" % ("TOTAL", total_c, total_d, total_v))
        out.write("(differing: byte for byte; by value: string forms and the case of MIME tokens set aside)\n")
        for kind in sorted(self.examples):
            for where, ours, theirs in self.examples[kind]:
                out.write("\n--- %s  %s\n" % (kind, where))
                out.write("  mailscope: %s\n" % show_bytes(ours, theirs))
                out.write("  other:     %s\n" % show_bytes(theirs, ours))


def show_bytes(a, b, width=300):
    if not isinstance(a, bytes):
        return repr(a)
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    start = max(0, i - 60)
    text = repr(a[start:start + width])
    return ("@%d " % start if start else "") + text + (" ...(%d bytes)" % len(a) if len(a) > start + width else "")


def open_mailbox(conn, name):
    conn.command("CREATE " + quote(name))
    status, _, line = conn.command("SELECT " + quote(name))
    if status != "OK":
        raise ImapError("SELECT %s: %r" % (name, line))


def append_all(conn, mailbox, messages):
    for path, raw in messages:
        status, _, line = conn.command_with_tail("APPEND %s (\\Seen) %s" % (quote(mailbox), INTERNAL_DATE), raw, "")
        if status != "OK":
            sys.stderr.write("APPEND %s failed: %r\n" % (path, line))


def fetch(conn, seq, item):
    status, untagged, _ = conn.command("FETCH %d (%s)" % (seq, item))
    return status, fetch_data(untagged)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--other", required=True, help="HOST:PORT of the other IMAP server")
    ap.add_argument("--other-user", required=True)
    ap.add_argument("--other-password", required=True)
    ap.add_argument("--mailscope", default="127.0.0.1:1143", help="HOST:PORT of mailscope serve")
    ap.add_argument("--user", default="alice")
    ap.add_argument("--password", default="alice123")
    ap.add_argument("--show", type=int, default=3, help="diffs shown per item kind")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show-form", action="store_true",
                    help="show diffs of string form and case too, not only those of value")
    ap.add_argument("folders", nargs="+", help="folders of .eml files")
    args = ap.parse_args()

    messages = load_messages(args.folders)
    if not messages:
        sys.exit("no .eml files")
    servers = []
    for spec, user, password in ((args.mailscope, args.user, args.password),
                                 (args.other, args.other_user, args.other_password)):
        host, port = spec.rsplit(":", 1)
        servers.append(Connection(host, int(port), user, password))
    ours, theirs = servers
    mailbox = "compare-%d" % int(time.time())
    for conn in servers:
        open_mailbox(conn, mailbox)
        append_all(conn, mailbox, messages)
        conn.command("NOOP")
    tally = Tally(args.show)
    tally.show_form = args.show_form

    def compare(kind, seq, path, item):
        a = fetch(ours, seq, item)
        b = fetch(theirs, seq, item)
        where = "%s  FETCH %s" % (os.path.basename(path), item)
        fold = kind in ("BODY", "BODYSTRUCTURE")
        same_value = a[0] == b[0] and canonical(a[1], fold) == canonical(b[1], fold)
        tally.add(kind, where, (a[0] + " " if a[0] != b[0] else "").encode() + a[1],
                  (b[0] + " " if a[0] != b[0] else "").encode() + b[1], same_value)
        return a, b

    for seq, (path, raw) in enumerate(messages, 1):
        for kind, item in (("ENVELOPE", "ENVELOPE"), ("BODY", "BODY"), ("BODYSTRUCTURE", "BODYSTRUCTURE"),
                           ("RFC822.SIZE", "RFC822.SIZE"), ("BODY[HEADER]", "BODY.PEEK[HEADER]"),
                           ("BODY[TEXT]", "BODY.PEEK[TEXT]"), ("BODY[]", "BODY.PEEK[]"),
                           ("BODY[HEADER.FIELDS]", FETCH_HEADER_FIELDS), ("partial", "BODY.PEEK[]<0.100>"),
                           ("partial", "BODY.PEEK[TEXT]<0.100>"), ("BINARY[]", "BINARY.PEEK[]"),
                           ("BINARY.SIZE[]", "BINARY.SIZE[]")):
            compare(kind, seq, path, item)
        # The part numbers of both servers' structures.
        numbers = {}
        for conn in servers:
            _, data = fetch(conn, seq, "BODYSTRUCTURE")
            for number, what in part_numbers(fetch_value(data)):
                numbers.setdefault(number, what)
        for number in sorted(numbers, key=lambda n: [int(x) for x in n.split(".")]):
            what = numbers[number]
            compare("BODY[n]", seq, path, "BODY.PEEK[%s]" % number)
            compare("BODY[n.MIME]", seq, path, "BODY.PEEK[%s.MIME]" % number)
            compare("partial", seq, path, "BODY.PEEK[%s]<0.100>" % number)
            if what == "message":
                compare("BODY[n.HEADER]", seq, path, "BODY.PEEK[%s.HEADER]" % number)
                compare("BODY[n.TEXT]", seq, path, "BODY.PEEK[%s.TEXT]" % number)
                compare("BODY[n.HEADER.FIELDS]", seq, path,
                        "BODY.PEEK[%s.HEADER.FIELDS (FROM SUBJECT)]" % number)
            if what == "leaf":
                compare("BINARY[n]", seq, path, "BINARY.PEEK[%s]" % number)
                compare("BINARY.SIZE[n]", seq, path, "BINARY.SIZE[%s]" % number)
                compare("partial", seq, path, "BINARY.PEEK[%s]<0.100>" % number)

    rng = random.Random(args.seed)
    seen = set()
    for path, raw in messages:
        for key in search_keys(raw, rng):
            if key in seen:
                continue
            seen.add(key)
            results = []
            for conn in servers:
                words = [w.encode() for w in key[1:]]
                status, untagged, _ = search(conn, key[0], words)
                hits = set()
                for response in untagged:
                    if response.startswith(b"* SEARCH"):
                        hits.update(int(x) for x in response[8:].split())
                results.append((status + " " + " ".join(map(str, sorted(hits)))).encode())
            tally.add("SEARCH " + key[0], os.path.basename(path) + "  SEARCH " + " ".join(key),
                      results[0], results[1])

    tally.report()


def search(conn, key, words):
    """SEARCH CHARSET UTF-8 KEY word...: each word as a synchronizing literal."""
    conn.tag += 1
    tag = "c%d" % conn.tag
    text = (tag + " SEARCH CHARSET UTF-8 " + key).encode()
    untagged = []
    for word in words:
        conn.sock.sendall(text + b" {%d}\r\n" % len(word))
        while True:
            response = conn.read_response()
            if response.startswith(b"+"):
                break
            if response.startswith(tag.encode() + b" "):
                return status_of(response), untagged, response
            untagged.append(response)
        text = word
    conn.sock.sendall(text + b"\r\n")
    while True:
        response = conn.read_response()
        if response.startswith(tag.encode() + b" "):
            return status_of(response), untagged, response
        untagged.append(response)


if __name__ == "__main__":
    main()
