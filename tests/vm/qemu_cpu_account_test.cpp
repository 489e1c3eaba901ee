// A VM partition's CPU account (vm/qemu_cpu_account.hpp): QEMU's process
// moved into a cgroup of its own, counted like a process partition's and
// marked as more than the program's CPU. Over a scripted group, and over a
// real one holding a real spinning process kept off its CPU on purpose.
#include "vm/qemu_cpu_account.hpp"

#include <gtest/gtest.h>

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>
#include <vector>

namespace bulkhead::vm {
namespace {

class ScriptedGroup : public supervisor::Freezer {
 public:
  ScriptedGroup(std::vector<pid_t>& adopted, std::optional<supervisor::CpuAccount> account)
      : adopted_(adopted), account_(account) {}
  std::expected<void, std::string> adopt(pid_t pid, bool) override {
    adopted_.push_back(pid);
    return {};
  }
  void attachProgram(int) override {}
  void freeze() override { ADD_FAILURE() << "a VM's group is never frozen"; }
  void thaw() override {}
  supervisor::FreezerKind kind() const override { return supervisor::FreezerKind::Cgroup; }
  std::optional<supervisor::CpuAccount> cpuAccount() const override { return account_; }

 private:
  std::vector<pid_t>& adopted_;
  std::optional<supervisor::CpuAccount> account_;
};

TEST(QemuCpuAccount, FollowsEachQemuProcessIntoItsGroupAndMarksTheAccountAsMoreThanTheProgram) {
  std::vector<pid_t> adopted;
  QemuCpuAccount account(std::make_unique<ScriptedGroup>(adopted, supervisor::CpuAccount{1500, 700}));
  EXPECT_FALSE(account.read()) << "nothing followed yet";
  ASSERT_TRUE(account.follow(4242));
  ASSERT_TRUE(account.follow(4242));
  ASSERT_TRUE(account.follow(4343));  // a boot restarted under TCG
  EXPECT_EQ(adopted, (std::vector<pid_t>{4242, 4343}));
  auto read = account.read();
  ASSERT_TRUE(read);
  EXPECT_EQ(read->usedUs, 1500u);
  EXPECT_EQ(read->waitedUs, std::optional<std::uint64_t>(700u));
  EXPECT_FALSE(read->programOnly) << "QEMU's CPU is the guest kernel's and the emulator's too";

  // A group that cannot tell (a signal freezer, an unconfined run): none.
  QemuCpuAccount none(std::make_unique<ScriptedGroup>(adopted, std::nullopt));
  ASSERT_TRUE(none.follow(4444));
  EXPECT_FALSE(none.read());
}

int firstAllowedCpu() {
  cpu_set_t set;
  if (::sched_getaffinity(0, sizeof set, &set) == 0)
    for (int c = 0; c < CPU_SETSIZE; ++c)
      if (CPU_ISSET(c, &set)) return c;
  return 0;
}

void spinFor(std::chrono::milliseconds length) {
  const auto end = std::chrono::steady_clock::now() + length;
  while (std::chrono::steady_clock::now() < end) {
  }
}

// A process spinning on one CPU, moved into a real group: it runs while
// nothing else wants that CPU, and waits (cpu.pressure) while a SCHED_FIFO
// thread of this test spins there.
TEST(QemuCpuAccount, CountsARealProcesssRunAndItsWaitWhileOtherWorkHoldsItsCpu) {
  auto factory = supervisor::FreezerFactory::confined();
  if (!factory) GTEST_SKIP() << "no partition cgroups here: " << factory.error();
  auto group = factory->make("qemu-cpu-account-test");
  ASSERT_TRUE(group) << group.error();
  QemuCpuAccount account(std::move(*group));
  const int cpu = firstAllowedCpu();
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::sched_setaffinity(0, sizeof one, &one);
    for (;;) {
    }
  }
  ASSERT_TRUE(account.follow(child));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto before = account.read();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // it runs
  auto ran = account.read();
  std::thread holder([&] {
    ::pthread_setaffinity_np(::pthread_self(), sizeof one, &one);
    sched_param fifo{10};
    if (::pthread_setschedparam(::pthread_self(), SCHED_FIFO, &fifo) == 0) spinFor(std::chrono::milliseconds(150));
  });
  holder.join();
  auto held = account.read();
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  ASSERT_TRUE(before && ran && held);
  EXPECT_FALSE(held->programOnly);
  EXPECT_GE(ran->usedUs - before->usedUs, 10'000u) << "it ran at least 5% of 200 ms, even on a loaded host";
  EXPECT_LT(held->usedUs - ran->usedUs, 150'000u);
  if (!held->waitedUs) GTEST_SKIP() << "no CPU pressure information here";
  EXPECT_GE(*held->waitedUs - *ran->waitedUs, 100'000u) << "it waited while the SCHED_FIFO thread held its CPU";
}

}  // namespace
}  // namespace bulkhead::vm
