/* dc_report_xlsx: daily, monthly and audit workbooks from the report models. */
#define _GNU_SOURCE   /* memfd_create */
#include "dc_report_xlsx.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "dc_error.h"
#include "dc_report_text.h"
#include "dc_rules.h"
#include "dc_util.h"
#include "dc_zipcheck.h"

#define MAX_COLS 24

typedef struct book {
    lxw_workbook *wb;
    char *tmpdir;           /* where libxlsxwriter keeps the parts: the output folder */
    int mem_fd;             /* the zip is written into this memory file (memfd), or -1: into the
                               temporary file itself */
    char mem_path[32];      /* mem_fd's name, /proc/self/fd/N */
    dc_report_lang lang;
    lxw_format *hdr, *date, *time, *datetime, *pct, *dec1, *dec2, *bold, *title, *wrap;
    lxw_error err;          /* first write error */
} book;

typedef struct sheet {
    book *b;
    lxw_worksheet *ws;
    double width[MAX_COLS];
    int ncols;
    lxw_row_t last_row;     /* last row of the filtered table */
} sheet;

static const char *T(const book *b, dc_text k) { return dc_report_text(b->lang, k); }

static void note_err(book *b, lxw_error e)
{
    if (e != LXW_NO_ERROR && b->err == LXW_NO_ERROR)
        b->err = e;
}


static void fit(sheet *s, lxw_col_t c, double chars)
{
    if (c < MAX_COLS && chars > s->width[c])
        s->width[c] = chars;
}

#define XLSX_CELL_MAX 32767   /* characters a spreadsheet cell holds (libxlsxwriter refuses more) */

static void put_str(sheet *s, lxw_row_t r, lxw_col_t c, const char *v)
{
    if (!v || !*v)
        return;
    /* a longer text (a reason typed with a correction, say) would make the whole workbook fail:
     * its start is shown, with how many characters are left out */
    const size_t n = dc_report_chars(v);
    char *cut = NULL;
    if (n > XLSX_CELL_MAX && !(cut = dc_report_cut_text(s->b->lang, v, XLSX_CELL_MAX))) {
        note_err(s->b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    note_err(s->b, worksheet_write_string(s->ws, r, c, cut ? cut : v, cut ? s->b->wrap : NULL));
    fit(s, c, (double)(cut ? dc_report_chars(cut) : n));
    free(cut);
}

/* A correction's reason, or that none was given. */
static void put_why(sheet *s, lxw_row_t r, lxw_col_t c, const char *why)
{
    put_str(s, r, c, why && *why ? why : T(s->b, T_NO_REASON));
}

static void put_num(sheet *s, lxw_row_t r, lxw_col_t c, double v, lxw_format *f)
{
    note_err(s->b, worksheet_write_number(s->ws, r, c, v, f));
    char buf[32];
    snprintf(buf, sizeof buf, "%.2f", v);
    fit(s, c, (double)dc_report_chars(buf));
}

/* A clock time as an Excel time; a time stored that is not one as its text; nothing when none. */
static void put_time(sheet *s, lxw_row_t r, lxw_col_t c, int minutes, const char *as_stored)
{
    if (minutes < 0) {
        if (as_stored && *as_stored)
            put_str(s, r, c, as_stored);
        return;
    }
    /* A time-only Excel value is the fraction of a day. */
    note_err(s->b, worksheet_write_number(s->ws, r, c, minutes / 1440.0, s->b->time));
    fit(s, c, 6);
}

/* "YYYY-MM-DD" as an Excel date; other text as text. */
static void put_date(sheet *s, lxw_row_t r, lxw_col_t c, const char *ymd)
{
    int y = 0, m = 0, d = 0;
    if (!ymd || !*ymd)
        return;
    if (sscanf(ymd, "%4d-%2d-%2d", &y, &m, &d) != 3) {
        put_str(s, r, c, ymd);
        return;
    }
    lxw_datetime dt = {y, m, d, 0, 0, 0};
    note_err(s->b, worksheet_write_datetime(s->ws, r, c, &dt, s->b->date));
    fit(s, c, 11);
}

/* "YYYY-MM-DDTHH:MM:SSZ" (UTC, as stored) as an Excel date-time in local time, as the column's
 * header says; other text as text. */
static void put_stamp(sheet *s, lxw_row_t r, lxw_col_t c, const char *iso)
{
    struct tm tm;
    if (!iso || !*iso)
        return;
    if (!dc_report_local_stamp(iso, &tm)) {
        put_str(s, r, c, iso);
        return;
    }
    lxw_datetime dt = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec};
    note_err(s->b, worksheet_write_datetime(s->ws, r, c, &dt, s->b->datetime));
    fit(s, c, 19);
}

/* A correction of `field` from column c on: old value, its confidence as read (blank when none),
 * new value, who, when and why. */
static void put_correction(sheet *s, lxw_row_t r, lxw_col_t c, const char *field, const dc_report_correction *cr)
{
    put_str(s, r, c, dc_report_field_value_label(s->b->lang, field, cr->old_value));
    if (cr->old_conf >= 0)
        put_num(s, r, c + 1, cr->old_conf, s->b->dec2);
    put_str(s, r, c + 2, dc_report_field_value_label(s->b->lang, field, cr->new_value));
    put_str(s, r, c + 3, cr->who);
    put_stamp(s, r, c + 4, cr->at);
    put_why(s, r, c + 5, cr->why);
}

static int sheet_new(sheet *s, book *b, dc_text name, const dc_text *cols, int ncols)
{
    memset(s, 0, sizeof *s);
    s->b = b;
    s->ws = workbook_add_worksheet(b->wb, T(b, name));
    if (!s->ws)
        return dc_error_set(DC_ERR_XLSX, "cannot add sheet \"%s\"", T(b, name));
    s->ncols = ncols;
    for (int c = 0; c < ncols; c++) {
        note_err(b, worksheet_write_string(s->ws, 0, (lxw_col_t)c, T(b, cols[c]), b->hdr));
        fit(s, (lxw_col_t)c, (double)dc_report_chars(T(b, cols[c])) + 2); /* room for the filter button */
    }
    return DC_OK;
}

/* Frozen header, autofilter over the table, fitted widths. */
static void sheet_finish(sheet *s)
{
    worksheet_freeze_panes(s->ws, 1, 0);
    note_err(s->b, worksheet_autofilter(s->ws, 0, 0, s->last_row, (lxw_col_t)(s->ncols - 1)));
    for (int c = 0; c < MAX_COLS; c++) {
        if (s->width[c] <= 0)
            continue;
        double w = s->width[c] * 1.1 + 1.5;
        if (w > 70)
            w = 70;
        note_err(s->b, worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL));
    }
}

static lxw_format *fmt(lxw_workbook *wb, const char *num_format, bool bold)
{
    lxw_format *f = workbook_add_format(wb);
    if (num_format)
        format_set_num_format(f, num_format);
    if (bold)
        format_set_bold(f);
    return f;
}

static int book_open(book *b, const char *tmp_path, dc_report_lang lang, dc_text title, const char *period,
                     time_t generated)
{
    memset(b, 0, sizeof *b);
    b->lang = lang;
    /* The parts go to temporary files in the output folder, not $TMPDIR: the disk the report is
     * written to is the one the operator chose and watches (and a full $TMPDIR used to cut parts
     * short silently; dc_zipcheck.h). */
    const char *slash = strrchr(tmp_path, '/');
    b->tmpdir = slash ? dc_asprintf("%.*s", (int)(slash == tmp_path ? 1 : slash - tmp_path), tmp_path)
                      : dc_asprintf(".");
    if (!b->tmpdir)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    /* The zip itself is assembled in memory: libxlsxwriter prints to stderr when a write to it
     * fails, and a library of ours must not print. It is read back (dc_zip_check_buffer) and
     * written to disk by dc_write_file_atomic, which reports a full disk as such. Without memfd
     * (not Linux), the zip goes to the temporary file as before. */
    const char *zip_path = tmp_path;
    b->mem_fd = -1;
#ifdef MFD_CLOEXEC
    b->mem_fd = memfd_create("dcaccess-xlsx", MFD_CLOEXEC);
    if (b->mem_fd >= 0) {
        snprintf(b->mem_path, sizeof b->mem_path, "/proc/self/fd/%d", b->mem_fd);
        if (access(b->mem_path, W_OK) == 0) {
            zip_path = b->mem_path;
        } else {   /* no /proc */
            close(b->mem_fd);
            b->mem_fd = -1;
        }
    }
#endif
    lxw_workbook_options opts = { .constant_memory = LXW_FALSE, .tmpdir = b->tmpdir, .use_zip64 = LXW_FALSE };
    b->wb = workbook_new_opt(zip_path, &opts);
    if (!b->wb) {
        free(b->tmpdir);
        b->tmpdir = NULL;
        if (b->mem_fd >= 0)
            close(b->mem_fd);
        b->mem_fd = -1;
        return dc_error_set(DC_ERR_XLSX, "%s: cannot create the workbook", tmp_path);
    }
    b->hdr = fmt(b->wb, NULL, true);
    format_set_bg_color(b->hdr, 0xD9E1F2);
    format_set_bottom(b->hdr, LXW_BORDER_THIN);
    b->date = fmt(b->wb, "dd/mm/yyyy", false);   /* Indonesian order */
    b->time = fmt(b->wb, "hh:mm", false);
    b->datetime = fmt(b->wb, "dd/mm/yyyy hh:mm", false);
    b->pct = fmt(b->wb, "0.0%", false);
    b->dec1 = fmt(b->wb, "0.0", false);
    b->dec2 = fmt(b->wb, "0.00", false);
    b->bold = fmt(b->wb, NULL, true);
    b->title = fmt(b->wb, NULL, true);
    format_set_font_size(b->title, 12);
    b->wrap = fmt(b->wb, NULL, false);
    format_set_text_wrap(b->wrap);
    char subject[128];
    char period_text[64];
    dc_report_format_period(period_text, sizeof period_text, lang, period);
    snprintf(subject, sizeof subject, "%s — %s", T(b, T_SOP), period_text);
    char *title_text = dc_asprintf("%s %s", T(b, title), period_text);
    lxw_doc_properties props = {
        .title = title_text,
        .subject = subject,
        .author = (char *)T(b, T_AUTHOR),
        .company = (char *)T(b, T_COMPANY),
        .comments = "dcaccess",
        /* the workbook's creation time is the report's own (its "generated" line), so the same
         * report written twice is the same file */
        .created = generated,
    };
    note_err(b, workbook_set_properties(b->wb, &props));
    free(title_text);
    return DC_OK;
}

/* Whether errno `e` says the disk (or the user's quota) is full. */
static bool no_space(int e)
{
    return e == ENOSPC || e == EDQUOT;
}

/* The error for a workbook that came back damaged. Its parts are written to temporary files in
 * the output folder (`dir`), and a part written to a full disk comes back cut short without
 * libxlsxwriter noticing: the disk counts as full when the last write said so or less than
 * 1 MiB is left there. */
static int damaged(int rc, int close_errno, const char *dir, const char *path)
{
    char why[512];
    const char *d = dc_error_detail();
    const size_t n = strlen(path);
    if (strncmp(d, path, n) == 0 && d[n] == ':' && d[n + 1] == ' ')
        d += n + 2;   /* the checker's detail names the same file */
    snprintf(why, sizeof why, "%s", d);
    if (rc != DC_ERR_XLSX)
        return dc_error_set(rc, "%s: %s", path, why);
    struct statvfs fs;
    const int full = no_space(close_errno) ||
                     (dir && statvfs(dir, &fs) == 0 && (double)fs.f_bavail * (double)fs.f_frsize < 1048576.0);
    return dc_error_set(full ? DC_ERR_NO_SPACE : DC_ERR_XLSX, "%s: not written, the workbook came out damaged%s: %s",
                        path, full ? " (the disk is full)" : "", why);
}

/* Frees what the book holds besides the workbook. */
static void book_free(book *b)
{
    free(b->tmpdir);
    b->tmpdir = NULL;
    if (b->mem_fd >= 0)
        close(b->mem_fd);
    b->mem_fd = -1;
}

/* Closes the workbook without keeping it (an earlier step failed). */
static void book_discard(book *b, const char *tmp_path)
{
    workbook_close(b->wb);
    b->wb = NULL;
    book_free(b);
    unlink(tmp_path);
}

/* Closes the workbook (always freeing it), reads it back whole (dc_zip_check) and puts it at
 * `path`; on any failure `path` is left as it was and no temporary file stays behind. */
static int book_close(book *b, const char *tmp_path, const char *path)
{
    errno = 0;
    lxw_error e = workbook_close(b->wb);
    const int close_errno = errno;   /* libxlsxwriter reports a full disk only as a zip error */
    b->wb = NULL;
    if (e == LXW_NO_ERROR)
        e = b->err;
    int rc = DC_OK;
    if (e != LXW_NO_ERROR) {
        const int full = no_space(close_errno);
        rc = full ? dc_error_set(DC_ERR_NO_SPACE, "%s: %s", path, strerror(close_errno))
                  : dc_error_set(DC_ERR_XLSX, "%s: %s", path, lxw_strerror(e));
    } else {
        /* the zip assembled in memory, or without memfd in the temporary file: read back, checked
         * under the report's own name, and written by dc_write_file_atomic either way */
        unsigned char *zip = NULL;
        size_t len = 0;
        rc = dc_read_file(b->mem_fd >= 0 ? b->mem_path : tmp_path, &zip, &len);
        if (!rc)
            rc = dc_zip_check_buffer(zip, len, path);
        if (!rc)
            rc = dc_write_file_atomic(path, zip, len);   /* DC_ERR_NO_SPACE on a full disk */
        else
            rc = damaged(rc, close_errno, b->tmpdir, path);
        free(zip);
    }
    book_free(b);
    unlink(tmp_path);   /* written only without memfd */
    return rc;
}

/* The temporary name the workbook is written under. Checks the folder first: libxlsxwriter would
 * only notice at close, and print its own message. */
static int tmp_name(char **out, const char *path)
{
    *out = NULL;
    int rc = dc_report_check_folder(path);
    if (rc)
        return rc;
    *out = dc_asprintf("%s.tmp%ld.xlsx", path, (long)getpid());
    return *out ? DC_OK : dc_error_set(DC_ERR_NOMEM, "out of memory");
}

/* Writes a workbook atomically: `fill` adds the sheets to a book opened on a temp file, which
 * replaces `path` only when everything succeeded (else it is removed). */
static int write_book(const char *path, dc_report_lang lang, dc_text title, const char *period, time_t generated,
                      int (*fill)(book *b, const void *model), const void *model)
{
    char *tmp = NULL;
    int rc = tmp_name(&tmp, path);
    if (rc)
        return rc;
    book b;
    rc = book_open(&b, tmp, lang, title, period, generated);
    if (!rc) {
        rc = fill(&b, model);
        if (!rc)
            rc = book_close(&b, tmp, path);
        else
            book_discard(&b, tmp);
    }
    free(tmp);
    return rc;
}

/* ---- shared views ---- */

static const dc_text visit_cols[] = {
    T_COL_NO, T_COL_SERIAL, T_DATE, T_COL_NAME, T_COL_INSTITUTION, T_COL_ID_TYPE, T_COL_ID_NUMBER,
    T_COL_PHONE, T_COL_PURPOSE, T_COL_DECISION, T_COL_ARRIVAL, T_COL_ENTRY, T_COL_EXIT,
    T_COL_DURATION, T_COL_ESCORT, T_COL_BADGE, T_COL_DEVICES_IN, T_COL_DEVICES_OUT, T_COL_STATUS,
    T_COL_FINDINGS};
#define NVISIT_COLS (int)(sizeof visit_cols / sizeof visit_cols[0])

static void visit_row(sheet *s, lxw_row_t r, size_t index, const dc_report_visit *v)
{
    dc_report_lang l = s->b->lang;
    put_num(s, r, 0, (double)(index + 1), NULL);
    put_str(s, r, 1, v->serial);
    put_date(s, r, 2, v->date);
    put_str(s, r, 3, v->name ? v->name : v->name_in_review ? dc_report_name_cell(l, NULL, true) : NULL);
    put_str(s, r, 4, v->institution ? v->institution : v->institution_in_review ? dc_report_name_cell(l, NULL, true) : NULL);
    put_str(s, r, 5, v->id_type ? dc_report_id_type_label(l, v->id_type) : NULL);
    put_str(s, r, 6, v->id_number);
    put_str(s, r, 7, v->phone);
    if (v->purpose && strcmp(v->purpose, "other") == 0 && v->purpose_detail) {
        char *p = dc_asprintf("%s: %s", dc_report_purpose_label(l, v->purpose), v->purpose_detail);
        put_str(s, r, 8, p);
        free(p);
    } else {
        /* as the PDF: blank and in review were both an empty cell; a set without its access form has
         * no purpose to read */
        put_str(s, r, 8, v->has_access ? dc_report_visit_purpose_label(l, v) : NULL);
    }
    put_str(s, r, 9, v->decision ? dc_report_decision_label(l, v->decision) : NULL);
    put_time(s, r, 10, v->arrival_min, v->arrival_text);
    put_time(s, r, 11, v->entry_min, v->entry_text);
    put_time(s, r, 12, v->exit_min, v->exit_text);
    if (v->duration_min >= 0)
        put_num(s, r, 13, v->duration_min, NULL);
    put_str(s, r, 14, v->escort);
    put_str(s, r, 15, v->badge);
    put_num(s, r, 16, v->devices_in, NULL);
    put_num(s, r, 17, v->devices_out, NULL);
    put_str(s, r, 18, dc_report_status_label(l, v));
    put_num(s, r, 19, (double)v->nfindings, NULL);
}

static int visits_sheet_named(book *b, dc_text name, const dc_report_visit *v, size_t n, const char *empty_text)
{
    sheet s;
    int rc = sheet_new(&s, b, name, visit_cols, NVISIT_COLS);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++)
        visit_row(&s, (lxw_row_t)(i + 1), i, &v[i]);
    s.last_row = (lxw_row_t)(n ? n : 1);
    if (!n)
        note_err(b, worksheet_write_string(s.ws, 1, 0, empty_text, NULL));
    sheet_finish(&s);
    return DC_OK;
}

static int visits_sheet(book *b, const dc_report_visit *v, size_t n, const char *empty_text)
{
    return visits_sheet_named(b, T_SHEET_VISITS, v, n, empty_text);
}

static const dc_text finding_cols[] = {T_COL_SERIAL, T_COL_RULE, T_COL_RULE_ID, T_COL_FIELD,
                                       T_COL_STEP, T_COL_SEVERITY, T_COL_MESSAGE, T_SHEET_OTHER_DATED};

static void finding_row(sheet *s, lxw_row_t r, const dc_report_finding *f)
{
    dc_report_lang l = s->b->lang;
    put_str(s, r, 0, f->serial);
    put_str(s, r, 1, dc_report_rule_label(l, f->rule));
    put_str(s, r, 2, f->rule);
    put_str(s, r, 3, f->field);
    put_str(s, r, 4, f->sop_step);
    put_str(s, r, 5, dc_report_severity_label(l, f->severity));
    char said[512];
    put_str(s, r, 6, dc_finding_message_shown(said, sizeof said, l == DC_LANG_EN ? f->message_en : f->message_id,
                                              f->field));
}

/* The pages that are no visit (rejected, duplicate, unused forms): the daily report's, the audit's;
 * below them, apart from the table, how many blank backs of sheets there were (counted, not listed). */
static int pages_sheet(book *b, const dc_report_page *p, size_t n, long blank_backs)
{
    static const dc_text rej_cols[] = {T_COL_FILE, T_COL_PAGE, T_COL_STATUS, T_COL_REASON, T_COL_SERIAL};
    sheet s;
    int rc = sheet_new(&s, b, T_SHEET_REJECTED, rej_cols, 5);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++) {
        lxw_row_t r = (lxw_row_t)(i + 1);
        put_str(&s, r, 0, p[i].file);
        put_num(&s, r, 1, p[i].page, NULL);
        put_str(&s, r, 2, dc_report_page_status_label(b->lang, p[i].status));
        char *reason = dc_report_page_reason(p[i].reason);   /* a form named, not its code */
        if (!reason && p[i].reason) {
            rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
            break;
        }
        put_str(&s, r, 3, reason);
        free(reason);
        put_str(&s, r, 4, p[i].serial);
    }
    s.last_row = (lxw_row_t)(n ? n : 1);
    if (!n)
        note_err(b, worksheet_write_string(s.ws, 1, 0, T(b, T_NONE), NULL));
    char backs[256];
    dc_report_blank_backs_text(backs, sizeof backs, b->lang, blank_backs);
    if (backs[0])
        note_err(b, worksheet_write_string(s.ws, s.last_row + 2, 0, backs, NULL));
    sheet_finish(&s);
    return rc;
}

/* The daily report's findings; the last column gives the visit date of a form of the day's stack
 * dated another day (its findings count on that day: the PDF says how many, the workbook which). */
static int findings_sheet(book *b, const dc_report_daily *m)
{
    const dc_report_finding *f = m->findings;
    const size_t n = m->nfindings;
    sheet s;
    int rc = sheet_new(&s, b, T_SHEET_FINDINGS, finding_cols, 8);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++) {
        finding_row(&s, (lxw_row_t)(i + 1), &f[i]);
        put_date(&s, (lxw_row_t)(i + 1), 7, dc_report_daily_other_date(m, f[i].serial));
    }
    s.last_row = (lxw_row_t)(n ? n : 1);
    if (!n)
        note_err(b, worksheet_write_string(s.ws, 1, 0, T(b, T_NONE), NULL));
    sheet_finish(&s);
    return DC_OK;
}

/* ---- daily ---- */

/* A first sheet with the warning, when the archive the report was made from does not verify. */
static int warning_sheet(book *b, const dc_report_meta *meta)
{
    if (meta->chain_problems <= 0 && meta->unfinished <= 0)
        return DC_OK;
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, T(b, T_SHEET_WARNING));
    if (!ws)
        return dc_error_set(DC_ERR_XLSX, "cannot add sheet \"%s\"", T(b, T_SHEET_WARNING));
    char buf[512];
    lxw_row_t r = 0;
    if (meta->chain_problems > 0) {
        dc_report_chain_warning_text(buf, sizeof buf, b->lang, meta);
        note_err(b, worksheet_write_string(ws, r++, 0, buf, b->bold));
    }
    if (meta->unfinished > 0) {
        dc_report_unfinished_text(buf, sizeof buf, b->lang, meta->unfinished);
        note_err(b, worksheet_write_string(ws, r, 0, buf, b->bold));
    }
    return DC_OK;
}

static int fill_daily(book *b, const void *model)
{
    const dc_report_daily *m = model;
    int rc = warning_sheet(b, &m->meta);
    if (rc)
        return rc;
    char period[64], empty[160];
    dc_report_format_period(period, sizeof period, b->lang, m->meta.period);
    snprintf(empty, sizeof empty, T(b, T_NO_VISITS_DAY), period);
    rc = visits_sheet(b, m->visits, m->nvisits, empty);
    if (!rc && m->nother_dated)   /* the day's stack holds forms dated another day */
        rc = visits_sheet_named(b, T_SHEET_OTHER_DATED, m->other_dated, m->nother_dated, "");
    if (rc)
        return rc;
    rc = findings_sheet(b, m);
    if (rc)
        return rc;

    static const dc_text review_cols[] = {T_COL_SERIAL, T_COL_FIELD, T_COL_VALUE_READ, T_COL_CONFIDENCE,
                                          T_SHEET_OTHER_DATED};
    sheet s;
    rc = sheet_new(&s, b, T_SHEET_REVIEW, review_cols, 5);
    if (rc)
        return rc;
    for (size_t i = 0; i < m->npending; i++) {
        lxw_row_t r = (lxw_row_t)(i + 1);
        put_str(&s, r, 0, m->pending[i].serial);
        put_str(&s, r, 1, m->pending[i].field);
        put_str(&s, r, 2, dc_report_field_value_label(b->lang, m->pending[i].field, m->pending[i].value));
        put_num(&s, r, 3, m->pending[i].confidence, b->dec2);
        put_date(&s, r, 4, dc_report_daily_other_date(m, m->pending[i].serial));
    }
    s.last_row = (lxw_row_t)(m->npending ? m->npending : 1);
    if (!m->npending)
        note_err(b, worksheet_write_string(s.ws, 1, 0, T(b, T_NONE), NULL));
    sheet_finish(&s);

    static const dc_text taken_cols[] = {T_COL_SERIAL, T_COL_FIELD, T_COL_RECORDED, T_COL_VALUE_READ};
    rc = sheet_new(&s, b, T_SHEET_TAKEN, taken_cols, 4);
    if (rc)
        return rc;
    for (size_t i = 0; i < m->ntaken; i++) {
        lxw_row_t r = (lxw_row_t)(i + 1);
        put_str(&s, r, 0, m->taken[i].serial);
        put_str(&s, r, 1, m->taken[i].field);
        put_str(&s, r, 2, m->taken[i].value);
        put_str(&s, r, 3, m->taken[i].read_as);
    }
    s.last_row = (lxw_row_t)(m->ntaken ? m->ntaken : 1);
    if (!m->ntaken)
        note_err(b, worksheet_write_string(s.ws, 1, 0, T(b, T_NONE), NULL));
    sheet_finish(&s);

    return pages_sheet(b, m->rejected, m->nrejected, m->blank_backs);
}

int dc_report_daily_xlsx(const dc_report_daily *m, dc_report_lang lang, const char *path)
{
    return write_book(path, lang, T_TITLE_DAILY, m->meta.period, m->meta.generated, fill_daily, m);
}

/* ---- monthly ---- */

static void chart_add(book *b, lxw_worksheet *ws, const char *sheet_name, int chart_type, dc_text title,
                      dc_text x_title, lxw_row_t last_row, lxw_row_t at_row, lxw_col_t at_col)
{
    lxw_chart *ch = workbook_add_chart(b->wb, (uint8_t)chart_type);
    if (!ch) {
        note_err(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    lxw_chart_series *ser = chart_add_series(ch, NULL, NULL);
    chart_series_set_categories(ser, sheet_name, 1, 0, last_row, 0);
    chart_series_set_values(ser, sheet_name, 1, 1, last_row, 1);
    chart_series_set_name(ser, T(b, T_AXIS_VISITS));
    chart_title_set_name(ch, T(b, title));
    chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
    if (chart_type == LXW_CHART_BAR) {
        chart_axis_set_name(ch->y_axis, NULL);
        chart_axis_set_name(ch->x_axis, T(b, T_AXIS_VISITS));
    } else {
        chart_axis_set_name(ch->x_axis, T(b, x_title));
        chart_axis_set_name(ch->y_axis, T(b, T_AXIS_VISITS));
    }
    lxw_chart_options opt = {.x_scale = 1.6, .y_scale = 1.3};
    note_err(b, worksheet_insert_chart_opt(ws, at_row, at_col, ch, &opt));
}

/* A figure of the summary; NAN shows a dash (nothing to measure: no visit, no duration). */
static void summary_row(sheet *s, lxw_row_t *r, const char *label, double v, lxw_format *f)
{
    put_str(s, *r, 0, label);
    if (isnan(v))
        put_str(s, *r, 1, "–");   /* nothing to measure */
    else
        put_num(s, *r, 1, v, f);
    (*r)++;
}

static int monthly_summary(book *b, const dc_report_monthly *m)
{
    static const dc_text cols[] = {T_COL_MEASURE, T_COL_VALUE};
    sheet s;
    int rc = sheet_new(&s, b, T_SHEET_SUMMARY, cols, 2);
    if (rc)
        return rc;
    char over[96];
    snprintf(over, sizeof over, T(b, T_M_OVER_LIMIT), m->limit_min);
    lxw_row_t r = 1;
    summary_row(&s, &r, T(b, T_M_VISITS), (double)m->visits, NULL);
    summary_row(&s, &r, T(b, T_M_UNIQUE), (double)m->unique_visitors, NULL);
    summary_row(&s, &r, T(b, T_M_UNIDENTIFIED), (double)m->unidentified, NULL);
    summary_row(&s, &r, T(b, T_M_GRANTED), (double)m->granted, NULL);
    summary_row(&s, &r, T(b, T_M_REFUSED), (double)m->refused, NULL);
    summary_row(&s, &r, T(b, T_M_NO_DECISION), (double)m->no_decision, NULL);
    summary_row(&s, &r, T(b, T_M_DUR_N), (double)m->durations_n, NULL);
    /* no duration, or no visit: a dash, not a 0 that reads as a measured value */
    summary_row(&s, &r, T(b, T_M_DUR_MEAN), m->durations_n ? m->duration_mean : NAN, b->dec1);
    summary_row(&s, &r, T(b, T_M_DUR_MEDIAN), m->durations_n ? m->duration_median : NAN, b->dec1);
    summary_row(&s, &r, T(b, T_M_DUR_MAX), m->durations_n ? m->duration_max : NAN, NULL);
    summary_row(&s, &r, over, (double)m->over_limit, NULL);
    summary_row(&s, &r, T(b, T_M_WITH_FINDINGS), (double)m->records_with_findings, NULL);
    char before_review[160];   /* beside the number, which stays one: as the PDF says it */
    dc_report_before_review_text(before_review, sizeof before_review, b->lang, m->pending_review);
    put_str(&s, r - 1, 2, before_review + (before_review[0] == ' '));
    summary_row(&s, &r, T(b, T_M_COMPLIANCE), m->compliance_base ? m->compliance_rate : NAN, b->pct);
    summary_row(&s, &r, T(b, T_M_DEV_IN), (double)m->devices_in, NULL);
    summary_row(&s, &r, T(b, T_M_DEV_OUT), (double)m->devices_out, NULL);
    summary_row(&s, &r, T(b, T_M_PENDING), (double)m->pending_review, NULL);
    summary_row(&s, &r, T(b, T_M_PENDING_FIELDS), (double)m->pending_fields, NULL);
    summary_row(&s, &r, T(b, T_M_UNDECIDED), (double)(m->visits - m->compliance_base), NULL);
    summary_row(&s, &r, T(b, T_M_OTHER_RULES), (double)m->other_rules, NULL);
    put_str(&s, r, 0, T(b, T_M_RULES));
    char rules[DC_RULES_TEXT_MAX + 64];
    dc_report_rules_text(rules, sizeof rules, b->lang, m);
    put_str(&s, r++, 1, rules);
    s.last_row = r - 1;
    r++;
    char text[256], when[64];
    dc_report_format_period(text, sizeof text, b->lang, m->meta.period);
    if (m->visits == 0) {
        char empty[256];
        snprintf(empty, sizeof empty, T(b, T_NO_VISITS_MONTH), text);
        note_err(b, worksheet_write_string(s.ws, r++, 0, empty, b->bold));
        r++;
    }
    dc_report_format_time(when, sizeof when, b->lang, m->meta.generated);
    put_str(&s, r, 0, T(b, T_MONTH));
    put_str(&s, r++, 1, text);
    put_str(&s, r, 0, T(b, T_GENERATED));
    put_str(&s, r++, 1, when);
    put_str(&s, r, 0, T(b, T_ARCHIVE));
    put_str(&s, r++, 1, m->meta.archive_path);
    r++;
    /* Signature block. */
    char date_long[64], place[96];
    struct tm tm;
    localtime_r(&m->meta.generated, &tm);
    char ymd[48];
    snprintf(ymd, sizeof ymd, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    dc_report_format_period(date_long, sizeof date_long, b->lang, ymd);
    snprintf(place, sizeof place, T(b, T_SIGN_PLACE_DATE), date_long);
    note_err(b, worksheet_write_string(s.ws, r++, 1, place, NULL));
    note_err(b, worksheet_write_string(s.ws, r++, 1, T(b, T_SIGN_ACK), NULL));
    note_err(b, worksheet_write_string(s.ws, r++, 1, T(b, T_SIGN_TITLE), NULL));
    r += 3;
    /* whole, however long: a fixed buffer cut a long name, inside a character too (invalid XML) */
    char *name = dc_asprintf("(%s)", m->signatory_name ? m->signatory_name : "______________________________");
    char *nip = dc_asprintf("%s %s", T(b, T_SIGN_NIP), m->signatory_nip ? m->signatory_nip : "______________________");
    if (name && nip) {
        note_err(b, worksheet_write_string(s.ws, r++, 1, name, b->bold));
        note_err(b, worksheet_write_string(s.ws, r++, 1, nip, NULL));
    }
    const bool made = name && nip;
    free(name);
    free(nip);
    sheet_finish(&s);
    return made ? DC_OK : dc_error_set(DC_ERR_NOMEM, "out of memory");
}

static int fill_monthly(book *b, const void *model)
{
    const dc_report_monthly *m = model;
    int rc = warning_sheet(b, &m->meta);
    if (!rc)
        rc = monthly_summary(b, m);
    if (rc)
        return rc;

    sheet s;
    static const dc_text day_cols[] = {T_DATE, T_COL_COUNT};
    rc = sheet_new(&s, b, T_SHEET_PER_DAY, day_cols, 2);
    if (rc)
        return rc;
    for (int d = 1; d <= m->ndays; d++) {
        char ymd[48];
        snprintf(ymd, sizeof ymd, "%04d-%02d-%02d", m->year, m->month, d);
        put_date(&s, (lxw_row_t)d, 0, ymd);
        put_num(&s, (lxw_row_t)d, 1, (double)m->per_day[d - 1], NULL);
    }
    s.last_row = (lxw_row_t)m->ndays;
    sheet_finish(&s);
    chart_add(b, s.ws, T(b, T_SHEET_PER_DAY), LXW_CHART_COLUMN, T_CHART_PER_DAY, T_AXIS_DAY, s.last_row, 1, 3);

    static const dc_text purpose_cols[] = {T_COL_PURPOSE, T_COL_COUNT};
    rc = sheet_new(&s, b, T_SHEET_PER_PURPOSE, purpose_cols, 2);
    if (rc)
        return rc;
    for (size_t i = 0; i < m->nper_purpose; i++) {
        put_str(&s, (lxw_row_t)(i + 1), 0, dc_report_purpose_label(b->lang, m->per_purpose[i].key));
        put_num(&s, (lxw_row_t)(i + 1), 1, (double)m->per_purpose[i].n, NULL);
    }
    s.last_row = (lxw_row_t)m->nper_purpose;
    sheet_finish(&s);
    chart_add(b, s.ws, T(b, T_SHEET_PER_PURPOSE), LXW_CHART_BAR, T_CHART_PER_PURPOSE, T_COL_PURPOSE, s.last_row, 1, 3);

    static const dc_text hour_cols[] = {T_COL_HOUR, T_COL_COUNT};
    rc = sheet_new(&s, b, T_SHEET_PER_HOUR, hour_cols, 2);
    if (rc)
        return rc;
    for (int h = 0; h < 24; h++) {
        put_time(&s, (lxw_row_t)(h + 1), 0, h * 60, NULL);
        put_num(&s, (lxw_row_t)(h + 1), 1, (double)m->per_hour[h], NULL);
    }
    s.last_row = 24;
    if (m->no_entry_time > 0) {   /* below the hours (and the chart's range): the rows add up to the visits */
        char line[256];
        snprintf(line, sizeof line, T(b, T_NO_ENTRY_TIME), m->no_entry_time);
        note_err(b, worksheet_write_string(s.ws, 26, 0, line, NULL));
    }
    sheet_finish(&s);
    chart_add(b, s.ws, T(b, T_SHEET_PER_HOUR), LXW_CHART_COLUMN, T_CHART_PER_HOUR, T_AXIS_HOUR, s.last_row, 1, 3);

    static const dc_text inst_cols[] = {T_COL_INSTITUTION, T_COL_COUNT};
    rc = sheet_new(&s, b, T_SHEET_INSTITUTIONS, inst_cols, 2);
    if (rc)
        return rc;
    for (size_t i = 0; i < m->ntop_institutions; i++) {
        put_str(&s, (lxw_row_t)(i + 1), 0, m->top_institutions[i].key);
        put_num(&s, (lxw_row_t)(i + 1), 1, (double)m->top_institutions[i].n, NULL);
    }
    s.last_row = (lxw_row_t)(m->ntop_institutions ? m->ntop_institutions : 1);
    if (m->other_institutions) {   /* the rest, so that the rows add up to the visits */
        char others[96];
        dc_report_other_institutions_text(others, sizeof others, b->lang, m->other_institutions);
        put_str(&s, ++s.last_row, 0, others);
        put_num(&s, s.last_row, 1, (double)m->other_institution_visits, NULL);
    }
    if (m->no_institution > 0) {   /* below the table (and its filter): the rows add up to the visits */
        char line[256];
        snprintf(line, sizeof line, T(b, T_NO_INSTITUTION), m->no_institution);
        note_err(b, worksheet_write_string(s.ws, s.last_row + 2, 0, line, NULL));
    }
    sheet_finish(&s);

    static const dc_text rule_cols[] = {T_COL_RULE, T_COL_RULE_ID, T_COL_COUNT};
    rc = sheet_new(&s, b, T_SHEET_PER_RULE, rule_cols, 3);
    if (rc)
        return rc;
    for (size_t i = 0; i < m->nper_rule; i++) {
        put_str(&s, (lxw_row_t)(i + 1), 0, dc_report_rule_label(b->lang, m->per_rule[i].key));
        put_str(&s, (lxw_row_t)(i + 1), 1, m->per_rule[i].key);
        put_num(&s, (lxw_row_t)(i + 1), 2, (double)m->per_rule[i].n, NULL);
    }
    s.last_row = (lxw_row_t)(m->nper_rule ? m->nper_rule : 1);
    sheet_finish(&s);

    static const dc_text step_cols[] = {T_COL_STEP, T_COL_STEP_ASKS, T_COL_COUNT};
    rc = sheet_new(&s, b, T_SHEET_PER_STEP, step_cols, 3);
    if (rc)
        return rc;
    for (size_t i = 0; i < m->nper_step; i++) {
        put_str(&s, (lxw_row_t)(i + 1), 0, m->per_step[i].key);
        put_str(&s, (lxw_row_t)(i + 1), 1, dc_report_sop_step_label(b->lang, m->per_step[i].key));
        put_num(&s, (lxw_row_t)(i + 1), 2, (double)m->per_step[i].n, NULL);
    }
    s.last_row = (lxw_row_t)(m->nper_step ? m->nper_step : 1);
    sheet_finish(&s);

    char period[64], empty[160];
    dc_report_format_period(period, sizeof period, b->lang, m->meta.period);
    snprintf(empty, sizeof empty, T(b, T_NO_VISITS_MONTH), period);
    rc = visits_sheet(b, m->visits_list, m->nvisits_list, empty);
    if (rc)
        return rc;
    return rc;
}

int dc_report_monthly_xlsx(const dc_report_monthly *m, dc_report_lang lang, const char *path)
{
    return write_book(path, lang, T_TITLE_MONTHLY, m->meta.period, m->meta.generated, fill_monthly, m);
}

/* ---- audit ---- */

/* A line of text in column 0 from row *r on. One longer than a cell holds (a month's visits dated
 * before their print, a list of serials) goes on over as many rows as it needs, each ending at a
 * ", " of the list (at a character when it has none): every serial is shown, where a cut line would
 * lose them, and a longer cell made the whole workbook fail. */
static void put_long_line(book *b, lxw_worksheet *ws, lxw_row_t *r, const char *line)
{
    const char *s = line;
    while (dc_report_chars(s) > XLSX_CELL_MAX) {
        size_t at = 0;   /* where the cell's last character ends */
        for (size_t n = 0; s[at]; at++)
            if (((unsigned char)s[at] & 0xC0) != 0x80 && n++ == XLSX_CELL_MAX)
                break;
        size_t end = at, next = at;
        for (size_t i = at; i >= 2; i--)
            if (s[i - 2] == ',' && s[i - 1] == ' ') {   /* the comma stays, the space goes */
                end = i - 1;
                next = i;
                break;
            }
        char *piece = dc_asprintf("%.*s", (int)end, s);
        note_err(b, piece ? worksheet_write_string(ws, (*r)++, 0, piece, NULL) : LXW_ERROR_MEMORY_MALLOC_FAILED);
        free(piece);
        if (!piece)
            return;
        s += next;
    }
    note_err(b, worksheet_write_string(ws, (*r)++, 0, s, NULL));
}

/* The month's print runs of access forms, a row each, and under them the serials to account for
 * and the visits no print holds (as the PDF). */
static int serials_sheet(book *b, const dc_report_audit *m)
{
    static const dc_text cols[] = {T_COL_PRINTED,     T_COL_FORM,          T_COL_FIRST_SERIAL,
                                   T_COL_LAST_SERIAL, T_COL_PRINT_FILE,    T_COL_RUN_VISITS,
                                   T_COL_RUN_UNUSED,  T_COL_RUN_OTHER,     T_COL_RUN_NOT_SCANNED,
                                   T_COL_RUN_MISSING};
    sheet s;
    int rc = sheet_new(&s, b, T_SHEET_SERIALS, cols, 10);
    if (rc)
        return rc;
    for (size_t i = 0; i < m->nprints; i++) {
        const dc_report_print_run *p = &m->prints[i];
        const lxw_row_t r = (lxw_row_t)(i + 1);
        char first[16], last[16];
        snprintf(first, sizeof first, "%06ld", p->first);
        snprintf(last, sizeof last, "%06ld", p->last);
        put_stamp(&s, r, 0, p->at);
        put_str(&s, r, 1, T(b, p->form && strcmp(p->form, "set") == 0 ? T_PRINT_SET : T_PRINT_ACCESS_ONLY));
        put_str(&s, r, 2, first);
        put_str(&s, r, 3, last);
        put_str(&s, r, 4, p->file);
        put_num(&s, r, 5, (double)p->visits, NULL);
        put_num(&s, r, 6, (double)p->unused, NULL);
        put_num(&s, r, 7, (double)p->other, NULL);
        put_num(&s, r, 8, (double)p->not_scanned, NULL);
        put_num(&s, r, 9, (double)p->nmissing_serials, NULL);
    }
    s.last_row = (lxw_row_t)(m->nprints ? m->nprints : 1);
    if (!m->nprints && m->prints_kept)
        note_err(b, worksheet_write_string(s.ws, 1, 0, T(b, T_NONE), NULL));
    char **lines = NULL;
    size_t n = 0;
    rc = dc_report_serials_lines(&lines, &n, b->lang, m);
    lxw_row_t r = s.last_row + 2;
    for (size_t i = 0; i < n; i++)
        put_long_line(b, s.ws, &r, lines[i]);
    dc_report_lines_free(lines, n);
    if (!rc && m->prints_kept)
        note_err(b, worksheet_write_string(s.ws, r, 0, T(b, T_SERIALS_NOTE), NULL));
    sheet_finish(&s);
    return rc;
}

static int fill_audit(book *b, const void *model)
{
    const dc_report_audit *m = model;
    int rc = warning_sheet(b, &m->meta);   /* a scan that did not finish (the chain is in the summary) */
    if (rc)
        return rc;
    sheet s;
    static const dc_text sum_cols[] = {T_COL_MEASURE, T_COL_VALUE};
    rc = sheet_new(&s, b, T_SHEET_SUMMARY, sum_cols, 2);
    if (rc)
        return rc;
    lxw_row_t r = 1;
    char result[160];
    if (!m->chain_checked)
        snprintf(result, sizeof result, "%s", T(b, T_CHAIN_NOT_CHECKED));
    else if (m->chain_ok)
        snprintf(result, sizeof result, "%s", T(b, T_CHAIN_OK));
    else
        snprintf(result, sizeof result, T(b, T_CHAIN_FAILED), m->nproblems, m->nproblems == 1 ? "" : "s");
    put_str(&s, r, 0, T(b, T_SEC_CHAIN));
    put_str(&s, r++, 1, result);
    put_str(&s, r, 0, T(b, T_CHAIN_ENTRIES));
    put_num(&s, r++, 1, (double)m->chain_entries, NULL);
    put_str(&s, r, 0, T(b, T_CHAIN_RECORDS));
    put_num(&s, r++, 1, (double)m->chain_records, NULL);
    put_str(&s, r, 0, T(b, T_CHAIN_CORRECTIONS));
    put_num(&s, r++, 1, (double)m->chain_corrections, NULL);
    put_str(&s, r, 0, T(b, T_CHAIN_FILES));
    put_num(&s, r++, 1, (double)m->chain_files, NULL);
    put_str(&s, r, 0, T(b, T_CHAIN_HEAD));
    put_str(&s, r++, 1, m->head_hash);
    for (size_t i = 0; i < m->nproblems; i++) {
        put_str(&s, r, 0, T(b, T_CHAIN_RESULT));
        put_str(&s, r++, 1, m->problems[i]);
    }
    put_str(&s, r, 0, T(b, T_RECORDS_IN_REPORT));
    put_num(&s, r++, 1, (double)m->nrecords, NULL);
    /* accepted values by why they were accepted: how much rests on context besides the ink */
    size_t bases[DC_REPORT_NBASES];
    dc_report_audit_bases(m, bases);
    for (int k = 0; k < DC_REPORT_NBASES; k++) {
        const dc_field_basis basis = (dc_field_basis)((k + 1) % DC_REPORT_NBASES); /* DC_BASIS_NONE last */
        char label[160], why[96];
        snprintf(label, sizeof label, "%s: %s", T(b, T_COL_BASIS),
                 dc_report_basis_label(why, sizeof why, b->lang, "accepted", dc_field_basis_name(basis)));
        put_str(&s, r, 0, label);
        put_num(&s, r++, 1, (double)bases[basis], NULL);
    }
    /* and those accepted, then corrected by a person: the count, and the share and bases beside it */
    size_t corrected[DC_REPORT_NBASES];
    char detail[512];
    put_str(&s, r, 0, T(b, T_ACCEPTED_CORRECTED));
    put_num(&s, r, 1, (double)dc_report_audit_corrected_bases(m, corrected), NULL);
    dc_report_audit_corrected_text(detail, sizeof detail, b->lang, m);
    put_str(&s, r++, 2, detail);
    char when[64];
    dc_report_format_time(when, sizeof when, b->lang, m->meta.generated);
    put_str(&s, r, 0, T(b, T_GENERATED));
    put_str(&s, r++, 1, when);
    put_str(&s, r, 0, T(b, T_ARCHIVE));
    put_str(&s, r++, 1, m->meta.archive_path);
    s.last_row = r - 1;
    sheet_finish(&s);

    /* Records: visits with whole ID numbers. */
    rc = sheet_new(&s, b, T_SHEET_RECORDS, visit_cols, NVISIT_COLS);
    if (rc)
        return rc;
    for (size_t i = 0; i < m->nrecords; i++)
        visit_row(&s, (lxw_row_t)(i + 1), i, &m->records[i].visit);
    s.last_row = (lxw_row_t)(m->nrecords ? m->nrecords : 1);
    sheet_finish(&s);

    static const dc_text field_cols[] = {T_COL_SERIAL, T_COL_FIELD, T_COL_VALUE, T_COL_CONFIDENCE, T_COL_STATE,
                                         T_COL_BASIS, T_COL_VALUE_READ};
    rc = sheet_new(&s, b, T_SHEET_FIELDS, field_cols, 7);
    if (rc)
        return rc;
    r = 1;
    for (size_t i = 0; i < m->nrecords; i++)
        for (size_t f = 0; f < m->records[i].nfields; f++, r++) {
            const dc_report_field *fl = &m->records[i].fields[f];
            put_str(&s, r, 0, m->records[i].visit.serial);
            put_str(&s, r, 1, fl->id);
            put_str(&s, r, 2, dc_report_field_value_label(b->lang, fl->id, fl->value));
            put_num(&s, r, 3, fl->confidence, b->dec2);
            put_str(&s, r, 4, dc_report_field_state_label(fl, b->lang));
            char basis[96];
            put_str(&s, r, 5, dc_report_basis_label(basis, sizeof basis, b->lang, fl->state, fl->basis));
            put_str(&s, r, 6, fl->read_as); /* only where the value is not what was read */
        }
    s.last_row = r > 1 ? r - 1 : 1;
    sheet_finish(&s);

    static const dc_text corr_cols[] = {T_COL_SERIAL, T_COL_FIELD, T_COL_OLD, T_COL_OLD_CONF,
                                        T_COL_NEW,    T_COL_WHO,   T_COL_WHEN, T_COL_WHY};
    rc = sheet_new(&s, b, T_SHEET_CORRECTIONS, corr_cols, 8);
    if (rc)
        return rc;
    r = 1;
    for (size_t i = 0; i < m->nrecords; i++)
        for (size_t f = 0; f < m->records[i].nfields; f++) {
            const dc_report_field *fl = &m->records[i].fields[f];
            for (size_t c = 0; c < fl->ncorrections; c++, r++) {
                put_str(&s, r, 0, m->records[i].visit.serial);
                put_str(&s, r, 1, fl->id);
                put_correction(&s, r, 2, fl->id, &fl->corrections[c]);
            }
        }
    s.last_row = r > 1 ? r - 1 : 1;
    sheet_finish(&s);

    rc = sheet_new(&s, b, T_SHEET_FINDINGS, finding_cols, 7);
    if (rc)
        return rc;
    r = 1;
    for (size_t i = 0; i < m->nrecords; i++)
        for (size_t f = 0; f < m->records[i].nfindings; f++, r++)
            finding_row(&s, r, &m->records[i].findings[f]);
    s.last_row = r > 1 ? r - 1 : 1;
    sheet_finish(&s);

    static const dc_text src_cols[] = {T_COL_SERIAL, T_COL_FORM, T_COL_FILE,       T_COL_PAGE,
                                       T_COL_SHA256, T_COL_BATCH_DATE, T_COL_TEMPLATE_VERSION};
    rc = sheet_new(&s, b, T_SHEET_SOURCES, src_cols, 7);
    if (rc)
        return rc;
    r = 1;
    for (size_t i = 0; i < m->nrecords; i++)
        for (size_t k = 0; k < m->records[i].nsources; k++, r++) {
            const dc_report_source *src = &m->records[i].sources[k];
            put_str(&s, r, 0, m->records[i].visit.serial);
            put_str(&s, r, 1, dc_report_form_label(b->lang, src->form));
            put_str(&s, r, 2, src->file);
            put_num(&s, r, 3, src->page, NULL);
            put_str(&s, r, 4, src->sha256);
            put_date(&s, r, 5, src->batch_date);   /* the page's: a set's two pages may be of two stacks */
            if (src->template_version > 0)
                put_num(&s, r, 6, src->template_version, NULL);
        }
    s.last_row = r > 1 ? r - 1 : 1;
    sheet_finish(&s);
    static const dc_text late_cols[] = {T_COL_SERIAL, T_COL_VISIT_DATE, T_COL_FIELD, T_COL_OLD, T_COL_OLD_CONF,
                                        T_COL_NEW,    T_COL_WHO,        T_COL_WHEN,  T_COL_WHY};
    rc = sheet_new(&s, b, T_SHEET_LATE, late_cols, 9);
    if (rc)
        return rc;
    for (size_t i = 0; i < m->nlate; i++) {
        const dc_report_late_correction *l = &m->late[i];
        r = (lxw_row_t)(i + 1);
        put_str(&s, r, 0, l->serial);
        put_date(&s, r, 1, l->visit_date);
        put_str(&s, r, 2, l->field);
        put_correction(&s, r, 3, l->field, &l->c);
    }
    s.last_row = (lxw_row_t)(m->nlate ? m->nlate : 1);
    if (!m->nlate)
        note_err(b, worksheet_write_string(s.ws, 1, 0, T(b, T_NONE), NULL));
    sheet_finish(&s);
    /* every page of the month's batches is accounted for: those that are no visit, here */
    rc = pages_sheet(b, m->pages_out, m->npages_out, m->blank_backs);
    return rc ? rc : serials_sheet(b, m);
}

int dc_report_audit_xlsx(const dc_report_audit *m, dc_report_lang lang, const char *path)
{
    return write_book(path, lang, T_TITLE_AUDIT, m->meta.period, m->meta.generated, fill_audit, m);
}
