/* icr_norm: turns one comb cell into the classifier's 28x28 input (border and speck removal, MNIST-style). */
#include "icr_internal.h"
#include "dc_error.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct comp {
    int x0, y0, x1, y1;   /* inclusive bbox */
    int area;
} comp;

/* Grey level at the given fraction of the histogram (0 = darkest pixel). */
static int hist_quantile(const int *hist, int total, double frac)
{
    long want = (long)(frac * total);
    long acc = 0;
    for (int v = 0; v < 256; v++) {
        acc += hist[v];
        if (acc > want)
            return v;
    }
    return 255;
}

/* Separable area resampling of src (sw x sh) into dst (dw x dh): each output pixel is the
 * mean of the source area it covers, so thin strokes survive downscaling. */
static int resample_area(const float *src, int sw, int sh, float *dst, int dw, int dh)
{
    float *tmp = calloc((size_t)dw * sh, sizeof(float));
    if (!tmp)
        return -1;
    const double sx = (double)sw / dw, sy = (double)sh / dh;
    for (int y = 0; y < sh; y++) {
        const float *s = src + (size_t)y * sw;
        for (int x = 0; x < dw; x++) {
            double a = x * sx, b = (x + 1) * sx, acc = 0.0;
            for (int i = (int)a; i < sw && i < b; i++) {
                double lo = i > a ? i : a, hi = (i + 1) < b ? (i + 1) : b;
                if (hi > lo)
                    acc += s[i] * (hi - lo);
            }
            tmp[(size_t)y * dw + x] = (float)(acc / sx);
        }
    }
    for (int x = 0; x < dw; x++) {
        for (int y = 0; y < dh; y++) {
            double a = y * sy, b = (y + 1) * sy, acc = 0.0;
            for (int i = (int)a; i < sh && i < b; i++) {
                double lo = i > a ? i : a, hi = (i + 1) < b ? (i + 1) : b;
                if (hi > lo)
                    acc += tmp[(size_t)i * dw + x] * (hi - lo);
            }
            dst[(size_t)y * dw + x] = (float)(acc / sy);
        }
    }
    free(tmp);
    return 0;
}

/* Shears the bw x bh ink image so that its principal axis is upright: x' = x - s (y - cy) with
 * s = mu11 / mu02 (clamped to +-1), then crops to the columns that kept ink. On success *img,
 * *bw are replaced (the old buffer freed); returns 0, or -1 (no memory: image left as it was). */
static int deslant(float **img, int *bw, int bh)
{
    const float *in = *img;
    const int w = *bw;
    double m = 0, mx = 0, my = 0;
    for (int y = 0; y < bh; y++)
        for (int x = 0; x < w; x++) {
            double v = in[(size_t)y * w + x];
            m += v; mx += v * x; my += v * y;
        }
    if (m <= 0)
        return 0;
    double cx = mx / m, cy = my / m, mu11 = 0, mu02 = 0;
    for (int y = 0; y < bh; y++)
        for (int x = 0; x < w; x++) {
            double v = in[(size_t)y * w + x];
            mu11 += v * (x - cx) * (y - cy);
            mu02 += v * (y - cy) * (y - cy);
        }
    if (mu02 <= 0)
        return 0;
    double s = mu11 / mu02;
    if (s > 1.0) s = 1.0;
    if (s < -1.0) s = -1.0;
    if (fabs(s) * bh < 0.5)
        return 0;   /* under half a pixel of shear: nothing to do */
    /* x' = x - s (y - cy) + off, off chosen so every x' >= 0 */
    const double off = fabs(s) * (bh > 1 ? bh : 1);
    const int nw = w + (int)ceil(2 * off) + 1;
    float *o = calloc((size_t)nw * bh, sizeof(float));
    if (!o)
        return -1;
    for (int y = 0; y < bh; y++) {
        double shift = -s * (y - cy) + off;
        for (int xo = 0; xo < nw; xo++) {
            double xs = xo - shift;   /* source x */
            int x0 = (int)floor(xs);
            double f = xs - x0;
            double a = (x0 >= 0 && x0 < w) ? in[(size_t)y * w + x0] : 0.0;
            double b = (x0 + 1 >= 0 && x0 + 1 < w) ? in[(size_t)y * w + x0 + 1] : 0.0;
            o[(size_t)y * nw + xo] = (float)(a * (1 - f) + b * f);
        }
    }
    int c0 = nw, c1 = -1;
    for (int x = 0; x < nw; x++)
        for (int y = 0; y < bh; y++)
            if (o[(size_t)y * nw + x] > 0.02f) {
                if (x < c0) c0 = x;
                if (x > c1) c1 = x;
                break;
            }
    if (c1 < 0) {
        free(o);
        return 0;
    }
    const int cw = c1 - c0 + 1;
    float *c = malloc((size_t)cw * bh * sizeof(float));
    if (!c) {
        free(o);
        return -1;
    }
    for (int y = 0; y < bh; y++)
        memcpy(c + (size_t)y * cw, o + (size_t)y * nw + c0, sizeof(float) * cw);
    free(o);
    free(*img);
    *img = c;
    *bw = cw;
    return 0;
}

/* Zhang-Suen's test, tabled: for each of the 256 neighbourhoods (bit k = P(k+2), clockwise
 * from north) whether the pixel is deleted in pass 0 or pass 1. */
static uint8_t thin_table[2][256];
static pthread_once_t thin_table_once = PTHREAD_ONCE_INIT;

static void thin_table_fill(void)
{
    for (int code = 0; code < 256; code++) {
        int p[8], nb = 0, tr = 0;
        for (int k = 0; k < 8; k++)
            p[k] = (code >> k) & 1;
        for (int k = 0; k < 8; k++) {
            nb += p[k];
            tr += !p[k] && p[(k + 1) & 7];
        }
        const int ok = nb >= 2 && nb <= 6 && tr == 1;
        thin_table[0][code] = ok && !((p[0] && p[2] && p[4]) || (p[2] && p[4] && p[6]));
        thin_table[1][code] = ok && !((p[0] && p[2] && p[6]) || (p[0] && p[4] && p[6]));
    }
}

/* Zhang-Suen thinning of the w x h binary image `b` (1 = ink) in place, to a one-pixel
 * 8-connected skeleton. The outermost rows and columns must be 0. Each pass judges every ink
 * pixel on the image as the pass found it and then deletes, so visiting only the ink pixels
 * left (a list) gives the plain scan's result. Returns 0 or -1 (no memory). */
static int thin(uint8_t *b, int w, int h)
{
    if (pthread_once(&thin_table_once, thin_table_fill) != 0)
        return -1;
    int n = 0;
    for (int y = 1; y < h - 1; y++)
        for (int x = 1; x < w - 1; x++)
            n += b[(size_t)y * w + x] != 0;
    int *ink = malloc(sizeof(int) * (size_t)(n ? n : 1));
    int *del = malloc(sizeof(int) * (size_t)(n ? n : 1));
    if (!ink || !del) {
        free(ink);
        free(del);
        return -1;
    }
    n = 0;
    for (int y = 1; y < h - 1; y++)
        for (int x = 1; x < w - 1; x++)
            if (b[(size_t)y * w + x])
                ink[n++] = y * w + x;
    for (int changed = 1; changed;) {
        changed = 0;
        for (int pass = 0; pass < 2; pass++) {
            int nd = 0;
            for (int i = 0; i < n; i++) {
                const uint8_t *c = b + ink[i];
                const int code = (c[-w] != 0) | (c[-w + 1] != 0) << 1 | (c[1] != 0) << 2 |
                                 (c[w + 1] != 0) << 3 | (c[w] != 0) << 4 | (c[w - 1] != 0) << 5 |
                                 (c[-1] != 0) << 6 | (c[-w - 1] != 0) << 7;
                if (thin_table[pass][code])
                    del[nd++] = i;
            }
            if (nd) {
                changed = 1;
                for (int k = 0; k < nd; k++)
                    b[ink[del[k]]] = 0;
                int m = 0;
                for (int i = 0; i < n; i++)
                    if (b[ink[i]])
                        ink[m++] = ink[i];
                n = m;
            }
        }
    }
    free(ink);
    free(del);
    return 0;
}

static double seg_dist2(double px, double py, double ax, double ay, double bx, double by)
{
    double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy, t = 0.0;
    if (l2 > 0.0) {
        t = ((px - ax) * dx + (py - ay) * dy) / l2;
        t = t < 0.0 ? 0.0 : (t > 1.0 ? 1.0 : t);
    }
    double ex = ax + t * dx - px, ey = ay + t * dy - py;
    return ex * ex + ey * ey;
}

/* ICR_NORM_PEN: the ink (bw x bh, 0..1) is thinned to its skeleton, which is redrawn into
 * `out` (ICR_SIDE x ICR_SIDE) with a round pen of fixed width ICR_PEN_WIDTH, the drawing's
 * longer side ICR_BOX and its centre of mass (skeleton length) at the centre. Every writer's
 * pen then looks the same to the net. Returns 0, 1 (no skeleton: caller falls back to the
 * plain path) or -1 (no memory). */
#define ICR_PEN_WIDTH 2.4
static int redraw_pen(const float *ink, int bw, int bh, float *out)
{
    const int w = bw + 2, h = bh + 2;   /* one pixel of paper around: thinning needs it */
    uint8_t *b = calloc((size_t)w * h, 1);
    if (!b)
        return -1;
    for (int y = 0; y < bh; y++)
        for (int x = 0; x < bw; x++)
            b[(size_t)(y + 1) * w + x + 1] = ink[(size_t)y * bw + x] >= 0.4f;
    if (thin(b, w, h) != 0) {
        free(b);
        return -1;
    }
    /* skeleton extent and centre of mass (segments weighted by length) */
    int x0 = w, y0 = h, x1 = -1, y1 = -1;
    double m = 0.0, mx = 0.0, my = 0.0;
    static const int FWD[4][2] = { { 1, 0 }, { 1, 1 }, { 0, 1 }, { -1, 1 } };
    for (int y = 1; y < h - 1; y++)
        for (int x = 1; x < w - 1; x++) {
            if (!b[(size_t)y * w + x])
                continue;
            if (x < x0) x0 = x;
            if (x > x1) x1 = x;
            if (y < y0) y0 = y;
            if (y > y1) y1 = y;
            int deg = 0;
            for (int k = 0; k < 4; k++)
                if (b[(size_t)(y + FWD[k][1]) * w + x + FWD[k][0]]) {
                    double len = (FWD[k][0] && FWD[k][1]) ? M_SQRT2 : 1.0;
                    m += len;
                    mx += len * (x + 0.5 * FWD[k][0]);
                    my += len * (y + 0.5 * FWD[k][1]);
                    deg++;
                }
            if (deg == 0) {   /* weight a lone pixel like a unit segment */
                m += 1.0;
                mx += x;
                my += y;
            }
        }
    if (x1 < 0) {
        free(b);
        return 1;
    }
    const double r = ICR_PEN_WIDTH / 2.0;
    /* a pixel whose squared distance is above this is farther than r + 0.5 from the segment
     * (the factor is far above rounding), so it would not be drawn */
    const double reach2 = (r + 0.5) * (r + 0.5) * (1.0 + 1e-9);
    const int ext = (x1 - x0) > (y1 - y0) ? (x1 - x0) : (y1 - y0);
    const double k = ext > 0 ? (ICR_BOX - ICR_PEN_WIDTH) / ext : 1.0;
    /* out = (p - centre of mass) * k + ICR_SIDE / 2, kept inside the canvas */
    double ox = ICR_SIDE / 2.0 - (mx / m) * k, oy = ICR_SIDE / 2.0 - (my / m) * k;
    const double lo_x = r - x0 * k, hi_x = ICR_SIDE - r - x1 * k;
    const double lo_y = r - y0 * k, hi_y = ICR_SIDE - r - y1 * k;
    if (ox < lo_x) ox = lo_x;
    if (ox > hi_x) ox = hi_x;
    if (oy < lo_y) oy = lo_y;
    if (oy > hi_y) oy = hi_y;
    /* pixel (i, j) of out has its centre at (i + 0.5, j + 0.5) */
    for (int y = y0; y <= y1; y++)
        for (int x = x0; x <= x1; x++) {
            if (!b[(size_t)y * w + x])
                continue;
            /* a pixel with any neighbour is drawn by the segments that end in it; a lone pixel
             * is drawn as a dot (kk == 4) */
            int lone = 1;
            for (int dy = -1; dy <= 1 && lone; dy++)
                for (int dx = -1; dx <= 1 && lone; dx++)
                    lone = (dx == 0 && dy == 0) || !b[(size_t)(y + dy) * w + x + dx];
            for (int kk = lone ? 4 : 0; kk <= (lone ? 4 : 3); kk++) {
                int qx = x, qy = y;
                if (kk < 4) {
                    qx += FWD[kk][0];
                    qy += FWD[kk][1];
                    if (!b[(size_t)qy * w + qx])
                        continue;
                }
                const double ax = x * k + ox, ay = y * k + oy, bx = qx * k + ox, by = qy * k + oy;
                int i0 = (int)floor((ax < bx ? ax : bx) - r - 1), i1 = (int)ceil((ax > bx ? ax : bx) + r + 1);
                int j0 = (int)floor((ay < by ? ay : by) - r - 1), j1 = (int)ceil((ay > by ? ay : by) + r + 1);
                if (i0 < 0) i0 = 0;
                if (j0 < 0) j0 = 0;
                if (i1 > ICR_SIDE - 1) i1 = ICR_SIDE - 1;
                if (j1 > ICR_SIDE - 1) j1 = ICR_SIDE - 1;
                for (int j = j0; j <= j1; j++)
                    for (int i = i0; i <= i1; i++) {
                        const double d2 = seg_dist2(i + 0.5, j + 0.5, ax, ay, bx, by);
                        if (d2 > reach2)   /* v below 0: nothing drawn; skip the root */
                            continue;
                        double d = sqrt(d2);
                        double v = r + 0.5 - d;
                        float *o = &out[(size_t)j * ICR_SIDE + i];
                        if (v > *o)
                            *o = (float)(v > 1.0 ? 1.0 : v);
                    }
            }
        }
    free(b);
    return 0;
}

/* The plain drawing: scales the ink (bw x bh) so its longer side is ICR_BOX, keeping the
 * aspect ratio, and centres it by mass into `out`. Returns 0 or -1 (no memory). */
static int place(const float *ink, int bw, int bh, float *out)
{
    int dw, dh;
    if (bw >= bh) {
        dw = ICR_BOX;
        dh = (int)lround((double)bh * ICR_BOX / bw);
    } else {
        dh = ICR_BOX;
        dw = (int)lround((double)bw * ICR_BOX / bh);
    }
    if (dw < 1) dw = 1;
    if (dh < 1) dh = 1;
    float *scaled = malloc((size_t)dw * dh * sizeof(float));
    if (!scaled || resample_area(ink, bw, bh, scaled, dw, dh) != 0) {
        free(scaled);
        return -1;
    }
    double m = 0.0, mx = 0.0, my = 0.0;
    for (int y = 0; y < dh; y++)
        for (int x = 0; x < dw; x++) {
            double v = scaled[(size_t)y * dw + x];
            m += v; mx += v * (x + 0.5); my += v * (y + 0.5);
        }
    int ox, oy;
    if (m > 0.0) {
        ox = (int)lround(ICR_SIDE / 2.0 - mx / m);
        oy = (int)lround(ICR_SIDE / 2.0 - my / m);
    } else {
        ox = (ICR_SIDE - dw) / 2;
        oy = (ICR_SIDE - dh) / 2;
    }
    if (ox < 0) ox = 0;
    if (oy < 0) oy = 0;
    if (ox + dw > ICR_SIDE) ox = ICR_SIDE - dw;
    if (oy + dh > ICR_SIDE) oy = ICR_SIDE - dh;
    for (int y = 0; y < dh; y++)
        for (int x = 0; x < dw; x++) {
            float v = scaled[(size_t)y * dw + x];
            out[(size_t)(y + oy) * ICR_SIDE + (x + ox)] = v > 1.0f ? 1.0f : v;
        }
    free(scaled);
    return 0;
}

int icr_normalize(const uint8_t *grey, int w, int h, int stride, float *out, icr_norm_info *info)
{
    return icr_normalize_ex(grey, w, h, stride, 0u, out, info);
}

int icr_normalize_ex(const uint8_t *grey, int w, int h, int stride, unsigned flags, float *out,
                     icr_norm_info *info)
{
    return icr_normalize_multi(grey, w, h, stride, &flags, &out, 1, info);
}

/* One pass of a (2r+1)-pixel line along rows (or columns when `vertical`): out = 1 where every
 * pixel under the line is ink (`erode`; outside the cell is paper), or where any is (dilate). */
static void line_pass(const uint8_t *in, uint8_t *out, int w, int h, int r, int vertical, int erode)
{
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            /* erosion stops at the first paper pixel, dilation at the first ink pixel */
            uint8_t v = (uint8_t)erode;
            for (int d = -r; d <= r && v == erode; d++) {
                int xx = vertical ? x : x + d, yy = vertical ? y + d : y;
                v = xx >= 0 && xx < w && yy >= 0 && yy < h && in[(size_t)yy * w + xx];
            }
            out[(size_t)y * w + x] = v;
        }
}

/* Clears from mask (w x h, 1 = ink) every part that a (2r+1)-pixel square fits inside (the
 * mask's opening): ink wider than a stroke in both directions, a stain or a shadow rather than
 * writing. a and b are w*h bytes of scratch. */
static void remove_wide_ink(uint8_t *mask, int w, int h, int r, uint8_t *a, uint8_t *b)
{
    line_pass(mask, a, w, h, r, 0, 1);   /* erosion by the square: rows, then columns */
    line_pass(a, b, w, h, r, 1, 1);
    line_pass(b, a, w, h, r, 0, 0);      /* and dilation back */
    line_pass(a, b, w, h, r, 1, 0);
    for (size_t i = 0; i < (size_t)w * h; i++)
        if (b[i])
            mask[i] = 0;
}

/* The normaliser. Ink is darker than paper - max(50, 40% of paper); with `faint`, darker than
 * paper - ICR_FAINT_CONTRAST, less any ink wider than a stroke (a stain is not writing). */
static int normalize_at(const uint8_t *grey, int w, int h, int stride, const unsigned *flags,
                        float *const *outs, int n_out, icr_norm_info *info, int faint)
{
    for (int i = 0; i < n_out; i++)
        memset(outs[i], 0, sizeof(float) * ICR_SIDE * ICR_SIDE);
    memset(info, 0, sizeof *info);
    if (!grey || w < 4 || h < 4 || stride < w || w > 4000 || h > 4000 || n_out < 1)
        return DC_ERR_INVALID_ARG;
    info->cell_pixels = w * h;

    const size_t n = (size_t)w * h;
    int rc = DC_ERR_NOMEM;
    uint8_t *mask = malloc(n);
    int *label = malloc(n * sizeof(int));
    int *stack = malloc(n * sizeof(int));
    comp *comps = NULL;
    float *ink = NULL, *slanted = NULL;
    if (!mask || !label || !stack)
        goto out;

    /* Paper level from the bright side of the histogram (ink rarely covers 30% of a
     * cell); ink is anything clearly darker. Light-grey printed borders stay paper. */
    int hist[256] = {0};
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            hist[grey[(size_t)y * stride + x]]++;
    int paper = hist_quantile(hist, (int)n, 0.70);
    int contrast = faint ? ICR_FAINT_CONTRAST : paper * 2 / 5 > 50 ? paper * 2 / 5 : 50;
    int thr = paper - contrast;
    if (thr < 20) {
        rc = 0;       /* a black or blank-dark cell: nothing readable */
        goto out;
    }
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            mask[(size_t)y * w + x] = grey[(size_t)y * stride + x] < thr;
    if (faint) {
        /* a stroke is at most ~1.5 mm wide: 25% of a comb cell's 6 mm height (DC_SCAN_STROKE_MAX_MM) */
        uint8_t *scratch = malloc(2 * n);
        if (!scratch)
            goto out;
        long r = lround(0.125 * h);
        remove_wide_ink(mask, w, h, r > 1 ? (int)r : 1, scratch, scratch + n);
        free(scratch);
    }
    int count = 0;
    for (size_t i = 0; i < n; i++)
        count += mask[i];
    if (count == 0) {
        rc = 0;
        goto out;
    }

    /* Printed border lines: rows/columns in a thin band at each edge inked along 90% of their
     * length or more. A cell is cut parallel to its printed outline, so a piece of it runs the
     * whole length; a digit's stroke along the edge does not (a 9's stem down the right edge
     * over 75% of the height was dropped at 60%, and its loop read as a 0). Shorter pieces of
     * border are dropped below, as components lying in an edge band. */
    const int band_y = h * 8 / 100 > 2 ? h * 8 / 100 : 2;
    const int band_x = w * 8 / 100 > 2 ? w * 8 / 100 : 2;
    for (int y = 0; y < h; y++) {
        if (y >= band_y && y < h - band_y)
            continue;
        int c = 0;
        for (int x = 0; x < w; x++)
            c += mask[(size_t)y * w + x];
        if (c * 10 >= w * 9)
            memset(mask + (size_t)y * w, 0, (size_t)w);
    }
    for (int x = 0; x < w; x++) {
        if (x >= band_x && x < w - band_x)
            continue;
        int c = 0;
        for (int y = 0; y < h; y++)
            c += mask[(size_t)y * w + x];
        if (c * 10 >= h * 9)
            for (int y = 0; y < h; y++)
                mask[(size_t)y * w + x] = 0;
    }

    /* 8-connected components. */
    for (size_t i = 0; i < n; i++)
        label[i] = -1;
    int ncomp = 0, cap = 16;
    comps = malloc((size_t)cap * sizeof(comp));
    if (!comps)
        goto out;
    for (int y0 = 0; y0 < h; y0++) {
        for (int x0 = 0; x0 < w; x0++) {
            size_t i0 = (size_t)y0 * w + x0;
            if (!mask[i0] || label[i0] >= 0)
                continue;
            if (ncomp == cap) {
                cap *= 2;
                comp *nc = realloc(comps, (size_t)cap * sizeof(comp));
                if (!nc)
                    goto out;
                comps = nc;
            }
            comp c = { x0, y0, x0, y0, 0 };
            int sp = 0;
            stack[sp++] = (int)i0;
            label[i0] = ncomp;
            while (sp > 0) {
                int p = stack[--sp];
                int px = p % w, py = p / w;
                c.area++;
                if (px < c.x0) c.x0 = px;
                if (px > c.x1) c.x1 = px;
                if (py < c.y0) c.y0 = py;
                if (py > c.y1) c.y1 = py;
                for (int dy = -1; dy <= 1; dy++) {
                    int ny = py + dy;
                    if (ny < 0 || ny >= h)
                        continue;
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = px + dx;
                        if (nx < 0 || nx >= w)
                            continue;
                        size_t q = (size_t)ny * w + nx;
                        if (mask[q] && label[q] < 0) {
                            label[q] = ncomp;
                            stack[sp++] = (int)q;
                        }
                    }
                }
            }
            comps[ncomp++] = c;
        }
    }

    /* Drop specks and border fragments: a component lying entirely in the band of an edge it
     * touches is a piece of the printed cell border, not writing. */
    const int side = w < h ? w : h;
    const int speck_dim = (int)(0.12 * h);
    const int speck_area = (int)(0.01 * (double)n);
    const int edge_w = (int)(0.15 * w) > 2 ? (int)(0.15 * w) : 2;
    const int edge_h = (int)(0.15 * h) > 2 ? (int)(0.15 * h) : 2;
    uint8_t *keep = calloc((size_t)(ncomp ? ncomp : 1), 1);
    if (!keep)
        goto out;
    int bx0 = w, by0 = h, bx1 = -1, by1 = -1, kept_pixels = 0;
    for (int i = 0; i < ncomp; i++) {
        const comp *c = &comps[i];
        int cw = c->x1 - c->x0 + 1, ch = c->y1 - c->y0 + 1;
        int maxdim = cw > ch ? cw : ch;
        if ((maxdim <= speck_dim && c->area <= speck_area) || c->area * 12 < side) {
            /* salt and dust are a pixel or two; larger dropped specks may be a broken digit */
            if (c->area * 600 >= (int)n)
                info->speck_pixels += c->area;
            continue;
        }
        int in_top = c->y0 == 0 && c->y1 < edge_h;
        int in_bottom = c->y1 == h - 1 && c->y0 >= h - edge_h;
        int in_left = c->x0 == 0 && c->x1 < edge_w;
        int in_right = c->x1 == w - 1 && c->x0 >= w - edge_w;
        if (in_top || in_bottom || in_left || in_right)
            continue;
        keep[i] = 1;
        kept_pixels += c->area;
        if (c->x0 < bx0) bx0 = c->x0;
        if (c->y0 < by0) by0 = c->y0;
        if (c->x1 > bx1) bx1 = c->x1;
        if (c->y1 > by1) by1 = c->y1;
    }
    if (bx1 < 0) {
        free(keep);
        rc = 0;
        goto out;
    }

    /* Ink intensity inside the bbox: kept components plus their 1-px anti-aliased rim. */
    const int bw = bx1 - bx0 + 1, bh = by1 - by0 + 1;
    int ink_level = hist_quantile(hist, (int)n, 0.0);
    {
        /* darkest 10% of the kept ink is the pen's full darkness */
        int ih[256] = {0}, tot = 0;
        for (int y = by0; y <= by1; y++)
            for (int x = bx0; x <= bx1; x++) {
                int l = label[(size_t)y * w + x];
                if (l >= 0 && keep[l]) {
                    ih[grey[(size_t)y * stride + x]]++;
                    tot++;
                }
            }
        if (tot > 0)
            ink_level = hist_quantile(ih, tot, 0.10);
    }
    float span = (float)(paper - ink_level);
    if (span < 1.0f)
        span = 1.0f;
    info->ink_span = (int)span;
    ink = calloc((size_t)bw * bh, sizeof(float));
    if (!ink) {
        free(keep);
        goto out;
    }
    for (int y = by0; y <= by1; y++) {
        for (int x = bx0; x <= bx1; x++) {
            int near = 0;
            for (int dy = -1; dy <= 1 && !near; dy++)
                for (int dx = -1; dx <= 1 && !near; dx++) {
                    int ny = y + dy, nx = x + dx;
                    if (ny < 0 || ny >= h || nx < 0 || nx >= w)
                        continue;
                    int l = label[(size_t)ny * w + nx];
                    near = l >= 0 && keep[l];
                }
            if (!near)
                continue;
            float v = (paper - grey[(size_t)y * stride + x]) / span;
            ink[(size_t)(y - by0) * bw + (x - bx0)] = v < 0.0f ? 0.0f : (v > 1.0f ? 1.0f : v);
        }
    }
    free(keep);
    /* the tiny-mark rule (dc_icr.c) judges the ink as written, before any deslanting */
    info->ink_w_frac = (float)bw / w;
    info->ink_h_frac = (float)bh / h;
    /* every requested drawing from the same ink; the deslanted ink is made once */
    int sw = bw;
    for (int i = 0; i < n_out; i++) {
        const float *src = ink;
        int srcw = bw;
        if (flags[i] & ICR_NORM_DESLANT) {
            if (!slanted) {
                slanted = malloc((size_t)bw * bh * sizeof(float));
                if (!slanted)
                    goto out;
                memcpy(slanted, ink, (size_t)bw * bh * sizeof(float));
                if (deslant(&slanted, &sw, bh) != 0)
                    goto out;
            }
            src = slanted;
            srcw = sw;
        }
        int pr = 1;
        if ((flags[i] & ICR_NORM_PEN) && (pr = redraw_pen(src, srcw, bh, outs[i])) < 0)
            goto out;
        /* pr == 1: no pen requested, or no skeleton (ink too faint for the pen's
         * threshold): the plain drawing */
        if (pr == 1 && place(src, srcw, bh, outs[i]) != 0)
            goto out;
    }
    info->has_ink = 1;
    info->ink_pixels = kept_pixels;
    rc = 0;
out:
    free(mask);
    free(label);
    free(stack);
    free(comps);
    free(ink);
    free(slanted);
    return rc;
}

int icr_normalize_multi(const uint8_t *grey, int w, int h, int stride, const unsigned *flags,
                        float *const *outs, int n_out, icr_norm_info *info)
{
    return normalize_at(grey, w, h, stride, flags, outs, n_out, info, 0);
}

int icr_normalize_faint(const uint8_t *grey, int w, int h, int stride, const unsigned *flags,
                        float *const *outs, int n_out, icr_norm_info *info)
{
    return normalize_at(grey, w, h, stride, flags, outs, n_out, info, 1);
}
