// The guest transport over fake /dev/uioN files (regular files stand in for
// the devices: mmap, write and poll work on them the same way), checking
// the seed's lines and what the runtime gets.
#include "runtime/transports/uio_transport.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <tuple>

namespace bulkhead::vm {
namespace {

using runtime::UioTransport;

namespace fs = std::filesystem;

runtime::PartitionSpec producerSpec() {
  runtime::PartitionSpec spec;
  spec.name = "producer";
  runtime::ThreadSpec thread;
  thread.name = "producer";
  runtime::PortSpec port;
  port.name = "write_port";
  port.direction = runtime::Direction::Out;
  port.category = runtime::PortCategory::EventData;
  port.handover = 0;
  thread.ports.push_back(port);
  spec.threads.push_back(thread);
  spec.periodQueue = 1;
  return spec;
}

void fakeDevice(const test::TempDir& dir, int index) {
  std::string name = "uio" + std::to_string(index);
  test::writeText(dir.path() / "dev" / name, std::string(4096, '\xff'));
  test::writeText(dir.path() / "sys" / name / "maps" / "map0" / "size", "0x1000\n");
}

TEST(UioTransport, PrintsTheSeedLinesAndMapsTheChannels) {
  test::TempDir dir;
  fakeDevice(dir, 0);
  fakeDevice(dir, 1);
  testing::internal::CaptureStdout();
  auto transport = UioTransport::create(producerSpec(), dir.path() / "dev", dir.path() / "sys");
  ASSERT_TRUE(transport) << transport.error().message;
  auto out = (*transport)->attach(0, runtime::Access::Send, runtime::PortCategory::EventData);
  ASSERT_TRUE(out) << out.error().message;
  auto in = (*transport)->attach(1, runtime::Access::Receive, runtime::PortCategory::EventData);
  ASSERT_TRUE(in) << in.error().message;
  ASSERT_TRUE((*transport)->watch(1));
  auto woke = (*transport)->wait(0);  // a regular file always polls readable
  ASSERT_TRUE(woke);
  EXPECT_EQ(*woke, runtime::WaitOutcome::Notified);
  std::string dev0 = (dir.path() / "dev" / "uio0").string(), dev1 = (dir.path() / "dev" / "uio1").string();
  EXPECT_EQ(testing::internal::GetCapturedStdout(),
            "VM App vmproducer started\n"
            "Setting up outgoing event data port " + dev0 + " 4096\n"
            "Successfully setup " + dev0 + "\n"
            "Setting up incoming event data port " + dev1 + " with size 4096\n"
            "Successfully setup incoming event data port " + dev1 + "\n"
            "Hello from vmproducer's run method\n"
            "bulkhead-guest: waiting\n");

  EXPECT_EQ(out->memory.size(), 4096u);
  EXPECT_EQ(out->writable.size(), 4096u);
  EXPECT_TRUE(in->writable.empty());  // receivers get a read-only view
  out->writable[8] = std::byte{0x2a};
  std::ifstream device(dir.path() / "dev" / "uio0", std::ios::binary);
  char bytes[9];
  device.read(bytes, 9);
  EXPECT_EQ(bytes[8], 0x2a);  // the same memory as the device's

  out->notifier->notify();  // the doorbell: a 32-bit write of peer 0 (to offset 0 of the fake file)
  std::ifstream rung(dir.path() / "dev" / "uio0", std::ios::binary);
  char peer[4];
  rung.read(peer, 4);
  EXPECT_EQ(std::string(peer, 4), std::string(4, '\0'));
}

TEST(UioTransport, ConsumerLinesCallTheIncomingConnectionADataPort) {
  test::TempDir dir;
  fakeDevice(dir, 0);
  fakeDevice(dir, 1);
  runtime::PartitionSpec spec = producerSpec();
  spec.name = "consumer";
  spec.threads[0].ports[0].direction = runtime::Direction::In;
  testing::internal::CaptureStdout();
  auto transport = UioTransport::create(spec, dir.path() / "dev", dir.path() / "sys");
  ASSERT_TRUE(transport);
  ASSERT_TRUE((*transport)->attach(0, runtime::Access::Receive, runtime::PortCategory::EventData));
  std::string dev0 = (dir.path() / "dev" / "uio0").string();
  EXPECT_EQ(testing::internal::GetCapturedStdout(),
            "VM App vmconsumer started\n"
            "Setting up incoming data port " + dev0 + " with size 4096\n"
            "Successfully setup incoming data port " + dev0 + "\n");
}

TEST(UioTransport, MissingDeviceIsReported) {
  test::TempDir dir;
  fakeDevice(dir, 0);  // the partition needs two
  testing::internal::CaptureStdout();
  auto transport = UioTransport::create(producerSpec(), dir.path() / "dev", dir.path() / "sys");
  testing::internal::GetCapturedStdout();
  ASSERT_FALSE(transport);
  EXPECT_EQ(transport.error().message, "channel #1: cannot open " + (dir.path() / "dev" / "uio1").string() +
                                           ": No such file or directory (the VM was given fewer channel devices "
                                           "than the partition's 2)");
}

// After the channel devices: the health channel (always handed over), then
// the trace ring when the run is traced (contract/handover.hpp).
TEST(UioTransport, TheDevicesAfterTheChannelsAreTheHealthChannelThenTheTraceRing) {
  test::TempDir dir;
  fakeDevice(dir, 0);
  fakeDevice(dir, 1);
  testing::internal::CaptureStdout();
  auto bare = UioTransport::create(producerSpec(), dir.path() / "dev", dir.path() / "sys");
  ASSERT_TRUE(bare) << bare.error().message;
  auto noHealth = (*bare)->attachHealthChannel();
  ASSERT_TRUE(noHealth) << noHealth.error().message;
  EXPECT_TRUE(noHealth->empty()) << "no /dev/uio2: no health channel";

  fakeDevice(dir, 2);
  auto untraced = UioTransport::create(producerSpec(), dir.path() / "dev", dir.path() / "sys");
  ASSERT_TRUE(untraced) << untraced.error().message;
  auto health = (*untraced)->attachHealthChannel();
  ASSERT_TRUE(health) << health.error().message;
  EXPECT_EQ(health->size(), 4096u);
  (*health)[64] = std::byte{0x42};  // mapped read-write: the partition writes its records there
  auto none = (*untraced)->attachTraceRing();
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_TRUE(none->empty()) << "no /dev/uio3: the run is not traced";

  fakeDevice(dir, 3);
  auto traced = UioTransport::create(producerSpec(), dir.path() / "dev", dir.path() / "sys");
  ASSERT_TRUE(traced);
  auto ring = (*traced)->attachTraceRing();
  ASSERT_TRUE(ring) << ring.error().message;
  EXPECT_EQ(ring->size(), 4096u);
  (*ring)[100] = std::byte{0x5a};
  for (auto [name, at, value] : {std::tuple{"uio2", 64, 0x42}, std::tuple{"uio3", 100, 0x5a}}) {
    std::ifstream device(dir.path() / "dev" / name, std::ios::binary);
    char bytes[101];
    device.read(bytes, 101);
    EXPECT_EQ(bytes[at], value) << name;
  }
  testing::internal::GetCapturedStdout();  // the seed's lines: checked above
}

TEST(UioTransport, ASizeInSysfsThatIsNotANumberIsAnError) {
  test::TempDir dir;
  fakeDevice(dir, 0);
  fakeDevice(dir, 1);
  const auto sizeFile = dir.path() / "sys" / "uio1" / "maps" / "map0" / "size";
  test::writeText(sizeFile, "lots\n");
  testing::internal::CaptureStdout();
  auto transport = UioTransport::create(producerSpec(), dir.path() / "dev", dir.path() / "sys");
  testing::internal::GetCapturedStdout();
  ASSERT_FALSE(transport);
  EXPECT_EQ(transport.error().message, "channel #1: " + sizeFile.string() + " holds 'lots', not a size");
}

}  // namespace
}  // namespace bulkhead::vm
