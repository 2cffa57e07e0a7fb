/* log.c — GCC-style diagnostics with a source line and caret (jq, serd 1.x). */
#include "log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

static int quiet;
static unsigned errors;
/* Worker threads log too: one message at a time, whole. */
static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;

void
pk_log_set_quiet(int q)
{
	quiet = q;
}

unsigned
pk_log_error_count(void)
{
	pthread_mutex_lock(&log_mu);
	unsigned n = errors;
	pthread_mutex_unlock(&log_mu);
	return n;
}

static const char *
level_name(PkLogLevel level)
{
	switch (level) {
	case PK_LOG_ERROR: return "error";
	case PK_LOG_WARNING: return "warning";
	case PK_LOG_NOTE: return "note";
	}
	return "error";
}

void
pk_log(PkLogLevel level, const PkLoc *loc, const char *fmt, ...)
{
	pthread_mutex_lock(&log_mu);
	if (level == PK_LOG_ERROR)
		errors++;
	else if (quiet) {
		pthread_mutex_unlock(&log_mu);
		return;
	}

	fputs("policekg: ", stderr);
	if (loc && loc->file) {
		fprintf(stderr, "%s:", loc->file);
		if (loc->line) {
			fprintf(stderr, "%u:", loc->line);
			if (loc->col)
				fprintf(stderr, "%u:", loc->col);
		}
		fprintf(stderr, " %s: ", level_name(level));
	}
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);

	if (loc && loc->src_line && loc->col) {
		/* The caret line: one space per code point before col, tabs kept. */
		fprintf(stderr, " %.*s\n ", (int)loc->src_line_len, loc->src_line);
		unsigned cp = 1;
		for (size_t i = 0; i < loc->src_line_len && cp < loc->col; i++) {
			unsigned char c = (unsigned char)loc->src_line[i];
			if ((c & 0xC0) == 0x80)
				continue;
			fputc(c == '\t' ? '\t' : ' ', stderr);
			/* CJK characters are two columns wide in a terminal. */
			if (c >= 0xE3 && c <= 0xE9)
				fputc(' ', stderr);
			cp++;
		}
		fputs("^\n", stderr);
	}
	pthread_mutex_unlock(&log_mu);
}
