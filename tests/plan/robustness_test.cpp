// Bad input never crashes the plan stage: random bytes into the schedule
// parser, and every single-line deletion of both_vm through buildPlan.
#include "model/load.hpp"
#include "plan/build_plan.hpp"
#include "plan/domain_schedule_source.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

namespace bulkhead::plan {
namespace {

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(PlanRobustness, RandomBytesIntoTheScheduleParser) {
  std::mt19937 random(20261128);
  const std::string alphabet = "{}[],.=;/*#\\\n \t-0123456789xXuUL ksDomSchedule domain length \"'";
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const size_t size = random() % 200;
    for (size_t i = 0; i < size; ++i)
      text += round % 2 ? static_cast<char>(random() % 256) : alphabet[random() % alphabet.size()];
    if (round % 3 == 0) text = "const dschedule_t ksDomSchedule[] = {" + text;
    auto parsed = parseScheduleSource(text, "random.c");
    if (!parsed) {
      EXPECT_FALSE(parsed.error().message.empty());
      EXPECT_GE(parsed.error().location.line, 1u);
    }
  }
}

TEST(PlanRobustness, EveryLineDeletionOfBothVm) {
  const std::string path = testing::sourceFile("examples/both_vm/both_vm.aadl");
  const std::string text = readFile(path);
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_GT(lines.size(), 50u);
  int plans = 0, rejected = 0;
  for (size_t drop = 0; drop < lines.size(); ++drop) {
    std::string variant;
    for (size_t i = 0; i < lines.size(); ++i)
      if (i != drop) variant += lines[i] + "\n";
    // Named as the real file, so that domain_schedule.c resolves next to it.
    auto instance = model::loadModel(std::vector<model::SourceText>{{path, variant}});
    if (!instance) continue;
    auto plan = buildPlan(*instance);
    if (plan) {
      ++plans;
      EXPECT_EQ(plan->partitions.size(), 2u) << "without line " << drop + 1;
    } else {
      ++rejected;
      ASSERT_FALSE(plan.error().items.empty());
      for (const Diagnostic& d : plan.error().items) EXPECT_FALSE(d.message.empty()) << "without line " << drop + 1;
    }
  }
  EXPECT_GT(plans, 0);     // comments and blank lines
  EXPECT_GT(rejected, 0);  // e.g. without the Domain of a process
}

}  // namespace
}  // namespace bulkhead::plan
