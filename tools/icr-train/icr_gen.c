/* icr_gen: synthetic comb cells (font digits with pen and scanner damage) for training the ICR. */
#include "icr_gen.h"
#include "icr_realcells.h"
#include "dc_util.h"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* ---- deterministic RNG (splitmix64) ---- */

void icr_rng_seed(icr_rng *r, uint64_t seed)
{
    r->s = seed * 0x9E3779B97F4A7C15ull + 0x1234567ull;
}

uint64_t icr_rng_next(icr_rng *r)
{
    return dc_splitmix64(&r->s);
}

double icr_rng_uniform(icr_rng *r)
{
    return (double)(icr_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

double icr_rng_range(icr_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * icr_rng_uniform(r);
}

int icr_rng_int(icr_rng *r, int n)
{
    return (int)(icr_rng_uniform(r) * n);
}

double icr_rng_gauss(icr_rng *r)
{
    double u = icr_rng_uniform(r), v = icr_rng_uniform(r);
    if (u < 1e-12)
        u = 1e-12;
    return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

/* ---- fonts ---- */

int icr_font_load(icr_font *f, const char *path, int handwriting, int px)
{
    return icr_font_load_alphabet(f, path, handwriting, px, ICR_DIGITS_ALPHABET);
}

int icr_font_load_alphabet(icr_font *f, const char *path, int handwriting, int px, const char *alphabet)
{
    memset(f, 0, sizeof *f);
    snprintf(f->path, sizeof f->path, "%s", path);
    const char *slash = strrchr(path, '/');
    snprintf(f->name, sizeof f->name, "%s", slash ? slash + 1 : path);
    f->handwriting = handwriting;
    FT_Library lib;
    FT_Face face;
    if (FT_Init_FreeType(&lib))
        return -1;
    if (FT_New_Face(lib, path, 0, &face)) {
        FT_Done_FreeType(lib);
        return -1;
    }
    int rc = 0;
    FT_Set_Pixel_Sizes(face, 0, (FT_UInt)px);
    const int n = (int)strlen(alphabet);
    if (n < 1 || n > ICR_MAX_GLYPHS)
        rc = -1;
    f->n_glyphs = rc == 0 ? n : 0;
    for (int d = 0; d < n && rc == 0; d++) {
        FT_UInt gi = FT_Get_Char_Index(face, (FT_ULong)(unsigned char)alphabet[d]);
        if (gi == 0 || FT_Load_Glyph(face, gi, FT_LOAD_DEFAULT) ||
            FT_Render_Glyph(face->glyph, FT_RENDER_MODE_NORMAL)) {
            rc = -1;
            break;
        }
        FT_Bitmap *b = &face->glyph->bitmap;
        if (b->pixel_mode != FT_PIXEL_MODE_GRAY || b->width < 2 || b->rows < 4) {
            rc = -1;
            break;
        }
        /* crop to the ink */
        int x0 = (int)b->width, y0 = (int)b->rows, x1 = -1, y1 = -1;
        for (int y = 0; y < (int)b->rows; y++)
            for (int x = 0; x < (int)b->width; x++)
                if (b->buffer[y * b->pitch + x] > 40) {
                    if (x < x0) x0 = x;
                    if (x > x1) x1 = x;
                    if (y < y0) y0 = y;
                    if (y > y1) y1 = y;
                }
        if (x1 < 0) {
            rc = -1;
            break;
        }
        icr_glyph *g = &f->glyph[d];
        g->w = x1 - x0 + 1;
        g->h = y1 - y0 + 1;
        g->cov = malloc(sizeof(float) * g->w * g->h);
        if (!g->cov) {
            rc = -1;
            break;
        }
        for (int y = 0; y < g->h; y++)
            for (int x = 0; x < g->w; x++)
                g->cov[y * g->w + x] = b->buffer[(y + y0) * b->pitch + (x + x0)] / 255.0f;
    }
    FT_Done_Face(face);
    FT_Done_FreeType(lib);
    if (rc != 0)
        icr_font_free(f);
    return rc;
}

void icr_font_free(icr_font *f)
{
    for (int d = 0; d < ICR_MAX_GLYPHS; d++) {
        free(f->glyph[d].cov);
        f->glyph[d].cov = NULL;
    }
}

/* ---- augmentation ---- */

/* Grey-level max (dilate) or min (erode) 3x3 filter, `times` times, on a padded copy. */
static float *morph(const float *src, int w, int h, int pad, int times, int dilate, int *ow, int *oh)
{
    int W = w + 2 * pad, H = h + 2 * pad;
    float *a = calloc((size_t)W * H, sizeof(float));
    float *b = calloc((size_t)W * H, sizeof(float));
    if (!a || !b) {
        free(a);
        free(b);
        return NULL;
    }
    for (int y = 0; y < h; y++)
        memcpy(a + (size_t)(y + pad) * W + pad, src + (size_t)y * w, sizeof(float) * w);
    for (int t = 0; t < times; t++) {
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                float m = a[(size_t)y * W + x];
                for (int dy = -1; dy <= 1; dy++) {
                    int yy = y + dy;
                    if (yy < 0 || yy >= H)
                        continue;
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx;
                        if (xx < 0 || xx >= W)
                            continue;
                        float v = a[(size_t)yy * W + xx];
                        if (dilate ? v > m : v < m)
                            m = v;
                    }
                }
                b[(size_t)y * W + x] = m;
            }
        float *tmp = a; a = b; b = tmp;
    }
    free(b);
    *ow = W;
    *oh = H;
    return a;
}

static float bilinear(const float *img, int w, int h, double x, double y)
{
    if (x < 0 || y < 0 || x > w - 1 || y > h - 1)
        return 0.0f;
    int x0 = (int)x, y0 = (int)y;
    int x1 = x0 + 1 < w ? x0 + 1 : x0, y1 = y0 + 1 < h ? y0 + 1 : y0;
    double fx = x - x0, fy = y - y0;
    double a = img[y0 * w + x0] * (1 - fx) + img[y0 * w + x1] * fx;
    double b = img[y1 * w + x0] * (1 - fx) + img[y1 * w + x1] * fx;
    return (float)(a * (1 - fy) + b * fy);
}

/* Darkness canvas (0 paper .. 1 full ink) -> darkness of printed lines etc. */
static void draw_rect(float *cv, int w, int h, int x0, int y0, int x1, int y1, float v)
{
    if (x0 < 0) x0 = 0;
    if (y0 < 0) y0 = 0;
    if (x1 > w - 1) x1 = w - 1;
    if (y1 > h - 1) y1 = h - 1;
    for (int y = y0; y <= y1; y++)
        for (int x = x0; x <= x1; x++)
            if (cv[y * w + x] < v)
                cv[y * w + x] = v;
}

/* Partial printed cell border at the edges, as a crop of the inner area shows it. */
static void draw_borders(icr_rng *r, float *border, int w, int h, double dpi, double strength)
{
    int thick_max = (int)(dpi / 150.0 + 0.5);
    if (thick_max < 1)
        thick_max = 1;
    for (int side = 0; side < 4; side++) {
        if (icr_rng_uniform(r) > 0.45 * strength)
            continue;
        int t = 1 + icr_rng_int(r, thick_max);
        int off = icr_rng_int(r, 3) == 0 ? icr_rng_int(r, 3) : 0;
        float v = (float)icr_rng_range(r, 0.2, 0.6);
        int len = side < 2 ? w : h;
        double frac = icr_rng_uniform(r) < 0.5 ? 1.0 : icr_rng_range(r, 0.2, 1.0);
        int a = icr_rng_int(r, (int)(len * (1.0 - frac)) + 1);
        int b = a + (int)(len * frac) - 1;
        switch (side) {
        case 0: draw_rect(border, w, h, a, off, b, off + t - 1, v); break;
        case 1: draw_rect(border, w, h, a, h - off - t, b, h - 1 - off, v); break;
        case 2: draw_rect(border, w, h, off, a, off + t - 1, b, v); break;
        default: draw_rect(border, w, h, w - off - t, a, w - 1 - off, b, v); break;
        }
    }
}

int icr_gen_cell(icr_rng *r, const icr_font *f, int glyph, const icr_aug *aug, icr_cell *c)
{
    /* cell geometry: ~5 x 6 mm at 150-600 dpi (or up to dpi_max) */
    const double dpi_max = aug->dpi_max > 0 ? aug->dpi_max : 600.0;
    double dpi = aug->dpi > 0 ? aug->dpi : exp(icr_rng_range(r, log(150.0), log(dpi_max)));
    double mm = dpi / 25.4;
    int w = (int)(5.0 * mm * icr_rng_range(r, 0.85, 1.1));
    int h = (int)(6.0 * mm * icr_rng_range(r, 0.85, 1.1));
    if (w < 8) w = 8;
    if (h < 8) h = 8;
    uint8_t *px = realloc(c->px, (size_t)w * h);
    if (!px)
        return -1;
    c->px = px;
    c->w = w;
    c->h = h;
    float *ink = calloc((size_t)w * h, sizeof(float));
    float *border = calloc((size_t)w * h, sizeof(float));
    if (!ink || !border) {
        free(ink);
        free(border);
        return -1;
    }

    const int drawn = f && glyph >= 0 && glyph < f->n_glyphs;
    if (drawn) {
        const icr_glyph *g = &f->glyph[glyph];
        /* pen: thicker or thinner strokes than the font's */
        int pad = 6;
        int rad = 0;
        if (aug->pen > 0) {
            double u = icr_rng_uniform(r);
            if (u < 0.30)
                rad = 0;
            else if (u < 0.45)
                rad = -1 - icr_rng_int(r, 2);
            else
                rad = 1 + icr_rng_int(r, 4);
        }
        int gw, gh;
        float *gl = morph(g->cov, g->w, g->h, pad, rad < 0 ? -rad : rad, rad > 0, &gw, &gh);
        if (!gl) {
            free(ink);
            free(border);
            return -1;
        }
        /* geometry: the glyph's ink box (g->h high) maps to a digit of height dh pixels */
        double dh = h * icr_rng_range(r, 0.45, 0.88);
        double gs = aug->geometry;
        double rot = icr_rng_gauss(r) * 0.09 * gs;             /* ~5 deg sd */
        double shear = icr_rng_range(r, -0.15, 0.40) * gs;    /* mostly right-leaning slant */
        double sx = exp(icr_rng_gauss(r) * 0.15 * gs);        /* narrower or wider */
        double scale = dh / g->h;
        double ddw = g->w * scale * sx;
        /* size limits: the digit must fit the cell width mostly */
        if (ddw > w * 0.95) {
            double k = w * 0.95 / ddw;
            scale *= k;
            ddw *= k;
            dh *= k;
        }
        /* position jitter, mostly keeping the digit inside the cell (a pen may touch the border) */
        double cx = w / 2.0 + icr_rng_gauss(r) * 0.06 * w;
        double cy = h / 2.0 + icr_rng_gauss(r) * 0.05 * h;
        double slack_x = (w - ddw) / 2.0 + 0.03 * w, slack_y = (h - dh) / 2.0 + 0.03 * h;
        if (cx < w / 2.0 - slack_x) cx = w / 2.0 - slack_x;
        if (cx > w / 2.0 + slack_x) cx = w / 2.0 + slack_x;
        if (cy < h / 2.0 - slack_y) cy = h / 2.0 - slack_y;
        if (cy > h / 2.0 + slack_y) cy = h / 2.0 + slack_y;
        /* forward map from glyph-centred unit coords: p' = R * Shear * S * p; invert it */
        double cr = cos(rot), sr = sin(rot);
        /* M = R * [[1, -shear],[0,1]] * diag(scale*sx, scale) */
        double m00 = cr * scale * sx, m01 = (cr * -shear - sr) * scale;
        double m10 = sr * scale * sx, m11 = (sr * -shear + cr) * scale;
        double det = m00 * m11 - m01 * m10;
        double i00 = m11 / det, i01 = -m01 / det, i10 = -m10 / det, i11 = m00 / det;
        /* elastic: a 4x4 grid of random displacements (in destination pixels), bilinear */
        double el[5][5][2];
        double amp = dh * icr_rng_range(r, 0.0, 0.07) * gs;
        for (int a = 0; a < 5; a++)
            for (int b = 0; b < 5; b++) {
                el[a][b][0] = icr_rng_gauss(r) * amp;
                el[a][b][1] = icr_rng_gauss(r) * amp;
            }
        double ext = (dh > ddw ? dh : ddw) * 0.75;
        double gcx = gw / 2.0, gcy = gh / 2.0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double u = x + 0.5 - cx, v = y + 0.5 - cy;
                if (fabs(u) > ext * 1.3 || fabs(v) > ext * 1.3)
                    continue;
                double gx = (u / ext + 1) * 2.0, gy = (v / ext + 1) * 2.0;
                if (gx >= 0 && gy >= 0 && gx < 4 && gy < 4) {
                    int ax = (int)gx, ay = (int)gy;
                    double fx = gx - ax, fy = gy - ay;
                    for (int k = 0; k < 2; k++) {
                        double d = el[ay][ax][k] * (1 - fx) * (1 - fy) + el[ay][ax + 1][k] * fx * (1 - fy) +
                                   el[ay + 1][ax][k] * (1 - fx) * fy + el[ay + 1][ax + 1][k] * fx * fy;
                        if (k == 0) u += d; else v += d;
                    }
                }
                double px_ = i00 * u + i01 * v + gcx - 0.5, py_ = i10 * u + i11 * v + gcy - 0.5;
                ink[y * w + x] = bilinear(gl, gw, gh, px_, py_);
            }
        }
        free(gl);
        /* broken strokes: a few thin gaps across the digit */
        if (aug->pen > 0 && icr_rng_uniform(r) < 0.2 * aug->pen) {
            int gaps = 1 + icr_rng_int(r, 2);
            for (int k = 0; k < gaps; k++) {
                double ang = icr_rng_range(r, 0, M_PI);
                double px0 = cx + icr_rng_gauss(r) * ddw * 0.3, py0 = cy + icr_rng_gauss(r) * dh * 0.3;
                double half = icr_rng_range(r, 0.5, 1.2) * (dpi / 300.0) + 0.3;
                double nx = -sin(ang), ny = cos(ang);
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++) {
                        double dist = fabs((x - px0) * nx + (y - py0) * ny);
                        double along = fabs((x - px0) * ny - (y - py0) * nx);
                        if (dist < half && along < dh * 0.15)
                            ink[y * w + x] = 0.0f;
                    }
            }
        }
    }

    /* scanner and paper */
    double sc = aug->scanner;
    draw_borders(r, border, w, h, dpi, !drawn ? 1.6 : sc);
    if (!drawn) {
        /* empty cells also get specks, dust and an occasional faint smudge */
        int specks = icr_rng_int(r, 8);
        for (int k = 0; k < specks; k++) {
            int sx0 = icr_rng_int(r, w), sy0 = icr_rng_int(r, h);
            int sz = 1 + icr_rng_int(r, 1 + (int)(dpi / 200.0));
            draw_rect(ink, w, h, sx0, sy0, sx0 + sz - 1, sy0 + sz - 1, (float)icr_rng_range(r, 0.4, 1.0));
        }
        if (icr_rng_uniform(r) < 0.15) {
            int sx0 = icr_rng_int(r, w), sy0 = icr_rng_int(r, h);
            int sz = 2 + icr_rng_int(r, (int)(0.12 * h) + 1);
            /* drawn one by one, not as arguments (whose order C leaves open): GCC's order */
            const float dark = (float)icr_rng_range(r, 0.3, 0.8);
            const int th = icr_rng_int(r, 3);
            draw_rect(ink, w, h, sx0, sy0, sx0 + sz - 1, sy0 + th, dark);
        }
    }
    float paper = (float)icr_rng_range(r, 205, 255);
    float pen = (float)icr_rng_range(r, 0, 120);
    if (sc > 0 && icr_rng_uniform(r) < 0.5 * sc)
        icr_blur3(ink, w, h, icr_rng_range(r, 0.4, 1.0) * dpi / 300.0 + 0.2);
    double noise = sc > 0 ? icr_rng_range(r, 0, 10) * sc : 0;
    int salt = sc > 0 ? icr_rng_int(r, (int)(6 * sc) + 1) : 0;
    int binarize = sc > 0 && icr_rng_uniform(r) < (aug->binarize > 0 ? aug->binarize : 0.3) * sc;
    int bthr = icr_rng_int(r, 60) + 110;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            float a = ink[y * w + x];
            float b = border[y * w + x];
            double v = paper * (1 - a) + pen * a;
            v -= b * paper * 0.9 * (1 - a);
            v += icr_rng_gauss(r) * noise;
            if (binarize)
                v = v < bthr ? 0 : 255;
            px[y * w + x] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
        }
    for (int k = 0; k < salt; k++) {   /* value, row, column: the order GCC drew them in */
        const int v = icr_rng_int(r, 80);
        const int sy = icr_rng_int(r, h);
        const int sx = icr_rng_int(r, w);
        px[sy * w + sx] = (uint8_t)v;
    }
    free(ink);
    free(border);
    return 0;
}
