#!/usr/bin/env bash
# Memory under oversized JSON bodies: a signed-in customer sends COUNT notes of SIZE_MB each at the same time.
# Prints, for each, the HTTP status, how many bytes left the client before the answer and how long it took, and the
# server's resident memory (VmRSS, and its peak VmHWM, from /proc/<pid>/status) before and after. Figures, not a
# test (BoundedRequestsTest is the test). Target (issue 20): each refused after at most the limit (1 MB) is read;
# RSS grows by less than 100 MB.
#   bench/big-bodies.sh
#   COUNT=6, SIZE_MB=100, PORT=18381, WORK=/tmp/patchdesk-big-bodies, HEAP=512m, MODE=chunked|declared|both
# Needs the server jar (mvn -B -DskipTests package).
#
# Reference in the same run: the same customer sends COUNT of the large ordinary notes (16,000 characters) at once first (accepted, 201), so
# the growth that any burst of requests causes is seen beside the growth the big bodies cause.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${COUNT:-6}"
size_mb="${SIZE_MB:-100}"
port="${PORT:-18381}"
work="${WORK:-/tmp/patchdesk-big-bodies}"
heap="${HEAP:-512m}"
mode="${MODE:-both}"
admin="bodies-admin@patchdesk.local"
password="bodies-Quartz-$$-pelican"
jar="$here/patchdesk-server/target/patchdesk-server.jar"
[ -f "$jar" ] || { echo "build first: mvn -B -DskipTests package" >&2; exit 2; }

rm -rf "$work"; mkdir -p "$work"
java -Xmx"$heap" -jar "$jar" --server.port="$port" --patchdesk.data-dir="$work/data" \
  --patchdesk.admin.email="$admin" --patchdesk.admin.password="$password" \
  --management.endpoint.health.probes.enabled=true > "$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
  curl -fsS "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 1
done
base="http://127.0.0.1:$port"
api() { local who="$1"; shift; curl -fsS -u "$who" -H 'Content-Type: application/json' "$@"; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
org=$(api "$admin:$password" -X POST "$base/api/organisations" -d '{"name":"大报文客户"}' | json "['id']")
customer="customer@bodies.example.cn"
customer_password="Lantern-quartz-$$-pelican-58"
api "$admin:$password" -X POST "$base/api/users" -d "{\"email\":\"$customer\",\"displayName\":\"客户 张\",\
\"password\":\"$customer_password\",\"role\":\"CUSTOMER\",\"organisationId\":$org}" > /dev/null
number=$(api "$customer:$customer_password" -X POST "$base/api/cases" \
  -d "{\"title\":\"更新失败 KB5032196\",\"priority\":\"P3\",\"language\":\"zh-CN\"}" | json "['number']")
notes="$base/api/cases/$number/notes"

mem() { awk '/VmRSS|VmHWM/ {printf "%s %d MB  ", $1, $2/1024}' "/proc/$server/status"; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
body() { # a JSON note whose summary is $1 MB of text
  printf '{"summary":"'; head -c "$(($1 * 1048576))" /dev/zero | tr '\0' 'a'; printf '"}'
}
send() { # $1 label, $2 size in MB, $3 chunked|declared
  local out="$work/$1.txt"
  if [ "$3" = chunked ]; then
    body "$2" | curl -sS -o /dev/null -u "$customer:$customer_password" -X POST -T - \
      -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' \
      -w '%{http_code} sent=%{size_upload} time=%{time_total}s\n' "$notes" > "$out" 2>&1 || true
  else
    body "$2" > "$work/$1.json"
    curl -sS -o /dev/null -u "$customer:$customer_password" -X POST --data-binary "@$work/$1.json" \
      -H 'Content-Type: application/json' \
      -w '%{http_code} sent=%{size_upload} time=%{time_total}s\n' "$notes" > "$out" 2>&1 || true
    rm -f "$work/$1.json"
  fi
}
burst() { # $1 label prefix, $2 size, $3 mode
  local pids=()
  for i in $(seq 1 "$count"); do send "$1-$i" "$2" "$3" & pids+=($!); done
  wait "${pids[@]}"
  for i in $(seq 1 "$count"); do echo "  $1-$i: $(cat "$work/$1-$i.txt")"; done
}
# A large ordinary note: a body of 16,000 characters, Chinese and ASCII (22 KB of JSON; 20,000 is the cap).
small_note() {
  python3 -c "import json; print(json.dumps({'summary':'日志摘录','body':('CBS 安装失败 0x80070490 '*40+'\n')[:950]*20}, ensure_ascii=False))" \
    > "$work/small.json"
}
small_note

sleep 5
echo "uptime: $(uptime)"
before=$(rss_kb)
echo "start:            $(mem)"
pids=()
for i in $(seq 1 "$count"); do
  curl -sS -o /dev/null -u "$customer:$customer_password" -H 'Content-Type: application/json' \
    --data-binary "@$work/small.json" -w "  small-$i: %{http_code} sent=%{size_upload}\n" "$notes" & pids+=($!)
done
wait "${pids[@]}"
after_small=$(rss_kb)
echo "after $count x 16,000-character notes (reference): $(mem)"
if [ "$mode" = chunked ] || [ "$mode" = both ]; then
  echo "$count x $size_mb MB JSON, chunked (no Content-Length), in parallel:"
  burst chunked "$size_mb" chunked
  after_chunked=$(rss_kb)
  echo "after chunked:    $(mem)"
fi
if [ "$mode" = declared ] || [ "$mode" = both ]; then
  echo "$count x $size_mb MB JSON, Content-Length declared, in parallel:"
  burst declared "$size_mb" declared
  echo "after declared:   $(mem)"
fi
after=$(rss_kb)
echo "RSS growth: reference burst $(((after_small - before) / 1024)) MB; big bodies $(((after - after_small) / 1024)) MB;" \
  "start to end $(((after - before) / 1024)) MB"
echo "uptime: $(uptime)"
curl -fsS -o /dev/null -w "server still answers: %{http_code}\n" -u "$customer:$customer_password" "$base/api/cases/$number"
