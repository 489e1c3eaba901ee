#pragma once
// Component and feature arrays (`x: process p.i [2][3]`, `p: in event port [4]`):
// their sizes, and the elements OSATE instantiates for them, named `x[1][2]`.
#include "model/ast.hpp"
#include "model/declarations.hpp"
#include "model/diagnostic.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bulkhead::model {

// More elements than this in one array is refused (hostile input must not exhaust memory).
inline constexpr std::int64_t maxArrayElements = 10'000;

// The size of each dimension: an integer literal or an aadlinteger property constant.
// Reports a dimension without a size (`[]`, not refined with one), a size that is not a
// positive integer, and an array of more than maxArrayElements; nullopt then.
std::optional<std::vector<std::int64_t>> arraySizes(const std::vector<ast::ArrayDimension>& dimensions,
                                                    const ast::Name& declared, const Declarations& declarations,
                                                    Diagnostics& diagnostics);

// Every index tuple of an array of these sizes, 1-based, the last dimension fastest;
// one empty tuple for no dimensions (a single component or feature).
std::vector<std::vector<std::int64_t>> arrayElements(const std::vector<std::int64_t>& sizes);

// "[1][2]" (empty for no indices).
std::string indexSuffix(const std::vector<std::int64_t>& indices);

// The name a declared name has in an element's name: "x" of "x[1][2]".
std::string_view declaredName(std::string_view elementName);

}  // namespace bulkhead::model
