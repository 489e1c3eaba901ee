// both_vm end to end below the supervisor: this test plays the supervisor
// (it formats the channel regions with the channel/ layout, runs the pacer
// and enforces a scaled-down domain schedule by freezing and thawing), and
// runs the producer and the consumer (both_vm_guest.cpp, the real runtime)
// as QEMU VMs or as native processes. Checks the seed's guest lines and at
// least 5 consecutive values from the producer's first send onwards.
#include "channel/event_data_queue.hpp"
#include "channel/layout.hpp"
#include "test_support.hpp"
#include "vm/ivshmem_server.hpp"
#include "vm/vm_partition_host.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <poll.h>
#include <spawn.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace bulkhead::vm {
namespace {

using namespace std::chrono_literals;

struct Region {
  int fd = -1;
  std::span<std::byte> bytes;
  explicit Region(const channel::Geometry& geometry) {
    std::size_t size = ivshmemRegionSize(*channel::regionSize(geometry));
    fd = ::memfd_create("channel", MFD_CLOEXEC);
    EXPECT_EQ(::ftruncate(fd, static_cast<off_t>(size)), 0);
    void* memory = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    bytes = std::span(static_cast<std::byte*>(memory), size);
  }
  ~Region() {
    ::munmap(bytes.data(), bytes.size());
    ::close(fd);
  }
};

int newEventfd() { return ::eventfd(0, EFD_CLOEXEC); }

// A partition, VM or native, as the schedule drives it; its output lines collected.
class Side {
 public:
  virtual ~Side() {
    if (reader_.joinable()) reader_.join();
  }
  virtual void start() = 0;
  virtual void waitStarted() = 0;
  virtual void freeze() = 0;
  virtual void thaw() = 0;
  virtual void stop() = 0;
  std::vector<std::string> lines() {
    std::lock_guard lock(mutex_);
    return lines_;
  }

 protected:
  void collect(int fd) {
    reader_ = std::thread([this, fd] {
      std::string pending;
      char buffer[512];
      for (;;) {
        ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n <= 0) break;
        pending.append(buffer, static_cast<std::size_t>(n));
        for (std::size_t nl; (nl = pending.find('\n')) != std::string::npos; pending.erase(0, nl + 1)) {
          std::lock_guard lock(mutex_);
          lines_.push_back(pending.substr(0, nl));
        }
      }
    });
  }

 private:
  std::thread reader_;
  std::mutex mutex_;
  std::vector<std::string> lines_;
};

class VmSide final : public Side {
 public:
  VmSide(const std::string& partition, std::vector<VmChannelEndpoint> channels) {
    VmPartitionConfig config;
    config.partition = partition;
    config.program = BOTH_VM_GUEST;
    config.channels = std::move(channels);
    config.bootTimeout = 600s;
    config.progress = [](const std::string& line) { std::printf("bulkhead: %s\n", line.c_str()); };
    host_ = std::make_unique<VmPartitionHost>(config);
  }
  ~VmSide() override { host_.reset(); }  // kills QEMU, ending the reader
  void start() override {
    auto started = host_->start();
    ASSERT_TRUE(started) << started.error();
    collect(host_->outputFd());
  }
  void waitStarted() override {
    auto deadline = std::chrono::steady_clock::now() + 400s;
    while (!host_->startupComplete() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(100ms);
    pollfd ended{host_->exitFd(), POLLIN, 0};
    if (::poll(&ended, 1, 0) == 1) {
      auto exit = host_->collectExit();
      FAIL() << "the VM ended during start-up: " << (exit ? "exit " + std::to_string(exit->code) : exit.error());
    }
  }
  void freeze() override { host_->freeze(); }
  void thaw() override { host_->thaw(); }
  void stop() override {
    host_->thaw();
    host_->terminate();
    pollfd p{host_->exitFd(), POLLIN, 0};
    ASSERT_EQ(::poll(&p, 1, 60000), 1) << "the VM did not stop";
    auto exit = host_->collectExit();
    ASSERT_TRUE(exit) << exit.error();
    EXPECT_EQ(exit->code, 0);
  }

 private:
  std::unique_ptr<VmPartitionHost> host_;
};

class NativeSide final : public Side {
 public:
  // fds: the hand-over pairs (memory, eventfd) in order, placed at 3, 4, 5, ...
  NativeSide(std::string partition, std::vector<int> fds) : partition_(std::move(partition)), fds_(std::move(fds)) {}
  ~NativeSide() override {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::kill(pid_, SIGCONT);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  void start() override {
    int out[2];
    ASSERT_EQ(::pipe2(out, O_CLOEXEC), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, out[1], 2);
    // dup2 clears close-on-exec; go through high numbers so no source is overwritten.
    for (std::size_t i = 0; i < fds_.size(); ++i)
      posix_spawn_file_actions_adddup2(&actions, fds_[i], 100 + static_cast<int>(i));
    for (std::size_t i = 0; i < fds_.size(); ++i)
      posix_spawn_file_actions_adddup2(&actions, 100 + static_cast<int>(i), 3 + static_cast<int>(i));
    for (std::size_t i = 0; i < fds_.size(); ++i) posix_spawn_file_actions_addclose(&actions, 100 + static_cast<int>(i));
    std::string partition = "BULKHEAD_PARTITION=" + partition_, transport = "BULKHEAD_CHANNEL_TRANSPORT=fd";
    char* env[] = {partition.data(), transport.data(), nullptr};
    char program[] = BOTH_VM_GUEST;
    char* argv[] = {program, nullptr};
    ASSERT_EQ(::posix_spawn(&pid_, program, &actions, nullptr, argv, env), 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    collect(out[0]);
  }
  void waitStarted() override {
    // Start-up is over once Art's registration lines are out (then it waits).
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
      for (const auto& line : lines())
        if (line.starts_with("Art: - Registered port")) return std::this_thread::sleep_for(200ms);
      std::this_thread::sleep_for(20ms);
    }
    FAIL() << "native " << partition_ << " did not start";
  }
  void freeze() override { ::kill(pid_, SIGSTOP); }
  void thaw() override { ::kill(pid_, SIGCONT); }
  void stop() override {
    ::kill(pid_, SIGCONT);
    ::kill(pid_, SIGTERM);
    int status = 0;
    ASSERT_EQ(::waitpid(pid_, &status, 0), pid_);
    pid_ = -1;
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }

 private:
  std::string partition_;
  std::vector<int> fds_;
  pid_t pid_ = -1;
};

enum class Where { Vm, Native };

class BothVmTest : public ::testing::TestWithParam<std::pair<Where, Where>> {};

std::vector<int> receivedValues(const std::vector<std::string>& lines) {
  static const std::string kPrefix = "vmconsumer: Received 8 bits on read_port: [ ";
  std::vector<int> values;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!lines[i].starts_with(kPrefix)) continue;
    values.push_back(std::stoi(lines[i].substr(kPrefix.size(), 2), nullptr, 16));
    EXPECT_TRUE(i + 1 < lines.size() && lines[i + 1].empty()) << "no empty line after " << lines[i];
  }
  return values;
}

std::size_t receivedCount(const std::vector<std::string>& lines) {
  return static_cast<std::size_t>(std::count_if(lines.begin(), lines.end(), [](const std::string& line) {
    return line.starts_with("vmconsumer: Received ");
  }));
}

bool contains(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

TEST_P(BothVmTest, ConsumerGetsConsecutiveValuesFromTheFirstSend) {
  const auto [producerWhere, consumerWhere] = GetParam();
  const channel::Geometry integer8{channel::Kind::EventData, 1, 8};
  Region connection(integer8), producerPeriod(integer8), consumerPeriod(integer8);
  ASSERT_TRUE(channel::format(connection.bytes, integer8));
  auto producerTicks = channel::EventDataSender::create(producerPeriod.bytes, integer8);
  auto consumerTicks = channel::EventDataSender::create(consumerPeriod.bytes, integer8);
  ASSERT_TRUE(producerTicks && consumerTicks);
  // One eventfd per receiving end (the supervisor's ChannelSet does the same).
  int connectionEvent = newEventfd(), producerPeriodEvent = newEventfd(), consumerPeriodEvent = newEventfd();

  std::unique_ptr<Side> producer, consumer;
  if (producerWhere == Where::Vm)
    producer = std::make_unique<VmSide>("producer", std::vector<VmChannelEndpoint>{
                                                        {connection.fd, connectionEvent, true},
                                                        {producerPeriod.fd, producerPeriodEvent, false}});
  else
    producer = std::make_unique<NativeSide>(
        "producer", std::vector<int>{connection.fd, connectionEvent, producerPeriod.fd, producerPeriodEvent});
  if (consumerWhere == Where::Vm)
    consumer = std::make_unique<VmSide>("consumer", std::vector<VmChannelEndpoint>{
                                                        {connection.fd, connectionEvent, false},
                                                        {consumerPeriod.fd, consumerPeriodEvent, false}});
  else
    consumer = std::make_unique<NativeSide>(
        "consumer", std::vector<int>{connection.fd, connectionEvent, consumerPeriod.fd, consumerPeriodEvent});

  producer->start();
  consumer->start();
  producer->waitStarted();
  consumer->waitStarted();
  if (HasFatalFailure()) return;
  producer->freeze();
  consumer->freeze();

  // The seed's frame: pacer, producer window, consumer window. A window
  // lasts until its partition has done the frame's work (at most 60 s: this
  // machine is shared and TCG is slow), so the check does not depend on
  // the load; that a frozen partition does not run is tested elsewhere.
  auto observer = channel::EventDataReceiver::attach(connection.bytes);  // a private cursor: disturbs no one
  ASSERT_TRUE(observer);
  auto until = [](auto done) {
    auto deadline = std::chrono::steady_clock::now() + 60s;
    while (!done() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
    return done();
  };
  constexpr int kFrames = 7;
  for (int frame = 0; frame < kFrames; ++frame) {
    const std::byte tick{static_cast<unsigned char>(frame + 1)};
    ASSERT_TRUE(producerTicks->send(8, std::span(&tick, 1)));
    ASSERT_TRUE(consumerTicks->send(8, std::span(&tick, 1)));
    ::eventfd_write(producerPeriodEvent, 1);
    ::eventfd_write(consumerPeriodEvent, 1);
    producer->thaw();
    EXPECT_TRUE(until([&] { return observer->hasNew(); })) << "frame " << frame << ": the producer sent nothing";
    producer->freeze();
    std::byte value[1];
    ASSERT_TRUE(observer->dequeue(value));
    consumer->thaw();
    EXPECT_TRUE(until([&] { return receivedCount(consumer->lines()) == static_cast<std::size_t>(frame + 1); }))
        << "frame " << frame << ": the consumer printed no new value";
    consumer->freeze();
  }
  producer->stop();
  consumer->stop();

  auto consumerLines = consumer->lines();
  auto values = receivedValues(consumerLines);
  std::string all;
  for (const auto& l : consumerLines) all += l + "\n";
  std::printf("%s", all.c_str());  // the consumer's lines, as a user sees them
  ASSERT_GE(values.size(), 5u) << all;
  for (std::size_t i = 0; i < values.size(); ++i) EXPECT_EQ(values[i], static_cast<int>(i)) << all;

  if (producerWhere == Where::Vm) {
    auto lines = producer->lines();
    for (const char* line : {"VM App vmproducer started", "Setting up outgoing event data port /dev/uio0 4096",
                             "Successfully setup /dev/uio0", "Setting up incoming event data port /dev/uio1 with size 4096",
                             "Successfully setup incoming event data port /dev/uio1", "Hello from vmproducer's run method"})
      EXPECT_TRUE(contains(lines, line)) << line;
  }
  if (consumerWhere == Where::Vm) {
    for (const char* line : {"VM App vmconsumer started", "Setting up incoming data port /dev/uio0 with size 4096",
                             "Successfully setup incoming data port /dev/uio0",
                             "Setting up incoming event data port /dev/uio1 with size 4096",
                             "Successfully setup incoming event data port /dev/uio1", "Hello from vmconsumer's run method"})
      EXPECT_TRUE(contains(consumerLines, line)) << line;
  }
  for (int fd : {connectionEvent, producerPeriodEvent, consumerPeriodEvent}) ::close(fd);
}

INSTANTIATE_TEST_SUITE_P(Placements, BothVmTest,
                         ::testing::Values(std::pair{Where::Vm, Where::Vm}, std::pair{Where::Native, Where::Vm},
                                           std::pair{Where::Vm, Where::Native}),
                         [](const auto& info) {
                           auto name = [](Where w) { return w == Where::Vm ? std::string("Vm") : std::string("Native"); };
                           return "Producer" + name(info.param.first) + "Consumer" + name(info.param.second);
                         });

}  // namespace
}  // namespace bulkhead::vm
