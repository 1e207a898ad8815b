/* scan_dropout: what is printed on a form, and writing found beside a box (template dropout). */
#include "dc_error.h"
#include "scan_internal.h"

#include <limits.h>
#include <math.h>

/* The print mask: a blank printed page's pixels darker than this are print (the English
 * subtitles are mid-grey, their anti-aliased edges lighter still) ... */
#define PRINT_LEVEL 230
/* ... grown by this much, for what registration, the printer and the scanner move or thicken;
 * slivers of print left beyond that, along its edges, are opened away (PRINT_SLIVER_PX wide at
 * most; a pen's stroke is 3.5 px or more at DC_SCAN_PX_PER_MM). */
#define PRINT_GROW_MM 0.2
#define PRINT_SLIVER_PX 2
/* The printed lines are grown by this much for where ink is followed across them. */
#define LINE_GROW_MM 0.5
/* The printed lines (outlines, rules) are at most this wide. */
#define PRINT_LINE_MM 0.8

/* Ink is followed this many box sizes further out, to what it belongs to. */
#define BESIDE_CONTEXT_SIZES 2.0
/* Another field's writing area (cells, zone, box) grown by this much owns the ink touching it
 * (a tick running out of the next box, a letter running out of its cell): half a millimetre past
 * the band its printed outline takes from the ink, so that a stroke leaving the box is seen
 * outside the band too. */
#define BESIDE_AREA_GROW_MM (PRINT_LINE_MM / 2 + LINE_GROW_MM + 0.5)
/* A mark: pieces of ink at least BESIDE_PIECE_MM long, spanning this much in one direction at
 * least, and of this many pixels together. */
#define BESIDE_MIN_EXTENT_MM 2.0
#define BESIDE_MIN_PX 40
#define BESIDE_PIECE_MM 0.5
/* Faint writing beside a box in a part written in pen: this much darker than its surroundings. */
#define FAINT_TOPHAT_MIN 60

/* Sets the mm rectangle x,y,w,h grown by g in mask m, whose pixel 0,0 is at mm ox,oy. */
static void set_mm(PIX *m, double ox, double oy, double x, double y, double w, double h, double g)
{
    const double p = DC_SCAN_PX_PER_MM;
    int x0 = (int)floor((x - g - ox) * p), y0 = (int)floor((y - g - oy) * p);
    int x1 = (int)ceil((x + w + g - ox) * p), y1 = (int)ceil((y + h + g - oy) * p);
    if (x1 > 0 && y1 > 0 && x0 < pixGetWidth(m) && y0 < pixGetHeight(m))
        pixRasterop(m, x0, y0, x1 - x0, y1 - y0, PIX_SET, NULL, 0, 0);
}

/* Calls fn for every writing area of template t (dc_field_each_area). */
static void each_area(const dc_template *t, void (*fn)(void *u, dc_box_mm a), void *u)
{
    for (size_t i = 0; i < t->nfields; i++)
        dc_field_each_area(&t->fields[i], fn, u);
}

/* each_area's visitor for the printed lines: the outline of area a in the page mask u, each side
 * PRINT_LINE_MM wide, grown by LINE_GROW_MM. */
static void outline_area(void *u, dc_box_mm a)
{
    const double g = PRINT_LINE_MM / 2 + LINE_GROW_MM;
    set_mm(u, 0, 0, a.x, a.y, a.w, 0, g);
    set_mm(u, 0, 0, a.x, a.y + a.h, a.w, 0, g);
    set_mm(u, 0, 0, a.x, a.y, 0, a.h, g);
    set_mm(u, 0, 0, a.x + a.w, a.y, 0, a.h, g);
}

/* The printed lines of template t, from its geometry: the outlines of every cell, box and zone and
 * the table's rules and header. */
static PIX *printed_lines(const dc_template *t)
{
    const double p = DC_SCAN_PX_PER_MM, g = PRINT_LINE_MM / 2 + LINE_GROW_MM;
    PIX *m = pixCreate((int)ceil(t->page_w * p), (int)ceil(t->page_h * p), 1);
    if (!m)
        return NULL;
    each_area(t, outline_area, m);
    const dc_table *tb = &t->table;
    if (tb->present) {
        double w = 0;
        for (size_t c = 0; c < tb->ncolumns; c++)
            w += tb->columns[c].w;
        const double h = tb->header_h + tb->rows * tb->row_h;
        set_mm(m, 0, 0, tb->x, tb->y, w, tb->header_h, g);
        for (int r = 0; r <= tb->rows; r++)
            set_mm(m, 0, 0, tb->x, tb->y + tb->header_h + r * tb->row_h, w, 0, g);
        double x = tb->x;
        for (size_t c = 0; c <= tb->ncolumns; c++) {
            set_mm(m, 0, 0, x, tb->y, 0, h, g);
            if (c < tb->ncolumns)
                x += tb->columns[c].w;
        }
    }
    return m;
}

int scan_printed_masks(PIX **all, PIX **lines, PIX *grey, const dc_scan_registration *reg, const dc_template *t)
{
    *all = *lines = NULL;
    const dc_box_mm page = {0, 0, t->page_w, t->page_h};
    PIX *flat = scan_warp(grey, reg->h, page, 0, DC_SCAN_PX_PER_MM);
    PIX *bin = flat ? pixThresholdToBinary(flat, PRINT_LEVEL) : NULL;
    pixDestroy(&flat);
    const int k = 2 * (int)lround(PRINT_GROW_MM * DC_SCAN_PX_PER_MM) + 1;
    *all = bin ? pixDilateBrick(NULL, bin, k, k) : NULL;
    *lines = printed_lines(t);
    pixDestroy(&bin);
    if (*all && *lines)
        return 0;
    pixDestroy(all);
    pixDestroy(lines);
    return dc_error_set(DC_ERR_NOMEM, "print of %s v%d", t->form, t->version);
}

static bool same_box(dc_box_mm a, dc_box_mm b)
{
    return fabs(a.x - b.x) < 1e-6 && fabs(a.y - b.y) < 1e-6 && fabs(a.w - b.w) < 1e-6 && fabs(a.h - b.h) < 1e-6;
}

/* Other fields' writing areas in a crop's mask (each_area's visitor). */
typedef struct areas_of {
    PIX *mask;
    double ox, oy;  /* mm of the mask's pixel 0,0 */
    dc_box_mm own;  /* the box looked beside: not another's area */
} areas_of;

static void set_area(void *u, dc_box_mm a)
{
    const areas_of *o = u;
    if (!same_box(a, o->own))
        set_mm(o->mask, o->ox, o->oy, a.x, a.y, a.w, a.h, BESIDE_AREA_GROW_MM);
}

/* The other fields' areas (grown, set_area) in a w x h mask whose pixel 0,0 is page pixel r[0],r[1]
 * (own: the box looked beside); NULL when out of memory. */
static PIX *areas_in(const dc_template *t, dc_box_mm own, const int r[4], int w, int h)
{
    const double p = DC_SCAN_PX_PER_MM;
    PIX *m = pixCreate(w, h, 1);
    if (m) {
        areas_of ao = {m, r[0] / p, r[1] / p, own};
        each_area(t, set_area, &ao);
    }
    return m;
}

/* The pixel rectangle of mm box [x0,x1]x[y0,y1] clipped to the page of t, at DC_SCAN_PX_PER_MM. */
static void page_px(const dc_template *t, double x0, double y0, double x1, double y1, int r[4])
{
    const double p = DC_SCAN_PX_PER_MM;
    r[0] = (int)floor(fmax(0, x0) * p);
    r[1] = (int)floor(fmax(0, y0) * p);
    r[2] = (int)ceil(fmin(t->page_w, x1) * p) - r[0];
    r[3] = (int)ceil(fmin(t->page_h, y1) * p) - r[1];
}

/* The ink of the page in pixel rectangle r (of the print masks' grid) at the part's ink level,
 * *ink, and the writing in it, *writing: that ink less the print, opened to drop the slivers of
 * print left along its edges. NULL both when out of memory. */
static void ink_in(PIX **ink, PIX **writing, const scan_worker_ctx *w, PIX *grey, const dc_scan_registration *reg,
                   const int r[4], bool faint_ok)
{
    const double p = DC_SCAN_PX_PER_MM;
    const dc_box_mm mm = {r[0] / p, r[1] / p, r[2] / p, r[3] / p};
    PIX *crop = scan_warp(grey, reg->h, mm, 0, p);
    if (crop && faint_ok && !w->faint) {
        /* faint writing among pen writing and print: ink narrower than a stroke and darker than
         * its surroundings (a black top-hat), whatever the darkest ink in the crop */
        const int se = 2 * (int)lround(DC_SCAN_STROKE_MAX_MM * p / 2) + 1;
        PIX *hat = pixTophat(crop, se, se, L_TOPHAT_BLACK);
        PIX *dark = hat ? pixInvert(NULL, hat) : NULL;
        *ink = dark ? scan_binarize_writing_at(dark, p, 3, 256 - FAINT_TOPHAT_MIN) : NULL;
        pixDestroy(&hat);
        pixDestroy(&dark);
    } else {
        *ink = crop ? scan_binarize_writing(crop, p, 3, w->faint) : NULL;
    }
    pixDestroy(&crop);
    BOX *where = *ink ? boxCreate(r[0], r[1], pixGetWidth(*ink), pixGetHeight(*ink)) : NULL;
    PIX *print = where ? pixClipRectangle(w->printed, where, NULL) : NULL;
    boxDestroy(&where);
    PIX *less = print ? pixCopy(NULL, *ink) : NULL;
    if (less)   /* the clip is smaller only where the page ends */
        pixRasterop(less, 0, 0, pixGetWidth(print), pixGetHeight(print), PIX_DST & PIX_NOT(PIX_SRC), print, 0, 0);
    const int k = PRINT_SLIVER_PX + 1;
    *writing = less ? pixOpenBrick(NULL, less, k, k) : NULL;
    pixDestroy(&less);
    if (!*writing)
        pixDestroy(ink);
    pixDestroy(&print);
}

/* Whether `pix` holds a mark: pieces of ink at least BESIDE_PIECE_MM long that together hold
 * BESIDE_MIN_PX and span BESIDE_MIN_EXTENT_MM (a tick made over a printed label is cut by the
 * label's mask into short strokes). 1, 0, or -1 when out of memory. */
static int has_mark(PIX *pix)
{
    PIXA *pieces = NULL;
    BOXA *boxes = pixConnComp(pix, &pieces, 8);
    if (!boxes || !pieces) {
        boxaDestroy(&boxes);
        pixaDestroy(&pieces);
        return -1;
    }
    const int ext = (int)lround(BESIDE_MIN_EXTENT_MM * DC_SCAN_PX_PER_MM);
    const int piece = (int)lround(BESIDE_PIECE_MM * DC_SCAN_PX_PER_MM);
    l_int32 total = 0, x0 = INT_MAX, y0 = INT_MAX, x1 = INT_MIN, y1 = INT_MIN;
    for (int i = 0; i < pixaGetCount(pieces); i++) {
        l_int32 bx, by, bw = 0, bh = 0, n = 0;
        pixaGetBoxGeometry(pieces, i, &bx, &by, &bw, &bh);
        if (bw < piece && bh < piece)
            continue;
        PIX *p = pixaGetPix(pieces, i, L_CLONE);
        if (p)
            pixCountPixels(p, &n, NULL);
        pixDestroy(&p);
        total += n;
        x0 = bx < x0 ? bx : x0;
        y0 = by < y0 ? by : y0;
        x1 = bx + bw > x1 ? bx + bw : x1;
        y1 = by + bh > y1 ? by + bh : y1;
    }
    boxaDestroy(&boxes);
    pixaDestroy(&pieces);
    return total >= BESIDE_MIN_PX && (x1 - x0 >= ext || y1 - y0 >= ext);
}

/* Whether pixel rectangle r of the page holds at least BESIDE_MIN_PX pixels FAINT_TOPHAT_MIN
 * below white that are neither print nor in other fields' areas (own: the box looked beside): the
 * faint look's cheap first question. 1, 0, or -1 when out of memory. */
static int faint_candidates(const scan_worker_ctx *w, PIX *grey, const dc_scan_registration *reg,
                            const dc_template *t, dc_box_mm own, const int r[4])
{
    const double p = DC_SCAN_PX_PER_MM;
    const dc_box_mm mm = {r[0] / p, r[1] / p, r[2] / p, r[3] / p};
    PIX *crop = scan_warp(grey, reg->h, mm, 0, p);
    PIX *dark = crop ? pixThresholdToBinary(crop, 256 - FAINT_TOPHAT_MIN) : NULL;
    pixDestroy(&crop);
    BOX *where = dark ? boxCreate(r[0], r[1], pixGetWidth(dark), pixGetHeight(dark)) : NULL;
    PIX *print = where ? pixClipRectangle(w->printed, where, NULL) : NULL;
    boxDestroy(&where);
    PIX *areas = print ? areas_in(t, own, r, pixGetWidth(dark), pixGetHeight(dark)) : NULL;
    int n = -1;
    if (areas) {
        pixRasterop(dark, 0, 0, pixGetWidth(print), pixGetHeight(print), PIX_DST & PIX_NOT(PIX_SRC), print, 0, 0);
        pixRasterop(dark, 0, 0, pixGetWidth(areas), pixGetHeight(areas), PIX_DST & PIX_NOT(PIX_SRC), areas, 0, 0);
        l_int32 cnt = 0;
        pixCountPixels(dark, &cnt, NULL);
        n = cnt >= BESIDE_MIN_PX;
    }
    pixDestroy(&dark);
    pixDestroy(&print);
    pixDestroy(&areas);
    return n;
}

int scan_mark_beside(bool *found, const scan_worker_ctx *w, PIX *grey, const dc_scan_registration *reg,
                     const dc_template *t, dc_box_mm b, bool faint_ok)
{
    *found = false;
    if (!w->printed)
        return 0;
    /* the window looked at, and the context in which ink is followed to what it belongs to (a
     * tick's long stroke from the next box reaching into the window) */
    const double wx = SCAN_BESIDE_WIDTHS * b.w, wy = SCAN_BESIDE_HEIGHTS * b.h;
    const double cx = wx + BESIDE_CONTEXT_SIZES * b.w, cy = wy + BESIDE_CONTEXT_SIZES * b.h;
    int win[4], ctx[4];
    page_px(t, b.x - wx, b.y - wy, b.x + b.w + wx, b.y + b.h + wy, win);
    page_px(t, b.x - cx, b.y - cy, b.x + b.w + cx, b.y + b.h + cy, ctx);
    if (win[2] < 2 || win[3] < 2)
        return 0;
    /* the faint look in a part written in pen: only where something darker than paper is left
     * beside the box once print and other fields are set aside */
    if (faint_ok && !w->faint) {
        int maybe = faint_candidates(w, grey, reg, t, b, win);
        if (maybe <= 0)
            return maybe < 0 ? dc_error_set(DC_ERR_NOMEM, "looking beside a box") : 0;
    }
    /* most boxes have nothing beside them: the window's writing alone says so (what is followed
     * to other fields in the context can only take pieces away) */
    PIX *ink = NULL, *writing = NULL;
    ink_in(&ink, &writing, w, grey, reg, win, faint_ok);
    int any = writing ? has_mark(writing) : -1;
    pixDestroy(&ink);
    pixDestroy(&writing);
    if (any <= 0)
        return any < 0 ? dc_error_set(DC_ERR_NOMEM, "looking beside a box") : 0;

    ink_in(&ink, &writing, w, grey, reg, ctx, faint_ok);
    BOX *where = ink ? boxCreate(ctx[0], ctx[1], pixGetWidth(ink), pixGetHeight(ink)) : NULL;
    PIX *lines = where ? pixClipRectangle(w->printed_lines, where, NULL) : NULL;
    boxDestroy(&where);
    PIX *areas = ink ? areas_in(t, b, ctx, pixGetWidth(ink), pixGetHeight(ink)) : NULL;
    if (!lines || !areas) {
        pixDestroy(&ink);
        pixDestroy(&writing);
        pixDestroy(&lines);
        pixDestroy(&areas);
        return dc_error_set(DC_ERR_NOMEM, "looking beside a box");
    }
    /* the ink less printed lines, through which ink is followed to what it belongs to */
    pixRasterop(ink, 0, 0, pixGetWidth(lines), pixGetHeight(lines), PIX_DST & PIX_NOT(PIX_SRC), lines, 0, 0);
    pixDestroy(&lines);
    /* less the writing of other fields: whatever is connected to writing in their areas, across
     * printed text but not across printed lines (a tick's long stroke from the box below crosses
     * that box's label; a tick made beside a box in the checklist lies on a table rule, which
     * runs on to the writing in the next column) */
    PIX *seed = pixAnd(NULL, writing, areas);
    PIX *owned = seed ? pixSeedfillBinary(NULL, seed, ink, 8) : NULL;
    if (owned)
        pixOr(owned, owned, areas);   /* and what is in the areas, under their outlines too */
    pixDestroy(&seed);
    pixDestroy(&areas);
    pixDestroy(&ink);
    BOX *wbox = boxCreate(win[0] - ctx[0], win[1] - ctx[1], win[2], win[3]);
    PIX *left = owned && wbox ? pixSubtract(NULL, writing, owned) : NULL;
    pixDestroy(&writing);
    PIX *in = left ? pixClipRectangle(left, wbox, NULL) : NULL;
    pixDestroy(&owned);
    pixDestroy(&left);
    boxDestroy(&wbox);
    int mark = in ? has_mark(in) : -1;
    pixDestroy(&in);
    if (mark < 0)
        return dc_error_set(DC_ERR_NOMEM, "looking beside a box");
    *found = mark == 1;
    return 0;
}
