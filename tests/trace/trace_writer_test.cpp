// The trace writer's output is JSON that the Chrome trace-event format
// accepts: parsed back here with nlohmann_json and checked field by field.
#include "trace/trace_writer.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

namespace bulkhead::trace {
namespace {

nlohmann::json parse(const std::string& text) { return nlohmann::json::parse(text); }

TEST(TraceWriter, EmptyTraceIsAValidObjectWithNoEvents) {
  std::ostringstream out;
  { TraceWriter w(out); }
  nlohmann::json j = parse(out.str());
  ASSERT_TRUE(j.contains("traceEvents"));
  EXPECT_TRUE(j["traceEvents"].is_array());
  EXPECT_TRUE(j["traceEvents"].empty());
  EXPECT_EQ(j["displayTimeUnit"], "ns");
}

TEST(TraceWriter, SliceCarriesTrackTimesInMicrosecondsAndArgs) {
  std::ostringstream out;
  TraceWriter w(out);
  w.slice({3, 4}, "dispatch", "sim", 1'000'001'500, 10'000'000, {{"tick", std::int64_t{7}}, {"v", "0A"}});
  w.finish();
  nlohmann::json e = parse(out.str())["traceEvents"].at(0);
  EXPECT_EQ(e["ph"], "X");
  EXPECT_EQ(e["name"], "dispatch");
  EXPECT_EQ(e["cat"], "sim");
  EXPECT_EQ(e["pid"], 3);
  EXPECT_EQ(e["tid"], 4);
  EXPECT_DOUBLE_EQ(e["ts"].get<double>(), 1000001.5);
  EXPECT_DOUBLE_EQ(e["dur"].get<double>(), 10000.0);
  EXPECT_EQ(e["args"]["tick"], 7);
  EXPECT_EQ(e["args"]["v"], "0A");
}

TEST(TraceWriter, MetadataNamesProcessesAndTracks) {
  std::ostringstream out;
  TraceWriter w(out);
  w.nameProcess(2, "producer", 5);
  w.nameTrack({2, 1}, "producer.producer", 1);
  w.finish();
  nlohmann::json ev = parse(out.str())["traceEvents"];
  ASSERT_EQ(ev.size(), 4u);
  EXPECT_EQ(ev[0]["ph"], "M");
  EXPECT_EQ(ev[0]["name"], "process_name");
  EXPECT_EQ(ev[0]["args"]["name"], "producer");
  EXPECT_EQ(ev[1]["name"], "process_sort_index");
  EXPECT_EQ(ev[1]["args"]["sort_index"], 5);
  EXPECT_EQ(ev[2]["name"], "thread_name");
  EXPECT_EQ(ev[2]["tid"], 1);
  EXPECT_EQ(ev[2]["args"]["name"], "producer.producer");
  EXPECT_EQ(ev[3]["name"], "thread_sort_index");
}

TEST(TraceWriter, InstantFlowCounterAndBeginEndHaveTheirPhaseFields) {
  std::ostringstream out;
  TraceWriter w(out);
  w.instant({1, 1}, "drop", "port", 5, {{"dropped", std::int64_t{2}}});
  w.flowStart({1, 1}, "c1", "flow", 6, 42);
  w.flowEnd({2, 1}, "c1", "flow", 7, 42);
  w.counter(1, "queue", 8, "depth", 3);
  w.begin({1, 1}, "window", "schedule", 9);
  w.end({1, 1}, 10);
  w.finish();
  nlohmann::json ev = parse(out.str())["traceEvents"];
  ASSERT_EQ(ev.size(), 6u);
  EXPECT_EQ(ev[0]["ph"], "i");
  EXPECT_EQ(ev[0]["s"], "t");
  EXPECT_EQ(ev[0]["args"]["dropped"], 2);
  EXPECT_EQ(ev[1]["ph"], "s");
  EXPECT_EQ(ev[1]["id"], 42);
  EXPECT_EQ(ev[2]["ph"], "f");
  EXPECT_EQ(ev[2]["bp"], "e");
  EXPECT_EQ(ev[2]["id"], 42);
  EXPECT_EQ(ev[3]["ph"], "C");
  EXPECT_EQ(ev[3]["args"]["depth"], 3);
  EXPECT_EQ(ev[4]["ph"], "B");
  EXPECT_EQ(ev[5]["ph"], "E");
  EXPECT_DOUBLE_EQ(ev[5]["ts"].get<double>(), 0.010);
}

TEST(TraceWriter, NamesWithQuotesAndControlCharactersStayValidJson) {
  std::ostringstream out;
  TraceWriter w(out);
  w.instant({0, 0}, "a \"quoted\"\\name\n\x01", "", 0);
  w.finish();
  nlohmann::json e = parse(out.str())["traceEvents"].at(0);
  EXPECT_EQ(e["name"], "a \"quoted\"\\name\n\x01");
  EXPECT_FALSE(e.contains("cat"));
}

TEST(TraceWriter, CallsAfterFinishAreIgnoredAndOutputStaysValid) {
  std::ostringstream out;
  TraceWriter w(out);
  w.instant({0, 0}, "before", "", 0);
  w.finish();
  w.instant({0, 0}, "after", "", 1);
  w.finish();
  EXPECT_EQ(parse(out.str())["traceEvents"].size(), 1u);
  EXPECT_EQ(w.eventsWritten(), 1u);
}

TEST(TraceWriter, HexBytesIsUpperCaseSpaceSeparated) {
  const std::uint8_t bytes[] = {0x06, 0x0a, 0xff};
  EXPECT_EQ(hexBytes(bytes), "06 0A FF");
  EXPECT_EQ(hexBytes({}), "");
}

TEST(TraceWriter, SameCallsGiveIdenticalBytes) {
  auto write = [] {
    std::ostringstream out;
    TraceWriter w(out);
    w.nameProcess(1, "p", 1);
    w.slice({1, 1}, "x", "c", 123456789, 1000);
    w.finish();
    return out.str();
  };
  EXPECT_EQ(write(), write());
}

}  // namespace
}  // namespace bulkhead::trace
