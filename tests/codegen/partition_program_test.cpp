// Generated partition programs run as the supervisor runs them (team
// contract): channel fds from 3 on, the environment, ticks on the period
// queue, SIGTERM to end. This stands in for supervisor/ so the program side of
// the contract is checked on its own.
#include "channel/data_port.hpp"
#include "channel/event_data_queue.hpp"
#include "channel/event_port.hpp"
#include "channel/eventfd_notification.hpp"
#include "channel/layout.hpp"
#include "channel/shared_region.hpp"
#include "plan/build_plan.hpp"
#include "plan/plan_json.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <optional>
#include <poll.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using namespace bulkhead;

std::uint64_t mixedPlanFingerprint() {
  std::ifstream in(MIXED_PLAN_JSON);
  auto plan = plan::planFromJson(nlohmann::json::parse(in));
  EXPECT_TRUE(plan.has_value());
  return plan::fingerprint(*plan);
}

struct ChannelFds {
  channel::SharedRegion region;
  base::UniqueFd eventfd;
};

ChannelFds makeChannel(const channel::Geometry& geometry) {
  auto region = channel::SharedRegion::create("test", *channel::regionSize(geometry));
  EXPECT_TRUE(region.has_value());
  EXPECT_TRUE(channel::format(region->bytes(), geometry).has_value());
  auto eventfd = channel::createEventfd();
  EXPECT_TRUE(eventfd.has_value());
  return ChannelFds{std::move(*region), std::move(*eventfd)};
}

// A partition program started the supervisor's way, its stdout+stderr in a pipe.
struct Child {
  pid_t pid = -1;
  int output = -1;
  std::string text;

  // Reads what is there now (non-blocking).
  void drain() {
    char buffer[4096];
    while (true) {
      pollfd fd{output, POLLIN, 0};
      if (poll(&fd, 1, 0) <= 0) return;
      ssize_t n = read(output, buffer, sizeof buffer);
      if (n <= 0) return;
      text.append(buffer, static_cast<std::size_t>(n));
    }
  }
  // Waits (bounded) until `needle` appears `times` times.
  bool waitFor(const std::string& needle, int times = 1) {
    for (int i = 0; i < 4000; ++i) {  // up to 20 s: a bound for loaded CI machines, not a timing check
      drain();
      int found = 0;
      for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++found;
      if (found >= times) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
  }
  int terminate() {
    kill(pid, SIGTERM);
    return finish();
  }
  // Waits for the program to end by itself.
  int finish() {
    int status = 0;
    waitpid(pid, &status, 0);
    char buffer[4096];
    ssize_t n;
    while ((n = read(output, buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<std::size_t>(n));
    close(output);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
};

// fds: (memory, eventfd) per hand-over entry, in order.
Child start(const char* program, const std::vector<std::pair<int, int>>& fds, const std::string& partition,
            const std::string& fingerprint) {
  int pipeFds[2];
  EXPECT_EQ(pipe(pipeFds), 0);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(pipeFds[1], 1);
    dup2(pipeFds[1], 2);
    // Move every fd out of the way first, then into place from 3 on.
    std::vector<int> moved;
    for (auto [memory, event] : fds) {
      moved.push_back(fcntl(memory, F_DUPFD, 100));
      moved.push_back(fcntl(event, F_DUPFD, 100));
    }
    for (std::size_t i = 0; i < moved.size(); ++i) dup2(moved[i], 3 + static_cast<int>(i));
    for (int fd = 3 + static_cast<int>(moved.size()); fd < 1024; ++fd) close(fd);
    setenv("BULKHEAD_PARTITION", partition.c_str(), 1);
    setenv("BULKHEAD_PLAN_FINGERPRINT", fingerprint.c_str(), 1);
    setenv("BULKHEAD_CHANNEL_TRANSPORT", "fd", 1);
    execl(program, program, nullptr);
    _exit(127);
  }
  close(pipeFds[1]);
  return Child{pid, pipeFds[0], ""};
}

std::vector<std::string> linesWith(const std::string& text, const std::string& prefix) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (line.starts_with(prefix)) lines.push_back(line);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return lines;
}

TEST(PartitionProgram, SenderAndReceiverRunTheContract) {
  const std::string fingerprint = plan::fingerprintHex(mixedPlanFingerprint());
  // Channels as in the plan: write_port (queue 3), level (data), ping
  // (event), text (queue 2), and a period queue per partition.
  ChannelFds writePort = makeChannel({channel::Kind::EventData, 3, 8});
  ChannelFds level = makeChannel({channel::Kind::Data, 1, 16});
  ChannelFds ping = makeChannel({channel::Kind::Event, 4, 0});
  ChannelFds text = makeChannel({channel::Kind::EventData, 2, 160});
  ChannelFds pose = makeChannel({channel::Kind::Data, 1, 82});
  ChannelFds senderTicks = makeChannel({channel::Kind::EventData, 1, 8});
  ChannelFds receiverTicks = makeChannel({channel::Kind::EventData, 1, 8});
  auto readOnly = [](ChannelFds& c) { return channel::reopenReadOnly(c.region.fd())->release(); };

  Child sender = start(SENDER_PROGRAM,
                       {{writePort.region.fd(), writePort.eventfd.get()}, {level.region.fd(), level.eventfd.get()},
                        {ping.region.fd(), ping.eventfd.get()}, {text.region.fd(), text.eventfd.get()},
                        {pose.region.fd(), pose.eventfd.get()}, {readOnly(senderTicks), senderTicks.eventfd.get()}},
                       "sender", fingerprint);
  Child receiver = start(RECEIVER_PROGRAM,
                         {{readOnly(writePort), writePort.eventfd.get()}, {readOnly(level), level.eventfd.get()},
                          {readOnly(pose), pose.eventfd.get()}, {readOnly(ping), ping.eventfd.get()},
                          {readOnly(text), text.eventfd.get()},
                          {readOnly(receiverTicks), receiverTicks.eventfd.get()}},
                         "receiver", fingerprint);
  auto pacerToSender = channel::EventDataSender::resume(senderTicks.region.bytes());
  auto pacerToReceiver = channel::EventDataSender::resume(receiverTicks.region.bytes());
  ASSERT_TRUE(pacerToSender && pacerToReceiver);
  channel::EventfdNotifier senderBell(base::UniqueFd(dup(senderTicks.eventfd.get())));
  channel::EventfdNotifier receiverBell(base::UniqueFd(dup(receiverTicks.eventfd.get())));
  auto published = channel::EventDataReceiver::attach(writePort.region.bytes());
  ASSERT_TRUE(published);
  // pose is the sender's last output: once it is fresh, the whole frame's
  // outputs are (write_port alone left a loaded machine's receiver a stale pose).
  auto lastOutput = channel::DataReceiver::attach(pose.region.bytes());
  ASSERT_TRUE(lastOutput);
  std::vector<std::byte> poseBytes(lastOutput->maxBytes());

  ASSERT_TRUE(sender.waitFor("initialise"));
  ASSERT_TRUE(receiver.waitFor("initialise: get refused"));
  for (std::uint8_t tick = 1; tick <= 3; ++tick) {
    const std::byte value{tick};
    ASSERT_TRUE(pacerToSender->send(8, {&value, 1}));
    senderBell.notify();
    // The sender's window: wait until it has published this frame's value.
    for (int i = 0; i < 10000 && !published->hasNew(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    std::byte out[1];
    ASSERT_TRUE(published->dequeue(out));
    for (int i = 0; i < 10000 && !lastOutput->hasNew(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    ASSERT_TRUE(lastOutput->read(poseBytes));
    ASSERT_TRUE(pacerToReceiver->send(8, {&value, 1}));
    receiverBell.notify();
    ASSERT_TRUE(receiver.waitFor("reader: read_port", tick));
    // The sporadic handler runs on its own minimum inter-arrival, not with
    // the reader's tick: wait until it has taken this frame's ping and text,
    // or the next frame's ping would find this one still queued (x2).
    ASSERT_TRUE(receiver.waitFor("handler: ping", tick));
    ASSERT_TRUE(receiver.waitFor("handler: text", tick));
  }
  EXPECT_EQ(sender.terminate(), 0);
  EXPECT_EQ(receiver.terminate(), 0);

  EXPECT_EQ(linesWith(sender.text, "Art: "),
            (std::vector<std::string>{
                "Art: Registered component: top_impl_Instance_sender_sender (periodic: 1000)",
                "Art: - Registered port: top_impl_Instance_sender_sender_write_port (event out)",
                "Art: - Registered port: top_impl_Instance_sender_sender_level (data out)",
                "Art: - Registered port: top_impl_Instance_sender_sender_ping (event out)",
                "Art: - Registered port: top_impl_Instance_sender_sender_text (event out)",
                "Art: - Registered port: top_impl_Instance_sender_sender_spare (event out)",
                "Art: - Registered port: top_impl_Instance_sender_sender_pose (data out)"}));
  EXPECT_EQ(linesWith(receiver.text, "reader: "),
            (std::vector<std::string>{"reader: read_port 0 level 1000 fresh pose 0.0 mode 0 samples 0 0 1000",
                                      "reader: read_port 1 level 1001 fresh pose 0.5 mode 1 samples 1 -1 1000",
                                      "reader: read_port 2 level 1002 fresh pose 1.0 mode 2 samples 2 -2 1000"}));
  EXPECT_EQ(linesWith(receiver.text, "handler: text"),
            (std::vector<std::string>{"handler: text n=0", "handler: text n=1", "handler: text n=2"}));
  EXPECT_EQ(linesWith(receiver.text, "handler: ping"),
            (std::vector<std::string>{"handler: ping x1", "handler: ping x1", "handler: ping x1"}));
  EXPECT_EQ(linesWith(sender.text, "top_impl_Instance_sender_sender: "),
            (std::vector<std::string>{"top_impl_Instance_sender_sender: initialise",
                                      "top_impl_Instance_sender_sender: finalise"}));
  // The refused get in initialise is reported on stderr, with the thread's name.
  EXPECT_EQ(linesWith(receiver.text, "top_impl_Instance_receiver_reader: "),
            (std::vector<std::string>{
                "top_impl_Instance_receiver_reader: get_read_port refused: inputs are frozen only at a dispatch, not "
                "in initialise or finalise",
                "top_impl_Instance_receiver_reader: initialise: get refused",
                "top_impl_Instance_receiver_reader: finalise"}));
}

TEST(PartitionProgram, RefusesAPlanFingerprintOtherThanItsOwn) {
  Child sender = start(SENDER_PROGRAM, {}, "sender", "0000000000000001");
  EXPECT_EQ(sender.finish(), 1);
  EXPECT_EQ(sender.text, "partition sender: plan fingerprint mismatch: the supervisor runs plan 0000000000000001 but "
                         "this program was generated from plan " +
                             plan::fingerprintHex(mixedPlanFingerprint()) +
                             "; rebuild the partition programs from the same model\n");
}

TEST(PartitionProgram, RefusesToStartOutsideTheSupervisor) {
  Child sender = start(SENDER_PROGRAM, {}, "", "1");
  EXPECT_EQ(sender.finish(), 1);
  EXPECT_EQ(sender.text,
            "partition sender: BULKHEAD_PARTITION is not set: partition programs are started by `bulkhead run`\n");
}

TEST(PartitionProgram, RefusesATimeScaleThatIsNotAPositiveNumber) {
  const std::string fingerprint = plan::fingerprintHex(mixedPlanFingerprint());
  for (const char* scale : {"fast", "0", "-0.5", "0.05x"}) {
    setenv("BULKHEAD_TIME_SCALE", scale, 1);
    Child sender = start(SENDER_PROGRAM, {}, "sender", fingerprint);
    unsetenv("BULKHEAD_TIME_SCALE");
    EXPECT_EQ(sender.finish(), 1);
    EXPECT_EQ(sender.text, "partition sender: BULKHEAD_TIME_SCALE '" + std::string(scale) + "' is not a positive number\n");
  }
}

TEST(PartitionProgram, MissingChannelFdsAreReportedNotFaulted) {
  const std::string fingerprint = plan::fingerprintHex(mixedPlanFingerprint());
  Child sender = start(SENDER_PROGRAM, {}, "sender", fingerprint);
  EXPECT_EQ(sender.finish(), 1);
  EXPECT_EQ(sender.text,
            "partition sender: channel #0: no shared-memory fd 3 from the supervisor (Bad file descriptor)\n");
}

TEST(PartitionProgram, BothVmProducerAndConsumerPrintTheSeedLines) {
  auto plan = plan::loadPlan({BOTH_VM_MODEL});
  ASSERT_TRUE(plan.has_value());
  const std::string fingerprint = plan::fingerprintHex(plan::fingerprint(*plan));
  ChannelFds writePort = makeChannel({channel::Kind::EventData, 1, 8});
  ChannelFds producerTicks = makeChannel({channel::Kind::EventData, 1, 8});
  ChannelFds consumerTicks = makeChannel({channel::Kind::EventData, 1, 8});
  auto readOnly = [](ChannelFds& c) { return channel::reopenReadOnly(c.region.fd())->release(); };
  Child producer = start(BOTH_VM_PRODUCER, {{writePort.region.fd(), writePort.eventfd.get()},
                                            {readOnly(producerTicks), producerTicks.eventfd.get()}},
                         "producer", fingerprint);
  Child consumer = start(BOTH_VM_CONSUMER, {{readOnly(writePort), writePort.eventfd.get()},
                                            {readOnly(consumerTicks), consumerTicks.eventfd.get()}},
                         "consumer", fingerprint);
  auto pacerToProducer = channel::EventDataSender::resume(producerTicks.region.bytes());
  auto pacerToConsumer = channel::EventDataSender::resume(consumerTicks.region.bytes());
  channel::EventfdNotifier producerBell(base::UniqueFd(dup(producerTicks.eventfd.get())));
  channel::EventfdNotifier consumerBell(base::UniqueFd(dup(consumerTicks.eventfd.get())));
  auto published = channel::EventDataReceiver::attach(writePort.region.bytes());
  ASSERT_TRUE(pacerToProducer && pacerToConsumer && published);
  ASSERT_TRUE(producer.waitFor("Art: - Registered port"));
  ASSERT_TRUE(consumer.waitFor("Art: - Registered port"));
  // Twelve frames, as `bulkhead run --frames 12` runs them: values 00..0B.
  for (int frame = 1; frame <= 12; ++frame) {
    const std::byte tick{static_cast<unsigned char>(frame)};
    ASSERT_TRUE(pacerToProducer->send(8, {&tick, 1}));
    producerBell.notify();
    for (int i = 0; i < 10000 && !published->hasNew(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    std::byte sink[1];
    ASSERT_TRUE(published->dequeue(sink));
    ASSERT_TRUE(pacerToConsumer->send(8, {&tick, 1}));
    consumerBell.notify();
    ASSERT_TRUE(consumer.waitFor("vmconsumer: Received", frame));
  }
  EXPECT_EQ(producer.terminate(), 0);
  EXPECT_EQ(consumer.terminate(), 0);
  EXPECT_EQ(producer.text,
            "Art: Registered component: top_impl_Instance_producer_producer (periodic: 1000)\n"
            "Art: - Registered port: top_impl_Instance_producer_producer_write_port (event out)\n");
  std::string expected =
      "Art: Registered component: top_impl_Instance_consumer_consumer (periodic: 1000)\n"
      "Art: - Registered port: top_impl_Instance_consumer_consumer_read_port (event in)\n";
  for (int value = 0; value < 12; ++value) {
    char line[64];
    std::snprintf(line, sizeof line, "vmconsumer: Received 8 bits on read_port: [ %02X ]\n\n", value);
    expected += line;
  }
  EXPECT_EQ(consumer.text, expected);
}

}  // namespace
