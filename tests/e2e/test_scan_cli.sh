#!/usr/bin/env bash
# e2e: `dcaccess scan --dry-run --json` identifies every page of printed PDFs and of the committed
# sample day, in input order, rejects bad input by name, and exits 0/1/2 as documented; a set filled
# in with pencil, and one whose operator part alone is in pencil, are decided as their truth says.
set -euo pipefail
: "${DCACCESS:?path of the built dcaccess command}"
: "${DC_SOURCE_DIR:?source tree}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dce2e-scan-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
# a failure keeps what the commands wrote (their stderr, the sets, the scans' JSON) for diagnosis
fail() { echo "FAIL: $*" >&2; trap - EXIT; echo "(kept for diagnosis: $TMP)" >&2; exit 1; }

# Usage errors: exit 2.
set +e
"$DCACCESS" scan >/dev/null 2>&1; st=$?
[ $st = 2 ] || fail "scan without inputs: exit $st, expected 2"
"$DCACCESS" scan --jobs 0 x.png >/dev/null 2>&1; st=$?
[ $st = 2 ] || fail "--jobs 0: exit $st, expected 2"
# a path that does not exist is a typo: refused by name, nothing stored, no archive created
"$DCACCESS" scan --archive "$TMP/typo.db" "$TMP/no-such-folder" >/dev/null 2>"$TMP/typo.err"; st=$?
[ $st = 2 ] || fail "missing input path: exit $st, expected 2"
grep -q "no-such-folder: no such file or folder" "$TMP/typo.err" || fail "missing path not named: $(cat "$TMP/typo.err")"
[ ! -e "$TMP/typo.db" ] || fail "an archive was created for a missing input path"
# ...and so is a file an option or the environment names: the real run said "file input/output
# error" with exit 3 (for a rules file, naming the archive, after starting the scanner); and so is an
# empty name (a shell variable not set): --staff "" and --letter-model "" were taken for none, and the
# stack read without the roster or the letter recognizer (exit 0); the word none is none. A folder given
# where a file is wanted is said to be one, with what the option wants (exit 3, as an output folder that
# is a file): --rules said 'DIR: file input/output error: DIR: is a folder, not a file', --staff
# 'starting the scanner: file input/output error: staff roster: DIR: is a folder, not a file', and
# --icr-model, --letter-model 'starting the scanner: recognizer model error (digits or letters): DIR:
# is a folder, not an ICR model file: name the model file itself'
# scan_named OPT NAME EXIT WHY: a scan given OPT NAME exits EXIT saying "dcaccess scan: OPT WHY; nothing
# was done", before a page is read or an archive made
scan_named() {
    "$DCACCESS" scan --archive "$TMP/typo.db" "$1" "$2" "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" >"$TMP/typo.out" 2>"$TMP/typo.err"; st=$?
    [ $st = "$3" ] && [ "$(cat "$TMP/typo.err")" = "dcaccess scan: $1 $4; nothing was done" ] || fail "$1 \"$2\": exit $st, $(cat "$TMP/typo.err")"
    [ ! -s "$TMP/typo.out" ] && [ ! -e "$TMP/typo.db" ] || fail "$1 \"$2\": pages read or an archive made"
}
models=$DC_SOURCE_DIR/scan/models
for opt in --rules --staff --letter-model --icr-model; do
    scan_named $opt "$TMP/no-such-file" 2 "$TMP/no-such-file: no such file or folder"
    scan_named $opt "" 2 '"": an empty name, no file or folder'
    case $opt in --rules) what="a rules file";; --staff) what="a staff roster file";; *) what="an ICR model file";; esac
    scan_named $opt "$models" 3 "$models: is a folder, not $what: name the file itself"
done
for var in DCACCESS_RULES:"a rules file" DCACCESS_STAFF:"a staff roster file" DCACCESS_LETTER_MODEL:"an ICR model file"; do
    env "${var%%:*}=$models" "$DCACCESS" scan --dry-run "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" >"$TMP/typo.out" 2>"$TMP/typo.err"; st=$?
    [ $st = 3 ] && [ "$(cat "$TMP/typo.err")" = "dcaccess scan: \$${var%%:*}=$models: is a folder, not ${var#*:}: name the file itself; nothing was done" ] &&
        [ ! -s "$TMP/typo.out" ] || fail "\$${var%%:*} naming a folder: exit $st, $(cat "$TMP/typo.err")"
done
# an option that takes a value, given twice, is a slip: which was meant cannot be known (exit 2, the
# option named, nothing read); all but --rules and --archive took the last one without a word (exit 0)
while read -r opt first second; do
    "$DCACCESS" scan --archive "$TMP/typo.db" $opt "$first" $opt "$second" "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" >"$TMP/typo.out" 2>"$TMP/typo.err"; st=$?
    [ $st = 2 ] && [ "$(cat "$TMP/typo.err")" = "dcaccess scan: $opt given twice" ] || fail "$opt twice: exit $st, $(cat "$TMP/typo.err")"
    [ ! -s "$TMP/typo.out" ] && [ ! -e "$TMP/typo.db" ] || fail "$opt twice: pages read or an archive made"
done <<OPTIONS
--staff none none
--icr-model $DC_SOURCE_DIR/scan/models/icr-digits.bin $DC_SOURCE_DIR/scan/models/icr-digits.bin
--letter-model none $DC_SOURCE_DIR/scan/models/icr-caps.bin
--digits icr tesseract
--batch-date 2026-01-01 2026-01-02
--jobs 1 2
-j 1 2
--rules $DC_SOURCE_DIR/parse/rules.default.json $DC_SOURCE_DIR/parse/rules.default.json
--archive $TMP/typo.db $TMP/typo.db
OPTIONS
"$DCACCESS" scan --dry-run --json --archive "$TMP/none.db" --staff none --letter-model none "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" >"$TMP/none.out" 2>"$TMP/none.err"; st=$?
[ $st -le 1 ] && [ "$(grep -c '"serial"' "$TMP/none.out")" = 1 ] && grep -q "digits read by icr$" "$TMP/none.err" ||
    fail "--staff none --letter-model none: exit $st, $(cat "$TMP/none.err")"
DCACCESS_STAFF= DCACCESS_LETTER_MODEL= "$DCACCESS" scan --dry-run --json --archive "$TMP/none.db" "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" >"$TMP/none.out" 2>"$TMP/none.err"; st=$?
[ $st -le 1 ] && grep -q "digits read by icr, letters by tesseract and icr" "$TMP/none.err" ||
    fail "variables set empty (as unset): exit $st, $(cat "$TMP/none.err")"
# --icr-model none, as --letter-model none turns that reader off, points to --digits (it said only "no such
# file or folder")
"$DCACCESS" scan --archive "$TMP/typo.db" --icr-model none "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" >"$TMP/typo.out" 2>"$TMP/typo.err"; st=$?
[ $st = 2 ] && [ "$(cat "$TMP/typo.err")" = "dcaccess scan: --icr-model none: no such file; --icr-model names the digit recognizer's model file: to read digits with Tesseract alone, give --digits tesseract; nothing was done" ] ||
    fail "--icr-model none: exit $st, $(cat "$TMP/typo.err")"
[ ! -s "$TMP/typo.out" ] && [ ! -e "$TMP/typo.db" ] || fail "--icr-model none: pages read or an archive made"
# ...and --digits tesseract, which that line points to, reads (it was refused as an --icr-model "" given,
# exit 2); so it does after an --icr-model, whose file it then does not read
for first in "" "--icr-model $TMP/no-such-file"; do
    "$DCACCESS" scan --dry-run --json --archive "$TMP/tess.db" $first --digits tesseract "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" >"$TMP/tess.out" 2>"$TMP/tess.err"; st=$?
    [ $st -le 1 ] && [ "$(grep -c '"serial"' "$TMP/tess.out")" = 1 ] ||
        fail "--digits tesseract${first:+ after $first}: exit $st, $(cat "$TMP/tess.err")"
    grep -q "digits read by tesseract," "$TMP/tess.err" || fail "--digits tesseract: $(cat "$TMP/tess.err")"
done
DCACCESS_RULES="$TMP/no-such-file" "$DCACCESS" scan --dry-run "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" >/dev/null 2>"$TMP/typo.err"; st=$?
[ $st = 2 ] && [ "$(cat "$TMP/typo.err")" = "dcaccess scan: \$DCACCESS_RULES=$TMP/no-such-file: no such file or folder; nothing was done" ] ||
    fail "\$DCACCESS_RULES naming no file: exit $st, $(cat "$TMP/typo.err")"
DCACCESS_STAFF="$TMP/no-such-file" "$DCACCESS" scan --dry-run "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" >/dev/null 2>"$TMP/typo.err"; st=$?
[ $st = 2 ] && [ "$(cat "$TMP/typo.err")" = "dcaccess scan: \$DCACCESS_STAFF=$TMP/no-such-file: no such file or folder; nothing was done" ] ||
    fail "\$DCACCESS_STAFF naming no file: exit $st, $(cat "$TMP/typo.err")"
# an empty folder (the wrong one, or the scanner's copy not done) is said, and the exit is 1
mkdir -p "$TMP/empty"
"$DCACCESS" scan --archive "$TMP/empty.db" "$TMP/empty" >/dev/null 2>"$TMP/empty.err"; st=$?
[ $st = 1 ] || fail "an empty folder: exit $st, expected 1"
grep -qF "dcaccess scan: no scan files in what was given (image or PDF files: .tif .png .jpg .pnm .bmp .pdf); check the scanner's folder" \
    "$TMP/empty.err" || fail "an empty folder: $(cat "$TMP/empty.err")"
# a batch date that is not a date is refused by name, from the option or from the environment
"$DCACCESS" scan --archive "$TMP/bd.db" --batch-date 2026-02-30 "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" >/dev/null 2>"$TMP/bd.err"; st=$?
[ $st = 2 ] || fail "--batch-date 2026-02-30: exit $st, expected 2"
grep -qF -- '--batch-date wants a real date as YYYY-MM-DD, got "2026-02-30"' "$TMP/bd.err" || fail "batch date error: $(cat "$TMP/bd.err")"
DCACCESS_BATCH_DATE=garbage "$DCACCESS" scan --archive "$TMP/bd.db" "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" >/dev/null 2>"$TMP/bd.err"; st=$?
[ $st = 2 ] || fail "DCACCESS_BATCH_DATE=garbage: exit $st, expected 2"
grep -qF '$DCACCESS_BATCH_DATE wants a real date as YYYY-MM-DD, got "garbage"' "$TMP/bd.err" || fail "env batch date error: $(cat "$TMP/bd.err")"
[ ! -e "$TMP/bd.db" ] || fail "an archive was created with a bad batch date"
# a batch date after today (a slip: 2062 for 2026) is said, not refused (the PC's clock may be wrong)
"$DCACCESS" scan --dry-run --batch-date 2999-01-01 "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" >/dev/null 2>"$TMP/bd.err" || true
grep -qE "^dcaccess scan: note: the batch date 2999-01-01 is after today \([0-9]{4}-[0-9]{2}-[0-9]{2} by this PC's clock\): if it is a slip, fix it afterwards with dcaccess batch-date$" "$TMP/bd.err" ||
    fail "a batch date to come: $(cat "$TMP/bd.err")"
# a malformed rules file is refused before the stack is read, by a dry run too (exit 3, the key named)
printf '{"version": 1, "visit_limit_minutes": "sixty"}\n' >"$TMP/rules.json"
"$DCACCESS" scan --dry-run --rules "$TMP/rules.json" "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" >"$TMP/rules.out" 2>"$TMP/rules.err"; st=$?
[ $st = 3 ] && [ "$(cat "$TMP/rules.err")" = "dcaccess scan: --rules: malformed rules file: $TMP/rules.json: key \"visit_limit_minutes\": must be an integer" ] ||
    fail "dry run with a malformed rules file: exit $st, $(cat "$TMP/rules.err")"
[ ! -s "$TMP/rules.out" ] || fail "pages were read with a malformed rules file: $(cat "$TMP/rules.out")"
# the real run refuses it before the scanner starts, naming the file (it named the archive) once, after
# the option (it was 'dcaccess: FILE: malformed rules file: FILE: key ...')
"$DCACCESS" scan --archive "$TMP/rules.db" --rules "$TMP/rules.json" "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" >"$TMP/rules.out" 2>"$TMP/rules.err"; st=$?
[ $st = 3 ] && [ "$(cat "$TMP/rules.err")" = "dcaccess scan: --rules: malformed rules file: $TMP/rules.json: key \"visit_limit_minutes\": must be an integer" ] ||
    fail "scan with a malformed rules file: exit $st, $(cat "$TMP/rules.err")"
[ ! -s "$TMP/rules.out" ] && [ ! -e "$TMP/rules.db" ] || fail "a scan with a malformed rules file read pages or made an archive"
# ...and so is one that cannot be read (it was 'dcaccess: FILE: file input/output error: FILE: Permission
# denied'); root reads a file of mode 000, so root reads it as nobody
printf '{"version": 1}\n' >"$TMP/locked.json"
chmod 000 "$TMP/locked.json"
as=()
if [ "$(id -u)" = 0 ]; then
    command -v setpriv >/dev/null || fail "setpriv (util-linux) is needed to read a file of mode 000 as another user than root"
    as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    chmod 755 "$TMP"
fi
"${as[@]}" "$DCACCESS" scan --dry-run --rules "$TMP/locked.json" "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" >"$TMP/rules.out" 2>"$TMP/rules.err"; st=$?
[ $st = 3 ] && [ "$(cat "$TMP/rules.err")" = "dcaccess scan: --rules: file input/output error: $TMP/locked.json: Permission denied" ] &&
    [ ! -s "$TMP/rules.out" ] || fail "--rules naming a file that cannot be read: exit $st, $(cat "$TMP/rules.err")"
rm -f "$TMP/locked.json"
# A staff roster or a model file that is there but will not do (it cannot be read, or is not what the
# option wants) is said after the option or variable, the file once, with what to do, before a page is
# read or an archive made (exit 3). It was said under "starting the scanner" with no option: 'dcaccess:
# starting the scanner: file input/output error: staff roster: FILE: Permission denied', 'dcaccess:
# starting the scanner: recognizer model error (digits or letters): FILE: not an ICR model (size 6)', and
# a PNG given as the roster had its first bytes quoted as a name ('line 1: "\x89PNG" is not a name').
# scan_refused LINE ARGS...: a scan given ARGS (an environment first, through env) exits 3 saying LINE
scan_refused() {
    local want=$1; shift
    rm -f "$TMP/input.db"
    env "$@" "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" --archive "$TMP/input.db" >"$TMP/input.out" 2>"$TMP/input.err"; st=$?
    [ $st = 3 ] && [ "$(cat "$TMP/input.err")" = "$want" ] || fail "${*: -3}: exit $st, $(cat -v "$TMP/input.err")"
    [ ! -s "$TMP/input.out" ] && [ ! -e "$TMP/input.db" ] || fail "${*: -3}: pages read or an archive made"
}
models=$DC_SOURCE_DIR/scan/models
digits_todo="leave --icr-model out to read digits with the installed model ($models/icr-digits.bin), or give --digits tesseract to read digits with Tesseract alone; nothing was done"
letters_todo="leave --letter-model out to read hand-printed letters with the installed model ($models/icr-caps.bin), or give --letter-model none to read hand-printed letters with Tesseract alone; nothing was done"
roster_todo="a roster is a text file of the staff's names in block capitals, one a line: give that file, or --staff none to scan without one; nothing was done"
printf 'RUDI HARTONO\n' >"$TMP/locked.txt"
cp "$models/icr-digits.bin" "$TMP/locked.bin"
chmod 000 "$TMP/locked.txt" "$TMP/locked.bin"
scan_refused "dcaccess scan: --staff: staff roster $TMP/locked.txt: Permission denied; give a roster this user can read, or --staff none to scan without one; nothing was done" \
    "${as[@]}" "$DCACCESS" scan --staff "$TMP/locked.txt"
scan_refused "dcaccess scan: \$DCACCESS_STAFF: staff roster $TMP/locked.txt: Permission denied; give a roster this user can read, or set DCACCESS_STAFF to none to scan without one; nothing was done" \
    DCACCESS_STAFF="$TMP/locked.txt" "${as[@]}" "$DCACCESS" scan
scan_refused "dcaccess scan: --icr-model: $TMP/locked.bin: cannot open ICR model: Permission denied; $digits_todo" \
    "${as[@]}" "$DCACCESS" scan --icr-model "$TMP/locked.bin"
scan_refused "dcaccess scan: --letter-model: $TMP/locked.bin: cannot open ICR model: Permission denied; $letters_todo" \
    "${as[@]}" "$DCACCESS" scan --letter-model "$TMP/locked.bin"
rm -f "$TMP/locked.txt" "$TMP/locked.bin"
# a file that is plainly not text is said to be one, and no byte of it reaches the terminal
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR' >"$TMP/staff.png"
scan_refused "dcaccess scan: --staff: staff roster $TMP/staff.png is not a text file (line 1: not UTF-8); $roster_todo" \
    "$DCACCESS" scan --staff "$TMP/staff.png"
printf 'RUDI HARTONO\nbudi\x1b[31m\n' >"$TMP/escape.txt"
scan_refused "dcaccess scan: --staff: staff roster $TMP/escape.txt is not a text file (line 2: a control character); $roster_todo" \
    "$DCACCESS" scan --staff "$TMP/escape.txt"
printf 'RUDI 2\n' >"$TMP/numbered.txt"
scan_refused "dcaccess scan: --staff: staff roster $TMP/numbered.txt line 1: \"RUDI 2\" is not a name in block capitals; $roster_todo" \
    "$DCACCESS" scan --staff "$TMP/numbered.txt"
printf 'hello\n' >"$TMP/small.bin"
scan_refused "dcaccess scan: --icr-model: $TMP/small.bin: not an ICR model (size 6); $digits_todo" \
    "$DCACCESS" scan --icr-model "$TMP/small.bin"
scan_refused "dcaccess scan: \$DCACCESS_LETTER_MODEL: $TMP/small.bin: not an ICR model (size 6); unset DCACCESS_LETTER_MODEL to read hand-printed letters with the installed model ($models/icr-caps.bin), or set DCACCESS_LETTER_MODEL to none to read hand-printed letters with Tesseract alone; nothing was done" \
    DCACCESS_LETTER_MODEL="$TMP/small.bin" "$DCACCESS" scan
# a model of the other kind (a dry run too): the letter model as the digit one, and the other way round
scan_refused "dcaccess scan: --letter-model: $models/icr-digits.bin: a model of 10 symbols, not 26; $letters_todo" \
    "$DCACCESS" scan --dry-run --letter-model "$models/icr-digits.bin"
scan_refused "dcaccess scan: --icr-model: $models/icr-caps.bin: a model of 26 symbols, not 10; $digits_todo" \
    "$DCACCESS" scan --icr-model "$models/icr-caps.bin"
set -e

# A file name that is not UTF-8 (from another system's share) is still given in the JSON, with
# U+FFFD for the bad byte: Jansson refused the name and the key "file" was left out
mkdir -p "$TMP/latin1"
cp "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" "$TMP/latin1/$(printf 'scan\xe9.jpg')"
"$DCACCESS" scan --dry-run --json "$TMP/latin1" >"$TMP/latin1.jsonl" 2>/dev/null || true
[ "$(jq -r '.file' "$TMP/latin1.jsonl")" = "$TMP/latin1/scan$(printf '\xef\xbf\xbd').jpg" ] || fail "a non-UTF-8 file name in --json: $(cat "$TMP/latin1.jsonl" | cut -c1-120)"

# A file name with a newline and an escape sequence is shown with \xNN, not passed to the terminal
mkdir -p "$TMP/esc"
printf junk >"$TMP/esc/$(printf 'bad\nname\033[31m.png')"
"$DCACCESS" scan --archive "$TMP/esc.db" "$TMP/esc" >"$TMP/esc.out" 2>/dev/null || true
grep -qF "rejected:     $TMP/esc/bad\\x0aname\\x1b[31m.png page 1: named .png but not a PNG (it holds text): save or scan it again as a PNG" "$TMP/esc.out" \
    || fail "a control character in a file name: $(cat -A "$TMP/esc.out")"
! grep -q $'\033' "$TMP/esc.out" || fail "an escape sequence reached the terminal"
# ...and so are bytes that are not UTF-8 (a Latin-1 name) and a C1 control (U+009B, an escape
# sequence's start to some terminals): they reached the terminal raw
mkdir -p "$TMP/esc8"
printf junk >"$TMP/esc8/$(printf 'bad\xffname\xc2\x9b31m.png')"
"$DCACCESS" scan --archive "$TMP/esc8.db" "$TMP/esc8" >"$TMP/esc8.out" 2>/dev/null || true
grep -qxF "  rejected:     $TMP/esc8/bad\xffname\xc2\x9b31m.png page 1: named .png but not a PNG (it holds text): save or scan it again as a PNG" "$TMP/esc8.out" \
    || fail "a file name that is not UTF-8: $(cat -A "$TMP/esc8.out")"
! grep -q $'\xff' "$TMP/esc8.out" && ! grep -q $'\xc2\x9b' "$TMP/esc8.out" || fail "a byte that is not UTF-8 reached the terminal"

# Output piped into a reader that stops early: the scan stores the whole stack and says the output
# was cut, exit 3 (SIGPIPE killed it without a word, its batch half stored)
# (a pipe whose reader is gone from the start: every write fails, no timing in it)
set +e
python3 "$DC_SOURCE_DIR/tests/support/closed-pipe.py" "$DCACCESS" scan --json --batch-date 2026-11-02 --archive "$TMP/pipe.db" "$DC_SOURCE_DIR/samples/day" 2>"$TMP/pipe.err"
st=$?
set -e
[ "$st" = 3 ] || fail "scan into a closed pipe: exit $st, expected 3: $(tail -2 "$TMP/pipe.err")"
grep -qxF "dcaccess: the output could not be written: the program reading it stopped before the end (what the command did is stored)" "$TMP/pipe.err" ||
    fail "scan into a closed pipe: $(tail -2 "$TMP/pipe.err")"
"$DCACCESS" verify --archive "$TMP/pipe.db" >"$TMP/pipe.verify" || fail "verify after a closed pipe: $(cat "$TMP/pipe.verify")"
! grep -q "did not finish" "$TMP/pipe.verify" && [ "$(sqlite3 "$TMP/pipe.db" "SELECT count(*) FROM records")" = 8 ] ||
    fail "scan into a closed pipe left the batch unfinished: $(cat "$TMP/pipe.verify")"

# A file of no format dcaccess reads: what its name says it is not, and whether it is text
mkdir -p "$TMP/unknown"
printf 'visitor list\nBUDI 10:00\n' >"$TMP/unknown/notes.pdf"
printf '\001\002\003\004junk' >"$TMP/unknown/blob"
"$DCACCESS" scan --dry-run "$TMP/unknown/notes.pdf" "$TMP/unknown/blob" >"$TMP/unknown.out" 2>/dev/null || true
grep -qxF "$TMP/unknown/notes.pdf page 1: rejected: named .pdf but not a PDF (it holds text): save or scan it again as a PDF" "$TMP/unknown.out" \
    || fail "a text file named .pdf: $(cat "$TMP/unknown.out")"
grep -qxF "$TMP/unknown/blob page 1: rejected: not an image or a PDF (unknown file format): take it out of the scan folder, or save the scan again as an image or a PDF" "$TMP/unknown.out" \
    || fail "a file of no known format: $(cat "$TMP/unknown.out")"

# A page rejected by an earlier scan of the same files is said again, and the exit is still 1
# (it was "0 rejected, 2 already archived" and exit 0, as if all were well)
mkdir -p "$TMP/again"
cp "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" "$TMP/again/"
head -c 30000 "$DC_SOURCE_DIR/samples/day/0012_skew.png" >"$TMP/again/cut.png"
tif="$DC_SOURCE_DIR/samples/day/0005_rot270.tif"
head -c $(($(stat -c %s "$tif") / 2)) "$tif" >"$TMP/again/cut.tif"
: >"$TMP/again/empty1.png"   # two empty files: each is itself, not a copy of the other
: >"$TMP/again/empty2.jpg"
for run in 1 2; do
    st=0
    "$DCACCESS" scan --batch-date 2026-11-02 --archive "$TMP/again.db" "$TMP/again" "$TMP/unknown/blob" >"$TMP/again.out" 2>/dev/null || st=$?
    [ $st = 1 ] || fail "scan $run of a folder with a cut file: exit $st, expected 1"
    # the first scan says what to do about a damaged file whose reason does not
    [ $run = 2 ] || grep -qxF "  rejected:     $TMP/again/cut.png page 1: truncated PNG (no IEND chunk): scan a good copy of the sheet, or take out a page that is not a form" "$TMP/again.out" ||
        fail "the first scan lists the cut file without what to do: $(cat "$TMP/again.out")"
done
grep -qxF "  still rejected: $TMP/again/cut.png page 1: truncated PNG (no IEND chunk) (by an earlier scan: scan a good copy of the sheet, or take out a page that is not a form)" "$TMP/again.out" \
    || fail "the rerun does not name the page still rejected: $(cat "$TMP/again.out")"
for e in empty1.png empty2.jpg; do
    grep -qxF "  still rejected: $TMP/again/$e page 1: empty file (by an earlier scan: scan a good copy of the sheet, or take out a page that is not a form)" "$TMP/again.out" ||
        fail "the rerun does not name $e: $(cat "$TMP/again.out")"
done
! grep -q "copy:" "$TMP/again.out" || fail "empty files taken for copies: $(cat "$TMP/again.out")"
# an empty file given twice in one run (its path, and again through ./): stored once by this run, not
# said to be archived before, nor rejected by an earlier scan
mkdir -p "$TMP/empty2x" && : >"$TMP/empty2x/e.png"
st=0
(cd "$TMP" && "$DCACCESS" scan --batch-date 2026-11-02 --archive "$TMP/empty2x.db" empty2x/e.png ./empty2x/e.png) >"$TMP/empty2x.out" 2>/dev/null || st=$?
[ $st = 1 ] && grep -qxF "  pages:        1 stored (0 forms, 0 blank, 0 duplicate, 1 rejected), 0 already archived, 1 in a second copy of a file of this run (not stored twice)" "$TMP/empty2x.out" &&
    ! grep -q "by an earlier scan" "$TMP/empty2x.out" || fail "an empty file given twice in one run: exit $st: $(cat "$TMP/empty2x.out")"
# a file that is not a scan: take it out (not "scan a good copy"), said once
grep -qxF "  still rejected: $TMP/unknown/blob page 1: not an image or a PDF (unknown file format): take it out of the scan folder, or save the scan again as an image or a PDF (by an earlier scan)" "$TMP/again.out" \
    || fail "the rerun's advice for a file that is not a scan: $(cat "$TMP/again.out")"
# a reason that says what to do already gets no second advice
grep -qE "^  still rejected: $TMP/again/cut.tif page 1: truncated TIFF \(the file ends at byte [0-9]+, before its page directory at byte [0-9]+\): copy or scan it again \(by an earlier scan\)$" "$TMP/again.out" \
    || fail "the rerun advises twice: $(cat "$TMP/again.out")"
# the rerun stored nothing, and left no empty batch in batch-date's list
grep -qxF "archive $TMP/again.db, no new batch (nothing stored)" "$TMP/again.out" || fail "rerun: $(head -1 "$TMP/again.out")"
[ "$("$DCACCESS" batch-date --archive "$TMP/again.db" | awk 'NR > 1 {print $1, $(NF - 1)}' | tr '\n' ' ')" = "1 6 " ] ||
    fail "batches after a rerun: $("$DCACCESS" batch-date --archive "$TMP/again.db")"

# A form with a corner off the scan (the image's top-left corner, a registration mark, blanked): rejected, and told to
# be scanned again with its stack's batch date, which gives it its set's checklist
mkdir -p "$TMP/fold"
python3 - "$DC_SOURCE_DIR/samples/day/0010_rot180.pnm" "$TMP/fold/fold.pnm" <<'EOF_PY'
import re, sys
d = open(sys.argv[1], 'rb').read()
m = re.match(rb'P4\s+(?:#.*\n\s*)*(\d+)\s+(\d+)\s', d)
w, h = int(m.group(1)), int(m.group(2))
px, rb = bytearray(d[m.end():]), (w + 7) // 8
for y in range(h // 8):
    px[y * rb:y * rb + w // 48] = bytes(w // 48)
open(sys.argv[2], 'wb').write(d[:m.end()] + px)
EOF_PY
st=0; "$DCACCESS" scan --batch-date 2026-11-02 --archive "$TMP/fold.db" "$TMP/fold" >"$TMP/fold.out" 2>/dev/null || st=$?
[ $st = 1 ] && grep -qxF "  rejected:     $TMP/fold/fold.pnm page 1: registration marks not found (the QR names form access serial 000006 page 1): a corner is folded, cut off or off the scanner glass; flatten the sheet and scan it again whole, at 100% on A4, into a new file, with --batch-date 2026-11-02 (its stack's date: its set's checklist then joins it)" "$TMP/fold.out" ||
    fail "a form with a corner off: exit $st, $(cat "$TMP/fold.out")"
st=0; "$DCACCESS" scan --batch-date 2026-11-05 --archive "$TMP/fold.db" "$TMP/fold" >"$TMP/fold2.out" 2>/dev/null || st=$?
[ $st = 1 ] && grep -qxF "  still rejected: $TMP/fold/fold.pnm page 1: registration marks not found (the QR names form access serial 000006 page 1): a corner is folded, cut off or off the scanner glass; flatten the sheet and scan it again whole, at 100% on A4, into a new file, with --batch-date 2026-11-02 (its stack's date: its set's checklist then joins it) (by an earlier scan)" "$TMP/fold2.out" ||
    fail "a form with a corner off, scanned again on another day: exit $st, $(cat "$TMP/fold2.out")"
# The same sheet scanned again into a new file (another pass through the scanner: other bytes, the
# same form): the summary said "1 stored (0 forms, 0 blank, 1 duplicate, 0 rejected)" and the scan's
# line "as read: 1 form, 0 blank, 0 duplicate" with "accepted by context: 1 visit date as the batch
# date" of a page whose values no record took, nothing saying why. The summary says which forms read
# it stored as duplicates, and what was accepted by context counts on pages stored as forms only.
mkdir -p "$TMP/rescan"
python3 - "$DC_SOURCE_DIR/samples/day/0010_rot180.pnm" "$TMP/rescan/again-0010.pnm" <<'EOF_PY'
import sys
d = open(sys.argv[1], 'rb').read()
nl = d.index(b'\n')
open(sys.argv[2], 'wb').write(d[:nl + 1] + b'# scanned again\n' + d[nl + 1:])
EOF_PY
ctx="scan: accepted by context: 1 visit date as the batch date, 0 values as checked before, 0 names or institutions by the visitor's ID number"
st=0; "$DCACCESS" scan --batch-date 2026-11-02 --archive "$TMP/rescan.db" "$DC_SOURCE_DIR/samples/day/0010_rot180.pnm" >"$TMP/rescan1.out" 2>"$TMP/rescan1.err" || st=$?
[ $st = 0 ] && grep -qxF "$ctx" "$TMP/rescan1.err" || fail "the first scan of 0010: exit $st, $(cat "$TMP/rescan1.err")"
st=0; "$DCACCESS" scan --batch-date 2026-11-02 --archive "$TMP/rescan.db" "$TMP/rescan" >"$TMP/rescan2.out" 2>"$TMP/rescan2.err" || st=$?
[ $st = 0 ] || fail "the same sheet scanned again: exit $st, $(cat "$TMP/rescan2.out" "$TMP/rescan2.err")"
[ "$(sed -n 2,4p "$TMP/rescan2.out")" = "  pages:        1 stored (0 forms, 0 blank, 1 duplicate, 0 rejected), 0 already archived
  duplicate:    1 page read as form is a sheet the archive holds already (the same form, serial and page): stored as duplicate, its record unchanged
  records:      0 in this batch (0 built or updated), 0 need review" ] || fail "the same sheet scanned again: $(cat "$TMP/rescan2.out")"
grep -q "^scan: 1 page read in [0-9.]* s ([0-9.]* pages/s), as read: 1 form, 0 blank, 0 duplicate, 0 rejected; " "$TMP/rescan2.err" &&
    ! grep -q "^scan: accepted by context\|^scan: read twice" "$TMP/rescan2.err" ||
    fail "the same sheet scanned again, what the scan says: $(cat "$TMP/rescan2.err")"

# That form's visit stored from another stack (5 November) and given its checklist by the 3 November
# stack's first run; the run rejecting the folded form is killed before its records (a power cut).
# The scan of the same files again takes the checklist back, and says so.
: "${DC_INTERRUPT_LIB:?the interrupt library (tests/support/interrupt.c, built with the tests)}"
day=$DC_SOURCE_DIR/samples/day
"$DCACCESS" scan --batch-date 2026-11-05 --archive "$TMP/kill.db" "$day/0010_rot180.pnm" >/dev/null 2>&1
"$DCACCESS" scan --batch-date 2026-11-03 --archive "$TMP/kill.db" "$day/0011_jpeg.jpg" >/dev/null 2>&1
st=0; (LD_PRELOAD=$DC_INTERRUPT_LIB DC_INTERRUPT_SQL=COMMIT DC_INTERRUPT_AFTER=1 DC_INTERRUPT_KILL=1 \
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" "$DCACCESS" scan --batch-date 2026-11-03 --archive "$TMP/kill.db" "$TMP/fold" >/dev/null 2>&1) 2>/dev/null || st=$?
[ $st = 137 ] || fail "the scan meant to be killed: exit $st"
st=0; "$DCACCESS" scan --batch-date 2026-11-03 --archive "$TMP/kill.db" "$TMP/fold" >"$TMP/kill.out" 2>/dev/null || st=$?
[ $st = 1 ] && grep -qxF "  rejected now: $day/0011_jpeg.jpg page 1 (stored by an earlier scan): its set's access form in this stack, $TMP/fold/fold.pnm page 1, was rejected, and the visit stored under serial 000006 is another stack's ($day/0010_rot180.pnm page 1, batch date 2026-11-05): this page goes with the rejected sheet, not with that visit; keep it with that paper, or, if the two are one visit's set, scan this page again into a new file with --batch-date 2026-11-05" "$TMP/kill.out" &&
    [ "$(sqlite3 "$TMP/kill.db" "select count(*) from records where serial = '000006' and checklist_page_id is null")" = 1 ] ||
    fail "a checklist taken back after a run killed before its records: exit $st, $(cat "$TMP/kill.out")"
"$DCACCESS" verify --archive "$TMP/kill.db" >/dev/null 2>&1 || fail "verify after the take-back of a killed run"

# Two scans of the same files at once: a page the other scan stored while this one read it is
# "still rejected", not counted away (exit 1 named no page). The second scan waits, its page read,
# just before storing it (tests/support/interrupt.c: at its first BEGIN IMMEDIATE) while the
# first scan stores it; the archive exists already, so that BEGIN is the page's.
: "${DC_INTERRUPT_LIB:?the interrupt library (tests/support/interrupt.c, built with the tests)}"
mkdir -p "$TMP/twice"
cp "$DC_SOURCE_DIR/samples/day/0004_clean300.png" "$TMP/twice/letter.png"   # not a form: rejected
"$DCACCESS" forms print --count 1 --first-serial 900 --archive "$TMP/twice.db" -o "$TMP/twice.pdf" >/dev/null 2>&1 ||
    fail "forms print for the two-scan archive"
st2=0
DC_WAIT_SQL="BEGIN IMMEDIATE" DC_WAIT_FOR="$TMP/twice.go" LD_PRELOAD="$DC_INTERRUPT_LIB" \
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
    "$DCACCESS" scan --batch-date 2026-11-02 --archive "$TMP/twice.db" "$TMP/twice" >"$TMP/twice2.out" 2>/dev/null &
second=$!
for _ in $(seq 3000); do [ -e "$TMP/twice.go.waiting" ] && break; sleep 0.02; done
[ -e "$TMP/twice.go.waiting" ] || fail "the second scan did not come to storing its page"
st1=0
"$DCACCESS" scan --batch-date 2026-11-02 --archive "$TMP/twice.db" "$TMP/twice" >"$TMP/twice1.out" 2>/dev/null || st1=$?
touch "$TMP/twice.go"
wait $second || st2=$?
[ $st1 = 1 ] && grep -qF "  pages:        1 stored (0 forms, 0 blank, 0 duplicate, 1 rejected)" "$TMP/twice1.out" ||
    fail "the first of two scans at once: exit $st1: $(cat "$TMP/twice1.out")"
[ $st2 = 1 ] && grep -qxF "  still rejected: $TMP/twice/letter.png page 1: not a dcaccess form (no registration marks / no QR): take it out of the stack; if it is one of our forms, part of it is cut off: scan it again whole (by an earlier scan)" "$TMP/twice2.out" ||
    fail "the second of two scans at once does not name the page still rejected: exit $st2: $(cat "$TMP/twice2.out")"
[ "$(sqlite3 "$TMP/twice.db" "SELECT count(*) FROM pages")" = 1 ] || fail "two scans at once stored the page twice"

# the same scan saved twice under two names, in one run: not "already archived" (it was not)
mkdir -p "$TMP/twin"
cp "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" "$TMP/twin/a.jpg"
cp "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" "$TMP/twin/b.jpg"
"$DCACCESS" scan --batch-date 2026-11-02 --archive "$TMP/twin.db" "$TMP/twin" >"$TMP/twin.out" 2>/dev/null || true
grep -qxF "  pages:        1 stored (1 form, 0 blank, 0 duplicate, 0 rejected), 0 already archived, 1 in a second copy of a file of this run (not stored twice)" "$TMP/twin.out" \
    || fail "two copies of one file: $(grep pages: "$TMP/twin.out")"
grep -qxF "  copy:         $TMP/twin/b.jpg: the same content as $TMP/twin/a.jpg (stored once)" "$TMP/twin.out" \
    || fail "the copy is not named: $(cat "$TMP/twin.out")"
# ...and a copy of it in another folder scanned later (a day's scans copied by mistake): named too,
# with the file archived before; a file scanned again under its own name is no copy
mkdir -p "$TMP/twin2"
cp "$TMP/twin/a.jpg" "$TMP/twin2/c.jpg"
"$DCACCESS" scan --batch-date 2026-11-02 --archive "$TMP/twin.db" "$TMP/twin2" >"$TMP/twin2.out" 2>/dev/null || true
grep -qxF "  copy:         $TMP/twin2/c.jpg: the same content as $TMP/twin/a.jpg, archived before (stored once)" "$TMP/twin2.out" \
    || fail "a copy in a later run is not named: $(cat "$TMP/twin2.out")"
"$DCACCESS" scan --batch-date 2026-11-02 --archive "$TMP/twin.db" "$TMP/twin" >"$TMP/twin3.out" 2>/dev/null || true
! grep -qF "copy:         $TMP/twin/a.jpg" "$TMP/twin3.out" || fail "a file scanned again is named a copy: $(cat "$TMP/twin3.out")"

# a file that cannot be read (a broken link): said again as still rejected on a rerun (exit 1 named no
# page); once put right, the daily report lists the new reading, not the old rejection
mkdir -p "$TMP/broken"
cp "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" "$TMP/broken/"
ln -s "$TMP/nowhere.png" "$TMP/broken/0002.png"
(cd "$TMP" && "$DCACCESS" scan --batch-date 2026-11-02 --archive broken.db broken >/dev/null 2>&1) || true
st=0; (cd "$TMP" && "$DCACCESS" scan --batch-date 2026-11-02 --archive broken.db broken >"$TMP/broken.out" 2>/dev/null) || st=$?
[ $st = 1 ] && grep -qF "  still rejected: $TMP/broken/0002.png page 1: cannot read file: No such file or directory" "$TMP/broken.out" ||
    fail "a broken link scanned again: exit $st, $(cat "$TMP/broken.out")"
rm "$TMP/broken/0002.png"
cp "$DC_SOURCE_DIR/samples/day/0012_skew.png" "$TMP/broken/0002.png"
"$DCACCESS" scan --batch-date 2026-11-02 --archive "$TMP/broken.db" "$TMP/broken" >/dev/null 2>&1 || true
[ "$(sqlite3 "$TMP/broken.db" "SELECT file || ' ' || status FROM pages WHERE file LIKE '%0002.png' ORDER BY id" | tr '\n' ,)" = \
  "$TMP/broken/0002.png rejected,$TMP/broken/0002.png form," ] || fail "the put-right file: $(sqlite3 "$TMP/broken.db" "SELECT * FROM pages")"
"$DCACCESS" report daily 2026-11-02 --format pdf --archive "$TMP/broken.db" -o "$TMP/broken-rep" >/dev/null 2>&1 || true
pdftotext -layout "$TMP/broken-rep/harian-2026-11-02.pdf" "$TMP/broken-rep.txt"
! grep -q "cannot read file" "$TMP/broken-rep.txt" || fail "the report still lists the rejection put right"

# a file scanned while it was still being copied (cut short), then again once complete: what was read
# from the first content is in the second, so the archive still verifies; a file that a scanner
# overwrote with another scan is named at once (every report warned from then on, saying nothing)
mkdir -p "$TMP/late"
head -c 68000 "$DC_SOURCE_DIR/samples/day/0003_bitonal.tif" >"$TMP/late/0003.tif"
"$DCACCESS" scan --batch-date 2026-11-02 --archive "$TMP/late.db" "$TMP/late" >/dev/null 2>&1 || true
cp "$DC_SOURCE_DIR/samples/day/0003_bitonal.tif" "$TMP/late/0003.tif"
"$DCACCESS" scan --batch-date 2026-11-02 --archive "$TMP/late.db" "$TMP/late" >"$TMP/late.out" 2>&1 || true
! grep -q "replaced:" "$TMP/late.out" || fail "a completed copy is said to be replaced: $(cat "$TMP/late.out")"
"$DCACCESS" verify --archive "$TMP/late.db" >"$TMP/late.verify" || fail "a completed copy: $(cat "$TMP/late.verify")"
grep -qxF "1 source file scanned again once complete (every page read from its earlier content is in it)" "$TMP/late.verify" ||
    fail "a completed copy: $(cat "$TMP/late.verify")"
# its pages read before are the same pages, said so (not a duplicate of some other file, nor a second blank sheet)
same="same image as page %d of this file, as it was when scanned before (it was still being copied then?)"
[ "$(sqlite3 "$TMP/late.db" "SELECT page || ': ' || reason FROM pages WHERE status = 'duplicate' ORDER BY page" | tr '\n' ,)" = \
  "1: $(printf "$same" 1),2: $(printf "$same" 2)," ] || fail "a completed copy's pages: $(sqlite3 "$TMP/late.db" "SELECT * FROM pages")"
cp "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" "$TMP/late/0011.jpg"
"$DCACCESS" scan --batch-date 2026-11-02 --archive "$TMP/late.db" "$TMP/late" >/dev/null 2>&1 || true
cp "$DC_SOURCE_DIR/samples/day/0008_scale.jpg" "$TMP/late/0011.jpg"
st=0; "$DCACCESS" scan --batch-date 2026-11-02 --archive "$TMP/late.db" "$TMP/late" >"$TMP/late.out" 2>&1 || st=$?
[ $st = 1 ] && grep -qF "  replaced:     $TMP/late/0011.jpg held another scan when it was scanned before" "$TMP/late.out" ||
    fail "an overwritten scan file: exit $st, $(cat "$TMP/late.out")"
st=0; "$DCACCESS" verify --archive "$TMP/late.db" >"$TMP/late.verify" || st=$?
[ $st = 1 ] && grep -qF "PROBLEM: source file $TMP/late/0011.jpg: now holds a later scan" "$TMP/late.verify" ||
    fail "verify of an overwritten scan file: exit $st, $(cat "$TMP/late.verify")"

# an archive kept in the scanned folder: the field images review and pending write beside it
# (ARCHIVE.crops/) are not scans (they were stored as rejected pages, for good)
mkdir -p "$TMP/inplace/dcaccess.db.crops"
cp "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" "$TMP/inplace/"
cp "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" "$TMP/inplace/dcaccess.db.crops/000001_exit_time.jpg"
st=0; (cd "$TMP/inplace" && "$DCACCESS" scan --batch-date 2026-11-02 . >"$TMP/inplace.out" 2>"$TMP/inplace.err") || st=$?
[ $st -le 1 ] && grep -qxF "scan: skipped ./dcaccess.db.crops/ (the field images review and pending write beside an archive, not scans)" "$TMP/inplace.err" &&
    [ "$(sqlite3 "$TMP/inplace/dcaccess.db" "SELECT count(*) FROM pages")" = 1 ] ||
    fail "the archive's crops folder in the scanned folder: exit $st, $(cat "$TMP/inplace.err" "$TMP/inplace.out")"

# an auditor's copy: the archive and the scans moved elsewhere; verify looks for them under --scans
# (the longest end of the path found there), and every report's check too
mkdir -p "$TMP/office/scans/day"
cp "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" "$TMP/office/scans/day/"
"$DCACCESS" scan --batch-date 2026-11-02 --archive "$TMP/office/dc.db" "$TMP/office/scans/day" >/dev/null 2>&1 || true
mv "$TMP/office" "$TMP/auditor"
st=0; "$DCACCESS" verify --archive "$TMP/auditor/dc.db" >"$TMP/moved.out" 2>/dev/null || st=$?
[ $st = 1 ] && grep -qF "PROBLEM: source file $TMP/office/scans/day/0011_jpeg.jpg: missing (No such file or directory)" "$TMP/moved.out" \
    || fail "moved scans without --scans: exit $st, $(cat "$TMP/moved.out")"
# a report made without --scans says the scans are missing and what to do, not to restore a backup
st=0; "$DCACCESS" report daily 2026-11-02 --format pdf --lang en --archive "$TMP/auditor/dc.db" -o "$TMP/auditor/rep0" \
    >/dev/null 2>"$TMP/moved.err" || st=$?
[ $st = 1 ] && grep -qxF "dcaccess report: warning: 1 scan file is not where it was scanned, so the archive cannot be checked against it; the report is written and says so: write it again with --scans DIR where they are now, or put them back (dcaccess verify lists them)" "$TMP/moved.err" \
    || fail "report without --scans: exit $st, $(cat "$TMP/moved.err")"
pdftotext "$TMP/auditor/rep0/daily-2026-11-02.pdf" - | tr -s ' \n' '  ' |
    grep -qF "WARNING: 1 scan file is not where it was scanned: the values in this report cannot be checked against the scans. Write this report again with --scans DIR where they are now, or put the files back." ||
    fail "the report's warning on missing scans: $(pdftotext "$TMP/auditor/rep0/daily-2026-11-02.pdf" - | head -12)"
"$DCACCESS" verify --scans "$TMP/auditor/scans" --archive "$TMP/auditor/dc.db" >"$TMP/moved.out" ||
    fail "verify --scans: $(cat "$TMP/moved.out")"
grep -qxF "1 source file found under $TMP/auditor/scans (not where scanned)" "$TMP/moved.out" || fail "verify --scans: $(cat "$TMP/moved.out")"
"$DCACCESS" report daily 2026-11-02 --format pdf --scans "$TMP/auditor/scans" --archive "$TMP/auditor/dc.db" \
    -o "$TMP/auditor/rep" >/dev/null 2>"$TMP/moved.err" && [ ! -s "$TMP/moved.err" ] || fail "report --scans: $(cat "$TMP/moved.err")"
printf x >>"$TMP/auditor/scans/day/0011_jpeg.jpg"
st=0; "$DCACCESS" verify --scans "$TMP/auditor/scans" --archive "$TMP/auditor/dc.db" >"$TMP/moved.out" 2>/dev/null || st=$?
[ $st = 1 ] && grep -qF "PROBLEM: source file $TMP/office/scans/day/0011_jpeg.jpg: not under $TMP/auditor/scans with the content scanned; $TMP/auditor/scans/day/0011_jpeg.jpg has its name but other content" "$TMP/moved.out" \
    || fail "a changed copy under --scans: exit $st, $(cat "$TMP/moved.out")"
# the file with its content wins over a longer end of the path naming another file of that name
# (two days' scans share names: 0001.png of the 5th is not the 6th's "changed")
cp "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" "$TMP/auditor/scans/0011_jpeg.jpg"
"$DCACCESS" verify --scans "$TMP/auditor/scans" --archive "$TMP/auditor/dc.db" >"$TMP/moved.out" ||
    fail "the file with its content under --scans: $(cat "$TMP/moved.out")"
# (a --scans folder that is not there is a slip of the command line, exit 2; a file is no folder, 3)
st=0; "$DCACCESS" verify --scans "$TMP/nowhere" --archive "$TMP/auditor/dc.db" >/dev/null 2>"$TMP/moved.err" || st=$?
[ $st = 2 ] && grep -qxF "dcaccess verify: --scans $TMP/nowhere: no such file or folder; nothing was done" "$TMP/moved.err" ||
    fail "--scans nowhere: exit $st, $(cat "$TMP/moved.err")"
st=0; "$DCACCESS" verify --scans "$TMP/auditor/scans/0011_jpeg.jpg" --archive "$TMP/auditor/dc.db" >/dev/null 2>"$TMP/moved.err" || st=$?
[ $st = 3 ] && [ "$(cat "$TMP/moved.err")" = "dcaccess verify: --scans $TMP/auditor/scans/0011_jpeg.jpg: is a file, not a folder: name the folder it is in; nothing was done" ] ||
    fail "--scans a file: exit $st, $(cat "$TMP/moved.err")"
# an auditor's stick in a layout of its own: no end of the path is there, but the file is found
# below --scans by its name and content, by verify and by every report's check
mkdir -p "$TMP/stick/audit/2026-11"
cp "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" "$TMP/stick/audit/2026-11/"
"$DCACCESS" verify --scans "$TMP/stick" --archive "$TMP/auditor/dc.db" >"$TMP/moved.out" ||
    fail "a copy below --scans in another layout: $(cat "$TMP/moved.out")"
grep -qxF "1 source file found under $TMP/stick (not where scanned)" "$TMP/moved.out" ||
    fail "a copy below --scans in another layout: $(cat "$TMP/moved.out")"
"$DCACCESS" report daily 2026-11-02 --format pdf --scans "$TMP/stick" --archive "$TMP/auditor/dc.db" \
    -o "$TMP/stick-rep" >/dev/null 2>"$TMP/moved.err" && [ ! -s "$TMP/moved.err" ] ||
    fail "report --scans, a copy below it in another layout: $(cat "$TMP/moved.err")"
# a file of that name there with other content is named, not taken for it
printf x >>"$TMP/stick/audit/2026-11/0011_jpeg.jpg"
now=$(sha256sum "$TMP/stick/audit/2026-11/0011_jpeg.jpg" | cut -c1-12)
was=$(sha256sum "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" | cut -c1-12)
st=0; "$DCACCESS" verify --scans "$TMP/stick" --archive "$TMP/auditor/dc.db" >"$TMP/moved.out" 2>/dev/null || st=$?
[ $st = 1 ] && grep -qxF "PROBLEM: source file $TMP/office/scans/day/0011_jpeg.jpg: not under $TMP/stick with the content scanned; $TMP/stick/audit/2026-11/0011_jpeg.jpg has its name but other content (SHA-256 $now..., archived $was...): the file changed, or it is another scan of that name (give the folder that holds the scans of that day)" "$TMP/moved.out" \
    || fail "a changed copy below --scans in another layout: exit $st, $(cat "$TMP/moved.out")"

# A PDF straight from the form printer: 2 sets = 4 pages, identified by their QR codes.
"$DCACCESS" forms print --form set --count 2 --first-serial 41 --archive "$TMP/print.db" -o "$TMP/blank.pdf" >/dev/null
"$DCACCESS" scan --dry-run --json "$TMP/blank.pdf" >"$TMP/pdf.jsonl" 2>"$TMP/pdf.err" || fail "PDF scan failed: $(cat "$TMP/pdf.err")"
got=$(jq -r '[.page, .status, .form, .serial, .sheet_page] | @tsv' "$TMP/pdf.jsonl")
want=$(printf '1\tform\taccess\t000041\t1\n2\tform\tchecklist\t000041\t2\n3\tform\taccess\t000042\t1\n4\tform\tchecklist\t000042\t2')
[ "$got" = "$want" ] || fail "PDF pages:
$got"
# an unfilled form: nothing is invented
[ "$(jq -r '.fields.visitor_name.state' "$TMP/pdf.jsonl" | head -1)" = empty ] || fail "empty name not 'empty'"
[ "$(jq -r '.fields.badge_returned.value' "$TMP/pdf.jsonl" | head -1)" = false ] || fail "empty box not false"
grep -q $'\r' "$TMP/pdf.err" && fail "progress line written although stderr is not a terminal"

# The committed sample day: every page accounted for as the truth says, in input order.
DAY="$DC_SOURCE_DIR/samples/day"
mapfile -t files < <(jq -r '[.pages[].file] | unique | .[]' "$DAY/truth.json")
cp "$DC_SOURCE_DIR/forms/access.v1.json" "$TMP/notes.txt" # not an image
set +e
"$DCACCESS" scan --dry-run --json "${files[@]/#/$DAY/}" "$TMP/notes.txt" >"$TMP/day.jsonl" 2>"$TMP/day.err"
st=$?
set -e
[ $st = 1 ] || fail "sample day: exit $st, expected 1 (the foreign page and notes.txt are rejected): $(cat "$TMP/day.err")"
want=$(jq -r '.pages[] | [.file, .page, (if .kind == "foreign" then "rejected" else .kind end),
                          (.serial // ""), (.sheet_page // "")] | @tsv' "$DAY/truth.json")
got=$(jq -r 'select(.file | endswith("notes.txt") | not) | [(.file | split("/") | last), .page, .status,
             (.serial // ""), (.sheet_page // "")] | @tsv' "$TMP/day.jsonl")
[ "$got" = "$want" ] || fail "sample day pages differ from the truth:
$(diff <(echo "$want") <(echo "$got"))"
last=$(tail -1 "$TMP/day.jsonl")
[ "$(jq -r .status <<<"$last")" = rejected ] || fail "notes.txt not rejected"
[ "$(jq -r .file <<<"$last")" = "$TMP/notes.txt" ] || fail "rejected line does not name notes.txt"
jq -r .reason <<<"$last" | grep -qxF "not an image or a PDF (it holds text)" || fail "reason for notes.txt: $(jq -r .reason <<<"$last")"
# what to do, when the reason does not say it (the foreign page's does: no advice)
[ "$(jq -r .advice <<<"$last")" = "take it out of the scan folder, or save the scan again as an image or a PDF" ] ||
    fail "advice for notes.txt: $last"
[ "$(jq -r 'select(.status == "rejected" and (.file | endswith("notes.txt") | not)) | .advice' "$TMP/day.jsonl")" = null ] ||
    fail "advice for the foreign page: $(jq -c 'select(.status == "rejected")' "$TMP/day.jsonl")"
# Sets filled in with pencil (the generator's faint condition), sets whose operator part alone
# is in pencil (mixedink), sets written in pen but ticked and signed in pencil (pencilmarks), and
# sets whose ticks are made beside their boxes, in pen (beside) and in pencil (pencilbeside):
# every tick and signature decided without a person is the truth's, where the fixed ink level
# read 20 of the pencil set's wrongly as empty, a page-wide pen/pencil decision 8 of the mixed
# set's, the part's pen level 16 of the pencil marks', a scanner that did not look beside the
# boxes 14 of the beside set's, and one that looked beside them at the pen's level only 12 of the
# pencil-beside set's (all of which now go to a person).
GEN="$DC_BINARY_DIR/samples/dcaccess-samplegen"
# scan_set COND SEED SETS: a corpus of one damage condition in $TMP/COND, scanned (dry run) into
# $TMP/COND.jsonl; files: its page files
scan_set() {
    "$GEN" --seed "$2" --sets "$3" --damage "$1" --no-extras -o "$TMP/$1" >/dev/null
    mapfile -t files < <(jq -r '.pages[].file' "$TMP/$1/truth.json")
    "$DCACCESS" scan --dry-run --json "${files[@]/#/$TMP/$1/}" >"$TMP/$1.jsonl" 2>"$TMP/$1.err" ||
        fail "$1 set: $(cat "$TMP/$1.err")"
    # a scan that did not learn the printed forms reads ticks beside boxes and writing beside combs
    # as nothing written: its warning, not the fields it lost, says why
    ! grep -q "^dcaccess scan: warning: the blank" "$TMP/$1.err" ||
        fail "$1 set: the scan did not learn the printed forms: $(cat "$TMP/$1.err")"
}
# with_truth: every field read on every page, beside the truth's value ({page, key, value, truth})
JQ_TRUTH='def with_truth: .[] as $p | ($t[0].pages[] | select(.file == ($p.file | split("/") | last)) | .fields) as $tf
    | $p.fields | to_entries[] | {page: ($p.file | split("/") | last), key, value, truth: $tf[.key]};'
# set_query COND JQ [ARGS...]: JQ (with with_truth) over COND's scan results, $t its truth
set_query() {
    local cond=$1 query=$2
    shift 2
    jq -s -r --slurpfile t "$TMP/$cond/truth.json" "$@" "$JQ_TRUTH $query" "$TMP/$cond.jsonl"
}
# decided COND FIELD-REGEX: the written fields matching FIELD-REGEX decided without a person
decided() {
    set_query "$1" '[ with_truth | select((.key | test($re)) and (.truth // "") != "" and .value.state == "accepted")
        | {page, field: .key, got: .value.value, want: .truth} ]' --arg re "$2"
}
# lost COND: written fields read as empty, one "page field" per line
lost() {
    set_query "$1" 'with_truth | select(.value.state == "empty" and ((.truth // "") | tostring) != ""
        and (.truth | type) == "string") | "\(.page) \(.key)"'
}
# wrong: the decisions (decided's output, on stdin) against the truth, one "page field value" per line
wrong() { jq -r 'map(select(.got != .want)) | .[] | "\(.page) \(.field) \(.got)"'; }
marks='[ with_truth | select(.value.state == "accepted" and (.value.value == "true" or .value.value == "false"))
         | {page, field: .key, got: .value.value, want: ((.truth // "false") | tostring)} ]'
for cond in faint mixedink pencilmarks beside pencilbeside; do
    scan_set "$cond" 5 3
    decided=$(set_query "$cond" "$marks | length")
    wrong=$(set_query "$cond" "$marks | map(select(.got != .want)) | .[] | \"\(.page) \(.field)\"")
    # the pencil marks among pen writing and the ticks beside boxes go to a person: fewer are
    # decided (50, 52 and 44 of 66 measured)
    least=60
    case $cond in pencilmarks | beside) least=45 ;; pencilbeside) least=38 ;; esac
    [ "$decided" -ge "$least" ] || fail "$cond set: only $decided ticks and signatures decided"
    [ -z "$wrong" ] || fail "$cond set: decided against the truth: $wrong"
done

# Sets whose characters are written large, high or low, over the combs' lines (spill): every date,
# time, number and name decided without a person is the truth's, and most are decided. A scanner
# that read only the cells' insides decided 3 of the 35 written dates, times and numbers (1 wrongly)
# and 6 of the 19 names (4 wrongly: a printed I whose base lies on the line, cut, read as T);
# now 28 and 7, none wrongly.
scan_set spill 1169 5
for kind in numbers names; do
    re='date|time|phone|id_number|badge_number' least=25
    [ $kind = names ] && re='^(visitor_name|institution|operator_name|escort_name)$' least=6
    decided=$(decided spill "$re")
    n=$(jq length <<<"$decided")
    wrong=$(wrong <<<"$decided")
    [ "$n" -ge "$least" ] || fail "spill set: only $n written $kind decided"
    [ -z "$wrong" ] || fail "spill set: $kind decided against the truth: $wrong"
done

# Sets whose hours, days and months below 10 are written as one digit, in either cell of the pair
# (unpadded): the left-out zero is read, and no date or time is decided wrongly (a scanner that
# sent such fields to a person decided 3 of the 19 written; 10 now).
scan_set unpadded 1209 5
decided=$(decided unpadded 'date|time')
[ "$(jq length <<<"$decided")" -ge 9 ] || fail "unpadded set: only $(jq length <<<"$decided") dates and times decided"
wrong=$(wrong <<<"$decided")
[ -z "$wrong" ] || fail "unpadded set: decided against the truth: $wrong"

# Sets whose fields are written half a cell to a whole cell height above or below their combs
# (offcomb): no written field is read as empty (a scanner that did not look beside an empty comb
# read 16 of the 3-set corpus's written fields as empty, at confidence 1.0).
scan_set offcomb 1229 3
lost=$(lost offcomb)
[ -z "$lost" ] || fail "offcomb set: written fields read as empty: $lost
the scan said: $(cat "$TMP/offcomb.err")"

# The beside set in an archive: `dcaccess review` tells what a tick box and a choice take as an
# answer (the boxes ticked beside go to review with nothing read).
mapfile -t files < <(jq -r '.pages[].file' "$TMP/beside/truth.json")
"$DCACCESS" scan --archive "$TMP/beside.db" "${files[@]/#/$TMP/beside/}" >/dev/null 2>&1 || [ $? = 1 ] ||
    fail "beside set: the scan into an archive failed"
yes s | head -200 | "$DCACCESS" review --by Tester --archive "$TMP/beside.db" >"$TMP/beside-review.out" 2>&1 || true
grep -q "^      answer: true (ticked) or false (not ticked)$" "$TMP/beside-review.out" ||
    fail "review shows no answer hint for a tick box: $(head -20 "$TMP/beside-review.out")"
grep -q "^      answer: one of ktp, sim, passport (Paspor), other (Lainnya); more than one ticked: those ticked joined by +, e.g. ktp+sim$" "$TMP/beside-review.out" ||
    fail "review shows no answer hint for the ID type: $(grep -A3 id_type "$TMP/beside-review.out" | head)"
# ...and an answer a choice refuses is asked again with the one its hint does not give: - for no box
# ticked (the line said only "type the value as written on the paper (s = skip)")
pend=$("$DCACCESS" pending --archive "$TMP/beside.db" 2>/dev/null | awk 'NR > 1 {print $2}')
k=$(grep -nx id_type <<<"$pend" | head -1 | cut -d: -f1)
nrv=$(sqlite3 "$TMP/beside.db" "SELECT count(*) FROM fields WHERE state = 'review'")
[ -n "$k" ] || fail "beside set: no ID type in review: $pend"
sqlite3 "$TMP/beside.db" ".backup '$TMP/beside-rv.db'"
{ yes s | head -$((k - 1)); printf 'nonsense\n-\nq\n'; } |
    "$DCACCESS" review --by Tester --archive "$TMP/beside-rv.db" >"$TMP/beside-rv.out" 2>&1 || true
grep -qxF "  type the value as written on the paper (- = nothing ticked, s = skip)" "$TMP/beside-rv.out" &&
    grep -qxF "review by Tester: 0 confirmed as read, 1 corrected, $((k - 1)) skipped; $((nrv - 1)) still waiting" "$TMP/beside-rv.out" ||
    fail "review of a choice, an answer refused: $(grep -A12 "] [0-9]* id_type" "$TMP/beside-rv.out" | head -20)"

# Sets written in pen with the names, institutions and device rows in pencil (penciltext): no
# written field is taken for an empty one (the part's pen level saw none of the pencil writing and
# accepted 58 of 1,917 decisions wrongly on a 30-set corpus; now they go to a person).
scan_set penciltext 5 3
lost=$(lost penciltext)
[ -z "$lost" ] || fail "penciltext set: written fields read as empty: $lost"
inreview=$(jq -s '[.[].fields[] | select(.state == "review")] | length' "$TMP/penciltext.jsonl")
[ "$inreview" -ge 5 ] || fail "penciltext set: only $inreview fields in review"

# Two sheets printed with one serial (a photocopied form set), scanned in one run: the second
# visitor's access form is rejected naming the first sheet's file, and the exit is 1 (it was merged
# away as a duplicate of the first, with exit 0, and that visit was lost without a word).
"$GEN" --seed 515151 --sets 1 --damage clean300 --no-extras -o "$TMP/serialA" >/dev/null
"$GEN" --seed 626262 --sets 1 --damage clean300 --no-extras -o "$TMP/serialB" >/dev/null
mkdir -p "$TMP/serial"
cp "$TMP/serialA/0001_clean300.png" "$TMP/serial/A1.png"
cp "$TMP/serialB/0001_clean300.png" "$TMP/serial/B1.png"
st=0
"$DCACCESS" scan --batch-date 2026-11-02 --archive "$TMP/serial.db" "$TMP/serial" >"$TMP/serial.out" 2>&1 || st=$?
[ "$st" = 1 ] || fail "two sheets with one serial: exit $st, expected 1: $(cat "$TMP/serial.out")"
grep -qF "rejected:     $TMP/serial/B1.png page 1: another sheet has this serial: form access serial 000001 page 1 was read from $TMP/serial/A1.png page 1 with other writing (" \
    "$TMP/serial.out" || fail "two sheets with one serial: $(cat "$TMP/serial.out")"
[ "$(sqlite3 "$TMP/serial.db" "SELECT p.file FROM records r JOIN pages p ON p.id = r.access_page_id")" = "$TMP/serial/A1.png" ] ||
    fail "two sheets with one serial: the record is not the first sheet's"
# scanned again: said again, with what to do (not "scan a good copy": the sheet is not damaged)
st=0
"$DCACCESS" scan --batch-date 2026-11-02 --archive "$TMP/serial.db" "$TMP/serial" >"$TMP/serial2.out" 2>&1 || st=$?
[ "$st" = 1 ] || fail "two sheets with one serial, scanned again: exit $st"
grep -q "^  still rejected: $TMP/serial/B1.png page 1: another sheet has this serial: .* (by an earlier scan: keep this paper apart, as said above)$" \
    "$TMP/serial2.out" || fail "two sheets with one serial, scanned again: $(cat "$TMP/serial2.out")"

# A template this installation cannot print (a label moved onto its cells) is still scanned: the
# scan warns that ticks beside its boxes are not looked for, and reads the page.
mkdir -p "$TMP/data/forms"
cp "$DC_SOURCE_DIR"/forms/*.json "$DC_SOURCE_DIR/forms/staff.txt" "$TMP/data/forms/"
ln -s "$DC_SOURCE_DIR/scan" "$TMP/data/scan"
jq '(.fields[] | select(.id == "visitor_name") | .label.y_mm) |= . + 5' "$DC_SOURCE_DIR/forms/access.v1.json" \
    >"$TMP/data/forms/access.v1.json"
DCACCESS_DATA_DIR="$TMP/data" "$DCACCESS" scan --dry-run --json "$TMP/beside/$(jq -r '.pages[0].file' "$TMP/beside/truth.json")" \
    >"$TMP/unprintable.jsonl" 2>"$TMP/unprintable.err" || [ $? = 1 ] || fail "unprintable template: $(cat "$TMP/unprintable.err")"
grep -q "^dcaccess scan: warning: the blank access form v1 could not be printed and learnt here (.*visitor_name.*); ticks made beside its boxes are not looked for, and digits written over its combs go to review$" \
    "$TMP/unprintable.err" || fail "unprintable template: $(cat "$TMP/unprintable.err")"
[ "$(jq -r .status "$TMP/unprintable.jsonl")" = form ] || fail "unprintable template: the page was not read"

# The scanner learns the printed forms in a temporary folder: a $TMPDIR that does not exist is
# named, and nothing is stored.
st=0
TMPDIR=$TMP/no-such-dir "$DCACCESS" scan --archive "$TMP/tmpdir.db" "$TMP/penciltext/${files[0]}" \
    >/dev/null 2>"$TMP/tmpdir.err" || st=$?
[ "$st" = 3 ] || fail "scan with a missing TMPDIR: exit $st, expected 3"
grep -q "cannot make a temporary folder in $TMP/no-such-dir (\$TMPDIR)" "$TMP/tmpdir.err" ||
    fail "scan with a missing TMPDIR: $(cat "$TMP/tmpdir.err")"
[ ! -e "$TMP/tmpdir.db" ] || fail "scan with a missing TMPDIR made an archive"

# ...and reads them back with poppler's pdfinfo and pdftoppm: missing, or killed (by the kernel's
# out-of-memory killer on a loaded machine), the scan stops before it reads a page, exit 3, nothing
# stored, and says so. It warned that the blank form "could not be printed and learnt here" (exit 0),
# and read the pages without looking beside the boxes and combs: 16 of the offcomb set's written
# fields read as empty, for good (a page stored is not read again).
mkdir -p "$TMP/nopoppler" "$TMP/killed"
ln -s "$(command -v pdfinfo)" "$TMP/killed/pdfinfo"
printf '#!/bin/sh\nkill -9 $$\n' >"$TMP/killed/pdftoppm"
chmod +x "$TMP/killed/pdftoppm"
for bin in nopoppler:": cannot run pdfinfo (poppler-utils installed?)" killed:" page 1: pdftoppm was stopped by signal 9 (Killed)"; do
    st=0
    PATH="$TMP/${bin%%:*}" "$DCACCESS" scan --archive "$TMP/${bin%%:*}.db" "$TMP/penciltext/${files[0]}" \
        >"$TMP/${bin%%:*}.out" 2>"$TMP/${bin%%:*}.err" || st=$?
    said=$(sed 's/dcaccess-print-[A-Za-z0-9]\{6\}/dcaccess-print-XXXXXX/' "$TMP/${bin%%:*}.err")
    [ "$st" = 3 ] && [ "$said" = "dcaccess: learning what the forms look like as printed: external program failed: the blank access form v1, printed to learn what it looks like, could not be read back (${TMPDIR:-/tmp}/dcaccess-print-XXXXXX/access-v1.pdf${bin#*:}): scan again (install poppler-utils if it is missing); nothing was scanned" ] ||
        fail "scan with ${bin%%:*} poppler: exit $st, $said"
    [ ! -s "$TMP/${bin%%:*}.out" ] && [ ! -e "$TMP/${bin%%:*}.db" ] || fail "scan with ${bin%%:*} poppler: pages read or an archive made"
done

echo "ok: scan e2e"
