#pragma once
// What the schedule walk measured: one record per slot start (the release
// of a window), kept in memory during the run and written afterwards, so
// recording costs no system call on the hot path.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace bulkhead::supervisor {

struct Release {
  std::uint32_t frame = 0;   // 1-based
  std::uint16_t slot = 0;
  std::int16_t domain = 0;
  std::int64_t planned = 0;  // CLOCK_MONOTONIC ns: the slot's start
  std::int64_t woke = 0;     // when the supervisor woke for it
  std::int64_t stopped = 0;  // after stopping the previous window's partitions
  std::int64_t released = 0; // after the pacer and releasing this window's partitions
  std::uint16_t stops = 0;   // partitions frozen at this boundary
  std::uint16_t releases = 0;  // partitions thawed at this boundary
  std::int64_t slip = 0;       // how far `planned` lies behind the schedule's own plan (ScheduleWalk)
};

// A window in which the host kept its partition off the CPU
// (starvation_watch.hpp).
struct StarvedWindow {
  int partition = 0;
  std::uint64_t frame = 0;    // 1-based, as the health reports count
  std::int64_t windowNs = 0;  // from release to stop, as the walk did them
  std::uint64_t usedUs = 0, waitedUs = 0;
};

// A window at whose end its partition had not finished the step of its
// latest period tick (health_channel.hpp): what it sends there is late.
struct LateWindow {
  int partition = 0;
  std::uint64_t frame = 0;  // 1-based
};

// How often and how far the host held the schedule up (ScheduleWalk slips
// rather than shorten a window).
struct ScheduleSlip {
  std::size_t times = 0;
  std::int64_t total = 0;  // ns behind the plan at the end
};

struct Percentiles {
  std::int64_t median = 0, p99 = 0, max = 0;
  std::size_t count = 0;
};

Percentiles percentiles(std::vector<std::int64_t> values);

class ReleaseLog {
 public:
  void reserve(std::size_t n) { records_.reserve(n); }
  void add(const Release& r) { records_.push_back(r); }
  const std::vector<Release>& records() const { return records_; }
  void addStarved(const StarvedWindow& w) { starved_.push_back(w); }
  const std::vector<StarvedWindow>& starved() const { return starved_; }
  // Windows whose starvation could be measured (0: none could).
  void setStarvationMeasured(std::uint64_t windows) { starvationMeasured_ = windows; }
  std::uint64_t starvationMeasured() const { return starvationMeasured_; }
  void addLate(const LateWindow& w) { late_.push_back(w); }
  const std::vector<LateWindow>& late() const { return late_; }

  // CSV: frame,slot,domain,planned_ns,woke_ns,stopped_ns,released_ns,stops,releases
  // to a file the supervisor opened before the run (so a bad path fails
  // before any partition starts); false when a write failed.
  bool write(std::FILE* out) const;

  Percentiles releaseJitter() const;    // woke - planned, every slot
  Percentiles frameJitter() const;      // woke - planned, slot 0 only (one per frame)
  Percentiles stopCost() const;     // stopped - woke, at boundaries that stop partitions (window end)
  Percentiles releaseCost() const;  // released - stopped, at boundaries that release partitions (window start)
  ScheduleSlip slip() const;

 private:
  std::vector<Release> records_;
  std::vector<StarvedWindow> starved_;
  std::vector<LateWindow> late_;
  std::uint64_t starvationMeasured_ = 0;
};

}  // namespace bulkhead::supervisor
