#!/usr/bin/env bash
# Installs the Debian packages bulkhead needs (Debian 12; root or sudo) and
# builds into build/ what README's first command runs: bulkhead and the
# flagship's (examples/both_vm) partition programs. The rest (tests,
# benchmarks, other examples) is configured too, and built by
# scripts/test.sh or a plain `cmake --build build`. Safe to run again: it
# installs only what is missing and rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config
  libcli11-dev libfmt-dev nlohmann-json3-dev libseccomp-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  graphviz rt-tests cpio kmod liblzma-dev help2man
  clang-19 libclang-rt-19-dev
  qemu-system-x86 linux-image-amd64 linux-headers-amd64 busybox-static
  cyclonedds-dev cyclonedds-tools iproute2
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "== setup [1/3]: installing Debian packages: ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "== setup [1/3]: Debian packages: all installed"
fi

echo "== setup [2/3]: configuring build/"
# The quickest fresh build of the flagship on a small machine: optimised
# without debug information (-g about doubles g++'s time on our files) and
# bulkhead's libraries as unity builds. scripts/test.sh reconfigures build/
# as RelWithDebInfo with every file compiled on its own.
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
  -DCMAKE_C_FLAGS_RELEASE="-O2 -DNDEBUG" -DBULKHEAD_UNITY_BUILD=ON -DBULKHEAD_WERROR=ON
echo "== setup [3/3]: building bulkhead and both_vm's partition programs (ninja prints [done/total])"
cmake --build build -j"$(nproc)" --target bulkhead both_vm_producer both_vm_consumer
