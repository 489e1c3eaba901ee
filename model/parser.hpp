#pragma once
// Recursive-descent parser for AADL v2 text. On the first syntax error in a
// file it reports one located diagnostic and gives up on that file (the
// rest of the file would only produce follow-on noise).
#include "model/ast.hpp"
#include "model/diagnostic.hpp"
#include "model/source_file.hpp"

namespace bulkhead::model {

ast::AadlFile parseFile(const SourceFile& file, Diagnostics& diagnostics);

}  // namespace bulkhead::model
