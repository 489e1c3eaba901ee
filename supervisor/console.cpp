#include "supervisor/console.hpp"

#include "supervisor/printable.hpp"

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>

namespace bulkhead::supervisor {
namespace {

// A pipe or terminal gets a description of its own with O_NONBLOCK, so the
// caller's (shared with the shell and whoever else writes there) keeps its
// flags; a socket is written with MSG_DONTWAIT.
void classify(int fd, bool& queued, bool& socket, int& ownFd) {
  struct stat st{};
  if (fd < 0 || ::fstat(fd, &st) != 0 || S_ISREG(st.st_mode) || S_ISBLK(st.st_mode)) return;
  queued = true;
  if (S_ISSOCK(st.st_mode)) {
    socket = true;
    return;
  }
  const std::string self = "/proc/self/fd/" + std::to_string(fd);
  ownFd = ::open(self.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
}

bool sameFile(int a, int b) {
  struct stat sa{}, sb{};
  return a >= 0 && b >= 0 && ::fstat(a, &sa) == 0 && ::fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
         sa.st_ino == sb.st_ino;
}

}  // namespace

Console::Console(int stdoutFd, int stderrFd, std::size_t capacity) : capacity_(capacity) {
  sinks_[0].fd = stdoutFd;
  classify(stdoutFd, sinks_[0].queued, sinks_[0].socket, sinks_[0].ownFd);
  // stdout and stderr into one pipe (2>&1): one queue, so their lines keep their order.
  if (sinks_[0].queued && sameFile(stdoutFd, stderrFd)) {
    err_ = out_;
  } else {
    sinks_[1].fd = stderrFd;
    classify(stderrFd, sinks_[1].queued, sinks_[1].socket, sinks_[1].ownFd);
  }
  bool anyQueued = false;
  for (auto& s : sinks_) {
    s.blocking = s.queued && !s.socket && s.ownFd < 0;
    anyQueued = anyQueued || s.queued;
  }
  if (anyQueued) writer_ = std::thread([this] { writerLoop(); });
}

Console::~Console() {
  flush(kCloseLimit);
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (writer_.joinable()) writer_.join();
  for (auto& s : sinks_)
    if (s.ownFd >= 0) ::close(s.ownFd);
}

void Console::line(OutputStream stream, std::string_view prefix, std::string_view text) {
  put(stream, false, prefix, text);
}

void Console::report(std::string_view text) { put(OutputStream::Stderr, true, "bulkhead: ", text); }

void Console::put(OutputStream stream, bool fromSupervisor, std::string_view prefix, std::string_view text) {
  std::string whole;
  whole.reserve(prefix.size() + text.size() + 1);
  if (isPrintable(prefix) && isPrintable(text)) {
    whole.append(prefix).append(text);
  } else {
    whole.append(makePrintable(prefix)).append(makePrintable(text));
  }
  whole.push_back('\n');
  std::unique_lock lock(mutex_);
  Sink& sink = stream == OutputStream::Stdout ? *out_ : *err_;
  if (!sink.queued) return writeNow(sink, whole);
  const std::size_t limit = capacity_ + (fromSupervisor ? kReportReserve : 0);
  if (sink.broken || sink.bytes + whole.size() > limit) {
    ++dropped_;
    return;
  }
  sink.bytes += whole.size();
  sink.lines.push_back(std::move(whole));
  lock.unlock();
  wake_.notify_one();
}

void Console::writeNow(Sink& sink, const std::string& whole) {
  const char* p = whole.data();
  size_t left = whole.size();
  while (left > 0) {
    ssize_t n = ::write(sink.fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // a full disk or a closed file must not stop the system
    p += n;
    left -= static_cast<size_t>(n);
  }
}

bool Console::writeFront(Sink& sink, std::unique_lock<std::mutex>& lock) {
  // The front line stays where it is while unlocked: only this thread pops,
  // and a deque's push_back leaves references to its elements valid.
  const std::string& front = sink.lines.front();
  const char* p = front.data() + sink.written;
  size_t left = front.size() - sink.written;
  const int fd = sink.ownFd >= 0 ? sink.ownFd : sink.fd;
  lock.unlock();
  ssize_t n;
  int error = 0;
  if (sink.socket) {
    n = ::send(fd, p, left, MSG_DONTWAIT | MSG_NOSIGNAL);
  } else if (sink.blocking) {
    // Only the caller's blocking description: write when the kernel says
    // there is room, and no more than a pipe accepts whole.
    pollfd pfd{fd, POLLOUT, 0};
    n = ::poll(&pfd, 1, 0) == 1 ? ::write(fd, p, std::min<size_t>(left, PIPE_BUF)) : (errno = EAGAIN, -1);
  } else {
    n = ::write(fd, p, left);
  }
  if (n < 0) error = errno;
  lock.lock();
  if (n < 0 && (error == EAGAIN || error == EWOULDBLOCK || error == EINTR)) return error == EINTR;
  if (n < 0) {  // gone for good: what is queued is lost, and counted
    dropped_ += sink.lines.size();
    sink.lines.clear();
    sink.bytes = 0;
    sink.written = 0;
    sink.broken = true;
    return true;
  }
  sink.written += static_cast<size_t>(n);
  if (sink.written == sink.lines.front().size()) {
    sink.bytes -= sink.lines.front().size();
    sink.lines.pop_front();
    sink.written = 0;
  }
  return true;
}

void Console::writerLoop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stop_ || !drained(); });
    if (stop_) return;  // the close limit has passed: what nobody read is lost
    bool progressed = false;
    pollfd waiting[2];
    nfds_t count = 0;
    for (auto& sink : sinks_) {
      if (!sink.queued || sink.lines.empty()) continue;
      if (writeFront(sink, lock)) {
        progressed = true;
      } else {
        waiting[count++] = pollfd{sink.ownFd >= 0 ? sink.ownFd : sink.fd, POLLOUT, 0};
      }
    }
    if (drained()) drainedChanged_.notify_all();
    if (progressed || count == 0) continue;
    lock.unlock();
    ::poll(waiting, count, 20);  // a console that is not read: look again soon
    lock.lock();
  }
}

bool Console::drained() const {
  for (const auto& s : sinks_)
    if (!s.lines.empty()) return false;
  return true;
}

bool Console::flush(std::chrono::milliseconds limit) {
  std::unique_lock lock(mutex_);
  return drainedChanged_.wait_for(lock, limit, [&] { return drained(); });
}

std::uint64_t Console::queuedLines() const {
  std::lock_guard lock(mutex_);
  return sinks_[0].lines.size() + sinks_[1].lines.size();
}

std::uint64_t Console::droppedLines() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

}  // namespace bulkhead::supervisor
