// Line forwarding, the health monitor's line filter and the scaled domain
// timeline, without partitions.
#include "supervisor/domain_timeline.hpp"
#include "supervisor/health_report.hpp"
#include "supervisor/output_forwarder.hpp"
#include "plan_builder.hpp"
#include "supervisor_harness.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

namespace bulkhead::supervisor::testing {
namespace {

struct Captured {
  TempDir dir;
  int out = ::open((dir.path() / "out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  int err = ::open((dir.path() / "err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ~Captured() {
    ::close(out);
    ::close(err);
  }
  std::string stdoutText() const { return readFile(dir.path() / "out"); }
  std::string stderrText() const { return readFile(dir.path() / "err"); }
};

void put(int fd, const std::string& text) { ASSERT_EQ(::write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size())); }

TEST(OutputForwarder, ForwardsWholeLinesOnlyWithPrefixAndFlushesTheLastPartialLineAtEnd) {
  Captured c;
  Console console(c.out, c.err);
  OutputForwarder forwarder(console);
  int pipeFds[2];
  ASSERT_EQ(::pipe(pipeFds), 0);
  forwarder.add({pipeFds[0], OutputStream::Stdout, "vm: "}, 0);
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
  forwarder.add({pipeFds[0], OutputStream::Stdout, "vmconsumer: "}, 0);
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
  forwarder.add({pipeFds[0], OutputStream::Stderr, ""}, 0);
  const std::string chunk(4096, 'x');
  for (size_t sent = 0; sent < OutputForwarder::kMaxLine + 10; sent += chunk.size()) {
    put(pipeFds[1], chunk);
    forwarder.onReadable(pipeFds[0]);
  }
  auto text = c.stderrText();
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.find('\n'), OutputForwarder::kMaxLine);
  ::close(pipeFds[1]);
  ::close(pipeFds[0]);
}

TEST(HealthMonitor, TakesTheRuntimesHealthLinesAndReportsThemWithTheFrame) {
  Captured c;
  Console console(c.out, c.err);
  PlanBuilder b;
  const int consumer = b.partition("consumer", 1);
  HealthMonitor health(console, b.plan());
  health.released(consumer, 4);  // the line was written in frame 4
  EXPECT_TRUE(health.filterLine(consumer, OutputStream::Stdout, "x: health: on stdout is ordinary output"));
  EXPECT_TRUE(health.filterLine(consumer, OutputStream::Stderr, "consumer: an ordinary error"));
  EXPECT_FALSE(health.filterLine(
      consumer, OutputStream::Stderr,
      "top_impl_Instance_consumer_consumer: health: queue overflow on read_port (Overflow_Handling_Protocol Error): 2 dropped"));
  EXPECT_EQ(health.faults(), 1);
  EXPECT_EQ(c.stderrText(),
            "bulkhead: health: partition consumer reported \"top_impl_Instance_consumer_consumer: health: queue overflow "
            "on read_port (Overflow_Handling_Protocol Error): 2 dropped\" in frame 4\n");
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
  health.unfinished(killed, "killed", std::chrono::milliseconds(2000));
  health.partitionExited(killed, "killed", ExitStatus{true, 0, 9}, true);
  health.partitionExited(crashed, "crashed", ExitStatus{true, 0, 11}, true);
  EXPECT_EQ(c.stderrText(),
            "bulkhead: partition killed did not finish within 2000 ms of SIGTERM; killing it\n"
            "bulkhead: health: partition crashed crashed: signal 11 (SIGSEGV) while shutting down\n");
  EXPECT_EQ(health.faults(), 2);
  EXPECT_TRUE(health.allEnded(3));
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
  EXPECT_TRUE(timeline->slots[1].pacer);
  EXPECT_FALSE(timeline->slots[4].pacer);  // a second pacer slot does not tick again
  EXPECT_EQ(timeline->slots[3].partitions, std::vector<int>{0});
  EXPECT_TRUE(timeline->slots[0].partitions.empty());
}

TEST(DomainTimeline, TicksAtTheFrameStartWithoutAPacerSlot) {
  PlanBuilder b;
  b.partition("producer", 2);
  b.schedule({{0, 5}, {2, 5}});
  auto timeline = makeTimeline(b.plan(), 1.0);
  ASSERT_TRUE(timeline);
  EXPECT_TRUE(timeline->slots[0].pacer);
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
