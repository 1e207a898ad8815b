/* samplegen: synthetic filled-in, scanned dcaccess form sets with ground truth (the sample corpus). */
#ifndef DC_SAMPLEGEN_H
#define DC_SAMPLEGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- deterministic PRNG (splitmix64); never rand() so a seed means the same corpus everywhere ---- */
typedef struct sg_rng {
    uint64_t s;
} sg_rng;

void sg_rng_seed(sg_rng *r, uint64_t seed);
uint64_t sg_rng_next(sg_rng *r);
/* Uniform integer in [lo, hi] (inclusive). */
int sg_rng_int(sg_rng *r, int lo, int hi);
/* Uniform double in [0, 1). */
double sg_rng_unit(sg_rng *r);
double sg_rng_range(sg_rng *r, double lo, double hi);
/* Approximately normal(0, 1) (sum of uniforms: bounded, platform independent). */
double sg_rng_gauss(sg_rng *r);
bool sg_rng_chance(sg_rng *r, double p);
/* A child generator derived from r and a label, so adding draws in one place does not shift others. */
sg_rng sg_rng_fork(const sg_rng *r, uint64_t label);

/* ---- the visit record: true values, "" meaning absent (null in the truth) ---- */
#define SG_MAX_DEVICES 8

typedef struct sg_device {
    char name[40], model[40], serial[40], remarks[40];
    bool in, out;
} sg_device;

typedef struct sg_record {
    char serial[8];
    /* access form, visitor part */
    char visit_date[11];       /* YYYY-MM-DD */
    char visitor_name[31];
    char institution[31];
    char id_type[16];          /* ktp | sim | passport | other; two boxes ticked: both joined by '+' */
    char id_number[17];
    char phone[14];
    char purpose[24];          /* maintenance | hosting | management | other (or two, as id_type) */
    char purpose_detail[64];
    char brings_devices[8];    /* yes | no (or yes+no) */
    char arrival_time[6];      /* HH:MM */
    bool visitor_signature;
    /* operator part */
    char decision[16];         /* granted | refused | "" (no decision) | granted+refused (both ticked) */
    char operator_name[31];
    char entry_time[6];
    char badge_number[4];
    char escort_name[31];
    char exit_time[6];
    bool badge_returned, id_returned, operator_signature;
    /* device checklist (page 2) */
    int ndevices;
    sg_device dev[SG_MAX_DEVICES];
    bool cl_visitor_signature, cl_operator_signature;
    bool access_lost;          /* the access page never reached the scanner: the set is its checklist alone */
    bool checklist_lost;       /* the checklist never reached the scanner: the set is its access page alone */
    unsigned mistakes;         /* SG_MISTAKE_* bits injected */
} sg_record;

enum {
    SG_MISTAKE_OVER_TIME = 1u << 0,
    SG_MISTAKE_NO_ESCORT = 1u << 1,
    SG_MISTAKE_BADGE_NOT_RETURNED = 1u << 2,
    SG_MISTAKE_ID_NOT_RETURNED = 1u << 3,
    SG_MISTAKE_DEVICE_NOT_OUT = 1u << 4,
    SG_MISTAKE_REFUSED = 1u << 5,
    SG_MISTAKE_EMPTY_OPTIONAL = 1u << 6,
    SG_MISTAKE_NO_SIGNATURE = 1u << 7,
    SG_MISTAKE_SLOW_SERVICE = 1u << 8,
    SG_MISTAKE_DATE_MISMATCH = 1u << 9,
    SG_MISTAKE_INVALID_NIK = 1u << 10,
    SG_MISTAKE_NO_EXIT = 1u << 11,
    SG_MISTAKE_NO_BADGE = 1u << 12,
    SG_MISTAKE_NO_DECISION = 1u << 13,
    SG_MISTAKE_FIELD_MISSING = 1u << 14,
    SG_MISTAKE_ENTERED_REFUSED = 1u << 15,
    SG_MISTAKE_TIMES_SWAPPED = 1u << 16,
    SG_MISTAKE_DEVICE_NO_SERIAL = 1u << 17,
    SG_MISTAKE_DEVICE_OUT_ONLY = 1u << 18,
    /* Drawn only with all_mistakes (--all-mistakes): the corpora of every seed made without it, the
     * committed day among them, stay what they were. */
    SG_MISTAKE_ACCESS_LOST = 1u << 19,
    SG_MISTAKE_TWO_CHOICES = 1u << 20,
    SG_MISTAKE_DEVICES_UNDECLARED = 1u << 21,
    /* Also only with all_mistakes: the wordings of findings that no mistake above leads to (a rules
     * engine's message that never occurs in its corpus could change unseen) */
    SG_MISTAKE_CHECKLIST_LOST = 1u << 22,
    SG_MISTAKE_DEVICES_NOT_LISTED = 1u << 23,
    SG_MISTAKE_SELF_ESCORT = 1u << 24,
    SG_MISTAKE_NIK_ZERO_PART = 1u << 25,
    SG_MISTAKE_TIME_NOT_CLOCK = 1u << 26,
    SG_MISTAKE_ARRIVAL_AFTER_ENTRY = 1u << 27,
    SG_MISTAKE_FIELD_MISSING_OTHER = 1u << 28,
    SG_MISTAKE_ENTERED_REFUSED_SOME = 1u << 29,
    SG_MISTAKE_DEVICE_REWRITTEN = 1u << 30,
    SG_MISTAKE__DEFAULT_COUNT = 19,   /* the mistakes drawn without all_mistakes: bits 0..18 */
    SG_MISTAKE__COUNT = 31            /* bit 31 would not fit the enum's int: a 32nd needs a wider type */
};
/* Stable name of one mistake bit ("over_time"), NULL for an unknown bit. */
const char *sg_mistake_name(unsigned bit);

/* Draws one record for `serial` visiting on `date` (YYYY-MM-DD). With probability mistake_rate
 * one or two mistakes are injected (recorded in r->mistakes), of the first SG_MISTAKE__DEFAULT_COUNT. */
void sg_record_draw(sg_record *r, sg_rng *rng, const char *serial, const char *date, double mistake_rate);
/* sg_record_draw for a returning visitor: name, institution, ID and phone are `visitor`'s (NULL: a
 * new visitor, as sg_record_draw); everything else, mistakes included, is drawn as for a new one
 * from the same random numbers. With all_mistakes the mistakes are drawn from all
 * SG_MISTAKE__COUNT (the same number of random numbers, other records). */
void sg_record_draw_for(sg_record *r, sg_rng *rng, const char *serial, const char *date, double mistake_rate,
                        bool all_mistakes, const sg_record *visitor);
/* Another spelling of the same name, as people write their own name differently from one form to
 * the next, in place: the first doubled letter written once (MUHAMMAD -> MUHAMAD), else the first
 * SY, DH or KH written S, D or K (SYARIF -> SARIF), else the first U written OE, the old spelling
 * (BUDI -> BOEDI), if it fits in `size`. Returns false when none applies (the name is unchanged). */
bool sg_name_variant(char *name, size_t size);
/* Applies one mistake to a drawn record (exposed for tests). */
void sg_record_apply_mistake(sg_record *r, sg_rng *rng, unsigned bit, const char *date);

/* A valid NIK of Kota Pontianak (6171 + district 01-06 + DDMMYY (+40 on the day for women) + 4-digit
 * sequence) into nik[17]. */
void sg_nik_make(char nik[17], sg_rng *rng, bool female, int day, int month, int year);
/* The NIK check of DESIGN.md section 3: 16 digits, a known province code, day 01-31 or 41-71,
 * month 01-12. */
bool sg_nik_valid(const char *nik);

/* The value of one template field in its output form, or NULL when absent; for page 1 (access)
 * or 2 (checklist). `buf` holds values that need formatting. */
const char *sg_record_value(const sg_record *r, int sheet_page, const char *field_id, char *buf, size_t len);

/* ---- expected SOP findings (independent of parse/: see samples/README.md) ---- */
typedef struct sg_finding {
    const char *rule;
    char field[32];  /* "" when the rule has no field */
    int row;         /* device row (1..), 0 when none */
} sg_finding;

/* Fills out[0..*n) (at most cap) with the findings for r, checked against batch_date. */
void sg_rules_check(const sg_record *r, const char *batch_date, sg_finding *out, size_t cap, size_t *n);

/* ---- corpus generation ---- */
typedef struct sg_options {
    uint64_t seed;
    int sets;             /* form sets per day */
    int days;
    char date[11];        /* first batch date */
    const char *damage;   /* "clean", "mixed", or one condition name */
    double hand_ratio;    /* share of pages filled in a handwriting font */
    double mistake_rate;  /* share of records with injected mistakes */
    long first_serial;
    const char *outdir;
    bool extras;          /* blank back, duplicate and foreign page (default on for "mixed") */
    bool no_images;       /* truth and records only: no PDF, no images (fast, for rules checks at scale) */
    int visitors;         /* > 0: every record's visitor is one of this many people, drawn once for all
                             days (returning visitors write the same ID and phone again); 0: every
                             record a new visitor */
    double variants;      /* with visitors: share of a returning visitor's forms whose name is written
                             in another spelling (sg_name_variant); truth is the name as written */
    bool all_mistakes;    /* mistakes drawn from all SG_MISTAKE__COUNT, those that only the product's
                             rules know among them (a lost access page, two boxes of a choice ticked,
                             devices listed but "no" ticked) and those that lead to the wordings of
                             findings no other mistake does; off: the first SG_MISTAKE__DEFAULT_COUNT */
} sg_options;

#define SG_OPTIONS_INIT { 1, 8, 1, "2026-11-02", "mixed", 0.7, 0.5, 1, NULL, true, false, 0, 0.0, false }

/* Name of damage condition i (0, 1, ...): those of the mixed cycle, then those made only on
 * request; NULL past the last. */
const char *sg_condition_name(size_t i);

/* Writes the corpus to opt->outdir (one directory per day when days > 1): images, truth.json,
 * records.json. Returns a dc_error code with a detail. */
int sg_generate(const sg_options *opt);

#endif
