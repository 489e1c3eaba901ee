// End-to-end: both_vm_distributed's two nodes as two supervisors on this
// machine (`run --nodes all`), Cyclone DDS on loopback between them. What
// the design guarantees is asserted: the consumer node receives 00..0B, one
// value per frame, in order, and nothing is reported lost; never timing.
#include "tests/support/command_output.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

const std::string kModel = std::string(BULKHEAD_SOURCE_DIR) + "/examples/both_vm_distributed/both_vm_distributed.aadl";

bulkhead::testing::CommandOutput run(const std::string& arguments) {
  return bulkhead::testing::runCommand("'" + std::string(BULKHEAD_BINARY) + "' run " + arguments);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The consumer's "Received" lines (without any node prefix) of a log.
std::vector<std::string> receivedLines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const auto at = line.find("vmconsumer: Received");
    if (at != std::string::npos) out.push_back(line.substr(at));
  }
  return out;
}

// The consumer's "Received" values, as numbers, in the order printed.
std::vector<int> receivedValues(const std::string& text) {
  std::vector<int> out;
  const std::string marker = "read_port: [ ";
  for (const std::string& line : receivedLines(text)) {
    const auto at = line.find(marker);
    if (at != std::string::npos) out.push_back(std::stoi(line.substr(at + marker.size(), 2), nullptr, 16));
  }
  return out;
}

// What the remote channel carried, from the nodes' end-of-run lines: the
// sending node's values forwarded and overwritten before forwarding (a
// producer whose starved window sent two values in its next one), the
// receiving node's received in time and lost (on the way, which counts the
// overwritten, or late), and the losses reported during the run.
struct LinkCounts {
  std::uint64_t forwarded = 0, overwritten = 0, inTime = 0, lost = 0, reported = 0;
};

LinkCounts linkCounts(const std::string& text) {
  LinkCounts c;
  static const std::regex forwarded(
      R"(bulkhead: channel \S+: (\d+) value\(s\) forwarded(?:, (\d+) overwritten before forwarding)?\n)");
  static const std::regex received(
      R"(bulkhead: channel \S+ from node proc_a: (\d+) value\(s\) received in time(, (\d+) lost \((\d+) on the way, (\d+) late\))?\n)");
  static const std::regex reported(R"(bulkhead: health: (\d+) value\(s\) of channel \S+ from node )"
                                   R"(proc_a lost(?: on the way \(frame \d+\)|: they came after (?:frame \d+'s window|the )"
                                   R"(windows of frames \d+\.\.\d+), which reads them, was released \(frame \d+\)))");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), forwarded); it != std::sregex_iterator(); ++it) {
    c.forwarded += std::stoull((*it)[1].str());
    if ((*it)[2].matched) c.overwritten += std::stoull((*it)[2].str());
  }
  std::smatch m;
  if (std::regex_search(text, m, received)) {
    c.inTime = std::stoull(m[1].str());
    c.lost = m[2].matched ? std::stoull(m[3].str()) : 0;
  }
  for (auto it = std::sregex_iterator(text.begin(), text.end(), reported); it != std::sregex_iterator(); ++it)
    c.reported += std::stoull((*it)[1].str());
  return c;
}

// What the design guarantees of one run of the example, whatever the load:
// every value forwarded is received in time for its window or reported lost
// (a value too late for its window is reported, never written into the
// queue); the consumer reads, in order, values received in time and nothing
// else. Local scheduling is not the link's: a producer that missed its window
// on a loaded host sends fewer values, and a consumer that did (frozen before
// it ran; seen at load 22) leaves a value in its queue, which the next one
// pushes out (counted by the queue, HAMR's DropOldest).
void expectEveryValueReadOrReportedLost(const std::string& text, const std::vector<int>& values, std::uint64_t frames) {
  const LinkCounts c = linkCounts(text);
  const std::uint64_t sent = c.forwarded + c.overwritten;
  EXPECT_GE(c.forwarded, 1u) << text;
  EXPECT_LE(sent, frames) << text;
  EXPECT_EQ(sent, c.inTime + c.lost) << text;
  EXPECT_EQ(c.reported, c.lost) << "every loss reported during the run: " << text;
  EXPECT_LE(values.size(), c.inTime) << text;
  for (size_t i = 0; i < values.size(); ++i) {
    EXPECT_LT(values[i], static_cast<int>(sent)) << text;
    if (i > 0) {
      EXPECT_GT(values[i], values[i - 1]) << text;
    }
  }
}

TEST(DistributedRun, AllNodesHereTheConsumerNodeGetsOneValuePerFrameInOrder) {
  auto r = run("'" + kModel + "' --nodes all --frames 12 --time-scale 0.05 --vm=process");
  const LinkCounts c = linkCounts(r.text);
  // A loss (a value too late on a loaded host) is a health fault: exit 1.
  ASSERT_EQ(r.status, c.lost > 0 || contains(r.text, "bulkhead: health: ") ? 1 : 0) << r.text;
  for (const std::string& line : r.lines()) {
    if (line.find("vmconsumer: Received") != std::string::npos) {
      EXPECT_EQ(line.rfind("[proc_b] consumer: vmconsumer: Received 8 bits on read_port: [ ", 0), 0u) << line;  // from its node
    }
  }
  // Twelve frames, a print only when a value was there: one value per
  // frame, 00, 01, ..., each in its frame or reported lost.
  expectEveryValueReadOrReportedLost(r.text, receivedValues(r.text), 12);
  EXPECT_TRUE(contains(r.text, "[proc_a] producer: Art: Registered component: top_impl_Instance_producer_producer")) << r.text;
  EXPECT_FALSE(contains(r.text, "rejected")) << r.text;
}

// `sim` of the same model (every node in one process, virtual time) agrees
// with the two real nodes value for value.
TEST(DistributedRun, SimAgreesWithTheNodesValueForValue) {
  auto nodes = run("'" + kModel + "' --nodes all --frames 12 --time-scale 0.05 --vm=process");
  ASSERT_EQ(nodes.status, linkCounts(nodes.text).lost > 0 || contains(nodes.text, "bulkhead: health: ") ? 1 : 0) << nodes.text;
  auto sim = bulkhead::testing::runCommand("'" + std::string(BULKHEAD_BINARY) + "' sim '" + kModel + "' --frames 12");
  ASSERT_EQ(sim.status, 0) << sim.text;
  std::vector<std::string> fromNodes, fromSim;
  // The node's and the partition's names before the seed's text.
  const std::string prefix = "[proc_b] consumer: ";
  for (const std::string& line : nodes.lines())
    if (line.find("vmconsumer: Received") != std::string::npos) fromNodes.push_back(line.substr(prefix.size()));
  for (const std::string& line : sim.lines())
    if (line.find("vmconsumer: Received") != std::string::npos) fromSim.push_back(line);
  ASSERT_EQ(fromSim.size(), 12u) << sim.text;
  // Value for value: the nodes' value v is sim's v-th (sim's frame v + 1);
  // the nodes read all of them but those reported lost (or not sent by a
  // producer that missed its window on a loaded host).
  const std::vector<int> values = receivedValues(nodes.text);
  ASSERT_EQ(values.size(), fromNodes.size());
  for (size_t i = 0; i < values.size(); ++i) {
    ASSERT_LT(values[i], 12) << nodes.text;
    EXPECT_EQ(fromNodes[i], fromSim[static_cast<size_t>(values[i])]) << nodes.text;
  }
  expectEveryValueReadOrReportedLost(nodes.text, values, 12);
}

// The two nodes in two network namespaces joined by a veth pair, each
// Cyclone bound to its end: the values cross a real (virtual) link.
TEST(DistributedRun, TwoNetworkNamespacesOverAVethPair) {
  const std::string id = std::to_string(::getpid() % 100000);
  const std::string a = "bhna" + id, b = "bhnb" + id;
  const std::string setup = "ip netns add " + a + " && ip netns add " + b + " && ip link add va" + id +
                            " type veth peer name vb" + id + " && ip link set va" + id + " netns " + a +
                            " && ip link set vb" + id + " netns " + b + " && ip -n " + a + " addr add 10.231.7.1/24 dev va" +
                            id + " && ip -n " + b + " addr add 10.231.7.2/24 dev vb" + id + " && ip -n " + a +
                            " link set va" + id + " up && ip -n " + b + " link set vb" + id + " up && ip -n " + a +
                            " link set lo up && ip -n " + b + " link set lo up";
  const std::string cleanup = "ip netns del " + a + " 2>/dev/null; ip netns del " + b + " 2>/dev/null";
  if (std::system((setup + " >/dev/null 2>&1").c_str()) != 0) {
    std::system(cleanup.c_str());
    GTEST_SKIP() << "cannot make network namespaces and a veth pair here (needs root and iproute2)";
  }
  // nsenter --net: only the network namespace (ip netns exec would also remount /sys and hide the cgroups).
  const std::string bin = "'" + std::string(BULKHEAD_BINARY) + "'";
  const std::string common = " run '" + kModel + "' --frames 12 --time-scale 0.05 --vm=process --session veth" + id;
  const std::string script = "log=$(mktemp); timeout -s KILL 120 nsenter --net=/run/netns/" + a + " " + bin + common +
                             " --node proc_a --dds-interface 10.231.7.1 --dds-peer 10.231.7.2 > $log 2>&1 & pa=$!; "
                             "timeout -s KILL 120 nsenter --net=/run/netns/" + b + " " + bin + common +
                             " --node proc_b --dds-interface 10.231.7.2 --dds-peer 10.231.7.1 2>&1; sb=$?; wait $pa; sa=$?; "
                             "cat $log; rm -f $log; echo \"status $sa $sb\"";
  auto r = bulkhead::testing::runCommand(script);
  std::system(cleanup.c_str());
  // proc_b exits 1 when it reported a value lost (too late on a loaded host).
  EXPECT_TRUE(contains(r.text, linkCounts(r.text).lost > 0 ? "status 0 1" : "status 0 0")) << r.text;
  expectEveryValueReadOrReportedLost(r.text, receivedValues(r.text), 12);
}

int numberAfter(const std::string& text, const std::string& part) {
  const auto at = text.find(part);
  return at == std::string::npos ? -1 : std::atoi(text.c_str() + at + part.size());
}

std::string shellQuoted(const std::string& script) {
  std::string escaped;
  for (char c : script) {
    if (c == '"' || c == '$' || c == '\\') escaped += '\\';
    escaped += c;
  }
  return "\"" + escaped + "\"";
}

// Kill the producer's node mid-run: the consumer's node reports it lost
// within 3 frames of the last frame it completed (its DDS liveliness lease
// is 1.5 frames, here 750 ms: frames of 500 ms, long enough that the lease
// is not the 500 ms floor), and still walks its frames to the end (exit 1:
// a health fault, as for a crashed partition).
// The producer's node is killed once the consumer has read four values
// (not once it read 03: a window the host starved leaves a value in the
// queue, which the next one pushes out, and 03 may never be read).
TEST(DistributedRun, ANodeKilledMidRunIsReportedWithinThreeFramesAndTheOtherFinishes) {
  const std::string id = std::to_string(::getpid());
  const std::string bin = "'" + std::string(BULKHEAD_BINARY) + "'";
  const std::string common = " run '" + kModel + "' --frames 14 --time-scale 0.5 --vm=process --session kill" + id;
  const std::string script =
      "log=$(mktemp); other=$(mktemp); " + bin + common + " --node proc_b > $log 2>&1 & pb=$!; " + bin + common +
      " --node proc_a > $other 2>&1 & pa=$!; "
      "for i in $(seq 1200); do [ $(grep -c 'vmconsumer: Received' $log) -ge 4 ] && break; sleep 0.05; done; kill -9 $pa; "
      "wait $pb; sb=$?; cat $log; rm -f $log $other; echo \"status $sb\"";
  auto r = bulkhead::testing::runCommand("timeout -s KILL 120 sh -c " + shellQuoted(script));
  ASSERT_TRUE(contains(r.text, "status 1")) << r.text;
  const auto received = receivedValues(r.text);
  ASSERT_GE(received.size(), 4u) << r.text;
  for (size_t i = 1; i < received.size(); ++i) EXPECT_GT(received[i], received[i - 1]) << r.text;  // in order
  const std::string lost = "bulkhead: health: node proc_a lost: its liveliness lease (750 ms) expired; the last frame it completed was ";
  const auto at = r.text.find(lost);
  ASSERT_NE(at, std::string::npos) << r.text;
  EXPECT_EQ(r.text.find(lost, at + 1), std::string::npos) << "reported once: " << r.text;
  const int completed = std::atoi(r.text.c_str() + at + lost.size());
  const int frame = numberAfter(r.text.substr(at), "(frame ");
  // Value v is sent in frame v + 1 and read in the same frame, after the
  // sender's mark of the consumer's slot: the node completed at least the
  // frame of the last value read.
  EXPECT_GE(completed, received.back()) << r.text;
  EXPECT_GT(frame, completed) << r.text;
  EXPECT_LE(frame, completed + 3) << "detected within 3 frames: " << r.text;
  EXPECT_FALSE(contains(r.text, "did not finish")) << r.text;
}

// Kill the producer's node after value 03, and start it again once the
// consumer's node reported it lost: the new producer node learns the
// running nodes' frame 0, joins at a frame it names, and from that frame
// on the consumer receives one value per frame again, its partition's
// values from 00 (it started anew), none lost, none rejected.
TEST(DistributedRun, ARestartedNodeIsPickedUpAgain) {
  const std::string id = std::to_string(::getpid());
  const std::string bin = "'" + std::string(BULKHEAD_BINARY) + "'";
  const std::string common = " run '" + kModel + "' --frames 100 --time-scale 0.05 --vm=process --session back" + id;
  const std::string script =
      "log=$(mktemp); first=$(mktemp); again=$(mktemp); " + bin + common + " --node proc_b > $log 2>&1 & pb=$!; " + bin +
      common + " --node proc_a > $first 2>&1 & pa=$!; "
      "for i in $(seq 1200); do [ $(grep -c 'vmconsumer: Received' $log) -ge 4 ] && break; sleep 0.05; done; kill -9 $pa; wait $pa; "
      "for i in $(seq 1200); do grep -q 'proc_a lost' $log && break; sleep 0.05; done; " +
      bin + common + " --node proc_a > $again 2>&1; sa=$?; wait $pb; sb=$?; "
      "cat $log; echo '--- proc_a again'; cat $again; rm -f $log $first $again; echo \"status $sb $sa\"";
  auto r = bulkhead::testing::runCommand("timeout -s KILL 120 sh -c " + shellQuoted(script));
  const auto split = r.text.find("--- proc_a again");
  ASSERT_NE(split, std::string::npos) << r.text;
  const std::string consumer = r.text.substr(0, split), producer = r.text.substr(split);
  // The consumer's node had a node lost (exit 1); the restarted producer's node none.
  ASSERT_TRUE(contains(producer, "status 1 0")) << r.text;

  const std::string lost = "bulkhead: health: node proc_a lost: its liveliness lease (500 ms) expired; the last frame it completed was ";
  const auto lostAt = consumer.find(lost);
  ASSERT_NE(lostAt, std::string::npos) << r.text;
  const int lostFrame = numberAfter(consumer.substr(lostAt), "(frame ");
  ASSERT_GT(lostFrame, 0) << r.text;
  EXPECT_EQ(consumer.find(lost, consumer.find(lost) + 1), std::string::npos) << "reported once: " << r.text;
  const int joinFrame = numberAfter(producer, "bulkhead: joining the run under way at frame ");
  ASSERT_GT(joinFrame, lostFrame) << r.text;
  EXPECT_EQ(numberAfter(consumer, "bulkhead: node proc_a is back (frame "), joinFrame) << r.text;

  std::cout << "[ rejoined ] node lost in frame " << lostFrame << ", back at frame " << joinFrame << " of 100\n";

  // The first run's values, in order, are those the consumer read before
  // its node reported the producer's lost (four at least: the producer's
  // node was killed once it had read four); the second run's are those it
  // read after (that run was started only once the loss was in the log),
  // from 00, in order, each value the second run forwarded read in its
  // frame or reported lost after it was back. Not split where the values
  // go down: the second run's first values may be reported lost, and the
  // first it reads may then be above the first run's last.
  const std::vector<int> first = receivedValues(consumer.substr(0, lostAt));
  const std::vector<int> again = receivedValues(consumer.substr(lostAt));
  ASSERT_GE(first.size(), 4u) << r.text;
  for (size_t i = 1; i < first.size(); ++i) EXPECT_GT(first[i], first[i - 1]) << r.text;
  const auto backAt = consumer.find("bulkhead: node proc_a is back");
  ASSERT_NE(backAt, std::string::npos) << r.text;
  const std::string back = consumer.substr(backAt);
  const LinkCounts second = linkCounts(producer);  // the restarted node's forwarded count
  const std::uint64_t secondSent = second.forwarded + second.overwritten;
  EXPECT_GE(second.forwarded, 1u) << r.text;
  EXPECT_GE(again.size(), 1u) << "picked up again: the consumer reads the second run's values: " << r.text;
  EXPECT_LE(secondSent, static_cast<std::uint64_t>(100 - joinFrame + 1)) << r.text;
  EXPECT_LE(again.size() + linkCounts(back).reported, secondSent) << r.text;
  for (size_t i = 0; i < again.size(); ++i) {
    EXPECT_LT(again[i], static_cast<int>(secondSent)) << r.text;
    if (i > 0) {
      EXPECT_GT(again[i], again[i - 1]) << r.text;
    }
  }
  EXPECT_FALSE(contains(r.text, "rejected")) << r.text;
}

// Both nodes' Cyclone drop a fifth of the packets they send (--dds-loss,
// Cyclone's own test setting): values come late, after retransmission,
// often after the window that reads them. Whatever the timing, every value
// the producer's node forwarded is either read by the consumer (in its
// frame: once late, it is never written into the queue, where it would be
// read a frame late or push out the next value) or counted and reported
// lost with the frame; none goes missing silently.
TEST(DistributedRun, OnALinkThatLosesPacketsEveryValueIsReadOrReportedLost) {
  auto r = run("'" + kModel + "' --nodes all --frames 40 --time-scale 0.05 --vm=process --dds-loss 200");
  const LinkCounts c = linkCounts(r.text);
  EXPECT_EQ(r.status, c.lost > 0 || contains(r.text, "bulkhead: health: ") ? 1 : 0) << "a value lost is a health fault: " << r.text;
  expectEveryValueReadOrReportedLost(r.text, receivedValues(r.text), 40);
  EXPECT_GE(c.forwarded, 30u) << "the producer sends one value a frame: " << r.text;
  // A fifth of the packets lost makes values late at 50 ms frames (measured:
  // 6 to 25 of 40 per run); a run where none is reported has lost them silently.
  EXPECT_GE(c.lost, 1u) << r.text;
  EXPECT_FALSE(contains(r.text, "rejected")) << r.text;
  EXPECT_FALSE(contains(r.text, "did not finish")) << r.text;
}

TEST(DistributedRun, AMissingNodeIsNamedAfterTheTimeout) {
  auto r = run("'" + kModel + "' --node proc_a --node-timeout 1 --frames 2 --time-scale 0.05 --vm=process --session alone_" +
               std::to_string(::getpid()));
  EXPECT_NE(r.status, 0) << r.text;
  EXPECT_TRUE(contains(r.text, "bulkhead: nodes missing after 1 s: proc_b; every node of the model must run "
                               "(bulkhead run MODEL --node NAME)"))
      << r.text;
}

TEST(DistributedRun, AnUnknownNodeIsAUsageError) {
  auto r = run("'" + kModel + "' --node proc_c --frames 1 --vm=process");
  EXPECT_EQ(r.status, 2) << r.text;
  EXPECT_TRUE(contains(r.text, "bulkhead: --node proc_c: not a node of the model (its nodes: proc_a, proc_b)")) << r.text;
}

TEST(DistributedRun, AllNodesOfAOneNodeModelIsRefused) {
  auto r = run("'" + std::string(BULKHEAD_SOURCE_DIR) + "/examples/both_vm/both_vm.aadl' --nodes all --frames 1 --vm=process");
  EXPECT_EQ(r.status, 2) << r.text;
  EXPECT_TRUE(contains(r.text, "bulkhead: --nodes all: the model runs on one processor")) << r.text;
}

}  // namespace
