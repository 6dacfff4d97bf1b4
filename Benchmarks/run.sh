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
# Extra aerovault-bench arguments (e.g. BENCH_ARGS="--only 6"); BENCH_MICRO=0 skips the micro-benchmarks.
BENCH_ARGS=${BENCH_ARGS:-}
BENCH_MICRO=${BENCH_MICRO:-1}
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
[ "$BENCH_MICRO" = 1 ] && $SWIFT build -c release --product Micro
AEROVAULT=$($SWIFT build -c release --show-bin-path)/aerovault
built=$(date +%s)

args=(--aerovault "$AEROVAULT" --work-directory out --json "$JSON" --results "$RESULTS")
[ "$QUICK" = 1 ] && args+=(--quick)
# shellcheck disable=SC2206  # BENCH_ARGS is a word list on purpose
args+=($BENCH_ARGS)
echo "== aerovault-bench ${args[*]}"
.build/release/aerovault-bench "${args[@]}"
measured=$(date +%s)

if [ "$BENCH_MICRO" = 1 ]; then
  echo "== micro-benchmarks (ordo-one/benchmark)"
  if [ "$QUICK" = 1 ]; then export AEROVAULT_BENCH_QUICK=1; else unset AEROVAULT_BENCH_QUICK; fi
  # The plugin builds the Micro target (release) itself; with the build above done, that is a link.
  $SWIFT package --allow-writing-to-package-directory benchmark --target Micro --no-progress \
    --format markdown --path stdout > out/micro.md 2> out/micro.log || {
    echo "micro-benchmarks failed (see Benchmarks/out/micro.log)"; tail -20 out/micro.log; }
  micro_seconds=$(( $(date +%s) - measured ))
  python3 - "$QUICK" "$RESULTS" "$micro_seconds" <<'PY'
import re, sys, datetime
md = open("out/micro.md").read().strip()
# The plugin prints build chatter before the first table; keep headings and tables only.
lines = [("##" + l if l.startswith("#") else l) for l in md.splitlines() if l.startswith(("#", "|")) or not l.strip()]
body = "\n".join(lines).strip() or "micro-benchmarks did not run (see Benchmarks/out/micro.log)"
mode = "quick" if sys.argv[1] == "1" else "full"
stamp = datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC")
block = (f"<!-- micro:begin -->\nRun {stamp} ({mode} mode; `swift package benchmark --target Micro`; "
         f"{sys.argv[3]} s including the plugin's build check).\n\n{body}\n<!-- micro:end -->")
text = open(sys.argv[2]).read()
if "<!-- micro:begin -->" in text and "<!-- micro:end -->" in text:
    text = re.sub(r"<!-- micro:begin -->.*?<!-- micro:end -->", lambda m: block, text, flags=re.S)
else:
    text += "\n" + block + "\n"
open(sys.argv[2], "w").write(text)
PY
fi
end=$(date +%s)
echo "== done in $((end - start)) s: build $((built - start)) s, aerovault-bench $((measured - built)) s" \
  "(per section: see the 'section N took' lines above), micro-benchmarks $((end - measured)) s;" \
  "1-minute load average now $(cut -d' ' -f1 /proc/loadavg); see Benchmarks/$RESULTS and Benchmarks/$JSON"
