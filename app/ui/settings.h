// The app's settings: a plain struct with defaults (Tracy's Config habit), read from and
// written to <config dir>/settings.toml. Every value is range-checked on load; a bad value
// or a broken file gives defaults and a warning with FILE:LINE:COL, never an exception.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>

#include "app/ui/fonts.h"
#include "app/ui/i18n.h"
#include "app/ui/theme.h"

namespace mailscope::app {

inline constexpr float kSpeedMin = 0.5f;      ///< slowest playback, protocol lines per second
inline constexpr float kSpeedMax = 50.0f;     ///< fastest playback
inline constexpr float kSpeedDefault = 2.0f;  ///< slow enough to read each line as it goes

/// Which explorer panels are shown (the View menu's check marks), as saved between runs.
struct PanelSettings {
    bool server = true;      ///< the server's accounts, mailboxes and messages
    bool devices = true;     ///< one column per device: local mailbox and transcript
    bool inspector = true;   ///< the selected transcript line explained
    bool controlBar = true;  ///< play, step, speed, timeline

    bool operator==(const PanelSettings&) const = default;
};

/// Everything the app remembers between runs. The defaults are what a first run and
/// --screenshot use. Change a field and the window applies it on the next frame
/// (language, theme, zoom) and saves the file.
struct Settings {
    Language language = Language::English;  ///< UI text and protocol explanations
    Theme theme = Theme::Dark;              ///< colour scheme
    float zoom = kZoomDefault;              ///< presenter's size factor, kZoomMin..kZoomMax
    std::string lastScenario;               ///< the scenario file opened last; empty: the built-in one
    PanelSettings panels;                   ///< which panels are shown
    float speed = kSpeedDefault;            ///< playback speed in lines per second, kSpeedMin..kSpeedMax
    bool listeners = true;                  ///< open the real POP3/IMAP ports for real mail clients
    bool compare = false;                   ///< compare mode: the POP3 and IMAP worlds side by side
    bool animateFlow = true;                ///< View > Animate mail flow: envelopes and changes move between columns
    bool welcomeSeen = false;               ///< the first screen was closed once (Help > Welcome shows it again)

    bool operator==(const Settings&) const = default;
};

/// <config dir>/settings.toml, or empty when there is no config directory ($HOME unset).
std::filesystem::path settingsFile();
/// <config dir>/imgui.ini (window layout), or empty.
std::filesystem::path imguiIniFile();

/// Reads `file`. A missing file gives the defaults silently (first run). Anything wrong
/// (unreadable file, broken TOML, wrong type, value out of range, unknown key) keeps the
/// default for what is affected and writes one "FILE:LINE:COL: problem" line per problem
/// to `warn`. Never throws.
Settings loadSettings(const std::filesystem::path& file, std::ostream& warn);
/// Parses settings from `text`; `sourceName` names it in warnings. Never throws.
Settings parseSettings(std::string_view text, const std::string& sourceName, std::ostream& warn);

/// The settings as TOML text, with a comment before each value saying what it allows.
std::string formatSettings(const Settings& settings);
/// Writes `settings` to `file` (creating its directory; replacing the file in one step).
/// Returns false with `error` naming the file and the problem. Never throws.
bool saveSettings(const Settings& settings, const std::filesystem::path& file, std::string& error);

}  // namespace mailscope::app
