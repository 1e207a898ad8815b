/* dc_report_text: the report string tables (Indonesian, English). */
#include "dc_report_text.h"
#include "dc_report.h"
#include "dc_error.h"
#include "dc_page.h"
#include "dc_record.h"
#include "dc_util.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const texts[T__COUNT][2] = {
#define DC_TEXT_ROW(key, id, en) [key] = {id, en},
    DC_REPORT_TEXTS(DC_TEXT_ROW)
#undef DC_TEXT_ROW
};

typedef struct labelled {
    const char *key, *id, *en;
} labelled;

static const labelled rules[] = {
    {"required_missing", "Isian wajib kosong", "Required field missing"},
    {"id_invalid", "Nomor identitas tidak valid", "ID number invalid"},
    {"no_decision", "Tidak ada keputusan", "No decision"},
    {"entered_while_refused", "Masuk padahal ditolak", "Entered while refused"},
    {"not_escorted", "Tidak didampingi", "Not escorted"},
    {"no_badge", "Tanpa tanda pengenal pengunjung", "No visitor badge"},
    {"over_time_limit", "Kunjungan melebihi batas waktu", "Visit over time limit"},
    {"no_exit_time", "Jam keluar tidak tercatat", "No exit time"},
    {"times_inconsistent", "Waktu tidak konsisten", "Times inconsistent"},
    {"badge_not_returned", "Tanda pengenal pengunjung tidak dikembalikan", "Visitor badge not returned"},
    {"id_not_returned", "Identitas pengunjung tidak dikembalikan", "Visitor's ID not returned"},
    {"devices_unlisted", "Perangkat tidak didaftar", "Devices unlisted"},
    {"device_not_taken_out", "Perangkat tidak dibawa keluar", "Device not taken out"},
    {"device_not_brought_in", "Perangkat keluar tanpa tercatat masuk", "Device taken out but not brought in"},
    {"slow_service", "Pelayanan lambat", "Slow service"},
    {"signature_missing", "Tanda tangan kosong", "Signature missing"},
    {"date_mismatch", "Tanggal kunjungan tidak sesuai tanggal pemindaian", "Visit date differs from scan date"},
    {"access_form_missing", "Formulir akses tidak ada", "Access form missing"},
    {"several_choices", "Lebih dari satu pilihan dicentang", "More than one choice ticked"},
    {"devices_undeclared", "Perangkat tercatat tanpa dinyatakan", "Devices listed but not declared"},
};

/* What the SOP (111/TKPBET.DKI/2020, "Prosedur Akses Ruang Data Center") asks at a step, in short:
 * the steps the rules name (dc_rules.c; a rules file may name others, which have no text). */
static const labelled sop_steps[] = {
    {"2", "Pengunjung mengisi formulir dengan lengkap dan menyerahkan tanda pengenal diri yang sah",
     "The visitor fills in the form completely and hands over a valid ID card"},
    {"3", "Pengunjung memberikan formulir kepada operator untuk meminta ijin akses",
     "The visitor gives the form to the operator to request access"},
    {"4", "Operator memverifikasi formulir dan memutuskan ijin akses", "The operator checks the form and decides on access"},
    {"2-4", "Formulir diisi, diverifikasi dan ijin diputuskan: 5 menit tiap langkah",
     "The form filled in, checked and access decided: 5 minutes a step"},
    {"5", "Di ruang server pengunjung didampingi, diawasi dan memakai tanda pengenal pengunjung: 1 jam",
     "In the server room the visitor is escorted, supervised and wears the visitor badge: 1 hour"},
    {"5-6", "Kunjungan di ruang server dan penyelesaian formulir (jam masuk dan keluar)",
     "The visit to the server room and completing the form (entry and exit times)"},
    {"6", "Seusai kunjungan: perangkat yang dibawa didaftar, jam keluar dicatat, tanda pengenal pengunjung dikembalikan",
     "After the visit: the devices brought listed, the exit time written, the visitor badge returned"},
    {"7", "Pengunjung menyerahkan formulir kepada operator untuk diarsip", "The visitor hands the form to the operator for archiving"},
};

/* The options of the choice fields (decision, ID type, purpose, brings devices) are the record
 * layer's (dc_record_option_label), as a tick box's and a signature's words are
 * (dc_record_tick_word): one table, beside the options the records take. The monthly report's
 * count of visits with more than one purpose ticked is the reports' own. */
static const labelled purpose_counts[] = {
    {"several", "Lebih dari satu dicentang", "More than one ticked"},
};

static const labelled forms[] = {
    {"access", "formulir akses", "access form"},           /* "Formulir Akses Ruang Server" */
    {"checklist", "ceklist perangkat", "device checklist"}, /* "Ceklist Perangkat Ruang Server" */
};

static const char *const months[12][2] = {
    {"Januari", "January"}, {"Februari", "February"}, {"Maret", "March"}, {"April", "April"},
    {"Mei", "May"}, {"Juni", "June"}, {"Juli", "July"}, {"Agustus", "August"},
    {"September", "September"}, {"Oktober", "October"}, {"November", "November"},
    {"Desember", "December"}};

static int lang_index(dc_report_lang lang) { return lang == DC_LANG_EN ? 1 : 0; }

const char *dc_report_text(dc_report_lang lang, dc_text key)
{
    if ((int)key < 0 || key >= T__COUNT)
        return "";
    return texts[key][lang_index(lang)];
}

/* The label of the `len` characters at key: from `table`, or (field not NULL) the option of choice
 * field `field`; NULL for none. */
static const char *lookup_one(const labelled *table, size_t n, const char *field, dc_report_lang lang,
                              const char *key, size_t len)
{
    if (field) {
        char code[32];
        if (len >= sizeof code)
            return NULL;
        memcpy(code, key, len);
        code[len] = '\0';
        return dc_record_option_label(field, code, lang == DC_LANG_EN);
    }
    for (size_t i = 0; i < n; i++)
        if (strlen(table[i].key) == len && strncmp(table[i].key, key, len) == 0)
            return lang == DC_LANG_EN ? table[i].en : table[i].id;
    return NULL;
}

/* A choice's label; several ticked, stored "maintenance+hosting", as each one's label joined by
 * " + " (they showed as the stored keys), in one of a few buffers of the calling thread (a row
 * of a table may hold several such labels). */
static const char *lookup(const labelled *table, size_t n, const char *field, dc_report_lang lang, const char *key)
{
    if (!key)
        return "";
    if (!strchr(key, '+')) {
        const char *l = lookup_one(table, n, field, lang, key, strlen(key));
        return l ? l : key;
    }
    static _Thread_local char ring[4][512];
    static _Thread_local unsigned next;
    char *buf = ring[next++ % 4];
    size_t o = 0;
    buf[0] = '\0';
    for (const char *k = key; o < sizeof ring[0];) {
        const size_t len = strcspn(k, "+");
        const char *l = lookup_one(table, n, field, lang, k, len);
        const int w = l ? snprintf(buf + o, sizeof ring[0] - o, "%s%s", o ? " + " : "", l)
                        : snprintf(buf + o, sizeof ring[0] - o, "%s%.*s", o ? " + " : "", (int)len, k);
        o += w > 0 ? (size_t)w : 0;
        if (!k[len])
            break;
        k += len + 1;
    }
    return buf;
}

#define LOOKUP(table, lang, key) lookup(table, sizeof table / sizeof table[0], NULL, lang, key)
#define OPTION_LABEL(field, lang, key) lookup(NULL, 0, field, lang, key)

const char *dc_report_rule_label(dc_report_lang lang, const char *rule) { return LOOKUP(rules, lang, rule); }

const char *dc_report_sop_step_label(dc_report_lang lang, const char *step)
{
    const char *l = step ? lookup_one(sop_steps, sizeof sop_steps / sizeof sop_steps[0], NULL, lang, step, strlen(step)) : NULL;
    return l ? l : "";
}

const char *dc_report_purpose_label(dc_report_lang lang, const char *purpose)
{
    if (!purpose)   /* left blank on the paper (required_missing), or still in review */
        return lang == DC_LANG_EN ? "Not filled in or not yet read" : "Tidak diisi atau belum terbaca";
    if (strcmp(purpose, "several") == 0)
        return LOOKUP(purpose_counts, lang, purpose);
    return OPTION_LABEL("purpose", lang, purpose);
}

const char *dc_report_visit_purpose_label(dc_report_lang lang, const dc_report_visit *v)
{
    if (v->purpose)
        return dc_report_purpose_label(lang, v->purpose);
    if (v->purpose_confirmed_empty)
        return dc_report_text(lang, T_CONFIRMED_EMPTY);
    /* "not filled in or not yet read" left the reader to guess which: the name cells' mark for a
     * reading in review, else left blank on the paper */
    return dc_report_text(lang, v->purpose_in_review ? T_CELL_IN_REVIEW : T_NOT_FILLED_IN);
}

const char *dc_report_decision_label(dc_report_lang lang, const char *decision)
{
    return OPTION_LABEL("decision", lang, decision);
}

static const labelled page_statuses[] = {
    {"rejected", "ditolak", "rejected"},
    {"duplicate", "ganda", "duplicate"},
    {"blank", "tidak terpakai", "unused form"},   /* only forms with nothing written are listed */
};

void dc_report_rules_text(char *buf, size_t len, dc_report_lang lang, const dc_report_monthly *m)
{
    const char *shown = !m->rules_text                             ? "–"
                        : strcmp(m->rules_text, "SOP defaults") == 0 ? dc_report_text(lang, T_M_RULES_SOP)
                                                                     : m->rules_text;
    if (m->rules_text && m->rules_engine > 0)
        snprintf(buf, len, dc_report_text(lang, T_M_RULES_ENGINE), shown, m->rules_engine);
    else
        snprintf(buf, len, "%s", shown);
}

void dc_report_other_institutions_text(char *buf, size_t len, dc_report_lang lang, long n)
{
    if (lang == DC_LANG_EN)
        snprintf(buf, len, dc_report_text(lang, T_OTHER_INSTITUTIONS), n, n == 1 ? "" : "s");
    else
        snprintf(buf, len, dc_report_text(lang, T_OTHER_INSTITUTIONS), n);
}

void dc_report_before_review_text(char *buf, size_t len, dc_report_lang lang, long n)
{
    if (n <= 0)
        snprintf(buf, len, "%s", "");
    else
        snprintf(buf, len, dc_report_text(lang, T_BEFORE_REVIEW), n, lang == DC_LANG_EN && n != 1 ? "s" : "");
}

void dc_report_unfinished_text(char *buf, size_t len, dc_report_lang lang, long n)
{
    if (lang == DC_LANG_EN)
        snprintf(buf, len, dc_report_text(lang, T_UNFINISHED_WARNING), n, n == 1 ? "" : "es", n == 1 ? "is" : "are");
    else
        snprintf(buf, len, dc_report_text(lang, T_UNFINISHED_WARNING), n);
}

void dc_report_chain_warning_text(char *buf, size_t len, dc_report_lang lang, const dc_report_meta *meta)
{
    const long n = meta->chain_problems;
    if (meta->sources_missing == n && lang == DC_LANG_EN)
        snprintf(buf, len, dc_report_text(lang, T_SOURCES_WARNING), n, n == 1 ? " is" : "s are", n == 1 ? "it was" : "they were");
    else if (meta->sources_missing == n)
        snprintf(buf, len, dc_report_text(lang, T_SOURCES_WARNING), n);
    else
        snprintf(buf, len, dc_report_text(lang, T_CHAIN_WARNING), n, n == 1 ? "" : "s");
}

const char *dc_report_page_status_label(dc_report_lang lang, const char *status)
{
    return status ? LOOKUP(page_statuses, lang, status) : "";
}

const char *dc_report_status_label(dc_report_lang lang, const dc_report_visit *v)
{
    if (!v->has_access)
        return dc_report_text(lang, T_STATUS_NO_ACCESS_FORM);
    return dc_report_text(lang, v->needs_review ? T_STATUS_REVIEW : T_STATUS_COMPLETE);
}

const char *dc_report_status_or_refused_label(dc_report_lang lang, const dc_report_visit *v)
{
    if (!v->has_access || !v->decision || strcmp(v->decision, "refused") != 0)
        return dc_report_status_label(lang, v);
    return v->needs_review ? dc_report_text(lang, T_STATUS_REFUSED_REVIEW) : dc_report_decision_label(lang, "refused");
}
const char *dc_report_id_type_label(dc_report_lang lang, const char *id_type)
{
    return OPTION_LABEL("id_type", lang, id_type);
}

const char *dc_report_field_value_label(dc_report_lang lang, const char *field, const char *value)
{
    if (!value || !field)
        return value;
    if (dc_record_field_is_choice(field))
        return OPTION_LABEL(field, lang, value);
    /* told by the field, not the value: a remark, a device's name or the purpose's details may be
     * "true" or "false" as written, and read "ticked" / "not ticked" */
    const char *word = dc_record_tick_word(field, value, lang == DC_LANG_EN);
    return word ? word : value;
}

const char *dc_report_form_label(dc_report_lang lang, const char *form) { return LOOKUP(forms, lang, form); }

char *dc_report_page_reason(const char *reason)
{
    if (!reason)
        return NULL;
    /* each form's code as the scan's reasons use it: in a word "form CODE ", and at the start
     * (DC_PAGE_VERSION_MARKS_FMT) "... of CODE vN"; then the English name instead */
    enum { NPATTERNS = 2 * sizeof forms / sizeof forms[0] };
    struct {
        char from[96], to[96];
        bool at_start;
    } pat[NPATTERNS];
    for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
        snprintf(pat[2 * f].from, sizeof pat[2 * f].from, "form %s ", forms[f].key);
        snprintf(pat[2 * f].to, sizeof pat[2 * f].to, "%s ", forms[f].en);
        pat[2 * f].at_start = false;
        snprintf(pat[2 * f + 1].from, sizeof pat[2 * f + 1].from, DC_PAGE_VERSION_MARKS_START "%s v", forms[f].key);
        snprintf(pat[2 * f + 1].to, sizeof pat[2 * f + 1].to, DC_PAGE_VERSION_MARKS_START "%s v", forms[f].en);
        pat[2 * f + 1].at_start = true;
    }
    /* a name is at most 7 bytes longer than the code it stands for, which takes 8 or more */
    char *out = malloc(2 * strlen(reason) + 1), *w = out;
    if (!out)
        return NULL;
    for (const char *r = reason; *r;) {
        const bool word = r == reason || !(isalnum((unsigned char)r[-1]) || r[-1] == '_');
        size_t k = 0;
        while (k < NPATTERNS && !((pat[k].at_start ? r == reason : word) &&
                                  strncmp(r, pat[k].from, strlen(pat[k].from)) == 0))
            k++;
        if (k == NPATTERNS) {
            *w++ = *r++;
            continue;
        }
        const size_t n = strlen(pat[k].to);
        memcpy(w, pat[k].to, n);
        w += n;
        r += strlen(pat[k].from);
    }
    *w = '\0';
    return out;
}

const char *dc_report_name_cell(dc_report_lang lang, const char *value, bool in_review)
{
    if (value)
        return value;
    return in_review ? dc_report_text(lang, T_CELL_IN_REVIEW) : "";
}

const char *dc_report_severity_label(dc_report_lang lang, const char *severity)
{
    if (!severity)
        return "";
    if (strcmp(severity, "error") == 0)
        return dc_report_text(lang, T_SEV_ERROR);
    if (strcmp(severity, "violation") == 0)
        return dc_report_text(lang, T_SEV_VIOLATION);
    if (strcmp(severity, "warning") == 0)
        return dc_report_text(lang, T_SEV_WARNING);
    return severity;
}

const char *dc_report_state_label(dc_report_lang lang, const char *state)
{
    if (!state)
        return "";
    if (strcmp(state, "empty") == 0)
        return dc_report_text(lang, T_STATE_EMPTY);
    if (strcmp(state, "accepted") == 0)
        return dc_report_text(lang, T_STATE_ACCEPTED);
    if (strcmp(state, "review") == 0)
        return dc_report_text(lang, T_STATE_REVIEW);
    if (strcmp(state, "corrected") == 0)
        return dc_report_text(lang, T_STATE_CORRECTED);
    return state;
}

const char *dc_report_basis_label(char *buf, size_t len, dc_report_lang lang, const char *state,
                                  const char *basis)
{
    static const dc_text labels[DC_REPORT_NBASES] = {
        [DC_BASIS_READING] = T_BASIS_READING,         [DC_BASIS_BATCH_DATE] = T_BASIS_BATCH_DATE,
        [DC_BASIS_CHECKED_BEFORE] = T_BASIS_CHECKED_BEFORE, [DC_BASIS_ROSTER] = T_BASIS_ROSTER,
        [DC_BASIS_SAME_VISITOR] = T_BASIS_SAME_VISITOR, [DC_BASIS_LETTERS] = T_BASIS_LETTERS};
    const bool corrected = state && strcmp(state, "corrected") == 0;
    const char *label = basis; /* a basis this version does not know is shown as stored */
    dc_field_basis b;
    if (!basis)
        label = state && strcmp(state, "accepted") == 0 ? dc_report_text(lang, T_BASIS_UNRECORDED) : "";
    else if (dc_field_basis_parse(&b, basis) != DC_OK)
        dc_error_clear();
    else if (b != DC_BASIS_NONE)
        label = dc_report_text(lang, labels[b]);
    snprintf(buf, len, "%s%s", corrected && basis ? dc_report_text(lang, T_BASIS_AS_READ) : "", label);
    return buf;
}

const char *dc_report_month_name(dc_report_lang lang, int month)
{
    if (month < 1 || month > 12)
        return "?";
    return months[month - 1][lang_index(lang)];
}

void dc_report_format_period(char *buf, size_t len, dc_report_lang lang, const char *period)
{
    int y = 0, m = 0, d = 0;
    char tail = 0;
    if (sscanf(period, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && m >= 1 && m <= 12)
        snprintf(buf, len, "%d %s %d", d, dc_report_month_name(lang, m), y);
    else if (sscanf(period, "%4d-%2d%c", &y, &m, &tail) == 2 && m >= 1 && m <= 12)
        snprintf(buf, len, "%s %d", dc_report_month_name(lang, m), y);
    else
        snprintf(buf, len, "%s", period);
}

void dc_report_table_date(char *buf, size_t len, dc_report_lang lang, const char *iso)
{
    bool date = lang == DC_LANG_ID && iso && strlen(iso) == 10 && iso[4] == '-' && iso[7] == '-';
    for (int i = 0; date && i < 10; i++)
        date = i == 4 || i == 7 || (iso[i] >= '0' && iso[i] <= '9');
    if (date)   /* its digits moved, as written: one that names no real day ("2026-11-31") stays visible */
        snprintf(buf, len, "%.2s-%.2s-%.4s", iso + 8, iso + 5, iso);
    else
        snprintf(buf, len, "%s", iso ? iso : "");
}

void dc_report_format_time(char *buf, size_t len, dc_report_lang lang, time_t t)
{
    struct tm tm;
    localtime_r(&t, &tm);
    snprintf(buf, len, "%d %s %d %02d:%02d", tm.tm_mday, dc_report_month_name(lang, tm.tm_mon + 1),
             tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}

bool dc_report_local_stamp(const char *utc, struct tm *out)
{
    struct tm tm = {0};
    char z = 0, tail = 0;
    if (!utc || sscanf(utc, "%4d-%2d-%2dT%2d:%2d:%2d%c%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                       &tm.tm_min, &tm.tm_sec, &z, &tail) != 7 || z != 'Z')
        return false;
    /* no day or time out of range (timegm would carry 2026-11-31 into December): shown as stored */
    if (tm.tm_mday < 1 || tm.tm_mday > dc_days_in_month(tm.tm_year, tm.tm_mon) || tm.tm_hour > 23 || tm.tm_min > 59 ||
        tm.tm_sec > 60 || tm.tm_hour < 0 || tm.tm_min < 0 || tm.tm_sec < 0)
        return false;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm);
    return t != (time_t)-1 && localtime_r(&t, out) != NULL;
}

void dc_report_format_stamp(char *buf, size_t len, dc_report_lang lang, const char *at)
{
    struct tm tm;
    if (!dc_report_local_stamp(at, &tm)) {
        snprintf(buf, len, "%s", at ? at : "?");
        return;
    }
    const bool utc = tm.tm_gmtoff == 0;   /* a zone at UTC says "UTC", whatever TZ calls it ("WIB" with no offset) */
    if (lang == DC_LANG_EN)
        strftime(buf, len, utc ? "%Y-%m-%d %H:%M UTC" : "%Y-%m-%d %H:%M %Z", &tm);
    else
        strftime(buf, len, utc ? "%d-%m-%Y %H:%M UTC" : "%d-%m-%Y %H:%M %Z", &tm);
}

size_t dc_report_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

void dc_report_decimal(char *buf, size_t len, dc_report_lang lang, double v, int decimals)
{
    snprintf(buf, len, "%.*f", decimals, v);
    char *mark = strchr(buf, '.');
    if (mark && lang == DC_LANG_ID)
        *mark = ',';
}

void dc_report_blank_backs_text(char *buf, size_t len, dc_report_lang lang, long n)
{
    buf[0] = '\0';
    if (n <= 0)
        return;
    char num[24];
    snprintf(num, sizeof num, "%ld", n);
    snprintf(buf, len, dc_report_text(lang, T_BLANK_BACKS), num);
}

void dc_report_lines_free(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

/* Appends a new string to *lines (*n of them, room for all: see the caller). */
static int add_line(char **lines, size_t *n, char *line)
{
    if (!line)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    lines[(*n)++] = line;
    return DC_OK;
}

/* The line `id` ("... (%ld): %s. ...") for the visits whose serials are v[0..n): a new string, or NULL. */
static char *visits_line(dc_report_lang lang, dc_text id, char *const *v, size_t n)
{
    char *list = dc_strdup("");
    for (size_t i = 0; i < n && list; i++) {
        char *next = dc_asprintf("%s%s%s", list, i ? ", " : "", v[i]);
        free(list);
        list = next;
    }
    char *line = list ? dc_asprintf(dc_report_text(lang, id), (long)n, list) : NULL;
    free(list);
    return line;
}

int dc_report_serials_lines(char ***out, size_t *n, dc_report_lang lang, const dc_report_audit *m)
{
    *out = NULL;
    *n = 0;
    char **lines = calloc(2 * m->nprints + 4, sizeof *lines);   /* a run: serials to find, a reprint */
    if (!lines)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    int rc = DC_OK;
    if (!m->prints_kept)
        rc = add_line(lines, n, dc_strdup(dc_report_text(lang, T_SERIALS_NOT_KEPT)));
    for (size_t i = 0; i < m->nprints && !rc; i++) {
        const dc_report_print_run *r = &m->prints[i];
        char first[16], last[16];
        snprintf(first, sizeof first, "%06ld", r->first);
        snprintf(last, sizeof last, "%06ld", r->last);
        if (r->nmissing) {
            char *spans = dc_serial_spans_text(r->missing, r->nmissing);
            const char *fmt = dc_report_text(lang, T_SERIALS_MISSING);
            rc = add_line(lines, n,
                          !spans                 ? NULL
                          : lang == DC_LANG_EN   ? dc_asprintf(fmt, first, last, r->nmissing_serials,
                                                               r->nmissing_serials == 1 ? "" : "s", spans)
                                                 : dc_asprintf(fmt, first, last, r->nmissing_serials, spans));
            free(spans);
        }
        if (!rc && r->reprint_of_first) {
            char of_first[16], of_last[16];
            snprintf(of_first, sizeof of_first, "%06ld", r->reprint_of_first);
            snprintf(of_last, sizeof of_last, "%06ld", r->reprint_of_last);
            rc = add_line(lines, n,
                          dc_asprintf(dc_report_text(lang, T_SERIALS_REPRINT), first, last, of_first, of_last));
        }
    }
    if (!rc && m->nunprinted)
        rc = add_line(lines, n, visits_line(lang, T_SERIALS_UNPRINTED, m->unprinted, m->nunprinted));
    if (!rc && m->nchecklist_only)
        rc = add_line(lines, n, visits_line(lang, T_SERIALS_CHECKLIST_ONLY, m->checklist_only, m->nchecklist_only));
    if (!rc && m->nearly) {
        char *list = dc_strdup("");
        for (size_t i = 0; i < m->nearly && list; i++) {
            char visit[32], printed[32];
            dc_report_table_date(visit, sizeof visit, lang, m->early[i].visit_date);
            dc_report_table_date(printed, sizeof printed, lang, m->early[i].printed);
            char *next = dc_asprintf("%s%s%s (%s; %s %s)", list, i ? ", " : "", m->early[i].serial, visit,
                                     dc_report_text(lang, T_SERIALS_PRINTED_ON), printed);
            free(list);
            list = next;
        }
        rc = add_line(lines, n, list ? dc_asprintf(dc_report_text(lang, T_SERIALS_EARLY), (long)m->nearly, list) : NULL);
        free(list);
    }
    if (rc) {
        dc_report_lines_free(lines, *n);
        *n = 0;
        return rc;
    }
    *out = lines;
    return DC_OK;
}

char *dc_report_cut_text(dc_report_lang lang, const char *s, size_t max)
{
    const size_t chars = dc_report_chars(s);
    if (chars <= max)
        return dc_strdup(s);
    char tail[256];
    snprintf(tail, sizeof tail, dc_report_text(lang, T_TEXT_CUT), chars);   /* the widest count */
    const size_t keep = max - dc_report_chars(tail);
    size_t at = 0;
    for (size_t n = 0; s[at]; at++)
        if (((unsigned char)s[at] & 0xC0) != 0x80 && n++ == keep)
            break;
    snprintf(tail, sizeof tail, dc_report_text(lang, T_TEXT_CUT), chars - keep);
    return dc_asprintf("%.*s%s", (int)at, s, tail);
}
