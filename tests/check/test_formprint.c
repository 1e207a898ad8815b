/* test_formprint: printed forms put every box where the template says, carry the right QR and text. */
#include "dc_error.h"
#include "dc_formprint.h"
#include "dc_template.h"
#include "dc_testutil.h"
#include "dc_util.h"

#include <check.h>
#include <jansson.h>
#include <leptonica/allheaders.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DPI 300.0
#define PX_PER_MM (DPI / 25.4)
#define SEARCH_MM 1.5   /* look for an edge this far either side of where the template puts it */
#define TOLERANCE_MM 0.5
#define SERIAL "000123"

/* Printed once for the whole suite (unchecked fixture): one set, rendered at 300 dpi greyscale. */
static char *g_dir;
static char *g_pdf;
static dc_template_set *g_set;

static char *path_in(const char *dir, const char *name)
{
    return dc_asprintf("%s/%s", dir, name);
}

/* Runs a shell command and returns its stdout (caller frees), or NULL if it failed. */
static char *run_capture(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len - 1, p)) > 0) {
        len += n;
        if (cap - len < 2) {
            char *grown = realloc(buf, cap * 2);
            if (!grown) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = grown;
            cap *= 2;
        }
    }
    int status = pclose(p);
    if (!buf)
        return NULL;
    buf[len] = '\0';
    if (status != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

static void print_set_once(void)
{
    g_dir = dc_test_tmpdir("formprint");
    ck_assert_ptr_nonnull(g_dir);
    ck_assert_int_eq(dc_template_set_load(&g_set, NULL), DC_OK);
    dc_formprint *fp = NULL;
    ck_assert_int_eq(dc_formprint_new(&fp), DC_OK);
    const char *forms[] = {"access", "checklist"};
    for (int i = 0; i < 2; i++) {
        const dc_template *t = dc_template_set_latest(g_set, forms[i]);
        ck_assert_ptr_nonnull(t);
        HPDF_Page page = NULL;
        int rc = dc_formprint_add_page(fp, t, SERIAL, &page);
        ck_assert_msg(rc == DC_OK, "add_page %s: %s", forms[i], dc_error_detail());
        ck_assert_ptr_nonnull(page);
    }
    g_pdf = path_in(g_dir, "set.pdf");
    ck_assert_int_eq(dc_formprint_save(fp, g_pdf), DC_OK);
    dc_formprint_free(fp);
    char *cmd = dc_asprintf("pdftoppm -r 300 -gray '%s' '%s/page' 2>/dev/null", g_pdf, g_dir);
    ck_assert_int_eq(system(cmd), 0);
    free(cmd);
}

static void remove_set(void)
{
    dc_template_set_free(g_set);
    g_set = NULL;
    free(g_pdf);
    dc_test_rmtree(g_dir);
    free(g_dir);
}

static PIX *read_page(int page)
{
    char name[32];
    snprintf(name, sizeof name, "page-%d.pgm", page);
    char *p = path_in(g_dir, name);
    PIX *pix = pixRead(p);
    free(p);
    ck_assert_ptr_nonnull(pix);
    ck_assert_int_eq(pixGetDepth(pix), 8);
    return pix;
}

/* ---- edge finding ---- */

typedef enum edge { EDGE_LEFT, EDGE_RIGHT, EDGE_TOP, EDGE_BOTTOM } edge;
static const char *edge_name[] = {"left", "right", "top", "bottom"};

/* Mean grey level profile across one edge of `b`: positions (px) from the expected edge − SEARCH_MM
 * to + SEARCH_MM, averaged along the middle half of the edge (away from corners and neighbours). */
static int edge_profile(PIX *pix, const dc_box_mm *b, edge e, double *prof, int maxn, int *first_px)
{
    bool vertical = e == EDGE_LEFT || e == EDGE_RIGHT;
    double at = e == EDGE_LEFT ? b->x : e == EDGE_RIGHT ? b->x + b->w : e == EDGE_TOP ? b->y : b->y + b->h;
    double along0 = vertical ? b->y + b->h * 0.25 : b->x + b->w * 0.25;
    double along1 = vertical ? b->y + b->h * 0.75 : b->x + b->w * 0.75;
    int lo = (int)floor((at - SEARCH_MM) * PX_PER_MM), hi = (int)ceil((at + SEARCH_MM) * PX_PER_MM);
    int a0 = (int)(along0 * PX_PER_MM), a1 = (int)(along1 * PX_PER_MM);
    int w = (int)pixGetWidth(pix), h = (int)pixGetHeight(pix), wpl = pixGetWpl(pix);
    l_uint32 *data = pixGetData(pix);
    int n = 0;
    for (int p = lo; p <= hi && n < maxn; p++, n++) {
        double sum = 0;
        int cnt = 0;
        for (int a = a0; a <= a1; a++) {
            int x = vertical ? p : a, y = vertical ? a : p;
            if (x < 0 || y < 0 || x >= w || y >= h)
                continue;
            sum += GET_DATA_BYTE(data + y * wpl, x);
            cnt++;
        }
        prof[n] = cnt ? sum / cnt : 255;
    }
    *first_px = lo;
    return n;
}

/* An outlined box: the printed line is the darkest local minimum near the expected edge (the one
 * nearest to it when neighbouring cells' lines also fall in the window); sub-pixel by the centroid
 * of darkness around it. Returns false when no line darker than `max_grey` is there. */
static bool find_line(PIX *pix, const dc_box_mm *b, edge e, double max_grey, double *pos_mm)
{
    double prof[128];
    int first;
    int n = edge_profile(pix, b, e, prof, 128, &first);
    double at = e == EDGE_LEFT ? b->x : e == EDGE_RIGHT ? b->x + b->w : e == EDGE_TOP ? b->y : b->y + b->h;
    int best = -1;
    double best_dist = 1e9;
    for (int i = 1; i + 1 < n; i++) {
        if (prof[i] > max_grey || prof[i] > prof[i - 1] || prof[i] > prof[i + 1])
            continue;
        double d = fabs((first + i + 0.5) / PX_PER_MM - at);
        if (d < best_dist) {
            best_dist = d;
            best = i;
        }
    }
    if (best < 0)
        return false;
    double wsum = 0, psum = 0;
    for (int i = best - 2; i <= best + 2; i++) {
        if (i < 0 || i >= n)
            continue;
        double ink = 255.0 - prof[i];
        wsum += ink;
        psum += ink * (first + i + 0.5);
    }
    *pos_mm = psum / wsum / PX_PER_MM;
    return true;
}

/* A solid square: the edge is where the profile crosses half-way between paper and ink. */
static bool find_solid_edge(PIX *pix, const dc_box_mm *b, edge e, double *pos_mm)
{
    double prof[128];
    int first;
    int n = edge_profile(pix, b, e, prof, 128, &first);
    double at = e == EDGE_LEFT ? b->x : e == EDGE_RIGHT ? b->x + b->w : e == EDGE_TOP ? b->y : b->y + b->h;
    double lo = 255, hi = 0;
    for (int i = 0; i < n; i++) {
        lo = prof[i] < lo ? prof[i] : lo;
        hi = prof[i] > hi ? prof[i] : hi;
    }
    if (hi - lo < 128)
        return false;
    double mid = (lo + hi) / 2, best_dist = 1e9;
    bool found = false;
    for (int i = 0; i + 1 < n; i++) {
        if ((prof[i] - mid) * (prof[i + 1] - mid) > 0 || prof[i] == prof[i + 1])
            continue;
        double frac = (prof[i] - mid) / (prof[i] - prof[i + 1]);
        double px = first + i + 0.5 + frac;
        double d = fabs(px / PX_PER_MM - at);
        if (d < best_dist) {
            best_dist = d;
            *pos_mm = px / PX_PER_MM;
            found = true;
        }
    }
    return found;
}

/* Checks the 4 edges of a box; returns how many were found within tolerance (failures are reported). */
static int check_box(PIX *pix, const dc_template *t, const char *what, size_t index, const dc_box_mm *b, bool solid,
                     double *worst_mm)
{
    int ok = 0;
    for (int e = EDGE_LEFT; e <= EDGE_BOTTOM; e++) {
        double expected = e == EDGE_LEFT ? b->x : e == EDGE_RIGHT ? b->x + b->w : e == EDGE_TOP ? b->y : b->y + b->h;
        double got = -1;
        /* Comb lines are light (grey 0.55, ~140/255); anything darker than 230 in the mean is a line. */
        bool found = solid ? find_solid_edge(pix, b, (edge)e, &got) : find_line(pix, b, (edge)e, 230, &got);
        ck_assert_msg(found, "%s %s[%zu]: no %s edge printed near %.2f mm", t->form, what, index, edge_name[e],
                      expected);
        double err = fabs(got - expected);
        ck_assert_msg(err <= TOLERANCE_MM, "%s %s[%zu]: %s edge at %.2f mm, template says %.2f mm", t->form, what,
                      index, edge_name[e], got, expected);
        if (err > *worst_mm)
            *worst_mm = err;
        ok++;
    }
    return ok;
}

/* Every cell, option box, checkbox, signature/free-text zone and registration mark of a template. */
static int check_all_boxes(PIX *pix, const dc_template *t, int *nboxes, double *worst_mm)
{
    int edges = 0;
    *nboxes = 0;
    for (size_t i = 0; i < t->nmarks; i++, (*nboxes)++)
        edges += check_box(pix, t, "mark", i, &t->marks[i].box, true, worst_mm);
    for (size_t i = 0; i < t->nfields; i++) {
        const dc_field *f = &t->fields[i];
        for (size_t c = 0; c < f->ncells; c++, (*nboxes)++)
            edges += check_box(pix, t, f->id, c, &f->cells[c], false, worst_mm);
        for (size_t o = 0; o < f->noptions; o++, (*nboxes)++)
            edges += check_box(pix, t, f->id, o, &f->options[o].box, false, worst_mm);
        if (f->type == DC_FIELD_CHECKBOX) {
            edges += check_box(pix, t, f->id, 0, &f->box, false, worst_mm);
            (*nboxes)++;
        }
        /* Signature zones and labelled free-text zones are drawn; table-cell text zones are bounded
         * by the table rules (1 mm outside the zone) and are not boxes of their own. */
        bool drawn_zone = f->type == DC_FIELD_SIGNATURE || (f->has_zone && (f->label.x > 0 || f->label.y > 0));
        if (drawn_zone) {
            edges += check_box(pix, t, f->id, 0, &f->zone, false, worst_mm);
            (*nboxes)++;
        }
    }
    return edges;
}

static int expected_boxes(const dc_template *t)
{
    int n = (int)t->nmarks;
    for (size_t i = 0; i < t->nfields; i++) {
        const dc_field *f = &t->fields[i];
        n += (int)f->ncells + (int)f->noptions + (f->type == DC_FIELD_CHECKBOX);
        n += f->type == DC_FIELD_SIGNATURE || (f->has_zone && (f->label.x > 0 || f->label.y > 0));
    }
    return n;
}

START_TEST(test_every_box_of_the_access_form_is_printed_where_the_template_says)
{
    const dc_template *t = dc_template_set_latest(g_set, "access");
    PIX *pix = read_page(1);
    /* A4 at 300 dpi (pdftoppm rounds 2480.3 up): the page is the template's size. */
    ck_assert_double_eq_tol(pixGetWidth(pix), t->page_w * PX_PER_MM, 1.0);
    ck_assert_double_eq_tol(pixGetHeight(pix), t->page_h * PX_PER_MM, 1.0);
    int nboxes = 0;
    double worst = 0;
    int edges = check_all_boxes(pix, t, &nboxes, &worst);
    /* v1: 5 marks, 172 comb cells, 12 option boxes, 2 checkboxes, 2 signature zones + 1 text zone. */
    ck_assert_int_eq(nboxes, expected_boxes(t));
    if (t->version == 1)
        ck_assert_int_eq(nboxes, 194);
    ck_assert_int_eq(edges, 4 * nboxes);
    fprintf(stderr, "formprint: access: %d boxes, %d edges, worst edge error %.3f mm\n", nboxes, edges, worst);
    pixDestroy(&pix);
}
END_TEST

START_TEST(test_every_box_of_the_checklist_is_printed_where_the_template_says)
{
    const dc_template *t = dc_template_set_latest(g_set, "checklist");
    PIX *pix = read_page(2);
    int nboxes = 0;
    double worst = 0;
    int edges = check_all_boxes(pix, t, &nboxes, &worst);
    /* v1: 5 marks, 16 in/out checkboxes, 2 signature zones. */
    ck_assert_int_eq(nboxes, expected_boxes(t));
    if (t->version == 1)
        ck_assert_int_eq(nboxes, 23);
    ck_assert_int_eq(edges, 4 * nboxes);
    fprintf(stderr, "formprint: checklist: %d boxes, %d edges, worst edge error %.3f mm\n", nboxes, edges, worst);
    pixDestroy(&pix);
}
END_TEST

/* The edge finder is not vacuous: a box 1 mm off a printed comb cell, or one on blank paper, fails. */
START_TEST(test_edge_finder_rejects_boxes_that_are_not_printed_there)
{
    const dc_template *t = dc_template_set_latest(g_set, "access");
    const dc_field *f = dc_template_field(t, "visitor_name");
    ck_assert_ptr_nonnull(f);
    PIX *pix = read_page(1);
    dc_box_mm shifted = f->cells[3];
    shifted.x += 1.0;
    double got = 0;
    ck_assert(find_line(pix, &shifted, EDGE_LEFT, 230, &got));
    ck_assert_msg(fabs(got - shifted.x) > TOLERANCE_MM, "found a line at %.2f for a box at %.2f", got, shifted.x);
    dc_box_mm blank = {100, t->page_h - 40, 5, 6}; /* between the signature zones and the footer */
    ck_assert(!find_line(pix, &blank, EDGE_LEFT, 230, &got));
    ck_assert(!find_solid_edge(pix, &blank, EDGE_TOP, &got));
    pixDestroy(&pix);
}
END_TEST

START_TEST(test_each_page_qr_decodes_to_form_version_serial_and_page)
{
    const char *forms[] = {"access", "checklist"};
    for (int page = 1; page <= 2; page++) {
        const dc_template *t = dc_template_set_latest(g_set, forms[page - 1]);
        char *cmd = dc_asprintf("zbarimg --raw -q '%s/page-%d.pgm' 2>/dev/null", g_dir, page);
        char *out = run_capture(cmd);
        free(cmd);
        ck_assert_ptr_nonnull(out);
        char expected[128];
        snprintf(expected, sizeof expected, "DCACCESS;form=%s;v=%d;serial=%s;page=%d\n", forms[page - 1], t->version,
                 SERIAL, page);
        ck_assert_str_eq(out, expected);
        char form[16], serial[16];
        int version = 0, sheet = 0;
        out[strcspn(out, "\n")] = '\0';
        ck_assert_int_eq(dc_qr_parse(out, form, sizeof form, &version, serial, sizeof serial, &sheet), DC_OK);
        ck_assert_str_eq(form, forms[page - 1]);
        ck_assert_int_eq(version, 1);
        ck_assert_str_eq(serial, SERIAL);
        ck_assert_int_eq(sheet, page);
        free(out);
    }
}
END_TEST

START_TEST(test_pdftotext_finds_header_titles_labels_and_serial)
{
    char *cmd = dc_asprintf("pdftotext -layout '%s' - 2>/dev/null", g_pdf);
    char *text = run_capture(cmd);
    free(cmd);
    ck_assert_ptr_nonnull(text);
    const char *want[] = {
        "PEMERINTAH KOTA PONTIANAK",
        "DINAS KOMUNIKASI DAN INFORMATIKA",
        "SOP 111/TKPBET.DKI/2020 \u2013 Prosedur Akses Ruang Data Center",
        "FORMULIR AKSES RUANG SERVER",
        "Server room access form",
        "CEKLIST PERANGKAT RUANG SERVER",
        "No. 000123",
        "Halaman 1 dari 2 / Page 1 of 2",
        "Halaman 2 dari 2 / Page 2 of 2",
        "Tanggal kunjungan (TT/BB/TTTT)",
        "Nama pengunjung (HURUF KAPITAL)",
        "Visitor name (BLOCK CAPITALS)",
        "Nomor tanda pengenal (NIK untuk KTP)",
        "Tanda tangan petugas operator",
        "Nomor seri",
        "Isi dengan HURUF KAPITAL dan tinta hitam/biru.",
        "Fill in with BLOCK CAPITALS in black/blue ink, one character per box.",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        ck_assert_msg(strstr(text, want[i]) != NULL, "pdftotext output lacks \"%s\"", want[i]);
    /* Two pages: exactly one form feed between and after them. */
    int pages = 0;
    for (const char *p = text; *p; p++)
        pages += *p == '\f';
    ck_assert_int_eq(pages, 2);
    free(text);
}
END_TEST

START_TEST(test_saving_under_a_file_fails_with_io_error_naming_the_path)
{
    char *dir = dc_test_tmpdir("formprint-bad");
    char *file = dc_test_write(dir, "plain.txt", "not a folder\n");
    char *bad = dc_asprintf("%s/sub/out.pdf", file);
    const dc_template *t = dc_template_set_latest(g_set, "access");
    dc_formprint *fp = NULL;
    ck_assert_int_eq(dc_formprint_new(&fp), DC_OK);
    ck_assert_int_eq(dc_formprint_add_page(fp, t, SERIAL, NULL), DC_OK);
    ck_assert_int_eq(dc_formprint_save(fp, bad), DC_ERR_IO);
    ck_assert_msg(strstr(dc_error_detail(), bad) != NULL, "detail \"%s\" does not name %s", dc_error_detail(), bad);
    /* The same document still saves to a good path afterwards. */
    char *good = dc_asprintf("%s/new/folder/out.pdf", dir);
    ck_assert_int_eq(dc_formprint_save(fp, good), DC_OK);
    unsigned char *data = NULL;
    size_t len = 0;
    ck_assert_int_eq(dc_read_file(good, &data, &len), DC_OK);
    ck_assert(len > 1000);
    ck_assert_int_eq(memcmp(data, "%PDF-", 5), 0);
    free(data);
    dc_formprint_free(fp);
    free(good);
    free(bad);
    free(file);
    dc_test_rmtree(dir);
    free(dir);
}
END_TEST

/* A label moved onto its comb cells is refused, naming the template file and the field. */
START_TEST(test_label_overlapping_cells_is_refused_naming_file_and_field)
{
    char *src = dc_test_src("forms/access.v1.json");
    json_error_t jerr;
    json_t *root = json_load_file(src, 0, &jerr);
    ck_assert_ptr_nonnull(root);
    json_t *fields = json_object_get(root, "fields");
    json_t *label = NULL;
    for (size_t i = 0; i < json_array_size(fields); i++) {
        json_t *f = json_array_get(fields, i);
        if (strcmp(json_string_value(json_object_get(f, "id")), "visitor_name") == 0)
            label = json_object_get(f, "label");
    }
    ck_assert_ptr_nonnull(label);
    /* Cells start at y = 79 mm; a label at 77.5 mm runs into them. */
    ck_assert_int_eq(json_object_set_new(label, "y_mm", json_real(77.5)), 0);
    char *dir = dc_test_tmpdir("formprint-overlap");
    char *path = path_in(dir, "access.v1.json");
    ck_assert_int_eq(json_dump_file(root, path, JSON_INDENT(1)), 0);
    json_decref(root);
    dc_template *t = NULL;
    ck_assert_int_eq(dc_template_load(&t, path), DC_OK);
    dc_formprint *fp = NULL;
    ck_assert_int_eq(dc_formprint_new(&fp), DC_OK);
    ck_assert_int_eq(dc_formprint_add_page(fp, t, SERIAL, NULL), DC_ERR_TEMPLATE);
    ck_assert_msg(strstr(dc_error_detail(), path) && strstr(dc_error_detail(), "visitor_name"),
                  "detail: %s", dc_error_detail());
    dc_formprint_free(fp);
    dc_template_free(t);
    free(path);
    dc_test_rmtree(dir);
    free(dir);
    free(src);
}
END_TEST

START_TEST(test_serial_is_six_digits_zero_padded)
{
    char buf[16];
    dc_serial_format(buf, 41);
    ck_assert_str_eq(buf, "000041");
    dc_serial_format(buf, 999999);
    ck_assert_str_eq(buf, "999999");
    ck_assert_double_eq_tol(dc_mm_to_pt(25.4), 72.0, 1e-9);
    ck_assert_double_eq_tol(dc_pdf_y(297.0, 297.0), 0.0, 1e-9);
    ck_assert_double_eq_tol(dc_pdf_y(297.0, 0.0), 297.0 * 72.0 / 25.4, 1e-9);
}
END_TEST

static Suite *formprint_suite(void)
{
    Suite *s = suite_create("formprint");
    TCase *rendered = tcase_create("rendered");
    tcase_add_unchecked_fixture(rendered, print_set_once, remove_set);
    tcase_set_timeout(rendered, 60);
    tcase_add_test(rendered, test_every_box_of_the_access_form_is_printed_where_the_template_says);
    tcase_add_test(rendered, test_every_box_of_the_checklist_is_printed_where_the_template_says);
    tcase_add_test(rendered, test_edge_finder_rejects_boxes_that_are_not_printed_there);
    tcase_add_test(rendered, test_each_page_qr_decodes_to_form_version_serial_and_page);
    tcase_add_test(rendered, test_pdftotext_finds_header_titles_labels_and_serial);
    tcase_add_test(rendered, test_saving_under_a_file_fails_with_io_error_naming_the_path);
    tcase_add_test(rendered, test_label_overlapping_cells_is_refused_naming_file_and_field);
    suite_add_tcase(s, rendered);
    TCase *units = tcase_create("units");
    tcase_add_test(units, test_serial_is_six_digits_zero_padded);
    suite_add_tcase(s, units);
    return s;
}

int main(void)
{
    setMsgSeverity(L_SEVERITY_NONE);
    SRunner *sr = srunner_create(formprint_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
