/* interrupt: a Ctrl-C or TERM at a chosen moment, for end-to-end tests. Preloaded
 * (LD_PRELOAD=libdc_interrupt.so), it
 * - raises SIGINT in the process just before a rename() onto a path that contains
 *   $DC_INTERRUPT_RENAME, the moment a file written under a temporary name is complete but not
 *   yet in place, and then lets the rename go on (if the process is still alive);
 * - raises SIGTERM just after the $DC_INTERRUPT_AFTER-th sqlite3_exec() of exactly the SQL
 *   $DC_INTERRUPT_SQL has returned (e.g. the 100th "COMMIT": a run stopped after as many
 *   transactions on any machine, where a signal sent by the test after a wait was not), or SIGKILL
 *   when $DC_INTERRUPT_KILL is set (a power cut: nothing after it runs);
 * - before the first sqlite3_exec() of exactly the SQL $DC_WAIT_SQL, makes the file
 *   $DC_WAIT_FOR.waiting and waits until the file $DC_WAIT_FOR exists (at most 60 s): another run
 *   acts at that moment (two scans of the same files at once, one of them about to store a page);
 * - before the first sqlite3_prepare_v2() of exactly the SQL $DC_RUN_SQL, runs the shell command
 *   $DC_RUN_CMD and waits for it to end: another command writes the archive between two reads of
 *   this one, at the same point on any machine (the two variables are taken out of the
 *   environment first, so that the command, preloaded too, does not do it again).
 * Other calls are untouched. Test code only. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int rename(const char *from, const char *to)
{
    static int (*real)(const char *, const char *);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "rename");
    const char *pat = getenv("DC_INTERRUPT_RENAME");
    if (pat && *pat && to && strstr(to, pat))
        raise(SIGINT);
    return real(from, to);
}

struct sqlite3;
int sqlite3_exec(struct sqlite3 *db, const char *sql, int (*cb)(void *, int, char **, char **), void *arg,
                 char **errmsg)
{
    static int (*real)(struct sqlite3 *, const char *, int (*)(void *, int, char **, char **), void *, char **);
    static long seen;
    static int waited;
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "sqlite3_exec");
    const char *wait_sql = getenv("DC_WAIT_SQL"), *wait_for = getenv("DC_WAIT_FOR");
    if (!waited && wait_sql && wait_for && *wait_for && sql && strcmp(sql, wait_sql) == 0) {
        waited = 1;
        char mark[4096];
        snprintf(mark, sizeof mark, "%s.waiting", wait_for);
        FILE *fp = fopen(mark, "w");
        if (fp)
            fclose(fp);
        for (int i = 0; i < 6000 && access(wait_for, F_OK) != 0; i++)
            usleep(10000);
    }
    const int rc = real(db, sql, cb, arg, errmsg);
    const char *pat = getenv("DC_INTERRUPT_SQL"), *after = getenv("DC_INTERRUPT_AFTER");
    if (pat && *pat && after && sql && strcmp(sql, pat) == 0 && ++seen == strtol(after, NULL, 10))
        raise(getenv("DC_INTERRUPT_KILL") ? SIGKILL : SIGTERM);
    return rc;
}

int sqlite3_prepare_v2(struct sqlite3 *db, const char *sql, int nbytes, void **stmt, const char **tail)
{
    static int (*real)(struct sqlite3 *, const char *, int, void **, const char **);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "sqlite3_prepare_v2");
    const char *run_sql = getenv("DC_RUN_SQL"), *run_cmd = getenv("DC_RUN_CMD");
    if (run_sql && run_cmd && *run_cmd && sql && strcmp(sql, run_sql) == 0) {
        char *cmd = strdup(run_cmd);
        unsetenv("DC_RUN_SQL");
        unsetenv("DC_RUN_CMD");
        const int st = cmd ? system(cmd) : -1;
        if (st != 0)   /* the test would read a race that was not made: say so where it looks */
            fprintf(stderr, "interrupt: DC_RUN_CMD failed (status %d): %s\n", st, cmd ? cmd : "(out of memory)");
        free(cmd);
    }
    return real(db, sql, nbytes, stmt, tail);
}
