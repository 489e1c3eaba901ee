#pragma once
// Chrome trace-event JSON (the "JSON Array/Object format" that Perfetto and
// chrome://tracing open), written as a stream so that a long simulation does
// not hold its trace in memory. Shared by `bulkhead sim` and `bulkhead run`.
//
// Times are given in nanoseconds and written as microseconds with three
// decimals (the format's unit), so nanosecond virtual times survive exactly.
// Output depends only on the calls made: no clock, no addresses, no maps with
// unspecified order, so two identical call sequences give identical bytes.
// Not thread-safe: a caller with several threads serialises its calls.
#include <cstdint>
#include <initializer_list>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <variant>

namespace bulkhead::trace {

using Nanoseconds = std::int64_t;

// One entry of an event's "args" object.
struct Arg {
  std::string_view key;
  std::variant<std::int64_t, std::string_view> value;
};

// A track: a (pid, tid) pair. Perfetto shows one process group per pid and
// one track per tid inside it.
struct Track {
  int pid = 0;
  int tid = 0;
};

class TraceWriter {
 public:
  // Writes to `out`, which must outlive the writer. The opening of the JSON
  // object is written at once; `finish` (or the destructor) closes it.
  explicit TraceWriter(std::ostream& out);
  ~TraceWriter();
  TraceWriter(const TraceWriter&) = delete;
  TraceWriter& operator=(const TraceWriter&) = delete;

  // Metadata: the names shown for a process group and a track, and their
  // order on screen (lower first).
  void nameProcess(int pid, std::string_view name, int sortIndex);
  void nameTrack(Track track, std::string_view name, int sortIndex);

  // A slice with known start and duration ("ph":"X"). Slices on one track
  // nest when one lies inside the other.
  void slice(Track track, std::string_view name, std::string_view category, Nanoseconds start,
             Nanoseconds duration, std::initializer_list<Arg> args = {});
  // An open/close pair ("ph":"B"/"E") for when the end is not yet known.
  void begin(Track track, std::string_view name, std::string_view category, Nanoseconds at,
             std::initializer_list<Arg> args = {});
  void end(Track track, Nanoseconds at);

  // A point event on one track ("ph":"i", thread scope).
  void instant(Track track, std::string_view name, std::string_view category, Nanoseconds at,
               std::initializer_list<Arg> args = {});

  // An arrow from a slice on one track to a slice on another: both ends bind
  // to the slice enclosing `at` on their track. `id` pairs the two ends and
  // must be unique per flow.
  void flowStart(Track track, std::string_view name, std::string_view category, Nanoseconds at,
                 std::uint64_t id);
  void flowEnd(Track track, std::string_view name, std::string_view category, Nanoseconds at,
               std::uint64_t id);

  // A counter track value ("ph":"C") under `pid`, e.g. a queue's fill level.
  void counter(int pid, std::string_view name, Nanoseconds at, std::string_view series,
               std::int64_t value);

  // Closes the JSON object and flushes; further calls are ignored.
  void finish();

  std::uint64_t eventsWritten() const { return events_; }

 private:
  void open(std::string_view ph, Track track, std::string_view name, std::string_view category,
            Nanoseconds at);
  void writeArgs(std::initializer_list<Arg> args);
  void close();

  std::ostream& out_;
  std::string buffer_;  // one event, assembled before it is written
  std::uint64_t events_ = 0;
  bool finished_ = false;
};

// `bytes` as upper-case hex pairs separated by spaces: "06", "0A 1F".
std::string hexBytes(std::span<const std::uint8_t> bytes);

// Appends `text` to `out` as a JSON string literal (quotes included).
void appendJsonString(std::string& out, std::string_view text);

}  // namespace bulkhead::trace
