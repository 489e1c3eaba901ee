#include "runtime/partition_program.hpp"

#include "base/monotonic_clock.hpp"
#include "runtime/log_sink.hpp"
#include "runtime/transports/native_fd_transport.hpp"
#include "runtime/partition_assembly.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

namespace bulkhead::runtime {

namespace {

std::string hex(std::uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

}  // namespace

std::expected<LaunchEnvironment, RuntimeError> readLaunchEnvironment(const PartitionSpec& spec) {
  auto variable = [](const char* name) -> std::expected<std::string, RuntimeError> {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0')
      return fail(std::string(name) + " is not set: partition programs are started by `bulkhead run`");
    return std::string(value);
  };
  LaunchEnvironment environment;
  auto partition = variable("BULKHEAD_PARTITION");
  if (!partition) return std::unexpected(partition.error());
  if (*partition != spec.name)
    return fail("BULKHEAD_PARTITION is '" + *partition + "' but this program is partition '" + spec.name + "'");
  environment.partition = *partition;

  auto fingerprint = variable("BULKHEAD_PLAN_FINGERPRINT");
  if (!fingerprint) return std::unexpected(fingerprint.error());
  std::string_view digits = *fingerprint;
  if (digits.starts_with("0x")) digits.remove_prefix(2);
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), environment.fingerprint, 16);
  if (error != std::errc{} || end != digits.data() + digits.size())
    return fail("BULKHEAD_PLAN_FINGERPRINT '" + *fingerprint + "' is not a hexadecimal number");
  if (environment.fingerprint != spec.planFingerprint)
    return fail("plan fingerprint mismatch: the supervisor runs plan " + hex(environment.fingerprint) +
                " but this program was generated from plan " + hex(spec.planFingerprint) +
                "; rebuild the partition programs from the same model");

  auto transport = variable("BULKHEAD_CHANNEL_TRANSPORT");
  if (!transport) return std::unexpected(transport.error());
  environment.transport = *transport;

  if (const char* scale = std::getenv("BULKHEAD_TIME_SCALE"); scale != nullptr && *scale != '\0') {
    std::string_view text = scale;
    double value = 0;
    auto [at, failed] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (failed != std::errc{} || at != text.data() + text.size() || !(value > 0) || !std::isfinite(value))
      return fail("BULKHEAD_TIME_SCALE '" + std::string(text) + "' is not a positive number");
    environment.timeScale = value;
  }
  if (const char* restart = std::getenv("BULKHEAD_RESTART"); restart != nullptr && *restart != '\0') {
    std::string_view text = restart;
    auto [at, failed] = std::from_chars(text.data(), text.data() + text.size(), environment.restart);
    if (failed != std::errc{} || at != text.data() + text.size())
      return fail("BULKHEAD_RESTART '" + std::string(text) + "' is not a restart count");
  }
  return environment;
}

PartitionSpec scaledForTime(const PartitionSpec& spec, double timeScale) {
  PartitionSpec scaled = spec;
  for (ThreadSpec& thread : scaled.threads)
    if (thread.dispatch == DispatchProtocol::Sporadic)
      thread.period = static_cast<Nanoseconds>(std::llround(static_cast<double>(thread.period) * timeScale));
  return scaled;
}

std::expected<std::unique_ptr<Transport>, RuntimeError> openTransport(std::string_view name,
                                                                      const PartitionSpec& spec,
                                                                      std::span<const TransportChoice> extra) {
  if (name == "fd") {
    auto transport = NativeFdTransport::create(handoverCount(spec));
    if (!transport) return std::unexpected(transport.error());
    return std::unique_ptr<Transport>(std::move(*transport));
  }
  std::string known = "'fd'";
  for (const TransportChoice& choice : extra) {
    if (choice.name == name) return choice.open(spec);
    known += ", '" + std::string(choice.name) + "'";
  }
  return fail("BULKHEAD_CHANNEL_TRANSPORT '" + std::string(name) + "' is not built into this program (it has " +
              known + ")");
}

int runPartitionProgram(const PartitionSpec& spec, std::span<Component* const> components,
                        std::span<const TransportChoice> extraTransports) {
  // Lines must reach the supervisor's pipe as they are written, including
  // the behaviour code's own printf.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  LogSink& sink = stdioLogSink();
  auto report = [&](const RuntimeError& error) {
    sink.line(Stream::Err, "partition " + spec.name + ": " + error.message);
    return 1;
  };

  auto environment = readLaunchEnvironment(spec);
  if (!environment) return report(environment.error());
  auto transport = openTransport(environment->transport, spec, extraTransports);
  if (!transport) return report(transport.error());
  auto ring = (*transport)->attachTraceRing();
  if (!ring) return report(ring.error());
  std::unique_ptr<PartitionTrace> trace;
  if (!ring->empty()) {
    auto created = PartitionTrace::create(*ring);
    if (!created) return report(created.error());
    trace = std::move(*created);
  }
  const PartitionSpec timed = scaledForTime(spec, environment->timeScale);
  auto dispatcher = assemblePartition(timed, components, **transport, sink, trace.get(), environment->restart > 0);
  if (!dispatcher) return report(dispatcher.error());

  dispatcher->announce();
  if (Status status = dispatcher->initialise(); !status) return report(status.error());
  std::optional<Nanoseconds> timeout;
  for (;;) {
    auto woke = (*transport)->wait(timeout);
    if (!woke) return report(woke.error());
    if (*woke == WaitOutcome::Stopped) break;
    if (trace) trace->wake();
    const Nanoseconds now = base::monotonicNow();
    auto step = dispatcher->step(now);
    if (!step) return report(step.error());
    timeout = step->nextDue ? std::optional<Nanoseconds>(*step->nextDue - now) : std::nullopt;
  }
  if (Status status = dispatcher->finalise(); !status) return report(status.error());
  return 0;
}

}  // namespace bulkhead::runtime
