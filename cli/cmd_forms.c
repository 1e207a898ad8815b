/* cli/cmd_forms.c: `dcaccess forms print`: blank numbered forms as a PDF. */
#include "cli.h"
#include "dc_archive.h"
#include "dc_error.h"
#include "dc_formprint.h"
#include "dc_template.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SERIAL_MAX 999999L

static int usage_error(const char *msg, const char *arg)
{
    if (arg)
        fprintf(stderr, "dcaccess forms: %s: \"%s\"\n", msg, arg);
    else
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

/* The serials to print: after the archive's last printed or stored one unless --first-serial
 * was given, and then none of them scanned already, nor printed before unless --reprint. Returns
 * CLI_OK with *first set, or the exit status after saying why. */
static int choose_serials(dc_archive *a, long count, long *first, bool first_given, bool reprint)
{
    const char *path = dc_archive_path(a);
    long next = 1;
    int rc = dc_archive_next_serial(a, &next);
    if (rc)
        return cli_fail(rc, "forms print");
    char nx[16], lo[16], hi[16], at[16];
    dc_serial_format(nx, next);
    if (!first_given)
        *first = next;
    if (*first + count - 1 > SERIAL_MAX) {
        fprintf(stderr, "dcaccess forms: serials would exceed 999999 (6 digits): %s holds serials up to %06ld; "
                        "lower --count%s\n", path, next - 1, first_given ? " or --first-serial" : "");
        return CLI_USAGE;
    }
    dc_serials_in_use use;
    if ((rc = dc_archive_serials_in_use(a, *first, *first + count - 1, &use)))
        return cli_fail(rc, "forms print");
    dc_serial_format(lo, *first);
    dc_serial_format(hi, *first + count - 1);
    const bool one = count == 1;
    if (use.stored) {
        dc_serial_format(at, use.first_stored);
        if (one)
            fprintf(stderr, "dcaccess forms: serial %s was scanned into %s already", lo, path);
        else
            fprintf(stderr, "dcaccess forms: serials %s to %s: %ld %s scanned into %s already (the first is %s)", lo,
                    hi, use.stored, use.stored == 1 ? "was" : "were", path, at);
        fprintf(stderr, "; two sheets with one serial cannot both be stored, so %s not printed again; leave out "
                        "--first-serial to continue at %s\n", one ? "it is" : "they are", nx);
        return CLI_USAGE;
    }
    if (use.printed_first && !reprint) {
        dc_serial_format(at, use.printed_first);
        char last[16];
        dc_serial_format(last, use.printed_last);
        if (one)
            fprintf(stderr, "dcaccess forms: serial %s was", lo);
        else
            fprintf(stderr, "dcaccess forms: serials %s to %s were", lo, hi);
        fprintf(stderr, " printed before (%s says: %s to %s, into %s on %s); print %s again only to replace spoiled "
                        "blank forms, with --reprint, and destroy the spoiled ones; or leave out --first-serial to "
                        "continue at %s\n", path, at, last, use.printed_file, use.printed_at, one ? "it" : "them", nx);
        return CLI_USAGE;
    }
    return CLI_OK;
}

static int print_forms(const char *form, long count, long first, bool first_given, bool reprint,
                       const char *out_path, const char *archive_path)
{
    dc_template_set *set = NULL;
    dc_formprint *fp = NULL;
    dc_archive *a = NULL;
    int rc = dc_archive_open(&a, archive_path, DC_ARCHIVE_CREATE);
    if (rc)
        return cli_fail(rc, "forms print: opening the archive, which keeps the serials printed");
    int st = choose_serials(a, count, &first, first_given, reprint);
    if (st != CLI_OK) {
        dc_archive_close(a);
        return st;
    }
    rc = dc_template_set_load(&set, NULL);
    if (rc) {
        dc_archive_close(a);
        return cli_fail(rc, "loading the form templates");
    }
    const dc_template *pages[2] = {NULL, NULL};
    size_t npages = 0;
    if (strcmp(form, "set") == 0 || strcmp(form, "access") == 0)
        pages[npages++] = dc_template_set_latest(set, "access");
    if (strcmp(form, "set") == 0 || strcmp(form, "checklist") == 0)
        pages[npages++] = dc_template_set_latest(set, "checklist");
    int status = CLI_OK;
    for (size_t i = 0; i < npages; i++)
        if (!pages[i]) {
            status = cli_fail(dc_error_set(DC_ERR_UNKNOWN_TEMPLATE, "no %s template in %s/forms",
                                           i == 0 && strcmp(form, "checklist") != 0 ? "access" : "checklist",
                                           dc_data_dir()),
                              "forms print");
            goto done;
        }
    rc = dc_formprint_new(&fp);
    if (rc) {
        status = cli_fail(rc, "forms print");
        goto done;
    }
    int sheets = 0;
    for (size_t i = 0; i < dc_template_set_count(set); i++)
        if (dc_template_set_at(set, i)->sheet_page > sheets)
            sheets = dc_template_set_at(set, i)->sheet_page;
    dc_formprint_set_sheet_count(fp, sheets);
    for (long n = 0; n < count; n++) {
        char serial[16];
        dc_serial_format(serial, first + n);
        for (size_t i = 0; i < npages; i++) {
            rc = dc_formprint_add_page(fp, pages[i], serial, NULL);
            if (rc) {
                status = cli_fail(rc, "forms print");
                goto done;
            }
        }
    }
    cli_defer_signals();   /* a Ctrl-C while saving: the PDF is finished and put in place first */
    rc = dc_formprint_save(fp, out_path);
    bool stopped = cli_restore_signals() != 0;
    if (rc) {
        status = cli_fail(rc, "forms print");
        goto done;
    }
    if (stopped)
        fprintf(stderr, "dcaccess: forms print: interrupted, but %s was written in full\n", out_path);
    char lo[16], hi[16], nx[16];
    dc_serial_format(lo, first);
    dc_serial_format(hi, first + count - 1);
    char *full = realpath(out_path, NULL);   /* the range names the PDF wherever it is looked up from */
    rc = dc_archive_add_printed(a, first, first + count - 1, form, full ? full : out_path);
    free(full);
    long next = first + count;
    if (rc == DC_OK)
        rc = dc_archive_next_serial(a, &next);   /* after a reprint: after the last printed before */
    dc_serial_format(nx, next);
    if (rc) {
        status = cli_fail(rc, "forms print: the PDF was written, but its serials were not recorded in the archive "
                              "(print the next forms with --first-serial after them)");
        goto done;
    }
    printf("wrote %s: %ld page%s, %ld %s%s, No. %s%s%s (recorded in %s: the next run starts at No. %s)\n",
           out_path, count * (long)npages, count * (long)npages > 1 ? "s" : "", count,
           strcmp(form, "set") == 0 ? "form set" : strcmp(form, "access") == 0 ? "access form" : "device checklist",
           count > 1 ? "s" : "", lo, count > 1 ? " to " : "", count > 1 ? hi : "", dc_archive_path(a), nx);
done:
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
        return CLI_USAGE;   /* cli_take_archive said why */
    const char *form = "set", *out_path = NULL;
    long count = 1, first = 1;
    bool first_given = false, reprint = false;
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
            if (!parse_long(v, 1, SERIAL_MAX, &first))
                return usage_error("--first-serial must be a whole number from 1 to 999999, not", v);
            first_given = true;
        } else {
            out_path = v;
        }
    }
    if (!out_path)
        return usage_error("missing -o FILE.pdf", NULL);
    if (first_given && first + count - 1 > SERIAL_MAX)
        return usage_error("serials would exceed 999999 (6 digits); lower --count or --first-serial", NULL);
    return print_forms(form, count, first, first_given, reprint, out_path, archive);
}
