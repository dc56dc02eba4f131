#include "exports/FormatFile.h"

namespace campaigns::exports {

std::string exampleValue(const FormatTemplate& format, std::size_t index) {
    const auto& p = format.parameters.at(index);
    if (!p.example.empty()) return p.example;
    return "Ejemplo " + std::to_string(index + 1);
}

std::string formatFileName(const FormatTemplate& format, const std::string& extension) {
    std::string name = "formato_";
    for (char c : format.name) {
        bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        name.push_back(safe ? c : '_');
    }
    if (format.name.empty()) name += "plantilla";
    return name + "." + extension;
}

std::vector<std::pair<std::string, std::string>> formatInstructions(const FormatTemplate& format) {
    std::vector<std::pair<std::string, std::string>> lines;
    std::string templateLine = "Plantilla «" + format.name + "»";
    if (!format.language.empty()) templateLine += " (idioma " + format.language + ")";
    lines.emplace_back("Plantilla", templateLine +
                                        ". Completa una fila por cada contacto desde la fila 2 de la hoja "
                                        "«Contactos» y reemplaza o borra la fila de ejemplo: cada fila "
                                        "recibirá un mensaje.");
    lines.emplace_back(kPhoneHeader, "Obligatorio. Número completo con el código de país, sin el signo + (por ejemplo " +
                                         std::string(kExamplePhone) +
                                         " para Chile). La columna tiene formato de texto para que Excel no cambie los dígitos; "
                                         "un número en notación científica (5,69E+10) no se puede usar. Cada teléfono puede "
                                         "aparecer una sola vez, salvo que marques «Permitir números de teléfono duplicados».");
    for (std::size_t i = 0; i < format.parameters.size(); ++i) {
        const auto& p = format.parameters[i];
        std::string text = "Obligatorio. Parámetro " + std::to_string(i + 1) + " de la plantilla";
        if (!p.description.empty()) text += ": " + p.description;
        text += ". Sin saltos de línea, tabulaciones ni más de 4 espacios seguidos; hasta 1.024 caracteres. Ejemplo: " +
                exampleValue(format, i) + ".";
        lines.emplace_back(p.column, text);
    }
    lines.emplace_back("Columnas extra",
                       "Opcional. Después de los parámetros puedes agregar hasta " + std::to_string(format.maxExtraColumns) +
                           " columnas para cargar metadatos de ticket. Si el encabezado es el nombre del metadato o "
                           "su llave de integración, se vinculan solos; si no, podrás vincularlas a mano o dejarlas "
                           "sin usar. Solo se admiten metadatos de ticket con llave de integración, disponibles para "
                           "el departamento de la campaña, de tipo Texto, Párrafo o Sí/No.");
    lines.emplace_back("Valores de metadatos",
                       "Texto: una sola línea, puede quedar vacío. Párrafo: admite varias líneas, puede quedar vacío. "
                       "Sí/No: escribe 1 para sí y 0 para no.");
    if (format.hasImageHeader) {
        lines.emplace_back("Imagen de encabezado",
                           "La plantilla lleva una imagen como encabezado. La imagen no va en este archivo: puedes "
                           "cambiarla al crear la campaña (formatos .png, .jpg o .jpeg).");
    }
    return lines;
}

} // namespace campaigns::exports
