/* icr_realcells: real handwritten digits (MNIST-layout IDX files) placed into comb cells as a
 * scanned form shows them. Shared by tests/eval/icr-accuracy (measuring) and icr-train
 * --real-val (fitting the temperature and threshold on a real-writer validation set). */
#ifndef ICR_REALCELLS_H
#define ICR_REALCELLS_H

#include "dc_icr.h"

#include <leptonica/allheaders.h>
#include <stdint.h>

/* deterministic RNG (splitmix64) over a caller-owned state */
double icr_rc_urand(uint64_t *state);
double icr_rc_grand(uint64_t *state);

/* In-place separable 3-tap Gaussian-like blur of a w x h float image (edges repeated); also
 * the generator's scanner blur (icr_gen.c). */
void icr_blur3(float *img, int w, int h, double sigma);

/* DIR/dev-images-idx3-ubyte.gz and DIR/dev-labels-idx1-ubyte.gz (28x28, white ink on black).
 * On success *img (n x 784) and *lab (n) are malloc'ed and owned by the caller; returns 0,
 * or -1 when a file is missing, truncated or not 28x28 / the counts differ. */
int icr_idx_load(const char *dir, unsigned char **img, unsigned char **lab, int *n);

typedef struct icr_cell_variant {
    int dpi;
    int binary;
    double fade;   /* 0: the pen as drawn (30-80 on paper 238-250); F in (0,1): the pen's
                      darkness scaled by F (faint writing: pencil, a light or drying pen) */
} icr_cell_variant;
#define ICR_N_CELL_VARIANTS 4
extern const icr_cell_variant ICR_CELL_VARIANTS[ICR_N_CELL_VARIANTS];   /* 200/300 dpi x grey/binary */

/* A comb cell ~5 x 6 mm with `digit28` (or nothing when NULL) in dark ink: a thin light-grey
 * printed border at some edges, mild blur, sensor noise and dust; binary variants are 1 bpp.
 * Returns a new PIX owned by the caller (NULL when out of memory). */
PIX *icr_real_cell(uint64_t *rng, const unsigned char *digit28, icr_cell_variant v);

/* A folder written by `dcaccess cells -o DIR`: the site's own checked comb cells, as the scanner
 * cut them, listed in DIR/cells.tsv (the cells of one field consecutive and in order). */
typedef struct icr_site_cells {
    int n;           /* cells */
    PIX **cell;      /* 8 bpp grey cell (owned) */
    int *label;      /* 0-9, or 10 for an empty cell */
    int *field;      /* index of the cell's field, 0..n_fields-1 */
    dc_icr_kind *kind; /* the field's kind (cells.tsv: digits, date DDMMYYYY, time HHMM) */
    int n_fields;
} icr_site_cells;

/* Reads DIR/cells.tsv and every cell it names. Returns 0, or -1 with a message naming the file
 * (and line) in err: a missing or malformed manifest, a label or kind it does not know, a cell
 * image that does not read. *out belongs to the caller: icr_site_cells_free(). */
int icr_site_cells_load(const char *dir, icr_site_cells *out, char *err, size_t errlen);
void icr_site_cells_free(icr_site_cells *s);

#endif
