/* dc_testutil: helpers shared by the Check suites. */
#include "dc_testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *dc_test_tmpdir(const char *tag)
{
    const char *base = getenv("TMPDIR");
    char tmpl[512];
    snprintf(tmpl, sizeof tmpl, "%s/dctest-%s-XXXXXX", base && *base ? base : "/tmp", tag);
    char *d = mkdtemp(tmpl);
    return d ? strdup(d) : NULL;
}

void dc_test_rmtree(const char *dir)
{
    if (!dir || strncmp(dir, "/tmp", 4) != 0)
        return;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

char *dc_test_src(const char *rel)
{
    size_t n = strlen(DC_SOURCE_DIR) + strlen(rel) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", DC_SOURCE_DIR, rel);
    return p;
}

char *dc_test_write(const char *dir, const char *name, const char *text)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (!p)
        return NULL;
    snprintf(p, n, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    if (!f) {
        free(p);
        return NULL;
    }
    fputs(text, f);
    fclose(f);
    return p;
}
