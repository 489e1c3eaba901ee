#include "supervisor/freezer.hpp"

#include "base/errno_text.hpp"
#include <fcntl.h>
#include <signal.h>
#include "supervisor/pidfd.hpp"
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string_view>

namespace bulkhead::supervisor {
namespace {

// Writes all of `text` to a cgroup control file.
bool writeControl(int fd, std::string_view text) {
  return ::pwrite(fd, text.data(), text.size(), 0) == static_cast<ssize_t>(text.size());
}

class CgroupV2Freezer final : public Freezer {
 public:
  CgroupV2Freezer(std::filesystem::path directory, int freezeFd)
      : directory_(std::move(directory)), freezeFd_(freezeFd) {}
  ~CgroupV2Freezer() override {
    ::close(freezeFd_);
    ::rmdir(directory_.c_str());  // fails harmlessly while a process is still inside
  }

  std::expected<void, std::string> adopt(pid_t pid, int) override {
    int fd = ::open((directory_ / "cgroup.procs").c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return std::unexpected(base::errnoText("cannot open " + (directory_ / "cgroup.procs").string()));
    std::string text = std::to_string(pid);
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    int error = errno;
    ::close(fd);
    if (!ok) return std::unexpected(base::errnoText("cannot move process " + text + " into " + directory_.string(), error));
    return {};
  }
  void freeze() override { writeControl(freezeFd_, "1"); }
  void thaw() override { writeControl(freezeFd_, "0"); }
  FreezerKind kind() const override { return FreezerKind::CgroupV2; }

 private:
  std::filesystem::path directory_;
  int freezeFd_;
};

// pidfd_send_signal cannot hit a recycled pid, unlike kill().
class SignalFreezer final : public Freezer {
 public:
  std::expected<void, std::string> adopt(pid_t, int pidFd) override {
    pidFd_ = pidFd;
    return {};
  }
  void freeze() override { pidfdSignal(pidFd_, SIGSTOP); }
  void thaw() override { pidfdSignal(pidFd_, SIGCONT); }
  FreezerKind kind() const override { return FreezerKind::Signal; }

 private:
  int pidFd_ = -1;
};

std::string cgroupSafeName(const std::string& name) {
  std::string out;
  for (char c : name) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_';
  return out.empty() ? std::string("partition") : out;
}

}  // namespace

std::optional<std::filesystem::path> ownCgroup2Directory() {
  std::ifstream mountinfo("/proc/self/mountinfo");
  std::string line;
  std::optional<std::filesystem::path> mountPoint;
  // Fields: id parent major:minor root mount-point options ... - fstype source super-options
  while (std::getline(mountinfo, line)) {
    auto dash = line.find(" - ");
    if (dash == std::string::npos) continue;
    std::istringstream tail(line.substr(dash + 3));
    std::string fsType;
    tail >> fsType;
    if (fsType != "cgroup2") continue;
    std::istringstream head(line.substr(0, dash));
    std::string id, parent, device, root, point;
    head >> id >> parent >> device >> root >> point;
    mountPoint = point;
    break;
  }
  if (!mountPoint) return std::nullopt;
  std::ifstream cgroup("/proc/self/cgroup");
  while (std::getline(cgroup, line)) {
    if (line.rfind("0::", 0) == 0) {
      std::string own = line.substr(3);
      while (!own.empty() && own.front() == '/') own.erase(0, 1);
      return own.empty() ? *mountPoint : *mountPoint / own;
    }
  }
  return std::nullopt;
}

FreezerFactory FreezerFactory::detect(bool useSignals, std::string& notice) {
  if (useSignals) return FreezerFactory(std::nullopt);
  auto own = ownCgroup2Directory();
  if (!own) {
    notice = "no cgroup2 hierarchy found; enforcing windows with SIGSTOP/SIGCONT";
    return FreezerFactory(std::nullopt);
  }
  auto root = *own / ("bulkhead-" + std::to_string(::getpid()));
  if (::mkdir(root.c_str(), 0755) != 0 && errno != EEXIST) {
    notice = "cgroup2 at " + own->string() + " is not writable (" + std::strerror(errno) +
             "); enforcing windows with SIGSTOP/SIGCONT";
    return FreezerFactory(std::nullopt);
  }
  if (::access((root / "cgroup.freeze").c_str(), W_OK) != 0) {
    ::rmdir(root.c_str());
    notice = "cgroup2 has no cgroup.freeze (kernel before 5.2?); enforcing windows with SIGSTOP/SIGCONT";
    return FreezerFactory(std::nullopt);
  }
  return FreezerFactory(root);
}

FreezerFactory::FreezerFactory(FreezerFactory&& other) noexcept : root_(std::move(other.root_)) { other.root_.reset(); }
FreezerFactory& FreezerFactory::operator=(FreezerFactory&& other) noexcept {
  if (this != &other) {
    root_ = std::move(other.root_);
    other.root_.reset();
  }
  return *this;
}
FreezerFactory::~FreezerFactory() {
  if (root_) ::rmdir(root_->c_str());
}

std::expected<std::unique_ptr<Freezer>, std::string> FreezerFactory::make(const std::string& partitionName) {
  if (!root_) return std::make_unique<SignalFreezer>();
  auto dir = *root_ / cgroupSafeName(partitionName);
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST)
    return std::unexpected(base::errnoText("cannot create cgroup " + dir.string()));
  int fd = ::open((dir / "cgroup.freeze").c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return std::unexpected(base::errnoText("cannot open " + (dir / "cgroup.freeze").string()));
  return std::make_unique<CgroupV2Freezer>(dir, fd);
}

}  // namespace bulkhead::supervisor
