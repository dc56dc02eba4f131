#pragma once
// "Descargar" of a finished campaign: one line per entry with what happened to its message, as CSV
// or xlsx. Entries are read in keyset pages (id order, 5,000 at a time) and written as they come,
// so a 1,000,000-entry campaign never sits in memory.
//
// Columns: campaign_id, entry_id, row, recipient, status, whatsapp_state, error_code,
// error_reason, ticket_id, created, updated, retry_attempt, then one column per template parameter.
//   status          the seed's words: received (Meta accepted it), failed (the send failed), and,
//                   honestly, pending (never finished sending), unknown (may have reached Meta; no
//                   answer recorded), cancelled
//   whatsapp_state  the furthest WhatsApp state: sent, delivered, read, replied, addressed; failed
//                   when WhatsApp reported it undeliverable after accepting it; empty otherwise
//   created         when the message was created at Meta (accepted), or when its send failed
//   updated         the entry's last change; both ISO 8601 UTC
//   retry_attempt   0 for the first send; n when "Reintentar fallidos" attempt n sent it again
//                   (status suppressed: the suppression list; deferred: waiting after a 131049)
#include <helpdesk/Database.h>

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace campaigns::exports {

struct ResultEntry {
    long long entryId = 0;
    long long rowNo = 0;
    std::string phone;
    std::string state; // entry state code (campaign/CampaignState.h)
    int progress = 0;
    bool failedAfterAccept = false;
    long long errorCode = 0; // 0 = none
    std::string errorReason;
    long long ticketId = 0; // 0 = no ticket
    std::string created, updated;
    long long retryAttempt = 0; // the "Reintentar fallidos" attempt that last sent it; 0 = the first send
    std::string paramsJson;     // JSON array of the row's parameter values, in template order
};

// Reads a campaign's entries in id order, one page per call: WHERE campaign_id = ? AND id > ?
// ORDER BY id LIMIT pageSize. Uses one pooled session for the whole export.
class ResultsPager {
public:
    ResultsPager(helpdesk::Database& db, long long campaignId, std::size_t pageSize = 5000);
    // Replaces `page` with the next entries; false when none are left. Throws Poco::Exception.
    bool next(std::vector<ResultEntry>& page);
    long long campaignId() const { return campaignId_; }

private:
    helpdesk::Database& db_;
    long long campaignId_;
    std::size_t pageSize_;
    long long lastId_ = 0;
    bool done_ = false;
};

// The status and whatsapp_state words of an entry (see the header comment).
std::string resultStatus(std::string_view entryState);
std::string whatsappState(int progress, bool failedAfterAccept);

// A spreadsheet program runs a cell that starts with = + - @ TAB or CR as a formula (CSV
// injection); a leading apostrophe makes it plain text. Other text is returned unchanged.
bool startsLikeFormula(std::string_view text);
std::string neutralised(std::string text);

// The parameter values of `paramsJson` as text (numbers as written, null as empty). Throws
// std::runtime_error when it is not a JSON array.
std::vector<std::string> parseParams(const std::string& paramsJson);

// "parametro_1".."parametro_n": headers when the template's own column names are not known.
std::vector<std::string> genericParameterColumns(std::size_t count);

// The header row for the given parameter columns.
std::vector<std::string> resultsHeader(const std::vector<std::string>& parameterColumns);

// One cell of a result line; numbers are ids and codes, written as numbers in xlsx.
struct ResultCell {
    std::string text;
    bool number = false;
};
// The cells of one entry: fixed columns, then at least `parameterCount` parameter cells (more if
// the entry carries more values, so no value is ever dropped).
void resultCells(long long campaignId, const ResultEntry& entry, std::size_t parameterCount, std::vector<ResultCell>& cells);

// "campana-<id>-resultados.<extension>".
std::string resultsFileName(long long campaignId, const std::string& extension);

// UTF-8 with BOM, ',' delimiter, CRLF, RFC 4180 quoting, formula-leading text neutralised. Writes
// to `out` once per page; throws std::runtime_error when `out` fails (e.g. the client went away).
// Returns the number of entries written.
std::size_t writeResultsCsv(ResultsPager& pager, const std::vector<std::string>& parameterColumns, std::ostream& out);

// xlsx written by libxlsxwriter in constant_memory mode (rows go to disk as written; its temp
// files live in `tempDir`). Phone and parameters are text cells, ids and codes numbers. Throws
// std::runtime_error on any write error or when the entries exceed a sheet's 1,048,575 data rows;
// the half-written file is removed. Returns the number of entries written.
std::size_t writeResultsXlsx(ResultsPager& pager, const std::vector<std::string>& parameterColumns, const std::string& path,
                             const std::string& tempDir);

} // namespace campaigns::exports
