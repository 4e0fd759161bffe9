// Mail you can see move: the flights of the flow animation, read from a world's event
// stream (sim/events.h). Under POP3 a RETR'd message travels down to the device, DELE
// marks the server card, QUIT (the UPDATE state, RFC 1939 6) dissolves it, RSET or a
// dropped connection puts the marks back. Under IMAP a change made on one device travels
// up to the server, then out to every other session as it is told (RFC 3501 5.2, 7.4.1).
// A flight is an event plus the window's clock when it started; nothing else is kept, so
// a rebuilt world (rewind, reset) starts with none. No ImGui here: app/panels/flow_view draws.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/mail/mailbox.h"
#include "sim/device.h"
#include "sim/events.h"

namespace mailscope::sim {
class World;
}

namespace mailscope::app {

/// What a flight shows.
enum class FlightKind {
    Download,    ///< a message travels from the server card to the device (POP3 RETR, IMAP FETCH)
    Mark,        ///< POP3 DELE: a mark travels up from the device and stamps the server card
    Unmark,      ///< POP3 RSET or a dropped connection: the mark comes off the server card
    Dissolve,    ///< POP3 QUIT (UPDATE) or IMAP EXPUNGE: the card breaks up and leaves the server
    ChangeUp,    ///< IMAP: a device changed a message's flags; the change travels up to the server
    ChangeDown,  ///< IMAP: a session is told of a change (FETCH FLAGS, EXISTS, EXPUNGE): server to device
};

/// One animated piece of mail flow.
struct Flight {
    FlightKind kind = FlightKind::Download;
    std::size_t step = 0;     ///< the world's step whose event started it
    double start = 0.0;       ///< the window's clock (Explorer::clock()) when it starts
    double duration = 0.0;    ///< seconds, from the playback speed
    std::string account;      ///< the server's side: account, mailbox and UID
    std::string folder;
    std::uint32_t uid = 0;    ///< 0: not known (the flight starts or ends at the mailbox)
    std::string device;       ///< the device's side ("" for a removal nobody asked for)
    std::string deviceFolder;   ///< Download, ChangeUp, ChangeDown: the device's folder holding its copy
    std::uint32_t localId = 0;  ///< Download: the device's id of its copy
    bool whole = true;        ///< Download: the whole message, or only its header
    sim::UpdateKind update = sim::UpdateKind::Flags;  ///< ChangeDown: what the session was told
    mail::Flags before;       ///< ChangeUp: the flags before the change
    mail::Flags after;        ///< ChangeUp, ChangeDown (Flags): the flags after it
    sim::UnmarkReason unmark = sim::UnmarkReason::Rset;  ///< Unmark: RSET or dropped

    /// How far it is at `now`: 0 at its start .. 1 at its end (clamped).
    double progress(double now) const;
    /// Whether it has ended by `now`.
    bool over(double now) const { return now >= start + duration; }
};

/// "Download alice/INBOX UID 1 -> Phone", stable, for tests and failures.
std::string describeFlight(const Flight& flight);
std::ostream& operator<<(std::ostream& os, const Flight& flight);
std::string_view name(FlightKind kind);

/// The server's UID of a device's copy: its id under IMAP; under POP3 the UID inside its
/// UIDL (this server's unique ids are "UIDVALIDITY.UID", pop3::uniqueIdFor); 0 if unknown.
/// The colour tag of a card is its UID's colour, so the server card, each device's copy,
/// the envelope carrying it and the other world's card in compare mode match.
std::uint32_t serverUidOf(const sim::Device& device, const sim::LocalMessage& message);

/// How long one flight takes at `linesPerSecond` of playback: one step's time, kept
/// between kMinFlightSeconds and kMaxFlightSeconds so it can be seen and never lags.
double flightSeconds(float linesPerSecond);
inline constexpr double kMinFlightSeconds = 0.3;
/// A change travelling up reaches the server card at this share of its flight; a session
/// told in the same step (IDLE) gets it from then on.
inline constexpr double kArrival = 0.75;
inline constexpr double kMaxFlightSeconds = 1.2;

/// The flights of a world's events, in order. `events` are new since the last read;
/// `lastStep` the world's stepCount(). An event of step s starts at
/// now - (lastStep - s) * stepSeconds, as if each step had been shown in turn, so a batch
/// of many steps (Step action, fast playback) shows only its last stages still moving.
/// Flights already over by `now` are not added. A ChangeDown of the same step as the
/// ChangeUp of its message starts when that one arrives (kArrival).
/// Events of the world's set-up (step 0) start none.
void addFlights(std::vector<Flight>& flights, const sim::World& world, sim::EventRange events, std::size_t lastStep,
                double now, double stepSeconds, double duration);

/// A rectangle in screen pixels (the ImGui-free ImRect of the anchors).
struct FlowRect {
    float x0 = 0.0f;
    float y0 = 0.0f;
    float x1 = 0.0f;
    float y1 = 0.0f;
    bool empty() const { return x1 <= x0 || y1 <= y0; }
};

/// Where the panels drew what flights start and end at, in the current frame. Filled only
/// while a world has flights, emptied after the flights are drawn (app/panels/flow_view.h).
struct FlowAnchors {
    FlowRect server;                      ///< the server column
    std::map<std::string, FlowRect> mailboxes;  ///< "account\nfolder": the mailbox's title row
    std::map<std::string, FlowRect> cards;      ///< "account\nfolder\nuid": a server card
    std::map<std::string, FlowRect> devices;    ///< device name: its mailbox area (else its column)
    std::map<std::string, FlowRect> copies;     ///< "device\nfolder\nid": a card in the device's column

    static std::string mailboxKey(std::string_view account, std::string_view folder);
    static std::string cardKey(std::string_view account, std::string_view folder, std::uint32_t uid);
    static std::string copyKey(std::string_view device, std::string_view folder, std::uint32_t id);
    void clear() { *this = FlowAnchors{}; }
};

}  // namespace mailscope::app
