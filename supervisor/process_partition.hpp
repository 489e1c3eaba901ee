#pragma once
// A native partition: one sandboxed process running the partition program,
// holding exactly its channels at fd 3.. (contract: fd 3+2i memory,
// fd 4+2i eventfd, in hand-over order), stdin from /dev/null, stdout and
// stderr on pipes the supervisor forwards, every other fd closed.
//
// With a pid namespace the supervisor's child is the namespace's init (a
// few lines of ours, see childMain): it starts the program as pid 2, waits
// for it and writes how it ended to a status pipe before exiting. Both set
// PR_SET_PDEATHSIG (the program again after its credential change) before
// they check that their parent still lives, and the kernel kills every
// process of a pid namespace whose init dies: killing the supervisor, in
// any way, leaves no partition process behind.
#include "supervisor/channel_handover.hpp"
#include "supervisor/freezer.hpp"
#include "supervisor/partition_host.hpp"
#include "supervisor/sandbox.hpp"

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bulkhead::supervisor {

struct ProcessLaunch {
  std::string name;
  std::filesystem::path program;
  std::vector<std::string> arguments;     // after argv[0]
  std::vector<ChannelHandover> channels;  // contract order
  std::vector<std::string> environment;   // KEY=VALUE, the whole environment
  std::optional<int> cpu;                 // pin to this CPU
  std::optional<int> realtimePriority;    // SCHED_FIFO priority, if any
  IsolationOptions isolation;
};

class ProcessPartition final : public PartitionHost {
 public:
  ProcessPartition(ProcessLaunch launch, std::unique_ptr<Freezer> freezer);
  ~ProcessPartition() override;
  ProcessPartition(const ProcessPartition&) = delete;
  ProcessPartition& operator=(const ProcessPartition&) = delete;

  const std::string& name() const override { return launch_.name; }
  std::expected<void, std::string> start() override { return launch(false); }
  // A restart (cgroup freezer only: a frozen cgroup holds it before its
  // program exists, which no signal can).
  std::expected<void, std::string> startFrozen() override;
  // Every thread asleep (state S), with no CPU time used, for a few looks
  // in a row: the runtime is blocked on its first dispatch.
  bool startupComplete() override;
  bool hasExited() override;
  void freeze() override;
  void thaw() override;
  void terminate() override;
  void kill() override;
  std::vector<OutputSource> outputs() const override;
  int exitFd() const override { return pidFd_; }
  std::expected<ExitStatus, std::string> collectExit() override;
  pid_t processId() const override { return programPid_ > 0 ? programPid_ : pid_; }
  std::optional<CpuAccount> cpuAccount() const override { return freezer_->cpuAccount(); }

  std::string isolationNotice() const override { return isolationNotice_; }

 private:
  // What the cloned child uses, all allocated before the clone.
  struct ChildSetup {
    std::string programName;
    std::vector<char*> argv, envp;
    std::vector<int> sources, moved;   // channel fds in hand-over order, and their parking places
    std::vector<sock_filter> filter;   // filled from the sync pipe
    unsigned fdLimit = 0;
    int syncFd = -1, errorFd = -1, devNull = -1, outFd = -1, errFd = -1, execFd = -1, statusFd = -1;
    bool newNamespaces = false;
    int programCgroupFd = -1;  // where the init starts the program (Freezer::programGroupFd), or -1
    bool init = false;         // the child is its pid namespace's init
    pid_t supervisor = -1;     // the program's parent when there is no init
  };
  struct ChildPipes {
    int out[2] = {-1, -1}, err[2] = {-1, -1}, sync[2] = {-1, -1}, error[2] = {-1, -1}, status[2] = {-1, -1};
  };
  ChildSetup childSetup(const ChildPipes& pipes, int execFd, int devNull);
  long cloneChild(ChildSetup& setup, const ChildPipes& pipes);
  std::string adoptChild(const ChildSetup& setup, int syncFd, bool frozen);
  std::expected<void, std::string> launch(bool frozen);
  void resolveProgram();
  [[noreturn]] void childMain(ChildSetup& setup);
  int placeChildFds(ChildSetup& setup);
  [[noreturn]] void initMain(ChildSetup& setup, std::uint32_t filterLength);
  [[noreturn]] void programMain(ChildSetup& setup, std::uint32_t filterLength);

  ProcessLaunch launch_;
  std::unique_ptr<Freezer> freezer_;
  pid_t pid_ = -1;            // the supervisor's child: the init, or the program itself
  int pidFd_ = -1;
  pid_t programPid_ = -1;     // the partition program (this namespace's number)
  int programPidFd_ = -1;     // -1 when it is pid_ (no init) or already gone
  int statusFd_ = -1;         // the init's report of the program's end
  int stdoutFd_ = -1;
  int stderrFd_ = -1;
  int launchErrorFd_ = -1;    // started frozen: the child's error pipe, read at its exit
  bool hasInit_ = false;
  bool startedFrozen_ = false;
  std::atomic<bool> reaped_{false};  // set by the supervisor's I/O thread
  int idleLooks_ = 0;
  long long lastCpuTicks_ = -1;
  std::string isolationNotice_;
};

}  // namespace bulkhead::supervisor
