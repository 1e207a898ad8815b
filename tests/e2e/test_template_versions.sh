#!/bin/bash
# e2e (DESIGN §2: "A template change bumps its version; old scans keep parsing with the version their
# QR names"): a second version of each form template (access.v2, checklist.v2, made here from the
# shipped v1) works beside v1 in one archive: print, scan (the committed v1 sample day, generated
# v2 pages, a set whose access page is v1 and checklist v2), correct, review, cells, reports,
# verify; v1 removed from the data dir; a v2 whose registration marks moved; and the versions this
# dcaccess refuses, each with the file named: malformed, a field or option records do not hold, a
# field they need left out, a file named for another version; pages scanned before their version's
# template was installed, read again once it is. (Helper 46's check, made a test.)
set -u
SRC=$DC_SOURCE_DIR
D=$DCACCESS
G=$DC_BINARY_DIR/samples/dcaccess-samplegen
[ -x "$D" ] && [ -x "$G" ] || { echo "FAIL: dcaccess or dcaccess-samplegen not built"; exit 1; }
for c in python3 sqlite3 pdftoppm zbarimg pdfimages; do
    command -v $c >/dev/null || { echo "FAIL: $c is missing (scripts/deps.sh installs it)"; exit 1; }
done
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export OMP_THREAD_LIMIT=1
cd "$WORK" || exit 1
fails=0
ok()   { echo "ok:   $*"; }
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# ---- data dirs: $1 = name, rest = template files to put in forms/ ----
mkdata() {
    local dir=$WORK/$1; shift
    mkdir -p "$dir/forms" "$dir/scan"
    ln -sfn "$SRC/scan/models" "$dir/scan/models"
    cp "$SRC/forms/staff.txt" "$dir/forms/"
    for f in "$@"; do cp "$f" "$dir/forms/"; done
}

# ---- the v2 templates, derived from the shipped v1 ----
mkdir -p tpl/main tpl/c2 tpl/marks tpl/newfield tpl/newoption tpl/kindchanged tpl/upperoption tpl/dropped tpl/misnamed tpl/badjson tpl/gen-a1c2
python3 - "$SRC/forms" "$WORK/tpl" <<'EOF'
import json, sys, copy, os
src, out = sys.argv[1:3]
a1 = json.load(open(os.path.join(src, "access.v1.json")))
c1 = json.load(open(os.path.join(src, "checklist.v1.json")))
def box(x, y, w, h): return {"x_mm": round(x, 2), "y_mm": round(y, 2), "w_mm": round(w, 2), "h_mm": round(h, 2)}
def areas(f):
    return f.get("cells", []) + [o["box"] for o in f.get("options", [])] + [f[k] for k in ("box", "zone") if k in f]
def dump(t, d, name=None):
    name = name or f"{t['form']}.v{t['version']}.json"
    json.dump(t, open(os.path.join(out, d, name), "w"), indent=1, ensure_ascii=False)

# access v2: phone comb of 14 cells (one more) from x 112, phone label renamed, part B 3 mm lower
a2 = copy.deepcopy(a1); a2["version"] = 2
yB = [x for x in a2["texts"] if x["id"].startswith("B.")][0]["y_mm"]
for x in a2["texts"]:
    if x["y_mm"] >= yB: x["y_mm"] += 3
for f in a2["fields"]:
    if min(a["y_mm"] for a in areas(f)) >= yB:
        for a in areas(f): a["y_mm"] = round(a["y_mm"] + 3, 2)
        if "label" in f: f["label"]["y_mm"] += 3
    if f["id"] == "phone":
        y = f["cells"][0]["y_mm"]
        f["cells"] = [box(112 + 6 * i, y, 5, 6) for i in range(14)]
        f["label"].update({"id": "No. HP / WhatsApp", "en": "Mobile / WhatsApp", "x_mm": 112})
dump(a2, "main")

# checklist v2: 9 device rows of 12.5 mm, heading renamed
c2 = copy.deepcopy(c1); c2["version"] = 2
c2["texts"][0]["id"] = "DAFTAR PERANGKAT YANG DIBAWA MASUK (HURUF KAPITAL)"
tb = c2["table"]; tb["rows"] = 9; tb["row_h_mm"] = RH = 12.5
colx, x = {}, tb["x_mm"]
for c in tb["columns"]: colx[c["key"]] = (x, c["w_mm"]); x += c["w_mm"]
row1 = [f for f in c1["fields"] if f["id"].startswith("device_1_")]
sigs = [f for f in c2["fields"] if not f["id"].startswith("device_")]
fields, ry = [], tb["y_mm"] + tb["header_h_mm"]
for n in range(1, 10):
    for f in row1:
        g = copy.deepcopy(f); g["id"] = f["id"].replace("device_1_", f"device_{n}_"); g["row"] = n
        cx, w = colx[f["id"][len("device_1_"):]]
        if "zone" in g: g["zone"] = box(cx + 1, ry + 1.5, w - 2, RH - 3)
        if "box" in g: g["box"] = box(cx + (w - 4.5) / 2, ry + (RH - 4.5) / 2, 4.5, 4.5)
        fields.append(g)
    ry += RH
for s in sigs: s["label"]["y_mm"] = ry + 12; s["zone"]["y_mm"] = ry + 17
c2["fields"] = fields + sigs
dump(c2, "c2")

# access v2 with the orientation mark 12 mm further right (a layout change of the marks)
m = copy.deepcopy(a2)
[k for k in m["marks"] if k["role"] == "orientation"][0]["x_mm"] = 62
dump(m, "marks")

# access v2 with a new optional field: a 12-cell vehicle plate comb beside a narrower purpose detail
n = copy.deepcopy(a2)
pd = [f for f in n["fields"] if f["id"] == "purpose_detail"][0]
pd["zone"]["w_mm"] = 100; zy = pd["zone"]["y_mm"]
n["fields"].insert(n["fields"].index(pd) + 1, {"id": "vehicle_plate", "type": "text", "required": False,
    "charset": "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ", "lang": "eng",
    "label": {"id": "Nomor kendaraan", "en": "Vehicle plate", "x_mm": 120, "y_mm": zy - 5},
    "cells": [box(120 + 6 * i, zy + 1.5, 5, 6) for i in range(12)]})
dump(n, "newfield")

# access v2 with a new id_type option "kitas" the records do not know
o = copy.deepcopy(a2)
idt = [f for f in o["fields"] if f["id"] == "id_type"][0]
k = copy.deepcopy(idt["options"][-1]); k["value"] = "kitas"; k["box"]["y_mm"] = round(k["box"]["y_mm"] + 8, 2)
idt["options"].append(k)
dump(o, "newoption")

# access v2 whose visit date is a text comb (no longer read as a date) and one whose first id_type
# option is "KTP" (stored so, it is not the "ktp" the NIK reading and the rules know)
t = copy.deepcopy(a2)
[f for f in t["fields"] if f["id"] == "visit_date"][0]["type"] = "text"
dump(t, "kindchanged")
u = copy.deepcopy(a2)
[f for f in u["fields"] if f["id"] == "id_type"][0]["options"][0]["value"] = "KTP"
dump(u, "upperoption")

# access v2 without the "ID returned" tick
d = copy.deepcopy(a2)
d["fields"] = [f for f in d["fields"] if f["id"] != "id_returned"]
dump(d, "dropped")

# access v2 in a file named as version 3 (its name and its content disagree)
dump(a2, "misnamed", "access.v3.json")

# a malformed access v2: cut short
open(os.path.join(out, "badjson", "access.v2.json"), "w").write(json.dumps(a2, indent=1)[:-40])
EOF
[ -f tpl/main/access.v2.json ] && [ -f tpl/c2/checklist.v2.json ] || { echo "could not write the v2 templates"; exit 3; }

A1=$SRC/forms/access.v1.json C1=$SRC/forms/checklist.v1.json
mkdata stock  "$A1" "$C1"
mkdata mixed  "$A1" "$C1" tpl/main/access.v2.json tpl/c2/checklist.v2.json
mkdata gen-a2c1 "$A1" "$C1" tpl/main/access.v2.json              # generator: access v2 + checklist v1
mkdata gen-a1c2 "$A1" tpl/c2/checklist.v2.json                     # generator: access v1 + checklist v2
mkdata nov1   tpl/main/access.v2.json tpl/c2/checklist.v2.json      # v1 removed
mkdata marks  "$A1" "$C1" tpl/marks/access.v2.json
mkdata nov1-marks tpl/marks/access.v2.json "$C1"
mkdata newfield "$A1" "$C1" tpl/newfield/access.v2.json
mkdata badjson "$A1" "$C1" tpl/badjson/access.v2.json
mkdata newoption "$A1" "$C1" tpl/newoption/access.v2.json
mkdata dropped "$A1" "$C1" tpl/dropped/access.v2.json
mkdata kindchanged "$A1" "$C1" tpl/kindchanged/access.v2.json
mkdata upperoption "$A1" "$C1" tpl/upperoption/access.v2.json
mkdata misnamed "$A1" "$C1" tpl/misnamed/access.v3.json

# compares a scanned generated folder with its truth.json: page versions, no value accepted wrong
cmp_truth() {   # archive gendir label
    python3 - "$1" "$2" "$3" <<'EOF'
import json, sqlite3, sys, os
db, gdir, label = sys.argv[1:4]
truth = json.load(open(os.path.join(gdir, "truth.json")))
con = sqlite3.connect(db)
bad = 0; n = 0
for p in truth["pages"]:
    if p["kind"] != "form": continue
    rows = con.execute("select p.template_version, f.field_id, f.value, f.state from pages p join fields f on "
                       "f.page_id = p.id where p.file = ? and p.page = ? and p.status = 'form'",
                       (os.path.abspath(os.path.join(gdir, p["file"])), p["page"])).fetchall()
    if not rows:
        print(f"  {label}: {p['file']} ({p['form']} v{p['template_version']}) not stored as a form"); bad += 1; continue
    if rows[0][0] != p["template_version"]:
        print(f"  {label}: {p['file']}: stored as v{rows[0][0]}, printed v{p['template_version']}"); bad += 1
    got = {r[1]: (r[2], r[3]) for r in rows}
    for fid, want in p["fields"].items():
        want = {True: "true", False: "false"}.get(want, want)
        v, st = got.get(fid, (None, "missing"))
        if st == "missing": print(f"  {label}: {p['file']} {fid}: not read"); bad += 1
        elif st == "accepted" and v != want and not (want is None and v == "false"):
            print(f"  {label}: {p['file']} {fid}: accepted {v!r}, written {want!r}"); bad += 1
        n += 1
print(f"  {label}: {n} fields compared, {bad} problems")
sys.exit(1 if bad else 0)
EOF
}

# ---- 1. forms print prints the newest versions ----
export DCACCESS_DATA_DIR=$WORK/mixed
"$D" forms print --count 2 --first-serial 500 -o v2forms.pdf --archive mixed.db >print.out 2>&1 &&
    ok "forms print with v2 installed" || fail "forms print: $(cat print.out)"
pdftoppm -r 150 -png -f 1 -l 2 v2forms.pdf pg >/dev/null 2>&1
qr=$(zbarimg -q pg-1.png pg-2.png 2>/dev/null | tr '\n' ' ')
case $qr in *"form=access;v=2;serial=000500"*"form=checklist;v=2;serial=000500"*) ok "printed QRs name v=2: $qr";;
    *) fail "printed QRs: $qr";; esac

# ---- 2. the committed v1 sample day reads the same with v2 installed ----
DCACCESS_DATA_DIR=$WORK/stock "$D" scan "$SRC/samples/day" --batch-date 2026-11-02 --archive base.db >base.out 2>&1
"$D" scan "$SRC/samples/day" --batch-date 2026-11-02 --archive mixed.db >day.out 2>&1
[ $? -le 1 ] || fail "scan of the v1 sample day: $(tail -3 day.out)"
q="select p.file,p.page,p.form,p.template_version,f.field_id,f.value,round(f.confidence,4),f.state,length(f.crop) from fields f join pages p on p.id=f.page_id order by 1,2,5"
if diff <(sqlite3 base.db "$q") <(sqlite3 mixed.db "$q") >/dev/null &&
   diff <("$D" records --csv --archive base.db) <("$D" records --csv --archive mixed.db) >/dev/null; then
    ok "v1 sample day: every page field and record as without v2"
else fail "v1 sample day reads otherwise with v2 installed"; fi

# ---- 3. generated v2 pages (access v2 + checklist v1; access v1 + checklist v2) ----
DCACCESS_DATA_DIR=$WORK/gen-a2c1 "$G" --seed 7 --sets 4 --date 2026-11-03 --damage clean --first-serial 200 --no-extras -o g-a2c1 >/dev/null 2>&1
DCACCESS_DATA_DIR=$WORK/gen-a1c2 "$G" --seed 21 --sets 3 --date 2026-11-03 --damage clean --first-serial 300 --no-extras -o g-a1c2 >/dev/null 2>&1
[ -f g-a2c1/truth.json ] && [ -f g-a1c2/truth.json ] || fail "sample generator with v2 templates"
"$D" scan g-a2c1 g-a1c2 --batch-date 2026-11-03 --archive mixed.db >gen.out 2>&1
[ $? -le 1 ] || fail "scan of the generated v2 pages: $(tail -3 gen.out)"
cmp_truth mixed.db g-a2c1 "access v2 + checklist v1" && ok "access v2 pages read with the v2 layout"  || fail "access v2 pages"
cmp_truth mixed.db g-a1c2 "access v1 + checklist v2" && ok "records of access v1 + checklist v2"      || fail "access v1 + checklist v2"

# ---- 4. correct, review, cells, verify, reports on the mixed archive ----
"$D" correct 000200 phone 62852118758138 --by SITI --why "14 cells on v2" --archive mixed.db >/dev/null 2>&1 &&
    ok "correct a 14-digit phone on an access v2 page" || fail "correct phone (14 digits) on v2"
"$D" correct 000300 device_9_name UPS --by SITI --why "row 9 of checklist v2" --archive mixed.db >/dev/null 2>&1 &&
"$D" correct 000300 device_9_serial SN-UPS-0009 --by SITI --why "row 9" --archive mixed.db >/dev/null 2>&1 &&
    ok "correct device row 9 of a checklist v2" || fail "correct device row 9 on checklist v2"
"$D" correct 000001 device_9_in true --by SITI --why x --archive mixed.db >/dev/null 2>&1 &&
    fail "device row 9 accepted on a checklist v1" || ok "device row 9 refused on a checklist v1"
printf '\n\n\nq\n' | "$D" review --by SITI --archive mixed.db >review.out 2>&1
[ $? -le 1 ] && ok "review on the mixed archive" || fail "review: $(tail -3 review.out)"
rm -rf cells && "$D" cells --month 2026-11 -o cells --archive mixed.db >cells.out 2>&1 &&
    ok "cells --month 2026-11" || fail "cells: $(tail -3 cells.out)"
"$D" verify --archive mixed.db >verify.out 2>&1 && ok "verify: $(head -1 verify.out)" || fail "verify: $(cat verify.out)"
for r in "daily 2026-11-02" "daily 2026-11-03" "monthly 2026-11" "audit 2026-11"; do
    "$D" report $r --archive mixed.db -o rep --lang en >rep.out 2>&1 && ok "report $r" || fail "report $r: $(cat rep.out)"
done
# the audit names the form version each source page was read with
n2=$(pdftotext -layout rep/audit-en-2026-11.pdf - | grep -c "Source page (access form v2), Page 1:")
n1=$(pdftotext -layout rep/audit-en-2026-11.pdf - | grep -c "Source page (device checklist v2), Page 1:")
want2=$(sqlite3 mixed.db "select count(*) from records r join pages p on p.id = r.access_page_id where p.template_version = 2")
want1=$(sqlite3 mixed.db "select count(*) from records r join pages p on p.id = r.checklist_page_id where p.template_version = 2")
[ "$n2" = "$want2" ] && [ "$n1" = "$want1" ] && [ "$want2" = 4 ] && [ "$want1" = 3 ] &&
    ok "audit PDF names the version of $n2 access v2 and $n1 checklist v2 pages" || fail "audit PDF versions: $n2 of $want2 access v2, $n1 of $want1 checklist v2"
forms=$(sqlite3 mixed.db "select count(*) from pages where status='form'")
thumbs=$(pdfimages -list rep/audit-en-2026-11.pdf | tail -n +3 | wc -l)
[ "$thumbs" -ge "$forms" ] && ok "audit PDF: $thumbs images for $forms form pages" || fail "audit PDF: $thumbs images, $forms form pages"

# ---- 5. v1 removed from the data dir, the archive holds v1 pages ----
export DCACCESS_DATA_DIR=$WORK/nov1
cp mixed.db nov1.db
"$D" verify --archive nov1.db >v.out 2>&1 && ok "v1 removed: verify" || fail "v1 removed: verify: $(cat v.out)"
"$D" report audit 2026-11 --archive nov1.db -o rep-nov1 --lang en >r.out 2>&1 && ok "v1 removed: audit report" || fail "v1 removed: audit: $(cat r.out)"
"$D" report daily 2026-11-02 --archive nov1.db -o rep-nov1 --lang en >r.out 2>&1 && ok "v1 removed: daily report" || fail "v1 removed: daily: $(cat r.out)"
printf 's\nq\n' | "$D" review --by SITI --archive nov1.db >r.out 2>&1
crop=$(sed -n 's/^ *crop: //p' r.out | head -1)
[ -n "$crop" ] && [ -s "$crop" ] && ok "v1 removed: review writes a crop ($crop)" || fail "v1 removed: review: $(tail -3 r.out)"
"$D" scan "$SRC/samples/day" --batch-date 2026-11-02 --archive nov1.db >r.out 2>&1
grep -q "0 stored .*19 already archived" r.out && ok "v1 removed: the same v1 files scanned again add nothing" || fail "v1 removed: rescan: $(grep pages: r.out)"

# ---- 6. a malformed v2 beside a good v1: a clear error naming the file ----
export DCACCESS_DATA_DIR=$WORK/badjson
st=0; "$D" forms print --count 1 --first-serial 1 -o bad.pdf --archive bad.db >bad.out 2>&1 || st=$?
[ $st = 3 ] && grep -q "badjson/forms/access.v2.json" bad.out && ok "malformed v2: forms print names it (exit 3)" || fail "malformed v2: forms print exit $st: $(cat bad.out)"
st=0; "$D" scan --archive bad.db g-a2c1 >bad.out 2>&1 || st=$?
[ $st = 3 ] && grep -q "badjson/forms/access.v2.json" bad.out && ok "malformed v2: scan names it (exit 3)" || fail "malformed v2: scan exit $st: $(cat bad.out)"
cp mixed.db badrev.db
st=0; printf 'q\n' | "$D" review --by SITI --archive badrev.db >badrev.out 2>badrev.err || st=$?
[ $st -le 1 ] && grep -q "^dcaccess review: note: the form templates could not be loaded (.*badjson/forms/access.v2.json.*): the boxes' answers are not listed" badrev.err &&
    ok "malformed v2: review goes on and says why the box answers are not listed" || fail "malformed v2: review exit $st: $(cat badrev.err)"

# ---- 7. a v2 whose registration marks moved; versions refused ----
# 7a. a v2 whose orientation mark moved: its pages (and the blank learnt) must register
DCACCESS_DATA_DIR=$WORK/marks "$G" --seed 11 --sets 2 --date 2026-11-04 --damage clean --first-serial 600 --no-extras -o g-marks >/dev/null 2>&1
export DCACCESS_DATA_DIR=$WORK/marks
"$D" scan g-marks --batch-date 2026-11-04 --archive marks.db >marks.out 2>&1
cmp_truth marks.db g-marks "orientation mark moved" && ok "v2 with its own marks" || fail "v2 with its own marks: $(grep -m1 rejected: marks.out)"
# 7b. ... and with v1 removed, a checklist v1 page must still register (the set's first template is then access v2)
export DCACCESS_DATA_DIR=$WORK/nov1-marks
"$D" scan g-marks --batch-date 2026-11-04 --archive marks2.db >marks2.out 2>&1
cmp_truth marks2.db g-marks "v1 access removed, marks moved" && ok "checklist v1 beside an access v2 with other marks" || fail "checklist v1 beside access v2 with other marks"
# 7c-7f. versions this dcaccess refuses, before printing or scanning anything, naming the file
refused() {   # data dir, what it says, description
    export DCACCESS_DATA_DIR=$WORK/$1
    local st=0
    "$D" scan --dry-run g-a2c1/0001_*.* >ref.out 2>&1 || st=$?
    local st2=0
    "$D" forms print --count 1 --first-serial 900 -o ref.pdf --archive ref.db >ref2.out 2>&1 || st2=$?
    if [ $st = 3 ] && [ $st2 = 3 ] && grep -qF "$2" ref.out && grep -qF "$2" ref2.out && [ ! -e ref.pdf ]; then
        ok "$3: refused by scan and forms print (exit 3), named"
    else
        fail "$3: scan exit $st, forms print exit $st2: $(head -c 300 ref.out) / $(head -c 300 ref2.out)"
    fi
}
refused newfield "newfield/forms/access.v2.json: field \"vehicle_plate\" is not a field of the access form this dcaccess knows" "a v2 with a field records do not hold"
refused newoption "newoption/forms/access.v2.json: field \"id_type\": option \"kitas\" is not a value this dcaccess knows" "a v2 with an option records do not hold"
refused kindchanged "kindchanged/forms/access.v2.json: field \"visit_date\" is a text field here" "a v2 whose date is read as text"
refused upperoption "upperoption/forms/access.v2.json: field \"id_type\": option \"KTP\" is not a value this dcaccess knows" "a v2 with an option written otherwise than records hold it"
refused dropped "dropped/forms/access.v2.json: the access form has no field \"id_returned\", which this dcaccess's records hold" "a v2 without a field records need"
refused misnamed "misnamed/forms/access.v3.json: holds form \"access\" version 2, so its name must be access.v2.json" "a template file named for another version"

# ---- 8. pages scanned before their template was installed are read again once it is ----
export DCACCESS_DATA_DIR=$WORK/stock
st=0; "$D" scan g-a2c1 --batch-date 2026-11-03 --archive unk.db >unk1.out 2>&1 || st=$?
n=$(grep -c "^  rejected: .*page 1: unknown template: form access version 2: put that template in forms/, or update dcaccess, then scan it again with --batch-date 2026-11-03$" unk1.out)
[ $st = 1 ] && [ "$n" = 4 ] && ok "access v2 pages without their template: rejected as unknown (exit 1)" || fail "without v2: exit $st, $n unknown: $(cat unk1.out)"
st=0; "$D" scan g-a2c1 --batch-date 2026-11-03 --archive unk.db >unk2.out 2>&1 || st=$?
n=$(grep -c "^  still rejected: .*unknown template: form access version 2; put that template in forms/, or update dcaccess, then scan it again (by an earlier scan)$" unk2.out)
[ $st = 1 ] && [ "$n" = 4 ] && ok "still without v2: each page says to install the template" || fail "still without v2: exit $st, $n lines: $(cat unk2.out)"
export DCACCESS_DATA_DIR=$WORK/mixed
st=0; "$D" scan g-a2c1 --batch-date 2026-11-05 --archive unk.db >unk3.out 2>&1 || st=$?
n=$(grep -c "; its template is there now: scan it again with --batch-date 2026-11-03, the date of its stack, to read it (by an earlier scan)$" unk3.out)
[ $st = 1 ] && [ "$n" = 4 ] && [ "$(sqlite3 unk.db "select count(*) from pages where status='rejected'")" = 4 ] &&
    ok "v2 installed, another batch date: not read against the wrong date, the stack's date named" || fail "another batch date: exit $st, $n lines: $(cat unk3.out)"
st=0; "$D" scan g-a2c1 --batch-date 2026-11-03 --archive unk.db >unk4.out 2>&1 || st=$?
n=$(grep -c "^  read again:   g-a2c1/000[1357]_clean300.png page 1: access form 00020[0-3] page 1$" unk4.out)
[ $st -le 1 ] && [ "$n" = 4 ] && grep -q ", 4 of them rejected before as an unknown template, read again$" unk4.out &&
    ok "v2 installed: the 4 pages read again" || fail "read again: exit $st, $n lines: $(cat unk4.out)"
cmp_truth unk.db g-a2c1 "read again" && ok "pages read again: every field as written" || fail "pages read again"
q="select count(*) from pages p join batches b on b.id = p.batch_id where p.form = 'access' and p.status = 'form' and b.batch_date = '2026-11-03' and p.batch_id = 2 and p.id in (select id from pages where batch_id = 2 and id <= 5)"
[ "$(sqlite3 unk.db "$q")" = 4 ] && [ "$(sqlite3 unk.db "select count(*) from records")" = 4 ] &&
    [ "$(sqlite3 unk.db "select count(*) from findings where rule = 'access_form_missing'")" = 0 ] &&
    grep -q "^  records:      4 in this batch (4 built or updated)" unk4.out &&
    ok "read again by the batch of the stack's date, in their places: 4 records, none without its access form" || fail "records after reading again: $(sqlite3 unk.db 'select serial, rule from findings')"
"$D" verify --archive unk.db >v.out 2>&1 && ok "verify after reading again: $(head -1 v.out)" || fail "verify after reading again: $(cat v.out)"
st=0; "$D" scan g-a2c1 --batch-date 2026-11-03 --archive unk.db >unk5.out 2>&1 || st=$?
[ $st = 0 ] && grep -q " 0 stored .*8 already archived$" unk5.out && ! grep -q "read again\|rejected:" unk5.out &&
    ok "scanned once more: nothing read again" || fail "scanned once more: exit $st: $(cat unk5.out)"

# the stack's first batch keeps the pages that were not read again (the checklist of 000203), and no record:
# setting its date says that it changed (it said "nothing changed", and changed it)
cp unk.db unkd.db
st=0; "$D" batch-date 1 2026-11-04 --by "SITI AMINAH" --why "stack of the 4th" --archive unkd.db >unkd.out 2>&1 || st=$?
[ $st = 0 ] && grep -q "^batch 1 is now dated 2026-11-04: it holds no record" unkd.out && ! grep -q "nothing changed" unkd.out &&
    [ "$(sqlite3 unkd.db "select batch_date from batches where id = 1")" = 2026-11-04 ] &&
    ok "batch-date of the stack's first batch, which holds no record now: its new date said" || fail "batch-date of a batch without records: exit $st: $(cat unkd.out)"

# a page the scanner rejects again with its template there (not the one it was printed with: marks moved):
# said as read again and rejected by this scan, not "by an earlier scan: scan a good copy"; it keeps its row
mkdir -p rej && cp g-a2c1/0001_clean300.png rej/
DCACCESS_DATA_DIR=$WORK/stock "$D" scan rej --batch-date 2026-11-03 --archive rej.db >/dev/null 2>&1
st=0; DCACCESS_DATA_DIR=$WORK/marks "$D" scan rej --batch-date 2026-11-03 --archive rej.db >rej2.out 2>&1 || st=$?
[ $st = 1 ] && grep -q "^  read again:   rej/0001_clean300.png page 1: rejected again by this scan, with its template there (registration marks of access v2 not found)" rej2.out &&
    ! grep -q "by an earlier scan\|of them rejected before" rej2.out &&
    [ "$(sqlite3 rej.db "select count(*) from pages where status = 'rejected' and reason like 'unknown template:%'")" = 1 ] &&
    ok "a page rejected again with its template there: said so by this scan, its row kept" || fail "rejected again: exit $st: $(cat rej2.out)"

# a batch cut off before the archive kept its inputs (schema 8), whose only page is read again: it is
# finished by that scan, not "did not finish: 0 pages stored" on every scan from then on
DCACCESS_DATA_DIR=$WORK/stock "$D" scan rej --batch-date 2026-11-03 --archive cut.db >/dev/null 2>&1
sqlite3 cut.db "update batches set status = 'interrupted', inputs = NULL"
st=0; DCACCESS_DATA_DIR=$WORK/mixed "$D" scan rej --batch-date 2026-11-03 --archive cut.db >cut.out 2>&1 || st=$?
[ $st -le 1 ] && grep -q "^  read again:   rej/0001_clean300.png page 1: access form 000200 page 1$" cut.out &&
    ! grep -q "unfinished:" cut.out && [ "$(sqlite3 cut.db "select count(*) from batches where id = 1 or status <> 'finished'")" = 0 ] &&
    ok "a batch cut off, of before schema 8, whose page is read again: finished" || fail "cut-off batch: exit $st: $(cat cut.out)"

# ---- 9. a set whose access form was rejected keeps its checklist from another sheet with its serial ----
# The 4 access v2 pages are rejected (no v2 template), their checklists stored alone. Another sheet with
# serial 000203 (a reprinted set, filled in on 6 November) is then scanned in the stack of that day: it is
# not given the checklist of 3 November, which lists a server (it was, with that other visitor's devices),
# and once v2 is installed the rejected access form read again gets it.
export DCACCESS_DATA_DIR=$WORK/stock
st=0; "$D" scan g-a2c1 --batch-date 2026-11-03 --archive set.db >set1.out 2>&1 || st=$?
# the checklists with nothing written (sets 200-202) wait for their access forms, which were rejected
w=0
for i in 0 1 2; do
    grep -qxF "  waiting:      checklist 00020$i ($PWD/g-a2c1/000$((2 * i + 2))_clean300.png page 1) has nothing written, and its access form was rejected ($PWD/g-a2c1/000$((2 * i + 1))_clean300.png page 1): not stored; scan it again together with its access form" set1.out && w=$((w + 1))
done
[ $st = 1 ] && [ $w = 3 ] && [ "$(grep -c '^  waiting:' set1.out)" = 3 ] &&
    ok "the empty checklists of the rejected access forms wait, naming them" || fail "waiting lines: exit $st: $(cat set1.out)"
"$G" --seed 12 --sets 1 --date 2026-11-06 --damage clean --first-serial 203 --no-extras -o g-dup203 >/dev/null 2>&1
st=0; "$D" scan g-dup203 --batch-date 2026-11-06 --archive set.db >set2.out 2>&1 || st=$?
q="select count(*) from records r join pages c on c.id = r.checklist_page_id where r.serial = '000203' and c.file = '$PWD/g-a2c1/0008_clean300.png'"
[ $st = 1 ] && grep -q "^  rejected: *$PWD/g-dup203/0001_clean300.png page 1: the checklist stored under this serial came with another access form: checklist 000203, $PWD/g-a2c1/0008_clean300.png page 1, was scanned with its access form, $PWD/g-a2c1/0007_clean300.png page 1, which was rejected (batch date 2026-11-03); this sheet, scanned with batch date 2026-11-06 and not dated so, is taken for another sheet with the serial and not stored" set2.out &&
    [ "$(sqlite3 set.db "$q and r.access_page_id is null")" = 1 ] &&
    [ "$(sqlite3 set.db "select count(*) from pages where status = 'rejected' and form = 'access' and serial = '000203' and template_version = 2")" = 1 ] &&
    ok "another sheet with the serial of a set whose access form was rejected: rejected, the checklist kept for its set" ||
    fail "another sheet with the serial: exit $st: $(cat set2.out) / $(sqlite3 set.db 'select serial, access_page_id, checklist_page_id from records')"
export DCACCESS_DATA_DIR=$WORK/mixed
st=0; "$D" scan g-a2c1 --batch-date 2026-11-03 --archive set.db >set3.out 2>&1 || st=$?
[ $st -le 1 ] && grep -q ", 4 of them rejected before as an unknown template, read again$" set3.out &&
    [ "$(sqlite3 set.db "$q and r.access_page_id = (select id from pages where file = '$PWD/g-a2c1/0007_clean300.png')")" = 1 ] &&
    ok "the rejected access form read again: its set whole" || fail "read again after another sheet: exit $st: $(cat set3.out)"
cmp_truth set.db g-a2c1 "set kept" && ok "the sets read again: every field as written" || fail "the sets read again"
"$D" verify --archive set.db >v.out 2>&1 && ok "verify: $(head -1 v.out)" || fail "verify: $(cat v.out)"

# ---- 10. a stack fed last page first: a checklist stored before its rejected access form ----
# The visit of serial 000203 is stored from another stack (6 November, its access form alone). In one
# run the checklist of g-a2c1's set 203 comes before its access form (v2, rejected): it is counted and
# listed as rejected. Scanned in two runs instead, the first run gives the checklist to the stored visit;
# the second, rejecting the access form, takes it back and says so.
export DCACCESS_DATA_DIR=$WORK/stock
mkdir -p rev && cp g-a2c1/0008_clean300.png rev/1.png && cp g-a2c1/0007_clean300.png rev/2.png
"$D" scan g-dup203/0001_clean300.png --batch-date 2026-11-06 --archive rev1.db >/dev/null 2>&1
st=0; "$D" scan rev --batch-date 2026-11-03 --archive rev1.db >rev1.out 2>&1 || st=$?
[ $st = 1 ] && grep -qx "  pages:        2 stored (0 forms, 0 blank, 0 duplicate, 2 rejected), 0 already archived" rev1.out &&
    grep -q "^  rejected:     $PWD/rev/1.png page 1: its set's access form in this stack, $PWD/rev/2.png page 1, was rejected, and the visit stored under serial 000203 is another stack's ($PWD/g-dup203/0001_clean300.png page 1, batch date 2026-11-06)" rev1.out &&
    ok "a checklist before its rejected access form, in one run: counted and listed as rejected" ||
    fail "checklist first, one run: exit $st: $(cat rev1.out)"
"$D" scan g-dup203/0001_clean300.png --batch-date 2026-11-06 --archive rev2.db >/dev/null 2>&1
"$D" scan g-a2c1/0008_clean300.png --batch-date 2026-11-03 --archive rev2.db >/dev/null 2>&1
q="select count(*) from records r join pages c on c.id = r.checklist_page_id where r.serial = '000203' and c.file = '$PWD/g-a2c1/0008_clean300.png'"
[ "$(sqlite3 rev2.db "$q")" = 1 ] || fail "the first run did not pair the checklist: $(sqlite3 rev2.db 'select serial, access_page_id, checklist_page_id from records')"
st=0; "$D" scan g-a2c1/0007_clean300.png --batch-date 2026-11-03 --archive rev2.db >rev2.out 2>&1 || st=$?
[ $st = 1 ] && grep -qx "  rejected now: $PWD/g-a2c1/0008_clean300.png page 1 (stored by an earlier scan): its set's access form in this stack, $PWD/g-a2c1/0007_clean300.png page 1, was rejected, and the visit stored under serial 000203 is another stack's ($PWD/g-dup203/0001_clean300.png page 1, batch date 2026-11-06): this page goes with the rejected sheet, not with that visit; keep it with that paper, or, if the two are one visit's set, scan this page again into a new file with --batch-date 2026-11-06" rev2.out &&
    [ "$(sqlite3 rev2.db "select count(*) from records where serial = '000203' and access_page_id is not null and checklist_page_id is null and devices_in = 0")" = 1 ] &&
    ok "a checklist an earlier run gave to another stack's visit: taken back when its access form is rejected" ||
    fail "checklist first, two runs: exit $st: $(cat rev2.out) / $(sqlite3 rev2.db 'select serial, access_page_id, checklist_page_id, devices_in from records')"
"$D" verify --archive rev2.db >v.out 2>&1 && ok "verify: $(head -1 v.out)" || fail "verify after the take-back: $(cat v.out)"
# a visit a person has corrected keeps the checklist, and the scan names it for a person to check
"$D" scan g-dup203/0001_clean300.png --batch-date 2026-11-06 --archive rev3.db >/dev/null 2>&1
"$D" scan g-a2c1/0008_clean300.png --batch-date 2026-11-03 --archive rev3.db >/dev/null 2>&1
"$D" correct 000203 phone 081234567890 --by Siti --why checked --archive rev3.db >/dev/null 2>&1 || fail "correct 000203"
st=0; "$D" scan g-a2c1/0007_clean300.png --batch-date 2026-11-03 --archive rev3.db >rev3.out 2>&1 || st=$?
[ $st = 1 ] && grep -q "^  kept:         $PWD/g-a2c1/0008_clean300.png page 1, the checklist of visit 000203, stays in its record, which a person has corrected, though its set's access form in this stack, $PWD/g-a2c1/0007_clean300.png page 1, was rejected, .*: check by hand whose checklist it is$" rev3.out &&
    ! grep -q "^  rejected now:" rev3.out &&
    [ "$(sqlite3 rev3.db "select count(*) from records where serial = '000203' and checklist_page_id is not null")" = 1 ] &&
    ok "a checklist kept by a corrected visit: named for a person to check" ||
    fail "checklist kept by a corrected visit: exit $st: $(cat rev3.out)"
"$D" verify --archive rev3.db >v.out 2>&1 && ok "verify: $(head -1 v.out)" || fail "verify after a kept checklist: $(cat v.out)"

# an empty checklist scanned in another day's stack than its rejected access form: that form is not
# named (it is not this stack's), the checklist waits for its access form
export DCACCESS_DATA_DIR=$WORK/stock
"$D" scan g-a2c1/0001_clean300.png --batch-date 2026-11-03 --archive wait.db >/dev/null 2>&1
st=0; "$D" scan g-a2c1/0002_clean300.png --batch-date 2026-11-05 --archive wait.db >wait.out 2>&1 || st=$?
[ $st = 1 ] && grep -qxF "  waiting:      checklist 000200 ($PWD/g-a2c1/0002_clean300.png page 1) has nothing written, and its access form is not in the archive: not stored; scan it again together with its access form" wait.out &&
    ok "an empty checklist of another stack than its rejected access form: that form not named" ||
    fail "waiting in another stack: exit $st: $(cat wait.out)"

[ $fails = 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "all template-version checks passed"
