/* utf8.h — small UTF-8 helpers shared by the reader, normaliser and rule parser. */
#ifndef PK_UTF8_H
#define PK_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* pk_utf8_decode() for every form, out of line. */
int32_t pk_utf8_decode_any(const char *s, size_t len, size_t *n);

/* Encodes cp into out (4 bytes room); returns the byte length. */
size_t pk_utf8_encode(uint32_t cp, char *out);

/* Returns len when s is valid UTF-8 (no overlongs, no surrogates), else the byte offset
 * of the first invalid sequence. */
size_t pk_utf8_validate(const char *s, size_t len);

/* Code points in s[0..len) (s assumed valid). */
size_t pk_utf8_count(const char *s, size_t len);

/* 1-based line and column (column in code points) of byte offset off in s. */
void pk_utf8_linecol(const char *s, size_t off, unsigned *line, unsigned *col);

/* Decodes one code point at s[0..len); sets *n to its byte length.
 * Returns the code point, or -1 for an invalid sequence (*n = 1).
 * The two common cases (ASCII, a valid 3-byte form: CJK) are inline: the linker, the
 * normaliser and the matcher decode every character of an article, and the call was
 * ~3% of a run. */
static inline int32_t
pk_utf8_decode(const char *str, size_t len, size_t *n)
{
	const unsigned char *s = (const unsigned char *)str;
	if (len && s[0] < 0x80) {
		*n = 1;
		return s[0];
	}
	if (len >= 3 && (s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
		int32_t cp = (int32_t)((s[0] & 0x0Fu) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu));
		if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
			*n = 3;
			return cp;
		}
	}
	return pk_utf8_decode_any(str, len, n);
}

/* The same (once the only inline one; kept for the scanning loops that name it). */
static inline int32_t
pk_utf8_decode_fast(const char *str, size_t len, size_t *n)
{
	return pk_utf8_decode(str, len, n);
}

#endif
