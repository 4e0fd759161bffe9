// The lesson panel (lesson_panel.h): narration, task, live checklist, hints, solution,
// quiz and prediction, and moving through the lesson; and the highlight over the explorer.
#include "app/panels/lesson_panel.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "app/ui/action_text.h"
#include "app/ui/i18n.h"
#include "app/ui/targets.h"
#include "app/ui/theme.h"
#include "app/ui/widgets.h"
#include "sim/report.h"

namespace mailscope::app {

namespace {

constexpr double kHintAfterSeconds = 45.0;  // an idle learner gets the next hint after this long
constexpr float kFooterLines = 2.4f;        // Hint, Show solution; Back / Skip / Next under the scrolling text

lessons::Lang lang()
{
    return currentLanguage() == Language::Polish ? lessons::Lang::Pl : lessons::Lang::En;
}

const std::string& text(const lessons::Text& t)
{
    return t.in(lang());
}

void tooltip(const char* what)
{
    if (!ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        return;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24.0f);
    ImGui::TextUnformatted(what);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

// [SECTION] rich text

enum class Style { Plain, Bold, Code, Emphasis };

struct Span {
    std::string text;
    Style style = Style::Plain;
};

/// Splits a line at **bold**, `code` and *emphasis* marks (unclosed marks stay as text).
std::vector<Span> spansOf(std::string_view line)
{
    std::vector<Span> out;
    std::string plain;
    std::size_t i = 0;
    const auto flush = [&] {
        if (!plain.empty())
            out.push_back({plain, Style::Plain});
        plain.clear();
    };
    while (i < line.size()) {
        std::string_view mark;
        Style style = Style::Plain;
        if (line.compare(i, 2, "**") == 0)
            mark = "**", style = Style::Bold;
        else if (line[i] == '`')
            mark = "`", style = Style::Code;
        else if (line[i] == '*')
            mark = "*", style = Style::Emphasis;
        const std::size_t close = mark.empty() ? std::string_view::npos : line.find(mark, i + mark.size());
        if (close == std::string_view::npos || close == i + mark.size()) {
            plain += line[i++];
            continue;
        }
        flush();
        out.push_back({std::string(line.substr(i + mark.size(), close - i - mark.size())), style});
        i = close + mark.size();
    }
    flush();
    return out;
}

/// Draws spans word by word, wrapping at the right edge of the content region.
void drawSpans(const std::vector<Span>& spans)
{
    const Palette& colours = palette();
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    const float space = ImGui::CalcTextSize(" ").x;
    bool first = true;
    bool gluedToPrevious = false;  // no space between a span and what follows it ("`RETR`,")
    for (const Span& span : spans) {
        std::size_t pos = 0;
        const std::string& t = span.text;
        while (pos <= t.size()) {
            std::size_t end = t.find(' ', pos);
            if (end == std::string::npos)
                end = t.size();
            const std::string word = t.substr(pos, end - pos);
            const bool startsWithSpace = pos == 0 && !t.empty() && t[0] == ' ';
            pos = end + 1;
            if (word.empty()) {
                gluedToPrevious = false;
                if (end == t.size())
                    break;
                continue;
            }
            const float width = ImGui::CalcTextSize(word.c_str()).x;
            if (!first) {
                const float gap = gluedToPrevious && !startsWithSpace ? 0.0f : space;
                if (ImGui::GetItemRectMax().x + gap + width <= right)
                    ImGui::SameLine(0.0f, gap);
            }
            first = false;
            ImVec4 colour = colours.text;
            if (span.style == Style::Bold)
                colour = colours.accent;
            else if (span.style == Style::Code)
                colour = colours.clientLine;
            else if (span.style == Style::Emphasis)
                colour = colours.serverLine;
            if (span.style == Style::Code) {
                const ImVec2 at = ImGui::GetCursorScreenPos();
                const ImVec2 size = ImGui::CalcTextSize(word.c_str());
                ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(at.x - 2.0f, at.y),
                                                          ImVec2(at.x + size.x + 2.0f, at.y + size.y),
                                                          ImGui::GetColorU32(colours.cardBackground), 3.0f);
            }
            ImGui::TextColored(colour, "%s", word.c_str());
            gluedToPrevious = end == t.size();
            if (end == t.size())
                break;
        }
    }
}

}  // namespace

void richText(const std::string& source)
{
    std::size_t start = 0;
    while (start <= source.size()) {
        std::size_t end = source.find('\n', start);
        if (end == std::string::npos)
            end = source.size();
        std::string_view line(source.data() + start, end - start);
        while (!line.empty() && line.front() == ' ')
            line.remove_prefix(1);
        if (line.empty()) {
            ImGui::Spacing();
        } else if (line.rfind("- ", 0) == 0 || line.rfind("* ", 0) == 0) {
            ImGui::Bullet();
            ImGui::SameLine();
            ImGui::BeginGroup();
            drawSpans(spansOf(line.substr(2)));
            ImGui::EndGroup();
        } else {
            drawSpans(spansOf(line));
        }
        if (end == source.size())
            break;
        start = end + 1;
    }
}

namespace {

// [SECTION] parts of the panel

const sim::World& mainWorld(const Explorer& explorer)
{
    return explorer.world(0);
}

/// The step's solution actions that have no button in the window (mail arriving from
/// someone else): the panel offers them as buttons of its own.
bool hasButton(const sim::Action& action)
{
    return !action.device.empty() && action.kind != sim::ActionKind::AddDevice;
}

void drawHeader(Explorer& explorer, const LessonSession& session, bool& fold)
{
    const lessons::Lesson& lesson = session.lesson();
    const lessons::Runner& runner = session.runner();
    const Palette& colours = palette();
    char line[400];
    std::snprintf(line, sizeof line, tr("lesson.title"), lesson.order, text(lesson.title).c_str());
    const ImGuiStyle& style = ImGui::GetStyle();
    const float buttonWidth = ImGui::CalcTextSize("×").x + style.FramePadding.x * 2.0f;
    const float buttons = buttonWidth * 2.0f + style.ItemSpacing.x;
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - buttons - style.ItemSpacing.x);
    ImGui::TextColored(colours.accent, "%s", line);
    ImGui::PopTextWrapPos();
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - buttons);
    if (ImGui::SmallButton("›###lesson-fold"))
        fold = true;
    tooltip(tr("lesson.fold"));
    ImGui::SameLine();
    if (ImGui::SmallButton("×###lesson-leave"))
        explorer.post(LessonIntent{LessonMove::Stop});
    markLastItem(explorer, "lesson:leave");
    tooltip(tr("lesson.leave_help"));

    const std::size_t total = lesson.steps.size();
    const std::size_t at = std::min(runner.index() + 1, total);
    if (runner.finished())
        std::snprintf(line, sizeof line, "%s", tr("lesson.complete"));
    else
        std::snprintf(line, sizeof line, tr("lesson.step_of"), at, total);
    const float fraction = total == 0 ? 1.0f
                                      : static_cast<float>(runner.finished() ? total : runner.index()) /
                                            static_cast<float>(total);
    ImGui::ProgressBar(fraction, ImVec2(-FLT_MIN, 0.0f), line);
    if (!runner.finished()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(text(runner.step().title).c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::Separator();
}

/// What happened at a world step, in the UI's language: "09:00:10 Laptop: Check mail" for an
/// action, "09:00:12 Laptop C: DELE 1" for a protocol line.
std::string stepText(const sim::World& world, std::size_t step)
{
    const int zone = world.scenario().zoneMinutes;
    for (const sim::TimelineEntry& e : world.timeline())
        if (e.step == step)
            return sim::formatClock(e.time, zone) + " " + actionText(e.action);
    for (const sim::Device* d : world.devices())
        for (const sim::TranscriptEntry& e : d->transcript().entries())
            if (e.step == step && e.kind != sim::EntryKind::Note)
                return sim::formatClock(e.time, zone) + " " + e.device +
                       (e.direction == core::Direction::ClientToServer ? " C: " : " S: ") + e.text;
    return "";
}

void drawChecks(Explorer& explorer, LessonSession& session)
{
    const lessons::Runner& runner = session.runner();
    const std::vector<lessons::CheckResult> results = runner.results();
    if (results.empty())
        return;
    const Palette& colours = palette();
    ImGui::Spacing();
    ImGui::TextColored(colours.textDim, "%s", tr("lesson.checks"));
    // A check that does not hold says why once the world has done what the step set going.
    const bool settled = !runner.busy() && runner.waitDone();
    const bool failing = settled && std::any_of(results.begin(), results.end(),
                                                [](const lessons::CheckResult& r) { return !r.holds; });
    if (failing) {
        // Something went another way than the step meant: try the step again from its start.
        if (ImGui::SmallButton(trLabel("lesson.retry")))
            explorer.post(LessonIntent{LessonMove::Retry});
        markLastItem(explorer, "lesson:retry");
        tooltip(tr("lesson.retry_help"));
    }
    for (const lessons::CheckResult& r : results) {
        ImGui::PushID(r.check->id.c_str());
        ImGui::TextColored(r.holds ? colours.accent : colours.textDim, "%s", r.holds ? "●" : "○");
        ImGui::SameLine();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(text(r.check->label).c_str());
        ImGui::PopTextWrapPos();
        markLastItem(explorer, "lesson:check:" + r.check->id);
        if (!r.holds && settled) {
            ImGui::Indent();
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextColored(colours.error, "%s", text(r.check->failure).c_str());
            ImGui::PopTextWrapPos();
            const auto stopped = session.state().stopped.find(r.check->id);
            if (stopped == session.state().stopped.end()) {
                if (ImGui::SmallButton(trLabel("lesson.where_stopped")))
                    explorer.post(LessonIntent{LessonMove::WhereStopped, {}, r.check->id});
                markLastItem(explorer, "lesson:where:" + r.check->id);
                tooltip(tr("lesson.where_stopped_help"));
            } else {
                const std::size_t worldIndex = r.check->world == lessons::Twin::Imap ? 1u : 0u;
                const sim::World& world = explorer.world(worldIndex);
                ImGui::PushTextWrapPos(0.0f);
                if (!stopped->second) {
                    ImGui::TextColored(colours.textDim, "%s", tr("lesson.never_held"));
                } else {
                    char line[600];
                    std::snprintf(line, sizeof line, tr("lesson.stopped_at"), *stopped->second,
                                  stepText(world, *stopped->second).c_str());
                    ImGui::TextColored(colours.textDim, "%s", line);
                }
                ImGui::PopTextWrapPos();
                if (stopped->second && ImGui::SmallButton(trLabel("lesson.show_line"))) {
                    // The transcript line carried at that step, selected for the inspector.
                    for (const sim::Device* d : world.devices()) {
                        const auto& entries = d->transcript().entries();
                        for (std::size_t i = 0; i < entries.size(); ++i)
                            if (entries[i].step == *stopped->second) {
                                explorer.post(SelectEntry{worldIndex, d->name(), i});
                                break;
                            }
                    }
                }
            }
            ImGui::Unindent();
        }
        ImGui::PopID();
    }
}

void drawHints(Explorer& explorer, LessonSession& session)
{
    const lessons::Runner& runner = session.runner();
    const lessons::Step& step = runner.step();
    LessonStepState& state = session.state();
    // After a while without progress, the next hint shows by itself.
    if (!runner.complete() && !runner.busy() && state.hintsShown < step.hints.size() &&
        explorer.clock() - state.enteredAt > kHintAfterSeconds * static_cast<double>(state.hintsShown + 1))
        ++state.hintsShown;
    const Palette& colours = palette();
    for (std::size_t i = 0; i < state.hintsShown && i < step.hints.size(); ++i) {
        ImGui::TextColored(colours.accent, "?");
        ImGui::SameLine();
        ImGui::BeginGroup();
        richText(text(step.hints[i]));
        ImGui::EndGroup();
    }
    if (state.solutionShown && !runner.complete()) {
        ImGui::TextColored(colours.textDim, "%s", tr("lesson.solution"));
        if (step.realClient) {
            ImGui::PushTextWrapPos(0.0f);
            ImGui::BulletText("%s", tr("lesson.real_client_solution"));
            ImGui::PopTextWrapPos();
        } else if (step.kind == lessons::StepKind::Action) {
            for (const sim::Action& a : step.solution)
                ImGui::BulletText("%s", actionText(a).c_str());
        } else {
            for (const lessons::Choice& c : step.choices)
                if (std::find(step.answer.begin(), step.answer.end(), c.id) != step.answer.end())
                    ImGui::BulletText("%s", text(c.text).c_str());
        }
    }
}

void drawChoices(Explorer& explorer, LessonSession& session)
{
    const lessons::Runner& runner = session.runner();
    const lessons::Step& step = runner.step();
    LessonStepState& state = session.state();
    const Palette& colours = palette();
    const bool predict = step.kind == lessons::StepKind::Predict;
    ImGui::Spacing();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(colours.accent, "%s", text(step.question).c_str());
    ImGui::TextColored(colours.textDim, "%s", tr(step.multiple || predict ? "lesson.choose_many" : "lesson.choose_one"));
    ImGui::PopTextWrapPos();
    const bool locked = runner.complete() && !predict ? true : predict && state.answer.has_value();
    ImGui::BeginDisabled(locked);
    for (const lessons::Choice& choice : step.choices) {
        const auto it = std::find(state.chosen.begin(), state.chosen.end(), choice.id);
        bool on = it != state.chosen.end();
        const std::string label = text(choice.text) + "###choice-" + choice.id;
        bool changed = false;
        if (step.multiple || predict) {
            changed = ImGui::Checkbox(label.c_str(), &on);
        } else if (ImGui::RadioButton(label.c_str(), on)) {
            changed = !on;
            on = true;
        }
        markLastItem(explorer, "lesson:choice:" + choice.id);
        if (changed) {
            if (!step.multiple && !predict)
                state.chosen.clear();
            std::erase(state.chosen, choice.id);
            if (on)
                state.chosen.push_back(choice.id);
            state.answer.reset();
        }
    }
    ImGui::EndDisabled();
    if (!locked) {
        ImGui::BeginDisabled(state.chosen.empty());
        if (ImGui::Button(trLabel(predict ? "lesson.predict" : "lesson.answer")))
            explorer.post(LessonIntent{LessonMove::Answer, state.chosen});
        ImGui::EndDisabled();
        markLastItem(explorer, "lesson:answer");
    }
    if (state.answer) {
        const lessons::AnswerResult& result = *state.answer;
        ImGui::PushTextWrapPos(0.0f);
        if (result.right) {
            ImGui::TextColored(colours.accent, "%s", tr(predict ? "lesson.prediction_right" : "lesson.right"));
        } else {
            ImGui::TextColored(colours.error, "%s", tr(predict ? "lesson.prediction_wrong" : "lesson.wrong"));
            for (const lessons::Text& why : result.feedback)
                ImGui::BulletText("%s", text(why).c_str());
        }
        ImGui::PopTextWrapPos();
    }
}

void drawStep(Explorer& explorer, LessonSession& session)
{
    const lessons::Runner& runner = session.runner();
    const lessons::Step& step = runner.step();
    const Palette& colours = palette();
    richText(runner.render(step.narration, lang()));

    if (step.kind == lessons::StepKind::Action && !step.task.empty()) {
        ImGui::Spacing();
        ImGui::TextColored(colours.accent, "▶");
        ImGui::SameLine();
        ImGui::BeginGroup();
        richText(runner.render(step.task, lang()));
        ImGui::EndGroup();
        // Actions no button in the window does (mail arriving from someone else).
        for (std::size_t i = 0; i < step.solution.size(); ++i) {
            const sim::Action& action = step.solution[i];
            if (hasButton(action) || runner.complete())
                continue;
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::Button(actionText(action).c_str()))
                explorer.post(DoAction{action});
            markLastItem(explorer, "lesson:do:" + std::to_string(i));
            ImGui::PopID();
        }
    }
    if (step.kind != lessons::StepKind::Action)
        drawChoices(explorer, session);

    if (const auto& run = runner.realClientRun(); run && step.realClient) {
        ImGui::PushTextWrapPos(0.0f);
        if (!run->ok)
            ImGui::TextColored(colours.error, "%s", run->error.c_str());
        ImGui::PopTextWrapPos();
        if (ImGui::TreeNode(trLabel("lesson.real_client_transcript"))) {
            ImGui::TextUnformatted(run->transcript.c_str());
            ImGui::TreePop();
        }
    }
    if (const auto& notice = session.state().notice) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(colours.error, "%s", notice->c_str());
        ImGui::PopTextWrapPos();
    }
    if (runner.busy()) {
        ImGui::TextColored(colours.inFlight, "● %s", tr("lesson.busy"));
        if (ImGui::SmallButton(trLabel("lesson.finish_now")))
            explorer.post(StepAction{});
        markLastItem(explorer, "lesson:finish-now");
        tooltip(tr("lesson.finish_now_help"));
    } else if (step.kind == lessons::StepKind::Action && !runner.waitDone()) {
        ImGui::TextColored(colours.textDim, "%s", tr("lesson.waiting"));
    }
    drawChecks(explorer, session);
    if (runner.complete() && !step.explanation.empty()) {
        ImGui::Spacing();
        ImGui::Separator();
        richText(runner.render(step.explanation, lang()));
    }
    if (!runner.complete() || step.kind != lessons::StepKind::Action) {
        ImGui::Spacing();
        drawHints(explorer, session);
    }
}

void drawFinished(Explorer& explorer, const LessonSession& session)
{
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(palette().accent, "%s", tr("lesson.complete"));
    ImGui::TextUnformatted(tr("lesson.complete_text"));
    ImGui::PopTextWrapPos();
    if (!session.nextFile().empty()) {
        if (ImGui::Button(trLabel("lesson.next_lesson")))
            explorer.post(StartLesson{session.nextFile().string()});
        markLastItem(explorer, "lesson:next-lesson");
        ImGui::SameLine();
    }
    if (ImGui::Button(trLabel("lesson.restart")))
        explorer.post(LessonIntent{LessonMove::Restart});
    markLastItem(explorer, "lesson:restart");
    ImGui::SameLine();
    if (ImGui::Button(trLabel("lesson.leave")))
        explorer.post(LessonIntent{LessonMove::Stop});
    markLastItem(explorer, "lesson:leave-finished");
}

/// Hint and Show solution, in the footer so they never scroll out of sight.
void drawHintButtons(Explorer& explorer, LessonSession& session)
{
    const lessons::Runner& runner = session.runner();
    if (runner.finished())
        return;
    const lessons::Step& step = runner.step();
    LessonStepState& state = session.state();
    if (runner.complete() && step.kind == lessons::StepKind::Action)
        return;
    bool first = true;
    const auto place = [&](const char* label) {
        if (!first) {
            const float width = ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2.0f;
            if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width <=
                ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
                ImGui::SameLine();
        }
        first = false;
    };
    if (state.hintsShown < step.hints.size()) {
        const char* label = trLabel(state.hintsShown == 0 ? "lesson.hint" : "lesson.another_hint");
        place(label);
        if (ImGui::SmallButton(label))
            ++state.hintsShown;
        markLastItem(explorer, "lesson:hint");
    }
    const bool hasSolution = step.kind == lessons::StepKind::Action ? !step.solution.empty() || step.realClient
                                                                    : !step.answer.empty();
    if (hasSolution && !runner.complete()) {
        const char* label = trLabel(state.solutionShown ? "lesson.hide_solution" : "lesson.show_solution");
        place(label);
        if (ImGui::SmallButton(label))
            state.solutionShown = !state.solutionShown;
        markLastItem(explorer, "lesson:solution");
        if (state.solutionShown) {
            place(trLabel("lesson.do_it"));
            if (ImGui::SmallButton(trLabel("lesson.do_it")))
                explorer.post(LessonIntent{LessonMove::Solve});
            markLastItem(explorer, "lesson:do-it");
            tooltip(tr("lesson.do_it_help"));
        }
    }
}

void drawFooter(Explorer& explorer, LessonSession& session)
{
    const lessons::Runner& runner = session.runner();
    ImGui::Separator();
    drawHintButtons(explorer, session);
    ImGui::BeginDisabled(runner.index() == 0);
    if (ImGui::Button(trLabel("lesson.back")))
        explorer.post(LessonIntent{LessonMove::Back});
    ImGui::EndDisabled();
    markLastItem(explorer, "lesson:back");
    tooltip(tr("lesson.back_help"));
    if (runner.finished())
        return;
    ImGui::SameLine();
    if (ImGui::Button(trLabel("lesson.skip")))
        explorer.post(LessonIntent{LessonMove::Skip});
    markLastItem(explorer, "lesson:skip");
    tooltip(tr("lesson.skip_help"));
    ImGui::SameLine();
    const bool last = runner.index() + 1 == session.lesson().steps.size();
    const bool ready = runner.complete();
    if (ready)
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    ImGui::BeginDisabled(!ready);
    if (ImGui::Button(trLabel(last ? "lesson.finish" : "lesson.next")))
        explorer.post(LessonIntent{LessonMove::Next});
    ImGui::EndDisabled();
    if (ready)
        ImGui::PopStyleColor();
    markLastItem(explorer, "lesson:next");
    tooltip(tr(ready ? "lesson.next_help" : "lesson.next_locked"));
}

}  // namespace

// [SECTION] public functions

void drawLessonPanel(Explorer& explorer, bool& fold)
{
    LessonSession* session = explorer.lesson();
    if (!session)
        return;
    drawHeader(explorer, *session, fold);
    const Palette& colours = palette();
    if (!session->reloadError().empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(colours.error, "%s", tr("lesson.reload_error"));
        ImGui::TextColored(colours.error, "%s", session->reloadError().c_str());
        ImGui::PopTextWrapPos();
    }
    if (!session->progressError().empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(colours.textDim, tr("lesson.progress_error"), session->progressError().c_str());
        ImGui::PopTextWrapPos();
    }
    const float footer = ImGui::GetFrameHeightWithSpacing() * kFooterLines;
    if (ImGui::BeginChild("lesson-text", ImVec2(0.0f, -footer), false)) {
        if (session->runner().finished())
            drawFinished(explorer, *session);
        else
            drawStep(explorer, *session);
    }
    ImGui::EndChild();
    drawFooter(explorer, *session);
}

std::string lessonHighlight(const Explorer& explorer)
{
    const LessonSession* session = explorer.lesson();
    if (!session)
        return "";
    const lessons::Runner& runner = session->runner();
    if (runner.finished() || runner.busy() || runner.complete())
        return "";
    const lessons::Step& step = runner.step();
    if (step.kind != lessons::StepKind::Action)
        return "";
    // The first action of the solution that the learner has not done yet.
    for (std::size_t i = session->state().solutionDone; i < step.solution.size(); ++i) {
        const sim::Action& action = step.solution[i];
        if (!hasButton(action))
            return explorer.targets().count("lesson:do:" + std::to_string(i)) ? "lesson:do:" + std::to_string(i) : "";
        const std::string button = actionTarget(action);
        if (explorer.targets().count(button))
            return button;
        // A message action while that message is not selected: point at its card.
        if (action.message) {
            const sim::Device* device = mainWorld(explorer).findDevice(action.device);
            if (device)
                for (const sim::LocalFolder& folder : device->local().folders())
                    for (const sim::LocalMessage& m : folder.messages) {
                        const bool match = action.message->uid ? m.id == *action.message->uid
                                                               : m.message && m.message->summary().subject.find(
                                                                                  action.message->subjectContains) !=
                                                                                  std::string::npos;
                        if (match && explorer.targets().count(messageTarget(action.device, m.id)))
                            return messageTarget(action.device, m.id);
                    }
        }
        return deviceTarget(action.device);
    }
    return "";
}

void drawLessonHighlight(const Explorer& explorer, const float area[4])
{
    const std::string id = lessonHighlight(explorer);
    if (id.empty())
        return;
    const auto it = explorer.targets().find(id);
    if (it == explorer.targets().end())
        return;
    const auto& r = it->second;
    ImDrawList* draw = ImGui::GetForegroundDrawList();
    const float pad = ImGui::GetFontSize() * 0.2f;
    const ImVec2 min(r[0] - pad, r[1] - pad);
    const ImVec2 max(r[2] + pad, r[3] + pad);
    // The rest of the columns, dimmed a little: the eye goes to the target.
    const ImU32 dim = ImGui::GetColorU32(ImVec4(0.0f, 0.0f, 0.0f, 0.28f));
    const ImVec2 aMin(area[0], area[1]);
    const ImVec2 aMax(area[2], area[3]);
    if (aMax.x > aMin.x && aMax.y > aMin.y) {
        draw->AddRectFilled(aMin, ImVec2(aMax.x, std::clamp(min.y, aMin.y, aMax.y)), dim);
        draw->AddRectFilled(ImVec2(aMin.x, std::clamp(max.y, aMin.y, aMax.y)), aMax, dim);
        const float top = std::clamp(min.y, aMin.y, aMax.y);
        const float bottom = std::clamp(max.y, aMin.y, aMax.y);
        draw->AddRectFilled(ImVec2(aMin.x, top), ImVec2(std::clamp(min.x, aMin.x, aMax.x), bottom), dim);
        draw->AddRectFilled(ImVec2(std::clamp(max.x, aMin.x, aMax.x), top), ImVec2(aMax.x, bottom), dim);
    }
    // A frame that breathes slowly (still visible on a projector at any moment), kept
    // inside the columns (the lesson panel beside them stays clear).
    if (aMax.x > aMin.x && aMax.y > aMin.y)
        draw->PushClipRect(aMin, aMax, false);
    const float pulse = 0.65f + 0.35f * std::sin(static_cast<float>(explorer.clock()) * 3.0f);
    ImVec4 colour = palette().accent;
    colour.w = pulse;
    draw->AddRect(min, max, ImGui::GetColorU32(colour), pad * 2.0f, 0, std::max(2.0f, ImGui::GetFontSize() * 0.15f));
    if (aMax.x > aMin.x && aMax.y > aMin.y)
        draw->PopClipRect();
}

}  // namespace mailscope::app
