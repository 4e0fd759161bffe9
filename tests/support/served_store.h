// The store most loopback tests serve: alice (alice123) with three messages in INBOX
// ("one", "two", "three"; UIDs 1-3) and bob (bob123) with none, a ServerHost on the
// store, and plain POP3 and IMAP listening on free loopback ports.
#pragma once

#include <memory>
#include <string>

#include "protocols/mail/mail_store.h"
#include "sim/net/net_server.h"
#include "sim/server_host.h"
#include "tests/support/loopback.h"

namespace mailscope::test {

struct ServedStore {
    static constexpr core::Time kNow = 1795770000;

    ServedStore() : host(store, sim::HostConfig{}) {
        mail::Account& alice = store.addAccount("alice", "alice123");
        store.addAccount("bob", "bob123");
        for (const char* subject : {"one", "two", "three"})
            store.append(alice, alice.inbox(),
                         mail::Message::fromBytes(std::string("From: zofia@example.pl\r\nSubject: ") + subject +
                                                      "\r\n\r\nHello.\r\n",
                                                  kNow));
        inbox = &alice.inbox();
        net = listenPlain(host, ports, error);
    }

    mail::MailStore store;
    sim::ServerHost host;
    mail::Mailbox* inbox = nullptr;  ///< alice's
    sim::net::Ports ports;
    std::string error;               ///< why nothing listens, when `net` is null
    std::unique_ptr<sim::net::NetServer> net;
};

}  // namespace mailscope::test
