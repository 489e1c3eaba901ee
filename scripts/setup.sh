#!/usr/bin/env bash
# Installs the Debian packages bulkhead needs (Debian 12; root or sudo) and
# builds it into build/. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config
  libcli11-dev libfmt-dev nlohmann-json3-dev libseccomp-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  graphviz rt-tests cpio kmod zlib1g-dev
  clang-19 libclang-rt-19-dev
  qemu-system-x86 linux-image-amd64 linux-headers-amd64 busybox-static
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBULKHEAD_WERROR=ON
cmake --build build -j"$(nproc)"
