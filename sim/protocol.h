// Which protocol a link speaks: declared once for the world, its links, transcripts and
// events (POP3, RFC 1939; IMAP, RFC 3501). A third (SMTP submission) joins here.
#pragma once

#include <string_view>

namespace mailscope::sim {

enum class Protocol {
    Pop3,  ///< RFC 1939: download, then (usually) delete
    Imap,  ///< RFC 3501: the mail stays on the server
};

/// "POP3" or "IMAP", as people write it.
constexpr std::string_view protocolName(Protocol protocol) {
    switch (protocol) {
        case Protocol::Pop3: return "POP3";
        case Protocol::Imap: return "IMAP";
    }
    return "?";
}

}  // namespace mailscope::sim
