/* log.h — the one place diagnostics are printed.
 *
 * Every message goes to stderr as `policekg: FILE:LINE:COL: LEVEL: message` (GCC style),
 * optionally followed by the source line and a caret under the column.
 */
#ifndef PK_LOG_H
#define PK_LOG_H

#include <stddef.h>

typedef enum { PK_LOG_ERROR, PK_LOG_WARNING, PK_LOG_NOTE } PkLogLevel;

/* Where a message points. file may be NULL (then only "policekg: message");
 * line/col are 1-based, 0 = unknown. src_line (may be NULL) is the text of that line,
 * printed with a caret under col (a column counts code points). */
typedef struct {
	const char *file;
	unsigned line;
	unsigned col;
	const char *src_line;
	size_t src_line_len;
} PkLoc;

#if defined(__GNUC__)
#define PK_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define PK_PRINTF(a, b)
#endif

void pk_log(PkLogLevel level, const PkLoc *loc, const char *fmt, ...) PK_PRINTF(3, 4);

/* Messages are silenced (except errors) when quiet is set. */
void pk_log_set_quiet(int quiet);

/* Number of errors logged so far (tests use it). */
unsigned pk_log_error_count(void);

#endif
