// Fuzzes the AIR reader (OSATE's instance model as JSON, which every verb
// reads in place of AADL text): any bytes must give an instance model or
// diagnostics, each starting with the JSON pointer of what is wrong.
#include "model/air_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto instance = bulkhead::model::readAirInstance(text, "fuzz_Instance.json");
  if (!instance) (void)bulkhead::model::render(instance.error(), false);
  return 0;
}
