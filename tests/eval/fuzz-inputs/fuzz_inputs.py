#!/usr/bin/env python3
"""fuzz-inputs: damaged inputs for `dcaccess`, to be run against a sanitizer build.

Two kinds of input are made from the committed samples and fed to the command one at a time:
  images  corrupted copies of the sample day's pages and of a printed form PDF (bit flips,
          overwritten blocks, files cut short with their end marker put back, odd numbers in the
          header; PNG chunk checksums recomputed so the damage reaches the decoder), each read by
          `scan --dry-run`;
  config  form templates and the rules file with keys deleted, values of the wrong type or size,
          and array items duplicated, each used by `forms print` and `scan --dry-run` (templates)
          or `report daily` (rules).
A case is a problem when the command crashes, hangs (180 s), exits with an unknown status, a
sanitizer reports, it fails without saying why, a rejected page has no line naming its file and
page, or anything is printed on stderr that does not name the file (a library talking). Problem
cases are kept in OUT with their output; the others are deleted. Evaluation only, not a ctest:

  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DDC_SANITIZE=ON && cmake --build build-asan
  build-asan/tests/eval/fuzz-inputs/fuzz-inputs --what both --seconds 600 --seed 1 -o /tmp/fuzz
"""
import argparse, copy, json, os, random, shutil, struct, subprocess, sys, time, zlib

SAN = ("AddressSanitizer", "LeakSanitizer", "runtime error", "Segmentation fault", "Aborted")


def png_fix(b):
    """Every chunk's CRC recomputed, so libpng does not stop at the first checksum."""
    out, i = bytearray(b[:8]), 8
    while i + 8 <= len(b):
        n = struct.unpack(">I", b[i:i + 4])[0]
        if i + 12 + n > len(b):
            out += b[i:]
            break
        typ, data = b[i + 4:i + 8], b[i + 8:i + 8 + n]
        out += b[i:i + 8] + data + struct.pack(">I", zlib.crc32(typ + data) & 0xffffffff)
        i += 12 + n
    return bytes(out)


def damage(rng, b, ext):
    b = bytearray(b)
    kind = rng.choice(["flip", "flip", "block", "cut", "insert", "header", "header"])
    lo = 0 if rng.random() < 0.3 else min(len(b) - 1, 64)
    if kind == "flip":
        for _ in range(rng.randint(1, 30)):
            p = rng.randrange(lo, len(b))
            b[p] ^= 1 << rng.randrange(8)
    elif kind == "block":
        p, n, v = rng.randrange(lo, len(b)), rng.randint(1, 4096), rng.choice([0, 255, None])
        for i in range(p, min(len(b), p + n)):
            b[i] = rng.randrange(256) if v is None else v
    elif kind == "cut":   # cut short, the last 16 bytes (IEND, EOI, %%EOF) put back
        b = b[:rng.randrange(lo, len(b))] + b[-16:]
    elif kind == "insert":
        p, q, n = rng.randrange(lo, len(b)), rng.randrange(0, len(b)), rng.randint(1, 8192)
        b = b[:p] + b[q:q + n] + b[p:]
    else:                 # sizes, offsets and counts near the start set to odd values
        for _ in range(rng.randint(1, 6)):
            p = rng.randrange(0, min(512, len(b) - 4))
            v = rng.choice([0, 1, 0x7fff, 0xffff, 0x7fffffff, 0xffffffff, rng.randrange(1 << 32)])
            b[p:p + 4] = struct.pack(rng.choice([">I", "<I"]), v)
    if ext == "png" and rng.random() < 0.7:
        b = bytearray(png_fix(bytes(b)))
    return kind, bytes(b)


def paths(node, pre=()):
    yield pre
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for k, v in items:
        yield from paths(v, pre + (k,))


ODD = [0, -1, 1, 2**31, -2**31, 1e308, -1e-9, 0.5, "", "x" * 300, None, [], {}, True, "NaN", 33, 1000000]


def mutate(rng, doc):
    doc = copy.deepcopy(doc)
    for _ in range(rng.randint(1, 3)):
        ps = [p for p in paths(doc) if p]
        if not ps:
            break
        p = rng.choice(ps)
        parent = doc
        for k in p[:-1]:
            parent = parent[k]
        k, op = p[-1], rng.choice(["delete", "odd", "odd", "dup", "wrap"])
        if op == "delete":
            del parent[k]
        elif op == "odd":
            parent[k] = rng.choice(ODD)
        elif op == "dup" and isinstance(parent, list):
            parent.insert(k, copy.deepcopy(parent[k]))
        elif op == "wrap":
            v = parent[k]
            parent[k] = [v] if not isinstance(v, list) else (v[0] if v else {})
    return doc


def run(argv, env):
    try:
        p = subprocess.run(argv, env=env, capture_output=True, timeout=180)
        return p.returncode, p.stderr.decode("utf-8", "replace"), p.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return "timeout", "", ""


def judge(rc, err, out, name=None):
    probs = []
    if rc == "timeout":
        return ["hang"]
    if rc < 0 or rc > 3:
        probs.append("exit status %d" % rc)
    probs += [s for s in SAN if s in err]
    if rc == 3 and not err.strip():
        probs.append("failed without a message")
    if name:   # an image case: what is said about the page names it
        if any(line and not line.startswith("scan:") and name not in line for line in err.splitlines()):
            probs.append("a line on stderr that does not name the file")
        if rc == 1 and not any(line.startswith(name + " page ") for line in out.splitlines()):
            probs.append("a rejected page without its line")
    return probs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dcaccess", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--what", choices=["images", "config", "both"], default="both")
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", dest="out", required=True, help="work folder (problem cases are kept here)")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    src = os.path.abspath(a.source_dir)
    out = os.path.abspath(a.out)
    os.makedirs(out, exist_ok=True)
    env = dict(os.environ, OMP_THREAD_LIMIT="1", UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1",
               ASAN_OPTIONS="detect_leaks=1:abort_on_error=0",
               LSAN_OPTIONS="suppressions=%s/tests/lsan.supp:print_suppressions=0" % src)
    day = os.path.join(src, "samples", "day")
    # seeds: one page of each kind of the sample day, a printed form, and an archive for the rules
    form_pdf, archive = os.path.join(out, "seed-form.pdf"), os.path.join(out, "seed.db")
    for old in (form_pdf, os.path.join(out, "print.db")):   # forms print writes over neither
        if os.path.exists(old):
            os.remove(old)
    for argv in ([a.dcaccess, "forms", "print", "--form", "set", "--count", "1", "--first-serial", "1",
                  "--archive", os.path.join(out, "print.db"), "-o", form_pdf],
                 [a.dcaccess, "scan", "--batch-date", "2026-11-02", "--archive", archive, day]):
        rc, err, _ = run(argv, env)
        if rc not in (0, 1):
            sys.exit("fuzz-inputs: %s failed (%s): %s" % (" ".join(argv[1:3]), rc, err.strip()))
    images = [os.path.join(day, f) for f in ("0001_lowdpi150.png", "0006_clean300.png", "0011_jpeg.jpg",
                                              "0009_noise.jpg", "0005_rot270.tif", "0003_bitonal.tif",
                                              "0010_rot180.pnm")] + [form_pdf]
    forms = os.path.join(src, "forms")
    templates = {n: json.load(open(os.path.join(forms, n))) for n in sorted(os.listdir(forms)) if n.endswith(".json")}
    rules = json.load(open(os.path.join(src, "parse", "rules.default.json")))
    kinds = {"images": ["image"], "config": ["template", "rules"], "both": ["image", "image", "template", "rules"]}
    t0, n, bad, tally = time.time(), 0, 0, {}
    log = open(os.path.join(out, "log.tsv"), "a")
    while time.time() - t0 < a.seconds:
        kind = rng.choice(kinds[a.what])
        case = os.path.join(out, "case%d_%05d" % (a.seed, n))
        os.makedirs(case)
        probs, what = [], kind
        if kind == "image":
            seed = rng.choice(images)
            ext = seed.rsplit(".", 1)[1]
            how, data = damage(rng, open(seed, "rb").read(), ext)
            path = os.path.join(case, "page." + ext)
            open(path, "wb").write(data)
            what = "%s %s" % (os.path.basename(seed), how)
            rc, err, so = run([a.dcaccess, "scan", "--dry-run", "--jobs", "1", path], env)
            probs = judge(rc, err, so, path)
            outputs = [(rc, err, so)]
        else:
            denv = dict(env, DCACCESS_DATA_DIR=case)
            os.makedirs(os.path.join(case, "forms"))
            for f in os.listdir(forms):
                if f.endswith((".json", ".txt")):
                    shutil.copy(os.path.join(forms, f), os.path.join(case, "forms", f))
            if kind == "template":
                name = rng.choice(sorted(templates))
                json.dump(mutate(rng, templates[name]), open(os.path.join(case, "forms", name), "w"))
                what = name
                cmds = [[a.dcaccess, "forms", "print", "--form", "set", "--count", "1", "--first-serial", "1",
                         "--archive", os.path.join(case, "print.db"), "-o", os.path.join(case, "f.pdf")],
                        [a.dcaccess, "scan", "--dry-run", "--jobs", "1", os.path.join(day, "0011_jpeg.jpg")]]
            else:
                rf = os.path.join(case, "rules.json")
                json.dump(mutate(rng, rules), open(rf, "w"))
                cmds = [[a.dcaccess, "report", "daily", "2026-11-02", "--archive", archive, "--rules", rf,
                         "-o", os.path.join(case, "reports")]]
            outputs = [run(c, denv) for c in cmds]
            for rc, err, so in outputs:
                probs += judge(rc, err, so)
        tally[kind] = tally.get(kind, 0) + 1
        log.write("%d\t%s\t%s\t%s\n" % (n, what, ",".join(str(o[0]) for o in outputs), "; ".join(probs)))
        log.flush()
        if probs:
            bad += 1
            with open(os.path.join(case, "output.txt"), "w") as f:
                for rc, err, so in outputs:
                    f.write("exit %s\n--- stderr\n%s\n--- stdout\n%s\n" % (rc, err, so[:4000]))
            print("problem: %s (%s): %s" % (case, what, "; ".join(probs)), flush=True)
        else:
            shutil.rmtree(case)
        n += 1
    print("fuzz-inputs: %d cases (%s) in %.0f s, %d with problems%s" %
          (n, ", ".join("%d %s" % (v, k) for k, v in sorted(tally.items())), time.time() - t0, bad,
           "" if not bad else "; kept in " + out))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
