// Compare mode's summary strip: the difference between the POP3 world and the IMAP world
// in one sentence and large type ("POP3 server: 0 messages · IMAP server: 4 messages — Laptop
// has 1 of 4 under POP3, 4 of 4 under IMAP"), read from the worlds every frame.
#pragma once

#include <string>

#include "app/ui/explorer.h"

namespace mailscope::app {

/// The strip's sentence in the current language; "" outside compare mode. The device named
/// is the one whose mailbox differs most between the worlds (the first one on a tie); "of N"
/// counts the messages delivered to its account's INBOX so far (the POP3 world's UIDNEXT - 1:
/// under POP3 nothing but delivery adds to it).
std::string compareSummary(const Explorer& explorer);

/// Draws the strip across the width at the cursor (compare mode only), in large type when
/// the two worlds keep enough room below it.
void drawCompareSummary(const Explorer& explorer);

}  // namespace mailscope::app
