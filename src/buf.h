/* buf.h — a growable byte buffer, always NUL-terminated. */
#ifndef PK_BUF_H
#define PK_BUF_H

#include <stddef.h>

typedef struct {
	char *data;   /* owned; NULL until the first append */
	size_t len;
	size_t cap;
} PkBuf;

#define PK_BUF_INIT {NULL, 0, 0}

/* Each returns 0 on success, -1 when out of memory (the buffer is unchanged). */
int pk_buf_append(PkBuf *b, const void *data, size_t len);
int pk_buf_puts(PkBuf *b, const char *s);
int pk_buf_printf(PkBuf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
void pk_buf_clear(PkBuf *b);   /* keeps the allocation */
void pk_buf_free(PkBuf *b);    /* frees and resets */

#endif
