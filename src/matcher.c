/* matcher.c — PCRE2 behind one wrapper: compile rules, run them, resolve overlaps.
 *
 * The only file that includes pcre2.h. Patterns are compiled with UTF and UCP and
 * JIT-compiled once; one match-data block is reused for every match; texts are validated
 * once (by the reader) and matched with PCRE2_NO_UTF_CHECK, which keeps a loop over a big
 * buffer linear (PITFALLS.md: without it, 2 MB took 13.6 s).
 */
#define _GNU_SOURCE   /* memmem */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "matcher.h"

#include "gazetteer.h"
#include "log.h"
#include "pk_limits.h"
#include "utf8.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

/* PkSpan offsets are 32-bit (matcher.h). */
_Static_assert(PK_MAX_ARTICLE_BYTES < UINT32_MAX, "article offsets must fit a PkSpan");

/* 被公安部命名为“…”: a unit inside an honour's conferrer is a unit of the article too
 * (the honour keeps its text as kg:conferredBy); it does not compete with the honour. */
static int
names_conferrer(const PkMention *honor, const PkMention *b)
{
	const PkSpan *by = &honor->role[PK_ROLE_BY];
	return honor->rule->type == PK_TYPE_HONOR && by->set && b->rule->type == PK_TYPE_UNIT &&
	       b->start >= by->start && b->end <= by->end;
}

/* Which rule types compete with each other for the same text. */
static int
layer_of(PkRuleType t)
{
	switch (t) {
	case PK_TYPE_UNIT:
	case PK_TYPE_PLACE:
	case PK_TYPE_HONOR:
	case PK_TYPE_ALIAS:
	case PK_TYPE_ANAPHOR:
		return 0;   /* names */
	case PK_TYPE_DATE:
	case PK_TYPE_DATELINE:
		return 1;
	case PK_TYPE_STAT:
		return 2;
	case PK_TYPE_FOUNDING:
	case PK_TYPE_RENAME:
	case PK_TYPE_LOCATION:
		return 3;   /* relation triggers overlap whatever they connect */
	case PK_TYPE_BOILERPLATE:
	case PK_TYPE_CUT:
	case PK_TYPE_COUNT:
		return 4;
	}
	return 4;
}

/* What PkRule.code points to. */
typedef struct {
	pcre2_code *re;
	int jit;                  /* JIT-compiled: matched with pcre2_jit_match */
	uint32_t n_roles;
	struct {
		uint16_t group;
		uint8_t role;
	} roles[];                /* the named groups: group number and role */
} Compiled;

PkStatus
pk_rule_compile(PkRule *r, size_t *err_offset, char *err, size_t err_cap)
{
	int code;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)r->pattern, PCRE2_ZERO_TERMINATED,
	                               PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK | PCRE2_USE_OFFSET_LIMIT,
	                               &code, &off, NULL);
	if (!re) {
		PCRE2_UCHAR buf[256];
		pcre2_get_error_message(code, buf, sizeof buf);
		snprintf(err, err_cap, "%s", (char *)buf);
		*err_offset = off;
		return PK_ERR_RULES;
	}
	/* Every named group must be a role of the rule's type. */
	uint32_t count = 0, size = 0;
	PCRE2_SPTR table = NULL;
	pcre2_pattern_info(re, PCRE2_INFO_NAMECOUNT, &count);
	pcre2_pattern_info(re, PCRE2_INFO_NAMEENTRYSIZE, &size);
	pcre2_pattern_info(re, PCRE2_INFO_NAMETABLE, &table);
	for (uint32_t i = 0; i < count; i++) {
		const char *name = (const char *)table + i * size + 2;
		int role = pk_role_lookup(name, strlen(name));
		if (role < 0 || !pk_role_allowed(r->type, (PkRole)role)) {
			char needle[64];
			snprintf(needle, sizeof needle, "(?<%s>", name);
			const char *at = strstr(r->pattern, needle);
			*err_offset = at ? (size_t)(at - r->pattern) + 3 : 0;
			snprintf(err, err_cap, role < 0 ? "group '%s' is not a role (%s)" :
			         "group '%s' is not a role of type %s", name,
			         role < 0 ? "name, recipient, by, date, year, month, day, year2, month2, day2, rel, value, scale, approx, uom, measure, unit, old, new, kind"
			                  : pk_rule_type_name(r->type));
			pcre2_code_free(re);
			return PK_ERR_RULES;
		}
	}
	/* The groups that capture roles, in name-table order (with duplicate names, the
	 * first set group wins): made once here, not looked up by name for every match. */
	Compiled *c = malloc(sizeof *c + (count ? count : 1) * sizeof c->roles[0]);
	if (!c) {
		pcre2_code_free(re);
		snprintf(err, err_cap, "out of memory");
		*err_offset = 0;
		return PK_ERR_NOMEM;
	}
	c->re = re;
	c->n_roles = count;
	for (uint32_t i = 0; i < count; i++) {
		const unsigned char *ent = table + i * size;
		const char *name = (const char *)ent + 2;
		c->roles[i].group = (uint16_t)(ent[0] << 8 | ent[1]);
		c->roles[i].role = (uint8_t)pk_role_lookup(name, strlen(name));
	}
	/* JIT is an optimisation: a pattern JIT cannot handle still runs interpreted. */
	c->jit = !getenv("PK_NO_JIT") && pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) == 0;
	r->code = c;
	return PK_OK;
}

void
pk_rule_release(PkRule *r)
{
	Compiled *c = r->code;
	if (c)
		pcre2_code_free(c->re);
	free(c);
	r->code = NULL;
}

typedef struct {
	size_t s, e;
} Window;

/* Every gazetteer form found in the text: all lookup rules share one scan. */
typedef struct {
	size_t start, flen;
	const PkPlaceHit *hits;
	size_t nh;
} Cand;

struct PkMatcher {
	const PkRuleSet *rs;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit_stack;
	Cand *cands;           /* sorted by start, then longest first */
	size_t n_cands, cap_cands;
	int cands_valid;       /* for the text of the current pk_matcher_run */
	int triggers_valid;    /* m->win holds the current text's windows */
	int no_triggers;       /* PK_NO_TRIGGERS set: run every pattern over the whole text */
	/* Trigger literals of every rule, found in one pass over the text: words chained by
	 * their first byte (one-byte words) or first two bytes. */
	struct TWord {
		const char *w;
		size_t len;
		size_t *rules;
		size_t n_rules;
		int next;
	} *tw;
	size_t n_tw;
	int head1[256];
	int *head2;            /* words of two bytes: 65536 chain heads */
	int head3[4096];       /* longer words, by a hash of their first three bytes (most
	                          Han trigger words share their first two bytes with many) */
	int utf8_triggers;     /* no trigger word starts with a UTF-8 continuation byte */
	Window **win;          /* per rule: its windows in the current text */
	size_t *n_win, *cap_win;
	const PkWordList **lookup, **except;   /* per rule: its lookup and except= lists */
};

/* r's lookup list (what = 0) or except= list (what = 1), resolved once per matcher. */
static const PkWordList *
rule_list(const PkMatcher *m, const PkRule *r, int what)
{
	size_t i = (size_t)(r - m->rs->rules);
	if (r >= m->rs->rules && i < m->rs->n_rules && m->lookup)
		return what ? m->except[i] : m->lookup[i];
	return pk_ruleset_list(m->rs, what ? r->lookup_except : r->lookup);
}

/* A limit from the environment (PK_MATCH_LIMIT, PK_DEPTH_LIMIT: a positive integer), else
 * the compiled-in default. Lets a user raise a limit for one odd article, or a test lower
 * it, without a rebuild. */
static uint32_t
limit_from_env(const char *name, uint32_t def)
{
	const char *v = getenv(name);
	if (!v || !*v)
		return def;
	char *e;
	unsigned long long n = strtoull(v, &e, 10);
	if (*e || !n || n > UINT32_MAX || v[0] == '-') {
		pk_log(PK_LOG_WARNING, NULL, "ignoring %s=%s: not an integer in 1..%lu (using %lu)", name,
		       v, (unsigned long)UINT32_MAX, (unsigned long)def);
		return def;
	}
	return (uint32_t)n;
}

/* The head3 chain of a word of three bytes or more starting at w. */
static inline unsigned
key3(const char *w)
{
	const unsigned char *u = (const unsigned char *)w;
	uint32_t k = (uint32_t)u[0] << 16 | (uint32_t)u[1] << 8 | u[2];
	return (k * 2654435761u) >> 20;
}

static int
index_triggers(PkMatcher *m)
{
	const PkRuleSet *rs = m->rs;
	for (int i = 0; i < 256; i++)
		m->head1[i] = -1;
	for (int i = 0; i < 4096; i++)
		m->head3[i] = -1;
	m->head2 = malloc(65536 * sizeof(int));
	m->win = calloc(rs->n_rules + 1, sizeof(Window *));
	m->n_win = calloc(rs->n_rules + 1, sizeof(size_t));
	m->cap_win = calloc(rs->n_rules + 1, sizeof(size_t));
	if (!m->head2 || !m->win || !m->n_win || !m->cap_win)
		return -1;
	for (int i = 0; i < 65536; i++)
		m->head2[i] = -1;
	m->utf8_triggers = 1;
	for (size_t r = 0; r < rs->n_rules; r++) {
		const PkRule *rule = &rs->rules[r];
		if (rule->disabled)
			continue;
		for (size_t t = 0; t < rule->n_triggers; t++) {
			const char *w = rule->triggers[t];
			size_t len = strlen(w);
			if (!len)
				continue;
			if (((unsigned char)w[0] & 0xC0) == 0x80)
				m->utf8_triggers = 0;
			size_t k = 0;
			while (k < m->n_tw && (m->tw[k].len != len || memcmp(m->tw[k].w, w, len)))
				k++;
			if (k == m->n_tw) {
				struct TWord *nt = realloc(m->tw, (m->n_tw + 1) * sizeof *nt);
				if (!nt)
					return -1;
				m->tw = nt;
				m->tw[k] = (struct TWord){w, len, NULL, 0, -1};
				int *head = len == 1 ? &m->head1[(unsigned char)w[0]]
				          : len == 2 ? &m->head2[(unsigned char)w[0] << 8 | (unsigned char)w[1]]
				                     : &m->head3[key3(w)];
				m->tw[k].next = *head;
				*head = (int)k;
				m->n_tw++;
			}
			size_t *nr = realloc(m->tw[k].rules, (m->tw[k].n_rules + 1) * sizeof(size_t));
			if (!nr)
				return -1;
			m->tw[k].rules = nr;
			m->tw[k].rules[m->tw[k].n_rules++] = r;
		}
	}
	return 0;
}

static int
add_window(PkMatcher *m, size_t r, size_t s, size_t e)
{
	/* scan_triggers adds a rule's windows by start: one that overlaps the last is merged
	 * now (what merge_windows would do), so most never take a slot */
	if (m->n_win[r]) {
		Window *last = &m->win[r][m->n_win[r] - 1];
		if (s >= last->s && s <= last->e) {
			if (e > last->e)
				last->e = e;
			return 0;
		}
	}
	if (m->n_win[r] == m->cap_win[r]) {
		size_t cap = m->cap_win[r] ? m->cap_win[r] * 2 : 32;
		Window *w = realloc(m->win[r], cap * sizeof(Window));
		if (!w)
			return -1;
		m->win[r] = w;
		m->cap_win[r] = cap;
	}
	m->win[r][m->n_win[r]++] = (Window){s, e};
	return 0;
}

PkMatcher *
pk_matcher_new(const PkRuleSet *rs)
{
	PkMatcher *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->rs = rs;
	m->no_triggers = getenv("PK_NO_TRIGGERS") != NULL;
	m->lookup = calloc(rs->n_rules + 1, sizeof *m->lookup);
	m->except = calloc(rs->n_rules + 1, sizeof *m->except);
	if (!m->lookup || !m->except) {
		pk_matcher_free(m);
		return NULL;
	}
	for (size_t i = 0; i < rs->n_rules; i++) {
		if (rs->rules[i].lookup)
			m->lookup[i] = pk_ruleset_list(rs, rs->rules[i].lookup);
		if (rs->rules[i].lookup_except)
			m->except[i] = pk_ruleset_list(rs, rs->rules[i].lookup_except);
	}
	if (index_triggers(m)) {
		pk_matcher_free(m);
		return NULL;
	}
	m->md = pcre2_match_data_create(64, NULL);
	m->mctx = pcre2_match_context_create(NULL);
	m->jit_stack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
	if (!m->md || !m->mctx || !m->jit_stack) {
		pk_matcher_free(m);
		return NULL;
	}
	pcre2_set_match_limit(m->mctx, limit_from_env("PK_MATCH_LIMIT", PK_MATCH_LIMIT));
	pcre2_set_depth_limit(m->mctx, limit_from_env("PK_DEPTH_LIMIT", PK_DEPTH_LIMIT));
	pcre2_jit_stack_assign(m->mctx, NULL, m->jit_stack);
	return m;
}

void
pk_matcher_free(PkMatcher *m)
{
	if (!m)
		return;
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mctx);
	pcre2_jit_stack_free(m->jit_stack);
	free(m->cands);
	for (size_t i = 0; i < m->n_tw; i++)
		free(m->tw[i].rules);
	free(m->tw);
	free(m->head2);
	if (m->win)
		for (size_t r = 0; r < m->rs->n_rules; r++)
			free(m->win[r]);
	free(m->win);
	free(m->n_win);
	free(m->cap_win);
	free(m->lookup);
	free(m->except);
	free(m);
}

static PkMention *
push(PkMentionList *ml)
{
	if (ml->n >= PK_MAX_MATCHES)
		return NULL;
	if (ml->n == ml->cap) {
		size_t cap = ml->cap ? ml->cap * 2 : 256;
		PkMention *p = realloc(ml->items, cap * sizeof(PkMention));
		if (!p)
			return NULL;
		ml->items = p;
		ml->cap = cap;
	}
	PkMention *mm = &ml->items[ml->n++];
	memset(mm, 0, sizeof *mm);
	mm->place = -1;
	mm->dropped_by = -1;
	return mm;
}

static int
is_han(int32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF);
}

/* Byte offsets of every character boundary after text[i] within a run of Han characters
 * (and the middle dot of 阿坝·…), at most maxlen bytes ahead: the candidate ends of a name
 * starting at i. Returns the count (at most 64). */
static size_t
han_run_ends(const char *text, size_t len, size_t i, size_t maxlen, size_t ends[64])
{
	size_t ne = 0;
	for (size_t j = i; j < len && j - i < maxlen && ne < 64;) {
		size_t k;
		int32_t c = pk_utf8_decode_fast(text + j, len - j, &k);
		if (!is_han(c) && c != 0xB7)
			break;
		j += k;
		ends[ne++] = j;
	}
	return ne;
}

static int
push_cand(PkMatcher *m, Cand c)
{
	if (m->n_cands == m->cap_cands) {
		size_t cap = m->cap_cands ? m->cap_cands * 2 : 256;
		Cand *p = realloc(m->cands, cap * sizeof(Cand));
		if (!p)
			return -1;
		m->cands = p;
		m->cap_cands = cap;
	}
	m->cands[m->n_cands++] = c;
	return 0;
}

/* One pass over the text: at every Han character, every length whose form is in the
 * gazetteer (longest first). A name is a run of Han characters (and the middle dot of
 * 阿坝·…) of at least two characters, at most the longest form's bytes and 64 characters;
 * the gazetteer walk stops where no form goes on. */
static PkStatus
scan_gazetteer(PkMatcher *m, const char *text, size_t len)
{
	const PkGazetteer *g = m->rs->gazetteer;
	size_t maxlen = pk_gazetteer_max_len(g);
	m->n_cands = 0;
	m->cands_valid = 1;
	/* the character at i, decoded ahead (next_n = 0: not yet) */
	int32_t next_cp = 0;
	size_t next_n = 0;
	for (size_t i = 0; i < len;) {
		size_t n = next_n;
		int32_t cp = n ? next_cp : pk_utf8_decode_fast(text + i, len - i, &n);
		next_n = 0;
		if (!is_han(cp)) {
			i += n;
			continue;
		}
		/* A form has two characters or more: most positions stop at the pair filter. */
		if (i + n >= len)
			break;
		next_cp = pk_utf8_decode_fast(text + i + n, len - i - n, &next_n);
		if (!pk_gazetteer_may_start2(g, cp, next_cp)) {
			i += n;
			continue;
		}
		Cand found[64];
		size_t nf = 0, ne = 0;
		PkGazWalk w;
		pk_gazetteer_walk_start(&w);
		for (size_t j = i; j < len && j - i < maxlen && ne < 64;) {
			size_t k = n;
			int32_t c = j == i ? cp : pk_utf8_decode_fast(text + j, len - j, &k);
			if (!is_han(c) && c != 0xB7)
				break;
			j += k;
			ne++;
			int st = pk_gazetteer_walk(g, &w, text + i, j - i);
			if (!st)
				break;
			const PkPlaceHit *hits;
			size_t nh;
			if (ne >= 2 && st == 2 && (nh = pk_gazetteer_walk_find(g, &w, text + i, &hits)))
				found[nf++] = (Cand){i, j - i, hits, nh};
		}
		while (nf)
			if (push_cand(m, found[--nf]))
				return PK_ERR_NOMEM;
		i += n;
	}
	return PK_OK;
}

/* A places lookup rule over the shared scan: at each position the longest form with a
 * place of the rule's levels, then on after it. */
static PkStatus
run_places(PkMatcher *m, const PkRule *r, const char *text, size_t len, PkMentionList *out)
{
	if (!m->cands_valid) {
		PkStatus st = scan_gazetteer(m, text, len);
		if (st != PK_OK)
			return st;
	}
	const PkRuleSet *rs = m->rs;
	const PkWordList *except = r->lookup_except ? rule_list(m, r, 1) : NULL;
	size_t next = 0, word_s = 0, word_e = 0;
	for (size_t ci = 0; ci < m->n_cands; ci++) {
		const Cand *c = &m->cands[ci];
		if (c->start < next)
			continue;
		/* a word that is no place (平安) still takes its characters: 平安阳泉 is 平安 +
		 * 阳泉, never 安阳 */
		if (c->start > word_s && c->start < word_e)
			continue;
		if (except && pk_wordlist_has(except, text + c->start, c->flen)) {
			/* (a shorter form at its start is still read: 老城 of 老城区) */
			word_s = c->start;
			word_e = c->start + c->flen;
			continue;
		}
		for (size_t h = 0; h < c->nh; h++) {
			const PkPlace *pl = pk_gazetteer_place(rs->gazetteer, c->hits[h].place);
			if (r->lookup_levels && !(r->lookup_levels & (1u << pl->level)))
				continue;
			if (c->hits[h].is_short && !r->lookup_short)
				continue;
			PkMention *mm = push(out);
			if (!mm)
				return PK_ERR_LIMIT;
			mm->rule = r;
			mm->start = c->start;
			mm->end = c->start + c->flen;
			mm->role[PK_ROLE_NAME] = (PkSpan){mm->start, mm->end, 1};
			mm->place = c->hits[h].place;
			mm->is_short = c->hits[h].is_short;
			next = mm->end;
			break;   /* the linker disambiguates among same-name places */
		}
	}
	return PK_OK;
}

/* Word-list lookup: at every Han character, the longest list word (two characters or
 * more) that starts there. Place lookups go through the shared scan (run_places). */
static PkStatus
run_lookup(const PkMatcher *m, const PkRule *r, const char *text, size_t len, PkMentionList *out)
{
	const PkWordList *wl = rule_list(m, r, 0);
	const PkWordList *except = r->lookup_except ? rule_list(m, r, 1) : NULL;
	if (!wl)
		return PK_OK;
	for (size_t i = 0; i < len;) {
		size_t n;
		int32_t cp = pk_utf8_decode_fast(text + i, len - i, &n);
		if (!is_han(cp)) {
			i += n;
			continue;
		}
		size_t ends[64];
		size_t ne = han_run_ends(text, len, i, wl->max_len, ends);
		size_t matched = 0;
		for (size_t e = ne; e-- > 1 && !matched;) {
			size_t flen = ends[e] - i;
			if (except && pk_wordlist_has(except, text + i, flen))
				continue;
			if (!pk_wordlist_has(wl, text + i, flen))
				continue;
			PkMention *mm = push(out);
			if (!mm)
				return out->n >= PK_MAX_MATCHES ? PK_ERR_LIMIT : PK_ERR_NOMEM;
			mm->rule = r;
			mm->start = i;
			mm->end = ends[e];
			mm->role[PK_ROLE_NAME] = (PkSpan){i, ends[e], 1};
			matched = flen;
		}
		i += matched ? matched : n;
	}
	return PK_OK;
}

/* Bytes of context a trigger window keeps on each side: longer than any name a pattern
 * builds around its trigger (unit names: 20 characters before the suffix = 60 bytes). */
#define PK_TRIGGER_CONTEXT 120


static int
cmp_window(const void *a, const void *b)
{
	const Window *x = a, *y = b;
	return x->s < y->s ? -1 : x->s > y->s;
}

/* Sorts and merges overlapping windows in place; returns the new count. */
static size_t
merge_windows(Window *w, size_t nw)
{
	/* scan_triggers adds them left to right: usually already sorted (windows with one
	 * start merge the same in any order) */
	size_t sorted = 1;
	while (sorted < nw && w[sorted - 1].s <= w[sorted].s)
		sorted++;
	if (sorted < nw)
		qsort(w, nw, sizeof(Window), cmp_window);
	size_t k = 0;
	for (size_t i = 0; i < nw; i++) {
		if (k && w[i].s <= w[k - 1].e) {
			if (w[i].e > w[k - 1].e)
				w[k - 1].e = w[i].e;
		} else {
			w[k++] = w[i];
		}
	}
	return k;
}

/* The end of the window around a trigger at [at, at+tl) for rule r: PK_TRIGGER_CONTEXT
 * bytes on, or the rule's `window B A` (A characters on); on a character boundary. */
static size_t
window_end(const PkRule *r, const char *text, size_t len, size_t at, size_t tl)
{
	if (r->has_window) {
		size_t e = at + tl;
		for (unsigned k = 0; k < r->window_after && e < len; k++) {
			e++;
			while (e < len && ((unsigned char)text[e] & 0xC0) == 0x80)
				e++;
		}
		return e;
	}
	size_t e = at + tl + PK_TRIGGER_CONTEXT < len ? at + tl + PK_TRIGGER_CONTEXT : len;
	while (e < len && ((unsigned char)text[e] & 0xC0) == 0x80)
		e++;
	return e;
}

/* The start of the window around a trigger at `at` for rule r: PK_TRIGGER_CONTEXT bytes
 * back, or the rule's `window B A` (B characters back); on a character boundary.
 *
 * A walk back that reaches `stop` (the end of the rule's last window) ends there with
 * *partial set: the window starts at or before stop, which is all its caller needs to
 * know (it merges into that window). Han text has 3-byte characters, so the walk counts
 * character starts 8 bytes at a time (rules look up to 40 characters back). */
static size_t
window_start(const PkRule *r, const char *text, size_t at, size_t stop, int *partial)
{
	*partial = 0;
	if (!r->has_window) {
		size_t s = at > PK_TRIGGER_CONTEXT ? at - PK_TRIGGER_CONTEXT : 0;
		while (s > 0 && ((unsigned char)text[s] & 0xC0) == 0x80)
			s--;
		return s;
	}
	size_t s = at;
	unsigned left = r->window_before;
	while (left && s > 0) {
		if (s <= stop) {
			*partial = 1;
			return s;
		}
		if (s >= 8) {
			uint64_t w;
			memcpy(&w, text + s - 8, 8);
			/* continuation bytes (10xxxxxx) have bit 7 set and bit 6 clear; the
			 * multiply adds up the bytes' flags in the top byte (no popcount
			 * instruction in the baseline x86-64 set: a libgcc call) */
			uint64_t cont = (w & ~(w << 1) & 0x8080808080808080u) >> 7;
			unsigned starts = 8 - (unsigned)((cont * 0x0101010101010101u) >> 56);
			if (starts < left) {
				left -= starts;
				s -= 8;
				continue;
			}
		}
		s--;
		while (s > 0 && ((unsigned char)text[s] & 0xC0) == 0x80)
			s--;
		left--;
	}
	return s;
}

/* The window around a trigger at [at, at+tl) for rule r: PK_TRIGGER_CONTEXT bytes on each
 * side, or the rule's `window B A` (B characters back, A on); on character boundaries. */
static Window
window_at(const PkRule *r, const char *text, size_t len, size_t at, size_t tl)
{
	int partial;
	return (Window){window_start(r, text, at, 0, &partial), window_end(r, text, len, at, tl)};
}

/* The windows of one trigger word found at text[at..): one per rule it triggers. Rules
 * with the same window shape share one computation (the date rules all wait on 年). */
static int
trigger_found(PkMatcher *m, const struct TWord *t, const char *text, size_t len, size_t at,
              size_t tl)
{
	const PkRule *prev = NULL;
	Window w = {0, 0};
	int w_partial = 1;
	for (size_t r = 0; r < t->n_rules; r++) {
		size_t ri = t->rules[r];
		const PkRule *rule = &m->rs->rules[ri];
		Window *last = m->n_win[ri] ? &m->win[ri][m->n_win[ri] - 1] : NULL;
		if (!prev || rule->has_window != prev->has_window ||
		    (rule->has_window && (rule->window_before != prev->window_before ||
		                          rule->window_after != prev->window_after))) {
			w.e = window_end(rule, text, len, at, tl);
			w_partial = 1;   /* start not known yet */
			prev = rule;
		}
		/* Triggers come in text order and a window's start never decreases with its
		 * trigger's, so a window starting at or before the end of the rule's last one
		 * only stretches it (what add_window does): the walk back stops there. */
		if (w_partial) {
			size_t s = window_start(rule, text, at, last ? last->e : 0, &w_partial);
			if (w_partial) {
				if (w.e > last->e)
					last->e = w.e;
				continue;
			}
			w.s = s;
		}
		if (add_window(m, ri, w.s, w.e))
			return -1;
	}
	return 0;
}

/* One pass over the text for every rule's triggers: fills m->win. */
static int
scan_triggers(PkMatcher *m, const char *text, size_t len)
{
	for (size_t r = 0; r < m->rs->n_rules; r++)
		m->n_win[r] = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char b0 = (unsigned char)text[i];
		/* No trigger word starts inside a character (they are UTF-8: rule lines are
		 * checked, list files are not, see index_triggers). */
		if (b0 >= 0x80 && b0 < 0xC0 && m->utf8_triggers)
			continue;
		for (int k = m->head1[b0]; k >= 0; k = m->tw[k].next)
			if (trigger_found(m, &m->tw[k], text, len, i, 1))
				return -1;
		if (i + 1 >= len)
			break;
		for (int k = m->head2[b0 << 8 | (unsigned char)text[i + 1]]; k >= 0; k = m->tw[k].next)
			if (trigger_found(m, &m->tw[k], text, len, i, 2))
				return -1;
		if (i + 2 >= len)
			continue;
		for (int k = m->head3[key3(text + i)]; k >= 0; k = m->tw[k].next) {
			const struct TWord *t = &m->tw[k];
			if (t->len > len - i || text[i] != t->w[0] || text[i + 1] != t->w[1] ||
			    text[i + 2] != t->w[2] ||
			    (t->len > 3 && memcmp(text + i + 3, t->w + 3, t->len - 3)))
				continue;
			if (trigger_found(m, t, text, len, i, t->len))
				return -1;
		}
	}
	for (size_t r = 0; r < m->rs->n_rules; r++)
		m->n_win[r] = merge_windows(m->win[r], m->n_win[r]);
	return 0;
}

/* Windows of text around every occurrence of r's triggers, merged; NULL with *n = 0 when
 * there is none. Windows start and end on character boundaries. */
static Window *
trigger_windows(const PkRule *r, const char *text, size_t len, size_t *n)
{
	Window *w = NULL;
	size_t nw = 0, cap = 0;
	for (size_t t = 0; t < r->n_triggers; t++) {
		size_t tl = strlen(r->triggers[t]);
		const char *p = text, *end = text + len;
		while (tl && p < end && (p = memmem(p, (size_t)(end - p), r->triggers[t], tl))) {
			size_t at = (size_t)(p - text);
			if (nw == cap) {
				cap = cap ? cap * 2 : 64;
				Window *nwp = realloc(w, cap * sizeof(Window));
				if (!nwp) {
					free(w);
					*n = 0;
					return NULL;
				}
				w = nwp;
			}
			w[nw++] = window_at(r, text, len, at, tl);
			p += tl;
		}
	}
	if (nw)   /* w may be NULL: qsort(NULL, 0, …) is undefined */
		*n = merge_windows(w, nw);
	return w;
}

static PkStatus match_range(PkMatcher *m, const PkRule *r, const char *text, size_t len,
                            size_t from, size_t to, const char *label, PkMentionList *out,
                            size_t *last_end);

static PkStatus run_rule(PkMatcher *m, const PkRule *r, const char *text, size_t len,
                         const char *label, PkMentionList *out);

PkStatus
pk_matcher_run_rule(PkMatcher *m, const PkRule *r, const char *text, size_t len,
                    const char *label, PkMentionList *out)
{
	m->cands_valid = 0;   /* a new text */
	m->triggers_valid = 0;
	return run_rule(m, r, text, len, label, out);
}

static PkStatus
run_rule(PkMatcher *m, const PkRule *r, const char *text, size_t len, const char *label,
         PkMentionList *out)
{
	if (r->lookup && !strcmp(r->lookup, "places"))
		return run_places(m, r, text, len, out);
	if (r->lookup)
		return run_lookup(m, r, text, len, out);
	if (!r->code)
		return PK_OK;
	size_t last_end = 0;
	if (!r->n_triggers || m->no_triggers)
		return match_range(m, r, text, len, 0, len, label, out, &last_end);
	if (m->triggers_valid) {
		size_t ri = (size_t)(r - m->rs->rules);
		PkStatus st = PK_OK;
		for (size_t i = 0; i < m->n_win[ri] && st == PK_OK; i++)
			st = match_range(m, r, text, len, m->win[ri][i].s, m->win[ri][i].e, label, out, &last_end);
		return st;
	}
	size_t nw = 0;
	Window *w = trigger_windows(r, text, len, &nw);
	PkStatus st = PK_OK;
	for (size_t i = 0; i < nw && st == PK_OK; i++)
		st = match_range(m, r, text, len, w[i].s, w[i].e, label, out, &last_end);
	free(w);
	return st;
}

/* Matches r over text[from..to) (lookbehinds may see text before from); matches starting
 * before *last_end are skipped, so windows never report a match twice. */
static PkStatus
match_range(PkMatcher *m, const PkRule *r, const char *text, size_t len, size_t from,
            size_t to, const char *label, PkMentionList *out, size_t *last_end)
{
	/* A window limits where a match may start (PCRE2's offset limit), never what the
	 * pattern sees: lookaheads and $ still see the whole text. */
	pcre2_set_offset_limit(m->mctx, to);
	const Compiled *c = r->code;
	pcre2_code *re = c->re;
	size_t off = from;
	while (off <= to) {
		/* pcre2_jit_match skips pcre2_match's checks: the text was validated once, the
		 * offsets are in range, the options are the same (JIT reads the offset limit and
		 * the match limits from the same context). */
		int rc = c->jit ? pcre2_jit_match(re, (PCRE2_SPTR)text, len, off, PCRE2_NO_UTF_CHECK, m->md, m->mctx)
		                : pcre2_match(re, (PCRE2_SPTR)text, len, off, PCRE2_NO_UTF_CHECK, m->md, m->mctx);
		if (rc == PCRE2_ERROR_NOMATCH)
			break;
		if (rc < 0) {
			PCRE2_UCHAR buf[256];
			pcre2_get_error_message(rc, buf, sizeof buf);
			unsigned line, col;
			pk_utf8_linecol(text, off, &line, &col);
			PkLoc loc = {label, line, col, NULL, 0};
			pk_log(PK_LOG_WARNING, &loc, "rule '%s' (%s:%u) skipped for this article: %s%s",
			       r->id, r->file, r->line, (char *)buf,
			       rc == PCRE2_ERROR_MATCHLIMIT ? " (PK_MATCH_LIMIT)" :
			       rc == PCRE2_ERROR_DEPTHLIMIT ? " (PK_DEPTH_LIMIT)" : "");
			return PK_ERR_MATCH;
		}
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
		size_t s = ov[0], e = ov[1];
		if (e > s && s < *last_end) {
			off = e;
			continue;
		}
		if (e > s) {
			*last_end = e;
			PkMention *mm = push(out);
			if (!mm)
				return out->n >= PK_MAX_MATCHES ? PK_ERR_LIMIT : PK_ERR_NOMEM;
			mm->rule = r;
			mm->start = s;
			mm->end = e;
			for (uint32_t i = 0; i < c->n_roles; i++) {
				unsigned g = c->roles[i].group, role = c->roles[i].role;
				if ((int)g >= rc || ov[2 * g] == PCRE2_UNSET)
					continue;
				/* With duplicate names the first set group wins. */
				if (!mm->role[role].set)
					mm->role[role] = (PkSpan){ov[2 * g], ov[2 * g + 1], 1};
			}
			off = e;
		} else {
			/* Empty match: step one character so the loop ends. */
			size_t n = 1;
			if (s < len)
				pk_utf8_decode(text + s, len - s, &n);
			off = s + n;
		}
	}
	return PK_OK;
}

PkStatus
pk_matcher_run(PkMatcher *m, const char *text, size_t len, const char *label, PkMentionList *out)
{
	PkStatus worst = PK_OK;
	m->cands_valid = 0;   /* scanned once, on the first places lookup */
	m->triggers_valid = !m->no_triggers && scan_triggers(m, text, len) == 0;
	for (size_t i = 0; i < m->rs->n_rules; i++) {
		const PkRule *r = &m->rs->rules[i];
		if (r->disabled)
			continue;
		size_t before = out->n;
		PkStatus st = run_rule(m, r, text, len, label, out);
		if (st == PK_ERR_LIMIT) {
			PkLoc loc = {label, 0, 0, NULL, 0};
			pk_log(PK_LOG_ERROR, &loc, "more than %u rule matches in one article (PK_MAX_MATCHES)",
			       PK_MAX_MATCHES);
		}
		if (st == PK_ERR_LIMIT || st == PK_ERR_NOMEM)
			return st;
		if (st != PK_OK) {
			out->n = before;   /* skipped: none of the rule's matches count */
			worst = st;
		}
	}
	return worst;
}

/* A mention's place in one order (text order, or strength): compared field by field,
 * then by rule id. Small, so a sort moves keys, not mentions. */
typedef struct {
	uint64_t k0, k1, k2;
	const char *id;
	uint32_t idx;       /* the mention */
} Key;

static inline int
key_before(const Key *x, const Key *y)
{
	if (x->k0 != y->k0)
		return x->k0 < y->k0;
	if (x->k1 != y->k1)
		return x->k1 < y->k1;
	if (x->k2 != y->k2)
		return x->k2 < y->k2;
	return strcmp(x->id, y->id) < 0;
}

/* Higher priorities first (a rule's priority is an int). */
static uint64_t
prio_key(int priority)
{
	return (uint64_t)((int64_t)INT32_MAX - (int64_t)priority);
}

/* Text order: by start, then longest first, then higher priority, then rule id. */
static Key
text_key(const PkMention *m, size_t i)
{
	return (Key){m->start, ~(uint64_t)m->end, prio_key(m->rule->priority), m->rule->id,
	             (uint32_t)i};
}

/* Strength (a before b: a beats b): higher priority, then longer, then earlier, then
 * rule id. */
static Key
strength_key(const PkMention *m, size_t i)
{
	return (Key){prio_key(m->rule->priority), ~(uint64_t)(m->end - m->start), m->start,
	             m->rule->id, (uint32_t)i};
}

/* Merge sort of k[0..n) with tmp as scratch. Keys never tie (two mentions of one rule
 * never share a span), so any sort gives the order qsort gave. Each rule's mentions come
 * in text order: most merges find their halves in order after one test. */
static void
sort_keys(Key *k, Key *tmp, size_t n)
{
	if (n < 2)
		return;
	size_t h = n / 2;
	sort_keys(k, tmp, h);
	sort_keys(k + h, tmp, n - h);
	if (!key_before(&k[h], &k[h - 1]))
		return;
	memcpy(tmp, k, h * sizeof *k);
	size_t i = 0, j = h, o = 0;
	while (i < h && j < n)
		k[o++] = key_before(&k[j], &tmp[i]) ? k[j++] : tmp[i++];
	while (i < h)
		k[o++] = tmp[i++];
}

void
pk_mentions_resolve(PkMentionList *ml)
{
	if (!ml->n)
		return;
	size_t n = ml->n;   /* at most PK_MAX_MATCHES: indices fit 32 bits */
	Key *keys = malloc(n * sizeof *keys);
	Key *tmp = malloc(n * sizeof *tmp);
	uint32_t *idx = malloc(n * sizeof *idx);
	size_t *rank = malloc(n * sizeof *rank);
	if (!keys || !tmp || !idx || !rank) {
		free(keys);
		free(tmp);
		free(idx);
		free(rank);
		return;
	}
	for (size_t i = 0; i < n; i++)
		keys[i] = text_key(&ml->items[i], i);
	sort_keys(keys, tmp, n);
	for (size_t i = 0; i < n; i++)
		idx[i] = keys[i].idx;
	/* Puts items[idx[i]] at i, cycle by cycle: each mention moves once. */
	for (size_t i = 0; i < n; i++) {
		if (idx[i] == i)
			continue;
		PkMention t = ml->items[i];
		size_t j = i;
		while (idx[j] != i) {
			size_t from = idx[j];
			ml->items[j] = ml->items[from];
			idx[j] = (uint32_t)j;
			j = from;
		}
		ml->items[j] = t;
		idx[j] = (uint32_t)j;
	}
	for (size_t i = 0; i < n; i++)
		keys[i] = strength_key(&ml->items[i], i);
	sort_keys(keys, tmp, n);
	for (size_t i = 0; i < n; i++)
		idx[i] = keys[i].idx;
	for (size_t i = 0; i < n; i++)
		rank[idx[i]] = i;   /* idx: strongest first */
	/* Strongest first: a surviving mention drops every weaker overlapping one of its
	 * layer. Items are sorted by start, so the inner scan stops at the first mention that
	 * starts after a ends. */
	/* Only mentions starting less than the longest span before a can overlap it. */
	size_t max_span = 0;
	for (size_t i = 0; i < n; i++)
		if (ml->items[i].end - ml->items[i].start > max_span)
			max_span = ml->items[i].end - ml->items[i].start;
	for (size_t oi = 0; oi < n; oi++) {
		PkMention *a = &ml->items[idx[oi]];
		int la = layer_of(a->rule->type);
		if (a->dropped_by >= 0 || la >= 3)
			continue;
		size_t from = a->start > max_span ? a->start - max_span : 0, lo = 0, hi = n;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (ml->items[mid].start < from)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t j = lo; j < n; j++) {
			PkMention *b = &ml->items[j];
			if (b->start >= a->end)
				break;
			if (b == a || b->end <= a->start || b->dropped_by >= 0 || rank[j] < oi ||
			    layer_of(b->rule->type) != la || names_conferrer(a, b))
				continue;
			b->dropped_by = (int)(a - ml->items);
		}
	}
	free(keys);
	free(tmp);
	free(idx);
	free(rank);
}

void
pk_mentions_free(PkMentionList *ml)
{
	if (!ml)
		return;
	free(ml->items);
	ml->items = NULL;
	ml->n = ml->cap = 0;
}
