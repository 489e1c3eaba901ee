#pragma once
// Reads a Chrome trace-event JSON file back for tests of `sim --trace` and
// `run --trace`: the events by kind, and the checks every such trace must
// pass whatever ran.
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace bulkhead::testing {

struct TraceEvent {
  std::string ph, name, cat;
  int pid = 0, tid = 0;
  double ts = 0, dur = 0;  // microseconds
  std::string id;          // flows
  nlohmann::json args;
};

struct ChromeTrace {
  std::vector<TraceEvent> events;
  std::map<int, std::string> processNames;

  std::vector<TraceEvent> where(const std::string& ph, const std::string& cat, int pid = -1) const {
    std::vector<TraceEvent> out;
    for (const TraceEvent& e : events)
      if (e.ph == ph && e.cat == cat && (pid < 0 || e.pid == pid)) out.push_back(e);
    return out;
  }
  int pidOf(const std::string& processNameStart) const {
    for (const auto& [pid, name] : processNames)
      if (name.starts_with(processNameStart)) return pid;
    return -1;
  }
  // The "value" args of instants named `name` on `pid`, in time order.
  std::vector<std::string> values(int pid, const std::string& name) const {
    std::vector<const TraceEvent*> hits;
    for (const TraceEvent& e : events)
      if (e.pid == pid && e.ph == "i" && e.name == name) hits.push_back(&e);
    std::stable_sort(hits.begin(), hits.end(), [](auto* a, auto* b) { return a->ts < b->ts; });
    std::vector<std::string> out;
    for (const TraceEvent* e : hits) out.push_back(e->args.value("value", std::string("-")));
    return out;
  }
};

inline ChromeTrace readChromeTrace(const std::string& file) {
  ChromeTrace trace;
  std::ifstream in(file);
  nlohmann::json doc = nlohmann::json::parse(in);  // throws on malformed JSON: the test fails
  const nlohmann::json& list = doc.is_array() ? doc : doc.at("traceEvents");
  for (const auto& j : list) {
    TraceEvent e;
    e.ph = j.at("ph").get<std::string>();
    e.name = j.value("name", "");
    e.cat = j.value("cat", "");
    e.pid = j.value("pid", 0);
    e.tid = j.value("tid", 0);
    e.ts = j.value("ts", 0.0);
    e.dur = j.value("dur", 0.0);
    if (j.contains("id")) e.id = j.at("id").is_string() ? j.at("id").get<std::string>() : j.at("id").dump();
    if (j.contains("args")) e.args = j.at("args");
    if (e.ph == "M" && e.name == "process_name") trace.processNames[e.pid] = e.args.value("name", "");
    trace.events.push_back(std::move(e));
  }
  return trace;
}

// Problems with the trace's structure, one line each (empty: none): every
// dispatch lies in one of its partition's windows (in a run, drawn from the
// window's release to its stop as they happened, however late: so this
// holds under any load for a dispatch not stopped mid-way), every port event in one
// of its partition's dispatches, every flow end has its start (a start may
// lack its end: the message was dropped, or the run ended first).
inline std::vector<std::string> structureProblems(const ChromeTrace& trace) {
  std::vector<std::string> problems;
  auto inside = [](double t, double start, double end) { return start <= t && t <= end; };
  for (const TraceEvent& d : trace.where("X", "dispatch")) {
    bool ok = false;
    for (const TraceEvent& w : trace.where("X", "schedule", d.pid))
      if (w.name == "window" && inside(d.ts, w.ts, w.ts + w.dur) && inside(d.ts + d.dur, w.ts, w.ts + w.dur)) ok = true;
    if (!ok) problems.push_back("dispatch " + d.name + " at " + std::to_string(d.ts) + " lies outside its windows");
  }
  for (const TraceEvent& p : trace.where("i", "port")) {
    bool ok = false;
    for (const TraceEvent& d : trace.where("X", "dispatch", p.pid))
      if (inside(p.ts, d.ts, d.ts + d.dur)) ok = true;
    if (!ok) problems.push_back(p.name + " at " + std::to_string(p.ts) + " lies outside its dispatches");
  }
  std::map<std::string, int> starts, ends;
  for (const TraceEvent& e : trace.events) {
    if (e.ph == "s") ++starts[e.id];
    if (e.ph == "f") ++ends[e.id];
  }
  for (const auto& [id, n] : ends)
    if (!starts.contains(id)) problems.push_back("flow " + id + " ends without a start");
  return problems;
}

}  // namespace bulkhead::testing
