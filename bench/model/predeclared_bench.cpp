// What the complete predeclared property sets cost a small model: `check` of
// examples/both_vm (load = parse, resolve, instantiate, check) with every
// predeclared set on offer, against the same load offered only the sets
// both_vm names. The two are measured interleaved in one run, so machine noise
// falls on both; the goal is a median ratio of at most 1.5. It also prints what
// parsing every predeclared source would cost each load, which is why sets a
// model does not name are not parsed.
#include "model/load.hpp"
#include "model/parser.hpp"
#include "model/predeclared.hpp"
#include "model/source_file.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 51;
  std::ifstream in(BOTH_VM_MODEL);
  std::stringstream text;
  text << in.rdbuf();
  if (!in || text.str().empty()) {
    std::fprintf(stderr, "cannot read %s\n", BOTH_VM_MODEL);
    return 1;
  }
  // What both_vm names: its `with`s, the standard sets of the properties it
  // sets (Period, Dispatch_Protocol, Actual_Processor_Binding, Data_Size via
  // Base_Types) and AADL_Project, which those sets' types refer to.
  const std::vector<std::string> named = {"aadl_project", "timing_properties", "thread_properties", "deployment_properties",
                       "memory_properties", "data_model", "base_types", "hamr", "case_scheduling"};
  const std::vector<std::string> full;  // empty: every predeclared set

  auto load = [&](const std::vector<std::string>& offered) {
    auto start = Clock::now();
    auto result = bulkhead::model::loadModel({{"both_vm.aadl", text.str()}}, {}, offered);
    double ms = msSince(start);
    if (!result || result->connections.empty()) {
      if (!result) std::fputs(bulkhead::model::render(result.error()).c_str(), stderr);
      std::exit(1);
    }
    return ms;
  };
  std::vector<double> fullMs, namedMs, parseAllMs;
  for (int i = 0; i < runs; ++i) {
    fullMs.push_back(load(full));
    namedMs.push_back(load(named));
    auto start = Clock::now();
    for (const auto& source : bulkhead::model::predeclaredSources()) {
      bulkhead::model::SourceFile file{std::string(source.name), std::string(source.text)};
      bulkhead::model::Diagnostics diagnostics;
      auto tree = bulkhead::model::parseFile(file, diagnostics);
      if (diagnostics.hasErrors()) std::exit(1);
    }
    parseAllMs.push_back(msSince(start));
  }
  double ratio = median(fullMs) / median(namedMs);
  std::printf("check examples/both_vm, median of %d interleaved runs\n", runs);
  std::printf("  every predeclared set on offer: %.3f ms\n", median(fullMs));
  std::printf("  only the sets both_vm names:    %.3f ms\n", median(namedMs));
  std::printf("  (parsing all %zu predeclared sources: %.3f ms)\n", bulkhead::model::predeclaredSources().size(),
              median(parseAllMs));
  std::printf("ratio full/named: %.2f (goal <= 1.5: %s)\n", ratio, ratio <= 1.5 ? "met" : "MISSED");
  return ratio <= 1.5 ? 0 : 2;
}
