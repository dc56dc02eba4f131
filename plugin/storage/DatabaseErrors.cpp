#include "storage/DatabaseErrors.h"

namespace campaigns::storage {

bool isLockConflict(const std::exception& e) {
    const auto* poco = dynamic_cast<const Poco::Exception*>(&e);
    if (!poco) return false;
    const std::string text = poco->displayText();
    for (const char* code : {"errno]: 1213", "errno]: 1205"})
        if (text.find(code) != std::string::npos) return true;
    return false;
}

std::string briefError(const std::exception& e) {
    const auto* poco = dynamic_cast<const Poco::Exception*>(&e);
    const std::string text = poco ? poco->displayText() : std::string(e.what());
    static const std::string mark = "?, ";
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t run = 0;
        while (text.compare(i + run * mark.size(), mark.size(), mark) == 0) ++run;
        if (run > 3) {
            out += "?, ?, [" + std::to_string(run - 2) + " more], ";
            i += run * mark.size();
        } else if (run > 0) {
            for (std::size_t k = 0; k < run; ++k) out += mark;
            i += run * mark.size();
        } else {
            out += text[i++];
        }
    }
    return out;
}

} // namespace campaigns::storage
