// A reply that quotes nothing (no context.id, as when a customer just types) is matched by the
// number it comes from: the uploaded phone, or the WhatsApp id Meta answered the send with when
// that differs from it (Mexican mobiles gain a 1 after 52, for example).
#include "SendingHarness.h"
#include "webhooks/WebhookEventStore.h"

#include <Poco/Timestamp.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace Poco::Data::Keywords;
using sendtest::SendingHarness;

class ReplyMatchTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ReplyMatchTest);
    CPPUNIT_TEST(unquotedRepliesMatchByPhoneOrWhatsAppId);
    CPPUNIT_TEST_SUITE_END();

public:
    void unquotedRepliesMatchByPhoneOrWhatsAppId() {
        SendingHarness h([](cloudsim::SimConfig& c) {
            c.replyProbability = 0;
            c.pRead = 0;
        });
        const long long campaign = h.createCampaign(sendtest::plainCampaign(3, true, 2));
        h.startSending(campaign);
        h.waitFor([&] { return h.finished(campaign); }, 60, "the campaign to finish");
        h.settle();

        auto s = h.db().session();
        std::vector<Poco::Int64> ids;
        std::vector<std::string> phones, waIds;
        Poco::Int64 c = campaign;
        s << "SELECT id, phone, wa_id FROM campaigns_entries WHERE campaign_id = ? ORDER BY id", use(c), into(ids), into(phones),
            into(waIds), now;
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), ids.size());
        // The simulator answers with the number itself: nothing worth keeping, and the index on
        // wa_id is then left untouched by the accept.
        for (const auto& w : waIds) CPPUNIT_ASSERT_EQUAL(std::string(), w);

        const std::string otherId = "5219990001234";
        Poco::Int64 second = ids[1];
        s << "UPDATE campaigns_entries SET wa_id = ? WHERE id = ?", bind(otherId), use(second), now;

        campaigns::webhooks::WebhookEventStore store(h.db());
        auto events = campaigns::webhooks::parseWebhookBody(sendtest::unquotedReplyBody(phones[0], "wamid.reply-by-phone"));
        auto more = campaigns::webhooks::parseWebhookBody(sendtest::unquotedReplyBody(otherId, "wamid.reply-by-wa-id"));
        events.insert(events.end(), more.begin(), more.end());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), store.append(events));
        h.settle();

        std::vector<int> progress;
        s << "SELECT progress FROM campaigns_entries WHERE campaign_id = ? ORDER BY id", use(c), into(progress), now;
        CPPUNIT_ASSERT_EQUAL_MESSAGE("matched by the uploaded phone", 4, progress[0]);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("matched by the WhatsApp id Meta answered with", 4, progress[1]);
        CPPUNIT_ASSERT_MESSAGE("no reply from this one", progress[2] < 4);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ReplyMatchTest);
