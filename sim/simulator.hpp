#pragma once
// The virtual-time engine: walks the domain schedule frame by frame, ticks
// the pacer in the slots the Plan marks, and steps each partition only
// inside its domain's windows. Nothing here reads a clock: the same Plan
// and the same drivers give the same run, every time.
//
// A window opens at its slot's start. Its partitions (those of the slot's
// domain) are stepped in Plan order at the window's current time; each
// dispatch a step makes takes its thread's Compute_Execution_Time (upper
// bound) of virtual time, so the next partition steps later. This repeats
// until a whole round dispatches nothing; then time jumps to the earliest
// moment a sporadic thread's minimum inter-arrival lets it run, if that is
// inside the window, else the window closes. A step starts only before the
// window's end; a dispatch that runs past it is reported as an overrun.
// The pacer ticks at the start of each slot with ScheduleSlot::paced
// partitions, those partitions only. (Only partitions with a sporadic
// thread are stepped again after the first round: a periodic thread
// becomes due only by a tick, and ticks do not arrive inside a window.)
#include "plan/plan.hpp"
#include "sim/partition_driver.hpp"
#include "sim/sim_observer.hpp"

#include <cstdint>
#include <expected>
#include <vector>

namespace bulkhead::sim {

class Simulator {
 public:
  // `drivers` is parallel to plan.partitions; the plan, the drivers and the
  // observer must outlive the simulator. Rejects a Plan it cannot simulate.
  static std::expected<Simulator, SimError> create(const plan::Plan& plan,
                                                    std::vector<PartitionDriver*> drivers,
                                                    SimObserver* observer = nullptr);

  // Every partition's `initialise`, in Plan order, at time 0.
  SimStatus initialise();
  // Runs `frames` more frames. Stops early, without error, when the
  // observer asks to (see stopped()).
  SimStatus runFrames(std::uint64_t frames);
  // Every partition's `finalise`, in Plan order.
  SimStatus finalise();

  // Replaces the observer (nullptr: none); drivers record activity only
  // while there is one.
  void setObserver(SimObserver* observer);

  std::uint64_t framesDone() const { return frame_; }
  std::uint64_t dispatches() const { return dispatches_; }
  bool stopped() const { return stopped_; }
  Nanoseconds now() const { return now_; }
  // Steps of one window before the simulator calls it a livelock (zero-time
  // sporadic threads feeding each other).
  void setWindowDispatchLimit(std::uint64_t limit) { windowDispatchLimit_ = limit; }

 private:
  struct PartitionState {
    PartitionDriver* driver = nullptr;
    bool paced = false;                           // has a period queue
    bool sporadic = false;                        // has a sporadic thread
    std::vector<Nanoseconds> executionTime;       // per thread: Compute_Execution_Time upper bound
  };

  Simulator(const plan::Plan& plan, SimObserver* observer) : plan_(&plan), observer_(observer) {}
  SimStatus runSlot(int slot, Nanoseconds frameStart);
  SimStatus runWindow(const std::vector<int>& partitions, Nanoseconds start, Nanoseconds end);
  // Reports a step's dispatches to the observer, laid out from `at`; returns
  // the virtual time they took.
  Nanoseconds account(int partition, const StepOutcome& outcome, Nanoseconds at, Nanoseconds windowEnd);
  void tickPacer(Nanoseconds at, const std::vector<int>& partitions);

  const plan::Plan* plan_;
  SimObserver* observer_;
  std::vector<PartitionState> partitions_;
  std::vector<std::vector<int>> slotPartitions_;  // per slot: partitions of its domain, Plan order
  std::uint8_t tick_ = 0;
  std::uint64_t frame_ = 0;
  std::uint64_t dispatches_ = 0;
  std::uint64_t windowDispatchLimit_ = 1'000'000;
  Nanoseconds now_ = 0;
  bool stopped_ = false;
};

}  // namespace bulkhead::sim
