/* dc_report_pdf: daily, monthly and audit PDFs from the report models (libharu). */
#include "dc_report_pdf.h"
#include "dc_pdfdoc.h"

#include <errno.h>
#include <hpdf.h>
#include <hpdf_font.h>   /* the font's definition: which characters it has a glyph for */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dc_error.h"
#include "dc_report_text.h"
#include "dc_rules.h"
#include "dc_util.h"

#define PAGE_W 595.276
#define PAGE_H 841.89
#define MARGIN 40.0
#define CONTENT_W (PAGE_W - 2 * MARGIN)
#define HEADER_H 92.0
#define CONTENT_TOP (PAGE_H - MARGIN - HEADER_H)
#define CONTENT_BOTTOM (MARGIN + 26.0)
#define ROW_H 11.5
#define CELL_SIZE 7.2

typedef struct pdoc {
    dc_pdfdoc pdf;
    HPDF_Doc doc;             /* = pdf.doc */
    HPDF_Font reg, bold;
    dc_report_lang lang;
    const dc_report_meta *meta;
    dc_text title;
    HPDF_Page *pages;
    size_t npages, cap;
    HPDF_Page page;
    double y;                 /* cursor (PDF points from the bottom) */
    dc_report_unshown unshown; /* characters drawn that the fonts have no glyph for */
} pdoc;

/* what the last report written by this thread could not show (dc_report_pdf_unshown) */
static _Thread_local dc_report_unshown last_unshown;

typedef enum align { LEFT, RIGHT, CENTER } align;

typedef struct col {
    const char *title;
    double w;
    align al;
} col;

/* A table being laid out: its columns, so a page break can repeat the header row. */
typedef struct table {
    const col *cols;
    int ncols;
} table;

static const char *T(const pdoc *p, dc_text k) { return dc_report_text(p->lang, k); }

static int check(pdoc *p, const char *what) { return dc_pdfdoc_check(&p->pdf, what); }

static int pdoc_open(pdoc *p, dc_report_lang lang, const dc_report_meta *meta, dc_text title)
{
    memset(p, 0, sizeof *p);
    memset(&last_unshown, 0, sizeof last_unshown);
    p->lang = lang;
    p->meta = meta;
    p->title = title;
    int rc = dc_pdfdoc_open(&p->pdf);
    p->doc = p->pdf.doc;
    if (!rc)
        rc = dc_pdfdoc_font(&p->pdf, "DejaVuSansCondensed.ttf", &p->reg);
    if (!rc)
        rc = dc_pdfdoc_font(&p->pdf, "DejaVuSansCondensed-Bold.ttf", &p->bold);
    if (rc)
        return rc;
    char period[64];
    dc_report_format_period(period, sizeof period, lang, meta->period);
    char *t = dc_asprintf("%s %s", T(p, title), period);
    HPDF_SetInfoAttr(p->doc, HPDF_INFO_TITLE, t ? t : T(p, title));
    free(t);
    HPDF_SetInfoAttr(p->doc, HPDF_INFO_AUTHOR, T(p, T_AUTHOR));
    HPDF_SetInfoAttr(p->doc, HPDF_INFO_SUBJECT, T(p, T_SOP));
    HPDF_SetInfoAttr(p->doc, HPDF_INFO_CREATOR, "dcaccess");
    return check(p, "PDF metadata");
}

static void pdoc_close(pdoc *p)
{
    dc_pdfdoc_close(&p->pdf);
    p->doc = NULL;
    free(p->pages);
}

/* ---- drawing primitives ---- */

static double text_w(pdoc *p, HPDF_Font f, double size, const char *s)
{
    HPDF_Page_SetFontAndSize(p->page, f, (HPDF_REAL)size);
    return HPDF_Page_TextWidth(p->page, s);
}

/* Notes the characters of s that font f cannot show: no glyph in the font (a box is drawn), or
 * outside the Basic Multilingual Plane, which libharu's UTF-8 encoding leaves out (an emoji
 * vanishes). A name typed in Chinese characters would reach the auditor as boxes. */
static void note_unshown(pdoc *p, HPDF_Font f, const char *s)
{
    HPDF_FontDef def = f && f->attr ? ((HPDF_FontAttr)f->attr)->fontdef : NULL;
    if (!def || def->type != HPDF_FONTDEF_TYPE_TRUETYPE)   /* the reports embed TrueType fonts only */
        return;
    for (size_t i = 0; s[i];) {
        const uint32_t cp = dc_utf8_next(s, &i);
        if (cp < 0x20 || (cp <= 0xFFFF && HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cp) != 0))
            continue;
        dc_report_unshown *u = &p->unshown;
        bool seen = false;
        for (size_t k = 0; k < u->nchars && !seen; k++)
            seen = u->chars[k] == cp;
        if (seen)
            continue;
        if (u->nchars < sizeof u->chars / sizeof u->chars[0])
            u->chars[u->nchars++] = cp;
        else
            u->more = true;
    }
}

static void text_at(pdoc *p, HPDF_Page pg, HPDF_Font f, double size, double x, double y, const char *s)
{
    if (!s || !*s)
        return;
    note_unshown(p, f, s);
    HPDF_Page_BeginText(pg);
    HPDF_Page_SetFontAndSize(pg, f, (HPDF_REAL)size);
    HPDF_Page_TextOut(pg, (HPDF_REAL)x, (HPDF_REAL)y, s);
    HPDF_Page_EndText(pg);
}

/* The start of the UTF-8 character byte n of s belongs to (n itself at a character boundary). */
static size_t char_start(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* Bytes of a text measured at most: no cell or line shows that much, and libharu refuses to
 * measure a string over 64 KiB (a long value stored by an older dcaccess failed the report). */
#define MEASURED_MAX 2000

/* Longest prefix of s (whole UTF-8 characters) that fits in w, with "…" when cut. Caller frees. */
static char *fit_text(pdoc *p, HPDF_Font f, double size, const char *s, double w)
{
    if (!s)
        return dc_strdup("");
    size_t n = strlen(s);
    if (n > MEASURED_MAX) {
        n = char_start(s, MEASURED_MAX);
    } else if (text_w(p, f, size, s) <= w) {
        return dc_strdup(s);
    }
    char *buf = malloc(n + 4);
    if (!buf)
        return NULL;
    size_t lo = 0, hi = n;
    /* binary search on byte length, then back off to a character boundary */
    while (lo < hi) {
        size_t mid = (lo + hi + 1) / 2;
        memcpy(buf, s, mid);
        memcpy(buf + mid, "…", 4);
        if (text_w(p, f, size, buf) <= w)
            lo = mid;
        else
            hi = mid - 1;
    }
    lo = char_start(s, lo);
    memcpy(buf, s, lo);
    memcpy(buf + lo, "…", 4);
    return buf;
}

static void text_fit(pdoc *p, HPDF_Font f, double size, double x, double y, double w, align al, const char *s)
{
    if (!s || !*s)
        return;
    char *t = fit_text(p, f, size, s, w);
    if (!t)
        return;
    double tw = text_w(p, f, size, t);
    double tx = al == RIGHT ? x + w - tw : al == CENTER ? x + (w - tw) / 2 : x;
    text_at(p, p->page, f, size, tx, y, t);
    free(t);
}

static void rect_fill(HPDF_Page pg, double x, double y, double w, double h, double r, double g, double b)
{
    HPDF_Page_SetRGBFill(pg, (HPDF_REAL)r, (HPDF_REAL)g, (HPDF_REAL)b);
    HPDF_Page_Rectangle(pg, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w, (HPDF_REAL)h);
    HPDF_Page_Fill(pg);
    HPDF_Page_SetRGBFill(pg, 0, 0, 0);
}

static void hline(HPDF_Page pg, double x1, double x2, double y, double width, double grey)
{
    HPDF_Page_SetLineWidth(pg, (HPDF_REAL)width);
    HPDF_Page_SetGrayStroke(pg, (HPDF_REAL)grey);
    HPDF_Page_MoveTo(pg, (HPDF_REAL)x1, (HPDF_REAL)y);
    HPDF_Page_LineTo(pg, (HPDF_REAL)x2, (HPDF_REAL)y);
    HPDF_Page_Stroke(pg);
    HPDF_Page_SetGrayStroke(pg, 0);
}

static void line(HPDF_Page pg, double x1, double y1, double x2, double y2, double width, double grey)
{
    HPDF_Page_SetLineWidth(pg, (HPDF_REAL)width);
    HPDF_Page_SetGrayStroke(pg, (HPDF_REAL)grey);
    HPDF_Page_MoveTo(pg, (HPDF_REAL)x1, (HPDF_REAL)y1);
    HPDF_Page_LineTo(pg, (HPDF_REAL)x2, (HPDF_REAL)y2);
    HPDF_Page_Stroke(pg);
    HPDF_Page_SetGrayStroke(pg, 0);
}

/* ---- pages ---- */

/* The SOP header: city, agency, SOP number, then the report title and period. */
static void draw_header(pdoc *p)
{
    double y = PAGE_H - MARGIN - 10;
    double cx = MARGIN, w = CONTENT_W;
    text_fit(p, p->bold, 11, cx, y, w, CENTER, T(p, T_CITY));
    y -= 13;
    text_fit(p, p->bold, 10, cx, y, w, CENTER, T(p, T_AGENCY));
    y -= 12;
    text_fit(p, p->reg, 8, cx, y, w, CENTER, T(p, T_SOP));
    y -= 7;
    hline(p->page, MARGIN, PAGE_W - MARGIN, y, 1.2, 0);
    hline(p->page, MARGIN, PAGE_W - MARGIN, y - 2, 0.4, 0);
    y -= 20;
    char period[64];
    dc_report_format_period(period, sizeof period, p->lang, p->meta->period);
    text_fit(p, p->bold, 12, cx, y, w, CENTER, T(p, p->title));
    y -= 14;
    char line_text[128];
    snprintf(line_text, sizeof line_text, "%s: %s",
             T(p, strlen(p->meta->period) > 7 ? T_DATE : T_MONTH), period);
    text_fit(p, p->reg, 9, cx, y, w, CENTER, line_text);
}

static int new_page(pdoc *p)
{
    if (dc_grow(&p->pages, &p->cap, p->npages, sizeof *p->pages, 16) != 0)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    p->page = HPDF_AddPage(p->doc);
    if (!p->page)
        return check(p, "new page") ? DC_ERR_PDF_OUTPUT : DC_ERR_PDF_OUTPUT;
    HPDF_Page_SetSize(p->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    p->pages[p->npages++] = p->page;
    draw_header(p);
    p->y = CONTENT_TOP;
    return check(p, "page header");
}

/* Makes room for h points; a new page if needed. *broke (may be NULL) tells whether it did. */
static int ensure(pdoc *p, double h, bool *broke)
{
    if (broke)
        *broke = false;
    if (p->page && p->y - h >= CONTENT_BOTTOM)
        return DC_OK;
    if (broke)
        *broke = true;
    return new_page(p);
}

/* Footers once the page count is known: "Halaman N dari M", generation time, archive. */
static void draw_footers(pdoc *p)
{
    char when[64], left[1024], right[64];
    dc_report_format_time(when, sizeof when, p->lang, p->meta->generated);
    snprintf(left, sizeof left, "%s: %s  ·  %s: %s", T(p, T_GENERATED), when, T(p, T_ARCHIVE),
             p->meta->archive_path ? p->meta->archive_path : "");
    for (size_t i = 0; i < p->npages; i++) {
        p->page = p->pages[i];
        hline(p->page, MARGIN, PAGE_W - MARGIN, MARGIN + 10, 0.4, 0.4);
        snprintf(right, sizeof right, T(p, T_PAGE_N_OF_M), (int)(i + 1), (int)p->npages);
        double rw = text_w(p, p->reg, 7.5, right);
        text_at(p, p->page, p->reg, 7.5, PAGE_W - MARGIN - rw, MARGIN, right);
        text_fit(p, p->reg, 7, MARGIN, MARGIN, CONTENT_W - rw - 12, LEFT, left);
    }
}

static int pdoc_save(pdoc *p, const char *path)
{
    draw_footers(p);
    int rc = check(p, path);
    if (!rc)
        rc = dc_report_check_folder(path);
    if (rc)
        return rc;
    rc = dc_pdfdoc_save(&p->pdf, path);
    if (!rc)
        last_unshown = p->unshown;
    return rc;
}

const dc_report_unshown *dc_report_pdf_unshown(void) { return &last_unshown; }

/* ---- flow elements ---- */

static int heading(pdoc *p, const char *s)
{
    int rc = ensure(p, 40, NULL);   /* never a heading alone at the bottom */
    if (rc)
        return rc;
    p->y -= 8;
    text_fit(p, p->bold, 10.5, MARGIN, p->y - 10, CONTENT_W, LEFT, s);
    p->y -= 16;
    return DC_OK;
}

/* Bytes of the longest start of s (whole UTF-8 characters, at least one) that fits in w. */
static size_t fitting_prefix(pdoc *p, HPDF_Font f, double size, const char *s, double w)
{
    const size_t n = strlen(s);
    char *buf = malloc(n + 1);
    if (!buf)
        return n;
    size_t lo = 0, hi = n;
    while (lo < hi) {   /* binary search on byte length */
        const size_t mid = (lo + hi + 1) / 2;
        memcpy(buf, s, mid);
        buf[mid] = 0;
        if (text_w(p, f, size, buf) <= w)
            lo = mid;
        else
            hi = mid - 1;
    }
    free(buf);
    lo = char_start(s, lo);
    if (lo == 0 && n)   /* one character, even if it is wider than w */
        for (lo = 1; lo < n && ((unsigned char)s[lo] & 0xC0) == 0x80; lo++)
            ;
    return lo;
}

/* One line of wrapped text: skips the spaces at *start, then returns the end of the longest run of
 * whole words from there that fits in w (a word wider than the line is broken to fill it, after a
 * _ - or / in it where one fits), or NULL when nothing is left. The caller draws [*start, end) and
 * goes on from end. `s` is writable and unchanged on return. */
static char *wrap_next(pdoc *p, HPDF_Font f, double size, char **start, double w)
{
    while (**start == ' ')
        (*start)++;
    if (!**start)
        return NULL;
    char *end = *start, *best = NULL;
    for (;;) {
        char *sp = strchr(end, ' ');
        char *stop = sp ? sp : end + strlen(end);
        const char save = *stop;
        *stop = 0;
        const bool fits = text_w(p, f, size, *start) <= w;
        const bool too_wide = !fits && text_w(p, f, size, end) > w;   /* the word alone */
        *stop = save;
        if (too_wide) {   /* break it here, filling this line: after its last _ - / that fits, if any */
            best = *start + fitting_prefix(p, f, size, *start, w);
            for (char *q = best - 1; q > *start + 1 && q > end; q--)
                if (*q == '_' || *q == '-' || *q == '/') {
                    best = q + 1;
                    break;
                }
        }
        if (!fits)
            break;
        best = stop;
        if (!sp)
            break;
        end = sp + 1;
    }
    return best;
}

/* A copy of s with line breaks and tabs as spaces (a reason typed over several lines reads as one
 * paragraph); NULL when out of memory. */
static char *one_line(const char *s)
{
    char *copy = dc_strdup(s ? s : "");
    for (char *q = copy; q && *q; q++)
        if (*q == '\n' || *q == '\r' || *q == '\t')
            *q = ' ';
    return copy;
}

/* A paragraph wrapped on spaces at x, w wide; a word wider than the line is broken. */
static int para_at(pdoc *p, HPDF_Font f, double size, double x, double w, const char *s)
{
    char *copy = one_line(s);
    if (!copy)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    const double lh = size * 1.35;
    char *start = copy, *end;
    int rc = DC_OK;
    while (!rc && (end = wrap_next(p, f, size, &start, w)) != NULL) {
        const char save = *end;
        *end = 0;
        rc = ensure(p, lh, NULL);
        if (!rc)
            text_at(p, p->page, f, size, x, p->y - size, start);
        p->y -= lh;
        *end = save;
        start = end;
    }
    free(copy);
    return rc;
}

static int para(pdoc *p, HPDF_Font f, double size, const char *s)
{
    return para_at(p, f, size, MARGIN, CONTENT_W, s);
}

/* Splits a header title that does not fit its column at the last space that lets the first line
 * fit; *second points into buf (or is NULL when one line is enough). */
static void header_split(pdoc *p, const char *title, double w, char *buf, size_t len, const char **second)
{
    snprintf(buf, len, "%s", title);
    *second = NULL;
    if (text_w(p, p->bold, CELL_SIZE, buf) <= w)
        return;
    for (char *sp = strrchr(buf, ' '); sp; sp = strrchr(buf, ' ')) {
        *sp = 0;
        if (text_w(p, p->bold, CELL_SIZE, buf) <= w) {
            *second = title + (sp - buf) + 1;
            return;
        }
    }
    snprintf(buf, len, "%s", title);
}

static void table_header_row(pdoc *p, const table *t)
{
    char first[16][128];
    const char *second[16];
    bool two = false;
    for (int c = 0; c < t->ncols && c < 16; c++) {
        header_split(p, t->cols[c].title, t->cols[c].w - 4, first[c], sizeof first[c], &second[c]);
        two = two || second[c];
    }
    double h = two ? 2 * ROW_H - 2 : ROW_H + 1;
    rect_fill(p->page, MARGIN, p->y - h, CONTENT_W, h, 0.85, 0.88, 0.95);
    double x = MARGIN;
    for (int c = 0; c < t->ncols && c < 16; c++) {
        double y1 = two ? p->y - ROW_H + 3.5 : p->y - ROW_H + 3;
        text_fit(p, p->bold, CELL_SIZE, x + 2, y1, t->cols[c].w - 4, t->cols[c].al, first[c]);
        if (second[c])
            text_fit(p, p->bold, CELL_SIZE, x + 2, y1 - ROW_H + 3, t->cols[c].w - 4, t->cols[c].al, second[c]);
        x += t->cols[c].w;
    }
    p->y -= h;
    hline(p->page, MARGIN, PAGE_W - MARGIN, p->y, 0.6, 0.3);
}

static int table_begin(pdoc *p, const table *t)
{
    int rc = ensure(p, 3 * ROW_H, NULL);
    if (rc)
        return rc;
    table_header_row(p, t);
    return DC_OK;
}

#define CELL_LINES 64         /* lines a table cell shows at most (a value of 500 wide letters in the
                               * audit's narrowest value column takes ~32; 64 lines and the header
                               * row still fit one page); the last is cut with "…" */
#define CELL_LINE_H (CELL_SIZE * 1.25)

/* A table row whose cells wrap over up to CELL_LINES lines, so that a long name, institution,
 * value or message is shown whole (cut to one line it lost all but ~25 characters) */
static int table_row(pdoc *p, const table *t, const char *const *cells)
{
    char *copy[16] = {0}, *from[16][CELL_LINES], *to[16][CELL_LINES];
    int nlines[16] = {0}, most = 1;
    for (int c = 0; c < t->ncols && c < 16; c++) {
        copy[c] = one_line(cells[c]);
        if (!copy[c]) {
            for (int k = 0; k < c; k++)
                free(copy[k]);
            return dc_error_set(DC_ERR_NOMEM, "out of memory");
        }
        if (strlen(copy[c]) > MEASURED_MAX)   /* six lines of a cell hold far less */
            copy[c][char_start(copy[c], MEASURED_MAX)] = 0;
        char *start = copy[c], *end;
        const double w = t->cols[c].w - 4;
        while (nlines[c] < CELL_LINES && (end = wrap_next(p, p->reg, CELL_SIZE, &start, w)) != NULL) {
            from[c][nlines[c]] = start;
            to[c][nlines[c]] = end;
            nlines[c]++;
            start = end;
        }
        if (nlines[c] == CELL_LINES)   /* what does not fit goes into the last line, cut */
            to[c][CELL_LINES - 1] = start + strlen(start);
        if (nlines[c] > most)
            most = nlines[c];
    }
    const double h = ROW_H + (most - 1) * CELL_LINE_H;
    bool broke = false;
    int rc = ensure(p, h, &broke);
    if (!rc && broke)
        table_header_row(p, t);
    double x = MARGIN;
    for (int c = 0; c < t->ncols && c < 16; c++) {
        for (int k = 0; !rc && k < nlines[c]; k++) {
            const char save = *to[c][k];
            *to[c][k] = 0;
            text_fit(p, p->reg, CELL_SIZE, x + 2, p->y - ROW_H + 3 - k * CELL_LINE_H, t->cols[c].w - 4, t->cols[c].al,
                     from[c][k]);
            *to[c][k] = save;
        }
        x += t->cols[c].w;
        free(copy[c]);
    }
    if (rc)
        return rc;
    p->y -= h;
    hline(p->page, MARGIN, PAGE_W - MARGIN, p->y, 0.25, 0.75);
    return DC_OK;
}

static void table_end(pdoc *p) { p->y -= 6; }

/* Scales column widths to the content width. */
static void cols_fit(col *c, int n)
{
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += c[i].w;
    for (int i = 0; i < n; i++)
        c[i].w = c[i].w * CONTENT_W / sum;
}

/* A time of a visit: "HH:MM", the text stored when it is not a clock time (cut to whole characters),
 * "–" when there is none. */
static void fmt_time(char *buf, size_t len, int minutes, const char *as_stored)
{
    if (minutes >= 0) {
        snprintf(buf, len, "%02d:%02d", minutes / 60, minutes % 60);
    } else if (as_stored && *as_stored) {
        snprintf(buf, len, "%s", as_stored);
        if (strlen(as_stored) >= len)
            buf[char_start(buf, len - 1)] = 0;
    } else {
        snprintf(buf, len, "–");
    }
}

static void fmt_long(char *buf, size_t len, long v) { snprintf(buf, len, "%ld", v); }

/* ---- charts ---- */

/* A "nice" axis maximum and step (1, 2, 5 x 10^k) for values up to vmax. */
static void nice_axis(long vmax, double *top, double *step)
{
    if (vmax < 1)
        vmax = 1;
    double raw = (double)vmax / 5.0;
    double mag = pow(10, floor(log10(raw)));
    double s = mag;
    if (raw / mag > 5)
        s = 10 * mag;
    else if (raw / mag > 2)
        s = 5 * mag;
    else if (raw / mag > 1)
        s = 2 * mag;
    if (s < 1)
        s = 1;
    *step = s;
    *top = ceil((double)vmax / s) * s;
}

/* Vertical bars: labels[i] under bar i (every `label_every`-th), value on top of each non-zero bar. */
static int chart_vbars(pdoc *p, const char *title, const char *x_title, const char *const *labels,
                       const long *values, int n, int label_every)
{
    const double h = 170, plot_h = 110;
    int rc = ensure(p, h + 10, NULL);
    if (rc)
        return rc;
    double top_y = p->y;
    text_fit(p, p->bold, 9.5, MARGIN, top_y - 11, CONTENT_W, CENTER, title);
    double x0 = MARGIN + 34, x1 = PAGE_W - MARGIN - 6;
    double y0 = top_y - h + 34, y1 = y0 + plot_h;
    long vmax = 0;
    for (int i = 0; i < n; i++)
        if (values[i] > vmax)
            vmax = values[i];
    double vtop, step;
    nice_axis(vmax, &vtop, &step);
    char buf[32];
    for (double v = 0; v <= vtop + 1e-9; v += step) {
        double yy = y0 + plot_h * v / vtop;
        if (v > 0)
            line(p->page, x0, yy, x1, yy, 0.3, 0.82);
        snprintf(buf, sizeof buf, "%.0f", v);
        text_fit(p, p->reg, 6.5, MARGIN, yy - 2.2, x0 - MARGIN - 4, RIGHT, buf);
    }
    double slot = (x1 - x0) / n, bw = slot * 0.7;
    for (int i = 0; i < n; i++) {
        double bx = x0 + slot * i + (slot - bw) / 2;
        double bh = plot_h * (double)values[i] / vtop;
        if (values[i] > 0) {
            rect_fill(p->page, bx, y0, bw, bh, 0.27, 0.45, 0.70);
            fmt_long(buf, sizeof buf, values[i]);
            text_fit(p, p->reg, 5.8, bx - 4, y0 + bh + 2, bw + 8, CENTER, buf);
        }
        if (i % label_every == 0)
            text_fit(p, p->reg, 6.2, x0 + slot * i - 2, y0 - 9, slot + 4, CENTER, labels[i]);
    }
    line(p->page, x0, y0, x1, y0, 0.8, 0);
    line(p->page, x0, y0, x0, y1 + 4, 0.8, 0);
    text_fit(p, p->reg, 7, x0, y0 - 21, x1 - x0, CENTER, x_title);
    /* y-axis title, rotated */
    HPDF_Page_BeginText(p->page);
    HPDF_Page_SetFontAndSize(p->page, p->reg, 7);
    HPDF_Page_SetTextMatrix(p->page, 0, 1, -1, 0, (HPDF_REAL)(MARGIN + 7), (HPDF_REAL)(y0 + plot_h / 2 - 15));
    HPDF_Page_ShowText(p->page, T(p, T_AXIS_VISITS));
    HPDF_Page_EndText(p->page);
    p->y = top_y - h - 6;
    return check(p, "chart");
}

/* Horizontal bars with the labels on the left (long category names). */
static int chart_hbars(pdoc *p, const char *title, const char *const *labels, const long *values, int n)
{
    const double bar_h = 16, h = 40 + bar_h * n + 24;
    int rc = ensure(p, h + 10, NULL);
    if (rc)
        return rc;
    double top_y = p->y;
    text_fit(p, p->bold, 9.5, MARGIN, top_y - 11, CONTENT_W, CENTER, title);
    double label_w = 200, x0 = MARGIN + label_w + 6, x1 = PAGE_W - MARGIN - 20;
    double ytop = top_y - 24, y0 = ytop - bar_h * n;
    long vmax = 0;
    for (int i = 0; i < n; i++)
        if (values[i] > vmax)
            vmax = values[i];
    double vtop, step;
    nice_axis(vmax, &vtop, &step);
    char buf[32];
    for (double v = 0; v <= vtop + 1e-9; v += step) {
        double xx = x0 + (x1 - x0) * v / vtop;
        if (v > 0)
            line(p->page, xx, y0, xx, ytop, 0.3, 0.82);
        snprintf(buf, sizeof buf, "%.0f", v);
        text_fit(p, p->reg, 6.5, xx - 15, y0 - 9, 30, CENTER, buf);
    }
    for (int i = 0; i < n; i++) {
        double by = ytop - bar_h * (i + 1) + 3;
        text_fit(p, p->reg, 7, MARGIN, by + 3, label_w, RIGHT, labels[i]);
        double bw = (x1 - x0) * (double)values[i] / vtop;
        if (values[i] > 0)
            rect_fill(p->page, x0, by, bw, bar_h - 6, 0.27, 0.45, 0.70);
        fmt_long(buf, sizeof buf, values[i]);
        text_at(p, p->page, p->reg, 6.5, x0 + bw + 3, by + 2.5, buf);
    }
    line(p->page, x0, y0, x1, y0, 0.8, 0);
    line(p->page, x0, y0, x0, ytop, 0.8, 0);
    text_fit(p, p->reg, 7, x0, y0 - 19, x1 - x0, CENTER, T(p, T_AXIS_VISITS));
    p->y = top_y - h - 6;
    return check(p, "chart");
}

/* ---- shared sections ---- */

#define REASON_MAX 2000   /* characters of a correction's reason shown; the archive keeps all */

/* A field's value as the tables show it: an option's label (dc_report_field_value_label), a date
 * (the visit's, a batch's) as dc_report_table_date writes it, into buf; NULL -> NULL. */
static const char *value_text(const pdoc *p, char *buf, size_t len, const char *field, const char *value)
{
    if (!value || !field || (strcmp(field, "visit_date") != 0 && strcmp(field, "batch_date") != 0))
        return dc_report_field_value_label(p->lang, field, value);
    dc_report_table_date(buf, len, p->lang, value);
    return buf;
}

/* A correction's old value (of `field`) as its table shows it: "10:40 (0.62)" with the scanner's
 * confidence in it, "∅" for none. */
static char *fmt_old(const pdoc *p, const char *field, const dc_report_correction *c)
{
    char date[32];
    const char *v = c->old_value ? value_text(p, date, sizeof date, field, c->old_value) : "∅";
    if (c->old_conf < 0)
        return dc_strdup(v);
    char conf[32];
    dc_report_decimal(conf, sizeof conf, p->lang, c->old_conf, 2);
    return dc_asprintf("%s (%s)", v, conf);
}

/* A correction's new value (of `field`) as its tables show it: "∅" for none, and "unchanged
 * (confirmed)" for a confirmation, whose value was written twice (a long one over several lines). */
static const char *fmt_new(const pdoc *p, char *buf, size_t len, const char *field, const dc_report_correction *c)
{
    if (dc_report_correction_confirms(c))
        return T(p, T_CONFIRMED);
    return c->new_value ? value_text(p, buf, len, field, c->new_value) : "∅";
}

/* A correction's reason written out under its row (wrapped, cut at REASON_MAX characters), or
 * that none was given. */
static int reason_para(pdoc *p, const char *reason)
{
    char *why = dc_report_cut_text(p->lang, reason && *reason ? reason : T(p, T_NO_REASON), REASON_MAX);
    char *text = why ? dc_asprintf("%s: %s", T(p, T_COL_WHY), why) : NULL;
    int rc = text ? para_at(p, p->reg, CELL_SIZE, MARGIN + 8, CONTENT_W - 8, text)
                  : dc_error_set(DC_ERR_NOMEM, "out of memory");
    free(text);
    free(why);
    return rc;
}

/* "Koreksi (Rekaman 000104)": the caption of a table of record `r` under its field table. That
 * table may start on the next page, away from the record's heading; the caption keeps it with
 * at least three of its rows. */
static int record_caption(pdoc *p, dc_text what, const dc_report_record *r)
{
    int rc = ensure(p, 4 * ROW_H, NULL);
    if (rc)
        return rc;
    char caption[128];
    snprintf(caption, sizeof caption, "%s (%s %s)", T(p, what), T(p, T_SEC_RECORD), r->visit.serial);
    text_fit(p, p->bold, 8.5, MARGIN, p->y - 9, CONTENT_W, LEFT, caption);
    p->y -= 13;
    return DC_OK;
}

/* A record's corrections: field, old and new value, who and when, and the reason written out
 * under each (wrapped, cut at REASON_MAX characters). Nothing when there are none. */
static int corrections_table(pdoc *p, const dc_report_record *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nfields; i++)
        n += r->fields[i].ncorrections;
    if (!n)
        return DC_OK;
    col c[] = {{T(p, T_COL_FIELD), 95, LEFT}, {T(p, T_COL_OLD), 110, LEFT}, {T(p, T_COL_NEW), 110, LEFT},
               {T(p, T_COL_WHO), 90, LEFT},   {T(p, T_COL_WHEN), 110, LEFT}};
    cols_fit(c, 5);
    table t = {c, 5};
    int rc = record_caption(p, T_SHEET_CORRECTIONS, r);
    if (!rc)
        rc = table_begin(p, &t);
    for (size_t i = 0; i < r->nfields && !rc; i++) {
        const dc_report_field *f = &r->fields[i];
        for (size_t k = 0; k < f->ncorrections && !rc; k++) {
            const dc_report_correction *cr = &f->corrections[k];
            char when[64], date[32], *old = fmt_old(p, f->id, cr);
            dc_report_format_stamp(when, sizeof when, p->lang, cr->at);
            const char *cells[] = {dc_report_field_label(f, p->lang), old ? old : "",
                                   fmt_new(p, date, sizeof date, f->id, cr), cr->who ? cr->who : "?", when};
            rc = old ? table_row(p, &t, cells) : dc_error_set(DC_ERR_NOMEM, "out of memory");
            free(old);
            if (!rc)
                rc = reason_para(p, cr->why);
        }
    }
    table_end(p);
    return rc;
}

/* The label of field `id` of record `r` (the audit's record table), or `id` itself. */
static const char *record_field_label(const pdoc *p, const dc_report_record *r, const char *id)
{
    for (size_t i = 0; r && id && i < r->nfields; i++)
        if (strcmp(r->fields[i].id, id) == 0)
            return dc_report_field_label(&r->fields[i], p->lang);
    return id;
}

/* Findings, their fields named as record `r`'s table names them (NULL: by id, as the daily report
 * and `dcaccess correct` do). */
static int findings_table(pdoc *p, const dc_report_finding *f, size_t n, const dc_report_record *r)
{
    col c[] = {{T(p, T_COL_SERIAL), 36, LEFT}, {T(p, T_COL_RULE), 120, LEFT}, {T(p, T_COL_FIELD), 76, LEFT},
               {T(p, T_COL_STEP), 42, CENTER}, {T(p, T_COL_SEVERITY), 50, LEFT}, {T(p, T_COL_MESSAGE), 191, LEFT}};
    cols_fit(c, 6);
    table t = {c, 6};
    int rc = table_begin(p, &t);
    for (size_t i = 0; i < n && !rc; i++) {
        const char *field = record_field_label(p, r, f[i].field);
        char said[512];
        const char *cells[] = {f[i].serial, dc_report_rule_label(p->lang, f[i].rule), field ? field : "",
                               f[i].sop_step, dc_report_severity_label(p->lang, f[i].severity),
                               dc_finding_message_shown(said, sizeof said,
                                                        p->lang == DC_LANG_EN ? f[i].message_en : f[i].message_id,
                                                        f[i].field)};
        rc = table_row(p, &t, cells);
    }
    table_end(p);
    return rc;
}

static int kv_table(pdoc *p, const char *const *keys, const char *const *values, size_t n)
{
    col c[] = {{T(p, T_COL_MEASURE), 330, LEFT}, {T(p, T_COL_VALUE), 185, RIGHT}};
    table t = {c, 2};
    int rc = table_begin(p, &t);
    for (size_t i = 0; i < n && !rc; i++) {
        const char *cells[] = {keys[i], values[i]};
        rc = table_row(p, &t, cells);
    }
    table_end(p);
    return rc;
}

/* The warning at the top of a daily or monthly report made from an archive that does not verify. */
static int chain_warning(pdoc *p, const dc_report_meta *meta)
{
    char buf[512];
    int rc = DC_OK;
    if (meta->chain_problems > 0) {
        dc_report_chain_warning_text(buf, sizeof buf, p->lang, meta);
        rc = para(p, p->bold, 9.5, buf);
    }
    if (!rc && meta->unfinished > 0) {
        dc_report_unfinished_text(buf, sizeof buf, p->lang, meta->unfinished);
        rc = para(p, p->bold, 9.5, buf);
    }
    return rc;
}

/* ---- daily ---- */

/* "N", or "N (+M of forms dated another day)". */
static void own_and_other(const pdoc *p, char *buf, size_t len, size_t own, size_t other)
{
    fmt_long(buf, len, (long)own);
    if (other) {
        const size_t used = strlen(buf);
        char n[16];
        fmt_long(n, sizeof n, (long)other);
        snprintf(buf + used, len - used, T(p, T_FINDINGS_OTHER_DATED), n);
    }
}

/* The pages that are no visit (rejected, duplicate, unused forms): the daily report's, the audit's;
 * then how many blank backs of sheets there were (counted, not listed). */
static int pages_section(pdoc *p, const dc_report_page *pg, size_t n, long blank_backs)
{
    int rc = heading(p, T(p, T_SEC_REJECTED));
    if (rc)
        return rc;
    char backs[256];
    dc_report_blank_backs_text(backs, sizeof backs, p->lang, blank_backs);
    if (n == 0) {
        rc = para(p, p->reg, 8.5, T(p, T_NONE));
        return rc || !backs[0] ? rc : para(p, p->reg, 8.5, backs);
    }
    col c[] = {{T(p, T_COL_FILE), 190, LEFT}, {T(p, T_COL_PAGE), 40, RIGHT},
               {T(p, T_COL_STATUS), 60, LEFT}, {T(p, T_COL_REASON), 225, LEFT}};
    table t = {c, 4};
    rc = table_begin(p, &t);
    for (size_t i = 0; i < n && !rc; i++) {
        char num[16], *reason = dc_report_page_reason(pg[i].reason);
        fmt_long(num, sizeof num, pg[i].page);
        const char *cells[] = {pg[i].file, num, dc_report_page_status_label(p->lang, pg[i].status),
                               reason ? reason : ""};
        rc = reason || !pg[i].reason ? table_row(p, &t, cells) : dc_error_set(DC_ERR_NOMEM, "out of memory");
        free(reason);
    }
    table_end(p);
    return rc || !backs[0] ? rc : para(p, p->reg, 8.5, backs);
}

/* The access forms printed (the month's print runs) and what became of their serials; under the
 * table, the serials to account for and the visits no print holds (dc_report_serials_lines). */
static int serials_section(pdoc *p, const dc_report_audit *m)
{
    int rc = heading(p, T(p, T_SEC_SERIALS));
    if (!rc && m->prints_kept && !m->nprints)
        rc = para(p, p->reg, 8.5, T(p, T_NONE));
    if (!rc && m->nprints) {
        col c[] = {{T(p, T_COL_PRINTED), 62, LEFT},       {T(p, T_COL_FORM), 55, LEFT},
                   {T(p, T_COL_SERIAL), 88, LEFT},        {T(p, T_COL_RUN_VISITS), 60, RIGHT},
                   {T(p, T_COL_RUN_UNUSED), 65, RIGHT},   {T(p, T_COL_RUN_OTHER), 85, RIGHT},
                   {T(p, T_COL_RUN_NOT_SCANNED), 100, RIGHT}};
        table t = {c, 7};
        rc = table_begin(p, &t);
        for (size_t i = 0; i < m->nprints && !rc; i++) {
            const dc_report_print_run *r = &m->prints[i];
            char when[64], day[32], range[40], nv[16], nu[16], no[16], nn[16];
            dc_report_format_stamp(when, sizeof when, p->lang, r->at);
            snprintf(day, sizeof day, "%.10s", when);   /* the day; the time is in the workbook */
            snprintf(range, sizeof range, "%06ld-%06ld", r->first, r->last);
            fmt_long(nv, sizeof nv, r->visits);
            fmt_long(nu, sizeof nu, r->unused);
            fmt_long(no, sizeof no, r->other);
            fmt_long(nn, sizeof nn, r->not_scanned);
            const char *form = T(p, r->form && strcmp(r->form, "set") == 0 ? T_PRINT_SET_SHORT : T_PRINT_ACCESS_ONLY);
            const char *cells[] = {day, form, range, nv, nu, no, nn};
            rc = table_row(p, &t, cells);
        }
        table_end(p);
    }
    char **lines = NULL;
    size_t n = 0;
    if (!rc)
        rc = dc_report_serials_lines(&lines, &n, p->lang, m);
    for (size_t i = 0; i < n && !rc; i++)
        rc = para(p, p->bold, 8.5, lines[i]);
    dc_report_lines_free(lines, n);
    if (!rc && m->prints_kept)
        rc = para(p, p->reg, 8, T(p, T_SERIALS_NOTE));
    return rc;
}

int dc_report_daily_pdf(const dc_report_daily *m, dc_report_lang lang, const char *path)
{
    pdoc p;
    int rc = pdoc_open(&p, lang, &m->meta, T_TITLE_DAILY);
    if (!rc)
        rc = new_page(&p);
    if (!rc)
        rc = chain_warning(&p, &m->meta);
    if (rc)
        goto done;
    char period[64], buf[256];
    dc_report_format_period(period, sizeof period, lang, m->meta.period);

    char v_visits[16], v_findings[256], v_review[96], v_rejected[16];
    fmt_long(v_visits, sizeof v_visits, (long)m->nvisits);
    /* the findings and fields in review of forms dated another day count on their own day: said
     * apart, so that the days' reports add up */
    size_t other_findings = 0, other_review = 0;
    for (size_t i = 0; i < m->nfindings; i++)
        other_findings += dc_report_daily_other_date(m, m->findings[i].serial) != NULL;
    for (size_t i = 0; i < m->npending; i++)
        other_review += dc_report_daily_other_date(m, m->pending[i].serial) != NULL;
    own_and_other(&p, v_findings, sizeof v_findings, m->nfindings - other_findings, other_findings);
    /* the rules that read a field in review wait for it: the total may change after review, as the
     * scan's summary says (it read as the day's count) */
    long in_review = 0;
    for (size_t i = 0; i < m->nvisits; i++)
        in_review += m->visits[i].needs_review;
    for (size_t i = 0; i < m->nother_dated; i++)
        in_review += m->other_dated[i].needs_review;
    const size_t used = strlen(v_findings);
    dc_report_before_review_text(v_findings + used, sizeof v_findings - used, lang, in_review);
    own_and_other(&p, v_review, sizeof v_review, m->npending - other_review, other_review);
    fmt_long(v_rejected, sizeof v_rejected, (long)m->nrejected);
    const char *keys[] = {T(&p, T_M_VISITS), T(&p, T_SEC_FINDINGS), T(&p, T_SEC_REVIEW), T(&p, T_SEC_REJECTED)};
    const char *vals[] = {v_visits, v_findings, v_review, v_rejected};
    rc = heading(&p, T(&p, T_SEC_SUMMARY));
    if (!rc)
        rc = kv_table(&p, keys, vals, 4);
    if (rc)
        goto done;

    rc = heading(&p, T(&p, T_SEC_VISITS));
    if (rc)
        goto done;
    if (m->nvisits == 0) {
        snprintf(buf, sizeof buf, T(&p, T_NO_VISITS_DAY), period);
        rc = para(&p, p.bold, 9.5, buf);
        if (rc)
            goto done;
    } else {
        col c[] = {{T(&p, T_COL_SERIAL), 32, LEFT}, {T(&p, T_COL_NAME), 74, LEFT},
                   {T(&p, T_COL_INSTITUTION), 74, LEFT}, {T(&p, T_COL_PURPOSE), 74, LEFT},
                   {T(&p, T_COL_ENTRY), 28, CENTER}, {T(&p, T_COL_EXIT), 28, CENTER},
                   {T(&p, T_COL_DURATION), 40, RIGHT}, {T(&p, T_COL_ESCORT), 62, LEFT},
                   {T(&p, T_COL_STATUS), 56, LEFT}, {T(&p, T_COL_FINDINGS), 40, RIGHT}};
        cols_fit(c, 10);
        table t = {c, 10};
        rc = table_begin(&p, &t);
        if (rc)
            goto done;
        for (size_t i = 0; i < m->nvisits && !rc; i++) {
            const dc_report_visit *v = &m->visits[i];
            char en[16], ex[16], du[16], nf[16];
            fmt_time(en, sizeof en, v->entry_min, v->entry_text);
            fmt_time(ex, sizeof ex, v->exit_min, v->exit_text);
            if (v->duration_min >= 0)
                fmt_long(du, sizeof du, v->duration_min);
            else
                snprintf(du, sizeof du, "–");
            fmt_long(nf, sizeof nf, (long)v->nfindings);
            /* a set whose access form is missing has no purpose to read: a dash, not "not read" */
            const char *purpose = v->has_access ? dc_report_visit_purpose_label(lang, v) : "–";
            /* the daily table has no decision column: a refused request says so in its status */
            const char *cells[] = {v->serial, dc_report_name_cell(lang, v->name, v->name_in_review),
                                   dc_report_name_cell(lang, v->institution, v->institution_in_review), purpose,
                                   en, ex, du, v->escort ? v->escort : "", dc_report_status_or_refused_label(lang, v),
                                   nf};
            rc = table_row(&p, &t, cells);
        }
        table_end(&p);
        if (rc)
            goto done;
    }

    if (m->nother_dated) {   /* the day's stack holds forms dated another day */
        rc = heading(&p, T(&p, T_SEC_OTHER_DATED));
        if (!rc)
            rc = para(&p, p.reg, 8.5, T(&p, T_OTHER_DATED_NOTE));
        col c[] = {{T(&p, T_COL_SERIAL), 32, LEFT},       {T(&p, T_DATE), 56, LEFT},
                   {T(&p, T_COL_NAME), 110, LEFT},        {T(&p, T_COL_INSTITUTION), 110, LEFT},
                   {T(&p, T_COL_STATUS), 80, LEFT},       {T(&p, T_COL_FINDINGS), 40, RIGHT}};
        cols_fit(c, 6);
        table t = {c, 6};
        if (!rc)
            rc = table_begin(&p, &t);
        for (size_t i = 0; i < m->nother_dated && !rc; i++) {
            const dc_report_visit *v = &m->other_dated[i];
            char nf[16], date[32];
            fmt_long(nf, sizeof nf, (long)v->nfindings);
            dc_report_table_date(date, sizeof date, lang, v->date);
            const char *cells[] = {v->serial, date, dc_report_name_cell(lang, v->name, v->name_in_review),
                                   dc_report_name_cell(lang, v->institution, v->institution_in_review),
                                   dc_report_status_or_refused_label(lang, v), nf};
            rc = table_row(&p, &t, cells);
        }
        table_end(&p);
        if (rc)
            goto done;
    }

    rc = heading(&p, T(&p, T_SEC_FINDINGS));
    if (rc)
        goto done;
    rc = m->nfindings ? findings_table(&p, m->findings, m->nfindings, NULL) : para(&p, p.reg, 8.5, T(&p, T_NONE));
    if (rc)
        goto done;

    rc = heading(&p, T(&p, T_SEC_REVIEW));
    if (rc)
        goto done;
    if (m->npending == 0) {
        rc = para(&p, p.reg, 8.5, T(&p, T_NONE));
    } else {
        col c[] = {{T(&p, T_COL_SERIAL), 60, LEFT}, {T(&p, T_COL_FIELD), 160, LEFT},
                   {T(&p, T_COL_VALUE_READ), 215, LEFT}, {T(&p, T_COL_CONFIDENCE), 80, RIGHT}};
        table t = {c, 4};
        rc = table_begin(&p, &t);
        for (size_t i = 0; i < m->npending && !rc; i++) {
            char conf[32];
            dc_report_decimal(conf, sizeof conf, p.lang, m->pending[i].confidence, 2);
            char date[32];
            const char *value = value_text(&p, date, sizeof date, m->pending[i].field, m->pending[i].value);
            const char *cells[] = {m->pending[i].serial, m->pending[i].field, value ? value : "", conf};
            rc = table_row(&p, &t, cells);
        }
        table_end(&p);
    }
    if (rc)
        goto done;

    /* only on a day that has some: most days have none, and the operator need not read about it */
    if (m->ntaken) {
        rc = heading(&p, T(&p, T_SEC_TAKEN));
        if (!rc)
            rc = para(&p, p.reg, 8.5, T(&p, T_TAKEN_NOTE));
        if (rc)
            goto done;
        col c[] = {{T(&p, T_COL_SERIAL), 60, LEFT}, {T(&p, T_COL_FIELD), 100, LEFT},
                   {T(&p, T_COL_RECORDED), 180, LEFT}, {T(&p, T_COL_VALUE_READ), 175, LEFT}};
        table t = {c, 4};
        rc = table_begin(&p, &t);
        for (size_t i = 0; i < m->ntaken && !rc; i++) {
            const char *cells[] = {m->taken[i].serial, m->taken[i].field, m->taken[i].value ? m->taken[i].value : "",
                                   m->taken[i].read_as ? m->taken[i].read_as : ""};
            rc = table_row(&p, &t, cells);
        }
        table_end(&p);
        if (rc)
            goto done;
    }

    rc = pages_section(&p, m->rejected, m->nrejected, m->blank_backs);
    if (!rc)
        rc = pdoc_save(&p, path);
done:
    pdoc_close(&p);
    return rc;
}

/* ---- monthly ---- */

static int signature_block(pdoc *p, const dc_report_monthly *m)
{
    int rc = ensure(p, 130, NULL);
    if (rc)
        return rc;
    double x = PAGE_W - MARGIN - 230, w = 230;
    struct tm tm;
    localtime_r(&m->meta.generated, &tm);
    char ymd[48], date_long[64], place[128];
    snprintf(ymd, sizeof ymd, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    dc_report_format_period(date_long, sizeof date_long, p->lang, ymd);
    snprintf(place, sizeof place, T(p, T_SIGN_PLACE_DATE), date_long);
    double y = p->y - 24;
    text_fit(p, p->reg, 9, x, y, w, CENTER, place);
    y -= 12;
    text_fit(p, p->reg, 9, x, y, w, CENTER, T(p, T_SIGN_ACK));
    y -= 12;
    /* the title on two lines when it does not fit on one (the English one does not): it was cut
     * to "... (Head of …" */
    char first[256];
    snprintf(first, sizeof first, "%s", T(p, T_SIGN_TITLE));
    const char *second = NULL;
    char *paren = strstr(first, " (");   /* a translation in brackets goes on its own line */
    if (text_w(p, p->bold, 9, first) > w && paren) {
        *paren = 0;
        second = T(p, T_SIGN_TITLE) + (paren - first) + 1;
    }
    for (char *sp = strrchr(first, ' '); sp && text_w(p, p->bold, 9, first) > w; sp = strrchr(first, ' ')) {
        *sp = 0;
        second = T(p, T_SIGN_TITLE) + (sp - first) + 1;   /* the rest, cut to the width if need be */
    }
    text_fit(p, p->bold, 9, x, y, w, CENTER, first);
    if (second) {
        y -= 11;
        text_fit(p, p->bold, 9, x, y, w, CENTER, second);
    }
    y -= 58;
    if (m->signatory_name) {
        /* wrapped over up to three lines ending on the signature line (a title and a name of 59
         * characters were cut to one line), the last cut with "…" should even that not hold it */
        char *copy = one_line(m->signatory_name);
        if (!copy)
            return dc_error_set(DC_ERR_NOMEM, "out of memory");
        char *from[3], *to[3], *start = copy, *end;
        int n = 0;
        while (n < 3 && (end = wrap_next(p, p->bold, 9, &start, w)) != NULL) {
            from[n] = start;
            to[n++] = end;
            start = end;
        }
        if (n == 3 && wrap_next(p, p->bold, 9, &start, w))
            to[2] = copy + strlen(copy);   /* the rest on the last line, cut to it */
        for (int i = 0; i < n; i++) {   /* a word broken across lines ends one where the next starts */
            char *line = dc_asprintf("%.*s", (int)(to[i] - from[i]), from[i]);
            if (line)
                text_fit(p, p->bold, 9, x, y + 2 + 10.5 * (n - 1 - i), w, CENTER, line);
            free(line);
        }
        free(copy);
    }
    hline(p->page, x + 20, x + w - 20, y, 0.6, 0);
    y -= 12;
    char nip[128];
    snprintf(nip, sizeof nip, "%s %s", T(p, T_SIGN_NIP), m->signatory_nip ? m->signatory_nip : "");
    /* under the line; a long one (--nip takes 40 characters) the block's whole width and a smaller
     * size, down to 7 pt, before it is cut (it was cut at 31) */
    const double tw = text_w(p, p->reg, 9, nip);
    if (tw <= w - 40)
        text_fit(p, p->reg, 9, x + 20, y, w - 40, LEFT, nip);
    else
        text_fit(p, p->reg, fmax(7.0, 0.97 * 9 * w / tw), x, y, w, LEFT, nip);
    p->y = y - 10;
    return check(p, "signature block");
}

int dc_report_monthly_pdf(const dc_report_monthly *m, dc_report_lang lang, const char *path)
{
    pdoc p;
    int rc = pdoc_open(&p, lang, &m->meta, T_TITLE_MONTHLY);
    if (!rc)
        rc = new_page(&p);
    if (!rc)
        rc = chain_warning(&p, &m->meta);
    if (rc)
        goto done;
    char period[64], buf[256];
    dc_report_format_period(period, sizeof period, lang, m->meta.period);
    if (m->visits == 0) {
        snprintf(buf, sizeof buf, T(&p, T_NO_VISITS_MONTH), period);
        rc = para(&p, p.bold, 10, buf);
        if (rc)
            goto done;
        p.y -= 6;
    }

    enum { NV = 20 };
    char v[NV][32], over[96];
    snprintf(over, sizeof over, T(&p, T_M_OVER_LIMIT), m->limit_min);
    fmt_long(v[0], 32, m->visits);
    fmt_long(v[1], 32, m->unique_visitors);
    fmt_long(v[2], 32, m->unidentified);
    fmt_long(v[3], 32, m->granted);
    fmt_long(v[4], 32, m->refused);
    fmt_long(v[5], 32, m->no_decision);
    fmt_long(v[6], 32, m->durations_n);
    /* no duration, or no visit: a dash, not a 0 that reads as a measured value */
    if (m->durations_n) {
        dc_report_decimal(v[7], 32, p.lang, m->duration_mean, 1);
        dc_report_decimal(v[8], 32, p.lang, m->duration_median, 1);
    } else {
        snprintf(v[7], 32, "–");
        snprintf(v[8], 32, "–");
    }
    if (m->durations_n)
        fmt_long(v[9], 32, m->duration_max);
    else
        snprintf(v[9], 32, "–");
    fmt_long(v[10], 32, m->over_limit);
    char with_findings[160];   /* may change after review, as the daily report's total */
    fmt_long(with_findings, 32, m->records_with_findings);
    dc_report_before_review_text(with_findings + strlen(with_findings), sizeof with_findings - strlen(with_findings),
                                 p.lang, m->pending_review);
    if (m->compliance_base) {
        dc_report_decimal(v[12], 31, p.lang, 100.0 * m->compliance_rate, 1);
        strcat(v[12], "%");
    } else {
        snprintf(v[12], 32, "–");
    }
    fmt_long(v[13], 32, m->devices_in);
    fmt_long(v[14], 32, m->devices_out);
    fmt_long(v[15], 32, m->pending_review);
    fmt_long(v[16], 32, m->pending_fields);
    fmt_long(v[17], 32, m->visits - m->compliance_base);
    fmt_long(v[18], 32, m->other_rules);
    const char *keys[NV] = {T(&p, T_M_VISITS), T(&p, T_M_UNIQUE), T(&p, T_M_UNIDENTIFIED), T(&p, T_M_GRANTED),
                            T(&p, T_M_REFUSED), T(&p, T_M_NO_DECISION), T(&p, T_M_DUR_N), T(&p, T_M_DUR_MEAN), T(&p, T_M_DUR_MEDIAN),
                            T(&p, T_M_DUR_MAX), over, T(&p, T_M_WITH_FINDINGS), T(&p, T_M_COMPLIANCE),
                            T(&p, T_M_DEV_IN), T(&p, T_M_DEV_OUT), T(&p, T_M_PENDING), T(&p, T_M_PENDING_FIELDS),
                            T(&p, T_M_UNDECIDED), T(&p, T_M_OTHER_RULES), T(&p, T_M_RULES)};
    const char *vals[NV];
    for (int i = 0; i < NV; i++)
        vals[i] = v[i];
    char rules[DC_RULES_TEXT_MAX + 64];
    dc_report_rules_text(rules, sizeof rules, p.lang, m);
    vals[11] = with_findings;
    vals[19] = rules;
    rc = heading(&p, T(&p, T_SEC_SUMMARY));
    if (!rc)
        rc = kv_table(&p, keys, vals, NV);
    if (rc)
        goto done;

    char day_labels[DC_REPORT_MAX_DAYS][12], hour_labels[24][12];
    const char *dl[DC_REPORT_MAX_DAYS], *hl[24];
    for (int d = 0; d < m->ndays; d++) {
        snprintf(day_labels[d], sizeof day_labels[d], "%d", d + 1);
        dl[d] = day_labels[d];
    }
    for (int h = 0; h < 24; h++) {
        snprintf(hour_labels[h], sizeof hour_labels[h], "%02d", h);
        hl[h] = hour_labels[h];
    }
    char axis_day[96];
    snprintf(axis_day, sizeof axis_day, "%s (%s)", T(&p, T_AXIS_DAY), period);
    /* Charts of nothing but zeros say nothing: an empty month gets its sentence instead. */
    if (m->visits > 0 && (rc = chart_vbars(&p, T(&p, T_CHART_PER_DAY), axis_day, dl, m->per_day, m->ndays, 1)))
        goto done;
    const char *pl[8];
    long pv[8];
    int np = 0;
    for (size_t i = 0; i < m->nper_purpose && np < 8; i++, np++) {
        pl[np] = dc_report_purpose_label(lang, m->per_purpose[i].key);
        pv[np] = m->per_purpose[i].n;
    }
    if (m->visits > 0 && (rc = chart_hbars(&p, T(&p, T_CHART_PER_PURPOSE), pl, pv, np)))
        goto done;
    if (m->visits > 0 && (rc = chart_vbars(&p, T(&p, T_CHART_PER_HOUR), T(&p, T_AXIS_HOUR), hl, m->per_hour, 24, 1)))
        goto done;
    if (m->no_entry_time > 0) {   /* the bars add up to the visits with it */
        char line[256];
        snprintf(line, sizeof line, T(&p, T_NO_ENTRY_TIME), m->no_entry_time);
        if ((rc = para(&p, p.reg, 8.5, line)))
            goto done;
    }

    rc = heading(&p, T(&p, T_SEC_INSTITUTIONS));
    if (rc)
        goto done;
    if (m->ntop_institutions == 0) {
        rc = para(&p, p.reg, 8.5, T(&p, T_NONE));
    } else {
        col c[] = {{T(&p, T_COL_NO), 30, RIGHT}, {T(&p, T_COL_INSTITUTION), 395, LEFT}, {T(&p, T_COL_COUNT), 90, RIGHT}};
        table t = {c, 3};
        rc = table_begin(&p, &t);
        for (size_t i = 0; i < m->ntop_institutions && !rc; i++) {
            char no[16], n[32];
            fmt_long(no, sizeof no, (long)i + 1);
            fmt_long(n, sizeof n, m->top_institutions[i].n);
            const char *cells[] = {no, m->top_institutions[i].key, n};
            rc = table_row(&p, &t, cells);
        }
        if (m->other_institutions && !rc) {   /* the rest, so that the rows add up to the visits */
            char others[96], n[32];
            dc_report_other_institutions_text(others, sizeof others, lang, m->other_institutions);
            fmt_long(n, sizeof n, m->other_institution_visits);
            const char *cells[] = {"", others, n};
            rc = table_row(&p, &t, cells);
        }
        table_end(&p);
    }
    if (!rc && m->no_institution > 0) {   /* the rows add up to the visits with it */
        char line[256];
        snprintf(line, sizeof line, T(&p, T_NO_INSTITUTION), m->no_institution);
        rc = para(&p, p.reg, 8.5, line);
    }
    if (rc)
        goto done;

    rc = heading(&p, T(&p, T_SEC_PER_RULE));
    if (rc)
        goto done;
    if (m->nper_rule == 0) {
        rc = para(&p, p.reg, 8.5, T(&p, T_NONE));
    } else {
        col c[] = {{T(&p, T_COL_RULE), 260, LEFT}, {T(&p, T_COL_RULE_ID), 165, LEFT}, {T(&p, T_COL_COUNT), 90, RIGHT}};
        table t = {c, 3};
        rc = table_begin(&p, &t);
        for (size_t i = 0; i < m->nper_rule && !rc; i++) {
            char n[32];
            fmt_long(n, sizeof n, m->per_rule[i].n);
            const char *cells[] = {dc_report_rule_label(lang, m->per_rule[i].key), m->per_rule[i].key, n};
            rc = table_row(&p, &t, cells);
        }
        table_end(&p);
    }
    if (rc)
        goto done;

    rc = heading(&p, T(&p, T_SEC_PER_STEP));
    if (rc)
        goto done;
    if (m->nper_step == 0) {
        rc = para(&p, p.reg, 8.5, T(&p, T_NONE));
    } else {
        col c[] = {{T(&p, T_COL_STEP), 70, LEFT}, {T(&p, T_COL_STEP_ASKS), 355, LEFT}, {T(&p, T_COL_COUNT), 90, RIGHT}};
        table t = {c, 3};
        rc = table_begin(&p, &t);
        for (size_t i = 0; i < m->nper_step && !rc; i++) {
            char n[32];
            fmt_long(n, sizeof n, m->per_step[i].n);
            const char *cells[] = {m->per_step[i].key ? m->per_step[i].key : "",
                                   dc_report_sop_step_label(lang, m->per_step[i].key), n};
            rc = table_row(&p, &t, cells);
        }
        table_end(&p);
    }
    if (!rc)
        rc = signature_block(&p, m);
    if (!rc)
        rc = pdoc_save(&p, path);
done:
    pdoc_close(&p);
    return rc;
}

/* ---- audit ---- */

static int chain_section(pdoc *p, const dc_report_audit *m)
{
    int rc = heading(p, T(p, T_SEC_CHAIN));
    if (rc)
        return rc;
    char result[256];
    if (!m->chain_checked)
        snprintf(result, sizeof result, "%s", T(p, T_CHAIN_NOT_CHECKED));
    else if (m->chain_ok)
        snprintf(result, sizeof result, "%s", T(p, T_CHAIN_OK));
    else
        snprintf(result, sizeof result, T(p, T_CHAIN_FAILED), m->nproblems, m->nproblems == 1 ? "" : "s");
    if (m->chain_checked)
        HPDF_Page_SetRGBFill(p->page, m->chain_ok ? 0.0f : 0.75f, m->chain_ok ? 0.45f : 0.0f, 0.0f);
    rc = para(p, p->bold, 10, result);
    HPDF_Page_SetRGBFill(p->page, 0, 0, 0);
    if (rc)
        return rc;
    p->y -= 4;
    char v[5 + DC_REPORT_NBASES][80], nrec[32], labels[DC_REPORT_NBASES][160], corrected[512];
    snprintf(v[0], sizeof v[0], "%zu", m->chain_entries);
    snprintf(v[1], sizeof v[1], "%zu", m->chain_records);
    snprintf(v[2], sizeof v[2], "%zu", m->chain_corrections);
    snprintf(v[3], sizeof v[3], "%zu", m->chain_files);
    snprintf(v[4], sizeof v[4], "%s", m->head_hash[0] ? m->head_hash : "–");
    snprintf(nrec, sizeof nrec, "%zu", m->nrecords);
    const char *keys[7 + DC_REPORT_NBASES] = {T(p, T_CHAIN_ENTRIES), T(p, T_CHAIN_RECORDS), T(p, T_CHAIN_CORRECTIONS),
                                               T(p, T_CHAIN_FILES), T(p, T_CHAIN_HEAD), T(p, T_RECORDS_IN_REPORT)};
    const char *vals[7 + DC_REPORT_NBASES] = {v[0], v[1], v[2], v[3], v[4], nrec};
    /* the accepted values by why they were accepted */
    size_t bases[DC_REPORT_NBASES];
    dc_report_audit_bases(m, bases);
    for (int k = 0; k < DC_REPORT_NBASES; k++) {
        const dc_field_basis basis = (dc_field_basis)((k + 1) % DC_REPORT_NBASES); /* DC_BASIS_NONE last */
        char why[96];
        snprintf(labels[k], sizeof labels[k], "%s: %s", T(p, T_COL_BASIS),
                 dc_report_basis_label(why, sizeof why, p->lang, "accepted", dc_field_basis_name(basis)));
        snprintf(v[5 + k], sizeof v[5 + k], "%zu", bases[basis]);
        keys[6 + k] = labels[k];
        vals[6 + k] = v[5 + k];
    }
    /* and those accepted, then corrected: the recognizer's sure mistakes on the month's forms */
    dc_report_audit_corrected_text(corrected, sizeof corrected, p->lang, m);
    keys[6 + DC_REPORT_NBASES] = T(p, T_ACCEPTED_CORRECTED);
    vals[6 + DC_REPORT_NBASES] = corrected;
    col c[] = {{T(p, T_COL_MEASURE), 160, LEFT}, {T(p, T_COL_VALUE), 355, LEFT}};
    table t = {c, 2};
    rc = table_begin(p, &t);
    for (size_t i = 0; i < 7 + DC_REPORT_NBASES && !rc; i++) {
        const char *cells[] = {keys[i], vals[i]};
        rc = table_row(p, &t, cells);
    }
    table_end(p);
    if (!rc && m->nproblems && *T(p, T_CHAIN_PROBLEMS_NOTE))
        rc = para(p, p->bold, 8, T(p, T_CHAIN_PROBLEMS_NOTE));
    for (size_t i = 0; i < m->nproblems && !rc; i++)
        rc = para(p, p->reg, 8, m->problems[i]);
    return rc;
}

/* Draws a PNG scaled into (x, y_top, w, h); returns the height used (0 if it could not be drawn). */
static double draw_thumb(pdoc *p, const dc_report_source *s, double x, double y_top, double w, double h)
{
    if (!s->thumb_png || !s->thumb_len)
        return 0;
    HPDF_Image img = HPDF_LoadPngImageFromMem(p->doc, s->thumb_png, (HPDF_UINT)s->thumb_len);
    if (!img) {
        dc_pdfdoc_clear(&p->pdf);   /* a bad thumbnail is shown as missing, not a failed report */
        return 0;
    }
    double iw = HPDF_Image_GetWidth(img), ih = HPDF_Image_GetHeight(img);
    if (iw <= 0 || ih <= 0)
        return 0;
    double sc = fmin(w / iw, h / ih);
    double dw = iw * sc, dh = ih * sc;
    HPDF_Page_DrawImage(p->page, img, (HPDF_REAL)x, (HPDF_REAL)(y_top - dh), (HPDF_REAL)dw, (HPDF_REAL)dh);
    HPDF_Page_SetLineWidth(p->page, 0.4);
    HPDF_Page_SetGrayStroke(p->page, 0.5);
    HPDF_Page_Rectangle(p->page, (HPDF_REAL)x, (HPDF_REAL)(y_top - dh), (HPDF_REAL)dw, (HPDF_REAL)dh);
    HPDF_Page_Stroke(p->page);
    HPDF_Page_SetGrayStroke(p->page, 0);
    return dh;
}

/* A fact of record `r` beside its thumbnails: `value`, or when the record has none, "(ditinjau)" if
 * its field `id` waits for review (a reading there is in the field table below), else "–"
 * (nothing written). A value in review showed as "–", which read "left blank" while the table
 * under it showed what was written; the daily report says "(ditinjau)" already. */
static const char *fact_text(const pdoc *p, const dc_report_record *r, const char *id, const char *value)
{
    if (value && *value)
        return value;
    for (size_t i = 0; i < r->nfields; i++)
        if (strcmp(r->fields[i].id, id) == 0 && r->fields[i].state && strcmp(r->fields[i].state, "review") == 0)
            return T(p, T_CELL_IN_REVIEW);
    return "–";
}

static int audit_record(pdoc *p, const dc_report_record *r)
{
    const dc_report_visit *v = &r->visit;
    const double thumb_w = 118, thumb_h = 168, block_h = thumb_h + 18;
    int rc = ensure(p, block_h + 24 + 3 * ROW_H, NULL);
    if (rc)
        return rc;
    char title[256];
    snprintf(title, sizeof title, "%s %s — %s", T(p, T_SEC_RECORD), v->serial, fact_text(p, r, "visitor_name", v->name));
    rc = heading(p, title);
    if (rc)
        return rc;
    double top = p->y;
    /* thumbnails on the left */
    double tx = MARGIN;
    for (size_t i = 0; i < r->nsources && i < 2; i++) {
        double used = draw_thumb(p, &r->sources[i], tx, top, thumb_w, thumb_h);
        if (used == 0) {
            rect_fill(p->page, tx, top - thumb_h, thumb_w, thumb_h, 0.94, 0.94, 0.94);
            text_fit(p, p->reg, 7, tx, top - thumb_h / 2, thumb_w, CENTER, T(p, T_NO_THUMB));
        }
        tx += thumb_w + 6;
    }
    if (r->nsources == 0) {
        rect_fill(p->page, tx, top - thumb_h, thumb_w, thumb_h, 0.94, 0.94, 0.94);
        text_fit(p, p->reg, 7, tx, top - thumb_h / 2, thumb_w, CENTER, T(p, T_NO_THUMB));
        tx += thumb_w + 6;
    }
    /* key facts on the right */
    double kx = tx + 4, kw = PAGE_W - MARGIN - kx, ky = top - 9, lh = 10.5;
    char en[16], ex[16], date[32], batch_date[32], line_text[512];
    fmt_time(en, sizeof en, v->entry_min, v->entry_text);
    fmt_time(ex, sizeof ex, v->exit_min, v->exit_text);
    dc_report_table_date(date, sizeof date, p->lang, v->date);
    dc_report_table_date(batch_date, sizeof batch_date, p->lang, r->batch_date);
    /* fmt_time writes "–" for no time: a time in review is then told apart by its field */
    struct {
        dc_text k;
        const char *field;   /* the field the fact is read from (NULL: the record's own) */
        const char *v;
    } facts[] = {
        {T_DATE, "visit_date", date},
        {T_COL_INSTITUTION, "institution", v->institution},
        {T_COL_ID_TYPE, "id_type", v->id_type ? dc_report_id_type_label(p->lang, v->id_type) : NULL},
        {T_COL_ID_NUMBER, "id_number", v->id_number},
        {T_COL_PHONE, "phone", v->phone},
        /* one a person confirmed empty as the daily report says it (it showed "–", as left blank) */
        {T_COL_PURPOSE, "purpose", v->purpose || v->purpose_confirmed_empty ? dc_report_visit_purpose_label(p->lang, v) : NULL},
        {T_COL_DECISION, "decision", v->decision ? dc_report_decision_label(p->lang, v->decision) : NULL},
        {T_COL_ENTRY, "entry_time", strcmp(en, "–") != 0 ? en : NULL},
        {T_COL_EXIT, "exit_time", strcmp(ex, "–") != 0 ? ex : NULL},
        {T_COL_ESCORT, "escort_name", v->escort},
        /* "Complete" under "Decision: Refused" read as a visit made and ended */
        {T_COL_STATUS, NULL, dc_report_status_or_refused_label(p->lang, v)},
        {T_COL_BATCH_DATE, NULL, batch_date},
    };
    for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++) {
        snprintf(line_text, sizeof line_text, "%s:", T(p, facts[i].k));
        text_fit(p, p->bold, 7.5, kx, ky, 80, LEFT, line_text);
        const char *shown = facts[i].field ? fact_text(p, r, facts[i].field, facts[i].v)
                                           : facts[i].v && *facts[i].v ? facts[i].v : "–";
        text_fit(p, p->reg, 7.5, kx + 82, ky, kw - 82, LEFT, shown);
        ky -= lh;
    }
    for (size_t i = 0; i < r->nsources; i++) {
        ky -= 3;
        /* a page scanned in another stack than the record's batch date says its own */
        const char *bd = r->sources[i].batch_date;
        char batch_note[64] = "", bd_text[32];
        dc_report_table_date(bd_text, sizeof bd_text, p->lang, bd);
        if (*bd && strcmp(bd, r->batch_date) != 0)
            snprintf(batch_note, sizeof batch_note, ", %s %s", T(p, T_COL_BATCH_DATE), bd_text);
        /* and the version of the form it was read with: an auditor holding the paper can tell which */
        char version[16] = "";
        if (r->sources[i].template_version > 0)
            snprintf(version, sizeof version, " v%d", r->sources[i].template_version);
        snprintf(line_text, sizeof line_text, "%s (%s%s), %s %d%s:", T(p, T_SEC_SOURCE),
                 dc_report_form_label(p->lang, r->sources[i].form), version, T(p, T_COL_PAGE), r->sources[i].page,
                 batch_note);
        text_fit(p, p->bold, 7.5, kx, ky, kw, LEFT, line_text);
        ky -= lh;
        text_fit(p, p->reg, 7, kx, ky, kw, LEFT, r->sources[i].file);
        ky -= lh;
        snprintf(line_text, sizeof line_text, "SHA-256: %s", r->sources[i].sha256);
        text_fit(p, p->reg, 6.3, kx, ky, kw, LEFT, line_text);
        ky -= lh;
    }
    p->y = fmin(top - block_h, ky - 4);

    /* every field with value, confidence, state, why it was accepted and correction history */
    /* the field's label as the form prints it is wider than its id was: the corrections, most
     * often none, give it room */
    col c[] = {{T(p, T_COL_FIELD), 120, LEFT},      {T(p, T_COL_VALUE), 110, LEFT}, {T(p, T_COL_CONFIDENCE), 50, RIGHT},
               {T(p, T_COL_STATE), 50, LEFT},       {T(p, T_COL_BASIS), 80, LEFT},  {T(p, T_SHEET_CORRECTIONS), 105, LEFT}};
    table t = {c, 6};
    rc = table_begin(p, &t);
    if (rc)
        return rc;
    for (size_t i = 0; i < r->nfields && !rc; i++) {
        const dc_report_field *f = &r->fields[i];
        char conf[32];
        dc_report_unused_rows u;
        if (dc_report_unused_device_rows(r, i, &u)) {
            /* one line for them: a checklist's empty rows were most of its record's table */
            char what[64], said[128];
            if (u.first_row == u.last_row)
                snprintf(what, sizeof what, "%s %d", T(p, T_DEVICE_ROW), u.first_row);
            else
                snprintf(what, sizeof what, "%s %d-%d", T(p, T_DEVICE_ROWS), u.first_row, u.last_row);
            snprintf(said, sizeof said, T(p, T_DEVICE_ROWS_UNUSED), u.end - i);
            dc_report_decimal(conf, sizeof conf, p->lang, u.least, 2);
            const char *cells[] = {what, said, conf, dc_report_state_label(p->lang, "empty"), "", ""};
            rc = table_row(p, &t, cells);
            i = u.end - 1;
            continue;
        }
        dc_report_decimal(conf, sizeof conf, p->lang, f->confidence, 2);
        /* the values only: who, when and why are in the corrections table below */
        char *hist = dc_strdup("");
        for (size_t k = 0; k < f->ncorrections && hist; k++) {
            const dc_report_correction *cr = &f->corrections[k];
            char od[32], nd[32];
            const char *now = fmt_new(p, nd, sizeof nd, f->id, cr);
            char *n = dc_report_correction_confirms(cr)
                          ? dc_asprintf("%s%s%s", hist, k ? "; " : "", now)
                          : dc_asprintf("%s%s%s → %s", hist, k ? "; " : "",
                                        cr->old_value ? value_text(p, od, sizeof od, f->id, cr->old_value) : "∅", now);
            free(hist);
            hist = n;
        }
        char basis[96];
        /* a value taken from an earlier form shows what was read beside it */
        char *shown = f->read_as ? dc_asprintf("%s (%s %s)", f->value ? f->value : "", T(p, T_READ_AS), f->read_as) : NULL;
        char shown_date[32];
        const char *value = value_text(p, shown_date, sizeof shown_date, f->id, f->value);
        const char *cells[] = {dc_report_field_label(f, p->lang), shown ? shown : value ? value : "", conf,
                               dc_report_field_state_label(f, p->lang),
                               dc_report_basis_label(basis, sizeof basis, p->lang, f->state, f->basis),
                               hist ? hist : ""};
        rc = table_row(p, &t, cells);
        free(hist);
        free(shown);
    }
    table_end(p);
    if (!rc)
        rc = corrections_table(p, r);
    if (rc)
        return rc;
    /* captioned as the corrections are: a findings table carried to the next page began there
     * with no word of what it was */
    if (r->nfindings)
        rc = record_caption(p, T_SEC_FINDINGS, r);
    if (r->nfindings && !rc)
        rc = findings_table(p, r->findings, r->nfindings, r);
    p->y -= 6;
    return rc;
}

static bool same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* How many corrections from l[0] on are one check of many records (recheck, batch-date): the
 * pseudo-field "rules" or "batch_date" changed alike by one person, for one reason, on one day;
 * 1 for any other correction. */
static size_t late_group(const dc_report_late_correction *l, size_t n)
{
    if (!l[0].field || (strcmp(l[0].field, "rules") != 0 && strcmp(l[0].field, "batch_date") != 0))
        return 1;
    char day[64], other[64];
    dc_report_format_stamp(day, sizeof day, DC_LANG_EN, l[0].c.at);   /* its date first */
    size_t k = 1;
    for (; k < n; k++) {
        dc_report_format_stamp(other, sizeof other, DC_LANG_EN, l[k].c.at);
        if (!same_text(l[k].field, l[0].field) || !same_text(l[k].c.old_value, l[0].c.old_value) ||
            !same_text(l[k].c.new_value, l[0].c.new_value) || !same_text(l[k].c.who, l[0].c.who) ||
            !same_text(l[k].c.why, l[0].c.why) || strncmp(day, other, 10) != 0)
            break;
    }
    return k;
}

/* The corrections made this month to records of other months, with the reason under each; a
 * check of many records at once is one row (late_group), the XLSX sheet lists each. */
static int late_section(pdoc *p, const dc_report_late_correction *l, size_t n)
{
    int rc = heading(p, T(p, T_SEC_LATE));
    if (rc)
        return rc;
    if (n == 0)
        return para(p, p->reg, 8.5, T(p, T_NONE));
    rc = para(p, p->reg, 8.5, T(p, T_LATE_NOTE));
    bool grouped = false;
    for (size_t i = 0, k; i < n && !grouped; i += k)
        grouped = (k = late_group(l + i, n - i)) > 1;
    if (!rc && grouped)
        rc = para(p, p->reg, 8.5, T(p, T_LATE_GROUP_NOTE));
    col c[] = {{T(p, T_COL_SERIAL), 45, LEFT}, {T(p, T_COL_VISIT_DATE), 60, LEFT}, {T(p, T_COL_FIELD), 80, LEFT},
               {T(p, T_COL_OLD), 85, LEFT},    {T(p, T_COL_NEW), 85, LEFT},        {T(p, T_COL_WHO), 60, LEFT},
               {T(p, T_COL_WHEN), 100, LEFT}};
    cols_fit(c, 7);
    table t = {c, 7};
    if (!rc)
        rc = table_begin(p, &t);
    for (size_t i = 0, k; i < n && !rc; i += k) {
        k = late_group(l + i, n - i);
        char when[64], serials[96], dates[64], d0_text[32], d1_text[32], nd[32], *old = fmt_old(p, l[i].field, &l[i].c);
        dc_report_format_stamp(when, sizeof when, p->lang, l[i].c.at);
        dc_report_table_date(d0_text, sizeof d0_text, p->lang, l[i].visit_date ? l[i].visit_date : "–");
        const char *serial = l[i].serial ? l[i].serial : "", *date = d0_text;
        if (k > 1) {   /* the serials and visit dates it spans */
            const char *s0 = serial, *s1 = serial, *d0 = NULL, *d1 = NULL;
            for (size_t j = i; j < i + k; j++) {
                const char *s = l[j].serial ? l[j].serial : "", *d = l[j].visit_date;
                s0 = strcmp(s, s0) < 0 ? s : s0;
                s1 = strcmp(s, s1) > 0 ? s : s1;
                d0 = d && (!d0 || strcmp(d, d0) < 0) ? d : d0;
                d1 = d && (!d1 || strcmp(d, d1) > 0) ? d : d1;
            }
            snprintf(serials, sizeof serials, T(p, T_LATE_GROUP_SERIALS), k, s0, s1);
            serial = serials;
            if (d0) {   /* compared as stored (ISO sorts), shown as the language writes them */
                dc_report_table_date(d0_text, sizeof d0_text, p->lang, d0);
                dc_report_table_date(d1_text, sizeof d1_text, p->lang, d1);
            }
            if (d0 && strcmp(d0, d1) != 0) {
                snprintf(dates, sizeof dates, T(p, T_LATE_GROUP_DATES), d0_text, d1_text);
                date = dates;
            }
        }
        const char *label = l[i].label[p->lang == DC_LANG_EN], *field = label ? label : l[i].field;
        const char *cells[] = {serial, date, field ? field : "", old ? old : "",
                               fmt_new(p, nd, sizeof nd, l[i].field, &l[i].c),
                               l[i].c.who ? l[i].c.who : "?", when};
        rc = old ? table_row(p, &t, cells) : dc_error_set(DC_ERR_NOMEM, "out of memory");
        free(old);
        if (!rc)
            rc = reason_para(p, l[i].c.why);
    }
    table_end(p);
    return rc;
}

int dc_report_audit_pdf(const dc_report_audit *m, dc_report_lang lang, const char *path)
{
    pdoc p;
    int rc = pdoc_open(&p, lang, &m->meta, T_TITLE_AUDIT);
    if (!rc)
        rc = new_page(&p);
    if (!rc)
        rc = chain_section(&p, m);
    if (!rc)
        rc = chain_warning(&p, &m->meta);   /* a scan that did not finish (the chain is above) */
    if (rc)
        goto done;
    if (m->nrecords == 0) {
        char period[64], buf[256];
        dc_report_format_period(period, sizeof period, lang, m->meta.period);
        snprintf(buf, sizeof buf, T(&p, T_NO_VISITS_MONTH), period);
        rc = para(&p, p.bold, 10, buf);
    }
    for (size_t i = 0; i < m->nrecords && !rc; i++)
        rc = audit_record(&p, &m->records[i]);
    if (!rc)
        rc = late_section(&p, m->late, m->nlate);
    if (!rc)   /* every page of the month's batches is accounted for: those that are no visit, here */
        rc = pages_section(&p, m->pages_out, m->npages_out, m->blank_backs);
    if (!rc)   /* ... and every access form printed: the serials to account for */
        rc = serials_section(&p, m);
    if (!rc)
        rc = pdoc_save(&p, path);
done:
    pdoc_close(&p);
    return rc;
}
