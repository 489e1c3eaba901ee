// Line forwarding, the health monitor and the scaled domain timeline,
// without partitions.
#include "supervisor/domain_timeline.hpp"
#include "supervisor/health_report.hpp"
#include "supervisor/output_forwarder.hpp"
#include "plan_builder.hpp"
#include "supervisor_harness.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <utility>
#include <vector>

namespace bulkhead::supervisor::testing {
namespace {

void put(int fd, const std::string& text) { ASSERT_EQ(::write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size())); }

TEST(OutputForwarder, ForwardsWholeLinesOnlyWithPrefixAndFlushesTheLastPartialLineAtEnd) {
  Captured c;
  Console console(c.out, c.err);
  OutputForwarder forwarder(console);
  int pipeFds[2];
  ASSERT_EQ(::pipe(pipeFds), 0);
  forwarder.add({pipeFds[0], OutputStream::Stdout, "vm: "}, "producer");
  put(pipeFds[1], "abc");
  EXPECT_TRUE(forwarder.onReadable(pipeFds[0]));
  EXPECT_EQ(c.stdoutText(), "");  // no newline yet: nothing forwarded
  put(pipeFds[1], "def\r\nghi\n\njkl");
  EXPECT_TRUE(forwarder.onReadable(pipeFds[0]));
  EXPECT_EQ(c.stdoutText(), "vm: abcdef\nvm: ghi\n\n");
  ::close(pipeFds[1]);
  EXPECT_FALSE(forwarder.onReadable(pipeFds[0]));
  EXPECT_EQ(c.stdoutText(), "vm: abcdef\nvm: ghi\n\nvm: jkl\n");
  EXPECT_TRUE(forwarder.allClosed());
  ::close(pipeFds[0]);
}

TEST(OutputForwarder, DoesNotNameALineTwice) {
  Captured c;
  Console console(c.out, c.err);
  OutputForwarder forwarder(console);
  int pipeFds[2];
  ASSERT_EQ(::pipe(pipeFds), 0);
  forwarder.add({pipeFds[0], OutputStream::Stdout, "vmconsumer: "}, "consumer");
  put(pipeFds[1], "vmconsumer: Received 8 bits on read_port: [ 06 ]\n\nHello\n");
  EXPECT_TRUE(forwarder.onReadable(pipeFds[0]));
  EXPECT_EQ(c.stdoutText(), "vmconsumer: Received 8 bits on read_port: [ 06 ]\n\nvmconsumer: Hello\n");
  ::close(pipeFds[1]);
  ::close(pipeFds[0]);
}

TEST(OutputForwarder, CutsAnEndlessLine) {
  Captured c;
  Console console(c.out, c.err);
  OutputForwarder forwarder(console);
  int pipeFds[2];
  ASSERT_EQ(::pipe(pipeFds), 0);
  ::fcntl(pipeFds[0], F_SETFL, O_NONBLOCK);
  forwarder.add({pipeFds[0], OutputStream::Stderr, ""}, "p");
  const std::string chunk(4096, 'x');
  for (size_t sent = 0; sent < OutputForwarder::kMaxLine + 10; sent += chunk.size()) {
    put(pipeFds[1], chunk);
    forwarder.onReadable(pipeFds[0]);
  }
  auto text = c.stderrText();
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.find('\n'), OutputForwarder::kMaxLine + 3) << "p: and the first kMaxLine bytes";
  ::close(pipeFds[1]);
  ::close(pipeFds[0]);
}

TEST(HealthMonitor, ReportsAnExitDuringStartUp) {
  Captured c;
  Console console(c.out, c.err);
  PlanBuilder b;
  const int producer = b.partition("producer", 1);
  HealthMonitor health(console, b.plan());
  health.partitionExited(producer, "producer", ExitStatus{false, 1, 0}, false);
  EXPECT_EQ(c.stderrText(), "bulkhead: health: partition producer exited with status 1 during start-up\n");
  EXPECT_TRUE(health.ended(producer));
  EXPECT_EQ(health.faults(), 1);
}

TEST(HealthMonitor, AShutdownExitIsAFaultOnlyWhenTheSupervisorDidNotCauseIt) {
  Captured c;
  Console console(c.out, c.err);
  PlanBuilder b;
  const int clean = b.partition("clean", 1);
  const int killed = b.partition("killed", 1);
  const int crashed = b.partition("crashed", 1);
  HealthMonitor health(console, b.plan());
  health.partitionExited(clean, "clean", ExitStatus{false, 0, 0}, true);
  health.overranAtShutdown(killed, "killed", std::chrono::milliseconds(2000));
  health.partitionExited(killed, "killed", ExitStatus{true, 0, 9}, true);
  health.partitionExited(crashed, "crashed", ExitStatus{true, 0, 11}, true);
  EXPECT_EQ(c.stderrText(),
            "bulkhead: health: partition killed overran its window while shutting down: still running 2000 ms after "
            "SIGTERM; killing it\n"
            "bulkhead: health: partition crashed crashed: signal 11 (SIGSEGV) while shutting down\n");
  EXPECT_EQ(health.faults(), 2);
  EXPECT_TRUE(health.allEnded(3));
}

// Each policy answers a fault and says so on the report; Restart counts up
// to its limit and then stops the partition. A partition being killed for
// its answer is not answered again, and nothing is answered at shutdown.
TEST(HealthMonitor, AnswersEachFaultWithThePartitionsPolicy) {
  Captured c;
  Console console(c.out, c.err);
  PlanBuilder b;
  for (const char* name : {"a", "b", "c", "d"}) b.partition(name, 1);
  plan::Plan plan = b.plan();
  plan.partitions[1].health = {plan::HealthAction::Restart, 2};
  plan.partitions[2].health = {plan::HealthAction::StopPartition, 3};
  plan.partitions[3].health = {plan::HealthAction::StopSystem, 3};
  HealthMonitor health(console, plan);
  std::vector<std::pair<int, HealthResponse>> answered;
  health.setResponder([&](int p, HealthResponse r) { answered.emplace_back(p, r); });
  health.faultIn(0, "overran its window", 7);
  for (std::uint64_t frame : {3, 5, 8}) {
    health.partitionExited(1, "b", ExitStatus{true, 0, 6}, false);
    health.markRestarted(1);
    health.released(1, frame);
  }
  health.faultIn(2, "reported \"x\"", 2);
  health.markKilledBySupervisor(2);
  health.faultIn(2, "reported \"y\"", 2);  // reported, not answered again
  health.faultIn(3, "wrote a corrupt channel (x)", 4);
  health.setShuttingDown();
  health.faultIn(3, "wrote a corrupt channel (z)", 9);
  EXPECT_EQ(health.restarts(1), 2u);
  EXPECT_EQ(health.faults(), 8);
  const std::vector<std::pair<int, HealthResponse>> expected = {{1, HealthResponse::Restart},
                                                                {1, HealthResponse::Restart},
                                                                {1, HealthResponse::StopPartition},
                                                                {2, HealthResponse::StopPartition},
                                                                {3, HealthResponse::StopSystem}};
  EXPECT_EQ(answered, expected);
  EXPECT_EQ(c.stderrText(),
            "bulkhead: health: partition a overran its window in frame 7\n"
            "bulkhead: health: partition b crashed: signal 6 (SIGABRT) during start-up; restarting it at its next window "
            "(restart 1 of 2)\n"
            "bulkhead: health: partition b crashed: signal 6 (SIGABRT) in frame 3; restarting it at its next window "
            "(restart 2 of 2)\n"
            "bulkhead: health: partition b crashed: signal 6 (SIGABRT) in frame 5; it was restarted 2 times "
            "(Restart_Limit): stopping it\n"
            "bulkhead: health: partition c reported \"x\" in frame 2; stopping it (Health_Policy Stop_Partition)\n"
            "bulkhead: health: partition c reported \"y\" in frame 2\n"
            "bulkhead: health: partition d wrote a corrupt channel (x) in frame 4; stopping the system (Health_Policy "
            "Stop_System)\n"
            "bulkhead: health: partition d wrote a corrupt channel (z) in frame 9\n");
}

// A partition killed to be restarted: its exit is no new fault, and starts the restart.
TEST(HealthMonitor, TheExitOfAPartitionKilledForItsRestartStartsTheRestart) {
  Captured c;
  Console console(c.out, c.err);
  PlanBuilder b;
  const int p = b.partition("p", 1);
  HealthMonitor health(console, b.plan());
  std::vector<HealthResponse> answered;
  health.setResponder([&](int, HealthResponse r) { answered.push_back(r); });
  health.markRestartOnExit(p);
  health.partitionExited(p, "p", ExitStatus{true, 0, 9}, false);
  EXPECT_EQ(answered, std::vector<HealthResponse>{HealthResponse::Restart});
  EXPECT_EQ(health.faults(), 0);
  EXPECT_EQ(c.stderrText(), "");
}

TEST(DomainTimeline, ScalesEverySlotAndTicksThePacerOncePerFrame) {
  PlanBuilder b;
  b.partition("producer", 2);
  b.periodQueues();
  b.schedule({{0, 80}, {1, 5}, {0, 5}, {2, 200}, {1, 5}, {0, 205}});
  auto timeline = makeTimeline(b.plan(), 0.05);
  ASSERT_TRUE(timeline) << timeline.error();
  const std::int64_t tick = PlanBuilder::kTickNs;  // 500 ticks a frame, scaled by 0.05
  EXPECT_EQ(timeline->frame, 25 * tick);
  ASSERT_EQ(timeline->slots.size(), 6u);
  EXPECT_EQ(timeline->slots[1].start, 4 * tick);
  EXPECT_EQ(timeline->slots[1].length, tick / 4);
  EXPECT_EQ(timeline->slots[1].paced, std::vector<int>{0});
  EXPECT_TRUE(timeline->slots[4].paced.empty());  // no window of a periodic partition before the next pacer slot
  EXPECT_EQ(timeline->slots[3].partitions, std::vector<int>{0});
  EXPECT_TRUE(timeline->slots[0].partitions.empty());
}

TEST(DomainTimeline, SelfPacedWithoutAPacerSlot) {
  PlanBuilder b;
  b.partition("producer", 2);
  b.periodQueues();
  b.schedule({{0, 5}, {2, 5}});
  auto timeline = makeTimeline(b.plan(), 1.0);
  ASSERT_TRUE(timeline);
  EXPECT_TRUE(timeline->slots[0].paced.empty());
  EXPECT_EQ(timeline->slots[1].paced, std::vector<int>{0});  // ticked at its own window
}

TEST(DomainTimeline, RejectsAnEmptyScheduleAndASlotTheScaleMakesEmpty) {
  PlanBuilder empty;
  EXPECT_EQ(makeTimeline(empty.plan(), 1.0).error(), "the domain schedule has no slots");
  PlanBuilder b;
  b.schedule({{0, 1}});
  EXPECT_EQ(makeTimeline(b.plan(), 1e-9).error(), "--time-scale makes slot 0 empty");
}

}  // namespace
}  // namespace bulkhead::supervisor::testing
