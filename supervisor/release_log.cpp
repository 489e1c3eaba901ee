#include "supervisor/release_log.hpp"

#include <algorithm>
#include <cstdio>

namespace bulkhead::supervisor {

Percentiles percentiles(std::vector<std::int64_t> values) {
  Percentiles p;
  p.count = values.size();
  if (values.empty()) return p;
  std::sort(values.begin(), values.end());
  p.median = values[values.size() / 2];
  p.p99 = values[std::min(values.size() - 1, values.size() * 99 / 100)];
  p.max = values.back();
  return p;
}

bool ReleaseLog::write(std::FILE* f) const {
  std::fprintf(f, "frame,slot,domain,planned_ns,woke_ns,stopped_ns,released_ns,stops,releases\n");
  for (const auto& r : records_)
    std::fprintf(f, "%u,%u,%d,%lld,%lld,%lld,%lld,%u,%u\n", r.frame, r.slot, r.domain,
                 static_cast<long long>(r.planned), static_cast<long long>(r.woke), static_cast<long long>(r.stopped),
                 static_cast<long long>(r.released), r.stops, r.releases);
  return std::fflush(f) == 0 && std::ferror(f) == 0;
}

Percentiles ReleaseLog::releaseJitter() const {
  std::vector<std::int64_t> v;
  for (const auto& r : records_) v.push_back(r.woke - r.planned);
  return percentiles(std::move(v));
}

Percentiles ReleaseLog::frameJitter() const {
  std::vector<std::int64_t> v;
  for (const auto& r : records_)
    if (r.slot == 0) v.push_back(r.woke - r.planned);
  return percentiles(std::move(v));
}

ScheduleSlip ReleaseLog::slip() const {
  ScheduleSlip slip;
  std::int64_t previous = 0;
  for (const auto& r : records_) {
    if (r.slip > previous) ++slip.times;
    previous = r.slip;
  }
  slip.total = previous;
  return slip;
}

Percentiles ReleaseLog::stopCost() const {
  std::vector<std::int64_t> v;
  for (const auto& r : records_)
    if (r.stops > 0) v.push_back(r.stopped - r.woke);
  return percentiles(std::move(v));
}

Percentiles ReleaseLog::releaseCost() const {
  std::vector<std::int64_t> v;
  for (const auto& r : records_)
    if (r.releases > 0) v.push_back(r.released - r.stopped);
  return percentiles(std::move(v));
}

}  // namespace bulkhead::supervisor
