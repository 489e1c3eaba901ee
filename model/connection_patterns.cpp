#include "model/connection_patterns.hpp"

#include "model/text_util.hpp"

namespace bulkhead::model {

namespace {

// Hostile input must not exhaust memory (All_To_All of two large arrays).
constexpr std::size_t maxPairs = 100'000;

class Pairing {
 public:
  Pairing(const std::vector<std::int64_t>& source, const std::vector<std::int64_t>& destination,
          const std::vector<std::string>& pattern)
      : source_(source), destination_(destination), pattern_(pattern) {}

  std::expected<std::vector<std::pair<ArrayIndices, ArrayIndices>>, std::string> run() {
    if (!step(0, 0, 0)) return std::unexpected(error_);
    return std::move(pairs_);
  }

 private:
  bool fail(std::string message) {
    error_ = std::move(message);
    return false;
  }

  // One dimension of the pattern, then the rest (recursively), as OSATE's expander.
  bool step(std::size_t offset, std::size_t s, std::size_t d) {
    bool done = pattern_.empty() ? s == source_.size() && d == destination_.size() : offset >= pattern_.size();
    if (done) {
      if (pairs_.size() >= maxPairs) return fail("it joins more than " + std::to_string(maxPairs) + " pairs of elements");
      pairs_.emplace_back(sourceIndex_, destinationIndex_);
      return true;
    }
    std::string name = "One_To_One";
    if (pattern_.empty()) {
      if (source_.empty()) name = "One_To_All";
      else if (destination_.empty()) name = "All_To_One";
    } else {
      name = pattern_[offset];
    }
    auto is = [&](std::string_view n) { return equalsIgnoreCase(name, n); };
    if (!is("One_To_All") && s >= source_.size())
      return fail("the source has fewer array dimensions than Connection_Pattern (" + name + ") pairs");
    if (!is("All_To_One") && d >= destination_.size())
      return fail("the destination has fewer array dimensions than Connection_Pattern (" + name + ") pairs");
    auto pair = [&](std::int64_t i, std::int64_t j, std::size_t nextS, std::size_t nextD) {
      if (i) sourceIndex_.push_back(i);
      if (j) destinationIndex_.push_back(j);
      bool ok = step(offset + 1, nextS, nextD);
      if (i) sourceIndex_.pop_back();
      if (j) destinationIndex_.pop_back();
      return ok;
    };
    if (is("All_To_All")) {
      for (std::int64_t i = 1; i <= source_[s]; ++i)
        for (std::int64_t j = 1; j <= destination_[d]; ++j)
          if (!pair(i, j, s + 1, d + 1)) return false;
      return true;
    }
    if (is("One_To_All")) {
      for (std::int64_t j = 1; j <= destination_[d]; ++j)
        if (!pair(0, j, s, d + 1)) return false;
      return true;
    }
    if (is("All_To_One")) {
      for (std::int64_t i = 1; i <= source_[s]; ++i)
        if (!pair(i, 0, s + 1, d)) return false;
      return true;
    }
    std::int64_t n = source_[s];
    if (n != destination_[d])
      return fail("array size mismatch (" + name + "): " + std::to_string(n) + " at the source and " +
                  std::to_string(destination_[d]) + " at the destination");
    // The remaining patterns pair element i with f(i) in arrays of equal size.
    auto each = [&](std::int64_t from, std::int64_t to, std::int64_t stride, auto target) {
      for (std::int64_t i = from; i <= to; i += stride)
        if (!pair(i, target(i), s + 1, d + 1)) return false;
      return true;
    };
    if (is("One_To_One")) return each(1, n, 1, [](std::int64_t i) { return i; });
    if (is("Next")) return each(1, n - 1, 1, [](std::int64_t i) { return i + 1; });
    if (is("Previous")) return each(2, n, 1, [](std::int64_t i) { return i - 1; });
    if (is("Cyclic_Next")) return each(1, n, 1, [n](std::int64_t i) { return i == n ? 1 : i + 1; });
    if (is("Cyclic_Previous")) return each(1, n, 1, [n](std::int64_t i) { return i == 1 ? n : i - 1; });
    if (is("Next_Next")) return each(1, n - 2, 1, [](std::int64_t i) { return i + 2; });
    if (is("Previous_Previous")) return each(3, n, 1, [](std::int64_t i) { return i - 2; });
    if (is("Cyclic_Next_Next"))
      return each(1, n, 1, [n](std::int64_t i) { return i == n ? 2 : i == n - 1 ? 1 : i + 2; });
    if (is("Cyclic_Previous_Previous"))
      return each(1, n, 1, [n](std::int64_t i) { return i == 2 ? n : i == 1 ? n - 1 : i - 2; });
    if (is("Even_To_Even")) return each(2, n, 2, [](std::int64_t i) { return i; });
    if (is("Odd_To_Odd")) return each(1, n, 2, [](std::int64_t i) { return i; });
    return fail("unknown Connection_Pattern '" + name + "'");
  }

  const std::vector<std::int64_t>& source_;
  const std::vector<std::int64_t>& destination_;
  const std::vector<std::string>& pattern_;
  ArrayIndices sourceIndex_, destinationIndex_;
  std::vector<std::pair<ArrayIndices, ArrayIndices>> pairs_;
  std::string error_;
};

}  // namespace

std::expected<std::vector<std::pair<ArrayIndices, ArrayIndices>>, std::string> pairArrayElements(
    const std::vector<std::int64_t>& sourceSizes, const std::vector<std::int64_t>& destinationSizes,
    const std::vector<std::string>& pattern) {
  return Pairing(sourceSizes, destinationSizes, pattern).run();
}

}  // namespace bulkhead::model
