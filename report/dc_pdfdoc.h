/* dc_pdfdoc: a libharu document set up the dcaccess way (UTF-8, DejaVu fonts, compression, errors). */
#ifndef DC_PDFDOC_H
#define DC_PDFDOC_H

#include <hpdf.h>

/* Where Debian's fonts-dejavu-core puts the fonts every dcaccess PDF embeds. */
#define DC_PDF_FONT_DIR "/usr/share/fonts/truetype/dejavu"

/* Embed in the owning struct (libharu's error handler keeps a pointer to it: do not move it
 * while open). libharu errors are sticky; the first one is kept until dc_pdfdoc_check. */
typedef struct dc_pdfdoc {
    HPDF_Doc doc;
    HPDF_STATUS error, detail;
} dc_pdfdoc;

/* Creates the document with compression and the UTF-8 encoder. DC_ERR_PDF_OUTPUT on failure
 * (d is then closed). */
int dc_pdfdoc_open(dc_pdfdoc *d);
/* Turns a pending libharu error into DC_ERR_PDF_OUTPUT naming `what`, and clears it. */
int dc_pdfdoc_check(dc_pdfdoc *d, const char *what);
/* Loads DC_PDF_FONT_DIR/`file` embedded, as a UTF-8 font. DC_ERR_IO naming the path when the
 * font is missing (with the package to install), DC_ERR_PDF_OUTPUT when libharu refuses it. */
int dc_pdfdoc_font(dc_pdfdoc *d, const char *file, HPDF_Font *out);
/* Forgets a pending libharu error that the caller tolerates (e.g. an unreadable thumbnail). */
void dc_pdfdoc_clear(dc_pdfdoc *d);
/* Builds the PDF in memory and writes it atomically to `path` (temp file + rename), so a failed
 * save never leaves half a PDF: DC_ERR_PDF_OUTPUT, DC_ERR_IO or DC_ERR_NO_SPACE naming the path.
 * The folder must exist. */
int dc_pdfdoc_save(dc_pdfdoc *d, const char *path);
/* Frees the document; safe on a closed or zeroed struct. */
void dc_pdfdoc_close(dc_pdfdoc *d);

#endif
