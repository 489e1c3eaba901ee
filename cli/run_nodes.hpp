#pragma once
// `bulkhead run MODEL --nodes all` (design section 7b): every node of a
// distributed model as a supervisor of its own on this machine, the way a
// user tries a system before deploying it on several machines. Each node is
// this program again with `--node NAME` and one session name (so the nodes
// of this run find each other and nobody else's), pinned to a CPU of its
// own where there are enough; their output is forwarded line by line,
// prefixed "[node] ".
#include <string>
#include <vector>

namespace bulkhead::cli {

// `arguments`: the run's own arguments (model and options) without any
// --nodes, --node, --session or --cpus. `cpusGiven`: the user's --cpus, if
// any, passed to every node unchanged. Returns 0 when every node exits 0,
// else the first non-zero status in node order.
int runAllNodes(const std::vector<std::string>& nodes, const std::vector<std::string>& arguments, const std::string& cpusGiven);

}  // namespace bulkhead::cli
