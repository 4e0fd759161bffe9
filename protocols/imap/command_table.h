// The IMAP command table (RFC 3501 6, grouped by state, and the extensions the server
// speaks): for each command, in one row, its argument parser, its handler, the states it
// is valid in, its flags and its catalogue entry. The parser, the server session and the
// catalogue all read this one table (as Dovecot's imap-commands.c keeps its commands).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "protocols/core/catalogue.h"
#include "protocols/imap/command_args.h"
#include "protocols/imap/server_session.h"

namespace mailscope::imap {

/// The states a command is valid in, as bits (RFC 3501 3).
enum class States : std::uint8_t {
    NotAuthenticated = 1 << 0,  ///< RFC 3501 6.2: before login only
    Authenticated = 1 << 1,     ///< the authenticated state itself (see kAuthenticated)
    Selected = 1 << 2,          ///< RFC 3501 6.4: a mailbox is selected
};
constexpr States operator|(States a, States b) {
    return static_cast<States>(static_cast<std::uint8_t>(a) | static_cast<std::uint8_t>(b));
}
constexpr bool contains(States set, States s) {
    return (static_cast<std::uint8_t>(set) & static_cast<std::uint8_t>(s)) != 0;
}
/// RFC 3501 6.2 commands.
inline constexpr States kNotAuthenticated = States::NotAuthenticated;
/// RFC 3501 6.3 commands: valid when authenticated and also when a mailbox is selected.
inline constexpr States kAuthenticated = States::Authenticated | States::Selected;
/// RFC 3501 6.4 commands.
inline constexpr States kSelected = States::Selected;
/// RFC 3501 6.1 commands: valid in every state but Logout.
inline constexpr States kAny = States::NotAuthenticated | States::Authenticated | States::Selected;

/// What a command is besides its handler, as bits (Dovecot's command_flags).
enum class Flag : std::uint8_t {
    None = 0,
    /// Works with message sequence numbers: no untagged EXPUNGE may be sent in its response
    /// (RFC 3501 7.4.1: FETCH, STORE, SEARCH; COPY as well, as Dovecot does).
    UsesSequenceNumbers = 1 << 0,
    /// A UID command: untagged FETCH updates in its response carry UID (RFC 3501 6.4.8).
    Uid = 1 << 1,
};
constexpr bool has(Flag set, Flag f) { return (static_cast<std::uint8_t>(set) & static_cast<std::uint8_t>(f)) != 0; }

/// What a command means, for the catalogue (its key is the command's name).
struct Meaning {
    std::string_view en;   ///< plain words, English
    std::string_view pl;   ///< the same in Polish
    std::string_view rfc;  ///< e.g. "RFC 3501 §6.4.5"
};

/// One command: one row of the table.
struct CommandDef {
    std::string_view name;           ///< canonical, upper case: "FETCH", "UID FETCH"
    args::Parse parse;               ///< reads its arguments
    ServerSession::Handler handler;  ///< runs it on the server
    States states;                   ///< where it is valid
    Flag flags;                      ///< see Flag
    Meaning meaning;                 ///< its catalogue entry

    core::Explanation explanation() const { return {name, meaning.en, meaning.pl, meaning.rfc}; }
};

/// Every command, grouped by state.
std::span<const CommandDef> commandTable();
/// The command with this canonical name, in any case ("uid fetch"), or nullptr.
const CommandDef* findCommandDef(std::string_view name);

}  // namespace mailscope::imap
