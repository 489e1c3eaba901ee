#include "supervisor/health_report.hpp"

#include <string.h>

namespace bulkhead::supervisor {

std::string HealthMonitor::when(std::uint64_t f) {
  return f == 0 ? std::string("during start-up") : "in frame " + std::to_string(f);
}

void HealthMonitor::partitionEnded(const std::string& partition, const ExitStatus& status, bool duringShutdown,
                                   std::uint64_t frame) {
  countFault();
  std::string what;
  if (status.signalled) {
    const char* abbrev = ::sigabbrev_np(status.signal);
    what = "crashed: signal " + std::to_string(status.signal) + (abbrev ? std::string(" (SIG") + abbrev + ")" : "");
  } else {
    what = "exited with status " + std::to_string(status.code);
  }
  const std::string report =
      "health: partition " + partition + " " + what + " " + (duringShutdown ? std::string("while shutting down") : when(frame));
  console_.report(report);
  if (listener_) listener_(partition, report);
}

bool HealthMonitor::filterLine(const std::string& partition, OutputStream stream, std::string_view line,
                               std::uint64_t frame) {
  if (stream != OutputStream::Stderr || line.find(kHealthMarker) == std::string_view::npos) return true;
  countFault();
  const std::string report = "health: partition " + partition + " reported \"" + std::string(line) + "\" " + when(frame);
  console_.report(report);
  if (listener_) listener_(partition, report);
  return false;
}

}  // namespace bulkhead::supervisor
