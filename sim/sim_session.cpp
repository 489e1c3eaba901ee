#include "sim/sim_session.hpp"

#include "plan/build_plan.hpp"
#include "plan/plan_json.hpp"
#include "runtime/log_sink.hpp"
#include "sim/module_loader.hpp"
#include "sim/sim_system.hpp"
#include "sim/step_console.hpp"
#include "trace/sim_trace.hpp"
#include "trace/trace_writer.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>

namespace bulkhead::sim {

namespace {

// Partition lines in one process: stdout is block-buffered for speed (a day
// of both_vm is 86,400 lines); an error line flushes stdout first so that
// the two streams keep their order when they share a terminal or a file.
class SessionSink final : public runtime::LogSink {
 public:
  void line(runtime::Stream stream, std::string_view text) override {
    if (stream == runtime::Stream::Err) {
      std::fflush(stdout);
      std::fwrite(text.data(), 1, text.size(), stderr);
      std::fputc('\n', stderr);
      return;
    }
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
  }
};

int fail(const std::string& message) {
  std::fflush(stdout);
  std::fprintf(stderr, "bulkhead sim: error: %s\n", message.c_str());
  return 1;
}

}  // namespace

int runSession(const SessionOptions& options, std::istream& in) {
  plan::Diagnostics warnings;
  auto plan = plan::loadPlan(options.files, options.planOptions, &warnings);
  if (!plan) {
    std::fputs(model::render(plan.error(), options.colour).c_str(), stderr);
    return 1;
  }
  std::fputs(model::render(warnings, options.colour).c_str(), stderr);

  // The C module (--hamr-microkit) first; the model's module for the
  // partitions it does not hold.
  std::vector<SimModule> modules;
  std::set<std::string> missing;
  for (const plan::Partition& p : plan->partitions) missing.insert(p.name);
  if (options.cModule) {
    auto cModule = SimModule::load(*options.cModule);
    if (!cModule) return fail(cModule.error().message);
    for (const runtime::RegisteredPartition& r : cModule->registry().partitions) missing.erase(r.name);
    modules.push_back(std::move(*cModule));
  }
  if (!missing.empty()) {
    std::filesystem::path modulePath =
        options.module ? *options.module : defaultModulePath(options.executableDir, options.files.front());
    auto module = SimModule::load(modulePath);
    if (!module) {
      if (options.module) return fail(module.error().message);
      return fail(fmt::format("{}; build the model's simulation module (see sim/README.md) or name one with --module{}",
                              module.error().message,
                              options.cModule ? fmt::format(" (for partition {}, which has no C user code)", *missing.begin())
                                              : std::string()));
    }
    modules.push_back(std::move(*module));
  }
  // One registry of every partition, each from the first module holding it.
  const std::uint64_t fingerprint = plan::fingerprint(*plan);
  runtime::PartitionRegistry registry{fingerprint, {}};
  std::set<std::string> taken;
  for (const SimModule& module : modules) {
    if (module.registry().planFingerprint != fingerprint) {
      auto mismatch = codeFromRegistry(*plan, fingerprint, module.registry());
      return fail(fmt::format("{}: {}", module.path().string(), mismatch.error().message));
    }
    for (const runtime::RegisteredPartition& r : module.registry().partitions)
      if (taken.insert(r.name).second) registry.partitions.push_back(r);
  }
  auto code = codeFromRegistry(*plan, fingerprint, registry);
  if (!code) return fail(fmt::format("{}: {}", modules.back().path().string(), code.error().message));

  SessionSink sink;
  const bool observed = options.trace.has_value() || options.step.has_value();
  auto system = SimSystem::create(*plan, std::move(*code), sink, nullptr, observed);
  if (!system) return fail(system.error().message);

  ObserverList observers;
  std::ofstream traceFile;
  std::unique_ptr<trace::TraceWriter> writer;
  std::unique_ptr<trace::SimTrace> recorder;
  if (options.trace) {
    traceFile.open(*options.trace, std::ios::binary | std::ios::trunc);
    if (!traceFile) return fail(fmt::format("cannot write trace file {}", options.trace->string()));
    writer = std::make_unique<trace::TraceWriter>(traceFile);
    recorder = std::make_unique<trace::SimTrace>(*plan, *writer);
    observers.add(recorder.get());
  }
  std::unique_ptr<StepConsole> console;
  if (options.step) {
    StepUnit unit = *options.step == "frame" ? StepUnit::Frame : StepUnit::Slot;
    console = std::make_unique<StepConsole>(*plan, (*system)->drivers(), unit, in, std::cout);
    observers.add(console.get());
  }
  if (!observers.empty()) (*system)->simulator().setObserver(&observers);

  int status = 0;
  if (auto started = (*system)->start(); !started)
    status = fail(started.error().message);
  else if (auto ran = (*system)->runFrames(options.frames); !ran)
    status = fail(ran.error().message);
  if (status == 0)
    if (auto finished = (*system)->finish(); !finished) status = fail(finished.error().message);
  std::fflush(stdout);
  if (writer) {
    writer->finish();
    if (!traceFile) status = fail(fmt::format("writing trace file {} failed", options.trace->string()));
  }
  // Behaviours live in the module's code: destroy them before it unloads.
  system->reset();
  return status;
}

}  // namespace bulkhead::sim
