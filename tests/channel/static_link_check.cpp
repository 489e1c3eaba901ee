// Built with -static: proves that channel/ and wire/ link into the statically
// built guest programs of VM partitions (no shared-only dependency). Exits 0
// after one value crosses a channel and the codec.
#include <cstdio>

#include "channel/event_data_queue.hpp"
#include "channel/shared_region.hpp"
#include "wire/codec.hpp"
#include "wire/scalar.hpp"

int main() {
  using namespace bulkhead;
  const channel::Geometry g{channel::Kind::EventData, 1, 8};
  auto region = channel::SharedRegion::create("static", *channel::regionSize(g));
  if (!region) return std::puts(region.error().message.c_str()), 1;
  auto sender = channel::EventDataSender::create(region->bytes(), g);
  auto receiver = channel::EventDataReceiver::attach(region->bytes());
  if (!sender || !receiver) return 2;
  if (!sender->send(8, wire::packScalar<std::int8_t>(6))) return 3;
  std::byte out[1];
  auto got = receiver->dequeue(out);
  if (!got || !got->hasValue) return 4;
  wire::DataType i8;
  i8.kind = wire::DataType::Kind::Integer;
  i8.bitWidth = 8;
  auto value = wire::decode(i8, wire::PayloadView(got->numBits, out));
  if (!value || std::get<std::int64_t>(value->data) != 6) return 5;
  std::puts("static channel and wire: ok");
  return 0;
}
