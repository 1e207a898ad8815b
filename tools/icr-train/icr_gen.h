/* icr_gen: synthetic comb cells (font digits with pen and scanner damage) for training the ICR. */
#ifndef ICR_GEN_H
#define ICR_GEN_H

#include <stdint.h>

typedef struct icr_rng { uint64_t s; } icr_rng;

void icr_rng_seed(icr_rng *r, uint64_t seed);
uint64_t icr_rng_next(icr_rng *r);
double icr_rng_uniform(icr_rng *r);               /* [0,1) */
double icr_rng_range(icr_rng *r, double lo, double hi);
int icr_rng_int(icr_rng *r, int n);                /* 0..n-1 */
double icr_rng_gauss(icr_rng *r);

/* The symbols a model reads: the ten digits, or the capitals A-Z (icr-train --alphabet). */
#define ICR_DIGITS_ALPHABET "0123456789"
#define ICR_CAPS_ALPHABET "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define ICR_MAX_GLYPHS 26

/* One font's symbols as coverage bitmaps (0..1), tightly cropped. */
typedef struct icr_glyph { float *cov; int w, h; } icr_glyph;
typedef struct icr_font {
    char path[512];
    char name[128];
    int handwriting;   /* 1 handwriting-style, 0 printed */
    int n_glyphs;      /* 10 for digits, 26 for capitals */
    icr_glyph glyph[ICR_MAX_GLYPHS];   /* glyph[i]: the alphabet's i-th symbol */
} icr_font;

/* Renders digits 0-9 of `path` at ~`px` pixels per em. Returns 0, or -1 when the font cannot be
 * loaded or lacks a digit. */
int icr_font_load(icr_font *f, const char *path, int handwriting, int px);

/* icr_font_load for the symbols of `alphabet` (ICR_DIGITS_ALPHABET or ICR_CAPS_ALPHABET, at most
 * ICR_MAX_GLYPHS); -1 when the font lacks one of them. */
int icr_font_load_alphabet(icr_font *f, const char *path, int handwriting, int px, const char *alphabet);
void icr_font_free(icr_font *f);

/* A pseudo-font of pen-trajectory digits (icr_strokes.c): for each digit one of the written
 * variants (looped 2, open and closed 4, crossed 7, ...) with jittered points and a random
 * round pen, ~px high. styles 1: the round-1 shape set; 2: with the shapes added in round 2;
 * 3: the round-1 shapes and the round-4 set, thicker and wider pens; 4: set 3 with 70% of the
 * digits (40% of the 2s) drawn by random-parameter models of how writers build each digit
 * (icr_strokes.c). Returns 0 or -1 (no memory). */
int icr_stroke_font(icr_font *f, icr_rng *r, int index, int px, int styles);

/* One fresh pen-trajectory glyph of `digit` (a random variant of the shape set `styles`, new
 * jitter and pen), for drawing every training sample anew. g->cov is owned by the caller.
 * Returns 0 or -1 (no memory). */
int icr_stroke_glyph(icr_glyph *g, icr_rng *r, int digit, int px, int styles);

typedef struct icr_cell {
    uint8_t *px;       /* w*h grey, owned */
    int w, h;
} icr_cell;

/* Augmentation strength knobs (0 = off, 1 = default). */
typedef struct icr_aug {
    double geometry;   /* rotation, shear, aspect, elastic */
    double pen;        /* stroke width, broken strokes */
    double scanner;    /* noise, blur, border lines, binarization */
    double dpi;        /* fixed resolution, or 0 = random 150-dpi_max (log-uniform) */
    double dpi_max;    /* upper end of the random resolution; 0 = 600 */
    double binarize;   /* share of cells binarised at scanner strength 1; 0 = 0.3 */
} icr_aug;

/* Generates one cell: glyph 0..f->n_glyphs-1 from font f, or any other value (10 for digits, 26
 * for capitals: the empty class) for an empty cell (f unused, may be NULL).
 * The cell buffer is reallocated as needed; free c->px when done. Returns 0 or -1 (no memory). */
int icr_gen_cell(icr_rng *r, const icr_font *f, int glyph, const icr_aug *aug, icr_cell *c);

#endif
