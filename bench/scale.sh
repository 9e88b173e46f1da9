#!/usr/bin/env bash
# Probing many targets: netagent's icmp probe beside fping, in one run, on this machine only.
# A fresh network namespace; its loopback answers every 127.x.y.z. Each tool makes 10 rounds one
# second apart to 256, 1 024, 4 096 and 16 384 targets:
#   fping -C 10 -p 1000 -i <1000 / targets ms> -q          (spreads the round over the second)
#   netagent probe --enable icmp --count 10 --interval 1000 --json
# One fping holds at most 65 535 requests (16-bit sequence numbers), so beyond 4 096 targets
# the targets are split over fpings of 4 096 each, run side by side, each spreading its round
# over the second; their CPU is added up.
# Both under /usr/bin/time: CPU (user + system, children included), max RSS (the largest of the
# processes), wall time; the replies lost; and CPU per sample (CPU / (targets x 10)).
# Usage: bench/scale.sh NETAGENT [SIZES...]   (as root; prints the numbers docs/BENCHMARKS.md keeps)
set -euo pipefail
netagent=$1
shift
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(256 1024 4096 16384)
namespace=bench-scale-$$
work=$(mktemp -d -p /run)
chmod 755 "$work"
cleanup() { ip netns del "$namespace" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
ip netns add "$namespace"
ip -n "$namespace" link set lo up
# As after any earlier command, the module catalog is kept (/var/cache/netagent/module-catalog.json), so
# the runs below measure a probe, not the first inspection of every module file.
"$netagent" list-modules > /dev/null

# "user+system s, max RSS MB, wall s" from /usr/bin/time -f '%U %S %M %e' (its last line: a
# first one says when the command exited nonzero).
usage() {
  tail -n 1 "$1" | awk -v samples="$2" '{ printf "CPU %.2f s (user %.2f + system %.2f, %.1f us per sample), max RSS %.1f MB, wall %.2f s", $1 + $2, $1, $2, ($1 + $2) * 1e6 / samples, $3 / 1024, $4 }'
}

printf '%-8s %-8s %s\n' targets tool result
for size in "${sizes[@]}"; do
  # 127.1.0.1 onwards: 250 addresses per third octet, none ending in .0 or .255.
  seq 0 $((size - 1)) | awk '{ printf "127.%d.%d.%d\n", 1 + int($1 / 62500), int($1 / 250) % 250, 1 + $1 % 250 }' > "$work/targets"
  samples=$((size * 10))
  per_fping=$((size < 4096 ? size : 4096))
  rm -rf "$work/parts" && mkdir "$work/parts"
  split -l "$per_fping" -d -a 2 "$work/targets" "$work/parts/"
  interval=$(awk -v n="$per_fping" 'BEGIN { printf "%.3f", 1000 / n }')
  # One fping per part, side by side, each under its own /usr/bin/time and with its own output
  # (fping exits 1 when a target did not answer, 3 or more when it could not run).
  for part in "$work"/parts/??; do
    ip netns exec "$namespace" /usr/bin/time -f '%U %S %M %e' -o "$part.time" \
      fping -C 10 -p 1000 -i "$interval" -q -f "$part" 2> "$part.out" &
  done
  wait
  cat "$work"/parts/*.out > "$work/fping.out"
  # CPU added up; max RSS and wall time the largest of the fpings.
  for part in "$work"/parts/??; do tail -n 1 "$part.time"; done |
    awk '{ u += $1; s += $2; if ($3 > m) m = $3; if ($4 > w) w = $4 } END { print u, s, m, w }' > "$work/fping.time"
  if [ "$(grep -c ' : ' "$work/fping.out")" -eq "$size" ]; then
    lost=$(cut -d: -f2 "$work/fping.out" | tr ' ' '\n' | grep -c '^-$' || true)
    printf '%-8s %-8s %s, lost %s of %s\n' "$size" fping "$(usage "$work/fping.time" "$samples")" "$lost" "$samples"
  else
    printf '%-8s %-8s failed: %s\n' "$size" fping "$(tail -n 1 "$work/fping.out")"
  fi

  { printf '[icmp]\ntargets = ['; sed 's/.*/"&"/' "$work/targets" | paste -sd,; printf ']\n'; } > "$work/netagent.toml"
  if ip netns exec "$namespace" /usr/bin/time -f '%U %S %M %e' -o "$work/netagent.time" \
    "$netagent" probe --config "$work/netagent.toml" --enable icmp --count 10 --interval 1000 --json \
    > "$work/netagent.json" 2> "$work/netagent.err"; then
    lost=$(python3 -c '
import json, sys
report = json.load(open(sys.argv[1]))
print(sum(t["statistics"]["sent"] - t["statistics"]["received"] for t in report["targets"]))' "$work/netagent.json")
    printf '%-8s %-8s %s, lost %s of %s\n' "$size" netagent "$(usage "$work/netagent.time" "$samples")" "$lost" "$samples"
  else
    printf '%-8s %-8s failed: %s\n' "$size" netagent "$(tail -n 1 "$work/netagent.err")"
  fi
done
