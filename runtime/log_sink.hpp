#pragma once
// Where a partition's lines go. A partition program writes to its own
// stdout/stderr (the supervisor forwards them line by line); the simulator
// runs many partitions in one process and may capture them instead.
#include <string_view>

namespace bulkhead::runtime {

enum class Stream { Out, Err };

class LogSink {
 public:
  virtual ~LogSink() = default;
  // One complete line, without its trailing newline.
  virtual void line(Stream stream, std::string_view text) = 0;
};

// Writes to stdout/stderr and flushes every line, so that a supervisor
// reading a pipe sees each line when it is written.
class StdioLogSink final : public LogSink {
 public:
  void line(Stream stream, std::string_view text) override;
};

StdioLogSink& stdioLogSink();

}  // namespace bulkhead::runtime
