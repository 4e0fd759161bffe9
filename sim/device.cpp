// A simulated device's local store and its settings; the protocol behaviours live in
// pop3_client.cpp and imap_client.cpp.
#include "sim/device.h"

#include <algorithm>

#include "protocols/core/catalogue.h"

namespace mailscope::sim {
namespace {

bool isInbox(std::string_view name) { return core::equalsIgnoreCase(name, "INBOX"); }

/// Whether `name` is `parent` or below it ("A" covers "A" and "A/x", not "AB").
bool within(std::string_view name, std::string_view parent) {
    return name == parent || (name.size() > parent.size() && name.starts_with(parent) && name[parent.size()] == '/');
}

bool subjectMatches(const LocalMessage& m, std::string_view text) {
    return m.message && m.message->summary().subject.find(text) != std::string::npos;
}

}  // namespace

// [SECTION] LocalStore

LocalStore::LocalStore() { clear(); }

void LocalStore::clear() {
    m_folders.clear();
    m_folders.push_back(LocalFolder{"INBOX", 0, {}, false});
}

LocalFolder* LocalStore::find(std::string_view name) {
    for (LocalFolder& f : m_folders)
        if (f.name == name || (isInbox(name) && isInbox(f.name))) return &f;
    return nullptr;
}

const LocalFolder* LocalStore::find(std::string_view name) const {
    return const_cast<LocalStore*>(this)->find(name);
}

LocalFolder& LocalStore::folder(std::string_view name) {
    if (LocalFolder* f = find(name)) return *f;
    m_folders.push_back(LocalFolder{std::string(name), 0, {}, false});
    // INBOX first, then by name, as a mail client lists them.
    std::stable_sort(m_folders.begin() + 1, m_folders.end(),
                     [](const LocalFolder& a, const LocalFolder& b) { return a.name < b.name; });
    return *find(name);
}

bool LocalStore::remove(std::string_view name) {
    if (isInbox(name) || !find(name)) return false;
    const std::string parent(name);
    std::erase_if(m_folders, [&](const LocalFolder& f) { return within(f.name, parent); });
    return true;
}

bool LocalStore::rename(std::string_view from, std::string_view to) {
    if (isInbox(from) || !find(from) || find(to)) return false;
    const std::string parent(from);
    for (LocalFolder& f : m_folders)
        if (within(f.name, parent)) f.name = std::string(to) + f.name.substr(parent.size());
    std::stable_sort(m_folders.begin() + 1, m_folders.end(),
                     [](const LocalFolder& a, const LocalFolder& b) { return a.name < b.name; });
    return true;
}

std::optional<LocalStore::Location> LocalStore::locate(const MessageRef& ref, std::string_view folder) {
    for (LocalFolder& f : m_folders) {
        if (!folder.empty() && f.name != folder && !(isInbox(folder) && isInbox(f.name))) continue;
        for (std::size_t i = 0; i < f.messages.size(); ++i) {
            const LocalMessage& m = f.messages[i];
            const bool match = ref.uid ? m.id == *ref.uid : subjectMatches(m, ref.subjectContains);
            if (match) return Location{&f, i};
        }
    }
    return std::nullopt;
}

std::size_t LocalStore::messageCount() const {
    std::size_t n = 0;
    for (const LocalFolder& f : m_folders) n += f.messages.size();
    return n;
}

// [SECTION] notes about messages

Note messagePhrase(const LocalMessage& m) {
    if (m.message && !m.message->summary().subject.empty())
        return makeNote("msg.subject", {noteData(m.message->summary().subject)});
    return makeNote("msg.number", {noteData(m.id)});
}

Note noSuchMessage(const MessageRef& ref) {
    if (ref.uid) return makeNote("note.no_message_number", {noteData(*ref.uid)});
    return makeNote("note.no_message_subject", {noteData(ref.subjectContains)});
}

// [SECTION] Device

Device::Device(DeviceSettings settings, std::string password, core::Time now)
    : m_settings(std::move(settings)), m_password(std::move(password)) {
    setProtocol(m_settings.protocol, now);
}

void Device::setProtocol(Protocol protocol, core::Time now) {
    m_settings.protocol = protocol;
    m_local.clear();
    m_behaviour = protocol == Protocol::Pop3 ? makePop3Client(m_settings, m_password, m_local, now)
                                             : makeImapClient(m_settings, m_password, m_local, now);
}

Note Device::statusNote() const {
    if (!m_online) return makeNote("status.offline");
    return m_behaviour->status();
}

}  // namespace mailscope::sim
