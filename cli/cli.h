/* cli: shared declarations of the dcaccess command's subcommands. */
#ifndef DC_CLI_H
#define DC_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Each subcommand gets argv starting at its own name and returns the process exit status:
 * 0 success, 1 done but something needs attention (rejected pages, failed verification),
 * 2 usage error, 3 runtime error (message already printed). */
enum { CLI_OK = 0, CLI_ATTENTION = 1, CLI_USAGE = 2, CLI_FAIL = 3 };

int cmd_forms(int argc, char **argv);    /* forms print */
int cmd_scan(int argc, char **argv);     /* scan [--dry-run] [--json] */
int cmd_records(int argc, char **argv);  /* records */
int cmd_verify(int argc, char **argv);   /* verify */
int cmd_backup(int argc, char **argv);   /* backup -o FILE */
int cmd_pending(int argc, char **argv);  /* pending */
int cmd_correct(int argc, char **argv);  /* correct */
int cmd_batch_date(int argc, char **argv);   /* batch-date: list the scan batches, or fix one's date */
int cmd_recheck(int argc, char **argv);  /* recheck: a period's records checked again with the rules in force */
int cmd_review(int argc, char **argv);   /* review: the pending fields one by one */
int cmd_report(int argc, char **argv);   /* report daily|monthly|audit */
int cmd_cells(int argc, char **argv);    /* cells -o DIR: export checked digit cells */

/* Archive ingest, used by `scan` without --dry-run (implemented in cmd_archive.c).
 * begin opens (creating/migrating) the archive and starts a batch; has_page says whether a
 * (file SHA-256, page) is already stored so the scanner can skip it (idempotent re-runs, resume
 * after a crash); page stores one page result in its own transaction; end builds/updates records,
 * runs the rules, prints the summary to stdout, frees `in`, and returns the exit status. */
struct dc_page_result;
typedef struct cli_ingest cli_ingest;
struct dc_rules;
/* rules: the rules in force (cli_load_rules, read before the stack: copied); batch_date:
 * YYYY-MM-DD the stack belongs to, as `scan` resolved it (--batch-date, $DCACCESS_BATCH_DATE or
 * today) and gave the scanner. */
/* inputs: the files and folders the scan was given (recorded with the batch, so that a batch cut
 * off is finished only by a scan of all of them). templates: the scanner's (kept, not owned): a
 * page rejected before as an unknown template that it now holds is read again, not skipped, when
 * this scan's batch date is its stack's. */
struct dc_template_set;
int cli_ingest_begin(cli_ingest **out, const char *archive_path, const struct dc_rules *rules, const char *batch_date,
                     const char *const *inputs, size_t ninputs, const struct dc_template_set *templates);

/* The access form's fields a returning visitor writes again, whose values a person checked are
 * known to `scan` (dc_scan_options.known) and suggested by `review`: the numbers first. */
extern const char *const CLI_KNOWN_FIELDS[];
#define CLI_N_KNOWN_FIELDS 4
#define CLI_N_KNOWN_NUMBER_FIELDS 2

/* The values a person checked in each of CLI_KNOWN_FIELDS (dc_archive_checked_values), and in
 * its text fields (those after the numbers) by ID number (dc_archive_visitor_values: pairs). */
#define CLI_N_VISITOR_FIELDS (CLI_N_KNOWN_FIELDS - CLI_N_KNOWN_NUMBER_FIELDS)
typedef struct cli_known {
    char **values[CLI_N_KNOWN_FIELDS];
    size_t n[CLI_N_KNOWN_FIELDS];
    char **pairs[CLI_N_VISITOR_FIELDS]; /* of CLI_KNOWN_FIELDS[CLI_N_KNOWN_NUMBER_FIELDS + i] */
    size_t npairs[CLI_N_VISITOR_FIELDS];
} cli_known;
struct dc_archive;
/* Fills *k from `a`; on an error (DC_ERR_ARCHIVE, DC_ERR_NOMEM) *k holds nothing. */
int cli_known_load(cli_known *k, struct dc_archive *a);
void cli_known_free(cli_known *k);

/* A file or folder named by option `how` ("--rules") or by an environment variable (`how`
 * "$DCACCESS_RULES") that does not exist is a slip of the command line, like a mistyped scan
 * folder: says so for command `cmd` ("dcaccess CMD: --rules FILE: no such file or folder; nothing
 * was done") and returns CLI_USAGE; so is an option given "" (a shell variable not set: it was
 * taken for no path, or failed as 'not found: : not a folder', exit 3). `file` is what a file option
 * names ("a rules file"): a folder given is said to be one ("dcaccess CMD: --rules DIR: is a folder,
 * not a rules file: name the file itself; nothing was done") and CLI_FAIL returned, as for an output
 * folder that is a file; NULL for an option that names a folder (--scans), for which a file is said
 * so ("is a file, not a folder: name the folder it is in"). CLI_OK when `path` is NULL (none given),
 * a variable is set to "" (as unset), or it is there and of its kind: a file that cannot be read, or
 * is damaged, is its loader's to name (CLI_FAIL). */
int cli_check_named(const char *cmd, const char *how, const char *path, const char *file);

struct dc_rules;
/* The rules in force for command `cmd`: `path` if given, else the file named by $DCACCESS_RULES,
 * else the SOP defaults. Returns CLI_OK, CLI_USAGE for a file that does not exist or "" given
 * (cli_check_named), CLI_FAIL for a folder, or a file that cannot be read or is malformed (said
 * once, after the option: "dcaccess CMD: --rules: malformed rules file: FILE: key ..."). */
int cli_load_rules(struct dc_rules *r, const char *path, const char *cmd);
bool cli_ingest_has_page(cli_ingest *in, const char *file, const char *file_sha256, int page);
/* Stores page `r`. *as_form (when not NULL): whether it was stored as a form, whose values go to a
 * record; false for a page the archive stored otherwise (a form whose sheet it holds already is a
 * duplicate, one with nothing written is unused, one whose serial another sheet has is rejected) or
 * did not store (it holds the file's content already: a copy). A checklist with nothing written
 * kept back until cli_ingest_end (stored then, with its access form) counts as read. */
int cli_ingest_page(cli_ingest *in, const struct dc_page_result *r, bool *as_form);
int cli_ingest_end(cli_ingest *in, bool interrupted);

/* Says that `unbuilt` fields in review (dc_archive_pending) are of forms without a record yet, so
 * not listed; nothing when 0. */
void cli_say_unbuilt(FILE *f, const char *lead, size_t unbuilt);
/* Says which scan batches did not finish (dc_archive_unfinished), one line each into `f`, each
 * starting with `lead`, but for batch `skip` (0: none): what was not stored then is missing from
 * records and reports until the same files are scanned again. Returns how many it named; *stopped
 * (when not NULL) how many of them are not at work now (killed, a power cut): to be scanned again. */
struct dc_archive;
size_t cli_say_unfinished(FILE *f, struct dc_archive *a, const char *lead, long long skip, size_t *stopped);

/* `pending --spot-check N` (cmd_cells.c): N accepted digit/date/time fields of the batches
 * matching `date_prefix` (NULL: all) drawn at random with a seed made from the period (the same
 * list every time), by serial and field, into *picks (*got of them, of *seen candidates; the
 * caller frees with dc_pending_free(*picks, n)). A person confirms each with `dcaccess correct`,
 * which makes the exported cells (`dcaccess cells`) a fair sample. */
struct dc_archive;
struct dc_pending_field;
int cli_spot_check(struct dc_archive *a, const char *date_prefix, size_t n, struct dc_pending_field **picks,
                   size_t *got, size_t *seen);

/* Takes "--archive PATH" out of argv (in place; argv[0] is the command's name); returns the path, or
 * the default (DC_ARCHIVE_DEFAULT_PATH) when absent. NULL and *bad = true when the value is missing,
 * "" or given twice, said on stderr with the command ("dcaccess records: --archive given twice"). */
const char *cli_take_archive(int *argc, char **argv, bool *bad);

/* `--date YYYY-MM-DD` or `--month YYYY-MM` with its value `val`, for command `cmd`: sets *prefix (a
 * prefix of YYYY-MM-DD dates) and returns 1, or -1 when the value is not a real date/month or a
 * period was given before (and says so on stderr: "dcaccess CMD: --month 2026-13: not a month
 * (YYYY-MM)"); 0 when `opt` is neither option. */
int cli_date_filter(const char *cmd, const char *opt, const char *val, const char **prefix);

/* Takes value `value` of option `opt` (as typed) into *slot for command `cmd`. An option that takes
 * a value given twice is a slip, whichever it is: which of the two was meant cannot be known (the
 * last one was taken without a word, or the option said to be unknown): says "dcaccess CMD: OPT
 * given twice" on stderr and returns true (the caller exits 2, nothing done); false when taken.
 * Every command's options go by it, but one documented as repeatable (verify --head HASH...). */
bool cli_once(const char *cmd, const char *opt, const char **slot, const char *value);

/* A copy of `s` (NULL: "") fit for a terminal: control characters (a newline or an escape
 * sequence in a file name; C1 ones, U+0080 to U+009F, too) and bytes that are not UTF-8 (a name in
 * Latin-1) as \xNN, each byte ("bad\xffname", "\xc2\x9b"). Caller frees; NULL when out of memory. */
char *cli_shown(const char *s);

/* Says why a command line is wrong, before the command's usage: "dcaccess CMD: <why>" on stderr
 * (printf-style). The usage alone left the person to find the mistake. */
void cli_usage_why(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same for argument argv[i] that is no option of the command, or an option whose value is
 * missing: "dcaccess CMD: unknown option or missing value: ARG" ("an argument too many: ARG" for
 * one that is not an option). */
void cli_usage_arg(const char *cmd, const char *arg);

/* Prints "dcaccess: <what>: <strerror>: <detail>" to stderr; returns CLI_FAIL. */
int cli_fail(int rc, const char *what);

/* An archive time stamp ("2026-12-10T01:15:01Z", UTC as stored) as the reports show it, in local
 * time with its zone: "2026-12-10 08:15 WIB" (dc_report_format_stamp, in English); other text as
 * stored, NULL as "". The scan batches are listed and named so: a person reads WIB, not UTC. */
void cli_local_time(char *buf, size_t len, const char *utc);

/* True when stderr is a terminal (progress lines are shown only then). */
bool cli_stderr_is_tty(void);

/* Ctrl-C and TERM while files are written: after cli_defer_signals() they are only noted (the file
 * being written is finished and put in place, instead of its temporary left beside it);
 * cli_signal_noted() tells whether one came; cli_restore_signals() puts the old handling back and
 * returns the signal noted (0: none). Not nested. A signal the caller ignores stays ignored. */
void cli_defer_signals(void);
/* The same for a command waiting for what a person types: the signal also ends the wait (a read
 * returns EINTR), so that the command can say what was done and stop. */
void cli_defer_signals_reading(void);
bool cli_signal_noted(void);
int cli_restore_signals(void);

#endif
