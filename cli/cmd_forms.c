/* cli/cmd_forms.c: `dcaccess forms print`: blank numbered forms as a PDF. */
#include "cli.h"
#include "dc_archive.h"
#include "dc_error.h"
#include "dc_formprint.h"
#include "dc_record.h"
#include "dc_template.h"
#include "dc_util.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>


/* Says `msg` (NULL: said already, by cli_once or cli_take_archive) and the usage; CLI_USAGE. */
static int usage_error(const char *msg, const char *arg)
{
    if (msg && arg)
        fprintf(stderr, "dcaccess forms: %s: \"%s\"\n", msg, arg);
    else if (msg)
        fprintf(stderr, "dcaccess forms: %s\n", msg);
    fprintf(stderr, "usage: dcaccess forms print [--form access|checklist|set] [--count N] [--first-serial S] [--reprint]\n"
                    "                            [--archive DB] -o FILE.pdf\n");
    return CLI_USAGE;
}

static bool parse_long(const char *s, long lo, long hi, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

#define COUNT_MAX 10000

/* What a print of `form` makes, in the plural. */
static const char *forms_words(const char *form)
{
    return strcmp(form, "set") == 0 ? "form sets" : strcmp(form, "access") == 0 ? "access forms" : "device checklists";
}

/* "serial 000007" or "serials 000007 to 000009", for messages. */
static const char *range_text(char *buf, size_t len, long first, long last)
{
    char lo[16], hi[16];
    dc_serial_format(lo, first);
    dc_serial_format(hi, last);
    if (first == last)
        snprintf(buf, len, "serial %s", lo);
    else
        snprintf(buf, len, "serials %s to %s", lo, hi);
    return buf;
}

/* Says why the archive did not reserve plan's serials; returns the exit status. */
static int refused(const dc_print_plan *plan, const char *path)
{
    char want[48], had[48], nx[16];
    dc_serial_format(nx, plan->next);
    const long last = plan->first + plan->count - 1;
    switch (plan->verdict) {
    case DC_PRINT_NEEDS_FIRST:
        fprintf(stderr, "dcaccess forms: %s has no record of the %s printed so far (printed by an older dcaccess, "
                        "with another archive, or only the other page of the sets): give --first-serial once, after "
                        "the highest serial on paper (the highest scanned is %06ld); later runs continue by "
                        "themselves\n", path, forms_words(plan->form), plan->next - 1);
        return CLI_USAGE;
    case DC_PRINT_PAST_END:
        if (plan->continued && plan->next > DC_SERIAL_MAX)
            fprintf(stderr, "dcaccess forms: serial 999999, the last of 6 digits, is printed or scanned in %s "
                            "already: there are no serials left to print\n", path);
        else
            fprintf(stderr, "dcaccess forms: %s would pass 999999 (6 digits): at most %ld form%s can still be printed "
                            "from %06ld; lower --count\n", range_text(want, sizeof want, plan->first, last),
                    DC_SERIAL_MAX - plan->first + 1, DC_SERIAL_MAX - plan->first + 1 == 1 ? "" : "s", plan->first);
        return CLI_USAGE;
    case DC_PRINT_SCANNED: {
        char at[16];
        dc_serial_format(at, plan->use.first_stored);
        if (plan->count == 1)
            fprintf(stderr, "dcaccess forms: serial %s was scanned into %s already", at, path);
        else
            fprintf(stderr, "dcaccess forms: %s: %ld %s scanned into %s already (the first is %s)",
                    range_text(want, sizeof want, plan->first, last), plan->use.stored,
                    plan->use.stored == 1 ? "was" : "were", path, at);
        fprintf(stderr, "; two sheets with one serial cannot both be stored, so a scanned serial is never printed "
                        "again; leave out --first-serial to continue at %s\n", nx);
        return CLI_USAGE;
    }
    case DC_PRINT_PRINTED: {
        const long lo = plan->use.printed_first > plan->first ? plan->use.printed_first : plan->first;
        const long hi = plan->use.printed_last < last ? plan->use.printed_last : last;
        char at[48];
        cli_local_time(at, sizeof at, plan->use.printed_at);
        fprintf(stderr, "dcaccess forms: %s: %s %s printed before (into %s on %s); print serials again only to "
                        "replace spoiled blank forms, with --reprint, and destroy the spoiled ones; or leave out "
                        "--first-serial to continue at %s\n", range_text(want, sizeof want, plan->first, last),
                range_text(had, sizeof had, lo, hi), lo == hi ? "was" : "were", plan->use.printed_file,
                at, nx);
        return CLI_USAGE;
    }
    case DC_PRINT_OK:
        break;
    }
    return CLI_OK;
}

/* Where a file written at `path` will be: the real path of the longest part of it that exists,
 * then the rest with "." and ".." taken as the folders made for it will take them. Caller frees;
 * NULL when out of memory. */
static char *where_written(const char *path)
{
    char *cwd = path[0] == '/' ? NULL : getcwd(NULL, 0);
    char *full = path[0] == '/' ? dc_strdup(path) : cwd ? dc_asprintf("%s/%s", cwd, path) : NULL;
    free(cwd);
    if (!full)
        return NULL;
    /* a link to a file not there yet (the archive about to be made): where it points */
    struct stat ls;
    for (int hops = 0; hops < 16 && lstat(full, &ls) == 0 && S_ISLNK(ls.st_mode); hops++) {
        char target[4096];
        ssize_t n = readlink(full, target, sizeof target - 1);
        if (n <= 0)
            break;
        target[n] = '\0';
        char *slash = strrchr(full, '/');
        char *next = target[0] == '/' || !slash ? dc_strdup(target)
                                                 : dc_asprintf("%.*s/%s", (int)(slash - full), full, target);
        if (!next)
            break;
        free(full);
        full = next;
    }
    /* the longest existing prefix, at a '/' */
    size_t cut = strlen(full);
    char *real = NULL;
    for (;;) {
        char save = full[cut];
        full[cut] = '\0';
        real = realpath(cut ? full : "/", NULL);
        full[cut] = save;
        if (real || cut == 0)
            break;
        while (cut > 0 && full[--cut] != '/')
            ;
    }
    size_t cap = (real ? strlen(real) : 0) + strlen(full) + 2, n = 0;
    char *out = malloc(cap);
    if (!out) {
        free(real);
        free(full);
        return NULL;
    }
    n = (size_t)snprintf(out, cap, "%s", real && strcmp(real, "/") != 0 ? real : "");
    free(real);
    for (char *save = NULL, *part = strtok_r(full + cut, "/", &save); part; part = strtok_r(NULL, "/", &save)) {
        if (strcmp(part, ".") == 0)
            continue;
        if (strcmp(part, "..") == 0) {
            while (n > 0 && out[n - 1] != '/')
                n--;
            if (n > 0)
                n--;
            out[n] = '\0';
            continue;
        }
        n += (size_t)snprintf(out + n, cap - n, "/%s", part);
    }
    if (n == 0)
        snprintf(out, cap, "/");
    free(full);
    return out;
}

/* Whether `out` is the archive or one of its side files (-wal, -shm, -journal): the PDF would
 * overwrite it. */
static bool names_the_archive(const char *out, const char *archive)
{
    static const char *const side[] = {"", "-wal", "-shm", "-journal"};
    char *out_at = where_written(out), *arc_at = where_written(archive);
    bool same = false;
    for (size_t i = 0; i < sizeof side / sizeof side[0] && !same && out_at && arc_at; i++) {
        char *name = dc_asprintf("%s%s", arc_at, side[i]);
        same = name && strcmp(name, out_at) == 0;
        free(name);
    }
    free(out_at);
    free(arc_at);
    return same;
}

static int print_forms(const char *form, long count, long first, bool reprint, const char *out_path,
                       const char *archive_path)
{
    if (names_the_archive(out_path, archive_path)) {
        fprintf(stderr, "dcaccess forms: -o %s is the archive (or one of its files): the PDF would destroy it; write "
                        "the forms to another file\n", out_path);
        return CLI_USAGE;
    }
    struct stat sa;
    if (stat(out_path, &sa) == 0 && S_ISDIR(sa.st_mode)) {   /* it was said to "exist (forms printed into it before ...)" */
        char day[16];
        dc_today(day);
        const size_t n = strlen(out_path);
        char *shown = cli_shown(out_path);
        fprintf(stderr, "dcaccess forms: -o %s is a folder: give the name of a new PDF file in it, e.g. %s%sforms-%s.pdf\n",
                shown ? shown : "", shown ? shown : "", n && out_path[n - 1] == '/' ? "" : "/", day);
        free(shown);
        return CLI_USAGE;
    }
    if (stat(out_path, &sa) == 0) {   /* yesterday's forms, perhaps not printed yet: their serials would be lost */
        fprintf(stderr, "dcaccess forms: %s exists (forms printed into it before may not be on paper yet): give another "
                        "file name, for example with the date, or remove it first\n", out_path);
        return CLI_USAGE;
    }
    const bool new_archive = stat(archive_path, &sa) != 0;
    if (new_archive && !first) {   /* a mistyped --archive made a new, empty archive that printed from 1 */
        fprintf(stderr, "dcaccess forms: archive %s does not exist: for the first forms of a new archive give "
                        "--first-serial (for example 1); otherwise check --archive\n", archive_path);
        return CLI_USAGE;
    }
    if (new_archive && first + count - 1 > DC_SERIAL_MAX) {   /* said before an archive is made for nothing */
        dc_print_plan past = {.form = form, .first = first, .count = count, .verdict = DC_PRINT_PAST_END, .next = 1};
        return refused(&past, archive_path);
    }
    dc_template_set *set = NULL;
    dc_formprint *fp = NULL;
    dc_archive *a = NULL;
    bool deferred = false;
    int rc = dc_template_set_load(&set, NULL);
    if (!rc && (rc = dc_record_templates_check(set)) != DC_OK) {
        dc_template_set_free(set);
        set = NULL;
    }
    if (rc)
        return cli_fail(rc, "loading the form templates");
    const dc_template *pages[2] = {NULL, NULL};
    size_t npages = 0;
    if (strcmp(form, "set") == 0 || strcmp(form, "access") == 0)
        pages[npages++] = dc_template_set_latest(set, "access");
    if (strcmp(form, "set") == 0 || strcmp(form, "checklist") == 0)
        pages[npages++] = dc_template_set_latest(set, "checklist");
    int status = CLI_OK;
    char *full = where_written(out_path);   /* the range names the PDF wherever it is looked up from */
    dc_print_plan plan = {.form = form, .first = first, .count = count, .reprint = reprint, .file = full};
    for (size_t i = 0; i < npages; i++)
        if (!pages[i]) {
            status = cli_fail(dc_error_set(DC_ERR_UNKNOWN_TEMPLATE, "no %s template in %s/forms",
                                           i == 0 && strcmp(form, "checklist") != 0 ? "access" : "checklist",
                                           dc_data_dir()),
                              "forms print");
            goto done;
        }
    if (!full) {
        status = cli_fail(dc_error_set(DC_ERR_NOMEM, "out of memory"), "forms print");
        goto done;
    }
    rc = dc_archive_open(&a, archive_path, DC_ARCHIVE_CREATE);
    if (rc) {
        status = cli_fail(rc, "forms print: opening the archive, which keeps the serials printed");
        goto done;
    }
    /* from the reservation on, a Ctrl-C (or TERM) is noted, not obeyed at once: building stops and
     * the serials are given back, or the PDF being saved is finished first (a kill -9 leaves the
     * range recorded for a PDF that is not there: print those serials with --reprint) */
    cli_defer_signals();
    deferred = true;
    rc = dc_archive_reserve_print(a, &plan);
    if (rc) {
        status = cli_fail(rc, "forms print: recording the serials");
        goto done;
    }
    if (plan.verdict != DC_PRINT_OK) {
        status = refused(&plan, dc_archive_path(a));
        goto done;
    }
    first = plan.first;
    rc = dc_formprint_new(&fp);
    int sheets = 0;
    for (size_t i = 0; i < dc_template_set_count(set); i++)
        if (dc_template_set_at(set, i)->sheet_page > sheets)
            sheets = dc_template_set_at(set, i)->sheet_page;
    if (!rc)
        dc_formprint_set_sheet_count(fp, sheets);
    bool stopped = false;
    for (long n = 0; n < count && !rc && !stopped; n++) {
        char serial[16];
        dc_serial_format(serial, first + n);
        for (size_t i = 0; i < npages && !rc; i++)
            rc = dc_formprint_add_page(fp, pages[i], serial, NULL);
        stopped = cli_signal_noted();
    }
    if (!rc && !stopped)
        rc = dc_formprint_save(fp, out_path);   /* a Ctrl-C now: the PDF is finished and put in place first */
    char what[48];
    range_text(what, sizeof what, first, first + count - 1);
    if (rc || stopped) {   /* nothing on paper: the serials are free again */
        if (rc) {
            status = cli_fail(rc, "forms print");
        } else {
            fprintf(stderr, "dcaccess forms: interrupted: nothing written, %s given back\n", what);
            status = CLI_FAIL;
        }
        if (dc_archive_release_print(a, plan.id) != DC_OK)
            fprintf(stderr, "dcaccess forms: %s stay recorded as printed in %s (%s): print the next forms "
                            "without --first-serial\n", what, dc_archive_path(a), dc_error_detail());
        goto done;
    }
    if (cli_signal_noted())
        fprintf(stderr, "dcaccess forms: interrupted, but %s was written in full\n", out_path);
    char nx[80];
    /* the next free serial: after these, or after a higher range printed before (999999 printed
     * earlier leaves none, whatever these were) */
    const long next = plan.next > first + count ? plan.next : first + count;
    if (next <= DC_SERIAL_MAX)
        snprintf(nx, sizeof nx, "the next %s start at No. %06ld", forms_words(form), next);
    else if (first + count <= DC_SERIAL_MAX)
        snprintf(nx, sizeof nx, "999999 was printed before, so the next need --first-serial");
    else
        snprintf(nx, sizeof nx, "no serials are left after 999999");
    char lo[16], hi[16];
    dc_serial_format(lo, first);
    dc_serial_format(hi, first + count - 1);
    printf("wrote %s: %ld page%s, %ld %s%s, No. %s%s%s (%s recorded in %s%s: %s)\n", out_path, count * (long)npages,
           count * (long)npages > 1 ? "s" : "", count,
           strcmp(form, "set") == 0 ? "form set" : strcmp(form, "access") == 0 ? "access form" : "device checklist",
           count > 1 ? "s" : "", lo, count > 1 ? " to " : "", count > 1 ? hi : "", count > 1 ? "serials" : "serial",
           dc_archive_path(a), new_archive ? ", a new archive" : "", nx);
done:
    if (deferred)
        cli_restore_signals();
    free(full);
    dc_formprint_free(fp);
    dc_template_set_free(set);
    dc_archive_close(a);
    return status;
}

int cmd_forms(int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        char *help[] = {argv[0], "print", "--help", NULL};   /* forms has one subcommand: its usage */
        return cmd_forms(3, help);
    }
    if (argc < 2 || strcmp(argv[1], "print") != 0)
        return usage_error(argc < 2 ? "missing subcommand" : "unknown subcommand", argc < 2 ? NULL : argv[1]);
    bool bad_archive = false;
    const char *archive = cli_take_archive(&argc, argv, &bad_archive);
    if (bad_archive)
        return usage_error(NULL, NULL);   /* cli_take_archive said why */
    const char *form = "set", *out_path = NULL;
    long count = 1, first = 1;
    bool first_given = false, reprint = false;
    const char *given[4] = {NULL, NULL, NULL, NULL};   /* --form, --count, --first-serial, -o/--output */
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            printf("usage: dcaccess forms print [--form access|checklist|set] [--count N] [--first-serial S] [--reprint]\n"
                   "                            [--archive DB] -o FILE.pdf\n"
                   "  --form          access (page 1), checklist (page 2) or set (both, same serial; default)\n"
                   "  --count         number of forms or sets (default 1, at most 10000 at a time)\n"
                   "  --first-serial  serial of the first form (default: after the last one printed or scanned\n"
                   "                  into the archive); serials increase by one\n"
                   "  --reprint       allow serials printed before (to replace spoiled blank forms); serials\n"
                   "                  scanned already are never printed again\n"
                   "  --archive       the archive that records the serials printed (default ./dcaccess.db)\n"
                   "  -o              output PDF (its folder is created if missing)\n");
            return CLI_OK;
        }
        if (strcmp(a, "--reprint") == 0) {
            reprint = true;
            continue;
        }
        if (strcmp(a, "--form") != 0 && strcmp(a, "--count") != 0 && strcmp(a, "--first-serial") != 0 &&
            strcmp(a, "-o") != 0 && strcmp(a, "--output") != 0)
            return usage_error("unknown option", a);
        if (!v)
            return usage_error("option needs a value", a);
        /* given twice: which was meant cannot be known (the last one was taken) */
        const char **slot = strcmp(a, "--form") == 0 ? &given[0] : strcmp(a, "--count") == 0 ? &given[1]
                            : strcmp(a, "--first-serial") == 0 ? &given[2] : &given[3];
        if (cli_once("forms", a, slot, v))
            return usage_error(NULL, NULL);
        i++;
        if (strcmp(a, "--form") == 0) {
            if (strcmp(v, "access") != 0 && strcmp(v, "checklist") != 0 && strcmp(v, "set") != 0)
                return usage_error("--form must be access, checklist or set, not", v);
            form = v;
        } else if (strcmp(a, "--count") == 0) {
            /* libharu holds the whole document in memory (about 90 KB a set): more than 10,000
             * sets at once failed late with "libharu error 0x1015"; print them in runs */
            if (!parse_long(v, 1, COUNT_MAX, &count))
                return usage_error("--count must be a whole number from 1 to 10000 (print more in several runs, "
                                   "each continues after the last), not", v);
        } else if (strcmp(a, "--first-serial") == 0) {
            if (!parse_long(v, 1, DC_SERIAL_MAX, &first))
                return usage_error("--first-serial must be a whole number from 1 to 999999, not", v);
            first_given = true;
        } else if (!*v) {   /* a shell variable not set: it failed as ": No such file or directory" (exit 3), a new
                             * archive made for it */
            return usage_error("-o wants a file name, not \"\"", NULL);
        } else {
            out_path = v;
        }
    }
    if (!out_path)
        return usage_error("missing -o FILE.pdf", NULL);
    return print_forms(form, count, first_given ? first : 0, reprint, out_path, archive);
}
