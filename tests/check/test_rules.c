/* test_rules: value parsing (dc_record.h) and every SOP rule (dc_rules.h), each triggered and just inside. */
#include "dc_error.h"
#include "dc_record.h"
#include "dc_rules.h"
#include "dc_template.h"
#include "dc_util.h"
#include "dc_testutil.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- helpers ---- */

static dc_rules R;

/* A granted visit that breaks no rule: arrival 09:30, entry 09:45, exit 10:30. */
static dc_record *clean_granted(void)
{
    static const char *kv[][2] = {
        {"visit_date", "2026-11-02"},   {"visitor_name", "Budi  Santoso "}, {"institution", "pt maju jaya"},
        {"id_type", "ktp"},             {"id_number", "6171012503900001"},  {"phone", "081234567890"},
        {"purpose", "maintenance"},     {"brings_devices", "no"},           {"arrival_time", "09:30"},
        {"visitor_signature", "true"},  {"decision", "granted"},            {"operator_name", "Andi"},
        {"entry_time", "09:45"},        {"badge_number", "7"},              {"escort_name", "Rudi"},
        {"exit_time", "10:30"},         {"badge_returned", "true"},         {"id_returned", "true"},
        {"operator_signature", "true"},
    };
    dc_record *r = NULL;
    ck_assert_int_eq(dc_record_new(&r, "000123"), DC_OK);
    r->has_access = true;
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++)
        ck_assert_int_eq(dc_record_set(r, kv[i][0], kv[i][1], 0.99, DC_VALUE_ACCEPTED), DC_OK);
    return r;
}

/* A refused visit that breaks no rule. */
static dc_record *clean_refused(void)
{
    dc_record *r = clean_granted();
    dc_record_set(r, "decision", "refused", 0.99, DC_VALUE_ACCEPTED);
    static const char *empty[] = {"entry_time", "badge_number", "escort_name", "exit_time", "operator_signature"};
    for (size_t i = 0; i < sizeof empty / sizeof empty[0]; i++)
        dc_record_set(r, empty[i], NULL, 0.99, DC_VALUE_EMPTY);
    dc_record_set(r, "badge_returned", "false", 0.99, DC_VALUE_ACCEPTED);
    dc_record_set(r, "id_returned", "false", 0.99, DC_VALUE_ACCEPTED);
    return r;
}

static void set(dc_record *r, const char *id, const char *v)
{
    ck_assert_int_eq(dc_record_set(r, id, v, 0.99, v ? DC_VALUE_ACCEPTED : DC_VALUE_EMPTY), DC_OK);
}

/* Adds checklist row `row` (serial may be NULL) and both checklist signatures. */
static void add_device(dc_record *r, int row, const char *serial, const char *in, const char *out)
{
    char id[48];
    r->has_checklist = true;
    snprintf(id, sizeof id, "device_%d_name", row);
    set(r, id, "Laptop");
    snprintf(id, sizeof id, "device_%d_serial", row);
    set(r, id, serial);
    snprintf(id, sizeof id, "device_%d_in", row);
    set(r, id, in);
    snprintf(id, sizeof id, "device_%d_out", row);
    set(r, id, out);
    set(r, "checklist_visitor_signature", "true");
    set(r, "checklist_operator_signature", "true");
}

/* The findings as "rule:field,rule#row" (field/row omitted when empty), in dc_rules_check order. */
static char *findings_of(const dc_record *r, const char *batch_date)
{
    dc_findings f = DC_FINDINGS_INIT;
    ck_assert_int_eq(dc_rules_check(&f, &R, r, batch_date), DC_OK);
    char *s = calloc(1, 4096);
    for (size_t i = 0; i < f.n; i++) {
        ck_assert_str_ne(f.items[i].message_id, "");
        ck_assert_str_ne(f.items[i].message_en, "");
        ck_assert_ptr_nonnull(f.items[i].sop_step);
        char one[128];
        snprintf(one, sizeof one, "%s%s%s%s", i ? "," : "", dc_rule_name(f.items[i].rule),
                 f.items[i].field[0] ? ":" : "", f.items[i].field);
        strcat(s, one);
        if (f.items[i].row) {
            snprintf(one, sizeof one, "#%d", f.items[i].row);
            strcat(s, one);
        }
    }
    dc_findings_clear(&f);
    return s;
}

#define ASSERT_FINDINGS(rec, batch, expect)                                                                            \
    do {                                                                                                               \
        char *got_ = findings_of(rec, batch);                                                                          \
        ck_assert_str_eq(got_, expect);                                                                                \
        free(got_);                                                                                                    \
    } while (0)

/* The record has exactly one finding, its English message `msg` (2 November's batch). */
#define ASSERT_ONE_MESSAGE(rec, msg)                                                                                   \
    do {                                                                                                               \
        dc_findings f1_ = DC_FINDINGS_INIT;                                                                            \
        ck_assert_int_eq(dc_rules_check(&f1_, &R, rec, "2026-11-02"), DC_OK);                                          \
        ck_assert_int_eq(f1_.n, 1);                                                                                    \
        ck_assert_str_eq(f1_.items[0].message_en, msg);                                                                \
        dc_findings_clear(&f1_);                                                                                       \
    } while (0)

static void setup(void) { dc_rules_default(&R); }

/* ---- value parsing ---- */

START_TEST(test_dates_must_be_calendar_dates)
{
    dc_date d;
    ck_assert_int_eq(dc_parse_date(&d, "2024-02-29"), DC_OK);
    ck_assert_int_eq(d.year, 2024);
    ck_assert_int_eq(d.month, 2);
    ck_assert_int_eq(d.day, 29);
    ck_assert_int_eq(dc_parse_date(&d, "2023-02-29"), DC_ERR_VALUE);
    ck_assert_int_eq(dc_parse_date(&d, "2026-13-01"), DC_ERR_VALUE);
    ck_assert_int_eq(dc_parse_date(&d, "2026-1-01"), DC_ERR_VALUE);
    ck_assert_int_eq(dc_parse_date(&d, "02-11-2026"), DC_ERR_VALUE);
    ck_assert_int_eq(dc_parse_date(&d, NULL), DC_ERR_VALUE);
    dc_date a = {2026, 3, 1}, b = {2026, 2, 28};
    ck_assert_int_eq(dc_date_days(a) - dc_date_days(b), 1);
    dc_date epoch = {1970, 1, 1};
    ck_assert_int_eq(dc_date_days(epoch), 0);
}
END_TEST

START_TEST(test_times_are_minutes_since_midnight)
{
    int m = -1;
    ck_assert_int_eq(dc_parse_time(&m, "00:00"), DC_OK);
    ck_assert_int_eq(m, 0);
    ck_assert_int_eq(dc_parse_time(&m, "23:59"), DC_OK);
    ck_assert_int_eq(m, 1439);
    ck_assert_int_eq(dc_parse_time(&m, "09:45"), DC_OK);
    ck_assert_int_eq(m, 585);
    ck_assert_int_eq(dc_parse_time(&m, "24:00"), DC_ERR_VALUE);
    ck_assert_int_eq(dc_parse_time(&m, "10:60"), DC_ERR_VALUE);
    ck_assert_int_eq(dc_parse_time(&m, "9:45"), DC_ERR_VALUE);
    ck_assert_int_eq(dc_parse_time(&m, "0945"), DC_ERR_VALUE);
}
END_TEST

START_TEST(test_nik_checks_province_district_day_month)
{
    ck_assert(dc_nik_valid("6171012503900001"));  /* Kota Pontianak, 25 March */
    ck_assert(dc_nik_valid("6171016503900001"));  /* day 65 = 25 + 40 (women) */
    ck_assert(dc_nik_valid("2171014112900001"));  /* province 21, day 41, month 12 */
    ck_assert(dc_nik_valid("9671017101900001"));  /* province 96, day 71 */
    ck_assert(!dc_nik_valid("2071012503900001")); /* province 20 does not exist */
    ck_assert(!dc_nik_valid("1071012503900001")); /* province 10 */
    ck_assert(!dc_nik_valid("3771012503900001")); /* province 37 */
    ck_assert(!dc_nik_valid("6100012503900001")); /* regency 00 */
    ck_assert(!dc_nik_valid("6171002503900001")); /* sub-district 00 */
    ck_assert(!dc_nik_valid("6171012503900000")); /* sequence 0000 */
    ck_assert(!dc_nik_valid("6171013102990001")); /* 31 February */
    ck_assert(!dc_nik_valid("6171017102990001")); /* 31 February, a woman's */
    ck_assert(!dc_nik_valid("6171013104990001")); /* 31 April */
    ck_assert(dc_nik_valid("6171012902990001"));  /* 29 February (a leap year or not: the year is 2 digits) */
    ck_assert(dc_nik_valid("6171013112990001"));  /* 31 December */
    ck_assert(dc_nik_valid("6171017112990001"));  /* 31 December, a woman's */
    ck_assert(!dc_nik_valid("6171010003900001")); /* day 00 */
    ck_assert(!dc_nik_valid("6171013203900001")); /* day 32 */
    ck_assert(!dc_nik_valid("6171014003900001")); /* day 40 */
    ck_assert(!dc_nik_valid("6171017203900001")); /* day 72 */
    ck_assert(!dc_nik_valid("6171012500900001")); /* month 00 */
    ck_assert(!dc_nik_valid("6171012513900001")); /* month 13 */
    ck_assert(!dc_nik_valid("617101250390000"));  /* 15 digits */
    ck_assert(!dc_nik_valid("61710125039000011"));
    ck_assert(!dc_nik_valid("61710125039O0001")); /* letter O */
    ck_assert(!dc_nik_valid(NULL));
}
END_TEST

START_TEST(test_phone_badge_serial_validation)
{
    ck_assert(dc_phone_valid("08123456"));        /* 8 digits */
    ck_assert(dc_phone_valid("6281234567890"));
    ck_assert(dc_phone_valid("081234567890123")); /* 15 */
    ck_assert(!dc_phone_valid("0812345"));        /* 7 */
    ck_assert(!dc_phone_valid("0812345678901234"));
    ck_assert(!dc_phone_valid("81234567890"));    /* no 0/62 */
    ck_assert(!dc_phone_valid("6381234567"));
    ck_assert(!dc_phone_valid("0812-345678"));
    ck_assert(dc_badge_valid("7"));
    ck_assert(dc_badge_valid("012"));
    ck_assert(!dc_badge_valid("000"));
    ck_assert(!dc_badge_valid("1234"));
    ck_assert(!dc_badge_valid("A1"));
    ck_assert(dc_device_serial_valid("SN-4471/B.2"));
    ck_assert(!dc_device_serial_valid("ab"));
    ck_assert(!dc_device_serial_valid("sn123"));    /* not normalised */
}
END_TEST

START_TEST(test_names_are_upper_cased_and_space_collapsed)
{
    char *s = dc_normalize_name("  budi \t santoso  jr ");
    ck_assert_str_eq(s, "BUDI SANTOSO JR");
    free(s);
    s = dc_normalize_name("   ");
    ck_assert_str_eq(s, "");
    free(s);
    ck_assert_ptr_null(dc_normalize_name(NULL));
    dc_record *r = clean_granted();
    ck_assert_str_eq(dc_record_get(r, "visitor_name")->value, "BUDI SANTOSO");
    ck_assert_str_eq(dc_record_get(r, "institution")->value, "PT MAJU JAYA");
    dc_record_free(r);
}
END_TEST

/* A typed name is kept in upper case in full and in Unicode's composed form, free text in its case
 * composed: the same name typed in lower case, or with its accents as separate marks, is one value
 * (the reports counted "PT ÉLITE" twice, and "josé" was kept as "JOSé") */
START_TEST(test_typed_names_are_upper_case_and_composed)
{
    static const struct { const char *field, *typed, *kept; } cases[] = {
        {"institution", "pt \xc3\xa9lite  nusantara ", "PT \xc3\x89LITE NUSANTARA"},      /* é composed */
        {"institution", "PT E\xcc\x81LITE NUSANTARA", "PT \xc3\x89LITE NUSANTARA"},       /* E + U+0301 */
        {"visitor_name", "jos\xc3\xa9 n\xcc\x83o\xc3\xb1o", "JOS\xc3\x89 \xc3\x91O\xc3\x91O"},
        {"visitor_name", "stra\xc3\x9f" "e", "STRASSE"},                                  /* ß */
        {"escort_name", "\xd0\xb6\xd1\x83\xd0\xba", "\xd0\x96\xd0\xa3\xd0\x9a"},            /* жук */
        {"visitor_name", "BUDI SANTOSO", "BUDI SANTOSO"},
        {"purpose_detail", "ganti  disk cafe\xcc\x81", "ganti disk caf\xc3\xa9"},         /* case kept */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *v = NULL;
        ck_assert_int_eq(dc_record_validate_written(&v, cases[i].field, cases[i].typed), DC_OK);
        ck_assert_msg(v && strcmp(v, cases[i].kept) == 0, "%s \"%s\": kept \"%s\"", cases[i].field, cases[i].typed,
                      v ? v : "(null)");
        free(v);
    }
}
END_TEST

/* A typed value holding an invisible character or an unusual space is refused, saying which and
 * where: a name of a no-break space alone counted as written and cleared required_missing, and a
 * byte-order mark pasted before an institution made another institution (helper 43). */
START_TEST(test_typed_values_with_invisible_characters_are_refused)
{
    static const struct { const char *field, *typed, *detail; } cases[] = {
        {"visitor_name", "\xc2\xa0", "visitor_name: the value holds an invisible character or an unusual space (U+00A0, "
                                     "character 1): type it with plain spaces"},
        {"visitor_name", "\xe2\x80\x8b", "visitor_name: the value holds an invisible character or an unusual space "
                                         "(U+200B, character 1): type it with plain spaces"},
        {"institution", "\xef\xbb\xbfPT INDOSAT", "institution: the value holds an invisible character or an unusual "
                                                "space (U+FEFF, character 1): type it with plain spaces"},
        {"purpose_detail", "ganti\xe3\x80\x80" "disk", "purpose_detail: the value holds an invisible character or an "
                                                   "unusual space (U+3000, character 6): type it with plain spaces"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *v = NULL;
        ck_assert_int_eq(dc_record_validate_written(&v, cases[i].field, cases[i].typed), DC_ERR_VALUE);
        ck_assert_ptr_null(v);
        ck_assert_str_eq(dc_error_detail(), cases[i].detail);
    }
    char *v = NULL;   /* letters with marks are not invisible */
    ck_assert_int_eq(dc_record_validate_written(&v, "visitor_name", "\xc3\x91O\xc3\x91O"), DC_OK);
    free(v);
}
END_TEST

START_TEST(test_correction_values_are_validated_per_field)
{
    char *v = NULL;
    ck_assert_int_eq(dc_record_validate_value(&v, "exit_time", "10:15"), DC_OK);
    ck_assert_str_eq(v, "10:15");
    free(v);
    ck_assert_int_eq(dc_record_validate_value(&v, "exit_time", "25:15"), DC_ERR_VALUE);
    ck_assert_ptr_null(v);
    ck_assert_str_eq(dc_error_detail(), "exit_time: \"25:15\" is not a clock time (HH:MM, 00:00-23:59)");
    /* a person records what the paper says, a time that is no clock time too (times_inconsistent
     * names it); only the scanner's own readings must be clock times */
    ck_assert_int_eq(dc_record_validate_written(&v, "exit_time", "25:15"), DC_OK);
    ck_assert_str_eq(v, "25:15");
    free(v);
    /* review asks for such a time twice; a clock time, a date or another field's value not */
    ck_assert(dc_record_written_not_clock_time("exit_time", " 25:15 "));
    ck_assert(dc_record_written_not_clock_time("entry_time", "10:75"));
    ck_assert(!dc_record_written_not_clock_time("exit_time", "23:59"));
    ck_assert(!dc_record_written_not_clock_time("exit_time", "2515"));   /* refused anyway */
    ck_assert(!dc_record_written_not_clock_time("badge_number", "25:15"));
    ck_assert(!dc_record_written_not_clock_time("exit_tme", "25:15"));
    ck_assert(!dc_record_written_not_clock_time("exit_time", NULL));
    ck_assert_int_eq(dc_record_validate_written(&v, "visit_date", "04/11/2026"), DC_OK);   /* as on the form */
    ck_assert_str_eq(v, "2026-11-04");
    free(v);
    ck_assert_int_eq(dc_record_validate_written(&v, "visit_date", "31.02.2026"), DC_ERR_VALUE);
    ck_assert_str_eq(dc_error_detail(), "visit_date: \"31.02.2026\" is not a date (YYYY-MM-DD, or DD/MM/YYYY as on the form)");
    ck_assert_int_eq(dc_record_validate_value(&v, "visit_date", "04/11/2026"), DC_ERR_VALUE);
    ck_assert_int_eq(dc_record_validate_written(&v, "exit_time", "2515"), DC_ERR_VALUE);
    ck_assert_str_eq(dc_error_detail(), "exit_time: \"2515\" is not a time written HH:MM (one that is no clock "
                                        "time, as 25:10, is taken as the paper has it)");
    ck_assert_int_eq(dc_record_validate_value(&v, "visit_date", "2026-02-30"), DC_ERR_VALUE);
    /* a field that is none: the one meant, when it is close, or the list */
    ck_assert_int_eq(dc_record_validate_written(&v, "exit_tme", "10:15"), DC_ERR_NOT_FOUND);
    ck_assert_str_eq(dc_error_detail(), "no form field \"exit_tme\" (did you mean exit_time?)");
    ck_assert_int_eq(dc_record_validate_written(&v, "EXIT_TIME", "10:15"), DC_ERR_NOT_FOUND);
    ck_assert_str_eq(dc_error_detail(), "no form field \"EXIT_TIME\" (did you mean exit_time?)");
    ck_assert_int_eq(dc_record_validate_written(&v, "device_3_serail", "AB123"), DC_ERR_NOT_FOUND);
    ck_assert_str_eq(dc_error_detail(), "no form field \"device_3_serail\" (did you mean device_3_serial?)");
    ck_assert_int_eq(dc_record_validate_written(&v, "colour", "red"), DC_ERR_NOT_FOUND);
    ck_assert_str_eq(dc_error_detail(),
                     "no form field \"colour\": the fields are visit_date, arrival_time, visitor_name, institution, "
                     "id_type, id_number, phone, purpose, purpose_detail, brings_devices, decision, badge_number, "
                     "operator_name, escort_name, entry_time, exit_time, badge_returned, id_returned, "
                     "visitor_signature, operator_signature, checklist_visitor_signature, "
                     "checklist_operator_signature and, for device row N, device_N_name, device_N_model, "
                     "device_N_serial, device_N_in, device_N_out and device_N_remarks");
    /* a '?' typed into a name would read as the scanner's unread letter; a reading may hold one */
    ck_assert_int_eq(dc_record_validate_written(&v, "visitor_name", "SUSANTI HENDRAWAN?"), DC_ERR_VALUE);
    ck_assert_str_eq(dc_error_detail(), "visitor_name: \"SUSANTI HENDRAWAN?\" has a '?', the mark of a letter that "
                                        "could not be read: type the letter written on the paper");
    ck_assert_int_eq(dc_record_validate_value(&v, "visitor_name", "SUSANTI HEND?AWAN"), DC_OK);
    free(v);
    ck_assert_int_eq(dc_record_validate_value(&v, "decision", "GRANTED"), DC_OK);
    ck_assert_str_eq(v, "granted");
    free(v);
    ck_assert_int_eq(dc_record_validate_value(&v, "decision", "maybe"), DC_ERR_VALUE);
    ck_assert_str_eq(dc_error_detail(), "decision: \"maybe\" is not one of granted (\"Diizinkan\" / \"Granted\") or "
                                        "refused (\"Ditolak\" / \"Refused\"): the code, or the words the reports or "
                                        "the form print, in any case; when more than one box is ticked, those ticked "
                                        "joined by +");
    /* more than one box ticked on the paper: the options ticked, each once, in the form's order */
    ck_assert_int_eq(dc_record_validate_value(&v, "decision", "Refused+granted"), DC_OK);
    ck_assert_str_eq(v, "granted+refused");
    free(v);
    ck_assert_int_eq(dc_record_validate_value(&v, "purpose", "other+maintenance+hosting"), DC_OK);
    ck_assert_str_eq(v, "maintenance+hosting+other");
    free(v);
    const char *bad[] = {"granted+granted", "granted+", "+refused", "granted++refused", "granted+maybe", "+"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(dc_record_validate_value(&v, "decision", bad[i]) == DC_ERR_VALUE, "%s taken", bad[i]);
    ck_assert_int_eq(dc_record_validate_value(&v, "badge_returned", "yes"), DC_ERR_VALUE);
    ck_assert_str_eq(dc_error_detail(), "badge_returned: \"yes\" must be true or false (ticked or not ticked, present "
                                        "or absent; dicentang or tidak dicentang, ada or tidak ada)");
    /* a box or a signature as the reports show it: a person correcting from a report types that */
    static const struct {
        const char *id, *typed, *stored;
    } said[] = {
        {"badge_returned", "Not Ticked", "false"},          {"badge_returned", "dicentang", "true"},
        {"id_returned", " tidak   dicentang ", "false"},    {"visitor_signature", "PRESENT", "true"},
        {"checklist_operator_signature", "tidak ada", "false"}, {"device_3_in", "ticked", "true"},
        {"operator_signature", "False", "false"},
    };
    for (size_t i = 0; i < sizeof said / sizeof said[0]; i++) {
        ck_assert_int_eq(dc_record_validate_value(&v, said[i].id, said[i].typed), DC_OK);
        ck_assert_str_eq(v, said[i].stored);
        free(v);
    }
    ck_assert_int_eq(dc_record_validate_value(&v, "id_number", "6171012503-90001"), DC_ERR_VALUE);
    ck_assert_int_eq(dc_record_validate_value(&v, "id_number", "61710125039000012"), DC_ERR_VALUE);
    ck_assert_int_eq(dc_record_validate_value(&v, "id_number", "a1234567"), DC_OK); /* passport */
    ck_assert_str_eq(v, "A1234567");
    free(v);
    ck_assert_int_eq(dc_record_validate_value(&v, "phone", "12345"), DC_ERR_VALUE);
    ck_assert_int_eq(dc_record_validate_value(&v, "device_3_serial", " sn-1 234 "), DC_ERR_VALUE);
    ck_assert_int_eq(dc_record_validate_value(&v, "device_3_serial", " sn-1234 "), DC_OK);
    ck_assert_str_eq(v, "SN-1234");
    free(v);
    ck_assert_int_eq(dc_record_validate_value(&v, "escort_name", ""), DC_OK);
    ck_assert_ptr_null(v);
    ck_assert_int_eq(dc_record_validate_value(&v, "no_such_field", "x"), DC_ERR_NOT_FOUND);
}
END_TEST

/* A choice typed as the reports show its option (either language), or as the printed form words it
 * where that differs: stored as the option's code. A person correcting from a report or the paper
 * types what it says ("Ditolak" was refused: not one of granted|refused). */
START_TEST(test_choice_takes_the_option_as_reports_and_form_word_it)
{
    static const struct {
        const char *id, *typed, *stored;
    } said[] = {
        {"decision", "Ditolak", "refused"},
        {"decision", "  diizinkan ", "granted"},
        {"decision", "GRANTED", "granted"},
        {"decision", "refused", "refused"},
        {"id_type", "KTP", "ktp"},
        {"id_type", "id card (ktp)", "ktp"},
        {"id_type", "ID card", "ktp"},                       /* as the form prints it */
        {"id_type", "Driving  licence (SIM)", "sim"},
        {"id_type", "Driving licence", "sim"},
        {"id_type", "Paspor", "passport"},
        {"id_type", "lainnya", "other"},
        {"purpose", "Pemeliharaan/perbaikan perangkat & jaringan server", "maintenance"},
        {"purpose", "maintenance/repair of devices and network", "maintenance"},
        {"purpose", "Hosting dan subdomain", "hosting"},
        {"purpose", "Website, application & data center management", "management"},   /* earlier reports' */
        {"purpose", "Website/application/data center management", "management"},   /* the form's, the reports' */
        {"purpose", "Pengelolaan website, aplikasi & data center", "management"},
        {"purpose", "Other (give details below)", "other"},
        {"purpose", "Lainnya (sebutkan di bawah)", "other"},
        {"purpose", "Other", "other"},
        /* more than one box ticked, as the reports show it: each one's label joined by " + " */
        {"purpose", "Lainnya + Hosting dan subdomain", "hosting+other"},
        {"purpose", "maintenance + Other", "maintenance+other"},
        {"brings_devices", "Ya", "yes"},
        {"brings_devices", "tidak", "no"},
        {"brings_devices", "No", "no"},
    };
    char *v = NULL;
    for (size_t i = 0; i < sizeof said / sizeof said[0]; i++) {
        ck_assert_msg(dc_record_validate_value(&v, said[i].id, said[i].typed) == DC_OK, "%s \"%s\": %s", said[i].id,
                      said[i].typed, dc_error_detail());
        ck_assert_str_eq(v, said[i].stored);
        free(v);
        ck_assert_int_eq(dc_record_validate_written(&v, said[i].id, said[i].typed), DC_OK);   /* review's */
        ck_assert_str_eq(v, said[i].stored);
        free(v);
    }
    /* a near miss is no option: not taken for the nearest one */
    static const struct {
        const char *id, *typed;
    } near[] = {
        {"decision", "Ditolk"}, {"decision", "Di tolak"}, {"id_type", "ID card (SIM)"}, {"id_type", "KTP card"},
        {"purpose", "Lainnya (sebutkan)"}, {"brings_devices", "Yes please"}, {"decision", "Granted+"},
        {"decision", "Ditolak + refused"}, {"badge_returned", "Ya"}, {"decision", "dicentang"},
    };
    for (size_t i = 0; i < sizeof near / sizeof near[0]; i++) {
        ck_assert_msg(dc_record_validate_value(&v, near[i].id, near[i].typed) == DC_ERR_VALUE, "%s \"%s\" taken",
                      near[i].id, near[i].typed);
        ck_assert_ptr_null(v);
    }
    ck_assert_int_eq(dc_record_validate_value(&v, "id_type", "ID card (SIM)"), DC_ERR_VALUE);
    ck_assert_str_eq(dc_error_detail(),
                     "id_type: \"ID card (SIM)\" is not one of ktp (\"KTP\" / \"ID card (KTP)\"), sim (\"SIM\" / "
                     "\"Driving licence (SIM)\"), passport (\"Paspor\" / \"Passport\") or other (\"Lainnya\" / "
                     "\"Other\"): the code, or the words the reports or the form print, in any case; when more than "
                     "one box is ticked, those ticked joined by +");
}
END_TEST

/* Every option of the shipped templates, in the words the paper prints beside its box (Indonesian
 * and English), is taken back as that option: an operator correcting reads the paper form. */
START_TEST(test_choice_takes_every_option_as_the_shipped_form_prints_it)
{
    static const char *const files[] = {DC_SOURCE_DIR "/forms/access.v1.json", DC_SOURCE_DIR "/forms/checklist.v1.json"};
    size_t options = 0;
    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
        dc_template *t = NULL;
        ck_assert_int_eq(dc_template_load(&t, files[k]), DC_OK);
        for (size_t i = 0; i < t->nfields; i++)
            for (size_t o = 0; o < t->fields[i].noptions; o++, options++) {
                const dc_option *op = &t->fields[i].options[o];
                const char *words[] = {op->label.id, op->label.en};
                for (size_t w = 0; w < 2; w++) {
                    char *v = NULL;
                    ck_assert_msg(dc_record_validate_value(&v, t->fields[i].id, words[w]) == DC_OK, "%s: %s \"%s\": %s",
                                  files[k], t->fields[i].id, words[w], dc_error_detail());
                    ck_assert_str_eq(v, op->value);
                    free(v);
                }
            }
        dc_template_free(t);
    }
    ck_assert_uint_eq(options, 12);   /* id_type 4, purpose 4, brings_devices 2, decision 2 */
}
END_TEST

START_TEST(test_checklist_signatures_get_their_own_record_ids)
{
    char buf[64];
    ck_assert_str_eq(dc_record_field_id(buf, sizeof buf, "checklist", "visitor_signature"),
                     "checklist_visitor_signature");
    ck_assert_str_eq(dc_record_field_id(buf, sizeof buf, "access", "visitor_signature"), "visitor_signature");
    ck_assert_str_eq(dc_record_field_id(buf, sizeof buf, "checklist", "device_2_in"), "device_2_in");
    const char *form = NULL;
    ck_assert_int_eq(dc_record_field_source(&form, buf, sizeof buf, "checklist_operator_signature"), DC_OK);
    ck_assert_str_eq(form, "checklist");
    ck_assert_str_eq(buf, "operator_signature");
    ck_assert_int_eq(dc_record_field_source(&form, buf, sizeof buf, "device_8_remarks"), DC_OK);
    ck_assert_str_eq(form, "checklist");
    ck_assert_int_eq(dc_record_field_source(&form, buf, sizeof buf, "exit_time"), DC_OK);
    ck_assert_str_eq(form, "access");
}
END_TEST

/* ---- rules: the baselines ---- */

START_TEST(test_clean_visits_have_no_findings)
{
    dc_record *r = clean_granted();
    ASSERT_FINDINGS(r, "2026-11-02", "");
    ck_assert_str_eq(dc_record_status_name(r), "complete");
    dc_record_free(r);
    r = clean_refused();
    ASSERT_FINDINGS(r, "2026-11-02", "");
    dc_record_free(r);
}
END_TEST

/* ---- required_missing ---- */

START_TEST(test_each_required_visitor_field_missing_is_flagged)
{
    static const char *ids[] = {"visit_date", "visitor_name", "institution", "id_type",
                                "id_number",  "purpose",      "brings_devices"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        dc_record *r = clean_granted();
        set(r, ids[i], NULL);
        char expect[64];
        snprintf(expect, sizeof expect, "required_missing:%s", ids[i]);
        ASSERT_FINDINGS(r, "2026-11-02", expect);
        dc_record_free(r);
    }
}
END_TEST

START_TEST(test_operator_fields_are_required_only_when_granted)
{
    dc_record *r = clean_granted();
    set(r, "operator_name", NULL);
    ASSERT_FINDINGS(r, "2026-11-02", "required_missing:operator_name");
    dc_record_free(r);
    r = clean_refused();
    set(r, "operator_name", NULL);
    ASSERT_FINDINGS(r, "2026-11-02", "");
    dc_record_free(r);
    r = clean_granted();
    set(r, "entry_time", NULL);
    ASSERT_FINDINGS(r, "2026-11-02", "required_missing:entry_time");
    dc_record_free(r);
}
END_TEST

START_TEST(test_purpose_detail_is_optional_even_for_other)
{
    /* samples/README.md: the generator's reading of the SOP, which the rules match */
    dc_record *r = clean_granted();
    set(r, "purpose", "other");
    set(r, "purpose_detail", NULL);
    ASSERT_FINDINGS(r, "2026-11-02", "");
    dc_record_free(r);
}
END_TEST

START_TEST(test_optional_phone_and_arrival_may_be_empty)
{
    dc_record *r = clean_granted();
    set(r, "phone", NULL);
    set(r, "arrival_time", NULL);
    ASSERT_FINDINGS(r, "2026-11-02", "");
    dc_record_free(r);
}
END_TEST

/* ---- id_invalid ---- */

/* id_invalid says what is wrong with the NIK, without the birth-date digits the everyday reports
 * mask (it said only "not valid": the reviewer had to find out which part) */
START_TEST(test_an_invalid_nik_says_what_is_wrong)
{
    static const struct {
        const char *nik, *en, *id;
    } cases[] = {
        {"617101251390001", "not 16 digits", "bukan 16 angka"},
        {"2071012503900001", "no province has its code", "kode provinsi tidak ada"},
        {"6100012503900001", "regency or city code 00", "kode kabupaten/kota 00"},
        {"6171002503900001", "sub-district code not valid", "kode kecamatan tidak valid"},
        {"6171013102900001", "the birth date is no date", "tanggal lahir bukan tanggal"},
        {"6171012503900000", "sequence number 0000", "nomor urut 0000"},
    };
    dc_record *r = clean_granted();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        set(r, "id_number", cases[i].nik);
        char en[96], id[96];
        snprintf(en, sizeof en, "KTP number (NIK) is not valid: %s", cases[i].en);
        snprintf(id, sizeof id, "Nomor KTP (NIK) tidak valid: %s", cases[i].id);
        dc_findings f = DC_FINDINGS_INIT;
        ck_assert_int_eq(dc_rules_check(&f, &R, r, "2026-11-02"), DC_OK);
        ck_assert_int_eq(f.n, 1);
        ck_assert_str_eq(f.items[0].message_en, en);
        ck_assert_str_eq(f.items[0].message_id, id);
        dc_findings_clear(&f);
    }
    dc_record_free(r);
}
END_TEST

START_TEST(test_invalid_nik_is_flagged_only_for_ktp)
{
    dc_record *r = clean_granted();
    set(r, "id_number", "6171012513900001"); /* month 13 */
    ASSERT_FINDINGS(r, "2026-11-02", "id_invalid:id_number");
    set(r, "id_number", "6171017112900001"); /* day 71, month 12: the edge, valid */
    ASSERT_FINDINGS(r, "2026-11-02", "");
    set(r, "id_number", "6171017212900001"); /* day 72 */
    ASSERT_FINDINGS(r, "2026-11-02", "id_invalid:id_number");
    set(r, "id_type", "sim");
    ASSERT_FINDINGS(r, "2026-11-02", "");
    dc_record_free(r);
}
END_TEST

/* ---- decision ---- */

START_TEST(test_no_decision_is_flagged)
{
    dc_record *r = clean_granted();
    set(r, "decision", NULL);
    ASSERT_FINDINGS(r, "2026-11-02", "no_decision");
    set(r, "decision", "granted+refused"); /* both ticked, as a person confirmed it */
    ASSERT_FINDINGS(r, "2026-11-02", "no_decision");
    dc_findings f = DC_FINDINGS_INIT;
    ck_assert_int_eq(dc_rules_check(&f, &R, r, "2026-11-02"), DC_OK);
    ck_assert_uint_eq(f.n, 1);
    ck_assert_str_eq(f.items[0].message_en, "Two access decisions (both granted and refused ticked)");
    dc_findings_clear(&f);
    set(r, "decision", "refused");
    set(r, "entry_time", NULL);
    set(r, "badge_number", NULL);
    set(r, "exit_time", NULL);   /* an exit time says the refused visitor went in */
    ASSERT_FINDINGS(r, "2026-11-02", "");
    dc_record_free(r);
}
END_TEST

/* SOP step 6 (the devices listed with their serials) comes after a visit: a refused request that
 * declared devices and has no sign of entry needs no checklist (it was an error); one with a sign
 * of entry does, and one with such a sign in review waits. A list made is checked all the same. */
START_TEST(test_a_refused_request_needs_no_device_list_unless_the_visitor_went_in)
{
    dc_record *r = clean_refused();
    set(r, "brings_devices", "yes");
    ASSERT_FINDINGS(r, "2026-11-02", "");
    set(r, "exit_time", "10:30");
    ASSERT_FINDINGS(r, "2026-11-02", "entered_while_refused,devices_unlisted");
    set(r, "exit_time", NULL);
    dc_record_set(r, "badge_number", "12", 0.4, DC_VALUE_REVIEW);
    ASSERT_FINDINGS(r, "2026-11-02", "");
    dc_record *listed = clean_refused();
    set(listed, "brings_devices", "yes");
    add_device(listed, 1, NULL, "false", "false");   /* a row without its serial */
    ASSERT_FINDINGS(listed, "2026-11-02", "devices_unlisted");
    dc_record_free(listed);
    dc_record_set(r, "badge_number", NULL, 1.0, DC_VALUE_CORRECTED);   /* confirmed empty */
    dc_record_set(r, "decision", "refused", 0.4, DC_VALUE_REVIEW);     /* granted, perhaps: it waits */
    ASSERT_FINDINGS(r, "2026-11-02", "");
    dc_record_set(r, "decision", "granted", 1.0, DC_VALUE_CORRECTED);
    set(r, "entry_time", "09:45");
    set(r, "exit_time", "10:30");
    set(r, "badge_number", "12");
    set(r, "escort_name", "Rudi");
    set(r, "operator_signature", "true");
    set(r, "badge_returned", "true");
    set(r, "id_returned", "true");
    ASSERT_FINDINGS(r, "2026-11-02", "devices_unlisted");
    dc_record_free(r);
}
END_TEST

START_TEST(test_entry_or_badge_while_refused_is_flagged)
{
    dc_record *r = clean_refused();
    set(r, "entry_time", "09:45");
    ASSERT_FINDINGS(r, "2026-11-02", "entered_while_refused");
    set(r, "entry_time", NULL);
    set(r, "badge_number", "12");
    ASSERT_FINDINGS(r, "2026-11-02", "entered_while_refused");
    set(r, "badge_number", NULL);
    set(r, "escort_name", "Rudi"); /* an escort alone is not an entry */
    ASSERT_FINDINGS(r, "2026-11-02", "");
    set(r, "exit_time", "10:30");   /* an exit time alone is: the visitor went in (it gave nothing) */
    ASSERT_ONE_MESSAGE(r, "Access refused, yet an exit time recorded");
    set(r, "entry_time", "09:45");
    set(r, "badge_number", "12");
    ASSERT_ONE_MESSAGE(r, "Access refused, yet an entry time, a badge number and an exit time recorded");
    dc_findings f = DC_FINDINGS_INIT;
    ck_assert_int_eq(dc_rules_check(&f, &R, r, "2026-11-02"), DC_OK);
    ck_assert_str_eq(f.items[0].message_id, "Akses ditolak tetapi jam masuk, nomor badge dan jam keluar tercatat");
    dc_findings_clear(&f);
    set(r, "badge_number", NULL);
    ASSERT_ONE_MESSAGE(r, "Access refused, yet an entry time and an exit time recorded");
    dc_record_free(r);
}
END_TEST

/* ---- step 5 ---- */

START_TEST(test_granted_without_escort_is_flagged)
{
    dc_record *r = clean_granted();
    set(r, "escort_name", NULL);
    ASSERT_FINDINGS(r, "2026-11-02", "not_escorted:escort_name");
    /* the visitor as their own escort (SOP 5: accompanied and supervised), however spaced or cased */
    set(r, "escort_name", "budi santoso.");
    ASSERT_FINDINGS(r, "2026-11-02", "not_escorted:escort_name");
    dc_findings f = DC_FINDINGS_INIT;
    ck_assert_int_eq(dc_rules_check(&f, &R, r, "2026-11-02"), DC_OK);
    ck_assert_str_eq(f.items[0].message_en, "The escort is the visitor themself");
    dc_findings_clear(&f);
    set(r, "escort_name", "Budi Santosa");
    ASSERT_FINDINGS(r, "2026-11-02", "");
    dc_record_free(r);
}
END_TEST

START_TEST(test_granted_without_badge_is_flagged)
{
    dc_record *r = clean_granted();
    set(r, "badge_number", NULL);
    ASSERT_FINDINGS(r, "2026-11-02", "no_badge:badge_number");
    dc_record_free(r);
}
END_TEST

START_TEST(test_visit_of_60_minutes_is_fine_61_is_over_the_limit)
{
    dc_record *r = clean_granted();
    set(r, "exit_time", "10:45"); /* 09:45 -> 10:45 = 60 */
    ASSERT_FINDINGS(r, "2026-11-02", "");
    set(r, "exit_time", "10:46");
    ASSERT_FINDINGS(r, "2026-11-02", "over_time_limit");
    dc_findings f = DC_FINDINGS_INIT;
    ck_assert_int_eq(dc_rules_check(&f, &R, r, "2026-11-02"), DC_OK);
    ck_assert_int_eq(f.n, 1);
    ck_assert_str_eq(f.items[0].sop_step, "5");
    ck_assert_int_eq(f.items[0].severity, DC_SEVERITY_VIOLATION);
    ck_assert_str_eq(f.items[0].message_en, "Visit lasted 61 min, over the 60 min limit");
    ck_assert_str_eq(f.items[0].message_id, "Lama kunjungan 61 menit, melebihi batas 60 menit");
    dc_findings_clear(&f);
    dc_record_free(r);
}
END_TEST

/* ---- step 6 ---- */

START_TEST(test_granted_without_exit_time_is_flagged)
{
    dc_record *r = clean_granted();
    set(r, "exit_time", NULL);
    ASSERT_FINDINGS(r, "2026-11-02", "no_exit_time:exit_time");
    dc_record_free(r);
}
END_TEST

START_TEST(test_exit_before_entry_is_inconsistent_equal_is_not)
{
    dc_record *r = clean_granted();
    set(r, "exit_time", "09:44");
    ASSERT_FINDINGS(r, "2026-11-02", "times_inconsistent");
    set(r, "exit_time", "09:45");
    ASSERT_FINDINGS(r, "2026-11-02", "");
    dc_record_free(r);
}
END_TEST

START_TEST(test_arrival_after_entry_is_inconsistent_equal_is_not)
{
    dc_record *r = clean_granted();
    set(r, "arrival_time", "09:46");
    ASSERT_FINDINGS(r, "2026-11-02", "times_inconsistent");
    set(r, "arrival_time", "09:45");
    ASSERT_FINDINGS(r, "2026-11-02", "");
    dc_record_free(r);
}
END_TEST

START_TEST(test_a_time_that_is_not_a_clock_time_is_inconsistent)
{
    dc_record *r = clean_granted();
    set(r, "exit_time", "25:10");
    ASSERT_FINDINGS(r, "2026-11-02", "times_inconsistent");
    dc_findings f = DC_FINDINGS_INIT;
    ck_assert_int_eq(dc_rules_check(&f, &R, r, "2026-11-02"), DC_OK);
    ck_assert_str_eq(f.items[0].message_en, "Times inconsistent: exit time is not a clock time");
    ck_assert_str_eq(f.items[0].sop_step, "5-6");
    dc_findings_clear(&f);
    dc_record_free(r);
}
END_TEST

START_TEST(test_badge_not_returned_is_flagged_when_granted)
{
    dc_record *r = clean_granted();
    set(r, "badge_returned", "false");
    ASSERT_FINDINGS(r, "2026-11-02", "badge_not_returned:badge_returned");
    set(r, "badge_returned", NULL);
    ASSERT_FINDINGS(r, "2026-11-02", "badge_not_returned:badge_returned");
    dc_record_free(r);
    r = clean_refused(); /* refused: no badge was handed out */
    ASSERT_FINDINGS(r, "2026-11-02", "");
    dc_record_free(r);
}
END_TEST

/* A serial written as a word for none ("N/A", "-", "tidak ada") is none: the row needs one (it
 * passed); every row without one is named (only the first was). */
START_TEST(test_a_placeholder_serial_is_no_serial_and_every_such_row_is_named)
{
    dc_record *r = clean_granted();
    set(r, "brings_devices", "yes");
    add_device(r, 1, "SN-1001", "true", "true");
    add_device(r, 2, "N/A", "true", "true");
    ASSERT_FINDINGS(r, "2026-11-02", "devices_unlisted");
    add_device(r, 3, "tidak ada", "true", "true");
    add_device(r, 4, "-", "true", "true");
    add_device(r, 5, "NA-2231", "true", "true");   /* a serial that starts like a word for none */
    dc_findings f = DC_FINDINGS_INIT;
    ck_assert_int_eq(dc_rules_check(&f, &R, r, "2026-11-02"), DC_OK);
    ck_assert_int_eq(f.n, 1);
    ck_assert_str_eq(f.items[0].message_en, "Device rows 2, 3, 4 have no serial number");
    ck_assert_str_eq(f.items[0].message_id, "Perangkat baris 2, 3, 4 tanpa nomor seri");
    dc_findings_clear(&f);
    set(r, "device_3_serial", "SN-3");
    set(r, "device_4_serial", "4");
    ASSERT_ONE_MESSAGE(r, "Device row 2 has no serial number");
    dc_record_free(r);
}
END_TEST

/* The messages name a field in words, then its id (the Indonesian one showed only the id), and
 * say "not ticked as returned" plainly. */
START_TEST(test_messages_name_the_field_in_words)
{
    dc_record *r = clean_granted();
    set(r, "entry_time", NULL);
    dc_findings f = DC_FINDINGS_INIT;
    ck_assert_int_eq(dc_rules_check(&f, &R, r, "2026-11-02"), DC_OK);
    ck_assert_int_eq(f.n, 1);
    ck_assert_str_eq(f.items[0].message_id, "Kolom wajib kosong: jam masuk (entry_time)");
    ck_assert_str_eq(f.items[0].message_en, "Required field is empty: entry time (entry_time)");
    dc_findings_clear(&f);
    set(r, "entry_time", "09:45");
    set(r, "badge_returned", "false");
    ck_assert_int_eq(dc_rules_check(&f, &R, r, "2026-11-02"), DC_OK);
    ck_assert_int_eq(f.n, 1);
    ck_assert_str_eq(f.items[0].message_id, "Badge pengunjung tidak dicentang sebagai sudah dikembalikan");
    dc_findings_clear(&f);
    dc_record_free(r);
}
END_TEST

/* A field whose English name is its id was named twice ("purpose (purpose)"): the stored message
 * stays as it was (chained, compared on a recheck), and is shown without the repeat; the
 * Indonesian message, a message naming no field and one whose words differ keep theirs. */
START_TEST(test_a_field_named_by_its_id_is_shown_once)
{
    dc_record *r = clean_granted();
    set(r, "purpose", NULL);
    dc_findings f = DC_FINDINGS_INIT;
    ck_assert_int_eq(dc_rules_check(&f, &R, r, "2026-11-02"), DC_OK);
    ck_assert_int_eq(f.n, 1);
    ck_assert_str_eq(f.items[0].message_en, "Required field is empty: purpose (purpose)");   /* as stored */
    char buf[128];
    ck_assert_str_eq(dc_finding_message_shown(buf, sizeof buf, f.items[0].message_en, f.items[0].field),
                     "Required field is empty: purpose");
    ck_assert_str_eq(dc_finding_message_shown(buf, sizeof buf, f.items[0].message_id, f.items[0].field),
                     "Kolom wajib kosong: tujuan kunjungan (purpose)");
    ck_assert_str_eq(dc_finding_message_shown(buf, sizeof buf, "Required field is empty: institution (institution)",
                                              "institution"),
                     "Required field is empty: institution");
    const char *entry = "Required field is empty: entry time (entry_time)", *same = "Field: purpose (purpose)";
    ck_assert_ptr_eq(dc_finding_message_shown(buf, sizeof buf, entry, "entry_time"), entry);
    ck_assert_ptr_eq(dc_finding_message_shown(buf, sizeof buf, same, ""), same);
    const char *glued = "Field:purpose (purpose)";   /* no word "purpose" before it */
    ck_assert_ptr_eq(dc_finding_message_shown(buf, sizeof buf, glued, "purpose"), glued);
    char small[8];   /* too small for the shorter text: the whole one */
    ck_assert_ptr_eq(dc_finding_message_shown(small, sizeof small, f.items[0].message_en, "purpose"),
                     f.items[0].message_en);
    dc_findings_clear(&f);
    dc_record_free(r);
}
END_TEST

START_TEST(test_id_not_returned_is_flagged_when_granted)
{
    dc_record *r = clean_granted();
    set(r, "id_returned", "false");
    ASSERT_FINDINGS(r, "2026-11-02", "id_not_returned:id_returned");
    dc_record_free(r);
}
END_TEST

START_TEST(test_declared_devices_need_a_checklist_with_serials)
{
    dc_record *r = clean_granted();
    set(r, "brings_devices", "yes");
    ASSERT_FINDINGS(r, "2026-11-02", "devices_unlisted");
    add_device(r, 1, "SN-1001", "true", "true");
    ASSERT_FINDINGS(r, "2026-11-02", "");
    add_device(r, 2, NULL, "true", "true");
    ASSERT_FINDINGS(r, "2026-11-02", "devices_unlisted");
    set(r, "device_2_name", NULL); /* ticks alone do not make a row */
    ASSERT_FINDINGS(r, "2026-11-02", "");
    set(r, "device_2_name", "Laptop");
    set(r, "brings_devices", "no"); /* rows without a declaration are another rule */
    ASSERT_FINDINGS(r, "2026-11-02", "devices_undeclared:brings_devices");
    dc_record_free(r);
}
END_TEST

/* Declared no devices, yet the checklist lists one: the declaration or the checklist is wrong. */
START_TEST(test_devices_listed_but_declared_as_none_are_undeclared)
{
    dc_record *r = clean_granted();
    ASSERT_FINDINGS(r, "2026-11-02", "");
    add_device(r, 1, NULL, "true", "true");
    set(r, "device_1_name", NULL); /* ticks alone do not make a row */
    ASSERT_FINDINGS(r, "2026-11-02", "");
    set(r, "device_1_serial", "SN-9");
    ASSERT_FINDINGS(r, "2026-11-02", "devices_undeclared:brings_devices");
    dc_record_set(r, "brings_devices", "no", 0.5, DC_VALUE_REVIEW);
    ASSERT_FINDINGS(r, "2026-11-02", "");
    set(r, "brings_devices", "yes");
    ASSERT_FINDINGS(r, "2026-11-02", "");
    dc_record_free(r);
}
END_TEST

/* Two boxes ticked in a one-choice group (a person confirmed "ktp+sim"): the group is flagged, and
 * the rules that would read one choice of it are not run on a guess. */
START_TEST(test_several_choices_in_a_one_choice_group_are_flagged)
{
    dc_record *r = clean_granted();
    set(r, "id_type", "ktp+sim");
    set(r, "id_number", "1234");  /* no NIK check: which ID it is is not known */
    ASSERT_FINDINGS(r, "2026-11-02", "several_choices:id_type");
    set(r, "id_type", "ktp");
    ASSERT_FINDINGS(r, "2026-11-02", "id_invalid:id_number");
    set(r, "id_number", "6171012503900001");
    set(r, "purpose", "maintenance+hosting");
    ASSERT_FINDINGS(r, "2026-11-02", "several_choices:purpose");
    set(r, "purpose", "maintenance");
    set(r, "brings_devices", "yes+no"); /* neither devices_unlisted nor devices_undeclared */
    ASSERT_FINDINGS(r, "2026-11-02", "several_choices:brings_devices");
    add_device(r, 1, "SN-1", "true", "true");
    ASSERT_FINDINGS(r, "2026-11-02", "several_choices:brings_devices");
    R.enabled[DC_RULE_SEVERAL_CHOICES] = false;
    ASSERT_FINDINGS(r, "2026-11-02", "");
    dc_record_free(r);
}
END_TEST

START_TEST(test_declared_devices_with_an_empty_checklist_are_unlisted)
{
    dc_record *r = clean_granted();
    set(r, "brings_devices", "yes");
    r->has_checklist = true;
    set(r, "checklist_visitor_signature", "true");
    set(r, "checklist_operator_signature", "true");
    set(r, "device_1_name", NULL);
    ASSERT_FINDINGS(r, "2026-11-02", "devices_unlisted");
    dc_record_free(r);
}
END_TEST

START_TEST(test_device_in_not_out_and_out_not_in_are_flagged_per_row)
{
    dc_record *r = clean_granted();
    set(r, "brings_devices", "yes");
    add_device(r, 1, "SN-1001", "true", "true");
    add_device(r, 2, "SN-1002", "true", "false");
    add_device(r, 3, "SN-1003", "false", "true");
    ASSERT_FINDINGS(r, "2026-11-02", "device_not_taken_out#2,device_not_brought_in#3");
    set(r, "device_2_out", "true");
    set(r, "device_3_in", "true");
    ASSERT_FINDINGS(r, "2026-11-02", "");
    dc_record_free(r);
}
END_TEST

/* A finding's message quotes a device name of the longest value whole, and is UTF-8 to its end. */
START_TEST(test_a_long_device_name_is_quoted_whole_in_its_finding)
{
    dc_record *r = clean_granted();
    set(r, "brings_devices", "yes");
    add_device(r, 1, "SN-1", "true", "false");
    char name[2 * DC_RECORD_VALUE_MAX + 1] = "";
    for (int i = 0; i < DC_RECORD_VALUE_MAX; i++)
        strcat(name, "\xC3\x89");   /* É: 2 bytes */
    set(r, "device_1_name", name);
    dc_findings f = DC_FINDINGS_INIT;
    ck_assert_int_eq(dc_rules_check(&f, &R, r, "2026-11-02"), DC_OK);
    ck_assert_int_eq((int)f.n, 1);
    char *want = dc_asprintf("Device row 1 (%s) brought in but not taken out", name);
    ck_assert_str_eq(f.items[0].message_en, want);
    ck_assert_int_eq(dc_text_check(f.items[0].message_id, 0, NULL), -1);
    free(want);
    dc_findings_clear(&f);
    dc_record_free(r);
}
END_TEST

/* An operator who wrote a device again at the exit, on another row, ticked out there: the two rows
 * are one device that went in and out, paired by serial number. */
START_TEST(test_a_device_written_again_on_another_row_is_paired_by_serial)
{
    dc_record *r = clean_granted();
    set(r, "brings_devices", "yes");
    add_device(r, 1, "SN-1001", "true", "false");
    add_device(r, 2, "SN-1002", "true", "false");
    add_device(r, 3, "sn 1001", "false", "true");  /* row 1's device, written alike */
    ASSERT_FINDINGS(r, "2026-11-02", "device_not_taken_out#2");
    add_device(r, 4, "SN-1003", "false", "true");  /* another serial: no pair */
    ASSERT_FINDINGS(r, "2026-11-02", "device_not_taken_out#2,device_not_brought_in#4");
    add_device(r, 5, "SN-1001", "false", "true");  /* a second exit of row 1's device: nothing went in */
    ASSERT_FINDINGS(r, "2026-11-02", "device_not_taken_out#2,device_not_brought_in#4,device_not_brought_in#5");
    dc_record_free(r);

    /* a serial in review might pair its row: neither it nor a row it could pair with is judged */
    r = clean_granted();
    set(r, "brings_devices", "yes");
    add_device(r, 1, "SN-1001", "true", "false");
    add_device(r, 2, "SN-1001", "false", "true");
    ASSERT_FINDINGS(r, "2026-11-02", "");
    dc_record_set(r, "device_2_serial", "SN-10O1", 0.5, DC_VALUE_REVIEW);
    ASSERT_FINDINGS(r, "2026-11-02", "");
    ck_assert_str_eq(dc_record_status_name(r), "needs_review");
    add_device(r, 3, "SN-2", "true", "true"); /* a row with both ticks is judged as before */
    add_device(r, 4, "SN-3", "true", "true");
    set(r, "device_4_out", "false");           /* ...and so is an in-only row, which might pair too */
    ASSERT_FINDINGS(r, "2026-11-02", "");
    dc_record_set(r, "device_2_serial", "SN-1001", 0.99, DC_VALUE_CORRECTED);
    ASSERT_FINDINGS(r, "2026-11-02", "device_not_taken_out#4");
    dc_record_free(r);
}
END_TEST

/* ---- steps 2-4, signatures, step 7 ---- */

START_TEST(test_service_of_15_minutes_is_fine_16_is_slow)
{
    dc_record *r = clean_granted();
    set(r, "arrival_time", "09:30"); /* -> entry 09:45 = 15 */
    ASSERT_FINDINGS(r, "2026-11-02", "");
    set(r, "arrival_time", "09:29");
    ASSERT_FINDINGS(r, "2026-11-02", "slow_service");
    dc_findings f = DC_FINDINGS_INIT;
    ck_assert_int_eq(dc_rules_check(&f, &R, r, "2026-11-02"), DC_OK);
    ck_assert_int_eq(f.items[0].severity, DC_SEVERITY_WARNING);
    ck_assert_str_eq(f.items[0].sop_step, "2-4");
    dc_findings_clear(&f);
    dc_record_free(r);
}
END_TEST

START_TEST(test_missing_signatures_are_warnings_not_required_missing)
{
    dc_record *r = clean_granted();
    set(r, "visitor_signature", "false");
    set(r, "operator_signature", NULL);
    ASSERT_FINDINGS(r, "2026-11-02", "signature_missing:operator_signature,signature_missing:visitor_signature");
    dc_record_free(r);
    r = clean_refused(); /* operator signature not required when refused */
    set(r, "operator_signature", "false");
    ASSERT_FINDINGS(r, "2026-11-02", "");
    dc_record_free(r);
    r = clean_granted();
    set(r, "brings_devices", "yes");
    add_device(r, 1, "SN-1001", "true", "true");
    set(r, "checklist_operator_signature", "false"); /* not a rule in v1 */
    ASSERT_FINDINGS(r, "2026-11-02", "");
    dc_record_free(r);
}
END_TEST

START_TEST(test_visit_date_one_day_off_is_fine_two_is_a_mismatch)
{
    dc_record *r = clean_granted();
    ASSERT_FINDINGS(r, "2026-11-03", "");
    ASSERT_FINDINGS(r, "2026-11-01", "");
    ASSERT_FINDINGS(r, "2026-11-04", "date_mismatch:visit_date");
    ASSERT_FINDINGS(r, "2026-10-31", "date_mismatch:visit_date");
    ASSERT_FINDINGS(r, NULL, "");
    dc_record_free(r);
}
END_TEST

START_TEST(test_checklist_without_access_form_is_reported)
{
    dc_record *r = NULL;
    ck_assert_int_eq(dc_record_new(&r, "000777"), DC_OK);
    add_device(r, 1, "SN-1", "true", "false");
    ASSERT_FINDINGS(r, "2026-11-02", "device_not_taken_out#1,access_form_missing");
    dc_record_free(r);
}
END_TEST

/* ---- review policy ---- */

START_TEST(test_rules_reading_a_field_in_review_are_skipped)
{
    dc_record *r = clean_granted();
    dc_record_set(r, "exit_time", "11:30", 0.4, DC_VALUE_REVIEW); /* would be 105 min */
    dc_record_set(r, "visitor_name", NULL, 0.2, DC_VALUE_REVIEW);  /* unread, not missing */
    set(r, "escort_name", NULL);
    ck_assert_str_eq(dc_record_status_name(r), "needs_review");
    /* over_time_limit, no_exit_time, times_inconsistent and required_missing:visitor_name wait;
     * not_escorted reads only decision and escort_name, both known */
    ASSERT_FINDINGS(r, "2026-11-02", "not_escorted:escort_name");
    dc_record_set(r, "exit_time", "11:30", 1.0, DC_VALUE_CORRECTED);
    ASSERT_FINDINGS(r, "2026-11-02", "not_escorted:escort_name,over_time_limit");
    dc_record_free(r);
}
END_TEST

/* A field in review holds back only the findings that need it: those decided by fields known
 * already are there before the review (they waited for every field of their group). */
START_TEST(test_a_field_in_review_holds_back_only_the_findings_that_need_it)
{
    dc_record *r = clean_granted();   /* arrival 09:30 */
    set(r, "entry_time", "09:00");    /* before the arrival */
    dc_record_set(r, "exit_time", "11:30", 0.4, DC_VALUE_REVIEW);
    ASSERT_ONE_MESSAGE(r, "Times inconsistent: arrival after entry");
    dc_record_set(r, "exit_time", "08:30", 1.0, DC_VALUE_CORRECTED);   /* known: both reasons */
    ASSERT_ONE_MESSAGE(r, "Times inconsistent: exit before entry; arrival after entry");
    dc_record_free(r);

    /* refused, an entry time written, the badge number in review */
    r = clean_refused();
    set(r, "entry_time", "09:40");
    dc_record_set(r, "badge_number", "7", 0.4, DC_VALUE_REVIEW);
    ASSERT_ONE_MESSAGE(r, "Access refused, yet an entry time recorded");
    set(r, "entry_time", NULL);   /* the badge alone would decide it: it waits */
    ASSERT_FINDINGS(r, "2026-11-02", "");
    dc_record_free(r);

    /* no devices declared; a row's name read surely, its serial in review */
    r = clean_granted();
    add_device(r, 1, NULL, "true", "true");
    dc_record_set(r, "device_1_serial", "SN-1", 0.4, DC_VALUE_REVIEW);
    ASSERT_FINDINGS(r, "2026-11-02", "devices_undeclared:brings_devices");
    dc_record_free(r);

    /* devices declared: row 1's serial in review, row 2 has none */
    r = clean_granted();
    set(r, "brings_devices", "yes");
    add_device(r, 1, NULL, "true", "true");
    dc_record_set(r, "device_1_serial", "SN-1", 0.4, DC_VALUE_REVIEW);
    add_device(r, 2, "SN-2", "true", "true");
    ASSERT_FINDINGS(r, "2026-11-02", "");
    set(r, "device_2_serial", "-");
    ASSERT_ONE_MESSAGE(r, "Device row 2 has no serial number");
    dc_record_free(r);
    /* a row of nothing but a name in review: the checklist may be empty or not, it waits */
    r = clean_granted();
    set(r, "brings_devices", "yes");
    r->has_checklist = true;
    dc_record_set(r, "device_1_name", "LAPTOP", 0.4, DC_VALUE_REVIEW);
    ASSERT_FINDINGS(r, "2026-11-02", "");
    dc_record_free(r);
}
END_TEST

START_TEST(test_decision_in_review_holds_back_the_operator_rules)
{
    dc_record *r = clean_granted();
    dc_record_set(r, "decision", "granted", 0.5, DC_VALUE_REVIEW);
    set(r, "escort_name", NULL);
    set(r, "badge_returned", "false");
    ASSERT_FINDINGS(r, "2026-11-02", "");
    dc_record_free(r);
}
END_TEST

/* ---- rules file ---- */

START_TEST(test_default_rules_file_equals_built_in_defaults)
{
    char *path = dc_test_src("parse/rules.default.json");
    dc_rules loaded;
    memset(&loaded, 0xab, sizeof loaded);
    ck_assert_int_eq(dc_rules_load(&loaded, path), DC_OK);
    dc_rules def;
    dc_rules_default(&def);
    ck_assert_int_eq(loaded.visit_limit_min, 60);
    ck_assert_int_eq(loaded.service_limit_min, 15);
    ck_assert_int_eq(loaded.date_mismatch_days, 1);
    for (int i = 0; i < DC_RULE__COUNT; i++) {
        ck_assert_int_eq(loaded.severity[i], def.severity[i]);
        ck_assert_int_eq(loaded.enabled[i], true);
    }
    free(path);
}
END_TEST

START_TEST(test_rules_file_changes_limits_and_severities)
{
    char *dir = dc_test_tmpdir("rules");
    char *path = dc_test_write(dir, "site.json",
                               "{\"visit_limit_minutes\": 90, \"severity\": {\"slow_service\": \"error\"},"
                               " \"disabled\": [\"date_mismatch\"]}");
    ck_assert_int_eq(dc_rules_load(&R, path), DC_OK);
    ck_assert_int_eq(R.visit_limit_min, 90);
    ck_assert_int_eq(R.service_limit_min, 15);
    dc_record *r = clean_granted();
    set(r, "exit_time", "11:15"); /* 90 min */
    set(r, "arrival_time", "09:00");
    dc_findings f = DC_FINDINGS_INIT;
    ck_assert_int_eq(dc_rules_check(&f, &R, r, "2026-12-25"), DC_OK);
    ck_assert_int_eq(f.n, 1);
    ck_assert_int_eq(f.items[0].rule, DC_RULE_SLOW_SERVICE);
    ck_assert_int_eq(f.items[0].severity, DC_SEVERITY_ERROR);
    dc_findings_clear(&f);
    set(r, "exit_time", "11:16");
    ASSERT_FINDINGS(r, "2026-11-02", "over_time_limit,slow_service");
    dc_record_free(r);
    /* what records keep of these rules: what differs from the SOP's, then the rules engine */
    char text[DC_RULES_TEXT_MAX];
    ck_assert_int_eq(dc_rules_describe(&R, text, sizeof text), DC_OK);
    ck_assert_str_eq(text, "visit_limit_minutes=90; severity slow_service=error; disabled date_mismatch");
    ck_assert_int_eq(dc_rules_stamp(&R, text, sizeof text), DC_OK);
    ck_assert_str_eq(text, "visit_limit_minutes=90; severity slow_service=error; disabled date_mismatch; rules engine "
                           DC_TEST_STR(DC_RULES_ENGINE));
    dc_rules sop;
    dc_rules_default(&sop);
    ck_assert_int_eq(dc_rules_stamp(&sop, text, sizeof text), DC_OK);
    ck_assert_str_eq(text, SOP_STAMP);
    /* a buffer that holds the rules but not the engine: an error and an empty text, never a text
     * without its engine (which would read as an earlier engine's) */
    char small[sizeof "SOP defaults; rules engine"];
    ck_assert_int_eq(dc_rules_stamp(&sop, small, sizeof small), DC_ERR_INVALID_ARG);
    ck_assert_str_eq(small, "");
    /* the engine a kept text names: 1 for one kept before engines were recorded */
    ck_assert_int_eq(dc_rules_stamp_engine(text), DC_RULES_ENGINE);
    ck_assert_int_eq(dc_rules_stamp_engine("SOP defaults"), 1);
    ck_assert_int_eq(dc_rules_stamp_engine(NULL), 1);
    ck_assert_int_eq(dc_rules_stamp_engine("visit_limit_minutes=90; rules engine 3"), 3);
    ck_assert_int_eq(dc_rules_stamp_engine("SOP defaults; rules engine 2x"), 1);
    free(path);
    dc_test_rmtree(dir);
    free(dir);
}
END_TEST

static void expect_rules_error(const char *text, const char *needle)
{
    char *dir = dc_test_tmpdir("rules");
    char *path = dc_test_write(dir, "bad.json", text);
    dc_rules r;
    dc_rules_default(&r);
    ck_assert_int_eq(dc_rules_load(&r, path), DC_ERR_RULES);
    const char *d = dc_error_detail();
    if (!strstr(d, needle) || !strstr(d, "bad.json"))
        ck_abort_msg("detail \"%s\" should name bad.json and \"%s\"", d, needle);
    ck_assert_int_eq(r.visit_limit_min, 60); /* untouched on failure */
    free(path);
    dc_test_rmtree(dir);
    free(dir);
}

START_TEST(test_malformed_rules_files_are_refused_naming_the_key)
{
    expect_rules_error("{\"visit_limit_minutes\": 60,", "not valid JSON");
    expect_rules_error("{\"visit_limit_minutes\": \"60\"}", "\"visit_limit_minutes\"");
    expect_rules_error("{\"visit_limit_minutes\": 7.5}", "\"visit_limit_minutes\"");
    expect_rules_error("{\"visit_limit_minute\": 60}", "\"visit_limit_minute\": unknown key");
    expect_rules_error("{\"service_limit_minutes\": -5}", "\"service_limit_minutes\"");
    expect_rules_error("{\"date_mismatch_days\": -1}", "\"date_mismatch_days\"");
    expect_rules_error("{\"visit_limit_minutes\": 0}", "\"visit_limit_minutes\"");
    expect_rules_error("{\"severity\": {\"over_time\": \"error\"}}", "\"severity.over_time\"");
    expect_rules_error("{\"severity\": {\"over_time_limit\": \"fatal\"}}", "\"severity.over_time_limit\"");
    expect_rules_error("{\"severity\": []}", "\"severity\"");
    expect_rules_error("{\"disabled\": [\"nope\"]}", "\"disabled[0]\"");
    expect_rules_error("[1, 2]", "top level");
    /* the range is given whole, and a key given twice is refused (the last one used to win) */
    expect_rules_error("{\"date_mismatch_days\": 527041}", "\"date_mismatch_days\": 527041 is out of range (0 to 527040)");
    expect_rules_error("{\"visit_limit_minutes\": 0}", "\"visit_limit_minutes\": 0 is out of range (1 to 527040)");
    expect_rules_error("{\"visit_limit_minutes\": 30, \"visit_limit_minutes\": 90}",
                       "line 1: key \"visit_limit_minutes\" is given twice (which one is meant cannot be known)");
    expect_rules_error("{\n \"severity\": {\"slow_service\": \"warning\",\n  \"slow_service\": \"error\"}}",
                       "line 3: key \"slow_service\" is given twice");
    /* a file an editor saved with a byte-order mark, and a folder */
    expect_rules_error("\xEF\xBB\xBF{\"version\": 1}", "starts with a byte-order mark (the editor saved it as \"UTF-8 "
                                                      "with BOM\"): save it as plain UTF-8");
    dc_rules r;
    char *dir = dc_make_tmpdir("rules");
    ck_assert_ptr_nonnull(dir);
    ck_assert_int_eq(dc_rules_load(&r, dir), DC_ERR_IO);
    char *want = dc_asprintf("%s: is a folder, not a file", dir);
    ck_assert_str_eq(dc_error_detail(), want);
    free(want);
    rmdir(dir);
    free(dir);
}
END_TEST

START_TEST(test_missing_rules_file_is_an_io_error)
{
    dc_rules r;
    ck_assert_int_eq(dc_rules_load(&r, "/nonexistent/rules.json"), DC_ERR_IO);
    ck_assert_ptr_nonnull(strstr(dc_error_detail(), "/nonexistent/rules.json"));
}
END_TEST

START_TEST(test_rule_names_round_trip)
{
    for (int i = 0; i < DC_RULE__COUNT; i++) {
        dc_rule_id id;
        ck_assert_int_eq(dc_rule_parse(&id, dc_rule_name((dc_rule_id)i)), DC_OK);
        ck_assert_int_eq(id, i);
    }
    ck_assert_str_eq(dc_rule_name(DC_RULE_DEVICE_NOT_BROUGHT_IN), "device_not_brought_in");
    dc_rule_id id;
    ck_assert_int_eq(dc_rule_parse(&id, "bogus"), DC_ERR_NOT_FOUND);
}
END_TEST

static Suite *parse_suite(void)
{
    Suite *s = suite_create("parse");
    TCase *v = tcase_create("values");
    tcase_add_test(v, test_dates_must_be_calendar_dates);
    tcase_add_test(v, test_times_are_minutes_since_midnight);
    tcase_add_test(v, test_typed_names_are_upper_case_and_composed);
    tcase_add_test(v, test_typed_values_with_invisible_characters_are_refused);
    tcase_add_test(v, test_nik_checks_province_district_day_month);
    tcase_add_test(v, test_phone_badge_serial_validation);
    tcase_add_test(v, test_names_are_upper_cased_and_space_collapsed);
    tcase_add_test(v, test_correction_values_are_validated_per_field);
    tcase_add_test(v, test_checklist_signatures_get_their_own_record_ids);
    tcase_add_test(v, test_choice_takes_the_option_as_reports_and_form_word_it);
    tcase_add_test(v, test_choice_takes_every_option_as_the_shipped_form_prints_it);
    suite_add_tcase(s, v);

    TCase *t = tcase_create("rules");
    tcase_add_checked_fixture(t, setup, NULL);
    tcase_add_test(t, test_clean_visits_have_no_findings);
    tcase_add_test(t, test_each_required_visitor_field_missing_is_flagged);
    tcase_add_test(t, test_operator_fields_are_required_only_when_granted);
    tcase_add_test(t, test_purpose_detail_is_optional_even_for_other);
    tcase_add_test(t, test_optional_phone_and_arrival_may_be_empty);
    tcase_add_test(t, test_invalid_nik_is_flagged_only_for_ktp);
    tcase_add_test(t, test_an_invalid_nik_says_what_is_wrong);
    tcase_add_test(t, test_no_decision_is_flagged);
    tcase_add_test(t, test_entry_or_badge_while_refused_is_flagged);
    tcase_add_test(t, test_a_refused_request_needs_no_device_list_unless_the_visitor_went_in);
    tcase_add_test(t, test_granted_without_escort_is_flagged);
    tcase_add_test(t, test_granted_without_badge_is_flagged);
    tcase_add_test(t, test_visit_of_60_minutes_is_fine_61_is_over_the_limit);
    tcase_add_test(t, test_granted_without_exit_time_is_flagged);
    tcase_add_test(t, test_exit_before_entry_is_inconsistent_equal_is_not);
    tcase_add_test(t, test_arrival_after_entry_is_inconsistent_equal_is_not);
    tcase_add_test(t, test_a_time_that_is_not_a_clock_time_is_inconsistent);
    tcase_add_test(t, test_badge_not_returned_is_flagged_when_granted);
    tcase_add_test(t, test_id_not_returned_is_flagged_when_granted);
    tcase_add_test(t, test_messages_name_the_field_in_words);
    tcase_add_test(t, test_a_field_named_by_its_id_is_shown_once);
    tcase_add_test(t, test_declared_devices_need_a_checklist_with_serials);
    tcase_add_test(t, test_a_placeholder_serial_is_no_serial_and_every_such_row_is_named);
    tcase_add_test(t, test_declared_devices_with_an_empty_checklist_are_unlisted);
    tcase_add_test(t, test_device_in_not_out_and_out_not_in_are_flagged_per_row);
    tcase_add_test(t, test_a_device_written_again_on_another_row_is_paired_by_serial);
    tcase_add_test(t, test_a_long_device_name_is_quoted_whole_in_its_finding);
    tcase_add_test(t, test_devices_listed_but_declared_as_none_are_undeclared);
    tcase_add_test(t, test_several_choices_in_a_one_choice_group_are_flagged);
    tcase_add_test(t, test_service_of_15_minutes_is_fine_16_is_slow);
    tcase_add_test(t, test_missing_signatures_are_warnings_not_required_missing);
    tcase_add_test(t, test_visit_date_one_day_off_is_fine_two_is_a_mismatch);
    tcase_add_test(t, test_checklist_without_access_form_is_reported);
    tcase_add_test(t, test_rules_reading_a_field_in_review_are_skipped);
    tcase_add_test(t, test_decision_in_review_holds_back_the_operator_rules);
    tcase_add_test(t, test_a_field_in_review_holds_back_only_the_findings_that_need_it);
    suite_add_tcase(s, t);

    TCase *f = tcase_create("rules_file");
    tcase_add_checked_fixture(f, setup, NULL);
    tcase_add_test(f, test_default_rules_file_equals_built_in_defaults);
    tcase_add_test(f, test_rules_file_changes_limits_and_severities);
    tcase_add_test(f, test_malformed_rules_files_are_refused_naming_the_key);
    tcase_add_test(f, test_missing_rules_file_is_an_io_error);
    tcase_add_test(f, test_rule_names_round_trip);
    suite_add_tcase(s, f);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(parse_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
