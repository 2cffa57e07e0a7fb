/* utf8.c — UTF-8 decode, encode, validation and position helpers. */
#include "utf8.h"

#include <string.h>

int32_t
pk_utf8_decode_any(const char *str, size_t len, size_t *n)
{
	const unsigned char *s = (const unsigned char *)str;
	*n = 1;
	if (!len)
		return -1;
	unsigned c = s[0];
	if (c < 0x80)
		return (int32_t)c;
	/* A 3-byte form (CJK) first, without the general loop: the linker and the
	 * normaliser decode every character of an article through here. */
	if ((c & 0xF0) == 0xE0 && len >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
		uint32_t cp = (c & 0x0Fu) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu);
		if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))
			return -1;
		*n = 3;
		return (int32_t)cp;
	}
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

/* True for a lead byte of a 3-byte form that is never overlong nor a surrogate
 * (E1..EC, EE..EF): most of an article's characters. */
static inline int
plain3_lead(unsigned c)
{
	return (c - 0xE1u) <= 0xEC - 0xE1 || (c - 0xEEu) <= 1;
}

size_t
pk_utf8_validate(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		/* Most text is runs of ASCII or of 3-byte CJK: each run checked in its own
		 * tight loop, without decoding. */
		while (i + 3 <= len && plain3_lead(u[i]) && (u[i + 1] & 0xC0) == 0x80 &&
		       (u[i + 2] & 0xC0) == 0x80)
			i += 3;
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, u + i, 8);
			if (w & 0x8080808080808080u)
				break;
			i += 8;
		}
		if (i >= len)
			break;
		unsigned c = u[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (plain3_lead(c) && i + 3 <= len && (u[i + 1] & 0xC0) == 0x80 &&
		    (u[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		size_t n;
		if (pk_utf8_decode_any(s + i, len - i, &n) < 0)
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
