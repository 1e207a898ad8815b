#!/usr/bin/env python3
"""optdigits-to-idx: real handwritten digits for *validating* the ICR (never for training).

Reads the UCI "optdigits" set as Debian ships it inside python3-sklearn
(sklearn/datasets/data/digits.csv.gz: 1,797 digits from 43 writers, each an 8x8 grid of
counts 0-16 of the ink pixels in 4x4 blocks of a 32x32 bitmap), rebuilds a smooth 32x32
image of each digit (bilinear upsampling, soft threshold), and writes it in the MNIST
layout (28x28, longer side 20 px, centred by mass, white ink on black, IDX gzip) so that
`icr-accuracy DIR` and `icr-train --real-val DIR` read it like mnist-dev.

usage: optdigits-to-idx.py DIGITS_CSV_GZ OUT_DIR [--half even|odd|all]
  --half even|odd: write only digits 0,2,4,... or 1,3,5,... of the file (two disjoint
  halves: one to choose among models, one to fit the acceptance threshold).

The csv is in the .deb: `apt-get download python3-sklearn && dpkg-deb -x python3-sklearn_*.deb x`
(the package need not be installed).
"""
import gzip
import os
import struct
import sys


def upsample(grid):
    """8x8 counts -> 32x32 ink 0..1 (bilinear at pixel centres, then a soft threshold)."""
    g = [[v / 16.0 for v in grid[r * 8:(r + 1) * 8]] for r in range(8)]
    out = [[0.0] * 32 for _ in range(32)]
    for y in range(32):
        sy = (y + 0.5) / 4.0 - 0.5
        y0 = max(0, min(7, int(sy // 1)))
        y1 = min(7, y0 + 1)
        fy = min(1.0, max(0.0, sy - y0))
        for x in range(32):
            sx = (x + 0.5) / 4.0 - 0.5
            x0 = max(0, min(7, int(sx // 1)))
            x1 = min(7, x0 + 1)
            fx = min(1.0, max(0.0, sx - x0))
            v = (g[y0][x0] * (1 - fx) + g[y0][x1] * fx) * (1 - fy) + \
                (g[y1][x0] * (1 - fx) + g[y1][x1] * fx) * fy
            out[y][x] = min(1.0, max(0.0, (v - 0.30) / 0.30))
    return out


def mnist_layout(img):
    """crop to ink, longer side to 20 px (area resampling), centre by mass in 28x28."""
    h, w = len(img), len(img[0])
    ys = [y for y in range(h) if any(v > 0.05 for v in img[y])]
    xs = [x for x in range(w) if any(img[y][x] > 0.05 for y in range(h))]
    if not ys or not xs:
        return [[0.0] * 28 for _ in range(28)]
    y0, y1, x0, x1 = ys[0], ys[-1] + 1, xs[0], xs[-1] + 1
    bw, bh = x1 - x0, y1 - y0
    s = 20.0 / max(bw, bh)
    dw, dh = max(1, round(bw * s)), max(1, round(bh * s))
    small = [[0.0] * dw for _ in range(dh)]
    for dy in range(dh):
        sy0, sy1 = y0 + dy / s, y0 + (dy + 1) / s
        for dx in range(dw):
            sx0, sx1 = x0 + dx / s, x0 + (dx + 1) / s
            acc = area = 0.0
            yy = int(sy0)
            while yy < sy1 and yy < y1:
                oy = min(sy1, yy + 1) - max(sy0, yy)
                xx = int(sx0)
                while xx < sx1 and xx < x1:
                    ox = min(sx1, xx + 1) - max(sx0, xx)
                    acc += img[yy][xx] * ox * oy
                    area += ox * oy
                    xx += 1
                yy += 1
            small[dy][dx] = acc / area if area > 0 else 0.0
    m = sum(sum(r) for r in small)
    mx = sum(v * (x + 0.5) for r in small for x, v in enumerate(r)) / m
    my = sum(v * (y + 0.5) for y, r in enumerate(small) for v in r) / m
    ox = min(max(0, round(14 - mx)), 28 - dw)
    oy = min(max(0, round(14 - my)), 28 - dh)
    out = [[0.0] * 28 for _ in range(28)]
    for y in range(dh):
        for x in range(dw):
            out[y + oy][x + ox] = small[y][x]
    return out


def main():
    args = sys.argv[1:]
    half = "all"
    if "--half" in args:
        i = args.index("--half")
        half = args[i + 1]
        del args[i:i + 2]
    if len(args) != 2 or half not in ("all", "even", "odd"):
        sys.exit(__doc__)
    src, out_dir = args
    rows = []
    with gzip.open(src, "rt") as f:
        for n, line in enumerate(f):
            vals = [int(float(v)) for v in line.strip().split(",") if v != ""]
            if len(vals) != 65 or not 0 <= vals[64] <= 9 or any(not 0 <= v <= 16 for v in vals[:64]):
                sys.exit(f"{src}: line {n + 1}: not 64 counts 0-16 and a label 0-9")
            if half == "all" or (n % 2 == 0) == (half == "even"):
                rows.append(vals)
    os.makedirs(out_dir, exist_ok=True)
    images = bytearray(struct.pack(">IIII", 0x803, len(rows), 28, 28))
    labels = bytearray(struct.pack(">II", 0x801, len(rows)))
    for vals in rows:
        img = mnist_layout(upsample(vals[:64]))
        for r in img:
            images.extend(min(255, max(0, round(v * 255))) for v in r)
        labels.append(vals[64])
    with gzip.open(os.path.join(out_dir, "dev-images-idx3-ubyte.gz"), "wb") as f:
        f.write(bytes(images))
    with gzip.open(os.path.join(out_dir, "dev-labels-idx1-ubyte.gz"), "wb") as f:
        f.write(bytes(labels))
    print(f"{out_dir}: {len(rows)} digits ({half}) from {src}")


if __name__ == "__main__":
    main()
