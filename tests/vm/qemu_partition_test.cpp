// Boots real guests under QEMU (TCG unless KVM works here): the guest image
// built from this machine's Debian packages, our module, and the probe
// program (guest_probe.cpp) as the partition program.
#include "vm/qemu_partition.hpp"

#include "vm/file_io.hpp"
#include "vm/guest_image.hpp"
#include "vm/guest_module.hpp"
#include "vm/guest_kernel.hpp"
#include "vm/guest_packages.hpp"
#include "vm/vm_partition_host.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <thread>

#include <csignal>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

namespace bulkhead::vm {
namespace {

using namespace std::chrono_literals;

struct Channel {
  int memory = -1, event = -1;
  volatile std::uint64_t* words = nullptr;
  Channel() {
    memory = ::memfd_create("channel", MFD_CLOEXEC);
    EXPECT_EQ(::ftruncate(memory, 4096), 0);
    event = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    words = static_cast<volatile std::uint64_t*>(::mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, memory, 0));
  }
  ~Channel() {
    ::munmap(const_cast<std::uint64_t*>(words), 4096);
    ::close(memory);
    ::close(event);
  }
};

bool readable(int fd, std::chrono::milliseconds limit) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, static_cast<int>(limit.count())) == 1;
}

// Console lines of the partition program, read as they come.
class ConsoleReader {
 public:
  explicit ConsoleReader(int fd) : fd_(fd) {}
  // Reads until a line equal to `wanted` arrives (true) or `limit` passes.
  bool waitFor(const std::string& wanted, std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
      for (; checked_ < lines_.size(); ++checked_)
        if (lines_[checked_] == wanted) return ++checked_, true;
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left <= 0ms || !readable(fd_, left)) return false;
      char buffer[512];
      ssize_t n = ::read(fd_, buffer, sizeof buffer);
      if (n <= 0) return false;
      pending_.append(buffer, static_cast<std::size_t>(n));
      for (std::size_t nl; (nl = pending_.find('\n')) != std::string::npos; pending_.erase(0, nl + 1))
        lines_.push_back(pending_.substr(0, nl));
    }
  }
  std::string all() const {
    std::string out;
    for (const auto& l : lines_) out += l + "\n";
    return out;
  }

 private:
  int fd_;
  std::string pending_;
  std::vector<std::string> lines_;
  std::size_t checked_ = 0;
};

class QemuPartitionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto packages = findGuestPackages();
    ASSERT_TRUE(packages) << packages.error().message;
    auto cache = cacheDirectory();
    ASSERT_TRUE(cache) << cache.error().message;
    auto module = guestModule(*packages, *cache);
    ASSERT_TRUE(module) << module.error().message;
    auto image = buildGuestImage(*packages, *module, VM_GUEST_PROBE, *cache);
    ASSERT_TRUE(image) << image.error().message;
    auto kernel = guestKernel(*packages, *cache);
    ASSERT_TRUE(kernel) << kernel.error().message;
    // Debian's linux-image-amd64 is XZ-packed with CONFIG_PVH: booted unpacked.
    EXPECT_TRUE(kernel->pvh) << kernel->why;
    spec.name = "vmprobe";
    spec.kernelImage = kernel->image;
    spec.initramfs = image->initramfs;
    spec.environment = {{"BULKHEAD_PARTITION", "vmprobe"}};
    guestInterruptOfSender = ::eventfd(0, EFD_CLOEXEC);
    // /dev/uio0: we send, the guest receives; /dev/uio1: the guest sends.
    spec.endpoints = {IvshmemEndpoint{toGuest.memory, toGuest.event, {}},
                      IvshmemEndpoint{fromGuest.memory, guestInterruptOfSender, {fromGuest.event}}};
  }
  void TearDown() override { ::close(guestInterruptOfSender); }

  // One round trip: the guest must answer `value` with value + 1.
  bool roundTrip(std::uint64_t value, std::chrono::milliseconds limit) {
    toGuest.words[0] = value;
    ::eventfd_write(toGuest.event, 1);
    if (!readable(fromGuest.event, limit)) return false;
    eventfd_t count;
    ::eventfd_read(fromGuest.event, &count);
    return fromGuest.words[0] == value + 1;
  }

  Channel toGuest, fromGuest;
  int guestInterruptOfSender = -1;
  QemuPartitionSpec spec;
};

TEST_F(QemuPartitionTest, ChannelsWorkBothWaysAndTerminateRunsFinalise) {
  toGuest.words[0] = 77;
  auto vm = QemuPartition::launch(spec);
  ASSERT_TRUE(vm) << vm.error().message;
  auto up = (*vm)->waitUntilUp();
  ASSERT_TRUE(up) << up.error().message;
  std::printf("guest up after %lld ms (%s)\n", static_cast<long long>(up->count()),
              acceleratorName((*vm)->accelerator()));
  ASSERT_TRUE((*vm)->waitUntilWaiting(60s)) << (*vm)->lastConsoleLines();
  ConsoleReader console((*vm)->consoleFd());
  EXPECT_TRUE(console.waitFor("probe: started as vmprobe", 10s)) << console.all();
  EXPECT_TRUE(console.waitFor("probe: uio0 holds 77", 10s)) << console.all();  // /dev/uio0 is endpoint 0
  for (std::uint64_t i = 1; i <= 5; ++i) {
    ASSERT_TRUE(roundTrip(i * 10, 30s)) << "round trip " << i << "\n" << (*vm)->lastConsoleLines();
    EXPECT_TRUE(console.waitFor("probe: answered " + std::to_string(i * 10), 10s)) << console.all();
  }
  (*vm)->terminate();
  ASSERT_TRUE(readable((*vm)->exitFd(), 60s)) << (*vm)->lastConsoleLines();
  EXPECT_TRUE(console.waitFor("probe: finalise", 5s)) << console.all();
  EXPECT_EQ((*vm)->collectExit(), 0);
}

TEST_F(QemuPartitionTest, FrozenGuestAnswersOnlyAfterThawAndDeathIsReported) {
  auto vm = QemuPartition::launch(spec);
  ASSERT_TRUE(vm) << vm.error().message;
  ASSERT_TRUE((*vm)->waitUntilUp());
  ASSERT_TRUE((*vm)->waitUntilWaiting(60s));
  ASSERT_TRUE(roundTrip(1, 30s));
  (*vm)->freeze();
  EXPECT_FALSE(roundTrip(2, 1000ms));  // frozen: the notification waits
  (*vm)->thaw();
  ASSERT_TRUE(readable(fromGuest.event, 30s));
  EXPECT_EQ(fromGuest.words[0], 3u);
  ::kill((*vm)->processId(), SIGKILL);  // the VM dies mid-run
  ASSERT_TRUE(readable((*vm)->exitFd(), 30s));
  EXPECT_EQ((*vm)->collectExit(), 128 + SIGKILL);
}

// Chosen automatically, a VM always comes up: under KVM where the probe
// finds it works, else under TCG (this machine: nested PVM, decided from
// cpuid), after a restart if KVM passed the probe but cannot boot ours.
// The console and exit fds survive a restart.
TEST_F(QemuPartitionTest, AutomaticAcceleratorAlwaysComesUp) {
  test::TempDir cache;  // no remembered KVM verdict
  struct CacheOverride {
    explicit CacheOverride(const std::filesystem::path& dir) { ::setenv("BULKHEAD_CACHE_DIR", dir.c_str(), 1); }
    ~CacheOverride() { ::unsetenv("BULKHEAD_CACHE_DIR"); }
  } override(cache.path());
  ::unsetenv("BULKHEAD_VM_ACCEL");
  spec.accelerator = Accelerator::Auto;
  spec.kvmBootLimit = 8000ms;
  std::vector<std::string> progress;
  spec.progress = [&](const std::string& line) { progress.push_back(line); };
  auto vm = QemuPartition::launch(spec);
  ASSERT_TRUE(vm) << vm.error().message;
  const int console = (*vm)->consoleFd(), exit = (*vm)->exitFd();
  auto up = (*vm)->waitUntilUp();
  ASSERT_TRUE(up) << up.error().message;
  EXPECT_EQ((*vm)->consoleFd(), console);
  EXPECT_EQ((*vm)->exitFd(), exit);
  ASSERT_TRUE((*vm)->waitUntilWaiting(60s));
  EXPECT_TRUE(roundTrip(5, 30s));
  for (const auto& line : progress) std::printf("progress: %s\n", line.c_str());
  const bool fellBack = std::any_of(progress.begin(), progress.end(), [](const std::string& line) {
    return line.find("restarting it under TCG") != std::string::npos;
  });
  if (fellBack) {
    // It fell back: the verdict is remembered for the next VM.
    KvmProbeSpec probe;
    probe.kernelImage = spec.kernelImage;
    EXPECT_EQ(chooseAccelerator(Accelerator::Auto, probe), Accelerator::Tcg);
  }
  (*vm)->kill();
  EXPECT_TRUE(readable(exit, 30s));
}

TEST_F(QemuPartitionTest, BootTimeoutReportsTheLastConsoleLines) {
  spec.bootTimeout = 1500ms;
  spec.accelerator = Accelerator::Tcg;
  auto vm = QemuPartition::launch(spec);
  ASSERT_TRUE(vm) << vm.error().message;
  auto up = (*vm)->waitUntilUp();
  ASSERT_FALSE(up);
  EXPECT_TRUE(up.error().message.starts_with("VM vmprobe: the guest did not come up within 1 s\n  last console lines:\n"))
      << up.error().message;
}

TEST_F(QemuPartitionTest, PartitionHostBuildsTheGuestAndRunsTheProgramWithItsEnvironment) {
  VmPartitionConfig config;
  config.partition = "probe";
  config.program = VM_GUEST_PROBE;
  config.planFingerprint = 0xfeed;
  config.channels = {VmChannelEndpoint{toGuest.memory, toGuest.event, false},
                     VmChannelEndpoint{fromGuest.memory, fromGuest.event, true}};
  VmPartitionHost host(config);
  EXPECT_EQ(host.name(), "vmprobe");
  EXPECT_EQ(host.outputPrefix(), "vmprobe: ");
  auto started = host.start();
  ASSERT_TRUE(started) << started.error();
  auto deadline = std::chrono::steady_clock::now() + 300s;
  while (!host.startupComplete() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(100ms);
  ConsoleReader console(host.outputFd());
  EXPECT_TRUE(console.waitFor("probe: started as probe", 10s)) << console.all();
  host.freeze();  // as the supervisor does between windows
  host.thaw();
  ASSERT_TRUE(roundTrip(41, 30s));
  host.terminate();
  ASSERT_TRUE(readable(host.exitFd(), 60s));
  auto exit = host.collectExit();
  ASSERT_TRUE(exit) << exit.error();
  EXPECT_FALSE(exit->signalled);
  EXPECT_EQ(exit->code, 0);
  ASSERT_EQ(host.outputs().size(), 1u);
  EXPECT_EQ(host.outputs()[0].prefix, "vmprobe: ");
}

}  // namespace
}  // namespace bulkhead::vm
