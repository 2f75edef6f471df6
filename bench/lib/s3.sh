# Sourced by the benchmark scripts that can store uploads in S3 (STORE=s3): s3proxy, the S3 the tests use, in its own
# JVM on a filesystem folder of "$work", with one bucket. The caller sets work and here, and calls bench_s3_stop at exit.
bench_s3_key="bench-s3"
bench_s3_secret="bench-s3-secret-$$"

# bench_s3_start: starts s3proxy; sets s3 (its pid) and s3_args (the server's --patchdesk.storage.* arguments).
bench_s3_start() {
  local jar="$here/patchdesk-server/target/s3proxy/s3proxy.jar" s3_port=$((port + 1))
  [ -f "$jar" ] || { echo "STORE=s3 needs $jar: mvn -B -q -pl patchdesk-server generate-test-resources" >&2; exit 2; }
  rm -rf "$work/s3"; mkdir -p "$work/s3/data/patchdesk" # the filesystem backend's bucket is a folder
  cat > "$work/s3/s3proxy.properties" <<PROPERTIES
s3proxy.endpoint=http://127.0.0.1:$s3_port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$bench_s3_key
s3proxy.credential=$bench_s3_secret
jclouds.provider=filesystem
jclouds.filesystem.basedir=$work/s3/data
jclouds.identity=$bench_s3_key
jclouds.credential=$bench_s3_secret
PROPERTIES
  java -Xmx256m -jar "$jar" --properties "$work/s3/s3proxy.properties" > "$work/s3/s3proxy.log" 2>&1 &
  s3=$!
  local ready=""
  for _ in $(seq 1 60); do
    (exec 3<>"/dev/tcp/127.0.0.1/$s3_port") 2>/dev/null && { ready=yes; break; }
    kill -0 "$s3" 2>/dev/null || { echo "s3proxy did not start: $work/s3/s3proxy.log" >&2; exit 1; }
    sleep 0.5
  done
  [ -n "$ready" ] || { echo "s3proxy did not listen on $s3_port in 30 s: $work/s3/s3proxy.log" >&2; exit 1; }
  s3_args=(--patchdesk.storage.type=s3 --patchdesk.storage.s3.endpoint="http://127.0.0.1:$s3_port"
    --patchdesk.storage.s3.bucket=patchdesk --patchdesk.storage.s3.access-key="$bench_s3_key"
    --patchdesk.storage.s3.secret-key="$bench_s3_secret")
}

bench_s3_stop() {
  if [ -n "${s3:-}" ]; then
    kill "$s3" 2>/dev/null || true
    wait "$s3" 2>/dev/null || true
  fi
}
