#pragma once
// A database with the plugin's schema, one account, three templates, a host directory with two
// departments and ticket metadata, and CSV files written on the fly: what creation tests share.
#include "TestDatabase.h"
#include "campaign/CampaignCreation.h"
#include "campaign/DbSession.h"
#include "storage/MigrationRunner.h"
#include "storage/SqlDialect.h"

#include <Poco/Data/Statement.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace creationtest {

using namespace Poco::Data::Keywords;

constexpr long long kVentas = 1, kSoporte = 2;
constexpr long long kCaseNumber = 11, kComment = 12, kVip = 13;

class FakeDirectory : public helpdesk::Directory {
public:
    std::vector<helpdesk::Department> departments() override { return {{kVentas, "Ventas"}, {kSoporte, "Soporte"}}; }
    std::optional<helpdesk::Department> department(long long id) override {
        for (auto& d : departments())
            if (d.id == id) return d;
        return std::nullopt;
    }
    std::vector<helpdesk::MetadataDefinition> metadata() override {
        using T = helpdesk::MetadataType;
        return {{kCaseNumber, "Número de caso", "numero_caso", T::Text, helpdesk::MetadataScope::Ticket, {}},
                {kComment, "Comentario", "comentario", T::Paragraph, helpdesk::MetadataScope::Ticket, {}},
                {kVip, "Cliente VIP", "cliente_vip", T::YesNo, helpdesk::MetadataScope::Ticket, {}}};
    }
    std::optional<helpdesk::User> user(long long) override { return std::nullopt; }
};

inline const char* kHexKey = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

struct Fixture {
    std::unique_ptr<testsupport::TestDatabase> db;
    std::unique_ptr<campaigns::accounts::SecretBox> box;
    std::unique_ptr<campaigns::accounts::AccountStore> accounts;
    FakeDirectory directory;
    std::string dir;
    std::unique_ptr<campaigns::campaign::UploadStore> uploads;
    std::unique_ptr<campaigns::campaign::CampaignStore> store;
    std::unique_ptr<campaigns::campaign::CampaignCreation> creation;
    long long accountId = 0;
    long long bienvenida = 0, promo = 0, pending = 0, soporteOnly = 0;
    std::vector<std::string> mediaUploads; // file names given to the uploader
    campaigns::campaign::CreationOptions options;

    void setUp(campaigns::campaign::CreationOptions opts = {}) {
        options = std::move(opts);
        db = std::make_unique<testsupport::TestDatabase>();
        campaigns::storage::MigrationRunner(*db, CAMPAIGNS_SQL_DIR, Poco::Logger::get("test")).run();
        box = std::make_unique<campaigns::accounts::SecretBox>("k1", std::map<std::string, std::string>{{"k1", kHexKey}});
        accounts = std::make_unique<campaigns::accounts::AccountStore>(*db, *box);
        campaigns::accounts::Account a;
        a.displayName = "Ventas Chile";
        a.phoneNumberId = "100000000000001";
        a.wabaId = "200000000000001";
        a.accessToken = "sim-token";
        a.appSecret = "sim-app-secret";
        a.verifyToken = "verify";
        accountId = accounts->create(a);
        bienvenida =
            addTemplate("bienvenida", "APPROVED", R"([{"type":"BODY","text":"Hola {{1}}, tu caso {{2}} fue registrado."}])");
        promo =
            addTemplate("promo_imagen", "APPROVED",
                        R"([{"type":"HEADER","format":"IMAGE"},{"type":"BODY","text":"{{1}}, aprovecha {{2}} de descuento."}])");
        pending = addTemplate("pendiente", "PENDING", R"([{"type":"BODY","text":"Pendiente {{1}}."}])");
        soporteOnly = addTemplate("solo_soporte", "APPROVED", R"([{"type":"BODY","text":"Soporte {{1}}."}])");
        auto s = campaigns::campaign::openSession(*db);
        Poco::Int64 t = soporteOnly, d = kSoporte;
        s << "INSERT INTO campaigns_template_departments (template_id, department_id) VALUES (?, ?)", use(t), use(d), now;

        dir = Poco::TemporaryFile::tempName() + "-uploads";
        uploads = std::make_unique<campaigns::campaign::UploadStore>(*db, dir);
        store = std::make_unique<campaigns::campaign::CampaignStore>(*db);
        creation = std::make_unique<campaigns::campaign::CampaignCreation>(
            *db, directory, *accounts, *uploads, *store,
            [this](const campaigns::accounts::Account&, const campaigns::campaign::StoredUpload& image) {
                mediaUploads.push_back(image.fileName);
                return std::string("4490709327384033");
            },
            Poco::Logger::get("test"), options);
    }

    void tearDown() {
        creation.reset();
        store.reset();
        uploads.reset();
        accounts.reset();
        db.reset();
        if (Poco::File(dir).exists()) Poco::File(dir).remove(true);
    }

    long long addTemplate(const std::string& name, const std::string& status, const std::string& components) {
        std::string json = R"({"id":"1)" + std::to_string(name.size()) + R"(","name":")" + name +
                           R"(","language":"es","status":")" + status + R"(","category":"MARKETING","components":)" + components +
                           "}";
        auto s = campaigns::campaign::openSession(*db);
        Poco::Int64 account = accountId;
        std::string n = name, st = status;
        s << "INSERT INTO campaigns_templates (account_id, name, language, status, components_json) VALUES (?, ?, 'es', ?, ?)",
            use(account), use(n), use(st), use(json), now;
        return campaigns::storage::lastInsertId(s, db->dialect());
    }

    // Writes `rows` as a CSV upload and registers it; returns the upload id.
    long long addSheet(const std::vector<std::string>& lines, std::size_t dataRows = 0) {
        campaigns::campaign::StoredUpload u;
        u.kind = campaigns::campaign::kSheetUpload;
        u.fileName = "contactos.csv";
        u.path = uploads->newFilePath();
        {
            Poco::FileOutputStream out(u.path);
            for (const auto& l : lines) out << l << "\r\n";
        }
        u.size = Poco::File(u.path).getSize();
        u.dataRows = dataRows ? dataRows : lines.size() - 1;
        return uploads->add(u);
    }

    long long addImage() {
        campaigns::campaign::StoredUpload u;
        u.kind = campaigns::campaign::kImageUpload;
        u.fileName = "promo.png";
        u.mime = "image/png";
        u.path = uploads->newFilePath();
        Poco::FileOutputStream(u.path) << "\x89PNG\r\n\x1a\n....";
        u.size = Poco::File(u.path).getSize();
        return uploads->add(u);
    }

    campaigns::campaign::CreationRequest request(long long uploadId, long long templateId = 0) {
        campaigns::campaign::CreationRequest r;
        r.name = "Black Friday";
        r.accountId = accountId;
        r.templateId = templateId ? templateId : bienvenida;
        r.uploadId = uploadId;
        r.consent = true;
        r.userId = 1;
        r.userName = "Administrador";
        return r;
    }

    long long count(const std::string& sql) {
        auto s = campaigns::campaign::openSession(*db);
        Poco::Int64 n = 0;
        s << sql, into(n), now;
        return n;
    }
};

} // namespace creationtest
