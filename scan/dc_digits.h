/* dc_digits: the digit reader behind comb digit/date/time fields (Tesseract, or the ICR model). */
#ifndef DC_DIGITS_H
#define DC_DIGITS_H

#include <stddef.h>

#include <leptonica/allheaders.h>

/* A reader instance belongs to one thread (the Tesseract backend holds an engine). */
typedef struct dc_digits dc_digits;

/* One cell's reading. */
typedef struct dc_digit_cell {
    int digit;          /* 0-9, -1 = empty cell, -2 = ink that is not one readable digit */
    double confidence;  /* 0..1 for `digit` (for an empty cell: how sure it is empty) */
} dc_digit_cell;

/* Tesseract backend over an engine handle owned by the caller (a scan_ocr, see scan_internal.h);
 * `ocr` must outlive the reader. *out belongs to the caller: dc_digits_free(). */
struct scan_ocr;
int dc_digits_new_tesseract(dc_digits **out, struct scan_ocr *ocr);

/* ICR backend (scan/dc_icr.h) over a loaded model shared between threads (not owned). */
struct dc_icr;
int dc_digits_new_icr(dc_digits **out, const struct dc_icr *model);

void dc_digits_free(dc_digits *d);

/* "tesseract" or "icr". */
const char *dc_digits_backend(const dc_digits *d);

/* Confidence from which a single cell counts as read (backend-specific, tuned on generated
 * scans: the ICR model's calibrated threshold, or Tesseract's symbol confidence). */
double dc_digits_threshold(const dc_digits *d);

/* Reads `n` comb cells, left to right. Each cell is the 8 bpp grey interior of one comb cell
 * at `ppmm` pixels per mm (paper white, ink dark, the light printed border may show at the
 * edges). `ink` gives, per cell, whether the caller's ink test found writing in it (the
 * Tesseract backend trusts it; the ICR backend decides emptiness itself). Fills out[n]. */
int dc_digits_read(dc_digits *d, PIX *const *cells, const int *ink, size_t n, double ppmm,
                   dc_digit_cell *out);

/* What the cells of a field must spell. */
typedef enum dc_digits_value {
    DC_DIGITS_ANY,          /* any digit string */
    DC_DIGITS_DATE,         /* 8 cells DDMMYYYY, a calendar date */
    DC_DIGITS_TIME          /* 4 cells HHMM, a clock time */
} dc_digits_value;

/* dc_digits_read for a date or time field: the ICR backend reads the cells as one value (the
 * most probable valid date or time, each cell keeping the classifier's own confidence in its
 * digit: dc_icr_constrain in dc_icr.h);
 * the Tesseract backend reads as dc_digits_read. `bins`, if not NULL, holds the caller's
 * binarised writing of each cell (1 bpp, the same size as the cell; what its ink test looked
 * at, so that both agree on the ink level and on stains): the Tesseract backend reads those
 * instead of binarising the cells itself (as dc_digits_read does: the fixed ink level, or the
 * cell's own faint level); the ICR backend reads the grey cells either way. Borrowed, not freed.
 * Errors as dc_digits_read. */
int dc_digits_read_as(dc_digits *d, PIX *const *cells, PIX *const *bins, const int *ink, size_t n, double ppmm,
                      dc_digits_value value, dc_digit_cell *out);

#endif
