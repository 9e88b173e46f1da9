#!/usr/bin/env bash
# Builds netagent_VERSION_ARCH.deb with dpkg-deb from a make install tree (PREFIX=/usr).
# Usage: scripts/deb.sh SCRATCH   (the release build folder, as make install's SCRATCH)
set -euo pipefail
scratch=$1
here=$(cd "$(dirname "$0")/.." && pwd)
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
cd "$here"
swift build -c release --scratch-path "$scratch" >/dev/null
build=$(swift build -c release --scratch-path "$scratch" --show-bin-path)
"$here/scripts/install.sh" "$scratch" /usr "$tree" /etc >/dev/null
version=$("$build/netagent" --version)
arch=$(dpkg --print-architecture)
install -d "$tree/DEBIAN"
cat > "$tree/DEBIAN/control" <<CONTROL
Package: netagent
Version: $version
Architecture: $arch
Maintainer: netagent developers <netagent@users.noreply.example>
Depends: libc6, libstdc++6, libgcc-s1, libcurl4, libiperf0
Section: net
Priority: optional
Description: low-latency network tuning for real-time traffic, with proof
 netagent tunes a Linux host's network path (BBR, TCP sysctls, socket buffers,
 NIC offloads, CPU frequency, transparent huge pages, open-file limits, DNS)
 as journaled transactions that can be rolled back, and measures the gain with
 icmp, tcpconnect, http, loss, responsiveness and voice (call quality, E-model
 MOS) probes. Modules load through a stable C ABI.
CONTROL
echo /etc/netagent/netagent.toml > "$tree/DEBIAN/conffiles"
output="$here/netagent_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$tree" "$output" >/dev/null
echo "$output"
