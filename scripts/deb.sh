#!/usr/bin/env bash
# Builds netagent_VERSION_ARCH.deb and netagent-dbgsym_VERSION_ARCH.deb with dpkg-deb from a
# make install tree (PREFIX=/usr), then checks the package with lintian (any error fails).
#   - Depends is computed by dpkg-shlibdeps from the installed ELF files;
#   - the debug information make install split off goes to the -dbgsym package;
#   - /usr/share/doc/netagent has the copyright, the changelog, the JSON output's reference and
#     the example config; the maintainer scripts are contrib/debian/{postinst,prerm,postrm}.
# Prints the path of each package built.
# Usage: scripts/deb.sh SCRATCH [OUTPUT_DIR]   (the release build folder; where the packages go,
#        the checkout by default)
set -euo pipefail
scratch=$1
here=$(cd "$(dirname "$0")/.." && pwd)
output=$(cd "${2:-$here}" && pwd)
debian="$here/contrib/debian"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tree="$work/netagent" debug_tree="$work/netagent-dbgsym"
"$here/scripts/install.sh" "$scratch" /usr "$tree" /etc >/dev/null
version=$(env LD_LIBRARY_PATH= "$tree/usr/bin/netagent" --version | head -n 1 | awk '{ print $NF }')
arch=$(dpkg --print-architecture)
changelog_version=$(dpkg-parsechangelog -l "$debian/changelog" -S Version)
if [ "$changelog_version" != "$version" ]; then
  echo "deb.sh: contrib/debian/changelog is for $changelog_version, the build is $version: add a changelog entry" >&2
  exit 1
fi

# The debug information, by build ID, in its own package.
install -d "$debug_tree/usr/lib" "$debug_tree/DEBIAN"
mv "$tree/usr/lib/debug" "$debug_tree/usr/lib/debug"
build_ids=$(find "$debug_tree/usr/lib/debug/.build-id" -name '*.debug' | sed -E 's|.*/([0-9a-f]{2})/([0-9a-f]+)\.debug$|\1\2|' | sort | tr '\n' ' ')

doc="$tree/usr/share/doc/netagent"
install -d "$doc/examples" "$tree/DEBIAN"
install -m 0644 "$debian/copyright" "$doc/copyright"
gzip -9n < "$debian/changelog" > "$doc/changelog.gz"
gzip -9n < "$here/docs/json.md" > "$doc/json.md.gz"
install -m 0644 "$here/contrib/netagent.toml" "$doc/examples/netagent.toml"
install -m 0755 "$debian/postinst" "$debian/prerm" "$debian/postrm" "$tree/DEBIAN/"
echo /etc/netagent/netagent.toml > "$tree/DEBIAN/conffiles"

# Depends: dpkg-shlibdeps reads a source package's debian/control; give it a minimal one.
# The bundled Swift runtime is found (-l) but is part of this package, so it adds no dependency.
install -d "$work/source/debian"
printf 'Source: netagent\n\nPackage: netagent\nArchitecture: any\n' > "$work/source/debian/control"
elf_files=$(find "$tree/usr/bin" "$tree/usr/lib/netagent" -type f \( -name netagent -o -name '*.so' \))
depends=$(cd "$work/source" && dpkg-shlibdeps -O -l"$tree/usr/lib/netagent/swift" --ignore-missing-info \
  -S"$tree" $elf_files 2>"$work/shlibdeps.log" | sed -n 's/^shlibs:Depends=//p') || {
  cat "$work/shlibdeps.log" >&2
  exit 1
}

# Beyond the libraries: procps for the agent unit's ExecReload (/bin/kill), passwd for the
# postinst's useradd (the probes' system user). A minimal Debian has neither.
depends="$depends, procps, passwd"

installed_size() { du -sk --apparent-size --exclude=DEBIAN "$1" | cut -f1; }
cat > "$tree/DEBIAN/control" <<CONTROL
Package: netagent
Version: $version
Architecture: $arch
Maintainer: netagent developers <netagent@users.noreply.example>
Installed-Size: $(installed_size "$tree")
Depends: $depends
Section: net
Priority: optional
Description: low-latency network tuning for real-time traffic, with proof
 netagent tunes a Linux host's network path (BBR, TCP sysctls, socket buffers,
 NIC offloads, CPU frequency, transparent huge pages, open-file limits, DNS)
 as journaled transactions that can be rolled back, and measures the gain with
 icmp, tcpconnect, http, loss, responsiveness and voice (call quality, E-model
 MOS) probes. Modules load through a stable C ABI. Removing the package rolls
 back every transaction it applied.
CONTROL
cat > "$debug_tree/DEBIAN/control" <<CONTROL
Package: netagent-dbgsym
Source: netagent
Version: $version
Architecture: $arch
Maintainer: netagent developers <netagent@users.noreply.example>
Installed-Size: $(installed_size "$debug_tree")
Depends: netagent (= $version)
Section: debug
Priority: optional
Description: debug symbols for netagent
Build-Ids: $build_ids
CONTROL

package="$output/netagent_${version}_${arch}.deb"
debug_package="$output/netagent-dbgsym_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz -z9 --build "$tree" "$package" >/dev/null
dpkg-deb --root-owner-group -Zxz -z9 --build "$debug_tree" "$debug_package" >/dev/null
lintian --fail-on error "$package" >&2
echo "$package"
echo "$debug_package"
