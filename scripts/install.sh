#!/usr/bin/env bash
# Installs a release build of netagent under DESTDIR/PREFIX, runnable without the Swift
# toolchain: the Swift runtime libraries it uses are copied to PREFIX/lib/netagent/swift and
# every ELF file's RUNPATH is set relative to its own location ($ORIGIN), with no toolchain path.
# Installed ELF files are stripped; the debug information of netagent's own files goes to
# PREFIX/lib/debug/.build-id/ (where gdb looks, for PREFIX=/usr), linked with --add-gnu-debuglink.
#
# The whole tree is assembled in a staging folder first and copied into DESTDIR only when every
# step succeeded, so a failure (a missing tool, a build problem) leaves DESTDIR untouched.
#
# Usage: scripts/install.sh SCRATCH PREFIX DESTDIR SYSCONFDIR
#   SCRATCH: the build folder (make's SCRATCH, relative to the checkout or absolute);
#            the release build in it must be done (make release).
set -euo pipefail
# What is installed gets its modes from this script, not from the caller's umask (a root shell
# with umask 077 would otherwise install netagent.pc, the units and the completions 0600).
umask 022
scratch=$1 prefix=$2 destdir=$3 sysconfdir=$4
here=$(cd "$(dirname "$0")/.." && pwd)
case $scratch in /*) ;; *) scratch=$here/$scratch ;; esac
build=$(cd "$here" && swift build -c release --scratch-path "$scratch" --show-bin-path)
version=$("$build/netagent" --version | head -n 1 | awk '{ print $NF }')
toolchain_libs=$(dirname "$(dirname "$(command -v swift)")")/lib/swift/linux
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
root="$staging$prefix"

install -d "$root/bin" "$root/lib/netagent/modules" "$root/lib/netagent/swift" "$root/include/netagent" \
  "$root/share/pkgconfig" "$root/share/man/man1" "$root/share/man/man5" "$root/lib/systemd/system" \
  "$root/share/bash-completion/completions" "$root/share/zsh/site-functions" "$root/share/fish/vendor_completions.d"

install -m 0755 "$build/netagent" "$root/bin/netagent"
for module in "$build"/libnetagent-*.so; do install -m 0644 "$module" "$root/lib/netagent/modules/"; done

# The Swift runtime: every toolchain library the binary and the modules load.
for file in "$root/bin/netagent" "$root"/lib/netagent/modules/*.so; do
  ldd "$file" | awk -v dir="$toolchain_libs/" 'index($3, dir) == 1 { print $3 }'
done | sort -u | while read -r library; do install -m 0644 "$library" "$root/lib/netagent/swift/"; done
if ls "$root"/lib/netagent/swift | grep -E '^lib(Foundation|FoundationInternationalization|_FoundationICU)\.so$'; then
  echo "install.sh: the build links full Foundation (listed above); build it with make release" >&2
  exit 1
fi

patchelf --set-rpath '$ORIGIN/../lib/netagent/swift' "$root/bin/netagent"
for module in "$root"/lib/netagent/modules/*.so; do patchelf --set-rpath '$ORIGIN/../swift' "$module"; done
for library in "$root"/lib/netagent/swift/*.so; do patchelf --set-rpath '$ORIGIN' "$library"; done

# Debug information of netagent's own files, by build ID; then strip everything installed.
for file in "$root/bin/netagent" "$root"/lib/netagent/modules/*.so; do
  id=$(readelf -n "$file" | awk '/Build ID:/ { print $3 }')
  debug="$root/lib/debug/.build-id/${id:0:2}/${id:2}.debug"
  install -d "$(dirname "$debug")"
  objcopy --only-keep-debug --compress-debug-sections "$file" "$debug"
  chmod 0644 "$debug"
  strip --strip-unneeded --remove-section=.comment --remove-section=.note "$file"
  objcopy --add-gnu-debuglink="$debug" "$file"
done
for library in "$root"/lib/netagent/swift/*.so; do
  strip --strip-unneeded --remove-section=.comment "$library"
done

install -m 0644 "$here/Sources/CNetAgent/include/netagent/module.h" "$here/Sources/CNetAgent/include/netagent/echo.h" "$root/include/netagent/"
install -m 0644 "$here/contrib/sdk/include/netagent/knob.h" "$root/include/netagent/knob.h"
sed -e "s|@VERSION@|$version|" "$here/contrib/netagent.pc.in" > "$root/share/pkgconfig/netagent.pc"
for unit in netagent.service netagent-agent.service; do
  sed -e "s|/usr/local/bin/netagent|$prefix/bin/netagent|" "$here/contrib/systemd/$unit" > "$root/lib/systemd/system/$unit"
done

# The manual: one page per command from swift-argument-parser, made mdoc-clean, and the
# config file's page; then shell completions from the installed binary.
# swift-argument-parser's generate-manual tool is run on the release binary itself (its package
# plugin would rebuild the release without make release's flags); the pages are dated as the
# release in contrib/debian/changelog.
(cd "$here" && swift build --scratch-path "$scratch" --product generate-manual >/dev/null)
generate_manual="$(cd "$here" && swift build --scratch-path "$scratch" --show-bin-path)/generate-manual"
release_date=$(date -u -d "$(dpkg-parsechangelog -l "$here/contrib/debian/changelog" -S Date)" +%F)
install -d "$staging/manual"
"$generate_manual" "$build/netagent" --multi-page --date "$release_date" --output-directory "$staging/manual"
"$here/scripts/manpages.sh" "$staging/manual" "$root/share/man/man1"
rm -r "$staging/manual"
install -m 0644 "$here/docs/man/netagent.toml.5" "$root/share/man/man5/netagent.toml.5"
gzip -9n "$root"/share/man/man1/*.1 "$root"/share/man/man5/*.5
# bash-completion sources its files, so the script's #! line is dropped.
env LD_LIBRARY_PATH= "$root/bin/netagent" --generate-completion-script bash | sed '1{/^#!/d}' > "$root/share/bash-completion/completions/netagent"
env LD_LIBRARY_PATH= "$root/bin/netagent" --generate-completion-script zsh > "$root/share/zsh/site-functions/_netagent"
env LD_LIBRARY_PATH= "$root/bin/netagent" --generate-completion-script fish > "$root/share/fish/vendor_completions.d/netagent.fish"

# The example config, unless the administrator already has one.
install -d "$staging$sysconfdir/netagent"
if [ ! -e "$destdir$sysconfdir/netagent/netagent.toml" ]; then
  install -m 0644 "$here/contrib/netagent.toml" "$staging$sysconfdir/netagent/netagent.toml"
fi

# Only what the staging tree adds is copied: a directory that already exists keeps its owner,
# mode and times (tar --no-overwrite-dir). Copying the staging folder itself (cp -a staging/.)
# would give the destination mktemp's mode 0700, and without DESTDIR that is `/`: every user
# but root would lose the filesystem. `install -d` would chmod an existing DESTDIR as well.
mkdir -p "${destdir:-/}"
tar -C "$staging" -cf - . | tar -C "${destdir:-/}" -xpf - --no-overwrite-dir --no-same-owner
echo "installed netagent $version under ${destdir:-/}$prefix"
