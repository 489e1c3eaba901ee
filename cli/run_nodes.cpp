#include "cli/run_nodes.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace bulkhead::cli {

namespace {

struct NodeProcess {
  std::string name;
  pid_t pid = -1;
  int out = -1, err = -1;  // read ends
  std::string pendingOut, pendingErr;
  int status = -1;
};

std::string selfPath() {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("bulkhead") : self.string();
}

void writeAll(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

// Whole lines from `pending` (plus what was read), prefixed, to `fd`.
void forwardLines(std::string& pending, const char* data, size_t size, const std::string& prefix, int fd, bool flush) {
  pending.append(data, size);
  size_t start = 0;
  for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1)
    writeAll(fd, prefix + pending.substr(start, nl - start + 1));
  pending.erase(0, start);
  if (flush && !pending.empty()) {
    writeAll(fd, prefix + pending + "\n");
    pending.clear();
  }
}

// Starts `bulkhead run ARGS` for one node, its stdout and stderr on pipes
// whose read ends it returns; nothing on failure (reported on stderr).
std::optional<NodeProcess> startNode(const std::string& self, const std::string& node, std::vector<std::string> args) {
  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
    std::fputs("bulkhead: cannot make pipes for the nodes\n", stderr);
    return std::nullopt;
  }
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // no node outlives this launcher
    if (::getppid() != parent) ::_exit(127);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(self.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  ::close(err[1]);
  if (pid < 0) {
    std::fputs("bulkhead: cannot start a node\n", stderr);
    return std::nullopt;
  }
  return NodeProcess{node, pid, out[0], err[0], {}, {}, -1};
}

// Forwards every node's output, line by line with its name in front,
// until every pipe is closed.
void forwardUntilClosed(std::vector<NodeProcess>& children) {
  for (;;) {
    std::vector<pollfd> fds;
    std::vector<std::pair<size_t, bool>> owner;  // child, is stderr
    for (size_t i = 0; i < children.size(); ++i) {
      if (children[i].out >= 0) {
        fds.push_back({children[i].out, POLLIN, 0});
        owner.push_back({i, false});
      }
      if (children[i].err >= 0) {
        fds.push_back({children[i].err, POLLIN, 0});
        owner.push_back({i, true});
      }
    }
    if (fds.empty()) return;
    if (::poll(fds.data(), fds.size(), -1) < 0) continue;
    for (size_t k = 0; k < fds.size(); ++k) {
      if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      NodeProcess& c = children[owner[k].first];
      const bool isErr = owner[k].second;
      char buffer[4096];
      const ssize_t n = ::read(fds[k].fd, buffer, sizeof buffer);
      const std::string prefix = "[" + c.name + "] ";
      if (n > 0) {
        forwardLines(isErr ? c.pendingErr : c.pendingOut, buffer, static_cast<size_t>(n), prefix, isErr ? 2 : 1, false);
        continue;
      }
      forwardLines(isErr ? c.pendingErr : c.pendingOut, buffer, 0, prefix, isErr ? 2 : 1, true);
      ::close(fds[k].fd);
      (isErr ? c.err : c.out) = -1;
    }
  }
}

// Collects every node; the first non-zero status is the launcher's.
int collectNodes(std::vector<NodeProcess>& children) {
  int result = 0;
  for (NodeProcess& c : children) {
    int status = 0;
    while (::waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
    }
    c.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    if (c.status != 0) {
      std::fprintf(stderr, "bulkhead: node %s exited with status %d\n", c.name.c_str(), c.status);
      if (result == 0) result = c.status;
    }
  }
  return result;
}

}  // namespace

int runAllNodes(const std::vector<std::string>& nodes, const std::vector<std::string>& arguments, const std::string& cpusGiven) {
  const std::string self = selfPath();
  const std::string session = std::to_string(::getpid()) + "_" +
                              std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
  const unsigned cpus = std::thread::hardware_concurrency();
  std::vector<NodeProcess> children;
  for (size_t i = 0; i < nodes.size(); ++i) {
    std::vector<std::string> args{self, "run"};
    args.insert(args.end(), arguments.begin(), arguments.end());
    args.insert(args.end(), {"--node", nodes[i], "--session", session});
    if (!cpusGiven.empty()) args.insert(args.end(), {"--cpus", cpusGiven});
    else if (cpus >= nodes.size()) args.insert(args.end(), {"--cpus", std::to_string(i)});  // a CPU of its own
    auto child = startNode(self, nodes[i], std::move(args));
    if (!child) return 2;
    children.push_back(std::move(*child));
  }
  forwardUntilClosed(children);
  return collectNodes(children);
}

}  // namespace bulkhead::cli
