// Several "Crear campaña" requests racing with one uploaded file (issue 15, point 1): exactly one
// campaign is created, every other request is refused 409 `upload_already_used`, and nothing of the
// losers (campaign row, entries) is left behind. The racers are held at a barrier after the
// early "upload not used yet" check and before any transaction, which is where the race was.
#include "Barrier.h"
#include "CreationFixture.h"

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

using namespace campaigns;
using namespace campaigns::campaign;
using namespace creationtest;

namespace {

std::vector<std::string> rows(std::size_t n) {
    std::vector<std::string> out{"telefono,parametro_1,parametro_2"};
    for (std::size_t i = 0; i < n; ++i) out.push_back(std::to_string(56933330000ULL + i) + ",Ana,C-" + std::to_string(i));
    return out;
}

using testsupport::Barrier;

struct Outcome {
    long long campaignId = 0; // set on success
    int status = 0;           // set on refusal
    std::string code;
};

} // namespace

class ConcurrentCreationTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ConcurrentCreationTest);
    CPPUNIT_TEST(racingSmallCreationsFromOneUploadMakeOneCampaign);
    CPPUNIT_TEST(racingBackgroundCreationsFromOneUploadMakeOneCampaign);
    CPPUNIT_TEST_SUITE_END();

    static constexpr int kRacers = 8;
    Fixture f;

public:
    void tearDown() override { f.tearDown(); }

    void racingSmallCreationsFromOneUploadMakeOneCampaign() { race(CreationOptions{}, 20); }

    void racingBackgroundCreationsFromOneUploadMakeOneCampaign() {
        CreationOptions o;
        o.backgroundRows = 5; // the file below goes to the background path (no defer: stays validating)
        race(std::move(o), 20);
    }

private:
    void race(CreationOptions options, std::size_t dataRows) {
        f.setUp(options);
        // The header-image upload runs after the early check and before any transaction: the
        // racers wait for each other there, so all of them passed the early check.
        Barrier barrier(kRacers);
        f.creation = std::make_unique<CampaignCreation>(
            *f.db, f.directory, *f.accounts, *f.uploads, *f.store,
            [&barrier](const accounts::Account&, const StoredUpload&) {
                barrier.arrive();
                return std::string("4490709327384033");
            },
            Poco::Logger::get("test"), options);
        const long long upload = f.addSheet(rows(dataRows));
        const long long image = f.addImage();

        std::vector<Outcome> outcomes(kRacers);
        std::vector<std::string> unexpected(kRacers);
        std::vector<std::thread> threads;
        for (int i = 0; i < kRacers; ++i) {
            threads.emplace_back([&, i] {
                auto r = f.request(upload, f.promo);
                r.mediaFileId = image;
                try {
                    outcomes[i].campaignId = f.creation->create(r).campaignId;
                } catch (const CreationRefused& e) {
                    outcomes[i].status = e.status;
                    outcomes[i].code = e.code;
                } catch (const std::exception& e) {
                    unexpected[i] = e.what();
                }
            });
        }
        for (auto& t : threads) t.join();

        int created = 0, refused = 0;
        long long winner = 0;
        for (int i = 0; i < kRacers; ++i) {
            CPPUNIT_ASSERT_EQUAL_MESSAGE("racer " + std::to_string(i) + " failed unexpectedly", std::string(), unexpected[i]);
            if (outcomes[i].campaignId) {
                ++created;
                winner = outcomes[i].campaignId;
            } else {
                ++refused;
                CPPUNIT_ASSERT_EQUAL(409, outcomes[i].status);
                CPPUNIT_ASSERT_EQUAL(std::string("upload_already_used"), outcomes[i].code);
            }
        }
        CPPUNIT_ASSERT_EQUAL(1, created);
        CPPUNIT_ASSERT_EQUAL(kRacers - 1, refused);
        CPPUNIT_ASSERT_EQUAL(1LL, f.count("SELECT COUNT(*) FROM campaigns_campaigns"));
        CPPUNIT_ASSERT_EQUAL(winner, f.count("SELECT campaign_id FROM campaigns_uploads WHERE id = " + std::to_string(upload)));
        const long long entries = f.count("SELECT COUNT(*) FROM campaigns_entries");
        const long long otherEntries =
            f.count("SELECT COUNT(*) FROM campaigns_entries WHERE campaign_id <> " + std::to_string(winner));
        CPPUNIT_ASSERT_EQUAL(0LL, otherEntries);
        if (dataRows <= options.backgroundRows) CPPUNIT_ASSERT_EQUAL(static_cast<long long>(dataRows), entries);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConcurrentCreationTest);
