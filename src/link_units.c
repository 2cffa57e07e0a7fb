/* link_units.c — units: names parsed into places + a chain of unit segments, matched spans
 * trimmed to where a name starts (before mentions are resolved), each unit mention linked
 * to its entity (full names, X公安/X警方 aliases, short names), and anaphora and "the unit
 * a sentence is about", which the fact steps (link_facts.c) credit their facts to. */
#define _GNU_SOURCE   /* memmem */
#include "link_ctx.h"
#include "buf.h"

#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int mention_entity(Ctx *c, size_t i);

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
		{"区", PK_LEVEL_COUNTY}, {"州", PK_LEVEL_CITY}, {"自治区", PK_LEVEL_PROVINCE},
	};
	for (size_t i = 0; i < sizeof ctx_words / sizeof ctx_words[0]; i++) {
		size_t wl = strlen(ctx_words[i].w);
		if (n > wl + 3 && !memcmp(s, ctx_words[i].w, wl) && memcmp(s + wl, "级", 3)) {
			u->ctx_level = ctx_words[i].level;
			pos = wl;
		}
	}
	while (u->ctx_level < 0 && u->np < 8 && pos < n) {
		size_t len;
		int sh;
		int g = pk_link_place_at(c, s + pos, n - pos, &len, &sh);
		if (g < 0 || pos + len >= n || pk_link_road_after(s + pos + len, n - pos - len))
			break;
		/* places in a name nest: 福建省晋江市, never 晋江市 then 公安(县) */
		if (u->np && !pk_link_gaz_within(c->gaz, g, u->gaz[u->np - 1]))
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
	/* 湖里派出所: the "place" is the unit's own local name; so with one character more
	 * (秀英港派出所: the port of 秀英, no 港 station of 秀英区's bureau). */
	if (u->ns && u->np && (u->suf_s[0] == u->seg_s[0] || u->suf_s[0] == u->seg_s[0] + 3) &&
	    in_list(c, L_NEEDS_LOCAL, s + u->suf_s[0], u->seg_e[0] - u->suf_s[0])) {
		size_t back = 0, len;
		int sh;
		/* find the start of the last place */
		size_t p0 = 0;
		for (int i = 0; i < u->np; i++) {
			pk_link_place_at(c, s + p0, n - p0, &len, &sh);
			back = p0;
			p0 += len;
		}
		u->np--;
		u->seg_s[0] = back;
		u->places_end = back;
		/* 安溪县派出所 (the county's stations, in a headline): a county or a city written
		 * in full is no station's name */
		const PkPlace *pl = pk_gazetteer_place(c->gaz, u->gaz[u->np]);
		if (pl->level <= PK_LEVEL_COUNTY && u->seg_e[0] > back + 3 &&
		    (!memcmp(s + u->suf_s[0] - 3, "县", 3) || !memcmp(s + u->suf_s[0] - 3, "市", 3)))
			u->ns = 0;
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
	int province = p->level == PK_LEVEL_PROVINCE && !pk_link_ends_with(p->name, "市");
	return pk_link_concat(p->name, province ? "公安厅" : "公安局");
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
	int e = pk_link_get_entity(c, PK_ENT_UNIT, label, iri_name);
	if (e >= 0 && anchor >= 0 && c->doc->ents[e].anchor_gaz < 0)
		c->doc->ents[e].anchor_gaz = anchor;
	return e;
}

/* Is the n bytes at w one of the '='-separated names of group g ("交警=交通警察=交通管理")? */
static int
group_has(const char *g, const char *w, size_t n)
{
	for (const char *p = g;;) {
		const char *e = strchr(p, '=');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (l == n && !memcmp(p, w, n))
			return 1;
		if (!e)
			return 0;
		p = e + 1;
	}
}

/* The label of level i of a chain under prefix: prefix + the segment as written, or, when
 * the article already has that unit under another name of the same department
 * (department_synonyms: 石家庄交警支队 after 石家庄市公安局交通管理支队), that unit's
 * label. Returns a malloc'd string. */
static char *
chain_label(Ctx *c, const char *prefix, const char *s, const UnitName *u, int i)
{
	char *seg = pk_link_dupn(s + u->seg_s[i], u->seg_e[i] - u->seg_s[i]);
	char *label = seg ? pk_link_concat(prefix, seg) : NULL;
	free(seg);
	const PkWordList *syn = c->list[L_DEPARTMENT_SYNONYMS];
	size_t ll = u->suf_s[i] - u->seg_s[i];
	if (!label || !syn || !ll || pk_link_find_entity(c->doc, PK_ENT_UNIT, label) >= 0)
		return label;
	const char *local = s + u->seg_s[i], *suf = s + u->suf_s[i];
	size_t sl = u->seg_e[i] - u->suf_s[i];
	for (size_t g = 0; g < syn->n_words; g++) {
		if (!group_has(syn->words[g], local, ll))
			continue;
		for (const char *p = syn->words[g];;) {
			const char *e = strchr(p, '=');
			size_t l = e ? (size_t)(e - p) : strlen(p);
			PkBuf b = PK_BUF_INIT;
			pk_buf_append(&b, prefix, strlen(prefix));
			pk_buf_append(&b, p, l);
			pk_buf_append(&b, suf, sl);
			if (b.data && pk_link_find_entity(c->doc, PK_ENT_UNIT, b.data) >= 0) {
				free(label);
				label = strdup(b.data);
				pk_buf_free(&b);
				return label;
			}
			pk_buf_free(&b);
			if (!e)
				break;
			p = e + 1;
		}
	}
	return label;
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
		char *label = chain_label(c, prefix, s, u, i);
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
		pk_link_ent_add_ev(pe, ev);
		/* the written form of this level (青山公安分局 of 青山公安分局幸福路派出所) */
		pk_link_ent_add_alt(pe, s, u->seg_e[i]);
		if (first < 0)
			first = e;
		prev = last = e;
	}
	free(prefix);
	if (first_out)
		*first_out = first;
	return last;
}

/* Does label end with the unit name w[0..n) and have more before it? A first segment X分局
 * (loc: the bytes of X, 0 for none) also matches X区分局: a district's 分局 is written without
 * 区 as often as with it (大武口分局, 大武口区分局). */
static int
ends_with_name(const char *label, const char *w, size_t n, size_t loc)
{
	size_t el = strlen(label), q = strlen("区"), f = strlen("分局");
	if (el > n && !memcmp(label + el - n, w, n))
		return 1;
	if (!loc || n - loc < f || memcmp(w + loc, "分局", f) || el <= n + q)
		return 0;
	const char *t = label + el - n - q;
	return !memcmp(t, w, loc) && !memcmp(t + loc, "区", q) && !memcmp(t + loc + q, w + loc, n - loc);
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
			if (e->dead || e->kind != PK_ENT_UNIT ||
			    !ends_with_name(e->label, s + from, wl, from == u->seg_s[0] ? u->suf_s[0] - from : 0))
				continue;
			if (best < 0 || e->n_mentions > d->ents[best].n_mentions)
				best = (int)i;
		}
		if (best < 0)
			continue;
		if (k == u->ns) {
			pk_link_ent_add_ev(&d->ents[best], ev);
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

/* Units named after a place that belong to an organ other than the place's bureau, when the
 * article names that organ: 芙蓉区大队 (a bare 大队/中队 after a district) is the brigade of
 * the named 支队 whose place contains the district (traffic and criminal-investigation
 * brigades are named after districts) when 芙蓉区公安局 is not named; 大连北站派出所 (a
 * 派出所 named after a station) is the named railway 公安处 (else 公安局) of that place's
 * region. Returns that organ's entity, or -1. */
static int
district_detachment(Ctx *c, const char *s, const UnitName *u, int anchor, int bureau_named)
{
	static const char *const brigades[] = {"大队", "中队"};
	size_t sl = u->seg_e[0] - u->suf_s[0];
	int bare = u->suf_s[0] == u->seg_s[0];
	int brigade = 0;
	for (size_t k = 0; k < 2; k++)
		brigade |= sl == strlen(brigades[k]) && !memcmp(s + u->suf_s[0], brigades[k], sl);
	/* 大连北站派出所: a station police post is the railway police's */
	int station = u->ns == 1 && sl == strlen("派出所") && !memcmp(s + u->suf_s[0], "派出所", sl) &&
	              u->suf_s[0] >= u->seg_s[0] + 3 && !memcmp(s + u->suf_s[0] - 3, "站", 3);
	if (bare && brigade && bureau_named)
		return -1;   /* 芙蓉区公安局 is named: its 大队 */
	if (!(bare && brigade) && !station)
		return -1;
	const PkDoc *d = c->doc;
	int best = -1;
	for (size_t i = 0; i < d->n_ents; i++) {
		const PkEntity *e = &d->ents[i];
		int fits = station ? pk_link_ends_with(e->label, "铁路公安处") ||
		                             pk_link_ends_with(e->label, "铁路公安局")
		                   : !e->is_bureau && pk_link_ends_with(e->label, "支队");
		if (e->dead || e->kind != PK_ENT_UNIT || !fits)
			continue;
		if (station) {
			/* any railway organ the article names; the 公安处 before its 公安局 */
			int office = pk_link_ends_with(e->label, "铁路公安处");
			int best_office = best >= 0 && pk_link_ends_with(d->ents[best].label, "铁路公安处");
			if (best_office && !office)
				continue;
			if (office && !best_office) {
				best = (int)i;
				continue;
			}
		} else if (e->anchor_gaz < 0 || e->anchor_gaz == anchor ||
		           !pk_link_gaz_within(c->gaz, anchor, e->anchor_gaz)) {
			continue;
		}
		if (best < 0 || e->n_mentions > d->ents[best].n_mentions)
			best = (int)i;
	}
	return best;
}

/* The county-level place inside gazetteer place anchor written as the n bytes at s (a
 * full or short form), or -1. */
static int
district_named(Ctx *c, const char *s, size_t n, int anchor)
{
	const PkPlaceHit *hits;
	size_t nh = pk_gazetteer_find(c->gaz, s, n, &hits);
	for (size_t h = 0; h < nh; h++)
		if (pk_gazetteer_place(c->gaz, hits[h].place)->level == PK_LEVEL_COUNTY &&
		    pk_link_gaz_within(c->gaz, hits[h].place, anchor))
			return hits[h].place;
	return -1;
}

/* The places of a chain's levels (u's levels are the chain ending at last): an organ of
 * its own named after a place (大连铁路公安处), and a 分局 named after a district within
 * anchor (思明分局), with the form the article writes (甘井子 of 甘井子分局). */
static void
locate_levels(Ctx *c, const char *s, const UnitName *u, int last, int anchor)
{
	int level_ent[8];
	for (int i = u->ns - 1, e = last; i >= 0; i--) {
		level_ent[i] = e;
		e = e >= 0 ? c->doc->ents[e].parent : -1;
	}
	/* 上海铁路公安局南京公安处, 大连铁路公安处: an organ of its own named after a place
	 * below the chain's first sits there. */
	for (int i = 1; i < u->ns; i++) {
		size_t len;
		int sh;
		if (!seg_is_own_bureau(c, s, u, i) || level_ent[i] < 0 || c->doc->ents[level_ent[i]].located >= 0)
			continue;
		int g = pk_link_place_at(c, s + u->seg_s[i], u->suf_s[i] - u->seg_s[i], &len, &sh);
		if (g >= 0 && u->seg_s[i] + len < u->suf_s[i]) {
			int pe = pk_link_place_entity(c, g);
			if (pe >= 0) {
				pk_link_ent_add_alt(&c->doc->ents[pe], s + u->seg_s[i], len);
				c->doc->ents[level_ent[i]].located = pe;
			}
		}
	}
	/* 思明分局: a 分局 named after a district sits in that district, a place too; so does
	 * a brigade (交通警察支队青秀大队) */
	for (int i = 0; i < u->ns; i++) {
		size_t ll = u->suf_s[i] - u->seg_s[i], sl = u->seg_e[i] - u->suf_s[i];
		int brigade = sl == strlen("大队") && !memcmp(s + u->suf_s[i], "大队", sl);
		if (!ll || !(brigade || in_list(c, L_DISTRICT_SUFFIXES, s + u->suf_s[i], sl)))
			continue;
		size_t len;
		int sh;
		int g = pk_link_place_at(c, s + u->seg_s[i], ll, &len, &sh);
		if (g < 0 && anchor >= 0) {
			/* 天津市公安局和平分局: a short form that is mostly a word (和平, 城关: never read as
			 * a place on its own) is a district when the bureau's city has one so named */
			g = district_named(c, s + u->seg_s[i], ll, anchor);
			len = ll;
		}
		if (g < 0 || len != ll || anchor < 0 || !pk_link_gaz_within(c->gaz, g, anchor))
			continue;
		int pe = pk_link_place_entity(c, g);
		if (pe < 0)
			continue;
		pk_link_ent_add_alt(&c->doc->ents[pe], s + u->seg_s[i], ll);
		if (level_ent[i] >= 0 && c->doc->ents[level_ent[i]].located < 0)
			c->doc->ents[level_ent[i]].located = pe;
	}
}

/* A unit name that starts from places: 厦门市公安局思明分局莲前派出所. */
static int
link_full_unit(Ctx *c, const char *s, const UnitName *u, int ev)
{
	int anchor = u->gaz[u->np - 1];
	/* Places named in the prefix are places of the article, nested in each other. */
	int prev_pe = -1;
	for (int i = 0; i < u->np; i++) {
		int pe = pk_link_place_entity(c, u->gaz[i]);
		if (pe < 0)
			return -1;
		pk_link_ent_add_ev(&c->doc->ents[pe], ev);
		pk_link_ent_add_alt(&c->doc->ents[pe], s + u->pl_s[i], u->pl_e[i] - u->pl_s[i]);
		/* (gazetteer places get their parents from the gazetteer: pk_link_place_ancestors) */
		prev_pe = pe;
	}
	const PkPlace *ap = pk_gazetteer_place(c->gaz, anchor);
	int first = -1, last;
	/* 福田大队 after 深圳市公安局交通警察支队福田大队, 哈尔滨公安处 after 哈尔滨铁路公安局
	 * 哈尔滨公安处: the unit named before */
	int known = link_known_prefix(c, s, u, 0, ev);
	if (known >= 0)
		return known;
	if (seg_is_bureau(c, s, u, 0)) {
		last = build_chain(c, s, u, ap->name, -1, anchor, ev, &first);
	} else if (seg_is_own_bureau(c, s, u, 0)) {
		/* 上海铁路公安局南京公安处: named as written, under no city bureau */
		char *written = pk_link_dupn(s, u->places_end);
		last = written ? build_chain(c, s, u, written, -1, anchor, ev, &first) : -1;
		free(written);
	} else {
		/* 厦门出入境管理支队 is 厦门市公安局's 出入境管理支队: qualify by the bureau. */
		char *bl = bureau_label(c, anchor);
		int be = bl ? pk_link_find_entity(c->doc, PK_ENT_UNIT, bl) : -1;
		int det = district_detachment(c, s, u, anchor, be >= 0);
		if (det >= 0) {
			/* 芙蓉区大队 under 长沙市公安局交通警察支队: named as written */
			UnitName w = *u;
			w.seg_s[0] = 0;
			last = build_chain(c, s, &w, c->doc->ents[det].label, det, anchor, ev, &first);
		} else {
			last = build_chain(c, s, u, bl ? bl : ap->name, be, anchor, ev, &first);
		}
		free(bl);
	}
	if (first >= 0 && c->doc->ents[first].located < 0)
		c->doc->ents[first].located = prev_pe;
	locate_levels(c, s, u, last, anchor);
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

static int
is_stop_char(const Ctx *c, const char *t, size_t off)
{
	size_t k;
	pk_utf8_decode(t + off, c->doc->len - off, &k);
	return in_list(c, L_LOCAL_STOP_CHARS, t + off, k);
}

/* Characters of local_stop_chars that are also parts of names (新阳路, 前进, 莲前, 里水):
 * inside a local name, or at its start right after a boundary, they are name characters. */
static int
is_weak_stop_char(const char *t, size_t off)
{
	return !memcmp(t + off, "新", 3) || !memcmp(t + off, "前", 3) || !memcmp(t + off, "后", 3) ||
	       !memcmp(t + off, "里", 3);
}

/* A local name may start at off: not with a stop character, and after a boundary (no Han
 * character, or a stop character, before it). */
static int
local_starts_at(const Ctx *c, size_t off)
{
	const char *t = c->doc->text;
	if (is_stop_char(c, t, off) && !is_weak_stop_char(t, off))
		return 0;
	int32_t b = cp_before(t, off);
	if (!is_han_cp(b) || is_stop_char(c, t, pk_link_prev_char(t, off)))
		return 1;
	/* a word that ends right before the name: 其中芳草街派出所, 目前碧山派出所 */
	size_t p1 = pk_link_prev_char(t, off);
	if (p1 > 0) {
		size_t p2 = pk_link_prev_char(t, p1);
		if (in_list(c, L_LOCAL_STOP_WORDS, t + p2, off - p2))
			return 1;
	}
	/* an anaphor right before the name: 该支队勐满边境派出所 (read from the text: the
	 * mention list is not in text order while names are trimmed) */
	static const char *const kinds[] = {"所", "局", "中心", "队", "室"};
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		size_t kl = strlen(kinds[k]);
		if (off < kl || memcmp(t + off - kl, kinds[k], kl))
			continue;
		for (size_t back = off - kl, n = 0; back > 0 && n < 3; n++) {
			back = pk_link_prev_char(t, back);
			if (!memcmp(t + back, "该", 3))
				return 1;
		}
	}
	/* a title right before the name: 全国模范公安单位莲前派出所 (titles are short: look
	 * back a bounded way) */
	for (size_t i = pk_link_first_mention_at(c->ml, off), k = 0; i-- > 0 && k < 64; k++)
		if (c->ml->items[i].rule->type == PK_TYPE_HONOR && c->ml->items[i].end == off)
			return 1;
	return 0;
}

/* Does a local name end in a word for a community (德胜新村社区, 阳光小区, 东湖村)? */
static int
local_is_community(const char *s, size_t n)
{
	static const char *const words[] = {"社区", "小区", "村", "街道"};
	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
		size_t wl = strlen(words[k]);
		if (n > wl && !memcmp(s + n - wl, words[k], wl))
			return 1;
	}
	return 0;
}

/* Does the article write the name starting at p (its local name up to suf, then its unit
 * suffix) right after another unit's suffix, as the last link of a chain (哈尔滨市公安局松北
 * 分局冰雪大世界警务站)? Then the name alone (冰雪大世界警务站) is that unit's, however
 * long its local name. */
static int
named_in_chain(const Ctx *c, size_t p, size_t suf)
{
	const char *t = c->doc->text;
	size_t len = c->doc->len;
	size_t sl = list_prefix(c, L_UNIT_SUFFIXES, t + suf, len - suf);
	if (!sl)
		return 0;
	size_t n = suf + sl - p;
	for (const char *h = t; (h = memmem(h, (size_t)(t + len - h), t + p, n)) != NULL; h += n) {
		size_t at = (size_t)(h - t);
		if (at == p)
			continue;
		const PkWordList *sufs = c->list[L_UNIT_SUFFIXES];
		for (size_t k = 0; sufs && k < sufs->n_words; k++) {
			size_t wl = strlen(sufs->words[k]);
			if (at >= wl && !memcmp(t + at - wl, sufs->words[k], wl))
				return 1;
		}
	}
	return 0;
}

/* Does the local name before suf end with a development zone's word (东湖新技术开发区分局,
 * 高新区分局)? Such names run longer than other local names. */
static int
local_is_zone(const char *t, size_t s, size_t suf)
{
	static const char *const zones[] = {"开发区", "高新区", "经开区", "新区", "保税区", "自贸区",
	                                    "合作区", "示范区", "园区", "工业园"};
	for (size_t k = 0; k < sizeof zones / sizeof zones[0]; k++) {
		size_t zl = strlen(zones[k]);
		if (suf - s > zl && !memcmp(t + suf - zl, zones[k], zl))
			return 1;
	}
	return 0;
}

/* Where the local name before a unit suffix at suf starts (新阳路派出所, 芳草街派出所,
 * 碧山派出所), or (size_t)-1. The name is within the run of up to seven characters with
 * no stop character in it; it starts at the run's earliest position that follows a
 * boundary (local_starts_at), after any stop word it begins with (今年支队 names nothing).
 * Two characters at least; more than three only from a place name (勐满边境派出所, five at
 * most) or ending in a community word (德胜新村社区警务室): a longer run is too often a
 * verb and a name (可拨打长安大队). */
static size_t
local_name_start(const Ctx *c, size_t s, size_t suf)
{
	const char *t = c->doc->text;
	size_t run = suf;
	int zone = local_is_zone(t, s, suf);
	for (int n = 0; n < (zone ? 12 : 7) && run > s; n++) {
		size_t q = pk_link_prev_char(t, run);
		if (is_stop_char(c, t, q) && !is_weak_stop_char(t, q))
			break;
		run = q;
	}
	/* 武汉市公安局|东湖新技术开发区分局 (a chain the match window split): a zone's name may
	 * start right after a unit suffix */
	int after_unit = 0;
	const PkWordList *sufs = c->list[L_UNIT_SUFFIXES];
	for (size_t k = 0; zone && sufs && k < sufs->n_words && !after_unit; k++) {
		size_t wl = strlen(sufs->words[k]);
		after_unit = run >= wl && !memcmp(t + run - wl, sufs->words[k], wl);
	}
	for (size_t p = run, k; p < suf && pk_utf8_count(t + p, suf - p) >= 2; p += k) {
		pk_utf8_decode(t + p, suf - p, &k);
		if (!local_starts_at(c, p) && !(after_unit && p == run))
			continue;
		/* more than three characters only from a place name (勐满边境派出所, up to five)
		 * or for a community's post (德胜新村社区警务室, up to seven) */
		size_t nc = pk_utf8_count(t + p, suf - p);
		/* (友谊边境派出所: a border station is named for its port, 边境 after the name) */
		int border = nc <= 5 && suf - p > 6 && !memcmp(t + suf - 6, "边境", 6);
		if (nc > 3 && !zone && !border && !(nc <= 7 && local_is_community(t + p, suf - p)) &&
		    !(nc <= 6 && named_in_chain(c, p, suf))) {
			/* (or a place's whole name: 南京东路派出所 of 南京东路街道) */
			size_t fl = nc <= 5 ? pk_link_place_form_at(c, t + p, suf - p) : 0;
			if (!fl || p + fl > suf)
				continue;
		}
		/* 这句碧山派出所: 句 ends a stop word that began before the run */
		size_t q = pk_link_prev_char(t, p);
		if (q < p && q + list_prefix(c, L_LOCAL_STOP_WORDS, t + q, suf - q) > p)
			continue;
		/* after a stop word it begins with; and 重点村设立驻村警务室, 辖区内建成社区警务室: a
		 * long name holds no stop word, it starts after the last one */
		size_t after = p + list_prefix(c, L_LOCAL_STOP_WORDS, t + p, suf - p);
		for (size_t r = after, k2; nc > 3 && r < suf; r += k2) {
			size_t l2 = list_prefix(c, L_LOCAL_STOP_WORDS, t + r, suf - r);
			if (l2 && r > p) {
				after = r + l2;
				k2 = l2;
				continue;
			}
			pk_utf8_decode(t + r, suf - r, &k2);
		}
		if (after != p)
			return pk_utf8_count(t + after, suf - after) >= 2 ? after : (size_t)-1;
		return p;
	}
	return (size_t)-1;
}

/* Is there a local_stop_words word in [s, e) before its first unit suffix? */
static int
stop_word_in(const Ctx *c, size_t s, size_t e)
{
	const char *t = c->doc->text;
	for (size_t p = s, k; p < e; p += k) {
		if (list_prefix(c, L_UNIT_SUFFIXES, t + p, e - p))
			return 0;
		if (list_prefix(c, L_LOCAL_STOP_WORDS, t + p, e - p))
			return 1;
		pk_utf8_decode(t + p, e - p, &k);
	}
	return 0;
}

/* Is the character at s one that NAMECHAR (rules/00-common.rules) leaves out: a particle
 * or preposition that ends a name (的在与被为将从向对把给了是及等由)? */
static int
is_namechar_gap(const char *s)
{
	static const char gaps[] = "的在与被为将从向对把给了是及等由";
	for (size_t k = 0; k + 3 <= sizeof gaps - 1; k += 3)
		if (!memcmp(s, gaps + k, 3))
			return 1;
	return 0;
}

/* Trims the span [s, e) of a unit match to where the name starts (see units.rules).
 * Returns the new start, or (size_t)-1 when no name is left. */
size_t
pk_link_trim_unit(Ctx *c, size_t s, size_t e)
{
	const char *t = c->doc->text;
	/* 向阳派出所, 将乐县公安局, 从江县公安局: a place that begins with a character no name
	 * character class holds (向 将 从 为…, NAMECHAR) was matched from its second character */
	if (s >= 3) {
		size_t p = pk_link_prev_char(t, s);
		size_t fl = s - p == 3 && is_namechar_gap(t + p) ? pk_link_place_form_at(c, t + p, e - p) : 0;
		if (fl > 3 && list_prefix(c, L_UNIT_SUFFIXES, t + p + fl, e - p - fl))
			return p;   /* the place, then the unit: 向阳派出所 */
	}
	/* 该支队勐满边境派出所: an anaphor opening the span is no part of the name after it */
	if (e - s > 3 && !memcmp(t + s, "该", 3)) {
		size_t sl = list_prefix(c, L_UNIT_SUFFIXES, t + s + 3, e - s - 3);
		if (sl && s + 3 + sl < e)
			s += 3 + sl;
	}
	/* a whole national unit, or one its departments follow (成功侦破公安部刑事侦查局) */
	if (in_list(c, L_NATIONAL_UNITS, t + s, e - s))
		return s;
	for (size_t p = s, k; p < e; p += k) {
		size_t nl = list_prefix(c, L_NATIONAL_UNITS, t + p, e - p);
		if (nl && p + nl < e && list_prefix(c, L_UNIT_SUFFIXES, t + p + nl, e - p - nl))
			return p;
		pk_utf8_decode(t + p, e - p, &k);
	}
	/* 市打击治理中心: a bare level word at a boundary refers to the article's own */
	static const char *const ctx_words[] = {"市", "县", "省", "区", "州", "自治区"};
	for (size_t i = 0; i < sizeof ctx_words / sizeof ctx_words[0]; i++) {
		size_t wl = strlen(ctx_words[i]), a = s + wl;
		if (e - s > wl + 3 && !memcmp(t + s, ctx_words[i], wl) && memcmp(t + a, "级", 3) &&
		    local_starts_at(c, s)) {
			/* (记者从)市公安局: after a boundary or a particle (县级看守所: a level);
			 * 该县多个乡镇派出所, 全市各派出所: a count or a kind, no name */
			if (!list_prefix(c, L_UNIT_SUFFIXES, t + a, e - a) &&
			    (list_prefix(c, L_GENERIC_LOCALS, t + a, e - a) ||
			     list_prefix(c, L_LOCAL_STOP_WORDS, t + a, e - a) || memmem(t + a, e - a, "乡镇", 6)))
				return (size_t)-1;
			/* 市局所属醴陵市公安局: a word no name holds; the name is after it */
			if (!stop_word_in(c, a, e))
				return s;
			break;
		}
	}
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
	/* 收录进派出所, 有人说派出所, 全市各派出所, 古州镇一名派出所: no name */
	if (suf > s) {
		size_t last = pk_link_prev_char(t, suf), k;
		pk_utf8_decode(t + last, suf - last, &k);
		if (in_list(c, L_LOCAL_STOP_END_CHARS, t + last, k))
			return (size_t)-1;
	}
	/* 0. a development zone's name (东湖新技术开发区分局): its whole run, not the place a
	 * word inside it happens to be (东湖, 开发区) */
	if (suf > s && local_is_zone(t, s, suf)) {
		size_t z = local_name_start(c, s, suf);
		if (z != (size_t)-1)
			return z;
	}
	/* 1. the first gazetteer place with a name after it, and no word between them that
	 * no name holds (珠海路社区分别设立社区警务室: 设立, local_stop_words) */
	for (size_t p = s; p < suf;) {
		size_t len;
		int sh;
		if (pk_link_place_at(c, t + p, e - p, &len, &sh) >= 0 && p + len < e) {
			size_t q = p + len, wl = 0;
			while (q < suf && !(wl = list_prefix(c, L_LOCAL_STOP_WORDS, t + q, suf - q))) {
				size_t k;
				pk_utf8_decode(t + q, suf - q, &k);
				q += k;
			}
			if (q >= suf)
				return p;
			p = q + wl;
			continue;
		}
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
	/* 3. a local name at a boundary: the run of name characters before the suffix */
	return local_name_start(c, s, suf);
}

/* X of X公安 / X警方: the longest tail of the span that is exactly a gazetteer place. */
size_t
pk_link_trim_alias(Ctx *c, size_t s, size_t e, int *g)
{
	const char *t = c->doc->text;
	for (size_t p = s; p < e;) {
		size_t len;
		int sh;
		int gg = pk_link_place_at(c, t + p, e - p, &len, &sh);
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
 * 联合 (local_stop_words), nor across 和 right after a suffix — two units are named. Returns where the first name ends (the
 * end of its last unit suffix before the word) and sets *rest to where the text after the
 * word starts; returns e when the span is one name. */
size_t
pk_link_chain_break(Ctx *c, size_t s, size_t e, size_t *rest)
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
		/* 竹垣警务室和沙田警务室: two names; 和 begins no name unless a place's (和平区) */
		if (!wl && suffix_end == i && e - i > 3 && !memcmp(t + i, "和", 3) &&
		    memcmp(t + i, "和平", 6) && !pk_link_place_form_at(c, t + i, e - i))
			wl = 3;
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

/* How often w is written in the article (boilerplate and related-news tails left out). */
static size_t
occurrences(const Ctx *c, const char *w)
{
	const PkDoc *d = c->doc;
	size_t n = 0, wl = strlen(w);
	for (const char *p = d->text, *end = d->text + d->len; wl && (p = memmem(p, (size_t)(end - p), w, wl)); p += wl)
		n += !pk_link_excluded(c, (size_t)(p - d->text));
	return n;
}

/* How often the bureau label w is written on its own, not as the head of a longer name
 * (哈尔滨市公安局道里分局 is a mention of the 分局). */
static size_t
occurrences_alone(const Ctx *c, const char *w)
{
	const PkDoc *d = c->doc;
	size_t n = 0, wl = strlen(w);
	for (const char *p = d->text, *end = d->text + d->len; wl && (p = memmem(p, (size_t)(end - p), w, wl)); p += wl) {
		if (pk_link_excluded(c, (size_t)(p - d->text)))
			continue;
		int head = 0;
		const char *q = p + wl;
		for (int k = 0; k < 8 && q < end && !head; k++) {
			size_t cl;
			int32_t cp = pk_utf8_decode(q, (size_t)(end - q), &cl);
			if (!is_han_cp(cp))
				break;
			head = list_prefix(c, L_UNIT_SUFFIXES, q, (size_t)(end - q)) > 0;
			q += cl;
		}
		n += !head;
	}
	return n;
}

/* The 分局 an article is about (洛阳市公安局涧西分局): of the 分局s it names under a bureau,
 * the one written most often — strictly more than any other, and at least as often as the
 * article's bureau (湖里分局 named once in a story about 厦门市公安局's stations all over the
 * city is not it). -1 when there is none. */
static int
main_branch(const Ctx *c)
{
	const PkDoc *d = c->doc;
	int best = -1;
	size_t best_n = 0, second_n = 0;
	for (size_t i = 0; i < d->n_ents; i++) {
		const PkEntity *e = &d->ents[i];
		if (e->kind != PK_ENT_UNIT || e->is_bureau || e->dead || e->parent < 0 ||
		    !d->ents[e->parent].is_bureau || !pk_link_ends_with(e->label, "分局"))
			continue;
		/* its own name, as written after its bureau's: 涧西分局 */
		const char *bl = d->ents[e->parent].label;
		const char *own = strncmp(e->label, bl, strlen(bl)) ? e->label : e->label + strlen(bl);
		size_t n = occurrences(c, own);
		if (best < 0 || n > best_n) {
			second_n = best_n;
			best = (int)i;
			best_n = n;
		} else if (n > second_n) {
			second_n = n;
		}
	}
	if (best < 0 || best_n == second_n ||
	    (c->main_bureau >= 0 && best_n < occurrences_alone(c, d->ents[c->main_bureau].label)))
		return -1;
	return best;
}

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
	c->main_branch = main_branch(c);
	return best;
}

/* 厦门出入境, 深圳交警, 晋江刑警: the department of place X's bureau that the article
 * names in full (厦门市公安局出入境管理支队), found by the words its name contains; the
 * shortest such name (the department, not its sub-units). No unit when the article names
 * none: the department's real name is not guessed. */
static int
department_alias(Ctx *c, int g, const char *kind, size_t kl)
{
	/* the names of kind's department: its department_synonyms group (刑警=刑侦=刑事侦查),
	 * or kind alone */
	const PkWordList *syn = c->list[L_DEPARTMENT_SYNONYMS];
	const char *group = NULL;
	for (size_t k = 0; syn && k < syn->n_words && !group; k++)
		if (group_has(syn->words[k], kind, kl))
			group = syn->words[k];
	char *alone = group ? NULL : pk_link_dupn(kind, kl);
	if (!group && !(group = alone))
		return -1;
	PkDoc *d = c->doc;
	const PkPlace *p = pk_gazetteer_place(c->gaz, g);
	/* a district's departments sit under its 分局: match by the bureau of its city and
	 * the district's name both in the label */
	int city = p->level == PK_LEVEL_COUNTY && pk_link_ends_with(p->name, "区") && p->parent >= 0;
	char *bureau = bureau_label(c, city ? p->parent : g);
	if (!bureau) {
		free(alone);
		return -1;
	}
	size_t bl = strlen(bureau);
	int best = -1;
	for (size_t i = 0; i < d->n_ents; i++) {
		const PkEntity *e = &d->ents[i];
		if (e->dead || e->kind != PK_ENT_UNIT || strncmp(e->label, bureau, bl))
			continue;
		const char *rest = e->label + bl;
		if (city) {
			size_t nl = strlen(p->name) - strlen("区");
			if (strncmp(rest, p->name, nl))
				continue;
		}
		int hit = 0;
		for (const char *w = group; *w && !hit;) {
			const char *eq = strchr(w, '=');
			size_t wl = eq ? (size_t)(eq - w) : strlen(w);
			char *name = pk_link_dupn(w, wl);
			hit = name && strstr(rest, name) != NULL;
			free(name);
			w += wl + (eq ? 1 : 0);
		}
		if (hit && (best < 0 || strlen(e->label) < strlen(d->ents[best].label)))
			best = (int)i;
	}
	free(bureau);
	free(alone);
	return best;
}

/* X公安 / X警方 → the X-level bureau: a district's is its city bureau's 分局. */
static int
link_alias(Ctx *c, const PkMention *m, int ev)
{
	const char *t = c->doc->text;
	PkSpan nm = m->role[PK_ROLE_NAME];
	if (!nm.set)
		return -1;
	int g = -1;
	if (pk_link_trim_alias(c, nm.start, nm.end, &g) == (size_t)-1 || g < 0)
		return -1;
	PkSpan kind = m->role[PK_ROLE_KIND];
	if (kind.set) {
		int e = department_alias(c, g, t + kind.start, kind.end - kind.start);
		if (e >= 0)
			pk_link_ent_add_ev(&c->doc->ents[e], ev);
		return e;
	}
	const PkPlace *p = pk_gazetteer_place(c->gaz, g);
	if ((p->level == PK_LEVEL_PROVINCE && !pk_link_ends_with(p->name, "市")) || p->level == PK_LEVEL_COUNTRY)
		return -1;   /* 福建警方: all the police of a province, not one unit (上海警方 is one) */
	int e;
	if (p->level == PK_LEVEL_COUNTY && pk_link_ends_with(p->name, "区") && p->parent >= 0) {
		char *city = bureau_label(c, p->parent);
		int ce = city ? pk_link_find_entity(c->doc, PK_ENT_UNIT, city) : -1;
		char *shortname = pk_link_dupn(p->name, strlen(p->name) - strlen("区"));
		char *tmp = city && shortname ? pk_link_concat(city, shortname) : NULL;
		char *label = tmp ? pk_link_concat(tmp, "分局") : NULL;
		/* cities name their district 分局 either way (厦门市公安局思明分局, 成都市公安局
		 * 锦江区分局): the form the article writes wins */
		char *tmp2 = city ? pk_link_concat(city, p->name) : NULL;
		char *full = tmp2 ? pk_link_concat(tmp2, "分局") : NULL;
		int known = full ? pk_link_find_entity(c->doc, PK_ENT_UNIT, full) : -1;
		free(city);
		free(shortname);
		free(tmp);
		free(tmp2);
		free(full);
		/* the label starts with the city: its IRI is the city's, as when the full name
		 * 福州市公安局鼓楼分局 is written (IRIs depend on the label alone) */
		if (known >= 0 && (!label || pk_link_find_entity(c->doc, PK_ENT_UNIT, label) < 0)) {
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
		pk_link_ent_add_ev(&c->doc->ents[e], ev);
		int pe = pk_link_find_entity(c->doc, PK_ENT_PLACE, p->name);
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

/* 福田大队所属的车公庙中队: a unit written right before 所属(的)/下属/下辖/所辖 is the
 * parent of the name after it; so is the unit of an anaphor right before it (该支队勐满边境
 * 派出所), and a unit the name follows with nothing between. Returns that unit's entity,
 * or -1. */
static int
parent_by_connector_at(Ctx *c, size_t start, int depth);

static int
parent_by_connector(Ctx *c, size_t start)
{
	return parent_by_connector_at(c, start, 0);
}

static int
parent_by_connector_at(Ctx *c, size_t start, int depth)
{
	static const char *const conn[] = {"所属的", "下属的", "下辖的", "所辖的", "辖下的",
	                                   "所属", "下属", "下辖", "所辖"};
	const char *t = c->doc->text;
	/* 该支队勐满边境派出所: the unit an anaphor right before the name points to */
	for (size_t i = pk_link_first_mention_at(c->ml, start), k = 0; i-- > 0 && k < 8; k++) {
		const PkMention *m = &c->ml->items[i];
		if (m->rule->type != PK_TYPE_ANAPHOR || m->end != start || !pk_link_alive(c, m))
			continue;
		int e = mention_entity(c, i);
		if (e >= 0 && c->doc->ents[e].kind == PK_ENT_UNIT)
			return e;
	}
	/* 烟台市公安局芝罘分局|向阳派出所: a chain the matcher split (at 向, which NAMECHAR
	 * leaves out): the unit that ends right where the name starts */
	for (size_t i = pk_link_first_mention_at(c->ml, start), k = 0; i-- > 0 && k < 16; k++) {
		const PkMention *m = &c->ml->items[i];
		size_t me = m->role[PK_ROLE_NAME].set ? m->role[PK_ROLE_NAME].end : m->end;
		int e = c->ment_ent[i];
		if (m->rule->type == PK_TYPE_UNIT && me == start && pk_link_alive(c, m) && e >= 0 &&
		    c->doc->ents[e].kind == PK_ENT_UNIT)
			return e;
	}
	/* 该局下辖新海港派出所、秀英港派出所: a later item of the list has the first's parent */
	if (depth < 8 && start >= 3 && !memcmp(t + start - 3, "、", 3)) {
		for (size_t i = pk_link_first_mention_at(c->ml, start - 3), k = 0; i-- > 0 && k < 16; k++) {
			const PkMention *m = &c->ml->items[i];
			size_t me = m->role[PK_ROLE_NAME].set ? m->role[PK_ROLE_NAME].end : m->end;
			if (m->rule->type == PK_TYPE_UNIT && me == start - 3 && pk_link_alive(c, m)) {
				size_t ms = m->role[PK_ROLE_NAME].set ? m->role[PK_ROLE_NAME].start : m->start;
				return parent_by_connector_at(c, ms, depth + 1);
			}
		}
	}
	for (size_t k = 0; k < sizeof conn / sizeof conn[0]; k++) {
		size_t cl = strlen(conn[k]);
		if (start < cl || memcmp(t + start - cl, conn[k], cl))
			continue;
		size_t at = start - cl;
		/* 市局所属醴陵市公安局: the article's city (county) bureau */
		if (at >= 6 && !memcmp(t + at - 6, "市局", 6) && c->main_city_bureau >= 0)
			return c->main_city_bureau;
		if (at >= 6 && !memcmp(t + at - 6, "县局", 6) && c->main_county_bureau >= 0)
			return c->main_county_bureau;
		for (size_t i = pk_link_first_mention_at(c->ml, at); i-- > 0;) {
			const PkMention *m = &c->ml->items[i];
			size_t me = m->rule->type == PK_TYPE_UNIT && m->role[PK_ROLE_NAME].set
			                    ? m->role[PK_ROLE_NAME].end : m->end;
			if (m->start + 120 < at)
				break;   /* names are shorter than that */
			if (!pk_link_alive(c, m) || me != at)
				continue;
			int e = mention_entity(c, i);
			if (me == at && e >= 0 && c->doc->ents[e].kind == PK_ENT_UNIT)
				return e;
		}
	}
	return -1;
}

/* 该局所属盂县公安局, 市局所属醴陵市公安局、攸县公安局: a bureau written after 所属/下属/
 * 下辖 (and the bureaus listed with it) is part of the unit before the word, when nothing
 * else gave it a parent. */
static void
subordinate_bureaus(Ctx *c)
{
	const char *t = c->doc->text;
	int parent = -1;
	size_t list_end = (size_t)-1;   /* where the last bureau so placed ends */
	for (size_t i = 0; i < c->ml->n; i++) {
		const PkMention *m = &c->ml->items[i];
		int e = c->ment_ent[i];
		if (!pk_link_alive(c, m) || m->rule->type != PK_TYPE_UNIT || e < 0)
			continue;
		PkEntity *u = &c->doc->ents[e];
		size_t ms = m->role[PK_ROLE_NAME].set ? m->role[PK_ROLE_NAME].start : m->start;
		size_t me = m->role[PK_ROLE_NAME].set ? m->role[PK_ROLE_NAME].end : m->end;
		int listed = list_end != (size_t)-1 && ms == list_end + 3 && !memcmp(t + list_end, "、", 3);
		list_end = (size_t)-1;
		if (!u->is_bureau)
			continue;   /* (checked first: the connector scan runs per mention) */
		int p = listed ? parent : parent_by_connector(c, ms);
		if (p < 0 || p == e)
			continue;
		if (u->parent < 0)
			u->parent = p;
		parent = p;
		list_end = me;
	}
}

/* The bureau a short name's first segment belongs to when that segment is a 分局 named
 * after a district (丰泽分局, 丰泽区分局): the named bureau whose place contains the
 * district (the most specific, then the most mentioned). -1 when the segment is no district
 * 分局 or no named bureau contains it. */
static int
district_bureau(Ctx *c, const char *s, const UnitName *u)
{
	size_t ll = u->suf_s[0] - u->seg_s[0];
	if (!ll || !in_list(c, L_DISTRICT_SUFFIXES, s + u->suf_s[0], u->seg_e[0] - u->suf_s[0]))
		return -1;
	size_t len;
	int sh;
	int g = pk_link_place_at(c, s + u->seg_s[0], ll, &len, &sh);
	if (g < 0 || len != ll)
		return -1;
	const PkDoc *d = c->doc;
	int best = -1;
	for (size_t i = 0; i < d->n_ents; i++) {
		const PkEntity *e = &d->ents[i];
		if (e->dead || e->kind != PK_ENT_UNIT || !e->is_bureau || e->anchor_gaz < 0 ||
		    e->anchor_gaz == g || !pk_link_gaz_within(c->gaz, g, e->anchor_gaz))
			continue;
		/* the most specific: 泉州市公安局 before 福建省公安厅 */
		int lv = pk_gazetteer_place(c->gaz, e->anchor_gaz)->level;
		int blv = best < 0 ? -1 : (int)pk_gazetteer_place(c->gaz, d->ents[best].anchor_gaz)->level;
		if (best < 0 || lv > blv || (lv == blv && e->n_mentions > d->ents[best].n_mentions))
			best = (int)i;
	}
	return best;
}

static int
link_short_unit(Ctx *c, const PkMention *m, const char *s, size_t n, const UnitName *u, int ev)
{
	PkDoc *d = c->doc;
	if (!u->ns)
		return -1;
	/* The name as the chain of segments: 思明分局莲前派出所. */
	size_t tail_s = u->seg_s[0];
	char *tail = pk_link_dupn(s + tail_s, n - tail_s);
	if (!tail)
		return -1;
	/* 1. a fuller name in the article ends with it */
	int best = -1;
	for (size_t i = 0; i < d->n_ents; i++) {
		PkEntity *e = &d->ents[i];
		if (e->dead || e->kind != PK_ENT_UNIT || strlen(e->label) <= strlen(tail))
			continue;
		if (ends_with_name(e->label, tail, strlen(tail), u->suf_s[0] - tail_s) &&
		    (best < 0 || e->n_mentions > d->ents[best].n_mentions))
			best = (int)i;
	}
	/* 2. an abbreviation (简称) of a unit of the same kind: same last two characters
	 * (中心, 支队), its characters in order in the full name, at least four of them
	 * (打击治理中心 for 打击治理电信网络新型违法犯罪中心) */
	size_t tl = strlen(tail);
	if (best < 0 && pk_utf8_count(tail, tl) >= 4 && tl >= 6) {
		const char *kind = tail + tl - 6;   /* the last two characters (3 bytes each) */
		char *kinds = pk_link_dupn(kind, 6);
		for (size_t i = 0; kinds && i < d->n_ents; i++) {
			PkEntity *e = &d->ents[i];
			if (e->dead || e->kind != PK_ENT_UNIT || !pk_link_ends_with(e->label, kinds) ||
			    pk_link_ends_with(e->label, tail))
				continue;
			if (strlen(e->label) > tl && abbreviates(tail, tl, e->label))
				best = (int)i;
		}
		free(kinds);
	}
	if (best >= 0) {
		pk_link_ent_add_ev(&d->ents[best], ev);
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
	/* 丰泽分局东湖派出所 in an article naming 晋江市公安局 and 泉州市公安局: 丰泽 is a
	 * district of 泉州, so it is 泉州市公安局's 分局 whichever bureau the article names most. */
	if (u->ctx_level < 0 && bureau >= 0) {
		int own = district_bureau(c, s, u);
		if (own >= 0)
			bureau = own;
	}
	/* 该所在安丰社区设立了安丰社区警务室: a community post set up by the station (or 分局)
	 * the sentence is about is that station's */
	static const char *const posts[] = {"警务室", "警务站", "警务工作站", "警务服务站"};
	for (size_t k = 0; k < sizeof posts / sizeof posts[0] && parent < 0 && m && u->ns == 1; k++) {
		size_t pl = strlen(posts[k]);
		if (u->seg_e[0] - u->suf_s[0] != pl || memcmp(s + u->suf_s[0], posts[k], pl))
			continue;
		int a = pk_link_unit_about(c, m->start, 1);
		/* 其中,兆麟社区警务室… after a sentence about a station (or one of its posts):
		 * that station's post */
		int earlier = a < 0;
		if (earlier)
			a = pk_link_unit_about(c, m->start, 0);
		/* 设立竹垣警务室和沙田警务室: the post listed before has the same parent */
		if (a >= 0 && pk_link_ends_with(d->ents[a].label, posts[k]) && d->ents[a].parent >= 0)
			a = d->ents[a].parent;
		if (a >= 0 && (pk_link_ends_with(d->ents[a].label, "派出所") ||
		               (!earlier && pk_link_ends_with(d->ents[a].label, "分局"))))
			parent = a;
	}
	/* 重庆路派出所 in an article that names one 分局, 洛阳市公安局涧西分局 (c->main_branch):
	 * a station with nothing else to place it is that 分局's — a city bureau's stations are
	 * its 分局s' — not the article's bureau's */
	if (parent < 0 && m && u->ctx_level < 0 && u->ns == 1 && c->main_branch >= 0 && bureau == c->main_bureau &&
	    in_list(c, L_NEEDS_LOCAL, s + u->suf_s[0], u->seg_e[0] - u->suf_s[0]) &&
	    !in_list(c, L_DISTRICT_SUFFIXES, s + u->suf_s[0], u->seg_e[0] - u->suf_s[0]))
		parent = c->main_branch;
	int r = -1;
	if (parent >= 0 && u->ctx_level < 0 && !seg_is_bureau(c, s, u, 0)) {
		r = build_chain(c, s, u, d->ents[parent].label, parent, d->ents[parent].anchor_gaz,
		                ev, NULL);
	} else if (u->ctx_level >= 0 && bureau >= 0 && seg_is_bureau(c, s, u, 0) && u->ns == 1) {
		/* 市公安局 is the city bureau itself */
		r = bureau;
		pk_link_ent_add_ev(&d->ents[r], ev);
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
		if (rest.ns)
			locate_levels(c, s, &rest, r, d->ents[bureau].anchor_gaz);
	} else if (u->ctx_level < 0) {
		/* No context at all: an article-local unit. */
		char iri[600];
		snprintf(iri, sizeof iri, "%s-%s", d->article_hash, tail);
		r = pk_link_get_entity(c, PK_ENT_UNIT, strdup(tail), iri);
		if (r >= 0) {
			pk_link_ent_add_ev(&d->ents[r], ev);
			if (seg_is_bureau(c, s, u, 0))
				d->ents[r].is_bureau = 1;
		}
	}
	free(tail);
	return r;
}

/* 公安部刑事侦查局: a national unit followed by its own departments is a chain under it.
 * Returns the last level's entity, or -1 when txt does not start that way. */
static int
link_national_part(Ctx *c, const char *txt, size_t n, size_t st, size_t end, const PkRule *rule)
{
	size_t nl = list_prefix(c, L_NATIONAL_UNITS, txt, n);
	if (!nl || nl >= n)
		return -1;
	UnitName u;
	parse_unit_name(c, txt + nl, n - nl, &u);
	if (u.np || !u.ns || u.ctx_level >= 0 || u.seg_e[u.ns - 1] != n - nl)
		return -1;
	int ev = pk_link_add_evidence(c, st, end, rule, NULL);
	char *lab = pk_link_dupn(txt, nl);
	int nat = lab ? pk_link_get_entity(c, PK_ENT_UNIT, lab, lab) : -1;
	if (nat < 0)
		return -1;
	pk_link_ent_add_ev(&c->doc->ents[nat], ev);
	return build_chain(c, txt + nl, &u, c->doc->ents[nat].label, nat, -1, ev, NULL);
}

/* Links the alias mentions (X公安/X警方 when departments is 0; X交警/X刑警… when 1),
 * recording where each name starts in ns. */
static void
link_aliases(Ctx *c, size_t *ns, int departments)
{
	PkDoc *d = c->doc;
	const PkMentionList *ml = c->ml;
	for (size_t i = 0; i < ml->n; i++) {
		const PkMention *m = &ml->items[i];
		PkSpan nm = m->role[PK_ROLE_NAME];
		if (!pk_link_alive(c, m) || m->rule->type != PK_TYPE_ALIAS || !nm.set ||
		    !!m->role[PK_ROLE_KIND].set != !!departments || pk_link_is_area_alias(m) ||
		    pk_link_is_declared(m))
			continue;
		ns[i] = nm.start;
		int ev = pk_link_add_evidence(c, nm.start, m->end, m->rule,
		                              departments ? "X交警/X刑警/X出入境: that department of place X's bureau"
		                                          : "X公安/X警方: the bureau of place X");
		c->ment_ent[i] = link_alias(c, m, ev);
		if (c->ment_ent[i] >= 0)
			d->ents[c->ment_ent[i]].n_mentions++;
	}
}

/* 厦门市公安局湖里派出所 when the article also names 厦门市公安局湖里分局: a station named
 * after a district belongs to that district's 分局 (written X分局 or X区分局), not
 * directly to the city bureau its name was qualified with. */
static void
district_stations(Ctx *c)
{
	PkDoc *d = c->doc;
	static const char station[] = "派出所";
	static const char *const branch[] = {"分局", "区分局"};
	for (size_t i = 0; i < d->n_ents; i++) {
		PkEntity *e = &d->ents[i];
		if (e->dead || e->kind != PK_ENT_UNIT || e->parent < 0 ||
		    !pk_link_ends_with(e->label, station))
			continue;
		const char *pl = d->ents[e->parent].label;
		size_t pn = strlen(pl), en = strlen(e->label), sn = strlen(station);
		if (!d->ents[e->parent].is_bureau || en <= pn + sn || strncmp(e->label, pl, pn))
			continue;
		size_t ln = en - pn - sn;   /* the station's local name: 湖里 */
		for (size_t k = 0; k < 2; k++) {
			char *label = malloc(pn + ln + strlen(branch[k]) + 1);
			if (!label)
				return;
			memcpy(label, pl, pn);
			memcpy(label + pn, e->label + pn, ln);
			strcpy(label + pn + ln, branch[k]);
			int b = pk_link_find_entity(d, PK_ENT_UNIT, label);
			free(label);
			if (b >= 0 && b != (int)i) {
				e->parent = b;
				break;
			}
		}
	}
}

/* Locates every unit whose last segment is stem[0..ln), place pi's name without its kind,
 * followed by a suffix that needs a local name (塘桥派出所 for 塘桥街道, 龙门镇派出所 for
 * 龙门镇); zone: the place is a zone, whose 分局 counts too. Returns how many it located. */
static size_t
station_named(Ctx *c, const PkEntity *p, size_t pi, const char *stem, size_t ln, int zone)
{
	PkDoc *d = c->doc;
	size_t pl = strlen(p->label), n = 0;
	for (size_t ui = 0; ui < d->n_ents; ui++) {
		PkEntity *u = &d->ents[ui];
		if (u->dead || u->kind != PK_ENT_UNIT)
			continue;
		/* a place already set stays unless this one is inside it (歙县 → 深渡镇) */
		if (u->located >= 0 && !(p->gaz >= 0 && d->ents[u->located].gaz >= 0 &&
		                         p->gaz != d->ents[u->located].gaz &&
		                         pk_link_gaz_within(c->gaz, p->gaz, d->ents[u->located].gaz)))
			continue;
		/* the unit's last segment: the place's name, then a suffix needing one */
		size_t ul = strlen(u->label);
		for (size_t at = 0; at + ln < ul; at++) {
			if (memcmp(u->label + at, stem, ln) ||
			    (at && ((unsigned char)u->label[at] & 0xC0) == 0x80))
				continue;
			/* 塘桥派出所 for 塘桥街道, or the full name: 龙门镇派出所 */
			const char *suf = u->label + at + ln;
			if (stem == p->label && ln < pl && !strncmp(suf, p->label + ln, pl - ln))
				suf += pl - ln;
			if (in_list(c, L_NEEDS_LOCAL, suf, strlen(suf)) && (zone || strcmp(suf, "分局"))) {
				u->located = (int)pi;
				n++;
				break;
			}
		}
	}
	return n;
}

/* 塘桥派出所 in an article that names 塘桥街道 (or 勐满镇, 安丰社区, 沙塘村, 上海路, 东湖新技术
 * 开发区): the station, post or zone's 分局 sits in the place it is named after. */
static void
station_places(Ctx *c)
{
	PkDoc *d = c->doc;
	static const char *const kinds[] = {"街道", "镇", "乡", "社区", "村"};
	/* named in full: 上海路派出所 on 上海路, 东湖新技术开发区分局 in that zone */
	static const char *const whole[] = {"路", "大街", "大道", "开发区", "高新区", "新区", "园区"};
	char stem[256];
	for (size_t pi = 0; pi < d->n_ents; pi++) {
		const PkEntity *p = &d->ents[pi];
		if (p->dead || p->kind != PK_ENT_PLACE)
			continue;
		size_t pl = strlen(p->label), ln = 0;
		int zone = 0;
		for (size_t k = 0; k < sizeof whole / sizeof whole[0] && !ln; k++)
			if (pk_link_ends_with(p->label, whole[k]) && pl > strlen(whole[k])) {
				ln = pl;
				zone = k >= 3;
			}
		for (size_t k = 0; k < sizeof kinds / sizeof kinds[0] && !ln; k++)
			if (pk_link_ends_with(p->label, kinds[k]) && pl > strlen(kinds[k]))
				ln = pl - strlen(kinds[k]);
		if (!ln || pk_utf8_count(p->label, ln) < 2)
			continue;
		if (station_named(c, p, pi, p->label, ln, zone) || zone ||
		    !pk_link_ends_with(p->label, "街道") || ln + 3 >= sizeof stem)
			continue;
		/* a street office is spelt X街道 and X街街道 (see the gazetteer): 唐家墩派出所 for
		 * 唐家墩街街道, 红旗街派出所 for 红旗街道 */
		if (pk_link_ends_with(p->label, "街街道")) {
			if (pk_utf8_count(p->label, ln) > 2)
				station_named(c, p, pi, p->label, ln - strlen("街"), zone);
			continue;
		}
		memcpy(stem, p->label, ln);
		memcpy(stem + ln, "街", strlen("街"));
		station_named(c, p, pi, stem, ln + strlen("街"), zone);
	}
}

/* Is mention i's name txt[0..n) the end of a longer unit name the article writes (郑州东站
 * 派出所 of 郑州铁路公安局郑州公安处郑州东站派出所)? */
static int
written_inside_longer(const Ctx *c, size_t i, const char *txt, size_t n)
{
	for (size_t j = 0; j < c->ml->n; j++) {
		const PkMention *m = &c->ml->items[j];
		if (j == i || m->rule->type != PK_TYPE_UNIT || !pk_link_alive(c, m))
			continue;
		PkSpan nm = m->role[PK_ROLE_NAME].set ? m->role[PK_ROLE_NAME] : (PkSpan){m->start, m->end, 1};
		if (nm.end - nm.start > n && !memcmp(c->doc->text + nm.end - n, txt, n) &&
		    is_han_cp(cp_before(c->doc->text, nm.end - n)))
			return 1;
	}
	return 0;
}

/* ---- short names the article declares: X(以下简称“Y”) ---- */

/* The mentions of declaring brackets (unit.declared), in text order. */
typedef struct {
	size_t *at;
	size_t n;
} Declared;

static void
declared_collect(const Ctx *c, Declared *dl)
{
	dl->at = NULL;
	dl->n = 0;
	size_t cap = 0;
	for (size_t i = 0; i < c->ml->n; i++) {
		const PkMention *m = &c->ml->items[i];
		if (pk_link_is_declared(m) && !pk_link_is_declared_use(m) && pk_link_alive(c, m) &&
		    !GROW(dl->at, dl->n, cap))
			dl->at[dl->n++] = i;
	}
}

/* The unit a declaration names: the unit mention ending right before its bracket. */
static int
declared_owner(const Ctx *c, size_t di)
{
	const PkMention *dm = &c->ml->items[di];
	for (size_t j = di; j-- > 0;) {
		const PkMention *m = &c->ml->items[j];
		if (m->start + 160 < dm->start)
			break;   /* longer than any unit name */
		size_t e = m->role[PK_ROLE_NAME].set ? m->role[PK_ROLE_NAME].end : m->end;
		int x = c->ment_ent[j];
		if (e == dm->start && pk_link_alive(c, m) && x >= 0 && c->doc->ents[x].kind == PK_ENT_UNIT)
			return x;
	}
	return -1;
}

/* The declared unit whose short name the n bytes at off start with, its length in *yl (a
 * declaration holds for the whole article: a headline uses the short name before the lead
 * declares it); or the unit of a declaration that ends right at off (浉河分局(简称“浉河
 * 分局”)五星派出所: the name goes on after the bracket), *yl 0. -1 when none. */
static int
declared_use_of(const Ctx *c, const Declared *dl, size_t off, size_t n, size_t *yl)
{
	for (size_t k = dl->n; k-- > 0;) {
		const PkMention *dm = &c->ml->items[dl->at[k]];
		PkSpan y = dm->role[PK_ROLE_NAME];
		size_t l = dm->end == off ? 0 : y.end - y.start;
		if ((off >= dm->start && off < dm->end) || l > n ||
		    memcmp(c->doc->text + off, c->doc->text + y.start, l) || (!l && dm->end != off))
			continue;
		int x = declared_owner(c, dl->at[k]);
		if (x >= 0) {
			*yl = l;
			return x;
		}
	}
	return -1;
}

/* A unit name that is a declared short name (网安支队), or starts with one and goes on
 * with segments of its own (横琴边检站执勤六队: a part of that unit). Returns the entity,
 * or -1 when the name is no such use. */
static int
link_declared(Ctx *c, const Declared *dl, size_t st, size_t n, const PkRule *rule)
{
	size_t yl = 0;
	int x = dl->n ? declared_use_of(c, dl, st, n, &yl) : -1;
	if (x < 0)
		return -1;
	PkDoc *d = c->doc;
	UnitName u = {.ns = 0};
	if (yl < n) {
		parse_unit_name(c, d->text + st + yl, n - yl, &u);
		if (u.np || !u.ns || u.ctx_level >= 0 || u.seg_s[0] != 0 || u.seg_e[u.ns - 1] != n - yl)
			return -1;
	}
	int ev = pk_link_add_evidence(c, st, st + n, rule,
	                              "a short name the article declares (以下简称…): that unit");
	if (yl == n) {
		pk_link_ent_add_ev(&d->ents[x], ev);
		return x;
	}
	/* segments as offsets from st: each level's written form starts with the short name */
	for (int i = 0; i < u.ns; i++) {
		u.seg_s[i] += yl;
		u.seg_e[i] += yl;
		u.suf_s[i] += yl;
	}
	return build_chain(c, d->text + st, &u, d->ents[x].label, x, d->ents[x].anchor_gaz, ev, NULL);
}

/* The declarations themselves (the short name becomes an alternative label of its unit)
 * and the uses pk_link_trim added where no unit rule matched (卧龙刑侦共破获…). */
static void
link_declared_mentions(Ctx *c, const Declared *dl)
{
	PkDoc *d = c->doc;
	for (size_t k = 0; k < dl->n; k++) {
		int x = declared_owner(c, dl->at[k]);
		PkSpan y = c->ml->items[dl->at[k]].role[PK_ROLE_NAME];
		if (x >= 0)
			pk_link_ent_add_alt(&d->ents[x], d->text + y.start, y.end - y.start);
	}
	for (size_t i = 0; dl->n && i < c->ml->n; i++) {
		const PkMention *m = &c->ml->items[i];
		if (!pk_link_is_declared_use(m) || !pk_link_alive(c, m) || c->ment_ent[i] >= 0)
			continue;
		c->ment_ent[i] = link_declared(c, dl, m->start, m->end - m->start, m->rule);
		if (c->ment_ent[i] >= 0)
			d->ents[c->ment_ent[i]].n_mentions++;
	}
}

void
pk_link_units(Ctx *c)
{
	PkDoc *d = c->doc;
	const PkMentionList *ml = c->ml;
	/* not zeroed (most mentions are no units; zeroing was 2% of a run): parse_unit_name
	 * fills each entry pass 2 reads */
	UnitName *names = malloc((ml->n ? ml->n : 1) * sizeof(UnitName));
	size_t *ns = calloc(ml->n ? ml->n : 1, sizeof(size_t));   /* trimmed name start */
	if (!names || !ns) {
		free(names);
		free(ns);
		return;
	}
	Declared dl;
	declared_collect(c, &dl);
	int deferred = 0;
	/* Pass 1: names anchored on places, national units, and aliases. */
	for (size_t i = 0; i < ml->n; i++) {
		const PkMention *m = &ml->items[i];
		ns[i] = (size_t)-1;
		if (!pk_link_alive(c, m))
			continue;
		if (m->rule->type == PK_TYPE_UNIT) {
			PkSpan nm = m->role[PK_ROLE_NAME].set ? m->role[PK_ROLE_NAME] : (PkSpan){m->start, m->end, 1};
			size_t st = nm.start;   /* trimmed by pk_link_trim */
			ns[i] = st;
			const char *txt = d->text + st;
			size_t n = nm.end - st;
			names[i].np = names[i].ns = 0;
			if (dl.n && (c->ment_ent[i] = link_declared(c, &dl, st, n, m->rule)) >= 0) {
				/* a short name the article declared */
			} else if (in_list(c, L_NATIONAL_UNITS, txt, n)) {
				int ev = pk_link_add_evidence(c, st, nm.end, m->rule, NULL);
				char *lab = pk_link_dupn(txt, n);
				c->ment_ent[i] = pk_link_get_entity(c, PK_ENT_UNIT, lab, lab);
				if (c->ment_ent[i] >= 0)
					pk_link_ent_add_ev(&d->ents[c->ment_ent[i]], ev);
			} else if ((c->ment_ent[i] = link_national_part(c, txt, n, st, nm.end, m->rule)) < 0) {
				parse_unit_name(c, txt, n, &names[i]);
				if (names[i].np && names[i].ns && !seg_is_bureau(c, txt, &names[i], 0) &&
				    written_inside_longer(c, i, txt, n)) {
					deferred = 1;   /* pass 1a */
				} else if (names[i].np && names[i].ns) {
					int ev = pk_link_add_evidence(c, st, nm.end, m->rule, NULL);
					c->ment_ent[i] = link_full_unit(c, txt, &names[i], ev);
				}
			}
		}
		if (c->ment_ent[i] >= 0)
			d->ents[c->ment_ent[i]].n_mentions++;
	}
	/* Pass 1a: 郑州东站派出所 in a headline, before the text's 郑州铁路公安局郑州公安处郑州东站
	 * 派出所: the unit whose name ends with it as written, not the city bureau's 东站派出所 */
	for (size_t i = 0; deferred && i < ml->n; i++) {
		const PkMention *m = &ml->items[i];
		if (c->ment_ent[i] >= 0 || ns[i] == (size_t)-1 || m->rule->type != PK_TYPE_UNIT ||
		    !names[i].np || !names[i].ns || !pk_link_alive(c, m))
			continue;
		PkSpan nm = m->role[PK_ROLE_NAME].set ? m->role[PK_ROLE_NAME] : (PkSpan){m->start, m->end, 1};
		const char *txt = d->text + ns[i];
		size_t n = nm.end - ns[i];
		int best = -1;
		for (size_t k = 0; k < d->n_ents; k++) {
			const PkEntity *e = &d->ents[k];
			size_t el = strlen(e->label);
			if (!e->dead && e->kind == PK_ENT_UNIT && el > n && !memcmp(e->label + el - n, txt, n) &&
			    (best < 0 || e->n_mentions > d->ents[best].n_mentions))
				best = (int)k;
		}
		int ev = pk_link_add_evidence(c, ns[i], nm.end, m->rule,
		                              best >= 0 ? "written as the end of a fuller name" : NULL);
		if (best >= 0)
			pk_link_ent_add_ev(&d->ents[best], ev);
		c->ment_ent[i] = best >= 0 ? best : link_full_unit(c, txt, &names[i], ev);
		if (c->ment_ent[i] >= 0)
			d->ents[c->ment_ent[i]].n_mentions++;
	}
	/* Pass 1b: X公安/X警方, once the full names are known (锦江公安 is the
	 * 成都市公安局锦江区分局 the article names, wherever it names it). */
	link_aliases(c, ns, 0);
	count_bureau_mentions(c);
	/* Pass 2: short names, after every full name is known. */
	for (size_t i = 0; i < ml->n; i++) {
		const PkMention *m = &ml->items[i];
		if (!pk_link_alive(c, m) || m->rule->type != PK_TYPE_UNIT || c->ment_ent[i] >= 0 ||
		    ns[i] == (size_t)-1)
			continue;
		PkSpan nm = m->role[PK_ROLE_NAME].set ? m->role[PK_ROLE_NAME] : (PkSpan){m->start, m->end, 1};
		if (dl.n && (c->ment_ent[i] = link_declared(c, &dl, ns[i], nm.end - ns[i], m->rule)) >= 0) {
			d->ents[c->ment_ent[i]].n_mentions++;
			continue;
		}
		if (names[i].np || !names[i].ns)
			continue;
		const char *s = d->text + ns[i];
		size_t n = nm.end - ns[i];
		/* 派出所 alone, 边防派出所: generic words, not names. */
		size_t local = names[i].suf_s[0] - names[i].seg_s[0];
		/* 县级看守所, 各类支队: a generic word before any suffix names nothing */
		if (names[i].ctx_level < 0 && local && in_list(c, L_GENERIC_LOCALS, s + names[i].seg_s[0], local))
			continue;
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
		int ev = pk_link_add_evidence(c, ns[i], nm.end, m->rule,
		                      names[i].ctx_level >= 0 ? "市/县…: the article's own bureau of that level"
		                                              : "short name: joined to a fuller name or qualified by the article's bureau");
		c->ment_ent[i] = link_short_unit(c, m, s, n, &names[i], ev);
		if (c->ment_ent[i] >= 0)
			d->ents[c->ment_ent[i]].n_mentions++;
	}
	link_declared_mentions(c, &dl);
	free(dl.at);
	subordinate_bureaus(c);
	/* Pass 3: 晋江刑警, 厦门出入境 — departments, once short names (刑侦大队) are known too. */
	link_aliases(c, ns, 1);
	/* Surface forms become alternative labels of the entity they name. */
	for (size_t i = 0; i < ml->n; i++) {
		const PkMention *m = &ml->items[i];
		if (c->ment_ent[i] < 0 || ns[i] == (size_t)-1)
			continue;
		size_t e = m->rule->type == PK_TYPE_UNIT && m->role[PK_ROLE_NAME].set ? m->role[PK_ROLE_NAME].end : m->end;
		pk_link_ent_add_alt(&d->ents[c->ment_ent[i]], d->text + ns[i], e - ns[i]);
	}
	district_stations(c);
	station_places(c);
	free(names);
	free(ns);
}

/* ---- anaphora and "the unit a sentence is about" ---- */

/* Does a clause start at off (only blanks between it and the clause punctuation)? */
static int
starts_clause(const PkDoc *d, size_t off)
{
	size_t cs, ce;
	pk_link_clause_of(d, off, &cs, &ce);
	while (cs < off && (d->text[cs] == ' ' || d->text[cs] == '\t' || d->text[cs] == '\n'))
		cs++;
	return cs == off;
}

/* 该所从…搬迁,与同在该址的…拘留所…: a unit named after an anaphor of its kind in the same
 * sentence is not what the anaphor stands for (the sentence is about the anaphor's unit);
 * a later 该所 skips it. */
static int
after_same_anaphor(Ctx *c, size_t j, const char *kw)
{
	const PkMention *cand = &c->ml->items[j];
	int sent = pk_link_sentence_of(c->doc, cand->start);
	for (size_t k = j; k-- > 0;) {
		const PkMention *m = &c->ml->items[k];
		if (pk_link_sentence_of(c->doc, m->start) != sent)
			return 0;
		if (m->rule->type != PK_TYPE_ANAPHOR || !pk_link_alive(c, m))
			continue;
		PkSpan ks = m->role[PK_ROLE_KIND];
		const char *kc = m->rule->consts[PK_ROLE_KIND];
		size_t kl = ks.set ? ks.end - ks.start : kc ? strlen(kc) : 0;
		const char *kt = ks.set ? c->doc->text + ks.start : kc;
		if (kt && kl == strlen(kw) && !memcmp(kt, kw, kl))
			return 1;
	}
	return 0;
}

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
	char *kw = k.set ? pk_link_dupn(d->text + k.start, k.end - k.start) : (kind ? strdup(kind) : NULL);
	for (size_t j = i; kw && j-- > 0;) {
		int ej = c->ment_ent[j];
		if (ej >= 0 && d->ents[ej].kind == PK_ENT_UNIT && pk_link_ends_with(d->ents[ej].label, kw) &&
		    !after_same_anaphor(c, j, kw)) {
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
	static const char *const words[] = {"被", "会同", "联合", "配合", "协同", "协助", "携手", "与"};
	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
		size_t wl = strlen(words[k]);
		if (off >= wl && !memcmp(t + off - wl, words[k], wl))
			return 1;
	}
	return 0;
}

/* 在青海省公安厅刑侦总队指导下: the unit that guides, directs or supports (在X(的)指导/
 * 部署/领导/指挥/支持/协调/统筹下) is not the one that acts. */
static int
guiding_mention(const char *t, size_t len, size_t s, size_t e)
{
	static const char *const words[] = {"指导", "统一部署", "部署", "领导", "统一指挥", "指挥",
	                                    "支持", "协调", "统筹", "督导", "大力支持"};
	if (s < 3 || memcmp(t + s - 3, "在", 3))
		return 0;
	if (e + 3 <= len && !memcmp(t + e, "的", 3))
		e += 3;
	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
		size_t wl = strlen(words[k]);
		if (e + wl + 3 <= len && !memcmp(t + e, words[k], wl) && !memcmp(t + e + wl, "下", 3))
			return 1;
	}
	return 0;
}

/* Is unit mention i a partner: right after 会同/联合… (after_partner_word), or later in a
 * list that starts there (联合青岛市公安局黄岛分局、长春市公安局朝阳分局)? */
static int
partner_mention(Ctx *c, size_t i)
{
	const char *t = c->doc->text;
	static const char *const seps[] = {"、", "和", "及", "与"};
	for (int hops = 0; hops < 8; hops++) {
		const PkMention *m = &c->ml->items[i];
		PkSpan nm = m->role[PK_ROLE_NAME].set ? m->role[PK_ROLE_NAME] : (PkSpan){m->start, m->end, 1};
		if (after_partner_word(t, nm.start) || guiding_mention(t, c->doc->len, nm.start, nm.end))
			return 1;
		/* the unit before: across a list separator, or right before (郑州市公安局 of a
		 * chain split in two: 郑州市公安局金水分局) */
		size_t sep = 0;
		for (size_t k = 0; k < sizeof seps / sizeof seps[0] && !sep; k++)
			if (nm.start >= 3 && !memcmp(t + nm.start - 3, seps[k], 3))
				sep = 3;
		size_t j = i, found = (size_t)-1;
		while (j-- > 0 && found == (size_t)-1) {
			const PkMention *p = &c->ml->items[j];
			size_t pe = p->role[PK_ROLE_NAME].set ? p->role[PK_ROLE_NAME].end : p->end;
			if (p->start + 120 < nm.start)
				break;   /* names are shorter than that */
			if (pk_link_alive(c, p) && pe == nm.start - sep && c->ment_ent[j] >= 0 &&
			    c->doc->ents[c->ment_ent[j]].kind == PK_ENT_UNIT)
				found = j;
		}
		if (found == (size_t)-1)
			return 0;
		i = found;
	}
	return 0;
}

/* Does a unit name (Han characters up to a unit suffix, 16 at most) start at off? */
static int
opens_unit_name(Ctx *c, size_t off)
{
	const char *t = c->doc->text;
	size_t len = c->doc->len;
	for (int n = 0; n < 16 && off < len; n++) {
		if (list_prefix(c, L_UNIT_SUFFIXES, t + off, len - off))
			return n > 0;
		size_t k;
		if (!is_han_cp(pk_utf8_decode(t + off, len - off, &k)))
			return 0;
		off += k;
	}
	return 0;
}

/* The unit a position is about: the nearest unit mention before it in its sentence, else
 * 该所/该局/该中心 resolved to the nearest unit of that kind, else the last unit
 * mentioned before the sentence, else the article's main bureau. */
int
pk_link_unit_about(Ctx *c, size_t off, int same_sentence_only)
{
	PkDoc *d = c->doc;
	const PkMentionList *ml = c->ml;
	int sent = pk_link_sentence_of(d, off);
	int national = -1;
	/* 二、止付冻结挽损有力。止付冻结…: a numbered section of a report starts afresh; a unit
	 * named in the section before is no subject of this one */
	size_t section = pk_link_section_start(c, off);
	/* Backwards from off: the nearest candidate wins, so the scan stops early. */
	for (size_t i = pk_link_first_mention_at(ml, off); i-- > 0;) {
		const PkMention *m = &ml->items[i];
		if (!pk_link_alive(c, m))
			continue;
		int same = pk_link_sentence_of(d, m->start) == sent;
		if (!same && same_sentence_only)
			break;
		if (!same && m->start < section)
			break;
		/* 前身为该局公共信息网络安全监察支队,成立于2000年: an anaphor that opens a unit's
		 * name (该局…支队) is a possessive, not the sentence's subject */
		if (m->rule->type == PK_TYPE_ANAPHOR && opens_unit_name(c, m->end))
			continue;
		int e = mention_entity(c, i);
		/* 合肥交警全年查处…, 福建警方…: the sentence is about a police body the article
		 * does not name in full; crediting an earlier unit would be wrong */
		if (e < 0 && same && m->rule->type == PK_TYPE_ALIAS && starts_clause(d, m->start))
			return -1;
		/* 一季度全市公安机关共破获…: the police of a whole area (unit.generic), likewise
		 * wherever it stands in the sentence, unless it is a partner (联合全县各派出所) */
		if (same && pk_link_is_area_alias(m)) {
			if (after_partner_word(d->text, m->start))
				continue;
			return -1;
		}
		/* 临沧全市共破获…: a place standing as the subject means its bureau, when the
		 * article names that bureau */
		if (e >= 0 && same && d->ents[e].kind == PK_ENT_PLACE && d->ents[e].gaz >= 0 &&
		    starts_clause(d, m->start)) {
			char *bl = bureau_label(c, d->ents[e].gaz);
			int be = bl ? pk_link_find_entity(d, PK_ENT_UNIT, bl) : -1;
			free(bl);
			if (be >= 0)
				return be;
			continue;
		}
		if (e < 0 || d->ents[e].kind != PK_ENT_UNIT)
			continue;
		/* X被Y记集体三等功: the unit after 被 is the agent (who confers), not the topic;
		 * X会同/联合/配合Y破获…: Y is the partner, X the subject */
		if (partner_mention(c, i))
			continue;   /* (in a sentence before too: 目前,专案组已… is still X's) */
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
int
pk_link_unit_right_after(Ctx *c, size_t off)
{
	const char *t = c->doc->text;
	while (off < c->doc->len) {
		size_t k;
		int32_t cp = pk_utf8_decode(t + off, c->doc->len - off, &k);
		if (cp != 0x201D && cp != '"' && cp != ' ' && cp != 0x300D)
			break;
		off += k;
	}
	for (size_t i = pk_link_first_mention_at(c->ml, off); i < c->ml->n && c->ml->items[i].start == off; i++) {
		if (c->ment_ent[i] >= 0 && c->doc->ents[c->ment_ent[i]].kind == PK_ENT_UNIT)
			return c->ment_ent[i];
	}
	return -1;
}

/* The first unit mention after off in the same sentence (作为X, Y…: Y). */
int
pk_link_unit_after_clause(Ctx *c, size_t off)
{
	int sent = pk_link_sentence_of(c->doc, off);
	for (size_t i = 0; i < c->ml->n; i++) {
		const PkMention *m = &c->ml->items[i];
		if (m->start < off || !pk_link_alive(c, m) || c->ment_ent[i] < 0)
			continue;
		if (pk_link_sentence_of(c->doc, m->start) != sent)
			break;
		if (c->doc->ents[c->ment_ent[i]].kind == PK_ENT_UNIT)
			return c->ment_ent[i];
	}
	return -1;
}

int
pk_link_unit_in_span(Ctx *c, PkSpan sp)
{
	return pk_link_unit_named_in_span(c, sp, 1);
}

int
pk_link_unit_named_in_span(Ctx *c, PkSpan sp, int anaphora)
{
	/* unit names are at most a few dozen characters: start a little before the span */
	size_t from = sp.start > 512 ? sp.start - 512 : 0;
	int anaphor = -1;
	for (size_t i = pk_link_first_mention_at(c->ml, from); i < c->ml->n && c->ml->items[i].start < sp.end; i++) {
		const PkMention *m = &c->ml->items[i];
		if (m->end <= sp.start || !pk_link_alive(c, m))
			continue;
		/* 该所原名…: an anaphor stands for its unit, unless a unit is named after it
		 * (该局公共信息网络安全监察支队: the 支队, not the 局) */
		int e = mention_entity(c, i);
		if (e < 0 || c->doc->ents[e].kind != PK_ENT_UNIT)
			continue;
		if (m->rule->type != PK_TYPE_ANAPHOR)
			return e;
		if (anaphor < 0 && anaphora)
			anaphor = e;
	}
	return anaphor;
}
