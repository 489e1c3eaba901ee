#pragma once
// The windows a run reported the host held up: starved (`bulkhead:
// starved: partition <name> was kept off the CPU … in frame <N> …`) or late
// (`bulkhead: late: partition <name> had not finished its periodic dispatch
// when its window in frame <N> ended …`). What a partition does in such a
// window may be missing from it or come in a later one, so the tests that
// check every frame's values leave those frames out, and only those.
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace bulkhead::testing {

struct HeldUpFrames {
  std::map<std::string, std::set<int>> byPartition;

  bool any() const { return !byPartition.empty(); }
  bool has(const std::string& partition, int frame) const {
    auto it = byPartition.find(partition);
    return it != byPartition.end() && it->second.contains(frame);
  }
  // " sender@1 receiver@3": each window held up, partition@frame.
  std::string describe() const {
    std::string out;
    for (const auto& [name, frames] : byPartition)
      for (int f : frames) out += " " + name + "@" + std::to_string(f);
    return out;
  }
  // Frames in which any partition was held up.
  std::set<int> frames() const {
    std::set<int> out;
    for (const auto& [name, frames] : byPartition) out.insert(frames.begin(), frames.end());
    return out;
  }
};

// A test comparing whole line sequences whose lines carry no frame cannot
// leave out just the frames the host held up (a lost or late dispatch
// shifts what follows): it skips, naming the windows, rather than fail or
// pass on luck.
#define BULKHEAD_SKIP_IF_HELD_UP(text)                                                            \
  if (const auto heldUpWindows = ::bulkhead::testing::heldUpFrames(text); heldUpWindows.any()) \
  GTEST_SKIP() << "the host held up windows of this run (starved or late; partition@frame):"     \
               << heldUpWindows.describe() << "\n"                                              \
               << (text)

inline HeldUpFrames heldUpFrames(const std::string& err) {
  static const std::regex starved("^bulkhead: starved: partition (\\S+) was kept off the CPU .* in frame ([0-9]+) ");
  static const std::regex late(
      "^bulkhead: late: partition (\\S+) had not finished its periodic dispatch when its window in frame ([0-9]+) "
      "ended");
  HeldUpFrames out;
  std::istringstream in(err);
  std::smatch m;
  for (std::string line; std::getline(in, line);)
    if (std::regex_search(line, m, starved) || std::regex_search(line, m, late))
      out.byPartition[m[1].str()].insert(std::stoi(m[2].str()));
  return out;
}

// The frame a run names for what a partition did in its dispatch of `tick`
// (a partition paced once a frame: its tick is the frame): that frame, or a
// later one only when the host kept it off the CPU from that dispatch to
// the end of its window, each frame from `tick` up to the one named then
// reported starved or late for it. Empty when that holds, else what broke it.
inline std::string frameOfDispatchBreak(const HeldUpFrames& heldUp, const std::string& partition, int tick,
                                        int named) {
  if (named < tick)
    return partition + "'s dispatch of tick " + std::to_string(tick) + " named in the earlier frame " +
           std::to_string(named);
  for (int f = tick; f < named; ++f)
    if (!heldUp.has(partition, f))
      return partition + "'s dispatch of tick " + std::to_string(tick) + " named in frame " + std::to_string(named) +
             ", though its window in frame " + std::to_string(f) + " was not reported starved or late";
  return {};
}

// What the schedule guarantees a partition paced once a frame, from its
// dispatch lines ("<partition>: tick T …"): one dispatch a tick, and one
// in each of frames 1..`frames` the run did not report starved or late for it.
// Returns what broke it.
inline std::vector<std::string> dispatchBreaks(const std::vector<std::string>& lines, const HeldUpFrames& heldUp,
                                               const std::string& partition, int frames) {
  std::vector<std::string> out;
  const std::regex line("^" + partition + ": tick ([0-9]+)");
  std::set<int> ticks;
  for (const auto& text : lines) {
    std::smatch m;
    if (!std::regex_search(text, m, line)) {
      out.push_back("not a dispatch line: " + text);
      continue;
    }
    const int tick = std::stoi(m[1].str());
    if (!ticks.insert(tick).second) out.push_back("a second dispatch with its tick: " + text);
  }
  for (int f = 1; f <= frames; ++f)
    if (!heldUp.has(partition, f) && !ticks.contains(f))
      out.push_back(partition + " did not dispatch in frame " + std::to_string(f) + ", which was not reported starved or late");
  return out;
}

// What the schedule guarantees a producer/consumer pair of the tests'
// programs ("<consumer>: tick T received XX dropped D" or "… received
// nothing", one line per dispatch; "<producer>: tick T sent XX") over
// `frames` frames: the consumer dispatches in every frame with that frame's
// tick, receiving the producer's values in order from 00, none lost or
// repeated; the producer dispatches in every frame. A frame the host held
// up (starved or late) is left out: the dispatch may be missing or late
// there, the consumer's backlog then comes at its next dispatches (or,
// beyond its queue, is dropped and counted), and "nothing" arrives only
// when the producer was the one held up. `producerLines` null: not checked
// (its lines went elsewhere). Returns what broke it, one line each.
inline std::vector<std::string> pairBreaks(const std::vector<std::string>& consumerLines,
                                           const std::vector<std::string>* producerLines,
                                           const HeldUpFrames& heldUp, const std::string& producer,
                                           const std::string& consumer, int frames) {
  std::vector<std::string> out = dispatchBreaks(consumerLines, heldUp, consumer, frames);
  const std::regex line("^" + consumer + ": tick ([0-9]+) received (nothing|([0-9A-F]{2}) dropped ([0-9]+))");
  int next = 0, previousTick = 0;
  for (const auto& text : consumerLines) {
    std::smatch m;
    if (!std::regex_search(text, m, line)) {
      out.push_back("not a value line: " + text);
      continue;
    }
    const int tick = std::stoi(m[1].str());
    if (m[2].str() == "nothing") {
      if (!heldUp.has(producer, tick)) out.push_back("nothing received though " + producer + " was not starved or late: " + text);
      continue;
    }
    // A queue shorter than the backlog a held-up window left drops the
    // oldest and counts them: the value then skips exactly that many. The
    // backlog is the consumer's when it missed a dispatch, or the
    // producer's when its held-up dispatch ran on into its next window and
    // sent two values there.
    const int dropped = std::stoi(m[4].str());
    bool heldUpSince = false;
    for (int f = previousTick + 1; f < tick; ++f)
      heldUpSince = heldUpSince || heldUp.has(consumer, f) || heldUp.has(producer, f);
    if (dropped != 0 && !heldUpSince) out.push_back("values dropped though no window was starved or late: " + text);
    if (std::stoi(m[3].str(), nullptr, 16) != next + dropped)
      out.push_back("expected value " + std::to_string(next + dropped) + ": " + text);
    next += dropped + 1;
    previousTick = tick;
  }
  std::size_t producerHeldUp = 0;
  for (int f = 1; f <= frames; ++f) producerHeldUp += heldUp.has(producer, f) ? 1 : 0;
  if (producerLines) {
    const std::size_t n = producerLines->size();
    if (n + producerHeldUp < static_cast<std::size_t>(frames) || n > static_cast<std::size_t>(frames))
      out.push_back(producer + " dispatched " + std::to_string(n) + " times in " + std::to_string(frames) +
                    " frames, " + std::to_string(producerHeldUp) + " of them reported starved or late");
  }
  return out;
}

}  // namespace bulkhead::testing
