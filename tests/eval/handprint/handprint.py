#!/usr/bin/env python3
"""handprint: how the scanner reads hand-printed TEXT fields, per field group and per font.

Generates handwriting-only corpora (dcaccess-samplegen --hand-ratio 1.0, one per seed; cached in
--cache), scans them with `dcaccess scan --dry-run --json` and compares every text field with the
truth. Field groups:
  name    visitor_name               staff   operator_name, escort_name
  inst    institution                id      id_number on pages whose ID type is not KTP/SIM
  zone    free-text zones (device name, remarks, purpose detail)
  model   device brand/model         serial  device serial numbers
Fields empty in the truth and read empty are not counted (nothing to read).

right% = accepted and equal to the truth; review% = sent to a person (rev= how many of those had
the right value as the suggestion); wrong = accepted and not equal (the number that matters).
--variant sets DCACCESS_TEXT_EXPERIMENT for the scanner (see scan/README.md); the default is
what the scanner ships. Never tune on the held-out seed of scan-accuracy (777001, retired, or 880001),
nor on 903001, 904001, 906001 and 908001 (held-out seeds for the letter recognizer, sessions 18
and 19) or 912001 (session 36's letters in text zones); 21-24 are tuning; 909001 is spent too (a
scan-accuracy held-out run), and so are 921001, 922001 and 923001 (session 39's letter-bar screen)
and every 1000th seed from 942001 to 1139001 (searched for one page; see scan/models/README.md).
913001-920001 and 924001-941001 are not recorded as used: take the next unused seed from there and
add it here once spent. The "held-out fonts" line is the letter models' choice measure.
--letter-model sets the scanner's letter recognizer (none: Tesseract alone); --dump writes every
counted field as a JSON line, to compare two runs field by field.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import time

STAFF = {"operator_name", "escort_name"}
HELD_OUT_FONTS = ("HumorSans", "Rufscript")   # held out of both recognizers' training (icr-train)


def group(fid, page_fields):
    if fid == "visitor_name":
        return "name"
    if fid in STAFF:
        return "staff"
    if fid == "institution":
        return "inst"
    if fid == "id_number":
        return "id" if page_fields.get("id_type") not in ("ktp", "sim") else None
    if fid.endswith("_serial"):
        return "serial"
    if fid.endswith("_model"):
        return "model"
    if fid.endswith("_name") or fid.endswith("_remarks") or fid == "purpose_detail":
        return "zone"
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dcaccess", required=True)
    ap.add_argument("--samplegen", required=True)
    ap.add_argument("--seeds", default="21,22")
    ap.add_argument("--sets", type=int, default=60)
    ap.add_argument("--damage", default="mixed")
    ap.add_argument("--cache", default="/tmp/dc-handprint", help="corpora are generated once per seed here")
    ap.add_argument("--variant", default="", help="DCACCESS_TEXT_EXPERIMENT for the scanner")
    ap.add_argument("--staff", help="staff roster for the scanner (FILE or none); default: the scanner's")
    ap.add_argument("--letter-model", help="letter recognizer for the scanner (FILE or none); default: the scanner's")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--show", help="list every reading of this group")
    ap.add_argument("--show-wrong", action="store_true", help="list every accepted-but-wrong field")
    ap.add_argument("--dump", help="write every counted field as a JSON line (seed, font, field, group, truth, "
                                   "state, value, confidence, basis) to this file")
    ap.add_argument("--sweep", action="store_true",
                    help="per group: accepted right/wrong if the acceptance confidence were raised")
    a = ap.parse_args()

    T = collections.defaultdict(collections.Counter)
    accepted = collections.defaultdict(list)  # group -> [(confidence, right)]
    bases = collections.defaultdict(collections.Counter)  # font -> basis -> accepted, basis + "!" -> wrong
    pages_total, secs_total = 0, 0.0
    dump = open(a.dump, "w") if a.dump else None
    for seed in [int(s) for s in a.seeds.split(",")]:
        corpus = os.path.join(a.cache, "seed%d-sets%d-%s" % (seed, a.sets, a.damage))
        if not os.path.exists(os.path.join(corpus, "truth.json")):
            subprocess.run([a.samplegen, "--seed", str(seed), "--sets", str(a.sets), "--damage", a.damage,
                            "--hand-ratio", "1.0", "-o", corpus], check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(corpus, "truth.json")) as f:
            truth = json.load(f)
        files = sorted({p["file"] for p in truth["pages"]})
        env = dict(os.environ, OMP_THREAD_LIMIT="1", DCACCESS_TEXT_EXPERIMENT=a.variant)
        cmd = [a.dcaccess, "scan", "--dry-run", "--json", "--jobs", str(a.jobs)]
        if a.staff:
            cmd += ["--staff", a.staff]
        if a.letter_model:
            cmd += ["--letter-model", a.letter_model]
        t0 = time.time()
        proc = subprocess.run(cmd + [os.path.join(corpus, f) for f in files], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env, text=True)
        secs_total += time.time() - t0
        if proc.returncode not in (0, 1):
            sys.stderr.write(proc.stderr)
            sys.exit("scan failed with status %d" % proc.returncode)
        res = {}
        for line in proc.stdout.splitlines():
            r = json.loads(line)
            res[(os.path.basename(r["file"]), r["page"])] = r
        pages_total += len(truth["pages"])
        for p in truth["pages"]:
            if p["kind"] != "form" or not p.get("handwriting"):
                continue
            r = res.get((p["file"], p["page"]))
            if not r or r["status"] != "form" or r.get("serial") != p["serial"]:
                continue
            for fid, want in p["fields"].items():
                g = group(fid, p["fields"])
                got = r["fields"].get(fid)
                if not g or got is None or (want is None and got["state"] == "empty"):
                    continue
                for k in ((g, p["font"]), (g, "all"), ("ALL", p["font"]), ("ALL", "all")):
                    c = T[k]
                    c["n"] += 1
                    if got["state"] == "review":
                        c["rev"] += 1
                        c["rev_eq"] += got["value"] == want
                    elif got["value"] == want:
                        c["right"] += 1
                    else:
                        c["wrong"] += 1
                if dump:
                    dump.write(json.dumps({"seed": seed, "font": p["font"], "field": fid, "group": g, "truth": want,
                                           "state": got["state"], "value": got["value"],
                                           "confidence": got["confidence"], "basis": got.get("basis")}) + "\n")
                if got["state"] == "accepted":
                    accepted[g].append((got["confidence"], got["value"] == want))
                    for fo in (p["font"], "all"):
                        bases[fo][got.get("basis") or "unrecorded"] += 1
                        bases[fo][(got.get("basis") or "unrecorded") + "!"] += got["value"] != want
                if a.show == g or (a.show_wrong and got["state"] != "review" and got["value"] != want):
                    print("%-10s %-14s %-24r %-24r %s %.3f" % (p["font"], fid, want, got["value"], got["state"],
                                                               got["confidence"]))
    print("handprint: seeds %s, %d sets each, %d pages, scan %.1f s (%.2f pages/s), variant '%s', staff %s, "
          "letter model %s" % (a.seeds, a.sets, pages_total, secs_total, pages_total / secs_total, a.variant,
                               a.staff or "default", a.letter_model or "default"))
    fonts = sorted({f for (_, f) in T if f != "all"}) + ["all"]
    groups = [g for g in ("staff", "name", "inst", "id", "zone", "model", "serial", "ALL") if (g, "all") in T]
    print("%-7s %s" % ("group", " ".join("%-27s" % f for f in fonts)))
    print("%-7s %s" % ("", " ".join("%-27s" % "n right% review%(rev=) wrong" for _ in fonts)))
    for g in groups:
        cells = []
        for f in fonts:
            c = T[(g, f)]
            if not c["n"]:
                cells.append("%-27s" % "-")
                continue
            cells.append("%-27s" % ("%3d %5.1f %5.1f(%3d) %2d" % (c["n"], 100.0 * c["right"] / c["n"],
                                                                  100.0 * c["rev"] / c["n"], c["rev_eq"], c["wrong"])))
        print("%-7s %s" % (g, " ".join(cells)))
    print("accepted by why (dc_field_basis), accepted/wrong:")
    for fo in fonts:
        print("  %-10s %s" % (fo, ", ".join("%s %d/%d" % (b, bases[fo][b], bases[fo][b + "!"])
                                             for b in sorted(k for k in bases[fo] if not k.endswith("!")))))
    if a.sweep:
        bars = (0.97, 0.975, 0.98, 0.985, 0.99, 0.995)
        print("sweep: accepted right/wrong per group if accepted values also needed confidence >= bar")
        print("%-7s %s" % ("group", " ".join("%12s" % ("%.3f" % b) for b in bars)))
        for g in groups[:-1]:
            print("%-7s %s" % (g, " ".join("%12s" % ("%d/%d" % (sum(1 for c, r in accepted[g] if c >= b and r),
                                                                  sum(1 for c, r in accepted[g] if c >= b and not r)))
                                             for b in bars)))
    # the measure the letter models are chosen on: fields in the two handwriting fonts that neither
    # recognizer (digits, letters) was trained on
    held = [T[(g, f)] for g in ("staff", "name", "inst") for f in HELD_OUT_FONTS if (g, f) in T]
    hn, hr, hw = sum(c["n"] for c in held), sum(c["right"] for c in held), sum(c["wrong"] for c in held)
    if hn:
        print("held-out fonts (%s), names + institutions + staff: accepted and right %d of %d (%.1f%%), "
              "accepted wrongly %d" % (", ".join(HELD_OUT_FONTS), hr, hn, 100.0 * hr / hn, hw))
    c = T[("ALL", "all")]
    print("TOTAL: %d text fields, right %.2f%%, review %.2f%%, accepted-but-wrong %d of %d accepted = %.2f%%" %
          (c["n"], 100.0 * c["right"] / c["n"], 100.0 * c["rev"] / c["n"], c["wrong"], c["right"] + c["wrong"],
           100.0 * c["wrong"] / max(1, c["right"] + c["wrong"])))


if __name__ == "__main__":
    main()
