/* scan_fields: reads every template field of a registered page (OMR, ink, OCR, digits). */
#include "scan_internal.h"

#include "dc_error.h"
#include "dc_icr.h"
#include "dc_util.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Comb cells: the interior read is the cell shrunk by this much (drops the printed border). */
#define CELL_INSET_MM 0.6
/* A cell holds writing when this fraction of its interior is ink. */
#define CELL_INK_MIN 0.020
/* Specks smaller than this (px at DC_SCAN_PX_PER_MM) are noise, not writing. */
#define SPECK_PX 4
/* Crops keep this much of the surroundings (mm). */
#define CROP_MARGIN_MM 1.0

/* Signature zones: ink fractions (specks removed) for "no signature" / "signed"; in between is
 * review. Only ink presence matters, so they are read on a coarser crop. */
#define SIG_INSET_MM 1.0
#define SIG_EMPTY_MAX 0.0020
#define SIG_INK_MIN 0.0060
#define SIG_PX_PER_MM 5.0

/* Free-text zones: below this ink fraction the zone is empty (decided on a coarse crop first,
 * since most checklist rows are unused). */
#define ZONE_INSET_MM 0.8
#define ZONE_INK_MIN 0.0040
#define ZONE_PROBE_PX_PER_MM 4.0
/* Zones without a template charset: the form asks for block capitals (HURUF KAPITAL), so a
 * lower-case reading is a misreading, not what was written. */
#define ZONE_DEFAULT_CHARSET "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,'-/()&:+#"

/* Tesseract's lowest symbol confidence from which a text value can be accepted. Chosen on
 * generated scans (seeds 13-15, never the evaluation seed): printed capitals read at >= 0.97 were
 * right, handwriting-font misreadings reach 0.95-0.99. A value that passes is then read a second
 * time (by the other language's model; codes in zones: by the same model on the binary crop, see
 * second_reading) and accepted only when both readings agree exactly: on seed
 * 15 (6200 decisions) accepted-but-wrong went from 17 (one reading) to 5, for about 0.1 point
 * of printed fields sent to review. */
#define TEXT_ACCEPT_CONF 0.97
#define ZONE_ACCEPT_CONF 0.97
/* Codes (charset of letters and digits, no space): a lower bar (0.90) let O/0 confusions through
 * that both models shared, so they keep the same bar. */
#define CODE_ACCEPT_CONF 0.97
/* In codes, O/0 and I/1 are told apart by shape details both models can miss together: the
 * committed sample day had "SNFGT0988NYS" accepted as "SNFGTO988NYS" at 0.985. Such characters
 * must be read at this higher confidence, else the code goes to review... */
#define CODE_CONFUSABLE_CONF 0.995
#define CODE_CONFUSABLES "O0I1"
/* ...unless the symbol's ink has that character's shape (scan_code_shape_confirms): the O at least this
 * wide for its height, and any shape judged only from at least this many pixels of height. */
#define CODE_SHAPE_O_MIN 0.78
#define CODE_SHAPE_MIN_PX 12
/* The Sans zero: a closed ring narrower than this for its height (Sans 0: 0.63-0.69), its hole
 * at least this share of the ink box (scan_code_zero_ring). */
#define CODE_RING_MAX_RATIO 0.74
#define CODE_RING_MIN_RATIO 0.50
#define CODE_RING_MIN_HOLE 0.15

/* Readings that vote (scan/README.md, "Printed codes and models: readings that vote"). Codes: a
 * symbol below the bar in the first reading (never below CODE_VOTE_FLOOR) needs one of three
 * readings (grey and binary crop by `eng`, the binary crop by `ind`), all giving the same code,
 * at the bar. Free-text zones whose other model disagrees (in at most ZONE_TWIN_MAX_DIFF symbols,
 * none missing or extra): two readings by the same model (grey and binary crop) agreeing at >=
 * ZONE_TWIN_CONF each (handwritten misreadings of that kind reach 0.983: APL SMART UPS, SEKVEK;
 * printed models read 0.976-0.995). */
#define SCAN_VOTE_BAR 0.97
#define CODE_VOTE_FLOOR 0.90
#define ZONE_TWIN_CONF 0.99
#define ZONE_TWIN_MAX_DIFF 1

/* Composed OCR lines (fractions of the line height): gap between letters, word gap, narrowest slot. */
#define LINE_GAP 0.30
#define LINE_SPACE 0.80
#define LINE_SLOT_MIN 0.45

/* ---- pixel helpers ---- */

/* bin less its specks smaller than min_px. Takes bin; NULL when out of memory. */
static PIX *drop_specks(PIX *bin, int min_px)
{
    if (!bin || min_px <= 1)
        return bin;
    PIX *clean = pixSelectBySize(bin, min_px, min_px, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GTE, NULL);
    pixDestroy(&bin);
    return clean;
}

PIX *scan_binarize(PIX *crop, int level, int min_px)
{
    return drop_specks(pixThresholdToBinary(crop, level), min_px);
}

/* The writing's darkness in a histogram of `total` pixels: the grey of its k-th darkest pixel
 * (k = 0.25%, at least 10, so a few noise pixels do not count); and the paper's grey (the 70th
 * percentile). */
static void hist_levels(const long hist[256], long total, int *dark, int *paper)
{
    const long k = total / 400 > 10 ? total / 400 : 10;
    long acc = 0;
    *dark = *paper = 255;
    int got_dark = 0;
    for (int g = 0; g < 256; g++) {
        acc += hist[g];
        if (!got_dark && acc >= k) {
            *dark = g;
            got_dark = 1;
        }
        if (acc * 10 >= total * 7) {
            *paper = g;
            break;
        }
    }
}

/* What a crop's levels say: 1 pen writing, 2 faint writing, 0 nothing clearly darker than the
 * paper. */
static int writing_kind(int dark, int paper)
{
    if (paper - dark < DC_SCAN_FAINT_SPAN_MIN)
        return 0;
    return dark <= DC_SCAN_FAINT_DARK ? 1 : 2;
}

/* Grey histogram of the pixels x0..x1, y0..y1 (inclusive) of an 8-bpp image; returns their count. */
static long rect_hist(PIX *pix, int x0, int y0, int x1, int y1, long hist[256])
{
    const int wpl = pixGetWpl(pix);
    const l_uint32 *data = pixGetData(pix);
    memset(hist, 0, 256 * sizeof *hist);
    for (int y = y0; y <= y1; y++)
        for (int x = x0; x <= x1; x++)
            hist[GET_DATA_BYTE(data + (size_t)y * wpl, x)]++;
    return (long)(x1 - x0 + 1) * (y1 - y0 + 1);
}

int scan_ink_level(PIX *crop)
{
    if (!crop || pixGetDepth(crop) != 8 || pixGetColormap(crop))
        return DC_SCAN_INK_LEVEL;
    long hist[256];
    long total = rect_hist(crop, 0, 0, pixGetWidth(crop) - 1, pixGetHeight(crop) - 1, hist);
    int dark, paper;
    hist_levels(hist, total, &dark, &paper);
    if (writing_kind(dark, paper) != 2)
        return DC_SCAN_INK_LEVEL;   /* a pen's ink, or nothing clearly darker than the paper */
    /* faint writing: the level sits between its darkness and the paper where DC_SCAN_INK_LEVEL
     * sits between black and white, and above the paper's noise */
    int level = dark + (paper - dark) * DC_SCAN_INK_LEVEL / 255;
    if (level > paper - DC_SCAN_FAINT_MARGIN)
        level = paper - DC_SCAN_FAINT_MARGIN;
    return level > DC_SCAN_INK_LEVEL ? level : DC_SCAN_INK_LEVEL;
}

/* Pen and faint writing areas counted on a registered page (count_area). */
typedef struct area_count {
    PIX *grey;
    const dc_scan_registration *reg;
    int pen, faint;
} area_count;

/* Adds one writing area of the template (mm), shrunk by a quarter of its smaller side so no
 * printed border is in it, to the pen/faint counts, read straight from the registered page
 * (dc_field_each_area's visitor). */
static void count_area(void *u, dc_box_mm b)
{
    area_count *ac = u;
    double in = 0.25 * (b.w < b.h ? b.w : b.h);
    double xs[4] = { b.x + in, b.x + b.w - in, b.x + in, b.x + b.w - in };
    double ys[4] = { b.y + in, b.y + in, b.y + b.h - in, b.y + b.h - in };
    double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
    for (int i = 0; i < 4; i++) {
        double px, py;
        dc_scan_map(ac->reg, xs[i], ys[i], &px, &py);
        x0 = fmin(x0, px), y0 = fmin(y0, py), x1 = fmax(x1, px), y1 = fmax(y1, py);
    }
    const int w = pixGetWidth(ac->grey), h = pixGetHeight(ac->grey);
    int ix0 = x0 < 0 ? 0 : (int)x0, iy0 = y0 < 0 ? 0 : (int)y0;
    int ix1 = x1 >= w ? w - 1 : (int)x1, iy1 = y1 >= h ? h - 1 : (int)y1;
    if (ix1 - ix0 < 3 || iy1 - iy0 < 3)
        return;
    long hist[256];
    long total = rect_hist(ac->grey, ix0, iy0, ix1, iy1, hist);
    int dark, paper;
    hist_levels(hist, total, &dark, &paper);
    int k = writing_kind(dark, paper);
    ac->pen += k == 1;
    ac->faint += k == 2;
}

int scan_fields_faint(PIX *grey, const dc_scan_registration *reg, const dc_template *t, bool *faint)
{
    for (size_t i = 0; i < t->nfields; i++)
        faint[i] = false;
    if (!grey || pixGetDepth(grey) != 8 || pixGetColormap(grey) || t->nfields == 0)
        return 0;
    const size_t nsec = t->ntexts + 1;
    size_t *sec = malloc(sizeof *sec * t->nfields);
    int *count = calloc(2 * nsec, sizeof *count);   /* pen, faint per section */
    if (!sec || !count) {
        free(sec);
        free(count);
        return dc_error_set(DC_ERR_NOMEM, "faint sections");
    }
    for (size_t i = 0; i < t->nfields; i++) {
        sec[i] = dc_template_section_of(t, &t->fields[i]);
        area_count ac = {grey, reg, 0, 0};
        dc_field_each_area(&t->fields[i], count_area, &ac);
        count[2 * sec[i]] += ac.pen;
        count[2 * sec[i] + 1] += ac.faint;
    }
    for (size_t i = 0; i < t->nfields; i++)
        faint[i] = count[2 * sec[i] + 1] > count[2 * sec[i]];
    free(sec);
    free(count);
    return 0;
}

/* Faint ink that is not writing, taken out of a binarised crop in place: ink wider than a stroke
 * in both directions (DC_SCAN_STROKE_MAX_MM at `ppmm`), as light as pencil but a stain. 0 or
 * -1 (no memory). */
static int drop_wide_ink(PIX *bin, double ppmm)
{
    int side = (int)lround(DC_SCAN_STROKE_MAX_MM * ppmm) | 1;
    PIX *wide = pixOpenBrick(NULL, bin, side, side);
    if (!wide)
        return -1;
    pixSubtract(bin, bin, wide);
    pixDestroy(&wide);
    return 0;
}

/* A streak (a fold's shadow, a scanner streak) is a straight band across the box, which writing
 * never is: pieces of ink at least half the box long and 15 times longer than wide, and rows or
 * columns of bin inked over 90% of their length, are cleared. */
static void drop_streaks(PIX *bin)
{
    const int w = pixGetWidth(bin), h = pixGetHeight(bin);
    PIXA *pieces = NULL;
    BOXA *boxes = pixConnComp(bin, &pieces, 8);
    for (l_int32 i = 0; boxes && pieces && i < boxaGetCount(boxes); i++) {
        l_int32 bx, by, bw, bh;
        boxaGetBoxGeometry(boxes, i, &bx, &by, &bw, &bh);
        if (!((bw * 2 >= w && bh * 15 <= bw) || (bh * 2 >= h && bw * 15 <= bh)))
            continue;
        PIX *piece = pixaGetPix(pieces, i, L_CLONE);
        if (piece)
            pixRasterop(bin, bx, by, bw, bh, PIX_DST & PIX_NOT(PIX_SRC), piece, 0, 0);
        pixDestroy(&piece);
    }
    boxaDestroy(&boxes);
    pixaDestroy(&pieces);
    for (int pass = 0; pass < 2; pass++) {
        const int lines = pass ? w : h, len = pass ? h : w;
        for (int i = 0; i < lines; i++) {
            int n = 0;
            for (int j = 0; j < len; j++) {
                l_uint32 v = 0;
                pixGetPixel(bin, pass ? i : j, pass ? j : i, &v);
                n += (int)v;
            }
            for (int j = 0; n * 10 >= len * 9 && j < len; j++)
                pixSetPixel(bin, pass ? i : j, pass ? j : i, 0);
        }
    }
}

/* Faint writing binarised at `level`: the ink of `context` less ink wider than a stroke, then cut
 * to `box` (px in context; NULL: all of it), less streaks and specks. NULL when out of memory or
 * the box is not in the context. */
static PIX *faint_writing(PIX *context, int level, double ppmm, BOX *box, int min_px)
{
    PIX *all = pixThresholdToBinary(context, level);
    if (all && drop_wide_ink(all, ppmm) != 0)
        pixDestroy(&all);
    PIX *bin = !all ? NULL : box ? pixClipRectangle(all, box, NULL) : pixClone(all);
    pixDestroy(&all);
    if (bin)
        drop_streaks(bin);
    return drop_specks(bin, min_px);
}

/* The writing in `cut` binarised at `level`: DC_SCAN_INK_LEVEL plainly, any other (faint) level
 * with the stain, streak and speck rules of faint_writing, whether ink is wider than a stroke
 * judged on `context` (cut is `box` of it; NULL box: cut is context). */
static PIX *binarize_at(PIX *cut, PIX *context, BOX *box, double ppmm, int min_px, int level)
{
    return level == DC_SCAN_INK_LEVEL ? scan_binarize(cut, level, min_px)
                                      : faint_writing(context, level, ppmm, box, min_px);
}

/* binarize_at at DC_SCAN_INK_LEVEL, or, when `faint_ok` and cut holds faint writing, at its own
 * level (scan_ink_level). */
static PIX *binarize_cut(PIX *cut, PIX *context, BOX *box, double ppmm, int min_px, bool faint_ok)
{
    return binarize_at(cut, context, box, ppmm, min_px, faint_ok ? scan_ink_level(cut) : DC_SCAN_INK_LEVEL);
}

PIX *scan_binarize_writing(PIX *crop, double ppmm, int min_px, bool faint_ok)
{
    return binarize_cut(crop, crop, NULL, ppmm, min_px, faint_ok);
}

PIX *scan_binarize_writing_at(PIX *crop, double ppmm, int min_px, int level)
{
    return binarize_at(crop, crop, NULL, ppmm, min_px, level);
}

double scan_ink_ratio(PIX *bin)
{
    l_int32 cnt = 0;
    pixCountPixels(bin, &cnt, NULL);
    double area = (double)pixGetWidth(bin) * pixGetHeight(bin);
    return area > 0 ? cnt / area : 0;
}

/* Sub-image of an aligned crop for a box in mm, the crop covering `origin` (mm of its pixel 0,0). */
/* The pixel box of box b (mm, shrunk by `inset`) in a crop whose pixel 0,0 is at mm ox,oy, at
 * ppmm; NULL when it is under 2 px either way (or out of memory). */
static BOX *box_mm(double ox, double oy, dc_box_mm b, double inset, double ppmm)
{
    int x = (int)lround((b.x + inset - ox) * ppmm), y = (int)lround((b.y + inset - oy) * ppmm);
    int w = (int)lround((b.w - 2 * inset) * ppmm), h = (int)lround((b.h - 2 * inset) * ppmm);
    return w < 2 || h < 2 ? NULL : boxCreate(x, y, w, h);
}

static PIX *clip_mm(PIX *crop, double ox, double oy, dc_box_mm b, double inset, double ppmm)
{
    BOX *box = box_mm(ox, oy, b, inset, ppmm);
    PIX *p = box ? pixClipRectangle(crop, box, NULL) : NULL;
    boxDestroy(&box);
    return p;
}

/* The writing in box b (mm, shrunk by `inset`) of an aligned crop (pixel 0,0 at mm ox,oy, at
 * ppmm), binarised: as scan_binarize_writing on the box alone, except that whether faint ink is
 * wider than a stroke is judged on the whole crop (a stain reaching into the box is wide outside
 * it, however narrow the part inside). `in` is that box already cut from the crop (clip_mm), or
 * NULL to cut it here. NULL when the box is not in the crop or out of memory. */
static PIX *writing_in(PIX *in, PIX *crop, double ox, double oy, dc_box_mm b, double inset, double ppmm,
                       int min_px, bool faint_ok)
{
    BOX *box = box_mm(ox, oy, b, inset, ppmm);
    PIX *own = in || !box ? NULL : pixClipRectangle(crop, box, NULL);
    PIX *cut = in ? in : own;
    PIX *bin = cut ? binarize_cut(cut, crop, box, ppmm, min_px, faint_ok) : NULL;
    pixDestroy(&own);
    boxDestroy(&box);
    return bin;
}

PIX *scan_compose_line(PIX *const *bins, const int *ink, size_t n, int *x0, int *x1)
{
    int h = 0, width = 0, any = 0;
    for (size_t i = 0; i < n; i++) {
        x0[i] = x1[i] = -1;
        if (ink[i] && bins[i]) {
            if (pixGetHeight(bins[i]) > h)
                h = pixGetHeight(bins[i]);
            width += pixGetWidth(bins[i]);
            any = 1;
        }
    }
    if (!any)
        return NULL;
    /* Every glyph gets a slot at least LINE_SLOT_MIN of the height wide (a narrow I or 1 must not
     * merge with its neighbour) and LINE_GAP apart; a run of empty cells becomes one word gap. */
    int gap = (int)(h * LINE_GAP) + 2, space = (int)(h * LINE_SPACE) + 2, slot_min = (int)(h * LINE_SLOT_MIN);
    PIX *line = pixCreate(width + (int)n * (space + gap + slot_min) + 2, h, 1);
    if (!line)
        return NULL;
    int x = 0;
    bool pending_space = false, started = false;
    for (size_t i = 0; i < n; i++) {
        if (!ink[i] || !bins[i]) {
            if (started)
                pending_space = true;
            continue;
        }
        /* horizontal extent of the ink; full height keeps the baseline */
        BOX *fg = NULL;
        int bx = 0, bw = pixGetWidth(bins[i]);
        if (pixClipToForeground(bins[i], NULL, &fg) == 0 && fg) {
            boxGetGeometry(fg, &bx, NULL, &bw, NULL);
            boxDestroy(&fg);
        }
        if (started)
            x += pending_space ? space : gap;
        pending_space = false;
        started = true;
        int pad = bw < slot_min ? (slot_min - bw) / 2 : 0;
        pixRasterop(line, x + pad, 0, bw, pixGetHeight(bins[i]), PIX_SRC | PIX_DST, bins[i], bx, 0);
        x0[i] = x;
        x1[i] = x + bw + 2 * pad;
        x += bw + 2 * pad;
    }
    BOX *keep = boxCreate(0, 0, x + 1, h);
    PIX *out = pixClipRectangle(line, keep, NULL);
    boxDestroy(&keep);
    pixDestroy(&line);
    return out;
}

int scan_symbols_to_cells(const scan_ocr_symbol *s, size_t ns, const int *x0, const int *x1, size_t n,
                          int *sym_of)
{
    int stray = 0;
    size_t inked = 0, nonspace = 0;
    for (size_t i = 0; i < n; i++) {
        sym_of[i] = -1;
        inked += x0[i] >= 0;
    }
    for (size_t k = 0; k < ns; k++)
        nonspace += s[k].text[0] != ' ';
    if (nonspace == inked) {
        /* LSTM symbol boxes are approximate; when the counts agree, reading order is the mapping */
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (x0[i] < 0)
                continue;
            while (s[k].text[0] == ' ')
                k++;
            sym_of[i] = (int)k++;
        }
        return 0;
    }
    for (size_t k = 0; k < ns; k++) {
        if (s[k].text[0] == ' ')
            continue;
        double cx = (s[k].x0 + s[k].x1) / 2.0;
        int best = -1;
        double bd = 1e30;
        for (size_t i = 0; i < n; i++) {
            if (x0[i] < 0)
                continue;
            double d = cx < x0[i] ? x0[i] - cx : cx > x1[i] ? cx - x1[i] : 0;
            if (d < bd) {
                bd = d;
                best = (int)i;
            }
        }
        if (best < 0 || bd > 8) {
            stray++;
            continue;
        }
        sym_of[best] = sym_of[best] == -1 ? (int)k : -2;
    }
    return stray;
}

/* ---- results ---- */

static int set_value(dc_field_value *fv, const char *value, double conf, dc_field_state st)
{
    fv->value = value ? dc_strdup(value) : NULL;
    if (value && !fv->value)
        return dc_error_set(DC_ERR_NOMEM, "field value");
    fv->confidence = conf < 0 ? 0 : conf > 1 ? 1 : conf;
    fv->state = st;
    fv->basis = st == DC_STATE_ACCEPTED ? DC_BASIS_READING : DC_BASIS_NONE;
    fv->why = st == DC_STATE_REVIEW ? DC_WHY_UNSURE : DC_WHY_NONE;   /* the caller names another reason */
    return 0;
}

/* set_value for a field sent to review for `why`. */
static int set_review(dc_field_value *fv, const char *value, double conf, dc_review_why why)
{
    int rc = set_value(fv, value, conf, DC_STATE_REVIEW);
    fv->why = why;
    return rc;
}

static int keep_crop(dc_field_value *fv, PIX *crop, const scan_worker_ctx *w)
{
    if (!w->keep_crops || !crop)
        return 0;
    l_uint8 *data = NULL;
    size_t len = 0;
    if (pixWriteMemPng(&data, &len, crop, 0.0) != 0)
        return dc_error_set(DC_ERR_NOMEM, "encoding the crop of %s", fv->id);
    fv->crop_png = data;
    fv->crop_png_len = len;
    return 0;
}

static dc_box_mm union_box(const dc_box_mm *b, size_t n)
{
    dc_box_mm u = b[0];
    double x1 = b[0].x + b[0].w, y1 = b[0].y + b[0].h;
    for (size_t i = 1; i < n; i++) {
        if (b[i].x < u.x)
            u.x = b[i].x;
        if (b[i].y < u.y)
            u.y = b[i].y;
        if (b[i].x + b[i].w > x1)
            x1 = b[i].x + b[i].w;
        if (b[i].y + b[i].h > y1)
            y1 = b[i].y + b[i].h;
    }
    u.w = x1 - u.x;
    u.h = y1 - u.y;
    return u;
}

/* The crop a person sees of a comb crossed by writing, or written beside: the comb grown by
 * `margin_mm` (rounded up to whole pixels past CROP_MARGIN_MM), with the readers' crop `crop` (the
 * comb grown by CROP_MARGIN_MM) pasted at its centre pixel for pixel, so that the cells cut from
 * either are the same (dc_scan_field_cells). */
static int keep_wide_crop(dc_field_value *fv, const scan_worker_ctx *w, PIX *grey, const dc_scan_registration *reg,
                          dc_box_mm comb, PIX *crop, double margin_mm)
{
    if (!w->keep_crops || !crop)
        return 0;
    const int k = (int)ceil((margin_mm - CROP_MARGIN_MM) * DC_SCAN_PX_PER_MM - 1e-9);
    if (k <= 0)
        return keep_crop(fv, crop, w);
    const int cw = pixGetWidth(crop), ch = pixGetHeight(crop);
    PIX *wide = scan_warp(grey, reg->h, comb, CROP_MARGIN_MM + k / DC_SCAN_PX_PER_MM, DC_SCAN_PX_PER_MM);
    PIX *out = wide ? pixCreate(cw + 2 * k, ch + 2 * k, 8) : NULL;
    int rc = 0;
    if (out) {
        pixSetAll(out);   /* paper where the warp falls short by a rounding */
        pixRasterop(out, 0, 0, pixGetWidth(wide), pixGetHeight(wide), PIX_SRC, wide, 0, 0);
        pixRasterop(out, k, k, cw, ch, PIX_SRC, crop, 0, 0);
        rc = keep_crop(fv, out, w);
    } else {
        rc = dc_error_set(DC_ERR_NOMEM, "crop of %s", fv->id);
    }
    pixDestroy(&wide);
    pixDestroy(&out);
    return rc;
}

/* Bit i for each crossed[i], i < 32 (dc_field_value.crossed). */
static uint32_t crossed_mask(const bool *crossed, size_t n)
{
    uint32_t m = 0;
    for (size_t i = 0; i < n && i < 32; i++)
        if (crossed[i])
            m |= (uint32_t)1 << i;
    return m;
}

/* ---- OMR ---- */

dc_omr_state dc_scan_omr_classify(double r, double *confidence)
{
    double c;
    dc_omr_state st;
    if (r < DC_OMR_EMPTY_MAX) {
        st = DC_OMR_EMPTY;
        c = 1.0 - 0.5 * r / DC_OMR_EMPTY_MAX;
    } else if (r < DC_OMR_TICK_MIN) {
        st = DC_OMR_UNCLEAR;
        c = 0.3;
    } else if (r <= DC_OMR_TICK_MAX) {
        st = DC_OMR_TICKED;
        double m = fmin(r - DC_OMR_TICK_MIN, DC_OMR_TICK_MAX - r) / (DC_OMR_TICK_MAX - DC_OMR_TICK_MIN);
        c = 0.9 + m * 0.2;
    } else if (r < DC_OMR_FILLED_MIN) {
        st = DC_OMR_UNCLEAR;
        c = 0.3;
    } else {
        st = DC_OMR_FILLED;
        c = 0.9 + 0.1 * (r - DC_OMR_FILLED_MIN) / (1.0 - DC_OMR_FILLED_MIN);
    }
    if (confidence)
        *confidence = c > 1 ? 1 : c;
    return st;
}

static dc_omr_state omr_box_at(PIX *crop, double ox, double oy, dc_box_mm b, bool faint_ok, double *conf)
{
    PIX *bin = writing_in(NULL, crop, ox, oy, b, DC_OMR_INSET_MM, DC_SCAN_PX_PER_MM, 3, faint_ok);
    if (!bin) {
        *conf = 0;
        return DC_OMR_UNCLEAR;
    }
    double r = scan_ink_ratio(bin);
    pixDestroy(&bin);
    return dc_scan_omr_classify(r, conf);
}

#define OMR_RING_FROM_MM 0.4     /* the ring around a box starts past its printed border ... */
#define OMR_RING_TO_MM 1.0       /* ... and ends at the crop's edge (CROP_MARGIN_MM) */
#define OMR_RING_INK_MAX 0.03    /* more ink than this in the ring: the box's ink runs out of it */
#define OMR_EDGE_INSET_MM 0.3    /* a cancelled box is inked right up to its printed border ... */
#define OMR_EDGE_FILL_MIN 0.99   /* ... all of it (a marker's X leaves gaps between its arms) */

#define LINE_ACROSS_MIN 0.9   /* a band of writing this full runs across what is looked at ... */
#define LINE_BAND_PX 3          /* ... a band this many rows (columns) high: a thin line lies astride two */
#define LINE_ALONE_MIN 0.4      /* a band holding nearly all the ink (LINE_ALONE_INK) this full: a */
#define LINE_ALONE_INK 0.9      /* light line the binarisation broke, with nothing else written */

#define LINE_END 0.08           /* ... and runs out at both ends: inked within this share of each */

/* Whether a band of LINE_BAND_PX rows of 1-bpp `bin` (transposed: columns) is inked along at least
 * LINE_ACROSS_MIN of its width (in any of its rows at each x), or along LINE_ALONE_MIN of it while
 * holding LINE_ALONE_INK of all the ink; either way inked near both ends (LINE_END), so that it runs
 * on past what is looked at. (A box's printed side with a big tick's stroke going on from it covers
 * 90% of the ring's height, but stops at the box's bottom.) */
static bool band_across(PIX *bin)
{
    const int w = pixGetWidth(bin), h = pixGetHeight(bin), wpl = pixGetWpl(bin);
    const l_uint32 *data = pixGetData(bin);
    int *rows = calloc((size_t)h, sizeof *rows);
    if (!rows)
        return false;
    long total = 0;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++)
            rows[y] += GET_DATA_BIT(data + (size_t)y * wpl, x) != 0;
        total += rows[y];
    }
    bool found = false;
    for (int y = 0; y < h && !found; y++) {
        int inked = 0;
        long in_band = 0;
        for (int k = 0; k < LINE_BAND_PX && y + k < h; k++)
            in_band += rows[y + k];
        bool first = false, last = false;
        const int end = (int)(LINE_END * w) + 1;
        for (int x = 0; x < w; x++) {
            bool any = false;
            for (int k = 0; k < LINE_BAND_PX && y + k < h && !any; k++)
                any = GET_DATA_BIT(data + (size_t)(y + k) * wpl, x) != 0;
            inked += any;
            first = first || (any && x < end);
            last = last || (any && x >= w - end);
        }
        found = first && last &&
                (inked >= LINE_ACROSS_MIN * w ||
                 (inked >= LINE_ALONE_MIN * w && total > 0 && in_band >= LINE_ALONE_INK * (double)total));
    }
    free(rows);
    return found;
}

/* Whether binarised writing `bin` holds a line running across it: a band of LINE_BAND_PX rows
 * inked along at least LINE_ACROSS_MIN of its width, or such a band of columns down its height;
 * or such a band inked along LINE_ALONE_MIN and holding nearly all the ink (a light line broken
 * by the binarisation). A fold, a crease or the shadow of one, a ruler line: no tick or signature
 * is drawn so straight and so long, nor fits in a band so thin. */
bool scan_line_across(PIX *bin)
{
    if (!bin || pixGetDepth(bin) != 1)
        return false;
    if (band_across(bin))
        return true;
    PIX *turned = pixRotateOrth(bin, 1);
    const bool found = turned && band_across(turned);
    pixDestroy(&turned);
    return found;
}

#define OMR_CROSS_MM 0.8   /* the ring looked at for a line across: the crop's edge row can be unset */

/* Whether a line runs across box b and on past it (scan_line_across over the box and the ring
 * around it, OMR_CROSS_MM): its ink in the box is no tick, however much of it there is. */
static bool box_crossed(PIX *crop, double ox, double oy, dc_box_mm b, bool faint_ok)
{
    const dc_box_mm around = {b.x - OMR_CROSS_MM, b.y - OMR_CROSS_MM, b.w + 2 * OMR_CROSS_MM, b.h + 2 * OMR_CROSS_MM};
    PIX *bin = writing_in(NULL, crop, ox, oy, around, 0, DC_SCAN_PX_PER_MM, 3, faint_ok);
    const bool crossed = scan_line_across(bin);
    pixDestroy(&bin);
    return crossed;
}

/* The share of the ring around box b (OMR_RING_FROM_MM to OMR_RING_TO_MM out of it) that holds
 * writing, at the part's ink level. */
static double ring_ink(PIX *crop, double ox, double oy, dc_box_mm b, bool faint_ok)
{
    const double d = OMR_RING_TO_MM - OMR_RING_FROM_MM, o = OMR_RING_TO_MM;
    const dc_box_mm strip[4] = {
        {b.x - o, b.y - o, b.w + 2 * o, d},                      /* above */
        {b.x - o, b.y + b.h + OMR_RING_FROM_MM, b.w + 2 * o, d}, /* below */
        {b.x - o, b.y - OMR_RING_FROM_MM, d, b.h + 2 * OMR_RING_FROM_MM},             /* left */
        {b.x + b.w + OMR_RING_FROM_MM, b.y - OMR_RING_FROM_MM, d, b.h + 2 * OMR_RING_FROM_MM}, /* right */
    };
    double ink = 0, area = 0;
    for (int k = 0; k < 4; k++) {
        PIX *bin = writing_in(NULL, crop, ox, oy, strip[k], 0, DC_SCAN_PX_PER_MM, 3, faint_ok);
        if (!bin)
            continue;
        double a = (double)pixGetWidth(bin) * pixGetHeight(bin);
        ink += scan_ink_ratio(bin) * a;
        area += a;
        pixDestroy(&bin);
    }
    return area > 0 ? ink / area : 0;
}

/* Whether a box read as fully inked is a cancelled tick: inked right up to its printed border,
 * and its ink staying in the box. A tick or an X made with a felt-tip marker also fills the middle
 * of a 4.5 mm box, but leaves gaps at its edges between the strokes, or runs out of it. */
static bool cancelled_box(PIX *crop, double ox, double oy, dc_box_mm b, bool faint_ok)
{
    PIX *edge = writing_in(NULL, crop, ox, oy, b, OMR_EDGE_INSET_MM, DC_SCAN_PX_PER_MM, 3, faint_ok);
    const bool full = edge && scan_ink_ratio(edge) >= OMR_EDGE_FILL_MIN;
    pixDestroy(&edge);
    return full && ring_ink(crop, ox, oy, b, faint_ok) <= OMR_RING_INK_MAX;
}

/* A box read at its part's ink level (faint_ok: the part is written faintly).
 * - In a part written in pen, a box that is empty at the pen's level but holds writing at the
 *   faint level (a tick in pencil among pen writing) is unclear, so a person looks: read at the
 *   pen's level it would be an empty box, confidently, and a pencil tick a silent "no".
 * - A fully inked box that is not clearly a cancelled tick (cancelled_box: a marker's thick tick)
 *   is unclear: read as cancelled it would be a silent "no".
 * - A box with ink in it that a line runs across (box_crossed: a fold or its shadow over a row of
 *   boxes) is unclear: the line's ink read as a tick was a silent "yes". */
static dc_omr_state omr_box(PIX *crop, double ox, double oy, dc_box_mm b, bool faint_ok, double *conf)
{
    dc_omr_state st = omr_box_at(crop, ox, oy, b, faint_ok, conf);
    double faint_conf;
    if ((!faint_ok && st == DC_OMR_EMPTY && omr_box_at(crop, ox, oy, b, true, &faint_conf) != DC_OMR_EMPTY) ||
        (st == DC_OMR_FILLED && !cancelled_box(crop, ox, oy, b, faint_ok)) ||
        (st != DC_OMR_EMPTY && box_crossed(crop, ox, oy, b, faint_ok))) {
        *conf = 0;
        st = DC_OMR_UNCLEAR;
    }
    return st;
}

/* A box read empty with a mark beside it (scan_mark_beside: a tick made next to the box) is
 * unclear: read as empty it would be a silent "no". *beside tells whether that happened. */
static int unless_mark_beside(dc_omr_state *st, double *conf, bool *beside, const scan_worker_ctx *w, PIX *grey,
                              const dc_scan_registration *reg, dc_box_mm b)
{
    bool found = false;
    int rc = scan_mark_beside(&found, w, grey, reg, w->tmpl, b);
    if (!rc && found) {
        *st = DC_OMR_UNCLEAR;
        *conf = 0;
        *beside = true;
    }
    return rc;
}

/* Keeps the crop of a box field: `crop`, or when a mark beside a box sent it to review, the boxes
 * `u` with the window looked at (the person reviewing must see the mark). */
static int keep_box_crop(dc_field_value *fv, PIX *crop, bool beside, const scan_worker_ctx *w, PIX *grey,
                         const dc_scan_registration *reg, dc_box_mm u, double box_w)
{
    if (!beside || !w->keep_crops)
        return keep_crop(fv, crop, w);
    PIX *wide = scan_warp(grey, reg->h, u, SCAN_BESIDE_WIDTHS * box_w, DC_SCAN_PX_PER_MM);
    if (!wide)
        return dc_error_set(DC_ERR_NOMEM, "crop of %s", fv->id);
    int rc = keep_crop(fv, wide, w);
    pixDestroy(&wide);
    return rc;
}

static int read_checkbox(dc_field_value *fv, const scan_worker_ctx *w, PIX *grey, const dc_scan_registration *reg,
                         const dc_field *f)
{
    PIX *crop = scan_warp(grey, reg->h, f->box, CROP_MARGIN_MM, DC_SCAN_PX_PER_MM);
    if (!crop)
        return dc_error_set(DC_ERR_NOMEM, "crop of %s", f->id);
    double conf;
    dc_omr_state st = omr_box(crop, f->box.x - CROP_MARGIN_MM, f->box.y - CROP_MARGIN_MM, f->box, w->faint, &conf);
    bool beside = false;
    int rc = st == DC_OMR_EMPTY ? unless_mark_beside(&st, &conf, &beside, w, grey, reg, f->box) : 0;
    if (rc) {
        pixDestroy(&crop);
        return rc;
    }
    switch (st) {
    case DC_OMR_TICKED:
        rc = set_value(fv, "true", conf, DC_STATE_ACCEPTED);
        break;
    case DC_OMR_EMPTY:
    case DC_OMR_FILLED:
        rc = set_value(fv, "false", conf, DC_STATE_ACCEPTED);
        break;
    case DC_OMR_UNCLEAR:
    default:
        rc = set_review(fv, NULL, conf, DC_WHY_UNCLEAR_BOX);
        break;
    }
    if (!rc)
        rc = keep_box_crop(fv, crop, beside, w, grey, reg, f->box, f->box.w);
    pixDestroy(&crop);
    return rc;
}

static int read_choice(dc_field_value *fv, const scan_worker_ctx *w, PIX *grey, const dc_scan_registration *reg,
                       const dc_field *f)
{
    if (f->noptions == 0)
        return set_review(fv, NULL, 0, DC_WHY_UNREAD);
    dc_box_mm *boxes = malloc(f->noptions * sizeof *boxes);
    if (!boxes)
        return dc_error_set(DC_ERR_NOMEM, "choice %s", f->id);
    for (size_t i = 0; i < f->noptions; i++)
        boxes[i] = f->options[i].box;
    dc_box_mm u = union_box(boxes, f->noptions);
    free(boxes);
    PIX *crop = scan_warp(grey, reg->h, u, CROP_MARGIN_MM, DC_SCAN_PX_PER_MM);
    if (!crop)
        return dc_error_set(DC_ERR_NOMEM, "crop of %s", f->id);
    int ticked = 0, unclear = 0;
    size_t which = 0;
    double minconf = 1, box_w = 0;
    bool beside = false;
    char several[256] = "";   /* the options ticked, joined by '+' (several boxes ticked) */
    for (size_t i = 0; i < f->noptions; i++) {
        double c;
        dc_omr_state st = omr_box(crop, u.x - CROP_MARGIN_MM, u.y - CROP_MARGIN_MM, f->options[i].box, w->faint, &c);
        box_w = fmax(box_w, f->options[i].box.w);
        int brc = st == DC_OMR_EMPTY ? unless_mark_beside(&st, &c, &beside, w, grey, reg, f->options[i].box) : 0;
        if (brc) {
            pixDestroy(&crop);
            return brc;
        }
        if (c < minconf)
            minconf = c;
        if (st == DC_OMR_TICKED) {
            ticked++;
            which = i;
            size_t at = strlen(several);
            snprintf(several + at, sizeof several - at, "%s%s", at ? "+" : "", f->options[i].value);
        } else if (st == DC_OMR_UNCLEAR) {
            unclear++;
        }
    }
    int rc;
    if (ticked == 1 && unclear == 0)
        rc = set_value(fv, f->options[which].value, minconf, DC_STATE_ACCEPTED);
    else if (ticked == 1)
        rc = set_review(fv, f->options[which].value, 0.4, DC_WHY_UNCLEAR_BOX);
    else if (ticked > 1)   /* several: a person decides, shown which (a tick crossed out, or both meant) */
        rc = set_review(fv, several, 0.2, DC_WHY_SEVERAL);
    else   /* none: a person decides */
        rc = set_review(fv, NULL, 0.5, unclear ? DC_WHY_UNCLEAR_BOX : DC_WHY_NO_CHOICE);
    if (!rc)
        rc = keep_box_crop(fv, crop, beside, w, grey, reg, u, box_w);
    pixDestroy(&crop);
    return rc;
}

/* The share of signature zone f covered by writing, at the pen's level or (faint_ok) the faint one;
 * *line (when not NULL) tells whether a line runs across the zone (scan_line_across). */
static double signature_ink(PIX *crop, const dc_field *f, bool faint_ok, bool *line)
{
    PIX *bin = writing_in(NULL, crop, f->zone.x - CROP_MARGIN_MM, f->zone.y - CROP_MARGIN_MM, f->zone, SIG_INSET_MM,
                          SIG_PX_PER_MM, 3, faint_ok);
    double r = bin ? scan_ink_ratio(bin) : 0;
    if (line)
        *line = scan_line_across(bin);
    pixDestroy(&bin);
    return r;
}

static int read_signature(dc_field_value *fv, const scan_worker_ctx *w, PIX *grey, const dc_scan_registration *reg,
                          const dc_field *f)
{
    PIX *crop = scan_warp(grey, reg->h, f->zone, CROP_MARGIN_MM, SIG_PX_PER_MM);
    if (!crop)
        return dc_error_set(DC_ERR_NOMEM, "crop of %s", f->id);
    bool line = false;
    double r = signature_ink(crop, f, w->faint, &line);
    int rc;
    if (r <= SIG_EMPTY_MAX && !w->faint && signature_ink(crop, f, true, NULL) > SIG_EMPTY_MAX)
        rc = set_review(fv, NULL, 0, DC_WHY_FAINT);   /* a signature in pencil among pen writing (omr_box) */
    else if (r > SIG_EMPTY_MAX && line)   /* a fold's line across the zone, signed or not: a person looks */
        rc = set_review(fv, NULL, 0, DC_WHY_LINE);
    else if (r <= SIG_EMPTY_MAX)
        rc = set_value(fv, "false", 1.0 - 0.5 * r / SIG_EMPTY_MAX, DC_STATE_ACCEPTED);
    else if (r >= SIG_INK_MIN)
        rc = set_value(fv, "true", fmin(1.0, 0.9 + r), DC_STATE_ACCEPTED);
    else
        rc = set_value(fv, NULL, 0.3, DC_STATE_REVIEW);
    if (!rc)
        rc = keep_crop(fv, crop, w);
    pixDestroy(&crop);
    return rc;
}

/* ---- text ---- */

static bool in_charset(const char *cs, const char *t)
{
    if (!cs)
        return true;
    if (t[0] == '\0' || t[1] != '\0')
        return false; /* one byte per symbol in our charsets */
    return strchr(cs, t[0]) != NULL;
}

size_t scan_squeeze_blanks(char *s, bool any_space, bool upper)
{
    char *o = s;
    bool sp = true;
    for (char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (any_space ? isspace(c) != 0 : c == ' ') {
            if (!sp)
                *o++ = ' ';
            sp = true;
        } else {
            *o++ = upper ? (char)toupper(c) : (char)c;
            sp = false;
        }
    }
    if (o > s && o[-1] == ' ')
        o--;
    *o = '\0';
    return (size_t)(o - s);
}

/* Collapses runs of spaces and trims. In place. */
static void tidy_spaces(char *s)
{
    scan_squeeze_blanks(s, false, false);
}

/* A lone symbol that is neither a letter nor a digit at either end of a reading, set off by a
 * space ("SERVER /", ", PT ICON"), or the whole reading, is a stray mark: the long stroke of a
 * tick in a neighbouring box, or a dot, that reached into the field. The reading `v` (tidied by
 * tidy_spaces) without them is v[*from] to v[*to - 1]; true when there was one. */
static bool find_stray_marks(const char *v, size_t *from, size_t *to)
{
    const size_t n = strlen(v);
    size_t a = 0, b = n;
    while (b - a >= 2 && v[b - 2] == ' ' && !isalnum((unsigned char)v[b - 1]))
        b -= 2;
    while (b - a >= 2 && v[a + 1] == ' ' && !isalnum((unsigned char)v[a]))
        a += 2;
    if (b - a == 1 && !isalnum((unsigned char)v[a]))
        a = b;
    *from = a;
    *to = b;
    return a != 0 || b != n;
}

/* Removes the stray marks (find_stray_marks) from `v` in place; true when there was one. */
static bool drop_stray_marks(char *v)
{
    size_t a, b;
    if (!find_stray_marks(v, &a, &b))
        return false;
    memmove(v, v + a, b - a);
    v[b - a] = '\0';
    return true;
}

/* Codes (serial numbers: letters and digits) have no language to lean on, and Tesseract confuses
 * I/J, O/0 in them at high confidence: they are accepted only when a second model agrees. */
static bool code_like(const char *cs)
{
    /* letters and digits but no space: a serial number, not words */
    return cs && strpbrk(cs, "0123456789") && strpbrk(cs, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") && !strchr(cs, ' ');
}

static const char *second_lang(const char *lang)
{
    return lang && strcmp(lang, "eng") == 0 ? "ind" : "eng";
}

/* The value without spaces (to compare readings whose word gaps differ). */
static bool same_nonspace(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        if (*a != *b)
            return false;
        if (!*a)
            return true;
        a++;
        b++;
    }
}

/* ---- readings that vote ---- */

int scan_code_doubts(const scan_ocr_symbol *a, const scan_ocr_symbol *b, size_t n, const bool *ring, bool *doubt)
{
    int nd = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(a[i].text, b[i].text) != 0 || a[i].conf < CODE_VOTE_FLOOR)
            return -1;
        doubt[i] = a[i].conf < SCAN_VOTE_BAR || (ring && ring[i] && b[i].conf < SCAN_VOTE_BAR);
        nd += doubt[i];
    }
    return nd;
}

bool scan_code_doubts_settled(const scan_ocr_symbol *a, const scan_ocr_symbol *b, const scan_ocr_symbol *c,
                              size_t n, const bool *doubt)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(a[i].text, c[i].text) != 0)
            return false;
        if (doubt[i] && fmax(a[i].conf, fmax(b[i].conf, c[i].conf)) < SCAN_VOTE_BAR)
            return false;
    }
    return true;
}

/* Copies the non-space symbols of s[0..ns) to out (room for ns) and, when `flags` is given, their
 * flags to out_flags; returns how many. */
static size_t drop_spaces(const scan_ocr_symbol *s, size_t ns, const bool *flags, scan_ocr_symbol *out,
                          bool *out_flags)
{
    size_t k = 0;
    for (size_t i = 0; i < ns; i++) {
        if (s[i].text[0] == ' ')
            continue;
        if (flags)
            out_flags[k] = flags[i];
        out[k++] = s[i];
    }
    return k;
}

/* A reading's symbols (with ' ' between words; *syms belongs to the caller). */
static int reading(scan_ocr_symbol **syms, size_t *ns, scan_worker_ctx *w, PIX *img, const char *lang,
                   const char *charset)
{
    return scan_ocr_line(w->ocr, img, (int)(DC_SCAN_PX_PER_MM * 25.4 + 0.5), lang, charset, syms, ns);
}

/* Non-space symbols of a second reading of `img` by the model `lang2`, concatenated; *out belongs
 * to the caller. Comb text is read again by the other language's model (it does not share the
 * first model's habits: Y/T, M/N). Codes in zones (device serials, lang eng) are read again by
 * the same model on the binary crop instead of the grey one: `ind` misreads printed Q/0/G/S in
 * codes (SNWX8299QUK read SNWX82990UK, SN5CG4352CHU read SN5C6G4352CHU) and sent about one
 * printed serial in ten to review; O/0 and I/1, the confusions both eng readings share, are
 * checked by shape (scan_code_shape_confirms). (The same for free-text zones, device models,
 * kept a few more printed models but accepted 4 more handwritten misreadings on seed 21 hand-only
 * (APL SMART UPS, KOUTER, TUNIPER): two eng readings share handwriting habits.) Seeds:
 * scan/README.md. */
static int second_reading(char **out, scan_worker_ctx *w, PIX *img, const char *lang2, const char *charset)
{
    *out = NULL;
    scan_ocr_symbol *syms = NULL;
    size_t ns = 0;
    int rc = scan_ocr_line(w->ocr, img, (int)(DC_SCAN_PX_PER_MM * 25.4 + 0.5), lang2, charset, &syms, &ns);
    if (rc)
        return rc;
    char *v = calloc(ns * 8 + 1, 1);
    if (!v) {
        free(syms);
        return dc_error_set(DC_ERR_NOMEM, "second reading");
    }
    for (size_t i = 0; i < ns; i++)
        if (syms[i].text[0] != ' ')
            strcat(v, syms[i].text);
    free(syms);
    *out = v;
    return 0;
}

/* Whether an accepted-looking reading survives its second reading by the model `lang2` (see the
 * top of the file and second_reading). */
static int confirm(bool *accept, scan_worker_ctx *w, PIX *img, const char *lang2, const char *charset,
                   const char *value)
{
    if (!*accept)
        return 0;
    char *again = NULL;
    int rc = second_reading(&again, w, img, lang2, charset);
    *accept = !rc && same_nonspace(value, again);
    free(again);
    return rc;
}

/* Evaluation (DCACCESS_TEXT_EXPERIMENT=cell): every inked cell read on its own as one character
 * (PSM_SINGLE_CHAR, charset without the space). *value (caller frees) has a space for empty cells,
 * '?' where a cell gave no single symbol of the charset (then *ok is false); *conf the lowest. */
static int read_cells_single(char **value, double *conf, bool *ok, scan_worker_ctx *w, PIX *const *bins,
                             const int *ink, size_t n, const char *lang, const char *charset)
{
    char wl[128] = "";
    if (charset)
        for (const char *c = charset; *c && strlen(wl) + 1 < sizeof wl; c++)
            if (*c != ' ')
                strncat(wl, c, 1);
    char *v = calloc(n + 1, 1);
    if (!v)
        return dc_error_set(DC_ERR_NOMEM, "cell reading");
    *conf = 1;
    *ok = true;
    for (size_t i = 0; i < n; i++) {
        if (!ink[i] || !bins[i]) {
            v[i] = ' ';
            continue;
        }
        scan_ocr_symbol *syms = NULL;
        size_t ns = 0;
        int rc = scan_ocr_read(w->ocr, bins[i], (int)(DC_SCAN_PX_PER_MM * 25.4 + 0.5), lang, charset ? wl : NULL,
                               true, &syms, &ns);
        if (rc) {
            free(v);
            return rc;
        }
        if (ns == 1 && syms[0].text[0] != ' ' && in_charset(charset, syms[0].text)) {
            v[i] = syms[0].text[0];
            if (syms[0].conf < *conf)
                *conf = syms[0].conf;
        } else {
            v[i] = '?';
            *ok = false;
            *conf = 0;
        }
        free(syms);
    }
    tidy_spaces(v);
    *value = v;
    return 0;
}

/* Fields only data-center staff names go into (template "lexicon": "staff"): read against the
 * site's staff roster when there is one. A reading within a quarter
 * of the letters of exactly one roster name, every other name at least 3 edits further, is taken
 * for that name; handwriting-font names misread in one or two letters are then decided without a
 * person. A reading near no roster name (a new colleague) follows the text policy. */
static bool staff_field(const dc_field *f)
{
    return f->lexicon == DC_LEXICON_STAFF;
}

/* The roster name a staff field's reading stands for (*name NULL: none). When the first reading
 * matches no name, the other language's model reads the line again and its reading may match
 * (it misreads other letters than the first: dkg's AHMAD FAUZI read KEMAD FAUZA by `ind`). */
static int staff_match(const char **name, double *dist, scan_worker_ctx *w, PIX *line, const dc_field *f,
                       const char *value)
{
    *name = scan_roster_match(w->staff, value, dist);
    if (*name)
        return 0;
    char *again = NULL;
    int rc = second_reading(&again, w, line, second_lang(f->lang), f->charset);
    if (rc)
        return rc;
    *name = scan_roster_match(w->staff, again, dist);
    free(again);
    return 0;
}

/* Whether a comb text reading is a value a person checked in this field before (dc_scan_known):
 * long enough, and exactly one of them. */
static bool known_text(const scan_worker_ctx *w, const dc_field *f, const char *value)
{
    return w->tmpl && strlen(value) >= DC_SCAN_KNOWN_TEXT_MIN && !strchr(value, '?') &&
           scan_known_has(w->known, w->tmpl->form, f->id, value);
}

static int text_past_comb(scan_worker_ctx *w, PIX *grey, const dc_scan_registration *reg, PIX *crop, double ox,
                          double oy, const dc_field *f, PIX **bins, int *ink, PIX ***vote, int **vote_ink,
                          uint32_t *mask);

/* The value of comb text field f from a line reading (syms, ns) of the line composed of its inked
 * cells (ink, x0, x1): each inked cell must receive exactly one symbol of the charset, else '?';
 * value holds n + 1 bytes; *conf the lowest symbol confidence (0 with a '?'), *ok whether every
 * inked cell got one. sym_of: n ints of scratch. */
static void cells_value(char *value, double *conf, bool *ok, const scan_ocr_symbol *syms, size_t ns, const int *x0,
                        const int *x1, const int *ink, int *sym_of, const dc_field *f)
{
    const size_t n = f->ncells;
    int stray = scan_symbols_to_cells(syms, ns, x0, x1, n, sym_of);
    *conf = 1;
    *ok = stray == 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!ink[i]) {
            value[k++] = ' ';
            continue;
        }
        if (sym_of[i] < 0) {
            *ok = false;
            value[k++] = '?';
            *conf = 0;
            continue;
        }
        const scan_ocr_symbol *s = &syms[sym_of[i]];
        if (!in_charset(f->charset, s->text) || s->text[0] == ' ') {
            *ok = false;
            value[k++] = '?';
            *conf = 0;
            continue;
        }
        value[k++] = s->text[0];
        if (s->conf < *conf)
            *conf = s->conf;
    }
    value[k] = '\0';
    tidy_spaces(value);
}

/* The reading of the line composed of the cells' windows (text_past_comb's vote): *value (n + 1
 * bytes, the caller's), *conf and *ok as cells_value gives them, and *line that line (the caller's;
 * NULL, with an empty value, when no window holds ink). 0, DC_ERR_NOMEM or an OCR error. */
static int read_windows(char *value, double *conf, bool *ok, PIX **line, scan_worker_ctx *w, PIX *const *framed,
                        const int *fink, const dc_field *f, const char *lang, int ppi)
{
    const size_t n = f->ncells;
    value[0] = '\0';
    *conf = 0;
    *ok = false;
    int *x0 = calloc(n, sizeof *x0), *x1 = calloc(n, sizeof *x1), *sym_of = calloc(n, sizeof *sym_of);
    *line = x0 && x1 && sym_of ? scan_compose_line(framed, fink, n, x0, x1) : NULL;
    scan_ocr_symbol *syms = NULL;
    size_t ns = 0;
    int rc = 0;
    if (!x0 || !x1 || !sym_of)
        rc = dc_error_set(DC_ERR_NOMEM, "text field %s", f->id);
    else if (*line)
        rc = scan_ocr_line(w->ocr, *line, ppi, lang, f->charset, &syms, &ns);
    if (!rc && *line)
        cells_value(value, conf, ok, syms, ns, x0, x1, fink, sym_of, f);
    if (rc)
        pixDestroy(line);
    free(syms);
    free(x0);
    free(x1);
    free(sym_of);
    return rc;
}

/* Whether the letter recognizer can read field f: a comb of letters only (A-Z and the charset's
 * word gaps and punctuation, which it leaves unread and so never agrees on). */
static bool letters_field(const scan_worker_ctx *w, const dc_field *f)
{
    if (!w->letters || !f->charset)
        return false;
    for (const char *c = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"; *c; c++)
        if (!strchr(f->charset, *c))
            return false;
    return true;
}

/* The letter recognizer's reading of a comb text field: one letter per inked cell (`greys`: the
 * cells' insides, grey), ' ' for a cell without ink, word gaps tidied as the line reading's; '?'
 * for ink in which it sees no letter (unreadable ink, or ink it calls an empty cell). value holds
 * n + 1 bytes. *lowest: the lowest confidence (dc_icr_letter.confidence) of an inked cell, 0 when
 * one holds a '?'. cellconf (n entries, or NULL): the confidence of each inked cell's letter, in
 * the order of the cells (0 for a '?'), one entry per non-space character of value. 0 or the
 * recognizer's error. */
static int letters_value(char *value, double *lowest, double *cellconf, const scan_worker_ctx *w, PIX *const *greys,
                         const int *ink, size_t n)
{
    *lowest = 1;
    size_t k = 0, c = 0;
    for (size_t i = 0; i < n; i++) {
        if (!ink[i]) {
            value[k++] = ' ';
            continue;
        }
        double cc = 0;
        if (!greys[i]) {   /* ink found only past the comb (text_past_comb): not read here */
            value[k++] = '?';
            *lowest = 0;
        } else {
            dc_icr_letter l;
            int rc = dc_icr_classify_letter(w->letters, greys[i], &l);
            if (rc)
                return rc;
            const bool letter = l.letter >= 'A' && l.letter <= 'Z';
            value[k++] = letter ? l.letter : '?';
            if (!letter)
                *lowest = 0;
            else if ((cc = l.confidence) < *lowest)
                *lowest = l.confidence;
        }
        if (cellconf)
            cellconf[c++] = cc;
    }
    value[k] = '\0';
    tidy_spaces(value);
    return 0;
}

/* The characters of s that are not spaces. */
static size_t nonspace(const char *s)
{
    size_t k = 0;
    for (; *s; s++)
        k += *s != ' ';
    return k;
}

bool scan_letters_veto(const char *line, const char *letters, const double *cellconf, double bar)
{
    if (nonspace(line) != nonspace(letters))
        return false;   /* the cells cannot be paired */
    size_t c = 0;
    for (const char *a = line, *b = letters; *a && *b; a++, b++, c++) {
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        if (!*a || !*b)
            break;   /* spaces at the end */
        const bool la = *a >= 'A' && *a <= 'Z', lb = *b >= 'A' && *b <= 'Z';
        if (la && lb && *a != *b && cellconf[c] >= bar)
            return true;
    }
    return false;
}

/* The letter recognizer's lowest cell margin at which its reading vetoes a line reading that passed
 * the text policy (chosen on the tuning corpora, scan/README.md). */
#define LETTERS_VETO_CONF 0.9

/* Comb text: each inked cell must receive exactly one symbol of the charset. */
static int read_comb_text(dc_field_value *fv, scan_worker_ctx *w, PIX *grey, const dc_scan_registration *reg,
                          PIX *crop, double ox, double oy, const dc_field *f)
{
    size_t n = f->ncells;
    PIX **bins = calloc(n, sizeof *bins);
    int *ink = calloc(n, sizeof *ink), *x0 = calloc(n, sizeof *x0), *x1 = calloc(n, sizeof *x1);
    int *sym_of = calloc(n, sizeof *sym_of);
    char *value = calloc(n + 1, 1);
    scan_ocr_symbol *syms = NULL;
    size_t ns = 0;
    PIX **vote = NULL;      /* the cells' windows, when letters lie on the comb's lines */
    int *vote_ink = NULL;
    char *wvalue = calloc(n + 1, 1);   /* ... and their reading */
    PIX *wline = NULL;
    const bool by_letters = letters_field(w, f);
    PIX **greys = calloc(n, sizeof *greys);   /* the cells' insides, for the letter recognizer */
    char *lvalue = calloc(n + 1, 1);          /* ... and its reading */
    int rc = 0, inked = 0;
    if (!bins || !ink || !x0 || !x1 || !sym_of || !value || !wvalue || !greys || !lvalue) {
        rc = dc_error_set(DC_ERR_NOMEM, "text field %s", f->id);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        PIX *in = clip_mm(crop, ox, oy, f->cells[i], CELL_INSET_MM, DC_SCAN_PX_PER_MM);
        bins[i] = in ? writing_in(in, crop, ox, oy, f->cells[i], CELL_INSET_MM, DC_SCAN_PX_PER_MM, SPECK_PX,
                                  w->faint)
                     : NULL;
        ink[i] = bins[i] && scan_ink_ratio(bins[i]) >= CELL_INK_MIN;
        inked += ink[i];
        if (in && ink[i] && scan_text_experiment("thr190")) {
            pixDestroy(&bins[i]);
            bins[i] = scan_binarize(in, 190, SPECK_PX);
        }
        if (bins[i] && ink[i] && scan_text_experiment("dilate")) {
            PIX *thick = pixDilateBrick(NULL, bins[i], 3, 3);
            if (thick) {
                pixDestroy(&bins[i]);
                bins[i] = thick;
            }
        }
        if (by_letters && ink[i])
            greys[i] = in;
        else
            pixDestroy(&in);
    }
    /* letters written over the comb: the line is composed of the cells' windows */
    if (w->printed && w->tmpl && !w->faint) {
        rc = text_past_comb(w, grey, reg, crop, ox, oy, f, bins, ink, &vote, &vote_ink, &fv->crossed);
        if (rc)
            goto done;
        inked = 0;
        for (size_t i = 0; i < n; i++)
            inked += ink[i];
    }
    if (!inked) {
        rc = set_value(fv, NULL, 1.0, DC_STATE_EMPTY);
        goto done;
    }
    PIX *line = scan_compose_line(bins, ink, n, x0, x1);
    if (!line) {
        rc = set_review(fv, NULL, 0, DC_WHY_UNREAD);
        goto done;
    }
    const char *lang = f->lang;
    if (scan_text_experiment("eng"))
        lang = "eng";
    int ppi = (int)(DC_SCAN_PX_PER_MM * 25.4 + 0.5);
    if (scan_text_experiment("scale70")) {
        PIX *g = pixConvert1To8(NULL, line, 255, 0);
        PIX *sm = g ? pixScale(g, 0.7, 0.7) : NULL;
        pixDestroy(&g);
        if (sm) {
            pixDestroy(&line);
            line = sm;
            for (size_t i = 0; i < n; i++)
                if (x0[i] >= 0) {
                    x0[i] = (int)(x0[i] * 0.7);
                    x1[i] = (int)(x1[i] * 0.7);
                }
            ppi = (int)(ppi * 0.7);
        }
    }
    rc = scan_ocr_line(w->ocr, line, ppi, lang, f->charset, &syms, &ns);
    if (rc) {
        pixDestroy(&line);
        goto done;
    }
    double conf = 1;
    bool ok = true;
    cells_value(value, &conf, &ok, syms, ns, x0, x1, ink, sym_of, f);
    /* letters on the comb's lines: the insides cut them, the windows hold them whole */
    double wconf = 0;
    bool wok = false;
    if (vote && (rc = read_windows(wvalue, &wconf, &wok, &wline, w, vote, vote_ink, f, lang, ppi)) != 0) {
        pixDestroy(&line);
        goto done;
    }
    const bool stray_mark = drop_stray_marks(value);   /* goes to a person, below */
    bool cell_agrees = false;
    if (scan_text_experiment("cell")) {
        char *cv = NULL;
        double cconf = 0;
        bool cok = false;
        rc = read_cells_single(&cv, &cconf, &cok, w, bins, ink, n, lang, f->charset);
        if (rc) {
            pixDestroy(&line);
            goto done;
        }
        cell_agrees = cok && strcmp(cv, value) == 0;
        if (!scan_text_experiment("cellvote")) {
            /* the per-cell reading replaces the line reading */
            snprintf(value, n + 1, "%s", cv);
            conf = cconf;
            ok = cok;
        }
        free(cv);
    }
    if (w->staff && staff_field(f)) {
        const char *name = NULL;
        double dist = -1;
        rc = staff_match(&name, &dist, w, line, f, value);
        if (!rc && !name && wline)   /* the letters whole may be a name the cut ones are not */
            rc = staff_match(&name, &dist, w, wline, f, wvalue);
        if (rc || name) {
            pixDestroy(&line);
            if (!rc)
                rc = set_value(fv, name, 1.0 - dist / (double)strlen(name),
                               stray_mark ? DC_STATE_REVIEW : DC_STATE_ACCEPTED);
            if (!rc && fv->state == DC_STATE_ACCEPTED)
                fv->basis = DC_BASIS_ROSTER;
            else if (!rc)
                fv->why = DC_WHY_STRAY;
            goto done;
        }
    }
    /* one letter is no name: a fragment of writing that lies beside the comb, read alone */
    const bool one_letter = value[0] && !value[1];
    bool accept = ok && conf >= (code_like(f->charset) ? CODE_ACCEPT_CONF : TEXT_ACCEPT_CONF) && value[0] && !stray_mark &&
                  !one_letter;
    bool known = false;   /* accepted as a value a person checked before */
    if (scan_text_experiment("cellvote"))
        accept = accept && cell_agrees; /* the per-cell reading replaces the other model's */
    else
        rc = confirm(&accept, w, line, second_lang(lang), f->charset, value);
    bool differ = false;   /* a second reading said otherwise: the reason for review */
    if (vote) { /* the letters whole must read the same */
        differ = accept && !(wok && strcmp(wvalue, value) == 0);
        accept = accept && !differ;
    }
    /* the letter recognizer, cell by cell: a second reader of another kind. Where the line reader
     * was not sure and the two read every letter alike, the value is taken (scan/README.md,
     * "Letters read twice"); where they differ, a person is shown the letter reading */
    bool by_two = false, lread = false;
    double lconf = 0;
    if (!rc && !accept && by_letters && !stray_mark) {
        rc = letters_value(lvalue, &lconf, NULL, w, greys, ink, n);
        lread = !rc && lconf > 0;   /* a letter in every inked cell */
        accept = by_two = lread && ok && value[0] && !one_letter && strcmp(lvalue, value) == 0 &&
                          (!vote || (wok && strcmp(wvalue, value) == 0));
    }
    /* ... and where the line reader was sure, a letter reading sure of every letter that says
     * otherwise, or sure of one letter in a cell where the line reading has another, sends the
     * value to a person (scan/README.md, "Letters read twice": the veto) */
    if (!rc && accept && !by_two && by_letters && !scan_text_experiment("noveto")) {
        double vconf = 0;   /* the line reading stays the suggestion: the line reader was the surer */
        double *cellconf = calloc(n, sizeof *cellconf);
        rc = cellconf ? letters_value(lvalue, &vconf, cellconf, w, greys, ink, n)
                      : dc_error_set(DC_ERR_NOMEM, "text field %s", f->id);
        accept = rc || ((vconf < LETTERS_VETO_CONF || strcmp(lvalue, value) == 0) &&
                        !scan_letters_veto(value, lvalue, cellconf, LETTERS_VETO_CONF));
        differ = differ || !accept;
        free(cellconf);
    }
    /* a name a person checked on an earlier visit, read exactly (the cut letters or the whole) */
    if (!rc && !accept && !stray_mark && !one_letter) {
        if (ok && known_text(w, f, value)) {
            accept = known = true;
        } else if (vote && wok && known_text(w, f, wvalue)) {
            snprintf(value, n + 1, "%s", wvalue);
            conf = wconf;
            accept = known = true;
        } else if (lread && known_text(w, f, lvalue) && !scan_text_experiment("noknownletters")) {
            snprintf(value, n + 1, "%s", lvalue);   /* the letter reading, exactly as checked */
            conf = lconf;
            accept = known = true;
        }
    }
    /* the letter reading where the two readers differ (measured: more often the paper's) */
    if (!rc && !accept && lread && strcmp(lvalue, value) != 0) {
        differ = true;
        snprintf(value, n + 1, "%s", lvalue);
        conf = lconf;
    }
    /* when they do not, a person is shown the surer reading; whole letters are read whole */
    if (!rc && !accept && wok && wconf > conf && strcmp(wvalue, value) != 0) {
        snprintf(value, n + 1, "%s", wvalue);
        conf = wconf;
    }
    pixDestroy(&line);
    if (!rc)
        rc = set_value(fv, value, conf, accept ? DC_STATE_ACCEPTED : DC_STATE_REVIEW);
    if (!rc && !accept)
        fv->why = stray_mark || one_letter ? DC_WHY_STRAY
                  : fv->crossed            ? DC_WHY_CROSSED
                  : differ                 ? DC_WHY_DISAGREE
                                           : DC_WHY_UNSURE;
    if (!rc && known)
        fv->basis = DC_BASIS_CHECKED_BEFORE;
    if (!rc && by_two)
        fv->basis = DC_BASIS_LETTERS;
    if (!rc && !accept) /* in review for its letters alone (accept_same_visitor) */
        w->text_plain = value[0] && !stray_mark && !one_letter;
done:
    pixDestroy(&wline);
    free(wvalue);
    for (size_t i = 0; greys && i < n; i++)
        pixDestroy(&greys[i]);
    free(greys);
    free(lvalue);
    for (size_t i = 0; vote && i < n; i++)
        pixDestroy(&vote[i]);
    free(vote);
    free(vote_ink);
    for (size_t i = 0; bins && i < n; i++)
        pixDestroy(&bins[i]);
    free(bins);
    free(ink);
    free(x0);
    free(x1);
    free(sym_of);
    free(value);
    free(syms);
    return rc;
}

/* Share of ink pixels in the part [fx0, fx1) x [fy0, fy1) (fractions) of the box `b` of `pix`. */
static double ink_share(PIX *pix, BOX *b, double fx0, double fx1, double fy0, double fy1)
{
    l_int32 bx, by, bw, bh;
    boxGetGeometry(b, &bx, &by, &bw, &bh);
    int x = bx + (int)(fx0 * bw), y = by + (int)(fy0 * bh);
    int w = (int)((fx1 - fx0) * bw + 0.5), h = (int)((fy1 - fy0) * bh + 0.5);
    if (w < 1)
        w = 1;
    if (h < 1)
        h = 1;
    BOX *r = boxCreate(x, y, w, h);
    PIX *part = r ? pixClipRectangle(pix, r, NULL) : NULL;
    l_int32 count = 0;
    if (part)
        pixCountPixels(part, &count, NULL);
    boxDestroy(&r);
    pixDestroy(&part);
    return (double)count / ((double)w * h);
}

/* Whether the ink of a code symbol read as O, 0, I or 1 (columns [x0, x1] of the binary line
 * `bin`) has that symbol's shape in the printed fonts (DejaVu Sans and Sans Mono; measured on
 * seeds 15-17, scan/README.md): the O is round (ink box width/height 0.87-0.90; every zero and
 * the Mono O 0.60-0.69) with an empty centre; the Mono zero has a dot in its centre (the Sans
 * zero has none: it is not confirmed by shape, it needs the confidence bar); the 1 has a flag and
 * nothing at its top right (the Mono I has a serif there, the Sans I is a bare bar). The shape
 * is taken from the largest connected piece of ink in those columns (a neighbour's edge that
 * falls into them is smaller). */
/* The columns [x0, x1] of the binary line `bin` (*cut) and the box of the largest connected piece
 * of ink in them (*big, NULL when none); both belong to the caller. */
static void largest_piece(PIX *bin, int x0, int x1, PIX **cut, BOX **big)
{
    *cut = NULL;
    *big = NULL;
    if (x1 <= x0 || x0 < 0 || x1 >= pixGetWidth(bin))
        return;
    BOX *col = boxCreate(x0, 0, x1 - x0 + 1, pixGetHeight(bin));
    *cut = col ? pixClipRectangle(bin, col, NULL) : NULL;
    boxDestroy(&col);
    BOXA *parts = *cut ? pixConnComp(*cut, NULL, 8) : NULL;
    l_int32 best = 0;
    for (int i = 0; parts && i < boxaGetCount(parts); i++) {
        l_int32 w, h;
        boxaGetBoxGeometry(parts, i, NULL, NULL, &w, &h);
        if (w * h > best) {
            best = w * h;
            boxDestroy(big);
            *big = boxaGetBox(parts, i, L_COPY);
        }
    }
    boxaDestroy(&parts);
}

/* Whether the ink of a code symbol read as 0 (columns [x0, x1] of the binary line `bin`) is the
 * DejaVu Sans zero: a closed ring, narrow for its height (0.63-0.69; the Sans O is 0.87-0.90), its
 * centre empty (the Mono zero has a dot there). The Mono O has the same shape: this only confirms
 * a symbol the readings call 0 (scan/README.md: on the tuning seeds every Mono O was read O),
 * never a reading of O, and not in a line whose zeros have the Mono dot. */
bool scan_code_zero_ring(PIX *bin, int x0, int x1)
{
    PIX *cut = NULL;
    BOX *big = NULL;
    largest_piece(bin, x0, x1, &cut, &big);
    bool yes = false;
    if (big) {
        l_int32 bx, by, w, h;
        boxGetGeometry(big, &bx, &by, &w, &h);
        double ratio = h > 0 ? (double)w / h : 0;
        if (h >= CODE_SHAPE_MIN_PX && ratio >= CODE_RING_MIN_RATIO && ratio < CODE_RING_MAX_RATIO &&
            ink_share(cut, big, 0.35, 0.65, 0.35, 0.65) < 0.02) {
            PIX *glyph = pixClipRectangle(cut, big, NULL);
            PIX *holes = glyph ? pixHolesByFilling(glyph, 4) : NULL;
            l_int32 nhole = 0;
            if (holes)
                pixCountPixels(holes, &nhole, NULL);
            yes = nhole >= CODE_RING_MIN_HOLE * (double)w * h;
            pixDestroy(&holes);
            pixDestroy(&glyph);
        }
    }
    boxDestroy(&big);
    pixDestroy(&cut);
    return yes;
}

bool scan_page_is_mono(int mono_zeros, int wide_os)
{
    return mono_zeros >= 1 && wide_os == 0;
}

void scan_settle_rings(scan_worker_ctx *w)
{
    bool mono = scan_page_is_mono(w->page_mono_zeros, w->page_wide_os);
    for (size_t i = 0; i < w->npending; i++) {
        dc_field_value *fv = w->pending[i].fv;
        if (w->pending[i].o_ring)
            fv->state = mono ? DC_STATE_ACCEPTED : DC_STATE_REVIEW;
        else if (mono)
            fv->state = DC_STATE_REVIEW; /* a ring read 0 on a Mono page is an O */
        fv->why = fv->state == DC_STATE_REVIEW ? DC_WHY_ZERO_OR_O : DC_WHY_NONE;
    }
    w->npending = 0;
}

bool scan_code_shape_confirms(PIX *bin, int x0, int x1, char c)
{
    PIX *cut = NULL;
    BOX *big = NULL;
    largest_piece(bin, x0, x1, &cut, &big);
    bool yes = false;
    if (big) {
        l_int32 w, h;
        boxGetGeometry(big, NULL, NULL, &w, &h);
        double ratio = h > 0 ? (double)w / h : 0;
        double centre = ink_share(cut, big, 0.35, 0.65, 0.35, 0.65);
        double top_right = ink_share(cut, big, 0.75, 1.0, 0.0, 0.12);
        double bottom_right = ink_share(cut, big, 0.75, 1.0, 0.88, 1.0);
        if (h >= CODE_SHAPE_MIN_PX) {
            if (c == 'O')
                yes = ratio >= CODE_SHAPE_O_MIN && centre < 0.02;
            else if (c == '0')
                yes = ratio < CODE_SHAPE_O_MIN - 0.1 && centre >= 0.25;
            else if (c == '1') /* flag, no top-right serif (I, T, 7, J), a stem in the centre (L) */
                yes = ratio >= 0.45 && top_right < 0.02 && centre >= 0.3;
            else if (c == 'I') /* the Sans bar, or the Mono I: serifs on both right corners */
                yes = ratio < 0.3 || (top_right >= 0.3 && bottom_right >= 0.3 && centre >= 0.3);
        }
    }
    boxDestroy(&big);
    pixDestroy(&cut);
    return yes;
}

/* Codes in zones (device serials): the first reading s1 (grey crop; ring[i]: symbol i is a 0
 * whose Sans ring shape stands in for the confusable bar) is read again by the same model on the
 * binary crop; both must give the same characters. A symbol is in doubt when the first reading is
 * below SCAN_VOTE_BAR (a ring zero: when either is); then the other model reads the binary crop a
 * third time, must give the same characters, and every symbol in doubt needs SCAN_VOTE_BAR in
 * one of the three readings (scan_code_doubts, scan_code_doubts_settled). No symbol may be below
 * CODE_VOTE_FLOOR in the first reading. `ok`: the first reading is a candidate at all. */
static int decide_code(bool *accept, scan_worker_ctx *w, PIX *bin, const char *lang, const char *charset,
                       const scan_ocr_symbol *s1, size_t n1, const bool *ring, bool ok)
{
    *accept = false;
    for (size_t i = 0; ok && i < n1; i++)
        if (s1[i].text[0] != ' ' && s1[i].conf < CODE_VOTE_FLOOR)
            ok = false;
    if (!ok)
        return 0;
    scan_ocr_symbol *a = malloc(n1 * sizeof *a), *s2 = NULL, *s3 = NULL;
    bool *ra = malloc(n1 * sizeof *ra), *doubt = malloc(n1 * sizeof *doubt);
    size_t n2 = 0, n3 = 0;
    int rc = 0;
    if (!a || !ra || !doubt) {
        rc = dc_error_set(DC_ERR_NOMEM, "code reading");
        goto out;
    }
    size_t n = drop_spaces(s1, n1, ring, a, ra);
    rc = reading(&s2, &n2, w, bin, lang, charset);
    if (rc)
        goto out;
    n2 = drop_spaces(s2, n2, NULL, s2, NULL);
    if (n2 != n)
        goto out;
    int nd = scan_code_doubts(a, s2, n, ra, doubt);
    if (nd <= 0) {
        *accept = nd == 0;
        goto out;
    }
    rc = reading(&s3, &n3, w, bin, second_lang(lang), charset);
    if (rc)
        goto out;
    n3 = drop_spaces(s3, n3, NULL, s3, NULL);
    *accept = n3 == n && scan_code_doubts_settled(a, s2, s3, n, doubt);
out:
    free(a);
    free(ra);
    free(doubt);
    free(s2);
    free(s3);
    return rc;
}

/* Symbols without word gaps of a reading, as text (*out, caller frees), their count and lowest
 * confidence. */
static int nonspace_text(char **out, size_t *n, double *lo, const scan_ocr_symbol *s, size_t ns)
{
    *out = calloc(ns * 8 + 1, 1);
    if (!*out)
        return dc_error_set(DC_ERR_NOMEM, "text reading");
    *n = 0;
    *lo = 1;
    for (size_t i = 0; i < ns; i++)
        if (s[i].text[0] != ' ') {
            strcat(*out, s[i].text);
            (*n)++;
            *lo = fmin(*lo, s[i].conf);
        }
    return 0;
}

/* See decide_zone (and scan_internal.h). */
bool scan_zone_near_miss(const char *value, double conf, const char *other)
{
    if (conf < ZONE_TWIN_CONF)
        return false;
    size_t diff = 0;
    const char *o = other;
    for (const char *v = value; *v; v++) {
        if (*v == ' ')
            continue;
        while (*o == ' ')
            o++;
        if (!*o)
            return false; /* the other reading has fewer symbols */
        diff += *v != *o++;
    }
    while (*o == ' ')
        o++;
    return !*o && diff >= 1 && diff <= ZONE_TWIN_MAX_DIFF;
}

/* Free text in zones (device models, purpose): a first reading `value` (lowest symbol
 * confidence `conf`) at >= ZONE_ACCEPT_CONF confirmed by the other language's model on the binary
 * crop (second_reading); when that model reads it otherwise (`ind` reads the printed Mono 0 as 9,
 * Q as O: HP ARUBA 2539, UBIOUITI), two readings by the same model, grey and binary crop, that
 * agree at >= ZONE_TWIN_CONF each, provided the other model read as many symbols and differs in at
 * most ZONE_TWIN_MAX_DIFF (a handwritten UPGRADE RAM SERVER read UPGRADE RM SERVER by `eng` twice
 * at 0.992; `ind` read the A). */
static int decide_zone(bool *accept, scan_worker_ctx *w, PIX *bin, const char *lang, const char *charset,
                       const char *value, double conf, bool ok)
{
    *accept = false;
    if (!ok || conf < ZONE_ACCEPT_CONF)
        return 0;
    scan_ocr_symbol *s2 = NULL, *s3 = NULL;
    size_t n2 = 0, n3 = 0, k2 = 0, k3 = 0;
    char *t2 = NULL, *t3 = NULL;
    double lo2 = 0, lo3 = 0;
    int rc = reading(&s2, &n2, w, bin, second_lang(lang), charset);
    if (!rc)
        rc = nonspace_text(&t2, &k2, &lo2, s2, n2);
    if (rc || same_nonspace(value, t2)) {
        *accept = !rc;
        goto out;
    }
    if (!scan_zone_near_miss(value, conf, t2))
        goto out;
    rc = reading(&s3, &n3, w, bin, lang, charset);
    if (!rc)
        rc = nonspace_text(&t3, &k3, &lo3, s3, n3);
    *accept = !rc && same_nonspace(value, t3) && lo3 >= ZONE_TWIN_CONF;
out:
    free(s2);
    free(s3);
    free(t2);
    free(t3);
    return rc;
}

/* Digits in a zone are below this height (px at DC_SCAN_PX_PER_MM) not looked at again. */
#define ZONE_DIGIT_MIN_PX 12

int scan_zone_digits_agree(bool *agree, dc_digits *digits, PIX *grey, PIX *bin, const scan_ocr_symbol *syms, size_t ns)
{
    *agree = true;
    if (!digits || strcmp(dc_digits_backend(digits), "icr") != 0)
        return 0;
    const int W = pixGetWidth(bin), H = pixGetHeight(bin);
    for (size_t i = 0; *agree && i < ns; i++) {
        const char c = syms[i].text[0];
        if (c < '0' || c > '9' || syms[i].text[1])
            continue;
        /* the columns of its box that no neighbour's box takes (handwriting boxes overlap) */
        int x0 = syms[i].x0 > 0 ? syms[i].x0 : 0, x1 = syms[i].x1 < W - 1 ? syms[i].x1 : W - 1;
        if (i > 0 && syms[i - 1].text[0] != ' ' && syms[i - 1].x1 >= x0)
            x0 = syms[i - 1].x1 + 1;
        if (i + 1 < ns && syms[i + 1].text[0] != ' ' && syms[i + 1].x0 <= x1)
            x1 = syms[i + 1].x0 - 1;
        if (x1 <= x0)
            continue;
        BOX *cols = boxCreate(x0, 0, x1 - x0 + 1, H), *ink = NULL;
        PIX *cut = cols ? pixClipRectangle(bin, cols, NULL) : NULL;
        l_int32 gy = 0, gh = 0;
        const bool any = cut && pixClipToForeground(cut, NULL, &ink) == 0 && ink &&
                         boxGetGeometry(ink, NULL, &gy, NULL, &gh) == 0;
        boxDestroy(&cols);
        boxDestroy(&ink);
        pixDestroy(&cut);
        if (!any || gh < ZONE_DIGIT_MIN_PX)
            continue;
        BOX *gb = boxCreate(x0, gy, x1 - x0 + 1, gh);
        PIX *glyph = gb ? pixClipRectangle(grey, gb, NULL) : NULL;
        boxDestroy(&gb);
        const int cw = x1 - x0 + 1 + gh / 3, ch = gh + gh / 2;
        PIX *cell = glyph ? pixCreate(cw, ch, 8) : NULL;
        int rc = 0;
        if (cell) {
            pixSetAllArbitrary(cell, 255);
            pixRasterop(cell, (cw - pixGetWidth(glyph)) / 2, (ch - gh) / 2, pixGetWidth(glyph), gh, PIX_SRC, glyph, 0,
                        0);
            const int inked = 1;
            dc_digit_cell r;
            rc = dc_digits_read(digits, &cell, &inked, 1, DC_SCAN_PX_PER_MM, &r);
            if (!rc && r.digit >= 0 && r.digit != c - '0' && r.confidence >= dc_digits_threshold(digits))
                *agree = false;
        } else {
            rc = dc_error_set(DC_ERR_NOMEM, "a digit of a text zone");
        }
        pixDestroy(&glyph);
        pixDestroy(&cell);
        if (rc)
            return rc;
    }
    return 0;
}

/* Free text in a zone: one line of Tesseract, whitelisted by the charset. */
static int read_zone_text(dc_field_value *fv, scan_worker_ctx *w, PIX *crop, double ox, double oy, const dc_field *f)
{
    PIX *in = clip_mm(crop, ox, oy, f->zone, ZONE_INSET_MM, DC_SCAN_PX_PER_MM);
    PIX *bin = in ? writing_in(in, crop, ox, oy, f->zone, ZONE_INSET_MM, DC_SCAN_PX_PER_MM, SPECK_PX,
                               w->faint)
                  : NULL;
    if (!bin) {
        pixDestroy(&in);
        return set_review(fv, NULL, 0, DC_WHY_UNREAD);
    }
    BOX *fgbox = NULL;
    if (scan_ink_ratio(bin) < ZONE_INK_MIN || pixClipToForeground(bin, NULL, &fgbox) != 0 || !fgbox) {
        pixDestroy(&in);
        pixDestroy(&bin);
        return set_value(fv, NULL, 1.0, DC_STATE_EMPTY);
    }
    /* the grey writing (Tesseract binarises it its own way) for the first reading, the binary
     * one for the second: two views of the same ink */
    PIX *fg = pixClipRectangle(in, fgbox, NULL);
    PIX *fg2 = pixClipRectangle(bin, fgbox, NULL);
    boxDestroy(&fgbox);
    pixDestroy(&in);
    pixDestroy(&bin);
    if (!fg || !fg2) {
        pixDestroy(&fg);
        pixDestroy(&fg2);
        return dc_error_set(DC_ERR_NOMEM, "text field %s", f->id);
    }
    scan_ocr_symbol *syms = NULL;
    size_t ns = 0;
    const char *charset = f->charset ? f->charset : ZONE_DEFAULT_CHARSET;
    int rc = scan_ocr_line(w->ocr, fg, (int)(DC_SCAN_PX_PER_MM * 25.4 + 0.5), f->lang, charset, &syms, &ns);
    if (rc) {
        pixDestroy(&fg);
        pixDestroy(&fg2);
        return rc;
    }
    char *value = calloc(ns * 8 + 1, 1);
    if (!value) {
        free(syms);
        pixDestroy(&fg);
        pixDestroy(&fg2);
        return dc_error_set(DC_ERR_NOMEM, "text field %s", f->id);
    }
    double conf = ns ? 1 : 0;
    bool ok = ns > 0;
    bool code = code_like(charset);
    bool *ring = calloc(ns ? ns : 1, sizeof *ring);
    if (!ring) {
        free(syms);
        free(value);
        pixDestroy(&fg);
        pixDestroy(&fg2);
        return dc_error_set(DC_ERR_NOMEM, "text field %s", f->id);
    }
    bool zero_rings = false, o_rings = false, dotted = false;
    for (size_t i = 0; i < ns; i++) {
        strcat(value, syms[i].text);
        char c = syms[i].text[0];
        if (c == ' ')
            continue;
        if (!in_charset(charset, syms[i].text))
            ok = false;
        if (syms[i].conf < conf)
            conf = syms[i].conf;
        if (!c || !strchr(CODE_CONFUSABLES, c))
            continue;
        bool shape = scan_code_shape_confirms(fg2, syms[i].x0, syms[i].x1, c);
        /* the page's font (any zone): a zero with the Mono dot, an O with the Sans width */
        if (shape && c == '0') {
            w->page_mono_zeros++;
            dotted = true;
        } else if (shape && c == 'O') {
            w->page_wide_os++;
        }
        if (!code || syms[i].conf >= CODE_CONFUSABLE_CONF || shape)
            continue;
        /* below the confusable bar without its shape: a narrow ring (the Sans zero, the Mono O)
         * stands for what it was read as when the page's font says so (see below); both readings
         * must then be at the bar */
        if ((c == '0' || c == 'O') && scan_code_zero_ring(fg2, syms[i].x0, syms[i].x1)) {
            ring[i] = true;
            zero_rings |= c == '0';
            o_rings |= c == 'O';
        } else {
            ok = false;
        }
    }
    if (zero_rings && (dotted || o_rings))
        ok = false; /* a ring read 0 in a line whose zeros have a dot, or whose rings are read O */
    tidy_spaces(value);
    /* a stray mark goes to a person; a code's symbols stay as read (they are voted on one by one) */
    size_t keep_from, keep_to;
    const bool stray = code ? find_stray_marks(value, &keep_from, &keep_to) : drop_stray_marks(value);
    bool accept = false;
    if (code)
        rc = decide_code(&accept, w, fg2, f->lang, charset, syms, ns, ring, ok && value[0] && !stray);
    else
        rc = decide_zone(&accept, w, fg2, f->lang, charset, value, conf, ok && value[0] && !stray);
    const bool read_sure = accept;
    if (!rc && accept)   /* the digits read by the digit recognizer too */
        rc = scan_zone_digits_agree(&accept, w->digits, fg, fg2, syms, ns);
    free(syms);
    free(ring);
    pixDestroy(&fg);
    pixDestroy(&fg2);
    if (!rc)
        rc = set_value(fv, value[0] ? value : NULL, conf, accept ? DC_STATE_ACCEPTED : DC_STATE_REVIEW);
    if (!rc && !accept)
        fv->why = stray ? DC_WHY_STRAY : read_sure ? DC_WHY_DISAGREE : DC_WHY_UNSURE;
    /* decided by scan_read_fields once the page's font is known */
    if (!rc && accept && (zero_rings || o_rings) && w->npending < SCAN_PENDING_MAX) {
        w->pending[w->npending].fv = fv;
        w->pending[w->npending].o_ring = o_rings;
        w->npending++;
        if (o_rings) {
            fv->state = DC_STATE_REVIEW;
            fv->why = DC_WHY_ZERO_OR_O;
        }
    } else if (!rc && accept && (zero_rings || o_rings)) {
        fv->state = DC_STATE_REVIEW;   /* no room to wait for the page's font: a person looks */
        fv->why = DC_WHY_ZERO_OR_O;
    }
    free(value);
    return rc;
}

/* ---- digits, dates, times ---- */

_Static_assert(DC_TEMPLATE_MAX_DIGIT_CELLS <= DC_ICR_MAX_CELLS, "the template's digit combs must fit dc_icr_decide");

int scan_comb_cells(PIX *crop, double ox, double oy, const dc_field *f, bool faint_ok, PIX **cells, int *ink,
                    PIX **bins)
{
    for (size_t i = 0; i < f->ncells; i++) {
        cells[i] = clip_mm(crop, ox, oy, f->cells[i], CELL_INSET_MM, DC_SCAN_PX_PER_MM);
        if (!cells[i])
            return dc_error_set(DC_ERR_NOMEM, "digit cell %zu of %s", i + 1, f->id);
        PIX *bin = writing_in(cells[i], crop, ox, oy, f->cells[i], CELL_INSET_MM, DC_SCAN_PX_PER_MM, SPECK_PX,
                              faint_ok);
        ink[i] = bin && scan_ink_ratio(bin) >= CELL_INK_MIN;
        if (bins)
            bins[i] = bin;
        else
            pixDestroy(&bin);
    }
    return 0;
}

void scan_comb_crop_geometry(const dc_field *f, double ppmm, double *ox, double *oy, int *w, int *h)
{
    dc_box_mm u = union_box(f->cells, f->ncells);
    *ox = u.x - CROP_MARGIN_MM;
    *oy = u.y - CROP_MARGIN_MM;
    /* as scan_warp sizes it */
    *w = (int)ceil((u.w + 2 * CROP_MARGIN_MM) * ppmm);
    *h = (int)ceil((u.h + 2 * CROP_MARGIN_MM) * ppmm);
}

#define COMB_OUTLINE_MM 0.35   /* the printed comb line and its blur */
#define COMB_STRAY_PX 15       /* ink pixels in that band that make a stroke from outside */

/* Whether a stroke reaches into cell c from outside the comb (a tick's long stroke from a
 * neighbouring box, a line across the form): writing beside the cell, beyond the printed outline,
 * in `bin` (the field's crop binarised at the pen's level, pixel 0,0 at mm ox,oy). */
static bool stroke_from_outside(PIX *bin, double ox, double oy, const dc_field *f, size_t c)
{
    const dc_box_mm b = f->cells[c];
    const double m = CROP_MARGIN_MM - COMB_OUTLINE_MM;   /* band depth */
    /* above and below reach 1 mm to either side: a stroke can come in through the gap between cells */
    dc_box_mm band[4] = {
        {b.x - 1.0, b.y - CROP_MARGIN_MM, b.w + 2.0, m},     /* above */
        {b.x - 1.0, b.y + b.h + COMB_OUTLINE_MM, b.w + 2.0, m}, /* below */
        {b.x - CROP_MARGIN_MM, b.y, m, b.h},                 /* left of the first cell */
        {b.x + b.w + COMB_OUTLINE_MM, b.y, m, b.h},          /* right of the last cell */
    };
    const bool side[4] = {true, true, c == 0, c + 1 == f->ncells};
    for (int k = 0; k < 4; k++) {
        if (!side[k])
            continue;
        BOX *box = box_mm(ox, oy, band[k], 0, DC_SCAN_PX_PER_MM);
        if (!box)
            continue;
        l_int32 cnt = 0;
        pixCountPixelsInRect(bin, box, &cnt, NULL);
        boxDestroy(&box);
        if (cnt >= COMB_STRAY_PX)
            return true;
    }
    return false;
}

/* Pen writing on the comb's outline, where neither the cell's reader (the cell shrunk by
 * CELL_INSET_MM) nor stroke_from_outside (beyond COMB_OUTLINE_MM) sees it: a digit written large
 * or low lays its base on the line. The printed comb is lighter than a pen (DC_SCAN_PEN_DARK); a
 * comb that reaches the pen's darkness along more than COMB_DARK_SHARE of its band (printed or
 * scanned dark) says nothing, and no cell of the field is marked. dark: the field's crop
 * binarised at DC_SCAN_PEN_DARK (pixel 0,0 at mm ox,oy); on[i] set for the cells marked. */
#define COMB_DARK_SHARE 0.12
static void writing_on_outline(PIX *dark, double ox, double oy, const dc_field *f, bool *on)
{
    l_int32 total = 0, area = 0;
    l_int32 *cnt = calloc(f->ncells, sizeof *cnt);
    if (!cnt)
        return;   /* no memory for the look: the cells are read as without it */
    for (size_t i = 0; i < f->ncells; i++) {
        const dc_box_mm b = f->cells[i];
        const dc_box_mm out = {b.x - COMB_OUTLINE_MM, b.y - COMB_OUTLINE_MM, b.w + 2 * COMB_OUTLINE_MM,
                               b.h + 2 * COMB_OUTLINE_MM};
        BOX *ob = box_mm(ox, oy, out, 0, DC_SCAN_PX_PER_MM);
        BOX *ib = box_mm(ox, oy, b, CELL_INSET_MM, DC_SCAN_PX_PER_MM);
        l_int32 all = 0, in = 0;
        if (ob && ib) {
            pixCountPixelsInRect(dark, ob, &all, NULL);
            pixCountPixelsInRect(dark, ib, &in, NULL);
            cnt[i] = all - in;
            total += cnt[i];
            area += ob->w * ob->h - ib->w * ib->h;
        }
        boxDestroy(&ob);
        boxDestroy(&ib);
    }
    if (area > 0 && total <= COMB_DARK_SHARE * area)
        for (size_t i = 0; i < f->ncells; i++)
            on[i] = on[i] || cnt[i] >= COMB_STRAY_PX;
    free(cnt);
}

/* Marks in crossed[] the cells of comb field f whose writing crosses the comb: a stroke from
 * beyond the outline (stroke_from_outside; *beyond gets how many cells, when not NULL) or, in a
 * part written in pen (not `faint`), pen writing on the outline (writing_on_outline). crop: the
 * field's crop, pixel 0,0 at mm ox,oy. 0 or DC_ERR_NOMEM. */
static int crossed_cells(PIX *crop, double ox, double oy, const dc_field *f, bool faint, bool *crossed,
                         size_t *beyond)
{
    PIX *pen = scan_binarize(crop, DC_SCAN_INK_LEVEL, SPECK_PX);
    if (!pen)
        return dc_error_set(DC_ERR_NOMEM, "field %s", f->id);
    size_t k = 0;
    for (size_t i = 0; i < f->ncells; i++)
        k += crossed[i] = stroke_from_outside(pen, ox, oy, f, i);
    if (beyond)
        *beyond = k;
    pixDestroy(&pen);
    if (!faint) {
        PIX *dark = pixThresholdToBinary(crop, DC_SCAN_PEN_DARK);
        if (dark)
            writing_on_outline(dark, ox, oy, f, crossed);
        pixDestroy(&dark);
    }
    return 0;
}

/* Every cell of text comb field f in the window scan_spilled_cell reads it in, cut to the rows the
 * writing takes (and at least the cells' insides: the line's height sets its letter and word gaps,
 * scan_compose_line): a crossed cell's own writing read past the comb when it is its alone
 * (fink[i] then follows it), else its inside (bins[i], ink[i]) at its place. framed[], fink[] and
 * past[] (n each) are filled, past[i] true for a crossed cell whose inside does not hold its writing
 * whole (scan_spilled_cell); 0 or DC_ERR_NOMEM. */
static int frame_cells(scan_worker_ctx *w, PIX *grey, const dc_scan_registration *reg, const dc_field *f,
                       const bool *crossed, PIX *const *bins, const int *ink, PIX **framed, int *fink,
                       bool *past)
{
    const size_t n = f->ncells;
    int rc = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        PIX *cell = NULL, *bin = NULL;
        bool tangled = true;
        fink[i] = ink[i];
        past[i] = false;
        if (crossed[i])
            rc = scan_spilled_cell(&cell, &bin, &framed[i], &tangled, &past[i], w, grey, reg, w->tmpl, f, i,
                                   CELL_INSET_MM);
        if (!rc && framed[i])
            fink[i] = scan_ink_ratio(bin) >= CELL_INK_MIN;
        else if (!rc && !(framed[i] = scan_spill_frame(w->tmpl, f->cells[i], ink[i] ? bins[i] : NULL, CELL_INSET_MM)))
            rc = dc_error_set(DC_ERR_NOMEM, "text field %s", f->id);
        pixDestroy(&cell);
        pixDestroy(&bin);
    }
    int y0 = INT_MAX, y1 = -1;
    for (size_t i = 0; !rc && i < n; i++) {
        /* the inside's rows, where scan_spill_frame puts it (its height as clip_mm cuts it) */
        int ix, in0;
        scan_spill_inside(w->tmpl, f->cells[i], CELL_INSET_MM, &ix, &in0);
        const int in1 = in0 + (int)lround((f->cells[i].h - 2 * CELL_INSET_MM) * DC_SCAN_PX_PER_MM) - 1;
        y0 = in0 < y0 ? in0 : y0;
        y1 = in1 > y1 ? in1 : y1;
        BOX *fg = NULL;
        l_int32 by, bh;
        if (fink[i] && pixClipToForeground(framed[i], NULL, &fg) == 0 && fg &&
            boxGetGeometry(fg, NULL, &by, NULL, &bh) == 0) {
            y0 = by < y0 ? by : y0;
            y1 = by + bh - 1 > y1 ? by + bh - 1 : y1;
        }
        boxDestroy(&fg);
    }
    for (size_t i = 0; !rc && i < n; i++) {
        BOX *band = boxCreate(0, y0, pixGetWidth(framed[i]), y1 - y0 + 1);
        PIX *cut = band ? pixClipRectangle(framed[i], band, NULL) : NULL;
        boxDestroy(&band);
        if (!cut)
            rc = dc_error_set(DC_ERR_NOMEM, "text field %s", f->id);
        pixDestroy(&framed[i]);
        framed[i] = cut;
    }
    return rc;
}

/* Text comb cells whose writing crosses the comb (crossed_cells). When a stroke of the field runs
 * beyond its comb, every cell's binary and ink flag are replaced by its window (frame_cells), so
 * that one line is read with the letters whole and their baselines kept. When letters only lie on
 * the comb's lines (pen writing on the outline, nothing beyond), the cells are read from their
 * insides as before, and *vote and *vote_ink (n each, the caller's; NULL otherwise) get the windows for
 * a second reading the first must agree with (a letter's base on the line is lost in the inside:
 * a printed I becomes a T). *mask gets the cells whose inside does not hold their writing whole
 * (dc_field_value.crossed; left as it is when no writing crosses the comb). 0 or DC_ERR_NOMEM. */
static int text_past_comb(scan_worker_ctx *w, PIX *grey, const dc_scan_registration *reg, PIX *crop, double ox,
                          double oy, const dc_field *f, PIX **bins, int *ink, PIX ***vote, int **vote_ink,
                          uint32_t *mask)
{
    const size_t n = f->ncells;
    *vote = NULL;
    *vote_ink = NULL;
    bool *crossed = calloc(n, sizeof *crossed);
    PIX **framed = calloc(n, sizeof *framed);
    int *fink = calloc(n, sizeof *fink);
    size_t beyond = 0;
    int rc = crossed && framed && fink ? crossed_cells(crop, ox, oy, f, false, crossed, &beyond)
                                       : dc_error_set(DC_ERR_NOMEM, "text field %s", f->id);
    bool on_line = false;
    for (size_t i = 0; !rc && i < n; i++)
        on_line = on_line || (crossed[i] && ink[i]);
    if (!rc && (beyond > 0 || on_line)) {
        bool *past = calloc(n, sizeof *past);   /* whose writing runs beyond its inside */
        rc = past ? frame_cells(w, grey, reg, f, crossed, bins, ink, framed, fink, past)
                  : dc_error_set(DC_ERR_NOMEM, "text field %s", f->id);
        if (!rc)
            *mask = crossed_mask(past, n);
        free(past);
    }
    if (!rc && beyond > 0) {
        for (size_t i = 0; i < n; i++) {
            pixDestroy(&bins[i]);
            bins[i] = framed[i];
            framed[i] = NULL;
            ink[i] = fink[i];
        }
    } else if (!rc && on_line) {
        *vote = framed;
        *vote_ink = fink;
        framed = NULL;
        fink = NULL;
    }
    for (size_t i = 0; framed && i < n; i++)
        pixDestroy(&framed[i]);
    free(framed);
    free(fink);
    free(crossed);
    return rc;
}

/* A visit time read in the hour after midnight (00:MM) is a person's to confirm: such visits are
 * rare, and a 9 read as 0 in the hour's second cell makes one of 09:MM (dc_icr_validator). */
static int time_plausible(const char *hhmm, void *ctx)
{
    (void)ctx;
    return !(hhmm[0] == '0' && hhmm[1] == '0');
}

static int read_comb_digits(dc_field_value *fv, scan_worker_ctx *w, PIX *grey, const dc_scan_registration *reg,
                            PIX *crop, double ox, double oy, const dc_field *f)
{
    size_t n = f->ncells;
    PIX **cells = calloc(n, sizeof *cells);
    PIX **bins = calloc(n, sizeof *bins);
    int *ink = calloc(n, sizeof *ink);
    dc_digit_cell *res = calloc(n, sizeof *res);
    bool *crossed = calloc(n, sizeof *crossed);
    int rc = 0;
    if (!cells || !bins || !ink || !res || !crossed) {
        rc = dc_error_set(DC_ERR_NOMEM, "digit field %s", f->id);
        goto done;
    }
    rc = scan_comb_cells(crop, ox, oy, f, w->faint, cells, ink, bins);
    if (rc)
        goto done;
    /* writing that crosses the comb (a digit written large, high or low) is read past the comb
     * when it can be told from what is around it; a cell crossed by anything else (a tick's long
     * stroke from a neighbouring box, a line across the form) is not sure, whatever it reads */
    rc = crossed_cells(crop, ox, oy, f, w->faint, crossed, NULL);
    if (rc)
        goto done;
    for (size_t i = 0; i < n; i++) {
        if (!crossed[i])
            continue;
        bool past = true;   /* the inside does not hold the writing whole (dc_field_value.crossed) */
        PIX *cell = NULL, *bin = NULL;
        if (!w->faint && w->tmpl)
            rc = scan_spilled_cell(&cell, &bin, NULL, &crossed[i], &past, w, grey, reg, w->tmpl, f, i, CELL_INSET_MM);
        if (rc)
            goto done;
        if (past && i < 32)
            fv->crossed |= (uint32_t)1 << i;
        if (!cell)
            continue;
        pixDestroy(&cells[i]);
        pixDestroy(&bins[i]);
        cells[i] = cell;
        bins[i] = bin;
        ink[i] = scan_ink_ratio(bin) >= CELL_INK_MIN;
    }
    /* dates and times are read as one valid value (dc_digits_read_as); a Tesseract reader reads
     * the writing exactly as the ink test binarised it */
    rc = dc_digits_read_as(w->digits, cells, bins, ink, n, DC_SCAN_PX_PER_MM,
                           f->type == DC_FIELD_DATE   ? DC_DIGITS_DATE
                           : f->type == DC_FIELD_TIME ? DC_DIGITS_TIME
                                                      : DC_DIGITS_ANY,
                           res);
    if (rc)
        goto done;
    /* the field decision is the ICR's (dc_icr_decide): every cell confident, no empty or
     * unreadable cell inside the value, fixed-length kinds fully written, the value valid */
    const dc_icr_kind kind = f->type == DC_FIELD_DATE ? DC_ICR_DATE_DDMMYYYY
                             : f->type == DC_FIELD_TIME ? DC_ICR_TIME_HHMM
                                                        : DC_ICR_DIGITS;
    dc_icr_result cr[DC_ICR_MAX_CELLS];
    memset(cr, 0, sizeof cr);
    for (size_t i = 0; i < n; i++) {
        cr[i].digit = res[i].digit;
        cr[i].confidence = res[i].digit >= 0 && crossed[i] ? 0.0f : (float)res[i].confidence;
    }
    dc_icr_field dec;
    const float thr = (float)dc_digits_threshold(w->digits);
    /* a date that reads as the batch date needs DC_SCAN_DATE_CONTEXT_CONF in every cell */
    rc = dc_icr_decide_expecting(cr, (int)n, kind, thr, kind == DC_ICR_DATE_DDMMYYYY ? w->expect_date : NULL,
                                 (float)DC_SCAN_DATE_CONTEXT_CONF, kind == DC_ICR_TIME_HHMM ? time_plausible : NULL,
                                 NULL, &dec);
    dc_field_basis basis = dec.by_expected ? DC_BASIS_BATCH_DATE : DC_BASIS_READING;
    /* a number a person checked on an earlier visit needs DC_SCAN_KNOWN_CONF in every cell */
    if (!rc && kind == DC_ICR_DIGITS && dec.decision == DC_ICR_REVIEW && dec.why == 1 && w->tmpl && w->known_digits &&
        scan_known_has(w->known, w->tmpl->form, f->id, dec.value)) {
        char known[DC_ICR_MAX_CELLS + 1];
        snprintf(known, sizeof known, "%s", dec.value);
        rc = dc_icr_decide_expecting(cr, (int)n, kind, thr, known, (float)DC_SCAN_KNOWN_CONF, NULL, NULL, &dec);
        basis = DC_BASIS_CHECKED_BEFORE;
    }
    if (rc)
        goto done;
    /* why a reading goes to review: dc_icr_field.why, and a digit unsure because its writing
     * crosses the cell's outline (its confidence was set to 0 above) */
    bool crossed_digit = false;
    for (size_t i = 0; i < n; i++)
        crossed_digit = crossed_digit || (res[i].digit >= 0 && crossed[i]);
    const dc_review_why why = dec.why == 2 ? DC_WHY_GAP
                              : dec.why == 3 ? DC_WHY_INVALID
                              : crossed_digit ? DC_WHY_CROSSED
                                              : DC_WHY_UNSURE;
    if (dec.decision == DC_ICR_EMPTY || (dec.decision == DC_ICR_REVIEW && dec.value[0] == '\0')) {
        rc = set_value(fv, NULL, dec.min_conf, dec.decision == DC_ICR_EMPTY ? DC_STATE_EMPTY : DC_STATE_REVIEW);
        if (fv->state == DC_STATE_REVIEW)
            fv->why = why;
        goto done;
    }
    /* shown as YYYY-MM-DD and HH:MM once every cell is written */
    const char *raw = dec.value;
    const size_t k = strlen(raw);
    char out[32];
    const char *value = raw;
    if (kind == DC_ICR_DATE_DDMMYYYY && k == 8) {
        snprintf(out, sizeof out, "%.4s-%.2s-%.2s", raw + 4, raw + 2, raw);
        value = out;
    } else if (kind == DC_ICR_TIME_HHMM && k == 4) {
        snprintf(out, sizeof out, "%.2s:%.2s", raw, raw + 2);
        value = out;
    }
    rc = set_value(fv, value, dec.min_conf, dec.decision == DC_ICR_ACCEPT ? DC_STATE_ACCEPTED : DC_STATE_REVIEW);
    if (!rc && fv->state == DC_STATE_ACCEPTED)
        fv->basis = basis;
    else if (!rc)
        fv->why = why;
done:
    dc_scan_cells_free(cells, n);
    dc_scan_cells_free(bins, n);
    free(ink);
    free(res);
    free(crossed);
    return rc;
}

static int read_comb(dc_field_value *fv, scan_worker_ctx *w, PIX *grey, const dc_scan_registration *reg,
                     const dc_field *f)
{
    dc_box_mm u = f->has_zone ? f->zone : union_box(f->cells, f->ncells);
    if (f->type == DC_FIELD_TEXT && f->has_zone) {
        /* most zones (unused checklist rows) are empty: decide that on a coarse crop first */
        PIX *low = scan_warp(grey, reg->h, u, CROP_MARGIN_MM, ZONE_PROBE_PX_PER_MM);
        if (!low)
            return dc_error_set(DC_ERR_NOMEM, "crop of %s", f->id);
        PIX *bin = writing_in(NULL, low, u.x - CROP_MARGIN_MM, u.y - CROP_MARGIN_MM, f->zone, ZONE_INSET_MM,
                              ZONE_PROBE_PX_PER_MM, 2, w->faint);
        double r = bin ? scan_ink_ratio(bin) : 1.0;
        pixDestroy(&bin);
        if (r < ZONE_INK_MIN) {
            int rc = set_value(fv, NULL, 1.0, DC_STATE_EMPTY);
            if (!rc)
                rc = keep_crop(fv, low, w);
            pixDestroy(&low);
            return rc;
        }
        pixDestroy(&low);
    }
    PIX *crop = scan_warp(grey, reg->h, u, CROP_MARGIN_MM, DC_SCAN_PX_PER_MM);
    if (!crop)
        return dc_error_set(DC_ERR_NOMEM, "crop of %s", f->id);
    double ox = u.x - CROP_MARGIN_MM, oy = u.y - CROP_MARGIN_MM;
    int rc;
    if (f->type == DC_FIELD_TEXT && f->has_zone)
        rc = read_zone_text(fv, w, crop, ox, oy, f);
    else if (f->type == DC_FIELD_TEXT)
        rc = read_comb_text(fv, w, grey, reg, crop, ox, oy, f);
    else
        rc = read_comb_digits(fv, w, grey, reg, crop, ox, oy, f);
    /* a comb read empty with writing above or below it: written outside the boxes, not empty */
    bool beside = false;
    if (!rc && fv->state == DC_STATE_EMPTY && !f->has_zone && f->ncells > 0 && w->printed && w->tmpl) {
        rc = scan_writing_beside_comb(&beside, w, grey, reg, w->tmpl, f, u);
        if (!rc && beside) {
            fv->state = DC_STATE_REVIEW;
            fv->why = DC_WHY_BESIDE;
            fv->confidence = 0;
        }
    }
    /* the person sees the writing beside the comb, or over it, whole */
    if (!rc && beside)
        rc = keep_wide_crop(fv, w, grey, reg, u, crop, SCAN_COMB_BESIDE_HEIGHTS * f->cells[0].h);
    else if (!rc && fv->crossed && !f->has_zone)
        rc = keep_wide_crop(fv, w, grey, reg, u, crop, SCAN_SPILL_HEIGHTS * f->cells[0].h);
    else if (!rc)
        rc = keep_crop(fv, crop, w);
    pixDestroy(&crop);
    return rc;
}

/* ---- identity numbers ---- */

/* The ID number is a digit comb because a KTP (NIK) and a SIM number are digits, but a passport
 * number (and "other" IDs) hold letters: A8534858. The digit readers read such a letter as a
 * digit with confidence (A->4, B->8), so when the ID type is not known to be a digit ID, the cells
 * are read again as a code (letters and digits, Tesseract, the code acceptance policy) and the
 * digit reading is never accepted. */
#define ID_NUMBER_FIELD "id_number"
#define ID_TYPE_FIELD "id_type"
#define ID_CODE_CHARSET "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
#define ID_CODE_LANG "eng"

bool scan_passport_number_plausible(const char *v)
{
    if (!v || strlen(v) != 8 || v[0] < 'A' || v[0] > 'Z')
        return false;
    for (int i = 1; i < 8; i++)
        if (v[i] < '0' || v[i] > '9')
            return false;
    return true;
}

static bool digit_id_type(const dc_field_value *type)
{
    return type && type->state == DC_STATE_ACCEPTED && type->value &&
           (strcmp(type->value, "ktp") == 0 || strcmp(type->value, "sim") == 0);
}

static int reread_id_number(dc_page_result *r, scan_worker_ctx *w, PIX *grey, const dc_scan_registration *reg,
                            const dc_template *t)
{
    const dc_field *f = NULL;
    dc_field_value *fv = NULL, *type = NULL;
    for (size_t i = 0; i < t->nfields && i < r->nfields; i++) {
        if (strcmp(t->fields[i].id, ID_NUMBER_FIELD) == 0) {
            f = &t->fields[i];
            fv = &r->fields[i];
        } else if (strcmp(t->fields[i].id, ID_TYPE_FIELD) == 0) {
            type = &r->fields[i];
        }
    }
    if (!f || !fv || !type || f->type != DC_FIELD_DIGITS || f->ncells == 0 || f->has_zone ||
        fv->state == DC_STATE_EMPTY || digit_id_type(type))
        return 0;
    dc_field code = *f;
    code.type = DC_FIELD_TEXT;
    code.charset = (char *)ID_CODE_CHARSET;
    code.lang = (char *)ID_CODE_LANG;
    dc_box_mm u = union_box(f->cells, f->ncells);
    PIX *crop = scan_warp(grey, reg->h, u, CROP_MARGIN_MM, DC_SCAN_PX_PER_MM);
    if (!crop)
        return dc_error_set(DC_ERR_NOMEM, "crop of %s", f->id);
    dc_field_value again = {0};
    int rc = read_comb_text(&again, w, grey, reg, crop, u.x - CROP_MARGIN_MM, u.y - CROP_MARGIN_MM, &code);
    pixDestroy(&crop);
    if (rc)
        return rc;
    /* the cells had ink for the digit reader: a code reading that finds none is no answer */
    if (again.state == DC_STATE_EMPTY || !again.value) {
        free(again.value);
        fv->state = DC_STATE_REVIEW;
        fv->basis = DC_BASIS_NONE;
        fv->why = DC_WHY_UNREAD;
        return 0;
    }
    free(fv->value);
    fv->value = again.value;
    fv->confidence = again.confidence;
    fv->state = again.state;
    fv->basis = again.basis;
    fv->why = again.why;
    /* An Indonesian passport number is one letter and seven digits. A reading of another shape
     * is a foreign passport or a misreading of O/0, I/1, B/8 (the code reader has no
     * confusable check in comb cells): a person looks. */
    if (fv->state == DC_STATE_ACCEPTED && type->state == DC_STATE_ACCEPTED && type->value &&
        strcmp(type->value, "passport") == 0 && !scan_passport_number_plausible(fv->value)) {
        fv->state = DC_STATE_REVIEW;
        fv->basis = DC_BASIS_NONE;
        fv->why = DC_WHY_INVALID;
    }
    return 0;
}

/* A returning visitor's name and institution (dc_scan_options.visitors): on an access page whose
 * ID number was accepted, a name or institution in review for its letters alone (plain[i]) that
 * dc_scan_same_visitor() finds to be the value a person checked for that ID number on an earlier
 * form is accepted as that value. */
static int accept_same_visitor(dc_page_result *r, const scan_worker_ctx *w, const dc_template *t, const bool *plain)
{
    if (!w->visitors || strcmp(t->form, "access") != 0)
        return 0;
    const dc_field_value *id = NULL;
    for (size_t i = 0; i < r->nfields; i++)
        if (strcmp(r->fields[i].id, ID_NUMBER_FIELD) == 0)
            id = &r->fields[i];
    if (!id || id->state != DC_STATE_ACCEPTED || !id->value)
        return 0;
    for (size_t i = 0; i < r->nfields; i++) {
        dc_field_value *fv = &r->fields[i];
        if (fv->state != DC_STATE_REVIEW || !plain[i] || !fv->value ||
            (strcmp(fv->id, "visitor_name") != 0 && strcmp(fv->id, "institution") != 0))
            continue;
        const char *checked = scan_visitors_value(w->visitors, id->value, fv->id);
        if (!checked || !dc_scan_same_visitor(fv->value, checked))
            continue;
        char *v = dc_strdup(checked);
        if (!v)
            return dc_error_set(DC_ERR_NOMEM, "field %s", fv->id);
        if (strcmp(v, fv->value) != 0) {
            free(fv->read_as);
            fv->read_as = fv->value; /* what the person wrote, as read */
        } else {
            free(fv->value);
        }
        fv->value = v;
        fv->state = DC_STATE_ACCEPTED;
        fv->basis = DC_BASIS_SAME_VISITOR;
        fv->why = DC_WHY_NONE;
    }
    return 0;
}

/* In a part read at the pen's level, a text, number, date or time field found empty there may be
 * written lighter (a name in pencil among pen writing), which that level does not see: it is read
 * again at the faint level, and what that finds goes to a person with its reading as the
 * suggestion (never accepted: in a pen part a light mark may also be a stain). The second reading
 * leaves the page's font evidence as it was (scan_settle_rings: a value in review needs none). */
static int reread_faint_if_empty(dc_field_value *fv, scan_worker_ctx *w, PIX *grey, const dc_scan_registration *reg,
                                 const dc_field *f)
{
    if (w->faint || fv->state != DC_STATE_EMPTY)
        return 0;
    const size_t npending = w->npending;
    const int mono_zeros = w->page_mono_zeros, wide_os = w->page_wide_os;
    dc_field_value again = {.id = fv->id};
    w->faint = true;
    int rc = read_comb(&again, w, grey, reg, f);
    w->faint = false;
    w->npending = npending;
    w->page_mono_zeros = mono_zeros;
    w->page_wide_os = wide_os;
    if (rc == 0 && again.state != DC_STATE_EMPTY) {
        free(fv->value);
        free(fv->crop_png);
        fv->value = again.value;
        fv->confidence = again.confidence;
        fv->crop_png = again.crop_png;
        fv->crop_png_len = again.crop_png_len;
        fv->crossed = again.crossed;
        fv->state = DC_STATE_REVIEW;
        fv->basis = DC_BASIS_NONE;
        fv->why = DC_WHY_FAINT;
        return 0;
    }
    free(again.value);
    free(again.crop_png);
    return rc;
}

int scan_read_fields(dc_page_result *r, scan_worker_ctx *w, PIX *grey, const dc_scan_registration *reg,
                     const dc_template *t)
{
    r->fields = calloc(t->nfields ? t->nfields : 1, sizeof *r->fields);
    if (!r->fields)
        return dc_error_set(DC_ERR_NOMEM, "page fields");
    r->nfields = 0;
    w->page_mono_zeros = w->page_wide_os = 0;
    w->npending = 0;
    w->tmpl = t;
    /* a stain on a form written in pen is as light as pencil: the faint ink level only for a
     * part of the form written faintly (scan_fields_faint) */
    bool *faint = calloc(t->nfields ? t->nfields : 1, sizeof *faint);
    bool *plain = calloc(t->nfields ? t->nfields : 1, sizeof *plain); /* accept_same_visitor */
    if (!faint || !plain) {
        free(faint);
        free(plain);
        return dc_error_set(DC_ERR_NOMEM, "page fields");
    }
    int rc = scan_fields_faint(grey, reg, t, faint);
    for (size_t i = 0; i < t->nfields && rc == 0; i++) {
        const dc_field *f = &t->fields[i];
        w->faint = faint[i];
        dc_field_value *fv = &r->fields[r->nfields++];
        fv->id = dc_strdup(f->id);
        if (!fv->id) {
            rc = dc_error_set(DC_ERR_NOMEM, "page fields");
            break;
        }
        switch (f->type) {
        case DC_FIELD_CHECKBOX:
            rc = read_checkbox(fv, w, grey, reg, f);
            break;
        case DC_FIELD_CHOICE:
            rc = read_choice(fv, w, grey, reg, f);
            break;
        case DC_FIELD_SIGNATURE:
            rc = read_signature(fv, w, grey, reg, f);
            break;
        case DC_FIELD_TEXT:
        case DC_FIELD_DIGITS:
        case DC_FIELD_DATE:
        case DC_FIELD_TIME:
            w->text_plain = false;
            if (!f->has_zone && f->ncells == 0) {
                rc = set_review(fv, NULL, 0, DC_WHY_UNREAD);
            } else if ((rc = read_comb(fv, w, grey, reg, f)) == 0) {
                plain[i] = w->text_plain && !w->faint;
                rc = reread_faint_if_empty(fv, w, grey, reg, f);
            }
            break;
        }
        if (rc)
            rc = dc_error_wrap(rc, "field %s: ", f->id);
    }
    free(faint);
    if (!rc && (rc = reread_id_number(r, w, grey, reg, t)) != 0)
        rc = dc_error_wrap(rc, "field %s: ", ID_NUMBER_FIELD);
    if (!rc) {
        scan_settle_rings(w);
        rc = accept_same_visitor(r, w, t, plain);
    }
    free(plain);
    if (rc)
        return rc;
    /* a field whose state a later look changed keeps a basis only while it is accepted */
    for (size_t i = 0; i < r->nfields; i++) {
        dc_field_value *fv = &r->fields[i];
        if (fv->state != DC_STATE_ACCEPTED)
            fv->basis = DC_BASIS_NONE;
        else if (fv->basis == DC_BASIS_NONE)
            fv->basis = DC_BASIS_READING;
    }
    return 0;
}
