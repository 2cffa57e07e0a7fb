/* link_ctx.c — what the linking steps share: the article context (Ctx, its word lists),
 * small string helpers, positions in the text (mentions, sentences, clauses), and the
 * entity and evidence tables every step adds to (see link_ctx.h). */
#include "link_ctx.h"

#include "utf8.h"

#include <stdlib.h>
#include <string.h>

int
pk_link_grow_array(void **arr, size_t *cap, size_t elem)
{
	size_t nc = *cap ? *cap * 2 : 16;
	void *p = realloc(*arr, nc * elem);
	if (!p)
		return -1;
	*arr = p;
	*cap = nc;
	return 0;
}

char *
pk_link_dupn(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

char *
pk_link_concat(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = malloc(la + lb + 1);
	if (p) {
		memcpy(p, a, la);
		memcpy(p + la, b, lb + 1);
	}
	return p;
}

int
pk_link_ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);
	return ls >= lx && !memcmp(s + ls - lx, suffix, lx);
}

/* ---- the article context shared by the linking steps ---- */

static const char *const list_names[L_COUNT] = {
	"place_stop_forms", "unit_suffixes", "bureau_suffixes", "standalone_suffixes",
	"needs_local", "district_suffixes", "generic_locals", "national_units", "departments",
	"local_stop_words", "local_stop_end_chars", "local_stop_chars", "result_words",
	"not_result_words", "honor_scope_prefixes", "individual_honor_suffixes",
	"department_synonyms", "honor_plural_before", "honor_plural_after",
};

void
pk_link_ctx_init(Ctx *c, PkDoc *doc, const PkRuleSet *rs, const PkMentionList *ml)
{
	memset(c, 0, sizeof *c);
	c->doc = doc;
	c->rs = rs;
	c->gaz = rs->gazetteer;
	c->ml = ml;
	c->main_bureau = c->main_city_bureau = c->main_county_bureau = -1;
	for (int i = 0; i < L_COUNT; i++)
		c->list[i] = pk_ruleset_list(rs, list_names[i]);
}


/* Index of the first mention starting at or after off (mentions are sorted by start). */
size_t
pk_link_first_mention_at(const PkMentionList *ml, size_t off)
{
	size_t lo = 0, hi = ml->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (ml->items[mid].start < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int
pk_link_excluded(const Ctx *c, size_t off)
{
	for (size_t i = 0; i < c->n_excl; i++)
		if (off >= c->excl[i][0] && off < c->excl[i][1])
			return 1;
	return 0;
}

/* Does the line at p open a numbered section: 一、 二、 … 十二、 or 1. 2、 (full-width
 * forms are ASCII after normalising)? */
static int
opens_section(const char *p, const char *end)
{
	static const char cn[] = "一二三四五六七八九十";
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p < end && *p >= '0' && *p <= '9') {
		p += p + 1 < end && p[1] >= '0' && p[1] <= '9' ? 2 : 1;
		return p < end && (*p == '.' || (end - p >= 3 && !memcmp(p, "、", 3)));
	}
	int n = 0;
	while (end - p >= 3 && n < 3) {
		const char *hit = NULL;
		for (size_t k = 0; k + 3 <= sizeof cn - 1 && !hit; k += 3)
			if (!memcmp(p, cn + k, 3))
				hit = p;
		if (!hit)
			break;
		p += 3;
		n++;
	}
	return n && end - p >= 3 && !memcmp(p, "、", 3);
}

size_t
pk_link_section_start(Ctx *c, size_t off)
{
	const PkDoc *d = c->doc;
	if (!c->sections_ready) {
		c->sections_ready = 1;
		size_t cap = 0;
		for (size_t i = 0; i < d->len; i++) {
			if ((i == 0 || d->text[i - 1] == '\n') && opens_section(d->text + i, d->text + d->len) &&
			    !GROW(c->sections, c->n_sections, cap))
				c->sections[c->n_sections++] = i;
		}
	}
	size_t best = 0;
	for (size_t k = 0; k < c->n_sections && c->sections[k] <= off; k++)
		best = c->sections[k];
	return best;
}

int
pk_link_alive(const Ctx *c, const PkMention *m)
{
	return m->dropped_by < 0 && !pk_link_excluded(c, m->start);
}

int
pk_link_sentence_of(const PkDoc *d, size_t off)
{
	size_t lo = 0, hi = d->n_sent;
	while (lo + 1 < hi) {
		size_t mid = (lo + hi) / 2;
		if (d->sent_start[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return (int)lo;
}

int
pk_link_add_evidence(Ctx *c, size_t s, size_t e, const PkRule *r, const char *note)
{
	PkDoc *d = c->doc;
	if (GROW(d->ev, d->n_ev, d->cap_ev))
		return -1;
	d->ev[d->n_ev] = (PkEvidence){s, e, r, pk_link_sentence_of(d, s), note};
	return (int)d->n_ev++;
}

void
pk_link_ent_add_ev(PkEntity *e, int ev)
{
	if (ev < 0)
		return;
	/* evidence arrives in text order: a repeat is one of the last few (keeps this
	 * linear on articles that name one unit thousands of times) */
	for (size_t i = e->n_ev, k = 0; i-- > 0 && k < 8; k++)
		if (e->ev[i] == ev)
			return;
	int *p = realloc(e->ev, (e->n_ev + 1) * sizeof(int));
	if (p) {
		e->ev = p;
		e->ev[e->n_ev++] = ev;
	}
}

void
pk_link_ent_add_alt(PkEntity *e, const char *s, size_t n)
{
	if (!n || n > 300)
		return;
	if (strlen(e->label) == n && !memcmp(e->label, s, n)) {
		e->label_seen = 1;
		return;
	}
	for (size_t i = 0; i < e->n_alts; i++)
		if (strlen(e->alts[i]) == n && !memcmp(e->alts[i], s, n))
			return;
	char **p = realloc(e->alts, (e->n_alts + 1) * sizeof(char *));
	if (!p)
		return;
	e->alts = p;
	e->alts[e->n_alts] = pk_link_dupn(s, n);
	if (e->alts[e->n_alts])
		e->n_alts++;
}

int
pk_link_find_entity(const PkDoc *d, PkEntKind kind, const char *label)
{
	for (size_t i = 0; i < d->n_ents; i++)
		if (!d->ents[i].dead && d->ents[i].kind == kind && !strcmp(d->ents[i].label, label))
			return (int)i;
	return -1;
}

/* Returns the entity with this label, creating it; takes ownership of label. */
int
pk_link_get_entity(Ctx *c, PkEntKind kind, char *label, const char *iri_name)
{
	PkDoc *d = c->doc;
	if (!label)
		return -1;
	int i = pk_link_find_entity(d, kind, label);
	if (i >= 0) {
		free(label);
		return i;
	}
	if (GROW(d->ents, d->n_ents, d->cap_ents)) {
		free(label);
		return -1;
	}
	PkEntity *e = &d->ents[d->n_ents];
	memset(e, 0, sizeof *e);
	e->kind = kind;
	e->label = label;
	e->iri_name = strdup(iri_name ? iri_name : label);
	e->parent = e->located = e->gaz = e->anchor_gaz = e->founded_ev = -1;
	return (int)d->n_ents++;
}

/* ---- positions in the text ---- */

size_t
pk_link_prev_char(const char *t, size_t off)
{
	if (!off)
		return 0;   /* nothing before the start (found by fuzz_extract) */
	size_t p = off - 1;
	while (p > 0 && ((unsigned char)t[p] & 0xC0) == 0x80)
		p--;
	return p;
}

/* Does clause punctuation , ; 。 ! ? \n : … start at s? (s is NUL-terminated text) */
static int
is_clause_stop(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	switch (u[0]) {
	case ',': case ';': case '!': case '?': case '\n': case ':':
		return 1;
	case 0xE3:
		return u[1] == 0x80 && u[2] == 0x82;   /* 。 U+3002 */
	case 0xE2:
		return u[1] == 0x80 && u[2] == 0xA6;   /* … U+2026 */
	}
	return 0;
}

/* Byte range of the clause around off: between clause punctuation. */
void
pk_link_clause_of(const PkDoc *d, size_t off, size_t *s, size_t *e)
{
	size_t a = off, b = off;
	for (;;) {
		if (a == 0)
			break;
		size_t p = a - 1;
		while (p > 0 && ((unsigned char)d->text[p] & 0xC0) == 0x80)
			p--;
		if (is_clause_stop(d->text + p))
			break;
		a = p;
	}
	while (b < d->len) {
		if (is_clause_stop(d->text + b))
			break;
		size_t k;
		pk_utf8_decode(d->text + b, d->len - b, &k);
		b += k;
	}
	*s = a;
	*e = b;
}

int
pk_link_road_after(const char *s, size_t n)
{
	static const char *const roads[] = {"路", "大街", "大道", "巷", "胡同"};
	/* 南京东路, 西藏中路, 北京西大街: a direction between the name and the road */
	static const char *const dirs[] = {"东", "西", "南", "北", "中"};
	for (size_t k = 0; k < sizeof dirs / sizeof dirs[0]; k++) {
		if (n < 6 || memcmp(s, dirs[k], 3))
			continue;
		if (!memcmp(s + 3, "路", 3) ||
		    (n >= 9 && (!memcmp(s + 3, "大街", 6) || !memcmp(s + 3, "大道", 6))))
			return 2;
	}
	for (size_t k = 0; k < sizeof roads / sizeof roads[0]; k++) {
		size_t l = strlen(roads[k]);
		if (n >= l && !memcmp(s, roads[k], l))
			return 1;
	}
	/* 街 but not 街道 (解放街道派出所 is named after a subdistrict) */
	return n >= 3 && !memcmp(s, "街", 3) && (n < 6 || memcmp(s + 3, "道", 3));
}

static int
alias_of_kind(const PkMention *m, const char *kind)
{
	const char *k = m->rule->consts[PK_ROLE_KIND];
	return m->rule->type == PK_TYPE_ALIAS && k && !strcmp(k, kind);
}

/* 全市公安机关, 各派出所 (unit.generic, `set kind=area`): the police of a whole area, kept as
 * written; no unit. */
int
pk_link_is_area_alias(const PkMention *m)
{
	return alias_of_kind(m, "area");
}

/* unit.declared (`set kind=declared`): the bracket declaring a short name, (以下简称“网安
 * 支队”), or a later use of that name, added by pk_link_trim (its span is the name alone). */
int
pk_link_is_declared(const PkMention *m)
{
	return alias_of_kind(m, "declared");
}

int
pk_link_is_declared_use(const PkMention *m)
{
	return pk_link_is_declared(m) && m->start == m->role[PK_ROLE_NAME].start;
}
