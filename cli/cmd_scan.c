/* cli/cmd_scan.c: `dcaccess scan`: scan files/folders into page results (JSON Lines or the archive). */
#include "cli.h"
#include "dc_archive.h"
#include "dc_rules.h"

#include "dc_error.h"
#include "dc_formprint.h"
#include "dc_icr.h"
#include "dc_page.h"
#include "dc_scan.h"
#include "dc_template.h"
#include "dc_util.h"

#include <sys/statvfs.h>
#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static dc_scanner *g_scanner; /* for the signal handler */
static volatile sig_atomic_t g_interrupted;

static void on_signal(int sig)
{
    (void)sig;
    g_interrupted = 1;
    dc_scanner_cancel(g_scanner);
}

typedef struct scan_ctx {
    bool json;
    bool dry_run;
    const char *batch_date;   /* the scan's, for what to do about a rejected page */
    cli_ingest *in;
    size_t pages, rejected, forms, blank, duplicate;   /* as the scanner read them */
    size_t already;   /* pages an earlier scan stored, not read again */
    /* on the pages stored as forms (a dry run: read as forms), whose values go to records: fields
     * accepted as the batch date, as checked before, by the visitor's ID number (dc_field_basis) */
    size_t by_date, by_known, by_visitor;
    size_t by_letters;                    /* hand-printed text the two readers read alike */
    bool tty;         /* stderr is a terminal: the progress line is shown */
    bool out_tty;     /* so is stdout (--dry-run and --json print a page there) */
    struct timespec t0;
    size_t shown;     /* characters of the progress line on the terminal; 0: none shown */
    double t_first;   /* seconds from t0 to the first page read */
    double t_last;    /* seconds from t0 to the last page read */
    size_t done, total;   /* the progress so far */
    dc_scan_page_kind *kinds;   /* the run's pages' kinds (dc_scan_callbacks.plan); NULL: not known */
    dc_scan_eta eta;  /* the time left, from the time each kind of page took */
} scan_ctx;

/* Shows the scanner what the forms look like as printed, so that it can tell a tick made beside
 * a box from the print around it (template dropout): a blank page of every template, printed as
 * `dcaccess forms print` prints it, into a temporary PDF that the scanner reads and registers
 * like a scan. Non-zero only for what stops the scan of any PDF too (no temporary folder, no
 * memory, a full disk, pdftoppm missing or killed); a template whose blank page cannot be printed
 * or read here is named on stderr, and its boxes are read without looking beside them. */
/* Room the scan wants in the temporary folder: a page decoded there is a few MB (600 dpi), a blank
 * form printed and read back about 1 MB. */
#define DC_SCAN_TMP_ROOM (64ULL * 1024 * 1024)
/* A temporary folder of a scan unchanged this long was left by a scan that was killed: a running
 * scan writes into its own at every page. */
#define DC_SCAN_TMP_STALE_S (6 * 3600.0)

static int learn_print(dc_scanner *s, const dc_template_set *ts)
{
    char *dir = dc_make_tmpdir("dcaccess-print");
    if (!dir) {
        const char *base = getenv("TMPDIR");
        return dc_error_set(errno == ENOSPC ? DC_ERR_NO_SPACE : DC_ERR_IO, "cannot make a temporary folder in %s%s: %s",
                            base && *base ? base : "/tmp", base && *base ? " ($TMPDIR)" : "", strerror(errno));
    }
    int rc = 0;
    for (size_t i = 0; !rc && i < dc_template_set_count(ts); i++) {
        const dc_template *t = dc_template_set_at(ts, i);
        char *pdf = dc_asprintf("%s/%s-v%d.pdf", dir, t->form, t->version);
        dc_formprint *fp = NULL;
        int trc = pdf ? dc_formprint_new(&fp) : dc_error_set(DC_ERR_NOMEM, "printed forms");
        if (!trc)
            trc = dc_formprint_add_page(fp, t, "000000", NULL);
        if (!trc)
            trc = dc_formprint_save(fp, pdf);
        dc_formprint_free(fp);
        if (!trc)
            trc = dc_scanner_add_printed_pdf(s, pdf);
        if (pdf)
            unlink(pdf);
        free(pdf);
        struct statvfs vs;
        const unsigned long long room = trc && statvfs(dir, &vs) == 0
                                            ? (unsigned long long)vs.f_bavail * (unsigned long long)vs.f_frsize
                                            : ~0ULL;
        if (trc == DC_ERR_NOMEM || trc == DC_ERR_NO_SPACE) {
            rc = trc;
        } else if (trc == DC_ERR_EXTERNAL) {
            /* pdftoppm missing, or killed (out of memory on a loaded machine): no fault of the
             * template's, and a warning let the scan store its pages read without looking beside
             * the boxes and combs, for good (written fields read as empty) */
            char why[512];
            snprintf(why, sizeof why, "%s", dc_error_detail());
            rc = dc_error_set(trc,
                              "the blank %s form v%d, printed to learn what it looks like, could not be read back "
                              "(%s): scan again (install poppler-utils if it is missing); nothing was scanned",
                              t->form, t->version, why);
        } else if (trc && room < DC_SCAN_TMP_ROOM) {
            /* a tool that ran out of room says only that it failed: the forms would be read worse for
             * good (a page stored is not read again), and the templates blamed */
            const char *base = getenv("TMPDIR");
            rc = dc_error_set(DC_ERR_NO_SPACE,
                              "the temporary folder %s%s has only %llu KB free (the scan prints and reads pages "
                              "there): free space there, or set TMPDIR to a folder with room, and scan again; "
                              "nothing was scanned",
                              base && *base ? base : "/tmp", base && *base ? " ($TMPDIR)" : "", room / 1024);
        } else if (trc)
            fprintf(stderr,
                    "dcaccess scan: warning: the blank %s form v%d could not be printed and learnt here (%s: %s); "
                    "ticks made beside its boxes are not looked for, and digits written over its combs go to review\n",
                    t->form, t->version, dc_strerror(trc), dc_error_detail());
    }
    rmdir(dir);
    free(dir);
    return rc;
}

static double elapsed(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* The progress line's rate, and the time left from it, are shown from this many pages read: the
 * rate is taken from the first page read on (the engines' start left out), and the first pages come
 * out together (the workers read ahead): after 2-4 pages the time left it gave was 86-89% short.
 * From the 10th page, measured against the time the rest took (2 jobs, into an archive): 83 pages
 * of mixed scans (samplegen --sets 40, mixed) 17% short to 8% long; 200 PNG pages alone 23% short
 * to 21% long. The time left counts each page still to read at the mean time of its kind
 * (dc_scan_eta): from the overall rate, 200 PNG pages followed by three 20-page PDFs, whose pages
 * took 1.75 times as long, were 28-35% short until the PDFs came. 40 PNG pages followed by a
 * 20-page PDF (pages 2-3 times as slow): from the overall rate 29-50% short all along; by kind the
 * same until the PDF's first pages are read (no page says before how long a PDF page takes), then
 * 19% short to 23% long (pages 42-56 of 60) where the overall rate stayed 31-50% short. */
#define PROGRESS_RATE_PAGES 10
/* The progress line fits an 80-column terminal, its last column left free (a character written
 * there wraps on some terminals). */
#define PROGRESS_COLUMNS 79

/* "under 10 s", "about 35 s", "about 4 min", "about 1 h 20 min": as close as the estimate can say. */
static void time_left_text(char *buf, size_t n, double secs)
{
    const long s = secs > 0 ? (long)(secs + 0.5) : 0;
    if (s < 10)
        snprintf(buf, n, "under 10 s");
    else if (s < 90)
        snprintf(buf, n, "about %ld s", (s + 2) / 5 * 5);
    else if (s < 3600)
        snprintf(buf, n, "about %ld min", (s + 30) / 60);
    else
        snprintf(buf, n, "about %ld h %ld min", (s + 30) / 3600, (s + 30) % 3600 / 60);
}

/* Takes the progress line off the terminal, so that a line printed next starts at its left. */
static void progress_clear(scan_ctx *c)
{
    if (!c->shown)
        return;
    fprintf(stderr, "\r%*s\r", (int)c->shown, "");
    fflush(stderr);
    c->shown = 0;
}

static void on_plan(void *user, const dc_scan_page_kind *kinds, size_t total)
{
    scan_ctx *c = user;
    free(c->kinds);
    c->kinds = malloc(total * sizeof *kinds);   /* without it, every page counts at the overall mean */
    if (c->kinds)
        memcpy(c->kinds, kinds, total * sizeof *kinds);
    dc_scan_eta_init(&c->eta, kinds, total);
}

static void on_progress(void *user, size_t done, size_t total)
{
    scan_ctx *c = user;
    const double t = elapsed(&c->t0);
    if (done == 1)
        c->t_first = t;
    if (done >= 1)   /* the time since the page before: the first one's holds the engines' start */
        dc_scan_eta_page(&c->eta, c->kinds ? c->kinds[done - 1] : DC_SCAN_PAGE_IMAGE, done == 1 ? -1 : t - c->t_last);
    c->t_last = t;
    c->done = done;
    c->total = total;
    if (!c->tty)
        return;
    char line[PROGRESS_COLUMNS + 1], tail[96] = "", left[64] = "";
    double secs_left = 0;
    if (done >= PROGRESS_RATE_PAGES && t > c->t_first) {
        const double rate = (double)(done - 1) / (t - c->t_first);
        if (done < total && dc_scan_eta_left(&c->eta, &secs_left))
            time_left_text(left, sizeof left, secs_left);
        snprintf(tail, sizeof tail, ", %.1f pages/s%s%s%s", rate, *left ? "; " : "", left, *left ? " left" : "");
    } else if (done < total && total > PROGRESS_RATE_PAGES) {
        snprintf(tail, sizeof tail, "; time left: known after %d pages", PROGRESS_RATE_PAGES);
    }
    const int w = snprintf(line, sizeof line, "scan: %zu/%zu pages (%zu rejected)%s", done, total, c->rejected, tail);
    if (w < 0)
        return;
    const size_t len = (size_t)w < sizeof line ? (size_t)w : sizeof line - 1;   /* cut at the last column */
    /* spaces over what a longer line before left on the terminal */
    fprintf(stderr, "\r%s%*s", line, c->shown > len ? (int)(c->shown - len) : 0, "");
    fflush(stderr);
    c->shown = len;
}

static bool on_skip(void *user, const char *file, const char *sha, int page)
{
    scan_ctx *c = user;
    const bool have = c->in && cli_ingest_has_page(c->in, file, sha, page);
    c->already += have;
    return have;
}

static int on_page(void *user, const dc_page_result *r)
{
    scan_ctx *c = user;
    c->pages++;
    switch (r->status) {
    case DC_PAGE_FORM:
        c->forms++;
        break;
    case DC_PAGE_BLANK:
        c->blank++;
        break;
    case DC_PAGE_DUPLICATE:
        c->duplicate++;
        break;
    case DC_PAGE_REJECTED:
        c->rejected++;
        break;
    }
    if ((c->json || c->dry_run) && c->out_tty)
        progress_clear(c);   /* the page's line goes where the progress line was, which comes back below it */
    if (c->json) {
        char *js = NULL;
        int rc = dc_page_result_to_json(r, c->batch_date, &js);
        if (rc)
            return rc;
        fputs(js, stdout);
        fputc('\n', stdout);
        fflush(stdout);
        free(js);
    }
    if (!c->json && c->dry_run) {
        /* human-readable: one line per page */
        size_t review = 0;
        for (size_t i = 0; i < r->nfields; i++)
            review += r->fields[i].state == DC_STATE_REVIEW;
        char *file = cli_shown(r->file), *why = cli_shown(r->reason);
        if (r->status == DC_PAGE_FORM)
            printf("%s page %d: %s serial %s page %d, %zu fields, %zu to review\n", file ? file : "", r->page,
                   r->form, r->serial, r->sheet_page, r->nfields, review);
        else {
            char buf[256];
            const char *advice = r->status == DC_PAGE_REJECTED ? dc_page_reason_advice(why, c->batch_date, buf, sizeof buf)
                                                               : NULL;
            printf("%s page %d: %s: %s%s\n", file ? file : "", r->page, dc_page_status_name(r->status), why ? why : "",
                   advice ? advice : "");
        }
        free(file);
        free(why);
        fflush(stdout);
    }
    bool as_form = r->status == DC_PAGE_FORM;
    if (c->in) {
        int rc = cli_ingest_page(c->in, r, &as_form);
        if (rc)
            return rc;
    }
    /* what the scan accepted by context counts where it is kept: on a page stored as a form (a stack
     * scanned again under new names said "accepted by context: 4 visit dates" of pages all stored as
     * duplicates, their records unchanged) */
    for (size_t i = 0; as_form && i < r->nfields; i++) {
        c->by_date += r->fields[i].basis == DC_BASIS_BATCH_DATE;
        c->by_known += r->fields[i].basis == DC_BASIS_CHECKED_BEFORE;
        c->by_visitor += r->fields[i].basis == DC_BASIS_SAME_VISITOR;
        c->by_letters += r->fields[i].basis == DC_BASIS_LETTERS;
    }
    if (g_interrupted)
        return DC_ERR_INTERRUPTED;
    return 0;
}

static void on_skipped_file(void *user, const char *path)
{
    (void)user;
    char *shown = cli_shown(path);
    const size_t n = strlen(path);
    if (n && path[n - 1] == '/')   /* a "*.crops/" folder (dc_scan_callbacks.skipped_file) */
        fprintf(stderr, "scan: skipped %s (the field images review and pending write beside an archive, not scans)\n",
                shown ? shown : "");
    else
        fprintf(stderr, "scan: skipped %s (not an image or PDF file name)\n", shown ? shown : "");
    free(shown);
}

/* What the scanner is told a returning visitor may write again (dc_scan_options.known). */
typedef struct known_values {
    cli_known v;
    dc_scan_known lists[CLI_N_KNOWN_FIELDS];
    size_t numbers, names; /* values of the number fields, and of the others */
    dc_scan_visitor_value *visitors; /* the text fields' values by ID number (v.pairs) */
    size_t nvisitors;
} known_values;

static void known_free(known_values *k)
{
    cli_known_free(&k->v);
    free(k->visitors);
    k->visitors = NULL;
    k->nvisitors = 0;
}

/* Reads them from `archive`. An archive that does not exist yet knows none; one that exists but
 * cannot be read (an empty file too) is an error (the scan would store into it next). */
static int known_load(known_values *k, const char *archive)
{
    memset(k, 0, sizeof *k);
    for (size_t i = 0; i < CLI_N_KNOWN_FIELDS; i++)
        k->lists[i] = (dc_scan_known){ "access", CLI_KNOWN_FIELDS[i], NULL, 0 };
    dc_archive *a = NULL;
    int rc = dc_archive_open(&a, archive, DC_ARCHIVE_READONLY);
    if (rc == DC_ERR_NOT_FOUND) {
        dc_error_clear();
        return DC_OK;
    }
    if (rc != DC_OK)
        return rc; /* the error names the archive */
    rc = cli_known_load(&k->v, a);
    dc_archive_close(a);
    if (rc != DC_OK)
        return dc_error_wrap(rc, "%s: reading the values checked on earlier visits: ", archive);
    for (size_t i = 0; i < CLI_N_KNOWN_FIELDS; i++) {
        k->lists[i].values = (const char *const *)k->v.values[i];
        k->lists[i].n = k->v.n[i];
        *(i < CLI_N_KNOWN_NUMBER_FIELDS ? &k->numbers : &k->names) += k->v.n[i];
    }
    size_t n = 0;
    for (size_t i = 0; i < CLI_N_VISITOR_FIELDS; i++)
        n += k->v.npairs[i];
    if (n && !(k->visitors = calloc(n, sizeof *k->visitors))) {
        known_free(k);
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < CLI_N_VISITOR_FIELDS; i++)
        for (size_t j = 0; j < k->v.npairs[i]; j++)
            k->visitors[k->nvisitors++] = (dc_scan_visitor_value){
                k->v.pairs[i][2 * j], CLI_KNOWN_FIELDS[CLI_N_KNOWN_NUMBER_FIELDS + i], k->v.pairs[i][2 * j + 1]};
    return DC_OK;
}

/* The word none, which --staff and --letter-model (and their variables) take for no file. */
static bool is_none(const char *v)
{
    return v && strcmp(v, "none") == 0;
}

/* What the scanner gets for the file `v` an option or a variable names: "" (the scanner's "none")
 * for the word none, NULL (the default) for none named or a variable set empty (an option given ""
 * is refused before: cli_check_named), else the file. */
static const char *file_or_none(const char *v)
{
    return !v || !*v ? NULL : is_none(v) ? "" : v;
}

/* A file option `how` (or its variable) names, there and a file, that will not do as `input` (it
 * cannot be read, or is not what the option wants): said once, after the option, with what to do,
 * before the scanner starts; CLI_FAIL. It was said as "dcaccess: starting the scanner: recognizer
 * model error (digits or letters): FILE: not an ICR model (size 6)" for either model, with no option,
 * and a PNG given as the roster had its bytes quoted as a name. CLI_OK for `path` NULL (none). */
static int check_input(dc_scan_input input, const char *how, const char *path)
{
    if (!path)
        return CLI_OK;
    const int rc = dc_scan_input_check(input, path);
    if (rc == DC_OK)
        return CLI_OK;
    if (rc == DC_ERR_NOMEM)
        return cli_fail(rc, "scan");
    char *why = cli_shown(dc_error_detail());   /* before the installed model's check below clears it */
    const bool env = how[0] == '$';
    if (input == DC_SCAN_STAFF_ROSTER) {
        fprintf(stderr, "dcaccess scan: %s: %s; %s, or %s to scan without one; nothing was done\n", how, why ? why : "",
                rc == DC_ERR_IO ? "give a roster this user can read"
                                : "a roster is a text file of the staff's names in block capitals, one a line: "
                                  "give that file",
                env ? "set DCACCESS_STAFF to none" : "--staff none");
        free(why);
        return CLI_FAIL;
    }
    const bool digits = input == DC_SCAN_DIGIT_MODEL;
    /* the installed model, when it is there and will do (not when it is the file given) */
    char *installed = dc_asprintf("%s/%s", dc_data_dir(), digits ? DC_ICR_DEFAULT_MODEL : DC_ICR_LETTER_MODEL);
    if (installed && dc_scan_input_check(input, installed) != DC_OK) {
        free(installed);
        installed = NULL;
    }
    dc_error_clear();
    char *shown = installed ? cli_shown(installed) : NULL;
    const char *reads = digits ? "digits" : "hand-printed letters";
    fprintf(stderr, "dcaccess scan: %s: %s; ", how, why ? why : "");
    if (shown)
        fprintf(stderr, "%s %s%s to read %s with the installed model (%s), or ", env ? "unset" : "leave",
                env ? how + 1 : how, env ? "" : " out", reads, shown);
    else
        fprintf(stderr, "give an ICR model of the %s, or ", digits ? "digits" : "capitals");
    fprintf(stderr, "%s%s to read %s with Tesseract alone; nothing was done\n", shown && !env ? "give " : "",
            digits ? "--digits tesseract" : env ? "set DCACCESS_LETTER_MODEL to none" : "--letter-model none", reads);
    free(shown);
    free(installed);
    free(why);
    return CLI_FAIL;
}

/* The options that take a value, each at most once (cli_once): what each was given first. */
typedef struct scan_given {
    const char *jobs, *archive, *batch_date, *rules, *staff, *icr_model, *letter_model, *digits;
} scan_given;

/* Where option `a` keeps its first value in *g; NULL for an option that takes none, or no option. */
static const char **value_slot(scan_given *g, const char *a)
{
    return strcmp(a, "--jobs") == 0 || strcmp(a, "-j") == 0 ? &g->jobs
           : strcmp(a, "--archive") == 0                    ? &g->archive
           : strcmp(a, "--batch-date") == 0                 ? &g->batch_date
           : strcmp(a, "--rules") == 0                      ? &g->rules
           : strcmp(a, "--staff") == 0                      ? &g->staff
           : strcmp(a, "--icr-model") == 0                  ? &g->icr_model
           : strcmp(a, "--letter-model") == 0               ? &g->letter_model
           : strcmp(a, "--digits") == 0                     ? &g->digits
                                                            : NULL;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: dcaccess scan [--dry-run] [--json] [--jobs N] [--archive DB] [--icr-model FILE] "
               "[--digits icr|tesseract] [--letter-model FILE|none] [--no-crops] [--no-known] [--no-same-visitor]\n"
               "                     [--batch-date YYYY-MM-DD] [--rules FILE] [--staff FILE|none] FILE|DIR...\n"
               "  --dry-run   read and print, do not touch the archive\n"
               "  --json      one JSON object per page on stdout (JSON Lines)\n"
               "  --jobs N    worker threads (default 2)\n"
               "  --digits icr|tesseract  digit reader (default: the ICR model when installed)\n"
               "  --icr-model FILE  the ICR model that reads digits (default: the installed one)\n"
               "  --letter-model FILE|none  letter recognizer that reads hand-printed names and institutions\n"
               "                  box by box, as a second reader beside Tesseract (default: $DCACCESS_LETTER_MODEL,\n"
               "                  else the installed one; \"none\": Tesseract alone)\n"
               "  --batch-date D  the day this stack belongs to (default: $DCACCESS_BATCH_DATE, else today); visit\n"
               "                  dates are checked against it, and a handwritten date that reads as this day\n"
               "                  needs a little less certainty per digit to be accepted\n"
               "  --no-known      do not use the values checked on earlier visits (by default a handwritten ID or\n"
               "                  phone number, name or institution that reads exactly as one a person checked in\n"
               "                  the archive needs less certainty)\n"
               "  --no-same-visitor  do not take a name or institution read close to the one checked for the same\n"
               "                  ID number as that value (it then goes to review; for a site whose visitors often\n"
               "                  spell their names differently from one visit to the next)\n"
               "  --rules FILE    site rules file (default: $DCACCESS_RULES, else the SOP defaults)\n"
               "  --staff FILE    staff roster for operator/escort names, one per line (default: $DCACCESS_STAFF,\n"
               "                  else forms/staff.txt in the data directory); \"none\": no roster\n"
               "Inside folders only image/PDF files (.tif .png .jpg .pnm .pdf ...) are read; others are listed as skipped.\n");
}

int cmd_scan(int argc, char **argv)
{
    /* output piped into a reader that stops early (`scan --json | head -1`): the scan goes on and
     * stores the whole stack, and says the output was cut (exit 3); SIGPIPE killed it without a
     * word, its batch half stored */
    signal(SIGPIPE, SIG_IGN);
    dc_scan_options o = DC_SCAN_OPTIONS_INIT;
    scan_ctx c;
    memset(&c, 0, sizeof c);
    const char *archive = "dcaccess.db";
    scan_given given = {0};
    const char *batch_date = NULL, *rules_path = NULL;
    /* the file --icr-model names, checked as named: --digits tesseract after it reads with no model
     * file (o.icr_model ""), which is not an empty name given */
    const char *icr_named = NULL;
    /* --staff and --letter-model as typed: "" is an empty name, a slip (it was taken for none) */
    const char *staff_named = NULL, *letters_named = NULL;
    bool use_known = true, same_visitor = true;
    known_values known;
    memset(&known, 0, sizeof known);
    const char **paths = calloc((size_t)argc + 1, sizeof *paths);
    size_t npaths = 0;
    if (!paths)
        return cli_fail(DC_ERR_NOMEM, "scan");
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        /* an option's value given twice: which was meant cannot be known (the last one was taken) */
        const char **first = value_slot(&given, a);
        if (first && i + 1 < argc && cli_once("scan", a, first, argv[i + 1])) {
            free(paths);
            return CLI_USAGE;
        }
        if (strcmp(a, "--dry-run") == 0) {
            c.dry_run = true;
        } else if (strcmp(a, "--json") == 0) {
            c.json = true;
        } else if (strcmp(a, "--no-crops") == 0) {
            o.keep_crops = false;
        } else if (strcmp(a, "--no-known") == 0) {
            use_known = false;
        } else if (strcmp(a, "--no-same-visitor") == 0) {
            same_visitor = false;
        } else if ((strcmp(a, "--jobs") == 0 || strcmp(a, "-j") == 0) && i + 1 < argc) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end || n < 1 || n > 64) {
                fprintf(stderr, "dcaccess scan: --jobs wants a number from 1 to 64\n");
                free(paths);
                return CLI_USAGE;
            }
            o.jobs = (int)n;
        } else if (strcmp(a, "--archive") == 0 && i + 1 < argc) {
            if (!argv[i + 1][0]) {
                fprintf(stderr, "dcaccess scan: --archive wants a file name, not \"\"\n");
                free(paths);
                return CLI_USAGE;
            }
            archive = argv[++i];
        } else if (strcmp(a, "--batch-date") == 0 && i + 1 < argc) {
            batch_date = argv[++i];
            if (dc_date_check(batch_date, NULL, NULL, NULL) != 0) {
                fprintf(stderr, "dcaccess scan: --batch-date wants a real date as YYYY-MM-DD, got \"%s\"\n", batch_date);
                free(paths);
                return CLI_USAGE;
            }
        } else if (strcmp(a, "--rules") == 0 && i + 1 < argc) {
            rules_path = argv[++i];
        } else if (strcmp(a, "--staff") == 0 && i + 1 < argc) {
            staff_named = argv[++i];
        } else if (strcmp(a, "--icr-model") == 0 && i + 1 < argc) {
            o.icr_model = icr_named = argv[++i];
        } else if (strcmp(a, "--letter-model") == 0 && i + 1 < argc) {
            letters_named = argv[++i];
        } else if (strcmp(a, "--digits") == 0 && i + 1 < argc) {
            const char *d = argv[++i];
            if (strcmp(d, "tesseract") == 0) {
                o.icr_model = "";   /* no model file: not one given "" */
                icr_named = NULL;
            } else if (strcmp(d, "icr") != 0) {
                fprintf(stderr, "dcaccess scan: --digits wants icr or tesseract\n");
                free(paths);
                return CLI_USAGE;
            }
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            free(paths);
            return CLI_OK;
        } else if (strcmp(a, "--") == 0) {
            for (i++; i < argc; i++)
                paths[npaths++] = argv[i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "dcaccess scan: unknown or incomplete option \"%s\"\n", a);
            usage(stderr);
            free(paths);
            return CLI_USAGE;
        } else {
            paths[npaths++] = a;
        }
    }
    if (npaths == 0) {
        usage(stderr);
        free(paths);
        return CLI_USAGE;
    }
    /* A path that does not exist is a typo, not a page: refuse before anything is stored (a file
     * that exists but cannot be read is still scanned, and rejected with its reason). */
    int missing = 0;
    for (size_t i = 0; i < npaths; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0 && (errno == ENOENT || errno == ENOTDIR)) {
            char *shown = cli_shown(paths[i]);
            fprintf(stderr, "dcaccess scan: %s: no such file or folder\n", shown ? shown : "");
            free(shown);
            missing++;
        }
    }
    if (missing) {
        fprintf(stderr, "dcaccess scan: nothing was scanned or stored; check the path%s above\n",
                missing > 1 ? "s" : "");
        free(paths);
        return CLI_USAGE;
    }
    const bool staff_from_env = !staff_named, letters_from_env = !letters_named;
    if (staff_from_env)
        staff_named = getenv("DCACCESS_STAFF");
    if (letters_from_env)
        letters_named = getenv("DCACCESS_LETTER_MODEL");
    o.staff_roster = file_or_none(staff_named);
    o.letter_model = file_or_none(letters_named);
    /* JSON crops are not printed; skip encoding them when nothing stores them */
    if (c.dry_run)
        o.keep_crops = false;
    /* a file an option or the environment names that is not there is a slip, as a scan folder's;
     * a rules file is read before the stack (a dry run checks no records, but it must still be
     * one): the real run found one that was not only after starting the scanner, and named the
     * archive for it */
    int named_st = CLI_OK;
    struct stat none_file;   /* a model file named "none" is one */
    if (is_none(icr_named) && stat(icr_named, &none_file) != 0) {
        /* --letter-model none turns the letter recognizer off: the digit reader is chosen by --digits */
        fprintf(stderr, "dcaccess scan: --icr-model none: no such file; --icr-model names the digit recognizer's model "
                        "file: to read digits with Tesseract alone, give --digits tesseract; nothing was done\n");
        named_st = CLI_USAGE;
    }
    const char *const named[][3] = {   /* how each was named, the name (none: NULL), and what it names */
        {staff_from_env ? "$DCACCESS_STAFF" : "--staff", is_none(staff_named) ? NULL : staff_named,
         "a staff roster file"},
        {"--icr-model", icr_named, "an ICR model file"},
        {letters_from_env ? "$DCACCESS_LETTER_MODEL" : "--letter-model", is_none(letters_named) ? NULL : letters_named,
         "an ICR model file"},
    };
    for (size_t i = 0; i < sizeof named / sizeof named[0] && named_st == CLI_OK; i++)
        named_st = cli_check_named("scan", named[i][0], named[i][1], named[i][2]);
    const dc_scan_input inputs[] = {DC_SCAN_STAFF_ROSTER, DC_SCAN_DIGIT_MODEL, DC_SCAN_LETTER_MODEL};
    for (size_t i = 0; i < sizeof named / sizeof named[0] && named_st == CLI_OK; i++)
        named_st = check_input(inputs[i], named[i][0], named[i][1] && *named[i][1] ? named[i][1] : NULL);
    dc_rules rules;
    if (named_st == CLI_OK)
        named_st = cli_load_rules(&rules, rules_path, "scan");
    if (named_st != CLI_OK) {
        free(paths);
        return named_st;
    }
    /* the day the stack belongs to: the scanner expects it in the visit dates, the archive files
     * the batch under it (one value for both, also across midnight) */
    char today[16];
    if (!batch_date || !*batch_date) {
        batch_date = getenv("DCACCESS_BATCH_DATE");
        if (batch_date && *batch_date && dc_date_check(batch_date, NULL, NULL, NULL) != 0) {
            fprintf(stderr, "dcaccess scan: $DCACCESS_BATCH_DATE wants a real date as YYYY-MM-DD, got \"%s\"\n",
                    batch_date);
            free(paths);
            return CLI_USAGE;
        }
    }
    dc_today(today);
    if (!batch_date || !*batch_date) {
        batch_date = today;
    } else if (strcmp(batch_date, today) > 0) {
        /* a slip of the keyboard (2062 for 2026) files the stack under a day to come, and every
         * visit date is then found not to match it: said, not refused (a PC's clock may be wrong) */
        fprintf(stderr, "dcaccess scan: note: the batch date %s is after today (%s by this PC's clock): if it is a "
                        "slip, fix it afterwards with dcaccess batch-date\n", batch_date, today);
    }
    o.batch_date = batch_date;
    c.batch_date = batch_date;

    /* a dry run previews what the real run would decide: it uses the archive's values too */
    if (use_known) {
        int krc = known_load(&known, archive);
        if (krc && c.dry_run) {
            /* a preview need not store anything: it goes on without them */
            fprintf(stderr, "dcaccess scan: warning: %s; the dry run reads every visitor as a new "
                            "one\n", dc_error_detail());
            dc_error_clear();
        } else if (krc) {
            free(paths);
            return cli_fail(krc, "scan");
        } else {
            o.known = known.lists;
            o.nknown = CLI_N_KNOWN_FIELDS;
            if (same_visitor) {
                o.visitors = known.visitors;
                o.nvisitors = known.nvisitors;
            }
        }
    }
    const size_t n_numbers = known.numbers, n_names = known.names;
    dc_template_set *ts = NULL;
    int rc = dc_template_set_load(&ts, NULL);
    if (!rc && (rc = dc_record_templates_check(ts)) != DC_OK) {
        dc_template_set_free(ts);
        ts = NULL;
    }
    if (rc) {
        known_free(&known);
        free(paths);
        return cli_fail(rc, "loading form templates");
    }
    dc_scanner *s = NULL;
    rc = dc_scanner_new(&s, ts, &o);
    known_free(&known); /* the scanner keeps its own copy */
    if (rc) {
        dc_template_set_free(ts);
        free(paths);
        return cli_fail(rc, "starting the scanner");
    }
    /* what scans killed before (kill -9, a power cut) left in the temporary folder, a few MB a
     * page: it filled the folder over a month */
    dc_clean_stale_tmpdirs("dcaccess-print", DC_SCAN_TMP_STALE_S);
    dc_clean_stale_tmpdirs("dcscan", DC_SCAN_TMP_STALE_S);
    rc = learn_print(s, ts);
    malloc_trim(0);   /* the printed pages and the PDF writer's fonts are freed: give the memory back */
    if (rc) {
        dc_scanner_free(s);
        dc_template_set_free(ts);
        free(paths);
        return cli_fail(rc, "learning what the forms look like as printed");
    }
    if (!c.dry_run) {
        rc = cli_ingest_begin(&c.in, archive, &rules, batch_date, (const char *const *)paths, npaths, ts);
        if (rc) {
            dc_scanner_free(s);
            dc_template_set_free(ts);
            free(paths);
            return cli_fail(rc, archive);
        }
    }
    g_scanner = s;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    struct sigaction old_int, old_term;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);

    c.tty = cli_stderr_is_tty();
    c.out_tty = isatty(STDOUT_FILENO) == 1;
    clock_gettime(CLOCK_MONOTONIC, &c.t0);
    dc_scan_callbacks cb = {.user = &c, .skip_page = on_skip, .page = on_page, .progress = on_progress,
                            .skipped_file = on_skipped_file, .plan = on_plan};
    rc = dc_scanner_run(s, paths, npaths, &cb);
    double secs = elapsed(&c.t0);
    free(c.kinds);
    c.kinds = NULL;
    if (c.shown && rc == DC_ERR_INTERRUPTED) {
        /* how far it came, in place of the line's time left, which no longer holds (it stayed, "about
         * 35 s left", above "interrupted") */
        progress_clear(&c);
        fprintf(stderr, "scan: stopped after %zu of %zu page%s (%zu rejected)\n", c.done, c.total,
                c.total == 1 ? "" : "s", c.rejected);
    } else if (c.shown)   /* the last state stays above what is said next */
        fputc('\n', stderr);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    g_scanner = NULL;

    int status = CLI_OK;
    bool interrupted = rc == DC_ERR_INTERRUPTED;
    if (rc && !interrupted)
        status = cli_fail(rc, "scan");
    else if (interrupted)
        fprintf(stderr, "dcaccess scan: interrupted; %zu page%s done, the rest can be scanned again\n", c.pages,
                c.pages == 1 ? "" : "s");
    if (c.in) {
        /* with --json, stdout is JSON Lines, one page each: the archive's summary goes to stderr */
        fflush(stdout);
        const int saved = c.json ? dup(STDOUT_FILENO) : -1;
        if (saved >= 0)
            dup2(STDERR_FILENO, STDOUT_FILENO);
        /* Ctrl-C while the records are built and summed up (half a second after the last page)
         * killed the run without a word (exit 130): it is finished first, then said */
        cli_defer_signals();
        int st = cli_ingest_end(c.in, interrupted || rc != 0);
        if (cli_restore_signals() && !interrupted)
            fprintf(stderr, "dcaccess scan: interrupted while the records were built: they were finished first, "
                            "and every page read is stored\n");
        fflush(stdout);
        if (saved >= 0) {
            dup2(saved, STDOUT_FILENO);
            close(saved);
        }
        if (status == CLI_OK)
            status = st;
    }
    if (interrupted)   /* not finished: 3, whatever the pages done said (a rejected page gave 1) */
        status = CLI_FAIL;
    if (status == CLI_OK && c.rejected)
        status = CLI_ATTENTION;
    if (status == CLI_OK && !interrupted && c.pages == 0 && c.already == 0) {
        /* an empty folder at day end is most often the wrong one (or the scanner's copy not done) */
        fprintf(stderr, "dcaccess scan: no scan files in what was given (image or PDF files: .tif .png .jpg .pnm "
                        ".bmp .pdf); check the scanner's folder\n");
        status = CLI_ATTENTION;
    }
    /* what the scanner made of the pages; the archive's summary (stdout) says what it stored, which
     * can differ, and why (a form read whose sheet is archived already is a duplicate, an unused form
     * is stored as blank, a sheet whose serial another has is rejected) */
    fprintf(stderr, "scan: %zu page%s read in %.1f s (%.2f pages/s), as read: %zu form%s, %zu blank, %zu duplicate, "
                    "%zu rejected; digits read by %s%s",
            c.pages, c.pages == 1 ? "" : "s", secs, secs > 0 ? c.pages / secs : 0.0, c.forms,
            c.forms == 1 ? "" : "s", c.blank, c.duplicate, c.rejected,
            dc_scanner_digit_backend(s), dc_scanner_reads_letters(s) ? ", letters by tesseract and icr" : "");
    /* the numbers are used with the ICR only (its margin) */
    const size_t used_numbers = strcmp(dc_scanner_digit_backend(s), "icr") == 0 ? n_numbers : 0;
    if (used_numbers || n_names)
        fprintf(stderr, "; checked on earlier visits: %zu ID or phone number%s, %zu name%s or institution%s",
                used_numbers, used_numbers == 1 ? "" : "s", n_names, n_names == 1 ? "" : "s", n_names == 1 ? "" : "s");
    fputc('\n', stderr);
    /* what was accepted with less certainty because it agrees with what is known besides the ink, on
     * the pages stored as forms */
    if (c.by_date || c.by_known || c.by_visitor)
        fprintf(stderr,
                "scan: accepted by context: %zu visit date%s as the batch date, %zu value%s as checked before, %zu "
                "name%s or institution%s by the visitor's ID number\n",
                c.by_date, c.by_date == 1 ? "" : "s", c.by_known, c.by_known == 1 ? "" : "s", c.by_visitor,
                c.by_visitor == 1 ? "" : "s", c.by_visitor == 1 ? "" : "s");
    if (c.by_letters)
        fprintf(stderr, "scan: read twice: %zu hand-printed name%s or institution%s accepted because the letter "
                        "recognizer read %s box by box as Tesseract did\n",
                c.by_letters, c.by_letters == 1 ? "" : "s", c.by_letters == 1 ? "" : "s",
                c.by_letters == 1 ? "it" : "them");
    if (getenv("DCACCESS_REPORT_MEM")) {
        FILE *f = fopen("/proc/self/status", "r");
        char line[256];
        while (f && fgets(line, sizeof line, f))
            if (strncmp(line, "VmHWM:", 6) == 0)
                fprintf(stderr, "scan: peak memory %s", line + 6);
        if (f)
            fclose(f);
    }
    dc_scanner_free(s);
    dc_template_set_free(ts);
    free(paths);
    return status;
}
