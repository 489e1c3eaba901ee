// The scalar fast path against the generic codec for an Integer_8 port.
#include <benchmark/benchmark.h>

#include "wire/codec.hpp"
#include "wire/scalar.hpp"

namespace bulkhead::wire::bench {
namespace {

void BM_WireInteger8Scalar(benchmark::State& state) {
  std::int8_t v = 0;
  for (auto _ : state) {
    auto bytes = packScalar<std::int8_t>(v);
    benchmark::DoNotOptimize(bytes);
    auto back = unpackScalar<std::int8_t>(8, bytes);
    benchmark::DoNotOptimize(back);
    ++v;
  }
}
BENCHMARK(BM_WireInteger8Scalar);

void BM_WireInteger8Codec(benchmark::State& state) {
  DataType type;
  type.kind = DataType::Kind::Integer;
  type.bitWidth = 8;
  type.name = "Base_Types::Integer_8";
  std::int64_t v = 0;
  for (auto _ : state) {
    auto payload = encode(type, Value(static_cast<std::int64_t>(static_cast<std::int8_t>(v))));
    benchmark::DoNotOptimize(payload);
    auto back = decode(type, *payload);
    benchmark::DoNotOptimize(back);
    ++v;
  }
}
BENCHMARK(BM_WireInteger8Codec);

}  // namespace
}  // namespace bulkhead::wire::bench
