#include "sim/sim_system.hpp"

#include <fmt/format.h>

#include <cstring>
#include <set>

namespace bulkhead::sim {

std::expected<std::vector<PartitionCode>, SimError> codeFromRegistry(const plan::Plan& plan,
                                                                    std::uint64_t planFingerprint,
                                                                    const runtime::PartitionRegistry& registry) {
  if (registry.planFingerprint != planFingerprint)
    return simError(fmt::format(
        "the behaviour code was generated from plan {:016x} but the model gives plan {:016x}; rebuild it from "
        "this model",
        registry.planFingerprint, planFingerprint));
  std::vector<PartitionCode> code;
  std::set<std::string> known;
  for (const plan::Partition& partition : plan.partitions) {
    known.insert(partition.name);
    const runtime::RegisteredPartition* found = nullptr;
    for (const runtime::RegisteredPartition& r : registry.partitions)
      if (r.name == partition.name) found = &r;
    if (!found) return simError(fmt::format("the behaviour code has no partition '{}'", partition.name));
    code.push_back(PartitionCode{found->spec(), found->makeBehaviours()});
  }
  for (const runtime::RegisteredPartition& r : registry.partitions)
    if (!known.contains(r.name))
      return simError(fmt::format("the behaviour code has a partition '{}' that the plan does not", r.name));
  return code;
}

std::expected<std::unique_ptr<SimSystem>, SimError> SimSystem::create(const plan::Plan& plan,
                                                                      std::vector<PartitionCode> code,
                                                                      runtime::LogSink& sink, SimObserver* observer,
                                                                      bool observed) {
  if (code.size() != plan.partitions.size())
    return simError(fmt::format("code for {} partitions given, the plan has {}", code.size(), plan.partitions.size()));
  std::unique_ptr<SimSystem> system(new SimSystem());
  system->code_ = std::move(code);
  auto channels = SimChannels::create(plan);
  if (!channels) return std::unexpected(channels.error());
  system->channels_ = std::make_unique<SimChannels>(std::move(*channels));
  std::vector<PartitionDriver*> drivers;
  for (std::size_t p = 0; p < plan.partitions.size(); ++p) {
    PartitionCode& partition = system->code_[p];
    std::vector<runtime::Component*> components;
    for (auto& behaviour : partition.behaviours) components.push_back(behaviour.get());
    auto driver = RuntimePartitionDriver::create(plan, static_cast<int>(p), partition.spec, components,
                                                 *system->channels_, sink, observed || observer != nullptr);
    if (!driver) return std::unexpected(driver.error());
    drivers.push_back(driver->get());
    system->drivers_.push_back(std::move(*driver));
  }
  auto simulator = Simulator::create(plan, drivers, observer);
  if (!simulator) return std::unexpected(simulator.error());
  system->simulator_ = std::make_unique<Simulator>(std::move(*simulator));
  return system;
}

SimStatus SimSystem::start() {
  for (auto& driver : drivers_) driver->announce();
  return simulator_->initialise();
}

std::vector<const PartitionDriver*> SimSystem::drivers() const {
  std::vector<const PartitionDriver*> out;
  for (const auto& d : drivers_) out.push_back(d.get());
  return out;
}

}  // namespace bulkhead::sim
