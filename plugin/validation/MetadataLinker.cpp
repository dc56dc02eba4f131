#include "validation/MetadataLinker.h"

#include "validation/MatchKey.h"
#include "validation/SpreadsheetColumns.h"

#include <algorithm>

namespace campaigns::validation {

using helpdesk::MetadataDefinition;
using helpdesk::MetadataScope;
using helpdesk::MetadataType;

std::string_view metadataTypeLabel(MetadataType type) {
    switch (type) {
        case MetadataType::Text:
            return "Texto";
        case MetadataType::Paragraph:
            return "Párrafo";
        case MetadataType::YesNo:
            return "Sí/No";
    }
    return "desconocido";
}

MetadataLinker::MetadataLinker(std::vector<MetadataDefinition> definitions, std::optional<long long> departmentId)
    : definitions_(std::move(definitions)), departmentId_(departmentId) {}

std::optional<std::string> MetadataLinker::refusal(const MetadataDefinition& definition) const {
    if (definition.scope != MetadataScope::Ticket) {
        return std::string("es un metadato de cliente y solo se pueden cargar metadatos de ticket");
    }
    switch (definition.type) {
        case MetadataType::Text:
        case MetadataType::Paragraph:
        case MetadataType::YesNo:
            break;
        default:
            return std::string("su tipo no está soportado (solo Texto, Párrafo y Sí/No)");
    }
    if (definition.integrationKey.empty()) return std::string("no tiene llave de integración");
    if (!definition.departmentIds.empty()) {
        if (!departmentId_) {
            return std::string("solo está disponible para algunos departamentos y la campaña no tiene departamento");
        }
        if (std::find(definition.departmentIds.begin(), definition.departmentIds.end(), *departmentId_) ==
            definition.departmentIds.end()) {
            return std::string("no está disponible para el departamento de la campaña");
        }
    }
    return std::nullopt;
}

std::vector<MetadataDefinition> MetadataLinker::linkable() const {
    std::vector<MetadataDefinition> out;
    for (const auto& d : definitions_) {
        if (!refusal(d)) out.push_back(d);
    }
    return out;
}

const MetadataDefinition* MetadataLinker::find(long long id) const {
    for (const auto& d : definitions_) {
        if (d.id == id) return &d;
    }
    return nullptr;
}

namespace {

void setMetadata(ColumnLink& link, const MetadataDefinition& d, LinkSource source) {
    link.metadataId = d.id;
    link.metadataName = d.name;
    link.type = d.type;
    link.source = source;
}

void clearMetadata(ColumnLink& link, LinkSource source) {
    link.metadataId.reset();
    link.metadataName.clear();
    link.type = MetadataType::Text;
    link.source = source;
}

} // namespace

std::vector<ColumnLink> MetadataLinker::propose(const std::vector<ExtraColumn>& columns) const {
    struct Candidate {
        const MetadataDefinition* definition;
        std::string nameKey;
        std::string integrationKey;
    };
    std::vector<Candidate> candidates;
    for (const auto& d : definitions_) {
        if (!refusal(d)) candidates.push_back({&d, matchKey(d.name), matchKey(d.integrationKey)});
    }

    std::vector<ColumnLink> links;
    links.reserve(columns.size());
    std::vector<long long> taken;
    auto isTaken = [&](long long id) { return std::find(taken.begin(), taken.end(), id) != taken.end(); };
    for (const auto& column : columns) {
        ColumnLink link;
        link.column = column.column;
        link.header = column.header;
        std::string key = matchKey(column.header);
        if (!key.empty()) {
            const Candidate* byName = nullptr;
            const Candidate* byKey = nullptr;
            for (const auto& c : candidates) {
                if (isTaken(c.definition->id)) continue;
                if (!byName && c.nameKey == key) byName = &c;
                if (!byKey && c.integrationKey == key) byKey = &c;
            }
            if (byName) {
                setMetadata(link, *byName->definition, LinkSource::Name);
            } else if (byKey) {
                setMetadata(link, *byKey->definition, LinkSource::IntegrationKey);
            }
            if (link.metadataId) taken.push_back(*link.metadataId);
        }
        links.push_back(std::move(link));
    }
    return links;
}

std::vector<ColumnLink> MetadataLinker::link(const std::vector<ExtraColumn>& columns, const std::vector<LinkOverride>& overrides,
                                             std::vector<UploadIssue>& problems) const {
    std::vector<ColumnLink> links = propose(columns);
    auto issue = [&](std::size_t column, std::string header, UploadErrorCode code, std::string message) {
        UploadIssue i;
        i.column = column;
        i.columnLetter = column ? columnLetter(column) : std::string();
        i.header = std::move(header);
        i.code = code;
        i.message = std::move(message);
        problems.push_back(std::move(i));
    };

    std::vector<std::size_t> manual; // columns linked by hand so far, to catch the same metadata twice
    for (const auto& o : overrides) {
        auto target = std::find_if(links.begin(), links.end(), [&](const ColumnLink& l) { return l.column == o.column; });
        if (target == links.end()) {
            issue(o.column, {}, UploadErrorCode::ColumnaNoVinculable,
                  messages::columnNotLinkable(o.column ? columnLetter(o.column) : std::string("0")));
            continue;
        }
        std::string letter = columnLetter(target->column);
        if (!o.metadataId) {
            clearMetadata(*target, LinkSource::Dropped);
            continue;
        }
        const MetadataDefinition* d = find(*o.metadataId);
        if (!d) {
            issue(target->column, target->header, UploadErrorCode::MetadatoDesconocido,
                  messages::metadataUnknown(letter, target->header, *o.metadataId));
            continue;
        }
        if (auto why = refusal(*d)) {
            issue(target->column, target->header, UploadErrorCode::MetadatoNoPermitido,
                  messages::metadataNotAllowed(letter, target->header, d->name, *why));
            continue;
        }
        bool clash = false;
        for (auto& other : links) {
            if (&other == &*target || other.metadataId != d->id) continue;
            bool otherIsManual = std::find(manual.begin(), manual.end(), other.column) != manual.end();
            if (otherIsManual) {
                auto [first, second] = std::minmax(other.column, target->column);
                issue(target->column, target->header, UploadErrorCode::MetadatoRepetido,
                      messages::metadataLinkedTwice(d->name, columnLetter(first), columnLetter(second)));
                clash = true;
            } else {
                clearMetadata(other, LinkSource::None);
            }
        }
        if (clash) continue;
        setMetadata(*target, *d, LinkSource::Manual);
        manual.push_back(target->column);
    }
    return links;
}

} // namespace campaigns::validation
