/* dc_testutil: helpers shared by the Check suites (temp dirs, paths into the source tree). */
#ifndef DC_TESTUTIL_H
#define DC_TESTUTIL_H

/* A new empty directory under $TMPDIR (or /tmp), removed by dc_test_rmtree. Caller frees. */
char *dc_test_tmpdir(const char *tag);
void dc_test_rmtree(const char *dir);
/* Path to a file in the source tree: DC_SOURCE_DIR "/" rel. Caller frees. */
char *dc_test_src(const char *rel);
/* Writes `text` to dir/name and returns the path (caller frees). */
char *dc_test_write(const char *dir, const char *name, const char *text);

#endif
