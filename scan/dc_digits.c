/* dc_digits: digit reader for comb cells: Tesseract over a composed line, or the ICR model. */
#include "dc_digits.h"

#include "dc_error.h"
#include "dc_icr.h"
#include "scan_internal.h"

#include <stdlib.h>
#include <string.h>

/* Tesseract symbol confidence from which a digit counts as read. Chosen on generated scans
 * (seeds 13, 14): printed digits read >= 0.98; handwritten digits are misread at up to 0.97
 * (Tesseract is no ICR: STACK.md), so below that a person checks. */
#define DIGITS_TESS_THRESHOLD 0.98
/* Specks below this size (px at the crop resolution) are noise, not ink. */
#define DIGITS_SPECK_PX 4

typedef enum { BACKEND_TESS, BACKEND_ICR } backend;

struct dc_digits {
    backend kind;
    scan_ocr *ocr;
    const dc_icr *icr;
};

int dc_digits_new_tesseract(dc_digits **out, struct scan_ocr *ocr)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return dc_error_set(DC_ERR_NOMEM, "digit reader");
    (*out)->kind = BACKEND_TESS;
    (*out)->ocr = ocr;
    return 0;
}

int dc_digits_new_icr(dc_digits **out, const struct dc_icr *model)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return dc_error_set(DC_ERR_NOMEM, "digit reader");
    (*out)->kind = BACKEND_ICR;
    (*out)->icr = model;
    return 0;
}

void dc_digits_free(dc_digits *d)
{
    free(d);
}

const char *dc_digits_backend(const dc_digits *d)
{
    return d->kind == BACKEND_ICR ? "icr" : "tesseract";
}

double dc_digits_threshold(const dc_digits *d)
{
    return d->kind == BACKEND_ICR ? dc_icr_threshold(d->icr) : DIGITS_TESS_THRESHOLD;
}

static int read_icr(dc_digits *d, PIX *const *cells, const int *ink, size_t n, dc_digits_value value,
                    dc_digit_cell *out)
{
    dc_icr_result *r = calloc(n ? n : 1, sizeof *r);
    if (!r)
        return dc_error_set(DC_ERR_NOMEM, "digit reader");
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = dc_icr_classify(d->icr, cells[i], &r[i]);
    if (rc == 0 && value != DC_DIGITS_ANY && n <= DC_ICR_MAX_CELLS)
        rc = dc_icr_constrain(r, (int)n, value == DC_DIGITS_DATE ? DC_ICR_DATE_DDMMYYYY : DC_ICR_TIME_HHMM,
                              NULL);
    for (size_t i = 0; i < n && rc == 0; i++) {
        out[i].digit = r[i].digit;
        out[i].confidence = r[i].confidence;
        /* the model and the ink test disagree on whether anything is written: a person looks */
        if ((r[i].digit < 0) != !ink[i])
            out[i].confidence = 0;
    }
    free(r);
    return rc;
}

static int read_tess(dc_digits *d, PIX *const *cells, PIX *const *given, const int *ink, size_t n, double ppmm,
                     dc_digit_cell *out)
{
    int rc = 0;
    PIX **bins = calloc(n, sizeof *bins);
    int *x0 = calloc(n, sizeof *x0), *x1 = calloc(n, sizeof *x1), *sym_of = calloc(n, sizeof *sym_of);
    scan_ocr_symbol *syms = NULL;
    size_t ns = 0;
    if (!bins || !x0 || !x1 || !sym_of) {
        rc = dc_error_set(DC_ERR_NOMEM, "digit reader");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        out[i].digit = -1;
        out[i].confidence = 1.0;
        /* the caller's binarisation, or our own (then destroyed below) */
        bins[i] = given && given[i] ? pixClone(given[i]) : scan_binarize_writing(cells[i], ppmm, DIGITS_SPECK_PX, true);
        if (!bins[i]) {
            rc = dc_error_set(DC_ERR_NOMEM, "digit cell");
            goto done;
        }
    }
    PIX *line = scan_compose_line(bins, ink, n, x0, x1);
    if (!line)
        goto done; /* all empty */
    l_int32 blank = 1;
    pixZero(line, &blank);
    /* nothing to read in the binarised writing (Tesseract would print its statistics of an
     * empty page to stdout): every cell with ink is unreadable, below */
    rc = blank ? 0 : scan_ocr_line(d->ocr, line, (int)(ppmm * 25.4 + 0.5), "eng", "0123456789", &syms, &ns);
    pixDestroy(&line);
    if (rc)
        goto done;
    scan_symbols_to_cells(syms, ns, x0, x1, n, sym_of);
    for (size_t i = 0; i < n; i++) {
        if (!ink[i])
            continue;
        out[i].digit = -2;
        out[i].confidence = 0;
        if (sym_of[i] >= 0) {
            const scan_ocr_symbol *s = &syms[sym_of[i]];
            if (s->text[0] >= '0' && s->text[0] <= '9' && s->text[1] == '\0') {
                out[i].digit = s->text[0] - '0';
                out[i].confidence = s->conf;
            }
        }
    }
done:
    for (size_t i = 0; bins && i < n; i++)
        pixDestroy(&bins[i]);
    free(bins);
    free(x0);
    free(x1);
    free(sym_of);
    free(syms);
    return rc;
}

int dc_digits_read_as(dc_digits *d, PIX *const *cells, PIX *const *bins, const int *ink, size_t n, double ppmm,
                      dc_digits_value value, dc_digit_cell *out)
{
    if (!d || !cells || !ink || !out)
        return dc_error_set(DC_ERR_INVALID_ARG, "dc_digits_read: NULL argument");
    if (d->kind == BACKEND_ICR)
        return read_icr(d, cells, ink, n, value, out);
    return read_tess(d, cells, bins, ink, n, ppmm, out);
}

int dc_digits_read(dc_digits *d, PIX *const *cells, const int *ink, size_t n, double ppmm, dc_digit_cell *out)
{
    return dc_digits_read_as(d, cells, NULL, ink, n, ppmm, DC_DIGITS_ANY, out);
}
