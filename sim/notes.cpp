// Notes for people: the English templates of every note, status and action description
// sim/ writes, and the renderer that fills in their arguments in any language.
#include "sim/notes.h"

#include <algorithm>
#include <charconv>
#include <unordered_map>

namespace mailscope::sim {
namespace {

// [SECTION] the English templates
// Keys: "note.*" device transcripts, "log.*" the server log, "status.*" a device's status,
// "action.*" what an action does, "msg.*" how a note names a message. Arguments are data.

constexpr NoteTemplate kTemplates[] = {
    // How notes name a message and the message an action asks for.
    {"msg.subject", "\"{0}\""},
    {"msg.number", "message {0}"},
    {"action.ref.none", ""},
    {"action.ref.uid", " {0}"},
    {"action.ref.subject", " \"{0}\""},

    // Connections (the world).
    {"note.connected", "connected to the {0} server (session {1})"},
    {"note.closed_by_device", "connection closed by the device"},
    {"note.closed_by_server", "connection closed by the server"},
    {"note.not_connected_nothing_sent", "not connected: nothing sent"},
    {"note.tls.handshake", "{0} handshake: {1}, self-signed server certificate (CN mailscope)"},
    {"note.tls.handshake_failed", "TLS handshake failed: {0}"},
    {"note.tls.error", "TLS error: {0}"},
    {"note.tls.no_context", "no TLS context"},
    {"note.tls.unfinished", "the handshake did not finish"},
    {"note.tls.damaged", "the data did not arrive intact"},
    {"note.tls.starttls_not_offered", "the server does not offer {0}: no login without encryption"},
    {"note.tls.starttls_refused", "the server refused {0} ({1}): no login without encryption"},
    {"note.switched_off", "switched off"},
    {"note.compare_mode", "compare mode: every device stays on {0}"},
    {"note.account_reset", "account set up again for {0}"},
    {"note.now_using", "now using {0}; the local copy starts empty"},
    {"note.leave_copy_on", "leave a copy on the server: on"},
    {"note.leave_copy_off", "leave a copy on the server: off"},
    {"note.idle_on", "IDLE: on"},
    {"note.idle_off", "IDLE: off"},
    {"note.quick_resync_on", "quick resync (QRESYNC): on"},
    {"note.quick_resync_off", "quick resync (QRESYNC): off"},
    {"note.quick_resync_on_next", "quick resync (QRESYNC): on, from the next connection"},
    {"note.quick_resync_off_next", "quick resync (QRESYNC): off, from the next connection"},
    {"note.tls_on", "secure connection (TLS): on"},
    {"note.tls_off", "secure connection (TLS): off"},
    {"note.tls_on_next", "secure connection (TLS): on, from the next connection"},
    {"note.tls_off_next", "secure connection (TLS): off, from the next connection"},
    {"note.tls_starttls", "secure connection: STARTTLS (plain text first, encrypted before the login)"},
    {"note.tls_starttls_next", "secure connection: STARTTLS, from the next connection"},
    {"note.offline", "offline"},
    {"note.offline_dropped", "offline: the connection dropped"},
    {"note.online_again", "online again"},
    {"next.connection_closes", "(connection closes)"},

    // The server log.
    {"log.session_opened", "session {0} opened for {1}"},
    {"log.session_ended", "session {0} of {1} ended"},
    {"log.device_name_taken", "cannot add a device named \"{0}\": the name is empty or taken"},
    {"log.device_no_account", "cannot add {0}: no account \"{1}\""},
    {"log.deliver_no_account", "cannot deliver mail: no account \"{0}\""},
    {"log.new_mail", "new mail for {0}: \"{1}\""},
    {"log.no_device", "no device named \"{0}\": {1} skipped"},

    // Both clients.
    {"note.already_checking", "already checking mail"},
    {"note.offline_no_server", "offline: cannot reach the server"},
    {"note.connect_failed", "could not connect to the server"},
    {"note.login_failed", "login failed: {0}"},
    {"note.no_message_given", "no message given"},
    {"note.no_message_number", "no message {0} on this device"},
    {"note.no_message_subject", "no message \"{0}\" on this device"},
    {"note.not_a_flag", "\"{0}\" is not a flag this client can set"},
    {"note.no_target_folder", "no folder given to move the message to"},
    {"note.already_in", "{0} is already in \"{1}\""},
    {"note.no_folder_name", "no folder name given"},
    {"note.folder_exists", "folder \"{0}\" already exists"},
    {"note.rename_needs_names", "rename needs a folder and a new name"},
    {"note.no_folder", "no folder \"{0}\" on this device"},
    {"note.rename_failed", "could not rename \"{0}\""},
    {"note.inbox_no_delete", "INBOX cannot be deleted"},

    // The POP3 client.
    {"note.pop3.lost_before_quit_answer",
     "connection lost before the answer to QUIT: the server may not have deleted the marked messages"},
    {"note.pop3.lost_nothing_deleted", "connection lost: the server deleted nothing (no QUIT, no UPDATE state)"},
    {"note.pop3.opened", "opened {0} and marked it read (local only: the server does not know)"},
    {"note.pop3.marked_unread", "marked {0} unread (local only: the server does not know)"},
    {"note.pop3.greeting_refused", "the server refused the connection: {0}"},
    {"note.pop3.quit_failed", "the server could not delete every marked message: {0}"},
    {"note.pop3.undo_deletes", "the marks for deletion will be taken back with RSET before QUIT"},
    {"note.pop3.nothing_to_undo", "no POP3 session is open: there are no marks for deletion to take back"},
    {"note.imap.undo_deletes", "undoing deletions with RSET is POP3's: IMAP deletes with \\Deleted and EXPUNGE"},
    {"note.pop3.refused_message", "the server refused {0} {1}: {2}"},
    {"note.pop3.refused_nothing_downloaded", "the server refused {0}: {1}; nothing downloaded"},
    {"note.pop3.no_new", "no new messages"},
    {"note.pop3.new", "{0} new {0|message|messages}"},
    {"note.pop3.no_new_known", "no new messages; UIDL shows {0} already downloaded earlier"},
    {"note.pop3.new_known", "{0} new {0|message|messages}; UIDL shows {1} already downloaded earlier"},
    {"note.pop3.saved", "saved {0} as local message {1}"},
    {"note.pop3.unexpected", "the server sent something unexpected: {0}"},
    {"note.pop3.flag_set", "set {0} on {1} (local only: the server does not know)"},
    {"note.pop3.flag_cleared", "cleared {0} from {1} (local only: the server does not know)"},
    {"note.pop3.deleted", "deleted {0} from this device (local only: the server does not know)"},
    {"note.pop3.moved", "moved {0} to \"{1}\" (local only: the server does not know)"},
    {"note.pop3.moved_new_folder", "moved {0} to new folder \"{1}\" (local only: the server does not know)"},
    {"note.pop3.folder_created", "created folder \"{0}\" (local only: the server does not know)"},
    {"note.pop3.inbox_no_rename", "INBOX cannot be renamed"},
    {"note.pop3.folder_renamed", "renamed folder \"{0}\" to \"{1}\" (local only: the server does not know)"},
    {"note.pop3.folder_deleted", "deleted folder \"{0}\" and its messages (local only: the server does not know)"},

    // The IMAP client.
    {"note.imap.idle_next_check", "IDLE starts with the next mail check"},
    {"note.imap.offline_change", "offline: changed here; the server is told once the device is online"},
    {"note.imap.reconnecting", "reconnecting"},
    {"note.imap.refused", "the server refused: {0}"},
    {"note.imap.idle_refused", "the server refused IDLE: {0}"},
    {"note.imap.no_quick_resync", "the server does not offer {0}: a full sync, every message's flags"},
    {"note.imap.folder_new", "new folder on the server: \"{0}\""},
    {"note.imap.folder_gone", "folder \"{0}\" is gone from the server"},
    {"note.imap.uidvalidity", "\"{0}\" has a new UIDVALIDITY: its local copy was dropped"},
    {"note.imap.cannot_open", "cannot open \"{0}\": {1}"},
    {"note.imap.removed_count", "{0}: {1} {1|message|messages} removed on the server"},
    {"note.imap.lost_track", "lost track of the messages in \"{0}\": reconnecting"},
    {"note.imap.new_mail", "new mail: {0} {0|message|messages}"},
    {"note.imap.new_in_folder", "{0}: {1} new {1|message|messages}"},
    {"note.imap.greeting_refused", "the server turned the connection away: {0}"},
    {"note.imap.bye", "the server is closing the connection"},
    {"note.imap.message_removed", "{0} was removed on the server"},
    {"note.imap.protocol_error", "could not follow the server: {0}"},
    {"note.imap.still_moving", "{0} is still being moved; try again once the server has it"},
    {"note.imap.invalid_folder", "\"{0}\" is not a valid folder name"},
    {"note.imap.inbox_no_rename", "INBOX cannot be renamed here"},
    {"note.imap.folder_gone_quoted", "\"{0}\" is gone from the server"},
    {"note.imap.message_gone", "{0} is gone from the server"},
    {"note.imap.back_in", "{0} is back in \"{1}\""},
    {"note.imap.opened_local", "opened {0} from the local copy"},
    {"note.imap.opened_local_marking", "opened {0} from the local copy; marking it read"},

    // A device's status.
    {"status.offline", "offline"},
    {"status.idle", "idle"},
    {"status.connecting", "connecting"},
    {"status.logging_in", "logging in"},
    {"status.asking_capabilities", "asking what the server offers"},
    {"status.enabling_quick_resync", "turning on quick resync (QRESYNC)"},
    {"status.starting_tls", "switching to TLS"},
    {"status.no_starttls", "stopped: no {0}, so no login in clear text"},
    {"status.logging_out", "logging out"},
    {"status.checking_mail", "checking mail"},
    {"status.downloading_n_of_m", "downloading {0} of {1}"},
    {"status.marking_for_deletion", "marking for deletion"},
    {"status.not_connected", "not connected"},
    {"status.not_connected_waiting", "not connected; {0} {0|change|changes} waiting"},
    {"status.waiting_in_idle", "waiting in IDLE"},
    {"status.idle_connected", "idle (connected)"},
    {"status.ending_idle", "ending IDLE"},
    {"status.listing_folders", "listing folders"},
    {"status.checking_folder", "checking {0}"},
    {"status.syncing_folder", "syncing {0}"},
    {"status.opening_folder", "opening {0}"},
    {"status.fetching_new_headers", "fetching new headers"},
    {"status.sending_a_change", "sending a change"},
    {"status.downloading_a_message", "downloading a message"},

    // What an action does (describeAction): "{device}: {what}".
    {"action.by_device", "{0}: {1}"},
    {"action.check_mail", "check mail"},
    {"action.open_message", "open message{0}"},
    {"action.mark_unread", "mark unread{0}"},
    {"action.flag", "flag{0} {1}"},
    {"action.unflag", "unflag{0} {1}"},
    {"action.delete", "delete{0}"},
    {"action.move_to_folder", "move to folder{0} to {1}"},
    {"action.move_to_folder_from", "move to folder{0} from {1} to {2}"},
    {"action.create_folder", "create folder {0}"},
    {"action.rename_folder", "rename folder {0} to {1}"},
    {"action.delete_folder", "delete folder {0}"},
    {"action.go_offline", "go offline"},
    {"action.go_online", "go online"},
    {"action.undo_deletes", "undo deletions (RSET)"},
    {"action.deliver_mail", "deliver mail to {0}"},
    {"action.deliver_mail_subject", "deliver mail to {0}: \"{1}\""},
    {"action.add_device", "add device"},
    {"action.add_device_named", "add device {0} ({1})"},
    {"action.remove_device", "remove device"},
    {"action.set_protocol", "set protocol {0}"},
    {"action.set_leave_copy_on", "set leave copy on"},
    {"action.set_leave_copy_off", "set leave copy off"},
    {"action.set_idle_on", "set idle on"},
    {"action.set_idle_off", "set idle off"},
    {"action.set_quick_resync_on", "set quick resync on"},
    {"action.set_quick_resync_off", "set quick resync off"},
    {"action.set_tls_on", "set tls on"},
    {"action.set_tls_off", "set tls off"},
    {"action.set_tls_starttls", "set tls starttls"},
    {"action.unknown", "unknown"},
};

const std::unordered_map<std::string_view, std::string_view>& templateIndex() {
    static const auto index = [] {
        std::unordered_map<std::string_view, std::string_view> m;
        for (const NoteTemplate& t : kTemplates) m.emplace(t.key, t.en);
        return m;
    }();
    return index;
}

/// Reads "{N" or "{N|a|b}" at `pos` ('{'); returns the end (after '}') or npos if it is no placeholder.
std::size_t placeholder(std::string_view tmpl, std::size_t pos, std::size_t& arg,
                        std::vector<std::string_view>& choices) {
    choices.clear();
    const std::size_t close = tmpl.find('}', pos);
    if (close == std::string_view::npos) return std::string_view::npos;
    const std::string_view inside = tmpl.substr(pos + 1, close - pos - 1);
    const std::size_t bar = inside.find('|');
    const std::string_view number = inside.substr(0, bar);
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), arg);
    if (number.empty() || ec != std::errc() || end != number.data() + number.size()) return std::string_view::npos;
    if (bar != std::string_view::npos) {
        std::string_view rest = inside.substr(bar + 1);
        while (true) {
            const std::size_t next = rest.find('|');
            choices.push_back(rest.substr(0, next));
            if (next == std::string_view::npos) break;
            rest = rest.substr(next + 1);
        }
    }
    return close + 1;
}

}  // namespace

Note noteData(std::string text) { return Note{{}, std::move(text), {}}; }
Note noteData(std::uint64_t number) { return noteData(std::to_string(number)); }
Note makeNote(std::string key, std::vector<Note> args) { return Note{std::move(key), {}, std::move(args)}; }

std::span<const NoteTemplate> noteTemplates() { return kTemplates; }

std::string_view englishTemplate(std::string_view key) {
    const auto& index = templateIndex();
    const auto it = index.find(key);
    return it == index.end() ? std::string_view() : it->second;
}

const NoteLanguage& englishNotes() {
    static const NoteLanguage english{
        [](std::string_view key) { return englishTemplate(key); },
        [](std::uint64_t n, std::size_t choices) -> std::size_t { return n == 1 || choices < 2 ? 0 : choices - 1; },
    };
    return english;
}

std::string renderNote(const Note& note, const NoteLanguage& language) {
    if (note.key.empty()) return note.text;
    std::string_view tmpl = language.templateFor(note.key);
    // A known key with an empty template ("action.ref.none") renders as nothing.
    if (tmpl.empty()) return templateIndex().contains(note.key) ? std::string() : note.key;
    std::string out;
    std::vector<std::string_view> choices;
    std::size_t pos = 0;
    while (pos < tmpl.size()) {
        const std::size_t open = tmpl.find('{', pos);
        out.append(tmpl.substr(pos, open - pos));
        if (open == std::string_view::npos) break;
        std::size_t arg = 0;
        const std::size_t end = placeholder(tmpl, open, arg, choices);
        if (end == std::string_view::npos) {
            out += '{';
            pos = open + 1;
            continue;
        }
        const std::string value = arg < note.args.size() ? renderNote(note.args[arg], language) : std::string();
        if (choices.empty()) {
            out += value;
        } else {
            std::uint64_t n = 0;
            const auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
            const std::size_t pick =
                ec == std::errc() ? language.pluralChoice(n, choices.size()) : choices.size() - 1;
            out.append(choices[std::min(pick, choices.size() - 1)]);
        }
        pos = end;
    }
    return out;
}

std::string noteText(const Note& note) { return renderNote(note, englishNotes()); }

std::vector<std::size_t> templateArguments(std::string_view tmpl) {
    std::vector<std::size_t> out;
    std::vector<std::string_view> choices;
    for (std::size_t pos = tmpl.find('{'); pos != std::string_view::npos; pos = tmpl.find('{', pos + 1)) {
        std::size_t arg = 0;
        if (placeholder(tmpl, pos, arg, choices) != std::string_view::npos) out.push_back(arg);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::ostream& operator<<(std::ostream& os, const Note& note) { return os << noteText(note); }

}  // namespace mailscope::sim
