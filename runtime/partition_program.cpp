#include "runtime/partition_program.hpp"

#include "base/monotonic_clock.hpp"
#include "contract/exit_status.hpp"
#include "contract/health_report.hpp"
#include "runtime/log_sink.hpp"
#include "runtime/transports/native_fd_transport.hpp"
#include "runtime/partition_assembly.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

namespace bulkhead::runtime {

std::expected<LaunchEnvironment, RuntimeError> readLaunchEnvironment(const PartitionSpec& spec) {
  auto environment = contract::parseEnvironment([](const char* name) -> std::optional<std::string> {
    const char* value = std::getenv(name);
    return value ? std::optional<std::string>(value) : std::nullopt;
  });
  if (!environment) return fail(environment.error());
  if (environment->partition != spec.name)
    return fail(std::string(contract::kPartitionVariable) + " is '" + environment->partition +
                "' but this program is partition '" + spec.name + "'");
  if (environment->planFingerprint != spec.planFingerprint)
    return fail("plan fingerprint mismatch: the supervisor runs plan " +
                contract::fingerprintText(environment->planFingerprint) + " but this program was generated from plan " +
                contract::fingerprintText(spec.planFingerprint) + "; rebuild the partition programs from the same model");
  return *environment;
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
  if (name == contract::kNativeTransport) {
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
    return contract::kPartitionFailed;
  };

  auto environment = readLaunchEnvironment(spec);
  if (!environment) return report(environment.error());
  auto transport = openTransport(environment->transport, spec, extraTransports);
  if (!transport) return report(transport.error());
  auto healthRegion = (*transport)->attachHealthChannel();
  if (!healthRegion) return report(healthRegion.error());
  std::optional<contract::HealthChannelWriter> health;
  if (!healthRegion->empty()) {
    health = contract::HealthChannelWriter::attach(*healthRegion);
    if (!health) return report(RuntimeError{"the health channel handed over is not formatted as one"});
  }
  auto ring = (*transport)->attachTraceRing();
  if (!ring) return report(ring.error());
  std::unique_ptr<TraceHook> trace;
  if (!ring->empty()) {
    auto created = TraceHook::attach(*ring);
    if (!created) return report(created.error());
    trace = std::move(*created);
  }
  const PartitionSpec timed = scaledForTime(spec, environment->timeScale);
  auto dispatcher = assemblePartition(timed, components, **transport, sink, trace.get(), environment->restart > 0);
  if (!dispatcher) return report(dispatcher.error());
  if (health) dispatcher->setHealthChannel(&*health);

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
  return contract::kPartitionClean;
}

}  // namespace bulkhead::runtime
