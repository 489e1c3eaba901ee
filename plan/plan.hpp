#pragma once
// The Plan: plain data that everything downstream of model/ reads
// (supervisor/, vm/, sim/, codegen/). Built from an instance model by plan/;
// serializable to JSON. No behaviour here.
#include "channel/layout.hpp"
#include "contract/ports.hpp"
#include "wire/data_type.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bulkhead::plan {

using Nanoseconds = std::int64_t;

using contract::DispatchProtocol;
using contract::Direction;
using contract::OverflowHandling;  // Overflow_Handling_Protocol
using contract::PortCategory;
enum class PartitionKind { Native, VirtualMachine };
enum class ChannelRole { Connection, PeriodQueue };  // a semantic connection, or the pacer's tick
// CASE_Scheduling::Pacing_Method: the pacer ticks in its own windows, or
// each partition is ticked at its own windows (HAMR Microkit's default).
enum class Pacing { Pacer, SelfPacing };
enum class MicrokitLanguage { C, Rust };  // HAMR::Microkit_Language of a thread (or its process); default C

// One feature of a thread that is a port.
struct Port {
  std::string name;                          // feature name on the thread: "write_port"
  Direction direction = Direction::Out;
  PortCategory category = PortCategory::EventData;
  std::optional<wire::DataType> dataType;    // none for event ports
  std::uint32_t queueSize = 1;               // Queue_Size (in ports)
  OverflowHandling overflow = OverflowHandling::DropOldest;
  int channel = -1;                          // Plan::channels index (-1: unconnected)
  int receiverIndex = -1;                    // in ports: index in Channel::receivers
};

struct Thread {
  std::string name;                          // subcomponent name: "producer"
  std::string instanceName;                  // "top_impl_Instance.producer.producer"
  std::string classifier;                    // "test_event_data_port_periodic_domains::producer_t.i"
  DispatchProtocol dispatch = DispatchProtocol::Periodic;
  Nanoseconds period = 0;                    // Period (sporadic: minimum inter-arrival)
  Nanoseconds computeExecutionTime = 0;      // upper bound of Compute_Execution_Time
  MicrokitLanguage language = MicrokitLanguage::C;  // which HAMR Microkit user code implements it
  std::vector<Port> ports;
};

// A native partition's cgroup limits (Bulkhead::Memory_Limit, Max_Tasks,
// CPU_Limit, else Memory_Properties sizes); 0: not given, the supervisor's
// default applies.
struct PartitionLimits {
  std::uint64_t memoryBytes = 0;
  std::uint64_t maxTasks = 0;
  std::uint32_t cpuPercent = 0;
  bool operator==(const PartitionLimits&) const = default;
};

// What the health monitor does when a partition faults (crash, overrun,
// queue overflow Error, a corrupt channel it wrote): Bulkhead::Health_Policy
// and Restart_Limit (docs/design.md section 7, model/predeclared/Bulkhead.aadl).
enum class HealthAction { Report, Restart, StopPartition, StopSystem };
struct HealthPolicy {
  HealthAction action = HealthAction::Report;
  std::uint32_t restartLimit = 3;            // Restart: restarts before the partition is stopped
  bool operator==(const HealthPolicy&) const = default;
};

// One AADL process: the unit of spatial isolation.
struct Partition {
  std::string name;                          // subcomponent name: "producer"
  std::string instanceName;                  // "top_impl_Instance.producer"
  std::string classifier;
  int domain = 0;                            // CASE_Scheduling::Domain
  PartitionKind kind = PartitionKind::Native;
  std::vector<Thread> threads;
  int periodChannel = -1;                    // the pacer's period queue for this partition (-1: none)
  std::uint32_t ticksPerFrame = 1;           // pacer ticks per frame on that queue (ScheduleSlot::paced)
  PartitionLimits limits;
  HealthPolicy health;
};

// Where a channel starts or ends: a port of a thread of a partition. The
// receiver of a period queue is the partition as a whole: thread and port -1.
struct Endpoint {
  int partition = -1;
  int thread = -1;
  int port = -1;
  std::uint32_t queueSize = 1;               // receivers: their own Queue_Size
};

// One shared-memory region: one per source port (fan-out shares it), then
// one period queue per partition with a periodic thread ("producer.period_queue").
struct Channel {
  std::string name;                          // "producer.producer.write_port"
  ChannelRole role = ChannelRole::Connection;
  PortCategory category = PortCategory::EventData;
  std::uint32_t queueSize = 1;               // slots = queueSize + 1; largest receiver Queue_Size
  OverflowHandling overflow = OverflowHandling::DropOldest;
  std::uint64_t maxBits = 0;                 // largest payload (design section 4)
  bool rawBitCodec = false;                  // HAMR::Bit_Codec_Raw_Connections
  std::optional<Endpoint> sender;            // none for the pacer's period queue
  std::vector<Endpoint> receivers;
  // The shared region's layout (slot count and size, slots offset, region
  // size), computed once by plan/ (channel_geometry.hpp); the supervisor,
  // the simulator and code generation read it, nobody derives it again.
  channel::Layout layout{};
};

struct ScheduleSlot {
  int domain = 0;
  std::uint64_t ticks = 0;                   // length in Clock_Period ticks
  Nanoseconds start = 0;                     // offset in the frame
  Nanoseconds length = 0;
  // Partitions whose period queue the pacer ticks at this slot's start: with
  // a pacer, in its slot, those whose windows come before its next slot;
  // self-paced, in each window of the partition's own domain.
  std::vector<int> paced;
};

struct DomainSchedule {
  Nanoseconds clockPeriod = 0;               // Clock_Period
  Nanoseconds framePeriod = 0;               // Frame_Period
  int maxDomain = 0;                         // CASE_Scheduling::Max_Domain
  std::string source;                        // the schedule file, or "generated default"
  std::vector<ScheduleSlot> slots;
  Pacing pacing = Pacing::Pacer;
};

// Placement (design section 7b): a processor that processes are bound to
// (Actual_Processor_Binding) is a node, run by a supervisor of its own.
struct Node {
  std::string name;                          // processor subcomponent path: "cpu_a"
  std::string instanceName;                  // "top_impl_Instance.cpu_a"
  std::vector<int> partitions;               // Plan::partitions indices, in Plan order
};

// A bus that carries remote channels, and the nodes it joins.
struct Bus {
  std::string name;                          // bus subcomponent path: "net"
  std::string instanceName;                  // "top_impl_Instance.net"
  std::vector<int> nodes;                    // Plan::nodes indices joined by bus access
};

// A channel's receivers on another node than its sender: one per (channel,
// receiving node), carried by one bus.
struct RemoteChannel {
  int channel = -1;                          // Plan::channels index
  int senderNode = -1;                       // Plan::nodes indices
  int receiverNode = -1;
  int bus = -1;                              // Plan::buses index
  std::vector<int> receivers;                // Channel::receivers indices on the receiving node
};

struct Plan {
  std::string system;                        // root system implementation: "top.impl"
  std::vector<Partition> partitions;
  std::vector<Channel> channels;
  DomainSchedule schedule;
  int pacerDomain = 1;                       // domain of the pacer (design section 5)
  // Empty when every process runs on one processor (or none is bound): one node, this host.
  std::vector<Node> nodes;
  std::vector<Bus> buses;                    // those that carry a remote channel
  std::vector<RemoteChannel> remoteChannels;
};

}  // namespace bulkhead::plan
