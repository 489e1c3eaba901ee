#pragma once
// One node of a distributed system, as the supervisor's NodeHooks (design
// section 7b): a Cyclone DDS participant (configured by cyclone_config.hpp,
// never by Cyclone's defaults) with one reliable, keep-all topic per run
// that every node writes and reads. On it go, in order per node:
// - hello, until the node is matched with all others; the first node, once
//   every node said hello, sends the epoch (frame 0's start in CLOCK_REALTIME),
//   so every node walks the same frames;
// - at every slot start: the values the node's partitions sent on remote
//   channels since the previous slot (wire bytes and sequence number), then
//   a progress mark (slots done);
// - bye at the end.
// Before releasing a partition that reads a remote channel, a node waits
// (at most half that window, leaving the partition its execution time) for
// the progress mark of the slot from every node that feeds it, so values
// arrive in the frame they would locally, whatever the network's latency;
// a value that comes after its window was released is counted and reported
// lost, never read in another frame. A node whose DDS liveliness
// lease (1.5 frames, at least 500 ms; every sample renews it) expires is reported lost (a
// fault) by every node that hears from it and no longer waited for. A node
// that returns is picked up again: the same run of it at its next progress
// mark; a restarted one (another DDS writer) learns the epoch from the
// running nodes, joins at the next frame, and its sequence numbers are
// taken from 1 again.
#include "distribution/cyclone_config.hpp"
#include "distribution/remote_channels.hpp"
#include "supervisor/console.hpp"
#include "supervisor/node_hooks.hpp"
#include "plan/node_slice.hpp"
#include "plan/plan.hpp"

#include <chrono>
#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <vector>

namespace bulkhead::distribution {

struct NodeLinkOptions {
  std::string session;                       // nodes of one run share it (the topic's name)
  CycloneNetwork network;
  double timeScale = 1.0;                    // as the supervisor's
  std::chrono::milliseconds presenceTimeout{30'000};  // for every node to appear
};

class NodeLink final : public supervisor::NodeHooks {
 public:
  static std::expected<std::unique_ptr<NodeLink>, std::string> create(const plan::Plan& plan, const plan::NodeSlice& slice,
                                                                      int node, NodeLinkOptions options,
                                                                      supervisor::Console& console);
  ~NodeLink() override;

  std::expected<void, std::string> attach(const supervisor::ChannelSet& channels) override;
  std::expected<std::int64_t, std::string> agreeOrigin(std::int64_t proposed) override;
  std::uint64_t firstFrame() const override;
  void atSlot(std::uint64_t frame, std::size_t slot) override;
  void finish(std::uint64_t frames) override;

  // Faults seen (a node lost, values lost or rejected): the run's exit status.
  std::uint64_t faults() const;

  struct State;

 private:
  explicit NodeLink(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace bulkhead::distribution
