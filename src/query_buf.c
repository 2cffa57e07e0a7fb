/* query_buf.c — the growable byte buffer of `policekg query` (see query_buf.h). */
#include "query_buf.h"

#include <stdlib.h>
#include <string.h>

void pk_qbuf_add(PkQBuf *b, const char *s, size_t n)
{
	if (b->nomem)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *np = realloc(b->p, cap);
		if (!np) {
			b->nomem = 1;
			return;
		}
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void pk_qbuf_puts(PkQBuf *b, const char *s)
{
	pk_qbuf_add(b, s, strlen(s));
}

void pk_qbuf_putc(PkQBuf *b, char c)
{
	pk_qbuf_add(b, &c, 1);
}
