/* cli/cmd_archive.c: the archive commands (records, verify, pending, correct) and scan's ingest hooks.
 *
 * Rules: `--rules FILE` (scan, review, correct, report), else $DCACCESS_RULES, else the SOP defaults
 * (parse/rules.default.json is the template for a site's file). Batch date: `scan --batch-date
 * YYYY-MM-DD`, else $DCACCESS_BATCH_DATE, else today: the day a scanned stack belongs to when it is
 * scanned on another day (date_mismatch compares visit dates with it).
 * Exit codes as in cli.h: verify exits 1 when it finds a problem; correct exits 2 for a value that
 * is not valid for the field or a serial/field that does not exist. */
#include "cli.h"
#include "dc_archive.h"
#include "dc_error.h"
#include "dc_scan.h"
#include "dc_template.h"
#include "dc_util.h"

#include <errno.h>
#include <jansson.h>
#include <sqlite3.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>
#include <sys/stat.h>

/* ---- shared ---- */

int cli_check_named(const char *cmd, const char *how, const char *path, const char *file)
{
    struct stat st;
    if (path && !*path && how[0] != '$') {   /* `--scans "$DIR"` with DIR unset: it was read as no path */
        fprintf(stderr, "dcaccess %s: %s \"\": an empty name, no file or folder; nothing was done\n", cmd, how);
        return CLI_USAGE;
    }
    if (!path || !*path)
        return CLI_OK;
    const bool found = stat(path, &st) == 0;
    if (!found && errno != ENOENT && errno != ENOTDIR)
        return CLI_OK;   /* there, but not to be looked at (a folder on the way not searchable): its loader says why */
    /* the loaders said 'adir: file input/output error: adir: is a folder, not a file' (a staff roster
     * 'starting the scanner: ...'), naming no option and the file twice, and verify --scans FILE
     * 'not found: FILE: not a folder (a file)' */
    const bool wrong_kind = found && (file ? S_ISDIR(st.st_mode) : !S_ISDIR(st.st_mode));
    if (found && !wrong_kind)
        return CLI_OK;
    char *shown = cli_shown(path);
    const char *sep = how[0] == '$' ? "=" : " ";
    if (!found)
        fprintf(stderr, "dcaccess %s: %s%s%s: no such file or folder; nothing was done\n", cmd, how, sep, shown ? shown : "");
    else if (file)
        fprintf(stderr, "dcaccess %s: %s%s%s: is a folder, not %s: name the file itself; nothing was done\n", cmd, how, sep,
                shown ? shown : "", file);
    else
        fprintf(stderr, "dcaccess %s: %s%s%s: is a file, not a folder: name the folder it is in; nothing was done\n", cmd,
                how, sep, shown ? shown : "");
    free(shown);
    return found ? CLI_FAIL : CLI_USAGE;
}

/* The rules in force: `path` if given, else the file named by $DCACCESS_RULES, else the SOP
 * defaults (parse/rules.default.json holds the same values, as a starting point for a site's file). */
int cli_load_rules(dc_rules *r, const char *path, const char *cmd)
{
    const char *how = "--rules";
    if (!path) {
        path = getenv("DCACCESS_RULES");
        how = "$DCACCESS_RULES";
    }
    int st = cli_check_named(cmd, how, path, "a rules file");   /* --rules "" too: the defaults were not asked for */
    if (st != CLI_OK)
        return st;
    if (!path || !*path) {
        dc_rules_default(r);
        return CLI_OK;
    }
    int rc = dc_rules_load(r, path);
    if (rc == DC_OK)
        return CLI_OK;
    /* the loader's words name the file (and the key at fault): said once, after the option (it was
     * 'dcaccess: FILE: file input/output error: FILE: Permission denied') */
    const char *d = dc_error_detail();
    fprintf(stderr, "dcaccess %s: %s: %s%s%s\n", cmd, how, dc_strerror(rc), d && *d ? ": " : "", d && *d ? d : "");
    return CLI_FAIL;
}

const char *cli_take_archive(int *argc, char **argv, bool *bad)
{
    const char *path = DC_ARCHIVE_DEFAULT_PATH;
    int j = 0;
    bool given = false;
    *bad = false;
    for (int i = 0; i < *argc; i++) {
        if (strcmp(argv[i], "--archive") == 0) {
            if (i + 1 >= *argc || given || !argv[i + 1][0]) {
                /* which of two archives was meant cannot be known (the last one was used), and an
                 * empty name is a mistake, not ./dcaccess.db */
                fprintf(stderr, "dcaccess %s: --archive %s\n", argv[0], i + 1 >= *argc ? "wants a file name"
                                                                      : given ? "given twice" : "wants a file name, not \"\"");
                *bad = true;
                return NULL;
            }
            given = true;
            path = argv[++i];
            continue;
        }
        argv[j++] = argv[i];
    }
    *argc = j;
    return path;
}

int cli_date_filter(const char *cmd, const char *opt, const char *val, const char **prefix)
{
    if ((strcmp(opt, "--date") == 0 || strcmp(opt, "--month") == 0) && *prefix) {
        fprintf(stderr, "dcaccess %s: give one --date or one --month\n", cmd);   /* both printed nothing */
        return -1;
    }
    if (strcmp(opt, "--date") == 0) {
        *prefix = val;
        const int c = dc_date_check(val, NULL, NULL, NULL);
        if (c)
            fprintf(stderr, "dcaccess %s: --date %s: %s\n", cmd, val, c == 2 ? "no such day" : "not a date (YYYY-MM-DD)");
        return c ? -1 : 1;
    }
    if (strcmp(opt, "--month") == 0) {
        *prefix = val;
        char probe[16];
        snprintf(probe, sizeof probe, "%.7s-01", val);
        const bool ok = strlen(val) == 7 && dc_date_check(probe, NULL, NULL, NULL) == 0;
        if (!ok)
            fprintf(stderr, "dcaccess %s: --month %s: not a month (YYYY-MM)\n", cmd, val);
        return ok ? 1 : -1;
    }
    return 0;
}

static const char *nz(const char *s) { return s ? s : ""; }

bool cli_once(const char *cmd, const char *opt, const char **slot, const char *value)
{
    if (*slot) {
        fprintf(stderr, "dcaccess %s: %s given twice\n", cmd, opt);
        return true;
    }
    *slot = value;
    return false;
}

/* The options of a command that changes records: --by NAME, --why TEXT (not for review, whose
 * answers say their own why: `why` NULL) and --rules FILE, each at most once. True when argv[*i]
 * is one of them with its value: taken, and *i moved onto the value; *bad set when it was given
 * before. */
static bool signing_option(int argc, char **argv, int *i, const char **who, const char **why, const char **rules,
                           bool *bad)
{
    if (*i + 1 >= argc)
        return false;
    const char *opt = argv[*i];
    const char **slot = strcmp(opt, "--by") == 0              ? who
                        : strcmp(opt, "--why") == 0 && why    ? why
                        : strcmp(opt, "--rules") == 0         ? rules
                                                               : NULL;
    if (!slot)
        return false;
    *bad = cli_once(argv[0], opt, slot, argv[++*i]);
    return true;
}

char *cli_shown(const char *s)
{
    s = s ? s : "";
    const size_t len = strlen(s);
    char *out = malloc(4 * len + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < len;) {
        size_t next = i;
        const uint32_t c = dc_utf8_next(s, &next);
        /* a byte that starts no UTF-8 character (a Latin-1 name from another system's share) reached
         * the terminal raw, as did a C1 control (U+009B is an escape sequence's start to some) */
        const bool escaped = (c == 0xFFFD && next == i + 1) || c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F);
        for (; i < next; i++)
            o += escaped ? sprintf(o, "\\x%02x", (unsigned char)s[i]) : (*o = s[i], 1);
    }
    *o = 0;
    return out;
}

/* ---- ingest hooks (called by `dcaccess scan`) ---- */

struct cli_ingest {
    dc_archive *a;
    dc_rules rules;
    int64_t batch_id;
    bool new_archive;      /* the archive file did not exist: this scan made it (said, with its whole path) */
    size_t stored, skipped, forms, blank, duplicate, rejected;
    size_t copies;         /* pages of a file whose content was already read in this run */
    size_t read_form_duplicate;   /* pages the scanner read as forms, stored as duplicates */
    char **still;          /* pages skipped as already archived that were rejected then: "FILE page N: why" */
    size_t nstill, cap_still;
    char **copy_of;        /* "FILE: the same content as FILE", once per file */
    size_t ncopy, cap_copy;
    struct other_date {    /* pages this run found archived by a batch of another batch date, each once */
        int64_t page, batch;
        char date[16];     /* that batch's date */
    } *odate;
    size_t nodate, cap_odate;
    int64_t *resumed;      /* earlier batches whose pages this run found archived */
    size_t nresumed, cap_resumed;
    char **waiting;        /* "checklist ... not stored" lines for the summary */
    size_t nwaiting, cap_waiting;
    const dc_template_set *templates; /* the scanner's */
    char batch_date[11];   /* this scan's */
    struct again {         /* pages rejected before as unknown templates, read again by this run */
        char sha[80];
        int page;
    } *again;
    size_t nagain, cap_again;
    char **again_lines;    /* what each became: "FILE page N: ..." */
    size_t nagain_lines, cap_again_lines;
    size_t again_rejected; /* of those lines, pages the scanner rejected again (not stored) */
    dc_page_result *later; /* checklists with nothing written whose access form was not stored yet:
                            * stored at the end of the run, when a stack fed last page first has
                            * given their access forms (they were stored as unused forms) */
    size_t nlater, cap_later;
    long long since;       /* the last chain entry before this scan: the reports it makes out of date */
};

static void say_outdated(dc_archive *a, long long since, const char *cmd);
static long long chain_now(dc_archive *a);

int cli_ingest_begin(cli_ingest **out, const char *archive_path, const dc_rules *rules, const char *batch_date,
                     const char *const *inputs, size_t ninputs, const dc_template_set *templates)
{
    *out = NULL;
    cli_ingest *in = calloc(1, sizeof *in);
    if (!in)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    in->templates = templates;
    snprintf(in->batch_date, sizeof in->batch_date, "%s", batch_date ? batch_date : "");
    in->rules = *rules;
    in->new_archive = access(archive_path, F_OK) != 0 && errno == ENOENT;
    int rc = dc_archive_open(&in->a, archive_path, DC_ARCHIVE_CREATE);
    if (rc == DC_OK)
        rc = dc_archive_check_intact(in->a);
    if (rc == DC_OK)
        in->since = chain_now(in->a);
    if (rc == DC_OK)
        rc = dc_archive_batch_begin(in->a, batch_date, &in->batch_id);
    if (rc == DC_OK)
        rc = dc_archive_batch_inputs(in->a, in->batch_id, inputs, ninputs);
    if (rc != DC_OK) {
        dc_archive_close(in->a);
        free(in);
        return rc;
    }
    *out = in;
    return DC_OK;
}

/* The summary's "copy:" line for `file`, whose content `first` holds (once per file: which file it
 * repeats, so the operator can tell a copy saved twice from a stack scanned under two names;
 * nothing is lost if memory is short). */
static void add_copy_line(cli_ingest *in, const char *file, const char *first, const char *when)
{
    char *shown = cli_shown(file), *was = cli_shown(first);
    const size_t len = shown ? strlen(shown) : 0;
    const bool named = in->ncopy && shown && strncmp(in->copy_of[in->ncopy - 1], shown, len) == 0 &&
                       in->copy_of[in->ncopy - 1][len] == ':';
    if (shown && !named && dc_grow(&in->copy_of, &in->cap_copy, in->ncopy, sizeof *in->copy_of, 4) == 0) {
        char *line = dc_asprintf("%s: the same content as %s%s", shown, nz(was), when);
        if (line)
            in->copy_of[in->ncopy++] = line;
    }
    free(shown);
    free(was);
}

/* Notes once per file that `file`, read now, holds the same scan as the file `stored` archived
 * before under another name (a day's scans copied into another folder): its pages are not stored
 * again, so a stack meant to be new was never scanned, or was scanned before. */
static void note_copy(cli_ingest *in, const char *file, const char *stored)
{
    char *now = file ? realpath(file, NULL) : NULL;
    if (!now || !stored || strcmp(now, stored) == 0) {
        free(now);
        return;
    }
    add_copy_line(in, file, stored, ", archived before");
    free(now);
}

/* For a page stored as rejected with `reason`: when that reason is an unknown template, whether the
 * templates hold it now (*known); false for another reason. */
static bool unknown_template(const cli_ingest *in, const char *reason, bool *known)
{
    *known = false;
    char form[32];
    int version = 0;
    if (!reason || !dc_starts_with(reason, DC_PAGE_UNKNOWN_TEMPLATE_START))
        return false;
    if (in->templates && sscanf(reason, DC_PAGE_UNKNOWN_TEMPLATE_START " form %31s version %d", form, &version) == 2)
        *known = dc_template_set_find(in->templates, form, version) != NULL;
    return true;
}



bool cli_ingest_has_page(cli_ingest *in, const char *file, const char *file_sha256, int page)
{
    /* the page as stored, if it is: one look gives whether, and what to say of it */
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(dc_archive_db(in->a), "SELECT p.batch_id, p.file, p.status, p.reason, b.batch_date, p.id "
                                                 "FROM pages p JOIN batches b ON b.id = p.batch_id WHERE p.file_sha256=? "
                                                 "AND p.page=?", -1, &st, NULL) != SQLITE_OK)
        return false; /* scan it again: add_page is idempotent anyway */
    sqlite3_bind_text(st, 1, file_sha256, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, page);
    const bool have = sqlite3_step(st) == SQLITE_ROW;
    const char *status = have ? (const char *)sqlite3_column_text(st, 2) : NULL;
    bool template_there = false;
    const bool unknown = status && strcmp(status, "rejected") == 0 &&
                         unknown_template(in, (const char *)sqlite3_column_text(st, 3), &template_there);
    const char *stack_date = have ? (const char *)sqlite3_column_text(st, 4) : NULL;
    /* its template is there now: read again (and stored by this scan's batch) if this scan has its
     * stack's date (the scanner reads a visit date against it); else it says with which */
    const bool same_date = stack_date && strcmp(stack_date, in->batch_date) == 0;
    if (have) {
        /* the same files scanned again: a batch cut off before is finished by this run (also when
         * this page is read again: its batch may hold no other page now) */
        const int64_t id = sqlite3_column_int64(st, 0);
        bool known = false;
        for (size_t i = 0; i < in->nresumed && !known; i++)
            known = in->resumed[i] == id;
        if (!known && dc_grow(&in->resumed, &in->cap_resumed, in->nresumed, sizeof *in->resumed, 4) == 0)
            in->resumed[in->nresumed++] = id;
    }
    if (unknown && template_there && same_date &&
        dc_grow(&in->again, &in->cap_again, in->nagain, sizeof *in->again, 4) == 0) {
        struct again *g = &in->again[in->nagain++];
        snprintf(g->sha, sizeof g->sha, "%s", file_sha256);
        g->page = page;
        sqlite3_finalize(st);
        return false;
    }
    if (have) {
        in->skipped++;
        /* stored with another batch date than this scan's: said, since this scan's date changes nothing;
         * a page given again in this run (a copy, or its path twice) is one page */
        const int64_t page_id = sqlite3_column_int64(st, 5);
        bool seen = same_date;
        for (size_t i = 0; i < in->nodate && !seen; i++)
            seen = in->odate[i].page == page_id;
        if (!seen && dc_grow(&in->odate, &in->cap_odate, in->nodate, sizeof *in->odate, 8) == 0) {
            struct other_date *o = &in->odate[in->nodate++];
            *o = (struct other_date){.page = page_id, .batch = sqlite3_column_int64(st, 0)};
            snprintf(o->date, sizeof o->date, "%s", stack_date ? stack_date : "");
        }
        const char *stored = (const char *)sqlite3_column_text(st, 1);
        note_copy(in, file, stored);
        /* a page rejected by an earlier scan is still to be dealt with: said again, not counted away */
        if (status && strcmp(status, "rejected") == 0 &&
            dc_grow(&in->still, &in->cap_still, in->nstill, sizeof *in->still, 8) == 0) {
            char *was = cli_shown(stored);
            char *why = cli_shown((const char *)sqlite3_column_text(st, 3));
            char *date = cli_shown(stack_date);
            /* an unknown template says what to do about it (not "scan a good copy"); a registration
             * mark not found, with which batch date (its stack's); a file that is not a scan, to take
             * it out */
            char adv_buf[256];
            const bool marks = why && (dc_starts_with(why, DC_PAGE_MARKS_NOT_FOUND_START) ||
                                       dc_starts_with(why, DC_PAGE_VERSION_MARKS_START) ||
                                       dc_starts_with(why, DC_PAGE_NOT_A_SCAN_START));
            const char *adv = marks ? dc_page_reason_advice(why, date ? date : "", adv_buf, sizeof adv_buf) : NULL;
            char *line = !unknown ? dc_asprintf("%s page %d: %s%s", nz(was), page, nz(why), adv ? adv : "")
                         : template_there ? dc_asprintf("%s page %d: %s; its template is there now: scan it again with "
                                                "--batch-date %s, the date of its stack, to read it",
                                                nz(was), page, nz(why), nz(date))
                                  : dc_asprintf("%s page %d: %s; put that template in forms/, or update dcaccess, "
                                                "then scan it again", nz(was), page, nz(why));
            free(date);
            if (line)
                in->still[in->nstill++] = line;
            free(was);
            free(why);
        }
    }
    sqlite3_finalize(st);
    return have;
}

static int store_page(cli_ingest *in, const struct dc_page_result *r, bool *as_form);

/* Whether `r` is a checklist with nothing written whose access form the archive does not hold yet:
 * the checklist of a visit with no devices, in a stack fed last page first, or an unused form. */
static bool checklist_before_its_form(cli_ingest *in, const struct dc_page_result *r)
{
    if (r->status != DC_PAGE_FORM || strcmp(r->form, "checklist") != 0 || !r->serial[0] || dc_page_has_writing(r))
        return false;
    bool have = false;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(dc_archive_db(in->a), "SELECT 1 FROM pages WHERE serial=? AND form='access' AND "
                                                 "status='form'", -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_text(q, 1, r->serial, -1, SQLITE_TRANSIENT);
        have = sqlite3_step(q) == SQLITE_ROW;
        sqlite3_finalize(q);
    }
    return !have;
}

int cli_ingest_page(cli_ingest *in, const struct dc_page_result *r, bool *as_form)
{
    if (as_form)
        *as_form = r->status == DC_PAGE_FORM;
    /* kept until the run ends (if memory allows; else stored now, as an unused form) */
    if (checklist_before_its_form(in, r) &&
        dc_grow(&in->later, &in->cap_later, in->nlater, sizeof *in->later, 8) == 0 &&
        dc_page_result_copy(&in->later[in->nlater], r) == DC_OK) {
        in->nlater++;
        return DC_OK;
    }
    dc_error_clear();
    return store_page(in, r, as_form);
}

/* The checklists kept back by cli_ingest_page, now that the run's access forms are stored: kept
 * with the visit whose access form is stored, stored as unused when that access form is unused too;
 * otherwise not stored (it would stay an unused form, its visit without it), and said so. A run
 * interrupted stores none: scanned again, they are read again. */
static int store_later(cli_ingest *in, bool interrupted)
{
    int rc = DC_OK;
    for (size_t i = 0; i < in->nlater; i++) {
        const dc_page_result *r = &in->later[i];
        bool access = false;   /* its access form is in the archive, used or not */
        sqlite3_stmt *q = NULL;
        if (!interrupted && rc == DC_OK &&
            sqlite3_prepare_v2(dc_archive_db(in->a), "SELECT 1 FROM pages WHERE serial=? AND form='access' AND "
                                                     "status IN ('form', 'blank')", -1, &q, NULL) == SQLITE_OK) {
            sqlite3_bind_text(q, 1, r->serial, -1, SQLITE_TRANSIENT);
            access = sqlite3_step(q) == SQLITE_ROW;
            sqlite3_finalize(q);
        }
        if (!interrupted && rc == DC_OK && access)
            rc = store_page(in, r, NULL);
        else if (!interrupted && rc == DC_OK &&
                 dc_grow(&in->waiting, &in->cap_waiting, in->nwaiting, sizeof *in->waiting, 4) == 0) {
            /* its access form rejected (damaged, an unknown template) is in the archive, as rejected */
            char *abs = realpath(r->file, NULL);   /* as the archive names the rejected page */
            char *file = cli_shown(abs ? abs : r->file), *rejected = NULL;
            free(abs);
            int rejected_page = 0;
            if (sqlite3_prepare_v2(dc_archive_db(in->a), "SELECT file, page FROM pages WHERE serial=? AND "
                                                         "form='access' AND status='rejected' AND batch_id IN (SELECT id "
                                                         "FROM batches WHERE batch_date = ?) ORDER BY id DESC LIMIT 1",
                                   -1, &q, NULL) == SQLITE_OK) {   /* of this stack: its batch date */
                sqlite3_bind_text(q, 1, r->serial, -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(q, 2, in->batch_date, -1, SQLITE_TRANSIENT);
                if (sqlite3_step(q) == SQLITE_ROW) {
                    rejected = cli_shown((const char *)sqlite3_column_text(q, 0));
                    rejected_page = sqlite3_column_int(q, 1);
                }
                sqlite3_finalize(q);
            }
            char *line = rejected ? dc_asprintf("checklist %s (%s page %d) has nothing written, and its access form was "
                                                "rejected (%s page %d): not stored; scan it again together with its "
                                                "access form", r->serial, nz(file), r->page, rejected, rejected_page)
                                  : dc_asprintf("checklist %s (%s page %d) has nothing written, and its access form is "
                                                "not in the archive: not stored; scan it again together with its "
                                                "access form", r->serial, nz(file), r->page);
            if (line)
                in->waiting[in->nwaiting++] = line;
            free(file);
            free(rejected);
        }
        dc_page_result_clear(&in->later[i]);
    }
    free(in->later);
    in->later = NULL;
    in->nlater = in->cap_later = 0;
    return rc;
}

/* Whether `r` is a page this run reads again (cli_ingest_has_page let it through). */
static bool read_again_now(const cli_ingest *in, const dc_page_result *r)
{
    for (size_t i = 0; i < in->nagain; i++)
        if (in->again[i].page == r->page && strcmp(in->again[i].sha, r->file_sha256) == 0)
            return true;
    return false;
}

/* Takes `line` (NULL: out of memory, nothing said) into the summary's "read again:" lines; whether
 * it was taken. */
static bool add_again_line(cli_ingest *in, char *line)
{
    if (line && dc_grow(&in->again_lines, &in->cap_again_lines, in->nagain_lines, sizeof *in->again_lines, 4) == 0) {
        in->again_lines[in->nagain_lines++] = line;
        return true;
    }
    free(line);
    return false;
}

/* Stores `r`; *as_form (when not NULL): cli_ingest_page's. */
static int store_page(cli_ingest *in, const struct dc_page_result *r, bool *as_form)
{
    bool stored = false;
    dc_page_status st = r->status;
    int rc = dc_archive_add_page(in->a, in->batch_id, r, &stored, &st);
    if (rc != DC_OK)
        return rc;
    if (as_form)
        *as_form = stored && st == DC_PAGE_FORM;
    /* read as a form, a sheet the archive holds already: the scan's "as read: 14 forms" beside
     * "14 duplicate" stored, said why */
    in->read_form_duplicate += stored && r->status == DC_PAGE_FORM && st == DC_PAGE_DUPLICATE;
    if (!stored) {
        /* the same file content twice in this run (a scan saved twice under two names) is not
         * "already archived": it was not, before this run */
        sqlite3_stmt *q = NULL;
        bool this_batch = false;
        char *first = NULL;   /* the file of this run that had the content first */
        char key[80];   /* as stored: an empty or unreadable file by its path */
        dc_archive_page_key(r, key);
        if (sqlite3_prepare_v2(dc_archive_db(in->a), "SELECT batch_id, file FROM pages WHERE file_sha256=? AND page=?",
                               -1, &q, NULL) == SQLITE_OK) {
            sqlite3_bind_text(q, 1, key, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(q, 2, r->page);
            this_batch = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int64(q, 0) == in->batch_id;
            if (this_batch)
                first = dc_strdup((const char *)sqlite3_column_text(q, 1));   /* shown by add_copy_line */
            sqlite3_finalize(q);
        }
        /* read again with its template there, and rejected again by the scanner */
        const bool again = r->status == DC_PAGE_REJECTED && read_again_now(in, r);
        if (again) {
            char *file = cli_shown(r->file), *why = cli_shown(r->reason);
            in->again_rejected += add_again_line(
                in, dc_asprintf("%s page %d: rejected again by this scan, with its template there (%s): it stays "
                                "rejected, and is read again by each scan of its stack's date; if the sheet is "
                                "whole and flat, the template in forms/ may not be the one it was printed with",
                                nz(file), r->page, nz(why)));
            free(file);
            free(why);
        }
        if (!this_batch && !again && st == DC_PAGE_REJECTED &&
            dc_grow(&in->still, &in->cap_still, in->nstill, sizeof *in->still, 8) == 0) {
            /* a file that still cannot be read (its content has no hash, so the scanner could not
             * skip it), or a page another scan of the same files at the same time stored first: it
             * stays rejected, and is said so (exit 1 named no page), by the full path the archive
             * keeps for it */
            char cwd[4096];
            char *full = r->file && r->file[0] != '/' && getcwd(cwd, sizeof cwd) ? dc_asprintf("%s/%s", cwd, r->file)
                                                                                : NULL;
            char *file = cli_shown(full ? full : r->file), *why = cli_shown(r->reason);
            free(full);
            char *line = dc_asprintf("%s page %d: %s", nz(file), r->page, nz(why));
            if (line)
                in->still[in->nstill++] = line;
            free(file);
            free(why);
        }
        if (this_batch) {
            in->copies++;
            add_copy_line(in, r->file, first, "");
        } else
            in->skipped++;
        free(first);
        return DC_OK;
    }
    if (read_again_now(in, r)) {
        /* stored by this batch in its place: counted with the batch's pages, and said what it is now */
        sqlite3_stmt *q = NULL;
        if (sqlite3_prepare_v2(dc_archive_db(in->a), "SELECT reason FROM pages WHERE file_sha256=? AND page=?", -1, &q,
                               NULL) == SQLITE_OK) {
            sqlite3_bind_text(q, 1, r->file_sha256, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(q, 2, r->page);
        }
        const char *reason = q && sqlite3_step(q) == SQLITE_ROW ? (const char *)sqlite3_column_text(q, 0) : NULL;
        char *file = cli_shown(r->file), *why = cli_shown(reason);
        add_again_line(in, st == DC_PAGE_FORM ? dc_asprintf("%s page %d: %s form %s page %d", nz(file), r->page, r->form,
                                                            r->serial, r->sheet_page)
                                              : dc_asprintf("%s page %d: %s now (%s)", nz(file), r->page,
                                                            dc_page_status_name(st), nz(why)));
        free(file);
        free(why);
        sqlite3_finalize(q);
    }
    in->stored++;
    switch (st) {
    case DC_PAGE_FORM: in->forms++; break;
    case DC_PAGE_BLANK: in->blank++; break;
    case DC_PAGE_DUPLICATE: in->duplicate++; break;
    case DC_PAGE_REJECTED: in->rejected++; break;
    }
    return DC_OK;
}

static int64_t scalar(dc_archive *a, const char *sql, int64_t bind)
{
    sqlite3_stmt *st = NULL;
    int64_t v = 0;
    if (sqlite3_prepare_v2(dc_archive_db(a), sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    if (bind >= 0)
        sqlite3_bind_int64(st, 1, bind);
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Prints "  LABEL FILE page N: REASON" for each page of the batch that `where` selects; for a
 * rejected page, with what to do (dc_page_reason_advice) when batch_date is not NULL. */
static void print_batch_pages(dc_archive *a, int64_t batch_id, const char *where, const char *label,
                              const char *batch_date)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT file, page, reason FROM pages WHERE batch_id=? AND %s ORDER BY id", where);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(dc_archive_db(a), sql, -1, &st, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_int64(st, 1, batch_id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        char *file = cli_shown((const char *)sqlite3_column_text(st, 0));
        char *why = cli_shown((const char *)sqlite3_column_text(st, 2));
        char buf[256];
        const char *advice = batch_date ? dc_page_reason_advice(why, batch_date, buf, sizeof buf) : NULL;
        printf("  %s %s page %d: %s%s\n", label, nz(file), sqlite3_column_int(st, 1), nz(why), advice ? advice : "");
        free(file);
        free(why);
    }
    sqlite3_finalize(st);
}

/* Prints "  rejected now: FILE page N (stored by an earlier scan): REASON" for each page an
 * earlier run of this stack stored that is rejected now as the other page of a set whose access
 * form this batch, or a batch cut off before that this run finishes (cut_ids: ",ID" each), rejected
 * (its reason names that access form: DC_PAGE_SET_TAKEN_START); a checklist such a run gave to a
 * visit is taken from it (dc_archive_sync_records). How many. */
static size_t print_set_pages_rejected(dc_archive *a, int64_t batch_id, const char *cut_ids)
{
    sqlite3_stmt *st = NULL;
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT p.file, p.page, p.reason FROM pages p WHERE p.batch_id NOT IN (?1%s) AND p.status = 'rejected' AND "
             "substr(p.reason, 1, ?2) = ?3 AND EXISTS (SELECT 1 FROM pages x WHERE x.batch_id IN (?1%s) AND x.serial = "
             "p.serial AND x.form = 'access' AND x.status = 'rejected' AND substr(p.reason, ?2 + 1, length(x.file) + "
             "length(x.page) + 8) = ' ' || x.file || ' page ' || x.page || ',') ORDER BY p.id",
             cut_ids, cut_ids);
    if (sqlite3_prepare_v2(dc_archive_db(a), sql, -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return 0;
    }
    sqlite3_bind_int64(st, 1, batch_id);
    sqlite3_bind_int(st, 2, (int)strlen(DC_PAGE_SET_TAKEN_START));
    sqlite3_bind_text(st, 3, DC_PAGE_SET_TAKEN_START, -1, SQLITE_STATIC);
    size_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        char *file = cli_shown((const char *)sqlite3_column_text(st, 0));
        char *why = cli_shown((const char *)sqlite3_column_text(st, 2));
        printf("  rejected now: %s page %d (stored by an earlier scan): %s\n", nz(file), sqlite3_column_int(st, 1),
               nz(why));
        free(file);
        free(why);
        n++;
    }
    sqlite3_finalize(st);
    return n;
}

/* Prints "  kept:         FILE page N, the checklist of visit SERIAL, ..." for each visit a person
 * corrected whose checklist, stored by another batch, is the other page of a sheet whose access form
 * this batch (or one in cut_ids, as above) rejected (dc_archive_checklist_of_other_sheet): dc_archive_sync_records leaves it in
 * that record, and a person checks it by hand. How many. */
static size_t print_checklists_kept(dc_archive *a, int64_t batch_id, const char *cut_ids)
{
    sqlite3_stmt *st = NULL;
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT r.serial, c.file, c.page FROM records r JOIN pages c ON c.id = r.checklist_page_id WHERE r.serial IN "
             "(SELECT x.serial FROM pages x WHERE x.batch_id IN (?1%s) AND x.form = 'access' AND x.status = 'rejected') "
             "AND c.batch_id NOT IN (?1%s) AND r.access_page_id IS NOT NULL AND EXISTS (SELECT 1 FROM corrections k "
             "WHERE k.serial = r.serial AND k.field <> 'rules') ORDER BY r.serial",
             cut_ids, cut_ids);
    if (sqlite3_prepare_v2(dc_archive_db(a), sql, -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return 0;
    }
    sqlite3_bind_int64(st, 1, batch_id);
    size_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        char why[DC_PAGE_REASON_MAX];
        bool other = false;
        const char *serial = (const char *)sqlite3_column_text(st, 0);
        if (dc_archive_checklist_of_other_sheet(a, serial, why, sizeof why, &other) != DC_OK) {
            dc_error_clear();
            continue;
        }
        if (!other)
            continue;
        char *file = cli_shown((const char *)sqlite3_column_text(st, 1));
        char *shown = cli_shown(why);
        printf("  kept:         %s page %d, the checklist of visit %s, stays in its record, which a person has "
               "corrected, though %s: check by hand whose checklist it is\n",
               nz(file), sqlite3_column_int(st, 2), serial, nz(shown));
        free(file);
        free(shown);
        n++;
    }
    sqlite3_finalize(st);
    return n;
}

/* After an update of dcaccess, the records an earlier rules engine checked (their rules text, from
 * dc_rules_stamp, names an earlier engine, or none, or was not kept) keep findings this dcaccess
 * might not give: the scan says so every time until they are checked again, with the months they
 * are in (a record's visit date, else its batch's, as the reports count them). Records a newer
 * engine checked are left to it, which it says too. The engine is read by dc_rules_stamp_engine,
 * as rebuilding and rechecking a record read it, from each distinct rules text. */
static void earlier_engine_note(dc_archive *a)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(dc_archive_db(a),
                           "SELECT rules, count(*), min(m), max(m) FROM (SELECT rules, "
                           "CAST(substr(coalesce(visit_date, batch_date), 1, 4) AS INTEGER) * 100 + "
                           "CAST(substr(coalesce(visit_date, batch_date), 6, 2) AS INTEGER) AS m FROM records) "
                           "GROUP BY rules", -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return;
    }
    int64_t n = 0, later = 0, first = 0, last = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const int engine = dc_rules_stamp_engine((const char *)sqlite3_column_text(st, 0));
        const int64_t count = sqlite3_column_int64(st, 1), lo = sqlite3_column_int64(st, 2),
                      hi = sqlite3_column_int64(st, 3);
        if (engine > DC_RULES_ENGINE) {
            later += count;
        } else if (engine < DC_RULES_ENGINE) {
            n += count;
            if (lo > 0 && (first <= 0 || lo < first))
                first = lo;
            if (hi > last)
                last = hi;
        }
    }
    sqlite3_finalize(st);
    if (later > 0)
        printf("  note:         %lld record%s checked by a newer dcaccess (a later rules engine than this one's, %d): "
               "this one leaves %s as %s; update dcaccess on this PC\n",
               (long long)later, later == 1 ? " was" : "s were", DC_RULES_ENGINE, later == 1 ? "it" : "them", later == 1 ? "it is" : "they are");
    if (n <= 0)
        return;
    char months[96] = "", month[48] = "YYYY-MM";
    if (first > 0 && first == last) {
        snprintf(months, sizeof months, " of %04lld-%02lld", (long long)(first / 100), (long long)(first % 100));
        snprintf(month, sizeof month, "%04lld-%02lld", (long long)(first / 100), (long long)(first % 100));
    } else if (first > 0 && last > first) {
        snprintf(months, sizeof months, " of %04lld-%02lld to %04lld-%02lld", (long long)(first / 100),
                 (long long)(first % 100), (long long)(last / 100), (long long)(last % 100));
    }
    printf("  note:         %lld record%s%s %s checked by an earlier dcaccess, whose rules may find otherwise: "
           "check %s again with `dcaccess recheck --month %s --by NAME` (README: rules engine)\n",
           (long long)n, n == 1 ? "" : "s", months, n == 1 ? "was" : "were", first == last ? "it" : "each month",
           month);
}

/* Says so when most forms of the batch read as dated one other day than the batch's date: a stack
 * scanned the next morning without --batch-date (a day apart makes no date_mismatch warning with the
 * default rules, so nothing else said it, and its visit dates in review were counted on the scan's
 * day), or given a wrong one. The visit dates read count, those still in review too. */
static void other_day_note(dc_archive *a, int64_t batch_id, const char *batch_date)
{
    static const char *const read =
        "FROM fields f JOIN pages p ON p.id = f.page_id WHERE p.batch_id = ?1 AND p.status = 'form' "
        "AND f.field_id = 'visit_date' AND f.state IN ('accepted', 'corrected', 'review') AND f.value IS NOT NULL";
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT count(*) %s", read);
    const int64_t dated = scalar(a, sql, batch_id);
    snprintf(sql, sizeof sql,
             "SELECT f.value, count(*), sum(f.state = 'review') %s AND f.value <> ?2 GROUP BY f.value "
             "ORDER BY count(*) DESC, f.value LIMIT 1", read);
    sqlite3_stmt *st = NULL;
    if (dated <= 0 || sqlite3_prepare_v2(dc_archive_db(a), sql, -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return;
    }
    sqlite3_bind_int64(st, 1, batch_id);
    sqlite3_bind_text(st, 2, batch_date, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && 2 * sqlite3_column_int64(st, 1) > dated) {
        const char *date = (const char *)sqlite3_column_text(st, 0);
        const int64_t n = sqlite3_column_int64(st, 1), open = sqlite3_column_int64(st, 2);
        char in_review[48] = "";
        if (open > 0)
            snprintf(in_review, sizeof in_review, " (%lld of them in review)", (long long)open);
        printf("  dates:        %lld of %lld forms read as dated %s%s, not %s as this batch: if this is the stack "
               "of %s, date the batch so: dcaccess batch-date %lld %s --by NAME\n",
               (long long)n, (long long)dated, date, in_review, batch_date, date, (long long)batch_id, date);
    }
    sqlite3_finalize(st);
}

int cli_ingest_end(cli_ingest *in, bool interrupted)
{
    if (!in)
        return CLI_FAIL;
    int status = CLI_OK;
    dc_archive_sync_stats ss = {0, 0};
    /* batches cut off before (a full disk, a kill) whose pages this run found archived: it finishes
     * them, and builds their records, which no scan has summed up yet, so the summary counts them
     * with this batch's (it said "1 in this batch (8 built or updated), 0 need review") */
    char cut_ids[256] = "";
    int64_t cut[sizeof cut_ids / 2];   /* those in cut_ids (",N" each) */
    size_t ncut = 0;
    for (size_t i = 0, o = 0; i < in->nresumed && o + 24 < sizeof cut_ids; i++)
        if (scalar(in->a, "SELECT count(*) FROM batches WHERE id = ?1 AND status = 'interrupted'", in->resumed[i]) > 0) {
            o += (size_t)snprintf(cut_ids + o, sizeof cut_ids - o, ",%lld", (long long)in->resumed[i]);
            cut[ncut++] = in->resumed[i];
        }
    int rc = store_later(in, interrupted);
    if (rc != DC_OK)
        status = cli_fail(rc, "scan");
    rc = dc_archive_sync_records(in->a, &in->rules, &ss);
    bool newer_left = false;
    if (rc == DC_ERR_NEWER) {
        /* only records a newer dcaccess checked were left (their pages are stored, the others were
         * built): this scan did its work, and its batch, and one it resumes, are finished as usual
         * (failing here left a resumed batch 'interrupted' on every scan until the update) */
        fprintf(stderr, "dcaccess: note: %s\n", dc_error_detail());
        dc_error_clear();
        newer_left = true;
    } else if (rc != DC_OK)
        status = cli_fail(rc, "building records");
    /* earlier batches cut off: finished by this run when it read all they were given (one made
     * before the archive kept that, when this run found its pages archived); before this run's own
     * end, which removes it when it stored nothing */
    size_t finished = 0;
    if (!interrupted && status == CLI_OK && (rc = dc_archive_batches_finished_by(in->a, in->batch_id, &finished)) != DC_OK)
        status = cli_fail(rc, "finishing an earlier batch");
    rc = dc_archive_batch_end(in->a, in->batch_id, interrupted ? "interrupted" : "finished");
    if (rc != DC_OK && status == CLI_OK)
        status = cli_fail(rc, "closing the batch");
    for (size_t i = 0; i < in->nresumed && !interrupted && status == CLI_OK; i++)
        if ((rc = dc_archive_batch_resumed(in->a, in->resumed[i])) != DC_OK)
            status = cli_fail(rc, "finishing an earlier batch");
    free(in->resumed);

    /* The summary covers the records that have a page in this batch, or in one it finished. */
    char in_batch[384], sql[768];
    snprintf(in_batch, sizeof in_batch, "serial IN (SELECT serial FROM pages WHERE batch_id IN (?1%s) AND status='form')",
             cut_ids);
    dc_archive *a = in->a;
    snprintf(sql, sizeof sql, "SELECT count(*) FROM records WHERE %s", in_batch);
    int64_t records = scalar(a, sql, in->batch_id);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM records WHERE status='needs_review' AND %s", in_batch);
    int64_t review = scalar(a, sql, in->batch_id);
    int64_t sev[3];
    static const char *sev_names[3] = {"error", "violation", "warning"};
    for (int i = 0; i < 3; i++) {
        snprintf(sql, sizeof sql, "SELECT count(*) FROM findings WHERE severity='%s' AND %s", sev_names[i], in_batch);
        sev[i] = scalar(a, sql, in->batch_id);
    }
    int64_t total_pages = scalar(a, "SELECT count(*) FROM pages", -1);
    int64_t total_records = scalar(a, "SELECT count(*) FROM records", -1);
    /* a new archive (a scan run from another folder makes its own dcaccess.db there, and the office's
     * history splits in two): said with its whole path */
    char *whole = in->new_archive ? realpath(dc_archive_path(a), NULL) : NULL;
    if (whole)
        printf("archive %s: a new archive, made by this scan (if the office's archive is elsewhere, give it with "
               "--archive)\n", whole);
    free(whole);
    if (scalar(a, "SELECT count(*) FROM batches WHERE id=?", in->batch_id) > 0)
        printf("archive %s, batch %lld%s\n", dc_archive_path(a), (long long)in->batch_id,
               interrupted ? " (interrupted: scan the same files again to finish)" : "");
    else   /* nothing stored: dc_archive_batch_end kept no empty batch */
        printf("archive %s, no new batch (nothing stored)%s\n", dc_archive_path(a),
               interrupted ? " (interrupted: scan the same files again to finish)" : "");
    /* a page stored as a form by this run, then rejected with an access form of its set rejected after
     * it (a stack fed last page first): counted as rejected */
    const int64_t forms_now = scalar(a, "SELECT count(*) FROM pages WHERE batch_id = ? AND status = 'form'", in->batch_id);
    if (forms_now >= 0 && (size_t)forms_now < in->forms) {
        in->rejected += in->forms - (size_t)forms_now;
        in->forms = (size_t)forms_now;
    }
    printf("  pages:        %zu stored (%zu form%s, %zu blank, %zu duplicate, %zu rejected), %zu already archived",
           in->stored, in->forms, in->forms == 1 ? "" : "s", in->blank, in->duplicate, in->rejected, in->skipped);
    if (in->copies)
        printf(", %zu in a second copy of a file of this run (not stored twice)", in->copies);
    if (in->nagain_lines > in->again_rejected)   /* among those stored */
        printf(", %zu of them rejected before as an unknown template, read again",
               in->nagain_lines - in->again_rejected);
    printf("\n");
    if (in->read_form_duplicate)   /* the scan's line counts them as forms read */
        printf("  duplicate:    %zu page%s read as form%s %s the archive holds already (the same form, serial "
               "and page): stored as duplicate%s, %s unchanged\n",
               in->read_form_duplicate, in->read_form_duplicate == 1 ? "" : "s", in->read_form_duplicate == 1 ? "" : "s",
               in->read_form_duplicate == 1 ? "is a sheet" : "are sheets", in->read_form_duplicate == 1 ? "" : "s",
               in->read_form_duplicate == 1 ? "its record" : "their records");
    for (size_t i = 0; i < in->nodate; i++) {   /* one line a batch, at its first page */
        const int64_t batch = in->odate[i].batch;
        bool said = false;
        size_t pages = 0;
        for (size_t j = 0; j < in->nodate; j++) {
            said = said || (j < i && in->odate[j].batch == batch);
            pages += in->odate[j].batch == batch;
        }
        char *date = said ? NULL : cli_shown(in->odate[i].date);
        if (date)
            printf("  other date:   %zu page%s already archived %s in batch %lld, dated %s, not %s as this scan: "
                   "%s that date; if it is wrong: dcaccess batch-date %lld %s --by NAME\n",
                   pages, pages == 1 ? "" : "s", pages == 1 ? "is" : "are", (long long)batch, date, in->batch_date,
                   pages == 1 ? "it keeps" : "they keep", (long long)batch, in->batch_date);
        free(date);
    }
    char cut_text[64] = "";
    if (ncut == 1)
        snprintf(cut_text, sizeof cut_text, " and the one cut off before");
    else if (ncut > 1)
        snprintf(cut_text, sizeof cut_text, " and the %zu cut off before", ncut);
    printf("  records:      %lld in this batch%s (%zu built or updated), %lld need review\n", (long long)records,
           cut_text, ss.records_built, (long long)review);
    printf("  findings:     %lld error%s, %lld violation%s, %lld warning%s", (long long)sev[0], sev[0] == 1 ? "" : "s",
           (long long)sev[1], sev[1] == 1 ? "" : "s", (long long)sev[2], sev[2] == 1 ? "" : "s");
    /* the rules that read a field in review wait for it: the daily report written after review
     * counted 6 where the scan had said 8, which read as the day's count */
    if (review > 0)
        printf(" (before review: those of the %lld record%s in review may change)", (long long)review,
               review == 1 ? "" : "s");
    printf("\n");
    printf("  archive now:  %lld page%s, %lld record%s\n", (long long)total_pages, total_pages == 1 ? "" : "s",
           (long long)total_records, total_records == 1 ? "" : "s");
    other_day_note(a, in->batch_id, in->batch_date);
    earlier_engine_note(a);
    if (in->rejected)
        print_batch_pages(a, in->batch_id, "status='rejected'", "rejected:    ", in->batch_date);
    /* also of a batch cut off before (killed before its records were built) that this run finished */
    const size_t rejected_now = print_set_pages_rejected(a, in->batch_id, cut_ids);
    const size_t kept = print_checklists_kept(a, in->batch_id, cut_ids);
    if (in->blank)   /* an unused form in the stack is named: its serial stays free (and it was not lost) */
        print_batch_pages(a, in->batch_id, "status='blank' AND form IS NOT NULL", "unused:      ", NULL);
    /* rejected before, read with the template there now (a rejected one is listed above too) */
    for (size_t i = 0; i < in->nagain_lines; i++) {
        printf("  read again:   %s\n", in->again_lines[i]);
        free(in->again_lines[i]);
    }
    free(in->again_lines);
    free(in->again);
    if (in->again_rejected && status == CLI_OK)
        status = CLI_ATTENTION;
    for (size_t i = 0; i < in->nwaiting; i++) {
        printf("  waiting:      %s\n", in->waiting[i]);
        free(in->waiting[i]);
    }
    free(in->waiting);
    if (in->nwaiting && status == CLI_OK)
        status = CLI_ATTENTION;
    for (size_t i = 0; i < in->ncopy; i++) {
        printf("  copy:         %s (stored once)\n", in->copy_of[i]);
        free(in->copy_of[i]);
    }
    free(in->copy_of);
    for (size_t i = 0; i < in->nstill; i++) {
        /* a sheet of a serial used twice is not damaged: its paper is kept apart, not scanned again */
        const bool other_sheet = strstr(in->still[i], DC_PAGE_SERIAL_TAKEN_START) || strstr(in->still[i], DC_PAGE_SET_TAKEN_START);
        /* a reason that says what to do already ("copy or scan it again", "scan this page again into a
         * new file") gets no second advice */
        const bool advised = strstr(in->still[i], "scan it again") || strstr(in->still[i], "again into a new file") ||
                             strstr(in->still[i], "save the scan again");
        printf("  still rejected: %s (by an earlier scan%s%s)\n", in->still[i], advised ? "" : ": ",
               advised       ? ""
               : other_sheet ? "keep this paper apart, as said above"
                             : "scan a good copy of the sheet, or take out a page that is not a form");
        free(in->still[i]);
    }
    /* exit 1 for a page the archive rejected (another sheet with a stored serial), as for one the
     * scanner rejected, and again on a rerun while it stays rejected */
    if ((in->rejected || in->nstill || rejected_now || kept) && status == CLI_OK)
        status = CLI_ATTENTION;
    free(in->still);
    /* forms handed out before this stack's that did not come back: said the day they go missing,
     * when someone still knows where they are (the audit names them a month later); the pages of a
     * batch cut off before that this run finished are the stack's (the run cut off said nothing) */
    dc_serial_span *find = NULL;
    size_t nfind = 0;
    if (dc_archive_batch_serials_to_find(a, in->batch_id, cut, ncut, &find, &nfind) != DC_OK)
        dc_error_clear();   /* only a hint is lost */
    char *spans = nfind ? dc_serial_spans_text(find, nfind) : NULL;
    if (spans) {
        const bool one = nfind == 1 && find[0].first == find[0].last;
        printf("  to find:      %s: %s printed and not scanned, though a higher serial of %s print is in this stack: "
               "handed out before it, and not back (spoilt, lost, a visit still open, or in a stack not scanned yet); "
               "find %s\n",
               spans, one ? "a form" : "forms", one ? "its" : "their", one ? "the sheet" : "the sheets");
    }
    if (nfind && status == CLI_OK)
        status = CLI_ATTENTION;
    free(spans);
    free(find);
    size_t stopped = 0;   /* another stack's scan cut off: its files are to be scanned again (exit 1, as
                           * verify and pending); a scan at work now is said, not a reason */
    cli_say_unfinished(stdout, a, "  unfinished:   ", in->batch_id, &stopped);
    if (stopped && status == CLI_OK)
        status = CLI_ATTENTION;
    /* a file name scanned before with other content (a scanner writing 0001.jpg again): what was
     * read from it then cannot be checked any more, and every report would warn from now on */
    char **replaced = NULL;
    size_t nreplaced = 0;
    if (dc_archive_replaced_files(a, in->batch_id, &replaced, &nreplaced) != DC_OK)
        dc_error_clear();
    for (size_t i = 0; i < nreplaced; i++) {
        char *shown = cli_shown(replaced[i]);
        printf("  replaced:     %s held another scan when it was scanned before: the pages read from it then can no "
               "longer be checked against it, and verify reports it from now on: keep the earlier file elsewhere if you "
               "have it, for the auditor, and keep each scan under its own name (a folder per day)\n", nz(shown));
        free(shown);
    }
    dc_archive_strings_free(replaced, nreplaced);
    if ((nreplaced || newer_left) && status == CLI_OK)
        status = CLI_ATTENTION;
    /* a scan cut off is finished first: its other pages are not read yet, nor their fields in review */
    if (interrupted)
        printf("  next:         scan the same files again to finish this batch%s%s\n",
               review ? ", then: dcaccess review --by NAME --archive " : "", review ? dc_archive_path(a) : "");
    else if (review)
        printf("  next:         dcaccess review --by NAME --archive %s   (or: dcaccess pending)\n", dc_archive_path(a));
    /* a late page of a day already reported, or a second stack of it: that report lacks it */
    say_outdated(a, in->since, "scan");
    fflush(stdout);
    dc_archive_close(in->a);
    free(in->odate);
    free(in);
    return status;
}

void cli_say_unbuilt(FILE *f, const char *lead, size_t unbuilt)
{
    if (unbuilt)
        fprintf(f, "%s%zu more field%s in review belong%s to forms whose record is not built yet (see the note on "
                   "their batch): listed once it is\n",
                lead, unbuilt, unbuilt == 1 ? "" : "s", unbuilt == 1 ? "s" : "");
}

size_t cli_say_unfinished(FILE *f, dc_archive *a, const char *lead, long long skip, size_t *stopped)
{
    dc_unfinished_batch *u = NULL;
    size_t n = 0, said = 0;
    if (stopped)
        *stopped = 0;
    if (dc_archive_unfinished(a, &u, &n) != DC_OK) {
        dc_error_clear();   /* only a warning is lost */
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (u[i].batch == skip)
            continue;
        char started[48];
        cli_local_time(started, sizeof started, u[i].started);
        if (u[i].running_now) {   /* another scan at work: what it has not stored yet is not there */
            fprintf(f, "%sbatch %lld (%s, started %s) is being scanned now: %ld page%s stored so far; what it has not "
                       "stored yet is not in the archive\n", lead, (long long)u[i].batch, u[i].batch_date,
                    started, u[i].pages, u[i].pages == 1 ? "" : "s");
            said++;
            continue;
        }
        fprintf(f, "%sbatch %lld (%s, scanned %s) did not finish: %ld page%s stored, ", lead, (long long)u[i].batch,
                u[i].batch_date, started, u[i].pages, u[i].pages == 1 ? "" : "s");
        if (u[i].unbuilt)
            fprintf(f, "%ld form%s without a record yet, ", u[i].unbuilt, u[i].unbuilt == 1 ? "" : "s");
        fprintf(f, "the rest missing: scan the same files again\n");
        said++;
        if (stopped)
            (*stopped)++;
    }
    free(u);
    return said;
}

/* ---- records ---- */

static void records_usage(FILE *f)
{
    fprintf(f, "usage: dcaccess records [--date YYYY-MM-DD | --month YYYY-MM] [--json | --csv] [--archive DB]\n"
               "  (default) a table; --json: JSON Lines, one record per line:\n"
               "    {\"serial\",\"status\":\"complete|needs_review\",\"batch_date\",\"fields\":{id:value|null},\n"
               "     \"review\":[ids still in review],\"findings\":[{\"rule\",\"field\",\"row\",\"sop_step\",\n"
               "     \"severity\",\"message_id\",\"message_en\"}]}\n"
               "  --csv: a header row, then one row per record (access fields, devices, findings)\n");
}

static json_t *record_json(const dc_record *rec, const dc_findings *f, const char *batch_date)
{
    json_t *o = json_object();
    json_t *fields = json_object();
    json_t *review = json_array();
    json_t *fa = json_array();
    json_object_set_new(o, "serial", json_string(rec->serial));
    json_object_set_new(o, "status", json_string(dc_record_status_name(rec)));
    json_object_set_new(o, "batch_date", batch_date ? json_string(batch_date) : json_null());
    json_object_set_new(o, "has_access", json_boolean(rec->has_access));
    json_object_set_new(o, "has_checklist", json_boolean(rec->has_checklist));
    for (size_t i = 0; i < rec->nfields; i++) {
        const dc_record_field *x = &rec->fields[i];
        json_object_set_new(fields, x->id, dc_json_text(x->value));
        if (x->state == DC_VALUE_REVIEW)
            json_array_append_new(review, json_string(x->id));
    }
    for (size_t i = 0; i < f->n; i++) {
        const dc_finding *x = &f->items[i];
        json_t *jf = json_object();
        json_object_set_new(jf, "rule", json_string(dc_rule_name(x->rule)));
        json_object_set_new(jf, "field", x->field[0] ? json_string(x->field) : json_null());
        json_object_set_new(jf, "row", x->row ? json_integer(x->row) : json_null());
        json_object_set_new(jf, "sop_step", json_string(nz(x->sop_step)));
        json_object_set_new(jf, "severity", json_string(dc_severity_name(x->severity)));
        json_object_set_new(jf, "message_id", dc_json_text(x->message_id));   /* cleaned as values are */
        json_object_set_new(jf, "message_en", dc_json_text(x->message_en));
        json_array_append_new(fa, jf);
    }
    json_object_set_new(o, "fields", fields);
    json_object_set_new(o, "review", review);
    json_object_set_new(o, "findings", fa);
    return o;
}

static void csv_cell(FILE *out, const char *cell, bool last)
{
    char *clean = dc_text_check(nz(cell), 1, NULL) >= 0 ? dc_text_clean(cell, 1) : NULL;   /* as dc_json_text */
    const char *s = clean ? clean : nz(cell);
    /* a cell a spreadsheet would run as a formula (= + - @, or a tab or return before one) gets a
     * leading ' , which shows it as the text it is (OWASP's advice on CSV injection) */
    const bool formula = *s && strchr("=+-@\t\r", *s);
    if (formula || strpbrk(s, ",\"\n\r")) {
        fputc('"', out);
        if (formula)
            fputc('\'', out);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', out);
            fputc(*s, out);
        }
        fputc('"', out);
    } else {
        fputs(s, out);
    }
    fputc(last ? '\n' : ',', out);
    free(clean);
}

static const char *const csv_fields[] = {
    "visit_date", "visitor_name", "institution", "id_type", "id_number", "phone", "purpose", "purpose_detail",
    "brings_devices", "arrival_time", "visitor_signature", "decision", "operator_name", "entry_time",
    "badge_number", "escort_name", "exit_time", "badge_returned", "id_returned", "operator_signature",
};
#define N_CSV_FIELDS (sizeof csv_fields / sizeof csv_fields[0])

/* The findings `f` as "rule:field;rule#row;…", or (f NULL) the ids of rec's fields in review as
 * "id;id;…": whole, however many (fixed buffers cut them silently); malloc'd, NULL when out of
 * memory. */
static char *semicolon_list(const dc_record *rec, const dc_findings *f)
{
    char *buf = NULL;
    size_t len = 0, said = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        return NULL;
    for (size_t i = 0; f && i < f->n; i++) {
        const dc_finding *x = &f->items[i];
        if (x->row)
            fprintf(m, "%s%s#%d", said++ ? ";" : "", dc_rule_name(x->rule), x->row);
        else
            fprintf(m, "%s%s%s%s", said++ ? ";" : "", dc_rule_name(x->rule), x->field[0] ? ":" : "", x->field);
    }
    for (size_t k = 0; !f && k < rec->nfields; k++)
        if (rec->fields[k].state == DC_VALUE_REVIEW)
            fprintf(m, "%s%s", said++ ? ";" : "", rec->fields[k].id);
    if (fclose(m) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

static const char *get_value(const dc_record *rec, const char *id)
{
    const dc_record_field *f = dc_record_get(rec, id);
    return f ? f->value : NULL;
}

/* A value for the records table: a value still in review with '?' after it (a reading, not yet a
 * checked value; a visit date in review is not the day the record is filed under), "" for none. */
static const char *table_value(char *buf, size_t len, const dc_record *rec, const char *id)
{
    const dc_record_field *f = dc_record_get(rec, id);
    snprintf(buf, len, "%s%s", f && f->value ? f->value : "", f && f->state == DC_VALUE_REVIEW ? "?" : "");
    return buf;
}

/* Whether u starts a combining diacritical mark (U+0300..U+036F), which a terminal draws over the
 * character before it: "E" and U+0301 take one column. */
static bool combining(const unsigned char *u)
{
    return (u[0] == 0xCC && u[1] >= 0x80 && u[1] <= 0xBF) || (u[0] == 0xCD && u[1] >= 0x80 && u[1] <= 0xAF);
}

/* `s` cut to `width` characters (never inside a UTF-8 character, nor between a letter and its
 * combining marks) and padded with spaces to it, in buf; for a table column, where printf's
 * "%-24.24s" counts bytes. */
static const char *fit(char *buf, size_t len, const char *s, int width)
{
    size_t o = 0;
    int chars = 0;
    for (const unsigned char *u = (const unsigned char *)s; *u && (chars < width || combining(u));) {
        size_t n = 1;
        while (u[n] && (u[n] & 0xC0) == 0x80)
            n++;
        if (o + n >= len)
            break;
        chars += !combining(u);
        memcpy(buf + o, u, n);
        o += n;
        u += n;
    }
    for (; chars < width && o + 1 < len; chars++)
        buf[o++] = ' ';
    buf[o] = '\0';
    return buf;
}

int cmd_records(int argc, char **argv)
{
    bool bad = false;
    const char *archive = cli_take_archive(&argc, argv, &bad);
    const char *prefix = NULL, *json_given = NULL, *csv_given = NULL;
    enum { TABLE, JSONL, CSV } fmt = TABLE;
    for (int i = 1; i < argc && !bad; i++) {
        int d = i + 1 < argc ? cli_date_filter(argv[0], argv[i], argv[i + 1], &prefix) : 0;
        const bool json = strcmp(argv[i], "--json") == 0;
        if (d) {
            bad = d < 0;
            i++;
        } else if (json || strcmp(argv[i], "--csv") == 0) {
            /* one given twice is a slip as any option given twice (it was taken without a word);
             * both given: the last one was printed, without a word */
            bad = cli_once("records", argv[i], json ? &json_given : &csv_given, argv[i]);
            if (!bad && (bad = fmt == (json ? CSV : JSONL)))
                cli_usage_why("records", "--json and --csv: give one of them (a table with neither)");
            fmt = json ? JSONL : CSV;
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            records_usage(stdout);
            return CLI_OK;
        } else {
            cli_usage_arg("records", argv[i]);
            bad = true;
        }
    }
    if (bad) {
        records_usage(stderr);
        return CLI_USAGE;
    }
    dc_archive *a = NULL;
    int rc = dc_archive_open(&a, archive, DC_ARCHIVE_READONLY);
    if (rc != DC_OK)
        return cli_fail(rc, "records");
    char **serials = NULL;
    size_t n = 0;
    rc = dc_archive_record_serials(&serials, &n, a, prefix);
    if (rc != DC_OK) {
        dc_archive_close(a);
        return cli_fail(rc, "records");
    }
    if (fmt == CSV) {
        csv_cell(stdout, "serial", false);
        csv_cell(stdout, "status", false);
        for (size_t k = 0; k < N_CSV_FIELDS; k++)
            csv_cell(stdout, csv_fields[k], false);
        csv_cell(stdout, "devices", false);
        csv_cell(stdout, "review", false);
        csv_cell(stdout, "findings", true);
    } else if (fmt == TABLE) {
        printf("%-8s %-11s %-24s %-9s %-13s %s\n", "SERIAL", "DATE", "VISITOR", "DECISION", "STATUS", "FINDINGS");
    }
    for (size_t i = 0; i < n && rc == DC_OK; i++) {
        dc_record *rec = NULL;
        dc_findings f = DC_FINDINGS_INIT;
        rc = dc_archive_record_load(&rec, &f, a, serials[i]);
        if (rc != DC_OK)
            break;
        char *fl = semicolon_list(rec, &f);
        if (!fl) {
            dc_record_free(rec);
            dc_findings_clear(&f);
            rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
            break;
        }
        if (fmt == JSONL) {
            sqlite3_stmt *st = NULL;
            char *bd = NULL;
            if (sqlite3_prepare_v2(dc_archive_db(a), "SELECT batch_date FROM records WHERE serial=?", -1, &st, NULL) ==
                SQLITE_OK) {
                sqlite3_bind_text(st, 1, serials[i], -1, SQLITE_STATIC);
                if (sqlite3_step(st) == SQLITE_ROW)
                    bd = dc_strdup((const char *)sqlite3_column_text(st, 0));
                sqlite3_finalize(st);
            }
            json_t *o = record_json(rec, &f, bd);
            char *js = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
            if (js)
                puts(js);
            free(js);
            json_decref(o);
            free(bd);
        } else if (fmt == CSV) {
            csv_cell(stdout, rec->serial, false);
            csv_cell(stdout, dc_record_status_name(rec), false);
            for (size_t k = 0; k < N_CSV_FIELDS; k++)
                csv_cell(stdout, get_value(rec, csv_fields[k]), false);
            int devices = 0;
            for (size_t k = 0; k < rec->nfields; k++) {
                size_t len = strlen(rec->fields[k].id);
                if (strncmp(rec->fields[k].id, "device_", 7) == 0 && len > 5 &&
                    strcmp(rec->fields[k].id + len - 5, "_name") == 0 && rec->fields[k].value)
                    devices++;
            }
            char num[16];
            snprintf(num, sizeof num, "%d", devices);
            csv_cell(stdout, num, false);
            char *rv = semicolon_list(rec, NULL);
            if (!rv)
                rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
            csv_cell(stdout, rv ? rv : "", false);
            csv_cell(stdout, fl, true);
            free(rv);
        } else {
            char date[40], name[4 * DC_RECORD_VALUE_MAX + 8], decision[40], col[4 * 24 * 3 + 1];   /* marks */
            printf("%-8s %-11s %s %-9s %-13s %s\n", rec->serial, table_value(date, sizeof date, rec, "visit_date"),
                   fit(col, sizeof col, table_value(name, sizeof name, rec, "visitor_name"), 24),
                   table_value(decision, sizeof decision, rec, "decision"), dc_record_status_name(rec),
                   fl[0] ? fl : "-");
        }
        free(fl);
        dc_record_free(rec);
        dc_findings_clear(&f);
    }
    dc_archive_strings_free(serials, n);
    dc_archive_close(a);
    if (rc != DC_OK)
        return cli_fail(rc, "records");
    return CLI_OK;
}

/* ---- verify ---- */

int cmd_verify(int argc, char **argv)
{
    bool bad = false;
    const char *archive = cli_take_archive(&argc, argv, &bad);
    const char *scans = NULL;
    /* repeatable: every head printed is checked, however many (past 16 it was "unknown option"). They
     * are gathered at the front of argv, behind the argument read: each takes two */
    char **heads = argv + 1;
    size_t nheads = 0;
    for (int i = 1; i < argc && !bad; i++) {
        if (strcmp(argv[i], "--scans") == 0 && i + 1 < argc) {
            bad = cli_once("verify", argv[i], &scans, argv[i + 1]);
            i++;
        } else if (strcmp(argv[i], "--head") == 0 && i + 1 < argc) {
            heads[nheads++] = argv[++i];
        } else if ((bad = true)) {
            cli_usage_arg("verify", argv[i]);
        }
    }
    for (size_t i = 0; i < nheads && !bad; i++) {
        bad = !dc_archive_head_form_ok(heads[i]);
        if (bad)
            fprintf(stderr, "dcaccess verify: --head %s: give a chain head as printed, or its first 12 or more hex "
                            "digits\n", heads[i]);
    }
    if (bad) {
        fprintf(stderr, "usage: dcaccess verify [--scans DIR] [--head HASH]... [--archive DB]\n"
                        "  --scans DIR: also look for scan files there when they are no longer where they were\n"
                        "  scanned (a copy of the scans: DIR/day/0001.png for /home/op/scans/day/0001.png, or\n"
                        "  a file of that name and content anywhere below DIR)\n"
                        "  --head HASH: a chain head printed earlier (an audit report's, or its first 12 or more\n"
                        "  digits): the chain must still hold it (give each head to check)\n");
        return CLI_USAGE;
    }
    int st = cli_check_named("verify", "--scans", scans, NULL);
    if (st != CLI_OK)
        return st;
    dc_archive *a = NULL;
    int rc = dc_archive_open(&a, archive, DC_ARCHIVE_READONLY);
    if (rc == DC_OK && scans)
        rc = dc_archive_set_scans_dir(a, scans);
    /* the chain checked and the entries of the heads printed earlier are one state of the archive:
     * read twice, a scan storing in between could print "entry #N of M" with N past M */
    if (rc == DC_OK)
        rc = dc_archive_read_begin(a);
    if (rc != DC_OK) {
        dc_archive_close(a);
        return cli_fail(rc, "verify");
    }
    dc_archive_problems p;
    rc = dc_archive_verify(&p, a);
    if (rc != DC_OK) {
        dc_archive_close(a);
        return cli_fail(rc, "verify");
    }
    for (size_t i = 0; i < p.n; i++)
        printf("PROBLEM: %s\n", p.items[i]);
    /* heads printed earlier: a chain rebuilt, or cut back, since no longer holds them */
    size_t lost = 0;
    for (size_t i = 0; i < nheads; i++) {
        long long seq = 0;
        char full[65], at[32];
        bool at_sealed = false;
        rc = dc_archive_find_head(a, heads[i], &seq, full, at, &at_sealed);
        if (rc == DC_ERR_NOT_FOUND) {
            printf("PROBLEM: chain head %s (printed earlier) is not in the chain: the archive was rebuilt, or cut back "
                   "to before it, since that head was printed (or the head is another archive's)\n",
                   heads[i]);
            lost++;
        } else if (rc == DC_ERR_VALUE) {   /* two entries with that start: a chain altered */
            printf("PROBLEM: %s\n", dc_error_detail());
            lost++;
        } else if (rc != DC_OK) {
            dc_archive_problems_clear(&p);
            dc_archive_close(a);
            return cli_fail(rc, "verify");
        } else if (at_sealed) {   /* verify checked the time with the entry's hash */
            printf("chain head %s (printed earlier): entry #%lld of %zu, written %s: still in the chain\n", full, seq,
                   p.chain_entries, at);
        } else {
            /* an entry made before schema 11 keeps its time beside it, unsealed: not said to be chained */
            printf("chain head %s (printed earlier): entry #%lld of %zu (stored as written %s, a time the chain "
                   "does not seal: an earlier dcaccess made the entry): still in the chain\n",
                   full, seq, p.chain_entries, at);
        }
    }
    dc_archive_read_end(a);
    rc = DC_OK;
    printf("verify %s: %zu chain entr%s, %zu record%s, %zu correction%s, %zu source file%s: %s\n", archive,
           p.chain_entries, p.chain_entries == 1 ? "y" : "ies", p.records, p.records == 1 ? "" : "s", p.corrections,
           p.corrections == 1 ? "" : "s", p.source_files, p.source_files == 1 ? "" : "s", p.n + lost ? "FAILED" : "OK");
    printf("chain head: %s\n", p.head_hash[0] ? p.head_hash : "(empty)");
    if (p.sources_rescanned)
        printf("%zu source file%s scanned again once complete (every page read from %s earlier content is in it)\n",
               p.sources_rescanned, p.sources_rescanned == 1 ? "" : "s", p.sources_rescanned == 1 ? "its" : "their");
    if (p.sources_moved)
        printf("%zu source file%s found under %s (not where scanned)\n", p.sources_moved,
               p.sources_moved == 1 ? "" : "s", scans);
    /* with the forms it left without a record (p.unbuilt): the same files are to be scanned again */
    size_t unfinished = 0;   /* a scan at work now is said, but is no reason for exit 1 */
    cli_say_unfinished(stdout, a, "note: ", 0, &unfinished);
    dc_archive_close(a);
    int status = p.n + lost || unfinished ? CLI_ATTENTION : CLI_OK;
    if (p.n + lost)
        fprintf(stderr, "dcaccess verify: %zu problem%s found\n", p.n + lost, p.n + lost == 1 ? "" : "s");
    dc_archive_problems_clear(&p);
    return status;
}

/* ---- backup ---- */

/* Makes the detail of error `rc` fit for a terminal (cli_shown) and returns `rc`: backup's details
 * name -o's file (and --archive's) as typed, and a control byte or a name that is not UTF-8 in it
 * reached the terminal raw. */
static int backup_shown(int rc)
{
    char *shown = cli_shown(dc_error_detail());
    dc_error_set(rc, "%s", shown ? shown : "");
    free(shown);
    return rc;
}

int cmd_backup(int argc, char **argv)
{
    bool bad = false;
    const char *archive = cli_take_archive(&argc, argv, &bad);
    const char *dest = NULL;
    for (int i = 1; i < argc && !bad; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            bad = cli_once("backup", argv[i], &dest, argv[i + 1]);
            i++;
        } else if ((bad = true)) {
            cli_usage_arg("backup", argv[i]);
        }
    }
    if (!bad && (!dest || !*dest))
        cli_usage_why("backup", dest ? "-o wants a file name, not \"\"" : "-o FILE is needed: the new file to copy the archive into");
    if (bad || !dest || !*dest) {
        fprintf(stderr, "usage: dcaccess backup -o FILE [--archive DB]\n"
                        "  writes a complete, consistent copy of the archive to FILE (a new file; safe while a\n"
                        "  scan runs) and checks the copy as dcaccess verify does (its hash chain and the scans)\n");
        return CLI_USAGE;
    }
    dc_archive *a = NULL;
    int rc = dc_archive_open(&a, archive, DC_ARCHIVE_READONLY);
    if (rc == DC_OK && (rc = dc_archive_check_intact(a)) != DC_OK)   /* its copy would become "the latest backup" */
        dc_archive_close(a);
    if (rc != DC_OK)
        return cli_fail(backup_shown(rc), "backup");
    cli_defer_signals();   /* a Ctrl-C during the copy: the copy is finished and put in place first */
    rc = dc_archive_backup(a, dest);
    const bool stopped = cli_restore_signals() != 0;
    dc_archive_close(a);
    if (rc != DC_OK)
        backup_shown(rc);
    if (rc == DC_ERR_INVALID_ARG) {   /* -o names a file there already: a wrong command line, nothing done */
        fprintf(stderr, "dcaccess backup: %s\n", dc_error_detail());
        return CLI_USAGE;
    }
    if (rc != DC_OK)
        return cli_fail(rc, "backup");
    char *to = cli_shown(dest);
    if (stopped) {
        fprintf(stderr, "dcaccess backup: interrupted after %s was written; check it with: dcaccess verify --archive %s\n",
                to ? to : "", to ? to : "");
        free(to);
        return CLI_FAIL;
    }
    /* the copy must verify on its own: its chain is recomputed from its tables */
    dc_archive *b = NULL;
    dc_archive_problems p;
    rc = dc_archive_open(&b, dest, DC_ARCHIVE_READONLY);
    if (rc == DC_OK)
        rc = dc_archive_verify(&p, b);
    dc_archive_close(b);
    if (rc != DC_OK) {
        free(to);
        return cli_fail(backup_shown(rc), "checking the backup");
    }
    for (size_t i = 0; i < p.n; i++)
        printf("PROBLEM: %s\n", p.items[i]);
    char *from = cli_shown(archive);
    printf("backup %s -> %s: %zu chain entr%s, %zu record%s, %zu correction%s: %s\n", from ? from : "", to ? to : "",
           p.chain_entries, p.chain_entries == 1 ? "y" : "ies", p.records, p.records == 1 ? "" : "s", p.corrections,
           p.corrections == 1 ? "" : "s",
           p.n ? "the copy does NOT verify" : "the copy verifies");
    printf("chain head: %s\n", p.head_hash[0] ? p.head_hash : "(empty)");
    free(from);
    free(to);
    int status = p.n ? CLI_ATTENTION : CLI_OK;
    dc_archive_problems_clear(&p);
    return status;
}

/* ---- pending ---- */

/* Where the fields' crops are written: SERIAL_FIELD.png in `dir` (ARCHIVE.crops, made with the
 * first crop). Crops only help the person: where they cannot be written (an auditor's read-only
 * folder, a file in the way, a full disk) the list goes on without them, once said on stderr. */
typedef struct crop_writer {
    const char *dir;
    bool made, off;
} crop_writer;

/* Writes field f's crop; *path gets where (the caller frees it), or NULL when the field has none
 * or crops cannot be written. DC_ERR_NOMEM only. */
static int write_crop(crop_writer *cw, const dc_pending_field *f, char **path)
{
    *path = NULL;
    if (!f->crop_png_len || cw->off)
        return DC_OK;
    int rc = cw->made ? DC_OK : dc_mkdirs(cw->dir);
    cw->made = rc == DC_OK;
    if (rc == DC_OK && !(*path = dc_asprintf("%s/%s_%s.png", cw->dir, f->serial, f->field)))
        rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
    if (rc == DC_OK)
        rc = dc_write_file_atomic(*path, f->crop_png, f->crop_png_len);
    if (rc == DC_ERR_NOMEM || rc == DC_OK)
        return rc;
    fprintf(stderr, "dcaccess: the crops cannot be written (%s): going on without them; look at the paper "
                    "forms\n", dc_error_detail());
    dc_error_clear();
    free(*path);
    *path = NULL;
    cw->off = true;
    return DC_OK;
}

/* The table of `pending`: a header, then one row per field, each crop written into `dir` (made
 * when a field has one); nothing at all for no field (a header over nothing read as a list gone).
 * `why`: a column of why each is in review (fields in review; not for a spot check's accepted ones). */
static int print_fields(crop_writer *cw, const dc_pending_field *v, size_t n, bool why)
{
    int rc = DC_OK;
    if (n == 0)
        return rc;
    /* the READ column as wide as its longest value (a long institution name must not push the
     * confidence out of its column), at least 20 and at most 60 characters */
    int wread = 20;
    for (size_t i = 0; i < n; i++) {
        size_t len = v[i].value ? strlen(v[i].value) : 0;
        if (len > (size_t)wread)
            wread = len > 60 ? 60 : (int)len;
    }
    printf("%-8s %-28s %-*s %-6s %s%s\n", "SERIAL", "FIELD", wread, "READ", "CONF", why ? "WHY         " : "", "CROP");
    for (size_t i = 0; i < n && rc == DC_OK; i++) {
        char *crop = NULL;
        rc = write_crop(cw, &v[i], &crop);
        char col[32] = "";
        if (why)
            snprintf(col, sizeof col, "%-11s ", v[i].why[0] ? v[i].why : "-");
        printf("%-8s %-28s %-*s %-6.2f %s%s\n", v[i].serial, v[i].field, wread, v[i].value ? v[i].value : "(unread)",
               v[i].confidence, col, crop ? crop : "-");
        free(crop);
    }
    return rc;
}

/* dc_archive_each_field callback: counts */
static int count_field(void *user, const dc_stored_field *f)
{
    (void)f;
    ++*(size_t *)user;
    return 0;
}

/* What is wrong with a reading in review as invalid: the check it fails, as `correct` would say
 * it of the same value; for an ID number, the NIK's structure (the gate's other check). */
static void print_invalid(const dc_pending_field *f)
{
    if (!f->value)
        return;
    char *norm = NULL;
    int rc = dc_record_validate_value(&norm, f->field, f->value);
    free(norm);
    if (rc != DC_OK && rc != DC_ERR_NOT_FOUND)
        printf(" (%s)", dc_error_detail());
    else if (rc == DC_OK && strcmp(f->field, "id_number") == 0 && strspn(f->value, "0123456789") == strlen(f->value))
        printf(" (for a KTP: 16 digits, the 7th-8th the birth day, 41-71 for a woman, the 9th-10th the "
               "birth month)");
    else if (rc == DC_OK && strcmp(f->field, "id_number") == 0)
        printf(" (an Indonesian passport number is one letter and 7 digits)");
    dc_error_clear();
}

int cmd_pending(int argc, char **argv)
{
    bool bad = false;
    const char *archive = cli_take_archive(&argc, argv, &bad);
    const char *prefix = NULL, *spot_given = NULL;
    long spot = 0;
    for (int i = 1; i < argc && !bad; i++) {
        int d = i + 1 < argc ? cli_date_filter(argv[0], argv[i], argv[i + 1], &prefix) : 0;
        if (d) {
            bad = d < 0;
            i++;
        } else if (strcmp(argv[i], "--spot-check") == 0 && i + 1 < argc) {
            char *end;
            bad = cli_once("pending", argv[i], &spot_given, argv[i + 1]);
            spot = strtol(argv[++i], &end, 10);
            if (!bad && (bad = *end || spot < 1 || spot > 10000))
                cli_usage_why("pending", "--spot-check wants a number from 1 to 10000");
        } else {
            cli_usage_arg("pending", argv[i]);
            bad = true;
        }
    }
    if (!bad && prefix && !spot)
        cli_usage_why("pending", "--date and --month go with --spot-check N");
    if (bad || (prefix && !spot)) {
        fprintf(stderr, "usage: dcaccess pending [--spot-check N [--date YYYY-MM-DD | --month YYYY-MM]] [--archive DB]\n"
                        "  --spot-check N: also list N accepted digit, date and time fields chosen at random\n"
                        "  (the same N for the same period every time) for a person to confirm from the paper\n");
        return CLI_USAGE;
    }
    dc_archive *a = NULL;
    int rc = dc_archive_open(&a, archive, DC_ARCHIVE_READONLY);
    if (rc != DC_OK)
        return cli_fail(rc, "pending");
    dc_pending_field *picks = NULL, *v = NULL;
    size_t got = 0, seen = 0, n = 0, unbuilt = 0;
    const char *what = "pending";
    if (spot && (rc = cli_spot_check(a, prefix, (size_t)spot, &picks, &got, &seen)) != DC_OK)
        what = "pending --spot-check";
    if (rc == DC_OK)
        rc = dc_archive_pending(&v, &n, &unbuilt, a);
    size_t unfinished = 0;   /* a batch that did not finish needs the same files scanned again: exit 1 */
    if (rc == DC_OK)   /* fields of forms whose record is not built: review builds it first */
        cli_say_unfinished(stderr, a, "dcaccess: note: ", 0, &unfinished);
    dc_archive_close(a);
    char *dir = rc == DC_OK ? dc_asprintf("%s.crops", archive) : NULL;
    if (rc == DC_OK && !dir)
        rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
    crop_writer cw = {.dir = dir};
    cli_defer_signals();   /* a crop being written is finished and put in place, its temporary never left */
    if (rc == DC_OK && spot) {
        printf("spot check: %zu of %zu accepted digit/date/time fields%s%s, chosen at random. Compare each with "
               "the paper and confirm it: dcaccess correct SERIAL FIELD VALUE --by NAME --why \"spot check\" "
               "(the value read, if it is right)\n",
               got, seen, prefix ? " of " : "", prefix ? prefix : "");
        if ((rc = print_fields(&cw, picks, got, false)) != DC_OK)
            what = "pending --spot-check";
        else
            printf("\n");
    }
    if (rc == DC_OK) {
        if ((rc = print_fields(&cw, v, n, true)) != DC_OK)
            what = "pending";
        fprintf(stderr, "%zu field%s waiting for review%s\n", n, n == 1 ? "" : "s",
                n ? "; go through them with: dcaccess review --by NAME (or fix one: dcaccess correct SERIAL FIELD "
                    "VALUE --by NAME)" : "");
        cli_say_unbuilt(stderr, "dcaccess: note: ", unbuilt);
    }
    const bool interrupted = cli_restore_signals() != 0;
    free(dir);
    dc_pending_free(picks, (size_t)spot);
    dc_pending_free(v, n);
    if (rc != DC_OK)
        return cli_fail(rc, what);
    if (interrupted) {
        fprintf(stderr, "dcaccess pending: interrupted (the list above is whole)\n");
        return CLI_FAIL;
    }
    return unfinished ? CLI_ATTENTION : CLI_OK;
}

/* ---- correct ---- */

static void finding_line(const char *sign, const dc_finding *x)
{
    char where[64] = "";
    if (x->row)
        snprintf(where, sizeof where, " row %d", x->row);
    else if (x->field[0])
        snprintf(where, sizeof where, " %s", x->field);
    char said[512];
    printf("  %s %s%s (%s, SOP %s): %s\n", sign, dc_rule_name(x->rule), where, dc_severity_name(x->severity),
           nz(x->sop_step), dc_finding_message_shown(said, sizeof said, x->message_en, x->field));
}

/* The same finding: also its message, which names the limit (a visit over 60 min against 90). */
static bool same_finding(const dc_finding *a, const dc_finding *b)
{
    return a->rule == b->rule && a->row == b->row && strcmp(a->field, b->field) == 0 &&
           a->severity == b->severity && strcmp(a->message_en, b->message_en) == 0;
}

static bool contains(const dc_findings *f, const dc_finding *x)
{
    for (size_t i = 0; i < f->n; i++)
        if (same_finding(&f->items[i], x))
            return true;
    return false;
}

/* The findings `after` no longer has (-) and those it has anew (+), printed when `print`;
 * returns how many. */
static size_t findings_changes(const dc_findings *before, const dc_findings *after, bool print)
{
    size_t changes = 0;
    for (size_t i = 0; i < before->n; i++)
        if (!contains(after, &before->items[i])) {
            if (print)
                finding_line("-", &before->items[i]);
            changes++;
        }
    for (size_t i = 0; i < after->n; i++)
        if (!contains(before, &after->items[i])) {
            if (print)
                finding_line("+", &after->items[i]);
            changes++;
        }
    return changes;
}

static size_t findings_diff(const dc_findings *before, const dc_findings *after)
{
    return findings_changes(before, after, true);
}

/* What a stored correction did: the field's old and new value, the record's status, and the
 * findings it removed (-) and added (+). */
/* A record checked again, by a correction or a batch's new date, under other rules than it was
 * last checked with (the archive signed a correction of "rules" for it): old and new rules. */
static void say_rules_changed(const char *old, const char *now)
{
    printf("  checked again with the rules and rules engine in force, not those it was checked with: %s -> %s "
           "(recorded as a correction of \"rules\")\n", nz(old), nz(now));
}

static void print_correction(dc_archive *a, const char *serial, const char *field, const char *old,
                             const char *who, const dc_findings *before, const dc_findings *after)
{
    dc_record *rec = NULL;
    const char *now_value = NULL;
    if (dc_archive_record_load(&rec, NULL, a, serial) == DC_OK && dc_record_get(rec, field))
        now_value = dc_record_get(rec, field)->value;
    if (old && now_value && strcmp(old, now_value) == 0)   /* a spot check, or "as read" in review */
        printf("%s %s: %s, unchanged: confirmed (by %s)\n", serial, field, old, who);
    else
        printf("%s %s: %s -> %s (by %s)\n", serial, field, old ? old : "(empty)", now_value ? now_value : "(empty)", who);
    const size_t open_fields = rec ? dc_record_fields_in_review(rec) : 0;   /* "needs_review" was the status's own name */
    if (!rec)
        printf("record %s: not found after the correction\n", serial);
    else if (open_fields)
        printf("record %s: %zu field%s still in review\n", serial, open_fields, open_fields == 1 ? "" : "s");
    else
        printf("record %s is now complete: no field is in review\n", serial);
    /* checked again under other rules than it was last checked with: the correction made of that
     * right after the field's (dc_archive_correct) */
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(dc_archive_db(a),
                           "SELECT r.old, r.new FROM corrections c JOIN corrections r ON r.id = c.id + 1 AND "
                           "r.serial = c.serial AND r.field = 'rules' WHERE c.id = (SELECT max(id) FROM corrections "
                           "WHERE serial = ?1 AND field = ?2)", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, serial, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, field, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            say_rules_changed((const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1));
    }
    sqlite3_finalize(st);
    if (!findings_diff(before, after))
        printf("  findings unchanged (%zu)\n", after->n);
    dc_record_free(rec);
}

/* Says, one line each, which reports written (dcaccess report) the changes chained after entry
 * `since` made out of date, with the command that writes each again: a report in the office folder
 * that disagrees with the archive said nothing. Nothing when none; a failure to tell is a note on
 * stderr for command `cmd` (the change is stored). */
static void say_outdated(dc_archive *a, long long since, const char *cmd)
{
    dc_report_outdated *v = NULL;
    size_t n = 0;
    if (dc_archive_reports_outdated(a, since, &v, &n) != DC_OK) {
        fprintf(stderr, "dcaccess %s: note: cannot tell which reports written before are now out of date: %s\n", cmd,
                dc_error_detail());
        dc_error_clear();
        return;
    }
    for (size_t i = 0; i < n; i++) {
        printf("out of date: %s report %s written %s (", v[i].kind, v[i].period, v[i].written);
        /* the files, one a line in the archive, as a list */
        for (char *file = v[i].files, *end; file; file = end ? end + 1 : NULL) {
            if ((end = strchr(file, '\n')) != NULL)
                *end = '\0';
            char *shown = cli_shown(file);
            printf("%s%s", file == v[i].files ? "" : ", ", shown ? shown : "");
            free(shown);
        }
        char *command = cli_shown(v[i].command);
        printf("): write it again: %s\n", command ? command : "");
        free(command);
    }
    dc_report_outdated_free(v, n);
}

/* The last chain entry now, for say_outdated after a change; 0 (every correction is after it)
 * when it cannot be read, which the change's own failure will say. */
static long long chain_now(dc_archive *a)
{
    long long seq = 0;
    if (dc_archive_chain_last(a, &seq) != DC_OK)
        dc_error_clear();
    return seq;
}

/* The rules (rules_path, or the default) and the existing archive, for `correct` and `review`;
 * CLI_OK, or the failure already printed (naming `what`). */
static int open_to_correct(dc_rules *rules, dc_archive **a, const char *rules_path, const char *archive,
                           const char *what, const char *who, const char *why)
{
    if (dc_archive_check_signature(who, why) != DC_OK) {   /* said before anything is asked or opened */
        fprintf(stderr, "dcaccess %s: %s\n", what, dc_error_detail());
        dc_error_clear();
        return CLI_USAGE;
    }
    int st = cli_load_rules(rules, rules_path, what);
    if (st != CLI_OK)
        return st;
    int rc = dc_archive_open(a, archive, DC_ARCHIVE_EXISTING);
    if (rc == DC_OK && (rc = dc_archive_check_intact(*a)) != DC_OK) {   /* what is written into it is lost with it */
        dc_archive_close(*a);
        *a = NULL;
    }
    if (rc != DC_OK)
        return cli_fail(rc, what);
    /* a scan cut off (killed, a power cut) stored form pages without building their records: built
     * now, so that their fields in review can be answered (they were listed, then refused). Not
     * those of a scan at work now: it builds them itself when its pages are in (a form's second
     * page may be still to come), and they were not cut off. */
    dc_unfinished_batch *u = NULL;
    size_t n = 0;
    long unbuilt = 0;
    if (dc_archive_unfinished(*a, &u, &n) == DC_OK)
        for (size_t i = 0; i < n; i++)
            unbuilt += u[i].running_now ? 0 : u[i].unbuilt;
    free(u);
    dc_error_clear();
    if (unbuilt) {
        dc_archive_sync_stats ss = {0, 0};
        rc = dc_archive_sync_records(*a, rules, &ss);
        if (rc == DC_ERR_NEWER) {   /* the others are built; those a newer dcaccess checked are its own */
            dc_error_clear();
            rc = DC_OK;
        }
        if (rc != DC_OK) {
            dc_archive_close(*a);
            *a = NULL;
            return cli_fail(rc, what);
        }
        fprintf(stderr, "dcaccess %s: built %zu record%s that a scan cut off had not\n", what, ss.records_built,
                ss.records_built == 1 ? "" : "s");
    }
    cli_say_unfinished(stderr, *a, "dcaccess: note: ", 0, NULL);
    return CLI_OK;
}

int cmd_correct(int argc, char **argv)
{
    bool bad = false;
    const char *archive = cli_take_archive(&argc, argv, &bad);
    const char *who = NULL, *why = NULL, *rules_path = NULL, *pos[3] = {NULL, NULL, NULL};
    int npos = 0;
    for (int i = 1; i < argc && !bad; i++) {
        if (signing_option(argc, argv, &i, &who, &why, &rules_path, &bad))
            continue;
        if (strncmp(argv[i], "--", 2) == 0 || npos == 3) {
            cli_usage_arg("correct", argv[i]);
            bad = true;
        } else {
            pos[npos++] = argv[i];
        }
    }
    if (!bad && npos != 3)
        cli_usage_why("correct", "SERIAL FIELD VALUE wanted, %d given", npos);
    else if (!bad && (!who || !*who))
        cli_usage_why("correct", who ? "--by wants a name, not \"\"" : "--by NAME is needed: who makes the correction");
    if (bad || npos != 3 || !who || !*who) {
        fprintf(stderr, "usage: dcaccess correct SERIAL FIELD VALUE --by NAME [--why TEXT] [--rules FILE] [--archive DB]\n"
                        "  VALUE \"\" or - records that nothing was written in the field (as in review)\n");
        return CLI_USAGE;
    }
    if (strcmp(pos[2], "-") == 0)   /* a lone dash is "nothing written", not a name or a text */
        pos[2] = "";
    /* the serial as printed on the form, 000006, also when typed 6 */
    char serial[32];
    size_t sl = strlen(pos[0]);
    if (sl > 0 && sl < 6 && strspn(pos[0], "0123456789") == sl) {
        snprintf(serial, sizeof serial, "%06ld", strtol(pos[0], NULL, 10));
        pos[0] = serial;
    }
    dc_rules rules;
    dc_archive *a = NULL;
    int st = open_to_correct(&rules, &a, rules_path, archive, "correct", who, why);
    if (st != CLI_OK)
        return st;
    dc_record *rec = NULL;
    const char *old = NULL;
    char *old_copy = NULL;
    if (dc_archive_record_load(&rec, NULL, a, pos[0]) == DC_OK) {
        const dc_record_field *f = dc_record_get(rec, pos[1]);
        old = f ? f->value : NULL;
        old_copy = dc_strdup(old);
    }
    dc_record_free(rec);
    dc_findings before = DC_FINDINGS_INIT, after = DC_FINDINGS_INIT;
    const long long since = chain_now(a);
    int rc = dc_archive_correct(a, &rules, pos[0], pos[1], pos[2], who, why, &before, &after);
    if (rc != DC_OK) {
        dc_archive_close(a);
        free(old_copy);
        if (rc == DC_ERR_VALUE) {   /* the record named, with what is wrong ("invalid value for field" said less) */
            cli_usage_why("correct", "record %s: %s; nothing changed", pos[0], dc_error_detail());
            return CLI_USAGE;
        }
        st = cli_fail(rc, "correct");
        return rc == DC_ERR_NOT_FOUND ? CLI_USAGE : st;
    }
    print_correction(a, pos[0], pos[1], old_copy, who, &before, &after);
    say_outdated(a, since, "correct");
    if (!why || !*why)   /* the auditor reads the reason beside the change */
        fprintf(stderr, "dcaccess correct: note: no --why given: the audit report shows this correction with no "
                        "reason\n");
    free(old_copy);
    dc_findings_clear(&before);
    dc_findings_clear(&after);
    dc_archive_close(a);
    return CLI_OK;
}

/* ---- batch-date: a stack scanned without --batch-date, or with a wrong one ---- */

static void batch_date_usage(FILE *f)
{
    fprintf(f, "usage: dcaccess batch-date [--archive DB]          list the scan batches\n"
               "       dcaccess batch-date BATCH YYYY-MM-DD --by NAME [--why TEXT] [--rules FILE] [--archive DB]\n"
               "  sets the date of scan batch BATCH (the day its stack was filled in, as scan --batch-date gives\n"
               "  it): each of its records gets a signed correction of batch_date and is checked again\n");
}

/* The batches, one line each: number, date, when scanned, pages, records. */
static int list_batches(dc_archive *a)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(dc_archive_db(a),
                           "SELECT b.id, b.batch_date, b.started, b.status, "
                           "(SELECT count(*) FROM pages p WHERE p.batch_id = b.id), "
                           "(SELECT count(*) FROM records r WHERE r.batch_id = b.id) FROM batches b ORDER BY b.id",
                           -1, &st, NULL) != SQLITE_OK)
        return dc_error_set(DC_ERR_ARCHIVE, "%s: listing batches: %s", dc_archive_path(a),
                            sqlite3_errmsg(dc_archive_db(a)));
    /* a batch still 'running' whose scan is gone (killed, a power cut) is not at work: said so */
    dc_unfinished_batch *u = NULL;
    size_t nu = 0;
    if (dc_archive_unfinished(a, &u, &nu) != DC_OK)
        dc_error_clear();   /* then listed as stored */
    printf("%-6s %-10s  %-20s  %-11s %6s %8s\n", "BATCH", "DATE", "SCANNED", "STATUS", "PAGES", "RECORDS");
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        const long long id = (long long)sqlite3_column_int64(st, 0);
        const char *status = nz((const char *)sqlite3_column_text(st, 3));
        for (size_t i = 0; i < nu; i++)
            if (u[i].batch == id && !u[i].running_now && strcmp(status, "running") == 0)
                status = "unfinished";   /* scan the same files again (README) */
        char scanned[48];
        cli_local_time(scanned, sizeof scanned, (const char *)sqlite3_column_text(st, 2));
        printf("%-6lld %-10s  %-20s  %-11s %6d %8d\n", id, nz((const char *)sqlite3_column_text(st, 1)), scanned,
               status, sqlite3_column_int(st, 4), sqlite3_column_int(st, 5));
    }
    free(u);
    int rc = s == SQLITE_DONE ? DC_OK
                              : dc_error_set(DC_ERR_ARCHIVE, "%s: listing batches: %s", dc_archive_path(a),
                                             sqlite3_errmsg(dc_archive_db(a)));
    sqlite3_finalize(st);
    return rc;
}

/* The serials of batch `batch`'s records with their findings now, for saying afterwards what
 * changing its date changed. */
typedef struct batch_findings {
    char **serials;
    char **rules;   /* what each was checked with (records.rules; NULL when not recorded) */
    dc_findings *f;
    size_t n;
} batch_findings;

static void batch_findings_free(batch_findings *b)
{
    for (size_t i = 0; i < b->n; i++)
        free(b->rules[i]);
    free(b->rules);
    for (size_t i = 0; i < b->n; i++)
        dc_findings_clear(&b->f[i]);
    free(b->f);
    dc_archive_strings_free(b->serials, b->n);
    memset(b, 0, sizeof *b);
}

static int batch_findings_load(batch_findings *b, dc_archive *a, long long batch)
{
    memset(b, 0, sizeof *b);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(dc_archive_db(a), "SELECT serial, rules FROM records WHERE batch_id = ? ORDER BY serial", -1,
                           &st, NULL) != SQLITE_OK)
        return dc_error_set(DC_ERR_ARCHIVE, "%s: %s", dc_archive_path(a), sqlite3_errmsg(dc_archive_db(a)));
    sqlite3_bind_int64(st, 1, batch);
    int rc = DC_OK;
    size_t cap = 0, rcap = 0, fcap = 0;
    while (rc == DC_OK && sqlite3_step(st) == SQLITE_ROW) {
        const char *rules = (const char *)sqlite3_column_text(st, 1);
        if (dc_grow(&b->serials, &cap, b->n, sizeof *b->serials, 16) != 0 ||
            dc_grow(&b->rules, &rcap, b->n, sizeof *b->rules, 16) != 0 ||
            dc_grow(&b->f, &fcap, b->n, sizeof *b->f, 16) != 0 ||
            !(b->serials[b->n] = dc_strdup((const char *)sqlite3_column_text(st, 0)))) {
            rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
            break;
        }
        b->rules[b->n] = rules ? dc_strdup(rules) : NULL;
        b->f[b->n] = (dc_findings)DC_FINDINGS_INIT;
        dc_record *rec = NULL;
        rc = dc_archive_record_load(&rec, &b->f[b->n], a, b->serials[b->n]);
        dc_record_free(rec);
        b->n++;
    }
    sqlite3_finalize(st);
    if (rc != DC_OK)
        batch_findings_free(b);
    return rc;
}

int cmd_batch_date(int argc, char **argv)
{
    bool bad = false;
    const char *archive = cli_take_archive(&argc, argv, &bad);
    const char *who = NULL, *why = NULL, *rules_path = NULL, *pos[2] = {NULL, NULL};
    int npos = 0;
    for (int i = 1; i < argc && !bad; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            batch_date_usage(stdout);
            return CLI_OK;
        } else if (signing_option(argc, argv, &i, &who, &why, &rules_path, &bad)) {
            continue;
        } else if (strncmp(argv[i], "--", 2) == 0 || npos == 2) {
            cli_usage_arg("batch-date", argv[i]);
            bad = true;
        } else {
            pos[npos++] = argv[i];
        }
    }
    char *end = NULL;
    errno = 0;
    const long long batch = npos == 2 ? strtoll(pos[0], &end, 10) : 0;
    if (!bad && npos == 1) {
        cli_usage_why("batch-date", "BATCH and YYYY-MM-DD wanted (or neither, to list the batches)");
    } else if (!bad && npos == 2 && (*end || batch < 1 || errno == ERANGE)) {
        char *shown = cli_shown(pos[0]);
        cli_usage_why("batch-date", "\"%s\" is not a batch number (dcaccess batch-date lists them)", shown ? shown : "");
        free(shown);
    } else if (!bad && npos == 2 && (!who || !*who)) {
        cli_usage_why("batch-date", who ? "--by wants a name, not \"\"" : "--by NAME is needed: who changes the date");
    }
    /* a stack is dated the day it was filled in: a day to come is a slip (2062 for 2026), which would
     * file its visits under that day and warn on every one of them */
    char today[16];
    dc_today(today);
    const bool to_come = !bad && npos == 2 && dc_date_check(pos[1], NULL, NULL, NULL) == 0 && today[0] &&
                         strcmp(pos[1], today) > 0;
    if (to_come && who && *who && !*end && batch >= 1) {
        cli_usage_why("batch-date", "%s is after today (%s): a batch is dated the day its stack was filled in; nothing "
                                    "changed", pos[1], today);
        return CLI_USAGE;
    }
    if (bad || npos == 1 || (npos == 2 && (!who || !*who || *end || batch < 1 || errno == ERANGE))) {
        batch_date_usage(stderr);
        return CLI_USAGE;
    }
    if (npos == 0) {
        dc_archive *a = NULL;
        int rc = dc_archive_open(&a, archive, DC_ARCHIVE_READONLY);
        if (rc == DC_OK)
            rc = list_batches(a);
        dc_archive_close(a);
        return rc == DC_OK ? CLI_OK : cli_fail(rc, "batch-date");
    }
    dc_rules rules;
    dc_archive *a = NULL;
    int st = open_to_correct(&rules, &a, rules_path, archive, "batch-date", who, why);
    if (st != CLI_OK)
        return st;
    dc_batch_redate moved = {0};
    batch_findings was;
    int rc = batch_findings_load(&was, a, batch);
    const long long since = chain_now(a);
    if (rc == DC_OK)
        rc = dc_archive_set_batch_date(a, &rules, (int64_t)batch, pos[1], who, why, DC_SCAN_DATE_CONTEXT_CONF,
                                       &moved);
    const size_t n = moved.records;
    if (rc != DC_OK) {
        dc_archive_close(a);
        batch_findings_free(&was);
        if (rc == DC_ERR_VALUE) {   /* a date that is none: the batch named (it said "invalid value for field") */
            cli_usage_why("batch-date", "batch %lld: %s", batch, dc_error_detail());
            return CLI_USAGE;
        }
        st = cli_fail(rc, "batch-date");
        return rc == DC_ERR_NOT_FOUND ? CLI_USAGE : st;
    }
    if (n)
        printf("batch %lld is now dated %s: %zu record%s checked again with it (a signed correction of batch_date "
               "each)\n", batch, pos[1], n, n == 1 ? "" : "s");
    else if (moved.date_changed)   /* its pages are dated so; no record is its */
        printf("batch %lld is now dated %s: it holds no record (its pages went to no record, or their records are "
               "in the batch of their access form)\n", batch, pos[1]);
    else
        printf("batch %lld: nothing changed (it is dated %s already, or holds no record)\n", batch, pos[1]);
    /* the scan's batch-date context, redone: what it accepted for the old date, and would accept
     * for the new one */
    if (moved.dates_to_review)
        printf("%zu visit date%s accepted only because %s read as the old batch date went back to review\n",
               moved.dates_to_review, moved.dates_to_review == 1 ? "" : "s", moved.dates_to_review == 1 ? "it" : "they");
    if (moved.dates_accepted)
        printf("%zu visit date%s in review that read%s as %s (every box read at %.2f or more) %s accepted\n",
               moved.dates_accepted, moved.dates_accepted == 1 ? "" : "s", moved.dates_accepted == 1 ? "s" : "",
               pos[1], DC_SCAN_DATE_CONTEXT_CONF, moved.dates_accepted == 1 ? "is now" : "are now");
    /* what it changed in the findings (the date_mismatch warnings, and any rules that differ from
     * those a record was checked with), record by record */
    sqlite3_stmt *q = NULL;   /* the rules each is checked with now (nothing said of them if it fails) */
    if (sqlite3_prepare_v2(dc_archive_db(a), "SELECT rules FROM records WHERE serial = ?", -1, &q, NULL) != SQLITE_OK)
        q = NULL;
    for (size_t i = 0; n && i < was.n; i++) {
        dc_record *rec = NULL;
        dc_findings now = DC_FINDINGS_INIT;
        if (dc_archive_record_load(&rec, &now, a, was.serials[i]) == DC_OK) {
            printf("%s:\n", was.serials[i]);
            const char *now_rules = q && sqlite3_bind_text(q, 1, was.serials[i], -1, SQLITE_STATIC) == SQLITE_OK &&
                                            sqlite3_step(q) == SQLITE_ROW
                                        ? (const char *)sqlite3_column_text(q, 0)
                                        : NULL;
            if (now_rules && (!was.rules[i] || strcmp(now_rules, was.rules[i]) != 0))
                say_rules_changed(was.rules[i], now_rules);
            if (q)
                sqlite3_reset(q);
            if (!findings_diff(&was.f[i], &now))
                printf("  findings unchanged (%zu)\n", now.n);
        }
        dc_error_clear();
        dc_record_free(rec);
        dc_findings_clear(&now);
    }
    sqlite3_finalize(q);
    batch_findings_free(&was);
    say_outdated(a, since, "batch-date");
    dc_archive_close(a);
    return CLI_OK;
}

/* ---- recheck: a period's records checked again with the rules in force ---- */

static void recheck_usage(FILE *f)
{
    fprintf(f, "usage: dcaccess recheck (--date YYYY-MM-DD | --month YYYY-MM) --by NAME [--why TEXT] [--rules FILE]\n"
               "                        [--archive DB]\n"
               "  checks the period's records again with the rules in force (--rules, else $DCACCESS_RULES,\n"
               "  else the SOP defaults) when they were last checked with other rules, or by an earlier\n"
               "  dcaccess whose rules engine differs (\"rules engine %d\" in the text); each such record gets\n"
               "  a signed correction of \"rules\" (old -> new) that the audit report shows, and the findings\n"
               "  that changed are listed. Records checked with these rules already are left as they are.\n",
            DC_RULES_ENGINE);
}

int cmd_recheck(int argc, char **argv)
{
    bool bad = false;
    const char *archive = cli_take_archive(&argc, argv, &bad);
    const char *who = NULL, *why = NULL, *rules_path = NULL, *prefix = NULL;
    for (int i = 1; i < argc && !bad; i++) {
        int d = i + 1 < argc ? cli_date_filter(argv[0], argv[i], argv[i + 1], &prefix) : 0;
        if (d) {
            bad = d < 0;
            i++;
        } else if (strcmp(argv[i], "--help") == 0) {
            recheck_usage(stdout);
            return CLI_OK;
        } else if (!signing_option(argc, argv, &i, &who, &why, &rules_path, &bad)) {
            cli_usage_arg("recheck", argv[i]);
            bad = true;
        }
    }
    if (!bad && !prefix)
        cli_usage_why("recheck", "--date YYYY-MM-DD or --month YYYY-MM is needed: the period to check again");
    else if (!bad && (!who || !*who))
        cli_usage_why("recheck", who ? "--by wants a name, not \"\"" : "--by NAME is needed: who checks again");
    if (bad || !who || !*who || !prefix) {   /* a whole archive at once is not offered: a period is what reports show */
        recheck_usage(stderr);
        return CLI_USAGE;
    }
    dc_rules rules;
    dc_archive *a = NULL;
    int st = open_to_correct(&rules, &a, rules_path, archive, "recheck", who, why);
    if (st != CLI_OK)
        return st;
    const char *env = getenv("DCACCESS_RULES");
    if (!rules_path && !(env && *env))   /* most likely a rules file forgotten: the records would go back to the SOP's */
        fprintf(stderr, "dcaccess recheck: note: no --rules and no DCACCESS_RULES: checking with the SOP defaults\n");
    char text[DC_RULES_TEXT_MAX];
    int rc = dc_rules_stamp(&rules, text, sizeof text);
    char **serials = NULL;
    size_t n = 0, other = 0, changed = 0, altered = 0, newer = 0;
    if (rc == DC_OK)
        rc = dc_archive_record_serials(&serials, &n, a, prefix);
    /* Ctrl-C or TERM stops between records (each is checked and stored in one transaction): what was
     * checked is summed up (it was killed without a word, its changes only on the screen). Output
     * piped into a reader that stopped (`| head`) does not stop it: the period is checked whole, and
     * the lost output said at the end (SIGPIPE ended it at the first record printed after) */
    signal(SIGPIPE, SIG_IGN);
    cli_defer_signals();
    size_t done = 0;
    const long long since = chain_now(a);
    for (size_t i = 0; i < n && rc == DC_OK && !cli_signal_noted(); i++, done++) {
        dc_findings before = DC_FINDINGS_INIT, after = DC_FINDINGS_INIT;
        bool was_other = false;
        rc = dc_archive_recheck(a, &rules, serials[i], who, why, &before, &after, &was_other);
        if (rc == DC_ERR_TAMPERED) {   /* that record only: named, and the others are checked */
            fprintf(stderr, "dcaccess recheck: %s\n", dc_error_detail());
            dc_error_clear();
            altered++;
            rc = DC_OK;
        } else if (rc == DC_ERR_NEWER) {   /* left to the newer dcaccess; summed up below */
            dc_error_clear();
            newer++;
            rc = DC_OK;
        } else if (rc == DC_OK && was_other) {
            other++;
            if (findings_changes(&before, &after, false)) {   /* only the records whose findings changed */
                printf("%s:\n", serials[i]);
                findings_diff(&before, &after);
                changed++;
            }
        }
        dc_findings_clear(&before);
        dc_findings_clear(&after);
    }
    const bool interrupted = cli_restore_signals() != 0 && done < n;
    dc_archive_strings_free(serials, n);
    if (rc != DC_OK) {
        dc_archive_close(a);
        return cli_fail(rc, "recheck");
    }
    printf("%zu record%s of %s: %zu checked again with the rules in force (%s), %zu of them with other findings; "
           "%zu checked with these rules already\n", done, done == 1 ? "" : "s", prefix, other, text, changed,
           done - other - altered - newer);
    if (altered)
        printf("%zu record%s altered outside dcaccess not checked: run dcaccess verify\n", altered,
               altered == 1 ? "" : "s");
    if (newer)
        printf("%zu record%s checked by a newer dcaccess (a later rules engine than this one's, %d) left as %s: "
               "update dcaccess on this PC\n", newer, newer == 1 ? "" : "s", DC_RULES_ENGINE,
               newer == 1 ? "it is" : "they are");
    say_outdated(a, since, "recheck");
    dc_archive_close(a);
    if (interrupted) {
        fprintf(stderr, "dcaccess recheck: interrupted after %zu of %zu records; those are stored: run the same "
                        "command again to check the rest\n", done, n);
        return CLI_FAIL;
    }
    return altered || newer ? CLI_ATTENTION : CLI_OK;
}

/* ---- review: the pending fields one by one ---- */

/* One answer line from `in`, without its newline and the spaces around it; NULL at the end of
 * input, also for a line the input ended in before its newline (Ctrl-D after "PT IND" means stop,
 * not "store PT IND"). *buf is reused. *nul: the line holds a NUL byte. */
static char *read_answer(FILE *in, char **buf, size_t *cap, bool *only_spaces, bool *nul)
{
    ssize_t n = getline(buf, cap, in);
    if (n <= 0 || (*buf)[n - 1] != '\n')
        return NULL;
    /* a NUL typed in the line (Ctrl-@) cut the value there without a word */
    *nul = memchr(*buf, '\0', (size_t)n) != NULL;
    *only_spaces = n > 1 && !((*buf)[0] == '\r' && n == 2);   /* more than Enter: spaces, if it trims to "" */
    while (n > 0 && isspace((unsigned char)(*buf)[n - 1]))
        (*buf)[--n] = '\0';
    char *s = *buf;
    while (*s && isspace((unsigned char)*s))
        s++;
    return s;
}

/* Field `field` of the first template of `ts` (NULL: none loaded) that has it, or NULL. */
static const dc_field *template_field(const dc_template_set *ts, const char *field)
{
    const dc_field *f = NULL;
    for (size_t i = 0; ts && i < dc_template_set_count(ts) && !f; i++)
        f = dc_template_field(dc_template_set_at(ts, i), field);
    return f;
}

/* The answers a box field takes, for the person reviewing it: "true (ticked) or false (not
 * ticked)" for a checkbox, the option values for a choice; "" for other fields, or when the field
 * is in no template of `ts` (NULL: none loaded). */
static void box_answers(char *buf, size_t cap, const dc_template_set *ts, const char *field)
{
    buf[0] = '\0';
    const dc_field *f = template_field(ts, field);
    if (f && f->type == DC_FIELD_CHECKBOX) {
        snprintf(buf, cap, "true (ticked) or false (not ticked)");
    } else if (f && f->type == DC_FIELD_CHOICE) {
        /* each with the words the paper prints beside its box, which correct takes too */
        size_t len = (size_t)snprintf(buf, cap, "one of");
        for (size_t o = 0; o < f->noptions && len < cap; o++) {
            const char *words = f->options[o].label.id;
            if (words && *words && strcasecmp(words, f->options[o].value) != 0)
                len += (size_t)snprintf(buf + len, cap - len, "%s %s (%s)", o ? "," : "", f->options[o].value, words);
            else
                len += (size_t)snprintf(buf + len, cap - len, "%s %s", o ? "," : "", f->options[o].value);
        }
        if (f->noptions > 1 && len < cap)   /* what the paper shows when more than one is ticked */
            snprintf(buf + len, cap - len, "; more than one ticked: those ticked joined by +, e.g. %s+%s",
                     f->options[0].value, f->options[1].value);
    }
}

const char *const CLI_KNOWN_FIELDS[CLI_N_KNOWN_FIELDS] = { "id_number", "phone", "visitor_name", "institution" };

void cli_known_free(cli_known *k)
{
    for (int i = 0; i < CLI_N_KNOWN_FIELDS; i++)
        dc_archive_strings_free(k->values[i], k->n[i]);
    for (int i = 0; i < CLI_N_VISITOR_FIELDS; i++)
        dc_archive_strings_free(k->pairs[i], 2 * k->npairs[i]);
    memset(k, 0, sizeof *k);
}

int cli_known_load(cli_known *k, dc_archive *a)
{
    memset(k, 0, sizeof *k);
    int rc = DC_OK;
    for (int i = 0; rc == DC_OK && i < CLI_N_KNOWN_FIELDS; i++)
        rc = dc_archive_checked_values(&k->values[i], &k->n[i], a, "access", CLI_KNOWN_FIELDS[i]);
    for (int i = 0; rc == DC_OK && i < CLI_N_VISITOR_FIELDS; i++)
        rc = dc_archive_visitor_values(&k->pairs[i], &k->npairs[i], a, CLI_KNOWN_FIELDS[CLI_N_KNOWN_NUMBER_FIELDS + i]);
    if (rc != DC_OK)
        cli_known_free(k);
    return rc;
}

/* The values checked on other forms in the fields a returning visitor writes again, for review's
 * suggestions (dc_scan_suggest); grown as the reviewer checks more. */
typedef struct known_cache {
    cli_known v;
    size_t cap[CLI_N_KNOWN_FIELDS];
} known_cache;

static int known_index(const char *field)
{
    for (int k = 0; k < CLI_N_KNOWN_FIELDS; k++)
        if (strcmp(field, CLI_KNOWN_FIELDS[k]) == 0)
            return k;
    return -1;
}

static int known_cache_load(known_cache *c, dc_archive *a)
{
    memset(c, 0, sizeof *c);
    int rc = cli_known_load(&c->v, a);
    for (int k = 0; k < CLI_N_KNOWN_FIELDS; k++)
        c->cap[k] = c->v.n[k];
    return rc;
}

/* A value the reviewer has just checked: suggested from now on (nothing lost if memory is short). */
static void known_cache_add(known_cache *c, const char *field, const char *value)
{
    int k = known_index(field);
    char *copy = k >= 0 && value && *value ? dc_strdup(value) : NULL;
    if (!copy)
        return;
    if (dc_grow(&c->v.values[k], &c->cap[k], c->v.n[k], sizeof *c->v.values[k], 16) != 0) {
        free(copy);
        return;
    }
    c->v.values[k][c->v.n[k]++] = copy;
}

/* The value checked on another form that the reading of `f` most likely is, or NULL. */
static const char *known_suggestion(const known_cache *c, const dc_pending_field *f)
{
    int k = known_index(f->field);
    if (k < 0 || !f->value)
        return NULL;
    return dc_scan_suggest(f->value, (const char *const *)c->v.values[k], c->v.n[k], k < CLI_N_KNOWN_NUMBER_FIELDS);
}

int cmd_review(int argc, char **argv)
{
    bool bad = false;
    const char *archive = cli_take_archive(&argc, argv, &bad);
    const char *who = NULL, *rules_path = NULL;
    for (int i = 1; i < argc && !bad; i++)
        if (!signing_option(argc, argv, &i, &who, NULL, &rules_path, &bad) && (bad = true))
            cli_usage_arg("review", argv[i]);
    if (!bad && (!who || !*who))
        cli_usage_why("review", who ? "--by wants a name, not \"\"" : "--by NAME is needed: who answers");
    if (bad || !who || !*who) {
        fprintf(stderr, "usage: dcaccess review --by NAME [--rules FILE] [--archive DB]\n"
                        "  shows each field waiting for review with its crop; answer each with\n"
                        "    Enter   the value read is right (it is recorded as checked by NAME)\n"
                        "    VALUE   the right value, as for dcaccess correct\n"
                        "    -       nothing is written in the field\n"
                        "    =       the value shown as checked before on another form\n"
                        "    s       skip it for now;   q  stop (what was answered is kept)\n"
                        "    \"S\"     in quotes: the value itself, for a value that is one of the keys above\n");
        return CLI_USAGE;
    }
    dc_rules rules;
    dc_archive *a = NULL;
    int st = open_to_correct(&rules, &a, rules_path, archive, "review", who, NULL);
    if (st != CLI_OK)
        return st;
    int rc;
    dc_pending_field *v = NULL;
    size_t n = 0, unbuilt = 0;
    rc = dc_archive_pending(&v, &n, &unbuilt, a);
    char *dir = rc == DC_OK ? dc_asprintf("%s.crops", archive) : NULL;
    if (rc == DC_OK && !dir)
        rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
    crop_writer cw = {.dir = dir};
    if (rc != DC_OK) {
        free(dir);
        dc_pending_free(v, n);
        dc_archive_close(a);
        return cli_fail(rc, "review");
    }
    /* fields of forms a scan at work has not built yet: offered, they could not be answered (review
     * stopped on the first, exit 3) */
    cli_say_unbuilt(stdout, "", unbuilt);
    if (n == 0) {
        printf("no field is waiting for review%s\n", unbuilt ? " now" : "");
        free(dir);
        dc_pending_free(v, n);
        dc_archive_close(a);
        return unbuilt ? CLI_ATTENTION : CLI_OK;
    }
    printf("%zu field%s waiting for review. For each: Enter = the value read is right, or type the right "
           "value, - = nothing written, s = skip, q = stop.\n", n, n == 1 ? "" : "s");
    dc_template_set *ts = NULL;
    if (dc_template_set_load(&ts, NULL) != DC_OK) {
        /* only the answer hints of box fields need the templates: review goes on, and says why they
         * are missing (it left them out without a word, while scan and forms print name the file) */
        fprintf(stderr, "dcaccess review: note: the form templates could not be loaded (%s): the boxes' answers "
                        "are not listed; answer them as for dcaccess correct\n", dc_error_detail());
        ts = NULL;
        dc_error_clear();
    }
    known_cache known;
    if (known_cache_load(&known, a) != DC_OK)
        dc_error_clear();   /* only the suggestions need them: review goes on without */
    const long long since = chain_now(a);   /* the reports the answers make out of date, said at the end */
    size_t confirmed = 0, corrected = 0, skipped = 0, by_others = 0, newer = 0;
    char newer_serial[32] = "";   /* a record a newer dcaccess checked: its other fields are not offered */
    char *line = NULL, *unconfirmed = NULL;   /* a time typed once that is no clock time */
    size_t cap = 0;
    bool stop = false;
    /* Ctrl-C: a crop being written is finished, an answer being stored is stored, and the wait for
     * the next answer ends; the summary then says what was kept */
    cli_defer_signals_reading();
    for (size_t i = 0; i < n && !stop && rc == DC_OK && !cli_signal_noted(); i++) {
        if (newer_serial[0] && strcmp(v[i].serial, newer_serial) == 0) {
            newer++;
            continue;
        }
        char *crop = NULL;
        if ((rc = write_crop(&cw, &v[i], &crop)) != DC_OK) {
            free(crop);
            break;
        }
        printf("\n[%zu/%zu] %s %s: read %s%s%s", i + 1, n, v[i].serial, v[i].field, v[i].value ? "\"" : "",
               v[i].value ? v[i].value : "nothing (unread)", v[i].value ? "\"" : "");   /* as pending says */
        /* the reason, and the confidence where it is what the reason is about: a reading two
         * readers each made surely has a high confidence and is in review all the same */
        if (!v[i].why[0] || strcmp(v[i].why, "unsure") == 0 || strcmp(v[i].why, "gap") == 0)
            printf(" (confidence %.2f)", v[i].confidence);
        if (v[i].why[0])
            printf("\n      why: %s", dc_review_why_text(v[i].why));
        if (strcmp(v[i].why, "invalid") == 0)
            print_invalid(&v[i]);
        printf("\n      crop: %s\n", crop                         ? crop
                                    : cw.off && v[i].crop_png_len ? "(not written: look at the paper form)"
                                                                  : "(none: look at the paper form)");
        free(crop);
        char answers[512];
        box_answers(answers, sizeof answers, ts, v[i].field);
        if (answers[0])
            printf("      answer: %s\n", answers);
        /* a returning visitor: what a person checked on another form (only shown, never taken);
         * first what the visitor with this record's ID number wrote there, else the checked value
         * the reading is close to */
        char *same_id = NULL;
        dc_checked_source id_src;
        const int kf = known_index(v[i].field);   /* -1: not a field a returning visitor writes again */
        if (kf >= 0 && strcmp(v[i].field, "id_number") != 0 &&
            dc_archive_same_id_value(a, v[i].serial, v[i].field, &same_id, &id_src) != DC_OK) {
            dc_error_clear();
            same_id = NULL;
        }
        const char *seen = same_id ? same_id : known_suggestion(&known, &v[i]);
        if (seen && v[i].value && strcmp(seen, v[i].value) == 0)
            printf("      the same as checked before on another form\n");
        else if (same_id)
            printf("      checked before on form %s (the same ID number, %s): \"%s\" (= takes it, if the paper says "
                   "so)\n", id_src.serial, id_src.day, same_id);
        else if (seen) {
            /* whose it was, for the reviewer to judge: a number with its visitor's name */
            dc_checked_source src;
            char whose[128] = "another form";
            const bool with_name = kf < CLI_N_KNOWN_NUMBER_FIELDS;
            if (dc_archive_checked_source(a, "access", v[i].field, seen, &src) == DC_OK)
                snprintf(whose, sizeof whose, "form %s (%s%s%s)", src.serial, with_name ? src.visitor : "",
                         with_name && src.visitor[0] ? ", " : "", src.day);
            else
                dc_error_clear(); /* the hint without its source */
            printf("      checked before on %s: \"%s\" (= takes it, if the paper says so)\n", whose, seen);
        }
        /* a comb holds one letter per box: a name written with another number of letters than the
         * value shown was probably spelt otherwise this time, not misread (scan/README.md) */
        const size_t written = dc_scan_letters(v[i].value), shown = dc_scan_letters(seen);
        if (seen && v[i].value && kf >= CLI_N_KNOWN_NUMBER_FIELDS && written != shown)
            printf("      note: %zu letters were written here and %zu are in that value: the visitor may have spelt it "
                   "otherwise this time; type what the paper says\n",
                   written, shown);
        for (;;) {
            /* a Ctrl-C that came while the field was shown: stop before the next answer is read (the
             * read did not see it, and the Enter after it confirmed a field nobody had looked at) */
            if (cli_signal_noted()) {
                stop = true;
                break;
            }
            printf("> ");
            fflush(stdout);
            bool only_spaces = false, nul = false;
            char *ans = read_answer(stdin, &line, &cap, &only_spaces, &nul);
            if (cli_signal_noted())
                ans = NULL;   /* an answer typed around a Ctrl-C is not stored */
            if (ans && nul) {
                printf("  not accepted: the line holds a NUL character (Ctrl-@): type it again\n");
                continue;
            }
            /* "S" in quotes is the value S, not the skip key (and "-", "=", "" the same) */
            const size_t alen = ans ? strlen(ans) : 0;
            const bool quoted = alen >= 2 && ans[0] == '"' && ans[alen - 1] == '"';
            if (quoted) {
                ans[alen - 1] = '\0';
                ans++;
                if (!ans[0]) {
                    printf("  \"\" is no value: press Enter if the value read is right, or - if the field is empty\n");
                    continue;
                }
            }
            if (!ans || (!quoted && strcasecmp(ans, "q") == 0)) {
                stop = true;
                break;
            }
            if (!quoted && strcasecmp(ans, "s") == 0) {
                skipped++;
                break;
            }
            if (!ans[0] && only_spaces) {
                /* only spaces: not Enter, and not a value (it was stored as "nothing written") */
                printf("  only spaces: press Enter alone if the value read is right, or type the value (- if the "
                       "field is empty)\n");
                continue;
            }
            const bool as_seen = !quoted && strcmp(ans, "=") == 0;
            if (as_seen && (!seen || (v[i].value && strcmp(seen, v[i].value) == 0))) {
                printf("  no other value was checked before for this reading: press Enter if it is right, or type "
                       "the value\n");
                continue;
            }
            bool as_read = ans[0] == '\0';
            if (as_read && !v[i].value) {
                printf("  nothing was read here: type the value written on the paper, or - if the field is empty\n");
                continue;
            }
            if (as_read && strchr(v[i].value, '?')) {
                /* '?' marks what the machine could not read: never stored as if it were writing */
                printf("  the value read has unreadable characters (?): type it as written on the paper\n");
                continue;
            }
            const char *value = as_read ? v[i].value : as_seen ? seen : !quoted && strcmp(ans, "-") == 0 ? "" : ans;
            if (!as_read && !as_seen && v[i].value) {
                /* the value read, typed again (in any case or spacing): a confirmation, not a correction */
                char *norm = NULL;
                if (dc_record_validate_written(&norm, v[i].field, value) != DC_OK)
                    dc_error_clear();   /* the archive says what is wrong with it below */
                as_read = norm && strcmp(norm, v[i].value) == 0 && !strchr(v[i].value, '?');
                free(norm);
                if (as_read)
                    value = v[i].value;
            }
            if (!as_read && dc_record_written_not_clock_time(v[i].field, value) &&
                (!unconfirmed || strcmp(unconfirmed, value) != 0)) {
                /* kept as the paper has it (times_inconsistent names it), but more often a slip */
                free(unconfirmed);
                unconfirmed = dc_strdup(value);
                printf("  %s is no clock time: type it again if the paper says so (the SOP check will name it), or "
                       "type the right time\n", value);
                continue;
            }            dc_findings before = DC_FINDINGS_INIT, after = DC_FINDINGS_INIT;
            /* never written over a person's correction made since the list was read: the archive
             * judges it in the same transaction as the write */
            int crc = dc_archive_answer_review(a, &rules, v[i].serial, v[i].field, value, who,
                                               as_read   ? "review: checked, as read"
                                               : as_seen ? "review: as checked before on another form"
                                                         : "review",
                                               &before, &after);
            if (crc == DC_ERR_CHANGED) {
                printf("  corrected by someone else meanwhile: left as they set it\n");
                by_others++;
                break;
            }
            if (crc == DC_ERR_NEWER) {
                /* left to the newer dcaccess, with the record's other fields: the review goes on */
                printf("  not stored: record %s was checked by a newer dcaccess: it answers this record's fields; "
                       "update dcaccess on this PC\n", v[i].serial);
                dc_error_clear();
                snprintf(newer_serial, sizeof newer_serial, "%s", v[i].serial);
                newer++;
                break;
            }
            if (crc == DC_ERR_VALUE) {
                /* e.g. a '?' left in the value read, or a time that is not a clock time: ask again (for
                 * a choice, with the answer its hint does not give: no box ticked) */
                const dc_field *tf = template_field(ts, v[i].field);
                printf("  not accepted: %s\n  type the value as written on the paper (%ss = skip)\n",
                       dc_error_detail(), tf && tf->type == DC_FIELD_CHOICE ? "- = nothing ticked, " : "");
                continue;
            }
            if (crc != DC_OK) {
                rc = crc;
                break;
            }
            print_correction(a, v[i].serial, v[i].field, v[i].value, who, &before, &after);
            known_cache_add(&known, v[i].field, value);
            dc_findings_clear(&before);
            dc_findings_clear(&after);
            if (as_read)
                confirmed++;
            else
                corrected++;
            break;
        }
        free(same_id);
        free(unconfirmed);
        unconfirmed = NULL;
    }
    free(line);
    /* what is left in the archive now: another scan, review or correction may have run meanwhile */
    size_t left = n - confirmed - corrected - by_others;
    if (rc == DC_OK) {
        size_t now = 0;
        if (dc_archive_each_field(a, "review", NULL, count_field, &now) == DC_OK)
            left = now;
        else
            dc_error_clear();
    }
    const bool interrupted = cli_restore_signals() != 0;
    printf("\nreview by %s: %zu confirmed as read, %zu corrected, %zu skipped", who, confirmed, corrected, skipped);
    if (by_others)
        printf(", %zu corrected by someone else meanwhile", by_others);
    if (newer)
        printf(", %zu left to a newer dcaccess", newer);
    printf("; %zu still waiting%s\n", left, interrupted ? " (stopped by Ctrl-C; every answer given is kept)" : "");
    if (confirmed + corrected)
        say_outdated(a, since, "review");
    dc_template_set_free(ts);
    cli_known_free(&known.v);
    free(dir);
    dc_pending_free(v, n);
    dc_archive_close(a);
    if (rc != DC_OK)
        return cli_fail(rc, "review");
    return left ? CLI_ATTENTION : CLI_OK;   /* Ctrl-C is a way to stop, as q is */
}
