// message_template_status_update events from the inbox change the stored status and are marked
// processed in the same transaction; other kinds of events are left for their own processor.
#include "TemplateFixture.h"

#include "webhooks/WebhookEvent.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace campaigns::templates;
using campaigns::webhooks::WebhookEvent;
using templatetest::TemplateFixture;

namespace {
// Meta's envelope, with the template id as a bare number as Meta sends it.
std::string templateEvent(const std::string& metaId, const std::string& name, const std::string& language,
                          const std::string& event, long long time, const std::string& otherInfo = "") {
    return R"({"object":"whatsapp_business_account","entry":[{"id":"200000000000001","time":)" + std::to_string(time) +
           R"(,"changes":[{"field":"message_template_status_update","value":{"event":")" + event + R"(","message_template_id":)" +
           metaId + R"(,"message_template_name":")" + name + R"(","message_template_language":")" + language +
           R"(","reason":"NONE")" +
           (otherInfo.empty() ? "" : R"(,"other_info":{"title":")" + otherInfo + R"(","description":"x"})") + "}}]}]}";
}
} // namespace

class TemplateStatusTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(TemplateStatusTest);
    CPPUNIT_TEST(pausedEventUpdatesStatusAndIsProcessed);
    CPPUNIT_TEST(reinstatedAndUnpauseMakeItApprovedAgain);
    CPPUNIT_TEST(dashLanguageMatchesByNameWhenIdIsUnknown);
    CPPUNIT_TEST(flaggedKeepsStatusButIsProcessed);
    CPPUNIT_TEST(eventForUnknownTemplateIsProcessedWithoutEffect);
    CPPUNIT_TEST(otherEventKindsAreLeftPending);
    CPPUNIT_TEST_SUITE_END();

    std::unique_ptr<TemplateFixture> f;
    long long account = 0;

    std::string metaIdOf(const std::string& name) { return f->byName(f->store->list({}), name).metaId; }
    std::string statusOf(const std::string& name) { return f->byName(f->store->list({}), name).status; }
    void deliver(const std::string& body) { f->events->append(campaigns::webhooks::parseWebhookBody(body)); }
    std::size_t pendingTemplateEvents() { return f->events->pending(100, WebhookEvent::Kind::TemplateStatus).size(); }

public:
    void setUp() override {
        f = std::make_unique<TemplateFixture>();
        account = f->addAccount(f->sim->port());
        f->sync->syncAccount(account);
    }
    void tearDown() override { f.reset(); }

    void pausedEventUpdatesStatusAndIsProcessed() {
        deliver(templateEvent(metaIdOf("bienvenida"), "bienvenida", "es", "PAUSED", 1751247548, "FIRST_PAUSE"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), pendingTemplateEvents());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), f->statusUpdates->drain());
        CPPUNIT_ASSERT_EQUAL(std::string("PAUSED"), statusOf("bienvenida"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), pendingTemplateEvents());
        CPPUNIT_ASSERT(!f->store->list(templatetest::filter({}, {}, true)).empty());
        for (const auto& t : f->store->list(templatetest::filter({}, {}, true))) CPPUNIT_ASSERT(t.name != "bienvenida");
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), f->statusUpdates->drain()); // nothing twice
    }

    void reinstatedAndUnpauseMakeItApprovedAgain() {
        deliver(templateEvent(metaIdOf("pausada"), "pausada", "es", "REINSTATED", 1751247600));
        f->statusUpdates->drain();
        CPPUNIT_ASSERT_EQUAL(std::string("APPROVED"), statusOf("pausada"));
        deliver(templateEvent(metaIdOf("pausada"), "pausada", "es", "PAUSED", 1751247700, "SECOND_PAUSE"));
        f->statusUpdates->drain();
        CPPUNIT_ASSERT_EQUAL(std::string("PAUSED"), statusOf("pausada"));
        deliver(templateEvent(metaIdOf("pausada"), "pausada", "es", "APPROVED", 1751247800, "UNPAUSE"));
        f->statusUpdates->drain();
        CPPUNIT_ASSERT_EQUAL(std::string("APPROVED"), statusOf("pausada"));
    }

    void dashLanguageMatchesByNameWhenIdIsUnknown() {
        deliver(templateEvent("123456789012345678", "aviso_en", "en-US", "DISABLED", 1751247548));
        f->statusUpdates->drain();
        CPPUNIT_ASSERT_EQUAL(std::string("DISABLED"), statusOf("aviso_en"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), pendingTemplateEvents());
    }

    void flaggedKeepsStatusButIsProcessed() {
        deliver(templateEvent(metaIdOf("bienvenida"), "bienvenida", "es", "FLAGGED", 1751247548));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), f->statusUpdates->drain());
        CPPUNIT_ASSERT_EQUAL(std::string("APPROVED"), statusOf("bienvenida"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), pendingTemplateEvents());
    }

    void eventForUnknownTemplateIsProcessedWithoutEffect() {
        deliver(templateEvent("999", "no_existe", "es", "APPROVED", 1751247548));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), f->statusUpdates->drain());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), pendingTemplateEvents());
        CPPUNIT_ASSERT_EQUAL(std::string("PENDING"), statusOf("pendiente"));
    }

    void otherEventKindsAreLeftPending() {
        deliver(R"({"object":"whatsapp_business_account","entry":[{"id":"200000000000001","changes":[{"field":"messages",)"
                R"("value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"100000000000001"},)"
                R"("statuses":[{"id":"wamid.X1","status":"delivered","timestamp":"1751247548","recipient_id":"56911"}]}}]}]})");
        deliver(templateEvent(metaIdOf("bienvenida"), "bienvenida", "es", "REJECTED", 1751247548));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), f->statusUpdates->drain());
        CPPUNIT_ASSERT_EQUAL(std::string("REJECTED"), statusOf("bienvenida"));
        const auto left = f->events->pending(100);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), left.size());
        CPPUNIT_ASSERT(left[0].event.kind == WebhookEvent::Kind::Status);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TemplateStatusTest);
