/* sg_render: draws a record's true values into a printed form page with libharu. */
#ifndef SG_RENDER_H
#define SG_RENDER_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>

#include "dc_template.h"
#include "samplegen.h"

#define SG_MAX_CANCELLED 8

/* Ink box of a glyph in 1/1000 em relative to its origin (measured with FreeType); ok false if unknown. */
typedef struct sg_glyph_box {
    float x0, y0, x1, y1;
    bool ok;
} sg_glyph_box;

/* Per-font metrics: ink boxes of the ASCII glyphs; glyphs['H'].y1 is the capital height. */
typedef struct sg_font_metrics {
    sg_glyph_box glyphs[128];
} sg_font_metrics;

/* Boxes inked in full (a cancelled tick) on a page: "field=option" for choices, "field" for checkboxes. */
typedef struct sg_render_marks {
    int ncancelled;
    char cancelled[SG_MAX_CANCELLED][48];
} sg_render_marks;

/* The characters written into a comb field's cells, in cell order (date DDMMYYYY, time HHMM; a
 * space leaves its cell empty), truncated to the field's cell count. Returns the length. */
size_t sg_cell_text(const dc_field *f, const char *value, char *out, size_t cap);

/* A text matrix entry for libharu. libharu 2.3.0 writes the one float nearest 0.999995 as "0" (its
 * number formatting drops the carry), so a glyph turned by about 0.18 degrees got a zero text matrix
 * and vanished from the page while the truth kept it (7 glyphs on 203 pages of a 100-set corpus).
 * A value within 5.5e-6 of a whole number comes back as that number (libharu prints such values so
 * anyway: five decimals); any other as the nearest float. */
HPDF_REAL sg_matrix_real(double v);

#define SG_FADE_MARKS (-1)
#define SG_FADE_TEXT (-2)

/* How the people filling in the form write (all zero: a pen, ticks inside their boxes). */
typedef struct sg_hand_style {
    double ink_fade;    /* in (0, 1): the ink that many times as dark (faint writing: pencil, a
                           light pen); 0: as drawn */
    int fade_section;   /* where ink_fade applies: 0 the whole page, S > 0 the form's sections S and
                           after (dc_template_section_of), SG_FADE_MARKS only ticks, crosses and
                           signatures, SG_FADE_TEXT only text fields (names, institutions, devices) */
    double tick_reach;  /* > 1: oversized ticks, their corner in the box and the long stroke running
                           this many box sizes up and out of it */
    double tick_width;  /* > 1: ticks and crosses this many times as wide (a felt-tip marker) */
    double tick_shift;  /* > 0: ticks made beside their box, this many box widths to its left or
                           its right (on its label), at random */
    double comb_spill;  /* > 0: comb characters written large (0.78-0.95 of the cell height) and each
                           field's writing shifted up or down as a whole by 0.5-1 times this many
                           cell heights, so strokes cross the comb's lines (0.3), or the writing
                           lies mostly outside the cells (1.0) */
    bool unpadded;      /* an hour, day or month below 10 written as one digit, in the first or the
                           second cell of its pair at random (the other left blank) */
} sg_hand_style;

/* Draws r's values for template t onto `page` in `font` (metrics: its glyph ink boxes, or NULL to trust
 * libharu's cap height), jittered like handwriting if `hand`, in dark blue or black ink, written the
 * way `style` says. Returns 0 (libharu errors surface when the document is saved). */
int sg_render_page(sg_render_marks *marks, HPDF_Page page, const dc_template *t, const sg_record *r, HPDF_Font font,
                   const sg_font_metrics *metrics, bool hand, bool blue_ink, const sg_hand_style *style,
                   sg_rng *rng);

#endif
