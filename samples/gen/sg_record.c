/* sg_record: drawing plausible visit records (names, NIKs, times, devices) and injecting mistakes. */
#include "samplegen.h"
#include "sg_internal.h"
#include "dc_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- PRNG ---- */

void sg_rng_seed(sg_rng *r, uint64_t seed)
{
    r->s = seed ^ 0x6a09e667f3bcc909ULL;
}

uint64_t sg_rng_next(sg_rng *r)
{
    return dc_splitmix64(&r->s);
}

int sg_rng_int(sg_rng *r, int lo, int hi)
{
    if (hi <= lo)
        return lo;
    uint64_t span = (uint64_t)((int64_t)hi - lo + 1);
    return lo + (int)(sg_rng_next(r) % span);
}

double sg_rng_unit(sg_rng *r)
{
    return (double)(sg_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

double sg_rng_range(sg_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * sg_rng_unit(r);
}

double sg_rng_gauss(sg_rng *r)
{
    double s = 0;
    for (int i = 0; i < 12; i++)
        s += sg_rng_unit(r);
    return s - 6.0;
}

bool sg_rng_chance(sg_rng *r, double p)
{
    return sg_rng_unit(r) < p;
}

sg_rng sg_rng_fork(const sg_rng *r, uint64_t label)
{
    sg_rng c = {r->s ^ (label * 0xd1b54a32d192ed03ULL)};
    sg_rng_next(&c);
    return c;
}

/* ---- calendar helpers ---- */

long sg_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void sg_civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

bool sg_date_parse(const char *s, long *days)
{
    int y, m, d;
    char tail;
    if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    *days = sg_days_from_civil(y, m, d);
    int y2, m2, d2;
    sg_civil_from_days(*days, &y2, &m2, &d2);
    return y2 == y && m2 == m && d2 == d;
}

void sg_date_format(char buf[11], long days)
{
    int y, m, d;
    sg_civil_from_days(days, &y, &m, &d);
    char tmp[48];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y % 10000, m, d);
    snprintf(buf, 11, "%.10s", tmp);
}

int sg_time_minutes(const char *hhmm)
{
    if (!hhmm || strlen(hhmm) != 5 || hhmm[2] != ':')
        return -1;
    int h = atoi(hhmm), m = atoi(hhmm + 3);
    if (h < 0 || h > 23 || m < 0 || m > 59)
        return -1;
    return h * 60 + m;
}

static void time_format(char buf[6], int minutes)
{
    if (minutes > 23 * 60 + 59)
        minutes = 23 * 60 + 59;
    if (minutes < 0)
        minutes = 0;
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%02d:%02d", (minutes / 60) % 24, minutes % 60);
    snprintf(buf, 6, "%.5s", tmp);
}

/* ---- name and place lists (block capitals, at most 30 characters when combined) ---- */

static const char *const given_m[] = {
    "MUHAMMAD", "RIZKY", "AHMAD", "BUDI", "AGUS", "HENDRA", "DEDI", "ANDI", "FAJAR", "ARIF",
    "YUDI", "SYARIF", "HARIS", "IRFAN", "RAHMAT", "DIMAS", "BAYU", "EKO", "FIRMAN", "GALIH",
    "HERU", "JOKO", "KURNIAWAN", "LUKMAN", "NANDA", "REZA", "TAUFIK", "WAHYU", "YOGA", "ZULKIFLI",
    "ABANG", "ANTONIUS", "YOHANES", "STEFANUS", "PAULUS", "HENDRIK", "KEVIN", "WILLIAM", "SURYA", "UTIN",
};
static const char *const given_f[] = {
    "SITI", "NUR", "DEWI", "RINA", "FITRI", "AYU", "INDAH", "PUTRI", "LESTARI", "RATNA",
    "YULIANA", "MARIA", "ELISABETH", "MELATI", "SARI", "WULAN", "NOVITA", "DIAN", "FEBRI", "ANGGI",
    "SRI", "SUSANTI", "HALIMAH", "AISYAH", "NURHALIZA", "VERONIKA", "MARSELA", "LINDA", "MEILANI", "CINDY",
};
static const char *const family[] = {
    "PRATAMA", "SAPUTRA", "HIDAYAT", "NURHALIZA", "SETIAWAN", "WIBOWO", "KURNIAWATI", "RAHMAWATI",
    "HASIBUAN", "SIREGAR", "ALKADRIE", "ALQADRI", "ASSEGAF", "SYAHRANI", "MAULANA", "FIRDAUS",
    "NGABANG", "ATAN", "UDING", "JALUNG", "IGAU", "MIDING", "KUMPANG", "LEJAU",
    "TAN", "LIM", "WIJAYA", "HALIM", "GUNAWAN", "TANOTO", "SANTOSO", "SUSILO", "LIE", "CHANDRA",
    "EFFENDI", "HARAHAP", "SIMANJUNTAK", "PURBA", "NASUTION", "LUBIS", "RAMADHAN", "SUGIANTO",
    "HENDRAWAN", "SALIM", "YUSUF", "BAHRI", "JUNAIDI", "SUPRIADI", "ISKANDAR", "MAHMUD",
    "ARDIANSYAH", "FEBRIANSYAH", "KUSUMA", "PERMANA", "SUSANTO", "WIRAWAN", "SAMOSIR", "TAMBUNAN",
};
static const char *const institutions[] = {
    "DISKOMINFO KOTA PONTIANAK", "BAPPEDA KOTA PONTIANAK", "RSUD SULTAN SYARIF M ALKADRIE",
    "DINAS KESEHATAN KOTA PTK", "DISDUKCAPIL KOTA PONTIANAK", "BPKAD KOTA PONTIANAK",
    "INSPEKTORAT KOTA PONTIANAK", "DINAS PENDIDIKAN KOTA PTK", "PT TELKOM INDONESIA",
    "PT LINTASARTA", "PT ICON PLUS", "PT INDOSAT OOREDOO HUTCHISON", "PT BIZNET GIO NUSANTARA",
    "CV KHATULISTIWA MEDIA", "CV BORNEO DATA SOLUSI", "CV KAPUAS TEKNIK", "PT MITRA INTI TEKNOLOGI",
    "UNIVERSITAS TANJUNGPURA", "POLNEP PONTIANAK", "BSSN", "PT SISTEM DIGITAL BORNEO",
};
static const char *const staff[] = {
    "RUDI HARTONO", "YULIANTI", "SUPARMAN", "AHMAD FAUZI", "LINDA WATI", "HERMAN SYAH",
    "DONI SAPUTRA", "NURUL AINI",
};

typedef struct device_kind {
    const char *name;
    const char *const *models;
    size_t nmodels;
    const char *serial_prefix;
} device_kind;

static const char *const laptop_models[] = {"HP PROBOOK 440", "LENOVO THINKPAD T14", "DELL LATITUDE 5420", "ASUS VIVOBOOK 14"};
static const char *const switch_models[] = {"CISCO C9200L", "MIKROTIK CRS326", "HP ARUBA 2530", "JUNIPER EX2300"};
static const char *const server_models[] = {"DELL R740", "HPE DL380 G10", "LENOVO SR650", "SUPERMICRO 1029P"};
static const char *const hdd_models[] = {"WD RED 4TB", "SEAGATE EXOS 8TB", "TOSHIBA N300", "SAMSUNG 870 EVO"};
static const char *const other_models[] = {"FORTIGATE 60F", "UBIQUITI ER-X", "APC SMART UPS"};

static const device_kind device_kinds[] = {
    {"LAPTOP", laptop_models, 4, "5CG"},
    {"SWITCH", switch_models, 4, "FOC"},
    {"SERVER", server_models, 4, "CZJ"},
    {"HARDDISK", hdd_models, 4, "WX"},
    {"ROUTER", other_models, 3, "FGT"},
};

static const char *const details_maintenance[] = {
    "PENGGANTIAN HARDDISK SERVER", "PERBAIKAN SWITCH CORE", "PENGECEKAN UPS DAN AC", "UPGRADE RAM SERVER",
    "PEMASANGAN KABEL FIBER OPTIK",
};
static const char *const details_hosting[] = {
    "PEMASANGAN SERVER APLIKASI SIMPEG", "HOSTING SUBDOMAIN DINKES", "MIGRASI WEBSITE KECAMATAN",
};
static const char *const details_management[] = {
    "BACKUP DATABASE BULANAN", "AUDIT KEAMANAN JARINGAN", "MONITORING PUSAT DATA",
};
static const char *const details_other[] = {
    "KUNJUNGAN STUDI BANDING", "SURVEI LOKASI", "PENGAMBILAN DOKUMENTASI", "PELATIHAN OPERATOR",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(rng, a) ((a)[sg_rng_int((rng), 0, (int)COUNT(a) - 1)])

static void copy_trunc(char *dst, size_t cap, const char *src)
{
    /* Truncation is the point: values must fit their comb cells. */
    size_t n = strlen(src);
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
    while (n > 0 && dst[n - 1] == ' ')
        dst[--n] = '\0';
}

static void draw_name(char *out, size_t cap, sg_rng *rng, bool female)
{
    char buf[96];
    const char *g = female ? PICK(rng, given_f) : PICK(rng, given_m);
    int shape = sg_rng_int(rng, 0, 9);
    if (shape < 3) {
        const char *g2 = female ? PICK(rng, given_f) : PICK(rng, given_m);
        snprintf(buf, sizeof buf, "%s %s %s", g, g2, PICK(rng, family));
    } else if (shape < 9) {
        snprintf(buf, sizeof buf, "%s %s", g, PICK(rng, family));
    } else {
        snprintf(buf, sizeof buf, "%s", g);
    }
    copy_trunc(out, cap, buf);
}

/* ---- NIK ---- */

void sg_nik_make(char nik[17], sg_rng *rng, bool female, int day, int month, int year)
{
    char tmp[64];
    int district = sg_rng_int(rng, 1, 6);
    int seq = sg_rng_int(rng, 1, 9999);
    snprintf(tmp, sizeof tmp, "6171%02d%02d%02d%02d%04d", district, day + (female ? 40 : 0), month, year % 100, seq);
    snprintf(nik, 17, "%.16s", tmp);
}

static bool province_known(int p)
{
    static const int codes[] = {11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53,
                                61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96};
    for (size_t i = 0; i < COUNT(codes); i++)
        if (codes[i] == p)
            return true;
    return false;
}

bool sg_nik_valid(const char *nik)
{
    if (!nik || strlen(nik) != 16)
        return false;
    for (int i = 0; i < 16; i++)
        if (nik[i] < '0' || nik[i] > '9')
            return false;
    int prov = (nik[0] - '0') * 10 + (nik[1] - '0');
    int day = (nik[6] - '0') * 10 + (nik[7] - '0');
    int month = (nik[8] - '0') * 10 + (nik[9] - '0');
    if (!province_known(prov))
        return false;
    if (memcmp(nik + 2, "00", 2) == 0 || memcmp(nik + 4, "00", 2) == 0 || memcmp(nik + 12, "0000", 4) == 0)
        return false;   /* regency, sub-district and sequence are numbered from 1 */
    if (month < 1 || month > 12)
        return false;
    /* the birth day (women: + 40) is a day of its month; the two-digit year allows 29 February */
    static const int month_days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const int d = day > 40 ? day - 40 : day;
    return d >= 1 && d <= month_days[month - 1];
}

static void make_invalid_nik(char nik[17], sg_rng *rng)
{
    switch (sg_rng_int(rng, 0, 3)) {
    case 0: /* month 13..19 */
        nik[8] = '1';
        nik[9] = (char)('3' + sg_rng_int(rng, 0, 6));
        break;
    case 1: /* day 32..39 */
        nik[6] = '3';
        nik[7] = (char)('2' + sg_rng_int(rng, 0, 7));
        break;
    case 2: /* a digit missed: 15 digits */
        nik[15] = '\0';
        break;
    default: /* province 00 */
        nik[0] = '0';
        nik[1] = '0';
        break;
    }
}

/* ---- drawing a record ---- */

static const char *const mistake_names[SG_MISTAKE__COUNT] = {
    "over_time", "no_escort", "badge_not_returned", "id_not_returned", "device_not_out", "refused",
    "empty_optional", "no_signature", "slow_service", "date_mismatch", "invalid_nik", "no_exit", "no_badge",
    "no_decision", "field_missing", "entered_refused", "times_swapped", "device_no_serial", "device_out_only",
    "access_lost", "two_choices", "devices_undeclared", "checklist_lost", "devices_not_listed", "self_escort",
    "nik_zero_part", "time_not_clock", "arrival_after_entry", "field_missing_other", "entered_refused_some",
    "device_rewritten",
};

const char *sg_mistake_name(unsigned bit)
{
    for (int i = 0; i < SG_MISTAKE__COUNT; i++)
        if (bit == (1u << i))
            return mistake_names[i];
    return NULL;
}

static void draw_devices(sg_record *r, sg_rng *rng)
{
    r->ndevices = sg_rng_int(rng, 1, 3);
    for (int i = 0; i < r->ndevices; i++) {
        sg_device *d = &r->dev[i];
        const device_kind *k = &device_kinds[sg_rng_int(rng, 0, (int)COUNT(device_kinds) - 1)];
        copy_trunc(d->name, sizeof d->name, k->name);
        copy_trunc(d->model, sizeof d->model, k->models[sg_rng_int(rng, 0, (int)k->nmodels - 1)]);
        char sn[40];
        int len = snprintf(sn, sizeof sn, "SN%s", k->serial_prefix);
        for (int j = 0; j < 7; j++) {
            static const char alnum[] = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
            sn[len++] = j < 4 ? (char)('0' + sg_rng_int(rng, 0, 9)) : alnum[sg_rng_int(rng, 10, 33)];
        }
        sn[len] = '\0';
        copy_trunc(d->serial, sizeof d->serial, sn);
        d->in = true;
        d->out = true;
        if (sg_rng_chance(rng, 0.2))
            copy_trunc(d->remarks, sizeof d->remarks, sg_rng_chance(rng, 0.5) ? "BAIK" : "MILIK VENDOR");
    }
}

/* A mistake that needs a device: a visitor who brought none brought some after all, declared them
 * ("yes"), and they are listed on the checklist, ticked in and out. */
static void bring_devices(sg_record *r, sg_rng *rng)
{
    if (r->ndevices > 0)
        return;
    strcpy(r->brings_devices, "yes");
    draw_devices(r, rng);
    r->cl_visitor_signature = r->cl_operator_signature = true;
}

/* The options of the access form's one-choice groups, in the template's order (forms/access.v1.json),
 * which is the order the scanner and the record join two ticked ones in. */
static const char *const id_types[] = {"ktp", "sim", "passport", "other"};
static const char *const purposes[] = {"maintenance", "hosting", "management", "other"};
static const char *const yes_no[] = {"yes", "no"};
static const char *const decisions[] = {"granted", "refused"};

/* A second box ticked beside the chosen one (two when none was chosen): value becomes both options
 * joined by '+' in the form's order ("ktp+sim"), as a person confirms them in review. */
static void tick_two(char *value, size_t cap, const char *const *options, int n, sg_rng *rng)
{
    int a = -1;
    for (int i = 0; i < n; i++)
        if (strcmp(value, options[i]) == 0)
            a = i;
    if (a < 0)
        a = sg_rng_int(rng, 0, n - 1);
    int b = sg_rng_int(rng, 0, n - 2);
    if (b >= a)
        b++;
    char both[64];
    snprintf(both, sizeof both, "%s+%s", options[a < b ? a : b], options[a < b ? b : a]);
    copy_trunc(value, cap, both);
}

void sg_record_draw(sg_record *r, sg_rng *rng, const char *serial, const char *date, double mistake_rate)
{
    sg_record_draw_for(r, rng, serial, date, mistake_rate, false, NULL);
}

void sg_record_draw_for(sg_record *r, sg_rng *rng, const char *serial, const char *date, double mistake_rate,
                        bool all_mistakes, const sg_record *visitor)
{
    memset(r, 0, sizeof *r);
    copy_trunc(r->serial, sizeof r->serial, serial);
    copy_trunc(r->visit_date, sizeof r->visit_date, date);
    bool female = sg_rng_chance(rng, 0.4);
    draw_name(r->visitor_name, sizeof r->visitor_name, rng, female);
    copy_trunc(r->institution, sizeof r->institution, PICK(rng, institutions));

    int idk = sg_rng_int(rng, 0, 99);
    if (idk < 80) {
        strcpy(r->id_type, "ktp");
        int bd = sg_rng_int(rng, 1, 28);
        int bm = sg_rng_int(rng, 1, 12);
        int by = sg_rng_int(rng, 1965, 2004);
        sg_nik_make(r->id_number, rng, female, bd, bm, by);
    } else if (idk < 92) {
        strcpy(r->id_type, "sim");
        for (int i = 0; i < 12; i++)
            r->id_number[i] = (char)('0' + sg_rng_int(rng, i == 0 ? 1 : 0, 9));
    } else {
        strcpy(r->id_type, "passport");
        static const char letters[] = "ABCX";
        r->id_number[0] = letters[sg_rng_int(rng, 0, 3)];
        for (int i = 1; i < 8; i++)
            r->id_number[i] = (char)('0' + sg_rng_int(rng, 0, 9));
    }
    if (sg_rng_chance(rng, 0.85)) {
        int len = sg_rng_int(rng, 11, 13);
        static const char *const prefixes[] = {"0811", "0812", "0813", "0821", "0852", "0853", "0857", "0878", "0896"};
        strcpy(r->phone, PICK(rng, prefixes));
        for (int i = 4; i < len; i++)
            r->phone[i] = (char)('0' + sg_rng_int(rng, 0, 9));
        r->phone[len] = '\0';
    }
    if (visitor) {
        /* a returning visitor: who they are, drawn above all the same so that the rest of the
         * record is drawn exactly as for a new one */
        memcpy(r->visitor_name, visitor->visitor_name, sizeof r->visitor_name);
        memcpy(r->institution, visitor->institution, sizeof r->institution);
        memcpy(r->id_type, visitor->id_type, sizeof r->id_type);
        memcpy(r->id_number, visitor->id_number, sizeof r->id_number);
        memcpy(r->phone, visitor->phone, sizeof r->phone);
    }

    bool devices = sg_rng_chance(rng, 0.4);
    int pk = sg_rng_int(rng, 0, 99);
    const char *detail;
    if (devices || pk < 45) {
        strcpy(r->purpose, "maintenance");
        detail = PICK(rng, details_maintenance);
    } else if (pk < 65) {
        strcpy(r->purpose, "hosting");
        detail = PICK(rng, details_hosting);
    } else if (pk < 85) {
        strcpy(r->purpose, "management");
        detail = PICK(rng, details_management);
    } else {
        strcpy(r->purpose, "other");
        detail = PICK(rng, details_other);
    }
    if (strcmp(r->purpose, "other") == 0 || sg_rng_chance(rng, 0.5))
        copy_trunc(r->purpose_detail, sizeof r->purpose_detail, detail);
    strcpy(r->brings_devices, devices ? "yes" : "no");
    if (devices)
        draw_devices(r, rng);

    int arrival = sg_rng_int(rng, 8 * 60, 15 * 60 + 30);
    int entry = arrival + sg_rng_int(rng, 0, 20);
    int exitm = entry + sg_rng_int(rng, 10, 90);
    if (sg_rng_chance(rng, 0.9))
        time_format(r->arrival_time, arrival);
    r->visitor_signature = true;

    strcpy(r->decision, "granted");
    copy_trunc(r->operator_name, sizeof r->operator_name, PICK(rng, staff));
    time_format(r->entry_time, entry);
    snprintf(r->badge_number, sizeof r->badge_number, "%03d", sg_rng_int(rng, 1, 120));
    do {
        copy_trunc(r->escort_name, sizeof r->escort_name, PICK(rng, staff));
    } while (strcmp(r->escort_name, r->operator_name) == 0 && sg_rng_chance(rng, 0.8));
    time_format(r->exit_time, exitm);
    r->badge_returned = true;
    r->id_returned = true;
    r->operator_signature = true;
    r->cl_visitor_signature = devices;
    r->cl_operator_signature = devices;

    if (sg_rng_chance(rng, mistake_rate)) {
        int n = sg_rng_chance(rng, 0.3) ? 2 : 1;
        const int kinds = all_mistakes ? SG_MISTAKE__COUNT : SG_MISTAKE__DEFAULT_COUNT;
        for (int i = 0; i < n; i++) {
            unsigned bit = 1u << sg_rng_int(rng, 0, kinds - 1);
            sg_record_apply_mistake(r, rng, bit, date);
        }
    }
}

void sg_record_apply_mistake(sg_record *r, sg_rng *rng, unsigned bit, const char *date)
{
    int entry = sg_time_minutes(r->entry_time);
    r->mistakes |= bit;
    switch (bit) {
    case SG_MISTAKE_OVER_TIME:
        if (entry >= 0 && r->exit_time[0])
            time_format(r->exit_time, entry + sg_rng_int(rng, 61, 150));
        break;
    case SG_MISTAKE_NO_ESCORT:
        r->escort_name[0] = '\0';
        break;
    case SG_MISTAKE_BADGE_NOT_RETURNED:
        r->badge_returned = false;
        break;
    case SG_MISTAKE_ID_NOT_RETURNED:
        r->id_returned = false;
        break;
    case SG_MISTAKE_DEVICE_NOT_OUT:
        bring_devices(r, rng);
        r->dev[sg_rng_int(rng, 0, r->ndevices - 1)].out = false;
        break;
    case SG_MISTAKE_REFUSED:
        /* refused at the door: the operator part is mostly empty */
        strcpy(r->decision, "refused");
        r->entry_time[0] = r->badge_number[0] = r->escort_name[0] = r->exit_time[0] = '\0';
        r->badge_returned = r->id_returned = false;
        if (sg_rng_chance(rng, 0.5))
            r->operator_name[0] = '\0';
        r->operator_signature = sg_rng_chance(rng, 0.5);
        for (int i = 0; i < r->ndevices; i++)
            r->dev[i].in = r->dev[i].out = false;
        break;
    case SG_MISTAKE_EMPTY_OPTIONAL:
        r->phone[0] = '\0';
        r->arrival_time[0] = '\0';
        r->purpose_detail[0] = '\0';
        break;
    case SG_MISTAKE_NO_SIGNATURE:
        if (sg_rng_chance(rng, 0.5))
            r->visitor_signature = false;
        else
            r->operator_signature = false;
        break;
    case SG_MISTAKE_SLOW_SERVICE: {
        int arrival = sg_time_minutes(r->arrival_time);
        if (arrival < 0)
            arrival = entry >= 0 ? entry - 30 : 9 * 60;
        int new_entry = arrival + sg_rng_int(rng, 16, 45);
        time_format(r->arrival_time, arrival);
        if (r->entry_time[0]) {
            int stay = sg_time_minutes(r->exit_time) - entry;
            time_format(r->entry_time, new_entry);
            if (r->exit_time[0])
                time_format(r->exit_time, new_entry + (stay > 0 ? stay : 30));
        }
        break;
    }
    case SG_MISTAKE_DATE_MISMATCH: {
        long d;
        if (sg_date_parse(date, &d))
            sg_date_format(r->visit_date, d - sg_rng_int(rng, 2, 6));
        break;
    }
    case SG_MISTAKE_INVALID_NIK:
        if (strcmp(r->id_type, "ktp") != 0) {
            strcpy(r->id_type, "ktp");
            int bd = sg_rng_int(rng, 1, 28);
            int bm = sg_rng_int(rng, 1, 12);
            sg_nik_make(r->id_number, rng, false, bd, bm, 1990);
        }
        make_invalid_nik(r->id_number, rng);
        break;
    case SG_MISTAKE_NO_EXIT:
        r->exit_time[0] = '\0';
        r->badge_returned = r->id_returned = false;
        break;
    case SG_MISTAKE_NO_BADGE:
        r->badge_number[0] = '\0';
        break;
    case SG_MISTAKE_NO_DECISION: /* the operator let the visitor in but ticked neither box */
        r->decision[0] = '\0';
        break;
    case SG_MISTAKE_FIELD_MISSING: {
        char *fields[] = {r->visit_date, r->institution, r->id_number, r->purpose, r->brings_devices};
        char *f = fields[sg_rng_int(rng, 0, 4)];
        if (f == r->purpose)
            r->purpose_detail[0] = '\0';
        f[0] = '\0';
        break;
    }
    case SG_MISTAKE_ENTERED_REFUSED: /* refused, yet the visit happened */
        strcpy(r->decision, "refused");
        break;
    case SG_MISTAKE_TIMES_SWAPPED:
        if (r->entry_time[0] && r->exit_time[0] && strcmp(r->entry_time, r->exit_time) != 0) {
            char t[6];
            memcpy(t, r->entry_time, sizeof t);
            memcpy(r->entry_time, r->exit_time, sizeof t);
            memcpy(r->exit_time, t, sizeof t);
        }
        break;
    case SG_MISTAKE_DEVICE_NO_SERIAL:
    case SG_MISTAKE_DEVICE_OUT_ONLY:
        bring_devices(r, rng);
        if (bit == SG_MISTAKE_DEVICE_NO_SERIAL)
            r->dev[sg_rng_int(rng, 0, r->ndevices - 1)].serial[0] = '\0';
        else
            r->dev[sg_rng_int(rng, 0, r->ndevices - 1)].in = false;
        break;
    case SG_MISTAKE_ACCESS_LOST:
        /* the access page went astray before the scan; what reaches the scanner is a checklist that
         * shows a visit, so one with devices listed */
        if (r->checklist_lost) {   /* a set of which neither page reached the scanner is no set */
            r->mistakes &= ~bit;
            break;
        }
        bring_devices(r, rng);
        r->access_lost = true;
        break;
    case SG_MISTAKE_TWO_CHOICES: /* several_choices; for the decision, the "both" of no_decision */
        switch (sg_rng_int(rng, 0, 3)) {
        case 0:
            tick_two(r->id_type, sizeof r->id_type, id_types, (int)COUNT(id_types), rng);
            break;
        case 1:
            tick_two(r->purpose, sizeof r->purpose, purposes, (int)COUNT(purposes), rng);
            break;
        case 2:
            tick_two(r->brings_devices, sizeof r->brings_devices, yes_no, (int)COUNT(yes_no), rng);
            break;
        default:
            tick_two(r->decision, sizeof r->decision, decisions, (int)COUNT(decisions), rng);
            break;
        }
        break;
    case SG_MISTAKE_DEVICES_UNDECLARED: /* devices brought and listed, yet "no devices" ticked */
        bring_devices(r, rng);
        strcpy(r->brings_devices, "no");
        break;
    case SG_MISTAKE_CHECKLIST_LOST:
        /* the checklist went astray before the scan, of a visitor who declared devices: the set is
         * its access page alone (devices_unlisted, "no checklist") */
        if (r->access_lost) {
            r->mistakes &= ~bit;
            break;
        }
        bring_devices(r, rng);
        r->checklist_lost = true;
        break;
    case SG_MISTAKE_DEVICES_NOT_LISTED:
        /* devices declared but not listed as step 6 wants (devices_unlisted): the checklist left
         * empty, or every device written without its serial (a visitor who did not know them; two
         * or three such rows give the finding that names several) */
        if (sg_rng_chance(rng, 0.5)) {
            strcpy(r->brings_devices, "yes");
            r->ndevices = 0;
            memset(r->dev, 0, sizeof r->dev);
        } else {
            bring_devices(r, rng);
            strcpy(r->brings_devices, "yes");
            for (int i = 0; i < r->ndevices; i++)
                r->dev[i].serial[0] = '\0';
        }
        break;
    case SG_MISTAKE_SELF_ESCORT: /* the visitor's own name written as the escort's (not_escorted: SOP 5) */
        if (r->visitor_name[0])
            copy_trunc(r->escort_name, sizeof r->escort_name, r->visitor_name);
        break;
    case SG_MISTAKE_NIK_ZERO_PART:
        /* the faults invalid_nik never makes: a NIK whose regency, sub-district or sequence number is
         * zero (they are numbered from 1) */
        if (strcmp(r->id_type, "ktp") != 0 || strlen(r->id_number) != 16) {
            strcpy(r->id_type, "ktp");
            int bd = sg_rng_int(rng, 1, 28);
            int bm = sg_rng_int(rng, 1, 12);
            sg_nik_make(r->id_number, rng, false, bd, bm, 1990);
        }
        switch (sg_rng_int(rng, 0, 2)) {
        case 0:
            memcpy(r->id_number + 2, "00", 2);
            break;
        case 1:
            memcpy(r->id_number + 4, "00", 2);
            break;
        default:
            memcpy(r->id_number + 12, "0000", 4);
            break;
        }
        break;
    case SG_MISTAKE_TIME_NOT_CLOCK: {
        /* one or more of the times written, as no clock has them: an hour of 24-29 or minutes of
         * 60-99 ("24:15", "10:75"); several of them give one times_inconsistent naming each */
        char *times[] = {r->arrival_time, r->entry_time, r->exit_time};
        const int which = sg_rng_int(rng, 1, 7);
        for (int k = 0; k < 3; k++) {
            if (!(which & (1 << k)) || strlen(times[k]) != 5)
                continue;
            if (sg_rng_chance(rng, 0.5)) {
                times[k][0] = '2';
                times[k][1] = (char)('4' + sg_rng_int(rng, 0, 5));
            } else {
                times[k][3] = (char)('6' + sg_rng_int(rng, 0, 3));
            }
        }
        break;
    }
    case SG_MISTAKE_ARRIVAL_AFTER_ENTRY: /* the visitor wrote an arrival 5-30 min after the entry */
        if (entry >= 0)
            time_format(r->arrival_time, entry + sg_rng_int(rng, 5, 30));
        break;
    case SG_MISTAKE_FIELD_MISSING_OTHER: {
        /* the required fields field_missing never empties (it stays as it was, for the corpora made
         * without all_mistakes); operator name and entry time are required when granted */
        char *fields[] = {r->visitor_name, r->id_type, r->operator_name, r->entry_time};
        fields[sg_rng_int(rng, 0, 3)][0] = '\0';
        break;
    }
    case SG_MISTAKE_ENTERED_REFUSED_SOME: {
        /* refused, and one or two of the signs of a visit written (entered_refused leaves all three):
         * each way entered_while_refused names them */
        static const int keep[] = {1, 2, 4, 3, 5, 6};   /* bits: entry time, badge, exit time */
        const int k = keep[sg_rng_int(rng, 0, 5)];
        strcpy(r->decision, "refused");
        if (!(k & 1))
            r->entry_time[0] = '\0';
        if (!(k & 2))
            r->badge_number[0] = '\0';
        if (!(k & 4))
            r->exit_time[0] = '\0';
        break;
    }
    case SG_MISTAKE_DEVICE_REWRITTEN: {
        /* A listed device written again by the operator on a free row, by its serial alone (read off
         * its label), and ticked in on one of its two rows and out on the other. The product pairs
         * the two rows by their serial and flags neither; one time in three the serial is copied
         * with one character wrong, and then the rows do not pair: the row ticked in only and the
         * one ticked out only are flagged, the new one naming no device. */
        bring_devices(r, rng);
        int cand[SG_MAX_DEVICES], nc = 0;
        for (int i = 0; i < r->ndevices; i++)
            if (r->dev[i].in && r->dev[i].out && strlen(r->dev[i].serial) > 2)
                cand[nc++] = i;
        if (nc == 0 || r->ndevices >= SG_MAX_DEVICES)
            break;
        sg_device *first = &r->dev[cand[sg_rng_int(rng, 0, nc - 1)]], *again = &r->dev[r->ndevices++];
        memset(again, 0, sizeof *again);
        memcpy(again->serial, first->serial, sizeof again->serial);
        if (sg_rng_chance(rng, 0.5)) {   /* ticked in on the visitor's row, out on the operator's */
            first->out = false;
            again->out = true;
        } else {                         /* ticked in on the operator's row at the entry, out on the visitor's */
            first->in = false;
            again->in = true;
        }
        if (sg_rng_chance(rng, 1.0 / 3)) {   /* a slip past "SN": a digit for another, a letter for another */
            char *c = &again->serial[sg_rng_int(rng, 2, (int)strlen(again->serial) - 1)];
            if (*c >= '0' && *c <= '9')
                *c = (char)('0' + (*c - '0' + sg_rng_int(rng, 1, 9)) % 10);
            else
                *c = (char)('A' + (*c - 'A' + sg_rng_int(rng, 1, 25)) % 26);
        }
        break;
    }
    default:
        r->mistakes &= ~bit;
        break;
    }
}

/* ---- field values in output form ---- */

static const char *nonempty(const char *s)
{
    return s && *s ? s : NULL;
}

static const char *tf(bool b)
{
    return b ? "true" : "false";
}

const char *sg_record_value(const sg_record *r, int sheet_page, const char *id, char *buf, size_t len)
{
    (void)buf;
    (void)len;
    if (sheet_page == 2) {
        int n = 0;
        char col[16] = "";
        if (sscanf(id, "device_%d_%15s", &n, col) == 2) {
            if (n < 1 || n > SG_MAX_DEVICES)
                return NULL;
            const sg_device *d = &r->dev[n - 1];
            bool used = n <= r->ndevices;
            if (strcmp(col, "name") == 0)
                return used ? nonempty(d->name) : NULL;
            if (strcmp(col, "model") == 0)
                return used ? nonempty(d->model) : NULL;
            if (strcmp(col, "serial") == 0)
                return used ? nonempty(d->serial) : NULL;
            if (strcmp(col, "remarks") == 0)
                return used ? nonempty(d->remarks) : NULL;
            if (strcmp(col, "in") == 0)
                return tf(used && d->in);
            if (strcmp(col, "out") == 0)
                return tf(used && d->out);
            return NULL;
        }
        if (strcmp(id, "visitor_signature") == 0)
            return tf(r->cl_visitor_signature);
        if (strcmp(id, "operator_signature") == 0)
            return tf(r->cl_operator_signature);
        return NULL;
    }
    static const struct {
        const char *id;
        size_t off;
    } strs[] = {
#define S(f) {#f, offsetof(sg_record, f)}
        S(visit_date), S(visitor_name), S(institution), S(id_type), S(id_number), S(phone), S(purpose),
        S(purpose_detail), S(brings_devices), S(arrival_time), S(decision), S(operator_name), S(entry_time),
        S(badge_number), S(escort_name), S(exit_time),
#undef S
    };
    for (size_t i = 0; i < COUNT(strs); i++)
        if (strcmp(id, strs[i].id) == 0)
            return nonempty((const char *)r + strs[i].off);
    if (strcmp(id, "visitor_signature") == 0)
        return tf(r->visitor_signature);
    if (strcmp(id, "operator_signature") == 0)
        return tf(r->operator_signature);
    if (strcmp(id, "badge_returned") == 0)
        return tf(r->badge_returned);
    if (strcmp(id, "id_returned") == 0)
        return tf(r->id_returned);
    return NULL;
}

bool sg_name_variant(char *name, size_t size)
{
    const size_t n = strlen(name);
    for (size_t i = 0; i + 1 < n; i++)
        if (name[i] >= 'A' && name[i] <= 'Z' && name[i] == name[i + 1]) {
            memmove(name + i, name + i + 1, n - i); /* with the terminator */
            return true;
        }
    static const char *const pairs[] = {"SY", "DH", "KH"};
    for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
        char *at = strstr(name, pairs[k]);
        if (at) {
            memmove(at + 1, at + 2, strlen(at + 2) + 1);
            return true;
        }
    }
    char *u = strchr(name, 'U');
    if (u && n + 2 <= size) {
        memmove(u + 2, u + 1, strlen(u + 1) + 1);
        u[0] = 'O';
        u[1] = 'E';
        return true;
    }
    return false;
}
