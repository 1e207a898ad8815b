/* dcaccess-samplegen: command line of the sample corpus generator (see samples/README.md). */
#include "samplegen.h"

#include "dc_error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f,
            "usage: dcaccess-samplegen [--seed N] [--sets K] [--date YYYY-MM-DD] [--days D]\n"
            "                          [--damage clean|mixed|CONDITION] [--hand-ratio R] [--mistake-rate R]\n"
            "                          [--first-serial S] [--extras|--no-extras] [--no-images] [--visitors N [--variants R]]\n"
            "                          [--all-mistakes] -o DIR\n"
            "  --visitors N: every visitor is one of N people, who come back on later days and within a day\n"
            "  --variants R: with --visitors, a share R of their forms has the name in another spelling\n"
            "  --all-mistakes: mistakes also of three more kinds: an access page lost (the set is its\n"
            "    checklist alone), two boxes of a choice ticked, devices listed but \"no devices\" ticked\n"
            "conditions:");
    for (size_t i = 0; sg_condition_name(i); i++)
        fprintf(f, " %s", sg_condition_name(i));
    fprintf(f, "\n");
}

static bool parse_double(const char *s, double lo, double hi, double *out)
{
    char *end = NULL;
    double v = strtod(s, &end);
    if (!s[0] || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static bool parse_long(const char *s, long lo, long hi, long *out)
{
    char *end = NULL;
    long v = strtol(s, &end, 10);
    if (!s[0] || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

int main(int argc, char **argv)
{
    sg_options opt = SG_OPTIONS_INIT;
    bool extras_set = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        long l;
        bool ok = true;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--no-images") == 0) {
            opt.no_images = true;
            continue;
        } else if (strcmp(a, "--all-mistakes") == 0) {
            opt.all_mistakes = true;
            continue;
        } else if (strcmp(a, "--extras") == 0 || strcmp(a, "--no-extras") == 0) {
            opt.extras = strcmp(a, "--extras") == 0;
            extras_set = true;
            continue;
        } else if (!v) {
            ok = false;
        } else if (strcmp(a, "--seed") == 0) {
            char *end = NULL;
            opt.seed = strtoull(v, &end, 10);
            ok = *v && !*end;
        } else if (strcmp(a, "--sets") == 0) {
            ok = parse_long(v, 0, 100000, &l);
            opt.sets = (int)l;
        } else if (strcmp(a, "--days") == 0) {
            ok = parse_long(v, 1, 366, &l);
            opt.days = (int)l;
        } else if (strcmp(a, "--visitors") == 0) {
            ok = parse_long(v, 1, 100000, &l);
            opt.visitors = (int)l;
        } else if (strcmp(a, "--variants") == 0) {
            ok = parse_double(v, 0, 1, &opt.variants);
        } else if (strcmp(a, "--first-serial") == 0) {
            ok = parse_long(v, 1, 999999, &l);
            opt.first_serial = l;
        } else if (strcmp(a, "--date") == 0) {
            ok = strlen(v) == 10;
            snprintf(opt.date, sizeof opt.date, "%s", v);
        } else if (strcmp(a, "--damage") == 0) {
            opt.damage = v;
        } else if (strcmp(a, "--hand-ratio") == 0) {
            ok = parse_double(v, 0, 1, &opt.hand_ratio);
        } else if (strcmp(a, "--mistake-rate") == 0) {
            ok = parse_double(v, 0, 1, &opt.mistake_rate);
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            opt.outdir = v;
        } else {
            fprintf(stderr, "dcaccess-samplegen: unknown option %s\n", a);
            usage(stderr);
            return 2;
        }
        if (!ok) {
            fprintf(stderr, "dcaccess-samplegen: bad or missing value for %s\n", a);
            return 2;
        }
        i++;
    }
    if (!opt.outdir) {
        usage(stderr);
        return 2;
    }
    if (!extras_set)
        opt.extras = strcmp(opt.damage, "mixed") == 0;
    int rc = sg_generate(&opt);
    if (rc) {
        fprintf(stderr, "dcaccess-samplegen: %s: %s\n", dc_strerror(rc), dc_error_detail());
        return 1;
    }
    return 0;
}
