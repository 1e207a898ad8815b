/* dc_report_xlsx: renders the report models as XLSX workbooks (libxlsxwriter). */
#ifndef DC_REPORT_XLSX_H
#define DC_REPORT_XLSX_H

#include "dc_report.h"

/* Each writes one workbook to `path` (through a temporary file renamed into place, so an existing
 * report is never left half-written): one sheet per view, frozen header row, autofilter, real
 * Excel dates and times, fitted column widths, document properties. The monthly workbook has native
 * charts (visits per day, per purpose, per hour). DC_ERR_XLSX / DC_ERR_IO naming the path. */
int dc_report_daily_xlsx(const dc_report_daily *m, dc_report_lang lang, const char *path);
int dc_report_monthly_xlsx(const dc_report_monthly *m, dc_report_lang lang, const char *path);
int dc_report_audit_xlsx(const dc_report_audit *m, dc_report_lang lang, const char *path);

#endif
