#!/usr/bin/env bash
# Probe accuracy and speed against the reference tools, on this machine only:
#   1. icmp vs ping and fping over a veth pair between two fresh network namespaces
#   2. 256 loopback targets x 10 probes: wall time of netagent's icmp probe vs fping
#   3. http time to first byte vs curl against a local server that answers after 20 ms
# Usage: bench/probes.sh NETAGENT   (as root; prints the numbers docs/BENCHMARKS.md keeps)
set -euo pipefail
netagent=$1
here=$(cd "$(dirname "$0")/.." && pwd)
near=bench-near-$$ far=bench-far-$$
work=$(mktemp -d)
cleanup() { ip netns del "$near" 2>/dev/null || true; ip netns del "$far" 2>/dev/null || true; kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# median and p99 (nearest rank) of the numbers on stdin, in ms
stats() { python3 -c '
import math, sys
v = sorted(float(x) for x in sys.stdin.read().split())
rank = lambda p: v[max(1, math.ceil(p / 100 * len(v))) - 1]
print(f"median {rank(50):.3f} ms  p99 {rank(99):.3f} ms  n={len(v)}")'; }
# the samples of netagent --json output, in ms
samples() { python3 -c '
import json, sys
for t in json.load(sys.stdin)["targets"]:
    print(" ".join(str(s / 1e6) for s in t["samples_ns"] if s is not None))'; }

echo "== 1. icmp over veth, 500 probes at 10 ms, each tool alone =="
ip netns add "$near"; ip netns add "$far"
ip -n "$near" link set lo up; ip -n "$far" link set lo up
ip -n "$near" link add va type veth peer name vb netns "$far"
ip -n "$near" addr add 169.254.232.1/30 dev va; ip -n "$far" addr add 169.254.232.2/30 dev vb
ip -n "$near" link set va up; ip -n "$far" link set vb up
ip netns exec "$near" ping -c 3 -i 0.2 -q 169.254.232.2 >/dev/null
printf '[icmp]\nsend_timestamp = "kernel"\n' > "$work/kernel.toml"
echo -n "ping                              "; ip netns exec "$near" ping -n -c 500 -i 0.01 169.254.232.2 | sed -n 's/.*time=\([0-9.]*\).*/\1/p' | stats
echo -n "fping                             "; ip netns exec "$near" fping -C 500 -p 10 -q 169.254.232.2 2>&1 | cut -d: -f2 | tr ' ' '\n' | grep -E '^[0-9.]+$' | stats
echo -n "netagent icmp (default, as ping)   "; ip netns exec "$near" "$netagent" probe --enable icmp --target 169.254.232.2 --count 500 --interval 10 --json | samples | stats
echo -n "netagent icmp, send_timestamp=kernel "; ip netns exec "$near" "$netagent" probe --config "$work/kernel.toml" --enable icmp --target 169.254.232.2 --count 500 --interval 10 --json | samples | stats

echo "== 2. 256 loopback targets x 10 probes, wall time =="
targets=$(python3 -c 'print(" ".join(f"127.0.{(i + 1) // 256}.{(i + 1) % 256}" for i in range(256)))')
target_flags=$(for t in $targets; do printf -- '--target %s ' "$t"; done)
# fping: -p 100 ms per target, -i 1 ms between any two packets (its fastest sensible pace)
start=$(date +%s.%N); fping -C 10 -p 100 -i 1 -q $targets 2>/dev/null || true; end=$(date +%s.%N)
echo "fping -C 10 -p 100 -i 1           $(python3 -c "print(f'{$end - $start:.2f} s')")"
start=$(date +%s.%N); "$netagent" probe --enable icmp $target_flags --count 10 --interval 100 --json > "$work/256.json"; end=$(date +%s.%N)
lost=$(python3 -c "import json; print(sum(s is None for t in json.load(open('$work/256.json'))['targets'] for s in t['samples_ns']))")
echo "netagent icmp --count 10 --interval 100  $(python3 -c "print(f'{$end - $start:.2f} s')"), $lost of 2560 lost"

echo "== 3. http time to first byte, server answers after 20 ms, 50 requests each =="
python3 "$here/Tests/Fixtures/http_server.py" 20 > "$work/port" & server=$!
while [ ! -s "$work/port" ]; do sleep 0.1; done
url="http://127.0.0.1:$(cat "$work/port")/"
echo -n "curl -w %{time_starttransfer}      "; for i in $(seq 50); do curl -s -o /dev/null -w '%{time_starttransfer}\n' "$url" | python3 -c 'import sys; print(float(sys.stdin.read()) * 1000)'; done | stats
echo -n "netagent http ttfb                 "; "$netagent" probe --enable http --target "$url" --count 50 --interval 5 --json \
  | python3 -c 'import json, sys; print(" ".join(str(s / 1e6) for s in json.load(sys.stdin)["targets"][0]["phases_ns"]["ttfb"] if s is not None))' | stats
