#pragma once
// Forwards partition output line by line: bytes are collected per pipe
// until a newline, and each complete line goes to the Console in one piece,
// in the order the partition wrote it. A last line without newline is
// forwarded at end of file; an endless line is cut at kMaxLine bytes.
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

  // `owner` identifies the partition in the filter callback.
  void add(const OutputSource& source, int owner);

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
