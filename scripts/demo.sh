#!/usr/bin/env bash
# README command 1: installs what is missing, builds, and runs the day-end job on the committed
# sample day: print blank forms, scan the day's batch into a fresh archive, write that day's and
# that month's reports. Everything lands in ${OUT:-out}/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${OUT:-$root/out}
bash "$root/scripts/deps.sh"
bash "$root/scripts/build.sh"
dc="$root/build/cli/dcaccess"
day=2026-11-02
mkdir -p "$out"
rm -f "$out/dcaccess.db" "$out/dcaccess.db-wal" "$out/dcaccess.db-shm" "$out/forms.pdf"

echo "== 1. printing blank forms (10 numbered sets) -> $out/forms.pdf"
"$dc" forms print --form set --count 10 --first-serial 1 --archive "$out/dcaccess.db" -o "$out/forms.pdf"

echo "== 2. scanning the sample day $root/samples/day -> $out/dcaccess.db"
status=0
"$dc" scan --batch-date "$day" --archive "$out/dcaccess.db" "$root/samples/day" || status=$?
# Exit 1 means "done, but some pages need attention" (the sample day holds a foreign page on purpose).
if [ "$status" -gt 1 ]; then echo "scan failed (exit $status)"; exit "$status"; fi

echo "== 3. reports -> $out/reports"
"$dc" report daily "$day" --archive "$out/dcaccess.db" -o "$out/reports"
"$dc" report monthly "${day%-*}" --archive "$out/dcaccess.db" -o "$out/reports"
echo
echo "Done. Blank forms: $out/forms.pdf; archive: $out/dcaccess.db; reports:"
ls -1 "$out/reports"
