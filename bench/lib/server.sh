# Sourced by the benchmark scripts that run the packaged server (upload-diagnose.sh, upload-threads.sh,
# bundles-per-hour.sh): start it on a fresh data folder, wait until it answers and has prepared its analysis
# children, and call the API with a token. The caller sets work, port, jar and heap first.
bench_admin="bench-admin@patchdesk.local"
bench_password="bench-password-$$"

# bench_server_start [JAVA_FLAG...] [-- SERVER_ARG...]: the server in the background on "$work/data", its output in
# "$work/server.log"; sets server (the pid). The caller's EXIT trap should call bench_server_stop.
bench_server_start() {
  local flags=() args=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do flags+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  args=("$@")
  rm -rf "$work/data"
  # SERVER_OPTS: more JVM flags or -Dpatchdesk.* settings, word-split on purpose.
  # shellcheck disable=SC2086
  PATCHDESK_DATA="$work/data" PATCHDESK_ADMIN_EMAIL="$bench_admin" PATCHDESK_ADMIN_PASSWORD="$bench_password" \
    java -Xmx"$heap" ${flags[@]+"${flags[@]}"} ${SERVER_OPTS:-} -jar "$jar" --server.port="$port" \
    ${args[@]+"${args[@]}"} > "$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 180); do
    curl -fsS "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && return 0
    kill -0 "$server" 2>/dev/null || { echo "the server did not start: $work/server.log" >&2; exit 1; }
    sleep 1
  done
  echo "the server did not answer in 180 s: $work/server.log" >&2
  exit 1
}

bench_server_stop() {
  if [ -n "${server:-}" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
}

# A server is up long before an upload: its start-up work and the warm-up of its analysis children (extraction of
# the jar, class archive; AnalysisWarmUp, logged when done) are not the benchmark's. WARM_WAIT=0 for a jar without it.
bench_wait_warm() {
  for _ in $(seq 1 "${WARM_WAIT:-120}"); do
    grep -q "Analysis children prepared\|Could not prepare the analysis children" "$work/server.log" && break
    sleep 1
  done
  sleep 2
}

# Sets token, an API token of the admin; every later call goes with it: HTTP Basic checks the password with bcrypt on
# each request, which cost the server 84 ms of CPU per poll (200 polls: 16.9 s) and was counted as the server path's.
bench_token() {
  token=$(curl -fsS -u "$bench_admin:$bench_password" -H 'Content-Type: application/json' \
    -X POST "http://127.0.0.1:$port/api/tokens" -d '{"name":"bench","scope":"WRITE","validDays":1}' \
    | sed -E 's/.*"token":"([^"]+)".*/\1/')
}

# api CURL_ARGS...: a JSON call with the token.
api() { curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }

# bench_organisation NAME: prints the new organisation's id.
bench_organisation() {
  api -X POST "http://127.0.0.1:$port/api/organisations" -d "{\"name\":\"$1\"}" | sed -E 's/.*"id":([0-9]+).*/\1/'
}

# bench_case TITLE PRIORITY ORGANISATION: prints the new case's number.
bench_case() {
  api -X POST "http://127.0.0.1:$port/api/cases" \
    -d "{\"title\":\"$1\",\"priority\":\"$2\",\"organisationId\":$3,\"language\":\"en\"}" \
    | sed -E 's/.*"number":"([^"]+)".*/\1/'
}
