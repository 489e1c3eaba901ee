// A partition program for testing vm/ below the runtime: it runs inside
// the guest, takes /dev/uio0 as a receiving channel and /dev/uio1 as a
// sending one, and answers every notification on uio0 by writing the
// 64-bit value it finds at offset 0 of uio0's region, plus one, at offset 0
// of uio1's region and ringing uio1's doorbell (printing it unless
// BULKHEAD_PROBE_QUIET is set). SIGTERM ends it with
// status 0 after printing "probe: finalise".
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

namespace {

volatile std::sig_atomic_t gStop = 0;
void onTerm(int) { gStop = 1; }

volatile std::uint64_t* mapChannel(int fd) {
  void* region = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  return region == MAP_FAILED ? nullptr : static_cast<volatile std::uint64_t*>(region);
}

}  // namespace

int main() {
  struct sigaction action {};
  action.sa_handler = onTerm;  // no SA_RESTART: SIGTERM interrupts the blocking read
  sigaction(SIGTERM, &action, nullptr);
  std::printf("probe: started as %s\n", std::getenv("BULKHEAD_PARTITION") ? std::getenv("BULKHEAD_PARTITION") : "?");
  const bool quiet = std::getenv("BULKHEAD_PROBE_QUIET") != nullptr;  // for latency runs
  int in = open("/dev/uio0", O_RDWR);
  int out = open("/dev/uio1", O_RDWR);
  if (in < 0 || out < 0) {
    std::printf("probe: cannot open the channel devices: %s\n", std::strerror(errno));
    return 2;
  }
  volatile std::uint64_t* received = mapChannel(in);
  volatile std::uint64_t* sent = mapChannel(out);
  if (!received || !sent) {
    std::printf("probe: cannot map the channel regions: %s\n", std::strerror(errno));
    return 3;
  }
  std::printf("probe: uio0 holds %llu\n", static_cast<unsigned long long>(received[0]));
  std::fflush(stdout);
  static constexpr char kWaiting[] = "bulkhead-guest: waiting\n";
  if (write(1, kWaiting, sizeof kWaiting - 1) < 0) return 4;
  while (!gStop) {
    std::uint32_t count = 0;
    if (read(in, &count, sizeof count) != sizeof count) {
      if (errno == EINTR) continue;
      std::printf("probe: read: %s\n", std::strerror(errno));
      return 5;
    }
    std::uint64_t value = received[0];
    sent[0] = value + 1;
    __atomic_thread_fence(__ATOMIC_RELEASE);
    std::int32_t peer = 0;
    if (write(out, &peer, sizeof peer) != sizeof peer) {
      std::printf("probe: doorbell: %s\n", std::strerror(errno));
      return 6;
    }
    if (!quiet) {
      std::printf("probe: answered %llu\n", static_cast<unsigned long long>(value));
      std::fflush(stdout);
    }
  }
  std::printf("probe: finalise\n");
  return 0;
}
