// Fuzz harness: the lesson loader (lessons/loader.cpp) on any text, scenarios it names
// read from assets/. The only exception allowed out is LessonError, whose text is
// "FILE:LINE:COLUMN: problem" (a problem in a named scenario may name that file).
#include "fuzz/fuzz_toml.h"
#include "lessons/lesson.h"

using namespace mailscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        (void)lessons::parseLesson(text, "fuzz.toml", fuzz::assetsDir());
    } catch (const lessons::LessonError& e) {
        fuzz::checkFileError(e.what(), "");
    }
    return 0;
}
