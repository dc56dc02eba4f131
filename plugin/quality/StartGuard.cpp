#include "quality/StartGuard.h"

#include "storage/RowMapping.h"

using namespace Poco::Data::Keywords;

namespace campaigns::quality {
namespace {
struct QualityRow { // kSelectQuality
    int restricted = 0;
    std::string lastEvent, numberRating, templateRating;
};
} // namespace
} // namespace campaigns::quality

template <>
class Poco::Data::TypeHandler<campaigns::quality::QualityRow>
    : public campaigns::storage::RowHandler<
          campaigns::quality::QualityRow, &campaigns::quality::QualityRow::restricted, &campaigns::quality::QualityRow::lastEvent,
          &campaigns::quality::QualityRow::numberRating, &campaigns::quality::QualityRow::templateRating> {};

namespace campaigns::quality {
namespace {

const char* const kSelectQuality =
    "SELECT COALESCE(n.restricted, 0), COALESCE(n.last_event, ''), COALESCE(n.quality_rating, ''), COALESCE(t.quality, '')"
    " FROM campaigns_campaigns c"
    " LEFT JOIN campaigns_number_quality n ON n.account_id = c.account_id"
    " LEFT JOIN campaigns_template_quality t ON t.template_id = c.template_id WHERE c.id = ?";

} // namespace

std::optional<std::string> startRefusal(helpdesk::Database& db, long long campaignId) {
    auto s = db.session();
    Poco::Int64 id = campaignId;
    std::vector<QualityRow> rows;
    s << kSelectQuality, use(id), into(rows), now;
    if (rows.empty()) return std::nullopt;
    const QualityRow& r = rows.front();
    const std::string after = " No se inicia para cuidar la calidad del número; revisa la causa en Meta antes de enviar.";
    if (r.restricted != 0)
        return "Meta restringió el número de origen o su cuenta (" +
               (r.lastEvent.empty() ? std::string("sin detalle") : r.lastEvent) + ")." + after;
    if (r.numberRating == "RED") return "Meta informó calidad baja (roja) para el número de origen." + after;
    if (r.templateRating == "RED") return "Meta informó calidad baja (roja) para la plantilla de la campaña." + after;
    return std::nullopt;
}

} // namespace campaigns::quality
