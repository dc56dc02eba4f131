#include "MetadataFixtures.h"
#include "validation/MetadataLinker.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace campaigns::validation;
using namespace campaigns::validation::test;

namespace {

std::vector<ExtraColumn> columns(std::initializer_list<const char*> headers, std::size_t firstColumn = 3) {
    std::vector<ExtraColumn> out;
    for (const char* h : headers) out.push_back({firstColumn++, h});
    return out;
}

} // namespace

class MetadataLinkerTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(MetadataLinkerTest);
    CPPUNIT_TEST(testLinksByNameIgnoringAccentsAndCase);
    CPPUNIT_TEST(testLinksByIntegrationKey);
    CPPUNIT_TEST(testClientScopeNeverLinked);
    CPPUNIT_TEST(testOtherDepartmentNotLinked);
    CPPUNIT_TEST(testNoDepartmentOnlyGetsMetadataForAll);
    CPPUNIT_TEST(testNoIntegrationKeyNotLinked);
    CPPUNIT_TEST(testOneMetadataGoesToFirstMatchingColumn);
    CPPUNIT_TEST(testManualLinkAndDrop);
    CPPUNIT_TEST(testManualLinkReplacesSuggestion);
    CPPUNIT_TEST(testManualLinkToForbiddenMetadataRejected);
    CPPUNIT_TEST(testSameMetadataTwiceByHandRejected);
    CPPUNIT_TEST(testUnknownMetadataAndColumnRejected);
    CPPUNIT_TEST(testLinkableList);
    CPPUNIT_TEST_SUITE_END();

public:
    void testLinksByNameIgnoringAccentsAndCase() {
        MetadataLinker linker(sampleMetadata(), 10);
        auto links = linker.propose(columns({"numero de caso", "NOTAS"}));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), links.size());
        CPPUNIT_ASSERT_EQUAL(kCaseNumber, *links[0].metadataId);
        CPPUNIT_ASSERT(links[0].source == LinkSource::Name);
        CPPUNIT_ASSERT_EQUAL(std::string("Número de caso"), links[0].metadataName);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), links[0].column);
        CPPUNIT_ASSERT_EQUAL(kNotes, *links[1].metadataId);
        CPPUNIT_ASSERT(links[1].type == helpdesk::MetadataType::Paragraph);
    }
    void testLinksByIntegrationKey() {
        MetadataLinker linker(sampleMetadata(), 10);
        auto links = linker.propose(columns({"CLIENTE_VIP", "Numero-Caso"}));
        CPPUNIT_ASSERT_EQUAL(kVip, *links[0].metadataId);
        CPPUNIT_ASSERT(links[0].source == LinkSource::IntegrationKey);
        CPPUNIT_ASSERT_EQUAL(kCaseNumber, *links[1].metadataId);
        CPPUNIT_ASSERT(links[1].source == LinkSource::IntegrationKey);
    }
    void testClientScopeNeverLinked() {
        MetadataLinker linker(sampleMetadata(), 10);
        auto links = linker.propose(columns({"RUT", "rut"}));
        CPPUNIT_ASSERT(!links[0].metadataId);
        CPPUNIT_ASSERT(!links[1].metadataId);
        CPPUNIT_ASSERT(links[0].source == LinkSource::None);
    }
    void testOtherDepartmentNotLinked() {
        MetadataLinker sales(sampleMetadata(), 20);
        MetadataLinker support(sampleMetadata(), 10);
        CPPUNIT_ASSERT(!sales.propose(columns({"Notas"}))[0].metadataId);
        CPPUNIT_ASSERT_EQUAL(kSalesOnly, *sales.propose(columns({"Producto"}))[0].metadataId);
        CPPUNIT_ASSERT(!support.propose(columns({"Producto"}))[0].metadataId);
    }
    void testNoDepartmentOnlyGetsMetadataForAll() {
        MetadataLinker linker(sampleMetadata(), std::nullopt);
        auto links = linker.propose(columns({"Notas", "Número de caso"}));
        CPPUNIT_ASSERT(!links[0].metadataId);
        CPPUNIT_ASSERT_EQUAL(kCaseNumber, *links[1].metadataId);
    }
    void testNoIntegrationKeyNotLinked() {
        MetadataLinker linker(sampleMetadata(), 10);
        CPPUNIT_ASSERT(!linker.propose(columns({"Sucursal"}))[0].metadataId);
        CPPUNIT_ASSERT_EQUAL(std::string("no tiene llave de integración"), *linker.refusal(sampleMetadata()[kNoKey - 1]));
    }
    void testOneMetadataGoesToFirstMatchingColumn() {
        MetadataLinker linker(sampleMetadata(), 10);
        auto links = linker.propose(columns({"numero_caso", "Número de caso"}));
        CPPUNIT_ASSERT_EQUAL(kCaseNumber, *links[0].metadataId);
        CPPUNIT_ASSERT(!links[1].metadataId);
    }
    void testManualLinkAndDrop() {
        MetadataLinker linker(sampleMetadata(), 10);
        std::vector<UploadIssue> problems;
        auto links = linker.link(columns({"Comentario", "Es VIP"}), {{3, kNotes}, {4, std::nullopt}}, problems);
        CPPUNIT_ASSERT(problems.empty());
        CPPUNIT_ASSERT_EQUAL(kNotes, *links[0].metadataId);
        CPPUNIT_ASSERT(links[0].source == LinkSource::Manual);
        CPPUNIT_ASSERT(!links[1].metadataId);
        CPPUNIT_ASSERT(links[1].source == LinkSource::Dropped);
    }
    void testManualLinkReplacesSuggestion() {
        MetadataLinker linker(sampleMetadata(), 10);
        std::vector<UploadIssue> problems;
        // D was auto-linked to "Es VIP"; the user puts "Es VIP" on C instead.
        auto links = linker.link(columns({"vip?", "Es VIP"}), {{3, kVip}}, problems);
        CPPUNIT_ASSERT(problems.empty());
        CPPUNIT_ASSERT_EQUAL(kVip, *links[0].metadataId);
        CPPUNIT_ASSERT(!links[1].metadataId);
    }
    void testManualLinkToForbiddenMetadataRejected() {
        MetadataLinker linker(sampleMetadata(), 10);
        std::vector<UploadIssue> problems;
        auto links = linker.link(columns({"rut", "x", "y"}), {{3, kClientRut}, {4, kSalesOnly}, {5, kNoKey}}, problems);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), problems.size());
        CPPUNIT_ASSERT(problems[0].code == UploadErrorCode::MetadatoNoPermitido);
        CPPUNIT_ASSERT_EQUAL(std::string("C"), problems[0].columnLetter);
        CPPUNIT_ASSERT_EQUAL(std::string("La columna C («rut») no se puede vincular al metadato «RUT»: es un metadato de "
                                         "cliente y solo se pueden cargar metadatos de ticket."),
                             problems[0].message);
        CPPUNIT_ASSERT_EQUAL(std::string("La columna D («x») no se puede vincular al metadato «Producto»: no está "
                                         "disponible para el departamento de la campaña."),
                             problems[1].message);
        CPPUNIT_ASSERT_EQUAL(std::string("La columna E («y») no se puede vincular al metadato «Sucursal»: no tiene "
                                         "llave de integración."),
                             problems[2].message);
        for (const auto& l : links) CPPUNIT_ASSERT(!l.metadataId);
    }
    void testSameMetadataTwiceByHandRejected() {
        MetadataLinker linker(sampleMetadata(), 10);
        std::vector<UploadIssue> problems;
        auto links = linker.link(columns({"a", "b"}), {{3, kCaseNumber}, {4, kCaseNumber}}, problems);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), problems.size());
        CPPUNIT_ASSERT(problems[0].code == UploadErrorCode::MetadatoRepetido);
        CPPUNIT_ASSERT_EQUAL(std::string("El metadato «Número de caso» está vinculado a dos columnas (C y D); vincúlalo a "
                                         "una sola."),
                             problems[0].message);
        CPPUNIT_ASSERT_EQUAL(kCaseNumber, *links[0].metadataId);
        CPPUNIT_ASSERT(!links[1].metadataId);
    }
    void testUnknownMetadataAndColumnRejected() {
        MetadataLinker linker(sampleMetadata(), 10);
        std::vector<UploadIssue> problems;
        linker.link(columns({"a"}), {{3, 99}, {2, kVip}}, problems);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), problems.size());
        CPPUNIT_ASSERT(problems[0].code == UploadErrorCode::MetadatoDesconocido);
        CPPUNIT_ASSERT_EQUAL(std::string("La columna C («a») apunta al metadato 99, que no existe."), problems[0].message);
        CPPUNIT_ASSERT(problems[1].code == UploadErrorCode::ColumnaNoVinculable);
        CPPUNIT_ASSERT_EQUAL(std::string("B"), problems[1].columnLetter);
    }
    void testLinkableList() {
        auto linkable = MetadataLinker(sampleMetadata(), 10).linkable();
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), linkable.size());
        CPPUNIT_ASSERT_EQUAL(kCaseNumber, linkable[0].id);
        CPPUNIT_ASSERT_EQUAL(kVip, linkable[1].id);
        CPPUNIT_ASSERT_EQUAL(kNotes, linkable[2].id);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(MetadataLinkerTest);
