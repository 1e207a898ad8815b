/* icr_strokes: pen-trajectory digits (the shapes people write but fonts lack), drawn as pseudo-fonts. */
#include "icr_gen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A stroke is a list of (x, y) points in a box 0.6 wide and 1 high (y down), drawn as a
 * Catmull-Rom spline through them; a variant is up to 3 strokes. Points end with -1. */
#define END -1.0f
typedef struct variant { float s[3][30]; } variant;

static const variant V0[] = {
    { { { .30f, .00f, .55f, .18f, .60f, .50f, .50f, .85f, .30f, 1.0f, .08f, .85f, .00f, .50f, .06f, .16f, .30f, .00f, .42f, .05f, END } } },
    { { { .35f, .02f, .12f, .20f, .03f, .55f, .15f, .92f, .35f, 1.0f, .55f, .75f, .58f, .35f, .45f, .05f, .25f, .03f, END } } },
    /* round 2: more written shapes */
    { { { .40f, .04f, .10f, .15f, .02f, .50f, .12f, .88f, .32f, 1.0f, .52f, .85f, .58f, .45f, .48f, .12f, .32f, .02f, END } } },
    { { { .45f, .00f, .20f, .10f, .05f, .50f, .12f, .95f, .30f, 1.0f, .50f, .60f, .55f, .20f, .45f, .00f, END } } },
};
static const variant V1[] = {
    { { { .30f, .00f, .30f, 1.0f, END } } },
    { { { .08f, .25f, .35f, .00f, .34f, 1.0f, END } } },
    { { { .08f, .22f, .35f, .00f, .35f, 1.0f, END }, { .08f, 1.0f, .60f, 1.0f, END } } },
    { { { .45f, .00f, .15f, 1.0f, END } } },
    /* round 2: more written shapes */
    { { { .20f, .12f, .42f, .00f, .30f, .50f, .18f, 1.0f, END } } },
};
static const variant V2[] = {
    { { { .04f, .22f, .30f, .00f, .56f, .16f, .48f, .45f, .00f, 1.0f, .60f, 1.0f, END } } },
    /* the looped 2: the diagonal curls into a small loop before the base */
    { { { .04f, .22f, .30f, .00f, .56f, .18f, .45f, .50f, .12f, .85f, .04f, .98f, .18f, 1.0f, .26f, .88f,
          .16f, .84f, .22f, .97f, .60f, .96f, END } } },
    { { { .04f, .12f, .40f, .00f, .52f, .25f, .05f, 1.0f, .60f, .94f, END } } },
    { { { .06f, .30f, .20f, .04f, .45f, .02f, .55f, .25f, .30f, .60f, .02f, .95f, .30f, .90f, .60f, 1.0f, END } } },
    /* big bottom loops, as many people write them */
    { { { .04f, .25f, .28f, .00f, .52f, .10f, .50f, .38f, .15f, .75f, .04f, .93f, .16f, 1.0f, .34f, .86f,
          .26f, .68f, .12f, .80f, .30f, .96f, .60f, .97f, END } } },
    { { { .08f, .18f, .32f, .00f, .55f, .20f, .40f, .52f, .10f, .86f, .10f, 1.0f, .30f, .94f, .36f, .76f,
          .18f, .74f, .18f, .92f, .45f, 1.0f, .62f, .90f, END } } },
    /* round 2: more written shapes */
    { { { .02f, .05f, .55f, .03f, .50f, .15f, .02f, 1.0f, .60f, 1.0f, END } } },
    { { { .10f, .20f, .05f, .10f, .25f, .00f, .50f, .08f, .52f, .30f, .30f, .60f, .02f, 1.0f, .30f, .98f, .60f, 1.0f, END } } },
};
static const variant V3[] = {
    { { { .05f, .12f, .35f, .00f, .55f, .20f, .25f, .47f, .58f, .70f, .35f, .98f, .02f, .85f, END } } },
    { { { .05f, .00f, .55f, .00f, .25f, .40f, .58f, .68f, .35f, .98f, .02f, .86f, END } } },
    { { { .08f, .15f, .30f, .00f, .52f, .15f, .42f, .40f, .18f, .48f, .45f, .55f, .58f, .78f, .30f, 1.0f, .04f, .90f, END } } },
    /* round 2: more written shapes */
    { { { .05f, .10f, .30f, .00f, .55f, .15f, .45f, .40f, .20f, .47f, .35f, .50f, .58f, .72f, .40f, .97f, .10f, .95f, .00f, .85f, END } } },
};
static const variant V4[] = {
    { { { .12f, .00f, .00f, .62f, .60f, .62f, END }, { .45f, .28f, .45f, 1.0f, END } } },
    { { { .45f, 1.0f, .45f, .00f, .00f, .66f, .60f, .66f, END } } },
    { { { .05f, .00f, .05f, .55f, .58f, .55f, END }, { .50f, .00f, .50f, 1.0f, END } } },
    { { { .15f, .00f, .02f, .50f, .45f, .52f, END }, { .52f, .05f, .45f, 1.0f, END } } },
    /* round 2: more written shapes */
    { { { .40f, .00f, .00f, .65f, .60f, .65f, END }, { .42f, .00f, .42f, 1.0f, END } } },
};
static const variant V5[] = {
    { { { .55f, .00f, .10f, .00f, .05f, .42f, .40f, .38f, .60f, .65f, .40f, .97f, .00f, .88f, END } } },
    { { { .10f, .00f, .05f, .42f, .40f, .36f, .60f, .64f, .40f, .97f, .00f, .90f, END }, { .10f, .00f, .58f, .00f, END } } },
    { { { .14f, .02f, .04f, .45f, .30f, .40f, .55f, .60f, .50f, .90f, .20f, 1.0f, .02f, .92f, END }, { .14f, .02f, .60f, .04f, END } } },
    /* round 2: more written shapes */
    { { { .58f, .02f, .12f, .02f, .08f, .40f, .30f, .35f, .55f, .55f, .50f, .88f, .25f, 1.0f, .02f, .88f, END } } },
};
static const variant V6[] = {
    { { { .50f, .00f, .15f, .30f, .00f, .70f, .25f, 1.0f, .55f, .80f, .40f, .55f, .10f, .60f, .02f, .72f, END } } },
    { { { .45f, .00f, .10f, .45f, .05f, .80f, .30f, 1.0f, .55f, .78f, .35f, .55f, .05f, .70f, END } } },
    /* round 2: more written shapes */
    { { { .45f, .00f, .15f, .40f, .05f, .75f, .20f, 1.0f, .45f, .90f, .50f, .70f, .30f, .58f, .10f, .68f, END } } },
    { { { .55f, .05f, .25f, .10f, .05f, .45f, .08f, .85f, .30f, 1.0f, .55f, .85f, .50f, .62f, .28f, .58f, END } } },
};
static const variant V7[] = {
    { { { .00f, .00f, .60f, .00f, .20f, 1.0f, END } } },
    { { { .00f, .00f, .60f, .00f, .25f, 1.0f, END }, { .12f, .50f, .52f, .50f, END } } },
    { { { .00f, .16f, .05f, .00f, .60f, .02f, .30f, .60f, .25f, 1.0f, END } } },
    { { { .02f, .05f, .58f, .00f, .45f, .35f, .35f, 1.0f, END } } },
    /* curved stem */
    { { { .00f, .06f, .60f, .00f, .45f, .30f, .32f, .65f, .30f, 1.0f, END } } },
    /* round 2: more written shapes */
    { { { .00f, .02f, .60f, .02f, .05f, 1.0f, END } } },
};
static const variant V8[] = {
    { { { .50f, .10f, .30f, .00f, .08f, .15f, .20f, .38f, .50f, .60f, .58f, .85f, .30f, 1.0f, .02f, .85f,
          .10f, .60f, .40f, .40f, .55f, .20f, .50f, .10f, END } } },
    { { { .30f, .00f, .52f, .12f, .30f, .42f, .08f, .12f, .30f, .00f, END },
        { .30f, .42f, .60f, .70f, .30f, 1.0f, .00f, .70f, .30f, .42f, END } } },
    /* round 2: more written shapes */
    { { { .30f, .45f, .05f, .25f, .20f, .00f, .45f, .05f, .50f, .25f, .30f, .45f, .05f, .70f, .20f, 1.0f, .50f, .95f, .55f, .70f, .30f, .45f, END } } },
};
static const variant V9[] = {
    { { { .55f, .20f, .30f, .00f, .05f, .15f, .10f, .42f, .40f, .45f, .55f, .20f, .55f, .60f, .50f, 1.0f, END } } },
    { { { .55f, .25f, .30f, .00f, .05f, .20f, .15f, .45f, .45f, .40f, .55f, .25f, END }, { .55f, .12f, .55f, 1.0f, END } } },
    { { { .55f, .20f, .30f, .00f, .05f, .15f, .10f, .42f, .40f, .45f, .55f, .20f, .50f, .70f, .20f, 1.0f, END } } },
    /* round 2: more written shapes */
    { { { .55f, .15f, .35f, .00f, .08f, .10f, .05f, .35f, .30f, .45f, .55f, .30f, .58f, .05f, .55f, .55f, .45f, .90f, .20f, 1.0f, .05f, .90f, END } } },
};

/* n = all variants; n_round1 = the first n_round1 ones, the shapes of the round-1 model
 * (the later ones were added in round 2; see icr_stroke_font's `styles`) */
typedef struct family { const variant *v; int n, n_round1; } family;
#define FAM(a, r1) { a, (int)(sizeof a / sizeof *a), r1 }
static const family DIGITS[10] = { FAM(V0, 2), FAM(V1, 4), FAM(V2, 6), FAM(V3, 3), FAM(V4, 4),
                                   FAM(V5, 3), FAM(V6, 2), FAM(V7, 5), FAM(V8, 2), FAM(V9, 3) };

static void stamp_segment(float *cov, int w, int h, double x0, double y0, double x1, double y1, double rad)
{
    int bx0 = (int)floor((x0 < x1 ? x0 : x1) - rad - 1), bx1 = (int)ceil((x0 > x1 ? x0 : x1) + rad + 1);
    int by0 = (int)floor((y0 < y1 ? y0 : y1) - rad - 1), by1 = (int)ceil((y0 > y1 ? y0 : y1) + rad + 1);
    double dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy;
    for (int y = by0 < 0 ? 0 : by0; y <= by1 && y < h; y++)
        for (int x = bx0 < 0 ? 0 : bx0; x <= bx1 && x < w; x++) {
            double px = x + 0.5 - x0, py = y + 0.5 - y0;
            double t = len2 > 0 ? (px * dx + py * dy) / len2 : 0;
            if (t < 0) t = 0;
            if (t > 1) t = 1;
            double ex = px - t * dx, ey = py - t * dy;
            double c = rad + 0.5 - sqrt(ex * ex + ey * ey);
            if (c > 1) c = 1;
            if (c > cov[y * w + x])
                cov[y * w + x] = (float)c;
        }
}

/* Draws one jittered variant with a round pen into a fresh glyph ~px high. */
static int draw_variant(icr_glyph *g, const variant *v, icr_rng *r, int px)
{
    const double pad = 12;
    const double rad = px * icr_rng_range(r, 0.025, 0.07);
    const double jit = icr_rng_range(r, 0.01, 0.045);
    const int w = (int)(0.6 * px + 2 * pad + 2 * rad), h = (int)(px + 2 * pad + 2 * rad);
    g->w = w;
    g->h = h;
    g->cov = calloc((size_t)w * h, sizeof(float));
    if (!g->cov)
        return -1;
    for (int s = 0; s < 3; s++) {
        const float *p = v->s[s];
        if (p[0] == 0.0f && p[1] == 0.0f && p[2] == 0.0f && p[3] == 0.0f)
            continue;   /* unused stroke slot (zero-initialised) */
        int n = 0;
        while (n < 14 && p[2 * n] != END)
            n++;
        if (n < 2)
            continue;
        double X[16], Y[16];
        for (int i = 0; i < n; i++) {
            X[i + 1] = pad + rad + (p[2 * i] + icr_rng_gauss(r) * jit) * px;
            Y[i + 1] = pad + rad + (p[2 * i + 1] + icr_rng_gauss(r) * jit) * px;
        }
        X[0] = 2 * X[1] - X[2]; Y[0] = 2 * Y[1] - Y[2];
        X[n + 1] = 2 * X[n] - X[n - 1]; Y[n + 1] = 2 * Y[n] - Y[n - 1];
        double lx = X[1], ly = Y[1];
        for (int i = 1; i < n; i++) {
            for (int k = 1; k <= 12; k++) {
                double t = k / 12.0, t2 = t * t, t3 = t2 * t;
                double cx = 0.5 * (2 * X[i] + (-X[i - 1] + X[i + 1]) * t +
                                   (2 * X[i - 1] - 5 * X[i] + 4 * X[i + 1] - X[i + 2]) * t2 +
                                   (-X[i - 1] + 3 * X[i] - 3 * X[i + 1] + X[i + 2]) * t3);
                double cy = 0.5 * (2 * Y[i] + (-Y[i - 1] + Y[i + 1]) * t +
                                   (2 * Y[i - 1] - 5 * Y[i] + 4 * Y[i + 1] - Y[i + 2]) * t2 +
                                   (-Y[i - 1] + 3 * Y[i] - 3 * Y[i + 1] + Y[i + 2]) * t3);
                stamp_segment(g->cov, w, h, lx, ly, cx, cy, rad);
                lx = cx;
                ly = cy;
            }
        }
    }
    /* crop to the ink like a font glyph */
    int x0 = w, y0 = h, x1 = -1, y1 = -1;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if (g->cov[y * w + x] > 0.15f) {
                if (x < x0) x0 = x;
                if (x > x1) x1 = x;
                if (y < y0) y0 = y;
                if (y > y1) y1 = y;
            }
    if (x1 < 0)
        return -1;
    int cw = x1 - x0 + 1, ch = y1 - y0 + 1;
    float *c = malloc(sizeof(float) * cw * ch);
    if (!c)
        return -1;
    for (int y = 0; y < ch; y++)
        memcpy(c + y * cw, g->cov + (y + y0) * w + x0, sizeof(float) * cw);
    free(g->cov);
    g->cov = c;
    g->w = cw;
    g->h = ch;
    return 0;
}

int icr_stroke_glyph(icr_glyph *g, icr_rng *r, int digit, int px, int styles)
{
    const family *fam = &DIGITS[digit];
    const int n = styles >= 2 ? fam->n : fam->n_round1;
    memset(g, 0, sizeof *g);
    if (draw_variant(g, &fam->v[icr_rng_int(r, n)], r, px) != 0) {
        free(g->cov);
        g->cov = NULL;
        return -1;
    }
    return 0;
}

int icr_stroke_font(icr_font *f, icr_rng *r, int index, int px, int styles)
{
    memset(f, 0, sizeof *f);
    snprintf(f->name, sizeof f->name, "strokes-%d", index);
    snprintf(f->path, sizeof f->path, "(pen trajectories)");
    f->handwriting = 1;
    for (int d = 0; d < 10; d++) {
        const family *fam = &DIGITS[d];
        const int n = styles >= 2 ? fam->n : fam->n_round1;
        if (draw_variant(&f->digit[d], &fam->v[icr_rng_int(r, n)], r, px) != 0) {
            icr_font_free(f);
            return -1;
        }
    }
    return 0;
}
