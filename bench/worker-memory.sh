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
# and CPU per bundle and, from the GC log, per bundle: young and full collections, MB allocated (eden filled by the
# collections: not what goes to the old generation directly, nor what the last collection left), MB promoted to the
# old generation by young collections, MB copied into the survivor space, and the pauses (averages over all bundles,
# the worker's first, uncompiled ones included). The flags are those of the jar's own analysis-jvm.conf. The counts and
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
# shellcheck source=bench/lib/bundles.sh
. "$here/bench/lib/bundles.sh"
if [ ! -f "$jar" ] || [ ! -f "$classes/com/patchdesk/diagnosis/bench/RealMixCbsLogGenerator.class" ]; then
  echo "build first: mvn -B -DskipTests package && mvn -B -q -pl patchdesk-diagnosis test-compile" >&2
  exit 2
fi
case "$work" in
  *[%+\ ]*) echo "WORK must not hold %, + or spaces (the worker's requests are URL-encoded): $work" >&2; exit 2 ;;
esac
bench_make_bundles

# The server jar extracted as the server extracts it for its children (ExtractedRuntime).
runtime="$work/worker-runtime"
rm -rf "$runtime"
java -Djarmode=tools -jar "$jar" extract --destination "$runtime" > /dev/null
runtime_jar="$runtime/$(basename "$jar")"
# The worker's flags from the jar's own engine (analysis-jvm.conf), as that jar's server would give them.
engine_jars=("$runtime"/lib/patchdesk-diagnosis-*.jar)
conf=$(unzip -p "${engine_jars[0]}" com/patchdesk/diagnosis/analysis-jvm.conf) \
  || { echo "no analysis-jvm.conf in ${engine_jars[0]} (needs unzip)" >&2; exit 2; }
flags=()
while IFS='=' read -r key value || [ -n "$key" ]; do
  case "$key" in
    warm_worker|always) read -r -a words <<< "$value"; flags+=("${words[@]}") ;;
  esac
done <<< "$conf"

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
  status=0
  # One GC log file however long the run (the JVM rotates at 20 MB by default).
  # shellcheck disable=SC2086
  /usr/bin/time -f "%e %U %S %M" -o "$work/worker.time" java -Xmx"$heap" -XX:+ExitOnOutOfMemoryError "${flags[@]}" \
    ${WORKER_OPTS:-} -Xlog:gc,gc+heap=info:file="$work/worker-gc.log"::filecount=0 -Dfile.encoding=UTF-8 \
    -Dpatchdesk.parent-pid=$$ -cp "$runtime_jar" com.patchdesk.server.diagnoses.AnalysisWorker \
    < "$requests" > "$work/worker.out" 2>&1 || status=$?
  answered=$(grep -c '^ok' "$work/worker.out" || true)
  if [ "$status" != 0 ] || [ "$answered" != "$bundles" ]; then
    echo "the worker exited with $status after answering $answered of $bundles: $work/worker.out" >&2
    exit 1
  fi
  # GNU time's last line holds the figures (a line before it says how a failed command ended).
  read -r wall user sys rss < <(tail -n 1 "$work/worker.time")
  awk -v n="$bundles" -v wall="$wall" -v cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" -v rss="$rss" '
    # -Xlog:gc+heap=info: per collection "DefNew: A(..)->B(..) Eden: E(..)->.." and "Tenured: T1(..)->T2(..)";
    # -Xlog:gc: the pause of each, "Pause Young (...) ... 7.214ms" or "Pause Full".
    # A full collection logs DefNew and Tenured lines too, and its Pause line comes after them: the figures of each
    # collection are kept by its number and added up at the end for the young ones only.
    function kb(s) { sub(/K.*/, "", s); return s + 0 }
    function gc_id(line) { sub(/.*GC\(/, "", line); sub(/\).*/, "", line); return line }
    /DefNew:/ { id = gc_id($0)
                for (i = 1; i <= NF; i++) { if ($i == "DefNew:") { split($(i + 1), d, "->"); survivors[id] = kb(d[2]) }
                                            if ($i == "Eden:") { split($(i + 1), e, "->"); eden[id] = kb(e[1]) } } }
    /Tenured:/ { id = gc_id($0)
                 for (i = 1; i <= NF; i++) if ($i == "Tenured:") { split($(i + 1), t, "->"); grew[id] = kb(t[2]) - kb(t[1]) } }
    /Pause Young/ { young[gc_id($0)] = 1; ny++; py += $NF + 0 }
    /Pause Full/ { nf++; pf += $NF + 0 }
    END {
      for (id in young) { allocated += eden[id]; surv += survivors[id]; if (grew[id] > 0) promoted += grew[id] }
      printf "  %.2f s wall, %.3f s CPU a bundle, peak RSS %d MB\n", wall, cpu / n, rss / 1024
      printf "  a bundle: %.1f young collections (%.1f ms of pauses), %.2f full (%.1f ms);", ny / n, py / n, nf / n, pf / n
      printf " %.1f MB allocated, %.1f MB promoted, %.1f MB copied into the survivor space\n", allocated / 1024 / n, promoted / 1024 / n, surv / 1024 / n
    }' "$work/worker-gc.log"
done
