/* rules-vs-truth: compares dcaccess findings with the sample generator's expected findings. */
#include "dc_archive.h"
#include "dc_error.h"
#include "dc_page.h"
#include "dc_record.h"
#include "dc_rules.h"
#include "dc_util.h"

#include <dirent.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A finding as the generator names it: "rule|field|row". */
static char *key_of(const char *rule, const char *field, int row)
{
    return dc_asprintf("%s|%s|%d", rule, field ? field : "", row);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

typedef struct keys {
    char *v[64];
    size_t n;
} keys;

static void keys_free(keys *k)
{
    for (size_t i = 0; i < k->n; i++)
        free(k->v[i]);
    k->n = 0;
}

static void keys_add(keys *k, char *s)
{
    if (k->n < 64)
        k->v[k->n++] = s;
    else
        free(s);
}

static void keys_print(FILE *f, const keys *k)
{
    fputc('{', f);
    for (size_t i = 0; i < k->n; i++)
        fprintf(f, "%s%s", i ? ", " : "", k->v[i]);
    fputc('}', f);
}

/* Compares as sets (sorted); prints a mismatch line. Returns true when equal. */
static bool compare(const char *where, const char *serial, keys *want, keys *got)
{
    qsort(want->v, want->n, sizeof *want->v, cmp_str);
    qsort(got->v, got->n, sizeof *got->v, cmp_str);
    bool eq = want->n == got->n;
    for (size_t i = 0; eq && i < want->n; i++)
        eq = strcmp(want->v[i], got->v[i]) == 0;
    if (!eq) {
        printf("MISMATCH %s %s: expected ", where, serial);
        keys_print(stdout, want);
        printf(" got ");
        keys_print(stdout, got);
        putchar('\n');
    }
    return eq;
}

static void findings_keys(keys *k, const dc_findings *f)
{
    for (size_t i = 0; i < f->n; i++)
        keys_add(k, key_of(dc_rule_name(f->items[i].rule), f->items[i].field, f->items[i].row));
}

static void expected_keys(keys *k, json_t *rec)
{
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(rec, "findings"), i, x) {
        json_t *row = json_object_get(x, "row");
        keys_add(k, key_of(json_string_value(json_object_get(x, "rule")),
                           json_string_value(json_object_get(x, "field")),
                           json_is_integer(row) ? (int)json_integer_value(row) : 0));
    }
}

static json_t *load_json(const char *dir, const char *name)
{
    char *path = dc_asprintf("%s/%s", dir, name);
    json_error_t e;
    json_t *j = path ? json_load_file(path, 0, &e) : NULL;
    if (!j)
        fprintf(stderr, "rules-vs-truth: %s: %s\n", path ? path : name, path ? e.text : "out of memory");
    free(path);
    return j;
}

static json_t *expected_record(json_t *records, const char *serial)
{
    size_t i;
    json_t *r;
    json_array_foreach(records, i, r) if (strcmp(json_string_value(json_object_get(r, "serial")), serial) == 0) return r;
    return NULL;
}

/* A page result holding a truth page's values, all accepted (null = empty). */
static void truth_page(dc_page_result *p, json_t *page)
{
    memset(p, 0, sizeof *p);
    p->status = DC_PAGE_FORM;
    snprintf(p->form, sizeof p->form, "%s", json_string_value(json_object_get(page, "form")));
    snprintf(p->serial, sizeof p->serial, "%s", json_string_value(json_object_get(page, "serial")));
    json_t *fields = json_object_get(page, "fields");
    p->fields = calloc(json_object_size(fields) + 1, sizeof *p->fields);
    const char *id;
    json_t *v;
    json_object_foreach(fields, id, v) {
        dc_field_value *f = &p->fields[p->nfields++];
        f->id = dc_strdup(id);
        f->value = json_is_string(v) ? dc_strdup(json_string_value(v)) : NULL;
        f->state = f->value ? DC_STATE_ACCEPTED : DC_STATE_EMPTY;
        f->confidence = 1.0;
    }
}

/* --digest: SHA-256 over what the engine made of every record (its fields, then its findings with
 * severity, SOP step and both messages, in the engine's order), as the truth has it and with some
 * fields in review (some_in_review): a change to dc_record_from_pages or
 * dc_rules_check that changes anything stored changes it (DC_RULES_ENGINE). NULL: not asked. */
static dc_sha256 *g_digest;
static size_t g_findings;

/* --per-rule: the findings of each rule on the truth as it is (those compared with the generator's),
 * so that a corpus meant to exercise every rule can be seen to. NULL: not asked. */
static size_t (*g_per_rule)[DC_RULE__COUNT];

/* --per-message: the distinct English messages of each rule on the truth as it is, with every run of
 * digits written '#' (the minutes, rows and dates a message quotes), and how many findings have each:
 * a message's wording that never occurs in the corpus could change without changing the digest, so
 * tests/e2e/test_rules_engine.sh checks that each of its variants occurs. */
typedef struct msg_count {
    int rule;
    char *text;
    size_t n;
} msg_count;
static msg_count *g_msgs;
static size_t g_nmsgs, g_msgs_cap;
static bool g_per_message;

/* One finding's message into g_msgs; false when out of memory. */
static bool count_message(int rule, const char *msg)
{
    char *t = malloc(strlen(msg ? msg : "") + 1);
    if (!t)
        return false;
    size_t k = 0;
    for (const char *c = msg ? msg : ""; *c; c++)
        if (*c >= '0' && *c <= '9') {
            if (!k || t[k - 1] != '#')
                t[k++] = '#';
        } else {
            t[k++] = *c;
        }
    t[k] = '\0';
    for (size_t i = 0; i < g_nmsgs; i++)
        if (g_msgs[i].rule == rule && strcmp(g_msgs[i].text, t) == 0) {
            g_msgs[i].n++;
            free(t);
            return true;
        }
    if (dc_grow(&g_msgs, &g_msgs_cap, g_nmsgs, sizeof *g_msgs, 64) != 0) {
        free(t);
        return false;
    }
    g_msgs[g_nmsgs++] = (msg_count){rule, t, 1};
    return true;
}

/* By rule (the engine's order), then text. */
static int cmp_msg(const void *a, const void *b)
{
    const msg_count *x = a, *y = b;
    return x->rule != y->rule ? x->rule - y->rule : strcmp(x->text, y->text);
}

static void digest_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void digest_text(const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (k > 0)   /* a longer text is cut, the same way each time: still a fixed function of it */
        dc_sha256_update(g_digest, buf, (size_t)k < sizeof buf ? (size_t)k : sizeof buf - 1);
}

static void digest_record(const dc_record *r, const dc_findings *f)
{
    digest_text("record %s %s\n", r->serial, dc_record_status_name(r));
    for (size_t i = 0; i < r->nfields; i++)
        digest_text("%s=%s %s\n", r->fields[i].id, r->fields[i].value ? r->fields[i].value : "(none)",
                    dc_value_state_name(r->fields[i].state));
    for (size_t i = 0; i < f->n; i++) {
        const dc_finding *x = &f->items[i];
        digest_text("finding %s|%s|%d|%s|%s|%s|%s\n", dc_rule_name(x->rule), x->field, x->row,
                    dc_severity_name(x->severity), x->sop_step ? x->sop_step : "", x->message_en ? x->message_en : "",
                    x->message_id ? x->message_id : "");
    }
    g_findings += f->n;
}

/* For the digest's second look: about one field in four of the pages put in review, as a scan
 * unsure of it would (its reading kept, confidence 0.5), chosen by a hash of serial, form and field
 * id so that every run picks the same: what the engine makes of records waiting for a review (the
 * findings that wait for a field, the record's status) is in the digest too. */
static void some_in_review(dc_page_result *p)
{
    for (size_t i = 0; i < p->nfields; i++) {
        dc_field_value *f = &p->fields[i];
        uint32_t h = 2166136261u;   /* FNV-1a */
        for (const char *parts[] = {p->serial, "|", p->form, "|", f->id}, **q = parts; q < parts + 5; q++)
            for (const unsigned char *c = (const unsigned char *)*q; *c; c++)
                h = (h ^ *c) * 16777619u;
        if (h % 4 == 0) {
            f->state = DC_STATE_REVIEW;
            f->confidence = 0.5;
            f->why = DC_WHY_UNSURE;
        }
    }
}

/* Builds the record of a set's truth pages (either may be NULL), with some of their fields in
 * review when `in_review` (the digest's second look), and checks it: *r and *f belong to the caller. */
static int check_pages(dc_record **r, dc_findings *f, json_t *acc_page, json_t *chk_page, bool in_review,
                       const dc_rules *rules, const char *batch_date)
{
    dc_page_result acc, chk;
    if (acc_page) {
        truth_page(&acc, acc_page);
        if (in_review)
            some_in_review(&acc);
    }
    if (chk_page) {
        truth_page(&chk, chk_page);
        if (in_review)
            some_in_review(&chk);
    }
    int rc = dc_record_from_pages(r, acc_page ? &acc : NULL, chk_page ? &chk : NULL);
    if (rc == DC_OK)
        rc = dc_rules_check(f, rules, *r, batch_date);
    if (acc_page)
        dc_page_result_clear(&acc);
    if (chk_page)
        dc_page_result_clear(&chk);
    return rc;
}

static int truth_dir(const char *dir, const dc_rules *rules, size_t *n, size_t *bad)
{
    json_t *truth = load_json(dir, "truth.json"), *records = load_json(dir, "records.json");
    if (!truth || !records) {
        json_decref(truth);
        json_decref(records);
        return 1;
    }
    size_t i;
    json_t *rec;
    json_array_foreach(records, i, rec) {
        const char *serial = json_string_value(json_object_get(rec, "serial"));
        const char *batch_date = json_string_value(json_object_get(rec, "batch_date"));
        json_t *acc_page = NULL, *chk_page = NULL;
        size_t j;
        json_t *page;
        json_array_foreach(json_object_get(truth, "pages"), j, page) {
            const char *kind = json_string_value(json_object_get(page, "kind"));
            const char *ps = json_string_value(json_object_get(page, "serial"));
            const char *form = json_string_value(json_object_get(page, "form"));
            if (!kind || strcmp(kind, "form") != 0 || !ps || strcmp(ps, serial) != 0 || !form)
                continue;
            if (strcmp(form, "access") == 0 && !acc_page)
                acc_page = page;
            else if (strcmp(form, "checklist") == 0 && !chk_page)
                chk_page = page;
        }
        dc_record *r = NULL;
        dc_findings f = DC_FINDINGS_INIT;
        keys want = {0}, got = {0};
        int rc = check_pages(&r, &f, acc_page, chk_page, false, rules, batch_date);
        if (rc != DC_OK) {
            printf("ERROR %s %s: %s: %s\n", dir, serial, dc_strerror(rc), dc_error_detail());
            (*bad)++;
        } else {
            if (g_digest) {
                digest_record(r, &f);
                dc_record *r2 = NULL;
                dc_findings f2 = DC_FINDINGS_INIT;
                if ((rc = check_pages(&r2, &f2, acc_page, chk_page, true, rules, batch_date)) == DC_OK) {
                    digest_text("with fields in review:\n");
                    digest_record(r2, &f2);
                } else {
                    printf("ERROR %s %s (fields in review): %s: %s\n", dir, serial, dc_strerror(rc), dc_error_detail());
                    (*bad)++;
                }
                dc_findings_clear(&f2);
                dc_record_free(r2);
            }
            for (size_t k = 0; g_per_rule && k < f.n; k++)
                (*g_per_rule)[f.items[k].rule]++;
            for (size_t k = 0; g_per_message && k < f.n; k++)
                if (!count_message((int)f.items[k].rule, f.items[k].message_en)) {
                    fprintf(stderr, "rules-vs-truth: out of memory\n");
                    exit(2);
                }
            expected_keys(&want, rec);
            findings_keys(&got, &f);
            if (!compare(dir, serial, &want, &got))
                (*bad)++;
        }
        (*n)++;
        keys_free(&want);
        keys_free(&got);
        dc_findings_clear(&f);
        dc_record_free(r);
    }
    json_decref(truth);
    json_decref(records);
    return 0;
}

/* DIR itself, or each of its subdirectories, holding truth.json (a --days corpus). */
static int truth_tree(const char *dir, const dc_rules *rules, size_t *n, size_t *bad)
{
    char *t = dc_asprintf("%s/truth.json", dir);
    struct stat sb;
    bool here = t && stat(t, &sb) == 0;
    free(t);
    if (here)
        return truth_dir(dir, rules, n, bad);
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "rules-vs-truth: %s: no truth.json and not a directory\n", dir);
        return 1;
    }
    struct dirent *e;
    char *names[4096];
    size_t k = 0;
    while ((e = readdir(d)) && k < 4096)
        if (e->d_name[0] != '.')
            names[k++] = dc_strdup(e->d_name);
    closedir(d);
    qsort(names, k, sizeof *names, cmp_str);
    int rc = 0, found = 0;
    for (size_t i = 0; i < k; i++) {
        char *sub = dc_asprintf("%s/%s", dir, names[i]);
        char *st = dc_asprintf("%s/truth.json", sub);
        if (stat(st, &sb) == 0) {
            found++;
            rc |= truth_dir(sub, rules, n, bad);
        }
        free(st);
        free(sub);
        free(names[i]);
    }
    if (!found) {
        fprintf(stderr, "rules-vs-truth: %s: no truth.json in it or its subdirectories\n", dir);
        return 1;
    }
    return rc;
}

/* The truth value of a record field of `serial` (NULL: absent); *found false if no such page/field. */
static const char *truth_value(json_t *pages, const char *serial, const char *record_field, bool *found)
{
    const char *form = NULL;
    char pf[64];
    *found = false;
    if (dc_record_field_source(&form, pf, sizeof pf, record_field) != DC_OK)
        return NULL;
    size_t j;
    json_t *page;
    json_array_foreach(pages, j, page) {
        const char *kind = json_string_value(json_object_get(page, "kind"));
        const char *ps = json_string_value(json_object_get(page, "serial"));
        const char *pform = json_string_value(json_object_get(page, "form"));
        if (!kind || strcmp(kind, "form") != 0 || !ps || strcmp(ps, serial) != 0 || !pform || strcmp(pform, form) != 0)
            continue;
        json_t *v = json_object_get(json_object_get(page, "fields"), pf);
        *found = v != NULL;
        return json_string_value(v);
    }
    return NULL;
}

/* Plays the reviewer: every field in review is corrected to its truth value. */
static int correct_from_truth(dc_archive *a, const dc_rules *rules, json_t *pages, size_t *corrected)
{
    dc_pending_field *v = NULL;
    size_t n = 0;
    int rc = dc_archive_pending(&v, &n, NULL, a);
    for (size_t i = 0; i < n && rc == DC_OK; i++) {
        bool found = false;
        const char *t = truth_value(pages, v[i].serial, v[i].field, &found);
        if (!found) {
            printf("NO TRUTH %s %s\n", v[i].serial, v[i].field);
            continue;
        }
        rc = dc_archive_correct(a, rules, v[i].serial, v[i].field, t ? t : "", "rules-vs-truth", "truth value", NULL,
                                NULL);
        if (rc == DC_OK)
            (*corrected)++;
    }
    dc_pending_free(v, n);
    return rc;
}

/* Archive mode: every complete record against the expected findings. */
static int archive_mode(const char *db, char **dirs, int ndirs, bool review, size_t *n, size_t *bad,
                        size_t *skipped)
{
    dc_archive *a = NULL;
    int rc = dc_archive_open(&a, db, review ? DC_ARCHIVE_EXISTING : DC_ARCHIVE_READONLY);
    if (rc != DC_OK) {
        fprintf(stderr, "rules-vs-truth: %s: %s\n", dc_strerror(rc), dc_error_detail());
        return 1;
    }
    json_t *all = json_array(), *pages = json_array();
    for (int i = 0; i < ndirs; i++) {
        json_t *r = load_json(dirs[i], "records.json");
        json_t *t = review ? load_json(dirs[i], "truth.json") : json_object();
        if (!r || !t) {
            dc_archive_close(a);
            json_decref(all);
            json_decref(pages);
            json_decref(r);
            json_decref(t);
            return 1;
        }
        json_array_extend(all, r);
        if (review)
            json_array_extend(pages, json_object_get(t, "pages"));
        json_decref(r);
        json_decref(t);
    }
    if (review) {
        dc_rules rules;
        dc_rules_default(&rules);
        size_t corrected = 0;
        rc = correct_from_truth(a, &rules, pages, &corrected);
        printf("rules-vs-truth: corrected %zu fields in review to their truth values\n", corrected);
        if (rc != DC_OK) {
            fprintf(stderr, "rules-vs-truth: %s: %s\n", dc_strerror(rc), dc_error_detail());
            dc_archive_close(a);
            json_decref(all);
            json_decref(pages);
            return 1;
        }
    }
    json_decref(pages);
    char **serials = NULL;
    size_t ns = 0;
    rc = dc_archive_record_serials(&serials, &ns, a, NULL);
    for (size_t i = 0; i < ns && rc == DC_OK; i++) {
        dc_record *r = NULL;
        dc_findings f = DC_FINDINGS_INIT;
        rc = dc_archive_record_load(&r, &f, a, serials[i]);
        if (rc != DC_OK)
            break;
        json_t *exp = expected_record(all, serials[i]);
        if (!exp) {
            printf("UNEXPECTED %s: no such serial in records.json\n", serials[i]);
            (*bad)++;
        } else if (dc_record_needs_review(r)) {
            (*skipped)++;
        } else {
            keys want = {0}, got = {0};
            expected_keys(&want, exp);
            findings_keys(&got, &f);
            if (!compare(db, serials[i], &want, &got))
                (*bad)++;
            (*n)++;
            keys_free(&want);
            keys_free(&got);
        }
        dc_findings_clear(&f);
        dc_record_free(r);
    }
    if (rc != DC_OK)
        fprintf(stderr, "rules-vs-truth: %s: %s\n", dc_strerror(rc), dc_error_detail());
    dc_archive_strings_free(serials, ns);
    dc_archive_close(a);
    json_decref(all);
    return rc != DC_OK;
}

int main(int argc, char **argv)
{
    const char *db = NULL, *rules_path = NULL;
    bool review = false, digest = false, per_rule = false;
    char *dirs[256];
    int ndirs = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--archive") == 0 && i + 1 < argc)
            db = argv[++i];
        else if (strcmp(argv[i], "--correct-from-truth") == 0)
            review = true;
        else if (strcmp(argv[i], "--digest") == 0)
            digest = true;
        else if (strcmp(argv[i], "--per-rule") == 0)
            per_rule = true;
        else if (strcmp(argv[i], "--per-message") == 0)
            g_per_message = true;
        else if (strcmp(argv[i], "--rules") == 0 && i + 1 < argc)
            rules_path = argv[++i];
        else if (argv[i][0] != '-' && ndirs < 256)
            dirs[ndirs++] = argv[i];
        else
            ndirs = -1000;
    }
    if (ndirs <= 0 || ((digest || per_rule || g_per_message) && db)) {
        fprintf(stderr, "usage: rules-vs-truth [--rules FILE] [--digest] [--per-rule] [--per-message] SAMPLE_DIR...\n"
                        "       rules-vs-truth --archive DB [--correct-from-truth] SAMPLE_DIR...\n"
                        "  --archive: compares the archive's complete records (fields all accepted or corrected);\n"
                        "  --correct-from-truth first corrects every field in review to its truth value\n"
                        "  (WRITES to DB, by \"rules-vs-truth\"), as a perfect reviewer would.\n"
                        "  --digest: also prints the SHA-256 of every record the rules engine built, with its\n"
                        "  findings and their messages (what a change of DC_RULES_ENGINE is about).\n"
                        "  --per-rule: also prints how many findings of each rule the engine made (0 included).\n"
                        "  --per-message: also prints each rule's distinct English messages, digits written #,\n"
                        "  with how many findings have each.\n");
        return 2;
    }
    dc_rules rules;
    dc_rules_default(&rules);
    if (rules_path && dc_rules_load(&rules, rules_path) != DC_OK) {
        fprintf(stderr, "rules-vs-truth: %s\n", dc_error_detail());
        return 2;
    }
    size_t n = 0, bad = 0, skipped = 0;
    size_t counts[DC_RULE__COUNT] = {0};
    if (per_rule)
        g_per_rule = &counts;
    dc_sha256 sha;
    if (digest) {
        dc_sha256_init(&sha);
        g_digest = &sha;
    }
    int rc = 0;
    if (db) {
        rc = archive_mode(db, dirs, ndirs, review, &n, &bad, &skipped);
        printf("rules-vs-truth: %zu complete records compared, %zu match, %zu mismatch; %zu need review (skipped)\n",
               n, n - (bad <= n ? bad : n), bad, skipped);
    } else {
        for (int i = 0; i < ndirs; i++)
            rc |= truth_tree(dirs[i], &rules, &n, &bad);
        printf("rules-vs-truth: %zu records compared, %zu match, %zu mismatch\n", n, n - bad, bad);
        for (int k = 0; per_rule && k < DC_RULE__COUNT; k++)
            printf("rules-vs-truth: rule %s: %zu findings\n", dc_rule_name((dc_rule_id)k), counts[k]);
        if (g_nmsgs)
            qsort(g_msgs, g_nmsgs, sizeof *g_msgs, cmp_msg);
        for (size_t k = 0; k < g_nmsgs; k++)
            printf("rules-vs-truth: message %s %zu: %s\n", dc_rule_name((dc_rule_id)g_msgs[k].rule), g_msgs[k].n,
                   g_msgs[k].text);
        if (digest) {
            unsigned char d[32];
            dc_sha256_final(&sha, d);
            printf("rules-vs-truth: digest ");
            for (int i = 0; i < 32; i++)
                printf("%02x", d[i]);
            printf(" of %zu records and %zu findings (rules engine %d)\n", n, g_findings, DC_RULES_ENGINE);
        }
    }
    for (size_t k = 0; k < g_nmsgs; k++)
        free(g_msgs[k].text);
    free(g_msgs);
    if (rc)
        return 2;
    return bad ? 1 : 0;
}
