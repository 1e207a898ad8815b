/* dc_pdfdoc: libharu document set-up and sticky-error handling shared by every PDF dcaccess writes. */
#include "dc_pdfdoc.h"
#include "dc_error.h"
#include "dc_util.h"

#include <hpdf_objects.h>
#include <hpdf_streams.h>

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

/* libharu 2.3 gives a UTF-8 TrueType font the encoding's CMap as its ToUnicode map. That CMap maps
 * codes to CIDs (begincidrange), which a ToUnicode map must not: viewers warn ("Invalid
 * 'begincidrange' operator in ToUnicode CMap") and may copy or search the text wrongly. With the
 * UTF-8 encoder a code is the character's own UTF-16 value, so the right map is the identity onto
 * Unicode, written here in its place as bfranges of one high byte each (a bfrange may not cross
 * one; the surrogate blocks D8-DF are left out). Fonts whose ToUnicode map is not libharu's
 * UTF-8 CMap are left alone. */
static void fix_to_unicode(HPDF_Font font)
{
    HPDF_Dict tu = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
    if (!tu || !tu->stream)
        return;
    HPDF_Name cmap_name = HPDF_Dict_GetItem(tu, "CMapName", HPDF_OCLASS_NAME);
    if (!cmap_name || strcmp(cmap_name->value, "UTF-8") != 0)
        return;
    HPDF_MemStream_FreeData(tu->stream);
    HPDF_Stream_WriteStr(tu->stream,
                         "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                         "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                         "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                         "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    int highs[256], n = 0;
    for (int hi = 0; hi < 256; hi++)
        if (hi < 0xD8 || hi > 0xDF)
            highs[n++] = hi;
    for (int i = 0; i < n; i += 100) {
        const int block = n - i < 100 ? n - i : 100;
        char line[64];
        snprintf(line, sizeof line, "%d beginbfrange\n", block);
        HPDF_Stream_WriteStr(tu->stream, line);
        for (int k = i; k < i + block; k++) {
            snprintf(line, sizeof line, "<%02X00> <%02XFF> <%02X00>\n", highs[k], highs[k], highs[k]);
            HPDF_Stream_WriteStr(tu->stream, line);
        }
        HPDF_Stream_WriteStr(tu->stream, "endbfrange\n");
    }
    HPDF_Stream_WriteStr(tu->stream, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
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
    fix_to_unicode(*out);
    return dc_pdfdoc_check(d, path);
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
