// The one set of interned names (name.h): a node-based hash set, so a name's string never
// moves once it is in, behind a mutex: a world runs on one thread, but two worlds may run
// on two.
#include "sim/name.h"

#include <functional>
#include <mutex>
#include <ostream>
#include <unordered_set>

namespace mailscope::sim {
namespace {

struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
};

struct Pool {
    std::mutex mutex;
    std::unordered_set<std::string, TextHash, std::equal_to<>> names;
    std::size_t bytes = 0;
};

/// Never destroyed: a Name in a static object may be read while the program ends.
Pool& pool() {
    static Pool* const p = new Pool;
    return *p;
}

}  // namespace

const std::string& Name::intern(std::string_view text) {
    Pool& p = pool();
    const std::lock_guard lock(p.mutex);
    auto it = p.names.find(text);
    if (it == p.names.end()) {
        it = p.names.emplace(text).first;
        p.bytes += sizeof(std::string) + (it->capacity() > 15 ? it->capacity() + 1 : 0);
    }
    return *it;
}

std::size_t Name::count() {
    Pool& p = pool();
    const std::lock_guard lock(p.mutex);
    return p.names.size();
}

std::size_t Name::bytes() {
    Pool& p = pool();
    const std::lock_guard lock(p.mutex);
    return p.bytes;
}

std::ostream& operator<<(std::ostream& os, const Name& name) { return os << name.str(); }

}  // namespace mailscope::sim
