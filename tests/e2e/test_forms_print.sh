#!/usr/bin/env bash
# e2e: `dcaccess forms print` writes numbered form sets whose QR codes carry the serials.
set -euo pipefail
: "${DCACCESS:?path of the built dcaccess command}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dce2e-forms-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Two sets from serial 41, into a folder that does not exist yet.
"$DCACCESS" forms print --form set --count 2 --first-serial 41 --archive "$TMP/a.db" -o "$TMP/new/f.pdf" >"$TMP/out.txt"
grep -qxF "wrote $TMP/new/f.pdf: 4 pages, 2 form sets, No. 000041 to 000042 (recorded in $TMP/a.db: the next run starts at No. 000043)" "$TMP/out.txt" \
    || fail "print line: $(cat "$TMP/out.txt")"
[ -s "$TMP/new/f.pdf" ] || fail "no PDF written"
pages=$(pdfinfo "$TMP/new/f.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
[ "$pages" = 4 ] || fail "expected 4 pages, got '$pages'"
size=$(pdfinfo "$TMP/new/f.pdf" 2>/dev/null | awk -F': *' '/^Page size:/ {print $2}')
case "$size" in *"(A4)"*) ;; *) fail "page size is '$size', not A4" ;; esac

pdftoppm -r 200 -gray "$TMP/new/f.pdf" "$TMP/p" 2>/dev/null
expected="DCACCESS;form=access;v=1;serial=000041;page=1
DCACCESS;form=checklist;v=1;serial=000041;page=2
DCACCESS;form=access;v=1;serial=000042;page=1
DCACCESS;form=checklist;v=1;serial=000042;page=2"
got=$(for f in "$TMP"/p-*.pgm; do zbarimg --raw -q "$f" 2>/dev/null; done)
[ "$got" = "$expected" ] || fail "QR payloads differ:
$got"

# More than 10,000 sets at once is refused at the start (libharu failed late, out of memory)
st=0
"$DCACCESS" forms print --count 10001 --archive "$TMP/a.db" -o "$TMP/big.pdf" >/dev/null 2>"$TMP/big.err" || st=$?
[ $st = 2 ] || fail "--count 10001: exit $st, expected 2"
grep -qF -- '--count must be a whole number from 1 to 10000 (print more in several runs, each continues after the last), not: "10001"' "$TMP/big.err" \
    || fail "--count 10001: $(cat "$TMP/big.err")"
[ ! -e "$TMP/big.pdf" ] || fail "--count 10001 wrote a file"

# The archive keeps the serials printed: the next run continues after them, and printing them
# again (two sheets with one serial, of which the archive can store only one) needs --reprint;
# serials scanned already are never printed again.
"$DCACCESS" forms print --count 3 --archive "$TMP/a.db" -o "$TMP/next.pdf" >"$TMP/next.txt"
grep -qF "No. 000043 to 000045 (recorded in $TMP/a.db: the next run starts at No. 000046)" "$TMP/next.txt" \
    || fail "continuing: $(cat "$TMP/next.txt")"
st=0
"$DCACCESS" forms print --count 2 --first-serial 44 --archive "$TMP/a.db" -o "$TMP/again.pdf" >/dev/null 2>"$TMP/again.err" || st=$?
[ $st = 2 ] || fail "printing serials again: exit $st, expected 2"
grep -qF "serials 000044 to 000045 were printed before ($TMP/a.db says: 000043 to 000045, into $TMP/next.pdf on " "$TMP/again.err" \
    || fail "printing serials again: $(cat "$TMP/again.err")"
grep -qF "with --reprint, and destroy the spoiled ones; or leave out --first-serial to continue at 000046" "$TMP/again.err" \
    || fail "printing serials again, advice: $(cat "$TMP/again.err")"
[ ! -e "$TMP/again.pdf" ] || fail "a refused print wrote a file"
"$DCACCESS" forms print --count 2 --first-serial 44 --reprint --archive "$TMP/a.db" -o "$TMP/again.pdf" >"$TMP/again.txt"
grep -qF "No. 000044 to 000045 (recorded in $TMP/a.db: the next run starts at No. 000046)" "$TMP/again.txt" \
    || fail "reprint: $(cat "$TMP/again.txt")"
OMP_THREAD_LIMIT=1 "$DCACCESS" scan --batch-date 2026-11-02 --archive "$TMP/a.db" "$TMP/again.pdf" >/dev/null 2>&1 || fail "scanning the reprint"
st=0
"$DCACCESS" forms print --first-serial 45 --reprint --archive "$TMP/a.db" -o "$TMP/scanned.pdf" >/dev/null 2>"$TMP/scanned.err" || st=$?
[ $st = 2 ] || fail "printing a scanned serial: exit $st, expected 2"
grep -qxF "dcaccess forms: serial 000045 was scanned into $TMP/a.db already; two sheets with one serial cannot both be stored, so it is not printed again; leave out --first-serial to continue at 000046" "$TMP/scanned.err" \
    || fail "printing a scanned serial: $(cat "$TMP/scanned.err")"

# One form type only.
"$DCACCESS" forms print --form checklist --first-serial 7 --archive "$TMP/a.db" -o "$TMP/c.pdf" >/dev/null
[ "$(pdfinfo "$TMP/c.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')" = 1 ] || fail "checklist alone is not 1 page"

# A bad --form value: usage error (exit 2) with a message naming the value; nothing written.
set +e
"$DCACCESS" forms print --form visitor --archive "$TMP/a.db" -o "$TMP/bad.pdf" 2>"$TMP/err.txt"
rc=$?
set -e
[ $rc = 2 ] || fail "bad --form exited $rc, expected 2"
grep -q '"visitor"' "$TMP/err.txt" || fail "message does not name the bad value: $(cat "$TMP/err.txt")"
[ ! -e "$TMP/bad.pdf" ] || fail "a PDF was written for a bad --form"

# An unwritable output path: runtime error (exit 3) naming the path.
echo x >"$TMP/plain"
set +e
"$DCACCESS" forms print --archive "$TMP/a.db" -o "$TMP/plain/sub/f.pdf" 2>"$TMP/err2.txt"
rc=$?
set -e
[ $rc = 3 ] || fail "unwritable path exited $rc, expected 3"
grep -q "$TMP/plain/sub/f.pdf" "$TMP/err2.txt" || fail "message does not name the path: $(cat "$TMP/err2.txt")"
# Ctrl-C just before the finished PDF is renamed into place (tests/support/interrupt.c): the PDF
# is whole and in place, nothing temporary is left, and the command says it was interrupted.
: "${DC_INTERRUPT_LIB:?the interrupt library (tests/support/interrupt.c, built with the tests)}"
mkdir "$TMP/int"
DC_INTERRUPT_RENAME=int/f.pdf LD_PRELOAD="$DC_INTERRUPT_LIB" \
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
    "$DCACCESS" forms print --count 2 --archive "$TMP/a.db" -o "$TMP/int/f.pdf" >/dev/null 2>"$TMP/int.err" || fail "interrupted print failed"
[ "$(ls "$TMP/int")" = f.pdf ] || fail "interrupted print left: $(ls "$TMP/int")"
pages=$(pdfinfo "$TMP/int/f.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
[ "$pages" = 4 ] || fail "interrupted print: expected 4 pages, got '$pages'"
grep -q "interrupted, but $TMP/int/f.pdf was written in full" "$TMP/int.err" || fail "interrupted print: $(cat "$TMP/int.err")"
echo "ok: 4 pages, serials 000041-000042, continued at 000043, reprint only with --reprint, scanned never, bad --form -> 2, bad path -> 3, interrupted -> whole"
