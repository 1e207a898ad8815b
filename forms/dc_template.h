/* dc_template: form templates (forms/<form>.v<version>.json), the contract between printer and scanner. */
#ifndef DC_TEMPLATE_H
#define DC_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

/* A rectangle in millimetres from the page's top-left corner. */
typedef struct dc_box_mm {
    double x, y, w, h;
} dc_box_mm;

/* A digit comb (digits, date, time) has at most this many cells: the field decision of the
 * digit readers (scan/dc_icr.h, DC_ICR_MAX_CELLS) works on up to 32. */
#define DC_TEMPLATE_MAX_DIGIT_CELLS 32

typedef enum dc_field_type {
    DC_FIELD_TEXT,      /* hand-printed text: comb `cells` or a free `zone` */
    DC_FIELD_DIGITS,    /* comb `cells`, one digit each */
    DC_FIELD_DATE,      /* 8 comb cells DDMMYYYY; value "YYYY-MM-DD" */
    DC_FIELD_TIME,      /* 4 comb cells HHMM; value "HH:MM" */
    DC_FIELD_CHOICE,    /* one-choice group of `options`; value = the option's value */
    DC_FIELD_CHECKBOX,  /* one `box`; value "true"/"false" */
    DC_FIELD_SIGNATURE  /* a `zone`; value "true"/"false" (ink present) */
} dc_field_type;

/* Bilingual printed text: Indonesian first, English subtitle. */
typedef struct dc_label {
    char *id;  /* Indonesian */
    char *en;  /* English */
    double x, y; /* where the printer puts it (mm); 0,0 when the field has no own label */
} dc_label;

typedef struct dc_option {
    char *value;      /* e.g. "ktp", "granted", "yes" */
    dc_label label;   /* printed beside the box */
    dc_box_mm box;
} dc_option;

/* What a text field's words are drawn from (template "lexicon"), for the scanner. */
typedef enum dc_lexicon {
    DC_LEXICON_NONE = 0,    /* free text */
    DC_LEXICON_STAFF        /* "staff": names of the data center's staff (the site's roster) */
} dc_lexicon;

typedef struct dc_field {
    char *id;           /* e.g. "visit_date", "device_3_serial" */
    dc_field_type type;
    bool required;      /* a printing/UX hint; the SOP rules decide what is really required */
    dc_label label;
    char *charset;      /* text: allowed characters for OCR (NULL: any) */
    char *lang;         /* text: Tesseract language ("ind", "eng"); NULL: "ind" */
    dc_lexicon lexicon; /* text: what its words are drawn from (DC_LEXICON_NONE: anything) */
    int row;            /* checklist: device row number (1..), else 0 */
    size_t ncells;      /* comb fields: cells in reading order */
    dc_box_mm *cells;
    size_t noptions;    /* choice */
    dc_option *options;
    dc_box_mm box;      /* checkbox */
    dc_box_mm zone;     /* free text, signature */
    bool has_zone;      /* text field given as a zone rather than cells */
} dc_field;

typedef enum dc_mark_role {
    DC_MARK_TOP_LEFT, DC_MARK_TOP_RIGHT, DC_MARK_BOTTOM_LEFT, DC_MARK_BOTTOM_RIGHT,
    DC_MARK_ORIENTATION /* the off-centre mark that makes orientation unambiguous */
} dc_mark_role;

typedef struct dc_mark {
    dc_mark_role role;
    dc_box_mm box;  /* solid black square */
} dc_mark;

typedef struct dc_text {
    char *style;        /* "section" */
    char *id, *en;
    dc_box_mm box;
} dc_text;

typedef struct dc_table_column {
    char *key, *id, *en;
    double w;
} dc_table_column;

/* Optional ruled table (the device checklist). */
typedef struct dc_table {
    bool present;
    double x, y, header_h, row_h;
    int rows;
    size_t ncolumns;
    dc_table_column *columns;
} dc_table;

typedef struct dc_template {
    char *path;          /* file it was loaded from */
    char *form;          /* "access" | "checklist" */
    int version;         /* >= 1 */
    int sheet_page;      /* page of the form set: access 1, checklist 2 */
    double page_w, page_h; /* mm */
    dc_label title;
    size_t nmarks;
    dc_mark *marks;
    dc_box_mm qr;
    size_t ntexts;
    dc_text *texts;
    dc_table table;
    size_t nfields;
    dc_field *fields;
} dc_template;

/* Loads and validates one template file. On failure returns DC_ERR_IO, DC_ERR_JSON or
 * DC_ERR_TEMPLATE with a detail naming the file and the offending field/key
 * (dc_error_detail()). *out belongs to the caller: dc_template_free(). */
int dc_template_load(dc_template **out, const char *path);
void dc_template_free(dc_template *t);

/* Field lookup by id; NULL when absent. The pointer lives as long as `t`. */
const dc_field *dc_template_field(const dc_template *t, const char *id);

/* Calls fn(u, area) for every writing area of field f: its comb cells, its options' boxes, its
 * box or its zone (a field has one kind of them, dc_field). */
void dc_field_each_area(const dc_field *f, void (*fn)(void *u, dc_box_mm area), void *u);

/* The part of the form field `f` is in (who fills it in): the number of section headings (texts
 * of style "section") at or above the top of its writing areas; 0 above the first. On the access
 * form 1 is the visitor's part A, 2 the operator's part B. */
size_t dc_template_section_of(const dc_template *t, const dc_field *f);

const char *dc_field_type_name(dc_field_type type);

/* The templates known to this installation: every forms/<form>.v<N>.json of a directory. */
typedef struct dc_template_set dc_template_set;

/* Loads every template in `dir` (NULL: dc_data_dir()/forms): each file named *.json (any case),
 * but hidden ones (a name starting with '.'). Any malformed file, or one not named
 * <form>.v<version>.json for what it holds, fails the whole load with that file named. *out belongs
 * to the caller. */
int dc_template_set_load(dc_template_set **out, const char *dir);
void dc_template_set_free(dc_template_set *s);
/* NULL if the set has no such form/version (a page naming it is rejected: unknown template). */
const dc_template *dc_template_set_find(const dc_template_set *s, const char *form, int version);
/* Newest version of a form (what the printer uses); NULL if none. */
const dc_template *dc_template_set_latest(const dc_template_set *s, const char *form);
size_t dc_template_set_count(const dc_template_set *s);
const dc_template *dc_template_set_at(const dc_template_set *s, size_t i);

/* Root of the read-only data (forms/, scan/models/, fonts): $DCACCESS_DATA_DIR if set,
 * else the source tree the binary was built from. Static string. */
const char *dc_data_dir(void);

/* QR payload of a printed page: "DCACCESS;form=<form>;v=<version>;serial=<serial>;page=<n>".
 * dc_qr_format writes into buf (returns DC_ERR_INVALID_ARG if it does not fit);
 * dc_qr_parse fills the outputs (form/serial buffers of the given sizes) or returns DC_ERR_NOT_FORM. */
int dc_qr_format(char *buf, size_t len, const char *form, int version, const char *serial, int page);
int dc_qr_parse(const char *text, char *form, size_t form_len, int *version,
                char *serial, size_t serial_len, int *page);

#endif
