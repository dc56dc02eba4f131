#pragma once
// The host's ticket-metadata definitions the linker and validator tests share.
#include <helpdesk/Directory.h>

#include <vector>

namespace campaigns::validation::test {

constexpr long long kCaseNumber = 1; // "Número de caso", Texto, all departments
constexpr long long kVip = 2;        // "Es VIP" key cliente_vip, Sí/No, all departments
constexpr long long kNotes = 3;      // "Notas", Párrafo, departments 10 and 11
constexpr long long kClientRut = 4;  // "RUT", client scope
constexpr long long kNoKey = 5;      // "Sucursal", no integration key
constexpr long long kSalesOnly = 6;  // "Producto", department 20 only

inline std::vector<helpdesk::MetadataDefinition> sampleMetadata() {
    using helpdesk::MetadataScope;
    using helpdesk::MetadataType;
    return {
        {kCaseNumber, "Número de caso", "numero_caso", MetadataType::Text, MetadataScope::Ticket, {}},
        {kVip, "Es VIP", "cliente_vip", MetadataType::YesNo, MetadataScope::Ticket, {}},
        {kNotes, "Notas", "notas", MetadataType::Paragraph, MetadataScope::Ticket, {10, 11}},
        {kClientRut, "RUT", "rut", MetadataType::Text, MetadataScope::Client, {}},
        {kNoKey, "Sucursal", "", MetadataType::Text, MetadataScope::Ticket, {}},
        {kSalesOnly, "Producto", "producto", MetadataType::Text, MetadataScope::Ticket, {20}},
    };
}

} // namespace campaigns::validation::test
