/* normalize.c — per-code-point normalisation with an alignment map (see normalize.h). */
#include "normalize.h"

#include "buf.h"
#include "utf8.h"

#include <opencc/opencc.h>
#include <utf8proc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Characters that exist only in traditional writing and are frequent in news. Three or
 * more of them (and at least 1 in 200 Han characters) mark an article as traditional. */
static const char *const trad_only =
	"們這個來說時對會後為國學進與關發過還區應當見實經現開問題員機業東車長門馬魚鳥龍"
	"記從聞獲執單體動員區輔隊偵緝組織戰鬥務處幹態勢營廳衛級護參導審議書總產務"
	"華雲臨滄網訊數據證據歲務響讓權會號費報導軍醫藥傳圖樓層劃區縣鄉鎮場廣";

/* A bit per CJK unified ideograph (U+4E00..9FFF): one test per character. */
static unsigned char trad_bits[(0x9FFF - 0x4E00 + 1 + 7) / 8];
static pthread_once_t trad_once = PTHREAD_ONCE_INIT;

static void
trad_init(void)
{
	const char *s = trad_only;
	size_t len = strlen(s);
	while (len) {
		size_t k;
		int32_t cp = pk_utf8_decode(s, len, &k);
		if (cp >= 0x4E00 && cp <= 0x9FFF)
			trad_bits[(cp - 0x4E00) / 8] |= (unsigned char)(1u << ((cp - 0x4E00) % 8));
		s += k;
		len -= k;
	}
}

/* trad_bits must be set up (pthread_once(&trad_once, trad_init)) first: once per text,
 * not per character (the call was a fifth of the scan). */
static int
is_trad_char(int32_t cp)
{
	return cp >= 0x4E00 && cp <= 0x9FFF && (trad_bits[(cp - 0x4E00) / 8] >> ((cp - 0x4E00) % 8)) & 1;
}

/* Han characters (U+4E00..9FFF) and traditional-only ones among them. */
typedef struct {
	size_t han, trad;
} TradCount;

static inline void
trad_count(TradCount *t, int32_t cp)
{
	if (cp >= 0x4E00 && cp <= 0x9FFF) {
		t->han++;
		t->trad += (size_t)is_trad_char(cp);
	}
}

static int
trad_verdict(const TradCount *t)
{
	return t->trad >= 3 && t->trad * 200 >= t->han;
}

int
pk_normalize_is_traditional(const char *s, size_t len)
{
	size_t han = 0, trad = 0;
	const unsigned char *u = (const unsigned char *)s;
	pthread_once(&trad_once, trad_init);
	for (size_t i = 0; i < len;) {
		/* only 3-byte forms can be CJK ideographs (U+4E00..9FFF: lead E4..E9); the text
		 * was validated, so the rest is skipped by its lead byte alone */
		unsigned c = u[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xE4 && c <= 0xE9 && i + 2 < len) {
			int32_t cp = (int32_t)(((c & 0x0F) << 12) | ((u[i + 1] & 0x3F) << 6) | (u[i + 2] & 0x3F));
			if (cp >= 0x4E00 && cp <= 0x9FFF) {
				han++;
				trad += is_trad_char(cp);
			}
			i += 3;
			continue;
		}
		size_t k;
		pk_utf8_decode(s + i, len - i, &k);
		i += k;
	}
	TradCount t = {han, trad};
	return trad_verdict(&t);
}

/* CJK Radicals Supplement / Kangxi radicals that look like ordinary ideographs. */
static int32_t
radical_to_ideograph(int32_t cp)
{
	static const struct { int32_t from, to; } map[] = {
		{0x2E84, 0x4E59}, {0x2E85, 0x4EBB}, {0x2E86, 0x5182}, {0x2E87, 0x51E0},
		{0x2E8B, 0x353E}, {0x2E8C, 0x5C0F}, {0x2E8D, 0x5C0F}, {0x2E8E, 0x5140},
		{0x2E8F, 0x5C23}, {0x2E90, 0x5C22}, {0x2E92, 0x5DF3}, {0x2E93, 0x5E7A},
		{0x2E94, 0x5F51}, {0x2E95, 0x5F50}, {0x2E97, 0x5FC3}, {0x2E98, 0x624C},
		{0x2E99, 0x6535}, {0x2E9B, 0x65E1}, {0x2E9C, 0x65E5}, {0x2E9D, 0x6708},
		{0x2E9F, 0x6BCD}, {0x2EA0, 0x6C11}, {0x2EA1, 0x6C35}, {0x2EA2, 0x6C3A},
		{0x2EA3, 0x706C}, {0x2EA4, 0x722B}, {0x2EA5, 0x722B}, {0x2EA6, 0x4E2C},
		{0x2EA7, 0x725B}, {0x2EA8, 0x72AD}, {0x2EA9, 0x738B}, {0x2EAA, 0x758B},
		{0x2EAB, 0x7F52}, {0x2EAC, 0x793A}, {0x2EAD, 0x793B}, {0x2EAE, 0x7AF9},
		{0x2EB1, 0x7F53}, {0x2EB2, 0x7F52}, {0x2EB3, 0x7F51}, {0x2EB7, 0x7F8A},
		{0x2EB9, 0x8002}, {0x2EBA, 0x8080}, {0x2EBB, 0x8080}, {0x2EBC, 0x8089},
		{0x2EBD, 0x81FC}, {0x2EBE, 0x8279}, {0x2EC2, 0x8864}, {0x2EC3, 0x8980},
		{0x2EC4, 0x897F}, {0x2EC5, 0x89C1}, {0x2EC6, 0x89D2}, {0x2EC8, 0x8BA0},
		{0x2EC9, 0x8D1D}, {0x2ECA, 0x8DB3}, {0x2ECB, 0x8F66}, {0x2ECC, 0x8FB6},
		{0x2ECD, 0x8FB6}, {0x2ECF, 0x961D}, {0x2ED0, 0x9485}, {0x2ED1, 0x9577},
		{0x2ED2, 0x9578}, {0x2ED3, 0x957F}, {0x2ED4, 0x95E8}, {0x2ED6, 0x961D},
		{0x2ED7, 0x96E8}, {0x2ED8, 0x9752}, {0x2ED9, 0x97E6}, {0x2EDA, 0x9875},
		{0x2EDB, 0x98CE}, {0x2EDC, 0x98DE}, {0x2EDD, 0x98DF}, {0x2EDF, 0x98E0},
		{0x2EE0, 0x9963}, {0x2EE1, 0x9996}, {0x2EE2, 0x9A6C}, {0x2EE3, 0x9AA8},
		{0x2EE4, 0x9B3C}, {0x2EE5, 0x9C7C}, {0x2EE6, 0x9E1F}, {0x2EE7, 0x5364},
		{0x2EE8, 0x9EA6}, {0x2EE9, 0x9EC4}, {0x2EEA, 0x9EFE}, {0x2EEB, 0x6589},
		{0x2EEC, 0x9F50}, {0x2EED, 0x6B6F}, {0x2EEE, 0x9F7F}, {0x2EEF, 0x7ADC},
		{0x2EF0, 0x9F99}, {0x2EF1, 0x9F9C}, {0x2EF2, 0x4E80}, {0x2EF3, 0x9F9F},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (map[i].from == cp)
			return map[i].to;
	return cp;
}

/* Compatibility characters NFKC folds to ordinary ones: enclosed and squared forms
 * (①, ㈠, ㎡), number forms (Ⅻ), CJK compatibility ideographs (U+F900…), Kangxi radicals,
 * half-width forms. Only these go through utf8proc: the common text needs nothing. */
static int
needs_nfkc(int32_t cp)
{
	return (cp >= 0x2150 && cp <= 0x218F) || (cp >= 0x2460 && cp <= 0x24FF) ||
	       (cp >= 0x2F00 && cp <= 0x2FDF) || (cp >= 0x3200 && cp <= 0x33FF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	       (cp >= 0xFF5F && cp <= 0xFFEF);
}

/* NFKC of one code point into out (UTF-8); returns its length, 0 if unchanged. */
static size_t
nfkc_char(int32_t cp, char *out, size_t cap)
{
	char in[4];
	size_t il = pk_utf8_encode((uint32_t)cp, in);
	utf8proc_uint8_t *r = NULL;
	utf8proc_ssize_t rl = utf8proc_map((const utf8proc_uint8_t *)in, (utf8proc_ssize_t)il, &r,
	                                   UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
	size_t n = 0;
	if (rl > 0 && (size_t)rl < cap && ((size_t)rl != il || memcmp(r, in, il))) {
		memcpy(out, r, (size_t)rl);
		n = (size_t)rl;
	}
	free(r);
	return n;
}

static int
is_han(int32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
}

/* Pinyin reading "(zhàn)" right after a Han character: ASCII/Latin-1/Latin-A letters
 * with tone marks, 1..8 of them, in ASCII or full-width parentheses. Returns the byte
 * length of the reading, or 0. */
static size_t
pinyin_reading(const char *s, size_t len)
{
	size_t i = 0, k;
	int32_t cp = pk_utf8_decode(s, len, &k);
	if (cp != '(' && cp != 0xFF08)
		return 0;
	i += k;
	size_t letters = 0;
	int toned = 0;
	while (i < len) {
		cp = pk_utf8_decode(s + i, len - i, &k);
		if ((cp >= 'a' && cp <= 'z') || cp == 0xFC) {
			letters++;
		} else if ((cp >= 0xE0 && cp <= 0x1DC) || cp == 0x1CE || cp == 0x1D0 || cp == 0x1D2) {
			letters++;
			toned = 1;
		} else {
			break;
		}
		i += k;
	}
	if (!letters || letters > 8 || i >= len)
		return 0;
	cp = pk_utf8_decode(s + i, len - i, &k);
	if (cp != ')' && cp != 0xFF09)
		return 0;
	/* Without a tone mark "(abc)" is more likely an abbreviation than a reading. */
	return toned ? i + k : 0;
}

/* True when pk_normalize() keeps cp as it is: none of the ranges its loop maps, not a
 * CR, and not '(' (which may start a pinyin reading to drop). Conservative: a code
 * point outside these ranges may still be unchanged, it just takes the slow path. */
static int
plain_code_point(int32_t cp)
{
	if (cp < 0x80)
		return cp != '\r' && cp != '(';
	if (cp >= 0x4E00 && cp <= 0x9FFF)
		return 1;
	return cp < 0x2150 || (cp >= 0x2500 && cp < 0x2E80) || (cp > 0x3000 && cp < 0x3200 &&
	        cp != 0x300C && cp != 0x300D && cp != 0x300E && cp != 0x300F);
}

/* One converter for the process, opened on first use; worker threads take turns (only
 * traditional articles get here, so the lock is not a bottleneck). */
static opencc_t t2s = (opencc_t)-1;
static pthread_mutex_t t2s_mu = PTHREAD_MUTEX_INITIALIZER;

void
pk_normalize_cleanup(void)
{
	pthread_mutex_lock(&t2s_mu);
	if (t2s != (opencc_t)-1)
		opencc_close(t2s);
	t2s = (opencc_t)-1;
	pthread_mutex_unlock(&t2s_mu);
}

/* Converts s with t2s; keeps the conversion only if it has the same number of code points
 * (t2s is character-for-character in practice), so alignment stays exact. */
static char *
to_simplified(const char *s, size_t len, size_t *out_len)
{
	pthread_mutex_lock(&t2s_mu);
	if (t2s == (opencc_t)-1)
		t2s = opencc_open("t2s.json");
	char *r = t2s != (opencc_t)-1 ? opencc_convert_utf8(t2s, s, len) : NULL;
	pthread_mutex_unlock(&t2s_mu);
	if (!r)
		return NULL;
	size_t rl = strlen(r);
	if (pk_utf8_count(r, rl) != pk_utf8_count(s, len)) {
		opencc_convert_utf8_free(r);
		return NULL;
	}
	char *copy = malloc(rl + 1);
	if (copy)
		memcpy(copy, r, rl + 1);
	opencc_convert_utf8_free(r);
	*out_len = rl;
	return copy;
}

/* The 3-byte form at u[0..2] (u[0] a lead byte E0..EF, 3 bytes there) when it is a valid
 * code point that pk_normalize() keeps as it is (plain_code_point), else -1. */
static inline int32_t
plain3(const unsigned char *u)
{
	if ((u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80)
		return -1;
	int32_t cp = (int32_t)((u[0] & 0x0Fu) << 12 | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu));
	if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF) || !plain_code_point(cp))
		return -1;
	return cp;
}

/* How far the fast path may write: b.len + k < the limit keeps room for k bytes and the
 * final NUL in b and k + 1 entries in the map (cap). */
static size_t
fast_limit(const PkBuf *b, size_t cap)
{
	if (!b->cap)
		return 0;
	return b->cap - 1 < cap ? b->cap - 1 : cap;
}

/* One normalising pass over src (see pk_normalize), counting Han and traditional-only
 * characters of src into tc. */
static PkStatus
normalize_pass(PkNormText *out, const char *src, size_t src_len, TradCount *tc)
{
	memset(out, 0, sizeof *out);
	const unsigned char *u = (const unsigned char *)src;
	PkBuf b = PK_BUF_INIT;
	size_t cap = src_len + 1;
	size_t *map = malloc(cap * sizeof(size_t));
	if (!map)
		return PK_ERR_NOMEM;
	size_t cp_index = 0;
	int32_t prev = 0;
	/* The output is about as long as the input: reserve it once (when that fails, the
	 * slow path's appends grow the buffer). */
	if ((b.data = malloc(src_len + 16)) != NULL) {
		b.cap = src_len + 16;
		b.data[0] = '\0';
	}
	size_t lim = fast_limit(&b, cap);
	for (size_t i = 0; i < src_len;) {
		/* Fast path: a code point that stays as it is (most of a Chinese article: ASCII,
		 * ideographs, CJK punctuation) is copied, when it fits, without re-encoding
		 * (byte by byte: a memcpy call cost more than the copy). ASCII and 3-byte forms
		 * are tested here without a call; b.data is NUL-terminated at the end. */
		unsigned c = u[i];
		if (c < 0x80 && c != '\r' && c != '(' && b.len + 1 < lim) {
			b.data[b.len] = (char)c;
			map[b.len++] = cp_index++;
			prev = (int32_t)c;
			i++;
			continue;
		}
		int32_t cp3;
		if ((c & 0xF0) == 0xE0 && i + 3 <= src_len && b.len + 3 < lim &&
		    (cp3 = plain3(u + i)) >= 0) {
			trad_count(tc, cp3);
			b.data[b.len] = (char)c;
			b.data[b.len + 1] = (char)u[i + 1];
			b.data[b.len + 2] = (char)u[i + 2];
			map[b.len] = map[b.len + 1] = map[b.len + 2] = cp_index++;
			b.len += 3;
			prev = cp3;
			i += 3;
			continue;
		}
		size_t k;
		int32_t cp = pk_utf8_decode_fast(src + i, src_len - i, &k);
		trad_count(tc, cp);
		if (cp >= 0 && plain_code_point(cp) && b.len + k < lim) {
			for (size_t j = 0; j < k; j++) {
				b.data[b.len + j] = src[i + j];
				map[b.len + j] = cp_index;
			}
			b.len += k;
			cp_index++;
			prev = cp;
			i += k;
			continue;
		}
		size_t skip;
		if (is_han(prev) && (skip = pinyin_reading(src + i, src_len - i)) > 0) {
			cp_index += pk_utf8_count(src + i, skip);
			i += skip;
			continue;
		}
		size_t cps = 1;   /* original code points this one stands for */
		if (cp == '\r') {
			/* CR LF → one LF that maps to the CR, so a span ending at the line end
			 * excludes the CR (else anchors end in a raw CR); a lone CR → LF */
			if (i + 1 < src_len && src[i + 1] == '\n') {
				k = 2;
				cps = 2;
			}
			cp = '\n';
		} else if (cp >= 0xFF01 && cp <= 0xFF5E) {
			cp -= 0xFF01 - 0x21;
		} else if (cp == 0x3000) {
			cp = ' ';
		} else if (cp == 0x300C || cp == 0x300E) {
			cp = 0x201C;   /* 「『 → “: one quoting style for the rules */
		} else if (cp == 0x300D || cp == 0x300F) {
			cp = 0x201D;
		} else if (cp >= 0x2E80 && cp <= 0x2EFF) {
			cp = radical_to_ideograph(cp);
		}
		char enc[32];
		size_t el = 0;
		if (needs_nfkc(cp))
			el = nfkc_char(cp, enc, sizeof enc);   /* ① → 1, ㎡ → m2: several bytes, one
			                                           source code point */
		if (!el)
			el = pk_utf8_encode((uint32_t)cp, enc);
		size_t at = b.len;
		if (pk_buf_append(&b, enc, el)) {
			free(map);
			pk_buf_free(&b);
			return PK_ERR_NOMEM;
		}
		if (b.len + 1 > cap) {
			cap = (b.len + 1) * 2;
			size_t *m2 = realloc(map, cap * sizeof(size_t));
			if (!m2) {
				free(map);
				pk_buf_free(&b);
				return PK_ERR_NOMEM;
			}
			map = m2;
		}
		lim = fast_limit(&b, cap);
		for (size_t j = at; j < b.len; j++)
			map[j] = cp_index;
		cp_index += cps;
		prev = cp;
		i += k;
	}
	if (pk_buf_append(&b, "", 0)) {
		free(map);
		pk_buf_free(&b);
		return PK_ERR_NOMEM;
	}
	map[b.len] = cp_index;
	out->text = b.data;
	out->len = b.len;
	out->to_orig = map;
	out->orig_cps = cp_index;
	return PK_OK;
}

PkStatus
pk_normalize(PkNormText *out, const char *orig, size_t len)
{
	/* Traditional characters are counted in the normalising pass itself (a detection
	 * pass of its own was ~1% of a run); the rare traditional article is then normalised
	 * again from its simplified conversion. */
	pthread_once(&trad_once, trad_init);
	TradCount tc = {0, 0};
	PkStatus st = normalize_pass(out, orig, len, &tc);
	if (st != PK_OK || !trad_verdict(&tc))
		return st;
	size_t sl;
	char *simplified = to_simplified(orig, len, &sl);
	if (!simplified)
		return PK_OK;   /* not convertible character for character: kept as it is */
	PkNormText t;
	TradCount again = {0, 0};
	st = normalize_pass(&t, simplified, sl, &again);
	free(simplified);
	pk_normtext_free(out);
	if (st != PK_OK)
		return st;
	*out = t;
	out->traditional = 1;
	return PK_OK;
}

void
pk_normtext_free(PkNormText *t)
{
	if (!t)
		return;
	free(t->text);
	free(t->to_orig);
	memset(t, 0, sizeof *t);
}
