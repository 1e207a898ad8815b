/* report-speed: time to write the monthly XLSX and PDF of a busy month (31 days, 1,500 visits).
 *
 *   report-speed [--visits N] [--dir DIR]       build the archive in DIR (default a new /tmp dir),
 *                                               time the monthly report, print seconds and VmHWM
 *   report-speed --archive-only PATH [--visits N]   only build an archive at PATH (for e2e tests)
 *
 * Visits are spread over October 2026 with a fixed pseudo-random sequence, so every run builds the
 * same archive: a mix of purposes, institutions, durations (some over the hour), refusals, missing
 * escorts and fields in review. */
#include <leptonica/allheaders.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dc_archive.h"
#include "dc_error.h"
#include "dc_page.h"
#include "dc_report.h"
#include "dc_report_load.h"
#include "dc_report_pdf.h"
#include "dc_report_xlsx.h"
#include "dc_rules.h"
#include "dc_util.h"

static unsigned long long rng_state = 0x2545F4914F6CDD1DULL;
static unsigned rnd(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

static const char *names[] = {"BUDI SANTOSO", "SITI AMINAH", "ANDI WIJAYA", "DEWI LESTARI", "RUDI HARTONO",
                              "EKO PRASETYO", "NUR HALIZA", "AGUS SALIM", "RINA MARLINA", "HENDRA GUNAWAN"};
static const char *insts[] = {"DISKOMINFO PONTIANAK", "PT TELKOM INDONESIA", "BAPPEDA KOTA PONTIANAK",
                              "CV MAJU JAYA", "PT ICON PLUS", "DINAS KESEHATAN", "BPKAD KOTA PONTIANAK",
                              "PT BIZNET", "DISDUKCAPIL", "UNIVERSITAS TANJUNGPURA", "PT LINTASARTA", "RSUD SOEDARSO"};
static const char *purposes[] = {"maintenance", "hosting", "management", "other"};

static int fail(int rc, const char *what)
{
    fprintf(stderr, "report-speed: %s: %s: %s\n", what, dc_strerror(rc), dc_error_detail());
    return 1;
}

static void set(dc_page_result *r, const char *id, const char *value, bool review)
{
    dc_field_value *f = &r->fields[r->nfields++];
    f->id = dc_strdup(id);
    f->value = value ? dc_strdup(value) : NULL;
    f->confidence = review ? 0.4 : value ? 0.96 : 1.0;
    f->state = review ? DC_STATE_REVIEW : value ? DC_STATE_ACCEPTED : DC_STATE_EMPTY;
}

static int build(const char *db, const char *dir, int nvisits)
{
    dc_archive *a = NULL;
    int rc = dc_archive_open(&a, db, DC_ARCHIVE_CREATE);
    if (rc)
        return fail(rc, db);
    dc_rules rules;
    dc_rules_default(&rules);
    PIX *pix = pixCreate(100, 141, 8);
    pixSetAllArbitrary(pix, 235);
    unsigned char *thumb = NULL;
    size_t thumb_len = 0;
    pixWriteMemPng(&thumb, &thumb_len, pix, 0.0);
    pixDestroy(&pix);
    int serial = 1;
    for (int day = 1; day <= 31 && !rc; day++) {
        char date[24];
        snprintf(date, sizeof date, "2026-10-%02d", day);
        int64_t batch = 0;
        rc = dc_archive_batch_begin(a, date, &batch);
        if (rc)
            break;
        int today = nvisits / 31 + (day <= nvisits % 31 ? 1 : 0);
        for (int k = 0; k < today && !rc; k++, serial++) {
            char file[512], content[64], sn[16], nik[40], phone[40], arr[32], ent[32], ext[32], badge[16];
            snprintf(sn, sizeof sn, "%06d", serial);
            snprintf(file, sizeof file, "%s/scan-%s.tif", dir, sn);
            snprintf(content, sizeof content, "scan %s", sn);
            rc = dc_write_file_atomic(file, content, strlen(content));
            if (rc)
                break;
            dc_page_result r = {0};
            r.file = dc_strdup(file);
            r.page = 1;
            dc_sha256_hex(content, strlen(content), r.file_sha256);
            dc_sha256_hex(sn, strlen(sn), r.image_sha256);
            r.status = DC_PAGE_FORM;
            snprintf(r.form, sizeof r.form, "access");
            r.template_version = 1;
            snprintf(r.serial, sizeof r.serial, "%s", sn);
            r.sheet_page = 1;
            r.dpi = 300;
            r.fields = calloc(24, sizeof *r.fields);
            unsigned who = rnd(400);
            snprintf(nik, sizeof nik, "6171%02u%02u%02u%02u%04u", 1 + who % 9, 1 + who % 28, 1 + who % 12,
                     70 + who % 30, who);
            snprintf(phone, sizeof phone, "0812%08u", who * 7919);
            int entry = 8 * 60 + (int)rnd(8 * 60), dur = 10 + (int)rnd(80);
            bool refused = rnd(20) == 0, no_escort = rnd(25) == 0, review = rnd(15) == 0;
            snprintf(arr, sizeof arr, "%02d:%02d", (entry - 5) / 60, (entry - 5) % 60);
            snprintf(ent, sizeof ent, "%02d:%02d", entry / 60, entry % 60);
            snprintf(ext, sizeof ext, "%02d:%02d", (entry + dur) / 60, (entry + dur) % 60);
            snprintf(badge, sizeof badge, "%u", 1 + rnd(50));
            const char *purpose = purposes[rnd(4)];
            set(&r, "visit_date", date, false);
            set(&r, "arrival_time", arr, false);
            set(&r, "visitor_name", names[who % 10], false);
            set(&r, "institution", insts[rnd(12)], review);
            set(&r, "id_type", "ktp", false);
            set(&r, "id_number", nik, false);
            set(&r, "phone", phone, false);
            set(&r, "purpose", purpose, false);
            set(&r, "purpose_detail", strcmp(purpose, "other") == 0 ? "SURVEI" : NULL, false);
            set(&r, "brings_devices", "no", false);
            set(&r, "decision", refused ? "refused" : "granted", false);
            set(&r, "badge_number", refused ? NULL : badge, false);
            set(&r, "operator_name", "HENDRA", false);
            set(&r, "escort_name", refused || no_escort ? NULL : "RINA", false);
            set(&r, "entry_time", refused ? NULL : ent, false);
            set(&r, "exit_time", refused ? NULL : ext, false);
            set(&r, "badge_returned", refused ? NULL : "true", false);
            set(&r, "id_returned", refused ? NULL : "true", false);
            set(&r, "visitor_signature", "true", false);
            set(&r, "operator_signature", "true", false);
            r.thumb_png = malloc(thumb_len);
            memcpy(r.thumb_png, thumb, thumb_len);
            r.thumb_png_len = thumb_len;
            bool stored = false;
            rc = dc_archive_add_page(a, batch, &r, &stored, NULL);
            dc_page_result_clear(&r);
        }
        if (!rc)
            rc = dc_archive_batch_end(a, batch, "finished");
    }
    free(thumb);
    if (!rc)
        rc = dc_archive_sync_records(a, &rules, NULL);
    dc_archive_close(a);
    return rc ? fail(rc, "building the archive") : 0;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static long vm_hwm_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0)
            kb = atol(line + 6);
    if (f)
        fclose(f);
    return kb;
}

int main(int argc, char **argv)
{
    int nvisits = 1500;
    const char *dir = NULL, *archive_only = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--visits") == 0 && i + 1 < argc)
            nvisits = atoi(argv[++i]);
        else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
            dir = argv[++i];
        else if (strcmp(argv[i], "--archive-only") == 0 && i + 1 < argc)
            archive_only = argv[++i];
        else {
            fprintf(stderr, "usage: report-speed [--visits N] [--dir DIR] | --archive-only PATH [--visits N]\n");
            return 2;
        }
    }
    if (archive_only) {
        char *d = dc_strdup(archive_only);
        char *slash = strrchr(d, '/');
        if (slash)
            *slash = 0;
        int rc = build(archive_only, slash ? d : ".", nvisits);
        free(d);
        return rc;
    }
    char tmpl[] = "/tmp/report-speed-XXXXXX";
    if (!dir && !(dir = mkdtemp(tmpl))) {
        perror("mkdtemp");
        return 1;
    }
    char *db = dc_asprintf("%s/dcaccess.db", dir);
    char *xlsx = dc_asprintf("%s/bulanan-2026-10.xlsx", dir), *pdf = dc_asprintf("%s/bulanan-2026-10.pdf", dir);
    double t0 = now_s();
    bool reuse = access(db, F_OK) == 0;
    if (!reuse && build(db, dir, nvisits))
        return 1;
    double t1 = now_s();
    if (reuse)
        printf("archive: %s (reused)\n", db);
    else
        printf("archive: %s (%d visits, built in %.2f s through the parse API)\n", db, nvisits, t1 - t0);
    long hwm_before = vm_hwm_kb();
    /* Reset the peak so VmHWM below is the report's own (Linux >= 4.0). */
    FILE *cr = fopen("/proc/self/clear_refs", "w");
    if (cr) {
        fputs("5", cr);
        fclose(cr);
    }

    dc_archive *a = NULL;
    int rc = dc_archive_open(&a, db, DC_ARCHIVE_READONLY);
    if (rc)
        return fail(rc, db);
    double l0 = now_s();
    dc_report_monthly *m = NULL;
    rc = dc_report_monthly_load(&m, dc_archive_db(a), db, "2026-10", NULL);
    if (rc)
        return fail(rc, "load");
    double l1 = now_s();
    rc = dc_report_monthly_xlsx(m, DC_LANG_ID, xlsx);
    if (rc)
        return fail(rc, xlsx);
    double l2 = now_s();
    rc = dc_report_monthly_pdf(m, DC_LANG_ID, pdf);
    if (rc)
        return fail(rc, pdf);
    double l3 = now_s();
    struct stat sx, sp;
    stat(xlsx, &sx);
    stat(pdf, &sp);
    printf("monthly 2026-10: %ld visits, %ld over limit, compliance %.1f%%\n", m->visits, m->over_limit,
           100.0 * m->compliance_rate);
    printf("load %.3f s, xlsx %.3f s (%lld bytes), pdf %.3f s (%lld bytes), total %.3f s (target < 5 s)\n",
           l1 - l0, l2 - l1, (long long)sx.st_size, l3 - l2, (long long)sp.st_size, l3 - l0);
    printf("peak memory (VmHWM) during the report: %ld kB (process peak before, incl. archive build: %ld kB)\n",
           vm_hwm_kb(), hwm_before);
    dc_report_monthly_free(m);
    dc_archive_close(a);
    free(db);
    free(xlsx);
    free(pdf);
    return 0;
}
