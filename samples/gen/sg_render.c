/* sg_render: draws a record's values into a printed form page (comb characters, text, ticks, signatures). */
#include "sg_render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define PT_PER_MM (72.0 / 25.4)

typedef struct pen {
    HPDF_Page page;
    HPDF_Font font;
    const sg_font_metrics *metrics; /* NULL: libharu's cap height */
    double page_h;
    bool hand;
    sg_rng *rng;
    const sg_hand_style *style;
} pen;

static double px(double x_mm)
{
    return x_mm * PT_PER_MM;
}

static double py(const pen *p, double y_mm)
{
    return (p->page_h - y_mm) * PT_PER_MM;
}

static double clampd(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static double cap_height_units(const pen *p)
{
    if (p->metrics && p->metrics->glyphs['H'].ok && p->metrics->glyphs['H'].y1 > 200)
        return p->metrics->glyphs['H'].y1;
    HPDF_Font f = p->font;
    HPDF_INT cap = HPDF_Font_GetCapHeight(f);
    if (cap > 200 && cap < 1200)
        return cap;
    HPDF_INT asc = HPDF_Font_GetAscent(f);
    return asc > 200 ? asc * 0.72 : 700;
}

HPDF_REAL sg_matrix_real(double v)
{
    const float f = (float)v;
    const double whole = round((double)f);
    return fabs((double)f - whole) < 5.5e-6 ? (HPDF_REAL)whole : (HPDF_REAL)f;
}

static void set_text_rotation(const pen *p, double ca, double sa, double ox, double oy)
{
    HPDF_Page_SetTextMatrix(p->page, sg_matrix_real(ca), sg_matrix_real(sa), sg_matrix_real(-sa), sg_matrix_real(ca),
                            (HPDF_REAL)ox, (HPDF_REAL)oy);
}

/* Draws `text` with its ink box centred on (cx, cy) mm, cap height h_mm, at most w_mm wide, rotated by deg. */
static void draw_text_centred(const pen *p, const char *text, double cx, double cy, double h_mm, double w_mm, double deg)
{
    double cap = cap_height_units(p);
    double size = px(h_mm) * 1000.0 / cap;
    HPDF_TextWidth tw = HPDF_Font_TextWidth(p->font, (const HPDF_BYTE *)text, (HPDF_UINT)strlen(text));
    double wpt = tw.width * size / 1000.0;
    if (wpt > px(w_mm) && wpt > 0) {
        size *= px(w_mm) / wpt;
        wpt = px(w_mm);
    }
    double hpt = cap * size / 1000.0;
    double a = deg * M_PI / 180.0, ca = cos(a), sa = sin(a);
    double ox = px(cx) - (ca * wpt / 2 - sa * hpt / 2);
    double oy = py(p, cy) - (sa * wpt / 2 + ca * hpt / 2);
    HPDF_Page_BeginText(p->page);
    HPDF_Page_SetFontAndSize(p->page, p->font, (HPDF_REAL)size);
    set_text_rotation(p, ca, sa, ox, oy);
    HPDF_Page_ShowText(p->page, text);
    HPDF_Page_EndText(p->page);
}

/* Draws one character with its measured ink box (not its em box) centred on (cx, cy) mm: ink height h_mm,
 * ink width at most w_mm. */
static void draw_glyph_centred(const pen *p, const sg_glyph_box *g, char ch, double cx, double cy, double h_mm,
                               double w_mm, double deg)
{
    char s[2] = {ch, '\0'};
    double ih = g->y1 - g->y0, iw = g->x1 - g->x0;
    double size = px(h_mm) * 1000.0 / ih;
    if (iw * size / 1000.0 > px(w_mm))
        size = px(w_mm) * 1000.0 / iw;
    double mx = (g->x0 + g->x1) / 2 * size / 1000.0, my = (g->y0 + g->y1) / 2 * size / 1000.0;
    double a = deg * M_PI / 180.0, ca = cos(a), sa = sin(a);
    double ox = px(cx) - (ca * mx - sa * my);
    double oy = py(p, cy) - (sa * mx + ca * my);
    HPDF_Page_BeginText(p->page);
    HPDF_Page_SetFontAndSize(p->page, p->font, (HPDF_REAL)size);
    set_text_rotation(p, ca, sa, ox, oy);
    HPDF_Page_ShowText(p->page, s);
    HPDF_Page_EndText(p->page);
}

/* One comb character; shift: the field's writing moved down by that many cell heights (up if < 0). */
static void draw_cell_char(const pen *p, dc_box_mm cell, char ch, double shift)
{
    char s[2] = {ch, '\0'};
    double h = cell.h * (shift != 0 ? sg_rng_range(p->rng, 0.78, 0.95) : sg_rng_range(p->rng, 0.60, 0.75));
    double dx = 0, dy = shift * cell.h, deg = 0;
    if (p->hand) {
        dx = clampd(sg_rng_gauss(p->rng) * 0.25, -0.5, 0.5);
        dy += clampd(sg_rng_gauss(p->rng) * 0.25, -0.5, 0.5);
        deg = clampd(sg_rng_gauss(p->rng) * 3.0, -8, 8);
    } else {
        h = cell.h * 0.62;
    }
    const sg_glyph_box *g = p->metrics && (unsigned char)ch < 128 ? &p->metrics->glyphs[(unsigned char)ch] : NULL;
    if (g && g->ok && g->y1 - g->y0 > 50 && g->x1 - g->x0 > 10)
        draw_glyph_centred(p, g, ch, cell.x + cell.w / 2 + dx, cell.y + cell.h / 2 + dy, h, cell.w * 0.72, deg);
    else
        draw_text_centred(p, s, cell.x + cell.w / 2 + dx, cell.y + cell.h / 2 + dy, h, cell.w * 0.72, deg);
}

static double jit(const pen *p, double s);

/* One line of text in a zone. Handwriting goes character by character with a wobbling baseline,
 * so free text does not look typeset. */
static void draw_zone_text(const pen *p, dc_box_mm z, const char *text)
{
    double h = fmin(z.h * 0.45, 4.2) * (p->hand ? sg_rng_range(p->rng, 0.85, 1.05) : 0.9);
    double maxw = z.w - 3.0;
    double cap = cap_height_units(p);
    double size = px(h) * 1000.0 / cap;
    double gap = p->hand ? 0.12 : 0.0; /* mm between hand-written letters */
    size_t len = strlen(text);
    HPDF_TextWidth tw = HPDF_Font_TextWidth(p->font, (const HPDF_BYTE *)text, (HPDF_UINT)len);
    double wmm = tw.width * size / 1000.0 / PT_PER_MM + gap * (double)len;
    double shrink = wmm > maxw ? maxw / wmm : 1.0;
    h *= shrink;
    size *= shrink;
    gap *= shrink;
    wmm *= shrink;
    double left = z.x + 1.5 + (p->hand ? sg_rng_range(p->rng, 0, fmax(0, maxw - wmm) * 0.3) : 0);
    double deg = p->hand ? clampd(sg_rng_gauss(p->rng) * 0.8, -2, 2) : 0;
    double cy = z.y + z.h / 2 + (p->hand ? clampd(sg_rng_gauss(p->rng) * 0.4, -1, 1) : 0);
    if (!p->hand) {
        draw_text_centred(p, text, left + wmm / 2, cy, h, maxw, deg);
        return;
    }
    double x = left, slope = tan(deg * M_PI / 180.0);
    for (size_t i = 0; i < len; i++) {
        char ch[2] = {text[i], '\0'};
        HPDF_TextWidth cw = HPDF_Font_TextWidth(p->font, (const HPDF_BYTE *)ch, 1);
        double w = cw.width * size / 1000.0 / PT_PER_MM;
        if (text[i] != ' ') {
            double hy = h * (1 + jit(p, 0.04));
            double dy = jit(p, 0.15);
            double dd = jit(p, 2.0);
            /* x - left along a slope of deg: the line rises to the right for positive deg */
            draw_text_centred(p, ch, x + w / 2, cy - (x + w / 2 - left) * slope + dy, hy, w * 1.3 + 0.5, deg + dd);
        }
        x += w + gap;
    }
}

static double jit(const pen *p, double s)
{
    return p->hand ? clampd(sg_rng_gauss(p->rng) * s, -2 * s, 2 * s) : 0;
}

static void draw_tick(const pen *p, dc_box_mm b)
{
    if (p->style->tick_shift > 0)   /* made beside the box: to its left, or on its label to the right */
        b.x += b.w * p->style->tick_shift * (sg_rng_unit(p->rng) < 0.5 ? -1 : 1);
    const double width = sg_rng_range(p->rng, 0.35, 0.6);
    HPDF_Page_SetLineWidth(p->page, (HPDF_REAL)px(p->style->tick_width > 1 ? width * p->style->tick_width : width));
    HPDF_Page_SetLineCap(p->page, HPDF_ROUND_END);
    HPDF_Page_SetLineJoin(p->page, HPDF_ROUND_JOIN);
    if (p->style->tick_reach > 1) {
        /* an oversized tick: its corner in the box, its long stroke far out of it */
        const double s = p->style->tick_reach;
        double x0 = b.x + b.w * (0.20 + jit(p, 0.04)), y0 = b.y + b.h * (0.45 + jit(p, 0.05));
        double x1 = b.x + b.w * (0.45 + jit(p, 0.04)), y1 = b.y + b.h * (0.80 + jit(p, 0.04));
        double x2 = b.x + b.w * (0.45 + 0.5 * s + jit(p, 0.05)), y2 = b.y + b.h * (0.80 - 0.78 * s + jit(p, 0.05));
        HPDF_Page_MoveTo(p->page, (HPDF_REAL)px(x0), (HPDF_REAL)py(p, y0));
        HPDF_Page_LineTo(p->page, (HPDF_REAL)px(x1), (HPDF_REAL)py(p, y1));
        HPDF_Page_LineTo(p->page, (HPDF_REAL)px(x2), (HPDF_REAL)py(p, y2));
    } else if (sg_rng_chance(p->rng, 0.75)) {
        double x0 = b.x + b.w * (0.15 + jit(p, 0.04)), y0 = b.y + b.h * (0.52 + jit(p, 0.05));
        double x1 = b.x + b.w * (0.42 + jit(p, 0.04)), y1 = b.y + b.h * (0.85 + jit(p, 0.04));
        double x2 = b.x + b.w * (0.95 + jit(p, 0.05)), y2 = b.y + b.h * (0.02 + jit(p, 0.05));
        HPDF_Page_MoveTo(p->page, (HPDF_REAL)px(x0), (HPDF_REAL)py(p, y0));
        HPDF_Page_LineTo(p->page, (HPDF_REAL)px(x1), (HPDF_REAL)py(p, y1));
        HPDF_Page_LineTo(p->page, (HPDF_REAL)px(x2), (HPDF_REAL)py(p, y2));
    } else {
        double i = 0.12, v[8];
        for (int k = 0; k < 8; k++)
            v[k] = jit(p, 0.04);
        HPDF_Page_MoveTo(p->page, (HPDF_REAL)px(b.x + b.w * (i + v[0])), (HPDF_REAL)py(p, b.y + b.h * (i + v[1])));
        HPDF_Page_LineTo(p->page, (HPDF_REAL)px(b.x + b.w * (1 - i + v[2])), (HPDF_REAL)py(p, b.y + b.h * (1 - i + v[3])));
        HPDF_Page_MoveTo(p->page, (HPDF_REAL)px(b.x + b.w * (1 - i + v[4])), (HPDF_REAL)py(p, b.y + b.h * (i + v[5])));
        HPDF_Page_LineTo(p->page, (HPDF_REAL)px(b.x + b.w * (i + v[6])), (HPDF_REAL)py(p, b.y + b.h * (1 - i + v[7])));
    }
    HPDF_Page_Stroke(p->page);
}

/* A fully inked box: how people cancel a tick. */
static void draw_cancelled(const pen *p, dc_box_mm b)
{
    double g = 0.25;
    double jx = jit(p, 0.1);
    double jy = jit(p, 0.1);
    HPDF_Page_Rectangle(p->page, (HPDF_REAL)px(b.x - g + jx), (HPDF_REAL)py(p, b.y + b.h + g + jy),
                        (HPDF_REAL)px(b.w + 2 * g), (HPDF_REAL)px(b.h + 2 * g));
    HPDF_Page_Fill(p->page);
}

/* A scribble: a capital-like swoop, then a run of cursive loops along a wavy baseline, sometimes
 * an underline. Stays inside the zone (3 mm in from its border). */
static void draw_signature(const pen *p, dc_box_mm z)
{
    double in = 3.0;
    double x0 = z.x + in, y0 = z.y + in, w = z.w - 2 * in, h = z.h - 2 * in;
    double sw = w * sg_rng_range(p->rng, 0.4, 0.8);
    double sx = x0 + sg_rng_range(p->rng, 0, w - sw);
    double base = y0 + h * sg_rng_range(p->rng, 0.6, 0.8);
    HPDF_Page_SetLineWidth(p->page, (HPDF_REAL)px(sg_rng_range(p->rng, 0.3, 0.5)));
    HPDF_Page_SetLineCap(p->page, HPDF_ROUND_END);
    HPDF_Page_SetLineJoin(p->page, HPDF_ROUND_JOIN);
    /* the initial: a tall stroke up and over */
    double cx = sx, cy = base;
    HPDF_Page_MoveTo(p->page, (HPDF_REAL)px(cx), (HPDF_REAL)py(p, cy));
    double top = y0 + h * sg_rng_range(p->rng, 0.0, 0.2);
    double nx = cx + sw * sg_rng_range(p->rng, 0.12, 0.22);
    HPDF_Page_CurveTo(p->page, (HPDF_REAL)px(cx - 1), (HPDF_REAL)py(p, top), (HPDF_REAL)px(nx + 2), (HPDF_REAL)py(p, top),
                      (HPDF_REAL)px(nx), (HPDF_REAL)py(p, base));
    cx = nx;
    int loops = sg_rng_int(p->rng, 3, 8);
    double lw = (sx + sw - cx) / loops;
    for (int k = 0; k < loops; k++) {
        double lt = base - h * sg_rng_range(p->rng, 0.15, k % 3 == 1 ? 0.75 : 0.4); /* loop top */
        double nb = fmin(y0 + h, fmax(y0 + h * 0.4, base + sg_rng_range(p->rng, -0.8, 0.8)));
        nx = cx + lw * sg_rng_range(p->rng, 0.7, 1.1);
        if (nx > x0 + w)
            nx = x0 + w;
        /* control points crossed over: the stroke goes up right, turns back left and comes down: a loop */
        HPDF_Page_CurveTo(p->page, (HPDF_REAL)px(cx + lw * 1.5), (HPDF_REAL)py(p, lt), (HPDF_REAL)px(cx - lw * 0.7),
                          (HPDF_REAL)py(p, lt), (HPDF_REAL)px(nx), (HPDF_REAL)py(p, nb));
        cx = nx;
        base = nb;
    }
    HPDF_Page_Stroke(p->page);
    if (sg_rng_chance(p->rng, 0.5)) { /* an underline flourish */
        double uy = fmin(y0 + h, base + sg_rng_range(p->rng, 0.8, 2.0));
        HPDF_Page_MoveTo(p->page, (HPDF_REAL)px(sx), (HPDF_REAL)py(p, uy));
        HPDF_Page_CurveTo(p->page, (HPDF_REAL)px(sx + sw * 0.3), (HPDF_REAL)py(p, uy + 0.8),
                          (HPDF_REAL)px(sx + sw * 0.7), (HPDF_REAL)py(p, uy - 0.8), (HPDF_REAL)px(sx + sw),
                          (HPDF_REAL)py(p, uy));
        HPDF_Page_Stroke(p->page);
    }
}

size_t sg_cell_text(const dc_field *f, const char *value, char *out, size_t cap)
{
    size_t n = 0;
    if (!value) {
        out[0] = '\0';
        return 0;
    }
    if (f->type == DC_FIELD_DATE && strlen(value) == 10) {
        /* YYYY-MM-DD -> DDMMYYYY */
        n = (size_t)snprintf(out, cap, "%.2s%.2s%.4s", value + 8, value + 5, value);
    } else if (f->type == DC_FIELD_TIME && strlen(value) == 5) {
        n = (size_t)snprintf(out, cap, "%.2s%.2s", value, value + 3);
    } else {
        n = (size_t)snprintf(out, cap, "%s", value);
    }
    if (n >= cap)
        n = cap - 1;
    if (n > f->ncells) {
        n = f->ncells;
        out[n] = '\0';
    }
    return n;
}

/* The first `pairs` two-cell groups of a date's or time's cells (DD MM, or HH) without their
 * leading zero: the digit in the group's first or second cell at random, the other blank. */
static void unpad(char *cells, size_t n, size_t pairs, sg_rng *rng)
{
    for (size_t g = 0; g < pairs && 2 * g + 1 < n; g++) {
        char *c = cells + 2 * g;
        if (c[0] != '0' || c[1] < '1' || c[1] > '9')
            continue;
        if (sg_rng_unit(rng) < 0.5) {
            c[0] = c[1];
            c[1] = ' ';
        } else {
            c[0] = ' ';
        }
    }
}

/* Whether `option` is one of the options ticked in choice value `v`: the option itself, or one of
 * those joined by '+' when more than one box is ticked ("ktp+sim"). */
static bool option_ticked(const char *v, const char *option)
{
    const size_t n = strlen(option);
    for (const char *p = v; *p; p += strcspn(p, "+") + (p[strcspn(p, "+")] == '+'))
        if (strcspn(p, "+") == n && strncmp(p, option, n) == 0)
            return true;
    return false;
}

/* Sets the writer's ink: `faded` (0 or 1) selects the pen or its faded colour; only on a change. */
static void use_ink(HPDF_Page page, float ink[2][3], int faded, int *current)
{
    if (*current == faded)
        return;
    HPDF_Page_SetRGBFill(page, ink[faded][0], ink[faded][1], ink[faded][2]);
    HPDF_Page_SetRGBStroke(page, ink[faded][0], ink[faded][1], ink[faded][2]);
    *current = faded;
}

int sg_render_page(sg_render_marks *marks, HPDF_Page page, const dc_template *t, const sg_record *r, HPDF_Font font,
                   const sg_font_metrics *metrics, bool hand, bool blue_ink, const sg_hand_style *style,
                   sg_rng *rng)
{
    pen p = {page, font, metrics, t->page_h, hand, rng, style};
    const double ink_fade = style->ink_fade;
    const int fade_section = style->fade_section;
    marks->ncancelled = 0;
    HPDF_Page_GSave(page);
    float ink[2][3] = { { 0.05f, blue_ink ? 0.10f : 0.05f, blue_ink ? 0.45f : 0.05f } };
    const bool fade = ink_fade > 0 && ink_fade < 1;
    for (int c = 0; c < 3; c++)
        ink[1][c] = fade ? (float)(1.0 - ink_fade * (1.0 - ink[0][c])) : ink[0][c];
    int current = -1;
    char buf[64], cells[128];
    for (size_t i = 0; i < t->nfields; i++) {
        const dc_field *f = &t->fields[i];
        const bool mark = f->type == DC_FIELD_CHOICE || f->type == DC_FIELD_CHECKBOX || f->type == DC_FIELD_SIGNATURE;
        const bool faded = fade_section == SG_FADE_MARKS  ? mark
                           : fade_section == SG_FADE_TEXT ? f->type == DC_FIELD_TEXT
                           : fade_section <= 0            ? true
                                                          : (int)dc_template_section_of(t, f) >= fade_section;
        use_ink(page, ink, fade && faded, &current);
        const char *v = sg_record_value(r, t->sheet_page, f->id, buf, sizeof buf);
        switch (f->type) {
        case DC_FIELD_TEXT:
        case DC_FIELD_DIGITS:
        case DC_FIELD_DATE:
        case DC_FIELD_TIME:
            if (!v)
                break;
            if (f->ncells > 0) {
                size_t n = sg_cell_text(f, v, cells, sizeof cells);
                if (style->unpadded && (f->type == DC_FIELD_TIME || f->type == DC_FIELD_DATE))
                    unpad(cells, n, f->type == DC_FIELD_DATE ? 2 : 1, rng);
                double shift = 0;
                if (style->comb_spill > 0) /* the whole field written high or low */
                    shift = style->comb_spill * sg_rng_range(rng, 0.5, 1.0) * (sg_rng_unit(rng) < 0.5 ? -1 : 1);
                for (size_t c = 0; c < n; c++)
                    if (cells[c] != ' ')
                        draw_cell_char(&p, f->cells[c], cells[c], shift);
            } else if (f->has_zone) {
                draw_zone_text(&p, f->zone, v);
            }
            break;
        case DC_FIELD_CHOICE: {
            int chosen = -1, ticked = 0;
            for (size_t o = 0; v && o < f->noptions; o++)
                if (option_ticked(v, f->options[o].value)) {
                    chosen = (int)o;
                    ticked++;
                }
            if (ticked > 1) {   /* two boxes ticked ("ktp+sim"), each plainly: no cancelled tick beside them */
                for (size_t o = 0; o < f->noptions; o++)
                    if (option_ticked(v, f->options[o].value))
                        draw_tick(&p, f->options[o].box);
                break;
            }
            if (chosen < 0)
                break;
            if (f->noptions > 1 && sg_rng_chance(rng, 0.06) && marks->ncancelled < SG_MAX_CANCELLED) {
                int other = sg_rng_int(rng, 0, (int)f->noptions - 2);
                if (other >= chosen)
                    other++;
                draw_cancelled(&p, f->options[other].box);
                snprintf(marks->cancelled[marks->ncancelled++], sizeof marks->cancelled[0], "%s=%s", f->id,
                         f->options[other].value);
            }
            draw_tick(&p, f->options[chosen].box);
            break;
        }
        case DC_FIELD_CHECKBOX:
            if (v && strcmp(v, "true") == 0) {
                draw_tick(&p, f->box);
            } else if (f->row == 0 && sg_rng_chance(rng, 0.15) && marks->ncancelled < SG_MAX_CANCELLED) {
                draw_cancelled(&p, f->box);
                snprintf(marks->cancelled[marks->ncancelled++], sizeof marks->cancelled[0], "%s", f->id);
            }
            break;
        case DC_FIELD_SIGNATURE:
            if (v && strcmp(v, "true") == 0)
                draw_signature(&p, f->zone);
            break;
        }
    }
    HPDF_Page_GRestore(page);
    return 0;
}
