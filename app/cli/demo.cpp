// `mailscope demo`: the headless demonstration. A phone checks alice's mail over POP3,
// in memory, and every protocol line is printed with what it means; then the server's
// mailbox shows what POP3 did to it.
#include "app/cli/demo.h"

#include <iomanip>
#include <ostream>
#include <set>
#include <string_view>

#include "app/ui/app_store.h"
#include "app/ui/mail_text.h"
#include "sim/pop3_check.h"

namespace mailscope::app {
namespace {

void printMailbox(std::ostream& out, const mail::Account& account) {
    const mail::Mailbox& inbox = account.inbox();
    out << "  " << account.user() << "'s INBOX on the server: " << mailboxSummary(inbox) << "\n";
    for (const mail::MailItem& item : inbox.items()) {
        const MessageRow row = messageRow(item);
        out << "    UID " << row.uid << "  " << row.size << "  " << row.from << "  \"" << row.subject << "\"\n";
    }
}

/// RFC 1939: these commands answer +OK with data lines ended by "." (LIST and UIDL only
/// without an argument).
bool isMultiLine(std::string_view command) {
    const bool hasArgument = command.find(' ') != std::string_view::npos;
    return command.starts_with("RETR") || command.starts_with("TOP") || command.starts_with("CAPA") ||
           (!hasArgument && (command == "LIST" || command == "UIDL"));
}

void printTranscript(std::ostream& out, const sim::Transcript& transcript) {
    constexpr std::size_t kDataLinesShown = 3;  // of each multi-line response's data
    std::set<std::string_view> explained;       // each meaning is told once
    bool inData = false;                        // between a multi-line +OK and its "."
    bool multiLineCommand = false;              // the last command answers with data lines
    std::size_t dataLines = 0;
    for (const sim::TranscriptEntry& e : transcript.entries()) {
        const bool client = e.direction == core::Direction::ClientToServer;
        if (!client && inData && e.text != ".") {
            if (++dataLines <= kDataLinesShown) out << "  " << std::left << std::setw(8) << e.device << " S: " << e.text << "\n";
            continue;
        }
        if (inData && dataLines > kDataLinesShown)
            out << "  " << std::setw(8) << "" << "    (" << dataLines - kDataLinesShown << " more lines)\n";
        inData = false;
        std::string line = (client ? "C: " : "S: ") + e.text;
        out << "  " << std::left << std::setw(8) << e.device << ' ' << line;
        if (e.explanation && !explained.contains(e.explanation->key)) {
            explained.insert(e.explanation->key);
            const std::size_t width = line.size() < 44 ? 44 - line.size() : 1;
            out << std::string(width, ' ') << "# " << e.explanation->en;
        }
        out << "\n";
        if (client) multiLineCommand = isMultiLine(e.text);
        if (!client && multiLineCommand && e.text.starts_with("+OK")) {
            inData = true;
            dataLines = 0;
        }
    }
}

}  // namespace

int runDemo(const std::vector<std::string>& args, std::ostream& out) {
    bool leaveCopy = false;
    for (const std::string& arg : args) {
        if (arg == "--leave-copy") {
            leaveCopy = true;
        } else {
            out << "mailscope demo: unexpected argument '" << arg << "'\n"
                << "usage: mailscope demo [--leave-copy]\n";
            return 2;
        }
    }
    mail::MailStore store;
    if (!seedAppStore(store, out)) return 1;
    const mail::Account& alice = *store.findAccount("alice");

    out << "mailscope demo: a phone checks alice's mail over POP3"
        << (leaveCopy ? ", leaving a copy on the server.\n\n" : ".\n\n")
        << "Before:\n";
    printMailbox(out, alice);

    sim::Transcript transcript;
    sim::Pop3CheckOptions options;
    options.device = "Phone";
    options.user = "alice";
    options.password = "alice123";
    options.leaveCopy = leaveCopy;
    options.now = 1795770000;
    const sim::Pop3CheckResult result = sim::runPop3Check(store, options, transcript);

    out << "\nThe conversation (C: the phone, S: the server):\n";
    printTranscript(out, transcript);
    out << "\nAfter:\n";
    printMailbox(out, alice);
    out << "\nThe phone downloaded " << result.downloaded.size() << " message(s); the server deleted "
        << result.deletedOnServer << ".\n";
    if (!leaveCopy)
        out << "Under POP3 the mail now lives only on the phone: a laptop checking next finds nothing.\n"
               "Run `mailscope demo --leave-copy` to see \"leave a copy on the server\".\n";
    if (!result.error.empty()) {
        out << "The check stopped: " << result.error << "\n";
        return 1;
    }
    return 0;
}

}  // namespace mailscope::app
