/* icr-accuracy: measures the comb-cell digit recognizer on real handwriting: mnist-dev placed in
 * cells, or (--cells DIR) the site's own checked cells exported by `dcaccess cells`. */
#include "dc_icr.h"
#include "dc_error.h"
#include "dc_scan.h"
#include "dc_util.h"
#include "icr_realcells.h"

#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef DC_SOURCE_DIR
#define DC_SOURCE_DIR "."
#endif

/* the cells are the same on every run: one RNG state, reseeded per part of the report */
static uint64_t rng_state = 12345;

/* ---- Tesseract baseline ---- */

static int tess_digit(TessBaseAPI *api, PIX *cell, int dpi)
{
    PIX *g = pixGetDepth(cell) == 1 ? pixConvert1To8(NULL, cell, 255, 0) : pixClone(cell);
    PIX *b = pixAddBorder(g, 15, 255);
    TessBaseAPISetImage2(api, b);
    TessBaseAPISetSourceResolution(api, dpi);
    char *txt = TessBaseAPIGetUTF8Text(api);
    int d = -1;
    for (char *p = txt; p && *p; p++)
        if (*p >= '0' && *p <= '9') {
            d = *p - '0';
            break;
        }
    TessDeleteText(txt);
    pixDestroy(&b);
    pixDestroy(&g);
    return d;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* --cells DIR: the figures on the site's checked cells, cell by cell and field by field as the
 * scan decides them (dc_icr_read_field: the same classify, date/time decoding and decision). */
static int site_eval(const dc_icr *m, const char *model, const char *dir)
{
    icr_site_cells sc;
    char err[512];
    if (icr_site_cells_load(dir, &sc, err, sizeof err) != 0) {
        fprintf(stderr, "icr-accuracy: %s\n", err);
        return 1;
    }
    const float thr = dc_icr_threshold(m);
    int n_digit = 0, n_empty = 0;
    for (int i = 0; i < sc.n; i++)
        sc.label[i] == 10 ? n_empty++ : n_digit++;
    printf("model %s, threshold %.4f\n", model, thr);
    printf("data: %s: %d checked cells (%d digits, %d empty) of %d fields\n", dir, sc.n, n_digit, n_empty,
           sc.n_fields);
    int ok = 0, accepted = 0, acc_wrong = 0, called_empty = 0, unreadable = 0, empty_ok = 0;
    int per_ok[10] = { 0 }, per_n[10] = { 0 };
    double cpu = 0;
    dc_icr_result *res = malloc(sizeof *res * (size_t)(sc.n ? sc.n : 1));
    if (!res)
        return 1;
    for (int i = 0; i < sc.n; i++) {
        double t0 = now();
        int rc = dc_icr_classify(m, sc.cell[i], &res[i]);
        cpu += now() - t0;
        if (rc != 0) {
            fprintf(stderr, "icr-accuracy: cell %d of %s: %s\n", i + 1, dir, dc_error_detail());
            return 1;
        }
        const dc_icr_result r = res[i];
        const int y = sc.label[i];
        if (y == 10) {
            empty_ok += r.digit == -1;
            continue;
        }
        per_n[y]++;
        per_ok[y] += r.digit == y;
        ok += r.digit == y;
        called_empty += r.digit == -1;
        unreadable += r.digit < -1;
        if (r.digit >= 0 && r.confidence >= thr) {
            accepted++;
            acc_wrong += r.digit != y;
        }
    }
    const double dn = n_digit ? n_digit : 1;
    printf("top-1 accuracy on digit cells: %.2f%% (%d/%d)\nper digit:", 100.0 * ok / dn, ok, n_digit);
    for (int d = 0; d < 10; d++)
        printf(" %d:%d/%d", d, per_ok[d], per_n[d]);
    printf("\nat threshold %.4f: accepted %.2f%% (%d), accepted-but-wrong %.2f%% (%d) of all digit cells\n", thr,
           100.0 * accepted / dn, accepted, 100.0 * acc_wrong / dn, acc_wrong);
    printf("digits called empty: %d; read as unreadable ink: %d\n", called_empty, unreadable);
    printf("empty cells recognised as empty: %d/%d\n", empty_ok, n_empty);

    /* fields: dc_icr_read_field on each field's cells */
    int f_acc_right = 0, f_acc_wrong = 0, f_review = 0, f_review_right = 0;
    for (int i = 0; i < sc.n;) {
        int j = i;
        while (j < sc.n && sc.field[j] == sc.field[i])
            j++;
        const int nc = j - i;
        /* the truth as dc_icr_decide spells a value: the cells from the first to the last digit */
        char truth[DC_ICR_MAX_CELLS + 1];
        int k = 0, first = -1, last = -1;
        for (int c = 0; c < nc; c++)
            if (sc.label[i + c] != 10) {
                first = first < 0 ? c : first;
                last = c;
            }
        for (int c = first; first >= 0 && c <= last; c++)
            truth[k++] = sc.label[i + c] == 10 ? '?' : (char)('0' + sc.label[i + c]);
        truth[k] = '\0';
        dc_icr_field f;
        if (nc > DC_ICR_MAX_CELLS ||
            dc_icr_read_field(m, sc.cell + i, nc, sc.kind[i], NULL, NULL, &f, NULL) != 0) {
            fprintf(stderr, "icr-accuracy: field %d of %s: %s\n", sc.field[i] + 1, dir,
                    nc > DC_ICR_MAX_CELLS ? "too many cells" : dc_error_detail());
            return 1;
        }
        const int right = strcmp(f.value, truth) == 0;
        if (f.decision == DC_ICR_REVIEW) {
            f_review++;
            f_review_right += right;
        } else {
            f_acc_right += right;
            f_acc_wrong += !right;
        }
        i = j;
    }
    const double fn = sc.n_fields ? sc.n_fields : 1;
    printf("fields: %d; accepted and right %.2f%% (%d), review %.2f%% (%d, best reading right in %d), "
           "accepted-but-wrong %.2f%% (%d)\n",
           sc.n_fields, 100.0 * f_acc_right / fn, f_acc_right, 100.0 * f_review / fn, f_review, f_review_right,
           100.0 * f_acc_wrong / fn, f_acc_wrong);
    printf("speed: %.0f cells/s on one core (%d cells, %.2f s CPU in dc_icr_classify)\n",
           cpu > 0 ? sc.n / cpu : 0.0, sc.n, cpu);
    free(res);
    icr_site_cells_free(&sc);
    return 0;
}

/* The set's digits by class, for fields made of them: digit d's images are by_label[d][0..n_by[d]). */
typedef struct digit_pool {
    const unsigned char *img;
    int by_label[10][256], n_by[10];
} digit_pool;

/* A field written as the digit string `written`, each cell a random digit of its class from the
 * pool drawn as cell kind v, read as `kind` by dc_icr_read_field: *f, and each cell's reading in
 * r (may be NULL). Non-zero, with the message printed, when the recognizer fails. */
static int read_written(const dc_icr *m, const digit_pool *p, const char *written, dc_icr_kind kind,
                        icr_cell_variant v, dc_icr_field *f, dc_icr_result *r)
{
    const int len = (int)strlen(written);
    PIX *cells[DC_ICR_MAX_CELLS] = { NULL };
    if (len < 1 || len > DC_ICR_MAX_CELLS) {
        fprintf(stderr, "icr-accuracy: a made-up field of %d digits\n", len);
        return 1;
    }
    for (int c = 0; c < len; c++) {
        int d = written[c] - '0';
        int idx = p->by_label[d][(int)(icr_rc_urand(&rng_state) * p->n_by[d])];
        cells[c] = icr_real_cell(&rng_state, p->img + (size_t)idx * 784, v);
    }
    int rc = dc_icr_read_field(m, cells, len, kind, NULL, NULL, f, r);
    for (int c = 0; c < len; c++)
        pixDestroy(&cells[c]);
    if (rc != 0)
        fprintf(stderr, "icr-accuracy: %s\n", dc_error_detail());
    return rc;
}

int main(int argc, char **argv)
{
    const char *data = DC_SOURCE_DIR "/../shared/data/mnist-dev";
    const char *model = DC_SOURCE_DIR "/" DC_ICR_DEFAULT_MODEL;
    int tess_n = 300;
    const char *dump = NULL;   /* --dump-errors out.png: a sheet of the misread cells */
    const char *site = NULL;   /* --cells DIR: the site's checked cells instead of mnist-dev */
    double fade = 0;           /* --fade F: faint writing, the pen's darkness scaled by F */
    int margins = 0;           /* --margins: what each lower confidence would let through */
    int n_dates = 0;           /* --dates N: visit dates decided with and without the batch date */
    int n_numbers = 0;         /* --numbers N: ID and phone numbers decided with and without the known ones */
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--model") && i + 1 < argc)
            model = argv[++i];
        else if (!strcmp(argv[i], "--dump-errors") && i + 1 < argc)
            dump = argv[++i];
        else if (!strcmp(argv[i], "--cells") && i + 1 < argc)
            site = argv[++i];
        else if (!strcmp(argv[i], "--margins"))
            margins = 1;
        else if (!strcmp(argv[i], "--dates") && i + 1 < argc)
            n_dates = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--numbers") && i + 1 < argc)
            n_numbers = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--tess") && i + 1 < argc)
            tess_n = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--fade") && i + 1 < argc) {
            char *end;
            fade = strtod(argv[++i], &end);
            if (*end || !(fade > 0 && fade <= 1)) {
                fprintf(stderr, "icr-accuracy: --fade %s: give a factor in (0, 1]\n", argv[i]);
                return 2;
            }
        }
        else if (argv[i][0] != '-')
            data = argv[i];
        else {
            fprintf(stderr, "usage: icr-accuracy [MNIST_DEV_DIR | --cells DIR] [--model PATH] [--tess N (0 = skip)] [--fade F]\n"
                            "                    [--margins] [--dates N] [--numbers N]\n"
                            "  --cells DIR: a folder written by `dcaccess cells -o DIR` (the site's checked cells)\n"
                            "  --fade F: faint writing: every cell's pen is F times as dark (0.5: pencil-grey ink)\n"
                            "  --margins: for lower confidences, the digits read right and the worst wrong pair\n"
                            "  --dates N: N visit dates of these digits, decided without and with the batch date\n"
                            "             (written on the batch day, and the day before it)\n"
                            "  --numbers N: N ID numbers (16 digits) and N phone numbers (12 digits) of these\n"
                            "             digits, decided alone, with the number written known from an\n"
                            "             earlier visit, and with a number one digit off it known\n");
            return 2;
        }
    }
    /* libgomp reads OMP_THREAD_LIMIT at start-up only: re-exec with it set */
    if (tess_n > 0 && !getenv("OMP_THREAD_LIMIT")) {
        setenv("OMP_THREAD_LIMIT", "1", 1);
        execv("/proc/self/exe", argv);
    }
    setMsgSeverity(L_SEVERITY_ERROR);
    if (site) {
        dc_icr *sm = NULL;
        if (dc_icr_load(&sm, model) != 0) {
            fprintf(stderr, "icr-accuracy: %s\n", dc_error_detail());
            return 1;
        }
        int rc = site_eval(sm, model, site);
        dc_icr_free(sm);
        return rc;
    }

    int n = 0;
    unsigned char *img = NULL, *lab = NULL;
    if (icr_idx_load(data, &img, &lab, &n) != 0) {
        fprintf(stderr, "icr-accuracy: cannot read digits (dev-images/dev-labels IDX) from %s\n", data);
        return 1;
    }
    dc_icr *m = NULL;
    if (dc_icr_load(&m, model) != 0) {
        fprintf(stderr, "icr-accuracy: %s\n", dc_error_detail());
        free(img);
        free(lab);
        return 1;
    }
    const float thr = dc_icr_threshold(m);
    printf("model %s, threshold %.4f\n", model, thr);
    printf("data: %s: %d digits x %d variants (200/300 dpi x grey/binarized) = %d cells\n", data, n,
           ICR_N_CELL_VARIANTS, n * ICR_N_CELL_VARIANTS);
    /* the cell variants, with every pen faded by --fade (the Tesseract baseline keeps them as drawn) */
    icr_cell_variant vars[ICR_N_CELL_VARIANTS];
    for (int v = 0; v < ICR_N_CELL_VARIANTS; v++) {
        vars[v] = ICR_CELL_VARIANTS[v];
        vars[v].fade = fade;
    }
    if (fade > 0)
        printf("faint writing: every pen %.2f times as dark as drawn (ink %.0f-%.0f on paper 238-250)\n",
               fade, 255 - fade * (255 - 30), 255 - fade * (255 - 80));

    int ok = 0, total = 0, accepted = 0, acc_wrong = 0, called_empty = 0, called_empty_conf = 0;
    int unreadable = 0;
    int per_ok[10] = { 0 }, per_n[10] = { 0 };
    int var_ok[ICR_N_CELL_VARIANTS] = { 0 }, var_n[ICR_N_CELL_VARIANTS] = { 0 };
    int confusion[10][12] = { { 0 } };
    double cpu = 0;
    PIXA *errs = dump ? pixaCreate(0) : NULL;
    /* --margins: every cell's truth, reading and confidence */
    int *m_truth = margins ? calloc((size_t)n * ICR_N_CELL_VARIANTS, sizeof *m_truth) : NULL;
    int *m_read = margins ? calloc((size_t)n * ICR_N_CELL_VARIANTS, sizeof *m_read) : NULL;
    float *m_conf = margins ? calloc((size_t)n * ICR_N_CELL_VARIANTS, sizeof *m_conf) : NULL;
    if (margins && (!m_truth || !m_read || !m_conf)) {
        fprintf(stderr, "icr-accuracy: out of memory\n");
        return 1;
    }
    for (int i = 0; i < n; i++) {
        for (int v = 0; v < ICR_N_CELL_VARIANTS; v++) {
            PIX *cell = icr_real_cell(&rng_state, img + (size_t)i * 784, vars[v]);
            dc_icr_result r;
            double t0 = now();
            int rc = dc_icr_classify(m, cell, &r);
            cpu += now() - t0;
            if (errs && r.digit != lab[i] && (v == 2 || r.digit < 0) && pixaGetCount(errs) < 300) {
                PIX *c8 = pixConvertTo8(cell, 0);
                pixaAddPix(errs, c8, L_INSERT);
                printf("error %d: truth %d read %d (%.3f)\n", pixaGetCount(errs), lab[i], r.digit,
                       r.confidence);
            }
            pixDestroy(&cell);
            if (rc != 0) {
                fprintf(stderr, "icr-accuracy: %s\n", dc_error_detail());
                return 1;
            }
            int y = lab[i];
            if (margins) {
                size_t at = (size_t)i * ICR_N_CELL_VARIANTS + (size_t)v;
                m_truth[at] = y, m_read[at] = r.digit, m_conf[at] = r.confidence;
            }
            int good = r.digit == y;
            ok += good; total++;
            per_ok[y] += good; per_n[y]++;
            var_ok[v] += good; var_n[v]++;
            confusion[y][r.digit == -1 ? 10 : r.digit < 0 ? 11 : r.digit]++;
            called_empty += r.digit == -1;
            called_empty_conf += r.digit == -1 && r.confidence >= thr;
            unreadable += r.digit < -1;
            if (r.digit >= 0 && r.confidence >= thr) {
                accepted++;
                acc_wrong += !good;
            }
        }
    }
    if (errs) {
        PIX *sheet = pixaDisplayTiledAndScaled(errs, 8, 60, 20, 0, 4, 1);
        pixWrite(dump, sheet, IFF_PNG);
        pixDestroy(&sheet);
        pixaDestroy(&errs);
    }
    if (margins) {
        /* what a lower confidence would accept: the share of all digits read right at or above it,
         * the digits read wrong at or above it, and the worst pair: of the digits of class t, the
         * share read as one other class r at or above it */
        static const float ts[] = { 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f };
        printf("margins (confidence >= T): T, read right, read wrong, worst pair truth->read (share of that truth)\n");
        for (size_t k = 0; k <= sizeof ts / sizeof ts[0]; k++) {
            float t = k < sizeof ts / sizeof ts[0] ? ts[k] : thr;
            int right = 0, wrong = 0, pair[10][10] = { { 0 } }, cls[10] = { 0 };
            for (int c = 0; c < total; c++) {
                cls[m_truth[c]]++;
                if (m_read[c] < 0 || m_conf[c] < t)
                    continue;
                if (m_read[c] == m_truth[c])
                    right++;
                else
                    wrong++, pair[m_truth[c]][m_read[c]]++;
            }
            int wt = 0, wr = 1;
            for (int a = 0; a < 10; a++)
                for (int b = 0; b < 10; b++)
                    if ((double)pair[a][b] / (cls[a] ? cls[a] : 1) > (double)pair[wt][wr] / (cls[wt] ? cls[wt] : 1))
                        wt = a, wr = b;
            printf("  %.4f%s: %6.2f%% %5d (%.2f%%)  %d->%d %d of %d (%.2f%%)\n", t, k < sizeof ts / sizeof ts[0] ? "" : "*",
                   100.0 * right / total, wrong, 100.0 * wrong / total, wt, wr, pair[wt][wr], cls[wt],
                   100.0 * pair[wt][wr] / (cls[wt] ? cls[wt] : 1));
        }
        printf("  (* the shipped threshold)\n");
        free(m_truth), free(m_read), free(m_conf);
    }
    printf("top-1 accuracy: %.2f%% (%d/%d)\n", 100.0 * ok / total, ok, total);
    printf("per digit:");
    for (int d = 0; d < 10; d++)
        printf(" %d:%.2f%%", d, 100.0 * per_ok[d] / (per_n[d] ? per_n[d] : 1));
    printf("\nper variant:");
    for (int v = 0; v < ICR_N_CELL_VARIANTS; v++)
        printf(" %ddpi-%s:%.2f%%", ICR_CELL_VARIANTS[v].dpi, ICR_CELL_VARIANTS[v].binary ? "binary" : "grey",
               100.0 * var_ok[v] / var_n[v]);
    printf("\nat threshold %.4f: accepted %.2f%% (%d), accepted-but-wrong %.2f%% (%d) of all digits\n",
           thr, 100.0 * accepted / total, accepted, 100.0 * acc_wrong / total, acc_wrong);
    printf("digits called empty: %d of %d (confidently: %d)\n", called_empty, total, called_empty_conf);
    printf("digits read as unreadable ink (review, '?' in the value): %d of %d\n", unreadable, total);
    printf("confusion (row = truth, columns 0-9, empty, unreadable ink):\n");
    for (int d = 0; d < 10; d++) {
        printf("  %d:", d);
        for (int c = 0; c < 12; c++)
            printf(" %4d", confusion[d][c]);
        printf("\n");
    }

    int empty_ok = 0, empty_conf = 0, empty_unreadable = 0;
    const int n_empty = 1000;
    for (int i = 0; i < n_empty; i++) {
        PIX *cell = icr_real_cell(&rng_state, NULL, vars[i % ICR_N_CELL_VARIANTS]);
        dc_icr_result r;
        double t0 = now();
        dc_icr_classify(m, cell, &r);
        cpu += now() - t0;
        pixDestroy(&cell);
        empty_ok += r.digit == -1;
        empty_conf += r.digit == -1 && r.confidence >= thr;
        empty_unreadable += r.digit < -1;
    }
    printf("empty cells recognised as empty: %.2f%% (%d/%d), confidently: %d; read as unreadable ink: %d\n",
           100.0 * empty_ok / n_empty, empty_ok, n_empty, empty_conf, empty_unreadable);
    const double icr_rate = (total + n_empty) / cpu;
    printf("speed: %.0f cells/s on one core (%d cells, %.2f s CPU in dc_icr_classify)\n",
           icr_rate, total + n_empty, cpu);

    /* field level: 500 clock times HHMM written with the evaluated digits of the right labels */
    static digit_pool pool;
    pool.img = img;
    int missing = -1;
    for (int i = 0; i < n; i++)
        if (pool.n_by[lab[i]] < 256)
            pool.by_label[lab[i]][pool.n_by[lab[i]]++] = i;
    for (int d = 0; d < 10; d++)
        if (pool.n_by[d] == 0)
            missing = d;
    if (missing >= 0) {
        printf("time fields: not measured (the data have no digit %d)\n", missing);
    } else {
        rng_state = 4242;
        int f_acc_right = 0, f_acc_wrong = 0, f_review = 0, f_right = 0;
        const int n_fields = 500;
        for (int k = 0; k < n_fields; k++) {
            int hh = (int)(icr_rc_urand(&rng_state) * 24), mm = (int)(icr_rc_urand(&rng_state) * 60);
            char truth[8];
            snprintf(truth, sizeof truth, "%02d%02d", hh % 100, mm % 100);
            dc_icr_field f;
            if (read_written(m, &pool, truth, DC_ICR_TIME_HHMM, vars[k % ICR_N_CELL_VARIANTS], &f, NULL) != 0)
                return 1;
            int right = strcmp(f.value, truth) == 0;
            f_right += right;
            if (f.decision == DC_ICR_ACCEPT) {
                f_acc_right += right;
                f_acc_wrong += !right;
            } else {
                f_review++;
            }
        }
        printf("time fields (HHMM, %d made of these digits): best reading right %.2f%%, "
               "accepted and right %.2f%%, review %.2f%%, accepted-but-wrong %.2f%% (%d)\n",
               n_fields, 100.0 * f_right / n_fields, 100.0 * f_acc_right / n_fields,
               100.0 * f_review / n_fields, 100.0 * f_acc_wrong / n_fields, f_acc_wrong);
    }
    if (missing < 0 && n_dates > 0) {
        /* visit dates in 2026, each cell a random digit of its class in one of the four cell kinds,
         * decided as the scan decides them (dc_icr_decide_expecting at DC_SCAN_DATE_CONTEXT_CONF):
         * with no batch date, with the batch date the day written, and with the next day as the
         * batch date (yesterday's form in today's stack: a date accepted as the batch date is wrong) */
        rng_state = 2026;
        int plain_ok = 0, plain_bad = 0, same_ok = 0, same_bad = 0, next_ok = 0, next_bad = 0, next_as_batch = 0;
        for (int k = 0; k < n_dates; k++) {
            int mo = 1 + (int)(icr_rc_urand(&rng_state) * 12);
            int dy = 1 + (int)(icr_rc_urand(&rng_state) * dc_days_in_month(2026, mo));
            int nd = dy + 1, nm = mo, ny = 2026;
            if (nd > dc_days_in_month(2026, mo)) {
                nd = 1;
                if (++nm > 12)
                    nm = 1, ny++;
            }
            char written[16], next[16];
            snprintf(written, sizeof written, "%02d%02d2026", dy % 100, mo % 100);
            snprintf(next, sizeof next, "%02d%02d%04d", nd % 100, nm % 100, ny % 10000);
            dc_icr_field f;
            dc_icr_result r[8];
            if (read_written(m, &pool, written, DC_ICR_DATE_DDMMYYYY, vars[k % ICR_N_CELL_VARIANTS], &f, r) != 0)
                return 1;
            const char *batch[3] = { NULL, written, next };
            for (int b = 0; b < 3; b++) {
                dc_icr_field g;
                dc_icr_decide_expecting(r, 8, DC_ICR_DATE_DDMMYYYY, thr, batch[b], (float)DC_SCAN_DATE_CONTEXT_CONF,
                                        NULL, NULL, &g);
                if (g.decision != DC_ICR_ACCEPT)
                    continue;
                int right = strcmp(g.value, written) == 0;
                int *hit = b == 0 ? &plain_ok : b == 1 ? &same_ok : &next_ok;
                int *miss = b == 0 ? &plain_bad : b == 1 ? &same_bad : &next_bad;
                *hit += right;
                *miss += !right;
                next_as_batch += b == 2 && strcmp(g.value, next) == 0;
            }
        }
        printf("date fields (DDMMYYYY, %d made of these digits), accepted and right / accepted-but-wrong:\n"
               "  no batch date: %.2f%% / %d; batch date the day written: %.2f%% / %d; "
               "batch date the day after: %.2f%% / %d (%d taken for the batch date)\n",
               n_dates, 100.0 * plain_ok / n_dates, plain_bad, 100.0 * same_ok / n_dates, same_bad,
               100.0 * next_ok / n_dates, next_bad, next_as_batch);
    }

    if (missing < 0 && n_numbers > 0) {
        /* ID and phone numbers, each cell a random digit of its class in one of the four cell kinds,
         * decided as the scan decides a digits field with the archive's known numbers
         * (dc_icr_decide_expecting at DC_SCAN_KNOWN_CONF): alone; a returning visitor (the number
         * written is known); a new visitor whose number is one digit off a known one (a number
         * accepted as the known one is wrong). */
        static const int lens[2] = { 16, 12 };
        for (int L = 0; L < 2; L++) {
            const int len = lens[L];
            rng_state = 1616u + (uint64_t)len;
            int plain_ok = 0, plain_bad = 0, same_ok = 0, same_bad = 0, near_ok = 0, near_bad = 0, near_as_known = 0;
            for (int k = 0; k < n_numbers; k++) {
                char written[DC_ICR_MAX_CELLS + 1], near[DC_ICR_MAX_CELLS + 1];
                for (int c = 0; c < len; c++)
                    written[c] = (char)('0' + (int)(icr_rc_urand(&rng_state) * 10));
                written[len] = '\0';
                if (len == 12)
                    written[0] = '0', written[1] = '8'; /* an Indonesian mobile number: 08... */
                memcpy(near, written, (size_t)len + 1);
                int at = (len == 12 ? 2 : 0) + (int)(icr_rc_urand(&rng_state) * (len == 12 ? len - 2 : len));
                near[at] = (char)('0' + (written[at] - '0' + 1 + (int)(icr_rc_urand(&rng_state) * 9)) % 10);
                dc_icr_field f;
                dc_icr_result r[DC_ICR_MAX_CELLS];
                if (read_written(m, &pool, written, DC_ICR_DIGITS, vars[k % ICR_N_CELL_VARIANTS], &f, r) != 0)
                    return 1;
                const char *known[3] = { NULL, written, near };
                for (int b = 0; b < 3; b++) {
                    dc_icr_field g;
                    dc_icr_decide_expecting(r, len, DC_ICR_DIGITS, thr, known[b], (float)DC_SCAN_KNOWN_CONF, NULL,
                                            NULL, &g);
                    if (g.decision != DC_ICR_ACCEPT)
                        continue;
                    int right = strcmp(g.value, written) == 0;
                    int *hit = b == 0 ? &plain_ok : b == 1 ? &same_ok : &near_ok;
                    int *miss = b == 0 ? &plain_bad : b == 1 ? &same_bad : &near_bad;
                    *hit += right;
                    *miss += !right;
                    near_as_known += b == 2 && strcmp(g.value, near) == 0;
                }
            }
            printf("%s (%d digits, %d made of these digits), accepted and right / accepted-but-wrong:\n"
                   "  alone: %.2f%% / %d; written number known: %.2f%% / %d; "
                   "a number one digit off known: %.2f%% / %d (%d taken for the known number)\n",
                   len == 16 ? "ID numbers" : "phone numbers", len, n_numbers, 100.0 * plain_ok / n_numbers,
                   plain_bad, 100.0 * same_ok / n_numbers, same_bad, 100.0 * near_ok / n_numbers, near_bad,
                   near_as_known);
        }
    }

    if (tess_n > 0) {
        TessBaseAPI *api = TessBaseAPICreate();
        if (TessBaseAPIInit2(api, NULL, "eng", OEM_LSTM_ONLY) != 0) {
            fprintf(stderr, "icr-accuracy: tesseract init failed\n");
        } else {
            TessBaseAPISetPageSegMode(api, PSM_SINGLE_CHAR);
            TessBaseAPISetVariable(api, "tessedit_char_whitelist", "0123456789");
            rng_state = 999;
            int tok = 0, tn = 0;
            double tcpu = 0;
            for (int i = 0; i < tess_n && i < n; i++) {
                icr_cell_variant v = ICR_CELL_VARIANTS[i % ICR_N_CELL_VARIANTS];
                PIX *cell = icr_real_cell(&rng_state, img + (size_t)i * 784, v);
                double t0 = now();
                tok += tess_digit(api, cell, v.dpi) == lab[i];
                tcpu += now() - t0;
                tn++;
                pixDestroy(&cell);
            }
            printf("stock Tesseract (psm 10, digit whitelist, LSTM, OMP_THREAD_LIMIT=1) top-1 on the first %d digits: %.2f%% (%d/%d)\n",
                   tn, 100.0 * tok / tn, tok, tn);
            if (tn > 0 && tcpu > 0)
                printf("speed baseline: stock Tesseract %.0f cells/s on one core (%.2f s CPU); the ICR reads %.1fx as many\n",
                       tn / tcpu, tcpu, icr_rate / (tn / tcpu));
        }
        TessBaseAPIEnd(api);
        TessBaseAPIDelete(api);
    }
    dc_icr_free(m);
    free(img);
    free(lab);
    return 0;
}
