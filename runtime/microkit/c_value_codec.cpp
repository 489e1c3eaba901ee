#include "runtime/microkit/c_value_codec.hpp"

#include "wire/codec.hpp"
#include "wire/scalar.hpp"
#include "wire/value.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <type_traits>

namespace bulkhead::runtime::microkit {

namespace {

using Kind = wire::DataType::Kind;

const char* kindName(std::uint32_t kind) {
  switch (kind) {
    case BULKHEAD_MK_BOOLEAN: return "Boolean";
    case BULKHEAD_MK_INTEGER: return "Integer";
    case BULKHEAD_MK_UNSIGNED: return "Unsigned";
    case BULKHEAD_MK_FLOAT: return "Float";
    case BULKHEAD_MK_CHARACTER: return "Character";
    case BULKHEAD_MK_STRING: return "String";
    case BULKHEAD_MK_RECORD: return "Record";
    case BULKHEAD_MK_ARRAY: return "Array";
    case BULKHEAD_MK_ENUM: return "Enum";
    default: return "unknown";
  }
}

bool sizeHolds(const bulkhead_mk_layout& layout) {
  switch (layout.kind) {
    case BULKHEAD_MK_BOOLEAN:
    case BULKHEAD_MK_CHARACTER: return layout.size == 1;
    case BULKHEAD_MK_INTEGER:
    case BULKHEAD_MK_UNSIGNED:
      return (layout.size == 1 || layout.size == 2 || layout.size == 4 || layout.size == 8) &&
             layout.bit_width >= 1 && layout.bit_width <= layout.size * 8;
    case BULKHEAD_MK_ENUM: return layout.size == sizeof(int) && layout.bit_width >= 1 && layout.bit_width <= 32;
    case BULKHEAD_MK_FLOAT: return layout.size * 8 == layout.bit_width && (layout.size == 4 || layout.size == 8);
    case BULKHEAD_MK_STRING: return layout.size == layout.count + 1;
    default: return true;
  }
}

std::uint64_t readUnsigned(const unsigned char* at, std::size_t size) {
  switch (size) {
    case 1: return *at;
    case 2: { std::uint16_t v; std::memcpy(&v, at, 2); return v; }
    case 4: { std::uint32_t v; std::memcpy(&v, at, 4); return v; }
    default: { std::uint64_t v; std::memcpy(&v, at, 8); return v; }
  }
}

std::int64_t readSigned(const unsigned char* at, std::size_t size) {
  switch (size) {
    case 1: { std::int8_t v; std::memcpy(&v, at, 1); return v; }
    case 2: { std::int16_t v; std::memcpy(&v, at, 2); return v; }
    case 4: { std::int32_t v; std::memcpy(&v, at, 4); return v; }
    default: { std::int64_t v; std::memcpy(&v, at, 8); return v; }
  }
}

void writeBits(unsigned char* at, std::size_t size, std::uint64_t bits) {
  switch (size) {
    case 1: { auto v = static_cast<std::uint8_t>(bits); std::memcpy(at, &v, 1); break; }
    case 2: { auto v = static_cast<std::uint16_t>(bits); std::memcpy(at, &v, 2); break; }
    case 4: { auto v = static_cast<std::uint32_t>(bits); std::memcpy(at, &v, 4); break; }
    default: std::memcpy(at, &bits, 8); break;
  }
}

// C memory -> wire::Value, following the layout.
wire::Value toValue(const bulkhead_mk_layout& layout, const unsigned char* at) {
  switch (layout.kind) {
    case BULKHEAD_MK_BOOLEAN: return wire::Value(*at != 0);
    case BULKHEAD_MK_CHARACTER: return wire::Value(static_cast<char>(*at));
    case BULKHEAD_MK_INTEGER: return wire::Value(readSigned(at, layout.size));
    case BULKHEAD_MK_UNSIGNED:
    case BULKHEAD_MK_ENUM: return wire::Value(readUnsigned(at, layout.size));
    case BULKHEAD_MK_FLOAT:
      if (layout.size == 4) {
        float v;
        std::memcpy(&v, at, 4);
        return wire::Value(v);
      } else {
        double v;
        std::memcpy(&v, at, 8);
        return wire::Value(v);
      }
    case BULKHEAD_MK_STRING: {
      const auto* text = reinterpret_cast<const char*>(at);
      return wire::Value(std::string(text, ::strnlen(text, layout.count)));
    }
    case BULKHEAD_MK_RECORD: {
      wire::Value::List fields;
      for (std::uint64_t i = 0; i < layout.count; ++i)
        fields.push_back(toValue(layout.children[i], at + layout.children[i].offset));
      return wire::Value(std::move(fields));
    }
    default: {  // Array
      wire::Value::List elements;
      const bulkhead_mk_layout& element = layout.children[0];
      for (std::uint64_t i = 0; i < layout.count; ++i) elements.push_back(toValue(element, at + i * element.size));
      return wire::Value(std::move(elements));
    }
  }
}

// wire::Value (already checked against the type by the decoder) -> C memory.
void fromValue(const bulkhead_mk_layout& layout, const wire::Value& value, unsigned char* at) {
  switch (layout.kind) {
    case BULKHEAD_MK_BOOLEAN:
      if (const bool* v = std::get_if<bool>(&value.data)) *at = *v ? 1 : 0;
      break;
    case BULKHEAD_MK_CHARACTER:
      if (const char* v = std::get_if<char>(&value.data)) *at = static_cast<unsigned char>(*v);
      break;
    case BULKHEAD_MK_INTEGER:
      if (const std::int64_t* v = std::get_if<std::int64_t>(&value.data))
        writeBits(at, layout.size, static_cast<std::uint64_t>(*v));
      break;
    case BULKHEAD_MK_UNSIGNED:
    case BULKHEAD_MK_ENUM:
      if (const std::uint64_t* v = std::get_if<std::uint64_t>(&value.data)) writeBits(at, layout.size, *v);
      break;
    case BULKHEAD_MK_FLOAT:
      if (const float* f = std::get_if<float>(&value.data); f && layout.size == 4) std::memcpy(at, f, 4);
      if (const double* d = std::get_if<double>(&value.data); d && layout.size == 8) std::memcpy(at, d, 8);
      break;
    case BULKHEAD_MK_STRING:
      if (const std::string* s = std::get_if<std::string>(&value.data)) {
        const std::size_t n = std::min<std::size_t>(s->size(), layout.count);
        std::memcpy(at, s->data(), n);
        std::memset(at + n, 0, layout.size - n);
      }
      break;
    case BULKHEAD_MK_RECORD:
      if (const auto* fields = std::get_if<wire::Value::List>(&value.data))
        for (std::uint64_t i = 0; i < layout.count && i < fields->size(); ++i)
          fromValue(layout.children[i], (*fields)[i], at + layout.children[i].offset);
      break;
    default:
      if (const auto* elements = std::get_if<wire::Value::List>(&value.data))
        for (std::uint64_t i = 0; i < layout.count && i < elements->size(); ++i)
          fromValue(layout.children[0], (*elements)[i], at + i * layout.children[0].size);
      break;
  }
}

}  // namespace

std::expected<wire::DataType, RuntimeError> dataTypeOf(const bulkhead_mk_layout& layout) {
  if (!sizeHolds(layout))
    return fail(std::string("a C layout of kind ") + kindName(layout.kind) + " with " + std::to_string(layout.size) +
                " bytes for " + std::to_string(layout.bit_width) + " bits does not hold its values");
  wire::DataType type;
  type.bitWidth = layout.bit_width;
  switch (layout.kind) {
    case BULKHEAD_MK_BOOLEAN: type.kind = Kind::Boolean; type.bitWidth = 1; break;
    case BULKHEAD_MK_INTEGER: type.kind = Kind::Integer; break;
    case BULKHEAD_MK_UNSIGNED:
    case BULKHEAD_MK_ENUM: type.kind = Kind::Unsigned; break;
    case BULKHEAD_MK_FLOAT: type.kind = Kind::Float; break;
    case BULKHEAD_MK_CHARACTER: type.kind = Kind::Character; type.bitWidth = 8; break;
    case BULKHEAD_MK_STRING: type.kind = Kind::String; type.maxLength = layout.count; break;
    case BULKHEAD_MK_RECORD:
      type.kind = Kind::Record;
      if (layout.count == 0 || layout.children == nullptr) return fail("a C record layout without fields");
      for (std::uint64_t i = 0; i < layout.count; ++i) {
        const bulkhead_mk_layout& field = layout.children[i];
        if (field.offset + field.size > layout.size) return fail("a C record field outside its record");
        auto fieldType = dataTypeOf(field);
        if (!fieldType) return std::unexpected(fieldType.error());
        type.fields.push_back({"f" + std::to_string(i), std::make_shared<const wire::DataType>(std::move(*fieldType))});
      }
      break;
    case BULKHEAD_MK_ARRAY: {
      type.kind = Kind::Array;
      if (layout.children == nullptr || layout.count == 0 || layout.children[0].size * layout.count > layout.size)
        return fail("a C array layout whose elements do not fit it");
      type.maxLength = layout.count;
      auto element = dataTypeOf(layout.children[0]);
      if (!element) return std::unexpected(element.error());
      type.element = std::make_shared<const wire::DataType>(std::move(*element));
      break;
    }
    default: return fail("a C layout of unknown kind " + std::to_string(layout.kind));
  }
  return type;
}

std::expected<CValueCodec, RuntimeError> CValueCodec::create(const bulkhead_mk_layout& layout) {
  auto type = dataTypeOf(layout);
  if (!type) return std::unexpected(type.error());
  CValueCodec codec;
  codec.layout_ = &layout;
  codec.type_ = std::move(*type);
  const bool whole = layout.bit_width == layout.size * 8;
  switch (layout.kind) {
    case BULKHEAD_MK_BOOLEAN: codec.fast_ = Fast::Bool; break;
    case BULKHEAD_MK_CHARACTER: codec.fast_ = Fast::Char; break;
    case BULKHEAD_MK_FLOAT: codec.fast_ = layout.size == 4 ? Fast::F32 : Fast::F64; break;
    case BULKHEAD_MK_INTEGER:
      if (whole) codec.fast_ = layout.size == 1 ? Fast::I8 : layout.size == 2 ? Fast::I16 : layout.size == 4 ? Fast::I32 : Fast::I64;
      break;
    case BULKHEAD_MK_UNSIGNED:
      if (whole) codec.fast_ = layout.size == 1 ? Fast::U8 : layout.size == 2 ? Fast::U16 : layout.size == 4 ? Fast::U32 : Fast::U64;
      break;
    default: break;
  }
  return codec;
}

namespace {

template <wire::WireScalar T>
Status packInto(const void* value, Payload& into) {
  T v{};
  // A C bool is one byte; any non-zero byte is true (no bool load of a bad byte).
  if constexpr (std::is_same_v<T, bool>) v = *static_cast<const unsigned char*>(value) != 0;
  else std::memcpy(&v, value, sizeof v);
  const auto bytes = wire::packScalar(v);
  if (bytes.size() > into.storage().size()) return fail("the value is larger than the channel's maximum");
  std::copy(bytes.begin(), bytes.end(), into.storage().begin());
  into.setNumBits(wire::scalarBits<T>);
  return {};
}

template <wire::WireScalar T>
Status unpackFrom(const Payload& from, void* value) {
  auto v = wire::unpackScalar<T>(from.numBits(), from.bytes());
  if (!v) return fail(v.error().message);
  std::memcpy(value, &*v, sizeof(T));
  return {};
}

}  // namespace

Status CValueCodec::encode(const void* value, Payload& into) const {
  switch (fast_) {
    case Fast::Bool: return packInto<bool>(value, into);
    case Fast::Char: return packInto<char>(value, into);
    case Fast::I8: return packInto<std::int8_t>(value, into);
    case Fast::I16: return packInto<std::int16_t>(value, into);
    case Fast::I32: return packInto<std::int32_t>(value, into);
    case Fast::I64: return packInto<std::int64_t>(value, into);
    case Fast::U8: return packInto<std::uint8_t>(value, into);
    case Fast::U16: return packInto<std::uint16_t>(value, into);
    case Fast::U32: return packInto<std::uint32_t>(value, into);
    case Fast::U64: return packInto<std::uint64_t>(value, into);
    case Fast::F32: return packInto<float>(value, into);
    case Fast::F64: return packInto<double>(value, into);
    case Fast::None: break;
  }
  auto payload = wire::encode(type_, toValue(*layout_, static_cast<const unsigned char*>(value)));
  if (!payload) return fail(payload.error().message);
  if (payload->bytes.size() > into.storage().size())
    return fail(std::to_string(payload->numBits) + " bits exceed the channel maximum of " +
                std::to_string(into.maxBits()));
  std::copy(payload->bytes.begin(), payload->bytes.end(), into.storage().begin());
  into.setNumBits(payload->numBits);
  return {};
}

Status CValueCodec::decode(const Payload& from, void* value) const {
  switch (fast_) {
    case Fast::Bool: {
      auto v = wire::unpackScalar<bool>(from.numBits(), from.bytes());
      if (!v) return fail(v.error().message);
      *static_cast<unsigned char*>(value) = *v ? 1 : 0;
      return {};
    }
    case Fast::Char: return unpackFrom<char>(from, value);
    case Fast::I8: return unpackFrom<std::int8_t>(from, value);
    case Fast::I16: return unpackFrom<std::int16_t>(from, value);
    case Fast::I32: return unpackFrom<std::int32_t>(from, value);
    case Fast::I64: return unpackFrom<std::int64_t>(from, value);
    case Fast::U8: return unpackFrom<std::uint8_t>(from, value);
    case Fast::U16: return unpackFrom<std::uint16_t>(from, value);
    case Fast::U32: return unpackFrom<std::uint32_t>(from, value);
    case Fast::U64: return unpackFrom<std::uint64_t>(from, value);
    case Fast::F32: return unpackFrom<float>(from, value);
    case Fast::F64: return unpackFrom<double>(from, value);
    case Fast::None: break;
  }
  auto decoded = wire::decode(type_, wire::PayloadView(from.numBits(), from.bytes()), from.maxBits());
  if (!decoded) return fail(decoded.error().message);
  fromValue(*layout_, *decoded, static_cast<unsigned char*>(value));
  return {};
}

}  // namespace bulkhead::runtime::microkit
