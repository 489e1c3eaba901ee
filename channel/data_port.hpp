#pragma once
// The data port channel (design section 3): one value slot guarded by a
// sequence number. The writer stores DIRTY (all ones), the value, then the
// next sequence number; a reader retries a bounded number of times until
// it copies a value whose sequence is not DIRTY and did not change.
// Reads do not consume: the reader tells fresh (a write since its last
// read) from stale.
#include <cstddef>
#include <cstdint>
#include <expected>
#include <span>

#include "channel/error.hpp"
#include "channel/layout.hpp"

namespace bulkhead::channel {

inline constexpr std::uint64_t kDirty = ~std::uint64_t{0};
inline constexpr int kDataReadRetries = 64;

class DataSender {
 public:
  static std::expected<DataSender, Error> create(std::span<std::byte> region, std::uint64_t maxBits);
  static std::expected<DataSender, Error> resume(std::span<std::byte> region);

  std::expected<void, Error> write(std::uint64_t numBits, std::span<const std::byte> bytes);

  std::uint64_t sequence() const { return sequence_; }
  const Layout& layout() const { return layout_; }

 private:
  DataSender(std::byte* base, const Layout& layout, std::uint64_t sequence)
      : base_(base), layout_(layout), sequence_(sequence) {}

  std::byte* base_;
  Layout layout_;
  std::uint64_t sequence_;  // of the last write; 0: never written
};

struct DataRead {
  enum class Status : std::uint8_t {
    NoValue,    // the writer has never written
    Fresh,      // a value written since this receiver's previous read
    Stale,      // the same value as the previous read
    Contended,  // the writer kept rewriting during every retry; nothing copied
  };
  Status status = Status::NoValue;
  std::uint64_t numBits = 0;
  std::uint64_t sequence = 0;
};

class DataReceiver {
 public:
  static std::expected<DataReceiver, Error> attach(std::span<const std::byte> region);

  // Copies the current value to out (which must hold maxBytes()).
  std::expected<DataRead, Error> read(std::span<std::byte> out);

  // Cheap check for spinning: has the writer published since our last read?
  bool hasNew() const;

  std::uint64_t maxBits() const { return layout_.maxBits; }
  std::size_t maxBytes() const { return static_cast<std::size_t>(bytesForBits(layout_.maxBits)); }
  const Layout& layout() const { return layout_; }

 private:
  DataReceiver(const std::byte* base, const Layout& layout) : base_(base), layout_(layout) {}

  const std::byte* base_;
  Layout layout_;
  std::uint64_t lastSequence_ = 0;
};

}  // namespace bulkhead::channel
