// The orderings of SORT (RFC 5256 BASE.6.4.SORT, sections 2.1 and 2.2) and SORT=DISPLAY
// (RFC 5957): sort keys read from a message, base-subject extraction, and the sort itself.
// Pure functions over mail::Message; THREAD (thread.h) uses the same keys.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/core/time.h"
#include "protocols/mail/message.h"

namespace mailscope::imap {

/// A SORT criterion's key (RFC 5256 BASE.6.4.SORT, RFC 5957 3).
enum class SortKey {
    Arrival,      ///< ARRIVAL: the internal date
    Cc,           ///< CC: addr-mailbox of the first Cc address
    Date,         ///< DATE: the sent date (section 2.2)
    From,         ///< FROM: addr-mailbox of the first From address
    Size,         ///< SIZE: RFC822.SIZE
    Subject,      ///< SUBJECT: the base subject (section 2.1)
    To,           ///< TO: addr-mailbox of the first To address
    DisplayFrom,  ///< DISPLAYFROM: display name of the first From address, else its addr-spec (RFC 5957)
    DisplayTo,    ///< DISPLAYTO: the same for To (RFC 5957)
};

/// The key's name on the wire: "ARRIVAL", ..., "DISPLAYTO".
std::string_view sortKeyName(SortKey key);
/// The key a name gives, in any case; nullopt for an unknown key.
std::optional<SortKey> sortKeyFromName(std::string_view name);

/// One sort criterion: a key, optionally REVERSE (which reverses only this key).
struct SortCriterion {
    SortKey key = SortKey::Arrival;
    bool reverse = false;
    friend bool operator==(const SortCriterion&, const SortCriterion&) = default;
};

/// The base subject of a Subject header value as written (RFC 5256 2.1).
struct BaseSubject {
    std::string text;             ///< UTF-8, RFC 2047 words decoded, blobs and Re:/Fwd: removed
    bool replyOrForward = false;  ///< extraction removed a "Re:"/"Fwd:" leader, a "(fwd)" trailer or "[fwd: ...]"
};
/// RFC 5256 2.1 steps 1-6 on a raw Subject value ("Re: [list] Fwd: x (fwd)" -> "x").
BaseSubject baseSubject(std::string_view subjectValue);
/// The base subject of a message ("" when it has no Subject).
BaseSubject baseSubject(const mail::Message& message);

/// The sent date (RFC 5256 2.2): the Date header as a UTC time, or the internal date when
/// the header is missing or cannot be parsed.
core::Time sentDate(const mail::Message& message);
/// The CC / FROM / TO sort key: addr-mailbox of the field's first address, "" without one.
std::string addressSortKey(const mail::Message& message, std::string_view field);
/// The DISPLAYFROM / DISPLAYTO sort key (RFC 5957 3): the first address's display name,
/// RFC 2047-decoded, when it has one that is not blank; otherwise its addr-spec
/// ("mailbox@host"); "" without an address.
std::string displaySortKey(const mail::Message& message, std::string_view field);

/// The i;ascii-casemap collation (RFC 4790 9.2), the default of SORT and THREAD: a-z as
/// A-Z, every other octet as itself. <0, 0 or >0.
int compareAsciiCasemap(std::string_view a, std::string_view b);

/// A message to order and its message sequence number (the final tie-breaker, RFC 5256).
struct SortItem {
    const mail::Message* message = nullptr;
    std::uint32_t seq = 0;
};
/// The indices of `items` in the order the criteria give; messages equal under every
/// criterion keep sequence-number order.
std::vector<std::size_t> sortOrder(std::span<const SortItem> items, std::span<const SortCriterion> criteria);

}  // namespace mailscope::imap
