/* test_report: report models loaded from an archive built through the parse API, and the XLSX / PDF
 * writers checked from the outside (LibreOffice -> CSV, pdftotext, pdftoppm). */
#include <check.h>
#include <ctype.h>
#include <leptonica/allheaders.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "dc_archive.h"
#include "dc_error.h"
#include "dc_page.h"
#include "dc_report.h"
#include "dc_report_load.h"
#include "dc_report_pdf.h"
#include "dc_report_text.h"
#include "dc_report_xlsx.h"
#include "dc_rules.h"
#include "dc_testutil.h"
#include "dc_util.h"
#include "dc_zipcheck.h"

/* ---- the fixture archive: November 2026 plus one October visit ---- */

typedef struct visit_spec {
    const char *serial, *date, *name, *institution, *nik, *phone, *purpose, *detail, *decision;
    const char *arrival, *entry, *exit, *escort, *badge;
    const char *review_field;   /* a field left in review, or NULL */
} visit_spec;

static const visit_spec visits[] = {
    {"000101", "2026-11-02", "BUDI SANTOSO", "DISKOMINFO PONTIANAK", "6171010101900003", "081234567890",
     "maintenance", NULL, "granted", "09:40", "09:45", "10:30", "RINA", "12", NULL},
    {"000102", "2026-11-02", "SITI AMINAH", "PT TELKOM INDONESIA", "6171024502850007", "081298765432",
     "hosting", NULL, "granted", "12:55", "13:00", "14:30", "RINA", "7", NULL},
    {"000103", "2026-11-02", "ANDI WIJAYA", "CV MAJU JAYA", "6171031203880001", "085612340000",
     "other", "SURVEI LOKASI", "refused", "15:00", NULL, NULL, NULL, NULL, NULL},
    {"000104", "2026-11-15", "DEWI LESTARI", "PT TELKOM INDONESIA", "6171044404920002", "081377778888",
     "maintenance", NULL, "granted", "08:05", "08:10", "08:50", NULL, "3", NULL},
    {"000105", "2026-11-20", "RUDI HARTONO", "BAPPEDA KOTA PONTIANAK", "6171052506800004", "081311112222",
     "management", NULL, "granted", "09:58", "10:00", "11:05", "JOKO", "5", "institution"},
    {"000106", "2026-11-21", "LINA MARLINA", "DINAS KESEHATAN", "6171064101950005", "081355556666",
     "hosting", NULL, "granted", "09:55", "10:00", "10:30", "JOKO", "9", "visit_date"},
    {"000090", "2026-10-30", "EKO PRASETYO", "DISKOMINFO PONTIANAK", "6171010101900003", "081234567890",
     "hosting", NULL, "granted", "10:00", "10:05", "10:20", "RINA", "2", NULL},
};
#define NVISITS (sizeof visits / sizeof visits[0])

/* The records of November 2026 in plain SQL: visit date in the month, or (visit date unread) the
 * batch date. Written independently of the loader's query. */
#define NOV "(visit_date LIKE '2026-11-%' OR (visit_date IS NULL AND batch_date LIKE '2026-11-%'))"
#define COMPLIANCE_LABEL "Tingkat kepatuhan (tanpa temuan; yang belum pasti tidak dihitung)"
#define NOV_R "(r.visit_date LIKE '2026-11-%' OR (r.visit_date IS NULL AND r.batch_date LIKE '2026-11-%'))"

static char *g_dir, *g_db, *g_out;

static void field(dc_page_result *r, const char *id, const char *value, const char *review_field)
{
    dc_field_value *f = &r->fields[r->nfields++];
    f->id = dc_strdup(id);
    f->value = value ? dc_strdup(value) : NULL;
    f->confidence = value ? 0.97 : 1.0;
    f->state = value ? DC_STATE_ACCEPTED : DC_STATE_EMPTY;
    /* the visit dates are the batch dates: as the scanner accepts a handwritten one at less certainty */
    f->basis = !value ? DC_BASIS_NONE : strcmp(id, "visit_date") == 0 ? DC_BASIS_BATCH_DATE : DC_BASIS_READING;
    if (value && strcmp(id, "institution") == 0 && strcmp(value, "PT TELKOM INDONESIA") == 0) {
        /* a returning visitor's institution, read one letter off and taken as checked before */
        f->basis = DC_BASIS_SAME_VISITOR;
        f->read_as = dc_strdup("PT TELKOM INDONESLA");
    }
    if (review_field && strcmp(review_field, id) == 0) {
        f->state = DC_STATE_REVIEW;
        f->confidence = 0.41;
        f->basis = DC_BASIS_NONE;
    }
}

/* A small grey page image standing in for the scan's thumbnail. */
static unsigned char *thumb_png(size_t *len)
{
    PIX *pix = pixCreate(60, 85, 8);
    pixSetAllArbitrary(pix, 230);
    for (int y = 10; y < 70; y += 8)
        for (int x = 8; x < 52; x++)
            pixSetPixel(pix, x, y, 40);
    unsigned char *png = NULL;
    pixWriteMemPng(&png, len, pix, 0.0);
    pixDestroy(&pix);
    return png;
}

static void add_page(dc_archive *a, int64_t batch, const visit_spec *v, int index)
{
    char *file = dc_asprintf("%s/scan-%s.tif", g_dir, v->serial);
    char *content = dc_asprintf("fake scan %s %d", v->serial, index);
    ck_assert_int_eq(dc_write_file_atomic(file, content, strlen(content)), DC_OK);
    dc_page_result r = {0};
    r.file = file;
    r.page = 1;
    ck_assert_int_eq(dc_sha256_file_hex(file, r.file_sha256), DC_OK);
    dc_sha256_hex(content, strlen(content) - 1, r.image_sha256);
    r.status = DC_PAGE_FORM;
    snprintf(r.form, sizeof r.form, "access");
    r.template_version = 1;
    snprintf(r.serial, sizeof r.serial, "%s", v->serial);
    r.sheet_page = 1;
    r.dpi = 300;
    r.fields = calloc(24, sizeof *r.fields);
    bool granted = strcmp(v->decision, "granted") == 0;
    field(&r, "visit_date", v->date, v->review_field);
    field(&r, "arrival_time", v->arrival, v->review_field);
    field(&r, "visitor_name", v->name, v->review_field);
    field(&r, "institution", v->institution, v->review_field);
    field(&r, "id_type", "ktp", v->review_field);
    field(&r, "id_number", v->nik, v->review_field);
    field(&r, "phone", v->phone, v->review_field);
    field(&r, "purpose", v->purpose, v->review_field);
    field(&r, "purpose_detail", v->detail, v->review_field);
    field(&r, "brings_devices", "no", v->review_field);
    field(&r, "decision", v->decision, v->review_field);
    field(&r, "badge_number", v->badge, v->review_field);
    field(&r, "operator_name", "HENDRA", v->review_field);
    field(&r, "escort_name", v->escort, v->review_field);
    field(&r, "entry_time", v->entry, v->review_field);
    field(&r, "exit_time", v->exit, v->review_field);
    field(&r, "badge_returned", granted ? "true" : NULL, v->review_field);
    field(&r, "id_returned", granted ? "true" : NULL, v->review_field);
    field(&r, "visitor_signature", "true", v->review_field);
    field(&r, "operator_signature", "true", v->review_field);
    r.thumb_png = thumb_png(&r.thumb_png_len);
    bool stored = false;
    ck_assert_int_eq(dc_archive_add_page(a, batch, &r, &stored, NULL), DC_OK);
    ck_assert(stored);
    dc_page_result_clear(&r);
    free(content);
}

/* A form page of a scan file holding `content` (its name scan-SERIAL.tif), with no fields yet. */
static void form_page_of(dc_page_result *r, const char *content, const char *form, const char *serial, int sheet_page)
{
    memset(r, 0, sizeof *r);
    r->file = dc_asprintf("%s/scan-%s.tif", g_dir, serial);
    ck_assert_int_eq(dc_write_file_atomic(r->file, content, strlen(content)), DC_OK);
    ck_assert_int_eq(dc_sha256_file_hex(r->file, r->file_sha256), DC_OK);
    dc_sha256_hex(content, strlen(content), r->image_sha256);
    r->page = 1;
    r->status = DC_PAGE_FORM;
    snprintf(r->form, sizeof r->form, "%s", form);
    r->template_version = 1;
    snprintf(r->serial, sizeof r->serial, "%s", serial);
    r->sheet_page = sheet_page;
    r->dpi = 300;
}

/* A device checklist of `serial` stored in `batch`: signed by the operator, with one laptop
 * taken in and out when `device`, and rows 2 to `unused_to` read as the scan reads a row with
 * nothing on it (its texts empty, its boxes not ticked). */
static void add_checklist(dc_archive *a, int64_t batch, const char *serial, bool device, int unused_to)
{
    dc_page_result r;
    char *content = dc_asprintf("checklist %s", serial);
    form_page_of(&r, content, "checklist", serial, 2);
    free(content);
    r.fields = calloc(5 + 6 * (size_t)(unused_to > 1 ? unused_to - 1 : 0), sizeof *r.fields);
    field(&r, "operator_signature", "true", NULL);
    if (device) {
        field(&r, "device_1_name", "LAPTOP", NULL);
        field(&r, "device_1_serial", "SN12345", NULL);
        field(&r, "device_1_in", "true", NULL);
        field(&r, "device_1_out", "true", NULL);
    }
    for (int row = 2; row <= unused_to; row++) {
        static const char *const cols[] = {"name", "model", "serial", "in", "out", "remarks"};
        for (size_t c = 0; c < 6; c++) {
            char id[32];
            snprintf(id, sizeof id, "device_%d_%s", row, cols[c]);
            field(&r, id, c == 3 || c == 4 ? "false" : NULL, NULL);
        }
    }
    bool stored = false;
    ck_assert_int_eq(dc_archive_add_page(a, batch, &r, &stored, NULL), DC_OK);
    ck_assert(stored);
    dc_page_result_clear(&r);
}

static void build_archive(void)
{
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, g_db, DC_ARCHIVE_CREATE), DC_OK);
    dc_rules rules;
    dc_rules_default(&rules);
    for (size_t i = 0; i < NVISITS; i++) {
        int64_t batch = 0;
        ck_assert_int_eq(dc_archive_batch_begin(a, visits[i].date, &batch), DC_OK);
        add_page(a, batch, &visits[i], (int)i);
        if (i == 0) {   /* a foreign page rejected in the 2 November batch */
            dc_page_result r = {0};
            r.file = dc_asprintf("%s/scan-foreign.tif", g_dir);
            ck_assert_int_eq(dc_write_file_atomic(r.file, "foreign", 7), DC_OK);
            ck_assert_int_eq(dc_sha256_file_hex(r.file, r.file_sha256), DC_OK);
            r.page = 1;
            r.status = DC_PAGE_REJECTED;
            r.reason = dc_strdup("not a dcaccess form (no QR code)");
            bool stored = false;
            ck_assert_int_eq(dc_archive_add_page(a, batch, &r, &stored, NULL), DC_OK);
            dc_page_result_clear(&r);
        }
        ck_assert_int_eq(dc_archive_batch_end(a, batch, "finished"), DC_OK);
    }
    {   /* 31 October: a device checklist whose access form was never scanned */
        int64_t batch = 0;
        ck_assert_int_eq(dc_archive_batch_begin(a, "2026-10-31", &batch), DC_OK);
        add_checklist(a, batch, "000091", true, 0);
        /* in the same stack, a form dated two days before (its date misread, or brought in late) */
        static const visit_spec late = {"000092", "2026-10-29", "YUDI PRATAMA", "PT MAJU JAYA", "6171031203880009",
                                        "081299990000", "hosting", NULL, "granted", "10:00", "10:05", "10:40",
                                        "RINA", "4", NULL};
        add_page(a, batch, &late, 92);
        /* and a form nobody filled in: kept as an unused form, no visit */
        dc_page_result u;
        bool stored = false;
        form_page_of(&u, "unused 000093", "access", "000093", 1);
        ck_assert_int_eq(dc_archive_add_page(a, batch, &u, &stored, NULL), DC_OK);
        ck_assert(stored);
        dc_page_result_clear(&u);
        ck_assert_int_eq(dc_archive_batch_end(a, batch, "finished"), DC_OK);
    }
    ck_assert_int_eq(dc_archive_sync_records(a, &rules, NULL), DC_OK);
    /* An operator corrects a misread exit time: the audit shows old, new, who and why. */
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000104", "exit_time", "08:55", "operator1", "misread 5 as 0",
                                        NULL, NULL), DC_OK);
    dc_archive_close(a);
}

static void run(const char *cmd)
{
    int rc = system(cmd);
    ck_assert_msg(rc == 0, "command failed (%d): %s", rc, cmd);
}

/* Every workbook of the suite goes through one LibreOffice start (it is slow): all sheets -> CSV
 * (token 12 = -1), cell contents not "as shown" (token 9 false): number cells then come out in the
 * standard format of the export language, fixed to en-US (token 6 = 1033) so the output does not
 * depend on the machine's locale. */
static void convert_xlsx(const char *files)
{
    char *cmd = dc_asprintf(
        "cd '%s' && HOME='%s' timeout 120 soffice -env:UserInstallation=file://%s/lo-profile --headless "
        "--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false,false,-1' "
        "--outdir csv %s >soffice.log 2>&1",
        g_out, g_out, g_out, files);
    run(cmd);
    free(cmd);
}

static sqlite3 *open_db(void)
{
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open_v2(g_db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    return db;
}

static const dc_report_load_opts fixed_opts = {60, "Ir. AGUS SALIM", "197001011995031001", 1796083200 /* 2026-12-01 00:00 UTC */,
                                                "SOP defaults", SOP_STAMP};

static void write_all(void)
{
    sqlite3 *db = open_db();
    dc_report_daily *d = NULL, *oct31 = NULL;
    dc_report_monthly *m = NULL, *empty = NULL;
    dc_report_audit *au = NULL;
    ck_assert_int_eq(dc_report_daily_load(&d, db, g_db, "2026-11-02", &fixed_opts), DC_OK);
    ck_assert_int_eq(dc_report_daily_load(&oct31, db, g_db, "2026-10-31", &fixed_opts), DC_OK);
    ck_assert_int_eq(dc_report_monthly_load(&m, db, g_db, "2026-11", &fixed_opts), DC_OK);
    ck_assert_int_eq(dc_report_monthly_load(&empty, db, g_db, "2026-12", &fixed_opts), DC_OK);
    ck_assert_int_eq(dc_report_audit_load(&au, db, g_db, "2026-11", &fixed_opts), DC_OK);
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, g_db, DC_ARCHIVE_READONLY), DC_OK);
    dc_archive_problems probs = {0};
    ck_assert_int_eq(dc_archive_verify(&probs, a), DC_OK);
    ck_assert_int_eq(dc_report_audit_set_chain(au, &probs), DC_OK);
    dc_archive_problems_clear(&probs);
    dc_archive_close(a);
    sqlite3_close(db);

    char *p;
#define OUT(name) (p = dc_asprintf("%s/%s", g_out, name))
    ck_assert_int_eq(dc_report_daily_xlsx(d, DC_LANG_ID, OUT("harian-2026-11-02.xlsx")), DC_OK); free(p);
    ck_assert_int_eq(dc_report_daily_xlsx(d, DC_LANG_EN, OUT("daily-2026-11-02.xlsx")), DC_OK); free(p);
    ck_assert_int_eq(dc_report_daily_xlsx(oct31, DC_LANG_ID, OUT("harian-2026-10-31.xlsx")), DC_OK); free(p);
    ck_assert_int_eq(dc_report_monthly_xlsx(m, DC_LANG_ID, OUT("bulanan-2026-11.xlsx")), DC_OK); free(p);
    ck_assert_int_eq(dc_report_monthly_xlsx(m, DC_LANG_EN, OUT("monthly-2026-11.xlsx")), DC_OK); free(p);
    ck_assert_int_eq(dc_report_monthly_xlsx(empty, DC_LANG_ID, OUT("bulanan-2026-12.xlsx")), DC_OK); free(p);
    ck_assert_int_eq(dc_report_audit_xlsx(au, DC_LANG_ID, OUT("audit-2026-11.xlsx")), DC_OK); free(p);
    ck_assert_int_eq(dc_report_daily_pdf(d, DC_LANG_ID, OUT("harian-2026-11-02.pdf")), DC_OK); free(p);
    ck_assert_int_eq(dc_report_daily_pdf(d, DC_LANG_EN, OUT("daily-2026-11-02.pdf")), DC_OK); free(p);
    ck_assert_int_eq(dc_report_monthly_pdf(m, DC_LANG_ID, OUT("bulanan-2026-11.pdf")), DC_OK); free(p);
    ck_assert_int_eq(dc_report_monthly_pdf(m, DC_LANG_EN, OUT("monthly-2026-11.pdf")), DC_OK); free(p);
    ck_assert_int_eq(dc_report_monthly_pdf(empty, DC_LANG_ID, OUT("bulanan-2026-12.pdf")), DC_OK); free(p);
    ck_assert_int_eq(dc_report_audit_pdf(au, DC_LANG_ID, OUT("audit-2026-11.pdf")), DC_OK); free(p);
#undef OUT
    dc_report_daily_free(d);
    dc_report_daily_free(oct31);
    dc_report_monthly_free(m);
    dc_report_monthly_free(empty);
    dc_report_audit_free(au);
}

static void setup(void)
{
    g_dir = dc_test_tmpdir("report");
    g_db = dc_asprintf("%s/dcaccess.db", g_dir);
    g_out = dc_asprintf("%s/out", g_dir);
    mkdir(g_out, 0755);
    build_archive();
    write_all();
    convert_xlsx("harian-2026-11-02.xlsx daily-2026-11-02.xlsx bulanan-2026-11.xlsx monthly-2026-11.xlsx "
                 "bulanan-2026-12.xlsx audit-2026-11.xlsx harian-2026-10-31.xlsx");
}

static void teardown(void)
{
    if (!getenv("DC_KEEP_TMP"))
        dc_test_rmtree(g_dir);
    free(g_dir);
    free(g_db);
    free(g_out);
}

/* ---- helpers: SQL, CSV, PDF text ---- */

static long sql_long(const char *sql)
{
    sqlite3 *db = open_db();
    sqlite3_stmt *st = NULL;
    ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(db));
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    long v = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* Reads a CSV into rows of cells (quotes handled). */
typedef struct csv {
    size_t nrows;
    char **cells[256];
    size_t ncells[256];
} csv;

static void csv_load(csv *c, const char *name)
{
    char *path = dc_asprintf("%s/csv/%s", g_out, name);
    unsigned char *text = NULL;
    size_t len = 0;
    ck_assert_msg(dc_read_file(path, &text, &len) == DC_OK, "missing %s (LibreOffice export)", path);
    memset(c, 0, sizeof *c);
    char cell[1024];
    size_t n = 0;
    bool quoted = false;
    char **row = calloc(64, sizeof *row);
    size_t nrow = 0;
    for (size_t i = 0; i <= len; i++) {
        char ch = i < len ? (char)text[i] : '\n';
        if (quoted) {
            if (ch == '"' && i + 1 < len && text[i + 1] == '"') {
                cell[n++] = '"';
                i++;
            } else if (ch == '"') {
                quoted = false;
            } else if (n < sizeof cell - 1) {
                cell[n++] = ch;
            }
            continue;
        }
        if (ch == '"') {
            quoted = true;
        } else if (ch == ',' || ch == '\n') {
            cell[n] = 0;
            if (nrow < 64)
                row[nrow++] = dc_strdup(cell);
            n = 0;
            if (ch == '\n') {
                if (c->nrows < 256 && !(i == len && nrow == 1 && !*row[0])) {
                    c->cells[c->nrows] = row;
                    c->ncells[c->nrows++] = nrow;
                } else {
                    for (size_t k = 0; k < nrow; k++)
                        free(row[k]);
                    free(row);
                }
                row = calloc(64, sizeof *row);
                nrow = 0;
            }
        } else if (ch != '\r' && n < sizeof cell - 1) {
            cell[n++] = ch;
        }
    }
    for (size_t k = 0; k < nrow; k++)
        free(row[k]);
    free(row);
    free(text);
    free(path);
}

static void csv_free(csv *c)
{
    for (size_t r = 0; r < c->nrows; r++) {
        for (size_t k = 0; k < c->ncells[r]; k++)
            free(c->cells[r][k]);
        free(c->cells[r]);
    }
}

static const char *csv_at(const csv *c, size_t r, size_t k)
{
    return (r < c->nrows && k < c->ncells[r]) ? c->cells[r][k] : "";
}

/* The value in column k of the row whose first cell is `label`. */
static const char *csv_lookup(const csv *c, const char *label, size_t k)
{
    for (size_t r = 0; r < c->nrows; r++)
        if (strcmp(csv_at(c, r, 0), label) == 0)
            return csv_at(c, r, k);
    ck_abort_msg("no row \"%s\"", label);
    return "";
}

/* What a shell command prints (caller frees). */
static char *command_output(const char *cmd)
{
    FILE *f = popen(cmd, "r");
    ck_assert_ptr_nonnull(f);
    size_t len = 0;
    char *out = NULL, chunk[65536];
    for (size_t got; (got = fread(chunk, 1, sizeof chunk, f)) > 0; len += got) {
        out = realloc(out, len + got + 1);
        ck_assert_ptr_nonnull(out);
        memcpy(out + len, chunk, got);
    }
    out = out ? out : calloc(1, 1);
    ck_assert_ptr_nonnull(out);
    out[len] = 0;
    ck_assert_int_eq(pclose(f), 0);
    return out;
}

/* The text of the PDF at `path` (pdftotext -layout); caller frees. */
static char *pdf_text_at(const char *path)
{
    char *txt = dc_asprintf("%s.txt", path);
    char *cmd = dc_asprintf("pdftotext -layout '%s' '%s'", path, txt);
    run(cmd);
    unsigned char *text = NULL;
    size_t len = 0;
    ck_assert_int_eq(dc_read_file(txt, &text, &len), DC_OK);
    free(cmd);
    free(txt);
    return (char *)text;
}

/* The text of the report `name` written into the suite's output folder. */
static char *pdf_text(const char *name)
{
    char *path = dc_asprintf("%s/%s", g_out, name);
    char *text = pdf_text_at(path);
    free(path);
    return text;
}

static int pdf_pages(const char *name)
{
    char *cmd = dc_asprintf("pdfinfo '%s/%s' | awk '/^Pages:/ {print $2}'", g_out, name);
    FILE *f = popen(cmd, "r");
    int n = 0;
    ck_assert(f != NULL);
    ck_assert_int_eq(fscanf(f, "%d", &n), 1);
    pclose(f);
    free(cmd);
    return n;
}

/* Renders every page; pdftoppm fails on a broken page. Returns the number of PNGs written. */
static int pdf_render(const char *name)
{
    char *cmd = dc_asprintf("cd '%s' && rm -rf 'png-%s' && mkdir 'png-%s' && pdftoppm -r 40 -png '%s' 'png-%s/p' 2>&1 "
                            "| (! grep -v \"Invalid 'begincidrange' operator in ToUnicode CMap\") && ls 'png-%s' | wc -l > 'png-%s.n'",
                            g_out, name, name, name, name, name, name);
    run(cmd);
    free(cmd);
    char *nf = dc_asprintf("%s/png-%s.n", g_out, name);
    unsigned char *t = NULL;
    size_t len = 0;
    ck_assert_int_eq(dc_read_file(nf, &t, &len), DC_OK);
    int n = atoi((char *)t);
    free(t);
    free(nf);
    return n;
}

/* ---- unit tests ---- */

START_TEST(test_mask_keeps_first_and_last_four_digits)
{
    char *a = dc_report_mask("6171010101900003"), *b = dc_report_mask("081234567890"), *c = dc_report_mask("1234");
    ck_assert_str_eq(a, "6171********0003");
    ck_assert_str_eq(b, "0812****7890");
    ck_assert_str_eq(c, "****");
    ck_assert_ptr_null(dc_report_mask(NULL));
    free(a);
    free(b);
    free(c);
}
END_TEST

START_TEST(test_file_names_follow_the_language)
{
    char *n[6] = {dc_report_filename(DC_REPORT_DAILY, DC_LANG_ID, "2026-11-02", "xlsx"),
                  dc_report_filename(DC_REPORT_DAILY, DC_LANG_EN, "2026-11-02", "pdf"),
                  dc_report_filename(DC_REPORT_MONTHLY, DC_LANG_ID, "2026-11", "pdf"),
                  dc_report_filename(DC_REPORT_MONTHLY, DC_LANG_EN, "2026-11", "xlsx"),
                  dc_report_filename(DC_REPORT_AUDIT, DC_LANG_ID, "2026-11", "pdf"),
                  dc_report_filename(DC_REPORT_AUDIT, DC_LANG_EN, "2026-11", "xlsx")};
    ck_assert_str_eq(n[0], "harian-2026-11-02.xlsx");
    ck_assert_str_eq(n[1], "daily-2026-11-02.pdf");
    ck_assert_str_eq(n[2], "bulanan-2026-11.pdf");
    ck_assert_str_eq(n[3], "monthly-2026-11.xlsx");
    ck_assert_str_eq(n[4], "audit-2026-11.pdf");
    ck_assert_str_eq(n[5], "audit-en-2026-11.xlsx");   /* not the Indonesian one's name */
    for (int i = 0; i < 6; i++)
        free(n[i]);
}
END_TEST

START_TEST(test_periods_must_be_real_dates_and_months)
{
    int y = 0, m = 0, d = 0;
    ck_assert_int_eq(dc_report_period_parse(DC_REPORT_DAILY, "2028-02-29", &y, &m, &d), DC_OK);
    ck_assert_int_eq(y * 10000 + m * 100 + d, 20280229);
    ck_assert_int_eq(dc_report_period_parse(DC_REPORT_DAILY, "2026-02-29", NULL, NULL, NULL), DC_ERR_VALUE);
    ck_assert_int_eq(dc_report_period_parse(DC_REPORT_DAILY, "2026-11", NULL, NULL, NULL), DC_ERR_VALUE);
    ck_assert_int_eq(dc_report_period_parse(DC_REPORT_MONTHLY, "2026-13", NULL, NULL, NULL), DC_ERR_VALUE);
    ck_assert_int_eq(dc_report_period_parse(DC_REPORT_MONTHLY, "2026-11-02", NULL, NULL, NULL), DC_ERR_VALUE);
    ck_assert_int_eq(dc_report_period_parse(DC_REPORT_AUDIT, "2026-11", &y, &m, &d), DC_OK);
    ck_assert_int_eq(m, 11);
}
END_TEST

START_TEST(test_rule_labels_exist_in_both_languages)
{
    ck_assert_str_eq(dc_report_rule_label(DC_LANG_ID, "over_time_limit"), "Kunjungan melebihi batas waktu");
    ck_assert_str_eq(dc_report_rule_label(DC_LANG_EN, "over_time_limit"), "Visit over time limit");
    for (int r = 0; r < DC_RULE__COUNT; r++) {
        const char *id = dc_rule_name((dc_rule_id)r);
        ck_assert_msg(strcmp(dc_report_rule_label(DC_LANG_ID, id), id) != 0, "no Indonesian label for %s", id);
        ck_assert_msg(strcmp(dc_report_rule_label(DC_LANG_EN, id), id) != 0, "no English label for %s", id);
    }
    ck_assert_str_eq(dc_report_text(DC_LANG_ID, T_PAGE_N_OF_M), "Halaman %d dari %d");
    ck_assert_str_eq(dc_report_text(DC_LANG_EN, T_PAGE_N_OF_M), "Page %d of %d");
}
END_TEST

/* Several choices ticked, stored "maintenance+hosting": each one's label (the reports showed the
 * stored keys); labels of one row stay valid together */
START_TEST(test_several_choices_ticked_show_each_label)
{
    const char *purpose = dc_report_purpose_label(DC_LANG_ID, "maintenance+hosting");
    const char *decision = dc_report_decision_label(DC_LANG_EN, "granted+refused");
    ck_assert_str_eq(purpose, "Pemeliharaan/perbaikan perangkat & jaringan server + Hosting dan subdomain");
    ck_assert_str_eq(decision, "Granted + Refused");
    ck_assert_str_eq(dc_report_purpose_label(DC_LANG_EN, "hosting+xyz"), "Hosting and subdomain + xyz");
    ck_assert_str_eq(dc_report_purpose_label(DC_LANG_EN, "hosting"), "Hosting and subdomain");
    ck_assert_str_eq(dc_report_purpose_label(DC_LANG_EN, "xyz"), "xyz");
}
END_TEST

/* A report shows a field's value as the form prints its option, not the stored code, in either
 * language (they showed "granted", "ktp", "yes", "true"; the English ones did until the English
 * labels were added); a tick box and a signature say whether they are ticked or signed; a choice
 * is named as the visit tables name it ("ID card (KTP)" beside "ID type: ID card (KTP)") */
START_TEST(test_values_show_the_options_label_not_its_code)
{
    const struct {
        const char *field, *value, *id, *en;
    } want[] = {
        {"decision", "granted", "Diizinkan", "Granted"},
        {"decision", "refused", "Ditolak", "Refused"},
        {"id_type", "ktp", "KTP", "ID card (KTP)"},
        {"id_type", "passport", "Paspor", "Passport"},
        {"purpose", "maintenance", "Pemeliharaan/perbaikan perangkat & jaringan server",
         "Maintenance/repair of devices and network"},
        {"purpose", "hosting+other", "Hosting dan subdomain + Lainnya", "Hosting and subdomain + Other"},
        /* in the form's words (reports said "Website, application & data center management") */
        {"purpose", "management", "Pengelolaan website, aplikasi & data center",
         "Website/application/data center management"},
        {"brings_devices", "yes", "Ya", "Yes"},
        {"brings_devices", "no", "Tidak", "No"},
        {"badge_returned", "true", "dicentang", "ticked"},
        {"device_3_out", "false", "tidak dicentang", "not ticked"},
        {"visitor_signature", "true", "ada", "present"},
        {"checklist_operator_signature", "false", "tidak ada", "absent"},
        {"exit_time", "08:55", "08:55", "08:55"},
        {"visitor_name", "TRUE", "TRUE", "TRUE"},
        {"decision", "xyz", "xyz", "xyz"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        ck_assert_str_eq(dc_report_field_value_label(DC_LANG_ID, want[i].field, want[i].value), want[i].id);
        ck_assert_str_eq(dc_report_field_value_label(DC_LANG_EN, want[i].field, want[i].value), want[i].en);
    }
    ck_assert_ptr_null(dc_report_field_value_label(DC_LANG_EN, "decision", NULL));
    ck_assert_ptr_null(dc_report_field_value_label(DC_LANG_ID, "decision", NULL));
    /* the forms as their titles name them ("Formulir Akses ...", "Ceklist Perangkat ...") */
    ck_assert_str_eq(dc_report_form_label(DC_LANG_ID, "access"), "formulir akses");
    ck_assert_str_eq(dc_report_form_label(DC_LANG_ID, "checklist"), "ceklist perangkat");
    ck_assert_str_eq(dc_report_form_label(DC_LANG_EN, "access"), "access form");
    ck_assert_str_eq(dc_report_form_label(DC_LANG_EN, "checklist"), "device checklist");
    ck_assert_str_eq(dc_report_form_label(DC_LANG_ID, NULL), "");
    /* a date in a PDF table: day first in Indonesian, as stored in English; other text as is */
    char buf[32];
    dc_report_table_date(buf, sizeof buf, DC_LANG_ID, "2026-11-04");
    ck_assert_str_eq(buf, "04-11-2026");
    dc_report_table_date(buf, sizeof buf, DC_LANG_EN, "2026-11-04");
    ck_assert_str_eq(buf, "2026-11-04");
    dc_report_table_date(buf, sizeof buf, DC_LANG_ID, "–");
    ck_assert_str_eq(buf, "–");
    dc_report_table_date(buf, sizeof buf, DC_LANG_ID, "2026-11-4");
    ck_assert_str_eq(buf, "2026-11-4");
    dc_report_table_date(buf, sizeof buf, DC_LANG_ID, "");
    ck_assert_str_eq(buf, "");
}
END_TEST

/* The daily PDF's visit table has no decision column: a refused request's status says so, and that
 * it needs review when it does (it said only "Refused", while the workbook said "Needs review") */
START_TEST(test_a_refused_request_in_review_says_both)
{
    dc_report_visit v = {.decision = "refused", .needs_review = true, .has_access = true};
    ck_assert_str_eq(dc_report_status_or_refused_label(DC_LANG_EN, &v), "Refused, needs review");
    ck_assert_str_eq(dc_report_status_or_refused_label(DC_LANG_ID, &v), "Ditolak, perlu ditinjau");
    v.needs_review = false;
    ck_assert_str_eq(dc_report_status_or_refused_label(DC_LANG_EN, &v), "Refused");
    v.decision = "granted";
    ck_assert_str_eq(dc_report_status_or_refused_label(DC_LANG_EN, &v), "Complete");
    v.needs_review = true;
    ck_assert_str_eq(dc_report_status_or_refused_label(DC_LANG_ID, &v), "Perlu ditinjau");
    v.decision = "refused";
    v.has_access = false;   /* only the checklist scanned: no decision read */
    ck_assert_str_eq(dc_report_status_or_refused_label(DC_LANG_EN, &v), "No access form");
}
END_TEST

/* The scan words a page's reason in English and names a form by its code; the reports name it as
 * the English reports do ("access form", "device checklist"), in both languages (the Indonesian
 * column says the reason is in English): they showed "(form access serial 000107 page 1)" */
START_TEST(test_page_reasons_name_the_forms_as_the_reports_do)
{
    static const struct {
        char *in;
        const char *want;
    } cases[] = {
        {"same form sheet as /scans/0010.png page 1 (form access serial 000107 page 1)",
         "same form sheet as /scans/0010.png page 1 (access form serial 000107 page 1)"},
        {"same image as /scans/0011.png page 2 (form checklist serial 000107 page 2)",
         "same image as /scans/0011.png page 2 (device checklist serial 000107 page 2)"},
        {"unknown template: form checklist version 2", "unknown template: device checklist version 2"},
        {"not a dcaccess form (no registration marks / no QR): take it out of the stack",
         "not a dcaccess form (no registration marks / no QR): take it out of the stack"},
        {"platform access form access", "platform access form access"},   /* no code: left as it is */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = dc_report_page_reason(cases[i].in);
        ck_assert_pstr_eq(got, cases[i].want);
        free(got);
    }
    /* the reasons the scan writes, from their formats */
    char *in = dc_asprintf(DC_PAGE_SERIAL_TAKEN_FMT, "access", "000123", 1, "/scans/a.png", 1, "visitor_name, phone"),
         *got = dc_report_page_reason(in);
    ck_assert_str_eq(got, "another sheet has this serial: access form serial 000123 page 1 was read from /scans/a.png "
                          "page 1 with other writing (visitor_name, phone differ); two sheets carry one serial (a "
                          "photocopied or reprinted form set): this visit is not stored, keep its paper apart (see "
                          "README, troubleshooting)");
    free(in);
    free(got);
    in = dc_asprintf(DC_PAGE_MARKS_NOT_FOUND_FMT, "checklist", "000006", 2);
    got = dc_report_page_reason(in);
    ck_assert_str_eq(got, "registration marks not found (the QR names device checklist serial 000006 page 2): a corner "
                          "is folded, cut off or off the scanner glass; flatten the sheet and scan it again whole, at "
                          "100% on A4");
    free(in);
    free(got);
    in = dc_asprintf(DC_PAGE_VERSION_MARKS_FMT, "access", 3);
    got = dc_report_page_reason(in);
    ck_assert_str_eq(got, "registration marks of access form v3 not found");
    free(in);
    free(got);
    ck_assert_ptr_null(dc_report_page_reason(NULL));
}
END_TEST

START_TEST(test_unwritable_output_folder_is_named_in_the_error)
{
    dc_report_daily d = {.meta = {.archive_path = "x.db", .generated = 0, .period = "2026-11-02"}};
    ck_assert_int_eq(dc_report_daily_xlsx(&d, DC_LANG_ID, "/nonexistent-dir/harian.xlsx"), DC_ERR_IO);
    ck_assert_str_eq(dc_error_detail(), "output folder /nonexistent-dir: No such file or directory");
    ck_assert_int_eq(dc_report_daily_pdf(&d, DC_LANG_ID, "/nonexistent-dir/harian.pdf"), DC_ERR_IO);
    ck_assert_str_eq(dc_error_detail(), "output folder /nonexistent-dir: No such file or directory");
    char *dir = dc_test_tmpdir("report-ro");
    char *path = dc_asprintf("%s/harian.pdf", dir);
    chmod(dir, 0555);
    if (access(dir, W_OK) != 0) {   /* root can write anyway: then only the missing folder is checked */
        ck_assert_int_eq(dc_report_daily_pdf(&d, DC_LANG_ID, path), DC_ERR_IO);
        ck_assert_ptr_nonnull(strstr(dc_error_detail(), "not writable"));
    }
    chmod(dir, 0755);
    /* a report there already made read-only (protected on purpose) is kept, even for root; a
     * folder of the report's name is named */
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("signed", f);
    fclose(f);
    chmod(path, 0444);
    ck_assert_int_eq(dc_report_daily_pdf(&d, DC_LANG_ID, path), DC_ERR_IO);
    char *want = dc_asprintf("%s is read-only (protected, a signed copy?): kept as it is; write the report into "
                             "another folder with -o, or make the file writable first", path);
    ck_assert_str_eq(dc_error_detail(), want);
    free(want);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_size, 6);
    ck_assert_int_eq(unlink(path), 0);
    ck_assert_int_eq(mkdir(path, 0755), 0);
    ck_assert_int_eq(dc_report_daily_xlsx(&d, DC_LANG_ID, path), DC_ERR_IO);
    want = dc_asprintf("%s is a folder: move it away, or write the report into another folder with -o", path);
    ck_assert_str_eq(dc_error_detail(), want);
    free(want);
    dc_test_rmtree(dir);
    free(dir);
    free(path);
}
END_TEST

/* A full disk while a report is written: the report functions write under a temporary name
 * (XLSX: PATH.tmpPID.xlsx, PDF: PATH.tmp.PID) that is renamed when complete; pointing that
 * name at /dev/full makes every write fail with ENOSPC, as a disk that has just filled up. */
static void full_disk_at(const char *tmp)
{
    unlink(tmp);
    ck_assert_int_eq(symlink("/dev/full", tmp), 0);
}

START_TEST(test_a_full_disk_is_named_and_leaves_no_report)
{
    dc_report_daily d = {.meta = {.archive_path = "x.db", .generated = 0, .period = "2026-11-02"}};
    char *dir = dc_test_tmpdir("report-full");
    char *xlsx = dc_asprintf("%s/harian.xlsx", dir), *pdf = dc_asprintf("%s/harian.pdf", dir);
    /* both reports reach the disk through dc_write_file_atomic's temporary name (the workbook is
     * assembled in memory and read back first) */
    char *xtmp = dc_asprintf("%s.tmp.%ld", xlsx, (long)getpid()), *ptmp = dc_asprintf("%s.tmp.%ld", pdf, (long)getpid());
    full_disk_at(xtmp);
    ck_assert_int_eq(dc_report_daily_xlsx(&d, DC_LANG_ID, xlsx), DC_ERR_NO_SPACE);
    char *want = dc_asprintf("%s: No space left on device", xlsx);
    ck_assert_str_eq(dc_error_detail(), want);
    free(want);
    full_disk_at(ptmp);
    ck_assert_int_eq(dc_report_daily_pdf(&d, DC_LANG_ID, pdf), DC_ERR_NO_SPACE);
    want = dc_asprintf("%s: No space left on device", pdf);
    ck_assert_str_eq(dc_error_detail(), want);
    free(want);
    /* neither a report nor its temporary name is left behind */
    struct stat st;
    ck_assert_int_ne(lstat(xlsx, &st), 0);
    ck_assert_int_ne(lstat(pdf, &st), 0);
    ck_assert_int_ne(lstat(xtmp, &st), 0);
    ck_assert_int_ne(lstat(ptmp, &st), 0);
    dc_test_rmtree(dir);
    free(dir);
    free(xlsx);
    free(pdf);
    free(xtmp);
    free(ptmp);
}
END_TEST

/* A zip of stored (uncompressed) members, as a zip writer lays it out; `crc_fix` added to the
 * first member's recorded CRC-32 (0: the true one). With `descriptor`, each member's CRC-32 and
 * sizes follow its data in a data descriptor (flag bit 3) and its local header holds zeros, as a
 * streaming writer does. Returns its length in `out`. */
static size_t stored_zip_as(unsigned char *out, const char *const *names, const char *const *bodies, int n,
                            unsigned crc_fix, int descriptor)
{
    unsigned char *p = out, cdir[4096], *c = cdir;
    uint32_t offs[8];
#define PUT16(q, v) do { (q)[0] = (unsigned char)(v); (q)[1] = (unsigned char)((v) >> 8); (q) += 2; } while (0)
#define PUT32(q, v) do { PUT16(q, (v) & 0xFFFFu); PUT16(q, (uint32_t)(v) >> 16); } while (0)
    for (int i = 0; i < n; i++) {
        const uint32_t nl = (uint32_t)strlen(names[i]), bl = (uint32_t)strlen(bodies[i]);
        uint32_t crc = (uint32_t)crc32(crc32(0L, Z_NULL, 0), (const unsigned char *)bodies[i], bl);
        if (i == 0)
            crc += crc_fix;
        offs[i] = (uint32_t)(p - out);
        const uint32_t flags = descriptor ? 8u : 0u;
        PUT32(p, 0x04034b50u); PUT16(p, 20); PUT16(p, flags); PUT16(p, 0); PUT16(p, 0); PUT16(p, 0x21);
        PUT32(p, descriptor ? 0 : crc); PUT32(p, descriptor ? 0 : bl); PUT32(p, descriptor ? 0 : bl);
        PUT16(p, nl); PUT16(p, 0);
        memcpy(p, names[i], nl); p += nl;
        memcpy(p, bodies[i], bl); p += bl;
        if (descriptor) {
            PUT32(p, 0x08074b50u); PUT32(p, crc); PUT32(p, bl); PUT32(p, bl);
        }
        PUT32(c, 0x02014b50u); PUT16(c, 20); PUT16(c, 20); PUT16(c, flags); PUT16(c, 0); PUT16(c, 0); PUT16(c, 0x21);
        PUT32(c, crc); PUT32(c, bl); PUT32(c, bl); PUT16(c, nl); PUT16(c, 0); PUT16(c, 0); PUT16(c, 0);
        PUT16(c, 0); PUT32(c, 0); PUT32(c, offs[i]);
        memcpy(c, names[i], nl); c += nl;
    }
    const uint32_t cd_off = (uint32_t)(p - out), cd_size = (uint32_t)(c - cdir);
    memcpy(p, cdir, cd_size); p += cd_size;
    PUT32(p, 0x06054b50u); PUT16(p, 0); PUT16(p, 0); PUT16(p, n); PUT16(p, n);
    PUT32(p, cd_size); PUT32(p, cd_off); PUT16(p, 0);
#undef PUT32
#undef PUT16
    return (size_t)(p - out);
}

static size_t stored_zip(unsigned char *out, const char *const *names, const char *const *bodies, int n,
                         unsigned crc_fix)
{
    return stored_zip_as(out, names, bodies, n, crc_fix, 0);
}

START_TEST(test_zip_check_finds_a_cut_part_a_bad_checksum_and_a_cut_file)
{
    static unsigned char z[8192];
    const char *names[] = { "[Content_Types].xml", "xl/worksheets/sheet1.xml", "xl/media/image1.png" };
    const char *whole[] = { "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types a=\"1\"><Default/></Types>\n",
                            "<?xml version=\"1.0\"?><!-- made here --><worksheet><row r=\"1\"/></worksheet>",
                            "\x89PNG not xml" };
    size_t n = stored_zip(z, names, whole, 3, 0);
    ck_assert_int_eq(dc_zip_check_buffer(z, n, "w.xlsx"), DC_OK);
    /* a root element that closes itself is a whole document too */
    const char *empty[] = { "<Types/>", "<worksheet></worksheet>", "" };
    n = stored_zip(z, names, empty, 3, 0);
    ck_assert_int_eq(dc_zip_check_buffer(z, n, "w.xlsx"), DC_OK);
    /* the sheet cut in the middle of a tag, as a part written to a full disk comes back */
    const char *cut[] = { whole[0], "<?xml version=\"1.0\"?><worksheet><row r=\"1", whole[2] };
    n = stored_zip(z, names, cut, 3, 0);
    ck_assert_int_eq(dc_zip_check_buffer(z, n, "w.xlsx"), DC_ERR_XLSX);
    ck_assert_str_eq(dc_error_detail(), "w.xlsx: part xl/worksheets/sheet1.xml is cut short (41 bytes, its document is not closed)");
    /* cut after a whole inner element, and a part with nothing in it */
    const char *cut2[] = { "<Types><Default/></Types>", "<worksheet><row/>", whole[2] };
    n = stored_zip(z, names, cut2, 3, 0);
    ck_assert_int_eq(dc_zip_check_buffer(z, n, "w.xlsx"), DC_ERR_XLSX);
    const char *nothing[] = { "", whole[1], whole[2] };
    n = stored_zip(z, names, nothing, 3, 0);
    ck_assert_int_eq(dc_zip_check_buffer(z, n, "w.xlsx"), DC_ERR_XLSX);
    ck_assert_str_eq(dc_error_detail(), "w.xlsx: part [Content_Types].xml is cut short (0 bytes, its document is not closed)");
    /* a part that is not UTF-8 text, or holds a control character: a reader refuses it */
    const char *notutf[] = { whole[0], "<worksheet><c>A\xFF</c></worksheet>", whole[2] };
    n = stored_zip(z, names, notutf, 3, 0);
    ck_assert_int_eq(dc_zip_check_buffer(z, n, "w.xlsx"), DC_ERR_XLSX);
    ck_assert_str_eq(dc_error_detail(), "w.xlsx: part xl/worksheets/sheet1.xml is not valid XML text (not UTF-8 at byte 16)");
    const char *control[] = { whole[0], "<worksheet>\n\t<c>A\x01</c></worksheet>", whole[2] };
    n = stored_zip(z, names, control, 3, 0);
    ck_assert_int_eq(dc_zip_check_buffer(z, n, "w.xlsx"), DC_ERR_XLSX);
    ck_assert_str_eq(dc_error_detail(),
                     "w.xlsx: part xl/worksheets/sheet1.xml is not valid XML text (a control character at byte 18)");
    /* a member whose bytes do not match its recorded checksum */
    n = stored_zip(z, names, whole, 3, 1);
    ck_assert_int_eq(dc_zip_check_buffer(z, n, "w.xlsx"), DC_ERR_XLSX);
    ck_assert_str_eq(dc_error_detail(),
                     "w.xlsx: part [Content_Types].xml is damaged (it does not unpack to its size and checksum)");
    /* a local header that disagrees with the directory: a reader going by either must get the same */
    n = stored_zip(z, names, whole, 3, 0);
    z[14] ^= 1;   /* the first local header's CRC-32 */
    ck_assert_int_eq(dc_zip_check_buffer(z, n, "w.xlsx"), DC_ERR_XLSX);
    ck_assert_str_eq(dc_error_detail(), "w.xlsx: part [Content_Types].xml: its local header is damaged");
    /* CRC-32 and sizes in a data descriptor after the data: whole, unless the descriptor is wrong */
    n = stored_zip_as(z, names, whole, 3, 0, 1);
    ck_assert_int_eq(dc_zip_check_buffer(z, n, "w.xlsx"), DC_OK);
    z[30 + strlen(names[0]) + strlen(whole[0]) + 4] ^= 1;   /* the descriptor's CRC-32, after its signature */
    ck_assert_int_eq(dc_zip_check_buffer(z, n, "w.xlsx"), DC_ERR_XLSX);
    ck_assert_str_eq(dc_error_detail(), "w.xlsx: part [Content_Types].xml: its data descriptor is damaged");
    /* the file itself cut short: no end record */
    n = stored_zip(z, names, whole, 3, 0);
    ck_assert_int_eq(dc_zip_check_buffer(z, n - 5, "w.xlsx"), DC_ERR_XLSX);
    ck_assert_str_eq(dc_error_detail(), "w.xlsx: the workbook is cut short or damaged (no zip end record)");
    ck_assert_int_eq(dc_zip_check_buffer(z, 10, "w.xlsx"), DC_ERR_XLSX);
    ck_assert_str_eq(dc_error_detail(), "w.xlsx: the workbook is cut short (10 bytes, no zip directory)");
    /* a file that is not there */
    ck_assert_int_eq(dc_zip_check("/nonexistent/w.xlsx"), DC_ERR_IO);
}
END_TEST

/* A daily workbook of an empty day with a fixed generation time (so its bytes are fixed: the
 * creation date among them), written to a new temporary folder; *dir and the returned path
 * belong to the caller. */
static char *fixed_daily_workbook(const char *name, char **dir)
{
    dc_report_daily d = {.meta = {.archive_path = "x.db", .generated = 1796083200, .period = "2026-11-02"}};
    *dir = dc_test_tmpdir(name);
    char *xlsx = dc_asprintf("%s/harian.xlsx", *dir);
    ck_assert_int_eq(dc_report_daily_xlsx(&d, DC_LANG_ID, xlsx), DC_OK);
    return xlsx;
}

START_TEST(test_every_workbook_written_reads_back_whole)
{
    /* the workbooks libxlsxwriter writes (deflated members) pass the check the writer now runs */
    char *dir = NULL;
    char *xlsx = fixed_daily_workbook("report-zip", &dir);
    ck_assert_int_eq(dc_zip_check(xlsx), DC_OK);
    /* its creation date is the report's generation time, so the same report is the same file */
    char *cmd = dc_asprintf("unzip -p '%s' docProps/core.xml", xlsx);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    char core[4096] = {0};
    size_t got = fread(core, 1, sizeof core - 1, p);
    pclose(p);
    ck_assert_uint_gt(got, 0);
    ck_assert_ptr_nonnull(strstr(core, "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-12-01T00:00:00Z</dcterms:created>"));
    free(cmd);
    /* one byte changed inside the deflated data: the check finds it */
    unsigned char *buf = NULL;
    size_t len = 0;
    ck_assert_int_eq(dc_read_file(xlsx, &buf, &len), DC_OK);
    ck_assert_uint_gt(len, 200);
    buf[100] ^= 0x55;
    ck_assert_int_eq(dc_zip_check_buffer(buf, len, "harian.xlsx"), DC_ERR_XLSX);
    buf[100] ^= 0x55;
    ck_assert_int_eq(dc_zip_check_buffer(buf, len, "harian.xlsx"), DC_OK);
    /* the first part's compressed size one byte too long in both its headers: its deflated data
     * end before the size says, so a reader going member by member would lose its place */
    const size_t cd = (size_t)buf[len - 6] | (size_t)buf[len - 5] << 8 | (size_t)buf[len - 4] << 16 |
                      (size_t)buf[len - 3] << 24;   /* the end record (no comment) holds the directory's offset */
    ck_assert_uint_eq(buf[cd + 20], buf[18]);
    buf[18]++;
    buf[cd + 20]++;
    ck_assert_int_eq(dc_zip_check_buffer(buf, len, "harian.xlsx"), DC_ERR_XLSX);
    ck_assert_str_eq(dc_error_detail(),
                     "harian.xlsx: part [Content_Types].xml is damaged (it does not unpack to its size and checksum)");
    free(buf);
    /* nothing but the workbook in the folder: the parts' temporary files are gone */
    char *ls = dc_asprintf("ls -A '%s' | wc -l", dir);
    FILE *f = popen(ls, "r");
    ck_assert_ptr_nonnull(f);
    int count = -1;
    ck_assert_int_eq(fscanf(f, "%d", &count), 1);
    pclose(f);
    ck_assert_int_eq(count, 1);
    free(ls);
    dc_test_rmtree(dir);
    free(dir);
    free(xlsx);
}
END_TEST

/* Marks in mask[] the bytes of a zip no reader takes content from: each member's dates and times
 * (local and directory), the directory's "version made by", internal and external attributes and
 * comment. Written apart from dc_zipcheck, from the zip format's layout. */
static void zip_metadata_mask(const unsigned char *d, size_t len, unsigned char *mask)
{
#define U16(q) ((size_t)(d[(q)] | d[(q) + 1] << 8))
#define U32(q) ((size_t)d[(q)] | (size_t)d[(q) + 1] << 8 | (size_t)d[(q) + 2] << 16 | (size_t)d[(q) + 3] << 24)
    memset(mask, 0, len);
    size_t eocd = len - 22;
    while (U32(eocd) != 0x06054b50u)
        eocd--;
    size_t p = U32(eocd + 16);
    for (size_t k = 0, n = U16(eocd + 10); k < n; k++) {
        const size_t nl = U16(p + 28), xl = U16(p + 30), ml = U16(p + 32), loc = U32(p + 42);
        memset(mask + p + 4, 1, 2);                 /* version made by */
        memset(mask + p + 12, 1, 4);                /* time, date */
        memset(mask + p + 36, 1, 6);                /* internal, external attributes */
        memset(mask + p + 46 + nl + xl, 1, ml);     /* comment */
        memset(mask + loc + 10, 1, 4);              /* the local header's time, date */
        p += 46 + nl + xl + ml;
    }
#undef U16
#undef U32
}

START_TEST(test_zip_check_survives_damaged_workbooks)
{
    /* 3,000 damaged copies of a real workbook (bytes changed at random, or cut at a random
     * length): the check never reads out of bounds (the suite runs under ASan), never says "whole"
     * for a cut file, and a copy it passes differs only in dates, times and attributes */
    /* the workbook's bytes are fixed, and so is what the seeded damage does to them */
    char *dir = NULL;
    char *xlsx = fixed_daily_workbook("report-zipfuzz", &dir);
    unsigned char *good = NULL;
    size_t len = 0;
    ck_assert_int_eq(dc_read_file(xlsx, &good, &len), DC_OK);
    unsigned char *bad = malloc(len), *meta = malloc(len);
    ck_assert_ptr_nonnull(bad);
    ck_assert_ptr_nonnull(meta);
    zip_metadata_mask(good, len, meta);
    uint64_t rng = 19;
    int passed = 0, refused = 0;
    for (int i = 0; i < 3000; i++) {
        memcpy(bad, good, len);
        size_t n = len;
        if (i % 3 == 0) {
            n = (size_t)(dc_splitmix64(&rng) % len);   /* cut short */
        } else {
            const int flips = 1 + (int)(dc_splitmix64(&rng) % 4);
            for (int f = 0; f < flips; f++)
                bad[dc_splitmix64(&rng) % len] ^= (unsigned char)(1u + dc_splitmix64(&rng) % 255u);
        }
        const int rc = dc_zip_check_buffer(bad, n, "harian.xlsx");
        ck_assert_msg(rc == DC_OK || rc == DC_ERR_XLSX, "copy %d: %s", i, dc_error_detail());
        if (i % 3 == 0)
            ck_assert_int_eq(rc, DC_ERR_XLSX);
        if (rc == DC_OK) {
            passed++;
            for (size_t k = 0; k < len; k++)
                ck_assert_msg(bad[k] == good[k] || meta[k], "copy %d passed with byte %zu changed", i, k);
        } else {
            refused++;
        }
    }
    /* what passes changed only bytes no reader takes content from (asserted above) */
    ck_assert_int_eq(refused, 2982);   /* of this workbook's bytes: a change to the daily workbook moves it */
    ck_assert_int_eq(passed + refused, 3000);
    free(meta);
    free(bad);
    free(good);
    dc_test_rmtree(dir);
    free(dir);
    free(xlsx);
}
END_TEST

START_TEST(test_text_longer_than_a_report_holds_is_cut_with_a_note)
{
    /* whole characters are kept (é is two bytes), and the note says how many were left out */
    char e150[301] = "";
    for (int i = 0; i < 150; i++)
        strcat(e150, "é");
    char *cut = dc_report_cut_text(DC_LANG_ID, e150, 100);
    ck_assert_ptr_nonnull(cut);
    char want[400];
    snprintf(want, sizeof want, "%.82s … [dan 109 karakter lagi; teks lengkap tersimpan di arsip]", e150);
    ck_assert_str_eq(cut, want);
    ck_assert_uint_eq(dc_report_chars(cut), 100);
    free(cut);
    cut = dc_report_cut_text(DC_LANG_EN, e150, 150);   /* fits: unchanged */
    ck_assert_str_eq(cut, e150);
    free(cut);
}
END_TEST

/* A correction's reason of 40,000 characters: the workbook used to fail as a whole ("String exceeds
 * Excel's limit of 32,767 characters"); now its cell holds the start and a note, and the PDF shows
 * the reason wrapped under the correction, cut at 2,000 characters. */
/* The audit's "accepted by the scan, corrected later" counts a value the scan accepted and a person
 * changed; not one a person only confirmed, nor the batch date or rules (shown as fields, read by
 * no scan), nor a value the scan left in review. All the scan accepted are the whole. A field it
 * read as empty that a person filled in (writing it missed) is counted apart. */
START_TEST(test_accepted_then_corrected_counts_only_values_a_person_changed)
{
    dc_report_correction changed = {.old_value = "08:50", .new_value = "08:55", .old_state = "accepted", .old_conf = 0.97},
                         confirmed = {.old_value = "0021", .new_value = "0021", .old_state = "accepted", .old_conf = 0.99},
                         date = {.old_value = "2026-11-02", .new_value = "2026-11-03", .old_state = "accepted", .old_conf = -1},
                         rules = {.old_value = "a", .new_value = "b", .old_state = "accepted", .old_conf = -1},
                         reviewed = {.old_value = "7", .new_value = "1", .old_state = "review", .old_conf = 0.41},
                         missed = {.old_value = NULL, .new_value = "RUDI", .old_state = "empty", .old_conf = 0.99};
    dc_report_field fields[] = {
        {.id = "exit_time", .value = "08:55", .state = "corrected", .basis = "reading", .corrections = &changed, .ncorrections = 1},
        {.id = "badge_number", .value = "0021", .state = "corrected", .basis = "reading", .corrections = &confirmed, .ncorrections = 1},
        {.id = "batch_date", .value = "2026-11-03", .state = "corrected", .corrections = &date, .ncorrections = 1},
        {.id = "rules", .value = "b", .state = "corrected", .corrections = &rules, .ncorrections = 1},
        {.id = "entry_time", .value = "1", .state = "corrected", .corrections = &reviewed, .ncorrections = 1},
        {.id = "visit_date", .value = "2026-11-02", .state = "accepted", .basis = "batch_date"},
        {.id = "phone", .value = "0812", .state = "accepted", .basis = "reading"},
        {.id = "escort_name", .value = "RUDI", .state = "corrected", .corrections = &missed, .ncorrections = 1},
    };
    dc_report_record rec = {.fields = fields, .nfields = sizeof fields / sizeof fields[0]};
    dc_report_audit m = {.records = &rec, .nrecords = 1};
    size_t counts[DC_REPORT_NBASES];
    ck_assert_uint_eq(dc_report_audit_corrected_bases(&m, counts), 1);
    ck_assert_uint_eq(counts[DC_BASIS_READING], 1);
    /* the accepted values by basis are the 4 of "1 of 4": the changed and the confirmed ones too
     * (they counted 2, so the lines did not add up to the whole) */
    ck_assert_uint_eq(dc_report_audit_bases(&m, counts), 4);
    ck_assert_uint_eq(counts[DC_BASIS_READING], 3);
    ck_assert_uint_eq(counts[DC_BASIS_BATCH_DATE], 1);
    char buf[256];
    dc_report_audit_corrected_text(buf, sizeof buf, DC_LANG_EN, &m);
    ck_assert_str_eq(buf, "1 of 4 accepted values (25.00%): sure reading 1; fields read as empty, filled in later by a "
                          "person: 1; fields the scan left in review, then set by a person: 1");
    fields[0].value = "08:50";   /* put back to what was read: a confirmation after all */
    dc_report_audit_corrected_text(buf, sizeof buf, DC_LANG_EN, &m);
    ck_assert_str_eq(buf, "0 of 4 accepted values (0.00%); fields read as empty, filled in later by a person: 1; "
                          "fields the scan left in review, then set by a person: 1");
    fields[7].value = NULL;   /* emptied again: nothing the scan missed */
    dc_report_audit_corrected_text(buf, sizeof buf, DC_LANG_EN, &m);
    ck_assert_str_eq(buf, "0 of 4 accepted values (0.00%); fields the scan left in review, then set by a person: 1");
    fields[4].corrections = NULL;   /* nothing set by a person but a confirmation: what it counts, 0 of 4 */
    fields[4].ncorrections = 0;
    fields[4].state = "review";
    dc_report_audit_corrected_text(buf, sizeof buf, DC_LANG_EN, &m);
    ck_assert_str_eq(buf, "0 of 4 accepted values (0.00%)");
    dc_report_audit m0 = {0};   /* no value accepted, none set: nothing to count */
    dc_report_audit_corrected_text(buf, sizeof buf, DC_LANG_EN, &m0);
    ck_assert_str_eq(buf, "None.");
}
END_TEST

/* Every value a person corrected had been left in review by the scan: the line said "None." /
 * "Tidak ada." beside corrections the record tables show. It says what it counts, the values the
 * scan accepted (none of them corrected), and counts those it left in review that a person set. */
START_TEST(test_accepted_then_corrected_says_what_it_counts_when_none)
{
    dc_report_correction reviewed = {.old_value = "7", .new_value = "1", .old_state = "review", .old_conf = 0.41},
                         as_read = {.old_value = "RUDI", .new_value = "RUDI", .old_state = "review", .old_conf = 0.52};
    dc_report_field fields[] = {
        {.id = "visit_date", .value = "2026-11-02", .state = "accepted", .basis = "batch_date"},
        {.id = "phone", .value = "0812", .state = "accepted", .basis = "reading"},
        {.id = "entry_time", .value = "1", .state = "corrected", .corrections = &reviewed, .ncorrections = 1},
        {.id = "visitor_name", .value = "RUDI", .state = "corrected", .corrections = &as_read, .ncorrections = 1},
        {.id = "institution", .value = "PT X", .state = "review"},   /* still in review: not set */
    };
    dc_report_record rec = {.fields = fields, .nfields = sizeof fields / sizeof fields[0]};
    dc_report_audit m = {.records = &rec, .nrecords = 1};
    char buf[256];
    dc_report_audit_corrected_text(buf, sizeof buf, DC_LANG_EN, &m);
    ck_assert_str_eq(buf, "0 of 2 accepted values (0.00%); fields the scan left in review, then set by a person: 2");
    dc_report_audit_corrected_text(buf, sizeof buf, DC_LANG_ID, &m);
    ck_assert_str_eq(buf, "0 dari 2 nilai yang diterima (0,00%); isian yang diserahkan pemindai untuk ditinjau, lalu "
                          "ditetapkan petugas: 2");
    fields[1].value = "0813";   /* and one the scan accepted, changed by a person */
    fields[1].state = "corrected";
    dc_report_correction changed = {.old_value = "0812", .new_value = "0813", .old_state = "accepted", .old_conf = 0.97};
    fields[1].corrections = &changed;
    fields[1].ncorrections = 1;
    dc_report_audit_corrected_text(buf, sizeof buf, DC_LANG_ID, &m);
    ck_assert_str_eq(buf, "1 dari 2 nilai yang diterima (50,00%): bacaan yakin 1; isian yang diserahkan pemindai untuk "
                          "ditinjau, lalu ditetapkan petugas: 2");
}
END_TEST

START_TEST(test_a_reason_too_long_for_a_cell_still_gives_an_audit)
{
    char *dir = dc_test_tmpdir("report-longwhy");
    char *why = malloc(40001);
    ck_assert_ptr_nonnull(why);
    memset(why, 'x', 40000);
    why[40000] = 0;
    dc_report_correction corr = {.old_value = "08:50", .new_value = "08:55", .who = "operator1",
                                 .at = "2026-11-03T09:15:00Z", .why = why, .old_conf = 0.97};
    dc_report_field field = {.id = "exit_time", .value = "08:55", .confidence = 1, .state = "corrected",
                             .corrections = &corr, .ncorrections = 1};
    dc_report_record rec = {.fields = &field, .nfields = 1};
    snprintf(rec.visit.serial, sizeof rec.visit.serial, "000104");
    dc_report_audit m = {.meta = {.archive_path = "x.db", .generated = 1796083200, .period = "2026-11"},
                         .records = &rec, .nrecords = 1};
    char *xlsx = dc_asprintf("%s/audit.xlsx", dir), *pdf = dc_asprintf("%s/audit.pdf", dir);
    ck_assert_int_eq(dc_report_audit_xlsx(&m, DC_LANG_ID, xlsx), DC_OK);
    ck_assert_int_eq(dc_report_audit_pdf(&m, DC_LANG_ID, pdf), DC_OK);
    /* the cell: 32,706 x and the note, 32,766 characters */
    char *cmd = dc_asprintf("unzip -p '%s' xl/sharedStrings.xml", xlsx);
    char *text = command_output(cmd);
    const char *note = strstr(text, " … [dan 7294 karakter lagi; teks lengkap tersimpan di arsip]<");
    ck_assert_ptr_nonnull(note);
    const char *start = note;
    while (start > text && start[-1] == 'x')
        start--;
    ck_assert_int_eq(note - start, 32706);
    free(text);
    free(cmd);
    /* the PDF: the correction's row, then its reason wrapped over lines, cut at 2,000 characters */
    cmd = dc_asprintf("pdftotext '%s' - | tr -s ' \\n' '  '", pdf);   /* lines joined by one space */
    text = command_output(cmd);
    const char *reason = strstr(text, "Alasan: x");
    ck_assert_ptr_nonnull(reason);
    reason += strlen("Alasan: ");
    /* (the note's start only: the rest may run onto the next page, past its footer) */
    note = strstr(reason, " … [dan 38061 karakter lagi;");
    ck_assert_ptr_nonnull(note);
    size_t xs = 0, breaks = 0;   /* the x run is broken over lines, so a space where it is */
    for (const char *q = reason; q < note; q++) {
        ck_assert_msg(*q == 'x' || *q == ' ', "unexpected character in the reason: %c", *q);
        xs += *q == 'x';
        breaks += *q == ' ';
    }
    ck_assert_uint_eq(xs, 1939);
    ck_assert_uint_gt(breaks, 10);   /* 1,939 x do not fit on fewer lines */
    free(text);
    free(cmd);
    cmd = dc_asprintf("pdftotext -layout '%s' -", pdf);
    text = command_output(cmd);
    const char *row = strstr(text, "exit_time");
    ck_assert_ptr_nonnull(row);
    row = strstr(row + 1, "exit_time");   /* the corrections table's row, after the fields table's */
    ck_assert_ptr_nonnull(row);
    char old[16], new_value[16], when[32];
    /* an Indonesian report: a decimal comma */
    ck_assert_int_eq(sscanf(row, "exit_time %15s (0,97) %15s operator1 %31[0-9: -]UTC", old, new_value, when), 3);
    ck_assert_str_eq(old, "08:50");
    ck_assert_str_eq(new_value, "08:55");
    ck_assert_str_eq(when, "03-11-2026 09:15 ");   /* the Indonesian way, as the visit dates */
    free(text);
    free(cmd);
    free(xlsx);
    free(pdf);
    free(why);
    dc_test_rmtree(dir);
    free(dir);
}
END_TEST

/* Characters the PDF's fonts cannot show are told, the first six distinct ones in the order met:
 * Chinese characters (no glyph in DejaVu: boxes) and an emoji (outside the BMP: left out). Latin
 * letters with marks show, and the next PDF starts from none. */
static const dc_report_unshown *daily_pdf_unshown(const char *dir, const char *name, const char *institution)
{
    dc_report_daily d = {.meta = {.archive_path = "/srv/dcaccess.db", .generated = 1796083200, .period = "2026-11-02"}};
    dc_report_visit v = {.serial = "000001", .date = "2026-11-02", .name = (char *)name,
                         .institution = (char *)institution, .entry_min = 540, .exit_min = 570, .duration_min = 30,
                         .arrival_min = -1};
    d.visits = &v;
    d.nvisits = 1;
    char *pdf = dc_asprintf("%s/harian.pdf", dir);
    ck_assert_int_eq(dc_report_daily_pdf(&d, DC_LANG_ID, pdf), DC_OK);
    free(pdf);
    return dc_report_pdf_unshown();
}

START_TEST(test_characters_a_pdf_cannot_show_are_told)
{
    char *dir = dc_test_tmpdir("report-unshown");
    const dc_report_unshown *u = daily_pdf_unshown(dir, "王小明 😀 王", "PT ŁÓDŹ ĞÜL");
    ck_assert_uint_eq(u->nchars, 4);
    ck_assert_uint_eq(u->chars[0], 0x738B);   /* 王 */
    ck_assert_uint_eq(u->chars[1], 0x5C0F);   /* 小 */
    ck_assert_uint_eq(u->chars[2], 0x660E);   /* 明 */
    ck_assert_uint_eq(u->chars[3], 0x1F600);  /* the emoji */
    ck_assert(!u->more);
    u = daily_pdf_unshown(dir, "ÅSA ŁUKASZ", "PT ĞÜL ŞÉN");
    ck_assert_uint_eq(u->nchars, 0);
    /* seven: six are kept, and that there are more */
    u = daily_pdf_unshown(dir, "一二三四五六七", NULL);
    ck_assert_uint_eq(u->nchars, 6);
    ck_assert_uint_eq(u->chars[5], 0x516D);   /* 六 */
    ck_assert(u->more);
    dc_test_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(test_long_daily_table_repeats_its_header_on_every_page)
{
    char *dir = dc_test_tmpdir("report-long");
    dc_report_daily d = {.meta = {.archive_path = "/srv/dcaccess.db", .generated = 1796083200, .period = "2026-11-02"}};
    d.nvisits = 150;
    d.visits = calloc(d.nvisits, sizeof *d.visits);
    for (size_t i = 0; i < d.nvisits; i++) {
        dc_report_visit *v = &d.visits[i];
        snprintf(v->serial, sizeof v->serial, "%06zu", i + 1);
        snprintf(v->date, sizeof v->date, "2026-11-02");
        v->name = dc_asprintf("VISITOR %zu", i + 1);
        v->entry_min = 8 * 60 + (int)i;
        v->exit_min = v->entry_min + 30;
        v->duration_min = 30;
        v->arrival_min = -1;
    }
    char *pdf = dc_asprintf("%s/long.pdf", dir);
    ck_assert_int_eq(dc_report_daily_pdf(&d, DC_LANG_ID, pdf), DC_OK);
    char *cmd = dc_asprintf("pdfinfo '%s' | awk '/^Pages:/ {print $2}'", pdf);
    FILE *f = popen(cmd, "r");
    int pages = 0;
    ck_assert_int_eq(fscanf(f, "%d", &pages), 1);
    pclose(f);
    free(cmd);
    ck_assert_int_ge(pages, 3);
    for (int pg = 2; pg <= pages; pg++) {
        cmd = dc_asprintf("pdftotext -layout -f %d -l %d '%s' - 2>/dev/null", pg, pg, pdf);
        f = popen(cmd, "r");
        char *text = calloc(1, 65536);
        size_t n = fread(text, 1, 65535, f);
        text[n] = 0;
        pclose(f);
        char want[64];
        snprintf(want, sizeof want, "Halaman %d dari %d", pg, pages);
        ck_assert_msg(strstr(text, want) != NULL, "page %d: no \"%s\"", pg, want);
        ck_assert_msg(strstr(text, "PEMERINTAH KOTA PONTIANAK") != NULL, "page %d: no SOP header", pg);
        if (strstr(text, "VISITOR ")) {
            const char *hdr = strstr(text, "Instansi");
            ck_assert_msg(hdr && hdr < strstr(text, "VISITOR "), "page %d: table continues without its header", pg);
        }
        free(text);
        free(cmd);
    }
    for (size_t i = 0; i < d.nvisits; i++)
        free(d.visits[i].name);
    free(d.visits);
    free(pdf);
    dc_test_rmtree(dir);
    free(dir);
}
END_TEST

/* ---- model tests (archive fixture) ---- */

START_TEST(test_monthly_figures_equal_independent_sql)
{
    sqlite3 *db = open_db();
    dc_report_monthly *m = NULL;
    ck_assert_int_eq(dc_report_monthly_load(&m, db, g_db, "2026-11", NULL), DC_OK);
    ck_assert_int_eq(m->visits, 6);
    ck_assert_int_eq(m->visits, sql_long("SELECT count(*) FROM records WHERE " NOV));
    ck_assert_int_eq(m->unique_visitors, 6);
    ck_assert_int_eq(m->refused, 1);
    ck_assert_int_eq(m->no_decision, 0);
    ck_assert_str_eq(m->per_purpose[0].key, "maintenance");
    ck_assert_int_eq(m->per_purpose[0].n, 2);
    ck_assert_int_eq(m->per_purpose[1].n, sql_long("SELECT count(*) FROM records WHERE " NOV " AND purpose = 'hosting'"));
    ck_assert_int_eq(m->over_limit, 2);   /* 90 and 65 minutes */
    ck_assert_int_eq(m->over_limit, sql_long("SELECT count(*) FROM records WHERE " NOV " AND duration_min > 60"));
    ck_assert_int_eq(m->duration_max, 90);
    ck_assert_int_eq(m->per_day[1], 3);
    ck_assert_int_eq(m->per_day[20], 1);   /* 000106: visit date in review, counted on its batch date */
    long per_day_sum = 0;
    for (int d = 0; d < m->ndays; d++)
        per_day_sum += m->per_day[d];
    ck_assert_int_eq(per_day_sum, m->visits);
    ck_assert_int_eq(m->per_hour[9], 1);
    ck_assert_int_eq(m->per_hour[13], 1);
    /* 000103, refused, has no entry time: said under the chart, so that the bars add up */
    ck_assert_int_eq(m->no_entry_time, 1);
    long per_hour_sum = m->no_entry_time;
    for (int h = 0; h < 24; h++)
        per_hour_sum += m->per_hour[h];
    ck_assert_int_eq(per_hour_sum, m->visits);
    /* compliant: checked and no finding; not yet decided: in review and no finding so far */
    long clean = sql_long("SELECT count(*) FROM records r WHERE " NOV_R " AND r.status = 'complete'"
                          " AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.serial = r.serial)");
    long undecided = sql_long("SELECT count(*) FROM records r WHERE " NOV_R " AND r.status = 'needs_review'"
                              " AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.serial = r.serial)");
    ck_assert_int_eq(clean, 2);
    ck_assert_int_eq(undecided, 1);
    ck_assert_int_eq(m->compliance_base, 5);
    ck_assert_double_eq_tol(m->compliance_rate, 2.0 / 5.0, 1e-12);
    ck_assert_int_eq(m->unidentified, 0);
    ck_assert_int_eq(m->pending_review, 2);
    ck_assert_str_eq(m->top_institutions[0].key, "PT TELKOM INDONESIA");
    ck_assert_int_eq(m->top_institutions[0].n, 2);
    long over_findings = 0;
    for (size_t i = 0; i < m->nper_rule; i++)
        if (strcmp(m->per_rule[i].key, "over_time_limit") == 0)
            over_findings = m->per_rule[i].n;
    ck_assert_int_eq(over_findings, sql_long("SELECT count(*) FROM findings f JOIN records r USING(serial) "
                                             "WHERE " NOV_R " AND f.rule = 'over_time_limit'"));
    ck_assert_str_eq(m->visits_list[0].id_number, "6171********0003");
    ck_assert_ptr_null(m->rules_text);   /* no rules given: not compared */
    ck_assert_int_eq(m->other_rules, 0);
    dc_report_monthly_free(m);

    /* the records were checked with the SOP defaults: a report under other rules counts them all */
    dc_report_load_opts o = fixed_opts;
    ck_assert_int_eq(dc_report_monthly_load(&m, db, g_db, "2026-11", &o), DC_OK);
    ck_assert_str_eq(m->rules_text, "SOP defaults");
    ck_assert_int_eq(m->other_rules, 0);
    /* the report names the rules and the engine, in its language */
    ck_assert_int_eq(m->rules_engine, DC_RULES_ENGINE);
    char named[128];
    dc_report_rules_text(named, sizeof named, DC_LANG_EN, m);
    ck_assert_str_eq(named, "SOP defaults (rules engine " DC_TEST_STR(DC_RULES_ENGINE) ")");
    dc_report_rules_text(named, sizeof named, DC_LANG_ID, m);
    ck_assert_str_eq(named, "bawaan SOP (mesin aturan " DC_TEST_STR(DC_RULES_ENGINE) ")");
    dc_report_monthly_free(m);
    o.rules_text = "visit_limit_minutes=90";
    o.rules_stamp = "visit_limit_minutes=90; rules engine " DC_TEST_STR(DC_RULES_ENGINE);
    ck_assert_int_eq(dc_report_monthly_load(&m, db, g_db, "2026-11", &o), DC_OK);
    ck_assert_int_eq(m->other_rules, 6);
    ck_assert_int_eq(m->other_rules, sql_long("SELECT count(*) FROM records WHERE " NOV " AND rules = '" SOP_STAMP "'"));
    dc_report_monthly_free(m);
    /* a record checked before the archive kept the rules counts too: what it was checked with is not
     * known; and so does one checked with the same rules by an earlier engine, which kept no engine */
    o = fixed_opts;
    sqlite3 *w = NULL;
    static const char *const earlier[] = {"UPDATE records SET rules = NULL WHERE serial = '000101'",
                                          "UPDATE records SET rules = 'SOP defaults' WHERE serial = '000101'"};
    for (size_t i = 0; i < 2; i++) {
        ck_assert_int_eq(sqlite3_open(g_db, &w), SQLITE_OK);
        ck_assert_int_eq(sqlite3_exec(w, earlier[i], NULL, NULL, NULL), SQLITE_OK);
        sqlite3_close(w);
        ck_assert_int_eq(dc_report_monthly_load(&m, db, g_db, "2026-11", &o), DC_OK);
        ck_assert_int_eq(m->other_rules, 1);
        dc_report_monthly_free(m);
    }
    /* without a stamp nothing is compared (the rules text alone says nothing of the engine) */
    o.rules_stamp = NULL;
    ck_assert_int_eq(dc_report_monthly_load(&m, db, g_db, "2026-11", &o), DC_OK);
    ck_assert_int_eq(m->other_rules, 0);
    ck_assert_int_eq(m->rules_engine, 0);
    char shown[128];
    dc_report_rules_text(shown, sizeof shown, DC_LANG_EN, m);
    ck_assert_str_eq(shown, "SOP defaults");
    dc_report_monthly_free(m);
    ck_assert_int_eq(sqlite3_open(g_db, &w), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(w, "UPDATE records SET rules = '" SOP_STAMP "' WHERE serial = '000101'", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(w);
    sqlite3_close(db);
}
END_TEST

/* A checklist scanned without its access form is a visit with the error access_form_missing: the
 * monthly counts it, but not as one more unique visitor (nothing names who came), and the daily
 * shows it as having no access form, not as a complete visit whose purpose was "not read". A form
 * of the day's stack dated another day is listed apart in that day's report, with its findings
 * (date_mismatch): it was only in the report of its date, which had been written days before. */
START_TEST(test_a_checklist_without_its_access_form_is_no_unique_visitor)
{
    sqlite3 *db = open_db();
    dc_report_monthly *m = NULL;
    ck_assert_int_eq(dc_report_monthly_load(&m, db, g_db, "2026-10", NULL), DC_OK);
    ck_assert_int_eq(m->visits, 3);
    ck_assert_int_eq(m->unique_visitors, 2);
    ck_assert_int_eq(m->unidentified, 1);
    ck_assert_int_eq(m->records_with_findings, 2);
    ck_assert_int_eq(m->compliance_base, 3);
    ck_assert_double_eq_tol(m->compliance_rate, 1.0 / 3.0, 1e-12);
    ck_assert_int_eq(m->devices_in, 1);
    dc_report_monthly_free(m);
    dc_report_daily *d = NULL;
    ck_assert_int_eq(dc_report_daily_load(&d, db, g_db, "2026-10-31", NULL), DC_OK);
    ck_assert_uint_eq(d->nvisits, 1);
    ck_assert_str_eq(d->visits[0].serial, "000091");
    ck_assert(!d->visits[0].has_access);
    ck_assert_str_eq(dc_report_status_label(DC_LANG_ID, &d->visits[0]), "Tanpa formulir akses");
    ck_assert_str_eq(dc_report_status_label(DC_LANG_EN, &d->visits[0]), "No access form");
    ck_assert_uint_eq(d->nother_dated, 1);
    ck_assert_str_eq(d->other_dated[0].serial, "000092");
    ck_assert_str_eq(d->other_dated[0].date, "2026-10-29");
    ck_assert_str_eq(d->other_dated[0].id_number, "6171********0009");   /* masked, as the visits */
    ck_assert_uint_eq(d->nfindings, 2);
    ck_assert_str_eq(d->findings[0].rule, "date_mismatch");
    ck_assert_str_eq(d->findings[0].serial, "000092");
    ck_assert_str_eq(d->findings[0].message_en, "Visit date 2026-10-29 is 2 days from the scan batch date 2026-10-31");
    ck_assert_str_eq(d->findings[1].rule, "access_form_missing");
    char *pdf = dc_asprintf("%s/harian-2026-10-31.pdf", g_out);
    ck_assert_int_eq(dc_report_daily_pdf(d, DC_LANG_ID, pdf), DC_OK);
    char *cmd = dc_asprintf("pdftotext -layout '%s' - 2>/dev/null", pdf);
    FILE *f = popen(cmd, "r");
    char *text = calloc(1, 65536);
    size_t n = fread(text, 1, 65535, f);
    text[n] = 0;
    pclose(f);
    ck_assert_msg(strstr(text, "Tanpa formulir") != NULL, "no status in:\n%s", text);   /* wrapped over two lines */
    ck_assert_msg(strstr(text, "Formulir tumpukan hari ini yang bertanggal lain") != NULL, "no stack section");
    ck_assert_msg(strstr(text, "000092") != NULL && strstr(text, "YUDI PRATAMA") != NULL, "no late form");
    ck_assert_ptr_null(strstr(text, "belum terbaca"));
    /* the summary counts the day's own findings, and those of the late form apart (the days'
     * reports add up) */
    ck_assert_msg(strstr(text, "1 (+1 dari formulir bertanggal lain)") != NULL, "findings count in:\n%s", text);
    free(text);
    free(cmd);
    free(pdf);
    dc_report_daily_free(d);
    /* the audit names a checklist's signature as the form prints it, and as the checklist's */
    dc_report_audit *au = NULL;
    ck_assert_int_eq(dc_report_audit_load(&au, db, g_db, "2026-10", &fixed_opts), DC_OK);
    pdf = dc_asprintf("%s/audit-2026-10.pdf", g_out);
    ck_assert_int_eq(dc_report_audit_pdf(au, DC_LANG_ID, pdf), DC_OK);
    cmd = dc_asprintf("pdftotext -layout '%s' - 2>/dev/null", pdf);
    f = popen(cmd, "r");
    text = calloc(1, 1 << 20);
    n = fread(text, 1, (1 << 20) - 1, f);
    text[n] = 0;
    pclose(f);
    ck_assert_msg(strstr(text, "\nTanda tangan petugas ") != NULL && strstr(text, "(ceklist perangkat)") != NULL &&
                      !strstr(text, "checklist_operator_signature"),
                  "the checklist's signature in: %.3000s", strstr(text, "Tanda tangan") ? strstr(text, "Tanda tangan") : text);
    free(text);
    free(cmd);
    free(pdf);
    dc_report_audit_free(au);
    sqlite3_close(db);
}
END_TEST

/* A copy of the suite's archive at `copy`, opened to change it. */
static dc_archive *fixture_copy(const char *copy)
{
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, g_db, DC_ARCHIVE_EXISTING), DC_OK);
    ck_assert_int_eq(dc_archive_backup(a, copy), DC_OK);
    dc_archive_close(a);
    ck_assert_int_eq(dc_archive_open(&a, copy, DC_ARCHIVE_EXISTING), DC_OK);
    return a;
}

/* The SOP's default rules, for records built in a copy of the fixture. */
static dc_rules fixture_rules;

/* A copy of the fixture archive at g_dir/`name` (*copy, caller frees) with a batch of `date` begun
 * in it (*batch). */
static dc_archive *fixture_copy_in_batch(const char *name, const char *date, char **copy, int64_t *batch)
{
    *copy = dc_asprintf("%s/%s", g_dir, name);
    dc_archive *a = fixture_copy(*copy);
    dc_rules_default(&fixture_rules);
    ck_assert_int_eq(dc_archive_batch_begin(a, date, batch), DC_OK);
    return a;
}

/* More than 10 institutions in a month: the 10 with most visits (a tie in alphabetical order),
 * then one row for the others with their visits, so that the rows add up (the rest were left out
 * without a word). The fixture's November: PT TELKOM INDONESIA 2 visits, three others 1 each
 * (BAPPEDA's is in review, not counted); 8 more institutions of 1 visit make 12. */
START_TEST(test_institutions_past_the_top_10_are_summed_on_a_row)
{
    char *copy = NULL;
    int64_t batch = 0;
    dc_archive *a = fixture_copy_in_batch("institutions.db", "2026-11-25", &copy, &batch);
    char serial[16], inst[16];
    for (int i = 0; i < 8; i++) {
        snprintf(serial, sizeof serial, "%06d", 300 + i);
        snprintf(inst, sizeof inst, "INSTANSI %c", 'A' + i);
        const visit_spec v = {serial, "2026-11-25", "TAMU", inst, "6171010101900099", "081200000000", "hosting",
                              NULL, "granted", "09:00", "09:05", "09:30", "RINA", "1", NULL};
        add_page(a, batch, &v, 300 + i);
    }
    ck_assert_int_eq(dc_archive_batch_end(a, batch, "finished"), DC_OK);
    ck_assert_int_eq(dc_archive_sync_records(a, &fixture_rules, NULL), DC_OK);
    dc_report_monthly *m = NULL;
    ck_assert_int_eq(dc_report_monthly_load(&m, dc_archive_db(a), copy, "2026-11", NULL), DC_OK);
    ck_assert_uint_eq(m->ntop_institutions, 10);
    ck_assert_str_eq(m->top_institutions[0].key, "PT TELKOM INDONESIA");
    ck_assert_int_eq(m->top_institutions[0].n, 2);
    ck_assert_str_eq(m->top_institutions[1].key, "CV MAJU JAYA");
    ck_assert_str_eq(m->top_institutions[9].key, "INSTANSI F");
    ck_assert_int_eq(m->other_institutions, 2);   /* INSTANSI G and H */
    ck_assert_int_eq(m->other_institution_visits, 2);
    char *pdf = dc_asprintf("%s/institutions.pdf", g_dir);
    ck_assert_int_eq(dc_report_monthly_pdf(m, DC_LANG_EN, pdf), DC_OK);
    char *t = pdf_text_at(pdf);
    ck_assert_msg(strstr(t, "10 INSTANSI F") && strstr(t, "Others (2 institutions)") && !strstr(t, "INSTANSI G"), "%.1500s",
                  strstr(t, "Top 10") ? strstr(t, "Top 10") : t);
    char others[64];
    dc_report_other_institutions_text(others, sizeof others, DC_LANG_ID, 1);
    ck_assert_str_eq(others, "Lainnya (1 instansi)");
    dc_report_other_institutions_text(others, sizeof others, DC_LANG_EN, 1);
    ck_assert_str_eq(others, "Others (1 institution)");
    free(t);
    free(pdf);
    dc_report_monthly_free(m);
    dc_archive_close(a);
    free(copy);
}
END_TEST

/* A purpose with more than one box ticked (as a person confirmed it, "maintenance+other") is its
 * own bar, "More than one ticked", not "not filled in or not yet read"; the bar is there only when
 * some visit has it. */
START_TEST(test_a_purpose_ticked_twice_is_its_own_bar)
{
    char *copy = dc_asprintf("%s/several.db", g_dir);
    dc_archive *a = fixture_copy(copy);
    dc_rules rules;
    dc_rules_default(&rules);
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000092", "purpose", "other+maintenance", "Siti", "both ticked",
                                        NULL, NULL), DC_OK);
    dc_report_monthly *m = NULL;
    ck_assert_int_eq(dc_report_monthly_load(&m, dc_archive_db(a), copy, "2026-10", NULL), DC_OK);
    ck_assert_uint_eq(m->nper_purpose, 6);
    ck_assert_str_eq(m->per_purpose[5].key, "several");
    ck_assert_int_eq(m->per_purpose[5].n, 1);
    ck_assert_ptr_null(m->per_purpose[4].key);
    ck_assert_int_eq(m->per_purpose[4].n, 1);   /* 000091: no access form, so no purpose */
    ck_assert_str_eq(dc_report_purpose_label(DC_LANG_EN, m->per_purpose[5].key), "More than one ticked");
    dc_report_monthly_free(m);
    ck_assert_int_eq(dc_report_monthly_load(&m, dc_archive_db(a), copy, "2026-11", NULL), DC_OK);
    ck_assert_uint_eq(m->nper_purpose, 5);   /* none in November */
    dc_report_monthly_free(m);
    dc_archive_close(a);
    free(copy);
}
END_TEST

START_TEST(test_daily_lists_the_days_visits_review_and_rejected_pages)
{
    sqlite3 *db = open_db();
    dc_report_daily *d = NULL;
    ck_assert_int_eq(dc_report_daily_load(&d, db, g_db, "2026-11-02", NULL), DC_OK);
    ck_assert_uint_eq(d->nvisits, 3);
    ck_assert_str_eq(d->visits[0].serial, "000101");
    ck_assert_int_eq(d->visits[0].entry_min, 9 * 60 + 45);
    ck_assert_int_eq(d->visits[0].duration_min, 45);
    ck_assert_str_eq(d->visits[1].phone, "0812****5432");
    ck_assert_uint_eq(d->nrejected, 1);
    ck_assert_str_eq(d->rejected[0].status, "rejected");
    ck_assert_uint_eq(d->nfindings, (size_t)sql_long("SELECT count(*) FROM findings f JOIN records r USING(serial) "
                                                      "WHERE r.visit_date = '2026-11-02'"));
    dc_report_daily *review = NULL;
    ck_assert_int_eq(dc_report_daily_load(&review, db, g_db, "2026-11-20", NULL), DC_OK);
    ck_assert_uint_eq(review->npending, 1);
    ck_assert_str_eq(review->pending[0].field, "institution");
    ck_assert_str_eq(review->pending[0].value, "BAPPEDA KOTA PONTIANAK");
    dc_report_daily_free(review);
    dc_report_daily_free(d);
    sqlite3_close(db);
}
END_TEST

/* `t` with each run of white space (line breaks, the layout's columns) made one space (malloc'd). */
static char *flat_text(const char *t)
{
    char *o = malloc(strlen(t) + 1), *w = o;
    ck_assert_ptr_nonnull(o);
    for (; *t; t++)
        if (!isspace((unsigned char)*t))
            *w++ = *t;
        else if (w > o && w[-1] != ' ')
            *w++ = ' ';
    *w = '\0';
    return o;
}

/* The findings per SOP step say what the SOP asks at each step, in the report's language: the
 * table had the bare step numbers ("2-4", "5"), which say nothing to whoever signs the report
 * without the SOP beside it. A step a rules file names that the SOP has not is shown without. */
/* Granted, refused and neither (no box or both ticked, or the decision still in review) add up to
 * the visits: the summary had only the first two, and a month with an undecided form did not add up
 * (27 + 4 of 32 in helper 76's week). */
START_TEST(test_monthly_counts_the_visits_with_no_decision)
{
    sqlite3 *w = NULL;
    ck_assert_int_eq(sqlite3_open(g_db, &w), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(w, "UPDATE records SET decision = NULL WHERE serial = '000101'", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3 *db = open_db();
    dc_report_monthly *m = NULL;
    ck_assert_int_eq(dc_report_monthly_load(&m, db, g_db, "2026-11", NULL), DC_OK);
    ck_assert_int_eq(m->visits, 6);
    ck_assert_int_eq(m->granted, 4);
    ck_assert_int_eq(m->refused, 1);
    ck_assert_int_eq(m->no_decision, 1);
    ck_assert_int_eq(m->no_decision, sql_long("SELECT count(*) FROM records WHERE " NOV
                                              " AND (decision IS NULL OR decision NOT IN ('granted', 'refused'))"));
    char *pdf = dc_asprintf("%s/no-decision.pdf", g_dir);
    static const struct {
        dc_report_lang lang;
        const char *row;
    } want[] = {
        {DC_LANG_ID, " Permintaan ditolak 1 Tanpa keputusan (tidak dicentang, keduanya dicentang, atau belum terbaca) 1 "},
        {DC_LANG_EN, " Refused requests 1 No decision (neither or both ticked, or not read yet) 1 "},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        ck_assert_int_eq(dc_report_monthly_pdf(m, want[i].lang, pdf), DC_OK);
        char *t = pdf_text_at(pdf), *one = flat_text(t);
        ck_assert_msg(strstr(one, want[i].row), "%.800s", one);
        free(one);
        free(t);
    }
    free(pdf);
    dc_report_monthly_free(m);
    sqlite3_close(db);
    ck_assert_int_eq(sqlite3_exec(w, "UPDATE records SET decision = 'granted' WHERE serial = '000101'", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(w);
}
END_TEST

START_TEST(test_findings_per_sop_step_say_what_the_sop_asks)
{
    ck_assert_str_eq(dc_report_sop_step_label(DC_LANG_ID, "5"),
                     "Di ruang server pengunjung didampingi, diawasi dan memakai tanda pengenal pengunjung: 1 jam");
    ck_assert_str_eq(dc_report_sop_step_label(DC_LANG_EN, "2-4"), "The form filled in, checked and access decided: 5 minutes a step");
    ck_assert_str_eq(dc_report_sop_step_label(DC_LANG_EN, "5-6"),
                     "The visit to the server room and completing the form (entry and exit times)");
    ck_assert_str_eq(dc_report_sop_step_label(DC_LANG_EN, "9"), "");
    ck_assert_str_eq(dc_report_sop_step_label(DC_LANG_EN, "5-"), "");
    ck_assert_str_eq(dc_report_sop_step_label(DC_LANG_ID, NULL), "");
    /* every step a rule of the SOP defaults names has its text, in both languages */
    for (int r = 0; r < DC_RULE__COUNT; r++) {
        const char *step = dc_rule_sop_step((dc_rule_id)r);
        ck_assert_msg(dc_report_sop_step_label(DC_LANG_ID, step)[0] && dc_report_sop_step_label(DC_LANG_EN, step)[0],
                      "rule %s: SOP step %s has no text", dc_rule_name((dc_rule_id)r), step);
    }
    sqlite3 *db = open_db();
    dc_report_monthly *m = NULL;
    ck_assert_int_eq(dc_report_monthly_load(&m, db, g_db, "2026-11", NULL), DC_OK);
    char *pdf = dc_asprintf("%s/per-step.pdf", g_dir);
    static const struct {
        dc_report_lang lang;
        const char *heading, *row;
    } want[] = {
        {DC_LANG_ID, "Temuan per langkah SOP", " 5 Di ruang server pengunjung didampingi, diawasi dan memakai tanda pengenal pengunjung: 1 jam "},
        {DC_LANG_EN, "Findings per SOP step", " 5 In the server room the visitor is escorted, supervised and wears the visitor badge: 1 hour "},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        ck_assert_int_eq(dc_report_monthly_pdf(m, want[i].lang, pdf), DC_OK);
        char *t = pdf_text_at(pdf), *one = flat_text(t);
        const char *sec = strstr(one, want[i].heading);
        ck_assert_msg(sec && strstr(sec, want[i].row), "%s", sec ? sec : one);
        free(one);
        free(t);
    }
    free(pdf);
    dc_report_monthly_free(m);
    sqlite3_close(db);
}
END_TEST

/* The PDF at `path` says `want`, wherever its layout breaks the lines. */
static void assert_pdf_says(const char *path, const char *want)
{
    char *t = pdf_text_at(path), *one = flat_text(t);
    if (!strstr(one, want))   /* the whole text is too long for Check's message */
        fprintf(stderr, "%s says: %s\n", path, one);
    ck_assert_msg(strstr(one, want) != NULL, "%s: no \"%s\" in it (its text is on stderr)", path, want);
    free(one);
    free(t);
}

/* The workbook at `path` holds the cell text `want` (its shared strings, as XML escapes them). */
static void assert_xlsx_holds(const char *path, const char *want)
{
    char *cmd = dc_asprintf("unzip -p '%s' xl/sharedStrings.xml | grep -qF '%s'", path, want);
    run(cmd);
    free(cmd);
}

/* A page that is no visit (no form, a duplicate: `status`, `reason`) stored in the 2 November batch
 * of a copy of the fixture, as the scan stores one. */
static void add_page_out(sqlite3 *db, const char *file, int page, const char *status, const char *reason)
{
    char *sql = sqlite3_mprintf("INSERT INTO pages(batch_id, file, file_sha256, page, status, reason, ingested)"
                                " SELECT id, %Q, %Q, %d, %Q, %Q, started FROM batches WHERE batch_date = '2026-11-02'"
                                " LIMIT 1",
                                file, file, page, status, reason);
    ck_assert_int_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_changes(db), 1);
    sqlite3_free(sql);
}

/* The pages that are no visit show a duplicate's reason with the form named as the reports name it,
 * in the PDF and the workbook: "(access form serial 000101 page 1)", not "(form access serial ...)" */
START_TEST(test_reports_name_the_form_in_a_duplicate_pages_reason)
{
    char *copy = dc_asprintf("%s/dupreason.db", g_dir);
    dc_archive *a = fixture_copy(copy);
    sqlite3 *db = dc_archive_db(a);
    add_page_out(db, "/scans/0014.tif", 1, "duplicate",
                 "same form sheet as /scans/0010.tif page 1 (form access serial 000101 page 1)");
    dc_report_daily *d = NULL;
    ck_assert_int_eq(dc_report_daily_load(&d, db, copy, "2026-11-02", NULL), DC_OK);
    char *pdf = dc_asprintf("%s/dupreason.pdf", g_dir), *xlsx = dc_asprintf("%s/dupreason.xlsx", g_dir);
    ck_assert_int_eq(dc_report_daily_pdf(d, DC_LANG_EN, pdf), DC_OK);
    assert_pdf_says(pdf, "/scans/0014.tif 1 duplicate same form sheet as /scans/0010.tif page 1 (access form serial "
                         "000101 page 1)");
    ck_assert_int_eq(dc_report_daily_pdf(d, DC_LANG_ID, pdf), DC_OK);
    assert_pdf_says(pdf, "/scans/0014.tif 1 ganda same form sheet as /scans/0010.tif page 1 (access form serial "
                         "000101 page 1)");
    ck_assert_int_eq(dc_report_daily_xlsx(d, DC_LANG_EN, xlsx), DC_OK);
    assert_xlsx_holds(xlsx, "<t>same form sheet as /scans/0010.tif page 1 (access form serial 000101 page 1)</t>");
    free(pdf);
    free(xlsx);
    dc_report_daily_free(d);
    dc_archive_close(a);
    free(copy);
}
END_TEST

/* A blank back of a sheet (a blank page that is no form) is not listed with the pages that are no
 * visit, but counted below them, in the daily report and the month's audit, PDF and XLSX: every
 * page is accounted for (the auditor's count came short by the blank backs). */
START_TEST(test_blank_backs_are_counted_under_the_pages_that_are_no_visit)
{
    char *copy = dc_asprintf("%s/backs.db", g_dir);
    dc_archive *a = fixture_copy(copy);
    sqlite3 *db = dc_archive_db(a);
    add_page_out(db, "/scans/0003.tif", 2, "blank", "blank page");
    dc_report_daily *d = NULL;
    dc_report_audit *au = NULL;
    ck_assert_int_eq(dc_report_daily_load(&d, db, copy, "2026-11-02", NULL), DC_OK);
    ck_assert_int_eq(d->blank_backs, 1);
    ck_assert_uint_eq(d->nrejected, 1);   /* listed as before */
    ck_assert_int_eq(dc_report_audit_load(&au, db, copy, "2026-11", NULL), DC_OK);
    ck_assert_int_eq(au->blank_backs, 1);
    char *pdf = dc_asprintf("%s/backs.pdf", g_dir), *xlsx = dc_asprintf("%s/backs.xlsx", g_dir);
    ck_assert_int_eq(dc_report_daily_pdf(d, DC_LANG_ID, pdf), DC_OK);
    assert_pdf_says(pdf, "Halaman kosong yang bukan formulir (sisi belakang lembar, dipindai dua sisi), dihitung, "
                         "tidak dicantumkan: 1.");
    ck_assert_int_eq(dc_report_audit_pdf(au, DC_LANG_EN, pdf), DC_OK);
    assert_pdf_says(pdf, "Blank pages that are no form (backs of sheets scanned duplex), counted, not listed: 1.");
    ck_assert_int_eq(dc_report_audit_xlsx(au, DC_LANG_EN, xlsx), DC_OK);
    char *cmd = dc_asprintf("unzip -p '%s' xl/sharedStrings.xml | grep -qF 'Blank pages that are no form (backs of sheets "
                            "scanned duplex), counted, not listed: 1.'", xlsx);
    run(cmd);
    free(cmd);
    free(pdf);
    free(xlsx);
    dc_report_daily_free(d);
    dc_report_audit_free(au);
    dc_archive_close(a);
    free(copy);
}
END_TEST

/* Records a print of serials first..first+count-1 of `form` in `a`, made at `at` (in SQL: the
 * fixture's forms are scanned already, and dcaccess never prints a serial scanned). */
static void add_print(dc_archive *a, const char *form, long first, long count, const char *at)
{
    char *sql = dc_asprintf("INSERT INTO printed(first, last, form, file, at) VALUES(%ld, %ld, '%s', '/forms/print.pdf',"
                            " '%s')", first, first + count - 1, form, at);
    ck_assert_int_eq(sqlite3_exec(dc_archive_db(a), sql, NULL, NULL, NULL), SQLITE_OK);
    free(sql);
}

/* The audit accounts for the access forms printed: each print of the month (or holding a serial of
 * its visits) with its serials used for visits, scanned unused, scanned otherwise (rejected, a
 * checklist alone: its access form was not scanned) and not scanned; the serials not scanned below a
 * higher one of the same print (a form to find), a reprint of serials printed before, and the month's
 * visits no print holds. The fixture's serials: visits 000090, 000091 (a checklist alone), 000092,
 * 000101-000106; 000093 unused. */
START_TEST(test_audit_accounts_for_the_serials_printed)
{
    char *copy = dc_asprintf("%s/serials.db", g_dir);
    dc_archive *a = fixture_copy(copy);
    sqlite3 *db = dc_archive_db(a);
    dc_report_audit *au = NULL;
    /* no print recorded: said, nothing counted */
    ck_assert_int_eq(dc_report_audit_load(&au, db, copy, "2026-11", NULL), DC_OK);
    ck_assert(!au->prints_kept);
    ck_assert_uint_eq(au->nprints, 0);
    ck_assert_uint_eq(au->nunprinted, 0);
    char *pdf = dc_asprintf("%s/serials.pdf", g_dir), *xlsx = dc_asprintf("%s/serials.xlsx", g_dir);
    ck_assert_int_eq(dc_report_audit_pdf(au, DC_LANG_EN, pdf), DC_OK);
    assert_pdf_says(pdf, "Serial numbers of the access forms printed This archive records no printing of access forms");
    dc_report_audit_free(au);
    add_print(a, "set", 90, 15, "2026-10-01T02:00:00Z");         /* 000090-000104, holds November's */
    add_print(a, "access", 300, 5, "2026-11-10T03:00:00Z");      /* printed in November, none used */
    add_print(a, "checklist", 400, 10, "2026-11-10T03:00:00Z");  /* no visit is made of a checklist */
    add_print(a, "set", 500, 10, "2026-10-05T03:00:00Z");        /* October's, none used */
    add_print(a, "set", 95, 3, "2026-11-12T03:00:00Z");          /* a reprint of 000095-000097 */
    /* 000099 scanned but rejected (its sheet folded) */
    dc_page_result r;
    form_page_of(&r, "folded 000099", "access", "000099", 1);
    r.status = DC_PAGE_REJECTED;
    r.reason = dc_strdup("registration marks not found");
    int64_t batch = 0;
    bool stored = false;
    ck_assert_int_eq(dc_archive_batch_begin(a, "2026-11-25", &batch), DC_OK);
    ck_assert_int_eq(dc_archive_add_page(a, batch, &r, &stored, NULL), DC_OK);
    ck_assert(stored);
    dc_page_result_clear(&r);
    /* and a blank form of the access-only print, 000303, scanned with the stack: unused stock, not
     * handed out, so 000300-000302 below it are no forms to find */
    form_page_of(&r, "blank 000303", "access", "000303", 1);
    ck_assert_int_eq(dc_archive_add_page(a, batch, &r, &stored, NULL), DC_OK);
    ck_assert(stored);
    dc_page_result_clear(&r);
    ck_assert_int_eq(dc_archive_batch_end(a, batch, "finished"), DC_OK);

    ck_assert_int_eq(dc_report_audit_load(&au, db, copy, "2026-11", NULL), DC_OK);
    ck_assert(au->prints_kept);
    ck_assert_uint_eq(au->nprints, 3);
    const dc_report_print_run *p = &au->prints[0];
    ck_assert_int_eq(p->first, 90);
    ck_assert_int_eq(p->last, 104);
    ck_assert_str_eq(p->form, "set");
    ck_assert_str_eq(p->at, "2026-10-01T02:00:00Z");
    ck_assert_str_eq(p->file, "/forms/print.pdf");
    ck_assert_int_eq(p->reprint_of_first, 0);
    ck_assert_int_eq(p->visits, 6);        /* 000090, 000092, 000101-000104 */
    ck_assert_int_eq(p->unused, 1);        /* 000093 */
    ck_assert_int_eq(p->other, 2);         /* 000091 (its access form not scanned), 000099 */
    ck_assert_int_eq(p->not_scanned, 6);   /* 000094-000098, 000100 */
    ck_assert_uint_eq(p->nmissing, 2);
    ck_assert_int_eq(p->missing[0].first, 94);
    ck_assert_int_eq(p->missing[0].last, 98);
    ck_assert_int_eq(p->missing[1].first, 100);
    ck_assert_int_eq(p->missing[1].last, 100);
    ck_assert_int_eq(p->nmissing_serials, 6);
    p = &au->prints[1];   /* the reprint: its serials are 000090-000104's too */
    ck_assert_int_eq(p->first, 95);
    ck_assert_int_eq(p->last, 97);
    ck_assert_int_eq(p->reprint_of_first, 90);
    ck_assert_int_eq(p->reprint_of_last, 104);
    ck_assert_int_eq(p->not_scanned, 3);
    p = &au->prints[2];
    ck_assert_int_eq(p->reprint_of_first, 0);
    ck_assert_int_eq(p->first, 300);
    ck_assert_int_eq(p->last, 304);
    ck_assert_int_eq(p->visits + p->other, 0);
    ck_assert_int_eq(p->unused, 1);
    ck_assert_int_eq(p->not_scanned, 4);
    ck_assert_uint_eq(p->nmissing, 0);     /* none written on: stock, not missing */
    ck_assert_uint_eq(au->nunprinted, 2);
    ck_assert_str_eq(au->unprinted[0], "000105");
    ck_assert_str_eq(au->unprinted[1], "000106");
    ck_assert_uint_eq(au->nearly, 0);

    ck_assert_int_eq(dc_report_audit_pdf(au, DC_LANG_ID, pdf), DC_OK);
    assert_pdf_says(pdf, "01-10-2026 set 000090-000104 6 1 2 6");
    assert_pdf_says(pdf, "12-11-2026 set 000095-000097 0 0 0 3");
    assert_pdf_says(pdf, "10-11-2026 akses saja 000300-000304 0 1 0 4");
    /* (the page may turn inside the paragraph) */
    assert_pdf_says(pdf, "Cetakan 000090 s.d. 000104: 6 nomor belum dipindai, padahal nomor yang lebih tinggi dari "
                         "cetakan itu sudah:");
    assert_pdf_says(pdf, "000094-000098, 000100. Formulir dibagikan berurutan: cari lembarnya");
    assert_pdf_says(pdf, "Kunjungan bulan ini yang nomor serinya tidak tercatat dicetak di arsip ini (2): 000105, "
                         "000106.");
    assert_pdf_says(pdf, "Cetakan 000095 s.d. 000097 adalah cetak ulang (--reprint) nomor seri yang sudah dicetak "
                         "dalam cetakan 000090 s.d. 000104");
    ck_assert_int_eq(dc_report_audit_pdf(au, DC_LANG_EN, pdf), DC_OK);
    assert_pdf_says(pdf, "Print 000090 to 000104: 6 serials not scanned, though a higher one of the print was: "
                         "000094-000098, 000100.");
    assert_pdf_says(pdf, "Print 000095 to 000097 is a reprint (--reprint) of serials printed before, in print "
                         "000090 to 000104:");
    assert_pdf_says(pdf, "Other pages: rejected (see the pages that are no visit), or a device checklist whose "
                         "access form was not scanned");
    ck_assert_int_eq(dc_report_audit_xlsx(au, DC_LANG_EN, xlsx), DC_OK);
    char *cmd = dc_asprintf("unzip -p '%s' xl/sharedStrings.xml | grep -qF 'Visits of this month whose serial no print "
                            "of this archive holds (2): 000105, 000106.'", xlsx);
    run(cmd);
    free(cmd);
    cmd = dc_asprintf("unzip -p '%s' xl/sharedStrings.xml | grep -qF 'Print 000095 to 000097 is a reprint'", xlsx);
    run(cmd);
    free(cmd);
    /* a set's form named as everywhere in the English reports (it was "and checklist") */
    assert_xlsx_holds(xlsx, "<t>set (access form and device checklist)</t>");

    /* one serial to find is one serial */
    dc_report_print_run *r0 = &au->prints[0];
    dc_serial_span one = {100, 100}, *spans = r0->missing;
    const size_t nspans = r0->nmissing;
    const long nserials = r0->nmissing_serials;
    r0->missing = &one;
    r0->nmissing = 1;
    r0->nmissing_serials = 1;
    char **lines = NULL;
    size_t nlines = 0;
    ck_assert_int_eq(dc_report_serials_lines(&lines, &nlines, DC_LANG_EN, au), DC_OK);
    ck_assert_uint_ge(nlines, 1);
    ck_assert_pstr_eq(strstr(lines[0], "Print 000090 to 000104: 1 serial not scanned, though a higher one of the "
                                       "print was: 000100."), lines[0]);
    dc_report_lines_free(lines, nlines);
    ck_assert_int_eq(dc_report_serials_lines(&lines, &nlines, DC_LANG_ID, au), DC_OK);
    ck_assert_pstr_eq(strstr(lines[0], "Cetakan 000090 s.d. 000104: 1 nomor belum dipindai"), lines[0]);
    dc_report_lines_free(lines, nlines);
    r0->missing = spans;
    r0->nmissing = nspans;
    r0->nmissing_serials = nserials;
    dc_report_audit_free(au);

    /* October's audit: both October prints (000500-000509 none used); 000090-000092 are in the first */
    ck_assert_int_eq(dc_report_audit_load(&au, db, copy, "2026-10", NULL), DC_OK);
    ck_assert_uint_eq(au->nprints, 2);
    ck_assert_int_eq(au->prints[0].first, 90);
    ck_assert_int_eq(au->prints[1].first, 500);
    ck_assert_uint_eq(au->nunprinted, 0);
    dc_report_audit_free(au);
    /* the print holding November's visits dated after them (the 16th): each a date misread, or a
     * form not of that print; 000105 and 000106 are in no print, and a reprint holds none of them */
    ck_assert_int_eq(sqlite3_exec(db, "UPDATE printed SET at = '2026-11-16T03:00:00Z' WHERE first = 90", NULL, NULL,
                                  NULL), SQLITE_OK);
    ck_assert_int_eq(dc_report_audit_load(&au, db, copy, "2026-11", NULL), DC_OK);
    ck_assert_uint_eq(au->nearly, 4);
    ck_assert_str_eq(au->early[0].serial, "000101");
    ck_assert_str_eq(au->early[0].visit_date, "2026-11-02");
    ck_assert_str_eq(au->early[0].printed, "2026-11-16");
    ck_assert_str_eq(au->early[3].serial, "000104");
    ck_assert_str_eq(au->early[3].visit_date, "2026-11-15");
    ck_assert_str_eq(au->early[3].printed, "2026-11-16");
    ck_assert_int_eq(dc_report_audit_pdf(au, DC_LANG_ID, pdf), DC_OK);
    assert_pdf_says(pdf, "Kunjungan yang bertanggal sebelum formulirnya dicetak (4): 000101 (02-11-2026; dicetak "
                         "16-11-2026),");
    ck_assert_int_eq(dc_report_audit_pdf(au, DC_LANG_EN, pdf), DC_OK);
    assert_pdf_says(pdf, "000104 (2026-11-15; printed 2026-11-16). A visit date misread, or a form not of that print");
    dc_report_audit_free(au);
    /* a month no print belongs to */
    ck_assert_int_eq(dc_report_audit_load(&au, db, copy, "2026-12", NULL), DC_OK);
    ck_assert(au->prints_kept);
    ck_assert_uint_eq(au->nprints, 0);
    ck_assert_int_eq(dc_report_audit_pdf(au, DC_LANG_EN, pdf), DC_OK);
    assert_pdf_says(pdf, "Serial numbers of the access forms printed None.");
    dc_report_audit_free(au);
    free(pdf);
    free(xlsx);
    dc_archive_close(a);
    free(copy);
}
END_TEST

/* A serial whose access form was scanned blank and whose device checklist was written on (its
 * access form filled in pencil and scanned black-and-white, which throws the pencil away) made a
 * record, with the finding access_form_missing: its set was used, so it counts among the other
 * pages, as a checklist alone does; the account counted it unused ("scanned with nothing
 * written"). */
START_TEST(test_audit_a_serial_with_a_page_written_on_is_not_unused)
{
    char *copy = dc_asprintf("%s/serials-written.db", g_dir);
    dc_archive *a = fixture_copy(copy);
    sqlite3 *db = dc_archive_db(a);
    add_print(a, "set", 90, 15, "2026-10-01T02:00:00Z");
    int64_t batch = 0;
    ck_assert_int_eq(dc_archive_batch_begin(a, "2026-11-25", &batch), DC_OK);
    add_checklist(a, batch, "000093", true, 0);
    dc_rules rules;
    dc_rules_default(&rules);
    ck_assert_int_eq(dc_archive_sync_records(a, &rules, NULL), DC_OK);
    ck_assert_int_eq(dc_archive_batch_end(a, batch, "finished"), DC_OK);
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT count(*) FROM pages p JOIN records r USING(serial) WHERE"
                                            " p.serial = '000093' AND p.form = 'checklist' AND p.status = 'form' AND"
                                            " r.access_page_id IS NULL", -1, &st, NULL),
                     SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    ck_assert_int_eq(sqlite3_column_int(st, 0), 1);   /* a record of the checklist, no access form */
    sqlite3_finalize(st);
    dc_report_audit *au = NULL;
    ck_assert_int_eq(dc_report_audit_load(&au, db, copy, "2026-11", NULL), DC_OK);
    ck_assert_uint_eq(au->nprints, 1);
    const dc_report_print_run *p = &au->prints[0];
    ck_assert_int_eq(p->visits, 6);        /* 000090, 000092, 000101-000104 */
    ck_assert_int_eq(p->unused, 0);
    ck_assert_int_eq(p->other, 2);         /* 000091, 000093: checklists, no access form written on */
    ck_assert_int_eq(p->not_scanned, 7);   /* 000094-000100 */
    dc_report_audit_free(au);
    dc_archive_close(a);
    free(copy);
}
END_TEST

/* A visit whose serial only a print of device checklists holds (forms print checklist) was printed
 * on paper by this archive, as a checklist, not as an access form: it was listed with the visits
 * "whose serial no print of this archive holds". It has a line of its own. */
START_TEST(test_audit_tells_a_serial_printed_only_on_a_checklist_from_one_never_printed)
{
    char *copy = dc_asprintf("%s/serials-checklist.db", g_dir);
    dc_archive *a = fixture_copy(copy);
    sqlite3 *db = dc_archive_db(a);
    add_print(a, "set", 90, 15, "2026-10-01T02:00:00Z");         /* 000090-000104 */
    add_print(a, "checklist", 106, 5, "2026-10-01T02:00:00Z");   /* 000106-000110: checklists alone */
    dc_report_audit *au = NULL;
    ck_assert_int_eq(dc_report_audit_load(&au, db, copy, "2026-11", NULL), DC_OK);
    ck_assert_uint_eq(au->nunprinted, 1);
    ck_assert_str_eq(au->unprinted[0], "000105");
    const struct {
        dc_report_lang lang;
        const char *unprinted, *checklist_only;
    } want[] = {
        {DC_LANG_EN,
         "Visits of this month whose serial no print of this archive holds (1): 000105. Printed with another archive "
         "or an older dcaccess, or a copy: check these sheets.",
         "Visits of this month whose serial this archive printed only on device checklists, on no access form (1): "
         "000106. Their access form was printed with another archive or an older dcaccess, or is a copy: check these "
         "sheets."},
        {DC_LANG_ID,
         "Kunjungan bulan ini yang nomor serinya tidak tercatat dicetak di arsip ini (1): 000105. Dicetak dengan arsip "
         "lain atau dcaccess lama, atau salinan: periksa lembarnya.",
         "Kunjungan bulan ini yang nomor serinya dicetak arsip ini hanya pada ceklist perangkat, tidak pada formulir "
         "akses (1): 000106. Formulir aksesnya dicetak dengan arsip lain atau dcaccess lama, atau salinan: periksa "
         "lembarnya."},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char **lines = NULL;
        size_t nlines = 0;
        ck_assert_int_eq(dc_report_serials_lines(&lines, &nlines, want[i].lang, au), DC_OK);
        ck_assert_uint_eq(nlines, 3);   /* 000090-000104's serials to find, then the two */
        ck_assert_str_eq(lines[1], want[i].unprinted);
        ck_assert_str_eq(lines[2], want[i].checklist_only);
        dc_report_lines_free(lines, nlines);
    }
    /* the report shows them (the workbook's sheet has the same lines) */
    char *pdf = dc_asprintf("%s/serials-checklist.pdf", g_dir);
    ck_assert_int_eq(dc_report_audit_pdf(au, DC_LANG_ID, pdf), DC_OK);
    assert_pdf_says(pdf, "tidak pada formulir akses (1): 000106.");
    dc_report_audit_free(au);
    free(pdf);
    dc_archive_close(a);
    free(copy);
}
END_TEST

/* A serial stored with another width ("93" from a QR code not printed by dcaccess) is the serial
 * 93, as everywhere else in the archive (forms print refuses to print it again, the visits of a
 * print are found by it): the account named it "not scanned, find the sheet". */
START_TEST(test_audit_serials_of_another_width_are_the_same_serials)
{
    char *copy = dc_asprintf("%s/serials-width.db", g_dir);
    dc_archive *a = fixture_copy(copy);
    sqlite3 *db = dc_archive_db(a);
    add_print(a, "set", 90, 15, "2026-10-01T02:00:00Z");
    ck_assert_int_eq(sqlite3_exec(db, "UPDATE pages SET serial = '93' WHERE serial = '000093'", NULL, NULL, NULL),
                     SQLITE_OK);
    ck_assert_int_eq(sqlite3_changes(db), 1);
    dc_report_audit *au = NULL;
    ck_assert_int_eq(dc_report_audit_load(&au, db, copy, "2026-11", NULL), DC_OK);
    ck_assert_uint_eq(au->nprints, 1);
    const dc_report_print_run *p = &au->prints[0];
    ck_assert_int_eq(p->visits, 6);        /* 000090, 000092, 000101-000104 */
    ck_assert_int_eq(p->unused, 1);        /* 93 */
    ck_assert_int_eq(p->other, 1);         /* 000091 */
    ck_assert_int_eq(p->not_scanned, 7);   /* 000094-000100 */
    ck_assert_uint_eq(p->nmissing, 1);
    ck_assert_int_eq(p->missing[0].first, 94);
    ck_assert_int_eq(p->missing[0].last, 100);
    dc_report_audit_free(au);
    dc_archive_close(a);
    free(copy);
}
END_TEST

/* A line of the serial account longer than a spreadsheet cell holds (32,767 characters: 1,500
 * visits dated before their print, when the PC's clock was wrong as the forms were printed) goes on
 * as many rows as it needs, every serial on one of them: it made the whole audit workbook fail
 * ("String exceeds Excel's limit"), exit 3. */
START_TEST(test_audit_serials_sheet_holds_a_line_longer_than_a_cell)
{
    char *copy = dc_asprintf("%s/serials-long.db", g_dir);
    dc_archive *a = fixture_copy(copy);
    sqlite3 *db = dc_archive_db(a);
    add_print(a, "set", 1, 2000, "2026-11-16T03:00:00Z");
    dc_report_audit *au = NULL;
    ck_assert_int_eq(dc_report_audit_load(&au, db, copy, "2026-11", NULL), DC_OK);
    enum { N = 1500 };
    dc_report_early_visit *early = calloc(N, sizeof *early);
    ck_assert_ptr_nonnull(early);
    for (int i = 0; i < N; i++) {
        snprintf(early[i].serial, sizeof early[i].serial, "%06d", i + 1);
        snprintf(early[i].visit_date, sizeof early[i].visit_date, "2026-11-02");
        snprintf(early[i].printed, sizeof early[i].printed, "2026-11-16");
    }
    free(au->early);
    au->early = early;
    au->nearly = N;
    char *xlsx = dc_asprintf("%s/serials-long.xlsx", g_dir);
    for (int l = 0; l < 2; l++) {
        const dc_report_lang lang = l ? DC_LANG_ID : DC_LANG_EN;
        unlink(xlsx);
        ck_assert_int_eq(dc_report_audit_xlsx(au, lang, xlsx), DC_OK);
        const char *printed = l ? "dicetak 16-11-2026" : "printed 2026-11-16";
        /* every serial, once, in cells each within the limit */
        char *cmd = dc_asprintf("test \"$(unzip -p '%s' xl/sharedStrings.xml | grep -o '[0-9]\\{6\\} ([0-9-]*; %s)' | "
                                "sort -u | wc -l)\" = %d", xlsx, printed, N);
        run(cmd);
        free(cmd);
        cmd = dc_asprintf("unzip -p '%s' xl/sharedStrings.xml | grep -qF '001500 (%s; %s).'", xlsx,
                          l ? "02-11-2026" : "2026-11-02", printed);
        run(cmd);
        free(cmd);
    }
    dc_report_audit_free(au);
    free(xlsx);
    dc_archive_close(a);
    free(copy);
}
END_TEST

/* A copy of the fixture (g_dir/name, into *copy) where 000092, a visit of 29 October, has its exit
 * time corrected at `at`, and every other correction was made on 20 November. */
static dc_archive *fixture_with_late_correction(const char *name, const char *at, char **copy)
{
    *copy = dc_asprintf("%s/%s", g_dir, name);
    dc_archive *a = fixture_copy(*copy);
    dc_rules rules;
    dc_rules_default(&rules);
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000092", "exit_time", "10:50", "Budi", "paper says 10:50", NULL,
                                        NULL), DC_OK);
    char *sql = dc_asprintf("UPDATE corrections SET at='%s' WHERE serial='000092';"
                            "UPDATE corrections SET at='2026-11-20T03:00:00Z' WHERE serial<>'000092'", at);
    ck_assert_int_eq(sqlite3_exec(dc_archive_db(a), sql, NULL, NULL, NULL), SQLITE_OK);
    free(sql);
    return a;
}

/* A correction made in one month to a visit of another is listed by the audit of the month it was
 * made in (the audit of the visit's month, written before, does not show it), and only there. */
START_TEST(test_audit_lists_corrections_made_to_other_months_visits)
{
    char *copy = NULL;
    /* 000092, a visit of 29 October, corrected (as if) on 15 November */
    dc_archive *a = fixture_with_late_correction("late.db", "2026-11-15T03:00:00Z", &copy);
    sqlite3 *db = dc_archive_db(a);
    dc_report_audit *nov = NULL, *oct = NULL;
    ck_assert_int_eq(dc_report_audit_load(&nov, db, copy, "2026-11", NULL), DC_OK);
    ck_assert_uint_eq(nov->nlate, 1);   /* 000104 is November's own: in its records, not here */
    ck_assert_str_eq(nov->late[0].serial, "000092");
    ck_assert_str_eq(nov->late[0].visit_date, "2026-10-29");
    ck_assert_str_eq(nov->late[0].field, "exit_time");
    ck_assert_str_eq(nov->late[0].c.old_value, "10:40");
    ck_assert_str_eq(nov->late[0].c.new_value, "10:50");
    ck_assert_str_eq(nov->late[0].c.who, "Budi");
    ck_assert_str_eq(nov->late[0].c.why, "paper says 10:50");
    ck_assert_pstr_eq(nov->late[0].label[0], "Jam keluar");   /* as its form prints it */
    ck_assert_pstr_eq(nov->late[0].label[1], "Exit time");
    ck_assert_int_eq(dc_report_audit_load(&oct, db, copy, "2026-10", NULL), DC_OK);
    ck_assert_uint_eq(oct->nlate, 0);   /* made in November */
    /* a record whose visit date was not read is its batch date's: listed too (it was left out) */
    dc_report_audit *unread = NULL;
    ck_assert_int_eq(sqlite3_exec(db, "UPDATE records SET visit_date = NULL WHERE serial = '000092'", NULL, NULL, NULL),
                     SQLITE_OK);
    ck_assert_int_eq(dc_report_audit_load(&unread, db, copy, "2026-11", NULL), DC_OK);
    ck_assert_uint_eq(unread->nlate, 1);
    ck_assert_str_eq(unread->late[0].serial, "000092");
    ck_assert_str_eq(unread->late[0].visit_date, "2026-10-31");   /* its stack's date */
    dc_report_audit_free(unread);
    /* with no record of it left, its field is named as the forms print it now */
    ck_assert_int_eq(sqlite3_exec(db, "DELETE FROM records WHERE serial = '000092'", NULL, NULL, NULL), SQLITE_OK);
    ck_assert_int_eq(dc_report_audit_load(&unread, db, copy, "2026-11", NULL), DC_OK);
    ck_assert_uint_eq(unread->nlate, 1);
    ck_assert_ptr_null(unread->late[0].visit_date);
    ck_assert_pstr_eq(unread->late[0].label[1], "Exit time");
    dc_report_audit_free(unread);
    /* both reports are written with the section */
    char *pdf = dc_asprintf("%s/late.pdf", g_dir), *xlsx = dc_asprintf("%s/late.xlsx", g_dir);
    ck_assert_int_eq(dc_report_audit_pdf(nov, DC_LANG_EN, pdf), DC_OK);
    ck_assert_int_eq(dc_report_audit_xlsx(nov, DC_LANG_EN, xlsx), DC_OK);
    /* the field named as its form prints it, as in every other table of the PDF (it was exit_time) */
    assert_pdf_says(pdf, "000092 2026-10-29 Exit time 10:40 (0.97) 10:50 Budi 2026-11-15 03:00 UTC");
    free(pdf);
    free(xlsx);
    dc_report_audit_free(nov);
    dc_report_audit_free(oct);
    dc_archive_close(a);
    free(copy);
}
END_TEST

/* A correction to the value the field had (a spot check, or review's "checked, as read": the way
 * a person confirms a value) is a record of someone confirming it, kept in the chain: the audit
 * PDF lists it with who, when and why, and says "unchanged (confirmed)" instead of writing the
 * value twice ("10:30 → 10:30", a long purpose over six lines of the field table). */
START_TEST(test_audit_shows_a_correction_to_the_same_value_as_a_confirmation)
{
    char *copy = NULL;
    dc_archive *a = fixture_with_late_correction("confirm.db", "2026-11-15T03:00:00Z", &copy);
    dc_rules rules;
    dc_rules_default(&rules);
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000101", "exit_time", "10:30", "Siti", "spot check", NULL, NULL),
                     DC_OK);
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000092", "exit_time", "10:50", "Siti", "spot check", NULL, NULL),
                     DC_OK);
    /* changed, then confirmed: still a value a person changed */
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000102", "exit_time", "14:45", "Budi", "paper", NULL, NULL), DC_OK);
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000102", "exit_time", "14:45", "Siti", "spot check", NULL, NULL),
                     DC_OK);
    ck_assert_int_eq(sqlite3_exec(dc_archive_db(a), "UPDATE corrections SET at = '2026-11-16T03:00:00Z' WHERE who = 'Siti'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    dc_report_audit *nov = NULL;
    ck_assert_int_eq(dc_report_audit_load(&nov, dc_archive_db(a), copy, "2026-11", NULL), DC_OK);
    char *pdf = dc_asprintf("%s/confirm.pdf", g_dir);
    ck_assert_int_eq(dc_report_audit_pdf(nov, DC_LANG_EN, pdf), DC_OK);
    /* the field's row (its state "confirmed", as its corrections say: it said "corrected"), the
     * record's corrections, and the corrections of other months' records */
    assert_pdf_says(pdf, "Exit time 10:30 1.00 confirmed as read: sure reading unchanged (confirmed) ");
    assert_pdf_says(pdf, "Exit time 14:45 1.00 corrected as read: sure reading 14:30 → 14:45; unchanged (confirmed) ");
    assert_pdf_says(pdf, "Corrections (Record 000101) Field Old value New value By When (local time) Exit time "
                         "10:30 (0.97) unchanged (confirmed) Siti 2026-11-16 03:00 UTC Reason: spot check");
    assert_pdf_says(pdf, "000092 2026-10-29 Exit time 10:40 (0.97) 10:50 Budi 2026-11-15 03:00 UTC Reason: paper "
                         "says 10:50 000092 2026-10-29 Exit time 10:50 unchanged (confirmed) Siti 2026-11-16 03:00 UTC "
                         "Reason: spot check");
    ck_assert_int_eq(dc_report_audit_pdf(nov, DC_LANG_ID, pdf), DC_OK);
    assert_pdf_says(pdf, "Jam keluar 10:30 1,00 dikonfirmasi semula: bacaan yakin tidak berubah (dikonfirmasi) ");
    /* the workbook's field sheet says so too */
    char *xlsx = dc_asprintf("%s/confirm.xlsx", g_dir);
    ck_assert_int_eq(dc_report_audit_xlsx(nov, DC_LANG_EN, xlsx), DC_OK);
    assert_xlsx_holds(xlsx, "<t>confirmed</t>");
    ck_assert_int_eq(dc_report_audit_xlsx(nov, DC_LANG_ID, xlsx), DC_OK);
    assert_xlsx_holds(xlsx, "<t>dikonfirmasi</t>");
    free(xlsx);
    assert_pdf_says(pdf, "Jam keluar 10:30 (0,97) tidak berubah (dikonfirmasi) Siti 16-11-2026 03:00 UTC Alasan: spot "
                         "check");
    /* (its column wraps the words) */
    assert_pdf_says(pdf, "000092 29-10-2026 Jam keluar 10:50 tidak berubah Siti 16-11-2026 03:00 UTC (dikonfirmasi) "
                         "Alasan: spot check");
    free(pdf);
    dc_report_audit_free(nov);
    dc_archive_close(a);
    free(copy);
}
END_TEST

/* A copy of the fixture at g_dir/`name`.db where a person has set 000101's purpose, read
 * "maintenance", to empty (the paper has no box ticked: a required field empty), its daily report
 * of 2 November loaded, and where to write that report (`name`.pdf, `name`.xlsx). */
typedef struct purpose_set_empty {
    char *copy, *pdf, *xlsx;
    dc_archive *a;
    dc_report_daily *d;
} purpose_set_empty;

static void purpose_set_empty_open(purpose_set_empty *c, const char *name)
{
    c->copy = dc_asprintf("%s/%s.db", g_dir, name);
    c->pdf = dc_asprintf("%s/%s.pdf", g_dir, name);
    c->xlsx = dc_asprintf("%s/%s.xlsx", g_dir, name);
    c->a = fixture_copy(c->copy);
    dc_rules rules;
    dc_rules_default(&rules);
    ck_assert_int_eq(dc_archive_correct(c->a, &rules, "000101", "purpose", "", "Siti", "no box ticked", NULL, NULL),
                     DC_OK);
    c->d = NULL;
    ck_assert_int_eq(dc_report_daily_load(&c->d, dc_archive_db(c->a), c->copy, "2026-11-02", &fixed_opts), DC_OK);
}

static void purpose_set_empty_close(purpose_set_empty *c)
{
    dc_report_daily_free(c->d);
    dc_archive_close(c->a);
    free(c->copy);
    free(c->pdf);
    free(c->xlsx);
}

/* The English message of a required field whose name is its id named it twice, "Required field is
 * empty: purpose (purpose)": the reports show it once (the archive keeps the text it chained). */
START_TEST(test_reports_name_a_field_named_by_its_id_once)
{
    purpose_set_empty c;
    purpose_set_empty_open(&c, "purpose-once");
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(dc_archive_db(c.a), "SELECT message_en FROM findings WHERE serial = '000101' "
                                        "AND rule = 'required_missing'", -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), "Required field is empty: purpose (purpose)");
    sqlite3_finalize(st);
    ck_assert_int_eq(dc_report_daily_pdf(c.d, DC_LANG_EN, c.pdf), DC_OK);
    assert_pdf_says(c.pdf, "000101 Required field missing purpose 2 Error Required field is empty: purpose 000102");
    ck_assert_int_eq(dc_report_daily_xlsx(c.d, DC_LANG_EN, c.xlsx), DC_OK);
    assert_xlsx_holds(c.xlsx, "<t>Required field is empty: purpose</t>");
    ck_assert_int_eq(dc_report_daily_pdf(c.d, DC_LANG_ID, c.pdf), DC_OK);
    assert_pdf_says(c.pdf, "Kesalahan Kolom wajib kosong: tujuan kunjungan (purpose) ");
    purpose_set_empty_close(&c);
}
END_TEST

/* A purpose a person set empty (no box ticked on the paper) reads as confirmed empty in the daily
 * report's visit table, not "not filled in or not yet read", which it says of one blank or unread. */
START_TEST(test_daily_says_a_purpose_confirmed_empty)
{
    purpose_set_empty c;
    purpose_set_empty_open(&c, "purpose-empty");
    ck_assert_int_eq(dc_report_daily_pdf(c.d, DC_LANG_ID, c.pdf), DC_OK);
    assert_pdf_says(c.pdf, "000101 BUDI SANTOSO DISKOMINFO Kosong (dikonfirmasi) 09:45 10:30 45 RINA Lengkap 1 PONTIANAK");
    ck_assert_int_eq(dc_report_daily_pdf(c.d, DC_LANG_EN, c.pdf), DC_OK);
    assert_pdf_says(c.pdf, "000101 BUDI SANTOSO DISKOMINFO Empty (confirmed) 09:45 10:30 45 RINA Complete 1 PONTIANAK");
    ck_assert_int_eq(dc_report_daily_xlsx(c.d, DC_LANG_EN, c.xlsx), DC_OK);
    assert_xlsx_holds(c.xlsx, "<t>Empty (confirmed)</t>");
    ck_assert_int_eq(dc_report_daily_xlsx(c.d, DC_LANG_ID, c.xlsx), DC_OK);
    assert_xlsx_holds(c.xlsx, "<t>Kosong (dikonfirmasi)</t>");
    purpose_set_empty_close(&c);
}
END_TEST

/* A purpose left blank on the paper and one whose reading waits for review both read "Tidak diisi
 * atau belum terbaca" / "Not filled in or not yet read" in the daily report (and were both an empty
 * cell in the workbook): a blank one reads "Tidak diisi", one in review "(ditinjau)" as the name
 * cells say it. Two visits added to the 2 November stack of a copy of the fixture. */
START_TEST(test_daily_tells_a_blank_purpose_from_one_in_review)
{
    char *copy = NULL;
    int64_t batch = 0;
    dc_archive *a = fixture_copy_in_batch("purpose-blank.db", "2026-11-02", &copy, &batch);
    static const visit_spec blank = {"000107", "2026-11-02", "HADI KUSUMA", "PLN", "6171010101900007", "081200000007",
                                     NULL, NULL, "granted", "16:00", "16:05", "16:30", "RINA", "8", NULL},
                            review = {"000108", "2026-11-02", "MAYA SARI", "BPS", "6171010101900008", "081200000008",
                                      "hosting", NULL, "granted", "16:40", "16:45", "17:10", "RINA", "9", "purpose"};
    add_page(a, batch, &blank, 107);
    add_page(a, batch, &review, 108);
    ck_assert_int_eq(dc_archive_batch_end(a, batch, "finished"), DC_OK);
    ck_assert_int_eq(dc_archive_sync_records(a, &fixture_rules, NULL), DC_OK);
    dc_report_daily *d = NULL;
    ck_assert_int_eq(dc_report_daily_load(&d, dc_archive_db(a), copy, "2026-11-02", &fixed_opts), DC_OK);
    char *pdf = dc_asprintf("%s/purpose-blank.pdf", g_dir), *xlsx = dc_asprintf("%s/purpose-blank.xlsx", g_dir);
    ck_assert_int_eq(dc_report_daily_pdf(d, DC_LANG_ID, pdf), DC_OK);
    assert_pdf_says(pdf, "000107 HADI KUSUMA PLN Tidak diisi 16:05 16:30 25 RINA Lengkap 1 ");
    assert_pdf_says(pdf, "000108 MAYA SARI BPS (ditinjau) 16:45 17:10 25 RINA Perlu ditinjau 0 ");
    ck_assert_int_eq(dc_report_daily_pdf(d, DC_LANG_EN, pdf), DC_OK);
    assert_pdf_says(pdf, "000107 HADI KUSUMA PLN Not filled in 16:05 16:30 25 RINA Complete 1 ");
    assert_pdf_says(pdf, "000108 MAYA SARI BPS (in review) 16:45 17:10 25 RINA Needs review 0 ");
    ck_assert_int_eq(dc_report_daily_xlsx(d, DC_LANG_ID, xlsx), DC_OK);
    assert_xlsx_holds(xlsx, "<t>Tidak diisi</t>");
    assert_xlsx_holds(xlsx, "<t>(ditinjau)</t>");
    ck_assert_int_eq(dc_report_daily_xlsx(d, DC_LANG_EN, xlsx), DC_OK);
    assert_xlsx_holds(xlsx, "<t>Not filled in</t>");
    assert_xlsx_holds(xlsx, "<t>(in review)</t>");
    free(pdf);
    free(xlsx);
    dc_report_daily_free(d);
    dc_archive_close(a);
    free(copy);
}
END_TEST

/* The audit's fact line of a record whose purpose a person confirmed empty said "Tujuan: –", as of
 * one left blank, where the daily report says "Kosong (dikonfirmasi)": it says so too. */
START_TEST(test_audit_says_a_purpose_confirmed_empty)
{
    purpose_set_empty c;
    purpose_set_empty_open(&c, "audit-purpose-empty");
    dc_report_audit *au = NULL;
    ck_assert_int_eq(dc_report_audit_load(&au, dc_archive_db(c.a), c.copy, "2026-11", &fixed_opts), DC_OK);
    ck_assert_int_eq(dc_report_audit_pdf(au, DC_LANG_ID, c.pdf), DC_OK);
    assert_pdf_says(c.pdf, "Telepon: 081234567890 Tujuan: Kosong (dikonfirmasi) Keputusan: Diizinkan Masuk: 09:45");
    ck_assert_int_eq(dc_report_audit_pdf(au, DC_LANG_EN, c.pdf), DC_OK);
    assert_pdf_says(c.pdf, "Phone: 081234567890 Purpose: Empty (confirmed) Decision: Granted Entry: 09:45");
    dc_report_audit_free(au);
    purpose_set_empty_close(&c);
}
END_TEST

/* The daily and monthly reports' findings totals count while records of the period wait for review,
 * and the rules that read a field in review wait for it: the total may change after review, as the
 * scan's summary says. 20 November has 000105 in review (its institution), November 000105 and
 * 000106; 2 November none, its total unchanged. */
START_TEST(test_findings_totals_say_records_in_review_may_change_them)
{
    sqlite3 *db = open_db();
    dc_report_daily *day = NULL, *clear = NULL;
    dc_report_monthly *m = NULL;
    ck_assert_int_eq(dc_report_daily_load(&day, db, g_db, "2026-11-20", &fixed_opts), DC_OK);
    ck_assert_int_eq(dc_report_daily_load(&clear, db, g_db, "2026-11-02", &fixed_opts), DC_OK);
    ck_assert_int_eq(dc_report_monthly_load(&m, db, g_db, "2026-11", &fixed_opts), DC_OK);
    char *pdf = dc_asprintf("%s/before-review.pdf", g_dir), *xlsx = dc_asprintf("%s/before-review.xlsx", g_dir);
    ck_assert_int_eq(dc_report_daily_pdf(day, DC_LANG_ID, pdf), DC_OK);
    assert_pdf_says(pdf, "Temuan 1 (sebelum ditinjau: temuan dari 1 rekaman yang ditinjau dapat berubah) Isian yang perlu ditinjau 1 ");
    ck_assert_int_eq(dc_report_daily_pdf(day, DC_LANG_EN, pdf), DC_OK);
    assert_pdf_says(pdf, "Findings 1 (before review: those of the 1 record in review may change) Fields in review 1 ");
    ck_assert_int_eq(dc_report_daily_pdf(clear, DC_LANG_EN, pdf), DC_OK);
    assert_pdf_says(pdf, "Total visits 3 Findings 1 Fields in review 0 Pages");
    ck_assert_int_eq(dc_report_monthly_pdf(m, DC_LANG_ID, pdf), DC_OK);
    assert_pdf_says(pdf, "Rekaman dengan temuan 3 (sebelum ditinjau: temuan dari 2 rekaman yang ditinjau dapat berubah) " COMPLIANCE_LABEL);
    ck_assert_int_eq(dc_report_monthly_pdf(m, DC_LANG_EN, pdf), DC_OK);
    assert_pdf_says(pdf, "Records with findings 3 (before review: those of the 2 records in review may change) Compliance");
    ck_assert_int_eq(dc_report_monthly_xlsx(m, DC_LANG_ID, xlsx), DC_OK);
    assert_xlsx_holds(xlsx, "<t>(sebelum ditinjau: temuan dari 2 rekaman yang ditinjau dapat berubah)</t>");
    ck_assert_int_eq(dc_report_monthly_xlsx(m, DC_LANG_EN, xlsx), DC_OK);
    assert_xlsx_holds(xlsx, "<t>(before review: those of the 2 records in review may change)</t>");
    free(pdf);
    free(xlsx);
    dc_report_monthly_free(m);
    dc_report_daily_free(clear);
    dc_report_daily_free(day);
    sqlite3_close(db);
}
END_TEST

/* A recheck of many records of other months is one row of the audit PDF's section (each row was a
 * record: a recheck after an update listed every record of the year), with the serials and visit
 * dates it spans; a correction of a field stays a row of its own, and the XLSX lists every one. */
START_TEST(test_audit_groups_a_recheck_of_other_months_in_one_row)
{
    char *copy = NULL;
    dc_archive *a = fixture_with_late_correction("lategroup.db", "2026-11-15T03:00:00Z", &copy);
    dc_report_audit *nov = NULL;
    ck_assert_int_eq(dc_report_audit_load(&nov, dc_archive_db(a), copy, "2026-11", NULL), DC_OK);
    ck_assert_uint_eq(nov->nlate, 1);
    /* three records of September and October checked again by one recheck, after the correction */
    static const char *const serials[] = {"000061", "000017", "000092"}, *const dates[] = {"2026-10-02", "2026-09-30",
                                                                                          "2026-10-29"};
    nov->late = realloc(nov->late, 4 * sizeof *nov->late);
    ck_assert_ptr_nonnull(nov->late);
    for (size_t i = 0; i < 3; i++) {
        dc_report_late_correction *l = &nov->late[1 + i];
        memset(l, 0, sizeof *l);
        l->serial = dc_strdup(serials[i]);
        l->field = dc_strdup("rules");
        l->visit_date = dc_strdup(dates[i]);
        l->c.old_value = dc_strdup("SOP defaults");
        l->c.new_value = dc_strdup("SOP defaults; rules engine 2");
        l->c.who = dc_strdup("Siti");
        l->c.at = dc_asprintf("2026-11-20T03:0%zu:00Z", i);
        l->c.why = dc_strdup("dcaccess updated");
        l->c.old_conf = -1;
    }
    nov->nlate = 4;
    char *pdf = dc_asprintf("%s/lategroup.pdf", g_dir);
    ck_assert_int_eq(dc_report_audit_pdf(nov, DC_LANG_EN, pdf), DC_OK);
    char *t = pdf_text_at(pdf);
    const char *sec = strstr(t, "Corrections made this month to records of other months");
    ck_assert_ptr_nonnull(sec);
    ck_assert_msg(strstr(sec, "Records checked again together (with the rules in force, or a batch's new date) are one "
                              "row per check"), "%.1500s", sec);
    char *cmd = dc_asprintf("pdftotext -layout %s - | grep -A12 'Corrections made this month to records of other months' "
                            "| grep -q '000092 *2026-10-29 *Exit time *10:40 (0.97) *10:50 *Budi'", pdf);
    run(cmd);
    free(cmd);
    cmd = dc_asprintf("pdftotext -layout %s - | grep -A12 'Corrections made this month to records of other months' "
                      "| grep -A2 '^3 records, *2026-09-30 to *rules *SOP defaults *SOP defaults; rules *Siti' "
                      "| tr -s ' ' | tr '\\n' '|' | grep -qx '3 records, 2026-09-30 to rules SOP defaults SOP defaults; "
                      "rules Siti 2026-11-20 03:00 UTC|000017 to 2026-10-29 engine 2|000092|'", pdf);
    run(cmd);
    free(cmd);
    ck_assert_msg(!strstr(sec, "000061"), "%.1500s", sec);
    ck_assert_ptr_null(strstr(strstr(sec, "dcaccess updated") + 1, "dcaccess updated"));   /* one reason, once */
    free(t);
    /* one more by another person is a row of its own */
    free(nov->late[3].c.who);
    nov->late[3].c.who = dc_strdup("Budi");
    ck_assert_int_eq(dc_report_audit_pdf(nov, DC_LANG_EN, pdf), DC_OK);
    t = pdf_text_at(pdf);
    sec = strstr(t, "Corrections made this month to records of other months");
    ck_assert_msg(sec && strstr(sec, "2 records,") && !strstr(sec, "3 records,"), "%.1500s", sec ? sec : t);
    free(t);
    cmd = dc_asprintf("pdftotext -layout %s - | grep -A12 'Corrections made this month to records of other months' "
                      "| grep -A1 '^2 records, *2026-09-30 to *rules .*Siti' | tr -s ' ' | tr '\\n' '|' "
                      "| grep -qx '2 records, 2026-09-30 to rules SOP defaults SOP defaults; rules Siti 2026-11-20 "
                      "03:00 UTC|000017 to 2026-10-02 engine 2|'", pdf);
    run(cmd);
    free(cmd);
    cmd = dc_asprintf("pdftotext -layout %s - | grep -A12 'Corrections made this month to records of other months' "
                      "| grep -q '^000092 *2026-10-29 *rules *SOP defaults *SOP defaults; rules *Budi *2026-11-20 "
                      "03:02 UTC'", pdf);
    run(cmd);
    free(cmd);
    t = NULL;
    free(t);
    free(pdf);
    dc_report_audit_free(nov);
    dc_archive_close(a);
    free(copy);
}
END_TEST

/* November's audit of a copy of the fixture (its name `name`, in *copy) to which a device
 * checklist of 000101 (with a laptop in row 1 and rows 2-8 unused when `device`) was added in a stack dated `date`; the record
 * of 000101 in *rec. The archive (*a), *copy and the audit are the caller's. */
static dc_report_audit *audit_with_checklist_of_101(const char *name, const char *date, bool device, dc_archive **a,
                                                    char **copy, const dc_report_record **rec)
{
    int64_t batch = 0;
    *a = fixture_copy_in_batch(name, date, copy, &batch);
    add_checklist(*a, batch, "000101", device, device ? 8 : 0);
    ck_assert_int_eq(dc_archive_batch_end(*a, batch, "finished"), DC_OK);
    ck_assert_int_eq(dc_archive_sync_records(*a, &fixture_rules, NULL), DC_OK);
    dc_report_audit *au = NULL;
    ck_assert_int_eq(dc_report_audit_load(&au, dc_archive_db(*a), *copy, "2026-11", NULL), DC_OK);
    *rec = NULL;
    for (size_t i = 0; i < au->nrecords; i++)
        if (strcmp(au->records[i].visit.serial, "000101") == 0)
            *rec = &au->records[i];
    ck_assert_ptr_nonnull(*rec);
    return au;
}

/* The audit lists a record's fields in the order its paper forms print them, the access form then
 * the device checklist, the device table row by row: an auditor reads it beside the sheets (by id,
 * device_1_in came before device_1_name, and exit_time between escort_name and id_number). */
START_TEST(test_audit_lists_a_records_fields_in_the_order_of_the_paper)
{
    char *copy = NULL;
    dc_archive *a = NULL;
    const dc_report_record *rec = NULL;
    dc_report_audit *au = audit_with_checklist_of_101("paperorder.db", "2026-11-02", true, &a, &copy, &rec);
    char ids[1024] = "";
    for (size_t i = 0; i < rec->nfields; i++)
        snprintf(ids + strlen(ids), sizeof ids - strlen(ids), "%s%s", i ? " " : "", rec->fields[i].id);
    ck_assert_str_eq(ids, "visit_date arrival_time visitor_name institution id_type id_number phone purpose "
                          "purpose_detail brings_devices decision badge_number operator_name escort_name entry_time "
                          "exit_time badge_returned id_returned visitor_signature operator_signature device_1_name "
                          "device_1_serial device_1_in device_1_out device_2_name device_2_model device_2_serial "
                          "device_2_in device_2_out device_2_remarks device_3_name device_3_model device_3_serial "
                          "device_3_in device_3_out device_3_remarks device_4_name device_4_model device_4_serial "
                          "device_4_in device_4_out device_4_remarks device_5_name device_5_model device_5_serial "
                          "device_5_in device_5_out device_5_remarks device_6_name device_6_model device_6_serial "
                          "device_6_in device_6_out device_6_remarks device_7_name device_7_model device_7_serial "
                          "device_7_in device_7_out device_7_remarks device_8_name device_8_model device_8_serial "
                          "device_8_in device_8_out device_8_remarks checklist_operator_signature");
    /* each named as its form prints it, without the hint in brackets */
    static const struct {
        size_t i;
        const char *id, *en;
    } labels[] = {
        {0, "Tanggal kunjungan", "Visit date"},
        {9, "Membawa perangkat?", "Bringing devices?"},
        {19, "Tanda tangan petugas operator", "Operator signature"},
        {20, "Nama perangkat (baris 1)", "Device (row 1)"},
        {22, "Masuk (baris 1)", "In (row 1)"},
        {65, "Keterangan (baris 8)", "Remarks (row 8)"},
        {66, "Tanda tangan petugas operator (ceklist perangkat)", "Operator signature (device checklist)"},
    };
    ck_assert_uint_eq(rec->nfields, 67);
    for (size_t k = 0; k < sizeof labels / sizeof labels[0]; k++) {
        ck_assert_str_eq(dc_report_field_label(&rec->fields[labels[k].i], DC_LANG_ID), labels[k].id);
        ck_assert_str_eq(dc_report_field_label(&rec->fields[labels[k].i], DC_LANG_EN), labels[k].en);
    }
    /* the PDF shows rows 2-8, with nothing on them, as one line */
    char *pdf = dc_asprintf("%s/paperorder.pdf", g_dir);
    ck_assert_int_eq(dc_report_audit_pdf(au, DC_LANG_EN, pdf), DC_OK);
    char *t = pdf_text_at(pdf);
    const char *at = strstr(t, "Device rows 2-8");
    ck_assert_msg(at && strstr(at, "nothing written, no box ticked") && strstr(at, "(42 fields)") &&
                      strstr(t, "\nOut (row 1) ") && !strstr(t, "(row 2)") && !strstr(t, "(row 8)"),
                  "%.3000s", strstr(t, "(row 1)") ? strstr(t, "(row 1)") : t);
    free(t);
    free(pdf);
    dc_report_audit_free(au);
    dc_archive_close(a);
    free(copy);
}
END_TEST

/* Copies template `name` of the shipped forms/ into `dir`, with `from` (once in it) replaced by `to`. */
static void template_copy(const char *dir, const char *name, const char *from, const char *to)
{
    char *src = dc_asprintf("%s/forms/%s", DC_SOURCE_DIR, name), *dst = dc_asprintf("%s/%s", dir, name);
    unsigned char *text = NULL;
    size_t len = 0;
    ck_assert_int_eq(dc_read_file(src, &text, &len), DC_OK);
    char *at = from ? strstr((char *)text, from) : NULL;
    ck_assert(!from || at);
    char *out = at ? dc_asprintf("%.*s%s%s", (int)(at - (char *)text), (char *)text, to, at + strlen(from))
                   : dc_strdup((char *)text);
    ck_assert_int_eq(dc_write_file_atomic(dst, out, strlen(out)), DC_OK);
    free(out);
    free(text);
    free(dst);
    free(src);
}

/* A template's cell of the device table (a field with a "row") whose id is not device_N_COLUMN (a
 * template made by hand, "in1"): the label was looked for past the id's end (at id + 7, past "in1"
 * and its end); the field keeps its id, in its place on the paper. */
START_TEST(test_audit_names_a_table_cell_of_another_id_by_its_id)
{
    char *data = dc_asprintf("%s/handmade", g_dir), *forms = dc_asprintf("%s/forms", data);
    ck_assert_int_eq(dc_mkdirs(forms), DC_OK);
    template_copy(forms, "access.v1.json", NULL, NULL);
    template_copy(forms, "checklist.v1.json", "\"id\": \"device_1_in\"", "\"id\": \"in1\"");
    setenv("DCACCESS_DATA_DIR", data, 1);
    char *copy = NULL;
    int64_t batch = 0;
    dc_archive *a = fixture_copy_in_batch("handmade.db", "2026-11-02", &copy, &batch);
    dc_page_result r;
    form_page_of(&r, "checklist 000101", "checklist", "000101", 2);
    r.fields = calloc(3, sizeof *r.fields);
    field(&r, "device_1_name", "LAPTOP", NULL);
    field(&r, "in1", "true", NULL);
    field(&r, "device_1_out", "true", NULL);
    bool stored = false;
    ck_assert_int_eq(dc_archive_add_page(a, batch, &r, &stored, NULL), DC_OK);
    ck_assert(stored);
    dc_page_result_clear(&r);
    ck_assert_int_eq(dc_archive_batch_end(a, batch, "finished"), DC_OK);
    ck_assert_int_eq(dc_archive_sync_records(a, &fixture_rules, NULL), DC_OK);
    dc_report_audit *au = NULL;
    ck_assert_int_eq(dc_report_audit_load(&au, dc_archive_db(a), copy, "2026-11", NULL), DC_OK);
    unsetenv("DCACCESS_DATA_DIR");
    const dc_report_record *rec = NULL;
    for (size_t i = 0; i < au->nrecords; i++)
        if (strcmp(au->records[i].visit.serial, "000101") == 0)
            rec = &au->records[i];
    ck_assert_ptr_nonnull(rec);
    char shown[256] = "";   /* the checklist's, after the access form's fields */
    for (size_t i = 20; i < rec->nfields; i++)
        snprintf(shown + strlen(shown), sizeof shown - strlen(shown), "%s%s", i > 20 ? "; " : "",
                 dc_report_field_label(&rec->fields[i], DC_LANG_EN));
    ck_assert_str_eq(shown, "Device (row 1); in1; Out (row 1)");
    dc_report_audit_free(au);
    dc_archive_close(a);
    free(copy);
    free(forms);
    free(data);
}
END_TEST

/* A record's access form read with a template not installed here (another version, another
 * machine's), its checklist's installed: the access form's signatures were found on the
 * checklist's template, which has fields of those names, and shown among the checklist's fields
 * ("Out (row 1); Visitor signature; Operator signature (device checklist); Operator signature");
 * they are the access form's, after the checklist's fields by id, as its other fields are. */
START_TEST(test_audit_finds_no_access_signature_on_the_checklists_template)
{
    char *data = dc_asprintf("%s/checklistonly", g_dir), *forms = dc_asprintf("%s/forms", data);
    ck_assert_int_eq(dc_mkdirs(forms), DC_OK);
    template_copy(forms, "checklist.v1.json", NULL, NULL);
    setenv("DCACCESS_DATA_DIR", data, 1);
    char *copy = NULL;
    dc_archive *a = NULL;
    const dc_report_record *rec = NULL;
    dc_report_audit *au = audit_with_checklist_of_101("checklistonly.db", "2026-11-02", true, &a, &copy, &rec);
    unsetenv("DCACCESS_DATA_DIR");
    char shown[2048] = "";
    for (size_t i = 0; i < rec->nfields; i++)
        if (!strstr(rec->fields[i].id, "device_") || strstr(rec->fields[i].id, "device_1_"))
            snprintf(shown + strlen(shown), sizeof shown - strlen(shown), "%s%s", i ? "; " : "",
                     dc_report_field_label(&rec->fields[i], DC_LANG_EN));
    ck_assert_str_eq(shown, "Device (row 1); Serial number (row 1); In (row 1); Out (row 1); Operator signature (device "
                            "checklist); arrival_time; badge_number; badge_returned; brings_devices; decision; "
                            "entry_time; escort_name; exit_time; id_number; id_returned; id_type; institution; "
                            "operator_name; operator_signature; phone; purpose; purpose_detail; visit_date; "
                            "visitor_name; visitor_signature");
    dc_report_audit_free(au);
    dc_archive_close(a);
    free(copy);
    free(forms);
    free(data);
}
END_TEST

/* Which fields start a run of device rows with nothing on them: whole rows, one after the other,
 * each field empty or a box read as not ticked, none corrected. */
START_TEST(test_unused_device_rows_are_whole_rows_with_nothing_on_them)
{
    dc_report_correction fix = {.old_value = NULL, .new_value = "false", .old_state = "empty", .old_conf = 1.0};
    dc_report_field f[] = {
        {.id = "device_1_name", .value = "LAPTOP", .confidence = 0.97, .state = "accepted"},
        {.id = "device_1_in", .value = "true", .confidence = 0.99, .state = "accepted"},
        {.id = "device_2_name", .confidence = 1.0, .state = "empty"},
        {.id = "device_2_in", .value = "false", .confidence = 0.98, .state = "accepted"},
        {.id = "device_3_name", .confidence = 0.99, .state = "empty"},
        {.id = "device_3_in", .value = "false", .confidence = 1.0, .state = "accepted"},
        {.id = "device_4_name", .confidence = 1.0, .state = "empty"},
        {.id = "device_4_in", .value = "false", .confidence = 0.6, .state = "review"},
        {.id = "device_5_name", .confidence = 1.0, .state = "empty"},
        {.id = "device_5_in", .value = "false", .confidence = 1.0, .state = "accepted"},
        {.id = "device_7_name", .confidence = 1.0, .state = "empty"},
        {.id = "checklist_operator_signature", .value = "true", .confidence = 0.93, .state = "accepted"},
    };
    dc_report_record r = {.fields = f, .nfields = sizeof f / sizeof f[0]};
    dc_report_unused_rows u;
    ck_assert(!dc_report_unused_device_rows(&r, 0, &u));   /* a laptop */
    ck_assert(dc_report_unused_device_rows(&r, 2, &u));
    ck_assert_uint_eq(u.end, 6);
    ck_assert_int_eq(u.first_row, 2);
    ck_assert_int_eq(u.last_row, 3);
    ck_assert_double_eq(u.least, 0.98);
    ck_assert(!dc_report_unused_device_rows(&r, 3, &u));   /* not the first field of its row */
    ck_assert(!dc_report_unused_device_rows(&r, 6, &u));   /* a box in review */
    ck_assert(dc_report_unused_device_rows(&r, 8, &u));    /* row 5, and not row 7: rows follow one another */
    ck_assert_uint_eq(u.end, 10);
    ck_assert_int_eq(u.first_row, 5);
    ck_assert_int_eq(u.last_row, 5);
    ck_assert(!dc_report_unused_device_rows(&r, 11, &u));  /* no device field */
    ck_assert(!dc_report_unused_device_rows(&r, 12, &u));  /* past the fields */
    f[5].corrections = &fix;   /* a person's correction is shown */
    f[5].ncorrections = 1;
    ck_assert(dc_report_unused_device_rows(&r, 2, &u));
    ck_assert_uint_eq(u.end, 4);
    ck_assert_int_eq(u.last_row, 2);
}
END_TEST

/* A set's two pages scanned in two stacks (the checklist of 000101 found a day later): the
 * audit's sources give each page its own batch date (both showed the record's), and the PDF names
 * the other one beside that page. */
START_TEST(test_an_audit_source_has_its_own_batch_date)
{
    char *copy = NULL;
    dc_archive *a = NULL;
    const dc_report_record *rec = NULL;
    dc_report_audit *au = audit_with_checklist_of_101("twostacks.db", "2026-11-03", false, &a, &copy, &rec);
    ck_assert_uint_eq(rec->nsources, 2);
    ck_assert_str_eq(rec->batch_date, "2026-11-02");
    ck_assert_str_eq(rec->sources[0].form, "access");
    ck_assert_str_eq(rec->sources[0].batch_date, "2026-11-02");
    ck_assert_str_eq(rec->sources[1].form, "checklist");
    ck_assert_str_eq(rec->sources[1].batch_date, "2026-11-03");
    char *pdf = dc_asprintf("%s/twostacks.pdf", g_dir);
    ck_assert_int_eq(dc_report_audit_pdf(au, DC_LANG_EN, pdf), DC_OK);
    char *t = pdf_text_at(pdf);
    ck_assert_msg(strstr(t, "Source page (device checklist v1), Page 1, Batch date 2026-11-03:") && !strstr(t, "Page 1, Batch date 2026-11-02"),
                  "%.1500s", strstr(t, "Source page") ? strstr(t, "Source page") : t);
    free(t);
    free(pdf);
    dc_report_audit_free(au);
    dc_archive_close(a);
    free(copy);
}
END_TEST

/* A correction's month is that of its local date, as the reports show its time: one made at 01:30
 * WIB on 1 December (18:30 UTC on 30 November) belongs to December's audit, not November's. */
START_TEST(test_a_correction_counts_in_the_month_of_its_local_date)
{
    setenv("TZ", "WIB-7", 1);
    tzset();
    struct tm tm;
    ck_assert(dc_report_local_stamp("2026-11-30T18:30:00Z", &tm));
    char buf[64];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M %Z", &tm);
    ck_assert_str_eq(buf, "2026-12-01 01:30 WIB");
    /* as the PDF and the CLI (batch-date, the notes on unfinished batches) show it */
    dc_report_format_stamp(buf, sizeof buf, DC_LANG_EN, "2026-11-30T18:30:00Z");
    ck_assert_str_eq(buf, "2026-12-01 01:30 WIB");
    dc_report_format_stamp(buf, sizeof buf, DC_LANG_ID, "2026-11-30T18:30:00Z");
    ck_assert_str_eq(buf, "01-12-2026 01:30 WIB");
    dc_report_format_stamp(buf, sizeof buf, DC_LANG_EN, "2026-11-31T10:00:00Z");
    ck_assert_str_eq(buf, "2026-11-31T10:00:00Z");
    ck_assert(!dc_report_local_stamp("2026-11-30 18:30", &tm));
    ck_assert(!dc_report_local_stamp("2026-11-30T18:30:00Zx", &tm));
    /* no real day or time: shown as stored, not carried into another (2026-11-31 is no 1 December) */
    ck_assert(!dc_report_local_stamp("2026-11-31T10:00:00Z", &tm));
    ck_assert(!dc_report_local_stamp("2026-13-01T10:00:00Z", &tm));
    ck_assert(!dc_report_local_stamp("2026-11-30T24:00:00Z", &tm));
    ck_assert(dc_report_local_stamp("2028-02-29T10:00:00Z", &tm));
    char *copy = NULL;
    dc_archive *a = fixture_with_late_correction("local.db", "2026-11-30T18:30:00Z", &copy);
    sqlite3 *db = dc_archive_db(a);
    dc_report_audit *nov = NULL, *dec = NULL;
    ck_assert_int_eq(dc_report_audit_load(&nov, db, copy, "2026-11", NULL), DC_OK);
    ck_assert_uint_eq(nov->nlate, 0);
    ck_assert_int_eq(dc_report_audit_load(&dec, db, copy, "2026-12", NULL), DC_OK);
    ck_assert_uint_eq(dec->nlate, 1);
    ck_assert_str_eq(dec->late[0].serial, "000092");
    char *pdf = dc_asprintf("%s/local.pdf", g_dir);
    ck_assert_int_eq(dc_report_audit_pdf(dec, DC_LANG_EN, pdf), DC_OK);
    char *cmd = dc_asprintf("pdftotext -layout %s - | grep -q '000092 .*2026-12-01 01:30 WIB'", pdf);
    run(cmd);
    free(cmd);
    free(pdf);
    dc_report_audit_free(nov);
    dc_report_audit_free(dec);
    dc_archive_close(a);
    free(copy);
    setenv("TZ", "UTC", 1);
    tzset();
}
END_TEST

START_TEST(test_audit_has_whole_ids_corrections_thumbnails_and_hashes)
{
    sqlite3 *db = open_db();
    dc_report_audit *au = NULL;
    ck_assert_int_eq(dc_report_audit_load(&au, db, g_db, "2026-11", NULL), DC_OK);
    ck_assert_uint_eq(au->nrecords, 6);
    ck_assert(!au->chain_checked);
    /* every page of the month's batches is accounted for: the foreign page is no visit */
    ck_assert_uint_eq(au->npages_out, 1);
    ck_assert_str_eq(au->pages_out[0].status, "rejected");
    ck_assert_str_eq(au->pages_out[0].reason, "not a dcaccess form (no QR code)");
    {   /* October's: the form nobody filled in */
        dc_report_audit *oct = NULL;
        ck_assert_int_eq(dc_report_audit_load(&oct, db, g_db, "2026-10", NULL), DC_OK);
        ck_assert_uint_eq(oct->npages_out, 1);
        ck_assert_str_eq(oct->pages_out[0].status, "blank");
        ck_assert_str_eq(oct->pages_out[0].serial, "000093");
        ck_assert_str_eq(oct->pages_out[0].reason,
                         "nothing is written on access 000093 page 1: an unused form, not a visit");
        ck_assert_str_eq(dc_report_page_status_label(DC_LANG_EN, oct->pages_out[0].status), "unused form");
        dc_report_audit_free(oct);
    }
    const dc_report_record *r = NULL;
    for (size_t i = 0; i < au->nrecords; i++)
        if (strcmp(au->records[i].visit.serial, "000104") == 0)
            r = &au->records[i];
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(r->visit.id_number, "6171044404920002");
    ck_assert_uint_eq(r->nsources, 1);
    ck_assert_uint_gt(r->sources[0].thumb_len, 8);
    ck_assert_int_eq(memcmp(r->sources[0].thumb_png, "\x89PNG", 4), 0);
    char hex[65];
    ck_assert_int_eq(dc_sha256_file_hex(r->sources[0].file, hex), DC_OK);
    ck_assert_str_eq(r->sources[0].sha256, hex);
    const dc_report_field *exit_f = NULL;
    for (size_t i = 0; i < r->nfields; i++)
        if (strcmp(r->fields[i].id, "exit_time") == 0)
            exit_f = &r->fields[i];
    ck_assert_ptr_nonnull(exit_f);
    ck_assert_str_eq(exit_f->value, "08:55");
    ck_assert_str_eq(exit_f->state, "corrected");
    ck_assert_uint_eq(exit_f->ncorrections, 1);
    ck_assert_str_eq(exit_f->corrections[0].old_value, "08:50");
    ck_assert_str_eq(exit_f->corrections[0].new_value, "08:55");
    ck_assert_str_eq(exit_f->corrections[0].who, "operator1");
    ck_assert_double_eq_tol(exit_f->corrections[0].old_conf, 0.97, 1e-9);   /* as read, before the correction */
    ck_assert_str_eq(exit_f->basis, "reading"); /* the value the operator replaced had been read surely */
    dc_report_audit_free(au);
    sqlite3_close(db);
}
END_TEST

/* ---- XLSX through LibreOffice ---- */

START_TEST(test_monthly_xlsx_figures_equal_independent_sql)
{
    csv s, p, v;
    csv_load(&s, "bulanan-2026-11-Ringkasan.csv");
    ck_assert_str_eq(csv_at(&s, 0, 0), "Ukuran");
    ck_assert_int_eq(atol(csv_lookup(&s, "Jumlah kunjungan", 1)),
                     sql_long("SELECT count(*) FROM records WHERE " NOV));
    ck_assert_int_eq(atol(csv_lookup(&s, "Kunjungan melebihi 60 menit", 1)),
                     sql_long("SELECT count(*) FROM records WHERE " NOV " AND duration_min > 60"));
    long clean = sql_long("SELECT count(*) FROM records r WHERE " NOV_R " AND r.status = 'complete'"
                          " AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.serial = r.serial)");
    long decided = sql_long("SELECT count(*) FROM records r WHERE " NOV_R " AND (r.status = 'complete'"
                            " OR EXISTS (SELECT 1 FROM findings f WHERE f.serial = r.serial))");
    /* LibreOffice writes a percentage as "40%" */
    char pct[32];
    snprintf(pct, sizeof pct, "%.15g%%", 100.0 * (double)clean / (double)decided);
    ck_assert_str_eq(pct, "40%");
    ck_assert_int_eq(atol(csv_lookup(&s, "Kunjungan tanpa nomor identitas terbaca", 1)), 0);
    ck_assert_int_eq(atol(csv_lookup(&s, "Rekaman belum pasti (ditinjau, belum ada temuan; tidak dihitung dalam "
                                         "tingkat kepatuhan)", 1)), 1);
    ck_assert_str_eq(csv_lookup(&s, COMPLIANCE_LABEL, 1), pct);
    ck_assert_int_eq(atol(csv_lookup(&s, "Permintaan ditolak", 1)), 1);
    ck_assert_str_eq(csv_lookup(&s, "Dibuat", 1), "1 Desember 2026 00:00");
    csv_load(&p, "bulanan-2026-11-Per tujuan.csv");
    ck_assert_int_eq(atol(csv_lookup(&p, "Hosting dan subdomain", 1)),
                     sql_long("SELECT count(*) FROM records WHERE " NOV " AND purpose = 'hosting'"));
    ck_assert_int_eq(atol(csv_lookup(&p, "Pemeliharaan/perbaikan perangkat & jaringan server", 1)),
                     sql_long("SELECT count(*) FROM records WHERE " NOV " AND purpose = 'maintenance'"));
    /* Time and date cells are Excel times and dates: the workbook shows them as "hh:mm" and
     * "dd/mm/yyyy", and LibreOffice's unformatted en-US export writes the underlying values in
     * its standard forms "09:45:00 AM" and "11/02/2026". Text cells would come out as written. */
    csv_load(&v, "bulanan-2026-11-Kunjungan.csv");
    ck_assert_str_eq(csv_at(&v, 0, 11), "Masuk");
    ck_assert_str_eq(csv_at(&v, 1, 1), "000101");
    ck_assert_str_eq(csv_at(&v, 1, 11), "09:45:00 AM");
    ck_assert_str_eq(csv_at(&v, 1, 2), "11/02/2026");
    ck_assert_str_eq(csv_at(&v, 1, 6), "6171********0003");
    csv_free(&s);
    csv_free(&p);
    csv_free(&v);
}
END_TEST

START_TEST(test_english_daily_xlsx_has_english_sheets_and_labels)
{
    csv v, f;
    csv_load(&v, "daily-2026-11-02-Visits.csv");
    ck_assert_str_eq(csv_at(&v, 0, 1), "Serial");
    ck_assert_str_eq(csv_at(&v, 0, 11), "Entry");
    ck_assert_uint_eq(v.nrows, 4);
    ck_assert_str_eq(csv_at(&v, 2, 8), "Hosting and subdomain");
    ck_assert_str_eq(csv_at(&v, 2, 12), "02:30:00 PM");
    csv_load(&f, "daily-2026-11-02-Findings.csv");
    bool over = false;
    for (size_t r = 1; r < f.nrows; r++)
        if (strcmp(csv_at(&f, r, 1), "Visit over time limit") == 0 && strcmp(csv_at(&f, r, 0), "000102") == 0)
            over = true;
    ck_assert_msg(over, "000102's over-limit finding not in the English findings sheet");
    csv_free(&v);
    csv_free(&f);
}
END_TEST

START_TEST(test_empty_month_xlsx_says_so)
{
    csv s;
    csv_load(&s, "bulanan-2026-12-Ringkasan.csv");
    ck_assert_int_eq(atol(csv_lookup(&s, "Jumlah kunjungan", 1)), 0);
    csv_lookup(&s, "Tidak ada kunjungan pada bulan Desember 2026.", 0);
    /* nothing to measure is a dash, not a 0 that reads as a measured value (it said 0.0%) */
    ck_assert_str_eq(csv_lookup(&s, COMPLIANCE_LABEL, 1), "–");
    ck_assert_str_eq(csv_lookup(&s, "Durasi rata-rata (menit)", 1), "–");
    ck_assert_str_eq(csv_lookup(&s, "Durasi median (menit)", 1), "–");
    ck_assert_str_eq(csv_lookup(&s, "Durasi terlama (menit)", 1), "–");
    ck_assert_int_eq(atol(csv_lookup(&s, "Kunjungan dengan durasi tercatat", 1)), 0);
    csv_free(&s);
}
END_TEST

START_TEST(test_audit_xlsx_shows_corrections_as_datetimes)
{
    csv c;
    csv_load(&c, "audit-2026-11-Koreksi.csv");
    ck_assert_uint_eq(c.nrows, 2);
    ck_assert_str_eq(csv_at(&c, 1, 0), "000104");
    ck_assert_str_eq(csv_at(&c, 1, 2), "08:50");
    ck_assert_str_eq(csv_at(&c, 1, 3), "0.97");   /* the scanner's confidence in the value replaced */
    ck_assert_str_eq(csv_at(&c, 1, 4), "08:55");
    /* shown as dd/mm/yyyy hh:mm, exported as the standard date-time: a real date-time cell */
    const char *at = csv_at(&c, 1, 6);
    ck_assert_msg(strlen(at) == 19 && at[2] == '/' && at[5] == '/' && at[10] == ' ' && at[16] == ':',
                  "correction time is not a date-time: %s", at);
    csv_free(&c);
}
END_TEST

/* The Fields sheet: the row of serial and field. */
static size_t field_row(const csv *c, const char *serial, const char *field)
{
    for (size_t r = 1; r < c->nrows; r++)
        if (strcmp(csv_at(c, r, 0), serial) == 0 && strcmp(csv_at(c, r, 1), field) == 0)
            return r;
    ck_abort_msg("no field row %s %s", serial, field);
    return 0;
}

START_TEST(test_audit_xlsx_says_why_each_value_was_accepted)
{
    csv c;
    csv_load(&c, "audit-2026-11-Isian.csv");
    ck_assert_str_eq(csv_at(&c, 0, 5), "Dasar penerimaan");
    const struct {
        const char *serial, *field, *state, *basis;
    } want[] = {
        {"000101", "visit_date", "diterima", "tanggal batch"},
        {"000101", "entry_time", "diterima", "bacaan yakin"},
        {"000101", "purpose_detail", "kosong", ""},
        {"000102", "institution", "diterima", "pengunjung sama (ID)"},
        {"000104", "exit_time", "dikoreksi", "semula: bacaan yakin"},
        {"000105", "institution", "ditinjau", ""},
        {"000106", "visit_date", "ditinjau", ""},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        size_t r = field_row(&c, want[i].serial, want[i].field);
        ck_assert_str_eq(csv_at(&c, r, 4), want[i].state);
        ck_assert_str_eq(csv_at(&c, r, 5), want[i].basis);
        /* what was read, only where the value is another */
        ck_assert_str_eq(csv_at(&c, r, 6), strcmp(want[i].basis, "pengunjung sama (ID)") == 0 ? "PT TELKOM INDONESLA" : "");
    }
    ck_assert_str_eq(csv_at(&c, 0, 6), "Nilai terbaca");
    csv_free(&c);
}
END_TEST

/* Output of a shell command (first 64 KiB). */
static char *capture(const char *cmd)
{
    FILE *f = popen(cmd, "r");
    ck_assert_ptr_nonnull(f);
    char *buf = calloc(1, 65536);
    size_t n = fread(buf, 1, 65535, f);
    buf[n] = 0;
    pclose(f);
    return buf;
}

START_TEST(test_monthly_xlsx_has_native_charts_properties_frozen_header_and_filter)
{
    char *cmd = dc_asprintf("cd '%s' && unzip -l bulanan-2026-11.xlsx && unzip -p bulanan-2026-11.xlsx "
                            "docProps/core.xml docProps/app.xml xl/worksheets/sheet1.xml", g_out);
    char *out = capture(cmd);
    ck_assert_ptr_nonnull(strstr(out, "xl/charts/chart1.xml"));
    ck_assert_ptr_nonnull(strstr(out, "xl/charts/chart2.xml"));
    ck_assert_ptr_nonnull(strstr(out, "xl/charts/chart3.xml"));
    ck_assert_ptr_null(strstr(out, "xl/charts/chart4.xml"));
    ck_assert_ptr_nonnull(strstr(out, "<dc:title>Laporan Bulanan Akses Ruang Server November 2026</dc:title>"));
    ck_assert_ptr_nonnull(strstr(out, "<dc:creator>Dinas Komunikasi dan Informatika Kota Pontianak</dc:creator>"));
    ck_assert_ptr_nonnull(strstr(out, "<Company>Pemerintah Kota Pontianak</Company>"));
    ck_assert_ptr_nonnull(strstr(out, "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"));
    ck_assert_ptr_nonnull(strstr(out, "<autoFilter ref=\"A1:B21\"/>"));
    free(out);
    free(cmd);
}
END_TEST

/* ---- PDFs ---- */

/* The value at the end of `label`'s line in a PDF's text is a number with one decimal after `mark`. */
static void assert_line_value(const char *text, const char *label, char mark)
{
    const char *line = strstr(text, label);
    ck_assert_msg(line != NULL, "no \"%s\"", label);
    const char *eol = strchr(line, '\n');
    const char *v = eol;
    while (v > line && v[-1] != ' ')
        v--;
    char num[32];
    snprintf(num, sizeof num, "%.*s", (int)(eol - v), v);
    const size_t n = strlen(num);
    ck_assert_msg(n >= 3 && num[n - 2] == mark && isdigit((unsigned char)num[n - 1]) &&
                      isdigit((unsigned char)num[n - 3]) && strspn(num, "0123456789") == n - 2,
                  "%s: \"%s\" is not a number with one decimal after '%c'", label, num, mark);
}

START_TEST(test_monthly_pdf_has_header_totals_and_page_numbers)
{
    char *t = pdf_text("bulanan-2026-11.pdf");
    int pages = pdf_pages("bulanan-2026-11.pdf");
    ck_assert_ptr_nonnull(strstr(t, "PEMERINTAH KOTA PONTIANAK"));
    ck_assert_ptr_nonnull(strstr(t, "DINAS KOMUNIKASI DAN INFORMATIKA"));
    ck_assert_ptr_nonnull(strstr(t, "SOP 111/TKPBET.DKI/2020"));
    ck_assert_ptr_nonnull(strstr(t, "Laporan Bulanan Akses Ruang Server"));
    char want[64];
    snprintf(want, sizeof want, "Halaman 1 dari %d", pages);
    ck_assert_msg(strstr(t, want) != NULL, "no \"%s\"", want);
    snprintf(want, sizeof want, "Halaman %d dari %d", pages, pages);
    ck_assert_msg(strstr(t, want) != NULL, "no \"%s\"", want);
    ck_assert_ptr_nonnull(strstr(t, "Kepala Seksi Jaringan dan Data Center"));
    ck_assert_ptr_nonnull(strstr(t, "Pontianak, 1 Desember 2026"));
    ck_assert_ptr_nonnull(strstr(t, "Aturan yang berlaku untuk laporan ini"));   /* the rules it was written with */
    ck_assert_ptr_nonnull(strstr(t, "bawaan SOP (mesin aturan " DC_TEST_STR(DC_RULES_ENGINE) ")"));
    ck_assert_ptr_nonnull(strstr(t, "Kunjungan per tujuan"));
    ck_assert_ptr_nonnull(strstr(t, g_db));
    /* the refused visit, under the chart per hour, so that its bars add up to the visits */
    char *one = flat_text(t);
    ck_assert_ptr_nonnull(strstr(one, "Kunjungan tanpa jam masuk (ditolak, atau jamnya belum terbaca), tidak ada dalam "
                                      "grafik per jam: 1."));
    free(one);
    char *cmd = dc_asprintf("unzip -p '%s/bulanan-2026-11.xlsx' xl/sharedStrings.xml | grep -qF 'Kunjungan tanpa jam "
                            "masuk (ditolak, atau jamnya belum terbaca), tidak ada dalam grafik per jam: 1.'", g_out);
    run(cmd);
    free(cmd);
    /* the total, on the line of its label */
    const char *line = strstr(t, "Jumlah kunjungan");
    ck_assert_ptr_nonnull(line);
    const char *eol = strchr(line, '\n');
    char buf[256];
    snprintf(buf, sizeof buf, "%.*s", (int)(eol - line), line);
    ck_assert_msg(strstr(buf, " 6") != NULL, "total not on its line: %s", buf);
    /* decimals with the comma Indonesian writes (a point there separates thousands) */
    assert_line_value(t, "Durasi rata-rata (menit)", ',');
    ck_assert_int_eq(pdf_render("bulanan-2026-11.pdf"), pages);
    free(t);
}
END_TEST

START_TEST(test_english_pdfs_use_english_labels)
{
    char *t = pdf_text("daily-2026-11-02.pdf");
    ck_assert_ptr_nonnull(strstr(t, "Daily Server Room Access Report"));
    ck_assert_ptr_nonnull(strstr(t, "Page 1 of"));
    ck_assert_ptr_nonnull(strstr(t, "Visit over time limit"));
    ck_assert_ptr_null(strstr(t, "6171010101900003"));
    ck_assert_int_eq(pdf_render("daily-2026-11-02.pdf"), pdf_pages("daily-2026-11-02.pdf"));
    free(t);
    t = pdf_text("monthly-2026-11.pdf");
    ck_assert_ptr_nonnull(strstr(t, "Monthly Server Room Access Report"));
    assert_line_value(t, "Mean duration (min)", '.');
    ck_assert_ptr_nonnull(strstr(t, "Total visits"));
    ck_assert_ptr_nonnull(strstr(t, "Visits per hour of entry"));
    ck_assert_ptr_null(strstr(t, "Halaman"));
    ck_assert_int_eq(pdf_render("monthly-2026-11.pdf"), pdf_pages("monthly-2026-11.pdf"));
    free(t);
}
END_TEST

START_TEST(test_indonesian_daily_pdf_lists_visits_and_rejected_pages)
{
    char *t = pdf_text("harian-2026-11-02.pdf");
    ck_assert_ptr_nonnull(strstr(t, "Laporan Harian Akses Ruang Server"));
    ck_assert_ptr_nonnull(strstr(t, "Tanggal: 2 November 2026"));
    ck_assert_ptr_nonnull(strstr(t, "BUDI SANTOSO"));
    ck_assert_ptr_nonnull(strstr(t, "Kunjungan melebihi batas waktu"));
    ck_assert_ptr_nonnull(strstr(t, "scan-foreign.tif"));
    /* the scanner's reasons are in English: the column says so */
    ck_assert_ptr_nonnull(strstr(t, "Alasan (bahasa Inggris)"));
    ck_assert_ptr_nonnull(strstr(t, "Halaman 1 dari"));
    /* the institution taken from an earlier visit, with what was read */
    ck_assert_ptr_nonnull(strstr(t, "Diambil dari kunjungan sebelumnya"));
    ck_assert_ptr_nonnull(strstr(t, "PT TELKOM INDONESLA"));
    ck_assert_int_eq(pdf_render("harian-2026-11-02.pdf"), pdf_pages("harian-2026-11-02.pdf"));
    free(t);
}
END_TEST

/* The audit's summary counts the month's accepted values by why they were accepted: the same
 * figures as plain SQL over the fields of the month's records, those a person corrected since
 * included (they are part of the "of N accepted values" below, and were left out of these lines). */
START_TEST(test_audit_summary_counts_accepted_values_by_why)
{
    csv c;
    csv_load(&c, "audit-2026-11-Ringkasan.csv");
    static const struct {
        const char *label, *where;
    } rows[] = {
        {"Dasar penerimaan: bacaan yakin", "f.basis = 'reading'"},
        {"Dasar penerimaan: tanggal batch", "f.basis = 'batch_date'"},
        {"Dasar penerimaan: sudah diperiksa", "f.basis = 'checked_before'"},
        {"Dasar penerimaan: daftar staf", "f.basis = 'roster'"},
        {"Dasar penerimaan: pengunjung sama (ID)", "f.basis = 'same_visitor'"},
        {"Dasar penerimaan: tidak tercatat", "f.basis IS NULL"},
    };
    /* the month's fields the scan accepted: accepted now, or their first correction's old state */
#define ACCEPTED_SQL                                                                                      \
    "SELECT count(*) FROM records r JOIN pages p ON p.id IN (r.access_page_id, r.checklist_page_id) "     \
    "JOIN fields f ON f.page_id = p.id WHERE " NOV_R " AND (f.state = 'accepted' OR (SELECT c.old_state " \
    "FROM corrections c WHERE c.serial = r.serial AND c.field = f.field_id ORDER BY c.id LIMIT 1) = 'accepted')"
    long total = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char *sql = dc_asprintf("%s AND %s", ACCEPTED_SQL, rows[i].where);
        long want = sql_long(sql);
        free(sql);
        ck_assert_int_eq(atol(csv_lookup(&c, rows[i].label, 1)), want);
        total += want;
    }
    /* the fixture: 5 of the month's visit dates read as their batch date, 2 institutions taken as the
     * same visitor's; every other accepted value read surely; none scanned before schema 3 */
    ck_assert_int_eq(atol(csv_lookup(&c, "Dasar penerimaan: tanggal batch", 1)), 5);
    ck_assert_int_eq(atol(csv_lookup(&c, "Dasar penerimaan: pengunjung sama (ID)", 1)), 2);
    ck_assert_int_eq(atol(csv_lookup(&c, "Dasar penerimaan: tidak tercatat", 1)), 0);
    ck_assert_int_eq(total, sql_long(ACCEPTED_SQL));
    /* the values the scan accepted and a person corrected later (the fixture: 000104's exit time,
     * read 08:50 surely, is 08:55), against all it accepted: the same as SQL over corrections */
    long corrected = sql_long("SELECT count(*) FROM records r JOIN corrections c ON c.serial = r.serial WHERE " NOV_R
                              " AND c.old_state = 'accepted' AND c.id = (SELECT min(id) FROM corrections c2 WHERE "
                              "c2.serial = c.serial AND c2.field = c.field)");
    ck_assert_int_eq(corrected, 1);
    ck_assert_int_eq(atol(csv_lookup(&c, "Diterima pemindai, lalu dikoreksi petugas", 1)), corrected);
    char share[32];   /* with the decimal comma Indonesian writes */
    snprintf(share, sizeof share, "%.2f", 100.0 / total);
    *strchr(share, '.') = ',';
    char *want = dc_asprintf("1 dari %ld nilai yang diterima (%s%%): bacaan yakin 1", total, share);
    ck_assert_str_eq(csv_lookup(&c, "Diterima pemindai, lalu dikoreksi petugas", 2), want);
    free(want);
#undef ACCEPTED_SQL
    csv_free(&c);
}
END_TEST

/* The daily workbook's findings name, in their last column, the visit date of a form of the day's
 * stack dated another day: its findings count on that day (the PDF says how many; the workbook
 * did not say which). 31 October's stack: 000092 dated 29 October, and 000091's checklist. */
START_TEST(test_daily_xlsx_marks_findings_of_forms_dated_another_day)
{
    csv c;
    csv_load(&c, "harian-2026-10-31-Temuan.csv");
    ck_assert_uint_eq(c.nrows, 3);
    ck_assert_str_eq(csv_at(&c, 0, 7), "Bertanggal lain");
    ck_assert_str_eq(csv_at(&c, 1, 0), "000092");
    ck_assert_str_eq(csv_at(&c, 1, 2), "date_mismatch");
    ck_assert_str_eq(csv_at(&c, 1, 7), "10/29/2026");
    ck_assert_str_eq(csv_at(&c, 2, 0), "000091");
    ck_assert_str_eq(csv_at(&c, 2, 2), "access_form_missing");
    ck_assert_str_eq(csv_at(&c, 2, 7), "");
    csv_free(&c);
}
END_TEST

/* The daily workbook lists the values taken from an earlier visit, with what was read: the
 * operator can check their spelling on the paper. */
START_TEST(test_daily_xlsx_lists_values_taken_from_an_earlier_visit)
{
    csv c;
    csv_load(&c, "harian-2026-11-02-Dari kunjungan lalu.csv");
    ck_assert_uint_eq(c.nrows, 2);
    ck_assert_str_eq(csv_at(&c, 0, 2), "Nilai dicatat");
    ck_assert_str_eq(csv_at(&c, 1, 0), "000102");
    ck_assert_str_eq(csv_at(&c, 1, 1), "institution");
    ck_assert_str_eq(csv_at(&c, 1, 2), "PT TELKOM INDONESIA");
    ck_assert_str_eq(csv_at(&c, 1, 3), "PT TELKOM INDONESLA");
    csv_free(&c);
}
END_TEST

START_TEST(test_empty_month_pdf_says_so)
{
    char *t = pdf_text("bulanan-2026-12.pdf");
    ck_assert_ptr_nonnull(strstr(t, "Tidak ada kunjungan pada bulan Desember 2026."));
    ck_assert_ptr_nonnull(strstr(t, "Halaman 1 dari 1"));   /* no charts of zeros */
    char rate[16] = "";
    const char *at = strstr(t, COMPLIANCE_LABEL);
    ck_assert_ptr_nonnull(at);
    ck_assert_int_eq(sscanf(at + strlen(COMPLIANCE_LABEL), " %15s", rate), 1);
    ck_assert_str_eq(rate, "–");
    ck_assert_ptr_null(strstr(t, "Kunjungan per hari"));
    ck_assert_int_eq(pdf_render("bulanan-2026-12.pdf"), 1);
    free(t);
}
END_TEST

START_TEST(test_audit_pdf_starts_with_the_chain_check_and_shows_whole_ids)
{
    char *t = pdf_text("audit-2026-11.pdf");
    const char *chain = strstr(t, "UTUH: rantai hash");
    ck_assert_ptr_nonnull(chain);
    ck_assert_msg(chain < strstr(t, "Halaman 1 dari"), "chain result is not on the first page");
    /* what it says verified: the source files of the records (a file holding only a rejected page
     * is chained as a page, not checked as a source) */
    char *flat = flat_text(chain);
    static const char said[] = "UTUH: rantai hash dan semua berkas sumber catatan cocok; tidak ada yang diubah atau "
                               "dihapus.";
    ck_assert_msg(strncmp(flat, said, strlen(said)) == 0, "%.120s", flat);
    free(flat);
    ck_assert_ptr_nonnull(strstr(t, "6171044404920002"));
    ck_assert_ptr_nonnull(strstr(t, "operator1"));
    ck_assert_ptr_nonnull(strstr(t, "Dasar penerimaan"));
    ck_assert_ptr_nonnull(strstr(t, "tanggal batch"));
    ck_assert_ptr_nonnull(strstr(t, "semula: bacaan yakin"));
    /* the correction: its values in the field's row, then who, when and why in the record's
     * corrections table */
    ck_assert_ptr_nonnull(strstr(t, "08:50 → 08:55"));
    /* the summary names the one value the scan accepted and a person corrected */
    const char *sure_wrong = strstr(t, "Diterima pemindai, lalu dikoreksi petugas");
    ck_assert_ptr_nonnull(sure_wrong);
    ck_assert_ptr_nonnull(strstr(sure_wrong, "1 dari "));
    const char *corr = strstr(t, "Koreksi (Rekaman 000104)");
    ck_assert_ptr_nonnull(corr);
    ck_assert_ptr_nonnull(strstr(corr, "08:50 (0,97)"));   /* the old value, with its confidence as read */
    const char *by = strstr(corr, "operator1");
    ck_assert_ptr_nonnull(by);
    /* when (made as the suite runs), in local time (the suite's TZ is UTC), the day first as the
     * Indonesian tables write dates: "03-12-2026 10:15 UTC" */
    int y, mo, d, h, mi;
    char utc[4] = "";
    ck_assert_int_eq(sscanf(by + strlen("operator1"), " %2d-%2d-%4d %2d:%2d %3s", &d, &mo, &y, &h, &mi, utc), 6);
    ck_assert_str_eq(utc, "UTC");
    ck_assert_msg(y >= 2026 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31, "%.40s", by);
    ck_assert_ptr_nonnull(strstr(by, "Alasan: misread 5 as 0"));
    char hex[65];
    char *file = dc_asprintf("%s/scan-000104.tif", g_dir);
    ck_assert_int_eq(dc_sha256_file_hex(file, hex), DC_OK);
    ck_assert_msg(strstr(t, hex) != NULL, "source SHA-256 %s not shown", hex);
    ck_assert_int_eq(pdf_render("audit-2026-11.pdf"), pdf_pages("audit-2026-11.pdf"));
    free(file);
    free(t);
}
END_TEST

/* The institutions table says how many visits are not in it for want of an institution read, as
 * the hour chart does for an entry time: its rows fell short of the visits without a word (18 of
 * a synthetic month's 29; 10 in review, 1 a device checklist alone). The fixture's November: 6
 * visits, 000105's institution in review. */
START_TEST(test_monthly_institutions_say_the_visits_with_none_read)
{
    sqlite3 *db = open_db();
    dc_report_monthly *m = NULL;
    ck_assert_int_eq(dc_report_monthly_load(&m, db, g_db, "2026-11", &fixed_opts), DC_OK);
    ck_assert_int_eq(m->visits, 6);
    ck_assert_int_eq(m->no_institution, 1);
    long listed = m->other_institution_visits;
    for (size_t i = 0; i < m->ntop_institutions; i++)
        listed += m->top_institutions[i].n;
    ck_assert_int_eq(listed + m->no_institution, m->visits);
    dc_report_monthly_free(m);
    sqlite3_close(db);
    char *path = dc_asprintf("%s/bulanan-2026-11.pdf", g_out);
    assert_pdf_says(path, "4 DISKOMINFO PONTIANAK 1 Kunjungan tanpa instansi terbaca (belum ditinjau, tidak diisi, atau "
                          "hanya ceklist perangkat), tidak ada dalam daftar: 1.");
    free(path);
    path = dc_asprintf("%s/monthly-2026-11.pdf", g_out);
    assert_pdf_says(path, "4 DISKOMINFO PONTIANAK 1 Visits with no institution read (in review, left blank, or the "
                          "device checklist alone), not in the list: 1.");
    free(path);
    csv c;
    csv_load(&c, "bulanan-2026-11-Instansi.csv");
    ck_assert_uint_eq(c.nrows, 7);   /* heading, 4 institutions, a blank row, the line */
    ck_assert_str_eq(csv_at(&c, 4, 0), "DISKOMINFO PONTIANAK");
    ck_assert_str_eq(csv_at(&c, 5, 0), "");
    ck_assert_str_eq(csv_at(&c, 6, 0), "Kunjungan tanpa instansi terbaca (belum ditinjau, tidak diisi, atau hanya ceklist "
                                       "perangkat), tidak ada dalam daftar: 1.");
    csv_free(&c);
}
END_TEST

/* A record's facts beside its thumbnails say "(ditinjau)" for a value waiting for review, as the
 * daily report does: they said "–", which reads "nothing written", over a field table showing
 * what was written (000105's institution, 000106's visit date are in review) */
START_TEST(test_audit_record_facts_say_in_review_not_blank)
{
    char *path = dc_asprintf("%s/audit-2026-11.pdf", g_out);
    static const char *const said[] = {
        "Rekaman 000105 — RUDI HARTONO Tanggal: 20-11-2026 Instansi: (ditinjau) Jenis identitas: KTP",
        "Rekaman 000106 — LINA MARLINA Tanggal: (ditinjau) Instansi: DINAS KESEHATAN",
        /* a field left blank still shows as blank: 000103 was refused, no one entered; its status
         * says the request was refused, as the daily PDF's does (it said "Lengkap", complete, as of
         * a visit made) */
        "Keputusan: Ditolak Masuk: – Keluar: – Pendamping: – Status: Ditolak Tanggal batch",
    };
    for (size_t i = 0; i < sizeof said / sizeof said[0]; i++)
        assert_pdf_says(path, said[i]);
    free(path);
}
END_TEST

/* A refused request's status in the audit PDF, in English too, and when a field of it waits for
 * review: the daily PDF's words ("Refused", "Refused, needs review"), not "Complete" */
START_TEST(test_audit_status_of_a_refused_request_says_refused)
{
    sqlite3 *db = open_db();
    dc_report_audit *au = NULL;
    ck_assert_int_eq(dc_report_audit_load(&au, db, g_db, "2026-11", NULL), DC_OK);
    sqlite3_close(db);
    char *pdf = dc_asprintf("%s/refused.pdf", g_dir);
    ck_assert_int_eq(dc_report_audit_pdf(au, DC_LANG_EN, pdf), DC_OK);
    assert_pdf_says(pdf, "Decision: Refused Entry: – Exit: – Escort: – Status: Refused Batch date");
    assert_pdf_says(pdf, "Decision: Granted Entry: 08:10 Exit: 08:55 Escort: – Status: Complete Batch date");
    for (size_t i = 0; i < au->nrecords; i++)
        if (strcmp(au->records[i].visit.serial, "000103") == 0)
            au->records[i].visit.needs_review = true;
    ck_assert_int_eq(dc_report_audit_pdf(au, DC_LANG_EN, pdf), DC_OK);
    assert_pdf_says(pdf, "Decision: Refused Entry: – Exit: – Escort: – Status: Refused, needs review Batch date");
    ck_assert_int_eq(dc_report_audit_pdf(au, DC_LANG_ID, pdf), DC_OK);
    assert_pdf_says(pdf, "Keputusan: Ditolak Masuk: – Keluar: – Pendamping: – Status: Ditolak, perlu ditinjau");
    free(pdf);
    dc_report_audit_free(au);
}
END_TEST

/* A record's findings table is captioned as its corrections table is: one carried to the next
 * page began there with only its column headings (000102's, in a synthetic month); the two
 * lines of the headings come out of pdftotext interleaved ("Nomor Aturan ... seri SOP") */
START_TEST(test_audit_record_findings_table_has_a_caption)
{
    char *path = dc_asprintf("%s/audit-2026-11.pdf", g_out);
    static const char *const said[] = {
        "ada 0,97 diterima bacaan yakin Temuan (Rekaman 000102) Nomor Aturan Isian Langkah Tingkat Keterangan "
        "seri SOP 000102 Kunjungan melebihi batas waktu 5 Pelanggaran Lama kunjungan 90 menit",
        "Alasan: misread 5 as 0 Temuan (Rekaman 000104) Nomor Aturan Isian Langkah Tingkat Keterangan seri SOP "
        "000104 Tidak didampingi Nama pendamping 5 Kesalahan",
    };
    for (size_t i = 0; i < sizeof said / sizeof said[0]; i++)
        assert_pdf_says(path, said[i]);
    free(path);
}
END_TEST

/* The Indonesian audit shows option labels, not codes, names the forms in Indonesian, and writes
 * its dates day first (they showed "granted", "ktp", "true", "access v1" and "2026-11-02"); the
 * workbook shows the labels and form names too, its dates stay real dates */
START_TEST(test_indonesian_audit_shows_labels_form_names_and_dates)
{
    char *path = dc_asprintf("%s/audit-2026-11.pdf", g_out), *t = pdf_text_at(path), *flat = flat_text(t);
    static const char *const said[] = {
        "Rekaman 000101 — BUDI SANTOSO Tanggal: 02-11-2026 Instansi: DISKOMINFO PONTIANAK",
        "Tanggal batch: 02-11-2026 Halaman sumber (formulir akses v1), Halaman 1:",
        "Membawa perangkat? Tidak 0,97 diterima bacaan yakin",
        "Keputusan Diizinkan 0,97 diterima bacaan yakin",
        "Jenis tanda pengenal KTP 0,97 diterima bacaan yakin",
        "Tanda tangan petugas operator ada 0,97 diterima bacaan yakin",
        "Tujuan kunjungan Hosting dan subdomain 0,97 diterima bacaan yakin",
        "Tanggal kunjungan 02-11-2026 0,97 diterima tanggal batch",
        "Keputusan Ditolak 0,97 diterima bacaan yakin",
        "Tujuan kunjungan Lainnya 0,97 diterima bacaan yakin",
    };
    for (size_t i = 0; i < sizeof said / sizeof said[0]; i++)
        ck_assert_msg(strstr(flat, said[i]), "no \"%s\" in: %.3000s", said[i], flat);
    static const char *const codes[] = {" granted ", " refused ", " ktp ", " true ", " false ", " yes ", " no ",
                                        " maintenance ", "(access v1)", "2026-11-02"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        ck_assert_msg(!strstr(flat, codes[i]), "\"%s\" in: %.300s", codes[i], strstr(flat, codes[i]));
    free(flat);
    free(t);
    free(path);
    csv c;
    csv_load(&c, "audit-2026-11-Isian.csv");
    ck_assert_str_eq(csv_at(&c, field_row(&c, "000101", "decision"), 2), "Diizinkan");
    ck_assert_str_eq(csv_at(&c, field_row(&c, "000101", "id_type"), 2), "KTP");
    ck_assert_str_eq(csv_at(&c, field_row(&c, "000101", "badge_returned"), 2), "dicentang");
    ck_assert_str_eq(csv_at(&c, field_row(&c, "000101", "visitor_signature"), 2), "ada");
    ck_assert_str_eq(csv_at(&c, field_row(&c, "000101", "brings_devices"), 2), "Tidak");
    ck_assert_str_eq(csv_at(&c, field_row(&c, "000103", "purpose"), 2), "Lainnya");
    csv_free(&c);
    csv_load(&c, "audit-2026-11-Sumber.csv");
    ck_assert_str_eq(csv_at(&c, 0, 1), "Formulir");
    ck_assert_str_eq(csv_at(&c, 1, 1), "formulir akses");
    ck_assert_str_eq(csv_at(&c, 1, 6), "1");
    csv_free(&c);
    /* the sheet of the pages that are no visit is named for all it lists (it was "Halaman ditolak",
     * while it lists duplicates and unused forms too) */
    csv_load(&c, "audit-2026-11-Bukan kunjungan.csv");
    ck_assert_str_eq(csv_at(&c, 1, 2), "ditolak");
    ck_assert_str_eq(csv_at(&c, 1, 3), "not a dcaccess form (no QR code)");
    csv_free(&c);
}
END_TEST

/* A field that is no tick box may hold "true" or "false" as written (a remark, a device's name, the
 * purpose's details): the reports showed them as "ticked" / "not ticked" ("dicentang" / "tidak
 * dicentang"), told by the value alone, and the audit's PDF took a row whose remark reads "false"
 * for a row with nothing on it, left out of its one line "Device rows 2-8". */
START_TEST(test_a_word_true_or_false_written_in_a_text_field_is_no_tick_box)
{
    ck_assert_str_eq(dc_report_field_value_label(DC_LANG_EN, "device_5_remarks", "false"), "false");
    ck_assert_str_eq(dc_report_field_value_label(DC_LANG_ID, "device_5_remarks", "false"), "false");
    ck_assert_str_eq(dc_report_field_value_label(DC_LANG_EN, "purpose_detail", "true"), "true");
    ck_assert_str_eq(dc_report_field_value_label(DC_LANG_ID, "device_2_name", "true"), "true");
    ck_assert_str_eq(dc_report_field_value_label(DC_LANG_EN, "device_5_in", "false"), "not ticked");
    char *copy = NULL;
    int64_t batch = 0;
    dc_archive *a = fixture_copy_in_batch("wordtrue.db", "2026-11-02", &copy, &batch);
    dc_page_result r;
    form_page_of(&r, "checklist 000101", "checklist", "000101", 2);
    r.fields = calloc(7 * 6, sizeof *r.fields);
    for (int row = 2; row <= 8; row++) {
        static const char *const cols[] = {"name", "model", "serial", "in", "out", "remarks"};
        for (size_t c = 0; c < 6; c++) {
            char id[32];
            snprintf(id, sizeof id, "device_%d_%s", row, cols[c]);
            field(&r, id, c == 3 || c == 4 ? "false" : row == 5 && c == 5 ? "false" : NULL, NULL);
        }
    }
    bool stored = false;
    ck_assert_int_eq(dc_archive_add_page(a, batch, &r, &stored, NULL), DC_OK);
    ck_assert(stored);
    dc_page_result_clear(&r);
    ck_assert_int_eq(dc_archive_batch_end(a, batch, "finished"), DC_OK);
    ck_assert_int_eq(dc_archive_sync_records(a, &fixture_rules, NULL), DC_OK);
    ck_assert_int_eq(dc_archive_correct(a, &fixture_rules, "000101", "purpose_detail", "true", "Siti",
                                        "written so on the paper", NULL, NULL), DC_OK);
    dc_report_audit *au = NULL;
    ck_assert_int_eq(dc_report_audit_load(&au, dc_archive_db(a), copy, "2026-11", &fixed_opts), DC_OK);
    char *pdf = dc_asprintf("%s/wordtrue.pdf", g_dir), *idpdf = dc_asprintf("%s/wordtrue-id.pdf", g_dir);
    char *xlsx = dc_asprintf("%s/wordtrue.xlsx", g_out);
    ck_assert_int_eq(dc_report_audit_pdf(au, DC_LANG_EN, pdf), DC_OK);
    ck_assert_int_eq(dc_report_audit_pdf(au, DC_LANG_ID, idpdf), DC_OK);
    ck_assert_int_eq(dc_report_audit_xlsx(au, DC_LANG_EN, xlsx), DC_OK);
    assert_pdf_says(pdf, "Device rows 2-4 nothing written, no box ticked 0.97 empty (18 fields)");
    assert_pdf_says(pdf, "Remarks (row 5) false 0.97 accepted sure reading Device rows 6-8");
    assert_pdf_says(pdf, "Purpose details true 1.00 corrected ∅ → true");
    assert_pdf_says(pdf, "Purpose details ∅ (1.00) true Siti");
    assert_pdf_says(idpdf, "Keterangan (baris 5) false 0,97 diterima");
    assert_pdf_says(idpdf, "Keterangan tujuan true 1,00 dikoreksi");
    convert_xlsx("wordtrue.xlsx");
    csv c;
    csv_load(&c, "wordtrue-Fields.csv");
    ck_assert_str_eq(csv_at(&c, field_row(&c, "000101", "device_5_remarks"), 2), "false");
    ck_assert_str_eq(csv_at(&c, field_row(&c, "000101", "device_5_in"), 2), "not ticked");
    ck_assert_str_eq(csv_at(&c, field_row(&c, "000101", "purpose_detail"), 2), "true");
    csv_free(&c);
    csv_load(&c, "wordtrue-Corrections.csv");
    ck_assert_str_eq(csv_at(&c, field_row(&c, "000101", "purpose_detail"), 4), "true");
    csv_free(&c);
    dc_report_audit_free(au);
    dc_archive_close(a);
    free(xlsx);
    free(idpdf);
    free(pdf);
    free(copy);
}
END_TEST

/* The English reports show values as the English form prints them, as the Indonesian ones do in
 * Indonesian: the audit's field tables, its corrections (PDF and workbook) and the daily review
 * said "granted", "ktp", "no", "true" beside "Decision", "ID type", "Bringing devices?" and
 * "Visitor badge returned" */
START_TEST(test_english_reports_show_the_forms_english_labels)
{
    char *copy = NULL;
    int64_t batch = 0;
    dc_archive *a = fixture_copy_in_batch("enlabels.db", "2026-11-23", &copy, &batch);
    /* a visit whose badge box went to review, with a checklist of one laptop */
    static const visit_spec v = {"000107", "2026-11-23", "SARI DEWI", "DINAS PENDIDIKAN", "6171046505910006",
                                 "081344445555", "maintenance", NULL, "granted", "13:00", "13:05", "13:45",
                                 "RINA", "6", "badge_returned"};
    add_page(a, batch, &v, 107);
    add_checklist(a, batch, "000107", true, 0);
    ck_assert_int_eq(dc_archive_sync_records(a, &fixture_rules, NULL), DC_OK);
    ck_assert_int_eq(dc_archive_batch_end(a, batch, "finished"), DC_OK);
    ck_assert_int_eq(dc_archive_correct(a, &fixture_rules, "000101", "badge_returned", "false", "Siti",
                                        "the box is empty on the paper", NULL, NULL), DC_OK);
    dc_report_audit *au = NULL;
    dc_report_daily *d = NULL;
    ck_assert_int_eq(dc_report_audit_load(&au, dc_archive_db(a), copy, "2026-11", &fixed_opts), DC_OK);
    ck_assert_int_eq(dc_report_daily_load(&d, dc_archive_db(a), copy, "2026-11-23", &fixed_opts), DC_OK);
    char *pdf = dc_asprintf("%s/enlabels-audit.pdf", g_dir), *daily = dc_asprintf("%s/enlabels-daily.pdf", g_dir);
    char *xlsx = dc_asprintf("%s/enlabels-audit.xlsx", g_out), *dxlsx = dc_asprintf("%s/enlabels-daily.xlsx", g_out);
    ck_assert_int_eq(dc_report_audit_pdf(au, DC_LANG_EN, pdf), DC_OK);
    ck_assert_int_eq(dc_report_audit_xlsx(au, DC_LANG_EN, xlsx), DC_OK);
    ck_assert_int_eq(dc_report_daily_pdf(d, DC_LANG_EN, daily), DC_OK);
    ck_assert_int_eq(dc_report_daily_xlsx(d, DC_LANG_EN, dxlsx), DC_OK);
    static const char *const said[] = {
        "ID type ID card (KTP) 0.97 accepted sure reading",
        "Purpose of visit Hosting and subdomain 0.97 accepted sure reading",   /* a longer one wraps */
        "Bringing devices? No 0.97 accepted sure reading",
        "Decision Granted 0.97 accepted sure reading",
        "Decision Refused 0.97 accepted sure reading",
        "Visitor's ID handed back ticked 0.97 accepted sure reading",
        "Visitor signature present 0.97 accepted sure reading",
        "In (row 1) ticked 0.97 accepted sure reading",
        "Out (row 1) ticked 0.97 accepted sure reading",
        /* 000101's correction: in its field table, then in the corrections table under it */
        "ticked → not ticked",
        "Visitor badge returned ticked (0.97) not ticked Siti",
    };
    for (size_t i = 0; i < sizeof said / sizeof said[0]; i++)
        assert_pdf_says(pdf, said[i]);
    assert_pdf_says(daily, "000107 badge_returned ticked 0.41");
    convert_xlsx("enlabels-audit.xlsx enlabels-daily.xlsx");
    csv c;
    csv_load(&c, "enlabels-audit-Fields.csv");
    ck_assert_str_eq(csv_at(&c, field_row(&c, "000101", "decision"), 2), "Granted");
    ck_assert_str_eq(csv_at(&c, field_row(&c, "000103", "decision"), 2), "Refused");
    ck_assert_str_eq(csv_at(&c, field_row(&c, "000101", "id_type"), 2), "ID card (KTP)");
    ck_assert_str_eq(csv_at(&c, field_row(&c, "000101", "brings_devices"), 2), "No");
    ck_assert_str_eq(csv_at(&c, field_row(&c, "000101", "badge_returned"), 2), "not ticked");
    ck_assert_str_eq(csv_at(&c, field_row(&c, "000101", "id_returned"), 2), "ticked");
    ck_assert_str_eq(csv_at(&c, field_row(&c, "000101", "visitor_signature"), 2), "present");
    ck_assert_str_eq(csv_at(&c, field_row(&c, "000107", "checklist_operator_signature"), 2), "present");
    ck_assert_str_eq(csv_at(&c, field_row(&c, "000102", "purpose"), 2), "Hosting and subdomain");
    csv_free(&c);
    csv_load(&c, "enlabels-audit-Corrections.csv");
    const size_t r = field_row(&c, "000101", "badge_returned");
    ck_assert_str_eq(csv_at(&c, r, 2), "ticked");
    ck_assert_str_eq(csv_at(&c, r, 4), "not ticked");
    csv_free(&c);
    csv_load(&c, "enlabels-daily-Review.csv");
    ck_assert_str_eq(csv_at(&c, field_row(&c, "000107", "badge_returned"), 2), "ticked");
    csv_free(&c);
    dc_report_daily_free(d);
    dc_report_audit_free(au);
    dc_archive_close(a);
    free(dxlsx);
    free(xlsx);
    free(daily);
    free(pdf);
    free(copy);
}
END_TEST

/* The Indonesian daily report's forms dated another day, and the audit's corrections of other
 * months' visits, write their dates and times day first (they were "2026-10-29" under a heading
 * that says "31 Oktober 2026"); the English ones are as they were */
START_TEST(test_indonesian_pdf_tables_write_dates_day_first)
{
    sqlite3 *db = open_db();
    dc_report_daily *d = NULL;
    ck_assert_int_eq(dc_report_daily_load(&d, db, g_db, "2026-10-31", &fixed_opts), DC_OK);
    sqlite3_close(db);
    char *id = dc_asprintf("%s/harian-2026-10-31.pdf", g_dir), *en = dc_asprintf("%s/daily-2026-10-31.pdf", g_dir);
    ck_assert_int_eq(dc_report_daily_pdf(d, DC_LANG_ID, id), DC_OK);
    ck_assert_int_eq(dc_report_daily_pdf(d, DC_LANG_EN, en), DC_OK);
    assert_pdf_says(id, "000092 29-10-2026 YUDI PRATAMA PT MAJU JAYA");
    assert_pdf_says(en, "000092 2026-10-29 YUDI PRATAMA PT MAJU JAYA");
    dc_report_daily_free(d);
    free(id);
    free(en);

    char *copy = NULL;
    dc_archive *a = fixture_with_late_correction("latedates.db", "2026-11-15T03:00:00Z", &copy);
    dc_report_audit *nov = NULL;
    ck_assert_int_eq(dc_report_audit_load(&nov, dc_archive_db(a), copy, "2026-11", NULL), DC_OK);
    id = dc_asprintf("%s/latedates.pdf", g_dir);
    ck_assert_int_eq(dc_report_audit_pdf(nov, DC_LANG_ID, id), DC_OK);
    assert_pdf_says(id, "000092 29-10-2026 Jam keluar 10:40 (0,97) 10:50 Budi 15-11-2026 03:00 UTC");
    free(id);
    dc_report_audit_free(nov);
    dc_archive_close(a);
    free(copy);
}
END_TEST

/* verify words the problems it finds in English: the Indonesian audit says so above them, in the
 * PDF and on the workbook's rows (labelled "Hasil", as if they were the result); the English
 * audit lists them as it did */
START_TEST(test_indonesian_audit_says_verify_problems_are_in_english)
{
    sqlite3 *db = open_db();
    dc_report_audit *au = NULL;
    ck_assert_int_eq(dc_report_audit_load(&au, db, g_db, "2026-11", &fixed_opts), DC_OK);
    sqlite3_close(db);
    static const char problem[] = "record 000101: not in the hash chain (inserted outside dcaccess)";
    au->chain_checked = true;
    au->chain_ok = false;
    au->problems = calloc(1, sizeof *au->problems);
    ck_assert_ptr_nonnull(au->problems);
    au->problems[0] = dc_strdup(problem);
    au->nproblems = 1;
    char *id = dc_asprintf("%s/problems.pdf", g_dir), *en = dc_asprintf("%s/problems-en.pdf", g_dir);
    char *xlsx = dc_asprintf("%s/problems.xlsx", g_dir);
    ck_assert_int_eq(dc_report_audit_pdf(au, DC_LANG_ID, id), DC_OK);
    ck_assert_int_eq(dc_report_audit_pdf(au, DC_LANG_EN, en), DC_OK);
    ck_assert_int_eq(dc_report_audit_xlsx(au, DC_LANG_ID, xlsx), DC_OK);
    assert_pdf_says(id, "GAGAL: 1 masalah ditemukan.");
    assert_pdf_says(id, "Rincian masalah, dalam bahasa Inggris seperti ditulis dcaccess verify: record 000101: not in "
                        "the hash chain (inserted outside dcaccess)");
    char *t = pdf_text_at(en);
    ck_assert_ptr_nonnull(strstr(t, problem));
    ck_assert_ptr_null(strstr(t, "Rincian"));
    free(t);
    char *cmd = dc_asprintf("unzip -p '%s' xl/sharedStrings.xml", xlsx);
    t = command_output(cmd);
    ck_assert_ptr_nonnull(strstr(t, "<t>Masalah (bahasa Inggris)</t>"));
    ck_assert_ptr_null(strstr(t, "<t>Hasil</t>"));
    free(t);
    free(cmd);
    free(xlsx);
    free(en);
    free(id);
    dc_report_audit_free(au);
}
END_TEST

static Suite *report_suite(void)
{
    Suite *s = suite_create("report");
    TCase *unit = tcase_create("unit");
    tcase_add_test(unit, test_mask_keeps_first_and_last_four_digits);
    tcase_add_test(unit, test_file_names_follow_the_language);
    tcase_add_test(unit, test_periods_must_be_real_dates_and_months);
    tcase_add_test(unit, test_rule_labels_exist_in_both_languages);
    tcase_add_test(unit, test_unwritable_output_folder_is_named_in_the_error);
    tcase_add_test(unit, test_a_full_disk_is_named_and_leaves_no_report);
    tcase_add_test(unit, test_long_daily_table_repeats_its_header_on_every_page);
    tcase_add_test(unit, test_several_choices_ticked_show_each_label);
    tcase_add_test(unit, test_values_show_the_options_label_not_its_code);
    tcase_add_test(unit, test_a_refused_request_in_review_says_both);
    tcase_add_test(unit, test_page_reasons_name_the_forms_as_the_reports_do);
    tcase_add_test(unit, test_characters_a_pdf_cannot_show_are_told);
    tcase_add_test(unit, test_text_longer_than_a_report_holds_is_cut_with_a_note);
    tcase_add_test(unit, test_a_reason_too_long_for_a_cell_still_gives_an_audit);
    tcase_add_test(unit, test_accepted_then_corrected_counts_only_values_a_person_changed);
    tcase_add_test(unit, test_accepted_then_corrected_says_what_it_counts_when_none);
    tcase_add_test(unit, test_zip_check_finds_a_cut_part_a_bad_checksum_and_a_cut_file);
    tcase_add_test(unit, test_every_workbook_written_reads_back_whole);
    tcase_add_test(unit, test_zip_check_survives_damaged_workbooks);
    suite_add_tcase(s, unit);

    TCase *archive = tcase_create("archive");
    tcase_add_unchecked_fixture(archive, setup, teardown);
    tcase_set_timeout(archive, 60);
    tcase_add_test(archive, test_monthly_figures_equal_independent_sql);
    tcase_add_test(archive, test_findings_per_sop_step_say_what_the_sop_asks);
    tcase_add_test(archive, test_monthly_counts_the_visits_with_no_decision);
    tcase_add_test(archive, test_daily_lists_the_days_visits_review_and_rejected_pages);
    tcase_add_test(archive, test_blank_backs_are_counted_under_the_pages_that_are_no_visit);
    tcase_add_test(archive, test_reports_name_the_form_in_a_duplicate_pages_reason);
    tcase_add_test(archive, test_audit_accounts_for_the_serials_printed);
    tcase_add_test(archive, test_audit_a_serial_with_a_page_written_on_is_not_unused);
    tcase_add_test(archive, test_audit_tells_a_serial_printed_only_on_a_checklist_from_one_never_printed);
    tcase_add_test(archive, test_audit_serials_sheet_holds_a_line_longer_than_a_cell);
    tcase_add_test(archive, test_audit_serials_of_another_width_are_the_same_serials);
    tcase_add_test(archive, test_a_checklist_without_its_access_form_is_no_unique_visitor);
    tcase_add_test(archive, test_an_audit_source_has_its_own_batch_date);
    tcase_add_test(archive, test_audit_lists_a_records_fields_in_the_order_of_the_paper);
    tcase_add_test(archive, test_unused_device_rows_are_whole_rows_with_nothing_on_them);
    tcase_add_test(archive, test_audit_names_a_table_cell_of_another_id_by_its_id);
    tcase_add_test(archive, test_audit_finds_no_access_signature_on_the_checklists_template);
    tcase_add_test(archive, test_a_word_true_or_false_written_in_a_text_field_is_no_tick_box);
    tcase_add_test(archive, test_a_purpose_ticked_twice_is_its_own_bar);
    tcase_add_test(archive, test_institutions_past_the_top_10_are_summed_on_a_row);
    tcase_add_test(archive, test_audit_has_whole_ids_corrections_thumbnails_and_hashes);
    tcase_add_test(archive, test_audit_lists_corrections_made_to_other_months_visits);
    tcase_add_test(archive, test_audit_groups_a_recheck_of_other_months_in_one_row);
    tcase_add_test(archive, test_audit_shows_a_correction_to_the_same_value_as_a_confirmation);
    tcase_add_test(archive, test_reports_name_a_field_named_by_its_id_once);
    tcase_add_test(archive, test_daily_says_a_purpose_confirmed_empty);
    tcase_add_test(archive, test_daily_tells_a_blank_purpose_from_one_in_review);
    tcase_add_test(archive, test_audit_says_a_purpose_confirmed_empty);
    tcase_add_test(archive, test_findings_totals_say_records_in_review_may_change_them);
    tcase_add_test(archive, test_a_correction_counts_in_the_month_of_its_local_date);
    tcase_add_test(archive, test_monthly_xlsx_figures_equal_independent_sql);
    tcase_add_test(archive, test_english_daily_xlsx_has_english_sheets_and_labels);
    tcase_add_test(archive, test_empty_month_xlsx_says_so);
    tcase_add_test(archive, test_audit_xlsx_shows_corrections_as_datetimes);
    tcase_add_test(archive, test_audit_xlsx_says_why_each_value_was_accepted);
    tcase_add_test(archive, test_daily_xlsx_lists_values_taken_from_an_earlier_visit);
    tcase_add_test(archive, test_daily_xlsx_marks_findings_of_forms_dated_another_day);
    tcase_add_test(archive, test_audit_summary_counts_accepted_values_by_why);
    tcase_add_test(archive, test_monthly_xlsx_has_native_charts_properties_frozen_header_and_filter);
    tcase_add_test(archive, test_monthly_pdf_has_header_totals_and_page_numbers);
    tcase_add_test(archive, test_english_pdfs_use_english_labels);
    tcase_add_test(archive, test_indonesian_daily_pdf_lists_visits_and_rejected_pages);
    tcase_add_test(archive, test_empty_month_pdf_says_so);
    tcase_add_test(archive, test_audit_pdf_starts_with_the_chain_check_and_shows_whole_ids);
    tcase_add_test(archive, test_indonesian_audit_shows_labels_form_names_and_dates);
    tcase_add_test(archive, test_monthly_institutions_say_the_visits_with_none_read);
    tcase_add_test(archive, test_audit_record_facts_say_in_review_not_blank);
    tcase_add_test(archive, test_audit_status_of_a_refused_request_says_refused);
    tcase_add_test(archive, test_audit_record_findings_table_has_a_caption);
    tcase_add_test(archive, test_english_reports_show_the_forms_english_labels);
    tcase_add_test(archive, test_indonesian_pdf_tables_write_dates_day_first);
    tcase_add_test(archive, test_indonesian_audit_says_verify_problems_are_in_english);
    suite_add_tcase(s, archive);
    return s;
}

int main(void)
{
    setenv("TZ", "UTC", 1);   /* generation times are shown in local time */
    tzset();
    SRunner *sr = srunner_create(report_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
