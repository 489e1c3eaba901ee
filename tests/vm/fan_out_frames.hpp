#pragma once
// What the schedule guarantees a run of examples/fan_out, frame by frame
// from its trace, outside the windows the run reported starved
// (tests/support/starved_frames.hpp): the sender (a guest, every frame)
// and the display (a guest, every frame) dispatch in each frame not
// reported starved for them, the logger (native, every other frame: 1, 3,
// 5 …) in each of its frames not reported starved for it; the sender sends
// one value per dispatch, 0, 1, 2 … in order; and each receiver's dispatch
// takes what its own queue holds at that point of the schedule (the
// display's of 1, the logger's of 2, both DropOldest), the printed lines
// agreeing with the trace. A starved window may lose its dispatch; the
// tick it missed dispatches in a later window, and what follows shifts by
// exactly what the queues then hold, which is what is checked. With no
// window reported, this is the quiet run's exact lists.
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

inline std::vector<std::string> fanOutBreaks(const ChromeTrace& trace, const std::vector<std::string>& lines,
                                             const StarvedFrames& starved, int frames) {
  std::vector<std::string> out;
  struct Side {
    const char* partition;  // in the trace
    const char* reported;   // in bulkhead's reports: a VM's host is "vm<name>"
    const char* printed;    // the prefix of its value lines
    int period;             // frames
    int slot;               // its place in the frame
    std::size_t queue;      // receivers: Queue_Size
    int pid = 0;
  };
  Side sides[] = {{"sender", "vmsender", "vmsender: sender: sent ", 1, 0, 0},
                  {"logger", "logger", "logger: received ", 2, 1, 2},
                  {"display", "vmdisplay", "vmdisplay: display: received ", 1, 2, 1}};
  for (Side& s : sides) {
    s.pid = trace.pidOf(s.partition);
    if (s.pid <= 0) out.push_back(std::string("no ") + s.partition + " in the trace");
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
  auto hex = [](int v) {
    char text[8];
    std::snprintf(text, sizeof text, "%02X", v & 0xff);
    return std::string(text);
  };

  // Each side's dispatches, in schedule order: frame, slot, time.
  struct Dispatch {
    std::int64_t frame;
    int slot;
    double ts;
    Side* side;
    std::vector<std::string> values;  // what it sent or received, per the trace
  };
  std::vector<Dispatch> dispatches;
  for (Side& s : sides) {
    std::map<std::int64_t, int> perFrame;
    bool starvedBefore = false;
    std::vector<TraceEvent> own = trace.where("X", "dispatch", s.pid);
    std::sort(own.begin(), own.end(), [](const auto& a, const auto& b) { return a.ts < b.ts; });
    for (const TraceEvent& d : own) {
      const std::int64_t f = frameOf(s.pid, d.ts);
      ++perFrame[f];
      dispatches.push_back({f, s.slot, d.ts, &s,
                            instantsIn(s.pid, s.queue == 0 ? "send sample" : "receive sample", d)});
    }
    // Never ahead of its ticks; in each of its frames not reported starved;
    // more than once a frame, or in a frame not its own, only to make up a
    // tick a starved window of it missed.
    int due = 0, done = 0;
    for (int f = 1; f <= frames; ++f) {
      const bool itsFrame = (f - 1) % s.period == 0;
      const int n = perFrame.contains(f) ? perFrame[f] : 0;
      due += itsFrame ? 1 : 0;
      done += n;
      const std::string in = std::string(s.partition) + " dispatched " + std::to_string(n) + " times in frame " +
                             std::to_string(f);
      if (done > due) out.push_back(in + ", more than its ticks so far");
      if (itsFrame && n == 0 && !starved.has(s.reported, f))
        out.push_back(std::string(s.partition) + " did not dispatch in frame " + std::to_string(f) +
                      ", which was not reported starved for it");
      if ((n > 1 || (n == 1 && !itsFrame)) && !starvedBefore)
        out.push_back(in + (itsFrame ? "" : ", not one of its frames,") + " with no window of it starved before");
      starvedBefore = starvedBefore || starved.has(s.reported, f);
    }
    if (perFrame.contains(0)) out.push_back(std::string(s.partition) + " dispatched outside its windows");
  }
  std::sort(dispatches.begin(), dispatches.end(),
            [](const Dispatch& a, const Dispatch& b) { return std::tie(a.frame, a.slot, a.ts) < std::tie(b.frame, b.slot, b.ts); });

  // The channel as the schedule runs it: each send goes into both queues.
  std::map<const Side*, std::deque<std::string>> queues;
  std::map<const Side*, std::vector<std::string>> taken;
  int next = 0;
  for (const Dispatch& d : dispatches) {
    const std::string where = std::string(d.side->partition) + " in frame " + std::to_string(d.frame);
    if (d.side->queue == 0) {
      if (d.values.size() != 1) {
        out.push_back(where + " sent " + std::to_string(d.values.size()) + " values in one dispatch");
        continue;
      }
      if (d.values[0] != hex(next)) out.push_back(where + " sent " + d.values[0] + ", expected " + hex(next));
      ++next;
      for (Side& s : sides) {
        if (s.queue == 0) continue;
        auto& q = queues[&s];
        q.push_back(d.values[0]);
        if (q.size() > s.queue) q.pop_front();
      }
      continue;
    }
    auto& q = queues[d.side];
    const std::vector<std::string> expected =
        q.empty() ? std::vector<std::string>{} : std::vector<std::string>{q.front()};
    if (!q.empty()) q.pop_front();
    if (d.values != expected)
      out.push_back(where + " received " + (d.values.empty() ? std::string("nothing") : d.values[0]) + ", expected " +
                    (expected.empty() ? std::string("nothing") : expected[0]));
    taken[d.side].insert(taken[d.side].end(), d.values.begin(), d.values.end());
  }

  // The printed lines say the same (decimal there).
  for (Side& s : sides) {
    std::vector<std::string> printed, traced;
    for (const std::string& line : lines)
      if (line.starts_with(s.printed)) printed.push_back(hex(std::stoi(line.substr(std::string(s.printed).size()))));
    if (s.queue == 0)
      for (int v = 0; v < next; ++v) traced.push_back(hex(v));
    else
      traced = taken[&s];
    if (printed != traced) {
      std::string text = std::string(s.partition) + " printed";
      for (const auto& v : printed) text += " " + v;
      text += "; its trace:";
      for (const auto& v : traced) text += " " + v;
      out.push_back(text);
    }
  }
  return out;
}

}  // namespace bulkhead::testing
