#!/bin/bash
# e2e (issue 5): NIK and phone numbers never appear whole in the daily or monthly report, in any
# section (visits, fields in review, ...), in PDF or XLSX; the audit report shows them whole.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -x "$DCACCESS" ] || fail "dcaccess not built: $DCACCESS"
command -v pdftotext >/dev/null || fail "pdftotext missing (scripts/deps.sh installs poppler-utils)"
command -v unzip >/dev/null || fail "unzip missing (scripts/deps.sh installs it)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
DB="$tmp/day.db"
rc=0
"$DCACCESS" scan --batch-date 2026-11-02 --archive "$DB" "$DC_SOURCE_DIR/samples/day" >/dev/null 2>&1 || rc=$?
[ "$rc" -le 1 ] || fail "scan exited $rc"
"$DCACCESS" report daily 2026-11-02 --archive "$DB" -o "$tmp" >/dev/null
"$DCACCESS" report monthly 2026-11 --archive "$DB" -o "$tmp" >/dev/null
"$DCACCESS" report audit 2026-11 --archive "$DB" -o "$tmp" >/dev/null || true # exit 1 only if the chain fails

# the whole ID numbers read from the sample day (accepted or in review), from the archive itself
mapfile -t NUMS < <(sqlite3 "$DB" "SELECT DISTINCT value FROM fields WHERE field_id IN ('id_number','phone') AND length(value) >= 9")
[ "${#NUMS[@]}" -ge 4 ] || fail "expected several ID/phone numbers in the sample day, found ${#NUMS[@]}"

text_of() { # all text of a report file
    case "$1" in
    *.pdf) pdftotext -q "$1" - ;;
    *.xlsx) unzip -p "$1" 'xl/sharedStrings.xml' 'xl/worksheets/*.xml' 2>/dev/null ;;
    esac
}
for f in "$tmp"/harian-2026-11-02.pdf "$tmp"/harian-2026-11-02.xlsx "$tmp"/bulanan-2026-11.pdf "$tmp"/bulanan-2026-11.xlsx; do
    [ -s "$f" ] || fail "$f was not written"
    t=$(text_of "$f")
    for n in "${NUMS[@]}"; do
        if grep -qF -- "$n" <<<"$t"; then fail "$(basename "$f") shows $n unmasked"; fi
    done
done
audit=$(text_of "$tmp/audit-2026-11.pdf")
found=0
for n in "${NUMS[@]}"; do grep -qF -- "$n" <<<"$audit" && found=$((found + 1)); done
[ "$found" -ge 1 ] || fail "the audit report shows no ID number whole (the check above could not have failed)"
echo "PASS: ${#NUMS[@]} ID/phone numbers, none whole in daily/monthly PDF+XLSX, $found whole in the audit PDF"
