/* dc_record: typed value parsing and the record of one form set. */
#include "dc_record.h"
#include "dc_error.h"
#include "dc_page.h"
#include "dc_template.h"
#include "dc_util.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <unicase.h>
#include <uninorm.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- value parsing ---- */

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

static int two(const char *s) { return (s[0] - '0') * 10 + (s[1] - '0'); }

int dc_parse_date(dc_date *out, const char *s)
{
    dc_date d;
    switch (dc_date_check(s, &d.year, &d.month, &d.day)) {
    case 1:
        return dc_error_set(DC_ERR_VALUE, "\"%s\" is not a date (YYYY-MM-DD)", s ? s : "");
    case 2:
        return dc_error_set(DC_ERR_VALUE, "\"%s\" is not a calendar date", s);
    }
    if (out)
        *out = d;
    return DC_OK;
}

long dc_date_days(dc_date d)
{
    /* days from civil (H. Hinnant's algorithm) */
    int y = d.year - (d.month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int dc_parse_time(int *out_minutes, const char *s)
{
    if (!s || strlen(s) != 5 || s[2] != ':' || !all_digits(s, 2) || !all_digits(s + 3, 2))
        return dc_error_set(DC_ERR_VALUE, "\"%s\" is not a time (HH:MM)", s ? s : "");
    int h = two(s), m = two(s + 3);
    if (h > 23 || m > 59)
        return dc_error_set(DC_ERR_VALUE, "\"%s\" is not a clock time", s);
    if (out_minutes)
        *out_minutes = h * 60 + m;
    return DC_OK;
}

dc_nik_fault dc_nik_check(const char *s)
{
    if (!s || strlen(s) != 16 || !all_digits(s, 16))
        return DC_NIK_DIGITS;
    int prov = two(s);
    bool prov_ok = (prov >= 11 && prov <= 19) || prov == 21 || (prov >= 31 && prov <= 36) ||
                   (prov >= 51 && prov <= 53) || (prov >= 61 && prov <= 65) || (prov >= 71 && prov <= 76) ||
                   (prov >= 81 && prov <= 82) || (prov >= 91 && prov <= 96);
    if (!prov_ok)
        return DC_NIK_PROVINCE;
    if (two(s + 2) == 0)   /* regency or city: numbered from 01 */
        return DC_NIK_REGENCY;
    if (two(s + 4) == 0)   /* sub-district: numbered from 01 */
        return DC_NIK_SUBDISTRICT;
    int day = two(s + 6), month = two(s + 8);
    if (day > 40)   /* women: day + 40 */
        day -= 40;
    /* a day of the month (the year has two digits: 29 February always) */
    static const int days_in[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1 || day > days_in[month - 1])
        return DC_NIK_BIRTH_DATE;
    if (strcmp(s + 12, "0000") == 0)   /* the sequence is numbered from 0001 */
        return DC_NIK_SEQUENCE;
    return DC_NIK_OK;
}

bool dc_nik_valid(const char *s) { return dc_nik_check(s) == DC_NIK_OK; }

bool dc_phone_valid(const char *s)
{
    if (!s)
        return false;
    size_t n = strlen(s);
    if (n < 8 || n > 15 || !all_digits(s, n))
        return false;
    return s[0] == '0' || (s[0] == '6' && s[1] == '2');
}

bool dc_badge_valid(const char *s)
{
    if (!s)
        return false;
    size_t n = strlen(s);
    if (n < 1 || n > 3 || !all_digits(s, n))
        return false;
    return atoi(s) > 0;
}

bool dc_device_serial_valid(const char *s)
{
    if (!s)
        return false;
    size_t n = strlen(s);
    if (n < 3 || n > 40)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(isupper(c) || isdigit(c) || c == '-' || c == '/' || c == '.'))
            return false;
    }
    return true;
}

char *dc_normalize_name(const char *s)
{
    if (!s)
        return NULL;
    char *out = malloc(strlen(s) + 1);
    if (!out)
        return NULL;
    size_t j = 0;
    bool space = false;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (isspace(c)) {
            space = j > 0;
            continue;
        }
        if (space) {
            out[j++] = ' ';
            space = false;
        }
        out[j++] = (char)toupper(c);
    }
    out[j] = '\0';
    return out;
}

/* ---- field types (the template contract of issue 2) ---- */

typedef enum ftype { F_TEXT, F_NAME, F_DIGITS, F_DATE, F_TIME, F_CHOICE, F_TICK } ftype;

/* An option of a choice field: the code the archive stores; its label as the reports show it,
 * Indonesian then English, which is the printed form's (forms/access.v1.json) but where a report
 * reads better otherwise; where the form words it otherwise, that wording (NULL where it is the
 * label); and what earlier reports said (NULL: the label). `correct` and `review` take back any of
 * them: a person correcting types what a report or the paper says.
 * The reports say "ID card (KTP)" where the paper prints "KTP ID card" side by side: an English
 * report has no Indonesian word beside it, and "ID card" alone would fit a SIM or a passport too
 * (so "Driving licence (SIM)"); "Other" where the paper adds "(give details below)", an instruction
 * to the visitor. */
typedef struct option {
    const char *code;
    const char *label[2];
    const char *form[2];
    const char *earlier;
} option;

/* In the form's order, which is the order of several ticked ("maintenance+hosting"); each list
 * ends with a NULL code. */
static const option id_types[] = {
    {"ktp", {"KTP", "ID card (KTP)"}, {NULL, "ID card"}, NULL},
    {"sim", {"SIM", "Driving licence (SIM)"}, {NULL, "Driving licence"}, NULL},
    {"passport", {"Paspor", "Passport"}, {NULL, NULL}, NULL},
    {"other", {"Lainnya", "Other"}, {NULL, NULL}, NULL},
    {NULL, {NULL, NULL}, {NULL, NULL}, NULL},
};

static const option purposes[] = {
    {"maintenance", {"Pemeliharaan/perbaikan perangkat & jaringan server", "Maintenance/repair of devices and network"},
     {NULL, NULL}, NULL},
    {"hosting", {"Hosting dan subdomain", "Hosting and subdomain"}, {NULL, NULL}, NULL},
    /* reports said "Website, application & data center management" (the Indonesian's commas), not the form's words */
    {"management", {"Pengelolaan website, aplikasi & data center", "Website/application/data center management"},
     {NULL, NULL}, "Website, application & data center management"},
    {"other", {"Lainnya", "Other"}, {"Lainnya (sebutkan di bawah)", "Other (give details below)"}, NULL},
    {NULL, {NULL, NULL}, {NULL, NULL}, NULL},
};

static const option yes_no[] = {
    {"yes", {"Ya", "Yes"}, {NULL, NULL}, NULL},
    {"no", {"Tidak", "No"}, {NULL, NULL}, NULL},
    {NULL, {NULL, NULL}, {NULL, NULL}, NULL},
};

static const option decisions[] = {
    {"granted", {"Diizinkan", "Granted"}, {NULL, NULL}, NULL},
    {"refused", {"Ditolak", "Refused"}, {NULL, NULL}, NULL},
    {NULL, {NULL, NULL}, {NULL, NULL}, NULL},
};

typedef struct fspec {
    const char *id;
    ftype type;
    const option *options; /* choice */
} fspec;

static const fspec access_fields[] = {
    {"visit_date", F_DATE, NULL},
    {"arrival_time", F_TIME, NULL},
    {"visitor_name", F_NAME, NULL},
    {"institution", F_NAME, NULL},
    {"id_type", F_CHOICE, id_types},
    {"id_number", F_DIGITS, NULL},
    {"phone", F_DIGITS, NULL},
    {"purpose", F_CHOICE, purposes},
    {"purpose_detail", F_TEXT, NULL},
    {"brings_devices", F_CHOICE, yes_no},
    {"decision", F_CHOICE, decisions},
    {"badge_number", F_DIGITS, NULL},
    {"operator_name", F_NAME, NULL},
    {"escort_name", F_NAME, NULL},
    {"entry_time", F_TIME, NULL},
    {"exit_time", F_TIME, NULL},
    {"badge_returned", F_TICK, NULL},
    {"id_returned", F_TICK, NULL},
    {"visitor_signature", F_TICK, NULL},
    {"operator_signature", F_TICK, NULL},
};

static const fspec device_fields[] = {
    {"name", F_TEXT, NULL}, {"model", F_TEXT, NULL}, {"serial", F_NAME, NULL},
    {"in", F_TICK, NULL},   {"out", F_TICK, NULL},   {"remarks", F_TEXT, NULL},
};

/* The checklist's own signatures (the access form's have the plain names). */
static const char *const checklist_signatures[] = {"checklist_visitor_signature", "checklist_operator_signature"};

/* Spec of a record field id; NULL if unknown. */
static const fspec *field_spec(const char *id)
{
    static const fspec sig = {"signature", F_TICK, NULL};
    for (size_t i = 0; i < sizeof access_fields / sizeof access_fields[0]; i++)
        if (strcmp(access_fields[i].id, id) == 0)
            return &access_fields[i];
    for (size_t i = 0; i < sizeof checklist_signatures / sizeof checklist_signatures[0]; i++)
        if (strcmp(id, checklist_signatures[i]) == 0)
            return &sig;
    int row = 0, used = 0;
    char canon[16];
    if (sscanf(id, "device_%d_%n", &row, &used) == 1 && used > 0 && row >= 1 && row <= 99 &&
        snprintf(canon, sizeof canon, "device_%d_", row) == used && strncmp(id, canon, (size_t)used) == 0)
        /* written as the form writes it: no sign, space or leading zero ("device_01_in" is not row 1) */
        for (size_t i = 0; i < sizeof device_fields / sizeof device_fields[0]; i++)
            if (strcmp(id + used, device_fields[i].id) == 0)
                return &device_fields[i];
    return NULL;
}

/* unknown_field's search: `cand` when it is nearer to `typed` (lower-cased) than *best, in half
 * edits (dc_edit_half). */
static void nearer(const char *typed, const char *cand, char *best, size_t len, int *best_half)
{
    const int d = dc_edit_half(typed, cand);
    if (d < *best_half) {
        snprintf(best, len, "%s", cand);
        *best_half = d;
    }
}

/* DC_ERR_NOT_FOUND for a field id that is none, with the one it most likely meant (a typo, the
 * wrong case, a device row written "01"): within 2 edits, or 3 for an id of 9 characters or more;
 * else the list of them. */
static int unknown_field(const char *id)
{
    /* lower-cased; a '?' typed is a character like any other (dc_edit_half takes one for unread) */
    char typed[64];
    size_t k = 0;
    for (; id[k] && k + 1 < sizeof typed; k++)
        typed[k] = id[k] == '?' ? '#' : (char)tolower((unsigned char)id[k]);
    typed[k] = '\0';
    char best[48] = "", cand[48];
    int best_half = 1 << 20, row = 0, used = 0;
    for (size_t i = 0; i < sizeof access_fields / sizeof access_fields[0]; i++)
        nearer(typed, access_fields[i].id, best, sizeof best, &best_half);
    for (size_t i = 0; i < sizeof checklist_signatures / sizeof checklist_signatures[0]; i++)
        nearer(typed, checklist_signatures[i], best, sizeof best, &best_half);
    const bool device = sscanf(id, "device_%d_%n", &row, &used) == 1 && used > 0 && row >= 1 && row <= 99;
    for (size_t i = 0; device && i < sizeof device_fields / sizeof device_fields[0]; i++) {
        snprintf(cand, sizeof cand, "device_%d_%s", row, device_fields[i].id);
        nearer(typed, cand, best, sizeof best, &best_half);
    }
    if (strlen(id) < sizeof typed && (best_half <= 4 || (best_half <= 6 && strlen(id) >= 9)))
        return dc_error_set(DC_ERR_NOT_FOUND, "no form field \"%s\" (did you mean %s?)", id, best);
    /* the list, from the tables */
    char list[900] = "";
    size_t at = 0;
    for (size_t i = 0; i < sizeof access_fields / sizeof access_fields[0] && at < sizeof list; i++)
        at += (size_t)snprintf(list + at, sizeof list - at, "%s, ", access_fields[i].id);
    const size_t ns = sizeof checklist_signatures / sizeof checklist_signatures[0];
    for (size_t i = 0; i < ns && at < sizeof list; i++)
        at += (size_t)snprintf(list + at, sizeof list - at, i + 1 < ns ? "%s, " : "%s and, for device row N, ",
                               checklist_signatures[i]);
    const size_t nd = sizeof device_fields / sizeof device_fields[0];
    for (size_t i = 0; i < nd && at < sizeof list; i++)
        at += (size_t)snprintf(list + at, sizeof list - at, "%sdevice_N_%s", i == 0 ? "" : i + 1 < nd ? ", " : " and ",
                               device_fields[i].id);
    return dc_error_set(DC_ERR_NOT_FOUND, "no form field \"%s\": the fields are %s", id, list);
}

const char *dc_record_field_id(char *buf, size_t len, const char *form, const char *page_field_id)
{
    bool sig = strcmp(page_field_id, "visitor_signature") == 0 || strcmp(page_field_id, "operator_signature") == 0;
    if (form && strcmp(form, "checklist") == 0 && sig)
        snprintf(buf, len, "checklist_%s", page_field_id);
    else
        snprintf(buf, len, "%s", page_field_id);
    return buf;
}

int dc_record_field_source(const char **form, char *page_field_id, size_t len, const char *record_field_id)
{
    if (!field_spec(record_field_id))
        return unknown_field(record_field_id);
    if (strncmp(record_field_id, "checklist_", 10) == 0) {
        *form = "checklist";
        snprintf(page_field_id, len, "%s", record_field_id + 10);
    } else if (strncmp(record_field_id, "device_", 7) == 0) {
        *form = "checklist";
        snprintf(page_field_id, len, "%s", record_field_id);
    } else {
        *form = "access";
        snprintf(page_field_id, len, "%s", record_field_id);
    }
    return DC_OK;
}

static int validate(char **out, const char *id, const char *value, bool as_written);

int dc_record_validate_value(char **out, const char *id, const char *value)
{
    return validate(out, id, value, false);
}

int dc_record_validate_written(char **out, const char *id, const char *value)
{
    return validate(out, id, value, true);
}

/* "HH:MM" with two digits each side, whatever their value (25:10, 10:75) */
static bool time_shaped(const char *v)
{
    return strlen(v) == 5 && v[2] == ':' && all_digits(v, 2) && all_digits(v + 3, 2);
}

bool dc_record_field_is_tick(const char *id)
{
    const fspec *sp = id ? field_spec(id) : NULL;
    return sp && sp->type == F_TICK;
}

/* What the reports say of a tick box's and of a signature's "true" and "false", Indonesian then
 * English: the words a person correcting from a report types back (validate). */
static const char *const tick_words[2][2][2] = {
    {{"dicentang", "ticked"}, {"tidak dicentang", "not ticked"}},   /* a box */
    {{"ada", "present"}, {"tidak ada", "absent"}},                   /* a signature: that there is one */
};

const char *dc_record_tick_word(const char *id, const char *value, bool english)
{
    if (!value || !dc_record_field_is_tick(id))
        return NULL;
    const size_t n = strlen(id), suffix = strlen("_signature");
    const int signature = n >= suffix && strcmp(id + n - suffix, "_signature") == 0;
    const int is = strcmp(value, "true") == 0 ? 0 : strcmp(value, "false") == 0 ? 1 : -1;
    return is < 0 ? NULL : tick_words[signature][is][english];
}

bool dc_record_field_is_choice(const char *id)
{
    const fspec *sp = id ? field_spec(id) : NULL;
    return sp && sp->type == F_CHOICE;
}

const char *dc_record_option_label(const char *id, const char *code, bool english)
{
    const fspec *sp = id && code ? field_spec(id) : NULL;
    for (const option *o = sp && sp->type == F_CHOICE ? sp->options : NULL; o && o->code; o++)
        if (strcmp(o->code, code) == 0)
            return o->label[english];
    return NULL;
}

/* The option of `opts` that the `len` characters at s name, spaces around them aside: its code, its
 * label or the form's wording, in either language and any case (s's spaces are collapsed:
 * validate's). NULL for none. */
static const option *option_named(const option *opts, const char *s, size_t len)
{
    for (; len && *s == ' '; len--)
        s++;
    while (len && s[len - 1] == ' ')
        len--;
    for (const option *o = opts; o->code; o++) {
        const char *const names[] = {o->code, o->label[0], o->label[1], o->form[0], o->form[1], o->earlier};
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
            if (names[k] && strlen(names[k]) == len && strncasecmp(names[k], s, len) == 0)
                return o;
    }
    return NULL;
}

bool dc_record_written_not_clock_time(const char *id, const char *value)
{
    const fspec *sp = field_spec(id);
    char *v = sp && sp->type == F_TIME && value ? dc_normalize_name(value) : NULL;
    const bool odd = v && time_shaped(v) && dc_parse_time(NULL, v) != DC_OK;
    free(v);
    return odd;
}

/* A typed value in Unicode's composed form (NFC), and for a name also in upper case in full (é to
 * É, ß to SS; the record builder's upper case is ASCII only, and verify rebuilds records with it):
 * "JOSÉ" typed composed or decomposed, or in lower case, is then one value, counted once by the
 * reports. Takes v (malloc'd); NULL when out of memory. */
static char *typed_form(char *v, bool upper)
{
    size_t n = 0;
    uint8_t *u = upper ? u8_toupper((const uint8_t *)v, strlen(v), NULL, UNINORM_NFC, NULL, &n)
                       : u8_normalize(UNINORM_NFC, (const uint8_t *)v, strlen(v), NULL, &n);
    free(v);
    if (!u)
        return NULL;   /* v was checked as UTF-8: only memory can fail */
    char *out = realloc(u, n + 1);
    if (!out) {
        free(u);
        return NULL;
    }
    out[n] = '\0';
    return out;
}

static int validate(char **out, const char *id, const char *value, bool as_written)
{
    *out = NULL;
    const fspec *sp = field_spec(id);
    if (!sp)
        return unknown_field(id);
    const char *what = NULL;
    const long bad = dc_text_check(value, 1, &what);   /* white space is collapsed below */
    if (bad >= 0)
        return dc_error_set(DC_ERR_VALUE, "%s: the value is not valid text (%s at byte %ld)", id, what, bad + 1);
    /* a no-break or zero-width space, a byte-order mark pasted with the text: a name of one counted
     * as written (required_missing cleared by a blank), and one with it is another name */
    uint32_t odd = 0;
    const size_t at = dc_text_invisible(value, &odd);
    if (at)
        return dc_error_set(DC_ERR_VALUE, "%s: the value holds an invisible character or an unusual space (U+%04X, "
                                          "character %zu): type it with plain spaces",
                            id, (unsigned)odd, at);
    /* no box of the form holds more; a pasted page of text made every PDF report fail (libharu
     * refuses a string over 64 KiB) */
    size_t chars = 0;
    for (const char *c = value ? value : ""; *c; c++)
        chars += ((unsigned char)*c & 0xC0) != 0x80;
    if (chars > DC_RECORD_VALUE_MAX)
        return dc_error_set(DC_ERR_VALUE, "%s: the value has %zu characters, more than the form holds (at most %d)", id,
                            chars, DC_RECORD_VALUE_MAX);
    char *v = dc_normalize_name(value ? value : "");
    if (!v)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    if (!*v) {
        free(v);
        return DC_OK; /* nothing written */
    }
    int rc = DC_OK;
    size_t n = strlen(v);
    switch (sp->type) {
    case F_TEXT:
        /* free text keeps its case, spaces collapsed */
        free(v);
        v = dc_strdup(value);
        if (!v)
            return dc_error_set(DC_ERR_NOMEM, "out of memory");
        {
            char *t = v; /* trim + collapse but keep case */
            size_t j = 0;
            bool sp_ = false;
            for (size_t i = 0; t[i]; i++) {
                if (isspace((unsigned char)t[i])) {
                    sp_ = j > 0;
                    continue;
                }
                if (sp_)
                    t[j++] = ' ';
                sp_ = false;
                t[j++] = t[i];
            }
            t[j] = '\0';
        }
        if (!(v = typed_form(v, false)))
            return dc_error_set(DC_ERR_NOMEM, "out of memory");
        break;
    case F_NAME:
        if (!(v = typed_form(v, true)))
            return dc_error_set(DC_ERR_NOMEM, "out of memory");
        if (as_written && strchr(v, '?'))   /* the scanner's mark of a letter it could not read */
            rc = dc_error_set(DC_ERR_VALUE, "%s: \"%s\" has a '?', the mark of a letter that could not be read: type "
                              "the letter written on the paper", id, value);
        else if (strncmp(id, "device_", 7) == 0 && !dc_device_serial_valid(v))
            rc = dc_error_set(DC_ERR_VALUE, "%s: \"%s\" is not a device serial (3-40 of A-Z 0-9 - / .)", id, value);
        break;
    case F_DIGITS:
        if (strcmp(id, "id_number") == 0) {
            /* digits for a KTP or SIM; a passport number has letters (written in the same cells) */
            bool ok = n <= 16;
            for (size_t i = 0; i < n && ok; i++)
                ok = isdigit((unsigned char)v[i]) || isupper((unsigned char)v[i]);
            if (!ok)
                rc = dc_error_set(DC_ERR_VALUE, "%s: \"%s\" must be at most 16 digits or capital letters", id, value);
        } else if (!all_digits(v, n))
            rc = dc_error_set(DC_ERR_VALUE, "%s: \"%s\" must be digits only", id, value);
        else if (strcmp(id, "phone") == 0 && !dc_phone_valid(v))
            rc = dc_error_set(DC_ERR_VALUE, "%s: \"%s\" is not a phone number (8-15 digits starting 0 or 62)", id,
                              value);
        else if (strcmp(id, "badge_number") == 0 && !dc_badge_valid(v))
            rc = dc_error_set(DC_ERR_VALUE, "%s: \"%s\" is not a badge number (1-3 digits, from 1)", id, value);
        break;
    case F_DATE:
        /* a person may type the date in the form's own order, day first (TT/BB/TTTT) */
        if (as_written && n == 10 && (v[2] == '/' || v[2] == '-' || v[2] == '.') && v[5] == v[2] &&
            all_digits(v, 2) && all_digits(v + 3, 2) && all_digits(v + 6, 4)) {
            char iso[11] = {v[6], v[7], v[8], v[9], '-', v[3], v[4], '-', v[0], v[1], 0};
            memcpy(v, iso, sizeof iso);
        }
        if (dc_parse_date(NULL, v) != DC_OK)
            rc = dc_error_set(DC_ERR_VALUE,
                              as_written ? "%s: \"%s\" is not a date (YYYY-MM-DD, or DD/MM/YYYY as on the form)"
                                         : "%s: \"%s\" is not a date (YYYY-MM-DD)",
                              id, value);
        break;
    case F_TIME:
        if (dc_parse_time(NULL, v) != DC_OK && !(as_written && time_shaped(v)))
            rc = dc_error_set(DC_ERR_VALUE,
                              as_written ? "%s: \"%s\" is not a time written HH:MM (one that is no clock time, as "
                                           "25:10, is taken as the paper has it)"
                                         : "%s: \"%s\" is not a clock time (HH:MM, 00:00-23:59)",
                              id, value);
        break;
    case F_CHOICE: {
        /* one option, or (more than one box ticked on the paper) several joined by '+', each once:
         * stored as their codes in the options' order. Each typed as its code, or as the reports
         * or the printed form word it (option), in any case */
        uint32_t ticked = 0;   /* bit k: the table's option k; a choice has far fewer than 32 */
        bool ok = true;
        for (const char *p = v; ok; p += strcspn(p, "+") + 1) {   /* an empty part ("a++b", "a+") is none */
            const option *o = option_named(sp->options, p, strcspn(p, "+"));
            const uint32_t bit = o ? UINT32_C(1) << (o - sp->options) : 0;
            ok = bit && !(ticked & bit);
            ticked |= bit;
            if (!p[strcspn(p, "+")])
                break;
        }
        if (!ok) {
            char list[600] = "";
            size_t used = 0;
            for (const option *o = sp->options; o->code && used < sizeof list; o++)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%s (\"%s\" / \"%s\")",
                                         o == sp->options ? "" : o[1].code ? ", " : " or ", o->code, o->label[0],
                                         o->label[1]);
            rc = dc_error_set(DC_ERR_VALUE,
                              "%s: \"%s\" is not one of %s: the code, or the words the reports or the form print, "
                              "in any case; when more than one box is ticked, those ticked joined by +",
                              id, value, list);
            break;
        }
        char joined[128] = "";   /* every code of a choice joined is far shorter */
        size_t used = 0;
        for (const option *o = sp->options; o->code; o++)
            if (ticked & (UINT32_C(1) << (o - sp->options)))
                used += (size_t)snprintf(joined + used, sizeof joined - used, "%s%s", used ? "+" : "", o->code);
        free(v);
        if (!(v = dc_strdup(joined)))
            return dc_error_set(DC_ERR_NOMEM, "out of memory");
        break;
    }
    case F_TICK: {
        /* true or false, or as the reports show a box or a signature (tick_words, both
         * languages): a person correcting from a report types what it says ("not ticked" was
         * refused) */
        for (char *p = v; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        int is = strcmp(v, "true") == 0 ? 1 : strcmp(v, "false") == 0 ? 0 : -1;
        for (int kind = 0; kind < 2 && is < 0; kind++)
            for (int said = 0; said < 2 && is < 0; said++)   /* the word for true, then for false */
                for (int lang = 0; lang < 2 && is < 0; lang++)
                    if (strcmp(v, tick_words[kind][said][lang]) == 0)
                        is = said == 0;
        if (is < 0) {
            rc = dc_error_set(DC_ERR_VALUE,
                              "%s: \"%s\" must be true or false (ticked or not ticked, present or absent; "
                              "dicentang or tidak dicentang, ada or tidak ada)",
                              id, value);
            break;
        }
        free(v);
        if (!(v = dc_strdup(is ? "true" : "false")))
            return dc_error_set(DC_ERR_NOMEM, "out of memory");
        break;
    }
    }
    if (rc != DC_OK) {
        free(v);
        return rc;
    }
    *out = v;
    return DC_OK;
}

/* ---- records ---- */

const char *dc_value_state_name(dc_value_state s)
{
    switch (s) {
    case DC_VALUE_EMPTY: return "empty";
    case DC_VALUE_ACCEPTED: return "accepted";
    case DC_VALUE_REVIEW: return "review";
    case DC_VALUE_CORRECTED: return "corrected";
    }
    return "unknown";
}

int dc_value_state_parse(dc_value_state *out, const char *name)
{
    static const dc_value_state all[] = {DC_VALUE_EMPTY, DC_VALUE_ACCEPTED, DC_VALUE_REVIEW, DC_VALUE_CORRECTED};
    for (size_t i = 0; i < 4; i++)
        if (name && strcmp(name, dc_value_state_name(all[i])) == 0) {
            *out = all[i];
            return DC_OK;
        }
    return dc_error_set(DC_ERR_VALUE, "unknown field state \"%s\"", name ? name : "(null)");
}

int dc_record_new(dc_record **out, const char *serial)
{
    *out = NULL;
    if (!serial || strlen(serial) >= sizeof((dc_record *)0)->serial)
        return dc_error_set(DC_ERR_INVALID_ARG, "bad serial");
    dc_record *r = calloc(1, sizeof *r);
    if (!r)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    snprintf(r->serial, sizeof r->serial, "%s", serial);
    *out = r;
    return DC_OK;
}

void dc_record_free(dc_record *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nfields; i++) {
        free(r->fields[i].id);
        free(r->fields[i].value);
        free(r->fields[i].read_as);
    }
    free(r->fields);
    free(r);
}

static bool normalized_field(const char *id)
{
    const fspec *sp = field_spec(id);
    return sp && sp->type == F_NAME;
}

int dc_record_set(dc_record *r, const char *id, const char *value, double confidence, dc_value_state state)
{
    char *v = NULL;
    if (value && *value) {
        v = normalized_field(id) ? dc_normalize_name(value) : dc_strdup(value);
        if (!v)
            return dc_error_set(DC_ERR_NOMEM, "out of memory");
        if (!*v) {
            free(v);
            v = NULL;
        }
    }
    /* sorted insert / replace */
    size_t lo = 0, hi = r->nfields;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(r->fields[mid].id, id);
        if (c == 0) {
            free(r->fields[mid].value);
            r->fields[mid].value = v;
            r->fields[mid].confidence = confidence;
            r->fields[mid].state = state;
            r->fields[mid].basis = DC_BASIS_NONE;
            free(r->fields[mid].read_as);
            r->fields[mid].read_as = NULL;
            return DC_OK;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    dc_record_field *nf = realloc(r->fields, (r->nfields + 1) * sizeof *nf);
    char *nid = dc_strdup(id);
    if (!nf || !nid) {
        if (nf)
            r->fields = nf;
        free(nid);
        free(v);
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    }
    r->fields = nf;
    memmove(&nf[lo + 1], &nf[lo], (r->nfields - lo) * sizeof *nf);
    nf[lo] = (dc_record_field){nid, v, confidence, state, DC_BASIS_NONE, NULL};
    r->nfields++;
    return DC_OK;
}

int dc_record_set_basis(dc_record *r, const char *id, dc_field_basis basis)
{
    dc_record_field *f = (dc_record_field *)dc_record_get(r, id);
    if (!f)
        return dc_error_set(DC_ERR_NOT_FOUND, "record %s has no field %s", r->serial, id);
    f->basis = basis;
    return DC_OK;
}

int dc_record_set_read_as(dc_record *r, const char *id, const char *read_as)
{
    dc_record_field *f = (dc_record_field *)dc_record_get(r, id);
    if (!f)
        return dc_error_set(DC_ERR_NOT_FOUND, "record %s has no field %s", r->serial, id);
    char *copy = NULL;
    if (read_as && !(copy = dc_strdup(read_as)))
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    free(f->read_as);
    f->read_as = copy;
    return DC_OK;
}

const dc_record_field *dc_record_get(const dc_record *r, const char *id)
{
    size_t lo = 0, hi = r->nfields;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(r->fields[mid].id, id);
        if (c == 0)
            return &r->fields[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

size_t dc_record_fields_in_review(const dc_record *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nfields; i++)
        n += r->fields[i].state == DC_VALUE_REVIEW;
    return n;
}

bool dc_record_needs_review(const dc_record *r)
{
    return dc_record_fields_in_review(r) > 0;
}

const char *dc_record_status_name(const dc_record *r)
{
    return dc_record_needs_review(r) ? "needs_review" : "complete";
}

static int add_page(dc_record *r, const dc_page_result *p)
{
    char id[64];
    for (size_t i = 0; i < p->nfields; i++) {
        const dc_field_value *f = &p->fields[i];
        dc_value_state st = f->state == DC_STATE_REVIEW     ? DC_VALUE_REVIEW
                            : f->state == DC_STATE_ACCEPTED ? DC_VALUE_ACCEPTED
                                                            : DC_VALUE_EMPTY;
        const char *value = st == DC_VALUE_EMPTY ? NULL : f->value;
        int rc = dc_record_set(r, dc_record_field_id(id, sizeof id, p->form, f->id), value, f->confidence, st);
        if (rc == DC_OK && st == DC_VALUE_ACCEPTED)
            rc = dc_record_set_basis(r, id, f->basis);
        if (rc == DC_OK && st != DC_VALUE_EMPTY && f->read_as)
            rc = dc_record_set_read_as(r, id, f->read_as);
        if (rc != DC_OK)
            return rc;
    }
    return DC_OK;
}

int dc_record_from_pages(dc_record **out, const dc_page_result *access, const dc_page_result *checklist)
{
    *out = NULL;
    if (!access && !checklist)
        return dc_error_set(DC_ERR_INVALID_ARG, "a record needs at least one page");
    if (access && checklist && strcmp(access->serial, checklist->serial) != 0)
        return dc_error_set(DC_ERR_INVALID_ARG, "pages of different serials (%s, %s)", access->serial,
                            checklist->serial);
    dc_record *r = NULL;
    int rc = dc_record_new(&r, access ? access->serial : checklist->serial);
    if (rc != DC_OK)
        return rc;
    if (access) {
        r->has_access = true;
        rc = add_page(r, access);
        if (rc != DC_OK)
            goto fail;
    }
    if (checklist) {
        r->has_checklist = true;
        rc = add_page(r, checklist);
        if (rc != DC_OK)
            goto fail;
    }
    *out = r;
    return DC_OK;
fail:
    dc_record_free(r);
    return rc;
}

/* Whether a template field of type `t` gives values a record field of type `r` holds: a date comb
 * for a date, a tick for a yes/no; a digits field may also be read as text (a passport number's
 * letters, the gate sends a non-digit to review), no other change of kind. */
static bool type_fits(ftype r, dc_field_type t)
{
    switch (r) {
    case F_TEXT:
    case F_NAME: return t == DC_FIELD_TEXT;
    case F_DIGITS: return t == DC_FIELD_DIGITS || t == DC_FIELD_TEXT;
    case F_DATE: return t == DC_FIELD_DATE;
    case F_TIME: return t == DC_FIELD_TIME;
    case F_CHOICE: return t == DC_FIELD_CHOICE;
    case F_TICK: return t == DC_FIELD_CHECKBOX || t == DC_FIELD_SIGNATURE;
    }
    return false;
}

int dc_record_templates_check(const dc_template_set *ts)
{
    for (size_t i = 0; i < dc_template_set_count(ts); i++) {
        const dc_template *t = dc_template_set_at(ts, i);
        /* and the other way: a version without a field records hold gives every record of it a
         * finding of that field missing (a v2 without id_returned: id_not_returned on each); a
         * checklist needs its first device row whole */
        const bool access = strcmp(t->form, "access") == 0;
        const fspec *need = access ? access_fields : device_fields;
        const size_t nneed = access                               ? sizeof access_fields / sizeof access_fields[0]
                             : strcmp(t->form, "checklist") == 0 ? sizeof device_fields / sizeof device_fields[0]
                                                                 : 0;
        for (size_t k = 0; k < nneed; k++) {
            char id[64];
            snprintf(id, sizeof id, "%s%s", access ? "" : "device_1_", need[k].id);
            if (!dc_template_field(t, id))
                return dc_error_set(DC_ERR_TEMPLATE,
                                    "%s: the %s form has no field \"%s\", which this dcaccess's records hold: every "
                                    "form of it would be missing that field",
                                    t->path, t->form, id);
        }
        for (size_t k = 0; k < t->nfields; k++) {
            const dc_field *f = &t->fields[k];
            char rid[64], pid[64];
            const char *form = NULL;
            dc_record_field_id(rid, sizeof rid, t->form, f->id);
            if (dc_record_field_source(&form, pid, sizeof pid, rid) != DC_OK || strcmp(form, t->form) != 0 ||
                strcmp(pid, f->id) != 0) {
                dc_error_clear();
                return dc_error_set(DC_ERR_TEMPLATE,
                                    "%s: field \"%s\" is not a field of the %s form this dcaccess knows: its "
                                    "pages could be scanned, but the field never reviewed or corrected",
                                    t->path, f->id, t->form);
            }
            if (!type_fits(field_spec(rid)->type, f->type))
                return dc_error_set(DC_ERR_TEMPLATE,
                                    "%s: field \"%s\" is a %s field here, which does not give the values the "
                                    "records hold for it (the shipped template's kind): its pages could be "
                                    "scanned, but every value of it would be wrong or in review",
                                    t->path, f->id, dc_field_type_name(f->type));
            for (size_t o = 0; o < f->noptions; o++) {
                char *norm = NULL;
                /* exactly as records hold it: "KTP" read as such was never "ktp" to the rules and
                 * the reports, and "ktp+sim" is what two boxes ticked give */
                const int vrc = dc_record_validate_value(&norm, rid, f->options[o].value);
                const bool exact = vrc == DC_OK && norm && strcmp(norm, f->options[o].value) == 0 &&
                                   !strchr(norm, '+');
                if (!exact) {
                    free(norm);
                    dc_error_clear();
                    return dc_error_set(DC_ERR_TEMPLATE,
                                        "%s: field \"%s\": option \"%s\" is not a value this dcaccess knows for "
                                        "it: a page with it ticked could never be reviewed or corrected",
                                        t->path, f->id, f->options[o].value);
                }
                free(norm);
            }
        }
    }
    return DC_OK;
}
