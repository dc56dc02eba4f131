#include "uploads/XlsxPackage.h"

#include "uploads/XlsxXmlParser.h"
#include "uploads/ZipRejections.h"
#include "web/ErrorCodes.h"

#include <map>
#include <vector>

namespace campaigns::uploads {
namespace {

struct Relationship {
    std::string type;
    std::string target;
};

bool endsWith(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

void parseWhole(const ZipArchiveReader& archive, const ZipEntryInfo& entry, XlsxXmlHandler& handler) {
    const std::string xml = archive.readWhole(entry, archive.limits().maxSmallPartBytes);
    XlsxXmlParser parser(handler, archive.limits().maxSmallPartBytes);
    parser.feed(xml.data(), xml.size(), true);
}

class RelationshipsHandler : public XlsxXmlHandler {
public:
    std::map<std::string, Relationship, std::less<>> byId;
    std::vector<Relationship> inOrder;
    void startElement(std::string_view name, const XML_Char** attributes) override {
        if (name != "Relationship") return;
        if (xmlAttribute(attributes, "TargetMode") == "External") return;
        Relationship rel{std::string(xmlAttribute(attributes, "Type")), std::string(xmlAttribute(attributes, "Target"))};
        byId.emplace(std::string(xmlAttribute(attributes, "Id")), rel);
        inOrder.push_back(std::move(rel));
    }
    void endElement(std::string_view) override {}
    void characters(const char*, std::size_t) override {}
};

struct SheetDeclaration {
    std::string name;
    std::string relationshipId;
    bool hidden = false;
};

class WorkbookHandler : public XlsxXmlHandler {
public:
    std::vector<SheetDeclaration> sheets;
    void startElement(std::string_view name, const XML_Char** attributes) override {
        if (name != "sheet") return;
        // The relationship id is the namespaced "r:id"; a bare "id" would be another attribute.
        std::string_view id;
        for (std::size_t i = 0; attributes[i]; i += 2) {
            const std::string_view attr(attributes[i]);
            if (attr.find(':') != std::string_view::npos && endsWith(attr, ":id")) id = attributes[i + 1];
        }
        const std::string_view state = xmlAttribute(attributes, "state");
        sheets.push_back({std::string(xmlAttribute(attributes, "name")), std::string(id), !state.empty() && state != "visible"});
    }
    void endElement(std::string_view) override {}
    void characters(const char*, std::size_t) override {}
};

// Targets are relative to the folder of the part that owns the relationships, or absolute.
std::string resolveTarget(const std::string& baseDir, const std::string& target) {
    std::string joined = !target.empty() && target.front() == '/' ? target.substr(1) : baseDir + target;
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= joined.size()) {
        const std::size_t slash = std::min(joined.find('/', start), joined.size());
        const std::string segment = joined.substr(start, slash - start);
        if (segment == "..") {
            if (!parts.empty()) parts.pop_back();
        } else if (!segment.empty() && segment != ".") {
            parts.push_back(segment);
        }
        start = slash + 1;
    }
    std::string path;
    for (const auto& part : parts) path += (path.empty() ? "" : "/") + part;
    return path;
}

std::string directoryOf(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

FileRejected notWorkbook(const ZipArchiveReader& archive) {
    // A LibreOffice spreadsheet is a zip too; telling the user what it is saves a support call.
    if (const ZipEntryInfo* mimetype = archive.find("mimetype")) {
        const std::string type = archive.readWhole(*mimetype, 256);
        if (type.find("opendocument.spreadsheet") != std::string::npos)
            return {web::codes::kOdsNotSupported,
                    "El archivo es una hoja de cálculo de LibreOffice/OpenOffice (.ods). "
                    "Guárdelo como .xlsx o .csv y vuelva a subirlo."};
    }
    return zipRejections::notXlsx();
}

} // namespace

XlsxParts locateXlsxParts(const ZipArchiveReader& archive) {
    std::string workbookPath = "xl/workbook.xml";
    if (const ZipEntryInfo* rootRels = archive.find("_rels/.rels")) {
        RelationshipsHandler rels;
        parseWhole(archive, *rootRels, rels);
        for (const auto& rel : rels.inOrder)
            if (endsWith(rel.type, "/officeDocument")) workbookPath = resolveTarget("", rel.target);
    }
    const ZipEntryInfo* workbook = archive.find(workbookPath);
    if (!workbook) throw notWorkbook(archive);
    const std::string baseDir = directoryOf(workbookPath);
    const std::string relsPath = baseDir + "_rels/" + workbookPath.substr(baseDir.size()) + ".rels";
    const ZipEntryInfo* workbookRelsEntry = archive.find(relsPath);
    if (!workbookRelsEntry) throw zipRejections::corrupt("faltan las relaciones del libro");

    RelationshipsHandler rels;
    parseWhole(archive, *workbookRelsEntry, rels);
    WorkbookHandler book;
    parseWhole(archive, *workbook, book);

    XlsxParts parts;
    const SheetDeclaration* chosen = nullptr;
    const Relationship* chosenRel = nullptr;
    for (bool acceptHidden : {false, true}) {
        for (const auto& sheet : book.sheets) {
            const auto rel = rels.byId.find(sheet.relationshipId);
            if (rel == rels.byId.end() || !endsWith(rel->second.type, "/worksheet")) continue;
            if (sheet.hidden && !acceptHidden) continue;
            chosen = &sheet;
            chosenRel = &rel->second;
            break;
        }
        if (chosen) break;
    }
    if (!chosen) throw FileRejected(web::codes::kNoSheet, "El archivo Excel no tiene ninguna hoja con datos.");
    parts.sheetName = chosen->name;
    parts.sheet = archive.find(resolveTarget(baseDir, chosenRel->target));
    if (!parts.sheet) throw zipRejections::corrupt("falta la hoja «" + chosen->name + "»");
    for (const auto& rel : rels.inOrder) {
        if (endsWith(rel.type, "/sharedStrings")) {
            parts.sharedStrings = archive.find(resolveTarget(baseDir, rel.target));
            if (!parts.sharedStrings) throw zipRejections::corrupt("falta la tabla de textos compartidos");
        }
    }
    return parts;
}

} // namespace campaigns::uploads
