#include "plan/time_text.hpp"

#include <cstdlib>

namespace bulkhead::plan {

std::string millisecondsText(Nanoseconds ns) {
  constexpr Nanoseconds perMs = 1'000'000;
  std::string sign = ns < 0 ? "-" : "";
  Nanoseconds magnitude = ns < 0 ? -ns : ns;
  std::string text = sign + std::to_string(magnitude / perMs);
  if (Nanoseconds fraction = magnitude % perMs) {
    std::string digits = std::to_string(fraction);
    digits.insert(0, 6 - digits.size(), '0');
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    text += "." + digits;
  }
  return text + " ms";
}

}  // namespace bulkhead::plan
