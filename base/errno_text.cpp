#include "base/errno_text.hpp"

#include <cstring>

namespace bulkhead::base {

std::string errnoText(std::string_view what, int error) {
  std::string text(what);
  text += ": ";
  text += std::strerror(error);
  return text;
}

}  // namespace bulkhead::base
