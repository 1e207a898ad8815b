#!/bin/bash
# e2e (issue 4): crash safety. A generated batch is scanned into an archive, the scan is killed with
# SIGKILL once some pages are stored, then the same scan is run again: every page is in the archive
# exactly once, every form set has its record, and verify passes.
# DC_CRASH_SETS form sets (2 pages each; default 15 = 30 pages for ctest; the issue's 200-page run is
# DC_CRASH_SETS=100). Nothing is skipped: a missing prerequisite fails the test.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
GEN="$DC_BINARY_DIR/samples/dcaccess-samplegen"
SETS=${DC_CRASH_SETS:-15}
[ -x "$DCACCESS" ] || fail "dcaccess not built: $DCACCESS"
[ -x "$GEN" ] || fail "dcaccess-samplegen not built: $GEN"
command -v sqlite3 >/dev/null || fail "the sqlite3 shell is missing (scripts/deps.sh installs it)"
tmp=$(mktemp -d)
scan_pid= standin= live=
trap '[ -n "$scan_pid" ] && kill -9 "$scan_pid" 2>/dev/null; [ -n "$standin" ] && kill "$standin" 2>/dev/null; [ -n "$live" ] && kill "$live" 2>/dev/null; rm -rf "$tmp"' EXIT
DB="$tmp/crash.db"
export DCACCESS_BATCH_DATE=2026-11-02
# not before the scan has made the archive: the sqlite3 shell leaves an empty file where it looks,
# which the scan then refuses (an empty file is not an archive)
q() { [ -s "$DB" ] && sqlite3 "$DB" "$1" 2>/dev/null || echo 0; }

"$GEN" --seed 4242 --sets "$SETS" --date 2026-11-02 --damage clean --no-extras -o "$tmp/corpus" >/dev/null
mapfile -t IMAGES < <(find "$tmp/corpus" -maxdepth 1 -type f ! -name '*.json' | sort)
expected=$(grep -c '"kind":' "$tmp/corpus/truth.json")
[ "$expected" -eq $((2 * SETS)) ] || fail "corpus has $expected pages, expected $((2 * SETS))"

# scan in the background; SIGKILL once a few pages are stored (early, so that a fast scanner on an
# idle machine cannot finish the batch between two polls)
"$DCACCESS" scan --archive "$DB" "${IMAGES[@]}" >"$tmp/scan1.out" 2>"$tmp/scan1.err" &
scan_pid=$!
target=$((expected / 10 > 0 ? expected / 10 : 1))
for _ in $(seq 1 3000); do
    n=$(q 'SELECT count(*) FROM pages')
    [ "${n:-0}" -ge "$target" ] && break
    kill -0 "$scan_pid" 2>/dev/null || break
    sleep 0.05
done
kill -9 "$scan_pid" 2>/dev/null || fail "the scan finished before it could be killed ($(q 'SELECT count(*) FROM pages') pages)"
wait "$scan_pid" 2>/dev/null || true
scan_pid=
stored=$(q 'SELECT count(*) FROM pages')
echo "killed the scan with $stored of $expected pages stored"
[ "$stored" -ge 1 ] && [ "$stored" -lt "$expected" ] || fail "kill landed outside the batch ($stored of $expected pages)"
[ "$(q "SELECT count(*) FROM batches WHERE status='running'")" -eq 1 ] || fail "the killed batch is not left running"
# the batch is named with when it was scanned in local time (WIB at the data center), as the audit
# report shows times; the archive keeps UTC ("scanned 2026-12-10T01:15:01Z" was said for 08:15 WIB)
export TZ=Asia/Pontianak
started=$(TZ=Asia/Pontianak date -d "$(q 'SELECT started FROM batches WHERE id = 1')" '+%Y-%m-%d %H:%M WIB')

# until the files are scanned again, verify, pending and every report say that the batch did not
# finish (a report counted without its visits and said nothing)
# (exit 1: the same files are to be scanned again; the chain itself is whole)
rc=0; "$DCACCESS" verify --archive "$DB" >"$tmp/verify0.out" || rc=$?
[ "$rc" -eq 1 ] && grep -q ": OK$" "$tmp/verify0.out" || fail "verify after the kill: exit $rc, $(cat "$tmp/verify0.out")"
grep -qE "^note: batch 1 \(2026-11-02, scanned $started\) did not finish: $stored pages? stored, .*the rest missing: scan the same files again$" \
    "$tmp/verify0.out" || fail "verify does not say the batch did not finish: $(cat "$tmp/verify0.out")"
rc=0; "$DCACCESS" report daily 2026-11-02 --format pdf --archive "$DB" -o "$tmp/rep" >/dev/null 2>"$tmp/rep.err" || rc=$?
[ "$rc" -eq 1 ] && grep -q "^dcaccess report: warning: the report leaves out what was not stored: batch 1 " "$tmp/rep.err" ||
    fail "a report after the kill: exit $rc, $(cat "$tmp/rep.err")"
# ...and the report itself says so at its top: the file is what is passed on
pdftotext "$tmp/rep/harian-2026-11-02.pdf" - | tr '\n' ' ' | grep -qF "PERINGATAN: 1 batch pemindaian tidak selesai atau masih berjalan" ||
    fail "the report after the kill does not carry the warning"
rc=0; "$DCACCESS" pending --archive "$DB" >/dev/null 2>"$tmp/pending.err" || rc=$?
[ "$rc" -eq 1 ] && grep -q "^dcaccess: note: batch 1 .* did not finish" "$tmp/pending.err" ||
    fail "pending after the kill: exit $rc, $(cat "$tmp/pending.err")"
# a scan at work now (not one that did not finish) leaves verify's exit at 0 and pending's at its own:
# a copy whose batch names a live dcaccess process (a stand-in, so named)
cp "$(command -v sleep)" "$tmp/dcaccess-sleep"
"$tmp/dcaccess-sleep" 60 & busy=$!
sqlite3 "$DB" ".backup '$tmp/busy.db'"
sqlite3 "$tmp/busy.db" "UPDATE batches SET status = 'running', pid = $busy WHERE id = 1"
rc=0; "$DCACCESS" verify --archive "$tmp/busy.db" >"$tmp/busy.out" || rc=$?
rcp=0; "$DCACCESS" pending --archive "$tmp/busy.db" >/dev/null 2>"$tmp/busyp.err" || rcp=$?
# ...and so does a scan of another stack (a white page: a blank back), which names it
python3 -c "import sys, zlib, struct
w, h = 850, 1100
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
sys.stdout.buffer.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 0, 0, 0, 0))
    + chunk(b'IDAT', zlib.compress(b''.join(b'\x00' + b'\xff' * w for _ in range(h)))) + chunk(b'IEND', b''))" >"$tmp/white.png"
rcs=0; "$DCACCESS" scan --batch-date 2026-11-03 --archive "$tmp/busy.db" "$tmp/white.png" >"$tmp/busys.out" 2>&1 || rcs=$?
kill "$busy" 2>/dev/null || true
[ "$rc" -eq 0 ] && grep -q "is being scanned now" "$tmp/busy.out" ||
    fail "verify while a scan is at work: exit $rc, $(cat "$tmp/busy.out")"
[ "$rcp" -eq 0 ] || fail "pending while a scan is at work: exit $rcp, $(cat "$tmp/busyp.err")"
[ "$rcs" -eq 0 ] && grep -qE "^  unfinished:   batch 1 \(2026-11-02, started $started\) is being scanned now: " "$tmp/busys.out" ||
    fail "a scan of another stack while a scan is at work: exit $rcs, $(cat "$tmp/busys.out")"
# a real dcaccess started as an operator starts it (OMP_THREAD_LIMIT not set: it re-executes itself)
# keeps its name, so a batch it holds is at work: it was named "exe" (/proc/self/exe), and verify
# said a live scan "did not finish: ... scan the same files again" (exit 1). `review` waiting for
# an answer stands in for a scan at work
sqlite3 "$DB" ".backup '$tmp/live-rv.db'"
sleep 60 | env -u OMP_THREAD_LIMIT "$DCACCESS" review --by Tester --archive "$tmp/live-rv.db" >"$tmp/live.out" 2>&1 &
live=$!
for _ in $(seq 1 200); do [ -s "$tmp/live.out" ] && break; sleep 0.05; done
[ -s "$tmp/live.out" ] || fail "review (the live stand-in) printed nothing in 10 s"
[ "$(cat "/proc/$live/comm")" = dcaccess ] || fail "a dcaccess started without OMP_THREAD_LIMIT is named $(cat "/proc/$live/comm")"
sqlite3 "$DB" ".backup '$tmp/live.db'"
sqlite3 "$tmp/live.db" "UPDATE batches SET status = 'running', pid = $live WHERE id = 1"
rc=0; "$DCACCESS" verify --archive "$tmp/live.db" >"$tmp/live-verify.out" || rc=$?
kill "$live" 2>/dev/null || true
live=
[ "$rc" -eq 0 ] && grep -qE "^note: batch 1 \(2026-11-02, started $started\) is being scanned now: " "$tmp/live-verify.out" ||
    fail "verify while a real dcaccess holds the batch: exit $rc, $(cat "$tmp/live-verify.out")"
# a scan of another stack after the kill names the batch cut off, and exits 1 (its files are to be
# scanned again), as verify and pending do: it exited 0
sqlite3 "$DB" ".backup '$tmp/other.db'"
rcs=0; "$DCACCESS" scan --batch-date 2026-11-03 --archive "$tmp/other.db" "$tmp/white.png" >"$tmp/other.out" 2>&1 || rcs=$?
[ "$rcs" -eq 1 ] && grep -qE "^  unfinished:   batch 1 \(2026-11-02, scanned $started\) did not finish: $stored pages? stored, .*the rest missing: scan the same files again$" "$tmp/other.out" ||
    fail "a scan of another stack after the kill: exit $rcs, $(cat "$tmp/other.out")"
# batch-date lists it as unfinished, not as running (its scan is gone)
"$DCACCESS" batch-date --archive "$DB" | awk 'NR == 2 {print $1, $3, $4, $5, $6}' | grep -qxF "1 $started unfinished" ||
    fail "batch-date after the kill: $("$DCACCESS" batch-date --archive "$DB")"
# review (on a copy) builds the records of the forms stored, so that their fields can be answered
sqlite3 "$DB" ".backup '$tmp/rv.db'"
echo q | "$DCACCESS" review --by Tester --archive "$tmp/rv.db" >/dev/null 2>"$tmp/rv.err" || true
built=$(sqlite3 "$tmp/rv.db" "SELECT count(*) FROM records")
[ "$built" -ge 1 ] && grep -qx "dcaccess review: built $built records\? that a scan cut off had not" "$tmp/rv.err" ||
    fail "review after the kill: $built records, $(cat "$tmp/rv.err")"

# ...but not those of a scan at work now (its process alive, a dcaccess): they are its own to build,
# a form's second page may be still to come. A stand-in process named dcaccess-* holds the batch
# (review said it built the records "a scan cut off had not" while another scan ran)
sqlite3 "$DB" ".backup '$tmp/rv2.db'"
cp "$(command -v sleep)" "$tmp/dcaccess-scan"
"$tmp/dcaccess-scan" 60 &
standin=$!
sqlite3 "$tmp/rv2.db" "UPDATE batches SET pid = $standin WHERE status = 'running'"
rc=0; echo q | "$DCACCESS" review --by Tester --archive "$tmp/rv2.db" >"$tmp/rv2.out" 2>"$tmp/rv2.err" || rc=$?
# the fields of those forms are not offered (answered, they were refused and review stopped, exit 3),
# and a correction of one says why it waits
unbuilt=$(sqlite3 "$tmp/rv2.db" "SELECT count(*) FROM fields f JOIN pages p ON p.id = f.page_id WHERE f.state = 'review' AND p.status = 'form'")
[ "$rc" -eq 1 ] && grep -qxF "$unbuilt more fields in review belong to forms whose record is not built yet (see the note on their batch): listed once it is" "$tmp/rv2.out" &&
    grep -qxF "no field is waiting for review now" "$tmp/rv2.out" ||
    fail "review of the fields of a scan at work: exit $rc, $(cat "$tmp/rv2.out")"
"$DCACCESS" pending --archive "$tmp/rv2.db" >/dev/null 2>"$tmp/pd2.err" || true
grep -qxF "dcaccess: note: $unbuilt more fields in review belong to forms whose record is not built yet (see the note on their batch): listed once it is" "$tmp/pd2.err" ||
    fail "pending of the fields of a scan at work: $(cat "$tmp/pd2.err")"
serial=$(sqlite3 "$tmp/rv2.db" "SELECT serial FROM pages WHERE status = 'form' ORDER BY id LIMIT 1")
rc=0; "$DCACCESS" correct "$serial" exit_time 11:00 --by Tester --archive "$tmp/rv2.db" >/dev/null 2>"$tmp/c2.err" || rc=$?
[ "$rc" -eq 2 ] && grep -qxF "dcaccess: correct: not found: correcting $serial exit_time: no record with serial $serial in $tmp/rv2.db yet: its pages are stored, and the scan storing them builds it when they are in (dcaccess pending notes that scan): correct it after" "$tmp/c2.err" ||
    fail "correct of a form of a scan at work: exit $rc, $(cat "$tmp/c2.err")"
kill "$standin"; wait "$standin" 2>/dev/null || true
standin=
[ "$(sqlite3 "$tmp/rv2.db" "SELECT count(*) FROM records")" -eq 0 ] ||
    fail "review built the records of a scan at work: $(cat "$tmp/rv2.err")"
! grep -q "cut off" "$tmp/rv2.err" && grep -qE "^dcaccess: note: batch 1 \(2026-11-02, started $started\) is being scanned now: $stored pages? stored so far; what it has not stored yet is not in the archive$" "$tmp/rv2.err" ||
    fail "review while a scan is at work: $(cat "$tmp/rv2.err")"

# the same scan again finishes the job
rc=0
"$DCACCESS" scan --archive "$DB" "${IMAGES[@]}" >"$tmp/scan2.out" 2>"$tmp/scan2.err" || rc=$?
[ "$rc" -le 1 ] || fail "rescan exited $rc: $(tail -3 "$tmp/scan2.err")"
cat "$tmp/scan2.out"
grep -q "$stored already archived" "$tmp/scan2.out" || fail "rescan did not skip the $stored stored pages"
[ "$(q 'SELECT count(*) FROM pages')" -eq "$expected" ] || fail "archive has $(q 'SELECT count(*) FROM pages') pages, expected $expected"
[ "$(q 'SELECT count(*) FROM (SELECT 1 FROM pages GROUP BY file_sha256, page HAVING count(*) > 1)')" -eq 0 ] || fail "a page is stored twice"
[ "$(q 'SELECT count(*) FROM records')" -eq "$SETS" ] || fail "archive has $(q 'SELECT count(*) FROM records') records, expected $SETS"
# the killed batch is finished by the run that scanned its files again, and nothing says otherwise
[ "$(q "SELECT count(*) FROM batches WHERE status <> 'finished'")" -eq 0 ] || fail "a batch is left unfinished: $(q 'SELECT * FROM batches')"
! grep -q "unfinished:" "$tmp/scan2.out" || fail "the rescan still names an unfinished batch"
"$DCACCESS" verify --archive "$DB" >"$tmp/verify.out" || fail "verify failed after the crash: $(cat "$tmp/verify.out")"
cat "$tmp/verify.out"
! grep -q "^note:" "$tmp/verify.out" || fail "verify still notes: $(cat "$tmp/verify.out")"
echo "PASS"
