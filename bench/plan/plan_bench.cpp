// Plan-stage scaling: for generated models of 100, 1,000 and 10,000
// threads, the median CPU time of buildPlan, of the Plan's JSON + fingerprint
// and of its table, each against the model load (parse .. checks) of the
// same model measured in the same run.
#include "bench/model/model_generator.hpp"
#include "model/load.hpp"
#include "plan/build_plan.hpp"
#include "plan/plan_json.hpp"
#include "plan/plan_text.hpp"

#include <algorithm>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

// Process CPU time: the machine is shared, and wall time would measure the
// neighbours as much as this code. Everything measured here is one thread.
struct Clock {
  using time_point = double;
  static double now() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
  }
};

double millisecondsSince(double start) { return Clock::now() - start; }

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

void replaceAll(std::string& text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

// The generator gives one domain per process with 2 ms of work in a 1000 ms
// frame: 2,500 processes would need 5 s of windows, more than any default
// schedule holds. Shorter work on finer ticks lets the default fit at every
// size, so the bench measures a Plan that is actually built.
std::string schedulable(std::string text) {
  replaceAll(text, "Compute_Execution_Time => 1 ms .. 2 ms;", "Compute_Execution_Time => 10 us .. 100 us;");
  replaceAll(text, "Clock_Period => 1 ms;", "Clock_Period => 10 us;");
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  std::printf("%8s %9s %9s %12s %12s %12s %12s %10s\n", "threads", "channels", "slots", "load ms", "buildPlan ms",
              "json+fp ms", "table ms", "plan/load");
  double build1k = 0, build10k = 0;
  for (int size : {100, 1000, 10000}) {
    const std::string text = schedulable(bulkhead::bench::generateModel(size).text);
    std::vector<double> load, build, json, table;
    size_t channels = 0, slots = 0;
    for (int run = 0; run < runs; ++run) {
      auto start = Clock::now();
      auto instance = bulkhead::model::loadModel(std::vector<bulkhead::model::SourceText>{{"bench.aadl", text}});
      load.push_back(millisecondsSince(start));
      if (!instance) {
        std::fputs(bulkhead::model::render(instance.error()).substr(0, 2000).c_str(), stderr);
        return 1;
      }
      start = Clock::now();
      auto plan = bulkhead::plan::buildPlan(*instance);
      build.push_back(millisecondsSince(start));
      if (!plan) {
        std::fputs(bulkhead::model::render(plan.error()).substr(0, 2000).c_str(), stderr);
        return 1;
      }
      start = Clock::now();
      volatile std::uint64_t print = bulkhead::plan::fingerprint(*plan);
      (void)print;
      json.push_back(millisecondsSince(start));
      start = Clock::now();
      volatile size_t length = bulkhead::plan::planText(*plan).size();
      (void)length;
      table.push_back(millisecondsSince(start));
      channels = plan->channels.size();
      slots = plan->schedule.slots.size();
    }
    const double buildMedian = median(build), loadMedian = median(load);
    if (size == 1000) build1k = buildMedian;
    if (size == 10000) build10k = buildMedian;
    std::printf("%8d %9zu %9zu %12.2f %12.2f %12.2f %12.2f %10.3f\n", size, channels, slots, loadMedian, buildMedian,
                median(json), median(table), buildMedian / loadMedian);
  }
  std::printf("buildPlan 10k/1k time ratio: %.1f (linear would be 10)\n", build10k / build1k);
  return 0;
}
