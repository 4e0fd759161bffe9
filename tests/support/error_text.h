// What a loader reports for a bad file: the tests of every file edge (scenarios, lessons,
// settings, accounts) ask for the message of the error a call throws, in one way.
#pragma once

#include <string>
#include <utility>

namespace mailscope::test {

/// The what() of the `Error` that `f()` throws, or `nothing` when it throws none. Any other
/// exception goes on to the test (and fails it).
template <class Error, class F>
std::string errorText(F&& f, std::string nothing = "") {
    try {
        std::forward<F>(f)();
    } catch (const Error& e) {
        return e.what();
    }
    return nothing;
}

}  // namespace mailscope::test
