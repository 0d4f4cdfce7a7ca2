#!/usr/bin/env bash
# compare-bullmq.sh - Porter's Redis store and BullMQ 6.7 measured in the same run, on the same
# private redis-server, with the ratios printed at the end.
#
# Usage: porter-bench/compare-bullmq.sh [options]
#   --repeats N         runs per scenario and side (default 3); medians and [min-max] over them
#   --warmup N          pass --warmup N to every Porter run: N untimed rounds in the same JVM first
#                       (default 0 = a cold JVM, JIT warm-up included, like the harness's fresh node
#                       processes)
#   --scenarios LIST    comma-separated subset of add|enqueue, bulk|enqueue-batch,
#                       process|proc-c50-age, latency (default: all four)
#   --quick             smoke-test sizes: 2000 adds, 5000 bulk, 5000 processed, 200 latency jobs
#   --n-add N --n-bulk N --n-proc N --n-lat N
#                       job counts (defaults 20000 / 50000 / 50000 / 2000, or the env vars
#                       N_ADD N_BULK N_PROC N_LAT; BULK_BATCH=1000 is the batch on both sides)
#   --proc-concurrency C
#                       process on both sides with concurrency C: Porter --concurrency C and BullMQ
#                       proc-cC-age (default: Porter's own default, 1000, against proc-c50-age)
#   --jar PATH          run this porter jar (default porter-cli/target/porter.jar)
#   --no-build          never build: fail if the jar is missing instead of calling ./porter to build
#                       a missing or stale jar once before anything is timed
#   -h, --help          this text
#
# It starts its own redis-server (from PATH; REDIS_SERVER overrides) on a free 127.0.0.1 port
# (never 6379 or 6390) with --save '' --appendonly no in a temp dir, and stops it and deletes the
# dir on exit, Ctrl-C or failure. BullMQ 6.7.0 + ioredis 5.11.1 are npm-installed once into
# ${XDG_CACHE_HOME:-~/.cache}/porter-bench/bullmq (BULLMQ_DIR overrides) and driven by the shared
# harness ../shared/bench/peers/bullmq/bench.mjs (BULLMQ_BENCH overrides), copied next to
# node_modules. Each (repeat, scenario) is one fresh process per side - a JVM for Porter, the
# harness with REPEATS=1 for BullMQ - interleaved: rep 1 runs every scenario on both sides, then
# rep 2, ...; odd reps run Porter first, even reps BullMQ first. Redis is FLUSHALLed before each run.
# For Porter's process scenario the client commands per job are counted: CONFIG RESETSTAT, the run,
# then the calls of evalsha, eval, bzpopmin, smembers and client|* in INFO commandstats (commands a
# client sends and Porter's scripts never run) divided by the jobs (x (warmup+1)).
#
# Result lines go to stdout as they come, then the summary table; progress goes to stderr.
# Example: porter-bench/compare-bullmq.sh --quick --repeats 1
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }
die() { echo "compare-bullmq: $*" >&2; exit 1; }
say() { echo "compare-bullmq: $*" >&2; }
posint() { [[ "$2" =~ ^[0-9]+$ ]] && [ "$2" -ge "${3:-1}" ] || die "$1 wants an integer >= ${3:-1}, got '$2'"; }

repeats=3 warmup=0 scenarios="add,bulk,process,latency" proc_conc="" jar="" build=1
n_add="${N_ADD:-20000}" n_bulk="${N_BULK:-50000}" n_proc="${N_PROC:-50000}" n_lat="${N_LAT:-2000}"
bulk_batch="${BULK_BATCH:-1000}"
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --repeats) posint "$1" "${2:-}"; repeats=$2; shift 2 ;;
    --warmup) posint "$1" "${2:-}" 0; warmup=$2; shift 2 ;;
    --scenarios) [ -n "${2:-}" ] || die "--scenarios wants a list"; scenarios=$2; shift 2 ;;
    --quick) n_add=2000 n_bulk=5000 n_proc=5000 n_lat=200; shift ;;
    --n-add) posint "$1" "${2:-}"; n_add=$2; shift 2 ;;
    --n-bulk) posint "$1" "${2:-}"; n_bulk=$2; shift 2 ;;
    --n-proc) posint "$1" "${2:-}"; n_proc=$2; shift 2 ;;
    --n-lat) posint "$1" "${2:-}"; n_lat=$2; shift 2 ;;
    --proc-concurrency) posint "$1" "${2:-}"; proc_conc=$2; shift 2 ;;
    --jar) [ -n "${2:-}" ] || die "--jar wants a path"; jar=$2; build=0; shift 2 ;;
    --no-build) build=0; shift ;;
    --*=*) set -- "${1%%=*}" "${1#*=}" "${@:2}" ;;  # --repeats=3 -> --repeats 3
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
for v in n_add n_bulk n_proc n_lat bulk_batch; do posint "$v" "${!v}"; done

# Scenario keys: add, bulk, process, latency (in the order given, duplicates dropped).
keys=()
IFS=',' read -r -a wanted <<<"$scenarios"
for s in "${wanted[@]}"; do
  case "${s// /}" in
    add|enqueue) k=add ;;
    bulk|enqueue-batch) k=bulk ;;
    process|proc|proc-c*-age) k=process ;;
    latency|lat) k=latency ;;
    '') continue ;;
    *) die "unknown scenario '$s'; use add|enqueue, bulk|enqueue-batch, process|proc-c50-age, latency" ;;
  esac
  [[ " ${keys[*]:-} " == *" $k "* ]] || keys+=("$k")
done
[ ${#keys[@]} -gt 0 ] || die "no scenarios"
bull_proc="proc-c${proc_conc:-50}-age"

porter_scenario() { case "$1" in add) echo enqueue ;; bulk) echo enqueue-batch ;; *) echo "$1" ;; esac; }
bull_scenario() { case "$1" in process) echo "$bull_proc" ;; *) echo "$1" ;; esac; }
jobs_of() { case "$1" in add) echo "$n_add" ;; bulk) echo "$n_bulk" ;; process) echo "$n_proc" ;; latency) echo "$n_lat" ;; esac; }

# --- tools ---------------------------------------------------------------------------------------
redis_server="${REDIS_SERVER:-redis-server}"
for t in "$redis_server" redis-cli node npm python3; do
  command -v "$t" >/dev/null 2>&1 || die "needs $t on PATH"
done
harness="${BULLMQ_BENCH:-$root/../shared/bench/peers/bullmq/bench.mjs}"
[ -f "$harness" ] || die "BullMQ harness not found at $harness (set BULLMQ_BENCH)"
harness="$(cd "$(dirname "$harness")" && pwd)/$(basename "$harness")"

. "$root/.mvn/jdk.sh"   # exports JAVA_HOME as a JDK >= 21 when the default one is older (as ./porter does)
java="java"
[ -n "${JAVA_HOME:-}" ] && java="$JAVA_HOME/bin/java"
if [ -z "$jar" ]; then
  jar="$root/porter-cli/target/porter.jar"
  if [ "$build" = 1 ]; then
    # ./porter builds a missing or stale jar; do it once here, before anything is timed, and then
    # run the jar directly so no run rebuilds mid-way.
    "$root/porter" --version >/dev/null
  fi
fi
[ -f "$jar" ] || die "no porter jar at $jar (build it, or drop --no-build)"

# --- temp dir, private redis, cleanup ------------------------------------------------------------
tmp="$(mktemp -d "${TMPDIR:-/tmp}/porter-vs-bullmq.XXXXXX")"
redis_pid=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$redis_pid" ] && kill -0 "$redis_pid" 2>/dev/null; then
    kill "$redis_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$redis_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$redis_pid" 2>/dev/null || true
    wait "$redis_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# BullMQ, installed once into the cache (before redis starts: nothing waits on it).
bull_dir="${BULLMQ_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/porter-bench/bullmq}"
pkg_version() { node -p 'try { require(process.argv[1]).version } catch (e) { "" }' "$bull_dir/node_modules/$1/package.json" 2>/dev/null || true; }
if [ "$(pkg_version bullmq)" != 6.7.0 ] || [ "$(pkg_version ioredis)" != 5.11.1 ]; then
  say "installing bullmq@6.7.0 ioredis@5.11.1 into $bull_dir"
  mkdir -p "$bull_dir"
  (cd "$bull_dir" && { [ -f package.json ] || npm init -y >/dev/null; } \
    && npm install --no-audit --no-fund --save-exact --loglevel=error bullmq@6.7.0 ioredis@5.11.1) >&2 \
    || die "npm install failed"
fi
install -m 0644 "$harness" "$bull_dir/bench.mjs"   # import 'bullmq' resolves from next to node_modules

port=""
for _ in $(seq 30); do
  p=$((20000 + RANDOM % 30000))
  { [ "$p" = 6379 ] || [ "$p" = 6390 ]; } && continue
  (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue   # somebody listens there
  "$redis_server" --port "$p" --bind 127.0.0.1 --save '' --appendonly no --dir "$tmp" \
    --logfile "$tmp/redis.log" --daemonize no >/dev/null 2>&1 &
  redis_pid=$!
  for _ in $(seq 50); do
    kill -0 "$redis_pid" 2>/dev/null || break
    # ours, not a server that took the port meanwhile
    if [ "$(redis-cli -h 127.0.0.1 -p "$p" INFO server 2>/dev/null | tr -d '\r' | sed -n 's/^process_id://p')" = "$redis_pid" ]; then
      port=$p; break
    fi
    sleep 0.1
  done
  [ -n "$port" ] && break
  kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; redis_pid=""
done
[ -n "$port" ] || die "could not start redis-server on a free port (see $tmp/redis.log)"
rcli() { redis-cli -h 127.0.0.1 -p "$port" "$@"; }
store="redis://127.0.0.1:$port/0"
say "private redis-server pid $redis_pid on 127.0.0.1:$port, dir $tmp"

# --- machine info --------------------------------------------------------------------------------
redis_version="$(rcli INFO server | tr -d '\r' | sed -n 's/^redis_version://p')"
java_version="$("$java" -version 2>&1 | head -n1)"
node_version="$(node --version)"
bullmq_version="$(pkg_version bullmq)" ioredis_version="$(pkg_version ioredis)"
cpu_model="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n1 || true)"
load_start="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
if [ "$warmup" -gt 0 ]; then
  mode="Porter warm: --warmup $warmup untimed rounds in the same JVM before the timed one; BullMQ: fresh node processes"
else
  mode="cold: a fresh JVM per Porter run (JIT warm-up included), a fresh node process per BullMQ run"
fi
say "$mode; ${repeats} repeat(s); scenarios ${keys[*]}"

# --- runs ----------------------------------------------------------------------------------------
results="$tmp/results.tsv"   # side key rep rate p50 p99
: >"$results"
declare -A cmd_shown=()
commands=()
rtrips=()

porter_run() { # $1 = key, $2 = rep
  local key=$1 rep=$2 sc jobs out line
  sc="$(porter_scenario "$key")" jobs="$(jobs_of "$key")"
  local args=(bench --store "$store" --flush --scenario "$sc" --jobs "$jobs" --warmup "$warmup")
  [ "$key" = bulk ] && args+=(--batch "$bulk_batch")
  [ "$key" = process ] && [ -n "$proc_conc" ] && args+=(--concurrency "$proc_conc")
  if [ -z "${cmd_shown[porter-$key]:-}" ]; then
    cmd_shown[porter-$key]=1
    commands+=("$(printf '%q ' "$java" -jar "$jar" "${args[@]}" | sed 's/ $//')")
  fi
  rcli FLUSHALL >/dev/null
  [ "$key" = process ] && rcli CONFIG RESETSTAT >/dev/null
  if ! out="$("$java" -jar "$jar" "${args[@]}" 2>"$tmp/porter.err")"; then
    cat "$tmp/porter.err" >&2; die "porter $sc rep $rep failed"
  fi
  line="$(grep '^scenario=' <<<"$out" | tail -n1 || true)"
  [ -n "$line" ] || { echo "$out" >&2; cat "$tmp/porter.err" >&2; die "porter $sc rep $rep printed no result line"; }
  echo "porter $key #$rep: $line"
  # key=value pairs; store= may hold anything, so pick the keys by name, not by position
  python3 - "$key" "$rep" "$line" >>"$results" <<'EOF'
import re, sys
key, rep, line = sys.argv[1:4]
kv = dict(re.findall(r'(?:^|\s)([a-z_0-9]+)=(\S*)', line))
for k in ('jobs_per_s', 'p50_ms', 'p99_ms'):
    if k not in kv:
        sys.exit(f'porter result line lacks {k}=: {line}')
print('porter', key, rep, kv['jobs_per_s'], kv['p50_ms'], kv['p99_ms'], sep='\t')
EOF
  if [ "$key" = process ]; then
    local stats counted all rt
    stats="$(rcli INFO commandstats | tr -d '\r')"
    # cmdstat_client|id:calls=2,usec=...  -> "client|id 2"
    all="$(sed -n 's/^cmdstat_\([^:]*\):calls=\([0-9]*\),.*/\1 \2/p' <<<"$stats" | sort -k2,2nr)"
    counted="$(awk '$1=="evalsha"||$1=="eval"||$1=="bzpopmin"||$1=="smembers"||$1 ~ /^client\|/ {s+=$2} END {print s+0}' <<<"$all")"
    rt="$(awk -v c="$counted" -v j="$jobs" -v w="$warmup" 'BEGIN {printf "%.4g", c / (j * (w + 1))}')"
    rtrips+=("$rt")
    echo "porter process #$rep: client commands (evalsha+eval+bzpopmin+smembers+client|*) = $counted over $jobs jobs x $((warmup + 1)) round(s) = $rt per job; all commandstats calls (scripts' own commands included): $(awk '{printf "%s%s=%s", (NR > 1 ? " " : ""), $1, $2}' <<<"$all")"
  fi
}

bull_run() { # $1 = key, $2 = rep
  local key=$1 rep=$2 sc json
  sc="$(bull_scenario "$key")" json="$tmp/bullmq-$key-$rep.json"
  local envs=(REDIS_HOST=127.0.0.1 "REDIS_PORT=$port" REDIS_DB=0 BENCH_ALLOW_FLUSH=1 REPEATS=1 "SCENARIOS=$sc"
    "N_ADD=$n_add" "N_BULK=$n_bulk" "BULK_BATCH=$bulk_batch" "N_PROC=$n_proc" "N_LAT=$n_lat" "OUT_JSON=$json")
  if [ -z "${cmd_shown[bullmq-$key]:-}" ]; then
    cmd_shown[bullmq-$key]=1
    commands+=("(cd $(printf '%q' "$bull_dir") && $(printf '%q ' env "${envs[@]}")node bench.mjs)")
  fi
  rcli FLUSHALL >/dev/null
  if ! (cd "$bull_dir" && env "${envs[@]}" node bench.mjs) >"$tmp/bullmq.out" 2>&1; then
    cat "$tmp/bullmq.out" >&2; die "bullmq $sc rep $rep failed"
  fi
  sed -n "s/^$sc #1: /bullmq $key #$rep: /p" "$tmp/bullmq.out"   # the harness's own result line
  grep '^\[' "$tmp/bullmq.out" >&2 || true   # a child's stderr, as the harness forwards it
  python3 - "$key" "$rep" "$json" "$sc" >>"$results" <<'EOF'
import json, sys
key, rep, path, sc = sys.argv[1:5]
doc = json.load(open(path))
rs = [r for r in doc['results'] if r.get('scenario') == sc]
if len(rs) != 1:
    sys.exit(f'{path}: expected one {sc} result, got {len(rs)}')
r = rs[0]
if 'completed' in r and r['completed'] != r['n']:
    print(f'compare-bullmq: WARNING bullmq {sc} completed {r["completed"]} of {r["n"]}', file=sys.stderr)
if 'received' in r and r['received'] != r['n']:
    print(f'compare-bullmq: WARNING bullmq {sc} received {r["received"]} of {r["n"]}', file=sys.stderr)
num = lambda k: r[k] if isinstance(r.get(k), (int, float)) else float('nan')
print('bullmq', key, rep, num('rate'), num('p50_ms'), num('p99_ms'), sep='\t')
EOF
}

for rep in $(seq "$repeats"); do
  for key in "${keys[@]}"; do
    if [ $((rep % 2)) = 1 ]; then porter_run "$key" "$rep"; bull_run "$key" "$rep"
    else bull_run "$key" "$rep"; porter_run "$key" "$rep"; fi
  done
done

# --- summary -------------------------------------------------------------------------------------
load_end="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
echo
echo "=== Porter (redis store) vs BullMQ $bullmq_version - $mode"
python3 - "$results" "$repeats" "$warmup" "$bull_proc" "${keys[@]}" <<'EOF'
import math, sys
path, repeats, warmup, bull_proc, *keys = sys.argv[1:]
rows = [l.rstrip('\n').split('\t') for l in open(path) if l.strip()]
def vals(side, key, col):
    i = {'rate': 3, 'p50': 4, 'p99': 5}[col]
    v = [float(r[i]) for r in rows if r[0] == side and r[1] == key]
    return [x for x in v if not math.isnan(x)]
def med(v):
    s = sorted(v); k = len(s) // 2
    return s[k] if len(s) % 2 else (s[k - 1] + s[k]) / 2
def cell(v, d):
    if not v: return 'n/a'
    return f'{med(v):.{d}f} [{min(v):.{d}f}-{max(v):.{d}f}]'
names = {'add': ('enqueue', 'add'), 'bulk': ('enqueue-batch', 'bulk'),
         'process': ('process', bull_proc), 'latency': ('latency', 'latency')}
porter_hdr = f'Porter{" warmup=" + warmup if warmup != "0" else " (cold JVM)"}'
table = [('scenario (Porter / BullMQ)', 'metric', porter_hdr + ' median [min-max]', 'BullMQ median [min-max]', 'Porter/BullMQ')]
for key in keys:
    label = '%s / %s' % names[key]
    metrics = [('p50', 'p50 ms, lower is better', 2), ('p99', 'p99 ms, lower is better', 2)] if key == 'latency' \
        else [('rate', 'jobs/s, higher is better', 0)]
    for col, what, d in metrics:
        p, b = vals('porter', key, col), vals('bullmq', key, col)
        ratio = f'{med(p) / med(b):.2f}x' if p and b and med(b) > 0 else 'n/a'
        table.append((label, what, cell(p, d), cell(b, d), ratio))
w = [max(len(r[i]) for r in table) for i in range(5)]
for n, r in enumerate(table):
    print(' | '.join(c.ljust(w[i]) if i < 2 else c.rjust(w[i]) for i, c in enumerate(r)).rstrip())
    if n == 0:
        print('-+-'.join('-' * x for x in w))
print(f'medians over {repeats} run(s) per side; ratio = Porter median / BullMQ median'
      ' (rates: >1 = Porter faster; latency: <1 = Porter faster)')
EOF
if [ ${#rtrips[@]} -gt 0 ]; then
  printf '%s\n' "${rtrips[@]}" | python3 -c '
import sys
v = sorted(float(x) for x in sys.stdin.read().split()); k = len(v) // 2
m = v[k] if len(v) % 2 else (v[k - 1] + v[k]) / 2
per = f" = {1 / m:.0f} jobs per round trip" if m > 0 else ""
print(f"Porter process: {m:.4g} client commands (round trips) per job{per}, median [{v[0]:.4g}-{v[-1]:.4g}]:"
      " evalsha + eval + bzpopmin + smembers + client|* calls from INFO commandstats after CONFIG RESETSTAT,"
      " divided by the jobs (x (warmup+1): warm-up rounds run in the same process); the backlog fill'"'"'s"
      " enqueue calls are included (one batch call per 1000 jobs).")'
fi
echo
echo "machine: nproc=$(nproc) cpu=${cpu_model:-?} loadavg start=[$load_start] end=[$load_end]"
echo "redis-server $redis_version (private, 127.0.0.1:$port, --save '' --appendonly no)"
echo "java: $java_version ($java)"
echo "node $node_version, bullmq $bullmq_version, ioredis $ioredis_version ($bull_dir)"
echo "commands (each run preceded by FLUSHALL; port and paths as in this run):"
printf '  %s\n' "${commands[@]}"
