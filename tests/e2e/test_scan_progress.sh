#!/usr/bin/env bash
# e2e: `dcaccess scan` on a terminal (run under script(1)): its progress line counts the stack's
# pages from the start (the total grew as files were opened: 1/8, 3/9 ... 19/19), says when the
# time left is not known yet, fits 80 columns, and is ended before anything else is printed; a
# rerun whose pages are all archived shows none (it left an empty line), a Ctrl-C replaces it with
# the pages done (not a time left), and the page lines of --dry-run start at the left (they were printed after it).
# Nothing here depends on how fast the machine is.
set -euo pipefail
: "${DCACCESS:?path of the built dcaccess command}"
: "${DC_SOURCE_DIR:?source tree}"
: "${DC_INTERRUPT_LIB:?the interrupt library (tests/support/interrupt.c, built with the tests)}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dce2e-progress-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v script >/dev/null || fail "script(1) is missing (Debian's bsdutils has it)"
command -v python3 >/dev/null || fail "python3 is missing (scripts/deps.sh installs it)"
DAY=$DC_SOURCE_DIR/samples/day

# on_tty OUT CMD...: runs CMD with stdout and stderr on a terminal; OUT gets what it wrote there.
on_tty() {
    local out=$1 cmd="" a
    shift
    for a in "$@"; do cmd+=" $(printf '%q' "$a")"; done
    st=0
    SHELL=/bin/bash script -qec "$cmd" /dev/null >"$out" </dev/null || st=$?
}

# screen OUT: what a terminal shows of OUT, line by line (a carriage return goes back to the
# left and what follows is written over what was there; trailing blanks dropped).
screen() {
    python3 -c '
import sys
rows, row, col = [], [], 0
for ch in open(sys.argv[1], encoding="utf-8", errors="replace", newline="").read():
    if ch == "\r":
        col = 0
    elif ch == "\n":
        rows.append("".join(row).rstrip())
        row, col = [], 0
    else:
        row[col:col + 1] = [ch]
        col += 1
if row:
    rows.append("".join(row).rstrip())
print("\n".join(rows))' "$1"
}

# progress OUT: every state of the progress line written to OUT, one a line, as written (pads kept).
progress() {
    tr '\r\n' '\n\n' <"$1" | grep -a '^scan: [0-9]*/[0-9]* pages (' || true
}

# The sample day (19 pages, the 6th rejected) into a new archive: 0/19 before the first page is
# read, every total 19; the time left is not guessed before 10 pages, then given as a rate and a
# rounded time.
on_tty "$TMP/day.tty" "$DCACCESS" scan --archive "$TMP/dc.db" --batch-date 2026-11-02 "$DAY"
[ "$st" = 1 ] || fail "sample day on a terminal: exit $st, expected 1 (a rejected page): $(cat "$TMP/day.tty")"
progress "$TMP/day.tty" >"$TMP/day.lines"
[ "$(wc -l <"$TMP/day.lines")" = 20 ] || fail "sample day: $(wc -l <"$TMP/day.lines") progress states, expected 20 (0 to 19 pages): $(cat "$TMP/day.lines")"
n=0
while IFS= read -r line; do
    rej=$((n >= 6 ? 1 : 0))
    if [ $n -lt 10 ]; then
        want="scan: $n/19 pages ($rej rejected); time left: known after 10 pages"
        [ "$(printf '%s' "$line" | sed 's/ *$//')" = "$want" ] || fail "progress after $n pages: \"$line\", expected \"$want\""
    elif [ $n -lt 19 ]; then
        [[ $line =~ ^scan:\ $n/19\ pages\ \(1\ rejected\),\ [0-9]+\.[0-9]\ pages/s\;\ (under\ 10\ s|about\ [0-9]+\ s|about\ [0-9]+\ min|about\ [0-9]+\ h\ [0-9]+\ min)\ left\ *$ ]] ||
            fail "progress after $n pages: \"$line\""
    else
        [[ $line =~ ^scan:\ 19/19\ pages\ \(1\ rejected\),\ [0-9]+\.[0-9]\ pages/s\ *$ ]] || fail "progress at the end: \"$line\""
    fi
    [ ${#line} -le 79 ] || fail "progress line of ${#line} characters (80 columns): \"$line\""
    n=$((n + 1))
done <"$TMP/day.lines"
# ended before the archive's summary, which starts at the left
screen "$TMP/day.tty" >"$TMP/day.screen"
grep -A1 -a '^scan: 19/19 pages' "$TMP/day.screen" | tail -1 | grep -qxF "archive $TMP/dc.db: a new archive, made by this scan (if the office's archive is elsewhere, give it with --archive)" ||
    fail "the progress line is not ended before the summary: $(cat "$TMP/day.screen")"

# The same stack again: every page is archived, nothing is read: no progress line, no empty line.
on_tty "$TMP/again.tty" "$DCACCESS" scan --archive "$TMP/dc.db" --batch-date 2026-11-02 "$DAY"
[ "$st" = 1 ] || fail "rerun on a terminal: exit $st, expected 1 (still rejected): $(cat "$TMP/again.tty")"
[ -z "$(progress "$TMP/again.tty")" ] || fail "rerun showed a progress line: $(progress "$TMP/again.tty")"
screen "$TMP/again.tty" >"$TMP/again.screen"
grep -qxF "  pages:        0 stored (0 forms, 0 blank, 0 duplicate, 0 rejected), 19 already archived" "$TMP/again.screen" ||
    fail "rerun: $(cat "$TMP/again.screen")"
! grep -qx '' "$TMP/again.screen" || fail "rerun printed an empty line: $(cat -A "$TMP/again.screen")"

# Stopped (TERM, as Ctrl-C) right after a page was stored (tests/support/interrupt.c: after the
# 30th COMMIT, the new archive's first ones made its tables), past the 10th page: the progress line
# had said the time left, "about 15 s left", and stayed so above "interrupted"; it is replaced by
# how far the run came, as many pages as the run says it did, of the 19, and what follows starts
# below it.
on_tty "$TMP/int.tty" env DC_INTERRUPT_SQL=COMMIT DC_INTERRUPT_AFTER=30 LD_PRELOAD="$DC_INTERRUPT_LIB" \
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
    "$DCACCESS" scan --archive "$TMP/int.db" --batch-date 2026-11-02 "$DAY"
[ "$st" = 3 ] || fail "interrupted scan: exit $st, expected 3: $(cat "$TMP/int.tty")"
screen "$TMP/int.tty" >"$TMP/int.screen"
done_said=$(sed -n 's/^dcaccess scan: interrupted; \([0-9]*\) pages\? done, the rest can be scanned again$/\1/p' "$TMP/int.screen")
[ -n "$done_said" ] && [ "$done_said" -gt 10 ] && [ "$done_said" -lt 19 ] || fail "interrupted scan: $(cat "$TMP/int.screen")"
progress "$TMP/int.tty" | grep -q " left *\$" || fail "interrupted after $done_said pages: no time left was said before"
grep -B1 -a '^dcaccess scan: interrupted; ' "$TMP/int.screen" | head -1 | grep -qxF "scan: stopped after $done_said of 19 pages (1 rejected)" ||
    fail "interrupted: the progress line is not replaced by how far the run came: $(cat "$TMP/int.screen")"
! grep -a ' left$' "$TMP/int.screen" || fail "interrupted: a time left stays on the screen: $(cat "$TMP/int.screen")"

# --dry-run prints a line per page on stdout, the same terminal: each starts at the left, with the
# progress line below it.
on_tty "$TMP/dry.tty" "$DCACCESS" scan --dry-run --batch-date 2026-11-02 "$DAY/0001_lowdpi150.png" "$DAY/0003_bitonal.tif"
[ "$st" = 0 ] || fail "dry run on a terminal: exit $st: $(cat "$TMP/dry.tty")"
screen "$TMP/dry.tty" >"$TMP/dry.screen"
[ "$(grep -c -a ' page [0-9]: ' "$TMP/dry.screen")" = 4 ] || fail "dry run: $(cat "$TMP/dry.screen")"
grep -a ' page [0-9]: ' "$TMP/dry.screen" | grep -qv "^$DAY/" && fail "dry run: a page line does not start at the left: $(cat "$TMP/dry.screen")"
grep -qxF "$DAY/0003_bitonal.tif page 2: blank: blank page (ink 0.00% of the page)" "$TMP/dry.screen" ||
    fail "dry run: $(cat "$TMP/dry.screen")"
grep -A1 -a "^$DAY/0003_bitonal.tif page 3: " "$TMP/dry.screen" | tail -1 | grep -qxF "scan: 4/4 pages (0 rejected)" ||
    fail "dry run: the progress line is not below the last page's line: $(cat "$TMP/dry.screen")"

echo "ok: scan progress e2e"
