#pragma once
// Stores validated rows as campaign entries with multi-row INSERT statements prepared once and
// re-executed: one round trip per batch instead of per row, and no SQL text built per row.
#include "validation/UploadValidator.h"

#include <helpdesk/Database.h>

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace campaigns::campaign {

class EntryWriter {
public:
    // Rows per INSERT: MariaDB takes 65,535 placeholders a statement; SQLite builds may cap at 999
    // variables, and being in-process it gains little from bigger batches.
    static std::size_t defaultBatchRows(helpdesk::Dialect d) { return d == helpdesk::Dialect::MySQL ? 1000 : 150; }

    // Writes on `session`; the caller owns the transaction around the writes.
    EntryWriter(Poco::Data::Session& session, helpdesk::Dialect dialect, long long campaignId, std::size_t batchRows = 0);

    void add(const validation::ValidRow& row);
    // Writes what is buffered. Call before committing.
    void flush();
    std::size_t written() const { return written_; }

private:
    struct Slot {
        Poco::Int64 campaignId = 0;
        Poco::Int32 rowNo = 0;
        std::string phone, params, metadata;
    };
    std::unique_ptr<Poco::Data::Statement> prepare(std::size_t rows);

    Poco::Data::Session& session_;
    helpdesk::Dialect dialect_;
    long long campaignId_;
    std::vector<Slot> slots_;
    std::size_t filled_ = 0;
    std::size_t written_ = 0;
    std::unique_ptr<Poco::Data::Statement> full_;
};

// The JSON texts stored per entry: parameters as an array in template order, metadata as an
// object keyed by metadata id. Written by hand because a million rows go through here.
void appendJsonString(std::string& out, std::string_view text);
void parametersJson(const std::vector<std::string>& values, std::string& out);
void metadataJson(const std::vector<validation::MetadataValue>& values, std::string& out);

} // namespace campaigns::campaign
