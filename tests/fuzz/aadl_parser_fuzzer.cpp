// Fuzzes the AADL front end with any bytes as one .aadl file: the parser
// always, and, when the text parses, the whole load (name resolution,
// instantiation, the checks). Every outcome must be an instance or
// diagnostics; a crash, a hang or a sanitizer report is a bug. The full load
// reads the predeclared property sets every time, so running it only on text
// that parses keeps the fuzzer fast where most inputs are.
#include "model/load.hpp"
#include "model/parser.hpp"
#include "model/source_file.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  bulkhead::model::Diagnostics parsed;
  bulkhead::model::SourceFile file("fuzz.aadl", text);
  (void)bulkhead::model::parseFile(file, parsed);
  // Diagnostics must be renderable: the CLI prints every one.
  (void)bulkhead::model::render(parsed, false);
  if (parsed.hasErrors()) return 0;

  bulkhead::model::LoadOptions options;
  options.requireRoot = false;  // a package alone is a model too
  auto result = bulkhead::model::loadModel({bulkhead::model::SourceText{"fuzz.aadl", std::move(text)}}, options);
  if (!result) (void)bulkhead::model::render(result.error(), false);
  return 0;
}
