// THREAD=ORDEREDSUBJECT and THREAD=REFERENCES (RFC 5256 3, BASE.6.4.THREAD): the thread
// trees of a set of messages, written as the THREAD response's thread lists.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/imap/sort.h"

namespace mailscope::imap {

/// A threading algorithm (RFC 5256 3).
enum class ThreadAlgorithm {
    OrderedSubject,  ///< ORDEREDSUBJECT: by base subject, the first message the parent of the rest
    References,      ///< REFERENCES: by Message-ID / References / In-Reply-To, then base subject
};

/// A message to thread: its SortItem (message, sequence number for tie-breaks) and the
/// number the response names it by (its sequence number, or its UID for UID THREAD).
struct ThreadItem {
    SortItem item;
    std::uint32_t number = 0;
};

/// The thread lists of a THREAD response, "(1)(2 3 (4)(5))", for messages given in
/// mailbox order; "" when there are none (RFC 5256 5: thread-data = "THREAD" [SP 1*thread-list]).
std::string threadLists(std::span<const ThreadItem> items, ThreadAlgorithm algorithm);

/// The Message-IDs of a References or In-Reply-To value, in order ("<a@b> (c) <c@d>" ->
/// "a@b", "c@d"); comments and quoted strings are skipped, empty "<>" ignored.
std::vector<std::string> messageIds(std::string_view value);

}  // namespace mailscope::imap
