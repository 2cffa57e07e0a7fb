/* matcher.h — runs the rule set over a text: the only module that includes pcre2.h.
 *
 * Patterns are compiled once (UTF, JIT); match data is made once per matcher and reused;
 * the text is validated once and then matched with PCRE2_NO_UTF_CHECK (PITFALLS.md).
 * Every match runs under PCRE2 match and depth limits (pk_limits.h).
 */
#ifndef PK_MATCHER_H
#define PK_MATCHER_H

#include "arena.h"
#include "rules.h"

#include <stdint.h>

#include <stddef.h>

/* 32-bit offsets: an article is at most PK_MAX_ARTICLE_BYTES (256 MiB), and a mention
 * carries one span per role, so this halves a mention (was 520 bytes). */
typedef struct {
	uint32_t start, end;   /* byte offsets into the matched text */
	uint32_t set;
} PkSpan;

typedef struct {
	const PkRule *rule;
	size_t start, end;              /* the whole match */
	PkSpan role[PK_ROLE_COUNT];     /* captured roles */
	int place;                      /* lookup rules: gazetteer place index, else -1 */
	int is_short;                   /* lookup rules: matched a short form */
	int dropped_by;                 /* index of the mention that won an overlap, else -1 */
} PkMention;

typedef struct {
	PkMention *items;
	size_t n, cap;
} PkMentionList;

/* Compiles r->pattern (already expanded). On a PCRE2 error returns PK_ERR_RULES and sets
 * *err_offset (byte offset into r->pattern) and err (message, NUL-terminated). */
PkStatus pk_rule_compile(PkRule *r, size_t *err_offset, char *err, size_t err_cap);
void pk_rule_release(PkRule *r);   /* frees r->code; NULL code is fine */

typedef struct PkMatcher PkMatcher;

PkMatcher *pk_matcher_new(const PkRuleSet *rs);
void pk_matcher_free(PkMatcher *m);     /* NULL is a no-op */

/* Runs every enabled rule over text[0..len) (valid UTF-8) and appends the mentions to
 * out (allocated with realloc; the caller frees out->items). A rule that exceeds the
 * match limits is reported (with its id and label) and skipped for this text.
 * Overlaps are not resolved here (see pk_mentions_resolve). */
PkStatus pk_matcher_run(PkMatcher *m, const char *text, size_t len, const char *label,
                        PkMentionList *out);

/* Runs one rule over text; used by `rules check`. Same contract. */
PkStatus pk_matcher_run_rule(PkMatcher *m, const PkRule *r, const char *text, size_t len,
                             const char *label, PkMentionList *out);

/* Resolves overlaps between mentions of competing types (same layer): the higher
 * priority wins, then the longer, then the earlier. Losers get dropped_by set. Sorts
 * out->items by start, then end. */
void pk_mentions_resolve(PkMentionList *ml);

void pk_mentions_free(PkMentionList *ml);

#endif
