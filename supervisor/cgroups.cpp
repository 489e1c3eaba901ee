#include "supervisor/cgroups.hpp"

#include "base/errno_text.hpp"
#include "base/read_text_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

namespace bulkhead::supervisor {
namespace {

std::string readText(const std::filesystem::path& file) { return base::readTextFile(file).value_or(""); }

std::vector<std::string> words(std::string_view text, char separator) {
  std::vector<std::string> out;
  std::string current;
  for (char c : text) {
    if (c == separator || c == '\n' || c == ' ') {
      if (!current.empty()) out.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) out.push_back(current);
  return out;
}

// Writes `text` to a control file; false with errno set on failure.
bool writeFile(const std::filesystem::path& file, std::string_view text) {
  int fd = ::open(file.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  int error = errno;
  ::close(fd);
  errno = error;
  return ok;
}

std::string safeName(const std::string& name) {
  std::string out;
  for (char c : name) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_';
  return out.empty() ? std::string("partition") : out;
}

const char* versionName(CgroupVersion v) { return v == CgroupVersion::V2 ? "v2" : "v1"; }

// The first cgroup.freeze write of a group is a write like any other; the
// file is kept open so that each window end costs one pwrite.
bool pwriteAll(int fd, std::string_view text) {
  return ::pwrite(fd, text.data(), text.size(), 0) == static_cast<ssize_t>(text.size());
}

}  // namespace

CgroupLayout CgroupLayout::parse(std::string_view mountinfo, std::string_view procCgroup,
                                 const std::vector<std::string>& delegated) {
  // Own group per hierarchy, from /proc/self/cgroup: "id:controllers:/path".
  std::string v2Own;
  bool haveV2Own = false;
  std::map<std::string, std::string> v1Own;  // controller -> path
  {
    std::istringstream in{std::string(procCgroup)};
    for (std::string line; std::getline(in, line);) {
      auto first = line.find(':');
      auto second = line.find(':', first + 1);
      if (first == std::string::npos || second == std::string::npos) continue;
      std::string controllers = line.substr(first + 1, second - first - 1);
      std::string path = line.substr(second + 1);
      while (!path.empty() && path.front() == '/') path.erase(0, 1);
      if (line.substr(0, first) == "0" && controllers.empty()) {
        v2Own = path;
        haveV2Own = true;
        continue;
      }
      for (const auto& c : words(controllers, ',')) v1Own[c] = path;
    }
  }
  // Mount points, from /proc/self/mountinfo:
  // "id parent major:minor root mount-point options ... - fstype source super-options".
  std::optional<std::filesystem::path> v2Mount;
  std::map<std::string, std::filesystem::path> v1Mount;  // controller -> mount point
  std::map<std::string, std::string> v1MountRoot;        // controller -> root of the mount in its hierarchy
  {
    std::istringstream in{std::string(mountinfo)};
    for (std::string line; std::getline(in, line);) {
      auto dash = line.find(" - ");
      if (dash == std::string::npos) continue;
      std::istringstream tail(line.substr(dash + 3));
      std::string fsType, source, superOptions;
      tail >> fsType >> source >> superOptions;
      std::istringstream head(line.substr(0, dash));
      std::string id, parent, device, root, point;
      head >> id >> parent >> device >> root >> point;
      if (fsType == "cgroup2" && !v2Mount) {
        v2Mount = point;
      } else if (fsType == "cgroup") {
        while (!root.empty() && root.front() == '/') root.erase(0, 1);
        for (const auto& option : words(superOptions, ','))
          if (option != "rw" && option != "ro" && option.rfind("name=", 0) != 0 && !v1Mount.contains(option)) {
            v1Mount[option] = point;
            v1MountRoot[option] = root;
          }
      }
    }
  }
  CgroupLayout layout;
  std::optional<CgroupPlace> v2;
  if (v2Mount && haveV2Own) v2 = CgroupPlace{v2Own.empty() ? *v2Mount : *v2Mount / v2Own, CgroupVersion::V2};
  auto v1Place = [&](const std::string& controller) -> std::optional<CgroupPlace> {
    auto mount = v1Mount.find(controller);
    auto own = v1Own.find(controller);
    if (mount == v1Mount.end() || own == v1Own.end()) return std::nullopt;
    // A mount of a sub-tree (containers) sees the own path relative to it.
    std::string path = own->second;
    const std::string& root = v1MountRoot[controller];
    if (!root.empty() && path.rfind(root, 0) == 0) path = path.substr(root.size());
    while (!path.empty() && path.front() == '/') path.erase(0, 1);
    return CgroupPlace{path.empty() ? mount->second : mount->second / path, CgroupVersion::V1};
  };
  auto pick = [&](const std::string& controller) -> std::optional<CgroupPlace> {
    if (v2 && std::find(delegated.begin(), delegated.end(), controller) != delegated.end()) return v2;
    return v1Place(controller);
  };
  // cgroup.freeze is in every non-root v2 group, no controller needed.
  layout.freezer = v2 ? v2 : v1Place("freezer");
  layout.cpu = pick("cpu");
  layout.memory = pick("memory");
  layout.pids = pick("pids");
  return layout;
}

CgroupLayout CgroupLayout::detect() {
  const std::string mountinfo = readText("/proc/self/mountinfo");
  const std::string procCgroup = readText("/proc/self/cgroup");
  // Which controllers a v2 child of our own group may use: those our group
  // already enables for its children, or (at the hierarchy's root, which
  // may have processes and still enable controllers) all it has.
  auto layout = parse(mountinfo, procCgroup, {});
  std::vector<std::string> delegated;
  if (layout.freezer && layout.freezer->version == CgroupVersion::V2) {
    const auto own = layout.freezer->ownDirectory;
    delegated = words(readText(own / "cgroup.subtree_control"), ' ');
    if (!std::filesystem::exists(own / "cgroup.freeze")) {  // the root group
      auto available = words(readText(own / "cgroup.controllers"), ' ');
      delegated.insert(delegated.end(), available.begin(), available.end());
    }
  }
  return delegated.empty() ? layout : parse(mountinfo, procCgroup, delegated);
}

std::string CgroupLayout::describe() const {
  std::string out;
  auto add = [&](const char* name, const std::optional<CgroupPlace>& place) {
    if (!out.empty()) out += ", ";
    out += name;
    out += place ? std::string(" ") + versionName(place->version) : std::string(" none");
  };
  add("freezer", freezer);
  add("cpu", cpu);
  add("memory", memory);
  add("pids", pids);
  return out;
}

namespace {

// The number after `key` (and a space or '=') in a control file's text.
std::optional<std::uint64_t> valueAfter(std::string_view text, std::string_view key) {
  const auto at = text.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  std::uint64_t value = 0;
  const char* first = text.data() + at + key.size();
  const auto [end, error] = std::from_chars(first, text.data() + text.size(), value);
  if (error != std::errc() || end == first) return std::nullopt;
  return value;
}

std::string_view readAt(int fd, char (&buffer)[512]) {
  if (fd < 0) return {};
  const ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
  return n > 0 ? std::string_view(buffer, static_cast<std::size_t>(n)) : std::string_view();
}

}  // namespace

std::optional<CpuAccount> PartitionCgroup::cpuAccount() const {
  char buffer[512];
  auto used = valueAfter(readAt(cpuStatFd_, buffer), "usage_usec ");
  if (!used) return std::nullopt;
  CpuAccount account{*used, std::nullopt};
  // "some avg10=0.00 avg60=0.00 avg300=0.00 total=N": the first total is "some"'s.
  account.waitedUs = valueAfter(readAt(cpuPressureFd_, buffer), "total=");
  return account;
}

PartitionCgroup::~PartitionCgroup() {
  for (int fd : {freezeFd_, wholeFreezeFd_, programDirFd_, cpuStatFd_, cpuPressureFd_})
    if (fd >= 0) ::close(fd);
  // rmdir fails harmlessly while a process is still inside.
  for (auto it = directories_.rbegin(); it != directories_.rend(); ++it) ::rmdir(it->c_str());
}

std::expected<void, std::string> PartitionCgroup::adopt(pid_t pid, bool init) {
  const std::string text = std::to_string(pid);
  for (const auto& dir : directories_) {
    // In the v2 hierarchy a process is in one group: the init in the
    // partition's, the program in its `program` child.
    if (!programGroup_.empty() && dir == (init ? programGroup_ : wholeGroup_)) continue;
    if (!writeFile(dir / "cgroup.procs", text))
      return std::unexpected(base::errnoText("cannot move process " + text + " into cgroup " + dir.string(), errno));
  }
  return {};
}

void PartitionCgroup::freeze() {
  pwriteAll(freezeFd_, freezerVersion_ == CgroupVersion::V2 ? std::string_view("1") : std::string_view("FROZEN"));
}

void PartitionCgroup::thaw() {
  if (wholeFrozen_) {
    pwriteAll(wholeFreezeFd_, "0");  // the program's group stays frozen until the next write
    wholeFrozen_ = false;
  }
  pwriteAll(freezeFd_, freezerVersion_ == CgroupVersion::V2 ? std::string_view("0") : std::string_view("THAWED"));
}

void PartitionCgroup::freezeWhole() {
  freeze();
  if (wholeFreezeFd_ < 0) return;
  pwriteAll(wholeFreezeFd_, "1");
  wholeFrozen_ = true;
}

std::vector<pid_t> PartitionCgroup::processes() const {
  std::vector<pid_t> out;
  std::ifstream in(procsList_);
  for (long pid; in >> pid;) out.push_back(static_cast<pid_t>(pid));
  return out;
}

std::expected<PartitionCgroups, std::string> PartitionCgroups::create(const CgroupLayout& layout) {
  if (!layout.freezer)
    return std::unexpected(std::string("no cgroup freezer: neither a cgroup v2 hierarchy nor a v1 freezer hierarchy is mounted"));
  PartitionCgroups groups;
  groups.layout_ = layout;
  const std::string own = "bulkhead-" + std::to_string(::getpid());
  std::vector<std::string> v2Controllers;
  for (const auto* place : {&layout.freezer, &layout.cpu, &layout.memory, &layout.pids}) {
    if (!*place) continue;
    const auto dir = (*place)->ownDirectory / own;
    bool known = false;
    for (const auto& r : groups.roots_) known = known || r.directory == dir;
    if (known) continue;
    if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
      int error = errno;
      return std::unexpected(base::errnoText("cannot create cgroup " + dir.string(), error) +
                             (error == EACCES || error == EPERM || error == EROFS ? " (bulkhead needs root)" : ""));
    }
    groups.roots_.push_back({dir, (*place)->version});
  }
  // v2 controllers must be enabled for the partitions' groups below ours.
  std::string enable;
  if (layout.cpu && layout.cpu->version == CgroupVersion::V2) enable += "+cpu ";
  if (layout.memory && layout.memory->version == CgroupVersion::V2) enable += "+memory ";
  if (layout.pids && layout.pids->version == CgroupVersion::V2) enable += "+pids ";
  if (!enable.empty()) {
    const auto own2 = layout.freezer->version == CgroupVersion::V2 ? layout.freezer->ownDirectory / own
                                                                   : std::filesystem::path();
    if (!own2.empty() && !writeFile(own2 / "cgroup.subtree_control", enable))
      return std::unexpected(base::errnoText("cannot enable " + enable + "in " + own2.string(), errno));
  }
  // Cgroup v1 memory: children count toward the parent (use_hierarchy is
  // 1 on every recent kernel), nothing to set.
  return groups;
}

PartitionCgroups::PartitionCgroups(PartitionCgroups&& other) noexcept
    : layout_(std::move(other.layout_)), roots_(std::move(other.roots_)) {
  other.roots_.clear();
}

PartitionCgroups& PartitionCgroups::operator=(PartitionCgroups&& other) noexcept {
  if (this != &other) {
    removeAll();
    layout_ = std::move(other.layout_);
    roots_ = std::move(other.roots_);
    other.roots_.clear();
  }
  return *this;
}

PartitionCgroups::~PartitionCgroups() { removeAll(); }

void PartitionCgroups::removeAll() {
  for (const auto& r : roots_) ::rmdir(r.directory.c_str());
  roots_.clear();
}

std::expected<std::unique_ptr<PartitionCgroup>, std::string> PartitionCgroups::make(const std::string& partitionName,
                                                                                   const CgroupLimits& limits) {
  std::unique_ptr<PartitionCgroup> group(new PartitionCgroup());
  const std::string own = "bulkhead-" + std::to_string(::getpid());
  const std::string name = safeName(partitionName);
  auto groupIn = [&](const CgroupPlace& place) -> std::expected<std::filesystem::path, std::string> {
    auto dir = place.ownDirectory / own / name;
    if (std::find(group->directories_.begin(), group->directories_.end(), dir) != group->directories_.end()) return dir;
    if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST)
      return std::unexpected(base::errnoText("cannot create cgroup " + dir.string(), errno));
    group->directories_.push_back(dir);
    return dir;
  };
  auto set = [](const std::filesystem::path& file, const std::string& value) -> std::expected<void, std::string> {
    if (!writeFile(file, value))
      return std::unexpected(base::errnoText("cannot write " + value + " to " + file.string(), errno));
    return {};
  };

  auto freezerDir = groupIn(*layout_.freezer);
  if (!freezerDir) return std::unexpected(freezerDir.error());
  group->freezerVersion_ = layout_.freezer->version;
  auto frozenDir = *freezerDir;
  if (group->freezerVersion_ == CgroupVersion::V2) {
    // The program's own child group (see programGroupFd). The partition's
    // group enables no controller for it, so it may keep the init, and
    // the limits set on it count the program too.
    group->wholeGroup_ = *freezerDir;
    frozenDir = *freezerDir / "program";
    if (::mkdir(frozenDir.c_str(), 0755) != 0 && errno != EEXIST)
      return std::unexpected(base::errnoText("cannot create cgroup " + frozenDir.string(), errno));
    group->directories_.push_back(frozenDir);
    group->programGroup_ = frozenDir;
    group->programDirFd_ = ::open(frozenDir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (group->programDirFd_ < 0) return std::unexpected(base::errnoText("cannot open " + frozenDir.string(), errno));
    const auto whole = *freezerDir / "cgroup.freeze";
    group->wholeFreezeFd_ = ::open(whole.c_str(), O_WRONLY | O_CLOEXEC);
    if (group->wholeFreezeFd_ < 0) return std::unexpected(base::errnoText("cannot open " + whole.string(), errno));
  }
  group->procsList_ = frozenDir / "cgroup.procs";
  const auto freezeFile = frozenDir / (group->freezerVersion_ == CgroupVersion::V2 ? "cgroup.freeze" : "freezer.state");
  group->freezeFd_ = ::open(freezeFile.c_str(), O_WRONLY | O_CLOEXEC);
  if (group->freezeFd_ < 0) return std::unexpected(base::errnoText("cannot open " + freezeFile.string(), errno));
  if (group->freezerVersion_ == CgroupVersion::V2) {
    group->cpuStatFd_ = ::open((frozenDir / "cpu.stat").c_str(), O_RDONLY | O_CLOEXEC);
    group->cpuPressureFd_ = ::open((frozenDir / "cpu.pressure").c_str(), O_RDONLY | O_CLOEXEC);  // absent without PSI
  }

  if (limits.memoryBytes > 0 && layout_.memory) {
    auto dir = groupIn(*layout_.memory);
    if (!dir) return std::unexpected(dir.error());
    const bool v2 = layout_.memory->version == CgroupVersion::V2;
    if (auto ok = set(*dir / (v2 ? "memory.max" : "memory.limit_in_bytes"), std::to_string(limits.memoryBytes)); !ok)
      return std::unexpected(ok.error());
    if (v2) (void)set(*dir / "memory.swap.max", "0");  // absent without swap accounting
  }
  if (limits.maxTasks > 0 && layout_.pids) {
    auto dir = groupIn(*layout_.pids);
    if (!dir) return std::unexpected(dir.error());
    if (auto ok = set(*dir / "pids.max", std::to_string(limits.maxTasks)); !ok) return std::unexpected(ok.error());
  }
  if (limits.cpuPercent > 0 && layout_.cpu) {
    auto dir = groupIn(*layout_.cpu);
    if (!dir) return std::unexpected(dir.error());
    const std::uint64_t period = 100000, quota = period * limits.cpuPercent / 100;  // microseconds
    if (layout_.cpu->version == CgroupVersion::V2) {
      if (auto ok = set(*dir / "cpu.max", std::to_string(quota) + " " + std::to_string(period)); !ok)
        return std::unexpected(ok.error());
    } else {
      if (auto ok = set(*dir / "cpu.cfs_period_us", std::to_string(period)); !ok) return std::unexpected(ok.error());
      if (auto ok = set(*dir / "cpu.cfs_quota_us", std::to_string(quota)); !ok) return std::unexpected(ok.error());
    }
  }
  return group;
}

void removeStaleGroups(const CgroupLayout& layout) {
  for (const auto* place : {&layout.freezer, &layout.cpu, &layout.memory, &layout.pids}) {
    if (!*place) continue;
    DIR* dir = ::opendir((*place)->ownDirectory.c_str());
    if (!dir) continue;
    std::vector<std::filesystem::path> stale;
    while (dirent* entry = ::readdir(dir)) {
      std::string_view name = entry->d_name;
      if (name.rfind("bulkhead-", 0) != 0) continue;
      long pid = std::atol(std::string(name.substr(9)).c_str());
      if (pid <= 0 || pid == ::getpid() || ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
      stale.push_back((*place)->ownDirectory / std::string(name));
    }
    ::closedir(dir);
    // Depth first: a partition's group holds its program's.
    for (const auto& group : stale) {
      // Another run may be removing the same stale group right now: every
      // step takes an error code (a range-for's increment would throw).
      std::error_code ec;
      std::vector<std::filesystem::path> dirs;
      for (std::filesystem::recursive_directory_iterator it(group, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code kind;
        if (it->is_directory(kind)) dirs.push_back(it->path());
      }
      std::sort(dirs.begin(), dirs.end(), [](const auto& a, const auto& b) { return a.native().size() > b.native().size(); });
      for (const auto& d : dirs) ::rmdir(d.c_str());
      ::rmdir(group.c_str());
    }
  }
}

}  // namespace bulkhead::supervisor
