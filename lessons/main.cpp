// mailscope_lesson: the lesson command on its own (`mailscope_lesson run FILE --auto`),
// until the main command line offers `mailscope lesson ...`.
#include <iostream>
#include <string>
#include <vector>

#include "lessons/command.h"

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    return mailscope::lessons::runLessonCommand(args, std::cout, std::cerr);
}
