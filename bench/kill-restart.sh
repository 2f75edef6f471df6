#!/usr/bin/env bash
# Fault injection by hand: kill -9 the packaged server mid-upload and mid-diagnosis, restart it, check that nothing
# is stuck, left behind or lost. The same steps as KilledServerRecoversIT (failsafe), with curl, for trying on a
# machine or against another build; it prints one line per check and exits 1 when one fails.
#   bench/kill-restart.sh
#   PORT=18382, WORK=/tmp/patchdesk-kill-restart, UPLOAD_MB=400, BUNDLE_MB=240, HEAP=384m
# Needs the server jar (mvn -B -DskipTests package), curl and python3. Runs on its own H2 database in WORK.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${PORT:-18382}"
work="${WORK:-/tmp/patchdesk-kill-restart}"
upload_mb="${UPLOAD_MB:-400}"
bundle_mb="${BUNDLE_MB:-240}"
heap="${HEAP:-384m}"
admin="faults-admin@patchdesk.local"
password="faults-Quartz-$$-pelican"
jar="$here/patchdesk-server/target/patchdesk-server.jar"
fixtures="$here/patchdesk-diagnosis/src/test/resources"
[ -f "$jar" ] || { echo "build first: mvn -B -DskipTests package" >&2; exit 2; }
rm -rf "$work"; mkdir -p "$work"
data="$work/data"
base="http://127.0.0.1:$port"
server=""
failures=0
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null || true' EXIT

start() {
  java -Xmx"$heap" -jar "$jar" --server.port="$port" --patchdesk.data-dir="$data" \
    --patchdesk.admin.email="$admin" --patchdesk.admin.password="$password" \
    --patchdesk.jobs.workers=1 --patchdesk.jobs.lease=PT40S --patchdesk.diagnosis.child-heap=256m \
    --management.endpoint.health.probes.enabled=true >> "$work/server.log" 2>&1 &
  server=$!
  # Crash recovery runs on ApplicationReadyEvent; readiness accepts traffic only after it.
  for _ in $(seq 1 240); do
    curl -fsS "$base/actuator/health/readiness" >/dev/null 2>&1 && { echo "server $server ready"; return; }
    kill -0 "$server" 2>/dev/null || { tail -50 "$work/server.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "server did not start" >&2; exit 1
}
kill9() { kill -9 "$server"; wait "$server" 2>/dev/null || true; echo "server $server killed with SIGKILL"; }
check() { # $1 description, $2.. command that must succeed
  local what="$1"; shift
  if "$@"; then echo "ok    $what"; else echo "FAIL  $what"; failures=$((failures + 1)); fi
}
api() { curl -fsS -u "$admin:$password" -H 'Content-Type: application/json' "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
open_case() { api -X POST "$base/api/cases" -d "{\"title\":\"$1\",\"priority\":\"P3\",\"organisationId\":$org,\"language\":\"zh-CN\"}" | json "d['number']"; }
upload() { curl -fsS -u "$admin:$password" -H 'Content-Type: application/octet-stream' --data-binary "@$2" \
  "$base/api/cases/$1/files?name=$3"; }
diagnosis_status() { api "$base/api/cases/$1/diagnoses" | json "d[0]['status'] if d else 'none'"; }
await_status() { # $1 case, $2 status, $3 seconds
  for _ in $(seq 1 $(($3 * 4))); do [ "$(diagnosis_status "$1")" = "$2" ] && return 0; sleep 0.25; done
  return 1
}
parts() { find "$data/blobs" -name '*.part' 2>/dev/null; }

start
org=$(api -X POST "$base/api/organisations" -d '{"name":"故障注入银行"}' | json "d['id']")
kept=$(open_case "补丁安装失败 KB5032196（崩溃前）")
api -X POST "$base/api/cases/$kept/notes" -d '{"summary":"崩溃前的备注：客户已重启两次。","internal":false}' > /dev/null
python3 - "$fixtures/com/patchdesk/diagnosis/bundles/incomplete-download-then-not-found" "$work/small.zip" <<'PY'
import os, sys, zipfile
root, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for d, _, files in os.walk(root):
        for f in sorted(files):
            z.write(os.path.join(d, f), os.path.relpath(os.path.join(d, f), root))
PY
small_sha=$(sha256sum "$work/small.zip" | cut -d' ' -f1)
upload "$kept" "$work/small.zip" "CMGELogCollector_PC-001_20240105.zip" > /dev/null
await_status "$kept" done 120 || echo "the small bundle's diagnosis did not finish"

echo "--- 1. kill -9 during a ${upload_mb} MB upload"
receiving=$(open_case "上传中断 upload killed")
head -c "$((upload_mb * 1048576))" /dev/zero | curl -sS -o /dev/null -u "$admin:$password" -X POST -T - \
  -H 'Content-Type: application/octet-stream' "$base/api/cases/$receiving/files?name=big.zip" 2>/dev/null &
client=$!
for _ in $(seq 1 600); do
  part=$(parts | head -1)
  [ -n "$part" ] && [ "$(stat -c %s "$part")" -ge $((50 * 1048576)) ] && break
  sleep 0.1
done
echo "part file at $(($(stat -c %s "$part") / 1048576)) MB"
kill9
wait "$client" 2>/dev/null || true
check "the part file is there before the restart" test -f "$part"
start
check "no .part under blobs after the restart" test -z "$(parts)"
file_status=$(api "$base/api/cases/$receiving/files" | json "d[0]['status']")
check "the upload is FAILED on its case (is $file_status)" test "$file_status" = FAILED
check "the timeline says the upload failed" bash -c "curl -fsS -u '$admin:$password' '$base/api/cases/$receiving/entries' | grep -q 'Upload of big.zip failed'"

echo "--- 2. kill -9 during the diagnosis of a ${bundle_mb} MB bundle"
diagnosed=$(open_case "诊断中断 diagnosis killed")
python3 - "$work/big.zip" "$bundle_mb" "$fixtures/cbs/package-not-found-0x80070490.log" <<'PY'
import sys, zipfile
out, mb, failure = sys.argv[1], int(sys.argv[2]), open(sys.argv[3], "rb").read()
lines = [b"2023-12-29 08:%02d:%02d, Info                  CBS    Exec: Processing started.  Client: WindowsUpdateAgent, Session: 31078557_%d, Package: Package_for_RollupFix~31bf3856ad364e35~amd64~~17763.5122.1.4\r\n",
         b"2023-12-29 08:%02d:%02d, Info                  CSI    0000%x Component amd64_microsoft-windows-shell32_31bf3856ad364e35_10.0.17763.%d_none_ status 0x00000000\r\n"]
with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z, z.open("Logs/CBS/CBS.log", "w", force_zip64=True) as f:
    written, n, chunk = 0, 0, []
    while written < mb * 1048576:
        m, sec = (n // 120000) % 60, (n // 2000) % 60
        line = lines[0] % (m, sec, n) if n % 2 == 0 else lines[1] % (m, sec, n & 0xffff, n % 5122)
        chunk.append(line); written += len(line); n += 1
        if len(chunk) == 10000:
            f.write(b"".join(chunk)); chunk = []
    f.write(b"".join(chunk)); f.write(failure)
PY
upload "$diagnosed" "$work/big.zip" "CMGELogCollector_PC-002_20240105.zip" > /dev/null
rm -f "$work/big.zip"
await_status "$diagnosed" running 60 || echo "the diagnosis did not start"
# The attempt's folders: the bundle's (tmp/diagnosis/diagnosis-*) and, once the analysis child runs, its output
# (tmp/diagnosis/analyses/analysis-*).
for _ in $(seq 1 300); do
  attempt=$(find "$data/tmp/diagnosis" -maxdepth 2 \( -name 'diagnosis-*' -o -name 'analysis-*' \) 2>/dev/null)
  echo "$attempt" | grep -q '/analysis-' && break
  sleep 0.1
done
sleep 0.3
before_kill=$(diagnosis_status "$diagnosed")
echo "scratch of the running attempt: $(echo $attempt | xargs -n1 basename | tr '\n' ' ')($(du -shc $attempt | tail -1 | cut -f1) in all)"
kill9
check "the diagnosis was running when the server was killed (was $before_kill)" test "$before_kill" = running
start
after_restart=$(diagnosis_status "$diagnosed")
check "after the restart it is not shown running (is $after_restart)" test "$after_restart" != running
for folder in $attempt; do check "scratch $(basename "$folder") removed" test ! -e "$folder"; done
check "the diagnosis finishes after the restart" await_status "$diagnosed" done 180

echo "--- 3. nothing else lost"
check "the earlier case's note is there" bash -c "curl -fsS -u '$admin:$password' '$base/api/cases/$kept/entries' | grep -q '崩溃前的备注'"
file_id=$(api "$base/api/cases/$kept/files" | json "d[0]['id']")
got_sha=$(curl -fsS -u "$admin:$password" "$base/api/cases/$kept/files/$file_id/content" | sha256sum | cut -d' ' -f1)
check "the earlier case's file has the same bytes" test "$got_sha" = "$small_sha"
check "the earlier case's diagnosis is done" test "$(diagnosis_status "$kept")" = done
check "no .part under blobs" test -z "$(parts)"
echo "$failures failed"
[ "$failures" -eq 0 ]
