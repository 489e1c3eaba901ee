// The KVM probe's decisions, with fake QEMU programs standing for the
// outcomes of a probe boot (booted, hung, slow, QEMU failing), and the
// host check on hosts whose CPU reports no VMX/SVM.
#include "vm/kvm_probe.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <sys/utsname.h>

namespace bulkhead::vm {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

class KvmProbeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("BULKHEAD_CACHE_DIR", cache.path().c_str(), 1);
    spec.kernelImage = dir.path() / "vmlinuz";
    test::writeText(spec.kernelImage, "kernel");
    spec.checkHost = false;  // the probe boot itself, on any host
    spec.limit = 1500ms;  // only the hung kernel waits it out; others get longer, so load cannot decide

  }
  void TearDown() override { ::unsetenv("BULKHEAD_CACHE_DIR"); }

  // A QEMU stand-in: a shell script that prints `lines` then does `then`.
  void fakeQemu(const std::string& lines, const std::string& then) {
    fs::path script = dir.path() / "qemu";
    test::writeText(script, "#!/bin/sh\nprintf '" + lines + "'\n" + then + "\n");
    fs::permissions(script, fs::perms::owner_all);
    spec.qemuProgram = script.string();
  }
  fs::path marker(const std::string& kind) const {
    utsname host{};
    ::uname(&host);
    return cache.path() / (kind + host.release);
  }

  test::TempDir dir, cache;
  KvmProbeSpec spec;
};

TEST_F(KvmProbeTest, AKernelThatReachesItsRootMountIsUsableAndRemembered) {
  fakeQemu("[    0.000000] Linux version 6.1.0\\r\\n[    0.912000] Kernel panic - not syncing: VFS: Unable to mount "
           "root fs on unknown-block(0,0)\\r\\n",
           "exec sleep 30");  // the verdict does not wait for QEMU to exit
  spec.limit = 60s;      // a loaded host may start the fake late; the verdict comes when it prints
  KvmVerdict verdict = probeKvm(spec);
  EXPECT_TRUE(verdict.usable) << verdict.reason;
  EXPECT_EQ(verdict.reason, "the guest kernel booted under KVM in the probe");
  EXPECT_LT(verdict.took, spec.limit);
  EXPECT_TRUE(fs::exists(marker("kvm-usable-")));

  fakeQemu("", "exec sleep 30");  // would hang: the cache answers first
  KvmVerdict again = probeKvm(spec);
  EXPECT_TRUE(again.usable);
  EXPECT_TRUE(again.remembered);
  EXPECT_EQ(again.reason, "remembered for this host (" + marker("kvm-usable-").filename().string() +
                              "): the guest kernel booted under KVM in the probe");
}

TEST_F(KvmProbeTest, AKernelThatPrintsNothingIsHungUnusableAndRemembered) {
  fakeQemu("", "exec sleep 30");
  KvmVerdict verdict = probeKvm(spec);
  EXPECT_FALSE(verdict.usable);
  EXPECT_EQ(verdict.reason, "the guest kernel printed nothing under KVM within 1500 ms (it hangs: nested KVM?)");
  EXPECT_GE(verdict.took, spec.limit);
  EXPECT_LT(verdict.took, spec.limit + 20s);  // bounded: QEMU is killed at the limit
  EXPECT_TRUE(fs::exists(marker("kvm-unusable-")));
  EXPECT_FALSE(fs::exists(marker("kvm-usable-")));
}

TEST_F(KvmProbeTest, ASlowKernelIsUnusableForThisRunOnly) {
  fakeQemu("[    0.000000] Linux version 6.1.0\\r\\n", "exec sleep 30");
  spec.limit = 5s;  // time enough for a loaded host to start the fake and print its first line
  KvmVerdict verdict = probeKvm(spec);
  EXPECT_FALSE(verdict.usable);
  EXPECT_EQ(verdict.reason,
            "the guest kernel did not finish starting under KVM within 5000 ms (last line: [    0.000000] Linux "
            "version 6.1.0)");
  EXPECT_FALSE(fs::exists(marker("kvm-unusable-")));
}

TEST_F(KvmProbeTest, QemuFailingIsUnusableForThisRunOnly) {
  fakeQemu("qemu-system-x86_64: failed to initialize kvm: Permission denied\\n", "exit 1");
  spec.limit = 60s;  // the verdict comes when QEMU stops
  KvmVerdict verdict = probeKvm(spec);
  EXPECT_FALSE(verdict.usable);
  EXPECT_EQ(verdict.reason,
            "QEMU stopped during the KVM probe boot (status 1, last line: qemu-system-x86_64: failed to initialize "
            "kvm: Permission denied)");
  EXPECT_FALSE(fs::exists(marker("kvm-unusable-")));
}

TEST_F(KvmProbeTest, QemuMissing) {
  spec.qemuProgram = "bulkhead-no-such-qemu";
  KvmVerdict verdict = probeKvm(spec);
  EXPECT_FALSE(verdict.usable);
  EXPECT_EQ(verdict.reason, "the KVM probe boot could not start QEMU: bulkhead-no-such-qemu not found on PATH");
}

// On a host whose /dev/kvm works but whose CPU reports neither VMX nor SVM
// (a nested PVM host, such as the one this was written on), cpuid decides
// at once, whatever the cache says and without booting anything.
TEST_F(KvmProbeTest, KvmWithoutHardwareVirtualisationIsDecidedFromCpuid) {
  if (cpuHasHardwareVirtualisation() || !fs::exists("/dev/kvm"))
    GTEST_SKIP() << "this host's CPU reports VMX/SVM, or it has no /dev/kvm";
  spec.checkHost = true;
  fakeQemu("", "exec sleep 30");
  KvmVerdict verdict = probeKvm(spec);
  EXPECT_FALSE(verdict.usable);
  EXPECT_LT(verdict.took, spec.limit);
  EXPECT_FALSE(verdict.reason.find("neither VMX nor SVM") == std::string::npos &&
               verdict.reason.find("/dev/kvm cannot create a VM") == std::string::npos)
      << verdict.reason;
}

}  // namespace
}  // namespace bulkhead::vm
