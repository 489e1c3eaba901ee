#include "supervisor/output_forwarder.hpp"

#include <unistd.h>

#include <cerrno>

namespace bulkhead::supervisor {

std::string OutputForwarder::prefixFor(const OutputSource& source, const std::string& partition) {
  std::string prefix = source.prefix.empty() ? partition + ": " : source.prefix;
  // A partition named "bulkhead" must not print lines that start like the supervisor's.
  if (prefix.starts_with("bulkhead:")) prefix = "partition " + prefix;
  return prefix;
}

void OutputForwarder::add(const OutputSource& source, const std::string& partition) {
  OutputSource named = source;
  named.prefix = prefixFor(source, partition);
  sources_.push_back({std::move(named), {}, source.fd >= 0});
}

void OutputForwarder::emit(Source& s, std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // serial consoles end lines with CRLF
  // A line that already starts with its source's name (HAMR's VM apps print
  // "vmconsumer: Received ...") is not named twice, and an empty line stays
  // empty, so the seed's lines come out exactly as the guest wrote them.
  std::string_view prefix = s.output.prefix;
  if (line.empty() || line.starts_with(prefix)) prefix = {};
  console_.line(s.output.stream, prefix, line);
}

bool OutputForwarder::onReadable(int fd) {
  for (auto& s : sources_) {
    if (s.output.fd != fd || !s.open) continue;
    char buffer[4096];
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
    if (n <= 0) {
      if (!s.pending.empty()) emit(s, s.pending);
      s.pending.clear();
      s.open = false;
      return false;
    }
    s.pending.append(buffer, static_cast<size_t>(n));
    size_t start = 0;
    for (size_t nl; (nl = s.pending.find('\n', start)) != std::string::npos; start = nl + 1)
      emit(s, std::string_view(s.pending).substr(start, nl - start));
    s.pending.erase(0, start);
    while (s.pending.size() >= kMaxLine) {
      emit(s, std::string_view(s.pending).substr(0, kMaxLine));
      s.pending.erase(0, kMaxLine);
    }
    return true;
  }
  return false;
}

bool OutputForwarder::allClosed() const {
  for (const auto& s : sources_)
    if (s.open) return false;
  return true;
}

std::vector<int> OutputForwarder::openFds() const {
  std::vector<int> fds;
  for (const auto& s : sources_)
    if (s.open) fds.push_back(s.output.fd);
  return fds;
}

}  // namespace bulkhead::supervisor
