# Sourced by the benchmarks of typical bundles (bundles-per-hour.sh, worker-memory.sh): makes the VARIANTS typical
# bundles in "$work" once. The caller sets work, variants, cbs_mb, persist_mb, dism_mb, corpus, classes and
# fixtures first. A typical bundle is a zip of what a collector takes from a machine (about 20 MB of logs):
#   Logs/CBS/CBS.log                    CBS_MB of the real line mix (RealMixCbsLogGenerator, its planted failures)
#   Logs/CBS/CbsPersist_20231115.log    PERSIST_MB of the real mix, another seed (an older, rotated CBS log)
#   Logs/CBS/CbsPersist_20231101.cab    the engine's fixture cabinet (CbsPersist logs as Windows compresses them)
#   Logs/DISM/dism.log                  DISM_MB of the real mix, then the DISM fixture (RestoreHealth, 0x800f081f)
#   WindowsUpdate.log                   the Windows Update fixtures (download and install failures)
# Each variant has its own seeds, so its bytes differ. Sets first (the first bundle's path) and zip_mb.

# bench_bundle_path V: the zip of variant V.
bench_bundle_path() {
  echo "$work/bundle-$1-${cbs_mb}-${persist_mb}-${dism_mb}.zip"
}

bench_mix() { # FILE MB SEED
  java -cp "$classes" com.patchdesk.diagnosis.bench.RealMixCbsLogGenerator "$1" "$2" "$corpus" "$3" 2> /dev/null
}

bench_make_bundles() {
  local v zipfile dir
  command -v zip >/dev/null || { echo "needs zip (apt-get install zip)" >&2; exit 2; }
  mkdir -p "$work"
  for v in $(seq 1 "$variants"); do
    zipfile=$(bench_bundle_path "$v")
    [ -f "$zipfile" ] && continue
    echo "generating $zipfile ..." >&2
    dir="$work/gen-$v"; rm -rf "$dir"; mkdir -p "$dir/Logs/CBS" "$dir/Logs/DISM"
    bench_mix "$dir/Logs/CBS/CBS.log" "$cbs_mb" $((17763 + v))
    bench_mix "$dir/Logs/CBS/CbsPersist_20231115.log" "$persist_mb" $((27763 + v))
    cp "$fixtures/cabinet/cbspersist-mszip-two-files.cab" "$dir/Logs/CBS/CbsPersist_20231101.cab"
    bench_mix "$dir/Logs/DISM/dism.log" "$dism_mb" $((37763 + v))
    cat "$fixtures/dism-log/restorehealth-source-not-found-0x800f081f.log" >> "$dir/Logs/DISM/dism.log"
    cat "$fixtures/windowsupdate/download-failed-0x80248007.log" \
      "$fixtures/windowsupdate/third-party-install-failed-resultmapped-80070643.log" > "$dir/WindowsUpdate.log"
    (cd "$dir" && zip -qr "$zipfile" .)
    du -sb "$dir" | cut -f1 > "$zipfile.logbytes"
    rm -rf "$dir"
  done
  first=$(bench_bundle_path 1)
  zip_mb=$(awk -v b="$(stat -c %s "$first")" 'BEGIN { printf "%.1f", b / 1048576 }')
}
