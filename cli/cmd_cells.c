/* cli/cmd_cells.c: `dcaccess cells -o DIR`: the comb cells of every digit, date and time field a
 * person has checked (`dcaccess correct`), cut from the stored crops exactly as the digit reader
 * saw them and labelled with the person's value. This is the site's own real handwriting: the
 * ICR tools read the folder (`icr-accuracy --cells DIR` measures the shipped model on it,
 * `icr-train --combine ... --real-cells DIR` re-fits the calibration to it; scan/models/README.md).
 *
 * DIR must be new or empty (a second export into the same folder could leave cells of an older,
 * since corrected, value behind). Layout: DIR/<label>/<serial>_<form>_<field>_<cell>.png with
 * <label> 0-9 or "empty", and DIR/cells.tsv, one line per cell, written last: a folder without it
 * is an export that did not finish (its source column, the scanned file, has tabs, line breaks
 * and backslashes written as \t, \n, \r and \\). A cell whose writing the scan found running
 * over its box (dc_field_value.crossed) is left out: the reader read it past the comb, not from
 * the inside that the crop holds, so its inside would teach a cut digit under the whole digit's
 * label. */
#include "cli.h"
#include "dc_archive.h"
#include "dc_record.h"
#include "dc_error.h"
#include "dc_scan.h"
#include "dc_template.h"
#include "dc_util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

typedef struct cells_ctx {
    const dc_template_set *ts;
    const char *dir;
    FILE *tsv;           /* the manifest being built (a memory stream over tsv_buf) */
    char *tsv_buf;
    size_t tsv_len;
    size_t fields, cells, per_label[11], other_kinds;
    size_t crossed;      /* cells left out: their writing runs over the box (dc_field_value.crossed) */
    size_t skipped;
    char **skip_lines;   /* one line per skipped field, printed at the end */
} cells_ctx;

static int skip(cells_ctx *c, const dc_stored_field *f, const char *why)
{
    char *line = dc_asprintf("%s %s %s (%s page %d): %s", f->serial, f->form, f->field, f->file, f->page, why);
    char **n = line ? realloc(c->skip_lines, (c->skipped + 1) * sizeof *n) : NULL;
    if (!n) {
        free(line);
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    }
    c->skip_lines = n;
    c->skip_lines[c->skipped++] = line;
    return 0;
}

static const char *const label_names[11] = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "empty" };

static const char *kind_name(dc_field_type t)
{
    return t == DC_FIELD_DATE ? "date" : t == DC_FIELD_TIME ? "time" : "digits";
}

/* Digit handwriting: a digit, date or time comb whose value (if any) is written in digits. An ID
 * number in letters (a passport, read as text) is not. */
static bool digit_handwriting(const dc_field *fd, const char *value)
{
    return dc_scan_is_digit_comb(fd) &&
           (fd->type != DC_FIELD_DIGITS || !value || value[strspn(value, "0123456789")] == '\0');
}


/* A scanned file's path as a TSV column: a tab, line break or backslash in it is written as \t,
 * \n, \r or \\, so that every line of cells.tsv has its 11 columns. */
static int tsv_text(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        const char *e = *s == '\t' ? "\\t" : *s == '\n' ? "\\n" : *s == '\r' ? "\\r" : *s == '\\' ? "\\\\" : NULL;
        if ((e ? fputs(e, out) : fputc(*s, out)) < 0)
            return -1;
    }
    return 0;
}

static int one_field(void *user, const dc_stored_field *f)
{
    cells_ctx *c = user;
    if (cli_signal_noted())   /* Ctrl-C: stop between fields, no cell left half written */
        return dc_error_set(DC_ERR_INTERRUPTED, "stopped by a signal");
    const dc_template *t = dc_template_set_find(c->ts, f->form, f->template_version);
    if (!t) {
        char why[96];
        snprintf(why, sizeof why, "no template for form %s version %d", f->form, f->template_version);
        return skip(c, f, why);
    }
    const dc_field *fd = dc_template_field(t, f->field);
    if (!digit_handwriting(fd, f->value)) {
        c->other_kinds++;
        return 0;
    }
    if (!f->crop_png)
        return skip(c, f, "no crop stored (scanned with --no-crops)");
    PIX **cells = NULL;
    int *ink = NULL;
    int labels[DC_TEMPLATE_MAX_DIGIT_CELLS];   /* the template loader's bound for any digit comb */
    int rc = dc_scan_field_cells(fd, f->crop_png, f->crop_png_len, &cells, &ink);
    if (rc == DC_OK)
        rc = dc_scan_cell_labels(fd, f->value, ink, labels);
    if (rc == DC_ERR_VALUE || rc == DC_ERR_IMAGE) {
        /* this field teaches nothing reliable: say why, go on with the others */
        dc_scan_cells_free(cells, fd->ncells);
        free(ink);
        return skip(c, f, dc_error_detail());
    }
    for (size_t i = 0; rc == DC_OK && i < fd->ncells; i++) {
        /* the reader read this cell past the comb (or not at all): its inside is not what it read */
        if (i < 32 && (f->crossed >> i & 1u)) {
            c->crossed++;
            continue;
        }
        const int l = labels[i] < 0 ? 10 : labels[i];
        const char *label = label_names[l];
        char *sub = dc_asprintf("%s/%s", c->dir, label);
        char *name = dc_asprintf("%s/%s_%s_%s_%02zu.png", label, f->serial, f->form, f->field, i + 1);
        char *path = sub && name ? dc_asprintf("%s/%s", c->dir, name) : NULL;
        l_uint8 *png = NULL;
        size_t len = 0;
        if (!path)
            rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
        if (rc == DC_OK)
            rc = dc_mkdirs(sub);
        if (rc == DC_OK && pixWriteMemPng(&png, &len, cells[i], 0.0) != 0)
            rc = dc_error_set(DC_ERR_NOMEM, "encoding cell %zu of %s", i + 1, f->field);
        if (rc == DC_OK)
            rc = dc_write_file_atomic(path, png, len);
        if (rc == DC_OK && (fprintf(c->tsv, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%zu\t%s\t", name, label, ink[i], f->serial,
                                    f->form, f->field, kind_name(fd->type), i + 1, f->batch_date) < 0 ||
                            tsv_text(c->tsv, f->file) < 0 || fprintf(c->tsv, "\t%d\n", f->page) < 0))
            rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
        if (rc == DC_OK) {
            c->cells++;
            c->per_label[l]++;
        }
        free(png);
        free(path);
        free(name);
        free(sub);
    }
    if (rc == DC_OK)
        c->fields++;
    dc_scan_cells_free(cells, fd->ncells);
    free(ink);
    return rc;
}

/* ---- pending --spot-check ---- */

typedef struct spot_ctx {
    const dc_template_set *ts;
    size_t want, seen, got;
    uint64_t seed;
    dc_pending_field *pick;   /* want slots, the `got` first in use, by rising key */
    uint64_t *key;            /* want slots */
} spot_ctx;

/* A field's place in the period's random order: a hash of the period's seed, serial and field. */
static uint64_t spot_key(uint64_t seed, const dc_stored_field *f)
{
    uint64_t h = seed;
    for (const char *p = f->serial; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    h = (h ^ '/') * 1099511628211ull;
    for (const char *p = f->field; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    return dc_splitmix64(&h);
}

/* The `want` accepted digit fields with a crop that come first in the period's random order (every
 * one has the same chance). The order does not depend on which others are there, so confirming a
 * picked field (it is then no longer "accepted") leaves the other picks as they were and the next
 * field in that order takes its place: reservoir sampling drew a new list after each confirmation. */
static int spot_field(void *user, const dc_stored_field *f)
{
    spot_ctx *c = user;
    const dc_template *t = dc_template_set_find(c->ts, f->form, f->template_version);
    if (!f->crop_png || !f->value || !t || !digit_handwriting(dc_template_field(t, f->field), f->value))
        return 0;
    c->seen++;
    const uint64_t key = spot_key(c->seed, f);
    if (c->got == c->want && (c->want == 0 || key >= c->key[c->want - 1]))
        return 0;
    size_t at = c->got < c->want ? c->got : c->want - 1;   /* the slot to use: a free one, or the last */
    if (c->got == c->want) {
        free(c->pick[at].value);
        free(c->pick[at].crop_png);
    } else {
        c->got++;
    }
    while (at > 0 && c->key[at - 1] > key) {   /* keep the slots in key order */
        c->pick[at] = c->pick[at - 1];
        c->key[at] = c->key[at - 1];
        at--;
    }
    memset(&c->pick[at], 0, sizeof c->pick[at]);
    c->key[at] = key;
    return dc_pending_field_copy(&c->pick[at], f);
}

static int cmp_pick(const void *a, const void *b)
{
    const dc_pending_field *x = a, *y = b;
    int d = strcmp(x->serial, y->serial);
    return d ? d : strcmp(x->field, y->field);
}

int cli_spot_check(dc_archive *a, const char *date_prefix, size_t n, dc_pending_field **picks, size_t *got,
                   size_t *seen)
{
    *picks = NULL;
    *got = *seen = 0;
    dc_template_set *ts = NULL;
    int rc = dc_template_set_load(&ts, NULL);
    if (rc != DC_OK)
        return rc;
    /* the seed is the period: the same list each time it is asked for */
    uint64_t seed = 1469598103934665603ull;
    for (const char *p = date_prefix ? date_prefix : "all"; *p; p++)
        seed = (seed ^ (unsigned char)*p) * 1099511628211ull;
    spot_ctx c = { .ts = ts, .want = n, .seed = seed, .pick = calloc(n ? n : 1, sizeof *c.pick),
                   .key = calloc(n ? n : 1, sizeof *c.key) };
    rc = c.pick && c.key ? dc_archive_each_field(a, "accepted", date_prefix, spot_field, &c)
                         : dc_error_set(DC_ERR_NOMEM, "out of memory");
    dc_template_set_free(ts);
    free(c.key);
    const size_t k = c.got;
    if (rc != DC_OK) {
        dc_pending_free(c.pick, n);
        return rc;
    }
    qsort(c.pick, k, sizeof *c.pick, cmp_pick);
    *picks = c.pick;
    *got = k;
    *seen = c.seen;
    return DC_OK;
}

/* 0 when `dir` does not exist or is an empty folder */
static int check_out_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)   /* a file of that name, or above it: dc_mkdirs names it */
        return errno == ENOENT    ? 0
               : errno == ENOTDIR ? dc_mkdirs(dir)
                                  : dc_error_set(DC_ERR_IO, "%s: %s", dir, strerror(errno));
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n ? dc_error_set(DC_ERR_INVALID_ARG, "%s is not empty: export into a new folder (an older export "
                            "may hold cells of values corrected since)", dir)
             : 0;
}

static void cells_usage(FILE *f)
{
    fprintf(f, "usage: dcaccess cells -o DIR [--date YYYY-MM-DD | --month YYYY-MM] [--archive DB]\n"
               "Writes the comb cells of every digit, date and time field a person has checked with\n"
               "`dcaccess correct` to DIR/<digit or empty>/, with DIR/cells.tsv listing each cell and\n"
               "its field. DIR must be new or empty. --date/--month: only batches of that day/month.\n"
               "The folder is real handwriting of this site for the ICR tools (scan/models/README.md).\n");
}

int cmd_cells(int argc, char **argv)
{
    bool bad = false;
    const char *archive = cli_take_archive(&argc, argv, &bad);
    const char *prefix = NULL, *dir = NULL;
    for (int i = 1; i < argc && !bad; i++) {
        int d = i + 1 < argc ? cli_date_filter(argv[0], argv[i], argv[i + 1], &prefix) : 0;
        if (d) {
            bad = d < 0;
            i++;
        } else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            bad = cli_once("cells", argv[i], &dir, argv[i + 1]);
            i++;
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            cells_usage(stdout);
            return CLI_OK;
        } else {
            cli_usage_arg("cells", argv[i]);
            bad = true;
        }
    }
    if (!bad && (!dir || !*dir))
        cli_usage_why("cells", dir ? "-o wants a folder name, not \"\"" : "-o DIR is needed: the new folder for the cells");
    if (bad || !dir || !*dir) {
        cells_usage(stderr);
        return CLI_USAGE;
    }
    int rc = check_out_dir(dir);
    if (rc == DC_ERR_INVALID_ARG) {   /* -o names a folder with files: a wrong command line, nothing done */
        fprintf(stderr, "dcaccess cells: %s\n", dc_error_detail());
        return CLI_USAGE;
    }
    if (rc != DC_OK)
        return cli_fail(rc, "cells");
    dc_template_set *ts = NULL;
    rc = dc_template_set_load(&ts, NULL);
    if (rc != DC_OK)
        return cli_fail(rc, "cells: loading form templates");
    dc_archive *a = NULL;
    rc = dc_archive_open(&a, archive, DC_ARCHIVE_READONLY);
    if (rc != DC_OK) {
        dc_template_set_free(ts);
        return cli_fail(rc, "cells");
    }
    cells_ctx c = { .ts = ts, .dir = dir };
    c.tsv = open_memstream(&c.tsv_buf, &c.tsv_len);
    rc = c.tsv ? dc_mkdirs(dir) : dc_error_set(DC_ERR_NOMEM, "out of memory");
    if (rc == DC_OK)
        fputs("file\tlabel\tink\tserial\tform\tfield\tkind\tcell\tbatch_date\tsource\tpage\n", c.tsv);
    cli_defer_signals();   /* each cell file is finished and put in place, its temporary never left */
    if (rc == DC_OK)
        rc = dc_archive_each_field(a, "corrected", prefix, one_field, &c);
    if (c.tsv && (fclose(c.tsv) != 0) && rc == DC_OK)
        rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
    char *tsv = rc == DC_OK ? dc_asprintf("%s/cells.tsv", dir) : NULL;
    if (rc == DC_OK)
        rc = tsv ? dc_write_file_atomic(tsv, c.tsv_buf, c.tsv_len) : dc_error_set(DC_ERR_NOMEM, "out of memory");
    cli_restore_signals();
    dc_archive_close(a);
    dc_template_set_free(ts);
    if (rc == DC_OK) {
        printf("exported %zu cell%s of %zu checked digit/date/time field%s to %s\n", c.cells,
               c.cells == 1 ? "" : "s", c.fields, c.fields == 1 ? "" : "s", dir);
        printf("cells by label:");
        for (int l = 0; l < 11; l++)
            printf(" %s:%zu", label_names[l], c.per_label[l]);
        printf("\ncells whose writing runs over their box, not exported (their inside is a cut of it): %zu\n",
               c.crossed);
        printf("checked fields of other kinds (text, ticks, signatures, ID numbers in letters), not exported: %zu\n",
               c.other_kinds);
        printf("skipped: %zu field%s%s\n", c.skipped, c.skipped == 1 ? "" : "s", c.skipped ? ":" : "");
        for (size_t i = 0; i < c.skipped; i++)
            printf("  %s\n", c.skip_lines[i]);
        printf("manifest: %s\n", tsv);
        if (!c.fields)
            fprintf(stderr, "dcaccess cells: no checked digit fields yet: they come from `dcaccess correct`\n");
    }
    for (size_t i = 0; i < c.skipped; i++)
        free(c.skip_lines[i]);
    free(c.skip_lines);
    free(c.tsv_buf);
    free(tsv);
    if (rc != DC_OK) {
        cli_fail(rc, "cells");
        fprintf(stderr, "dcaccess cells: the export in %s is incomplete (it has no cells.tsv); nothing in the "
                        "archive changed. Fix the cause and export into a new folder.\n", dir);
        return CLI_FAIL;
    }
    return CLI_OK;
}
