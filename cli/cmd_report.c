/* cli/cmd_report.c: `dcaccess report daily|monthly|audit PERIOD`: archive -> XLSX/PDF reports. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/stat.h>

#include "cli.h"
#include "dc_archive.h"
#include "dc_error.h"
#include "dc_report.h"
#include "dc_report_load.h"
#include "dc_report_pdf.h"
#include "dc_report_xlsx.h"
#include "dc_rules.h"
#include "dc_util.h"

static const char usage_text[] =
    "usage: dcaccess report daily YYYY-MM-DD | monthly YYYY-MM | audit YYYY-MM\n"
    "         [--format xlsx|pdf|both] [--lang id|en] [-o DIR] [--archive PATH]\n"
    "         [--rules FILE] [--signatory NAME] [--nip NIP] [--scans DIR]\n"
    "  Writes harian-/bulanan-/audit-PERIOD.xlsx|.pdf (daily-/monthly-/audit-en- with --lang en) into DIR\n"
    "  (default ./reports, created if missing) from the archive (default ./dcaccess.db) and prints\n"
    "  the paths written. --rules: the rules file whose visit limit counts over-limit visits.\n"
    "  --signatory/--nip: the name (at most 100 characters) and NIP (at most 40) under the monthly\n"
    "  signature block.\n"
    "  --scans DIR: where the scan files are now, if not where they were scanned (the check of the\n"
    "  archive every report makes looks there too, as dcaccess verify --scans does).\n";

/* The longest --signatory and --nip taken, in characters: the name is wrapped over at most three
 * lines of the PDF's signature block, and the NIP (18 digits, written with spaces) has one. */
#define SIGNATORY_MAX 100L
#define NIP_MAX 40L

static int usage_error(const char *msg)
{
    if (msg)
        fprintf(stderr, "dcaccess report: %s\n", msg);
    fputs(usage_text, stderr);
    return CLI_USAGE;
}

typedef struct report_args {
    dc_report_kind kind;
    const char *period;
    bool xlsx, pdf;
    dc_report_lang lang;
    const char *out_dir, *archive, *rules, *signatory, *nip, *scans;
} report_args;

static int parse_args(report_args *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->xlsx = a->pdf = true;
    a->lang = DC_LANG_ID;
    a->out_dir = "reports";
    a->archive = DC_ARCHIVE_DEFAULT_PATH;
    const char *kind = NULL;
    /* the first value of --format, --lang, -o/--output and --archive as typed (--rules, --signatory,
     * --nip and --scans keep theirs in *a) */
    const char *format = NULL, *lang = NULL, *out = NULL, *archive = NULL;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        bool has_value = i + 1 < argc;
        /* an option's value given twice: which was meant cannot be known (the last one was taken) */
        const char **first = !has_value                                              ? NULL
                             : strcmp(arg, "--format") == 0                          ? &format
                             : strcmp(arg, "--lang") == 0                            ? &lang
                             : strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0 ? &out
                             : strcmp(arg, "--archive") == 0                         ? &archive
                             : strcmp(arg, "--rules") == 0                           ? &a->rules
                             : strcmp(arg, "--signatory") == 0                       ? &a->signatory
                             : strcmp(arg, "--nip") == 0                             ? &a->nip
                             : strcmp(arg, "--scans") == 0                           ? &a->scans
                                                                                     : NULL;
        if (first && cli_once("report", arg, first, argv[i + 1]))
            return usage_error(NULL);
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(usage_text, stdout);
            return -1;
        } else if (strcmp(arg, "--format") == 0 && has_value) {
            const char *f = argv[++i];
            a->xlsx = strcmp(f, "xlsx") == 0 || strcmp(f, "both") == 0;
            a->pdf = strcmp(f, "pdf") == 0 || strcmp(f, "both") == 0;
            if (!a->xlsx && !a->pdf)
                return usage_error("--format must be xlsx, pdf or both");
        } else if (strcmp(arg, "--lang") == 0 && has_value) {
            const char *l = argv[++i];
            if (strcmp(l, "id") == 0)
                a->lang = DC_LANG_ID;
            else if (strcmp(l, "en") == 0)
                a->lang = DC_LANG_EN;
            else
                return usage_error("--lang must be id or en");
        } else if ((strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0) && has_value) {
            if (!argv[i + 1][0])
                return usage_error("-o wants a folder name");
            a->out_dir = argv[++i];
        } else if (strcmp(arg, "--archive") == 0 && has_value) {
            if (!argv[i + 1][0])
                return usage_error("--archive wants a file name");
            a->archive = argv[++i];
        } else if ((strcmp(arg, "--rules") == 0 || strcmp(arg, "--signatory") == 0 || strcmp(arg, "--nip") == 0 ||
                    strcmp(arg, "--scans") == 0) && has_value) {
            i++;   /* taken above */
        } else if (arg[0] == '-') {
            char msg[256];
            snprintf(msg, sizeof msg, "unknown option or missing value: %s", arg);
            return usage_error(msg);
        } else if (!kind) {
            kind = arg;
        } else if (!a->period) {
            a->period = arg;
        } else {
            char msg[256];
            snprintf(msg, sizeof msg, "unexpected argument: %s", arg);
            return usage_error(msg);
        }
    }
    if (!kind || !a->period)
        return usage_error("which report, and for which day or month?");
    if (strcmp(kind, "daily") == 0)
        a->kind = DC_REPORT_DAILY;
    else if (strcmp(kind, "monthly") == 0)
        a->kind = DC_REPORT_MONTHLY;
    else if (strcmp(kind, "audit") == 0)
        a->kind = DC_REPORT_AUDIT;
    else
        return usage_error("the report is daily, monthly or audit");
    const struct { const char *opt, *text; long max; } typed[] = {
        {"--signatory", a->signatory, SIGNATORY_MAX}, {"--nip", a->nip, NIP_MAX}};
    for (size_t t = 0; t < sizeof typed / sizeof typed[0]; t++) {
        const char *what = NULL, *v = typed[t].text;
        if (!v)
            continue;
        long chars = 0;
        for (const char *q = v; *q; q++)
            chars += ((unsigned char)*q & 0xC0) != 0x80;
        char msg[160];
        if (dc_text_check(v, 0, &what) >= 0)
            snprintf(msg, sizeof msg, "%s: %s in it", typed[t].opt, what);
        else if (chars > typed[t].max)
            snprintf(msg, sizeof msg, "%s: at most %ld characters on the signature block (%ld given)", typed[t].opt,
                     typed[t].max, chars);
        else
            continue;
        return usage_error(msg);
    }
    int rc = dc_report_period_parse(a->kind, a->period, NULL, NULL, NULL);
    if (rc) {
        fprintf(stderr, "dcaccess report: %s\n", dc_error_detail());
        return CLI_USAGE;
    }
    return CLI_OK;
}

/* Writes one format of the loaded model; prints the path, and puts its file name into *name_out
 * (caller frees; NULL when not written). 0 written, -1 written with a warning (a PDF that cannot
 * show some characters), else the error code (said). */
static int write_one(const report_args *a, const void *model, const char *ext, char **name_out)
{
    *name_out = NULL;
    char *name = dc_report_filename(a->kind, a->lang, a->period, ext);
    char *path = name ? dc_asprintf("%s/%s", a->out_dir, name) : NULL;
    int rc = path ? DC_OK : dc_error_set(DC_ERR_NOMEM, "out of memory");
    bool xlsx = strcmp(ext, "xlsx") == 0;
    if (!rc) {
        switch (a->kind) {
        case DC_REPORT_DAILY:
            rc = xlsx ? dc_report_daily_xlsx(model, a->lang, path) : dc_report_daily_pdf(model, a->lang, path);
            break;
        case DC_REPORT_MONTHLY:
            rc = xlsx ? dc_report_monthly_xlsx(model, a->lang, path) : dc_report_monthly_pdf(model, a->lang, path);
            break;
        case DC_REPORT_AUDIT:
            rc = xlsx ? dc_report_audit_xlsx(model, a->lang, path) : dc_report_audit_pdf(model, a->lang, path);
            break;
        }
    }
    if (rc) {
        cli_fail(rc, path ? path : "report");
    } else {
        printf("%s\n", path);
        *name_out = name;
        name = NULL;
    }
    const dc_report_unshown *u = xlsx || rc ? NULL : dc_report_pdf_unshown();
    if (u && u->nchars) {   /* a name in Chinese characters reached the auditor as boxes, unsaid */
        fprintf(stderr, "dcaccess report: warning: %s: its font has no glyph for %s", path,
                u->nchars == 1 && !u->more ? "this character, which prints as a box or not at all:"
                                           : "these characters, which print as boxes or not at all:");
        for (size_t i = 0; i < u->nchars; i++) {
            char c[5];   /* a control character is not printed, only its number */
            if (u->chars[i] >= 0x20 && u->chars[i] != 0x7F && dc_utf8_put(c, u->chars[i]))
                fprintf(stderr, "%s %s (U+%04X)", i ? "," : "", c, (unsigned)u->chars[i]);
            else
                fprintf(stderr, "%s U+%04X", i ? "," : "", (unsigned)u->chars[i]);
        }
        fprintf(stderr, "%s; the XLSX shows them: check the record%s there\n", u->more ? " and more" : "",
                u->nchars == 1 && !u->more ? "" : "s");
        rc = -1;
    }
    free(name);
    free(path);
    return rc;
}

/* The report kinds as the command line names them (and the archive notes them). */
static const char *const kind_words[] = {[DC_REPORT_DAILY] = "daily", [DC_REPORT_MONTHLY] = "monthly",
                                         [DC_REPORT_AUDIT] = "audit"};

/* `word` appended to the command line `line` (a new string; NULL when out of memory, `line`
 * freed), after a space, in single quotes when the shell would split or expand it. */
static char *add_word(char *line, const char *word)
{
    const bool plain = word[0] && strspn(word, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                              "_./,:=@%+-") == strlen(word);
    size_t need = strlen(line) + 4 + 4 * strlen(word);
    char *out = malloc(need), *o = out;
    if (out) {
        o += sprintf(o, "%s %s", line, plain ? word : "'");
        for (const char *c = word; !plain && *c; c++)
            o += *c == '\'' ? sprintf(o, "'\\''") : sprintf(o, "%c", *c);
        if (!plain)
            strcpy(o, "'");
    }
    free(line);
    return out;
}

/* The command that writes the report of `a` again, from any folder: its output folder `out_abs`
 * and the archive, rules and scans folder as absolute paths (a->archive is already). NULL when out
 * of memory. */
static char *rewrite_command(const report_args *a, const char *out_abs)
{
    char *rules = a->rules ? realpath(a->rules, NULL) : NULL, *scans = a->scans ? realpath(a->scans, NULL) : NULL;
    const char *words[] = {kind_words[a->kind],  a->period,  a->lang == DC_LANG_EN ? "--lang" : NULL, "en",
                           a->xlsx && a->pdf ? NULL : "--format", a->xlsx ? "xlsx" : "pdf",
                           "-o",            out_abs,    "--archive",        a->archive,
                           a->rules ? "--rules" : NULL,  rules ? rules : a->rules,
                           a->signatory ? "--signatory" : NULL, a->signatory,
                           a->nip ? "--nip" : NULL,      a->nip,
                           a->scans ? "--scans" : NULL,  scans ? scans : a->scans};
    char *line = dc_strdup("dcaccess report");
    for (size_t i = 0; line && i < sizeof words / sizeof words[0]; i++) {
        if (i >= 2 && i % 2 == 0 && !words[i]) {   /* an option not given, with its value */
            i++;
            continue;
        }
        line = add_word(line, words[i]);
    }
    free(rules);
    free(scans);
    return line;
}

/* Notes in the archive the report of `a` just written (its files `names`, in the output folder),
 * read when its last chain entry was `chain_seq`, for correct and review to say when it goes out
 * of date. Never fails the report: what keeps it from being noted (an auditor's read-only copy)
 * is said in one line. */
static void note_written(const report_args *a, char *const *names, size_t nnames, long long chain_seq)
{
    char *out_abs = realpath(a->out_dir, NULL), *files = NULL, *command = NULL;
    int rc = out_abs ? DC_OK : dc_error_set(DC_ERR_IO, "%s: %s", a->out_dir, strerror(errno));
    for (size_t i = 0; rc == DC_OK && i < nnames; i++) {
        char *more = dc_asprintf("%s%s%s/%s", files ? files : "", files ? "\n" : "", out_abs, names[i]);
        free(files);
        files = more;
        if (!files)
            rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
    }
    if (rc == DC_OK && !(command = rewrite_command(a, out_abs)))
        rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
    dc_archive *w = NULL;
    bool unwritable = false;   /* the archive or its folder is read-only for this user: said plainly */
    if (rc == DC_OK && (rc = dc_archive_open(&w, a->archive, DC_ARCHIVE_EXISTING)) == DC_ERR_IO)
        unwritable = true;
    if (rc == DC_OK) {
        const dc_report_note note = {kind_words[a->kind], a->period, a->lang == DC_LANG_EN ? "en" : "id", files, command,
                                     chain_seq};
        rc = dc_archive_note_report(w, &note);
    }
    dc_archive_close(w);
    if (unwritable)
        fprintf(stderr, "dcaccess report: note: %s cannot be written by you, so this report is not noted in it: "
                        "correct and review will not say when it goes out of date\n", a->archive);
    else if (rc != DC_OK)
        fprintf(stderr, "dcaccess report: note: this report is not noted in the archive (%s): correct and review "
                        "will not say when it goes out of date\n", dc_error_detail());
    dc_error_clear();
    free(out_abs);
    free(files);
    free(command);
}

int cmd_report(int argc, char **argv)
{
    report_args a;
    int st = parse_args(&a, argc, argv);
    if (st != CLI_OK)
        return st < 0 ? CLI_OK : st;

    dc_report_load_opts opts = DC_REPORT_LOAD_OPTS_INIT;
    dc_rules rules;   /* --rules, else $DCACCESS_RULES, else the SOP's, as scan and correct */
    int lrc = cli_check_named("report", "--scans", a.scans, NULL);
    if (lrc == CLI_OK)
        lrc = cli_load_rules(&rules, a.rules, "report");
    if (lrc != CLI_OK)
        return lrc;
    opts.visit_limit_min = rules.visit_limit_min;
    char rules_text[DC_RULES_TEXT_MAX], rules_stamp[DC_RULES_TEXT_MAX];
    if (dc_rules_describe(&rules, rules_text, sizeof rules_text) == DC_OK &&
        dc_rules_stamp(&rules, rules_stamp, sizeof rules_stamp) == DC_OK) {
        opts.rules_text = rules_text;
        opts.rules_stamp = rules_stamp;
    }
    opts.signatory_name = a.signatory;
    opts.signatory_nip = a.nip;

    /* Read-only: a missing archive is an error, never a new empty one. */
    dc_archive *arc = NULL;
    int rc = dc_archive_open(&arc, a.archive, DC_ARCHIVE_READONLY);
    if (rc == DC_ERR_NOT_FOUND) {
        fprintf(stderr, "dcaccess report: archive %s does not exist (scan forms first, or give --archive PATH)\n",
                a.archive);
        return CLI_FAIL;
    }
    if (!rc && a.scans && (rc = dc_archive_set_scans_dir(arc, a.scans)) != DC_OK) {
        dc_archive_close(arc);
        return cli_fail(rc, "--scans");
    }
    if (rc)
        return cli_fail(rc, a.archive);
    /* Reports name the archive they came from: absolute, so the footer means something later. */
    char *shown = realpath(a.archive, NULL);
    if (shown)
        a.archive = shown;
    rc = dc_mkdirs(a.out_dir);
    if (rc) {
        dc_archive_close(arc);
        free(shown);
        return cli_fail(rc, "output folder");
    }

    void *model = NULL;
    int status = CLI_OK;
    /* the report's figures, the archive's check and the scans cut off are one state of the archive:
     * read query by query, a scan storing meanwhile gave a report whose visits, findings and chain
     * check were of different moments */
    rc = dc_archive_read_begin(arc);
    if (!rc)
        switch (a.kind) {
        case DC_REPORT_DAILY:
            rc = dc_report_daily_load((dc_report_daily **)&model, dc_archive_db(arc), a.archive, a.period, &opts);
            break;
        case DC_REPORT_MONTHLY:
            rc = dc_report_monthly_load((dc_report_monthly **)&model, dc_archive_db(arc), a.archive, a.period, &opts);
            break;
        case DC_REPORT_AUDIT:
            rc = dc_report_audit_load((dc_report_audit **)&model, dc_archive_db(arc), a.archive, a.period, &opts);
            break;
        }
    if (!rc) {
        /* every report checks the archive: the audit report shows the whole check; a daily or
         * monthly report, passed around and signed, says at its top when the archive does not verify */
        dc_archive_problems probs = {0};
        rc = dc_archive_verify(&probs, arc);
        if (!rc && a.kind == DC_REPORT_AUDIT)
            rc = dc_report_audit_set_chain(model, &probs);
        else if (!rc) {
            dc_report_meta *meta = a.kind == DC_REPORT_DAILY ? &((dc_report_daily *)model)->meta
                                                             : &((dc_report_monthly *)model)->meta;
            meta->chain_problems = (long)probs.n;
            meta->sources_missing = (long)probs.sources_missing;
        }
        if (!rc && probs.n) {
            if (probs.sources_missing == probs.n)   /* moved, not altered: a backup would not help */
                fprintf(stderr, "dcaccess report: warning: %zu scan file%s not where %s scanned, so the archive "
                                "cannot be checked against %s; the report is written and says so: write it again "
                                "with --scans DIR where they are now, or put them back (dcaccess verify lists them)\n",
                        probs.n, probs.n == 1 ? " is" : "s are", probs.n == 1 ? "it was" : "they were",
                        probs.n == 1 ? "it" : "them");
            else if (a.kind == DC_REPORT_AUDIT)
                fprintf(stderr, "dcaccess report: the archive does not verify (%zu problem%s); the audit report "
                                "lists them\n", probs.n, probs.n == 1 ? "" : "s");
            else
                fprintf(stderr, "dcaccess report: warning: the archive does not verify (%zu problem%s); the report "
                                "is written and says so at its top: run dcaccess verify\n", probs.n, probs.n == 1 ? "" : "s");
            status = CLI_ATTENTION;
        }
        dc_archive_problems_clear(&probs);
    }
    /* a scan cut off (killed, a power cut) left visits out of the archive: the report would count
     * without them, and say nothing */
    if (!rc) {
        const size_t unfinished =
            cli_say_unfinished(stderr, arc, "dcaccess report: warning: the report leaves out what was not stored: ", 0, NULL);
        dc_report_meta *meta = a.kind == DC_REPORT_DAILY     ? &((dc_report_daily *)model)->meta
                               : a.kind == DC_REPORT_MONTHLY ? &((dc_report_monthly *)model)->meta
                                                             : &((dc_report_audit *)model)->meta;
        meta->unfinished = (long)unfinished;   /* said at the report's top too: the file is what is passed on */
        if (unfinished)
            status = CLI_ATTENTION;
    }
    /* the state of the archive the report reflects, for the note of it (note_written) */
    long long chain_seq = -1;
    if (!rc && dc_archive_chain_last(arc, &chain_seq) != DC_OK) {
        chain_seq = -1;
        dc_error_clear();
    }
    dc_archive_read_end(arc);
    if (rc) {
        cli_fail(rc, a.archive);
        status = CLI_FAIL;
    }
    /* a period without a single visit is written (a quiet Sunday), but a mistyped date should show */
    /* (a day whose stack holds only forms dated another day is not empty: the report lists them) */
    bool none = !rc && ((a.kind == DC_REPORT_DAILY && ((dc_report_daily *)model)->nvisits == 0 &&
                         ((dc_report_daily *)model)->nother_dated == 0) ||
                        (a.kind == DC_REPORT_MONTHLY && ((dc_report_monthly *)model)->visits == 0));
    char first[11], last[11];
    long nrec = 0;
    if (none && dc_archive_visit_days(arc, first, last, &nrec) == DC_OK) {
        if (nrec == 0)
            fprintf(stderr, "dcaccess report: note: the archive holds no visits yet; the report for %s is empty\n",
                    a.period);
        else
            fprintf(stderr, "dcaccess report: note: no visits %s %s; the archive's visits run from %s to %s "
                            "(a mistyped date?); the report is written, empty\n",
                    a.kind == DC_REPORT_DAILY ? "on" : "in", a.period, first, last);
    }
    /* Ctrl-C while reports are written: the one being written is finished, then the command stops */
    cli_defer_signals();
    const char *formats[2] = {a.xlsx ? "xlsx" : NULL, a.pdf ? "pdf" : NULL};
    char *written[2] = {NULL, NULL};
    size_t nwritten = 0;
    for (int f = 0; f < 2 && !rc; f++) {
        if (!formats[f])
            continue;
        if (cli_signal_noted()) {
            fprintf(stderr, "dcaccess report: interrupted; the %s report was not written (run the same command again)\n",
                    formats[f]);
            status = CLI_FAIL;
            break;
        }
        const int w = write_one(&a, model, formats[f], &written[nwritten]);
        nwritten += written[nwritten] != NULL;
        if (w > 0)
            status = CLI_FAIL;
        else if (w < 0 && status == CLI_OK)   /* written, with characters it cannot show */
            status = CLI_ATTENTION;
    }
    if (cli_restore_signals() && status == CLI_OK)
        fprintf(stderr, "dcaccess report: interrupted, but every report asked for was written\n");

    switch (a.kind) {
    case DC_REPORT_DAILY:
        dc_report_daily_free(model);
        break;
    case DC_REPORT_MONTHLY:
        dc_report_monthly_free(model);
        break;
    case DC_REPORT_AUDIT:
        dc_report_audit_free(model);
        break;
    }
    dc_archive_close(arc);
    if (nwritten && chain_seq >= 0)
        note_written(&a, written, nwritten, chain_seq);
    else if (nwritten)
        fprintf(stderr, "dcaccess report: note: this report is not noted in the archive (its last chain entry "
                        "could not be read): correct and review will not say when it goes out of date\n");
    free(written[0]);
    free(written[1]);
    free(shown);
    return status;
}
