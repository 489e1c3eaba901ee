// bulkhead run MODEL... [--frames N] [--time-scale F] [--vm=qemu|process]
//                       [--cpus LIST] [--build DIR | --partitions DIR] [--timing-log FILE] [--trace FILE] [--stats]
//                       [--unconfined] [--no-realtime] [--hamr-microkit DIR]
//                       [--node PROCESSOR | --nodes all] [--dds-interface ADDR]... [--dds-peer ADDR]... [--dds-loss PERMILLE]
// The real system: the supervisor (supervisor/) over the model's Plan; of a
// distributed model, one node's share (--node) or every node (--nodes all).
#include "cli/commands.hpp"
#include "cli/numeric_option.hpp"
#include "cli/scratch_directory.hpp"
#include "cli/run_nodes.hpp"
#include "codegen/microkit_build.hpp"
#include "distribution/node_link.hpp"
#include "supervisor/console.hpp"
#include "supervisor/partition_programs.hpp"
#include "supervisor/supervisor.hpp"
#include "plan/build_plan.hpp"
#include "plan/node_slice.hpp"
#include "plan/placement.hpp"
#include "plan/plan_json.hpp"
#include "vm/qemu_host_factory.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace bulkhead::cli {
namespace {

struct RunOptions {
  std::vector<std::string> files;
  std::string root;
  std::string schedule;
  std::optional<std::uint64_t> frames;
  double timeScale = 1.0;
  std::string vm;  // "qemu" or "process"; default: qemu when installed
  std::string cpus;
  std::string partitions;
  std::string build;
  std::string timingLog;
  std::string trace;
  bool stats = false;
  bool noRealtime = false;
  bool unconfined = false;
  std::string hamrMicrokit;  // HAMR Microkit folder whose C user code runs the C partitions
  std::string node;          // --node: the processor whose partitions this supervisor runs
  std::string nodes;         // --nodes all
  std::string session;       // --session: set by --nodes all for its nodes
  std::vector<std::string> ddsInterfaces;  // --dds-interface (default loopback)
  std::vector<std::string> ddsPeers;       // --dds-peer (default 127.0.0.1)
  int ddsLoss = 0;                         // --dds-loss: per mille of the node's packets dropped (Cyclone's test setting)
  double nodeTimeout = 30;   // --node-timeout: seconds for every node to appear
  std::vector<std::string> passOn;  // the arguments --nodes all gives each node
};

// "0,2-3" → {0, 2, 3}
std::expected<std::vector<int>, std::string> parseCpus(const std::string& text) {
  std::vector<int> cpus;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    int first = -1, last = -1;
    char dash = 0;
    std::istringstream range(item);
    range >> first;
    if (range >> dash) {
      range >> last;
    } else {
      last = first;  // a single CPU: the failed read of a dash is the end, not an error
      if (!range.bad() && range.eof()) range.clear(std::ios::eofbit);
    }
    if (first < 0 || last < first || (dash != 0 && dash != '-') || range.fail() || !range.eof())
      return std::unexpected("--cpus: '" + item + "' is not a CPU number or range (e.g. 0,2-3)");
    for (int c = first; c <= last; ++c) cpus.push_back(c);
  }
  if (cpus.empty()) return std::unexpected("--cpus: no CPU given");
  return cpus;
}

int runSystem(const RunOptions& options) {
  supervisor::Console console;
  std::vector<std::filesystem::path> files(options.files.begin(), options.files.end());
  plan::Diagnostics warnings;
  auto plan = plan::loadPlan(
      files, codegen::withMicrokitSchedule(plan::PlanOptions{options.root, options.schedule}, options.hamrMicrokit),
      &warnings);
  const bool colour = ::isatty(STDERR_FILENO) != 0;
  if (!plan) {
    std::fputs(model::render(plan.error(), colour).c_str(), stderr);
    return 1;
  }
  std::fputs(model::render(warnings, colour).c_str(), stderr);

  // A distributed model: every node here, or this node's share.
  if (!options.nodes.empty()) {
    if (plan->nodes.empty()) {
      console.report("--nodes all: the model runs on one processor (no Actual_Processor_Binding to several); run it without --nodes");
      return supervisor::kRunSetupError;
    }
    std::vector<std::string> names;
    for (const auto& n : plan->nodes) names.push_back(n.name);
    return runAllNodes(names, options.passOn, options.cpus);
  }
  std::optional<plan::NodeSlice> slice;
  std::unique_ptr<distribution::NodeLink> link;
  const plan::Plan& whole = *plan;
  if (!options.node.empty()) {
    auto node = plan::findNode(*plan, options.node);
    if (!node) {
      std::string known;
      for (const auto& n : plan->nodes) known += (known.empty() ? "" : ", ") + n.name;
      console.report("--node " + options.node + ": not a node of the model" +
                     (known.empty() ? std::string(" (it runs on one processor)") : " (its nodes: " + known + ")"));
      return supervisor::kRunSetupError;
    }
    auto made = plan::sliceForNode(*plan, *node);
    if (!made) {
      console.report(made.error());
      return supervisor::kRunSetupError;
    }
    slice.emplace(std::move(*made));
    distribution::NodeLinkOptions linkOptions;
    linkOptions.session = options.session;
    if (!options.ddsInterfaces.empty()) linkOptions.network.interfaces = options.ddsInterfaces;
    if (!options.ddsPeers.empty()) linkOptions.network.peers = options.ddsPeers;
    linkOptions.network.transmitLossPerMille = options.ddsLoss;
    linkOptions.timeScale = options.timeScale;
    linkOptions.presenceTimeout = std::chrono::milliseconds(static_cast<std::int64_t>(options.nodeTimeout * 1000));
    auto created = distribution::NodeLink::create(*plan, *slice, *node, std::move(linkOptions), console);
    if (!created) {
      console.report(created.error());
      return supervisor::kRunSetupError;
    }
    link = std::move(*created);
  }
  const plan::Plan& runs = slice ? slice->plan : whole;

  supervisor::SupervisorOptions supervisor;
  supervisor.frames = options.frames;
  supervisor.timeScale = options.timeScale;
  supervisor.realtime = !options.noRealtime;
  supervisor.unconfined = options.unconfined;
  supervisor.timingLog = options.timingLog;
  supervisor.traceFile = options.trace;
  supervisor.stats = options.stats;
  supervisor.planFingerprint = plan::fingerprint(whole);  // the programs were built for the whole Plan
  supervisor.node = link.get();
  if (!options.cpus.empty()) {
    auto cpus = parseCpus(options.cpus);
    if (!cpus) {
      console.report(cpus.error());
      return supervisor::kRunSetupError;
    }
    supervisor.cpus = *cpus;
  }

  // --hamr-microkit: the C partitions' programs are built now from the
  // user's C code; the others come from the manifests or --partitions.
  std::optional<ScratchDirectory> scratch;
  std::map<std::string, std::filesystem::path> built;
  if (!options.hamrMicrokit.empty()) {
    auto cRuntime = codegen::findCRuntime(ownDirectory());
    if (!cRuntime) {
      console.report(cRuntime.error());
      return supervisor::kRunSetupError;
    }
    auto directory = ScratchDirectory::create("microkit");
    if (!directory) {
      console.report(directory.error());
      return supervisor::kRunSetupError;
    }
    scratch.emplace(std::move(*directory));
    auto build = codegen::buildMicrokitPartitions(
        *plan, plan::fingerprint(*plan),
        codegen::MicrokitBuildOptions{.hamrDir = options.hamrMicrokit, .workDir = scratch->path(), .cRuntimeDir = *cRuntime});
    if (!build) {
      // The compiler's diagnostics as it printed them (the user's file:line).
      std::fputs((build.error() + "\n").c_str(), stderr);
      return 1;
    }
    for (const std::string& note : build->notes) console.report("note: " + note);
    built = std::move(build->programs);
  }
  bool allBuilt = true;
  for (const auto& p : runs.partitions) allBuilt = allBuilt && built.contains(p.name);
  std::optional<supervisor::PartitionPrograms> programs;
  if (!allBuilt) {
    auto found = options.partitions.empty()
                     ? supervisor::PartitionPrograms::fromBuild(files, options.build, ownDirectory())
                     : supervisor::PartitionPrograms::fromDirectory(options.partitions);
    if (!found) {
      console.report(found.error());
      return supervisor::kRunSetupError;
    }
    programs = std::move(*found);
  }
  bool hasVm = false;
  for (const auto& p : runs.partitions) hasVm = hasVm || p.kind == plan::PartitionKind::VirtualMachine;
  auto programFor = [programs, built](const plan::Partition& p) -> std::expected<std::filesystem::path, std::string> {
    if (auto it = built.find(p.name); it != built.end()) return it->second;
    return programs->programFor(p);
  };
  auto factory = supervisor::nativeHostFactory(programFor);
  const bool qemu = vm::qemuAvailable();
  if (hasVm && options.vm != "process") {
    if (qemu)
      factory = vm::qemuHostFactory(programFor, std::move(factory));
    else
      console.report("QEMU (qemu-system-x86_64) is not installed; running the VM partitions as native processes");
  }
  supervisor::Supervisor run(runs, std::move(supervisor), std::move(factory), console);
  const int status = run.run();
  if (status == supervisor::kRunClean && link && link->faults() > 0) return supervisor::kRunFaults;
  return status;
}

}  // namespace

void addRunCommand(CLI::App& app, int& exitStatus) {
  auto options = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand("run", "Run the system: partitions, channels, pacer and domain schedule");
  cmd->add_option("MODEL", options->files, "AADL files of the model, or one OSATE/HAMR instance file (.json)")->required();
  cmd->add_option("--root", options->root, "Root system implementation (pkg::top.impl or top.impl)");
  cmd->add_option("--schedule", options->schedule, "The domain schedule from FILE (microkit.schedule.xml or a ksDomSchedule[] C file) instead of the model's");
  cmd->add_option("--frames", options->frames, "Stop after N frames, 1..2^32 (default: until SIGINT/SIGTERM)")
      ->check(countIn(kMinFrames, kMaxFrames));
  cmd->add_option("--time-scale", options->timeScale,
                  "Multiply every schedule time by F, 0.001..100 (0.05: 50 ms frames)")
      ->check(factorIn(kMinTimeScale, kMaxTimeScale));
  cmd->add_option("--vm", options->vm, "VM partitions under QEMU (default when installed), or as native processes")
      ->check(CLI::IsMember({"qemu", "process"}));
  cmd->add_option("--cpus", options->cpus, "CPUs for the partitions, e.g. 0,2-3 (default: one CPU for all)");
  auto* partitions = cmd->add_option("--partitions", options->partitions,
                                     "Directory with one program per partition (instead of a build's manifest)");
  cmd->add_option("--build", options->build,
                  "The project's build directory, whose bulkhead-manifests/ lists the programs (default: the "
                  "build next to bulkhead, else the nearest build/ above the model)")
      ->excludes(partitions);
  cmd->add_option("--timing-log", options->timingLog, "Write every window release as CSV to FILE");
  cmd->add_option("--trace", options->trace,
                  "Write a Chrome trace-event JSON file of the run (Perfetto, chrome://tracing)");
  cmd->add_flag("--stats", options->stats, "Print release jitter, domain switch cost and memory at the end");
  cmd->add_flag("--no-realtime", options->noRealtime, "Do not ask for SCHED_FIFO");
  cmd->add_flag("--unconfined", options->unconfined,
                "Run without cgroups (no root, no cgroup freezer): partitions are stopped by SIGSTOP/SIGCONT, "
                "which a hostile partition can defeat; every run says so");
  cmd->add_option("--hamr-microkit", options->hamrMicrokit,
                  "HAMR Microkit output folder: build and run its C user code (components/*/src/*_user.c) "
                  "as the model's C partitions; its microkit.schedule.xml is the schedule unless --schedule or the model names one")
      ->check(CLI::ExistingDirectory);
  auto* node = cmd->add_option("--node", options->node,
                                "Run the partitions bound to this processor (a node of a distributed model), "
                                "with its share of the schedule; the other nodes run elsewhere");
  cmd->add_option("--nodes", options->nodes, "all: every node of a distributed model as its own supervisor on this machine")
      ->check(CLI::IsMember({"all"}))
      ->excludes(node);
  cmd->add_option("--session", options->session, "Name shared by the nodes of one run (set by --nodes all)");
  cmd->add_option("--dds-interface", options->ddsInterfaces,
                  "Network interface (address or name) the node's Cyclone DDS uses (default: 127.0.0.1 only)");
  cmd->add_option("--dds-peer", options->ddsPeers,
                  "Address where other nodes run, for unicast discovery (default: 127.0.0.1); no multicast is used");
  cmd->add_option("--dds-loss", options->ddsLoss,
                  "Drop this many of every 1000 packets the node sends (Cyclone's test setting), to see late and lost "
                  "values reported")
      ->check(CLI::Range(0, 1000));
  cmd->add_option("--node-timeout", options->nodeTimeout, "Seconds to wait for every node to appear (default 30)")
      ->check(CLI::Range(1.0, 3600.0));
  cmd->callback([options, cmd, &exitStatus] {
    // What --nodes all passes each node: everything but --nodes/--cpus, which it sets per node.
    options->passOn.clear();
    for (const std::string& f : options->files) options->passOn.push_back(f);
    for (const CLI::Option* o : cmd->get_options()) {
      const std::string name = o->get_name();
      if (o->count() == 0 || o->get_positional() || name == "--nodes" || name == "--cpus" || name == "--session" ||
          name == "--node" || name == "--help")
        continue;
      if (o->get_expected_min() == 0) {
        options->passOn.push_back(name);
        continue;
      }
      for (const std::string& value : o->results()) {
        options->passOn.push_back(name);
        options->passOn.push_back(value);
      }
    }
    exitStatus = runSystem(*options);
  });
}

}  // namespace bulkhead::cli
