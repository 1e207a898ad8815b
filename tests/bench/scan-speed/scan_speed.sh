#!/usr/bin/env bash
# scan-speed: pages per second of `dcaccess scan --dry-run --json` (2 workers, every field read)
# against the baseline `tesseract PAGE -` (full page, two processes at a time) on the same pages,
# the ratio (target >= 3), and peak memory of the scan.
# usage: scan_speed.sh DCACCESS SAMPLEGEN [--sets K] [--seed N] [--damage D] [--corpus DIR] [--no-baseline]
set -euo pipefail
DCACCESS=$1 SAMPLEGEN=$2
shift 2
SETS=20 SEED=4242 DAMAGE=mixed CORPUS= BASELINE=1
while [ $# -gt 0 ]; do
  case $1 in
    --sets) SETS=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --damage) DAMAGE=$2; shift 2 ;;
    --corpus) CORPUS=$2; shift 2 ;;
    --no-baseline) BASELINE=0; shift ;;
    *) echo "usage: scan_speed.sh DCACCESS SAMPLEGEN [--sets K] [--seed N] [--damage D] [--corpus DIR] [--no-baseline]" >&2; exit 2 ;;
  esac
done
export OMP_THREAD_LIMIT=1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/scan-speed-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
if [ -z "$CORPUS" ]; then
  CORPUS=$TMP/corpus
  "$SAMPLEGEN" --seed "$SEED" --sets "$SETS" --damage "$DAMAGE" -o "$CORPUS" >/dev/null
fi
mapfile -t FILES < <(jq -r '[.pages[].file] | unique | .[]' "$CORPUS/truth.json")
PAGES=$(jq '.pages | length' "$CORPUS/truth.json")
now() { date +%s.%N; }
echo "scan-speed: $PAGES pages in ${#FILES[@]} files ($CORPUS), $(getconf _NPROCESSORS_ONLN) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

t0=$(now)
DCACCESS_REPORT_MEM=1 "$DCACCESS" scan --dry-run --json --jobs 2 "${FILES[@]/#/$CORPUS/}" >"$TMP/scan.jsonl" 2>"$TMP/scan.err" || [ $? = 1 ]
t1=$(now)
lines=$(wc -l <"$TMP/scan.jsonl")
[ "$lines" = "$PAGES" ] || { echo "scan printed $lines results for $PAGES pages" >&2; cat "$TMP/scan.err" >&2; exit 1; }
scan_s=$(echo "$t1 - $t0" | bc -l)
scan_pps=$(echo "$PAGES / $scan_s" | bc -l)
mem=$(sed -n 's/^scan: peak memory[[:space:]]*//p' "$TMP/scan.err")
printf 'dcaccess scan (jobs 2, all fields): %6.1f s  %6.2f pages/s  peak memory %s\n' "$scan_s" "$scan_pps" "$mem"
grep '^scan: ' "$TMP/scan.err" | grep -v 'peak memory' | sed 's/^/  /'

if [ "$BASELINE" = 1 ]; then
  t0=$(now)
  printf '%s\0' "${FILES[@]/#/$CORPUS/}" | xargs -0 -P2 -n1 sh -c 'tesseract "$1" - >/dev/null 2>&1' sh
  t1=$(now)
  base_s=$(echo "$t1 - $t0" | bc -l)
  base_pps=$(echo "$PAGES / $base_s" | bc -l)
  printf 'tesseract PAGE - (2 processes):     %6.1f s  %6.2f pages/s\n' "$base_s" "$base_pps"
  printf 'ratio: %.2fx the baseline (target >= 3x)\n' "$(echo "$scan_pps / $base_pps" | bc -l)"
fi
