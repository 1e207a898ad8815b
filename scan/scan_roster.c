/* scan_roster: the site's staff roster, a lexicon for the fields only staff names go into; and the
 * same match as a suggestion for a person reviewing a field (dc_scan_suggest). */
#include "scan_internal.h"

#include "dc_error.h"
#include "dc_util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct scan_roster {
    char **names; /* upper case, single spaces */
    size_t n;
};

void scan_roster_free(scan_roster *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        free(r->names[i]);
    free(r->names);
    free(r);
}

size_t scan_roster_count(const scan_roster *r)
{
    return r ? r->n : 0;
}

/* Upper-cases and collapses blanks in place; returns the new length. */
static size_t normalise(char *s)
{
    return scan_squeeze_blanks(s, true, true);
}

int scan_roster_load(scan_roster **out, const char *path)
{
    *out = NULL;
    unsigned char *bytes = NULL;
    size_t len = 0;
    int rc = dc_read_file(path, &bytes, &len);
    if (rc)
        return dc_error_wrap(rc, "staff roster ");
    char *text = (char *)bytes;
    /* a file that is plainly not text (a PNG given by mistake) is said to be one: its first line was
     * quoted as a name, binary bytes and all */
    const char *fault = NULL;
    const long bad = dc_text_check(text, 1, &fault);   /* up to the first NUL byte */
    const unsigned char *nul = memchr(bytes, 0, len);
    const bool at_nul = nul && (bad < 0 || nul - bytes < bad);
    const long at = at_nul ? (long)(nul - bytes) : bad;
    if (at >= 0) {
        int line = 1;
        for (long i = 0; i < at; i++)
            line += text[i] == '\n';
        rc = dc_error_set(DC_ERR_VALUE, "staff roster %s is not a text file (line %d: %s)", path, line,
                          at_nul ? "a NUL byte" : fault);
        free(text);
        return rc;
    }
    scan_roster *r = calloc(1, sizeof *r);
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    if (r)
        r->names = calloc(lines, sizeof *r->names);
    if (!r || !r->names) {
        rc = dc_error_set(DC_ERR_NOMEM, "staff roster %s", path);
        goto fail;
    }
    int lineno = 0;
    for (char *line = text; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        if (normalise(line) > 0) {
            for (const char *p = line; *p; p++)
                if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ .,'-", *p)) {
                    rc = dc_error_set(DC_ERR_VALUE, "staff roster %s line %d: \"%s\" is not a name in block capitals",
                                      path, lineno, line);
                    goto fail;
                }
            r->names[r->n] = dc_strdup(line);
            if (!r->names[r->n]) {
                rc = dc_error_set(DC_ERR_NOMEM, "staff roster %s", path);
                goto fail;
            }
            r->n++;
        }
        line = nl ? nl + 1 : NULL;
    }
    if (r->n == 0) {
        rc = dc_error_set(DC_ERR_VALUE, "staff roster %s: no names", path);
        goto fail;
    }
    free(text);
    *out = r;
    return 0;
fail:
    free(text);
    scan_roster_free(r);
    return rc;
}

static void despace(char *out, const char *in)
{
    for (; *in; in++)
        if (*in != ' ')
            *out++ = *in;
    *out = '\0';
}

/* Keeps the nearest value seen so far (*best at distance *bd) and the distance of the runner-up
 * (*second), given value v at distance d. */
static void keep_nearest(const char *v, int d, const char **best, int *bd, int *second)
{
    if (d < *bd) {
        *second = *bd;
        *bd = d;
        *best = v;
    } else if (d < *second) {
        *second = d;
    }
}

/* scan_roster_match over any list of names (upper case, single spaces). */
static const char *match_names(const char *const *names, size_t n, const char *reading, double *dist)
{
    *dist = -1;
    if (!names || !reading || !*reading)
        return NULL;
    size_t known = 0, unknown = 0;
    for (const char *p = reading; *p; p++) {
        known += *p != ' ' && *p != '?';
        unknown += *p == '?';
    }
    /* word gaps are compared away: a second reading has none, and a gap is no letter */
    char *bare = malloc(strlen(reading) + 1), *bname = NULL;
    if (!bare)
        return NULL;
    despace(bare, reading);
    int best = 1 << 20, second = 1 << 20;
    const char *name = NULL;
    for (size_t i = 0; i < n; i++) {
        free(bname);
        bname = malloc(strlen(names[i]) + 1);
        if (!bname)
            break;
        despace(bname, names[i]);
        keep_nearest(names[i], dc_edit_half(bare, bname), &name, &best, &second);
    }
    free(bare);
    free(bname);
    if (!name)
        return NULL;
    *dist = best / 2.0;
    size_t letters = 0;
    for (const char *p = name; *p; p++)
        letters += *p != ' ';
    /* most letters must have been read; a small share of the name may differ, and no other name
     * may come near */
    if (known < 2 * unknown || known < 3)
        return NULL;
    if (best > 2 * SCAN_ROSTER_MAX_EDIT_SHARE * (double)letters || second - best < 2 * SCAN_ROSTER_MIN_MARGIN)
        return NULL;
    return name;
}

const char *scan_roster_match(const scan_roster *r, const char *reading, double *dist)
{
    *dist = -1;
    return r ? match_names((const char *const *)r->names, r->n, reading, dist) : NULL;
}

/* How many digits of `reading` differ from `value` or are unread ('?'); numbers of different
 * lengths are as far apart as can be. */
static int digits_apart(const char *reading, const char *value)
{
    if (strlen(reading) != strlen(value))
        return 1 << 20;
    int d = 0;
    for (size_t i = 0; reading[i]; i++)
        d += reading[i] != value[i];
    return d;
}

const char *dc_scan_suggest(const char *reading, const char *const *values, size_t n, bool digits)
{
    if (!reading || !*reading || !values)
        return NULL;
    if (!digits) {
        double dist;
        return match_names(values, n, reading, &dist);
    }
    const char *best = NULL;
    int bd = 1 << 20, second = 1 << 20;
    for (size_t i = 0; i < n; i++)
        keep_nearest(values[i], values[i] ? digits_apart(reading, values[i]) : 1 << 20, &best, &bd, &second);
    return bd <= 1 && second >= bd + 3 ? best : NULL;
}

size_t dc_scan_letters(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += *s != ' ';
    return n;
}

bool dc_scan_same_visitor(const char *reading, const char *checked)
{
    if (!reading || !checked || strlen(reading) < DC_SCAN_KNOWN_TEXT_MIN || strlen(checked) < DC_SCAN_KNOWN_TEXT_MIN)
        return false;
    /* one letter per box: another number of letters was written otherwise, not misread */
    if (dc_scan_letters(reading) != dc_scan_letters(checked))
        return false;
    return dc_scan_suggest(reading, &checked, 1, false) == checked;
}
