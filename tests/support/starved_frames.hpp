#pragma once
// The windows a run reported the host starved (`bulkhead: starved:
// partition <name> was kept off the CPU … in frame <N> …`): what a
// partition does in such a window may be missing, so the tests that check
// every frame's values leave those frames out, and only those.
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace bulkhead::testing {

struct StarvedFrames {
  std::map<std::string, std::set<int>> byPartition;

  bool any() const { return !byPartition.empty(); }
  bool has(const std::string& partition, int frame) const {
    auto it = byPartition.find(partition);
    return it != byPartition.end() && it->second.contains(frame);
  }
  // Frames in which any partition was starved.
  std::set<int> frames() const {
    std::set<int> out;
    for (const auto& [name, frames] : byPartition) out.insert(frames.begin(), frames.end());
    return out;
  }
};

inline StarvedFrames starvedFrames(const std::string& err) {
  static const std::regex report("^bulkhead: starved: partition (\\S+) was kept off the CPU .* in frame ([0-9]+) ");
  StarvedFrames out;
  std::istringstream in(err);
  std::smatch m;
  for (std::string line; std::getline(in, line);)
    if (std::regex_search(line, m, report)) out.byPartition[m[1].str()].insert(std::stoi(m[2].str()));
  return out;
}

}  // namespace bulkhead::testing
