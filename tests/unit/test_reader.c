/* test_reader.c — the reader accepts UTF-8 text only: invalid UTF-8 and NUL bytes are
 * input errors, a BOM is stripped, directories and missing files are I/O errors. */
#undef NDEBUG
#include "log.h"
#include "reader.h"

#include <assert.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];
static char made[16][128];
static size_t n_made;

static const char *write_file(const char *name, const char *data, size_t len)
{
	assert(n_made < 16);
	char *p = made[n_made++];
	snprintf(p, sizeof made[0], "%s/%s", dir, name);
	FILE *f = fopen(p, "wb");
	assert(f);
	assert(fwrite(data, 1, len, f) == len);
	assert(fclose(f) == 0);
	return p;
}

/* stderr silenced around calls expected to fail (their diagnostics are not output). */
static int saved_fd = -1;

static void quiet(void)
{
	fflush(stderr);
	saved_fd = dup(2);
	int null = open("/dev/null", O_WRONLY);
	assert(saved_fd >= 0 && null >= 0);
	dup2(null, 2);
	close(null);
}

static void loud(void)
{
	fflush(stderr);
	dup2(saved_fd, 2);
	close(saved_fd);
}

static PkStatus check(const char *s, size_t len)
{
	quiet();
	PkStatus st = pk_reader_check("mem", s, len);
	loud();
	return st;
}

static void test_check(void)
{
	assert(check("", 0) == PK_OK);
	assert(check("福州市公安局\n", strlen("福州市公安局\n")) == PK_OK);
	unsigned before = pk_log_error_count();
	assert(check("公安\xC0\x80", 8) == PK_ERR_INPUT);              /* overlong */
	assert(check("公安\xED\xA0\x80", 9) == PK_ERR_INPUT);          /* surrogate */
	assert(check("公安\xE5\x85", 8) == PK_ERR_INPUT);              /* truncated */
	assert(check("\xB9\xAB\xB0\xB2", 4) == PK_ERR_INPUT);          /* GBK 公安 */
	assert(check("abc\0def", 7) == PK_ERR_INPUT);                  /* NUL */
	assert(check("\0", 1) == PK_ERR_INPUT);
	assert(pk_log_error_count() == before + 6);
	/* The length is respected: a NUL after it is not looked at. */
	assert(check("abc\0", 3) == PK_OK);
}

static PkStatus read_quiet(const char *path, char **out, size_t *len)
{
	quiet();
	PkStatus st = pk_reader_read(path, out, len);
	loud();
	return st;
}

static void test_read(void)
{
	char *text = NULL;
	size_t len = 0;

	const char *plain = write_file("plain.txt", "公安局\n", strlen("公安局\n"));
	assert(pk_reader_read(plain, &text, &len) == PK_OK);
	assert(len == strlen("公安局\n") && !strcmp(text, "公安局\n"));
	free(text);

	/* A BOM is not part of the text. */
	const char *bom = write_file("bom.txt", "\xEF\xBB\xBF公安局", 3 + 9);
	assert(pk_reader_read(bom, &text, &len) == PK_OK);
	assert(len == 9 && !strcmp(text, "公安局"));
	free(text);

	/* Only a BOM: an empty article. A BOM in the middle is kept (U+FEFF is valid). */
	const char *only = write_file("only.txt", "\xEF\xBB\xBF", 3);
	assert(pk_reader_read(only, &text, &len) == PK_OK);
	assert(len == 0 && text[0] == '\0');
	free(text);
	const char *mid = write_file("mid.txt", "a\xEF\xBB\xBF", 4);
	assert(pk_reader_read(mid, &text, &len) == PK_OK);
	assert(len == 4);
	free(text);

	const char *empty = write_file("empty.txt", "", 0);
	assert(pk_reader_read(empty, &text, &len) == PK_OK);
	assert(len == 0 && text && text[0] == '\0');
	free(text);

	/* A file larger than the first read buffer (64 KiB) comes back whole. */
	size_t big_len = 3 * 70000;   /* 警 ×70000 */
	char *big = malloc(big_len);
	assert(big);
	for (size_t i = 0; i < big_len; i += 3)
		memcpy(big + i, "\xE8\xAD\xA6", 3);
	const char *bigp = write_file("big.txt", big, big_len);
	assert(pk_reader_read(bigp, &text, &len) == PK_OK);
	assert(len == big_len && !memcmp(text, big, len) && text[len] == '\0');
	free(text);
	free(big);

	/* Failures leave *out NULL and *len 0. */
	const char *bad = write_file("bad.txt", "ok\n\xFF\n", 5);
	text = (char *)1;
	len = 99;
	assert(read_quiet(bad, &text, &len) == PK_ERR_INPUT);
	assert(text == NULL && len == 0);
	const char *nul = write_file("nul.txt", "ab\0cd", 5);
	assert(read_quiet(nul, &text, &len) == PK_ERR_INPUT && text == NULL);
	/* A BOM before bad bytes: still rejected. */
	const char *bom_bad = write_file("bombad.txt", "\xEF\xBB\xBF\xC0\x80", 5);
	assert(read_quiet(bom_bad, &text, &len) == PK_ERR_INPUT && text == NULL);

	text = (char *)1;
	assert(read_quiet(dir, &text, &len) == PK_ERR_IO);
	assert(text == NULL && len == 0);
	char missing[128];
	snprintf(missing, sizeof missing, "%s/missing.txt", dir);
	text = (char *)1;
	assert(read_quiet(missing, &text, &len) == PK_ERR_IO);
	assert(text == NULL);
}

int main(void)
{
	snprintf(dir, sizeof dir, "/tmp/pk_test_reader_XXXXXX");
	assert(mkdtemp(dir));
	test_check();
	test_read();
	while (n_made)
		unlink(made[--n_made]);
	rmdir(dir);
	return 0;
}
