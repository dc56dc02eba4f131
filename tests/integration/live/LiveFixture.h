#pragma once
// A migrated test database with helpers to add and touch campaigns the way writers must
// (updated_at = now with milliseconds).
#include "TestDatabase.h"
#include "live/LiveFeed.h"
#include "storage/MigrationRunner.h"
#include "storage/SqlDialect.h"
#include "web/PageTemplates.h"

#include <Poco/Data/Session.h>
#include <Poco/Logger.h>

#include <memory>
#include <string>

namespace livetest {

using namespace Poco::Data::Keywords;

inline std::unique_ptr<testsupport::TestDatabase> migratedDatabase() {
    auto db = std::make_unique<testsupport::TestDatabase>();
    campaigns::storage::MigrationRunner(*db, CAMPAIGNS_SQL_DIR, Poco::Logger::get("test")).run();
    return db;
}

// The options the plugin gives the feed: its languages and locale strings (the real templates/locales).
inline campaigns::live::LiveFeedOptions pluginOptions() {
    static campaigns::web::PageTemplates texts(CAMPAIGNS_TEMPLATES_DIR);
    campaigns::live::LiveFeedOptions options;
    options.languages = {"es", "en"};
    options.text = [](const std::string& language, const std::string& key) { return texts.text(language, key); };
    return options;
}

inline long long addCampaign(helpdesk::Database& db, const std::string& state) {
    auto s = db.session();
    std::string st = state;
    s << "INSERT INTO campaigns_campaigns (name, account_id, template_id, state, metadata_links_json, consent_at,"
         " created_at, updated_at, entries_total, n_queued) VALUES ('c', 1, 1, ?, '[]', '2026-03-01 10:00:00',"
         " '2020-01-01 10:00:00.000', '2020-01-01 10:00:00.000', 10, 10)",
        use(st), now;
    return campaigns::storage::lastInsertId(s, db.dialect());
}

// Moves one entry from queued to accepted, as the sending engine does.
inline void acceptOne(helpdesk::Database& db, long long id, const std::string& state = "sending") {
    auto s = db.session();
    Poco::Int64 cid = id;
    std::string st = state;
    s << std::string(
             "UPDATE campaigns_campaigns SET state = ?, n_queued = n_queued - 1, n_accepted = n_accepted + 1,"
             " updated_at = ") +
             campaigns::live::updatedAtNow(db.dialect()) + " WHERE id = ?",
        use(st), use(cid), now;
}

} // namespace livetest
