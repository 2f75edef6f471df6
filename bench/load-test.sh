#!/usr/bin/env bash
# Patchdesk load test: 20 API clients with personal tokens listing and searching 10,000 cases on PostgreSQL.
# Prints figures and Gatling's report folder; exits non-zero when Gatling's assertions fail (an error, or p95 of
# list or search at 100 ms or more). Not part of `mvn verify`.
#   bench/load-test.sh
#   MAVEN_OFFLINE= (empty: let Maven fetch the Gatling plugin's dependencies; default -o)
#   CASES=10000, CLIENTS=20, DURATION=60 (s, measured), WARM_UP=20 (s), PORT=18090, DB=patchdesk_load (dropped and
#   made again), PGHOST=127.0.0.1, PGUSER=postgres, WORK=/tmp/patchdesk-load, HEAP=512m, SERVER_JAVA_OPTS (more
#   flags for the server's JVM, e.g. -XX:StartFlightRecording=filename=/tmp/load.jfr,settings=profile)
# Needs the server jar (mvn -B -DskipTests package), PostgreSQL reachable as $PGUSER (createdb rights) and the
# Gatling plugin's dependencies (bench/load/pom.xml; the first run fetches them from Maven Central).
#
# 1. creates the database, starts the packaged server on it (migrations), three organisations, ten engineers and
#    ten customers, each of whom makes a personal READ token (POST /api/tokens) -> tokens.csv;
# 2. seeds CASES cases by SQL (titles in Chinese and English, KB numbers, error codes, statuses, priorities, spread
#    over a year) with two timeline entries each (the opening and a customer mail), and ANALYZEs;
# 3. runs bench/load/CaseListAndSearchSimulation (Gatling Java DSL): WARM_UP seconds, then DURATION seconds of
#    20 clients, each GET /api/cases?limit=50&offset=… then GET /api/cases?limit=50&q=… in a loop, no think time;
# 4. prints uptime before and after, the server's RSS, and the Gatling figures.
# The per-user search limit (120/min) is raised for the run: a client without think time would otherwise be
# answered 429 after its 120th search, and what is measured here is the query, not the limiter.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cases="${CASES:-10000}"
clients="${CLIENTS:-20}"
duration="${DURATION:-60}"
warm_up="${WARM_UP:-20}"
port="${PORT:-18090}"
db="${DB:-patchdesk_load}"
export PGHOST="${PGHOST:-127.0.0.1}" PGUSER="${PGUSER:-postgres}"
work="${WORK:-/tmp/patchdesk-load}"
heap="${HEAP:-512m}"
admin="load-admin@patchdesk.local"
password="load-bench-Quartz-$$-pelican"
jar="$here/patchdesk-server/target/patchdesk-server.jar"
[ -f "$jar" ] || { echo "build first: mvn -B -DskipTests package" >&2; exit 2; }
[ "$db" != test ] || { echo "DB=test is the test suite's database; use a throwaway one" >&2; exit 2; }

rm -rf "$work"; mkdir -p "$work"
dropdb --if-exists "$db"
createdb "$db"

java ${SERVER_JAVA_OPTS:-} -Xmx"$heap" -jar "$jar" --server.port="$port" \
  --spring.datasource.url="jdbc:postgresql://$PGHOST:5432/$db" --spring.datasource.username="$PGUSER" \
  --spring.datasource.password="${PGPASSWORD:-}" --patchdesk.data-dir="$work/data" \
  --patchdesk.admin.email="$admin" --patchdesk.admin.password="$password" \
  --management.endpoint.health.probes.enabled=true \
  --patchdesk.limits.searches-per-minute=1000000 > "$work/server.log" 2>&1 &
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

orgs=()
for name in "华东商业银行" "Northwind Insurance" "深圳证券交易服务"; do
  orgs+=("$(api "$admin:$password" -X POST "$base/api/organisations" -d "{\"name\":\"$name\"}" | json "['id']")")
done
echo "token,role" > "$work/tokens.csv"
user_password="Lantern-quartz-$$-pelican-58"
for i in $(seq 1 "$clients"); do
  if [ $((i % 2)) -eq 0 ]; then
    role=CUSTOMER; org=",\"organisationId\":${orgs[$((i % 3))]}"; who="客户$i"
  else
    role=ENGINEER; org=""; who="Engineer $i"
  fi
  email="load-$i@patchdesk.local"
  api "$admin:$password" -X POST "$base/api/users" -d "{\"email\":\"$email\",\"displayName\":\"$who\",\
\"password\":\"$user_password\",\"role\":\"$role\"$org}" > /dev/null
  token=$(api "$email:$user_password" -X POST "$base/api/tokens" \
    -d '{"name":"load test","scope":"READ","validDays":1}' | json "['token']")
  echo "$token,$role" >> "$work/tokens.csv"
done

t0=$(date +%s.%N)
psql -q -v ON_ERROR_STOP=1 -d "$db" -v cases="$cases" -v orgs="${orgs[*]}" <<'SQL'
WITH words AS (
  SELECT ARRAY['补丁安装失败','累积更新回滚','服务器重启后蓝屏','数据库服务无法启动','证书过期导致更新失败',
               '打印机驱动更新后无法打印','域控制器更新卡在 35%','磁盘空间不足','Cumulative update fails',
               'Servicing stack update rollback','Exchange server patch stuck','SQL Server update error',
               'Update fails after reboot','.NET Framework update loop','Windows Update 错误','WSUS 同步失败'] AS titles,
         ARRAY['KB5032196','KB5034441','KB5031361','KB5033371','KB5034127','KB5035845'] AS kbs,
         ARRAY['0x80070490','0x800f081f','0x80073712','0x8024402c','0x800f0922'] AS errors,
         ARRAY['NEW','SCOPING','INVESTIGATING','WAITING_FOR_CUSTOMER','RESOLVED','CLOSED'] AS statuses,
         string_to_array(:'orgs', ' ')::bigint[] AS orgs
), made AS (
  INSERT INTO cases (number, title, description, priority, status, organisation_id, reported_kb, reported_error,
                     language, created_at, updated_at, first_response_due_at, next_update_due_at)
  SELECT 'CAS-' || lpad((10000 + i)::text, 5, '0') || '-' || upper(substr(md5('load' || i), 1, 6)),
         w.titles[1 + i % 16] || ' ' || w.kbs[1 + i % 6] || ' #' || i,
         '客户报告：' || w.titles[1 + (i * 7) % 16] || '，错误 ' || w.errors[1 + i % 5] || '。Machine PC-' || (i % 900),
         'P' || (1 + i % 4), w.statuses[1 + (i * 13) % 6], w.orgs[1 + i % array_length(w.orgs, 1)],
         w.kbs[1 + i % 6], w.errors[1 + i % 5], CASE WHEN i % 3 = 0 THEN 'en' ELSE 'zh-CN' END,
         now() - (i || ' minutes')::interval * 50, now() - (i || ' minutes')::interval * 20,
         now() + interval '4 hours' - (i || ' minutes')::interval, now() + interval '1 day' - (i || ' minutes')::interval
  FROM words w, generate_series(1, :cases) AS i
  RETURNING id, created_at, title, reported_error
)
INSERT INTO case_entries (case_id, kind, occurred_at, summary, body, internal)
SELECT id, 'STATUS_CHANGE', created_at, 'Case opened', NULL, FALSE FROM made
UNION ALL
SELECT id, 'MAIL_IN', created_at + interval '5 minutes', 'it@customer.example.cn: 回复：' || title,
       '您好，更新仍然失败，错误代码 ' || reported_error || '。已附上 CBS.log，请协助分析。谢谢！', FALSE FROM made;
ANALYZE;
SQL
t1=$(date +%s.%N)
echo "seeded $cases cases ($(psql -tA -d "$db" -c 'SELECT COUNT(*) FROM case_entries') entries) in $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}') s"

echo "before: $(uptime)"
rss() { awk '/VmRSS|VmHWM/ {printf "%s %d MB  ", $1, $2/1024}' "/proc/$server/status"; }
echo "server: $(rss)"
# CPU seconds (user + system) of the server and of PostgreSQL's processes, to split the machine's time after the run.
cpu_of() { awk '{ printf "%.1f", ($14 + $15) / 100 }' "/proc/$1/stat"; }
pg_cpu() { ps -C postgres -o times= | awk '{ s += $1 } END { print s + 0 }'; }
server_cpu0=$(cpu_of "$server"); pg_cpu0=$(pg_cpu); t_run0=$(date +%s)
set +e
(cd "$here/bench/load" && mvn -B ${MAVEN_OFFLINE--o} gatling:test -Dgatling.simulationClass=patchdesk.load.CaseListAndSearchSimulation \
  -Dpatchdesk.url="$base" -Dpatchdesk.tokens="$work/tokens.csv" -Dpatchdesk.clients="$clients" \
  -Dpatchdesk.duration="$duration" -Dpatchdesk.warm-up="$warm_up") | tee "$work/gatling.log"
result=${PIPESTATUS[0]}
set -e
echo "after: $(uptime)"
echo "server: $(rss)"
echo "cpu during the Gatling run ($(( $(date +%s) - t_run0 )) s wall, warm-up included): server" \
  "$(awk -v a="$server_cpu0" -v b="$(cpu_of "$server")" 'BEGIN { printf "%.1f", b - a }') s," \
  "PostgreSQL $(( $(pg_cpu) - pg_cpu0 )) s; the rest of the machine's 2 cores went to Gatling and the neighbours"
report=$(ls -td "$here"/bench/load/target/gatling/*/ 2>/dev/null | head -1)
echo "report: $report"
exit "$result"
