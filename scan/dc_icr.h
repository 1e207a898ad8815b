/* dc_icr: hand-printed digit and capital-letter recognizer (ICR) for single comb cells, and
 * field-level accept/review for digits. */
#ifndef DC_ICR_H
#define DC_ICR_H

#include <leptonica/allheaders.h>

/* A loaded recognizer. Opaque; immutable after dc_icr_load, so one instance may be shared
 * by any number of threads calling dc_icr_classify / dc_icr_read_field concurrently. */
typedef struct dc_icr dc_icr;

/* The committed model, relative to the source tree (DC_SOURCE_DIR). */
#define DC_ICR_DEFAULT_MODEL "scan/models/icr-digits.bin"

/* Longest comb field dc_icr_read_field accepts (NIK is 16, phone numbers up to ~15). */
#define DC_ICR_MAX_CELLS 32

/* The committed letter model (capitals A-Z), relative to the source tree. */
#define DC_ICR_LETTER_MODEL "scan/models/icr-caps.bin"

/* Loads a model file written by tools/icr-train: a digit model (read with dc_icr_classify and
 * the field functions) or a letter model (dc_icr_classify_letter). On success *out belongs to the caller,
 * who frees it with dc_icr_free. Errors: DC_ERR_INVALID_ARG (NULL argument),
 * DC_ERR_MODEL (missing, unreadable, truncated, corrupt or incompatible file; the detail
 * names the path), DC_ERR_NOMEM. On error *out is NULL. */
int dc_icr_load(dc_icr **out, const char *model_path);

/* Frees a recognizer; NULL is allowed. */
void dc_icr_free(dc_icr *m);

/* The acceptance threshold shipped with the model: a cell is confident when its confidence
 * (dc_icr_result.confidence) is >= this value. */
float dc_icr_threshold(const dc_icr *m);

/* How many symbols the model reads besides "empty": DC_ICR_DIGIT_SYMBOLS (0-9) or
 * DC_ICR_LETTER_SYMBOLS (capitals A-Z). */
#define DC_ICR_DIGIT_SYMBOLS 10
#define DC_ICR_LETTER_SYMBOLS 26
int dc_icr_symbols(const dc_icr *m);

/* One cell's reading. */
#define DC_ICR_UNREADABLE (-2)   /* dc_icr_result.digit: ink that is not one readable digit */

typedef struct dc_icr_result {
    int digit;          /* 0-9, -1 = empty cell, or DC_ICR_UNREADABLE: there is ink the rules
                           cannot call dust and the classifier was not asked to read (a faint
                           digit broken into specks, a tiny mark; p[] all 0, second -1), or
                           ink kept as a possible digit in which the classifier saw no digit
                           (p[] filled, second = the most probable digit); confidence 0.
                           Writing too faint for the normal ink level (pencil, a light pen) is
                           found by a second look for light ink and read like any other */
    float confidence;   /* 0..1, the score the model's threshold applies to: the calibrated
                           probability of `digit` less the runner-up class's (a model file of
                           format version 4, the shipped one), or that probability alone
                           (older files); 1 for an empty cell decided by rule */
    int second;         /* runner-up: 0-9 or -1 = empty (second_conf 0 when the cell was
                           decided without the classifier: clean paper or dust only) */
    float second_conf;
    float p[10];        /* calibrated probability of each digit 0-9 (the rest is "empty");
                           all 0 when the cell was decided without the classifier */
} dc_icr_result;

/* Reads one cell. `cell` is the comb cell's inner area (the printed cell border may be partly
 * inside at the edges), 1, 8 or 32 bpp, dark ink on light paper, any dpi from 150 to 600.
 * The cell is not modified or kept. Errors: DC_ERR_INVALID_ARG (NULL argument),
 * DC_ERR_IMAGE (unsupported depth, or smaller than 4x4 / larger than 4000x4000), DC_ERR_NOMEM. */
int dc_icr_classify(const dc_icr *m, PIX *cell, dc_icr_result *out);

/* One cell read by a letter model. */
typedef struct dc_icr_letter {
    char letter;        /* 'A'-'Z', ' ' = empty cell, '?' = unreadable ink (as DC_ICR_UNREADABLE) */
    float confidence;   /* as dc_icr_result.confidence: the model's score, 1 for an empty cell
                           decided by rule, 0 for unreadable ink */
    char second;        /* runner-up letter, or ' ' (empty) */
    float second_conf;
} dc_icr_letter;

/* Reads one cell with a letter model; the cell as for dc_icr_classify. Errors as
 * dc_icr_classify, and DC_ERR_INVALID_ARG when `m` is a digit model (dc_icr_classify likewise
 * refuses a letter model). */
int dc_icr_classify_letter(const dc_icr *m, PIX *cell, dc_icr_letter *out);

/* What a field's value must be. */
typedef enum dc_icr_kind {
    DC_ICR_DIGITS,          /* any digit string; empty cells allowed only at the ends */
    DC_ICR_DATE_DDMMYYYY,   /* exactly 8 cells, a real calendar date (years 1900-2099) */
    DC_ICR_TIME_HHMM        /* exactly 4 cells, HH 00-23 and MM 00-59 */
} dc_icr_kind;

typedef enum dc_icr_decision {
    DC_ICR_ACCEPT,          /* every cell confident and the value valid: use `value` */
    DC_ICR_REVIEW,          /* a person must check; `value` is the best reading */
    DC_ICR_EMPTY            /* every cell confidently empty */
} dc_icr_decision;

/* Extra validity check on the whole value (e.g. NIK structure); returns nonzero when valid. */
typedef int (*dc_icr_validator)(const char *value, void *ctx);

/* A field's outcome. */
typedef struct dc_icr_field {
    dc_icr_decision decision;
    char value[DC_ICR_MAX_CELLS + 1];  /* best reading: digits; '?' marks an empty cell inside
                                          the value; empty cells at the ends are left out */
    float min_conf;                     /* lowest cell confidence */
    int weakest_cell;                   /* index of that cell */
    int why;                            /* for REVIEW: 1 = an unconfident cell, 2 = an empty or
                                          unreadable cell inside the value, 3 = invalid value;
                                          0 otherwise */
    int by_expected;                    /* 1 when accepted only because the value is the expected
                                          one, at the lower bar (dc_icr_decide_expecting) */
} dc_icr_field;

/* Reads a date or time field's cells as one value (pure; no model needed): the most probable
 * value that is valid for `kind` (a clock time, a calendar date 1900-2099) under the cells'
 * digit probabilities. Each cell gets that value's digit, and as runner-up the next digit by
 * probability among valid values; a cell whose digit stays keeps its confidence, a cell whose
 * digit changes gets confidence 0 (the classifier chose another first). A first hour digit read
 * "7" (0.6) or "1" (0.4) becomes "1" at confidence 0: the suggestion a person sees is a real
 * time, but the decision to accept never gets easier (probabilities
 * renormalised over valid values are over-confident on real pens; scan/models/README.md).
 * Nothing changes (*changed = 0) for DC_ICR_DIGITS, when a cell reads empty or was decided
 * without the classifier (unreadable ink the classifier scored is decoded like a digit), or
 * when the most probable valid value needs a digit the classifier gave less than 0.25 (the
 * writing itself is probably invalid: it stays so, and goes to review). `changed` may be NULL,
 * else gets 1 when the cells were rewritten. Returns DC_OK or DC_ERR_INVALID_ARG (NULL cells,
 * n < 1 or n > DC_ICR_MAX_CELLS). */
int dc_icr_constrain(dc_icr_result *cells, int n, dc_icr_kind kind, int *changed);

/* Field decision from already-classified cells (pure; no model needed). `threshold` is
 * normally dc_icr_threshold(m). `valid` may be NULL. A cell's digit is 0-9, -1 for an empty
 * cell, or DC_ICR_UNREADABLE (-2, or less) for ink that is not one readable digit (the ICR's
 * faint or tiny ink, the scan's Tesseract backend's unread ink): such a cell is part of the
 * value, shown as '?', and sends the field to review like an empty cell inside it. A time's
 * hour, and a date's day and month, written as one digit d in either cell of the pair while the
 * other reads empty at the threshold, read "0d" (the leading zero left out: 9 in the hour's first
 * or second cell is 09); the empty cell lends the 0 its confidence. Errors: DC_ERR_INVALID_ARG
 * (NULL pointers, n < 1 or n > DC_ICR_MAX_CELLS). */
int dc_icr_decide(const dc_icr_result *cells, int n, dc_icr_kind kind, float threshold,
                  dc_icr_validator valid, void *ctx, dc_icr_field *out);

/* dc_icr_decide, and then, when the field goes to review only for a cell under `threshold` and
 * its value is exactly `expected` (the value the context predicts: the batch date as a
 * DDMMYYYY comb holds it), the same decision at `expected_threshold`; the field is accepted when
 * that one accepts the same value. Everything else is dc_icr_decide's result. A cell whose digit
 * dc_icr_constrain changed has confidence 0, so it never passes. `expected` may be NULL or "" (no
 * value is expected: plain dc_icr_decide). Errors: as dc_icr_decide. */
int dc_icr_decide_expecting(const dc_icr_result *cells, int n, dc_icr_kind kind, float threshold,
                            const char *expected, float expected_threshold, dc_icr_validator valid, void *ctx,
                            dc_icr_field *out);

/* Classifies n cells (left to right) and decides the field. `results` may be NULL, or an
 * array of n that receives each cell's reading (dates and times after dc_icr_constrain).
 * Errors as dc_icr_classify and dc_icr_decide. */
int dc_icr_read_field(const dc_icr *m, PIX *const *cells, int n, dc_icr_kind kind,
                      dc_icr_validator valid, void *ctx, dc_icr_field *out,
                      dc_icr_result *results);

/* Nonzero when `s` is a valid value of `kind` (8 digits DDMMYYYY, 4 digits HHMM, any digits). */
int dc_icr_value_valid(const char *s, dc_icr_kind kind);

#endif
