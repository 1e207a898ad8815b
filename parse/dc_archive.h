/* dc_archive: the SQLite archive (system of record): pages, fields, records, findings,
 * corrections and the hash chain that proves nothing was altered. */
#ifndef DC_ARCHIVE_H
#define DC_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dc_page.h"
#include "dc_record.h"
#include "dc_rules.h"

/*
 * SCHEMA (version 14; PRAGMA user_version = 14; older archives are migrated when opened read-write; the DDL itself lives in dc_archive.c, migrations[]).
 * WAL journal, foreign_keys=ON, synchronous=FULL. Times are UTC "YYYY-MM-DDTHH:MM:SSZ"; visit
 * dates "YYYY-MM-DD", clock times "HH:MM". Readers (report/) may query these tables directly
 * through dc_archive_db(); they are stable, later versions only add.
 *
 * batches(id INTEGER PK, started TEXT, finished TEXT NULL, batch_date TEXT 'YYYY-MM-DD',
 *         status TEXT 'running'|'finished'|'interrupted',
 *         inputs TEXT NULL (schema 8: the files and folders it was given, absolute, one a line),
 *         pid INTEGER NULL (schema 8: the process that scanned it)). Not chained: they say what
 *         a scan did, not what a record holds
 * pages(id INTEGER PK, batch_id -> batches, file TEXT (absolute path when resolvable),
 *       file_sha256 TEXT (hex; "nohash:<sha of the path>" for a file that could not be read),
 *       page INTEGER (1-based in file), image_sha256 TEXT,
 *       status TEXT 'form'|'blank'|'duplicate'|'rejected', reason TEXT NULL,
 *       form TEXT NULL 'access'|'checklist', template_version INTEGER NULL, serial TEXT NULL,
 *       sheet_page INTEGER NULL, dpi REAL, rotation INTEGER, skew_deg REAL,
 *       thumb BLOB NULL (PNG), ingested TEXT, UNIQUE(file_sha256, page))
 *   A page whose serial+form is already stored from another page, or whose image_sha256 equals
 *   a stored form page's, is stored with status 'duplicate' and the reason naming the first page.
 * fields(page_id -> pages ON DELETE CASCADE, field_id TEXT (template id, page-local),
 *        value TEXT NULL, confidence REAL, state TEXT 'empty'|'accepted'|'review'|'corrected',
 *        crop BLOB NULL (PNG), crossed INTEGER (dc_field_value.crossed; schema 2, 0 before),
 *        basis TEXT NULL 'reading'|'batch_date'|'checked_before'|'roster'|'same_visitor'|'letters'
 *        ('letters' since schema 4, which rebuilds the table to allow it; schema 3: why the
 *        scanner accepted the value as read, dc_field_basis; NULL when it did not accept it, and
 *        in rows stored before schema 3; a correction leaves it as it was),
 *        read_as TEXT NULL (schema 3: what the scanner read when the value it stored is another,
 *        dc_field_value.read_as; a correction leaves it),
 *        why TEXT NULL (schema 7: for a field stored in review, why: dc_review_why_name, 'invalid'
 *        for a value held back by the validation gate; NULL otherwise and before schema 7; a
 *        correction leaves it. Not in the chain payload: it only guides the person reviewing),
 *        PRIMARY KEY(page_id, field_id))
 *   Current values: a correction updates value/state here (the value as read stays in corrections.old).
 *   Stored for 'form' pages only. Validation gate: a value the scanner marked accepted that is not
 *   valid for its field (dc_record_validate_value; an id_number that is not a NIK when id_type=ktp)
 *   is stored as 'review' (DESIGN.md §4): a person confirms it with `dcaccess correct`.
 * records(serial TEXT PK, status TEXT 'complete'|'needs_review', batch_id -> batches
 *         (batch of its access page, else checklist page), batch_date TEXT,
 *         access_page_id -> pages NULL, checklist_page_id -> pages NULL,
 *         visit_date, visitor_name, institution, id_type, id_number, phone, purpose,
 *         purpose_detail, brings_devices, arrival_time, decision, operator_name, entry_time,
 *         badge_number, escort_name, exit_time (TEXT, NULL unless accepted/corrected and non-empty),
 *         badge_returned, id_returned, visitor_signature, operator_signature (INTEGER 0/1, NULL unknown),
 *         duration_min INTEGER NULL (exit - entry when both known and exit >= entry),
 *         devices_in INTEGER, devices_out INTEGER (device rows ticked in / out),
 *         updated TEXT, rules TEXT NULL (schema 6: dc_rules_stamp of the rules and rules engine it
 *         was last checked with, dc_rules_describe's text alone before DC_RULES_ENGINE 2; NULL for
 *         records checked before))
 *   The rules column is in the record's chain payload (a "rules=" line, below); a record
 *   checked again under other rules also gets a chained correction of the pseudo-field "rules"
 *   (old -> new), like "batch_date" for a batch's date (dc_archive_recheck), and verify checks
 *   that the column says what the newest such correction says.
 *   The typed columns are a convenience copy of the record's fields (verify checks they agree).
 *   The full record = its pages' fields, record ids per dc_record.h (checklist signatures are
 *   checklist_visitor_signature / checklist_operator_signature).
 * findings(id INTEGER PK, serial -> records ON DELETE CASCADE, rule TEXT, field TEXT NULL,
 *          row INTEGER NULL (device row of device_not_taken_out/_brought_in), sop_step TEXT, severity TEXT 'error'|'violation'|'warning', message_id TEXT, message_en TEXT)
 *   The current findings of each record (replaced when the record is recomputed).
 * corrections(id INTEGER PK, serial TEXT, field TEXT (record field id), old TEXT NULL, new TEXT NULL,
 *             old_state TEXT, who TEXT, at TEXT (the "when"), why TEXT NULL,
 *             old_conf REAL NULL (schema 9: the scanner's confidence in the value replaced; NULL
 *             for a value a person typed before, the rules and batch date, and before schema 9))
 * chain(seq INTEGER PK (1, 2, 3, ... no gaps), kind TEXT 'record'|'correction'|'page'|'print'
 *       (schema 12)|'mark' (schema 13), ref TEXT (serial, correction id, page id, print id or mark), payload_hash TEXT, prev_hash TEXT ("" for seq 1), hash TEXT,
 *       at TEXT, payload TEXT NULL (schema 9: the canonical payload, each of its entries (a key's
 *       line, a finding's line, a finding's step and messages) preceded by its length in bytes and
 *       ':', so that a value with a line break stays in its entry; NULL in entries made before).
 *       It is kept so that verify can name what differs (a field, a finding, a correction's
 *       author): it proves nothing by itself; verify checks that the entries, one after the other,
 *       hash to payload_hash, and shows them only while the entry's own hash still seals that)
 *   payload_hash = SHA-256(canonical payload) in hex;
 *   hash = SHA-256(prev_hash "\n" kind "\n" ref "\n" payload_hash "\n" at) in hex, so every entry's
 *   hash covers its payload, the time it was made and all entries before it. Entries made before
 *   schema 11 (before chain_meta 'at_sealed_from', which the upgrade sets to the next entry) hash
 *   the same without "\n" at: their time is kept beside them, unsealed.
 *   Record payload: "serial=<s>\nstatus=<st>\naccess=<file_sha256>:<page>\nchecklist=<...>\n"
 *   then "f:<id>=<state>:<value>\n" per field sorted by id, then "b:<id>=<basis>\n" per field
 *   with a basis, then "r:<id>=<read_as>\n" per field with a read_as, both sorted by id (none in
 *   records stored before schema 3), then
 *   "x:<rule>:<field>:<row>:<severity>\n" per finding in dc_rules_check order (row 0 = none).
 *   Version 2 (entries made since session 20) starts with "v=2\nbatch_date=<d>\n" (then
 *   "rules=<records.rules>\n" when the record has rules, schema 6) and ends with
 *   "c:<id>=<confidence %.4f>\n" per field and "m:<i>:<sop_step>\n<message_id>\n<message_en>\n"
 *   per finding: what reports show besides the values. Version 3 (entries made since session 26)
 *   starts with "v=3\n" instead and adds, per page of the record (access, then checklist),
 *   "t:<form>=<SHA-256 of the page's thumbnail, or none>\n", then per stored field of the page
 *   (by field id) "i:<id>=<SHA-256 of its crop>\n" when it has one and "w:<id>=<value as
 *   stored>\n" when that differs from the record's (normalised) value: the images the values were
 *   read from, and the text the audit shows. Version 4 (entries made since session 32) starts
 *   with "v=4\n" and adds "tv:<form>=<template version, or none>\n" after each page's "t:" line:
 *   the form version the page was read with. verify takes an entry that does not match version 4
 *   as version 3, then 2, then 1 (entries made before), which do not cover those.
 *   Correction payload: "id=..\nserial=..\nfield=..\nold=..\nnew=..\nold_state=..\nwho=..\nat=..\nwhy=..\n",
 *   then "old_conf=<%.4f>\n" when old_conf is not NULL.
 *   Page payload (schema 5: a page that makes no record, i.e. rejected, blank or duplicate; a form
 *   page is covered by its record's access=/checklist= line, unless it was read again after it was
 *   rejected for an unknown template: then it has entries of its own, whatever it is now, and the
 *   newest must match it): "file=..\nsha=..\npage=..\nimage=..\n
 *   status=..\nreason=..\nform=..\nserial=..\nsheet_page=..\nbatch=..\n"; version 2 (entries made since
 *   session 26) starts with "v=2\n" and ends with "t:scanned=<SHA-256 of its thumbnail, or none>\n",
 *   what the audit and `review` show of the page (verify takes an entry that does not match version
 *   2 as version 1). Such pages stored before
 *   schema 5 have no entry: chain_meta(key, value) 'pages_chained_from' is the first page id that must.
 *   Print payload (schema 12: a serial range `forms print` recorded, printed(id) the ref):
 *   "v=1\nfirst=..\nlast=..\nform=..\nfile=..\nat=..\n"; a print taken back because its PDF was
 *   not written (dc_archive_release_print, which deletes its row) gets an entry "v=1\nreleased\n".
 *   The newest entry of each print must match its row, or say it was taken back. Prints recorded
 *   before schema 12 have none: chain_meta 'prints_chained_from' is the first print id that must
 *   (print ids only grow from it on: one chained below it says the row was raised outside
 *   dcaccess, and every print from the first chained one on must match an entry).
 *   Mark payload (schema 13: chain_meta 'pages_chained_from' and 'prints_chained_from', the ref
 *   the key): "v=1\nkey=..\nvalue=..\n", made by the upgrade to 13 for a mark above 1. A mark is
 *   the value of its newest entry, or 1 (every page, every print) when it has none; chain_meta's
 *   row must say the same: raised with the sqlite3 shell, it hid a page or print inserted below it.
 *   A record gets a new entry whenever its content changes (new page paired, correction);
 *   the newest entry per serial must match the current tables.
 */

typedef struct dc_archive dc_archive;

typedef enum dc_archive_mode {
    DC_ARCHIVE_CREATE,     /* create the file if missing, migrate an older schema */
    DC_ARCHIVE_EXISTING,   /* read-write; DC_ERR_NOT_FOUND if the file does not exist */
    DC_ARCHIVE_READONLY    /* read-only; DC_ERR_NOT_FOUND if the file does not exist */
} dc_archive_mode;

/* ---- printed serials (schema 6) ----
 * printed(id INTEGER PK, first INTEGER, last INTEGER, form TEXT 'set'|'access'|'checklist',
 *         file TEXT (the PDF written), at TEXT): each `dcaccess forms print` run's serials, so
 * that the next run continues after them and no serial is printed twice by mistake (two sheets
 * with one serial cannot both be stored: dc_page_other_writing). Chained from schema 12 on (kind
 * 'print'): the audit report accounts for the serials printed, so a print changed or deleted
 * outside dcaccess is found by verify. An id is never given twice (a print deleted or taken back
 * keeps its id in the chain: the next print's row would match its entry). */

/* The highest serial a form's serial number can have (6 digits). */
#define DC_SERIAL_MAX 999999L

/* `form` is what a print puts on paper: "set" (both pages), "access" or "checklist"; a print
 * conflicts with ranges printed, and pages scanned, of a page it prints (an access-only run and
 * a checklist-only run of the same serials make sets). */

/* One past the highest serial of `form`'s pages printed or scanned (a form page or a duplicate);
 * 1 for a new archive. DC_ERR_INVALID_ARG for an unknown form. */
int dc_archive_next_serial(dc_archive *a, const char *form, long *next);

typedef struct dc_serials_in_use {
    long stored;           /* distinct serials of first..last scanned (form pages of `form`) */
    long first_stored;     /* the lowest of them (0: none) */
    long printed_first;    /* the lowest printed range of `form` overlapping first..last (0: none) */
    long printed_last;
    char printed_at[32];   /* when it was printed (UTC, ISO 8601) */
    char printed_file[512];/* the PDF it was written to */
} dc_serials_in_use;

/* What of serials first..last of `form` was printed or scanned already. */
int dc_archive_serials_in_use(dc_archive *a, const char *form, long first, long last, dc_serials_in_use *out);

typedef enum dc_print_verdict {
    DC_PRINT_OK,            /* reserved: plan->id is the range's row */
    DC_PRINT_NEEDS_FIRST,   /* continuing, but the archive records no printing of this form's pages
                             * yet: what is on paper (printed by an older dcaccess, with another
                             * archive, or as the other page alone) is not known */
    DC_PRINT_PAST_END,      /* first + count - 1 > DC_SERIAL_MAX */
    DC_PRINT_SCANNED,       /* some of the serials are scanned: never printed again (plan->use) */
    DC_PRINT_PRINTED        /* some were printed before, and reprint is false (plan->use) */
} dc_print_verdict;

typedef struct dc_print_plan {
    const char *form;       /* in: set, access or checklist */
    long first;             /* in: the first serial, 0 to continue after the last; out: the one chosen */
    bool continued;         /* out: first was 0 */
    long count;             /* in */
    bool reprint;           /* in: serials printed before may be printed again */
    const char *file;       /* in: the PDF to be written */
    dc_print_verdict verdict;
    long next;              /* out: where a continuing run starts (as before this one) */
    dc_serials_in_use use;  /* out: for DC_PRINT_SCANNED / DC_PRINT_PRINTED */
    int64_t id;             /* out: the reserved range (DC_PRINT_OK) */
} dc_print_plan;

/* Chooses and records (reserves) the serials of a print in one write transaction, so that two
 * prints at once never get the same ones; a verdict other than DC_PRINT_OK records nothing. If
 * the PDF is then not written, dc_archive_release_print(id) takes the range back. Errors:
 * DC_ERR_INVALID_ARG, DC_ERR_NO_SPACE, DC_ERR_ARCHIVE (also when opened read-only). A print
 * recorded is chained, and so is one taken back, in the same transaction. */
int dc_archive_reserve_print(dc_archive *a, dc_print_plan *plan);
int dc_archive_release_print(dc_archive *a, int64_t id);

/* Serials first..last. */
typedef struct dc_serial_span {
    long first, last;
} dc_serial_span;

/* "000012, 000015-000017" of spans s[0..n): a new string (caller frees), NULL on no memory. */
char *dc_serial_spans_text(const dc_serial_span *s, size_t n);

/* The forms a stack leaves to find: serials of a print of access forms ("set" or "access") that
 * no page in the archive has, above the highest serial of that print written on in other batches
 * below this batch's highest form written on (a page that is not blank: a blank unused form was
 * not handed out, and its stack names nothing below it), and below that. Forms are handed out in
 * serial order, so these were handed out before this stack's and did not come back (spoilt, lost,
 * a visit still open, or in a stack not scanned yet); a gap an earlier stack left is that stack's,
 * said once. finished[0..nfinished): batches cut off before (killed) that the scan of batch_id
 * finished: their pages are this stack's (no scan said what that stack left to find).
 * *out: sorted, merged spans (caller frees); NULL, 0 when none or when the archive records no
 * print. DC_ERR_ARCHIVE, DC_ERR_NOMEM. */
int dc_archive_batch_serials_to_find(dc_archive *a, int64_t batch_id, const int64_t *finished, size_t nfinished,
                                     dc_serial_span **out, size_t *n);

/* The reason of a form page stored as blank because nothing is written on it (form, serial, sheet
 * page): dc_archive_add_page stores such a page as an unused form, not a visit, so that its serial
 * stays free for the visit it is later used for; unless it is the checklist of a stored access
 * form that has no checklist yet (a visit with no devices). */
#define DC_PAGE_UNUSED_FMT "nothing is written on %s %s page %d: an unused form, not a visit"

/* Default path: "./dcaccess.db". */
#define DC_ARCHIVE_DEFAULT_PATH "dcaccess.db"

/* Opens an archive. A schema newer than this build knows -> DC_ERR_ARCHIVE. DC_ERR_NOT_FOUND: no
 * archive at `path` (unless DC_ARCHIVE_CREATE). DC_ERR_IO: `path` is a folder, or, to write, the
 * archive or its folder (where SQLite keeps the -wal and -shm files) is not writable by this user.
 * *out belongs to the caller: dc_archive_close(). */
int dc_archive_open(dc_archive **out, const char *path, dc_archive_mode mode);
void dc_archive_close(dc_archive *a);
/* SQLite's quick check of the archive file (its pages and indexes, not the hash chain, which
 * dc_archive_verify checks): DC_ERR_ARCHIVE naming what is damaged, and what to do. `scan` runs it
 * before it stores anything: a page written into a damaged file can be lost with it. */
int dc_archive_check_intact(dc_archive *a);
/* A folder where dc_archive_verify also looks for a scan file no longer where it was scanned (an
 * auditor's copy of the scans): the longest end of its path found there with the content scanned
 * (its SHA-256, as always), else a file of its name anywhere below it with that content (a copy in
 * a layout of its own: the folder is walked once a verify, and only files of that name are read).
 * NULL: only where it was scanned. DC_ERR_NOT_FOUND when `dir` is not a folder. */
int dc_archive_set_scans_dir(dc_archive *a, const char *dir);
/* The underlying connection, for read-only queries on the documented schema (report/). */
struct sqlite3 *dc_archive_db(dc_archive *a);
/* Whether the archive database `db` has `column` in `table` (an older schema may not). */
bool dc_archive_db_has_column(struct sqlite3 *db, const char *table, const char *column);
const char *dc_archive_path(const dc_archive *a);

/* Writes a consistent copy of the whole archive to `dest` (SQLite's online backup: safe while a
 * scan or a correction runs in another process), through `dest`.part, flushed to disk and then
 * renamed, so `dest` is either the complete copy or absent. `dest` must not exist yet.
 * DC_ERR_INVALID_ARG, nothing done, for a `dest` that names a file or folder there already, has a
 * journal or -wal of that name beside it, or is in a folder that does not exist (the detail names
 * it and says what to do); DC_ERR_IO (cannot be created or renamed, naming it), DC_ERR_NO_SPACE (disk full;
 * the partial copy is removed), DC_ERR_ARCHIVE (SQLite failed). The archive is not changed. */
int dc_archive_backup(dc_archive *a, const char *dest);

/* ---- ingest ---- */

/* Starts a batch ("running"); batches left "running" by a crashed run become "interrupted".
 * batch_date "YYYY-MM-DD" (NULL: today, local time). */
int dc_archive_batch_begin(dc_archive *a, const char *batch_date, int64_t *batch_id);
/* status: "finished" or "interrupted". A batch that stored no page is removed (a scan of files
 * all archived already leaves no empty batch). */
int dc_archive_batch_end(dc_archive *a, int64_t batch_id, const char *status);

/* A scan batch that did not finish: killed, a power cut, a full disk (status "interrupted"), or
 * one still "running" (another scan now, or one killed before the next scan began). */
typedef struct dc_unfinished_batch {
    int64_t batch;
    char batch_date[11];
    char started[32];     /* UTC, as stored */
    long pages;           /* pages it stored */
    long unbuilt;         /* of its serials, those whose form pages have no record yet */
    bool running_now;     /* its scan runs still (its process is alive, on this machine) */
} dc_unfinished_batch;
/* The batches that did not finish, oldest first; *out malloc'd (free()), NULL when none. A batch
 * counts as finished once a later scan that finished found its pages already archived (the same
 * files scanned again: dc_archive_batch_resumed). */
int dc_archive_unfinished(dc_archive *a, dc_unfinished_batch **out, size_t *n);
/* The files batch `batch_id` read whose path an earlier batch read with other content, when not
 * every page read from that content is, by its pixels, a page of the new one (a scanner that writes
 * its default names again, a file copied over another): the pages read before can no longer be
 * checked against the file, and verify will say so. *files malloc'd: dc_archive_strings_free. */
int dc_archive_replaced_files(dc_archive *a, int64_t batch_id, char ***files, size_t *n);
/* Records what batch `batch_id` is given to read: its files and folders (made absolute). */
int dc_archive_batch_inputs(dc_archive *a, int64_t batch_id, const char *const *paths, size_t n);
/* Batch `batch_id` has finished: marks finished every earlier batch that did not finish and whose
 * inputs it read all of (the same files or folders, or folders holding them), unless its scan runs
 * still; *finished says how many. One that stored no page is removed. */
int dc_archive_batches_finished_by(dc_archive *a, int64_t batch_id, size_t *finished);
/* For a batch that did not finish made before schema 8 (no inputs recorded): marks it finished, a
 * later scan having found its pages archived (removed if it holds no page now: each was read again
 * by the later scan, which stores it). No-op for other batches. */
int dc_archive_batch_resumed(dc_archive *a, int64_t earlier);

/* *out = whether (file_sha256, page) is already stored. */
int dc_archive_has_page(dc_archive *a, const char *file_sha256, int page, bool *out);
/* The key `r`'s page is stored under (pages.file_sha256, with r->page): its file's SHA-256, or for a
 * file with no content to know it by (empty, unreadable) "nohash:" and the SHA-256 of its full path,
 * as dc_archive_add_page keys it. */
void dc_archive_page_key(const dc_page_result *r, char key[80]);

/* Stores one page (and its fields) in ONE transaction. Already stored (same file_sha256+page):
 * nothing changes, *stored = false; except a page stored as rejected for an unknown template
 * (DC_PAGE_UNKNOWN_TEMPLATE_START) that the scanner now reads (`r` not rejected), once the
 * template is there: it is stored in its place, with the same id, in batch `batch_id`, *stored =
 * true, and chained again as a page (its entry as rejected stays in the chain; verify compares
 * the newest). A form page that
 * repeats a stored serial+form or image is stored as 'duplicate'. An access form stored as
 * rejected may reject the other pages of its set that its stack stored before it, even in an
 * earlier run (their reason starts with DC_PAGE_SET_TAKEN_START), and take such a checklist from
 * the visit stored under the serial (dc_archive_sync_records builds that record again without
 * it). *status_out (may be NULL) gets the status it was stored with. */
int dc_archive_add_page(dc_archive *a, int64_t batch_id, const dc_page_result *r, bool *stored,
                        dc_page_status *status_out);

typedef struct dc_archive_sync_stats {
    size_t records_built;     /* records created or changed by this call */
    size_t records_unchanged;
} dc_archive_sync_stats;

/* Builds or updates the record of every serial whose stored pages are not yet reflected in
 * its record (new serials, a checklist paired later, records lost to a crash), runs the rules
 * and appends chain entries; each record in its own transaction. Records whose pages did not
 * change are left alone (idempotent). A visit's checklist that an earlier run of its stack stored
 * before the set's access form was rejected (the other page of that sheet: dc_archive_add_page) is
 * taken from it, rejected, and the record built again without it, unless a person corrected the
 * record (counted in records_built). `stats` may be NULL. A record a newer dcaccess checked (a
 * later rules engine, dc_rules_stamp_engine) is not built again by this one: the others are, and
 * then DC_ERR_NEWER names it (its pages stay stored; the newer dcaccess builds it). */
int dc_archive_sync_records(dc_archive *a, const dc_rules *rules, dc_archive_sync_stats *stats);

/* Whether the checklist in the record of `serial` (a visit with its access form) is, it now appears,
 * the other page of a sheet whose access form its stack rejected: the one dc_archive_sync_records
 * takes back, and leaves in a record a person corrected. *found then, and `reason` says why (as a
 * page rejected so). */
int dc_archive_checklist_of_other_sheet(dc_archive *a, const char *serial, char *reason, size_t len, bool *found);

/* ---- reading ---- */

/* The record of `serial` as stored (fields with states) and, if `findings` is not NULL, its
 * stored findings. DC_ERR_NOT_FOUND if there is no such record. *out belongs to the caller. */
int dc_archive_record_load(dc_record **out, dc_findings *findings, dc_archive *a, const char *serial);

/* Serials of stored records, sorted, optionally only those whose visit_date (or, while the visit
 * date is unknown, the batch date) starts with `date_prefix` ("2026-11" or "2026-11-02"; NULL: all). *out is a malloc'd array of malloc'd
 * strings: dc_archive_strings_free(). */
int dc_archive_record_serials(char ***out, size_t *n, dc_archive *a, const char *date_prefix);
void dc_archive_strings_free(char **v, size_t n);

/* The distinct values a person has checked (state "corrected": `dcaccess correct` or `review`,
 * also "checked, as read") in the template field `field` of `form` pages ("access",
 * "id_number"), sorted; nothing written ("") is left out. A returning visitor's ID and phone
 * numbers are among them (dc_scan_options.known). *out: dc_archive_strings_free().
 * Errors: DC_ERR_INVALID_ARG, DC_ERR_ARCHIVE, DC_ERR_NOMEM. */
int dc_archive_checked_values(char ***out, size_t *n, dc_archive *a, const char *form, const char *field);

/* What a person checked in the access form's `field` ("visitor_name", "institution") on forms
 * whose record has an ID number (accepted or checked): *n pairs in *pairs, pairs[2i] the ID number
 * and pairs[2i+1] the value, by ID number and, for one ID number, the latest form first (visit
 * date, else batch date; then serial). For dc_scan_options.visitors. Free with
 * dc_archive_strings_free(*pairs, 2 * *n). Errors: DC_ERR_INVALID_ARG, DC_ERR_ARCHIVE, DC_ERR_NOMEM. */
int dc_archive_visitor_values(char ***pairs, size_t *n, dc_archive *a, const char *field);

/* Where a value was checked (dc_archive_checked_values): the form's serial, its record's visitor
 * name ("" if unknown) and visit date (else batch date), the latest if there are several. For a
 * reviewer judging a suggestion. DC_ERR_NOT_FOUND when no person checked `value` there;
 * DC_ERR_INVALID_ARG, DC_ERR_ARCHIVE. */
typedef struct dc_checked_source {
    char serial[32];
    char visitor[64];
    char day[11];
} dc_checked_source;
int dc_archive_checked_source(dc_archive *a, const char *form, const char *field, const char *value,
                              dc_checked_source *out);

/* The same visitor's value: when record `serial`'s ID number is settled (accepted or checked, so
 * the record holds it) and another record has the same ID number, the value a person checked in
 * the access form field `field` ("visitor_name", "institution", "phone") of the latest such record
 * (*value, malloc'd) and where (*src). For review's hint. DC_ERR_NOT_FOUND when there is none;
 * DC_ERR_INVALID_ARG, DC_ERR_ARCHIVE, DC_ERR_NOMEM. */
int dc_archive_same_id_value(dc_archive *a, const char *serial, const char *field, char **value,
                             dc_checked_source *src);

/* The first and last day with a stored record (its visit date, or while that is unknown its batch
 * date), as "YYYY-MM-DD", and how many records there are; both "" and 0 in an empty archive.
 * Errors: DC_ERR_ARCHIVE. */
int dc_archive_visit_days(dc_archive *a, char first[11], char last[11], long *records);

/* A field waiting for review. */
typedef struct dc_pending_field {
    char serial[32];
    char field[48];          /* record field id */
    char *value;             /* best reading, may be NULL */
    double confidence;
    char why[24];            /* fields.why: a dc_review_why_name, "" when not recorded (stored
                              * before schema 7); dc_review_why_text says it for a person */
    unsigned char *crop_png; /* may be NULL */
    size_t crop_png_len;
} dc_pending_field;

/* A stored field of a form page, with its crop (dc_archive_each_field). */
typedef struct dc_stored_field {
    const char *serial;
    const char *form;               /* "access" | "checklist" */
    int template_version;
    const char *field;              /* template field id (page-local) */
    const char *value;              /* NULL = nothing written (or nothing read) */
    const char *state;              /* "empty" | "accepted" | "review" | "corrected" */
    double confidence;
    const char *batch_date;         /* YYYY-MM-DD of the batch the page was scanned in */
    const char *file;               /* source image file and 1-based page */
    int page;
    const unsigned char *crop_png;  /* NULL when the scan kept no crops (--no-crops) */
    size_t crop_png_len;
    uint32_t crossed;               /* dc_field_value.crossed as scanned (0 in a schema-1 archive) */
    const char *basis;              /* fields.basis: why the scanner accepted the value as read
                                     * ("reading", "batch_date", ...); NULL when it did not, or
                                     * before schema 3 */
    const char *read_as;            /* fields.read_as, or NULL */
    const char *why;                /* fields.why (schema 7): why the scanner sent it to review, a
                                     * dc_review_why_name; NULL when not in review or not recorded */
    bool recorded;                  /* its serial has a record; not yet when the page's scan is at
                                     * work now, or was cut off before it built it */
} dc_stored_field;

/* Calls `cb` for every field of a form page in `state` ("corrected": checked by a person with
 * `dcaccess correct`; "accepted", "review", "empty"), by serial, form and field, optionally
 * only for batches whose batch_date starts with `date_prefix` ("2026-11", "2026-11-02"; NULL:
 * all). The strings and crop belong to the archive and are valid only during the call. A
 * non-zero return from `cb` stops the walk and is returned; otherwise DC_OK or DC_ERR_ARCHIVE. */
int dc_archive_each_field(dc_archive *a, const char *state, const char *date_prefix,
                          int (*cb)(void *user, const dc_stored_field *f), void *user);

/* The fields in review that can be answered, by serial then field (dc_archive_each_field, state
 * "review"): those of forms with a record. *unbuilt (may be NULL) counts the others: fields of
 * forms whose record the scan storing them (at work now, or cut off) has not built yet; a
 * correction of one was refused ("no record"), and review stopped on it. *out belongs to the
 * caller: dc_pending_free(). */
int dc_archive_pending(dc_pending_field **out, size_t *n, size_t *unbuilt, dc_archive *a);
void dc_pending_free(dc_pending_field *v, size_t n);

/* Fills *x from a stored field (serial, record field id, value, confidence, crop: copies that
 * dc_pending_free frees). DC_ERR_NOMEM; what was copied before the failure is in *x. */
int dc_pending_field_copy(dc_pending_field *x, const dc_stored_field *f);

/* ---- corrections ---- */

/* Checks record `serial` again with `rules` when it was last checked with other rules, by an
 * earlier rules engine (dc_rules_stamp), or before the archive kept them: its findings are
 * recomputed, stored and chained, with a chained correction of the pseudo-field "rules" (old -> new) signed by `who` (why: may be NULL), which
 * the audit report shows. *other_rules says whether it was; `before`/`after` (may be NULL) get
 * the findings then. A record checked with these rules already is left as it is. Errors:
 * dc_archive_check_signature's, DC_ERR_NOT_FOUND (no such record), DC_ERR_TAMPERED (the record
 * differs from its chain entry: nothing changed), DC_ERR_NEWER (a later rules engine than this
 * dcaccess's checked it: nothing changed; so also for a correction or batch date of such a
 * record), DC_ERR_NO_SPACE, DC_ERR_ARCHIVE. */
int dc_archive_recheck(dc_archive *a, const dc_rules *rules, const char *serial, const char *who, const char *why,
                       dc_findings *before, dc_findings *after, bool *other_rules);

/* The signature of a correction: `who` has a letter or digit, no space (nor U+00A0) at either end,
 * at most DC_SIGNATURE_MAX characters, and like `why` (which may be NULL or hold several lines)
 * passes dc_text_check. DC_OK, or DC_ERR_INVALID_ARG saying what is wrong. Every correction,
 * answer and batch-date change checks it; the CLI calls it to refuse a name before asking. */
#define DC_SIGNATURE_MAX 100
int dc_archive_check_signature(const char *who, const char *why);

/* Sets the date of scan batch `batch_id` (the day its stack was filled in, `scan --batch-date`) to
 * `date`, for a batch scanned without it or with a wrong one: each record of the batch gets a
 * correction of "batch_date" (old and new date, who, when, why: chained like any correction) and
 * is checked again with the new date (date_mismatch), in one transaction. A visit date the scan
 * accepted only because it read as the old batch date (basis 'batch_date') goes back to review;
 * one in review only for being unsure (why 'unsure', schema 7) that reads as the new date, with
 * every cell at `date_context_conf` (its stored confidence is its lowest cell's), is accepted as
 * the scan would have (basis 'batch_date'; DC_SCAN_DATE_CONTEXT_CONF; 0 or more than 1 redoes
 * neither). *out (may be NULL) gets what changed; all 0 when the batch already has that date.
 * DC_ERR_NOT_FOUND: no such batch. DC_ERR_VALUE: not a date. DC_ERR_INVALID_ARG: no `who`, or
 * text that is not valid. DC_ERR_TAMPERED: a record of the batch was altered outside dcaccess
 * (nothing is changed). */
typedef struct dc_batch_redate {
    size_t records;          /* records moved to the new date and checked again */
    size_t dates_accepted;   /* visit dates in review that read as the new date, now accepted */
    size_t dates_to_review;  /* visit dates accepted as the old date only, back in review */
    bool date_changed;       /* the batch had another date (also when it holds no record) */
} dc_batch_redate;
int dc_archive_set_batch_date(dc_archive *a, const dc_rules *rules, int64_t batch_id, const char *date,
                              const char *who, const char *why, double date_context_conf, dc_batch_redate *out);

/* Sets a field of a record to `value` (validated with dc_record_validate_value; "" = nothing
 * written), records who/when/why and the old value, recomputes the record's status and findings
 * with `rules`, and appends chain entries for the correction and the record, all in one
 * transaction. `before`/`after` (may be NULL) receive the findings before and after.
 * DC_ERR_NOT_FOUND: no such record, or the field is not on a page the record has.
 * DC_ERR_VALUE: the value is not valid for the field. */
int dc_archive_correct(dc_archive *a, const dc_rules *rules, const char *serial, const char *field,
                       const char *value, const char *who, const char *why,
                       dc_findings *before, dc_findings *after);
/* dc_archive_correct for an answer to a review list: written only if the field is still in review
 * when the write's transaction holds the lock, else DC_ERR_CHANGED and nothing is written (someone
 * else answered or corrected it since the list was read). */
int dc_archive_answer_review(dc_archive *a, const dc_rules *rules, const char *serial, const char *field,
                             const char *value, const char *who, const char *why, dc_findings *before,
                             dc_findings *after);

/* ---- reports written (schema 14) ----
 * reports_written(id INTEGER PK, kind TEXT 'daily'|'monthly'|'audit', period TEXT ('YYYY-MM-DD' for
 *         a daily report, 'YYYY-MM'), lang TEXT ('id', 'en'), files TEXT (the files written, one a
 *         line), command TEXT (the command that writes them again), archive TEXT (the archive's
 *         absolute path: a copy of it elsewhere holds its notes, and lists none of them), at TEXT
 *         (UTC, when written),
 *         chain_seq INTEGER (the last chain entry when the report's figures were read, 0 in an
 *         empty archive)): what `dcaccess report` wrote, so that a correction can say which report
 *         it made out of date. Not chained: a report written is no evidence of a visit, and chaining
 *         it would move the chain head the audit report prints as it is written; a row deleted only
 *         loses that notice. */

/* The last chain entry's seq (0: none): the state of the archive a report reflects, and, taken
 * before a change, what dc_archive_reports_outdated compares with. Errors: DC_ERR_ARCHIVE. */
int dc_archive_chain_last(dc_archive *a, long long *seq);

/* A report written, to note (strings belong to the caller). */
typedef struct dc_report_note {
    const char *kind;      /* "daily", "monthly" or "audit" */
    const char *period;    /* "YYYY-MM-DD" for a daily report, else "YYYY-MM" */
    const char *lang;      /* "id", "en" */
    const char *files;     /* the files written, one a line */
    const char *command;   /* the command that writes them again, as a person types it */
    long long chain_seq;   /* dc_archive_chain_last, read with the report's figures */
} dc_report_note;

/* Notes report `n` as written now. Needs an archive opened to write (DC_ARCHIVE_EXISTING or
 * CREATE: `report` reads with a read-only one, and notes with another). Errors: DC_ERR_INVALID_ARG
 * (a kind, period or text missing or of the wrong form), DC_ERR_ARCHIVE (also when opened
 * read-only at a schema before 14, or query-only), DC_ERR_NO_SPACE. */
int dc_archive_note_report(dc_archive *a, const dc_report_note *n);

/* A report noted that a change made out of date. */
typedef struct dc_report_outdated {
    char kind[8];       /* "daily", "monthly", "audit" */
    char period[11];
    char lang[3];
    char written[17];   /* when, in local time: "YYYY-MM-DD HH:MM" */
    char *files;        /* one a line */
    char *command;      /* what writes it again */
} dc_report_outdated;

/* The reports noted (dc_archive_note_report) from this archive, at its path, that a correction
 * chained after entry `since`
 * (dc_archive_chain_last before the change: a correction, a review's answers, a batch's new date,
 * a recheck) touched and that do not reflect it: the newest note of each (kind, period, language,
 * files), when written before that correction. A correction touches the daily report of its
 * record's day (its visit date, else batch date) and of its stack's day (batch date), the monthly
 * and audit reports of its record's month, the audit report of the month it was made in (local
 * time), and those of an old visit or batch date it replaced; a confirmation of a value that was not
 * in review changes only the audit reports. What a scan stored after `since` (dc_archive_chain_last
 * before it) touches them as well: a record chained with no correction of its own (a page added
 * to it) the daily reports of its day and its stack's day and the monthly and audit reports of its
 * month; a rejected page the daily report of its batch date and the audit report of that month; a
 * duplicate or blank page none. By kind (daily, monthly, audit), then period. *out belongs to the
 * caller: dc_report_outdated_free(). Errors: DC_ERR_ARCHIVE, DC_ERR_NOMEM. */
int dc_archive_reports_outdated(dc_archive *a, long long since, dc_report_outdated **out, size_t *n);
void dc_report_outdated_free(dc_report_outdated *v, size_t n);

/* ---- verification ---- */

typedef struct dc_archive_problems {
    size_t n;
    char **items;      /* one human-readable line per problem */
    size_t chain_entries;
    size_t records, corrections, source_files;
    size_t sources_rescanned;   /* file contents replaced by a later scan that holds every page read
                                 * from them, pixel for pixel (a copy completed after its first scan) */
    size_t sources_moved;   /* source files found under the folder dc_archive_set_scans_dir gave */
    size_t scans_hashed;    /* files read below that folder (found by name, not at an end of a source
                             * file's path) to find them: each at most once per verify, however many
                             * source files share its name (a scanner's 0001.png of every day) */
    size_t unbuilt;     /* serials whose form pages a scan that did not finish (killed, disk full)
                         * stored without building their record yet: not a problem, the next scan
                         * builds them. Form pages without a record in a finished batch are one. */
    size_t sources_missing;   /* of the n problems, source files not found (moved or deleted, not
                               * changed): what to do is to give their folder, not to restore a backup */
    char head_hash[65]; /* hash of the last chain entry ("" if empty) */
} dc_archive_problems;

/* Recomputes the whole chain from the current tables and checks every source file's SHA-256
 * (but for a file every page of which was rejected: scanning that sheet again replaces it).
 * Returns DC_OK with problems->n == 0 when all verifies; DC_OK with problems listed (each naming
 * the record, correction, chain entry or file: altered, missing, inserted, changed) otherwise.
 * Errors only for I/O/database failure. Caller frees with dc_archive_problems_clear(). */
int dc_archive_verify(dc_archive_problems *problems, dc_archive *a);
void dc_archive_problems_clear(dc_archive_problems *p);

/* A chain head printed earlier (on an audit report, by verify or backup), or its first 12 or more
 * hex digits, found in the chain: *seq its entry, `full` its whole hash, `at` when the entry was
 * made (UTC), *at_sealed whether the entry's hash seals that time (entries made since schema 11;
 * an entry made before keeps its time beside it, unsealed). With dc_archive_verify passing, every
 * entry up to it is as it was when the head was printed: a chain rebuilt or cut back since no
 * longer holds it. DC_ERR_NOT_FOUND when no entry has it, DC_ERR_VALUE when `head` is not 12-64
 * hex digits or names more than one entry. */
int dc_archive_find_head(dc_archive *a, const char *head, long long *seq, char full[65], char at[32],
                         bool *at_sealed);
/* Whether `head` has the form dc_archive_find_head takes: 12 to 64 hex digits, either case. */
bool dc_archive_head_form_ok(const char *head);

/* One read of the archive across calls: dc_archive_verify and dc_archive_find_head made between
 * dc_archive_read_begin and dc_archive_read_end see it as it was at the first of them, not what
 * another command (a scan) writes meanwhile, so the chain verify counts and the entry a head is
 * found at are one chain (verify --head's "entry #N of M"). No write with `a` in between; closing
 * `a` ends the read too. dc_archive_read_begin: DC_ERR_ARCHIVE when the database refuses. */
int dc_archive_read_begin(dc_archive *a);
void dc_archive_read_end(dc_archive *a);

#endif
