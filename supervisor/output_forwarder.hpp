#pragma once
// Forwards partition output line by line: bytes are collected per pipe
// until a newline, and each complete line goes to the Console in one piece,
// in the order the partition wrote it. A last line without newline is
// forwarded at end of file; an endless line is cut at kMaxLine bytes.
//
// Every line is named after its partition (docs/design.md section 7): it
// starts with "<name>: " (the host's own prefix for a VM console:
// "vmconsumer: "), unless it already does, and the Console makes it
// printable, so no partition line can start with "bulkhead:" and pass for a
// report of the supervisor. Empty lines stay empty.
#include "supervisor/console.hpp"
#include "supervisor/partition_host.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace bulkhead::supervisor {

class OutputForwarder {
 public:
  static constexpr std::size_t kMaxLine = 64 * 1024;

  // Called for every complete line before it is written; returning false
  // swallows it (the health monitor takes its report lines this way).
  using LineFilter = std::function<bool(int source, OutputStream stream, std::string_view line)>;

  explicit OutputForwarder(Console& console) : console_(console) {}

  // `owner` identifies the partition in the filter callback; `partition`
  // names its lines when the source brings no prefix of its own.
  void add(const OutputSource& source, int owner, const std::string& partition);

  // The prefix of a partition's lines: "<name>: ", never one that starts
  // like bulkhead's own reports.
  static std::string prefixFor(const OutputSource& source, const std::string& partition);

  void setFilter(LineFilter filter) { filter_ = std::move(filter); }

  // Reads what is available on `fd` (one of the added sources, readable
  // now) and forwards the complete lines. Returns false at end of file.
  bool onReadable(int fd);

  // Whether every source has reached end of file; the ones that have not.
  bool allClosed() const;
  std::vector<int> openFds() const;

 private:
  struct Source {
    OutputSource output;
    int owner;
    std::string pending;
    bool open = true;
  };
  void emit(Source& s, std::string_view line);

  Console& console_;
  LineFilter filter_;
  std::vector<Source> sources_;
};

}  // namespace bulkhead::supervisor
