// Large files: the campaign is created as `validating`, then validated and stored in the
// background with its progress visible, ending `loaded` or `invalid`.
#include "CreationFixture.h"
#include "campaign/BackgroundValidation.h"

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <thread>

using namespace campaigns;
using namespace campaigns::campaign;
using namespace creationtest;

namespace {

// Reads the campaign's committed progress from another session while the job runs.
class ObservingReader : public uploads::RowReader {
public:
    ObservingReader(std::unique_ptr<uploads::RowReader> inner, std::function<void()> observe)
        : inner_(std::move(inner)), observe_(std::move(observe)) {}
    bool next(uploads::Row& row) override {
        if (++calls_ % 25 == 0) observe_();
        return inner_->next(row);
    }
    std::uint64_t bytesRead() const override { return inner_->bytesRead(); }
    std::uint64_t bytesTotal() const override { return inner_->bytesTotal(); }

private:
    std::unique_ptr<uploads::RowReader> inner_;
    std::function<void()> observe_;
    std::size_t calls_ = 0;
};

std::vector<std::string> rows(std::size_t n) {
    std::vector<std::string> out{"telefono,parametro_1,parametro_2"};
    for (std::size_t i = 0; i < n; ++i) out.push_back(std::to_string(56922220000ULL + i) + ",Ana,C-" + std::to_string(i));
    return out;
}

} // namespace

class BackgroundCreationTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(BackgroundCreationTest);
    CPPUNIT_TEST(largeFileEndsLoadedWithProgressMoving);
    CPPUNIT_TEST(largeFileWithErrorsEndsInvalidWithItsErrorsAndNoEntries);
    CPPUNIT_TEST(workerThreadRunsDeferredJobs);
    CPPUNIT_TEST(largeFileLeavesOutSuppressedNumbersInEveryChunk);
    CPPUNIT_TEST_SUITE_END();

    Fixture f;
    long long observed = 0;
    std::vector<long long> progress;

public:
    void setUp() override {
        CreationOptions o;
        o.backgroundRows = 50;
        o.chunkRows = 40;
        o.openReader = [this](const StoredUpload& u) -> std::unique_ptr<uploads::RowReader> {
            return std::make_unique<ObservingReader>(uploads::openRowReader(u.path, u.fileName), [this] {
                if (observed == 0) return;
                auto s = campaigns::campaign::openSession(*f.db);
                Poco::Int64 id = observed, n = 0;
                s << "SELECT rows_processed FROM campaigns_campaigns WHERE id = ?", use(id), into(n), now;
                if (progress.empty() || progress.back() != n) progress.push_back(n);
            });
        };
        f.setUp(std::move(o));
    }
    void tearDown() override { f.tearDown(); }

    void largeFileEndsLoadedWithProgressMoving() {
        auto result = f.creation->create(f.request(f.addSheet(rows(200))));
        CPPUNIT_ASSERT(result.state == CampaignState::Validating);
        auto c = f.store->get(result.campaignId);
        CPPUNIT_ASSERT(c->state == CampaignState::Validating);
        CPPUNIT_ASSERT_EQUAL(200LL, c->rowsTotal);
        observed = result.campaignId;
        std::atomic<bool> cancelled{false};
        f.creation->completeInBackground(result.campaignId, cancelled);
        c = f.store->get(result.campaignId);
        CPPUNIT_ASSERT(c->state == CampaignState::Loaded);
        CPPUNIT_ASSERT_EQUAL(200LL, c->entriesTotal);
        CPPUNIT_ASSERT_EQUAL(200LL, c->nQueued);
        CPPUNIT_ASSERT_EQUAL(200LL, c->rowsProcessed);
        CPPUNIT_ASSERT_EQUAL(200LL, f.count("SELECT COUNT(*) FROM campaigns_entries"));
        // 0 before the first chunk, then 40, 80, ...: other sessions saw it move.
        CPPUNIT_ASSERT(progress.size() >= 4);
        CPPUNIT_ASSERT_EQUAL(0LL, progress.front());
        CPPUNIT_ASSERT_EQUAL(40LL, progress[1]);
    }

    void largeFileWithErrorsEndsInvalidWithItsErrorsAndNoEntries() {
        auto lines = rows(200);
        lines[150] = "abc,Ana,C-1"; // row 151
        auto result = f.creation->create(f.request(f.addSheet(lines)));
        std::atomic<bool> cancelled{false};
        f.creation->completeInBackground(result.campaignId, cancelled);
        auto c = f.store->get(result.campaignId);
        CPPUNIT_ASSERT(c->state == CampaignState::Invalid);
        CPPUNIT_ASSERT_EQUAL(1LL, c->errorCount);
        CPPUNIT_ASSERT(c->errorsJson.find("\"row\":151") != std::string::npos);
        CPPUNIT_ASSERT(c->errorsJson.find("Fila 151, columna A") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(0LL, c->entriesTotal);
        CPPUNIT_ASSERT_EQUAL(0LL, f.count("SELECT COUNT(*) FROM campaigns_entries"));
    }

    void workerThreadRunsDeferredJobs() {
        BackgroundValidation worker(
            [this](long long id, const std::atomic<bool>& cancelled) { f.creation->completeInBackground(id, cancelled); },
            Poco::Logger::get("test"));
        f.creation->setDefer([&](long long id) { worker.enqueue(id); });
        auto id = f.creation->create(f.request(f.addSheet(rows(120)))).campaignId;
        for (int i = 0; i < 200 && f.store->get(id)->state == CampaignState::Validating; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        CPPUNIT_ASSERT(f.store->get(id)->state == CampaignState::Loaded);
        worker.stop();
    }

    // Issue 12: suppressed numbers are looked up per batch and left out wherever they fall.
    void largeFileLeavesOutSuppressedNumbersInEveryChunk() {
        {
            auto s = campaigns::campaign::openSession(*f.db);
            // Rows 2, 101 and 201 of the file (the first, 100th and last data rows).
            s << "INSERT INTO campaigns_suppressions (waba_id, phone, reason, source, created_at, created_by) VALUES"
                 " ('200000000000001', '56922220000', 'BAJA', 'keyword', '2026-12-03 10:00:00.000', 'Cliente'),"
                 " ('200000000000001', '56922220099', 'Detener marketing (WhatsApp)', 'user_preferences',"
                 "  '2026-11-30 10:00:00.000', 'WhatsApp'),"
                 " ('200000000000001', '56922220199', 'STOP', 'keyword', '2026-12-01 10:00:00.000', 'Cliente')",
                now;
        }
        auto result = f.creation->create(f.request(f.addSheet(rows(200))));
        std::atomic<bool> cancelled{false};
        f.creation->completeInBackground(result.campaignId, cancelled);
        auto c = f.store->get(result.campaignId);
        CPPUNIT_ASSERT(c->state == CampaignState::Loaded);
        CPPUNIT_ASSERT_EQUAL(197LL, c->entriesTotal);
        CPPUNIT_ASSERT_EQUAL(197LL, c->nQueued);
        CPPUNIT_ASSERT_EQUAL(197LL, c->uniquePhones);
        CPPUNIT_ASSERT_EQUAL(3LL, c->excludedCount);
        CPPUNIT_ASSERT_EQUAL(197LL, f.count("SELECT COUNT(*) FROM campaigns_entries"));
        CPPUNIT_ASSERT(c->excludedJson.find("Fila 2, columna A: el número pidió no recibir campañas (BAJA, 03-12-2026)") !=
                       std::string::npos);
        CPPUNIT_ASSERT(c->excludedJson.find("Fila 201, columna A: el número pidió no recibir campañas (STOP, 01-12-2026)") !=
                       std::string::npos);
        CPPUNIT_ASSERT(c->excludedJson.find("\"row\":101") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(BackgroundCreationTest);
