#pragma once
// The DDS side of a node's link (design section 7b): a Cyclone participant
// configured by cyclone_config.hpp (never Cyclone's defaults), one topic of
// link_sample.idl's type, reliable and keep-all, that every node of a run
// writes and reads. Samples are handed over on Cyclone's own receive path
// (a listener), not on a thread a waitset wakes: one thread hand-over less
// each way. The writer's liveliness is MANUAL_BY_TOPIC with a lease: every
// write renews it, and a reader is told (Cyclone's liveliness QoS) when a
// writer that stopped writing has let it expire, or comes back. NodeLink
// speaks its protocol over it; bench/distribution measures it.
#include "distribution/cyclone_config.hpp"

#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <span>
#include <string>

namespace bulkhead::distribution {

// One value of a remote channel as the link carries it.
struct LinkValue {
  std::uint64_t sequence = 0;
  std::uint64_t numBits = 0;
  std::span<const std::byte> bytes;
};

// One sample as the link sees it (the fields of link_sample.idl).
struct LinkMessage {
  std::uint64_t fingerprint = 0;
  std::uint16_t node = 0;
  std::uint8_t kind = 0;
  std::uint32_t channel = 0;
  std::uint64_t sequence = 0;
  std::int64_t time = 0;
  std::span<const LinkValue> values;  // received: valid during the callback only
};

// What the link hands over, on Cyclone's threads, one call at a time.
// `writer` names the writer (its DDS instance handle): a node that
// restarts writes with another one.
struct LinkEvents {
  std::function<void(const LinkMessage& message, std::uint64_t writer)> received;
  // A matched writer's liveliness lease expired (false) or it wrote again (true).
  std::function<void(std::uint64_t writer, bool alive)> liveliness;
};

class LinkTransport {
 public:
  // Domain from the fingerprint, topic from the fingerprint and `session`.
  // `leaseNs`: the writer's liveliness lease (0: none, never expires).
  static std::expected<std::unique_ptr<LinkTransport>, std::string> open(std::uint64_t fingerprint, const std::string& session,
                                                                         const CycloneNetwork& network, std::int64_t leaseNs,
                                                                         LinkEvents events);
  // Stops the callbacks before anything they use goes.
  ~LinkTransport();

  // Never silent: a failed write is an error value. Any thread.
  std::expected<void, std::string> write(const LinkMessage& message);
  // Renews the writer's liveliness without a sample.
  void assertLiveliness();
  // Writers and readers of this topic matched with ours (other participants' only).
  std::uint32_t matchedWriters() const;
  std::uint32_t matchedReaders() const;
  // Waits until every reader acknowledged what was written (or `timeoutNs`).
  void waitForAcknowledgements(std::int64_t timeoutNs);

  struct Entities;

 private:
  explicit LinkTransport(std::unique_ptr<Entities> entities);
  std::unique_ptr<Entities> entities_;
};

}  // namespace bulkhead::distribution
