/* dc_pdfdoc: libharu document set-up and sticky-error handling shared by every PDF dcaccess writes. */
#include "dc_pdfdoc.h"
#include "dc_error.h"
#include "dc_util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
    dc_pdfdoc *d = user;
    if (d->error == HPDF_OK) {
        d->error = error_no;
        d->detail = detail_no;
    }
}

int dc_pdfdoc_check(dc_pdfdoc *d, const char *what)
{
    if (d->error == HPDF_OK)
        return DC_OK;
    int rc = dc_error_set(DC_ERR_PDF_OUTPUT, "%s: libharu error 0x%04lX (detail %lu)", what,
                          (unsigned long)d->error, (unsigned long)d->detail);
    d->error = HPDF_OK;
    d->detail = 0;
    HPDF_ResetError(d->doc);
    return rc;
}

int dc_pdfdoc_open(dc_pdfdoc *d)
{
    memset(d, 0, sizeof *d);
    d->doc = HPDF_New(on_error, d);
    if (!d->doc)
        return dc_error_set(DC_ERR_PDF_OUTPUT, "libharu: cannot create a document");
    HPDF_SetCompressionMode(d->doc, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(d->doc);
    HPDF_SetCurrentEncoder(d->doc, "UTF-8");
    int rc = dc_pdfdoc_check(d, "libharu UTF-8 set-up");
    if (rc)
        dc_pdfdoc_close(d);
    return rc;
}

int dc_pdfdoc_font(dc_pdfdoc *d, const char *file, HPDF_Font *out)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", DC_PDF_FONT_DIR, file);
    if (access(path, R_OK) != 0)
        return dc_error_set(DC_ERR_IO, "%s: %s (install fonts-dejavu-core)", path, strerror(errno));
    const char *name = HPDF_LoadTTFontFromFile(d->doc, path, HPDF_TRUE);
    *out = name ? HPDF_GetFont(d->doc, name, "UTF-8") : NULL;
    if (!*out)
        return dc_pdfdoc_check(d, path) ? DC_ERR_PDF_OUTPUT
                                         : dc_error_set(DC_ERR_PDF_OUTPUT, "%s: cannot load as a UTF-8 font", path);
    return DC_OK;
}

void dc_pdfdoc_close(dc_pdfdoc *d)
{
    if (d->doc)
        HPDF_Free(d->doc);
    d->doc = NULL;
}

void dc_pdfdoc_clear(dc_pdfdoc *d)
{
    d->error = HPDF_OK;
    d->detail = 0;
    HPDF_ResetError(d->doc);
}

int dc_pdfdoc_save(dc_pdfdoc *d, const char *path)
{
    int rc = dc_pdfdoc_check(d, path);
    if (rc)
        return rc;
    if (HPDF_SaveToStream(d->doc) != HPDF_OK)
        return dc_pdfdoc_check(d, path) ? DC_ERR_PDF_OUTPUT : dc_error_set(DC_ERR_PDF_OUTPUT, "%s: cannot build", path);
    HPDF_UINT32 size = HPDF_GetStreamSize(d->doc);
    unsigned char *buf = malloc(size ? size : 1);
    if (!buf)
        return dc_error_set(DC_ERR_NOMEM, "%s: out of memory", path);
    HPDF_ResetStream(d->doc);
    HPDF_UINT32 got = 0;
    while (got < size) {
        HPDF_UINT32 chunk = size - got;
        HPDF_STATUS st = HPDF_ReadFromStream(d->doc, buf + got, &chunk);
        got += chunk;
        if (st != HPDF_OK || chunk == 0)
            break;
    }
    dc_pdfdoc_clear(d); /* HPDF_ReadFromStream reports the end of the stream as an error */
    if (got != size) {
        free(buf);
        return dc_error_set(DC_ERR_PDF_OUTPUT, "%s: libharu returned %lu of %lu bytes", path, (unsigned long)got,
                            (unsigned long)size);
    }
    rc = dc_write_file_atomic(path, buf, size);
    free(buf);
    return rc;
}
