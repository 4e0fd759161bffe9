// Seeded random numbers for generated tests (property tests): SplitMix64, so a seed gives
// the same cases on every platform and compiler (std:: distributions do not).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mailscope::test {

class Random {
public:
    explicit Random(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    /// 0 .. n-1 (0 when n is 0)
    std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
    /// true with probability 1/n
    bool oneIn(std::size_t n) { return below(n) == 0; }
    template <class T>
    const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }

private:
    std::uint64_t m_state;
};

}  // namespace mailscope::test
