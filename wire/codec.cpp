#include "wire/codec.hpp"

#include <bit>
#include <limits>

#include "wire/bit_reader.hpp"
#include "wire/bit_writer.hpp"
#include "wire/max_bits.hpp"
#include "base/text.hpp"
#include "wire/type_name.hpp"

namespace bulkhead::wire {
namespace {

const char* valueKind(const Value& v) {
  static constexpr const char* names[] = {
      "a Boolean", "a signed integer", "an unsigned integer", "a float", "a double", "a Character", "a String",
      "a list"};
  return names[v.data.index()];
}

std::int64_t minOf(std::uint32_t width) {
  return width >= 64 ? std::numeric_limits<std::int64_t>::min() : -(std::int64_t{1} << (width - 1));
}
std::int64_t maxOf(std::uint32_t width) {
  return width >= 64 ? std::numeric_limits<std::int64_t>::max() : (std::int64_t{1} << (width - 1)) - 1;
}
std::uint64_t umaxOf(std::uint32_t width) {
  return width >= 64 ? std::numeric_limits<std::uint64_t>::max() : (std::uint64_t{1} << width) - 1;
}

class Encoder {
 public:
  std::expected<void, Error> put(const DataType& type, const Value& value, const std::string& path) {
    using K = DataType::Kind;
    switch (type.kind) {
      case K::Boolean: {
        const bool* b = std::get_if<bool>(&value.data);
        if (!b) return mismatch(type, value, path);
        writer_.write(*b ? 1 : 0, 1);
        return {};
      }
      case K::Character: {
        const char* c = std::get_if<char>(&value.data);
        if (!c) return mismatch(type, value, path);
        writer_.write(static_cast<unsigned char>(*c), 8);
        return {};
      }
      case K::Integer: {
        std::int64_t v;
        if (const auto* s = std::get_if<std::int64_t>(&value.data))
          v = *s;
        else if (const auto* u = std::get_if<std::uint64_t>(&value.data);
                 u && *u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
          v = static_cast<std::int64_t>(*u);
        else if (u)
          return outOfRange(type, base::text::concat(*u), path);
        else
          return mismatch(type, value, path);
        if (v < minOf(type.bitWidth) || v > maxOf(type.bitWidth)) return outOfRange(type, base::text::concat(v), path);
        writer_.write(static_cast<std::uint64_t>(v), type.bitWidth);
        return {};
      }
      case K::Unsigned: {
        std::uint64_t v;
        if (const auto* u = std::get_if<std::uint64_t>(&value.data))
          v = *u;
        else if (const auto* s = std::get_if<std::int64_t>(&value.data); s && *s >= 0)
          v = static_cast<std::uint64_t>(*s);
        else if (s)
          return outOfRange(type, base::text::concat(*s), path);
        else
          return mismatch(type, value, path);
        if (v > umaxOf(type.bitWidth)) return outOfRange(type, base::text::concat(v), path);
        writer_.write(v, type.bitWidth);
        return {};
      }
      case K::Float: {
        // Either C++ type is accepted for either width; a float is widened
        // or a double narrowed as C++ converts them.
        const float* f = std::get_if<float>(&value.data);
        const double* d = std::get_if<double>(&value.data);
        if (!f && !d) return mismatch(type, value, path);
        if (type.bitWidth == 32)
          writer_.write(std::bit_cast<std::uint32_t>(f ? *f : static_cast<float>(*d)), 32);
        else
          writer_.write(std::bit_cast<std::uint64_t>(d ? *d : static_cast<double>(*f)), 64);
        return {};
      }
      case K::String: {
        const std::string* s = std::get_if<std::string>(&value.data);
        if (!s) return mismatch(type, value, path);
        if (s->size() > type.maxLength)
          return std::unexpected(Error{
              ErrorCode::ValueMismatch,
              base::text::concat(path, ": String of ", s->size(), " characters above the maximum of ", type.maxLength)});
        writer_.write(s->size(), stringLengthBits(type.maxLength));
        for (char c : *s) writer_.write(static_cast<unsigned char>(c), 8);
        return {};
      }
      case K::Record: {
        const Value::List* l = std::get_if<Value::List>(&value.data);
        if (!l) return mismatch(type, value, path);
        if (l->size() != type.fields.size())
          return std::unexpected(
              Error{ErrorCode::ValueMismatch, base::text::concat(path, ": record ", typeName(type), " has ",
                                                           type.fields.size(), " fields, got ", l->size(), " values")});
        for (std::size_t i = 0; i < l->size(); ++i)
          if (auto ok = put(*type.fields[i].type, (*l)[i], path + "." + type.fields[i].name); !ok) return ok;
        return {};
      }
      case K::Array: {
        const Value::List* l = std::get_if<Value::List>(&value.data);
        if (!l) return mismatch(type, value, path);
        if (l->size() != type.maxLength)
          return std::unexpected(
              Error{ErrorCode::ValueMismatch,
                    base::text::concat(path, ": array of Dimension ", type.maxLength, ", got ", l->size(), " elements")});
        for (std::size_t i = 0; i < l->size(); ++i)
          if (auto ok = put(*type.element, (*l)[i], base::text::concat(path, "[", i, "]")); !ok) return ok;
        return {};
      }
    }
    return mismatch(type, value, path);
  }

  BitWriter& writer() { return writer_; }

 private:
  static std::unexpected<Error> mismatch(const DataType& type, const Value& value, const std::string& path) {
    return std::unexpected(
        Error{ErrorCode::ValueMismatch, base::text::concat(path, ": expected ", typeName(type), ", got ", valueKind(value))});
  }
  static std::unexpected<Error> outOfRange(const DataType& type, const std::string& v, const std::string& path) {
    const std::string range = type.kind == DataType::Kind::Integer
                                  ? base::text::concat(minOf(type.bitWidth), "..", maxOf(type.bitWidth))
                                  : base::text::concat("0..", umaxOf(type.bitWidth));
    return std::unexpected(Error{ErrorCode::ValueMismatch, base::text::concat(path, ": ", v, " is out of range for ",
                                                                        typeName(type), " (", range, ")")});
  }

  BitWriter writer_;
};

class Decoder {
 public:
  explicit Decoder(PayloadView payload) : reader_(payload.bytes, payload.numBits) {}

  std::expected<Value, Error> get(const DataType& type, const std::string& path) {
    using K = DataType::Kind;
    switch (type.kind) {
      case K::Boolean: {
        auto b = take(type, 1, path);
        if (!b) return std::unexpected(b.error());
        return Value(*b != 0);
      }
      case K::Character: {
        auto c = take(type, 8, path);
        if (!c) return std::unexpected(c.error());
        return Value(static_cast<char>(static_cast<unsigned char>(*c)));
      }
      case K::Integer: {
        auto raw = take(type, type.bitWidth, path);
        if (!raw) return std::unexpected(raw.error());
        std::uint64_t v = *raw;
        if (type.bitWidth < 64 && (v >> (type.bitWidth - 1)) & 1) v |= ~std::uint64_t{0} << type.bitWidth;
        return Value(static_cast<std::int64_t>(v));
      }
      case K::Unsigned: {
        auto raw = take(type, type.bitWidth, path);
        if (!raw) return std::unexpected(raw.error());
        return Value(*raw);
      }
      case K::Float: {
        auto raw = take(type, type.bitWidth, path);
        if (!raw) return std::unexpected(raw.error());
        if (type.bitWidth == 32) return Value(std::bit_cast<float>(static_cast<std::uint32_t>(*raw)));
        return Value(std::bit_cast<double>(*raw));
      }
      case K::String: {
        const std::uint64_t at = reader_.position();
        auto length = take(type, stringLengthBits(type.maxLength), path);
        if (!length) return std::unexpected(length.error());
        if (*length > type.maxLength)
          return std::unexpected(Error{
              ErrorCode::ValueMismatch,
              base::text::concat(path, " at bit ", at, ": String length ", *length, " above its maximum ", type.maxLength)});
        std::string s;
        s.reserve(static_cast<std::size_t>(*length));
        for (std::uint64_t i = 0; i < *length; ++i) {
          auto c = take(type, 8, path);
          if (!c) return std::unexpected(c.error());
          s.push_back(static_cast<char>(static_cast<unsigned char>(*c)));
        }
        return Value(std::move(s));
      }
      case K::Record: {
        Value::List fields;
        fields.reserve(type.fields.size());
        for (const RecordField& field : type.fields) {
          auto v = get(*field.type, path + "." + field.name);
          if (!v) return v;
          fields.push_back(std::move(*v));
        }
        return Value(std::move(fields));
      }
      case K::Array: {
        Value::List elements;
        for (std::uint64_t i = 0; i < type.maxLength; ++i) {
          auto v = get(*type.element, base::text::concat(path, "[", i, "]"));
          if (!v) return v;
          elements.push_back(std::move(*v));
        }
        return Value(std::move(elements));
      }
    }
    return std::unexpected(Error{ErrorCode::BadType, base::text::concat(path, ": unknown data type kind")});
  }

  BitReader& reader() { return reader_; }

 private:
  std::expected<std::uint64_t, Error> take(const DataType& type, unsigned bits, const std::string& path) {
    const std::uint64_t at = reader_.position();
    auto v = reader_.read(bits);
    if (!v)
      return std::unexpected(
          Error{ErrorCode::Truncated, base::text::concat("payload ends at bit ", at + reader_.remaining(), " inside ", path,
                                                   " (", typeName(type), " needs ", bits, " bits from bit ", at, ")")});
    return *v;
  }

  BitReader reader_;
};

}  // namespace

std::expected<Payload, Error> encode(const DataType& type, const Value& value) {
  if (auto bits = maxBits(type); !bits) return std::unexpected(bits.error());
  Encoder encoder;
  if (auto ok = encoder.put(type, value, "value"); !ok) return std::unexpected(ok.error());
  return Payload{encoder.writer().numBits(), std::move(encoder.writer().bytes())};
}

std::expected<Value, Error> decode(const DataType& type, PayloadView payload, std::uint64_t maxBits) {
  if (auto ok = checkPayload(payload, maxBits); !ok) return std::unexpected(ok.error());
  // The type is validated before it drives any read.
  if (auto bits = wire::maxBits(type); !bits) return std::unexpected(bits.error());
  Decoder decoder(payload);
  auto value = decoder.get(type, "value");
  if (!value) return value;
  if (decoder.reader().remaining() != 0)
    return std::unexpected(
        Error{ErrorCode::TrailingBits,
              base::text::concat("payload has ", decoder.reader().remaining(), " bits after the value (bits ",
                           decoder.reader().position(), "..", payload.numBits - 1, ")")});
  return value;
}

std::expected<Value, Error> decode(const DataType& type, PayloadView payload) {
  auto bits = maxBits(type);
  if (!bits) return std::unexpected(bits.error());
  return decode(type, payload, *bits);
}

}  // namespace bulkhead::wire
