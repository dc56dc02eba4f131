#include "campaign/SuppressionFilter.h"

#include "suppressions/SuppressionStore.h"

#include <algorithm>
#include <charconv>
#include <optional>

namespace campaigns::campaign {

namespace {

using namespace Poco::Data::Keywords;

// The listed numbers as integers: a row's phone is E.164 digits, so a stored value that is not
// (it cannot match a row anyway) at worst sends one row to the exact check in flush().
const char* const kListedNumbersSqlite = "SELECT CAST(phone AS INTEGER) FROM campaigns_suppressions WHERE waba_id = ?";
const char* const kListedNumbersMySql = "SELECT CAST(phone AS UNSIGNED) FROM campaigns_suppressions WHERE waba_id = ?";

// E.164 digits (at most 15) as a number; nullopt for anything else.
std::optional<std::uint64_t> asNumber(const std::string& phone) {
    if (phone.empty() || phone.size() > 18) return std::nullopt;
    std::uint64_t n = 0;
    const auto [end, error] = std::from_chars(phone.data(), phone.data() + phone.size(), n);
    if (error != std::errc() || end != phone.data() + phone.size()) return std::nullopt;
    return n;
}

} // namespace

SuppressionFilter::SuppressionFilter(Poco::Data::Session& s, helpdesk::Dialect d, std::string wabaId, Sink next,
                                     std::size_t batchRows, std::size_t maxNotices)
    : s_(s),
      dialect_(d),
      waba_(std::move(wabaId)),
      next_(std::move(next)),
      batchRows_(std::max<std::size_t>(1, batchRows)),
      maxNotices_(maxNotices) {
    buffer_.reserve(batchRows_);
    if (waba_.empty()) return;
    std::vector<Poco::Int64> numbers;
    s_ << (dialect_ == helpdesk::Dialect::MySQL ? kListedNumbersMySql : kListedNumbersSqlite), use(waba_), into(numbers), now;
    numbers_.assign(numbers.begin(), numbers.end());
    std::sort(numbers_.begin(), numbers_.end());
}

// A phone that is not plain digits (never, for a validated row) goes to the exact check.
bool SuppressionFilter::listed(const std::string& phone) const {
    const auto n = asNumber(phone);
    return !n || std::binary_search(numbers_.begin(), numbers_.end(), static_cast<std::int64_t>(*n));
}

std::string SuppressionFilter::message(std::size_t row, const std::string& reason, const std::string& createdAt) {
    // created_at is "YYYY-MM-DD ..." UTC; the page shows dates as DD-MM-YYYY.
    std::string date =
        createdAt.size() >= 10 ? createdAt.substr(8, 2) + "-" + createdAt.substr(5, 2) + "-" + createdAt.substr(0, 4) : createdAt;
    std::string why = reason.empty() ? date : reason + ", " + date;
    return validation::messages::atCell(row, "A", "El número pidió no recibir campañas (" + why + ")");
}

void SuppressionFilter::add(const validation::ValidRow& row) {
    // Not listed when validation began: on its way. (A number listed later is caught by the send
    // path's own check, just before sending.)
    if (waba_.empty() || !listed(row.phoneE164)) {
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
    const auto found = suppressions::SuppressionStore::findAmong(s_, dialect_, waba_, phones);
    for (const auto& r : buffer_) {
        auto hit = found.find(r.phoneE164);
        if (hit == found.end()) { // taken off the list since validation began
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
