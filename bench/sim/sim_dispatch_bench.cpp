// Dispatches per second of `bulkhead sim` with a trivial entry point, for
// generated AADL models of 2, 20 and 200 partitions (through the real front
// end and plan), each partition periodic (every frame) in a domain of its
// own under the default domain schedule, in two shapes: "idle", entry
// points that do nothing and no ports; "pairs", half producers putting one
// Integer_8 per dispatch on an event data connection to the other half,
// consumers getting it.
// Everything a real simulation runs is measured: the engine's slot walk,
// the pacer's ticks through period queues, the runtime's Dispatcher
// (freeze, entry point, publish) over channel/ regions and the wire codec.
//
// Baselines measured in the same run:
// - "virtual call": calling the same entry point through Component, no
//   runtime at all (the floor);
// - "dispatcher": the runtime's Dispatcher::step alone over the same
//   channel regions, with ticks put on the period queues by hand (what a
//   partition program does per dispatch, minus waiting).
// Each figure is the median of 7 runs of about 0.2 s of this thread's CPU
// time (per CPU second, so that other work on the machine does not count).
#include "codegen/partition_slice.hpp"
#include "model/load.hpp"
#include "plan/build_plan.hpp"
#include "sim/sim_system.hpp"
#include "tests/sim/runtime_components.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <cstdio>
#include <memory>
#include <vector>

namespace {

using namespace bulkhead;

class NullSink final : public runtime::LogSink {
 public:
  void line(runtime::Stream, std::string_view) override {}
};

// A producer that puts one value, a consumer that takes it: the trivial
// entry points of a connected pair.
class TrivialProducer final : public runtime::Component {
 public:
  void initialise() override {}
  void timeTriggered() override { runtime::putScalar<std::int8_t>(context(), 0, 1); }
  void finalise() override {}
};
class TrivialConsumer final : public runtime::Component {
 public:
  void initialise() override {}
  void timeTriggered() override { (void)runtime::getScalar<std::int8_t>(context(), 0); }
  void finalise() override {}
};

// The AADL text of a generated model: `partitions` processes of one
// periodic thread each (every frame), each in a domain of its own, under
// the default domain schedule; connected: producer/consumer pairs joined by
// Integer_8 event data ports.
std::string generatedModel(int partitions, bool connected) {
  std::string text = "package gen_model\npublic\n  with Base_Types;\n  with CASE_Scheduling;\n";
  auto thread = [&](const char* name, const char* features) {
    text += fmt::format(
        "  thread {0}\n{1}    properties\n      Dispatch_Protocol => Periodic;\n      Period => 5000ms;\n"
        "      Compute_Execution_Time => 10ms .. 10ms;\n  end {0};\n  thread implementation {0}.i\n  end {0}.i;\n",
        name, features);
  };
  thread("idle_t", "");
  thread("producer_t", "    features\n      out_port: out event data port Base_Types::Integer_8;\n");
  thread("consumer_t", "    features\n      in_port: in event data port Base_Types::Integer_8;\n");
  std::string subcomponents, bindings, connections;
  for (int p = 0; p < partitions; ++p) {
    const char* kind = !connected ? "idle" : p % 2 == 0 ? "producer" : "consumer";
    const char* feature = !connected ? "" : p % 2 == 0 ? "out_port: out event data port Base_Types::Integer_8;"
                                                       : "in_port: in event data port Base_Types::Integer_8;";
    std::string processConnection = !connected      ? ""
                                    : p % 2 == 0 ? "    connections\n      c: port t.out_port -> out_port;\n"
                                                 : "    connections\n      c: port in_port -> t.in_port;\n";
    text += fmt::format(
        "  process p{0}_p\n{1}    properties\n      CASE_Scheduling::Domain => {2};\n  end p{0}_p;\n"
        "  process implementation p{0}_p.i\n    subcomponents\n      t: thread {3}_t.i;\n{4}  end p{0}_p.i;\n",
        p, *feature ? fmt::format("    features\n      {}\n", feature) : "", p + 2, kind, processConnection);
    subcomponents += fmt::format("      p{0}: process p{0}_p.i;\n", p);
    bindings += fmt::format("{}p{}", p ? ", " : "", p);
    if (connected && p % 2 == 1)
      connections += fmt::format("      c{0}: port p{1}.out_port -> p{0}.in_port;\n", p, p - 1);
  }
  text += fmt::format(
      "  processor proc\n  end proc;\n  processor implementation proc.impl\n    properties\n"
      "      Frame_Period => 5000ms;\n      Clock_Period => 1ms;\n      CASE_Scheduling::Max_Domain => {};\n"
      "  end proc.impl;\n  system top\n  end top;\n  system implementation top.impl\n    subcomponents\n"
      "      proc: processor proc.impl;\n{}{}    properties\n"
      "      Actual_Processor_Binding => (reference (proc)) applies to {};\n  end top.impl;\nend gen_model;\n",
      partitions + 1, subcomponents, connections.empty() ? "" : "    connections\n" + connections, bindings);
  return text;
}

// The Plan of a generated model, through the real front end.
plan::Plan generatedPlan(int partitions, bool connected) {
  auto instance = model::loadModel({model::SourceText{"gen_model.aadl", generatedModel(partitions, connected)}});
  if (!instance) {
    std::fprintf(stderr, "generated model: %s\n", model::render(instance.error()).c_str());
    std::exit(1);
  }
  auto plan = plan::buildPlan(*instance);
  if (!plan) {
    std::fprintf(stderr, "generated model: %s\n", model::render(plan.error()).c_str());
    std::exit(1);
  }
  return std::move(*plan);
}

std::vector<sim::PartitionCode> trivialCode(const plan::Plan& plan, bool connected) {
  std::vector<sim::PartitionCode> code;
  for (std::size_t p = 0; p < plan.partitions.size(); ++p) {
    sim::PartitionCode c{codegen::partitionSlice(plan, static_cast<int>(p), 1), {}};
    if (!connected)
      c.behaviours.push_back(std::make_unique<sim::testing::IdleComponent>());
    else if (p % 2 == 0)
      c.behaviours.push_back(std::make_unique<TrivialProducer>());
    else
      c.behaviours.push_back(std::make_unique<TrivialConsumer>());
    code.push_back(std::move(c));
  }
  return code;
}

// This thread's CPU time: on a machine shared with other builds, wall time
// would count the time other processes had the CPU.
double cpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// Runs `batch` until ~0.2 s of CPU time have passed; returns operations
// per CPU second.
template <class Batch>
double rate(Batch&& batch) {
  std::uint64_t operations = 0;
  const double start = cpuSeconds();
  double end = start;
  do {
    operations += batch();
    end = cpuSeconds();
  } while (end - start < 0.2);
  return static_cast<double>(operations) / (end - start);
}

template <class Batch>
double median(Batch&& batch) {
  std::vector<double> rates;
  for (int i = 0; i < 7; ++i) rates.push_back(rate(batch));
  std::sort(rates.begin(), rates.end());
  return rates[rates.size() / 2];
}

double simulatorRate(int partitions, bool connected) {
  plan::Plan plan = generatedPlan(partitions, connected);
  NullSink sink;
  auto system = sim::SimSystem::create(plan, trivialCode(plan, connected), sink, nullptr, /*observed=*/false);
  if (!system || !(*system)->start()) {
    std::fprintf(stderr, "cannot build the %d-partition system\n", partitions);
    std::exit(1);
  }
  const std::uint64_t frames = std::max(1, 20000 / partitions);
  return median([&] {
    std::uint64_t before = (*system)->simulator().dispatches();
    if (!(*system)->runFrames(frames)) std::exit(1);
    return (*system)->simulator().dispatches() - before;
  });
}

double dispatcherRate(int partitions, bool connected) {
  plan::Plan plan = generatedPlan(partitions, connected);
  NullSink sink;
  auto system = sim::SimSystem::create(plan, trivialCode(plan, connected), sink, nullptr, /*observed=*/false);
  if (!system || !(*system)->start()) std::exit(1);
  auto drivers = (*system)->drivers();
  std::vector<sim::RuntimePartitionDriver*> mutableDrivers;
  for (auto* d : drivers) mutableDrivers.push_back(const_cast<sim::RuntimePartitionDriver*>(static_cast<const sim::RuntimePartitionDriver*>(d)));
  std::uint8_t tick = 0;
  return median([&] {
    std::uint64_t dispatches = 0;
    for (int round = 0; round < 100; ++round) {
      ++tick;
      for (auto* d : mutableDrivers) {
        d->enqueueTick(tick);
        auto result = d->dispatcher().step(0);
        if (!result) std::exit(1);
        dispatches += static_cast<std::uint64_t>(result->dispatches);
      }
    }
    return dispatches;
  });
}

double virtualCallRate() {
  // The entry point alone: no freeze, no publish (the context is unbound,
  // so the idle entry point is used).
  std::vector<std::unique_ptr<runtime::Component>> components;
  for (int i = 0; i < 64; ++i) components.push_back(std::make_unique<sim::testing::IdleComponent>());
  return median([&] {
    for (int round = 0; round < 1000; ++round)
      for (auto& c : components) c->timeTriggered();
    return std::uint64_t{64} * 1000;
  });
}

}  // namespace

int main() {
  double floor = virtualCallRate();
  std::printf("bulkhead sim: dispatches per CPU second, trivial entry points (median of 7 x 0.2 s of CPU time)\n");
  std::printf("baseline virtual call of the entry point: %.1f M/s\n\n", floor / 1e6);
  std::printf("%-6s %-11s %16s %18s %16s %16s\n", "shape", "partitions", "sim (M disp/s)", "dispatcher (M/s)",
              "sim/dispatcher", "sim/virtual call");
  bool goal = true;
  for (bool connected : {false, true}) {
    for (int partitions : {2, 20, 200}) {
      double simRate = simulatorRate(partitions, connected);
      double dispatcher = dispatcherRate(partitions, connected);
      std::printf("%-6s %-11d %16.2f %18.2f %16.2f %16.3f\n", connected ? "pairs" : "idle", partitions,
                  simRate / 1e6, dispatcher / 1e6, simRate / dispatcher, simRate / floor);
      if (!connected) goal = goal && simRate >= 5e6;
    }
  }
  std::printf("\ngoal >= 5 M dispatches/s (idle entry points): %s\n", goal ? "met" : "NOT met");
  return 0;
}
