#!/usr/bin/env bash
# Patchdesk upload + automatic diagnosis benchmark: the server path against the command line on the same file.
# Prints figures; it is not a pass/fail test.
#   bench/upload-diagnose.sh
#   SIZE_MB=1024 (log size), LOG=mix|sparse (the real line mix, default, or the sparse generated log),
#   PORT=18080, WORK=/tmp/patchdesk-upload-bench, HEAP=512m (server -Xmx), CORPUS=../shared/corpus/public, POLL=0.25,
#   CLI=reuse (the CLI's figures of the previous run in WORK), RATE (curl --limit-rate of the upload, e.g. 100M), SERVER_OPTS (more server JVM flags or -Dpatchdesk.* settings), JAR (the server jar), WARM_WAIT=120 (longest wait
#   for the server's warm-up of its analysis children before the upload; 0 for a jar without it), STORE=s3 (the uploads
#   stored in S3: s3proxy in its own JVM on a folder of WORK, the S3 the tests use; default: the local folder),
#   VIA=link (the collector's way: a resumable tus upload through an upload link in PART_MB=4 parts from one process,
#   bench/lib/TusUpload.java, which paces its parts to RATE; default: one request to the API with curl)
# Needs the build: mvn -B -DskipTests package && mvn -B -q -pl patchdesk-diagnosis test-compile
#
# 1. generates a CBS.log of SIZE_MB (RealMixCbsLogGenerator: the line mix of real CBS logs with three failures
#    planted; LOG=sparse: CbsLogGenerator) and stores it uncompressed in bundle.zip, so the upload really is SIZE_MB;
# 2. baselines: `cat bundle.zip > /dev/null` and `curl file://bundle.zip -o copy-floor.zip` (same bytes, no server,
#    written into new memory: see below);
# 3. the CLI reference: `./patchdesk analyze bundle.zip --format json` on the launcher's Java and on the server's
#    Java (the PATH's `java`, which the server and its analysis children run on), wall, CPU and peak RSS;
# 4. starts the server jar with -Xmx$HEAP (and a GC log, for its peak heap) on a fresh H2 database and data folder;
# 5. uploads bundle.zip with curl (raw body, streamed) and polls GET /api/cases/{n}/diagnoses every POLL (0.25) s until the
#    diagnosis is done; prints upload, last byte -> findings stored, and the whole (upload start -> findings) against
#    the CLI's time (target: under 2x), the server's peak heap after GC and peak RSS, the analysis child's peak RSS,
#    and whether the server analysed the upload as it arrived (its log; SERVER_OPTS=-Dpatchdesk.diagnosis.arriving-analyses=0
#    for the server that analyses once stored).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size_mb="${SIZE_MB:-1024}"
kind="${LOG:-mix}"
port="${PORT:-18080}"
work="${WORK:-/tmp/patchdesk-upload-bench}"
heap="${HEAP:-512m}"
corpus="${CORPUS:-$here/../shared/corpus/public}"
jar="${JAR:-$here/patchdesk-server/target/patchdesk-server.jar}"
classes="$here/patchdesk-diagnosis/target/test-classes"
if [ ! -f "$jar" ] || [ ! -f "$classes/com/patchdesk/diagnosis/bench/RealMixCbsLogGenerator.class" ]; then
  echo "build first: mvn -B -DskipTests package && mvn -B -q -pl patchdesk-diagnosis test-compile" >&2
  exit 2
fi
command -v zip >/dev/null || { echo "needs zip (apt-get install zip)" >&2; exit 2; }
# shellcheck source=bench/lib/server.sh
. "$here/bench/lib/server.sh"

now() { local t=$EPOCHREALTIME; echo "${t/,/.}"; } # bash 5's clock: no process per reading
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.1f", (b / 1048576) / s; else printf "n/a" }'; }
load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown; }
# CPU seconds of a process and of its waited-for children (utime stime cutime cstime of /proc/PID/stat).
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); printf "%.2f", ($12 + $13 + $14 + $15) / hz }' "/proc/$1/stat"; }
# CPU seconds of the process itself only (utime stime): the server without its analysis children.
own_cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); printf "%.2f", ($12 + $13) / hz }' "/proc/$1/stat"; }

mkdir -p "$work"
bundle="$work/bundle-$kind-${size_mb}MB.zip"
if [ ! -f "$bundle" ]; then
  echo "generating $bundle ..." >&2
  rm -rf "$work/gen"; mkdir -p "$work/gen"
  if [ "$kind" = sparse ]; then
    java -cp "$classes" com.patchdesk.diagnosis.bench.CbsLogGenerator "$work/gen/CBS.log" "$size_mb"
  else
    java -cp "$classes" com.patchdesk.diagnosis.bench.RealMixCbsLogGenerator "$work/gen/CBS.log" "$size_mb" "$corpus" \
      2> "$work/gen/density"
  fi
  (cd "$work/gen" && zip -q -0 "$bundle" CBS.log) && rm -rf "$work/gen"
fi
bytes=$(stat -c %s "$bundle")
echo "upload-diagnose: $bundle, $((bytes / 1048576)) MB ($kind log, stored zip); load average before: $(load)"
echo "  commit $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$here" diff --quiet 2>/dev/null || echo ' (with changes)')"

cat "$bundle" > /dev/null # warm the page cache so every reader below starts from the same state
t0=$(now); cat "$bundle" > /dev/null; t1=$(now); cat_s=$(secs "$t0" "$t1")
# A reference copy: the same bytes written to a new file. On a virtual machine that hands freed memory back to its
# host, writing into memory the kernel has not used lately costs ten times what writing into memory freed moments
# ago does (3 s against 0.25 s per GiB here; docs/performance-history.md, "Fifth pass"), so this figure, like the
# upload's, depends on what was freed before it: a first copy takes up what was freed lately and the second is timed.
# Both are deleted before the server starts: kept, their 2 GiB of dirty pages were written back to the disk during the
# analysis and slowed it by a second.
rm_copies() { rm -f "$work/copy.zip" "$work/copy-floor.zip"; }
rm_copies
trap rm_copies EXIT
curl -sS "file://$bundle" -o "$work/copy.zip"
t0=$(now); curl -sS "file://$bundle" -o "$work/copy-floor.zip"; t1=$(now); copy_s=$(secs "$t0" "$t1")
rm_copies

# The CLI reference: wall, CPU (user + sys) and peak RSS of `./patchdesk analyze` on the same file, its own flags.
cli() { # LABEL [PATCHDESK_JAVA]
  local label="$1" java="${2:-}" wall cpu rss
  "$here/patchdesk" analyze "$here/patchdesk-diagnosis/src/test/resources/cbs/package-not-found-0x80070490.log" \
    > /dev/null # the launcher's start-up cache is made by the first analyze after a build: untimed
  (cd "$work" && PATCHDESK_JAVA="$java" /usr/bin/time -f "%e %U %S %M" -o "$work/cli.time" \
    "$here/patchdesk" analyze "$(basename "$bundle")" --format json > "$work/cli-$label.json" 2> "$work/cli-$label.err")
  read -r wall user sys rss < "$work/cli.time"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  echo "$wall" > "$work/cli-$label.wall"; echo "$cpu" > "$work/cli-$label.cpu"
  printf '  CLI %-30s %7.2f s wall  %7.2f s cpu  peak RSS %d MB  %s MB/s\n' "($label)" "$wall" "$cpu" \
    $((rss / 1024)) "$(mbps "$bytes" "$wall")"
}
echo "  the CLI on the same file (./patchdesk analyze FILE --format json, the launcher's flags):"
if [ "${CLI:-run}" = reuse ] && ls "$work"/cli-server*.cpu > /dev/null 2>&1; then
  echo "  (CLI=reuse: the CLI's figures of the previous run in $work)"
else
  rm -f "$work"/cli-*.wall "$work"/cli-*.cpu
  cli "launcher's $("$here/patchdesk" java-info | sed -n 's/^java: .*(\(.*\))/java \1/p')"
  server_java="$(command -v java)"
  cli "server's java $(java -version 2>&1 | sed -n '1s/.*"\(.*\)".*/\1/p')" "$server_java"
fi
cli_server_java=$(cat "$work"/cli-server*.wall)
cli_launcher=$(cat "$work"/cli-launcher*.wall)
cli_server_java_cpu=$(cat "$work"/cli-server*.cpu)

s3_args=()
if [ "${STORE:-local}" = s3 ]; then
  # shellcheck source=bench/lib/s3.sh
  . "$here/bench/lib/s3.sh"
  bench_s3_start
fi
trap 'bench_server_stop; [ "${STORE:-local}" = s3 ] && bench_s3_stop; rm_copies' EXIT
bench_server_start -Xlog:gc:file="$work/server-gc.log" -- ${s3_args[@]+"${s3_args[@]}"}
bench_token
org=$(bench_organisation "Bench bank")
number=$(bench_case "KB5032196 安装失败" P2 "$org")

peak_rss=0 child_rss=0 child_first="" child_last=""
# One process started per sample (ps for the children; the server's RSS is read with builtins): on 2 cores the
# samples and the polls compete with the analysis child, and every 0.1 s with four processes a sample they cost it a
# second of the 1 GiB's analysis.
sample_rss() {
  local key value rest rss args
  while read -r key value rest; do
    [ "$key" = VmRSS: ] && [ "$value" -gt "$peak_rss" ] && peak_rss=$value
  done 2>/dev/null < "/proc/$server/status" || true
  while read -r rss args; do
    [ "$rss" -gt "$child_rss" ] && child_rss=$rss
    # A child for one bundle (DiagnosisChild: the 1 GiB bundle is too big for the warm workers, which wait meanwhile).
    case "$args" in
      *DiagnosisChild*) child_last=$(now); [ -n "$child_first" ] || child_first=$child_last ;;
    esac
  done < <(ps -o rss= -o args= --ppid "$server" 2>/dev/null)
  true
}

# The collector's way (VIA=link): an upload link, then tus parts of PART_MB from one process (bench/lib/TusUpload.java,
# on the JDK's source launcher), as the collector sends them. Prints "STATUS SECONDS END" (see there).
tus_upload() {
  local link
  link=$(api -X POST "http://127.0.0.1:$port/api/cases/$number/upload-links" -d "{\"maxFiles\":1,\"maxBytes\":$bytes}" \
    | sed -E 's/.*"url":"([^"]+)".*/\1/')
  java -Xmx64m "$here/bench/lib/TusUpload.java" \
    "http://127.0.0.1:$port$(printf '%s' "$link" | sed -E 's#^https?://[^/]+##')/files" "$bundle" bundle.zip "${PART_MB:-4}" \
    ${RATE:+"$(numfmt --from=iec "$RATE")"} \
    2> "$work/upload.err"
}

bench_wait_warm
cpu0=$(cpu_of "$server"); own0=$(own_cpu_of "$server")
t0=$(now)
# RATE (e.g. 100M): the upload at most that many bytes a second, as over a customer's line rather than loopback.
if [ "${VIA:-api}" = link ]; then
  tus_upload > "$work/upload.status" &
else
  curl -sS ${RATE:+--limit-rate "$RATE"} -o "$work/upload.json" -w '%{http_code} %{time_total}' -H "Authorization: Bearer $token" -X POST -T "$bundle" \
    -H 'Content-Type: application/octet-stream' \
    "http://127.0.0.1:$port/api/cases/$number/files?name=bundle.zip" > "$work/upload.status" &
fi
upload=$!
while kill -0 "$upload" 2>/dev/null; do sample_rss; sleep 0.25; done
wait "$upload" || true
# curl's own measure of the upload: the samples above see its end only at their next turn.
read -r status upload_s upload_end < "$work/upload.status" || true
upload_s=${upload_s:-0}
t_uploaded=$(awk -v a="$t0" -v b="$upload_s" 'BEGIN { printf "%.6f", a + b }')
[ -n "${upload_end:-}" ] && t_uploaded=$upload_end # TusUpload.java says when its last part was answered
if [ "$status" != 201 ]; then
  echo "upload failed with HTTP $status: $(cat "$work/upload.json" 2>/dev/null)" >&2
  exit 1
fi

while true; do
  sample_rss
  diagnoses=$(api "http://127.0.0.1:$port/api/cases/$number/diagnoses")
  case "$diagnoses" in
    *'"status":"done"'*|*'"status":"failed"'*) break ;;
  esac
  sleep "${POLL:-0.25}"
done
t_found=$(now)
cpu1=$(cpu_of "$server"); own1=$(own_cpu_of "$server")
total_s=$(secs "$t0" "$t_found")
findings=$(printf '%s' "$diagnoses" | grep -o '"ruleId":"[a-z-]*"' | sort -u | sed 's/"ruleId"://; s/"//g' | tr '\n' ' ')
# The largest heap occupancy the GC log shows (before a collection), in MB.
peak_heap=$(grep -o '[0-9]*M->[0-9]*M([0-9]*M)' "$work/server-gc.log" | awk -F'[M>(-]' '{ if ($1 > m) m = $1 } END { print m + 0 }')

echo "  cat > /dev/null                  $(printf '%7.2f' "$cat_s") s  $(mbps "$bytes" "$cat_s") MB/s"
echo "  curl file:// copy to a new file  $(printf '%7.2f' "$copy_s") s  $(mbps "$bytes" "$copy_s") MB/s  (into new memory)"
echo "  server -Xmx$heap, case $number, uploads stored in ${STORE:-local}:"
[ "${VIA:-api}" = link ] && echo "  the upload: through an upload link, tus parts of ${PART_MB:-4} MB (bench/lib/TusUpload.java);" \
  "its $(cat "$work/upload.err") (the server stores the whole upload before it answers the last part)"
echo "  curl upload to the server        $(printf '%7.2f' "$upload_s") s  $(mbps "$bytes" "$upload_s") MB/s  (stored, SHA-256 computed)"
echo "  last byte -> findings stored     $(printf '%7.2f' "$(secs "$t_uploaded" "$t_found")") s  (job pickup, child JVM analysis, storing)"
[ -n "$child_first" ] && echo "    of which the analysis child JVM (seen by the samples every ${POLL:-0.25} s): from $(secs "$t_uploaded" "$child_first") s" \
  "to $(secs "$t_uploaded" "$child_last") s after the last byte"
echo "  upload start -> findings stored  $(printf '%7.2f' "$total_s") s  = $(awk -v t="$total_s" -v c="$cli_server_java" 'BEGIN { printf "%.2f", t / c }')x the CLI on the server's java," \
  "$(awk -v t="$total_s" -v c="$cli_launcher" 'BEGIN { printf "%.2f", t / c }')x on the launcher's (target < 2x)"
echo "  CPU of the server and its analysis child, upload start -> findings: $(secs "$cpu0" "$cpu1") s =" \
  "$(awk -v a="$cpu0" -v b="$cpu1" -v c="$cli_server_java_cpu" 'BEGIN { printf "%.2f", (b - a) / c }')x the CLI's CPU on the server's java" \
  "(server $(secs "$own0" "$own1") s: upload, storing, its own work meanwhile; child $(awk -v a="$cpu0" -v b="$cpu1" -v c="$own0" -v d="$own1" 'BEGIN { printf "%.2f", (b - a) - (d - c) }') s)"
echo "  diagnosis status: $(printf '%s' "$diagnoses" | grep -o '"status":"[a-z]*"' | head -1), rules: $findings"
# A server that analyses large uploads as they arrive (patchdesk.diagnosis.arriving-from) says so in its log.
arrived=$(grep -o 'analysing the upload .* as it arrives, from its first [0-9]* bytes\|followed it as it arrived .*' \
  "$work/server.log" | tr '\n' ';' || true)
echo "  analysed as it arrived: ${arrived:-no (analysed once stored)}"
echo "  CLI rules (launcher):  $(grep -o '"ruleId" : "[a-z-]*"' "$work"/cli-launcher*.json | sort -u | sed 's/"ruleId" : //; s/"//g' | tr '\n' ' ')"
echo "  server peak heap (GC log, before a collection): ${peak_heap} MB of $heap; peak RSS: $((peak_rss / 1024)) MB;" \
  "analysis child peak RSS: $((child_rss / 1024)) MB"
echo "  load average after: $(load)"
