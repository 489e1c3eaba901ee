// Dispatches per second of `bulkhead sim` with a trivial entry point, for
// generated models of 2, 20 and 200 partitions, each partition periodic
// (every frame) in a domain of its own, the pacer in domain 1, in two
// shapes: "idle", entry points that do nothing and no ports; "pairs", half
// producers putting one Integer_8 per dispatch on an event data connection
// to the other half, consumers getting it.
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
// Each figure is the median of 7 runs of about 0.2 s.
#include "codegen/partition_slice.hpp"
#include "sim/sim_system.hpp"
#include "tests/sim/plan_builder.hpp"
#include "tests/sim/runtime_components.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <vector>

namespace {

using namespace bulkhead;
using sim::testing::ms;

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

plan::Plan generatedPlan(int partitions, bool connected) {
  // 1 ms slots: the pacer, then one per partition; the frame is their sum.
  const plan::Nanoseconds slot = 1 * ms;
  sim::testing::PlanBuilder b((partitions + 1) * slot, slot);
  b.slot(1, slot);
  for (int p = 0; p < partitions; ++p) b.slot(p + 2, slot);
  if (!connected) {
    for (int p = 0; p < partitions; ++p)
      b.partition(fmt::format("idle{}", p), p + 2, plan::DispatchProtocol::Periodic, (partitions + 1) * slot, 1000);
    return b.build();
  }
  for (int p = 0; p < partitions; p += 2) {
    int producer = b.partition(fmt::format("producer{}", p / 2), p + 2, plan::DispatchProtocol::Periodic,
                               (partitions + 1) * slot, 1000);
    int consumer = b.partition(fmt::format("consumer{}", p / 2), p + 3, plan::DispatchProtocol::Periodic,
                               (partitions + 1) * slot, 1000);
    b.connect(producer, "out", consumer, "in", plan::PortCategory::EventData, 1);
  }
  plan::Plan plan = b.build();
  wire::DataType int8{wire::DataType::Kind::Integer, "Base_Types::Integer_8", 8, 0, {}, nullptr};
  for (auto& p : plan.partitions)
    for (auto& t : p.threads)
      for (auto& port : t.ports) port.dataType = int8;
  return plan;
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

using Clock = std::chrono::steady_clock;

// Runs `batch` until ~0.2 s have passed; returns operations per second.
template <class Batch>
double rate(Batch&& batch) {
  std::uint64_t operations = 0;
  auto start = Clock::now();
  auto end = start;
  do {
    operations += batch();
    end = Clock::now();
  } while (end - start < std::chrono::milliseconds(200));
  return static_cast<double>(operations) / std::chrono::duration<double>(end - start).count();
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
  std::printf("bulkhead sim: dispatches per second, trivial entry points (median of 7 x 0.2 s)\n");
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
