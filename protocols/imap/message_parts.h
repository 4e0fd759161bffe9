// The parts of a message that IMAP FETCH and SEARCH reach into (RFC 3501 6.4.4, 6.4.5,
// 7.4.2): body sections, ENVELOPE, BODYSTRUCTURE, and text matching for SEARCH.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/mail/message.h"

namespace mailscope::imap {

/// A body section specifier: BODY[<part>.<kind> (<fields>)]<<partial>> (RFC 3501 6.4.5).
struct SectionSpec {
    /// Which text of the (sub)part the section names.
    enum class Kind {
        Full,             ///< BODY[] or BODY[1.2]: the whole (sub)part
        Header,           ///< BODY[HEADER]
        HeaderFields,     ///< BODY[HEADER.FIELDS (From To)]
        HeaderFieldsNot,  ///< BODY[HEADER.FIELDS.NOT (From To)]
        Text,             ///< BODY[TEXT]
        Mime,             ///< BODY[1.MIME]: the MIME header of a body part
    };
    std::vector<std::uint32_t> part;  ///< part path, e.g. {1, 2} for "1.2"; empty = top level
    Kind kind = Kind::Full;
    std::vector<std::string> fields;  ///< field names for HeaderFields / HeaderFieldsNot, as given
    std::optional<std::uint32_t> partialStart;  ///< <start.count>
    std::optional<std::uint32_t> partialCount;

    friend bool operator==(const SectionSpec&, const SectionSpec&) = default;
};

}  // namespace mailscope::imap
