#include "distribution/node_link.hpp"

#include "base/monotonic_clock.hpp"
#include "distribution/link_transport.hpp"
#include "plan/plan_json.hpp"

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <ctime>
#include <map>
#include <mutex>
#include <optional>

namespace bulkhead::distribution {

namespace {

// Sample kinds (link_sample.idl).
enum Kind : std::uint8_t { kValues = 0, kProgress = 1, kHello = 2, kEpoch = 3, kBye = 4, kJoin = 5 };

constexpr std::int64_t kMs = 1'000'000;
// A node's writer stays alive one and a half frames without writing (it
// writes at every slot start), and never less than kMinLease: a shorter
// lease expires on a loaded host's hiccups (seen: with 50 ms frames, a
// 150 ms lease, load 15 on 2 cores, both nodes reported each other lost and
// back within one frame). With frames of at least kMinLease / 1.5 a node
// that stops is reported within 3 frames of the last frame it completed:
// its last write is at most one slot before that frame's end, its lease
// ends 1.5 frames later, and the readers report it at their next slot start.
constexpr std::int64_t kLeaseHalfFrames = 3;
constexpr std::int64_t kMinLease = 500'000'000;
// How far ahead of its agreement a node's first frame starts: time for the
// others to hear of it.
constexpr std::int64_t kStartLead = 300 * kMs;

std::int64_t realtimeNow() {
  timespec t{};
  ::clock_gettime(CLOCK_REALTIME, &t);
  return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

}  // namespace

// Threads: the supervisor's (attach, agreeOrigin, atSlot, finish) and
// Cyclone's (received, liveliness). `mutex` guards what both touch (the
// peers' state, the epoch); the supervisor's thread never calls into
// Cyclone while holding it. Values are accepted into the local channel
// regions on Cyclone's thread, as they arrive: a value forwarded at one of
// the sender's slot starts is in the receiving queue before the receiver
// is released in that slot (the wait for the progress mark), as locally.
struct NodeLink::State {
  const plan::Plan& plan;
  const plan::NodeSlice& slice;
  int node;
  NodeLinkOptions options;
  supervisor::Console& console;
  std::uint64_t fingerprint = 0;
  std::int64_t frameNs = 0;
  std::int64_t leaseNs = 0;  // this node's writer's liveliness lease
  std::vector<std::int64_t> slotStartNs;  // by slot: its start in the frame
  // By slot: how long after its start a release waits for the other nodes'
  // progress marks at most (see atSlot).
  std::vector<std::int64_t> waitNs;
  std::int64_t origin = 0;  // CLOCK_MONOTONIC of frame 0's start

  struct Outgoing {
    int channel;  // Plan index
    OutgoingChannel end;
    std::vector<LinkValue> values;  // the drained values as the link carries them
    std::uint64_t forwarded = 0;
  };
  struct Incoming {
    int senderNode;
    IncomingChannel end;
    std::uint64_t lostReported = 0;
    std::uint64_t lateReported = 0;
    std::uint64_t lateFirstFrame = 0, lateLastFrame = 0;  // 0-based frames of the windows the late values missed
  };
  std::vector<Outgoing> outgoing;         // the supervisor's thread only
  std::map<int, Incoming> incoming;       // by Plan channel index; accepted into on Cyclone's thread
  std::vector<std::vector<int>> waitFor;  // by slot: nodes whose progress a release there needs
  std::uint64_t firstFrame = 0;

  std::mutex mutex;
  std::condition_variable changed;
  // By node, under `mutex`:
  std::vector<std::uint64_t> progress;  // slot starts done (global positions)
  // The slot position of the latest window released here that reads from
  // the node: a value it forwarded at or before that position and not here
  // yet is too late for the window that should have read it.
  std::vector<std::uint64_t> released;
  std::vector<std::uint64_t> writer;    // its current DDS writer (0: not heard yet)
  std::vector<bool> present, alive, lost, gone;
  std::vector<std::uint64_t> retired;   // writers of earlier runs of a restarted node
  std::optional<std::int64_t> epoch;    // CLOCK_REALTIME of frame 0
  bool replyEpoch = false;              // a node said hello while we knew the epoch
  std::atomic<std::uint64_t> faults{0};

  // Last, so it goes first: its callbacks use everything above.
  std::unique_ptr<LinkTransport> link;

  State(const plan::Plan& p, const plan::NodeSlice& s, int n, NodeLinkOptions o, supervisor::Console& c)
      : plan(p), slice(s), node(n), options(std::move(o)), console(c) {}
  ~State() { link.reset(); }

  const std::string& nodeName(int n) const { return plan.nodes[static_cast<size_t>(n)].name; }
  size_t slots() const { return plan.schedule.slots.size(); }

  void fault(const std::string& text) {
    console.report("health: " + text);
    faults.fetch_add(1);
  }

  void write(std::uint8_t kind, std::uint64_t sequence, std::int64_t time, std::uint32_t channel = 0,
             std::span<const LinkValue> values = {}) {
    LinkMessage m{fingerprint, static_cast<std::uint16_t>(node), kind, channel, sequence, time, values};
    if (auto written = link->write(m); !written) fault("writing to the other nodes: " + written.error());
  }

  void reject(const std::string& why) { fault("rejected a sample from the network: " + why); }

  // Cyclone's thread.
  void received(const LinkMessage& s, std::uint64_t from_writer) {
    if (s.fingerprint != fingerprint) return reject("it belongs to another model (fingerprint " + plan::fingerprintHex(s.fingerprint) + ")");
    if (s.node >= plan.nodes.size()) return reject("node " + std::to_string(s.node) + " is not in the model");
    const int from = s.node;
    if (from == node) return reject("node " + nodeName(from) + " is this node");  // another run of it in the same session
    std::unique_lock lock(mutex);
    const auto f = static_cast<size_t>(from);
    if (std::ranges::find(retired, from_writer) != retired.end()) return;  // a restarted node's earlier run
    if (writer[f] != 0 && writer[f] != from_writer) restarted(from);
    writer[f] = from_writer;
    alive[f] = true;
    switch (s.kind) {
      case kValues: acceptValues(s, from); break;
      case kProgress:
        progress[f] = std::max(progress[f], s.sequence);
        if (lost[f] && !gone[f]) {
          lost[f] = false;
          console.report("node " + nodeName(from) + " is back (frame " + std::to_string((s.sequence - 1) / slots() + 1) + ")");
        }
        break;
      case kHello:
        present[f] = true;
        // A node that starts while the others run learns their frame 0 (at
        // the next slot start: never a write on Cyclone's thread).
        if (epoch) replyEpoch = true;
        break;
      case kEpoch:
        if (!epoch) epoch = s.time;
        break;
      case kJoin:
        // A restarted node walks from the slot position it names: wait for it from there on.
        if (lost[f]) {
          lost[f] = false;
          console.report("node " + nodeName(from) + " is back (frame " + std::to_string((s.sequence - 1) / slots() + 1) + ")");
        }
        break;
      case kBye: gone[f] = true; break;
      default: return reject("unknown kind " + std::to_string(s.kind));
    }
    changed.notify_all();
  }

  // A sample from another writer of a node we heard from: it started again.
  // Its sequence numbers begin at 1 again and it is not waited for until
  // its first progress mark.
  void restarted(int from) {
    const auto f = static_cast<size_t>(from);
    retired.push_back(writer[f]);
    progress[f] = 0;
    gone[f] = false;
    for (auto& [channel, in] : incoming)
      if (in.senderNode == from) in.end.senderRestarted();
    if (!lost[f]) {
      lost[f] = true;
      fault("node " + nodeName(from) + " lost: it started again");
    }
  }

  // Under `mutex`. `s.sequence`: the sender's slot position at which it
  // forwarded them. The receiving windows are released under the same mutex
  // (atSlot), so a value is either in the queue before the window that reads
  // it or counted late, never both and never neither.
  void acceptValues(const LinkMessage& s, int from) {
    auto it = incoming.find(static_cast<int>(s.channel));
    if (it == incoming.end() || it->second.senderNode != from)
      return reject("node " + nodeName(from) + " sent on channel " + std::to_string(s.channel) +
                    ", which it does not send to this node");
    Incoming& in = it->second;
    const bool late = s.sequence <= released[static_cast<size_t>(from)];
    const std::uint64_t lateBefore = in.end.late();
    for (const LinkValue& v : s.values)
      if (auto ok = in.end.accept(v.sequence, v.numBits, v.bytes, late); !ok)
        reject("channel " + plan.channels[s.channel].name + " from node " + nodeName(from) + ": " + ok.error());
    if (in.end.late() == lateBefore) return;
    const std::uint64_t missed = windowFrame(s.sequence, from);
    if (in.lateReported == lateBefore) in.lateFirstFrame = missed;
    in.lateLastFrame = missed;
  }

  // The 0-based frame of the first window here, at or after slot position
  // `position`, that reads from node `from`: the one a value forwarded at
  // `position` was meant for.
  std::uint64_t windowFrame(std::uint64_t position, int from) const {
    const std::uint64_t n = slots();
    for (std::uint64_t p = std::max<std::uint64_t>(position, 1); p < position + 2 * n + 1; ++p)
      if (std::ranges::find(waitFor[(p - 1) % n], from) != waitFor[(p - 1) % n].end()) return (p - 1) / n;
    return (std::max<std::uint64_t>(position, 1) - 1) / n;
  }

  // Cyclone's thread: a writer's lease expired, or it renewed it.
  void liveliness(std::uint64_t which, bool isAlive) {
    std::lock_guard lock(mutex);
    const auto it = std::ranges::find(writer, which);
    if (which == 0 || it == writer.end()) return;  // ours, or one not heard from (yet)
    alive[static_cast<size_t>(it - writer.begin())] = isAlive;
    changed.notify_all();
  }

  // At slot position `position`: what the partitions sent since the previous one.
  void forwardOutgoing(std::uint64_t position) {
    for (Outgoing& o : outgoing) {
      const auto drained = o.end.drain();
      if (drained.empty()) continue;
      o.values.clear();
      for (const RemoteValue& v : drained) o.values.push_back({v.sequence, v.numBits, v.bytes});
      o.forwarded += drained.size();
      // Every value of the channel since the previous slot in one sample,
      // with the position: the receiver knows which window it is for.
      write(kValues, position, 0, static_cast<std::uint32_t>(o.channel), o.values);
    }
  }

  // Under `mutex`: reports nodes whose liveliness lease expired and values lost on the way.
  void watchPeers(std::uint64_t frame) {
    for (size_t n = 0; n < plan.nodes.size(); ++n) {
      if (static_cast<int>(n) == node || lost[n] || gone[n] || alive[n]) continue;
      lost[n] = true;
      // The last frame it completed: every slot start of it heard.
      fault("node " + nodeName(static_cast<int>(n)) + " lost: its liveliness lease (" + std::to_string(leaseNs / kMs) +
            " ms) expired; the last frame it completed was " + std::to_string(progress[n] / slots()) + " (frame " +
            std::to_string(frame + 1) + ")");
    }
    for (auto& [channel, in] : incoming) {
      const std::string& name = plan.channels[static_cast<size_t>(channel)].name;
      if (in.end.lost() > in.lostReported) {
        fault(std::to_string(in.end.lost() - in.lostReported) + " value(s) of channel " + name + " from node " +
              nodeName(in.senderNode) + " lost on the way (frame " + std::to_string(frame + 1) + ")");
        in.lostReported = in.end.lost();
      }
      if (in.end.late() > in.lateReported) {
        const std::string missed = in.lateFirstFrame == in.lateLastFrame
                                       ? "frame " + std::to_string(in.lateFirstFrame + 1) + "'s window"
                                       : "the windows of frames " + std::to_string(in.lateFirstFrame + 1) + ".." +
                                             std::to_string(in.lateLastFrame + 1);
        fault(std::to_string(in.end.late() - in.lateReported) + " value(s) of channel " + name + " from node " +
              nodeName(in.senderNode) + " lost: they came after " + missed + ", which reads them, was released (frame " +
              std::to_string(frame + 1) + ")");
        in.lateReported = in.end.late();
      }
    }
  }

  // At the end: what each remote channel carried, so that a run can be
  // checked value for value (sent = received + lost).
  void summarize() {
    for (const Outgoing& o : outgoing) {
      const plan::Channel& c = plan.channels[static_cast<size_t>(o.channel)];
      std::string text = "channel " + c.name + ": " + std::to_string(o.forwarded) + " value(s) forwarded";
      if (o.end.dropped() > 0) text += ", " + std::to_string(o.end.dropped()) + " overwritten before forwarding";
      console.report(text);
    }
    for (const auto& [channel, in] : incoming) {
      std::string text = "channel " + plan.channels[static_cast<size_t>(channel)].name + " from node " +
                         nodeName(in.senderNode) + ": " + std::to_string(in.end.received()) + " value(s) received in time";
      if (in.end.lost() + in.end.late() > 0)
        text += ", " + std::to_string(in.end.lost() + in.end.late()) + " lost (" + std::to_string(in.end.lost()) +
                " on the way, " + std::to_string(in.end.late()) + " late)";
      console.report(text);
    }
  }

  bool matchedWithAll() const {
    const auto others = static_cast<std::uint32_t>(plan.nodes.size() - 1);
    return link->matchedReaders() >= others && link->matchedWriters() >= others;
  }

  std::expected<std::int64_t, std::string> awaitEpoch();
  void joinAt(std::int64_t origin);
};

// Hello until every node is matched; node 0 picks the epoch once all said
// hello, a node that starts late is told it by those already running.
std::expected<std::int64_t, std::string> NodeLink::State::awaitEpoch() {
  const std::int64_t deadline = base::monotonicNow() + options.presenceTimeout.count() * kMs;
  const std::int64_t helloEvery = std::min<std::int64_t>(100 * kMs, leaseNs / 4);
  std::int64_t lastHello = 0;
  for (;;) {
    const std::int64_t now = base::monotonicNow();
    const bool matched = matchedWithAll();
    if (matched && now - lastHello > helloEvery) {
      write(kHello, 0, 0);
      lastHello = now;
    }
    std::unique_lock lock(mutex);
    if (epoch) return *epoch;
    if (node == 0 && matched && std::ranges::all_of(present, [](bool p) { return p; })) {
      // Frame 0 a little ahead, so every node has its epoch before it.
      epoch = realtimeNow() + kStartLead;
      const std::int64_t e = *epoch;
      lock.unlock();
      write(kEpoch, 0, e);
      return e;
    }
    if (now > deadline) {
      std::string missing;
      for (size_t n = 0; n < plan.nodes.size(); ++n)
        if (!present[n]) missing += (missing.empty() ? "" : ", ") + plan.nodes[n].name;
      if (missing.empty()) missing = plan.nodes[0].name + " (its start)";
      return std::unexpected("nodes missing after " + std::to_string(options.presenceTimeout.count() / 1000) +
                             " s: " + missing + "; every node of the model must run (bulkhead run MODEL --node NAME)");
    }
    changed.wait_for(lock, std::chrono::milliseconds(20));
  }
}

// A node that starts while the others run (it was restarted) walks from
// the first whole frame at least the start's lead ahead, tells the others
// (who wait for its progress from then on), and takes what its remote
// channels carry from then on.
void NodeLink::State::joinAt(std::int64_t origin) {
  const std::int64_t now = base::monotonicNow();
  if (now <= origin || frameNs <= 0) return;  // frame 0 is still ahead: a start like any
  firstFrame = static_cast<std::uint64_t>((now + kStartLead - origin) / frameNs + 1);
  for (auto& [channel, in] : incoming) in.end.joinUnderWay();
  write(kJoin, firstFrame * slots() + 1, 0);
  console.report("joining the run under way at frame " + std::to_string(firstFrame + 1));
}

NodeLink::NodeLink(std::unique_ptr<State> state) : state_(std::move(state)) {}
NodeLink::~NodeLink() = default;

std::expected<std::unique_ptr<NodeLink>, std::string> NodeLink::create(const plan::Plan& plan, const plan::NodeSlice& slice,
                                                                       int node, NodeLinkOptions options,
                                                                       supervisor::Console& console) {
  if (node < 0 || static_cast<size_t>(node) >= plan.nodes.size()) return std::unexpected("no such node");
  auto state = std::make_unique<State>(plan, slice, node, std::move(options), console);
  const size_t n = plan.nodes.size();
  state->progress.assign(n, 0);
  state->released.assign(n, 0);
  state->writer.assign(n, 0);
  state->present.assign(n, false);
  state->alive.assign(n, true);
  state->lost.assign(n, false);
  state->gone.assign(n, false);
  state->frameNs = static_cast<std::int64_t>(static_cast<double>(plan.schedule.framePeriod) * state->options.timeScale);
  state->leaseNs = std::max(kLeaseHalfFrames * state->frameNs / 2, kMinLease);
  // A release waits for the marks at most half its window, and never into
  // the Compute_Execution_Time of the partitions it releases (not scaled by
  // --time-scale: their code runs as fast as ever): waiting the whole
  // window, the partition released at its end got no time to read the
  // values that had come (seen with --dds-loss: values in the queue before
  // the release, pushed out by the next frame's).
  std::int64_t at = 0;
  for (const plan::ScheduleSlot& s : plan.schedule.slots) {
    const auto length = static_cast<std::int64_t>(static_cast<double>(s.length) * state->options.timeScale);
    std::int64_t execution = 0;
    for (const plan::Partition& p : slice.plan.partitions)
      if (p.domain == s.domain)
        for (const plan::Thread& t : p.threads) execution += t.computeExecutionTime;
    state->slotStartNs.push_back(at);
    state->waitNs.push_back(std::max<std::int64_t>(0, std::min(length / 2, length - execution)));
    at += length;
  }
  return std::unique_ptr<NodeLink>(new NodeLink(std::move(state)));
}

std::expected<void, std::string> NodeLink::attach(const supervisor::ChannelSet& channels) {
  State& s = *state_;
  s.waitFor.assign(s.slots(), {});
  for (const plan::RemoteChannel& r : s.plan.remoteChannels) {
    const int local = s.slice.sliceChannel(r.channel);
    if (local < 0) continue;
    const plan::Channel& channel = s.plan.channels[static_cast<size_t>(r.channel)];
    if (r.senderNode == s.node &&
        std::ranges::none_of(s.outgoing, [&](const State::Outgoing& o) { return o.channel == r.channel; })) {
      auto out = OutgoingChannel::attach(channel, channels.region(local));
      if (!out) return std::unexpected(out.error());
      s.outgoing.push_back({r.channel, std::move(*out), {}});
    }
    if (r.receiverNode != s.node) continue;
    const plan::Channel& mine = s.slice.plan.channels[static_cast<size_t>(local)];
    std::vector<int> notify;
    for (size_t k = 0; k < mine.receivers.size(); ++k) notify.push_back(channels.receiverEventFd(local, static_cast<int>(k)));
    auto in = IncomingChannel::attach(channel, channels.region(local), std::move(notify));
    if (!in) return std::unexpected(in.error());
    s.incoming.emplace(r.channel, State::Incoming{r.senderNode, std::move(*in)});
    // A window that releases one of the receivers waits for the sender's progress.
    for (size_t slot = 0; slot < s.slots(); ++slot)
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
  s.present[static_cast<size_t>(s.node)] = true;
  LinkEvents events{[&s](const LinkMessage& m, std::uint64_t writer) { s.received(m, writer); },
                    [&s](std::uint64_t writer, bool alive) { s.liveliness(writer, alive); }};
  // Cyclone's threads, created here, inherit this thread's scheduling: at
  // the walk's SCHED_FIFO priority a burst of samples could delay a slot
  // start. They are created 5 below it, still above the partitions (10
  // below), so marks and values are taken while a partition computes.
  int policy = 0;
  sched_param walk{};
  bool lowered = false;
  if (::pthread_getschedparam(::pthread_self(), &policy, &walk) == 0 && policy == SCHED_FIFO && walk.sched_priority > 5) {
    sched_param below = walk;
    below.sched_priority -= 5;
    lowered = ::pthread_setschedparam(::pthread_self(), SCHED_FIFO, &below) == 0;
  }
  auto opened = LinkTransport::open(s.fingerprint, s.options.session, s.options.network, s.leaseNs,
                                    std::move(events));
  if (lowered) ::pthread_setschedparam(::pthread_self(), SCHED_FIFO, &walk);
  if (!opened) return std::unexpected(opened.error());
  s.link = std::move(*opened);
  auto epoch = s.awaitEpoch();
  if (!epoch) return std::unexpected(epoch.error());
  const std::int64_t origin = base::monotonicNow() + (*epoch - realtimeNow());
  s.origin = origin;
  s.joinAt(origin);
  // Until the first frame, liveliness is renewed without samples, so no
  // lease expires during the lead.
  const std::int64_t start = origin + static_cast<std::int64_t>(s.firstFrame) * s.frameNs;
  const std::int64_t every = std::max<std::int64_t>(kMs, s.leaseNs / 4);
  for (std::int64_t now = base::monotonicNow(); now < start - every; now = base::monotonicNow()) {
    s.link->assertLiveliness();
    timespec t{static_cast<time_t>(every / 1'000'000'000), static_cast<long>(every % 1'000'000'000)};
    ::nanosleep(&t, nullptr);
  }
  s.link->assertLiveliness();
  return origin;
}

std::uint64_t NodeLink::firstFrame() const { return state_->firstFrame; }

void NodeLink::atSlot(std::uint64_t frame, std::size_t slot) {
  State& s = *state_;
  const std::uint64_t position = frame * s.slots() + slot + 1;
  s.forwardOutgoing(position);
  s.write(kProgress, position, 0);
  std::unique_lock lock(s.mutex);
  if (s.replyEpoch && s.epoch) {
    s.replyEpoch = false;
    const std::int64_t epoch = *s.epoch;
    lock.unlock();
    s.write(kEpoch, 0, epoch);
    lock.lock();
  }
  s.watchPeers(frame);
  if (slot >= s.waitFor.size()) return;
  // Values sent before this slot on other nodes are released with it, whatever the latency.
  // From the slot's planned start: a node that starts it late waits less.
  const auto deadline = std::chrono::steady_clock::time_point(std::chrono::nanoseconds(
      s.origin + static_cast<std::int64_t>(frame) * s.frameNs + s.slotStartNs[slot] + s.waitNs[slot]));
  for (int from : s.waitFor[slot]) {
    const auto f = static_cast<size_t>(from);
    s.changed.wait_until(lock, deadline, [&] { return s.progress[f] >= position || s.lost[f] || s.gone[f] || !s.alive[f]; });
  }
  // Released now, whether the marks came or not: what comes later for this
  // window is late (counted and reported, never read in another frame).
  for (int from : s.waitFor[slot]) s.released[static_cast<size_t>(from)] = position;
}

void NodeLink::finish(std::uint64_t frames) {
  State& s = *state_;
  if (!s.link) return;
  // After every slot start: no window here reads what this forwards.
  s.forwardOutgoing(frames * s.slots() + 1);
  s.write(kProgress, frames * s.slots(), 0);
  s.write(kBye, 0, 0);
  s.link->waitForAcknowledgements(2'000 * kMs);
  std::unique_lock lock(s.mutex);
  // Every node that sends here said bye (after all it forwarded), or is
  // lost: what it sent is counted, received or lost, before the summary.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  std::vector<int> senders;
  for (const auto& [channel, in] : s.incoming)
    if (std::ranges::find(senders, in.senderNode) == senders.end()) senders.push_back(in.senderNode);
  for (int from : senders) {
    const auto f = static_cast<size_t>(from);
    if (!s.changed.wait_until(lock, deadline, [&] { return s.gone[f] || s.lost[f] || !s.alive[f]; }))
      s.fault("node " + s.nodeName(from) + " did not say it ended within 2 s; what it sent since is not counted");
  }
  s.watchPeers(frames);
  s.summarize();
}

std::uint64_t NodeLink::faults() const { return state_->faults.load(); }

}  // namespace bulkhead::distribution
