// The mail store the server harnesses start from: alice / secret with special-use folders
// and a few messages whose MIME trees reach every FETCH path (multipart, message/rfc822,
// dots for POP3), built afresh for each input so that runs are reproducible.
#pragma once

#include <memory>

#include "protocols/mail/mail_store.h"

namespace mailscope::fuzz {

inline constexpr core::Time kNow = 1795770000;

struct FuzzStore {
    mail::MailStore store{7};
    mail::Account* alice = nullptr;

    FuzzStore() {
        alice = &store.addAccount("alice", "secret");
        store.addAccount("bob", "hunter2");
        const char* messages[] = {
            "From: Bob <bob@example.com>\r\nTo: alice@example.com, g: <@a,@b:c@d>, ;\r\nSubject: Hello\r\n"
            "Date: Fri, 27 Nov 2026 09:00:00 +0000\r\nMessage-ID: <1@example.com>\r\n\r\nHi\r\n.\r\n..dots\r\n",
            "From: =?UTF-8?Q?Za=C5=BC=C3=B3=C5=82=C4=87?= <z@x.pl>\r\nSubject: parts\r\n"
            "Content-Type: multipart/mixed; boundary=b\r\n\r\npreamble\r\n--b\r\n\r\nplain\r\n"
            "--b\r\nContent-Type: text/html; charset=utf-8\r\nContent-Disposition: inline; filename*0=a; filename*1=b\r\n\r\n"
            "<p>zażółć</p>\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nFrom: c@d\r\nSubject: inner\r\n"
            "Content-Type: multipart/alternative; boundary=c\r\n\r\n--c\r\n\r\nx\r\n--c--\r\n--b--\r\n",
            "Subject: no body",
            "",
        };
        for (const char* m : messages)
            store.append(*alice, alice->inbox(), mail::Message::fromBytes(m, kNow));
        mail::Flags seen;
        seen.addByName("\\Seen");
        seen.addByName("$Forwarded");
        store.append(*alice, alice->inbox(), mail::Message::fromBytes("Subject: seen\r\n\r\nread\r\n", kNow - 86400), seen);
    }
};

}  // namespace mailscope::fuzz
