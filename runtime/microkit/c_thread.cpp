#include "runtime/microkit/c_thread.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string_view>

namespace bulkhead::runtime::microkit {

namespace {

CThread& self(void* context) { return *static_cast<CThread*>(context); }

bool apiPut(void* context, std::int32_t port, const void* value) { return self(context).put(port, value); }
bool apiGet(void* context, std::int32_t port, void* value, std::uintmax_t* dropped) {
  return self(context).get(port, value, dropped);
}
bool apiIsEmpty(void* context, std::int32_t port) { return self(context).isEmpty(port); }
int apiVprint(void* context, const char* format, std::va_list args) { return self(context).vprint(format, args); }

const bulkhead_mk_api kApi{&apiPut, &apiGet, &apiIsEmpty, &apiVprint};

}  // namespace

const bulkhead_mk_api& cThreadApi() { return kApi; }

std::expected<std::unique_ptr<CThread>, RuntimeError> CThread::create(const bulkhead_mk_thread& thread) {
  const std::string name = thread.instance_name != nullptr ? thread.instance_name : "?";
  const bulkhead_mk_thread_code* code = thread.code;
  if (code == nullptr || code->abi_version != BULKHEAD_MK_ABI_VERSION || code->bind == nullptr ||
      code->initialize == nullptr)
    return fail("thread " + name + ": its C code was generated for another bulkhead (C ABI version)");
  if (thread.dispatch == BULKHEAD_MK_PERIODIC && code->time_triggered == nullptr)
    return fail("thread " + name + " is periodic but its C code has no timeTriggered entry point");
  std::unique_ptr<CThread> created(new CThread(thread));
  created->ports_.resize(thread.port_count);
  for (std::uint32_t p = 0; p < thread.port_count; ++p) {
    const bulkhead_mk_port& port = thread.ports[p];
    if (port.category == BULKHEAD_MK_EVENT) continue;
    if (port.layout == nullptr) return fail("port " + name + "." + port.name + " has no C layout for its type");
    auto codec = CValueCodec::create(*port.layout);
    if (!codec) return fail("port " + name + "." + port.name + ": " + codec.error().message);
    created->ports_[p].codec = std::move(*codec);
    if (port.direction == BULKHEAD_MK_IN && port.category == BULKHEAD_MK_DATA)
      created->ports_[p].last.assign(port.layout->size, 0);
  }
  code->bind(&kApi, created.get());
  return created;
}

void CThread::initialise() { thread_.code->initialize(); }

void CThread::timeTriggered() {
  if (thread_.code->time_triggered != nullptr) thread_.code->time_triggered();
}

void CThread::handlePort(int port) {
  if (thread_.code->handlers != nullptr && thread_.code->handlers[port] != nullptr) thread_.code->handlers[port]();
}

void CThread::finalise() {
  // A last line without its '\n' still reaches the console.
  if (!pending_.empty()) context().print(std::exchange(pending_, std::string()));
}

bool CThread::validPort(int port, std::uint32_t direction) const {
  return port >= 0 && static_cast<std::uint32_t>(port) < thread_.port_count &&
         thread_.ports[port].direction == direction;
}

bool CThread::put(int port, const void* value) {
  if (!validPort(port, BULKHEAD_MK_OUT)) return false;
  Payload& out = context().put(port);
  const PortState& state = ports_[static_cast<std::size_t>(port)];
  if (!state.codec) return true;  // event port: put counted one event
  if (value == nullptr) {
    context().cancelPut(port);
    context().logError(std::string("put_") + thread_.ports[port].name + ": no value given; nothing sent");
    return false;
  }
  if (Status encoded = state.codec->encode(value, out); !encoded) {
    context().cancelPut(port);
    context().logError(std::string("put_") + thread_.ports[port].name + ": " + encoded.error().message +
                       "; value not sent");
    return false;
  }
  return true;
}

bool CThread::get(int port, void* value, std::uintmax_t* dropped) {
  if (dropped != nullptr) *dropped = 0;
  if (!validPort(port, BULKHEAD_MK_IN)) return false;
  PortState& state = ports_[static_cast<std::size_t>(port)];
  const FreezeResult taken = context().takeLive(port);
  if (dropped != nullptr) *dropped = taken.dropped;
  if (!state.codec) return taken.events > 0;  // event port: one event per get
  const bool data = thread_.ports[port].category == BULKHEAD_MK_DATA;
  if (!taken.hasValue) {
    // A data port keeps answering with the last value it had.
    if (data && value != nullptr) std::memcpy(value, state.last.data(), state.last.size());
    return false;
  }
  void* into = data ? static_cast<void*>(state.last.data()) : value;
  if (into == nullptr) return false;
  if (Status decoded = state.codec->decode(context().liveValue(port), into); !decoded) {
    context().logError(std::string("get_") + thread_.ports[port].name + ": " + decoded.error().message);
    return false;
  }
  if (!data) return true;
  if (value != nullptr) std::memcpy(value, state.last.data(), state.last.size());
  return taken.fresh;
}

bool CThread::isEmpty(int port) {
  if (!validPort(port, BULKHEAD_MK_IN)) return true;
  return !context().hasLiveInput(port);
}

int CThread::vprint(const char* format, std::va_list args) {
  char buffer[512];
  std::va_list again;
  va_copy(again, args);
  const int length = std::vsnprintf(buffer, sizeof buffer, format, args);
  if (length < 0) {
    va_end(again);
    return length;
  }
  if (static_cast<std::size_t>(length) < sizeof buffer) {
    pending_.append(buffer, static_cast<std::size_t>(length));
  } else {
    const std::size_t at = pending_.size();
    pending_.resize(at + static_cast<std::size_t>(length) + 1);
    std::vsnprintf(pending_.data() + at, static_cast<std::size_t>(length) + 1, format, again);
    pending_.resize(at + static_cast<std::size_t>(length));
  }
  va_end(again);
  emitLines();
  return length;
}

void CThread::emitLines() {
  std::size_t start = 0;
  for (std::size_t end; (end = pending_.find('\n', start)) != std::string::npos; start = end + 1)
    context().print(std::string_view(pending_).substr(start, end - start));
  pending_.erase(0, start);
}

}  // namespace bulkhead::runtime::microkit
