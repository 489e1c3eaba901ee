#pragma once
// The life of a partition program: check the environment the supervisor
// gives (contract/environment.hpp), attach the channels, print the Art
// registration lines, run `initialise`, then wait-and-dispatch until
// SIGTERM, run `finalise` and exit 0. The generated main of every
// partition calls runPartitionProgram.
#include "contract/environment.hpp"
#include "runtime/component.hpp"
#include "runtime/partition_spec.hpp"
#include "runtime/runtime_error.hpp"
#include "runtime/transport.hpp"

#include <expected>
#include <memory>
#include <span>
#include <string_view>

namespace bulkhead::runtime {

// What the environment says (contract/environment.hpp); errors name the
// variable and what was expected.
using LaunchEnvironment = contract::PartitionEnvironment;
// `spec` with every sporadic thread's minimum inter-arrival multiplied by
// `timeScale`.
PartitionSpec scaledForTime(const PartitionSpec& spec, double timeScale);
std::expected<LaunchEnvironment, RuntimeError> readLaunchEnvironment(const PartitionSpec& spec);

// A transport a program offers besides the native "fd" one, chosen by
// BULKHEAD_CHANNEL_TRANSPORT: a VM partition's program adds "uio" (vm/guest)
// so that the same program runs in a guest or natively (--vm=process).
struct TransportChoice {
  std::string_view name;
  std::expected<std::unique_ptr<Transport>, RuntimeError> (*open)(const PartitionSpec& spec);
};

// The transport named by BULKHEAD_CHANNEL_TRANSPORT: "fd", or one of `extra`.
std::expected<std::unique_ptr<Transport>, RuntimeError> openTransport(std::string_view name,
                                                                      const PartitionSpec& spec,
                                                                      std::span<const TransportChoice> extra = {});

// Runs the partition to the end; returns the process exit status (0 after
// a clean SIGTERM; 1 with a message on stderr otherwise).
int runPartitionProgram(const PartitionSpec& spec, std::span<Component* const> components,
                        std::span<const TransportChoice> extraTransports = {});

}  // namespace bulkhead::runtime
