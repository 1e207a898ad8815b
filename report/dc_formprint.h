/* dc_formprint: prints blank, numbered dcaccess forms (A4 PDF, libharu) from their templates. */
#ifndef DC_FORMPRINT_H
#define DC_FORMPRINT_H

#include <hpdf.h>
#include "dc_template.h"

/* A PDF being built: one libharu document with the DejaVu fonts loaded (UTF-8). Opaque. */
typedef struct dc_formprint dc_formprint;

/* Creates an empty document. *out belongs to the caller (dc_formprint_free).
 * DC_ERR_PDF_OUTPUT if libharu fails, DC_ERR_IO if the DejaVu fonts are missing (path named). */
int dc_formprint_new(dc_formprint **out);
void dc_formprint_free(dc_formprint *fp);

/* Appends one page of template `t` numbered `serial` (the QR holds form, version, serial and
 * t->sheet_page). If page_out is non-NULL it receives the page so a caller can draw more on it
 * (the sample generator writes values onto it); the page belongs to the document.
 * All positions come from the template; DC_ERR_TEMPLATE (naming the file and field) if printed text
 * would touch a cell, box, zone, the QR or a registration mark (3 mm clearance), or cannot fit;
 * the document then holds a partial page and should not be saved. */
int dc_formprint_add_page(dc_formprint *fp, const dc_template *t, const char *serial, HPDF_Page *page_out);

/* Pages in one form set, printed as "Halaman 1 dari N". By default the highest sheet_page among the
 * templates in dc_data_dir()/forms; set it when printing from templates kept elsewhere. */
void dc_formprint_set_sheet_count(dc_formprint *fp, int sheets);

/* The underlying document (owned by fp), e.g. to load more fonts. */
HPDF_Doc dc_formprint_doc(dc_formprint *fp);

/* Converts template millimetres (top-left origin) to PDF points (bottom-left origin) for a page of
 * height page_h_mm. */
double dc_mm_to_pt(double mm);
double dc_pdf_y(double page_h_mm, double y_mm);

/* Writes the document to `path` (atomically; missing folders are created).
 * DC_ERR_IO / DC_ERR_NO_SPACE naming the path. */
int dc_formprint_save(dc_formprint *fp, const char *path);

/* Formats a serial number as printed and encoded: 6 digits, zero-padded ("000123"). */
void dc_serial_format(char buf[16], long serial);

#endif
