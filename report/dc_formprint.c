/* dc_formprint: prints blank, numbered dcaccess forms (A4 PDF, libharu) from their templates. */
#include "dc_formprint.h"
#include "dc_pdfdoc.h"

#include "dc_error.h"
#include "dc_util.h"

#include <errno.h>
#include <math.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


/* Everything the scanner reads keeps this much white around a registration mark (mm). */
#define MARK_CLEARANCE_MM 3.0
/* Minimum white between printed text and anything it must not touch (mm). */
#define TEXT_GAP_MM 0.6

/* Ink levels (0 black .. 1 white) and line widths (pt): light combs a recognizer can erase,
 * darker checkboxes a person sees at once. */
#define GREY_TEXT 0.0
#define GREY_SUBTITLE 0.38
#define GREY_COMB 0.55
#define GREY_CHECKBOX 0.3
#define GREY_ZONE 0.6
#define GREY_RULE 0.4
#define GREY_SECTION_FILL 0.88
#define GREY_HEADER_FILL 0.93
#define LINE_COMB 0.5
#define LINE_CHECKBOX 0.8
#define LINE_ZONE 0.5
#define LINE_RULE 0.5

struct dc_formprint {
    dc_pdfdoc pdf;
    HPDF_Font regular, bold, italic;
    int sheet_count;          /* pages of a form set; 0 = unknown yet, -1 = could not tell */
};

/* One page being laid out: what must stay clear of text and what labels must not run into. */
typedef struct area {
    dc_box_mm box;
    const char *what; /* for error messages */
} area;

typedef struct page_ctx {
    dc_formprint *fp;
    const dc_template *t;
    HPDF_Page page;
    area *keep_clear;  /* cells, boxes, zones, marks (+clearance), QR: nothing printed on them */
    size_t nkeep;
    area *obstacles;   /* keep_clear + section bars + table + other labels' anchors: limits label room */
    size_t nobst;
    double left, right; /* content margins (mm), from the template geometry */
} page_ctx;

typedef struct text_style {
    HPDF_Font font;
    double size; /* pt */
    double grey;
} text_style;

/* ---- units ---- */

double dc_mm_to_pt(double mm) { return mm * 72.0 / 25.4; }

double dc_pdf_y(double page_h_mm, double y_mm) { return dc_mm_to_pt(page_h_mm - y_mm); }

static double pt_to_mm(double pt) { return pt * 25.4 / 72.0; }

void dc_serial_format(char buf[16], long serial)
{
    snprintf(buf, 16, "%06ld", serial);
}

/* ---- document ---- */

int dc_formprint_new(dc_formprint **out)
{
    *out = NULL;
    dc_formprint *fp = calloc(1, sizeof *fp);
    if (!fp)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    int rc = dc_pdfdoc_open(&fp->pdf);
    if (rc == DC_OK)
        rc = dc_pdfdoc_font(&fp->pdf, "DejaVuSans.ttf", &fp->regular);
    if (rc == DC_OK)
        rc = dc_pdfdoc_font(&fp->pdf, "DejaVuSans-Bold.ttf", &fp->bold);
    if (rc == DC_OK)
        rc = dc_pdfdoc_font(&fp->pdf, "DejaVuSans-Oblique.ttf", &fp->italic);
    if (rc)
        goto fail;
    HPDF_SetInfoAttr(fp->pdf.doc, HPDF_INFO_CREATOR, "dcaccess");
    HPDF_SetInfoAttr(fp->pdf.doc, HPDF_INFO_TITLE, "Formulir akses ruang server / Server room access forms");
    if ((rc = dc_pdfdoc_check(&fp->pdf, "PDF metadata")))
        goto fail;
    *out = fp;
    return DC_OK;
fail:
    dc_formprint_free(fp);
    return rc;
}

void dc_formprint_free(dc_formprint *fp)
{
    if (!fp)
        return;
    dc_pdfdoc_close(&fp->pdf);
    free(fp);
}

HPDF_Doc dc_formprint_doc(dc_formprint *fp) { return fp->pdf.doc; }

void dc_formprint_set_sheet_count(dc_formprint *fp, int sheets) { fp->sheet_count = sheets > 0 ? sheets : -1; }

/* Pages in a form set = the highest sheet_page among the installed templates. */
static int sheet_count(dc_formprint *fp)
{
    if (fp->sheet_count != 0)
        return fp->sheet_count;
    fp->sheet_count = -1;
    dc_template_set *s = NULL;
    if (dc_template_set_load(&s, NULL) == DC_OK) {
        for (size_t i = 0; i < dc_template_set_count(s); i++) {
            int p = dc_template_set_at(s, i)->sheet_page;
            if (p > fp->sheet_count)
                fp->sheet_count = p;
        }
    }
    dc_template_set_free(s);
    dc_error_clear();
    return fp->sheet_count;
}

/* ---- geometry helpers ---- */

static dc_box_mm grow(dc_box_mm b, double by)
{
    return (dc_box_mm){b.x - by, b.y - by, b.w + 2 * by, b.h + 2 * by};
}

static bool overlaps(const dc_box_mm *a, const dc_box_mm *b)
{
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

static int add_area(area **list, size_t *n, dc_box_mm box, const char *what)
{
    area *grown = realloc(*list, (*n + 1) * sizeof **list);
    if (!grown)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    *list = grown;
    grown[(*n)++] = (area){box, what};
    return DC_OK;
}

static int keep_clear(page_ctx *pc, dc_box_mm box, const char *what)
{
    int rc = add_area(&pc->keep_clear, &pc->nkeep, box, what);
    return rc ? rc : add_area(&pc->obstacles, &pc->nobst, box, what);
}

static void extend_content(page_ctx *pc, dc_box_mm b)
{
    if (b.x < pc->left)
        pc->left = b.x;
    if (b.x + b.w > pc->right)
        pc->right = b.x + b.w;
}

/* Collects every area the scanner reads, the page furniture and label anchors. */
static int collect_areas(page_ctx *pc)
{
    const dc_template *t = pc->t;
    int rc = DC_OK;
    pc->left = t->page_w;
    pc->right = 0;
    for (size_t i = 0; i < t->nmarks && rc == DC_OK; i++)
        rc = keep_clear(pc, grow(t->marks[i].box, MARK_CLEARANCE_MM), "a registration mark");
    if (rc == DC_OK)
        rc = keep_clear(pc, t->qr, "the QR code");
    for (size_t i = 0; i < t->nfields && rc == DC_OK; i++) {
        const dc_field *f = &t->fields[i];
        for (size_t c = 0; c < f->ncells && rc == DC_OK; c++) {
            rc = keep_clear(pc, f->cells[c], f->id);
            extend_content(pc, f->cells[c]);
        }
        for (size_t o = 0; o < f->noptions && rc == DC_OK; o++) {
            rc = keep_clear(pc, f->options[o].box, f->id);
            extend_content(pc, f->options[o].box);
        }
        if (f->type == DC_FIELD_CHECKBOX && rc == DC_OK) {
            rc = keep_clear(pc, f->box, f->id);
            extend_content(pc, f->box);
        }
        if ((f->type == DC_FIELD_SIGNATURE || (f->type == DC_FIELD_TEXT && f->has_zone)) && rc == DC_OK) {
            rc = keep_clear(pc, f->zone, f->id);
            extend_content(pc, f->zone);
        }
        if (f->label.id && rc == DC_OK && (f->label.x > 0 || f->label.y > 0))
            rc = add_area(&pc->obstacles, &pc->nobst, (dc_box_mm){f->label.x, f->label.y, 0.01, 3.0}, f->id);
    }
    for (size_t i = 0; i < t->ntexts && rc == DC_OK; i++) {
        rc = add_area(&pc->obstacles, &pc->nobst, t->texts[i].box, "a section bar");
        extend_content(pc, t->texts[i].box);
    }
    if (t->table.present && rc == DC_OK) {
        double w = 0;
        for (size_t c = 0; c < t->table.ncolumns; c++)
            w += t->table.columns[c].w;
        dc_box_mm tb = {t->table.x, t->table.y, w, t->table.header_h + t->table.rows * t->table.row_h};
        rc = add_area(&pc->obstacles, &pc->nobst, tb, "the table");
        extend_content(pc, tb);
    }
    if (pc->right <= pc->left) {
        pc->left = 15;
        pc->right = t->page_w - 15;
    }
    return rc;
}

/* ---- drawing primitives (mm, top-left origin) ---- */

static double page_h(const page_ctx *pc) { return pc->t->page_h; }

static void rect_path(page_ctx *pc, dc_box_mm b)
{
    HPDF_Page_Rectangle(pc->page, (HPDF_REAL)dc_mm_to_pt(b.x), (HPDF_REAL)dc_pdf_y(page_h(pc), b.y + b.h),
                        (HPDF_REAL)dc_mm_to_pt(b.w), (HPDF_REAL)dc_mm_to_pt(b.h));
}

static void fill_rect(page_ctx *pc, dc_box_mm b, double grey)
{
    HPDF_Page_SetGrayFill(pc->page, (HPDF_REAL)grey);
    rect_path(pc, b);
    HPDF_Page_Fill(pc->page);
}

static void stroke_rect(page_ctx *pc, dc_box_mm b, double grey, double line_pt)
{
    HPDF_Page_SetGrayStroke(pc->page, (HPDF_REAL)grey);
    HPDF_Page_SetLineWidth(pc->page, (HPDF_REAL)line_pt);
    rect_path(pc, b);
    HPDF_Page_Stroke(pc->page);
}

static void line(page_ctx *pc, double x1, double y1, double x2, double y2, double grey, double line_pt)
{
    HPDF_Page_SetGrayStroke(pc->page, (HPDF_REAL)grey);
    HPDF_Page_SetLineWidth(pc->page, (HPDF_REAL)line_pt);
    HPDF_Page_MoveTo(pc->page, (HPDF_REAL)dc_mm_to_pt(x1), (HPDF_REAL)dc_pdf_y(page_h(pc), y1));
    HPDF_Page_LineTo(pc->page, (HPDF_REAL)dc_mm_to_pt(x2), (HPDF_REAL)dc_pdf_y(page_h(pc), y2));
    HPDF_Page_Stroke(pc->page);
}

static double font_ascent_mm(const text_style *st)
{
    return pt_to_mm(HPDF_Font_GetAscent(st->font) / 1000.0 * st->size);
}

static double font_height_mm(const text_style *st)
{
    return pt_to_mm((HPDF_Font_GetAscent(st->font) - HPDF_Font_GetDescent(st->font)) / 1000.0 * st->size);
}

static double cap_height_mm(const text_style *st)
{
    return pt_to_mm(HPDF_Font_GetCapHeight(st->font) / 1000.0 * st->size);
}

static double text_width_mm(page_ctx *pc, const text_style *st, const char *s)
{
    HPDF_Page_SetFontAndSize(pc->page, st->font, (HPDF_REAL)st->size);
    return pt_to_mm(HPDF_Page_TextWidth(pc->page, s));
}

/* Draws one line of text whose box's top-left is (x, top), after checking that the box keeps clear
 * of everything the scanner reads. `what` names the text in the error. */
static int put_text(page_ctx *pc, double x, double top, const text_style *st, const char *s, const char *what)
{
    if (!s || !*s)
        return DC_OK;
    dc_box_mm box = {x, top, text_width_mm(pc, st, s), font_height_mm(st)};
    dc_box_mm padded = grow(box, TEXT_GAP_MM / 2);
    for (size_t i = 0; i < pc->nkeep; i++)
        if (overlaps(&padded, &pc->keep_clear[i].box))
            return dc_error_set(DC_ERR_TEMPLATE, "%s: %s \"%s\" would overlap %s at (%.1f, %.1f) mm", pc->t->path,
                                what, s, pc->keep_clear[i].what, pc->keep_clear[i].box.x, pc->keep_clear[i].box.y);
    if (box.x + box.w > pc->t->page_w || box.y + box.h > pc->t->page_h)
        return dc_error_set(DC_ERR_TEMPLATE, "%s: %s \"%s\" runs off the page", pc->t->path, what, s);
    HPDF_Page_SetGrayFill(pc->page, (HPDF_REAL)st->grey);
    HPDF_Page_BeginText(pc->page);
    HPDF_Page_SetFontAndSize(pc->page, st->font, (HPDF_REAL)st->size);
    HPDF_Page_TextOut(pc->page, (HPDF_REAL)dc_mm_to_pt(x), (HPDF_REAL)dc_pdf_y(page_h(pc), top + font_ascent_mm(st)), s);
    HPDF_Page_EndText(pc->page);
    return DC_OK;
}

/* Room for a label anchored at (x, y): up to the nearest obstacle to its right on its first line,
 * and down to the nearest obstacle below it within that width. */
static void label_room(const page_ctx *pc, double x, double y, double line_h, double *w, double *h)
{
    double right = pc->right;
    for (size_t i = 0; i < pc->nobst; i++) {
        const dc_box_mm *b = &pc->obstacles[i].box;
        if (fabs(b->x - x) < 0.01 && b->w < 0.1)
            continue; /* the label's own anchor */
        bool same_band = b->y < y + line_h && y < b->y + b->h;
        if (same_band && b->x > x + 0.5 && b->x - 2.0 < right)
            right = b->x - 2.0;
    }
    double bottom = pc->t->page_h;
    for (size_t i = 0; i < pc->nobst; i++) {
        const dc_box_mm *b = &pc->obstacles[i].box;
        if (fabs(b->x - x) < 0.01 && b->w < 0.1)
            continue;
        bool same_column = b->x < right && x < b->x + b->w;
        if (same_column && b->y > y + 0.5 && b->y - TEXT_GAP_MM < bottom)
            bottom = b->y - TEXT_GAP_MM;
    }
    *w = right - x;
    *h = bottom - y;
}

/* A bilingual label at (x, top): Indonesian, then the English subtitle smaller, italic and grey,
 * on the same line when it fits, else below; shrunk a little if even that does not fit.
 * If center_y > 0 a one-line label is centred vertically on it (option and checkbox labels). */
static int put_label(page_ctx *pc, double x, double top, double center_y, const dc_label *l, const char *what)
{
    for (double id_pt = 8.5; id_pt >= 6.0; id_pt -= 0.5) {
        text_style id_st = {pc->fp->regular, id_pt, GREY_TEXT};
        text_style en_st = {pc->fp->italic, id_pt - 1.5, GREY_SUBTITLE};
        double room_w, room_h;
        label_room(pc, x, center_y > 0 ? center_y - font_height_mm(&id_st) / 2 : top, font_height_mm(&id_st),
                   &room_w, &room_h);
        double id_w = text_width_mm(pc, &id_st, l->id);
        double gap = 2.0;
        double en_w = l->en && *l->en ? text_width_mm(pc, &en_st, l->en) : 0;
        if (id_w + (en_w > 0 ? gap + en_w : 0) <= room_w) {
            /* One line, baselines aligned. */
            double base = center_y > 0 ? center_y + cap_height_mm(&id_st) / 2 : top + font_ascent_mm(&id_st);
            if (center_y <= 0 && font_height_mm(&id_st) > room_h)
                continue;
            int rc = put_text(pc, x, base - font_ascent_mm(&id_st), &id_st, l->id, what);
            if (rc == DC_OK && en_w > 0)
                rc = put_text(pc, x + id_w + gap, base - font_ascent_mm(&en_st), &en_st, l->en, what);
            return rc;
        }
        double two_h = font_height_mm(&id_st) + font_height_mm(&en_st) - 0.3;
        double two_top = center_y > 0 ? center_y - two_h / 2 : top;
        if (center_y > 0)
            label_room(pc, x, two_top, two_h, &room_w, &room_h);
        if (id_w <= room_w && en_w <= room_w && two_h <= room_h) {
            int rc = put_text(pc, x, two_top, &id_st, l->id, what);
            if (rc == DC_OK)
                rc = put_text(pc, x, two_top + font_height_mm(&id_st) - 0.3, &en_st, l->en, what);
            return rc;
        }
    }
    return dc_error_set(DC_ERR_TEMPLATE, "%s: %s \"%s\" does not fit at (%.1f, %.1f) mm before the next box or label",
                        pc->t->path, what, l->id, x, top);
}

/* ---- page parts ---- */

static int draw_marks(page_ctx *pc)
{
    for (size_t i = 0; i < pc->t->nmarks; i++)
        fill_rect(pc, pc->t->marks[i].box, 0.0);
    return DC_OK;
}

static int draw_qr(page_ctx *pc, const char *payload)
{
    QRcode *qr = QRcode_encodeString(payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr)
        return dc_error_set(DC_ERR_PDF_OUTPUT, "libqrencode cannot encode \"%s\": %s", payload, strerror(errno));
    const dc_box_mm *b = &pc->t->qr;
    double side = b->w < b->h ? b->w : b->h;
    double module = side / (qr->width + 8); /* 4-module quiet zone on each side */
    double x0 = b->x + 4 * module, y0 = b->y + 4 * module;
    HPDF_Page_SetGrayFill(pc->page, 0.0);
    for (int r = 0; r < qr->width; r++) {
        int c = 0;
        while (c < qr->width) {
            if (!(qr->data[r * qr->width + c] & 1)) {
                c++;
                continue;
            }
            int start = c;
            while (c < qr->width && (qr->data[r * qr->width + c] & 1))
                c++;
            /* Runs of dark modules as one rectangle: no hairline seams between modules. */
            rect_path(pc, (dc_box_mm){x0 + start * module, y0 + r * module, (c - start) * module, module});
        }
    }
    HPDF_Page_Fill(pc->page);
    QRcode_free(qr);
    return DC_OK;
}

static int draw_header(page_ctx *pc, const char *serial, int sheets)
{
    const dc_template *t = pc->t;
    dc_formprint *fp = pc->fp;
    double top = 0;
    for (size_t i = 0; i < t->nmarks; i++)
        if (t->marks[i].box.y < t->page_h / 2 && t->marks[i].box.y + t->marks[i].box.h > top)
            top = t->marks[i].box.y + t->marks[i].box.h;
    top += MARK_CLEARANCE_MM + 0.8;
    double x = pc->left;

    text_style city = {fp->bold, 11.5, GREY_TEXT};
    text_style agency = {fp->bold, 10, GREY_TEXT};
    text_style sop = {fp->regular, 8.5, GREY_TEXT};
    text_style title = {fp->bold, 15, GREY_TEXT};
    text_style subtitle = {fp->italic, 10, GREY_SUBTITLE};
    text_style serial_st = {fp->bold, 12, GREY_TEXT};
    text_style small = {fp->regular, 7, GREY_SUBTITLE};

    int rc = put_text(pc, x, top, &city, "PEMERINTAH KOTA PONTIANAK", "the header");
    if (rc == DC_OK)
        rc = put_text(pc, x, top + 5.0, &agency, "DINAS KOMUNIKASI DAN INFORMATIKA", "the header");
    if (rc == DC_OK)
        rc = put_text(pc, x, top + 9.6, &sop, "SOP 111/TKPBET.DKI/2020 \u2013 Prosedur Akses Ruang Data Center",
                      "the header");
    double rule_y = top + 14.2;
    if (rc == DC_OK)
        line(pc, x, rule_y, t->qr.x - 4, rule_y, 0.0, 0.8);
    if (rc == DC_OK)
        rc = put_text(pc, x, rule_y + 2.0, &title, t->title.id, "the form title");
    if (rc == DC_OK)
        rc = put_text(pc, x, rule_y + 8.6, &subtitle, t->title.en, "the form title");

    /* Serial under the QR, right-aligned to it, so a person sees the number the QR carries. */
    char no[32], page_text[96];
    snprintf(no, sizeof no, "No. %s", serial);
    double qr_right = t->qr.x + t->qr.w;
    if (rc == DC_OK)
        rc = put_text(pc, qr_right - text_width_mm(pc, &serial_st, no), t->qr.y + t->qr.h + 0.8, &serial_st, no,
                      "the serial number");
    if (sheets > 0)
        snprintf(page_text, sizeof page_text, "Halaman %d dari %d / Page %d of %d", t->sheet_page, sheets,
                 t->sheet_page, sheets);
    else
        snprintf(page_text, sizeof page_text, "Halaman %d / Page %d", t->sheet_page, t->sheet_page);
    /* Page number top right, on the row of the top marks, clear of them. */
    double mark_mid = 0;
    for (size_t i = 0; i < t->nmarks; i++)
        if (t->marks[i].role == DC_MARK_TOP_RIGHT)
            mark_mid = t->marks[i].box.y + t->marks[i].box.h / 2;
    if (rc == DC_OK && mark_mid > 0)
        rc = put_text(pc, qr_right - 1.0 - text_width_mm(pc, &small, page_text),
                      mark_mid + cap_height_mm(&small) / 2 - font_ascent_mm(&small), &small, page_text,
                      "the page number");
    return rc;
}

static int draw_footer(page_ctx *pc, const char *serial, int sheets)
{
    const dc_template *t = pc->t;
    dc_formprint *fp = pc->fp;
    double bottom_marks = t->page_h, mark_h = 0;
    for (size_t i = 0; i < t->nmarks; i++)
        if (t->marks[i].box.y > t->page_h / 2 && t->marks[i].box.y < bottom_marks) {
            bottom_marks = t->marks[i].box.y;
            mark_h = t->marks[i].box.h;
        }
    text_style id_st = {fp->bold, 8, GREY_TEXT};
    text_style en_st = {fp->italic, 7.5, GREY_SUBTITLE};
    text_style small = {fp->regular, 7, GREY_SUBTITLE};
    /* Instructions just above the bottom marks' clearance; the page line between the bottom marks. */
    double top = bottom_marks - MARK_CLEARANCE_MM - TEXT_GAP_MM - (3.6 + font_height_mm(&en_st));
    line(pc, pc->left, top - 1.5, pc->right, top - 1.5, GREY_RULE, 0.4);
    int rc = put_text(pc, pc->left, top, &id_st,
                      "Isi dengan HURUF KAPITAL dan tinta hitam/biru. Satu huruf/angka per kotak.", "the footer");
    if (rc == DC_OK)
        rc = put_text(pc, pc->left, top + 3.6, &en_st,
                      "Fill in with BLOCK CAPITALS in black/blue ink, one character per box.", "the footer");
    char info[160];
    if (sheets > 0)
        snprintf(info, sizeof info, "No. %s  \u00b7  Halaman %d dari %d / Page %d of %d  \u00b7  %s v%d", serial,
                 t->sheet_page, sheets, t->sheet_page, sheets, t->form, t->version);
    else
        snprintf(info, sizeof info, "No. %s  \u00b7  Halaman %d / Page %d  \u00b7  %s v%d", serial, t->sheet_page,
                 t->sheet_page, t->form, t->version);
    double info_top = bottom_marks + mark_h / 2 + cap_height_mm(&small) / 2 - font_ascent_mm(&small);
        rc = put_text(pc, (t->page_w - text_width_mm(pc, &small, info)) / 2, info_top, &small, info, "the footer");
    return rc;
}

static int draw_sections(page_ctx *pc)
{
    text_style id_st = {pc->fp->bold, 9, GREY_TEXT};
    text_style en_st = {pc->fp->italic, 7.5, GREY_SUBTITLE};
    int rc = DC_OK;
    for (size_t i = 0; i < pc->t->ntexts && rc == DC_OK; i++) {
        const dc_text *tx = &pc->t->texts[i];
        fill_rect(pc, tx->box, GREY_SECTION_FILL);
        double mid = tx->box.y + tx->box.h / 2;
        double base = mid + cap_height_mm(&id_st) / 2;
        double x = tx->box.x + 2.0;
        rc = put_text(pc, x, base - font_ascent_mm(&id_st), &id_st, tx->id, "a section title");
        if (rc == DC_OK && tx->en)
            rc = put_text(pc, x + text_width_mm(pc, &id_st, tx->id) + 3.0, base - font_ascent_mm(&en_st), &en_st,
                          tx->en, "a section title");
    }
    return rc;
}

/* Separators printed in the gap between cell groups: "/" in a date, ":" in a time. */
static int draw_comb(page_ctx *pc, const dc_field *f)
{
    for (size_t c = 0; c < f->ncells; c++)
        stroke_rect(pc, f->cells[c], GREY_COMB, LINE_COMB);
    const char *sep = f->type == DC_FIELD_DATE ? "/" : f->type == DC_FIELD_TIME ? ":" : NULL;
    if (!sep)
        return DC_OK;
    text_style st = {pc->fp->bold, 11, GREY_SUBTITLE};
    for (size_t c = 1; c < f->ncells; c++) {
        const dc_box_mm *a = &f->cells[c - 1], *b = &f->cells[c];
        double gap = b->x - (a->x + a->w);
        double w = text_width_mm(pc, &st, sep);
        if (gap < w + 2 * TEXT_GAP_MM + 0.4)
            continue; /* cells of one group */
        double x = a->x + a->w + (gap - w) / 2;
        double base = a->y + a->h / 2 + cap_height_mm(&st) / 2;
        char what[96];
        snprintf(what, sizeof what, "field \"%s\": separator", f->id);
        int rc = put_text(pc, x, base - font_ascent_mm(&st), &st, sep, what);
        if (rc)
            return rc;
    }
    return DC_OK;
}

static int draw_field(page_ctx *pc, const dc_field *f)
{
    int rc = DC_OK;
    bool has_label_pos = f->label.id && (f->label.x > 0 || f->label.y > 0);
    char what[160], option_what[160];
    snprintf(what, sizeof what, "field \"%s\": label", f->id);
    switch (f->type) {
    case DC_FIELD_TEXT:
    case DC_FIELD_DIGITS:
    case DC_FIELD_DATE:
    case DC_FIELD_TIME:
        if (f->ncells > 0)
            rc = draw_comb(pc, f);
        else if (f->has_zone && has_label_pos)
            stroke_rect(pc, f->zone, GREY_ZONE, LINE_ZONE); /* free text with its own label (not a table cell) */
        break;
    case DC_FIELD_CHOICE:
        for (size_t o = 0; o < f->noptions && rc == DC_OK; o++) {
            const dc_option *op = &f->options[o];
            stroke_rect(pc, op->box, GREY_CHECKBOX, LINE_CHECKBOX);
            if (op->label.id) {
                snprintf(option_what, sizeof option_what, "field \"%s\": option \"%s\" label", f->id, op->value);
                rc = put_label(pc, op->box.x + op->box.w + 1.8, op->box.y, op->box.y + op->box.h / 2, &op->label,
                               option_what);
            }
        }
        break;
    case DC_FIELD_CHECKBOX:
        stroke_rect(pc, f->box, GREY_CHECKBOX, LINE_CHECKBOX);
        break;
    case DC_FIELD_SIGNATURE:
        stroke_rect(pc, f->zone, GREY_ZONE, LINE_ZONE);
        break;
    }
    if (rc == DC_OK && has_label_pos) {
        /* A checkbox label sits beside its box: centre it on the box when it is one line. */
        bool beside_box = f->type == DC_FIELD_CHECKBOX && fabs(f->label.y - f->box.y) < f->box.h;
        rc = put_label(pc, f->label.x, f->label.y, beside_box ? f->box.y + f->box.h / 2 : 0, &f->label, what);
    }
    return rc;
}

static int draw_table(page_ctx *pc)
{
    const dc_table *tb = &pc->t->table;
    double w = 0;
    for (size_t c = 0; c < tb->ncolumns; c++)
        w += tb->columns[c].w;
    double h = tb->header_h + tb->rows * tb->row_h;
    fill_rect(pc, (dc_box_mm){tb->x, tb->y, w, tb->header_h}, GREY_HEADER_FILL);
    for (int r = 1; r <= tb->rows; r++) {
        double y = tb->y + tb->header_h + (r - 1) * tb->row_h;
        line(pc, tb->x, y, tb->x + w, y, GREY_RULE, r == 1 ? 0.8 : LINE_RULE);
    }
    double x = tb->x;
    for (size_t c = 1; c < tb->ncolumns; c++) {
        x += tb->columns[c - 1].w;
        line(pc, x, tb->y, x, tb->y + h, GREY_RULE, LINE_RULE);
    }
    stroke_rect(pc, (dc_box_mm){tb->x, tb->y, w, h}, GREY_RULE, 0.8);

    text_style id_st = {pc->fp->bold, 7.5, GREY_TEXT};
    text_style en_st = {pc->fp->italic, 6.5, GREY_SUBTITLE};
    text_style no_st = {pc->fp->regular, 9, GREY_SUBTITLE};
    int rc = DC_OK;
    x = tb->x;
    for (size_t c = 0; c < tb->ncolumns && rc == DC_OK; c++) {
        const dc_table_column *col = &tb->columns[c];
        bool same = col->en && strcmp(col->id, col->en) == 0;
        double lines_h = font_height_mm(&id_st) + (same ? 0 : font_height_mm(&en_st) - 0.3);
        double top = tb->y + (tb->header_h - lines_h) / 2;
        rc = put_text(pc, x + (col->w - text_width_mm(pc, &id_st, col->id)) / 2, top, &id_st, col->id,
                      "a column title");
        if (rc == DC_OK && !same && col->en)
            rc = put_text(pc, x + (col->w - text_width_mm(pc, &en_st, col->en)) / 2,
                          top + font_height_mm(&id_st) - 0.3, &en_st, col->en, "a column title");
        if (rc == DC_OK && strcmp(col->key, "no") == 0) {
            for (int r = 1; r <= tb->rows && rc == DC_OK; r++) {
                char num[16];
                snprintf(num, sizeof num, "%d", r);
                double mid = tb->y + tb->header_h + (r - 0.5) * tb->row_h;
                rc = put_text(pc, x + (col->w - text_width_mm(pc, &no_st, num)) / 2,
                              mid + cap_height_mm(&no_st) / 2 - font_ascent_mm(&no_st), &no_st, num, "a row number");
            }
        }
        x += col->w;
    }
    return rc;
}

int dc_formprint_add_page(dc_formprint *fp, const dc_template *t, const char *serial, HPDF_Page *page_out)
{
    if (page_out)
        *page_out = NULL;
    if (!fp || !t || !serial)
        return dc_error_set(DC_ERR_INVALID_ARG, "dc_formprint_add_page: NULL argument");
    char payload[128];
    int rc = dc_qr_format(payload, sizeof payload, t->form, t->version, serial, t->sheet_page);
    if (rc)
        return rc;
    int sheets = sheet_count(fp);
    page_ctx pc = {.fp = fp, .t = t};
    pc.page = HPDF_AddPage(fp->pdf.doc);
    if (!pc.page) {
        rc = dc_pdfdoc_check(&fp->pdf, "new page");
        return rc ? rc : dc_error_set(DC_ERR_PDF_OUTPUT, "libharu: cannot add a page");
    }
    HPDF_Page_SetWidth(pc.page, (HPDF_REAL)dc_mm_to_pt(t->page_w));
    HPDF_Page_SetHeight(pc.page, (HPDF_REAL)dc_mm_to_pt(t->page_h));

    if ((rc = collect_areas(&pc)))
        goto done;
    if ((rc = draw_marks(&pc)) || (rc = draw_qr(&pc, payload)) || (rc = draw_header(&pc, serial, sheets)) ||
        (rc = draw_sections(&pc)))
        goto done;
    if (t->table.present && (rc = draw_table(&pc)))
        goto done;
    for (size_t i = 0; i < t->nfields; i++)
        if ((rc = draw_field(&pc, &t->fields[i])))
            goto done;
    if ((rc = draw_footer(&pc, serial, sheets)))
        goto done;
    /* Leave the page in a plain state for callers that draw values on it. */
    HPDF_Page_SetGrayFill(pc.page, 0.0);
    HPDF_Page_SetGrayStroke(pc.page, 0.0);
    HPDF_Page_SetLineWidth(pc.page, 1.0);
    rc = dc_pdfdoc_check(&fp->pdf, t->path);
done:
    free(pc.keep_clear);
    free(pc.obstacles);
    if (rc == DC_OK && page_out)
        *page_out = pc.page;
    return rc;
}

/* ---- saving ---- */

int dc_formprint_save(dc_formprint *fp, const char *path)
{
    char *dir = dc_strdup(path);
    if (!dir)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    char *slash = strrchr(dir, '/');
    int rc = DC_OK;
    if (slash && slash != dir) {
        *slash = '\0';
        rc = dc_mkdirs(dir);
        if (rc)
            rc = dc_error_wrap(rc, "cannot create the folder for %s: ", path);
    }
    free(dir);
    if (rc)
        return rc;
    return dc_pdfdoc_save(&fp->pdf, path);
}
