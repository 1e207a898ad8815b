/* archive-bench: times dc_archive ingest (one transaction per page), record sync and verify on N
 * synthetic form sets (access + checklist page each), in a fresh archive. */
#include "dc_archive.h"
#include "dc_error.h"
#include "dc_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void page(dc_page_result *p, const char *file, const char *sha, int n, const char *form, const char *serial)
{
    static const char *acc[][2] = {
        {"visit_date", "2026-11-02"}, {"visitor_name", "BUDI SANTOSO"}, {"institution", "PT MAJU"},
        {"id_type", "ktp"}, {"id_number", "6171012503900001"}, {"phone", "081234567890"},
        {"purpose", "maintenance"}, {"purpose_detail", NULL}, {"brings_devices", "yes"}, {"arrival_time", "09:30"},
        {"visitor_signature", "true"}, {"decision", "granted"}, {"operator_name", "ANDI"}, {"entry_time", "09:45"},
        {"badge_number", "007"}, {"escort_name", "RUDI"}, {"exit_time", "11:30"}, {"badge_returned", "true"},
        {"id_returned", "true"}, {"operator_signature", "true"},
    };
    memset(p, 0, sizeof *p);
    p->file = dc_strdup(file);
    p->page = n;
    snprintf(p->file_sha256, sizeof p->file_sha256, "%s", sha);
    char img[64];
    snprintf(img, sizeof img, "image %d", n);
    dc_sha256_hex(img, strlen(img), p->image_sha256);
    p->status = DC_PAGE_FORM;
    snprintf(p->form, sizeof p->form, "%s", form);
    p->template_version = 1;
    snprintf(p->serial, sizeof p->serial, "%s", serial);
    p->sheet_page = strcmp(form, "access") == 0 ? 1 : 2;
    size_t nf = strcmp(form, "access") == 0 ? 20 : 8 * 6 + 2;
    p->fields = calloc(nf, sizeof *p->fields);
    p->nfields = nf;
    static unsigned char crop[2048];
    for (size_t i = 0; i < nf; i++) {
        dc_field_value *f = &p->fields[i];
        char id[48];
        const char *v;
        if (strcmp(form, "access") == 0) {
            snprintf(id, sizeof id, "%s", acc[i][0]);
            v = acc[i][1];
        } else if (i < 48) {
            static const char *parts[] = {"name", "model", "serial", "in", "out", "remarks"};
            snprintf(id, sizeof id, "device_%zu_%s", i / 6 + 1, parts[i % 6]);
            v = i / 6 == 0 ? (i % 6 == 3 || i % 6 == 4 ? "true" : i % 6 == 2 ? "SN-1234" : "LAPTOP") : NULL;
        } else {
            snprintf(id, sizeof id, "%s", i == 48 ? "visitor_signature" : "operator_signature");
            v = "true";
        }
        f->id = dc_strdup(id);
        f->value = dc_strdup(v);
        f->state = v ? DC_STATE_ACCEPTED : DC_STATE_EMPTY;
        f->confidence = 0.97;
        f->crop_png = malloc(sizeof crop); /* a crop of typical size */
        memcpy(f->crop_png, crop, sizeof crop);
        f->crop_png_len = sizeof crop;
    }
}

int main(int argc, char **argv)
{
    char *end = NULL;
    const long sets_arg = argc > 1 ? strtol(argv[1], &end, 10) : 1000;
    if (argc > 2 || (end && *end) || sets_arg < 1 || sets_arg > 500000) {
        fprintf(stderr, "usage: archive-bench [SETS]   (1-500000 form sets, default 1000; KEEP=1 keeps the archive)\n");
        return 2;
    }
    const int sets = (int)sets_arg;
    char dir[] = "/tmp/archive-bench-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char *db = dc_asprintf("%s/bench.db", dir), *file = dc_asprintf("%s/batch.tif", dir);
    FILE *f = fopen(file, "w");
    fputs("source", f);
    fclose(f);
    char sha[65];
    dc_sha256_file_hex(file, sha);
    dc_archive *a = NULL;
    dc_rules rules;
    dc_rules_default(&rules);
    int rc = dc_archive_open(&a, db, DC_ARCHIVE_CREATE);
    int64_t batch = 0;
    if (rc == DC_OK)
        rc = dc_archive_batch_begin(a, "2026-11-02", &batch);
    double t0 = now();
    for (int i = 0; i < sets && rc == DC_OK; i++) {
        char serial[16];
        snprintf(serial, sizeof serial, "%06d", i + 1);
        for (int k = 0; k < 2 && rc == DC_OK; k++) {
            dc_page_result p;
            page(&p, file, sha, 2 * i + k + 1, k ? "checklist" : "access", serial);
            bool stored;
            rc = dc_archive_add_page(a, batch, &p, &stored, NULL);
            dc_page_result_clear(&p);
        }
    }
    double t1 = now();
    dc_archive_sync_stats ss;
    if (rc == DC_OK)
        rc = dc_archive_sync_records(a, &rules, &ss);
    double t2 = now();
    dc_archive_problems pr;
    memset(&pr, 0, sizeof pr);
    if (rc == DC_OK)
        rc = dc_archive_verify(&pr, a);
    double t3 = now();
    /* SQLite's quick check, which records, pending, scan, correct and backup run first */
    if (rc == DC_OK)
        rc = dc_archive_check_intact(a);
    double t4 = now();
    if (rc != DC_OK) {
        fprintf(stderr, "archive-bench: %s: %s\n", dc_strerror(rc), dc_error_detail());
        return 1;
    }
    printf("archive-bench: %d sets (%d pages): ingest %.2f s (%.1f ms/page, one transaction each), "
           "record sync %.2f s (%.2f ms/record), verify %.2f s (%zu problems), quick check %.3f s (%.2fx verify), "
           "archive %s\n",
           sets, 2 * sets, t1 - t0, (t1 - t0) * 1000 / (2 * sets), t2 - t1, (t2 - t1) * 1000 / sets, t3 - t2, pr.n,
           t4 - t3, t3 > t2 ? (t4 - t3) / (t3 - t2) : 0.0, db);
    dc_archive_problems_clear(&pr);
    dc_archive_close(a);
    char *cmd = getenv("KEEP") ? dc_asprintf("echo kept %s", dir)
                               : dc_asprintf("du -ch %s/bench.db* | tail -1; rm -rf %s", dir, dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cleanup failed\n");
    free(cmd);
    free(db);
    free(file);
    return 0;
}
