#include "storage/IdList.h"

namespace campaigns::storage {

std::string placeholders(std::size_t n) {
    std::string marks;
    marks.reserve(n * 3);
    for (std::size_t i = 0; i < n; ++i) marks += i ? ", ?" : "?";
    return marks;
}

} // namespace campaigns::storage
