#pragma once
// A port's values between C memory (the layout the C compiler gave HAMR's
// types, described by bulkhead_mk_layout) and the channel's bits, in the
// same encoding C++ partitions use (design section 4), so C and C++
// partitions share channels. Base_Types scalars take wire's fast path;
// strings, records, arrays and enumerations go through wire::Value and the
// generic codec.
#include "runtime/microkit/bulkhead_microkit.h"
#include "runtime/payload.hpp"
#include "runtime/runtime_error.hpp"
#include "wire/data_type.hpp"

#include <cstdint>
#include <expected>

namespace bulkhead::runtime::microkit {

// The wire type a layout describes (kinds, widths, lengths; no names).
std::expected<wire::DataType, RuntimeError> dataTypeOf(const bulkhead_mk_layout& layout);

class CValueCodec {
 public:
  // Checks the layout (kinds, widths against C sizes) once, at start-up.
  static std::expected<CValueCodec, RuntimeError> create(const bulkhead_mk_layout& layout);

  // The C object `value` (layout().size bytes) into `into`'s storage.
  Status encode(const void* value, Payload& into) const;
  // A received payload into the C object `value`; `value` is untouched on error.
  Status decode(const Payload& from, void* value) const;

  const bulkhead_mk_layout& layout() const { return *layout_; }

 private:
  enum class Fast : std::uint8_t { None, Bool, I8, I16, I32, I64, U8, U16, U32, U64, F32, F64, Char };

  CValueCodec() = default;

  const bulkhead_mk_layout* layout_ = nullptr;
  wire::DataType type_;
  Fast fast_ = Fast::None;
};

}  // namespace bulkhead::runtime::microkit
