#!/usr/bin/env bash
# Runs every fuzz target until it has made RUNS executions (default 1,000,000) or used SECS
# seconds of CPU time (default 1800: 30 minutes), whichever comes first, JOBS targets at a time
# (default 1), at the lowest CPU priority (NICE, default 19), then prints a table of executions, wall and CPU
# time and coverage from libFuzzer's final lines.
#
#   fuzz/run-all.sh 1800                      # 10^6 executions or 30 CPU-minutes per target
#   JOBS=2 fuzz/run-all.sh 1800               # two at a time (one per core)
#   TARGETS="csv xlsx_parts" fuzz/run-all.sh 600
#
# CPU time, not wall time, is the budget: on a shared machine a target at nice 19 may get a
# small share of a core, and 30 wall-minutes would then be a few minutes of fuzzing. A
# watchdog reads the fuzzer's CPU time from /proc and interrupts it (SIGINT: libFuzzer prints
# its final statistics and exits) once the budget is spent; WALL_CAP (default 4 x SECS) stops
# a target that gets almost no CPU.
#
# Corpora grow in fuzz/corpus/TARGET (seed them first with fuzz/seed.sh); a crash, hang or
# out-of-memory input is saved in fuzz/artifacts/TARGET/ and the fuzzer stops there (the table
# says so). Logs: fuzz/logs/TARGET.log. Builds with --sanitizer none (nudj has no unsafe code;
# coverage instrumentation only, several times faster than AddressSanitizer) in release mode.
# FUZZ_FLAGS adds cargo-fuzz flags, e.g. FUZZ_FLAGS=-a for debug assertions (overflow checks;
# a separate, full rebuild). NO_BUILD=1 runs the binaries already built (as `cargo fuzz run`
# would, without its rebuild check).
set -uo pipefail
secs="${1:-1800}"
runs="${RUNS:-1000000}"
jobs="${JOBS:-1}"
niceness="${NICE:-19}"
wall_cap="${WALL_CAP:-$((4 * secs))}"
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
all="narrative_compile csv xlsx_parts xlsx_cells model_yaml engagement_yaml strings_yaml
     xlsx_bytes theme_yaml markdown roster image course_yaml assessment score_json"
targets="${TARGETS:-$all}"
target_dir="${CARGO_TARGET_DIR:-$here/target}"
flags=(--sanitizer none -O --target-dir "$target_dir" ${FUZZ_FLAGS:-})
export RUSTC_BOOTSTRAP=1
# No backtrace while fuzzing: symbolising one on a loaded machine can outlast libFuzzer's
# timeout, and the crash and timeout handlers then hang without saving the input (seen on
# 2026-11-30). Reproduce a crash with RUST_BACKTRACE=1 instead.
export RUST_BACKTRACE="${FUZZ_BACKTRACE:-0}"
mkdir -p logs corpus results

if [ -z "${NO_BUILD:-}" ]; then
  nice -n 19 cargo fuzz build "${flags[@]}" || exit 1
fi
bin="$target_dir/$(rustc -vV | sed -n 's/^host: //p')/release"
tick=$(getconf CLK_TCK)

# cpu_secs PID: user + system CPU seconds of a running process (0 when it has ended).
cpu_secs() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  # Fields 14 and 15 (utime, stime) counted after the ")" that ends the command name.
  awk -v t="$tick" '{ sub(/.*\) /, ""); print int(($12 + $13) / t) }' <<<"$stat"
}

# run_one TARGET: fuzz one target within the budget and write its table row to results/.
run_one() {
  local t="$1" before start pid cpu=0 took stop="" execs rate last cov ft corp after
  mkdir -p "corpus/$t" "artifacts/$t"
  before=$(ls "artifacts/$t" | wc -l)
  start=$(date +%s)
  # stdin from /dev/null: an engagement naming /dev/stdin must not wait for a terminal.
  nice -n "$niceness" "$bin/$t" "corpus/$t" -artifact_prefix="artifacts/$t/" \
    -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=2 -runs="$runs" \
    -max_total_time="$wall_cap" -print_final_stats=1 < /dev/null > "logs/$t.log" 2>&1 &
  pid=$!
  local idle=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 5
    local now
    now=$(cpu_secs "$pid")
    # A fuzzer that has used no CPU for two minutes is stuck (a crash handler that hung).
    if [ "$now" -le "$cpu" ]; then idle=$((idle + 5)); else idle=0; fi
    [ "$now" -gt 0 ] && cpu=$now
    if [ "$idle" -ge 120 ] && [ -z "$stop" ]; then
      stop="hung (no CPU for 120 s; see its log)"
      kill -KILL "$pid" 2>/dev/null
    elif [ "$cpu" -ge "$secs" ] && [ -z "$stop" ]; then
      stop="cpu budget"
      kill -INT "$pid" 2>/dev/null
    fi
  done
  wait "$pid" 2>/dev/null
  took=$(( $(date +%s) - start ))
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "logs/$t.log" | grep -o '[0-9]*$' | tail -1)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "logs/$t.log" | grep -o '[0-9]*$' | tail -1)
  last=$(grep -E '^#[0-9]+' "logs/$t.log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' <<<"$last" | grep -o '[0-9]*')
  ft=$(grep -o 'ft: [0-9]*' <<<"$last" | grep -o '[0-9]*')
  corp=$(grep -o 'corp: [0-9]*/[0-9]*[a-zA-Z]*' <<<"$last" | cut -d' ' -f2)
  after=$(ls "artifacts/$t" | wc -l)
  if [ -z "$stop" ]; then
    if [ "$after" -gt "$before" ]; then stop="finding"
    elif [ "${execs:-0}" -ge "$runs" ]; then stop="$runs runs"
    else stop="wall cap"; fi
  fi
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$t" "${execs:-?}" "$took" \
    "$cpu" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$stop" \
    "$(( after - before )) new in artifacts/$t" > "results/$t.row"
}

export -f run_one cpu_secs
export bin tick secs runs wall_cap niceness
for t in $targets; do rm -f "results/$t.row"; done
printf '%s\n' $targets | xargs -P "$jobs" -I{} bash -c 'run_one {}'
printf '| target | executions | wall (s) | CPU (s) | exec/s | cov | ft | corpus | stopped at | findings |\n'
printf '|---|---|---|---|---|---|---|---|---|---|\n'
for t in $targets; do cat "results/$t.row"; done
