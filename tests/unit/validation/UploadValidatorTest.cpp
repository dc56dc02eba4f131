#include "InMemoryRowReader.h"
#include "MetadataFixtures.h"
#include "validation/UploadValidator.h"

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <iostream>

using namespace campaigns::uploads;
using namespace campaigns::validation;
using namespace campaigns::validation::test;
using Rows = std::vector<std::vector<std::string>>;

namespace {

struct Outcome {
    ValidationSummary summary;
    std::vector<ValidRow> rows;
};

Outcome validate(Rows rows, ValidationOptions options) {
    InMemoryRowReader reader(std::move(rows));
    Outcome outcome;
    outcome.summary = UploadValidator(std::move(options)).run(reader, [&](const ValidRow& r) { outcome.rows.push_back(r); });
    return outcome;
}

ValidationOptions twoParameters() {
    ValidationOptions o;
    o.parameterColumns = {"nombre", "monto"};
    return o;
}

std::string allMessages(const ValidationSummary& s) {
    std::string out;
    for (const auto& i : s.issues) out += i.message + "\n";
    return out;
}

void assertIssue(const ValidationSummary& s, std::size_t index, UploadErrorCode code, std::size_t row, const std::string& letter,
                 const std::string& message) {
    CPPUNIT_ASSERT_MESSAGE(allMessages(s), index < s.issues.size());
    const UploadIssue& i = s.issues[index];
    CPPUNIT_ASSERT_EQUAL_MESSAGE(allMessages(s), std::string(errorCodeName(code)), std::string(errorCodeName(i.code)));
    CPPUNIT_ASSERT_EQUAL(row, i.row);
    CPPUNIT_ASSERT_EQUAL(letter, i.columnLetter);
    CPPUNIT_ASSERT_EQUAL(message, i.message);
}

} // namespace

class UploadValidatorTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(UploadValidatorTest);
    CPPUNIT_TEST(testValidFileReachesSink);
    CPPUNIT_TEST(testPhoneSpellingsAccepted);
    CPPUNIT_TEST(testEmptyFile);
    CPPUNIT_TEST(testHeaderOnly);
    CPPUNIT_TEST(testPhoneHeaderMustBeColumnA);
    CPPUNIT_TEST(testPhoneHeaderVariants);
    CPPUNIT_TEST(testParameterColumnsInAnyOrder);
    CPPUNIT_TEST(testMissingParameterColumn);
    CPPUNIT_TEST(testRepeatedParameterColumn);
    CPPUNIT_TEST(testTooManyColumns);
    CPPUNIT_TEST(testValueBeyondLastAllowedColumn);
    CPPUNIT_TEST(testPhoneErrorsWithRowAndColumn);
    CPPUNIT_TEST(testDuplicatesAfterNormalisation);
    CPPUNIT_TEST(testDuplicatesAllowed);
    CPPUNIT_TEST(testParameterMissingAndInvalid);
    CPPUNIT_TEST(testCustomParameterRule);
    CPPUNIT_TEST(testAllErrorsCollected);
    CPPUNIT_TEST(testErrorCapKeepsCounting);
    CPPUNIT_TEST(testMetadataValues);
    CPPUNIT_TEST(testMetadataAutoLinkInValidator);
    CPPUNIT_TEST(testLinkProblemsReported);
    CPPUNIT_TEST(testUnlinkedExtraColumnsIgnored);
    CPPUNIT_TEST(testTooManyRows);
    CPPUNIT_TEST(testProgressReported);
    CPPUNIT_TEST(testReaderRejectionPropagates);
    CPPUNIT_TEST(testMillionRows);
    CPPUNIT_TEST_SUITE_END();

public:
    void testValidFileReachesSink() {
        auto out =
            validate({{"telefono", "nombre", "monto"}, {"+56 9 1234 5678", " Ana ", "$1.000"}, {"56987654321", "Luis", "$2.500"}},
                     twoParameters());
        CPPUNIT_ASSERT_MESSAGE(allMessages(out.summary), out.summary.ok());
        CPPUNIT_ASSERT(out.summary.headerValid);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), out.summary.dataRows);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), out.summary.validRows);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), out.summary.uniquePhones);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), out.rows.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), out.rows[0].rowNumber);
        CPPUNIT_ASSERT_EQUAL(std::string("56912345678"), out.rows[0].phoneE164);
        CPPUNIT_ASSERT_EQUAL(std::string("Ana"), out.rows[0].parameters[0]); // trimmed
        CPPUNIT_ASSERT_EQUAL(std::string("$1.000"), out.rows[0].parameters[1]);
        CPPUNIT_ASSERT_EQUAL(std::string("Luis"), out.rows[1].parameters[0]);
    }
    void testPhoneSpellingsAccepted() {
        ValidationOptions o;
        auto out = validate({{"telefono"}, {"(56) 9-1234-5678"}, {"'56911111111"}, {"56922222222"}}, o);
        CPPUNIT_ASSERT_MESSAGE(allMessages(out.summary), out.summary.ok());
        CPPUNIT_ASSERT_EQUAL(std::string("56911111111"), out.rows[1].phoneE164);
    }
    void testEmptyFile() {
        auto out = validate({}, twoParameters());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), out.summary.totalIssues);
        assertIssue(out.summary, 0, UploadErrorCode::ArchivoVacio, 0, "",
                    "El archivo está vacío: no tiene encabezado ni contactos.");
    }
    void testHeaderOnly() {
        auto out = validate({{"telefono", "nombre", "monto"}}, twoParameters());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), out.summary.totalIssues);
        assertIssue(out.summary, 0, UploadErrorCode::SoloEncabezado, 0, "",
                    "El archivo solo tiene el encabezado: agrega al menos un contacto desde la fila 2.");
    }
    void testPhoneHeaderMustBeColumnA() {
        auto out = validate({{"nombre", "telefono", "monto"}, {"Ana", "56912345678", "1"}}, twoParameters());
        CPPUNIT_ASSERT(!out.summary.headerValid);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), out.summary.dataRows); // rows are not read
        assertIssue(out.summary, 0, UploadErrorCode::EncabezadoTelefono, 1, "A",
                    "La columna A debe ser la del teléfono, con el encabezado «telefono», pero su encabezado es "
                    "«nombre».");
    }
    void testPhoneHeaderVariants() {
        for (const char* header : {"Teléfono", "TELEFONO", "phone", " Phone "}) {
            auto out = validate({{header}, {"56912345678"}}, ValidationOptions{});
            CPPUNIT_ASSERT_MESSAGE(header + allMessages(out.summary), out.summary.ok());
        }
    }
    void testParameterColumnsInAnyOrder() {
        auto out = validate({{"telefono", "MONTO", "Nombre"}, {"56912345678", "$5", "Ana"}}, twoParameters());
        CPPUNIT_ASSERT_MESSAGE(allMessages(out.summary), out.summary.ok());
        CPPUNIT_ASSERT_EQUAL(std::string("Ana"), out.rows[0].parameters[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("$5"), out.rows[0].parameters[1]);
    }
    void testMissingParameterColumn() {
        auto out = validate({{"telefono", "nombre"}, {"56912345678", "Ana"}}, twoParameters());
        CPPUNIT_ASSERT(!out.summary.headerValid);
        assertIssue(out.summary, 0, UploadErrorCode::ColumnaParametroFaltante, 1, "",
                    "Falta la columna del parámetro «monto» de la plantilla: agrégala con ese encabezado.");
    }
    void testRepeatedParameterColumn() {
        auto out = validate({{"telefono", "nombre", "monto", "Nombre"}, {"56912345678", "Ana", "1", "Ana"}}, twoParameters());
        assertIssue(out.summary, 0, UploadErrorCode::EncabezadoRepetido, 1, "D",
                    "La columna D repite el encabezado «Nombre» de la columna B.");
    }
    void testTooManyColumns() {
        ValidationOptions o = twoParameters();
        o.maxExtraColumns = 2;
        auto out = validate({{"telefono", "nombre", "monto", "x1", "x2", "", "x4"}, {"56912345678", "Ana", "1"}}, o);
        CPPUNIT_ASSERT(!out.summary.headerValid);
        assertIssue(out.summary, 0, UploadErrorCode::ColumnasDeMas, 1, "G",
                    "La columna G («x4») está de más: el archivo admite hasta 5 columnas (telefono, 2 parámetros y "
                    "hasta 2 columnas extra para metadatos).");
        // Within the limit, extra columns are fine.
        auto fine = validate({{"telefono", "nombre", "monto", "x1", "x2"}, {"56912345678", "Ana", "1"}}, o);
        CPPUNIT_ASSERT_MESSAGE(allMessages(fine.summary), fine.summary.ok());
    }
    void testValueBeyondLastAllowedColumn() {
        ValidationOptions o = twoParameters();
        o.maxExtraColumns = 1;
        auto out = validate({{"telefono", "nombre", "monto"}, {"56912345678", "Ana", "1", "", "sobra"}}, o);
        assertIssue(out.summary, 0, UploadErrorCode::ColumnasDeMas, 2, "E",
                    "Fila 2, columna E: hay un valor en una columna de más: el archivo admite hasta 4 columnas.");
    }
    void testPhoneErrorsWithRowAndColumn() {
        auto out = validate({{"telefono", "nombre", "monto"},
                             {"5.69E+10", "Ana", "1"},
                             {"56 9 1234", "Ana", "1"},
                             {"56 9 CASA", "Ana", "1"},
                             {"", "Ana", "1"},
                             {"56912345678", "Ana", "1"}},
                            twoParameters());
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), out.summary.totalIssues);
        assertIssue(out.summary, 0, UploadErrorCode::TelefonoNotacionCientifica, 2, "A",
                    "Fila 2, columna A: el teléfono «5.69E+10» no es válido: está en notación científica y sus dígitos "
                    "se perdieron; da formato de texto a la columna y escribe el número completo.");
        assertIssue(out.summary, 1, UploadErrorCode::TelefonoInvalido, 3, "A",
                    "Fila 3, columna A: el teléfono «56 9 1234» no es válido: tiene muy pocos dígitos para su país; "
                    "escribe el número completo con el código de país.");
        assertIssue(out.summary, 2, UploadErrorCode::TelefonoInvalido, 4, "A",
                    "Fila 4, columna A: el teléfono «56 9 CASA» no es válido: solo puede tener dígitos (se aceptan "
                    "espacios, guiones, puntos, paréntesis y un + inicial).");
        assertIssue(out.summary, 3, UploadErrorCode::TelefonoFaltante, 5, "A", "Fila 5, columna A: falta el teléfono.");
        CPPUNIT_ASSERT_EQUAL(std::string("telefono"), out.summary.issues[0].header);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), out.summary.validRows);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), out.summary.invalidRows);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), out.rows.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(6), out.rows[0].rowNumber);
    }
    void testDuplicatesAfterNormalisation() {
        auto out = validate({{"telefono", "nombre", "monto"},
                             {"+56912345678", "Ana", "1"},
                             {"56987654321", "Luis", "1"},
                             {"56 9 1234 5678", "Ana", "1"},
                             {"5215512345678", "Eva", "1"},
                             {"525512345678", "Eva", "1"}},
                            twoParameters());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), out.summary.count(UploadErrorCode::TelefonoDuplicado));
        assertIssue(out.summary, 0, UploadErrorCode::TelefonoDuplicado, 4, "A",
                    "Fila 4, columna A: el teléfono 56912345678 está repetido (ya aparece en la fila 2).");
        assertIssue(out.summary, 1, UploadErrorCode::TelefonoDuplicado, 6, "A",
                    "Fila 6, columna A: el teléfono 525512345678 está repetido (ya aparece en la fila 5).");
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), out.summary.uniquePhones);
    }
    void testDuplicatesAllowed() {
        ValidationOptions o = twoParameters();
        o.allowDuplicatePhones = true;
        auto out = validate({{"telefono", "nombre", "monto"},
                             {"+56912345678", "Ana", "1"},
                             {"56 9 1234 5678", "Ana", "2"},
                             {"56987654321", "Luis", "1"}},
                            o);
        CPPUNIT_ASSERT_MESSAGE(allMessages(out.summary), out.summary.ok());
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), out.rows.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), out.summary.uniquePhones);
    }
    void testParameterMissingAndInvalid() {
        auto out = validate({{"telefono", "nombre", "monto"},
                             {"56912345678", "  ", "1"},
                             {"56911111111", "Ana\nMaría", "1"},
                             {"56922222222", "Ana"}},
                            twoParameters());
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), out.summary.totalIssues);
        assertIssue(out.summary, 0, UploadErrorCode::ParametroFaltante, 2, "B",
                    "Fila 2, columna B: falta el valor del parámetro «nombre».");
        assertIssue(out.summary, 1, UploadErrorCode::ParametroInvalido, 3, "B",
                    "Fila 3, columna B: el parámetro «nombre» no es válido: no puede tener saltos de línea.");
        assertIssue(out.summary, 2, UploadErrorCode::ParametroFaltante, 4, "C",
                    "Fila 4, columna C: falta el valor del parámetro «monto».");
        CPPUNIT_ASSERT_EQUAL(std::string("monto"), out.summary.issues[2].header);
        CPPUNIT_ASSERT(out.rows.empty());
    }
    void testCustomParameterRule() {
        ValidationOptions o = twoParameters();
        o.parameterRules = {bodyParameterRule(), [](std::string_view v) -> std::optional<std::string> {
                                if (v.find_first_not_of("0123456789") == std::string_view::npos) return std::nullopt;
                                return std::string("debe ser un número entero");
                            }};
        auto out = validate({{"telefono", "nombre", "monto"}, {"56912345678", "Ana", "12a"}}, o);
        assertIssue(out.summary, 0, UploadErrorCode::ParametroInvalido, 2, "C",
                    "Fila 2, columna C: el parámetro «monto» no es válido: debe ser un número entero.");
        o.parameterRules.pop_back();
        CPPUNIT_ASSERT_THROW(validate({{"telefono", "nombre", "monto"}, {"56912345678", "Ana", "1"}}, o), std::invalid_argument);
    }
    void testAllErrorsCollected() {
        // One row with three problems and later rows with more: nothing stops at the first.
        auto out = validate(
            {{"telefono", "nombre", "monto"}, {"abc", "", "a     b"}, {"56912345678", "Ana", "1"}, {"56912345678", "", "1"}},
            twoParameters());
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), out.summary.totalIssues);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), out.summary.invalidRows);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), out.summary.count(UploadErrorCode::TelefonoInvalido));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), out.summary.count(UploadErrorCode::ParametroFaltante));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), out.summary.count(UploadErrorCode::ParametroInvalido));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), out.summary.count(UploadErrorCode::TelefonoDuplicado));
        assertIssue(out.summary, 2, UploadErrorCode::ParametroInvalido, 2, "C",
                    "Fila 2, columna C: el parámetro «monto» no es válido: no puede tener más de 4 espacios seguidos.");
    }
    void testErrorCapKeepsCounting() {
        ValidationOptions o;
        o.maxIssues = 3;
        Rows rows{{"telefono"}};
        for (int i = 0; i < 50; ++i) rows.push_back({"x"});
        for (int i = 0; i < 10; ++i) rows.push_back({""});
        auto out = validate(rows, o);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), out.summary.issues.size());
        CPPUNIT_ASSERT(out.summary.issuesTruncated);
        CPPUNIT_ASSERT_EQUAL(std::size_t(60), out.summary.totalIssues);
        CPPUNIT_ASSERT_EQUAL(std::size_t(50), out.summary.count(UploadErrorCode::TelefonoInvalido));
        CPPUNIT_ASSERT_EQUAL(std::size_t(10), out.summary.count(UploadErrorCode::TelefonoFaltante));
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), out.summary.issues[2].row);
    }
    void testMetadataValues() {
        MetadataLinker linker(sampleMetadata(), 10);
        ValidationOptions o = twoParameters();
        o.linker = &linker;
        o.maxTextLength = 10;
        auto out = validate({{"telefono", "nombre", "monto", "Es VIP", "Número de caso", "Notas"},
                             {"56911111111", "Ana", "1", "1", "C-1", "línea 1\nlínea 2"},
                             {"56922222222", "Ana", "1", "0", "", ""},
                             {"56933333333", "Ana", "1", "si", "C-3", ""},
                             {"56944444444", "Ana", "1", "", "C\n4", ""},
                             {"56955555555", "Ana", "1", "1", "12345678901", ""}},
                            o);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), out.summary.totalIssues);
        assertIssue(out.summary, 0, UploadErrorCode::MetadatoInvalido, 4, "D",
                    "Fila 4, columna D: el valor «si» no es válido para el metadato «Es VIP» (Sí/No): usa 1 para sí "
                    "o 0 para no.");
        assertIssue(out.summary, 1, UploadErrorCode::MetadatoInvalido, 5, "D",
                    "Fila 5, columna D: el valor «» no es válido para el metadato «Es VIP» (Sí/No): un metadato Sí/No "
                    "no puede quedar vacío; usa 1 para sí o 0 para no.");
        assertIssue(out.summary, 2, UploadErrorCode::MetadatoInvalido, 5, "E",
                    "Fila 5, columna E: el valor «C\n4» no es válido para el metadato «Número de caso» (Texto): un "
                    "metadato Texto es de una sola línea; para varias líneas usa un metadato Párrafo.");
        assertIssue(out.summary, 3, UploadErrorCode::MetadatoInvalido, 6, "E",
                    "Fila 6, columna E: el valor «12345678901» no es válido para el metadato «Número de caso» "
                    "(Texto): tiene 11 caracteres y el máximo es 10.");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), out.rows.size());
        const auto& first = out.rows[0].metadata;
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), first.size());
        CPPUNIT_ASSERT_EQUAL(kVip, first[0].metadataId);
        CPPUNIT_ASSERT_EQUAL(std::string("1"), first[0].value);
        CPPUNIT_ASSERT_EQUAL(kCaseNumber, first[1].metadataId);
        CPPUNIT_ASSERT_EQUAL(kNotes, first[2].metadataId);
        CPPUNIT_ASSERT_EQUAL(std::string("línea 1\nlínea 2"), first[2].value); // Párrafo keeps new lines
        // Empty Texto and Párrafo are accepted and simply not loaded.
        const auto& second = out.rows[1].metadata;
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), second.size());
        CPPUNIT_ASSERT_EQUAL(std::string("0"), second[0].value);
    }
    void testMetadataAutoLinkInValidator() {
        MetadataLinker linker(sampleMetadata(), 10);
        ValidationOptions o;
        o.linker = &linker;
        auto out = validate({{"telefono", "numero de caso", "CLIENTE_VIP", "RUT", "Producto"},
                             {"56911111111", "C-1", "1", "11.111.111-1", "Plan"}},
                            o);
        CPPUNIT_ASSERT_MESSAGE(allMessages(out.summary), out.summary.ok());
        const auto& links = out.summary.links;
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), links.size());
        CPPUNIT_ASSERT_EQUAL(kCaseNumber, *links[0].metadataId);
        CPPUNIT_ASSERT_EQUAL(kVip, *links[1].metadataId);
        CPPUNIT_ASSERT(!links[2].metadataId); // client metadata
        CPPUNIT_ASSERT(!links[3].metadataId); // another department's metadata
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), out.rows[0].metadata.size());
    }
    void testLinkProblemsReported() {
        MetadataLinker linker(sampleMetadata(), 10);
        ValidationOptions o;
        o.linker = &linker;
        o.linkOverrides = {{2, kClientRut}};
        auto out = validate({{"telefono", "rut"}, {"56911111111", "1-9"}}, o);
        CPPUNIT_ASSERT(!out.summary.ok());
        assertIssue(out.summary, 0, UploadErrorCode::MetadatoNoPermitido, 1, "B",
                    "La columna B («rut») no se puede vincular al metadato «RUT»: es un metadato de cliente y solo se "
                    "pueden cargar metadatos de ticket.");
        // A linking problem does not hide that the file has no contacts.
        auto headerOnly = validate({{"telefono", "rut"}}, o);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), headerOnly.summary.totalIssues);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), headerOnly.summary.count(UploadErrorCode::SoloEncabezado));
    }
    void testUnlinkedExtraColumnsIgnored() {
        auto out = validate(
            {{"telefono", "nombre", "monto", "comentario interno"}, {"56911111111", "Ana", "1", "lo que sea\ncon saltos"}},
            twoParameters());
        CPPUNIT_ASSERT_MESSAGE(allMessages(out.summary), out.summary.ok());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), out.summary.links.size());
        CPPUNIT_ASSERT(out.summary.links[0].source == LinkSource::None);
        CPPUNIT_ASSERT(out.rows[0].metadata.empty());
    }
    void testTooManyRows() {
        ValidationOptions o;
        o.maxRows = 3;
        auto out = validate({{"telefono"}, {"56911111111"}, {"56922222222"}, {"56933333333"}}, o);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), out.summary.dataRows);
        assertIssue(out.summary, 0, UploadErrorCode::DemasiadasFilas, 0, "",
                    "El archivo tiene más de 3 filas, el máximo que admite una campaña.");
    }
    void testProgressReported() {
        ValidationOptions o;
        o.progressEvery = 2;
        InMemoryRowReader reader(
            {{"telefono"}, {"56911111111"}, {"56922222222"}, {"56933333333"}, {"56944444444"}, {"56955555555"}});
        std::vector<std::size_t> seen;
        UploadValidator(o).run(reader, {}, [&](std::size_t rows, std::uint64_t read, std::uint64_t total) {
            seen.push_back(rows);
            CPPUNIT_ASSERT(read <= total);
        });
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), seen.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), seen[0]);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), seen[1]);
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), seen[2]);
    }
    void testReaderRejectionPropagates() {
        struct Broken : RowReader {
            bool next(Row&) override { throw FileRejected("file_truncated", "El archivo está incompleto."); }
            std::uint64_t bytesRead() const override { return 0; }
            std::uint64_t bytesTotal() const override { return 0; }
        } reader;
        CPPUNIT_ASSERT_THROW(UploadValidator(ValidationOptions{}).run(reader, {}), FileRejected);
    }
    void testMillionRows() {
        // Volume check: a million unique phones, then the same million again to hit every duplicate.
        GeneratedRowReader reader(1'000'000, 56960000000ULL);
        ValidationOptions o;
        o.parameterColumns = {"nombre"};
        std::size_t delivered = 0;
        auto start = std::chrono::steady_clock::now();
        auto summary = UploadValidator(o).run(reader, [&](const ValidRow&) { ++delivered; });
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::cout << "\n  1,000,000 generated rows validated in " << seconds << " s" << std::flush;
        CPPUNIT_ASSERT_MESSAGE(allMessages(summary), summary.ok());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1'000'000), delivered);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1'000'000), summary.uniquePhones);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(UploadValidatorTest);
