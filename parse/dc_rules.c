/* dc_rules: the SOP compliance rules, their limits file, and findings. */
#include "dc_rules.h"
#include "dc_error.h"
#include "dc_util.h"

#include <ctype.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct rule_info {
    const char *name;
    const char *sop_step; /* per-field rules may override */
    dc_severity severity;
} rule_info;

static const rule_info rule_table[DC_RULE__COUNT] = {
    [DC_RULE_REQUIRED_MISSING] = {"required_missing", "2", DC_SEVERITY_ERROR},
    [DC_RULE_ID_INVALID] = {"id_invalid", "2", DC_SEVERITY_ERROR},
    [DC_RULE_NO_DECISION] = {"no_decision", "4", DC_SEVERITY_ERROR},
    [DC_RULE_ENTERED_WHILE_REFUSED] = {"entered_while_refused", "4", DC_SEVERITY_ERROR},
    [DC_RULE_NOT_ESCORTED] = {"not_escorted", "5", DC_SEVERITY_ERROR},
    [DC_RULE_NO_BADGE] = {"no_badge", "5", DC_SEVERITY_ERROR},
    [DC_RULE_OVER_TIME_LIMIT] = {"over_time_limit", "5", DC_SEVERITY_VIOLATION},
    [DC_RULE_NO_EXIT_TIME] = {"no_exit_time", "6", DC_SEVERITY_ERROR},
    [DC_RULE_TIMES_INCONSISTENT] = {"times_inconsistent", "5-6", DC_SEVERITY_ERROR},
    [DC_RULE_BADGE_NOT_RETURNED] = {"badge_not_returned", "6", DC_SEVERITY_ERROR},
    [DC_RULE_ID_NOT_RETURNED] = {"id_not_returned", "6", DC_SEVERITY_ERROR},
    [DC_RULE_DEVICES_UNLISTED] = {"devices_unlisted", "6", DC_SEVERITY_ERROR},
    [DC_RULE_DEVICE_NOT_TAKEN_OUT] = {"device_not_taken_out", "6", DC_SEVERITY_ERROR},
    [DC_RULE_DEVICE_NOT_BROUGHT_IN] = {"device_not_brought_in", "6", DC_SEVERITY_ERROR},
    [DC_RULE_SLOW_SERVICE] = {"slow_service", "2-4", DC_SEVERITY_WARNING},
    [DC_RULE_SIGNATURE_MISSING] = {"signature_missing", "2", DC_SEVERITY_WARNING},
    [DC_RULE_DATE_MISMATCH] = {"date_mismatch", "7", DC_SEVERITY_WARNING},
    [DC_RULE_ACCESS_FORM_MISSING] = {"access_form_missing", "7", DC_SEVERITY_ERROR},
    [DC_RULE_SEVERAL_CHOICES] = {"several_choices", "2", DC_SEVERITY_ERROR},
    [DC_RULE_DEVICES_UNDECLARED] = {"devices_undeclared", "2", DC_SEVERITY_WARNING},
};

const char *dc_rule_name(dc_rule_id r)
{
    return (unsigned)r < DC_RULE__COUNT ? rule_table[r].name : "unknown";
}

const char *dc_rule_sop_step(dc_rule_id r)
{
    return (unsigned)r < DC_RULE__COUNT ? rule_table[r].sop_step : "";
}

int dc_rule_parse(dc_rule_id *out, const char *name)
{
    for (int i = 0; i < DC_RULE__COUNT; i++)
        if (name && strcmp(name, rule_table[i].name) == 0) {
            *out = (dc_rule_id)i;
            return DC_OK;
        }
    return dc_error_set(DC_ERR_NOT_FOUND, "unknown rule \"%s\"", name ? name : "(null)");
}

const char *dc_severity_name(dc_severity s)
{
    switch (s) {
    case DC_SEVERITY_ERROR: return "error";
    case DC_SEVERITY_VIOLATION: return "violation";
    case DC_SEVERITY_WARNING: return "warning";
    }
    return "unknown";
}

int dc_severity_parse(dc_severity *out, const char *name)
{
    static const dc_severity all[] = {DC_SEVERITY_ERROR, DC_SEVERITY_VIOLATION, DC_SEVERITY_WARNING};
    for (size_t i = 0; i < 3; i++)
        if (name && strcmp(name, dc_severity_name(all[i])) == 0) {
            *out = all[i];
            return DC_OK;
        }
    return dc_error_set(DC_ERR_VALUE, "unknown severity \"%s\"", name ? name : "(null)");
}

void dc_rules_default(dc_rules *out)
{
    memset(out, 0, sizeof *out);
    out->visit_limit_min = 60;
    out->service_limit_min = 15;
    out->date_mismatch_days = 1;
    out->engine = DC_RULES_ENGINE;
    for (int i = 0; i < DC_RULE__COUNT; i++) {
        out->severity[i] = rule_table[i].severity;
        out->enabled[i] = true;
    }
}

/* ---- rules file ---- */

static int load_limit(int *out, const char *path, json_t *v, const char *key, int min)
{
    if (!json_is_integer(v))
        return dc_error_set(DC_ERR_RULES, "%s: key \"%s\": must be an integer", path, key);
    json_int_t n = json_integer_value(v);
    const int max = 24 * 60 * 366;   /* a year of minutes (or days, far more than any limit) */
    if (n < min || n > max)
        return dc_error_set(DC_ERR_RULES, "%s: key \"%s\": %lld is out of range (%d to %d)", path, key,
                            (long long)n, min, max);
    *out = (int)n;
    return DC_OK;
}

int dc_rules_load(dc_rules *out, const char *path)
{
    dc_rules r;
    dc_rules_default(&r);
    unsigned char *text = NULL;
    size_t len = 0;
    int rc = dc_read_file(path, &text, &len);
    if (rc != DC_OK)
        return rc;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        free(text);
        return dc_error_set(DC_ERR_RULES, "%s: starts with a byte-order mark (the editor saved it as \"UTF-8 with "
                            "BOM\"): save it as plain UTF-8", path);
    }
    json_error_t jerr;
    /* a key given twice is refused: which of the two the site meant cannot be known */
    json_t *root = json_loadb((const char *)text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root && strstr(jerr.text, "duplicate object key")) {
        /* jansson stops just after the second key: name it (the last string before that point) */
        char key[64] = "";
        size_t end = jerr.position > 0 && (size_t)jerr.position <= len ? (size_t)jerr.position : 0;
        while (end > 0 && text[end - 1] != '"')
            end--;
        size_t start = end ? end - 1 : 0;
        while (start > 0 && text[start - 1] != '"')
            start--;
        if (end > start && end - start - 1 < sizeof key)
            snprintf(key, sizeof key, "%.*s", (int)(end - start - 1), (const char *)text + start);
        free(text);
        return dc_error_set(DC_ERR_RULES, "%s: line %d: key \"%s\" is given twice (which one is meant cannot be known)",
                            path, jerr.line, key);
    }
    free(text);
    if (!root)
        return dc_error_set(DC_ERR_RULES, "%s: line %d: not valid JSON: %s", path, jerr.line, jerr.text);
    if (!json_is_object(root)) {
        rc = dc_error_set(DC_ERR_RULES, "%s: the top level must be an object", path);
        goto done;
    }
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v) {
        if (strcmp(key, "visit_limit_minutes") == 0)
            rc = load_limit(&r.visit_limit_min, path, v, key, 1);
        else if (strcmp(key, "service_limit_minutes") == 0)
            rc = load_limit(&r.service_limit_min, path, v, key, 1);
        else if (strcmp(key, "date_mismatch_days") == 0)
            rc = load_limit(&r.date_mismatch_days, path, v, key, 0);
        else if (strcmp(key, "version") == 0) {
            if (!json_is_integer(v) || json_integer_value(v) != 1)
                rc = dc_error_set(DC_ERR_RULES, "%s: key \"version\": must be 1", path);
        } else if (strcmp(key, "comment") == 0) {
            /* free text for people */
        } else if (strcmp(key, "severity") == 0) {
            if (!json_is_object(v)) {
                rc = dc_error_set(DC_ERR_RULES, "%s: key \"severity\": must be an object", path);
                goto done;
            }
            const char *rk;
            json_t *sv;
            json_object_foreach(v, rk, sv) {
                dc_rule_id id = 0; /* set by dc_rule_parse; -O3 cannot see that */
                if (dc_rule_parse(&id, rk) != DC_OK) {
                    rc = dc_error_set(DC_ERR_RULES, "%s: key \"severity.%s\": unknown rule", path, rk);
                    goto done;
                }
                if (!json_is_string(sv) || dc_severity_parse(&r.severity[id], json_string_value(sv)) != DC_OK) {
                    rc = dc_error_set(DC_ERR_RULES, "%s: key \"severity.%s\": must be \"error\", \"violation\" or \"warning\"",
                                      path, rk);
                    goto done;
                }
            }
        } else if (strcmp(key, "disabled") == 0) {
            if (!json_is_array(v)) {
                rc = dc_error_set(DC_ERR_RULES, "%s: key \"disabled\": must be an array of rule ids", path);
                goto done;
            }
            size_t i;
            json_t *item;
            json_array_foreach(v, i, item) {
                dc_rule_id id = 0; /* set by dc_rule_parse; -O3 cannot see that */
                if (!json_is_string(item) || dc_rule_parse(&id, json_string_value(item)) != DC_OK) {
                    rc = dc_error_set(DC_ERR_RULES, "%s: key \"disabled[%zu]\": not a rule id", path, i);
                    goto done;
                }
                r.enabled[id] = false;
            }
        } else {
            rc = dc_error_set(DC_ERR_RULES, "%s: key \"%s\": unknown key", path, key);
        }
        if (rc != DC_OK)
            goto done;
    }
    *out = r;
done:
    json_decref(root);
    return rc;
}

int dc_rules_describe(const dc_rules *r, char *buf, size_t len)
{
    dc_rules d;
    dc_rules_default(&d);
    size_t k = 0;
    bool fits = len > 0;
#define ADD(...)                                                                                                       \
    do {                                                                                                               \
        int n_ = fits ? snprintf(buf + k, len - k, "%s", k ? "; " : "") : 0;                                          \
        if (fits && n_ >= 0 && (size_t)n_ < len - k)                                                                  \
            k += (size_t)n_;                                                                                           \
        n_ = fits ? snprintf(buf + k, len - k, __VA_ARGS__) : 0;                                                      \
        if (fits && n_ >= 0 && (size_t)n_ < len - k)                                                                  \
            k += (size_t)n_;                                                                                           \
        else                                                                                                           \
            fits = false;                                                                                              \
    } while (0)
    if (r->visit_limit_min != d.visit_limit_min)
        ADD("visit_limit_minutes=%d", r->visit_limit_min);
    if (r->service_limit_min != d.service_limit_min)
        ADD("service_limit_minutes=%d", r->service_limit_min);
    if (r->date_mismatch_days != d.date_mismatch_days)
        ADD("date_mismatch_days=%d", r->date_mismatch_days);
    for (int i = 0; i < DC_RULE__COUNT; i++)
        if (r->severity[i] != d.severity[i])
            ADD("severity %s=%s", rule_table[i].name, dc_severity_name(r->severity[i]));
    for (int i = 0; i < DC_RULE__COUNT; i++)
        if (!r->enabled[i])
            ADD("disabled %s", rule_table[i].name);
    if (k == 0)
        ADD("SOP defaults");
#undef ADD
    if (!fits) {
        if (len)
            buf[0] = '\0';
        return dc_error_set(DC_ERR_INVALID_ARG, "the rules' description needs more than %zu bytes", len);
    }
    return DC_OK;
}

int dc_rules_stamp(const dc_rules *r, char *buf, size_t len)
{
    int rc = dc_rules_describe(r, buf, len);
    if (rc != DC_OK)
        return rc;
    const size_t k = strlen(buf);
    const int n = snprintf(buf + k, len - k, "; rules engine %d", r->engine);
    if (n < 0 || (size_t)n >= len - k) {
        buf[0] = '\0';
        return dc_error_set(DC_ERR_INVALID_ARG, "the rules' description needs more than %zu bytes", len);
    }
    return DC_OK;
}

int dc_rules_stamp_engine(const char *stamp)
{
    static const char key[] = "; rules engine ";
    const char *at = NULL;
    for (const char *q = stamp ? strstr(stamp, key) : NULL; q; q = strstr(q + 1, key))
        at = q;   /* the last one: the end the stamp added */
    if (!at)
        return 1;
    char *end = NULL;
    const long n = strtol(at + sizeof key - 1, &end, 10);
    return end && !*end && n >= 1 && n <= 1000000 ? (int)n : 1;
}

/* ---- findings ---- */

void dc_findings_clear(dc_findings *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        free(f->items[i].message_id);
        free(f->items[i].message_en);
    }
    free(f->items);
    memset(f, 0, sizeof *f);
}

int dc_findings_add(dc_findings *f, dc_rule_id rule, const char *field, int row, const char *sop_step,
                    dc_severity severity, const char *message_id, const char *message_en)
{
    if (dc_grow(&f->items, &f->cap, f->n, sizeof *f->items, 8) != 0)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    dc_finding *x = &f->items[f->n];
    memset(x, 0, sizeof *x);
    x->rule = rule;
    snprintf(x->field, sizeof x->field, "%s", field ? field : "");
    x->row = row;
    x->sop_step = sop_step ? sop_step : rule_table[rule].sop_step;
    x->severity = severity;
    x->message_id = dc_strdup(message_id ? message_id : "");
    x->message_en = dc_strdup(message_en ? message_en : "");
    if (!x->message_id || !x->message_en) {
        free(x->message_id);
        free(x->message_en);
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    }
    f->n++;
    return DC_OK;
}

int dc_findings_find(const dc_findings *f, dc_rule_id rule, const char *field)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->items[i].rule == rule && (!field || !*field || strcmp(f->items[i].field, field) == 0))
            return (int)i;
    return -1;
}

/* ---- checking ---- */

/* One check run: lookups of fields in review mark the current rule as undecidable. */
typedef struct ctx {
    const dc_rules *rules;
    const dc_record *rec;
    dc_findings *out;
    bool unknown; /* a field read by the current rule is in review */
    int rc;
} ctx;

/* Known non-empty value, or NULL when empty/absent; marks `unknown` for a value in review. */
static const char *val(ctx *c, const char *id)
{
    const dc_record_field *f = dc_record_get(c->rec, id);
    if (!f)
        return NULL;
    if (f->state == DC_VALUE_REVIEW) {
        c->unknown = true;
        return NULL;
    }
    return f->state == DC_VALUE_EMPTY ? NULL : f->value;
}

static bool is(ctx *c, const char *id, const char *want)
{
    const char *v = val(c, id);
    return v && strcmp(v, want) == 0;
}

static bool ticked(ctx *c, const char *id) { return is(c, id, "true"); }

static void begin(ctx *c) { c->unknown = false; }

/* Two names written alike: the same letters and digits, case, spaces and punctuation aside. */
static bool same_name(const char *a, const char *b)
{
    for (;;) {
        while (*a && !isalnum((unsigned char)*a))
            a++;
        while (*b && !isalnum((unsigned char)*b))
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        if (toupper((unsigned char)*a++) != toupper((unsigned char)*b++))
            return false;
    }
}

/* Whether `s` is a serial number: some letter or digit, and not a word for none ("N/A", "-",
 * "tidak ada", "nihil", "..."): a row with such a serial has none. */
static bool is_serial(const char *s)
{
    char k[16];
    size_t n = 0;
    for (; s && *s; s++)
        if (isalnum((unsigned char)*s)) {
            if (n + 1 >= sizeof k)
                return true;   /* longer than any word for none */
            k[n++] = (char)toupper((unsigned char)*s);
        }
    k[n] = '\0';
    static const char *none[] = {"", "NA", "NONE", "NIL", "NIHIL", "TIDAKADA", "TDKADA", "KOSONG"};
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
        if (strcmp(k, none[i]) == 0)
            return false;
    return true;
}

/* Adds a finding unless the rule is disabled, read a field in review, or a previous add failed. */
static void emit_row(ctx *c, dc_rule_id rule, const char *field, int row, const char *step, const char *msg_id,
                     const char *msg_en)
{
    if (c->unknown || c->rc != DC_OK || !c->rules->enabled[rule])
        return;
    c->rc = dc_findings_add(c->out, rule, field, row, step, c->rules->severity[rule], msg_id, msg_en);
}

static void emit(ctx *c, dc_rule_id rule, const char *field, const char *step, const char *msg_id,
                 const char *msg_en)
{
    emit_row(c, rule, field, 0, step, msg_id, msg_en);
}

/* A finding's message: room for the longest value a message quotes (a device name or a choice of
 * DC_RECORD_VALUE_MAX characters, 4 bytes each at most) and its words. */
#define MSG_MAX (4 * DC_RECORD_VALUE_MAX + 512)

/* snprintf into a caller buffer, returning it (for message arguments). Text that does not fit
 * is cut at a character's start and ends in "..." (never half a UTF-8 character). */
static const char *fmt(char *buf, size_t len, const char *f, ...) __attribute__((format(printf, 3, 4)));
static const char *fmt(char *buf, size_t len, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int n = vsnprintf(buf, len, f, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n >= len && len > 4) {
        size_t end = len - 4;
        while (end > 0 && ((unsigned char)buf[end] & 0xC0) == 0x80)
            end--;
        memcpy(buf + end, "...", 4);
    }
    return buf;
}

/* A required field: its id, SOP step, and its name in the messages (Indonesian, English). */
typedef struct req {
    const char *id;
    const char *step;
    const char *name_id, *name_en;
} req;

static const req visitor_required[] = {
    {"visit_date", "2", "tanggal kunjungan", "visit date"},
    {"visitor_name", "2", "nama pengunjung", "visitor's name"},
    {"institution", "2", "instansi", "institution"},
    {"id_type", "2", "jenis identitas", "ID type"},
    {"id_number", "2", "nomor identitas", "ID number"},
    {"purpose", "2", "tujuan kunjungan", "purpose"},
    {"brings_devices", "2", "membawa perangkat (ya/tidak)", "brings devices (yes/no)"},
};

static const req operator_required[] = {
    {"operator_name", "4", "nama operator", "operator's name"},
    {"entry_time", "5", "jam masuk", "entry time"},
};

#define MAX_DEVICE_ROWS 99

/* Highest device row number present in the record (0: none). */
static int device_rows(const dc_record *r)
{
    int max = 0;
    for (size_t i = 0; i < r->nfields; i++) {
        int n = 0;
        if (sscanf(r->fields[i].id, "device_%d_", &n) == 1 && n > max && n <= MAX_DEVICE_ROWS)
            max = n;
    }
    return max;
}

static const char *dev(char *buf, size_t len, int row, const char *part)
{
    snprintf(buf, len, "device_%d_%s", row, part);
    return buf;
}

/* A device row exists when its name, model or serial is written (ticks alone do not make a row).
 * Unknown (c->unknown set) only when no part is written and one is in review: a name read surely
 * makes the row, whatever its serial in review turns out to be. */
static bool row_used(ctx *c, int row)
{
    static const char *text_parts[] = {"name", "model", "serial"};
    const bool before = c->unknown;
    char id[48];
    bool used = false, unsure = false;
    for (size_t i = 0; i < 3; i++) {
        c->unknown = false;
        if (val(c, dev(id, sizeof id, row, text_parts[i])))
            used = true;
        unsure = unsure || c->unknown;
    }
    c->unknown = before || (!used && unsure);
    return used;
}

/* Its name in words first (the Indonesian message showed only the id), then the id. Where the
 * English name is the id ("purpose (purpose)") the text is kept as it is all the same: messages are
 * chained and compared when a record is checked again, so another text would change the findings
 * of every archive made before; dc_finding_message_shown drops the repeat where it is shown. */
static void required(ctx *c, const req *q)
{
    char mi[128], me[128];
    if (!val(c, q->id))
        emit(c, DC_RULE_REQUIRED_MISSING, q->id, q->step,
             fmt(mi, sizeof mi, "Kolom wajib kosong: %s (%s)", q->name_id, q->id),
             fmt(me, sizeof me, "Required field is empty: %s (%s)", q->name_en, q->id));
}

const char *dc_finding_message_shown(char *buf, size_t len, const char *message, const char *field)
{
    if (!message || !field || !*field)
        return message;
    const size_t n = strlen(message), f = strlen(field);
    /* " FIELD (FIELD)" at its end */
    if (n < 2 * f + 4 || message[n - 1] != ')' || strncmp(message + n - f - 1, field, f) != 0 ||
        strncmp(message + n - f - 3, " (", 2) != 0 || strncmp(message + n - 2 * f - 3, field, f) != 0 ||
        message[n - 2 * f - 4] != ' ')
        return message;
    const size_t keep = n - f - 3;
    if (keep >= len)
        return message;
    memcpy(buf, message, keep);
    buf[keep] = '\0';
    return buf;
}

/* A time field: *minutes >= 0 when a valid clock time, -1 when empty; *bad when written but not a time. */
static void time_of(ctx *c, const char *id, int *minutes, bool *bad)
{
    const char *s = val(c, id);
    *minutes = -1;
    *bad = false;
    if (s && dc_parse_time(minutes, s) != DC_OK) {
        *minutes = -1;
        *bad = true;
        dc_error_clear();
    }
}

static void check_access(ctx *c, const char *batch_date)
{
    const dc_rules *R = c->rules;
    char mi[MSG_MAX], me[MSG_MAX];

    /* required fields, visitor part (signatures: see signature_missing) */
    for (size_t i = 0; i < sizeof visitor_required / sizeof visitor_required[0]; i++) {
        begin(c);
        required(c, &visitor_required[i]);
    }

    /* decision */
    begin(c);
    const char *decision = val(c, "decision");
    bool decision_unknown = c->unknown;
    bool granted = decision && strcmp(decision, "granted") == 0;
    bool refused = decision && strcmp(decision, "refused") == 0;
    if (decision && strchr(decision, '+'))   /* both boxes ticked, as a person confirmed */
        emit(c, DC_RULE_NO_DECISION, NULL, "4", "Keputusan akses ganda (diizinkan dan ditolak dicentang)",
             "Two access decisions (both granted and refused ticked)");
    else if (!granted && !refused)
        emit(c, DC_RULE_NO_DECISION, NULL, "4", "Tidak ada keputusan akses (diizinkan/ditolak)",
             "No access decision (granted/refused)");

    /* operator part: required only when granted */
    for (size_t i = 0; i < sizeof operator_required / sizeof operator_required[0]; i++) {
        c->unknown = decision_unknown;
        if (granted)
            required(c, &operator_required[i]);
    }

    /* an entry time, a badge or an exit time says the visitor went in */
    static const struct {
        const char *id, *name_id, *name_en;
    } signs[] = {{"entry_time", "jam masuk", "an entry time"},
                 {"badge_number", "nomor badge", "a badge number"},
                 {"exit_time", "jam keluar", "an exit time"}};
    const char *got_id[3], *got_en[3];
    int n = 0;
    begin(c);
    for (size_t i = 0; i < 3; i++)
        if (val(c, signs[i].id)) {
            got_id[n] = signs[i].name_id;
            got_en[n++] = signs[i].name_en;
        }
    const bool went_in = n > 0, went_in_unsure = !went_in && c->unknown;
    c->unknown = decision_unknown;   /* one written decides it, the others in review or not */
    if (refused) {
        char li[96] = "", le[96] = "";
        for (int i = 0; i < n; i++) {   /* "a, b and c" */
            const bool last = i > 0 && i == n - 1;
            snprintf(li + strlen(li), sizeof li - strlen(li), "%s%s", !i ? "" : last ? " dan " : ", ", got_id[i]);
            snprintf(le + strlen(le), sizeof le - strlen(le), "%s%s", !i ? "" : last ? " and " : ", ", got_en[i]);
        }
        if (n)
            emit(c, DC_RULE_ENTERED_WHILE_REFUSED, NULL, "4",
                 fmt(mi, sizeof mi, "Akses ditolak tetapi %s tercatat", li),
                 fmt(me, sizeof me, "Access refused, yet %s recorded", le));
    }

    c->unknown = decision_unknown;
    const char *escort = granted ? val(c, "escort_name") : NULL;
    if (granted && !escort)
        emit(c, DC_RULE_NOT_ESCORTED, "escort_name", "5", "Akses diizinkan tanpa pendamping",
             "Access granted without an escort");
    const char *visitor = escort ? val(c, "visitor_name") : NULL;
    if (visitor && same_name(escort, visitor))   /* SOP 5: accompanied and supervised by someone else */
        emit(c, DC_RULE_NOT_ESCORTED, "escort_name", "5", "Pendamping adalah pengunjung itu sendiri",
             "The escort is the visitor themself");
    c->unknown = decision_unknown;
    if (granted && !val(c, "badge_number"))
        emit(c, DC_RULE_NO_BADGE, "badge_number", "5", "Akses diizinkan tanpa nomor badge pengunjung",
             "Access granted without a visitor badge number");
    c->unknown = decision_unknown;
    if (granted && !val(c, "exit_time"))
        emit(c, DC_RULE_NO_EXIT_TIME, "exit_time", "6", "Jam keluar tidak dicatat", "No exit time recorded");

    /* times */
    int arrival, entry, exit_;
    bool bad_arrival, bad_entry, bad_exit;
    /* Each check below needs its own times known (a time in review reads as -1 and not bad), so a
     * time in review holds back only the checks that need it: one in review held them all back. */
    begin(c);
    time_of(c, "entry_time", &entry, &bad_entry);
    time_of(c, "exit_time", &exit_, &bad_exit);
    time_of(c, "arrival_time", &arrival, &bad_arrival);
    begin(c);
    if (entry >= 0 && exit_ >= entry && exit_ - entry > R->visit_limit_min)
        emit(c, DC_RULE_OVER_TIME_LIMIT, NULL, "5",
             fmt(mi, sizeof mi, "Lama kunjungan %d menit, melebihi batas %d menit", exit_ - entry, R->visit_limit_min),
             fmt(me, sizeof me, "Visit lasted %d min, over the %d min limit", exit_ - entry, R->visit_limit_min));
    if (arrival >= 0 && entry >= arrival && entry - arrival > R->service_limit_min)
        emit(c, DC_RULE_SLOW_SERVICE, NULL, "2-4",
             fmt(mi, sizeof mi, "Layanan %d menit dari kedatangan sampai masuk, melebihi %d menit", entry - arrival,
                 R->service_limit_min),
             fmt(me, sizeof me, "Service took %d min from arrival to entry, over %d min", entry - arrival,
                 R->service_limit_min));

    {
        size_t li = 0, le = 0;
        mi[0] = me[0] = '\0';
#define WHY(i_, e_)                                                                                                    \
    do {                                                                                                               \
        li += (size_t)snprintf(mi + li, sizeof mi - li, "%s%s", li ? "; " : "Waktu tidak konsisten: ", i_);           \
        le += (size_t)snprintf(me + le, sizeof me - le, "%s%s", le ? "; " : "Times inconsistent: ", e_);              \
    } while (0)
        if (bad_arrival)
            WHY("jam kedatangan bukan jam yang valid", "arrival time is not a clock time");
        if (bad_entry)
            WHY("jam masuk bukan jam yang valid", "entry time is not a clock time");
        if (bad_exit)
            WHY("jam keluar bukan jam yang valid", "exit time is not a clock time");
        if (entry >= 0 && exit_ >= 0 && exit_ < entry)
            WHY("jam keluar sebelum jam masuk", "exit before entry");
        if (arrival >= 0 && entry >= 0 && arrival > entry)
            WHY("jam kedatangan setelah jam masuk", "arrival after entry");
#undef WHY
        if (li)
            emit(c, DC_RULE_TIMES_INCONSISTENT, NULL, "5-6", mi, me);
    }

    c->unknown = decision_unknown;
    if (granted && !ticked(c, "badge_returned"))
        emit(c, DC_RULE_BADGE_NOT_RETURNED, "badge_returned", "6",
             "Badge pengunjung tidak dicentang sebagai sudah dikembalikan", "Visitor badge not ticked as returned");
    c->unknown = decision_unknown;
    if (granted && !ticked(c, "id_returned"))
        emit(c, DC_RULE_ID_NOT_RETURNED, "id_returned", "6",
             "Identitas pengunjung tidak dicentang sebagai sudah dikembalikan", "Visitor's ID not ticked as returned");

    /* one-choice groups with more than one box ticked (decision: no_decision above) */
    static const char *one_choice[] = {"id_type", "purpose", "brings_devices"};
    for (size_t i = 0; i < sizeof one_choice / sizeof one_choice[0]; i++) {
        begin(c);
        const char *v = val(c, one_choice[i]);
        if (v && strchr(v, '+'))
            emit(c, DC_RULE_SEVERAL_CHOICES, one_choice[i], "2",
                 fmt(mi, sizeof mi, "Lebih dari satu pilihan dicentang pada %s: %s", one_choice[i], v),
                 fmt(me, sizeof me, "More than one choice ticked in %s: %s", one_choice[i], v));
    }

    /* id */
    begin(c);
    if (is(c, "id_type", "ktp")) {
        const char *nik = val(c, "id_number");
        /* what is wrong, without the digits that everyday reports mask (the birth date, 7-12) */
        static const char *fault_id[] = {"", "bukan 16 angka", "kode provinsi tidak ada",
                                         "kode kabupaten/kota 00", "kode kecamatan tidak valid",
                                         "tanggal lahir bukan tanggal", "nomor urut 0000"},
                          *fault_en[] = {"", "not 16 digits", "no province has its code",
                                         "regency or city code 00", "sub-district code not valid",
                                         "the birth date is no date", "sequence number 0000"};
        const dc_nik_fault fault = nik ? dc_nik_check(nik) : DC_NIK_OK;
        if (fault != DC_NIK_OK)
            emit(c, DC_RULE_ID_INVALID, "id_number", "2",
                 fmt(mi, sizeof mi, "Nomor KTP (NIK) tidak valid: %s", fault_id[fault]),
                 fmt(me, sizeof me, "KTP number (NIK) is not valid: %s", fault_en[fault]));
    }

    /* devices declared but not listed */
    begin(c);
    if (is(c, "brings_devices", "yes")) {
        int rows = device_rows(c->rec), used = 0, no_serial = 0;
        char id[48], list[64] = "";
        size_t at = 0;
        for (int row = 1; row <= rows; row++) {
            if (!row_used(c, row))
                continue;
            used++;
            /* "N/A", "-" or "tidak ada" is no serial (nor is it to the pairing of rows below); one
             * in review holds back only its row */
            const bool before = c->unknown;
            c->unknown = false;
            const char *serial = val(c, dev(id, sizeof id, row, "serial"));
            const bool serial_unknown = c->unknown;
            c->unknown = before;
            if (!serial_unknown && !is_serial(serial)) {
                if (at < sizeof list)
                    at += (size_t)snprintf(list + at, sizeof list - at, "%s%d", no_serial ? ", " : "", row);
                no_serial++;
            }
        }
        /* no list at all: SOP step 6 comes after a visit, which a refused request with no sign of
         * entry did not have (it was an error there); it waits while the decision or such a sign is
         * in review. A list made is checked whatever the decision. */
        const bool no_visit = refused && !went_in, unlisted = !c->rec->has_checklist || !used;
        if (unlisted)
            c->unknown = c->unknown || decision_unknown || (no_visit && went_in_unsure);
        const bool nothing_to_list = unlisted && no_visit && !went_in_unsure;
        if (!nothing_to_list && !c->rec->has_checklist)
            emit(c, DC_RULE_DEVICES_UNLISTED, NULL, "6", "Membawa perangkat tetapi ceklist perangkat tidak ada",
                 "Devices declared but no device checklist");
        else if (!nothing_to_list && !used)
            emit(c, DC_RULE_DEVICES_UNLISTED, NULL, "6", "Membawa perangkat tetapi ceklist perangkat kosong",
                 "Devices declared but the device checklist is empty");
        else if (no_serial) {   /* decided by those rows, whatever rows in review hold; each named */
            c->unknown = false;
            emit(c, DC_RULE_DEVICES_UNLISTED, NULL, "6",
                 fmt(mi, sizeof mi, "Perangkat baris %s tanpa nomor seri", list),
                 fmt(me, sizeof me, "Device row%s %s %s no serial number", no_serial > 1 ? "s" : "", list,
                     no_serial > 1 ? "have" : "has"));
        }
    }

    /* devices listed but declared as none */
    begin(c);
    if (is(c, "brings_devices", "no") && c->rec->has_checklist) {
        int rows = device_rows(c->rec), used = 0;
        for (int row = 1; row <= rows; row++)
            if (row_used(c, row))
                used++;
        c->unknown = c->unknown && !used;   /* one row written decides it (the count: rows known so far) */
        if (used)
            emit(c, DC_RULE_DEVICES_UNDECLARED, "brings_devices", "2",
                 fmt(mi, sizeof mi, "Menyatakan tidak membawa perangkat, tetapi ceklist mencatat %d baris perangkat",
                     used),
                 fmt(me, sizeof me, "Declared no devices, yet the checklist has %d device row%s", used,
                     used == 1 ? "" : "s"));
    }

    /* signatures */
    begin(c);
    if (!ticked(c, "visitor_signature"))
        emit(c, DC_RULE_SIGNATURE_MISSING, "visitor_signature", "2", "Tanda tangan pengunjung kosong",
             "Visitor signature missing");
    c->unknown = decision_unknown;
    if (granted && !ticked(c, "operator_signature"))
        emit(c, DC_RULE_SIGNATURE_MISSING, "operator_signature", "6", "Tanda tangan operator kosong",
             "Operator signature missing");

    /* date */
    begin(c);
    const char *vd = val(c, "visit_date");
    dc_date d1, d2;
    if (vd && batch_date && dc_parse_date(&d1, vd) == DC_OK && dc_parse_date(&d2, batch_date) == DC_OK) {
        long diff = dc_date_days(d2) - dc_date_days(d1);
        long adiff = diff < 0 ? -diff : diff;
        if (adiff > R->date_mismatch_days)
            emit(c, DC_RULE_DATE_MISMATCH, "visit_date", "7",
                 fmt(mi, sizeof mi, "Tanggal kunjungan %s berbeda %ld hari dari tanggal pemindaian %s", vd, adiff,
                     batch_date),
                 fmt(me, sizeof me, "Visit date %s is %ld day%s from the scan batch date %s", vd, adiff,
                     adiff == 1 ? "" : "s", batch_date));
    }
    dc_error_clear();
}

/* One device row's ticks and serial, for pairing a device written twice. */
typedef struct dev_row {
    bool in, out;
    bool unknown;        /* a tick in review */
    bool serial_review;  /* the serial in review: it might pair */
    const char *serial;  /* NULL: none read */
    bool paired;
} dev_row;

static void check_checklist(ctx *c)
{
    int rows = device_rows(c->rec);
    dev_row d[MAX_DEVICE_ROWS + 1];
    char in_id[48], out_id[48], id[48], mi[MSG_MAX], me[MSG_MAX];
    for (int row = 1; row <= rows; row++) {
        begin(c);
        d[row].in = ticked(c, dev(in_id, sizeof in_id, row, "in"));
        d[row].out = ticked(c, dev(out_id, sizeof out_id, row, "out"));
        d[row].unknown = c->unknown;
        begin(c);
        d[row].serial = val(c, dev(id, sizeof id, row, "serial"));
        d[row].serial_review = c->unknown;
        d[row].paired = false;
    }
    /* A device ticked in on one row and written again on another, ticked out there (an operator
     * who listed it anew at the exit), is one device that went in and out: pair rows by serial. */
    for (int a = 1; a <= rows; a++) {
        if (d[a].unknown || !d[a].in || d[a].out || !is_serial(d[a].serial))
            continue;
        for (int b = 1; b <= rows; b++)
            if (b != a && !d[b].paired && !d[b].unknown && d[b].out && !d[b].in && d[b].serial &&
                same_name(d[a].serial, d[b].serial)) {
                d[a].paired = d[b].paired = true;
                break;
            }
    }
    /* unpaired one-sided rows, and those of them whose serial is in review: a row might pair with
     * one of the other side when its own serial or the other's is in review */
    bool open_in = false, open_out = false, in_review = false, out_review = false;
    for (int row = 1; row <= rows; row++)
        if (!d[row].paired && !d[row].unknown) {
            bool only_in = d[row].in && !d[row].out, only_out = d[row].out && !d[row].in;
            open_in = open_in || only_in;
            open_out = open_out || only_out;
            in_review = in_review || (only_in && d[row].serial_review);
            out_review = out_review || (only_out && d[row].serial_review);
        }
    for (int row = 1; row <= rows; row++) {
        if (d[row].paired)
            continue;
        bool in = d[row].in, out = d[row].out;
        begin(c);
        const char *name = val(c, dev(id, sizeof id, row, "name")); /* for the message only */
        c->unknown = d[row].unknown || (in && !out && (out_review || (d[row].serial_review && open_out))) ||
                     (out && !in && (in_review || (d[row].serial_review && open_in)));
        if (in && !out)
            emit_row(c, DC_RULE_DEVICE_NOT_TAKEN_OUT, NULL, row, "6",
                 fmt(mi, sizeof mi, "Perangkat baris %d (%s) dibawa masuk tetapi tidak dibawa keluar", row,
                     name ? name : "-"),
                 fmt(me, sizeof me, "Device row %d (%s) brought in but not taken out", row, name ? name : "-"));
        else if (out && !in)
            emit_row(c, DC_RULE_DEVICE_NOT_BROUGHT_IN, NULL, row, "6",
                 fmt(mi, sizeof mi, "Perangkat baris %d (%s) dibawa keluar tetapi tidak tercatat masuk", row,
                     name ? name : "-"),
                 fmt(me, sizeof me, "Device row %d (%s) taken out but not brought in", row, name ? name : "-"));
    }
    /* the checklist's own signatures are not rules in v1 (samples/README.md) */
}

/* Stable order: rule order, then row, then field. */
static int cmp_finding(const void *a, const void *b)
{
    const dc_finding *x = a, *y = b;
    if (x->rule != y->rule)
        return (int)x->rule - (int)y->rule;
    if (x->row != y->row)
        return x->row - y->row;
    return strcmp(x->field, y->field);
}

int dc_rules_check(dc_findings *out, const dc_rules *rules, const dc_record *rec, const char *batch_date)
{
    dc_findings_clear(out);
    ctx c = {rules, rec, out, false, DC_OK};
    if (rec->has_access) {
        check_access(&c, batch_date);
    } else {
        begin(&c);
        emit(&c, DC_RULE_ACCESS_FORM_MISSING, NULL, "7", "Ceklist perangkat tanpa formulir akses",
             "Device checklist without its access form");
    }
    if (rec->has_checklist)
        check_checklist(&c);
    if (c.rc != DC_OK) {
        dc_findings_clear(out);
        return c.rc;
    }
    if (out->n > 1)
        qsort(out->items, out->n, sizeof *out->items, cmp_finding);
    return DC_OK;
}
