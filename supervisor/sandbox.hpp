#pragma once
// Isolation of a native partition (docs/design.md section 7), applied in the child
// between clone and exec: namespaces, a private mount table without /proc,
// rlimits, dropped privileges and a seccomp allowlist.
//
// The child of a clone may not allocate (another thread of the supervisor's
// process may have held the allocator's lock), so everything that needs
// memory — the seccomp program above all — is prepared by the parent, and
// the child-side functions only make system calls. They return nullptr on
// success, else a static description of the failed step (errno tells why).
#include <linux/filter.h>
#include <sys/types.h>

#include <cstdint>
#include <expected>
#include <string>
#include <vector>

namespace bulkhead::supervisor {

// Sanitized builds: partitions get no memory limit (shadow memory is huge)
// and keep /proc (sanitizer runtimes read /proc/self).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif

struct IsolationOptions {
  bool namespaces = true;         // new ipc, net and mount namespaces where allowed
  // A new pid namespace: no other process has a pid the partition could
  // name. Its pid 1 is a small init of the supervisor's (it would ignore
  // its own default-action signals: abort() would end in SIGSEGV), which
  // starts the partition program as pid 2 and reports how it ended; when
  // the init dies, the kernel kills everything in the namespace.
  bool pidNamespace = true;
  // Unmount /proc in the partition's mount namespace. Sanitizer runtimes
  // read their options and the executable's name there, so sanitizer
  // builds get a /proc of the partition's own pid namespace instead (only
  // its init and itself); seccomp's refusal of writable opens still stops
  // /proc/self/fd/N from reopening a read-only channel writable.
  bool hideProc = true;
  bool seccomp = true;            // the syscall allowlist
  bool dropPrivileges = true;     // a root supervisor runs partitions as nobody
  std::uint64_t memoryLimitBytes = 1ull << 30;  // RLIMIT_AS; 0: none (sanitizer builds need none)
};

// clone flags for the namespaces of a partition.
int partitionNamespaceFlags(bool pidNamespace);

// Parent side: the allowlist as a BPF program. `execFd` is the one fd
// execveat may run (it sits at the fd rlimit, so the partition can never
// recreate it); `selfPid` the only pid signals and pid-taking queries may
// name (2 in its own pid namespace, the program after its init).
std::expected<std::vector<sock_filter>, std::string> buildSeccompFilter(int execFd, pid_t selfPid);

// Child side.
// In a new mount namespace: private propagation; /proc unmounted, or (not
// hideProc, in a new pid namespace) replaced by one of that namespace.
const char* privatiseMounts(bool hideProc, bool ownPidNamespace);
const char* applyLimits(unsigned fdLimit, std::uint64_t memoryLimitBytes);
const char* dropToNobody();     // no-op unless running as root
const char* loadSeccompFilter(const sock_filter* program, unsigned short length);

}  // namespace bulkhead::supervisor
