#!/usr/bin/env bash
# `make test-page`: the status page of `aerovault serve` (SPEC.md §19 "Status page and logs") in headless
# Chromium. Starts a simulator and `aerovault serve`, runs one backup over the API, then takes a
# screenshot and dumps the DOM as Chromium rendered it, and checks the page's text. Not part of
# `make test` (Chromium is large). BIN is the folder holding `aerovault` and `aerovault-sim`.
set -euo pipefail
BIN=${BIN:?set BIN to the folder of the built aerovault and aerovault-sim}
BROWSER=$(command -v chromium || command -v chromium-browser)
work=$(mktemp -d "${TMPDIR:-/tmp}/aerovault-page-XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Waits (at most 60 s) until the command succeeds.
wait_for() {
  for _ in $(seq 600); do "$@" && return 0; sleep 0.1; done
  echo "timed out waiting for: $*" >&2
  return 1
}

"$BIN/aerovault-sim" --nodes 1 --port 0 --records 100 --namespace test > "$work/sim.out" 2>&1 &
pids+=($!)
wait_for grep -q '^ready ports=' "$work/sim.out"
sim_port=$(sed -n 's/^ready ports=\([0-9]*\).*/\1/p' "$work/sim.out")

echo "page password" > "$work/pw"
AEROVAULT_CACHE_DIR="$work/cache" "$BIN/aerovault" init --repo "$work/repo" --password-file "$work/pw" \
  --kdf-memory-mib 1 --kdf-ops 1 --quiet
cat > "$work/serve.yaml" <<YAML
repositories:
  local: {url: $work/repo, password-file: $work/pw}
clusters:
  sim: {hosts: ["127.0.0.1:$sim_port"]}
policies:
  page-policy: {cluster: sim, namespace: test, repository: local, schedule: "0 2 * * *", keep: {last: 3}}
YAML
echo "page-token-0123456789" > "$work/token"
AEROVAULT_CACHE_DIR="$work/cache" "$BIN/aerovault" serve --config "$work/serve.yaml" --listen 127.0.0.1:0 \
  --token-file "$work/token" --state-dir "$work/state" 2> "$work/serve.log" &
pids+=($!)
wait_for grep -q '"message":"listening"' "$work/serve.log"
base="http://$(grep '"message":"listening"' "$work/serve.log" | sed 's/.*"address":"\([^"]*\)".*/\1/')"

auth="Authorization: Bearer page-token-0123456789"
# Two backups, so the chart has two points.
for _ in 1 2; do
  job=$(curl -sf -X POST -H "$auth" "$base/v1/policies/page-policy/backup" | sed 's/.*"job":"\([^"]*\)".*/\1/')
  wait_for bash -c "curl -sf -H '$auth' '$base/v1/jobs/$job' | grep -q '\"state\":\"succeeded\"'"
done

out=${PAGE_OUTPUT:-$work}
# Chromium's own complaints (no D-Bus in a container) go to a file, shown only if it fails.
"$BROWSER" --headless --no-sandbox --disable-gpu --window-size=1200,1000 --screenshot="$out/status-page.png" "$base/" \
  2> "$work/chromium.log" || { cat "$work/chromium.log" >&2; exit 1; }
"$BROWSER" --headless --no-sandbox --disable-gpu --dump-dom "$base/" > "$work/dom.html" 2>> "$work/chromium.log" \
  || { cat "$work/chromium.log" >&2; exit 1; }
test -s "$out/status-page.png"
for text in "page-policy" "Recent jobs" "succeeded" "<svg" "<polyline" "2 snapshots"; do
  grep -qF -- "$text" "$work/dom.html" || { echo "status page lacks: $text" >&2; exit 1; }
done
if grep -q "<script" "$work/dom.html"; then echo "status page has a script" >&2; exit 1; fi
echo "status page OK: $(wc -c < "$out/status-page.png") bytes of screenshot, text checked"
