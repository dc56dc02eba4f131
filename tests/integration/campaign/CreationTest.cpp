// Creating a campaign from a small file: everything or nothing in one transaction.
#include "CreationFixture.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace campaigns;
using namespace campaigns::campaign;
using namespace creationtest;

namespace {

// Hands out the first `rows` rows of the real file, then fails like a truncated file would.
class FailingReader : public uploads::RowReader {
public:
    FailingReader(std::unique_ptr<uploads::RowReader> inner, std::size_t rows) : inner_(std::move(inner)), rows_(rows) {}
    bool next(uploads::Row& row) override {
        if (seen_++ > rows_) throw uploads::FileRejected("file_truncated", "El archivo está incompleto.");
        return inner_->next(row);
    }
    std::uint64_t bytesRead() const override { return inner_->bytesRead(); }
    std::uint64_t bytesTotal() const override { return inner_->bytesTotal(); }

private:
    std::unique_ptr<uploads::RowReader> inner_;
    std::size_t rows_, seen_ = 0;
};

std::vector<std::string> rows(std::size_t n, const std::string& header = "telefono,parametro_1,parametro_2") {
    std::vector<std::string> out{header};
    for (std::size_t i = 0; i < n; ++i)
        out.push_back(std::to_string(56911110000ULL + i) + ",Ana " + std::to_string(i) + ",C-" + std::to_string(i));
    return out;
}

} // namespace

class CreationTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(CreationTest);
    CPPUNIT_TEST(validFileIsLoadedWithEntriesAndCounters);
    CPPUNIT_TEST(fileWithErrorsIsReportedByRowAndColumnAndNothingIsStored);
    CPPUNIT_TEST(duplicatesAreRefusedUnlessAllowed);
    CPPUNIT_TEST(linkedMetadataIsStoredAndTyped);
    CPPUNIT_TEST(droppedColumnIsNotLoaded);
    CPPUNIT_TEST(consentIsRequired);
    CPPUNIT_TEST(nameAndHoursAreChecked);
    CPPUNIT_TEST(templateMustBeApprovedAndAvailableToTheDepartment);
    CPPUNIT_TEST(imageHeaderNeedsAnImageWhichIsUploaded);
    CPPUNIT_TEST(failureHalfwayStoresNothing);
    CPPUNIT_TEST(renameOnlyWhenLoadedOrCompleted);
    CPPUNIT_TEST(listFiltersAndPages);
    CPPUNIT_TEST(uploadCannotBeUsedTwice);
    CPPUNIT_TEST(anUploadTheRetentionRemovedIsAnsweredInSpanish);
    CPPUNIT_TEST(suppressedNumbersAreLeftOutAndReportedByRow);
    CPPUNIT_TEST(includingSuppressedNumbersNeedsAUtilityTemplate);
    CPPUNIT_TEST_SUITE_END();

    Fixture f;

public:
    void setUp() override {
        CreationOptions o;
        o.openReader = [this](const StoredUpload& u) -> std::unique_ptr<uploads::RowReader> {
            auto reader = uploads::openRowReader(u.path, u.fileName);
            if (failAfter) return std::make_unique<FailingReader>(std::move(reader), failAfter);
            return reader;
        };
        f.setUp(std::move(o));
    }
    void tearDown() override { f.tearDown(); }
    std::size_t failAfter = 0;

    void validFileIsLoadedWithEntriesAndCounters() {
        auto result = f.creation->create(f.request(f.addSheet(rows(3))));
        CPPUNIT_ASSERT(result.state == CampaignState::Loaded);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), result.entries);
        auto c = f.store->get(result.campaignId);
        CPPUNIT_ASSERT(c);
        CPPUNIT_ASSERT(c->state == CampaignState::Loaded);
        CPPUNIT_ASSERT_EQUAL(3LL, c->entriesTotal);
        CPPUNIT_ASSERT_EQUAL(3LL, c->uniquePhones);
        CPPUNIT_ASSERT_EQUAL(3LL, c->nQueued);
        CPPUNIT_ASSERT_EQUAL(std::string("Administrador"), c->createdByName);
        CPPUNIT_ASSERT_EQUAL(std::string("Ventas Chile"), c->accountName);
        CPPUNIT_ASSERT_EQUAL(std::string("bienvenida"), c->templateName);
        CPPUNIT_ASSERT(!c->createdAt.empty());
        auto s = campaigns::campaign::openSession(*f.db);
        std::vector<std::string> phones, params, states;
        std::vector<int> rowNos;
        s << "SELECT phone, params_json, state, row_no FROM campaigns_entries ORDER BY row_no", into(phones), into(params),
            into(states), into(rowNos), now;
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), phones.size());
        CPPUNIT_ASSERT_EQUAL(std::string("56911110000"), phones[0]);
        CPPUNIT_ASSERT_EQUAL(std::string(R"(["Ana 0","C-0"])"), params[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("queued"), states[0]);
        CPPUNIT_ASSERT_EQUAL(2, rowNos[0]);
    }

    void fileWithErrorsIsReportedByRowAndColumnAndNothingIsStored() {
        auto lines = rows(3);
        lines[2] = "56911110001,,C-1"; // row 3: missing parameter_1 (column B)
        lines[3] = "5.69E+10,Ana,C-2"; // row 4: phone in scientific notation (column A)
        try {
            f.creation->create(f.request(f.addSheet(lines)));
            CPPUNIT_FAIL("a file with errors must be refused");
        } catch (const CreationRefused& e) {
            CPPUNIT_ASSERT_EQUAL(422, e.status);
            CPPUNIT_ASSERT_EQUAL(std::size_t(2), e.issueTotal);
            CPPUNIT_ASSERT_EQUAL(std::size_t(3), e.issues[0].row);
            CPPUNIT_ASSERT_EQUAL(std::string("B"), e.issues[0].columnLetter);
            CPPUNIT_ASSERT(e.issues[0].message.rfind("Fila 3, columna B", 0) == 0);
            CPPUNIT_ASSERT_EQUAL(std::size_t(4), e.issues[1].row);
            CPPUNIT_ASSERT_EQUAL(std::string("A"), e.issues[1].columnLetter);
        }
        CPPUNIT_ASSERT_EQUAL(0LL, f.count("SELECT COUNT(*) FROM campaigns_campaigns"));
        CPPUNIT_ASSERT_EQUAL(0LL, f.count("SELECT COUNT(*) FROM campaigns_entries"));
    }

    void duplicatesAreRefusedUnlessAllowed() {
        auto lines = rows(3);
        lines[3] = "56911110000,Ana,C-9";
        CPPUNIT_ASSERT_THROW(f.creation->create(f.request(f.addSheet(lines))), CreationRefused);
        auto r = f.request(f.addSheet(lines));
        r.allowDuplicates = true;
        auto result = f.creation->create(r);
        auto c = f.store->get(result.campaignId);
        CPPUNIT_ASSERT_EQUAL(3LL, c->entriesTotal);
        CPPUNIT_ASSERT_EQUAL(2LL, c->uniquePhones);
        CPPUNIT_ASSERT(c->allowDuplicates);
    }

    void linkedMetadataIsStoredAndTyped() {
        auto lines = rows(2, "telefono,parametro_1,parametro_2,Número de caso,cliente_vip");
        lines[1] += ",CASO-1,1";
        lines[2] += ",CASO-2,si"; // Sí/No must be 1 or 0
        try {
            f.creation->create(f.request(f.addSheet(lines)));
            CPPUNIT_FAIL("a Sí/No value other than 1/0 must be refused");
        } catch (const CreationRefused& e) {
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), e.issueTotal);
            CPPUNIT_ASSERT_EQUAL(std::size_t(3), e.issues[0].row);
            CPPUNIT_ASSERT_EQUAL(std::string("E"), e.issues[0].columnLetter);
            CPPUNIT_ASSERT(e.issues[0].message.find("Cliente VIP") != std::string::npos);
        }
        lines[2] = lines[2].substr(0, lines[2].size() - 2) + "0";
        auto result = f.creation->create(f.request(f.addSheet(lines)));
        auto s = campaigns::campaign::openSession(*f.db);
        std::vector<std::string> metadata;
        s << "SELECT metadata_json FROM campaigns_entries ORDER BY row_no", into(metadata), now;
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"11":"CASO-1","13":"1"})"), metadata[0]);
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"11":"CASO-2","13":"0"})"), metadata[1]);
        CPPUNIT_ASSERT(result.state == CampaignState::Loaded);
    }

    void droppedColumnIsNotLoaded() {
        auto lines = rows(1, "telefono,parametro_1,parametro_2,Número de caso,notas");
        lines[1] += ",CASO-1,una nota";
        auto r = f.request(f.addSheet(lines));
        r.links = {{4, std::nullopt}, {5, kComment}}; // drop the auto link, link "notas" by hand
        f.creation->create(r);
        auto s = campaigns::campaign::openSession(*f.db);
        std::string metadata;
        s << "SELECT metadata_json FROM campaigns_entries", into(metadata), now;
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"12":"una nota"})"), metadata);
    }

    void consentIsRequired() {
        auto r = f.request(f.addSheet(rows(1)));
        r.consent = false;
        try {
            f.creation->create(r);
            CPPUNIT_FAIL("creation without consent must be refused");
        } catch (const CreationRefused& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("Debes confirmar que los destinatarios dieron su consentimiento."),
                                 std::string(e.what()));
            CPPUNIT_ASSERT_EQUAL(std::string("consent"), e.fields.at(0).field);
        }
        CPPUNIT_ASSERT_EQUAL(0LL, f.count("SELECT COUNT(*) FROM campaigns_campaigns"));
    }

    void nameAndHoursAreChecked() {
        auto r = f.request(f.addSheet(rows(1)));
        r.name = "   ";
        CPPUNIT_ASSERT_THROW(f.creation->create(r), CreationRefused);
        r.name = std::string(201, 'x');
        CPPUNIT_ASSERT_THROW(f.creation->create(r), CreationRefused);
        r.name = std::string(200, 'x');
        r.expectsResponse = true;
        r.waitHours = 25;
        CPPUNIT_ASSERT_THROW(f.creation->create(r), CreationRefused);
        r.waitHours = 24;
        auto c = f.store->get(f.creation->create(r).campaignId);
        CPPUNIT_ASSERT(c->expectsResponse);
        CPPUNIT_ASSERT_EQUAL(24, c->waitHours);
    }

    void templateMustBeApprovedAndAvailableToTheDepartment() {
        auto upload = f.addSheet(rows(1, "telefono,parametro_1"));
        try {
            f.creation->create(f.request(upload, f.pending));
            CPPUNIT_FAIL("a pending template must be refused");
        } catch (const CreationRefused& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("template_not_approved"), e.code);
        }
        auto r = f.request(upload, f.soporteOnly);
        r.departmentId = kVentas;
        try {
            f.creation->create(r);
            CPPUNIT_FAIL("a template of another department must be refused");
        } catch (const CreationRefused& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("template_not_available"), e.code);
        }
        r.departmentId = kSoporte;
        CPPUNIT_ASSERT(f.creation->create(r).state == CampaignState::Loaded);
    }

    void imageHeaderNeedsAnImageWhichIsUploaded() {
        auto r = f.request(f.addSheet(rows(1)), f.promo);
        try {
            f.creation->create(r);
            CPPUNIT_FAIL("an image header template needs an image");
        } catch (const CreationRefused& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("image_required"), e.code);
        }
        r.mediaFileId = f.addImage();
        auto c = f.store->get(f.creation->create(r).campaignId);
        CPPUNIT_ASSERT_EQUAL(std::string("4490709327384033"), c->headerMediaId);
        CPPUNIT_ASSERT(!c->headerImageFile.empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), f.mediaUploads.size());
        CPPUNIT_ASSERT(f.uploads->get(*r.mediaFileId)->campaignId == c->id);
    }

    void failureHalfwayStoresNothing() {
        failAfter = 400; // after several INSERT batches went to the database
        try {
            f.creation->create(f.request(f.addSheet(rows(1000))));
            CPPUNIT_FAIL("a file failing halfway must be refused");
        } catch (const CreationRefused& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("file_truncated"), e.code);
        }
        CPPUNIT_ASSERT_EQUAL(0LL, f.count("SELECT COUNT(*) FROM campaigns_campaigns"));
        CPPUNIT_ASSERT_EQUAL(0LL, f.count("SELECT COUNT(*) FROM campaigns_entries"));
        CPPUNIT_ASSERT_EQUAL(0LL, f.count("SELECT COUNT(*) FROM campaigns_uploads WHERE campaign_id IS NOT NULL"));
    }

    void renameOnlyWhenLoadedOrCompleted() {
        auto id = f.creation->create(f.request(f.addSheet(rows(1)))).campaignId;
        CPPUNIT_ASSERT(f.store->rename(id, "Nuevo nombre") == CampaignStore::Rename::Done);
        CPPUNIT_ASSERT_EQUAL(std::string("Nuevo nombre"), f.store->get(id)->name);
        CPPUNIT_ASSERT(f.store->rename(id, "Nuevo nombre") == CampaignStore::Rename::Done);
        auto s = campaigns::campaign::openSession(*f.db);
        Poco::Int64 key = id;
        s << "UPDATE campaigns_campaigns SET state = 'sending' WHERE id = ?", use(key), now;
        CampaignState state;
        CPPUNIT_ASSERT(f.store->rename(id, "Otro") == CampaignStore::Rename::NotAllowed);
        CPPUNIT_ASSERT(f.store->rename(id, "Otro", &state) == CampaignStore::Rename::NotAllowed);
        CPPUNIT_ASSERT(state == CampaignState::Sending);
        CPPUNIT_ASSERT_EQUAL(std::string("Nuevo nombre"), f.store->get(id)->name);
        s << "UPDATE campaigns_campaigns SET state = 'completed' WHERE id = ?", use(key), now;
        CPPUNIT_ASSERT(f.store->rename(id, "Otro") == CampaignStore::Rename::Done);
        CPPUNIT_ASSERT(f.store->rename(id + 100, "Otro") == CampaignStore::Rename::NotFound);
    }

    void listFiltersAndPages() {
        auto s = campaigns::campaign::openSession(*f.db);
        Poco::Int64 t = f.bienvenida, d = kVentas;
        s << "INSERT INTO campaigns_template_departments (template_id, department_id) VALUES (?, ?)", use(t), use(d), now;
        for (int i = 0; i < 3; ++i) {
            auto r = f.request(f.addSheet(rows(1)));
            r.name = "Campaña " + std::to_string(i);
            if (i == 2) r.departmentId = kVentas;
            f.creation->create(r);
        }
        CampaignFilter all;
        all.pageSize = 2;
        auto page = f.store->list(all);
        CPPUNIT_ASSERT_EQUAL(3LL, page.total);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), page.items.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Campaña 2"), page.items[0].name); // newest first
        all.page = 2;
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), f.store->list(all).items.size());
        CampaignFilter byText;
        byText.text = "ña 1";
        CPPUNIT_ASSERT_EQUAL(1LL, f.store->list(byText).total);
        CampaignFilter byDepartment;
        byDepartment.departmentId = kVentas;
        CPPUNIT_ASSERT_EQUAL(1LL, f.store->list(byDepartment).total);
        CampaignFilter byState;
        byState.state = "loaded";
        byState.accountId = f.accountId;
        CPPUNIT_ASSERT_EQUAL(3LL, f.store->list(byState).total);
        byState.state = "invalid";
        CPPUNIT_ASSERT_EQUAL(0LL, f.store->list(byState).total);
    }

    void uploadCannotBeUsedTwice() {
        auto upload = f.addSheet(rows(1));
        f.creation->create(f.request(upload));
        try {
            f.creation->create(f.request(upload));
            CPPUNIT_FAIL("an upload belongs to one campaign");
        } catch (const CreationRefused& e) {
            CPPUNIT_ASSERT_EQUAL(409, e.status);
            CPPUNIT_ASSERT_EQUAL(std::string("upload_already_used"), e.code);
        }
    }

    // Issue 15: an upload that retention deleted (row and file, UploadStore::remove) is refused
    // with the message that tells the administrator to upload it again.
    void anUploadTheRetentionRemovedIsAnsweredInSpanish() {
        auto upload = f.addSheet(rows(1));
        const auto stored = f.uploads->get(upload);
        CPPUNIT_ASSERT(stored && f.uploads->remove(*stored));
        CPPUNIT_ASSERT(!Poco::File(stored->path).exists());
        try {
            f.creation->create(f.request(upload));
            CPPUNIT_FAIL("a deleted upload makes no campaign");
        } catch (const CreationRefused& e) {
            CPPUNIT_ASSERT_EQUAL(422, e.status);
            CPPUNIT_ASSERT_EQUAL(std::string("upload_not_found"), e.code);
            CPPUNIT_ASSERT_EQUAL(std::string("El archivo subido ya no está disponible; vuelve a subirlo."),
                                 std::string(e.what()));
        }
        CPPUNIT_ASSERT_EQUAL(0LL, f.count("SELECT COUNT(*) FROM campaigns_campaigns"));
    }

    // Issue 12: a number on the WABA's suppression list is left out, reported per row, and the
    // campaign stays valid; another WABA's list does not count.
    void suppressedNumbersAreLeftOutAndReportedByRow() {
        {
            auto s = campaigns::campaign::openSession(*f.db);
            s << "INSERT INTO campaigns_suppressions (waba_id, phone, reason, source, created_at, created_by) VALUES"
                 " ('200000000000001', '56911110001', 'BAJA', 'keyword', '2026-12-03 10:00:00.000', 'Cliente'),"
                 " ('999', '56911110002', 'STOP', 'keyword', '2026-12-03 10:00:00.000', 'Cliente')",
                now;
        }
        auto result = f.creation->create(f.request(f.addSheet(rows(4))));
        CPPUNIT_ASSERT(result.state == CampaignState::Loaded);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), result.entries);
        auto c = f.store->get(result.campaignId);
        CPPUNIT_ASSERT_EQUAL(3LL, c->entriesTotal);
        CPPUNIT_ASSERT_EQUAL(3LL, c->uniquePhones);
        CPPUNIT_ASSERT_EQUAL(3LL, c->nQueued);
        CPPUNIT_ASSERT_EQUAL(1LL, c->excludedCount);
        CPPUNIT_ASSERT_EQUAL(0LL, c->errorCount);
        CPPUNIT_ASSERT_MESSAGE(
            c->excludedJson, c->excludedJson.find("Fila 3, columna A: el número pidió no recibir campañas (BAJA, 03-12-2026)") !=
                                 std::string::npos);
        CPPUNIT_ASSERT_EQUAL(0LL, f.count("SELECT COUNT(*) FROM campaigns_entries WHERE phone = '56911110001'"));
        CPPUNIT_ASSERT_EQUAL(1LL, f.count("SELECT COUNT(*) FROM campaigns_entries WHERE phone = '56911110002'"));
    }

    // Issue 12: "include suppressed numbers" is for UTILITY templates only; then nothing is left out.
    void includingSuppressedNumbersNeedsAUtilityTemplate() {
        {
            auto s = campaigns::campaign::openSession(*f.db);
            s << "INSERT INTO campaigns_suppressions (waba_id, phone, reason, source, created_at, created_by) VALUES"
                 " ('200000000000001', '56911110001', 'BAJA', 'keyword', '2026-12-03 10:00:00.000', 'Cliente')",
                now;
        }
        auto marketing = f.request(f.addSheet(rows(3)));
        marketing.includeSuppressedForUtility = true;
        try {
            f.creation->create(marketing);
            CPPUNIT_FAIL("a marketing template cannot include suppressed numbers");
        } catch (const CreationRefused& e) {
            CPPUNIT_ASSERT_EQUAL(422, e.status);
            CPPUNIT_ASSERT_EQUAL(std::string("suppressed_only_for_utility"), e.code);
            CPPUNIT_ASSERT_EQUAL(std::string("include_suppressed_for_utility"), e.fields.at(0).field);
        }
        {
            auto s = campaigns::campaign::openSession(*f.db);
            s << "UPDATE campaigns_templates SET components_json = REPLACE(components_json, '\"MARKETING\"', '\"UTILITY\"')", now;
        }
        auto utility = f.request(f.addSheet(rows(3)));
        utility.includeSuppressedForUtility = true;
        auto result = f.creation->create(utility);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), result.entries);
        auto c = f.store->get(result.campaignId);
        CPPUNIT_ASSERT_EQUAL(0LL, c->excludedCount);
        CPPUNIT_ASSERT(c->includeSuppressedForUtility);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CreationTest);
