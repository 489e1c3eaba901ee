#include "distribution/link_transport.hpp"

#include "link_sample.h"
#include "plan/plan_json.hpp"

#include <dds/dds.h>

#include <cctype>
#include <mutex>
#include <vector>

namespace bulkhead::distribution {

namespace {

std::string ddsError(const char* what, dds_return_t rc) { return std::string(what) + ": " + dds_strretcode(rc); }

}  // namespace

struct LinkTransport::Entities {
  dds_entity_t domain = 0, participant = 0, topic = 0, writer = 0, reader = 0;
  LinkEvents events;
  // Cyclone may call data_available from more than one receive thread.
  std::mutex receiving;
  std::vector<LinkValue> received;  // the values of the sample being handed over
  std::mutex writing;
  std::vector<bulkhead_link_Value> sent;  // the values of the sample being written
  ~Entities() {
    // Deleting the domain deletes the reader first and waits for a callback in progress.
    if (domain > 0) dds_delete(domain);
  }

  void takeAll() {
    std::lock_guard lock(receiving);
    for (;;) {
      void* samples[64] = {};
      dds_sample_info_t infos[64];
      const dds_return_t n = dds_take(reader, samples, infos, 64, 64);
      if (n <= 0) return;
      for (dds_return_t i = 0; i < n; ++i) {
        if (!infos[i].valid_data) continue;
        const auto& s = *static_cast<const bulkhead_link_Sample*>(samples[i]);
        received.clear();
        for (std::uint32_t v = 0; v < s.values._length; ++v) {
          const bulkhead_link_Value& value = s.values._buffer[v];
          received.push_back({value.sequenceNumber, value.numBits,
                              {reinterpret_cast<const std::byte*>(value.bytes._buffer), value.bytes._length}});
        }
        events.received(LinkMessage{s.fingerprint, s.node, s.kind, s.channel, s.sequenceNumber, s.time, received},
                         infos[i].publication_handle);
      }
      dds_return_loan(reader, samples, n);
      if (n < 64) return;
    }
  }

  static void onDataAvailable(dds_entity_t, void* self) { static_cast<Entities*>(self)->takeAll(); }
  static void onLivelinessChanged(dds_entity_t, const dds_liveliness_changed_status_t status, void* self) {
    auto& e = *static_cast<Entities*>(self);
    if (!e.events.liveliness || (status.alive_count_change == 0 && status.not_alive_count_change == 0)) return;
    // A writer that went from alive to not alive raises not_alive_count.
    e.events.liveliness(status.last_publication_handle, status.not_alive_count_change <= 0);
  }
};

LinkTransport::LinkTransport(std::unique_ptr<Entities> entities) : entities_(std::move(entities)) {}
LinkTransport::~LinkTransport() = default;

std::expected<std::unique_ptr<LinkTransport>, std::string> LinkTransport::open(std::uint64_t fingerprint,
                                                                               const std::string& session,
                                                                               const CycloneNetwork& network,
                                                                               std::int64_t leaseNs, LinkEvents events) {
  auto e = std::make_unique<Entities>();
  e->events = std::move(events);
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
  // Never our own samples: a write would hand each to our own reader (and
  // its listener) on the writing thread.
  dds_qset_ignorelocal(qos, DDS_IGNORELOCAL_PARTICIPANT);
  e->topic = dds_create_topic(e->participant, &bulkhead_link_Sample_desc, name.c_str(), qos, nullptr);
  dds_qos_t* writerQos = dds_create_qos();
  dds_copy_qos(writerQos, qos);
  // Alive as long as it writes (every slot start): a node whose supervisor
  // stops, however it stops, lets its lease expire at every reader.
  dds_qset_liveliness(writerQos, DDS_LIVELINESS_MANUAL_BY_TOPIC, leaseNs > 0 ? leaseNs : DDS_INFINITY);
  if (e->topic >= 0) e->writer = dds_create_writer(e->participant, e->topic, writerQos, nullptr);
  dds_listener_t* listener = dds_create_listener(e.get());
  dds_lset_data_available(listener, &Entities::onDataAvailable);
  dds_lset_liveliness_changed(listener, &Entities::onLivelinessChanged);
  if (e->topic >= 0 && e->writer >= 0) e->reader = dds_create_reader(e->participant, e->topic, qos, listener);
  dds_delete_listener(listener);
  dds_delete_qos(writerQos);
  dds_delete_qos(qos);
  if (e->topic < 0) return std::unexpected(ddsError("Cyclone DDS topic", e->topic));
  if (e->writer < 0) return std::unexpected(ddsError("Cyclone DDS writer", e->writer));
  if (e->reader < 0) return std::unexpected(ddsError("Cyclone DDS reader", e->reader));
  return std::unique_ptr<LinkTransport>(new LinkTransport(std::move(e)));
}

std::expected<void, std::string> LinkTransport::write(const LinkMessage& m) {
  Entities& e = *entities_;
  std::lock_guard lock(e.writing);
  e.sent.clear();
  for (const LinkValue& v : m.values) {
    bulkhead_link_Value value{};
    value.sequenceNumber = v.sequence;
    value.numBits = v.numBits;
    // Only read by dds_write: the sample does not own the bytes.
    value.bytes._buffer = reinterpret_cast<std::uint8_t*>(const_cast<std::byte*>(v.bytes.data()));
    value.bytes._length = static_cast<std::uint32_t>(v.bytes.size());
    value.bytes._maximum = value.bytes._length;
    value.bytes._release = false;
    e.sent.push_back(value);
  }
  bulkhead_link_Sample s{};
  s.fingerprint = m.fingerprint;
  s.node = m.node;
  s.kind = m.kind;
  s.channel = m.channel;
  s.sequenceNumber = m.sequence;
  s.time = m.time;
  s.values._buffer = e.sent.data();
  s.values._length = static_cast<std::uint32_t>(e.sent.size());
  s.values._maximum = s.values._length;
  s.values._release = false;
  if (dds_return_t rc = dds_write(e.writer, &s); rc < 0) return std::unexpected(ddsError("dds_write", rc));
  return {};
}

void LinkTransport::assertLiveliness() { dds_assert_liveliness(entities_->writer); }

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
