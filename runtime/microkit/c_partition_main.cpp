// bulkhead_mk_partition_main: the life of a HAMR Microkit C partition's
// program. Built into the C runtime archive that `bulkhead run
// --hamr-microkit` links user code with; it carries the VM guest transport
// ("uio"), so one program runs in its guest or natively.
#include "runtime/microkit/c_partition.hpp"
#include "runtime/log_sink.hpp"
#include "runtime/partition_program.hpp"

#if BULKHEAD_VM_GUEST
#include "runtime/transports/uio_transport.hpp"
#endif

extern "C" int bulkhead_mk_partition_main(const bulkhead_mk_partition* partition) {
  using namespace bulkhead::runtime;
  if (partition == nullptr) return 1;
  auto spec = microkit::partitionSpecOf(*partition);
  if (!spec) {
    stdioLogSink().line(Stream::Err, spec.error().message);
    return 1;
  }
  auto threads = microkit::makeCThreads(*partition);
  if (!threads) {
    stdioLogSink().line(Stream::Err, "partition " + spec->name + ": " + threads.error().message);
    return 1;
  }
  std::vector<Component*> components;
  for (auto& thread : *threads) components.push_back(thread.get());
#if BULKHEAD_VM_GUEST
  const TransportChoice transports[] = {{"uio", &openUioTransport}};
  return runPartitionProgram(*spec, components, transports);
#else
  return runPartitionProgram(*spec, components);
#endif
}
