// `mailscope lesson list | check | run` (command.h): the lesson engine played headless.
#include "lessons/command.h"

#include <cstdlib>
#include <ostream>

#include "lessons/runner.h"
#include "sim/action.h"

namespace mailscope::lessons {

namespace {

std::string indent(const std::string& text, const std::string& prefix) {
    std::string out = prefix;
    for (char c : text) {
        out += c;
        if (c == '\n') out += prefix;
    }
    while (!out.empty() && (out.back() == ' ')) out.pop_back();
    if (!out.empty() && out.back() != '\n') out += '\n';
    return out;
}

const char* word(Lang lang, const char* en, const char* pl) { return lang == Lang::Pl ? pl : en; }

void printStepHead(const Runner& r, Lang lang, std::ostream& out) {
    const Step& s = r.step();
    out << "\n== " << word(lang, "Step", "Krok") << " " << r.index() + 1 << "/" << r.lesson().steps.size() << " ["
        << s.id << "] " << s.title.in(lang) << "\n";
    out << indent(r.render(s.narration, lang), "  ");
    if (!s.task.empty()) out << "  " << word(lang, "Task: ", "Zadanie: ") << s.task.in(lang) << "\n";
    if (s.kind != StepKind::Action) {
        out << "  ? " << s.question.in(lang) << "\n";
        for (const Choice& c : s.choices) out << "    (" << c.id << ") " << c.text.in(lang) << "\n";
    }
}

/// Prints the step's checks; returns whether the step is complete.
bool printResults(Runner& r, Lang lang, std::ostream& out) {
    const Step& s = r.step();
    if (s.wait && !r.waitDone()) out << "  [WAIT] " << word(lang, "still waiting for ", "wciąż czekamy na ") << s.wait->kind << "\n";
    for (const CheckResult& c : r.results()) {
        out << "  [" << (c.holds ? " ok " : "FAIL") << "] " << c.check->label.in(lang) << "\n";
        if (!c.holds)
            out << "         " << c.check->failure.in(lang) << "\n         " << r.whereStopped(*c.check).in(lang) << "\n";
    }
    return r.complete();
}

/// An action for people: sim::describeAction() in English, the same words in Polish.
std::string describe(const sim::Action& a, Lang lang) {
    if (lang == Lang::En) return sim::describeAction(a);
    using K = sim::ActionKind;
    std::string verb;
    switch (a.kind) {
        case K::CheckMail: verb = "sprawdź pocztę"; break;
        case K::OpenMessage: verb = "otwórz wiadomość"; break;
        case K::MarkUnread: verb = "oznacz jako nieprzeczytaną"; break;
        case K::Flag: verb = "dodaj flagę " + a.flag + " do"; break;
        case K::Unflag: verb = "zdejmij flagę " + a.flag + " z"; break;
        case K::Delete: verb = "usuń wiadomość"; break;
        case K::MoveToFolder: verb = "przenieś wiadomość"; break;
        case K::CreateFolder: verb = "utwórz folder „" + a.folder + "”"; break;
        case K::RenameFolder: verb = "zmień nazwę folderu „" + a.folder + "” na „" + a.newName + "”"; break;
        case K::DeleteFolder: verb = "usuń folder „" + a.folder + "”"; break;
        case K::GoOffline: verb = "odłącz od sieci"; break;
        case K::GoOnline: verb = "podłącz do sieci"; break;
        case K::DeliverMail:
            return "wyślij pocztę do " + a.account + (a.mail ? ": „" + a.mail->subject + "”" : std::string());
        case K::SetLeaveCopy: verb = std::string(a.on ? "włącz" : "wyłącz") + " „zostaw kopię na serwerze”"; break;
        case K::SetIdle: verb = std::string(a.on ? "włącz" : "wyłącz") + " IDLE"; break;
        case K::SetQuickResync: verb = std::string(a.on ? "włącz" : "wyłącz") + " szybką synchronizację (QRESYNC)"; break;
        case K::SetTls:
            verb = a.tls == sim::TlsMode::StartTls ? "ustaw STARTTLS (szyfrowanie przed logowaniem)"
                                                   : std::string(a.tls == sim::TlsMode::Implicit ? "włącz" : "wyłącz") +
                                                         " szyfrowanie TLS";
            break;
        default: return sim::describeAction(a);
    }
    if (a.message) {
        if (a.kind == K::Flag || a.kind == K::Unflag) verb += " wiadomości";
        verb += a.message->uid ? " " + std::to_string(*a.message->uid) : " „" + a.message->subjectContains + "”";
    }
    if (a.kind == K::MoveToFolder) verb += " do folderu „" + a.folder + "”";
    return a.device + ": " + verb;
}

void printActions(const std::vector<sim::Action>& actions, Lang lang, std::ostream& out) {
    for (const sim::Action& a : actions) out << "  > " << describe(a, lang) << "\n";
}

/// Plays the current step's right solution and prints it; returns whether it completed.
bool playRight(Runner& r, Lang lang, std::ostream& out) {
    const Step& s = r.step();
    if (s.kind == StepKind::Action) {
        printActions(s.solution, lang, out);
        r.playSolution();
        if (const auto& run = r.realClientRun(); run && s.realClient) {
            out << "  > " << word(lang, "a real IMAP client over a loopback socket:", "prawdziwy klient IMAP przez gniazdo na pętli zwrotnej:") << "\n"
                << indent(run->transcript, "    ");
            if (!run->ok) out << "  [FAIL] " << run->error << "\n";
        }
    } else {
        std::string ids;
        for (const std::string& a : s.answer) ids += (ids.empty() ? "" : ", ") + a;
        out << "  > " << word(lang, "answer: ", "odpowiedź: ") << ids << "\n";
        const AnswerResult res = r.answer(s.answer);
        for (const Text& f : res.feedback) out << "    " << f.in(lang) << "\n";
        if (!res.right) {
            out << "  [FAIL] " << word(lang, "the answer is wrong", "odpowiedź jest błędna") << "\n";
            return false;
        }
        if (s.kind == StepKind::Predict) {
            for (const Choice& c : s.choices)
                if (c.check && std::find(s.answer.begin(), s.answer.end(), c.id) != s.answer.end())
                    out << "  [ ok ] " << c.check->label.in(lang) << "\n";
        }
    }
    const bool done = printResults(r, lang, out);
    if (done && !s.explanation.empty()) out << indent(r.render(s.explanation, lang), "  ");
    return done;
}

}  // namespace

LessonPaths defaultLessonPaths() {
    std::filesystem::path root = ".";
#ifdef MAILSCOPE_SOURCE_DIR
    root = MAILSCOPE_SOURCE_DIR;
#endif
    if (const char* dir = std::getenv("MAILSCOPE_DATA_DIR"); dir && *dir) root = dir;
    LessonPaths paths{root / "lessons" / "content", root / "assets"};
    if (const char* dir = std::getenv("MAILSCOPE_ASSETS"); dir && *dir) paths.assets = dir;
    if (const char* dir = std::getenv("MAILSCOPE_LESSONS"); dir && *dir) paths.content = dir;
    return paths;
}

bool playAuto(const Lesson& lesson, Lang lang, std::ostream& out) {
    out << lesson.title.in(lang) << "\n" << indent(lesson.summary.in(lang), "  ");
    Runner r(lesson);
    while (!r.finished()) {
        printStepHead(r, lang, out);
        if (!playRight(r, lang, out)) {
            out << "\n" << word(lang, "Stopped at step ", "Zatrzymano w kroku ") << r.step().id << "\n";
            return false;
        }
        r.next();
    }
    out << "\n" << word(lang, "Lesson complete.", "Lekcja ukończona.") << "\n";
    return true;
}

bool playWrong(const Lesson& lesson, Lang lang, std::ostream& out) {
    out << lesson.title.in(lang) << " (--wrong)\n";
    Runner r(lesson);
    bool ok = true;
    while (!r.finished()) {
        const Step& s = r.step();
        out << "\n== " << word(lang, "Step", "Krok") << " [" << s.id << "] " << s.title.in(lang) << "\n";
        if (s.wrong) {
            const WrongSolution& w = *s.wrong;
            bool caught = false;
            if (s.kind == StepKind::Action) {
                out << "  " << word(lang, "wrong solution:", "błędne rozwiązanie:") << "\n";
                printActions(w.actions, lang, out);
                for (const sim::Action& a : w.actions) r.perform(a);
                for (const CheckResult& c : r.results())
                    if (c.check->id == w.check && !c.holds) {
                        caught = true;
                        out << "  [caught] " << c.check->id << ": " << c.check->failure.in(lang) << "\n           "
                            << r.whereStopped(*c.check).in(lang) << "\n";
                    }
            } else {
                std::string ids;
                for (const std::string& a : w.answer) ids += (ids.empty() ? "" : ", ") + a;
                out << "  " << word(lang, "wrong answer: ", "błędna odpowiedź: ") << ids << "\n";
                const AnswerResult res = r.answer(w.answer);
                caught = !res.right;
                for (const Text& f : res.feedback) out << "  [caught] answer: " << f.in(lang) << "\n";
            }
            if (!w.why.empty()) out << "  " << w.why.in(lang) << "\n";
            if (!caught) {
                out << "  [MISSED] " << word(lang, "the wrong solution passed check '", "błędne rozwiązanie przeszło sprawdzenie '")
                    << w.check << "'\n";
                ok = false;
            }
            r.goTo(r.index());  // back to the step as it was first entered
        }
        out << "  " << word(lang, "right solution:", "dobre rozwiązanie:") << "\n";
        if (!playRight(r, lang, out)) {
            out << "  [FAIL] " << word(lang, "the right solution does not complete the step", "dobre rozwiązanie nie kończy kroku") << "\n";
            return false;
        }
        r.next();
    }
    out << "\n" << (ok ? word(lang, "Every wrong solution was caught.", "Każde błędne rozwiązanie zostało wykryte.")
                       : word(lang, "Some wrong solution was not caught.", "Nie wykryto któregoś błędnego rozwiązania."))
        << "\n";
    return ok;
}

int runLessonCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const LessonPaths& paths) {
    const char* usage =
        "usage: mailscope lesson list\n"
        "       mailscope lesson check FILE...\n"
        "       mailscope lesson run FILE (--auto | --wrong) [--lang en|pl]\n";
    if (args.empty()) {
        err << usage;
        return 2;
    }
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        out << usage
            << "\n  list      the shipped lessons, in teaching order\n"
               "  check     validates lesson files (FILE:LINE:COLUMN: problem for each mistake)\n"
               "  run       plays a lesson headless: --auto with each step's solution, --wrong with\n"
               "            each step's deliberately wrong one (every one must fail the check it names)\n"
               "FILE is a .toml file or the name of a shipped lesson (mailscope lesson list).\n";
        return 0;
    }
    if (args[0] == "list") {
        int rc = 0;
        for (const auto& file : lessonFiles(paths.content)) {
            try {
                const Lesson l = loadLesson(file, paths.assets);
                out << file.filename().string() << "  " << l.title.en << " / " << l.title.pl << " (" << l.steps.size()
                    << " steps)\n";
            } catch (const LessonError& e) {
                err << e.what() << "\n";
                rc = 1;
            }
        }
        return rc;
    }
    if (args[0] == "check") {
        if (args.size() < 2) {
            err << usage;
            return 2;
        }
        int rc = 0;
        for (std::size_t i = 1; i < args.size(); ++i) {
            try {
                const Lesson l = loadLesson(args[i], paths.assets);
                out << args[i] << ": ok (" << l.steps.size() << " steps)\n";
            } catch (const LessonError& e) {
                err << e.what() << "\n";
                rc = 1;
            }
        }
        return rc;
    }
    if (args[0] == "run") {
        std::string file, mode;
        Lang lang = Lang::En;
        for (std::size_t i = 1; i < args.size(); ++i) {
            if (args[i] == "--auto" || args[i] == "--wrong") {
                mode = args[i];
            } else if (args[i] == "--lang" && i + 1 < args.size()) {
                const auto l = langFromName(args[++i]);
                if (!l) {
                    err << "unknown language '" << args[i] << "' (en or pl)\n";
                    return 2;
                }
                lang = *l;
            } else if (file.empty() && args[i].rfind("--", 0) != 0) {
                file = args[i];
            } else {
                err << "unknown argument '" << args[i] << "'\n" << usage;
                return 2;
            }
        }
        if (file.empty() || mode.empty()) {
            err << usage;
            return 2;
        }
        std::filesystem::path path = file;
        if (!std::filesystem::exists(path) && std::filesystem::exists(paths.content / (file + ".toml")))
            path = paths.content / (file + ".toml");
        try {
            const Lesson l = loadLesson(path, paths.assets);
            const bool ok = mode == "--auto" ? playAuto(l, lang, out) : playWrong(l, lang, out);
            return ok ? 0 : 1;
        } catch (const LessonError& e) {
            err << e.what() << "\n";
            return 1;
        }
    }
    err << "unknown lesson command '" << args[0] << "'\n" << usage;
    return 2;
}

}  // namespace mailscope::lessons
