/* test_archive: the SQLite archive (dc_archive.h): ingest, idempotence, duplicates, records,
 * corrections, pending, and verification against tampering. Page results are built here. */
#include "dc_archive.h"
#include "dc_error.h"
#include "dc_page.h"
#include "dc_testutil.h"
#include "dc_util.h"

#include <check.h>
#include <sqlite3.h>
#include <ctype.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char *dir;
static char *db_path;
static dc_rules rules;

static void setup(void)
{
    dir = dc_test_tmpdir("archive");
    ck_assert_ptr_nonnull(dir);
    db_path = dc_asprintf("%s/test.db", dir);
    dc_rules_default(&rules);
}

static void teardown(void)
{
    dc_test_rmtree(dir);
    free(dir);
    free(db_path);
}

/* A source "scan" file with unique content; returns its path (caller frees) and its hash. */
static char *source_file(const char *name, char sha[65])
{
    char *path = dc_test_write(dir, name, name);
    ck_assert_int_eq(dc_sha256_file_hex(path, sha), DC_OK);
    return path;
}

/* Fills a form page result. kv: id, value, state ("a" accepted, "r" review, "e" empty) triples. */
static void form_page(dc_page_result *p, const char *file, const char *sha, int page, const char *form,
                      const char *serial, const char *const *kv, size_t nkv)
{
    memset(p, 0, sizeof *p);
    p->file = dc_strdup(file);
    p->page = page;
    snprintf(p->file_sha256, sizeof p->file_sha256, "%s", sha);
    snprintf(p->image_sha256, sizeof p->image_sha256, "img-%s-%s", form, serial);
    p->status = DC_PAGE_FORM;
    snprintf(p->form, sizeof p->form, "%s", form);
    p->template_version = 1;
    snprintf(p->serial, sizeof p->serial, "%s", serial);
    p->sheet_page = strcmp(form, "access") == 0 ? 1 : 2;
    p->dpi = 300;
    p->nfields = nkv / 3;
    p->fields = calloc(p->nfields, sizeof *p->fields);
    for (size_t i = 0; i < p->nfields; i++) {
        dc_field_value *f = &p->fields[i];
        f->id = dc_strdup(kv[3 * i]);
        const char *st = kv[3 * i + 2];
        f->state = st[0] == 'r' ? DC_STATE_REVIEW : st[0] == 'e' ? DC_STATE_EMPTY : DC_STATE_ACCEPTED;
        f->value = f->state == DC_STATE_EMPTY ? NULL : dc_strdup(kv[3 * i + 1]);
        f->confidence = f->state == DC_STATE_REVIEW ? 0.4 : 0.98;
        if (f->state == DC_STATE_REVIEW) {
            f->crop_png = (unsigned char *)dc_strdup("\x89PNG-fake");
            f->crop_png_len = 8;
        }
    }
}

/* Fills a page result the scanner rejected, for `reason`. */
static void rejected_page(dc_page_result *p, const char *file, const char *sha, int page, const char *reason)
{
    memset(p, 0, sizeof *p);
    p->file = dc_strdup(file);
    p->page = page;
    snprintf(p->file_sha256, sizeof p->file_sha256, "%s", sha);
    p->status = DC_PAGE_REJECTED;
    p->reason = dc_strdup(reason);
}

/* A granted visit, entry 09:45, exit `exit_time`, brings_devices `devices`. */
static const char *visit_kv[] = {
    "visit_date", "2026-11-02", "a",     "visitor_name", "Budi Santoso", "a", "institution", "PT Maju", "a",
    "id_type", "ktp", "a",               "id_number", "6171012503900001", "a", "phone", "081234567890", "a",
    "purpose", "maintenance", "a",       "brings_devices", "no", "a",      "arrival_time", "09:30", "a",
    "visitor_signature", "true", "a",    "decision", "granted", "a",       "operator_name", "Andi", "a",
    "entry_time", "09:45", "a",          "badge_number", "7", "a",         "escort_name", "Rudi", "a",
    "exit_time", "11:30", "a",           "badge_returned", "true", "a",    "id_returned", "true", "a",
    "operator_signature", "true", "a",
};
#define VISIT_N (sizeof visit_kv / sizeof visit_kv[0])

static void access_page(dc_page_result *p, const char *file, const char *sha, int page, const char *serial)
{
    form_page(p, file, sha, page, "access", serial, visit_kv, VISIT_N);
}

/* access_page 1 of serial 000123, with the fields named in `review` (comma-separated) in review */
static void access_page_in_review(dc_page_result *p, const char *file, const char *sha, const char *review)
{
    const char *kv[VISIT_N];
    memcpy(kv, visit_kv, sizeof visit_kv);
    for (size_t i = 0; i < VISIT_N; i += 3) {
        const char *at = strstr(review, kv[i]);
        const size_t n = strlen(kv[i]);
        if (at && (at == review || at[-1] == ',') && (at[n] == ',' || at[n] == '\0'))
            kv[i + 2] = "r";
    }
    form_page(p, file, sha, 1, "access", "000123", kv, VISIT_N);
}

static int64_t count(const char *sql)
{
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

static char *sql_text(const char *sql)
{
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open(db_path, &db), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    char *v = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) ? dc_strdup((const char *)sqlite3_column_text(st, 0))
                                                                          : NULL;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

#define ASSERT_SQL_TEXT(sql, want)                                                                                     \
    do {                                                                                                               \
        char *got_ = sql_text(sql);                                                                                    \
        ck_assert_ptr_nonnull(got_);                                                                                   \
        ck_assert_str_eq(got_, want);                                                                                  \
        free(got_);                                                                                                    \
    } while (0)

/* Runs SQL on the archive file from outside dcaccess (as someone with the sqlite3 shell would). */
static void tamper(const char *sql)
{
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open(db_path, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        ck_abort_msg("tamper SQL failed: %s", msg);
    ck_assert_int_gt(sqlite3_changes(db), 0);
    sqlite3_close(db);
}

/* Ingests pages as one batch dated `date` and syncs records. */
static void ingest_on(dc_archive *a, const char *date, dc_page_result *pages, size_t n, size_t *stored_out)
{
    int64_t batch = 0;
    ck_assert_int_eq(dc_archive_batch_begin(a, date, &batch), DC_OK);
    size_t stored_n = 0;
    for (size_t i = 0; i < n; i++) {
        bool stored = false;
        ck_assert_int_eq(dc_archive_add_page(a, batch, &pages[i], &stored, NULL), DC_OK);
        stored_n += stored;
    }
    ck_assert_int_eq(dc_archive_sync_records(a, &rules, NULL), DC_OK);
    ck_assert_int_eq(dc_archive_batch_end(a, batch, "finished"), DC_OK);
    if (stored_out)
        *stored_out = stored_n;
}

/* Ingests pages as one batch dated 2026-11-02 and syncs records. */
static void ingest(dc_archive *a, dc_page_result *pages, size_t n, size_t *stored_out)
{
    ingest_on(a, "2026-11-02", pages, n, stored_out);
}

/* A new archive at db_path holding access page 1 of 000123 with the fields in `review` in review, read from day1.tif: the archive and *file (the
 * scan's path) belong to the caller, and so does *p (dc_page_result_clear) */
static dc_archive *archive_with_access_page_in_review(dc_page_result *p, char **file, const char *review)
{
    char sha[65];
    *file = source_file("day1.tif", sha);
    access_page_in_review(p, *file, sha, review);
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    ingest(a, p, 1, NULL);
    return a;
}

static char *verify_text(dc_archive *a, size_t *nproblems)
{
    dc_archive_problems p;
    ck_assert_int_eq(dc_archive_verify(&p, a), DC_OK);
    char *s = calloc(1, 8192);
    for (size_t i = 0; i < p.n; i++) {
        strncat(s, p.items[i], 8192 - strlen(s) - 2);
        strcat(s, "\n");
    }
    *nproblems = p.n;
    dc_archive_problems_clear(&p);
    return s;
}

static void assert_verifies(dc_archive *a)
{
    size_t n = 99;
    char *v = verify_text(a, &n);
    ck_assert_msg(n == 0, "verify found problems:\n%s", v);
    free(v);
}

static char *findings_str(const dc_findings *f)
{
    char *s = calloc(1, 2048);
    for (size_t i = 0; i < f->n; i++) {
        char one[128];
        snprintf(one, sizeof one, "%s%s%s%s", i ? "," : "", dc_rule_name(f->items[i].rule), f->items[i].field[0] ? ":" : "",
                 f->items[i].field);
        strcat(s, one);
        if (f->items[i].row) {
            snprintf(one, sizeof one, "#%d", f->items[i].row);
            strcat(s, one);
        }
    }
    return s;
}

/* ---- tests ---- */

START_TEST(test_new_archive_uses_wal_foreign_keys_and_schema_version)
{
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(dc_archive_db(a), "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    ck_assert_int_eq(sqlite3_prepare_v2(dc_archive_db(a), "PRAGMA foreign_keys", -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    ck_assert_int_eq(sqlite3_column_int(st, 0), 1);
    sqlite3_finalize(st);
    dc_archive_close(a);
    ck_assert_int_eq(count("PRAGMA user_version"), 14);
    /* reopening migrates nothing and keeps the version */
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_EXISTING), DC_OK);
    dc_archive_close(a);
    ck_assert_int_eq(count("PRAGMA user_version"), 14);
}
END_TEST

/* Several commands opening one new archive at once (two scans started together): each makes or
 * finds the schema, none fails. The migration step read the version before taking the write lock,
 * so the second process ran it again: "migrating to schema 1: table batches already exists". */
START_TEST(test_commands_opening_a_new_archive_together_all_succeed)
{
    enum { ROUNDS = 15, PROCS = 6 };
    for (int round = 0; round < ROUNDS; round++) {
        char *path = dc_asprintf("%s/together-%d.db", dir, round);
        int go[2];
        ck_assert_int_eq(pipe(go), 0);
        pid_t kids[PROCS];
        for (int k = 0; k < PROCS; k++) {
            kids[k] = fork();
            ck_assert_int_ge(kids[k], 0);
            if (kids[k] == 0) {
                close(go[1]);
                char c;
                (void)!read(go[0], &c, 1);   /* wait until all are started: EOF when the parent closes */
                dc_archive *a = NULL;
                const int rc = dc_archive_open(&a, path, DC_ARCHIVE_CREATE);
                if (rc != DC_OK)
                    fprintf(stderr, "round %d: %s\n", round, dc_error_detail());
                dc_archive_close(a);
                _exit(rc == DC_OK ? 0 : 1);
            }
        }
        close(go[0]);
        close(go[1]);
        int failed = 0;
        for (int k = 0; k < PROCS; k++) {
            int status = 0;
            ck_assert_int_eq(waitpid(kids[k], &status, 0), kids[k]);
            failed += !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        }
        ck_assert_msg(failed == 0, "round %d: %d of %d opens failed", round, failed, PROCS);
        /* each made it under a name of its own, gone once it was linked in (or another's was) */
        char *pattern = dc_asprintf("%s.new-*", path);
        glob_t g;
        ck_assert_int_eq(glob(pattern, 0, NULL, &g), GLOB_NOMATCH);
        free(pattern);
        free(path);
    }
}
END_TEST

/* A mistyped --archive naming another program's database, or an empty file, is refused by the
 * commands that write, and left as it was: review and correct turned them into archives. */
START_TEST(test_another_programs_database_or_an_empty_file_is_not_made_an_archive)
{
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open(db_path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "CREATE TABLE customers(id INTEGER, name TEXT); INSERT INTO customers VALUES(1, 'x')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    char *want = dc_asprintf("%s: not a dcaccess archive: it holds another program's tables (customers)", db_path);
    for (int mode = DC_ARCHIVE_CREATE; mode <= DC_ARCHIVE_EXISTING; mode++) {
        dc_archive *a = NULL;
        ck_assert_int_eq(dc_archive_open(&a, db_path, (dc_archive_mode)mode), DC_ERR_ARCHIVE);
        ck_assert_ptr_null(a);
        ck_assert_str_eq(dc_error_detail(), want);
    }
    ck_assert_int_eq(count("SELECT count(*) FROM sqlite_master"), 1);
    ck_assert_int_eq(count("PRAGMA user_version"), 0);
    free(want);
    unlink(db_path);
    /* an SQLite database with nothing in it yet is made an archive only by a command that may make one */
    ck_assert_int_eq(sqlite3_open(db_path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "VACUUM", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_EXISTING), DC_ERR_ARCHIVE);
    want = dc_asprintf("%s: not a dcaccess archive: it is empty (scan forms into it first)", db_path);
    ck_assert_str_eq(dc_error_detail(), want);
    free(want);
    ck_assert_int_eq(count("PRAGMA user_version"), 0);
    unlink(db_path);
    /* an empty file (a copy or restore that failed) is refused by every command, scan too, however
     * new: scan made an archive of one less than 10 s old */
    FILE *f = fopen(db_path, "w");
    fclose(f);
    want = dc_asprintf("%s: an empty file (0 bytes), not a dcaccess archive: a copy or restore that did not finish, "
                       "or a mistyped --archive? Use the archive itself or your latest backup (to start a new "
                       "archive there, remove the empty file first)", db_path);
    for (int mode = DC_ARCHIVE_CREATE; mode <= DC_ARCHIVE_READONLY; mode++) {
        ck_assert_int_eq(dc_archive_open(&a, db_path, (dc_archive_mode)mode), DC_ERR_ARCHIVE);
        ck_assert_ptr_null(a);
        ck_assert_str_eq(dc_error_detail(), want);
    }
    struct stat sb;
    ck_assert_int_eq(stat(db_path, &sb), 0);
    ck_assert_int_eq(sb.st_size, 0);
    free(want);
}
END_TEST

START_TEST(test_opening_a_missing_archive_for_reading_creates_nothing)
{
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_READONLY), DC_ERR_NOT_FOUND);
    ck_assert_ptr_null(a);
    ck_assert_ptr_nonnull(strstr(dc_error_detail(), db_path));
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_EXISTING), DC_ERR_NOT_FOUND);
    struct stat sb;
    ck_assert_int_ne(stat(db_path, &sb), 0);
}
END_TEST

START_TEST(test_a_folder_given_as_the_archive_is_named)
{
    ck_assert_int_eq(mkdir(db_path, 0755), 0);
    dc_archive *a = NULL;
    char *want = dc_asprintf("%s is a folder: the archive is one file (e.g. %s/dcaccess.db)", db_path, db_path);
    for (int mode = DC_ARCHIVE_CREATE; mode <= DC_ARCHIVE_READONLY; mode++) {
        ck_assert_int_eq(dc_archive_open(&a, db_path, (dc_archive_mode)mode), DC_ERR_IO);
        ck_assert_ptr_null(a);
        ck_assert_str_eq(dc_error_detail(), want);
    }
    free(want);
    rmdir(db_path);
}
END_TEST

/* A column a later schema added, dropped outside dcaccess: named when the archive is opened, to
 * read or to write, instead of SQLite's "no such column" from whichever command met it first. */
START_TEST(test_a_column_dropped_outside_dcaccess_is_named)
{
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    dc_archive_close(a);
    a = NULL;
    tamper("ALTER TABLE corrections DROP COLUMN old_conf; INSERT INTO chain_meta VALUES('x', 1)");
    char *want = dc_asprintf("%s: the archive's tables were changed outside dcaccess (corrections.old_conf, which "
                             "schema 14 has, is missing): restore it from your latest backup (README, troubleshooting)",
                             db_path);
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_READONLY), DC_ERR_ARCHIVE);
    ck_assert_str_eq(dc_error_detail(), want);
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_EXISTING), DC_ERR_ARCHIVE);
    ck_assert_str_eq(dc_error_detail(), want);
    ck_assert_ptr_null(a);
    free(want);
    /* an older schema's archive so changed is not migrated first (the dcaccess that made it could
     * no longer open it) */
    tamper("PRAGMA user_version=8; ALTER TABLE batches DROP COLUMN pid; INSERT INTO chain_meta VALUES('y', 1)");
    want = dc_asprintf("%s: the archive's tables were changed outside dcaccess (batches.pid, which schema 8 has, is "
                       "missing): restore it from your latest backup (README, troubleshooting)", db_path);
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_EXISTING), DC_ERR_ARCHIVE);
    ck_assert_str_eq(dc_error_detail(), want);
    ck_assert_int_eq(count("PRAGMA user_version"), 8);
    free(want);
}
END_TEST

START_TEST(test_schema_newer_than_the_build_is_refused)
{
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open(db_path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "PRAGMA user_version=99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    dc_archive *a = NULL;
    /* the same words whether it is opened to write or only to read */
    char *want = dc_asprintf("%s: schema version 99 is newer than this dcaccess knows (14)", db_path);
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_ERR_ARCHIVE);
    ck_assert_str_eq(dc_error_detail(), want);
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_READONLY), DC_ERR_ARCHIVE);
    ck_assert_str_eq(dc_error_detail(), want);
    ck_assert_ptr_null(a);
    free(want);
}
END_TEST

START_TEST(test_ingest_builds_a_record_with_its_findings)
{
    char sha[65];
    char *file = source_file("day1.tif", sha);
    dc_page_result p;
    access_page(&p, file, sha, 1, "000123");
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    size_t stored = 0;
    ingest(a, &p, 1, &stored);
    ck_assert_int_eq(stored, 1);

    dc_record *rec = NULL;
    dc_findings f = DC_FINDINGS_INIT;
    ck_assert_int_eq(dc_archive_record_load(&rec, &f, a, "000123"), DC_OK);
    ck_assert_str_eq(dc_record_status_name(rec), "complete");
    ck_assert_str_eq(dc_record_get(rec, "visitor_name")->value, "BUDI SANTOSO");
    char *s = findings_str(&f);
    ck_assert_str_eq(s, "over_time_limit"); /* 09:45 -> 11:30 = 105 min */
    free(s);
    dc_findings_clear(&f);
    dc_record_free(rec);
    ck_assert_int_eq(count("SELECT duration_min FROM records WHERE serial='000123'"), 105);
    ck_assert_int_eq(count("SELECT count(*) FROM chain"), 1);

    assert_verifies(a);
    dc_archive_close(a);
    dc_page_result_clear(&p);
    free(file);
}
END_TEST

static void expect_problem(dc_archive *a, const char *needle);

START_TEST(test_ingesting_the_same_files_again_adds_nothing)
{
    char sha[65];
    char *file = source_file("day1.tif", sha);
    dc_page_result p[3];
    access_page(&p[0], file, sha, 1, "000123");
    access_page(&p[1], file, sha, 2, "000124");
    memset(&p[2], 0, sizeof p[2]);
    p[2].file = dc_strdup(file);
    p[2].page = 3;
    snprintf(p[2].file_sha256, sizeof p[2].file_sha256, "%s", sha);
    p[2].status = DC_PAGE_REJECTED;
    p[2].reason = dc_strdup("not a dcaccess form");
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    size_t stored = 0;
    ingest(a, p, 3, &stored);
    ck_assert_int_eq(stored, 3);
    bool have = false;
    ck_assert_int_eq(dc_archive_has_page(a, sha, 2, &have), DC_OK);
    ck_assert(have);
    ck_assert_int_eq(dc_archive_has_page(a, sha, 4, &have), DC_OK);
    ck_assert(!have);

    ingest(a, p, 3, &stored);
    ck_assert_int_eq(stored, 0);
    /* the run that stored nothing left no empty batch behind */
    ck_assert_int_eq(count("SELECT count(*) FROM batches"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM pages"), 3);
    ck_assert_int_eq(count("SELECT count(*) FROM records"), 2);
    ck_assert_int_eq(count("SELECT count(*) FROM chain"), 3);   /* two records, and the rejected page */
    ck_assert_int_eq(count("SELECT count(*) FROM chain WHERE kind='page' AND ref=(SELECT id FROM pages WHERE status='rejected')"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM pages WHERE status='rejected' AND reason='not a dcaccess form'"), 1);
    assert_verifies(a);
    /* the rejected page deleted, or made to look like something else, is found */
    tamper("UPDATE pages SET reason='blank page' WHERE status='rejected'");
    /* the entry keeps what it hashed (schema 9): verify names what changed */
    expect_problem(a, "day1.tif page 3 (rejected): differs from chain entry #1 (altered); what differs: reason: "
                      "chained \"not a dcaccess form\", now \"blank page\"\n");
    tamper("UPDATE pages SET reason='not a dcaccess form' WHERE status='rejected'");
    assert_verifies(a);
    /* its thumbnail, which is what a person sees of it, is chained too (page payload version 2) */
    ck_assert_int_eq(count("SELECT substr(payload, 1, 6) = '4:v=2' || char(10) FROM chain WHERE kind = 'page'"), 1);
    tamper("UPDATE pages SET thumb=X'00' WHERE status='rejected'");
    expect_problem(a, "day1.tif page 3 (rejected): differs from chain entry #1 (altered); what differs: thumbnail of "
                      "the scanned page: chained none, now 6e340b9cffb3...\n");
    tamper("UPDATE pages SET thumb=NULL WHERE status='rejected'");
    assert_verifies(a);
    tamper("UPDATE pages SET status='blank' WHERE status='rejected'");
    expect_problem(a, "day1.tif page 3 (blank): differs from chain entry #");
    tamper("DELETE FROM pages WHERE status='blank'");
    expect_problem(a, "but missing from the archive, or no longer rejected, blank or duplicate (deleted or altered)");
    dc_archive_close(a);
    for (int i = 0; i < 3; i++)
        dc_page_result_clear(&p[i]);
    free(file);
}
END_TEST

/* A new archive at db_path holding page 1 of day1.tif (*file, the scan's path) as the scanner read
 * it without the template of access v2 (*unknown: rejected); *known is how it reads with it (access
 * form 000123). The archive, *file and both pages belong to the caller. */
static dc_archive *archive_with_unknown_page(dc_page_result *unknown, dc_page_result *known, char **file)
{
    char sha[65];
    *file = source_file("day1.tif", sha);
    memset(unknown, 0, sizeof *unknown);
    unknown->file = dc_strdup(*file);
    unknown->page = 1;
    snprintf(unknown->file_sha256, sizeof unknown->file_sha256, "%s", sha);
    unknown->status = DC_PAGE_REJECTED;
    unknown->reason = dc_asprintf(DC_PAGE_UNKNOWN_TEMPLATE_FMT, "access", 2);
    access_page(known, *file, sha, 1, "000123");
    known->template_version = 2;
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    size_t stored = 0;
    ingest(a, unknown, 1, &stored);
    ck_assert_int_eq(stored, 1);
    return a;
}

/* A page rejected because its form version's template was missing is read again once the template
 * is there: in its place (the same id, in the batch that read it), chained again, and verify checks what it is now. */
START_TEST(test_a_page_of_an_unknown_template_is_read_again_once_it_is_known)
{
    char *file = NULL;
    dc_page_result unknown, known;
    dc_archive *a = archive_with_unknown_page(&unknown, &known, &file);
    size_t stored = 0;
    ck_assert_int_eq(count("SELECT count(*) FROM records"), 0);
    /* read the same way again (the template still missing): nothing changes */
    ingest(a, &unknown, 1, &stored);
    ck_assert_int_eq(stored, 0);
    ck_assert_int_eq(count("SELECT count(*) FROM chain"), 1);

    /* read as a form now, by a later scan of the stack's date: stored in its place */
    int64_t batch = 0;
    bool st = false;
    dc_page_status as = DC_PAGE_REJECTED;
    ck_assert_int_eq(dc_archive_batch_begin(a, "2026-11-02", &batch), DC_OK);
    ck_assert_int_eq(batch, 2);   /* the run that stored nothing kept no batch */
    ck_assert_int_eq(dc_archive_add_page(a, batch, &known, &st, &as), DC_OK);
    ck_assert(st);
    ck_assert_int_eq(as, DC_PAGE_FORM);
    ck_assert_int_eq(dc_archive_sync_records(a, &rules, NULL), DC_OK);
    ck_assert_int_eq(dc_archive_batch_end(a, batch, "finished"), DC_OK);
    ck_assert_int_eq(count("SELECT count(*) FROM pages"), 1);
    /* the same id, in the batch that read it (of the same date) */
    ck_assert_int_eq(count("SELECT count(*) FROM pages WHERE id = 1 AND batch_id = 2 AND status = 'form' AND "
                           "template_version = 2 AND serial = '000123' AND reason IS NULL"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM fields WHERE page_id = 1"), (int64_t)known.nfields);
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE serial = '000123' AND access_page_id = 1 AND "
                           "batch_id = 2"), 1);
    /* the entry as rejected, the entry of what it is now, and the record's */
    ck_assert_int_eq(count("SELECT count(*) FROM chain WHERE kind = 'page' AND ref = '1'"), 2);
    ck_assert_int_eq(count("SELECT count(*) FROM chain"), 3);
    assert_verifies(a);
    /* once a form, it is not read again */
    ck_assert_int_eq(dc_archive_add_page(a, batch, &unknown, &st, NULL), DC_OK);
    ck_assert(!st);
    /* what it is now is checked against its newest entry */
    tamper("UPDATE pages SET sheet_page = 2 WHERE id = 1");
    expect_problem(a, "day1.tif page 1 (form): differs from chain entry #2 (altered); what differs: sheet_page: "
                      "chained \"1\", now \"2\"\n");
    tamper("UPDATE pages SET sheet_page = 1 WHERE id = 1");
    assert_verifies(a);
    dc_archive_close(a);
    dc_page_result_clear(&unknown);
    dc_page_result_clear(&known);
    free(file);
}
END_TEST

START_TEST(test_unreadable_files_are_each_listed_not_merged)
{
    dc_page_result p[2];
    memset(p, 0, sizeof p);
    for (int i = 0; i < 2; i++) {
        p[i].file = dc_asprintf("%s/broken%d.tif", dir, i); /* no such file: no hash */
        p[i].page = 1;
        p[i].status = DC_PAGE_REJECTED;
        p[i].reason = dc_strdup("unreadable: truncated TIFF");
    }
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    size_t stored = 0;
    ingest(a, p, 2, &stored);
    ck_assert_int_eq(stored, 2);
    ingest(a, p, 2, &stored);
    ck_assert_int_eq(stored, 0);
    ck_assert_int_eq(count("SELECT count(*) FROM pages WHERE status='rejected' AND file_sha256 LIKE 'nohash:%'"), 2);
    assert_verifies(a); /* no hash to check: not a source-file problem */
    dc_archive_close(a);
    dc_page_result_clear(&p[0]);
    dc_page_result_clear(&p[1]);
}
END_TEST

/* Two sheets with one serial (a photocopied or reprinted form set) are not one sheet scanned twice:
 * the second is rejected, naming the first, and its visit is not merged away as a duplicate. One
 * field read otherwise (a misreading) or fields still in review keep a rescan a duplicate. */
static void set_field(dc_page_result *p, const char *id, const char *value, dc_field_state state)
{
    for (size_t i = 0; i < p->nfields; i++)
        if (strcmp(p->fields[i].id, id) == 0) {
            free(p->fields[i].value);
            p->fields[i].value = value ? dc_strdup(value) : NULL;
            p->fields[i].state = state;
            return;
        }
    ck_abort_msg("no field %s", id);
}

START_TEST(test_another_sheet_with_a_stored_serial_is_rejected_not_merged)
{
    char sha1[65], sha2[65], sha3[65];
    char *f1 = source_file("a.tif", sha1), *f2 = source_file("b.tif", sha2), *f3 = source_file("c.tif", sha3);
    dc_page_result p[3];
    access_page(&p[0], f1, sha1, 1, "000123");
    access_page(&p[1], f2, sha2, 1, "000123");   /* the same sheet again: one field misread, two in review */
    set_field(&p[1], "badge_number", "1", DC_STATE_ACCEPTED);
    set_field(&p[1], "visitor_name", "BUDI SANTOS0", DC_STATE_REVIEW);
    set_field(&p[1], "phone", "08123456789", DC_STATE_REVIEW);
    access_page(&p[2], f3, sha3, 1, "000123");   /* another visitor's sheet */
    set_field(&p[2], "visitor_name", "SITI AMINAH", DC_STATE_ACCEPTED);
    set_field(&p[2], "id_number", "6171024502850007", DC_STATE_ACCEPTED);
    set_field(&p[2], "entry_time", "13:00", DC_STATE_ACCEPTED);
    set_field(&p[2], "exit_time", NULL, DC_STATE_EMPTY);
    snprintf(p[2].image_sha256, sizeof p[2].image_sha256, "img-other-sheet");
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    ingest(a, p, 1, NULL);
    /* what a person corrected on the stored sheet is sure: the rescan's reading is compared with it */
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000123", "phone", "081234567890", "T", "checked", NULL, NULL),
                     DC_OK);
    ingest(a, p + 1, 2, NULL);
    ck_assert_int_eq(count("SELECT count(*) FROM pages WHERE status='form'"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM pages WHERE status='duplicate' AND file LIKE '%b.tif'"), 1);
    char *want = dc_asprintf("another sheet has this serial: form access serial 000123 page 1 was read from %s page 1 "
                             "with other writing (visitor_name, id_number, entry_time and 1 more differ); two sheets "
                             "carry one serial (a photocopied or reprinted form set): this visit is not stored, keep "
                             "its paper apart (see README, troubleshooting)", f1);
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open(db_path, &db), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT status, reason FROM pages WHERE file LIKE '%c.tif'", -1, &st, NULL),
                     SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), "rejected");
    ck_assert_str_eq((const char *)sqlite3_column_text(st, 1), want);
    sqlite3_finalize(st);
    sqlite3_close(db);
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE serial = '000123' AND id_number = '6171012503900001'"), 1);
    assert_verifies(a);
    free(want);
    dc_archive_close(a);
    for (int i = 0; i < 3; i++)
        dc_page_result_clear(&p[i]);
    free(f1);
    free(f2);
    free(f3);
}
END_TEST

/* A checklist listing one laptop, brought in and taken out, both signatures. */
static const char *devices_kv[] = {
    "device_1_name", "Laptop", "a",   "device_1_serial", "SN-1", "a", "device_1_in", "true", "a",
    "device_1_out", "true", "a",      "device_2_name", NULL, "e",     "visitor_signature", "true", "a",
    "operator_signature", "true", "a",
};

static void checklist_page(dc_page_result *p, const char *file, const char *sha, const char *serial)
{
    form_page(p, file, sha, 1, "checklist", serial, devices_kv, sizeof devices_kv / sizeof devices_kv[0]);
}

/* Page 1 of `file` as the scanner rejects the access form of `serial` whose QR it read, its
 * registration marks not found (a folded corner). */
static void rejected_access_page(dc_page_result *p, const char *file, const char *sha, const char *serial)
{
    memset(p, 0, sizeof *p);
    p->file = dc_strdup(file);
    p->page = 1;
    snprintf(p->file_sha256, sizeof p->file_sha256, "%s", sha);
    p->status = DC_PAGE_REJECTED;
    p->reason = dc_asprintf("registration marks not found (the QR names form access serial %s page 1): a corner is "
                            "folded", serial);
    snprintf(p->form, sizeof p->form, "access");
    p->template_version = 1;
    snprintf(p->serial, sizeof p->serial, "%s", serial);
    p->sheet_page = 1;
}

/* A set whose access form was rejected in its stack leaves its checklist stored alone. An access
 * form of that serial from another stack, with another batch date and not dated that stack's day,
 * is another sheet with the serial: rejected, so that the checklist's devices are not given to its
 * visit. That rejected access form scanned again (dated that day) gets the checklist. */
START_TEST(test_a_checklist_whose_access_form_was_rejected_is_not_given_to_another_sheet)
{
    char sha[4][65];
    char *f[4] = {source_file("p1.tif", sha[0]), source_file("p2.tif", sha[1]), source_file("q1.tif", sha[2]),
                  source_file("p1-again.tif", sha[3])};
    dc_page_result set[2], other, again;
    rejected_access_page(&set[0], f[0], sha[0], "000123");
    checklist_page(&set[1], f[1], sha[1], "000123");
    access_page(&other, f[2], sha[2], 1, "000123");   /* another visitor's sheet, of 3 November */
    set_field(&other, "visit_date", "2026-11-03", DC_STATE_ACCEPTED);
    set_field(&other, "visitor_name", "SITI AMINAH", DC_STATE_ACCEPTED);
    snprintf(other.image_sha256, sizeof other.image_sha256, "img-other-sheet");
    access_page(&again, f[3], sha[3], 1, "000123");   /* the rejected sheet, flattened: dated 2 November */
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    size_t stored = 0;
    ingest_on(a, "2026-11-02", set, 2, &stored);
    ck_assert_int_eq(stored, 2);
    ck_assert_int_eq(count("SELECT count(*) FROM pages WHERE status = 'rejected' AND form = 'access' AND serial = "
                           "'000123' AND sheet_page = 1 AND template_version = 1"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE access_page_id IS NULL AND checklist_page_id = 2"), 1);

    ingest_on(a, "2026-11-03", &other, 1, &stored);
    ck_assert_int_eq(stored, 1);
    char *want = dc_asprintf("the checklist stored under this serial came with another access form: checklist 000123, "
                             "%s page 1, was scanned with its access form, %s page 1, which was rejected (batch date "
                             "2026-11-02); this sheet, scanned with batch date 2026-11-03 and not dated so, is taken "
                             "for another sheet with the serial and not stored, so that the devices of that visit are "
                             "not given to it; keep its paper apart, or, if it is that rejected access form, scan it "
                             "again into a new file with --batch-date 2026-11-02", f[1], f[0]);
    ASSERT_SQL_TEXT("SELECT reason FROM pages WHERE file LIKE '%q1.tif' AND status = 'rejected'", want);
    free(want);
    ck_assert_int_eq(count("SELECT count(*) FROM records"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE access_page_id IS NULL AND checklist_page_id = 2"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM fields WHERE page_id = 3"), 0);

    /* scanned again into the next day's stack too, but dated 2 November (read surely): its set */
    ingest_on(a, "2026-11-03", &again, 1, &stored);
    ck_assert_int_eq(stored, 1);
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE access_page_id = 4 AND checklist_page_id = 2 AND "
                           "visitor_name = 'BUDI SANTOSO'"), 1);
    assert_verifies(a);
    dc_archive_close(a);
    dc_page_result_clear(&set[0]);
    dc_page_result_clear(&set[1]);
    dc_page_result_clear(&other);
    dc_page_result_clear(&again);
    for (int i = 0; i < 4; i++)
        free(f[i]);
}
END_TEST

/* The rejected access form scanned again with its stack's batch date gets its checklist, whatever
 * its visit date reads; so does one that, with another batch date, reads surely as that day only
 * in review (not: it is another sheet). */
START_TEST(test_an_access_form_scanned_again_with_its_stack_date_gets_its_checklist)
{
    char sha[4][65];
    char *f[4] = {source_file("p1.tif", sha[0]), source_file("p2.tif", sha[1]), source_file("p1-again.tif", sha[2]),
                  source_file("p1-other.tif", sha[3])};
    dc_page_result set[2], again, late;
    rejected_access_page(&set[0], f[0], sha[0], "000123");
    checklist_page(&set[1], f[1], sha[1], "000123");
    access_page(&again, f[2], sha[2], 1, "000123");
    set_field(&again, "visit_date", "2026-11-07", DC_STATE_REVIEW);
    access_page(&late, f[3], sha[3], 1, "000123");
    set_field(&late, "visit_date", "2026-11-02", DC_STATE_REVIEW);
    set_field(&late, "visitor_name", "SITI AMINAH", DC_STATE_ACCEPTED);
    snprintf(late.image_sha256, sizeof late.image_sha256, "img-other-sheet");
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    ingest_on(a, "2026-11-02", set, 2, NULL);
    /* a visit date in review decides nothing: with another batch date, another sheet */
    size_t stored = 0;
    ingest_on(a, "2026-11-04", &late, 1, &stored);
    ck_assert_int_eq(stored, 1);
    ck_assert_int_eq(count("SELECT count(*) FROM pages WHERE file LIKE '%p1-other.tif' AND status = 'rejected' AND "
                           "reason LIKE 'the checklist stored under this serial came with another access form:%'"), 1);
    ingest_on(a, "2026-11-02", &again, 1, &stored);
    ck_assert_int_eq(stored, 1);
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE access_page_id = 4 AND checklist_page_id = 2"), 1);
    assert_verifies(a);
    dc_archive_close(a);
    dc_page_result_clear(&set[0]);
    dc_page_result_clear(&set[1]);
    dc_page_result_clear(&again);
    dc_page_result_clear(&late);
    for (int i = 0; i < 4; i++)
        free(f[i]);
}
END_TEST

/* The reason a checklist is rejected whose set's access form, `rejected`, was rejected in its stack
 * while the visit of `serial` was stored from `stored` with batch date 2026-11-02 (caller frees). */
static char *set_rejected_reason(const char *rejected, const char *serial, const char *stored)
{
    return dc_asprintf("its set's access form in this stack, %s page 1, was rejected, and the visit stored under "
                       "serial %s is another stack's (%s page 1, batch date 2026-11-02): this page goes with the "
                       "rejected sheet, not with that visit; keep it with that paper, or, if the two are one visit's "
                       "set, scan this page again into a new file with --batch-date 2026-11-02",
                       rejected, serial, stored);
}

/* The other order: the visit is stored from one stack, and another stack holds a rejected access
 * form of the serial with its checklist (before or after it). The checklist goes with the rejected
 * sheet, not with the stored visit, unless the two stacks have one batch date or the stored visit
 * is dated the second stack's day. */
START_TEST(test_a_checklist_whose_access_form_was_rejected_is_not_given_to_the_visit_of_another_stack)
{
    static const char *const serials[] = {"000123", "000124", "000125", "000126"};
    char sha[12][65];
    char *f[12];
    for (int i = 0; i < 12; i++) {
        char name[32];
        snprintf(name, sizeof name, "s%02d.tif", i);
        f[i] = source_file(name, sha[i]);
    }
    dc_page_result stored_visits[4], stack2[6], stack3[2];
    for (int i = 0; i < 4; i++)
        access_page(&stored_visits[i], f[i], sha[i], 1, serials[i]);
    set_field(&stored_visits[3], "visit_date", "2026-11-03", DC_STATE_ACCEPTED);   /* a sheet that missed its stack */
    rejected_access_page(&stack2[0], f[4], sha[4], "000123");   /* access, then its checklist */
    checklist_page(&stack2[1], f[5], sha[5], "000123");
    checklist_page(&stack2[2], f[6], sha[6], "000124");          /* checklist, then its access */
    rejected_access_page(&stack2[3], f[7], sha[7], "000124");
    rejected_access_page(&stack2[4], f[8], sha[8], "000126");   /* the visit is dated this stack's day */
    checklist_page(&stack2[5], f[9], sha[9], "000126");
    rejected_access_page(&stack3[0], f[10], sha[10], "000125");  /* a stack of the stored visit's batch date */
    checklist_page(&stack3[1], f[11], sha[11], "000125");
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    ingest_on(a, "2026-11-02", stored_visits, 4, NULL);
    ingest_on(a, "2026-11-03", stack2, 6, NULL);
    ingest_on(a, "2026-11-02", stack3, 2, NULL);
    char *want = set_rejected_reason(f[4], "000123", f[0]);
    ASSERT_SQL_TEXT("SELECT reason FROM pages WHERE file LIKE '%s05.tif'", want);
    free(want);
    ck_assert_int_eq(count("SELECT count(*) FROM pages WHERE file LIKE '%s06.tif' AND status = 'rejected' AND reason "
                           "LIKE 'its set''s access form in this stack, %s07.tif page 1, was rejected, and the visit "
                           "stored under serial 000124 is another stack''s%'"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM fields WHERE page_id IN (6, 7)"), 0);
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE checklist_page_id IS NOT NULL"), 2);
    ck_assert_int_eq(count("SELECT count(*) FROM records r JOIN pages p ON p.id = r.checklist_page_id WHERE "
                           "(r.serial = '000125' AND p.file LIKE '%s11.tif') OR (r.serial = '000126' AND p.file LIKE "
                           "'%s09.tif')"), 2);
    assert_verifies(a);
    dc_archive_close(a);
    for (int i = 0; i < 4; i++)
        dc_page_result_clear(&stored_visits[i]);
    for (int i = 0; i < 6; i++)
        dc_page_result_clear(&stack2[i]);
    for (int i = 0; i < 2; i++)
        dc_page_result_clear(&stack3[i]);
    for (int i = 0; i < 12; i++)
        free(f[i]);
}
END_TEST

/* One stack scanned in two runs with its batch date (a jam, a second half): the sheet's pages are
 * judged as one stack's. A checklist of the second run whose access form the first run rejected is
 * not given to the visit another stack stored; one a killed first run left in no record is rejected
 * when the second run rejects its access form; a checklist stored alone in the second run is not
 * given to an access form of another batch date. Each, scanned again with the date its reason
 * names, joins its visit. */
START_TEST(test_a_stack_scanned_in_two_runs_keeps_a_rejected_sheets_checklist_apart)
{
    char sha[12][65];
    char *f[12];
    for (int i = 0; i < 12; i++) {
        char name[32];
        snprintf(name, sizeof name, "t%02d.tif", i);
        f[i] = source_file(name, sha[i]);
    }
    dc_page_result visits[2], run1[2], run2[3], late, again[2];
    access_page(&visits[0], f[0], sha[0], 1, "000123");
    access_page(&visits[1], f[1], sha[1], 1, "000124");
    rejected_access_page(&run1[0], f[2], sha[2], "000123");   /* the last page of the first run */
    checklist_page(&run1[1], f[3], sha[3], "000124");          /* killed before its records */
    checklist_page(&run2[0], f[4], sha[4], "000123");
    rejected_access_page(&run2[1], f[5], sha[5], "000124");
    rejected_access_page(&run2[2], f[6], sha[6], "000125");
    checklist_page(&again[0], f[7], sha[7], "000125");        /* (stored in a third run of the stack) */
    access_page(&late, f[8], sha[8], 1, "000125");             /* another sheet, of 4 November */
    set_field(&late, "visit_date", "2026-11-04", DC_STATE_ACCEPTED);
    set_field(&late, "visitor_name", "SITI AMINAH", DC_STATE_ACCEPTED);
    snprintf(late.image_sha256, sizeof late.image_sha256, "img-other-sheet");
    checklist_page(&again[1], f[9], sha[9], "000123");        /* t04 scanned again */
    snprintf(again[1].image_sha256, sizeof again[1].image_sha256, "img-t04-again");
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    ingest_on(a, "2026-11-02", visits, 2, NULL);
    int64_t batch = 0;
    bool stored = false;
    ck_assert_int_eq(dc_archive_batch_begin(a, "2026-11-03", &batch), DC_OK);
    for (int i = 0; i < 2; i++)
        ck_assert_int_eq(dc_archive_add_page(a, batch, &run1[i], &stored, NULL), DC_OK);
    ck_assert_int_eq(dc_archive_batch_end(a, batch, "interrupted"), DC_OK);
    ingest_on(a, "2026-11-03", run2, 3, NULL);
    char *want = set_rejected_reason(f[2], "000123", f[0]);
    ASSERT_SQL_TEXT("SELECT reason FROM pages WHERE file LIKE '%t04.tif'", want);
    free(want);
    want = set_rejected_reason(f[5], "000124", f[1]);
    ASSERT_SQL_TEXT("SELECT reason FROM pages WHERE file LIKE '%t03.tif'", want);
    free(want);
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE checklist_page_id IS NOT NULL"), 0);

    ingest_on(a, "2026-11-03", again, 1, NULL);   /* t07: no visit of 000125 is stored */
    ck_assert_int_eq(count("SELECT count(*) FROM records r JOIN pages p ON p.id = r.checklist_page_id WHERE "
                           "r.serial = '000125' AND r.access_page_id IS NULL AND p.file LIKE '%t07.tif'"), 1);
    ingest_on(a, "2026-11-04", &late, 1, NULL);
    want = dc_asprintf("the checklist stored under this serial came with another access form: checklist 000125, %s "
                       "page 1, was scanned with its access form, %s page 1, which was rejected (batch date "
                       "2026-11-03); this sheet, scanned with batch date 2026-11-04 and not dated so, is taken for "
                       "another sheet with the serial and not stored, so that the devices of that visit are not "
                       "given to it; keep its paper apart, or, if it is that rejected access form, scan it again into "
                       "a new file with --batch-date 2026-11-03", f[7], f[6]);
    ASSERT_SQL_TEXT("SELECT reason FROM pages WHERE file LIKE '%t08.tif'", want);
    free(want);

    /* the checklist of 000123, scanned again with the date its reason names, joins the stored visit */
    ingest_on(a, "2026-11-02", again + 1, 1, NULL);
    ck_assert_int_eq(count("SELECT count(*) FROM records r JOIN pages c ON c.id = r.checklist_page_id JOIN pages v ON "
                           "v.id = r.access_page_id WHERE r.serial = '000123' AND c.file LIKE '%t09.tif' AND v.file "
                           "LIKE '%t00.tif'"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE checklist_page_id IS NOT NULL"), 2);
    assert_verifies(a);
    dc_archive_close(a);
    for (int i = 0; i < 2; i++) {
        dc_page_result_clear(&visits[i]);
        dc_page_result_clear(&run1[i]);
        dc_page_result_clear(&again[i]);
    }
    for (int i = 0; i < 3; i++)
        dc_page_result_clear(&run2[i]);
    dc_page_result_clear(&late);
    for (int i = 0; i < 12; i++)
        free(f[i]);
}
END_TEST

/* A stack fed last page first, and scanned in two runs: the first run gave a checklist to the visit
 * another stack stored under its serial; the second rejects the set's access form. The checklist is
 * then that sheet's: rejected, and the visit is built again without its devices. A visit a person
 * corrected keeps its checklist (a person has checked that record). */
START_TEST(test_a_checklist_given_to_a_visit_by_an_earlier_run_is_taken_back)
{
    char sha[6][65];
    char *f[6];
    for (int i = 0; i < 6; i++) {
        char name[32];
        snprintf(name, sizeof name, "u%02d.tif", i);
        f[i] = source_file(name, sha[i]);
    }
    dc_page_result visits[2], run1[2], run2[2];
    access_page(&visits[0], f[0], sha[0], 1, "000123");
    access_page(&visits[1], f[1], sha[1], 1, "000124");
    checklist_page(&run1[0], f[2], sha[2], "000123");
    checklist_page(&run1[1], f[3], sha[3], "000124");
    rejected_access_page(&run2[0], f[4], sha[4], "000123");
    rejected_access_page(&run2[1], f[5], sha[5], "000124");
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    ingest_on(a, "2026-11-02", visits, 2, NULL);
    ingest_on(a, "2026-11-03", run1, 2, NULL);
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE access_page_id IS NOT NULL AND checklist_page_id IS NOT "
                           "NULL AND devices_in = 1"), 2);
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000124", "phone", "081234567890", "T", "checked", NULL, NULL),
                     DC_OK);
    ingest_on(a, "2026-11-03", run2, 2, NULL);
    char *want = set_rejected_reason(f[4], "000123", f[0]);
    ASSERT_SQL_TEXT("SELECT reason FROM pages WHERE file LIKE '%u02.tif' AND status = 'rejected'", want);
    free(want);
    ck_assert_int_eq(count("SELECT count(*) FROM fields WHERE page_id = 3"), 0);
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE serial = '000123' AND access_page_id = 1 AND "
                           "checklist_page_id IS NULL AND devices_in = 0"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE serial = '000124' AND access_page_id = 2 AND "
                           "checklist_page_id = 4 AND devices_in = 1"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM pages WHERE id = 4 AND status = 'form'"), 1);
    /* the corrected visit that kept its checklist is named, with why, so that a person checks it */
    char why[600];
    bool kept = false;
    ck_assert_int_eq(dc_archive_checklist_of_other_sheet(a, "000124", why, sizeof why, &kept), DC_OK);
    ck_assert(kept);
    want = set_rejected_reason(f[5], "000124", f[1]);
    ck_assert_str_eq(why, want);
    free(want);
    ck_assert_int_eq(dc_archive_checklist_of_other_sheet(a, "000123", why, sizeof why, &kept), DC_OK);
    ck_assert(!kept);
    ck_assert_int_eq(dc_archive_checklist_of_other_sheet(a, "000999", why, sizeof why, &kept), DC_OK);
    ck_assert(!kept);
    assert_verifies(a);
    dc_archive_close(a);
    for (int i = 0; i < 2; i++) {
        dc_page_result_clear(&visits[i]);
        dc_page_result_clear(&run1[i]);
        dc_page_result_clear(&run2[i]);
    }
    for (int i = 0; i < 6; i++)
        free(f[i]);
}
END_TEST

/* A set scanned whole in the first run of a stack (access form, then checklist) keeps its checklist
 * when a second run of that stack holds another sheet with the serial (a photocopied set, rejected
 * as such): the checklist came with its own access form, in one run, and is not that sheet's. */
START_TEST(test_a_set_scanned_in_one_run_keeps_its_checklist_when_a_later_run_has_another_sheet)
{
    char sha[3][65];
    char *f[3] = {source_file("v1.tif", sha[0]), source_file("v2.tif", sha[1]), source_file("w1.tif", sha[2])};
    dc_page_result set[2], other;
    access_page(&set[0], f[0], sha[0], 1, "000123");
    checklist_page(&set[1], f[1], sha[1], "000123");
    access_page(&other, f[2], sha[2], 1, "000123");   /* another visitor's sheet with the serial */
    set_field(&other, "visitor_name", "SITI AMINAH", DC_STATE_ACCEPTED);
    set_field(&other, "id_number", "6171024502850007", DC_STATE_ACCEPTED);
    set_field(&other, "entry_time", "13:00", DC_STATE_ACCEPTED);
    snprintf(other.image_sha256, sizeof other.image_sha256, "img-other-sheet");
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    ingest_on(a, "2026-11-02", set, 2, NULL);
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE access_page_id = 1 AND checklist_page_id = 2 AND "
                           "devices_in = 1"), 1);
    ingest_on(a, "2026-11-02", &other, 1, NULL);   /* the second run of the stack */
    ck_assert_int_eq(count("SELECT count(*) FROM pages WHERE id = 3 AND status = 'rejected' AND reason LIKE "
                           "'another sheet has this serial:%'"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM pages WHERE id = 2 AND status = 'form'"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE access_page_id = 1 AND checklist_page_id = 2 AND "
                           "devices_in = 1"), 1);
    ingest_on(a, "2026-11-03", NULL, 0, NULL);   /* any later scan: the record stays as it is */
    ck_assert_int_eq(count("SELECT count(*) FROM pages WHERE id = 2 AND status = 'form'"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE access_page_id = 1 AND checklist_page_id = 2 AND "
                           "devices_in = 1"), 1);
    assert_verifies(a);
    dc_archive_close(a);
    dc_page_result_clear(&set[0]);
    dc_page_result_clear(&set[1]);
    dc_page_result_clear(&other);
    for (int i = 0; i < 3; i++)
        free(f[i]);
}
END_TEST

/* A record checked again under rules changed since its visit was stored (a "rules" correction signed
 * by the scan, no person's) does not keep a checklist an earlier run of another stack gave it when
 * the set's access form in that stack is rejected: no person has checked that record. */
START_TEST(test_a_checklist_is_taken_back_from_a_visit_only_checked_again_under_new_rules)
{
    char sha[3][65];
    char *f[3] = {source_file("r0.tif", sha[0]), source_file("r1.tif", sha[1]), source_file("r2.tif", sha[2])};
    dc_page_result visit, run1, run2;
    access_page(&visit, f[0], sha[0], 1, "000123");
    checklist_page(&run1, f[1], sha[1], "000123");
    rejected_access_page(&run2, f[2], sha[2], "000123");
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    ingest_on(a, "2026-11-02", &visit, 1, NULL);
    rules.visit_limit_min = 90;   /* the rules file changed meanwhile */
    ingest_on(a, "2026-11-03", &run1, 1, NULL);
    ck_assert_int_eq(count("SELECT count(*) FROM corrections WHERE serial = '000123' AND field = 'rules' AND who = "
                           "'dcaccess scan'"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE checklist_page_id = 2 AND devices_in = 1"), 1);
    ingest_on(a, "2026-11-03", &run2, 1, NULL);
    ck_assert_int_eq(count("SELECT count(*) FROM pages WHERE id = 2 AND status = 'rejected' AND reason LIKE "
                           "'its set''s access form in this stack,%'"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE serial = '000123' AND access_page_id = 1 AND "
                           "checklist_page_id IS NULL AND devices_in = 0"), 1);
    assert_verifies(a);
    dc_archive_close(a);
    dc_page_result_clear(&visit);
    dc_page_result_clear(&run1);
    dc_page_result_clear(&run2);
    for (int i = 0; i < 3; i++)
        free(f[i]);
}
END_TEST

/* A reason naming two files with long paths is stored whole, with what to do at its end (it was cut
 * at 600 bytes, the --batch-date lost). */
START_TEST(test_a_reason_naming_long_paths_is_whole)
{
    char sha[3][65], name[3][300];
    char *f[3];
    for (int i = 0; i < 3; i++) {
        snprintf(name[i], sizeof name[i], "%d-%0240d.tif", i, 0);
        f[i] = source_file(name[i], sha[i]);
    }
    dc_page_result visit, stack[2];
    access_page(&visit, f[0], sha[0], 1, "000123");
    rejected_access_page(&stack[0], f[1], sha[1], "000123");
    checklist_page(&stack[1], f[2], sha[2], "000123");
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    ingest_on(a, "2026-11-02", &visit, 1, NULL);
    ingest_on(a, "2026-11-03", stack, 2, NULL);
    char *want = set_rejected_reason(f[1], "000123", f[0]);
    ck_assert_uint_gt(strlen(want), 600);
    ASSERT_SQL_TEXT("SELECT reason FROM pages WHERE id = 3", want);
    free(want);
    assert_verifies(a);
    dc_archive_close(a);
    dc_page_result_clear(&visit);
    dc_page_result_clear(&stack[0]);
    dc_page_result_clear(&stack[1]);
    for (int i = 0; i < 3; i++)
        free(f[i]);
}
END_TEST

/* A page read again that is another sheet with a stored serial takes the other page of its set, stored
 * by the same scan (after it, or before it: a stack fed last page first), along: the checklist is not
 * given to the visit stored under the serial. */
START_TEST(test_a_page_read_again_as_another_sheet_keeps_its_set_apart)
{
    char sha[4][65];
    char *f[4] = {source_file("old1.tif", sha[0]), source_file("old2.tif", sha[1]), source_file("chk1.tif", sha[2]),
                  source_file("chk2.tif", sha[3])};
    dc_page_result unknown[2], other[2], known[2], chk[2];
    for (int i = 0; i < 2; i++) {
        memset(&unknown[i], 0, sizeof unknown[i]);
        unknown[i].file = dc_strdup(f[i]);
        unknown[i].page = 1;
        snprintf(unknown[i].file_sha256, sizeof unknown[i].file_sha256, "%.64s", sha[i]);
        unknown[i].status = DC_PAGE_REJECTED;
        unknown[i].reason = dc_asprintf(DC_PAGE_UNKNOWN_TEMPLATE_FMT, "access", 2);
        const char *serial = i ? "000124" : "000123";
        char name[32];
        snprintf(name, sizeof name, "other%d.tif", i);
        char osha[65];
        char *of = source_file(name, osha);
        access_page(&other[i], of, osha, 1, serial);   /* the visit stored under the serial */
        free(of);
        access_page(&known[i], f[i], sha[i], 1, serial);   /* the page read again: another visitor's sheet */
        known[i].template_version = 2;
        set_field(&known[i], "visitor_name", "SITI AMINAH", DC_STATE_ACCEPTED);
        set_field(&known[i], "id_number", "6171024502850007", DC_STATE_ACCEPTED);
        snprintf(known[i].image_sha256, sizeof known[i].image_sha256, "img-other-sheet-%d", i);
        checklist_page(&chk[i], f[2 + i], sha[2 + i], serial);
    }
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    ingest(a, unknown, 2, NULL);   /* batch 1: both rejected as an unknown template */
    ingest(a, other, 2, NULL);     /* batch 2: the visits stored under 000123 and 000124 */

    int64_t batch = 0;
    bool st = false;
    ck_assert_int_eq(dc_archive_batch_begin(a, "2026-11-02", &batch), DC_OK);
    ck_assert_int_eq(dc_archive_add_page(a, batch, &known[0], &st, NULL), DC_OK);   /* access, then checklist */
    ck_assert(st);
    ck_assert_int_eq(dc_archive_add_page(a, batch, &chk[0], &st, NULL), DC_OK);
    ck_assert_int_eq(dc_archive_add_page(a, batch, &chk[1], &st, NULL), DC_OK);     /* checklist, then access */
    ck_assert_int_eq(dc_archive_add_page(a, batch, &known[1], &st, NULL), DC_OK);
    ck_assert_int_eq(count("SELECT count(*) FROM pages WHERE form = 'access' AND status = 'rejected' AND batch_id = 3 "
                           "AND id IN (1, 2) AND reason LIKE 'another sheet has this serial:%'"), 2);
    ck_assert_int_eq(count("SELECT count(*) FROM pages WHERE form = 'checklist' AND status = 'rejected' AND reason "
                           "LIKE 'its set''s access form in this stack,%'"), 2);
    ck_assert_int_eq(dc_archive_sync_records(a, &rules, NULL), DC_OK);
    ck_assert_int_eq(dc_archive_batch_end(a, batch, "finished"), DC_OK);
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE checklist_page_id IS NOT NULL"), 0);
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE id_number = '6171012503900001'"), 2);
    assert_verifies(a);
    dc_archive_close(a);
    for (int i = 0; i < 2; i++) {
        dc_page_result_clear(&unknown[i]);
        dc_page_result_clear(&other[i]);
        dc_page_result_clear(&known[i]);
        dc_page_result_clear(&chk[i]);
    }
    for (int i = 0; i < 4; i++)
        free(f[i]);
}
END_TEST

/* A form page read again by a scan killed before it built the records (its batch left running) is
 * a form not built yet, not a record deleted outside dcaccess. */
START_TEST(test_a_page_read_again_by_a_scan_killed_before_its_records_is_not_a_deleted_record)
{
    char *file = NULL;
    dc_page_result unknown, known;
    dc_archive *a = archive_with_unknown_page(&unknown, &known, &file);
    int64_t batch = 0;
    bool st = false;
    ck_assert_int_eq(dc_archive_batch_begin(a, "2026-11-02", &batch), DC_OK);
    ck_assert_int_eq(dc_archive_add_page(a, batch, &known, &st, NULL), DC_OK);
    ck_assert(st);
    dc_archive_problems p;
    ck_assert_int_eq(dc_archive_verify(&p, a), DC_OK);
    ck_assert_msg(p.n == 0, "verify: %s", p.n ? p.items[0] : "");
    ck_assert_int_eq(p.unbuilt, 1);
    dc_archive_problems_clear(&p);
    dc_archive_close(a);
    dc_page_result_clear(&unknown);
    dc_page_result_clear(&known);
    free(file);
}
END_TEST

START_TEST(test_same_form_from_another_file_is_stored_as_duplicate)
{
    char sha1[65], sha2[65];
    char *f1 = source_file("a.tif", sha1), *f2 = source_file("b.tif", sha2);
    dc_page_result p[2];
    access_page(&p[0], f1, sha1, 1, "000123");
    access_page(&p[1], f2, sha2, 1, "000123");
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    ingest(a, p, 2, NULL);
    ck_assert_int_eq(count("SELECT count(*) FROM pages WHERE status='form'"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM pages WHERE status='duplicate' AND reason LIKE '%a.tif page 1'"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM fields f JOIN pages p ON p.id=f.page_id WHERE p.status='duplicate'"),
                     0);
    ck_assert_int_eq(count("SELECT count(*) FROM records"), 1);
    dc_archive_close(a);
    dc_page_result_clear(&p[0]);
    dc_page_result_clear(&p[1]);
    free(f1);
    free(f2);
}
END_TEST

START_TEST(test_checklist_scanned_later_is_paired_and_rechained)
{
    char sha1[65], sha2[65];
    char *f1 = source_file("a.tif", sha1), *f2 = source_file("b.tif", sha2);
    const char *acc_kv_yes[VISIT_N];
    memcpy(acc_kv_yes, visit_kv, sizeof visit_kv);
    for (size_t i = 0; i < VISIT_N; i += 3) {
        if (strcmp(acc_kv_yes[i], "brings_devices") == 0)
            acc_kv_yes[i + 1] = "yes";
        if (strcmp(acc_kv_yes[i], "exit_time") == 0)
            acc_kv_yes[i + 1] = "10:30";
    }
    static const char *chk_kv[] = {
        "device_1_name", "Laptop", "a",   "device_1_serial", "SN-1", "a", "device_1_in", "true", "a",
        "device_1_out", "false", "a",     "device_2_name", NULL, "e",     "visitor_signature", "true", "a",
        "operator_signature", "true", "a",
    };
    dc_page_result acc, chk;
    form_page(&acc, f1, sha1, 1, "access", "000200", acc_kv_yes, VISIT_N);
    form_page(&chk, f2, sha2, 1, "checklist", "000200", chk_kv, sizeof chk_kv / sizeof chk_kv[0]);
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    ingest(a, &acc, 1, NULL);
    dc_record *rec = NULL;
    dc_findings f = DC_FINDINGS_INIT;
    ck_assert_int_eq(dc_archive_record_load(&rec, &f, a, "000200"), DC_OK);
    char *s = findings_str(&f);
    ck_assert_str_eq(s, "devices_unlisted");
    free(s);
    dc_record_free(rec);

    ingest(a, &chk, 1, NULL);
    ck_assert_int_eq(dc_archive_record_load(&rec, &f, a, "000200"), DC_OK);
    ck_assert(rec->has_checklist);
    s = findings_str(&f);
    ck_assert_str_eq(s, "device_not_taken_out#1");
    free(s);
    dc_record_free(rec);
    dc_findings_clear(&f);
    ck_assert_int_eq(count("SELECT count(*) FROM chain WHERE kind='record' AND ref='000200'"), 2);
    ck_assert_int_eq(count("SELECT devices_in * 10 + devices_out FROM records"), 10);
    /* a correction names a row the form has, as the form writes it */
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000200", "device_01_out", "true", "Siti", NULL, NULL, NULL),
                     DC_ERR_NOT_FOUND);
    ck_assert_str_eq(dc_error_detail(), "no form field \"device_01_out\" (did you mean device_1_out?)");
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000200", "device_+1_out", "true", "Siti", NULL, NULL, NULL),
                     DC_ERR_NOT_FOUND);
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000200", "device_ 1_out", "true", "Siti", NULL, NULL, NULL),
                     DC_ERR_NOT_FOUND);
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000200", "device_3_in", "true", "Siti", NULL, NULL, NULL),
                     DC_ERR_NOT_FOUND);   /* a row this checklist does not have */
    ck_assert_str_eq(dc_error_detail(), "correcting 000200 device_3_in: the checklist form has no such field");
    /* the missing row is named before the value is judged: "X" is no serial, but that is not the point */
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000200", "device_3_serial", "X", "Siti", NULL, NULL, NULL),
                     DC_ERR_NOT_FOUND);
    ck_assert_str_eq(dc_error_detail(), "correcting 000200 device_3_serial: the checklist form has no such field");
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000200", "device_1_serial", "X", "Siti", NULL, NULL, NULL),
                     DC_ERR_VALUE);   /* on a row it has, the value is judged, and not wrapped */
    ck_assert_str_eq(dc_error_detail(), "device_1_serial: \"X\" is not a device serial (3-40 of A-Z 0-9 - / .)");
    ck_assert_int_eq(count("SELECT count(*) FROM corrections"), 0);
    ck_assert_int_eq(count("SELECT count(*) FROM fields WHERE field_id LIKE 'device_%' AND field_id NOT LIKE 'device_1_%' "
                           "AND field_id <> 'device_2_name'"),
                     0);
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000200", "device_1_out", "true", "Siti", NULL, NULL, NULL), DC_OK);
    ck_assert_int_eq(count("SELECT devices_in * 10 + devices_out FROM records"), 11);
    assert_verifies(a);
    dc_archive_close(a);
    dc_page_result_clear(&acc);
    dc_page_result_clear(&chk);
    free(f1);
    free(f2);
}
END_TEST

START_TEST(test_correcting_exit_time_removes_over_time_limit_and_is_recorded)
{
    char sha[65];
    char *file = source_file("day1.tif", sha);
    dc_page_result p;
    access_page(&p, file, sha, 1, "000123");
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    ingest(a, &p, 1, NULL);

    dc_findings before = DC_FINDINGS_INIT, after = DC_FINDINGS_INIT;
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000123", "exit_time", "10:15", "Siti", "misread 1 as 0", &before,
                                        &after),
                     DC_OK);
    char *s = findings_str(&before);
    ck_assert_str_eq(s, "over_time_limit");
    free(s);
    s = findings_str(&after);
    ck_assert_str_eq(s, "");
    free(s);
    ck_assert_int_eq(count("SELECT count(*) FROM findings"), 0);
    ck_assert_int_eq(count("SELECT count(*) FROM corrections WHERE serial='000123' AND field='exit_time' AND "
                           "old='11:30' AND new='10:15' AND who='Siti' AND why='misread 1 as 0' AND "
                           "at LIKE '20__-__-__T__:__:__Z'"),
                     1);
    ck_assert_int_eq(count("SELECT count(*) FROM fields WHERE field_id='exit_time' AND value='10:15' AND "
                           "state='corrected'"),
                     1);
    ck_assert_int_eq(count("SELECT duration_min FROM records"), 30);
    ck_assert_int_eq(count("SELECT count(*) FROM chain"), 3); /* record, correction, record again */
    assert_verifies(a);

    /* an invalid value changes nothing */
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000123", "exit_time", "10.15", "Siti", NULL, NULL, NULL),
                     DC_ERR_VALUE);
    ck_assert_int_eq(dc_archive_correct(a, &rules, "999999", "exit_time", "10:15", "Siti", NULL, NULL, NULL),
                     DC_ERR_NOT_FOUND);
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000123", "device_1_in", "true", "Siti", NULL, NULL, NULL),
                     DC_ERR_NOT_FOUND); /* no checklist page */
    /* text a report could not show is refused, naming what is wrong and where */
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000123", "visitor_name", "AB\xff", "Siti", NULL, NULL, NULL),
                     DC_ERR_VALUE);
    ck_assert_str_eq(dc_error_detail(), "visitor_name: the value is not valid text (not UTF-8 at byte 3)");
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000123", "exit_time", "10:15", "Si\x01ti", NULL, NULL, NULL),
                     DC_ERR_INVALID_ARG);
    ck_assert_str_eq(dc_error_detail(),
                     "the name of who made the correction is not valid text (a control character at byte 3)");
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000123", "exit_time", "10:15", "Siti", "x\xc0\xaf", NULL, NULL),
                     DC_ERR_INVALID_ARG);
    ck_assert_str_eq(dc_error_detail(), "the reason for the correction is not valid text (not UTF-8 at byte 2)");
    ck_assert_int_eq(count("SELECT count(*) FROM corrections"), 1);
    dc_findings_clear(&before);
    dc_findings_clear(&after);
    dc_archive_close(a);
    dc_page_result_clear(&p);
    free(file);
}
END_TEST

/* Another program writing to the archive for longer than the busy timeout (10 s) gets what to do,
 * not SQLite's bare "database is locked"; the correction is not stored, and stored when run again. */
START_TEST(test_an_archive_held_by_another_writer_says_what_to_do)
{
    dc_page_result p;
    char *file = NULL;
    dc_archive *a = archive_with_access_page_in_review(&p, &file, "exit_time");
    sqlite3 *other = NULL;
    ck_assert_int_eq(sqlite3_open(db_path, &other), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000123", "exit_time", "11:30", "Siti", NULL, NULL, NULL),
                     DC_ERR_ARCHIVE);
    char *want = dc_asprintf("%s: database is locked: another program has been writing to it for over 10 s "
                             "(another dcaccess command, or sqlite3 with the archive open): let it finish or "
                             "close it, then run the same command again (what was stored before stays stored)",
                             db_path);
    ck_assert_str_eq(dc_error_detail(), want);
    free(want);
    ck_assert_int_eq(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(other);
    ck_assert_int_eq(count("SELECT count(*) FROM corrections"), 0);
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000123", "exit_time", "11:30", "Siti", NULL, NULL, NULL), DC_OK);
    ck_assert_int_eq(count("SELECT count(*) FROM corrections"), 1);
    dc_archive_close(a);
    dc_page_result_clear(&p);
    free(file);
}
END_TEST

START_TEST(test_fields_in_review_are_pending_until_corrected)
{
    dc_page_result p;
    char *file = NULL;
    dc_archive *a = archive_with_access_page_in_review(&p, &file, "exit_time");
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE status='needs_review' AND exit_time IS NULL"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM findings"), 0); /* over_time_limit waits for the review */

    dc_pending_field *pend = NULL;
    size_t n = 0;
    ck_assert_int_eq(dc_archive_pending(&pend, &n, NULL, a), DC_OK);
    ck_assert_int_eq(n, 1);
    ck_assert_str_eq(pend[0].serial, "000123");
    ck_assert_str_eq(pend[0].field, "exit_time");
    ck_assert_str_eq(pend[0].value, "11:30");
    ck_assert_int_eq(pend[0].crop_png_len, 8);
    dc_pending_free(pend, n);

    dc_findings after = DC_FINDINGS_INIT;
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000123", "exit_time", "11:30", "Siti", NULL, NULL, &after), DC_OK);
    char *s = findings_str(&after);
    ck_assert_str_eq(s, "over_time_limit");
    free(s);
    dc_findings_clear(&after);
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE status='complete'"), 1);
    ck_assert_int_eq(dc_archive_pending(&pend, &n, NULL, a), DC_OK);
    ck_assert_int_eq(n, 0);
    dc_pending_free(pend, n);
    dc_archive_close(a);
    dc_page_result_clear(&p);
    free(file);
}
END_TEST

/* dc_page_result_field for changing a test page */
static dc_field_value *page_field(dc_page_result *p, const char *id)
{
    for (size_t i = 0; i < p->nfields; i++)
        if (strcmp(p->fields[i].id, id) == 0)
            return &p->fields[i];
    ck_abort_msg("no field %s", id);
    return NULL;
}

START_TEST(test_why_a_field_is_in_review_is_kept_and_listed)
{
    /* the scanner's reason is stored with the field; a value the validation gate holds back is
     * invalid; a field in review with no reason given reads as unsure, never as none */
    char sha[65];
    char *file = source_file("day1.tif", sha);
    dc_page_result p;
    access_page_in_review(&p, file, sha, "exit_time,visitor_name");
    page_field(&p, "visitor_name")->why = DC_WHY_DISAGREE;
    dc_field_value *id = page_field(&p, "id_number");
    free(id->value);
    id->value = dc_strdup("6171013503900001");   /* birth day 35: no NIK */
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    ingest(a, &p, 1, NULL);
    dc_pending_field *pend = NULL;
    size_t n = 0;
    ck_assert_int_eq(dc_archive_pending(&pend, &n, NULL, a), DC_OK);
    ck_assert_int_eq(n, 3);
    char got[256] = "";
    for (size_t i = 0; i < n; i++)
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s=%s;", pend[i].field, pend[i].why);
    ck_assert_str_eq(got, "exit_time=unsure;id_number=invalid;visitor_name=disagree;");
    dc_pending_free(pend, n);
    ck_assert_int_eq(count("SELECT count(*) FROM fields WHERE why IS NOT NULL"), 3);
    ck_assert_str_eq(dc_review_why_text("disagree"), "two readers read it differently (the suggestion is the likelier one)");
    ck_assert_str_eq(dc_review_why_text("from_a_later_version"), "from_a_later_version");
    ck_assert_ptr_null(dc_review_why_text(NULL));
    ck_assert_ptr_null(dc_review_why_name(DC_WHY_NONE));
    /* the reason is not part of the record: a changed reason is no tampering */
    tamper("UPDATE fields SET why='unsure' WHERE why='disagree'");
    size_t nprob = 0;
    char *problems = verify_text(a, &nprob);
    ck_assert_str_eq(problems, "");
    ck_assert_int_eq(nprob, 0);
    free(problems);
    dc_archive_close(a);
    dc_page_result_clear(&p);
    free(file);
}
END_TEST

/* dc_archive_each_field callback: the crossed cells of every field, "field=mask;" */
static int crossed_of(void *user, const dc_stored_field *f)
{
    char *s = user;
    snprintf(s + strlen(s), 256 - strlen(s), "%s=%u;", f->field, (unsigned)f->crossed);
    return 0;
}

static void assert_crossed(dc_archive *a, const char *state, const char *want)
{
    char got[256] = "";
    ck_assert_int_eq(dc_archive_each_field(a, state, NULL, crossed_of, got), DC_OK);
    ck_assert_str_eq(got, want);
}

START_TEST(test_crossed_cells_are_kept_with_the_field_and_read_from_a_schema_1_archive)
{
    /* the scan's record of the cells writing crossed from outside (dc_field_value.crossed) stays
     * with the field through a correction; an archive of schema 1 (before the column) reads as
     * nothing crossed, read-only as it is, and is migrated when opened for writing */
    char sha[65];
    char *file = source_file("day1.tif", sha);
    dc_page_result p;
    access_page_in_review(&p, file, sha, "entry_time,badge_number");
    for (size_t i = 0; i < p.nfields; i++)
        if (strcmp(p.fields[i].id, "entry_time") == 0)
            p.fields[i].crossed = 0x9u;
        else if (strcmp(p.fields[i].id, "badge_number") == 0)
            p.fields[i].crossed = 0x80000001u;
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    ingest(a, &p, 1, NULL);
    dc_findings after = DC_FINDINGS_INIT;
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000123", "entry_time", "09:45", "Siti", NULL, NULL, &after), DC_OK);
    dc_findings_clear(&after);
    assert_crossed(a, "corrected", "entry_time=9;");
    assert_crossed(a, "review", "badge_number=2147483649;");
    dc_archive_close(a);

    /* the same archive as schema 1 wrote it (but for records.rules: the records were chained with
     * it, and the migration to schema 6 adds the column only when it is missing) */
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open(db_path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "ALTER TABLE fields DROP COLUMN basis; ALTER TABLE fields DROP COLUMN read_as; "
                                      "ALTER TABLE fields DROP COLUMN crossed; "
                                      "DROP TABLE printed; "
                                      "PRAGMA user_version=1",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_READONLY), DC_OK);
    assert_crossed(a, "corrected", "entry_time=0;");
    dc_archive_close(a);
    ck_assert_int_eq(count("PRAGMA user_version"), 1);
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_EXISTING), DC_OK);
    assert_crossed(a, "review", "badge_number=0;");
    dc_archive_close(a);
    ck_assert_int_eq(count("PRAGMA user_version"), 14);
    ck_assert_int_eq(count("SELECT count(*) FROM fields WHERE crossed != 0"), 0);
    dc_page_result_clear(&p);
    free(file);
}
END_TEST

START_TEST(test_accepted_values_invalid_for_their_field_go_to_review)
{
    char sha[65];
    char *file = source_file("day1.tif", sha);
    const char *kv[VISIT_N];
    memcpy(kv, visit_kv, sizeof visit_kv);
    for (size_t i = 0; i < VISIT_N; i += 3) {
        if (strcmp(kv[i], "id_number") == 0)
            kv[i + 1] = "6171019693776998"; /* month 93: a misread the scanner was sure of */
        if (strcmp(kv[i], "entry_time") == 0)
            kv[i + 1] = "09:95";
    }
    dc_page_result p;
    form_page(&p, file, sha, 1, "access", "000123", kv, VISIT_N);
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    ingest(a, &p, 1, NULL);
    ck_assert_int_eq(count("SELECT count(*) FROM fields WHERE state='review'"), 2);
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE status='needs_review'"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM findings WHERE rule='id_invalid'"), 0);
    /* a person confirms what is written: now the rule speaks */
    dc_findings after = DC_FINDINGS_INIT;
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000123", "id_number", "6171019693776998", "Siti", "as written",
                                        NULL, &after),
                     DC_OK);
    char *s = findings_str(&after);
    ck_assert_str_eq(s, "id_invalid:id_number");
    free(s);
    dc_findings_clear(&after);
    dc_archive_close(a);
    dc_page_result_clear(&p);
    free(file);
}
END_TEST

/* Two records ingested and verified clean; returns the open archive. */
static dc_archive *two_records(char **file)
{
    char sha[65];
    *file = source_file("day1.tif", sha);
    dc_page_result p[2];
    access_page(&p[0], *file, sha, 1, "000123");
    access_page(&p[1], *file, sha, 2, "000124");
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    ingest(a, p, 2, NULL);
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000124", "exit_time", "10:15", "Siti", NULL, NULL, NULL), DC_OK);
    dc_page_result_clear(&p[0]);
    dc_page_result_clear(&p[1]);
    size_t n = 0;
    char *v = verify_text(a, &n);
    ck_assert_msg(n == 0, "verify before tampering: %s", v);
    free(v);
    return a;
}

/* The scan accepts a visit date read as the batch date at a lower bar (DC_SCAN_DATE_CONTEXT_CONF):
 * when the batch's date is set again, a date accepted only for the old one goes back to review,
 * and one left unsure that reads as the new one is accepted, as the scan would have. */
START_TEST(test_a_new_batch_date_decides_the_visit_dates_it_read_as_again)
{
    char sha[65];
    char *file = source_file("day1.tif", sha);
    struct {
        const char *serial, *date, *state;
        double conf;
        dc_review_why why;
        dc_field_basis basis;
    } visits[] = {
        {"000123", "2026-11-03", "r", 0.85, DC_WHY_UNSURE, DC_BASIS_NONE},        /* -> accepted */
        {"000124", "2026-11-02", "a", 0.85, DC_WHY_NONE, DC_BASIS_BATCH_DATE},    /* -> review */
        {"000125", "2026-11-03", "r", 0.70, DC_WHY_UNSURE, DC_BASIS_NONE},        /* under the bar */
        {"000126", "2026-11-03", "r", 0.95, DC_WHY_FAINT, DC_BASIS_NONE},         /* maybe a stain */
        {"000127", "2026-11-02", "a", 0.99, DC_WHY_NONE, DC_BASIS_READING},       /* its own reading */
    };
    const size_t nv = sizeof visits / sizeof visits[0];
    dc_page_result p[5];
    for (size_t i = 0; i < nv; i++) {
        access_page(&p[i], file, sha, (int)i + 1, visits[i].serial);
        dc_field_value *d = page_field(&p[i], "visit_date");
        free(d->value);
        d->value = dc_strdup(visits[i].date);
        d->state = visits[i].state[0] == 'r' ? DC_STATE_REVIEW : DC_STATE_ACCEPTED;
        d->confidence = visits[i].conf;
        d->why = visits[i].why;
        d->basis = visits[i].basis;
    }
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    ingest(a, p, nv, NULL);   /* batch 1, dated 2026-11-02 */
    dc_batch_redate moved = {0};
    ck_assert_int_eq(dc_archive_set_batch_date(a, &rules, 1, "2026-11-03", "Siti", NULL, 0.8, &moved), DC_OK);
    ck_assert_uint_eq(moved.records, 5);
    ck_assert_uint_eq(moved.dates_accepted, 1);
    ck_assert_uint_eq(moved.dates_to_review, 1);
    const char *q = "SELECT group_concat(p.serial || ' ' || f.state || ' ' || coalesce(f.basis, '-') || ' ' || "
                    "coalesce(f.why, '-'), ';') FROM fields f JOIN pages p ON p.id = f.page_id "
                    "WHERE f.field_id = 'visit_date' ORDER BY p.serial";
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db, q, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    ck_assert_str_eq((const char *)sqlite3_column_text(st, 0),
                     "000123 accepted batch_date -;000124 review - unsure;000125 review - unsure;"
                     "000126 review - faint;000127 accepted reading -");
    sqlite3_finalize(st);
    sqlite3_close(db);
    /* the records follow: 000123 has nothing left to review, 000124 has its date to review */
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE serial = '000123' AND status = 'complete' "
                           "AND visit_date = '2026-11-03'"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE serial = '000124' AND status = 'needs_review' "
                           "AND visit_date IS NULL"), 1);
    assert_verifies(a);
    /* 0: the context is not redone (back to 2026-11-02: 000123 stays accepted as read then) */
    ck_assert_int_eq(dc_archive_set_batch_date(a, &rules, 1, "2026-11-02", "Siti", NULL, 0, &moved), DC_OK);
    ck_assert_uint_eq(moved.records, 5);
    ck_assert_uint_eq(moved.dates_accepted + moved.dates_to_review, 0);
    dc_archive_close(a);
    for (size_t i = 0; i < nv; i++)
        dc_page_result_clear(&p[i]);
    free(file);
}
END_TEST

/* A form sheet with nothing written on it (an unused sheet in the stack, the printed PDF) is no
 * visit: it is stored as blank, and the visit later written on its serial is stored, not refused
 * as another sheet with that serial. The checklist of a visit with no devices has nothing written
 * either: with its access form stored, it is kept with the visit. */
START_TEST(test_a_form_with_nothing_written_is_an_unused_form_not_a_visit)
{
    static const char *empty_access[] = {
        "visit_date", "", "e", "visitor_name", "", "e", "id_type", "", "r", "decision", "", "r",
        "badge_returned", "false", "a", "visitor_signature", "false", "a",
    };
    static const char *empty_checklist[] = {
        "device_1_name", "", "e", "device_1_in", "false", "a", "visitor_signature", "false", "a",
    };
    char sha[65];
    char *file = source_file("day1.tif", sha);
    dc_page_result p[5];
    form_page(&p[0], file, sha, 1, "access", "000201", empty_access, sizeof empty_access / sizeof *empty_access);
    form_page(&p[1], file, sha, 2, "checklist", "000201", empty_checklist,
              sizeof empty_checklist / sizeof *empty_checklist);
    access_page(&p[2], file, sha, 3, "000201");   /* the visit written on it later */
    form_page(&p[3], file, sha, 4, "checklist", "000201", empty_checklist,
              sizeof empty_checklist / sizeof *empty_checklist);
    form_page(&p[4], file, sha, 5, "checklist", "000201", empty_checklist,
              sizeof empty_checklist / sizeof *empty_checklist);
    for (int i = 0; i < 5; i++)   /* the choices of the unused sheet: no box ticked */
        for (size_t k = 0; k < p[i].nfields; k++)
            if (p[i].fields[k].state == DC_STATE_REVIEW)
                p[i].fields[k].why = DC_WHY_NO_CHOICE;
    snprintf(p[3].image_sha256, sizeof p[3].image_sha256, "img-checklist-visit");
    snprintf(p[4].image_sha256, sizeof p[4].image_sha256, "img-checklist-again");
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    int64_t batch = 0;
    ck_assert_int_eq(dc_archive_batch_begin(a, "2026-11-03", &batch), DC_OK);
    /* the last: an empty checklist of 000201 again, once the visit's is stored: a sheet of that serial
     * is stored, so it is a duplicate (it said "unused form ... the serial stays free") */
    const dc_page_status want[] = {DC_PAGE_BLANK, DC_PAGE_BLANK, DC_PAGE_FORM, DC_PAGE_FORM, DC_PAGE_DUPLICATE};
    for (int i = 0; i < 5; i++) {
        bool stored = false;
        dc_page_status st = DC_PAGE_REJECTED;
        ck_assert_int_eq(dc_archive_add_page(a, batch, &p[i], &stored, &st), DC_OK);
        ck_assert(stored);
        ck_assert_msg(st == want[i], "page %d: %s", i + 1, dc_page_status_name(st));
    }
    ck_assert_int_eq(dc_archive_sync_records(a, &rules, NULL), DC_OK);
    ck_assert_int_eq(dc_archive_batch_end(a, batch, "finished"), DC_OK);
    ck_assert_int_eq(count("SELECT count(*) FROM pages WHERE status = 'blank' AND reason = 'nothing is written on "
                           "access 000201 page 1: an unused form, not a visit'"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM pages WHERE status = 'blank' AND reason = 'nothing is written on "
                           "checklist 000201 page 2: an unused form, not a visit'"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM pages WHERE page = 5 AND status = 'duplicate' AND reason LIKE "
                           "'same form serial and page as %'"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE serial = '000201' AND checklist_page_id = "
                           "(SELECT id FROM pages WHERE page = 4)"), 1);
    assert_verifies(a);
    dc_archive_close(a);
    for (int i = 0; i < 5; i++)
        dc_page_result_clear(&p[i]);
    free(file);
}
END_TEST

/* Who signs a correction: a name with letters, no space at either end, at most 100 characters. */
START_TEST(test_a_correction_is_signed_by_a_name)
{
    ck_assert_int_eq(dc_archive_check_signature("SITI AMINAH", "read again\non paper"), DC_OK);
    ck_assert_int_eq(dc_archive_check_signature("Ñoño", NULL), DC_OK);
    ck_assert_int_eq(dc_archive_check_signature("\xCE\x91\xCE\xBD\xCE\xBD\xCE\xB1 O'Brien-Putri", NULL), DC_OK); /* Άννα */
    ck_assert_int_eq(dc_archive_check_signature("SITI 2", NULL), DC_OK);
    ck_assert_int_eq(dc_archive_check_signature("\xF0\xA0\xAE\xB7", NULL), DC_OK);   /* 𠮷, beyond the first plane */
    ck_assert_int_eq(dc_archive_check_signature("\xE7\x8E\x8B \xE8\x8A\xB3", NULL), DC_OK);   /* 王 芳 */
    static const char *const names[] = {
        "M. RIZKY", "O'NEIL", "SITI-AMINAH",
        "\xE0\xB8\xAA\xE0\xB8\xA1\xE0\xB8\x8A\xE0\xB8\xB2\xE0\xB8\xA2",   /* สมชาย */
        "\xE0\xA4\xB0\xE0\xA4\xBE\xE0\xA4\xAE",                               /* राम */
        "\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF",                                       /* محمد */
        "\xEA\xB9\x80\xEB\xAF\xBC\xEC\x88\x98",                                   /* 김민수 */
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        ck_assert_msg(dc_archive_check_signature(names[i], NULL) == DC_OK, "%s: %s", names[i], dc_error_detail());
    static const struct { const char *who, *why, *says; } bad[] = {
        {NULL, NULL, "needs the name of who made it"},
        {"", NULL, "needs the name of who made it"},
        {"   ", NULL, "needs the name of who made it"},
        {"\xC2\xA0", NULL, "needs the name of who made it"},
        {"-.-", NULL, "needs the name of who made it"},
        {"123", NULL, "needs the name of who made it"},
        {"\xD9\xA1\xD9\xA2", NULL, "needs the name of who made it"},          /* Arabic-Indic 12 */
        {"\xEF\xBC\x91\xEF\xBC\x92", NULL, "of a special form (U+FF11"},       /* fullwidth 12 */
        {"\xE2\x80\xA6", NULL, "needs the name of who made it"},              /* "…" */
        {"\xE2\x80\x8B", NULL, "needs the name of who made it"},              /* a zero-width space */
        {"\xE3\x85\xA4", NULL, "needs the name of who made it"},              /* a Hangul filler */
        {"\xCC\x81", NULL, "needs the name of who made it"},                  /* a combining accent alone */
        {"\xEE\x80\x80", NULL, "needs the name of who made it"},              /* private use */
        {"\xF0\x9F\x98\x80", NULL, "needs the name of who made it"},          /* 😀 */
        {"\xE0\xB9\x88\xE0\xB9\x88", NULL, "needs the name of who made it"},  /* Thai tone marks alone */
        {"\xE0\xA5\x8D", NULL, "needs the name of who made it"},              /* a virama alone */
        {"\xD9\x8E", NULL, "needs the name of who made it"},                  /* a fatha alone */
        {"\xEF\xBC\xB3\xEF\xBC\xA9\xEF\xBC\xB4\xEF\xBC\xA9", NULL, "letters of a special form (U+FF33"}, /* ＳＩＴＩ */
        {"\xF0\x9D\x90\x92ITI", NULL, "letters of a special form (U+1D412"},  /* a mathematical bold S */
        {"SI\xE1\xA0\x8BTI", NULL, "(U+180B, character 3)"},                 /* a Mongolian variation selector */
        {"SITI\xE1\x9E\xB4", NULL, "(U+17B4, character 5)"},
        {"SI\xF0\x9B\xB2\xA0TI", NULL, "(U+1BCA0, character 3)"},
        {"SITI\xC2\xA0", NULL, "holds an invisible character or an unusual space (U+00A0, character 5)"},
        {"SITI\xE2\x80\x83", NULL, "(U+2003, character 5)"},
        {"\xE3\x80\x80SITI", NULL, "(U+3000, character 1)"},
        {"S\xE2\x80\x8BITI", NULL, "(U+200B, character 2)"},
        {"SI\xE2\x80\xAE" "ITS", NULL, "(U+202E, character 3)"},   /* shown right to left: "SISTI" */
        {"SI\xE2\x80\xA8TI", NULL, "(U+2028, character 3)"},      /* a line break */
        {"SITI\xD8\x9C", NULL, "(U+061C, character 5)"},
        {"SITI\xF3\xA0\x81\x81", NULL, "(U+E0041, character 5)"},  /* a tag */
        {" SITI", NULL, "begins or ends with a space"},
        {"SITI ", NULL, "begins or ends with a space"},
        {"SITI\x01", NULL, "not valid text (a control character at byte 5)"},
        {"SI\xC2\x85TI", NULL, "not valid text (a control character at byte 3)"},   /* shows as "SITI" */
        {"SITI", "ok \xEF\xBF\xBE", "reason for the correction is not valid text (U+FFFE or U+FFFF at byte 4)"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_int_eq(dc_archive_check_signature(bad[i].who, bad[i].why), DC_ERR_INVALID_ARG);
        ck_assert_msg(strstr(dc_error_detail(), bad[i].says), "case %zu: %s", i, dc_error_detail());
    }
    char longname[DC_SIGNATURE_MAX + 2];
    memset(longname, 'A', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    ck_assert_int_eq(dc_archive_check_signature(longname, NULL), DC_ERR_INVALID_ARG);
    ck_assert_str_eq(dc_error_detail(), "the name of who made the correction is 101 characters long, more than 100: "
                                        "give the name a person signs with");
    longname[DC_SIGNATURE_MAX] = '\0';
    ck_assert_int_eq(dc_archive_check_signature(longname, NULL), DC_OK);

    /* every way of changing the archive checks it, and changes nothing when it fails */
    char *file = NULL;
    dc_archive *a = two_records(&file);
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000123", "phone", "081234567890", "   ", NULL, NULL, NULL),
                     DC_ERR_INVALID_ARG);
    ck_assert_int_eq(dc_archive_set_batch_date(a, &rules, 1, "2026-11-03", "SITI ", NULL, 0.8, NULL), DC_ERR_INVALID_ARG);
    ck_assert_int_eq(count("SELECT count(*) FROM corrections"), 1);
    dc_archive_close(a);
    free(file);
}
END_TEST

#define R120 "visit_limit_minutes=120; rules engine " DC_TEST_STR(DC_RULES_ENGINE)

/* A record keeps the rules it was checked with; checking it again under other rules (recheck, or
 * a correction made with them) is a signed, chained correction of "rules", never a silent change
 * of its findings. */
START_TEST(test_a_record_checked_under_other_rules_says_so)
{
    char *file = NULL;
    dc_archive *a = two_records(&file);   /* 000123: 09:45-11:30, over the 60 min limit */
    ASSERT_SQL_TEXT("SELECT rules FROM records WHERE serial='000123'", SOP_STAMP);
    /* the rules are part of the record's chain entry: changed or cleared behind dcaccess's back,
     * found (a recheck would otherwise skip it, its findings made under other rules) */
    tamper("UPDATE records SET rules = 'visit_limit_minutes=120' WHERE serial = '000124'");
    expect_problem(a, "record 000124: content (fields, confidences, scanned images, status, batch date or findings) differs");
    tamper("UPDATE records SET rules = NULL WHERE serial = '000124'");
    expect_problem(a, "record 000124: content (fields, confidences, scanned images, status, batch date or findings) differs");
    tamper("UPDATE records SET rules = '" SOP_STAMP "' WHERE serial = '000124'");
    assert_verifies(a);
    dc_rules r120 = rules;
    r120.visit_limit_min = 120;
    dc_findings before = DC_FINDINGS_INIT, after = DC_FINDINGS_INIT;
    bool other = false;
    ck_assert_int_eq(dc_archive_recheck(a, &r120, "000123", "SITI", "limit 120 from November", &before, &after, &other),
                     DC_OK);
    ck_assert(other);
    char *s = findings_str(&before);
    ck_assert_str_eq(s, "over_time_limit");
    free(s);
    ck_assert_int_eq((int)after.n, 0);
    dc_findings_clear(&before);
    dc_findings_clear(&after);
    ASSERT_SQL_TEXT("SELECT rules FROM records WHERE serial='000123'", R120);
    ASSERT_SQL_TEXT("SELECT old || ' -> ' || new || ' by ' || who || ': ' || why FROM corrections "
                    "WHERE serial='000123' AND field='rules'",
                    SOP_STAMP " -> " R120 " by SITI: limit 120 from November");
    ck_assert_int_eq(count("SELECT count(*) FROM findings WHERE serial='000123'"), 0);
    /* again: nothing to do */
    ck_assert_int_eq(dc_archive_recheck(a, &r120, "000123", "SITI", NULL, NULL, NULL, &other), DC_OK);
    ck_assert(!other);
    ck_assert_int_eq(count("SELECT count(*) FROM corrections WHERE field='rules'"), 1);
    assert_verifies(a);

    /* a correction made with the SOP defaults checks it with them again, and says so too */
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000123", "phone", "081298765432", "ANDI", "typo", NULL, NULL),
                     DC_OK);
    ck_assert_int_eq(count("SELECT count(*) FROM corrections WHERE serial='000123' AND field='rules' AND who='ANDI' "
                           "AND old='" R120 "' AND new='" SOP_STAMP "'"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM findings WHERE serial='000123' AND rule='over_time_limit'"), 1);

    /* (a record checked before the archive kept the rules: test_report_cli.sh, on an archive the
     * dcaccess of session 19 wrote) */
    /* the column changed behind dcaccess's back is found, also by the last correction of the rules */
    tamper("UPDATE records SET rules = '" R120 "' WHERE serial = '000123'");
    expect_problem(a, "record 000123: it says it was checked with the rules \"" R120 "\", but its last "
                      "correction of the rules says \"" SOP_STAMP "\" (altered)");
    ck_assert_int_eq(dc_archive_recheck(a, &rules, "000999", "SITI", NULL, NULL, NULL, &other), DC_ERR_NOT_FOUND);
    ck_assert_int_eq(dc_archive_recheck(a, &rules, "000124", " ", NULL, NULL, NULL, &other), DC_ERR_INVALID_ARG);
    dc_archive_close(a);
    free(file);
}
END_TEST

/* Two dcaccess versions on one archive: a record a newer rules engine checked is left to it by the
 * older one (recheck, a correction, a page added by a scan), which would otherwise check it back,
 * signed, and the newer one forward again, each time the other was used; nothing changes, and a
 * scan stores the page and builds every other record. */
START_TEST(test_a_record_a_newer_dcaccess_checked_is_left_to_it)
{
    char *file = NULL;
    dc_archive *a = two_records(&file);
    dc_rules newer = rules;
    newer.engine = DC_RULES_ENGINE + 1;
    char stamp[64], want[256];
    snprintf(stamp, sizeof stamp, "SOP defaults; rules engine %d", DC_RULES_ENGINE + 1);
    bool other = false;
    ck_assert_int_eq(dc_archive_recheck(a, &newer, "000123", "SITI", "updated", NULL, NULL, &other), DC_OK);
    ck_assert(other);
    ASSERT_SQL_TEXT("SELECT rules FROM records WHERE serial='000123'", stamp);
    snprintf(want, sizeof want, "%s: record 000123 was checked by a newer dcaccess (rules engine %d; this one has %d): "
             "it is left as it is; update dcaccess on this PC", db_path, DC_RULES_ENGINE + 1, DC_RULES_ENGINE);
    ck_assert_int_eq(dc_archive_recheck(a, &rules, "000123", "ANDI", NULL, NULL, NULL, &other), DC_ERR_NEWER);
    ck_assert(!other);
    ck_assert_ptr_nonnull(strstr(dc_error_detail(), want));
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000123", "phone", "081298765432", "ANDI", NULL, NULL, NULL),
                     DC_ERR_NEWER);
    ck_assert_ptr_nonnull(strstr(dc_error_detail(), want));
    ck_assert_int_eq(count("SELECT count(*) FROM corrections WHERE serial='000123'"), 1);   /* the recheck's */
    ASSERT_SQL_TEXT("SELECT rules FROM records WHERE serial='000123'", stamp);
    /* the other record, checked by this engine, is this one's to check */
    ck_assert_int_eq(dc_archive_recheck(a, &rules, "000124", "ANDI", NULL, NULL, NULL, &other), DC_OK);
    ck_assert(!other);

    /* a checklist of 000123 scanned by the older one: stored, its record left to the newer one */
    static const char *const devices[] = {"device_1_name", "LAPTOP", "a", "device_1_serial", "SN-1", "a",
                                          "device_1_in", "true", "a", "device_1_out", "true", "a"};
    char sha[65];
    char *f2 = source_file("day2.tif", sha);
    dc_page_result p;
    form_page(&p, f2, sha, 1, "checklist", "000123", devices, sizeof devices / sizeof *devices);
    int64_t batch = 0;
    ck_assert_int_eq(dc_archive_batch_begin(a, "2026-11-02", &batch), DC_OK);
    bool stored = false;
    ck_assert_int_eq(dc_archive_add_page(a, batch, &p, &stored, NULL), DC_OK);
    ck_assert(stored);
    ck_assert_int_eq(dc_archive_sync_records(a, &rules, NULL), DC_ERR_NEWER);
    snprintf(want, sizeof want, "%s: 1 record checked by a newer dcaccess (000123) not built again with its new pages, "
             "which are stored (the newer dcaccess builds it when it scans next); the others were: update dcaccess on "
             "this PC", db_path);
    ck_assert_str_eq(dc_error_detail(), want);
    ck_assert_int_eq(dc_archive_batch_end(a, batch, "finished"), DC_OK);
    ck_assert_int_eq(count("SELECT count(*) FROM pages WHERE serial='000123' AND form='checklist' AND status='form'"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE serial='000123' AND checklist_page_id IS NULL"), 1);
    assert_verifies(a);
    /* the newer one builds it when it scans next */
    ck_assert_int_eq(dc_archive_sync_records(a, &newer, NULL), DC_OK);
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE serial='000123' AND checklist_page_id IS NOT NULL"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM corrections WHERE serial='000123'"), 1);
    assert_verifies(a);
    dc_page_result_clear(&p);
    dc_archive_close(a);
    free(f2);
    free(file);
}
END_TEST

/* `forms print` continues after the serials printed or scanned, reserving them in one
 * transaction; what overlaps is found per page printed (an access-only run and a checklist-only run
 * of the same serials make sets); an archive of schema 5 (before printed ranges) is migrated and
 * asks for a first serial. */
static dc_print_plan plan_of(const char *form, long first, long count, bool reprint)
{
    dc_print_plan p = {.form = form, .first = first, .count = count, .reprint = reprint, .file = "/forms/f.pdf"};
    return p;
}

/* The forms a stack leaves to find: serials of a print of access forms not scanned, below the
 * stack's highest and above the highest scanned before it, merged where prints overlap (a reprint);
 * a gap an earlier stack left is not said again by a later one. */
START_TEST(test_a_stack_names_the_forms_handed_out_before_it_that_did_not_come_back)
{
    char sha[65], sha2[65];
    char *file = source_file("day1.tif", sha), *file2 = source_file("day2.tif", sha2);
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    dc_serial_span *f = NULL;
    size_t n = 9;
    ck_assert_int_eq(dc_archive_batch_serials_to_find(a, 1, NULL, 0, &f, &n), DC_OK);   /* nothing printed, nothing scanned */
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(f);
    dc_print_plan pl = plan_of("set", 1, 20, false);
    ck_assert_int_eq(dc_archive_reserve_print(a, &pl), DC_OK);
    pl = plan_of("set", 3, 3, true);   /* a reprint of 3-5 */
    ck_assert_int_eq(dc_archive_reserve_print(a, &pl), DC_OK);
    ck_assert_int_eq(pl.verdict, DC_PRINT_OK);
    pl = plan_of("checklist", 30, 10, false);   /* checklists alone: no visit is handed out with them */
    ck_assert_int_eq(dc_archive_reserve_print(a, &pl), DC_OK);
    dc_page_result p[3];
    access_page(&p[0], file, sha, 1, "000002");
    access_page(&p[1], file, sha, 2, "000004");
    access_page(&p[2], file, sha, 3, "000006");
    ingest(a, p, 3, NULL);   /* batch 1 */
    ck_assert_int_eq(dc_archive_batch_serials_to_find(a, 1, NULL, 0, &f, &n), DC_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_int_eq(f[0].first, 1);
    ck_assert_int_eq(f[0].last, 1);
    ck_assert_int_eq(f[1].first, 3);
    ck_assert_int_eq(f[1].last, 3);
    ck_assert_int_eq(f[2].first, 5);
    ck_assert_int_eq(f[2].last, 5);
    free(f);
    for (int i = 0; i < 3; i++)
        dc_page_result_clear(&p[i]);
    access_page(&p[0], file2, sha2, 1, "000005");   /* came back late */
    access_page(&p[1], file2, sha2, 2, "000009");
    ingest_on(a, "2026-11-03", p, 2, NULL);   /* batch 2 */
    ck_assert_int_eq(dc_archive_batch_serials_to_find(a, 2, NULL, 0, &f, &n), DC_OK);
    ck_assert_uint_eq(n, 1);   /* 1 and 3 are the first stack's to find */
    ck_assert_int_eq(f[0].first, 7);
    ck_assert_int_eq(f[0].last, 8);
    free(f);
    for (int i = 0; i < 2; i++)
        dc_page_result_clear(&p[i]);
    /* blank stock scanned (an unused form) was not handed out: nothing below it is to find */
    static const char *empty_access[] = {
        "visit_date", "", "e", "visitor_name", "", "e", "badge_returned", "false", "a", "visitor_signature", "false", "a",
    };
    form_page(&p[0], file2, sha2, 3, "access", "000015", empty_access, sizeof empty_access / sizeof *empty_access);
    ingest_on(a, "2026-11-04", p, 1, NULL);   /* batch 3 */
    ck_assert_int_eq(count("SELECT count(*) FROM pages WHERE serial = '000015' AND status = 'blank'"), 1);
    ck_assert_int_eq(dc_archive_batch_serials_to_find(a, 3, NULL, 0, &f, &n), DC_OK);
    ck_assert_uint_eq(n, 0);
    dc_page_result_clear(&p[0]);
    /* nor does it say what went missing before it: the stack of 000017 names 10-14, handed out
     * after 000009, the highest form written on of the stacks before, and 16 (it named 16 only:
     * 10-14 were said by no stack, and the audit named them a month later) */
    access_page(&p[0], file2, sha2, 4, "000017");
    ingest_on(a, "2026-11-05", p, 1, NULL);   /* batch 4 */
    ck_assert_int_eq(dc_archive_batch_serials_to_find(a, 4, NULL, 0, &f, &n), DC_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(f[0].first, 10);
    ck_assert_int_eq(f[0].last, 14);
    ck_assert_int_eq(f[1].first, 16);
    ck_assert_int_eq(f[1].last, 16);
    free(f);
    dc_page_result_clear(&p[0]);
    dc_archive_close(a);
    free(file);
    free(file2);
}
END_TEST
/* A stack whose scan was cut off (killed) is finished by the scan of the same files again: the
 * pages the cut-off run stored are that stack's too. They were taken for another stack's, which
 * bounds the gaps, so the forms missing below them were named by no scan (the run cut off said
 * nothing, the next one nothing below its pages). */
START_TEST(test_a_stack_finished_after_a_cut_off_scan_names_the_forms_to_find)
{
    char sha[65];
    char *file = source_file("day1.tif", sha);
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    dc_print_plan pl = plan_of("set", 1, 10, false);
    ck_assert_int_eq(dc_archive_reserve_print(a, &pl), DC_OK);
    dc_page_result p[3];
    access_page(&p[0], file, sha, 1, "000001");
    access_page(&p[1], file, sha, 2, "000004");
    access_page(&p[2], file, sha, 3, "000005");
    int64_t cut = 0, rerun = 0;
    bool stored = false;
    ck_assert_int_eq(dc_archive_batch_begin(a, "2026-11-02", &cut), DC_OK);
    for (int i = 0; i < 2; i++) {
        ck_assert_int_eq(dc_archive_add_page(a, cut, &p[i], &stored, NULL), DC_OK);
        ck_assert(stored);
    }
    ck_assert_int_eq(dc_archive_batch_end(a, cut, "interrupted"), DC_OK);
    ck_assert_int_eq(dc_archive_batch_begin(a, "2026-11-02", &rerun), DC_OK);   /* the same files again */
    ck_assert_int_eq(dc_archive_add_page(a, rerun, &p[2], &stored, NULL), DC_OK);
    ck_assert(stored);
    ck_assert_int_eq(dc_archive_sync_records(a, &rules, NULL), DC_OK);
    ck_assert_int_eq(dc_archive_batch_end(a, rerun, "finished"), DC_OK);
    dc_serial_span *f = NULL;
    size_t n = 9;
    ck_assert_int_eq(dc_archive_batch_serials_to_find(a, rerun, &cut, 1, &f, &n), DC_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(f[0].first, 2);
    ck_assert_int_eq(f[0].last, 3);
    free(f);
    /* taken for another stack's, the cut-off run's pages hide the gap below them */
    ck_assert_int_eq(dc_archive_batch_serials_to_find(a, rerun, NULL, 0, &f, &n), DC_OK);
    ck_assert_uint_eq(n, 0);
    for (int i = 0; i < 3; i++)
        dc_page_result_clear(&p[i]);
    dc_archive_close(a);
    free(file);
}
END_TEST

/* Removes the test archive with its -wal and -shm (closed), for a new one at db_path. */
static void remove_archive(void)
{
    char *side = dc_asprintf("%s-wal", db_path);
    unlink(side);
    free(side);
    side = dc_asprintf("%s-shm", db_path);
    unlink(side);
    free(side);
    unlink(db_path);
}

/* The serials printed are chained (schema 12), so that the audit's account of them rests on what
 * verify checks: a print changed, deleted or inserted outside dcaccess is found; one taken back
 * because its PDF was not written is not taken for one deleted; prints recorded before the upgrade
 * are not chained, and chain_meta says from which print on they are. */
START_TEST(test_the_serials_printed_are_chained)
{
    char *file = NULL;
    dc_archive *a = two_records(&file);
    const int64_t entries = count("SELECT count(*) FROM chain");
    dc_print_plan p = plan_of("set", 125, 16, false);
    ck_assert_int_eq(dc_archive_reserve_print(a, &p), DC_OK);
    ck_assert_int_eq(p.verdict, DC_PRINT_OK);
    ck_assert_int_eq(count("SELECT count(*) FROM chain"), entries + 1);
    char *ref = sql_text("SELECT kind || ' ' || ref FROM chain ORDER BY seq DESC LIMIT 1");
    char want[300];
    snprintf(want, sizeof want, "print %lld", (long long)p.id);
    ck_assert_str_eq(ref, want);
    free(ref);
    dc_print_plan taken = plan_of("set", 0, 4, false);
    ck_assert_int_eq(dc_archive_reserve_print(a, &taken), DC_OK);
    ck_assert_int_eq(dc_archive_release_print(a, taken.id), DC_OK);
    ck_assert_int_eq(count("SELECT count(*) FROM printed"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM chain"), entries + 3);
    size_t np = 0;
    char *v = verify_text(a, &np);
    ck_assert_msg(np == 0, "printed, and a print taken back: %s", v);
    free(v);

    tamper("UPDATE printed SET last = 130");
    v = verify_text(a, &np);
    snprintf(want, sizeof want, "print #%lld (serials 000125-000130, set): differs from chain entry #%lld (altered); "
                                "what differs: last: chained \"140\", now \"130\"\n",
             (long long)p.id, (long long)entries + 1);
    ck_assert_str_eq(v, want);
    free(v);
    tamper("UPDATE printed SET last = 140");
    tamper("DELETE FROM printed");
    v = verify_text(a, &np);
    snprintf(want, sizeof want, "print #%lld: in the hash chain (entry #%lld) but missing from the archive (deleted)\n",
             (long long)p.id, (long long)entries + 1);
    ck_assert_str_eq(v, want);
    free(v);
    tamper("INSERT INTO printed(id, first, last, form, file, at) VALUES(7, 1, 50, 'access', '/x.pdf', "
           "'2026-11-01T00:00:00Z')");
    v = verify_text(a, &np);
    ck_assert_msg(np == 2 && strstr(v, "print #7 (serials 000001-000050, access): not in the hash chain (inserted or "
                                       "changed outside dcaccess)\n"),
                  "a print inserted: %s", v);
    free(v);
    tamper("DELETE FROM chain_meta WHERE key = 'prints_chained_from'");
    v = verify_text(a, &np);
    ck_assert_msg(strstr(v, "chain_meta 'prints_chained_from', which says from which print on the serials printed are "
                            "chained, is missing (deleted outside dcaccess)\n"),
                  "the row deleted: %s", v);
    free(v);
    dc_archive_close(a);
    free(file);

    /* an archive of schema 11 with a print recorded: not chained, and not a problem once upgraded */
    remove_archive();
    a = two_records(&file);
    dc_archive_close(a);
    tamper("INSERT INTO printed(first, last, form, file, at) VALUES(125, 140, 'set', '/old.pdf', '2026-10-01T00:00:00Z');"
           "DELETE FROM chain_meta WHERE key = 'prints_chained_from'; PRAGMA user_version=11");
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_EXISTING), DC_OK);
    ck_assert_int_eq(count("PRAGMA user_version"), 14);
    ck_assert_int_eq(count("SELECT value FROM chain_meta WHERE key = 'prints_chained_from'"), 2);
    p = plan_of("set", 0, 10, false);
    ck_assert_int_eq(dc_archive_reserve_print(a, &p), DC_OK);
    ck_assert_int_eq(p.first, 141);
    v = verify_text(a, &np);
    ck_assert_msg(np == 0, "upgraded from schema 11: %s", v);
    free(v);
    tamper("UPDATE printed SET last = 139 WHERE id = 1");   /* unchained: verify cannot tell */
    tamper("UPDATE printed SET file = '/other.pdf' WHERE id = 2");
    v = verify_text(a, &np);
    ck_assert_msg(np == 1 && strstr(v, "print #2 (serials 000141-000150, set): differs from chain entry #"),
                  "a print made since changed: %s", v);
    free(v);
    /* the mark is chained (schema 13): raised outside dcaccess, it made a print inserted since the
     * upgrade look like one recorded before it */
    tamper("UPDATE printed SET file = '/forms/f.pdf' WHERE id = 2");
    ck_assert_int_eq(count("SELECT count(*) FROM chain WHERE kind = 'mark' AND ref = 'prints_chained_from'"), 1);
    tamper("UPDATE chain_meta SET value = 10 WHERE key = 'prints_chained_from';"
           "INSERT INTO printed(id, first, last, form, file, at) VALUES(5, 300, 310, 'set', '/fake.pdf', "
           "'2026-11-20T00:00:00Z')");
    v = verify_text(a, &np);
    snprintf(want, sizeof want, "chain_meta 'prints_chained_from' says the serials printed are chained from print #10 "
                                "on, but the chain says from #2 on (entry #%lld): changed outside dcaccess; checked "
                                "from #2 on\n"
                                "print #5 (serials 000300-000310, set): not in the hash chain (inserted or changed "
                                "outside dcaccess)\n",
             (long long)count("SELECT seq FROM chain WHERE kind = 'mark'"));
    ck_assert_str_eq(v, want);
    free(v);
    /* the row as the upgrade wrote it, and the print inserted still found */
    tamper("UPDATE chain_meta SET value = 2 WHERE key = 'prints_chained_from'");
    v = verify_text(a, &np);
    ck_assert_str_eq(v, "print #5 (serials 000300-000310, set): not in the hash chain (inserted or changed outside "
                        "dcaccess)\n");
    free(v);
    dc_archive_close(a);
    free(file);
}
END_TEST

/* Stores page 1 of `file` as the rejected access form of `serial`, in a batch of its own. */
static void store_rejected(dc_archive *a, const char *file, const char *sha, const char *serial)
{
    dc_page_result p;
    rejected_access_page(&p, file, sha, serial);
    ingest(a, &p, 1, NULL);
    dc_page_result_clear(&p);
}

/* Asserts that verify says `first` (a line, or "") and then that page 2 of `file`, a blank sheet
 * inserted with the sqlite3 shell, is not in the chain. */
static void assert_inserted_blank_found(dc_archive *a, const char *first, const char *file)
{
    char want[1024];
    snprintf(want, sizeof want, "%s%s page 2 (blank): not in the hash chain (inserted or changed outside dcaccess)\n",
             first, file);
    size_t np = 0;
    char *v = verify_text(a, &np);
    ck_assert_str_eq(v, want);
    free(v);
}

/* Appends a chain entry of kind 'mark' raising `key` to `value`, its hashes made as dcaccess
 * makes them (dc_archive.h; written here again on purpose): what a forger who knows the formula
 * appends, at the chain's end, where it breaks no link. */
static void forge_mark(const char *key, long value)
{
    char *raw = dc_asprintf("v=1\nkey=%s\nvalue=%ld\n", key, value), ph[65], hash[65];
    dc_sha256_hex(raw, strlen(raw), ph);
    char *prev = sql_text("SELECT hash FROM chain ORDER BY seq DESC LIMIT 1");
    const char *at = "2026-12-03T10:00:00Z";
    char *in = dc_asprintf("%s\nmark\n%s\n%s\n%s", prev, key, ph, at);
    dc_sha256_hex(in, strlen(in), hash);
    char *line2 = dc_asprintf("key=%s\n", key), *line3 = dc_asprintf("value=%ld\n", value);
    char *kept = dc_asprintf("4:v=1\n%zu:%s%zu:%s", strlen(line2), line2, strlen(line3), line3);
    char *sql = sqlite3_mprintf("INSERT INTO chain(kind, ref, payload_hash, prev_hash, hash, at, payload) "
                                "VALUES('mark', %Q, %Q, %Q, %Q, %Q, %Q)", key, ph, prev, hash, at, kept);
    tamper(sql);
    sqlite3_free(sql);
    free(raw);
    free(prev);
    free(in);
    free(line2);
    free(line3);
    free(kept);
}

/* From which page and which print on the chain covers them (chain_meta 'pages_chained_from' and
 * 'prints_chained_from', which the upgrades to schemas 5 and 12 set) is chained too (schema 13):
 * the row raised with the sqlite3 shell hid a page inserted below it, such as a blank sheet that
 * makes a missing serial look scanned unused in the audit's account of the serials printed. */
START_TEST(test_from_which_page_the_chain_covers_them_is_chained)
{
    char sha[3][65];
    char *f[3] = {source_file("old.tif", sha[0]), source_file("new.tif", sha[1]), source_file("new2.tif", sha[2])};
    dc_archive *a = NULL;
    /* an archive of schema 12 with a rejected page stored before pages were chained: its entry (the
     * only one) removed, the mark above it as the upgrade to schema 5 set it */
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    store_rejected(a, f[0], sha[0], "000301");
    dc_archive_close(a);
    ck_assert_int_eq(count("SELECT count(*) FROM chain WHERE kind = 'page'"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM chain WHERE kind = 'mark'"), 0);   /* new: every page is chained */
    tamper("DELETE FROM chain; UPDATE chain_meta SET value = 2 WHERE key = 'pages_chained_from'; "
           "PRAGMA user_version=12");
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_EXISTING), DC_OK);
    ck_assert_int_eq(count("PRAGMA user_version"), 14);
    char *v = sql_text("SELECT seq || ' ' || ref || ' ' || payload FROM chain WHERE kind = 'mark'");
    ck_assert_str_eq(v, "1 pages_chained_from 4:v=1\n23:key=pages_chained_from\n8:value=2\n");
    free(v);
    size_t np = 0;
    v = verify_text(a, &np);
    ck_assert_msg(np == 0, "upgraded: %s", v);   /* the page stored before has no entry, and needs none */
    free(v);
    store_rejected(a, f[1], sha[1], "000302");
    v = verify_text(a, &np);
    ck_assert_msg(np == 0, "a page stored since: %s", v);
    free(v);

    /* a blank sheet of serial 000303 inserted as page 3, and the mark raised above it */
    tamper("CREATE TEMP TABLE t AS SELECT * FROM pages WHERE id = 2; UPDATE t SET id = 3, page = 2, status = 'blank', "
           "reason = NULL, serial = '000303'; INSERT INTO pages SELECT * FROM t");
    assert_inserted_blank_found(a, "", f[1]);
    tamper("UPDATE chain_meta SET value = 4 WHERE key = 'pages_chained_from'");
    assert_inserted_blank_found(a,
                                "chain_meta 'pages_chained_from' says the pages that make no record are chained from "
                                "page #4 on, but the chain says from #2 on (entry #1): changed outside dcaccess; "
                                "checked from #2 on\n",
                                f[1]);
    /* a second mark appended, hashed as dcaccess hashes: the chain still links, and its newest
     * mark now says 4, as the row does; dcaccess writes one mark per key */
    forge_mark("pages_chained_from", 4);
    v = verify_text(a, &np);
    ck_assert_str_eq(v, "chain entry #3: a second mark pages_chained_from (after entry #1; dcaccess writes one, at the "
                        "upgrade to schema 13): inserted\n");
    free(v);
    tamper("DELETE FROM chain WHERE seq = 3; UPDATE chain_meta SET value = 4 WHERE key = 'pages_chained_from'");
    /* the row deleted: named, and the pages are checked from the chain's mark (the page stored
     * before it is not taken for one inserted) */
    tamper("DELETE FROM chain_meta WHERE key = 'pages_chained_from'");
    assert_inserted_blank_found(a,
                                "chain_meta 'pages_chained_from', which says from which page on the pages that make "
                                "no record are chained, is missing (deleted outside dcaccess)\n",
                                f[1]);
    dc_archive_close(a);

    /* a new archive has no mark entry: every page is chained, and a row raised says so */
    remove_archive();
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    store_rejected(a, f[2], sha[2], "000304");
    tamper("CREATE TEMP TABLE t AS SELECT * FROM pages WHERE id = 1; UPDATE t SET id = 2, page = 2, status = 'blank', "
           "reason = NULL, serial = '000305'; INSERT INTO pages SELECT * FROM t; "
           "UPDATE chain_meta SET value = 3 WHERE key = 'pages_chained_from'");
    assert_inserted_blank_found(a,
                                "chain_meta 'pages_chained_from' says the pages that make no record are chained from "
                                "page #3 on, but the chain says every one is (no entry marks another): changed "
                                "outside dcaccess; checked from the first on\n",
                                f[2]);
    dc_archive_close(a);

    /* 'prints_chained_from' raised while the archive was of schema 12, before the upgrade chained
     * it: a print chained below it still says so */
    remove_archive();
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    dc_print_plan pr = plan_of("set", 1, 5, false);
    ck_assert_int_eq(dc_archive_reserve_print(a, &pr), DC_OK);
    ck_assert_int_eq(pr.verdict, DC_PRINT_OK);
    dc_archive_close(a);
    tamper("UPDATE chain_meta SET value = 10 WHERE key = 'prints_chained_from'; PRAGMA user_version=12");
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_EXISTING), DC_OK);
    v = sql_text("SELECT ref || ' ' || payload FROM chain WHERE kind = 'mark'");
    ck_assert_str_eq(v, "prints_chained_from 4:v=1\n24:key=prints_chained_from\n9:value=10\n");
    free(v);
    v = verify_text(a, &np);
    char want[256];
    snprintf(want, sizeof want, "print #%lld is chained, though the mark 'prints_chained_from' says the serials "
                                "printed are chained from print #10 on: the mark was raised outside dcaccess\n",
             (long long)pr.id);
    ck_assert_str_eq(v, want);
    free(v);
    dc_archive_close(a);
    for (int i = 0; i < 3; i++)
        free(f[i]);
}
END_TEST

/* A print's id is never given again: the newest print deleted outside dcaccess was hidden by the
 * next `forms print`, which took its id (INTEGER PRIMARY KEY reuses the highest one), so that its
 * chain entry matched again and verify said OK, while the deleted print's serials were printed a
 * second time. A print taken back keeps its id too: the chain holds it. */
START_TEST(test_a_print_id_is_not_given_again)
{
    char *file = NULL;
    dc_archive *a = two_records(&file);
    dc_print_plan p1 = plan_of("set", 125, 10, false);
    ck_assert_int_eq(dc_archive_reserve_print(a, &p1), DC_OK);
    dc_print_plan p2 = plan_of("set", 0, 5, false);
    ck_assert_int_eq(dc_archive_reserve_print(a, &p2), DC_OK);
    ck_assert_int_eq(p2.first, 135);
    const int64_t entry = count("SELECT max(seq) FROM chain");
    tamper("DELETE FROM printed WHERE first = 135");
    dc_print_plan p3 = plan_of("set", 0, 5, false);
    ck_assert_int_eq(dc_archive_reserve_print(a, &p3), DC_OK);
    ck_assert_int_eq(p3.first, 135);   /* the deleted print's serials, printed again */
    ck_assert_int_eq(p3.id, p2.id + 1);
    size_t np = 0;
    char *v = verify_text(a, &np);
    char want[200];
    snprintf(want, sizeof want, "print #%lld: in the hash chain (entry #%lld) but missing from the archive (deleted)\n",
             (long long)p2.id, (long long)entry);
    ck_assert_str_eq(v, want);
    free(v);
    dc_archive_close(a);
    free(file);

    /* taken back: the next print gets the id after it */
    remove_archive();
    a = two_records(&file);
    p1 = plan_of("set", 125, 10, false);
    ck_assert_int_eq(dc_archive_reserve_print(a, &p1), DC_OK);
    ck_assert_int_eq(dc_archive_release_print(a, p1.id), DC_OK);
    p2 = plan_of("set", 125, 10, false);
    ck_assert_int_eq(dc_archive_reserve_print(a, &p2), DC_OK);
    ck_assert_int_eq(p2.id, p1.id + 1);
    v = verify_text(a, &np);
    ck_assert_msg(np == 0, "a print taken back, then one made: %s", v);
    free(v);
    dc_archive_close(a);
    free(file);
}
END_TEST

START_TEST(test_printed_serials_continue_and_overlaps_are_found)
{
    char *file = NULL;
    dc_archive *a = two_records(&file);   /* the access forms of 000123 and 000124 scanned */
    long next = 0;
    ck_assert_int_eq(dc_archive_next_serial(a, "set", &next), DC_OK);
    ck_assert_int_eq(next, 125);
    ck_assert_int_eq(dc_archive_next_serial(a, "checklist", &next), DC_OK);
    ck_assert_int_eq(next, 1);
    ck_assert_int_eq(dc_archive_next_serial(a, "visitor", &next), DC_ERR_INVALID_ARG);

    /* no printing recorded yet: a continuing run needs a first serial, and records nothing */
    dc_print_plan p = plan_of("set", 0, 16, false);
    ck_assert_int_eq(dc_archive_reserve_print(a, &p), DC_OK);
    ck_assert_int_eq(p.verdict, DC_PRINT_NEEDS_FIRST);
    ck_assert_int_eq(p.next, 125);
    ck_assert_int_eq(count("SELECT count(*) FROM printed"), 0);

    p = plan_of("set", 125, 16, false);
    ck_assert_int_eq(dc_archive_reserve_print(a, &p), DC_OK);
    ck_assert_int_eq(p.verdict, DC_PRINT_OK);
    ck_assert_int_gt(p.id, 0);
    ck_assert_int_eq(count("SELECT count(*) FROM printed WHERE first = 125 AND last = 140 AND form = 'set' AND "
                           "file = '/forms/f.pdf'"), 1);
    dc_print_plan cont = plan_of("set", 0, 2, false);
    ck_assert_int_eq(dc_archive_reserve_print(a, &cont), DC_OK);
    ck_assert_int_eq(cont.verdict, DC_PRINT_OK);
    ck_assert_int_eq(cont.first, 141);

    /* printed before: refused, or reserved again with reprint */
    p = plan_of("access", 139, 4, false);
    ck_assert_int_eq(dc_archive_reserve_print(a, &p), DC_OK);
    ck_assert_int_eq(p.verdict, DC_PRINT_PRINTED);
    ck_assert_int_eq(p.use.printed_first, 125);
    ck_assert_int_eq(p.use.printed_last, 140);
    ck_assert_str_eq(p.use.printed_file, "/forms/f.pdf");
    ck_assert_int_eq((int)strlen(p.use.printed_at), 20);
    p = plan_of("access", 130, 2, true);
    ck_assert_int_eq(dc_archive_reserve_print(a, &p), DC_OK);
    ck_assert_int_eq(p.verdict, DC_PRINT_OK);
    ck_assert_int_eq(dc_archive_next_serial(a, "set", &next), DC_OK);
    ck_assert_int_eq(next, 143);

    /* the checklists of the two scanned access forms were never printed: they may be */
    p = plan_of("checklist", 123, 2, false);
    ck_assert_int_eq(dc_archive_reserve_print(a, &p), DC_OK);
    ck_assert_int_eq(p.verdict, DC_PRINT_OK);
    /* a scanned serial never, reprint or not */
    p = plan_of("set", 120, 5, true);
    ck_assert_int_eq(dc_archive_reserve_print(a, &p), DC_OK);
    ck_assert_int_eq(p.verdict, DC_PRINT_SCANNED);
    ck_assert_int_eq(p.use.stored, 2);
    ck_assert_int_eq(p.use.first_stored, 123);
    p = plan_of("set", 999999, 2, false);
    ck_assert_int_eq(dc_archive_reserve_print(a, &p), DC_OK);
    ck_assert_int_eq(p.verdict, DC_PRINT_PAST_END);

    /* a PDF not written gives its serials back */
    const long ranges = count("SELECT count(*) FROM printed");
    ck_assert_int_eq(dc_archive_release_print(a, cont.id), DC_OK);
    ck_assert_int_eq(count("SELECT count(*) FROM printed"), ranges - 1);
    ck_assert_int_eq(dc_archive_next_serial(a, "set", &next), DC_OK);
    ck_assert_int_eq(next, 141);
    assert_verifies(a);   /* printing changes no record */
    dc_archive_close(a);

    /* the same archive as schema 5 left it: no printed table; read-only it reads the stored
     * serials only, and opened for writing it is migrated, and asks where printing stands */
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open(db_path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "DROP TABLE printed; ALTER TABLE records DROP COLUMN rules; PRAGMA user_version=5",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_READONLY), DC_OK);
    ck_assert_int_eq(dc_archive_next_serial(a, "set", &next), DC_OK);
    ck_assert_int_eq(next, 125);
    dc_serials_in_use u;
    ck_assert_int_eq(dc_archive_serials_in_use(a, "set", 100, 200, &u), DC_OK);
    ck_assert_int_eq(u.stored, 2);
    ck_assert_int_eq(u.printed_first, 0);
    p = plan_of("set", 125, 1, false);
    ck_assert_int_eq(dc_archive_reserve_print(a, &p), DC_ERR_ARCHIVE);
    dc_archive_close(a);
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_EXISTING), DC_OK);
    ck_assert_int_eq(count("PRAGMA user_version"), 14);
    ck_assert_int_eq(count("SELECT count(*) FROM pragma_table_info('records') WHERE name = 'rules'"), 1);
    p = plan_of("set", 0, 1, false);
    ck_assert_int_eq(dc_archive_reserve_print(a, &p), DC_OK);
    ck_assert_int_eq(p.verdict, DC_PRINT_NEEDS_FIRST);
    dc_archive_close(a);
    free(file);
}
END_TEST

static void expect_problem(dc_archive *a, const char *needle)
{
    size_t n = 0;
    char *v = verify_text(a, &n);
    ck_assert_msg(n >= 1 && strstr(v, needle), "verify should report \"%s\", got:\n%s", needle, v);
    free(v);
}

START_TEST(test_verify_names_a_field_value_changed_behind_its_back)
{
    char *file;
    dc_archive *a = two_records(&file);
    tamper("UPDATE fields SET value='10:00' WHERE field_id='exit_time' AND page_id="
           "(SELECT id FROM pages WHERE serial='000123')");
    expect_problem(a, "record 000123: content (fields, confidences, scanned images, status, batch date or findings) differs from chain entry");
    size_t n = 0;
    char *v = verify_text(a, &n);
    ck_assert_ptr_null(strstr(v, "000124"));
    free(v);
    expect_problem(a, "record 000123: content (fields, confidences, scanned images, status, batch date or findings) differs from "
                      "chain entry #1 (altered); what differs: exit_time: chained \"11:30\" (accepted), now \"10:00\" "
                      "(accepted)\n");
    /* a line break in a value, followed by what looks like another entry, stays in that value */
    tamper("UPDATE fields SET value='10:00' || char(10) || 'f:visitor_name=accepted:BOB' WHERE field_id='exit_time' "
           "AND page_id=(SELECT id FROM pages WHERE serial='000123')");
    expect_problem(a, "(altered); what differs: exit_time: chained \"11:30\" (accepted), now "
                      "\"10:00\\nf:visitor_name=accepted:BOB\" (accepted)\n");
    /* an entry whose kept content and payload hash were both made to fit: its own hash no longer
     * seals them, so what it keeps is not shown (whoever altered it chose it) */
    tamper("UPDATE fields SET value='10:00' WHERE field_id='exit_time' AND page_id="
           "(SELECT id FROM pages WHERE serial='000123')");
    char *sealed = sql_text("SELECT payload_hash FROM chain WHERE seq=1");
    ck_assert_ptr_nonnull(sealed);
    tamper("UPDATE chain SET payload_hash='0000000000000000000000000000000000000000000000000000000000000000' "
           "WHERE seq=1");
    expect_problem(a, "differs from chain entry #1 (altered); what the entry keeps is not shown: the entry itself was "
                      "altered\n");
    char *put_back = dc_asprintf("UPDATE chain SET payload_hash='%s' WHERE seq=1", sealed);
    tamper(put_back);
    free(put_back);
    free(sealed);
    /* the content an entry keeps, changed to match: its hash tells, and it is not taken for what was chained */
    tamper("UPDATE chain SET payload=replace(payload, 'exit_time=accepted:11:30', 'exit_time=accepted:10:00') "
           "WHERE seq=1");
    expect_problem(a, "differs from chain entry #1 (altered); the content the entry keeps does not match its hash "
                      "either (altered too)\n");
    /* what an entry keeps, not in dcaccess's form at all: said, and nothing read past its end */
    tamper("UPDATE chain SET payload='99:too short' WHERE seq=1");
    expect_problem(a, "chain entry #1 (record 000123): the content it keeps does not match its hash (altered)\n");
    tamper("UPDATE chain SET payload='0:' WHERE seq=1");
    expect_problem(a, "chain entry #1 (record 000123): the content it keeps does not match its hash (altered)\n");
    /* an entry made before schema 9 keeps none: the record is named as before */
    tamper("UPDATE chain SET payload=NULL");
    expect_problem(a, "differs from chain entry #1 (altered)\n");
    dc_archive_close(a);
    free(file);
}
END_TEST

/* A record moved to a batch that is not there (batches are not chained; batch-date then skipped
 * it): named (verify said OK) */
START_TEST(test_verify_names_a_record_whose_batch_is_not_there)
{
    char *file;
    dc_archive *a = two_records(&file);
    tamper("UPDATE records SET batch_id = 99 WHERE serial = '000124'");
    expect_problem(a, "record 000124: its batch 99 is not in the archive (altered: the record moved to a batch that is "
                      "not there, or its batch deleted)\n");
    size_t n = 0;
    char *v = verify_text(a, &n);
    ck_assert_uint_eq(n, 1);
    free(v);
    dc_archive_close(a);
    free(file);
}
END_TEST

/* A value changed past the 40 bytes a message shows: shown from just before the difference (the
 * two cut values read alike, "chained \"PT TELEKOMUNIKASI INDONESIA TBK WITEL KA...\"" twice) */
START_TEST(test_verify_shows_a_difference_past_what_a_message_holds)
{
    char *file;
    dc_archive *a = two_records(&file);
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000123", "institution", "PT TELEKOMUNIKASI INDONESIA TBK WITEL KALBAR",
                                        "Siti", "as on the paper", NULL, NULL),
                     DC_OK);
    tamper("UPDATE fields SET value=replace(value, 'KALBAR', 'KALTIM') WHERE field_id='institution';"
           "UPDATE records SET institution=replace(institution, 'KALBAR', 'KALTIM')");
    expect_problem(a, "what differs: institution: chained \"... WITEL KALBAR\" (corrected), now \"... WITEL KALTIM\" "
                      "(corrected)\n");
    /* a difference early in a long value: shown from its start, as before */
    tamper("UPDATE fields SET value='PX' || substr(value, 3) WHERE field_id='institution';"
           "UPDATE records SET institution='PX' || substr(institution, 3)");
    expect_problem(a, "what differs: institution: chained \"PT TELEKOMUNIKASI INDONESIA TBK WITEL KA...\" (corrected), "
                      "now \"PX TELEKOMUNIKASI INDONESIA TBK WITEL KA...\" (corrected)\n");
    dc_archive_close(a);
    free(file);
}
END_TEST

/* A record's chain entry (payload version 3) covers the images its values were read from (each
 * field's crop, each page's thumbnail) and the values as its pages store them, which the record
 * builder normalises (a name in capitals), and (version 4) the form version each page was read
 * with: verify names each one changed. */
START_TEST(test_verify_names_an_image_or_stored_text_changed_behind_its_back)
{
    dc_page_result p;
    char *file = NULL;
    dc_archive *a = archive_with_access_page_in_review(&p, &file, "exit_time");
    dc_page_result_clear(&p);
    size_t n = 0;
    char *v = verify_text(a, &n);
    ck_assert_msg(n == 0, "verify before tampering: %s", v);
    free(v);
    ck_assert_int_eq(count("SELECT substr(payload, 1, 6) = '4:v=4' || char(10) FROM chain WHERE seq = 1"), 1);
    char crop[65], zero[65];
    dc_sha256_hex("\x89PNG-fake", 8, crop);   /* the fixture's crop of a field in review */
    dc_sha256_hex("", 1, zero);                 /* one zero byte */
    const char *head = "record 000123: content (fields, confidences, scanned images, status, batch date or findings) differs from "
                       "chain entry #1 (altered); what differs: ";
    tamper("UPDATE fields SET crop = X'00' WHERE field_id = 'exit_time'");
    char *want = dc_asprintf("%sscanned image of exit_time: chained %.12s..., now %.12s...\n", head, crop, zero);
    expect_problem(a, want);
    free(want);
    tamper("UPDATE fields SET crop = NULL WHERE field_id = 'exit_time'");
    want = dc_asprintf("%sscanned image of exit_time: chained %.12s..., now no image\n", head, crop);
    expect_problem(a, want);
    free(want);
    /* an empty image (SQLite gives no pointer for it) and one stored as text are images too */
    tamper("UPDATE fields SET crop = X'' WHERE field_id = 'exit_time'");
    want = dc_asprintf("%sscanned image of exit_time: chained %.12s..., now e3b0c44298fc...\n", head, crop);
    expect_problem(a, want);
    free(want);
    tamper("UPDATE fields SET crop = X'89504E472D66616B' WHERE field_id = 'exit_time'");
    tamper("UPDATE fields SET crop = CAST(crop AS TEXT) WHERE field_id = 'exit_time'");
    v = verify_text(a, &n);
    ck_assert_msg(n == 0, "verify with the crop stored as text, the same bytes: %s", v);
    free(v);
    tamper("UPDATE fields SET crop = X'89504E472D66616B' WHERE field_id = 'exit_time'");   /* put back */
    v = verify_text(a, &n);
    ck_assert_msg(n == 0, "verify with the crop put back: %s", v);
    free(v);
    tamper("UPDATE pages SET thumb = X'00' WHERE serial = '000123'");
    want = dc_asprintf("%sthumbnail of the access page: chained none, now %.12s...\n", head, zero);
    expect_problem(a, want);
    free(want);
    tamper("UPDATE pages SET thumb = NULL WHERE serial = '000123'");
    /* the record holds the name in capitals; the page holds it as read, which the audit shows */
    tamper("UPDATE fields SET value = 'BUDI  santoso' WHERE field_id = 'visitor_name'");
    want = dc_asprintf("%stext stored for visitor_name: chained \"Budi Santoso\", now \"BUDI  santoso\"\n", head);
    expect_problem(a, want);
    free(want);
    tamper("UPDATE fields SET value = 'BUDI SANTOSO' WHERE field_id = 'visitor_name'");
    expect_problem(a, "what differs: text stored for visitor_name: chained \"Budi Santoso\", now missing\n");
    tamper("UPDATE fields SET value = 'Budi Santoso' WHERE field_id = 'visitor_name'");
    tamper("UPDATE pages SET template_version = 2 WHERE serial = '000123'");
    want = dc_asprintf("%sform version of the access page: chained \"1\", now \"2\"\n", head);
    expect_problem(a, want);
    free(want);
    tamper("UPDATE pages SET template_version = 1 WHERE serial = '000123'");
    v = verify_text(a, &n);
    ck_assert_msg(n == 0, "verify with the version put back: %s", v);
    free(v);
    dc_archive_close(a);
    free(file);
}
END_TEST

/* A correction to a record altered behind dcaccess's back is refused: chaining the record again
 * sealed the alteration, and `verify` said OK after any later review answer or correction. Other
 * records are still corrected. */
START_TEST(test_a_record_altered_behind_its_back_is_not_chained_again)
{
    char *file;
    dc_archive *a = two_records(&file);
    tamper("UPDATE fields SET value='08111111111' WHERE field_id='phone' AND page_id="
           "(SELECT id FROM pages WHERE serial='000123')");
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000123", "exit_time", "11:20", "Siti", "misread", NULL, NULL),
                     DC_ERR_TAMPERED);
    char *want = dc_asprintf("correcting 000123 exit_time: %s: record 000123: content (fields, confidences, scanned images, "
                             "status, batch date or findings) differs from chain entry #1 (altered); what differs: phone: "
                             "chained \"081234567890\" (accepted), now \"08111111111\" (accepted): nothing was changed, since "
                             "chaining it again would hide that; run dcaccess verify, and restore the archive from a "
                             "backup (README, troubleshooting)", db_path);
    ck_assert_str_eq(dc_error_detail(), want);
    free(want);
    ck_assert_int_eq(count("SELECT count(*) FROM corrections WHERE serial='000123'"), 0);
    expect_problem(a, "record 000123: content (fields, confidences, scanned images, status, batch date or findings) differs from chain entry");
    tamper("UPDATE records SET visitor_name='SOMEONE ELSE' WHERE serial='000124'");
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000124", "exit_time", "10:20", "Siti", NULL, NULL, NULL),
                     DC_ERR_TAMPERED);
    tamper("UPDATE records SET visitor_name='BUDI SANTOSO' WHERE serial='000124'");
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000124", "exit_time", "10:20", "Siti", NULL, NULL, NULL), DC_OK);
    expect_problem(a, "record 000123: content");
    dc_archive_close(a);
    free(file);
}
END_TEST

/* A time on the paper that is no clock time is recorded as written, and the SOP check names it:
 * `correct` refused 25:10, so the paper's error could only be recorded as "nothing written", which
 * is another finding (no_exit_time) or none. */
START_TEST(test_a_time_that_is_no_clock_time_is_recorded_as_written)
{
    char *file;
    dc_archive *a = two_records(&file);
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000123", "exit_time", "25:10", "Siti", "as on the paper", NULL, NULL),
                     DC_OK);
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE serial='000123' AND exit_time='25:10' "
                           "AND duration_min IS NULL"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM findings WHERE serial='000123' AND rule='times_inconsistent' "
                           "AND message_en='Times inconsistent: exit time is not a clock time'"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM findings WHERE serial='000123' AND rule='over_time_limit'"), 0);
    assert_verifies(a);
    dc_archive_close(a);
    free(file);
}
END_TEST

/* A stack scanned with the wrong batch date (or none, after midnight): the batch's date is set
 * again, each record gets a signed correction of batch_date, and is checked with the new date. */
START_TEST(test_a_wrong_batch_date_is_corrected_for_the_whole_batch)
{
    char *file;
    dc_archive *a = two_records(&file);   /* batch 1, dated 2026-11-02, visits dated 2026-11-02 */
    dc_batch_redate moved = {99, 99, 99, false};
    ck_assert_int_eq(dc_archive_set_batch_date(a, &rules, 1, "2026-11-05", "Siti", "scanned on the 5th", 0.8, &moved), DC_OK);
    ck_assert_uint_eq(moved.records, 2);
    ck_assert_uint_eq(moved.dates_accepted, 0);   /* the visit dates were accepted on their own reading */
    ck_assert_uint_eq(moved.dates_to_review, 0);
    ck_assert(moved.date_changed);
    ck_assert_int_eq(count("SELECT count(*) FROM batches WHERE id = 1 AND batch_date = '2026-11-05'"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE batch_date = '2026-11-05'"), 2);
    ck_assert_int_eq(count("SELECT count(*) FROM corrections WHERE field = 'batch_date' AND old = '2026-11-02' "
                           "AND new = '2026-11-05' AND who = 'Siti' AND why = 'scanned on the 5th'"), 2);
    /* checked again: the visit date is now 3 days from the batch date */
    ck_assert_int_eq(count("SELECT count(*) FROM findings WHERE rule = 'date_mismatch'"), 2);
    assert_verifies(a);
    ck_assert_int_eq(dc_archive_set_batch_date(a, &rules, 1, "2026-11-05", "Siti", NULL, 0.8, &moved), DC_OK);
    ck_assert_uint_eq(moved.records, 0);   /* already so: nothing changed */
    ck_assert_int_eq(count("SELECT count(*) FROM corrections WHERE field = 'batch_date'"), 2);
    ck_assert_int_eq(dc_archive_set_batch_date(a, &rules, 7, "2026-11-02", "Siti", NULL, 0.8, &moved), DC_ERR_NOT_FOUND);
    ck_assert_int_eq(dc_archive_set_batch_date(a, &rules, 1, "2026-11-31", "Siti", NULL, 0.8, &moved), DC_ERR_VALUE);
    ck_assert_int_eq(dc_archive_set_batch_date(a, &rules, 1, "2026-11-02", "", NULL, 0.8, &moved), DC_ERR_INVALID_ARG);
    /* a record of the batch altered behind dcaccess's back: nothing changes */
    tamper("UPDATE fields SET value='08111111111' WHERE field_id='phone' AND page_id="
           "(SELECT id FROM pages WHERE serial='000124')");
    ck_assert_int_eq(dc_archive_set_batch_date(a, &rules, 1, "2026-11-02", "Siti", NULL, 0.8, &moved), DC_ERR_TAMPERED);
    ck_assert_int_eq(count("SELECT count(*) FROM batches WHERE batch_date = '2026-11-05'"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM corrections WHERE field = 'batch_date'"), 2);
    dc_archive_close(a);
    free(file);
}
END_TEST

START_TEST(test_verify_names_a_deleted_record)
{
    char *file;
    dc_archive *a = two_records(&file);
    tamper("DELETE FROM records WHERE serial='000123'");
    expect_problem(a, "record 000123: in the hash chain (entry #1) but missing from the archive (deleted)");
    dc_archive_close(a);
    free(file);
}
END_TEST

/* A batch cut off is finished by a later scan of all it was given (its folder, or a folder holding
 * it), not by a scan of one of its files; one whose process runs still is not "cut off". */
START_TEST(test_a_batch_cut_off_is_finished_by_a_scan_of_all_it_was_given)
{
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    int64_t cut = 0, one = 0, all = 0;
    const char *const day[] = {"/srv/scans/day"}, *const file[] = {"/srv/scans/day/0001.png"},
                      *const scans[] = {"/srv/scans"};
    ck_assert_int_eq(dc_archive_batch_begin(a, "2026-11-02", &cut), DC_OK);
    ck_assert_int_eq(dc_archive_batch_inputs(a, cut, day, 1), DC_OK);
    char sha[65];
    char *f = source_file("day1.tif", sha);
    dc_page_result p;
    access_page(&p, f, sha, 1, "000301");
    bool stored = false;
    ck_assert_int_eq(dc_archive_add_page(a, cut, &p, &stored, NULL), DC_OK);
    dc_page_result_clear(&p);
    /* while its process (this one) runs, it is a scan at work */
    dc_unfinished_batch *u = NULL;
    size_t n = 0;
    ck_assert_int_eq(dc_archive_unfinished(a, &u, &n), DC_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert(u[0].running_now);
    ck_assert_int_eq(u[0].pages, 1);
    ck_assert_int_eq(u[0].unbuilt, 1);
    free(u);
    tamper("UPDATE batches SET pid = 999999999");   /* no such process: killed */
    ck_assert_int_eq(dc_archive_unfinished(a, &u, &n), DC_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert(!u[0].running_now);
    free(u);
    size_t finished = 0;
    ck_assert_int_eq(dc_archive_batch_begin(a, "2026-11-02", &one), DC_OK);
    ck_assert_int_eq(count("SELECT count(*) FROM batches WHERE status = 'interrupted'"), 1);
    ck_assert_int_eq(dc_archive_batch_inputs(a, one, file, 1), DC_OK);
    ck_assert_int_eq(dc_archive_batches_finished_by(a, one, &finished), DC_OK);   /* before its own end */
    ck_assert_int_eq(dc_archive_batch_end(a, one, "finished"), DC_OK);
    ck_assert_uint_eq(finished, 0);   /* one file of the folder: the rest may be unscanned */
    ck_assert_int_eq(dc_archive_batch_begin(a, "2026-11-02", &all), DC_OK);
    ck_assert_int_eq(dc_archive_batch_inputs(a, all, scans, 1), DC_OK);
    ck_assert_int_eq(dc_archive_batches_finished_by(a, all, &finished), DC_OK);
    ck_assert_int_eq(dc_archive_batch_end(a, all, "finished"), DC_OK);
    ck_assert_uint_eq(finished, 1);
    ck_assert_int_eq(dc_archive_unfinished(a, &u, &n), DC_OK);
    ck_assert_uint_eq(n, 0);
    free(u);
    ck_assert_int_eq(count("SELECT count(*) FROM batches"), 1);   /* the two that stored nothing are gone */
    dc_archive_close(a);
    free(f);
}
END_TEST

/* The newest record deleted with its chain entries (and the correction after it): the chain alone
 * cannot tell, but its stored form pages can. */
START_TEST(test_verify_names_a_record_deleted_with_its_newest_chain_entries)
{
    char *file;
    dc_archive *a = two_records(&file);
    tamper("DELETE FROM corrections; DELETE FROM findings WHERE serial='000124'; "
           "DELETE FROM records WHERE serial='000124'; DELETE FROM chain WHERE seq >= 2");
    size_t n = 0;
    char *v = verify_text(a, &n);
    ck_assert_int_eq(n, 1);
    ck_assert_str_eq(v, "record 000124: its form pages are stored (page 2) but it has no record: deleted outside dcaccess "
                        "(scanning the same files again builds it again from its pages)\n");
    free(v);
    /* in a batch that did not finish (a scan killed, a full disk), it is a record not built yet */
    tamper("UPDATE batches SET status='interrupted'");
    dc_archive_problems pr;
    ck_assert_int_eq(dc_archive_verify(&pr, a), DC_OK);
    ck_assert_uint_eq(pr.n, 0);
    ck_assert_uint_eq(pr.unbuilt, 1);
    dc_archive_problems_clear(&pr);
    /* and the next scan's sync builds it from its pages */
    ck_assert_int_eq(dc_archive_sync_records(a, &rules, NULL), DC_OK);
    ck_assert_int_eq(count("SELECT count(*) FROM records WHERE serial='000124'"), 1);
    ck_assert_int_eq(dc_archive_verify(&pr, a), DC_OK);
    ck_assert_uint_eq(pr.n + pr.unbuilt, 0);
    dc_archive_problems_clear(&pr);
    dc_archive_close(a);
    free(file);
}
END_TEST

/* Who is blamed for a batch date that differs: the record's own, when it is not as chained; the
 * batch (or the record's batch), when the record is. */
START_TEST(test_verify_blames_the_right_batch_date)
{
    char *file;
    dc_archive *a = two_records(&file);
    tamper("UPDATE records SET batch_date='2026-11-03' WHERE serial='000123'");
    expect_problem(a, "record 000123: its batch date 2026-11-03 is not that of its batch 1 (2026-11-02) (altered)");
    tamper("UPDATE records SET batch_date='2026-11-02' WHERE serial='000123'");
    tamper("UPDATE batches SET batch_date='2026-11-04'");
    expect_problem(a, "record 000123: its batch 1 is dated 2026-11-04, but the record was chained with 2026-11-02 (the "
                      "batch's date altered, or the record moved to another batch)");
    dc_archive_close(a);
    free(file);
}
END_TEST

/* A page's file name pointed at another scan file: that file is not "changed", the name is. */
START_TEST(test_verify_names_a_page_file_name_altered)
{
    char *file;
    dc_archive *a = two_records(&file);
    char sha[65];
    char *file2 = source_file("day2.tif", sha);
    dc_page_result p;
    access_page(&p, file2, sha, 1, "000125");
    ingest(a, &p, 1, NULL);
    dc_page_result_clear(&p);
    char *sql = dc_asprintf("UPDATE pages SET file='%s' WHERE serial='000125'", file);
    tamper(sql);
    free(sql);
    size_t n = 0;
    char *v = verify_text(a, &n);
    ck_assert_int_eq(n, 1);
    ck_assert_msg(strstr(v, "day1.tif: now holds a later scan, and the content its earlier pages were read from "
                            "(SHA-256 ") && strstr(v, "is gone (the file overwritten by a new scan, or a page's file name "
                                                     "altered)"), "verify: %s", v);
    free(v);
    dc_archive_close(a);
    free(file);
    free(file2);
}
END_TEST

START_TEST(test_verify_names_a_deleted_finding_and_an_altered_column)
{
    char *file;
    dc_archive *a = two_records(&file);
    /* the same findings stored again in another order: said so, not taken for other findings (a
     * second finding first: the escort's name taken away, as if the paper had none; the record is
     * then chained as entry #6) */
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000123", "escort_name", "", "Siti", NULL, NULL, NULL), DC_OK);
    ck_assert_int_ge(count("SELECT count(*) FROM findings WHERE serial='000123'"), 2);
    tamper("CREATE TEMP TABLE f AS SELECT * FROM findings WHERE serial='000123' ORDER BY id DESC;"
           "DELETE FROM findings WHERE serial='000123';"
           "INSERT INTO findings(serial, rule, field, row, sop_step, severity, message_id, message_en) SELECT serial, "
           "rule, field, row, sop_step, severity, message_id, message_en FROM f ORDER BY id DESC");
    expect_problem(a, "record 000123: content (fields, confidences, scanned images, status, batch date or findings) differs from "
                      "chain entry #6 (altered); what differs: only the order of its entries (its findings stored "
                      "again in another order?)\n");
    tamper("CREATE TEMP TABLE f AS SELECT * FROM findings WHERE serial='000123' ORDER BY id DESC;"
           "DELETE FROM findings WHERE serial='000123';"
           "INSERT INTO findings(serial, rule, field, row, sop_step, severity, message_id, message_en) SELECT serial, "
           "rule, field, row, sop_step, severity, message_id, message_en FROM f ORDER BY id DESC");
    /* a finding stored twice is one more, not the same findings in another order */
    tamper("INSERT INTO findings(serial, rule, field, row, sop_step, severity, message_id, message_en) SELECT serial, "
           "rule, field, row, sop_step, severity, message_id, message_en FROM findings WHERE serial='000123' AND "
           "rule='over_time_limit'");
    expect_problem(a, "chain entry #6 (altered); what differs: finding over_time_limit (violation): now, not "
                      "chained\n");
    tamper("DELETE FROM findings WHERE id=(SELECT max(id) FROM findings WHERE serial='000123')");
    tamper("UPDATE findings SET message_en='Visit was fine' WHERE serial='000123' AND rule='over_time_limit'");
    expect_problem(a, "record 000123: content (fields, confidences, scanned images, status, batch date or findings) differs from "
                      "chain entry #6 (altered); what differs: the SOP step and messages of finding 2\n");
    tamper("DELETE FROM findings WHERE serial='000123' AND rule='over_time_limit'");
    expect_problem(a, "record 000123: content (fields, confidences, scanned images, status, batch date or findings) differs from "
                      "chain entry #6 (altered); what differs: finding over_time_limit (violation): chained, now "
                      "missing\n");
    tamper("UPDATE records SET visitor_name='SOMEONE ELSE' WHERE serial='000124'");
    expect_problem(a, "record 000124: column visitor_name is \"SOMEONE ELSE\" but its fields say \"BUDI SANTOSO\"");
    dc_archive_close(a);
    free(file);
}
END_TEST

/* Rewrites every chain entry's hash as a dcaccess before schema 11 made it (the time not sealed),
 * the chain linked again, without the row that says from which entry on they seal it: with its
 * user_version set back, an archive an earlier dcaccess wrote. The formula is the one dc_archive.h
 * documents, written here again on purpose. */
static void chain_as_before_schema_11(void)
{
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open(db_path, &db), SQLITE_OK);
    sqlite3_stmt *st = NULL, *up = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT seq, kind, ref, payload_hash FROM chain ORDER BY seq", -1, &st, NULL),
                     SQLITE_OK);
    ck_assert_int_eq(sqlite3_prepare_v2(db, "UPDATE chain SET prev_hash = ?, hash = ? WHERE seq = ?", -1, &up, NULL),
                     SQLITE_OK);
    char prev[65] = "", hash[65];
    while (sqlite3_step(st) == SQLITE_ROW) {
        char *in = dc_asprintf("%s\n%s\n%s\n%s", prev, (const char *)sqlite3_column_text(st, 1),
                               (const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3));
        dc_sha256_hex(in, strlen(in), hash);
        free(in);
        sqlite3_bind_text(up, 1, prev, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(up, 2, hash, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(up, 3, sqlite3_column_int64(st, 0));
        ck_assert_int_eq(sqlite3_step(up), SQLITE_DONE);
        sqlite3_reset(up);
        memcpy(prev, hash, sizeof prev);
    }
    sqlite3_finalize(st);
    sqlite3_finalize(up);
    ck_assert_int_eq(sqlite3_exec(db, "DELETE FROM chain_meta WHERE key = 'at_sealed_from'", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* Each chain entry's hash seals the time it was made (schema 11): a time changed outside dcaccess
 * is found. An archive upgraded from schema 10 keeps its entries as they were made, their times
 * unsealed (said so by find_head), and seals those of the entries made after the upgrade. */
START_TEST(test_a_chain_entry_seals_the_time_it_was_made)
{
    char *file;
    dc_archive *a = two_records(&file);
    const int64_t n = count("SELECT count(*) FROM chain");
    ck_assert_int_eq(count("SELECT value FROM chain_meta WHERE key = 'at_sealed_from'"), 1);
    char *ref2 = sql_text("SELECT kind || ' ' || ref FROM chain WHERE seq = 2");
    tamper("UPDATE chain SET at = '2026-10-01T08:00:00Z' WHERE seq = 2");
    size_t np = 0;
    char *v = verify_text(a, &np);
    char want[200];
    snprintf(want, sizeof want, "chain entry #2 (%s): hash does not match its content or the time it was made (altered)\n",
             ref2);
    ck_assert_str_eq(v, want);
    ck_assert_uint_eq(np, 1);
    free(v);
    free(ref2);
    dc_archive_close(a);

    /* the same archive as schema 10 wrote it: its entries' times are not sealed */
    chain_as_before_schema_11();
    tamper("PRAGMA user_version=10; UPDATE chain SET at = at");
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_READONLY), DC_OK);
    v = verify_text(a, &np);
    ck_assert_msg(np == 0, "an archive of schema 10: %s", v);
    free(v);
    dc_archive_close(a);
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_EXISTING), DC_OK);
    ck_assert_int_eq(count("PRAGMA user_version"), 14);
    ck_assert_int_eq(count("SELECT value FROM chain_meta WHERE key = 'at_sealed_from'"), n + 1);
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000123", "exit_time", "11:05", "Siti", NULL, NULL, NULL), DC_OK);
    ck_assert_int_eq(count("SELECT count(*) FROM chain"), n + 2);
    v = verify_text(a, &np);
    ck_assert_msg(np == 0, "upgraded, with new entries: %s", v);
    free(v);
    char *old_head = sql_text("SELECT hash FROM chain WHERE seq = 2");
    char *new_head = sql_text("SELECT hash FROM chain ORDER BY seq DESC LIMIT 1");
    long long seq = 0;
    char full[65], at[32];
    bool sealed = true;
    ck_assert_int_eq(dc_archive_find_head(a, old_head, &seq, full, at, &sealed), DC_OK);
    ck_assert_int_eq(seq, 2);
    ck_assert(!sealed);
    ck_assert_int_eq(dc_archive_find_head(a, new_head, &seq, full, at, &sealed), DC_OK);
    ck_assert_int_eq(seq, n + 2);
    ck_assert(sealed);
    free(old_head);
    free(new_head);
    /* an entry made before: its time is only kept beside it, which verify cannot check */
    tamper("UPDATE chain SET at = '2026-10-01T08:00:00Z' WHERE seq = 2");
    v = verify_text(a, &np);
    ck_assert_msg(np == 0, "an unsealed time: %s", v);
    free(v);
    /* one made since is found, and so is a deleted row saying from which entry on they seal it */
    char sql[120];
    snprintf(sql, sizeof sql, "UPDATE chain SET at = '2026-10-01T08:00:00Z' WHERE seq = %lld", (long long)n + 1);
    tamper(sql);
    v = verify_text(a, &np);
    snprintf(want, sizeof want, "chain entry #%lld (correction ", (long long)n + 1);
    ck_assert_msg(np == 1 && strncmp(v, want, strlen(want)) == 0 &&
                      strstr(v, "): hash does not match its content or the time it was made (altered)\n"),
                  "a sealed time changed: %s", v);
    free(v);
    tamper("DELETE FROM chain_meta WHERE key = 'at_sealed_from'");
    v = verify_text(a, &np);
    ck_assert_msg(strncmp(v, "the chain does not say from which entry on each entry's hash seals the time it was made "
                             "(chain_meta 'at_sealed_from' deleted outside dcaccess)\n", 120) == 0,
                  "the row deleted: %s", v);
    free(v);
    dc_archive_close(a);
    free(file);
}
END_TEST

/* A command that opened a schema-10 archive read-only (verify, report, backup) while another
 * upgraded it to schema 11 and wrote to it: the entries made since seal their time, and are
 * checked so, not taken for altered ones by the version the reader saw when it opened. */
START_TEST(test_a_reader_opened_before_the_upgrade_to_schema_11_verifies_what_was_written_since)
{
    char *file;
    dc_archive *a = two_records(&file);
    dc_archive_close(a);
    chain_as_before_schema_11();
    tamper("PRAGMA user_version=10; UPDATE chain SET at = at");
    dc_archive *ro = NULL, *rw = NULL;
    ck_assert_int_eq(dc_archive_open(&ro, db_path, DC_ARCHIVE_READONLY), DC_OK);
    ck_assert_int_eq(dc_archive_open(&rw, db_path, DC_ARCHIVE_EXISTING), DC_OK);
    ck_assert_int_eq(count("PRAGMA user_version"), 14);
    ck_assert_int_eq(dc_archive_correct(rw, &rules, "000123", "exit_time", "11:05", "Siti", NULL, NULL, NULL), DC_OK);
    /* ... and a print, chained as of schema 12 (an entry of a kind schema 10 did not know) */
    dc_print_plan plan = {.form = "set", .first = 500, .count = 10, .file = "/forms/a.pdf"};
    ck_assert_int_eq(dc_archive_reserve_print(rw, &plan), DC_OK);
    ck_assert_int_eq(plan.verdict, DC_PRINT_OK);
    dc_archive_close(rw);
    size_t np = 0;
    char *v = verify_text(ro, &np);
    ck_assert_msg(np == 0, "read-only since before the upgrade: %s", v);
    free(v);
    char *head = sql_text("SELECT hash FROM chain ORDER BY seq DESC LIMIT 1");
    long long seq = 0;
    char full[65], at[32];
    bool sealed = false;
    ck_assert_int_eq(dc_archive_find_head(ro, head, &seq, full, at, &sealed), DC_OK);
    ck_assert(sealed);
    free(head);
    dc_archive_close(ro);
    free(file);
}
END_TEST

/* A chain head printed earlier is found by its first 12 or more digits, in either case, while the
 * chain holds it; cut back to before it, the chain no longer does. */
START_TEST(test_a_head_printed_earlier_is_found_until_the_chain_is_cut_back)
{
    char *file;
    dc_archive *a = two_records(&file);
    char *head = sql_text("SELECT hash FROM chain WHERE seq = 2");
    ck_assert_ptr_nonnull(head);
    long long seq = 0;
    char full[65], at[32];
    bool sealed = false;
    ck_assert_int_eq(dc_archive_find_head(a, head, &seq, full, at, &sealed), DC_OK);
    ck_assert_int_eq(seq, 2);
    ck_assert_str_eq(full, head);
    ck_assert(sealed);
    ASSERT_SQL_TEXT("SELECT at FROM chain WHERE seq = 2", at);
    char prefix[13];
    for (int i = 0; i < 12; i++)
        prefix[i] = (char)toupper((unsigned char)head[i]);
    prefix[12] = '\0';
    ck_assert_int_eq(dc_archive_find_head(a, prefix, &seq, full, at, &sealed), DC_OK);
    ck_assert_int_eq(seq, 2);
    prefix[11] = '\0';
    ck_assert_int_eq(dc_archive_find_head(a, prefix, &seq, full, at, &sealed), DC_ERR_VALUE);
    ck_assert_int_eq(dc_archive_find_head(a, "0123456789abcdefxyz", &seq, full, at, &sealed), DC_ERR_VALUE);
    tamper("DELETE FROM chain WHERE seq >= 2");
    ck_assert_int_eq(dc_archive_find_head(a, head, &seq, full, at, &sealed), DC_ERR_NOT_FOUND);
    ck_assert_int_eq(seq, 0);
    free(head);
    dc_archive_close(a);
    free(file);
}
END_TEST

/* verify --head prints "entry #N of M": N from the head's entry, M from the chain verify checked.
 * Read one after the other, a correction stored between them made the head of a chain longer than
 * the one checked (entry #6 of 4); read in one (dc_archive_read_begin), both are of the chain as
 * it was when the read began. */
START_TEST(test_verify_and_the_heads_it_looks_for_read_one_state_of_the_chain)
{
    char *file;
    dc_archive *rw = two_records(&file);
    dc_archive *ro = NULL;
    ck_assert_int_eq(dc_archive_open(&ro, db_path, DC_ARCHIVE_READONLY), DC_OK);
    ck_assert_int_eq(dc_archive_read_begin(ro), DC_OK);
    dc_archive_problems p;
    ck_assert_int_eq(dc_archive_verify(&p, ro), DC_OK);
    ck_assert_uint_eq(p.n, 0);
    ck_assert_uint_eq(p.chain_entries, 4);   /* two records, a correction and its record again */
    char *checked = dc_strdup(p.head_hash);
    dc_archive_problems_clear(&p);
    /* a command writing meanwhile */
    ck_assert_int_eq(dc_archive_correct(rw, &rules, "000123", "exit_time", "11:05", "Siti", NULL, NULL, NULL), DC_OK);
    char *head = sql_text("SELECT hash FROM chain ORDER BY seq DESC LIMIT 1");
    long long seq = 0;
    char full[65], at[32];
    bool sealed = false;
    ck_assert_int_eq(dc_archive_find_head(ro, checked, &seq, full, at, &sealed), DC_OK);
    ck_assert_int_eq(seq, 4);
    ck_assert_int_eq(dc_archive_find_head(ro, head, &seq, full, at, &sealed), DC_ERR_NOT_FOUND);
    dc_archive_read_end(ro);
    /* the entry written meanwhile, read after the read ended */
    ck_assert_int_eq(dc_archive_find_head(ro, head, &seq, full, at, &sealed), DC_OK);
    ck_assert_int_eq(seq, 6);
    free(head);
    free(checked);
    dc_archive_close(ro);
    dc_archive_close(rw);
    free(file);
}
END_TEST

START_TEST(test_verify_names_altered_and_deleted_corrections)
{
    char *file;
    dc_archive *a = two_records(&file);
    /* the correction keeps the scanner's confidence in the value it replaced, chained with it;
     * a value a person typed has none */
    ck_assert_int_eq(count("SELECT count(*) FROM corrections WHERE id=1 AND old_conf=0.98"), 1);
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000124", "exit_time", "10:20", "Siti", NULL, NULL, NULL), DC_OK);
    ck_assert_int_eq(count("SELECT count(*) FROM corrections WHERE id=2 AND old_state='corrected' "
                           "AND old_conf IS NULL"), 1);
    assert_verifies(a);
    tamper("UPDATE corrections SET old_conf=0.5 WHERE id=1");
    expect_problem(a, "correction 1 (record 000124, field exit_time): differs from chain entry #3 (altered); what "
                      "differs: old_conf: chained \"0.9800\", now \"0.5000\"\n");
    tamper("UPDATE corrections SET old_conf=0.98 WHERE id=1");
    assert_verifies(a);
    /* a reason given a second line is named as the reason, whatever the line says */
    tamper("UPDATE corrections SET why='paper' || char(10) || 'extra line' WHERE id=1");
    expect_problem(a, "correction 1 (record 000124, field exit_time): differs from chain entry #3 (altered); what "
                      "differs: why: chained \"\", now \"paper\\nextra line\"\n");
    tamper("UPDATE corrections SET why='first' || char(10) || 'new=99:99' WHERE id=1");
    expect_problem(a, "what differs: why: chained \"\", now \"first\\nnew=99:99\"\n");
    tamper("UPDATE corrections SET why=NULL WHERE id=1");
    assert_verifies(a);
    /* the content an entry keeps, changed by itself: found, though the correction is as chained */
    tamper("UPDATE chain SET payload=replace(payload, 'who=Siti', 'who=Sito') WHERE seq=3");
    expect_problem(a, "chain entry #3 (correction 1): the content it keeps does not match its hash (altered)\n");
    tamper("UPDATE chain SET payload=replace(payload, 'who=Sito', 'who=Siti') WHERE seq=3");
    assert_verifies(a);
    tamper("UPDATE corrections SET who='Mallory' WHERE id=1");
    expect_problem(a, "correction 1 (record 000124, field exit_time): differs from chain entry #3 (altered); what "
                      "differs: who: chained \"Siti\", now \"Mallory\"\n");
    tamper("DELETE FROM corrections");
    expect_problem(a, "correction 1: in the hash chain (entry #3) but missing from the archive (deleted)");
    dc_archive_close(a);
    free(file);
}
END_TEST

START_TEST(test_verify_names_a_deleted_chain_entry_and_an_inserted_record)
{
    char *file;
    dc_archive *a = two_records(&file);
    tamper("DELETE FROM chain WHERE seq=2");
    expect_problem(a, "chain entries #2..#2 are missing");
    expect_problem(a, "chain entry #3 (correction 1): does not link to the entry before it");
    dc_archive_close(a);
    free(file);
    teardown();
    setup();
    a = two_records(&file);
    tamper("INSERT INTO records(serial, status, batch_id, batch_date, updated) "
           "VALUES('000999', 'complete', 1, '2026-11-02', 'now')");
    expect_problem(a, "record 000999: not in the hash chain (inserted outside dcaccess)");
    dc_archive_close(a);
    free(file);
}
END_TEST

START_TEST(test_verify_names_a_missing_or_changed_source_file)
{
    char *file;
    dc_archive *a = two_records(&file);
    FILE *fp = fopen(file, "a");
    fputs("x", fp);
    fclose(fp);
    expect_problem(a, "changed since it was scanned");
    unlink(file);
    expect_problem(a, "missing");
    size_t n = 0;
    char *v = verify_text(a, &n);
    ck_assert_int_eq(n, 1);
    ck_assert_ptr_nonnull(strstr(v, "day1.tif: missing"));
    free(v);
    dc_archive_close(a);
    free(file);
}
END_TEST

/* A new archive (db_path) of one page: serial 000123 read from `folder`/0001.png ("the scan of the
 * 2nd"), whose SHA-256 goes in sha; *file its path (caller frees), p the page (dc_page_result_clear). */
static dc_archive *one_scan_in(const char *folder, char **file, dc_page_result *p, char sha[65])
{
    *file = dc_test_write(folder, "0001.png", "the scan of the 2nd");
    ck_assert_int_eq(dc_sha256_file_hex(*file, sha), DC_OK);
    access_page(p, *file, sha, 1, "000123");
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    ingest(a, p, 1, NULL);
    return a;
}

/* An auditor copies the scans to a stick in a layout of their own: dc_archive_set_scans_dir finds a
 * file two levels deeper than any end of its path, by its name and content (another file of its
 * name, found first, is not taken for it; a symlink back up the tree is not walked round). A file
 * of its name with other content is named as it is at an end of its path; none at all: missing. */
START_TEST(test_verify_finds_a_scan_copied_below_the_scans_folder_in_another_layout)
{
    char sha[65], other[65];
    char *scans = dc_asprintf("%s/scans", dir), *day = dc_asprintf("%s/scans/day2", dir);
    ck_assert_int_eq(mkdir(scans, 0755), 0);
    ck_assert_int_eq(mkdir(day, 0755), 0);
    char *file;
    dc_page_result p;
    dc_archive *a = one_scan_in(day, &file, &p, sha);
    char *usb = dc_asprintf("%s/usb", dir), *y = dc_asprintf("%s/usb/2026", dir);
    char *nov = dc_asprintf("%s/usb/2026/november", dir), *aug = dc_asprintf("%s/usb/2026/august", dir);
    char *up = dc_asprintf("%s/usb/2026/up", dir);
    ck_assert_int_eq(mkdir(usb, 0755), 0);
    ck_assert_int_eq(mkdir(y, 0755), 0);
    ck_assert_int_eq(mkdir(nov, 0755), 0);
    ck_assert_int_eq(mkdir(aug, 0755), 0);
    ck_assert_int_eq(symlink("..", up), 0);
    char *moved = dc_asprintf("%s/0001.png", nov);
    ck_assert_int_eq(rename(file, moved), 0);
    free(dc_test_write(aug, "0001.png", "the scan of the 2nd of August"));
    ck_assert_int_eq(dc_archive_set_scans_dir(a, usb), DC_OK);
    dc_archive_problems probs;
    ck_assert_int_eq(dc_archive_verify(&probs, a), DC_OK);
    ck_assert_msg(probs.n == 0, "verify found problems: %s", probs.n ? probs.items[0] : "");
    ck_assert_uint_eq(probs.sources_moved, 1);
    ck_assert_uint_eq(probs.sources_missing, 0);
    dc_archive_problems_clear(&probs);
    /* the copy changed: the first file of its name (August's) is named, as at an end of its path */
    FILE *fp = fopen(moved, "a");
    fputs("x", fp);
    fclose(fp);
    char *augfile = dc_asprintf("%s/0001.png", aug);
    ck_assert_int_eq(dc_sha256_file_hex(augfile, other), DC_OK);
    char *want = dc_asprintf("source file %s: not under %s with the content scanned; %s has its name but other content "
                             "(SHA-256 %.12s..., archived %.12s...): the file changed, or it is another scan of that "
                             "name (give the folder that holds the scans of that day)\n",
                             file, usb, augfile, other, sha);
    size_t n = 0;
    char *v = verify_text(a, &n);
    ck_assert_str_eq(v, want);
    free(v);
    free(want);
    /* none of its name below the folder */
    unlink(moved);
    unlink(augfile);
    want = dc_asprintf("source file %s: missing (No such file or directory), and not under %s either\n", file, usb);
    v = verify_text(a, &n);
    ck_assert_str_eq(v, want);
    free(v);
    free(want);
    dc_archive_close(a);
    dc_page_result_clear(&p);
    free(augfile);
    free(moved);
    free(up);
    free(aug);
    free(nov);
    free(y);
    free(usb);
    free(file);
    free(day);
    free(scans);
}
END_TEST

/* Hidden folders below the scans folder are not searched (a stick's .Trashes: a file deleted is not
 * there), but a scan file found nowhere else that one holds is said to be there, and where: it was
 * "not under DIR either", and the auditor went looking for a file that was under DIR. A file of its
 * name with other content there is not it; the hidden folder given itself is searched. */
START_TEST(test_verify_says_a_scan_in_a_hidden_folder_below_the_scans_folder_is_there_but_not_searched)
{
    char sha[65];
    char *scans = dc_asprintf("%s/scans", dir);
    ck_assert_int_eq(mkdir(scans, 0755), 0);
    char *file;
    dc_page_result p;
    dc_archive *a = one_scan_in(scans, &file, &p, sha);
    char *usb = dc_asprintf("%s/usb", dir), *other = dc_asprintf("%s/usb/.a", dir);
    char *trash = dc_asprintf("%s/usb/2026/.Trashes", dir);
    ck_assert_int_eq(dc_mkdirs(other), DC_OK);
    ck_assert_int_eq(dc_mkdirs(trash), DC_OK);
    free(dc_test_write(other, "0001.png", "the scan of the 3rd"));   /* its name, first by path */
    char *moved = dc_asprintf("%s/0001.png", trash);
    ck_assert_int_eq(rename(file, moved), 0);
    ck_assert_int_eq(dc_archive_set_scans_dir(a, usb), DC_OK);
    char *want = dc_asprintf("source file %s: missing (No such file or directory), and under %s only in a hidden "
                             "folder, which verify does not search: %s has its name and content (move it out of that "
                             "folder, or give that folder as --scans)",
                             file, usb, moved);
    dc_archive_problems probs;
    ck_assert_int_eq(dc_archive_verify(&probs, a), DC_OK);
    ck_assert_uint_eq(probs.n, 1);
    ck_assert_str_eq(probs.items[0], want);
    ck_assert_uint_eq(probs.sources_missing, 1);   /* not found where verify looks: give the folder */
    ck_assert_uint_eq(probs.sources_moved, 0);
    dc_archive_problems_clear(&probs);
    free(want);
    /* the hidden folder given itself */
    ck_assert_int_eq(dc_archive_set_scans_dir(a, trash), DC_OK);
    ck_assert_int_eq(dc_archive_verify(&probs, a), DC_OK);
    ck_assert_msg(probs.n == 0, "verify found problems: %s", probs.n ? probs.items[0] : "");
    ck_assert_uint_eq(probs.sources_moved, 1);
    dc_archive_problems_clear(&probs);
    /* only the file of its name with other content in a hidden folder: not under the folder */
    unlink(moved);
    ck_assert_int_eq(dc_archive_set_scans_dir(a, usb), DC_OK);
    want = dc_asprintf("source file %s: missing (No such file or directory), and not under %s either\n", file, usb);
    size_t n = 0;
    char *v = verify_text(a, &n);
    ck_assert_str_eq(v, want);
    free(v);
    free(want);
    dc_archive_close(a);
    dc_page_result_clear(&p);
    free(moved);
    free(trash);
    free(other);
    free(usb);
    free(file);
    free(scans);
}
END_TEST

/* A scanner names each day's files alike (0001.png): an auditor's copy of many days in a layout of
 * its own holds many files of one name, each read once per verify to find the scan files, not once
 * for each of the others (365 days: 133,225 reads instead of 365). */
START_TEST(test_verify_reads_each_file_below_the_scans_folder_once)
{
    enum { DAYS = 4 };
    char *scans = dc_asprintf("%s/scans", dir), *usb = dc_asprintf("%s/usb", dir);
    ck_assert_int_eq(mkdir(scans, 0755), 0);
    ck_assert_int_eq(mkdir(usb, 0755), 0);
    dc_page_result p[DAYS];
    char *files[DAYS];
    for (int i = 0; i < DAYS; i++) {
        char content[64], serial[16], sha[65];
        snprintf(content, sizeof content, "the scan of day %d", i + 1);
        char *d = dc_asprintf("%s/day%d", scans, i + 1);
        ck_assert_int_eq(mkdir(d, 0755), 0);
        files[i] = dc_test_write(d, "0001.png", content);
        free(d);
        ck_assert_int_eq(dc_sha256_file_hex(files[i], sha), DC_OK);
        snprintf(serial, sizeof serial, "%06d", 200 + i);
        access_page(&p[i], files[i], sha, 1, serial);
    }
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    ingest(a, p, DAYS, NULL);
    for (int i = 0; i < DAYS; i++) {   /* usb/2026-11-0N/0001.png: no end of the scanned paths */
        char *d = dc_asprintf("%s/2026-11-0%d", usb, i + 1), *moved = dc_asprintf("%s/0001.png", d);
        ck_assert_int_eq(mkdir(d, 0755), 0);
        ck_assert_int_eq(rename(files[i], moved), 0);
        free(moved);
        free(d);
    }
    ck_assert_int_eq(dc_archive_set_scans_dir(a, usb), DC_OK);
    dc_archive_problems probs;
    ck_assert_int_eq(dc_archive_verify(&probs, a), DC_OK);
    ck_assert_msg(probs.n == 0, "verify found problems: %s", probs.n ? probs.items[0] : "");
    ck_assert_uint_eq(probs.sources_moved, DAYS);
    ck_assert_uint_eq(probs.scans_hashed, DAYS);   /* 1 + 2 + 3 + 4 = 10 reads before */
    dc_archive_problems_clear(&probs);
    dc_archive_close(a);
    for (int i = 0; i < DAYS; i++) {
        dc_page_result_clear(&p[i]);
        free(files[i]);
    }
    free(usb);
    free(scans);
}
END_TEST

/* A page of `file` (content `sha`) that is the same image as one read from it before: the file
 * scanned again once its copy was complete. */
static void same_page_again(dc_page_result *p, const char *file, const char *sha, const char *serial)
{
    memset(p, 0, sizeof *p);
    p->file = dc_strdup(file);
    p->page = 1;
    snprintf(p->file_sha256, sizeof p->file_sha256, "%s", sha);
    snprintf(p->image_sha256, sizeof p->image_sha256, "img-access-%s", serial);
    p->status = DC_PAGE_DUPLICATE;
    p->reason = dc_strdup("same image as page 1 of this file, as it was when scanned before");
}

/* A scan file with two contents in the archive, verified from an auditor's copy (--scans) as where
 * it was scanned: one scanned again once its copy was complete is fine, one a later scan wrote
 * over is named as such. verify of the copy said of both that the file changed, or is another scan
 * of that name ("give the folder that holds the scans of that day", which it was). */
START_TEST(test_verify_judges_a_file_scanned_twice_the_same_under_the_scans_folder)
{
    char *day = dc_asprintf("%s/day", dir);
    ck_assert_int_eq(mkdir(day, 0755), 0);
    char part[65], whole[65], first[65], later[65];
    char *late = dc_test_write(day, "late.tif", "the first half");
    char *over = dc_test_write(day, "over.tif", "the scan of the 2nd");
    ck_assert_int_eq(dc_sha256_file_hex(late, part), DC_OK);
    ck_assert_int_eq(dc_sha256_file_hex(over, first), DC_OK);
    dc_page_result p[2];
    access_page(&p[0], late, part, 1, "000123");
    access_page(&p[1], over, first, 1, "000124");
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    ingest(a, p, 2, NULL);
    dc_page_result_clear(&p[0]);
    dc_page_result_clear(&p[1]);
    free(dc_test_write(day, "late.tif", "the first half, and the second"));
    free(dc_test_write(day, "over.tif", "the scan of the 3rd"));
    ck_assert_int_eq(dc_sha256_file_hex(late, whole), DC_OK);
    ck_assert_int_eq(dc_sha256_file_hex(over, later), DC_OK);
    same_page_again(&p[0], late, whole, "000123");
    access_page(&p[1], over, later, 1, "000125");
    ingest(a, p, 2, NULL);
    dc_page_result_clear(&p[0]);
    dc_page_result_clear(&p[1]);
    char *in_place = dc_asprintf("source file %s: now holds a later scan, and the content its earlier pages were read "
                                 "from (SHA-256 %.12s...) is gone (the file overwritten by a new scan, or a page's file "
                                 "name altered)\n", over, first);
    size_t n = 0;
    char *v = verify_text(a, &n);
    ck_assert_str_eq(v, in_place);
    free(v);
    /* the folder copied to a stick, as it is and in a layout of its own */
    char *usb = dc_asprintf("%s/usb", dir), *y = dc_asprintf("%s/usb/2026", dir);
    char *copy = dc_asprintf("%s/usb/2026/02-nov", dir);
    ck_assert_int_eq(mkdir(usb, 0755), 0);
    ck_assert_int_eq(mkdir(y, 0755), 0);
    for (size_t i = 0; i < 2; i++) {
        char *from = i ? dc_asprintf("%s/day", usb) : day;
        char *to = i ? copy : dc_asprintf("%s/day", usb);
        ck_assert_int_eq(rename(from, to), 0);
        ck_assert_int_eq(dc_archive_set_scans_dir(a, usb), DC_OK);
        dc_archive_problems probs;
        ck_assert_int_eq(dc_archive_verify(&probs, a), DC_OK);
        ck_assert_uint_eq(probs.n, 1);
        char *want = dc_asprintf("source file %s: %s/over.tif, its copy under %s, holds a later scan, and the content its "
                                 "earlier pages were read from (SHA-256 %.12s...) is not under %s (the file overwritten "
                                 "by a new scan before it was copied, or a page's file name altered)",
                                 over, to, usb, first, usb);
        ck_assert_str_eq(probs.items[0], want);
        ck_assert_uint_eq(probs.sources_rescanned, 1);
        ck_assert_uint_eq(probs.sources_missing, 0);
        dc_archive_problems_clear(&probs);
        free(want);
        if (i)
            free(from);
        else
            free(to);
    }
    dc_archive_close(a);
    free(in_place);
    free(copy);
    free(y);
    free(usb);
    free(over);
    free(late);
    free(day);
}
END_TEST

/* A damaged scan file is rejected; the sheet is scanned again into a file of the same name (the
 * README's advice) and stored. verify judges the new file and leaves the rejected one's old hash
 * alone: it said "changed since it was scanned" for good. A file that held a form still counts. */
START_TEST(test_verify_leaves_a_rejected_file_that_was_scanned_again)
{
    char sha_bad[65], sha_good[65];
    char *file = source_file("p2.png", sha_bad);   /* the damaged copy */
    dc_page_result bad;
    rejected_page(&bad, file, sha_bad, 1, "truncated PNG (no IEND chunk)");
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    ingest(a, &bad, 1, NULL);
    FILE *fp = fopen(file, "w");   /* the sheet scanned again, same name */
    fputs("the whole scan", fp);
    fclose(fp);
    ck_assert_int_eq(dc_sha256_file_hex(file, sha_good), DC_OK);
    dc_page_result good;
    access_page(&good, file, sha_good, 1, "000123");
    ingest(a, &good, 1, NULL);
    assert_verifies(a);
    /* the file that holds the form is still checked */
    fp = fopen(file, "a");
    fputs("x", fp);
    fclose(fp);
    expect_problem(a, "p2.png: changed since it was scanned");
    dc_archive_close(a);
    dc_page_result_clear(&bad);
    dc_page_result_clear(&good);
    free(file);
}
END_TEST

/* An archive in a folder the reader cannot write to (an auditor's read-only access) is read:
 * SQLite could not make the WAL's shared-memory file there, and every read-only command said
 * "attempt to write a readonly database". With a write-ahead log left holding changes it is
 * refused, naming the log, instead of being read without them. */
START_TEST(test_an_archive_in_a_folder_the_reader_cannot_write_is_read)
{
    char *file;
    dc_archive *a = two_records(&file);
    dc_archive_close(a);   /* a clean close: no -wal or -shm left */
    struct stat sb;
    char *wal = dc_asprintf("%s-wal", db_path);
    ck_assert_int_ne(stat(wal, &sb), 0);
    ck_assert_int_eq(chmod(db_path, 0644), 0);
    ck_assert_int_eq(chmod(file, 0644), 0);
    for (int with_wal = 0; with_wal < 2; with_wal++) {
        if (with_wal)
            free(dc_test_write(dir, "test.db-wal", "changes a writer left"));
        ck_assert_int_eq(chmod(dir, 0755), 0);
        pid_t kid = fork();
        ck_assert_int_ge(kid, 0);
        if (kid == 0) {
            /* root may write anywhere: become nobody; anyone else: the folder made read-only */
            if (getuid() == 0 ? setgid(65534) != 0 || setuid(65534) != 0 : chmod(dir, 0555) != 0)
                _exit(10);
            dc_archive *r = NULL;
            /* to write, it says why it cannot (SQLite said "unable to open database file") */
            char *nowrite = dc_asprintf("%s: you cannot write in the folder %s (Permission denied), where the "
                                        "archive keeps its -wal and -shm files", db_path, dir);
            int rc = dc_archive_open(&r, db_path, DC_ARCHIVE_EXISTING);
            if (rc != DC_ERR_IO || strncmp(dc_error_detail(), nowrite, strlen(nowrite)) != 0) {
                fprintf(stderr, "rc %d: %s\n", rc, dc_error_detail());
                _exit(14);
            }
            free(nowrite);
            rc = dc_archive_open(&r, db_path, DC_ARCHIVE_READONLY);
            if (with_wal) {
                char *want = dc_asprintf("%s: cannot be read from a folder you cannot write to while its write-ahead "
                                         "log (%s-wal) holds changes", db_path, db_path);
                if (rc != DC_ERR_ARCHIVE || strncmp(dc_error_detail(), want, strlen(want)) != 0)
                    fprintf(stderr, "rc %d: %s\n", rc, dc_error_detail());
                _exit(rc == DC_ERR_ARCHIVE && strncmp(dc_error_detail(), want, strlen(want)) == 0 ? 0 : 11);
            }
            if (rc != DC_OK) {
                fprintf(stderr, "%s\n", dc_error_detail());
                _exit(12);
            }
            dc_archive_problems pr;
            rc = dc_archive_verify(&pr, r);
            const int ok = rc == DC_OK && pr.n == 0 && pr.records == 2 && pr.corrections == 1;
            dc_archive_problems_clear(&pr);
            dc_archive_close(r);
            _exit(ok ? 0 : 13);
        }
        int status = 0;
        ck_assert_int_eq(waitpid(kid, &status, 0), kid);
        chmod(dir, 0700);
        ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s: child exit %d",
                      with_wal ? "with a log" : "clean", WEXITSTATUS(status));
    }
    free(wal);
    free(file);
}
END_TEST

/* Runs `body` in a child process as an ordinary user who owns the archive and may write in its
 * folder (root: as nobody, the archive given to it); its exit status must be 0. */
static void as_the_archive_owner(int (*body)(void))
{
    ck_assert_int_eq(chmod(dir, 0777), 0);
    if (getuid() == 0)
        ck_assert_int_eq(chown(db_path, 65534, 65534), 0);
    pid_t kid = fork();
    ck_assert_int_ge(kid, 0);
    if (kid == 0)
        _exit(getuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0) ? 10 : body());
    int status = 0;
    ck_assert_int_eq(waitpid(kid, &status, 0), kid);
    chmod(dir, 0700);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child exit %d", WEXITSTATUS(status));
}

/* Reads the archive while its file is read-only, then makes it writable and corrects a field. */
static int read_while_read_only_then_write(void)
{
    dc_archive *r = NULL;
    if (chmod(db_path, 0444) != 0 || dc_archive_open(&r, db_path, DC_ARCHIVE_READONLY) != DC_OK)
        return 11;
    dc_archive_close(r);
    char *shm = dc_asprintf("%s-shm", db_path), *wal = dc_asprintf("%s-wal", db_path);
    struct stat st;
    const bool left_writable = stat(shm, &st) == 0 && (st.st_mode & 0777) == 0644 && stat(wal, &st) == 0 &&
                               (st.st_mode & 0777) == 0644;   /* for a command that may use them */
    free(shm);
    free(wal);
    if (!left_writable)
        return 12;
    int rc = chmod(db_path, 0644) == 0 ? dc_archive_open(&r, db_path, DC_ARCHIVE_EXISTING) : DC_ERR_IO;
    if (rc == DC_OK)
        rc = dc_archive_correct(r, &rules, "000123", "exit_time", "09:19", "Siti", NULL, NULL, NULL);
    if (rc != DC_OK)
        fprintf(stderr, "%s\n", dc_error_detail());
    dc_archive_close(r);
    return rc == DC_OK ? 0 : 13;
}

/* An archive read while its file was read-only (chmod 444) is written once it is writable again: a
 * read-only connection makes the -wal and -shm files, at its first read, with the archive file's
 * permissions, and leaves them at close, so every later command that wrote said "attempt to write
 * a readonly database". The reader makes those it owns writable for their owner. */
START_TEST(test_an_archive_read_while_it_was_read_only_is_written_again)
{
    char *file;
    dc_archive *a = two_records(&file);
    dc_archive_close(a);
    char *shm = dc_asprintf("%s-shm", db_path), *wal = dc_asprintf("%s-wal", db_path);
    /* whoever reads it (root too, whose connection writes, and removes them at close): writable
     * from the open on */
    ck_assert_int_eq(chmod(db_path, 0444), 0);
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_READONLY), DC_OK);
    struct stat sb;
    ck_assert_int_eq(stat(shm, &sb), 0);
    ck_assert_int_eq(sb.st_mode & 0777, 0644);
    ck_assert_int_eq(stat(wal, &sb), 0);
    ck_assert_int_eq(sb.st_mode & 0777, 0644);
    dc_archive_close(a);
    /* an ordinary user, whose read-only connection leaves them */
    ck_assert_int_eq(chmod(db_path, 0644), 0);
    as_the_archive_owner(read_while_read_only_then_write);
    free(shm);
    free(wal);
    free(file);
}
END_TEST

/* Opens the archive to write beside a -shm this user cannot write, then to read. */
static int write_and_read_beside_an_unwritable_shm(void)
{
    /* run as root, root's: making it writable for its owner (chmod u+w, the advice given) would
     * change nothing for this user */
    struct stat sb;
    char *shm = dc_asprintf("%s-shm", db_path);
    const bool others = stat(shm, &sb) == 0 && sb.st_uid != geteuid();
    free(shm);
    char *want = others ? dc_asprintf("%s: %s-shm beside it is root's, not writable for you (Permission denied): when "
                                      "no dcaccess command and no sqlite3 has the archive open and %s-wal is empty (0 "
                                      "bytes), remove %s-wal and %s-shm; a log that is not empty holds changes: have "
                                      "root run dcaccess verify once, which folds it in",
                                      db_path, db_path, db_path, db_path, db_path)
                        : dc_asprintf("%s: %s-shm beside it is not writable for you (Permission denied): have its owner "
                                      "make it writable (chmod u+w %s-shm), or, when no dcaccess command and no sqlite3 "
                                      "has the archive open and %s-wal is empty (0 bytes), remove %s-wal and %s-shm",
                                      db_path, db_path, db_path, db_path, db_path, db_path);
    dc_archive *r = NULL;
    int rc = dc_archive_open(&r, db_path, DC_ARCHIVE_EXISTING);
    const bool named = rc == DC_ERR_IO && strcmp(dc_error_detail(), want) == 0;
    free(want);
    if (!named) {
        fprintf(stderr, "rc %d: %s\n", rc, dc_error_detail());
        return 11;
    }
    rc = dc_archive_open(&r, db_path, DC_ARCHIVE_READONLY);
    dc_archive_problems pr = {0};
    if (rc == DC_OK)
        rc = dc_archive_verify(&pr, r);
    if (rc != DC_OK)
        fprintf(stderr, "rc %d: %s\n", rc, dc_error_detail());
    const bool ok = rc == DC_OK && pr.n == 0 && pr.records == 2;
    dc_archive_problems_clear(&pr);
    dc_archive_close(r);
    return ok ? 0 : 12;
}

/* A -shm (or -wal) beside the archive that someone who may write the archive cannot write (made by
 * another user's command) is named, with what to do, to a command that writes: SQLite said only
 * "attempt to write a readonly database". A command that reads reads through it. */
START_TEST(test_a_shm_file_the_writer_cannot_write_is_named)
{
    char *file;
    dc_archive *a = two_records(&file);
    dc_archive_close(a);
    /* another user's (root's, for nobody), or, not run as root, this user's own made read-only */
    char *shm = dc_test_write(dir, "test.db-shm", "");
    ck_assert_int_eq(chmod(shm, 0444), 0);
    as_the_archive_owner(write_and_read_beside_an_unwritable_shm);
    free(shm);
    free(file);
}
END_TEST

/* A command that only reads, run by someone who may write the archive, folds a write-ahead log
 * into the file and leaves no -wal or -shm, and writes nothing itself. A read-only connection left
 * both beside every archive it read, and kept the log of a writer that stopped hard, though the
 * README says that whoever can write there runs verify once to fold it in. */
START_TEST(test_reading_folds_a_left_log_in_and_writes_nothing)
{
    char *file;
    dc_archive *a = two_records(&file);
    dc_archive_close(a);
    char *wal = dc_asprintf("%s-wal", db_path), *shm = dc_asprintf("%s-shm", db_path);
    struct stat sb;
    pid_t kid = fork();   /* a writer that stops hard after a correction: its log holds it */
    ck_assert_int_ge(kid, 0);
    if (kid == 0) {
        dc_archive *w = NULL;
        if (dc_archive_open(&w, db_path, DC_ARCHIVE_EXISTING) != DC_OK ||
            dc_archive_correct(w, &rules, "000123", "exit_time", "11:00", "Siti", NULL, NULL, NULL) != DC_OK)
            _exit(1);
        _exit(0);   /* never closed */
    }
    int status = 0;
    ck_assert_int_eq(waitpid(kid, &status, 0), kid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ck_assert_int_eq(stat(wal, &sb), 0);
    ck_assert_int_gt(sb.st_size, 0);
    for (int round = 0; round < 2; round++) {
        dc_archive *r = NULL;
        ck_assert_int_eq(dc_archive_open(&r, db_path, DC_ARCHIVE_READONLY), DC_OK);
        ck_assert_int_eq(dc_archive_correct(r, &rules, "000123", "exit_time", "12:00", "Siti", NULL, NULL, NULL),
                         DC_ERR_ARCHIVE);
        dc_archive_problems pr;
        ck_assert_int_eq(dc_archive_verify(&pr, r), DC_OK);
        ck_assert_uint_eq(pr.n, 0);
        ck_assert_uint_eq(pr.records, 2);
        ck_assert_uint_eq(pr.corrections, 2);   /* the second read finds it in the file itself */
        dc_archive_problems_clear(&pr);
        dc_archive_close(r);
        ck_assert_int_ne(stat(wal, &sb), 0);
        ck_assert_int_ne(stat(shm, &sb), 0);
    }
    free(wal);
    free(shm);
    free(file);
}
END_TEST

/* Two people reviewing the same list: the second answer to a field finds it no longer in review,
 * inside the transaction that would write it, and writes nothing. The check was made before the
 * transaction, so both answers were written, the second over the first. */
START_TEST(test_a_review_answer_is_not_written_over_an_answer_given_meanwhile)
{
    dc_page_result p;
    char *file = NULL;
    dc_archive *a = archive_with_access_page_in_review(&p, &file, "entry_time");
    ck_assert_int_eq(dc_archive_answer_review(a, &rules, "000123", "entry_time", "09:45", "Siti", "review", NULL, NULL),
                     DC_OK);
    ck_assert_int_eq(dc_archive_answer_review(a, &rules, "000123", "entry_time", "09:50", "Budi", "review", NULL, NULL),
                     DC_ERR_CHANGED);
    ck_assert_str_eq(dc_error_detail(), "correcting 000123 entry_time: entry_time of 000123 is no longer in review "
                                        "(corrected meanwhile)");
    ck_assert_int_eq(count("SELECT count(*) FROM corrections"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM fields WHERE field_id='entry_time' AND value='09:45'"), 1);
    /* a plain correction still may change a corrected value */
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000123", "entry_time", "09:50", "Budi", NULL, NULL, NULL), DC_OK);
    assert_verifies(a);
    dc_archive_close(a);
    dc_page_result_clear(&p);
    free(file);
}
END_TEST

/* dc_archive_each_field callback: "field=basis;" ("-" for none) */
static int basis_of(void *user, const dc_stored_field *f)
{
    char *s = user;
    snprintf(s + strlen(s), 512 - strlen(s), "%s=%s;", f->field, f->basis ? f->basis : "-");
    return 0;
}

static void assert_basis(dc_archive *a, const char *state, const char *want)
{
    char got[512] = "";
    ck_assert_int_eq(dc_archive_each_field(a, state, NULL, basis_of, got), DC_OK);
    ck_assert_str_eq(got, want);
}

START_TEST(test_why_a_value_was_accepted_is_stored_chained_and_absent_from_a_schema_2_archive)
{
    /* the scanner's basis of each accepted value is stored with it; a value in review, and one the
     * validation gate holds back, have none; a correction keeps the basis of the value as read */
    char sha[65];
    char *file = source_file("day1.tif", sha);
    const char *kv[VISIT_N];
    memcpy(kv, visit_kv, sizeof visit_kv);
    for (size_t i = 0; i < VISIT_N; i += 3)
        if (strcmp(kv[i], "exit_time") == 0)
            kv[i + 2] = "r";
        else if (strcmp(kv[i], "badge_number") == 0)
            kv[i + 1] = "7x"; /* not a number: the validation gate sends it to review */
    dc_page_result p;
    form_page(&p, file, sha, 1, "access", "000123", kv, VISIT_N);
    for (size_t i = 0; i < p.nfields; i++) {
        dc_field_value *f = &p.fields[i];
        f->basis = f->state == DC_STATE_ACCEPTED ? DC_BASIS_READING : DC_BASIS_NONE;
        if (strcmp(f->id, "visit_date") == 0)
            f->basis = DC_BASIS_BATCH_DATE;
        else if (strcmp(f->id, "id_number") == 0)
            f->basis = DC_BASIS_CHECKED_BEFORE;
        else if (strcmp(f->id, "visitor_name") == 0) { /* taken as checked for the same ID number */
            f->basis = DC_BASIS_SAME_VISITOR;
            f->read_as = dc_strdup("Budi Santos0");
        }
        else if (strcmp(f->id, "operator_name") == 0)
            f->basis = DC_BASIS_ROSTER;
        else if (strcmp(f->id, "institution") == 0) /* read alike by the line and letter readers */
            f->basis = DC_BASIS_LETTERS;
        else if (strcmp(f->id, "exit_time") == 0)
            f->basis = DC_BASIS_BATCH_DATE; /* a producer's slip: a value in review is not accepted */
    }
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    ingest(a, &p, 1, NULL);
    assert_basis(a, "accepted",
                 "arrival_time=reading;badge_returned=reading;brings_devices=reading;decision=reading;entry_time=reading;"
                 "escort_name=reading;id_number=checked_before;id_returned=reading;id_type=reading;"
                 "institution=letters;operator_name=roster;operator_signature=reading;phone=reading;"
                 "purpose=reading;visit_date=batch_date;visitor_name=same_visitor;visitor_signature=reading;");
    assert_basis(a, "review", "badge_number=-;exit_time=-;");
    ck_assert_int_eq(count("SELECT count(*) FROM fields WHERE read_as IS NOT NULL"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM fields WHERE field_id='visitor_name' AND read_as='Budi Santos0'"), 1);
    dc_findings after = DC_FINDINGS_INIT;
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000123", "visitor_name", "Budi Susanto", "Siti", NULL, NULL, &after),
                     DC_OK);
    dc_findings_clear(&after);
    assert_basis(a, "corrected", "visitor_name=same_visitor;");
    ck_assert_int_eq(count("SELECT count(*) FROM fields WHERE field_id='visitor_name' AND read_as='Budi Santos0'"), 1);
    assert_verifies(a);
    /* what was read is covered too */
    tamper("UPDATE fields SET read_as='Budi Santoso' WHERE field_id='visitor_name'");
    expect_problem(a, "record 000123: content (fields, confidences, scanned images, status, batch date or findings) differs from chain entry");
    tamper("UPDATE fields SET read_as='Budi Santos0' WHERE field_id='visitor_name'");
    assert_verifies(a);
    /* the basis is covered by the record's chain entry */
    tamper("UPDATE fields SET basis='reading' WHERE field_id='visit_date'");
    expect_problem(a, "record 000123: content (fields, confidences, scanned images, status, batch date or findings) differs from chain entry");
    tamper("UPDATE fields SET basis='batch_date' WHERE field_id='visit_date'");
    assert_verifies(a);
    dc_archive_close(a);
    dc_page_result_clear(&p);

    /* an archive a schema-2 dcaccess wrote: no basis column, read as none while read-only, migrated
     * when opened for writing, and its chain still verifies (its payloads have no basis lines) */
    unlink(db_path);
    form_page(&p, file, sha, 1, "access", "000123", visit_kv, VISIT_N);
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    ingest(a, &p, 1, NULL);
    dc_archive_close(a);
    chain_as_before_schema_11();
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open(db_path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "ALTER TABLE fields DROP COLUMN basis; ALTER TABLE fields DROP COLUMN read_as; "
                                      "DROP TABLE printed; "
                                      "PRAGMA user_version=2", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_READONLY), DC_OK);
    assert_basis(a, "review", "");
    assert_basis(a, "accepted",
                 "arrival_time=-;badge_number=-;badge_returned=-;brings_devices=-;decision=-;entry_time=-;"
                 "escort_name=-;exit_time=-;id_number=-;id_returned=-;id_type=-;institution=-;operator_name=-;"
                 "operator_signature=-;phone=-;purpose=-;visit_date=-;visitor_name=-;visitor_signature=-;");
    assert_verifies(a);
    dc_archive_close(a);
    ck_assert_int_eq(count("PRAGMA user_version"), 2);
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_EXISTING), DC_OK);
    assert_verifies(a);
    dc_archive_close(a);
    ck_assert_int_eq(count("PRAGMA user_version"), 14);
    ck_assert_int_eq(count("SELECT count(*) FROM fields WHERE basis IS NOT NULL"), 0);

    /* an archive a schema-3 dcaccess wrote (its basis column refuses 'letters'): rebuilt when opened
     * for writing, every row kept, and a value read twice can then be stored */
    sqlite3 *db3 = NULL;
    ck_assert_int_eq(sqlite3_open(db_path, &db3), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db3,
                                  "UPDATE fields SET basis='reading' WHERE state='accepted';"
                                  "CREATE TABLE f3(page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,"
                                  " field_id TEXT NOT NULL, value TEXT, confidence REAL NOT NULL,"
                                  " state TEXT NOT NULL CHECK(state IN ('empty','accepted','review','corrected')),"
                                  " crop BLOB, crossed INTEGER NOT NULL DEFAULT 0, basis TEXT CHECK(basis IS NULL OR"
                                  " basis IN ('reading','batch_date','checked_before','roster','same_visitor')),"
                                  " read_as TEXT, PRIMARY KEY(page_id, field_id));"
                                  "INSERT INTO f3 SELECT page_id, field_id, value, confidence, state, crop, crossed, basis, read_as"
                                  " FROM fields; DROP TABLE fields; ALTER TABLE f3 RENAME TO fields;"
                                  "DROP TABLE printed;"
                                  "PRAGMA user_version=3",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    ck_assert_int_ne(sqlite3_exec(db3, "UPDATE fields SET basis='letters' WHERE field_id='institution'", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db3);
    const long rows = count("SELECT count(*) FROM fields"), accepted = count("SELECT count(*) FROM fields WHERE basis='reading'");
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_EXISTING), DC_OK);
    ck_assert_int_eq(count("PRAGMA user_version"), 14);
    ck_assert_int_eq(count("SELECT count(*) FROM fields"), rows);
    ck_assert_int_eq(count("SELECT count(*) FROM fields WHERE basis='reading'"), accepted);
    ck_assert_int_gt(accepted, 10);
    dc_page_result_clear(&p);
    form_page(&p, file, sha, 2, "access", "000124", visit_kv, VISIT_N);
    for (size_t i = 0; i < p.nfields; i++)
        if (strcmp(p.fields[i].id, "institution") == 0)
            p.fields[i].basis = DC_BASIS_LETTERS;
    ingest(a, &p, 1, NULL);
    ck_assert_int_eq(count("SELECT count(*) FROM fields WHERE basis='letters'"), 1);
    dc_archive_close(a);
    dc_page_result_clear(&p);
    free(file);
}
END_TEST

START_TEST(test_record_serials_filter_by_date_prefix)
{
    char *file;
    dc_archive *a = two_records(&file);
    char **v = NULL;
    size_t n = 0;
    ck_assert_int_eq(dc_archive_record_serials(&v, &n, a, "2026-11"), DC_OK);
    ck_assert_int_eq(n, 2);
    ck_assert_str_eq(v[0], "000123");
    ck_assert_str_eq(v[1], "000124");
    dc_archive_strings_free(v, n);
    ck_assert_int_eq(dc_archive_record_serials(&v, &n, a, "2026-11-03"), DC_OK);
    ck_assert_int_eq(n, 0);
    dc_archive_strings_free(v, n);
    dc_archive_close(a);
    free(file);
}
END_TEST

START_TEST(test_visit_days_span_the_records)
{
    char first[11], last[11];
    long nrec = -1;
    dc_archive *a = NULL;
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_CREATE), DC_OK);
    ck_assert_int_eq(dc_archive_visit_days(a, first, last, &nrec), DC_OK);
    ck_assert_str_eq(first, "");
    ck_assert_str_eq(last, "");
    ck_assert_int_eq(nrec, 0);
    dc_archive_close(a);
    char *file;
    a = two_records(&file);
    /* one record's visit date moved back a month: the span runs from it to the other */
    ck_assert_int_eq(sqlite3_exec(dc_archive_db(a), "UPDATE records SET visit_date='2026-10-30' WHERE serial='000123'",
                                  NULL, NULL, NULL), SQLITE_OK);
    ck_assert_int_eq(dc_archive_visit_days(a, first, last, &nrec), DC_OK);
    ck_assert_str_eq(first, "2026-10-30");
    ck_assert_str_eq(last, "2026-11-02");
    ck_assert_int_eq(nrec, 2);
    dc_archive_close(a);
    free(file);
}
END_TEST

/* The numbers a person checked, per form and field: what `dcaccess scan` tells the scanner a
 * returning visitor may write again. Values read and accepted by the machine are not among them. */
START_TEST(test_checked_values_are_the_distinct_numbers_a_person_checked)
{
    char *file;
    dc_archive *a = two_records(&file);
    char **v = NULL;
    size_t n = 9;
    /* both records' ID number 6171012503900001 and phone were accepted as read: none checked */
    ck_assert_int_eq(dc_archive_checked_values(&v, &n, a, "access", "id_number"), DC_OK);
    ck_assert_uint_eq(n, 0);
    dc_archive_strings_free(v, n);
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000124", "id_number", "6171014107850002", "Siti", NULL, NULL, NULL),
                     DC_OK);
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000123", "id_number", "6171012503900001", "Siti",
                                        "review: checked, as read", NULL, NULL), DC_OK);
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000123", "phone", "", "Siti", NULL, NULL, NULL), DC_OK);
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000124", "phone", "081234567890", "Siti", NULL, NULL, NULL), DC_OK);
    ck_assert_int_eq(dc_archive_checked_values(&v, &n, a, "access", "id_number"), DC_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(v[0], "6171012503900001");
    ck_assert_str_eq(v[1], "6171014107850002");
    dc_archive_strings_free(v, n);
    /* "nothing written" is no number; the exit time corrected by two_records is another field */
    ck_assert_int_eq(dc_archive_checked_values(&v, &n, a, "access", "phone"), DC_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(v[0], "081234567890");
    dc_archive_strings_free(v, n);
    ck_assert_int_eq(dc_archive_checked_values(&v, &n, a, "checklist", "phone"), DC_OK);
    ck_assert_uint_eq(n, 0);
    dc_archive_strings_free(v, n);
    ck_assert_int_eq(dc_archive_checked_values(&v, &n, a, "access", NULL), DC_ERR_INVALID_ARG);
    ck_assert_ptr_null(v);
    /* where a value was checked: the form, its visitor and day (for review's hint) */
    dc_checked_source src;
    ck_assert_int_eq(dc_archive_checked_source(a, "access", "id_number", "6171014107850002", &src), DC_OK);
    ck_assert_str_eq(src.serial, "000124");
    ck_assert_str_eq(src.visitor, "BUDI SANTOSO");
    ck_assert_str_eq(src.day, "2026-11-02");
    ck_assert_int_eq(dc_archive_checked_source(a, "access", "phone", "6171014107850002", &src), DC_ERR_NOT_FOUND);
    ck_assert_str_eq(src.serial, "");
    ck_assert_int_eq(dc_archive_checked_source(a, "access", "id_number", NULL, &src), DC_ERR_INVALID_ARG);
    /* the same visitor by ID number: 000123 and 000124 hold different ones, so nothing yet */
    char *same = NULL;
    ck_assert_int_eq(dc_archive_same_id_value(a, "000123", "phone", &same, &src), DC_ERR_NOT_FOUND);
    ck_assert_ptr_null(same);
    /* once 000123's ID number is 000124's, 000124's checked phone is what 000123's visitor wrote */
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000123", "id_number", "6171014107850002", "Siti", NULL, NULL, NULL),
                     DC_OK);
    ck_assert_int_eq(dc_archive_same_id_value(a, "000123", "phone", &same, &src), DC_OK);
    ck_assert_str_eq(same, "081234567890");
    ck_assert_str_eq(src.serial, "000124");
    ck_assert_str_eq(src.day, "2026-11-02");
    free(same);
    same = NULL;
    /* 000123's name was never checked by a person: no hint for 000124's from it */
    ck_assert_int_eq(dc_archive_same_id_value(a, "000124", "visitor_name", &same, &src), DC_ERR_NOT_FOUND);
    ck_assert_int_eq(dc_archive_same_id_value(a, NULL, "phone", &same, &src), DC_ERR_INVALID_ARG);
    dc_archive_close(a);
    free(file);
}
END_TEST

/* ---- reports written (schema 14) ---- */

/* Notes a report written to /r/FILE, whose command is "report KIND PERIOD". */
static void note_report(dc_archive *a, const char *kind, const char *period, const char *lang, const char *files,
                        long long chain_seq)
{
    char command[64];
    snprintf(command, sizeof command, "dcaccess report %s %s", kind, period);
    const dc_report_note n = {kind, period, lang, files, command, chain_seq};
    ck_assert_int_eq(dc_archive_note_report(a, &n), DC_OK);
}

/* The reports dc_archive_reports_outdated lists since `since`, "kind period lang files|written", one
 * a line (files with their line breaks as ';'). */
static char *outdated_text(dc_archive *a, long long since)
{
    dc_report_outdated *v = NULL;
    size_t n = 99;
    ck_assert_int_eq(dc_archive_reports_outdated(a, since, &v, &n), DC_OK);
    char *s = calloc(1, 4096);
    for (size_t i = 0; i < n; i++) {
        for (char *c = v[i].files; *c; c++)
            *c = *c == '\n' ? ';' : *c;
        snprintf(s + strlen(s), 4096 - strlen(s), "%s %s %s %s|%s|%s\n", v[i].kind, v[i].period, v[i].lang,
                 v[i].files, v[i].command, v[i].written);
    }
    dc_report_outdated_free(v, n);
    return s;
}

static long long chain_last(dc_archive *a)
{
    long long seq = -1;
    ck_assert_int_eq(dc_archive_chain_last(a, &seq), DC_OK);
    return seq;
}

/* A correction makes the reports written before it that show its record out of date: the daily
 * report of its day, the monthly and audit reports of its month, and the audit report of the month
 * it was made in (which lists corrections to other months' records); not another day's. Nothing
 * said so: the PDF in the office folder disagreed with the archive silently. A report written again
 * after the change is no longer listed; a spot check (a confirmation of an accepted value) makes
 * only the audit reports out of date. Times in local time. */
START_TEST(test_a_correction_lists_the_reports_written_before_it_that_show_its_record)
{
    setenv("TZ", "WIB-7", 1);   /* the data center's time, UTC+7 */
    tzset();
    char *file;
    dc_archive *a = two_records(&file);   /* visits of 2026-11-02, in a stack of that day */
    const long long before = chain_last(a);
    ck_assert_int_eq(before, count("SELECT count(*) FROM chain"));
    char this_month[8];
    const time_t now = time(NULL);
    struct tm tm;
    strftime(this_month, sizeof this_month, "%Y-%m", localtime_r(&now, &tm));
    const bool other_month = strcmp(this_month, "2026-11") != 0;   /* the correction's own audit */
    note_report(a, "daily", "2026-11-02", "id", "/r/harian-2026-11-02.xlsx\n/r/harian-2026-11-02.pdf", before);
    note_report(a, "daily", "2026-11-03", "id", "/r/harian-2026-11-03.pdf", before);
    note_report(a, "monthly", "2026-11", "en", "/r/monthly-2026-11.pdf", before);
    note_report(a, "audit", "2026-11", "id", "/r/audit-2026-11.pdf", before);
    note_report(a, "audit", "2026-10", "id", "/r/audit-2026-10.pdf", before);
    if (other_month)
        note_report(a, "audit", this_month, "id", "/r/audit-now.pdf", before);
    ck_assert_int_eq(chain_last(a), before);   /* not chained */
    char *v = outdated_text(a, before);
    ck_assert_str_eq(v, "");   /* nothing changed since */
    free(v);
    char *at = sql_text("SELECT strftime('%Y-%m-%d %H:%M', at, '+7 hours') FROM reports_written WHERE id = 1");

    ck_assert_int_eq(dc_archive_correct(a, &rules, "000123", "exit_time", "11:40", "Siti", NULL, NULL, NULL), DC_OK);
    v = outdated_text(a, before);
    char *want = dc_asprintf("daily 2026-11-02 id /r/harian-2026-11-02.xlsx;/r/harian-2026-11-02.pdf|dcaccess report "
                             "daily 2026-11-02|%s\n"
                             "monthly 2026-11 en /r/monthly-2026-11.pdf|dcaccess report monthly 2026-11|%s\n"
                             "audit 2026-11 id /r/audit-2026-11.pdf|dcaccess report audit 2026-11|%s\n"
                             "%s%s%s%s%s%s",
                             at, at, at, other_month ? "audit " : "", other_month ? this_month : "",
                             other_month ? " id /r/audit-now.pdf|dcaccess report audit " : "",
                             other_month ? this_month : "", other_month ? "|" : "", other_month ? at : "");
    if (other_month) {
        char *w = dc_asprintf("%s\n", want);
        free(want);
        want = w;
    }
    ck_assert_str_eq(v, want);
    free(v);
    free(want);

    /* the daily report written again: no longer out of date by that correction */
    note_report(a, "daily", "2026-11-02", "id", "/r/harian-2026-11-02.xlsx\n/r/harian-2026-11-02.pdf", chain_last(a));
    v = outdated_text(a, before);
    ck_assert_msg(strncmp(v, "monthly 2026-11 en", 18) == 0, "%s", v);
    free(v);

    /* a spot check of an accepted value: only what the audit reports show changed */
    const long long spot = chain_last(a);
    note_report(a, "monthly", "2026-11", "en", "/r/monthly-2026-11.pdf", spot);
    note_report(a, "audit", "2026-11", "id", "/r/audit-2026-11.pdf", spot);
    ck_assert_int_eq(dc_archive_correct(a, &rules, "000124", "entry_time", "09:45", "Audit", "spot check", NULL, NULL),
                     DC_OK);
    ck_assert_int_eq(count("SELECT count(*) FROM corrections WHERE old = new AND old_state = 'accepted'"), 1);
    v = outdated_text(a, spot);
    ck_assert_msg(strncmp(v, "audit 2026-11 id /r/audit-2026-11.pdf|", 38) == 0 &&
                      strstr(v, "daily") == NULL && strstr(v, "monthly") == NULL,
                  "%s", v);
    ck_assert_int_eq((int)(strchr(v, '\n') - v) + 1 < (int)strlen(v), other_month);   /* and this month's */
    free(v);
    assert_verifies(a);   /* the log is no part of the chain */
    dc_archive_close(a);
    free(at);
    free(file);
    unsetenv("TZ");
    tzset();
}
END_TEST

/* A batch's new date makes the daily reports of both its days out of date (the old day's report
 * listed the stack's forms). */
START_TEST(test_a_new_batch_date_lists_the_daily_reports_of_the_old_and_new_day)
{
    char *file;
    dc_archive *a = two_records(&file);
    const long long before = chain_last(a);
    note_report(a, "daily", "2026-11-02", "id", "/r/a.pdf", before);
    note_report(a, "daily", "2026-11-03", "id", "/r/b.pdf", before);
    note_report(a, "daily", "2026-11-04", "id", "/r/c.pdf", before);
    dc_batch_redate moved;
    ck_assert_int_eq(dc_archive_set_batch_date(a, &rules, 1, "2026-11-03", "Siti", "scanned late", 0, &moved), DC_OK);
    ck_assert_uint_eq(moved.records, 2);
    char *v = outdated_text(a, before);
    ck_assert_msg(strncmp(v, "daily 2026-11-02 id /r/a.pdf|", 29) == 0 && strstr(v, "\ndaily 2026-11-03 id /r/b.pdf|") &&
                      !strstr(v, "2026-11-04"),
                  "%s", v);
    free(v);
    dc_archive_close(a);
    free(file);
}
END_TEST

/* Ingests page *p (then cleared) as a batch of `date`, and asserts the reports it made out of date. */
static void ingest_lists_outdated(dc_archive *a, const char *date, dc_page_result *p, const char *want)
{
    const long long since = chain_last(a);
    ingest_on(a, date, p, 1, NULL);
    dc_page_result_clear(p);
    char *v = outdated_text(a, since);
    ck_assert_str_eq(v, want);
    free(v);
}

/* What a scan stores makes the reports written before it that show it out of date, as a correction
 * does (a scan said nothing of the day it added to): a rejected page the daily report of its
 * stack's day and the audit of its month, which list it; a new visit the reports of its day and
 * month; a duplicate of a stored page none, and another day's report never. */
START_TEST(test_a_scan_lists_the_reports_written_before_it_that_show_what_it_stored)
{
    char *file, sha[65];
    dc_archive *a = two_records(&file);   /* visits of 2026-11-02, in a stack of that day */
    note_report(a, "daily", "2026-11-02", "id", "/r/d2.pdf", chain_last(a));
    note_report(a, "daily", "2026-11-03", "id", "/r/d3.pdf", chain_last(a));
    note_report(a, "daily", "2026-11-04", "id", "/r/d4.pdf", chain_last(a));
    note_report(a, "monthly", "2026-11", "id", "/r/m.pdf", chain_last(a));
    note_report(a, "audit", "2026-11", "id", "/r/a.pdf", chain_last(a));
    /* when each was written (ids 1-5), as listed */
    char *d2 = sql_text("SELECT strftime('%Y-%m-%d %H:%M', at, 'localtime') FROM reports_written WHERE id = 1");
    char *d3 = sql_text("SELECT strftime('%Y-%m-%d %H:%M', at, 'localtime') FROM reports_written WHERE id = 2");
    char *m = sql_text("SELECT strftime('%Y-%m-%d %H:%M', at, 'localtime') FROM reports_written WHERE id = 4");
    char *au = sql_text("SELECT strftime('%Y-%m-%d %H:%M', at, 'localtime') FROM reports_written WHERE id = 5");

    /* a page of a stack of 2026-11-03 that is no form */
    char *other = source_file("day3.tif", sha);
    dc_page_result p;
    rejected_page(&p, other, sha, 1, "not a dcaccess form");
    char *want = dc_asprintf("daily 2026-11-03 id /r/d3.pdf|dcaccess report daily 2026-11-03|%s\n"
                             "audit 2026-11 id /r/a.pdf|dcaccess report audit 2026-11|%s\n",
                             d3, au);
    ingest_lists_outdated(a, "2026-11-03", &p, want);
    free(want);

    /* a visit of 2026-11-02 in a second stack of that day */
    char *second = source_file("day2b.tif", sha);
    access_page(&p, second, sha, 1, "000125");
    want = dc_asprintf("daily 2026-11-02 id /r/d2.pdf|dcaccess report daily 2026-11-02|%s\n"
                       "monthly 2026-11 id /r/m.pdf|dcaccess report monthly 2026-11|%s\n"
                       "audit 2026-11 id /r/a.pdf|dcaccess report audit 2026-11|%s\n",
                       d2, m, au);
    ingest_lists_outdated(a, "2026-11-02", &p, want);
    free(want);

    /* the same sheet scanned again into another file: a duplicate (chained all the same), no visit
     * changed */
    char *copy = source_file("day2c.tif", sha);
    access_page(&p, copy, sha, 1, "000125");
    const long long chained = chain_last(a);
    ingest_lists_outdated(a, "2026-11-02", &p, "");
    ck_assert_int_eq(count("SELECT count(*) FROM pages WHERE status = 'duplicate'"), 1);
    ck_assert_int_gt(chain_last(a), chained);
    assert_verifies(a);
    dc_archive_close(a);
    free(copy);
    free(second);
    free(other);
    free(file);
    free(d2);
    free(d3);
    free(m);
    free(au);
}
END_TEST

/* An archive of schema 13 read only (an auditor's copy, `report`'s own read) has no log: noting a
 * report there is refused, saying why, and nothing is out of date; opened to write, it is upgraded
 * to schema 14 with an empty log, and its chain still verifies. One of schema 14 read only refuses
 * the note too (report then notes with a connection of its own, and says when it cannot). */
START_TEST(test_an_archive_of_schema_13_gets_the_log_of_reports_written_when_opened_to_write)
{
    char *file;
    dc_archive *a = two_records(&file);
    dc_archive_close(a);
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open(db_path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "DROP TABLE reports_written; PRAGMA user_version=13", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    const dc_report_note n = {"daily", "2026-11-02", "id", "/r/a.pdf", "dcaccess report daily 2026-11-02", 3};
    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_READONLY), DC_OK);
    ck_assert_int_eq(dc_archive_note_report(a, &n), DC_ERR_ARCHIVE);
    char *want = dc_asprintf("%s: opened read-only (schema 13): the reports written are noted from schema 14 on",
                             db_path);
    ck_assert_str_eq(dc_error_detail(), want);
    free(want);
    char *v = outdated_text(a, 0);
    ck_assert_str_eq(v, "");
    free(v);
    dc_archive_close(a);
    ck_assert_int_eq(count("PRAGMA user_version"), 13);   /* read only: not upgraded */

    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_EXISTING), DC_OK);
    ck_assert_int_eq(count("PRAGMA user_version"), 14);
    ck_assert_int_eq(count("SELECT count(*) FROM reports_written"), 0);
    ck_assert_int_eq(dc_archive_note_report(a, &n), DC_OK);
    ck_assert_int_eq(count("SELECT count(*) FROM reports_written WHERE kind = 'daily' AND period = '2026-11-02' AND "
                           "lang = 'id' AND files = '/r/a.pdf' AND chain_seq = 3"), 1);
    char *abs = realpath(db_path, NULL), *noted = sql_text("SELECT archive FROM reports_written");
    ck_assert_str_eq(noted, abs);   /* where it was written from: a copy elsewhere lists none of its notes */
    free(abs);
    free(noted);
    const dc_report_note bad = {"daily", "2026-11", "id", "/r/a.pdf", "dcaccess report daily 2026-11", 3};
    ck_assert_int_eq(dc_archive_note_report(a, &bad), DC_ERR_INVALID_ARG);   /* a month is no day */
    assert_verifies(a);
    dc_archive_close(a);

    ck_assert_int_eq(dc_archive_open(&a, db_path, DC_ARCHIVE_READONLY), DC_OK);
    ck_assert_int_eq(dc_archive_note_report(a, &n), DC_ERR_ARCHIVE);
    want = dc_asprintf("%s: noting the report written: attempt to write a readonly database", db_path);
    ck_assert_str_eq(dc_error_detail(), want);
    free(want);
    dc_archive_close(a);
    ck_assert_int_eq(count("SELECT count(*) FROM reports_written"), 1);
    free(file);
}
END_TEST

static Suite *archive_suite(void)
{
    Suite *s = suite_create("archive");
    TCase *t = tcase_create("archive");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_set_timeout(t, 30);
    tcase_add_test(t, test_new_archive_uses_wal_foreign_keys_and_schema_version);
    tcase_add_test(t, test_opening_a_missing_archive_for_reading_creates_nothing);
    tcase_add_test(t, test_a_folder_given_as_the_archive_is_named);
    tcase_add_test(t, test_another_programs_database_or_an_empty_file_is_not_made_an_archive);
    tcase_add_test(t, test_schema_newer_than_the_build_is_refused);
    tcase_add_test(t, test_a_column_dropped_outside_dcaccess_is_named);
    tcase_add_test(t, test_printed_serials_continue_and_overlaps_are_found);
    tcase_add_test(t, test_the_serials_printed_are_chained);
    tcase_add_test(t, test_from_which_page_the_chain_covers_them_is_chained);
    tcase_add_test(t, test_a_stack_names_the_forms_handed_out_before_it_that_did_not_come_back);
    tcase_add_test(t, test_a_stack_finished_after_a_cut_off_scan_names_the_forms_to_find);
    tcase_add_test(t, test_a_print_id_is_not_given_again);
    tcase_add_test(t, test_a_correction_is_signed_by_a_name);
    tcase_add_test(t, test_a_record_checked_under_other_rules_says_so);
    tcase_add_test(t, test_a_record_a_newer_dcaccess_checked_is_left_to_it);
    tcase_add_test(t, test_commands_opening_a_new_archive_together_all_succeed);
    tcase_add_test(t, test_ingest_builds_a_record_with_its_findings);
    tcase_add_test(t, test_ingesting_the_same_files_again_adds_nothing);
    tcase_add_test(t, test_a_page_of_an_unknown_template_is_read_again_once_it_is_known);
    tcase_add_test(t, test_a_page_read_again_as_another_sheet_keeps_its_set_apart);
    tcase_add_test(t, test_a_checklist_whose_access_form_was_rejected_is_not_given_to_another_sheet);
    tcase_add_test(t, test_an_access_form_scanned_again_with_its_stack_date_gets_its_checklist);
    tcase_add_test(t, test_a_checklist_whose_access_form_was_rejected_is_not_given_to_the_visit_of_another_stack);
    tcase_add_test(t, test_a_stack_scanned_in_two_runs_keeps_a_rejected_sheets_checklist_apart);
    tcase_add_test(t, test_a_checklist_given_to_a_visit_by_an_earlier_run_is_taken_back);
    tcase_add_test(t, test_a_reason_naming_long_paths_is_whole);
    tcase_add_test(t, test_a_set_scanned_in_one_run_keeps_its_checklist_when_a_later_run_has_another_sheet);
    tcase_add_test(t, test_a_checklist_is_taken_back_from_a_visit_only_checked_again_under_new_rules);
    tcase_add_test(t, test_a_page_read_again_by_a_scan_killed_before_its_records_is_not_a_deleted_record);
    tcase_add_test(t, test_same_form_from_another_file_is_stored_as_duplicate);
    tcase_add_test(t, test_another_sheet_with_a_stored_serial_is_rejected_not_merged);
    tcase_add_test(t, test_unreadable_files_are_each_listed_not_merged);
    tcase_add_test(t, test_checklist_scanned_later_is_paired_and_rechained);
    tcase_add_test(t, test_correcting_exit_time_removes_over_time_limit_and_is_recorded);
    tcase_add_test(t, test_fields_in_review_are_pending_until_corrected);
    tcase_add_test(t, test_an_archive_held_by_another_writer_says_what_to_do);
    tcase_add_test(t, test_checked_values_are_the_distinct_numbers_a_person_checked);
    tcase_add_test(t, test_crossed_cells_are_kept_with_the_field_and_read_from_a_schema_1_archive);
    tcase_add_test(t, test_why_a_field_is_in_review_is_kept_and_listed);
    tcase_add_test(t, test_a_new_batch_date_decides_the_visit_dates_it_read_as_again);
    tcase_add_test(t, test_a_form_with_nothing_written_is_an_unused_form_not_a_visit);
    tcase_add_test(t, test_accepted_values_invalid_for_their_field_go_to_review);
    tcase_add_test(t, test_why_a_value_was_accepted_is_stored_chained_and_absent_from_a_schema_2_archive);
    tcase_add_test(t, test_verify_names_a_field_value_changed_behind_its_back);
    tcase_add_test(t, test_verify_shows_a_difference_past_what_a_message_holds);
    tcase_add_test(t, test_verify_names_a_record_whose_batch_is_not_there);
    tcase_add_test(t, test_verify_names_an_image_or_stored_text_changed_behind_its_back);
    tcase_add_test(t, test_verify_names_a_deleted_record);
    tcase_add_test(t, test_a_batch_cut_off_is_finished_by_a_scan_of_all_it_was_given);
    tcase_add_test(t, test_verify_names_a_record_deleted_with_its_newest_chain_entries);
    tcase_add_test(t, test_verify_blames_the_right_batch_date);
    tcase_add_test(t, test_verify_names_a_page_file_name_altered);
    tcase_add_test(t, test_a_wrong_batch_date_is_corrected_for_the_whole_batch);
    tcase_add_test(t, test_a_time_that_is_no_clock_time_is_recorded_as_written);
    tcase_add_test(t, test_a_record_altered_behind_its_back_is_not_chained_again);
    tcase_add_test(t, test_verify_names_a_deleted_finding_and_an_altered_column);
    tcase_add_test(t, test_verify_names_altered_and_deleted_corrections);
    tcase_add_test(t, test_a_head_printed_earlier_is_found_until_the_chain_is_cut_back);
    tcase_add_test(t, test_verify_and_the_heads_it_looks_for_read_one_state_of_the_chain);
    tcase_add_test(t, test_a_chain_entry_seals_the_time_it_was_made);
    tcase_add_test(t, test_a_reader_opened_before_the_upgrade_to_schema_11_verifies_what_was_written_since);
    tcase_add_test(t, test_verify_names_a_deleted_chain_entry_and_an_inserted_record);
    tcase_add_test(t, test_verify_leaves_a_rejected_file_that_was_scanned_again);
    tcase_add_test(t, test_an_archive_in_a_folder_the_reader_cannot_write_is_read);
    tcase_add_test(t, test_an_archive_read_while_it_was_read_only_is_written_again);
    tcase_add_test(t, test_a_shm_file_the_writer_cannot_write_is_named);
    tcase_add_test(t, test_reading_folds_a_left_log_in_and_writes_nothing);
    tcase_add_test(t, test_a_review_answer_is_not_written_over_an_answer_given_meanwhile);
    tcase_add_test(t, test_verify_names_a_missing_or_changed_source_file);
    tcase_add_test(t, test_verify_finds_a_scan_copied_below_the_scans_folder_in_another_layout);
    tcase_add_test(t, test_verify_says_a_scan_in_a_hidden_folder_below_the_scans_folder_is_there_but_not_searched);
    tcase_add_test(t, test_verify_reads_each_file_below_the_scans_folder_once);
    tcase_add_test(t, test_verify_judges_a_file_scanned_twice_the_same_under_the_scans_folder);
    tcase_add_test(t, test_record_serials_filter_by_date_prefix);
    tcase_add_test(t, test_visit_days_span_the_records);
    tcase_add_test(t, test_a_correction_lists_the_reports_written_before_it_that_show_its_record);
    tcase_add_test(t, test_a_new_batch_date_lists_the_daily_reports_of_the_old_and_new_day);
    tcase_add_test(t, test_a_scan_lists_the_reports_written_before_it_that_show_what_it_stored);
    tcase_add_test(t, test_an_archive_of_schema_13_gets_the_log_of_reports_written_when_opened_to_write);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(archive_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
