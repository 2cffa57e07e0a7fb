/* link.c — mentions → entities and facts for one article (see link.h). */
#include "link.h"

#include "buf.h"
#include "gazetteer.h"
#include "numbers.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GROW(arr, n, cap)                                                        \
	((n) < (cap) ? 0 : grow_array((void **)&(arr), &(cap), sizeof(*(arr))))

static int
grow_array(void **arr, size_t *cap, size_t elem)
{
	size_t nc = *cap ? *cap * 2 : 16;
	void *p = realloc(*arr, nc * elem);
	if (!p)
		return -1;
	*arr = p;
	*cap = nc;
	return 0;
}

static char *
dupn(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static char *
concat(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = malloc(la + lb + 1);
	if (p) {
		memcpy(p, a, la);
		memcpy(p + la, b, lb + 1);
	}
	return p;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);
	return ls >= lx && !memcmp(s + ls - lx, suffix, lx);
}

/* ---- the article context shared by the linking steps ---- */

/* The word lists the linker consults, looked up by name once per article. */
enum {
	L_PLACE_STOP_FORMS, L_UNIT_SUFFIXES, L_BUREAU_SUFFIXES, L_STANDALONE_SUFFIXES,
	L_NEEDS_LOCAL, L_DISTRICT_SUFFIXES, L_GENERIC_LOCALS, L_NATIONAL_UNITS, L_DEPARTMENTS,
	L_LOCAL_STOP_WORDS, L_LOCAL_STOP_END_CHARS, L_LOCAL_STOP_CHARS, L_RESULT_WORDS,
	L_NOT_RESULT_WORDS, L_HONOR_SCOPE_PREFIXES, L_INDIVIDUAL_HONOR_SUFFIXES, L_COUNT
};

static const char *const list_names[L_COUNT] = {
	"place_stop_forms", "unit_suffixes", "bureau_suffixes", "standalone_suffixes",
	"needs_local", "district_suffixes", "generic_locals", "national_units", "departments",
	"local_stop_words", "local_stop_end_chars", "local_stop_chars", "result_words",
	"not_result_words", "honor_scope_prefixes", "individual_honor_suffixes",
};

typedef struct {
	PkDoc *doc;
	const PkRuleSet *rs;
	const PkGazetteer *gaz;
	const PkMentionList *ml;
	size_t (*excl)[2];      /* excluded byte ranges */
	size_t n_excl;
	int *ment_ent;          /* entity of each mention, -1 */
	int main_bureau;        /* the article's most mentioned bureau, -1 */
	int main_city_bureau;   /* … whose anchor is a city, -1 */
	int main_county_bureau;
	int *named_places;      /* gazetteer places the article names (full names, city short
	                           names), computed once: short-name checks ask often */
	size_t n_named_places;
	size_t *unambiguous;    /* indexes into named_places of names with one meaning */
	size_t n_unambiguous;
	int named_ready;
	const PkWordList *list[L_COUNT];   /* NULL: not declared by the rules */
} Ctx;

static void
ctx_init(Ctx *c, PkDoc *doc, const PkRuleSet *rs, const PkMentionList *ml)
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

static void clause_of(const PkDoc *d, size_t off, size_t *s, size_t *e);
static int mention_entity(Ctx *c, size_t i);

/* Index of the first mention starting at or after off (mentions are sorted by start). */
static size_t
first_mention_at(const PkMentionList *ml, size_t off)
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

static int
excluded(const Ctx *c, size_t off)
{
	for (size_t i = 0; i < c->n_excl; i++)
		if (off >= c->excl[i][0] && off < c->excl[i][1])
			return 1;
	return 0;
}

static int
alive(const Ctx *c, const PkMention *m)
{
	return m->dropped_by < 0 && !excluded(c, m->start);
}

static int
sentence_of(const PkDoc *d, size_t off)
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

static int
add_evidence(Ctx *c, size_t s, size_t e, const PkRule *r, const char *note)
{
	PkDoc *d = c->doc;
	if (GROW(d->ev, d->n_ev, d->cap_ev))
		return -1;
	d->ev[d->n_ev] = (PkEvidence){s, e, r, sentence_of(d, s), note};
	return (int)d->n_ev++;
}

static void
ent_add_ev(PkEntity *e, int ev)
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

static void
ent_add_alt(PkEntity *e, const char *s, size_t n)
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
	e->alts[e->n_alts] = dupn(s, n);
	if (e->alts[e->n_alts])
		e->n_alts++;
}

static int
find_entity(const PkDoc *d, PkEntKind kind, const char *label)
{
	for (size_t i = 0; i < d->n_ents; i++)
		if (!d->ents[i].dead && d->ents[i].kind == kind && !strcmp(d->ents[i].label, label))
			return (int)i;
	return -1;
}

/* Returns the entity with this label, creating it; takes ownership of label. */
static int
get_entity(Ctx *c, PkEntKind kind, char *label, const char *iri_name)
{
	PkDoc *d = c->doc;
	if (!label)
		return -1;
	int i = find_entity(d, kind, label);
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

/* ---- places ---- */

/* The entity of gazetteer place g (creating it). */
static int
place_entity(Ctx *c, int g)
{
	const PkPlace *p = pk_gazetteer_place(c->gaz, g);
	char iri[96];
	if (*p->code)
		snprintf(iri, sizeof iri, "%s-%s", p->code, p->name);
	else
		snprintf(iri, sizeof iri, "%s", p->name);
	int e = get_entity(c, PK_ENT_PLACE, strdup(p->name), iri);
	if (e >= 0) {
		c->doc->ents[e].gaz = g;
		c->doc->ents[e].untyped = 0;
	}
	return e;
}

/* Links a place entity into its gazetteer ancestors (up to the province); ancestors the
 * article does not name are kept untyped (the gazetteer knows them, the text does not). */
static void
place_ancestors(Ctx *c, int e)
{
	while (e >= 0) {
		PkEntity *pe = &c->doc->ents[e];
		if (pe->gaz < 0 || pe->parent >= 0)
			return;
		int pg = pk_gazetteer_place(c->gaz, pe->gaz)->parent;
		if (pg < 0)
			return;
		const PkPlace *pp = pk_gazetteer_place(c->gaz, pg);
		char iri[96];
		snprintf(iri, sizeof iri, "%s-%s", pp->code, pp->name);
		int known = find_entity(c->doc, PK_ENT_PLACE, pp->name);
		int pe2 = get_entity(c, PK_ENT_PLACE, strdup(pp->name), iri);
		if (pe2 < 0)
			return;
		if (known < 0) {
			c->doc->ents[pe2].untyped = 1;
			c->doc->ents[pe2].gaz = pg;
		}
		c->doc->ents[e].parent = pe2;
		e = pe2;
	}
}

/* Is gazetteer place a inside place b (or equal)? */
static int
gaz_within(const PkGazetteer *g, int a, int b)
{
	for (int i = a; i >= 0; i = pk_gazetteer_place(g, i)->parent)
		if (i == b)
			return 1;
	return 0;
}

/* Chooses among same-name places: one related to a place the article names unambiguously,
 * else the highest level (a city before a county before a town). */
static void collect_named_places(Ctx *c);

static int
choose_place(Ctx *c, const PkPlaceHit *hits, size_t nh)
{
	if (nh == 1)
		return hits[0].place;
	if (!c->named_ready)
		collect_named_places(c);
	for (size_t h = 0; h < nh; h++) {
		for (size_t i = 0; i < c->n_unambiguous; i++) {
			int o = c->named_places[c->unambiguous[i]];
			if (o != hits[h].place && (gaz_within(c->gaz, hits[h].place, o) || gaz_within(c->gaz, o, hits[h].place)))
				return hits[h].place;
		}
	}
	int best = hits[0].place;
	for (size_t h = 1; h < nh; h++) {
		const PkPlace *a = pk_gazetteer_place(c->gaz, hits[h].place);
		const PkPlace *b = pk_gazetteer_place(c->gaz, best);
		if (a->level < b->level)
			best = hits[h].place;
	}
	/* several towns of this name and nothing in the article says which: no guess */
	if (pk_gazetteer_place(c->gaz, best)->level == PK_LEVEL_TOWN)
		return -1;
	return best;
}

/* Is a related to b closely enough to support a short name: b inside a, or a inside b
 * where b is a city or below (a province is too broad: 福建 does not make 云霄 a place). */
static int
closely_related(const PkGazetteer *g, int a, int b)
{
	if (a == b)
		return 0;
	if (gaz_within(g, b, a))
		return 1;
	return gaz_within(g, a, b) && pk_gazetteer_place(g, b)->level >= PK_LEVEL_CITY;
}

/* Does the article name (outside mention skip) a place closely related to g? Full names
 * and city-level short names count; mentions dropped by overlaps count too (厦门 inside
 * 厦门市公安局 still says the article is about 厦门). */
static void
collect_named_places(Ctx *c)
{
	const char *t = c->doc->text;
	c->named_ready = 1;
	c->named_places = malloc((c->ml->n * 4 + 1) * sizeof(int));
	c->unambiguous = malloc((c->ml->n * 4 + 1) * sizeof(size_t));
	if (!c->named_places || !c->unambiguous)
		return;
	for (size_t i = 0; i < c->ml->n; i++) {
		const PkMention *m = &c->ml->items[i];
		if (m->place < 0)
			continue;
		if (m->is_short && pk_gazetteer_place(c->gaz, m->place)->level > PK_LEVEL_CITY)
			continue;
		const PkPlaceHit *hits;
		size_t nh = pk_gazetteer_find(c->gaz, t + m->start, m->end - m->start, &hits);
		for (size_t h = 0; h < nh && h < 4; h++) {
			size_t k = 0;
			while (k < c->n_named_places && c->named_places[k] != hits[h].place)
				k++;
			if (k == c->n_named_places)
				c->named_places[c->n_named_places++] = hits[h].place;
			if (nh == 1 && c->unambiguous) {
				size_t u = 0;
				while (u < c->n_unambiguous && c->unambiguous[u] != k)
					u++;
				if (u == c->n_unambiguous)
					c->unambiguous[c->n_unambiguous++] = k;
			}
		}
	}
}

static int
has_related_place(Ctx *c, int g, size_t skip)
{
	(void)skip;   /* a mention never supports itself: closely_related(g, g) is false */
	if (!c->named_ready)
		collect_named_places(c);
	for (size_t i = 0; i < c->n_named_places; i++)
		if (closely_related(c->gaz, g, c->named_places[i]))
			return 1;
	return 0;
}

/* Longest gazetteer form at s (at least two characters); sets *len. -1 when none. */
static int
place_at(Ctx *c, const char *s, size_t avail, size_t *len, int *is_short)
{
	/* every form of two to 24 characters at s, found walking forward, tried longest first */
	struct {
		size_t end;
		const PkPlaceHit *hits;
		size_t nh;
	} found[24];
	size_t nf = 0, ne = 0;
	PkGazWalk w;
	pk_gazetteer_walk_start(&w);
	for (size_t j = 0; j < avail && ne < 24;) {
		size_t k;
		pk_utf8_decode(s + j, avail - j, &k);
		j += k;
		ne++;
		int st = pk_gazetteer_walk(c->gaz, &w, s, j);
		if (!st)
			break;
		if (ne >= 2 && st == 2) {
			found[nf].nh = pk_gazetteer_walk_find(c->gaz, &w, s, &found[nf].hits);
			found[nf].end = j;
			if (found[nf].nh)
				nf++;
		}
	}
	for (size_t f = nf; f-- > 0;) {
		const PkPlaceHit *hits = found[f].hits;
		size_t nh = found[f].nh, end = found[f].end;
		if (hits[0].is_short && pk_wordlist_has(c->list[L_PLACE_STOP_FORMS], s, end))
			continue;
		int g = choose_place(c, hits, nh);
		if (g < 0)
			continue;
		int sh = 0;
		for (size_t h = 0; h < nh; h++)
			if (hits[h].place == g)
				sh = hits[h].is_short;
		/* short names: towns never (城关 ×134); counties only with a related place or
		 * when a police word follows (晋江公安, 青山公安分局 say X is a place) */
		PkPlaceLevel lv = pk_gazetteer_place(c->gaz, g)->level;
		/* look past the span: the police word may follow it (the alias name group) */
		const char *after = s + end;
		const char *doc_end = c->doc->text + c->doc->len;
		size_t left = after >= c->doc->text && after <= doc_end ? (size_t)(doc_end - after) : 0;
		int police_after = (left >= 6 && (!memcmp(after, "公安", 6) || !memcmp(after, "警方", 6) ||
		                                  !memcmp(after, "分局", 6)));
		if (sh && (lv == PK_LEVEL_TOWN ||
		           (lv == PK_LEVEL_COUNTY && !police_after && !has_related_place(c, g, (size_t)-1))))
			continue;
		*len = end;
		*is_short = sh;
		return g;
	}
	return -1;
}

/* ---- unit names ---- */

typedef struct {
	int gaz[8];
	size_t pl_s[8], pl_e[8];   /* where each place is written in the name */
	int np;
	size_t seg_s[8], seg_e[8], suf_s[8];  /* segment i = [seg_s, seg_e), suffix at suf_s */
	int ns;
	int ctx_level;     /* name starts with a bare 市/县/区/省: that level, else -1 */
	size_t places_end;
} UnitName;

static int
in_list(const Ctx *c, int list, const char *s, size_t n)
{
	return pk_wordlist_has(c->list[list], s, n);
}

/* Longest word of list that starts at s; returns its length or 0. */
static size_t
list_prefix(const Ctx *c, int list, const char *s, size_t avail)
{
	return pk_wordlist_longest_prefix(c->list[list], s, avail);
}

static void
parse_unit_name(Ctx *c, const char *s, size_t n, UnitName *u)
{
	memset(u, 0, sizeof *u);
	u->ctx_level = -1;
	size_t pos = 0;
	static const struct { const char *w; int level; } ctx_words[] = {
		{"省", PK_LEVEL_PROVINCE}, {"市", PK_LEVEL_CITY}, {"县", PK_LEVEL_COUNTY},
		{"区", PK_LEVEL_COUNTY}, {"州", PK_LEVEL_CITY},
	};
	for (size_t i = 0; i < sizeof ctx_words / sizeof ctx_words[0]; i++)
		if (n > 3 && !memcmp(s, ctx_words[i].w, 3)) {
			u->ctx_level = ctx_words[i].level;
			pos = 3;
		}
	while (u->ctx_level < 0 && u->np < 8 && pos < n) {
		size_t len;
		int sh;
		int g = place_at(c, s + pos, n - pos, &len, &sh);
		if (g < 0 || pos + len >= n)
			break;
		/* places in a name nest: 福建省晋江市, never 晋江市 then 公安(县) */
		if (u->np && !gaz_within(c->gaz, g, u->gaz[u->np - 1]))
			break;
		u->pl_s[u->np] = pos;
		u->pl_e[u->np] = pos + len;
		u->gaz[u->np++] = g;
		pos += len;
	}
	u->places_end = pos;
	size_t seg_start = pos;
	for (size_t i = pos; i < n && u->ns < 8;) {
		size_t sl = list_prefix(c, L_UNIT_SUFFIXES, s + i, n - i);
		if (sl) {
			u->seg_s[u->ns] = seg_start;
			u->suf_s[u->ns] = i;
			u->seg_e[u->ns] = i + sl;
			u->ns++;
			i += sl;
			seg_start = i;
			continue;
		}
		size_t k;
		pk_utf8_decode(s + i, n - i, &k);
		i += k;
	}
	/* 湖里派出所: the "place" is the unit's own local name. */
	if (u->ns && u->np && u->suf_s[0] == u->seg_s[0] &&
	    in_list(c, L_NEEDS_LOCAL, s + u->suf_s[0], u->seg_e[0] - u->suf_s[0])) {
		size_t back = 0, len;
		int sh;
		/* find the start of the last place */
		size_t p0 = 0;
		for (int i = 0; i < u->np; i++) {
			place_at(c, s + p0, n - p0, &len, &sh);
			back = p0;
			p0 += len;
		}
		u->np--;
		u->seg_s[0] = back;
		u->places_end = back;
	}
}

static int
seg_is_bureau(const Ctx *c, const char *s, const UnitName *u, int i)
{
	return in_list(c, L_BUREAU_SUFFIXES, s + u->suf_s[i], u->seg_e[i] - u->suf_s[i]) &&
	       u->suf_s[i] == u->seg_s[i];
}

/* 铁路公安局, 机场公安局, 森林公安局: a bureau suffix with a word before it names an organ
 * of its own (上海铁路公安局 is no part of 上海市公安局). */
static int
seg_is_own_bureau(const Ctx *c, const char *s, const UnitName *u, int i)
{
	return in_list(c, L_BUREAU_SUFFIXES, s + u->suf_s[i], u->seg_e[i] - u->suf_s[i]) &&
	       u->suf_s[i] > u->seg_s[i];
}

/* The label of the bureau of gazetteer place g: 公安厅 for provinces, 公安局 else. */
static char *
bureau_label(Ctx *c, int g)
{
	const PkPlace *p = pk_gazetteer_place(c->gaz, g);
	/* provinces have a 公安厅, municipalities (北京市, 上海市) a 公安局 like any city */
	int province = p->level == PK_LEVEL_PROVINCE && !ends_with(p->name, "市");
	return concat(p->name, province ? "公安厅" : "公安局");
}

static int
unit_entity(Ctx *c, char *label, int anchor)
{
	/* A place name shared by several divisions (两个青山区) would give one IRI to two
	 * bureaus: the division code keeps them apart. */
	char iri[512];
	const char *iri_name = label;
	if (anchor >= 0 && label) {
		const PkPlace *p = pk_gazetteer_place(c->gaz, anchor);
		const PkPlaceHit *hits;
		if (pk_gazetteer_find(c->gaz, p->name, strlen(p->name), &hits) > 1 && *p->code) {
			snprintf(iri, sizeof iri, "%s-%s", p->code, label);
			iri_name = iri;
		}
	}
	int e = get_entity(c, PK_ENT_UNIT, label, iri_name);
	if (e >= 0 && anchor >= 0 && c->doc->ents[e].anchor_gaz < 0)
		c->doc->ents[e].anchor_gaz = anchor;
	return e;
}

/* Builds the chain of a parsed name under base (a label prefix: a bureau or an anchor
 * place name) and returns the entity of the last level. */
static int
build_chain(Ctx *c, const char *s, const UnitName *u, const char *base, int base_ent,
            int anchor, int ev, int *first_out)
{
	char *prefix = strdup(base);
	int prev = base_ent, last = -1, first = -1;
	for (int i = 0; i < u->ns && prefix; i++) {
		char *seg = dupn(s + u->seg_s[i], u->seg_e[i] - u->seg_s[i]);
		char *label = seg ? concat(prefix, seg) : NULL;
		free(seg);
		if (!label)
			break;
		free(prefix);
		prefix = strdup(label);
		int e = unit_entity(c, label, anchor);
		if (e < 0)
			break;
		PkEntity *pe = &c->doc->ents[e];
		if (i == 0 && base_ent < 0 && seg_is_bureau(c, s, u, 0))
			pe->is_bureau = 1;
		if (prev >= 0 && prev != e && pe->parent < 0)
			pe->parent = prev;
		ent_add_ev(pe, ev);
		/* the written form of this level (青山公安分局 of 青山公安分局幸福路派出所) */
		ent_add_alt(pe, s, u->seg_e[i]);
		if (first < 0)
			first = e;
		prev = last = e;
	}
	free(prefix);
	if (first_out)
		*first_out = first;
	return last;
}

/* A name written shorter than a unit the article already names in full: 福田大队 after
 * 深圳市公安局交通警察支队福田大队, 西湖区分局刑侦大队 after 杭州市公安局西湖区分局.
 * Looks for the longest leading run of segments (from byte `from`, places included when
 * written) that a longer known unit label ends with; the remaining segments are built as a
 * chain under that unit. Returns the last level's entity, or -1 (nothing known). */
static int
link_known_prefix(Ctx *c, const char *s, const UnitName *u, size_t from, int ev)
{
	PkDoc *d = c->doc;
	for (int k = u->ns; k >= 1; k--) {
		size_t wl = u->seg_e[k - 1] - from;
		if (pk_utf8_count(s + from, wl) < 3)
			break;
		int best = -1;
		for (size_t i = 0; i < d->n_ents; i++) {
			const PkEntity *e = &d->ents[i];
			size_t el = e->dead || e->kind != PK_ENT_UNIT ? 0 : strlen(e->label);
			if (el <= wl || memcmp(e->label + el - wl, s + from, wl))
				continue;
			if (best < 0 || e->n_mentions > d->ents[best].n_mentions)
				best = (int)i;
		}
		if (best < 0)
			continue;
		if (k == u->ns) {
			ent_add_ev(&d->ents[best], ev);
			return best;
		}
		UnitName rest = *u;
		memmove(rest.seg_s, rest.seg_s + k, sizeof(size_t) * (size_t)(8 - k));
		memmove(rest.seg_e, rest.seg_e + k, sizeof(size_t) * (size_t)(8 - k));
		memmove(rest.suf_s, rest.suf_s + k, sizeof(size_t) * (size_t)(8 - k));
		rest.ns -= k;
		return build_chain(c, s, &rest, d->ents[best].label, best, d->ents[best].anchor_gaz,
		                   ev, NULL);
	}
	return -1;
}

/* A unit name that starts from places: 厦门市公安局思明分局莲前派出所. */
static int
link_full_unit(Ctx *c, const char *s, const UnitName *u, int ev)
{
	int anchor = u->gaz[u->np - 1];
	/* Places named in the prefix are places of the article, nested in each other. */
	int prev_pe = -1;
	for (int i = 0; i < u->np; i++) {
		int pe = place_entity(c, u->gaz[i]);
		if (pe < 0)
			return -1;
		ent_add_ev(&c->doc->ents[pe], ev);
		ent_add_alt(&c->doc->ents[pe], s + u->pl_s[i], u->pl_e[i] - u->pl_s[i]);
		/* (gazetteer places get their parents from the gazetteer: place_ancestors) */
		prev_pe = pe;
	}
	const PkPlace *ap = pk_gazetteer_place(c->gaz, anchor);
	int first = -1, last;
	if (!seg_is_bureau(c, s, u, 0)) {
		/* 福田大队 after 深圳市公安局交通警察支队福田大队: the unit named before */
		int known = link_known_prefix(c, s, u, 0, ev);
		if (known >= 0)
			return known;
	}
	if (seg_is_bureau(c, s, u, 0)) {
		last = build_chain(c, s, u, ap->name, -1, anchor, ev, &first);
	} else if (seg_is_own_bureau(c, s, u, 0)) {
		/* 上海铁路公安局南京公安处: named as written, under no city bureau */
		char *written = dupn(s, u->places_end);
		last = written ? build_chain(c, s, u, written, -1, anchor, ev, &first) : -1;
		free(written);
	} else {
		/* 厦门出入境管理支队 is 厦门市公安局's 出入境管理支队: qualify by the bureau. */
		char *bl = bureau_label(c, anchor);
		int be = bl ? find_entity(c->doc, PK_ENT_UNIT, bl) : -1;
		last = build_chain(c, s, u, bl ? bl : ap->name, be, anchor, ev, &first);
		free(bl);
	}
	if (first >= 0 && c->doc->ents[first].located < 0)
		c->doc->ents[first].located = prev_pe;
	/* the chain's entities, level by level, walking up from the last */
	int level_ent[8];
	for (int i = u->ns - 1, e = last; i >= 0; i--) {
		level_ent[i] = e;
		e = e >= 0 ? c->doc->ents[e].parent : -1;
	}
	/* 思明分局: a 分局 named after a district sits in that district, a place too. */
	for (int i = 0; i < u->ns; i++) {
		size_t ll = u->suf_s[i] - u->seg_s[i];
		if (!ll || !in_list(c, L_DISTRICT_SUFFIXES, s + u->suf_s[i], u->seg_e[i] - u->suf_s[i]))
			continue;
		size_t len;
		int sh;
		int g = place_at(c, s + u->seg_s[i], ll, &len, &sh);
		if (g >= 0 && len == ll && gaz_within(c->gaz, g, anchor)) {
			int pe = place_entity(c, g);
			if (pe >= 0 && level_ent[i] >= 0 && c->doc->ents[level_ent[i]].located < 0)
				c->doc->ents[level_ent[i]].located = pe;
		}
	}
	return last;
}


/* ---- trimming a matched span to a name ---- */

static int
is_han_cp(int32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
}

/* The code point just before off, 0 at the start. */
static int32_t
cp_before(const char *t, size_t off)
{
	if (!off)
		return 0;
	size_t p = off - 1;
	while (p > 0 && ((unsigned char)t[p] & 0xC0) == 0x80)
		p--;
	size_t k;
	return pk_utf8_decode(t + p, off - p, &k);
}

static size_t
prev_char(const char *t, size_t off)
{
	if (!off)
		return 0;   /* nothing before the start (found by fuzz_extract) */
	size_t p = off - 1;
	while (p > 0 && ((unsigned char)t[p] & 0xC0) == 0x80)
		p--;
	return p;
}

static int
is_stop_char(const Ctx *c, const char *t, size_t off)
{
	size_t k;
	pk_utf8_decode(t + off, c->doc->len - off, &k);
	return in_list(c, L_LOCAL_STOP_CHARS, t + off, k);
}

/* A local name may start at off: not with a stop character, and after a boundary (no Han
 * character, or a stop character, before it). */
static int
local_starts_at(const Ctx *c, size_t off)
{
	const char *t = c->doc->text;
	if (is_stop_char(c, t, off))
		return 0;
	int32_t b = cp_before(t, off);
	if (!is_han_cp(b) || is_stop_char(c, t, prev_char(t, off)))
		return 1;
	/* a word that ends right before the name: 其中芳草街派出所, 目前碧山派出所 */
	size_t p1 = prev_char(t, off);
	if (p1 > 0) {
		size_t p2 = prev_char(t, p1);
		if (in_list(c, L_LOCAL_STOP_WORDS, t + p2, off - p2))
			return 1;
	}
	/* a title right before the name: 全国模范公安单位莲前派出所 (titles are short: look
	 * back a bounded way) */
	for (size_t i = first_mention_at(c->ml, off), k = 0; i-- > 0 && k < 64; k++)
		if (c->ml->items[i].rule->type == PK_TYPE_HONOR && c->ml->items[i].end == off)
			return 1;
	return 0;
}

/* Trims the span [s, e) of a unit match to where the name starts (see units.rules).
 * Returns the new start, or (size_t)-1 when no name is left. */
static size_t
trim_unit(Ctx *c, size_t s, size_t e)
{
	const char *t = c->doc->text;
	/* a whole national unit */
	if (in_list(c, L_NATIONAL_UNITS, t + s, e - s))
		return s;
	/* 市打击治理中心: a bare level word at a boundary refers to the article's own */
	static const char *const ctx_words[] = {"市", "县", "省", "区", "州"};
	for (size_t i = 0; i < 5; i++)
		if (e - s > 3 && !memcmp(t + s, ctx_words[i], 3) && local_starts_at(c, s))
			return s;   /* (记者从)市公安局: after a boundary or a particle */
	/* where the first unit suffix starts */
	size_t suf = e;
	for (size_t i = s; i < e;) {
		if (list_prefix(c, L_UNIT_SUFFIXES, t + i, e - i)) {
			suf = i;
			break;
		}
		size_t k;
		pk_utf8_decode(t + i, e - i, &k);
		i += k;
	}
	/* 1. the first gazetteer place with a name after it */
	for (size_t p = s; p < suf;) {
		size_t len;
		int sh;
		if (place_at(c, t + p, e - p, &len, &sh) >= 0 && p + len < e)
			return p;
		size_t k;
		pk_utf8_decode(t + p, e - p, &k);
		p += k;
	}
	/* 2. a police department right before the suffix (刑侦大队) */
	for (size_t p = s; p < suf;) {
		size_t dl = list_prefix(c, L_DEPARTMENTS, t + p, suf - p);
		if (dl && p + dl == suf)
			return p;
		size_t k;
		pk_utf8_decode(t + p, suf - p, &k);
		p += k;
	}
	if (suf == s)
		return s;   /* 公安局 alone: a bare suffix (the caller decides) */
	/* 3. a local name of three or two characters at a boundary */
	size_t p3 = suf, p2 = suf;
	for (int i = 0; i < 3 && p3 > s; i++) {
		p3 = prev_char(t, p3);
		if (i == 1)
			p2 = p3;
	}
	size_t last = prev_char(t, suf);
	size_t k;
	pk_utf8_decode(t + last, suf - last, &k);
	if (in_list(c, L_LOCAL_STOP_END_CHARS, t + last, k))
		return (size_t)-1;   /* 收录进派出所, 有人说派出所 */
	if (p3 >= s && pk_utf8_count(t + p3, suf - p3) == 3 && local_starts_at(c, p3))
		return p3;
	if (p2 >= s && pk_utf8_count(t + p2, suf - p2) == 2 && local_starts_at(c, p2))
		return p2;
	return (size_t)-1;
}

/* X of X公安 / X警方: the longest tail of the span that is exactly a gazetteer place. */
static size_t
trim_alias(Ctx *c, size_t s, size_t e, int *g)
{
	const char *t = c->doc->text;
	for (size_t p = s; p < e;) {
		size_t len;
		int sh;
		int gg = place_at(c, t + p, e - p, &len, &sh);
		if (gg >= 0 && p + len == e) {
			*g = gg;
			return p;
		}
		size_t k;
		pk_utf8_decode(t + p, e - p, &k);
		p += k;
	}
	return (size_t)-1;
}

/* 网安支队会同玄武分局: a chain of unit names never goes on across a word such as 会同 or
 * 联合 (local_stop_words) — two units are named. Returns where the first name ends (the
 * end of its last unit suffix before the word) and sets *rest to where the text after the
 * word starts; returns e when the span is one name. */
static size_t
chain_break(Ctx *c, size_t s, size_t e, size_t *rest)
{
	const char *t = c->doc->text;
	size_t suffix_end = 0;
	for (size_t i = s; i < e;) {
		size_t sl = list_prefix(c, L_UNIT_SUFFIXES, t + i, e - i);
		if (sl) {
			i += sl;
			suffix_end = i;
			continue;
		}
		size_t wl = suffix_end ? list_prefix(c, L_LOCAL_STOP_WORDS, t + i, e - i) : 0;
		if (wl && i + wl < e) {
			*rest = i + wl;
			return suffix_end;
		}
		size_t k;
		pk_utf8_decode(t + i, e - i, &k);
		i += k;
	}
	return e;
}

/* ---- mentions of units ---- */

static int
count_bureau_mentions(Ctx *c)
{
	int best = -1, best_city = -1, best_county = -1;
	for (size_t i = 0; i < c->doc->n_ents; i++) {
		PkEntity *e = &c->doc->ents[i];
		if (e->kind != PK_ENT_UNIT || !e->is_bureau || e->dead)
			continue;
		if (best < 0 || e->n_mentions > c->doc->ents[best].n_mentions)
			best = (int)i;
		if (e->anchor_gaz >= 0) {
			PkPlaceLevel lv = pk_gazetteer_place(c->gaz, e->anchor_gaz)->level;
			int *slot = lv == PK_LEVEL_CITY ? &best_city : lv == PK_LEVEL_COUNTY ? &best_county : NULL;
			if (slot && (*slot < 0 || e->n_mentions > c->doc->ents[*slot].n_mentions))
				*slot = (int)i;
		}
	}
	c->main_bureau = best;
	c->main_city_bureau = best_city;
	c->main_county_bureau = best_county;
	return best;
}

/* X公安 / X警方 → the X-level bureau: a district's is its city bureau's 分局. */
static int
link_alias(Ctx *c, const PkMention *m, int ev)
{
	const char *t = c->doc->text;
	(void)t;
	PkSpan nm = m->role[PK_ROLE_NAME];
	if (!nm.set)
		return -1;
	int g = -1;
	if (trim_alias(c, nm.start, nm.end, &g) == (size_t)-1 || g < 0)
		return -1;
	const PkPlace *p = pk_gazetteer_place(c->gaz, g);
	if ((p->level == PK_LEVEL_PROVINCE && !ends_with(p->name, "市")) || p->level == PK_LEVEL_COUNTRY)
		return -1;   /* 福建警方: all the police of a province, not one unit (上海警方 is one) */
	int e;
	if (p->level == PK_LEVEL_COUNTY && ends_with(p->name, "区") && p->parent >= 0) {
		char *city = bureau_label(c, p->parent);
		int ce = city ? find_entity(c->doc, PK_ENT_UNIT, city) : -1;
		char *shortname = dupn(p->name, strlen(p->name) - strlen("区"));
		char *tmp = city && shortname ? concat(city, shortname) : NULL;
		char *label = tmp ? concat(tmp, "分局") : NULL;
		/* cities name their district 分局 either way (厦门市公安局思明分局, 成都市公安局
		 * 锦江区分局): the form the article writes wins */
		char *tmp2 = city ? concat(city, p->name) : NULL;
		char *full = tmp2 ? concat(tmp2, "分局") : NULL;
		int known = full ? find_entity(c->doc, PK_ENT_UNIT, full) : -1;
		free(city);
		free(shortname);
		free(tmp);
		free(tmp2);
		free(full);
		/* the label starts with the city: its IRI is the city's, as when the full name
		 * 福州市公安局鼓楼分局 is written (IRIs depend on the label alone) */
		if (known >= 0 && (!label || find_entity(c->doc, PK_ENT_UNIT, label) < 0)) {
			free(label);
			e = known;
		} else {
			e = unit_entity(c, label, p->parent);
		}
		if (e >= 0 && ce >= 0 && c->doc->ents[e].parent < 0 && ce != e)
			c->doc->ents[e].parent = ce;
	} else {
		e = unit_entity(c, bureau_label(c, g), g);
		if (e >= 0)
			c->doc->ents[e].is_bureau = 1;
	}
	if (e >= 0) {
		ent_add_ev(&c->doc->ents[e], ev);
		int pe = find_entity(c->doc, PK_ENT_PLACE, p->name);
		if (pe >= 0 && c->doc->ents[e].located < 0)
			c->doc->ents[e].located = pe;
	}
	return e;
}

/* Is short (a unit name without places) an abbreviation of full? Same final suffix, same
 * first character after the qualifying prefix, and its characters in order inside. */
static int
abbreviates(const char *shortn, size_t sl, const char *full)
{
	size_t fl = strlen(full);
	const char *f = full, *fe = full + fl;
	size_t i = 0;
	while (i < sl && f < fe) {
		size_t k1, k2;
		int32_t a = pk_utf8_decode(shortn + i, sl - i, &k1);
		int32_t b = pk_utf8_decode(f, (size_t)(fe - f), &k2);
		if (a == b)
			i += k1;
		f += k2;
	}
	return i == sl;
}

/* 福田大队所属的车公庙中队: a unit written right before 所属的/下属的/下辖的/所辖的 is
 * the parent of the short name after it. Returns that unit's entity, or -1. */
static int
parent_by_connector(Ctx *c, size_t start)
{
	static const char *const conn[] = {"所属的", "下属的", "下辖的", "所辖的", "辖下的"};
	const char *t = c->doc->text;
	for (size_t k = 0; k < sizeof conn / sizeof conn[0]; k++) {
		size_t cl = strlen(conn[k]);
		if (start < cl || memcmp(t + start - cl, conn[k], cl))
			continue;
		size_t at = start - cl;
		for (size_t i = first_mention_at(c->ml, at); i-- > 0;) {
			const PkMention *m = &c->ml->items[i];
			size_t me = m->rule->type == PK_TYPE_UNIT && m->role[PK_ROLE_NAME].set
			                    ? m->role[PK_ROLE_NAME].end : m->end;
			if (m->start + 120 < at)
				break;   /* names are shorter than that */
			if (!alive(c, m) || me != at)
				continue;
			int e = mention_entity(c, i);
			if (me == at && e >= 0 && c->doc->ents[e].kind == PK_ENT_UNIT)
				return e;
		}
	}
	return -1;
}

static int
link_short_unit(Ctx *c, const PkMention *m, const char *s, size_t n, const UnitName *u, int ev)
{
	PkDoc *d = c->doc;
	if (!u->ns)
		return -1;
	/* The name as the chain of segments: 思明分局莲前派出所. */
	size_t tail_s = u->seg_s[0];
	char *tail = dupn(s + tail_s, n - tail_s);
	if (!tail)
		return -1;
	/* 1. a fuller name in the article ends with it */
	int best = -1;
	for (size_t i = 0; i < d->n_ents; i++) {
		PkEntity *e = &d->ents[i];
		if (e->dead || e->kind != PK_ENT_UNIT || strlen(e->label) <= strlen(tail))
			continue;
		if (ends_with(e->label, tail) && (best < 0 || e->n_mentions > d->ents[best].n_mentions))
			best = (int)i;
	}
	/* 2. an abbreviation (简称) of a unit of the same kind: same last two characters
	 * (中心, 支队), its characters in order in the full name, at least four of them
	 * (打击治理中心 for 打击治理电信网络新型违法犯罪中心) */
	size_t tl = strlen(tail);
	if (best < 0 && pk_utf8_count(tail, tl) >= 4 && tl >= 6) {
		const char *kind = tail + tl - 6;   /* the last two characters (3 bytes each) */
		char *kinds = dupn(kind, 6);
		for (size_t i = 0; kinds && i < d->n_ents; i++) {
			PkEntity *e = &d->ents[i];
			if (e->dead || e->kind != PK_ENT_UNIT || !ends_with(e->label, kinds) || ends_with(e->label, tail))
				continue;
			if (strlen(e->label) > tl && abbreviates(tail, tl, e->label))
				best = (int)i;
		}
		free(kinds);
	}
	if (best >= 0) {
		ent_add_ev(&d->ents[best], ev);
		free(tail);
		return best;
	}
	/* 2b. its first segments name a known unit (西湖区分局 of 西湖区分局刑侦大队) */
	if (u->ns > 1) {
		int r = link_known_prefix(c, s, u, tail_s, ev);
		if (r >= 0) {
			free(tail);
			return r;
		}
	}
	/* 3. qualified by the article's bureau: a bare 碧山派出所 in an article about
	 * 厦门市公安局 is that bureau's, so two 城关派出所 of two articles never merge. */
	int bureau = -1;
	int parent = m ? parent_by_connector(c, m->role[PK_ROLE_NAME].set ? m->role[PK_ROLE_NAME].start
	                                                                  : m->start) : -1;
	if (u->ctx_level == PK_LEVEL_CITY)
		bureau = c->main_city_bureau;
	else if (u->ctx_level == PK_LEVEL_COUNTY)
		bureau = c->main_county_bureau;
	else if (u->ctx_level < 0)
		bureau = c->main_bureau;
	/* 机场公安局航站区派出所: an organ of its own, not a part of the article's bureau */
	if (u->ctx_level < 0 && seg_is_own_bureau(c, s, u, 0))
		bureau = -1;
	int r = -1;
	if (parent >= 0 && u->ctx_level < 0 && !seg_is_bureau(c, s, u, 0)) {
		r = build_chain(c, s, u, d->ents[parent].label, parent, d->ents[parent].anchor_gaz,
		                ev, NULL);
	} else if (u->ctx_level >= 0 && bureau >= 0 && seg_is_bureau(c, s, u, 0) && u->ns == 1) {
		/* 市公安局 is the city bureau itself */
		r = bureau;
		ent_add_ev(&d->ents[r], ev);
	} else if (bureau >= 0) {
		int skip_first = seg_is_bureau(c, s, u, 0);
		UnitName rest = *u;
		if (skip_first) {
			memmove(rest.seg_s, rest.seg_s + 1, sizeof(size_t) * 7);
			memmove(rest.seg_e, rest.seg_e + 1, sizeof(size_t) * 7);
			memmove(rest.suf_s, rest.suf_s + 1, sizeof(size_t) * 7);
			rest.ns--;
		}
		r = rest.ns ? build_chain(c, s, &rest, d->ents[bureau].label, bureau,
		                          d->ents[bureau].anchor_gaz, ev, NULL)
		            : bureau;
	} else if (u->ctx_level < 0) {
		/* No context at all: an article-local unit. */
		char iri[600];
		snprintf(iri, sizeof iri, "%s-%s", d->article_hash, tail);
		r = get_entity(c, PK_ENT_UNIT, strdup(tail), iri);
		if (r >= 0) {
			ent_add_ev(&d->ents[r], ev);
			if (seg_is_bureau(c, s, u, 0))
				d->ents[r].is_bureau = 1;
		}
	}
	free(tail);
	return r;
}

static void
link_units(Ctx *c)
{
	PkDoc *d = c->doc;
	const PkMentionList *ml = c->ml;
	UnitName *names = calloc(ml->n ? ml->n : 1, sizeof(UnitName));
	size_t *ns = calloc(ml->n ? ml->n : 1, sizeof(size_t));   /* trimmed name start */
	if (!names || !ns) {
		free(names);
		free(ns);
		return;
	}
	/* Pass 1: names anchored on places, national units, and aliases. */
	for (size_t i = 0; i < ml->n; i++) {
		const PkMention *m = &ml->items[i];
		ns[i] = (size_t)-1;
		if (!alive(c, m))
			continue;
		if (m->rule->type == PK_TYPE_UNIT) {
			PkSpan nm = m->role[PK_ROLE_NAME].set ? m->role[PK_ROLE_NAME] : (PkSpan){m->start, m->end, 1};
			size_t st = nm.start;   /* trimmed by pk_link_trim */
			ns[i] = st;
			const char *txt = d->text + st;
			size_t n = nm.end - st;
			if (in_list(c, L_NATIONAL_UNITS, txt, n)) {
				int ev = add_evidence(c, st, nm.end, m->rule, NULL);
				char *lab = dupn(txt, n);
				c->ment_ent[i] = get_entity(c, PK_ENT_UNIT, lab, lab);
				if (c->ment_ent[i] >= 0)
					ent_add_ev(&d->ents[c->ment_ent[i]], ev);
			} else {
				parse_unit_name(c, txt, n, &names[i]);
				if (names[i].np && names[i].ns) {
					int ev = add_evidence(c, st, nm.end, m->rule, NULL);
					c->ment_ent[i] = link_full_unit(c, txt, &names[i], ev);
				}
			}
		}
		if (c->ment_ent[i] >= 0)
			d->ents[c->ment_ent[i]].n_mentions++;
	}
	/* Pass 1b: X公安/X警方, once the full names are known (锦江公安 is the
	 * 成都市公安局锦江区分局 the article names, wherever it names it). */
	for (size_t i = 0; i < ml->n; i++) {
		const PkMention *m = &ml->items[i];
		PkSpan nm = m->role[PK_ROLE_NAME];
		if (!alive(c, m) || m->rule->type != PK_TYPE_ALIAS || !nm.set)
			continue;
		ns[i] = nm.start;
		int ev = add_evidence(c, nm.start, m->end, m->rule, "X公安/X警方: the bureau of place X");
		c->ment_ent[i] = link_alias(c, m, ev);
		if (c->ment_ent[i] >= 0)
			d->ents[c->ment_ent[i]].n_mentions++;
	}
	count_bureau_mentions(c);
	/* Pass 2: short names, after every full name is known. */
	for (size_t i = 0; i < ml->n; i++) {
		const PkMention *m = &ml->items[i];
		if (!alive(c, m) || m->rule->type != PK_TYPE_UNIT || c->ment_ent[i] >= 0 ||
		    ns[i] == (size_t)-1)
			continue;
		if (names[i].np || !names[i].ns)
			continue;
		PkSpan nm = m->role[PK_ROLE_NAME].set ? m->role[PK_ROLE_NAME] : (PkSpan){m->start, m->end, 1};
		const char *s = d->text + ns[i];
		size_t n = nm.end - ns[i];
		/* 派出所 alone, 边防派出所: generic words, not names. */
		size_t local = names[i].suf_s[0] - names[i].seg_s[0];
		if (names[i].ctx_level < 0 && in_list(c, L_NEEDS_LOCAL, s + names[i].suf_s[0],
		                                      names[i].seg_e[0] - names[i].suf_s[0])) {
			if (!local || in_list(c, L_GENERIC_LOCALS, s + names[i].seg_s[0], local))
				continue;
		}
		if (names[i].ctx_level < 0 && !local && seg_is_bureau(c, s, &names[i], 0))
			continue;   /* 公安局 alone */
		/* 支队直属一大队: a bare 支队/大队 refers back (an anaphor), it names nothing new;
		 * only suffixes that are names by themselves (反诈中心) may stand alone */
		if (names[i].ctx_level < 0 && !local &&
		    !in_list(c, L_STANDALONE_SUFFIXES, s + names[i].suf_s[0], names[i].seg_e[0] - names[i].suf_s[0]))
			continue;
		int ev = add_evidence(c, ns[i], nm.end, m->rule,
		                      names[i].ctx_level >= 0 ? "市/县…: the article's own bureau of that level"
		                                              : "short name: joined to a fuller name or qualified by the article's bureau");
		c->ment_ent[i] = link_short_unit(c, m, s, n, &names[i], ev);
		if (c->ment_ent[i] >= 0)
			d->ents[c->ment_ent[i]].n_mentions++;
	}
	/* Surface forms become alternative labels of the entity they name. */
	for (size_t i = 0; i < ml->n; i++) {
		const PkMention *m = &ml->items[i];
		if (c->ment_ent[i] < 0 || ns[i] == (size_t)-1)
			continue;
		size_t e = m->rule->type == PK_TYPE_UNIT && m->role[PK_ROLE_NAME].set ? m->role[PK_ROLE_NAME].end : m->end;
		ent_add_alt(&d->ents[c->ment_ent[i]], d->text + ns[i], e - ns[i]);
	}
	free(names);
	free(ns);
}

/* ---- anaphora and "the unit a sentence is about" ---- */

/* Does a clause start at off (only blanks between it and the clause punctuation)? */
static int
starts_clause(const PkDoc *d, size_t off)
{
	size_t cs, ce;
	clause_of(d, off, &cs, &ce);
	while (cs < off && (d->text[cs] == ' ' || d->text[cs] == '\t' || d->text[cs] == '\n'))
		cs++;
	return cs == off;
}

/* The unit a position is about: the nearest unit mention before it in its sentence, else
 * 该所/该局/该中心 resolved to the nearest unit of that kind, else the last unit
 * mentioned before the sentence, else the article's main bureau. */
/* The entity mention i stands for: anaphora (该所 → the nearest preceding unit whose name
 * ends with the kind) resolved. */
static int
mention_entity(Ctx *c, size_t i)
{
	const PkMention *m = &c->ml->items[i];
	PkDoc *d = c->doc;
	int e = c->ment_ent[i];
	if (m->rule->type != PK_TYPE_ANAPHOR)
		return e;
	const char *kind = m->rule->consts[PK_ROLE_KIND];
	PkSpan k = m->role[PK_ROLE_KIND];
	char *kw = k.set ? dupn(d->text + k.start, k.end - k.start) : (kind ? strdup(kind) : NULL);
	for (size_t j = i; kw && j-- > 0;) {
		int ej = c->ment_ent[j];
		if (ej >= 0 && d->ents[ej].kind == PK_ENT_UNIT && ends_with(d->ents[ej].label, kw)) {
			e = ej;
			break;
		}
	}
	free(kw);
	return e;
}

/* Is the mention at off written right after 被 (its agent) or after a word that makes it
 * a partner (会同, 联合, 配合, 协同, 协助, 携手)? Then it is not what the sentence is about. */
static int
after_partner_word(const char *t, size_t off)
{
	static const char *const words[] = {"被", "会同", "联合", "配合", "协同", "协助", "携手"};
	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
		size_t wl = strlen(words[k]);
		if (off >= wl && !memcmp(t + off - wl, words[k], wl))
			return 1;
	}
	return 0;
}

static int
unit_about(Ctx *c, size_t off, int same_sentence_only)
{
	PkDoc *d = c->doc;
	const PkMentionList *ml = c->ml;
	int sent = sentence_of(d, off);
	int national = -1;
	/* Backwards from off: the nearest candidate wins, so the scan stops early. */
	for (size_t i = first_mention_at(ml, off); i-- > 0;) {
		const PkMention *m = &ml->items[i];
		if (!alive(c, m))
			continue;
		int same = sentence_of(d, m->start) == sent;
		if (!same && same_sentence_only)
			break;
		int e = mention_entity(c, i);
		/* 临沧全市共破获…: a place standing as the subject means its bureau, when the
		 * article names that bureau */
		if (e >= 0 && same && d->ents[e].kind == PK_ENT_PLACE && d->ents[e].gaz >= 0 &&
		    starts_clause(d, m->start)) {
			char *bl = bureau_label(c, d->ents[e].gaz);
			int be = bl ? find_entity(d, PK_ENT_UNIT, bl) : -1;
			free(bl);
			if (be >= 0)
				return be;
			continue;
		}
		if (e < 0 || d->ents[e].kind != PK_ENT_UNIT)
			continue;
		/* X被Y记集体三等功: the unit after 被 is the agent (who confers), not the topic;
		 * X会同/联合/配合Y破获…: Y is the partner, X the subject */
		if (same && after_partner_word(d->text, m->start))
			continue;
		/* 公安部 is rarely what a local story's numbers are about: only as a last resort */
		if (in_list(c, L_NATIONAL_UNITS, d->ents[e].label, strlen(d->ents[e].label))) {
			if (national < 0)
				national = e;
			continue;
		}
		return e;   /* in the sentence, or the last unit named before it */
	}
	if (same_sentence_only)
		return -1;
	return c->main_bureau >= 0 ? c->main_bureau : national;
}

/* The first unit mention starting at or just after off (quotes and blanks skipped). */
static int
unit_right_after(Ctx *c, size_t off)
{
	const char *t = c->doc->text;
	while (off < c->doc->len) {
		size_t k;
		int32_t cp = pk_utf8_decode(t + off, c->doc->len - off, &k);
		if (cp != 0x201D && cp != '"' && cp != ' ' && cp != 0x300D)
			break;
		off += k;
	}
	for (size_t i = first_mention_at(c->ml, off); i < c->ml->n && c->ml->items[i].start == off; i++) {
		if (c->ment_ent[i] >= 0 && c->doc->ents[c->ment_ent[i]].kind == PK_ENT_UNIT)
			return c->ment_ent[i];
	}
	return -1;
}

/* The first unit mention after off in the same sentence (作为X, Y…: Y). */
static int
unit_after_clause(Ctx *c, size_t off)
{
	int sent = sentence_of(c->doc, off);
	for (size_t i = 0; i < c->ml->n; i++) {
		const PkMention *m = &c->ml->items[i];
		if (m->start < off || !alive(c, m) || c->ment_ent[i] < 0)
			continue;
		if (sentence_of(c->doc, m->start) != sent)
			break;
		if (c->doc->ents[c->ment_ent[i]].kind == PK_ENT_UNIT)
			return c->ment_ent[i];
	}
	return -1;
}

static int
unit_in_span(Ctx *c, PkSpan sp)
{
	/* unit names are at most a few dozen characters: start a little before the span */
	size_t from = sp.start > 512 ? sp.start - 512 : 0;
	for (size_t i = first_mention_at(c->ml, from); i < c->ml->n && c->ml->items[i].start < sp.end; i++) {
		const PkMention *m = &c->ml->items[i];
		if (m->end > sp.start && c->ment_ent[i] >= 0 &&
		    c->doc->ents[c->ment_ent[i]].kind == PK_ENT_UNIT)
			return c->ment_ent[i];
	}
	return -1;
}

/* ---- dates ---- */

static int
resolve_date(Ctx *c, const PkMention *m, int second, PkDate *out)
{
	const char *t = c->doc->text;
	PkSpan y = m->role[second ? PK_ROLE_YEAR2 : PK_ROLE_YEAR];
	PkSpan mo = m->role[second ? PK_ROLE_MONTH2 : PK_ROLE_MONTH];
	PkSpan da = m->role[second ? PK_ROLE_DAY2 : PK_ROLE_DAY];
	if (second && !y.set && !mo.set && !da.set)
		return -1;
	if (second && !y.set)
		y = m->role[PK_ROLE_YEAR];   /* 2020年3月至5月: the end shares the year */
	if (pk_date_from_parts(out, y.set ? t + y.start : NULL, y.set ? y.end - y.start : 0,
	                       mo.set ? t + mo.start : NULL, mo.set ? mo.end - mo.start : 0,
	                       da.set ? t + da.start : NULL, da.set ? da.end - da.start : 0))
		return -1;
	PkSpan rel = m->role[PK_ROLE_REL];
	const PkDate *pub = &c->doc->pub;
	if (!out->year && rel.set) {
		int delta;
		if (pk_date_relative(t + rel.start, rel.end - rel.start, &delta) == 0 && pub->year)
			out->year = pub->year + delta;
	}
	if (!out->year && !rel.set && out->month && pub->year) {
		/* A bare 7月19日 is in the publication year, or the one before if that would be
		 * after the publication date. */
		out->year = pub->year;
		if (pub->month && pk_date_cmp(out, pub) > 0 &&
		    (out->month > pub->month + 1))
			out->year--;
	}
	return out->year ? 0 : -1;
}

static void
add_date_fact(Ctx *c, const PkDate *dt, int ev)
{
	PkDoc *d = c->doc;
	for (size_t i = 0; i < d->n_dates; i++)
		if (!pk_date_cmp(&d->dates[i].date, dt))
			return;
	if (GROW(d->dates, d->n_dates, d->cap_dates))
		return;
	d->dates[d->n_dates++] = (PkDateFact){*dt, ev};
}

static void
link_dates(Ctx *c)
{
	PkDoc *d = c->doc;
	const PkMentionList *ml = c->ml;
	const char *t = d->text;
	/* The publication date: the first dateline; a dateline without a year takes the
	 * latest year the page mentions anywhere (related-news tails included). */
	int max_year = 0, max_full = 0;
	for (size_t i = 0; i < ml->n; i++) {
		const PkMention *m = &ml->items[i];
		if (m->rule->type != PK_TYPE_DATE && m->rule->type != PK_TYPE_DATELINE)
			continue;
		/* Full dates (年月日) are of past events near the publication; bare years may
		 * be plans (2024—2026年). */
		PkDate full;
		if (m->role[PK_ROLE_DAY].set && !resolve_date(c, m, 0, &full) && full.year > max_full)
			max_full = full.year;
		for (int r = PK_ROLE_YEAR; r <= PK_ROLE_YEAR2; r += 3) {
			PkSpan y = m->role[r];
			PkDate tmp;
			if (y.set && !pk_date_from_parts(&tmp, t + y.start, y.end - y.start, NULL, 0, NULL, 0) &&
			    tmp.year > max_year)
				max_year = tmp.year;
		}
	}
	if (max_full)
		max_year = max_full;
	if (d->seed_pub.year)
		d->pub = d->seed_pub;   /* a dateline in the text still wins below */
	for (size_t i = 0; i < ml->n && ((!d->pub.month && !d->pub.year) || d->pub_ev < 0); i++) {
		const PkMention *m = &ml->items[i];
		if (m->rule->type != PK_TYPE_DATELINE || m->dropped_by >= 0)
			continue;
		PkDate dt;
		if (resolve_date(c, m, 0, &dt) && !(m->role[PK_ROLE_MONTH].set && max_year))
			continue;
		if (!dt.year) {
			PkSpan mo = m->role[PK_ROLE_MONTH], da = m->role[PK_ROLE_DAY];
			if (pk_date_from_parts(&dt, NULL, 0, t + mo.start, mo.end - mo.start,
			                       da.set ? t + da.start : NULL, da.set ? da.end - da.start : 0))
				continue;
			dt.year = max_year;
		}
		d->pub = dt;
		d->pub_ev = add_evidence(c, m->start, m->end, m->rule,
		                         m->role[PK_ROLE_YEAR].set ? "publication date"
		                                                   : "publication date; year: the latest the page names");
		add_date_fact(c, &dt, d->pub_ev);
	}
	int last_year = 0;
	for (size_t i = 0; i < ml->n; i++) {
		const PkMention *m = &ml->items[i];
		if (m->rule->type != PK_TYPE_DATE || !alive(c, m))
			continue;
		for (int second = 0; second < 2; second++) {
			PkDate dt;
			if (resolve_date(c, m, second, &dt)) {
				/* 同年: the year last named */
				PkSpan rel = m->role[PK_ROLE_REL];
				if (second || !rel.set || !last_year || rel.end - rel.start != 6 ||
				    memcmp(t + rel.start, "同年", 6))
					continue;
				dt = (PkDate){last_year, 0, 0};
			}
			if (!second && m->role[PK_ROLE_YEAR].set)
				last_year = dt.year;
			int ev = add_evidence(c, m->start, m->end, m->rule, NULL);
			add_date_fact(c, &dt, ev);
		}
	}
}

/* The first date mention in off's sentence (before off if there is one). */
/* Is off inside a founding match (成立于1997年…)? Such a date dates the founding only. */
static int
in_founding(const Ctx *c, size_t off)
{
	/* founding matches are at most a sentence long: look back a bounded way */
	size_t i = first_mention_at(c->ml, off + 1);
	for (size_t k = 0; i-- > 0 && k < 64; k++) {
		const PkMention *m = &c->ml->items[i];
		if (m->rule->type == PK_TYPE_FOUNDING && m->dropped_by < 0 && off >= m->start && off < m->end)
			return 1;
	}
	return 0;
}

/* The date a fact at off is about: the first date of its sentence (the time the sentence
 * is set in: 2023年,…在2020年至2022年…再降16.3% is about 2023), skipping founding dates. */
static int
date_of_sentence(Ctx *c, size_t off, PkDate *out, PkDate *end)
{
	int sent = sentence_of(c->doc, off);
	memset(end, 0, sizeof *end);
	size_t s_end = c->doc->sent_start[sent + 1];
	/* 2021年,公安部…;2023年,全市…再降16.3%: ';' starts a new time setting */
	size_t from = c->doc->sent_start[sent];
	for (size_t k = from; k < off; k++)
		if (c->doc->text[k] == ';')
			from = k + 1;
	for (size_t i = first_mention_at(c->ml, from); i < c->ml->n; i++) {
		const PkMention *m = &c->ml->items[i];
		if (m->start >= s_end)
			break;
		if (m->rule->type != PK_TYPE_DATE || !alive(c, m) || in_founding(c, m->start))
			continue;
		PkDate dt;
		if (resolve_date(c, m, 0, &dt))
			continue;
		*out = dt;
		if (resolve_date(c, m, 1, end))
			memset(end, 0, sizeof *end);
		return 1;
	}
	return 0;
}

/* ---- honours ---- */

static int
honor_entity(Ctx *c, const char *s, size_t n)
{
	/* “…”称号: the title, without the word for title */
	static const char *const tails[] = {"荣誉称号", "称号", "荣誉"};
	for (size_t i = 0; i < 3; i++) {
		size_t tl = strlen(tails[i]);
		if (n > tl + 6 && !memcmp(s + n - tl, tails[i], tl)) {
			n -= tl;
			break;
		}
	}
	return get_entity(c, PK_ENT_HONOR, dupn(s, n), NULL);
}

/* Is unit a, or a unit a is part of, entity b? */
static int
is_self_or_parent(const PkDoc *d, int b, int a)
{
	for (int k = 0; a >= 0 && k < 16; k++, a = d->ents[a].parent)
		if (a == b)
			return 1;
	return 0;
}

/* Is there a mention of a unit other than unit (and its parents) in [s, e)? */
static int
unit_mention_in(const Ctx *c, size_t s, size_t e, int unit)
{
	for (size_t i = first_mention_at(c->ml, s); i < c->ml->n && c->ml->items[i].start < e; i++) {
		const PkMention *m = &c->ml->items[i];
		PkRuleType t = m->rule->type;
		if (m->dropped_by < 0 &&
		    (t == PK_TYPE_UNIT || t == PK_TYPE_ALIAS || t == PK_TYPE_ANAPHOR) &&
		    !(c->ment_ent[i] >= 0 && unit >= 0 && is_self_or_parent(c->doc, c->ment_ent[i], unit)))
			return 1;
	}
	return 0;
}

/* The date of a conferral at off: a date in its clause before it, or in an earlier clause
 * of the sentence that names no unit (1999年,晋江刑警被国务院授予…); never a date that
 * belongs to another unit's clause. */
static void
award_date(Ctx *c, size_t off, int unit, PkDate *out)
{
	const PkDoc *d = c->doc;
	int sent = sentence_of(d, off);
	size_t cs, ce;
	clause_of(d, off, &cs, &ce);
	size_t lo = cs;
	while (lo > d->sent_start[sent]) {
		size_t ps, pe;
		clause_of(d, prev_char(d->text, lo - 1), &ps, &pe);
		if (ps >= lo || unit_mention_in(c, ps, pe, unit))
			break;
		lo = ps;
	}
	PkDate best = {0, 0, 0};
	for (size_t i = first_mention_at(c->ml, lo); i < c->ml->n && c->ml->items[i].start < off; i++) {
		const PkMention *m = &c->ml->items[i];
		if (m->rule->type != PK_TYPE_DATE || !alive(c, m) || in_founding(c, m->start))
			continue;
		PkDate dt;
		if (!resolve_date(c, m, 0, &dt))
			best = dt;   /* the nearest before the honour */
	}
	*out = best;
}

static void
link_honors(Ctx *c)
{
	PkDoc *d = c->doc;
	const char *t = d->text;
	for (size_t i = 0; i < c->ml->n; i++) {
		const PkMention *m = &c->ml->items[i];
		if (m->rule->type != PK_TYPE_HONOR || !alive(c, m))
			continue;
		PkSpan nm = m->role[PK_ROLE_NAME];
		if (!nm.set)
			continue;
		/* Honours of individual officers are not the units' */
		const PkWordList *ind = c->list[L_INDIVIDUAL_HONOR_SUFFIXES];
		int individual = 0;
		for (size_t k = 0; ind && k < ind->n_words; k++) {
			size_t wl = strlen(ind->words[k]);
			if (nm.end - nm.start >= wl && !memcmp(t + nm.end - wl, ind->words[k], wl))
				individual = 1;
		}
		if (individual)
			continue;
		int unit = -1;
		const char *why = NULL;
		if (m->role[PK_ROLE_RECIPIENT].set && (unit = unit_in_span(c, m->role[PK_ROLE_RECIPIENT])) >= 0)
			why = "recipient named by the rule";
		const char *rc = m->rule->consts[PK_ROLE_RECIPIENT];
		if (unit < 0 && rc && !strcmp(rc, "after") && (unit = unit_after_clause(c, m->end)) >= 0)
			why = "recipient: the subject right after the title (作为X,Y…)";
		if (unit < 0 && (unit = unit_right_after(c, m->end)) >= 0)
			why = "recipient: the unit the title stands before";
		if (unit < 0 && (unit = unit_about(c, m->start, 0)) >= 0)
			why = "recipient: the unit the sentence is about";
		if (unit < 0)
			continue;
		int h = honor_entity(c, t + nm.start, nm.end - nm.start);
		if (h < 0)
			continue;
		int ev = add_evidence(c, m->start, m->end, m->rule, why);
		ent_add_ev(&d->ents[h], ev);
		c->ment_ent[i] = h;
		PkAward a = {unit, h, {0, 0, 0}, NULL, ev};
		PkSpan by = m->role[PK_ROLE_BY];
		if (by.set)
			a.by = dupn(t + by.start, by.end - by.start);
		if (m->role[PK_ROLE_DATE].set) {
			/* a date inside the match: find the date mention there */
			for (size_t j = 0; j < c->ml->n; j++) {
				const PkMention *dm = &c->ml->items[j];
				if (dm->rule->type == PK_TYPE_DATE && dm->start >= m->role[PK_ROLE_DATE].start &&
				    dm->start < m->role[PK_ROLE_DATE].end)
					resolve_date(c, dm, 0, &a.date);
			}
		} else {
			award_date(c, m->start, unit, &a.date);
		}
		/* one award per (unit, honour, date) */
		int dup = 0;
		for (size_t k = 0; k < d->n_awards; k++)
			if (d->awards[k].unit == a.unit && d->awards[k].honor == a.honor &&
			    !pk_date_cmp(&d->awards[k].date, &a.date))
				dup = 1;
		if (dup || GROW(d->awards, d->n_awards, d->cap_awards)) {
			free(a.by);
			continue;
		}
		d->awards[d->n_awards++] = a;
	}
}

/* ---- statistics ---- */

/* Byte range of the clause around off: between clause punctuation. */
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

static void
clause_of(const PkDoc *d, size_t off, size_t *s, size_t *e)
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

static int
contains_word_of(const Ctx *c, int list, const char *s, size_t n)
{
	return pk_wordlist_occurs(c->list[list], s, n);
}

/* The words of a statistic's clause that say what was counted: after the last name or
 * date before the number (共破获刑事案件), plus what follows the measure word
 * (劝阻2667起 + 电信网络诈骗警情). */
static char *
measure_text(Ctx *c, size_t cs, size_t ce, const PkMention *num)
{
	const char *t = c->doc->text;
	size_t from = cs;
	for (size_t i = first_mention_at(c->ml, cs); i < c->ml->n && c->ml->items[i].start < num->start; i++) {
		const PkMention *m = &c->ml->items[i];
		if (m == num || m->dropped_by >= 0 || m->end > num->start)
			continue;
		PkRuleType ty = m->rule->type;
		if ((ty == PK_TYPE_UNIT || ty == PK_TYPE_ALIAS || ty == PK_TYPE_ANAPHOR || ty == PK_TYPE_DATE ||
		     ty == PK_TYPE_PLACE) && m->end > from)
			from = m->end;
	}
	/* (以下简称龙岩车管所)推出12项: what is inside brackets is not what was counted */
	for (size_t k = from; k < num->start; k++)
		if (t[k] == ')')
			from = k + 1;
	/* 今年以来全市共缴获…: the rest of a time phrase and a scope word are not the measure */
	static const char *const lead[] = {"以来", "来", "全市", "全省", "全县", "全区", "辖区"};
	for (size_t k = 0; k < sizeof lead / sizeof lead[0]; k++) {
		size_t ll = strlen(lead[k]);
		if (num->start - from > ll + 3 && !memcmp(t + from, lead[k], ll))
			from += ll;
	}
	PkBuf b = PK_BUF_INIT;
	pk_buf_append(&b, t + from, num->start - from);
	pk_buf_append(&b, t + num->end, ce - num->end);
	if (b.data && pk_utf8_count(b.data, b.len) < 4 && cs > 1) {
		/* 比升11.91%: the comparison alone says nothing; the previous clause says what */
		size_t ps, pe;
		clause_of(c->doc, prev_char(t, cs - 1), &ps, &pe);
		PkBuf w = PK_BUF_INIT;
		pk_buf_append(&w, t + ps, pe - ps);
		pk_buf_append(&w, b.data, b.len);
		pk_buf_free(&b);
		b = w;
	}
	if (!b.data || !b.len) {
		pk_buf_free(&b);
		return dupn(t + cs, ce - cs);
	}
	/* no surrounding blanks */
	size_t a = 0, z = b.len;
	while (a < z && (b.data[a] == ' ' || b.data[a] == '\t'))
		a++;
	while (z > a && (b.data[z - 1] == ' ' || b.data[z - 1] == '\t'))
		z--;
	char *r = dupn(b.data + a, z - a);
	pk_buf_free(&b);
	return r;
}

static void
link_stats(Ctx *c)
{
	PkDoc *d = c->doc;
	const char *t = d->text;
	for (size_t i = 0; i < c->ml->n; i++) {
		const PkMention *m = &c->ml->items[i];
		if (m->rule->type != PK_TYPE_STAT || !alive(c, m))
			continue;
		PkSpan v = m->role[PK_ROLE_VALUE];
		if (!v.set)
			continue;
		size_t cs, ce;
		clause_of(d, m->start, &cs, &ce);
		if (cs > m->start)
			cs = m->start;
		if (ce < m->end)
			ce = m->end;
		/* A result needs a result word in its clause (破获, 挽回, 下降…); a price or a
		 * headcount alone is not one. */
		if (!m->rule->consts[PK_ROLE_MEASURE] && !m->role[PK_ROLE_MEASURE].set &&
		    !contains_word_of(c, L_RESULT_WORDS, t + cs, ce - cs))
			continue;
		if (contains_word_of(c, L_NOT_RESULT_WORDS, t + cs, ce - cs))
			continue;
		PkStat st;
		memset(&st, 0, sizeof st);
		size_t m_uom_skip = 0;
		PkSpan sc = m->role[PK_ROLE_SCALE];
		const char *scale_const = m->rule->consts[PK_ROLE_SCALE];
		PkSpan uo = m->role[PK_ROLE_UOM];
		if (!sc.set && uo.set && uo.end - uo.start > 3 &&
		    (!memcmp(t + uo.start, "万", 3) || !memcmp(t + uo.start, "亿", 3))) {
			/* 400余万元: the scale sits in the measure word */
			sc = (PkSpan){uo.start, uo.start + 3, 1};
			m_uom_skip = 3;
		}
		if (pk_number_parse(t + v.start, v.end - v.start, sc.set ? t + sc.start : (scale_const ? scale_const : ""),
		                    sc.set ? sc.end - sc.start : (scale_const ? strlen(scale_const) : 0),
		                    st.value, sizeof st.value))
			continue;
		if (!strcmp(st.value, "0"))
			continue;
		PkSpan u = m->role[PK_ROLE_UOM];
		if (u.set)
			st.uom = dupn(t + u.start + m_uom_skip, u.end - u.start - m_uom_skip);
		else if (m->rule->consts[PK_ROLE_UOM])
			st.uom = strdup(m->rule->consts[PK_ROLE_UOM]);
		if (!st.uom)
			continue;
		PkSpan ap = m->role[PK_ROLE_APPROX];
		if (ap.set)
			st.approx = dupn(t + ap.start, ap.end - ap.start);
		PkSpan me = m->role[PK_ROLE_MEASURE];
		if (me.set)
			st.measure = dupn(t + me.start, me.end - me.start);
		else
			st.measure = measure_text(c, cs, ce, m);   /* what the clause says was counted */
		st.unit = unit_about(c, m->start, 0);
		if (st.unit < 0) {
			free(st.uom);
			free(st.approx);
			free(st.measure);
			continue;
		}
		date_of_sentence(c, m->start, &st.period, &st.period_end);
		st.ev = add_evidence(c, m->start, m->end, m->rule,
		                     st.approx ? "approximate value; the marker is kept in kg:approximate" : NULL);
		if (GROW(d->stats, d->n_stats, d->cap_stats)) {
			free(st.uom);
			free(st.approx);
			free(st.measure);
			continue;
		}
		d->stats[d->n_stats++] = st;
	}
}

/* ---- founding, renames ---- */

static void
link_foundings(Ctx *c)
{
	PkDoc *d = c->doc;
	for (size_t i = 0; i < c->ml->n; i++) {
		const PkMention *m = &c->ml->items[i];
		if (m->rule->type != PK_TYPE_FOUNDING || !alive(c, m))
			continue;
		int unit = -1;
		if (m->role[PK_ROLE_UNIT].set)
			unit = unit_in_span(c, m->role[PK_ROLE_UNIT]);
		const char *where = m->rule->consts[PK_ROLE_UNIT];
		if (unit < 0 && where && !strcmp(where, "after"))
			unit = unit_right_after(c, m->end);
		if (unit < 0) {
			/* the nearest unit named in the sentence, before the trigger first */
			unit = unit_about(c, m->end, 1);
			if (unit < 0) {
				int sent = sentence_of(d, m->start);
				for (size_t j = 0; j < c->ml->n; j++) {
					const PkMention *u = &c->ml->items[j];
					if (u->start >= m->end && sentence_of(d, u->start) == sent && c->ment_ent[j] >= 0 &&
					    d->ents[c->ment_ent[j]].kind == PK_ENT_UNIT && alive(c, u)) {
						unit = c->ment_ent[j];
						break;
					}
				}
			}
		}
		if (unit < 0 || d->ents[unit].founded.year)
			continue;
		/* the date: the date mention inside the founding match */
		PkSpan ds = m->role[PK_ROLE_DATE];
		for (size_t j = 0; j < c->ml->n; j++) {
			const PkMention *dm = &c->ml->items[j];
			if (dm->rule->type != PK_TYPE_DATE || dm->dropped_by >= 0)
				continue;
			size_t lo = ds.set ? ds.start : m->start, hi = ds.set ? ds.end : m->end;
			if (dm->start >= lo && dm->start < hi) {
				PkDate dt;
				if (!resolve_date(c, dm, 0, &dt)) {
					d->ents[unit].founded = dt;
					d->ents[unit].founded_ev = add_evidence(c, m->start, m->end, m->rule, NULL);
				}
				break;
			}
		}
	}
}

static void
merge_entity(Ctx *c, int from, int into)
{
	PkDoc *d = c->doc;
	if (from == into || from < 0 || into < 0)
		return;
	PkEntity *f = &d->ents[from], *t = &d->ents[into];
	/* a unit's label is built (厦门市公安局…); only forms seen in the text become
	 * alternative labels. An honour's label is its written form. */
	if (f->kind != PK_ENT_UNIT || f->label_seen)
		ent_add_alt(t, f->label, strlen(f->label));
	for (size_t i = 0; i < f->n_alts; i++)
		ent_add_alt(t, f->alts[i], strlen(f->alts[i]));
	for (size_t i = 0; i < f->n_ev; i++)
		ent_add_ev(t, f->ev[i]);
	t->n_mentions += f->n_mentions;
	if (!t->founded.year && f->founded.year) {
		t->founded = f->founded;
		t->founded_ev = f->founded_ev;
	}
	f->dead = 1;
	for (size_t i = 0; i < d->n_ents; i++) {
		if (d->ents[i].parent == from)
			d->ents[i].parent = i == (size_t)into ? -1 : into;
		if (d->ents[i].located == from)
			d->ents[i].located = into;
	}
	for (size_t i = 0; i < c->ml->n; i++)
		if (c->ment_ent[i] == from)
			c->ment_ent[i] = into;
	for (size_t i = 0; i < d->n_awards; i++)
		if (d->awards[i].unit == from)
			d->awards[i].unit = into;
	for (size_t i = 0; i < d->n_stats; i++)
		if (d->stats[i].unit == from)
			d->stats[i].unit = into;
	if (c->main_bureau == from)
		c->main_bureau = into;
}

static void
link_renames(Ctx *c)
{
	for (size_t i = 0; i < c->ml->n; i++) {
		const PkMention *m = &c->ml->items[i];
		if (m->rule->type != PK_TYPE_RENAME || !alive(c, m))
			continue;
		if (!m->role[PK_ROLE_OLD].set || !m->role[PK_ROLE_NEW].set)
			continue;
		int old = unit_in_span(c, m->role[PK_ROLE_OLD]);
		int neu = unit_in_span(c, m->role[PK_ROLE_NEW]);
		if (old >= 0 && neu >= 0 && old != neu) {
			/* the former name stays an alternative label of the unit */
			add_evidence(c, m->start, m->end, m->rule, "former name kept as skos:altLabel");
			merge_entity(c, old, neu);
		}
	}
}

/* Honours that differ only by a scope prefix (全国首批枫桥式公安派出所 / 枫桥式公安派出所)
 * are one honour. */
static void
merge_honor_variants(Ctx *c)
{
	PkDoc *d = c->doc;
	const PkWordList *scope = c->list[L_HONOR_SCOPE_PREFIXES];
	for (size_t i = 0; i < d->n_ents; i++) {
		PkEntity *a = &d->ents[i];
		if (a->dead || a->kind != PK_ENT_HONOR)
			continue;
		for (size_t j = 0; j < d->n_ents; j++) {
			PkEntity *b = &d->ents[j];
			if (i == j || b->dead || b->kind != PK_ENT_HONOR || !ends_with(b->label, a->label) ||
			    strlen(b->label) == strlen(a->label))
				continue;
			/* b = scope words + a ? */
			size_t extra = strlen(b->label) - strlen(a->label), p = 0;
			int ok = 1;
			while (ok && p < extra) {
				size_t best = 0;
				for (size_t k = 0; scope && k < scope->n_words; k++) {
					size_t wl = strlen(scope->words[k]);
					if (wl <= extra - p && wl > best && !memcmp(b->label + p, scope->words[k], wl))
						best = wl;
				}
				if (!best)
					ok = 0;
				p += best;
			}
			if (ok) {
				merge_entity(c, (int)i, (int)j);
				for (size_t k = 0; k < d->n_awards; k++)
					if (d->awards[k].honor == (int)i)
						d->awards[k].honor = (int)j;
				break;
			}
		}
	}
}

/* ---- places mentioned on their own ---- */

static void
link_places(Ctx *c)
{
	PkDoc *d = c->doc;
	const char *t = d->text;
	for (size_t i = 0; i < c->ml->n; i++) {
		const PkMention *m = &c->ml->items[i];
		if (m->rule->type != PK_TYPE_PLACE || !alive(c, m))
			continue;
		int e = -1;
		if (m->place >= 0) {
			const PkPlaceHit *hits;
			size_t nh = pk_gazetteer_find(c->gaz, t + m->start, m->end - m->start, &hits);
			/* only the meanings the rule looks up (双江 the county, not 双江镇) */
			PkPlaceHit ok[16];
			size_t nok = 0;
			for (size_t h = 0; h < nh && nok < 16; h++) {
				const PkPlace *pl = pk_gazetteer_place(c->gaz, hits[h].place);
				if ((!m->rule->lookup_levels || (m->rule->lookup_levels & (1u << pl->level))) &&
				    (!hits[h].is_short || m->rule->lookup_short))
					ok[nok++] = hits[h];
			}
			int g = nok ? choose_place(c, ok, nok) : m->place;
			if (g < 0)
				continue;
			/* A short county or town name (云霄, 青山) alone is too often a word: keep
			 * it only when the article names a place around it. */
			if (m->is_short && pk_gazetteer_place(c->gaz, g)->level >= PK_LEVEL_COUNTY &&
			    !has_related_place(c, g, i))
				continue;
			e = place_entity(c, g);
		} else {
			PkSpan nm = m->role[PK_ROLE_NAME].set ? m->role[PK_ROLE_NAME] : (PkSpan){m->start, m->end, 1};
			char *name = dupn(t + nm.start, nm.end - nm.start);
			/* X工业园区 and X工业园 are one park */
			if (name && ends_with(name, "园区"))
				name[strlen(name) - strlen("区")] = '\0';
			/* Non-gazetteer places (村, 社区, 园区) are only unique inside their
			 * container: qualify the IRI by the place written right before. */
			int container = -1;
			for (size_t j = i, k = 0; j-- > 0 && k < 32; k++) {   /* neighbours only */
				const PkMention *pm = &c->ml->items[j];
				if (pm->end == m->start && c->ment_ent[j] >= 0 &&
				    d->ents[c->ment_ent[j]].kind == PK_ENT_PLACE) {
					container = c->ment_ent[j];
					break;
				}
			}
			char iri[600];
			snprintf(iri, sizeof iri, "%s-%s",
			         container >= 0 ? d->ents[container].iri_name : d->article_hash, name ? name : "");
			e = name ? get_entity(c, PK_ENT_PLACE, name, iri) : -1;
			if (e >= 0 && container >= 0 && d->ents[e].parent < 0 && container != e)
				d->ents[e].parent = container;
		}
		if (e < 0)
			continue;
		c->ment_ent[i] = e;
		int ev = add_evidence(c, m->start, m->end, m->rule, m->is_short ? "short form of a gazetteer name" : NULL);
		ent_add_ev(&d->ents[e], ev);
		ent_add_alt(&d->ents[e], t + m->start, m->end - m->start);
		/* adjacent places: 晋江市陈埭镇 — the first contains the second */
		for (size_t j = i, k = 0; j-- > 0 && k < 32; k++) {   /* neighbours only */
			const PkMention *pm = &c->ml->items[j];
			if (pm->end == m->start && c->ment_ent[j] >= 0 && c->ment_ent[j] != e &&
			    d->ents[c->ment_ent[j]].kind == PK_ENT_PLACE && d->ents[e].parent < 0 &&
			    d->ents[e].gaz < 0) {
				d->ents[e].parent = c->ment_ent[j];
				break;
			}
		}
	}
}

/* Units whose own local name is a place of the article (幸福路派出所, 幸福路) are in it. */
static void
locate_units_by_local_name(Ctx *c)
{
	PkDoc *d = c->doc;
	for (size_t i = 0; i < d->n_ents; i++) {
		PkEntity *u = &d->ents[i];
		if (u->dead || u->kind != PK_ENT_UNIT || u->located >= 0)
			continue;
		for (size_t j = 0; j < d->n_ents; j++) {
			PkEntity *p = &d->ents[j];
			if (p->dead || p->untyped || p->kind != PK_ENT_PLACE || p->gaz >= 0)
				continue;
			/* the place name right before the unit's last suffix */
			const PkWordList *sl = c->list[L_UNIT_SUFFIXES];
			for (size_t k = 0; sl && k < sl->n_words; k++) {
				if (!ends_with(u->label, sl->words[k]))
					continue;
				size_t stem = strlen(u->label) - strlen(sl->words[k]);
				size_t pl = strlen(p->label);
				/* 五里工业园区警务服务中心 is in 五里工业园 (园区 = 园) */
				if (stem >= 3 && !memcmp(u->label + stem - 3, "区", 3) && stem - 3 >= pl &&
				    !memcmp(u->label + stem - 3 - pl, p->label, pl) && ends_with(p->label, "园"))
					stem -= 3;
				if (stem >= pl && !memcmp(u->label + stem - pl, p->label, pl)) {
					u->located = (int)j;
					break;
				}
			}
			if (u->located >= 0)
				break;
		}
	}
}

/* ---- sentences and exclusions ---- */

static int
split_sentences(PkDoc *d)
{
	size_t cap = 64, n = 0;
	size_t *s = malloc(cap * sizeof(size_t));
	if (!s)
		return -1;
	s[n++] = 0;
	for (size_t i = 0; i < d->len;) {
		size_t k;
		int32_t cp = pk_utf8_decode(d->text + i, d->len - i, &k);
		i += k;
		/* ';' joins clauses of one sentence: the subject carries over */
		if (cp == 0x3002 || cp == '!' || cp == '?' || cp == '\n') {
			/* closing quotes stay with their sentence */
			while (i < d->len) {
				size_t k2;
				int32_t q = pk_utf8_decode(d->text + i, d->len - i, &k2);
				if (q != 0x201D && q != 0x300D && q != 0x300F)
					break;
				i += k2;
			}
			if (n + 1 >= cap) {
				cap *= 2;
				size_t *p = realloc(s, cap * sizeof(size_t));
				if (!p) {
					free(s);
					return -1;
				}
				s = p;
			}
			if (i < d->len)
				s[n++] = i;
		}
	}
	s[n] = d->len;
	d->sent_start = s;
	d->n_sent = n;
	return 0;
}

PkStatus
pk_link(PkDoc *doc, const PkRuleSet *rs, const char *label, const char *text, size_t len,
        const PkMentionList *ml, const char *article_hash)
{
	doc->label = label;
	doc->text = text;
	doc->len = len;
	doc->pub_ev = -1;
	doc->article_hash = strdup(article_hash);
	if (!doc->article_hash || split_sentences(doc))
		return PK_ERR_NOMEM;
	Ctx c;
	ctx_init(&c, doc, rs, ml);
	c.ment_ent = malloc((ml->n ? ml->n : 1) * sizeof(int));
	c.excl = malloc((ml->n ? ml->n : 1) * sizeof *c.excl);
	if (!c.ment_ent || !c.excl) {
		free(c.ment_ent);
		free(c.excl);
		return PK_ERR_NOMEM;
	}
	for (size_t i = 0; i < ml->n; i++) {
		c.ment_ent[i] = -1;
		const PkMention *m = &ml->items[i];
		if (m->rule->type == PK_TYPE_BOILERPLATE) {
			c.excl[c.n_excl][0] = m->start;
			c.excl[c.n_excl++][1] = m->end;
		} else if (m->rule->type == PK_TYPE_CUT) {
			c.excl[c.n_excl][0] = m->start;
			c.excl[c.n_excl++][1] = len;
		}
	}
	link_dates(&c);
	link_places(&c);
	link_units(&c);
	link_foundings(&c);
	link_renames(&c);
	link_honors(&c);
	merge_honor_variants(&c);
	link_stats(&c);
	locate_units_by_local_name(&c);
	/* Each unit mentioned in the article: if it names a place its anchor, link ancestors. */
	for (size_t i = 0; i < doc->n_ents; i++)
		if (!doc->ents[i].dead && doc->ents[i].kind == PK_ENT_PLACE && !doc->ents[i].untyped)
			place_ancestors(&c, (int)i);
	free(c.ment_ent);
	free(c.excl);
	free(c.named_places);
	free(c.unambiguous);
	return PK_OK;
}

void
pk_doc_free(PkDoc *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n_ents; i++) {
		PkEntity *e = &d->ents[i];
		free(e->label);
		free(e->iri_name);
		for (size_t k = 0; k < e->n_alts; k++)
			free(e->alts[k]);
		free(e->alts);
		free(e->ev);
	}
	free(d->ents);
	for (size_t i = 0; i < d->n_awards; i++)
		free(d->awards[i].by);
	free(d->awards);
	for (size_t i = 0; i < d->n_stats; i++) {
		free(d->stats[i].uom);
		free(d->stats[i].measure);
		free(d->stats[i].approx);
	}
	free(d->stats);
	free(d->dates);
	free(d->ev);
	free(d->sent_start);
	free(d->article_hash);
	memset(d, 0, sizeof *d);
}

PkStatus
pk_link_trim(const PkRuleSet *rs, const char *text, size_t len, PkMentionList *ml)
{
	PkDoc tmp;
	memset(&tmp, 0, sizeof tmp);
	tmp.text = text;
	tmp.len = len;
	Ctx c;
	ctx_init(&c, &tmp, rs, ml);
	PkMention *extra = NULL;   /* second halves of split chains */
	size_t n_extra = 0, cap_extra = 0;
	size_t out = 0;
	for (size_t i = 0; i < ml->n; i++) {
		PkMention *m = &ml->items[i];
		PkSpan *nm = &m->role[PK_ROLE_NAME];
		size_t st = m->start, e0 = 0;
		if (m->rule->type == PK_TYPE_UNIT) {
			size_t s0 = nm->set ? nm->start : m->start;
			e0 = nm->set ? nm->end : m->end;
			st = trim_unit(&c, s0, e0);
		} else if (m->rule->type == PK_TYPE_ALIAS && nm->set) {
			int g;
			st = trim_alias(&c, nm->start, nm->end, &g);
		} else {
			ml->items[out++] = *m;
			continue;
		}
		if (st == (size_t)-1)
			continue;   /* no name in it */
		if (nm->set && nm->start < st)
			nm->start = st;
		if (m->start < st)
			m->start = st;
		size_t rest;
		size_t brk = m->rule->type == PK_TYPE_UNIT ? chain_break(&c, st, e0, &rest) : e0;
		if (m->rule->type == PK_TYPE_UNIT && brk < e0) {
			PkMention m2 = *m;
			if (nm->set)
				nm->end = brk;
			m->end = brk;
			size_t st2 = trim_unit(&c, rest, e0);
			if (st2 != (size_t)-1 && (n_extra < cap_extra ||
			                          grow_array((void **)&extra, &cap_extra, sizeof *extra) == 0)) {
				m2.start = st2;
				if (m2.role[PK_ROLE_NAME].set)
					m2.role[PK_ROLE_NAME].start = st2;
				extra[n_extra++] = m2;
			}
		}
		ml->items[out++] = *m;
	}
	ml->n = out;
	/* the list is sorted again by pk_mentions_resolve */
	for (size_t i = 0; i < n_extra; i++) {
		if (ml->n == ml->cap &&
		    grow_array((void **)&ml->items, &ml->cap, sizeof *ml->items) != 0)
			break;
		ml->items[ml->n++] = extra[i];
	}
	free(extra);
	free(c.named_places);
	free(c.unambiguous);
	return PK_OK;
}
