// The mail store the app starts with: the demo accounts and assets/mail, delivered at
// the wall-clock time. Shared by the window and `mailscope demo`.
#pragma once

#include <iosfwd>

#include "protocols/mail/mail_store.h"

namespace mailscope::app {

/// Seeds `store` with sim::seedDemoStore from assetsDir() at the current time.
/// On failure (assets missing or unreadable) writes one line naming the path to `err`,
/// keeps whatever was added, and returns false.
bool seedAppStore(mail::MailStore& store, std::ostream& err);

}  // namespace mailscope::app
