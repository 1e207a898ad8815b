/* test_samplegen: the sample corpus generator is deterministic, its truth matches the ink on the page,
 * its NIKs are valid (and its invalid-NIK mistake is not), and its expected findings follow the rules. */
#include "dc_error.h"
#include "dc_template.h"
#include "dc_testutil.h"
#include "dc_util.h"
#include "samplegen.h"
#include "sg_render.h"

#include <check.h>
#include <dirent.h>
#include <jansson.h>
#include <leptonica/allheaders.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int generate(const char *dir, uint64_t seed, int sets, const char *damage, bool extras)
{
    sg_options opt = SG_OPTIONS_INIT;
    opt.seed = seed;
    opt.sets = sets;
    opt.damage = damage;
    opt.extras = extras;
    opt.outdir = dir;
    snprintf(opt.date, sizeof opt.date, "2026-11-02");
    return sg_generate(&opt);
}

static bool file_equal(const char *a, const char *b)
{
    unsigned char *da = NULL, *db = NULL;
    size_t la = 0, lb = 0;
    bool eq = dc_read_file(a, &da, &la) == DC_OK && dc_read_file(b, &db, &lb) == DC_OK && la == lb &&
              memcmp(da, db, la) == 0;
    free(da);
    free(db);
    return eq;
}

/* Compares every file of dir a with its namesake in b; returns the number of files compared, -1 on a difference
 * (name in *bad). */
static int compare_dirs(const char *a, const char *b, char *bad, size_t badlen)
{
    DIR *d = opendir(a);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    for (e = readdir(d); e; e = readdir(d)) {
        if (e->d_name[0] == '.')
            continue;
        char pa[1024], pb[1024];
        snprintf(pa, sizeof pa, "%s/%s", a, e->d_name);
        snprintf(pb, sizeof pb, "%s/%s", b, e->d_name);
        if (!file_equal(pa, pb)) {
            snprintf(bad, badlen, "%s", e->d_name);
            n = -1;
            break;
        }
        n++;
    }
    closedir(d);
    return n;
}

START_TEST(test_same_seed_gives_byte_identical_images_and_truth)
{
    char *t1 = dc_test_tmpdir("sg1"), *t2 = dc_test_tmpdir("sg2"), *t3 = dc_test_tmpdir("sg3");
    ck_assert_int_eq(generate(t1, 11, 2, "clean", false), DC_OK);
    ck_assert_int_eq(generate(t2, 11, 2, "clean", false), DC_OK);
    ck_assert_int_eq(generate(t3, 12, 2, "clean", false), DC_OK);
    char bad[256] = "";
    /* 2 sets x 2 pages + truth.json + records.json */
    ck_assert_msg(compare_dirs(t1, t2, bad, sizeof bad) == 6, "same seed, different %s", bad);
    char a[1024], b[1024];
    snprintf(a, sizeof a, "%s/truth.json", t1);
    snprintf(b, sizeof b, "%s/truth.json", t3);
    ck_assert_msg(!file_equal(a, b), "a different seed gave the same truth");
    snprintf(a, sizeof a, "%s/0001_clean300.png", t1);
    snprintf(b, sizeof b, "%s/0001_clean300.png", t3);
    ck_assert_msg(!file_equal(a, b), "a different seed gave the same first image");
    dc_test_rmtree(t1);
    dc_test_rmtree(t2);
    dc_test_rmtree(t3);
    free(t1);
    free(t2);
    free(t3);
}
END_TEST

START_TEST(test_mixed_damage_with_extras_is_deterministic)
{
    char *t1 = dc_test_tmpdir("sgm1"), *t2 = dc_test_tmpdir("sgm2");
    ck_assert_int_eq(generate(t1, 5, 2, "mixed", true), DC_OK);
    ck_assert_int_eq(generate(t2, 5, 2, "mixed", true), DC_OK);
    char bad[256] = "";
    int n = compare_dirs(t1, t2, bad, sizeof bad);
    ck_assert_msg(n > 0, "mixed run differs in %s", bad);
    /* truth lists 4 form pages, a blank back, a duplicate and a foreign page */
    char p[1024];
    snprintf(p, sizeof p, "%s/truth.json", t1);
    json_t *truth = json_load_file(p, 0, NULL);
    ck_assert_ptr_nonnull(truth);
    json_t *pages = json_object_get(truth, "pages");
    ck_assert_int_eq((int)json_array_size(pages), 7);
    int kinds[4] = {0, 0, 0, 0};
    static const char *const names[4] = {"form", "blank", "duplicate", "foreign"};
    for (size_t i = 0; i < json_array_size(pages); i++) {
        const char *k = json_string_value(json_object_get(json_array_get(pages, i), "kind"));
        for (int j = 0; j < 4; j++)
            if (strcmp(k, names[j]) == 0)
                kinds[j]++;
    }
    ck_assert_int_eq(kinds[0], 4);
    ck_assert_int_eq(kinds[1], 1);
    ck_assert_int_eq(kinds[2], 1);
    ck_assert_int_eq(kinds[3], 1);
    /* every truth entry is a readable page of its file at the stated resolution and orientation,
     * and a multi-page TIFF has exactly the pages the truth lists */
    int multipage = 0;
    for (size_t i = 0; i < json_array_size(pages); i++) {
        json_t *pg = json_array_get(pages, i);
        const char *file = json_string_value(json_object_get(pg, "file"));
        int page = (int)json_integer_value(json_object_get(pg, "page"));
        int dpi = (int)json_integer_value(json_object_get(pg, "dpi"));
        int rot = (int)json_integer_value(json_object_get(pg, "rotation"));
        snprintf(p, sizeof p, "%s/%s", t1, file);
        PIX *pix = NULL;
        if (strstr(file, ".tif")) {
            FILE *fp = fopen(p, "rb");
            ck_assert_ptr_nonnull(fp);
            l_int32 count = 0;
            ck_assert_int_eq(tiffGetCount(fp, &count), 0);
            fclose(fp);
            int listed = 0;
            for (size_t j = 0; j < json_array_size(pages); j++)
                listed += strcmp(json_string_value(json_object_get(json_array_get(pages, j), "file")), file) == 0;
            ck_assert_int_eq(count, listed);
            multipage += count > 1 && page == 1;
            pix = pixReadTiff(p, page - 1);
            ck_assert_int_eq(pixGetDepth(pix), 1);
        } else {
            ck_assert_int_eq(page, 1);
            pix = pixRead(p);
        }
        ck_assert_msg(pix != NULL, "%s page %d unreadable", file, page);
        int w = pixGetWidth(pix), h = pixGetHeight(pix);
        /* A4 at the stated dpi, within 6% (scale) plus the skew margin */
        double a4w = 210 / 25.4 * dpi, a4h = 297 / 25.4 * dpi;
        if (rot == 90 || rot == 270) {
            double tmp = a4w;
            a4w = a4h;
            a4h = tmp;
        }
        ck_assert_msg(w > a4w * 0.94 && w < a4w * 1.4 && h > a4h * 0.94 && h < a4h * 1.4,
                      "%s page %d: %dx%d px for %d dpi rotation %d", file, page, w, h, dpi, rot);
        pixDestroy(&pix);
    }
    ck_assert_int_eq(multipage, 1); /* the bitonal batch: set 2 with its blank back */
    json_decref(truth);
    dc_test_rmtree(t1);
    dc_test_rmtree(t2);
    free(t1);
    free(t2);
}
END_TEST

/* Dark pixels (< 128) inside box b (mm), shrunk by 0.6 mm so the printed border is not counted;
 * *darkest (may be NULL) gets the darkest grey there. */
static int ink_in_box(PIX *pix, double dpi, dc_box_mm b, int *darkest)
{
    double s = dpi / 25.4, m = 0.6;
    int x0 = (int)((b.x + m) * s + 0.5), y0 = (int)((b.y + m) * s + 0.5);
    int x1 = (int)((b.x + b.w - m) * s + 0.5), y1 = (int)((b.y + b.h - m) * s + 0.5);
    int n = 0, dark = 255;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) {
            l_uint32 v = 255;
            pixGetPixel(pix, x, y, &v);
            if (v < 128)
                n++;
            if ((int)v < dark)
                dark = (int)v;
        }
    if (darkest)
        *darkest = dark;
    return n;
}

static bool in_list(json_t *arr, const char *s)
{
    for (size_t i = 0; i < json_array_size(arr); i++)
        if (strcmp(json_string_value(json_array_get(arr, i)), s) == 0)
            return true;
    return false;
}

/* The characters the truth puts in a comb field's cells, derived here independently of the generator. */
static void expected_cells(const dc_field *f, const char *v, char *out, size_t cap)
{
    out[0] = '\0';
    if (!v)
        return;
    if (f->type == DC_FIELD_DATE)
        snprintf(out, cap, "%c%c%c%c%c%c%c%c", v[8], v[9], v[5], v[6], v[0], v[1], v[2], v[3]);
    else if (f->type == DC_FIELD_TIME)
        snprintf(out, cap, "%c%c%c%c", v[0], v[1], v[3], v[4]);
    else
        snprintf(out, cap, "%s", v);
}

/* A generated run's truth.json (caller json_decref) and the templates (caller frees *ts);
 * *pages is its page list. */
static json_t *load_truth(const char *dir, dc_template_set **ts, json_t **pages)
{
    ck_assert_int_eq(dc_template_set_load(ts, NULL), DC_OK);
    char p[1024];
    snprintf(p, sizeof p, "%s/truth.json", dir);
    json_t *truth = json_load_file(p, 0, NULL);
    ck_assert_ptr_nonnull(truth);
    *pages = json_object_get(truth, "pages");
    return truth;
}

/* The template a truth page was printed from. */
static const dc_template *page_template(const dc_template_set *ts, json_t *pg)
{
    const dc_template *tp = dc_template_set_find(ts, json_string_value(json_object_get(pg, "form")),
                                                 (int)json_integer_value(json_object_get(pg, "template_version")));
    ck_assert_ptr_nonnull(tp);
    return tp;
}

#define INK_MIN 10

static void check_ink(int ink, bool want, const char *file, const char *what, int *checked)
{
    ck_assert_msg(want ? ink > INK_MIN : ink <= INK_MIN, "%s: %s: %d dark pixels, truth says %s", file, what, ink,
                  want ? "ink" : "empty");
    (*checked)++;
}

START_TEST(test_truth_matches_ink_in_every_box_of_clean_300dpi_pages)
{
    char *t = dc_test_tmpdir("sgrt");
    /* 6 sets in clean 300 dpi: both fonts kinds, devices and mistakes occur with this seed */
    ck_assert_int_eq(generate(t, 3, 6, "clean", false), DC_OK);
    dc_template_set *ts = NULL;
    json_t *pages = NULL, *truth = load_truth(t, &ts, &pages);
    char p[1024];
    ck_assert_int_eq((int)json_array_size(pages), 12);
    int checked = 0, inked = 0, hand = 0, devices = 0;
    for (size_t i = 0; i < json_array_size(pages); i++) {
        json_t *pg = json_array_get(pages, i);
        const char *file = json_string_value(json_object_get(pg, "file"));
        const dc_template *tp = page_template(ts, pg);
        ck_assert_int_eq((int)json_integer_value(json_object_get(pg, "dpi")), 300);
        hand += json_is_true(json_object_get(pg, "handwriting"));
        json_t *fields = json_object_get(pg, "fields"), *cancelled = json_object_get(pg, "cancelled");
        snprintf(p, sizeof p, "%s/%s", t, file);
        PIX *pix = pixRead(p);
        ck_assert_ptr_nonnull(pix);
        ck_assert_int_eq(pixGetDepth(pix), 8);
        for (size_t f = 0; f < tp->nfields; f++) {
            const dc_field *fd = &tp->fields[f];
            json_t *jv = json_object_get(fields, fd->id);
            ck_assert_msg(jv != NULL, "%s: truth lacks field %s", file, fd->id);
            const char *v = json_string_value(jv); /* NULL for JSON null */
            char what[128], cells[128];
            if (fd->row && v && strcmp(fd->id + strlen(fd->id) - 5, "_name") == 0)
                devices++;
            switch (fd->type) {
            case DC_FIELD_TEXT:
            case DC_FIELD_DIGITS:
            case DC_FIELD_DATE:
            case DC_FIELD_TIME:
                if (fd->ncells) {
                    expected_cells(fd, v, cells, sizeof cells);
                    size_t len = strlen(cells);
                    for (size_t c = 0; c < fd->ncells; c++) {
                        bool want = c < len && cells[c] != ' ';
                        snprintf(what, sizeof what, "%s cell %zu", fd->id, c);
                        int ink = ink_in_box(pix, 300, fd->cells[c], NULL);
                        inked += want;
                        check_ink(ink, want, file, what, &checked);
                    }
                } else {
                    check_ink(ink_in_box(pix, 300, fd->zone, NULL), v != NULL, file, fd->id, &checked);
                }
                break;
            case DC_FIELD_CHOICE:
                for (size_t o = 0; o < fd->noptions; o++) {
                    snprintf(what, sizeof what, "%s=%s", fd->id, fd->options[o].value);
                    bool want = (v && strcmp(v, fd->options[o].value) == 0) || in_list(cancelled, what);
                    check_ink(ink_in_box(pix, 300, fd->options[o].box, NULL), want, file, what, &checked);
                }
                break;
            case DC_FIELD_CHECKBOX:
                check_ink(ink_in_box(pix, 300, fd->box, NULL), (v && strcmp(v, "true") == 0) || in_list(cancelled, fd->id),
                          file, fd->id, &checked);
                break;
            case DC_FIELD_SIGNATURE:
                check_ink(ink_in_box(pix, 300, fd->zone, NULL), v && strcmp(v, "true") == 0, file, fd->id, &checked);
                break;
            }
        }
        pixDestroy(&pix);
    }
    /* the run really exercised both kinds of boxes, handwriting and device rows */
    ck_assert_int_gt(checked, 1000);
    ck_assert_int_gt(inked, 200);
    ck_assert_msg(hand > 0, "no page in a handwriting font: fonts-breip/-dkg-handwriting/-rufscript/-humor-sans missing?");
    ck_assert_int_gt(devices, 0);
    json_decref(truth);
    dc_template_set_free(ts);
    dc_test_rmtree(t);
    free(t);
}
END_TEST

/* Calls check(f, cell, darkest grey) for every comb cell page `pg` of run `dir` writes in (its
 * truth), after the printed marks were checked to stay black; returns the cells visited. */
static int each_written_cell(const char *dir, const dc_template_set *ts, json_t *pg,
                             void (*check)(const dc_template *, const dc_field *, size_t, int))
{
    const dc_template *tp = page_template(ts, pg);
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", dir, json_string_value(json_object_get(pg, "file")));
    PIX *pix = pixRead(p);
    ck_assert_ptr_nonnull(pix);
    /* the printed registration marks and lines stay black */
    l_int32 page_dark = 255;
    pixGetExtremeValue(pix, 1, L_SELECT_MIN, NULL, NULL, NULL, &page_dark);
    ck_assert_int_lt(page_dark, 60);
    json_t *fields = json_object_get(pg, "fields");
    int written = 0;
    for (size_t f = 0; f < tp->nfields; f++) {
        const dc_field *fd = &tp->fields[f];
        const char *v = json_string_value(json_object_get(fields, fd->id));
        char cells[128];
        if (!fd->ncells || !v)
            continue;
        expected_cells(fd, v, cells, sizeof cells);
        for (size_t c = 0; c < fd->ncells && c < strlen(cells); c++) {
            if (cells[c] == ' ')
                continue;
            int dark = 255;
            ink_in_box(pix, 300, fd->cells[c], &dark);
            check(tp, fd, c, dark);
            written++;
        }
    }
    pixDestroy(&pix);
    return written;
}

/* pencil grey: visible, and far lighter than a pen (black ~13, blue ~30) */
#define PENCIL_DARK_MIN 100
#define PENCIL_DARK_MAX 150
static void in_pencil_grey(const dc_template *tp, const dc_field *f, size_t c, int dark)
{
    (void)tp;
    ck_assert_msg(dark >= PENCIL_DARK_MIN && dark <= PENCIL_DARK_MAX, "%s cell %zu: darkest grey %d", f->id, c, dark);
}

/* a pen's ink */
static void in_pen(const dc_template *tp, const dc_field *f, size_t c, int dark)
{
    (void)tp;
    ck_assert_msg(dark < 60, "%s cell %zu: darkest grey %d, a pen's expected", f->id, c, dark);
}

/* One form set (two pages) of sample condition `cond`, generated with seed 3 into a new folder,
 * its truth loaded, each page checked to carry the condition. */
typedef struct one_set {
    char *dir;
    dc_template_set *ts;
    json_t *truth, *pages;
} one_set;

static void one_set_make(one_set *s, const char *tag, const char *cond)
{
    s->dir = dc_test_tmpdir(tag);
    ck_assert_int_eq(generate(s->dir, 3, 1, cond, false), DC_OK);
    s->ts = NULL;
    s->pages = NULL;
    s->truth = load_truth(s->dir, &s->ts, &s->pages);
    ck_assert_int_eq((int)json_array_size(s->pages), 2);
    for (size_t i = 0; i < json_array_size(s->pages); i++)
        ck_assert_str_eq(json_string_value(json_object_get(json_array_get(s->pages, i), "condition")), cond);
}

static void one_set_free(one_set *s)
{
    json_decref(s->truth);
    dc_template_set_free(s->ts);
    dc_test_rmtree(s->dir);
    free(s->dir);
}

START_TEST(test_faint_condition_writes_in_pencil_grey)
{
    /* --damage faint (never in the mixed cycle): the writer's ink 0.45 times as dark, the
     * printed form as always */
    one_set s;
    one_set_make(&s, "sgft", "faint");
    int written = 0;
    for (size_t i = 0; i < json_array_size(s.pages); i++)
        written += each_written_cell(s.dir, s.ts, json_array_get(s.pages, i), in_pencil_grey);
    ck_assert_int_gt(written, 20);
    one_set_free(&s);
}
END_TEST

/* mixedink: pencil grey in the access form's part B (the operator's), a pen elsewhere */
static int mixed_pencil, mixed_pen;
static void pencil_in_part_b(const dc_template *tp, const dc_field *f, size_t c, int dark)
{
    if (dc_template_section_of(tp, f) == 2) {
        in_pencil_grey(tp, f, c, dark);
        mixed_pencil++;
    } else {
        in_pen(tp, f, c, dark);
        mixed_pen++;
    }
}

START_TEST(test_mixedink_condition_writes_part_b_in_pencil)
{
    one_set s;
    one_set_make(&s, "sgmi", "mixedink");
    mixed_pencil = mixed_pen = 0;
    for (size_t i = 0; i < json_array_size(s.pages); i++)
        each_written_cell(s.dir, s.ts, json_array_get(s.pages, i), pencil_in_part_b);
    /* both inks really occur: the operator's name and times, the visitor's name and numbers */
    ck_assert_int_gt(mixed_pencil, 8);
    ck_assert_int_gt(mixed_pen, 20);
    one_set_free(&s);
}
END_TEST

/* pencilmarks: the writing in pen, every tick and signature in pencil grey */
START_TEST(test_pencilmarks_condition_ticks_and_signs_in_pencil)
{
    one_set s;
    one_set_make(&s, "sgpm", "pencilmarks");
    int written = 0, marks = 0;
    for (size_t i = 0; i < json_array_size(s.pages); i++) {
        json_t *pg = json_array_get(s.pages, i);
        written += each_written_cell(s.dir, s.ts, pg, in_pen);
        const dc_template *tp = page_template(s.ts, pg);
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", s.dir, json_string_value(json_object_get(pg, "file")));
        PIX *pix = pixRead(path);
        ck_assert_ptr_nonnull(pix);
        json_t *fields = json_object_get(pg, "fields");
        for (size_t f = 0; f < tp->nfields; f++) {
            const dc_field *fd = &tp->fields[f];
            const char *v = json_string_value(json_object_get(fields, fd->id));
            int dark = 255;
            if (fd->type == DC_FIELD_CHECKBOX && v && strcmp(v, "true") == 0)
                ink_in_box(pix, 300, fd->box, &dark);
            else if (fd->type == DC_FIELD_SIGNATURE && v && strcmp(v, "true") == 0)
                ink_in_box(pix, 300, fd->zone, &dark);
            else
                continue;
            ck_assert_msg(dark >= PENCIL_DARK_MIN && dark <= PENCIL_DARK_MAX, "%s: darkest grey %d, pencil expected",
                          fd->id, dark);
            marks++;
        }
        pixDestroy(&pix);
    }
    ck_assert_int_gt(written, 20);
    ck_assert_int_gt(marks, 3);
    one_set_free(&s);
}
END_TEST

/* The share of a page's pixels a light stain would leave: lighter than pen ink, darker than
 * paper. */
static double mid_grey_share(const char *dir, json_t *pg)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", dir, json_string_value(json_object_get(pg, "file")));
    PIX *pix = pixRead(p);
    ck_assert_ptr_nonnull(pix);
    long n = 0;
    for (int y = 0; y < pixGetHeight(pix); y++)
        for (int x = 0; x < pixGetWidth(pix); x++) {
            l_uint32 v;
            pixGetPixel(pix, x, y, &v);
            n += v >= 150 && v <= 220;
        }
    double share = (double)n / ((double)pixGetWidth(pix) * pixGetHeight(pix));
    pixDestroy(&pix);
    return share;
}

START_TEST(test_stain_condition_adds_light_stains_to_the_same_pages)
{
    /* --damage stain (never in the mixed cycle): the records and the writing of --damage clean,
     * under light stains and streaks: at least 1% of each page more in mid grey */
    char *tc = dc_test_tmpdir("sgsc"), *ts_dir = dc_test_tmpdir("sgss");
    ck_assert_int_eq(generate(tc, 3, 1, "clean", false), DC_OK);
    ck_assert_int_eq(generate(ts_dir, 3, 1, "stain", false), DC_OK);
    dc_template_set *ts = NULL;
    json_t *pc = NULL, *ps = NULL, *truth_c = load_truth(tc, &ts, &pc);
    dc_template_set_free(ts);
    json_t *truth_s = load_truth(ts_dir, &ts, &ps);
    ck_assert_int_eq((int)json_array_size(ps), 2);
    for (size_t i = 0; i < 2; i++) {
        json_t *a = json_array_get(pc, i), *b = json_array_get(ps, i);
        ck_assert_str_eq(json_string_value(json_object_get(b, "condition")), "stain");
        ck_assert(json_equal(json_object_get(a, "fields"), json_object_get(b, "fields")));
        double clean = mid_grey_share(tc, a), stained = mid_grey_share(ts_dir, b);
        ck_assert_msg(stained - clean > 0.01, "page %zu: %.4f of the pixels mid grey, clean %.4f", i, stained, clean);
    }
    json_decref(truth_c);
    json_decref(truth_s);
    dc_template_set_free(ts);
    dc_test_rmtree(tc);
    dc_test_rmtree(ts_dir);
    free(tc);
    free(ts_dir);
}
END_TEST

/* The text matrix written for one glyph turned by `ca`/`sa`, as the PDF content stream has it. */
static void text_matrix_in_pdf(double ca, double sa, char *out, size_t cap)
{
    HPDF_Doc doc = HPDF_New(NULL, NULL);
    ck_assert_ptr_nonnull(doc);
    HPDF_SetCompressionMode(doc, HPDF_COMP_NONE);
    HPDF_Page page = HPDF_AddPage(doc);
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, HPDF_GetFont(doc, "Helvetica", NULL), 12);
    HPDF_Page_SetTextMatrix(page, sg_matrix_real(ca), sg_matrix_real(sa), sg_matrix_real(-sa), sg_matrix_real(ca), 100,
                            300);
    HPDF_Page_ShowText(page, "0");
    HPDF_Page_EndText(page);
    ck_assert_int_eq((int)HPDF_SaveToStream(doc), (int)HPDF_OK);
    HPDF_UINT32 n = HPDF_GetStreamSize(doc);
    char *pdf = calloc(n + 1, 1);
    ck_assert_ptr_nonnull(pdf);
    ck_assert_int_eq((int)HPDF_ReadFromStream(doc, (HPDF_BYTE *)pdf, &n), (int)HPDF_OK);
    HPDF_Free(doc);
    const char *tm = NULL;
    for (HPDF_UINT32 i = 0; i + 3 < n; i++)
        if (memcmp(pdf + i, " Tm\n", 4) == 0)
            tm = pdf + i;
    ck_assert_ptr_nonnull(tm);
    const char *line = tm;
    while (line > pdf && line[-1] != '\n')
        line--;
    snprintf(out, cap, "%.*s", (int)(tm - line), line);
    free(pdf);
}

START_TEST(test_a_glyph_turned_a_fifth_of_a_degree_keeps_its_text_matrix)
{
    /* libharu writes the float nearest 0.999995 as "0": a zero text matrix, an invisible glyph
     * whose cell the truth says is written */
    ck_assert_float_eq(sg_matrix_real(0.999995), 1.0f);
    ck_assert_float_eq(sg_matrix_real(-0.999995), -1.0f);
    ck_assert_float_eq(sg_matrix_real(0.99999), 0.99999f);
    ck_assert_float_eq(sg_matrix_real(0.00317), 0.00317f);
    ck_assert_float_eq(sg_matrix_real(0.5), 0.5f);
    char tm[64];
    text_matrix_in_pdf(0.999995, 0.00317, tm, sizeof tm);
    ck_assert_str_eq(tm, "1 0.00317 -0.00317 1 100 300");
    text_matrix_in_pdf(0.99999, 0.0045, tm, sizeof tm);
    ck_assert_str_eq(tm, "0.99999 0.0045 -0.0045 0.99999 100 300");
}
END_TEST

START_TEST(test_condition_names_list_both_tables)
{
    /* the mixed cycle's conditions, then the ones made only on request, then the end */
    ck_assert_str_eq(sg_condition_name(0), "clean300");
    ck_assert_str_eq(sg_condition_name(11), "scale");
    ck_assert_str_eq(sg_condition_name(12), "faint");
    ck_assert_str_eq(sg_condition_name(13), "stain");
    ck_assert_str_eq(sg_condition_name(14), "mixedink");
    ck_assert_str_eq(sg_condition_name(15), "pencilmarks");
    ck_assert_str_eq(sg_condition_name(16), "penciltext");
    ck_assert_str_eq(sg_condition_name(17), "bigticks");
    ck_assert_str_eq(sg_condition_name(18), "marker");
    ck_assert_str_eq(sg_condition_name(19), "beside");
    ck_assert_str_eq(sg_condition_name(20), "pencilbeside");
    ck_assert_str_eq(sg_condition_name(21), "spill");
    ck_assert_str_eq(sg_condition_name(22), "unpadded");
    ck_assert_str_eq(sg_condition_name(23), "offcomb");
    ck_assert_ptr_null(sg_condition_name(24));
}
END_TEST

START_TEST(test_nik_generator_makes_valid_pontianak_niks)
{
    sg_rng rng;
    sg_rng_seed(&rng, 42);
    char nik[17];
    sg_nik_make(nik, &rng, true, 15, 8, 1990);
    ck_assert_int_eq((int)strlen(nik), 16);
    ck_assert_int_eq(strncmp(nik, "6171", 4), 0);
    ck_assert_msg(nik[4] == '0' && nik[5] >= '1' && nik[5] <= '6', "district %c%c", nik[4], nik[5]);
    ck_assert_int_eq(strncmp(nik + 6, "550890", 6), 0); /* women: day + 40 */
    sg_nik_make(nik, &rng, false, 3, 12, 2001);
    ck_assert_int_eq(strncmp(nik + 6, "031201", 6), 0);
    for (int i = 0; i < 500; i++) {
        sg_nik_make(nik, &rng, i % 2, 1 + i % 28, 1 + i % 12, 1960 + i % 45);
        ck_assert_msg(sg_nik_valid(nik), "generated NIK %s is invalid", nik);
    }
    ck_assert(sg_nik_valid("6171015508900001"));
    ck_assert(!sg_nik_valid("6171013208900001"));  /* day 32 */
    ck_assert(!sg_nik_valid("6171017208900001"));  /* day 72 */
    ck_assert(!sg_nik_valid("6171013102900001"));  /* 31 February */
    ck_assert(!sg_nik_valid("6171001508900001"));  /* sub-district 00 */
    ck_assert(!sg_nik_valid("6171011508900000"));  /* sequence 0000 */
    ck_assert(sg_nik_valid("6171016902900001"));   /* 29 February, a woman's */
    ck_assert(!sg_nik_valid("6171011513900001"));  /* month 13 */
    ck_assert(!sg_nik_valid("617101150890001"));   /* 15 digits */
    ck_assert(!sg_nik_valid("0071011508900001"));  /* no such province */
    ck_assert(!sg_nik_valid("61710115089O0001"));  /* a letter */
}
END_TEST

static bool has_finding(const sg_finding *f, size_t n, const char *rule, const char *field)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(f[i].rule, rule) == 0 && (!field || strcmp(f[i].field, field) == 0))
            return true;
    return false;
}

START_TEST(test_invalid_nik_mistake_gives_invalid_nik_and_id_invalid)
{
    for (int s = 0; s < 200; s++) {
        sg_rng rng;
        sg_rng_seed(&rng, (uint64_t)s);
        sg_record r;
        sg_record_draw(&r, &rng, "000001", "2026-11-02", 0.0);
        ck_assert_uint_eq(r.mistakes, 0);
        if (strcmp(r.id_type, "ktp") == 0)
            ck_assert_msg(sg_nik_valid(r.id_number), "seed %d: clean KTP record has invalid NIK %s", s, r.id_number);
        sg_record_apply_mistake(&r, &rng, SG_MISTAKE_INVALID_NIK, "2026-11-02");
        ck_assert_str_eq(r.id_type, "ktp");
        ck_assert_msg(!sg_nik_valid(r.id_number), "seed %d: invalid-NIK mistake left %s valid", s, r.id_number);
        sg_finding f[48];
        size_t n = 0;
        sg_rules_check(&r, "2026-11-02", f, 48, &n);
        ck_assert(has_finding(f, n, "id_invalid", "id_number"));
    }
}
END_TEST

START_TEST(test_missing_escort_and_long_visit_give_exactly_their_findings)
{
    sg_rng rng;
    sg_rng_seed(&rng, 9);
    sg_record r;
    sg_record_draw(&r, &rng, "000009", "2026-11-02", 0.0);
    strcpy(r.arrival_time, "08:20");
    strcpy(r.entry_time, "08:30");
    strcpy(r.exit_time, "10:00");
    r.escort_name[0] = '\0';
    r.ndevices = 0;
    strcpy(r.brings_devices, "no");
    sg_finding f[48];
    size_t n = 0;
    sg_rules_check(&r, "2026-11-02", f, 48, &n);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(f[0].rule, "not_escorted");
    ck_assert_str_eq(f[0].field, "escort_name");
    ck_assert_str_eq(f[1].rule, "over_time_limit");

    /* refused, yet a badge was handed out; operator part otherwise empty is not required */
    sg_record_apply_mistake(&r, &rng, SG_MISTAKE_REFUSED, "2026-11-02");
    strcpy(r.badge_number, "017");
    strcpy(r.visit_date, "2026-10-30");
    sg_rules_check(&r, "2026-11-02", f, 48, &n);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(f[0].rule, "entered_while_refused");
    ck_assert_str_eq(f[1].rule, "date_mismatch");
}
END_TEST

/* A returning visitor (sg_record_draw_for): name, institution, ID and phone are the visitor's,
 * everything else exactly as a new visitor's record drawn from the same random numbers. */
START_TEST(test_a_returning_visitor_keeps_who_they_are_and_nothing_else)
{
    sg_rng rv, r1, r2;
    sg_rng_seed(&rv, 77);
    sg_record v, plain, back;
    sg_record_draw(&v, &rv, "000000", "2026-11-02", 0.0);
    for (uint64_t seed = 1; seed <= 20; seed++) {
        sg_rng_seed(&r1, seed);
        sg_rng_seed(&r2, seed);
        sg_record_draw(&plain, &r1, "000010", "2026-11-03", 0.0);
        sg_record_draw_for(&back, &r2, "000010", "2026-11-03", 0.0, false, &v);
        ck_assert_str_eq(back.visitor_name, v.visitor_name);
        ck_assert_str_eq(back.id_number, v.id_number);
        ck_assert_str_eq(back.phone, v.phone);
        memcpy(plain.visitor_name, v.visitor_name, sizeof plain.visitor_name);
        memcpy(plain.institution, v.institution, sizeof plain.institution);
        memcpy(plain.id_type, v.id_type, sizeof plain.id_type);
        memcpy(plain.id_number, v.id_number, sizeof plain.id_number);
        memcpy(plain.phone, v.phone, sizeof plain.phone);
        ck_assert_msg(memcmp(&plain, &back, sizeof plain) == 0, "seed %llu: more than the visitor changed",
                      (unsigned long long)seed);
    }
}
END_TEST

/* --variants: a name in another spelling, one rule at a time, never past the buffer. */
START_TEST(test_a_name_variant_is_one_spelling_change)
{
    static const struct {
        const char *name, *want;
    } cases[] = {
        {"MUHAMMAD HARAHAP", "MUHAMAD HARAHAP"}, {"SYARIF HIDAYAT", "SARIF HIDAYAT"},
        {"ANDI DHARMA", "ANDI DARMA"},           {"BUDI SANTOSO", "BOEDI SANTOSO"},
        {"RINA WATI", "RINA WATI"},              /* nothing applies */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[31];
        snprintf(name, sizeof name, "%s", cases[i].name);
        ck_assert(sg_name_variant(name, sizeof name) == (strcmp(cases[i].name, cases[i].want) != 0));
        ck_assert_str_eq(name, cases[i].want);
    }
    char full[8] = "BUDI AN"; /* U -> OE needs one byte more than there is */
    ck_assert(!sg_name_variant(full, sizeof full));
    ck_assert_str_eq(full, "BUDI AN");
}
END_TEST

/* The visitor names of a corpus's access pages, by serial, "serial=name;" for each day. */
static void names_of(const char *dir, int day, char *out, size_t len)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/2026-11-0%d/truth.json", dir, 2 + day);
    json_t *truth = json_load_file(p, 0, NULL);
    ck_assert_ptr_nonnull(truth);
    json_t *pages = json_object_get(truth, "pages");
    out[0] = '\0';
    for (size_t i = 0; i < json_array_size(pages); i++) {
        json_t *pg = json_array_get(pages, i);
        if (strcmp(json_string_value(json_object_get(pg, "kind")), "form") != 0 ||
            json_integer_value(json_object_get(pg, "sheet_page")) != 1)
            continue;
        json_t *f = json_object_get(pg, "fields");
        snprintf(out + strlen(out), len - strlen(out), "%s=%s;", json_string_value(json_object_get(pg, "serial")),
                 json_string_value(json_object_get(f, "visitor_name")));
    }
    json_decref(truth);
}

/* --variants 1: every returning visitor's name is written in its variant, on both days. */
START_TEST(test_variants_change_only_the_names_written)
{
    char *dir = dc_test_tmpdir("sgvar"), *dir2 = dc_test_tmpdir("sgvar0");
    sg_options opt = SG_OPTIONS_INIT;
    opt.seed = 11;
    opt.sets = 6;
    opt.days = 2;
    opt.visitors = 3;
    opt.no_images = true;
    opt.mistake_rate = 0.0;
    opt.outdir = dir2;
    ck_assert_int_eq(sg_generate(&opt), DC_OK);
    opt.variants = 1.0;
    opt.outdir = dir;
    ck_assert_int_eq(sg_generate(&opt), DC_OK);
    for (int day = 0; day < 2; day++) {
        char plain[2048], varied[2048];
        names_of(dir2, day, plain, sizeof plain);
        names_of(dir, day, varied, sizeof varied);
        /* each name of the plain corpus, put through sg_name_variant, is the varied corpus's */
        char want[2048] = "";
        for (char *s = plain, *semi; (semi = strchr(s, ';')); s = semi + 1) {
            *semi = '\0';
            char *eq = strchr(s, '=');
            char name[31];
            snprintf(name, sizeof name, "%s", eq + 1);
            sg_name_variant(name, sizeof name);
            snprintf(want + strlen(want), sizeof want - strlen(want), "%.*s=%s;", (int)(eq - s), s, name);
        }
        ck_assert_str_eq(varied, want);
        ck_assert_str_ne(varied, plain);
    }
    dc_test_rmtree(dir);
    dc_test_rmtree(dir2);
    free(dir);
    free(dir2);
}
END_TEST

/* --visitors N: every record's visitor is one of N people, who come back on the next day. */
START_TEST(test_a_visitor_pool_brings_the_same_people_back_on_later_days)
{
    char *dir = dc_test_tmpdir("sgvis");
    sg_options opt = SG_OPTIONS_INIT;
    opt.seed = 11;
    opt.sets = 8;
    opt.days = 2;
    opt.visitors = 3;
    opt.no_images = true;
    opt.mistake_rate = 0.0;
    opt.outdir = dir;
    ck_assert_int_eq(sg_generate(&opt), DC_OK);
    char people[3][64], seen[2][3] = { { 0 } };
    int npeople = 0;
    for (int day = 0; day < 2; day++) {
        char p[1024];
        snprintf(p, sizeof p, "%s/2026-11-0%d/truth.json", dir, 2 + day);
        json_t *truth = json_load_file(p, 0, NULL);
        ck_assert_ptr_nonnull(truth);
        json_t *pages = json_object_get(truth, "pages");
        int forms = 0;
        for (size_t i = 0; i < json_array_size(pages); i++) {
            json_t *pg = json_array_get(pages, i);
            if (strcmp(json_string_value(json_object_get(pg, "kind")), "form") != 0 ||
                json_integer_value(json_object_get(pg, "sheet_page")) != 1)
                continue;
            forms++;
            json_t *f = json_object_get(pg, "fields");
            char who[64];
            snprintf(who, sizeof who, "%s|%s", json_string_value(json_object_get(f, "id_number")),
                     json_string_value(json_object_get(f, "visitor_name")));
            int k = 0;
            while (k < npeople && strcmp(people[k], who) != 0)
                k++;
            ck_assert_msg(k < 3, "a fourth visitor: %s", who);
            if (k == npeople)
                snprintf(people[npeople++], sizeof people[0], "%s", who);
            seen[day][k] = 1;
        }
        ck_assert_int_eq(forms, 8);
        json_decref(truth);
    }
    int both = 0;
    for (int k = 0; k < npeople; k++)
        both += seen[0][k] && seen[1][k];
    ck_assert_int_eq(npeople, 3); /* 16 visits of 3 people: each came on both days (seed 11) */
    ck_assert_int_eq(both, 3);
    dc_test_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(test_device_brought_in_but_not_out_is_flagged_per_row)
{
    sg_rng rng;
    sg_rng_seed(&rng, 4);
    sg_record r;
    sg_record_draw(&r, &rng, "000004", "2026-11-02", 0.0);
    sg_record_apply_mistake(&r, &rng, SG_MISTAKE_DEVICE_NOT_OUT, "2026-11-02");
    ck_assert_str_eq(r.brings_devices, "yes");
    ck_assert_int_gt(r.ndevices, 0);
    int row = 0;
    for (int i = 0; i < r.ndevices; i++)
        if (r.dev[i].in && !r.dev[i].out)
            row = i + 1;
    ck_assert_int_gt(row, 0);
    sg_finding f[48];
    size_t n = 0;
    sg_rules_check(&r, "2026-11-02", f, 48, &n);
    bool found = false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(f[i].rule, "device_not_taken_out") == 0 && f[i].row == row)
            found = true;
    ck_assert(found);
}
END_TEST

/* Whether finding list f[0..n) is exactly the one finding rule (with field, "" for none). */
static bool only_finding(const sg_finding *f, size_t n, const char *rule, const char *field)
{
    return n == 1 && strcmp(f[0].rule, rule) == 0 && strcmp(f[0].field, field) == 0 && f[0].row == 0;
}


/* A record of seed `seed` drawn without mistakes, with times that give no finding of their own, and
 * checked to have no finding; *rng goes on drawing the mistakes applied to it. */
static void clean_record(sg_record *clean, sg_rng *rng, int seed)
{
    sg_finding f[48];
    size_t n = 0;
    sg_rng_seed(rng, (uint64_t)seed);
    sg_record_draw(clean, rng, "000001", "2026-11-02", 0.0);
    strcpy(clean->arrival_time, "09:00");
    strcpy(clean->entry_time, "09:05");
    strcpy(clean->exit_time, "09:45");
    sg_rules_check(clean, "2026-11-02", f, 48, &n);
    ck_assert_msg(n == 0, "seed %d: the record without mistakes has %zu findings (%s first)", seed, n, n ? f[0].rule : "");
}
/* The mistakes drawn only with all_mistakes, each on a record that has no finding: the finding of
 * the product's rule it is there for and no other (two boxes of the decision: no_decision), two
 * boxes written as the form orders its options; without all_mistakes none of them is drawn. */
START_TEST(test_mistakes_of_the_product_rules_give_exactly_their_findings)
{
    dc_template_set *ts = NULL;
    ck_assert_int_eq(dc_template_set_load(&ts, NULL), DC_OK);
    const dc_template *access = dc_template_set_latest(ts, "access");
    ck_assert_ptr_nonnull(access);
    static const char *const groups[] = {"id_type", "purpose", "brings_devices", "decision"};
    int seen[4] = {0};
    sg_finding f[48];
    size_t n = 0;
    char buf[64];
    for (int s = 0; s < 200; s++) {
        sg_rng rng;
        sg_record clean;
        clean_record(&clean, &rng, s);

        sg_record r = clean;
        sg_record_apply_mistake(&r, &rng, SG_MISTAKE_ACCESS_LOST, "2026-11-02");
        ck_assert(r.access_lost);
        ck_assert_int_gt(r.ndevices, 0);   /* a checklist that shows the visit */
        sg_rules_check(&r, "2026-11-02", f, 48, &n);
        ck_assert_msg(only_finding(f, n, "access_form_missing", ""), "seed %d: access_lost gave %zu findings", s, n);

        r = clean;
        sg_record_apply_mistake(&r, &rng, SG_MISTAKE_DEVICES_UNDECLARED, "2026-11-02");
        ck_assert_str_eq(r.brings_devices, "no");
        ck_assert_int_gt(r.ndevices, 0);
        sg_rules_check(&r, "2026-11-02", f, 48, &n);
        ck_assert_msg(only_finding(f, n, "devices_undeclared", "brings_devices"),
                      "seed %d: devices_undeclared gave %zu findings", s, n);

        r = clean;
        sg_record_apply_mistake(&r, &rng, SG_MISTAKE_TWO_CHOICES, "2026-11-02");
        int g = -1;
        for (int k = 0; k < 4; k++) {
            const char *x = sg_record_value(&r, 1, groups[k], buf, sizeof buf);
            if (x && strchr(x, '+'))
                g = k;
        }
        ck_assert_msg(g >= 0, "seed %d: two_choices ticked no second box", s);
        seen[g]++;
        const char *v = sg_record_value(&r, 1, groups[g], buf, sizeof buf);
        const dc_field *fd = dc_template_field(access, groups[g]);
        ck_assert_ptr_nonnull(fd);
        size_t first = fd->noptions, second = fd->noptions, cut = strcspn(v, "+");
        for (size_t o = 0; o < fd->noptions; o++) {
            if (strlen(fd->options[o].value) == cut && strncmp(v, fd->options[o].value, cut) == 0)
                first = o;
            if (strcmp(v + cut + 1, fd->options[o].value) == 0)
                second = o;
        }
        ck_assert_msg(first < second && second < fd->noptions, "%s = \"%s\": not two of its options in the form's order",
                      groups[g], v);
        sg_rules_check(&r, "2026-11-02", f, 48, &n);
        ck_assert_msg(g == 3 ? only_finding(f, n, "no_decision", "") : only_finding(f, n, "several_choices", groups[g]),
                      "seed %d: %s = %s gave %zu findings (%s first)", s, groups[g], v, n, n ? f[0].rule : "-");
    }
    for (int k = 0; k < 4; k++)
        ck_assert_msg(seen[k] > 0, "two_choices never ticked two boxes of %s", groups[k]);

    for (int s = 0; s < 2000; s++) {
        sg_rng rng;
        sg_rng_seed(&rng, (uint64_t)s);
        sg_record r;
        sg_record_draw(&r, &rng, "000001", "2026-11-02", 1.0);
        ck_assert_msg(r.mistakes < 1u << SG_MISTAKE__DEFAULT_COUNT, "seed %d: mistake %s drawn without all_mistakes",
                      s, sg_mistake_name(r.mistakes & ~((1u << SG_MISTAKE__DEFAULT_COUNT) - 1)));
    }
    dc_template_set_free(ts);
}
END_TEST

/* The mistakes drawn with all_mistakes for the wordings of findings no other mistake leads to, each
 * on a record that has no finding: exactly the finding it is there for (device_rewritten: none when
 * the serial is copied right, the two rows when not), every form of each drawn. */
START_TEST(test_mistakes_for_the_wordings_give_exactly_their_findings)
{
    static const char *const blanked[] = {"visitor_name", "id_type", "operator_name", "entry_time"};
    int blank_seen[4] = {0}, signs_seen[8] = {0}, rewritten[2][2] = {{0}}, not_listed[2] = {0};
    sg_finding f[48];
    size_t n = 0;
    char buf[64];
    for (int s = 0; s < 300; s++) {
        sg_rng rng;
        sg_record clean;
        clean_record(&clean, &rng, s);

        sg_record r = clean;
        sg_record_apply_mistake(&r, &rng, SG_MISTAKE_CHECKLIST_LOST, "2026-11-02");
        ck_assert(r.checklist_lost && !r.access_lost);
        ck_assert_str_eq(r.brings_devices, "yes");
        sg_rules_check(&r, "2026-11-02", f, 48, &n);
        ck_assert_msg(only_finding(f, n, "devices_unlisted", ""), "seed %d: checklist_lost gave %zu findings", s, n);
        sg_record_apply_mistake(&r, &rng, SG_MISTAKE_ACCESS_LOST, "2026-11-02");   /* a set keeps one page */
        ck_assert(!r.access_lost && !(r.mistakes & SG_MISTAKE_ACCESS_LOST));

        r = clean;
        sg_record_apply_mistake(&r, &rng, SG_MISTAKE_DEVICES_NOT_LISTED, "2026-11-02");
        ck_assert_str_eq(r.brings_devices, "yes");
        not_listed[r.ndevices > 0]++;
        for (int i = 0; i < r.ndevices; i++)
            ck_assert_str_eq(r.dev[i].serial, "");
        sg_rules_check(&r, "2026-11-02", f, 48, &n);
        ck_assert_msg(only_finding(f, n, "devices_unlisted", ""), "seed %d: devices_not_listed gave %zu findings", s, n);

        r = clean;
        sg_record_apply_mistake(&r, &rng, SG_MISTAKE_SELF_ESCORT, "2026-11-02");
        ck_assert_str_eq(r.escort_name, r.visitor_name);
        sg_rules_check(&r, "2026-11-02", f, 48, &n);
        ck_assert_msg(only_finding(f, n, "not_escorted", "escort_name"), "seed %d: self_escort gave %zu findings", s, n);

        r = clean;
        sg_record_apply_mistake(&r, &rng, SG_MISTAKE_NIK_ZERO_PART, "2026-11-02");
        ck_assert_str_eq(r.id_type, "ktp");
        ck_assert_int_eq((int)strlen(r.id_number), 16);
        ck_assert(memcmp(r.id_number + 2, "00", 2) == 0 || memcmp(r.id_number + 4, "00", 2) == 0 ||
                  memcmp(r.id_number + 12, "0000", 4) == 0);
        sg_rules_check(&r, "2026-11-02", f, 48, &n);
        ck_assert_msg(only_finding(f, n, "id_invalid", "id_number"), "seed %d: nik_zero_part gave %zu findings", s, n);

        r = clean;
        sg_record_apply_mistake(&r, &rng, SG_MISTAKE_TIME_NOT_CLOCK, "2026-11-02");
        /* an hour of 24-29 or minutes of 60-99 in one or more of them */
        ck_assert(strcmp(r.arrival_time, clean.arrival_time) || strcmp(r.entry_time, clean.entry_time) ||
                  strcmp(r.exit_time, clean.exit_time));
        sg_rules_check(&r, "2026-11-02", f, 48, &n);
        ck_assert_msg(only_finding(f, n, "times_inconsistent", ""), "seed %d: time_not_clock gave %zu findings", s, n);

        r = clean;
        sg_record_apply_mistake(&r, &rng, SG_MISTAKE_ARRIVAL_AFTER_ENTRY, "2026-11-02");
        ck_assert_int_gt(strcmp(r.arrival_time, r.entry_time), 0);   /* HH:MM compare as they read */
        sg_rules_check(&r, "2026-11-02", f, 48, &n);
        ck_assert_msg(only_finding(f, n, "times_inconsistent", ""), "seed %d: arrival_after_entry gave %zu findings",
                      s, n);

        r = clean;
        sg_record_apply_mistake(&r, &rng, SG_MISTAKE_FIELD_MISSING_OTHER, "2026-11-02");
        int k = -1;
        for (int i = 0; i < 4; i++)
            if (!sg_record_value(&r, 1, blanked[i], buf, sizeof buf))
                k = i;
        ck_assert_int_ge(k, 0);
        blank_seen[k]++;
        sg_rules_check(&r, "2026-11-02", f, 48, &n);
        ck_assert_msg(only_finding(f, n, "required_missing", blanked[k]), "seed %d: %s blank gave %zu findings", s,
                      blanked[k], n);

        r = clean;
        sg_record_apply_mistake(&r, &rng, SG_MISTAKE_ENTERED_REFUSED_SOME, "2026-11-02");
        ck_assert_str_eq(r.decision, "refused");
        const int signs = (r.entry_time[0] ? 1 : 0) | (r.badge_number[0] ? 2 : 0) | (r.exit_time[0] ? 4 : 0);
        ck_assert_msg(signs != 0 && signs != 7, "seed %d: signs %d written", s, signs);
        signs_seen[signs]++;
        sg_rules_check(&r, "2026-11-02", f, 48, &n);
        ck_assert_msg(only_finding(f, n, "entered_while_refused", ""), "seed %d: entered_refused_some gave %zu findings",
                      s, n);

        r = clean;
        sg_record_apply_mistake(&r, &rng, SG_MISTAKE_DEVICE_REWRITTEN, "2026-11-02");
        ck_assert_int_ge(r.ndevices, 2);
        const sg_device *again = &r.dev[r.ndevices - 1];
        ck_assert_msg(!again->name[0] && !again->model[0] && again->in != again->out, "seed %d: the row written again",
                      s);
        int first = -1;   /* the row of the device written again: one character of its serial differs at most */
        for (int i = 0; i < r.ndevices - 1; i++) {
            int diff = 0;
            for (size_t c = 0; c < sizeof again->serial && (r.dev[i].serial[c] || again->serial[c]); c++)
                diff += r.dev[i].serial[c] != again->serial[c];
            if (diff <= 1 && r.dev[i].in != r.dev[i].out && r.dev[i].in == again->out)
                first = i;
        }
        ck_assert_int_ge(first, 0);
        const bool same = strcmp(r.dev[first].serial, again->serial) == 0;
        rewritten[again->in][same]++;
        sg_rules_check(&r, "2026-11-02", f, 48, &n);
        if (same) {
            ck_assert_msg(n == 0, "seed %d: rows of one serial gave %zu findings (%s first)", s, n, f[0].rule);
        } else {
            const int in_row = (again->in ? r.ndevices - 1 : first) + 1, out_row = (again->in ? first : r.ndevices - 1) + 1;
            const int t = strcmp(f[0].rule, "device_not_taken_out") == 0 ? 0 : 1;   /* in row order */
            ck_assert_msg(n == 2 && strcmp(f[t].rule, "device_not_taken_out") == 0 && f[t].row == in_row &&
                              strcmp(f[1 - t].rule, "device_not_brought_in") == 0 && f[1 - t].row == out_row,
                          "seed %d: a serial copied wrong gave %zu findings", s, n);
        }
    }
    for (int i = 0; i < 4; i++)
        ck_assert_msg(blank_seen[i] > 0, "field_missing_other never emptied %s", blanked[i]);
    for (int m = 1; m < 7; m++)
        ck_assert_msg(signs_seen[m] > 0, "entered_refused_some never left signs %d", m);
    for (int in = 0; in < 2; in++)
        for (int same = 0; same < 2; same++)
            ck_assert_msg(rewritten[in][same] > 0, "device_rewritten never ticked %s on the new row with the serial %s",
                          in ? "in" : "out", same ? "copied right" : "copied wrong");
    ck_assert(not_listed[0] > 0 && not_listed[1] > 0);
}
END_TEST

/* A corpus with all_mistakes (seed 232 has a lost access page, a lost checklist and two boxes
 * ticked): a set whose access page was lost is its checklist alone, in the truth and the files, and
 * one whose checklist was lost its access page alone; two boxes of a choice are both inked, and no
 * other box of that choice. */
START_TEST(test_all_mistakes_lose_access_pages_and_tick_two_boxes)
{
    char *t = dc_test_tmpdir("sgam");
    sg_options opt = SG_OPTIONS_INIT;
    opt.seed = 232;
    opt.sets = 8;
    opt.damage = "clean";
    opt.extras = false;
    opt.mistake_rate = 1.0;
    opt.all_mistakes = true;
    opt.outdir = t;
    ck_assert_int_eq(sg_generate(&opt), DC_OK);
    char p[1024];
    snprintf(p, sizeof p, "%s/records.json", t);
    json_t *records = json_load_file(p, 0, NULL);
    ck_assert_ptr_nonnull(records);
    dc_template_set *ts = NULL;
    json_t *pages = NULL, *truth = load_truth(t, &ts, &pages);
    int lost = 0, cl_lost = 0, two = 0, checked = 0;
    for (size_t i = 0; i < json_array_size(records); i++) {
        json_t *rec = json_array_get(records, i);
        const char *serial = json_string_value(json_object_get(rec, "serial"));
        const bool is_lost = in_list(json_object_get(rec, "mistakes"), "access_lost");
        const bool is_cl_lost = in_list(json_object_get(rec, "mistakes"), "checklist_lost");
        int access = 0, checklist = 0;
        for (size_t k = 0; k < json_array_size(pages); k++) {
            json_t *pg = json_array_get(pages, k);
            const char *form = json_string_value(json_object_get(pg, "form"));
            if (!form || strcmp(json_string_value(json_object_get(pg, "serial")), serial) != 0)
                continue;
            access += strcmp(form, "access") == 0;
            checklist += strcmp(form, "checklist") == 0;
        }
        ck_assert_msg(access == !is_lost && checklist == !is_cl_lost, "set %s%s%s: %d access and %d checklist pages",
                      serial, is_lost ? " (access page lost)" : "", is_cl_lost ? " (checklist lost)" : "", access,
                      checklist);
        lost += is_lost;
        cl_lost += is_cl_lost;
    }
    for (size_t k = 0; k < json_array_size(pages); k++) {
        json_t *pg = json_array_get(pages, k);
        const dc_template *tp = page_template(ts, pg);
        const char *file = json_string_value(json_object_get(pg, "file"));
        snprintf(p, sizeof p, "%s/%s", t, file);
        PIX *pix = NULL;
        for (size_t f = 0; f < tp->nfields; f++) {
            const dc_field *fd = &tp->fields[f];
            const char *v = json_string_value(json_object_get(json_object_get(pg, "fields"), fd->id));
            if (fd->type != DC_FIELD_CHOICE || !v || !strchr(v, '+'))
                continue;
            two++;
            if (!pix)
                pix = pixRead(p);
            ck_assert_ptr_nonnull(pix);
            char ticked[80];   /* "+ktp+sim+": an option is ticked when "+option+" is in it */
            snprintf(ticked, sizeof ticked, "+%s+", v);
            for (size_t o = 0; o < fd->noptions; o++) {
                char what[128], plus[64];
                snprintf(what, sizeof what, "%s=%s", fd->id, fd->options[o].value);
                snprintf(plus, sizeof plus, "+%s+", fd->options[o].value);
                check_ink(ink_in_box(pix, 300, fd->options[o].box, NULL), strstr(ticked, plus) != NULL, file, what,
                          &checked);
            }
        }
        pixDestroy(&pix);
    }
    ck_assert_int_gt(lost, 0);
    ck_assert_int_gt(cl_lost, 0);
    ck_assert_int_gt(two, 0);
    json_decref(records);
    json_decref(truth);
    dc_template_set_free(ts);
    dc_test_rmtree(t);
    free(t);
}
END_TEST

static Suite *samplegen_suite(void)
{
    Suite *s = suite_create("samplegen");
    TCase *fast = tcase_create("records");
    tcase_add_test(fast, test_nik_generator_makes_valid_pontianak_niks);
    tcase_add_test(fast, test_condition_names_list_both_tables);
    tcase_add_test(fast, test_a_glyph_turned_a_fifth_of_a_degree_keeps_its_text_matrix);
    tcase_add_test(fast, test_invalid_nik_mistake_gives_invalid_nik_and_id_invalid);
    tcase_add_test(fast, test_missing_escort_and_long_visit_give_exactly_their_findings);
    tcase_add_test(fast, test_device_brought_in_but_not_out_is_flagged_per_row);
    tcase_add_test(fast, test_mistakes_of_the_product_rules_give_exactly_their_findings);
    tcase_add_test(fast, test_mistakes_for_the_wordings_give_exactly_their_findings);
    tcase_add_test(fast, test_a_returning_visitor_keeps_who_they_are_and_nothing_else);
    tcase_add_test(fast, test_a_visitor_pool_brings_the_same_people_back_on_later_days);
    tcase_add_test(fast, test_a_name_variant_is_one_spelling_change);
    tcase_add_test(fast, test_variants_change_only_the_names_written);
    suite_add_tcase(s, fast);
    TCase *corpus = tcase_create("corpus");
    tcase_set_timeout(corpus, 120);
    tcase_add_test(corpus, test_same_seed_gives_byte_identical_images_and_truth);
    tcase_add_test(corpus, test_mixed_damage_with_extras_is_deterministic);
    tcase_add_test(corpus, test_faint_condition_writes_in_pencil_grey);
    tcase_add_test(corpus, test_mixedink_condition_writes_part_b_in_pencil);
    tcase_add_test(corpus, test_pencilmarks_condition_ticks_and_signs_in_pencil);
    tcase_add_test(corpus, test_stain_condition_adds_light_stains_to_the_same_pages);
    tcase_add_test(corpus, test_truth_matches_ink_in_every_box_of_clean_300dpi_pages);
    tcase_add_test(corpus, test_all_mistakes_lose_access_pages_and_tick_two_boxes);
    suite_add_tcase(s, corpus);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(samplegen_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
