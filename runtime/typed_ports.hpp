#pragma once
// Typed access to a thread's ports for generated code: values are encoded
// with wire/'s bit codec into the thread context's buffers, and decoded
// from what was frozen. Scalars take wire's fast path; strings, records and
// arrays go through wire::Value and the generic codec.
#include "runtime/thread_context.hpp"
#include "wire/codec.hpp"
#include "wire/data_type.hpp"
#include "wire/scalar.hpp"
#include "wire/value.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

namespace bulkhead::runtime {

// A data port's value as frozen at dispatch: `fresh` when written since this
// thread's previous read, stale otherwise (design section 3).
template <class T>
struct Sample {
  T value;
  bool fresh = false;
};

namespace detail {

inline const std::string& portName(ThreadContext& context, int port) {
  return context.spec().ports[static_cast<std::size_t>(port)].name;
}

inline void store(ThreadContext& context, int port, std::uint64_t numBits, std::span<const std::byte> bytes) {
  Payload& out = context.put(port);
  if (bytes.size() > out.storage().size()) {
    context.logError("put_" + portName(context, port) + ": " + std::to_string(numBits) +
                     " bits exceed the channel maximum of " + std::to_string(out.maxBits()) + "; value not sent");
    context.cancelPut(port);
    return;
  }
  std::copy(bytes.begin(), bytes.end(), out.storage().begin());
  out.setNumBits(numBits);
}

}  // namespace detail

template <wire::WireScalar T>
void putScalar(ThreadContext& context, int port, T value) {
  const auto bytes = wire::packScalar(value);
  detail::store(context, port, wire::scalarBits<T>, bytes);
}

template <wire::WireScalar T>
std::optional<T> getScalar(ThreadContext& context, int port) {
  const Payload* frozen = context.get(port);
  if (frozen == nullptr) return std::nullopt;
  auto value = wire::unpackScalar<T>(frozen->numBits(), frozen->bytes());
  if (!value) {
    context.logError("get_" + detail::portName(context, port) + ": " + value.error().message);
    return std::nullopt;
  }
  return *value;
}

template <wire::WireScalar T>
std::optional<Sample<T>> getScalarSample(ThreadContext& context, int port) {
  auto value = getScalar<T>(context, port);
  if (!value) return std::nullopt;
  return Sample<T>{*value, context.isFresh(port)};
}

inline void putValue(ThreadContext& context, int port, const wire::DataType& type, const wire::Value& value) {
  auto payload = wire::encode(type, value);
  if (!payload) {
    context.logError("put_" + detail::portName(context, port) + ": " + payload.error().message + "; value not sent");
    return;
  }
  detail::store(context, port, payload->numBits, payload->bytes);
}

inline std::optional<wire::Value> getValue(ThreadContext& context, int port, const wire::DataType& type) {
  const Payload* frozen = context.get(port);
  if (frozen == nullptr) return std::nullopt;
  auto value = wire::decode(type, wire::PayloadView(frozen->numBits(), frozen->bytes()), frozen->maxBits());
  if (!value) {
    context.logError("get_" + detail::portName(context, port) + ": " + value.error().message);
    return std::nullopt;
  }
  return *value;
}

}  // namespace bulkhead::runtime
