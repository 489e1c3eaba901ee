#include "wire/value.hpp"

#include "base/text.hpp"

namespace bulkhead::wire {

std::string toString(const Value& value) {
  struct Visitor {
    std::string operator()(bool v) const { return v ? "true" : "false"; }
    std::string operator()(std::int64_t v) const { return base::text::concat(v); }
    std::string operator()(std::uint64_t v) const { return base::text::concat(v); }
    std::string operator()(float v) const { return base::text::concat(v); }
    std::string operator()(double v) const { return base::text::concat(v); }
    std::string operator()(char v) const { return base::text::concat("'", v, "'"); }
    std::string operator()(const std::string& v) const { return base::text::concat("\"", v, "\""); }
    std::string operator()(const Value::List& v) const {
      std::string out = "[";
      for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + toString(v[i]);
      return out + "]";
    }
  };
  return std::visit(Visitor{}, value.data);
}

}  // namespace bulkhead::wire
