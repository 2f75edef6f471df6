#!/usr/bin/env bash
# Patchdesk upload alone: where the server's CPU goes while it stores a big upload. Prints figures, not pass/fail.
#   bench/upload-threads.sh [ROUNDS]      (default 3)
#   BUNDLE (default: the 1 GiB real-mix zip bench/upload-diagnose.sh made in its WORK), JAR, PORT=18090,
#   WORK=/tmp/patchdesk-upload-threads, VIA=link (the collector's way: a resumable tus upload through an upload link in
#   PART_MB=4 parts from one process, bench/lib/TusUpload.java; default: one request to the API with curl)
# Starts the server jar with -Xmx512m and its job workers off (no diagnosis runs), uploads BUNDLE ROUNDS times to new
# cases, and prints each upload's wall time, curl's CPU, and the server's CPU by thread group (request threads
# "http-nio-", the upload writer "blob-writer-", the JIT), read from /proc/PID/task/*/stat before and after.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
port="${PORT:-18090}"
work="${WORK:-/tmp/patchdesk-upload-threads}"
jar="${JAR:-$here/patchdesk-server/target/patchdesk-server.jar}"
bundle="${BUNDLE:-/tmp/patchdesk-upload-bench/bundle-mix-1024MB.zip}"
[ -f "$bundle" ] || { echo "no $bundle: run bench/upload-diagnose.sh once, or give BUNDLE" >&2; exit 2; }
[ -f "$jar" ] || { echo "build first: mvn -B -DskipTests package" >&2; exit 2; }
heap=512m
# shellcheck source=bench/lib/server.sh
. "$here/bench/lib/server.sh"
mkdir -p "$work"
trap bench_server_stop EXIT
bench_server_start -Dpatchdesk.jobs.enabled=false
bench_token
org=$(bench_organisation "Bench bank")
bench_wait_warm
# CPU seconds by thread group: the name without its trailing number, utime + stime.
threads() {
  for t in /proc/"$server"/task/*; do
    awk -v hz="$(getconf CLK_TCK)" '{ n = $0; sub(/^[0-9]+ \(/, "", n); name = n; sub(/\).*/, "", name);
      sub(/.*\) /, "", n); split(n, f, " "); gsub(/[0-9]+$/, "", name); print name "\t" (f[12] + f[13]) / hz }' "$t/stat"
  done | awk -F'\t' '{ s[$1] += $2 } END { for (g in s) print g "\t" s[g] }' | sort
}
echo "upload-threads: $bundle, $(($(stat -c %s "$bundle") / 1048576)) MB, commit $(git -C "$here" rev-parse --short HEAD)"
for r in $(seq 1 "$rounds"); do
  number=$(bench_case "upload $r" P2 "$org")
  if [ "${VIA:-api}" = link ]; then
    link=$(api -X POST "http://127.0.0.1:$port/api/cases/$number/upload-links" \
      -d "{\"maxFiles\":1,\"maxBytes\":$(stat -c %s "$bundle")}" | sed -E 's/.*"url":"([^"]+)".*/\1/')
    threads > "$work/before"
    /usr/bin/time -f "%e %U %S" -o "$work/curl.time" java -Xmx64m "$here/bench/lib/TusUpload.java" \
      "http://127.0.0.1:$port$(printf '%s' "$link" | sed -E 's#^https?://[^/]+##')/files" "$bundle" bundle.zip \
      "${PART_MB:-4}" 2> "$work/upload.err" | cut -d' ' -f1 > "$work/status"
    client=TusUpload
  else
    threads > "$work/before"
    /usr/bin/time -f "%e %U %S" -o "$work/curl.time" curl -sS -o /dev/null -w '%{http_code}' \
      -H "Authorization: Bearer $token" -X POST -T "$bundle" -H 'Content-Type: application/octet-stream' \
      "http://127.0.0.1:$port/api/cases/$number/files?name=bundle.zip" > "$work/status"
    client=curl
  fi
  threads > "$work/after"
  read -r wall user sys < "$work/curl.time"
  printf '  upload %d: HTTP %s, %.2f s wall, %s %.2f s CPU; server CPU by thread:' "$r" "$(cat "$work/status")" \
    "$wall" "$client" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')"
  join -t $'\t' -a 2 -e 0 -o 0,1.2,2.2 "$work/before" "$work/after" \
    | awk -F'\t' '{ d = $3 - $2; if (d >= 0.05) printf "  %s %.2f", $1, d } END { print "" }'
  sleep 5
done
