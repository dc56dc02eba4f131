// Template sync against the simulator: every page, statuses, idempotent re-sync, templates gone
// upstream marked DELETED, failures that change nothing, and the department / approved filters.
#include "TemplateFixture.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/TemporaryFile.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace campaigns::templates;
using namespace campaigns::cloudapi;
using templatetest::TemplateFixture;

namespace {
constexpr std::size_t kSimTemplates = 60; // 8 fixtures + 52 generated
constexpr std::size_t kSimApproved = 57;  // all but pendiente, rechazada, pausada

bool hasName(const std::vector<StoredTemplate>& all, const std::string& name) {
    for (const auto& t : all)
        if (t.name == name) return true;
    return false;
}
} // namespace

class TemplateSyncTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(TemplateSyncTest);
    CPPUNIT_TEST(firstSyncStoresEveryPageWithItsStatusAndShape);
    CPPUNIT_TEST(resyncChangesNothing);
    CPPUNIT_TEST(statusChangedUpstreamIsUpdated);
    CPPUNIT_TEST(templateGoneUpstreamIsKeptAsDeleted);
    CPPUNIT_TEST(skippedTemplateIsNotMarkedDeleted);
    CPPUNIT_TEST(rejectedTokenChangesNothing);
    CPPUNIT_TEST(syncAllCarriesOnPastAFailingAccount);
    CPPUNIT_TEST(departmentSeesOnlyItsTemplatesAndNoDepartmentSeesAll);
    CPPUNIT_TEST(approvedOnlyAndStatusFilters);
    CPPUNIT_TEST_SUITE_END();

    std::unique_ptr<TemplateFixture> f;

public:
    void setUp() override { f = std::make_unique<TemplateFixture>(); }
    void tearDown() override { f.reset(); }

    void firstSyncStoresEveryPageWithItsStatusAndShape() {
        const auto account = f->addAccount(f->sim->port());
        const auto report = f->sync->syncAccount(account);
        CPPUNIT_ASSERT_EQUAL(3, report.pages);
        CPPUNIT_ASSERT_EQUAL(static_cast<int>(kSimTemplates), report.counts.added);
        CPPUNIT_ASSERT_EQUAL(0, report.counts.removed);
        CPPUNIT_ASSERT(report.counts.skipped.empty());

        const auto all = f->store->list({});
        CPPUNIT_ASSERT_EQUAL(kSimTemplates, all.size());
        CPPUNIT_ASSERT(hasName(all, "generada_52")); // from the third page
        CPPUNIT_ASSERT_EQUAL(std::string("PENDING"), f->byName(all, "pendiente").status);
        CPPUNIT_ASSERT_EQUAL(std::string("REJECTED"), f->byName(all, "rechazada").status);
        CPPUNIT_ASSERT_EQUAL(std::string("PAUSED"), f->byName(all, "pausada").status);

        const auto& promo = f->byName(all, "promo_imagen");
        CPPUNIT_ASSERT_EQUAL(std::string("APPROVED"), promo.status);
        CPPUNIT_ASSERT_EQUAL(std::string("MARKETING"), promo.category);
        CPPUNIT_ASSERT_EQUAL(std::string("IMAGE"), promo.headerType);
        CPPUNIT_ASSERT_EQUAL(3, promo.parameterCount); // image + {{1}} + {{2}}
        CPPUNIT_ASSERT(promo.componentsJson.find("Me interesa") != std::string::npos);
        CPPUNIT_ASSERT(promo.componentsJson.find("header_handle") != std::string::npos); // kept, though not modelled
        CPPUNIT_ASSERT(!promo.metaId.empty());
        CPPUNIT_ASSERT_EQUAL(account, promo.accountId);

        const auto& named = f->byName(all, "recordatorio_nombrado");
        CPPUNIT_ASSERT_EQUAL(std::string("NAMED"), named.parameterFormat);
        CPPUNIT_ASSERT_EQUAL(2, named.parameterCount);
        CPPUNIT_ASSERT_EQUAL(std::string(""), named.headerType);
        CPPUNIT_ASSERT_EQUAL(std::string("en_US"), f->byName(all, "aviso_en").language);
        CPPUNIT_ASSERT_EQUAL(2, f->byName(all, "seguimiento_pedido").parameterCount); // body + URL suffix
        // The stored source still parses into the same model.
        CPPUNIT_ASSERT_EQUAL(std::string("promo_imagen"), promo.model().name);
    }

    void resyncChangesNothing() {
        const auto account = f->addAccount(f->sim->port());
        f->sync->syncAccount(account);
        const auto before = f->store->list({});
        const auto again = f->sync->syncAccount(account);
        CPPUNIT_ASSERT_EQUAL(0, again.counts.added);
        CPPUNIT_ASSERT_EQUAL(0, again.counts.updated);
        CPPUNIT_ASSERT_EQUAL(0, again.counts.removed);
        CPPUNIT_ASSERT_EQUAL(static_cast<int>(kSimTemplates), again.counts.unchanged);
        const auto after = f->store->list({});
        CPPUNIT_ASSERT_EQUAL(before.size(), after.size());
        for (std::size_t i = 0; i < before.size(); ++i) {
            CPPUNIT_ASSERT_EQUAL(before[i].id, after[i].id); // same rows: campaigns keep their references
            CPPUNIT_ASSERT_EQUAL(before[i].componentsJson, after[i].componentsJson);
        }
    }

    void statusChangedUpstreamIsUpdated() {
        const auto account = f->addAccount(f->sim->port());
        f->sync->syncAccount(account);
        f->sim->templates().setStatus("bienvenida", "es", "PAUSED");
        const auto report = f->sync->syncAccount(account);
        CPPUNIT_ASSERT_EQUAL(1, report.counts.updated);
        CPPUNIT_ASSERT_EQUAL(static_cast<int>(kSimTemplates) - 1, report.counts.unchanged);
        CPPUNIT_ASSERT_EQUAL(std::string("PAUSED"), f->byName(f->store->list({}), "bienvenida").status);
    }

    void templateGoneUpstreamIsKeptAsDeleted() {
        // A first simulator lists one template more than the second; the account moves between them.
        Poco::TemporaryFile file;
        {
            Poco::FileOutputStream out(file.path());
            out << R"({"data":[{"id":"777000000000001","name":"solo_antes","language":"es","status":"APPROVED",)"
                   R"("category":"UTILITY","components":[{"type":"BODY","text":"Hola {{1}}"}]}]})";
        }
        auto config = templatetest::quietConfig();
        config.templatesFile = file.path();
        cloudsim::Simulator before(config);
        before.start();
        const auto account = f->addAccount(before.port());
        CPPUNIT_ASSERT_EQUAL(static_cast<int>(kSimTemplates) + 1, f->sync->syncAccount(account).counts.added);
        const auto goneId = f->byName(f->store->list({}), "solo_antes").id;
        CPPUNIT_ASSERT(f->store->setDepartments(goneId, {4}));
        before.stop();

        campaigns::accounts::AccountPatch moved;
        moved.graphBaseUrl = "http://127.0.0.1:" + std::to_string(f->sim->port());
        CPPUNIT_ASSERT(f->accounts->update(account, moved));
        const auto report = f->sync->syncAccount(account);
        CPPUNIT_ASSERT_EQUAL(1, report.counts.removed);
        CPPUNIT_ASSERT_EQUAL(static_cast<int>(kSimTemplates), report.counts.unchanged);
        const auto gone = f->store->get(goneId);
        CPPUNIT_ASSERT(gone);
        CPPUNIT_ASSERT_EQUAL(std::string(kDeletedStatus), gone->status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), gone->departmentIds.size()); // the row and its links stay

        const auto third = f->sync->syncAccount(account);
        CPPUNIT_ASSERT_EQUAL(0, third.counts.removed); // counted once, when it disappeared
        CPPUNIT_ASSERT(!hasName(f->store->list(templatetest::filter({}, {}, true)), "solo_antes"));
    }

    void skippedTemplateIsNotMarkedDeleted() {
        const auto account = f->addAccount(f->sim->port());
        f->sync->syncAccount(account);
        // The same listing without bienvenida, which came back unusable this time.
        auto listing = f->client->listTemplates(campaigns::accounts::endpointOf(*f->accounts->get(account)));
        std::erase_if(listing.templates, [](const Template& t) { return t.name == "bienvenida"; });
        const auto counts = f->store->applySync(account, listing.templates, {"bienvenida (es): formato no soportado"});
        CPPUNIT_ASSERT_EQUAL(0, counts.removed);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), counts.skipped.size());
        CPPUNIT_ASSERT_EQUAL(std::string("APPROVED"), f->byName(f->store->list({}), "bienvenida").status);
    }

    void rejectedTokenChangesNothing() {
        const auto account = f->addAccount(f->sim->port());
        campaigns::accounts::AccountPatch badToken;
        badToken.accessToken = "not-the-sim-token";
        f->accounts->update(account, badToken);
        try {
            f->sync->syncAccount(account);
            CPPUNIT_FAIL("a rejected token must fail the sync");
        } catch (const campaigns::cloudapi::CloudApiError& e) {
            CPPUNIT_ASSERT(e.outcome().is<campaigns::cloudapi::PauseSender>());
            CPPUNIT_ASSERT(e.outcome().reason().find("token") != std::string::npos);
        }
        CPPUNIT_ASSERT(f->store->list({}).empty());
        CPPUNIT_ASSERT_THROW(f->sync->syncAccount(account + 100), std::out_of_range);
    }

    void syncAllCarriesOnPastAFailingAccount() {
        const auto broken = f->addAccount(f->sim->port(), "100000000000009");
        campaigns::accounts::AccountPatch badToken;
        badToken.accessToken = "not-the-sim-token";
        f->accounts->update(broken, badToken);
        const auto good = f->addAccount(f->sim->port());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), f->sync->syncAll());
        CPPUNIT_ASSERT_EQUAL(kSimTemplates, f->store->list(templatetest::filter(good, {})).size());
        CPPUNIT_ASSERT(f->store->list(templatetest::filter(broken, {})).empty());
    }

    void departmentSeesOnlyItsTemplatesAndNoDepartmentSeesAll() {
        const auto account = f->addAccount(f->sim->port());
        f->sync->syncAccount(account);
        const auto all = f->store->list({});
        const auto promo = f->byName(all, "promo_imagen").id;
        const auto bienvenida = f->byName(all, "bienvenida").id;
        CPPUNIT_ASSERT(f->store->setDepartments(promo, {1}));
        CPPUNIT_ASSERT(f->store->setDepartments(bienvenida, {1, 2, 2}));

        const auto ventas = f->store->list(templatetest::filter({}, 1));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), ventas.size());
        CPPUNIT_ASSERT(hasName(ventas, "promo_imagen") && hasName(ventas, "bienvenida"));
        const auto soporte = f->store->list(templatetest::filter({}, 2));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), soporte.size());
        CPPUNIT_ASSERT_EQUAL(std::string("bienvenida"), soporte[0].name);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), soporte[0].departmentIds.size());
        CPPUNIT_ASSERT(f->store->list(templatetest::filter({}, 3)).empty());
        CPPUNIT_ASSERT_EQUAL(kSimTemplates, f->store->list({}).size()); // "Sin departamento"

        CPPUNIT_ASSERT(f->store->setDepartments(promo, {2})); // replaces, not adds
        CPPUNIT_ASSERT(!hasName(f->store->list(templatetest::filter({}, 1)), "promo_imagen"));
        CPPUNIT_ASSERT(f->store->setDepartments(promo, {}));
        CPPUNIT_ASSERT(f->store->get(promo)->departmentIds.empty());
        CPPUNIT_ASSERT(!f->store->setDepartments(999999, {1}));
        // A re-sync keeps assignments.
        f->sync->syncAccount(account);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), f->store->get(bienvenida)->departmentIds.size());
    }

    void approvedOnlyAndStatusFilters() {
        const auto account = f->addAccount(f->sim->port());
        f->sync->syncAccount(account);
        const auto approved = f->store->list(templatetest::filter({}, {}, true));
        CPPUNIT_ASSERT_EQUAL(kSimApproved, approved.size());
        for (const auto& t : approved) CPPUNIT_ASSERT(t.approved());
        const auto paused = f->store->list(templatetest::filter({}, {}, false, "PAUSED"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), paused.size());
        CPPUNIT_ASSERT_EQUAL(std::string("pausada"), paused[0].name);

        const auto all = f->store->list({});
        f->store->setDepartments(f->byName(all, "pendiente").id, {1});
        f->store->setDepartments(f->byName(all, "bienvenida").id, {1});
        const auto ventasApproved = f->store->list(templatetest::filter(account, 1, true));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), ventasApproved.size());
        CPPUNIT_ASSERT_EQUAL(std::string("bienvenida"), ventasApproved[0].name);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TemplateSyncTest);
