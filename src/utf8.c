/* utf8.c — UTF-8 decode, encode, validation and position helpers. */
#include "utf8.h"

#include <string.h>

int32_t
pk_utf8_decode(const char *str, size_t len, size_t *n)
{
	const unsigned char *s = (const unsigned char *)str;
	*n = 1;
	if (!len)
		return -1;
	unsigned c = s[0];
	if (c < 0x80)
		return (int32_t)c;
	size_t need;
	uint32_t cp, min;
	if ((c & 0xE0) == 0xC0) {
		need = 2; cp = c & 0x1F; min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		need = 3; cp = c & 0x0F; min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		need = 4; cp = c & 0x07; min = 0x10000;
	} else {
		return -1;
	}
	if (len < need)
		return -1;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*n = need;
	return (int32_t)cp;
}

size_t
pk_utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t
pk_utf8_validate(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		/* Most text is ASCII or 3-byte CJK: both checked without decoding. */
		if (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, u + i, 8);
			if (!(w & 0x8080808080808080u)) {
				i += 8;
				continue;
			}
		}
		unsigned c = u[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		/* E1..EC and EE..EF lead 3-byte forms that are never overlong nor surrogates */
		if (((c >= 0xE1 && c <= 0xEC) || c >= 0xEE) && c <= 0xEF && i + 3 <= len &&
		    (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		size_t n;
		if (pk_utf8_decode(s + i, len - i, &n) < 0)
			return i;
		i += n;
	}
	return len;
}

size_t
pk_utf8_count(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

void
pk_utf8_linecol(const char *s, size_t off, unsigned *line, unsigned *col)
{
	unsigned l = 1, c = 1;
	for (size_t i = 0; i < off; i++) {
		if (s[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)s[i] & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}
