/* dcaccess: command entry point: environment set-up and dispatch to subcommands. */
#include "cli.h"
#include "dc_error.h"
#include "dc_report_text.h"
#include "dc_rules.h"

#include <errno.h>
#include <leptonica/allheaders.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
    const char *name;
    int (*run)(int, char **);
    const char *help;
} commands[] = {
    {"forms", cmd_forms, "forms print [--form access|checklist|set] [--count N] [--first-serial S] [--reprint] [--archive DB] -o FILE.pdf"},
    {"scan", cmd_scan, "scan [--batch-date YYYY-MM-DD] [--dry-run] [--json] [--jobs N] [--rules FILE] [--archive DB] FILE|DIR..."},
    {"pending", cmd_pending, "pending [--archive DB]                 fields waiting for review"},
    {"correct", cmd_correct, "correct SERIAL FIELD VALUE --by NAME [--why TEXT] [--rules FILE] [--archive DB]"},
    {"batch-date", cmd_batch_date, "batch-date [BATCH YYYY-MM-DD --by NAME [--why TEXT] [--rules FILE]] [--archive DB]   list, or fix a batch's date"},
    {"recheck", cmd_recheck, "recheck --date D | --month M --by NAME [--why TEXT] [--rules FILE] [--archive DB]   check records again with the rules in force"},
    {"review", cmd_review, "review --by NAME [--rules FILE] [--archive DB]   go through the pending fields one by one"},
    {"records", cmd_records, "records [--date YYYY-MM-DD | --month YYYY-MM] [--json | --csv] [--archive DB]"},
    {"verify", cmd_verify, "verify [--scans DIR] [--head HASH]... [--archive DB]   check the archive file, its hash chain and sources"},
    {"backup", cmd_backup, "backup -o FILE [--archive DB]          a consistent copy of the archive, checked"},
    {"cells", cmd_cells, "cells -o DIR [--date YYYY-MM-DD | --month YYYY-MM] [--archive DB]   export checked digit cells"},
    {"report", cmd_report, "report daily DATE | monthly YYYY-MM | audit YYYY-MM [--format xlsx|pdf|both] [--lang id|en] [-o DIR]"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: dcaccess COMMAND [OPTIONS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %s\n", commands[i].help);
    fprintf(f, "\nThe archive defaults to ./dcaccess.db. See README.md for the daily workflow.\n");
}

void cli_usage_why(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "dcaccess %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void cli_usage_arg(const char *cmd, const char *arg)
{
    if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)
        return;   /* asked for: the usage alone (main makes it exit 0) */
    char *shown = cli_shown(arg);
    if (arg[0] == '-' && arg[1])
        cli_usage_why(cmd, "unknown option or missing value: %s", shown ? shown : "");
    else
        cli_usage_why(cmd, "an argument too many: \"%s\"", shown ? shown : "");
    free(shown);
}

int cli_fail(int rc, const char *what)
{
    const char *d = dc_error_detail();
    if (d && *d)
        fprintf(stderr, "dcaccess: %s: %s: %s\n", what, dc_strerror(rc), d);
    else
        fprintf(stderr, "dcaccess: %s: %s\n", what, dc_strerror(rc));
    return CLI_FAIL;
}

void cli_local_time(char *buf, size_t len, const char *utc)
{
    dc_report_format_stamp(buf, len, DC_LANG_EN, utc ? utc : "");
}

bool cli_stderr_is_tty(void) { return isatty(STDERR_FILENO) == 1; }

static volatile sig_atomic_t g_noted;
static struct sigaction g_old_int, g_old_term;

static void note_signal(int sig)
{
    g_noted = sig;
}

static void defer(int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = note_signal;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    g_noted = 0;
    /* a signal the caller ignores (a job started with `trap '' INT`, or in the background of a
     * script) stays ignored: it used to stop a report or backup all the same */
    sigaction(SIGINT, NULL, &g_old_int);
    sigaction(SIGTERM, NULL, &g_old_term);
    if (g_old_int.sa_handler != SIG_IGN)
        sigaction(SIGINT, &sa, NULL);
    if (g_old_term.sa_handler != SIG_IGN)
        sigaction(SIGTERM, &sa, NULL);
}

void cli_defer_signals(void) { defer(SA_RESTART); }

void cli_defer_signals_reading(void) { defer(0); }

bool cli_signal_noted(void) { return g_noted != 0; }

int cli_restore_signals(void)
{
    sigaction(SIGINT, &g_old_int, NULL);
    sigaction(SIGTERM, &g_old_term, NULL);
    return g_noted;
}

/* Leptonica's own printing, dropped: a page it cannot read is rejected with a reason instead. */
static void lept_quiet(const char *msg) { (void)msg; }

/* A command's status, once what it printed is out: output that could not be written (a full disk,
 * a closed pipe, /dev/full) is an error, not a success nobody saw. */
static int output_written(int st)
{
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout))
        return st;
    struct stat sb;
    const bool pipe_out = fstat(STDOUT_FILENO, &sb) == 0 && S_ISFIFO(sb.st_mode);
    if (errno == EPIPE || (!errno && pipe_out))   /* scan goes on past it (the others end at SIGPIPE) */
        fprintf(stderr, "dcaccess: the output could not be written: the program reading it stopped before the end "
                        "(what the command did is stored)\n");
    else
        fprintf(stderr, "dcaccess: the output could not be written%s%s\n", errno ? ": " : "",
                errno ? strerror(errno) : "");
    return st == CLI_OK || st == CLI_ATTENTION ? CLI_FAIL : st;
}

int main(int argc, char **argv)
{
    /* libgomp reads OMP_THREAD_LIMIT only at load time, so setting it here is too late for
     * this process: set it and re-exec ourselves once (STACK.md: OCR is ~4x slower otherwise). */
    if (!getenv("OMP_THREAD_LIMIT")) {
        setenv("OMP_THREAD_LIMIT", "1", 1);
        /* By the program file's own path: a process takes its name (/proc/PID/comm, what ps and
         * pkill show) from the path it was started by, and "exe" would make a scan at work look
         * gone to the other commands, which tell a live scan by its name (dc_archive.c) */
        char self[4096];
        ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
        if (len > 0) {
            self[len] = '\0';
            execv(self, argv);
        }
        execv("/proc/self/exe", argv);
        /* exec failed (no /proc): carry on, slower but correct */
    }
    setMsgSeverity(L_SEVERITY_NONE); /* Leptonica would print to stderr; we report errors ourselves */
    leptSetStderrHandler(lept_quiet);   /* also what it prints regardless ("maxval = 0" for a bad PGM) */

    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_USAGE : CLI_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("dcaccess 0.1.0 (rules engine %d)\n", DC_RULES_ENGINE);
        return CLI_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(argv[1], commands[i].name) != 0)
            continue;
        if (argc == 3 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
            /* asked for: every command's usage on stdout and exit 0 (some printed it to stderr
             * and exited 2, as for a wrong call) */
            fflush(stdout);
            dup2(STDOUT_FILENO, STDERR_FILENO);
            char *only[] = {argv[1], "--help", NULL};
            const int st = commands[i].run(2, only);
            return st == CLI_USAGE ? CLI_OK : st;
        }
        return output_written(commands[i].run(argc - 1, argv + 1));
    }
    fprintf(stderr, "dcaccess: unknown command \"%s\"\n\n", argv[1]);
    usage(stderr);
    return CLI_USAGE;
}
