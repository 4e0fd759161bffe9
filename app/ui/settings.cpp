// The app's settings: settings.toml read with toml++ (range-checked) and written back.
#include "app/ui/settings.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <ostream>
#include <sstream>
#include <system_error>

#include <toml++/toml.h>

#include "protocols/tls/tls.h"
#include "sim/toml_errors.h"

namespace mailscope::app {

namespace {

/// Larger files are not settings files: refuse them rather than read them.
constexpr std::uintmax_t kMaxSettingsBytes = 1024 * 1024;

/// The shortest text that reads back as `value` ("1", "0.67", "2.5").
std::string formatNumber(double value)
{
    char text[32];
    const auto [end, ec] = std::to_chars(text, text + sizeof text, value);
    return ec == std::errc() ? std::string(text, end) : std::string("?");
}

/// The shortest text that reads back as the same float ("1.1", not 1.100000023841858).
std::string formatNumber(float value)
{
    char text[32];
    const auto [end, ec] = std::to_chars(text, text + sizeof text, value);
    return ec == std::errc() ? std::string(text, end) : std::string("?");
}

/// A TOML float: formatNumber() with ".0" added when it would read as an integer.
std::string tomlFloat(float value)
{
    std::string text = formatNumber(value);
    if (text.find_first_of(".eEn") == std::string::npos)  // n: nan, inf
        text += ".0";
    return text;
}

// [SECTION] reading

/// Reads one table's values into the settings, warning about each problem.
class Reader {
public:
    Reader(std::string sourceName, std::ostream& warn) : m_source(std::move(sourceName)), m_warn(warn) {}

    void warn(const toml::source_position& where, const std::string& problem) const
    {
        m_warn << sim::formatFileError(m_source, where, problem) << "\n";
    }
    void warn(const toml::node& node, const std::string& problem) const { warn(node.source().begin, problem); }

    /// Warns about every key of `table` not in `known`.
    template <std::size_t N>
    void unknownKeys(const toml::table& table, const std::string_view (&known)[N], std::string_view prefix) const
    {
        for (const auto& [key, node] : table) {
            bool found = false;
            for (const std::string_view name : known)
                found = found || key.str() == name;
            if (!found)
                warn(key.source().begin.line > 0 ? key.source().begin : node.source().begin,
                     "unknown setting '" + std::string(prefix) + std::string(key.str()) + "' (ignored)");
        }
    }

    void boolean(const toml::table& table, std::string_view key, bool& out) const
    {
        const toml::node* node = table.get(key);
        if (node == nullptr)
            return;
        if (const auto value = node->value_exact<bool>())
            out = *value;
        else
            warn(*node, std::string(key) + " must be true or false, not " + std::string(sim::tomlTypeName(*node)) + "; using " +
                            (out ? "true" : "false"));
    }

    /// A number from `min` to `max` (integers are accepted as numbers).
    void number(const toml::table& table, std::string_view key, float min, float max, float& out) const
    {
        const toml::node* node = table.get(key);
        if (node == nullptr)
            return;
        std::optional<double> value;
        if (node->is_floating_point() || node->is_integer())
            value = node->value<double>();
        if (!value) {
            warn(*node, std::string(key) + " must be a number, not " + std::string(sim::tomlTypeName(*node)) + "; using " +
                            formatNumber(out));
            return;
        }
        if (!(*value >= min && *value <= max)) {  // also catches nan
            warn(*node, std::string(key) + " " + formatNumber(*value) + " is out of range (" + formatNumber(min) +
                            " to " + formatNumber(max) + "); using " + formatNumber(out));
            return;
        }
        out = static_cast<float>(*value);
    }

    /// A string, or nullopt (with a warning when present but not a string).
    std::optional<std::string> string(const toml::table& table, std::string_view key) const
    {
        const toml::node* node = table.get(key);
        if (node == nullptr)
            return std::nullopt;
        if (const auto value = node->value_exact<std::string>())
            return *value;
        warn(*node, std::string(key) + " must be a string, not " + std::string(sim::tomlTypeName(*node)) + "; using the default");
        return std::nullopt;
    }

    /// A string that must be one of a set of codes, converted by `fromCode`.
    template <typename T, typename FromCode>
    void code(const toml::table& table, std::string_view key, FromCode fromCode, std::string_view allowed,
              std::string_view current, T& out) const
    {
        const auto text = string(table, key);
        if (!text)
            return;
        if (const std::optional<T> value = fromCode(*text))
            out = *value;
        else
            warn(*table.get(key), std::string(key) + " '" + *text + "' is not one of " + std::string(allowed) +
                                      "; using '" + std::string(current) + "'");
    }

private:
    std::string m_source;
    std::ostream& m_warn;
};

constexpr std::string_view kTopKeys[] = {"language",  "theme",   "zoom",         "last_scenario", "speed",
                                         "listeners", "compare", "animate_flow", "panels",        "welcome_seen"};
constexpr std::string_view kPanelKeys[] = {"server", "devices", "inspector", "control_bar"};

Settings readSettings(const toml::table& root, const Reader& reader)
{
    Settings s;
    reader.unknownKeys(root, kTopKeys, "");
    reader.code(root, "language", languageFromCode, "'en', 'pl'", languageCode(s.language), s.language);
    reader.code(root, "theme", themeFromCode, "'dark', 'light'", themeCode(s.theme), s.theme);
    reader.number(root, "zoom", kZoomMin, kZoomMax, s.zoom);
    if (auto path = reader.string(root, "last_scenario"))
        s.lastScenario = std::move(*path);
    reader.number(root, "speed", kSpeedMin, kSpeedMax, s.speed);
    reader.boolean(root, "listeners", s.listeners);
    reader.boolean(root, "compare", s.compare);
    reader.boolean(root, "animate_flow", s.animateFlow);
    reader.boolean(root, "welcome_seen", s.welcomeSeen);
    if (const toml::node* node = root.get("panels")) {
        if (const toml::table* panels = node->as_table()) {
            reader.unknownKeys(*panels, kPanelKeys, "panels.");
            reader.boolean(*panels, "server", s.panels.server);
            reader.boolean(*panels, "devices", s.panels.devices);
            reader.boolean(*panels, "inspector", s.panels.inspector);
            reader.boolean(*panels, "control_bar", s.panels.controlBar);
        } else {
            reader.warn(*node, std::string("panels must be a table ([panels]), not ") + std::string(sim::tomlTypeName(*node)) +
                                   "; showing every panel");
        }
    }
    return s;
}

}  // namespace

// [SECTION] files

std::filesystem::path settingsFile()
{
    const std::filesystem::path dir = tls::configDirectory();
    return dir.empty() ? dir : dir / "settings.toml";
}

std::filesystem::path imguiIniFile()
{
    const std::filesystem::path dir = tls::configDirectory();
    return dir.empty() ? dir : dir / "imgui.ini";
}

Settings parseSettings(std::string_view text, const std::string& sourceName, std::ostream& warn)
{
    const Reader reader(sourceName, warn);
    try {
        return readSettings(sim::parseToml(text, sourceName), reader);
    } catch (const sim::FileError& e) {
        warn << sim::formatFileError(e.file(), e.line(), e.column(), e.problem() + "; using the default settings")
             << "\n";
    } catch (const std::exception& e) {
        reader.warn(toml::source_position{1, 1}, std::string(e.what()) + "; using the default settings");
    }
    return Settings{};
}

Settings loadSettings(const std::filesystem::path& file, std::ostream& warn)
{
    std::error_code ec;
    if (std::filesystem::status(file, ec).type() == std::filesystem::file_type::not_found)
        return Settings{};  // the first run: nothing saved yet
    std::string text;
    try {
        text = sim::readTextFile(file, kMaxSettingsBytes);
    } catch (const sim::FileError& e) {
        warn << sim::formatFileError(e.file(), e.line(), e.column(), e.problem() + "; using the default settings")
             << "\n";
        return Settings{};
    }
    return parseSettings(text, file.string(), warn);
}

// [SECTION] writing

std::string formatSettings(const Settings& s)
{
    std::ostringstream out;
    out << "# mailscope settings, written when the app closes. Edit them here or in the app;\n"
           "# a value that is missing or out of range gets its default.\n\n"
        << "# UI language: \"en\" (English) or \"pl\" (Polski)\n"
        << "language = " << sim::tomlString(languageCode(s.language)) << "\n"
        << "# colour scheme: \"dark\" or \"light\"\n"
        << "theme = " << sim::tomlString(themeCode(s.theme)) << "\n"
        << "# size of everything, " << formatNumber(kZoomMin) << " to " << formatNumber(kZoomMax)
        << " (Ctrl +, Ctrl -, Ctrl 0)\n"
        << "zoom = " << tomlFloat(s.zoom) << "\n"
        << "# the scenario file opened last; \"\" for the built-in one\n"
        << "last_scenario = " << sim::tomlString(s.lastScenario) << "\n"
        << "# playback speed in protocol lines per second, " << formatNumber(kSpeedMin) << " to "
        << formatNumber(kSpeedMax) << "\n"
        << "speed = " << tomlFloat(s.speed) << "\n"
        << "# open the POP3 and IMAP ports so real mail clients can connect\n"
        << "listeners = " << (s.listeners ? "true" : "false") << "\n"
        << "# compare mode: the POP3 world and the IMAP world side by side\n"
        << "compare = " << (s.compare ? "true" : "false") << "\n"
        << "# show mail moving between the server and the devices (off: step line by line without it)\n"
        << "animate_flow = " << (s.animateFlow ? "true" : "false") << "\n"
        << "# the first screen was closed once (Help > Welcome shows it again)\n"
        << "welcome_seen = " << (s.welcomeSeen ? "true" : "false") << "\n\n"
        << "# which panels are shown\n"
        << "[panels]\n"
        << "server = " << (s.panels.server ? "true" : "false") << "\n"
        << "devices = " << (s.panels.devices ? "true" : "false") << "\n"
        << "inspector = " << (s.panels.inspector ? "true" : "false") << "\n"
        << "control_bar = " << (s.panels.controlBar ? "true" : "false") << "\n";
    return out.str();
}

bool saveSettings(const Settings& settings, const std::filesystem::path& file, std::string& error)
{
    if (file.empty()) {
        error = "there is no config directory to save the settings in (is $HOME set?)";
        return false;
    }
    std::error_code ec;
    if (file.has_parent_path()) {
        std::filesystem::create_directories(file.parent_path(), ec);
        if (ec) {
            error = file.parent_path().string() + ": cannot create the directory: " + ec.message();
            return false;
        }
    }
    std::filesystem::path temporary = file;
    temporary += ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << formatSettings(settings);
        out.flush();
        if (!out) {
            error = temporary.string() + ": cannot write the settings";
            out.close();
            std::filesystem::remove(temporary, ec);
            return false;
        }
    }
    std::filesystem::rename(temporary, file, ec);  // the old file stays whole until this moment
    if (ec) {
        error = file.string() + ": cannot save the settings: " + ec.message();
        std::filesystem::remove(temporary, ec);
        return false;
    }
    return true;
}

}  // namespace mailscope::app
