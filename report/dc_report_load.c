/* dc_report_load: archive (SQLite, schema of parse/dc_archive.h) -> report models. */
#include "dc_report_load.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dc_archive.h"
#include "dc_record.h"
#include "dc_rules.h"
#include "dc_error.h"
#include "dc_template.h"
#include "dc_util.h"

/* Records of a period: by visit date, or by batch date when the visit date was not read. */
/* A record's period: its visit date's, or its batch date's while the visit date is not known. NULL-safe
 * (a record without a visit date is in it or not, never unknown), so that NOT (...) selects the
 * records of other periods: a LIKE on a NULL visit date made the audit's corrections to other months
 * leave out a record whose visit date was not read. */
#define PERIOD_FILTER "(COALESCE(r.visit_date, r.batch_date) LIKE ?1 || '%')"
/* A day's visits, and the forms of that day's stack dated another day (a date misread, or a form
 * brought in late): the daily report shows their findings and fields in review too, so that the
 * operator who scanned the stack sees its date_mismatch warnings the same evening. */
#define STACK_FILTER "(" PERIOD_FILTER " OR r.batch_date = ?1)"
#define OTHER_DATED_FILTER "(r.batch_date = ?1 AND r.visit_date IS NOT NULL AND r.visit_date <> ?1)"

static int db_error(sqlite3 *db, const char *archive_path, const char *what)
{
    return dc_error_set(DC_ERR_ARCHIVE, "%s: %s: %s", archive_path ? archive_path : "archive", what,
                        sqlite3_errmsg(db));
}

static int prepare(sqlite3_stmt **st, sqlite3 *db, const char *archive_path, const char *sql, const char *period)
{
    if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK)
        return db_error(db, archive_path, "cannot read the archive (is it a dcaccess archive?)");
    if (period && sqlite3_bind_text(*st, 1, period, -1, SQLITE_TRANSIENT) != SQLITE_OK) {
        sqlite3_finalize(*st);
        *st = NULL;
        return db_error(db, archive_path, "cannot bind the period");
    }
    return DC_OK;
}

/* Column text as a new string; NULL for SQL NULL or "". Bytes that are not UTF-8 or control
 * characters (which an older dcaccess may have stored from a person's typing) become U+FFFD: a
 * workbook with them is damaged XML, and the text is shown, not dropped. */
static char *col_str(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    return (s && *s) ? dc_text_clean((const char *)s, 1) : NULL;
}

static void col_copy(char *buf, size_t len, sqlite3_stmt *st, int i)
{
    char *s = col_str(st, i);
    snprintf(buf, len, "%s", s ? s : "");
    free(s);
}

/* "HH:MM" -> minutes, -1 if NULL or not a clock time. */
static int col_minutes(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    int h = 0, m = 0;
    char tail = 0;
    if (!s || sscanf((const char *)s, "%2d:%2d%c", &h, &m, &tail) != 2 || h < 0 || h > 23 || m < 0 || m > 59)
        return -1;
    return h * 60 + m;
}

static int col_int_or(sqlite3_stmt *st, int i, int dflt)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? dflt : sqlite3_column_int(st, i);
}

/* Ensures room for n+1 elements. */
static int grow(void *arrp, size_t *cap, size_t n, size_t elem)
{
    return dc_grow(arrp, cap, n, elem, 16) ? dc_error_set(DC_ERR_NOMEM, "out of memory") : DC_OK;
}

static int meta_init(dc_report_meta *meta, const char *archive_path, const char *period, const dc_report_load_opts *o)
{
    meta->archive_path = dc_strdup(archive_path ? archive_path : "");
    if (!meta->archive_path)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    meta->generated = o->generated ? o->generated : time(NULL);
    snprintf(meta->period, sizeof meta->period, "%s", period);
    meta->chain_problems = -1;
    return DC_OK;
}

/* ---- visits ---- */

#define VISITS_SQL(where)                                                                                       \
    "SELECT r.serial, r.visit_date, r.visitor_name, r.institution, r.id_type, r.id_number, r.phone,"           \
    " r.purpose, r.purpose_detail, r.decision, r.operator_name, r.escort_name, r.badge_number,"               \
    " r.arrival_time, r.entry_time, r.exit_time, r.duration_min, r.status, r.devices_in, r.devices_out,"      \
    " (SELECT count(*) FROM findings f WHERE f.serial = r.serial), r.batch_date, r.access_page_id IS NOT NULL," \
    " EXISTS(SELECT 1 FROM fields fl WHERE fl.page_id = r.access_page_id AND fl.field_id = 'visitor_name'"    \
    "   AND fl.state = 'review'),"                                                                            \
    " EXISTS(SELECT 1 FROM fields fl WHERE fl.page_id = r.access_page_id AND fl.field_id = 'institution'"     \
    "   AND fl.state = 'review'),"                                                                            \
    " EXISTS(SELECT 1 FROM fields fl WHERE fl.page_id = r.access_page_id AND fl.field_id = 'purpose'"         \
    "   AND fl.state = 'corrected' AND COALESCE(fl.value, '') = ''),"                                         \
    " EXISTS(SELECT 1 FROM fields fl WHERE fl.page_id = r.access_page_id AND fl.field_id = 'purpose'"         \
    "   AND fl.state = 'review')"                                                                             \
    " FROM records r WHERE " where                                                                            \
    " ORDER BY COALESCE(r.visit_date, r.batch_date), COALESCE(r.entry_time, r.arrival_time, '99:99'), r.serial"
static const char visits_sql[] = VISITS_SQL(PERIOD_FILTER);
static const char other_dated_sql[] = VISITS_SQL(OTHER_DATED_FILTER);

static int visit_fill(dc_report_visit *v, sqlite3_stmt *st)
{
    col_copy(v->serial, sizeof v->serial, st, 0);
    col_copy(v->date, sizeof v->date, st, 1);
    v->name = col_str(st, 2);
    v->institution = col_str(st, 3);
    v->id_type = col_str(st, 4);
    v->id_number = col_str(st, 5);
    v->phone = col_str(st, 6);
    v->purpose = col_str(st, 7);
    v->purpose_detail = col_str(st, 8);
    v->decision = col_str(st, 9);
    v->operator_name = col_str(st, 10);
    v->escort = col_str(st, 11);
    v->badge = col_str(st, 12);
    v->arrival_min = col_minutes(st, 13);
    v->entry_min = col_minutes(st, 14);
    v->exit_min = col_minutes(st, 15);
    v->arrival_text = v->arrival_min < 0 ? col_str(st, 13) : NULL;
    v->entry_text = v->entry_min < 0 ? col_str(st, 14) : NULL;
    v->exit_text = v->exit_min < 0 ? col_str(st, 15) : NULL;
    v->duration_min = col_int_or(st, 16, -1);
    const unsigned char *status = sqlite3_column_text(st, 17);
    v->needs_review = status && strcmp((const char *)status, "needs_review") == 0;
    v->devices_in = col_int_or(st, 18, 0);
    v->devices_out = col_int_or(st, 19, 0);
    v->nfindings = (size_t)sqlite3_column_int64(st, 20);
    col_copy(v->batch_date, sizeof v->batch_date, st, 21);
    v->has_access = sqlite3_column_int(st, 22) != 0;
    v->name_in_review = sqlite3_column_int(st, 23) != 0;
    v->institution_in_review = sqlite3_column_int(st, 24) != 0;
    v->purpose_confirmed_empty = sqlite3_column_int(st, 25) != 0;
    v->purpose_in_review = sqlite3_column_int(st, 26) != 0;
    return DC_OK;
}

static int mask_visit(dc_report_visit *v)
{
    char *id = dc_report_mask(v->id_number), *ph = dc_report_mask(v->phone);
    if ((v->id_number && !id) || (v->phone && !ph)) {
        free(id);
        free(ph);
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    }
    free(v->id_number);
    free(v->phone);
    v->id_number = id;
    v->phone = ph;
    return DC_OK;
}

static void visits_free(dc_report_visit *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].name); free(v[i].institution); free(v[i].id_type); free(v[i].id_number);
        free(v[i].phone); free(v[i].purpose); free(v[i].purpose_detail); free(v[i].decision);
        free(v[i].operator_name); free(v[i].escort); free(v[i].badge);
    }
    free(v);
}

/* Visits of a period, unmasked. */
static int load_visits_by(dc_report_visit **out, size_t *n, sqlite3 *db, const char *path, const char *sql,
                          const char *period)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = NULL;
    int rc = prepare(&st, db, path, sql, period);
    if (rc)
        return rc;
    dc_report_visit *v = NULL;
    size_t cap = 0, cnt = 0;
    int s;
    for (s = sqlite3_step(st); s == SQLITE_ROW; s = sqlite3_step(st)) {
        rc = grow(&v, &cap, cnt, sizeof *v);
        if (rc)
            goto fail;
        visit_fill(&v[cnt++], st);
    }
    if (s != SQLITE_DONE) {
        rc = db_error(db, path, "reading records");
        goto fail;
    }
    sqlite3_finalize(st);
    *out = v;
    *n = cnt;
    return DC_OK;
fail:
    sqlite3_finalize(st);
    visits_free(v, cnt);
    return rc;
}

/* A confidence column: its value, or -1 for NULL. */
static double col_conf(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_double(st, i);
}

/* Whether the archive's `table` has `column` (an older schema may not). */
static bool has_column(sqlite3 *db, const char *table, const char *column)
{
    return dc_archive_db_has_column(db, table, column);
}

/* Records of the period last checked with rules other than `rules` (dc_rules_stamp: by another
 * rules engine too), or before the archive kept them (records.rules NULL; in an archive before
 * schema 6, read as it is, every record). */
static int other_rules(long *out, sqlite3 *db, const char *path, const char *period, const char *rules)
{
    *out = 0;
    const bool kept = has_column(db, "records", "rules");   /* an older archive, read as it is: none kept */
    sqlite3_stmt *st = NULL;
    int rc = prepare(&st, db, path,
                     kept ? "SELECT count(*) FROM records r WHERE " PERIOD_FILTER " AND (r.rules IS NULL OR r.rules <> ?2)"
                          : "SELECT count(*) FROM records r WHERE " PERIOD_FILTER,
                     period);
    if (rc)
        return rc;
    if (kept)
        sqlite3_bind_text(st, 2, rules, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = (long)sqlite3_column_int64(st, 0);
    else
        rc = db_error(db, path, "reading the rules records were checked with");
    sqlite3_finalize(st);
    return rc;
}

static int load_visits(dc_report_visit **out, size_t *n, sqlite3 *db, const char *path, const char *period)
{
    return load_visits_by(out, n, db, path, visits_sql, period);
}

/* ---- findings ---- */

static int load_findings(dc_report_finding **out, size_t *n, sqlite3 *db, const char *path,
                         const char *period, const char *serial)
{
    *out = NULL;
    *n = 0;
    const char *sql = serial
        ? "SELECT f.serial, f.rule, f.field, f.sop_step, f.severity, f.message_id, f.message_en"
          " FROM findings f WHERE f.serial = ?1 ORDER BY f.id"
        : "SELECT f.serial, f.rule, f.field, f.sop_step, f.severity, f.message_id, f.message_en"
          " FROM findings f JOIN records r ON r.serial = f.serial WHERE " STACK_FILTER
          " ORDER BY COALESCE(r.visit_date, r.batch_date), f.serial, f.id";
    sqlite3_stmt *st = NULL;
    int rc = prepare(&st, db, path, sql, serial ? serial : period);
    if (rc)
        return rc;
    dc_report_finding *f = NULL;
    size_t cap = 0, cnt = 0;
    int s;
    for (s = sqlite3_step(st); s == SQLITE_ROW; s = sqlite3_step(st)) {
        rc = grow(&f, &cap, cnt, sizeof *f);
        if (rc)
            break;
        dc_report_finding *x = &f[cnt++];
        col_copy(x->serial, sizeof x->serial, st, 0);
        x->rule = col_str(st, 1);
        x->field = col_str(st, 2);
        x->sop_step = col_str(st, 3);
        x->severity = col_str(st, 4);
        x->message_id = col_str(st, 5);
        x->message_en = col_str(st, 6);
    }
    if (!rc && s != SQLITE_DONE)
        rc = db_error(db, path, "reading findings");
    sqlite3_finalize(st);
    *out = f;
    *n = cnt;   /* on failure the caller's model frees what was read */
    return rc;
}

/* A page field's id in records (dc_record_field_id: the checklist's signatures renamed), malloc'd;
 * NULL out of memory. */
static char *record_field_id(const char *form, const char *page_field)
{
    const size_t len = strlen(page_field ? page_field : "") + sizeof "checklist_";
    char *id = page_field ? malloc(len) : NULL;
    return id ? (char *)dc_record_field_id(id, len, form, page_field) : NULL;
}

/* A daily list of fields (dc_report_pending) from `sql`, whose columns are serial, form, field id,
 * value, confidence and read_as; `what` names it in an error. */
static int load_field_list(dc_report_pending **out, size_t *n, sqlite3 *db, const char *path, const char *period,
                           const char *sql, const char *what)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(&st, db, path, sql, period);
    if (rc)
        return rc;
    size_t cap = 0;
    int s;
    for (s = sqlite3_step(st); s == SQLITE_ROW; s = sqlite3_step(st)) {
        rc = grow(out, &cap, *n, sizeof **out);
        if (rc)
            break;
        dc_report_pending *p = &(*out)[(*n)++];
        col_copy(p->serial, sizeof p->serial, st, 0);
        p->field = record_field_id((const char *)sqlite3_column_text(st, 1), (const char *)sqlite3_column_text(st, 2));
        p->value = col_str(st, 3);
        p->confidence = sqlite3_column_double(st, 4);
        p->read_as = col_str(st, 5);
        if (p->value && p->field && (strcmp(p->field, "id_number") == 0 || strcmp(p->field, "phone") == 0)) {
            /* the daily report is an everyday report: personal numbers are masked here too */
            char *masked = dc_report_mask(p->value);
            free(p->value);
            p->value = masked;
        }
    }
    if (!rc && s != SQLITE_DONE)
        rc = db_error(db, path, what);
    sqlite3_finalize(st);
    return rc;
}

#define DAILY_FIELDS_SQL(read_as, where)                                                                    \
    "SELECT r.serial, p.form, fl.field_id, fl.value, fl.confidence, " read_as                               \
    " FROM records r JOIN pages p ON p.id IN (r.access_page_id, r.checklist_page_id)"                       \
    " JOIN fields fl ON fl.page_id = p.id"                                                                  \
    " WHERE " where " AND " STACK_FILTER " ORDER BY r.serial, p.sheet_page, fl.field_id"

static int load_pending(dc_report_daily *m, sqlite3 *db, const char *path, const char *period)
{
    return load_field_list(&m->pending, &m->npending, db, path, period,
                           DAILY_FIELDS_SQL("NULL", "fl.state = 'review'"), "reading fields in review");
}

/* The day's names and institutions taken from an earlier visit (fields.basis 'same_visitor'). */
static int load_taken(dc_report_daily *m, sqlite3 *db, const char *path, const char *period)
{
    if (!has_column(db, "fields", "basis"))
        return DC_OK; /* an archive before schema 3 took none */
    return load_field_list(&m->taken, &m->ntaken, db, path, period,
                           DAILY_FIELDS_SQL("fl.read_as", "fl.basis = 'same_visitor'"),
                           "reading values taken from earlier visits");
}

/* The pages of the period's batches (batch date `period`: a day, or a month "YYYY-MM") that are no
 * visit: rejected, duplicates, and forms with nothing written (unused); and *blank_backs, how many
 * blank pages that are no form (the backs of sheets scanned duplex) they hold, counted, not listed:
 * every page is accounted for in the daily report and, for the month, in the audit report. */
static int load_pages_out(dc_report_page **out, size_t *nout, long *blank_backs, sqlite3 *db, const char *path,
                          const char *period)
{
    {
        sqlite3_stmt *st = NULL;
        int rc = prepare(&st, db, path,
                         "SELECT count(*) FROM pages p JOIN batches b ON b.id = p.batch_id"
                         " WHERE substr(b.batch_date, 1, length(?1)) = ?1 AND p.status = 'blank' AND p.form IS NULL",
                         period);
        if (rc)
            return rc;
        if (sqlite3_step(st) == SQLITE_ROW)
            *blank_backs = (long)sqlite3_column_int64(st, 0);
        else
            rc = db_error(db, path, "counting blank pages");
        sqlite3_finalize(st);
        if (rc)
            return rc;
    }
    static const char sql[] =
        "SELECT p.file, p.page, p.status, p.reason, p.serial FROM pages p JOIN batches b ON b.id = p.batch_id"
        " WHERE substr(b.batch_date, 1, length(?1)) = ?1"
        " AND (p.status IN ('rejected', 'duplicate') OR (p.status = 'blank' AND p.form IS NOT NULL))"
        /* a page rejected, then read again from the same file with other content (put right, or
         * replaced), is dealt with: what is listed is the newest reading */
        " AND NOT (p.status = 'rejected' AND EXISTS (SELECT 1 FROM pages q WHERE q.file = p.file AND q.page = p.page"
        " AND q.id > p.id))"
        " ORDER BY b.batch_date, p.file, p.page";
    sqlite3_stmt *st = NULL;
    int rc = prepare(&st, db, path, sql, period);
    if (rc)
        return rc;
    size_t cap = 0;
    int s;
    for (s = sqlite3_step(st); s == SQLITE_ROW; s = sqlite3_step(st)) {
        rc = grow(out, &cap, *nout, sizeof **out);
        if (rc)
            break;
        dc_report_page *p = &(*out)[(*nout)++];
        p->file = col_str(st, 0);
        p->page = sqlite3_column_int(st, 1);
        p->status = col_str(st, 2);
        p->reason = col_str(st, 3);
        p->serial = col_str(st, 4);
    }
    if (!rc && s != SQLITE_DONE)
        rc = db_error(db, path, "reading rejected pages");
    sqlite3_finalize(st);
    return rc;
}

/* The corrections made in `month` (by their local time, as the reports show them) to records whose visits are in another month:
 * the audit of that month, written before, does not show them, so this month's does. */
static int load_late(dc_report_audit *m, sqlite3 *db, const char *path, const char *month)
{
#define LATE_SQL(old_conf)                                                                                  \
    "SELECT c.serial, c.field, COALESCE(r.visit_date, r.batch_date), c.old, c.new, c.who, c.at, c.why, " old_conf \
    " FROM corrections c LEFT JOIN records r ON r.serial = c.serial"                                               \
    " WHERE substr(datetime(c.at, 'localtime'), 1, 7) = ?1 AND NOT (r.serial IS NOT NULL AND " PERIOD_FILTER       \
    ") ORDER BY c.id"
    sqlite3_stmt *st = NULL;
    int rc = prepare(&st, db, path,
                     has_column(db, "corrections", "old_conf") ? LATE_SQL("c.old_conf") : LATE_SQL("NULL"), month);
#undef LATE_SQL
    if (rc)
        return rc;
    size_t cap = 0;
    int s;
    for (s = sqlite3_step(st); s == SQLITE_ROW; s = sqlite3_step(st)) {
        rc = grow(&m->late, &cap, m->nlate, sizeof *m->late);
        if (rc)
            break;
        dc_report_late_correction *l = &m->late[m->nlate++];
        l->serial = col_str(st, 0);
        l->field = col_str(st, 1);
        l->visit_date = col_str(st, 2);
        l->c.old_value = col_str(st, 3);
        l->c.new_value = col_str(st, 4);
        l->c.who = col_str(st, 5);
        l->c.at = col_str(st, 6);
        l->c.why = col_str(st, 7);
        l->c.old_conf = col_conf(st, 8);
    }
    if (!rc && s != SQLITE_DONE)
        rc = db_error(db, path, "reading the month's corrections of other months");
    sqlite3_finalize(st);
    return rc;
}

/* A bound (`col`) of the first print of access forms made before print p that shares a serial with
 * it (p is a reprint, --reprint, of its serials); NULL when there is none. */
#define EARLIER_PRINT(col)                                                                                \
    "(SELECT q." col " FROM printed q WHERE q.id < p.id AND q.form IN ('set', 'access') AND"             \
    " q.first <= p.last AND q.last >= p.first ORDER BY q.id LIMIT 1)"
/* Print runs of access forms the audit shows (dc_report_print_run): printed in `month` (local
 * time, as the corrections are dated) or holding a serial of one of its records. */
#define PRINT_RUNS_SQL                                                                                    \
    "SELECT p.first, p.last, p.form, p.at, p.file, " EARLIER_PRINT("first") ", " EARLIER_PRINT("last")      \
    " FROM printed p WHERE p.form IN ('set', 'access') AND ("                                              \
    " substr(datetime(p.at, 'localtime'), 1, 7) = ?1 OR EXISTS(SELECT 1 FROM records r WHERE "            \
    PERIOD_FILTER " AND CAST(r.serial AS INTEGER) BETWEEN p.first AND p.last)) ORDER BY p.first, p.id"
/* Each serial of first..last that has pages: whether its access form made a record (a record of a
 * checklist alone is no use of the access form, whose sheet was not scanned), and whether a page of
 * it was written on (not blank: else an unused form). A serial is its number, as everywhere in the
 * archive ("93" from a QR code printed elsewhere is 000093): `where` picks the pages by the index
 * when all serials have 6 digits. */
#define RUN_SERIALS_SQL(where)                                                                           \
    "SELECT CAST(p.serial AS INTEGER) AS n, max(p.form = 'access' AND p.status = 'form' AND"              \
    " EXISTS(SELECT 1 FROM records r WHERE r.serial = p.serial)), max(p.status <> 'blank')"                \
    " FROM pages p WHERE " where " GROUP BY n ORDER BY n"
#define SERIALS_BY_INDEX "p.serial BETWEEN printf('%06d', ?1) AND printf('%06d', ?2)"
#define SERIALS_BY_NUMBER "p.serial IS NOT NULL AND CAST(p.serial AS INTEGER) BETWEEN ?1 AND ?2"

/* What became of run `r`'s serials (its first, last set); `odd`: some page's serial is not of 6
 * digits. The serials to find are those not scanned below a form of the run written on (handed
 * out after them): blank stock scanned (unused forms, the printed PDF) was not handed out. */
static int load_run_serials(dc_report_print_run *r, sqlite3 *db, const char *path, bool odd)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(&st, db, path, odd ? RUN_SERIALS_SQL(SERIALS_BY_NUMBER) : RUN_SERIALS_SQL(SERIALS_BY_INDEX),
                     NULL);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, r->first);
    sqlite3_bind_int64(st, 2, r->last);
    long scanned = 0, prev = r->first - 1;   /* the serials up to prev are counted */
    long written = r->first - 1;               /* the highest serial of a form written on */
    size_t cap = 0;
    int s;
    for (s = sqlite3_step(st); s == SQLITE_ROW && !rc; s = sqlite3_step(st)) {
        const long n = (long)sqlite3_column_int64(st, 0);
        if (n > prev + 1) {   /* prev+1..n-1 not scanned, below n, which is */
            if (!(rc = grow(&r->missing, &cap, r->nmissing, sizeof *r->missing))) {
                r->missing[r->nmissing++] = (dc_serial_span){prev + 1, n - 1};
                r->nmissing_serials += n - 1 - prev;
            }
        }
        const bool written_on = sqlite3_column_int(st, 2);
        /* unused: nothing written on any page of it (a blank access form with its checklist written
         * on made a record, access_form_missing: it was counted unused) */
        if (sqlite3_column_int(st, 1))
            r->visits++;
        else if (written_on)
            r->other++;
        else
            r->unused++;
        if (written_on)
            written = n;
        scanned++;
        prev = n;
    }
    if (!rc && s != SQLITE_DONE)
        rc = db_error(db, path, "reading the serials of a print run");
    sqlite3_finalize(st);
    while (r->nmissing && r->missing[r->nmissing - 1].first > written) {   /* above the last form written on */
        r->nmissing--;
        r->nmissing_serials -= r->missing[r->nmissing].last - r->missing[r->nmissing].first + 1;
    }
    r->not_scanned = r->last - r->first + 1 - scanned;
    return rc;
}

/* The month's print runs of access forms, what became of their serials, and the month's records
 * whose serial none holds. An archive before schema 6, or one no print is recorded in (its forms
 * printed by another archive or an older dcaccess), has none: m->prints_kept false. */
static int load_prints(dc_report_audit *m, sqlite3 *db, const char *path, const char *month)
{
    if (!has_column(db, "printed", "first"))
        return DC_OK;
    sqlite3_stmt *st = NULL;
    int rc = prepare(&st, db, path, "SELECT EXISTS(SELECT 1 FROM printed WHERE form IN ('set', 'access'))", NULL);
    if (rc)
        return rc;
    m->prints_kept = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (!m->prints_kept)
        return DC_OK;
    if ((rc = prepare(&st, db, path, PRINT_RUNS_SQL, month)))
        return rc;
    size_t cap = 0;
    int s;
    for (s = sqlite3_step(st); s == SQLITE_ROW && !rc; s = sqlite3_step(st)) {
        if ((rc = grow(&m->prints, &cap, m->nprints, sizeof *m->prints)))
            break;
        dc_report_print_run *r = &m->prints[m->nprints++];
        *r = (dc_report_print_run){.first = (long)sqlite3_column_int64(st, 0), .last = (long)sqlite3_column_int64(st, 1),
                                   .form = col_str(st, 2), .at = col_str(st, 3), .file = col_str(st, 4),
                                   .reprint_of_first = (long)sqlite3_column_int64(st, 5),
                                   .reprint_of_last = (long)sqlite3_column_int64(st, 6)};
    }
    if (!rc && s != SQLITE_DONE)
        rc = db_error(db, path, "reading the print runs");
    sqlite3_finalize(st);
    bool odd = false;   /* a serial not of 6 digits: the pages are found by number, not by the index */
    if (!rc && m->nprints && !(rc = prepare(&st, db, path,
                                            "SELECT EXISTS(SELECT 1 FROM pages WHERE serial IS NOT NULL AND "
                                            "(length(serial) <> 6 OR serial GLOB '*[^0-9]*'))", NULL))) {
        odd = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    for (size_t i = 0; i < m->nprints && !rc; i++)
        rc = load_run_serials(&m->prints[i], db, path, odd);
    if (rc)
        return rc;
    /* a serial a print of checklists holds was printed by this archive, on a checklist: a list of its own */
    rc = prepare(&st, db, path,
                 "SELECT r.serial, EXISTS(SELECT 1 FROM printed p WHERE p.form = 'checklist' AND"
                 " CAST(r.serial AS INTEGER) BETWEEN p.first AND p.last) FROM records r WHERE " PERIOD_FILTER
                 " AND NOT EXISTS(SELECT 1 FROM printed p WHERE p.form IN ('set', 'access') AND"
                 " CAST(r.serial AS INTEGER) BETWEEN p.first AND p.last) ORDER BY r.serial",
                 month);
    if (rc)
        return rc;
    size_t cap_checklist = 0;
    cap = 0;
    for (s = sqlite3_step(st); s == SQLITE_ROW && !rc; s = sqlite3_step(st)) {
        const bool checklist = sqlite3_column_int(st, 1) != 0;
        char ***v = checklist ? &m->checklist_only : &m->unprinted;
        size_t *n = checklist ? &m->nchecklist_only : &m->nunprinted;
        if (!(rc = grow(v, checklist ? &cap_checklist : &cap, *n, sizeof **v)) && !((*v)[*n] = col_str(st, 0)))
            rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
        if (!rc)
            (*n)++;
    }
    if (!rc && s != SQLITE_DONE)
        rc = db_error(db, path, "reading the serials no print run holds");
    sqlite3_finalize(st);
    if (rc)
        return rc;
    /* a visit dated before its form was printed (by the local dates): the first print holding it */
    rc = prepare(&st, db, path,
                 "SELECT r.serial, r.visit_date, date(min(p.at), 'localtime') FROM records r JOIN printed p ON"
                 " p.form IN ('set', 'access') AND CAST(r.serial AS INTEGER) BETWEEN p.first AND p.last"
                 " WHERE " PERIOD_FILTER " AND r.visit_date IS NOT NULL GROUP BY r.serial"
                 " HAVING r.visit_date < date(min(p.at), 'localtime') ORDER BY r.serial",
                 month);
    if (rc)
        return rc;
    cap = 0;
    for (s = sqlite3_step(st); s == SQLITE_ROW && !rc; s = sqlite3_step(st)) {
        if ((rc = grow(&m->early, &cap, m->nearly, sizeof *m->early)))
            break;
        dc_report_early_visit *e = &m->early[m->nearly++];
        col_copy(e->serial, sizeof e->serial, st, 0);
        col_copy(e->visit_date, sizeof e->visit_date, st, 1);
        col_copy(e->printed, sizeof e->printed, st, 2);
    }
    if (!rc && s != SQLITE_DONE)
        rc = db_error(db, path, "reading the visits dated before their form was printed");
    sqlite3_finalize(st);
    return rc;
}

static const dc_report_load_opts default_opts = DC_REPORT_LOAD_OPTS_INIT;

int dc_report_daily_load(dc_report_daily **out, sqlite3 *db, const char *archive_path, const char *date,
                         const dc_report_load_opts *opts)
{
    *out = NULL;
    const dc_report_load_opts *o = opts ? opts : &default_opts;
    int rc = dc_report_period_parse(DC_REPORT_DAILY, date, NULL, NULL, NULL);
    if (rc)
        return rc;
    dc_report_daily *m = calloc(1, sizeof *m);
    if (!m)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    rc = meta_init(&m->meta, archive_path, date, o);
    if (rc)
        goto fail;
    rc = load_visits(&m->visits, &m->nvisits, db, archive_path, date);
    if (rc)
        goto fail;
    for (size_t i = 0; i < m->nvisits; i++) {
        rc = mask_visit(&m->visits[i]);
        if (rc)
            goto fail;
    }
    rc = load_visits_by(&m->other_dated, &m->nother_dated, db, archive_path, other_dated_sql, date);
    for (size_t i = 0; !rc && i < m->nother_dated; i++)
        rc = mask_visit(&m->other_dated[i]);
    if (rc)
        goto fail;
    rc = load_findings(&m->findings, &m->nfindings, db, archive_path, date, NULL);
    if (rc)
        goto fail;
    rc = load_pending(m, db, archive_path, date);
    if (rc)
        goto fail;
    rc = load_pages_out(&m->rejected, &m->nrejected, &m->blank_backs, db, archive_path, date);
    if (rc)
        goto fail;
    rc = load_taken(m, db, archive_path, date);
    if (rc)
        goto fail;
    *out = m;
    return DC_OK;
fail:
    dc_report_daily_free(m);
    return rc;
}

/* ---- monthly ---- */

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_count_desc(const void *a, const void *b)
{
    const dc_report_count *x = a, *y = b;
    if (x->n != y->n)
        return (y->n > x->n) - (y->n < x->n);
    return strcmp(x->key ? x->key : "", y->key ? y->key : "");
}

/* Groups `keys` (n strings, NULL skipped) into counts, most first. */
static int count_keys(dc_report_count **out, size_t *nout, char **keys, size_t n)
{
    *out = NULL;
    *nout = 0;
    char **sorted = malloc((n ? n : 1) * sizeof *sorted);
    if (!sorted)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (keys[i])
            sorted[k++] = keys[i];
    qsort(sorted, k, sizeof *sorted, cmp_str);
    dc_report_count *c = calloc(k ? k : 1, sizeof *c);
    if (!c) {
        free(sorted);
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    }
    size_t nc = 0;
    for (size_t i = 0; i < k; i++) {
        if (nc && strcmp(c[nc - 1].key, sorted[i]) == 0) {
            c[nc - 1].n++;
            continue;
        }
        c[nc].key = dc_strdup(sorted[i]);
        c[nc].n = 1;
        if (!c[nc].key) {
            for (size_t j = 0; j < nc; j++)
                free(c[j].key);
            free(c);
            free(sorted);
            return dc_error_set(DC_ERR_NOMEM, "out of memory");
        }
        nc++;
    }
    free(sorted);
    qsort(c, nc, sizeof *c, cmp_count_desc);
    *out = c;
    *nout = nc;
    return DC_OK;
}

static int count_query(dc_report_count **out, size_t *nout, sqlite3 *db, const char *path, const char *sql,
                       const char *period)
{
    *out = NULL;
    *nout = 0;
    sqlite3_stmt *st = NULL;
    int rc = prepare(&st, db, path, sql, period);
    if (rc)
        return rc;
    size_t cap = 0;
    int s;
    for (s = sqlite3_step(st); s == SQLITE_ROW; s = sqlite3_step(st)) {
        rc = grow(out, &cap, *nout, sizeof **out);
        if (rc)
            break;
        (*out)[*nout].key = col_str(st, 0);
        (*out)[*nout].n = (long)sqlite3_column_int64(st, 1);
        (*nout)++;
    }
    if (!rc && s != SQLITE_DONE)
        rc = db_error(db, path, "reading counts");
    sqlite3_finalize(st);
    return rc;
}

static int scalar_query(long *out, sqlite3 *db, const char *path, const char *sql, const char *period)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(&st, db, path, sql, period);
    if (rc)
        return rc;
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW)
        *out = (long)sqlite3_column_int64(st, 0);
    else
        rc = db_error(db, path, "reading a total");
    sqlite3_finalize(st);
    return rc;
}

static const char *const purpose_order[] = {"maintenance", "hosting", "management", "other"};

static int monthly_figures(dc_report_monthly *m)
{
    size_t n = m->nvisits_list;
    int *dur = malloc((n ? n : 1) * sizeof *dur);
    char **ids = calloc(n ? n : 1, sizeof *ids);
    char **inst = calloc(n ? n : 1, sizeof *inst);
    int rc = DC_OK;
    if (!dur || !ids || !inst) {
        rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
        goto done;
    }
    m->nper_purpose = 6;   /* the last, "several", is dropped below when no visit has it */
    m->per_purpose = calloc(m->nper_purpose, sizeof *m->per_purpose);
    if (!m->per_purpose) {
        m->nper_purpose = 0;
        rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < 4; i++)
        m->per_purpose[i].key = dc_strdup(purpose_order[i]);
    m->per_purpose[4].key = NULL;   /* not filled in, or not yet read */
    m->per_purpose[5].key = dc_strdup("several");   /* more than one box ticked, as a person confirmed */
    size_t nd = 0;
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        const dc_report_visit *v = &m->visits_list[i];
        m->visits++;
        int y = 0, mo = 0, d = 0;
        const char *day = v->date[0] ? v->date : v->batch_date;   /* as the period filter does */
        if (sscanf(day, "%d-%d-%d", &y, &mo, &d) == 3 && y == m->year && mo == m->month && d >= 1 && d <= m->ndays)
            m->per_day[d - 1]++;
        if (v->entry_min >= 0)
            m->per_hour[v->entry_min / 60]++;
        else
            m->no_entry_time++;
        size_t p = v->purpose && strchr(v->purpose, '+') ? 5 : 4;
        for (size_t k = 0; k < 4 && v->purpose; k++)
            if (strcmp(v->purpose, purpose_order[k]) == 0)
                p = k;
        m->per_purpose[p].n++;
        if (v->decision && strcmp(v->decision, "granted") == 0)
            m->granted++;
        else if (v->decision && strcmp(v->decision, "refused") == 0)
            m->refused++;
        else
            m->no_decision++;   /* neither or both ticked, or in review */
        if (v->duration_min >= 0) {
            dur[nd++] = v->duration_min;
            sum += v->duration_min;
            if (v->duration_min > m->limit_min)
                m->over_limit++;
        }
        if (v->nfindings > 0)
            m->records_with_findings++;
        if (v->needs_review)
            m->pending_review++;
        /* a rule that reads a field still in review waits for it, so a record in review without a
         * finding may still get one: it is neither compliant nor not until it is checked */
        if (!(v->needs_review && v->nfindings == 0))
            m->compliance_base++;
        m->devices_in += v->devices_in;
        m->devices_out += v->devices_out;
        /* a visit whose ID number is not read (in review, not written, or only the device checklist
         * scanned) is not known to be someone else: counted apart, not as one more unique visitor
         * (counting it by name made a returning visitor whose number waited for review a second
         * person: 50 "unique" of 36 people in a helper's unreviewed week) */
        if (v->id_number)
            ids[i] = dc_asprintf("id:%s", v->id_number);
        else
            m->unidentified++;
        if (v->id_number && !ids[i]) {
            rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
            goto done;
        }
        inst[i] = v->institution && *v->institution ? v->institution : NULL;
        if (!inst[i])
            m->no_institution++;
    }
    if (m->per_purpose[5].n == 0) {
        free(m->per_purpose[5].key);
        m->per_purpose[5].key = NULL;
        m->nper_purpose = 5;
    }
    m->durations_n = (long)nd;
    if (nd) {
        qsort(dur, nd, sizeof *dur, cmp_int);
        m->duration_mean = sum / (double)nd;
        m->duration_median = nd % 2 ? dur[nd / 2] : (dur[nd / 2 - 1] + dur[nd / 2]) / 2.0;
        m->duration_max = dur[nd - 1];
    }
    m->compliance_rate = m->compliance_base
                             ? (double)(m->compliance_base - m->records_with_findings) / (double)m->compliance_base
                             : 0.0;
    dc_report_count *uniq = NULL;
    size_t nuniq = 0;
    rc = count_keys(&uniq, &nuniq, ids, n);
    if (rc)
        goto done;
    m->unique_visitors = (long)nuniq;
    for (size_t i = 0; i < nuniq; i++)
        free(uniq[i].key);
    free(uniq);
    rc = count_keys(&m->top_institutions, &m->ntop_institutions, inst, n);
    if (rc)
        goto done;
    for (size_t i = 10; i < m->ntop_institutions; i++) {   /* summed on a row of their own */
        m->other_institutions++;
        m->other_institution_visits += m->top_institutions[i].n;
        free(m->top_institutions[i].key);
    }
    if (m->ntop_institutions > 10)
        m->ntop_institutions = 10;
done:
    if (ids)
        for (size_t i = 0; i < n; i++)
            free(ids[i]);
    free(ids);
    free(inst);
    free(dur);
    return rc;
}

int dc_report_monthly_load(dc_report_monthly **out, sqlite3 *db, const char *archive_path, const char *month,
                           const dc_report_load_opts *opts)
{
    *out = NULL;
    const dc_report_load_opts *o = opts ? opts : &default_opts;
    int year = 0, mon = 0;
    int rc = dc_report_period_parse(DC_REPORT_MONTHLY, month, &year, &mon, NULL);
    if (rc)
        return rc;
    dc_report_monthly *m = calloc(1, sizeof *m);
    if (!m)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    m->year = year;
    m->month = mon;
    m->ndays = dc_days_in_month(year, mon);
    m->limit_min = o->visit_limit_min > 0 ? o->visit_limit_min : 60;
    rc = meta_init(&m->meta, archive_path, month, o);
    if (rc)
        goto fail;
    m->signatory_name = dc_strdup(o->signatory_name);
    m->signatory_nip = dc_strdup(o->signatory_nip);
    if ((o->signatory_name && !m->signatory_name) || (o->signatory_nip && !m->signatory_nip)) {
        rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
        goto fail;
    }
    rc = load_visits(&m->visits_list, &m->nvisits_list, db, archive_path, month);
    if (rc)
        goto fail;
    rc = monthly_figures(m);
    if (rc)
        goto fail;
    for (size_t i = 0; i < m->nvisits_list; i++) {
        rc = mask_visit(&m->visits_list[i]);
        if (rc)
            goto fail;
    }
    if (o->rules_text) {
        m->rules_text = dc_strdup(o->rules_text);
        if (!m->rules_text) {
            rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
            goto fail;
        }
    }
    if (o->rules_stamp) {
        m->rules_engine = dc_rules_stamp_engine(o->rules_stamp);
        rc = other_rules(&m->other_rules, db, archive_path, month, o->rules_stamp);
        if (rc)
            goto fail;
    }
    rc = count_query(&m->per_rule, &m->nper_rule, db, archive_path,
                     "SELECT f.rule, count(*) AS n FROM findings f JOIN records r ON r.serial = f.serial"
                     " WHERE " PERIOD_FILTER " GROUP BY f.rule ORDER BY n DESC, f.rule", month);
    if (rc)
        goto fail;
    rc = count_query(&m->per_step, &m->nper_step, db, archive_path,
                     "SELECT f.sop_step, count(*) FROM findings f JOIN records r ON r.serial = f.serial"
                     " WHERE " PERIOD_FILTER " GROUP BY f.sop_step ORDER BY f.sop_step", month);
    if (rc)
        goto fail;
    rc = scalar_query(&m->pending_fields, db, archive_path,
                      "SELECT count(*) FROM records r JOIN pages p ON p.id IN (r.access_page_id, r.checklist_page_id)"
                      " JOIN fields fl ON fl.page_id = p.id WHERE fl.state = 'review' AND " PERIOD_FILTER, month);
    if (rc)
        goto fail;
    *out = m;
    return DC_OK;
fail:
    dc_report_monthly_free(m);
    return rc;
}

/* ---- audit ---- */

/* Record r's source pages (r->visit.serial's), with their thumbnails when `thumbs`. */
static int load_sources(dc_report_record *r, sqlite3 *db, const char *path, bool thumbs)
{
#define SOURCES_SQL(thumb)                                                                                    \
    "SELECT p.form, p.file, p.page, p.file_sha256, " thumb ", b.batch_date, p.template_version FROM records r" \
    " JOIN pages p ON p.id IN (r.access_page_id, r.checklist_page_id)"                                         \
    " LEFT JOIN batches b ON b.id = p.batch_id"                                                                \
    " WHERE r.serial = ?1 ORDER BY p.sheet_page, p.id LIMIT 2"
    sqlite3_stmt *st = NULL;
    int rc = prepare(&st, db, path, thumbs ? SOURCES_SQL("p.thumb") : SOURCES_SQL("NULL"), r->visit.serial);
#undef SOURCES_SQL
    if (rc)
        return rc;
    int s;
    for (s = sqlite3_step(st); s == SQLITE_ROW && r->nsources < 2; s = sqlite3_step(st)) {
        dc_report_source *src = &r->sources[r->nsources++];
        src->form = col_str(st, 0);
        src->file = col_str(st, 1);
        src->page = sqlite3_column_int(st, 2);
        col_copy(src->sha256, sizeof src->sha256, st, 3);
        col_copy(src->batch_date, sizeof src->batch_date, st, 5);
        src->template_version = sqlite3_column_int(st, 6);
        int len = sqlite3_column_bytes(st, 4);
        const void *blob = sqlite3_column_blob(st, 4);
        if (blob && len > 0) {
            src->thumb_png = malloc((size_t)len);
            if (!src->thumb_png) {
                rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
                break;
            }
            memcpy(src->thumb_png, blob, (size_t)len);
            src->thumb_len = (size_t)len;
        }
    }
    if (!rc && s != SQLITE_DONE && s != SQLITE_ROW)
        rc = db_error(db, path, "reading source pages");
    sqlite3_finalize(st);
    return rc;
}

static int cmp_field(const void *a, const void *b)
{
    return strcmp(((const dc_report_field *)a)->id, ((const dc_report_field *)b)->id);
}

/* What an older archive, read as it is, lacks: looked up once per report, not once per record. */
typedef struct schema_has {
    bool basis;      /* schema 3: why the scanner accepted each value (fields.basis), and what it read
                      * when it stored another value (fields.read_as) */
    bool rules;      /* schema 6: records.rules */
    bool old_conf;   /* schema 9: corrections.old_conf */
} schema_has;

static schema_has schema_of(sqlite3 *db)
{
    return (schema_has){has_column(db, "fields", "basis"), has_column(db, "records", "rules"),
                        has_column(db, "corrections", "old_conf")};
}

static int load_fields(dc_report_record *r, sqlite3 *db, const char *path, const schema_has *has)
{
#define FIELDS_SQL(basis)                                                                                 \
    "SELECT p.form, fl.field_id, fl.value, fl.confidence, fl.state, " basis " FROM records r"             \
    " JOIN pages p ON p.id IN (r.access_page_id, r.checklist_page_id)"                                    \
    " JOIN fields fl ON fl.page_id = p.id WHERE r.serial = ?1"
    sqlite3_stmt *st = NULL;
    int rc = prepare(&st, db, path, has->basis ? FIELDS_SQL("fl.basis, fl.read_as") : FIELDS_SQL("NULL, NULL"), r->visit.serial);
#undef FIELDS_SQL
    if (rc)
        return rc;
    size_t cap = 0;
    int s;
    for (s = sqlite3_step(st); s == SQLITE_ROW; s = sqlite3_step(st)) {
        rc = grow(&r->fields, &cap, r->nfields, sizeof *r->fields);
        if (rc)
            break;
        dc_report_field *f = &r->fields[r->nfields];
        f->id = record_field_id((const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1));
        if (!f->id) {
            rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
            break;
        }
        r->nfields++;
        f->value = col_str(st, 2);
        f->confidence = sqlite3_column_double(st, 3);
        f->state = col_str(st, 4);
        f->basis = col_str(st, 5);
        f->read_as = col_str(st, 6);
    }
    if (!rc && s != SQLITE_DONE)
        rc = db_error(db, path, "reading fields");
    sqlite3_finalize(st);
    /* the batch date and the rules a record was checked with are no fields of a page, but
     * `dcaccess batch-date` corrects the one like a field, and checking a record again under other
     * rules records a correction of the other: each is shown as a field ("batch_date", "rules")
     * when it was corrected, with its corrections */
    static const char *const pseudo[][2] = {
        {"batch_date", "SELECT count(*), batch_date FROM records WHERE serial = ?1 AND EXISTS"
                       " (SELECT 1 FROM corrections WHERE serial = ?1 AND field = 'batch_date')"},
        {"rules", "SELECT count(*), rules FROM records WHERE serial = ?1 AND EXISTS"
                  " (SELECT 1 FROM corrections WHERE serial = ?1 AND field = 'rules')"},
    };
    for (size_t k = 0; k < sizeof pseudo / sizeof pseudo[0] && !rc; k++) {
        if (k == 1 && !has->rules)
            break;   /* before schema 6: no record was checked again under other rules */
        rc = prepare(&st, db, path, pseudo[k][1], r->visit.serial);
        if (!rc && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0 &&
            !(rc = grow(&r->fields, &cap, r->nfields, sizeof *r->fields))) {
            dc_report_field *f = &r->fields[r->nfields++];
            f->id = dc_strdup(pseudo[k][0]);
            f->value = col_str(st, 1);
            f->confidence = 1.0;
            f->state = dc_strdup("corrected");
            if (!f->id || !f->value || !f->state)
                rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
        }
        sqlite3_finalize(st);
    }
    if (rc)
        return rc;
    qsort(r->fields, r->nfields, sizeof *r->fields, cmp_field);

    /* Correction history, oldest first, attached to its field. */
    rc = prepare(&st, db, path,
                 has->old_conf
                     ? "SELECT field, old, new, who, at, why, old_conf, old_state FROM corrections WHERE serial = ?1 "
                       "ORDER BY id"
                     : "SELECT field, old, new, who, at, why, NULL, old_state FROM corrections WHERE serial = ?1 "
                       "ORDER BY id",
                 r->visit.serial);
    if (rc)
        return rc;
    for (s = sqlite3_step(st); s == SQLITE_ROW; s = sqlite3_step(st)) {
        const char *fid = (const char *)sqlite3_column_text(st, 0);
        dc_report_field key = {.id = (char *)(fid ? fid : "")};
        dc_report_field *f = bsearch(&key, r->fields, r->nfields, sizeof *r->fields, cmp_field);
        if (!f)
            continue;   /* a correction of a field no longer on the record's pages: the chain check covers it */
        dc_report_correction *c = realloc(f->corrections, (f->ncorrections + 1) * sizeof *c);
        if (!c) {
            rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
            break;
        }
        f->corrections = c;
        c = &c[f->ncorrections++];
        c->old_value = col_str(st, 1);
        c->new_value = col_str(st, 2);
        c->who = col_str(st, 3);
        c->at = col_str(st, 4);
        c->why = col_str(st, 5);
        c->old_conf = col_conf(st, 6);
        c->old_state = col_str(st, 7);
    }
    if (!rc && s != SQLITE_DONE)
        rc = db_error(db, path, "reading corrections");
    sqlite3_finalize(st);
    return rc;
}

/* Field `f` of template `t` as that form labels it, in both languages (dc_report_field_label_set):
 * its own label, or for a cell of the device table its row and its column's heading (the column
 * whose key ends its id, "device_3_in": "in"); a checklist's signature (`renamed`) with the form's
 * name. A cell whose id names no column (a template made by hand) keeps its id: the key was taken
 * from past "device_" in any id, and read past the end of a shorter one. */
static int set_labels(dc_report_field *out, const dc_template *t, const dc_field *f, bool renamed)
{
    if (f->row <= 0)
        return dc_report_field_label_set(out, f->label.id, f->label.en, 0, renamed ? t->form : NULL);
    const size_t n = strlen(f->id);
    const dc_table_column *col = NULL;   /* the longest key: "out" does not take "..._check_out" */
    for (size_t c = 0; c < t->table.ncolumns; c++) {
        const char *key = t->table.columns[c].key;
        const size_t k = strlen(key);
        if (n > k && f->id[n - k - 1] == '_' && strcmp(f->id + n - k, key) == 0 && (!col || k > strlen(col->key)))
            col = &t->table.columns[c];
    }
    return col ? dc_report_field_label_set(out, col->id, col->en, f->row, NULL) : DC_OK;
}

/* Where field `id` of a record is on paper: the index of its page among the record's sources (the
 * access form, then the checklist) times 10,000 plus its place in that page's template (the
 * templates list a form's fields in the order it prints them, the device table row by row); -1
 * when no template of the record's pages names it (batch_date, rules, a template not installed).
 * Gives it the labels of that template (set_labels) when `label`. */
static long paper_rank(const dc_report_record *r, const dc_template_set *ts, const char *id, dc_report_field *label,
                       int *rc)
{
    for (size_t k = 0; k < r->nsources && ts; k++) {
        const dc_report_source *src = &r->sources[k];
        const dc_template *t = src->template_version > 0 ? dc_template_set_find(ts, src->form, src->template_version)
                                                         : dc_template_set_latest(ts, src->form);
        /* record_field_id renames the checklist's signatures: "checklist_visitor_signature" is the
         * checklist's, and a plain "visitor_signature" the access form's alone, also when the access
         * form's template (its version) is not here, where the checklist's template has one of that
         * name (it was labelled and placed as the checklist's) */
        const bool renamed = strncmp(id, "checklist_", 10) == 0;
        const char *page_id = renamed ? id + 10 : id;
        const dc_field *f = t ? dc_template_field(t, page_id) : NULL;
        char named[128];
        if (f && (strlen(id) >= sizeof named ||
                  strcmp(dc_record_field_id(named, sizeof named, src->form, page_id), id) != 0))
            f = NULL;
        if (f && label)
            *rc = set_labels(label, t, f, renamed);
        if (f)
            return (long)k * 10000 + (long)(f - t->fields);
    }
    return -1;
}

typedef struct ranked_field {
    long rank;
    dc_report_field f;
} ranked_field;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked_field *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < 0 ? 1 : y->rank < 0 ? -1 : x->rank < y->rank ? -1 : 1;
    return strcmp(x->f.id, y->f.id);
}

/* Labels field f of record r as the template of its page prints it (paper_rank), else as the
 * reports name the batch date and the rules (dc_report_field_label_set); returns its paper_rank. */
static long label_field(const dc_report_record *r, const dc_template_set *ts, dc_report_field *f, int *rc)
{
    const long rank = paper_rank(r, ts, f->id, f, rc);
    if (*rc == DC_OK && rank < 0)
        *rc = dc_report_field_label_set(f, NULL, NULL, 0, NULL);   /* batch_date, rules */
    return rank;
}

/* Labels the fields of the month's corrections of other months' records (m->late) as the audit's
 * records are labelled: by the templates their record's pages were read with, or by the latest
 * templates when the record is gone. */
static int label_late(dc_report_audit *m, sqlite3 *db, const char *path, const dc_template_set *ts)
{
    static char access[] = "access", checklist[] = "checklist";
    const dc_report_record latest = {.sources = {{.form = access}, {.form = checklist}}, .nsources = 2};
    int rc = DC_OK;
    for (size_t i = 0; i < m->nlate && rc == DC_OK; i++) {
        dc_report_late_correction *l = &m->late[i];
        dc_report_record r = {0};
        snprintf(r.visit.serial, sizeof r.visit.serial, "%s", l->serial ? l->serial : "");
        rc = load_sources(&r, db, path, false);
        dc_report_field f = {.id = l->field};
        if (rc == DC_OK && f.id)
            label_field(r.nsources ? &r : &latest, ts, &f, &rc);
        l->label[0] = f.label[0];
        l->label[1] = f.label[1];
        for (size_t k = 0; k < r.nsources; k++) {
            free(r.sources[k].form);
            free(r.sources[k].file);
        }
    }
    return rc;
}

/* Labels a record's fields as its paper forms do (set_labels; the batch date and rules of a
 * record checked again as the reports name them) and puts them in the order the forms show them,
 * then those no template names by id: an auditor reads the record beside its sheets (by id,
 * device_5_out came between device_5_name and device_5_remarks, and exit_time between escort_name
 * and id_number). Left unlabelled and by id when no template is there; by id when out of memory. */
static int order_as_on_paper(dc_report_record *r, const dc_template_set *ts)
{
    int rc = DC_OK;
    ranked_field *v = r->nfields > 1 ? malloc(r->nfields * sizeof *v) : NULL;
    for (size_t i = 0; i < r->nfields && rc == DC_OK; i++) {
        dc_report_field *f = &r->fields[i];
        const long rank = label_field(r, ts, f, &rc);
        if (v)
            v[i] = (ranked_field){rank, *f};
    }
    if (v && rc == DC_OK) {
        qsort(v, r->nfields, sizeof *v, cmp_ranked);
        for (size_t i = 0; i < r->nfields; i++)
            r->fields[i] = v[i].f;
    }
    free(v);
    return rc;
}

int dc_report_audit_load(dc_report_audit **out, sqlite3 *db, const char *archive_path, const char *month,
                         const dc_report_load_opts *opts)
{
    *out = NULL;
    const dc_report_load_opts *o = opts ? opts : &default_opts;
    int rc = dc_report_period_parse(DC_REPORT_AUDIT, month, NULL, NULL, NULL);
    if (rc)
        return rc;
    dc_report_audit *m = calloc(1, sizeof *m);
    if (!m)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    dc_report_visit *v = NULL;
    size_t nv = 0;
    rc = meta_init(&m->meta, archive_path, month, o);
    if (rc)
        goto fail;
    rc = load_visits(&v, &nv, db, archive_path, month);
    if (rc)
        goto fail;
    m->records = calloc(nv ? nv : 1, sizeof *m->records);
    if (!m->records) {
        visits_free(v, nv);
        rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
        goto fail;
    }
    /* The visits move into the records (strings and all). */
    for (size_t i = 0; i < nv; i++)
        m->records[i].visit = v[i];
    m->nrecords = nv;
    free(v);
    sqlite3_stmt *st = NULL;
    const schema_has has = schema_of(db);
    dc_template_set *ts = NULL;
    if (dc_template_set_load(&ts, NULL) != DC_OK)
        dc_error_clear();   /* no templates here: the fields stay in the order of their ids */
    for (size_t i = 0; i < m->nrecords; i++) {
        dc_report_record *r = &m->records[i];
        rc = prepare(&st, db, archive_path, "SELECT batch_date FROM records WHERE serial = ?1", r->visit.serial);
        if (rc)
            break;
        if (sqlite3_step(st) == SQLITE_ROW)
            col_copy(r->batch_date, sizeof r->batch_date, st, 0);
        sqlite3_finalize(st);
        rc = load_sources(r, db, archive_path, true);
        if (rc)
            break;
        rc = load_fields(r, db, archive_path, &has);
        if (rc)
            break;
        rc = order_as_on_paper(r, ts);
        if (rc)
            break;
        rc = load_findings(&r->findings, &r->nfindings, db, archive_path, NULL, r->visit.serial);
        if (rc)
            break;
    }
    if (!rc)
        rc = load_pages_out(&m->pages_out, &m->npages_out, &m->blank_backs, db, archive_path, month);
    if (!rc)
        rc = load_late(m, db, archive_path, month);
    if (!rc)
        rc = label_late(m, db, archive_path, ts);
    dc_template_set_free(ts);
    if (!rc)
        rc = load_prints(m, db, archive_path, month);
    if (rc)
        goto fail;
    *out = m;
    return DC_OK;
fail:
    dc_report_audit_free(m);
    return rc;
}

int dc_report_audit_set_chain(dc_report_audit *m, const dc_archive_problems *p)
{
    for (size_t i = 0; i < m->nproblems; i++)
        free(m->problems[i]);
    free(m->problems);
    m->problems = NULL;
    m->nproblems = 0;
    if (p->n) {
        m->problems = calloc(p->n, sizeof *m->problems);
        if (!m->problems)
            return dc_error_set(DC_ERR_NOMEM, "out of memory");
        for (size_t i = 0; i < p->n; i++) {
            m->problems[i] = dc_strdup(p->items[i]);
            if (!m->problems[i])
                return dc_error_set(DC_ERR_NOMEM, "out of memory");
            m->nproblems++;
        }
    }
    m->chain_checked = true;
    m->chain_ok = p->n == 0;
    m->chain_entries = p->chain_entries;
    m->chain_records = p->records;
    m->chain_corrections = p->corrections;
    m->chain_files = p->source_files;
    snprintf(m->head_hash, sizeof m->head_hash, "%s", p->head_hash);
    return DC_OK;
}
