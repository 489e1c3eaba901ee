#pragma once
// Turns AADL text into tokens. `--` comments are skipped, annex text
// `{** ... **}` becomes one AnnexText token, bad characters are errors.
#include "model/diagnostic.hpp"
#include "model/source_file.hpp"
#include "model/token.hpp"

#include <vector>

namespace bulkhead::model {

// Always ends with an End token; lexical errors are appended to `diagnostics`.
std::vector<Token> tokenize(const SourceFile& file, Diagnostics& diagnostics);

}  // namespace bulkhead::model
