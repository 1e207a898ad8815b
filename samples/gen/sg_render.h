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

/* Draws r's values for template t onto `page` in `font` (metrics: its glyph ink boxes, or NULL to trust
 * libharu's cap height), jittered like handwriting if `hand`, in dark blue or black ink, that ink
 * `ink_fade` times as dark when ink_fade is in (0, 1) (faint writing: pencil, a light pen): on the
 * whole page when fade_section is 0, only in the form's sections fade_section and after when it is
 * positive (dc_template_section_of), only in the marks (ticks, crosses, signatures) when it is
 * SG_FADE_MARKS, only in text fields (names, institutions, device rows) when it is SG_FADE_TEXT.
 * tick_reach > 1 draws every tick oversized: its corner in the box, its long stroke running
 * tick_reach box sizes up and out of it (0: ticks inside their box, as most people make them);
 * tick_width > 1 draws ticks and crosses that many times as wide (a felt-tip marker; 0: a pen).
 * Returns 0 (libharu errors surface when the document is saved). */
#define SG_FADE_MARKS (-1)
#define SG_FADE_TEXT (-2)
int sg_render_page(sg_render_marks *marks, HPDF_Page page, const dc_template *t, const sg_record *r, HPDF_Font font,
                   const sg_font_metrics *metrics, bool hand, bool blue_ink, double ink_fade, int fade_section,
                   double tick_reach, double tick_width, sg_rng *rng);

#endif
