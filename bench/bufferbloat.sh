#!/usr/bin/env bash
# The bufferbloat scenario of issue 11, on this machine only: two namespaces joined by veth, a
# 20 Mbit/s token bucket with a 400 ms queue on the sender's egress, iperf3 -s in the peer.
#   1. the reference: ping next to one `iperf3 -c` upload, with cubic and with bbr
#   2. netagent run --enable bbr,responsiveness --measure --rounds 3, starting from cubic:
#      its p50 ratio next to the reference's, and the wall time of the whole experiment
# Usage: bench/bufferbloat.sh NETAGENT   (as root)
set -euo pipefail
netagent=$1
near=bloat-near-$$ far=bloat-far-$$
work=$(mktemp -d)
allowed=$(cat /proc/sys/net/ipv4/tcp_allowed_congestion_control)
cleanup() {
  ip netns del "$near" 2>/dev/null || true; ip netns del "$far" 2>/dev/null || true
  kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"
  echo "$allowed" > /proc/sys/net/ipv4/tcp_allowed_congestion_control
}
trap cleanup EXIT
modprobe tcp_bbr 2>/dev/null || true
echo "$allowed bbr cubic" > /proc/sys/net/ipv4/tcp_allowed_congestion_control

ip netns add "$near"; ip netns add "$far"
ip -n "$near" link set lo up; ip -n "$far" link set lo up
ip -n "$near" link add va type veth peer name vb netns "$far"
ip -n "$near" addr add 169.254.236.1/30 dev va; ip -n "$far" addr add 169.254.236.2/30 dev vb
ip -n "$near" link set va up; ip -n "$far" link set vb up
ip netns exec "$near" tc qdisc add dev va root tbf rate 20mbit burst 32kbit latency 400ms
for ns in "$near" "$far"; do
  ip netns exec "$ns" sysctl -qw net.ipv4.tcp_rmem="4096 131072 6291456" net.ipv4.tcp_wmem="4096 16384 4194304"
done
ip netns exec "$far" iperf3 -s >/dev/null 2>&1 & server=$!
sleep 1

# median of ping's times (ms) while one iperf3 upload runs, with congestion control $1
loaded_ping() {
  ip netns exec "$near" sysctl -qw net.ipv4.tcp_congestion_control="$1"
  # iperf3 -s takes one test at a time: retry until it accepts this one.
  local client
  for _ in 1 2 3 4 5; do
    ip netns exec "$near" iperf3 -c 169.254.236.2 -t 12 >/dev/null 2>&1 & client=$!
    sleep 3
    kill -0 "$client" 2>/dev/null && break
  done
  ip netns exec "$near" ping -n -c 40 -i 0.2 169.254.236.2 | sed -n 's/.*time=\([0-9.]*\).*/\1/p' | python3 -c '
import math, sys
v = sorted(float(x) for x in sys.stdin.read().split())
rank = lambda p: v[max(1, math.ceil(p / 100 * len(v))) - 1]
print(f"{rank(50):.2f} {rank(99):.2f}")'
  wait "$client" || true
  sleep 2
}

echo "== 1. reference: ping next to iperf3 -c, one upload flow =="
read -r cubic_p50 cubic_p99 < <(loaded_ping cubic)
read -r bbr_p50 bbr_p99 < <(loaded_ping bbr)
echo "cubic  p50 $cubic_p50 ms  p99 $cubic_p99 ms"
echo "bbr    p50 $bbr_p50 ms  p99 $bbr_p99 ms"
reference=$(python3 -c "print(f'{$cubic_p50 / $bbr_p50:.1f}')")
echo "reference ratio (cubic / bbr p50): ${reference}x"

echo "== 2. netagent run --measure --rounds 3, starting from cubic =="
ip netns exec "$near" sysctl -qw net.ipv4.tcp_congestion_control=cubic
printf '[responsiveness]\ntargets = ["169.254.236.2:5201"]\nduration_s = 8\n' > "$work/netagent.toml"
start=$(date +%s.%N)
ip netns exec "$near" "$netagent" run --enable bbr,responsiveness --measure --rounds 3 \
  --config "$work/netagent.toml" --state-dir "$work/state" --json > "$work/run.json" || true
end=$(date +%s.%N)
python3 - "$work/run.json" "$reference" "$start" "$end" <<'PY'
import json, sys
report, reference, start, end = json.load(open(sys.argv[1])), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
comparison = report["comparisons"][0]
stats = {s["statistic"]: s for s in comparison["statistics"]}
if "p50_ms" not in stats:
    sys.exit("a window had no loaded samples: " + json.dumps([t.get("error") for t in report["probes"] + report["before"]]))
p50, p99 = stats["p50_ms"], stats["p99_ms"]
ratio = p50["before_median"] / p50["after_median"]
print(f"netagent p50 {p50['before_median']:.2f} -> {p50['after_median']:.2f} ms ({ratio:.1f}x lower), "
      f"p99 {p99['before_median']:.2f} -> {p99['after_median']:.2f} ms; {comparison['verdict']}")
print(f"netagent ratio / reference ratio: {ratio / reference:.2f}  (within 20 %: {abs(ratio / reference - 1) <= 0.2})")
print(f"wall time of the 3-round measure: {end - start:.1f} s")
PY
