#!/usr/bin/env bash
# What metrics cost: `bin/basalt pe` against two standalone servers from the same jars, one with
# metrics off (--info-port -1: no info server, no request meters) and one with them on (its
# /metrics scraped every 5 s, as Prometheus would), in turn: off, on, on, off, so a change in the
# machine's load between runs falls on both sides. Each back-to-back pair of runs gives one on/off
# ratio. Halfway the two servers are restarted with their roles swapped (each keeps its data),
# so what differs between the servers themselves (their files, their JIT) cancels out. Prints
# every run, and per workload the median and geometric mean of the ratios.
#
#   benchmarks/metrics-overhead.sh [ROUNDS] [SECONDS]   (default 4 rounds, 2 per role, of 20 s runs)
#
# Environment: PE_THREADS (4), PE_ROWS (200000), BASE_PORT (19500; uses BASE_PORT..+16),
# WORKLOADS ("randomWrite randomRead"), BASALT_HEAP (1g per server), OUT (a directory for data
# and logs; default a new one under /tmp): $OUT/runs.tsv, $OUT/ratios.tsv.
# See docs/performance.md, "Metrics on vs off".
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=${1:-4}
seconds=${2:-20}
threads=${PE_THREADS:-4}
rows=${PE_ROWS:-200000}
base=${BASE_PORT:-19500}
workloads=${WORKLOADS:-randomWrite randomRead}
out=${OUT:-$(mktemp -d /tmp/metrics-overhead.XXXXXX)}
export BASALT_HEAP=${BASALT_HEAP:-1g}
mkdir -p "$out"

declare -A thrift=([a]=$((base + 1)) [b]=$((base + 11)))
declare -A info=([a]=$((base + 6)) [b]=$((base + 16)))
declare -A pid=()
scraper=""

cleanup() {
  [ -n "$scraper" ] && kill "$scraper" 2>/dev/null
  for s in "${!pid[@]}"; do kill "${pid[$s]}" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

await_port() { # PORT: waits up to 300 s for a listener
  local deadline=$((SECONDS + 300))
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then echo "no server on port $1; see $out/*.log" >&2; exit 1; fi
    sleep 1
  done
}

start() { # SERVER METRICS(on|off)
  local s=$1 t=${thrift[$1]} port=-1
  [ "$2" = on ] && port=${info[$1]}
  "$home/bin/basalt" standalone --data-dir "$out/$s" --thrift-port "$t" \
      --thrift1-port $((t + 1)) --admin-port $((t + 2)) --zk-port $((t + 3)) \
      --info-port "$port" >>"$out/$s.log" 2>&1 &
  pid[$s]=$!
}

stop() { # SERVER: a clean stop (SIGTERM flushes), waiting for it
  kill "${pid[$1]}" 2>/dev/null || true
  wait "${pid[$1]}" 2>/dev/null || true
  unset "pid[$1]"
}

scrape() { # INFO_PORT: a Prometheus stand-in, every 5 s
  [ -n "$scraper" ] && kill "$scraper" 2>/dev/null
  ( while sleep 5; do curl -s -o /dev/null "localhost:$1/metrics" || true; done ) &
  scraper=$!
}

pe() { # PORT ARGS...
  local port=$1; shift
  "$home/bin/pe" --thrift-port "$port" --rows "$rows" --threads "$threads" --json "$@" 2>>"$out/pe.log"
}
ops() { sed -n 's/.*"opsPerSecond":\([0-9.]*\).*/\1/p'; }

# Build once before two JVMs would each try.
"$home/bin/basalt" version >/dev/null
"$home/bin/pe" --help >/dev/null

printf 'round\tworkload\tside\tserver\tops_per_s\n' >"$out/runs.tsv"
printf 'round\tworkload\tpair\ton_over_off\n' >"$out/ratios.tsv"
half=$(( (rounds + 1) / 2 ))
round=0
for phase in 1 2; do
  if [ $phase = 1 ]; then off=a; on=b; else off=b; on=a; fi
  start "$off" off; start "$on" on
  await_port "${thrift[a]}"; await_port "${thrift[b]}"; await_port "${info[$on]}"
  scrape "${info[$on]}"
  if [ $phase = 1 ]; then
    echo "loading $rows rows into each server..." >&2
    for s in a b; do
      pe "${thrift[$s]}" --presplit 4 --warmup 0 --value-size 100 sequentialWrite >/dev/null
    done
  fi
  last=$(( phase == 1 ? half : rounds ))
  while [ $round -lt $last ]; do
    round=$((round + 1))
    for w in $workloads; do
      got=()
      for side in off on on off; do
        s=$off; [ "$side" = on ] && s=$on
        v=$(pe "${thrift[$s]}" --duration "$seconds" --value-size 100 "$w" | ops)
        got+=("$v")
        printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$w" "$side" "$s" "$v" | tee -a "$out/runs.tsv"
      done
      awk -v r="$round" -v w="$w" -v a="${got[0]}" -v b="${got[1]}" -v c="${got[2]}" \
        -v d="${got[3]}" 'BEGIN { printf "%s\t%s\t1\t%.4f\n%s\t%s\t2\t%.4f\n", r, w, b / a, r, w, c / d }' \
        >>"$out/ratios.tsv"
    done
  done
  stop a; stop b
done

echo
echo "on/off ratio per back-to-back pair (1.00: no cost; below 1: metrics cost throughput):"
for w in $workloads; do
  awk -v w="$w" -F'\t' '$2 == w { print $4 }' "$out/ratios.tsv" | sort -n | awk -v w="$w" '
    { v[NR] = $1; s += log($1) }
    END {
      m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%-12s pairs=%d median=%.3f geomean=%.3f min=%.3f max=%.3f\n", w, NR, m, exp(s / NR), v[1], v[NR]
    }'
  awk -v w="$w" -F'\t' '$2 == w { n[$3]++; t[$3] += $5 }
    END { printf "%-12s mean ops/s: off %.0f, on %.0f\n", w, t["off"] / n["off"], t["on"] / n["on"] }' \
    "$out/runs.tsv"
done
echo "runs: $out/runs.tsv  pairs: $out/ratios.tsv  logs: $out"
