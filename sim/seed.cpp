// Loading sample mail from assets/mail and seeding the demo accounts.
#include "sim/seed.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace mailscope::sim {

std::vector<MailFile> loadMailDirectory(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::directory_iterator it(dir, ec);
    if (ec) throw std::runtime_error(dir.string() + ": cannot read mail directory: " + ec.message());
    std::vector<MailFile> files;
    for (const auto& entry : it) {
        if (!entry.is_regular_file() || entry.path().extension() != ".eml") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        if (!in) throw std::runtime_error(entry.path().string() + ": cannot open");
        std::ostringstream bytes;
        bytes << in.rdbuf();
        files.push_back(MailFile{entry.path().filename().string(), bytes.str()});
    }
    std::sort(files.begin(), files.end(), [](const MailFile& a, const MailFile& b) { return a.name < b.name; });
    return files;
}

std::shared_ptr<const mail::Message> messageFromFile(const MailFile& file, core::Time fallback) {
    auto probe = mail::Message::fromBytes(file.bytes, fallback);
    const mail::Summary& s = probe->summary();
    if (s.date.empty()) return probe;
    return mail::Message::fromBytes(file.bytes, s.sentTime, s.sentZoneMinutes);
}

void seedDemoStore(mail::MailStore& store, const std::filesystem::path& assetsDir, core::Time now) {
    mail::Account& alice = store.addAccount("alice", "alice123");
    mail::Account& bob = store.addAccount("bob", "bob123");
    for (const MailFile& file : loadMailDirectory(assetsDir / "mail")) {
        auto message = messageFromFile(file, now);
        const bool toAlice = message->headerValue("To").value_or("").find("alice@") != std::string::npos;
        mail::Account& owner = toAlice ? alice : bob;
        store.append(owner, owner.inbox(), std::move(message));
    }
}

}  // namespace mailscope::sim
