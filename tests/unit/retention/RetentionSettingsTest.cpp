// The retention settings as read from the configuration, and when the daily purge is due.
#include "retention/DailyRun.h"
#include "retention/RetentionSettings.h"

#include <Poco/AutoPtr.h>
#include <Poco/DateTime.h>
#include <Poco/Util/MapConfiguration.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace campaigns::retention;

namespace {
RetentionSettings read(std::initializer_list<std::pair<const char*, const char*>> values) {
    Poco::AutoPtr<Poco::Util::MapConfiguration> cfg(new Poco::Util::MapConfiguration);
    for (const auto& [k, v] : values) cfg->setString(k, v);
    return retentionSettings(*cfg);
}
Poco::Timestamp utc(int year, int month, int day, int hour, int minute) {
    return Poco::DateTime(year, month, day, hour, minute).timestamp();
}
} // namespace

class RetentionSettingsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RetentionSettingsTest);
    CPPUNIT_TEST(defaults);
    CPPUNIT_TEST(zeroKeepsForever);
    CPPUNIT_TEST(outOfRangeValuesAreCorrected);
    CPPUNIT_TEST(dailyPurgeIsDueFromTheLocalHour);
    CPPUNIT_TEST_SUITE_END();

public:
    void defaults() {
        const auto s = read({});
        CPPUNIT_ASSERT_EQUAL(30, s.webhookEventsDays);
        CPPUNIT_ASSERT_EQUAL(90, s.sheetsDays);
        CPPUNIT_ASSERT_EQUAL(1, s.unusedUploadsDays);
        CPPUNIT_ASSERT_EQUAL(3, s.hour);
        CPPUNIT_ASSERT_EQUAL(std::size_t(5000), s.batchRows);
        CPPUNIT_ASSERT(s.corrections.empty());
    }

    void zeroKeepsForever() {
        const auto s = read({{"retention.webhook_events_days", "0"},
                             {"retention.sheets_days", "0"},
                             {"retention.unused_uploads_days", "0"},
                             {"retention.hour", "0"}});
        CPPUNIT_ASSERT_EQUAL(0, s.webhookEventsDays + s.sheetsDays + s.unusedUploadsDays + s.hour);
        CPPUNIT_ASSERT(s.corrections.empty());
    }

    void outOfRangeValuesAreCorrected() {
        const auto s = read({{"retention.webhook_events_days", "3"},
                             {"retention.sheets_days", "-1"},
                             {"retention.unused_uploads_days", "-5"},
                             {"retention.hour", "24"}});
        CPPUNIT_ASSERT_EQUAL(kMinWebhookEventsDays, s.webhookEventsDays);
        CPPUNIT_ASSERT_EQUAL(kDefaultSheetsDays, s.sheetsDays);
        CPPUNIT_ASSERT_EQUAL(kDefaultUnusedUploadsDays, s.unusedUploadsDays);
        CPPUNIT_ASSERT_EQUAL(kDefaultHour, s.hour);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), s.corrections.size());
        CPPUNIT_ASSERT_EQUAL(45, read({{"retention.webhook_events_days", "45"}}).webhookEventsDays);
    }

    void dailyPurgeIsDueFromTheLocalHour() {
        // 05:59 UTC is 02:59 in Santiago (UTC-3 in December): not yet; 06:00 is 03:00.
        CPPUNIT_ASSERT(!dueDay(utc(2026, 12, 7, 5, 59), "America/Santiago", 3));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-07"), dueDay(utc(2026, 12, 7, 6, 0), "America/Santiago", 3).value_or(""));
        // 01:00 UTC on the 8th is still the 7th in Santiago, late evening: due for the 7th.
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-07"), dueDay(utc(2026, 12, 8, 1, 0), "America/Santiago", 3).value_or(""));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-08"), dueDay(utc(2026, 12, 8, 0, 0), "UTC", 0).value_or(""));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RetentionSettingsTest);
