// The argument parsers of the IMAP commands (RFC 3501 9 grammar): one function per
// command shape, each reading a tokenized line after the tag and the command name. The
// command table (command_table.h) names the one each command uses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/imap/command.h"
#include "protocols/imap/tokenizer.h"

namespace mailscope::imap::args {

/// Reads a command's arguments left to right. Every getter gives nullopt on failure and
/// records the first problem in the shared error text.
class Reader {
public:
    Reader(std::vector<Value>& values, std::size_t pos, std::string& error)
        : m_values(values), m_pos(pos), m_error(error) {}

    bool atEnd() const { return m_pos >= m_values.size(); }
    Value* peek() { return atEnd() ? nullptr : &m_values[m_pos]; }
    /// The next value, or nullptr and "Missing <what>".
    Value* take(std::string_view what) {
        if (atEnd()) {
            fail("Missing " + std::string(what));
            return nullptr;
        }
        return &m_values[m_pos++];
    }
    std::nullopt_t fail(std::string text) {
        if (m_error.empty()) m_error = std::move(text);
        return std::nullopt;
    }
    bool failed() const { return !m_error.empty(); }
    /// Succeeds if every argument was read.
    bool finish() {
        if (!atEnd()) fail("Unexpected extra arguments");
        return !failed();
    }
    std::string& errorText() { return m_error; }

    // Typed getters (RFC 3501 9 names).
    std::optional<std::string> astring(std::string_view what);
    std::optional<std::string> mailbox(std::string_view what = "mailbox name");
    std::optional<std::string> listMailbox(std::string_view what);
    std::optional<std::string> atom(std::string_view what);
    std::optional<std::uint32_t> number(std::string_view what);
    std::optional<SequenceSet> sequenceSet();
    std::optional<std::string> flag(Value& v);
    std::optional<std::vector<std::string>> flagList(Value& list);
    std::optional<std::vector<std::string>> atomList(Value& list, std::string_view what);

private:
    std::vector<Value>& m_values;
    std::size_t m_pos;
    std::string& m_error;
};

/// A command's argument parser: the typed arguments, or nullopt with the reader's error set.
using Parse = std::optional<CommandArgs> (*)(Reader&);

/// A command without arguments (CAPABILITY, NOOP, CHECK, ...).
template <typename T>
std::optional<CommandArgs> parseNoArgs(Reader& r) {
    if (!r.finish()) return std::nullopt;
    return T{};
}

// Defined in parser.cpp; the templates are instantiated there for the commands that use them.
std::optional<CommandArgs> parseId(Reader& r);            ///< RFC 2971 3.1
std::optional<CommandArgs> parseAuthenticate(Reader& r);  ///< RFC 3501 6.2.2, RFC 4959
std::optional<CommandArgs> parseLogin(Reader& r);         ///< RFC 3501 6.2.3
template <bool kReadOnly>
std::optional<CommandArgs> parseSelect(Reader& r);  ///< SELECT / EXAMINE, RFC 4466 select-params
/// CREATE, DELETE, SUBSCRIBE, UNSUBSCRIBE: one mailbox name.
template <typename T>
std::optional<CommandArgs> parseMailboxOnly(Reader& r);
std::optional<CommandArgs> parseRename(Reader& r);
std::optional<CommandArgs> parseList(Reader& r);
std::optional<CommandArgs> parseLsub(Reader& r);
std::optional<CommandArgs> parseStatus(Reader& r);
std::optional<CommandArgs> parseAppend(Reader& r);
std::optional<CommandArgs> parseEnable(Reader& r);  ///< RFC 5161
template <bool kUid>
std::optional<CommandArgs> parseSearch(Reader& r);
template <bool kUid>
std::optional<CommandArgs> parseSort(Reader& r);    ///< RFC 5256, RFC 5267 3
template <bool kUid>
std::optional<CommandArgs> parseThread(Reader& r);  ///< RFC 5256
template <bool kUid>
std::optional<CommandArgs> parseFetch(Reader& r);
template <bool kUid>
std::optional<CommandArgs> parseStore(Reader& r);
/// COPY and MOVE (RFC 6851), with or without UID.
template <typename T, bool kUid>
std::optional<CommandArgs> parseTransfer(Reader& r);
std::optional<CommandArgs> parseUidExpunge(Reader& r);  ///< RFC 4315 2.1
std::optional<CommandArgs> parseCancelUpdate(Reader& r);  ///< RFC 5267 4.3.5
/// The section of BODY[...]<...> (RFC 3501 9 section and partial), from a Section value;
/// also reads the ;SECTION= of an IMAP URL (RFC 5092) put in that form.
std::optional<SectionSpec> parseSection(Reader& r, Value& section);

}  // namespace mailscope::imap::args
