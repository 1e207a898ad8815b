/* sg_corpus: a day of filled form sets -> PDF -> pdftoppm -> scanner damage -> image files + truth JSON. */
#include "samplegen.h"
#include "sg_internal.h"
#include "sg_render.h"

#include "dc_error.h"
#include "dc_formprint.h"
#include "dc_template.h"
#include "dc_util.h"

#include <errno.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <fcntl.h>
#include <jansson.h>
#include <leptonica/allheaders.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

typedef enum out_format { FMT_PNG, FMT_JPEG, FMT_PNM, FMT_TIFF } out_format;

/* A named scanner condition; every random parameter is drawn per page within these limits. */
typedef struct condition {
    const char *name;
    int dpi;
    int quads;          /* clockwise quarter turns */
    double skew_max;    /* degrees, +/- */
    double scale_dev;   /* scale in [1-dev, 1+dev] */
    double noise;       /* Gaussian sigma in grey levels (plus specks) */
    int blur;           /* box blur half-width in pixels */
    out_format fmt;
    bool bitonal;
    int jpeg_lo, jpeg_hi;
    int stains;         /* light stains (blobs) and streaks drawn over the sheet before scanning */
    sg_hand_style hand; /* how the form is written (sg_render.h; all zero: a pen, ticks in boxes) */
} condition;

static const condition conditions[] = {
    {"clean300", 300, 0, 0.0, 0.0, 0, 0, FMT_PNG, false, 0, 0, 0, {0, 0, 0, 0, 0, 0, false}},
    {"skew", 300, 0, 5.0, 0.0, 0, 0, FMT_PNG, false, 0, 0, 0, {0, 0, 0, 0, 0, 0, false}},
    {"rot90", 300, 1, 1.5, 0.01, 0, 0, FMT_JPEG, false, 75, 90, 0, {0, 0, 0, 0, 0, 0, false}},
    {"rot180", 200, 2, 1.5, 0.01, 0, 0, FMT_PNM, true, 0, 0, 0, {0, 0, 0, 0, 0, 0, false}},
    {"rot270", 300, 3, 1.5, 0.01, 0, 0, FMT_TIFF, true, 0, 0, 0, {0, 0, 0, 0, 0, 0, false}},
    {"lowdpi150", 150, 0, 1.0, 0.01, 0, 0, FMT_PNG, false, 0, 0, 0, {0, 0, 0, 0, 0, 0, false}},
    {"hires600", 600, 0, 1.0, 0.01, 0, 0, FMT_JPEG, false, 50, 65, 0, {0, 0, 0, 0, 0, 0, false}},
    {"jpeg", 300, 0, 1.0, 0.0, 0, 0, FMT_JPEG, false, 40, 95, 0, {0, 0, 0, 0, 0, 0, false}},
    {"bitonal", 300, 0, 2.0, 0.01, 0, 0, FMT_TIFF, true, 0, 0, 0, {0, 0, 0, 0, 0, 0, false}},
    {"noise", 200, 0, 1.0, 0.0, 10, 0, FMT_JPEG, false, 70, 80, 0, {0, 0, 0, 0, 0, 0, false}},
    {"blur", 300, 0, 1.0, 0.0, 0, 1, FMT_JPEG, false, 70, 85, 0, {0, 0, 0, 0, 0, 0, false}},
    {"scale", 300, 0, 1.0, 0.04, 0, 0, FMT_JPEG, false, 70, 85, 0, {0, 0, 0, 0, 0, 0, false}},
};
#define NCONDITIONS (sizeof conditions / sizeof conditions[0])

/* Conditions made only on request (--damage NAME), never in the mixed cycle, so the mixed corpus
 * of every seed stays what it was before they existed. faint: the form filled in with pencil
 * (the writer's ink 0.45 times as dark: grey 110-130 on white), scanned like clean300. stain:
 * a pen-filled form with 20-24 light stains (ellipses of 2-8 mm radius, 20-40% darker, soft
 * edges) and 3-4 streaks (a fold or a scanner streak: a band across the sheet 0.4-1.2 mm wide,
 * 15-35% darker), scanned like clean300: what a faint-writing reader must not take for ink.
 * mixedink: the visitor's part in pen and the operator's part (access form part B) in pencil as
 * in faint, scanned like clean300: a page that is neither all pen nor all pencil. pencilmarks: the
 * writing in pen and every tick, cross and signature in pencil as in faint, scanned like clean300:
 * pencil inside parts of the form that are mostly pen. penciltext: the same with the text fields
 * (names, institutions, device rows) in pencil and everything else in pen. bigticks: a pen form
 * whose ticks are oversized, their long stroke running three box sizes out of the box and into
 * what is beside it (text, comb cells), scanned like clean300. marker: a pen form whose ticks and
 * crosses are made with a felt-tip marker (strokes four times as wide: 1.4-2.4 mm), scanned like
 * clean300. beside: a pen form whose ticks are made beside their boxes, 1.2 box widths to the left
 * or to the right (on the box's label), at random, scanned like clean300. pencilbeside: the same
 * with the ticks, crosses and signatures in pencil as in pencilmarks. spill: a pen form whose comb
 * characters are written large (0.78-0.95 of the cell height) and each field's writing moved up or
 * down as a whole by 0.15-0.30 of the cell height, so strokes cross the comb's lines, scanned like
 * clean300. unpadded: a pen form whose hours, days and months below 10 are written as one digit, in
 * the first or the second cell of their pair at random, scanned like clean300. offcomb: as spill,
 * but each field's writing moved up or down by 0.5-1 cell heights, so much of it, or all, lies
 * outside the cells. */
static const condition on_request[] = {
    {"faint", 300, 0, 0.0, 0.0, 0, 0, FMT_PNG, false, 0, 0, 0, {0.45, 0, 0, 0, 0, 0, false}},
    {"stain", 300, 0, 0.0, 0.0, 0, 0, FMT_PNG, false, 0, 0, 24, {0, 0, 0, 0, 0, 0, false}},
    {"mixedink", 300, 0, 0.0, 0.0, 0, 0, FMT_PNG, false, 0, 0, 0, {0.45, 2, 0, 0, 0, 0, false}},
    {"pencilmarks", 300, 0, 0.0, 0.0, 0, 0, FMT_PNG, false, 0, 0, 0, {0.45, SG_FADE_MARKS, 0, 0, 0, 0, false}},
    {"penciltext", 300, 0, 0.0, 0.0, 0, 0, FMT_PNG, false, 0, 0, 0, {0.45, SG_FADE_TEXT, 0, 0, 0, 0, false}},
    {"bigticks", 300, 0, 0.0, 0.0, 0, 0, FMT_PNG, false, 0, 0, 0, {0, 0, 3.0, 0, 0, 0, false}},
    {"marker", 300, 0, 0.0, 0.0, 0, 0, FMT_PNG, false, 0, 0, 0, {0, 0, 0, 4.0, 0, 0, false}},
    {"beside", 300, 0, 0.0, 0.0, 0, 0, FMT_PNG, false, 0, 0, 0, {0, 0, 0, 0, 1.2, 0, false}},
    {"pencilbeside", 300, 0, 0.0, 0.0, 0, 0, FMT_PNG, false, 0, 0, 0, {0.45, SG_FADE_MARKS, 0, 0, 1.2, 0, false}},
    {"spill", 300, 0, 0.0, 0.0, 0, 0, FMT_PNG, false, 0, 0, 0, {0, 0, 0, 0, 0, 0.30, false}},
    {"unpadded", 300, 0, 0.0, 0.0, 0, 0, FMT_PNG, false, 0, 0, 0, {0, 0, 0, 0, 0, 0, true}},
    {"offcomb", 300, 0, 0.0, 0.0, 0, 0, FMT_PNG, false, 0, 0, 0, {0, 0, 0, 0, 0, 1.0, false}},
};

const char *sg_condition_name(size_t i)
{
    const size_t n_request = sizeof on_request / sizeof on_request[0];
    return i < NCONDITIONS ? conditions[i].name : i < NCONDITIONS + n_request ? on_request[i - NCONDITIONS].name : NULL;
}

static const condition *condition_find(const char *name)
{
    for (size_t i = 0; i < NCONDITIONS; i++)
        if (strcmp(conditions[i].name, name) == 0)
            return &conditions[i];
    for (size_t i = 0; i < sizeof on_request / sizeof on_request[0]; i++)
        if (strcmp(on_request[i].name, name) == 0)
            return &on_request[i];
    return NULL;
}

static const char *format_ext(out_format f)
{
    switch (f) {
    case FMT_PNG: return "png";
    case FMT_JPEG: return "jpg";
    case FMT_PNM: return "pnm";
    case FMT_TIFF: return "tif";
    }
    return "png";
}

/* ---- fonts ---- */

typedef struct font_choice {
    const char *name;
    const char *path;
    bool hand;
} font_choice;

/* A fixed list: fonts that happen to be installed (Liberation, ...) must not change a seed's output. */
static const font_choice font_table[] = {
    {"DejaVuSans", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", false},
    {"DejaVuSansMono", "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", false},
    {"Breip", "/usr/share/fonts/truetype/breip/Breip.ttf", true},
    {"dkg", "/usr/share/fonts/truetype/fifthhorseman/dkg.ttf", true},
    {"Rufscript", "/usr/share/fonts/truetype/rufscript/Rufscript010.ttf", true},
    {"HumorSans", "/usr/share/fonts/truetype/humor-sans/Humor-Sans.ttf", true},
};
#define NFONTS (sizeof font_table / sizeof font_table[0])

typedef struct font_cache {
    bool available[NFONTS];
    HPDF_Font loaded[NFONTS];
    bool measured[NFONTS];
    sg_font_metrics metrics[NFONTS];
} font_cache;

/* libharu only knows the font's claimed cap height (handwriting fonts claim anything), so measure the
 * ink box of every ASCII glyph with FreeType to size and centre characters in their cells. */
static bool measure_font(sg_font_metrics *m, FT_Library ft, const char *path)
{
    FT_Face face = NULL;
    memset(m, 0, sizeof *m);
    if (FT_New_Face(ft, path, 0, &face) != 0)
        return false;
    bool ok = face->units_per_EM > 0;
    for (int c = 33; ok && c < 127; c++) {
        if (FT_Get_Char_Index(face, (FT_ULong)c) == 0 || FT_Load_Char(face, (FT_ULong)c, FT_LOAD_NO_SCALE) != 0)
            continue;
        const FT_Glyph_Metrics *gm = &face->glyph->metrics;
        double k = 1000.0 / face->units_per_EM;
        sg_glyph_box *g = &m->glyphs[c];
        g->x0 = (float)(gm->horiBearingX * k);
        g->x1 = (float)((gm->horiBearingX + gm->width) * k);
        g->y1 = (float)(gm->horiBearingY * k);
        g->y0 = (float)((gm->horiBearingY - gm->height) * k);
        g->ok = gm->width > 0 && gm->height > 0;
    }
    FT_Done_Face(face);
    return ok;
}

static void fonts_probe(font_cache *fc)
{
    FT_Library ft = NULL;
    bool have_ft = FT_Init_FreeType(&ft) == 0;
    for (size_t i = 0; i < NFONTS; i++) {
        fc->available[i] = access(font_table[i].path, R_OK) == 0;
        fc->loaded[i] = NULL;
        fc->measured[i] = fc->available[i] && have_ft && measure_font(&fc->metrics[i], ft, font_table[i].path);
    }
    if (have_ft)
        FT_Done_FreeType(ft);
}

/* Picks a font index of the wanted kind (falls back to the other kind if none is installed). */
static int font_pick(const font_cache *fc, sg_rng *rng, bool hand)
{
    int idx[NFONTS], n = 0;
    for (int pass = 0; pass < 2 && n == 0; pass++)
        for (size_t i = 0; i < NFONTS; i++)
            if (fc->available[i] && font_table[i].hand == (pass == 0 ? hand : !hand))
                idx[n++] = (int)i;
    return n ? idx[sg_rng_int(rng, 0, n - 1)] : -1;
}

static HPDF_Font font_get(font_cache *fc, HPDF_Doc doc, int i)
{
    if (!fc->loaded[i]) {
        const char *name = HPDF_LoadTTFontFromFile(doc, font_table[i].path, HPDF_TRUE);
        if (name)
            fc->loaded[i] = HPDF_GetFont(doc, name, "UTF-8");
    }
    return fc->loaded[i];
}

/* ---- page plan ---- */

typedef enum page_kind { KIND_FORM, KIND_BLANK, KIND_DUPLICATE, KIND_FOREIGN } page_kind;

static const char *kind_name(page_kind k)
{
    switch (k) {
    case KIND_FORM: return "form";
    case KIND_BLANK: return "blank";
    case KIND_DUPLICATE: return "duplicate";
    case KIND_FOREIGN: return "foreign";
    }
    return "form";
}

typedef struct plan_page {
    page_kind kind;
    int pdf_page;           /* 1-based page of the day's PDF; 0 for a blank */
    int record;             /* index into records; -1 for blank/foreign */
    int sheet_page;         /* 1 access, 2 checklist */
    const condition *cond;
    int font;               /* font_table index, -1 none */
    bool blue;
    sg_render_marks marks;
    /* filled while writing */
    int file_index;
    int page_in_file;
    int quads;
    double skew, scale;
    int jpeg_q;
} plan_page;

typedef struct day {
    const sg_options *opt;
    char date[11];
    char dir[1024];
    sg_rng rng;
    int nrec;
    sg_record *recs;
    const sg_record *pool; /* sg_options.visitors people, or NULL */
    plan_page *pages;
    int npages, cap;
    int form_pages;        /* pages of the form sets in the day's PDF (a lost page is not there) */
    int nfiles;
} day;

static plan_page *plan_add(day *d)
{
    if (d->npages == d->cap) {
        int nc = d->cap ? d->cap * 2 : 32;
        plan_page *np = realloc(d->pages, (size_t)nc * sizeof *np);
        if (!np)
            return NULL;
        d->pages = np;
        d->cap = nc;
    }
    plan_page *p = &d->pages[d->npages++];
    memset(p, 0, sizeof *p);
    p->font = -1;
    p->record = -1;
    return p;
}

/* ---- rasterising and damage ---- */

static int run_pdftoppm(const char *pdf, int page, int dpi, const char *prefix)
{
    char pg[16], res[16];
    snprintf(pg, sizeof pg, "%d", page);
    snprintf(res, sizeof res, "%d", dpi);
    pid_t pid = fork();
    if (pid < 0)
        return dc_error_set(DC_ERR_EXTERNAL, "pdftoppm: fork: %s", strerror(errno));
    if (pid == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0) {
            dup2(devnull, 1);
            dup2(devnull, 2);
        }
        execlp("pdftoppm", "pdftoppm", "-r", res, "-gray", "-f", pg, "-l", pg, "-singlefile", pdf, prefix, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return dc_error_set(DC_ERR_EXTERNAL, "pdftoppm: wait: %s", strerror(errno));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return dc_error_set(DC_ERR_EXTERNAL, "pdftoppm failed on %s page %d (exit %d; is poppler-utils installed?)",
                            pdf, page, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return DC_OK;
}

static int rasterise(PIX **out, const char *pdf, int page, int dpi, const char *workdir)
{
    char prefix[1200], pgm[1300];
    snprintf(prefix, sizeof prefix, "%s/raster", workdir);
    snprintf(pgm, sizeof pgm, "%s.pgm", prefix);
    int rc = run_pdftoppm(pdf, page, dpi, prefix);
    if (rc)
        return rc;
    PIX *pix = pixRead(pgm);
    unlink(pgm);
    if (!pix)
        return dc_error_set(DC_ERR_IMAGE, "%s: pdftoppm output of page %d unreadable", pdf, page);
    if (pixGetDepth(pix) != 8) {
        PIX *g = pixConvertTo8(pix, 0);
        pixDestroy(&pix);
        pix = g;
    }
    *out = pix;
    return DC_OK;
}

/* 4096 normal deviates, so per-pixel noise costs one table look-up. */
static void add_noise(PIX *pix, sg_rng *rng, double sigma, int specks)
{
    double table[4096];
    for (int i = 0; i < 4096; i++)
        table[i] = sg_rng_gauss(rng);
    int w = pixGetWidth(pix), h = pixGetHeight(pix), wpl = pixGetWpl(pix);
    l_uint32 *data = pixGetData(pix);
    uint64_t bits = 0;
    int left = 0;
    for (int y = 0; y < h; y++) {
        l_uint32 *line = data + (size_t)y * wpl;
        for (int x = 0; x < w; x++) {
            if (left == 0) {
                bits = sg_rng_next(rng);
                left = 5;
            }
            int idx = (int)(bits & 4095);
            bits >>= 12;
            left--;
            int v = GET_DATA_BYTE(line, x) + (int)lround(table[idx] * sigma);
            SET_DATA_BYTE(line, x, v < 0 ? 0 : v > 255 ? 255 : v);
        }
    }
    for (int s = 0; s < specks; s++) {
        int x0 = sg_rng_int(rng, 0, w - 3), y0 = sg_rng_int(rng, 0, h - 3), sz = sg_rng_int(rng, 1, 2);
        int v = sg_rng_int(rng, 40, 140);
        for (int y = y0; y < y0 + sz; y++)
            for (int x = x0; x < x0 + sz; x++)
                SET_DATA_BYTE(data + (size_t)y * wpl, x, v);
    }
}

/* Darkens pix (8 bpp, `dpi`) in place by `a` (0..1) inside an ellipse, fading to nothing over the outer
 * fifth of its radii. */
static void darken_ellipse(PIX *pix, double dpi, double cx, double cy, double rx, double ry, double a)
{
    const double s = dpi / 25.4;
    int w = pixGetWidth(pix), h = pixGetHeight(pix);
    int x0 = (int)((cx - rx) * s), x1 = (int)((cx + rx) * s) + 1, y0 = (int)((cy - ry) * s), y1 = (int)((cy + ry) * s) + 1;
    for (int y = y0 < 0 ? 0 : y0; y < (y1 > h ? h : y1); y++)
        for (int x = x0 < 0 ? 0 : x0; x < (x1 > w ? w : x1); x++) {
            double dx = (x / s - cx) / rx, dy = (y / s - cy) / ry, d = sqrt(dx * dx + dy * dy);
            if (d >= 1)
                continue;
            double k = d < 0.8 ? a : a * (1 - d) / 0.2;
            l_uint32 v;
            pixGetPixel(pix, x, y, &v);
            pixSetPixel(pix, x, y, (l_uint32)lround(v * (1 - k)));
        }
}

/* Light stains and streaks over the sheet (condition stain): `n` blobs and n/8 to n/6 streaks. */
static void add_stains(PIX *pix, double dpi, sg_rng *rng, int n)
{
    const double wmm = pixGetWidth(pix) / dpi * 25.4, hmm = pixGetHeight(pix) / dpi * 25.4;
    const int blobs = n - sg_rng_int(rng, 0, 4);
    for (int i = 0; i < blobs; i++) {
        double r = sg_rng_range(rng, 2, 8);
        darken_ellipse(pix, dpi, sg_rng_range(rng, 0, wmm), sg_rng_range(rng, 0, hmm), r,
                       r * sg_rng_range(rng, 0.6, 1.0), sg_rng_range(rng, 0.2, 0.4));
    }
    const int streaks = sg_rng_int(rng, n / 8 > 1 ? n / 8 : 1, n / 6 > 1 ? n / 6 : 1);
    for (int i = 0; i < streaks; i++) {
        /* a very long, very thin ellipse: a fold's shadow or a scanner streak */
        double half = sg_rng_range(rng, 0.2, 0.6), a = sg_rng_range(rng, 0.15, 0.35);
        if (sg_rng_chance(rng, 0.5))
            darken_ellipse(pix, dpi, wmm / 2, sg_rng_range(rng, 20, hmm - 20), wmm, half, a);
        else
            darken_ellipse(pix, dpi, sg_rng_range(rng, 20, wmm - 20), hmm / 2, half, hmm, a);
    }
}

/* Applies c's damage to pix (8 bpp) and returns the scanned image (8 or 1 bpp); records the drawn parameters. */
static PIX *damage(PIX *pix, const condition *c, sg_rng *rng, plan_page *pp)
{
    PIX *cur = pixClone(pix), *next;
    if (c->stains > 0) {
        next = pixCopy(NULL, cur);
        pixDestroy(&cur);
        cur = next;
        if (!cur)
            return NULL;
        add_stains(cur, c->dpi, rng, c->stains);
    }
    pp->scale = c->scale_dev > 0 ? sg_rng_range(rng, 1 - c->scale_dev, 1 + c->scale_dev) : 1.0;
    pp->skew = c->skew_max > 0 ? sg_rng_range(rng, -c->skew_max, c->skew_max) : 0.0;
    pp->quads = c->quads;
    if (pp->scale != 1.0) {
        next = pixScale(cur, (l_float32)pp->scale, (l_float32)pp->scale);
        pixDestroy(&cur);
        cur = next;
    }
    if (pp->skew != 0.0) {
        /* the scanner bed is larger than the sheet: pad so the rotated corners (and marks) stay in view */
        int pad = (int)(fabs(sin(pp->skew * M_PI / 180)) * pixGetHeight(cur) * 0.55) + 4;
        next = pixAddBorder(cur, pad, 255);
        pixDestroy(&cur);
        cur = next;
        next = pixRotate(cur, (l_float32)(pp->skew * M_PI / 180), L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
        pixDestroy(&cur);
        cur = next;
    }
    if (c->quads) {
        next = pixRotateOrth(cur, c->quads);
        pixDestroy(&cur);
        cur = next;
    }
    if (c->blur) {
        next = pixBlockconv(cur, c->blur, c->blur);
        pixDestroy(&cur);
        cur = next;
    }
    if (c->noise == 0 && !c->bitonal && pixGetDepth(cur) == 8) {
        /* scanner white-point clipping: paper background goes to pure white (and compresses well) */
        next = pixCopy(NULL, cur);
        pixDestroy(&cur);
        cur = next;
        l_uint32 *data = pixGetData(cur);
        size_t words = (size_t)pixGetWpl(cur) * (size_t)pixGetHeight(cur);
        for (size_t i = 0; i < words; i++) {
            l_uint32 w = data[i];
            for (int b = 0; b < 32; b += 8)
                if (((w >> b) & 0xff) >= 236)
                    w |= 0xffu << b;
            data[i] = w;
        }
    }
    if (c->noise > 0) {
        next = pixCopy(NULL, cur);
        pixDestroy(&cur);
        cur = next;
        add_noise(cur, rng, c->noise, 300);
    }
    if (c->bitonal) {
        next = pixThresholdToBinary(cur, sg_rng_int(rng, 150, 190));
        pixDestroy(&cur);
        cur = next;
    }
    pp->jpeg_q = c->fmt == FMT_JPEG ? sg_rng_int(rng, c->jpeg_lo, c->jpeg_hi) : 0;
    if (cur)
        pixSetResolution(cur, c->dpi, c->dpi);
    return cur;
}

static PIX *blank_back(sg_rng *rng, int dpi)
{
    int w = (int)lround(210.0 / 25.4 * dpi), h = (int)lround(297.0 / 25.4 * dpi);
    PIX *pix = pixCreate(w, h, 8);
    if (!pix)
        return NULL;
    pixSetAllArbitrary(pix, 248);
    add_noise(pix, rng, 1.2, 25);
    pixSetResolution(pix, dpi, dpi);
    return pix;
}

static int write_pix(const char *path, PIX *pix, const condition *c, int jpeg_q, bool append)
{
    l_ok bad = 1;
    switch (c->fmt) {
    case FMT_PNG: bad = pixWritePng(path, pix, 0.0f); break;
    case FMT_JPEG: bad = pixWriteJpeg(path, pix, jpeg_q, 0); break;
    case FMT_PNM: bad = pixWrite(path, pix, IFF_PNM); break;
    case FMT_TIFF:
        bad = pixWriteTiff(path, pix, pixGetDepth(pix) == 1 ? IFF_TIFF_G4 : IFF_TIFF_ZIP, append ? "a" : "w");
        break;
    }
    return bad ? dc_error_set(DC_ERR_IO, "%s: could not write image", path) : DC_OK;
}

/* ---- the foreign page: an ordinary letter with no marks and no QR ---- */

static void draw_letter(HPDF_Doc doc, HPDF_Page page, HPDF_Font font, sg_rng *rng)
{
    static const char *const paras[] = {
        "Dengan hormat, bersama surat ini kami sampaikan bahwa rapat koordinasi pengelolaan jaringan "
        "akan dilaksanakan pada hari Senin di ruang rapat Dinas Komunikasi dan Informatika.",
        "Sehubungan dengan hal tersebut, kami mengharapkan kehadiran Bapak/Ibu tepat waktu. Agenda rapat "
        "meliputi evaluasi layanan pusat data, rencana pemeliharaan perangkat, dan pembaruan jadwal piket.",
        "Demikian surat ini kami sampaikan. Atas perhatian dan kerja samanya kami ucapkan terima kasih.",
        "Perlu kami informasikan pula bahwa pemadaman listrik terjadwal akan berlangsung pada akhir pekan; "
        "seluruh perangkat telah dilengkapi catu daya cadangan.",
    };
    HPDF_Page_SetGrayFill(page, 0.0f);
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, font, 14);
    HPDF_Page_TextOut(page, 72, 770, "PEMERINTAH KOTA PONTIANAK");
    HPDF_Page_SetFontAndSize(page, font, 11);
    HPDF_Page_TextOut(page, 72, 750, "Nomor: 005/123/DISKOMINFO/2026");
    HPDF_Page_TextOut(page, 72, 735, "Perihal: Undangan Rapat");
    HPDF_Page_EndText(page);
    double y = 700;
    int n = sg_rng_int(rng, 3, 4);
    for (int i = 0; i < n; i++) {
        HPDF_UINT len = 0;
        HPDF_Page_BeginText(page);
        HPDF_Page_SetFontAndSize(page, font, 11);
        HPDF_Page_TextRect(page, 72, (HPDF_REAL)y, 523, (HPDF_REAL)(y - 90), paras[(i + sg_rng_int(rng, 0, 3)) % 4],
                           HPDF_TALIGN_JUSTIFY, &len);
        HPDF_Page_EndText(page);
        HPDF_ResetError(doc); /* TextRect reports overflow as a sticky error */
        y -= 80;
    }
    HPDF_Page_BeginText(page);
    HPDF_Page_TextOut(page, 380, (HPDF_REAL)(y - 20), "Kepala Dinas,");
    HPDF_Page_TextOut(page, 380, (HPDF_REAL)(y - 90), "Drs. H. SAPUTRA, M.Si");
    HPDF_Page_EndText(page);
}

/* ---- planning a day ---- */

static int plan_insert(day *d, int at, plan_page **out)
{
    plan_page *p = plan_add(d);
    if (!p)
        return dc_error_set(DC_ERR_NOMEM, "page plan");
    plan_page tmp = *p;
    memmove(&d->pages[at + 1], &d->pages[at], (size_t)(d->npages - 1 - at) * sizeof *p);
    d->pages[at] = tmp;
    *out = &d->pages[at];
    return DC_OK;
}

typedef struct cond_cycle {
    const condition *list[NCONDITIONS];
    size_t n, next;
} cond_cycle;

static void cycle_init(cond_cycle *cc, const char *damage_name, sg_rng *rng)
{
    cc->next = 0;
    if (strcmp(damage_name, "mixed") == 0) {
        cc->n = NCONDITIONS;
        for (size_t i = 0; i < NCONDITIONS; i++)
            cc->list[i] = &conditions[i];
        for (size_t i = NCONDITIONS - 1; i > 0; i--) {
            size_t j = (size_t)sg_rng_int(rng, 0, (int)i);
            const condition *t = cc->list[i];
            cc->list[i] = cc->list[j];
            cc->list[j] = t;
        }
        /* the second set is always one bitonal multi-page TIFF (with a blank back), as a sheet feeder makes */
        for (size_t i = 0; i < NCONDITIONS; i++)
            if (strcmp(cc->list[i]->name, "bitonal") == 0 && NCONDITIONS > 2) {
                const condition *t = cc->list[2];
                cc->list[2] = cc->list[i];
                cc->list[i] = t;
            }
        /* ... so set 1 must not start with a TIFF (that would shift it by one page) */
        for (size_t i = 0; i < 2; i++)
            if (cc->list[i]->fmt == FMT_TIFF) {
                const condition *t = cc->list[i];
                cc->list[i] = cc->list[NCONDITIONS - 1 - i];
                cc->list[NCONDITIONS - 1 - i] = t;
            }
    } else {
        cc->n = 1;
        cc->list[0] = condition_find(strcmp(damage_name, "clean") == 0 ? "clean300" : damage_name);
    }
}

static const condition *cycle_next(cond_cycle *cc)
{
    return cc->list[cc->next++ % cc->n];
}

static int plan_forms(day *d, long first_serial, const font_cache *fc, cond_cycle *cc)
{
    for (int i = 0; i < d->nrec; i++) {
        char serial[16];
        dc_serial_format(serial, first_serial + i);
        sg_rng rr = sg_rng_fork(&d->rng, 1000 + (uint64_t)i);
        const sg_record *visitor = NULL;
        if (d->pool) {
            sg_rng vr = sg_rng_fork(&d->rng, 6000 + (uint64_t)i);
            visitor = &d->pool[sg_rng_int(&vr, 0, d->opt->visitors - 1)];
        }
        sg_record_draw_for(&d->recs[i], &rr, serial, d->date, d->opt->mistake_rate, d->opt->all_mistakes, visitor);
        if (visitor && d->opt->variants > 0) { /* from a stream of its own: the rest is drawn as without */
            sg_rng xr = sg_rng_fork(&d->rng, 7000 + (uint64_t)i);
            if (sg_rng_chance(&xr, d->opt->variants))
                sg_name_variant(d->recs[i].visitor_name, sizeof d->recs[i].visitor_name);
        }
        const condition *prev = NULL;
        /* a lost page is neither in the day's PDF nor scanned: the set is its other page alone */
        for (int sp = d->recs[i].access_lost ? 2 : 1; sp <= (d->recs[i].checklist_lost ? 1 : 2); sp++) {
            plan_page *p = plan_add(d);
            if (!p)
                return dc_error_set(DC_ERR_NOMEM, "page plan");
            sg_rng pr = sg_rng_fork(&d->rng, 2000 + (uint64_t)(i * 2 + sp));
            const bool same_file = prev && prev->fmt == FMT_TIFF;   /* page 2 behind page 1 in its TIFF */
            p->kind = KIND_FORM;
            p->record = i;
            p->sheet_page = sp;
            p->pdf_page = ++d->form_pages;
            p->cond = same_file ? prev : cycle_next(cc);
            p->page_in_file = same_file ? 2 : 1;
            p->font = font_pick(fc, &pr, sg_rng_chance(&pr, d->opt->hand_ratio));
            p->blue = sg_rng_chance(&pr, 0.6);
            prev = p->cond;
        }
    }
    return DC_OK;
}

/* Blank back, duplicate scan and a foreign page, placed where a real stack would have them. */
static int plan_extras(day *d, cond_cycle *cc)
{
    int rc;
    plan_page *p;
    sg_rng er = sg_rng_fork(&d->rng, 5000);
    /* blank back: behind page 1 of the first set scanned into a multi-page TIFF (a duplex scan) */
    int at = -1;
    for (int i = 0; i < d->npages && at < 0; i++)
        if (d->pages[i].cond->fmt == FMT_TIFF && d->pages[i].sheet_page == 1)
            at = i + 1;
    if (at >= 0) {
        const condition *c = d->pages[at - 1].cond;
        rc = plan_insert(d, at, &p);
        if (rc)
            return rc;
        p->kind = KIND_BLANK;
        p->cond = c;
        p->page_in_file = 2;
        if (at + 1 < d->npages && d->pages[at + 1].page_in_file == 2 && d->pages[at + 1].cond == c)
            d->pages[at + 1].page_in_file = 3;
    } else {
        rc = plan_insert(d, d->npages > 2 ? 2 : d->npages, &p);
        if (rc)
            return rc;
        p->kind = KIND_BLANK; /* the back of page 1 of the second set, scanned as its own file */
        p->cond = cycle_next(cc);
        p->page_in_file = 1;
    }
    /* duplicate: an access page (the checklist of a set whose access page was lost) fed through the
     * scanner a second time, a few sheets later */
    int src_rec = sg_rng_int(&er, 0, d->nrec - 1);
    const int src_sheet = d->recs[src_rec].access_lost ? 2 : 1;
    int src = -1;
    for (int i = 0; i < d->npages; i++)
        if (d->pages[i].kind == KIND_FORM && d->pages[i].record == src_rec && d->pages[i].sheet_page == src_sheet)
            src = i;
    const condition *dc = cycle_next(cc);
    if (dc->fmt == FMT_TIFF && cc->n > 1)
        dc = cycle_next(cc);
    plan_page copy = d->pages[src];
    at = src + 1 + sg_rng_int(&er, 1, 4);
    if (at > d->npages)
        at = d->npages;
    while (at < d->npages && d->pages[at].page_in_file > 1)
        at++;
    rc = plan_insert(d, at, &p);
    if (rc)
        return rc;
    *p = copy;
    p->kind = KIND_DUPLICATE;
    p->cond = dc;
    p->page_in_file = 1;
    /* foreign: a letter that slipped into the stack */
    const condition *fcnd = cycle_next(cc);
    if (fcnd->fmt == FMT_TIFF && cc->n > 1)
        fcnd = cycle_next(cc);
    at = sg_rng_int(&er, 0, d->npages);
    while (at < d->npages && d->pages[at].page_in_file > 1)
        at++;
    rc = plan_insert(d, at, &p);
    if (rc)
        return rc;
    p->kind = KIND_FOREIGN;
    p->cond = fcnd;
    p->pdf_page = d->form_pages + 1;
    p->page_in_file = 1;
    p->font = -1;
    return DC_OK;
}

/* ---- the PDF of the day ---- */

static int build_pdf(day *d, const dc_template *ta, const dc_template *tc, bool foreign, const char *pdf)
{
    dc_formprint *fp = NULL;
    font_cache fc;
    int rc = dc_formprint_new(&fp);
    if (rc)
        return rc;
    fonts_probe(&fc);
    HPDF_Doc doc = dc_formprint_doc(fp);
    for (int i = 0; i < d->npages; i++) {
        plan_page *p = &d->pages[i];
        if (p->kind != KIND_FORM)
            continue;
        const dc_template *t = p->sheet_page == 1 ? ta : tc;
        HPDF_Page page = NULL;
        rc = dc_formprint_add_page(fp, t, d->recs[p->record].serial, &page);
        if (rc)
            goto done;
        HPDF_Font font = p->font >= 0 ? font_get(&fc, doc, p->font) : NULL;
        if (!font) {
            rc = dc_error_set(DC_ERR_IO, "font %s could not be loaded", p->font >= 0 ? font_table[p->font].path : "(none)");
            goto done;
        }
        sg_rng rr = sg_rng_fork(&d->rng, 4000 + (uint64_t)p->pdf_page);
        sg_render_page(&p->marks, page, t, &d->recs[p->record], font, fc.measured[p->font] ? &fc.metrics[p->font] : NULL,
                       font_table[p->font].hand, p->blue, &p->cond->hand, &rr);
    }
    if (foreign) {
        int fi = font_pick(&fc, &d->rng, false);
        HPDF_Font font = fi >= 0 ? font_get(&fc, doc, fi) : NULL;
        HPDF_Page page = HPDF_AddPage(doc);
        if (!font || !page) {
            rc = dc_error_set(DC_ERR_PDF_OUTPUT, "foreign page: libharu failed");
            goto done;
        }
        HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
        sg_rng lr = sg_rng_fork(&d->rng, 6000);
        draw_letter(doc, page, font, &lr);
    }
    rc = dc_formprint_save(fp, pdf);
done:
    dc_formprint_free(fp);
    return rc;
}

/* ---- truth ---- */

static json_t *jstr_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *jround(double v)
{
    return json_real(round(v * 100.0) / 100.0);
}

static json_t *page_truth(const day *d, const plan_page *p, const dc_template *ta, const dc_template *tc,
                          const char *file)
{
    json_t *o = json_object();
    json_object_set_new(o, "file", json_string(file));
    json_object_set_new(o, "page", json_integer(p->page_in_file));
    json_object_set_new(o, "kind", json_string(kind_name(p->kind)));
    bool form = p->kind == KIND_FORM || p->kind == KIND_DUPLICATE;
    const dc_template *t = form ? (p->sheet_page == 1 ? ta : tc) : NULL;
    const sg_record *r = form ? &d->recs[p->record] : NULL;
    json_object_set_new(o, "form", t ? json_string(t->form) : json_null());
    json_object_set_new(o, "template_version", t ? json_integer(t->version) : json_null());
    json_object_set_new(o, "serial", r ? json_string(r->serial) : json_null());
    json_object_set_new(o, "sheet_page", t ? json_integer(p->sheet_page) : json_null());
    json_object_set_new(o, "condition", json_string(p->kind == KIND_BLANK ? "blank" : p->cond->name));
    json_object_set_new(o, "format", json_string(format_ext(p->cond->fmt)));
    json_object_set_new(o, "dpi", json_integer(p->cond->dpi));
    json_object_set_new(o, "bitonal", json_boolean(p->cond->bitonal));
    json_object_set_new(o, "rotation", json_integer(p->quads * 90));
    json_object_set_new(o, "skew_deg", jround(p->skew));
    json_object_set_new(o, "scale", json_real(round(p->scale * 1000.0) / 1000.0));
    json_object_set_new(o, "jpeg_quality", p->jpeg_q ? json_integer(p->jpeg_q) : json_null());
    if (!form)
        return o;
    json_object_set_new(o, "font", json_string(font_table[p->font].name));
    json_object_set_new(o, "handwriting", json_boolean(font_table[p->font].hand));
    json_object_set_new(o, "ink", json_string(p->blue ? "blue" : "black"));
    json_t *canc = json_array();
    for (int i = 0; i < p->marks.ncancelled; i++)
        json_array_append_new(canc, json_string(p->marks.cancelled[i]));
    json_object_set_new(o, "cancelled", canc);
    json_t *fields = json_object();
    char buf[64];
    for (size_t i = 0; i < t->nfields; i++)
        json_object_set_new(fields, t->fields[i].id,
                            jstr_or_null(sg_record_value(r, p->sheet_page, t->fields[i].id, buf, sizeof buf)));
    json_object_set_new(o, "fields", fields);
    return o;
}

static json_t *record_truth(const day *d, const sg_record *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "serial", json_string(r->serial));
    json_object_set_new(o, "batch_date", json_string(d->date));
    json_t *m = json_array();
    for (unsigned b = 0; b < SG_MISTAKE__COUNT; b++)
        if (r->mistakes & (1u << b))
            json_array_append_new(m, json_string(sg_mistake_name(1u << b)));
    json_object_set_new(o, "mistakes", m);
    sg_finding f[48];
    size_t n = 0;
    sg_rules_check(r, d->date, f, 48, &n);
    json_t *fa = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *fo = json_object();
        json_object_set_new(fo, "rule", json_string(f[i].rule));
        if (f[i].field[0])
            json_object_set_new(fo, "field", json_string(f[i].field));
        if (f[i].row)
            json_object_set_new(fo, "row", json_integer(f[i].row));
        json_array_append_new(fa, fo);
    }
    json_object_set_new(o, "findings", fa);
    return o;
}

static int write_json(const char *dir, const char *name, json_t *j)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *text = json_dumps(j, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    if (!text)
        return dc_error_set(DC_ERR_NOMEM, "%s: JSON encoding failed", path);
    size_t len = strlen(text);
    char *t2 = realloc(text, len + 2);
    if (!t2) {
        free(text);
        return dc_error_set(DC_ERR_NOMEM, "%s", path);
    }
    t2[len] = '\n';
    int rc = dc_write_file_atomic(path, t2, len + 1);
    free(t2);
    return rc;
}

/* ---- one day ---- */

static int write_pages(day *d, const char *pdf, const char *work, const dc_template *ta, const dc_template *tc,
                       json_t *truth_pages)
{
    int rc = DC_OK;
    char file[256] = "", path[1400];
    for (int i = 0; i < d->npages; i++) {
        plan_page *p = &d->pages[i];
        if (p->page_in_file == 1) {
            d->nfiles++;
            snprintf(file, sizeof file, "%04d_%s.%s", d->nfiles, p->kind == KIND_BLANK ? "blank" : p->cond->name,
                     format_ext(p->cond->fmt));
        }
        p->file_index = d->nfiles;
        snprintf(path, sizeof path, "%s/%s", d->dir, file);
        sg_rng dr = sg_rng_fork(&d->rng, 7000 + (uint64_t)i);
        PIX *raw = NULL, *out = NULL;
        p->scale = 1.0;
        if (d->opt->no_images) {
            json_array_append_new(truth_pages, page_truth(d, p, ta, tc, file));
            continue;
        }
        if (p->kind == KIND_BLANK) {
            raw = blank_back(&dr, p->cond->dpi);
            p->jpeg_q = p->cond->fmt == FMT_JPEG ? sg_rng_int(&dr, p->cond->jpeg_lo, p->cond->jpeg_hi) : 0;
            out = raw && p->cond->bitonal ? pixThresholdToBinary(raw, 160) : pixClone(raw);
            if (out)
                pixSetResolution(out, p->cond->dpi, p->cond->dpi);
        } else {
            rc = rasterise(&raw, pdf, p->pdf_page, p->cond->dpi, work);
            if (rc)
                return rc;
            out = damage(raw, p->cond, &dr, p);
        }
        pixDestroy(&raw);
        if (!out)
            return dc_error_set(DC_ERR_IMAGE, "%s: image processing failed (page %d)", path, p->page_in_file);
        rc = write_pix(path, out, p->cond, p->jpeg_q, p->page_in_file > 1);
        pixDestroy(&out);
        if (rc)
            return rc;
        json_t *pt = page_truth(d, p, ta, tc, file);
        if (p->kind == KIND_DUPLICATE) {
            for (int j = 0; j < i; j++) {
                const plan_page *o = &d->pages[j];
                if (o->kind == KIND_FORM && o->record == p->record && o->sheet_page == p->sheet_page) {
                    json_t *of = json_object();
                    char ofile[256];
                    /* the original was written earlier: find its file name in the truth so far */
                    snprintf(ofile, sizeof ofile, "%s", "");
                    for (size_t k = 0; k < json_array_size(truth_pages); k++) {
                        json_t *e = json_array_get(truth_pages, k);
                        if (json_equal(json_object_get(e, "serial"), json_object_get(pt, "serial")) &&
                            json_equal(json_object_get(e, "sheet_page"), json_object_get(pt, "sheet_page")) &&
                            strcmp(json_string_value(json_object_get(e, "kind")), "form") == 0) {
                            json_object_set(of, "file", json_object_get(e, "file"));
                            json_object_set(of, "page", json_object_get(e, "page"));
                        }
                    }
                    json_object_set_new(pt, "duplicate_of", of);
                    break;
                }
            }
        }
        json_array_append_new(truth_pages, pt);
    }
    return DC_OK;
}

static int run_day(day *d, const dc_template *ta, const dc_template *tc, long first_serial)
{
    int rc;
    char *work = dc_make_tmpdir("dcsamplegen");
    if (!work)
        return dc_error_set(DC_ERR_IO, "a temporary folder: %s", strerror(errno));
    char *pdf = dc_asprintf("%s/day.pdf", work);
    if (!pdf) {
        rmdir(work);
        free(work);
        return dc_error_set(DC_ERR_NOMEM, "sample day");
    }
    font_cache fc;
    fonts_probe(&fc);
    cond_cycle cc;
    sg_rng cr = sg_rng_fork(&d->rng, 1);
    cycle_init(&cc, d->opt->damage, &cr);
    json_t *truth = json_object(), *pages = json_array(), *records = json_array();

    rc = plan_forms(d, first_serial, &fc, &cc);
    if (rc)
        goto done;
    rc = d->opt->no_images ? DC_OK : build_pdf(d, ta, tc, d->opt->extras && d->nrec > 0, pdf);
    if (rc)
        goto done;
    rc = d->opt->extras && d->nrec > 0 ? plan_extras(d, &cc) : DC_OK;
    if (rc)
        goto done;
    rc = write_pages(d, pdf, work, ta, tc, pages);
    if (rc)
        goto done;

    json_object_set_new(truth, "generator", json_string("dcaccess-samplegen"));
    json_object_set_new(truth, "seed", json_integer((json_int_t)d->opt->seed));
    json_object_set_new(truth, "batch_date", json_string(d->date));
    json_object_set_new(truth, "damage", json_string(d->opt->damage));
    json_object_set_new(truth, "sets", json_integer(d->nrec));
    json_object_set_new(truth, "pages", json_incref(pages));
    for (int i = 0; i < d->nrec; i++)
        json_array_append_new(records, record_truth(d, &d->recs[i]));
    rc = write_json(d->dir, "truth.json", truth);
    if (rc)
        goto done;
    rc = write_json(d->dir, "records.json", records);
done:
    json_decref(truth);
    json_decref(pages);
    json_decref(records);
    unlink(pdf);
    rmdir(work);
    free(pdf);
    free(work);
    return rc;
}

int sg_generate(const sg_options *opt)
{
    if (!opt || !opt->outdir || opt->sets < 0 || opt->days < 1 || !opt->damage)
        return dc_error_set(DC_ERR_INVALID_ARG, "sample generator: missing output directory or bad counts");
    if (strcmp(opt->damage, "mixed") != 0 && strcmp(opt->damage, "clean") != 0 && !condition_find(opt->damage))
        return dc_error_set(DC_ERR_INVALID_ARG, "unknown damage condition '%s'", opt->damage);
    long d0;
    if (!sg_date_parse(opt->date, &d0))
        return dc_error_set(DC_ERR_INVALID_ARG, "bad date '%s' (want YYYY-MM-DD)", opt->date);
    setMsgSeverity(L_SEVERITY_ERROR);
    dc_template_set *ts = NULL;
    int rc = dc_template_set_load(&ts, NULL);
    if (rc)
        return rc;
    const dc_template *ta = dc_template_set_latest(ts, "access");
    const dc_template *tc = dc_template_set_latest(ts, "checklist");
    if (!ta || !tc) {
        dc_template_set_free(ts);
        return dc_error_set(DC_ERR_UNKNOWN_TEMPLATE, "the access and checklist templates are needed");
    }
    sg_rng base;
    sg_rng_seed(&base, opt->seed);
    sg_record *pool = NULL;
    if (opt->visitors > 0) {
        pool = calloc((size_t)opt->visitors, sizeof *pool);
        if (!pool) {
            dc_template_set_free(ts);
            return dc_error_set(DC_ERR_NOMEM, "visitors");
        }
        for (int j = 0; j < opt->visitors; j++) {
            sg_rng vr = sg_rng_fork(&base, 900000 + (uint64_t)j);
            sg_record_draw(&pool[j], &vr, "000000", opt->date, 0.0);
        }
    }
    for (int k = 0; k < opt->days && rc == DC_OK; k++) {
        day d;
        memset(&d, 0, sizeof d);
        d.opt = opt;
        sg_date_format(d.date, d0 + k);
        if (opt->days > 1)
            snprintf(d.dir, sizeof d.dir, "%s/%s", opt->outdir, d.date);
        else
            snprintf(d.dir, sizeof d.dir, "%s", opt->outdir);
        d.rng = sg_rng_fork(&base, 100 + (uint64_t)k);
        d.nrec = opt->sets;
        d.pool = pool;
        d.recs = calloc((size_t)(opt->sets > 0 ? opt->sets : 1), sizeof *d.recs);
        if (!d.recs) {
            rc = dc_error_set(DC_ERR_NOMEM, "records");
            break;
        }
        rc = dc_mkdirs(d.dir);
        if (rc == DC_OK)
            rc = run_day(&d, ta, tc, opt->first_serial + (long)k * opt->sets);
        free(d.recs);
        free(d.pages);
    }
    free(pool);
    dc_template_set_free(ts);
    return rc;
}
