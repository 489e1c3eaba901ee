#pragma once
// The supervisor's I/O part: one epoll set for everything that arrives
// while partitions run: their output (forwarded line by line, all of it
// output), their health channels (looked at on a timer, when a partition
// exits and at the end; health_channel.hpp), their exits (pidfds, collected
// and handed to the HealthMonitor), fan-out notifications (relayed from the sender's
// eventfd to every receiver's) and SIGINT/SIGTERM (a signalfd: the run is
// asked to stop and the walk's sleep is cut short with SIGUSR1), and once
// per frame the partitions' CPU time against their budget (CpuBudget).
// Every notification descriptor is O_NONBLOCK for good (ChannelSet): a
// receiver that saturated its own is skipped and reported, never waited on.
//
// During start-up the launching thread pumps it itself; then run() is the
// body of the I/O thread until finish().
#include "supervisor/channel_set.hpp"
#include "supervisor/console.hpp"
#include "supervisor/cpu_budget.hpp"
#include "supervisor/fan_out_relay.hpp"
#include "supervisor/health_report.hpp"
#include "supervisor/output_forwarder.hpp"
#include "supervisor/partition_host.hpp"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cstdint>
#include <expected>
#include <mutex>
#include <string>
#include <vector>

namespace bulkhead::supervisor {

class IoRelay {
 public:
  // `stopRequested` is set on SIGINT/SIGTERM, and `walker` (the thread
  // walking the schedule) interrupted with SIGUSR1.
  IoRelay(Console& console, HealthMonitor& health, const plan::Plan& plan, const ChannelSet& channels,
          std::atomic<bool>& stopRequested, pthread_t walker);
  ~IoRelay();
  IoRelay(const IoRelay&) = delete;
  IoRelay& operator=(const IoRelay&) = delete;

  // The epoll set, the signalfd for `signals` (already blocked) and the
  // fan-out relays.
  std::expected<void, std::string> open(const sigset_t& signals);

  // Forwards the host's output pipes, from now on.
  void forwardOutputs(PartitionHost& host);
  // Collects the host's exit when it comes.
  void watchExit(PartitionHost& host, int partition);

  // Looks at the partitions' CPU time each time `budget`'s timer fires.
  void watchCpuBudget(CpuBudget& budget);
  // Looks at the partitions' health channels on their timer, at each exit
  // (before the exit is reported) and once more at the end of the run.
  void watchHealthChannels(HealthChannels& channels);
  // A notification of `partition` was found saturated (`what`: "its period
  // queue's"); any thread may tell, the I/O thread reports it.
  void noteSaturated(int partition, std::string what);
  // A fault of `partition` found by another thread (the walk's channel
  // guard, the trace's overruns): the I/O thread reports it to the
  // HealthMonitor, which answers it there. Must not block.
  void noteFault(int partition, std::string what, std::uint64_t frame);
  // A dispatch of `partition` that began in `frame` overran its window
  // (found by the walk at a window's end, or in the trace): reported once
  // however many found it (HealthMonitor::overran). Must not block.
  void noteOverrun(int partition, std::uint64_t frame);
  // The fan-out relays, which the schedule walk also runs at each window
  // boundary (fan_out_relay.hpp).
  FanOutRelay& fanOut() { return fanOut_; }
  // Stops the run as SIGINT would: the walk ends at once, then every
  // partition is shut down and finalises (Stop_System).
  void stopRun();

  // Waits up to `timeoutMs` for events and handles them.
  void pump(int timeoutMs);
  // The I/O thread: pumps until finish() and every output has closed (or
  // a second has passed), then forwards what is still buffered.
  void run();
  void finish();
  // Whether the run is shutting down: a clean exit is no fault then.
  void setShuttingDown() { shuttingDown_.store(true); }

 private:
  enum class Watch : std::uint32_t { Output, Exit, Relay, Signal, Wake, Budget, Health };
  void watch(int fd, Watch kind, std::uint32_t index);
  void unwatch(int fd);
  void handle(Watch kind, std::uint32_t index);
  void onExit(std::uint32_t partition);
  void onSignal();
  void reportNoted();

  Console& console_;
  HealthMonitor& health_;
  const plan::Plan& plan_;
  const ChannelSet& channels_;
  std::atomic<bool>& stopRequested_;
  pthread_t walker_;
  OutputForwarder forwarder_;
  FanOutRelay fanOut_;
  std::vector<PartitionHost*> exits_;  // by partition, while its exit is watched
  std::atomic<bool> shuttingDown_{false};
  std::atomic<bool> finish_{false};
  CpuBudget* budget_ = nullptr;
  HealthChannels* healthChannels_ = nullptr;
  // Saturations noted by any thread (the schedule walk's pacer, either
  // thread's fan-out relay), for the I/O thread to report: the walk does no
  // console I/O.
  struct NotedFault {
    int partition;
    std::string what;
    std::uint64_t frame;
    bool overrun = false;  // `what` is "overran its window"
  };
  std::mutex notedMutex_;
  std::vector<std::pair<int, std::string>> saturations_;
  std::vector<NotedFault> faults_;
  int epollFd_ = -1, signalFd_ = -1, wakeFd_ = -1;
};

}  // namespace bulkhead::supervisor
