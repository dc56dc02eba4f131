#pragma once
#include <string>
#include <vector>

namespace campaigns::storage {

// Splits a migration file into single statements. MySQL's client protocol runs one statement per
// call unless multi-statements are enabled for the whole connection, which we do not want for
// application sessions; so migrations are split here. Semicolons inside quotes, backticks and
// comments do not split; comments are dropped.
std::vector<std::string> splitSqlScript(const std::string& script);

} // namespace campaigns::storage
