/* dc_archive: the SQLite archive: schema and migrations, ingest, records, corrections, hash chain. */
#include "dc_archive.h"
#include "dc_error.h"
#include "dc_util.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <signal.h>
#include <unistd.h>

/* ---- schema: the one place it is defined (documented in dc_archive.h) ---- */

/* The columns of the fields table as schema 1 made them (schema 4 rebuilds the table with them). */
#define FIELDS_V1_COLUMNS                                                                          \
    "  page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,"                           \
    "  field_id TEXT NOT NULL,"                                                                    \
    "  value TEXT,"                                                                                \
    "  confidence REAL NOT NULL,"                                                                  \
    "  state TEXT NOT NULL CHECK(state IN ('empty','accepted','review','corrected')),"             \
    "  crop BLOB,"

/* The chain (of schema 9 on) rebuilt with the same columns and rows, its kinds those of `kinds` (an
 * SQL list): SQLite cannot change a column's CHECK */
#define CHAIN_REBUILT(kinds)                                                                                           \
    "CREATE TABLE chain_new("                                                                                          \
    "  seq INTEGER PRIMARY KEY,"                                                                                       \
    "  kind TEXT NOT NULL CHECK(kind IN (" kinds ")),"                                                                 \
    "  ref TEXT NOT NULL,"                                                                                             \
    "  payload_hash TEXT NOT NULL,"                                                                                    \
    "  prev_hash TEXT NOT NULL,"                                                                                       \
    "  hash TEXT NOT NULL,"                                                                                            \
    "  at TEXT NOT NULL,"                                                                                              \
    "  payload TEXT);"                                                                                                 \
    "INSERT INTO chain_new(seq, kind, ref, payload_hash, prev_hash, hash, at, payload)"                                \
    "  SELECT seq, kind, ref, payload_hash, prev_hash, hash, at, payload FROM chain;"                                  \
    "DROP TABLE chain;"                                                                                                \
    "ALTER TABLE chain_new RENAME TO chain;"                                                                           \
    "CREATE INDEX chain_ref ON chain(kind, ref);"

static const char *const migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE batches("
    "  id INTEGER PRIMARY KEY,"
    "  started TEXT NOT NULL,"
    "  finished TEXT,"
    "  batch_date TEXT NOT NULL,"
    "  status TEXT NOT NULL CHECK(status IN ('running','finished','interrupted')));"
    "CREATE TABLE pages("
    "  id INTEGER PRIMARY KEY,"
    "  batch_id INTEGER NOT NULL REFERENCES batches(id),"
    "  file TEXT NOT NULL,"
    "  file_sha256 TEXT NOT NULL,"
    "  page INTEGER NOT NULL,"
    "  image_sha256 TEXT,"
    "  status TEXT NOT NULL CHECK(status IN ('form','blank','duplicate','rejected')),"
    "  reason TEXT,"
    "  form TEXT,"
    "  template_version INTEGER,"
    "  serial TEXT,"
    "  sheet_page INTEGER,"
    "  dpi REAL, rotation INTEGER, skew_deg REAL,"
    "  thumb BLOB,"
    "  ingested TEXT NOT NULL,"
    "  UNIQUE(file_sha256, page));"
    "CREATE INDEX pages_serial ON pages(serial, form);"
    "CREATE INDEX pages_image ON pages(image_sha256);"
    "CREATE TABLE fields("
    FIELDS_V1_COLUMNS
    "  PRIMARY KEY(page_id, field_id));"
    "CREATE TABLE records("
    "  serial TEXT PRIMARY KEY,"
    "  status TEXT NOT NULL CHECK(status IN ('complete','needs_review')),"
    "  batch_id INTEGER NOT NULL REFERENCES batches(id),"
    "  batch_date TEXT NOT NULL,"
    "  access_page_id INTEGER REFERENCES pages(id),"
    "  checklist_page_id INTEGER REFERENCES pages(id),"
    "  visit_date TEXT, visitor_name TEXT, institution TEXT, id_type TEXT, id_number TEXT, phone TEXT,"
    "  purpose TEXT, purpose_detail TEXT, brings_devices TEXT, arrival_time TEXT, decision TEXT,"
    "  operator_name TEXT, entry_time TEXT, badge_number TEXT, escort_name TEXT, exit_time TEXT,"
    "  badge_returned INTEGER, id_returned INTEGER, visitor_signature INTEGER, operator_signature INTEGER,"
    "  duration_min INTEGER, devices_in INTEGER NOT NULL DEFAULT 0, devices_out INTEGER NOT NULL DEFAULT 0,"
    "  updated TEXT NOT NULL);"
    "CREATE INDEX records_date ON records(visit_date);"
    "CREATE TABLE findings("
    "  id INTEGER PRIMARY KEY,"
    "  serial TEXT NOT NULL REFERENCES records(serial) ON DELETE CASCADE,"
    "  rule TEXT NOT NULL,"
    "  field TEXT,"
    "  row INTEGER,"
    "  sop_step TEXT NOT NULL,"
    "  severity TEXT NOT NULL CHECK(severity IN ('error','violation','warning')),"
    "  message_id TEXT NOT NULL,"
    "  message_en TEXT NOT NULL);"
    "CREATE INDEX findings_serial ON findings(serial);"
    "CREATE TABLE corrections("
    "  id INTEGER PRIMARY KEY,"
    "  serial TEXT NOT NULL,"
    "  field TEXT NOT NULL,"
    "  old TEXT,"
    "  new TEXT,"
    "  old_state TEXT NOT NULL,"
    "  who TEXT NOT NULL,"
    "  at TEXT NOT NULL,"
    "  why TEXT);"
    "CREATE INDEX corrections_serial ON corrections(serial);"
    "CREATE TABLE chain("
    "  seq INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK(kind IN ('record','correction')),"
    "  ref TEXT NOT NULL,"
    "  payload_hash TEXT NOT NULL,"
    "  prev_hash TEXT NOT NULL,"
    "  hash TEXT NOT NULL,"
    "  at TEXT NOT NULL);"
    "CREATE INDEX chain_ref ON chain(kind, ref);",
    /* 1 -> 2: which cells of a comb were crossed by writing from outside (dc_field_value.crossed) */
    "ALTER TABLE fields ADD COLUMN crossed INTEGER NOT NULL DEFAULT 0;",
    /* 2 -> 3: why the scanner accepted a value (dc_field_value.basis), and what it read when it
     * stored another value (dc_field_value.read_as); NULL in the rows before */
    "ALTER TABLE fields ADD COLUMN basis TEXT"
    "  CHECK(basis IS NULL OR basis IN ('reading','batch_date','checked_before','roster','same_visitor'));"
    "ALTER TABLE fields ADD COLUMN read_as TEXT;",
    /* 3 -> 4: a new basis, 'letters' (two readers of another kind agree letter by letter). SQLite
     * cannot change a column's CHECK, so the table is rebuilt with the same columns and rows */
    "CREATE TABLE fields4("
    FIELDS_V1_COLUMNS
    "  crossed INTEGER NOT NULL DEFAULT 0,"
    "  basis TEXT CHECK(basis IS NULL OR"
    "    basis IN ('reading','batch_date','checked_before','roster','same_visitor','letters')),"
    "  read_as TEXT,"
    "  PRIMARY KEY(page_id, field_id));"
    "INSERT INTO fields4(page_id, field_id, value, confidence, state, crop, crossed, basis, read_as)"
    "  SELECT page_id, field_id, value, confidence, state, crop, crossed, basis, read_as FROM fields;"
    "DROP TABLE fields;"
    "ALTER TABLE fields4 RENAME TO fields;",
    /* 4 -> 5: pages that make no record (rejected, blank, duplicate) are chained too (kind 'page'),
     * so that deleting or changing one is found; those stored before are not, and chain_meta says
     * from which page on they are */
    "CREATE TABLE chain5("
    "  seq INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK(kind IN ('record','correction','page')),"
    "  ref TEXT NOT NULL,"
    "  payload_hash TEXT NOT NULL,"
    "  prev_hash TEXT NOT NULL,"
    "  hash TEXT NOT NULL,"
    "  at TEXT NOT NULL);"
    "INSERT INTO chain5 SELECT seq, kind, ref, payload_hash, prev_hash, hash, at FROM chain;"
    "DROP TABLE chain;"
    "ALTER TABLE chain5 RENAME TO chain;"
    "CREATE INDEX chain_ref ON chain(kind, ref);"
    "CREATE TABLE IF NOT EXISTS chain_meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
    "INSERT OR IGNORE INTO chain_meta VALUES('pages_chained_from', (SELECT coalesce(max(id), 0) + 1 FROM pages));",
    /* 5 -> 6: the serial ranges `forms print` printed, so that the next run continues after them */
    "CREATE TABLE IF NOT EXISTS printed("
    "  id INTEGER PRIMARY KEY,"
    "  first INTEGER NOT NULL,"
    "  last INTEGER NOT NULL CHECK(last >= first),"
    "  form TEXT NOT NULL,"
    "  file TEXT NOT NULL,"
    "  at TEXT NOT NULL);",
    /* ... and records.rules, the rules each record was last checked with (dc_rules_describe; NULL
     * before): added by migrate() when missing (SQLite has no ADD COLUMN IF NOT EXISTS) */
    /* 6 -> 7: fields.why, why the scanner sent a field to review (dc_review_why; NULL before and
     * for fields it did not), added by migrate() when missing like records.rules. No CHECK: a
     * later version may name new reasons, shown as they are */
    "",
    /* 7 -> 8: what a scan batch was given to read (its files and folders, absolute, one a line) and
     * the process that scanned it: a batch that did not finish is finished by a later scan of all
     * it was given, not of one of its files; one still running is told from one killed */
    "",   /* added by migrate() when missing, like records.rules */
    /* 8 -> 9: each chain entry keeps the payload it hashes (NULL in entries made before), so that
     * verify can name what in a record, correction or page differs from what was chained; and a
     * correction keeps the confidence of the value it replaced (corrections.old_conf) */
    "",   /* added by migrate() when missing, like records.rules */
    /* 9 -> 10: no table changes; a page rejected as an unknown template may be read again once the
     * template is there, and chained again as what it is now (a form page then has 'page' entries,
     * which verify compares with its newest one), and records are chained with their pages' form
     * versions (record payload version 4). An older dcaccess would take such a page for one deleted
     * or altered, and such a record for one altered: it refuses the archive as of a newer schema */
    "",
    /* 10 -> 11: a chain entry's hash seals the time it was made (chain.at) too, from the entry
     * chain_meta 'at_sealed_from' names on (those made before keep the hash they were made with, as
     * every entry's hash covers all before it). An older dcaccess would take such an entry for one
     * altered: it refuses the archive as of a newer schema */
    "INSERT OR IGNORE INTO chain_meta VALUES('at_sealed_from', (SELECT coalesce(max(seq), 0) + 1 FROM chain));",
    /* 11 -> 12: the serial ranges `forms print` printed are chained too (kind 'print'), and one
     * taken back because its PDF was not written, so that the audit's account of the serials
     * printed rests on what verify checks; those printed before are not, and chain_meta says from
     * which print on they are. SQLite cannot change a column's CHECK: the chain is rebuilt with the
     * same columns and rows. An older dcaccess would take a 'print' entry for one inserted */
    CHAIN_REBUILT("'record','correction','page','print'")
    "INSERT OR IGNORE INTO chain_meta VALUES('prints_chained_from', (SELECT coalesce(max(id), 0) + 1 FROM printed));",
    /* 12 -> 13: the marks 'pages_chained_from' and 'prints_chained_from' are chained (kind 'mark',
     * made by seal_marks() in this step, for a mark above 1; 1, every page or print chained, needs
     * none): raised with the sqlite3 shell, either hid a page or print inserted below it, and
     * chain_meta itself is not chained. The chain is rebuilt for the new kind. An older dcaccess
     * would take a 'mark' entry for one inserted */
    CHAIN_REBUILT("'record','correction','page','print','mark'"),
    /* 13 -> 14: the reports `report` wrote, with the last chain entry each reflects, so that
     * correct and review can say which of them a change made out of date. Not chained: a report
     * written is no evidence of a visit, and an entry per report would move the chain head the
     * audit report prints as it is written. An older dcaccess would not keep the log */
    "CREATE TABLE IF NOT EXISTS reports_written("
    "  id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK(kind IN ('daily','monthly','audit')),"
    "  period TEXT NOT NULL,"
    "  lang TEXT NOT NULL,"
    "  files TEXT NOT NULL,"
    "  command TEXT NOT NULL,"
    "  archive TEXT NOT NULL,"
    "  at TEXT NOT NULL,"
    "  chain_seq INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS reports_written_period ON reports_written(kind, period);",
};
/* The schema step whose migration also chains the marks (seal_marks) */
#define MARKS_SEALED_SINCE 13
#define SCHEMA_VERSION ((int)(sizeof migrations / sizeof migrations[0]))

/* Typed copy of record fields in the records table (text columns, then 0/1 columns). */
static const char *const text_columns[] = {
    "visit_date", "visitor_name", "institution", "id_type", "id_number", "phone", "purpose", "purpose_detail",
    "brings_devices", "arrival_time", "decision", "operator_name", "entry_time", "badge_number", "escort_name",
    "exit_time",
};
#define N_TEXT_COLUMNS (sizeof text_columns / sizeof text_columns[0])
static const char *const tick_columns[] = {"badge_returned", "id_returned", "visitor_signature", "operator_signature"};
#define N_TICK_COLUMNS (sizeof tick_columns / sizeof tick_columns[0])
/* + duration_min, devices_in, devices_out */
#define N_COLUMNS (N_TEXT_COLUMNS + N_TICK_COLUMNS + 3)

struct dc_archive {
    sqlite3 *db;
    char *path;
    int version;   /* schema version (an archive opened read-only is not migrated) */
    int rules_col; /* records.rules exists: 1, 0, or -1 not looked at yet */
    char *scans;   /* where verify also looks for scan files moved since (NULL: only where scanned) */
};

/* ---- small helpers ---- */

/* A full disk shows as SQLITE_FULL, or as an I/O error whose system errno is ENOSPC (growing the
 * WAL index, syncing): both are DC_ERR_NO_SPACE, which tells the person what to do. */
static bool disk_full(sqlite3 *db)
{
    return sqlite3_errcode(db) == SQLITE_FULL || sqlite3_system_errno(db) == ENOSPC;
}

/* The -wal and -shm files beside the archive `path` that this user owns and cannot write made
 * writable for their owner. A read-only connection makes them (at its first read) with the
 * archive file's permissions and leaves them at close: read while it was read-only (chmod 444),
 * the archive stayed unwritable after it was made writable again ("attempt to write a readonly
 * database"). They are not removed: another command may be using them. */
static void own_side_files_writable(const char *path)
{
    static const char *const side[] = {"-wal", "-shm"};
    for (size_t k = 0; k < sizeof side / sizeof side[0]; k++) {
        char *side_path = dc_asprintf("%s%s", path, side[k]);
        const int fd = side_path ? open(side_path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) : -1;
        struct stat st;
        if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
            !(st.st_mode & S_IWUSR))
            (void)!fchmod(fd, (st.st_mode & 07777) | S_IWUSR);
        if (fd >= 0)
            close(fd);
        free(side_path);
    }
}

/* DC_ERR_IO naming the -wal or -shm file beside the archive `path` that exists and this user
 * cannot write (another user's command made it, or a read-only one of an older dcaccess): SQLite
 * says only "attempt to write a readonly database", to every command that writes. */
static int side_files_writable(const char *path)
{
    static const char *const side[] = {"-shm", "-wal"};
    for (size_t k = 0; k < sizeof side / sizeof side[0]; k++) {
        char *side_path = dc_asprintf("%s%s", path, side[k]);
        if (!side_path)
            return dc_error_set(DC_ERR_NOMEM, "out of memory");
        struct stat st;
        const bool unwritable = lstat(side_path, &st) == 0 && access(side_path, W_OK) != 0;
        const int err = errno;
        int rc = DC_OK;
        if (unwritable && st.st_uid == geteuid()) {   /* this user's own, made read-only */
            rc = dc_error_set(DC_ERR_IO,
                              "%s: %s beside it is not writable for you (%s): have its owner make it writable (chmod "
                              "u+w %s), or, when no dcaccess command and no sqlite3 has the archive open and %s-wal "
                              "is empty (0 bytes), remove %s-wal and %s-shm",
                              path, side_path, strerror(err), side_path, path, path, path);
        } else if (unwritable) {
            /* another user's: making it writable for its owner (chmod u+w) changes nothing for this one */
            const struct passwd *pw = getpwuid(st.st_uid);
            char owner[64];
            if (pw && pw->pw_name)
                snprintf(owner, sizeof owner, "%s", pw->pw_name);
            else
                snprintf(owner, sizeof owner, "uid %u", (unsigned)st.st_uid);
            rc = dc_error_set(DC_ERR_IO,
                              "%s: %s beside it is %s's, not writable for you (%s): when no dcaccess command and no "
                              "sqlite3 has the archive open and %s-wal is empty (0 bytes), remove %s-wal and %s-shm; "
                              "a log that is not empty holds changes: have %s run dcaccess verify once, which folds "
                              "it in",
                              path, side_path, owner, strerror(err), path, path, path, owner);
        }
        free(side_path);
        if (rc != DC_OK)
            return rc;
    }
    return DC_OK;
}

/* SQLite's "attempt to write a readonly database" about an archive this user may write: a -wal or
 * -shm beside it that they cannot write, named with what to do (DC_ERR_IO); DC_OK otherwise. */
static int readonly_side_file(dc_archive *a)
{
    return sqlite3_errcode(a->db) == SQLITE_READONLY && access(a->path, W_OK) == 0 ? side_files_writable(a->path)
                                                                                  : DC_OK;
}

/* What to do, after SQLite's own words, about a damaged archive file, or one another program kept
 * writing to for longer than the busy timeout (10 s; SQLite says only "database is locked"); ""
 * for other errors. */
static const char *remedy(sqlite3 *db)
{
    const int e = sqlite3_errcode(db);
    if (e == SQLITE_BUSY || e == SQLITE_LOCKED)
        return ": another program has been writing to it for over 10 s (another dcaccess command, or sqlite3 "
               "with the archive open): let it finish or close it, then run the same command again (what was "
               "stored before stays stored)";
    return e == SQLITE_CORRUPT || e == SQLITE_NOTADB
               ? ": the archive file is damaged; restore it from your latest backup (dcaccess backup; README, "
                 "troubleshooting)"
               : "";
}

static int db_fail(dc_archive *a, const char *what)
{
    int rc = readonly_side_file(a);
    if (rc != DC_OK)
        return rc;
    int code = disk_full(a->db) ? DC_ERR_NO_SPACE : DC_ERR_ARCHIVE;
    return dc_error_set(code, "%s: %s: %s%s", a->path, what, sqlite3_errmsg(a->db), remedy(a->db));
}

static int exec(dc_archive *a, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(a->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int code = disk_full(a->db) ? DC_ERR_NO_SPACE : DC_ERR_ARCHIVE;
        int rc = readonly_side_file(a);
        if (rc == DC_OK)
            rc = dc_error_set(code, "%s: %s%s", a->path, msg ? msg : sqlite3_errmsg(a->db), remedy(a->db));
        sqlite3_free(msg);
        return rc;
    }
    return DC_OK;
}

static int prep(dc_archive *a, sqlite3_stmt **st, const char *sql)
{
    if (sqlite3_prepare_v2(a->db, sql, -1, st, NULL) != SQLITE_OK)
        return db_fail(a, "prepare");
    return DC_OK;
}

/* One integer from a query with no parameters; `what` names the reading in an error. */
static int query_long(dc_archive *a, const char *sql, const char *what, long *out)
{
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, sql);
    if (rc != DC_OK)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = (long)sqlite3_column_int64(st, 0);
    else
        rc = db_fail(a, what);
    sqlite3_finalize(st);
    return rc;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static char *col_dup(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? dc_strdup((const char *)t) : NULL;
}

static const char *col_str(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : NULL;
}
/* Column i of `st` (a statement named st where it is used) as text, "" for NULL. */
#define TEXT_COL(i) (col_str(st, i) ? col_str(st, i) : "")

static void now_utc(char buf[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void rollback(dc_archive *a) { sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL); }

static bool str_eq(const char *x, const char *y)
{
    if (!x || !y)
        return x == y;
    return strcmp(x, y) == 0;
}

/* A growing string; a chain payload also marks where each of its entries starts (sb_entry). */
typedef struct sbuf {
    char *s;
    size_t n, cap;
    bool oom;
    size_t *marks, nmarks, capmarks;
} sbuf;

static void sb_vadd(sbuf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void sb_vadd(sbuf *b, const char *fmt, va_list ap)
{
    if (b->oom)
        return;
    va_list ap2;
    va_copy(ap2, ap);
    int need = vsnprintf(NULL, 0, fmt, ap);
    if (need < 0) {
        b->oom = true;
        va_end(ap2);
        return;
    }
    if (b->n + (size_t)need + 1 > b->cap) {
        size_t cap = (b->cap ? b->cap * 2 : 256) + (size_t)need;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->oom = true;
            va_end(ap2);
            return;
        }
        b->s = s;
        b->cap = cap;
    }
    vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap2);
    va_end(ap2);
    b->n += (size_t)need;
}

static void sb_add(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_add(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vadd(b, fmt, ap);
    va_end(ap);
}

/* One entry of a chain payload (a key's line, a finding's line, a finding's step and messages):
 * marked where it starts, so that a value with a line break in it stays in its entry. */
static void sb_entry(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_entry(sbuf *b, const char *fmt, ...)
{
    if (b->oom)
        return;
    if (dc_grow(&b->marks, &b->capmarks, b->nmarks, sizeof *b->marks, 32) != 0) {
        b->oom = true;
        return;
    }
    b->marks[b->nmarks++] = b->n;
    va_list ap;
    va_start(ap, fmt);
    sb_vadd(b, fmt, ap);
    va_end(ap);
}

/* Ends a payload built in b with sb_entry: its SHA-256 (of the entries as written, one after the
 * other) into hex, and, when `kept` is not NULL, the form the chain keeps it in (caller frees):
 * each entry preceded by its length in bytes and ':'. DC_ERR_NOMEM when b ran out of memory; rc
 * (returned as is) when it is an error already. Frees b. */
static int sb_finish(sbuf *b, int rc, char hex[65], char **kept)
{
    if (kept)
        *kept = NULL;
    if (rc == DC_OK && b->oom)
        rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
    if (rc == DC_OK) {
        dc_sha256_hex(b->s, b->n, hex);
        sbuf f = {0};
        for (size_t i = 0; kept && i < b->nmarks; i++) {
            const size_t end = i + 1 < b->nmarks ? b->marks[i + 1] : b->n;
            sb_add(&f, "%zu:%.*s", end - b->marks[i], (int)(end - b->marks[i]), b->s + b->marks[i]);
        }
        if (kept && (f.oom || !f.s))
            rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
        else if (kept)
            *kept = f.s;
        if (rc != DC_OK)
            free(f.s);
    }
    free(b->s);
    free(b->marks);
    return rc;
}

/* ---- open / migrate ---- */

/* The archive's schema version (PRAGMA user_version); DC_ERR_ARCHIVE when the file is no
 * database or a newer dcaccess made it. */
static int schema_version(dc_archive *a, int *version)
{
    sqlite3_stmt *st = NULL;
    *version = 0;
    if (sqlite3_prepare_v2(a->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return dc_error_set(DC_ERR_ARCHIVE, "%s: not a dcaccess archive (%s)", a->path, sqlite3_errmsg(a->db));
    *version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    if (*version > SCHEMA_VERSION)
        return dc_error_set(DC_ERR_ARCHIVE, "%s: schema version %d is newer than this dcaccess knows (%d)", a->path,
                            *version, SCHEMA_VERSION);
    return DC_OK;
}

bool dc_archive_db_has_column(sqlite3 *db, const char *table, const char *column)
{
    sqlite3_stmt *st = NULL;
    bool yes = false;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, column, -1, SQLITE_STATIC);
        yes = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return yes;
}

static bool has_column(dc_archive *a, const char *table, const char *column)
{
    return dc_archive_db_has_column(a->db, table, column);
}

/* The columns later schemas added to earlier tables: `type` for those migrate() adds when missing
 * (SQLite has no ADD COLUMN IF NOT EXISTS), NULL for those a migrations[] step makes itself.
 * columns_present() checks all of them against the archive's version. */
static const struct added_column {
    int since;
    const char *table, *column, *type;
} added_columns[] = {
    {2, "fields", "crossed", NULL},     {3, "fields", "basis", NULL},         {3, "fields", "read_as", NULL},
    {6, "records", "rules", "TEXT"},    {7, "fields", "why", "TEXT"},         {8, "batches", "inputs", "TEXT"},
    {8, "batches", "pid", "INTEGER"},   {9, "chain", "payload", "TEXT"},      {9, "corrections", "old_conf", "REAL"},
};
#define N_ADDED_COLUMNS (sizeof added_columns / sizeof added_columns[0])

/* Brings the archive's schema up to SCHEMA_VERSION, one step per transaction. Each step reads the
 * version again once it holds the write lock: two commands opening a new or older archive at the
 * same time would otherwise both run the step, and the second fail ("table batches already
 * exists"). */
static int seal_marks(dc_archive *a);

static int migrate(dc_archive *a)
{
    int version = 0;
    int rc = schema_version(a, &version);
    while (rc == DC_OK && version < SCHEMA_VERSION) {
        rc = exec(a, "BEGIN IMMEDIATE");
        if (rc != DC_OK)
            return rc;
        rc = schema_version(a, &version);
        const int step = version + 1;
        if (rc == DC_OK && version < SCHEMA_VERSION) {
            rc = exec(a, migrations[version]);
            for (size_t i = 0; i < N_ADDED_COLUMNS && rc == DC_OK; i++) {
                const struct added_column *c = &added_columns[i];
                if (c->since == step && c->type && !has_column(a, c->table, c->column)) {
                    char sql[128];
                    snprintf(sql, sizeof sql, "ALTER TABLE %s ADD COLUMN %s %s", c->table, c->column, c->type);
                    rc = exec(a, sql);
                }
            }
            if (rc == DC_OK && step == MARKS_SEALED_SINCE)
                rc = seal_marks(a);
            if (rc == DC_OK) {
                char sql[64];
                snprintf(sql, sizeof sql, "PRAGMA user_version=%d", version + 1);
                rc = exec(a, sql);
            }
            if (rc == DC_OK)
                version++;
        }
        if (rc == DC_OK)
            rc = exec(a, "COMMIT");
        if (rc != DC_OK) {
            rollback(a);
            return dc_error_wrap(rc, "migrating to schema %d: ", step);
        }
    }
    return rc;
}

/* Whether a read-only connection can read the archive where it lies (false when SQLite would have
 * to create the WAL's shared-memory file in a folder it cannot write to). */
static bool readable_in_place(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &st, NULL) != SQLITE_OK)
        return sqlite3_errcode(db) != SQLITE_READONLY && sqlite3_errcode(db) != SQLITE_CANTOPEN;
    const int r = sqlite3_step(st);
    sqlite3_finalize(st);
    return r != SQLITE_READONLY && r != SQLITE_CANTOPEN;
}

/* "file:PATH?immutable=1" with PATH's %, ? and # escaped (RFC 3986, as SQLite reads URIs). */
static char *immutable_uri(const char *path)
{
    const size_t n = strlen(path);
    char *u = malloc(3 * n + 32);
    if (!u)
        return NULL;
    char *o = u + sprintf(u, "file:");
    for (const char *c = path; *c; c++)
        o += (*c == '%' || *c == '?' || *c == '#') ? sprintf(o, "%%%02X", (unsigned char)*c) : (*o = *c, 1);
    strcpy(o, "?immutable=1");
    return u;
}

/* The columns later schemas added, present as the archive's version says: one dropped outside
 * dcaccess made every command fail with SQLite's "no such column". DC_ERR_ARCHIVE naming it. */
static int columns_present(dc_archive *a)
{
    for (size_t i = 0; i < N_ADDED_COLUMNS; i++) {
        const struct added_column *c = &added_columns[i];
        if (a->version >= c->since && !has_column(a, c->table, c->column))
            return dc_error_set(DC_ERR_ARCHIVE, "%s: the archive's tables were changed outside dcaccess (%s.%s, which "
                                                "schema %d has, is missing): restore it from your latest backup "
                                                "(README, troubleshooting)",
                                a->path, c->table, c->column, a->version);
    }
    return DC_OK;
}

/* A file with no dcaccess schema yet (user_version 0) is made an archive only when it is new and
 * empty, by a command that may create one: a mistyped --archive naming another program's
 * database, or an empty file, was turned into an archive by review and correct. */
static int not_someone_elses(dc_archive *a, dc_archive_mode mode)
{
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "SELECT (SELECT user_version FROM pragma_user_version), count(*), group_concat(name, ', ') "
                          "FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name LIMIT 5)");
    if (rc != DC_OK)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 0) {
        if (sqlite3_column_int(st, 1) > 0)
            rc = dc_error_set(DC_ERR_ARCHIVE, "%s: not a dcaccess archive: it holds another program's tables (%s)",
                              a->path, col_str(st, 2) ? col_str(st, 2) : "");
        else if (mode == DC_ARCHIVE_EXISTING)
            rc = dc_error_set(DC_ERR_ARCHIVE, "%s: not a dcaccess archive: it is empty (scan forms into it first)",
                              a->path);
    }
    sqlite3_finalize(st);
    return rc;
}

/* A command that writes needs the archive file, and the folder that holds it and its -wal and
 * -shm files, writable by this user: SQLite would say only "unable to open database file" or
 * "attempt to write a readonly database". */
static int check_writable(const char *path, bool exists)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash == path ? dc_strdup("/") : slash ? dc_asprintf("%.*s", (int)(slash - path), path) : dc_strdup(".");
    if (!dir)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    struct stat ds;
    int rc = DC_OK;
    if (stat(dir, &ds) != 0)
        rc = dc_error_set(DC_ERR_IO, "%s: the folder %s cannot be used (%s)", path, dir, strerror(errno));
    else if (!S_ISDIR(ds.st_mode))
        rc = dc_error_set(DC_ERR_IO, "%s: %s is not a folder", path, dir);
    else if (access(dir, W_OK | X_OK) != 0)
        rc = dc_error_set(DC_ERR_IO,
                          "%s: you cannot write in the folder %s (%s), where the archive keeps its -wal and -shm "
                          "files: ask whoever keeps the archive for write access; verify, records, pending and "
                          "report can read it as it is",
                          path, dir, strerror(errno));
    else if (exists && access(path, W_OK) != 0)
        rc = dc_error_set(DC_ERR_IO,
                          "%s: the archive is read-only for you (%s): ask whoever keeps it for write access; "
                          "verify, records, pending and report can read it as it is",
                          path, strerror(errno));
    free(dir);
    if (rc == DC_OK && exists)
        rc = side_files_writable(path);
    return rc;
}

/* Removes the database file `path` and any journal or log SQLite kept beside it. */
static void remove_copy(const char *path)
{
    static const char *const side[] = {"", "-journal", "-wal", "-shm"};
    for (size_t k = 0; k < sizeof side / sizeof side[0]; k++) {
        char *side_path = dc_asprintf("%s%s", path, side[k]);
        if (side_path)
            unlink(side_path);
        free(side_path);
    }
}

/* Removes the PATH.new-PID files (publish_new_archive) of processes that are gone: a command
 * killed while it made the archive (a power cut, kill -9) left them beside it. Those of a process
 * still running (this one's, another command's making the archive now) are kept. */
static void remove_stale_new_copies(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash == path ? dc_strdup("/") : slash ? dc_asprintf("%.*s", (int)(slash - path), path) : dc_strdup(".");
    char *prefix = dc_asprintf("%s.new-", slash ? slash + 1 : path);
    DIR *d = dir && prefix ? opendir(dir) : NULL;
    const size_t pl = prefix ? strlen(prefix) : 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, prefix, pl) != 0)
            continue;
        char *end = NULL;
        errno = 0;
        const long pid = strtol(e->d_name + pl, &end, 10);
        const bool ours = end != e->d_name + pl && errno == 0 && pid > 1 && pid <= INT_MAX &&
                          (!*end || !strcmp(end, "-journal") || !strcmp(end, "-wal") || !strcmp(end, "-shm"));
        if (!ours || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;   /* not one of those, or its process may still be at work */
        char *copy = dc_asprintf("%.*s/%.*s", (int)strlen(dir), dir, (int)(end - e->d_name), e->d_name);
        if (copy)
            remove_copy(copy);
        free(copy);
    }
    if (d)
        closedir(d);
    free(prefix);
    free(dir);
}

/* A new archive is made whole beside `path`, under a name of its own (PATH.new-PID): its tables at
 * this schema, then switched to WAL; only then is it linked in as `path`. So a new archive never
 * shows at its path as an empty file, and an empty file there is refused by every command (one left
 * by a copy that failed was made an archive by scan when it was less than 10 s old, the time allowed
 * for another command making a new archive at that moment); nor as a database without its tables (a
 * scan that read it then, or any after a command killed then, said "not a dcaccess archive: it is
 * empty"). DC_OK too when another command made it first. On a file system without hard links (FAT)
 * it is left to SQLite to make in place, as before. */
static int publish_new_archive(const char *path)
{
    remove_stale_new_copies(path);
    char *tmp = dc_asprintf("%s.new-%ld", path, (long)getpid());
    if (!tmp)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    remove_copy(tmp);   /* left by a process of this id that was killed here */
    /* named by `path` in what it says; its tables are made in a rollback journal, so that each step
     * is in the file itself when it is linked in, then it is switched to WAL */
    dc_archive made = {.path = (char *)path, .rules_col = -1};
    int rc = DC_OK;
    if (sqlite3_open_v2(tmp, &made.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        rc = dc_error_set(made.db && disk_full(made.db) ? DC_ERR_NO_SPACE : DC_ERR_ARCHIVE,
                          "%s: cannot make a new archive: %s", path, made.db ? sqlite3_errmsg(made.db) : "out of memory");
    } else {
        sqlite3_extended_result_codes(made.db, 0);
        rc = exec(&made, "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL");
        if (rc == DC_OK)
            rc = migrate(&made);
        if (rc == DC_OK)
            rc = exec(&made, "PRAGMA journal_mode=WAL");
    }
    sqlite3_close(made.db);   /* its only connection: removes its -wal and -shm */
    if (rc == DC_OK)
        (void)!link(tmp, path);   /* EEXIST: another command made it first; else made in place */
    remove_copy(tmp);
    free(tmp);
    return rc;
}

int dc_archive_open(dc_archive **out, const char *path, dc_archive_mode mode)
{
    *out = NULL;
    if (!path || !*path)
        path = DC_ARCHIVE_DEFAULT_PATH;
    struct stat sb;
    const bool exists = stat(path, &sb) == 0;
    if (mode != DC_ARCHIVE_CREATE && !exists)
        return dc_error_set(DC_ERR_NOT_FOUND, "%s: no archive there (scan some forms first, or give --archive)", path);
    if (exists && S_ISDIR(sb.st_mode))
        return dc_error_set(DC_ERR_IO, "%s is a folder: the archive is one file (e.g. %s/dcaccess.db)", path, path);
    /* an archive emptied is not a new one, for every command (a new archive never shows as an empty
     * file: publish_new_archive) */
    if (exists && S_ISREG(sb.st_mode) && sb.st_size == 0)
        return dc_error_set(DC_ERR_ARCHIVE, "%s: an empty file (0 bytes), not a dcaccess archive: a copy or restore "
                                            "that did not finish, or a mistyped --archive? Use the archive itself or "
                                            "your latest backup (to start a new archive there, remove the empty file "
                                            "first)", path);
    if (mode != DC_ARCHIVE_READONLY) {
        int wrc = check_writable(path, exists);
        if (wrc != DC_OK)
            return wrc;
    }
    dc_archive *a = calloc(1, sizeof *a);
    if (!a)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    a->rules_col = -1;
    a->path = dc_strdup(path);
    /* Only to be read, by someone who could write it: opened read-write and kept from writing by
     * query_only. A read-only connection cannot fold a write-ahead log into the file: every
     * read-only command left -wal and -shm beside a cleanly closed archive, and the log of a
     * writer that stopped hard stayed, though the README tells whoever can write there to run
     * verify once for that. This way the last to close folds the log in and removes both files,
     * as SQLite does for any writer; the records are what they were. */
    bool read_writable = false;
    if (mode == DC_ARCHIVE_READONLY && S_ISREG(sb.st_mode)) {   /* it exists: checked above */
        read_writable = check_writable(path, true) == DC_OK;
        dc_error_clear();   /* what check_writable found is not this command's error */
    }
    int flags = mode == DC_ARCHIVE_READONLY ? (read_writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY)
                : mode == DC_ARCHIVE_CREATE ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                                            : SQLITE_OPEN_READWRITE;
    int rc = DC_OK;
    if (!a->path) {
        rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
        goto fail;
    }
    if (mode == DC_ARCHIVE_CREATE && !exists && (rc = publish_new_archive(path)) != DC_OK)
        goto fail;
    if (sqlite3_open_v2(path, &a->db, flags, NULL) != SQLITE_OK) {
        rc = dc_error_set(DC_ERR_ARCHIVE, "%s: cannot open: %s", path, a->db ? sqlite3_errmsg(a->db) : "out of memory");
        goto fail;
    }
    sqlite3_busy_timeout(a->db, 10000);
    sqlite3_extended_result_codes(a->db, 0);
    if (mode == DC_ARCHIVE_READONLY && !readable_in_place(a->db)) {
        /* A WAL archive in a folder this user cannot write to (an auditor's read-only access, a
         * read-only mount): SQLite cannot make the shared-memory file it reads through, and every
         * query said "attempt to write a readonly database". Nobody can be writing to it there, so
         * it is read as an unchanging file. */
        sqlite3_close(a->db);
        a->db = NULL;
        /* ...unless a write-ahead log holds changes not yet in the file (a writer stopped hard):
         * read as unchanging, they would be missing */
        char *wal = dc_asprintf("%s-wal", path);
        struct stat ws;
        const bool pending = wal && stat(wal, &ws) == 0 && ws.st_size > 0;
        free(wal);
        if (pending) {
            rc = dc_error_set(DC_ERR_ARCHIVE,
                              "%s: cannot be read from a folder you cannot write to while its write-ahead log "
                              "(%s-wal) holds changes: someone who can write there should open it once (dcaccess "
                              "verify), or read a copy made with dcaccess backup",
                              path, path);
            goto fail;
        }
        char *uri = immutable_uri(path);
        if (!uri || sqlite3_open_v2(uri, &a->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK) {
            rc = dc_error_set(DC_ERR_ARCHIVE, "%s: cannot open: %s", path,
                              a->db ? sqlite3_errmsg(a->db) : "out of memory");
            free(uri);
            goto fail;
        }
        free(uri);
        sqlite3_extended_result_codes(a->db, 0);
    }
    if (mode == DC_ARCHIVE_READONLY)
        own_side_files_writable(path);   /* made by its first read, in readable_in_place */
    if (mode != DC_ARCHIVE_READONLY && (rc = not_someone_elses(a, mode)) != DC_OK)
        goto fail;   /* before anything is written to it */
    if (mode != DC_ARCHIVE_READONLY) {
        /* Switching a new archive to WAL needs it to itself, and SQLite answers "database is
         * locked" at once, without the busy timeout, while another command opens it too: wait
         * for it here, as the timeout would (10 s). */
        for (int waited = 0;; waited += 10) {
            rc = exec(a, "PRAGMA journal_mode=WAL");
            if (rc == DC_OK || sqlite3_errcode(a->db) != SQLITE_BUSY || waited >= 10000)
                break;
            usleep(10000);
        }
        if (rc != DC_OK)
            goto fail;
    }
    rc = exec(a, mode == DC_ARCHIVE_READONLY ? "PRAGMA query_only=1; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL"
                                            : "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL");
    if (rc != DC_OK)
        goto fail;
    if (mode == DC_ARCHIVE_READONLY) {
        int version = 0;
        if ((rc = schema_version(a, &version)) != DC_OK)
            goto fail;
        if (version < 1 && (rc = not_someone_elses(a, DC_ARCHIVE_EXISTING)) != DC_OK)
            goto fail;   /* another program's tables, or none */
        if (version < 1) {
            rc = dc_error_set(DC_ERR_ARCHIVE, "%s: not a dcaccess archive of a known schema (user_version %d)", path,
                              version);
            goto fail;
        }
        a->version = version;
        if ((rc = columns_present(a)) != DC_OK)
            goto fail;
    } else {
        /* an archive whose tables were changed outside dcaccess is left as it is, not migrated (the
         * migration adds every column it lacks, so it is checked once, before) */
        if ((rc = schema_version(a, &a->version)) != DC_OK || (rc = columns_present(a)) != DC_OK)
            goto fail;
        rc = migrate(a);
        if (rc != DC_OK)
            goto fail;
        a->version = SCHEMA_VERSION;
    }
    *out = a;
    return DC_OK;
fail:
    dc_archive_close(a);
    return rc;
}

/* SQLite's quick check: what it found damaged, one line ("" when the file is intact). */
static int quick_check(dc_archive *a, char *found, size_t len)
{
    found[0] = '\0';
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "PRAGMA quick_check(3)");
    if (rc != DC_OK)
        return rc;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        const char *line = col_str(st, 0) ? col_str(st, 0) : "";
        if (strcmp(line, "ok") == 0)
            continue;
        for (const char *c = line; *c; c++) {   /* "*** in database main ***\nPage 4: ..." on one line */
            size_t n = strlen(found);
            if (n + 2 >= len)
                break;
            found[n] = *c == '\n' ? ' ' : *c;
            found[n + 1] = '\0';
        }
    }
    if (s != SQLITE_DONE)
        rc = db_fail(a, "checking the archive file");
    sqlite3_finalize(st);
    return rc;
}

int dc_archive_check_intact(dc_archive *a)
{
    char found[512];
    int rc = quick_check(a, found, sizeof found);
    if (rc == DC_OK && found[0])
        rc = dc_error_set(DC_ERR_ARCHIVE, "%s: the archive file is damaged (%s); restore it from your latest backup "
                                          "(dcaccess backup; README, troubleshooting)", a->path, found);
    return rc;
}

void dc_archive_close(dc_archive *a)
{
    if (!a)
        return;
    sqlite3_close(a->db);
    free(a->path);
    free(a->scans);
    free(a);
}

int dc_archive_set_scans_dir(dc_archive *a, const char *dir)
{
    char *copy = NULL;
    struct stat sb;
    errno = 0;
    if (dir && (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)))
        return dc_error_set(DC_ERR_NOT_FOUND, "%s: not a folder (%s)", dir, errno ? strerror(errno) : "a file");
    if (dir && !(copy = dc_strdup(dir)))
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    free(a->scans);
    a->scans = copy;
    return DC_OK;
}

/* The files below a->scans, by file name: walked once per verify, the first time a scan file is
 * not at an end of its path there (an auditor's copy in a layout of its own), not once a file. */
typedef struct scan_tree {
    bool walked;
    size_t rel;   /* where a path's part below a->scans begins */
    struct scan_entry {
        const char *name;   /* in path */
        char *path;
        bool hashed;        /* hex holds its SHA-256 ("" when it could not be read) */
        char hex[65];
    } *v;
    size_t n, cap;
    size_t hashed;   /* entries read */
} scan_tree;

static void scan_tree_free(scan_tree *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->v[i].path);
    free(t->v);
}

static int cmp_scan_entry(const void *x, const void *y)
{
    const struct scan_entry *a = x, *b = y;
    const int c = strcmp(a->name, b->name);
    return c ? c : strcmp(a->path, b->path);
}

/* Which files walk_scans notes: WALK_SHOWN those below a->scans but in hidden folders (where
 * verify looks); WALK_TO_HIDDEN only those in a hidden folder (what to tell of a file found nowhere
 * else), which it walks below with WALK_HIDDEN. */
typedef enum scan_walk { WALK_SHOWN, WALK_TO_HIDDEN, WALK_HIDDEN } scan_walk;

/* Notes the files below `dir` in t. Bounded: a folder entered before (a symlink back up the tree)
 * is not entered again, nor one deeper than 32 below a->scans, nor, for WALK_SHOWN, a hidden one
 * (.Trashes, .Spotlight-V100: what a system keeps on a stick; a file deleted to the trash is not
 * there); an unreadable folder is passed over (its files are then not found, which verify says of
 * each). DC_ERR_NOMEM only. */
static int walk_scans(scan_tree *t, dc_seen_dirs *seen, const char *dir, int depth, scan_walk walk)
{
    const int before = depth > 32 ? 1 : dc_seen_dir(seen, dir);
    if (before)
        return before < 0 ? dc_error_set(DC_ERR_NOMEM, "out of memory") : DC_OK;
    DIR *d = opendir(dir);
    if (!d)
        return DC_OK;
    const size_t dl = strlen(dir);
    int rc = DC_OK;
    struct dirent *e;
    while (rc == DC_OK && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *path = dc_asprintf("%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", e->d_name);
        struct stat sb;
        const bool there = path && stat(path, &sb) == 0;   /* not a dangling link, nor gone meanwhile */
        const bool noted = there && S_ISREG(sb.st_mode) && walk != WALK_TO_HIDDEN;
        const bool hidden = e->d_name[0] == '.';
        if (!path || (noted && dc_grow(&t->v, &t->cap, t->n, sizeof *t->v, 64) != 0))
            rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
        else if (there && S_ISDIR(sb.st_mode) && (walk != WALK_SHOWN || !hidden))
            rc = walk_scans(t, seen, path, depth + 1, walk == WALK_TO_HIDDEN && hidden ? WALK_HIDDEN : walk);
        else if (noted) {
            t->v[t->n] = (struct scan_entry){.path = path, .name = path + dl + (dl && dir[dl - 1] == '/' ? 0 : 1)};
            t->n++;
            path = NULL;
        }
        free(path);
    }
    closedir(d);
    return rc;
}

/* Walks a->scans into t the first time it is needed, and sorts it by name. DC_ERR_NOMEM only. */
static int scan_tree_walk(const dc_archive *a, scan_tree *t, scan_walk walk)
{
    if (t->walked)
        return DC_OK;
    t->walked = true;
    const size_t sl = strlen(a->scans);
    t->rel = sl + (sl && a->scans[sl - 1] != '/');
    dc_seen_dirs seen = {0};
    const int rc = walk_scans(t, &seen, a->scans, 0, walk);
    free(seen.v);
    if (rc == DC_OK && t->n)
        qsort(t->v, t->n, sizeof *t->v, cmp_scan_entry);
    return rc;
}

/* The file name of the path `file`. */
static const char *scan_name(const char *file)
{
    const char *slash = strrchr(file, '/');
    return slash ? slash + 1 : file;
}

/* The index of t's first entry named `name`, or of the entry it would come before. */
static size_t scan_tree_first(const scan_tree *t, const char *name)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (strcmp(t->v[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* e's SHA-256 ("" when it cannot be read), read once: a scanner's 0001.png of every day has one
 * name (365 of them, each looked at for each of the others, were 133,225 reads of a year's scans) */
static const char *scan_entry_hex(scan_tree *t, struct scan_entry *e)
{
    if (!e->hashed) {
        e->hashed = true;
        t->hashed++;
        if (dc_sha256_file_hex(e->path, e->hex) != DC_OK) {
            dc_error_clear();
            e->hex[0] = '\0';
        }
    }
    return e->hex;
}

/* Whether `rel` (a path below a->scans) is an end of `file`'s path: moved_scan tried it first. */
static bool path_end(const char *file, const char *rel)
{
    const size_t fl = strlen(file), rl = strlen(rel);
    return rl <= fl && strcmp(file + fl - rl, rel) == 0 && (rl == fl || file[fl - rl - 1] == '/');
}

/* Where the scan file `file` (the path it was scanned from, content `want`) is now under
 * a->scans: first the ends of its path that name a file there (for /home/op/scans/day/0001.png:
 * DIR/home/op/scans/day/0001.png, ..., DIR/day/0001.png, DIR/0001.png), the longest with its
 * content; then any other file of its name below DIR with its content (t: walked the first time
 * it is needed). Else, of those, the longest end of its path, or the first other file of its name
 * (another day's file of the same name, or the file changed: the caller says which it cannot
 * tell). *found NULL when none; malloc'd. hex gets the SHA-256 of the file found, read once (""
 * when it could not be read). DC_ERR_NOMEM only. */
static int moved_scan(const dc_archive *a, scan_tree *t, const char *file, const char *want, char **found,
                      char hex[65])
{
    *found = NULL;
    hex[0] = '\0';
    if (!a->scans)
        return DC_OK;
    char *first = NULL, first_hex[65] = "", h[65];
    for (const char *rest = file; rest; rest = strchr(rest, '/')) {
        while (*rest == '/')
            rest++;
        if (!*rest)
            break;
        char *cand = dc_asprintf("%s/%s", a->scans, rest);
        struct stat sb;
        if (cand && stat(cand, &sb) == 0 && S_ISREG(sb.st_mode)) {
            if (dc_sha256_file_hex(cand, h) != DC_OK) {
                dc_error_clear();
                h[0] = '\0';
            } else if (strcmp(h, want) == 0) {
                free(first);
                memcpy(hex, h, sizeof h);
                *found = cand;
                return DC_OK;
            }
            if (!first) {
                first = cand;
                cand = NULL;
                memcpy(first_hex, h, sizeof h);
            }
        }
        free(cand);
    }
    const int rc = scan_tree_walk(a, t, WALK_SHOWN);
    if (rc != DC_OK) {
        free(first);
        return rc;
    }
    const char *name = scan_name(file);
    for (size_t i = scan_tree_first(t, name); i < t->n && strcmp(t->v[i].name, name) == 0; i++) {
        struct scan_entry *e = &t->v[i];
        if (path_end(file, e->path + t->rel))
            continue;   /* hashed above */
        memcpy(h, scan_entry_hex(t, e), sizeof h);
        const bool same = strcmp(h, want) == 0;
        if (first && !same)
            continue;
        char *cand = dc_strdup(t->v[i].path);
        if (!cand) {
            free(first);
            return dc_error_set(DC_ERR_NOMEM, "out of memory");
        }
        free(first);
        first = cand;
        memcpy(first_hex, h, sizeof h);
        if (same)
            break;
    }
    memcpy(hex, first_hex, sizeof first_hex);
    *found = first;
    return DC_OK;
}

struct sqlite3 *dc_archive_db(dc_archive *a) { return a->db; }
const char *dc_archive_path(const dc_archive *a) { return a->path; }

int dc_archive_backup(dc_archive *a, const char *dest)
{
    struct stat st;
    if (stat(dest, &st) == 0 && S_ISDIR(st.st_mode)) {   /* a USB stick's folder: the file goes in it */
        char day[16];
        dc_today(day);
        const size_t n = strlen(dest);
        return dc_error_set(DC_ERR_INVALID_ARG, "%s is a folder: give the name of a new file in it, e.g. %s%sdcaccess-%s.db",
                            dest, dest, n && dest[n - 1] == '/' ? "" : "/", day);
    }
    if (stat(dest, &st) == 0)
        return dc_error_set(DC_ERR_INVALID_ARG, "%s already exists: back up into a new file", dest);
    /* a journal or write-ahead log left beside the name by a database once there: SQLite would take
     * it for the copy's own and read its changes into it (the copy then failed its check, or worse) */
    static const char *const logs[] = {"-wal", "-journal"};
    for (size_t i = 0; i < sizeof logs / sizeof logs[0]; i++) {
        char *other = dc_asprintf("%s%s", dest, logs[i]);
        const bool there = other && lstat(other, &st) == 0;
        free(other);
        if (there)
            return dc_error_set(DC_ERR_INVALID_ARG, "%s%s is beside it, left from a database once of that name, and "
                                "SQLite would read it into the copy: back up into a new name, or move that file "
                                "away", dest, logs[i]);
    }
    char *dir = dc_strdup(dest);
    if (!dir)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    char *slash = strrchr(dir, '/');
    if (slash)
        slash[slash == dir ? 1 : 0] = 0;
    /* SQLite said only "unable to open database file"; then "file input/output error: ...", exit 3,
     * for what is a slip of the command line (nothing done), as the cases above */
    const int no_dir = slash && stat(dir, &st) != 0
                           ? dc_error_set(DC_ERR_INVALID_ARG, "%s: the folder it goes in, %s, does not exist: plug "
                                          "in the backup disk, or make the folder; nothing was written", dest, dir)
                           : DC_OK;
    free(dir);
    if (no_dir)
        return no_dir;
    char *tmp = dc_asprintf("%s.part", dest);
    if (!tmp)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    remove_copy(tmp);   /* a copy a crash left behind, with its journal (it would be rolled into the new one) */
    sqlite3 *out = NULL;
    int rc = DC_OK;
    if (sqlite3_open_v2(tmp, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        rc = dc_error_set(DC_ERR_IO, "%s: cannot create the copy: %s", dest, out ? sqlite3_errmsg(out) : "out of memory");
        goto done;
    }
    sqlite3_backup *b = sqlite3_backup_init(out, "main", a->db, "main");
    if (!b) {
        rc = dc_error_set(DC_ERR_ARCHIVE, "%s: backup to %s: %s", a->path, dest, sqlite3_errmsg(out));
        goto done;
    }
    int step;
    while ((step = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || step == SQLITE_LOCKED)
        sqlite3_sleep(50);   /* another process holds a write lock for a moment */
    sqlite3_backup_finish(b);
    if (step != SQLITE_DONE) {
        int full = step == SQLITE_FULL || disk_full(out);
        rc = dc_error_set(full ? DC_ERR_NO_SPACE : DC_ERR_ARCHIVE, "%s: backup to %s: %s", a->path, dest,
                          full ? "the disk is full" : sqlite3_errstr(step));
        goto done;
    }
    /* the copy is a plain file, not in WAL mode (its readers need no -wal/-shm beside it) */
    if (sqlite3_exec(out, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK) {
        int full = disk_full(out);
        rc = dc_error_set(full ? DC_ERR_NO_SPACE : DC_ERR_ARCHIVE, "%s: %s", dest, sqlite3_errmsg(out));
        goto done;
    }
    sqlite3_close(out);
    out = NULL;
    FILE *f = fopen(tmp, "rb");
    if (!f || fsync(fileno(f)) != 0) {
        rc = dc_error_set(errno == ENOSPC ? DC_ERR_NO_SPACE : DC_ERR_IO, "%s: %s", dest, strerror(errno));
        if (f)
            fclose(f);
        goto done;
    }
    fclose(f);
    if (rename(tmp, dest) != 0)
        rc = dc_error_set(DC_ERR_IO, "%s: %s", dest, strerror(errno));
done:
    sqlite3_close(out);
    if (rc != DC_OK) {
        remove_copy(tmp);   /* nothing of a failed copy stays behind */
    }
    free(tmp);
    return rc;
}

/* ---- batches ---- */

static int finish_batch(dc_archive *a, int64_t earlier, bool only_without_inputs);

/* Whether the scan process `pid` that started a batch runs still (on this machine, where the
 * archive is). 0: not recorded (before schema 8). */
static bool batch_alive(int64_t pid)
{
    if (pid <= 0 || pid == (int64_t)getpid())
        return pid > 0;
    if (kill((pid_t)pid, 0) != 0 && errno != EPERM)
        return false;
    /* a process of that number that is not a dcaccess (the number used again after a reboot):
     * told by its program file's name, or where that cannot be read (another user's process),
     * by the process name (an older dcaccess, which re-executed itself as /proc/self/exe, is
     * named "exe" there; its program file is still dcaccess) */
    char path[64], name[4096] = "";
    snprintf(path, sizeof path, "/proc/%lld/exe", (long long)pid);
    ssize_t len = readlink(path, name, sizeof name - 1);
    if (len > 0) {
        name[len] = '\0';
        const char *base = strrchr(name, '/');
        return strncmp(base ? base + 1 : name, "dcaccess", 8) == 0;
    }
    snprintf(path, sizeof path, "/proc/%lld/comm", (long long)pid);
    FILE *f = fopen(path, "r");
    if (f) {
        if (!fgets(name, sizeof name, f))
            name[0] = '\0';
        fclose(f);
    }
    return strncmp(name, "dcaccess", 8) == 0;
}

int dc_archive_batch_inputs(dc_archive *a, int64_t batch_id, const char *const *paths, size_t n)
{
    size_t len = 1;
    char **abs = calloc(n ? n : 1, sizeof *abs);
    if (!abs)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    int rc = DC_OK;
    char cwd[4096];
    const bool have_cwd = getcwd(cwd, sizeof cwd) != NULL;
    for (size_t i = 0; i < n && rc == DC_OK; i++) {
        abs[i] = realpath(paths[i], NULL);
        if (!abs[i])
            abs[i] = paths[i][0] == '/' || !have_cwd ? dc_strdup(paths[i]) : dc_asprintf("%s/%s", cwd, paths[i]);
        if (!abs[i])
            rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
        else
            len += strlen(abs[i]) + 1;
    }
    char *joined = rc == DC_OK ? calloc(1, len) : NULL;
    if (rc == DC_OK && !joined)
        rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n && rc == DC_OK; i++) {
        if (i)
            strcat(joined, "\n");
        strcat(joined, abs[i]);
    }
    sqlite3_stmt *st = NULL;
    if (rc == DC_OK && (rc = prep(a, &st, "UPDATE batches SET inputs=? WHERE id=?")) == DC_OK) {
        bind_text(st, 1, joined);
        sqlite3_bind_int64(st, 2, batch_id);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = db_fail(a, "recording what the batch reads");
        sqlite3_finalize(st);
    }
    for (size_t i = 0; i < n; i++)
        free(abs[i]);
    free(abs);
    free(joined);
    return rc;
}

/* Whether every line of `inputs` (a batch's) is one of the lines of `by`, or lies in a folder that
 * is (/scans/day/0001.png in /scans/day). */
static bool inputs_covered(const char *inputs, const char *by)
{
    for (const char *p = inputs; p && *p;) {
        const size_t plen = strcspn(p, "\n");
        bool found = false;
        for (const char *q = by; q && *q && !found;) {
            const size_t qlen = strcspn(q, "\n");
            found = (plen == qlen || (plen > qlen && (p[qlen] == '/' || (qlen == 1 && q[0] == '/')))) &&
                    strncmp(p, q, qlen) == 0;
            q += qlen + (q[qlen] == '\n');
        }
        if (!found)
            return false;
        p += plen + (p[plen] == '\n');
    }
    return true;
}

int dc_archive_batches_finished_by(dc_archive *a, int64_t batch_id, size_t *finished)
{
    *finished = 0;
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "SELECT b.id, b.inputs, (SELECT inputs FROM batches WHERE id = ?1), b.pid, b.status "
                          "FROM batches b WHERE b.status <> 'finished' AND b.id <> ?1 AND b.inputs IS NOT NULL");
    if (rc != DC_OK)
        return rc;
    sqlite3_bind_int64(st, 1, batch_id);
    int64_t ids[64];
    size_t n = 0;
    while (n < 64 && sqlite3_step(st) == SQLITE_ROW) {
        const bool running = col_str(st, 4) && strcmp(col_str(st, 4), "running") == 0;
        if (running && batch_alive(sqlite3_column_type(st, 3) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 3)))
            continue;   /* another scan still at work */
        if (inputs_covered(col_str(st, 1), col_str(st, 2)))
            ids[n++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    for (size_t i = 0; i < n && rc == DC_OK; i++) {
        if ((rc = finish_batch(a, ids[i], false)) == DC_OK)
            (*finished)++;
    }
    /* one that stored nothing before it was cut off leaves nothing behind once finished */
    if (rc == DC_OK)
        rc = exec(a, "DELETE FROM batches WHERE status = 'finished' AND NOT EXISTS "
                     "(SELECT 1 FROM pages WHERE batch_id = batches.id)");
    return rc;
}

int dc_archive_batch_begin(dc_archive *a, const char *batch_date, int64_t *batch_id)
{
    char today[16], now[32];
    if (!batch_date) {
        dc_today(today);
        batch_date = today;
    } else if (dc_parse_date(NULL, batch_date) != DC_OK) {
        return dc_error_set(DC_ERR_INVALID_ARG, "batch date \"%s\" is not YYYY-MM-DD", batch_date);
    }
    now_utc(now);
    /* batches left running by a scan that is gone (killed, a power cut); not another one running now */
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "SELECT id, pid FROM batches WHERE status='running'");
    while (rc == DC_OK && sqlite3_step(st) == SQLITE_ROW) {
        if (batch_alive(sqlite3_column_type(st, 1) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 1)))
            continue;
        char sql[96];
        snprintf(sql, sizeof sql, "UPDATE batches SET status='interrupted' WHERE id=%lld",
                 (long long)sqlite3_column_int64(st, 0));
        rc = exec(a, sql);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (rc != DC_OK)
        return rc;
    rc = prep(a, &st, "INSERT INTO batches(started, batch_date, status, pid) VALUES(?, ?, 'running', ?)");
    if (rc != DC_OK)
        return rc;
    bind_text(st, 1, now);
    bind_text(st, 2, batch_date);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)getpid());
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = db_fail(a, "starting a batch");
    sqlite3_finalize(st);
    if (rc == DC_OK)
        *batch_id = sqlite3_last_insert_rowid(a->db);
    return rc;
}

/* Removes batch `id` when no page and no record is its (and, when `only_finished`, it finished). */
static int drop_empty_batch(dc_archive *a, int64_t id, bool only_finished)
{
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "DELETE FROM batches WHERE id = ?1 AND (?2 = 0 OR status = 'finished') AND NOT EXISTS "
                          "(SELECT 1 FROM pages WHERE batch_id = ?1) AND NOT EXISTS "
                          "(SELECT 1 FROM records WHERE batch_id = ?1)");
    if (rc != DC_OK)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, only_finished);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = db_fail(a, "removing an empty batch");
    sqlite3_finalize(st);
    return rc;
}

int dc_archive_batch_end(dc_archive *a, int64_t batch_id, const char *status)
{
    char now[32];
    now_utc(now);
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "UPDATE batches SET finished=?, status=? WHERE id=?");
    if (rc != DC_OK)
        return rc;
    bind_text(st, 1, now);
    bind_text(st, 2, status);
    sqlite3_bind_int64(st, 3, batch_id);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = db_fail(a, "finishing the batch");
    sqlite3_finalize(st);
    /* a run that stored no page (the same files scanned again) leaves no empty batch behind for
     * batch-date's list; no page or record refers to it, and it is in no chain entry */
    return rc == DC_OK ? drop_empty_batch(a, batch_id, false) : rc;
}

int dc_archive_unfinished(dc_archive *a, dc_unfinished_batch **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = NULL;
#define UNFINISHED_SQL(pid)                                                                                            \
    "SELECT b.id, b.batch_date, b.started, (SELECT count(*) FROM pages p WHERE p.batch_id = b.id), (SELECT "          \
    "count(DISTINCT p.serial) FROM pages p WHERE p.batch_id = b.id AND p.status = 'form' AND p.serial NOT IN (SELECT " \
    "serial FROM records)), b.status, " pid " FROM batches b WHERE b.status <> 'finished' ORDER BY b.id"
    /* an archive before schema 8, read as it is, kept no process */
    int rc = prep(a, &st, a->version >= 8 ? UNFINISHED_SQL("b.pid") : UNFINISHED_SQL("NULL"));
#undef UNFINISHED_SQL
    if (rc != DC_OK)
        return rc;
    size_t cap = 0;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (dc_grow(out, &cap, *n, sizeof **out, 4) != 0) {
            rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
            break;
        }
        dc_unfinished_batch *u = &(*out)[(*n)++];
        memset(u, 0, sizeof *u);
        u->batch = sqlite3_column_int64(st, 0);
        snprintf(u->batch_date, sizeof u->batch_date, "%s", col_str(st, 1) ? col_str(st, 1) : "");
        snprintf(u->started, sizeof u->started, "%s", col_str(st, 2) ? col_str(st, 2) : "");
        u->pages = (long)sqlite3_column_int64(st, 3);
        u->unbuilt = (long)sqlite3_column_int64(st, 4);
        u->running_now = col_str(st, 5) && strcmp(col_str(st, 5), "running") == 0 &&
                         batch_alive(sqlite3_column_type(st, 6) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 6));
    }
    if (rc == DC_OK && s != SQLITE_DONE)
        rc = db_fail(a, "reading the batches");
    sqlite3_finalize(st);
    if (rc != DC_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

static int finish_batch(dc_archive *a, int64_t earlier, bool only_without_inputs)
{
    char now[32];
    now_utc(now);
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "UPDATE batches SET status = 'finished', finished = coalesce(finished, ?2) WHERE id = ?1 "
                          "AND status <> 'finished' AND (?3 = 0 OR inputs IS NULL)");
    if (rc != DC_OK)
        return rc;
    sqlite3_bind_int64(st, 1, earlier);
    bind_text(st, 2, now);
    sqlite3_bind_int(st, 3, only_without_inputs);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = db_fail(a, "finishing an earlier batch");
    sqlite3_finalize(st);
    return rc;
}

int dc_archive_batch_resumed(dc_archive *a, int64_t earlier)
{
    int rc = finish_batch(a, earlier, true);
    /* its pages all read again by the later scan, which stores them: nothing left of it */
    return rc == DC_OK ? drop_empty_batch(a, earlier, true) : rc;
}

/* ---- pages ---- */

int dc_archive_has_page(dc_archive *a, const char *file_sha256, int page, bool *out)
{
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "SELECT 1 FROM pages WHERE file_sha256=? AND page=?");
    if (rc != DC_OK)
        return rc;
    bind_text(st, 1, file_sha256);
    sqlite3_bind_int(st, 2, page);
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW || s == SQLITE_DONE)
        *out = s == SQLITE_ROW;
    else
        rc = db_fail(a, "looking up a page");
    sqlite3_finalize(st);
    return rc;
}

/* The fields stored for page `page_id` as the scanner's states: a value a person corrected is sure
 * (nothing written when it is empty). Each id and value is owned by the array; dc_field_values_free. */
static int stored_fields(dc_archive *a, int64_t page_id, dc_field_value **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "SELECT field_id, value, state FROM fields WHERE page_id = ? ORDER BY rowid");
    if (rc != DC_OK)
        return rc;
    sqlite3_bind_int64(st, 1, page_id);
    size_t cap = 0;
    int s;
    while (rc == DC_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
        if (dc_grow(out, &cap, *n, sizeof **out, 64) != 0) {
            rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
            break;
        }
        dc_field_value *f = &(*out)[*n];
        memset(f, 0, sizeof *f);
        const char *value = col_str(st, 1), *state = col_str(st, 2);
        f->id = dc_strdup(col_str(st, 0));
        f->value = value && *value ? dc_strdup(value) : NULL;
        f->state = strcmp(state, "review") == 0 ? DC_STATE_REVIEW
                   : f->value && strcmp(state, "empty") != 0 ? DC_STATE_ACCEPTED
                                                            : DC_STATE_EMPTY;
        (*n)++;
        if (!f->id || (value && *value && !f->value))
            rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
    }
    if (rc == DC_OK && s != SQLITE_DONE)
        rc = db_fail(a, "reading a page's fields");
    sqlite3_finalize(st);
    return rc;
}

static int chain_append(dc_archive *a, const char *kind, const char *ref, const char *payload_hash,
                        const char *payload);
/* The page payload version verify builds first: the newest, which every entry made now has. */
#define PAGE_PAYLOAD_VERSION 2
static int page_payload_hash(dc_archive *a, int64_t page_id, int version, char hex[65], char **text);

/* The batches of one stack: those with batch_id's batch date (a stack scanned in two runs, or a
 * page of it scanned again, is in several), as SQL for `?1` = batch_id. */
#define STACK_BATCHES "(SELECT id FROM batches WHERE batch_date = (SELECT batch_date FROM batches WHERE id = ?1))"

/* Whether this stack's (batch_id's) pages of `serial` that are not its access form belong to a sheet
 * other than the visit stored under the serial; fills `reason` if so. They do when this stack (any
 * batch with its batch date) holds an access form of the serial that was
 * - rejected as another sheet with a stored serial, the stored access form being of another batch
 *   than that sheet and than batch_id (a page scanned in one run with the stored access form, its
 *   set's other page, is that form's, whatever a later run of the stack holds);
 * - or rejected otherwise (damaged, an unknown template), the stored access form being of another
 *   stack, with another batch date, and not dated this stack's date either (with that date, the
 *   two can be one visit's set: a sheet scanned again, or a page that missed its stack). */
static int other_sheet_in_batch(dc_archive *a, int64_t batch_id, const char *serial, char *reason, size_t len,
                                bool *found)
{
    *found = false;
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st,
                  "SELECT x.file, x.page FROM pages x WHERE x.batch_id IN " STACK_BATCHES " AND x.serial = ?2 AND "
                  "x.form = 'access' AND x.status = 'rejected' AND substr(x.reason, 1, ?3) = ?4 AND EXISTS (SELECT 1 "
                  "FROM pages s WHERE s.serial = ?2 AND s.form = 'access' AND s.status = 'form' AND s.batch_id <> "
                  "x.batch_id AND s.batch_id <> ?1) ORDER BY x.id LIMIT 1");
    if (rc != DC_OK)
        return rc;
    sqlite3_bind_int64(st, 1, batch_id);
    bind_text(st, 2, serial);
    sqlite3_bind_int(st, 3, (int)strlen(DC_PAGE_SERIAL_TAKEN_START));
    bind_text(st, 4, DC_PAGE_SERIAL_TAKEN_START);
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW) {
        *found = true;
        snprintf(reason, len, DC_PAGE_SET_TAKEN_FMT, col_str(st, 0), sqlite3_column_int(st, 1), serial);
    } else if (s != SQLITE_DONE) {
        rc = db_fail(a, "looking for another sheet of the serial");
    }
    sqlite3_finalize(st);
    if (rc != DC_OK || *found)
        return rc;
    rc = prep(a, &st,
              "SELECT x.file, x.page, s.file, s.page, sb.batch_date FROM pages x "
              "JOIN batches tb ON tb.id = x.batch_id "
              "JOIN pages s ON s.serial = x.serial AND s.form = 'access' AND s.status = 'form' AND s.batch_id <> ?1 "
              "JOIN batches sb ON sb.id = s.batch_id "
              "WHERE x.batch_id IN " STACK_BATCHES " AND x.serial = ?2 AND x.form = 'access' AND x.status = 'rejected' "
              "AND sb.batch_date <> tb.batch_date AND NOT EXISTS (SELECT 1 FROM fields f WHERE f.page_id = s.id "
              "AND f.field_id = 'visit_date' AND f.state IN ('accepted', 'corrected') AND f.value = tb.batch_date) "
              "ORDER BY x.id, s.id LIMIT 1");
    if (rc != DC_OK)
        return rc;
    sqlite3_bind_int64(st, 1, batch_id);
    bind_text(st, 2, serial);
    s = sqlite3_step(st);
    if (s == SQLITE_ROW) {
        *found = true;
        snprintf(reason, len, DC_PAGE_SET_REJECTED_FMT, col_str(st, 0), sqlite3_column_int(st, 1), serial,
                 col_str(st, 2), sqlite3_column_int(st, 3), col_str(st, 4), col_str(st, 4));
    } else if (s != SQLITE_DONE) {
        rc = db_fail(a, "looking for a rejected access form of the serial");
    }
    sqlite3_finalize(st);
    return rc;
}

/* Whether the checklist stored under `r`'s serial (an access form, of batch_id) was scanned, in
 * another stack, with an access form of the serial that was rejected there (in any batch of that
 * stack's batch date: damaged, an unknown template), and `r` is not of that stack: scanned with
 * another batch date, and its visit date not read surely as that stack's date. Then `r` is another
 * sheet with the serial, and that checklist, the rejected sheet's: fills `reason`. */
static int set_left_in_stack(dc_archive *a, int64_t batch_id, const dc_page_result *r, char *reason, size_t len,
                             bool *found)
{
    *found = false;
    const dc_field_value *date = dc_page_result_field(r, "visit_date");
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st,
                  "SELECT c.file, c.page, x.file, x.page, cb.batch_date, tb.batch_date FROM pages c "
                  "JOIN batches cb ON cb.id = c.batch_id JOIN batches tb ON tb.id = ?2 "
                  "JOIN pages x ON x.serial = c.serial AND x.form = 'access' AND x.status = 'rejected' "
                  "AND x.batch_id IN (SELECT id FROM batches WHERE batch_date = cb.batch_date) "
                  "WHERE c.serial = ?1 AND c.form = 'checklist' AND c.status = 'form' AND c.batch_id <> ?2 "
                  "AND cb.batch_date <> tb.batch_date AND cb.batch_date <> ?3 ORDER BY c.id, x.id LIMIT 1");
    if (rc != DC_OK)
        return rc;
    bind_text(st, 1, r->serial);
    sqlite3_bind_int64(st, 2, batch_id);
    bind_text(st, 3, date && date->state == DC_STATE_ACCEPTED && date->value ? date->value : "");
    const int s = sqlite3_step(st);
    if (s == SQLITE_ROW) {
        *found = true;
        snprintf(reason, len, DC_PAGE_SET_LEFT_FMT, r->serial, col_str(st, 0), sqlite3_column_int(st, 1),
                 col_str(st, 2), sqlite3_column_int(st, 3), col_str(st, 4), col_str(st, 5), col_str(st, 4));
    } else if (s != SQLITE_DONE) {
        rc = db_fail(a, "looking for the stack of the serial's checklist");
    }
    sqlite3_finalize(st);
    return rc;
}

/* Page `id`, stored as a form, becomes a rejected page for `reason` (its fields dropped), chained
 * as such. */
static int reject_page(dc_archive *a, int64_t id, const char *reason)
{
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "UPDATE pages SET status = 'rejected', reason = ? WHERE id = ?");
    if (rc != DC_OK)
        return rc;
    bind_text(st, 1, reason);
    sqlite3_bind_int64(st, 2, id);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = db_fail(a, "rejecting the set's other page");
    sqlite3_finalize(st);
    if (rc == DC_OK)
        rc = prep(a, &st, "DELETE FROM fields WHERE page_id = ?");
    if (rc == DC_OK) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = db_fail(a, "rejecting the set's other page");
        sqlite3_finalize(st);
    }
    char hex[65], ref[32], *text = NULL;
    if (rc == DC_OK)
        rc = page_payload_hash(a, id, PAGE_PAYLOAD_VERSION, hex, &text);
    snprintf(ref, sizeof ref, "%lld", (long long)id);
    if (rc == DC_OK)
        rc = chain_append(a, "page", ref, hex, text);
    free(text);
    return rc;
}

/* After an access form of `serial` was rejected: the other pages of the serial stored as forms in
 * this stack before it (in a batch of its batch date that holds no stored access form of the
 * serial, that sheet's own), and in no record yet, are that sheet's too when other_sheet_in_batch
 * says so; they become rejected pages (reject_page). One an earlier run of the stack put in a
 * record is left to dc_archive_sync_records (take_back_checklist), which builds that record again
 * in the same step. */
static int reject_set_pages(dc_archive *a, int64_t batch_id, const char *serial)
{
    char reason[DC_PAGE_REASON_MAX];
    bool other = false;
    int rc = other_sheet_in_batch(a, batch_id, serial, reason, sizeof reason, &other);
    if (rc != DC_OK || !other)
        return rc;
    int64_t ids[8];
    size_t n = 0;
    sqlite3_stmt *st = NULL;
    rc = prep(a, &st, "SELECT id FROM pages WHERE batch_id IN " STACK_BATCHES " AND serial = ?2 AND form <> 'access' "
                      "AND status = 'form' AND id NOT IN (SELECT checklist_page_id FROM records WHERE checklist_page_id "
                      "IS NOT NULL) AND (batch_id = ?1 OR batch_id NOT IN (SELECT batch_id FROM pages WHERE serial = ?2 "
                      "AND form = 'access' AND status = 'form')) ORDER BY id LIMIT 8");
    if (rc != DC_OK)
        return rc;
    sqlite3_bind_int64(st, 1, batch_id);
    bind_text(st, 2, serial);
    while (sqlite3_step(st) == SQLITE_ROW && n < 8)
        ids[n++] = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    for (size_t i = 0; i < n && rc == DC_OK; i++)
        rc = reject_page(a, ids[i], reason);
    return rc;
}

/* Finds a stored form page matching the duplicate criteria; fills `reason` if found. A page with
 * the serial and page of a stored one but other writing (dc_page_other_writing) is another sheet
 * with that serial: *conflict, and the reason says so. */
/* The reason of a page that is a page of the same file scanned before, when the file held other
 * content (a copy not finished then): page number. */
#define SAME_PAGE_BEFORE_FMT "same image as page %d of this file, as it was when scanned before (it was still being copied then?)"

static int find_duplicate(dc_archive *a, const dc_page_result *r, const char *abs, char *reason, size_t len,
                          bool *dup, bool *conflict)
{
    *dup = *conflict = false;
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st,
                  "SELECT file, page, image_sha256 <> '' AND image_sha256 = ?, id FROM pages WHERE status='form' AND "
                  "((serial = ? AND form = ?) OR (image_sha256 <> '' AND image_sha256 = ?)) ORDER BY id LIMIT 1");
    if (rc != DC_OK)
        return rc;
    bind_text(st, 1, r->image_sha256);
    bind_text(st, 2, r->serial);
    bind_text(st, 3, r->form);
    bind_text(st, 4, r->image_sha256);
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW) {
        bool same_image = sqlite3_column_int(st, 2) != 0;
        dc_field_value *old = NULL;
        size_t nold = 0;
        char which[160];
        if (!same_image)
            rc = stored_fields(a, sqlite3_column_int64(st, 3), &old, &nold);
        if (rc == DC_OK && !same_image && dc_page_other_writing(old, nold, r->fields, r->nfields, which, sizeof which)) {
            *conflict = true;
            snprintf(reason, len, DC_PAGE_SERIAL_TAKEN_FMT, r->form, r->serial, r->sheet_page, col_str(st, 0),
                     sqlite3_column_int(st, 1), which);
        } else if (rc == DC_OK && same_image && abs && str_eq(col_str(st, 0), abs)) {
            /* this file, scanned before with other content: a copy not finished then, now complete */
            *dup = true;
            snprintf(reason, len, SAME_PAGE_BEFORE_FMT, sqlite3_column_int(st, 1));
        } else if (rc == DC_OK) {
            *dup = true;
            snprintf(reason, len, "%s as %s page %d", same_image ? "same image" : "same form serial and page",
                     col_str(st, 0), sqlite3_column_int(st, 1));
        }
        dc_field_values_free(old, nold);
    } else if (s != SQLITE_DONE) {
        rc = db_fail(a, "looking for duplicates");
    }
    sqlite3_finalize(st);
    return rc;
}

/* The validation gate (DESIGN.md §4: prefer a review to a guess): a value the scanner accepted
 * that is not valid for its field goes to review instead (its reason: DC_WHY_INVALID). */
static dc_field_state gated_state(const dc_page_result *r, const dc_field_value *f)
{
    if (f->state != DC_STATE_ACCEPTED)
        return f->state;
    char id[64], *norm = NULL;
    dc_record_field_id(id, sizeof id, r->form, f->id);
    int rc = dc_record_validate_value(&norm, id, f->value);
    free(norm);
    if (rc == DC_ERR_NOT_FOUND) {
        dc_error_clear();
        return f->state; /* a field this version does not type-check */
    }
    if (rc != DC_OK) {
        dc_error_clear();
        return DC_STATE_REVIEW;
    }
    if (strcmp(r->form, "access") == 0 && strcmp(f->id, "id_number") == 0 && f->value) {
        const dc_field_value *t = dc_page_result_field(r, "id_type");
        if (t && t->value && strcmp(t->value, "ktp") == 0 && !dc_nik_valid(f->value))
            return DC_STATE_REVIEW;
    }
    return f->state;
}

static int insert_fields(dc_archive *a, int64_t page_id, const dc_page_result *r)
{
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "INSERT OR REPLACE INTO fields(page_id, field_id, value, confidence, state, crop, crossed, "
                          "basis, read_as, why) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (rc != DC_OK)
        return rc;
    for (size_t i = 0; i < r->nfields && rc == DC_OK; i++) {
        const dc_field_value *f = &r->fields[i];
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, page_id);
        bind_text(st, 2, f->id);
        dc_field_state state = gated_state(r, f);
        bind_text(st, 3, state == DC_STATE_EMPTY ? NULL : f->value);
        sqlite3_bind_double(st, 4, f->confidence);
        bind_text(st, 5, dc_field_state_name(state));
        if (f->crop_png && f->crop_png_len)
            sqlite3_bind_blob(st, 6, f->crop_png, (int)f->crop_png_len, SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(st, 6);
        sqlite3_bind_int64(st, 7, (sqlite3_int64)f->crossed);
        /* a value the validation gate held back was not accepted, whatever the scanner's basis */
        bind_text(st, 8, state == DC_STATE_ACCEPTED ? dc_field_basis_name(f->basis) : NULL);
        bind_text(st, 9, state == DC_STATE_EMPTY ? NULL : f->read_as);
        /* held back by the gate: invalid; a field in review always says why */
        const char *why = state != DC_STATE_REVIEW ? NULL
                          : f->state != DC_STATE_REVIEW ? dc_review_why_name(DC_WHY_INVALID)
                          : f->why != DC_WHY_NONE ? dc_review_why_name(f->why)
                                                  : dc_review_why_name(DC_WHY_UNSURE);
        bind_text(st, 10, why);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = db_fail(a, "storing a field");
    }
    sqlite3_finalize(st);
    return rc;
}

/* The page's identity: the file's SHA-256, or for a file that could not be read (no hash) a key
 * from its path, so two unreadable files are not taken for the same one. */
static void file_key(const dc_page_result *r, const char *abs, char key[80])
{
    if (r->file_sha256[0]) {
        snprintf(key, 80, "%s", r->file_sha256);
        return;
    }
    const char *path = abs ? abs : r->file ? r->file : "";
    char hex[65];
    dc_sha256_hex(path, strlen(path), hex);
    snprintf(key, 80, "nohash:%s", hex);
}


/* Whether the page stored under (key, r->page) was rejected as a form or version the templates did
 * not hold, and `r`, read now, is a page the scanner did not reject (the template is there now):
 * then *id is the page's. A page rejected for another reason (damage, not a form) is what its file
 * holds, and is not read again; one the scanner rejects again (marks not found with the template
 * now there, say) keeps its row, so that it is read again once that is set right. */
static int read_again(dc_archive *a, const char *key, const dc_page_result *r, int64_t *id)
{
    *id = 0;
    if (r->status == DC_PAGE_REJECTED)
        return DC_OK;
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "SELECT id FROM pages WHERE file_sha256 = ? AND page = ? AND status = 'rejected' "
                          "AND substr(reason, 1, ?) = ?");
    if (rc != DC_OK)
        return rc;
    bind_text(st, 1, key);
    sqlite3_bind_int(st, 2, r->page);
    sqlite3_bind_int(st, 3, (int)strlen(DC_PAGE_UNKNOWN_TEMPLATE_START));
    bind_text(st, 4, DC_PAGE_UNKNOWN_TEMPLATE_START);
    const int s = sqlite3_step(st);
    if (s == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    else if (s != SQLITE_DONE)
        rc = db_fail(a, "looking up a page rejected before");
    sqlite3_finalize(st);
    return rc;
}

/* The full path a page's file is stored under (malloc'd; NULL when it has none). */
static char *page_abs(const dc_page_result *r)
{
    char *abs = r->file ? realpath(r->file, NULL) : NULL;
    if (!abs && r->file && r->file[0] && r->file[0] != '/') {
        /* a file that cannot be read (a broken link, gone meanwhile) is named from the folder the
         * scan ran in too: stored as typed, a later scan of the same folder from elsewhere, or of
         * the file once there, never met it again */
        char cwd[4096];
        if (getcwd(cwd, sizeof cwd))
            abs = dc_asprintf("%s/%s", cwd, r->file);
    }
    return abs;
}

void dc_archive_page_key(const dc_page_result *r, char key[80])
{
    char *abs = r->file_sha256[0] ? NULL : page_abs(r);
    file_key(r, abs, key);
    free(abs);
}

int dc_archive_add_page(dc_archive *a, int64_t batch_id, const dc_page_result *r, bool *stored,
                        dc_page_status *status_out)
{
    *stored = false;
    char now[32], reason_buf[DC_PAGE_REASON_MAX], key[80];
    now_utc(now);
    char *abs = page_abs(r);
    file_key(r, abs, key);
    int rc = exec(a, "BEGIN IMMEDIATE");
    if (rc != DC_OK) {
        free(abs);
        return rc;
    }
    bool have = false;
    int64_t again_id = 0;   /* the page rejected before as an unknown template, read again now */
    rc = dc_archive_has_page(a, key, r->page, &have);
    if (rc == DC_OK && have)
        rc = read_again(a, key, r, &again_id);
    if (rc != DC_OK || (have && !again_id)) {
        if (rc == DC_OK && status_out) {
            /* report what it was stored as */
            sqlite3_stmt *q = NULL;
            if (prep(a, &q, "SELECT status FROM pages WHERE file_sha256=? AND page=?") == DC_OK) {
                bind_text(q, 1, key);
                sqlite3_bind_int(q, 2, r->page);
                if (sqlite3_step(q) == SQLITE_ROW) {
                    const char *s = col_str(q, 0);
                    *status_out = !s                             ? DC_PAGE_REJECTED
                                  : strcmp(s, "form") == 0      ? DC_PAGE_FORM
                                  : strcmp(s, "blank") == 0     ? DC_PAGE_BLANK
                                  : strcmp(s, "duplicate") == 0 ? DC_PAGE_DUPLICATE
                                                                : DC_PAGE_REJECTED;
                }
                sqlite3_finalize(q);
            }
        }
        rollback(a);
        free(abs);
        return rc;
    }

    dc_page_status status = r->status;
    const char *reason = r->reason;
    bool is_form_page = r->form[0] && (strcmp(r->form, "access") == 0 || strcmp(r->form, "checklist") == 0);
    if (status == DC_PAGE_FORM && (!is_form_page || !r->serial[0])) {
        status = DC_PAGE_REJECTED;
        snprintf(reason_buf, sizeof reason_buf, "form page without a known form type or serial (form \"%s\")", r->form);
        reason = reason_buf;
    }
    if (status == DC_PAGE_FORM && !dc_page_has_writing(r)) {
        /* a sheet of the stack nobody filled in, or the printed PDF: no visit, and its serial
         * stays free for the visit it is later used for (a filled sheet of it was refused as
         * "another sheet has this serial"). A checklist with nothing written whose access form
         * is stored, with no checklist yet, is the checklist of a visit with no devices: kept with
         * it, as before */
        bool visit = false;
        if (strcmp(r->form, "checklist") == 0) {
            sqlite3_stmt *q = NULL;
            rc = prep(a, &q, "SELECT 1 FROM pages WHERE serial = ?1 AND form = 'access' AND status = 'form' AND NOT "
                             "EXISTS (SELECT 1 FROM pages WHERE serial = ?1 AND form = 'checklist' AND status = 'form')");
            if (rc != DC_OK)
                goto fail;
            bind_text(q, 1, r->serial);
            const int s = sqlite3_step(q);
            sqlite3_finalize(q);
            if (s != SQLITE_ROW && s != SQLITE_DONE) {
                rc = db_fail(a, "looking for the access form of a checklist");
                goto fail;
            }
            visit = s == SQLITE_ROW;
        }
        if (!visit) {
            /* the same sheet scanned again (a stored visit's empty checklist) is a duplicate, not
             * an unused form whose serial would be free */
            bool dup = false, conflict = false;
            rc = find_duplicate(a, r, abs, reason_buf, sizeof reason_buf, &dup, &conflict);
            if (rc != DC_OK)
                goto fail;
            status = dup ? DC_PAGE_DUPLICATE : DC_PAGE_BLANK;
            if (!dup)
                snprintf(reason_buf, sizeof reason_buf, DC_PAGE_UNUSED_FMT, r->form, r->serial, r->sheet_page);
            reason = reason_buf;
        }
    }
    if (status == DC_PAGE_FORM) {
        bool dup = false, conflict = false;
        rc = find_duplicate(a, r, abs, reason_buf, sizeof reason_buf, &dup, &conflict);
        if (rc != DC_OK)
            goto fail;
        if (dup || conflict) {
            status = dup ? DC_PAGE_DUPLICATE : DC_PAGE_REJECTED;
            reason = reason_buf;
        }
    }
    if (status == DC_PAGE_FORM && strcmp(r->form, "access") == 0) {
        /* the checklist stored under its serial may be another sheet's, whose access form was
         * rejected in that checklist's stack: this sheet is not given its devices */
        bool other = false;
        rc = set_left_in_stack(a, batch_id, r, reason_buf, sizeof reason_buf, &other);
        if (rc != DC_OK)
            goto fail;
        if (other) {
            status = DC_PAGE_REJECTED;
            reason = reason_buf;
        }
    }
    if (status == DC_PAGE_FORM && strcmp(r->form, "access") != 0) {
        /* the other page of a set whose access form in this stack was another sheet with a stored
         * serial, or was rejected while the stored visit is another stack's, goes with that sheet,
         * not with the stored visit (it gave that visit another visitor's devices) */
        bool other = false;
        rc = other_sheet_in_batch(a, batch_id, r->serial, reason_buf, sizeof reason_buf, &other);
        if (rc != DC_OK)
            goto fail;
        if (other) {
            status = DC_PAGE_REJECTED;
            reason = reason_buf;
        }
    }
    if (status == DC_PAGE_BLANK && r->status == DC_PAGE_BLANK && abs && r->image_sha256[0]) {
        /* a blank page of a file scanned before with other content (a copy finished since): the
         * same page, not a second blank sheet of the stack */
        sqlite3_stmt *q = NULL;
        rc = prep(a, &q, "SELECT 1 FROM pages WHERE file = ? AND page = ? AND image_sha256 = ? LIMIT 1");
        if (rc != DC_OK)
            goto fail;
        bind_text(q, 1, abs);
        sqlite3_bind_int(q, 2, r->page);
        bind_text(q, 3, r->image_sha256);
        const int s = sqlite3_step(q);
        sqlite3_finalize(q);
        if (s != SQLITE_ROW && s != SQLITE_DONE) {
            rc = db_fail(a, "looking for a blank page scanned before");
            goto fail;
        }
        if (s == SQLITE_ROW) {
            status = DC_PAGE_DUPLICATE;
            snprintf(reason_buf, sizeof reason_buf, SAME_PAGE_BEFORE_FMT, r->page);
            reason = reason_buf;
        }
    }

    sqlite3_stmt *st = NULL;
    if (again_id) {
        /* in its place, with the same id, which its chain entries name; in the batch that read it
         * (a scan with its stack's date): its set's other page, its record and a scan cut off are
         * then that batch's, as for any page it stores */
        rc = prep(a, &st, "DELETE FROM pages WHERE id = ?");
        if (rc != DC_OK)
            goto fail;
        sqlite3_bind_int64(st, 1, again_id);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = db_fail(a, "replacing a page read again");
        sqlite3_finalize(st);
        if (rc != DC_OK)
            goto fail;
    }
    rc = prep(a, &st,
              "INSERT INTO pages(batch_id, file, file_sha256, page, image_sha256, status, reason, form, "
              "template_version, serial, sheet_page, dpi, rotation, skew_deg, thumb, ingested, id) "
              "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (rc != DC_OK)
        goto fail;
    if (again_id)
        sqlite3_bind_int64(st, 17, again_id);
    sqlite3_bind_int64(st, 1, batch_id);
    bind_text(st, 2, abs ? abs : r->file ? r->file : "");
    bind_text(st, 3, key);
    sqlite3_bind_int(st, 4, r->page);
    bind_text(st, 5, r->image_sha256);
    bind_text(st, 6, dc_page_status_name(status));
    bind_text(st, 7, reason);
    bind_text(st, 8, r->form[0] ? r->form : NULL);
    if (r->form[0]) {
        sqlite3_bind_int(st, 9, r->template_version);
        bind_text(st, 10, r->serial[0] ? r->serial : NULL);
        sqlite3_bind_int(st, 11, r->sheet_page);
    }
    sqlite3_bind_double(st, 12, r->dpi);
    sqlite3_bind_int(st, 13, r->rotation);
    sqlite3_bind_double(st, 14, r->skew_deg);
    if (r->thumb_png && r->thumb_png_len)
        sqlite3_bind_blob(st, 15, r->thumb_png, (int)r->thumb_png_len, SQLITE_TRANSIENT);
    bind_text(st, 16, now);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = db_fail(a, "storing a page");
    sqlite3_finalize(st);
    if (rc != DC_OK)
        goto fail;
    const int64_t page_id = sqlite3_last_insert_rowid(a->db);
    if (status == DC_PAGE_REJECTED && strcmp(r->form, "access") == 0 && r->serial[0]) {
        rc = reject_set_pages(a, batch_id, r->serial);   /* its checklist, stored before it in this stack */
        if (rc != DC_OK)
            goto fail;
    }
    if (status == DC_PAGE_FORM) {
        rc = insert_fields(a, page_id, r);
        if (rc != DC_OK)
            goto fail;
    }
    if (status != DC_PAGE_FORM || again_id) {
        /* a page that makes no record is chained by itself (a form page is, through its record);
         * so is a page read again, whatever it is now: its entry as rejected is in the chain, and
         * the newest entry of a page is what verify compares with it */
        char hex[65], ref[32], *text = NULL;
        rc = page_payload_hash(a, page_id, PAGE_PAYLOAD_VERSION, hex, &text);
        snprintf(ref, sizeof ref, "%lld", (long long)page_id);
        if (rc == DC_OK)
            rc = chain_append(a, "page", ref, hex, text);
        free(text);
        if (rc != DC_OK)
            goto fail;
    }
    rc = exec(a, "COMMIT");
    if (rc != DC_OK)
        goto fail;
    free(abs);
    *stored = true;
    if (status_out)
        *status_out = status;
    return DC_OK;
fail:
    rollback(a);
    free(abs);
    return dc_error_wrap(rc, "%s page %d: ", r->file ? r->file : "?", r->page);
}

/* ---- records ---- */

typedef struct rec_pages {
    int64_t access_id, checklist_id; /* 0 when absent */
    int64_t batch_id;
    char batch_date[16];
    const char *rules;               /* the rules it is (was) checked with, for its chain payload; NULL:
                                      * not recorded (before schema 6). Not owned. */
} rec_pages;

static int load_page_fields(dc_archive *a, dc_record *rec, int64_t page_id, const char *form)
{
    sqlite3_stmt *st = NULL;
    /* an archive before schema 3 (opened read-only) recorded no basis */
    int rc = prep(a, &st,
                  a->version >= 3 ? "SELECT field_id, value, confidence, state, basis, read_as FROM fields WHERE "
                                    "page_id=? ORDER BY field_id"
                                  : "SELECT field_id, value, confidence, state, NULL, NULL FROM fields WHERE page_id=? "
                                    "ORDER BY field_id");
    if (rc != DC_OK)
        return rc;
    sqlite3_bind_int64(st, 1, page_id);
    char id[64];
    int s;
    while (rc == DC_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
        dc_value_state state;
        dc_field_basis basis;
        rc = dc_value_state_parse(&state, col_str(st, 3));
        if (rc == DC_OK)
            rc = dc_field_basis_parse(&basis, col_str(st, 4));
        if (rc == DC_OK)
            rc = dc_record_set(rec, dc_record_field_id(id, sizeof id, form, col_str(st, 0)), col_str(st, 1),
                               sqlite3_column_double(st, 2), state);
        if (rc == DC_OK)
            rc = dc_record_set_basis(rec, id, basis);
        if (rc == DC_OK && col_str(st, 5))
            rc = dc_record_set_read_as(rec, id, col_str(st, 5));
    }
    if (rc == DC_OK && s != SQLITE_DONE)
        rc = db_fail(a, "reading fields");
    sqlite3_finalize(st);
    return rc;
}

/* Builds the record of `serial` from the fields of its pages. */
static int build_record(dc_record **out, dc_archive *a, const char *serial, const rec_pages *p)
{
    dc_record *rec = NULL;
    int rc = dc_record_new(&rec, serial);
    if (rc != DC_OK)
        return rc;
    if (p->access_id) {
        rec->has_access = true;
        rc = load_page_fields(a, rec, p->access_id, "access");
    }
    if (rc == DC_OK && p->checklist_id) {
        rec->has_checklist = true;
        rc = load_page_fields(a, rec, p->checklist_id, "checklist");
    }
    if (rc != DC_OK) {
        dc_record_free(rec);
        return rc;
    }
    *out = rec;
    return DC_OK;
}

static int page_ref(dc_archive *a, int64_t page_id, sbuf *b, const char *name)
{
    if (!page_id) {
        sb_entry(b, "%s=\n", name);
        return DC_OK;
    }
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "SELECT file_sha256, page FROM pages WHERE id=?");
    if (rc != DC_OK)
        return rc;
    sqlite3_bind_int64(st, 1, page_id);
    if (sqlite3_step(st) == SQLITE_ROW)
        sb_entry(b, "%s=%s:%d\n", name, col_str(st, 0), sqlite3_column_int(st, 1));
    else
        sb_entry(b, "%s=missing page %lld\n", name, (long long)page_id);
    sqlite3_finalize(st);
    return DC_OK;
}

/* The images a record's values were read from, and what its pages store as written, for version
 * 3 of its payload: "t:<form>=<SHA-256 of the page's thumbnail, or none>\n" per page, then per
 * stored field of that page (by field id) "i:<id>=<SHA-256 of its crop>\n" when it has one and
 * "w:<id>=<value as stored>\n" when that is not the record's value (the record builder keeps
 * names in one normal form: a stored name changed only in case or spacing is still seen). */
/* The SHA-256 of column `col`'s bytes into hex, of any type but NULL (review and the audit show
 * whatever sqlite3_column_blob gives); "none" when it is NULL. */
static void column_sha256(sqlite3_stmt *st, int col, char hex[65])
{
    if (sqlite3_column_type(st, col) == SQLITE_NULL)
        snprintf(hex, 65, "none");
    else
        dc_sha256_hex(sqlite3_column_blob(st, col), (size_t)sqlite3_column_bytes(st, col), hex);
}

static int page_images(dc_archive *a, const dc_record *rec, int64_t page_id, const char *form, int version, sbuf *b)
{
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "SELECT thumb, template_version FROM pages WHERE id = ?");
    if (rc != DC_OK)
        return rc;
    sqlite3_bind_int64(st, 1, page_id);
    char hex[65] = "none", tv[24] = "none";
    if (sqlite3_step(st) == SQLITE_ROW) {
        column_sha256(st, 0, hex);
        if (sqlite3_column_type(st, 1) != SQLITE_NULL)
            snprintf(tv, sizeof tv, "%d", sqlite3_column_int(st, 1));
    }
    sqlite3_finalize(st);
    sb_entry(b, "t:%s=%s\n", form, hex);
    /* version 4: the template version its fields were read with (which fields it has, where) */
    if (version >= 4)
        sb_entry(b, "tv:%s=%s\n", form, tv);
    if ((rc = prep(a, &st, "SELECT field_id, value, crop FROM fields WHERE page_id = ? ORDER BY field_id")) != DC_OK)
        return rc;
    sqlite3_bind_int64(st, 1, page_id);
    char id[64];
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        dc_record_field_id(id, sizeof id, form, col_str(st, 0));
        if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
            column_sha256(st, 2, hex);
            sb_entry(b, "i:%s=%s\n", id, hex);
        }
        const dc_record_field *rf = dc_record_get(rec, id);
        const char *stored = col_str(st, 1) ? col_str(st, 1) : "";
        if (strcmp(stored, rf && rf->value ? rf->value : "") != 0)
            sb_entry(b, "w:%s=%s\n", id, stored);
    }
    if (s != SQLITE_DONE)
        rc = db_fail(a, "reading a page's fields");
    sqlite3_finalize(st);
    return rc;
}

/* The record payload version verify builds first: the newest, which every entry made now has. */
#define RECORD_PAYLOAD_VERSION 4

/* Canonical payload hash of a record (see the header), in `version` 4 (written now), 3, 2 or 1
 * (entries made before: verify falls back to them). Version 2 also covers what reports show
 * besides the values: the batch date, each field's confidence, and each finding's SOP step and
 * messages; version 1 left them out. Version 3 also covers the images the values were read from
 * and the values as stored (page_images); version 2 left them out, so they could be changed
 * without verify noticing. Version 4 also covers each page's template version, which the audit
 * shows and which decides the fields a correction may set (a checklist v2's ninth device row). */
static int record_payload_hash(dc_archive *a, const dc_record *rec, const char *status, const dc_findings *f,
                               const rec_pages *p, int version, char hex[65], char **text)
{
    sbuf b = {0};
    if (version >= 2)
        sb_entry(&b, "v=%d\n", version), sb_entry(&b, "batch_date=%s\n", p->batch_date);
    /* since schema 6, the rules it was checked with (records checked before have no such line) */
    if (version >= 2 && p->rules)
        sb_entry(&b, "rules=%s\n", p->rules);
    sb_entry(&b, "serial=%s\n", rec->serial);
    sb_entry(&b, "status=%s\n", status);
    int rc = page_ref(a, p->access_id, &b, "access");
    if (rc == DC_OK)
        rc = page_ref(a, p->checklist_id, &b, "checklist");
    for (size_t i = 0; i < rec->nfields; i++)
        sb_entry(&b, "f:%s=%s:%s\n", rec->fields[i].id, dc_value_state_name(rec->fields[i].state),
               rec->fields[i].value ? rec->fields[i].value : "");
    /* since schema 3: why the scanner accepted a value (records before have no such line) */
    for (size_t i = 0; i < rec->nfields; i++)
        if (rec->fields[i].basis != DC_BASIS_NONE)
            sb_entry(&b, "b:%s=%s\n", rec->fields[i].id, dc_field_basis_name(rec->fields[i].basis));
    for (size_t i = 0; i < rec->nfields; i++)
        if (rec->fields[i].read_as)
            sb_entry(&b, "r:%s=%s\n", rec->fields[i].id, rec->fields[i].read_as);
    for (size_t i = 0; i < f->n; i++)
        sb_entry(&b, "x:%s:%s:%d:%s\n", dc_rule_name(f->items[i].rule), f->items[i].field, f->items[i].row,
               dc_severity_name(f->items[i].severity));
    if (version >= 2) {
        for (size_t i = 0; i < rec->nfields; i++)
            sb_entry(&b, "c:%s=%.4f\n", rec->fields[i].id, rec->fields[i].confidence);
        for (size_t i = 0; i < f->n; i++)
            sb_entry(&b, "m:%zu:%s\n%s\n%s\n", i, f->items[i].sop_step ? f->items[i].sop_step : "",
                   f->items[i].message_id ? f->items[i].message_id : "",
                   f->items[i].message_en ? f->items[i].message_en : "");
    }
    if (version >= 3 && rc == DC_OK && p->access_id)
        rc = page_images(a, rec, p->access_id, "access", version, &b);
    if (version >= 3 && rc == DC_OK && p->checklist_id)
        rc = page_images(a, rec, p->checklist_id, "checklist", version, &b);
    return sb_finish(&b, rc, hex, text);
}

/* Canonical payload hash of a page that makes no record (see the header), in `version` 2 (written
 * now: with its thumbnail, what the audit shows of a rejected page) or 1 (entries made before);
 * DC_ERR_NOT_FOUND when there is no such page. */
static int page_payload_hash(dc_archive *a, int64_t page_id, int version, char hex[65], char **text)
{
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "SELECT file, file_sha256, page, image_sha256, status, reason, form, serial, sheet_page, "
                          "batch_id, thumb FROM pages WHERE id=?");
    if (rc != DC_OK)
        return rc;
    sqlite3_bind_int64(st, 1, page_id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return dc_error_set(DC_ERR_NOT_FOUND, "no page %lld", (long long)page_id);
    }
    sbuf b = {0};
    if (version >= 2)
        sb_entry(&b, "v=2\n");
    sb_entry(&b, "file=%s\n", TEXT_COL(0));
    sb_entry(&b, "sha=%s\n", TEXT_COL(1));
    sb_entry(&b, "page=%d\n", sqlite3_column_int(st, 2));
    sb_entry(&b, "image=%s\n", TEXT_COL(3));
    sb_entry(&b, "status=%s\n", TEXT_COL(4));
    sb_entry(&b, "reason=%s\n", TEXT_COL(5));
    sb_entry(&b, "form=%s\n", TEXT_COL(6));
    sb_entry(&b, "serial=%s\n", TEXT_COL(7));
    sb_entry(&b, "sheet_page=%d\n", sqlite3_column_int(st, 8));
    sb_entry(&b, "batch=%lld\n", (long long)sqlite3_column_int64(st, 9));
    if (version >= 2) {
        char thumb[65];
        column_sha256(st, 10, thumb);
        sb_entry(&b, "t:scanned=%s\n", thumb);
    }
    sqlite3_finalize(st);
    return sb_finish(&b, rc, hex, text);
}

/* The payload of print `id` (chain kind 'print', schema 12): the serials it printed, of which form,
 * into which PDF, when. DC_ERR_NOT_FOUND when there is no such print. */
static int print_payload_hash(dc_archive *a, int64_t id, char hex[65], char **text)
{
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "SELECT first, last, form, file, at FROM printed WHERE id = ?");
    if (rc != DC_OK)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return dc_error_set(DC_ERR_NOT_FOUND, "no print %lld", (long long)id);
    }
    sbuf b = {0};
    sb_entry(&b, "v=1\n");
    sb_entry(&b, "first=%lld\n", (long long)sqlite3_column_int64(st, 0));
    sb_entry(&b, "last=%lld\n", (long long)sqlite3_column_int64(st, 1));
    sb_entry(&b, "form=%s\n", TEXT_COL(2));
    sb_entry(&b, "file=%s\n", TEXT_COL(3));
    sb_entry(&b, "at=%s\n", TEXT_COL(4));
    sqlite3_finalize(st);
    return sb_finish(&b, rc, hex, text);
}

/* The payload of a print taken back (dc_archive_release_print): it holds no serials. */
static int print_released_hash(char hex[65], char **text)
{
    sbuf b = {0};
    sb_entry(&b, "v=1\n");
    sb_entry(&b, "released\n");
    return sb_finish(&b, DC_OK, hex, text);
}

/* The chain_meta marks chained (kind 'mark', ref the key; schema 13): the first page that makes no
 * record, and the first print, from which on each must have chain entries. A mark's value is that
 * of its newest 'mark' entry, or 1 (every one) when it has none. */
static const char *const sealed_marks[] = {"pages_chained_from", "prints_chained_from"};
#define N_SEALED_MARKS (sizeof sealed_marks / sizeof sealed_marks[0])

/* The payload of a mark's entry (chain kind 'mark', schema 13). */
static int mark_payload_hash(const char *key, long long value, char hex[65], char **text)
{
    sbuf b = {0};
    sb_entry(&b, "v=1\n");
    sb_entry(&b, "key=%s\n", key);
    sb_entry(&b, "value=%lld\n", value);
    return sb_finish(&b, DC_OK, hex, text);
}

/* Chains each mark chain_meta holds above 1 (the upgrade to schema 13, in its transaction): it was
 * set by the upgrade that made it (to schema 5 or 12) and never changes after. One raised outside
 * dcaccess before this upgrade is chained as it is then. */
static int seal_marks(dc_archive *a)
{
    int rc = DC_OK;
    for (size_t k = 0; k < N_SEALED_MARKS && rc == DC_OK; k++) {
        sqlite3_stmt *st = NULL;
        rc = prep(a, &st, "SELECT value FROM chain_meta WHERE key = ?");
        if (rc != DC_OK)
            break;
        bind_text(st, 1, sealed_marks[k]);
        const long long value = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 1;
        sqlite3_finalize(st);
        if (value <= 1)
            continue;
        char hex[65], *text = NULL;
        rc = mark_payload_hash(sealed_marks[k], value, hex, &text);
        if (rc == DC_OK)
            rc = chain_append(a, "mark", sealed_marks[k], hex, text);
        free(text);
    }
    return rc;
}

/* An entry's hash: of the one before it, its kind, ref, payload hash and, when `at` is not NULL
 * (entries from chain_meta 'at_sealed_from' on, schema 11), the time it was made. */
static void entry_hash(const char *prev, const char *kind, const char *ref, const char *payload_hash, const char *at,
                       char hex[65])
{
    char *s = at ? dc_asprintf("%s\n%s\n%s\n%s\n%s", prev, kind, ref, payload_hash, at)
                 : dc_asprintf("%s\n%s\n%s\n%s", prev, kind, ref, payload_hash);
    if (s)
        dc_sha256_hex(s, strlen(s), hex);
    else
        hex[0] = '\0';
    free(s);
}

/* The first chain entry whose hash seals its time (schema 11; LLONG_MAX before: none does). *missing
 * is set when the archive should say and does not (its chain_meta row deleted): every entry then
 * must seal it, which those made before do not. */
/* A handle opened read-only before another command upgraded the archive still says the version it
 * opened: it takes the archive's own, read now (in the caller's transaction, when there is one),
 * when that is newer (up to the one this build knows), so that what the upgrade made since
 * (entries that seal their time, 'print' entries) is read as what it is. */
static int catch_up_version(dc_archive *a)
{
    int version = a->version;
    if (a->version >= SCHEMA_VERSION)
        return DC_OK;
    int rc = schema_version(a, &version);
    if (rc == DC_OK && version > a->version)
        a->version = version < SCHEMA_VERSION ? version : SCHEMA_VERSION;
    return rc;
}

static int at_sealed_from(dc_archive *a, long long *from, bool *missing)
{
    *from = LLONG_MAX;
    *missing = false;
    int rc = catch_up_version(a);
    if (rc != DC_OK || a->version < 11)
        return rc;
    sqlite3_stmt *st = NULL;
    rc = prep(a, &st, "SELECT value FROM chain_meta WHERE key = 'at_sealed_from'");
    if (rc != DC_OK)
        return rc;
    const int s = sqlite3_step(st);
    if (s == SQLITE_ROW) {
        *from = sqlite3_column_int64(st, 0);
    } else if (s == SQLITE_DONE) {
        *from = 1;
        *missing = true;
    } else {
        rc = db_fail(a, "reading the chain's metadata");
    }
    sqlite3_finalize(st);
    return rc;
}

/* Appends an entry for `payload` (its SHA-256 in payload_hash), which it keeps (schema 9). */
static int chain_append(dc_archive *a, const char *kind, const char *ref, const char *payload_hash,
                        const char *payload)
{
    char prev[65] = "", hash[65], now[32];
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "SELECT hash FROM chain ORDER BY seq DESC LIMIT 1");
    if (rc != DC_OK)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW && col_str(st, 0))
        snprintf(prev, sizeof prev, "%s", col_str(st, 0));
    sqlite3_finalize(st);
    now_utc(now);
    /* an archive is written only at SCHEMA_VERSION, where every new entry seals its time */
    entry_hash(prev, kind, ref, payload_hash, now, hash);
    rc = prep(a, &st, "INSERT INTO chain(kind, ref, payload_hash, prev_hash, hash, at, payload) VALUES(?,?,?,?,?,?,?)");
    if (rc != DC_OK)
        return rc;
    bind_text(st, 1, kind);
    bind_text(st, 2, ref);
    bind_text(st, 3, payload_hash);
    bind_text(st, 4, prev);
    bind_text(st, 5, hash);
    bind_text(st, 6, now);
    bind_text(st, 7, payload);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = db_fail(a, "appending to the hash chain");
    sqlite3_finalize(st);
    return rc;
}

/* The typed columns of a record (values[i] NULL or a string in buf storage). */
typedef struct columns {
    const char *v[N_COLUMNS];
    char ints[7][16];
} columns;

static const char *known(const dc_record *rec, const char *id)
{
    const dc_record_field *f = dc_record_get(rec, id);
    if (!f || (f->state != DC_VALUE_ACCEPTED && f->state != DC_VALUE_CORRECTED))
        return NULL;
    return f->value;
}

static void record_columns(const dc_record *rec, columns *c)
{
    memset(c, 0, sizeof *c);
    size_t k = 0;
    for (size_t i = 0; i < N_TEXT_COLUMNS; i++)
        c->v[k++] = rec->has_access ? known(rec, text_columns[i]) : NULL;
    for (size_t i = 0; i < N_TICK_COLUMNS; i++) {
        const dc_record_field *f = rec->has_access ? dc_record_get(rec, tick_columns[i]) : NULL;
        if (f && f->state != DC_VALUE_REVIEW) {
            snprintf(c->ints[i], sizeof c->ints[i], "%d", f->value && strcmp(f->value, "true") == 0);
            c->v[k] = c->ints[i];
        }
        k++;
    }
    int entry, exit_;
    const char *se = known(rec, "entry_time"), *sx = known(rec, "exit_time");
    if (rec->has_access && se && sx && dc_parse_time(&entry, se) == DC_OK && dc_parse_time(&exit_, sx) == DC_OK &&
        exit_ >= entry) {
        snprintf(c->ints[4], sizeof c->ints[4], "%d", exit_ - entry);
        c->v[k] = c->ints[4];
    }
    dc_error_clear();
    k++;
    int in = 0, out = 0;
    for (size_t i = 0; i < rec->nfields; i++) {
        const dc_record_field *f = &rec->fields[i];
        size_t n = strlen(f->id);
        if (strncmp(f->id, "device_", 7) != 0 || (f->state != DC_VALUE_ACCEPTED && f->state != DC_VALUE_CORRECTED) ||
            !f->value || strcmp(f->value, "true") != 0)
            continue;
        if (n > 3 && strcmp(f->id + n - 3, "_in") == 0)
            in++;
        else if (n > 4 && strcmp(f->id + n - 4, "_out") == 0)
            out++;
    }
    snprintf(c->ints[5], sizeof c->ints[5], "%d", in);
    snprintf(c->ints[6], sizeof c->ints[6], "%d", out);
    c->v[k++] = c->ints[5];
    c->v[k++] = c->ints[6];
}

static const char *column_name(size_t k)
{
    static const char *const tail[] = {"duration_min", "devices_in", "devices_out"};
    if (k < N_TEXT_COLUMNS)
        return text_columns[k];
    if (k < N_TEXT_COLUMNS + N_TICK_COLUMNS)
        return tick_columns[k - N_TEXT_COLUMNS];
    return tail[k - N_TEXT_COLUMNS - N_TICK_COLUMNS];
}

/* Writes the record row, replaces its findings, and appends a chain entry. Inside a transaction. */
static int store_record(dc_archive *a, const dc_record *rec, const dc_findings *f, const rec_pages *p)
{
    const char *status = dc_record_status_name(rec);
    char now[32], hex[65];
    now_utc(now);
    columns c;
    record_columns(rec, &c);

    sbuf sql = {0};
    sb_add(&sql, "INSERT INTO records(serial, status, batch_id, batch_date, access_page_id, checklist_page_id, updated, "
                 "rules");
    for (size_t k = 0; k < N_COLUMNS; k++)
        sb_add(&sql, ", %s", column_name(k));
    sb_add(&sql, ") VALUES(?,?,?,?,?,?,?,?");
    for (size_t k = 0; k < N_COLUMNS; k++)
        sb_add(&sql, ",?");
    sb_add(&sql, ") ON CONFLICT(serial) DO UPDATE SET status=excluded.status, batch_id=excluded.batch_id, "
                 "batch_date=excluded.batch_date, access_page_id=excluded.access_page_id, "
                 "checklist_page_id=excluded.checklist_page_id, updated=excluded.updated, rules=excluded.rules");
    for (size_t k = 0; k < N_COLUMNS; k++)
        sb_add(&sql, ", %s=excluded.%s", column_name(k), column_name(k));
    if (sql.oom) {
        free(sql.s);
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    }
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, sql.s);
    free(sql.s);
    if (rc != DC_OK)
        return rc;
    bind_text(st, 1, rec->serial);
    bind_text(st, 2, status);
    sqlite3_bind_int64(st, 3, p->batch_id);
    bind_text(st, 4, p->batch_date);
    if (p->access_id)
        sqlite3_bind_int64(st, 5, p->access_id);
    if (p->checklist_id)
        sqlite3_bind_int64(st, 6, p->checklist_id);
    bind_text(st, 7, now);
    bind_text(st, 8, p->rules);
    for (size_t k = 0; k < N_COLUMNS; k++) {
        if (k >= N_TEXT_COLUMNS && c.v[k])
            sqlite3_bind_int(st, (int)k + 9, atoi(c.v[k]));
        else
            bind_text(st, (int)k + 9, c.v[k]);
    }
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = db_fail(a, "storing a record");
    sqlite3_finalize(st);
    if (rc != DC_OK)
        return rc;

    rc = prep(a, &st, "DELETE FROM findings WHERE serial=?");
    if (rc != DC_OK)
        return rc;
    bind_text(st, 1, rec->serial);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = db_fail(a, "replacing findings");
    sqlite3_finalize(st);
    if (rc != DC_OK)
        return rc;
    rc = prep(a, &st, "INSERT INTO findings(serial, rule, field, row, sop_step, severity, message_id, message_en) "
                      "VALUES(?,?,?,?,?,?,?,?)");
    if (rc != DC_OK)
        return rc;
    for (size_t i = 0; i < f->n && rc == DC_OK; i++) {
        const dc_finding *x = &f->items[i];
        sqlite3_reset(st);
        bind_text(st, 1, rec->serial);
        bind_text(st, 2, dc_rule_name(x->rule));
        bind_text(st, 3, x->field[0] ? x->field : NULL);
        if (x->row)
            sqlite3_bind_int(st, 4, x->row);
        else
            sqlite3_bind_null(st, 4);
        bind_text(st, 5, x->sop_step);
        bind_text(st, 6, dc_severity_name(x->severity));
        bind_text(st, 7, x->message_id);
        bind_text(st, 8, x->message_en);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = db_fail(a, "storing a finding");
    }
    sqlite3_finalize(st);
    if (rc != DC_OK)
        return rc;
    char *text = NULL;
    rc = record_payload_hash(a, rec, status, f, p, RECORD_PAYLOAD_VERSION, hex, &text);
    if (rc == DC_OK)
        rc = chain_append(a, "record", rec->serial, hex, text);
    free(text);
    return rc;
}

/* Batch of the record: its access page's batch, else the checklist's. */
static int fill_batch(dc_archive *a, rec_pages *p)
{
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "SELECT b.id, b.batch_date FROM pages p JOIN batches b ON b.id = p.batch_id WHERE p.id=?");
    if (rc != DC_OK)
        return rc;
    sqlite3_bind_int64(st, 1, p->access_id ? p->access_id : p->checklist_id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        p->batch_id = sqlite3_column_int64(st, 0);
        snprintf(p->batch_date, sizeof p->batch_date, "%s", col_str(st, 1) ? col_str(st, 1) : "");
    } else {
        rc = dc_error_set(DC_ERR_ARCHIVE, "%s: page %lld has no batch", a->path,
                          (long long)(p->access_id ? p->access_id : p->checklist_id));
    }
    sqlite3_finalize(st);
    return rc;
}

static int record_correction(dc_archive *a, const char *serial, const char *field, const char *old_value,
                             const char *new_value, const char *old_state, double old_conf, const char *who,
                             const char *why, const char *now);

/* The rules the record was last checked with (records.rules) into buf: "" for a new record,
 * NOT_RECORDED for one checked before schema 6, which recorded none. */
#define NOT_RECORDED "(not recorded)"
static int record_rules(dc_archive *a, const char *serial, char *buf, size_t len, bool *recorded)
{
    buf[0] = '\0';
    *recorded = false;
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "SELECT rules FROM records WHERE serial = ?");
    if (rc != DC_OK)
        return rc;
    bind_text(st, 1, serial);
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW) {
        *recorded = col_str(st, 0) != NULL;
        snprintf(buf, len, "%s", *recorded ? col_str(st, 0) : NOT_RECORDED);
    } else if (s != SQLITE_DONE) {
        rc = db_fail(a, "reading the rules a record was checked with");
    }
    sqlite3_finalize(st);
    return rc;
}

/* Builds record `serial` from its pages p, checks it with `rules` against p's batch date, and stores
 * and chains it, with the rules; *f gets its findings (the caller clears them). Inside the write's
 * transaction. When the rules or the rules engine (dc_rules_stamp) differ from those it was last
 * checked with (or those are not recorded), that is a change of its findings no field explains:
 * it is recorded and chained as a correction of the pseudo-field "rules" (old -> new) signed by
 * `who` (the person whose action checked it again, or "dcaccess scan" when a page was added),
 * with `cause` as its reason, so the audit report shows it. A record a newer rules engine checked
 * is not checked by this older one (DC_ERR_NEWER, nothing done): that would undo its checks, signed,
 * and the newer dcaccess would redo them, back and forth while both are in use. */
static int rebuild_record(dc_archive *a, const dc_rules *rules, const char *serial, const rec_pages *p,
                          dc_findings *f, const char *who, const char *cause)
{
    char was[DC_RULES_TEXT_MAX], now_rules[DC_RULES_TEXT_MAX];
    bool recorded = false;
    int rc = dc_rules_stamp(rules, now_rules, sizeof now_rules);
    if (rc == DC_OK)
        rc = record_rules(a, serial, was, sizeof was, &recorded);
    if (rc == DC_OK && recorded && dc_rules_stamp_engine(was) > rules->engine)
        return dc_error_set(DC_ERR_NEWER,
                            "%s: record %s was checked by a newer dcaccess (rules engine %d; this one has %d): "
                            "it is left as it is; update dcaccess on this PC",
                            a->path, serial, dc_rules_stamp_engine(was), rules->engine);
    if (rc == DC_OK && was[0] && (!recorded || strcmp(was, now_rules) != 0)) {
        char now[32];
        now_utc(now);
        rc = record_correction(a, serial, "rules", was, now_rules, "accepted", -1, who, cause, now);
    }
    dc_record *rec = NULL;
    rec_pages q = *p;
    q.rules = now_rules;   /* chained with the record */
    if (rc == DC_OK)
        rc = build_record(&rec, a, serial, &q);
    if (rc == DC_OK)
        rc = dc_rules_check(f, rules, rec, q.batch_date);
    if (rc == DC_OK)
        rc = store_record(a, rec, f, &q);   /* with records.rules */
    dc_record_free(rec);
    return rc;
}

static int record_unaltered(dc_archive *a, const char *serial);

typedef struct todo {
    char serial[32];
    rec_pages p;
    int64_t take_back_from; /* the batch of the record's checklist, which may be another sheet's */
} todo;

/* A record built in an earlier run whose checklist, it now appears, is the other page of a sheet
 * whose access form its stack rejected (a stack fed last page first and scanned in two runs:
 * other_sheet_in_batch, as for a page of this run): the checklist becomes a rejected page
 * (reject_page) and *p the record's pages without it (the serial's next checklist stored as a form,
 * if any). *taken says whether it did. In the caller's transaction. */
static int take_back_checklist(dc_archive *a, const char *serial, int64_t checklist_batch, rec_pages *p, bool *taken)
{
    char reason[DC_PAGE_REASON_MAX];
    *taken = false;
    int rc = other_sheet_in_batch(a, checklist_batch, serial, reason, sizeof reason, taken);
    if (rc != DC_OK || !*taken)
        return rc;
    rc = record_unaltered(a, serial);   /* before its page changes, which would hide an alteration */
    if (rc == DC_OK)
        rc = reject_page(a, p->checklist_id, reason);
    sqlite3_stmt *st = NULL;
    if (rc == DC_OK)
        rc = prep(a, &st, "SELECT id FROM pages WHERE serial = ? AND status = 'form' AND form = 'checklist' ORDER BY id "
                          "LIMIT 1");
    if (rc == DC_OK) {
        bind_text(st, 1, serial);
        const int s = sqlite3_step(st);
        p->checklist_id = s == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        if (s != SQLITE_ROW && s != SQLITE_DONE)
            rc = db_fail(a, "looking for a record's checklist");
        sqlite3_finalize(st);
    }
    return rc;
}

/* The serials a message names: the first five, ", " between them, and how many there were. */
typedef struct serial_list {
    char text[256];
    size_t n;
} serial_list;

static void serial_list_add(serial_list *l, const char *serial)
{
    const size_t at = strlen(l->text);
    if (l->n < 5 && at + 40 < sizeof l->text)
        snprintf(l->text + at, sizeof l->text - at, "%s%s", l->n ? ", " : "", serial);
    l->n++;
}

int dc_archive_sync_records(dc_archive *a, const dc_rules *rules, dc_archive_sync_stats *stats)
{
    dc_archive_sync_stats local = {0, 0};
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st,
                  "SELECT s.serial,"
                  " (SELECT id FROM pages WHERE serial=s.serial AND status='form' AND form='access' ORDER BY id LIMIT 1),"
                  " (SELECT id FROM pages WHERE serial=s.serial AND status='form' AND form='checklist' ORDER BY id LIMIT 1),"
                  " r.serial IS NOT NULL, r.access_page_id, r.checklist_page_id,"
                  /* a visit with a checklist, both stored as forms, no correction (but the "rules" one a
                   * check under changed rules records: no person checked the record then), and an access
                   * form of the serial rejected: the checklist's batch (take_back_checklist) */
                  " CASE WHEN r.access_page_id IS NOT NULL AND r.checklist_page_id IS NOT NULL AND NOT EXISTS "
                  "(SELECT 1 FROM corrections c WHERE c.serial = s.serial AND c.field <> 'rules') AND EXISTS "
                  "(SELECT 1 FROM pages x WHERE "
                  "x.serial = s.serial AND x.form = 'access' AND x.status = 'rejected') THEN (SELECT batch_id FROM "
                  "pages WHERE id = r.checklist_page_id) END "
                  "FROM (SELECT DISTINCT serial FROM pages WHERE status='form' AND serial IS NOT NULL) s "
                  "LEFT JOIN records r ON r.serial = s.serial ORDER BY s.serial");
    if (rc != DC_OK)
        return rc;
    todo *list = NULL;
    size_t n = 0, cap = 0;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t acc = sqlite3_column_int64(st, 1), chk = sqlite3_column_int64(st, 2);
        bool exists = sqlite3_column_int(st, 3) != 0;
        const int64_t take_back_from = sqlite3_column_int64(st, 6);
        const bool unchanged = exists && sqlite3_column_int64(st, 4) == acc && sqlite3_column_int64(st, 5) == chk;
        if (unchanged && !take_back_from) {
            local.records_unchanged++;
            continue;
        }
        if (dc_grow(&list, &cap, n, sizeof *list, 64) != 0) {
            rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
            break;
        }
        snprintf(list[n].serial, sizeof list[n].serial, "%s", col_str(st, 0));
        list[n].p.access_id = acc;
        list[n].p.checklist_id = chk;
        list[n].take_back_from = unchanged ? take_back_from : 0;
        n++;
    }
    if (rc == DC_OK && s != SQLITE_DONE)
        rc = db_fail(a, "listing serials");
    sqlite3_finalize(st);

    serial_list altered = {"", 0}, newer = {"", 0};
    for (size_t i = 0; i < n && rc == DC_OK; i++) {
        dc_findings f = DC_FINDINGS_INIT;
        rc = exec(a, "BEGIN IMMEDIATE");
        if (rc != DC_OK)
            break;
        bool taken = false;   /* take_back_checklist checked the record is unaltered */
        if (list[i].take_back_from) {
            rc = take_back_checklist(a, list[i].serial, list[i].take_back_from, &list[i].p, &taken);
            if (rc == DC_OK && !taken && (rc = exec(a, "COMMIT")) == DC_OK) {   /* the record is as it was */
                local.records_unchanged++;
                continue;
            }
        }
        if (rc == DC_OK && !taken)
            rc = record_unaltered(a, list[i].serial);   /* a page added later to an altered record */
        if (rc == DC_OK)
            rc = fill_batch(a, &list[i].p);
        if (rc == DC_OK)
            rc = rebuild_record(a, rules, list[i].serial, &list[i].p, &f, "dcaccess scan",
                                "checked again with the rules in force when a page of it was scanned");
        if (rc == DC_OK)
            rc = exec(a, "COMMIT");
        if (rc == DC_ERR_TAMPERED) {
            /* that record only: the others are built (one altered record held back every later one) */
            rollback(a);
            serial_list_add(&altered, list[i].serial);
            rc = DC_OK;
        } else if (rc == DC_ERR_NEWER) {
            /* that record only, as above: its pages are stored, and the newer dcaccess builds it */
            rollback(a);
            dc_error_clear();
            serial_list_add(&newer, list[i].serial);
            rc = DC_OK;
        } else if (rc != DC_OK) {
            rollback(a);
            dc_error_wrap(rc, "record %s: ", list[i].serial);
        } else {
            local.records_built++;
        }
        dc_findings_clear(&f);
    }
    if (rc == DC_OK && newer.n && !altered.n)
        rc = dc_error_set(DC_ERR_NEWER,
                          "%s: %zu record%s checked by a newer dcaccess (%s%s) not built again with %s new pages, "
                          "which are stored (the newer dcaccess builds %s when it scans next); the others were: update "
                          "dcaccess on this PC",
                          a->path, newer.n, newer.n == 1 ? "" : "s", newer.text, newer.n > 5 ? ", ..." : "",
                          newer.n == 1 ? "its" : "their", newer.n == 1 ? "it" : "them");
    if (rc == DC_OK && altered.n)
        rc = dc_error_set(DC_ERR_TAMPERED,
                          "%s: %zu record%s altered outside dcaccess (%s%s) not built again with the new pages, the "
                          "others were: run dcaccess verify, and restore the archive from a backup",
                          a->path, altered.n, altered.n == 1 ? "" : "s", altered.text, altered.n > 5 ? ", ..." : "");
    free(list);
    if (stats)
        *stats = local;
    return rc;
}

int dc_archive_checklist_of_other_sheet(dc_archive *a, const char *serial, char *reason, size_t len, bool *found)
{
    *found = false;
    if (len)
        reason[0] = '\0';
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "SELECT c.batch_id FROM records r JOIN pages c ON c.id = r.checklist_page_id WHERE r.serial = ? "
                          "AND r.access_page_id IS NOT NULL AND c.status = 'form'");
    if (rc != DC_OK)
        return rc;
    bind_text(st, 1, serial);
    const int s = sqlite3_step(st);
    const int64_t batch = s == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        rc = db_fail(a, "looking for a record's checklist");
    sqlite3_finalize(st);
    if (rc == DC_OK && batch)
        rc = other_sheet_in_batch(a, batch, serial, reason, len, found);
    return rc;
}

/* Reads the records row's pages; DC_ERR_NOT_FOUND if no such record. */
static int record_pages(dc_archive *a, const char *serial, rec_pages *p, char *status, size_t status_len)
{
    memset(p, 0, sizeof *p);
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "SELECT access_page_id, checklist_page_id, batch_id, batch_date, status FROM records "
                          "WHERE serial=?");
    if (rc != DC_OK)
        return rc;
    bind_text(st, 1, serial);
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW) {
        p->access_id = sqlite3_column_int64(st, 0);
        p->checklist_id = sqlite3_column_int64(st, 1);
        p->batch_id = sqlite3_column_int64(st, 2);
        snprintf(p->batch_date, sizeof p->batch_date, "%s", col_str(st, 3) ? col_str(st, 3) : "");
        if (status)
            snprintf(status, status_len, "%s", col_str(st, 4) ? col_str(st, 4) : "");
    } else if (s == SQLITE_DONE) {
        rc = DC_ERR_NOT_FOUND;
    } else {
        rc = db_fail(a, "reading a record");
    }
    sqlite3_finalize(st);
    if (rc == DC_ERR_NOT_FOUND) {
        /* its pages stored, its record not built yet: a scan at work now (or cut off) */
        bool stored = false;
        if (prep(a, &st, "SELECT 1 FROM pages WHERE serial = ? AND status = 'form'") == DC_OK) {
            bind_text(st, 1, serial);
            stored = sqlite3_step(st) == SQLITE_ROW;
            sqlite3_finalize(st);
        }
        rc = stored ? dc_error_set(DC_ERR_NOT_FOUND, "no record with serial %s in %s yet: its pages are stored, and "
                                                     "the scan storing them builds it when they are in (dcaccess "
                                                     "pending notes that scan): correct it after",
                                   serial, a->path)
                    : dc_error_set(DC_ERR_NOT_FOUND, "no record with serial %s in %s", serial, a->path);
    }
    return rc;
}

static const char *static_step(const char *s)
{
    static const char *const steps[] = {"2", "4", "5", "5-6", "6", "2-4", "7"};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (s && strcmp(s, steps[i]) == 0)
            return steps[i];
    return NULL;
}

static int load_findings(dc_archive *a, const char *serial, dc_findings *f)
{
    dc_findings_clear(f);
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "SELECT rule, field, sop_step, severity, message_id, message_en, row FROM findings "
                          "WHERE serial=? ORDER BY id");
    if (rc != DC_OK)
        return rc;
    bind_text(st, 1, serial);
    int s;
    while (rc == DC_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
        dc_rule_id rule;
        dc_severity sev;
        if (dc_rule_parse(&rule, col_str(st, 0)) != DC_OK || dc_severity_parse(&sev, col_str(st, 3)) != DC_OK) {
            rc = dc_error_set(DC_ERR_ARCHIVE, "%s: record %s has an unknown finding \"%s\"/\"%s\"", a->path, serial,
                              col_str(st, 0) ? col_str(st, 0) : "", col_str(st, 3) ? col_str(st, 3) : "");
            break;
        }
        rc = dc_findings_add(f, rule, col_str(st, 1), sqlite3_column_int(st, 6), static_step(col_str(st, 2)), sev,
                             col_str(st, 4), col_str(st, 5));
    }
    if (rc == DC_OK && s != SQLITE_DONE)
        rc = db_fail(a, "reading findings");
    sqlite3_finalize(st);
    return rc;
}

int dc_archive_record_load(dc_record **out, dc_findings *findings, dc_archive *a, const char *serial)
{
    *out = NULL;
    rec_pages p;
    int rc = record_pages(a, serial, &p, NULL, 0);
    if (rc != DC_OK)
        return rc;
    rc = build_record(out, a, serial, &p);
    if (rc == DC_OK && findings) {
        rc = load_findings(a, serial, findings);
        if (rc != DC_OK) {
            dc_record_free(*out);
            *out = NULL;
        }
    }
    return rc;
}

void dc_archive_strings_free(char **v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

int dc_archive_visit_days(dc_archive *a, char first[11], char last[11], long *records)
{
    first[0] = last[0] = '\0';
    *records = 0;
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "SELECT min(coalesce(visit_date, batch_date)), max(coalesce(visit_date, batch_date)), "
                          "count(*) FROM records");
    if (rc != DC_OK)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(first, 11, "%s", col_str(st, 0) ? col_str(st, 0) : "");
        snprintf(last, 11, "%s", col_str(st, 1) ? col_str(st, 1) : "");
        *records = (long)sqlite3_column_int64(st, 2);
    } else {
        rc = db_fail(a, "reading the days of the records");
    }
    sqlite3_finalize(st);
    return rc;
}

/* Steps `st` (prepared and bound) to the end, collecting its first column's non-NULL values into
 * a malloc'd array of malloc'd strings; finalizes `st`. `what` names the query in errors. */
/* The first `ncols` columns of every row of `st` in which none is NULL, row after row in one
 * array (*n rows, ncols * *n strings); finalizes `st`. */
static int collect_rows(dc_archive *a, sqlite3_stmt *st, const char *what, int ncols, char ***out, size_t *n)
{
    char **v = NULL;
    size_t cnt = 0, cap = 0;
    int rc = DC_OK, s;
    while (rc == DC_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
        bool whole = true;
        for (int c = 0; c < ncols; c++)
            whole = whole && col_str(st, c);
        for (int c = 0; whole && c < ncols; c++) {
            if (dc_grow(&v, &cap, cnt, sizeof *v, 64) != 0 || !(v[cnt] = col_dup(st, c))) {
                rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
                break;
            }
            cnt++;
        }
    }
    if (rc == DC_OK && s != SQLITE_DONE)
        rc = db_fail(a, what);
    sqlite3_finalize(st);
    if (rc != DC_OK) {
        dc_archive_strings_free(v, cnt);
        return rc;
    }
    *out = v;
    *n = cnt / (size_t)ncols;
    return DC_OK;
}

static int collect_strings(dc_archive *a, sqlite3_stmt *st, const char *what, char ***out, size_t *n)
{
    return collect_rows(a, st, what, 1, out, n);
}

int dc_archive_record_serials(char ***out, size_t *n, dc_archive *a, const char *date_prefix)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "SELECT serial FROM records WHERE ?1 IS NULL OR "
                          "substr(coalesce(visit_date, batch_date), 1, length(?1)) = ?1 "
                          "ORDER BY serial");
    if (rc != DC_OK)
        return rc;
    bind_text(st, 1, date_prefix);
    return collect_strings(a, st, "listing records", out, n);
}

int dc_archive_checked_values(char ***out, size_t *n, dc_archive *a, const char *form, const char *field)
{
    *out = NULL;
    *n = 0;
    if (!a || !form || !field)
        return dc_error_set(DC_ERR_INVALID_ARG, "dc_archive_checked_values: bad arguments");
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "SELECT DISTINCT f.value FROM fields f JOIN pages p ON p.id = f.page_id "
                          "WHERE p.form = ?1 AND f.field_id = ?2 AND f.state = 'corrected' AND f.value <> '' "
                          "ORDER BY f.value");
    if (rc != DC_OK)
        return rc;
    bind_text(st, 1, form);
    bind_text(st, 2, field);
    return collect_strings(a, st, "listing checked values", out, n);
}

int dc_archive_visitor_values(char ***pairs, size_t *n, dc_archive *a, const char *field)
{
    *pairs = NULL;
    *n = 0;
    if (!a || !field)
        return dc_error_set(DC_ERR_INVALID_ARG, "dc_archive_visitor_values: bad arguments");
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "SELECT r.id_number, f.value FROM records r JOIN fields f ON f.page_id = r.access_page_id "
                          "AND f.field_id = ?1 AND f.state = 'corrected' AND f.value <> '' WHERE r.id_number <> '' "
                          "ORDER BY r.id_number, coalesce(r.visit_date, r.batch_date) DESC, r.serial DESC");
    if (rc != DC_OK)
        return rc;
    bind_text(st, 1, field);
    return collect_rows(a, st, "listing the visitors' checked values", 2, pairs, n);
}

/* A dc_checked_source from a row's columns col (serial), col + 1 (visitor), col + 2 (day). */
static void source_from(dc_checked_source *out, sqlite3_stmt *st, int col)
{
    snprintf(out->serial, sizeof out->serial, "%s", col_str(st, col) ? col_str(st, col) : "");
    snprintf(out->visitor, sizeof out->visitor, "%s", col_str(st, col + 1) ? col_str(st, col + 1) : "");
    snprintf(out->day, sizeof out->day, "%s", col_str(st, col + 2) ? col_str(st, col + 2) : "");
}

int dc_archive_same_id_value(dc_archive *a, const char *serial, const char *field, char **value,
                             dc_checked_source *src)
{
    *value = NULL;
    memset(src, 0, sizeof *src);
    if (!a || !serial || !field)
        return dc_error_set(DC_ERR_INVALID_ARG, "dc_archive_same_id_value: bad arguments");
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "SELECT f2.value, r2.serial, r2.visitor_name, coalesce(r2.visit_date, r2.batch_date) "
                          "FROM records r JOIN records r2 ON r2.id_number = r.id_number AND r2.serial <> r.serial "
                          "JOIN fields f2 ON f2.page_id = r2.access_page_id AND f2.field_id = ?2 "
                          "AND f2.state = 'corrected' AND f2.value <> '' "
                          "WHERE r.serial = ?1 AND r.id_number <> '' "
                          "ORDER BY coalesce(r2.visit_date, r2.batch_date) DESC, r2.serial DESC LIMIT 1");
    if (rc != DC_OK)
        return rc;
    bind_text(st, 1, serial);
    bind_text(st, 2, field);
    int s2 = sqlite3_step(st);
    if (s2 == SQLITE_ROW) {
        *value = col_dup(st, 0);
        if (!*value)
            rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
        source_from(src, st, 1);
    } else if (s2 == SQLITE_DONE) {
        rc = dc_error_set(DC_ERR_NOT_FOUND, "no other form with record %s's ID number has %s checked", serial, field);
    } else {
        rc = db_fail(a, "finding the same visitor's value");
    }
    sqlite3_finalize(st);
    return rc;
}

int dc_archive_checked_source(dc_archive *a, const char *form, const char *field, const char *value,
                              dc_checked_source *out)
{
    memset(out, 0, sizeof *out);
    if (!a || !form || !field || !value)
        return dc_error_set(DC_ERR_INVALID_ARG, "dc_archive_checked_source: bad arguments");
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "SELECT p.serial, r.visitor_name, coalesce(r.visit_date, r.batch_date) "
                          "FROM fields f JOIN pages p ON p.id = f.page_id LEFT JOIN records r ON r.serial = p.serial "
                          "WHERE p.form = ?1 AND f.field_id = ?2 AND f.state = 'corrected' AND f.value = ?3 "
                          "ORDER BY coalesce(r.visit_date, r.batch_date) DESC, p.serial DESC LIMIT 1");
    if (rc != DC_OK)
        return rc;
    bind_text(st, 1, form);
    bind_text(st, 2, field);
    bind_text(st, 3, value);
    int s2 = sqlite3_step(st);
    if (s2 == SQLITE_ROW) {
        source_from(out, st, 0);
    } else if (s2 == SQLITE_DONE) {
        rc = dc_error_set(DC_ERR_NOT_FOUND, "no %s %s checked as \"%s\"", form, field, value);
    } else {
        rc = db_fail(a, "finding a checked value");
    }
    sqlite3_finalize(st);
    return rc;
}

/* ---- pending ---- */

void dc_pending_free(dc_pending_field *v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++) {
        free(v[i].value);
        free(v[i].crop_png);
    }
    free(v);
}

int dc_pending_field_copy(dc_pending_field *x, const dc_stored_field *f)
{
    memset(x, 0, sizeof *x);
    snprintf(x->serial, sizeof x->serial, "%s", f->serial);
    dc_record_field_id(x->field, sizeof x->field, f->form, f->field);
    x->confidence = f->confidence;
    snprintf(x->why, sizeof x->why, "%s", f->why ? f->why : "");
    if (f->value && !(x->value = dc_strdup(f->value)))
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    if (f->crop_png) {
        if (!(x->crop_png = malloc(f->crop_png_len)))
            return dc_error_set(DC_ERR_NOMEM, "out of memory");
        memcpy(x->crop_png, f->crop_png, f->crop_png_len);
        x->crop_png_len = f->crop_png_len;
    }
    return DC_OK;
}

typedef struct pending_list {
    dc_pending_field *v;
    size_t n, cap, unbuilt;
} pending_list;

static int collect_pending(void *user, const dc_stored_field *f)
{
    pending_list *l = user;
    if (!f->recorded) {   /* not answerable until its record is built */
        l->unbuilt++;
        return DC_OK;
    }
    if (dc_grow(&l->v, &l->cap, l->n, sizeof *l->v, 32) != 0)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    /* counted before it is filled, so dc_pending_free frees what a failed copy allocated */
    return dc_pending_field_copy(&l->v[l->n++], f);
}

int dc_archive_pending(dc_pending_field **out, size_t *n, size_t *unbuilt, dc_archive *a)
{
    *out = NULL;
    *n = 0;
    if (unbuilt)
        *unbuilt = 0;
    pending_list l = { 0 };
    int rc = dc_archive_each_field(a, "review", NULL, collect_pending, &l);
    if (rc != DC_OK) {
        dc_pending_free(l.v, l.n);
        return rc;
    }
    *out = l.v;
    *n = l.n;
    if (unbuilt)
        *unbuilt = l.unbuilt;
    return DC_OK;
}

int dc_archive_each_field(dc_archive *a, const char *state, const char *date_prefix,
                          int (*cb)(void *user, const dc_stored_field *f), void *user)
{
    sqlite3_stmt *st = NULL;
    /* a schema-1 archive opened read-only has no crossed column: nothing was recorded as crossed */
#define EACH_FIELD_SQL(crossed, basis)                                                                                \
    "SELECT p.serial, p.form, p.template_version, f.field_id, f.value, b.batch_date, p.file, p.page, f.crop, " \
    "f.state, f.confidence, " crossed ", " basis ", EXISTS (SELECT 1 FROM records r WHERE r.serial = p.serial) " \
    "FROM fields f JOIN pages p ON p.id = f.page_id "                                                          \
    "JOIN batches b ON b.id = p.batch_id WHERE f.state = ?2 AND p.status='form' "                              \
    "AND (?1 IS NULL OR substr(b.batch_date, 1, length(?1)) = ?1) ORDER BY p.serial, p.form, f.field_id"
    int rc = prep(a, &st, a->version >= 7   ? EACH_FIELD_SQL("f.crossed", "f.basis, f.read_as, f.why")
                          : a->version >= 3 ? EACH_FIELD_SQL("f.crossed", "f.basis, f.read_as, NULL")
                          : a->version >= 2 ? EACH_FIELD_SQL("f.crossed", "NULL, NULL, NULL")
                                            : EACH_FIELD_SQL("0", "NULL, NULL, NULL"));
#undef EACH_FIELD_SQL
    if (rc != DC_OK)
        return rc;
    bind_text(st, 2, state);
    bind_text(st, 1, date_prefix);
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        dc_stored_field f = {
            .serial = col_str(st, 0) ? col_str(st, 0) : "",
            .form = col_str(st, 1) ? col_str(st, 1) : "",
            .template_version = sqlite3_column_int(st, 2),
            .field = col_str(st, 3) ? col_str(st, 3) : "",
            .value = col_str(st, 4),
            .batch_date = col_str(st, 5) ? col_str(st, 5) : "",
            .file = col_str(st, 6) ? col_str(st, 6) : "",
            .page = sqlite3_column_int(st, 7),
            .state = col_str(st, 9) ? col_str(st, 9) : "",
            .confidence = sqlite3_column_double(st, 10),
            .crossed = (uint32_t)sqlite3_column_int64(st, 11),
            .basis = col_str(st, 12),
            .read_as = col_str(st, 13),
            .why = col_str(st, 14),
            .recorded = sqlite3_column_int(st, 15) != 0,
        };
        const void *blob = sqlite3_column_blob(st, 8);
        int len = sqlite3_column_bytes(st, 8);
        if (blob && len > 0) {
            f.crop_png = blob;
            f.crop_png_len = (size_t)len;
        }
        if ((rc = cb(user, &f)) != 0)
            break;
    }
    if (rc == DC_OK && s != SQLITE_DONE)
        rc = db_fail(a, "listing stored fields");
    sqlite3_finalize(st);
    return rc;
}

/* ---- corrections ---- */

static int correction_payload_hash(sqlite3_stmt *st, char hex[65], char **text)
{
    /* st columns: CORRECTION_COLUMNS */
    sbuf b = {0};
    static const char *const keys[] = {"serial", "field", "old", "new", "old_state", "who", "at", "why"};
    sb_entry(&b, "id=%lld\n", (long long)sqlite3_column_int64(st, 0));
    for (int i = 0; i < 8; i++)
        sb_entry(&b, "%s=%s\n", keys[i], TEXT_COL(i + 1));
    /* since schema 9 (corrections before have none, and hash as they did) */
    if (sqlite3_column_type(st, 9) != SQLITE_NULL)
        sb_entry(&b, "old_conf=%.4f\n", sqlite3_column_double(st, 9));
    return sb_finish(&b, DC_OK, hex, text);
}

/* the columns correction_payload_hash reads; before schema 9, no old_conf */
#define CORRECTION_COLUMNS "id, serial, field, old, new, old_state, who, at, why, old_conf"
#define CORRECTION_COLUMNS_8 "id, serial, field, old, new, old_state, who, at, why, NULL"

static bool in(unsigned c, unsigned lo, unsigned hi) { return c >= lo && c <= hi; }

/* A letter, without Unicode's tables: ASCII letters, and any character past Latin-1's punctuation
 * that is not a combining mark alone, punctuation, a symbol, a digit of another script, private
 * use, an emoji or invisible (Ñ, é, Άννα, 王, 𠮷 pass; "…", "١٢", "１２", "😀" do not). */
static bool letter(unsigned c)
{
    if (c < 0x80)
        return isalpha((int)c);
    if (c < 0xC0 || c == 0xD7 || c == 0xF7 || dc_char_invisible(c))
        return false;
    /* combining marks alone (Latin, Cyrillic, Hebrew points, Arabic harakat, Devanagari signs and
     * virama, Thai vowels and tone marks, kana voicing), digits of other scripts, punctuation and
     * symbols, private use, emoji, and the fullwidth and mathematical forms of Latin letters (they
     * read as ordinary letters but are other characters: type the name with ordinary ones) */
    static const unsigned not_letters[][2] = {
        {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05C7}, {0x0610, 0x061A}, {0x064B, 0x065F},
        {0x0660, 0x0670}, {0x06D6, 0x06ED}, {0x06F0, 0x06F9}, {0x07C0, 0x07C9}, {0x0900, 0x0903},
        {0x093A, 0x094F}, {0x0951, 0x0957}, {0x0962, 0x096F}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A},
        {0x0E47, 0x0E4E}, {0x0E50, 0x0E59}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x2000, 0x2BFF},
        {0x3000, 0x303F}, {0x3099, 0x309A}, {0xE000, 0xF8FF}, {0xFE20, 0xFE2F}, {0xFF00, 0xFF65},
        {0xFFF0, 0xFFFF}, {0x1D100, 0x1D1FF}, {0x1D400, 0x1D7FF}, {0x1F000, 0x1FAFF}, {0xE0000, 0x10FFFF},
    };
    for (size_t i = 0; i < sizeof not_letters / sizeof not_letters[0]; i++)
        if (in(c, not_letters[i][0], not_letters[i][1]))
            return false;
    return true;
}

int dc_archive_check_signature(const char *who, const char *why)
{
    /* what the archive keeps is shown in reports and exports: UTF-8, no control characters (a
     * reason may have several lines) */
    const char *what = NULL;
    long bad = who ? dc_text_check(who, 0, &what) : -1;
    if (bad >= 0)
        return dc_error_set(DC_ERR_INVALID_ARG, "the name of who made the correction is not valid text (%s at byte %ld)",
                            what, bad + 1);
    if (why && (bad = dc_text_check(why, 1, &what)) >= 0)
        return dc_error_set(DC_ERR_INVALID_ARG, "the reason for the correction is not valid text (%s at byte %ld)", what,
                            bad + 1);
    const char *u = who ? who : "";
    uint32_t odd = 0;
    const size_t at = dc_text_invisible(u, &odd);
    size_t chars = 0;
    unsigned special = 0;
    bool mark = false;
    for (size_t i = 0; u[i];) {
        const unsigned c = dc_utf8_next(u, &i);
        chars++;
        if (!special && (in(c, 0xFF01, 0xFF5E) || in(c, 0x1D400, 0x1D7FF)))
            special = c;
        mark = mark || letter(c);
    }
    if (special)
        return dc_error_set(DC_ERR_INVALID_ARG, "the name of who made the correction has letters of a special form "
                            "(U+%04X, fullwidth or mathematical): they read as ordinary letters but make another "
                            "name; type it with ordinary letters", special);
    if (!mark)
        return dc_error_set(DC_ERR_INVALID_ARG, "a correction needs the name of who made it (a name with letters)");
    if (at)
        return dc_error_set(DC_ERR_INVALID_ARG, "the name of who made the correction holds an invisible character or "
                            "an unusual space (U+%04X, character %zu): \"%s\" would read as another name; type it with "
                            "plain spaces", (unsigned)odd, at, who);
    const size_t len = strlen(u);
    if (u[0] == ' ' || (len && u[len - 1] == ' '))
        return dc_error_set(DC_ERR_INVALID_ARG, "the name of who made the correction begins or ends with a space: "
                            "\"%s\" would read as another name", who);
    if (chars > DC_SIGNATURE_MAX)
        return dc_error_set(DC_ERR_INVALID_ARG, "the name of who made the correction is %zu characters long, more "
                            "than %d: give the name a person signs with", chars, DC_SIGNATURE_MAX);
    return DC_OK;
}

/* The batch-date context of the scan (dc_icr_decide_expecting), redone for batch `batch_id` moved
 * from `old` to `date` (dc_archive_set_batch_date). Inside its transaction, before its records
 * are rebuilt from their fields. */
static int redate_visit_dates(dc_archive *a, int64_t batch_id, const char *old, const char *date, double conf,
                              dc_batch_redate *out)
{
    static const char *const sql[2] = {
        /* accepted only as the old batch date: the new date does not support it */
        "UPDATE fields SET state = 'review', basis = NULL, why = 'unsure' WHERE field_id = 'visit_date' "
        "AND state = 'accepted' AND basis = 'batch_date' AND value = ?2 AND page_id IN (SELECT id FROM pages "
        "WHERE batch_id = ?1 AND form = 'access' AND status = 'form')",
        /* unsure, read as the new date, every cell at the context's bar: the scan would accept it */
        "UPDATE fields SET state = 'accepted', basis = 'batch_date', why = NULL WHERE field_id = 'visit_date' "
        "AND state = 'review' AND why = 'unsure' AND value = ?3 AND confidence >= ?4 AND page_id IN "
        "(SELECT id FROM pages WHERE batch_id = ?1 AND form = 'access' AND status = 'form')",
    };
    size_t *counts[2] = {&out->dates_to_review, &out->dates_accepted};
    /* a field stored before schema 7 has no why: an unsure date cannot be told from a faint one
     * there, so only the first update can apply to it */
    if (a->version < 7 || conf <= 0 || conf > 1)
        return DC_OK;
    int rc = DC_OK;
    for (int i = 0; i < 2 && rc == DC_OK; i++) {
        sqlite3_stmt *st = NULL;
        if ((rc = prep(a, &st, sql[i])) != DC_OK)
            break;
        sqlite3_bind_int64(st, 1, batch_id);
        bind_text(st, 2, old);
        bind_text(st, 3, date);
        sqlite3_bind_double(st, 4, conf);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = db_fail(a, "deciding visit dates again");
        else
            *counts[i] = (size_t)sqlite3_changes(a->db);
        sqlite3_finalize(st);
    }
    return rc;
}

int dc_archive_set_batch_date(dc_archive *a, const dc_rules *rules, int64_t batch_id, const char *date,
                              const char *who, const char *why, double date_context_conf, dc_batch_redate *out)
{
    dc_batch_redate got = {0};
    if (out)
        *out = got;
    int rc0 = dc_archive_check_signature(who, why);
    if (rc0 != DC_OK)
        return rc0;
    if (!date || dc_parse_date(NULL, date) != DC_OK)
        return dc_error_set(DC_ERR_VALUE, "\"%s\" is not a date (YYYY-MM-DD)", date ? date : "");
    char now[32], old[16] = "";
    now_utc(now);
    char **serials = NULL;
    size_t n = 0, cap = 0;
    sqlite3_stmt *st = NULL;
    int rc = exec(a, "BEGIN IMMEDIATE");
    if (rc != DC_OK)
        return rc;
    rc = prep(a, &st, "SELECT batch_date FROM batches WHERE id = ?");
    if (rc == DC_OK) {
        sqlite3_bind_int64(st, 1, batch_id);
        if (sqlite3_step(st) == SQLITE_ROW)
            snprintf(old, sizeof old, "%s", col_str(st, 0) ? col_str(st, 0) : "");
        else
            rc = dc_error_set(DC_ERR_NOT_FOUND, "%s has no batch %lld", a->path, (long long)batch_id);
        sqlite3_finalize(st);
    }
    if (rc == DC_OK)
        rc = prep(a, &st, "SELECT serial FROM records WHERE batch_id = ? ORDER BY serial");
    if (rc == DC_OK) {
        sqlite3_bind_int64(st, 1, batch_id);
        while (rc == DC_OK && sqlite3_step(st) == SQLITE_ROW) {
            if (dc_grow(&serials, &cap, n, sizeof *serials, 16) != 0 || !(serials[n] = dc_strdup(col_str(st, 0))))
                rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
            else
                n++;
        }
        sqlite3_finalize(st);
    }
    /* every record first, also when the date is the same already: a record (or the batch's date)
     * altered outside dcaccess stops it before anything changes */
    for (size_t i = 0; i < n && rc == DC_OK; i++)
        rc = record_unaltered(a, serials[i]);
    const bool change = rc == DC_OK && strcmp(old, date) != 0;
    if (change) {
        if (rc == DC_OK)
            rc = prep(a, &st, "UPDATE batches SET batch_date = ? WHERE id = ?");
        if (rc == DC_OK) {
            bind_text(st, 1, date);
            sqlite3_bind_int64(st, 2, batch_id);
            if (sqlite3_step(st) != SQLITE_DONE)
                rc = db_fail(a, "changing the batch date");
            sqlite3_finalize(st);
        }
        if (rc == DC_OK)
            rc = redate_visit_dates(a, batch_id, old, date, date_context_conf, &got);
        for (size_t i = 0; i < n && rc == DC_OK; i++) {
            rec_pages p;
            dc_findings f = DC_FINDINGS_INIT;
            rc = record_correction(a, serials[i], "batch_date", old, date, "accepted", -1, who, why, now);
            if (rc == DC_OK)
                rc = record_pages(a, serials[i], &p, NULL, 0);
            if (rc == DC_OK)
                rc = fill_batch(a, &p);
            if (rc == DC_OK)
                rc = rebuild_record(a, rules, serials[i], &p, &f, who,
                                    "checked again with the rules in force when its batch date was changed");
            dc_findings_clear(&f);
        }
    }
    if (rc == DC_OK)
        rc = exec(a, "COMMIT");
    if (rc != DC_OK) {
        rollback(a);
        dc_error_wrap(rc, "setting the date of batch %lld: ", (long long)batch_id);
    } else if (out) {
        got.records = change ? n : 0;
        got.date_changed = change;
        *out = got;
    }
    dc_archive_strings_free(serials, n);
    return rc;
}

/* Stores a correction (who changed what from what to what, when and why) and chains it. Inside the
 * write's transaction. */
/* old_conf: the scanner's confidence in the value replaced; negative for none (the record's rules
 * or batch date, which no scan read). */
static int record_correction(dc_archive *a, const char *serial, const char *field, const char *old_value,
                             const char *new_value, const char *old_state, double old_conf, const char *who,
                             const char *why, const char *now)
{
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "INSERT INTO corrections(serial, field, old, new, old_state, who, at, why, old_conf) "
                          "VALUES(?,?,?,?,?,?,?,?,?)");
    if (rc != DC_OK)
        return rc;
    bind_text(st, 1, serial);
    bind_text(st, 2, field);
    bind_text(st, 3, old_value);
    bind_text(st, 4, new_value);
    bind_text(st, 5, old_state);
    bind_text(st, 6, who);
    bind_text(st, 7, now);
    bind_text(st, 8, why && *why ? why : NULL);
    if (old_conf >= 0)
        sqlite3_bind_double(st, 9, old_conf);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = db_fail(a, "recording the correction");
    sqlite3_finalize(st);
    if (rc != DC_OK)
        return rc;
    const int64_t cid = sqlite3_last_insert_rowid(a->db);
    char hex[65], idbuf[32], *text = NULL;
    rc = prep(a, &st, a->version >= 9 ? "SELECT " CORRECTION_COLUMNS " FROM corrections WHERE id=?"
                                      : "SELECT " CORRECTION_COLUMNS_8 " FROM corrections WHERE id=?");
    if (rc != DC_OK)
        return rc;
    sqlite3_bind_int64(st, 1, cid);
    rc = sqlite3_step(st) == SQLITE_ROW ? correction_payload_hash(st, hex, &text)
                                        : db_fail(a, "re-reading the correction");
    sqlite3_finalize(st);
    snprintf(idbuf, sizeof idbuf, "%lld", (long long)cid);
    if (rc == DC_OK)
        rc = chain_append(a, "correction", idbuf, hex, text);
    free(text);
    return rc;
}

static int copy_findings(dc_findings *dst, const dc_findings *src)
{
    dc_findings_clear(dst);
    for (size_t i = 0; i < src->n; i++) {
        const dc_finding *x = &src->items[i];
        int rc = dc_findings_add(dst, x->rule, x->field, x->row, x->sop_step, x->severity, x->message_id,
                                 x->message_en);
        if (rc != DC_OK)
            return rc;
    }
    return DC_OK;
}

static int correct(dc_archive *a, const dc_rules *rules, const char *serial, const char *field, const char *value,
                   const char *who, const char *why, bool only_in_review, dc_findings *before, dc_findings *after);

int dc_archive_correct(dc_archive *a, const dc_rules *rules, const char *serial, const char *field, const char *value,
                       const char *who, const char *why, dc_findings *before, dc_findings *after)
{
    return correct(a, rules, serial, field, value, who, why, false, before, after);
}

int dc_archive_answer_review(dc_archive *a, const dc_rules *rules, const char *serial, const char *field,
                             const char *value, const char *who, const char *why, dc_findings *before,
                             dc_findings *after)
{
    return correct(a, rules, serial, field, value, who, why, true, before, after);
}

static int correct(dc_archive *a, const dc_rules *rules, const char *serial, const char *field, const char *value,
                   const char *who, const char *why, bool only_in_review, dc_findings *before, dc_findings *after)
{
    int rc0 = dc_archive_check_signature(who, why);
    if (rc0 != DC_OK)
        return rc0;
    const char *form = NULL;
    char page_field[64];
    int rc = dc_record_field_source(&form, page_field, sizeof page_field, field);
    if (rc != DC_OK)
        return rc;
    char *norm = NULL;
    dc_findings old_f = DC_FINDINGS_INIT, new_f = DC_FINDINGS_INIT;
    sqlite3_stmt *st = NULL;
    char now[32];
    now_utc(now);
    rec_pages p;
    rc = exec(a, "BEGIN IMMEDIATE");
    if (rc != DC_OK)
        goto out;
    rc = record_pages(a, serial, &p, NULL, 0);
    if (rc == DC_OK)
        rc = record_unaltered(a, serial);
    if (rc != DC_OK)
        goto fail;
    int64_t page_id = strcmp(form, "access") == 0 ? p.access_id : p.checklist_id;
    if (!page_id) {
        rc = dc_error_set(DC_ERR_NOT_FOUND, "record %s has no %s page, so no field %s", serial, form, field);
        goto fail;
    }
    rc = load_findings(a, serial, &old_f);
    if (rc != DC_OK)
        goto fail;

    /* the old value; the scanner stores every field of the page's template, so a field it did not
     * store is not on this form (a device row the checklist does not have) */
    char *old_value = NULL, old_state[16] = "empty";
    double old_conf = -1;
    rc = prep(a, &st, "SELECT value, state, confidence FROM fields WHERE page_id=? AND field_id=?");
    if (rc != DC_OK)
        goto fail;
    sqlite3_bind_int64(st, 1, page_id);
    bind_text(st, 2, page_field);
    const bool on_page = sqlite3_step(st) == SQLITE_ROW;
    if (on_page) {
        old_value = col_dup(st, 0);
        snprintf(old_state, sizeof old_state, "%s", col_str(st, 1) ? col_str(st, 1) : "empty");
        /* the scanner's confidence; a value a person typed before has none */
        if (strcmp(old_state, "corrected") != 0)
            old_conf = sqlite3_column_double(st, 2);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (!on_page) {
        rc = dc_error_set(DC_ERR_NOT_FOUND, "the %s form has no such field", form);
        goto fail;
    }
    /* the value is judged once the field is known to be on the form: for device_9_serial on a
     * checklist of 8 rows, the missing row is what is wrong, whatever was typed */
    rc = dc_record_validate_written(&norm, field, value);
    if (rc != DC_OK) {
        free(old_value);
        rollback(a);
        goto out;
    }
    /* an answer to a review list is written only while the field is in review, judged inside the
     * transaction that writes it: two people reviewing at once overwrote each other's answers */
    if (only_in_review && strcmp(old_state, "review") != 0) {
        free(old_value);
        rc = dc_error_set(DC_ERR_CHANGED, "%s of %s is no longer in review (corrected meanwhile)", field, serial);
        goto fail;
    }

    rc = prep(a, &st, "INSERT INTO fields(page_id, field_id, value, confidence, state) VALUES(?,?,?,1.0,'corrected') "
                      "ON CONFLICT(page_id, field_id) DO UPDATE SET value=excluded.value, confidence=1.0, "
                      "state='corrected'");
    if (rc == DC_OK) {
        sqlite3_bind_int64(st, 1, page_id);
        bind_text(st, 2, page_field);
        bind_text(st, 3, norm);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = db_fail(a, "correcting the field");
        sqlite3_finalize(st);
        st = NULL;
    }
    if (rc == DC_OK)
        rc = record_correction(a, serial, field, old_value, norm, old_state, old_conf, who, why, now);
    free(old_value);
    if (rc == DC_OK) {
        char cause[128];
        snprintf(cause, sizeof cause, "checked again with the rules in force when %s was corrected", field);
        rc = rebuild_record(a, rules, serial, &p, &new_f, who, cause);
    }
    if (rc == DC_OK)
        rc = exec(a, "COMMIT");
    if (rc != DC_OK)
        goto fail;
    if (before)
        rc = copy_findings(before, &old_f);
    if (rc == DC_OK && after)
        rc = copy_findings(after, &new_f);
    goto out;
fail:
    rollback(a);
    dc_error_wrap(rc, "correcting %s %s: ", serial, field);
out:
    free(norm);
    dc_findings_clear(&old_f);
    dc_findings_clear(&new_f);
    return rc;
}

int dc_archive_recheck(dc_archive *a, const dc_rules *rules, const char *serial, const char *who, const char *why,
                       dc_findings *before, dc_findings *after, bool *other_rules)
{
    *other_rules = false;
    int rc = dc_archive_check_signature(who, why);
    if (rc != DC_OK)
        return rc;
    char was[DC_RULES_TEXT_MAX], now_rules[DC_RULES_TEXT_MAX];
    if ((rc = dc_rules_stamp(rules, now_rules, sizeof now_rules)) != DC_OK)
        return rc;
    dc_findings old_f = DC_FINDINGS_INIT, new_f = DC_FINDINGS_INIT;
    rec_pages p;
    rc = exec(a, "BEGIN IMMEDIATE");
    if (rc != DC_OK)
        return rc;
    rc = record_pages(a, serial, &p, NULL, 0);
    if (rc == DC_OK)
        rc = record_unaltered(a, serial);
    bool recorded = false;
    if (rc == DC_OK)
        rc = record_rules(a, serial, was, sizeof was, &recorded);
    if (rc == DC_OK)
        *other_rules = !recorded || strcmp(was, now_rules) != 0;
    if (rc == DC_OK && *other_rules) {
        rc = load_findings(a, serial, &old_f);
        if (rc == DC_OK)
            rc = rebuild_record(a, rules, serial, &p, &new_f, who, why ? why : "checked again with dcaccess recheck");
    }
    if (rc == DC_OK)
        rc = exec(a, "COMMIT");
    if (rc != DC_OK) {
        rollback(a);
        *other_rules = false;
        dc_error_wrap(rc, "checking %s again: ", serial);
    } else if (*other_rules) {
        if (before)
            rc = copy_findings(before, &old_f);
        if (rc == DC_OK && after)
            rc = copy_findings(after, &new_f);
    }
    dc_findings_clear(&old_f);
    dc_findings_clear(&new_f);
    return rc;
}

/* ---- verification ---- */

bool dc_archive_head_form_ok(const char *head)
{
    const size_t n = strlen(head);
    return n >= 12 && n <= 64 && strspn(head, "0123456789abcdefABCDEF") == n;
}

int dc_archive_find_head(dc_archive *a, const char *head, long long *seq, char full[65], char at[32],
                         bool *at_sealed)
{
    *seq = 0;
    full[0] = at[0] = '\0';
    *at_sealed = false;
    if (!dc_archive_head_form_ok(head))
        return dc_error_set(DC_ERR_VALUE, "chain head \"%s\": give 12 to 64 of its hex digits", head);
    char want[65];
    const size_t n = strlen(head);
    for (size_t i = 0; i <= n; i++)
        want[i] = (char)tolower((unsigned char)head[i]);
    sqlite3_stmt *st = NULL;
    long long sealed_from;
    bool no_mark;
    int rc = at_sealed_from(a, &sealed_from, &no_mark);
    if (rc != DC_OK)
        return rc;
    rc = prep(a, &st, "SELECT seq, hash, at FROM chain WHERE substr(hash, 1, ?) = ? ORDER BY seq LIMIT 2");
    if (rc != DC_OK)
        return rc;
    sqlite3_bind_int(st, 1, (int)n);
    bind_text(st, 2, want);
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW) {
        *seq = sqlite3_column_int64(st, 0);
        snprintf(full, 65, "%s", col_str(st, 1) ? col_str(st, 1) : "");
        snprintf(at, 32, "%s", col_str(st, 2) ? col_str(st, 2) : "");
        *at_sealed = *seq >= sealed_from;
        s = sqlite3_step(st);
        if (s == SQLITE_ROW)
            rc = dc_error_set(DC_ERR_VALUE, "chain head \"%s\" names more than one entry: give more of its digits",
                              head);
        else if (s != SQLITE_DONE)
            rc = db_fail(a, "looking for a chain head");
    } else if (s == SQLITE_DONE) {
        rc = dc_error_set(DC_ERR_NOT_FOUND, "chain head %s is not in the chain", want);
    } else {
        rc = db_fail(a, "looking for a chain head");
    }
    sqlite3_finalize(st);
    return rc;
}

void dc_archive_problems_clear(dc_archive_problems *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++)
        free(p->items[i]);
    free(p->items);
    memset(p, 0, sizeof *p);
}

static int problem(dc_archive_problems *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int problem(dc_archive_problems *p, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char **items = realloc(p->items, (p->n + 1) * sizeof *items);
    if (!items)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    p->items = items;
    /* a value or file name an older dcaccess stored, or one put in behind its back, may hold bytes
     * that are not UTF-8: the audit report shows these lines, and must stay whole */
    p->items[p->n] = dc_text_clean(buf, 0);
    if (!p->items[p->n])
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    p->n++;
    return DC_OK;
}

/* ---- what differs from a chain entry ---- */

/* A payload as the chain keeps it (sb_finish: "<length>:<entry>" one after the other) split by
 * unframe() into its entries e->v, each without its last line break (free with entries_free).
 * *raw (may be NULL) gets the payload itself, the entries one after the other, whose SHA-256 is
 * the entry's payload_hash (caller frees). false when `kept` is not in that form, or on no memory. */
typedef struct entries {
    char **v;
    size_t n;
    char *buf;
} entries;

static void entries_free(entries *e)
{
    free(e->v);
    free(e->buf);
    memset(e, 0, sizeof *e);
}

static bool unframe(const char *kept, entries *e, char **raw)
{
    memset(e, 0, sizeof *e);
    const size_t len = strlen(kept);
    size_t cap = 0, at = 0, o = 0;
    e->buf = malloc(len + 1);
    char *r = raw ? malloc(len + 1) : NULL;
    bool ok = e->buf && (!raw || r);
    while (ok && at < len) {
        char *end = NULL;
        errno = 0;
        const unsigned long long n = strtoull(kept + at, &end, 10);
        ok = end != kept + at && *end == ':' && errno == 0 && n > 0 && n <= len - (size_t)(end + 1 - kept);
        if (!ok)
            break;
        const char *body = end + 1;
        if (r)
            memcpy(r + o, body, (size_t)n);
        ok = dc_grow(&e->v, &cap, e->n, sizeof *e->v, 32) == 0;
        if (!ok)
            break;
        char *dst = e->buf + o;   /* the entries' texts, each ended by a NUL where its line break was */
        memcpy(dst, body, (size_t)n);
        dst[n - 1] = dst[n - 1] == '\n' ? '\0' : dst[n - 1];
        if (dst[n - 1])   /* an entry always ends with a line break: this is not dcaccess's form */
            ok = false;
        e->v[e->n++] = dst;
        o += (size_t)n;
        at = (size_t)(body + n - kept);
    }
    if (ok && raw) {
        r[o] = '\0';
        *raw = r;
    } else {
        free(r);
    }
    if (!ok)
        entries_free(e);
    return ok;
}

/* Whether `kept` (a payload as the chain keeps it) is in that form and its entries, one after the
 * other, hash to payload_hash. Its entries into *e when e is not NULL and it does (entries_free). */
static bool kept_matches(const char *kept, const char *payload_hash, entries *e)
{
    entries tmp;
    entries *into = e ? e : &tmp;
    char *raw = NULL, hex[65];
    if (!unframe(kept, into, &raw))
        return false;
    dc_sha256_hex(raw, strlen(raw), hex);
    free(raw);
    const bool ok = strcmp(hex, payload_hash) == 0;
    if (!ok || !e)
        entries_free(into);
    return ok;
}

/* Whether the payload chain entry `seq` keeps starts with `framed` (its first entry in the kept
 * form, "4:v=3\n"): which payload version the entry was made with, for naming what differs.
 * false when it keeps none (made before schema 9) or cannot be read. */
static bool kept_starts(dc_archive *a, long long seq, const char *framed)
{
    sqlite3_stmt *st = NULL;
    if (a->version < 9 || prep(a, &st, "SELECT substr(payload, 1, length(?2)) = ?2 FROM chain WHERE seq = ?1") != DC_OK) {
        dc_error_clear();
        return false;
    }
    sqlite3_bind_int64(st, 1, seq);
    bind_text(st, 2, framed);
    const bool yes = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
    sqlite3_finalize(st);
    return yes;
}

/* The length of an entry's key: "m:<i>" for a finding's SOP step and messages, the text before
 * its first '=' for a key's entry; 0 for a finding's line ("x:..."), which is its own key. */
static size_t entry_key(const char *e)
{
    if (strncmp(e, "x:", 2) == 0)
        return 0;
    if (strncmp(e, "m:", 2) == 0) {
        const char *colon = strchr(e + 2, ':');
        return colon ? (size_t)(colon - e) : 0;
    }
    const char *eq = strchr(e, '=');
    return eq ? (size_t)(eq - e) : 0;
}

/* "exit_time", "confidence of exit_time", ... for a payload key, into buf. */
static void key_label(char *buf, size_t len, const char *key, size_t k)
{
    static const struct { const char *prefix, *label; } kinds[] = {
        {"f:", ""}, {"c:", "confidence of "}, {"b:", "why it accepted "}, {"r:", "what it read in "},
        {"i:", "scanned image of "}, {"w:", "text stored for "},
    };
    if (k > 2 && strncmp(key, "t:", 2) == 0) {
        snprintf(buf, len, "thumbnail of the %.*s page", (int)(k - 2), key + 2);
        return;
    }
    if (k > 3 && strncmp(key, "tv:", 3) == 0) {
        snprintf(buf, len, "form version of the %.*s page", (int)(k - 3), key + 3);
        return;
    }
    if (k > 2 && strncmp(key, "m:", 2) == 0) {   /* findings are numbered from 0 in the payload */
        snprintf(buf, len, "SOP step and messages of finding %ld", strtol(key + 2, NULL, 10) + 1);
        return;
    }
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (k > 2 && strncmp(key, kinds[i].prefix, 2) == 0) {
            snprintf(buf, len, "%s%.*s", kinds[i].label, (int)(k - 2), key + 2);
            return;
        }
    snprintf(buf, len, "%.*s", (int)k, key);
}

/* The value part of a payload item's value: a field's "state:value" without its state. */
static const char *value_part(const char *v, bool field)
{
    const char *colon = field ? strchr(v, ':') : NULL;
    return colon ? colon + 1 : v;
}

/* Where two values should be shown from so that a difference past the 40 bytes a message shows
 * is seen: 0 when they differ early enough, else a character's start 10 bytes before the first
 * difference (both are alike up to it). */
static size_t shown_from(const char *v1, const char *v2, bool field)
{
    const char *a = value_part(v1, field), *b = value_part(v2, field);
    size_t d = 0;
    while (a[d] && a[d] == b[d])
        d++;
    if (d <= 30)
        return 0;
    size_t from = d - 10;
    while (from > 0 && ((unsigned char)a[from] & 0xC0) == 0x80)
        from--;
    return from;
}

/* A value as a message shows it, from byte `from` of its value ("..." before it when not 0),
 * quoted and cut at 40 bytes (at a character's start); a field's "state:value" as
 * "\"value\" (state)". */
static void value_shown(char *buf, size_t len, const char *v, bool field, size_t from)
{
    const char *colon = field ? strchr(v, ':') : NULL;
    const char *val = value_part(v, field) + from;
    char state[32] = "";
    if (colon)
        snprintf(state, sizeof state, " (%.*s)", (int)(colon - v) < 20 ? (int)(colon - v) : 20, v);
    char shown[48];   /* up to 40 bytes, cut at a character's start, a line break as \n */
    size_t o = 0;
    const char *c = val;
    for (; *c && o < 40; c++) {
        if (*c == '\n') {
            shown[o++] = '\\';
            shown[o++] = 'n';
        } else {
            shown[o++] = *c;
        }
    }
    /* back to a character's start: at most 3 bytes (more are not UTF-8, and are kept) */
    for (int back = 0; *c && o && back < 3 && ((unsigned char)*c & 0xC0) == 0x80; back++)
        c--, o--;
    shown[o] = '\0';
    snprintf(buf, len, "\"%s%s%s\"%s", from ? "..." : "", shown, *c ? "..." : "", state);
}

/* An image's SHA-256 as a message shows it: its first 12 hex digits (enough to tell two images
 * apart), "none" for a page kept without a thumbnail, "no image" when the entry is missing. */
static void digest_shown(char *buf, size_t len, const char *v)
{
    if (!v)
        snprintf(buf, len, "no image");
    else if (strcmp(v, "none") == 0)
        snprintf(buf, len, "none");
    else
        snprintf(buf, len, "%.12s...", v);
}

/* One difference, as verify names it, appended to out (at most 3; the rest counted in *more). */
static void name_difference(char *out, size_t len, size_t *shown, size_t *more, const char *chained,
                            const char *now)
{
    if (*shown == 3) {
        (*more)++;
        return;
    }
    const char *e = chained ? chained : now;
    const size_t k = entry_key(e);
    const bool field = e[0] == 'f' && e[1] == ':';
    /* an image's SHA-256: its first 12 hex digits say it is another image */
    const bool digest = (e[0] == 'i' || e[0] == 't') && e[1] == ':';
    char item[320], v1[80], v2[80], label[128];
    if (!k) {   /* x:rule:field:row:severity */
        char rule[64] = "", fid[64] = "", sev[32] = "";
        int row = 0;
        sscanf(e + 2, "%63[^:]:%63[^:]", rule, fid);
        const char *rest = strchr(e + 2, ':');
        rest = rest ? strchr(rest + 1, ':') : NULL;
        if (rest)
            sscanf(rest + 1, "%d:%31s", &row, sev);
        char where[96] = "";
        if (*fid)
            snprintf(where, sizeof where, " on %s", fid);
        else if (row > 0)
            snprintf(where, sizeof where, " on device row %d", row);
        snprintf(item, sizeof item, "%s finding %s%s (%s): %s", *shown ? ";" : "", rule, where, sev,
                 chained ? "chained, now missing" : "now, not chained");
    } else {
        key_label(label, sizeof label, e, k);
        if (digest) {
            digest_shown(v1, sizeof v1, chained ? chained + k + 1 : NULL);
            digest_shown(v2, sizeof v2, now ? now + k + 1 : NULL);
            snprintf(item, sizeof item, "%s %s: chained %s, now %s", *shown ? ";" : "", label, v1, v2);
        } else if (chained && now) {
            const size_t from = shown_from(chained + k + 1, now + k + 1, field);
            value_shown(v1, sizeof v1, chained + k + 1, field, from);
            value_shown(v2, sizeof v2, now + k + 1, field, from);
            snprintf(item, sizeof item, "%s %s: chained %s, now %s", *shown ? ";" : "", label, v1, v2);
        } else {
            value_shown(v1, sizeof v1, e + k + 1, field, 0);
            snprintf(item, sizeof item, "%s %s: %s %s, %s", *shown ? ";" : "", label, chained ? "chained" : "now",
                     v1, chained ? "now missing" : "not chained");
        }
    }
    const size_t at = strlen(out);
    if (at < len)
        snprintf(out + at, len - at, "%s", item);
    (*shown)++;
}

/* What differs between the payload that chain entry `seq` keeps and `now_kept` (the same payload
 * built from the tables as they are, in the kept form), for a verify message: "; what differs:
 * exit_time: chained \"10:40\", now \"10:50\"". "" when the entry keeps no payload (made before
 * schema 9) or the archive cannot say. What an entry keeps is used only while the entry's own
 * hash still seals it: otherwise whoever altered the entry chose it, and a note says so. */
static void chain_diff(dc_archive *a, long long seq, const char *now_kept, char *out, size_t len)
{
    out[0] = '\0';
    if (a->version < 9 || !now_kept)
        return;
    sqlite3_stmt *st = NULL;
    long long sealed_from;
    bool no_mark;
    if (at_sealed_from(a, &sealed_from, &no_mark) != DC_OK ||
        prep(a, &st, "SELECT payload, prev_hash, kind, ref, payload_hash, hash, at FROM chain WHERE seq = ?") != DC_OK) {
        dc_error_clear();
        return;
    }
    sqlite3_bind_int64(st, 1, seq);
    if (sqlite3_step(st) != SQLITE_ROW || !col_str(st, 0)) {
        sqlite3_finalize(st);
        return;
    }
    char sealed[65];
    entry_hash(col_str(st, 1) ? col_str(st, 1) : "", col_str(st, 2) ? col_str(st, 2) : "",
               col_str(st, 3) ? col_str(st, 3) : "", col_str(st, 4) ? col_str(st, 4) : "",
               seq >= sealed_from ? (col_str(st, 6) ? col_str(st, 6) : "") : NULL, sealed);
    const bool entry_ok = col_str(st, 5) && strcmp(sealed, col_str(st, 5)) == 0;
    entries was, now;
    const bool kept_ok = kept_matches(col_str(st, 0), col_str(st, 4) ? col_str(st, 4) : "", &was);
    sqlite3_finalize(st);
    if (!entry_ok || !kept_ok) {
        snprintf(out, len, !entry_ok ? "; what the entry keeps is not shown: the entry itself was altered"
                                     : "; the content the entry keeps does not match its hash either (altered too)");
        if (kept_ok)
            entries_free(&was);
        return;
    }
    if (!unframe(now_kept, &now, NULL)) {
        entries_free(&was);
        return;
    }
    /* the same entries on both sides, each matched once (a finding stored twice is one more) */
    bool *used_w = calloc(was.n + 1, 1), *used_n = calloc(now.n + 1, 1);
    size_t shown = 0, more = 0, left = 0;
    char msg[128] = "";
    if (!used_w || !used_n)
        goto done;
    for (size_t i = 0; i < was.n; i++)
        for (size_t j = 0; j < now.n && !used_w[i]; j++)
            if (!used_n[j] && strcmp(was.v[i], now.v[j]) == 0)
                used_w[i] = used_n[j] = true;
    /* a finding's step and messages that only moved with it (their number changed) */
    for (size_t i = 0; i < was.n; i++) {
        const size_t k = entry_key(was.v[i]);
        for (size_t j = 0; !used_w[i] && k > 2 && was.v[i][0] == 'm' && j < now.n; j++) {
            const size_t kj = entry_key(now.v[j]);
            if (!used_n[j] && kj > 2 && now.v[j][0] == 'm' && strcmp(now.v[j] + kj, was.v[i] + k) == 0)
                used_w[i] = used_n[j] = true;
        }
    }
    for (size_t i = 0; i < was.n; i++)
        left += !used_w[i];
    for (size_t j = 0; j < now.n; j++)
        left += !used_n[j];
    snprintf(out, len, "; what differs:");
    if (!left) {   /* the same entries in another order: findings stored again, outside dcaccess */
        snprintf(out, len, "; what differs: only the order of its entries (its findings stored again in another "
                           "order?)");
        goto done;
    }
    for (int pass = 0; pass < 2; pass++) {   /* entries as chained (paired with now's by key), then now's */
        entries *from = pass ? &now : &was, *to = pass ? &was : &now;
        bool *used_f = pass ? used_n : used_w, *used_t = pass ? used_w : used_n;
        for (size_t i = 0; i < from->n; i++) {
            if (used_f[i])
                continue;
            used_f[i] = true;
            const char *e = from->v[i];
            const size_t k = entry_key(e);
            if (k > 2 && e[0] == 'm' && e[1] == ':') {   /* named only when nothing else differs */
                if (!msg[0])
                    key_label(msg, sizeof msg, e, k);
                continue;
            }
            const char *other = NULL;
            for (size_t j = 0; k && j < to->n && !other; j++)
                if (!used_t[j] && entry_key(to->v[j]) == k && strncmp(to->v[j], e, k) == 0) {
                    other = to->v[j];
                    used_t[j] = true;
                }
            name_difference(out, len, &shown, &more, pass ? other : e, pass ? e : other);
        }
    }
    if (more) {
        const size_t at = strlen(out);
        if (at < len)
            snprintf(out + at, len - at, "; and %zu more", more);
    } else if (!shown) {
        snprintf(out, len, "; what differs: the %s", msg);
    }
done:
    free(used_w);
    free(used_n);
    entries_free(&was);
    entries_free(&now);
}

/* The newest chain entry per ref of one kind. */
typedef struct latest {
    char *ref;
    char payload_hash[65];
    long long seq;
    bool seen; /* matched a table row */
} latest;

typedef struct latest_set {
    latest *v;
    size_t n, cap;
} latest_set;

static int cmp_latest_ref(const void *a, const void *b)
{
    return strcmp(((const latest *)a)->ref, ((const latest *)b)->ref);
}

static int cmp_latest(const void *a, const void *b)
{
    const latest *x = a, *y = b;
    int c = strcmp(x->ref, y->ref);
    if (c)
        return c;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Binary search; valid after latest_finish(). */
static latest *latest_find(latest_set *s, const char *ref)
{
    latest key = {(char *)ref, "", 0, false};
    return s->n ? bsearch(&key, s->v, s->n, sizeof *s->v, cmp_latest_ref) : NULL;
}

static int latest_put(latest_set *s, const char *ref, const char *payload_hash, long long seq)
{
    if (dc_grow(&s->v, &s->cap, s->n, sizeof *s->v, 64) != 0)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    latest *l = &s->v[s->n];
    memset(l, 0, sizeof *l);
    l->ref = dc_strdup(ref);
    if (!l->ref)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    snprintf(l->payload_hash, sizeof l->payload_hash, "%s", payload_hash ? payload_hash : "");
    l->seq = seq;
    s->n++;
    return DC_OK;
}

/* Keeps only the newest entry per ref, sorted by ref (O(n log n) for large archives). */
static void latest_finish(latest_set *s)
{
    if (s->n > 1)
        qsort(s->v, s->n, sizeof *s->v, cmp_latest);
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (k && strcmp(s->v[k - 1].ref, s->v[i].ref) == 0) {
            free(s->v[k - 1].ref);
            s->v[k - 1] = s->v[i]; /* later seq sorts last */
        } else {
            s->v[k++] = s->v[i];
        }
    }
    s->n = k;
}

static void latest_free(latest_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i].ref);
    free(s->v);
}

static int verify_chain(dc_archive *a, dc_archive_problems *p, latest_set *recs, latest_set *corrs,
                        latest_set *pages, latest_set *prints, latest_set *marks)
{
    sqlite3_stmt *st = NULL;
    long long sealed_from;
    bool no_mark;
    int rc = at_sealed_from(a, &sealed_from, &no_mark);
    if (rc == DC_OK && no_mark)
        rc = problem(p, "the chain does not say from which entry on each entry's hash seals the time it was made "
                        "(chain_meta 'at_sealed_from' deleted outside dcaccess)");
    if (rc != DC_OK)
        return rc;
    rc = prep(a, &st, a->version >= 9 ? "SELECT seq, kind, ref, payload_hash, prev_hash, hash, payload, at FROM chain "
                                        "ORDER BY seq"
                                      : "SELECT seq, kind, ref, payload_hash, prev_hash, hash, NULL, at FROM chain "
                                        "ORDER BY seq");
    if (rc != DC_OK)
        return rc;
    char prev[65] = "", hex[65];
    long long expect = 1;
    int s;
    while (rc == DC_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
        long long seq = sqlite3_column_int64(st, 0);
        const char *kind = col_str(st, 1) ? col_str(st, 1) : "";
        const char *ref = col_str(st, 2) ? col_str(st, 2) : "";
        const char *ph = col_str(st, 3) ? col_str(st, 3) : "";
        const char *prev_hash = col_str(st, 4) ? col_str(st, 4) : "";
        const char *hash = col_str(st, 5) ? col_str(st, 5) : "";
        p->chain_entries++;
        if (seq != expect)
            rc = problem(p, "chain entries #%lld..#%lld are missing (deleted from the chain)", expect, seq - 1);
        if (rc == DC_OK && strcmp(prev_hash, prev) != 0)
            rc = problem(p, "chain entry #%lld (%s %s): does not link to the entry before it (altered or inserted)",
                         seq, kind, ref);
        const bool sealed = seq >= sealed_from;
        entry_hash(prev_hash, kind, ref, ph, sealed ? (col_str(st, 7) ? col_str(st, 7) : "") : NULL, hex);
        if (rc == DC_OK && strcmp(hex, hash) != 0)
            rc = problem(p, sealed ? "chain entry #%lld (%s %s): hash does not match its content or the time it was "
                                     "made (altered)"
                                   : "chain entry #%lld (%s %s): hash does not match its content (altered)",
                         seq, kind, ref);
        /* the content it keeps (schema 9) is what it hashed: an auditor may read it */
        const char *kept = col_str(st, 6);
        if (rc == DC_OK && kept && !kept_matches(kept, ph, NULL))
            rc = problem(p, "chain entry #%lld (%s %s): the content it keeps does not match its hash (altered)", seq,
                         kind, ref);
        if (rc == DC_OK && strcmp(kind, "record") == 0)
            rc = latest_put(recs, ref, ph, seq);
        else if (rc == DC_OK && strcmp(kind, "correction") == 0)
            rc = latest_put(corrs, ref, ph, seq);
        else if (rc == DC_OK && strcmp(kind, "page") == 0)
            rc = latest_put(pages, ref, ph, seq);
        else if (rc == DC_OK && strcmp(kind, "print") == 0 && a->version >= 12)
            rc = latest_put(prints, ref, ph, seq);
        else if (rc == DC_OK && strcmp(kind, "mark") == 0 && a->version >= MARKS_SEALED_SINCE) {
            /* the upgrade to schema 13 writes a mark once, and nothing changes it after: a second
             * one (a forger's raising the mark, at the chain's end where it breaks no link) says so */
            for (size_t i = 0; i < marks->n && rc == DC_OK; i++)
                if (strcmp(marks->v[i].ref, ref) == 0)
                    rc = problem(p, "chain entry #%lld: a second mark %s (after entry #%lld; dcaccess writes one, at "
                                    "the upgrade to schema 13): inserted",
                                 seq, ref, marks->v[i].seq);
            if (rc == DC_OK)
                rc = latest_put(marks, ref, ph, seq);
        }
        else if (rc == DC_OK)
            rc = problem(p, "chain entry #%lld: unknown kind \"%s\" (inserted)", seq, kind);
        snprintf(prev, sizeof prev, "%s", hash);
        expect = seq + 1;
    }
    if (rc == DC_OK && s != SQLITE_DONE)
        rc = db_fail(a, "reading the chain");
    sqlite3_finalize(st);
    snprintf(p->head_hash, sizeof p->head_hash, "%s", prev);
    latest_finish(recs);
    latest_finish(corrs);
    latest_finish(pages);
    latest_finish(prints);
    latest_finish(marks);
    for (size_t i = 0; i < marks->n && rc == DC_OK; i++) {
        bool known_mark = false;
        for (size_t k = 0; k < N_SEALED_MARKS; k++)
            known_mark = known_mark || strcmp(marks->v[i].ref, sealed_marks[k]) == 0;
        if (!known_mark)
            rc = problem(p, "chain entry #%lld: unknown mark \"%s\" (inserted)", marks->v[i].seq, marks->v[i].ref);
    }
    return rc;
}

/* The value the chain seals for mark `key` (schema 13): that of its newest entry (in *seq), or 1
 * with *seq 0 when it has none. *value is 0 when the entry keeps no value that reads (its kept
 * payload is checked against its hash by verify_chain). */
static int sealed_mark(dc_archive *a, latest_set *marks, const char *key, long long *value, long long *seq)
{
    latest *l = latest_find(marks, key);
    *value = 1;
    *seq = l ? l->seq : 0;
    if (!l)
        return DC_OK;
    *value = 0;
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "SELECT payload FROM chain WHERE seq = ?");
    if (rc != DC_OK)
        return rc;
    sqlite3_bind_int64(st, 1, l->seq);
    entries e;
    if (sqlite3_step(st) == SQLITE_ROW && col_str(st, 0) && kept_matches(col_str(st, 0), l->payload_hash, &e)) {
        char want[96];
        snprintf(want, sizeof want, "key=%s", key);
        bool this_key = false;
        for (size_t i = 0; i < e.n; i++) {
            char *end = NULL;
            if (strcmp(e.v[i], want) == 0)
                this_key = true;
            else if (strncmp(e.v[i], "value=", 6) == 0) {
                errno = 0;
                const long long v = strtoll(e.v[i] + 6, &end, 10);
                if (end != e.v[i] + 6 && !*end && errno == 0 && v >= 1)
                    *value = v;
            }
        }
        if (!this_key)
            *value = 0;
        entries_free(&e);
    }
    sqlite3_finalize(st);
    return DC_OK;
}

/* The first id of `things` (pages that make no record, prints) from which on each must have chain
 * entries (mark `key`, set by the upgrade to schema `since`). From schema 13 it is the value the
 * chain seals, which chain_meta's row must say: raised there, it hid one inserted below it. Before,
 * it is the row, or 1 when the row was deleted. Each way the row differs is named. */
static int chained_from(dc_archive *a, dc_archive_problems *p, latest_set *marks, const char *key, const char *thing,
                        const char *things, long long *from)
{
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "SELECT value FROM chain_meta WHERE key = ?");
    if (rc != DC_OK)
        return rc;
    bind_text(st, 1, key);
    const bool marked = sqlite3_step(st) == SQLITE_ROW;
    const long long row = marked ? sqlite3_column_int64(st, 0) : 1;
    sqlite3_finalize(st);
    *from = row;
    if (!marked)
        rc = problem(p, "chain_meta '%s', which says from which %s on %s are chained, is missing (deleted outside "
                        "dcaccess)",
                     key, thing, things);
    if (rc != DC_OK || a->version < MARKS_SEALED_SINCE)
        return rc;
    long long sealed, seq;
    rc = sealed_mark(a, marks, key, &sealed, &seq);
    if (rc != DC_OK)
        return rc;
    if (sealed == 0) {
        *from = 1;   /* the strictest: every one */
        return problem(p, "chain entry #%lld (mark %s) keeps no value that reads: %s are checked from the first %s on",
                       seq, key, things, thing);
    }
    *from = sealed;
    if (marked && row != sealed) {
        if (seq)
            rc = problem(p, "chain_meta '%s' says %s are chained from %s #%lld on, but the chain says from #%lld on "
                            "(entry #%lld): changed outside dcaccess; checked from #%lld on",
                         key, things, thing, row, sealed, seq, sealed);
        else
            rc = problem(p, "chain_meta '%s' says %s are chained from %s #%lld on, but the chain says every one is "
                            "(no entry marks another): changed outside dcaccess; checked from the first on",
                         key, things, thing, row);
    }
    return rc;
}

/* The serial ranges printed, against their chain entries (schema 12): each recorded since prints
 * were chained must have one that matches, and each entry a print, unless its newest entry says
 * it was taken back. */
static int verify_prints(dc_archive *a, dc_archive_problems *p, latest_set *prints, latest_set *marks)
{
    if (a->version < 12)
        return DC_OK;
    sqlite3_stmt *st = NULL;
    long long from;
    int rc = chained_from(a, p, marks, "prints_chained_from", "print", "the serials printed", &from);
    /* the mark raised before it was chained (schema 13) made a print inserted since the upgrade to
     * 12 look recorded before it. Print ids only grow from it on (the upgrade set it above every
     * print then), so none chained is below it, and every print from the first chained is */
    long long first_chained = LLONG_MAX;
    if (rc == DC_OK)
        rc = prep(a, &st, "SELECT min(CAST(ref AS INTEGER)) FROM chain WHERE kind = 'print'");
    if (rc == DC_OK) {
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
            first_chained = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        st = NULL;
        if (first_chained < from)
            rc = problem(p, "print #%lld is chained, though the mark 'prints_chained_from' says the serials printed "
                            "are chained from print #%lld on: the mark was raised outside dcaccess",
                         first_chained, from);
    }
    if (rc == DC_OK)
        rc = prep(a, &st, "SELECT id, first, last, form FROM printed WHERE id >= ?1 ORDER BY id");
    if (rc != DC_OK)
        return rc;
    sqlite3_bind_int64(st, 1, first_chained < from ? first_chained : from);   /* every chained print is from it on */
    int s;
    while (rc == DC_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
        char ref[32], hex[65], what[96];
        const long long id = sqlite3_column_int64(st, 0);
        snprintf(ref, sizeof ref, "%lld", id);
        snprintf(what, sizeof what, "print #%lld (serials %06lld-%06lld, %s)", id, (long long)sqlite3_column_int64(st, 1),
                 (long long)sqlite3_column_int64(st, 2), TEXT_COL(3));
        latest *l = latest_find(prints, ref);
        rc = print_payload_hash(a, id, hex, NULL);
        if (rc != DC_OK)
            break;
        if (!l) {
            rc = problem(p, "%s: not in the hash chain (inserted or changed outside dcaccess)", what);
            continue;
        }
        l->seen = true;
        if (strcmp(l->payload_hash, hex) != 0) {
            char *text = NULL, diff[640] = "";
            if (print_payload_hash(a, id, hex, &text) == DC_OK)
                chain_diff(a, l->seq, text, diff, sizeof diff);
            else
                dc_error_clear();
            free(text);
            rc = problem(p, "%s: differs from chain entry #%lld (altered)%s", what, l->seq, diff);
        }
    }
    if (rc == DC_OK && s != SQLITE_DONE)
        rc = db_fail(a, "reading the serials printed");
    sqlite3_finalize(st);
    char released[65];
    if (rc == DC_OK)
        rc = print_released_hash(released, NULL);
    for (size_t i = 0; i < prints->n && rc == DC_OK; i++)
        if (!prints->v[i].seen && strcmp(prints->v[i].payload_hash, released) != 0)
            rc = problem(p, "print #%s: in the hash chain (entry #%lld) but missing from the archive (deleted)",
                         prints->v[i].ref, prints->v[i].seq);
    return rc;
}

/* The pages that make no record, against their chain entries: each stored since pages were
 * chained (schema 5) must have one that matches, and each entry a page. */
static int verify_pages(dc_archive *a, dc_archive_problems *p, latest_set *pages, latest_set *marks)
{
    long long from = 0;
    sqlite3_stmt *st = NULL;
    int rc = DC_OK;
    if (a->version >= 5) {
        rc = chained_from(a, p, marks, "pages_chained_from", "page", "the pages that make no record", &from);
        /* and a form page read again after it was rejected, which has entries of its own */
        if (rc == DC_OK)
            rc = prep(a, &st, "SELECT id, file, page, status FROM pages WHERE (status <> 'form' AND id >= ?) OR id "
                              "IN (SELECT CAST(ref AS INTEGER) FROM chain WHERE kind = 'page') ORDER BY id");
        if (rc != DC_OK)
            return rc;
        sqlite3_bind_int64(st, 1, from);
        int s;
        while (rc == DC_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
            char ref[32], hex[65];
            const long long id = sqlite3_column_int64(st, 0);
            snprintf(ref, sizeof ref, "%lld", id);
            const char *file = col_str(st, 1) ? col_str(st, 1) : "";
            const int page = sqlite3_column_int(st, 2);
            const char *status = col_str(st, 3) ? col_str(st, 3) : "";
            latest *l = latest_find(pages, ref);
            /* an entry made before version 2 is checked as it was made */
            rc = page_payload_hash(a, id, PAGE_PAYLOAD_VERSION, hex, NULL);
            if (rc == DC_OK && l && strcmp(l->payload_hash, hex) != 0)
                rc = page_payload_hash(a, id, 1, hex, NULL);
            if (rc != DC_OK)
                rc = problem(p, "page %s (%s page %d): cannot be read: %s", ref, file, page, dc_error_detail());
            else if (!l)
                rc = problem(p, "%s page %d (%s): not in the hash chain (inserted or changed outside dcaccess)", file,
                             page, status);
            else {
                l->seen = true;
                if (strcmp(l->payload_hash, hex) != 0) {
                    /* built again with its entries (only now: most pages match) to name what differs */
                    char *text = NULL, diff[640] = "";
                    if (page_payload_hash(a, id, kept_starts(a, l->seq, "4:v=2\n") ? 2 : 1, hex, &text) == DC_OK)
                        chain_diff(a, l->seq, text, diff, sizeof diff);
                    else
                        dc_error_clear();
                    free(text);
                    rc = problem(p, "%s page %d (%s): differs from chain entry #%lld (altered)%s", file, page, status,
                                 l->seq, diff);
                }
            }
        }
        if (rc == DC_OK && s != SQLITE_DONE)
            rc = db_fail(a, "reading pages");
        sqlite3_finalize(st);
    }
    for (size_t i = 0; i < pages->n && rc == DC_OK; i++)
        if (!pages->v[i].seen)
            rc = problem(p, "page %s: in the hash chain (entry #%lld) but missing from the archive, or no longer "
                            "rejected, blank or duplicate (deleted or altered)", pages->v[i].ref, pages->v[i].seq);
    return rc;
}

/* Compares a records row's typed columns with the record rebuilt from its fields. */
static int verify_columns(dc_archive *a, dc_archive_problems *p, const dc_record *rec)
{
    columns c;
    record_columns(rec, &c);
    sbuf sql = {0};
    sb_add(&sql, "SELECT status");
    for (size_t k = 0; k < N_COLUMNS; k++)
        sb_add(&sql, ", %s", column_name(k));
    sb_add(&sql, " FROM records WHERE serial=?");
    if (sql.oom) {
        free(sql.s);
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    }
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, sql.s);
    free(sql.s);
    if (rc != DC_OK)
        return rc;
    bind_text(st, 1, rec->serial);
    if (sqlite3_step(st) == SQLITE_ROW) {
        for (size_t k = 0; k < N_COLUMNS && rc == DC_OK; k++)
            if (!str_eq(col_str(st, (int)k + 1), c.v[k]))
                rc = problem(p, "record %s: column %s is \"%s\" but its fields say \"%s\" (altered)", rec->serial,
                             column_name(k), col_str(st, (int)k + 1) ? col_str(st, (int)k + 1) : "NULL",
                             c.v[k] ? c.v[k] : "NULL");
    }
    sqlite3_finalize(st);
    return rc;
}


/* Checks the stored record `serial` against `l`, its newest chain entry (NULL: none), adding what
 * differs to `p`; marks l seen. */
static int verify_record(dc_archive *a, dc_archive_problems *p, const char *serial, latest *l)
{
    rec_pages pg;
    char status[32], hex[65], rules[DC_RULES_TEXT_MAX];
    dc_record *rec = NULL;
    dc_findings f = DC_FINDINGS_INIT;
    int rc = record_pages(a, serial, &pg, status, sizeof status);
    if (a->rules_col < 0)
        a->rules_col = has_column(a, "records", "rules");
    bool recorded = false;
    if (rc == DC_OK && a->rules_col && (rc = record_rules(a, serial, rules, sizeof rules, &recorded)) == DC_OK)
        pg.rules = recorded ? rules : NULL;
    if (rc == DC_OK)
        rc = build_record(&rec, a, serial, &pg);
    if (rc == DC_OK)
        rc = load_findings(a, serial, &f);
    /* an entry made with an older payload version is checked as it was made (a version's hash
     * never equals another's: each names its version, or none for 1); a record chained before
     * version 2 was never checked with rules the archive kept, so rules set on it were set
     * outside dcaccess */
    int version = RECORD_PAYLOAD_VERSION;
    if (rc == DC_OK)
        rc = record_payload_hash(a, rec, status, &f, &pg, version, hex, NULL);
    while (rc == DC_OK && l && version > 1 && strcmp(l->payload_hash, hex) != 0)
        rc = record_payload_hash(a, rec, status, &f, &pg, --version, hex, NULL);
    const bool v1 = version == 1;
    if (rc != DC_OK) {
        /* an unreadable record is a problem to name, not a reason to stop */
        rc = problem(p, "record %s: cannot be rebuilt: %s", serial, dc_error_detail());
    } else if (!l) {
        rc = problem(p, "record %s: not in the hash chain (inserted outside dcaccess)", serial);
    } else {
        l->seen = true;
        if (strcmp(l->payload_hash, hex) != 0) {
            /* built again with its entries (only now: most records match) to name what differs,
             * in the version the entry keeps (an entry that keeps one has version 2 or later) */
            char *text = NULL, diff[640] = "", scratch[65];
            const int kept = kept_starts(a, l->seq, "4:v=4\n") ? 4 : kept_starts(a, l->seq, "4:v=3\n") ? 3 : 2;
            if (record_payload_hash(a, rec, status, &f, &pg, kept, scratch, &text) == DC_OK)
                chain_diff(a, l->seq, text, diff, sizeof diff);
            else
                dc_error_clear();
            free(text);
            rc = problem(p, "record %s: content (fields, confidences, scanned images, status, batch date or findings) differs "
                            "from chain entry #%lld (altered)%s", serial, l->seq, diff);
        }
        if (rc == DC_OK && strcmp(status, dc_record_status_name(rec)) != 0)
            rc = problem(p, "record %s: status \"%s\" does not match its fields (altered)", serial, status);
        if (rc == DC_OK && v1 && pg.rules && strcmp(l->payload_hash, hex) == 0)
            rc = problem(p, "record %s: it was chained before the archive kept the rules, yet says it was checked "
                            "with \"%s\" (altered)", serial, pg.rules);
        if (rc == DC_OK)
            rc = verify_columns(a, p, rec);
        /* the batch's date is what the record was chained with (batches are not chained themselves:
         * a date changed there was taken by the next rebuild, and sealed) */
        sqlite3_stmt *st = NULL;
        if (rc == DC_OK && (rc = prep(a, &st, "SELECT id, batch_date FROM batches WHERE id = ?")) == DC_OK) {
            sqlite3_bind_int64(st, 1, pg.batch_id);
            const bool as_chained = strcmp(l->payload_hash, hex) == 0;
            const int found = sqlite3_step(st);
            if (found == SQLITE_DONE)   /* a record is in its access page's batch, which holds that page */
                rc = problem(p, "record %s: its batch %lld is not in the archive (altered: the record moved to "
                                "a batch that is not there, or its batch deleted)",
                             serial, (long long)pg.batch_id);
            else if (found == SQLITE_ROW && !str_eq(col_str(st, 1), pg.batch_date))
                rc = as_chained
                         /* the record is as chained, so its own date is the one it was chained with */
                         ? problem(p, "record %s: its batch %lld is dated %s, but the record was chained with %s (the "
                                      "batch's date altered, or the record moved to another batch)",
                                   serial, (long long)sqlite3_column_int64(st, 0),
                                   col_str(st, 1) ? col_str(st, 1) : "NULL", pg.batch_date)
                         : problem(p, "record %s: its batch date %s is not that of its batch %lld (%s) (altered)",
                                   serial, pg.batch_date, (long long)sqlite3_column_int64(st, 0),
                                   col_str(st, 1) ? col_str(st, 1) : "NULL");
            sqlite3_finalize(st);
        }
        /* the rules it was last checked with are also those its newest chained correction of
         * "rules" names (a second look beside the record's own chain entry, which holds them) */
        if (rc == DC_OK && a->version >= 6 &&
            (rc = prep(a, &st, "SELECT r.rules, c.new FROM records r JOIN corrections c ON c.serial = r.serial"
                               " WHERE r.serial = ?1 AND c.field = 'rules' ORDER BY c.id DESC LIMIT 1")) == DC_OK) {
            bind_text(st, 1, serial);
            if (sqlite3_step(st) == SQLITE_ROW && !str_eq(col_str(st, 0), col_str(st, 1)))
                rc = problem(p, "record %s: it says it was checked with the rules \"%s\", but its last correction "
                                "of the rules says \"%s\" (altered)", serial, col_str(st, 0) ? col_str(st, 0) : "NULL",
                             col_str(st, 1) ? col_str(st, 1) : "NULL");
            sqlite3_finalize(st);
        }
    }
    dc_record_free(rec);
    dc_findings_clear(&f);
    return rc;
}

/* Before a record is changed and chained again: the stored record must be what its newest chain
 * entry says, or the new entry would seal an alteration made outside dcaccess (after it, `verify`
 * compares with the new entry and finds nothing). DC_ERR_TAMPERED names the first difference; a
 * serial without a record yet is fine. Call inside the write's transaction. */
static int record_unaltered(dc_archive *a, const char *serial)
{
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "SELECT (SELECT count(*) FROM records WHERE serial = ?1), "
                          "(SELECT seq FROM chain WHERE kind = 'record' AND ref = ?1 ORDER BY seq DESC LIMIT 1), "
                          "(SELECT payload_hash FROM chain WHERE kind = 'record' AND ref = ?1 ORDER BY seq DESC LIMIT 1)");
    if (rc != DC_OK)
        return rc;
    bind_text(st, 1, serial);
    bool exists = false, chained = false;
    latest l = {(char *)serial, "", 0, false};
    if (sqlite3_step(st) == SQLITE_ROW) {
        exists = sqlite3_column_int(st, 0) > 0;
        chained = sqlite3_column_type(st, 1) != SQLITE_NULL;
        l.seq = sqlite3_column_int64(st, 1);
        snprintf(l.payload_hash, sizeof l.payload_hash, "%s", col_str(st, 2) ? col_str(st, 2) : "");
    } else {
        rc = db_fail(a, "reading a record's chain entry");
    }
    sqlite3_finalize(st);
    if (rc != DC_OK || !exists)
        return rc;
    dc_archive_problems p = {0};
    rc = verify_record(a, &p, serial, chained ? &l : NULL);
    if (rc == DC_OK && p.n)
        rc = dc_error_set(DC_ERR_TAMPERED,
                          "%s: %s: nothing was changed, since chaining it again would hide that; run dcaccess verify, "
                          "and restore the archive from a backup (README, troubleshooting)",
                          a->path, p.items[0]);
    dc_archive_problems_clear(&p);
    return rc;
}

static int verify_records(dc_archive *a, dc_archive_problems *p, latest_set *recs)
{
    char **serials = NULL;
    size_t n = 0;
    int rc = dc_archive_record_serials(&serials, &n, a, NULL);
    if (rc != DC_OK)
        return rc;
    p->records = n;
    for (size_t i = 0; i < n && rc == DC_OK; i++)
        rc = verify_record(a, p, serials[i], latest_find(recs, serials[i]));
    for (size_t i = 0; i < recs->n && rc == DC_OK; i++)
        if (!recs->v[i].seen)
            rc = problem(p, "record %s: in the hash chain (entry #%lld) but missing from the archive (deleted)",
                         recs->v[i].ref, recs->v[i].seq);
    dc_archive_strings_free(serials, n);
    /* a form page makes a record when its scan ends: a stored form page without one is a record
     * deleted with its newest chain entries (which the chain alone cannot tell), or a scan killed
     * before it built it */
    sqlite3_stmt *st = NULL;
    if (rc == DC_OK &&
        (rc = prep(a, &st, "SELECT p.serial, group_concat(p.id, ', '), min(b.status = 'finished') FROM pages p "
                           "LEFT JOIN batches b ON b.id = p.batch_id WHERE p.status = 'form' "
                           "AND p.serial NOT IN (SELECT serial FROM records) GROUP BY p.serial ORDER BY p.serial")) ==
            DC_OK) {
        while (rc == DC_OK && sqlite3_step(st) == SQLITE_ROW) {
            if (sqlite3_column_int(st, 2) == 0) {   /* a scan that did not finish: the next builds it */
                p->unbuilt++;
                continue;
            }
            rc = problem(p, "record %s: its form pages are stored (page %s) but it has no record: deleted outside "
                            "dcaccess (scanning the same files again builds it again from its pages)",
                         col_str(st, 0) ? col_str(st, 0) : "", col_str(st, 1) ? col_str(st, 1) : "");
        }
        sqlite3_finalize(st);
    }
    return rc;
}

static int verify_corrections(dc_archive *a, dc_archive_problems *p, latest_set *corrs)
{
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, a->version >= 9 ? "SELECT " CORRECTION_COLUMNS " FROM corrections ORDER BY id"
                                          : "SELECT " CORRECTION_COLUMNS_8 " FROM corrections ORDER BY id");
    if (rc != DC_OK)
        return rc;
    int s;
    char hex[65], id[32];
    while (rc == DC_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
        p->corrections++;
        snprintf(id, sizeof id, "%lld", (long long)sqlite3_column_int64(st, 0));
        rc = correction_payload_hash(st, hex, NULL);
        latest *l = rc == DC_OK ? latest_find(corrs, id) : NULL;
        if (rc != DC_OK)
            break;
        if (!l) {
            rc = problem(p, "correction %s (record %s, field %s): not in the hash chain (inserted outside dcaccess)",
                         id, col_str(st, 1) ? col_str(st, 1) : "", col_str(st, 2) ? col_str(st, 2) : "");
        } else {
            l->seen = true;
            if (strcmp(l->payload_hash, hex) != 0) {
                /* built again with its entries (only now: most corrections match) to name what differs */
                char *text = NULL, diff[640] = "";
                if (correction_payload_hash(st, hex, &text) == DC_OK)
                    chain_diff(a, l->seq, text, diff, sizeof diff);
                else
                    dc_error_clear();
                free(text);
                rc = problem(p, "correction %s (record %s, field %s): differs from chain entry #%lld (altered)%s", id,
                             col_str(st, 1) ? col_str(st, 1) : "", col_str(st, 2) ? col_str(st, 2) : "", l->seq,
                             diff);
            }
        }
    }
    if (rc == DC_OK && s != SQLITE_DONE)
        rc = db_fail(a, "reading corrections");
    sqlite3_finalize(st);
    for (size_t i = 0; i < corrs->n && rc == DC_OK; i++)
        if (!corrs->v[i].seen)
            rc = problem(p, "correction %s: in the hash chain (entry #%lld) but missing from the archive (deleted)",
                         corrs->v[i].ref, corrs->v[i].seq);
    return rc;
}

/* Whether every page read from `file` when it held content `old` (not rejected) is, by its decoded
 * pixels, a page read from it holding `now`: a copy completed after its first scan. */
static int content_covered(dc_archive *a, const char *file, const char *old, const char *now, bool *covered)
{
    sqlite3_stmt *q = NULL;
    int rc = prep(a, &q, "SELECT count(*) FROM pages o WHERE o.file = ?1 AND o.file_sha256 = ?2 AND o.status <> "
                         "'rejected' AND NOT EXISTS (SELECT 1 FROM pages n WHERE n.file = ?1 AND n.file_sha256 = ?3 "
                         "AND n.image_sha256 = o.image_sha256 AND o.image_sha256 <> '')");
    if (rc != DC_OK)
        return rc;
    bind_text(q, 1, file);
    bind_text(q, 2, old);
    bind_text(q, 3, now);
    const int s = sqlite3_step(q);
    *covered = s == SQLITE_ROW && sqlite3_column_int64(q, 0) == 0;
    if (s != SQLITE_ROW)
        rc = db_fail(a, "comparing the contents of a file scanned twice");
    sqlite3_finalize(q);
    return rc;
}

int dc_archive_replaced_files(dc_archive *a, int64_t batch_id, char ***files, size_t *n)
{
    *files = NULL;
    *n = 0;
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "SELECT DISTINCT n.file, n.file_sha256, o.file_sha256 FROM pages n JOIN pages o ON o.file = "
                          "n.file AND o.file_sha256 <> n.file_sha256 AND o.batch_id <> n.batch_id AND o.status <> "
                          "'rejected' WHERE n.batch_id = ? AND n.file_sha256 NOT LIKE 'nohash:%' ORDER BY n.file");
    if (rc != DC_OK)
        return rc;
    sqlite3_bind_int64(st, 1, batch_id);
    size_t cap = 0;
    int s;
    while (rc == DC_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
        const char *file = col_str(st, 0) ? col_str(st, 0) : "";
        bool covered = false;
        rc = content_covered(a, file, col_str(st, 2) ? col_str(st, 2) : "", col_str(st, 1) ? col_str(st, 1) : "",
                             &covered);
        if (rc != DC_OK || covered || (*n && strcmp((*files)[*n - 1], file) == 0))
            continue;
        char *copy = dc_strdup(file);
        if (!copy || dc_grow(files, &cap, *n, sizeof **files, 4) != 0) {
            free(copy);
            rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
            break;
        }
        (*files)[(*n)++] = copy;
    }
    if (rc == DC_OK && s != SQLITE_DONE)
        rc = db_fail(a, "looking for files scanned before with other content");
    sqlite3_finalize(st);
    if (rc != DC_OK) {
        dc_archive_strings_free(*files, *n);
        *files = NULL;
        *n = 0;
    }
    return rc;
}

/* Whether the archive has pages read from `file` when it held content `sha`. */
static int named_with(dc_archive *a, const char *file, const char *sha, bool *named)
{
    sqlite3_stmt *q = NULL;
    *named = false;
    int rc = prep(a, &q, "SELECT 1 FROM pages WHERE file = ? AND file_sha256 = ?");
    if (rc != DC_OK)
        return rc;
    bind_text(q, 1, file);
    bind_text(q, 2, sha);
    const int s = sqlite3_step(q);
    *named = s == SQLITE_ROW;
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        rc = db_fail(a, "reading the pages of a source file");
    sqlite3_finalize(q);
    return rc;
}

/* A file in a hidden folder below a->scans (which verify does not search) with the name and
 * content `want` of the scan file `file`, for the problem that says it is missing: *found its path
 * (owned by t, walked the first time it is needed), or NULL. DC_ERR_NOMEM only. */
static int hidden_scan(const dc_archive *a, scan_tree *t, const char *file, const char *want, const char **found)
{
    *found = NULL;
    const int rc = scan_tree_walk(a, t, WALK_TO_HIDDEN);
    const char *name = scan_name(file);
    for (size_t i = scan_tree_first(t, name); rc == DC_OK && i < t->n && strcmp(t->v[i].name, name) == 0; i++) {
        if (strcmp(scan_entry_hex(t, &t->v[i]), want) == 0) {
            *found = t->v[i].path;
            break;
        }
    }
    return rc;
}

/* The scan file `file`, not under a->scans with content `want`: a file there that holds another
 * content the archive has under its name (the copy of the file, scanned twice), when there is one,
 * in *moved and hex (found set); else *moved and hex are left as they are. */
static int moved_other_content(dc_archive *a, scan_tree *t, const char *file, const char *want, char **moved,
                               char hex[65], bool *found)
{
    *found = false;
    sqlite3_stmt *q = NULL;
    int rc = prep(a, &q, "SELECT DISTINCT file_sha256 FROM pages WHERE file = ? AND file_sha256 <> ? AND file_sha256 "
                         "NOT LIKE 'nohash:%' ORDER BY file_sha256");
    if (rc != DC_OK)
        return rc;
    bind_text(q, 1, file);
    bind_text(q, 2, want);
    int s = SQLITE_DONE;
    while (!*found && (s = sqlite3_step(q)) == SQLITE_ROW) {
        const char *other = col_str(q, 0) ? col_str(q, 0) : "";
        char *copy = NULL, h[65];
        if ((rc = moved_scan(a, t, file, other, &copy, h)) != DC_OK)
            break;
        if (copy && strcmp(h, other) == 0) {
            free(*moved);
            *moved = copy;
            memcpy(hex, h, sizeof h);
            *found = true;
        } else {
            free(copy);
        }
    }
    if (rc == DC_OK && !*found && s != SQLITE_DONE)
        rc = db_fail(a, "reading the contents of a source file");
    sqlite3_finalize(q);
    return rc;
}

static int verify_sources(dc_archive *a, dc_archive_problems *p)
{
    sqlite3_stmt *st = NULL;
    /* a file every page of which was rejected is not checked: it held nothing that was read, and
     * the remedy for it is to scan the sheet again into a file of the same name, which then
     * looked like a change behind the archive's back, for good */
    int rc = prep(a, &st, "SELECT file, file_sha256 FROM pages WHERE file_sha256 NOT LIKE 'nohash:%' "
                          "GROUP BY file, file_sha256 HAVING sum(status <> 'rejected') > 0 "
                          "ORDER BY file");
    if (rc != DC_OK)
        return rc;
    int s;
    char hex[65];
    scan_tree tree = {0};   /* below a->scans, walked once if a file is not at an end of its path there */
    scan_tree hidden = {0};   /* its hidden folders, walked once if a file is found nowhere else */
    while (rc == DC_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
        const char *file = col_str(st, 0) ? col_str(st, 0) : "";
        const char *want = col_str(st, 1) ? col_str(st, 1) : "";
        p->source_files++;
        struct stat sb;
        char *moved = NULL;   /* a copy of the scans given to verify (dc_archive_set_scans_dir) */
        if (stat(file, &sb) != 0) {
            const int err = errno;
            if ((rc = moved_scan(a, &tree, file, want, &moved, hex)) != DC_OK)
                break;
            /* a copy in a hidden folder (a stick's trash, a folder an auditor hid) is not taken for
             * the file, but said: "not under DIR" sent the auditor looking for a file that was there */
            const char *in_hidden = NULL;
            if (!moved && a->scans && (rc = hidden_scan(a, &hidden, file, want, &in_hidden)) != DC_OK)
                break;
            if (!moved) {
                rc = in_hidden ? problem(p, "source file %s: missing (%s), and under %s only in a hidden folder, "
                                            "which verify does not search: %s has its name and content (move it out "
                                            "of that folder, or give that folder as --scans)",
                                         file, strerror(err), a->scans, in_hidden)
                     : a->scans ? problem(p, "source file %s: missing (%s), and not under %s either", file,
                                          strerror(err), a->scans)
                                : problem(p, "source file %s: missing (%s)", file, strerror(err));
                p->sources_missing += rc == DC_OK;
                continue;
            }
            p->sources_moved++;
        }
        /* a file found under --scans was hashed when it was looked for */
        const int hashed = moved ? (hex[0] ? DC_OK : dc_sha256_file_hex(moved, hex)) : dc_sha256_file_hex(file, hex);
        if (hashed != DC_OK) {
            rc = problem(p, "source file %s: unreadable: %s", moved ? moved : file, dc_error_detail());
            free(moved);
            continue;
        }
        if (strcmp(hex, want) != 0) {
            /* the file holds another content the archive has under its name: scanned twice (and, when
             * it is found under --scans, the copy of it that holds the other content is that file) */
            bool named_too = false;
            if ((rc = named_with(a, file, hex, &named_too)) != DC_OK ||
                (moved && !named_too && (rc = moved_other_content(a, &tree, file, want, &moved, hex, &named_too)) != DC_OK)) {
                free(moved);
                break;
            }
            /* scanned again after it was completed (a copy not finished, a TIFF cut short): every page
             * read from the earlier content is, pixel for pixel, a page of the file as it is now */
            bool covered = false;
            if (named_too && (rc = content_covered(a, file, want, hex, &covered)) != DC_OK) {
                free(moved);
                break;
            }
            if (covered)
                p->sources_rescanned++;
            else if (named_too && moved)
                rc = problem(p, "source file %s: %s, its copy under %s, holds a later scan, and the content its "
                                "earlier pages were read from (SHA-256 %.12s...) is not under %s (the file overwritten "
                                "by a new scan before it was copied, or a page's file name altered)",
                             file, moved, a->scans, want, a->scans);
            else if (named_too)   /* or a page's file name was altered */
                rc = problem(p, "source file %s: now holds a later scan, and the content its earlier pages were read "
                                "from (SHA-256 %.12s...) is gone (the file overwritten by a new scan, or a page's file "
                                "name altered)", file, want);
            else if (moved)   /* no file of its name anywhere below the folder has its content */
                rc = problem(p, "source file %s: not under %s with the content scanned; %s has its name but other "
                                "content (SHA-256 %.12s..., archived %.12s...): the file changed, or it is another "
                                "scan of that name (give the folder that holds the scans of that day)",
                             file, a->scans, moved, hex, want);
            else
                rc = problem(p, "source file %s: changed since it was scanned (SHA-256 %.12s..., archived %.12s...)",
                             file, hex, want);
        }
        free(moved);
    }
    if (rc == DC_OK && s != SQLITE_DONE)
        rc = db_fail(a, "reading source files");
    sqlite3_finalize(st);
    p->scans_hashed = tree.hashed + hidden.hashed;
    scan_tree_free(&tree);
    scan_tree_free(&hidden);
    return rc;
}

/* ---- reports written (schema 14) ---- */

int dc_archive_chain_last(dc_archive *a, long long *seq)
{
    long last = 0;
    const int rc = query_long(a, "SELECT coalesce(max(seq), 0) FROM chain", "reading the chain", &last);
    *seq = rc == DC_OK ? last : 0;
    return rc;
}

/* Whether `period` has the form of a `kind` report's period: YYYY-MM-DD for a daily, YYYY-MM. */
static bool report_period_form(const char *kind, const char *period)
{
    const char *want = strcmp(kind, "daily") == 0 ? "dddd-dd-dd" : "dddd-dd";
    if (strlen(period) != strlen(want))
        return false;
    for (size_t i = 0; want[i]; i++)
        if (want[i] == 'd' ? !isdigit((unsigned char)period[i]) : period[i] != want[i])
            return false;
    return true;
}

/* The archive's absolute path, which a note names (caller frees; NULL when out of memory). */
static char *archive_realpath(const dc_archive *a)
{
    char *abs = realpath(a->path, NULL);
    return abs ? abs : dc_strdup(a->path);
}

int dc_archive_note_report(dc_archive *a, const dc_report_note *n)
{
    const bool kind_ok = n->kind && (strcmp(n->kind, "daily") == 0 || strcmp(n->kind, "monthly") == 0 ||
                                     strcmp(n->kind, "audit") == 0);
    if (!kind_ok || !n->period || !report_period_form(n->kind, n->period) || !n->lang || !n->lang[0] || !n->files ||
        !n->files[0] || !n->command || !n->command[0])
        return dc_error_set(DC_ERR_INVALID_ARG, "a report to note needs a kind (daily, monthly, audit), its period, "
                                                "language, files and command");
    if (a->version < 14)
        return dc_error_set(DC_ERR_ARCHIVE, "%s: opened read-only (schema %d): the reports written are noted from "
                                            "schema 14 on", a->path, a->version);
    char now[32];
    now_utc(now);
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, "INSERT INTO reports_written(kind, period, lang, files, command, archive, at, chain_seq) "
                          "VALUES(?,?,?,?,?,?,?,?)");
    if (rc != DC_OK)
        return rc;
    char *archive = archive_realpath(a);   /* a copy elsewhere does not list this one's reports */
    bind_text(st, 1, n->kind);
    bind_text(st, 2, n->period);
    bind_text(st, 3, n->lang);
    bind_text(st, 4, n->files);
    bind_text(st, 5, n->command);
    bind_text(st, 6, archive);
    bind_text(st, 7, now);
    sqlite3_bind_int64(st, 8, (sqlite3_int64)n->chain_seq);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = db_fail(a, "noting the report written");
    sqlite3_finalize(st);
    free(archive);
    return rc;
}

/* The reports the corrections chained after ?1 touch, as (kind, period, seq of the correction's
 * entry), by what each report shows (report/dc_report_load.c): a daily report the visits of its
 * day (the visit date, else the batch date while it is not known) and the forms of its day's stack
 * (batch date); a monthly and an audit report the visits of their month; the audit report of the
 * month a correction was made in (local time) lists it too, when its record is of another month.
 * A correction's old visit or batch date is a day it touched as well. A confirmation of a value
 * that was not in review (a spot check) changes only what the audit shows: the correction itself.
 * What a scan stored after ?1 touches them too: a record chained with no correction of its own
 * after ?1 (a page added to it; a correction chains its record again, and says above which reports
 * it touched) the reports of its day and stack's day and of its month, as a correction shown; a
 * rejected page the daily report of its batch date and the audit of that month, which list it. A
 * duplicate or blank page changes no visit, and is not counted. */
#define TOUCHED_SQL                                                                                                   \
    "WITH made AS ("                                                                                                  \
    "  SELECT ch.seq, c.field, c.old, c.at, r.visit_date, r.batch_date,"                                              \
    "    NOT (c.old IS c.new AND c.old_state <> 'review') AS shown"                                                   \
    "  FROM chain ch JOIN corrections c ON c.id = CAST(ch.ref AS INTEGER)"                                            \
    "  LEFT JOIN records r ON r.serial = c.serial"                                                                    \
    "  WHERE ch.kind = 'correction' AND ch.seq > ?1),"                                                                \
    " stored AS ("                                                                                                    \
    "  SELECT ch.seq, r.visit_date, r.batch_date FROM chain ch JOIN records r ON r.serial = ch.ref"                   \
    "  WHERE ch.kind = 'record' AND ch.seq > ?1 AND NOT EXISTS (SELECT 1 FROM chain cc JOIN corrections c"            \
    "    ON c.id = CAST(cc.ref AS INTEGER) WHERE cc.kind = 'correction' AND cc.seq > ?1 AND c.serial = r.serial)),"   \
    " rejected AS ("                                                                                                  \
    "  SELECT ch.seq, b.batch_date AS day FROM chain ch JOIN pages p ON p.id = CAST(ch.ref AS INTEGER)"               \
    "  JOIN batches b ON b.id = p.batch_id WHERE ch.kind = 'page' AND ch.seq > ?1 AND p.status = 'rejected'),"        \
    " days(day, seq, shown, visit) AS ("                                                                              \
    "  SELECT coalesce(visit_date, batch_date), seq, shown, 1 FROM made"                                              \
    "  UNION ALL SELECT batch_date, seq, shown, 0 FROM made"                                                          \
    "  UNION ALL SELECT old, seq, shown, field = 'visit_date' OR visit_date IS NULL FROM made"                        \
    "    WHERE field IN ('visit_date', 'batch_date') AND old IS NOT NULL"                                             \
    "  UNION ALL SELECT coalesce(visit_date, batch_date), seq, 1, 1 FROM stored"                                      \
    "  UNION ALL SELECT batch_date, seq, 1, 0 FROM stored),"                                                          \
    " touched(kind, period, seq) AS ("                                                                                \
    "  SELECT 'daily', day, seq FROM days WHERE shown"                                                                \
    "  UNION SELECT 'monthly', substr(day, 1, 7), seq FROM days WHERE shown AND visit"                                \
    "  UNION SELECT 'audit', substr(day, 1, 7), seq FROM days WHERE visit"                                            \
    "  UNION SELECT 'audit', strftime('%Y-%m', at, 'localtime'), seq FROM made"                                       \
    "  UNION SELECT 'daily', day, seq FROM rejected UNION SELECT 'audit', substr(day, 1, 7), seq FROM rejected)"

int dc_archive_reports_outdated(dc_archive *a, long long since, dc_report_outdated **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (a->version < 14)   /* opened read-only at an older schema: no report was noted */
        return DC_OK;
    sqlite3_stmt *st = NULL;
    /* the newest note of each report (the same files written again) written from this archive (a
     * copy holds the notes of the one it was made from), listed when a correction it does not
     * reflect touched it */
    int rc = prep(a, &st, TOUCHED_SQL ","
                          " latest AS (SELECT id, kind, period, lang, files, command, at, chain_seq, max(id)"
                          "  FROM reports_written WHERE archive = ?2 GROUP BY kind, period, lang, files)"
                          " SELECT l.kind, l.period, l.lang, strftime('%Y-%m-%d %H:%M', l.at, 'localtime'), l.files,"
                          "  l.command FROM latest l WHERE EXISTS (SELECT 1 FROM touched t WHERE t.kind = l.kind AND"
                          "  t.period = l.period AND t.seq > l.chain_seq)"
                          " ORDER BY CASE l.kind WHEN 'daily' THEN 0 WHEN 'monthly' THEN 1 ELSE 2 END, l.period,"
                          "  l.lang, l.id");
    if (rc != DC_OK)
        return rc;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)since);
    char *archive = archive_realpath(a);
    bind_text(st, 2, archive);
    free(archive);
    dc_report_outdated *v = NULL;
    size_t cnt = 0, cap = 0;
    int s;
    while (rc == DC_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
        if (dc_grow(&v, &cap, cnt, sizeof *v, 4) != 0) {
            rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
            break;
        }
        dc_report_outdated *o = &v[cnt++];
        memset(o, 0, sizeof *o);
        snprintf(o->kind, sizeof o->kind, "%s", TEXT_COL(0));
        snprintf(o->period, sizeof o->period, "%s", TEXT_COL(1));
        snprintf(o->lang, sizeof o->lang, "%s", TEXT_COL(2));
        snprintf(o->written, sizeof o->written, "%s", TEXT_COL(3));
        o->files = dc_strdup(TEXT_COL(4));
        o->command = dc_strdup(TEXT_COL(5));
        if (!o->files || !o->command)
            rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
    }
    if (rc == DC_OK && s != SQLITE_DONE)
        rc = db_fail(a, "reading the reports written");
    sqlite3_finalize(st);
    if (rc != DC_OK) {
        dc_report_outdated_free(v, cnt);
        return rc;
    }
    *out = v;
    *n = cnt;
    return DC_OK;
}

void dc_report_outdated_free(dc_report_outdated *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].files);
        free(v[i].command);
    }
    free(v);
}

int dc_archive_read_begin(dc_archive *a)
{
    /* the state is taken at the first read after it: verify's quick check, which says what is
     * damaged in a damaged file (a read here failed there, and said only "malformed") */
    return exec(a, "BEGIN");
}

void dc_archive_read_end(dc_archive *a)
{
    /* nothing was written: a read SQLite will not commit (in a damaged file, which verify says) is
     * rolled back, and the file is read as it is now from here on either way */
    if (!sqlite3_get_autocommit(a->db) && sqlite3_exec(a->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
}

int dc_archive_verify(dc_archive_problems *problems, dc_archive *a)
{
    memset(problems, 0, sizeof *problems);
    latest_set recs = {0}, corrs = {0}, pages = {0}, prints = {0}, marks = {0};
    /* one read transaction: a consistent snapshot even while a scan is writing (the caller's, when
     * it holds one: dc_archive_read_begin) */
    const bool own_read = sqlite3_get_autocommit(a->db) != 0;
    int rc = own_read ? exec(a, "BEGIN") : DC_OK;
    if (rc != DC_OK)
        return rc;
    /* a handle opened read-only before another command upgraded the archive reads it as it is now
     * (in this transaction): its new chain entries ('print', schema 12) are not inserted ones */
    if (catch_up_version(a) != DC_OK)
        dc_error_clear();   /* read as opened, as before */
    /* the file itself first: a damaged page can hold what no chain check reads (a thumbnail, a
     * crop, a free list) and lose the rest with it */
    char found[512];
    rc = quick_check(a, found, sizeof found);
    if (rc == DC_OK && found[0])
        rc = problem(problems, "the archive file is damaged (%s): restore it from your latest backup", found);
    if (rc == DC_OK)
        rc = verify_chain(a, problems, &recs, &corrs, &pages, &prints, &marks);
    if (rc == DC_OK)
        rc = verify_records(a, problems, &recs);
    if (rc == DC_OK)
        rc = verify_corrections(a, problems, &corrs);
    if (rc == DC_OK)
        rc = verify_pages(a, problems, &pages, &marks);
    if (rc == DC_OK)
        rc = verify_prints(a, problems, &prints, &marks);
    if (rc == DC_OK)
        rc = verify_sources(a, problems);
    if (own_read)
        exec(a, "COMMIT");
    latest_free(&recs);
    latest_free(&corrs);
    latest_free(&pages);
    latest_free(&prints);
    latest_free(&marks);
    if (rc != DC_OK)
        dc_archive_problems_clear(problems);
    return rc;
}

/* ---- printed serial ranges ---- */

/* What a print of `form` puts on paper, as SQL lists: the printed ranges that hold one of its pages,
 * and the pages of a scan that are one of them. false for an unknown form. */
static bool print_lists(const char *form, const char **ranges, const char **pages)
{
    if (form && strcmp(form, "set") == 0) {
        *ranges = "('set','access','checklist')";
        *pages = "('access','checklist')";
    } else if (form && strcmp(form, "access") == 0) {
        *ranges = "('set','access')";
        *pages = "('access')";
    } else if (form && strcmp(form, "checklist") == 0) {
        *ranges = "('set','checklist')";
        *pages = "('checklist')";
    } else {
        return false;
    }
    return true;
}

#define PRINT_FORM_ERR(form)                                                                                           \
    dc_error_set(DC_ERR_INVALID_ARG, "no form \"%s\" to print (set, access or checklist)", (form) ? (form) : "")

int dc_archive_next_serial(dc_archive *a, const char *form, long *next)
{
    *next = 1;
    const char *ranges, *pages;
    if (!print_lists(form, &ranges, &pages))
        return PRINT_FORM_ERR(form);
    /* an older archive opened read-only recorded nothing printed */
    char *sql = dc_asprintf("SELECT max(%s%s%s, coalesce((SELECT max(CAST(serial AS INTEGER)) FROM pages WHERE serial IS "
                            "NOT NULL AND status IN ('form','duplicate') AND form IN %s), 0))",
                            a->version >= 6 ? "coalesce((SELECT max(last) FROM printed WHERE form IN " : "0",
                            a->version >= 6 ? ranges : "", a->version >= 6 ? "), 0)" : "", pages);
    if (!sql)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    long last = 0;
    int rc = query_long(a, sql, "reading the printed serials", &last);
    free(sql);
    if (rc == DC_OK)
        *next = last + 1;
    return rc;
}

int dc_archive_serials_in_use(dc_archive *a, const char *form, long first, long last, dc_serials_in_use *out)
{
    memset(out, 0, sizeof *out);
    const char *ranges, *pages;
    if (!print_lists(form, &ranges, &pages))
        return PRINT_FORM_ERR(form);
    char *sql = dc_asprintf("SELECT count(DISTINCT CAST(serial AS INTEGER)), min(CAST(serial AS INTEGER)) FROM pages"
                            " WHERE serial IS NOT NULL AND status IN ('form','duplicate') AND form IN %s"
                            "   AND CAST(serial AS INTEGER) BETWEEN ?1 AND ?2", pages);
    if (!sql)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st, sql);
    free(sql);
    if (rc != DC_OK)
        return rc;
    sqlite3_bind_int64(st, 1, first);
    sqlite3_bind_int64(st, 2, last);
    if (sqlite3_step(st) == SQLITE_ROW) {
        out->stored = (long)sqlite3_column_int64(st, 0);
        out->first_stored = (long)sqlite3_column_int64(st, 1);
    } else {
        rc = db_fail(a, "reading the stored serials");
    }
    sqlite3_finalize(st);
    if (rc != DC_OK || a->version < 6)
        return rc;
    sql = dc_asprintf("SELECT first, last, at, file FROM printed WHERE first <= ?2 AND last >= ?1 AND form IN %s"
                      " ORDER BY first, id LIMIT 1", ranges);
    if (!sql)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    rc = prep(a, &st, sql);
    free(sql);
    if (rc != DC_OK)
        return rc;
    sqlite3_bind_int64(st, 1, first);
    sqlite3_bind_int64(st, 2, last);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        out->printed_first = (long)sqlite3_column_int64(st, 0);
        out->printed_last = (long)sqlite3_column_int64(st, 1);
        snprintf(out->printed_at, sizeof out->printed_at, "%s", col_str(st, 2) ? col_str(st, 2) : "");
        snprintf(out->printed_file, sizeof out->printed_file, "%s", col_str(st, 3) ? col_str(st, 3) : "");
    } else if (r != SQLITE_DONE) {
        rc = db_fail(a, "reading the printed serials");
    }
    sqlite3_finalize(st);
    return rc;
}

int dc_archive_reserve_print(dc_archive *a, dc_print_plan *plan)
{
    const char *ranges, *pages;
    plan->verdict = DC_PRINT_OK;
    plan->id = 0;
    if (!print_lists(plan->form, &ranges, &pages))
        return PRINT_FORM_ERR(plan->form);
    if (plan->count < 1 || plan->first < 0 || !plan->file)
        return dc_error_set(DC_ERR_INVALID_ARG, "a print needs a count, a first serial (0: continue) and a file");
    if (a->version < 6)
        return dc_error_set(DC_ERR_ARCHIVE, "%s: opened read-only at an older schema: it cannot record printing",
                            a->path);
    /* one write transaction from reading the next serial to recording the range: two prints at
     * once got the same serials */
    int rc = exec(a, "BEGIN IMMEDIATE");
    if (rc != DC_OK)
        return rc;
    long printed_ranges = 0;
    plan->continued = plan->first == 0;
    rc = dc_archive_next_serial(a, plan->form, &plan->next);
    /* every page it prints needs a known history: a set needs both (an access-only range says
     * nothing of the checklists on paper) */
    static const char *const page_forms[] = {"access", "checklist"};
    printed_ranges = LONG_MAX;
    for (size_t i = 0; i < 2 && rc == DC_OK; i++) {
        const char *page_ranges = NULL, *unused = NULL;
        long n = 0;
        if (strcmp(plan->form, "set") != 0 && strcmp(plan->form, page_forms[i]) != 0)
            continue;
        if (!print_lists(page_forms[i], &page_ranges, &unused))
            continue;   /* (both page forms are known to it) */
        char *sql = dc_asprintf("SELECT count(*) FROM printed WHERE form IN %s", page_ranges);
        rc = sql ? query_long(a, sql, "reading the printed serials", &n) : dc_error_set(DC_ERR_NOMEM, "out of memory");
        free(sql);
        if (n < printed_ranges)
            printed_ranges = n;
    }
    if (rc == DC_OK && plan->continued) {
        /* no page of this form recorded as printed yet: what an older dcaccess, another archive or
         * a print of the other page alone put on paper is not known */
        if (printed_ranges == 0)
            plan->verdict = DC_PRINT_NEEDS_FIRST;
        else
            plan->first = plan->next;
    }
    if (rc == DC_OK && plan->verdict == DC_PRINT_OK && plan->first + plan->count - 1 > DC_SERIAL_MAX)
        plan->verdict = DC_PRINT_PAST_END;
    if (rc == DC_OK && plan->verdict == DC_PRINT_OK)
        rc = dc_archive_serials_in_use(a, plan->form, plan->first, plan->first + plan->count - 1, &plan->use);
    if (rc == DC_OK && plan->verdict == DC_PRINT_OK && plan->use.stored)
        plan->verdict = DC_PRINT_SCANNED;
    else if (rc == DC_OK && plan->verdict == DC_PRINT_OK && plan->use.printed_first && !plan->reprint)
        plan->verdict = DC_PRINT_PRINTED;
    if (rc == DC_OK && plan->verdict == DC_PRINT_OK) {
        char now[32];
        now_utc(now);
        sqlite3_stmt *st = NULL;
        /* an id never given before, by the chain too: INTEGER PRIMARY KEY gives the highest one
         * again once its row is gone, so the newest print deleted outside dcaccess had its entry
         * matched by the next print's row (verify said OK), and one taken back had two lives */
        rc = prep(a, &st, "INSERT INTO printed(id, first, last, form, file, at) VALUES(1 + max(coalesce((SELECT "
                          "max(id) FROM printed), 0), coalesce((SELECT max(CAST(ref AS INTEGER)) FROM chain WHERE "
                          "kind = 'print'), 0)), ?, ?, ?, ?, ?)");
        if (rc == DC_OK) {
            sqlite3_bind_int64(st, 1, plan->first);
            sqlite3_bind_int64(st, 2, plan->first + plan->count - 1);
            bind_text(st, 3, plan->form);
            bind_text(st, 4, plan->file);
            bind_text(st, 5, now);
            if (sqlite3_step(st) != SQLITE_DONE)
                rc = db_fail(a, "recording the printed serials");
            sqlite3_finalize(st);
        }
        plan->id = rc == DC_OK ? sqlite3_last_insert_rowid(a->db) : 0;
        char hex[65], ref[32], *text = NULL;
        snprintf(ref, sizeof ref, "%lld", (long long)plan->id);
        if (rc == DC_OK)
            rc = print_payload_hash(a, plan->id, hex, &text);
        if (rc == DC_OK)
            rc = chain_append(a, "print", ref, hex, text);
        free(text);
    }
    if (rc == DC_OK && plan->verdict == DC_PRINT_OK)
        rc = exec(a, "COMMIT");
    else
        rollback(a);
    if (rc != DC_OK)
        plan->id = 0;
    return rc;
}

char *dc_serial_spans_text(const dc_serial_span *s, size_t n)
{
    char *out = dc_strdup("");
    for (size_t i = 0; i < n && out; i++) {
        char *next = s[i].first == s[i].last
                         ? dc_asprintf("%s%s%06ld", out, i ? ", " : "", s[i].first)
                         : dc_asprintf("%s%s%06ld-%06ld", out, i ? ", " : "", s[i].first, s[i].last);
        free(out);
        out = next;
    }
    return out;
}

static int cmp_span(const void *x, const void *y)
{
    const dc_serial_span *a = x, *b = y;
    return a->first < b->first ? -1 : a->first > b->first;
}

/* Appends span first..last to *out. */
static int add_span(dc_serial_span **out, size_t *n, size_t *cap, long first, long last)
{
    if (dc_grow(out, cap, *n, sizeof **out, 8) != 0)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    (*out)[(*n)++] = (dc_serial_span){first, last};
    return DC_OK;
}

/* Adds the serials of lo..hi that no page has to *out (spans). */
static int add_unscanned(dc_archive *a, long lo, long hi, dc_serial_span **out, size_t *n, size_t *cap)
{
    if (lo > hi)
        return DC_OK;
    sqlite3_stmt *st = NULL;
    /* by number: a form not printed by dcaccess may carry "7" for 000007 */
    int rc = prep(a, &st, "SELECT DISTINCT CAST(serial AS INTEGER) AS n FROM pages WHERE n BETWEEN ?1 AND ?2 ORDER BY 1");
    if (rc != DC_OK)
        return rc;
    sqlite3_bind_int64(st, 1, lo);
    sqlite3_bind_int64(st, 2, hi);
    long next = lo;   /* the first serial not known to be scanned */
    int s;
    while (rc == DC_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
        const long have = (long)sqlite3_column_int64(st, 0);
        if (have > next)
            rc = add_span(out, n, cap, next, have - 1);
        if (have >= next)
            next = have + 1;
    }
    if (rc == DC_OK && s != SQLITE_DONE)
        rc = db_fail(a, "reading the serials scanned");
    sqlite3_finalize(st);
    return rc == DC_OK && next <= hi ? add_span(out, n, cap, next, hi) : rc;
}

int dc_archive_batch_serials_to_find(dc_archive *a, int64_t batch_id, const int64_t *finished, size_t nfinished,
                                     dc_serial_span **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (a->version < 6)
        return DC_OK;
    /* the stack's batches, as ",ID,ID,": this one and those cut off before that it finished (their
     * pages are the stack's; as other batches they hid its gaps below them, said by no scan) */
    char *stack = dc_asprintf(",%lld,", (long long)batch_id);
    for (size_t i = 0; i < nfinished && stack; i++) {
        char *more = dc_asprintf("%s%lld,", stack, (long long)finished[i]);
        free(stack);
        stack = more;
    }
    if (!stack)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    /* per print of access forms holding the stack's forms written on (not blank: unused ones
     * scanned were not handed out), the stack's highest serial of it, and the highest below that
     * of a form written on in other batches: the gaps below it were that stack's to say. Not of a
     * blank one: its stack said nothing of the gap below it, and as the bound here it hid that gap
     * from every stack */
    sqlite3_stmt *st = NULL;
    int rc = prep(a, &st,
                  "SELECT p.first, m.top, (SELECT max(CAST(o.serial AS INTEGER)) FROM pages o WHERE"
                  "   instr(?1, ',' || o.batch_id || ',') = 0 AND o.status <> 'blank' AND"
                  "   CAST(o.serial AS INTEGER) BETWEEN p.first AND m.top - 1)"
                  " FROM printed p JOIN (SELECT q.id, max(CAST(g.serial AS INTEGER)) AS top FROM printed q JOIN pages g"
                  "   ON instr(?1, ',' || g.batch_id || ',') > 0 AND g.status <> 'blank' AND"
                  "   CAST(g.serial AS INTEGER) BETWEEN q.first AND q.last"
                  "   WHERE q.form IN ('set', 'access') GROUP BY q.id) m ON m.id = p.id");
    if (rc != DC_OK) {
        free(stack);
        return rc;
    }
    bind_text(st, 1, stack);
    free(stack);
    size_t cap = 0;
    int s;
    while (rc == DC_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
        const long first = (long)sqlite3_column_int64(st, 0), top = (long)sqlite3_column_int64(st, 1);
        const long before = sqlite3_column_type(st, 2) == SQLITE_NULL ? first - 1 : (long)sqlite3_column_int64(st, 2);
        rc = add_unscanned(a, before + 1, top - 1, out, n, &cap);
    }
    if (rc == DC_OK && s != SQLITE_DONE)
        rc = db_fail(a, "reading the serials printed");
    sqlite3_finalize(st);
    /* prints that overlap (a reprint) give a gap twice: one span each */
    if (rc == DC_OK && *n > 1) {
        qsort(*out, *n, sizeof **out, cmp_span);
        size_t k = 0;
        for (size_t i = 1; i < *n; i++) {
            if ((*out)[i].first <= (*out)[k].last + 1) {
                if ((*out)[i].last > (*out)[k].last)
                    (*out)[k].last = (*out)[i].last;
            } else {
                (*out)[++k] = (*out)[i];
            }
        }
        *n = k + 1;
    }
    if (rc != DC_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

int dc_archive_release_print(dc_archive *a, int64_t id)
{
    int rc = exec(a, "BEGIN IMMEDIATE");
    if (rc != DC_OK)
        return rc;
    sqlite3_stmt *st = NULL;
    rc = prep(a, &st, "DELETE FROM printed WHERE id = ?");
    if (rc == DC_OK) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = db_fail(a, "taking back a print that was not written");
        sqlite3_finalize(st);
    }
    /* chained as taken back: verify finds the print's row gone for that reason, not deleted */
    char hex[65], ref[32], *text = NULL;
    snprintf(ref, sizeof ref, "%lld", (long long)id);
    if (rc == DC_OK && sqlite3_changes(a->db) == 1 && (rc = print_released_hash(hex, &text)) == DC_OK)
        rc = chain_append(a, "print", ref, hex, text);
    free(text);
    if (rc == DC_OK)
        rc = exec(a, "COMMIT");
    else
        rollback(a);
    return rc;
}
