/* sg_internal: helpers shared by the sample generator's source files (not a public API). */
#ifndef SG_INTERNAL_H
#define SG_INTERNAL_H

#include <stdbool.h>

/* Days since 1970-01-01 of a civil date, and back. */
long sg_days_from_civil(int y, int m, int d);
void sg_civil_from_days(long z, int *y, int *m, int *d);
/* Parses a strict YYYY-MM-DD into days; false if not a real date. */
bool sg_date_parse(const char *s, long *days);
void sg_date_format(char buf[11], long days);
/* Minutes since midnight of "HH:MM", -1 if not a clock time. */
int sg_time_minutes(const char *hhmm);

#endif
