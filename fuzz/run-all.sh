#!/usr/bin/env bash
# Runs every fuzz target in turn for SECONDS each (default 600), at the lowest CPU priority,
# and prints a table of executions, time and coverage from libFuzzer's final lines.
#
#   fuzz/run-all.sh 1800                      # 30 minutes per target
#   TARGETS="csv xlsx_parts" fuzz/run-all.sh 600
#
# Corpora grow in fuzz/corpus/TARGET (seed them first with fuzz/seed.sh); a crash, hang or
# out-of-memory input is saved in fuzz/artifacts/TARGET/ and the script goes on with the next
# target. Logs: fuzz/logs/TARGET.log. Builds with --sanitizer none (nudj has no unsafe code;
# coverage instrumentation only, several times faster than AddressSanitizer) in release mode.
# FUZZ_FLAGS adds cargo-fuzz flags, e.g. FUZZ_FLAGS=-a for debug assertions (overflow checks;
# a separate, full rebuild). NO_BUILD=1 runs the binaries already built (as `cargo fuzz run`
# would, without its rebuild check).
set -uo pipefail
secs="${1:-600}"
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
all="model_yaml engagement_yaml theme_yaml course_yaml strings_yaml markdown narrative_compile
     xlsx_bytes xlsx_parts xlsx_cells csv roster image"
targets="${TARGETS:-$all}"
target_dir="${CARGO_TARGET_DIR:-$here/target}"
flags=(--sanitizer none -O --target-dir "$target_dir" ${FUZZ_FLAGS:-})
export RUSTC_BOOTSTRAP=1
mkdir -p logs corpus

if [ -z "${NO_BUILD:-}" ]; then
  nice -n 19 cargo fuzz build "${flags[@]}" || exit 1
fi
bin="$target_dir/$(rustc -vV | sed -n 's/^host: //p')/release"
printf '| target | executions | time (s) | exec/s | cov | ft | corpus | findings |\n'
printf '|---|---|---|---|---|---|---|---|\n'
for t in $targets; do
  mkdir -p "corpus/$t" "artifacts/$t"
  before=$(ls "artifacts/$t" | wc -l)
  start=$(date +%s)
  # stdin from /dev/null: an engagement naming /dev/stdin must not wait for a terminal.
  nice -n 19 "$bin/$t" "corpus/$t" -artifact_prefix="artifacts/$t/" \
    -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=2 -max_total_time="$secs" \
    -print_final_stats=1 < /dev/null > "logs/$t.log" 2>&1
  took=$(( $(date +%s) - start ))
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "logs/$t.log" | grep -o '[0-9]*$' | tail -1)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "logs/$t.log" | grep -o '[0-9]*$' | tail -1)
  last=$(grep -E '^#[0-9]+' "logs/$t.log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' <<<"$last" | grep -o '[0-9]*')
  ft=$(grep -o 'ft: [0-9]*' <<<"$last" | grep -o '[0-9]*')
  corp=$(grep -o 'corp: [0-9]*/[0-9]*[a-zA-Z]*' <<<"$last" | cut -d' ' -f2)
  after=$(ls "artifacts/$t" | wc -l)
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$t" "${execs:-?}" "$took" "${rate:-?}" \
    "${cov:-?}" "${ft:-?}" "${corp:-?}" "$(( after - before )) new in artifacts/$t"
done
