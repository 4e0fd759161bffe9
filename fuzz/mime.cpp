// Fuzz harness: the MIME structure parser behind FETCH and SEARCH (message_parts.cpp): a
// message's ENVELOPE, BODY and BODYSTRUCTURE, a BODY[section]<partial> named by the input,
// and SEARCH's text matching. Property: what the server would write, the IMAP client
// engine reads without a ProtocolError (RFC 3501 7.4.2).
//
// Input: the first line is a section ("1.2.MIME", "HEADER.FIELDS (From)", "2.TEXT<3.10>",
// "" for BODY[]), also used as the SEARCH needle; the rest is the message.
#include "fuzz/fuzz_input.h"
#include "protocols/imap/client_engine.h"
#include "protocols/imap/message_parts.h"

using namespace mailscope;

namespace {

constexpr core::Time kNow = 1795770000;

std::uint32_t number(std::string_view& s) {
    std::uint32_t n = 0;
    while (!s.empty() && s[0] >= '0' && s[0] <= '9') {
        n = static_cast<std::uint32_t>(std::min<std::uint64_t>(n * 10ull + static_cast<std::uint32_t>(s[0] - '0'), 0xFFFFFFFFu));
        s.remove_prefix(1);
    }
    return n;
}

imap::SectionSpec section(std::string_view s) {
    imap::SectionSpec spec;
    while (!s.empty() && s[0] >= '0' && s[0] <= '9' && spec.part.size() < 16) {
        spec.part.push_back(number(s));
        if (!s.empty() && s[0] == '.') s.remove_prefix(1);
    }
    using Kind = imap::SectionSpec::Kind;
    const auto take = [&s](std::string_view word) {
        if (!s.starts_with(word)) return false;
        s.remove_prefix(word.size());
        return true;
    };
    if (take("HEADER.FIELDS.NOT")) spec.kind = Kind::HeaderFieldsNot;
    else if (take("HEADER.FIELDS")) spec.kind = Kind::HeaderFields;
    else if (take("HEADER")) spec.kind = Kind::Header;
    else if (take("TEXT")) spec.kind = Kind::Text;
    else if (take("MIME")) spec.kind = Kind::Mime;
    if (take(" (")) {
        const std::size_t close = std::min(s.find(')'), s.size());
        std::string_view names = s.substr(0, close);
        s.remove_prefix(close);
        while (!names.empty()) {
            const std::size_t space = std::min(names.find(' '), names.size());
            if (space > 0) spec.fields.emplace_back(names.substr(0, space));
            names.remove_prefix(std::min(space + 1, names.size()));
        }
        take(")");
    }
    if (take("<")) {
        spec.partialStart = number(s);
        if (take(".")) spec.partialCount = number(s);
    }
    return spec;
}

/// The client engine reads a FETCH response with these items; fails on any ProtocolError.
void clientReads(const std::string& items) {
    imap::TokenizerLimits limits = imap::ClientEngine::defaultLimits();
    imap::ClientEngine client(limits);
    (void)client.receive("* OK ready\r\n");
    const auto events = client.receive("* 1 FETCH (" + items + ")\r\n");
    if (events.size() != 1 || !std::holds_alternative<imap::client::FetchData>(events[0])) fuzz::fail();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::size_t lf = std::min(text.find('\n'), text.size());
    const std::string_view first = text.substr(0, lf);
    const std::string_view raw = text.substr(std::min(lf + 1, text.size()));
    const auto message = mail::Message::fromBytes(raw, kNow);

    const std::string envelope = imap::envelope(*message);
    const std::string body = imap::bodyStructure(*message, false);
    const std::string structure = imap::bodyStructure(*message, true);
    clientReads("ENVELOPE " + envelope + " BODY " + body + " BODYSTRUCTURE " + structure);

    const imap::SectionSpec spec = section(first);
    const std::string bytes = imap::sectionBytes(*message, spec);
    const std::string_view partial = imap::applyPartial(bytes, spec);
    if (partial.size() > bytes.size()) fuzz::fail();
    clientReads("BODY[] " + imap::imapString(partial));

    (void)imap::headerContains(*message, "Subject", first);
    (void)imap::addressContains(*message, "To", first);
    (void)imap::bodyContains(*message, first);
    (void)imap::textContains(*message, first);
    (void)imap::sentDateDay(*message);
    (void)imap::searchDateDay(first);
    return 0;
}
