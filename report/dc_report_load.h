/* dc_report_load: fills the report models from the archive (read-only SQL on the schema documented
 * in parse/dc_archive.h). The only file of report/ that knows the archive's tables. */
#ifndef DC_REPORT_LOAD_H
#define DC_REPORT_LOAD_H

#include "dc_report.h"

struct sqlite3;
struct dc_archive_problems;

typedef struct dc_report_load_opts {
    int visit_limit_min;          /* SOP step 5 limit for "over the limit" (default 60) */
    const char *signatory_name;   /* monthly signature block; NULL: blank line */
    const char *signatory_nip;
    time_t generated;             /* 0: now */
    const char *rules_text;       /* the rules in force (dc_rules_describe), which the monthly report
                                   * names; NULL: not named */
    const char *rules_stamp;      /* the same with the rules engine (dc_rules_stamp): the monthly report
                                   * names the engine, and counts the records last checked with other
                                   * rules or by another engine; NULL: nothing compared */
} dc_report_load_opts;

#define DC_REPORT_LOAD_OPTS_INIT {60, NULL, NULL, 0, NULL, NULL}

/* A record belongs to a day (month) when its visit date is in it, or, when its visit date could
 * not be read, when the batch it was scanned in is dated in it.
 * `archive_path` is only recorded in the model (shown in the report). `opts` may be NULL.
 * *out belongs to the caller (dc_report_*_free). An empty period gives an empty model, not an
 * error; DC_ERR_VALUE for a malformed period, DC_ERR_ARCHIVE (with SQLite's message) when the
 * archive cannot be read. */
int dc_report_daily_load(dc_report_daily **out, struct sqlite3 *db, const char *archive_path,
                         const char *date, const dc_report_load_opts *opts);
int dc_report_monthly_load(dc_report_monthly **out, struct sqlite3 *db, const char *archive_path,
                           const char *month, const dc_report_load_opts *opts);
/* The audit model's chain fields stay "not checked" until dc_report_audit_set_chain. */
int dc_report_audit_load(dc_report_audit **out, struct sqlite3 *db, const char *archive_path,
                         const char *month, const dc_report_load_opts *opts);

/* Copies the result of dc_archive_verify into the audit model. */
int dc_report_audit_set_chain(dc_report_audit *m, const struct dc_archive_problems *p);

#endif
