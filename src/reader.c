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

/* Does s have the byte structure of GB18030 (which includes GBK, and by structure also
 * Big5): every byte ASCII (no NUL) or part of a two-byte (81-FE, 40-7E|80-FE) or four-byte
 * (81-FE, 30-39, 81-FE, 30-39) sequence, with at least one of those? Cheap, linear, and
 * only run on text that is not UTF-8, to say what the text probably is. */
static int
looks_like_gb18030(const unsigned char *s, size_t len)
{
	size_t multi = 0;
	for (size_t i = 0; i < len;) {
		unsigned c = s[i];
		if (c < 0x80) {
			if (!c)
				return 0;
			i++;
			continue;
		}
		if (c == 0x80 || c == 0xFF || i + 1 >= len)
			return 0;
		unsigned d = s[i + 1];
		if ((d >= 0x40 && d <= 0x7E) || (d >= 0x80 && d <= 0xFE)) {
			i += 2;
		} else if (d >= 0x30 && d <= 0x39 && i + 3 < len && s[i + 2] >= 0x81 &&
		           s[i + 2] <= 0xFE && s[i + 3] >= 0x30 && s[i + 3] <= 0x39) {
			i += 4;
		} else {
			return 0;
		}
		multi++;
	}
	return multi > 0;
}

/* base: bytes before text in the file (a stripped BOM), so offsets are file offsets. */
static PkStatus
check(const char *label, const char *text, size_t len, size_t base)
{
	size_t bad = pk_utf8_validate(text, len);
	const char *nul = memchr(text, '\0', bad);   /* a NUL first: a binary file */
	if (bad != len && !nul) {
		unsigned line, col;
		pk_utf8_linecol(text, bad, &line, &col);
		PkLoc loc = {label, line, col, NULL, 0};
		/* GBK/GB18030 and Big5 are the usual culprits in Chinese archives. */
		if (looks_like_gb18030((const unsigned char *)text, len))
			pk_log(PK_LOG_ERROR, &loc, "invalid UTF-8 at byte %zu: looks like GBK/GB18030 (or Big5): "
			       "convert with iconv -f GB18030 -t UTF-8", base + bad);
		else
			pk_log(PK_LOG_ERROR, &loc, "invalid UTF-8 at byte %zu", base + bad);
		return PK_ERR_INPUT;
	}
	if (!nul)
		nul = memchr(text, '\0', len);
	if (nul) {
		unsigned line, col;
		pk_utf8_linecol(text, (size_t)(nul - text), &line, &col);
		PkLoc loc = {label, line, col, NULL, 0};
		pk_log(PK_LOG_ERROR, &loc, "NUL byte at byte %zu: not a text file", base + (size_t)(nul - text));
		return PK_ERR_INPUT;
	}
	return PK_OK;
}

PkStatus
pk_reader_check(const char *label, const char *text, size_t len)
{
	return check(label, text, len, 0);
}

PkStatus
pk_reader_read(const char *path, char **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	int is_stdin = !strcmp(path, "-");
	const char *label = is_stdin ? "<stdin>" : path;
	PkLoc loc = {label, 0, 0, NULL, 0};
	/* The name becomes a literal (kg:source): it must be UTF-8, and Raptor cannot write a
	 * CR without an LF in a Turtle string. Refused here it is one failed input; later it
	 * would fail the whole output. */
	size_t label_len = strlen(label);
	if (pk_utf8_validate(label, label_len) != label_len || strchr(label, '\r')) {
		pk_log(PK_LOG_ERROR, &loc, "file name %s (it becomes kg:source): rename the file",
		       strchr(label, '\r') ? "contains a carriage return" : "is not valid UTF-8");
		return PK_ERR_INPUT;
	}
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
	size_t bom = 0;
	if (n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
		memmove(buf, buf + 3, n - 3 + 1);
		n -= 3;
		bom = 3;
	}
	status = check(label, buf, n, bom);
	if (status != PK_OK) {
		free(buf);
		return status;
	}
	*out = buf;
	*len = n;
	return PK_OK;
}
