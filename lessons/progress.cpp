// Progress files (progress.h): one table per lesson, written with toml++.
#include "lessons/progress.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

namespace mailscope::lessons {

std::filesystem::path Progress::defaultFile() {
    std::filesystem::path dir;
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) dir = xdg;
    else if (const char* home = std::getenv("HOME"); home && *home) dir = std::filesystem::path(home) / ".config";
    else dir = ".";
    return dir / "mailscope" / "lessons-progress.toml";
}

Progress Progress::load(const std::filesystem::path& file) {
    Progress p;
    if (!std::filesystem::exists(file)) return p;
    toml::table root;
    try {
        root = toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
        throw LessonError(file.string() + ":" + std::to_string(e.source().begin.line) + ":" +
                          std::to_string(e.source().begin.column) + ": " + std::string(e.description()));
    }
    for (auto&& [id, node] : root) {
        const toml::table* t = node.as_table();
        if (!t) continue;
        LessonProgress& lp = p.m_lessons[std::string(id.str())];
        if (const toml::array* steps = (*t)["finished_steps"].as_array())
            for (const toml::node& s : *steps)
                if (s.is_string()) lp.finishedSteps.insert(s.as_string()->get());
        lp.finished = (*t)["finished"].value_or(false);
        if (const toml::table* answers = (*t)["answers"].as_table())
            for (auto&& [step, a] : *answers)
                if (const toml::array* arr = a.as_array()) {
                    auto& out = lp.answers[std::string(step.str())];
                    for (const toml::node& c : *arr)
                        if (c.is_string()) out.push_back(c.as_string()->get());
                }
    }
    return p;
}

void Progress::save(const std::filesystem::path& file) const {
    toml::table root;
    for (const auto& [id, lp] : m_lessons) {
        toml::table t;
        toml::array steps;
        for (const std::string& s : lp.finishedSteps) steps.push_back(s);
        t.insert("finished_steps", std::move(steps));
        t.insert("finished", lp.finished);
        toml::table answers;
        for (const auto& [step, choices] : lp.answers) {
            toml::array arr;
            for (const std::string& c : choices) arr.push_back(c);
            answers.insert(step, std::move(arr));
        }
        t.insert("answers", std::move(answers));
        root.insert(id, std::move(t));
    }
    std::filesystem::create_directories(file.parent_path());
    const std::filesystem::path tmp = file.string() + ".new";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << root << "\n";
        if (!out) throw LessonError(tmp.string() + ":1:1: cannot write the progress file");
    }
    std::filesystem::rename(tmp, file);
}

void Progress::finishStep(const Lesson& lesson, const std::string& stepId) {
    m_lessons[lesson.id].finishedSteps.insert(stepId);
    reconcile(lesson);
}

void Progress::answer(const Lesson& lesson, const std::string& stepId, std::vector<std::string> choices) {
    m_lessons[lesson.id].answers[stepId] = std::move(choices);
}

const LessonProgress* Progress::of(const std::string& lessonId) const {
    const auto it = m_lessons.find(lessonId);
    return it == m_lessons.end() ? nullptr : &it->second;
}

void Progress::reconcile(const Lesson& lesson) {
    const auto it = m_lessons.find(lesson.id);
    if (it == m_lessons.end()) return;
    LessonProgress& lp = it->second;
    std::erase_if(lp.finishedSteps, [&](const std::string& s) { return !lesson.findStep(s); });
    std::erase_if(lp.answers, [&](const auto& a) { return !lesson.findStep(a.first); });
    lp.finished = !lesson.steps.empty() && lp.finishedSteps.size() == lesson.steps.size();
}

}  // namespace mailscope::lessons
