/* sg_rules: the expected SOP findings of a true record, a small independent reading of DESIGN.md section 3
 * (samples/README.md spells out each rule so parse/'s rules engine can be compared with it). */
#include "samplegen.h"
#include "sg_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct acc {
    sg_finding *out;
    size_t cap, n;
} acc;

static void add(acc *a, const char *rule, const char *field, int row)
{
    if (a->n >= a->cap)
        return;
    sg_finding *f = &a->out[a->n++];
    f->rule = rule;
    f->field[0] = '\0';
    if (field) {
        strncpy(f->field, field, sizeof f->field - 1);
        f->field[sizeof f->field - 1] = '\0';
    }
    f->row = row;
}

static bool empty(const char *s)
{
    return !s || !*s;
}

/* A device row is written when its name, model or serial is (ticks alone do not make one). */
static bool row_written(const sg_device *d)
{
    return !empty(d->name) || !empty(d->model) || !empty(d->serial);
}

/* Per device row: ticked in but not out, or out but not in. A device written on two rows, ticked
 * in on one and out on the other, with the same serial on both, went in and out: neither row is
 * flagged (each row ticked in only, in row order, takes the first row ticked out only of its
 * serial that no other took). */
static void check_rows(acc *a, const sg_record *r)
{
    bool paired[SG_MAX_DEVICES] = {false};
    for (int i = 0; i < r->ndevices; i++) {
        const sg_device *d = &r->dev[i];
        if (!d->in || d->out || empty(d->serial))
            continue;
        for (int j = 0; j < r->ndevices; j++)
            if (j != i && !paired[j] && r->dev[j].out && !r->dev[j].in && strcmp(r->dev[j].serial, d->serial) == 0) {
                paired[i] = paired[j] = true;
                break;
            }
    }
    for (int i = 0; i < r->ndevices; i++) {
        if (paired[i])
            continue;
        if (r->dev[i].in && !r->dev[i].out)
            add(a, "device_not_taken_out", NULL, i + 1);
        if (r->dev[i].out && !r->dev[i].in)
            add(a, "device_not_brought_in", NULL, i + 1);
    }
}

/* Whether two names are the same letters and digits, case and everything else aside: an escort
 * who is the visitor ("BUDI SANTOSO", "Budi  Santoso"). */
static bool same_letters(const char *a, const char *b)
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

void sg_rules_check(const sg_record *r, const char *batch_date, sg_finding *out, size_t cap, size_t *n)
{
    acc a = {out, cap, 0};
    if (r->access_lost) {
        /* only the checklist was scanned: nothing the access form holds is known, its rows are */
        add(&a, "access_form_missing", NULL, 0);
        check_rows(&a, r);
        *n = a.n;
        return;
    }
    bool granted = strcmp(r->decision, "granted") == 0;
    bool refused = strcmp(r->decision, "refused") == 0;

    /* visitor part: always required */
    static const char *const visitor_required[] = {"visit_date", "visitor_name", "institution", "id_type",
                                                   "id_number", "purpose", "brings_devices"};
    char buf[64];
    for (size_t i = 0; i < sizeof visitor_required / sizeof visitor_required[0]; i++)
        if (!sg_record_value(r, 1, visitor_required[i], buf, sizeof buf))
            add(&a, "required_missing", visitor_required[i], 0);
    if (!r->visitor_signature)
        add(&a, "signature_missing", "visitor_signature", 0);

    /* two boxes of a one-choice group ticked ("ktp+sim"): flagged, and neither option to the checks
     * below (no NIK check for it, no device declaration in "yes+no") */
    static const char *const one_choice[] = {"id_type", "purpose", "brings_devices"};
    for (size_t i = 0; i < sizeof one_choice / sizeof one_choice[0]; i++) {
        const char *v = sg_record_value(r, 1, one_choice[i], buf, sizeof buf);
        if (v && strchr(v, '+'))
            add(&a, "several_choices", one_choice[i], 0);
    }

    if (strcmp(r->id_type, "ktp") == 0 && !empty(r->id_number) && !sg_nik_valid(r->id_number))
        add(&a, "id_invalid", "id_number", 0);

    if (!granted && !refused)
        add(&a, "no_decision", NULL, 0);
    const bool went_in = !empty(r->entry_time) || !empty(r->badge_number) || !empty(r->exit_time);
    if (refused && went_in)
        add(&a, "entered_while_refused", NULL, 0);

    if (granted) {
        if (empty(r->operator_name))
            add(&a, "required_missing", "operator_name", 0);
        if (empty(r->entry_time))
            add(&a, "required_missing", "entry_time", 0);
        /* an escort who is the visitor is none (SOP 5: accompanied by someone else) */
        if (empty(r->escort_name) ||
            (!empty(r->visitor_name) && same_letters(r->escort_name, r->visitor_name)))
            add(&a, "not_escorted", "escort_name", 0);
        if (empty(r->badge_number))
            add(&a, "no_badge", "badge_number", 0);
        if (empty(r->exit_time))
            add(&a, "no_exit_time", "exit_time", 0);
        if (!r->operator_signature)
            add(&a, "signature_missing", "operator_signature", 0);
    }

    int arrival = sg_time_minutes(r->arrival_time);
    int entry = sg_time_minutes(r->entry_time);
    int exitm = sg_time_minutes(r->exit_time);
    if (entry >= 0 && exitm >= 0 && exitm - entry > 60)
        add(&a, "over_time_limit", NULL, 0);
    bool inconsistent = (entry >= 0 && exitm >= 0 && exitm < entry) || (arrival >= 0 && entry >= 0 && arrival > entry) ||
                        (!empty(r->arrival_time) && arrival < 0) || (!empty(r->entry_time) && entry < 0) ||
                        (!empty(r->exit_time) && exitm < 0);
    if (inconsistent)
        add(&a, "times_inconsistent", NULL, 0);

    if (granted && !r->badge_returned)
        add(&a, "badge_not_returned", "badge_returned", 0);
    if (granted && !r->id_returned)
        add(&a, "id_not_returned", "id_returned", 0);

    /* SOP step 6 is after the visit: a refused request with no sign of entry had none. A checklist
     * that was lost lists no device (and its rows are not known to be ticked or not). */
    int written = 0;
    bool no_serial = false;
    for (int i = 0; !r->checklist_lost && i < r->ndevices; i++)
        if (row_written(&r->dev[i])) {
            written++;
            no_serial = no_serial || empty(r->dev[i].serial);
        }
    const bool declared = strcmp(r->brings_devices, "yes") == 0;
    if (declared && ((written == 0 && (!refused || went_in)) || no_serial))
        add(&a, "devices_unlisted", NULL, 0);
    if (strcmp(r->brings_devices, "no") == 0 && written > 0)
        add(&a, "devices_undeclared", "brings_devices", 0);
    if (!r->checklist_lost)
        check_rows(&a, r);

    if (arrival >= 0 && entry >= 0 && entry - arrival > 15)
        add(&a, "slow_service", NULL, 0);

    long vd, bd;
    if (sg_date_parse(r->visit_date, &vd) && sg_date_parse(batch_date, &bd) && labs(vd - bd) > 1)
        add(&a, "date_mismatch", "visit_date", 0);
    *n = a.n;
}
