#pragma once
// What the schedule guarantees one sender and its receivers on one event
// data channel, frame by frame from a run's trace, outside the windows the
// run reported starved (tests/support/starved_frames.hpp): each partition
// dispatches in each of its frames not reported starved for it, never
// ahead of its ticks, and more than once in a frame, or in a frame not its
// own, only to make up a tick a starved window of it missed; the sender
// sends one value per dispatch, 00, 01, 02 … in order; and each
// receiver's dispatch takes what its own queue (DropOldest) holds at that
// point of the schedule, or nothing. A starved window may lose its
// dispatch; what follows shifts by exactly what the queues then hold, and
// that is what is checked. With no window reported, it is the quiet run's
// exact schedule.
#include "tests/support/chrome_trace.hpp"
#include "tests/support/starved_frames.hpp"

#include <algorithm>
#include <cstdio>
#include <deque>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace bulkhead::testing {

struct TracedSide {
  std::string partition;  // in the trace ("sender")
  std::string reported;   // in bulkhead's reports (a VM's host is "vm<name>")
  std::string port;       // its port on the channel ("sample")
  int period = 1;         // frames
  int slot = 0;           // its window's place in the frame
  std::size_t queue = 0;  // a receiver's Queue_Size; 0: the sender
  // Filled in: per dispatch, in order, the value it sent or took ("" for
  // nothing), as the trace says.
  std::vector<std::string> values;
};

inline std::string hexByte(int v) {
  char text[8];
  std::snprintf(text, sizeof text, "%02X", v & 0xff);
  return text;
}

inline std::vector<std::string> channelBreaks(const ChromeTrace& trace, std::vector<TracedSide>& sides,
                                              const StarvedFrames& starved, int frames) {
  std::vector<std::string> out;
  std::map<const TracedSide*, int> pids;
  for (TracedSide& s : sides) {
    pids[&s] = trace.pidOf(s.partition);
    if (pids[&s] <= 0) out.push_back("no " + s.partition + " in the trace");
  }
  if (!out.empty()) return out;

  // The frame (1-based) of the window of `pid` holding `ts`; 0 if none.
  auto frameOf = [&](int pid, double ts) {
    for (const TraceEvent& w : trace.where("X", "schedule", pid))
      if (w.name == "window" && w.ts <= ts && ts <= w.ts + w.dur) return w.args.value("frame", std::int64_t{-1}) + 1;
    return std::int64_t{0};
  };
  auto instantsIn = [&](int pid, const std::string& name, const TraceEvent& d) {
    std::vector<std::string> values;
    for (const TraceEvent& e : trace.events)
      if (e.pid == pid && e.ph == "i" && e.name == name && d.ts <= e.ts && e.ts <= d.ts + d.dur)
        values.push_back(e.args.value("value", std::string("-")));
    return values;
  };

  struct Dispatch {
    std::int64_t frame;
    int slot;
    double ts;
    TracedSide* side;
    std::vector<std::string> values;  // sent or received in it
  };
  std::vector<Dispatch> dispatches;
  for (TracedSide& s : sides) {
    const int pid = pids[&s];
    std::map<std::int64_t, int> perFrame;
    std::vector<TraceEvent> own = trace.where("X", "dispatch", pid);
    std::sort(own.begin(), own.end(), [](const auto& a, const auto& b) { return a.ts < b.ts; });
    for (const TraceEvent& d : own) {
      const std::int64_t f = frameOf(pid, d.ts);
      ++perFrame[f];
      dispatches.push_back({f, s.slot, d.ts, &s, instantsIn(pid, (s.queue == 0 ? "send " : "receive ") + s.port, d)});
    }
    if (perFrame.contains(0)) out.push_back(s.partition + " dispatched outside its windows");
    int due = 0, done = 0;
    bool starvedBefore = false;
    for (int f = 1; f <= frames; ++f) {
      const bool itsFrame = (f - 1) % s.period == 0;
      const int n = perFrame.contains(f) ? perFrame[f] : 0;
      due += itsFrame ? 1 : 0;
      done += n;
      const std::string in = s.partition + " dispatched " + std::to_string(n) + " times in frame " + std::to_string(f);
      if (done > due) out.push_back(in + ", more than its ticks so far");
      if (itsFrame && n == 0 && !starved.has(s.reported, f))
        out.push_back(s.partition + " did not dispatch in frame " + std::to_string(f) +
                      ", which was not reported starved for it");
      if ((n > 1 || (n == 1 && !itsFrame)) && !starvedBefore)
        out.push_back(in + (itsFrame ? "" : ", not one of its frames,") + " with no window of it starved before");
      starvedBefore = starvedBefore || starved.has(s.reported, f);
    }
  }
  std::sort(dispatches.begin(), dispatches.end(), [](const Dispatch& a, const Dispatch& b) {
    return std::tie(a.frame, a.slot, a.ts) < std::tie(b.frame, b.slot, b.ts);
  });

  // The channel as the schedule runs it: each send goes into every queue.
  std::map<const TracedSide*, std::deque<std::string>> queues;
  int next = 0;
  for (const Dispatch& d : dispatches) {
    const std::string where = d.side->partition + " in frame " + std::to_string(d.frame);
    if (d.side->queue == 0) {
      if (d.values.size() != 1) {
        out.push_back(where + " sent " + std::to_string(d.values.size()) + " values in one dispatch");
        continue;
      }
      if (d.values[0] != hexByte(next)) out.push_back(where + " sent " + d.values[0] + ", expected " + hexByte(next));
      ++next;
      d.side->values.push_back(d.values[0]);
      for (TracedSide& s : sides) {
        if (s.queue == 0) continue;
        auto& q = queues[&s];
        q.push_back(d.values[0]);
        if (q.size() > s.queue) q.pop_front();
      }
      continue;
    }
    auto& q = queues[d.side];
    const std::string expected = q.empty() ? "" : q.front();
    if (!q.empty()) q.pop_front();
    const std::string taken = d.values.empty() ? "" : d.values[0];
    if (d.values.size() > 1 || taken != expected)
      out.push_back(where + " received " + (taken.empty() ? std::string("nothing") : taken) + ", expected " +
                    (expected.empty() ? std::string("nothing") : expected));
    d.side->values.push_back(taken);
  }
  return out;
}

}  // namespace bulkhead::testing
