/* dc_report_pdf: renders the report models as A4 PDFs (libharu, embedded DejaVu fonts). */
#ifndef DC_REPORT_PDF_H
#define DC_REPORT_PDF_H

#include "dc_report.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Each writes one PDF to `path` (through a temporary file renamed into place): the SOP header on
 * every page, "Halaman N dari M" / "Page N of M", the generation time and the archive path in
 * every footer; tables that continue on a new page repeat their header row. The monthly report
 * draws its charts (bars with axes and labels) and ends with the signature block of the Kepala
 * Seksi Jaringan dan Data Center; the audit report starts with the archive's chain check and shows
 * each record's source page thumbnail. DC_ERR_PDF_OUTPUT / DC_ERR_IO naming the path. */
int dc_report_daily_pdf(const dc_report_daily *m, dc_report_lang lang, const char *path);
int dc_report_monthly_pdf(const dc_report_monthly *m, dc_report_lang lang, const char *path);
int dc_report_audit_pdf(const dc_report_audit *m, dc_report_lang lang, const char *path);

/* Characters a report's text holds that its PDF cannot show: the fonts (DejaVu) have no glyph for
 * them (they print as boxes: Chinese characters, for one), or they lie outside the Basic
 * Multilingual Plane (an emoji, left out). The XLSX shows them. */
typedef struct dc_report_unshown {
    uint32_t chars[6]; /* the first distinct ones, in the order met */
    size_t nchars;
    bool more;         /* there are more than these */
} dc_report_unshown;
/* What the PDF the calling thread last wrote could not show (nchars 0: everything shows); the
 * library owns it, valid until that thread writes the next PDF. Reset when a PDF is begun, so a
 * PDF that failed leaves nchars 0. */
const dc_report_unshown *dc_report_pdf_unshown(void);

#endif
