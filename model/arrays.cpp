#include "model/arrays.hpp"

#include "model/text_util.hpp"

namespace bulkhead::model {

namespace {

std::optional<std::int64_t> constantSize(const ast::Name& constant, const Declarations& declarations) {
  std::string set, name = constant.text;
  if (std::size_t colons = name.rfind("::"); colons != std::string::npos) {
    set = name.substr(0, colons);
    name = name.substr(colons + 2);
  }
  auto [owner, found] = declarations.findConstant(set, name, nullptr);
  if (!found || found->value.kind != ast::PropertyExpr::Kind::Integer || found->value.negative ||
      !found->value.unit.text.empty())
    return std::nullopt;
  std::int64_t value = 0;
  for (char c : found->value.text)
    if (c < '0' || c > '9' || __builtin_mul_overflow(value, 10, &value) || __builtin_add_overflow(value, c - '0', &value))
      return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::vector<std::int64_t>> arraySizes(const std::vector<ast::ArrayDimension>& dimensions,
                                                    const ast::Name& declared, const Declarations& declarations,
                                                    Diagnostics& diagnostics) {
  std::vector<std::int64_t> sizes;
  std::int64_t total = 1;
  for (const ast::ArrayDimension& d : dimensions) {
    std::optional<std::int64_t> size = d.size;
    if (!d.given()) {
      diagnostics.items.push_back(ast::diagnosticAt(Severity::Error, d.loc,
                                                    "array '" + declared.text +
                                                        "' has no size ('[]'): give it here or in a refinement"));
      return std::nullopt;
    }
    if (!size) {
      size = constantSize(d.constant, declarations);
      if (!size) {
        diagnostics.items.push_back(ast::diagnosticAt(
            Severity::Error, d.constant.loc,
            "array size '" + d.constant.text + "' of '" + declared.text + "' is no aadlinteger property constant"));
        return std::nullopt;
      }
    }
    if (*size < 1 || __builtin_mul_overflow(total, *size, &total) || total > maxArrayElements) {
      diagnostics.items.push_back(ast::diagnosticAt(
          Severity::Error, d.loc,
          *size < 1 ? "array '" + declared.text + "' has size " + std::to_string(*size) + ": sizes start at 1"
                    : "array '" + declared.text + "' has more than " + std::to_string(maxArrayElements) +
                          " elements, more than bulkhead instantiates"));
      return std::nullopt;
    }
    sizes.push_back(*size);
  }
  return sizes;
}

std::vector<std::vector<std::int64_t>> arrayElements(const std::vector<std::int64_t>& sizes) {
  std::vector<std::vector<std::int64_t>> out{{}};
  for (std::int64_t size : sizes) {
    std::vector<std::vector<std::int64_t>> next;
    for (const auto& prefix : out)
      for (std::int64_t i = 1; i <= size; ++i) {
        next.push_back(prefix);
        next.back().push_back(i);
      }
    out = std::move(next);
  }
  return out;
}

std::string indexSuffix(const std::vector<std::int64_t>& indices) {
  std::string out;
  for (std::int64_t i : indices) out += "[" + std::to_string(i) + "]";
  return out;
}

std::string_view declaredName(std::string_view elementName) {
  std::size_t bracket = elementName.find('[');
  return bracket == std::string_view::npos ? elementName : elementName.substr(0, bracket);
}

}  // namespace bulkhead::model
