#!/usr/bin/env bash
# netagent agent beside Debian's prometheus-blackbox-exporter, on this machine only:
#   1. 10 ICMP targets on a veth peer, probed every second for 60 s by each, scraped every
#      second (blackbox: one /probe request per target per second, as Prometheus would send):
#      CPU seconds, peak RSS and peak PSS (the agent's with its helper processes, summed)
#   2. leak check: the agent probing one target every 10 ms for 10 000 cycles, RSS before and after
# Usage: bench/agent.sh NETAGENT   (as root; prints the numbers docs/BENCHMARKS.md keeps)
set -euo pipefail
netagent=$1
near=bench-anear-$$ far=bench-afar-$$
work=$(mktemp -d -p /run)
chmod 755 "$work"
cleanup() {
  for pid in ${agent:-} ${blackbox:-}; do kill "$pid" 2>/dev/null || true; done
  ip netns del "$near" 2>/dev/null || true; ip netns del "$far" 2>/dev/null || true; rm -rf "$work"
}
trap cleanup EXIT

ip netns add "$near"; ip netns add "$far"
ip -n "$near" link set lo up; ip -n "$far" link set lo up
ip -n "$near" link add va type veth peer name vb netns "$far"
ip -n "$near" addr add 169.254.234.1/27 dev va
targets=()
for i in $(seq 2 11); do ip -n "$far" addr add "169.254.234.$i/27" dev vb; targets+=("169.254.234.$i"); done
ip -n "$near" link set va up; ip -n "$far" link set vb up
for t in "${targets[@]}"; do ip netns exec "$near" ping -c 1 -W 1 -q "$t" >/dev/null; done

# Sum of VmRSS (kB) of a process and its children.
rss_tree() { local total=0 pid; for pid in $1 $(pgrep -P "$1" || true); do
  total=$((total + $(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0))); done; echo "$total"; }
# Sum of Pss (kB) of a process and its children: shared pages (the Swift runtime, mapped by
# the agent and its helper alike) counted once in all, where summed RSS counts them per process.
pss_tree() { local total=0 pid; for pid in $1 $(pgrep -P "$1" || true); do
  total=$((total + $(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0))); done; echo "$total"; }
# utime + stime of a process, its reaped children and its live children, in seconds.
cpu_seconds() { local pid ticks=0
  for pid in $1 $(pgrep -P "$1" || true); do
    ticks=$((ticks + $(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pid/stat" 2>/dev/null || echo 0))); done
  awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }'; }
# Runs for 60 s, calling "scrape" every second; prints CPU and peak RSS of process $1.
measure() { local pid=$1 peak=0 peak_pss=0 rss pss; shift
  for _ in $(seq 60); do "$@"; rss=$(rss_tree "$pid"); pss=$(pss_tree "$pid")
    [ "$rss" -gt "$peak" ] && peak=$rss; [ "$pss" -gt "$peak_pss" ] && peak_pss=$pss; sleep 1; done
  echo "CPU $(cpu_seconds "$pid") s (user + system, with children), peak RSS $((peak / 1024)) MB, peak PSS $((peak_pss / 1024)) MB"; }

echo "== 1. 10 ICMP targets every second for 60 s =="
list=$(printf '"%s", ' "${targets[@]}")
printf 'enable = ["icmp"]\n[icmp]\ntargets = [%s]\ncount = 1\ntimeout_ms = 1000\nprobe_interval_s = 1\n[agent]\nlisten = "127.0.0.1:19987"\n' "${list%, }" > "$work/agent.toml"
ip netns exec "$near" "$netagent" agent --config "$work/agent.toml" --state-dir "$work/state" 2>/dev/null & agent=$!
sleep 2
scrape_agent() { ip netns exec "$near" curl -s -o /dev/null http://127.0.0.1:19987/metrics; }
echo -n "netagent agent (with its helpers):    "; measure "$agent" scrape_agent
kill "$agent"; wait "$agent" 2>/dev/null || true; agent=

printf 'modules:\n  icmp:\n    prober: icmp\n    timeout: 1s\n' > "$work/blackbox.yml"
ip netns exec "$near" prometheus-blackbox-exporter --config.file="$work/blackbox.yml" --web.listen-address=127.0.0.1:19115 2>/dev/null & blackbox=$!
sleep 2
scrape_blackbox() { local pids=() t; for t in "${targets[@]}"; do
  ip netns exec "$near" curl -s -o /dev/null "http://127.0.0.1:19115/probe?module=icmp&target=$t" & pids+=($!); done; wait "${pids[@]}"; }
echo -n "prometheus-blackbox-exporter:        "; measure "$blackbox" scrape_blackbox
kill "$blackbox"; blackbox=

echo "== 2. leak check: one target every 10 ms, 10 000 cycles =="
printf 'enable = ["icmp"]\n[icmp]\ntargets = ["127.0.0.1"]\ncount = 1\nprobe_interval_s = 0.01\n[agent]\nlisten = "127.0.0.1:19988"\n' > "$work/leak.toml"
ip netns exec "$near" "$netagent" agent --config "$work/leak.toml" --state-dir "$work/state2" 2>/dev/null & agent=$!
sent() { ip netns exec "$near" curl -s http://127.0.0.1:19988/metrics | awk '/^netagent_probe_sent_total/ { print $2 }'; }
until [ "$(sent || echo 0)" -ge 500 ] 2>/dev/null; do sleep 1; done
before=$(awk '/^VmRSS/ { print $2 }' "/proc/$agent/status"); start=$(date +%s)
until [ "$(sent)" -ge 10500 ]; do sleep 1; done
after=$(awk '/^VmRSS/ { print $2 }' "/proc/$agent/status")
echo "agent RSS after 500 cycles ${before} kB, after 10 500: ${after} kB (growth $(( (after - before) )) kB) in $(( $(date +%s) - start )) s"
