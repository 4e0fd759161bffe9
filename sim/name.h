// Names the event stream repeats (devices, accounts, folders, sessions), each
// held once: a Name is one pointer to an interned, immutable string, so an event that
// names a device costs 8 bytes, and two Names compare by that pointer.
#pragma once

#include <compare>
#include <concepts>
#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>

namespace mailscope::sim {

/// An interned string: made from any text, read as a `const std::string&`. Every distinct
/// text is kept once for the life of the process, so it is for the names of things in a
/// world, a small set: devices, accounts, folders, sessions ("Phone", "imap 7"). Text a
/// client chooses freely each time (IMAP tags, command words, response codes with
/// numbers) stays a std::string. Safe to make from several threads.
class Name {
public:
    Name() noexcept : m_text(&noName()) {}
    Name(std::string_view text) : m_text(text.empty() ? &noName() : &intern(text)) {}
    Name(const std::string& text) : Name(std::string_view(text)) {}
    Name(const char* text) : Name(std::string_view(text)) {}

    const std::string& str() const noexcept { return *m_text; }
    operator const std::string&() const noexcept { return *m_text; }
    operator std::string_view() const noexcept { return *m_text; }
    bool empty() const noexcept { return m_text->empty(); }
    std::size_t size() const noexcept { return m_text->size(); }
    const char* data() const noexcept { return m_text->data(); }

    /// Interned: equal texts are one string.
    friend bool operator==(const Name& a, const Name& b) noexcept { return a.m_text == b.m_text; }
    template <class Text>
        requires(std::convertible_to<const Text&, std::string_view> && !std::same_as<Text, Name>)
    friend bool operator==(const Name& a, const Text& b) {
        return std::string_view(*a.m_text) == std::string_view(b);
    }
    friend std::strong_ordering operator<=>(const Name& a, const Name& b) noexcept {
        return a.m_text == b.m_text ? std::strong_ordering::equal : a.str().compare(b.str()) <=> 0;
    }

    /// How many distinct names the process holds, and their bytes (for bench/sim_steps).
    static std::size_t count();
    static std::size_t bytes();

private:
    static const std::string& noName() noexcept {
        static const std::string empty;
        return empty;
    }
    static const std::string& intern(std::string_view text);

    const std::string* m_text;
};

std::ostream& operator<<(std::ostream& os, const Name& name);

}  // namespace mailscope::sim
