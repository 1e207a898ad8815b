#!/bin/bash
# e2e: `dcaccess report` on a small archive (built by the report-speed tool through the parse API):
# file names per language, printed paths, empty day, audit chain result, missing archive, unwritable
# output folder, bad period.
set -u
: "${DCACCESS:?}" "${DC_BINARY_DIR:?}"
BUILDER="$DC_BINARY_DIR/tests/bench/report-speed/report-speed"
tmp=$(mktemp -d /tmp/dc-e2e-report.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fails=0
check() { # description, command...
    local what=$1; shift
    if "$@"; then echo "ok   $what"; else echo "FAIL $what"; fails=$((fails + 1)); fi
}

[ -x "$BUILDER" ] || { echo "FAIL report-speed not built: $BUILDER"; exit 1; }
"$BUILDER" --archive-only "$tmp/dcaccess.db" --visits 62 >/dev/null || { echo "FAIL building the archive"; exit 1; }
cd "$tmp"

# default: both formats, Indonesian, ./reports, ./dcaccess.db
out=$("$DCACCESS" report daily 2026-10-05 2>err.txt); rc=$?
check "daily exits 0" test $rc -eq 0
check "a day with visits has no note" test ! -s err.txt
check "daily prints the written paths" test "$out" = $'reports/harian-2026-10-05.xlsx\nreports/harian-2026-10-05.pdf'
check "daily files exist" test -s reports/harian-2026-10-05.xlsx -a -s reports/harian-2026-10-05.pdf
pdftotext reports/harian-2026-10-05.pdf daily.txt 2>warn.txt
# the fonts' text maps are valid ToUnicode CMaps (libharu's own made poppler warn on every page,
# "Invalid 'begincidrange' operator in ToUnicode CMap"), and map back to the text written,
# non-ASCII included
check "daily PDF reads without warnings" test ! -s warn.txt
check "daily PDF has the SOP header" grep -qF "SOP 111/TKPBET.DKI/2020 — Prosedur Akses Ruang Data Center" daily.txt
check "daily PDF is numbered" grep -q "Halaman 1 dari 1" daily.txt

out=$("$DCACCESS" report monthly 2026-10 --lang en --format pdf -o out-en --signatory "IR. AGUS SALIM" --nip 197001011995031001); rc=$?
check "monthly --lang en exits 0" test $rc -eq 0
check "English file name, pdf only" test "$out" = "out-en/monthly-2026-10.pdf"
pdftotext -layout out-en/monthly-2026-10.pdf monthly.txt 2>/dev/null
check "English labels" grep -q "Total visits *62" monthly.txt
check "signatory shown" grep -q "IR. AGUS SALIM" monthly.txt
check "the English signature title is whole, on two lines" \
    bash -c "grep -q 'Kepala Seksi Jaringan dan Data Center *\$' monthly.txt && grep -qF '(Head of Network and Data Center Section)' monthly.txt"
check "English page numbers" grep -q "Page 1 of" monthly.txt
# a signatory's name as long as a civil servant's with titles is shown whole, on two lines (it was
# cut to one, "...NURHA…"); one of 99 characters, not ASCII, stays whole in the workbook (a byte
# buffer cut it inside a character: the workbook was refused as damaged); one over 100 characters
# or with a control character in it is refused
long_name="Dr. Ir. H. SYARIF MUHAMMAD ALKADRIE NURHALIZA, S.Kom., M.T."
"$DCACCESS" report monthly 2026-10 --format pdf -o sig-long --signatory "$long_name" >/dev/null 2>&1; rc=$?
pdftotext -layout sig-long/bulanan-2026-10.pdf sig.txt 2>/dev/null
check "a 59-character signatory: exit 0, whole on two lines" \
    bash -c "test $rc -eq 0 && grep -q 'Dr. Ir. H. SYARIF MUHAMMAD ALKADRIE *\$' sig.txt && grep -q 'NURHALIZA, S.Kom., M.T. *\$' sig.txt"
wide_name="A$(printf 'Ñ%.0s' $(seq 98))"
"$DCACCESS" report monthly 2026-10 --format xlsx -o sig-wide --signatory "$wide_name" >/dev/null 2>&1; rc=$?
check "a 99-character signatory not in ASCII: exit 0, whole in the workbook" \
    bash -c "test $rc -eq 0 && unzip -p sig-wide/bulanan-2026-10.xlsx xl/sharedStrings.xml | grep -qF '($wide_name)'"
"$DCACCESS" report monthly 2026-10 -o sig-over --signatory "${wide_name}ÑÑ" >/dev/null 2>err.txt; rc=$?
check "a 101-character signatory: exit 2, said, nothing written" bash -c "test $rc -eq 2 && test ! -e sig-over && \
    grep -qxF 'dcaccess report: --signatory: at most 100 characters on the signature block (101 given)' err.txt"
# the longest NIP --nip takes (40 characters) is whole in the PDF, in a smaller size (cut at 31)
"$DCACCESS" report monthly 2026-10 --format pdf -o nip40 --nip 1234567890123456789012345678901234567890 >/dev/null 2>&1
check "a 40-character NIP is whole in the PDF" \
    bash -c "pdftotext -layout nip40/bulanan-2026-10.pdf - | grep -qE 'NIP\. 1234567890123456789012345678901234567890\$'"
"$DCACCESS" report monthly 2026-10 -o sig-ctl --nip $'1970\t0101' >/dev/null 2>err.txt; rc=$?
check "a NIP with a tab: exit 2, said" \
    bash -c "test $rc -eq 2 && grep -qxF 'dcaccess report: --nip: a control character in it' err.txt"

# the site's rules file set once in the environment counts for report as for scan and correct
echo '{"visit_limit_minutes": 70}' > l70.json
DCACCESS_RULES=$PWD/l70.json "$DCACCESS" report monthly 2026-10 --lang en --format pdf -o out-l70 >/dev/null; rc=$?
pdftotext -layout out-l70/monthly-2026-10.pdf l70.txt 2>/dev/null
check "DCACCESS_RULES: the report counts visits over its limit" bash -c "test $rc -eq 0 && grep -q 'Visits over 70 min' l70.txt"
echo '{"visit_limit_minutes": "seventy"}' > bad.json
DCACCESS_RULES=$PWD/bad.json "$DCACCESS" report monthly 2026-10 --format pdf -o out-bad >/dev/null 2>err.txt; rc=$?
check "DCACCESS_RULES: a bad file is named and stops the report" bash -c "test $rc -ne 0 && grep -q 'bad.json' err.txt && test ! -e out-bad/bulanan-2026-10.pdf"

out=$("$DCACCESS" report daily 2026-11-02 --format pdf 2>err.txt); rc=$?
check "empty day is not an error" test $rc -eq 0
check "an empty day is noted with the archive's days" grep -qxF "dcaccess report: note: no visits on 2026-11-02; the archive's visits run from 2026-10-01 to 2026-10-31 (a mistyped date?); the report is written, empty" err.txt
"$DCACCESS" report monthly 2025-10 --format pdf >/dev/null 2>err.txt
check "an empty month is noted" grep -qxF "dcaccess report: note: no visits in 2025-10; the archive's visits run from 2026-10-01 to 2026-10-31 (a mistyped date?); the report is written, empty" err.txt
pdftotext reports/harian-2026-11-02.pdf empty.txt 2>/dev/null
check "empty day says so" grep -q "Tidak ada kunjungan pada 2 November 2026." empty.txt

out=$("$DCACCESS" report audit 2026-10 --format pdf); rc=$?
check "audit exits 0 on an intact archive" test $rc -eq 0
pdftotext reports/audit-2026-10.pdf audit.txt 2>warn.txt
check "audit PDF reads without warnings" test ! -s warn.txt
check "audit shows the chain check" grep -q "UTUH" audit.txt
check "audit accounts for the month's pages that are no visit (none here)" \
    bash -c "grep -A1 'Halaman yang bukan kunjungan (ditolak, ganda, formulir tidak terpakai)' audit.txt | grep -qx 'Tidak ada.'"

# The audit's figures and its chain check are one read of the archive (e28a018): a correction that
# another command stores between the two is in neither. The interrupt library runs that command
# at the check's first query (PRAGMA quick_check), after the records are read, the same on any
# machine; read query by query, the audit listed the records without the correction and counted it
# in the chain ("Chain entries 64", "Corrections (whole archive) 1").
cp dcaccess.db race.db
DC_RUN_SQL="PRAGMA quick_check(3)" \
    DC_RUN_CMD="'$DCACCESS' correct 000002 escort_name BUDI --by Siti --why 'stored while a report reads' --archive race.db >race-correct.out 2>&1" \
    LD_PRELOAD="$DC_INTERRUPT_LIB" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
    "$DCACCESS" report audit 2026-10 --format pdf --lang en --archive race.db -o race >/dev/null 2>race.err; rc=$?
pdftotext -layout race/audit-en-2026-10.pdf race.txt 2>/dev/null
"$DCACCESS" report audit 2026-10 --format pdf --lang en --archive race.db -o race-after >/dev/null 2>&1
pdftotext -layout race-after/audit-en-2026-10.pdf race-after.txt 2>/dev/null
# audit_counts FILE: its chain entries, the archive's corrections the chain counts, and the values
# the listed records show corrected, as "62 0 0"
audit_counts() {
    echo "$(sed -n 's/^Chain entries  *//p' "$1") $(sed -n 's/^Corrections (whole archive)  *//p' "$1")" \
        "$(sed -n 's/^Accepted by the scan, corrected later by a  *\([0-9]*\) of .*/\1/p' "$1")"
}
check "a correction stored while the audit reads is stored" \
    grep -qxF "000002 escort_name: RINA -> BUDI (by Siti)" race-correct.out
check "a correction stored while the audit reads: exit 0, nothing said" test "$rc $(cat race.err)" = "0 "
got=$(audit_counts race.txt)
check "a correction stored while the audit reads is in neither its records nor its chain check: 62 0 0 (got $got)" \
    test "$got" = "62 0 0"
got=$(audit_counts race-after.txt)
check "the next audit has it in both: 64 1 1, the correction and the record stored again (got $got)" test "$got" = "64 1 1"

"$DCACCESS" report daily 2026-10-05 --archive nowhere.db >/dev/null 2>err.txt; rc=$?
check "missing archive fails (3)" test $rc -eq 3
check "missing archive is named" grep -q "nowhere.db does not exist" err.txt
check "missing archive is not created" test ! -e nowhere.db

touch afile
"$DCACCESS" report daily 2026-10-05 -o afile/sub >/dev/null 2>err.txt; rc=$?
check "unwritable output folder fails (3)" test $rc -eq 3
check "an output folder below a file names the file" \
    grep -qxF "dcaccess: output folder: file input/output error: afile/sub: afile is a file, not a folder: give another folder name" err.txt
"$DCACCESS" report daily 2026-10-05 -o afile >/dev/null 2>err.txt; rc=$?
check "a file given as the output folder fails (3)" test $rc -eq 3
check "a file given as the output folder is said to be a file" \
    grep -qxF "dcaccess: output folder: file input/output error: afile is a file, not a folder: give another folder name" err.txt
"$DCACCESS" cells -o afile >/dev/null 2>err.txt; rc=$?
check "cells into a file fails (3)" test $rc -eq 3
check "cells into a file says it is a file (it was 'Not a directory')" \
    grep -qxF "dcaccess: cells: file input/output error: afile is a file, not a folder: give another folder name" err.txt

"$DCACCESS" report monthly 2026-13 >/dev/null 2>err.txt; rc=$?
check "bad month is a usage error (2)" test $rc -eq 2
check "bad month explained" grep -q "2026-13" err.txt

# Ctrl-C at the worst moment (tests/support/interrupt.c: SIGINT just before the finished workbook
# is renamed into place): the workbook is finished and in place, nothing temporary is left, the
# PDF is not started, and the command says so.
: "${DC_INTERRUPT_LIB:?the interrupt library (tests/support/interrupt.c, built with the tests)}"
DC_INTERRUPT_RENAME=harian-2026-10-05.xlsx LD_PRELOAD="$DC_INTERRUPT_LIB" \
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
    "$DCACCESS" report daily 2026-10-05 -o int >out.txt 2>err.txt; rc=$?
check "interrupted report exits 3" test $rc -eq 3
check "interrupted report: the workbook is in place and whole" unzip -tq int/harian-2026-10-05.xlsx
check "interrupted report: nothing temporary left" test "$(ls int)" = "harian-2026-10-05.xlsx"
check "interrupted report: says what was not written" grep -q "interrupted; the pdf report was not written" err.txt
# the same SIGINT while the caller ignores it (trap '' INT, a job in a script's background): ignored,
# both reports are written (the handler replaced SIG_IGN and the PDF was skipped, exit 3)
(trap '' INT; DC_INTERRUPT_RENAME=harian-2026-10-05.xlsx LD_PRELOAD="$DC_INTERRUPT_LIB" \
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
    exec "$DCACCESS" report daily 2026-10-05 -o ign >out.txt 2>err.txt); rc=$?
check "an ignored SIGINT stays ignored: exit 0, both reports" \
    bash -c "test $rc -eq 0 && test -s ign/harian-2026-10-05.xlsx && test -s ign/harian-2026-10-05.pdf && ! grep -q interrupted err.txt"

# A disk that fills up while a workbook's parts are written (tests/support/enospc.c: every stdio
# file in the output folder is cut to 1,000 bytes when flushed, and the flush fails). libxlsxwriter
# does not check those writes, so the workbook would come out with a part cut short and the
# command would succeed; the workbook is read back instead: a clear error naming the report and
# the part, no message from the library, and the reports already there are kept as they were.
# (This disk is not really full, so the message does not say it is; on a full disk it adds
# "(the disk is full)", checked by hand on a 64 KiB tmpfs.)
: "${DC_ENOSPC_LIB:?the full-disk library (tests/support/enospc.c, built with the tests)}"
"$DCACCESS" report daily 2026-10-05 -o cut >/dev/null 2>err.txt
check "report before the disk fills" test -s cut/harian-2026-10-05.xlsx
cp cut/harian-2026-10-05.xlsx before.xlsx
DC_ENOSPC_PATH="$PWD/cut/" DC_ENOSPC_CUT=1000 LD_PRELOAD="$DC_ENOSPC_LIB" \
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
    "$DCACCESS" report daily 2026-10-05 -o cut >out.txt 2>err.txt; rc=$?
check "full disk during the parts exits 3" test $rc -eq 3
check "full disk during the parts: the report and the cut part are named" \
    grep -q "^dcaccess: cut/harian-2026-10-05.xlsx: XLSX output error: cut/harian-2026-10-05.xlsx: not written, the workbook came out damaged: part \[Content_Types\].xml is cut short (1000 bytes, its document is not closed)$" err.txt
check "full disk during the parts: the library prints nothing" bash -c '! grep -q "\[ERROR\]" err.txt'
check "full disk during the parts: the workbook already there is kept" cmp -s before.xlsx cut/harian-2026-10-05.xlsx
check "full disk during the parts: nothing temporary left" test "$(ls cut)" = "$(printf 'harian-2026-10-05.pdf\nharian-2026-10-05.xlsx')"

# An archive an older dcaccess filled holds bytes that are not UTF-8, and control characters, in a
# name and in a correction's reason (made here with sqlite3). The workbook used to be damaged XML,
# and `records --json` dropped the name: now U+FFFD stands where the bad bytes were.
cp dcaccess.db odd.db
"$DCACCESS" correct 000001 exit_time 09:30 --by Siti --why "checked" --archive odd.db >/dev/null 2>&1
sqlite3 odd.db "UPDATE records SET visitor_name = 'SITI' || X'FF' || ' AMINAH' WHERE serial = '000001';
                UPDATE fields SET value = 'SITI' || X'FF' || ' AMINAH' WHERE field_id = 'visitor_name'
                    AND page_id = (SELECT access_page_id FROM records WHERE serial = '000001');
                UPDATE corrections SET who = 'Si' || X'01' || 'ti', why = 'checked ' || X'C3' || '( twice' WHERE serial = '000001';"
"$DCACCESS" report daily 2026-10-01 --archive odd.db -o odd >/dev/null 2>err.txt; rc=$?
# (the text is put there behind dcaccess's back, so the archive does not verify: exit 1, said on top)
check "old bad text: the daily report is written, and warns that the archive does not verify" \
    bash -c "test $rc -eq 1 && grep -qF 'dcaccess report: warning: the archive does not verify (2 problems); the report is written and says so at its top: run dcaccess verify' err.txt"
check "old bad text: the daily PDF says so at its top" \
    bash -c "pdftotext odd/harian-2026-10-01.pdf - | tr -s ' \n' '  ' | grep -qF 'PERINGATAN: arsip tidak lolos verifikasi (2 masalah)'"
"$DCACCESS" report audit 2026-10 --archive odd.db -o odd >/dev/null 2>err.txt; rc=$?
# (exit 1 with the chain's problems: the bytes were changed behind the archive's back)
check "old bad text: the audit is written, and says the archive was altered" \
    bash -c "test $rc -eq 1 && grep -qF 'the archive does not verify (2 problems); the audit report lists them' err.txt"

whole_xml() { # every XML part of the workbook parses
    python3 -c 'import sys, zipfile, xml.dom.minidom as m
z = zipfile.ZipFile(sys.argv[1])
[m.parseString(z.read(n)) for n in z.namelist() if n.endswith((".xml", ".rels"))]' "$1"
}
check "old bad text: the daily workbook is well-formed XML" whole_xml odd/harian-2026-10-01.xlsx
check "old bad text: the daily workbook's first sheet is the warning" \
    python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert "<sheet name=\"PERINGATAN\" sheetId=\"1\"" in z.read("xl/workbook.xml").decode()
assert "PERINGATAN: arsip tidak lolos verifikasi (2 masalah)" in z.read("xl/sharedStrings.xml").decode()' odd/harian-2026-10-01.xlsx
check "old bad text: the audit workbook is well-formed XML" whole_xml odd/audit-2026-10.xlsx
check "old bad text: the name is shown with U+FFFD" bash -c "unzip -p odd/harian-2026-10-01.xlsx xl/sharedStrings.xml | grep -qF 'SITI$(printf '\xef\xbf\xbd') AMINAH'"
pdftotext odd/audit-2026-10.pdf odd-audit.txt 2>/dev/null
check "old bad text: the audit PDF shows who and why with U+FFFD" \
    bash -c "grep -qF 'Si$(printf '\xef\xbf\xbd')ti' odd-audit.txt && grep -qF 'Alasan: checked $(printf '\xef\xbf\xbd')( twice' odd-audit.txt"
check "old bad text: records --json keeps the name" \
    test "$("$DCACCESS" records --json --archive odd.db | jq -r 'select(.serial == "000001") | .fields.visitor_name')" = "SITI$(printf '\xef\xbf\xbd') AMINAH"
check "old bad text: records --csv shows it" bash -c "\"\$DCACCESS\" records --csv --archive odd.db | grep -qF ',SITI$(printf '\xef\xbf\xbd') AMINAH,'"
"$DCACCESS" correct 000002 visitor_name "$(printf 'AGUS\xff')" --by Siti --archive odd.db >/dev/null 2>err.txt; rc=$?
check "a correction that is not UTF-8 is refused" test $rc -ne 0
check "a correction that is not UTF-8 is refused, saying why" grep -qF "visitor_name: the value is not valid text (not UTF-8 at byte 5)" err.txt

# the audit shows a value of the longest kind whole (a cell showed 6 lines, ~137 letters, then "…")
long=$(printf 'W%.0s' $(seq 500))
"$DCACCESS" correct 000002 institution "$long" --by Siti --why "the longest kind" --archive odd.db >/dev/null 2>err.txt
check "a 500-letter institution is accepted" test ! -s err.txt
"$DCACCESS" correct 000002 purpose_detail "UPGRADE" --by Siti --archive odd.db >/dev/null 2>err.txt
check "a correction without --why is stored, with a note that the audit shows no reason" \
    grep -qxF "dcaccess correct: note: no --why given: the audit report shows this correction with no reason" err.txt
"$DCACCESS" report audit 2026-10 --format pdf --lang en --archive odd.db -o long >/dev/null 2>&1
# in each of the three cells that hold it: the field's value, its correction's new value in the
# field table, and in the corrections table (the record's header line shows a cut summary). Not in
# lines with a "/": the archive's path, which the PDF shows, is a random temporary name that may
# hold "WW" (the check failed once so, helper 48)
pdftotext long/audit-en-2026-10.pdf long.txt 2>/dev/null
check "the audit PDF shows the 500-letter value whole in each of its 3 cells" \
    test "$(grep -v '…' long.txt | grep -v / | grep -o 'WWW*' | awk '{ n += length($0) } END { print n + 0 }')" -eq 1500
check "the audit PDF says the correction without --why has no reason" grep -qxF "Reason: (no reason given)" long.txt

# the English audit shows a value as the English form prints it, where it showed the stored codes
# ("Decision granted", "Visitor badge returned true", "true → false"); correct still takes the code
cp dcaccess.db labels.db
"$DCACCESS" correct 000003 badge_returned false --by Siti --why "box empty on the paper" --archive labels.db >/dev/null 2>&1
"$DCACCESS" report audit 2026-10 --lang en --archive labels.db -o labels >/dev/null 2>&1
pdftotext -layout labels/audit-en-2026-10.pdf labels.txt 2>/dev/null
check "the English audit shows a choice as the form prints its option" grep -qE '^Decision +Granted +0\.96 accepted ' labels.txt
check "the English audit shows a signature as present" grep -qE '^Visitor signature +present +0\.96 accepted ' labels.txt
check "the English audit shows a corrected tick box as not ticked, and its history" \
    grep -qE '^Visitor badge returned +not ticked +1\.00 corrected +ticked → not ticked$' labels.txt
check "the English audit's corrections table shows ticked and not ticked" \
    grep -qE '^Visitor badge returned +ticked \(0\.96\) +not ticked +Siti ' labels.txt
check "the English audit workbook shows the labels" \
    bash -c "unzip -p labels/audit-en-2026-10.xlsx xl/sharedStrings.xml | grep -qF '<t>not ticked</t>'"

# the audit in both languages into one folder: two files (the English one had the Indonesian one's
# name, audit-2026-10.pdf, and wrote over it without a word)
"$DCACCESS" report audit 2026-10 --format pdf --archive labels.db -o labels >/dev/null 2>&1
check "the Indonesian audit beside the English one keeps its own file" \
    bash -c "pdftotext labels/audit-2026-10.pdf - | grep -qx 'Laporan Audit Akses Ruang Server' && pdftotext labels/audit-en-2026-10.pdf - | grep -qx 'Server Room Access Audit Report'"

# correct takes a choice's option as the reports show it, in either language, or as the form
# prints it, and stores its code ("Ditolak" was refused: not one of granted|refused)
cp dcaccess.db choice.db
"$DCACCESS" correct 000003 decision Ditolak --by X --why "as on the paper" --archive choice.db >choice.out 2>err.txt; rc=$?
check "correct 000003 decision Ditolak: exit 0, refused stored" \
    bash -c "test $rc -eq 0 && test \"\$(sqlite3 choice.db \"SELECT decision FROM records WHERE serial = '000003'\")\" = refused"
check "correct 000003 decision Ditolak: says the code stored" \
    bash -c "test \"\$(head -1 choice.out)\" = '000003 decision: granted -> refused (by X)'"
# ...and what is left to review in words (it said "record 000003 is now needs_review", the status's name)
check "correct 000003 decision Ditolak: says what is left in review: $(sed -n 2p choice.out)" \
    bash -c "test \"\$(sed -n 2p choice.out)\" = 'record 000003 is now complete: no field is in review'"
"$DCACCESS" correct 000003 id_type " driving licence " --by X --why "as on the paper" --archive choice.db >choice.out 2>err.txt; rc=$?
check "correct 000003 id_type 'driving licence' (the English form's wording): sim stored" \
    bash -c "test $rc -eq 0 && test \"\$(head -1 choice.out)\" = '000003 id_type: ktp -> sim (by X)'"
"$DCACCESS" correct 000003 purpose "Lainnya (sebutkan di bawah) + Hosting dan subdomain" --by X --why "both ticked" \
    --archive choice.db >choice.out 2>err.txt; rc=$?
check "correct 000003 purpose, two boxes as the Indonesian form words them: hosting+other stored" \
    bash -c "test $rc -eq 0 && test \"\$(head -1 choice.out)\" = '000003 purpose: management -> hosting+other (by X)'"

# a required field whose English name is its id is named once in what correct prints (it said
# "Required field is empty: purpose (purpose)"; the archive keeps that text, which it chained)
"$DCACCESS" correct 000003 purpose "" --by X --why "no box ticked" --archive choice.db >choice.out 2>err.txt; rc=$?
check "correct 000003 purpose '': the finding names purpose once: $(grep required_missing choice.out)" \
    bash -c "test $rc -eq 0 && grep -qxF '  + required_missing purpose (error, SOP 2): Required field is empty: purpose' choice.out"

# the records table counts a letter and its combining accent as one column ("JOSÉ" stored
# decomposed shifted the columns after it; a correction now stores it composed, as a reading or an
# older archive may not: put there with sqlite3)
cp dcaccess.db marks.db
sqlite3 marks.db "UPDATE fields SET value = 'JOSE' || X'CC81' || ' N' || X'CC83' || 'ON' || X'CC83' || 'O'
    WHERE field_id = 'visitor_name' AND page_id = (SELECT access_page_id FROM records WHERE serial = '000001')"
check "records: a name with combining accents keeps the columns after it in place" bash -c "\"\$DCACCESS\" records \
    --archive marks.db | grep '^000001 ' | grep -qF '$(printf 'JOSE\xcc\x81 N\xcc\x83ON\xcc\x83O')                granted'"

# a name typed in lower case, or with its accents as separate marks, is kept in capitals composed,
# so the reports count it as one institution (they counted "PT ÉLITE NUSANTARA" twice)
cp dcaccess.db nfc.db
"$DCACCESS" correct 000001 institution "pt $(printf '\xc3\xa9')lite nusantara" --by Siti --why "as written" --archive nfc.db >/dev/null 2>&1
"$DCACCESS" correct 000002 institution "PT E$(printf '\xcc\x81')LITE NUSANTARA" --by Siti --why "as written" --archive nfc.db >/dev/null 2>&1
check "typed names: the same institution typed two ways is stored once, in capitals, composed" test \
    "$("$DCACCESS" records --json --archive nfc.db | jq -r 'select(.serial == "000001" or .serial == "000002") | .fields.institution' | uniq)" \
    = "PT $(printf '\xc3\x89')LITE NUSANTARA"

# a time stored that is not a clock time (a correction keeps "24:00" as written on the paper) is
# shown as stored in the daily report, not as a blank that reads "not filled in"
cp dcaccess.db clock.db
"$DCACCESS" correct 000001 entry_time 24:00 --by Siti --why "as written" --archive clock.db >/dev/null 2>&1
"$DCACCESS" correct 000001 exit_time 99:99 --by Siti --why "as written" --archive clock.db >/dev/null 2>&1
"$DCACCESS" report daily 2026-10-01 --lang en --archive clock.db -o clock >/dev/null 2>&1; rc=$?
check "times that are not clock times: the daily PDF shows them as stored" bash -c "test $rc -eq 0 &&
    pdftotext -layout clock/daily-2026-10-01.pdf - | grep -E '^000001 ' | grep -qE ' 24:00 +99:99 '"
check "times that are not clock times: the daily workbook shows them as text" bash -c "unzip -p clock/daily-2026-10-01.xlsx \
    xl/sharedStrings.xml | grep -qF '<t>24:00</t>' && unzip -p clock/daily-2026-10-01.xlsx xl/sharedStrings.xml | grep -qF '<t>99:99</t>'"

# a period that is not a date or month is named
"$DCACCESS" records --date 2026-02-29 >/dev/null 2>err.txt; rc=$?
check "records --date 2026-02-29: exit 2, the day named" bash -c "test $rc -eq 2 && grep -qxF 'dcaccess records: --date 2026-02-29: no such day' err.txt"
"$DCACCESS" records --month 2026-13 >/dev/null 2>err.txt; rc=$?
check "records --month 2026-13: exit 2, the month named" bash -c "test $rc -eq 2 && grep -qxF 'dcaccess records: --month 2026-13: not a month (YYYY-MM)' err.txt"

# An archive the dcaccess of session 19 wrote (chain payload version 1) still verifies; a record
# changed now is chained with version 2, which also covers what reports show besides the values:
# a finding's SOP step and messages, the batch date, a field's confidence (version 1 did not).
cp "$DC_SOURCE_DIR/tests/data/archive-session19.db" legacy.db
verifies_ok() { (cd "$DC_SOURCE_DIR" && "$DCACCESS" verify --archive "$tmp/$1" 2>&1) | grep -q ': OK$'; }
finds_change() { (cd "$DC_SOURCE_DIR" && "$DCACCESS" verify --archive "$tmp/$1" 2>&1) |
    grep -q 'record 000004: content (fields, confidences, scanned images, status, batch date or findings) differs from chain entry'; }
check "a session-19 archive verifies" verifies_ok legacy.db
"$DCACCESS" correct 000004 operator_signature true --by Siti --archive legacy.db >/dev/null 2>&1
check "after a correction it verifies" verifies_ok legacy.db
for change in "UPDATE findings SET message_en = 'Visit lasted 61 min, over the 60 min limit' WHERE serial = '000004'" \
              "UPDATE findings SET sop_step = '2' WHERE serial = '000004'" \
              "UPDATE records SET batch_date = '2026-10-01' WHERE serial = '000004'" \
              "UPDATE fields SET confidence = 0.5 WHERE field_id = 'visitor_name'"; do
    cp legacy.db tampered.db
    sqlite3 tampered.db "$change"
    check "verify finds: ${change%% WHERE*}" finds_change tampered.db
done

# Chained now (version 3), the record's entry also covers the images its values were read from
# and the values as its pages store them; version 2 (the session-19 record before its correction)
# did not
for change in "UPDATE fields SET crop = X'00' WHERE field_id = 'exit_time'" \
              "UPDATE pages SET thumb = X'00' WHERE serial = '000004' AND sheet_page = 1" \
              "UPDATE fields SET value = lower(value) WHERE field_id = 'visitor_name'"; do
    cp legacy.db tampered.db
    sqlite3 tampered.db "$change"
    check "verify finds: ${change%% WHERE*}" finds_change tampered.db
done
# An archive the dcaccess of session 25 wrote (schema 9: entries that keep their payload, a
# record's of version 2, a blank page's of version 1) verifies, its scans found where this clone
# has them (it was made in /work/main); a value changed in it is named by its version-2 entry alone
cp "$DC_SOURCE_DIR/tests/data/archive-session25.db" s25.db
s25_verify() { "$DCACCESS" verify --scans "$DC_SOURCE_DIR" --archive "$tmp/$1" 2>&1; }
s25_verify s25.db >s25.out
check "a session-25 archive verifies" grep -qxF "verify $tmp/s25.db: 2 chain entries, 1 record, 0 corrections, 3 source files: OK" s25.out
cp s25.db s25t.db
sqlite3 s25t.db "UPDATE fields SET value = '14:59' WHERE field_id = 'exit_time'"
s25_verify s25t.db >s25t.out
check "in a session-25 archive, verify names the value changed, and only it" \
    grep -qxF 'PROBLEM: record 000004: content (fields, confidences, scanned images, status, batch date or findings) differs from chain entry #2 (altered); what differs: exit_time: chained "14:23" (accepted), now "14:59" (accepted)' s25t.out
cp s25.db s25t.db
sqlite3 s25t.db "UPDATE pages SET reason = 'not a dcaccess form', status = 'rejected' WHERE status = 'blank'"
s25_verify s25t.db >s25t.out
check "in a session-25 archive, verify names what changed of a blank page (version 1)" \
    grep -qF '/tests/data/blank-a4.png page 1 (rejected): differs from chain entry #1 (altered); what differs: status: chained "blank", now "rejected"; reason: chained "blank page (ink 0.00% of the page)", now "not a dcaccess form"' s25t.out

# what records checked with the SOP defaults by this dcaccess keep: the rules and the rules engine
ENGINE=$("$DCACCESS" --version | sed -n 's/^dcaccess .* (rules engine \([0-9][0-9]*\))$/\1/p')
check "dcaccess --version names the rules engine" test -n "$ENGINE"
STAMP="SOP defaults; rules engine $ENGINE"

# The rules its records were checked with are not known: the monthly report counts them, a
# correction says so, and recheck checks them with the rules in force, chained as a correction
cp "$DC_SOURCE_DIR/tests/data/archive-session19.db" leg2.db
"$DCACCESS" report monthly 2026-11 --format pdf --lang en --archive leg2.db -o leg2 >/dev/null 2>&1
check "an older archive: its record counts as checked with rules not recorded" \
    bash -c "pdftotext -layout leg2/monthly-2026-11.pdf - | grep -qE 'Records checked with other rules, another dcaccess version, or rules not recorded .* +1$'"
check "an older archive: the correction made above records the rules it checked with" \
    test "$(sqlite3 legacy.db "SELECT old || ' -> ' || new || ' by ' || who FROM corrections WHERE field = 'rules'")" = "(not recorded) -> $STAMP by Siti"
"$DCACCESS" recheck --month 2026-11 --by Siti --archive leg2.db >leg2.out 2>&1
check "an older archive: recheck checks its record" \
    grep -qxF "1 record of 2026-11: 1 checked again with the rules in force ($STAMP), 0 of them with other findings; 0 checked with these rules already" leg2.out
check "an older archive: it verifies after the recheck" verifies_ok leg2.db
"$DCACCESS" report monthly 2026-11 --format pdf --lang en --archive leg2.db -o leg2b >/dev/null 2>&1
check "an older archive: after the recheck no record is checked with other rules" \
    bash -c "pdftotext -layout leg2b/monthly-2026-11.pdf - | grep -qE 'Records checked with other rules, another dcaccess version, or rules not recorded .* +0$'"

# A record checked with the same rules by an earlier rules engine (session 25's kept "SOP
# defaults", before the engine was recorded) is counted, and recheck checks it again, signed and
# chained: findings no current rule gives are not kept without a word
cp "$DC_SOURCE_DIR/tests/data/archive-session25.db" eng.db
"$DCACCESS" report monthly 2026-11 --format pdf --lang en --archive eng.db -o eng >/dev/null 2>&1
check "an earlier engine: its record counts as checked with other rules" \
    bash -c "pdftotext -layout eng/monthly-2026-11.pdf - | grep -qE 'Records checked with other rules, another dcaccess version, or rules not recorded .* +1$'"
"$DCACCESS" recheck --month 2026-11 --by Siti --why "dcaccess updated" --archive eng.db >eng.out 2>&1
check "an earlier engine: recheck checks its record again" \
    grep -qxF "1 record of 2026-11: 1 checked again with the rules in force ($STAMP), 0 of them with other findings; 0 checked with these rules already" eng.out
check "an earlier engine: the recheck is a signed correction of the rules" \
    test "$(sqlite3 eng.db "SELECT old || ' -> ' || new || ' by ' || who || ': ' || why FROM corrections WHERE field = 'rules'")" = "SOP defaults -> $STAMP by Siti: dcaccess updated"
check "an earlier engine: the archive verifies after the recheck" \
    grep -qxF "verify $tmp/eng.db: 4 chain entries, 1 record, 1 correction, 3 source files: OK" <(s25_verify eng.db)
# upgraded to schema 11 by the recheck: the entries made since seal the time they were made, those
# of session 25 keep theirs unsealed (said so), and a sealed time changed is found
check "an upgraded archive: entries seal their time from the upgrade on" \
    test "$(sqlite3 eng.db "SELECT value FROM chain_meta WHERE key = 'at_sealed_from'")" = 3
h2=$(sqlite3 eng.db "SELECT hash FROM chain WHERE seq = 2"); h4=$(sqlite3 eng.db "SELECT hash FROM chain WHERE seq = 4")
"$DCACCESS" verify --head "$h2" --head "$h4" --archive eng.db >engh.out 2>&1 || true
check "verify --head of an entry made before the upgrade says its time is not sealed" \
    grep -qxF "chain head $h2 (printed earlier): entry #2 of 4 (stored as written $(sqlite3 eng.db "SELECT at FROM chain WHERE seq = 2"), a time the chain does not seal: an earlier dcaccess made the entry): still in the chain" engh.out
check "verify --head of an entry made since says when it was written" \
    grep -qxF "chain head $h4 (printed earlier): entry #4 of 4, written $(sqlite3 eng.db "SELECT at FROM chain WHERE seq = 4"): still in the chain" engh.out
cp eng.db engt.db
sqlite3 engt.db "UPDATE chain SET at = '2026-11-01T07:00:00Z' WHERE seq = 4"
st=0; s25_verify engt.db >engt.out || st=$?
check "a sealed entry's time changed is found" \
    bash -c "[ $st = 1 ] && grep -qxF 'PROBLEM: chain entry #4 (record 000004): hash does not match its content or the time it was made (altered)' engt.out"
"$DCACCESS" recheck --month 2026-11 --by Siti --archive eng.db >eng2.out 2>&1
check "an earlier engine: a second recheck has nothing to do" \
    grep -qxF "1 record of 2026-11: 0 checked again with the rules in force ($STAMP), 0 of them with other findings; 1 checked with these rules already" eng2.out
# a correction of such a record says what it was checked with and is checked with now
cp "$DC_SOURCE_DIR/tests/data/archive-session25.db" engc.db
"$DCACCESS" correct 000004 exit_time 14:30 --by Siti --why "written 14:30" --archive engc.db >engc.out 2>&1
check "an earlier engine: a correction says the record was checked again by this engine" grep -qxF \
    "  checked again with the rules and rules engine in force, not those it was checked with: SOP defaults -> $STAMP (recorded as a correction of \"rules\")" engc.out
# ... and so does a batch's new date, which checks its records again
cp "$DC_SOURCE_DIR/tests/data/archive-session25.db" engbd.db
"$DCACCESS" batch-date 1 2026-11-03 --by Siti --why "wrong date" --archive engbd.db >engbd.out 2>&1
check "an earlier engine: a batch's new date says its record was checked again by this engine" \
    test "$(sed -n 2,3p engbd.out)" = "000004:
  checked again with the rules and rules engine in force, not those it was checked with: SOP defaults -> $STAMP (recorded as a correction of \"rules\")"
# the daily scan says so, with the month to check, until the records are checked again
cp "$DC_SOURCE_DIR/tests/data/archive-session25.db" engscan.db
NOTE="  note:         1 record of 2026-11 was checked by an earlier dcaccess, whose rules may find otherwise: check it again with \`dcaccess recheck --month 2026-11 --by NAME\` (README: rules engine)"
"$DCACCESS" scan --batch-date 2026-11-02 --archive engscan.db "$DC_SOURCE_DIR/samples/day/0001_lowdpi150.png" >engscan.out 2>&1
check "an earlier engine: a scan names the record it checked and the month to check again, and not its own" \
    bash -c 'test "$(grep -c "note:" "$1")" = 1 && grep -qxF "$2" "$1"' _ engscan.out "$NOTE"
"$DCACCESS" recheck --month 2026-11 --by Siti --archive engscan.db >/dev/null 2>&1
"$DCACCESS" scan --batch-date 2026-11-02 --archive engscan.db "$DC_SOURCE_DIR/samples/day/0001_lowdpi150.png" >engscan2.out 2>&1
check "an earlier engine: after the recheck the scan says nothing of it" \
    bash -c '! grep -q "note:" "$1" && grep -q "1 already archived" "$1"' _ engscan2.out

# Records a much newer dcaccess checked (rules engine 99: tests/data/README.md; 000004 without its
# checklist, 000002 with fields in review) are left to it: recheck and correct refuse them and
# change nothing; a scan builds its own records, stores the pages of theirs, finishes its batch and
# names them; review goes on past their fields
cp "$DC_SOURCE_DIR/tests/data/archive-engine99.db" e99.db
"$DCACCESS" recheck --month 2026-11 --by Siti --archive e99.db >e99.out 2>/dev/null; rc=$?
printf '%s\n' "2 records of 2026-11: 0 checked again with the rules in force ($STAMP), 0 of them with other findings; 0 checked with these rules already" \
    "2 records checked by a newer dcaccess (a later rules engine than this one's, $ENGINE) left as they are: update dcaccess on this PC" >e99.want
check "a newer engine: recheck leaves its records, says so, exit 1" bash -c 'test $0 = 1 && cmp -s "$1" "$2"' "$rc" e99.want e99.out
"$DCACCESS" correct 000004 exit_time 14:30 --by Siti --archive e99.db >/dev/null 2>e99c.err; rc=$?
check "a newer engine: a correction is refused, exit 3" bash -c 'test $0 = 3 && grep -qxF "$1" "$2"' "$rc" \
    "dcaccess: correct: made by a newer dcaccess: correcting 000004 exit_time: e99.db: record 000004 was checked by a newer dcaccess (rules engine 99; this one has $ENGINE): it is left as it is; update dcaccess on this PC" e99c.err
check "a newer engine: nothing changed" \
    test "$(sqlite3 e99.db "SELECT count(*) FROM corrections")|$(sqlite3 e99.db "SELECT group_concat(DISTINCT rules) FROM records")" = "0|SOP defaults; rules engine 99"
"$DCACCESS" scan --batch-date 2026-11-02 --archive e99.db "$DC_SOURCE_DIR/samples/day/0001_lowdpi150.png" >e99s.out 2>&1; rc=$?
check "a newer engine: a scan builds its own record and names the ones it leaves" bash -c 'test $0 = 0 && grep -qxF "$1" "$2" && test "$(grep -c note: "$2")" = 1' "$rc" \
    "  note:         2 records were checked by a newer dcaccess (a later rules engine than this one's, $ENGINE): this one leaves them as they are; update dcaccess on this PC" e99s.out
check "a newer engine: the archive verifies" bash -c '"$DCACCESS" verify --scans "$DC_SOURCE_DIR" --archive "$0" 2>&1 | grep -q ": OK$"' "$tmp/e99.db"
cp "$DC_SOURCE_DIR/tests/data/archive-engine99.db" e99p.db
"$DCACCESS" scan --batch-date 2026-11-02 --archive e99p.db "$DC_SOURCE_DIR/samples/day/0007_blur.jpg" \
    "$DC_SOURCE_DIR/samples/day/0010_rot180.pnm" "$DC_SOURCE_DIR/samples/day/0011_jpeg.jpg" >e99p.out 2>e99p.err; rc=$?
check "a newer engine: a page of its record is stored, not built into it, the batch finished, exit 1" bash -c 'test $0 = 1 &&
    grep -qxF "$1" "$2" && test "$(sqlite3 e99p.db "SELECT group_concat(status) FROM batches")" = finished,finished &&
    test "$(sqlite3 e99p.db "SELECT count(*) FROM pages WHERE serial = '\''000004'\'' AND form = '\''checklist'\''")|$(sqlite3 e99p.db "SELECT count(*) FROM records WHERE serial = '\''000004'\'' AND checklist_page_id IS NULL")" = "1|1"' "$rc" \
    "dcaccess: note: e99p.db: 1 record checked by a newer dcaccess (000004) not built again with its new pages, which are stored (the newer dcaccess builds it when it scans next); the others were: update dcaccess on this PC" e99p.err
printf '\n\nq\n' | "$DCACCESS" review --by Siti --archive e99p.db >e99r.out 2>&1; rc=$?
check "a newer engine: review says its fields are left to it and goes on to the others" bash -c 'test $0 -le 1 &&
    grep -qF "  not stored: record 000002 was checked by a newer dcaccess: it answers this record'\''s fields; update dcaccess on this PC" "$1" &&
    grep -qF "] 000006 " "$1" && grep -qF ", 3 left to a newer dcaccess;" "$1"' "$rc" e99r.out
check "a newer engine: the archive verifies after the scan and review" bash -c '"$DCACCESS" verify --scans "$DC_SOURCE_DIR" --archive "$0" 2>&1 | grep -q ": OK$"' "$tmp/e99p.db"

# a record chained before the archive kept the rules never says it was checked with some: set
# outside dcaccess after the upgrade, verify finds it
cp "$DC_SOURCE_DIR/tests/data/archive-session19.db" leg3.db
"$DCACCESS" forms print --count 1 --first-serial 100 --archive leg3.db -o leg3.pdf >/dev/null 2>&1
sqlite3 leg3.db "UPDATE records SET rules = 'SOP defaults'"
check "an older archive: rules set on its record outside dcaccess are found" \
    bash -c "(cd '$DC_SOURCE_DIR' && '$DCACCESS' verify --archive '$tmp/leg3.db' 2>&1) | grep -qF 'record 000004: it was chained before the archive kept the rules, yet says it was checked with \"SOP defaults\" (altered)'"

# A value longer than any box holds is refused; one an older dcaccess stored (70,000 characters,
# made here with sqlite3) no longer makes the PDF reports fail ("libharu error 0x105B")
cp dcaccess.db long.db
"$DCACCESS" correct 000001 institution "$(printf 'A%.0s' $(seq 501))" --by Siti --archive long.db >/dev/null 2>err.txt; rc=$?
check "a 501-character value is refused (2)" \
    bash -c "test $rc -eq 2 && grep -qF 'institution: the value has 501 characters, more than the form holds (at most 500)' err.txt"
sqlite3 long.db "UPDATE records SET institution = replace(hex(zeroblob(35000)), '00', 'A') WHERE serial = '000001';
                 UPDATE fields SET value = replace(hex(zeroblob(35000)), '00', 'A') WHERE field_id = 'institution'
                     AND page_id = (SELECT access_page_id FROM records WHERE serial = '000001');"
"$DCACCESS" report daily 2026-10-01 --format pdf --archive long.db -o long >/dev/null 2>err.txt; rc=$?
check "a stored 70,000-character value: the daily PDF is written (the archive says it was altered)" \
    test $rc -eq 1 -a -s long/harian-2026-10-01.pdf
"$DCACCESS" report audit 2026-10 --format pdf --archive long.db -o long >/dev/null 2>err.txt; rc=$?
check "a stored 70,000-character value: the audit PDF is written (the archive says it was altered)" \
    bash -c "test $rc -eq 1 && test -s long/audit-2026-10.pdf"

# PDF table cells wrap instead of cutting: a 29-letter institution appears whole in the audit's
# record heading, its field row, the field's corrections column and the corrections table (it was
# cut to "RSUD SULTAN SYARIF M ALKA…" in all but the heading), and whole in the daily visits table
cp dcaccess.db wrap.db
"$DCACCESS" correct 000001 institution "RSUD SULTAN SYARIF M ALKADRIE" --by Siti --archive wrap.db >/dev/null 2>&1
"$DCACCESS" report audit 2026-10 --format pdf --archive wrap.db -o wrap >/dev/null 2>&1
"$DCACCESS" report daily 2026-10-01 --format pdf --archive wrap.db -o wrap >/dev/null 2>&1
whole_in() { pdftotext "$1" - 2>/dev/null | tr -s ' \n' '  ' | grep -o 'RSUD SULTAN SYARIF M ALKADRIE' | wc -l; }
check "audit PDF: the institution whole in 4 places" test "$(whole_in wrap/audit-2026-10.pdf)" -eq 4
# (in the daily table the cell's second line comes after the next column's first in pdftotext's order)
check "daily PDF: the institution whole, over two lines" \
    bash -c "pdftotext -layout wrap/harian-2026-10-01.pdf - | grep -A1 '^000001 .*RSUD SULTAN SYARIF' | grep -q 'M ALKADRIE' && ! pdftotext wrap/harian-2026-10-01.pdf - | grep -q 'RSUD SULTAN SYA…'"

# every command's --help: its usage on stdout, exit 0 (some printed it on stderr and exited 2)
for c in forms scan pending correct batch-date review records verify backup cells report; do
    "$DCACCESS" $c --help >help.out 2>help.err; rc=$?
    check "$c --help: usage on stdout, exit 0" bash -c "test $rc -eq 0 && grep -q '^usage: dcaccess $c' help.out && test ! -s help.err"
done

# an option given twice is refused, not the last one taken (it used the last --archive, --by, period)
"$DCACCESS" records --archive dcaccess.db --archive other.db >/dev/null 2>err.txt; rc=$?
check "--archive twice: exit 2, said" bash -c "test $rc -eq 2 && grep -qxF 'dcaccess records: --archive given twice' err.txt && test ! -e other.db"
"$DCACCESS" report daily 2026-10-05 --archive dcaccess.db --archive other.db -o twice >/dev/null 2>err.txt; rc=$?
check "report --archive twice: exit 2" bash -c "test $rc -eq 2 && grep -qF -- '--archive given twice' err.txt"
# an empty -o is refused (dc_mkdirs read and wrote past the end of the empty name)
"$DCACCESS" report daily 2026-10-05 --archive dcaccess.db -o "" >/dev/null 2>err.txt; rc=$?
check "report -o '': exit 2, said" bash -c "test $rc -eq 2 && grep -qxF 'dcaccess report: -o wants a folder name' err.txt"
"$DCACCESS" correct 000001 exit_time 10:00 --by A --by B >/dev/null 2>err.txt; rc=$?
check "--by twice: exit 2, said" bash -c "test $rc -eq 2 && grep -qxF 'dcaccess correct: --by given twice' err.txt"
"$DCACCESS" records --date 2026-10-05 --month 2026-10 >/dev/null 2>err.txt; rc=$?
check "--date and --month: exit 2, said" bash -c "test $rc -eq 2 && grep -qxF 'dcaccess records: give one --date or one --month' err.txt"
# every command names itself in these lines, as in its others (they began "dcaccess: --archive ...")
while IFS='|' read -r line args; do
    "$DCACCESS" $args >/dev/null 2>err.txt; rc=$?
    check "$args: exit 2, '$line'" bash -c "test $rc -eq 2 && grep -qxF -- '$line' err.txt"
done <<'LINES'
dcaccess review: --archive wants a file name|review --by Siti --archive
dcaccess batch-date: --archive given twice|batch-date --archive a.db --archive b.db
dcaccess pending: --month 2026-13: not a month (YYYY-MM)|pending --spot-check 2 --month 2026-13
dcaccess cells: give one --date or one --month|cells --month 2026-10 --date 2026-10-05 -o twice
dcaccess recheck: --why given twice|recheck --month 2026-10 --by Siti --why a --why b
dcaccess review: --rules given twice|review --by Siti --rules a.json --rules b.json
LINES
# an option that takes a value, given twice, is a slip in every command (exit 2, named, then the
# command's usage, which forms left out): the last one was taken without a word, or (verify --scans,
# backup -o) the option said to be "unknown or missing value"; verify --head is the one that repeats
# (each head printed is checked)
while IFS='|' read -r line args; do
    "$DCACCESS" $args >/dev/null 2>err.txt; rc=$?
    check "$args: exit 2, '$line', then the usage" \
        bash -c "test $rc -eq 2 && head -1 err.txt | grep -qxF -- '$line' && sed -n 2p err.txt | grep -q '^usage: dcaccess ${args%% *}'"
done <<'LINES'
dcaccess forms: --archive given twice|forms print --archive a.db --archive b.db -o twice.pdf
dcaccess verify: --scans given twice|verify --scans . --scans .
dcaccess backup: -o given twice|backup -o a.db -o b.db
dcaccess pending: --spot-check given twice|pending --spot-check 3 --spot-check 4
dcaccess cells: -o given twice|cells -o twice1 -o twice2
dcaccess forms: --count given twice|forms print --count 1 --count 2 -o twice.pdf
dcaccess forms: --output given twice|forms print -o twice.pdf --output twice2.pdf
dcaccess records: --json given twice|records --json --json
dcaccess records: --csv given twice|records --csv --date 2026-10-05 --csv
dcaccess report: --lang given twice|report daily 2026-10-05 --lang en --lang id -o twice
dcaccess report: --format given twice|report daily 2026-10-05 --format pdf --format xlsx -o twice
dcaccess report: -o given twice|report daily 2026-10-05 -o twice -o twice2
dcaccess report: --signatory given twice|report daily 2026-10-05 --signatory A --signatory B -o twice
dcaccess report: --nip given twice|report daily 2026-10-05 --nip 1 --nip 2 -o twice
LINES
check "no report, PDF, cells or copy made for an option given twice" bash -c "test ! -e twice && test ! -e twice2 && test ! -e twice.pdf && test ! -e twice1 && test ! -e a.db"
"$DCACCESS" verify --head 0123456789ab --head 0123456789abcd >/dev/null 2>err.txt; rc=$?
check "verify --head twice: taken, each checked (exit 1, not 2)" bash -c "test $rc -eq 1 && ! grep -q 'given twice' err.txt"
# ...however many: a year of audit reports and more (past 16 it said "unknown option or missing value: --head")
heads=(); for k in $(seq 10 29); do heads+=(--head "0123456789ab$k"); done
"$DCACCESS" verify "${heads[@]}" >heads.out 2>err.txt; rc=$?
check "verify with 20 --head: each checked (exit 1, not 2)" bash -c "test $rc -eq 1 && grep -qxF 'dcaccess verify: 20 problems found' err.txt &&
    test \"\$(grep -c '^PROBLEM: chain head 0123456789ab[12][0-9] (printed earlier) is not in the chain' heads.out)\" -eq 20"
# records in two output formats: refused, both named (the last one was printed, without a word)
for both in "--json --csv" "--csv --json"; do
    "$DCACCESS" records $both >out.txt 2>err.txt; rc=$?
    check "records $both: exit 2, said, nothing printed" bash -c "test $rc -eq 2 && test ! -s out.txt &&
        head -1 err.txt | grep -qxF 'dcaccess records: --json and --csv: give one of them (a table with neither)' &&
        sed -n 2p err.txt | grep -q '^usage: dcaccess records'"
done

# `correct ... -` means nothing written, as in review (it stored a name "-", which the required-field
# rule took for a name)
cp dcaccess.db dash.db
"$DCACCESS" correct 000003 visitor_name - --by Siti --archive dash.db >/dev/null 2>&1; rc=$?
check "correct with - exits 0" test $rc -eq 0
check "correct with - leaves the field empty" \
    test "$("$DCACCESS" records --json --archive dash.db | jq -c 'select(.serial == "000003") | [.fields.visitor_name, ([.findings[] | select(.field == "visitor_name") | .rule])]')" = '[null,["required_missing"]]'
"$DCACCESS" correct 000003 device_01_in true --by Siti --archive dash.db >/dev/null 2>err.txt; rc=$?
check "correct: a device field not as the form writes it is refused (2)" \
    bash -c "test $rc -eq 2 && grep -qF 'no form field \"device_01_in\"' err.txt"

# Without memfd (DC_NO_MEMFD=1: the library makes memfd_create fail, as on a system without it) the
# zip is assembled in a temporary file beside the report: the same bytes, the same refusal.
DC_NO_MEMFD=1 LD_PRELOAD="$DC_ENOSPC_LIB" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
    "$DCACCESS" report daily 2026-10-05 --format xlsx -o cut >out.txt 2>err.txt; rc=$?
check "without memfd the report is written" test $rc -eq 0
# (not byte for byte: the generation time is in the workbook, and the run may fall in another second)
check "without memfd the workbook reads back whole" unzip -tq cut/harian-2026-10-05.xlsx
check "without memfd the workbook has the same parts" \
    test "$(unzip -Z1 cut/harian-2026-10-05.xlsx)" = "$(unzip -Z1 before.xlsx)"
cp cut/harian-2026-10-05.xlsx before.xlsx
check "without memfd nothing temporary is left" test "$(ls cut)" = "$(printf 'harian-2026-10-05.pdf\nharian-2026-10-05.xlsx')"
DC_NO_MEMFD=1 DC_ENOSPC_PATH="$PWD/cut/" DC_ENOSPC_CUT=1000 LD_PRELOAD="$DC_ENOSPC_LIB" \
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
    "$DCACCESS" report daily 2026-10-05 --format xlsx -o cut >out.txt 2>err.txt; rc=$?
check "without memfd, full disk during the parts exits 3" test $rc -eq 3
check "without memfd, full disk: the report (not a temporary name) and the cut part are named" \
    grep -q "^dcaccess: cut/harian-2026-10-05.xlsx: XLSX output error: cut/harian-2026-10-05.xlsx: not written, the workbook came out damaged: part \[Content_Types\].xml is cut short (1000 bytes, its document is not closed)$" err.txt
check "without memfd, full disk: the workbook already there is kept" cmp -s before.xlsx cut/harian-2026-10-05.xlsx
check "without memfd, full disk: nothing temporary left" test "$(ls cut)" = "$(printf 'harian-2026-10-05.pdf\nharian-2026-10-05.xlsx')"

# a report made read-only (a signed copy kept in the folder) is not replaced: exit 3, named; the
# other format is still written
mkdir -p ro && "$DCACCESS" report daily 2026-10-05 -o ro >/dev/null 2>&1 && chmod 444 ro/harian-2026-10-05.pdf
cp ro/harian-2026-10-05.pdf ro-before.pdf
"$DCACCESS" report daily 2026-10-05 -o ro >out.txt 2>err.txt; rc=$?
check "a read-only report there: exit 3" test $rc -eq 3
check "a read-only report there: named, and kept" grep -qxF \
    "dcaccess: ro/harian-2026-10-05.pdf: file input/output error: ro/harian-2026-10-05.pdf is read-only (protected, a signed copy?): kept as it is; write the report into another folder with -o, or make the file writable first" err.txt
check "a read-only report there: its content is as it was" cmp -s ro-before.pdf ro/harian-2026-10-05.pdf
check "a read-only report there: the workbook is written" test "$(cat out.txt)" = "ro/harian-2026-10-05.xlsx"

# a name the PDF's font cannot show (typed in Chinese characters, an emoji): the PDF is written,
# and the command says which characters print as boxes or not at all, exit 1 (it said nothing)
sqlite3 dcaccess.db ".backup cjk.db"
"$DCACCESS" correct 000001 visitor_name "王小明 😀" --by Siti --why "as on the ID" --archive cjk.db >/dev/null 2>&1
"$DCACCESS" report daily 2026-10-01 --archive cjk.db -o cjk >out.txt 2>err.txt; rc=$?
check "a name the PDF cannot show: exit 1" test $rc -eq 1
check "a name the PDF cannot show: both reports written" test -s cjk/harian-2026-10-01.xlsx -a -s cjk/harian-2026-10-01.pdf
check "a name the PDF cannot show: the characters are named" grep -qxF \
    "dcaccess report: warning: cjk/harian-2026-10-01.pdf: its font has no glyph for these characters, which print as boxes or not at all: 王 (U+738B), 小 (U+5C0F), 明 (U+660E), 😀 (U+1F600); the XLSX shows them: check the records there" err.txt
check "a name the PDF cannot show: the XLSX holds it" bash -c "unzip -p cjk/harian-2026-10-01.xlsx xl/sharedStrings.xml | grep -qF '王小明 😀'"
"$DCACCESS" report daily 2026-10-02 --archive cjk.db -o cjk >/dev/null 2>err.txt; rc=$?
check "a day whose names all show: exit 0, no warning" test $rc -eq 0 -a ! -s err.txt

# a wrong command line says what is wrong before the usage (the usage alone left it to be found),
# exit 2, nothing done
while IFS='|' read -r args want; do
    eval "\"\$DCACCESS\" $args" >/dev/null 2>err.txt; rc=$?
    check "usage: dcaccess $args: exit 2, says why" bash -c "test $rc -eq 2 && test \"\$(head -1 err.txt)\" = \"\$1\"" _ "$want"
done <<'EOF_USAGE'
records --bogus|dcaccess records: unknown option or missing value: --bogus
records --month|dcaccess records: unknown option or missing value: --month
correct 000001 exit_time 10:00 --by ''|dcaccess correct: --by wants a name, not ""
correct 000001 exit_time 10:00|dcaccess correct: --by NAME is needed: who makes the correction
correct 000001 exit_time --by Siti|dcaccess correct: SERIAL FIELD VALUE wanted, 2 given
correct 1 decision Ditolk --by Siti|dcaccess correct: record 000001: decision: "Ditolk" is not one of granted ("Diizinkan" / "Granted") or refused ("Ditolak" / "Refused"): the code, or the words the reports or the form print, in any case; when more than one box is ticked, those ticked joined by +; nothing changed
correct 1 visit_date 2026-02-30 --by Siti|dcaccess correct: record 000001: visit_date: "2026-02-30" is not a date (YYYY-MM-DD, or DD/MM/YYYY as on the form); nothing changed
batch-date 1x 2026-10-01 --by Siti|dcaccess batch-date: "1x" is not a batch number (dcaccess batch-date lists them)
batch-date 1 2026-02-29 --by Siti|dcaccess batch-date: batch 1: "2026-02-29" is not a date (YYYY-MM-DD)
batch-date 1|dcaccess batch-date: BATCH and YYYY-MM-DD wanted (or neither, to list the batches)
recheck --by Siti|dcaccess recheck: --date YYYY-MM-DD or --month YYYY-MM is needed: the period to check again
review|dcaccess review: --by NAME is needed: who answers
backup -o ''|dcaccess backup: -o wants a file name, not ""
forms print --first-serial 1 --archive new.db -o ''|dcaccess forms: -o wants a file name, not ""
cells|dcaccess cells: -o DIR is needed: the new folder for the cells
pending --month 2026-10|dcaccess pending: --date and --month go with --spot-check N
verify extra|dcaccess verify: an argument too many: "extra"
EOF_USAGE
# --help is asked for: the usage alone, exit 0 (review printed "unknown option: --help" first)
for c in review correct verify backup pending records recheck batch-date cells; do
    "$DCACCESS" $c --help >out.txt 2>err.txt; rc=$?
    check "dcaccess $c --help: the usage, exit 0" bash -c "test $rc -eq 0 && grep -q '^usage: dcaccess $c' out.txt && test ! -s err.txt"
done
# a batch date after today (a slip of the keyboard) is refused, as a wrong command line
"$DCACCESS" batch-date 1 2099-01-01 --by Siti --archive dcaccess.db >/dev/null 2>err.txt; rc=$?
check "batch-date to a day to come: exit 2, says why" bash -c "test $rc -eq 2 && test \"\$(cat err.txt)\" = \"dcaccess batch-date: 2099-01-01 is after today ($(date +%F)): a batch is dated the day its stack was filled in; nothing changed\""
check "a wrong command line changed nothing" test "$(sqlite3 dcaccess.db "SELECT count(*) FROM corrections")" = 0
check "forms print -o '' made no archive (it made new.db, and failed with ': No such file or directory', exit 3)" test ! -e new.db

# recheck stops on TERM (or Ctrl-C) between records: what was checked is stored and summed up,
# exit 3, and the same command checks the rest. TERM comes just after the 100th record's
# transaction (tests/support/interrupt.c: after the 100th "COMMIT"; recheck commits one per record
# and none before them), at the same point on any machine.
"$BUILDER" --archive-only big.db --visits 1000 >/dev/null || { echo "FAIL building the 1,000-visit archive"; exit 1; }
sed 's/"visit_limit_minutes": *[0-9]*/"visit_limit_minutes": 90/' "$DC_SOURCE_DIR/parse/rules.default.json" >r90.json
DC_INTERRUPT_SQL=COMMIT DC_INTERRUPT_AFTER=100 LD_PRELOAD="$DC_INTERRUPT_LIB" \
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
    "$DCACCESS" recheck --archive big.db --month 2026-10 --by Siti --rules r90.json >rk1.out 2>rk1.err; rc=$?
check "recheck stopped by TERM exits 3" test $rc -eq 3
done_n=$(sed -n 's/^dcaccess recheck: interrupted after \([0-9]*\) of 1000 records; those are stored: run the same command again to check the rest$/\1/p' rk1.err)
check "recheck stopped by TERM says how far it came (the 100 records committed) and what to do" test "$done_n" = 100
check "recheck stopped by TERM sums up what it checked" \
    grep -qE "^${done_n:-x} records of 2026-10: ${done_n:-x} checked again with the rules in force \(visit_limit_minutes=90; rules engine $ENGINE\), [0-9]+ of them with other findings; 0 checked with these rules already$" rk1.out
check "recheck stopped by TERM: the records it checked are stored" \
    test "$(sqlite3 big.db "SELECT count(*) FROM corrections WHERE field = 'rules'")" = "${done_n:-x}"
"$DCACCESS" recheck --archive big.db --month 2026-10 --by Siti --rules r90.json >rk2.out 2>&1; rc=$?
check "recheck run again exits 0" test $rc -eq 0
check "recheck run again checks the rest, not the records checked before it stopped" \
    grep -qE "^1000 records of 2026-10: $((1000 - ${done_n:-0})) checked again with the rules in force \(visit_limit_minutes=90; rules engine $ENGINE\), [0-9]+ of them with other findings; ${done_n:-x} checked with these rules already$" rk2.out
check "recheck stopped and run again: the archive verifies" verifies_ok big.db
# its output into a pipe whose reader is gone (`| head`): the period is checked whole, and the lost
# output said, exit 3 (SIGPIPE ended it at the first record it printed). The pipe has no reader
# from the start, so every write fails: no timing in it
sed 's/"visit_limit_minutes": *[0-9]*/"visit_limit_minutes": 75/' "$DC_SOURCE_DIR/parse/rules.default.json" >r75.json
python3 "$DC_SOURCE_DIR/tests/support/closed-pipe.py" "$DCACCESS" recheck --archive big.db --month 2026-10 --by Siti --rules r75.json 2>rk3.err; rc=$?
check "recheck into a pipe with no reader: exit 3" test $rc -eq 3
check "recheck into a pipe with no reader: the lost output is said" grep -qxF \
    "dcaccess: the output could not be written: the program reading it stopped before the end (what the command did is stored)" rk3.err
check "recheck into a pipe with no reader: every record checked" \
    test "$(sqlite3 big.db "SELECT count(*) FROM corrections WHERE field = 'rules' AND new = 'visit_limit_minutes=75; rules engine $ENGINE'")" = 1000

[ $fails -eq 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "all report CLI checks passed"
