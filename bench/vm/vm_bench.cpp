// Measures, in one run: the boot time of a VM partition to its program's
// first console line (median of 5), booting the unpacked vmlinux through
// PVH as bulkhead does, alternated with 5 boots of the compressed bzImage
// for comparison, each also as the CPU time QEMU used until that line (on
// a loaded host the wall time mostly measures the load; the CPU time is
// close to what a quiet machine would take); and notification latencies through the
// ivshmem doorbell path against a native eventfd baseline:
//   native->native: two host threads ping-ponging over shared memory and
//                   eventfds (one-way = round trip / 2);
//   native<->VM:    host -> guest -> host round trip through one VM running
//                   the probe (one-way ~ round trip / 2, assuming symmetry);
//   VM->VM:         host -> VM1 -> VM2 -> host chain minus the native<->VM
//                   round trip (VM1 rings VM2 directly: its doorbell writes
//                   VM2's interrupt eventfd, no host process in between).
// Usage: vm_bench [round trips, default 200]
#include "vm/file_io.hpp"
#include "vm/guest_image.hpp"
#include "vm/guest_kernel.hpp"
#include "vm/guest_module.hpp"
#include "vm/guest_packages.hpp"
#include "vm/qemu_partition.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace bulkhead::vm;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

struct Channel {
  int memory = ::memfd_create("channel", MFD_CLOEXEC);
  int event = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  volatile std::uint64_t* words = nullptr;
  Channel() {
    if (::ftruncate(memory, 4096) != 0) std::abort();
    words = static_cast<volatile std::uint64_t*>(::mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, memory, 0));
  }
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

double microseconds(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

bool waitReadable(int fd, int ms) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, ms) == 1;
}

// User + system CPU seconds of a process so far (all its threads).
double cpuSeconds(pid_t pid) {
  std::FILE* stat = std::fopen(("/proc/" + std::to_string(pid) + "/stat").c_str(), "r");
  if (!stat) return 0;
  char text[1024] = {};
  std::size_t n = std::fread(text, 1, sizeof text - 1, stat);
  std::fclose(stat);
  text[n] = '\0';
  const char* fields = std::strrchr(text, ')');  // the command name may hold spaces
  unsigned long user = 0, system = 0;
  if (!fields || std::sscanf(fields + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &user, &system) != 2)
    return 0;
  return static_cast<double>(user + system) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

bool waitLine(int fd, const std::string& prefix, int ms) {
  std::string buffer;
  auto deadline = Clock::now() + std::chrono::milliseconds(ms);
  while (Clock::now() < deadline) {
    if (!waitReadable(fd, 200)) continue;
    char c[256];
    ssize_t n = ::read(fd, c, sizeof c);
    if (n <= 0) return false;
    buffer.append(c, static_cast<std::size_t>(n));
    if (buffer.find(prefix) != std::string::npos) return true;
  }
  return false;
}

// Writes `value` into `to`, rings it, waits for `from` and returns the time.
std::vector<double> roundTrips(Channel& to, Channel& from, int count, std::uint64_t expectedIncrement) {
  std::vector<double> samples;
  for (int i = 0; i < count; ++i) {
    std::uint64_t value = 1000 + static_cast<std::uint64_t>(i) * 10;
    to.words[0] = value;
    auto start = Clock::now();
    ::eventfd_write(to.event, 1);
    if (!waitReadable(from.event, 10000)) {
      std::fprintf(stderr, "round trip %d: no answer\n", i);
      break;
    }
    auto end = Clock::now();
    eventfd_t n;
    ::eventfd_read(from.event, &n);
    if (from.words[0] != value + expectedIncrement) std::fprintf(stderr, "round trip %d: wrong value\n", i);
    samples.push_back(microseconds(end - start));
  }
  return samples;
}

double nativeRoundTrip(int count) {
  Channel ping, pong;
  std::atomic<bool> stop{false};
  std::thread echo([&] {
    while (!stop) {
      if (!waitReadable(ping.event, 100)) continue;
      eventfd_t n;
      ::eventfd_read(ping.event, &n);
      pong.words[0] = ping.words[0] + 1;
      ::eventfd_write(pong.event, 1);
    }
  });
  auto samples = roundTrips(ping, pong, count, 1);
  stop = true;
  echo.join();
  return median(samples);
}

}  // namespace

int main(int argc, char** argv) {
  const int count = argc > 1 ? std::atoi(argv[1]) : 200;
  auto packages = findGuestPackages();
  auto cache = cacheDirectory();
  if (!packages || !cache) {
    std::fprintf(stderr, "%s\n", (!packages ? packages.error() : cache.error()).message.c_str());
    return 1;
  }
  auto module = guestModule(*packages, *cache);
  if (!module) return std::fprintf(stderr, "%s\n", module.error().message.c_str()), 1;
  auto image = buildGuestImage(*packages, *module, VM_GUEST_PROBE, *cache);
  if (!image) return std::fprintf(stderr, "%s\n", image.error().message.c_str()), 1;
  auto kernel = guestKernel(*packages, *cache);
  if (!kernel) return std::fprintf(stderr, "%s\n", kernel.error().message.c_str()), 1;
  if (!kernel->pvh) std::printf("no PVH boot: %s\n", kernel->why.c_str());

  auto spec = [&](const std::string& name, Channel& in, Channel& out, int dummy) {
    QemuPartitionSpec s;
    s.name = name;
    s.kernelImage = kernel->image;
    s.initramfs = image->initramfs;
    s.environment = {{"BULKHEAD_PARTITION", name}, {"BULKHEAD_PROBE_QUIET", "1"}};
    s.endpoints = {IvshmemEndpoint{in.memory, in.event, {}}, IvshmemEndpoint{out.memory, dummy, {out.event}}};
    return s;
  };
  int dummy = ::eventfd(0, EFD_CLOEXEC);

  // Boot time: launch to the program's first line, 5 boots of each kernel, alternated.
  std::vector<double> boots, bzImageBoots, bootCpu, bzImageBootCpu;
  Accelerator accelerator = Accelerator::Tcg;
  for (int i = 0; i < 10; ++i) {
    const bool bzImage = i % 2 == 1;
    Channel a, b;
    QemuPartitionSpec s = spec("vmboot", a, b, dummy);
    if (bzImage) s.kernelImage = packages->kernelImage;
    auto start = Clock::now();
    auto vm = QemuPartition::launch(s);
    if (!vm) return std::fprintf(stderr, "%s\n", vm.error().message.c_str()), 1;
    accelerator = (*vm)->accelerator();
    if (!waitLine((*vm)->consoleFd(), "probe: started", 300000)) {
      std::fprintf(stderr, "boot %d: no first line\n%s", i, (*vm)->lastConsoleLines().c_str());
      return 1;
    }
    const double wall = std::chrono::duration<double>(Clock::now() - start).count();
    const double cpu = cpuSeconds((*vm)->processId());
    (bzImage ? bzImageBoots : boots).push_back(wall);
    (bzImage ? bzImageBootCpu : bootCpu).push_back(cpu);
    std::printf("boot %d (%s): %.2f s, QEMU CPU %.2f s\n", i + 1,
                bzImage ? "bzImage" : kernel->pvh ? "vmlinux, PVH" : "bzImage", wall, cpu);
  }

  // Latencies: VM1 (A -> B) and VM2 (B -> C), so the chain A -> C crosses VM1 -> VM2.
  Channel a, b, c;
  auto vm1 = QemuPartition::launch(spec("vm1", a, b, dummy));
  auto vm2 = QemuPartition::launch(spec("vm2", b, c, dummy));
  if (!vm1 || !vm2) return std::fprintf(stderr, "%s\n", (!vm1 ? vm1.error() : vm2.error()).message.c_str()), 1;
  if (!(*vm1)->waitUntilWaiting(300s) || !(*vm2)->waitUntilWaiting(300s)) return std::fprintf(stderr, "VMs not up\n"), 1;
  roundTrips(b, c, 10, 1);  // warm-up
  double vmRoundTrip = median(roundTrips(b, c, count, 1));
  double chain = median(roundTrips(a, c, count, 2));
  double native = nativeRoundTrip(count * 10);

  double nativeOneWay = native / 2, vmOneWay = vmRoundTrip / 2, vmToVm = chain - vmRoundTrip;
  std::printf("\nVM partitions under QEMU (%s), %d round trips each, medians\n", acceleratorName(accelerator), count);
  std::printf("boot to the program's first line (median of 5): %.2f s, QEMU CPU %.2f s (%s)\n", median(boots),
              median(bootCpu), kernel->pvh ? "vmlinux through PVH" : "bzImage");
  std::printf("the same, booting the compressed bzImage:        %.2f s, QEMU CPU %.2f s (x %.2f, x %.2f)\n",
              median(bzImageBoots), median(bzImageBootCpu), median(bzImageBoots) / median(boots),
              median(bzImageBootCpu) / median(bootCpu));
  std::printf("%-34s %10s %10s\n", "one-way notification", "us", "x native");
  std::printf("%-34s %10.1f %10.1f\n", "native -> native (eventfd)", nativeOneWay, 1.0);
  std::printf("%-34s %10.1f %10.1f\n", "native -> VM  (rtt/2)", vmOneWay, vmOneWay / nativeOneWay);
  std::printf("%-34s %10.1f %10.1f\n", "VM -> native  (rtt/2)", vmOneWay, vmOneWay / nativeOneWay);
  std::printf("%-34s %10.1f %10.1f\n", "VM -> VM      (chain - rtt)", vmToVm, vmToVm / nativeOneWay);
  std::printf("(raw: native rtt %.1f us, host->VM->host rtt %.1f us, host->VM1->VM2->host %.1f us)\n", native,
              vmRoundTrip, chain);
  return 0;
}
