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

/* What a record checked with the SOP defaults by this rules engine keeps (dc_rules_stamp), as a
 * string literal; "SOP defaults" alone is what an engine before 2 kept. Needs dc_rules.h. */
#define DC_TEST_STR_(x) #x
#define DC_TEST_STR(x) DC_TEST_STR_(x)
#define SOP_STAMP "SOP defaults; rules engine " DC_TEST_STR(DC_RULES_ENGINE)

#endif
