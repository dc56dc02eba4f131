#pragma once
#include "validation/UploadErrors.h"

#include <helpdesk/Directory.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace campaigns::validation {

// A column after the phone that is not a template parameter: a candidate for ticket metadata.
struct ExtraColumn {
    std::size_t column = 0; // 1-based
    std::string header;
};

enum class LinkSource {
    None,           // no metadata matched; the column is ignored unless linked by hand
    Name,           // header equals the metadata's name
    IntegrationKey, // header equals the metadata's integration key
    Manual,         // chosen by the user
    Dropped,        // the user chose to ignore the column
};

struct ColumnLink {
    std::size_t column = 0; // 1-based
    std::string header;
    std::optional<long long> metadataId; // empty = the column is not loaded
    std::string metadataName;
    helpdesk::MetadataType type = helpdesk::MetadataType::Text;
    LinkSource source = LinkSource::None;
};

// A choice made by hand in the modal: link `column` to `metadataId`, or drop it (nullopt).
struct LinkOverride {
    std::size_t column = 0; // 1-based
    std::optional<long long> metadataId;
};

// Links extra columns to ticket metadata. A metadata can be linked when (as the help article says)
// it is a ticket metadata (not a client one), has an integration key, is of a supported type
// (Texto, Párrafo, Sí/No) and is available to the campaign's department. A campaign "Sin
// departamento" may only use metadata available to every department, since its tickets belong to
// none.
class MetadataLinker {
public:
    MetadataLinker(std::vector<helpdesk::MetadataDefinition> definitions, std::optional<long long> departmentId);

    // Why `definition` cannot be linked (Spanish, completes "no se puede vincular…: <reason>"), or
    // nullopt if it can.
    std::optional<std::string> refusal(const helpdesk::MetadataDefinition& definition) const;

    // The metadata a column may be linked to, in the host's order (for the modal's drop-downs).
    std::vector<helpdesk::MetadataDefinition> linkable() const;

    // Automatic links: the header is compared with each linkable metadata's name, then with its
    // integration key, ignoring case, accents and the difference between spaces, '_' and '-'.
    // A name match wins over a key match; when two columns match one metadata the first (leftmost)
    // gets it, since a metadata is loaded from one column only.
    std::vector<ColumnLink> propose(const std::vector<ExtraColumn>& columns) const;

    // propose() followed by the user's overrides. A manual link replaces an automatic link of the
    // same metadata on another column (the suggestion yields to the choice). Problems — a column
    // that is not an extra column, an unknown or non-linkable metadata, one metadata chosen for two
    // columns — are appended to `problems` (row 0) and the offending override is not applied.
    std::vector<ColumnLink> link(const std::vector<ExtraColumn>& columns, const std::vector<LinkOverride>& overrides,
                                 std::vector<UploadIssue>& problems) const;

    const helpdesk::MetadataDefinition* find(long long id) const;

private:
    std::vector<helpdesk::MetadataDefinition> definitions_;
    std::optional<long long> departmentId_;
};

// Spanish name of a metadata type as the host shows it: "Texto", "Párrafo", "Sí/No".
std::string_view metadataTypeLabel(helpdesk::MetadataType type);

} // namespace campaigns::validation
