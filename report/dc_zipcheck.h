/* dc_zipcheck: reads back a workbook we wrote and says whether every part of it is whole.
 *
 * Why: libxlsxwriter writes each part of a workbook (a sheet, a chart, the styles) to a temporary
 * file and copies it into the zip without checking that the temporary file was written. When the
 * temporary folder's disk is full, the part is cut short, workbook_close() still succeeds, and the
 * workbook opens in a spreadsheet as "damaged" or not at all. So the report module reads every
 * workbook back before moving it into place. */
#ifndef DC_ZIPCHECK_H
#define DC_ZIPCHECK_H

#include <stddef.h>

/* Checks the zip file at `path`: its end record and central directory are sound, every member's
 * local header agrees with its directory entry (name, method, flags, version needed, CRC-32 and
 * sizes, or a data descriptor that holds them), every member's data inflate to its recorded size
 * and CRC-32 and end where its compressed size says, and every XML part (.xml, .rels, .vml) is
 * UTF-8 text without control characters (bar tab and line ends) and a whole document (after its
 * declaration, comments and white space, it ends by closing the element it opens with). ZIP64
 * and encrypted members are refused (our workbooks have neither).
 *
 * Returns DC_OK; DC_ERR_XLSX with a detail naming `path` and, where there is one, the member
 * ("part xl/worksheets/sheet8.xml is cut short"); DC_ERR_IO (cannot read the file); or
 * DC_ERR_NOMEM. Does not print. */
int dc_zip_check(const char *path);

/* The same on a zip held in memory (`data`, `len` bytes, not owned); `name` is used only in the
 * error detail. */
int dc_zip_check_buffer(const unsigned char *data, size_t len, const char *name);

#endif
