#pragma once
// Communication_Properties::Connection_Pattern: which elements of two arrays a
// connection joins, dimension by dimension, as OSATE expands it. Sizes and
// indices run from the connection end up (a feature array's dimension first,
// then those of the component arrays it is reached through).
#include <cstdint>
#include <expected>
#include <string>
#include <utility>
#include <vector>

namespace bulkhead::model {

using ArrayIndices = std::vector<std::int64_t>;

// `pattern` is one list of Connection_Pattern (one enumerator per dimension);
// empty means no Connection_Pattern: One_To_One in every dimension, or All_To_One
// (One_To_All) when only the source (destination) is an array. The error says what
// does not fit ("array size mismatch (One_To_One): 3 at the source and 2 at the
// destination").
std::expected<std::vector<std::pair<ArrayIndices, ArrayIndices>>, std::string> pairArrayElements(
    const std::vector<std::int64_t>& sourceSizes, const std::vector<std::int64_t>& destinationSizes,
    const std::vector<std::string>& pattern);

}  // namespace bulkhead::model
