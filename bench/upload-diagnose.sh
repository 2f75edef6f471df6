#!/usr/bin/env bash
# Patchdesk upload + automatic diagnosis benchmark. Prints figures; it is not a pass/fail test.
#   bench/upload-diagnose.sh
#   SIZE_MB=1024 (bundle size), PORT=18080, WORK=/tmp/patchdesk-upload-bench, HEAP=512m (server -Xmx)
# Needs the build: mvn -B -DskipTests package && mvn -B -q -pl patchdesk-diagnosis test-compile
#
# 1. generates a CBS.log of SIZE_MB (the engine benchmark's generator, with the KB5032196 failure in it) and
#    stores it uncompressed in bundle.zip, so the upload really is SIZE_MB;
# 2. baselines: `cat bundle.zip > /dev/null` and `curl file://bundle.zip -o copy.zip` (same bytes, no server);
# 3. starts the server jar with -Xmx$HEAP on a fresh H2 database and data folder, opens a case;
# 4. uploads bundle.zip with curl (raw body, streamed) and prints its throughput next to the baselines;
# 5. polls GET /api/cases/{n}/diagnoses until the diagnosis is done and prints the time from the upload's last
#    byte (curl returning) to findings stored, plus the server's peak RSS.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size_mb="${SIZE_MB:-1024}"
port="${PORT:-18080}"
work="${WORK:-/tmp/patchdesk-upload-bench}"
heap="${HEAP:-512m}"
admin="bench-admin@patchdesk.local"
password="bench-password-$$"
jar="$here/patchdesk-server/target/patchdesk-server.jar"
classes="$here/patchdesk-diagnosis/target/test-classes"
if [ ! -f "$jar" ] || [ ! -f "$classes/com/patchdesk/diagnosis/bench/CbsLogGenerator.class" ]; then
  echo "build first: mvn -B -DskipTests package && mvn -B -q -pl patchdesk-diagnosis test-compile" >&2
  exit 2
fi
command -v zip >/dev/null || { echo "needs zip (apt-get install zip)" >&2; exit 2; }

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", (b / 1048576) / s }'; }

mkdir -p "$work"
bundle="$work/bundle-${size_mb}MB.zip"
if [ ! -f "$bundle" ]; then
  echo "generating $bundle ..." >&2
  java -cp "$classes" com.patchdesk.diagnosis.bench.CbsLogGenerator "$work/CBS.log" "$size_mb"
  (cd "$work" && zip -q -0 "$bundle" CBS.log && rm CBS.log)
fi
bytes=$(stat -c %s "$bundle")

cat "$bundle" > /dev/null # warm the page cache so every reader below starts from the same state
t0=$(now); cat "$bundle" > /dev/null; t1=$(now); cat_s=$(secs "$t0" "$t1")
t0=$(now); curl -sS "file://$bundle" -o "$work/copy.zip"; t1=$(now); copy_s=$(secs "$t0" "$t1")
rm -f "$work/copy.zip"

data="$work/data"
rm -rf "$data"
PATCHDESK_DATA="$data" PATCHDESK_ADMIN_EMAIL="$admin" PATCHDESK_ADMIN_PASSWORD="$password" \
  java -Xmx"$heap" -jar "$jar" --server.port="$port" > "$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && break
  sleep 1
done
api() { curl -fsS -u "$admin:$password" -H 'Content-Type: application/json' "$@"; }
org=$(api -X POST "http://127.0.0.1:$port/api/organisations" -d '{"name":"Bench bank"}' | sed -E 's/.*"id":([0-9]+).*/\1/')
number=$(api -X POST "http://127.0.0.1:$port/api/cases" \
  -d "{\"title\":\"KB5032196 安装失败\",\"priority\":\"P2\",\"organisationId\":$org,\"language\":\"en\"}" \
  | sed -E 's/.*"number":"([^"]+)".*/\1/')

peak_rss=0
sample_rss() { local r; r=$(ps -o rss= -p "$server" 2>/dev/null | tr -d ' '); [ -n "$r" ] && [ "$r" -gt "$peak_rss" ] && peak_rss=$r; true; }

t0=$(now)
curl -sS -o "$work/upload.json" -w '%{http_code}' -u "$admin:$password" -X POST -T "$bundle" \
  -H 'Content-Type: application/octet-stream' \
  "http://127.0.0.1:$port/api/cases/$number/files?name=bundle.zip" > "$work/upload.status" &
upload=$!
while kill -0 "$upload" 2>/dev/null; do sample_rss; sleep 0.2; done
wait "$upload"
t_uploaded=$(now)
upload_s=$(secs "$t0" "$t_uploaded")
status=$(cat "$work/upload.status")
if [ "$status" != 201 ]; then
  echo "upload failed with HTTP $status: $(cat "$work/upload.json")" >&2
  exit 1
fi

while true; do
  sample_rss
  diagnoses=$(api "http://127.0.0.1:$port/api/cases/$number/diagnoses")
  case "$diagnoses" in
    *'"status":"done"'*|*'"status":"failed"'*) break ;;
  esac
  sleep 0.5
done
t_found=$(now)
findings=$(printf '%s' "$diagnoses" | grep -o '"ruleId":"[a-z-]*"' | sort -u | sed 's/"ruleId"://; s/"//g' | tr '\n' ' ')

echo "bundle: $((bytes / 1048576)) MB (stored zip of one generated CBS.log), server -Xmx$heap, case $number"
echo "  cat > /dev/null              $(printf '%7.2f' "$cat_s") s  $(mbps "$bytes" "$cat_s") MB/s"
echo "  curl file:// copy to disk    $(printf '%7.2f' "$copy_s") s  $(mbps "$bytes" "$copy_s") MB/s"
echo "  curl upload to the server    $(printf '%7.2f' "$upload_s") s  $(mbps "$bytes" "$upload_s") MB/s  (stored, SHA-256 computed)"
echo "  last byte -> findings stored $(printf '%7.2f' "$(secs "$t_uploaded" "$t_found")") s  (job pickup, copy to scratch, child JVM analysis, storing)"
echo "  diagnosis status: $(printf '%s' "$diagnoses" | grep -o '"status":"[a-z]*"' | head -1), rules: $findings"
echo "  server peak RSS while uploading/diagnosing: $((peak_rss / 1024)) MB"
