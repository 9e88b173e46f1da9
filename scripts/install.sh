#!/usr/bin/env bash
# Installs a release build of netagent under DESTDIR/PREFIX, runnable without the Swift
# toolchain: the Swift runtime libraries it uses are copied to PREFIX/lib/netagent/swift and
# every ELF file's RUNPATH is set relative to its own location ($ORIGIN), with no toolchain path.
#
# Usage: scripts/install.sh SCRATCH PREFIX DESTDIR SYSCONFDIR
#   SCRATCH: the build folder (make's SCRATCH); the release build in it must be done.
set -euo pipefail
scratch=$1 prefix=$2 destdir=$3 sysconfdir=$4
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$here" && swift build -c release --scratch-path "$scratch" --show-bin-path)
version=$("$build/netagent" --version)
root="$destdir$prefix"
toolchain_libs=$(dirname "$(dirname "$(command -v swift)")")/lib/swift/linux

install -d "$root/bin" "$root/lib/netagent/modules" "$root/lib/netagent/swift" "$root/include/netagent" \
  "$root/lib/pkgconfig" "$root/share/man/man1" "$root/lib/systemd/system" \
  "$root/share/bash-completion/completions" "$root/share/zsh/site-functions" "$root/share/fish/vendor_completions.d"

install -m 0755 "$build/netagent" "$root/bin/netagent"
for module in "$build"/libnetagent-*.so; do install -m 0755 "$module" "$root/lib/netagent/modules/"; done

# The Swift runtime: every toolchain library the binary and the modules load.
for file in "$root/bin/netagent" "$root"/lib/netagent/modules/*.so; do
  ldd "$file" | awk -v dir="$toolchain_libs/" 'index($3, dir) == 1 { print $3 }'
done | sort -u | while read -r library; do install -m 0644 "$library" "$root/lib/netagent/swift/"; done

patchelf --set-rpath '$ORIGIN/../lib/netagent/swift' "$root/bin/netagent"
for module in "$root"/lib/netagent/modules/*.so; do patchelf --set-rpath '$ORIGIN/../swift' "$module"; done
for library in "$root"/lib/netagent/swift/*.so; do patchelf --set-rpath '$ORIGIN' "$library"; done

install -m 0644 "$here/Sources/CNetAgent/include/netagent/module.h" "$root/include/netagent/module.h"
install -m 0644 "$here/contrib/sdk/include/netagent/knob.h" "$root/include/netagent/knob.h"
sed -e "s|@PREFIX@|$prefix|" -e "s|@VERSION@|$version|" "$here/contrib/netagent.pc.in" > "$root/lib/pkgconfig/netagent.pc"
for unit in netagent.service netagent-agent.service; do
  sed -e "s|/usr/local/bin/netagent|$prefix/bin/netagent|" "$here/contrib/systemd/$unit" > "$root/lib/systemd/system/$unit"
done

# The manual (one page per command) and shell completions come from swift-argument-parser.
(cd "$here" && swift package --scratch-path "$scratch" plugin generate-manual --multi-page >/dev/null)
install -m 0644 "$here/$scratch"/plugins/GenerateManual/outputs/netagent/*.1 "$root/share/man/man1/"
rm -f "$root/share/man/man1/netagent.module-host.1"   # internal, hidden from --help too
env LD_LIBRARY_PATH= "$root/bin/netagent" --generate-completion-script bash > "$root/share/bash-completion/completions/netagent"
env LD_LIBRARY_PATH= "$root/bin/netagent" --generate-completion-script zsh > "$root/share/zsh/site-functions/_netagent"
env LD_LIBRARY_PATH= "$root/bin/netagent" --generate-completion-script fish > "$root/share/fish/vendor_completions.d/netagent.fish"

# The example config, unless the administrator already has one.
install -d "$destdir$sysconfdir/netagent"
[ -e "$destdir$sysconfdir/netagent/netagent.toml" ] || install -m 0644 "$here/contrib/netagent.toml" "$destdir$sysconfdir/netagent/netagent.toml"
echo "installed netagent $version under ${destdir:-/}$prefix"
