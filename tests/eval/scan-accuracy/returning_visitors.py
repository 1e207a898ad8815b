#!/usr/bin/env python3
"""returning-visitors: what the values a person checked on earlier visits do for the next day.

Generates a two-day corpus whose visitors are drawn from a small pool (dcaccess-samplegen
--visitors N: the same people come back, each time written anew), scans day 1 into a fresh
archive, lets a perfect reviewer check every field in review (rules-vs-truth
--correct-from-truth, as an operator's `dcaccess review` would), then scores day 2 twice with
scan-accuracy: once as a scan that knows nothing (--no-known), once reading the archive's checked
ID and phone numbers, names and institutions (--archive), and prints both score lines for the
handwritten numbers and names, the review share and the accepted-but-wrong decisions, and the
accepted fields by why they were accepted. Day 2 is then scanned into the archive and `dcaccess
review` shown every field, to count its hints. With --variants R (samplegen --variants) a share of
the returning visitors' forms carries the name in another spelling, and the run also counts how
day 2's names written otherwise than checked on day 1 are decided (the same-visitor rule's risk).

Seeds follow scan_accuracy.py's rule: a tuning seed, or a held-out seed never generated before,
scored once after the last change.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile


KNOWN_FIELDS = ("id_number", "phone", "visitor_name", "institution")


def other_spelling(a, env, db, day2, date):
    """Day 2's handwritten visitor names written otherwise than the name a person checked on day 1 for
    the same ID number (--variants): how the scan, knowing day 1, decides them (a dry run)."""
    import json
    import sqlite3
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    checked = {}
    for nik, value in con.execute("SELECT r.id_number, f.value FROM records r JOIN fields f ON f.page_id = "
                                  "r.access_page_id AND f.field_id = 'visitor_name' AND f.state = 'corrected' "
                                  "AND f.value <> '' WHERE r.id_number <> '' AND r.batch_date < ? ORDER BY "
                                  "r.id_number, coalesce(r.visit_date, r.batch_date), r.serial", (date,)):
        checked[nik] = value  # the latest wins
    con.close()
    with open(os.path.join(day2, "truth.json")) as f:
        truth = json.load(f)
    want = {}
    for p in truth["pages"]:
        if p["kind"] == "form" and p["form"] == "access" and p.get("handwriting"):
            name, nik = p["fields"].get("visitor_name"), p["fields"].get("id_number")
            if name and nik in checked and checked[nik] != name:
                want[p["serial"]] = (name, checked[nik])
    scan = subprocess.run([a.dcaccess, "scan", "--dry-run", "--json", "--archive", db, "--batch-date", date, day2],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    outcome = {}
    for line in scan.stdout.splitlines():
        r = json.loads(line)
        if r.get("status") != "form" or r.get("form") != "access" or r.get("serial") not in want:
            continue
        f = r["fields"]["visitor_name"]
        written, earlier = want[r["serial"]]
        key = ("review" if f["state"] == "review" else
               "accepted as written (%s)" % f["basis"] if f["value"] == written else
               "accepted as the earlier spelling (%s)" % f["basis"] if f["value"] == earlier else
               "accepted as something else (%s)" % f["basis"])
        outcome[key] = outcome.get(key, 0) + 1
    print("\nday 2's handwritten visitor names written otherwise than checked on day 1 for the same ID number: "
          "%d; %s" % (len(want), ", ".join("%s %d" % kv for kv in sorted(outcome.items())) or "none"))


def review_suggestions(a, env, db, day2, date):
    """Day 2 scanned into the archive too; `dcaccess review` shown every field (all skipped): how
    often it suggests a value checked before, and how often that value is the truth."""
    import json
    import re
    scan = subprocess.run([a.dcaccess, "scan", "--archive", db, "--batch-date", date, "--no-crops", day2],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    if scan.returncode not in (0, 1):
        sys.stderr.write(scan.stderr)
        sys.exit("returning-visitors: scanning day 2 failed with status %d" % scan.returncode)
    with open(os.path.join(day2, "truth.json")) as f:
        truth = json.load(f)
    want = {}
    for p in truth["pages"]:
        if p["kind"] == "form" and p["form"] == "access":
            for fid in KNOWN_FIELDS:
                want[(p["serial"], fid)] = p["fields"].get(fid)
    rev = subprocess.run([a.dcaccess, "review", "--by", "returning-visitors", "--archive", db], input="s\n" * 100000,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    cur = None
    shown = {}   # (serial, field) -> suggestion, for the fields of KNOWN_FIELDS in review
    by_id = set()  # the hints that come from the same ID number on another form
    noted = set()  # the hints shown with a note that the letter count differs
    prompt = re.compile(r'^\[\d+/\d+\] (\S+) (\S+): read (?:"(.*)"|nothing)')
    for line in rev.stdout.splitlines():
        m = prompt.match(line)
        if m:
            cur = (m.group(1), m.group(2)) if m.group(2) in KNOWN_FIELDS else None
            if cur:
                shown[cur] = (m.group(3), None)
            continue
        if cur and line.startswith("      checked before on "):
            shown[cur] = (shown[cur][0], line.split('"')[1])
            if "(the same ID number" in line:
                by_id.add(cur)
        elif cur and line.startswith("      the same as checked before on another form"):
            shown[cur] = (shown[cur][0], shown[cur][0])
        elif cur and line.startswith("      note: ") and "letters were written here" in line:
            noted.add(cur)
    n = len(shown)
    offered = sum(1 for r, s in shown.values() if s is not None)
    right = sum(1 for k, (r, s) in shown.items() if s is not None and s == want.get(k))
    reading_right = sum(1 for k, (r, s) in shown.items() if r is not None and r == want.get(k))
    fixes = sum(1 for k, (r, s) in shown.items() if s is not None and s == want.get(k) and r != s)
    print("\nday 2 scanned into the same archive; `dcaccess review` on its %d ID, phone, name and institution fields "
          "in review: the value read is right in %d; a value checked before is shown for %d, and is the truth in %d "
          "(%d of them where the value read is not), not in %d" % (n, reading_right, offered, right, fixes,
                                                                    offered - right))
    print("  of the hints, %d came from another form with the same ID number (%d of them the truth)" %
          (len(by_id), sum(1 for k in by_id if shown[k][1] == want.get(k))))
    print("  of the hints, %d carried the note that another number of letters was written (%d of them the truth); "
          "of the hints without it, %d were the truth and %d not" %
          (len(noted), sum(1 for k in noted if shown[k][1] == want.get(k)),
           sum(1 for k, (r, s) in shown.items() if s is not None and k not in noted and s == want.get(k)),
           sum(1 for k, (r, s) in shown.items() if s is not None and k not in noted and s != want.get(k))))
    for k, (r, s) in sorted(shown.items()):
        if s is not None and s != want.get(k):
            print("  SUGGESTED WRONG %s %s: read %r, shown %r, truth %r" % (k[0], k[1], r, s, want.get(k)))
        elif a.show_wrong and s is not None and r != s:
            print("  suggested %s %s: read %r, shown %r" % (k[0], k[1], r, s))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dcaccess", required=True)
    ap.add_argument("--samplegen", required=True)
    ap.add_argument("--rules-vs-truth", required=True)
    ap.add_argument("--scan-accuracy", required=True, help="the scan-accuracy wrapper of this build")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--sets", type=int, default=60, help="form sets per day")
    ap.add_argument("--visitors", type=int, default=40, help="people in the pool")
    ap.add_argument("--variants", type=float, default=0.0,
                    help="share of the returning visitors' forms with the name in another spelling (samplegen "
                         "--variants): what the same-visitor rule records for them")
    ap.add_argument("--keep", help="keep the corpus, archive and results in this directory")
    ap.add_argument("--show-wrong", action="store_true")
    a = ap.parse_args()

    work = a.keep or tempfile.mkdtemp(prefix="returning-visitors-")
    os.makedirs(work, exist_ok=True)
    try:
        corpus = os.path.join(work, "corpus")
        if os.path.exists(corpus):
            shutil.rmtree(corpus)
        gen = [a.samplegen, "--seed", str(a.seed), "--sets", str(a.sets), "--days", "2", "--visitors", str(a.visitors)]
        if a.variants > 0:
            gen += ["--variants", str(a.variants)]
        subprocess.run(gen + ["-o", corpus], check=True, stdout=subprocess.DEVNULL)
        days = sorted(d for d in os.listdir(corpus) if os.path.isdir(os.path.join(corpus, d)))
        if len(days) != 2:
            sys.exit("returning-visitors: expected two day folders in %s, found %s" % (corpus, days))
        db = os.path.join(work, "day1.db")
        for f in (db, db + "-wal", db + "-shm"):
            if os.path.exists(f):
                os.remove(f)
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        day1 = os.path.join(corpus, days[0])
        scan = subprocess.run([a.dcaccess, "scan", "--archive", db, "--batch-date", days[0], "--no-crops", day1],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
        if scan.returncode not in (0, 1):
            sys.stderr.write(scan.stderr)
            sys.exit("returning-visitors: scanning day 1 failed with status %d" % scan.returncode)
        rvt = subprocess.run([a.rules_vs_truth, "--archive", db, "--correct-from-truth", day1],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if rvt.returncode not in (0, 1):
            sys.stderr.write(rvt.stderr)
            sys.exit("returning-visitors: the perfect review of day 1 failed with status %d" % rvt.returncode)
        print("returning-visitors: seed %d, %d sets a day, a pool of %d visitors; day 1 (%s) scanned into %s and "
              "every field in review checked" % (a.seed, a.sets, a.visitors, days[0], db))
        for label, extra in (("nothing known", []), ("values checked on day 1 known", ["--archive", db])):
            cmd = [a.scan_accuracy, "--corpus", os.path.join(corpus, days[1])] + extra
            if a.show_wrong:
                cmd.append("--show-wrong")
            out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            if out.returncode != 0:
                sys.stderr.write(out.stderr)
                sys.exit("returning-visitors: scoring day 2 failed with status %d" % out.returncode)
            print("\nday 2 (%s), %s:" % (days[1], label))
            for line in out.stdout.splitlines():
                if (line.startswith("OVERALL: handwriting-font ID and phone") or line.startswith("OVERALL: review")
                        or line.startswith("OVERALL: handwriting-font visitor names")
                        or line.startswith("OVERALL: handwriting-font device serials")
                        or line.startswith("OVERALL: handwriting-font time/date fields (written)")
                        or line.startswith("OVERALL: accepted fields by why")
                        or line.startswith("WRONG") or line.startswith("scan: ")):
                    print("  " + line)
        if a.variants > 0:
            other_spelling(a, env, db, os.path.join(corpus, days[1]), days[1])
        review_suggestions(a, env, db, os.path.join(corpus, days[1]), days[1])
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
