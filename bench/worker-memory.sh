#!/usr/bin/env bash
# Patchdesk warm worker memory: what one analysis worker allocates, copies and collects per typical bundle.
# Prints figures; it is not a pass/fail test.
#   bench/worker-memory.sh
#   BUNDLES=60 (analyses), VARIANTS=4, CBS_MB=10 PERSIST_MB=6 DISM_MB=2 (the bundles of bundles-per-hour.sh, made the
#   same way in the same WORK, so either script reuses the other's), WORK=/tmp/patchdesk-bundles-bench,
#   JAR (server jar), HEAP=512m (the worker's -Xmx, patchdesk.diagnosis.child-heap), ROUNDS=1, WORKER_OPTS (more JVM
#   flags for the worker, after its own: a collector setting to try)
# Needs the build: mvn -B -DskipTests package && mvn -B -q -pl patchdesk-diagnosis test-compile
#
# Runs the worker as the server does (AnalysisWorker from the extracted server jar, the flags of analysis-jvm.conf's
# warm_worker and always lines) over BUNDLES requests on its input, the bundles in turn, with a GC log; prints wall
# and CPU per bundle and, from the GC log, per bundle: young and full collections, MB allocated (eden filled), MB
# promoted to the old generation by young collections, MB left in the survivor space, and the pauses. The counts and
# megabytes depend on the code, not on the machine's load: compare them between commits where times are too noisy
# (a warm worker's time moved by +-10% between runs of the same jar here). Reference: the MB of logs per bundle.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bundles="${BUNDLES:-60}"
variants="${VARIANTS:-4}"
cbs_mb="${CBS_MB:-10}"
persist_mb="${PERSIST_MB:-6}"
dism_mb="${DISM_MB:-2}"
work="${WORK:-/tmp/patchdesk-bundles-bench}"
heap="${HEAP:-512m}"
rounds="${ROUNDS:-1}"
corpus="${CORPUS:-$here/../shared/corpus/public}"
jar="${JAR:-$here/patchdesk-server/target/patchdesk-server.jar}"
classes="$here/patchdesk-diagnosis/target/test-classes"
fixtures="$here/patchdesk-diagnosis/src/test/resources"
conf="$here/patchdesk-diagnosis/src/main/resources/com/patchdesk/diagnosis/analysis-jvm.conf"
# shellcheck source=bench/lib/bundles.sh
. "$here/bench/lib/bundles.sh"
if [ ! -f "$jar" ] || [ ! -f "$classes/com/patchdesk/diagnosis/bench/RealMixCbsLogGenerator.class" ]; then
  echo "build first: mvn -B -DskipTests package && mvn -B -q -pl patchdesk-diagnosis test-compile" >&2
  exit 2
fi
bench_make_bundles

# The server jar extracted as the server extracts it for its children (ExtractedRuntime).
runtime="$work/worker-runtime"
rm -rf "$runtime"
java -Djarmode=tools -jar "$jar" extract --destination "$runtime" > /dev/null
runtime_jar="$runtime/$(basename "$jar")"
flags=()
while IFS='=' read -r key value; do
  case "$key" in
    warm_worker|always) read -r -a words <<< "$value"; flags+=("${words[@]}") ;;
  esac
done < "$conf"

requests="$work/worker-requests.txt"
: > "$requests"
for i in $(seq 1 "$bundles"); do
  v=$(( (i - 1) % variants + 1 ))
  mkdir -p "$work/worker-out/$i"
  # AnalysisWorker's request line: bundle, output folder, language, each URL-encoded (these need no escaping).
  echo "$(bench_bundle_path "$v") $work/worker-out/$i en" >> "$requests"
done
log_mb=$(awk -v b="$(cat "$first.logbytes")" 'BEGIN { printf "%.1f", b / 1048576 }')
echo "worker-memory: $bundles analyses of $variants bundles ($log_mb MB of logs, a $zip_mb MB zip each) in one worker;" \
  "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  commit $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$here" diff --quiet 2>/dev/null || echo ' (with changes)'), server jar $jar"
echo "  worker: java -Xmx$heap ${flags[*]} ${WORKER_OPTS:-} ($(java -version 2>&1 | head -1))"
for round in $(seq 1 "$rounds"); do
  # shellcheck disable=SC2086
  /usr/bin/time -f "%e %U %S %M" -o "$work/worker.time" java -Xmx"$heap" -XX:+ExitOnOutOfMemoryError "${flags[@]}" \
    ${WORKER_OPTS:-} -Xlog:gc,gc+heap=info:file="$work/worker-gc.log" -Dfile.encoding=UTF-8 \
    -Dpatchdesk.parent-pid=$$ -cp "$runtime_jar" com.patchdesk.server.diagnoses.AnalysisWorker \
    < "$requests" > "$work/worker.out" 2>&1
  answered=$(grep -c '^ok' "$work/worker.out" || true)
  [ "$answered" = "$bundles" ] || { echo "the worker answered $answered of $bundles: $work/worker.out" >&2; exit 1; }
  read -r wall user sys rss < "$work/worker.time"
  awk -v n="$bundles" -v wall="$wall" -v cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" -v rss="$rss" '
    # -Xlog:gc+heap=info: per collection "DefNew: A(..)->B(..) Eden: E(..)->.." and "Tenured: T1(..)->T2(..)";
    # -Xlog:gc: the pause of each, "Pause Young (...) ... 7.214ms" or "Pause Full".
    function kb(s) { sub(/K.*/, "", s); return s + 0 }
    /DefNew:/ { for (i = 1; i <= NF; i++) { if ($i == "DefNew:") { split($(i + 1), d, "->"); surv += kb(d[2]) }
                                            if ($i == "Eden:") { split($(i + 1), e, "->"); eden += kb(e[1]) } }
                id = $0; sub(/.*GC\(/, "", id); sub(/\).*/, "", id); young[id] = 1 }
    /Tenured:/ { id = $0; sub(/.*GC\(/, "", id); sub(/\).*/, "", id)
                 for (i = 1; i <= NF; i++) if ($i == "Tenured:") { split($(i + 1), t, "->") }
                 if (id in young) { p = kb(t[2]) - kb(t[1]); if (p > 0) promoted += p } }
    /Pause Young/ { ny++; py += $NF + 0 }
    /Pause Full/ { nf++; pf += $NF + 0 }
    END {
      printf "  %.2f s wall, %.3f s CPU a bundle, peak RSS %d MB\n", wall, cpu / n, rss / 1024
      printf "  a bundle: %.1f young collections (%.1f ms of pauses), %.2f full (%.1f ms);", ny / n, py / n, nf / n, pf / n
      printf " %.1f MB allocated, %.1f MB promoted, %.1f MB left in the survivor space\n", eden / 1024 / n, promoted / 1024 / n, surv / 1024 / n
    }' "$work/worker-gc.log"
done
