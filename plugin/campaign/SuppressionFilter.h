#pragma once
// Between the upload validator and the EntryWriter: rows whose phone is on the suppression list of
// the campaign's WABA are left out of the campaign and reported per row ("Fila 12, columna A: el
// número pidió no recibir campañas (BAJA, 03-12-2026)"). Rows are buffered and looked up in
// batches (one indexed statement per batch of phones, not one per row), so a 1,000,000-row file
// costs about a thousand lookups. Excluded rows are notices, not errors: the campaign stays valid.
#include "validation/UploadErrors.h"
#include "validation/UploadValidator.h"

#include <helpdesk/Database.h>

#include <Poco/Data/Session.h>

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_set>
#include <vector>

namespace campaigns::campaign {

class SuppressionFilter {
public:
    using Sink = std::function<void(const validation::ValidRow&)>;

    // `wabaId` empty: nothing is suppressed (every row goes through). `maxNotices` caps the kept
    // messages; every exclusion is still counted.
    SuppressionFilter(Poco::Data::Session& s, helpdesk::Dialect d, std::string wabaId, Sink next, std::size_t batchRows = 1000,
                      std::size_t maxNotices = 10'000);

    void add(const validation::ValidRow& row);
    // Looks up and forwards what is buffered; call before the writer flushes.
    void flush();

    std::size_t excluded() const { return excluded_; }
    // Distinct phones excluded (to take off the file's unique phone count).
    std::size_t excludedPhones() const { return phones_.size(); }
    const std::vector<validation::UploadIssue>& notices() const { return notices_; }

    // "Fila 12, columna A: el número pidió no recibir campañas (BAJA, 03-12-2026)".
    static std::string message(std::size_t row, const std::string& reason, const std::string& createdAt);

private:
    Poco::Data::Session& s_;
    helpdesk::Dialect dialect_;
    std::string waba_;
    Sink next_;
    std::size_t batchRows_, maxNotices_;
    bool listed(const std::string& phone) const;

    std::vector<std::int64_t> numbers_; // the WABA's list, sorted
    std::vector<validation::ValidRow> buffer_;
    std::vector<validation::UploadIssue> notices_;
    std::unordered_set<std::string> phones_;
    std::size_t excluded_ = 0;
};

} // namespace campaigns::campaign
