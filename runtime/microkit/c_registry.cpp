// bulkhead_mk_registry: C partitions as the model registry the simulator
// loads (runtime/partition_registry.hpp). A registered partition is two
// plain function pointers without context, so each partition gets a pair of
// instantiated trampolines over a table filled once; kMaxPartitions bounds it.
#include "runtime/log_sink.hpp"
#include "runtime/microkit/c_partition.hpp"
#include "runtime/partition_registry.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace bulkhead::runtime::microkit {

namespace {

constexpr std::size_t kMaxPartitions = 64;

struct Entry {
  const bulkhead_mk_partition* partition = nullptr;
  PartitionSpec spec;
};

std::array<Entry, kMaxPartitions>& entries() {
  static std::array<Entry, kMaxPartitions> table;
  return table;
}

template <std::size_t I>
const PartitionSpec& specAt() {
  return entries()[I].spec;
}

template <std::size_t I>
std::vector<std::unique_ptr<Component>> behavioursAt() {
  auto threads = makeCThreads(*entries()[I].partition);
  if (!threads) {
    stdioLogSink().line(Stream::Err, "partition " + entries()[I].spec.name + ": " + threads.error().message);
    return {};
  }
  return std::move(*threads);
}

template <std::size_t... I>
constexpr auto trampolines(std::index_sequence<I...>) {
  using Pair = std::pair<const PartitionSpec& (*)(), std::vector<std::unique_ptr<Component>> (*)()>;
  return std::array<Pair, sizeof...(I)>{Pair{&specAt<I>, &behavioursAt<I>}...};
}

}  // namespace

}  // namespace bulkhead::runtime::microkit

extern "C" const void* bulkhead_mk_registry(const bulkhead_mk_partition* const* partitions, std::uint32_t count,
                                            std::uint64_t planFingerprint) {
  using namespace bulkhead::runtime;
  using namespace bulkhead::runtime::microkit;
  static constexpr auto kTrampolines = trampolines(std::make_index_sequence<kMaxPartitions>{});
  static PartitionRegistry registry;
  if (count > kMaxPartitions) {
    stdioLogSink().line(Stream::Err, "a simulation module of C partitions holds at most " +
                                         std::to_string(kMaxPartitions) + " partitions, not " + std::to_string(count));
    return nullptr;
  }
  registry.planFingerprint = planFingerprint;
  registry.partitions.clear();
  for (std::uint32_t i = 0; i < count; ++i) {
    auto spec = partitionSpecOf(*partitions[i]);
    if (!spec) {
      stdioLogSink().line(Stream::Err, spec.error().message);
      return nullptr;
    }
    entries()[i] = Entry{partitions[i], std::move(*spec)};
    registry.partitions.push_back(
        RegisteredPartition{entries()[i].spec.name.c_str(), kTrampolines[i].first, kTrampolines[i].second});
  }
  return &registry;
}
