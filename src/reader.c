/* reader.c — read an article and reject what is not UTF-8 text. */
#include "reader.h"

#include "log.h"
#include "pk_limits.h"
#include "utf8.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

PkStatus
pk_reader_check(const char *label, const char *text, size_t len)
{
	size_t bad = pk_utf8_validate(text, len);
	if (bad != len) {
		unsigned line, col;
		pk_utf8_linecol(text, bad, &line, &col);
		PkLoc loc = {label, line, col, NULL, 0};
		/* GBK/GB18030 and Big5 are the usual culprits in Chinese archives. */
		pk_log(PK_LOG_ERROR, &loc, "invalid UTF-8 at byte %zu (convert GBK/Big5 input with iconv first)", bad);
		return PK_ERR_INPUT;
	}
	const char *nul = memchr(text, '\0', len);
	if (nul) {
		unsigned line, col;
		pk_utf8_linecol(text, (size_t)(nul - text), &line, &col);
		PkLoc loc = {label, line, col, NULL, 0};
		pk_log(PK_LOG_ERROR, &loc, "NUL byte at byte %zu: not a text file", (size_t)(nul - text));
		return PK_ERR_INPUT;
	}
	return PK_OK;
}

PkStatus
pk_reader_read(const char *path, char **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	int is_stdin = !strcmp(path, "-");
	const char *label = is_stdin ? "<stdin>" : path;
	PkLoc loc = {label, 0, 0, NULL, 0};
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	if (!f) {
		pk_log(PK_LOG_ERROR, &loc, "cannot open: %s", strerror(errno));
		return PK_ERR_IO;
	}
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		pk_log(PK_LOG_ERROR, &loc, "is a directory");
		if (!is_stdin)
			fclose(f);
		return PK_ERR_IO;
	}
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap);
	PkStatus status = PK_OK;
	while (buf) {
		if (n + 1 >= cap) {
			if (cap > PK_MAX_ARTICLE_BYTES) {
				pk_log(PK_LOG_ERROR, &loc, "article larger than %u bytes (PK_MAX_ARTICLE_BYTES)",
				       PK_MAX_ARTICLE_BYTES);
				status = PK_ERR_LIMIT;
				break;
			}
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				status = PK_ERR_NOMEM;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	if (!buf)
		status = PK_ERR_NOMEM;
	if (status == PK_OK && ferror(f)) {
		pk_log(PK_LOG_ERROR, &loc, "read error: %s", strerror(errno));
		status = PK_ERR_IO;
	}
	if (!is_stdin)
		fclose(f);
	if (status == PK_OK && n > PK_MAX_ARTICLE_BYTES) {
		pk_log(PK_LOG_ERROR, &loc, "article larger than %u bytes (PK_MAX_ARTICLE_BYTES)",
		       PK_MAX_ARTICLE_BYTES);
		status = PK_ERR_LIMIT;
	}
	if (status != PK_OK) {
		free(buf);
		return status;
	}
	buf[n] = '\0';
	/* A UTF-8 BOM is not part of the text. */
	if (n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
		memmove(buf, buf + 3, n - 3 + 1);
		n -= 3;
	}
	status = pk_reader_check(label, buf, n);
	if (status != PK_OK) {
		free(buf);
		return status;
	}
	*out = buf;
	*len = n;
	return PK_OK;
}
