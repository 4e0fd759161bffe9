// A lesson taken in the window (lesson_session.h): loading, progress and reloading.
#include "app/ui/lesson_session.h"

#include <algorithm>
#include <cstdlib>
#include <system_error>

namespace mailscope::app {

namespace {

std::filesystem::file_time_type writtenAt(const std::filesystem::path& file)
{
    std::error_code ec;
    const auto time = std::filesystem::last_write_time(file, ec);
    return ec ? std::filesystem::file_time_type{} : time;
}

lessons::Progress readProgress(const std::filesystem::path& file, std::string& error)
{
    if (file.empty())
        return {};
    try {
        return lessons::Progress::load(file);
    } catch (const std::exception& e) {
        error = e.what();  // a broken progress file starts afresh and says so
        return {};
    }
}

}  // namespace

LessonSession::LessonSession(std::filesystem::path file, std::filesystem::path assets,
                             std::filesystem::path progressFile)
    : m_file(std::move(file)), m_assets(std::move(assets)), m_progressFile(std::move(progressFile))
{
    m_written = writtenAt(m_file);
    m_lesson = std::make_unique<lessons::Lesson>(lessons::loadLesson(m_file, m_assets));
    m_progress = readProgress(m_progressFile, m_progressError);
    m_progress.reconcile(*m_lesson);
    m_runner = std::make_unique<lessons::Runner>(*m_lesson);
    m_runner->setDeferred(true);
    const std::vector<std::filesystem::path> files = lessons::lessonFiles(m_file.parent_path());
    const auto here = std::find(files.begin(), files.end(), m_file);
    if (here != files.end() && std::next(here) != files.end())
        m_nextFile = *std::next(here);
}

LessonSession::~LessonSession() = default;

void LessonSession::stepChanged(double now)
{
    m_state = LessonStepState{};
    m_state.enteredAt = now;
}

void LessonSession::save()
{
    if (m_progressFile.empty())
        return;
    try {
        m_progress.save(m_progressFile);
        m_progressError.clear();
    } catch (const std::exception& e) {
        m_progressError = e.what();
    }
}

void LessonSession::finishStep()
{
    if (m_runner->finished())
        return;
    m_progress.finishStep(*m_lesson, m_runner->step().id);
    save();
}

void LessonSession::recordAnswer(const std::vector<std::string>& choices)
{
    if (m_runner->finished())
        return;
    m_progress.answer(*m_lesson, m_runner->step().id, choices);
    save();
}

bool LessonSession::reloadIfChanged(double now)
{
    const auto written = writtenAt(m_file);
    if (written == m_written)
        return false;
    m_written = written;
    std::unique_ptr<lessons::Lesson> lesson;
    try {
        lesson = std::make_unique<lessons::Lesson>(lessons::loadLesson(m_file, m_assets));
    } catch (const std::exception& e) {
        m_reloadError = e.what();
        return false;
    }
    m_reloadError.clear();
    const std::string at = m_runner->finished() ? std::string() : m_runner->step().id;
    auto runner = std::make_unique<lessons::Runner>(*lesson);
    if (!at.empty())
        runner->skipTo(at);
    runner->setDeferred(true);
    m_runner = std::move(runner);  // the old runner refers to the old lesson: replace it first
    m_lesson = std::move(lesson);
    m_progress.reconcile(*m_lesson);
    stepChanged(now);
    return true;
}

// [SECTION] the list of lessons

std::vector<LessonEntry> listLessons(const std::filesystem::path& folder, const std::filesystem::path& assets,
                                     const std::filesystem::path& progressFile)
{
    std::string progressError;
    const lessons::Progress progress = readProgress(progressFile, progressError);
    std::vector<LessonEntry> out;
    std::vector<std::pair<int, LessonEntry>> ordered;
    for (const std::filesystem::path& file : lessons::lessonFiles(folder)) {
        LessonEntry entry;
        entry.file = file;
        int order = 1 << 20;
        try {
            const lessons::Lesson lesson = lessons::loadLesson(file, assets);
            order = lesson.order;
            entry.id = lesson.id;
            entry.title = lesson.title;
            entry.summary = lesson.summary;
            entry.steps = lesson.steps.size();
            if (const lessons::LessonProgress* p = progress.of(lesson.id)) {
                for (const lessons::Step& step : lesson.steps)
                    entry.finishedSteps += p->finishedSteps.count(step.id);
                entry.finished = p->finished;
            }
        } catch (const std::exception& e) {
            entry.error = e.what();
            entry.title = {file.filename().string(), file.filename().string()};
        }
        ordered.emplace_back(order, std::move(entry));
    }
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [order, entry] : ordered)
        out.push_back(std::move(entry));
    return out;
}

std::filesystem::path findLesson(const std::string& name)
{
    if (name.find('/') != std::string::npos || std::filesystem::path(name).extension() == ".toml")
        return name;
    for (const std::filesystem::path& file : lessons::lessonFiles(lessonsDir())) {
        const std::string stem = file.stem().string();
        const std::size_t dash = stem.find('-');
        const std::string number = stem.substr(0, dash);
        const std::string rest = dash == std::string::npos ? "" : stem.substr(dash + 1);
        if (stem == name || rest == name || number == name ||
            (!number.empty() && name.find_first_not_of("0123456789") == std::string::npos &&
             std::stoi(number) == std::stoi(name)))
            return file;
    }
    return {};
}

std::filesystem::path lessonsDir()
{
    if (const char* env = std::getenv("MAILSCOPE_LESSONS"); env != nullptr && *env != '\0')
        return env;
    return MAILSCOPE_LESSONS_DIR;
}

std::filesystem::path lessonProgressFile()
{
    return lessons::Progress::defaultFile();
}

}  // namespace mailscope::app
