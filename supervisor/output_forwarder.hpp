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
#include <string>
#include <vector>

namespace bulkhead::supervisor {

class OutputForwarder {
 public:
  static constexpr std::size_t kMaxLine = 64 * 1024;

  explicit OutputForwarder(Console& console) : console_(console) {}

  // `partition` names the source's lines when it brings no prefix of its
  // own. Every line is output, never a report: a partition's health
  // reports come on its health channel (contract/health_report.hpp).
  void add(const OutputSource& source, const std::string& partition);

  // The prefix of a partition's lines: "<name>: ", never one that starts
  // like bulkhead's own reports.
  static std::string prefixFor(const OutputSource& source, const std::string& partition);

  // Reads what is available on `fd` (one of the added sources, readable
  // now) and forwards the complete lines. Returns false at end of file.
  bool onReadable(int fd);

  // Whether every source has reached end of file; the ones that have not.
  bool allClosed() const;
  std::vector<int> openFds() const;

 private:
  struct Source {
    OutputSource output;
    std::string pending;
    bool open = true;
  };
  void emit(Source& s, std::string_view line);

  Console& console_;
  std::vector<Source> sources_;
};

}  // namespace bulkhead::supervisor
