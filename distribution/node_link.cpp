#include "distribution/node_link.hpp"

#include "base/monotonic_clock.hpp"
#include "distribution/link_transport.hpp"
#include "plan/plan_json.hpp"

#include <algorithm>
#include <atomic>
#include <ctime>
#include <map>
#include <optional>

namespace bulkhead::distribution {

namespace {

// Sample kinds (link_sample.idl).
enum Kind : std::uint8_t { kValue = 0, kProgress = 1, kHello = 2, kEpoch = 3, kBye = 4 };

constexpr std::int64_t kMs = 1'000'000;

std::int64_t realtimeNow() {
  timespec t{};
  ::clock_gettime(CLOCK_REALTIME, &t);
  return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

}  // namespace

struct NodeLink::State {
  const plan::Plan& plan;
  const plan::NodeSlice& slice;
  int node;
  NodeLinkOptions options;
  supervisor::Console& console;
  std::uint64_t fingerprint = 0;

  std::unique_ptr<LinkTransport> link;

  struct Outgoing {
    int channel;  // Plan index
    OutgoingChannel end;
  };
  struct Incoming {
    int senderNode;
    IncomingChannel end;
    std::uint64_t lostReported = 0;
  };
  std::vector<Outgoing> outgoing;
  std::map<int, Incoming> incoming;     // by Plan channel index
  std::vector<std::vector<int>> waitFor;  // by slot: nodes whose progress a release there needs

  std::vector<std::uint64_t> progress;  // by node: slot starts done
  std::vector<std::int64_t> lastHeard;  // by node: CLOCK_MONOTONIC of its latest sample
  std::vector<bool> present, lost, gone;
  std::optional<std::int64_t> epoch;    // CLOCK_REALTIME
  std::int64_t frameNs = 0;
  std::vector<std::int64_t> slotNs;
  std::uint64_t rejected = 0;
  std::atomic<std::uint64_t> faults{0};

  State(const plan::Plan& p, const plan::NodeSlice& s, int n, NodeLinkOptions o, supervisor::Console& c)
      : plan(p), slice(s), node(n), options(std::move(o)), console(c) {}

  const std::string& nodeName(int n) const { return plan.nodes[static_cast<size_t>(n)].name; }

  void fault(const std::string& text) {
    console.report("health: " + text);
    faults.fetch_add(1);
  }

  void write(std::uint8_t kind, std::uint32_t channel, std::uint64_t sequence, std::uint64_t numBits, std::int64_t time,
             std::span<const std::byte> bytes = {}) {
    LinkMessage m{fingerprint, static_cast<std::uint16_t>(node), kind, channel, sequence, numBits, time, bytes};
    if (auto written = link->write(m); !written) fault("writing to the other nodes: " + written.error());
  }

  void reject(const std::string& why) {
    ++rejected;
    fault("rejected a sample from the network: " + why);
  }

  void process(const LinkMessage& s) {
    if (s.fingerprint != fingerprint) return reject("it belongs to another model (fingerprint " + plan::fingerprintHex(s.fingerprint) + ")");
    if (s.node >= plan.nodes.size()) return reject("node " + std::to_string(s.node) + " is not in the model");
    const int from = s.node;
    if (from == node) return;  // our own, delivered locally
    lastHeard[static_cast<size_t>(from)] = base::monotonicNow();
    if (lost[static_cast<size_t>(from)]) {
      lost[static_cast<size_t>(from)] = false;
      console.report("node " + nodeName(from) + " is back");
    }
    switch (s.kind) {
      case kValue: {
        auto it = incoming.find(static_cast<int>(s.channel));
        if (it == incoming.end() || it->second.senderNode != from)
          return reject("node " + nodeName(from) + " sent on channel " + std::to_string(s.channel) +
                        ", which it does not send to this node");
        if (auto ok = it->second.end.accept(s.sequence, s.numBits, s.bytes); !ok)
          return reject("channel " + plan.channels[s.channel].name + " from node " + nodeName(from) + ": " + ok.error());
        return;
      }
      case kProgress:
        progress[static_cast<size_t>(from)] = std::max(progress[static_cast<size_t>(from)], s.sequence);
        return;
      case kHello: present[static_cast<size_t>(from)] = true; return;
      case kEpoch:
        if (from == 0) epoch = s.time;
        return;
      case kBye: gone[static_cast<size_t>(from)] = true; return;
      default: return reject("unknown kind " + std::to_string(s.kind));
    }
  }

  // Takes every sample there is, waiting up to `timeoutNs` for the first.
  void pump(std::int64_t timeoutNs) {
    link->pump(timeoutNs, [this](const LinkMessage& m) { process(m); });
  }

  bool matchedWithAll() const {
    // Our own reader and writer match each other too.
    const auto all = static_cast<std::uint32_t>(plan.nodes.size());
    return link->matchedReaders() >= all && link->matchedWriters() >= all;
  }

  void forwardOutgoing() {
    for (Outgoing& o : outgoing)
      for (const RemoteValue& v : o.end.drain())
        write(kValue, static_cast<std::uint32_t>(o.channel), v.sequence, v.numBits, 0, v.bytes);
  }

  void watchPeers(std::uint64_t frame) {
    const std::int64_t now = base::monotonicNow();
    for (size_t n = 0; n < plan.nodes.size(); ++n) {
      if (static_cast<int>(n) == node || lost[n] || gone[n]) continue;
      if (now - lastHeard[n] > 3 * frameNs) {
        lost[n] = true;
        fault("node " + nodeName(static_cast<int>(n)) + " lost: nothing from it for 3 frames (frame " +
              std::to_string(frame + 1) + ")");
      }
    }
    for (auto& [channel, in] : incoming)
      if (in.end.lost() > in.lostReported) {
        fault(std::to_string(in.end.lost() - in.lostReported) + " value(s) of channel " + plan.channels[static_cast<size_t>(channel)].name +
              " from node " + nodeName(in.senderNode) + " lost on the way (frame " + std::to_string(frame + 1) + ")");
        in.lostReported = in.end.lost();
      }
  }
};

NodeLink::NodeLink(std::unique_ptr<State> state) : state_(std::move(state)) {}
NodeLink::~NodeLink() = default;

std::expected<std::unique_ptr<NodeLink>, std::string> NodeLink::create(const plan::Plan& plan, const plan::NodeSlice& slice,
                                                                       int node, NodeLinkOptions options,
                                                                       supervisor::Console& console) {
  if (node < 0 || static_cast<size_t>(node) >= plan.nodes.size()) return std::unexpected("no such node");
  auto state = std::make_unique<State>(plan, slice, node, std::move(options), console);
  const size_t n = plan.nodes.size();
  state->progress.assign(n, 0);
  state->lastHeard.assign(n, 0);
  state->present.assign(n, false);
  state->lost.assign(n, false);
  state->gone.assign(n, false);
  state->frameNs = static_cast<std::int64_t>(static_cast<double>(plan.schedule.framePeriod) * state->options.timeScale);
  for (const plan::ScheduleSlot& s : plan.schedule.slots)
    state->slotNs.push_back(static_cast<std::int64_t>(static_cast<double>(s.length) * state->options.timeScale));
  return std::unique_ptr<NodeLink>(new NodeLink(std::move(state)));
}

std::expected<void, std::string> NodeLink::attach(const supervisor::ChannelSet& channels) {
  State& s = *state_;
  s.waitFor.assign(s.plan.schedule.slots.size(), {});
  for (const plan::RemoteChannel& r : s.plan.remoteChannels) {
    const int local = s.slice.sliceChannel(r.channel);
    if (local < 0) continue;
    const plan::Channel& channel = s.plan.channels[static_cast<size_t>(r.channel)];
    if (r.senderNode == s.node &&
        std::ranges::none_of(s.outgoing, [&](const State::Outgoing& o) { return o.channel == r.channel; })) {
      auto out = OutgoingChannel::attach(channel, channels.region(local));
      if (!out) return std::unexpected(out.error());
      s.outgoing.push_back({r.channel, std::move(*out)});
    }
    if (r.receiverNode != s.node) continue;
    const plan::Channel& mine = s.slice.plan.channels[static_cast<size_t>(local)];
    std::vector<int> notify;
    for (size_t k = 0; k < mine.receivers.size(); ++k) notify.push_back(channels.receiverEventFd(local, static_cast<int>(k)));
    auto in = IncomingChannel::attach(channel, channels.region(local), std::move(notify));
    if (!in) return std::unexpected(in.error());
    s.incoming.emplace(r.channel, State::Incoming{r.senderNode, std::move(*in)});
    // A window that releases one of the receivers waits for the sender's progress.
    for (size_t slot = 0; slot < s.plan.schedule.slots.size(); ++slot)
      for (const plan::Endpoint& e : mine.receivers)
        if (s.slice.plan.partitions[static_cast<size_t>(e.partition)].domain == s.plan.schedule.slots[slot].domain &&
            std::ranges::find(s.waitFor[slot], r.senderNode) == s.waitFor[slot].end())
          s.waitFor[slot].push_back(r.senderNode);
  }
  return {};
}

std::expected<std::int64_t, std::string> NodeLink::agreeOrigin(std::int64_t /*proposed*/) {
  State& s = *state_;
  // Cyclone's threads start here, after every partition was cloned from a
  // single-threaded supervisor.
  s.fingerprint = plan::fingerprint(s.plan);
  auto opened = LinkTransport::open(s.fingerprint, s.options.session, s.options.network);
  if (!opened) return std::unexpected(opened.error());
  s.link = std::move(*opened);
  s.present[static_cast<size_t>(s.node)] = true;
  const std::int64_t deadline = base::monotonicNow() + s.options.presenceTimeout.count() * kMs;
  std::int64_t lastHello = 0;
  while (!s.epoch) {
    const std::int64_t now = base::monotonicNow();
    const bool matched = s.matchedWithAll();
    if (matched && now - lastHello > 100 * kMs) {
      s.write(kHello, 0, 0, 0, 0);
      lastHello = now;
    }
    if (s.node == 0 && matched && std::ranges::all_of(s.present, [](bool p) { return p; })) {
      // Frame 0 a little ahead, so every node has its epoch before it.
      const std::int64_t epoch = realtimeNow() + 300 * kMs;
      s.write(kEpoch, 0, 0, 0, epoch);
      s.epoch = epoch;
      break;
    }
    if (now > deadline) {
      std::string missing;
      for (size_t n = 0; n < s.plan.nodes.size(); ++n)
        if (!s.present[n]) missing += (missing.empty() ? "" : ", ") + s.plan.nodes[n].name;
      if (missing.empty()) missing = s.plan.nodes[0].name + " (its start)";
      return std::unexpected("nodes missing after " + std::to_string(s.options.presenceTimeout.count() / 1000) +
                             " s: " + missing + "; every node of the model must run (bulkhead run MODEL --node NAME)");
    }
    s.pump(20 * kMs);
  }
  const std::int64_t origin = base::monotonicNow() + (*s.epoch - realtimeNow());
  // Silence counts from frame 0 on, not during the lead before it.
  std::fill(s.lastHeard.begin(), s.lastHeard.end(), std::max(origin, base::monotonicNow()));
  return origin;
}

void NodeLink::atSlot(std::uint64_t frame, std::size_t slot) {
  State& s = *state_;
  const std::uint64_t position = frame * s.plan.schedule.slots.size() + slot + 1;
  s.forwardOutgoing();
  s.write(kProgress, 0, position, 0, 0);
  s.pump(0);
  s.watchPeers(frame);
  if (slot >= s.waitFor.size()) return;
  // Values sent before this slot on other nodes are released with it, whatever the latency.
  const std::int64_t deadline = base::monotonicNow() + s.slotNs[slot];
  for (int from : s.waitFor[slot]) {
    const auto f = static_cast<size_t>(from);
    while (s.progress[f] < position && !s.lost[f] && !s.gone[f]) {
      const std::int64_t left = deadline - base::monotonicNow();
      if (left <= 0) break;
      s.pump(left);
    }
  }
}

void NodeLink::finish(std::uint64_t frames) {
  State& s = *state_;
  if (!s.link) return;
  s.forwardOutgoing();
  s.write(kProgress, 0, frames * s.plan.schedule.slots.size(), 0, 0);
  s.write(kBye, 0, 0, 0, 0);
  s.link->waitForAcknowledgements(2'000 * kMs);
  s.pump(0);
  s.watchPeers(frames);
}

std::uint64_t NodeLink::faults() const { return state_->faults.load(); }

}  // namespace bulkhead::distribution
