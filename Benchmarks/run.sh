#!/usr/bin/env bash
# `make bench` / `make bench QUICK=1`: builds the release binaries, installs the peers (restic,
# borgbackup) and GNU time if missing, runs aerovault-bench (sections 1–6 on one data set), then the
# ordo-one micro-benchmarks, and writes Benchmarks/results.json and the generated blocks of
# Benchmarks/RESULTS.md. Scratch data goes to Benchmarks/out/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SWIFT=${SWIFT:-swift}
QUICK=${QUICK:-0}
[[ "${1:-}" == "--quick" ]] && QUICK=1
# Output files, relative to Benchmarks/ (override to try the script without touching the committed ones).
RESULTS=${BENCH_RESULTS:-RESULTS.md}
if [ "$QUICK" = 1 ]; then JSON=${BENCH_JSON:-results-quick.json}; else JSON=${BENCH_JSON:-results.json}; fi

missing=""
for p in restic borgbackup time; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  echo "installing:$missing"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

start=$(date +%s)
cd "$ROOT/Benchmarks"
mkdir -p out
# Both binaries come from this package's build folder (aerovault is a product of the main package,
# reached through the path dependency), so the main sources are compiled once, in release mode.
echo "== building release aerovault and aerovault-bench (Benchmarks/.build)"
$SWIFT build -c release --product aerovault
$SWIFT build -c release --product aerovault-bench
AEROVAULT=$($SWIFT build -c release --show-bin-path)/aerovault
built=$(date +%s)

args=(--aerovault "$AEROVAULT" --work-directory out --json "$JSON" --results "$RESULTS")
[ "$QUICK" = 1 ] && args+=(--quick)
echo "== aerovault-bench ${args[*]}"
.build/release/aerovault-bench "${args[@]}"

echo "== micro-benchmarks (ordo-one/benchmark)"
if [ "$QUICK" = 1 ]; then export AEROVAULT_BENCH_QUICK=1; else unset AEROVAULT_BENCH_QUICK; fi
$SWIFT package --allow-writing-to-package-directory benchmark --target Micro --no-progress \
  --format markdown --path stdout > out/micro.md 2> out/micro.log || {
  echo "micro-benchmarks failed (see Benchmarks/out/micro.log)"; tail -20 out/micro.log; }
python3 - "$QUICK" "$RESULTS" <<'PY'
import re, sys, datetime
md = open("out/micro.md").read().strip()
# The plugin prints build chatter before the first table; keep headings and tables only.
lines = [("##" + l if l.startswith("#") else l) for l in md.splitlines() if l.startswith(("#", "|")) or not l.strip()]
body = "\n".join(lines).strip() or "micro-benchmarks did not run (see Benchmarks/out/micro.log)"
mode = "quick" if sys.argv[1] == "1" else "full"
stamp = datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC")
block = f"<!-- micro:begin -->\nRun {stamp} ({mode} mode; `swift package benchmark --target Micro`).\n\n{body}\n<!-- micro:end -->"
text = open(sys.argv[2]).read()
if "<!-- micro:begin -->" in text and "<!-- micro:end -->" in text:
    text = re.sub(r"<!-- micro:begin -->.*?<!-- micro:end -->", lambda m: block, text, flags=re.S)
else:
    text += "\n" + block + "\n"
open(sys.argv[2], "w").write(text)
PY
end=$(date +%s)
echo "== done: build $((built - start)) s, measurements $((end - built)) s; see Benchmarks/$RESULTS and Benchmarks/$JSON"
