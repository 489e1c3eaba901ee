#include "runtime/log_sink.hpp"

#include <cstdio>

namespace bulkhead::runtime {

void StdioLogSink::line(Stream stream, std::string_view text) {
  std::FILE* file = stream == Stream::Err ? stderr : stdout;
  std::fwrite(text.data(), 1, text.size(), file);
  std::fputc('\n', file);
  std::fflush(file);
}

StdioLogSink& stdioLogSink() {
  static StdioLogSink sink;
  return sink;
}

}  // namespace bulkhead::runtime
