#include "runtime/transports/uio_transport.hpp"

#include "base/errno_text.hpp"
#include "contract/handover.hpp"
#include "runtime/transports/stop_signals.hpp"

#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <sys/mman.h>
#include <unistd.h>

namespace bulkhead::runtime {

namespace fs = std::filesystem;

namespace {

// Rings the peer through the doorbell: uio hands a 32-bit write to the
// module, which writes (peer << 16) | vector for every vector.
class DoorbellNotifier final : public channel::Notifier {
 public:
  explicit DoorbellNotifier(int fd) : fd_(fd) {}
  void notify() override {
    static constexpr std::int32_t kSupervisorPeer = 0;
    [[maybe_unused]] ssize_t n = ::write(fd_, &kSupervisorPeer, sizeof kSupervisorPeer);
  }

 private:
  int fd_;
};

void say(const std::string& line) {
  std::string text = line + "\n";
  std::fflush(stdout);  // keep order with the program's own buffered lines
  [[maybe_unused]] ssize_t n = ::write(1, text.data(), text.size());
}

}  // namespace

struct UioTransport::Device {
  std::string path;
  int fd = -1;
  void* memory = MAP_FAILED;
  std::size_t size = 0;
  std::unique_ptr<DoorbellNotifier> notifier;
  ~Device() {
    if (memory != MAP_FAILED) ::munmap(memory, size);
    if (fd >= 0) ::close(fd);
  }
};

std::string vmName(const std::string& partition) { return "vm" + partition; }

std::expected<std::unique_ptr<UioTransport>, RuntimeError> UioTransport::create(
    const PartitionSpec& spec, const fs::path& devices, const fs::path& sysfs) {
  if (auto taken = takeStopSignals(); !taken) return std::unexpected(taken.error());

  std::unique_ptr<UioTransport> transport(new UioTransport());
  transport->vmName_ = vmName(spec.name);
  transport->periodQueue_ = spec.periodQueue;
  transport->devicesDir_ = devices;
  transport->sysfsDir_ = sysfs;
  say("VM App " + transport->vmName_ + " started");
  const int count = handoverCount(spec);
  for (int i = 0; i < count; ++i) {
    const std::string what = "channel #" + std::to_string(i);
    int openErrno = 0;
    auto device = transport->openDevice(i, openErrno);
    if (!device)
      return fail(what + ": " + device.error() +
                  (openErrno != 0 ? " (the VM was given fewer channel devices than the partition's " +
                                        std::to_string(count) + ")"
                                  : ""));
    (*device)->notifier = std::make_unique<DoorbellNotifier>((*device)->fd);
    transport->devices_.push_back(std::move(*device));
  }
  return transport;
}

std::expected<std::unique_ptr<UioTransport::Device>, std::string> UioTransport::openDevice(int index,
                                                                                        int& openErrno) const {
  auto device = std::make_unique<Device>();
  device->path = (devicesDir_ / contract::uioDeviceName(index)).string();
  device->fd = ::open(device->path.c_str(), O_RDWR | O_CLOEXEC);
  if (device->fd < 0) {
    openErrno = errno;
    return std::unexpected(base::errnoText("cannot open " + device->path, openErrno));
  }
  fs::path sizeFile = sysfsDir_ / contract::uioDeviceName(index) / "maps" / "map0" / "size";
  std::ifstream in(sizeFile);
  std::string text;
  if (!(in >> text)) return std::unexpected("cannot read " + sizeFile.string());
  // The kernel writes hexadecimal ("0x1000"); decimal is taken too.
  std::string_view digits = text;
  int base = 10;
  if (digits.starts_with("0x")) {
    digits.remove_prefix(2);
    base = 16;
  }
  auto [end, failed] = std::from_chars(digits.data(), digits.data() + digits.size(), device->size, base);
  if (failed != std::errc{} || end != digits.data() + digits.size() || digits.empty())
    return std::unexpected(sizeFile.string() + " holds '" + text + "', not a size");
  return device;
}

UioTransport::~UioTransport() = default;

std::expected<Attachment, RuntimeError> UioTransport::attach(int handover, Access access,
                                                                              PortCategory portCategory) {
  if (handover < 0 || handover >= static_cast<int>(devices_.size()))
    return fail("no channel #" + std::to_string(handover) + " (the VM has " + std::to_string(devices_.size()) +
                " channel devices)");
  Device& device = *devices_[static_cast<std::size_t>(handover)];
  const bool sending = access == Access::Send;
  const std::string size = std::to_string(device.size);
  // The seed's wording: a VM's incoming connection is "data port", the
  // period queue "event data port", outgoing ports by their category.
  const char* category = portCategory == PortCategory::Event ? "event"
                         : portCategory == PortCategory::Data ? "data"
                                                                              : "event data";
  if (sending) {
    say(std::string("Setting up outgoing ") + category + " port " + device.path + " " + size);
  } else if (handover == periodQueue_) {
    say("Setting up incoming event data port " + device.path + " with size " + size);
  } else {
    say(std::string("Setting up incoming ") + (portCategory == PortCategory::Event ? "event" : "data") +
        " port " + device.path + " with size " + size);
  }
  if (device.memory == MAP_FAILED) {
    // Receivers map read-only: the guest cannot scribble on a channel it only reads.
    int protection = sending ? PROT_READ | PROT_WRITE : PROT_READ;
    device.memory = ::mmap(nullptr, device.size, protection, MAP_SHARED, device.fd, 0);
    if (device.memory == MAP_FAILED)
      return fail(base::errnoText("channel #" + std::to_string(handover) + ": cannot map " + device.path));
  }
  if (sending) {
    say("Successfully setup " + device.path);
  } else if (handover == periodQueue_) {
    say("Successfully setup incoming event data port " + device.path);
  } else {
    say(std::string("Successfully setup incoming ") +
        (portCategory == PortCategory::Event ? "event" : "data") + " port " + device.path);
  }
  auto* bytes = static_cast<std::byte*>(device.memory);
  Attachment attachment;
  attachment.memory = std::span<const std::byte>(bytes, device.size);
  if (sending) attachment.writable = std::span<std::byte>(bytes, device.size);
  attachment.notifier = device.notifier.get();
  return attachment;
}

Status UioTransport::watch(int handover) {
  if (handover < 0 || handover >= static_cast<int>(devices_.size()))
    return fail("no channel #" + std::to_string(handover) + " to watch");
  watched_.push_back(devices_[static_cast<std::size_t>(handover)]->fd);
  return {};
}

std::expected<WaitOutcome, RuntimeError> UioTransport::wait(
    std::optional<Nanoseconds> timeout) {
  if (!announcedRun_) {
    announcedRun_ = true;
    say("Hello from " + vmName_ + "'s run method");
    say("bulkhead-guest: waiting");
  }
  if (stopRequested()) return WaitOutcome::Stopped;
  std::vector<pollfd> fds;
  for (int fd : watched_) fds.push_back(pollfd{fd, POLLIN, 0});
  const timespec limit = waitLimit(timeout.value_or(0));
  const sigset_t duringWait = waitMask();
  int ready = ::ppoll(fds.data(), fds.size(), timeout ? &limit : nullptr, &duringWait);
  if (ready < 0) {
    if (errno == EINTR) return stopRequested() ? WaitOutcome::Stopped : WaitOutcome::TimedOut;
    return fail(base::errnoText("ppoll on the channel devices"));
  }
  if (ready == 0) return WaitOutcome::TimedOut;
  for (const pollfd& p : fds) {
    if ((p.revents & POLLIN) == 0) continue;
    std::uint32_t events = 0;  // consumes the interrupt; the data is in the region
    [[maybe_unused]] ssize_t n = ::read(p.fd, &events, sizeof events);
  }
  return WaitOutcome::Notified;
}

std::expected<std::span<std::byte>, RuntimeError> UioTransport::mapExtra(int index, const char* what,
                                                                        std::unique_ptr<Device>& device) {
  if (device) return std::span<std::byte>(static_cast<std::byte*>(device->memory), device->size);
  int openErrno = 0;
  auto opened = openDevice(index, openErrno);
  if (!opened) {
    if (openErrno == ENOENT) return std::span<std::byte>();  // not handed over
    return fail(std::string(what) + ": " + opened.error());
  }
  auto made = std::move(*opened);
  made->memory = ::mmap(nullptr, made->size, PROT_READ | PROT_WRITE, MAP_SHARED, made->fd, 0);
  if (made->memory == MAP_FAILED) return fail(base::errnoText(std::string(what) + ": cannot map " + made->path));
  device = std::move(made);
  return std::span<std::byte>(static_cast<std::byte*>(device->memory), device->size);
}

std::expected<std::span<std::byte>, RuntimeError> UioTransport::attachHealthChannel() {
  return mapExtra(contract::healthEntry(static_cast<int>(devices_.size())), "health channel", healthChannel_);
}

std::expected<std::span<std::byte>, RuntimeError> UioTransport::attachTraceRing() {
  return mapExtra(contract::traceEntry(static_cast<int>(devices_.size())), "trace ring", traceRing_);
}

std::expected<std::unique_ptr<Transport>, RuntimeError> openUioTransport(const PartitionSpec& spec) {
  auto transport = UioTransport::create(spec);
  if (!transport) return std::unexpected(transport.error());
  return std::unique_ptr<Transport>(std::move(*transport));
}

}  // namespace bulkhead::runtime
