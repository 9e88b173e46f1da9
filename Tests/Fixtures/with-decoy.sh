#!/usr/bin/env bash
# Runs a command in a private mount namespace where the file TARGET is the file DECOY
# (bind-mounted over it): a test that must prove a command does not read or write a file
# of the host's, such as /etc/shadow, points it at the decoy, so even a regression that
# escapes reaches only the decoy. The real TARGET is never opened.
#
# Usage: with-decoy.sh DECOY TARGET COMMAND [ARGUMENT...]
set -euo pipefail
if [ "${WITH_DECOY:-}" != 1 ]; then
  exec unshare --mount --propagation private env WITH_DECOY=1 "$0" "$@"
fi
decoy=$1 target=$2
shift 2
mount --bind "$decoy" "$target"
exec "$@"
