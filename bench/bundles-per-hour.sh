#!/usr/bin/env bash
# Patchdesk bundles per hour: how many typical bundles one server diagnoses per hour on this machine.
# Prints figures; it is not a pass/fail test.
#   bench/bundles-per-hour.sh
#   BUNDLES=40 (uploads), VARIANTS=4 (distinct bundles, uploaded in turn, each to a case of its own),
#   CBS_MB=10 PERSIST_MB=6 DISM_MB=2 (log sizes in a bundle), PORT=18081, WORK=/tmp/patchdesk-bundles-bench,
#   HEAP=512m (server -Xmx), WORKERS (patchdesk.jobs.workers; default the server's, 2), JAR (server jar to run),
#   WARM_WAIT=120 (longest wait for the server's warm-up of its analysis children; 0 for a jar without it),
#   CORPUS=../shared/corpus/public, SERVER_OPTS (more server JVM flags or -Dpatchdesk.* settings)
# Needs the build: mvn -B -DskipTests package && mvn -B -q -pl patchdesk-diagnosis test-compile
#
# A typical bundle is a zip of what a collector takes from a machine, about 20 MB of logs (bench/lib/bundles.sh
# makes them). The server runs on a fresh H2 database and data folder; the
# script uploads BUNDLES bundles through the API, one case each, as fast as curl sends them, and waits until every
# diagnosis is done. bundles/hour = BUNDLES / (first upload's start -> last diagnosis stored). It also prints the CPU
# the server and its analysis children used per bundle (from /proc: steadier than wall time on a shared machine) and
# the CLI's time on one bundle as the reference.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bundles="${BUNDLES:-40}"
variants="${VARIANTS:-4}"
cbs_mb="${CBS_MB:-10}"
persist_mb="${PERSIST_MB:-6}"
dism_mb="${DISM_MB:-2}"
port="${PORT:-18081}"
work="${WORK:-/tmp/patchdesk-bundles-bench}"
heap="${HEAP:-512m}"
corpus="${CORPUS:-$here/../shared/corpus/public}"
jar="${JAR:-$here/patchdesk-server/target/patchdesk-server.jar}"
classes="$here/patchdesk-diagnosis/target/test-classes"
fixtures="$here/patchdesk-diagnosis/src/test/resources"
# shellcheck source=bench/lib/server.sh
. "$here/bench/lib/server.sh"
# shellcheck source=bench/lib/bundles.sh
. "$here/bench/lib/bundles.sh"
if [ ! -f "$jar" ] || [ ! -f "$classes/com/patchdesk/diagnosis/bench/RealMixCbsLogGenerator.class" ]; then
  echo "build first: mvn -B -DskipTests package && mvn -B -q -pl patchdesk-diagnosis test-compile" >&2
  exit 2
fi

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown; }
# CPU seconds of a process and of its waited-for children (utime stime cutime cstime of /proc/PID/stat).
# Plus the live children's own (utime stime): warm analysis workers outlive many bundles, and a child's CPU reaches
# cutime/cstime only once it has ended and been waited for.
cpu_of() {
  local hz; hz=$(getconf CLK_TCK)
  { cat "/proc/$1/stat"; for child in $(ps --ppid "$1" -o pid= 2>/dev/null); do
      sed 's/^/child /' "/proc/$child/stat" 2>/dev/null || true; done; } |
    awk -v hz="$hz" '{ child = ($1 == "child"); sub(/.*\) /, "");
      t += child ? $12 + $13 : $12 + $13 + $14 + $15 } END { printf "%.2f", t / hz }'
}
# CPU seconds of the process itself, all its threads (utime stime): the server's share of cpu_of.
own_cpu_of() {
  sed 's/.*) //' "/proc/$1/stat" | awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($12 + $13) / hz }'
}
bench_make_bundles
log_mb=$(awk -v b="$(cat "$first.logbytes")" 'BEGIN { printf "%.1f", b / 1048576 }')
echo "bundles-per-hour: $bundles uploads of $variants bundles ($log_mb MB of logs, a $zip_mb MB zip each);" \
  "load average before: $(load)"
echo "  commit $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$here" diff --quiet 2>/dev/null || echo ' (with changes)'), server jar $jar"

# The CLI reference: one bundle, JVM start included, on the server's Java (the PATH's) and the launcher's.
"$here/patchdesk" analyze "$fixtures/cbs/package-not-found-0x80070490.log" > /dev/null # makes the start-up cache
PATCHDESK_JAVA="$(command -v java)" "$here/patchdesk" analyze "$fixtures/cbs/package-not-found-0x80070490.log" > /dev/null
for java in "$(command -v java)" ""; do
  PATCHDESK_JAVA="$java" /usr/bin/time -f "%e %U %S" -o "$work/cli.time" "$here/patchdesk" analyze "$first" \
    --format json > "$work/cli.json" 2> /dev/null
  read -r wall user sys < "$work/cli.time"
  echo "  CLI on one bundle ($( [ -n "$java" ] && echo "the server's java" || echo "the launcher's java")):" \
    "$wall s wall, $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }') s cpu"
done

workers_opt=()
[ -n "${WORKERS:-}" ] && workers_opt=(--patchdesk.jobs.workers="$WORKERS")
trap bench_server_stop EXIT
bench_server_start -- --patchdesk.limits.uploads-per-minute=100000 ${workers_opt[@]+"${workers_opt[@]}"}
bench_wait_warm
bench_token
org=$(bench_organisation "Fleet bank")
cases=()
for i in $(seq 1 "$bundles"); do
  cases+=("$(bench_case "Machine $i: KB5032196 fails" P3 "$org")")
done

cpu0=$(cpu_of "$server")
own0=$(own_cpu_of "$server")
t0=$(now)
for i in $(seq 1 "$bundles"); do
  v=$(( (i - 1) % variants + 1 ))
  status=$(curl -sS -o "$work/upload.json" -w '%{http_code}' -H "Authorization: Bearer $token" -X POST \
    -T "$(bench_bundle_path "$v")" -H 'Content-Type: application/octet-stream' \
    "http://127.0.0.1:$port/api/cases/${cases[$((i - 1))]}/files?name=machine-$i.zip")
  [ "$status" = 201 ] || { echo "upload $i failed with HTTP $status: $(cat "$work/upload.json")" >&2; exit 1; }
done
t_uploaded=$(now)

# Waits for the diagnoses in upload order, one request at a time: the job queue takes bundles in that order, so
# when the oldest pending one is done the next is looked at at once, and otherwise after 0.25 s. (Asking about every
# pending case every 0.2 s was up to 40 curl processes and requests a round, on the 2 cores the server works on.)
failed=0
deadline=$((SECONDS + ${TIMEOUT:-1800})) # a diagnosis that never ends stops the run instead of hanging it
for number in "${cases[@]}"; do
  while true; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "case $number not diagnosed after ${TIMEOUT:-1800} s" >&2; exit 1; }
    d=$(api "http://127.0.0.1:$port/api/cases/$number/diagnoses")
    case "$d" in
      *'"status":"done"'*) break ;;
      *'"status":"failed"'*) failed=$((failed + 1)); break ;;
    esac
    sleep 0.25
  done
done
t_done=$(now)
cpu1=$(cpu_of "$server")
own1=$(own_cpu_of "$server")
elapsed=$(secs "$t0" "$t_done")
rules=$(api "http://127.0.0.1:$port/api/cases/${cases[0]}/diagnoses" | grep -o '"ruleId":"[a-z-]*"' | sort -u \
  | sed 's/"ruleId"://; s/"//g' | tr '\n' ' ')

echo "  server -Xmx$heap, jobs.workers ${WORKERS:-2 (default)}; $(nproc) cores"
echo "  uploads sent in $(secs "$t0" "$t_uploaded") s; all $bundles diagnosed ($failed failed) after $elapsed s"
echo "  bundles per hour: $(awk -v n="$bundles" -v s="$elapsed" 'BEGIN { printf "%.0f", n * 3600 / s }')" \
  "($(awk -v n="$bundles" -v s="$elapsed" 'BEGIN { printf "%.2f", s / n }') s a bundle)"
echo "  CPU of the server and its analysis children: $(awk -v a="$cpu0" -v b="$cpu1" -v n="$bundles" 'BEGIN { printf "%.2f s a bundle (%.1f s in all)", (b - a) / n, b - a }')"
echo "  of which the server itself (uploads, API, jobs, storing; its JIT too): $(awk -v a="$own0" -v b="$own1" -v n="$bundles" 'BEGIN { printf "%.2f s a bundle", (b - a) / n }');" \
  "its analysis workers: $(awk -v a="$cpu0" -v b="$cpu1" -v c="$own0" -v d="$own1" -v n="$bundles" 'BEGIN { printf "%.2f s a bundle", ((b - a) - (d - c)) / n }')"
# The database grows with every diagnosis (its reports, findings, timeline); H2 also keeps old copies of pages
# until it compacts.
echo "  database folder after the run: $(du -sh "$work/data/db" 2>/dev/null | cut -f1)"
echo "  rules of the first bundle: $rules"
echo "  load average after: $(load)"
