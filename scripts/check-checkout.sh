#!/bin/sh
# Usage: scripts/check-checkout.sh DIR
# As root, netagent refuses a module file when the file or any directory from / down to it is
# owned by another user or writable by group or others (DESIGN.md, Discovery): loading it would
# hand root to whoever can write there. The built modules lie in the checkout, so a checkout
# under /tmp or under a user's home would have every module refused and most tests fail. Say so
# before building, naming the directory and what to do.
set -eu
[ "$(id -u)" -eq 0 ] || exit 0
dir=$(cd "$1" && pwd -P)
while :; do
    owner=$(stat -c %u "$dir")
    mode=$(stat -c %a "$dir")
    if [ "$owner" -ne 0 ] || [ $((0$mode & 022)) -ne 0 ]; then
        echo "netagent: $dir is owned by uid $owner with mode $mode: as root, netagent refuses the modules built under it," >&2
        echo "netagent: so nothing would load and the tests would fail. Clone the repository where only root can write" >&2
        echo "netagent: (for example under /root or /srv), or fix that directory (chown root, chmod go-w)." >&2
        exit 1
    fi
    [ "$dir" = / ] && break
    dir=$(dirname "$dir")
done
