// Flags and read-only mailbox queries (RFC 3501 2.3.2 flags, 2.3.1 UIDs).
#include "protocols/mail/mailbox.h"

#include <algorithm>
#include <set>

#include "protocols/core/catalogue.h"

namespace mailscope::mail {
namespace {

struct SystemFlagName {
    SystemFlag flag;
    std::string_view name;
};
constexpr SystemFlagName kSystemFlags[] = {
    {SystemFlag::Seen, "\\Seen"},       {SystemFlag::Answered, "\\Answered"}, {SystemFlag::Flagged, "\\Flagged"},
    {SystemFlag::Deleted, "\\Deleted"}, {SystemFlag::Draft, "\\Draft"},
};

/// RFC 3501 atom characters, less the ones that end a flag: no "(){ %*\"\\]" or CTLs.
bool validKeyword(std::string_view k) {
    if (k.empty()) return false;
    for (unsigned char c : k)
        if (c <= 0x20 || c >= 0x7f || c == '(' || c == ')' || c == '{' || c == '%' || c == '*' || c == '"' ||
            c == '\\' || c == ']')
            return false;
    return true;
}

}  // namespace

void Flags::set(SystemFlag f, bool on) {
    if (on)
        system |= static_cast<std::uint8_t>(f);
    else
        system &= static_cast<std::uint8_t>(~static_cast<std::uint8_t>(f));
}

bool Flags::hasKeyword(std::string_view k) const {
    return std::any_of(keywords.begin(), keywords.end(), [&](const std::string& x) { return core::equalsIgnoreCase(x, k); });
}

void Flags::addKeyword(std::string_view k) {
    if (hasKeyword(k)) return;
    keywords.emplace_back(k);
    std::sort(keywords.begin(), keywords.end());
}

void Flags::removeKeyword(std::string_view k) {
    std::erase_if(keywords, [&](const std::string& x) { return core::equalsIgnoreCase(x, k); });
}

void Flags::add(const Flags& other) {
    system |= other.system;
    for (const auto& k : other.keywords) addKeyword(k);
}

void Flags::remove(const Flags& other) {
    system &= static_cast<std::uint8_t>(~other.system);
    for (const auto& k : other.keywords) removeKeyword(k);
}

std::string Flags::toString() const {
    std::string out;
    for (const auto& f : kSystemFlags) {
        if (!has(f.flag)) continue;
        if (!out.empty()) out += ' ';
        out += f.name;
    }
    for (const auto& k : keywords) {
        if (!out.empty()) out += ' ';
        out += k;
    }
    return out;
}

bool Flags::addByName(std::string_view name) {
    if (!name.empty() && name.front() == '\\') {
        for (const auto& f : kSystemFlags)
            if (core::equalsIgnoreCase(f.name, name)) {
                set(f.flag);
                return true;
            }
        return false;  // \Recent and unknown system flags cannot be stored
    }
    if (!validKeyword(name)) return false;
    addKeyword(name);
    return true;
}

std::string_view specialUseAttribute(SpecialUse u) {
    switch (u) {
        case SpecialUse::None: return "";
        case SpecialUse::Sent: return "\\Sent";
        case SpecialUse::Drafts: return "\\Drafts";
        case SpecialUse::Trash: return "\\Trash";
        case SpecialUse::Junk: return "\\Junk";
        case SpecialUse::Archive: return "\\Archive";
    }
    return "";
}

std::ptrdiff_t Mailbox::indexOfUid(std::uint32_t uid) const {
    auto it = std::lower_bound(m_items.begin(), m_items.end(), uid,
                               [](const MailItem& item, std::uint32_t u) { return item.uid < u; });
    if (it == m_items.end() || it->uid != uid) return -1;
    return it - m_items.begin();
}

const MailItem* Mailbox::findUid(std::uint32_t uid) const {
    const auto i = indexOfUid(uid);
    return i < 0 ? nullptr : &m_items[static_cast<std::size_t>(i)];
}

std::size_t Mailbox::countWithout(SystemFlag f) const {
    return static_cast<std::size_t>(
        std::count_if(m_items.begin(), m_items.end(), [f](const MailItem& m) { return !m.flags.has(f); }));
}

std::size_t Mailbox::recentCount() const {
    return static_cast<std::size_t>(std::count_if(m_items.begin(), m_items.end(), [](const MailItem& m) { return m.recent; }));
}

std::vector<std::string> Mailbox::keywordsInUse() const {
    std::set<std::string> all;
    for (const auto& m : m_items) all.insert(m.flags.keywords.begin(), m.flags.keywords.end());
    return {all.begin(), all.end()};
}

}  // namespace mailscope::mail
