#!/usr/bin/env bash
# e2e: `dcaccess forms print` writes numbered form sets whose QR codes carry the serials.
set -euo pipefail
: "${DCACCESS:?path of the built dcaccess command}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dce2e-forms-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Two sets from serial 41, into a folder that does not exist yet.
"$DCACCESS" forms print --form set --count 2 --first-serial 41 --archive "$TMP/a.db" -o "$TMP/new/f.pdf" >"$TMP/out.txt"
grep -qxF "wrote $TMP/new/f.pdf: 4 pages, 2 form sets, No. 000041 to 000042 (serials recorded in $TMP/a.db, a new archive: the next form sets start at No. 000043)" "$TMP/out.txt" \
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
grep -qF "No. 000043 to 000045 (serials recorded in $TMP/a.db: the next form sets start at No. 000046)" "$TMP/next.txt" \
    || fail "continuing: $(cat "$TMP/next.txt")"
st=0
"$DCACCESS" forms print --count 3 --first-serial 45 --archive "$TMP/a.db" -o "$TMP/again.pdf" >/dev/null 2>"$TMP/again.err" || st=$?
[ $st = 2 ] || fail "printing serials again: exit $st, expected 2"
grep -qxF "dcaccess forms: serials 000045 to 000047: serial 000045 was printed before (into $TMP/next.pdf on $(date -d "$(sqlite3 "$TMP/a.db" "SELECT at FROM printed WHERE first = 43")" '+%Y-%m-%d %H:%M %Z')); print serials again only to replace spoiled blank forms, with --reprint, and destroy the spoiled ones; or leave out --first-serial to continue at 000046" "$TMP/again.err" \
    || fail "printing serials again: $(cat "$TMP/again.err")"
[ ! -e "$TMP/again.pdf" ] || fail "a refused print wrote a file"
"$DCACCESS" forms print --count 2 --first-serial 44 --reprint --archive "$TMP/a.db" -o "$TMP/again.pdf" >"$TMP/again.txt"
grep -qF "No. 000044 to 000045 (serials recorded in $TMP/a.db: the next form sets start at No. 000046)" "$TMP/again.txt" \
    || fail "reprint: $(cat "$TMP/again.txt")"
# the blank forms themselves scanned (the PDF in the scan folder, unused sheets in the stack) are
# no visits: stored as unused forms, their serials stay free
OMP_THREAD_LIMIT=1 "$DCACCESS" scan --batch-date 2026-11-02 --archive "$TMP/a.db" "$TMP/again.pdf" >"$TMP/blank.txt" 2>&1 || fail "scanning the reprint"
[ "$(grep -c "^  unused:       $TMP/again.pdf page [1-4]: nothing is written on \(access\|checklist\) 00004[45] page [12]: an unused form, not a visit$" "$TMP/blank.txt")" -eq 4 ] ||
    fail "the blank forms scanned: $(cat "$TMP/blank.txt")"
[ "$(sqlite3 "$TMP/a.db" "SELECT count(*) FROM records")" -eq 0 ] || fail "a blank form made a record"
# serial 45 filled in and scanned: now it is in use
GEN="$DC_BINARY_DIR/samples/dcaccess-samplegen"
"$GEN" --seed 45 --sets 1 --date 2026-11-02 --damage clean300 --no-extras --first-serial 45 -o "$TMP/filled" >/dev/null
# 000043, printed and never scanned, lies below 45 handed out: a form to find (the blank 44 and 45
# scanned in the stack before were not handed out, and do not say 43 was accounted for), exit 1
st=0
OMP_THREAD_LIMIT=1 "$DCACCESS" scan --batch-date 2026-11-02 --archive "$TMP/a.db" "$TMP/filled" >"$TMP/filled.txt" 2>&1 || st=$?
[ $st = 1 ] && grep -qxF "  to find:      000043: a form printed and not scanned, though a higher serial of its print is in this stack: handed out before it, and not back (spoilt, lost, a visit still open, or in a stack not scanned yet); find the sheet" "$TMP/filled.txt" ||
    fail "scanning the filled set 45: exit $st, $(cat "$TMP/filled.txt")"
[ "$(sqlite3 "$TMP/a.db" "SELECT group_concat(serial) FROM records")" = "000045" ] || fail "the visit on 45 is not stored: $(cat "$TMP/filled.txt")"
st=0
"$DCACCESS" forms print --first-serial 45 --reprint --archive "$TMP/a.db" -o "$TMP/scanned.pdf" >/dev/null 2>"$TMP/scanned.err" || st=$?
[ $st = 2 ] || fail "printing a scanned serial: exit $st, expected 2"
grep -qxF "dcaccess forms: serial 000045 was scanned into $TMP/a.db already; two sheets with one serial cannot both be stored, so a scanned serial is never printed again; leave out --first-serial to continue at 000046" "$TMP/scanned.err" \
    || fail "printing a scanned serial: $(cat "$TMP/scanned.err")"
# the checklists of access forms printed alone make sets with them: same serials, no refusal; a
# checklist run with none recorded asks where to start (they were not printed with the sets)
"$DCACCESS" forms print --form access --count 2 --archive "$TMP/a.db" -o "$TMP/acc.pdf" >/dev/null || fail "access forms alone"
"$DCACCESS" forms print --form checklist --count 2 --first-serial 46 --archive "$TMP/a.db" -o "$TMP/chk.pdf" >"$TMP/chk.txt" \
    || fail "their checklists: $(cat "$TMP/chk.txt")"
grep -qF "No. 000046 to 000047 (serials recorded in $TMP/a.db: the next device checklists start at No. 000048)" "$TMP/chk.txt" \
    || fail "their checklists: $(cat "$TMP/chk.txt")"
st=0; "$DCACCESS" forms print --form checklist --count 2 --archive "$TMP/b.db" --first-serial 1 -o "$TMP/b1.pdf" >/dev/null || fail "b.db"
"$DCACCESS" forms print --form access --count 2 --archive "$TMP/b.db" -o "$TMP/b2.pdf" >/dev/null 2>"$TMP/b2.err" || st=$?
[ $st = 2 ] && grep -qF "has no record of the access forms printed so far" "$TMP/b2.err" || fail "access after checklists: exit $st, $(cat "$TMP/b2.err")"
# two prints at once never get the same serials (they are reserved in one transaction)
"$DCACCESS" forms print --count 40 --archive "$TMP/a.db" -o "$TMP/p1.pdf" >/dev/null & pid=$!
"$DCACCESS" forms print --count 40 --archive "$TMP/a.db" -o "$TMP/p2.pdf" >/dev/null || fail "print 2 of 2 at once"
wait $pid || fail "print 1 of 2 at once"
[ "$(sqlite3 "$TMP/a.db" "SELECT count(*) FROM printed a JOIN printed b ON a.id < b.id AND a.form = 'set' AND b.form = 'set' AND a.first <= b.last AND b.first <= a.last AND a.file LIKE '%/p_.pdf' AND b.file LIKE '%/p_.pdf'")" = 0 ] \
    || fail "two prints at once overlap: $(sqlite3 "$TMP/a.db" "SELECT first, last, file FROM printed")"
# a PDF of forms is never written over (its forms may not be on paper yet)
st=0; "$DCACCESS" forms print --archive "$TMP/a.db" -o "$TMP/next.pdf" >/dev/null 2>"$TMP/over2.err" || st=$?
[ $st = 2 ] && grep -qxF "dcaccess forms: $TMP/next.pdf exists (forms printed into it before may not be on paper yet): give another file name, for example with the date, or remove it first" "$TMP/over2.err" \
    || fail "writing over a PDF: exit $st, $(cat "$TMP/over2.err")"
# ...and a folder is no PDF: it was said to exist with "forms printed into it before"
st=0; "$DCACCESS" forms print --archive "$TMP/a.db" -o "$TMP/" >/dev/null 2>"$TMP/over2.err" || st=$?
[ $st = 2 ] && [ "$(cat "$TMP/over2.err")" = "dcaccess forms: -o $TMP/ is a folder: give the name of a new PDF file in it, e.g. $TMP/forms-$(date +%F).pdf" ] \
    || fail "-o a folder: exit $st, $(cat "$TMP/over2.err")"
# a set needs the history of both its pages: after access forms alone, the checklists on paper
# are not known
"$DCACCESS" forms print --form access --count 2 --first-serial 1 --archive "$TMP/c.db" -o "$TMP/c1.pdf" >/dev/null || fail "c.db"
st=0; "$DCACCESS" forms print --count 2 --archive "$TMP/c.db" -o "$TMP/c2.pdf" >/dev/null 2>"$TMP/c2.err" || st=$?
[ $st = 2 ] && grep -qF "has no record of the form sets printed so far" "$TMP/c2.err" || fail "sets after access forms: exit $st, $(cat "$TMP/c2.err")"
# two first prints into one new archive at once: one prints, the other is refused, the archive stays
"$DCACCESS" forms print --count 30 --first-serial 1 --archive "$TMP/race.db" -o "$TMP/r1.pdf" >/dev/null 2>&1 & pid=$!
"$DCACCESS" forms print --count 30 --first-serial 1 --archive "$TMP/race.db" -o "$TMP/r2.pdf" >/dev/null 2>&1 || true
wait $pid || true
[ "$(sqlite3 "$TMP/race.db" "SELECT count(*) FROM printed")" = 1 ] || fail "two first prints: $(ls "$TMP"/race.db* 2>&1)"
# the PDF never goes over the archive; a mistyped --archive makes no new archive
st=0; "$DCACCESS" forms print --archive "$TMP/a.db" -o "$TMP/sub/../a.db-wal" 2>"$TMP/over.err" || st=$?
[ $st = 2 ] && grep -qF "is the archive (or one of its files): the PDF would destroy it" "$TMP/over.err" || fail "-o the archive: exit $st, $(cat "$TMP/over.err")"
st=0; "$DCACCESS" forms print --archive "$TMP/a.bd" -o "$TMP/typo.pdf" 2>"$TMP/typo.err" || st=$?
[ $st = 2 ] && [ ! -e "$TMP/a.bd" ] && grep -qF "archive $TMP/a.bd does not exist: for the first forms of a new archive give --first-serial" "$TMP/typo.err" \
    || fail "a mistyped archive: exit $st, $(cat "$TMP/typo.err")"
"$DCACCESS" verify --archive "$TMP/a.db" >/dev/null || fail "verify after printing"

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

# The last serial, 999999: none is left after it, and a lower range printed after it says the next
# need --first-serial (it named No. 1000000, which no print accepts)
"$DCACCESS" forms print --count 1 --first-serial 999999 --archive "$TMP/last.db" -o "$TMP/last1.pdf" >"$TMP/last1.out" ||
    fail "printing 999999 failed"
grep -qF "No. 999999 (serial recorded in $TMP/last.db, a new archive: no serials are left after 999999)" "$TMP/last1.out" ||
    fail "printing 999999: $(cat "$TMP/last1.out")"
"$DCACCESS" forms print --count 1 --first-serial 7 --archive "$TMP/last.db" -o "$TMP/last2.pdf" >"$TMP/last2.out" ||
    fail "printing 7 after 999999 failed"
grep -qF "No. 000007 (serial recorded in $TMP/last.db: 999999 was printed before, so the next need --first-serial)" "$TMP/last2.out" ||
    fail "printing 7 after 999999: $(cat "$TMP/last2.out")"
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
grep -qxF "dcaccess forms: interrupted, but $TMP/int/f.pdf was written in full" "$TMP/int.err" || fail "interrupted print: $(cat "$TMP/int.err")"
# Ctrl-C (here TERM) just after the serials are recorded, before the PDF is saved: nothing is
# written and the serials are given back (the line said "dcaccess: forms print: ...", where every
# other line of the command says "dcaccess forms: ...")
"$DCACCESS" forms print --count 2 --first-serial 1 --archive "$TMP/int2.db" -o "$TMP/int2a.pdf" >/dev/null
st=0
DC_INTERRUPT_SQL=COMMIT DC_INTERRUPT_AFTER=1 LD_PRELOAD="$DC_INTERRUPT_LIB" \
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
    "$DCACCESS" forms print --count 2 --archive "$TMP/int2.db" -o "$TMP/int2b.pdf" >/dev/null 2>"$TMP/int2.err" || st=$?
[ $st = 3 ] && [ "$(cat "$TMP/int2.err")" = "dcaccess forms: interrupted: nothing written, serials 000003 to 000004 given back" ] &&
    [ ! -e "$TMP/int2b.pdf" ] || fail "print interrupted before the PDF: exit $st, $(cat "$TMP/int2.err")"
echo "ok: 4 pages, serials 000041-000042, continued at 000043, reprint only with --reprint, blank forms scanned stay free, scanned never, two at once apart, never over the archive, bad --form -> 2, bad path -> 3, interrupted -> whole"
