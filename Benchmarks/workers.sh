#!/usr/bin/env bash
# 1 vs N backup workers on the same data (Benchmarks/RESULTS.md "Many workers, one snapshot"):
# a 3-node aerovault-sim seeded with RECORDS records, then a one-process full backup into one fresh
# local repository and N `backup --worker I/N --run-id` processes started at once into another.
# Prints wall seconds and records/s for each. Usage: Benchmarks/workers.sh [BIN_DIR] (default: the
# release build); RECORDS (default 200000), WORKERS (default 4) and SIM_BIN (default
# BIN_DIR/aerovault-sim) from the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-$(swift build -c release --show-bin-path)}
RECORDS=${RECORDS:-200000}
WORKERS=${WORKERS:-4}
SIM_BIN=${SIM_BIN:-$BIN/aerovault-sim}
OUT=$(mktemp -d /tmp/aerovault-workers-bench.XXXXXX)
trap 'kill "$SIM" 2>/dev/null || true; rm -rf "$OUT"' EXIT

"$SIM_BIN" --nodes 3 --port 0 --namespace test --records "$RECORDS" > "$OUT/sim.out" 2>/dev/null &
SIM=$!
for _ in $(seq 600); do grep -q '^ready ports=' "$OUT/sim.out" && break; sleep 0.1; done
PORT=$(sed -n 's/^ready ports=\([0-9]*\).*/\1/p' "$OUT/sim.out")
echo "secret" > "$OUT/password"
export AEROVAULT_PASSWORD_FILE=$OUT/password AEROVAULT_CACHE_DIR=$OUT/cache
for repo in one many; do AEROVAULT_REPOSITORY=$OUT/$repo "$BIN/aerovault" init --quiet; done

now() { date +%s.%N; }
report() { python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'{sys.argv[3]}: {s:.2f} s, {int(sys.argv[4])/s:.0f} records/s')" "$@"; }

t0=$(now)
AEROVAULT_REPOSITORY=$OUT/one "$BIN/aerovault" backup --host "127.0.0.1:$PORT" --namespace test --quiet
t1=$(now)
pids=()
for i in $(seq "$WORKERS"); do
  AEROVAULT_REPOSITORY=$OUT/many "$BIN/aerovault" backup --host "127.0.0.1:$PORT" --namespace test \
    --worker "$i/$WORKERS" --run-id bench --quiet &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
t2=$(now)
report "$t0" "$t1" "1 process" "$RECORDS"
report "$t1" "$t2" "$WORKERS workers" "$RECORDS"
AEROVAULT_REPOSITORY=$OUT/many "$BIN/aerovault" snapshots | tail -n 2
