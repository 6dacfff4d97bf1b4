#!/usr/bin/env bash
# `make fuzz`: builds the fuzz binary (libFuzzer + AddressSanitizer) and runs every target in turn
# (docs/fuzzing.md). The repository is never written: each target's corpus is a scratch copy of
# Fuzz/Corpus/<target>/ under Fuzz/.build/work/, kept between runs so a campaign resumes.
#
# Environment: FUZZ_SECONDS (per target, default 10), FUZZ_RUNS (stop a target after this many
# executions, default unlimited), FUZZ_TARGETS (space separated, default all), FUZZ_BINARY (use
# this aerovault-fuzz instead of building), SWIFT.
# Exit status 1 if any target found a crash, a hang (-timeout), a leak or an allocation over
# -malloc_limit_mb; its input is left in Fuzz/.build/work/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
seconds=${FUZZ_SECONDS:-10}
runs=${FUZZ_RUNS:--1}
# swiftc keeps only its last -sanitize= flag, and SwiftPM emits one per --sanitize in no fixed order,
# so Swift code would get either coverage or ASan: the final -Xswiftc flag asks for both (docs/fuzzing.md).
build=(--package-path Fuzz --scratch-path Fuzz/.build -c release --sanitize=fuzzer --sanitize=address
       -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing)

if [ -n "${FUZZ_BINARY:-}" ]; then
  binary=$FUZZ_BINARY    # an already built aerovault-fuzz: skips the build step
else
  "$SWIFT" build "${build[@]}"
  binary="$("$SWIFT" build "${build[@]}" --show-bin-path)/aerovault-fuzz"
fi
if [ -n "${FUZZ_TARGETS:-}" ]; then
  read -r -a targets <<< "$FUZZ_TARGETS"
else
  mapfile -t targets < <(ls Fuzz/Corpus)
fi

work=Fuzz/.build/work
mkdir -p "$work/artifacts" "$work/logs"
summary="$work/logs/summary.txt"
printf '%-18s %12s %8s %8s %7s  %s\n' target executions cov ft corpus result | tee "$summary"
failed=0
for target in "${targets[@]}"; do
  corpus="$work/corpus/$target"
  mkdir -p "$corpus"
  cp -n Fuzz/Corpus/"$target"/* "$corpus"/ 2>/dev/null || true
  log="$work/logs/$target.log"
  status=0
  # -malloc_limit_mb: no decoder may allocate 64 MiB for one input (inputs are at most max_len bytes),
  # so a length field that drives an allocation unchecked is reported as a finding.
  FUZZ_TARGET="$target" SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
    "$binary" "$corpus" -max_total_time="$seconds" -runs="$runs" -timeout=10 -rss_limit_mb=2048 \
    -malloc_limit_mb=64 -print_final_stats=1 -artifact_prefix="$work/artifacts/$target-" >"$log" 2>&1 || status=$?
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<< "$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<< "$last")
  size=$(ls "$corpus" | wc -l)
  if [ "$status" -ne 0 ]; then result="FAILED (exit $status, see $log)"; failed=1
  elif grep -q "Is the code instrumented for coverage" "$log"; then result="FAILED (not coverage-instrumented)"; failed=1
  else result=ok; fi
  printf '%-18s %12s %8s %8s %7s  %s\n' "$target" "${executions:-?}" "${cov:-?}" "${ft:-?}" "$size" "$result" \
    | tee -a "$summary"
done
exit "$failed"
