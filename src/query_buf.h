/* query_buf.h — the growable byte buffer of `policekg query`: the query text, result
 * terms and N-Triples lines are built in it.
 *
 * Not buf.h's PkBuf: that one reports each failed append, while these append many pieces
 * and check once, so running out of memory sticks (nomem) and later appends do nothing. */
#ifndef PK_QUERY_BUF_H
#define PK_QUERY_BUF_H

#include <stddef.h>

typedef struct {
	char *p;        /* malloc'd, NUL-terminated; NULL until the first append; caller frees */
	size_t len, cap;
	int nomem;      /* an append failed: p holds what came before it */
} PkQBuf;

/* Appends s[0..n). */
void pk_qbuf_add(PkQBuf *b, const char *s, size_t n);
void pk_qbuf_puts(PkQBuf *b, const char *s);
void pk_qbuf_putc(PkQBuf *b, char c);

#endif
