#include "kernel/health_report.hpp"

#include <string.h>

#include <cstdio>

namespace bulkhead::kernel {

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

void HealthMonitor::notificationSaturated(const std::string& partition, const std::string& what,
                                          std::uint64_t frame) {
  countFault();
  const std::string report =
      "health: partition " + partition + " saturated " + what + " notification " + when(frame) + "; it is skipped";
  console_.report(report);
  if (listener_) listener_(partition, report);
}

void HealthMonitor::overBudget(const std::string& partition, std::uint64_t usedUs, std::uint64_t budgetUs,
                               std::uint64_t frame) {
  countFault();
  auto ms = [](std::uint64_t us) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f ms", static_cast<double>(us) / 1000.0);
    return std::string(text);
  };
  const std::string report = "health: partition " + partition + " used " + ms(usedUs) + " of CPU time in one frame " +
                             when(frame) + ", beyond its Compute_Execution_Time of " + ms(budgetUs);
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

}  // namespace bulkhead::kernel
