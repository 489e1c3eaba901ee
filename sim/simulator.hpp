#pragma once
// The virtual-time engine: walks the domain schedule frame by frame, ticks
// the pacer once per frame in its slot, and dispatches each partition's
// threads only inside its domain's windows. Nothing here reads a clock:
// the same Plan and the same drivers give the same run, every time.
//
// Within a window, time starts at the window's start and every dispatch
// takes its thread's Compute_Execution_Time (upper bound). The threads of
// the window's partitions are visited in Plan order (partitions, then
// threads), repeatedly, until none is ready:
// - a periodic thread is ready when its partition took a pacer tick that
//   is a multiple of the thread's k (Period = k x Frame_Period), counting
//   ticks from 1; a due dispatch that does not fit the window waits for the
//   next one;
// - a sporadic thread is ready when one of its in event / event data ports
//   holds input and its minimum inter-arrival (Period) has passed since its
//   last dispatch; when only the latter holds, time jumps to the earliest
//   such moment inside the window.
// The pacer ticks at the start of the first slot of its domain; with no
// such slot, at the start of the frame.
#include "plan/plan.hpp"
#include "sim/partition_driver.hpp"
#include "sim/sim_observer.hpp"

#include <cstdint>
#include <expected>
#include <vector>

namespace bulkhead::sim {

class Simulator {
 public:
  // `drivers` is parallel to plan.partitions; drivers, plan and context
  // must outlive the simulator. Rejects a Plan it cannot simulate.
  static std::expected<Simulator, SimError> create(const plan::Plan& plan,
                                                    std::vector<PartitionDriver*> drivers,
                                                    SimContext& context);

  // Every partition's `initialise`, in Plan order, at time 0.
  SimStatus initialise();
  // Runs `frames` more frames. Stops early, without error, when the
  // observer asks to (see stopped()).
  SimStatus runFrames(std::uint64_t frames);
  // Every partition's `finalise`, in Plan order.
  SimStatus finalise();

  std::uint64_t framesDone() const { return frame_; }
  std::uint64_t dispatches() const { return dispatches_; }
  bool stopped() const { return stopped_; }
  Nanoseconds now() const { return now_; }
  // Dispatches of one window before the simulator calls it a livelock
  // (zero-time sporadic threads feeding each other).
  void setWindowDispatchLimit(std::uint64_t limit) { windowDispatchLimit_ = limit; }

 private:
  struct ThreadState {
    bool periodic = true;
    std::uint64_t everyTicks = 1;      // k
    Nanoseconds executionTime = 0;     // Compute_Execution_Time upper bound
    Nanoseconds minInterArrival = 0;   // sporadic: Period
    bool due = false;                  // periodic: a tick made it due
    bool everDispatched = false;
    Nanoseconds lastDispatch = 0;
  };
  struct PartitionState {
    PartitionDriver* driver = nullptr;
    bool paced = false;                // has a period queue
    std::uint64_t ticksTaken = 0;
    bool hasSporadic = false;
    std::vector<ThreadState> threads;
  };

  Simulator(const plan::Plan& plan, SimContext& context) : plan_(&plan), context_(&context) {}
  SimStatus runSlot(int slot, Nanoseconds frameStart);
  SimStatus runWindow(const std::vector<int>& partitions, Nanoseconds start, Nanoseconds end);
  SimStatus dispatch(int partition, int thread, Nanoseconds at, Nanoseconds windowEnd);
  void tickPacer(Nanoseconds at);

  const plan::Plan* plan_;
  SimContext* context_;
  std::vector<PartitionState> partitions_;
  std::vector<std::vector<int>> slotPartitions_;  // per slot: partitions of its domain, Plan order
  int pacerSlot_ = -1;
  std::uint8_t tick_ = 0;
  std::uint64_t frame_ = 0;
  std::uint64_t dispatches_ = 0;
  std::uint64_t windowDispatchLimit_ = 1'000'000;
  Nanoseconds now_ = 0;
  bool stopped_ = false;
};

}  // namespace bulkhead::sim
