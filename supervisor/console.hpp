#pragma once
// The supervisor's stdout and stderr (design section 7: output is the
// supervisor's). Every line is made printable (printable.hpp) and written
// whole, so forwarded partition lines and bulkhead's own reports never
// interleave mid-line and never carry a terminal escape.
//
// A console that is not read (a full pipe, a stopped terminal, a slow
// socket) must never hold up the schedule or the I/O thread: lines for a
// pipe, terminal or socket go into a bounded queue that a writer thread of
// the console's own writes through a non-blocking descriptor. When the
// queue is full, partition lines are dropped and counted (droppedLines());
// bulkhead's reports have a reserve beyond that so the report of the drops
// gets out. Regular files never block for long and are written at once.
#include "supervisor/partition_host.hpp"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace bulkhead::supervisor {

class Console {
 public:
  static constexpr std::size_t kDefaultCapacity = 256 * 1024;  // bytes queued for partition lines
  static constexpr std::size_t kReportReserve = 64 * 1024;     // and beyond that for bulkhead's reports

  explicit Console(int stdoutFd = 1, int stderrFd = 2, std::size_t capacity = kDefaultCapacity);
  ~Console();  // writes what is queued, waiting at most kCloseLimit for a console that is not read
  Console(const Console&) = delete;
  Console& operator=(const Console&) = delete;

  static constexpr std::chrono::milliseconds kCloseLimit{2000};

  // Partition output: prefix + line + '\n', made printable; dropped if the queue is full.
  void line(OutputStream stream, std::string_view prefix, std::string_view line);
  // A supervisor report on stderr: "bulkhead: <text>".
  void report(std::string_view text);

  // Waits until every queued line is written, at most `limit`; false if some are still queued.
  bool flush(std::chrono::milliseconds limit);
  // Lines dropped so far because the console was not read.
  std::uint64_t droppedLines() const;
  // Lines queued and not yet written.
  std::uint64_t queuedLines() const;

 private:
  struct Sink {
    int fd = -1;
    int ownFd = -1;           // a non-blocking description of our own (closed by us), or -1
    bool queued = false;      // through the writer thread
    bool socket = false;      // send(MSG_DONTWAIT)
    bool blocking = false;    // no non-blocking description: poll, then at most PIPE_BUF bytes
    bool broken = false;      // a write failed for good (closed pipe)
    std::deque<std::string> lines;
    std::size_t bytes = 0;    // queued, for the bound
    std::size_t written = 0;  // of lines.front()
  };
  void put(OutputStream stream, bool fromSupervisor, std::string_view prefix, std::string_view text);
  void writeNow(Sink& sink, const std::string& whole);
  void writerLoop();
  // One attempt at the front line; false when the sink would block.
  bool writeFront(Sink& sink, std::unique_lock<std::mutex>& lock);
  bool drained() const;

  mutable std::mutex mutex_;
  std::condition_variable wake_, drainedChanged_;
  Sink sinks_[2];
  Sink* out_ = &sinks_[0];
  Sink* err_ = &sinks_[1];
  std::size_t capacity_;
  std::uint64_t dropped_ = 0;
  bool stop_ = false;
  std::thread writer_;
};

}  // namespace bulkhead::supervisor
