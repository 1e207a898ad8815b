/* dc_util: small shared helpers (strings, files, SHA-256). */
#ifndef DC_UTIL_H
#define DC_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* strdup that returns NULL for NULL. Caller frees. */
char *dc_strdup(const char *s);
/* printf into a new malloc'd string; NULL on failure. Caller frees. */
char *dc_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Room for one more element in a growable array of `elem`-byte elements holding n. `arrp` is the
 * address of the caller's array pointer (any object pointer type: `T **`, passed as is, read and
 * written by memcpy, so no `void **` cast aliases it). When n == *cap, reallocates the array to
 * twice *cap (`first` elements the first time) and zero-fills the new slots.
 * Returns 0, or -1 when out of memory or when the new size would overflow (then the array and *cap
 * are unchanged and still owned by the caller, who names what failed). */
int dc_grow(void *arrp, size_t *cap, size_t n, size_t elem, size_t first);

/* One step of splitmix64 (Steele, Lea and Flood 2014) over *state: the project's deterministic
 * random numbers, the same on every machine and compiler, so that a seed always means the same
 * sample corpus, training cell or spot check. */
static inline uint64_t dc_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Reads a whole file. *out (NUL-terminated, *len excludes the NUL) belongs to the caller.
 * DC_ERR_IO with the path and errno text in the detail. */
int dc_read_file(const char *path, unsigned char **out, size_t *len);
/* Writes atomically (temp file + fsync + rename); DC_ERR_NO_SPACE when the disk is full. */
int dc_write_file_atomic(const char *path, const void *data, size_t len);
/* mkdir -p; DC_ERR_IO naming the directory, DC_ERR_INVALID_ARG for an empty path. */
int dc_mkdirs(const char *path);
/* Makes a new private directory "$TMPDIR/NAME-XXXXXX" ($TMPDIR unset or empty: /tmp) and returns
 * its path (caller frees, and removes the directory); NULL with errno set when it cannot. */
char *dc_make_tmpdir(const char *name);
/* Removes the folders dc_make_tmpdir(name) made in $TMPDIR (or /tmp) that this user owns and that
 * were last changed more than older_than_s seconds ago, with the files in them: what a run killed
 * (kill -9, a power cut) left behind. Returns how many it removed; errors are not reported. */
size_t dc_clean_stale_tmpdirs(const char *name, double older_than_s);

/* The folders a walk of a tree has entered, by device and inode; zero-initialised, freed with
 * free(v). */
typedef struct dc_seen_dirs {
    struct { dev_t dev; ino_t ino; } *v;
    size_t n, cap;
} dc_seen_dirs;
/* Whether folder `dir` was entered before in this walk (then it is not again: a symlink back up
 * the tree would list the same files once per turn, up to the walk's depth limit); otherwise it
 * is noted. 1 entered before, 0 not (or `dir` cannot be looked at), -1 out of memory. */
int dc_seen_dir(dc_seen_dirs *seen, const char *dir);

/* Text a person typed (a corrected value, a name, a reason) as the archive keeps it: UTF-8 and
 * no control characters. dc_text_check returns the byte offset of the first fault in `s`, or -1
 * when there is none: a byte sequence that is not UTF-8 (RFC 3629: no overlong forms, surrogates
 * or code points above U+10FFFF), a C0 or C1 control character or DEL, or U+FFFE or U+FFFF (which XML,
 * and so a workbook, cannot hold); with `lines`, tab, line feed and carriage return are allowed.
 * *what (may be NULL) names the fault ("not UTF-8", "a control character", "U+FFFE or U+FFFF"). */
long dc_text_check(const char *s, int lines, const char **what);
/* A character that shows nothing or looks like a plain space: other spaces (U+00A0, U+3000, ...),
 * zero-width characters, direction marks and overrides, joiners, fillers, variation selectors,
 * tags, the byte-order mark. In a typed value it makes another value that reads the same. */
bool dc_char_invisible(uint32_t c);
/* The character of UTF-8 `s` at byte *i, *i moved past it; U+FFFD for a byte that starts no
 * well-formed sequence (*i moved by one). s[*i] must not be the terminating NUL. */
uint32_t dc_utf8_next(const char *s, size_t *i);
/* out = the UTF-8 of `cp`, NUL-terminated; false (out "") for a surrogate or a value past
 * U+10FFFF. */
bool dc_utf8_put(char out[5], uint32_t cp);
/* The first such character of valid UTF-8 `s`: its 1-based character position, *cp the
 * character; 0 when there is none. */
size_t dc_text_invisible(const char *s, uint32_t *cp);
/* A copy of `s` with each fault dc_text_check would find (with `lines`) replaced by U+FFFD, so
 * that text an older dcaccess stored reaches a report or an export whole instead of breaking it.
 * NULL for NULL or when out of memory. Caller frees. */
char *dc_text_clean(const char *s, int lines);

/* Days in `month` (1-12) of `year` in the Gregorian calendar; 0 for a month outside 1-12. */
int dc_days_in_month(int year, int month);

/* Whether `s` is "YYYY-MM-DD" naming a real day of the years 1900-2999: 0, with the parts stored
 * through the pointers that are not NULL; 1 when it is not of that form (or NULL); 2 when it is
 * but names no day ("2026-02-30"). The one date check of dc_parse_date, the scanner and the CLI. */
int dc_date_check(const char *s, int *year, int *month, int *day);

/* Today's date in local time, "YYYY-MM-DD" (the day a stack is filled in and scanned); "" when the
 * clock cannot be read. */
void dc_today(char out[16]);

/* Whether `s` (not NULL) starts with `prefix`. */
bool dc_starts_with(const char *s, const char *prefix);

/* SHA-256 */
typedef struct dc_sha256 {
    uint32_t h[8];
    uint64_t nbytes;
    unsigned char buf[64];
    size_t nbuf;
} dc_sha256;
/* Which block function SHA-256 uses: decided at its first use from the CPU (its SHA
 * instructions where it has them, else plain C; the same digests), or set before to one of them
 * (tests compare the two). */
enum { DC_SHA256_UNDECIDED, DC_SHA256_PLAIN, DC_SHA256_CPU };
extern _Atomic int dc_sha256_impl;
void dc_sha256_init(dc_sha256 *s);
void dc_sha256_update(dc_sha256 *s, const void *data, size_t len);
void dc_sha256_final(dc_sha256 *s, unsigned char digest[32]);
/* Edit distance of a and b in half edits: a substitution, insertion or deletion costs 2, a '?' in a
 * (a character not read) against any character 1. 1 << 20 when out of memory. */
int dc_edit_half(const char *a, const char *b);

/* Hex digest of a buffer / a file into hex[65]. */
void dc_sha256_hex(const void *data, size_t len, char hex[65]);
int dc_sha256_file_hex(const char *path, char hex[65]);

#endif
