// The two ends of a remote channel over real channel regions: what the
// sending node's partition writes comes out of the OutgoingChannel with its
// sequence numbers; the IncomingChannel puts it into the receiving node's
// region, where an ordinary receiver with its Queue_Size reads it. Gaps are
// counted lost; bad values never reach the queue.
#include "distribution/remote_channels.hpp"
#include "plan/channel_geometry.hpp"
#include "tests/channel/test_region.hpp"

#include <gtest/gtest.h>

#include <sys/eventfd.h>
#include <unistd.h>

namespace bulkhead::distribution {
namespace {

using channel::test::AlignedRegion;

plan::Channel eventDataChannel(std::uint32_t queueSize) {
  plan::Channel c;
  c.name = "producer.producer.write_port";
  c.category = plan::PortCategory::EventData;
  c.queueSize = queueSize;
  c.maxBits = 8;
  return c;
}

struct Region {
  explicit Region(const plan::Channel& c) : region(*channel::regionSize(plan::geometryOf(c))) {
    EXPECT_TRUE(channel::format(region.bytes(), plan::geometryOf(c)).has_value());
  }
  AlignedRegion region;
};

std::span<const std::byte> byte(const std::byte& b) { return {&b, 1}; }

TEST(RemoteChannels, ValuesCrossInOrderAndTheReceiverKeepsItsQueue) {
  const plan::Channel c = eventDataChannel(3);
  Region sending(c), receiving(c);
  auto writer = channel::EventDataSender::resume(sending.region.bytes());
  ASSERT_TRUE(writer.has_value());
  auto out = OutgoingChannel::attach(c, sending.region.readOnly());
  ASSERT_TRUE(out.has_value()) << out.error();
  const int fd = ::eventfd(0, EFD_NONBLOCK);
  auto in = IncomingChannel::attach(c, receiving.region.bytes(), {fd});
  ASSERT_TRUE(in.has_value()) << in.error();
  auto reader = channel::EventDataReceiver::attach(receiving.region.readOnly(), 3);
  ASSERT_TRUE(reader.has_value());

  for (std::uint8_t v = 0; v < 3; ++v) ASSERT_TRUE(writer->send(8, byte(std::byte{v})).has_value());
  auto values = out->drain();
  ASSERT_EQ(values.size(), 3u);
  for (std::uint64_t i = 0; i < 3; ++i) {
    EXPECT_EQ(values[i].sequence, i + 1);
    ASSERT_TRUE(in->accept(values[i].sequence, values[i].numBits, values[i].bytes).has_value());
  }
  EXPECT_TRUE(out->drain().empty());
  std::uint64_t notified = 0;
  EXPECT_EQ(::read(fd, &notified, sizeof notified), static_cast<ssize_t>(sizeof notified));
  EXPECT_EQ(notified, 3u);
  std::byte got[1];
  for (std::uint8_t v = 0; v < 3; ++v) {
    auto r = reader->dequeue(got);
    ASSERT_TRUE(r.has_value());
    ASSERT_TRUE(r->hasValue);
    EXPECT_EQ(got[0], std::byte{v});
    EXPECT_EQ(r->dropped, 0u);
  }
  EXPECT_EQ(in->lost(), 0u);
  ::close(fd);
}

TEST(RemoteChannels, AGapInSequenceNumbersIsCountedLost) {
  const plan::Channel c = eventDataChannel(1);
  Region receiving(c);
  auto in = IncomingChannel::attach(c, receiving.region.bytes(), {});
  ASSERT_TRUE(in.has_value());
  const std::byte b{7};
  ASSERT_TRUE(in->accept(1, 8, byte(b)).has_value());
  ASSERT_TRUE(in->accept(4, 8, byte(b)).has_value());
  EXPECT_EQ(in->lost(), 2u);
  EXPECT_EQ(in->received(), 2u);
}

// A value that came after the window that reads it is counted late and
// never written: it would push out the next value, which is on time (Queue_Size
// 1, DropOldest), and nobody would know.
TEST(RemoteChannels, ALateValueIsCountedAndNeverReachesTheQueue) {
  const plan::Channel c = eventDataChannel(1);
  Region receiving(c);
  auto in = IncomingChannel::attach(c, receiving.region.bytes(), {});
  ASSERT_TRUE(in.has_value());
  ASSERT_TRUE(in->accept(1, 8, byte(std::byte{0}), /*late=*/true).has_value());
  ASSERT_TRUE(in->accept(2, 8, byte(std::byte{1})).has_value());
  EXPECT_EQ(in->late(), 1u);
  EXPECT_EQ(in->lost(), 0u) << "a late value is not a gap as well";
  EXPECT_EQ(in->received(), 1u);
  auto reader = channel::EventDataReceiver::attach(receiving.region.readOnly(), 1);
  ASSERT_TRUE(reader.has_value());
  std::byte got[1];
  auto r = reader->dequeue(got);
  ASSERT_TRUE(r.has_value());
  ASSERT_TRUE(r->hasValue);
  EXPECT_EQ(got[0], std::byte{1});
  EXPECT_EQ(r->dropped, 0u) << "the value on time was not pushed out";
  // A late value is still checked: an oversize one is rejected, not counted late.
  const std::byte two[2] = {std::byte{1}, std::byte{2}};
  EXPECT_FALSE(in->accept(3, 16, two, true).has_value());
  EXPECT_EQ(in->late(), 1u);
}

TEST(RemoteChannels, OversizeAndRepeatedValuesAreRejected) {
  const plan::Channel c = eventDataChannel(1);
  Region receiving(c);
  auto in = IncomingChannel::attach(c, receiving.region.bytes(), {});
  ASSERT_TRUE(in.has_value());
  const std::byte two[2] = {std::byte{1}, std::byte{2}};
  auto big = in->accept(1, 16, two);
  ASSERT_FALSE(big.has_value());
  EXPECT_EQ(big.error(), "16 bits in 2 bytes do not fit the channel (at most 8 bits)");
  auto mismatched = in->accept(1, 8, two);
  ASSERT_FALSE(mismatched.has_value());
  EXPECT_EQ(mismatched.error(), "8 bits in 2 bytes do not fit the channel (at most 8 bits)");
  ASSERT_TRUE(in->accept(1, 8, byte(two[0])).has_value());
  auto again = in->accept(1, 8, byte(two[0]));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error(), "sequence number 1 after 1");
  EXPECT_EQ(in->received(), 1u);
  // Nothing rejected reached the queue.
  auto reader = channel::EventDataReceiver::attach(receiving.region.readOnly(), 1);
  ASSERT_TRUE(reader.has_value());
  std::byte got[1];
  auto r = reader->dequeue(got);
  ASSERT_TRUE(r.has_value() && r->hasValue);
  EXPECT_EQ(got[0], std::byte{1});
  EXPECT_FALSE(reader->hasNew());
}

TEST(RemoteChannels, ALateForwarderDropsAsAReceiverWouldAndTheGapShows) {
  const plan::Channel c = eventDataChannel(2);
  Region sending(c);
  auto writer = channel::EventDataSender::resume(sending.region.bytes());
  ASSERT_TRUE(writer.has_value());
  auto out = OutgoingChannel::attach(c, sending.region.readOnly());
  ASSERT_TRUE(out.has_value());
  for (std::uint8_t v = 0; v < 5; ++v) ASSERT_TRUE(writer->send(8, byte(std::byte{v})).has_value());
  auto values = out->drain();
  ASSERT_EQ(values.size(), 2u);  // DropOldest, Queue_Size 2: the newest two
  EXPECT_EQ(values[0].sequence, 4u);
  EXPECT_EQ(values[1].sequence, 5u);
  EXPECT_EQ(values[1].bytes[0], std::byte{4});
  EXPECT_EQ(out->dropped(), 3u);
}

TEST(RemoteChannels, DataPortsCarryTheNewestValueAndEventsTheirCount) {
  plan::Channel data;
  data.name = "a.b.c";
  data.category = plan::PortCategory::Data;
  data.maxBits = 8;
  Region dataSending(data), dataReceiving(data);
  auto dataWriter = channel::DataSender::resume(dataSending.region.bytes());
  ASSERT_TRUE(dataWriter.has_value());
  auto dataOut = OutgoingChannel::attach(data, dataSending.region.readOnly());
  auto dataIn = IncomingChannel::attach(data, dataReceiving.region.bytes(), {});
  ASSERT_TRUE(dataOut.has_value() && dataIn.has_value());
  ASSERT_TRUE(dataWriter->write(8, byte(std::byte{1})).has_value());
  ASSERT_TRUE(dataWriter->write(8, byte(std::byte{2})).has_value());
  auto values = dataOut->drain();
  ASSERT_EQ(values.size(), 1u);
  ASSERT_TRUE(dataIn->accept(values[0].sequence, values[0].numBits, values[0].bytes).has_value());
  auto dataReader = channel::DataReceiver::attach(dataReceiving.region.readOnly());
  ASSERT_TRUE(dataReader.has_value());
  std::byte got[1];
  auto read = dataReader->read(got);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->status, channel::DataRead::Status::Fresh);
  EXPECT_EQ(got[0], std::byte{2});
  EXPECT_TRUE(dataOut->drain().empty());  // stale: nothing new to send

  plan::Channel events;
  events.name = "a.b.e";
  events.category = plan::PortCategory::Event;
  events.queueSize = 8;
  events.maxBits = 0;
  Region eventSending(events), eventReceiving(events);
  auto eventWriter = channel::EventSender::resume(eventSending.region.bytes());
  ASSERT_TRUE(eventWriter.has_value());
  auto eventOut = OutgoingChannel::attach(events, eventSending.region.readOnly());
  auto eventIn = IncomingChannel::attach(events, eventReceiving.region.bytes(), {});
  ASSERT_TRUE(eventOut.has_value() && eventIn.has_value());
  for (int i = 0; i < 3; ++i) eventWriter->send();
  auto counted = eventOut->drain();
  ASSERT_EQ(counted.size(), 1u);
  EXPECT_EQ(counted[0].sequence, 3u);
  ASSERT_TRUE(eventIn->accept(counted[0].sequence, 0, {}).has_value());
  auto eventReader = channel::EventReceiver::attach(eventReceiving.region.readOnly(), 8);
  ASSERT_TRUE(eventReader.has_value());
  EXPECT_EQ(eventReader->take().count, 3u);
}

}  // namespace
}  // namespace bulkhead::distribution
