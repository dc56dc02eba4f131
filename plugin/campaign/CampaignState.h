#pragma once
// The words every capability shares about a campaign and its entries. The database stores the
// code names; the UI shows the seed's Spanish labels (templates/locales: state.<code>).
//
// Campaign: validating -> loaded | invalid; loaded -> sending (-> paused -> sending) ->
//           completed | completed_with_errors | failed; sending/paused -> cancelled.
//           loaded -> scheduled ("Programada", start_at set; plugin/scheduling) -> sending at
//           start_at, or back to loaded (cancelled schedule, or a check refused at start time).
// Entry (the outbox): queued -> claimed (by a sender, with attempt id and lease) -> dispatching
//           (its request is about to be written; committed before writing) -> accepted
//           (wamid stored) | failed (code + Spanish reason) | unknown (may have reached Meta; never
//           resent automatically) | cancelled; a retryable error puts it back to queued with
//           next_attempt_at. A claim that expires goes back to queued (never written); an
//           expired dispatching entry becomes unknown (it may have reached Meta).
//           queued -> suppressed: at claim time its number is on the suppression list of the
//           campaign's WABA (plugin/suppressions); never sent, not a failure, final.
//           dispatching -> deferred: Meta refused it with 131049 (per-user marketing cap); it
//           waits until next_attempt_at (>= 24 h later), then is claimed like a queued entry.
//           Frequency cap (campaign/FrequencyCap.h): at claim time a MARKETING entry whose number
//           already got the account's cap of marketing templates from the WABA in 24 h is held
//           (stays queued/deferred with next_attempt_at = when the window frees) or, when the
//           campaign chose "skip", becomes `capped`: never sent, not a failure, final.
//           After accepted, `progress` moves only forward:
//           0 none < 1 sent < 2 delivered < 3 read < 4 replied < 5 addressed.
//           A `failed` webhook after acceptance sets failed_after_accept (the message was not
//           received) without lowering progress; read_seen records a real read receipt.
//
// Counters on campaigns_campaigns (and per day in campaigns_daily_counters, by the day of the
// event in the installation's time zone: the day key is analytics::dayKeyFor(when, host.timeZone()),
// plugin/analytics/LocalDays.h, so a date range in Analítica counts exactly its local days; MariaDB
// keeps campaigns_daily_rollup in step by trigger) change in the same transaction as the entry they count. Each counts MESSAGES
// (entries), never unique people, and each entry is counted at most once per counter:
//   entries_total          rows stored for the campaign
//   unique_phones          distinct phones among them (differs only with duplicates allowed)
//   n_queued               entries not yet finished sending (queued, claimed, dispatching); goes down
//   n_accepted             entries Meta accepted (the seed's "received"/"Mensajes enviados")
//   n_failed_send          entries that failed synchronously ("Falló envío")
//   n_unknown              entries whose outcome is unknown (reconciled later: moved out when a
//                          webhook tells, so it goes down again)
//   n_cancelled            entries cancelled before being sent
//   n_suppressed           entries not sent because the number is on the suppression list
//   n_deferred             entries waiting >= 24 h after a 131049; goes down when claimed again
//   n_capped               entries not sent because of the frequency cap ("skip")
//   n_sent                 accepted entries that reached progress >= 1 (any status webhook)
//   n_delivered            progress >= 2 (delivered, or read/replied which imply it)
//   n_read                 read_seen = 1 (a real read receipt)
//   n_replied              progress >= 4
//   n_replied_unread       replied without any read receipt (read_seen = 0) — the seed's
//                          "Respondidos no leídos"; moves back to n_read if a read arrives later
//   n_addressed            progress = 5
//   n_failed_after_accept  failed status after acceptance ("No recibido")
// KPIs (analytics): "Mensajes enviados" = n_accepted + n_failed_send (every message the campaign
//   sent out, whether Meta took it or refused it, so bounce never exceeds 100%); unknown and
//   queued are shown apart; delivered% = n_delivered / sent;
//   bounce% = (n_failed_after_accept + n_failed_send) / sent;
//   read% = (n_read + n_replied_unread) / n_delivered; replied% = n_replied / n_delivered;
//   addressed% = n_addressed / n_delivered.
//
// Live updates (plugin/live/LiveFeed.h) show a campaign change only when its row's updated_at
// moves: every writer of campaigns_campaigns sets updated_at = current UTC time with millisecond
// precision on every change (live::updatedAtNow(dialect): UTC_TIMESTAMP(3) / strftime('%Y-%m-%d
// %H:%M:%f','now')), in the same statement or transaction as the change.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace campaigns::campaign {

enum class CampaignState {
    Validating,
    Loaded,
    Invalid,
    Sending,
    Paused,
    Cancelled,
    Completed,
    CompletedWithErrors,
    Failed,
    Scheduled
};
enum class EntryState { Queued, Claimed, Dispatching, Accepted, Failed, Unknown, Cancelled, Suppressed, Deferred, Capped };

enum Progress : int { None = 0, Sent = 1, Delivered = 2, Read = 3, Replied = 4, Addressed = 5 };

const char* code(CampaignState s);
std::optional<CampaignState> campaignStateFromCode(std::string_view code);
const char* code(EntryState s);
std::optional<EntryState> entryStateFromCode(std::string_view code);
// A locale string by key in one language (web::PageTemplates::text for a locale): the request's
// for what a page shows, Spanish ("es") for an API error message, which is always Spanish.
using Words = std::function<std::string(const std::string& key)>;
// A state's label in the language of `words`: its locale string state.<code> ("Cargada",
// "Finalizada con errores", ... in Spanish). The one way every route and page names a state.
std::string stateLabel(CampaignState s, const Words& words);
// Every campaign state, in the order above.
std::vector<CampaignState> allCampaignStates();

// Seed rule: rename only in Cargada or Completada.
bool canRename(CampaignState s);

// What "Descargar" gives for a campaign in state `s`. The one rule the results route
// (exports/ResultsRoute), the errors route, the list's JSON (actions.download, download_url) and
// so the list page follow:
//   Results  once sending has finished: Completada, Finalizada con errores and Error. The seed
//            says "Completada o Inválida", but its download documents status "failed = falló el
//            envío", which only a campaign with failed sends holds: the results of a campaign
//            that finished with errors are the ones a user needs most (which rows failed, why).
//   Errors   Inválida: the file's rows with their validation errors (there are no results).
//   None     while validating, loaded, sending or paused (results still change) and cancelled.
enum class Download { None, Results, Errors };
Download downloadOf(CampaignState s);
bool canDownload(CampaignState s); // downloadOf(s) != Download::None

} // namespace campaigns::campaign
