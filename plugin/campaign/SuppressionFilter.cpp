#include "campaign/SuppressionFilter.h"

#include "suppressions/SuppressionStore.h"

namespace campaigns::campaign {

SuppressionFilter::SuppressionFilter(Poco::Data::Session& s, helpdesk::Dialect d, std::string wabaId, Sink next,
                                     std::size_t batchRows, std::size_t maxNotices)
    : s_(s),
      dialect_(d),
      waba_(std::move(wabaId)),
      next_(std::move(next)),
      batchRows_(std::max<std::size_t>(1, batchRows)),
      maxNotices_(maxNotices) {
    buffer_.reserve(batchRows_);
}

std::string SuppressionFilter::message(std::size_t row, const std::string& reason, const std::string& createdAt) {
    // created_at is "YYYY-MM-DD ..." UTC; the page shows dates as DD-MM-YYYY.
    std::string date =
        createdAt.size() >= 10 ? createdAt.substr(8, 2) + "-" + createdAt.substr(5, 2) + "-" + createdAt.substr(0, 4) : createdAt;
    std::string why = reason.empty() ? date : reason + ", " + date;
    return validation::messages::atCell(row, "A", "El número pidió no recibir campañas (" + why + ")");
}

void SuppressionFilter::add(const validation::ValidRow& row) {
    if (waba_.empty()) {
        next_(row);
        return;
    }
    buffer_.push_back(row);
    if (buffer_.size() >= batchRows_) flush();
}

void SuppressionFilter::flush() {
    if (buffer_.empty()) return;
    std::vector<std::string> phones;
    phones.reserve(buffer_.size());
    for (const auto& r : buffer_) phones.push_back(r.phoneE164);
    const auto listed = suppressions::SuppressionStore::findAmong(s_, dialect_, waba_, phones);
    for (const auto& r : buffer_) {
        auto hit = listed.find(r.phoneE164);
        if (hit == listed.end()) {
            next_(r);
            continue;
        }
        ++excluded_;
        phones_.insert(r.phoneE164);
        if (notices_.size() < maxNotices_) {
            validation::UploadIssue issue;
            issue.row = r.rowNumber;
            issue.column = 1;
            issue.columnLetter = "A";
            issue.code = validation::UploadErrorCode::TelefonoSuprimido;
            issue.message = message(r.rowNumber, hit->second.reason, hit->second.createdAt);
            notices_.push_back(std::move(issue));
        }
    }
    buffer_.clear();
}

} // namespace campaigns::campaign
