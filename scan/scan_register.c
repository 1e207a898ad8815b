/* scan_register: registration marks -> template-mm to image-px mapping; aligned resampling. */
#include "scan_internal.h"

#include "dc_error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Mark candidates: solid, square-ish blobs of about the template's mark size. */
#define MARK_SIZE_MIN 0.55   /* of the nominal side (scale damage, blur) */
#define MARK_SIZE_MAX 1.70   /* of the nominal side (skew grows the bounding box) */
#define MARK_FILL_MIN 0.60   /* ink / bounding box (a square turned 10 degrees fills 74%) */
#define MARK_MAX_CANDIDATES 120
#define MAX_SKEW_DEG 12.0

/* ---- small geometry ---- */

void scan_homography_apply(const double h[9], double x, double y, double *ox, double *oy)
{
    double w = h[6] * x + h[7] * y + h[8];
    if (fabs(w) < 1e-12)
        w = 1e-12;
    *ox = (h[0] * x + h[1] * y + h[2]) / w;
    *oy = (h[3] * x + h[4] * y + h[5]) / w;
}

void dc_scan_map(const dc_scan_registration *reg, double x_mm, double y_mm, double *x_px, double *y_px)
{
    scan_homography_apply(reg->h, x_mm, y_mm, x_px, y_px);
}

/* Solves the 8 unknowns of the homography mapping src[i] -> dst[i] (4 pairs). */
static int homography_solve(double h[9], const double src[4][2], const double dst[4][2])
{
    double a[8][9];
    for (int i = 0; i < 4; i++) {
        double x = src[i][0], y = src[i][1], u = dst[i][0], v = dst[i][1];
        double r1[9] = {x, y, 1, 0, 0, 0, -u * x, -u * y, u};
        double r2[9] = {0, 0, 0, x, y, 1, -v * x, -v * y, v};
        memcpy(a[2 * i], r1, sizeof r1);
        memcpy(a[2 * i + 1], r2, sizeof r2);
    }
    for (int c = 0; c < 8; c++) {
        int p = c;
        for (int r = c + 1; r < 8; r++)
            if (fabs(a[r][c]) > fabs(a[p][c]))
                p = r;
        if (fabs(a[p][c]) < 1e-12)
            return -1;
        if (p != c)
            for (int k = 0; k < 9; k++) {
                double t = a[c][k];
                a[c][k] = a[p][k];
                a[p][k] = t;
            }
        for (int r = 0; r < 8; r++) {
            if (r == c)
                continue;
            double f = a[r][c] / a[c][c];
            for (int k = c; k < 9; k++)
                a[r][k] -= f * a[c][k];
        }
    }
    for (int i = 0; i < 8; i++)
        h[i] = a[i][8] / a[i][i];
    h[8] = 1.0;
    return 0;
}

PIX *scan_warp(PIX *grey, const double h[9], dc_box_mm b, double margin_mm, double ppmm)
{
    double x0 = b.x - margin_mm, y0 = b.y - margin_mm;
    int W = (int)ceil((b.w + 2 * margin_mm) * ppmm), H = (int)ceil((b.h + 2 * margin_mm) * ppmm);
    if (W < 1 || H < 1 || W > 20000 || H > 20000)
        return NULL;
    PIX *out = pixCreate(W, H, 8);
    if (!out)
        return NULL;
    int sw = pixGetWidth(grey), sh = pixGetHeight(grey), swpl = pixGetWpl(grey), owpl = pixGetWpl(out);
    l_uint32 *sd = pixGetData(grey), *od = pixGetData(out);
    const double step = 1.0 / ppmm;
    for (int v = 0; v < H; v++) {
        l_uint32 *orow = od + (size_t)v * owpl;
        double my = y0 + (v + 0.5) * step, mx0 = x0 + 0.5 * step;
        /* numerators and denominator are linear along the row: step them */
        double nx = h[0] * mx0 + h[1] * my + h[2], ny = h[3] * mx0 + h[4] * my + h[5];
        double dn = h[6] * mx0 + h[7] * my + h[8];
        const double dnx = h[0] * step, dny = h[3] * step, ddn = h[6] * step;
        for (int u = 0; u < W; u++, nx += dnx, ny += dny, dn += ddn) {
            double inv = fabs(dn) < 1e-12 ? 1e12 : 1.0 / dn;
            double sx = nx * inv - 0.5, sy = ny * inv - 0.5;
            int ix = (int)floor(sx), iy = (int)floor(sy);
            int val = 255;
            if (ix >= 0 && iy >= 0 && ix + 1 < sw && iy + 1 < sh) {
                double fx = sx - ix, fy = sy - iy;
                l_uint32 *r0 = sd + (size_t)iy * swpl, *r1 = r0 + swpl;
                double p00 = GET_DATA_BYTE(r0, ix), p10 = GET_DATA_BYTE(r0, ix + 1);
                double p01 = GET_DATA_BYTE(r1, ix), p11 = GET_DATA_BYTE(r1, ix + 1);
                val = (int)((p00 * (1 - fx) + p10 * fx) * (1 - fy) + (p01 * (1 - fx) + p11 * fx) * fy + 0.5);
            } else if (ix >= 0 && iy >= 0 && ix < sw && iy < sh) {
                val = (int)GET_DATA_BYTE(sd + (size_t)iy * swpl, ix);
            }
            SET_DATA_BYTE(orow, u, val);
        }
    }
    return out;
}

PIX *scan_reduce(PIX *grey, double dpi_target, double *factor)
{
    int w = pixGetWidth(grey), h = pixGetHeight(grey);
    double dpi = (w > h ? w : h) / (297.0 / 25.4); /* A4, long side */
    /* 2x area reductions only (fast); the result lies between 0.8x and 1.6x the target */
    double f = 1.0;
    PIX *cur = pixClone(grey);
    while (cur && dpi * f / 2 >= dpi_target * 0.8) {
        PIX *next = pixScaleAreaMap2(cur);
        pixDestroy(&cur);
        cur = next;
        f /= 2;
    }
    *factor = f;
    if (cur && f == 1.0) {
        PIX *copy = pixCopy(NULL, cur);
        pixDestroy(&cur);
        cur = copy;
    }
    return cur;
}

/* The grey levels below which 0.3% and 50% of `pix` lie (its darkest ink, its paper). */
static void dark_and_paper(PIX *pix, int *dark, int *paper)
{
    *dark = *paper = -1;
    NUMA *hist = pixGetGrayHistogram(pix, 1);
    if (!hist)
        return;
    double total = 0;
    for (int v = 0; v < 256; v++) {
        l_float32 c = 0;
        numaGetFValue(hist, v, &c);
        total += c;
    }
    double cum = 0;
    for (int v = 0; v < 256 && *paper < 0; v++) {
        l_float32 c = 0;
        numaGetFValue(hist, v, &c);
        cum += c;
        if (*dark < 0 && cum >= 0.003 * total)
            *dark = v;
        if (cum >= 0.5 * total)
            *paper = v;
    }
    numaDestroy(&hist);
}

int scan_ink_threshold(PIX *reduced)
{
    int dark, paper;
    dark_and_paper(reduced, &dark, &paper);
    if (dark > 128 && dark <= 170 && paper - dark >= 60)
        return dark + (paper - dark) / 3;
    return 128;
}

bool scan_light_page_levels(PIX *reduced, int *lo, int *hi)
{
    int dark, paper;
    dark_and_paper(reduced, &dark, &paper);
    if (dark <= 170 || dark > 225 || paper - dark < 30)
        return false;
    /* linear: dark -> ~40, paper -> 255 */
    *lo = dark - (int)((paper - dark) * 0.19 + 0.5);
    *hi = paper;
    return true;
}

double scan_page_ink(PIX *reduced)
{
    int w = pixGetWidth(reduced), h = pixGetHeight(reduced);
    int mx = w / 20, my = h / 20; /* scanner edges and punch holes are not content */
    BOX *box = boxCreate(mx, my, w - 2 * mx, h - 2 * my);
    PIX *inner = pixClipRectangle(reduced, box, NULL);
    boxDestroy(&box);
    if (!inner)
        return 0;
    PIX *bin = pixThresholdToBinary(inner, scan_ink_threshold(reduced));
    pixDestroy(&inner);
    if (!bin)
        return 0;
    /* specks of noise are not content */
    PIX *clean = pixSelectBySize(bin, 3, 3, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GTE, NULL);
    pixDestroy(&bin);
    if (!clean)
        return 0;
    l_int32 cnt = 0;
    pixCountPixels(clean, &cnt, NULL);
    double r = (double)cnt / ((double)pixGetWidth(clean) * pixGetHeight(clean));
    pixDestroy(&clean);
    return r;
}

/* ---- marks ---- */

typedef struct cand {
    double x, y;   /* centre, reduced px */
    double side;   /* mean of bbox w/h */
} cand;

static int find_candidates(cand **out, int *n, PIX *red, int thr, double ppmm_red, double side_mm)
{
    *out = NULL;
    *n = 0;
    PIX *bin = pixThresholdToBinary(red, thr);
    if (!bin)
        return DC_ERR_NOMEM;
    PIXA *pixa = NULL;
    BOXA *boxa = pixConnComp(bin, &pixa, 8);
    pixDestroy(&bin);
    if (!boxa) {
        pixaDestroy(&pixa);
        return DC_ERR_NOMEM;
    }
    int nb = boxaGetCount(boxa);
    cand *c = calloc(MARK_MAX_CANDIDATES, sizeof *c);
    if (!c) {
        boxaDestroy(&boxa);
        pixaDestroy(&pixa);
        return DC_ERR_NOMEM;
    }
    double nominal = side_mm * ppmm_red;
    int k = 0;
    for (int i = 0; i < nb && k < MARK_MAX_CANDIDATES; i++) {
        l_int32 bx, by, bw, bh;
        boxaGetBoxGeometry(boxa, i, &bx, &by, &bw, &bh);
        if (bw < MARK_SIZE_MIN * nominal || bh < MARK_SIZE_MIN * nominal || bw > MARK_SIZE_MAX * nominal ||
            bh > MARK_SIZE_MAX * nominal)
            continue;
        double aspect = (double)bw / bh;
        if (aspect < 0.7 || aspect > 1.43)
            continue;
        PIX *p = pixaGetPix(pixa, i, L_CLONE);
        l_int32 cnt = 0;
        pixCountPixels(p, &cnt, NULL);
        pixDestroy(&p);
        if (cnt < MARK_FILL_MIN * bw * bh)
            continue;
        c[k].x = bx + bw / 2.0;
        c[k].y = by + bh / 2.0;
        c[k].side = (bw + bh) / 2.0;
        k++;
    }
    pixaDestroy(&pixa);
    boxaDestroy(&boxa);
    *out = c;
    *n = k;
    return 0;
}

static void mark_centre_mm(const dc_template *t, dc_mark_role role, double *x, double *y)
{
    for (size_t i = 0; i < t->nmarks; i++)
        if (t->marks[i].role == role) {
            *x = t->marks[i].box.x + t->marks[i].box.w / 2;
            *y = t->marks[i].box.y + t->marks[i].box.h / 2;
            return;
        }
    *x = *y = -1;
}

/* Refines a mark centre on the full-resolution page: centroid of the ink in a window. */
static void refine_centre(PIX *grey, int thr, double *x, double *y, double side_px)
{
    int r = (int)(side_px * 0.9 + 2);
    int x0 = (int)(*x - r), y0 = (int)(*y - r);
    BOX *b = boxCreate(x0, y0, 2 * r, 2 * r);
    BOX *clipped = NULL;
    PIX *win = pixClipRectangle(grey, b, &clipped);
    boxDestroy(&b);
    if (!win) {
        boxDestroy(&clipped);
        return;
    }
    l_int32 cx0 = 0, cy0 = 0;
    boxGetGeometry(clipped, &cx0, &cy0, NULL, NULL);
    boxDestroy(&clipped);
    PIX *bin = pixThresholdToBinary(win, thr);
    pixDestroy(&win);
    if (!bin)
        return;
    /* the largest blob is the mark */
    PIXA *pixa = NULL;
    BOXA *boxa = pixConnComp(bin, &pixa, 8);
    pixDestroy(&bin);
    int best = -1;
    l_int32 bestn = 0;
    for (int i = 0; boxa && i < boxaGetCount(boxa); i++) {
        PIX *p = pixaGetPix(pixa, i, L_CLONE);
        l_int32 cnt = 0;
        pixCountPixels(p, &cnt, NULL);
        pixDestroy(&p);
        if (cnt > bestn) {
            bestn = cnt;
            best = i;
        }
    }
    if (best >= 0 && bestn > side_px * side_px * 0.3) {
        PIX *p = pixaGetPix(pixa, best, L_CLONE);
        l_int32 bx, by;
        boxaGetBoxGeometry(boxa, best, &bx, &by, NULL, NULL);
        l_float32 fx, fy;
        if (pixCentroid(p, NULL, NULL, &fx, &fy) == 0) {
            *x = cx0 + bx + fx + 0.5;
            *y = cy0 + by + fy + 0.5;
        }
        pixDestroy(&p);
    }
    boxaDestroy(&boxa);
    pixaDestroy(&pixa);
}

int dc_scan_register(dc_scan_registration *out, PIX *grey, const dc_template *t)
{
    double f = 1;
    PIX *red = scan_reduce(grey, DC_SCAN_SEARCH_DPI, &f);
    if (!red)
        return dc_error_set(DC_ERR_NOMEM, "reducing page");
    int rc = scan_register_reduced(out, grey, red, f, t);
    pixDestroy(&red);
    return rc;
}

int scan_register_reduced(dc_scan_registration *out, PIX *grey, PIX *red, double f, const dc_template *t)
{
    memset(out, 0, sizeof *out);
    double tl[2], tr[2], bl[2], br[2], om[2];
    mark_centre_mm(t, DC_MARK_TOP_LEFT, &tl[0], &tl[1]);
    mark_centre_mm(t, DC_MARK_TOP_RIGHT, &tr[0], &tr[1]);
    mark_centre_mm(t, DC_MARK_BOTTOM_LEFT, &bl[0], &bl[1]);
    mark_centre_mm(t, DC_MARK_BOTTOM_RIGHT, &br[0], &br[1]);
    mark_centre_mm(t, DC_MARK_ORIENTATION, &om[0], &om[1]);
    double side_mm = t->nmarks ? (t->marks[0].box.w + t->marks[0].box.h) / 2 : 5.0;
    double top_len = hypot(tr[0] - tl[0], tr[1] - tl[1]);
    if (top_len < 1)
        return dc_error_set(DC_ERR_TEMPLATE, "%s: no usable registration marks", t->path);

    int w = pixGetWidth(grey), h = pixGetHeight(grey);
    double dpi_guess = (w > h ? w : h) / (297.0 / 25.4);
    double ppmm_red = dpi_guess * f / 25.4;
    cand *c = NULL;
    int n = 0;
    const int thr = scan_ink_threshold(red);   /* 128, or higher on a page scanned light */
    int rc = find_candidates(&c, &n, red, thr, ppmm_red, side_mm);
    if (rc)
        return dc_error_set(rc, "finding registration marks");

    /* Try every candidate pair as (top-left, top-right); predict the other three marks with a
     * similarity transform and score by how close the nearest candidates are. */
    double best_score = 1e30;
    int bi[5] = {-1, -1, -1, -1, -1};
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            if (i == j)
                continue;
            double ex = c[j].x - c[i].x, ey = c[j].y - c[i].y;
            double len = hypot(ex, ey);
            double k = len / top_len; /* reduced px per mm */
            if (k < ppmm_red * 0.6 || k > ppmm_red * 1.6)
                continue;
            /* mark size must agree with the spacing */
            if (c[i].side < side_mm * k * MARK_SIZE_MIN || c[i].side > side_mm * k * MARK_SIZE_MAX)
                continue;
            double ux = ex / len, uy = ey / len; /* page x axis */
            double vx = -uy, vy = ux;            /* page y axis (no mirror) */
            double ang = atan2(uy, ux) * 180.0 / M_PI;
            double rot = round(ang / 90.0) * 90.0;
            if (fabs(ang - rot) > MAX_SKEW_DEG)
                continue;
            const double *want[3] = {om, bl, br};
            int pick[3];
            double score = 0;
            bool ok = true;
            for (int m = 0; m < 3 && ok; m++) {
                double dx = want[m][0] - tl[0], dy = want[m][1] - tl[1];
                double px = c[i].x + k * (dx * ux + dy * vx), py = c[i].y + k * (dx * uy + dy * vy);
                double dist_mm = hypot(dx, dy);
                double tol = k * fmax(3.0, 0.05 * dist_mm); /* mild perspective and anisotropic scale */
                int bj = -1;
                double bd = 1e30;
                for (int q = 0; q < n; q++) {
                    if (q == i || q == j)
                        continue;
                    double d = hypot(c[q].x - px, c[q].y - py);
                    if (d < bd) {
                        bd = d;
                        bj = q;
                    }
                }
                if (bj < 0 || bd > tol)
                    ok = false;
                else {
                    pick[m] = bj;
                    score += bd / tol;
                }
            }
            if (!ok || score >= best_score)
                continue;
            best_score = score;
            bi[0] = i;
            bi[1] = j;
            bi[2] = pick[1];
            bi[3] = pick[2];
            bi[4] = pick[0];
        }
    }
    if (bi[0] < 0) {
        free(c);
        return dc_error_set(DC_ERR_NOT_FORM, "no registration marks (%d mark-like blobs, no layout fits)", n);
    }
    double pts[5][2];
    for (int m = 0; m < 5; m++) {
        pts[m][0] = c[bi[m]].x / f;
        pts[m][1] = c[bi[m]].y / f;
        refine_centre(grey, thr, &pts[m][0], &pts[m][1], c[bi[m]].side / f);
    }
    free(c);

    const double src[4][2] = {{tl[0], tl[1]}, {tr[0], tr[1]}, {bl[0], bl[1]}, {br[0], br[1]}};
    const double dst[4][2] = {{pts[0][0], pts[0][1]}, {pts[1][0], pts[1][1]}, {pts[2][0], pts[2][1]},
                              {pts[3][0], pts[3][1]}};
    if (homography_solve(out->h, src, dst) != 0)
        return dc_error_set(DC_ERR_NOT_FORM, "registration marks are degenerate");
    memcpy(out->marks_px, pts, sizeof pts);
    double ex = pts[1][0] - pts[0][0], ey = pts[1][1] - pts[0][1];
    double ang = atan2(ey, ex) * 180.0 / M_PI;
    double rot = round(ang / 90.0) * 90.0;
    out->skew_deg = ang - rot;
    int r = (int)rot;
    out->rotation = ((r % 360) + 360) % 360;
    out->dpi = hypot(ex, ey) / top_len * 25.4;
    return 0;
}
