// Fuzz harness: the scenario loader (sim/scenario.cpp) on any text. The only exception
// allowed out is ScenarioError, whose text is "FILE:LINE:COLUMN: problem". toml++ is the
// shipped library (Debian's, built with its assertions off): inputs that trip its internal
// assertions when it is built with them on must still come out as clean errors here.
#include "fuzz/fuzz_toml.h"
#include "sim/scenario.h"

using namespace mailscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        (void)sim::parseScenario(text, "fuzz.toml", fuzz::assetsDir());
    } catch (const sim::ScenarioError& e) {
        fuzz::checkFileError(e.what(), "fuzz.toml");
    }
    return 0;
}
