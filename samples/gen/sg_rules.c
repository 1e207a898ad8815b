/* sg_rules: the expected SOP findings of a true record, a small independent reading of DESIGN.md section 3
 * (samples/README.md spells out each rule so parse/'s rules engine can be compared with it). */
#include "samplegen.h"
#include "sg_internal.h"

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

/* Per device row: ticked in but not out, or out but not in (the generator writes each device once). */
static void check_rows(acc *a, const sg_record *r)
{
    for (int i = 0; i < r->ndevices; i++) {
        if (r->dev[i].in && !r->dev[i].out)
            add(a, "device_not_taken_out", NULL, i + 1);
        if (r->dev[i].out && !r->dev[i].in)
            add(a, "device_not_brought_in", NULL, i + 1);
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
        if (empty(r->escort_name))
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

    /* SOP step 6 is after the visit: a refused request with no sign of entry had none */
    bool unlisted = strcmp(r->brings_devices, "yes") == 0 && r->ndevices == 0 && (!refused || went_in);
    for (int i = 0; i < r->ndevices; i++)
        if (empty(r->dev[i].serial))
            unlisted = unlisted || strcmp(r->brings_devices, "yes") == 0;
    if (unlisted)
        add(&a, "devices_unlisted", NULL, 0);
    if (strcmp(r->brings_devices, "no") == 0 && r->ndevices > 0)
        add(&a, "devices_undeclared", "brings_devices", 0);
    check_rows(&a, r);

    if (arrival >= 0 && entry >= 0 && entry - arrival > 15)
        add(&a, "slow_service", NULL, 0);

    long vd, bd;
    if (sg_date_parse(r->visit_date, &vd) && sg_date_parse(batch_date, &bd) && labs(vd - bd) > 1)
        add(&a, "date_mismatch", "visit_date", 0);
    *n = a.n;
}
