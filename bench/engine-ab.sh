#!/usr/bin/env bash
# Patchdesk engine A/B: two builds of the engine in one warm JVM, analysing the typical bundles of bundles-per-hour.sh
# in turn (TwoEnginesBenchmark). Prints each round's CPU a bundle of each and their ratio over the later rounds; it is
# not a pass/fail test. For a change too small to show between separate runs on a busy machine (a warm worker's time
# moves by 10% from run to run here): both builds meet the same moments of the machine.
#   A=/tmp/base/cli.jar B=patchdesk-diagnosis/target/patchdesk-diagnosis-0.1.0-SNAPSHOT-cli.jar bench/engine-ab.sh
#   A, B (the engine's command-line jars; B defaults to this tree's), ROUNDS=40, VARIANTS=4, CBS_MB=10 PERSIST_MB=6
#   DISM_MB=2, WORK=/tmp/patchdesk-bundles-bench (shared with bundles-per-hour.sh and worker-memory.sh), HEAP=768m,
#   JVM_OPTS (default: a warm worker's flags, -XX:+UseSerialGC -Xmn16m)
# Needs the build: mvn -B -DskipTests package && mvn -B -q -pl patchdesk-diagnosis test-compile
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${ROUNDS:-40}"
variants="${VARIANTS:-4}"
cbs_mb="${CBS_MB:-10}"
persist_mb="${PERSIST_MB:-6}"
dism_mb="${DISM_MB:-2}"
work="${WORK:-/tmp/patchdesk-bundles-bench}"
heap="${HEAP:-768m}"
corpus="${CORPUS:-$here/../shared/corpus/public}"
classes="$here/patchdesk-diagnosis/target/test-classes"
fixtures="$here/patchdesk-diagnosis/src/test/resources"
b="${B:-$(ls "$here"/patchdesk-diagnosis/target/patchdesk-diagnosis-*-cli.jar 2>/dev/null | head -n 1 || true)}"
a="${A:-}"
if [ -z "$a" ] || [ ! -f "$a" ] || [ ! -f "$b" ]; then
  echo "A and B must be engine jars (patchdesk-diagnosis-*-cli.jar): A='$a' B='$b'" >&2
  exit 2
fi
if [ ! -f "$classes/com/patchdesk/diagnosis/bench/TwoEnginesBenchmark.class" ]; then
  echo "build first: mvn -B -DskipTests package && mvn -B -q -pl patchdesk-diagnosis test-compile" >&2
  exit 2
fi
# shellcheck source=bench/lib/bundles.sh
. "$here/bench/lib/bundles.sh"
bench_make_bundles
log_mb=$(awk -v b="$(cat "$first.logbytes")" 'BEGIN { printf "%.1f", b / 1048576 }')
bundles=()
for v in $(seq 1 "$variants"); do
  bundles+=("$(bench_bundle_path "$v")")
done
echo "engine-ab: $rounds rounds of $variants bundles ($log_mb MB of logs each) per engine, one JVM;" \
  "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086
java -Xmx"$heap" ${JVM_OPTS:--XX:+UseSerialGC -Xmn16m} -cp "$classes" \
  com.patchdesk.diagnosis.bench.TwoEnginesBenchmark "$rounds" "$a" "$b" "${bundles[@]}"
