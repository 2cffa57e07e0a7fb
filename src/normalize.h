/* normalize.h — makes article text uniform for the rules while keeping an alignment map,
 * so every offset found in the normalised text maps back to the original text.
 *
 * Steps (each decision is per code point, so alignment is exact):
 *  - full-width ASCII forms (Ｕ+FF01..FF5E) and the ideographic space become ASCII;
 *  - other compatibility characters (①, ㎡, Ⅻ, U+F900 ideographs) are NFKC-folded with
 *    utf8proc, one code point at a time;
 *  - CJK radical look-alikes (⻄) become the unified ideograph (西);
 *  - pinyin readings after a character, 戰(zhàn), are dropped;
 *  - CRLF / CR become LF;
 *  - traditional Chinese is converted to simplified with OpenCC t2s, but only when the
 *    article is detected as traditional: t2s corrupts simplified text (坏 → 坯).
 */
#ifndef PK_NORMALIZE_H
#define PK_NORMALIZE_H

#include "policekg.h"

#include <stddef.h>

typedef struct {
	char *text;         /* normalised UTF-8, NUL-terminated (owned) */
	size_t len;
	size_t *to_orig;    /* for each byte offset 0..len: code-point offset in the original */
	int traditional;    /* the article was converted from traditional characters */
	size_t orig_cps;    /* code points in the original */
} PkNormText;

/* Normalises orig[0..len) (valid UTF-8). Returns PK_OK or PK_ERR_NOMEM. */
PkStatus pk_normalize(PkNormText *out, const char *orig, size_t len);
void pk_normtext_free(PkNormText *t);   /* NULL and zeroed structs are fine */

/* Detection alone: does the text look traditional? (count of traditional-only characters) */
int pk_normalize_is_traditional(const char *s, size_t len);

/* Releases the OpenCC converter (at exit; optional). */
void pk_normalize_cleanup(void);

#endif
