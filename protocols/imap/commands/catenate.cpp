// APPEND ... CATENATE (RFC 4469): a message put together on the server from TEXT literals
// and the messages or parts that IMAP URLs (RFC 5092) name in this user's mailboxes.
#include "protocols/imap/command_args.h"
#include "protocols/imap/imap_url.h"
#include "protocols/imap/message_parts.h"
#include "protocols/imap/server_session.h"

namespace mailscope::imap {
namespace {

/// A URL's ;SECTION= value as a section spec, read by the FETCH grammar's own parser.
std::optional<SectionSpec> urlSection(const ImapUrl& url) {
    SectionSpec spec;
    if (!url.section.empty()) {
        Tokenizer::Line line = tokenizeText("BODY[" + url.section + "]");
        if (line.syntaxError || line.values.size() != 1 || line.values[0].kind != Value::Kind::Section)
            return std::nullopt;
        std::string problem;
        args::Reader reader(line.values, 0, problem);
        auto parsed = args::parseSection(reader, line.values[0]);
        if (!parsed) return std::nullopt;
        spec = std::move(*parsed);
    }
    spec.partialStart = url.partialStart;
    spec.partialCount = url.partialCount;
    return spec;
}

}  // namespace

std::optional<std::string> ServerSession::catenateMessage(const Append& append, std::uint64_t budget,
                                                          Completion& error) const {
    std::string message;
    const auto tooBig = [&] {
        error = Completion::no("The message would be larger than the server accepts", "TOOBIG");
        return std::nullopt;
    };
    for (const CatenatePart& part : append.catenate) {
        if (!part.url) {
            if (message.size() + part.text.size() > budget) return tooBig();
            message += part.text;
            continue;
        }
        const auto badUrl = [&](std::string_view why) {
            error = Completion::no("CATENATE failed: " + std::string(why), "BADURL " + badUrlText(part.text));
            return std::nullopt;
        };
        const auto url = parseImapUrl(part.text, m_account->user(), m_config.hostname);
        if (!url) return badUrl("not a URL of this server and user naming a message");
        const mail::Mailbox* mailbox = nullptr;
        if (!url->mailbox) {
            if (!m_selected) return badUrl("a relative URL needs a selected mailbox");
            mailbox = &selectedMailbox();
        } else if (const auto name = decodeName(*url->mailbox)) {
            mailbox = m_account->findMailbox(*name);
        }
        if (!mailbox) return badUrl("no such mailbox");
        if (url->uidValidity && *url->uidValidity != mailbox->uidValidity()) return badUrl("UIDVALIDITY has changed");
        const mail::MailItem* item = mailbox->findUid(url->uid);
        if (!item) return badUrl("no message with that UID");
        const auto section = urlSection(*url);
        if (!section) return badUrl("invalid section");
        if (!sectionExists(*item->message, *section)) return badUrl("the message has no such part");
        const std::string bytes = sectionBytes(*item->message, *section);
        const std::string_view data = applyPartial(bytes, *section);
        if (message.size() + data.size() > budget) return tooBig();
        message += data;
    }
    return message;
}

}  // namespace mailscope::imap
