// The checks mailscope's options share; each returns "" for a good value or the problem.
#include "app/cli/arguments.h"

#include <charconv>

#include "app/cli/command_line.h"

namespace mailscope::app {

CLI::Validator wholeNumber(std::int64_t min, std::int64_t max) {
    return CLI::Validator(
        [min, max](std::string& text) -> std::string {
            std::int64_t value = 0;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (ec == std::errc() && end == text.data() + text.size() && value >= min && value <= max) return {};
            return "needs a whole number from " + std::to_string(min) + " to " + std::to_string(max) + ", not '" +
                   text + "'";
        },
        "", "whole number");
}

CLI::Validator notEmpty(const std::string& what) {
    return CLI::Validator([what](std::string& text) { return text.empty() ? "needs " + what : std::string(); }, "",
                          "not empty");
}

CLI::Validator scenarioArgument() {
    return CLI::Validator([](std::string& text) { return scenarioProblem(text); }, "", "scenario");
}

}  // namespace mailscope::app
