// What every mailscope command line shares, on top of CLI11 (libcli11-dev): the checks an
// option's value must pass, with messages that name the value, and the scenario argument.
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

namespace mailscope::app {

/// The most steps --steps asks the world to take before showing it.
inline constexpr std::int64_t kMaxSteps = 1'000'000;

/// A whole number from `min` to `max`: "needs a whole number from 1 to 100000, not 'ten'".
CLI::Validator wholeNumber(std::int64_t min, std::int64_t max);

/// Any text but the empty one: "needs WHAT" (e.g. "needs a file name").
CLI::Validator notEmpty(const std::string& what);

/// A scenario: a .toml path as given, or a name from assets/scenarios. An unknown name is
/// refused with the list of the shipped names.
CLI::Validator scenarioArgument();

}  // namespace mailscope::app
