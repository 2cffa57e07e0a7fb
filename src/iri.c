/* iri.c — deterministic, strictly valid IRIs for entities and facts.
 *
 * Raptor does not validate IRIs (a space comes out as \u0020 inside <...>, which every
 * strict parser rejects), so this module is the one place where a name becomes IRI-safe.
 * The rule is RFC 3987 ipath-segment minus the sub-delims and ':' '@': keeping only
 * iunreserved means the result is also a valid Turtle/N-Triples IRIREF and never needs
 * escaping anywhere downstream. Chinese characters stay raw (ucschar) so IRIs remain
 * readable and greppable; private-use and non-character code points are not ucschar and
 * are percent-encoded.
 */
#include "iri.h"

#include "graph.h"
#include "utf8.h"

#include <assert.h>
#include <string.h>

uint64_t pk_hash64(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 0xcbf29ce484222325u; /* FNV-1a 64 offset basis */
	const uint64_t prime = 0x100000001b3u; /* FNV 64 prime */
	/* Unrolled: every article's text is hashed once (its IRI), a whole MB per MB. */
	size_t i = 0;
	for (; i + 4 <= len; i += 4) {
		h = (h ^ p[i]) * prime;
		h = (h ^ p[i + 1]) * prime;
		h = (h ^ p[i + 2]) * prime;
		h = (h ^ p[i + 3]) * prime;
	}
	for (; i < len; i++)
		h = (h ^ p[i]) * prime;
	return h;
}

/* RFC 3987 section 2.2, ucschar. Note the last range starts at E1000, not E0000. */
static int pk_iri_is_ucschar(uint32_t c)
{
	if (c >= 0xA0 && c <= 0xD7FF)
		return 1;
	if (c >= 0xF900 && c <= 0xFDCF)
		return 1;
	if (c >= 0xFDF0 && c <= 0xFFEF)
		return 1;
	if (c >= 0x10000 && c <= 0xEFFFD) {
		/* Planes 1-14: all but the last two code points of each plane; plane 14
		 * only from E1000 (E0000-E0FFF are tags and variation selectors). */
		if ((c & 0xFFFF) > 0xFFFD)
			return 0;
		return c < 0xE0000 || c >= 0xE1000;
	}
	return 0;
}

/* iunreserved ASCII (letters, digits, -._~) by byte: every IRI minted is scanned byte by
 * byte, and a mention's name is ~35 such bytes (the chain of range tests was a tenth of
 * minting). */
#define PK_IRI_U4(c) [c] = 1, [c + 1] = 1, [c + 2] = 1, [c + 3] = 1
#define PK_IRI_U8(c) PK_IRI_U4(c), PK_IRI_U4(c + 4)
static const unsigned char pk_iri_unreserved[256] = {
	PK_IRI_U8('0'), ['8'] = 1, ['9'] = 1,
	PK_IRI_U8('A'), PK_IRI_U8('I'), PK_IRI_U8('Q'), ['Y'] = 1, ['Z'] = 1,
	PK_IRI_U8('a'), PK_IRI_U8('i'), PK_IRI_U8('q'), ['y'] = 1, ['z'] = 1,
	['-'] = 1, ['.'] = 1, ['_'] = 1, ['~'] = 1,
};
#undef PK_IRI_U8
#undef PK_IRI_U4

static inline int pk_iri_is_unreserved_ascii(unsigned char c)
{
	return pk_iri_unreserved[c];
}

/* Appends len bytes to buf at *pos if they fit with room for the NUL. */
static int pk_iri_put(char *buf, size_t cap, size_t *pos, const char *s, size_t len)
{
	if (cap - *pos <= len)
		return 0;
	memcpy(buf + *pos, s, len);
	*pos += len;
	return 1;
}

static int pk_iri_put_pct(char *buf, size_t cap, size_t *pos, unsigned char b)
{
	static const char hex[] = "0123456789ABCDEF";
	char e[3] = { '%', hex[b >> 4], hex[b & 0xF] };
	return pk_iri_put(buf, cap, pos, e, 3);
}

/* Writes the namespace, kind and '/' from buf[0]. kind is a constant chosen by the code
 * ("unit", "fact/award"), so it is copied as is; it must already be IRI-safe. */
static int pk_iri_put_head(char *buf, size_t cap, size_t *pos, const char *kind)
{
	assert(kind);
#ifndef NDEBUG
	for (const char *k = kind; *k; k++)
		assert(pk_iri_is_unreserved_ascii((unsigned char)*k) || *k == '/');
#endif
	*pos = 0;
	return pk_iri_put(buf, cap, pos, PK_NS_ID, strlen(PK_NS_ID)) &&
	       pk_iri_put(buf, cap, pos, kind, strlen(kind)) && pk_iri_put(buf, cap, pos, "/", 1);
}

/* Appends name made IRI-safe (see iri.h). */
static int pk_iri_put_name(char *buf, size_t cap, size_t *pos, const char *name, size_t name_len)
{
	const unsigned char *s = (const unsigned char *)name;
	/* A segment that is exactly "." or ".." would be removed by reference resolution
	 * (RFC 3986 5.2.4 applies even to absolute IRIs), merging the entity into its
	 * parent; %2E is not a dot segment. */
	if ((name_len == 1 && s[0] == '.') || (name_len == 2 && s[0] == '.' && s[1] == '.')) {
		for (size_t k = 0; k < name_len; k++)
			if (!pk_iri_put_pct(buf, cap, pos, '.'))
				return 0;
		return 1;
	}
	size_t i = 0;
	while (i < name_len) {
		/* A run of unreserved ASCII (a mention's "HASH-BEGIN-END") in one copy. */
		size_t run = i;
		while (run < name_len && pk_iri_is_unreserved_ascii(s[run]))
			run++;
		if (run > i) {
			if (!pk_iri_put(buf, cap, pos, name + i, run - i))
				return 0;
			i = run;
			continue;
		}
		size_t n;
		int32_t cp = pk_utf8_decode_fast(name + i, name_len - i, &n);
		if (cp >= 0 && cp < 0x80 && pk_iri_is_unreserved_ascii(s[i])) {
			if (!pk_iri_put(buf, cap, pos, name + i, 1))
				return 0;
		} else if (cp >= 0x80 && pk_iri_is_ucschar((uint32_t)cp)) {
			if (!pk_iri_put(buf, cap, pos, name + i, n))
				return 0;
		} else {
			/* Ill-formed UTF-8 (a caller bug: name must be valid) still yields a
			 * valid IRI: pk_utf8_decode() steps over one bad byte, encoded here. */
			for (size_t k = 0; k < n; k++)
				if (!pk_iri_put_pct(buf, cap, pos, s[i + k]))
					return 0;
		}
		i += n;
	}
	return 1;
}

/* The result is written from buf[0] (it does not append to a string already in buf). */
size_t pk_iri_mint(char *buf, size_t cap, const char *kind, const char *name, size_t name_len)
{
	assert(buf && (name || name_len == 0));
	size_t pos;
	if (cap == 0)
		return 0;
	if (!pk_iri_put_head(buf, cap, &pos, kind) ||
	    !pk_iri_put_name(buf, cap, &pos, name, name_len)) {
		buf[0] = '\0';
		return 0;
	}
	buf[pos] = '\0';
	return pos;
}

size_t pk_iri_mint_hash(char *buf, size_t cap, const char *kind, uint64_t hash)
{
	assert(buf);
	static const char hex[] = "0123456789abcdef";
	char digits[16];
	for (int i = 15; i >= 0; i--) {
		digits[i] = hex[hash & 0xF];
		hash >>= 4;
	}
	size_t pos;
	if (cap == 0)
		return 0;
	if (!pk_iri_put_head(buf, cap, &pos, kind) ||
	    !pk_iri_put(buf, cap, &pos, digits, sizeof digits)) {
		buf[0] = '\0';
		return 0;
	}
	buf[pos] = '\0';
	return pos;
}
