#!/usr/bin/env bash
# Build the HTTPFuzz target with libFuzzer and run it for a while.
#
#   Tests/Fuzz/run.sh [SECONDS]      (default 60; `make fuzz`, and `make fuzz-smoke` inside `make test`)
#
# Does nothing (exit 0) while Sources/HTTPFuzz is absent or does not yet define the libFuzzer entry
# point. The target is an executable target whose sources hold declarations only (no top-level
# code, even in main.swift) and define:
#
#     @_cdecl("LLVMFuzzerTestOneInput")
#     public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt { …; return 0 }
#
# It is built with `-Xswiftc -sanitize=fuzzer,address -Xswiftc -DLIBFUZZER`; with LIBFUZZER defined the
# target's entry point hands control to libFuzzer's driver (LLVMFuzzerRunDriver). This script checks for
# libFuzzer's closing line, so a build that runs nothing fails.
# AddressSanitizer is added unless FUZZ_SANITIZERS says otherwise; the build has its own scratch
# folder, .build-fuzz.
#
# Environment: FUZZ_PRODUCT (default HTTPFuzz); FUZZ_SANITIZERS (default "fuzzer address");
# FUZZ_ARGS extra libFuzzer flags. Seeds: Tests/Fuzz/corpus/ if present (read only); the working
# corpus grows in .build-fuzz/corpus/; crashes land in .build-fuzz/artifacts/ (the path is printed).
# Dictionary: Tests/Fuzz/http.dict. Exit status: non-zero when the build fails or the fuzzer finds
# a crash, a leak, a time-out or an out-of-memory.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."

RUN_SECONDS=${1:-60}
PRODUCT=${FUZZ_PRODUCT:-HTTPFuzz}
SANITIZERS=${FUZZ_SANITIZERS:-fuzzer address}
SCRATCH=.build-fuzz
SEEDS=Tests/Fuzz/corpus
DICT=Tests/Fuzz/http.dict

[[ $RUN_SECONDS =~ ^[0-9]+$ ]] || { echo "fuzz: seconds must be a whole number, got '$RUN_SECONDS'" >&2; exit 2; }

if [[ ! -d Sources/$PRODUCT ]]; then
  echo "fuzz: no Sources/$PRODUCT: nothing to fuzz (skipped)"
  exit 0
fi
if ! grep -q "\"$PRODUCT\"" Package.swift; then
  echo "fuzz: Sources/$PRODUCT exists but Package.swift does not name \"$PRODUCT\"" >&2
  exit 1
fi
if ! grep -rqs --include='*.swift' 'LLVMFuzzerTestOneInput' "Sources/$PRODUCT"; then
  echo "fuzz: Sources/$PRODUCT defines no @_cdecl(\"LLVMFuzzerTestOneInput\") yet: nothing to fuzz (skipped)"
  exit 0
fi

# The target hands control to libFuzzer's driver itself when built with -DLIBFUZZER (see its source).
sanitize_flags=(-Xswiftc "-sanitize=$(tr ' ' ',' <<<"$SANITIZERS")" -Xswiftc -DLIBFUZZER)

echo "fuzz: building $PRODUCT (release, sanitizers: $SANITIZERS) in $SCRATCH"
swift build -c release --product "$PRODUCT" "${sanitize_flags[@]}" --scratch-path "$SCRATCH"
BIN_DIR=$(swift build -c release --product "$PRODUCT" "${sanitize_flags[@]}" --scratch-path "$SCRATCH" --show-bin-path)
BIN=$BIN_DIR/$PRODUCT
[[ -x $BIN ]] || { echo "fuzz: $BIN was not built" >&2; exit 1; }

CORPUS=$SCRATCH/corpus
ARTIFACTS=$SCRATCH/artifacts
LOG=$SCRATCH/fuzz.log
mkdir -p "$CORPUS" "$ARTIFACTS"
args=(-max_total_time="$RUN_SECONDS" -timeout=10 -rss_limit_mb=4096 -max_len=65536
      -print_final_stats=1 -artifact_prefix="$ARTIFACTS/")
[[ -f $DICT ]] && args+=(-dict="$DICT")
# shellcheck disable=SC2206  # FUZZ_ARGS is meant to split into flags
[[ -n ${FUZZ_ARGS:-} ]] && args+=($FUZZ_ARGS)
dirs=("$CORPUS")
[[ -d $SEEDS ]] && dirs+=("$SEEDS")

echo "fuzz: running $BIN for $RUN_SECONDS s (corpus $CORPUS, artifacts $ARTIFACTS)"
status=0
timeout --kill-after=10 $((RUN_SECONDS + 120)) "$BIN" "${args[@]}" "${dirs[@]}" >"$LOG" 2>&1 || status=$?
tail -15 "$LOG"

if (( status != 0 )); then
  echo "fuzz: $PRODUCT failed (exit $status); full log $LOG; artifacts:" >&2
  ls -l "$ARTIFACTS" >&2 || true
  exit "$status"
fi
# A binary that exits 0 without libFuzzer's closing line ran no input: count it as a failure.
if ! grep -q '^Done [0-9]* runs' "$LOG"; then
  echo "fuzz: $BIN exited without libFuzzer's 'Done N runs' line: is libFuzzer's main linked?" >&2
  exit 1
fi
echo "fuzz: $(grep '^Done [0-9]* runs' "$LOG" | tail -1); corpus now $(find "$CORPUS" -type f | wc -l) inputs"
