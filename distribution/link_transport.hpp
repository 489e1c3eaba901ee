#pragma once
// The DDS side of a node's link (design section 7b): a Cyclone participant
// configured by cyclone_config.hpp (never Cyclone's defaults), one topic of
// link_sample.idl's type, reliable and keep-all, that every node of a run
// writes and reads. NodeLink speaks its protocol over it; bench/distribution
// measures it.
#include "distribution/cyclone_config.hpp"

#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <span>
#include <string>

namespace bulkhead::distribution {

// One sample as the link sees it (the fields of link_sample.idl).
struct LinkMessage {
  std::uint64_t fingerprint = 0;
  std::uint16_t node = 0;
  std::uint8_t kind = 0;
  std::uint32_t channel = 0;
  std::uint64_t sequence = 0;
  std::uint64_t numBits = 0;
  std::int64_t time = 0;
  std::span<const std::byte> bytes;  // valid during the callback only (take)
};

class LinkTransport {
 public:
  // Domain from the fingerprint, topic from the fingerprint and `session`.
  static std::expected<std::unique_ptr<LinkTransport>, std::string> open(std::uint64_t fingerprint, const std::string& session,
                                                                         const CycloneNetwork& network);
  ~LinkTransport();

  // Never silent: a failed write is an error value.
  std::expected<void, std::string> write(const LinkMessage& message);
  // Waits up to `timeoutNs` for a sample (0: not at all), then hands every
  // sample there is to `take`, oldest first per writer.
  void pump(std::int64_t timeoutNs, const std::function<void(const LinkMessage&)>& take);
  // Writers and readers of this topic matched with ours (our own included).
  std::uint32_t matchedWriters() const;
  std::uint32_t matchedReaders() const;
  // Waits until every reader acknowledged what was written (or `timeoutNs`).
  void waitForAcknowledgements(std::int64_t timeoutNs);

 private:
  struct Entities;
  explicit LinkTransport(std::unique_ptr<Entities> entities);
  std::unique_ptr<Entities> entities_;
};

}  // namespace bulkhead::distribution
