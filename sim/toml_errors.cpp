// TOML problems at their positions: syntax errors from toml++ and the loaders' own checks.
#include "sim/toml_errors.h"

#include <cstdio>

#include <new>

namespace mailscope::sim {

std::string formatFileError(std::string_view file, const toml::source_position& where, std::string_view problem) {
    return formatFileError(file, where.line, where.column, problem);
}

FileError fileErrorAt(std::string file, const toml::source_position& where, std::string problem) {
    return FileError(std::move(file), where.line, where.column, std::move(problem));
}

toml::table parseToml(std::string_view text, const std::string& sourceName) {
    try {
        return toml::parse(text, sourceName);
    } catch (const toml::parse_error& e) {
        throw fileErrorAt(sourceName, e.source().begin, std::string(e.description()));
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& e) {
        throw FileError(sourceName, 1, 1, e.what());
    }
}

std::string_view tomlTypeName(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::table: return "a table";
        case toml::node_type::array: return "an array";
        case toml::node_type::string: return "a string";
        case toml::node_type::integer: return "an integer";
        case toml::node_type::floating_point: return "a number";
        case toml::node_type::boolean: return "a boolean";
        case toml::node_type::date: return "a date";
        case toml::node_type::time: return "a time";
        case toml::node_type::date_time: return "a date-time";
        case toml::node_type::none: break;
    }
    return "nothing";
}

std::string tomlString(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\f': out += "\\f"; break;
            case '\r': out += "\\r"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                    char escape[8];
                    std::snprintf(escape, sizeof escape, "\\u%04X", static_cast<unsigned>(static_cast<unsigned char>(c)));
                    out += escape;
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

}  // namespace mailscope::sim
