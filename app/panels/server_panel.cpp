// The server column: accounts, mailboxes and message cards read from the world every
// frame, with the marks that sessions put on messages (POP3 DELE, IMAP updates in flight).
#include "app/panels/server_panel.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <imgui.h>
#include <imgui_internal.h>

#include "app/panels/flow_view.h"
#include "app/ui/flow.h"
#include "app/ui/i18n.h"
#include "app/ui/mail_text.h"
#include "app/ui/theme.h"
#include "app/ui/widgets.h"
#include "protocols/imap/server_session.h"
#include "protocols/pop3/server_session.h"
#include "sim/server_host.h"

namespace mailscope::app {

namespace {

/// "a, b, c".
std::string joined(const std::vector<std::string>& names)
{
    std::string out;
    for (const std::string& n : names) {
        if (!out.empty())
            out += ", ";
        out += n;
    }
    return out;
}

std::string format(const char* fmt, const std::string& a)
{
    char buf[512];
    std::snprintf(buf, sizeof buf, fmt, a.c_str());
    return buf;
}

// [SECTION] what open sessions are doing to a mailbox (from the world's queries)

/// One message a session has marked, with the session's name.
struct Mark {
    std::uint32_t uid = 0;
    std::string session;
};

/// A message gone from the store that an IMAP session has not been told of (EXPUNGE not sent).
struct Unannounced {
    std::uint32_t uid = 0;
    std::shared_ptr<const mail::Message> message;
    mail::Flags flags;
    std::vector<std::string> sessions;
};

struct SessionMarks {
    std::vector<Mark> deleted;              ///< POP3: marked by DELE in an open session
    std::vector<Mark> flagsInFlight;        ///< IMAP: flags changed, FETCH FLAGS not sent yet
    std::vector<Unannounced> expunged;      ///< IMAP: removed, EXPUNGE not sent yet (by UID)
    std::vector<std::string> behind;        ///< IMAP sessions with any update not sent yet
};

std::vector<std::string> sessionsOf(const std::vector<Mark>& marks, std::uint32_t uid)
{
    std::vector<std::string> out;
    auto it = std::lower_bound(marks.begin(), marks.end(), uid, [](const Mark& m, std::uint32_t u) { return m.uid < u; });
    for (; it != marks.end() && it->uid == uid; ++it)
        out.push_back(it->session);
    return out;
}

/// What the world says of every session, asked once a frame.
struct WorldMarks {
    std::vector<sim::World::MarkedMessage> marked;
    std::vector<sim::World::OwedChange> owed;
};

SessionMarks gatherMarks(const WorldMarks& all, const ViewState* view, std::size_t worldIndex,
                         const mail::Account& account, const mail::Mailbox& mailbox)
{
    SessionMarks marks;
    // A POP3 session works on INBOX only (RFC 1939 §8: the maildrop).
    if (&account.inbox() == &mailbox)
        for (const sim::World::MarkedMessage& m : all.marked)
            if (m.account == account.user())
                marks.deleted.push_back({m.uid, m.session.name});
    for (const sim::World::OwedChange& o : all.owed) {
        if (o.account != account.user() || o.folder != mailbox.name())
            continue;
        if (std::find(marks.behind.begin(), marks.behind.end(), o.session.name) == marks.behind.end())
            marks.behind.push_back(o.session.name);
        if (o.kind == sim::UpdateKind::Flags) {
            marks.flagsInFlight.push_back({o.uid, o.session.name});
        } else if (o.kind == sim::UpdateKind::Expunge) {
            auto it = std::find_if(marks.expunged.begin(), marks.expunged.end(),
                                   [&](const Unannounced& u) { return u.uid == o.uid; });
            if (it != marks.expunged.end()) {
                it->sessions.push_back(o.session.name);
                continue;
            }
            Unannounced gone{o.uid, nullptr, {}, {o.session.name}};
            if (const mail::MailItem* item = view ? view->removed(worldIndex, o.account, o.folder, o.uid) : nullptr) {
                gone.message = item->message;
                gone.flags = item->flags;
            }
            marks.expunged.push_back(std::move(gone));
        }
    }
    const auto byUid = [](const Mark& a, const Mark& b) { return a.uid < b.uid; };
    std::stable_sort(marks.deleted.begin(), marks.deleted.end(), byUid);
    std::stable_sort(marks.flagsInFlight.begin(), marks.flagsInFlight.end(), byUid);
    std::sort(marks.expunged.begin(), marks.expunged.end(),
              [](const Unannounced& a, const Unannounced& b) { return a.uid < b.uid; });
    return marks;
}

// [SECTION] messages that left the server: read from the stream, fading out

/// The removed messages of one mailbox still fading, by UID, with their opacity.
struct Fading {
    mail::MailItem item;
    float alpha = 1.0f;
};

std::vector<Fading> fadingOf(const ViewState* view, std::size_t worldIndex, double now, const mail::Account& account,
                             const mail::Mailbox& mailbox)
{
    std::vector<Fading> out;
    const StreamMemory* memory = view ? view->stream(worldIndex) : nullptr;
    if (!memory)
        return out;
    for (const Ghost& g : memory->ghosts) {
        if (g.account != account.user() || g.folder != mailbox.name() || mailbox.findUid(g.item.uid))
            continue;
        const double age = now - g.removedAt;
        if (age < 0.0 || age > ViewState::kFadeSeconds)
            continue;
        out.push_back({g.item, static_cast<float>(std::clamp(1.0 - age / ViewState::kFadeSeconds, 0.0, 1.0))});
    }
    std::sort(out.begin(), out.end(), [](const Fading& a, const Fading& b) { return a.item.uid < b.item.uid; });
    return out;
}

// [SECTION] cards

/// The card of a message as the store holds it.
MessageCard itemCard(const mail::MailItem& item)
{
    MessageCard card;
    card.icons = flagIcons(item.flags, item.recent);
    card.identity = item.uid;
    if (item.message) {
        const mail::Summary& summary = item.message->summary();
        card.from = displayName(summary.from);
        card.subject = summary.subject;
        card.size = formatSize(item.message->size());
    }
    if (card.from.empty())
        card.from = tr("mail.no_sender");
    if (card.subject.empty())
        card.subject = tr("mail.no_subject");
    char uid[48];
    std::snprintf(uid, sizeof uid, tr("server.uid"), static_cast<unsigned>(item.uid));
    card.detail = uid;
    return card;
}

void cardTooltip(const mail::MailItem& item, const std::vector<std::string>& notes)
{
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
    if (item.message) {
        const mail::Summary& summary = item.message->summary();
        ImGui::TextUnformatted(summary.from.empty() ? tr("mail.no_sender") : summary.from.c_str());
        ImGui::TextUnformatted(summary.subject.empty() ? tr("mail.no_subject") : summary.subject.c_str());
        ImGui::TextDisabled(tr("server.uid_size"), static_cast<unsigned>(item.uid),
                            formatSize(item.message->size()).c_str());
    }
    const std::string flags = item.flags.toString();
    ImGui::TextDisabled("%s%s", flags.empty() ? tr("server.no_flags") : flags.c_str(),
                        item.recent ? tr("server.and_recent") : "");
    for (const std::string& note : notes)
        ImGui::TextUnformatted(note.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

/// One row of a mailbox: a message in the store, one that faded out, or one that is gone
/// but an IMAP session has not been told yet.
struct Row {
    enum class Kind {
        Item,         ///< in the store
        Ghost,        ///< removed a moment ago, fading out
        Unannounced,  ///< removed; EXPUNGE not sent to some session yet
    };
    Kind kind = Kind::Item;
    std::size_t index = 0;
    std::uint32_t uid = 0;
};

/// Where the flow animation's flights start and end in a mailbox (null: no flights).
struct MailboxAnchors {
    FlowAnchors* anchors = nullptr;
    const std::string* account = nullptr;
};

void drawRow(const mail::Mailbox& mailbox, const Row& row, const SessionMarks& marks,
             const std::vector<Fading>& ghosts, const MailboxAnchors& flow)
{
    const Palette& colours = palette();
    const mail::MailItem* item = nullptr;
    mail::MailItem unannounced;
    MessageCard card;
    std::vector<std::string> notes;
    switch (row.kind) {
        case Row::Kind::Item: {
            item = &mailbox.items()[row.index];
            card = itemCard(*item);
            const std::vector<std::string> deleters = sessionsOf(marks.deleted, item->uid);
            if (!deleters.empty() || item->flags.has(mail::SystemFlag::Deleted)) {
                card.strike = true;
                card.detail += " · ";
                card.detail += tr("state.marked_for_deletion");
                card.detailColour = colours.markedForDeletion;
                card.stripe = colours.markedForDeletion;
                notes.push_back(deleters.empty() ? tr("server.deleted_flag_note")
                                                 : format(tr("server.dele_note"), joined(deleters)));
            }
            const std::vector<std::string> behind = sessionsOf(marks.flagsInFlight, item->uid);
            if (!behind.empty()) {
                if (!card.strike) {
                    card.detail += " · ";
                    card.detail += tr("state.in_flight");
                    card.detailColour = colours.inFlight;
                }
                card.stripe = colours.inFlight;
                notes.push_back(format(tr("server.flags_in_flight_note"), joined(behind)));
            }
            break;
        }
        case Row::Kind::Ghost: {
            const Fading& ghost = ghosts[row.index];
            item = &ghost.item;
            card = itemCard(ghost.item);
            card.strike = true;
            card.detail = tr("server.removed");
            card.detailColour = colours.markedForDeletion;
            card.alpha = ghost.alpha;
            break;
        }
        case Row::Kind::Unannounced: {
            const Unannounced& gone = marks.expunged[row.index];
            unannounced.uid = gone.uid;
            unannounced.message = gone.message;
            unannounced.flags = gone.flags;
            item = &unannounced;
            card = itemCard(unannounced);
            card.strike = true;
            card.detail = tr("server.removed");
            card.detail += " · ";
            card.detail += tr("state.in_flight");
            card.detailColour = colours.inFlight;
            card.stripe = colours.inFlight;
            card.alpha = 0.75f;
            notes.push_back(format(tr("server.expunge_in_flight_note"), joined(gone.sessions)));
            break;
        }
    }
    ImGui::PushID(static_cast<int>(row.uid));
    const CardResult result = drawMessageCard("card", card);
    ImGui::PopID();
    if (flow.anchors)
        flow.anchors->cards[FlowAnchors::cardKey(*flow.account, mailbox.name(), row.uid)] = itemRect();
    if (result.hovered && item)
        cardTooltip(*item, notes);
}

/// "3 messages, 1 unseen", "empty": in the current language.
std::string localizedSummary(const mail::Mailbox& mailbox)
{
    if (mailbox.empty())
        return tr("mail.empty_mailbox");
    char buf[160];
    const std::size_t n = mailbox.size();
    int used = std::snprintf(buf, sizeof buf, "%zu %s", n, trCount("count.message", n));
    if (const std::size_t unseen = mailbox.countWithout(mail::SystemFlag::Seen); unseen > 0 && used > 0)
        std::snprintf(buf + used, sizeof buf - static_cast<std::size_t>(used), ", %zu %s", unseen,
                      trCount("count.unseen", unseen));
    return buf;
}

void drawMessages(const mail::Mailbox& mailbox, const SessionMarks& marks, const std::vector<Fading>& ghosts,
                  const MailboxAnchors& flow)
{
    const auto& items = mailbox.items();
    std::vector<Row> rows;
    const bool plain = ghosts.empty() && marks.expunged.empty();
    if (!plain) {
        std::vector<Row> extra;
        for (std::size_t i = 0; i < marks.expunged.size(); ++i)
            extra.push_back({Row::Kind::Unannounced, i, marks.expunged[i].uid});
        for (std::size_t i = 0; i < ghosts.size(); ++i) {
            const std::uint32_t uid = ghosts[i].item.uid;
            const bool shown = std::any_of(marks.expunged.begin(), marks.expunged.end(),
                                           [uid](const Unannounced& u) { return u.uid == uid; });
            if (!shown)
                extra.push_back({Row::Kind::Ghost, i, uid});
        }
        std::sort(extra.begin(), extra.end(), [](const Row& a, const Row& b) { return a.uid < b.uid; });
        rows.reserve(items.size() + extra.size());
        auto e = extra.begin();
        for (std::size_t i = 0; i < items.size(); ++i) {
            for (; e != extra.end() && e->uid < items[i].uid; ++e)
                rows.push_back(*e);
            rows.push_back({Row::Kind::Item, i, items[i].uid});
        }
        rows.insert(rows.end(), e, extra.end());
    }
    const int count = static_cast<int>(plain ? items.size() : rows.size());
    ImGuiListClipper clipper;
    clipper.Begin(count, messageCardHeight());
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const std::size_t at = static_cast<std::size_t>(i);
            drawRow(mailbox, plain ? Row{Row::Kind::Item, at, items[at].uid} : rows[at], marks, ghosts, flow);
        }
    }
}

// [SECTION] accounts and mailboxes

/// The server's view, shared by the column and the stand-alone panel. `world` is null
/// for a store without a simulated world (nothing is marked, nothing fades).
struct ServerView {
    const mail::MailStore& store;
    const sim::ServerHost* host = nullptr;
    const sim::World* world = nullptr;
    std::size_t worldIndex = 0;
    const Explorer* explorer = nullptr;  ///< what was read of the world's stream
    WorldMarks marks;                    ///< the world's marks, asked once a frame
    FlowAnchors* anchors = nullptr;      ///< where flights start and end, while there are any
};

void drawMailbox(const mail::Mailbox& mailbox, const SessionMarks& marks, const std::vector<Fading>& ghosts,
                 const MailboxAnchors& flow)
{
    ImGui::PushID(static_cast<int>(mailbox.id()));
    const bool leaf = mailbox.empty() && ghosts.empty() && marks.expunged.empty();
    ImGuiTreeNodeFlags flags = ImGuiTreeNodeFlags_SpanAvailWidth;
    flags |= leaf ? (ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_Bullet | ImGuiTreeNodeFlags_NoTreePushOnOpen)
                  : ImGuiTreeNodeFlags_DefaultOpen;
    const bool open = ImGui::TreeNodeEx("##mailbox", flags, "%s", mailbox.name().c_str());
    if (flow.anchors)
        flow.anchors->mailboxes[FlowAnchors::mailboxKey(*flow.account, mailbox.name())] = itemRect();
    ImGui::SameLine();
    ImGui::TextDisabled("%s", localizedSummary(mailbox).c_str());
    if (!marks.behind.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(palette().inFlight, "● %s", tr("state.in_flight"));
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip(tr("server.behind_note"), joined(marks.behind).c_str());
    }
    if (open && !leaf) {
        drawMessages(mailbox, marks, ghosts, flow);
        ImGui::TreePop();
    }
    ImGui::PopID();
}

/// "Phone (POP3), Laptop (IMAP, IDLE)": the sessions open on an account.
std::string sessionList(const sim::ServerHost& host, const mail::Account& account)
{
    std::string out;
    for (const sim::HostedSession* session : host.sessions()) {
        if (session->closed())
            continue;
        std::string what;
        if (const pop3::ServerSession* pop3 = session->pop3()) {
            if (pop3->account() != &account)
                continue;
            what = "POP3";
        } else if (const imap::ServerSession* imap = session->imap()) {
            if (imap->account() != &account)
                continue;
            what = imap->idling() ? "IMAP, IDLE" : "IMAP";
        }
        if (!out.empty())
            out += ", ";
        out += session->name() + " (" + what + ")";
    }
    return out;
}

void drawAccount(const ServerView& view, const mail::Account& account)
{
    ImGui::PushID(account.user().c_str());
    if (ImGui::CollapsingHeader(account.user().c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
        ImGui::TextDisabled(tr("server.credentials"), account.user().c_str(), account.password().c_str());
        if (view.host) {
            const std::string sessions = sessionList(*view.host, account);
            ImGui::PushTextWrapPos(0.0f);
            if (sessions.empty())
                ImGui::TextDisabled("%s", tr("server.no_sessions"));
            else
                ImGui::TextDisabled(tr("server.sessions"), sessions.c_str());
            ImGui::PopTextWrapPos();
        }
        std::vector<std::string> empty;
        for (const mail::Mailbox* mailbox : account.mailboxes()) {
            const ViewState* state = view.explorer ? &view.explorer->view() : nullptr;
            const SessionMarks marks = gatherMarks(view.marks, state, view.worldIndex, account, *mailbox);
            const std::vector<Fading> ghosts =
                fadingOf(state, view.worldIndex, view.explorer ? view.explorer->clock() : 0.0, account, *mailbox);
            const bool inbox = mailbox == &account.inbox();
            if (!inbox && mailbox->empty() && ghosts.empty() && marks.expunged.empty() && marks.behind.empty()) {
                empty.push_back(mailbox->name());
                continue;
            }
            drawMailbox(*mailbox, marks, ghosts, MailboxAnchors{view.anchors, &account.user()});
        }
        if (!empty.empty()) {
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextDisabled(tr("server.empty_mailboxes"), joined(empty).c_str());
            ImGui::PopTextWrapPos();
        }
        ImGui::Spacing();
    }
    ImGui::PopID();
}

void drawServer(const ServerView& view)
{
    const auto accounts = view.store.accounts();
    std::size_t messages = 0;
    for (const mail::Account* account : accounts)
        for (const mail::Mailbox* mailbox : account->mailboxes())
            messages += mailbox->size();

    ImGui::TextUnformatted(tr("panel.server"));
    ImGui::SameLine();
    ImGui::TextDisabled("%zu %s, %zu %s", accounts.size(), trCount("count.account", accounts.size()), messages,
                        trCount("count.message", messages));
    helpMarker(tr("server.help"));
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tr("server.flags"));
    helpMarker(flagIconLegend());
    ImGui::Separator();

    if (accounts.empty())
        emptyState(tr("empty.server_accounts"));
    else if (messages == 0)
        emptyState(tr("empty.server_messages"));
    for (const mail::Account* account : accounts)
        drawAccount(view, *account);
}

}  // namespace

// [SECTION] message cards

std::string flagIcons(const mail::Flags& flags, bool recent)
{
    std::string out;
    const auto add = [&out](const char* icon) {
        if (!out.empty())
            out += ' ';
        out += icon;
    };
    if (recent)
        add("▴");
    if (!flags.has(mail::SystemFlag::Seen))
        add("●");
    if (flags.has(mail::SystemFlag::Answered))
        add("↩");
    if (flags.has(mail::SystemFlag::Flagged))
        add("◆");
    if (flags.has(mail::SystemFlag::Deleted))
        add("×");
    if (flags.has(mail::SystemFlag::Draft))
        add("◇");
    if (!flags.keywords.empty())
        add("+");
    return out;
}

const char* flagIconLegend()
{
    return tr("cards.flag_legend");
}

float messageCardHeight()
{
    const ImGuiStyle& style = ImGui::GetStyle();
    return ImGui::GetTextLineHeight() * 2.0f + style.FramePadding.y * 2.0f + style.ItemSpacing.y * 0.5f +
           style.ItemSpacing.y;
}

CardResult drawMessageCard(const char* id, const MessageCard& card)
{
    CardResult result;
    const ImGuiStyle& style = ImGui::GetStyle();
    const Palette& colours = palette();
    const float width = std::max(ImGui::GetContentRegionAvail().x, 1.0f);
    const float height = messageCardHeight() - style.ItemSpacing.y;
    const ImVec2 min = ImGui::GetCursorScreenPos();
    const ImVec2 max(min.x + width, min.y + height);

    ImGui::PushStyleVar(ImGuiStyleVar_Alpha, style.Alpha * card.alpha);
    result.clicked = ImGui::InvisibleButton(id, ImVec2(width, height));
    result.hovered = ImGui::IsItemHovered();
    result.doubleClicked = result.hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left);
    if (!ImGui::IsItemVisible()) {
        ImGui::PopStyleVar();
        return result;
    }

    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float rounding = ImGui::GetFontSize() * 0.25f;
    ImVec4 background = colours.cardBackground;
    if (result.hovered)
        background = ImVec4(background.x * 0.85f + colours.accent.x * 0.15f,
                            background.y * 0.85f + colours.accent.y * 0.15f,
                            background.z * 0.85f + colours.accent.z * 0.15f, background.w);
    draw->AddRectFilled(min, max, ImGui::GetColorU32(background), rounding);
    draw->AddRect(min, max, ImGui::GetColorU32(card.selected ? colours.accent : colours.border), rounding, 0,
                  card.selected ? 2.0f : 1.0f);
    if (card.stripe.w > 0.0f)
        draw->AddRectFilled(min, ImVec2(min.x + ImGui::GetFontSize() * 0.3f, max.y), ImGui::GetColorU32(card.stripe),
                            rounding, ImDrawFlags_RoundCornersLeft);

    const float pad = ImGui::GetFontSize() * 0.5f;
    const float line = ImGui::GetTextLineHeight();
    const ImRect clip(min.x + pad, min.y, max.x - pad, max.y);
    const ImVec2 first(min.x + pad, min.y + style.FramePadding.y);
    const ImVec2 second(first.x, first.y + line);
    const auto text = [&](ImVec2 at, const std::string& s, const ImVec4& colour, float right, bool alignRight) {
        if (s.empty())
            return 0.0f;
        const ImVec2 size = ImGui::CalcTextSize(s.c_str());
        if (!alignRight || size.x > right - at.x) {  // cut with an ellipsis, whole in the tooltip
            textEllipsis(at, std::min(right, clip.Max.x), line, s.c_str(), colour);
            return size.x;
        }
        ImGui::PushStyleColor(ImGuiCol_Text, colour);
        const ImVec2 from(std::max(at.x, right - size.x), at.y);
        const ImRect box(std::max(at.x, clip.Min.x), clip.Min.y, std::min(right, clip.Max.x), clip.Max.y);
        ImGui::RenderTextClipped(from, ImVec2(right, at.y + line), s.c_str(), nullptr, &size, ImVec2(0, 0), &box);
        ImGui::PopStyleColor();
        return size.x;
    };
    const float right = max.x - pad;
    const float sizeWidth = ImGui::CalcTextSize(card.size.c_str()).x;
    const float detailWidth = ImGui::CalcTextSize(card.detail.c_str()).x;

    // Line 1: the identity chip, icons, sender, size (right).
    float x = first.x;
    if (card.identity != 0) {  // a colour tag: square, unlike the round icons after it
        const float tag = ImGui::GetFontSize() * 0.5f;
        const float top = first.y + (line - tag) * 0.5f;
        draw->AddRectFilled(ImVec2(x, top), ImVec2(x + tag, top + tag), ImGui::GetColorU32(identityColour(card.identity)),
                            tag * 0.2f);
        x += tag + pad * 0.6f;
    }
    const float iconWidth = text(ImVec2(x, first.y), card.icons, colours.accent, right, false);
    if (iconWidth > 0.0f)
        x += iconWidth + pad;
    const float fromRight = std::max(x, right - sizeWidth - pad);
    const float fromWidth = std::min(text(ImVec2(x, first.y), card.from, colours.text, fromRight, false), fromRight - x);
    text(ImVec2(fromRight + pad, first.y), card.size, colours.textDim, right, true);
    // Line 2: subject, detail (right). The subject keeps at least half the width.
    const ImVec4 detailColour = card.detailColour.w > 0.0f ? card.detailColour : colours.textDim;
    const float subjectRight = std::max(second.x + (right - second.x) * 0.5f, right - detailWidth - pad);
    const float subjectWidth =
        std::min(text(second, card.subject, colours.text, subjectRight, false), subjectRight - second.x);
    text(ImVec2(subjectRight + pad, second.y), card.detail, detailColour, right, true);

    if (card.strike) {
        const ImU32 strike = ImGui::GetColorU32(colours.markedForDeletion);
        const float thickness = std::max(1.0f, ImGui::GetFontSize() / 12.0f);
        draw->AddLine(ImVec2(x, first.y + line * 0.55f), ImVec2(x + fromWidth, first.y + line * 0.55f), strike,
                      thickness);
        draw->AddLine(ImVec2(second.x, second.y + line * 0.55f),
                      ImVec2(second.x + subjectWidth, second.y + line * 0.55f), strike, thickness);
    }
    ImGui::PopStyleVar();
    return result;
}

// [SECTION] entry points

void drawServerColumn(Explorer& explorer, std::size_t world)
{
    const auto worlds = explorer.worlds();
    if (world >= worlds.size()) {
        emptyState(tr("empty.server_accounts"));
        return;
    }
    const sim::World& w = *worlds[world];
    ImGui::PushID(static_cast<int>(world));
    FlowAnchors* anchors = flowAnchors(explorer, world);
    if (anchors)
        anchors->server = windowRect();
    drawServer(ServerView{w.store(), &w.host(), &w, world, &explorer, WorldMarks{w.markedForDeletion(), w.owedChanges()},
                          anchors});
    ImGui::PopID();
}

void drawServerStore(const mail::MailStore& store)
{
    drawServer(ServerView{store, nullptr, nullptr, 0, nullptr, WorldMarks{}, nullptr});
}

}  // namespace mailscope::app
