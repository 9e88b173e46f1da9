#!/usr/bin/env bash
# Runs a command as root in a throwaway copy of this machine's `/`, with umask 077, then prints
# the owner and mode of PATH... as that command left them inside the copy, one per line
# ("755 root /usr"). The copy is an overlay whose writes go to a tmpfs on /mnt in a private
# mount namespace: nothing the command writes reaches the real `/`, and it is all gone at the end.
# CHECKOUT is bind-mounted into the copy as itself, so what the command builds there stays.
#
# Usage: in-throwaway-root.sh CHECKOUT 'PATH PATH ...' COMMAND [ARGUMENT...]
set -euo pipefail
if [ "${IN_THROWAWAY_ROOT:-}" != 1 ]; then
  exec unshare --mount --propagation private env IN_THROWAWAY_ROOT=1 "$0" "$@"
fi
checkout=$1 paths=$2
shift 2
work=/mnt
mount -t tmpfs throwaway-root "$work"
mkdir "$work/upper" "$work/work" "$work/root"
mount -t overlay throwaway-root -o "lowerdir=/,upperdir=$work/upper,workdir=$work/work" "$work/root"
for mounted in /proc /sys /dev "$checkout"; do mount --rbind "$mounted" "$work/root$mounted"; done
umask 077
chroot "$work/root" env -C "$checkout" "$@" >&2
for path in $paths; do stat -c '%a %U %n' "$work/root$path" | sed "s| $work/root| |"; done
