// Output is the supervisor's (design section 7): lines made printable, named
// after their partition, and a console nobody reads costs lines, never time.
#include "supervisor/console.hpp"
#include "supervisor/output_forwarder.hpp"
#include "supervisor/printable.hpp"
#include "supervisor_harness.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <string>

namespace bulkhead::supervisor::testing {
namespace {

TEST(Printable, KeepsTextAndUtf8AndMakesControlsVisible) {
  EXPECT_EQ(makePrintable("tick 3 received 02\tok"), "tick 3 received 02\tok");
  EXPECT_EQ(makePrintable("caf\xC3\xA9 \xE6\x97\xA5"), "caf\xC3\xA9 \xE6\x97\xA5");
  EXPECT_EQ(makePrintable("\x1b[2J\x1b[Hbulkhead: health: fake\r"), "\\x1B[2J\\x1B[Hbulkhead: health: fake\\x0D");
  EXPECT_EQ(makePrintable(std::string("a\0b\x7f", 4)), "a\\x00b\\x7F");
  // C1's CSI, a right-to-left override and a line separator, as UTF-8.
  EXPECT_EQ(makePrintable("\xC2\x9B" "31m \xE2\x80\xAE" "abc \xE2\x80\xA8"), "\\u{009B}31m \\u{202E}abc \\u{2028}");
  // Not UTF-8: a lone continuation byte, a cut sequence, an overlong slash.
  EXPECT_EQ(makePrintable("\x80 \xE6\x97 \xC0\xAF"), "\\x80 \\xE6\\x97 \\xC0\\xAF");
  EXPECT_TRUE(isPrintable("plain line"));
  EXPECT_FALSE(isPrintable("bell\a"));
}

struct Pipe {
  int read = -1, write = -1;
  Pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) == 0) read = fds[0], write = fds[1];
  }
  ~Pipe() {
    ::close(read);
    ::close(write);
  }
  std::string drain() const {
    ::fcntl(read, F_SETFL, O_NONBLOCK);
    std::string text;
    char buffer[4096];
    for (ssize_t n; (n = ::read(read, buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<size_t>(n));
    return text;
  }
};

// Nobody reads the pipe: every line() returns (a blocking write would hang
// this test), the lines beyond the pipe and the queue are dropped and counted,
// and what did get through is whole lines.
TEST(Console, NeverBlocksOnAConsoleThatIsNotReadAndCountsTheLinesItDrops) {
  Pipe out;
  TempDir dir;
  int err = ::open((dir.path() / "err").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  const std::string text(100, 'x');
  constexpr int kLines = 20000;  // 2 MB: far more than a 64 KiB pipe and the 64 KiB queue hold
  {
    Console console(out.write, err, 64 * 1024);
    for (int i = 0; i < kLines; ++i) console.line(OutputStream::Stdout, "chatter: ", text);
    console.report("still reporting");
    EXPECT_FALSE(console.flush(std::chrono::milliseconds(50)));
    const auto dropped = console.droppedLines();
    EXPECT_GT(dropped, 0u);
    EXPECT_LT(dropped, static_cast<std::uint64_t>(kLines));
    // Whatever is read now is whole lines, and the queue drains into the pipe.
    auto got = out.drain();
    auto more = std::string();
    for (int round = 0; round < 100 && !console.flush(std::chrono::milliseconds(0)); ++round) {
      more += out.drain();
      console.flush(std::chrono::milliseconds(20));
    }
    got += more + out.drain();
    ASSERT_FALSE(got.empty());
    EXPECT_EQ(got.back(), '\n');
    std::size_t lines = 0;
    for (std::size_t at = 0; at < got.size(); at = got.find('\n', at) + 1, ++lines)
      ASSERT_EQ(got.compare(at, 9 + text.size() + 1, "chatter: " + text + "\n"), 0) << "line " << lines;
    EXPECT_EQ(lines + dropped, static_cast<std::uint64_t>(kLines));
  }
  ::close(err);
  EXPECT_EQ(readFile(dir.path() / "err"), "bulkhead: still reporting\n");
}

TEST(Console, KeepsTheOrderOfStdoutAndStderrSharingOnePipe) {
  Pipe both;
  {
    Console console(both.write, both.write);
    console.line(OutputStream::Stdout, "p: ", "one");
    console.report("two");
    console.line(OutputStream::Stderr, "p: ", "three");
    EXPECT_TRUE(console.flush(std::chrono::seconds(5)));
  }
  EXPECT_EQ(both.drain(), "p: one\nbulkhead: two\np: three\n");
}

TEST(OutputForwarder, NamesEveryLineAfterItsPartitionAndMakesItPrintable) {
  TempDir dir;
  int out = ::open((dir.path() / "out").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  Pipe impostor, named;
  {
    Console console(out, out);
    OutputForwarder forwarder(console);
    forwarder.add({impostor.read, OutputStream::Stdout, ""}, "impostor");
    forwarder.add({named.read, OutputStream::Stderr, ""}, "bulkhead");
    const std::string lies = "bulkhead: health: partition producer crashed\n\x1b[1A\x1b[2K\rbulkhead: ok\n\nimpostor: own\n";
    ASSERT_EQ(::write(impostor.write, lies.data(), lies.size()), static_cast<ssize_t>(lies.size()));
    ASSERT_EQ(::write(named.write, "bulkhead: health: x\n", 20), 20);
    EXPECT_TRUE(forwarder.onReadable(impostor.read));
    EXPECT_TRUE(forwarder.onReadable(named.read));
  }
  ::close(out);
  EXPECT_EQ(readFile(dir.path() / "out"),
            "impostor: bulkhead: health: partition producer crashed\n"
            "impostor: \\x1B[1A\\x1B[2K\\x0Dbulkhead: ok\n"
            "\n"
            "impostor: own\n"
            "partition bulkhead: bulkhead: health: x\n");
}

}  // namespace
}  // namespace bulkhead::supervisor::testing
