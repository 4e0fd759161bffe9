// What the window remembers between frames that is not the world: a person's choices in
// each column, the open dialogs, and what the panels have read from the worlds' event
// streams (messages fading out after they left the server). One owner, the Explorer,
// clears it when a world is rebuilt (reset, rewind, loading a scenario, compare mode).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/ui/flow.h"
#include "app/ui/transcript_export.h"
#include "protocols/mail/mailbox.h"
#include "sim/events.h"
#include "sim/world.h"

namespace mailscope::app {

/// What a device column remembers: the person's choices, not the world.
struct DeviceColumnState {
    std::string folder = "INBOX";           ///< the folder whose messages are listed
    std::optional<std::uint32_t> message;   ///< the selected message: UID (IMAP) or local number (POP3)
    float mailboxShare = 0.4f;              ///< the mailbox's share of the height left for it and the transcript
    bool settingsOpen = false;              ///< the Settings button is toggled on: protocol, leave a copy, IDLE
    std::size_t shownSelection = static_cast<std::size_t>(-1);  ///< the selected line last brought into view
    float linesHeight = 0.0f;               ///< the transcript's height then (the inspector opening shrinks it)
    std::size_t columnShownSelection = static_cast<std::size_t>(-1);  ///< cramped: the line the column scrolled to
    float columnHeight = 0.0f;              ///< cramped: the column's height then
};

/// The New folder / Rename folder popup (one open at a time in the whole window).
struct FolderDialog {
    bool rename = false;  ///< false: a new folder
    std::string folder;   ///< the folder renamed
    char name[256] = {};
};

/// The export popup of one transcript: the path being typed and the last outcome.
struct ExportState {
    char path[1024] = {};
    ExportFormat format = ExportFormat::Text;
    std::string message;  ///< "Saved to ...", "Copied ...", or what went wrong
    bool failed = false;
};

/// A message that left the server, as the stream told it (MessagesRemoved), shown fading out.
struct Ghost {
    std::string account;
    std::string folder;
    mail::MailItem item;
    sim::RemovalCause cause = sim::RemovalCause::Expunge;
    double removedAt = 0.0;  ///< the window's clock (Explorer::clock()) when it was read
};

/// What the window has read of one world's event stream.
struct StreamMemory {
    std::size_t read = 0;       ///< events read so far (index into the world's log)
    std::vector<Ghost> ghosts;  ///< removed messages, newest last (kept while they fade)
    /// Messages removed from the server, by account/folder/UID, for cards of removals an
    /// IMAP session has not yet told its client (the store no longer has them).
    std::map<std::string, mail::MailItem> removed;
    /// The flow animation's flights still moving (flow.h), oldest first.
    std::vector<Flight> flights;
    /// Where this frame's panels drew what the flights start and end at.
    FlowAnchors anchors;
    /// The flights drawn in the last frame, one describeFlight() line each (tests).
    std::vector<std::string> drawn;
    /// Whether the last frame drew the flow at all (View > Animate mail flow, no popup open).
    bool animated = false;
};

class ViewState {
public:
    /// How long a removed message takes to fade out, in seconds.
    static constexpr double kFadeSeconds = 1.0;

    DeviceColumnState& column(std::size_t world, std::string_view device);
    FolderDialog& folderDialog() { return m_folderDialog; }
    ExportState& exportState(std::size_t world, std::string_view device);
    /// A device column's export asks the window's file dialog for the path to write.
    struct ExportBrowse {
        std::size_t world = 0;
        std::string device;
    };
    void requestExportBrowse(std::size_t world, std::string device) { m_exportBrowse = ExportBrowse{world, std::move(device)}; }
    /// The request, once (the window opens the dialog with it).
    std::optional<ExportBrowse> takeExportBrowse() { return std::exchange(m_exportBrowse, std::nullopt); }
    StreamMemory& stream(std::size_t world);
    const StreamMemory* stream(std::size_t world) const;
    /// The removed message `uid` of `account`'s `folder`, if the stream told of it.
    const mail::MailItem* removed(std::size_t world, std::string_view account, std::string_view folder,
                                  std::uint32_t uid) const;

    /// Reads the events of `world` not yet read; `now` is the window's clock, `speed` the
    /// playback speed (lines per second: how long a flight takes). `quiet`: the events are
    /// only taken in, nothing fades or flies for them (they happened before a rebuild).
    void readStream(std::size_t index, const sim::World& world, double now, float speed = 2.0f, bool quiet = false);
    /// Forgets what was read from the streams (a world was rebuilt).
    void clearStreams() { m_streams.clear(); }
    /// Forgets everything.
    void clear() { *this = ViewState{}; }

private:
    std::map<std::string, DeviceColumnState> m_columns;
    FolderDialog m_folderDialog;
    std::map<std::string, ExportState> m_exports;
    std::optional<ExportBrowse> m_exportBrowse;
    std::map<std::size_t, StreamMemory> m_streams;
};

}  // namespace mailscope::app
