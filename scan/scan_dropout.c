/* scan_dropout: what is printed on a form, and writing found beside a box (template dropout). */
#include "dc_error.h"
#include "scan_internal.h"

#include <limits.h>
#include <math.h>
#include <string.h>

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

/* Writing that runs over a comb cell's outline (scan_spilled_cell): the window reaches this far
 * to the left and right of the cell (half the gap to the next cell) ... */
#define SPILL_SIDE_MM 0.5
/* ... and SCAN_SPILL_HEIGHTS cell heights above and below it. */
/* On the printed outline (grey 140, GREY_COMB) only ink darker than DC_SCAN_PEN_DARK is the pen's,
 * the outline taken this far to either side of the printed line. */
#define SPILL_OUTLINE_MM 0.5
/* Another field's area grown by this much owns the writing touching it. */
#define SPILL_AREA_GROW_MM 0.5
/* Every piece of the writing that runs out of the cell has at least this share of its pixels in it. */
#define SPILL_INSIDE_MIN 0.5
/* The cleaned cell keeps this many pixels of the writing's anti-aliased rim. */
#define SPILL_RIM_PX 2
/* Pixels of a cell's writing beyond its inside that make the inside a cut of it (a stroke 4 px wide
 * running 0.25 mm past; fewer are the jaggies of a stroke that ends at the inset). */
#define SPILL_PAST_PX 10

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

/* Outlines of writing areas in a mask (outline_in). */
typedef struct outline_of {
    PIX *mask;
    double ox, oy;  /* mm of the mask's pixel 0,0 */
    double g;       /* mm the outline takes to either side of the printed line */
} outline_of;

/* A visitor of writing areas (each_area, dc_field_each_area): the outline of area a in the mask. */
static void outline_in(void *u, dc_box_mm a)
{
    const outline_of *o = u;
    set_mm(o->mask, o->ox, o->oy, a.x, a.y, a.w, 0, o->g);
    set_mm(o->mask, o->ox, o->oy, a.x, a.y + a.h, a.w, 0, o->g);
    set_mm(o->mask, o->ox, o->oy, a.x, a.y, 0, a.h, o->g);
    set_mm(o->mask, o->ox, o->oy, a.x + a.w, a.y, 0, a.h, o->g);
}

/* The printed lines of template t, from its geometry: the outlines of every cell, box and zone and
 * the table's rules and header. */
static PIX *printed_lines(const dc_template *t)
{
    const double p = DC_SCAN_PX_PER_MM, g = PRINT_LINE_MM / 2 + LINE_GROW_MM;
    PIX *m = pixCreate((int)ceil(t->page_w * p), (int)ceil(t->page_h * p), 1);
    if (!m)
        return NULL;
    outline_of o = {m, 0, 0, g};   /* each side PRINT_LINE_MM wide, grown by LINE_GROW_MM */
    each_area(t, outline_in, &o);
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
    double grow;    /* mm each area is grown by */
} areas_of;

static void set_area(void *u, dc_box_mm a)
{
    const areas_of *o = u;
    if (!same_box(a, o->own))
        set_mm(o->mask, o->ox, o->oy, a.x, a.y, a.w, a.h, o->grow);
}

/* The other fields' areas grown by `grow` mm in a w x h mask whose pixel 0,0 is page pixel
 * r[0],r[1]: every area of template t but box `own` and the areas of field `skip` (may be NULL).
 * NULL when out of memory. */
static PIX *areas_in(const dc_template *t, dc_box_mm own, const dc_field *skip, double grow, const int r[4], int w,
                     int h)
{
    const double p = DC_SCAN_PX_PER_MM;
    PIX *m = pixCreate(w, h, 1);
    if (m) {
        areas_of ao = {m, r[0] / p, r[1] / p, own, grow};
        for (size_t i = 0; i < t->nfields; i++)
            if (!skip || strcmp(t->fields[i].id, skip->id) != 0)   /* skip may be a copy (a field re-read) */
                dc_field_each_area(&t->fields[i], set_area, &ao);
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
                            const dc_template *t, dc_box_mm own, const dc_field *skip, const int r[4])
{
    const double p = DC_SCAN_PX_PER_MM;
    const dc_box_mm mm = {r[0] / p, r[1] / p, r[2] / p, r[3] / p};
    PIX *crop = scan_warp(grey, reg->h, mm, 0, p);
    PIX *dark = crop ? pixThresholdToBinary(crop, 256 - FAINT_TOPHAT_MIN) : NULL;
    pixDestroy(&crop);
    BOX *where = dark ? boxCreate(r[0], r[1], pixGetWidth(dark), pixGetHeight(dark)) : NULL;
    PIX *print = where ? pixClipRectangle(w->printed, where, NULL) : NULL;
    boxDestroy(&where);
    PIX *areas = print ? areas_in(t, own, skip, BESIDE_AREA_GROW_MM, r, pixGetWidth(dark), pixGetHeight(dark)) : NULL;
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

/* Whether there is a mark in a window of box b grown by wx mm to either side and wy mm above and
 * below, at the part's ink level or (faint_ok, in a part written in pen) as faint writing; ink is
 * followed BESIDE_CONTEXT_SIZES units (uw x uh mm) further out. The areas of field `skip` (may be
 * NULL) and box b itself are not another's. */
static int look_beside(bool *found, const scan_worker_ctx *w, PIX *grey, const dc_scan_registration *reg,
                       const dc_template *t, dc_box_mm b, double wx, double wy, double uw, double uh,
                       const dc_field *skip, bool faint_ok)
{
    *found = false;
    if (!w->printed)
        return 0;
    /* the window looked at, and the context in which ink is followed to what it belongs to (a
     * tick's long stroke from the next box reaching into the window) */
    const double cx = wx + BESIDE_CONTEXT_SIZES * uw, cy = wy + BESIDE_CONTEXT_SIZES * uh;
    int win[4], ctx[4];
    page_px(t, b.x - wx, b.y - wy, b.x + b.w + wx, b.y + b.h + wy, win);
    page_px(t, b.x - cx, b.y - cy, b.x + b.w + cx, b.y + b.h + cy, ctx);
    if (win[2] < 2 || win[3] < 2)
        return 0;
    /* the faint look in a part written in pen: only where something darker than paper is left
     * beside the box once print and other fields are set aside */
    if (faint_ok && !w->faint) {
        int maybe = faint_candidates(w, grey, reg, t, b, skip, win);
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
    PIX *areas = ink ? areas_in(t, b, skip, BESIDE_AREA_GROW_MM, ctx, pixGetWidth(ink), pixGetHeight(ink)) : NULL;
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

/* look_beside at the part's ink level and, in a part written in pen when nothing is found there,
 * for faint writing (pencil beside a pen-written box). */
static int mark_beside(bool *found, const scan_worker_ctx *w, PIX *grey, const dc_scan_registration *reg,
                       const dc_template *t, dc_box_mm b, double wx, double wy, double uw, double uh,
                       const dc_field *skip)
{
    int rc = look_beside(found, w, grey, reg, t, b, wx, wy, uw, uh, skip, w->faint);
    if (!rc && !*found && !w->faint)
        rc = look_beside(found, w, grey, reg, t, b, wx, wy, uw, uh, skip, true);
    return rc;
}

int scan_mark_beside(bool *found, const scan_worker_ctx *w, PIX *grey, const dc_scan_registration *reg,
                     const dc_template *t, dc_box_mm b)
{
    return mark_beside(found, w, grey, reg, t, b, SCAN_BESIDE_WIDTHS * b.w, SCAN_BESIDE_HEIGHTS * b.h, b.w, b.h, NULL);
}

int scan_writing_beside_comb(bool *found, const scan_worker_ctx *w, PIX *grey, const dc_scan_registration *reg,
                             const dc_template *t, const dc_field *f, dc_box_mm comb)
{
    *found = false;
    if (f->ncells == 0)
        return 0;
    const dc_box_mm cell = f->cells[0];
    return mark_beside(found, w, grey, reg, t, comb, SCAN_COMB_BESIDE_WIDTHS * cell.w,
                       SCAN_COMB_BESIDE_HEIGHTS * cell.h, cell.w, cell.h, f);
}

/* Whether any pixel of `m` on its outer frame is set. */
static bool touches_frame(PIX *m)
{
    const int w = pixGetWidth(m), h = pixGetHeight(m);
    for (int x = 0; x < w; x++) {
        l_uint32 a = 0, b = 0;
        pixGetPixel(m, x, 0, &a);
        pixGetPixel(m, x, h - 1, &b);
        if (a || b)
            return true;
    }
    for (int y = 0; y < h; y++) {
        l_uint32 a = 0, b = 0;
        pixGetPixel(m, 0, y, &a);
        pixGetPixel(m, w - 1, y, &b);
        if (a || b)
            return true;
    }
    return false;
}

/* Whether every piece of `owned` that runs out of cell box `cell` (the same grid) has at least
 * SPILL_INSIDE_MIN of its pixels inside it: a digit written over the comb has most of its ink in
 * the cell; a stroke that comes in from outside has most of it outside. 1, 0, or -1 when out of
 * memory. */
static int pieces_mostly_inside(PIX *owned, PIX *cell)
{
    PIXA *pieces = NULL;
    BOXA *boxes = pixConnComp(owned, &pieces, 8);
    int ok = boxes && pieces ? 1 : -1;
    for (int i = 0; ok == 1 && i < pixaGetCount(pieces); i++) {
        PIX *piece = pixaGetPix(pieces, i, L_CLONE);
        BOX *where = pixaGetBox(pieces, i, L_CLONE);
        PIX *in = piece && where ? pixClipRectangle(cell, where, NULL) : NULL;
        l_int32 all = 0, inside = 0;
        if (in && pixGetWidth(in) == pixGetWidth(piece) && pixGetHeight(in) == pixGetHeight(piece)) {
            pixAnd(in, in, piece);
            pixCountPixels(piece, &all, NULL);
            pixCountPixels(in, &inside, NULL);
            if (inside < all && inside < SPILL_INSIDE_MIN * all)
                ok = 0;
        } else {
            ok = -1;
        }
        pixDestroy(&in);
        pixDestroy(&piece);
        boxDestroy(&where);
    }
    boxaDestroy(&boxes);
    pixaDestroy(&pieces);
    return ok;
}

/* The writing in window `crop` (page pixel rectangle r): the pen's ink less the print (*print: the
 * print there, the caller's), except on field f's own cell outlines, where ink darker than the
 * printed comb is the pen's. NULL (and *print NULL) when out of memory. */
static PIX *spill_writing(PIX **print, const scan_worker_ctx *w, PIX *crop, const dc_field *f, const int r[4])
{
    const double p = DC_SCAN_PX_PER_MM;
    PIX *ink = scan_binarize(crop, DC_SCAN_INK_LEVEL, 3);
    BOX *where = ink ? boxCreate(r[0], r[1], pixGetWidth(ink), pixGetHeight(ink)) : NULL;
    *print = where ? pixClipRectangle(w->printed, where, NULL) : NULL;
    boxDestroy(&where);
    PIX *outline = *print ? pixCreate(pixGetWidth(ink), pixGetHeight(ink), 1) : NULL;
    PIX *dark = outline ? pixThresholdToBinary(crop, DC_SCAN_PEN_DARK) : NULL;
    PIX *writing = NULL;
    if (dark) {
        outline_of o = {outline, r[0] / p, r[1] / p, SPILL_OUTLINE_MM};
        dc_field_each_area(f, outline_in, &o);
        pixRasterop(ink, 0, 0, pixGetWidth(*print), pixGetHeight(*print), PIX_DST & PIX_NOT(PIX_SRC), *print, 0, 0);
        pixAnd(dark, dark, outline);
        writing = pixOr(NULL, ink, dark);
    }
    pixDestroy(&ink);
    pixDestroy(&outline);
    pixDestroy(&dark);
    if (!writing)
        pixDestroy(print);
    return writing;
}

/* The page pixel rectangle of the window cell b is read in past its comb. */
static void spill_window(const dc_template *t, dc_box_mm b, int r[4])
{
    page_px(t, b.x - SPILL_SIDE_MM, b.y - SCAN_SPILL_HEIGHTS * b.h, b.x + b.w + SPILL_SIDE_MM,
            b.y + b.h * (1 + SCAN_SPILL_HEIGHTS), r);
}

void scan_spill_inside(const dc_template *t, dc_box_mm b, double inset_mm, int *x, int *y)
{
    int r[4];
    spill_window(t, b, r);
    const double p = DC_SCAN_PX_PER_MM;
    *x = (int)lround((b.x + inset_mm) * p) - r[0];
    *y = (int)lround((b.y + inset_mm) * p) - r[1];
}

PIX *scan_spill_frame(const dc_template *t, dc_box_mm b, PIX *inside, double inset_mm)
{
    int r[4];
    spill_window(t, b, r);
    PIX *m = r[2] > 0 && r[3] > 0 ? pixCreate(r[2], r[3], 1) : NULL;
    if (m && inside) {
        int x, y;
        scan_spill_inside(t, b, inset_mm, &x, &y);
        pixRasterop(m, x, y, pixGetWidth(inside), pixGetHeight(inside), PIX_SRC, inside, 0, 0);
    }
    return m;
}

int scan_spilled_cell(PIX **cell, PIX **bin, PIX **framed, bool *tangled, bool *past, const scan_worker_ctx *w,
                      PIX *grey, const dc_scan_registration *reg, const dc_template *t, const dc_field *f, size_t c,
                      double inset_mm)
{
    *cell = *bin = NULL;
    if (framed)
        *framed = NULL;
    *tangled = true;
    if (past)
        *past = true;
    if (!w->printed || c >= f->ncells)
        return 0;
    const double p = DC_SCAN_PX_PER_MM;
    const dc_box_mm b = f->cells[c];
    int r[4];
    spill_window(t, b, r);
    if (r[2] < 4 || r[3] < 4)
        return 0;
    const dc_box_mm mm = {r[0] / p, r[1] / p, r[2] / p, r[3] / p};
    PIX *crop = scan_warp(grey, reg->h, mm, 0, p);
    PIX *print = NULL;   /* the print in the window */
    PIX *writing = crop ? spill_writing(&print, w, crop, f, r) : NULL;
    /* the writing that reaches into the cell's inside, wherever it runs */
    PIX *inside = writing ? pixCreate(pixGetWidth(writing), pixGetHeight(writing), 1) : NULL;
    PIX *owned = NULL, *areas = NULL;
    l_int32 in_px = 0, owned_px = 0;
    if (inside) {
        set_mm(inside, mm.x, mm.y, b.x + inset_mm, b.y + inset_mm, b.w - 2 * inset_mm, b.h - 2 * inset_mm, 0);
        pixAnd(inside, inside, writing);
        owned = pixSeedfillBinary(NULL, inside, writing, 8);
        areas = owned ? areas_in(t, b, f, SPILL_AREA_GROW_MM, r, pixGetWidth(owned), pixGetHeight(owned)) : NULL;
        /* the owned writing inside the inside is all the writing there (each such pixel seeds) */
        pixCountPixels(inside, &in_px, NULL);
        if (owned)
            pixCountPixels(owned, &owned_px, NULL);
    }
    pixDestroy(&writing);
    pixDestroy(&inside);
    int rc = 0;
    if (!areas) {
        rc = dc_error_set(DC_ERR_NOMEM, "cell %zu of %s read past its comb", c + 1, f->id);
        goto out;
    }
    if (owned_px == 0)
        goto out;   /* no pen writing inside once the print is set aside: nothing to read instead */
    /* writing that runs on out of the window or into another field's area, or that lies mostly
     * outside the cell, is not this cell's alone */
    l_int32 shared = 0;
    pixAnd(areas, areas, owned);
    pixCountPixels(areas, &shared, NULL);
    PIX *box = pixCreate(pixGetWidth(owned), pixGetHeight(owned), 1);
    if (box)
        set_mm(box, mm.x, mm.y, b.x, b.y, b.w, b.h, 0);
    const int mostly_in = box ? pieces_mostly_inside(owned, box) : -1;
    pixDestroy(&box);
    if (mostly_in < 0) {
        rc = dc_error_set(DC_ERR_NOMEM, "cell %zu of %s read past its comb", c + 1, f->id);
        goto out;
    }
    if (shared > 0 || touches_frame(owned) || !mostly_in)
        goto out;
    /* the cell the reader gets: the writing's box, at least the cell's inside, on clean paper */
    l_int32 bx, by, bw, bh;
    BOX *ext = NULL;
    pixClipToForeground(owned, NULL, &ext);
    if (!ext || boxGetGeometry(ext, &bx, &by, &bw, &bh)) {
        boxDestroy(&ext);
        rc = dc_error_set(DC_ERR_NOMEM, "cell %zu of %s read past its comb", c + 1, f->id);
        goto out;
    }
    boxDestroy(&ext);
    const int mw = (int)lround((b.w - 2 * inset_mm) * p), mh = (int)lround((b.h - 2 * inset_mm) * p);
    const int cw = bw + 2 * SPILL_RIM_PX > mw ? bw + 2 * SPILL_RIM_PX : mw;
    const int ch = bh + 2 * SPILL_RIM_PX > mh ? bh + 2 * SPILL_RIM_PX : mh;
    BOX *take = boxCreate(bx + bw / 2 - cw / 2, by + bh / 2 - ch / 2, cw, ch);
    /* the writing and its rim, but not the print beside it (the comb under a digit's base) */
    PIX *rim = pixDilateBrick(NULL, owned, 2 * SPILL_RIM_PX + 1, 2 * SPILL_RIM_PX + 1);
    if (rim) {
        pixSubtract(print, print, owned);
        pixRasterop(rim, 0, 0, pixGetWidth(print), pixGetHeight(print), PIX_DST & PIX_NOT(PIX_SRC), print, 0, 0);
    }
    PIX *clean = rim ? pixCopy(NULL, crop) : NULL;
    if (clean)
        pixSetMasked(clean, pixInvert(rim, rim), 255);
    *cell = clean && take ? pixClipRectangle(clean, take, NULL) : NULL;
    *bin = *cell ? pixClipRectangle(owned, take, NULL) : NULL;
    boxDestroy(&take);
    pixDestroy(&rim);
    pixDestroy(&clean);
    if (framed && *bin)
        *framed = pixClone(owned);
    if (!*bin || (framed && !*framed)) {
        pixDestroy(cell);
        pixDestroy(bin);
        rc = dc_error_set(DC_ERR_NOMEM, "cell %zu of %s read past its comb", c + 1, f->id);
        goto out;
    }
    *tangled = false;
out:
    /* read or not, the inside holds the cell's writing whole unless it runs on beyond */
    if (past && owned)
        *past = owned_px - in_px >= SPILL_PAST_PX;
    pixDestroy(&crop);
    pixDestroy(&print);
    pixDestroy(&owned);
    pixDestroy(&areas);
    return rc;
}
