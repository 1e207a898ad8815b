/* dc_report: report models (freeing), masking of personal data, file names and periods. */
#include "dc_report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dc_error.h"
#include "dc_record.h"
#include "dc_report_text.h"
#include "dc_util.h"

static void visit_clear(dc_report_visit *v)
{
    free(v->name);
    free(v->institution);
    free(v->id_type);
    free(v->id_number);
    free(v->phone);
    free(v->purpose);
    free(v->purpose_detail);
    free(v->decision);
    free(v->operator_name);
    free(v->escort);
    free(v->badge);
    free(v->arrival_text);
    free(v->entry_text);
    free(v->exit_text);
}

static void findings_free(dc_report_finding *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(f[i].rule);
        free(f[i].field);
        free(f[i].sop_step);
        free(f[i].severity);
        free(f[i].message_id);
        free(f[i].message_en);
    }
    free(f);
}

static void counts_free(dc_report_count *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(c[i].key);
    free(c);
}

static void visits_free(dc_report_visit *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        visit_clear(&v[i]);
    free(v);
}

static void pending_free(dc_report_pending *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].field);
        free(v[i].value);
        free(v[i].read_as);
    }
    free(v);
}

static void pages_free(dc_report_page *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(p[i].file);
        free(p[i].status);
        free(p[i].reason);
        free(p[i].serial);
    }
    free(p);
}

void dc_report_daily_free(dc_report_daily *m)
{
    if (!m)
        return;
    free(m->meta.archive_path);
    visits_free(m->visits, m->nvisits);
    visits_free(m->other_dated, m->nother_dated);
    findings_free(m->findings, m->nfindings);
    pending_free(m->taken, m->ntaken);
    pending_free(m->pending, m->npending);
    pages_free(m->rejected, m->nrejected);
    free(m);
}

void dc_report_monthly_free(dc_report_monthly *m)
{
    if (!m)
        return;
    free(m->meta.archive_path);
    counts_free(m->per_purpose, m->nper_purpose);
    counts_free(m->top_institutions, m->ntop_institutions);
    counts_free(m->per_rule, m->nper_rule);
    counts_free(m->per_step, m->nper_step);
    visits_free(m->visits_list, m->nvisits_list);
    free(m->signatory_name);
    free(m->signatory_nip);
    free(m->rules_text);
    free(m);
}

const char *dc_report_daily_other_date(const dc_report_daily *m, const char *serial)
{
    for (size_t k = 0; k < m->nother_dated; k++)
        if (strcmp(serial, m->other_dated[k].serial) == 0)
            return m->other_dated[k].date;
    return NULL;
}

/* Which of the scan's values count_bases counts. */
typedef enum { ACCEPTED_NOW, ACCEPTED_THEN_CHANGED, ACCEPTED_EVER, EMPTY_THEN_FILLED, REVIEW_THEN_SET } accepted_kind;

/* Whether the scan accepted `fl`'s value: it is accepted now (ACCEPTED_NOW), or its first
 * correction's old state is "accepted" and its value now is another (ACCEPTED_THEN_CHANGED), or
 * either, or corrected to what was read (ACCEPTED_EVER); or the scan read it as empty and a person
 * filled it in (EMPTY_THEN_FILLED: writing the scan did not see); or the scan left it in review
 * and a person set it, to what was read or another value (REVIEW_THEN_SET: not accepted). Never
 * the batch date or the rules a record was checked with, which the audit shows as fields but no
 * scan read. */
static bool accepted(const dc_report_field *fl, accepted_kind kind)
{
    const bool now = fl->state && strcmp(fl->state, "accepted") == 0;
    if (kind == ACCEPTED_NOW || (kind == ACCEPTED_EVER && now))
        return now;
    if (!fl->ncorrections || strcmp(fl->id, "batch_date") == 0 || strcmp(fl->id, "rules") == 0)
        return false;
    const dc_report_correction *first = &fl->corrections[0];
    const char *was = first->old_value ? first->old_value : "", *value = fl->value ? fl->value : "";
    if (kind == EMPTY_THEN_FILLED)
        return first->old_state && strcmp(first->old_state, "empty") == 0 && *value;
    if (kind == REVIEW_THEN_SET)
        return first->old_state && strcmp(first->old_state, "review") == 0;
    if (!first->old_state || strcmp(first->old_state, "accepted") != 0)
        return false;
    return kind == ACCEPTED_EVER || strcmp(was, value) != 0;
}

/* The fields the scan accepted, of `kind`, counted by basis; returns the total. */
static size_t count_bases(const dc_report_audit *m, size_t counts[DC_REPORT_NBASES], accepted_kind kind)
{
    size_t total = 0;
    for (int k = 0; k < DC_REPORT_NBASES; k++)
        counts[k] = 0;
    for (size_t i = 0; i < m->nrecords; i++)
        for (size_t f = 0; f < m->records[i].nfields; f++) {
            const dc_report_field *fl = &m->records[i].fields[f];
            if (!accepted(fl, kind))
                continue;
            dc_field_basis b;
            if (dc_field_basis_parse(&b, fl->basis) != DC_OK) {
                dc_error_clear();
                b = DC_BASIS_NONE; /* a name this version does not know: not recorded */
            }
            counts[b]++;
            total++;
        }
    return total;
}

size_t dc_report_audit_bases(const dc_report_audit *m, size_t counts[DC_REPORT_NBASES])
{
    return count_bases(m, counts, ACCEPTED_EVER);
}

size_t dc_report_audit_corrected_bases(const dc_report_audit *m, size_t counts[DC_REPORT_NBASES])
{
    return count_bases(m, counts, ACCEPTED_THEN_CHANGED);
}

void dc_report_audit_corrected_text(char *buf, size_t len, dc_report_lang lang, const dc_report_audit *m)
{
    size_t acc[DC_REPORT_NBASES], cor[DC_REPORT_NBASES];
    const size_t all = count_bases(m, acc, ACCEPTED_EVER), n = count_bases(m, cor, ACCEPTED_THEN_CHANGED);
    size_t none[DC_REPORT_NBASES];
    const size_t filled = count_bases(m, none, EMPTY_THEN_FILLED), reviewed = count_bases(m, none, REVIEW_THEN_SET);
    if (!all && !filled && !reviewed) {
        snprintf(buf, len, "%s", dc_report_text(lang, T_NONE));
        return;
    }
    /* what it counts, also when none: "0 of 309 accepted values", not "None." beside the
     * corrections of values the scan had left in review */
    size_t at = 0;
    char share[32];
    dc_report_decimal(share, sizeof share, lang, n ? 100.0 * (double)n / (double)all : 0.0, 2);
    if (all)
        at = (size_t)snprintf(buf, len, dc_report_text(lang, T_ACCEPTED_CORRECTED_OF), n, all, share);
    else
        buf[0] = '\0';
    bool first = true;
    for (int k = 0; k < DC_REPORT_NBASES && at < len; k++) {
        const dc_field_basis b = (dc_field_basis)((k + 1) % DC_REPORT_NBASES); /* DC_BASIS_NONE last */
        if (!cor[b])
            continue;
        char why[96];
        dc_report_basis_label(why, sizeof why, lang, "accepted", dc_field_basis_name(b));
        at += (size_t)snprintf(buf + at, len - at, "%s%s %zu", first ? ": " : ", ", why, cor[b]);
        first = false;
    }
    if (filled && at < len)   /* writing it read as an empty field, filled in by a person */
        at += (size_t)snprintf(buf + at, len - at, dc_report_text(lang, T_EMPTY_FILLED), at ? "; " : "", filled);
    if (reviewed && at < len)   /* not accepted: where the month's other corrections are */
        snprintf(buf + at, len - at, dc_report_text(lang, T_REVIEW_SET), at ? "; " : "", reviewed);
}

static void correction_clear(dc_report_correction *c)
{
    free(c->old_value);
    free(c->new_value);
    free(c->who);
    free(c->at);
    free(c->why);
    free(c->old_state);
}

const char *dc_report_field_label(const dc_report_field *f, dc_report_lang lang)
{
    const char *l = f->label[lang == DC_LANG_EN];
    return l ? l : f->id ? f->id : "";
}

bool dc_report_correction_confirms(const dc_report_correction *c)
{
    return strcmp(c->old_value ? c->old_value : "", c->new_value ? c->new_value : "") == 0;
}

const char *dc_report_field_state_label(const dc_report_field *f, dc_report_lang lang)
{
    bool confirmed = f->state && strcmp(f->state, "corrected") == 0 && f->ncorrections > 0;
    for (size_t k = 0; k < f->ncorrections && confirmed; k++)
        confirmed = dc_report_correction_confirms(&f->corrections[k]);
    return confirmed ? dc_report_text(lang, T_STATE_CONFIRMED) : dc_report_state_label(lang, f->state);
}

/* A label as the form prints it (see dc_report_field_label_set), then `after` in brackets when
 * not NULL; NULL when there is none, or out of memory (*oom). */
static char *paper_label(const char *label, const char *after, bool *oom)
{
    if (!label || !*label)
        return NULL;
    size_t n = strlen(label);
    const char *open = strstr(label, " (");
    if (open && label[n - 1] == ')')
        n = (size_t)(open - label);
    char *s = after ? dc_asprintf("%.*s (%s)", (int)n, label, after) : dc_asprintf("%.*s", (int)n, label);
    *oom = *oom || !s;
    return s;
}

int dc_report_field_label_set(dc_report_field *f, const char *text_id, const char *text_en, int row, const char *form)
{
    bool oom = false;
    for (int lang = DC_LANG_ID; lang <= DC_LANG_EN; lang++) {
        const dc_report_lang l = (dc_report_lang)lang;
        const char *text = lang == DC_LANG_EN ? text_en : text_id;
        char where[48];
        snprintf(where, sizeof where, "%s %d", dc_report_text(l, T_DEVICE_ROW_OF), row);
        if (!text_id && !text_en && f->id && strcmp(f->id, "batch_date") == 0)
            text = dc_report_text(l, T_FIELD_BATCH_DATE);
        else if (!text_id && !text_en && f->id && strcmp(f->id, "rules") == 0)
            text = dc_report_text(l, T_FIELD_RULES);
        if (!f->label[lang])
            f->label[lang] = paper_label(text, row > 0 ? where : form ? dc_report_form_label(l, form) : NULL, &oom);
    }
    return oom ? dc_error_set(DC_ERR_NOMEM, "out of memory") : DC_OK;
}

/* The row of the device checklist's table that field `id` is in ("device_3_name": 3), 0 for
 * another field. */
static int device_row(const char *id)
{
    int row = 0, n = 0;
    return id && sscanf(id, "device_%d_%n", &row, &n) == 1 && n > 0 && row > 0 ? row : 0;
}

bool dc_report_unused_device_rows(const dc_report_record *r, size_t i, dc_report_unused_rows *out)
{
    memset(out, 0, sizeof *out);
    const int first = i < r->nfields ? device_row(r->fields[i].id) : 0;
    if (!first || (i > 0 && device_row(r->fields[i - 1].id) == first))
        return false;
    out->least = 1.0;
    size_t j = i;
    for (int row = first;; row++) {
        size_t k = j;
        bool unused = true;
        double least = out->least;
        for (; k < r->nfields && device_row(r->fields[k].id) == row; k++) {
            const dc_report_field *f = &r->fields[k];
            const bool blank = f->state && strcmp(f->state, "empty") == 0;
            /* a box read as not ticked; a remark or a name reading "false" is something written */
            const bool unticked = f->state && strcmp(f->state, "accepted") == 0 && f->value &&
                                  strcmp(f->value, "false") == 0 && dc_record_field_is_tick(f->id);
            unused = unused && (blank || unticked) && f->ncorrections == 0;
            least = f->confidence < least ? f->confidence : least;
        }
        if (k == j || !unused)
            break;
        out->first_row = first;
        out->last_row = row;
        out->least = least;
        j = k;
    }
    out->end = j;
    return out->last_row > 0;
}

void dc_report_audit_free(dc_report_audit *m)
{
    if (!m)
        return;
    free(m->meta.archive_path);
    for (size_t i = 0; i < m->nproblems; i++)
        free(m->problems[i]);
    free(m->problems);
    for (size_t i = 0; i < m->nrecords; i++) {
        dc_report_record *r = &m->records[i];
        visit_clear(&r->visit);
        for (size_t s = 0; s < r->nsources; s++) {
            free(r->sources[s].form);
            free(r->sources[s].file);
            free(r->sources[s].thumb_png);
        }
        for (size_t f = 0; f < r->nfields; f++) {
            dc_report_field *fl = &r->fields[f];
            free(fl->id);
            free(fl->value);
            free(fl->state);
            free(fl->basis);
            free(fl->read_as);
            free(fl->label[0]);
            free(fl->label[1]);
            for (size_t c = 0; c < fl->ncorrections; c++)
                correction_clear(&fl->corrections[c]);
            free(fl->corrections);
        }
        free(r->fields);
        findings_free(r->findings, r->nfindings);
    }
    free(m->records);
    pages_free(m->pages_out, m->npages_out);
    for (size_t i = 0; i < m->nlate; i++) {
        free(m->late[i].serial);
        free(m->late[i].field);
        free(m->late[i].visit_date);
        free(m->late[i].label[0]);
        free(m->late[i].label[1]);
        correction_clear(&m->late[i].c);
    }
    free(m->late);
    for (size_t i = 0; i < m->nprints; i++) {
        free(m->prints[i].form);
        free(m->prints[i].at);
        free(m->prints[i].file);
        free(m->prints[i].missing);
    }
    free(m->prints);
    dc_report_lines_free(m->unprinted, m->nunprinted);
    dc_report_lines_free(m->checklist_only, m->nchecklist_only);
    free(m->early);
    free(m);
}

char *dc_report_mask(const char *s)
{
    if (!s)
        return NULL;
    char *out = dc_strdup(s);
    if (!out)
        return NULL;
    size_t n = strlen(out);
    for (size_t i = 0; i < n; i++)
        if (n <= 8 || (i >= 4 && i < n - 4))
            out[i] = '*';
    return out;
}

char *dc_report_filename(dc_report_kind kind, dc_report_lang lang, const char *period, const char *ext)
{
    /* "audit" is a word of both languages: the English one says so, else it would overwrite the
     * Indonesian one written into the same folder (an auditor's copy beside the signed one) */
    const char *stem = lang == DC_LANG_EN ? "audit-en" : "audit";
    if (kind == DC_REPORT_DAILY)
        stem = lang == DC_LANG_EN ? "daily" : "harian";
    else if (kind == DC_REPORT_MONTHLY)
        stem = lang == DC_LANG_EN ? "monthly" : "bulanan";
    return dc_asprintf("%s-%s.%s", stem, period, ext);
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

int dc_report_period_parse(dc_report_kind kind, const char *period, int *year, int *month, int *day)
{
    bool daily = kind == DC_REPORT_DAILY;
    size_t want = daily ? 10 : 7;
    const char *form = daily ? "YYYY-MM-DD" : "YYYY-MM";
    if (!period || strlen(period) != want || period[4] != '-' || !all_digits(period, 4) ||
        !all_digits(period + 5, 2) || (daily && (period[7] != '-' || !all_digits(period + 8, 2))))
        return dc_error_set(DC_ERR_VALUE, "%s: expected a %s of the form %s", period ? period : "(none)",
                            daily ? "date" : "month", form);
    int y = atoi(period), m = atoi(period + 5), d = daily ? atoi(period + 8) : 0;
    if (y < 1900 || m < 1 || m > 12 || (daily && (d < 1 || d > dc_days_in_month(y, m))))
        return dc_error_set(DC_ERR_VALUE, "%s: not a real %s (%s)", period, daily ? "date" : "month", form);
    if (year)
        *year = y;
    if (month)
        *month = m;
    if (day)
        *day = d;
    return DC_OK;
}

int dc_report_check_folder(const char *path)
{
    char *dir = dc_strdup(path);
    if (!dir)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    char *slash = strrchr(dir, '/');
    if (!slash)
        snprintf(dir, strlen(dir) + 1, ".");
    else if (slash == dir)
        slash[1] = 0;
    else
        *slash = 0;
    struct stat st, at;
    const bool there = lstat(path, &at) == 0;   /* the report of that name there already */
    int rc = DC_OK;
    if (stat(dir, &st) != 0)
        rc = dc_error_set(DC_ERR_IO, "output folder %s: %s", dir, strerror(errno));
    else if (!S_ISDIR(st.st_mode))
        rc = dc_error_set(DC_ERR_IO, "output folder %s: not a folder", dir);
    else if (access(dir, W_OK) != 0)
        rc = dc_error_set(DC_ERR_IO, "output folder %s: not writable (%s)", dir, strerror(errno));
    /* the report there already: one made read-only was protected on purpose (a signed copy, one
     * passed on); the rename that puts the new one in place would replace it all the same, even
     * as root */
    else if (there && S_ISDIR(at.st_mode))
        rc = dc_error_set(DC_ERR_IO, "%s is a folder: move it away, or write the report into another folder with -o",
                          path);
    else if (there && S_ISREG(at.st_mode) && !(at.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)))
        rc = dc_error_set(DC_ERR_IO, "%s is read-only (protected, a signed copy?): kept as it is; write the report "
                                     "into another folder with -o, or make the file writable first",
                          path);
    free(dir);
    return rc;
}
