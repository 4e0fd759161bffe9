// One POP3 mail check as a simple mail client performs it (RFC 1939): log in, STAT,
// UIDL, RETR every message, DELE it unless "leave a copy on the server" is on, QUIT.
// A client engine and a server session talk in memory; every line goes into a transcript.
#pragma once

#include <string>
#include <vector>

#include "protocols/mail/mail_store.h"
#include "sim/transcript.h"

namespace mailscope::sim {

struct Pop3CheckOptions {
    std::string device = "Phone";   ///< the name shown in the transcript
    std::string user;
    std::string password;
    bool leaveCopy = false;         ///< "leave a copy on the server": no DELE
    core::Time now = 0;             ///< the simulated time of the check
};

struct Pop3CheckResult {
    bool loggedIn = false;
    std::vector<std::string> downloaded;  ///< the bytes of each message RETR'd, in order
    std::size_t deletedOnServer = 0;      ///< messages the UPDATE state removed
    std::string error;                    ///< why the check stopped early, if it did
};

/// Runs the check against `store`, appending every line to `transcript`.
Pop3CheckResult runPop3Check(mail::MailStore& store, const Pop3CheckOptions& options, Transcript& transcript);

}  // namespace mailscope::sim
