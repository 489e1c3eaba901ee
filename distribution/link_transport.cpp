#include "distribution/link_transport.hpp"

#include "link_sample.h"
#include "plan/plan_json.hpp"

#include <dds/dds.h>

#include <cctype>

namespace bulkhead::distribution {

namespace {

std::string ddsError(const char* what, dds_return_t rc) { return std::string(what) + ": " + dds_strretcode(rc); }

}  // namespace

struct LinkTransport::Entities {
  dds_entity_t domain = 0, participant = 0, topic = 0, writer = 0, reader = 0, waitset = 0, readable = 0;
  ~Entities() {
    if (domain > 0) dds_delete(domain);
  }
};

LinkTransport::LinkTransport(std::unique_ptr<Entities> entities) : entities_(std::move(entities)) {}
LinkTransport::~LinkTransport() = default;

std::expected<std::unique_ptr<LinkTransport>, std::string> LinkTransport::open(std::uint64_t fingerprint,
                                                                               const std::string& session,
                                                                               const CycloneNetwork& network) {
  auto e = std::make_unique<Entities>();
  // One domain per model (a fingerprint's), one topic per run (session).
  const auto domainId = static_cast<dds_domainid_t>(1 + fingerprint % 100);
  e->domain = dds_create_domain(domainId, cycloneConfig(network).c_str());
  if (e->domain < 0) return std::unexpected(ddsError("Cyclone DDS domain", e->domain));
  e->participant = dds_create_participant(domainId, nullptr, nullptr);
  if (e->participant < 0) return std::unexpected(ddsError("Cyclone DDS participant", e->participant));
  std::string name = "bulkhead_" + plan::fingerprintHex(fingerprint) + "_";
  for (char c : session) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  dds_qos_t* qos = dds_create_qos();
  // Reliable and keep-all: nothing the receiving queue would have kept is
  // lost on the way; the receiving node's channel applies Queue_Size.
  dds_qset_reliability(qos, DDS_RELIABILITY_RELIABLE, DDS_SECS(1));
  dds_qset_history(qos, DDS_HISTORY_KEEP_ALL, 0);
  e->topic = dds_create_topic(e->participant, &bulkhead_link_Sample_desc, name.c_str(), qos, nullptr);
  if (e->topic >= 0) e->writer = dds_create_writer(e->participant, e->topic, qos, nullptr);
  if (e->topic >= 0 && e->writer >= 0) e->reader = dds_create_reader(e->participant, e->topic, qos, nullptr);
  dds_delete_qos(qos);
  if (e->topic < 0) return std::unexpected(ddsError("Cyclone DDS topic", e->topic));
  if (e->writer < 0) return std::unexpected(ddsError("Cyclone DDS writer", e->writer));
  if (e->reader < 0) return std::unexpected(ddsError("Cyclone DDS reader", e->reader));
  e->waitset = dds_create_waitset(e->participant);
  e->readable = dds_create_readcondition(e->reader, DDS_ANY_STATE);
  if (e->waitset < 0 || e->readable < 0 || dds_waitset_attach(e->waitset, e->readable, 0) < 0)
    return std::unexpected("Cyclone DDS waitset");
  return std::unique_ptr<LinkTransport>(new LinkTransport(std::move(e)));
}

std::expected<void, std::string> LinkTransport::write(const LinkMessage& m) {
  bulkhead_link_Sample s{};
  s.fingerprint = m.fingerprint;
  s.node = m.node;
  s.kind = m.kind;
  s.channel = m.channel;
  s.sequenceNumber = m.sequence;
  s.numBits = m.numBits;
  s.time = m.time;
  if (!m.bytes.empty()) {
    // Only read by dds_write: the sample does not own the bytes.
    s.bytes._buffer = reinterpret_cast<std::uint8_t*>(const_cast<std::byte*>(m.bytes.data()));
    s.bytes._length = static_cast<std::uint32_t>(m.bytes.size());
    s.bytes._maximum = s.bytes._length;
    s.bytes._release = false;
  }
  if (dds_return_t rc = dds_write(entities_->writer, &s); rc < 0) return std::unexpected(ddsError("dds_write", rc));
  return {};
}

void LinkTransport::pump(std::int64_t timeoutNs, const std::function<void(const LinkMessage&)>& take) {
  if (timeoutNs > 0) dds_waitset_wait(entities_->waitset, nullptr, 0, timeoutNs);
  for (;;) {
    void* samples[64] = {};
    dds_sample_info_t infos[64];
    const dds_return_t n = dds_take(entities_->reader, samples, infos, 64, 64);
    if (n <= 0) return;
    for (dds_return_t i = 0; i < n; ++i) {
      if (!infos[i].valid_data) continue;
      const auto& s = *static_cast<const bulkhead_link_Sample*>(samples[i]);
      take(LinkMessage{s.fingerprint, s.node, s.kind, s.channel, s.sequenceNumber, s.numBits, s.time,
                       {reinterpret_cast<const std::byte*>(s.bytes._buffer), s.bytes._length}});
    }
    dds_return_loan(entities_->reader, samples, n);
    if (n < 64) return;
  }
}

std::uint32_t LinkTransport::matchedWriters() const {
  dds_subscription_matched_status_t sub{};
  return dds_get_subscription_matched_status(entities_->reader, &sub) < 0 ? 0 : sub.current_count;
}

std::uint32_t LinkTransport::matchedReaders() const {
  dds_publication_matched_status_t pub{};
  return dds_get_publication_matched_status(entities_->writer, &pub) < 0 ? 0 : pub.current_count;
}

void LinkTransport::waitForAcknowledgements(std::int64_t timeoutNs) { dds_wait_for_acks(entities_->writer, timeoutNs); }

}  // namespace bulkhead::distribution
