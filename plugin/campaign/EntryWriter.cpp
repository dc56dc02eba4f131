#include "campaign/EntryWriter.h"

#include <cstdio>

using namespace Poco::Data::Keywords;

namespace campaigns::campaign {

void appendJsonString(std::string& out, std::string_view text) {
    out.push_back('"');
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(c);
        } else if (u < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", u);
            out.append(buf);
        } else {
            out.push_back(c);
        }
    }
    out.push_back('"');
}

void parametersJson(const std::vector<std::string>& values, std::string& out) {
    out.assign("[");
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) out.push_back(',');
        appendJsonString(out, values[i]);
    }
    out.push_back(']');
}

void metadataJson(const std::vector<validation::MetadataValue>& values, std::string& out) {
    out.assign("{");
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) out.push_back(',');
        out.push_back('"');
        out.append(std::to_string(values[i].metadataId));
        out.append("\":");
        appendJsonString(out, values[i].value);
    }
    out.push_back('}');
}

EntryWriter::EntryWriter(Poco::Data::Session& session, helpdesk::Dialect dialect, long long campaignId, std::size_t batchRows)
    : session_(session), dialect_(dialect), campaignId_(campaignId), slots_(batchRows ? batchRows : defaultBatchRows(dialect)) {
    for (auto& s : slots_) s.campaignId = campaignId_;
}

std::unique_ptr<Poco::Data::Statement> EntryWriter::prepare(std::size_t rows) {
    const char* now = dialect_ == helpdesk::Dialect::MySQL ? "UTC_TIMESTAMP(3)" : "strftime('%Y-%m-%d %H:%M:%f','now')";
    std::string sql =
        "INSERT INTO campaigns_entries (campaign_id, row_no, phone, params_json, metadata_json, updated_at) VALUES ";
    const std::string tuple = std::string("(?,?,?,?,?,") + now + ")";
    sql.reserve(sql.size() + rows * (tuple.size() + 1));
    for (std::size_t i = 0; i < rows; ++i) {
        if (i) sql.push_back(',');
        sql.append(tuple);
    }
    auto st = std::make_unique<Poco::Data::Statement>(session_);
    *st << sql;
    // Bound by reference: each execute() sends the slots' current values.
    for (std::size_t i = 0; i < rows; ++i) {
        auto& s = slots_[i];
        st->addBind(use(s.campaignId));
        st->addBind(use(s.rowNo));
        st->addBind(use(s.phone));
        st->addBind(use(s.params));
        st->addBind(use(s.metadata));
    }
    return st;
}

void EntryWriter::add(const validation::ValidRow& row) {
    Slot& s = slots_[filled_];
    s.rowNo = static_cast<Poco::Int32>(row.rowNumber);
    s.phone = row.phoneE164;
    parametersJson(row.parameters, s.params);
    metadataJson(row.metadata, s.metadata);
    if (++filled_ == slots_.size()) flush();
}

void EntryWriter::flush() {
    if (filled_ == 0) return;
    if (filled_ == slots_.size()) {
        if (!full_) full_ = prepare(filled_);
        full_->execute();
    } else {
        prepare(filled_)->execute();
    }
    written_ += filled_;
    filled_ = 0;
}

} // namespace campaigns::campaign
