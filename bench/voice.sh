#!/usr/bin/env bash
# The voice probe's cost and accuracy, on this machine only, over a veth pair between two fresh
# network namespaces (far has 10 addresses):
#   1. CPU and wall time for 10 targets x 1000 packets at 20 ms, over ICMP and over UDP to
#      `netagent serve-echo`
#   2. loss against nftables' own drop counter, with 10 % dropped at random and in runs of 5;
#      BurstR and RFC 3550 jitter against an independent calculation over the same packets
# Usage: bench/voice.sh NETAGENT   (as root; prints the numbers docs/BENCHMARKS.md keeps)
set -euo pipefail
netagent=$1
near=bench-vnear-$$ far=bench-vfar-$$
work=$(mktemp -d)
cleanup() { ip netns del "$near" 2>/dev/null || true; ip netns del "$far" 2>/dev/null || true; kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

ip netns add "$near"; ip netns add "$far"
ip -n "$near" link set lo up; ip -n "$far" link set lo up
ip -n "$near" link add va type veth peer name vb netns "$far"
ip -n "$near" addr add 169.254.233.1/27 dev va
targets=""
for i in $(seq 2 11); do ip -n "$far" addr add "169.254.233.$i/27" dev vb; targets="$targets 169.254.233.$i"; done
ip -n "$near" link set va up; ip -n "$far" link set vb up
for t in $targets; do ip netns exec "$near" ping -c 1 -W 1 -q "$t" >/dev/null; done

# Runs the voice probe from near with the given targets; JSON to $work/out.json, resources printed.
voice() {
  local flags=""; for t in "$@"; do flags="$flags --target $t"; done
  ip netns exec "$near" /usr/bin/time -f '%e s wall, %U s user + %S s system CPU, max RSS %M KB' \
    "$netagent" probe --enable voice $flags --json > "$work/out.json" 2> "$work/time"
  tail -n 1 "$work/time"
}

echo "== 1. 10 targets x 1000 packets at 20 ms (a 20 s call each, all at once) =="
echo -n "voice over ICMP echo:           "; voice $targets
ip netns exec "$far" "$netagent" serve-echo --listen 0.0.0.0:9988 >/dev/null 2>&1 & server=$!
sleep 0.3
echo -n "voice over UDP to serve-echo:   "; voice $(for t in $targets; do echo "udp:$t:9988"; done)
kill "$server"; server=

# Loss, BurstR and jitter of $work/out.json: netagent's numbers beside an independent
# calculation from samples_ns, and loss beside nftables' drop counter.
accuracy() { python3 - "$work/out.json" "$1" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
dropped = int(sys.argv[2])
lost = sent = 0
for target in report["targets"]:
    samples = target["samples_ns"]
    voice = target["voice"]
    lost_flags = [s is None for s in samples]
    sent += len(samples)
    lost += sum(lost_flags)
    pairs = list(zip(lost_flags, lost_flags[1:]))
    after_received = [b for a, b in pairs if not a]
    after_lost = [b for a, b in pairs if a]
    p = sum(after_received) / len(after_received) if after_received else 0
    q = (len(after_lost) - sum(after_lost)) / len(after_lost) if after_lost else 1
    received = [s / 1e6 for s in samples if s is not None]
    jitter = 0.0
    for a, b in zip(received, received[1:]):
        jitter += (abs(b - a) - jitter) / 16
    print(f"  {target['target']:<16} loss {voice['loss_percent']:5.1f} %  BurstR {voice['burst_r']:.3f} (independent {1 / (p + q):.3f})"
          f"  jitter {voice['jitter_ms'] * 1000:.2f} us (independent {jitter * 1000:.2f} us)  R {voice['r']:.1f}  MOS {voice['mos']:.2f}")
print(f"  lost {lost} of {sent}; nftables dropped {dropped}")
PY
}

# Drops echo requests at far matching the nftables expression $1, one rule (and so one numgen
# counter) per target address, then measures and compares.
dropping() {
  ip netns exec "$far" nft delete table inet vbench 2>/dev/null || true
  ip netns exec "$far" nft add table inet vbench
  ip netns exec "$far" nft add chain inet vbench in '{ type filter hook input priority 0 ; }'
  for t in $targets; do
    ip netns exec "$far" nft add rule inet vbench in ip daddr "$t" icmp type echo-request $1 counter drop
  done
  echo -n "  resources: "; voice $targets
  dropped=$(ip netns exec "$far" nft list table inet vbench | sed -n 's/.*counter packets \([0-9]*\).*/\1/p' | python3 -c "import sys; print(sum(int(x) for x in sys.stdin.read().split()))")
  accuracy "$dropped"
}
echo "== 2a. 10 % dropped at random (numgen random mod 100 < 10) =="
dropping "numgen random mod 100 < 10"
echo "== 2b. 10 % dropped in runs of 5 (numgen inc mod 50 < 5 per target; expected BurstR 1 / (19/899 + 1/5) = 4.52) =="
dropping "numgen inc mod 50 < 5"
