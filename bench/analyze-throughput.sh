#!/usr/bin/env bash
# Patchdesk analyze benchmark. Prints figures; it is not a pass/fail test.
#   bench/analyze-throughput.sh [throughput|throughput-sparse|memory|cold|warm|all]
#   SIZE_MB=1024 (throughput file), RUNS=3 (throughput runs), BIG_MB=2048 (memory file), COLD_MB=10 (cold-start bundle),
#   HEAP=256m (analyze's -Xmx in throughput), WORK=/tmp/patchdesk-bench, CORPUS=../shared/corpus/public (real logs)
# Needs the build: mvn -B -DskipTests package && mvn -B -q -pl patchdesk-diagnosis test-compile
#   throughput: the headline. One real-mix CBS.log of SIZE_MB (RealMixCbsLogGenerator: line shapes and proportions of
#               the real CBS logs in CORPUS, three failures planted), `grep -c 0x80070490` (to a file) and
#               `patchdesk analyze --format json` at -Xmx$HEAP over the same file, taking turns RUNS times, with the
#               launcher's Java and the PATH's when that is another one; each run, then the medians: MB/s of each
#               and analyze/grep (target >= 0.5); then whether the report has each planted failure (found/MISSING)
#   throughput-sparse: the same on the sparse file of CbsLogGenerator (mostly lines the byte gate skips), the old
#               headline, kept as a second figure
#   memory:     analyze a BIG_MB real-mix file with -Xmx256m; exit status and peak RSS (target: succeeds)
#   cold:       `./patchdesk analyze` of a COLD_MB real-mix zip bundle (COLD_LOG=sparse: the sparse log), JVM start
#               included, best and worst of 5 (target < 1 s)
#   warm:       the compiled engine, as in a long-lived JVM: WARM_RUNS (5) analyses of the throughput file in one JVM;
#               the first pays for JIT warm-up, the best of the others against `grep -c` (a figure of its own)
#   threads:    one analyze of the throughput file and where its CPU goes, by thread: reader, part threads, evidence,
#               rules, JIT compilers, garbage collector (Linux only)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode="${1:-all}"
work="${WORK:-/tmp/patchdesk-bench}"
size_mb="${SIZE_MB:-1024}"
big_mb="${BIG_MB:-2048}"
cold_mb="${COLD_MB:-10}"
warm_runs="${WARM_RUNS:-5}"
runs="${RUNS:-3}"
heap="${HEAP:-256m}"
corpus="${CORPUS:-$here/../shared/corpus/public}"
mkdir -p "$work"

jar=$(ls "$here"/patchdesk-diagnosis/target/patchdesk-diagnosis-*-cli.jar 2>/dev/null | head -n 1 || true)
classes="$here/patchdesk-diagnosis/target/test-classes"
if [ -z "$jar" ] || [ ! -f "$classes/com/patchdesk/diagnosis/bench/RealMixCbsLogGenerator.class" ]; then
  echo "build first: mvn -B -DskipTests package && mvn -B -q -pl patchdesk-diagnosis test-compile" >&2
  exit 2
fi

now() { date +%s.%N; }
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.1f", (b / 1048576) / s; else printf "n/a" }'; }

generate() { # FILE MB: the sparse file
  if [ ! -f "$1" ] || [ "$(stat -c %s "$1")" -lt $(( $2 * 1048576 )) ]; then
    echo "generating $1 ($2 MB)..." >&2
    java -cp "$classes" com.patchdesk.diagnosis.bench.CbsLogGenerator "$1" "$2"
  fi
}

generate_mix() { # FILE MB: the real line mix; its density against the real sample is in FILE.density
  if [ ! -f "$1" ] || [ "$(stat -c %s "$1")" -lt $(( $2 * 1048576 )) ] || [ ! -f "$1.density" ]; then
    echo "generating $1 ($2 MB, real line mix from $corpus)..." >&2
    java -cp "$classes" com.patchdesk.diagnosis.bench.RealMixCbsLogGenerator "$1" "$2" "$corpus" 2> "$1.density"
  fi
}

# The failures RealMixCbsLogGenerator plants, and what the JSON report must show for each.
check_planted() { # JSON
  local json="$1"
  report_has "$json" 'SSU KB5032306 staged, not installed (0x800f0922) at 30%' \
    '"ruleId" : "ssu-prerequisite-failed"' 'KB5032306'
  report_has "$json" 'forward delta failed on wkscli.dll (0x800f0986) at 55%' \
    '"ruleId" : "forward-delta-failed"' 'wkscli.dll'
  report_has "$json" 'KB5032196 resolve failure (0x80070490) in a late session at 90%' \
    '"code" : "0x80070490"' "Failed to resolve package 'Package_2_for_KB5032196"
}

report_has() { # JSON LABEL PATTERN...: found when every pattern is in the report
  local json="$1" label="$2" p; shift 2
  for p in "$@"; do
    if ! grep -qF -- "$p" "$json"; then echo "  planted: MISSING  $label (no $p)"; return 0; fi
  done
  echo "  planted: found    $label"
}

timed() { # OUT CMD...: runs CMD, writes "wall cpu" seconds to OUT (cpu 0 when /usr/bin/time is missing)
  local out="$1" t0 t1; shift
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "%e %U %S" -o "$out.raw" "$@"
    awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$out.raw" > "$out"
  else
    t0=$(now); "$@"; t1=$(now)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f 0\n", b - a }' > "$out"
  fi
}

# The launcher's start-up cache (AOT cache on Java 25+, AppCDS archive before) is made by the first analyze after a
# build; make it here, untimed, for the launcher's Java and for the PATH's when that is another one.
prepare() {
  local sample="$here/patchdesk-diagnosis/src/test/resources/cbs/package-not-found-0x80070490.log"
  "$here/patchdesk" analyze "$sample" > /dev/null
  if other_java; then PATCHDESK_JAVA=java "$here/patchdesk" analyze "$sample" > /dev/null; fi
  "$here/patchdesk" java-info | sed 's/^/  launcher /'
}

# Whether `java` on the PATH is not the Java the launcher picks (then throughput times both).
other_java() {
  local picked
  picked=$("$here/patchdesk" java-info | sed -n 's/^java: \(.*\) (.*/\1/p')
  [ "$(readlink -f "$(command -v java)")" != "$(readlink -f "$(command -v "$picked" || echo "$picked")")" ]
}

throughput() { # [sparse]
  local log bytes found run compare=0 g_wall g_cpu a_wall a_cpu p_wall p_cpu load kind="${1:-mix}"
  if [ "$kind" = sparse ]; then
    log="$work/CBS-${size_mb}MB.log"; generate "$log" "$size_mb"
  else
    log="$work/CBS-realmix-${size_mb}MB.log"; generate_mix "$log" "$size_mb"
  fi
  bytes=$(stat -c %s "$log")
  prepare > "$work/launcher.info"
  if other_java; then compare=1; fi
  cat "$log" > /dev/null # same page-cache state for both tools
  load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) # wall times mean little when this is above 1
  echo "throughput ($kind): $log, $((bytes / 1048576)) MB, $runs runs of grep and analyze (-Xmx$heap) in turn;" \
    "load average before: $load"
  cat "$work/launcher.info"
  if [ "$kind" != sparse ]; then sed -n 's/^  density/  density/p' "$log.density"; fi
  : > "$work/throughput.runs"
  # Wall time is what a user waits; CPU time (user+sys) is the fairer figure on a machine shared with other work.
  # The tools take turns, so a neighbour's burst falls on both; the medians of the per-run ratios are the figures.
  for run in $(seq 1 "$runs"); do
    # Not to /dev/null: GNU grep then stops at the first match, whatever -c asks.
    timed "$work/grep.time" grep -c 0x80070490 "$log" > "$work/grep.count" || true
    found=$(cat "$work/grep.count")
    # -Xmx through JAVA_TOOL_OPTIONS keeps the launcher's own JVM flags (PATCHDESK_JAVA_OPTS would replace them)
    JAVA_TOOL_OPTIONS="-Xmx$heap" timed "$work/analyze.time" "$here/patchdesk" analyze "$log" --format json \
      > "$work/throughput.json" 2> "$work/analyze.err"
    read -r g_wall g_cpu < "$work/grep.time"
    read -r a_wall a_cpu < "$work/analyze.time"
    p_wall=0 p_cpu=0
    if [ "$compare" = 1 ]; then
      JAVA_TOOL_OPTIONS="-Xmx$heap" PATCHDESK_JAVA=java timed "$work/analyze-path-java.time" "$here/patchdesk" \
        analyze "$log" --format json > "$work/throughput-path-java.json" 2> "$work/analyze-path-java.err"
      read -r p_wall p_cpu < "$work/analyze-path-java.time"
      cmp -s "$work/throughput.json" "$work/throughput-path-java.json" || echo "  WARNING: the two reports differ"
    fi
    echo "$g_wall $g_cpu $a_wall $a_cpu $p_wall $p_cpu" >> "$work/throughput.runs"
    awk -v n="$run" -v c="$compare" '{
      printf "  run %d: grep %.2f s; analyze %.2f s wall, %.2f s cpu; ratio wall %.3f, cpu %.3f", n, $1, $3, $4, $1 / $3, $2 / $4
      if (c == 1) printf "; PATH'"'"'s java %.2f s wall, ratio %.3f", $5, $1 / $5
      printf "\n" }' <<< "$g_wall $g_cpu $a_wall $a_cpu $p_wall $p_cpu"
  done
  echo "  medians of $runs runs (grep -c found $found lines):"
  awk -v b="$bytes" -v c="$compare" -v java="$(PATCHDESK_JAVA=java "$here/patchdesk" java-info | head -n 1 | sed 's/.*(//; s/)//')" '
    function median(a, n,   i, j, t) {
      for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j > 0 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    function mbps(s) { return s > 0 ? (b / 1048576) / s : 0 }
    { n++; gw[n] = $1; gc[n] = $2; aw[n] = $3; ac[n] = $4; pw[n] = $5; rw[n] = $1 / $3; rc[n] = $2 / $4
      if (c == 1) rp[n] = $1 / $5
      lo = (n == 1 || rw[n] < lo) ? rw[n] : lo; hi = (n == 1 || rw[n] > hi) ? rw[n] : hi }
    END {
      g = median(gw, n); gcpu = median(gc, n); a = median(aw, n); acpu = median(ac, n)
      printf "  grep -c 0x80070490   wall %7.2f s %7.1f MB/s   cpu %7.2f s %7.1f MB/s\n", g, mbps(g), gcpu, mbps(gcpu)
      printf "  patchdesk analyze    wall %7.2f s %7.1f MB/s   cpu %7.2f s %7.1f MB/s\n", a, mbps(a), acpu, mbps(acpu)
      printf "  analyze / grep       wall %.3f (runs %.3f-%.3f)   cpu %.3f   (target >= 0.5)\n", median(rw, n), lo, hi, median(rc, n)
      if (c == 1) {
        p = median(pw, n)
        printf "  with the PATH'"'"'s java (%s), for comparison:\n", java
        printf "  patchdesk analyze    wall %7.2f s %7.1f MB/s   analyze / grep wall %.3f\n", p, mbps(p), median(rp, n)
      }
    }' "$work/throughput.runs"
  echo "  findings: $(grep -o '"ruleId" : "[a-z-]*"' "$work/throughput.json" | sort | uniq -c | tr -s ' ' | tr '\n' ';')"
  echo "  load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
  if [ "$kind" != sparse ]; then check_planted "$work/throughput.json"; fi
}

memory() {
  local log="$work/CBS-realmix-${big_mb}MB.log" status rss
  generate_mix "$log" "$big_mb"
  if [ -x /usr/bin/time ]; then
    set +e
    PATCHDESK_JAVA_OPTS="-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC" \
      /usr/bin/time -v "$here/patchdesk" analyze "$log" --format json > "$work/memory.json" 2> "$work/memory.time"
    status=$?
    set -e
    rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/memory.time")
  else
    PATCHDESK_JAVA_OPTS="-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC" \
      "$here/patchdesk" analyze "$log" --format json > "$work/memory.json" &
    local pid=$! peak=0 cur
    while kill -0 "$pid" 2>/dev/null; do
      cur=$(ps -o rss= -p "$pid" 2>/dev/null || echo 0); [ "${cur:-0}" -gt "$peak" ] && peak=$cur; sleep 0.2
    done
    set +e; wait "$pid"; status=$?; set -e
    rss=$peak
  fi
  echo "memory: $((big_mb)) MB real-mix file with -Xmx256m: exit $status, peak RSS $((rss / 1024)) MB," \
    "wall $(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$work/memory.time" 2>/dev/null)," \
    "outcome $(grep -o '"outcome" : "[a-z-]*"' "$work/memory.json" | head -1)"
  check_planted "$work/memory.json"
}

cold() {
  local dir="$work/cold-bundle" zip="$work/cold-bundle.zip" best=999 worst=0 t0 t1 s
  rm -rf "$dir" "$zip"; mkdir -p "$dir/Logs/CBS"
  if [ "${COLD_LOG:-mix}" = sparse ]; then
    java -cp "$classes" com.patchdesk.diagnosis.bench.CbsLogGenerator "$dir/Logs/CBS/CBS.log" "$cold_mb"
  else
    java -cp "$classes" com.patchdesk.diagnosis.bench.RealMixCbsLogGenerator "$dir/Logs/CBS/CBS.log" "$cold_mb" \
      "$corpus" 2> /dev/null
  fi
  (cd "$dir" && zip -qr "$zip" .)
  local cpu_best=999 cpu_worst=0 c
  "$here/patchdesk" analyze "$zip" > /dev/null # a first run after a build makes the start-up cache; not counted
  for _ in 1 2 3 4 5; do
    timed "$work/cold.time" "$here/patchdesk" analyze "$zip" > /dev/null
    read -r s c < "$work/cold.time"
    best=$(awk -v a="$best" -v b="$s" 'BEGIN { print (b < a ? b : a) }')
    worst=$(awk -v a="$worst" -v b="$s" 'BEGIN { print (b > a ? b : a) }')
    cpu_best=$(awk -v a="$cpu_best" -v b="$c" 'BEGIN { print (b < a ? b : a) }')
    cpu_worst=$(awk -v a="$cpu_worst" -v b="$c" 'BEGIN { print (b > a ? b : a) }')
  done
  echo "cold: ./patchdesk analyze of a $(($(stat -c %s "$zip") / 1048576)) MB zip ($cold_mb MB of ${COLD_LOG:-mix} log), JVM start included: wall best $(printf '%.2f' "$best") s, worst $(printf '%.2f' "$worst") s; cpu best $(printf '%.2f' "$cpu_best") s, worst $(printf '%.2f' "$cpu_worst") s of 5 (target < 1 s)"
}

warm() {
  local log="$work/CBS-realmix-${size_mb}MB.log" bytes first best
  generate_mix "$log" "$size_mb"
  bytes=$(stat -c %s "$log")
  cat "$log" > /dev/null
  # Not to /dev/null: GNU grep then stops at the first match, whatever -c asks (0.4 s instead of 0.6 s here).
  timed "$work/grep.time" grep -c 0x80070490 "$log" > "$work/grep.count"
  read -r g_wall g_cpu < "$work/grep.time"
  java -XX:+UseSerialGC -cp "$jar:$classes" com.patchdesk.diagnosis.bench.WarmAnalyzeBenchmark "$log" "$warm_runs" \
    > "$work/warm.runs" 2> "$work/warm.err"
  first=$(awk 'NR == 1 { print $3 }' "$work/warm.runs")
  best=$(awk 'NR > 1 && (b == "" || $3 < b) { b = $3 } END { print b }' "$work/warm.runs")
  echo "warm: $((bytes / 1048576)) MB, $warm_runs analyses in one JVM (scan, rules, JSON); load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
  echo "  grep -c 0x80070490   wall $(printf '%7.2f' "$g_wall") s $(mbps "$bytes" "$g_wall") MB/s"
  echo "  first analysis       wall $(printf '%7.2f' "$first") s $(mbps "$bytes" "$first") MB/s   (JIT warm-up, no JVM start)"
  echo "  best of the others   wall $(printf '%7.2f' "$best") s $(mbps "$bytes" "$best") MB/s   analyze / grep $(awk -v g="$g_wall" -v a="$best" 'BEGIN { printf "%.3f", g / a }')"
  sed 's/^/    /' "$work/warm.runs" "$work/warm.err"
}

# Where one analyze's CPU goes, by thread (Linux /proc): the reader (main), the threads that gate parts, the evidence
# thread, the rules (fork-join pool), the JIT compilers and the garbage collector, each thread's user + sys time at the
# last look before it ended (polled every 0.1 s). Shows the floor a cold JVM puts under the ratio: compiling and
# collecting alone take seconds of CPU, whatever the engine does per line.
threads() {
  local log="$work/CBS-realmix-${size_mb}MB.log" pid polls="$work/threads.polls" g_wall
  generate_mix "$log" "$size_mb"
  cat "$log" > /dev/null
  timed "$work/grep.time" grep -c 0x80070490 "$log" > "$work/grep.count"
  read -r g_wall _ < "$work/grep.time"
  prepare > /dev/null
  : > "$polls"
  JAVA_TOOL_OPTIONS="-Xmx$heap" timed "$work/threads.time" "$here/patchdesk" analyze "$log" --format json \
    > "$work/threads.json" 2> /dev/null &
  sleep 0.05
  pid=$(pgrep -n -f "analyze $log --format json" || true)
  while [ -n "$pid" ] && kill -0 "$pid" 2> /dev/null; do
    for t in /proc/"$pid"/task/*; do
      # comm, then utime and stime (fields 14 and 15 of stat; the name in parentheses may hold blanks)
      printf '%s|%s|%s\n' "${t##*/}" "$(cat "$t/comm" 2> /dev/null)" \
        "$(sed 's/.*) //' "$t/stat" 2> /dev/null | cut -d' ' -f12,13)" >> "$polls"
    done
    sleep 0.1
  done
  wait
  echo "threads: $((($(stat -c %s "$log")) / 1048576)) MB real mix, one ./patchdesk analyze (-Xmx$heap); load average" \
    "$(cut -d' ' -f1-3 /proc/loadavg 2> /dev/null || echo unknown); grep -c took $g_wall s"
  awk '{ printf "  analyze: %.2f s wall, %.2f s cpu\n", $1, $2 }' "$work/threads.time"
  awk -F'|' -v hz="$(getconf CLK_TCK)" '
    NF == 3 && $3 != "" { split($3, c, " "); v = (c[1] + c[2]) / hz; if (v > max[$1]) max[$1] = v; name[$1] = $2 }
    END {
      for (t in max) {
        n = name[t]
        g = n ~ /^patchdesk-lines/ ? "part threads (split, gate, decode, parse)" \
          : n ~ /^patchdesk-evide/ ? "evidence thread (evidence store, attempts)" \
          : n ~ /^java$/ ? "main thread (start-up, line analysis, rules, report)" \
          : n ~ /^ForkJoinPool/ ? "rules on the fork-join pool" \
          : n ~ /^C[12] Compiler/ ? "JIT compilers (C1, C2)" \
          : n ~ /^(VM Thread|GC Thread|VM Periodic)/ ? "garbage collector and VM thread" : "other"
        sum[g] += max[t]; total += max[t]
      }
      for (g in sum) if (sum[g] >= 0.005) printf "%09.3f|  %-52s %6.2f s  %4.1f%%\n", sum[g], g, sum[g], 100 * sum[g] / total
      printf "%09.3f|  %-52s %6.2f s\n", -1, "all threads", total
    }' "$polls" | sort -t'|' -k1,1 -r | cut -d'|' -f2-
}

case "$mode" in
  throughput) throughput ;;
  throughput-sparse) throughput sparse ;;
  memory) memory ;;
  cold) cold ;;
  warm) warm ;;
  threads) threads ;;
  all) throughput; throughput sparse; memory; cold; warm ;;
  *) echo "usage: $0 [throughput|throughput-sparse|memory|cold|warm|threads|all]" >&2; exit 2 ;;
esac
