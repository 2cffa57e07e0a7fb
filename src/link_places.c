/* link_places.c — places: gazetteer names resolved to one place (ambiguous and short names
 * by the other places the article names), place entities and their ancestors, places
 * mentioned on their own, and units located in a place by their local name. */
#include "link_ctx.h"

#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- places ---- */

/* The entity of gazetteer place g (creating it). */
int
pk_link_place_entity(Ctx *c, int g)
{
	const PkPlace *p = pk_gazetteer_place(c->gaz, g);
	char iri[96];
	if (*p->code)
		snprintf(iri, sizeof iri, "%s-%s", p->code, p->name);
	else
		snprintf(iri, sizeof iri, "%s", p->name);
	int e = pk_link_get_entity(c, PK_ENT_PLACE, strdup(p->name), iri);
	if (e >= 0) {
		c->doc->ents[e].gaz = g;
		c->doc->ents[e].untyped = 0;
	}
	return e;
}

/* Links a place entity into its gazetteer ancestors (up to the province); ancestors the
 * article does not name are kept untyped (the gazetteer knows them, the text does not). */
void
pk_link_place_ancestors(Ctx *c, int e)
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
		int known = pk_link_find_entity(c->doc, PK_ENT_PLACE, pp->name);
		int pe2 = pk_link_get_entity(c, PK_ENT_PLACE, strdup(pp->name), iri);
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
int
pk_link_gaz_within(const PkGazetteer *g, int a, int b)
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
			if (o != hits[h].place && (pk_link_gaz_within(c->gaz, hits[h].place, o) ||
			                           pk_link_gaz_within(c->gaz, o, hits[h].place)))
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
	if (pk_link_gaz_within(g, b, a))
		return 1;
	return pk_link_gaz_within(g, a, b) && pk_gazetteer_place(g, b)->level >= PK_LEVEL_CITY;
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

/* Every gazetteer form of two to 24 characters starting at s, shortest first, found by
 * walking forward; returns how many (at most 24). */
typedef struct {
	size_t end;
	const PkPlaceHit *hits;
	size_t nh;
} GazForm;

static size_t
gaz_forms_at(const Ctx *c, const char *s, size_t avail, GazForm *found)
{
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
	return nf;
}

/* Does a gazetteer form of two characters or more start at s, whatever its level and
 * however many places share it (勐满 of 勐满边境派出所: two towns)? Returns the length in
 * bytes of the longest, or 0. Short forms that are ordinary words (place_stop_forms) do
 * not count. */
size_t
pk_link_place_form_at(const Ctx *c, const char *s, size_t avail)
{
	GazForm found[24];
	for (size_t f = gaz_forms_at(c, s, avail, found); f-- > 0;)
		if (!(found[f].hits[0].is_short &&
		      pk_wordlist_has(c->list[L_PLACE_STOP_FORMS], s, found[f].end)))
			return found[f].end;
	return 0;
}

/* Longest gazetteer form at s (at least two characters); sets *len. -1 when none. */
int
pk_link_place_at(Ctx *c, const char *s, size_t avail, size_t *len, int *is_short)
{
	GazForm found[24];
	size_t nf = gaz_forms_at(c, s, avail, found);
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

/* ---- places mentioned on their own ---- */

void
pk_link_places(Ctx *c)
{
	PkDoc *d = c->doc;
	const char *t = d->text;
	for (size_t i = 0; i < c->ml->n; i++) {
		const PkMention *m = &c->ml->items[i];
		if (m->rule->type != PK_TYPE_PLACE || !pk_link_alive(c, m))
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
			/* 上海路, 大连路社区: a road named after a city, not the city (台州路桥区 is
			 * two places); 兴安社区: a community named like a place's short form */
			int road = pk_link_road_after(t + m->end, d->len - m->end);
			if (road == 2 ||
			    ((road || (m->is_short && d->len - m->end >= 6 &&
			               (!memcmp(t + m->end, "社区", 6) || !memcmp(t + m->end, "小区", 6)))) &&
			     !pk_link_place_form_at(c, t + m->end, d->len - m->end)))
				continue;
			/* 鄱阳湖北岸, 黄河南岸: the bank of a lake or river, not 湖北/河南 */
			if (m->end + 3 <= d->len && !memcmp(t + m->end, "岸", 3))
				continue;
			/* 葡萄牙语, 英文, 日籍: a language or nationality, not the country */
			if (pk_gazetteer_place(c->gaz, g)->level == PK_LEVEL_COUNTRY && m->end + 3 <= d->len &&
			    (!memcmp(t + m->end, "语", 3) || !memcmp(t + m->end, "文", 3) ||
			     !memcmp(t + m->end, "籍", 3)))
				continue;
			/* A short county or town name (云霄, 青山) alone is too often a word: keep
			 * it only when the article names a place around it. */
			if (m->is_short && pk_gazetteer_place(c->gaz, g)->level >= PK_LEVEL_COUNTY &&
			    !has_related_place(c, g, i))
				continue;
			/* 福州老城区: a full name that is mostly an ordinary word (place_stop_forms:
			 * 老城区, 郊区) only with a place around it (洛阳市老城区) */
			if (!m->is_short && pk_wordlist_has(c->list[L_PLACE_STOP_FORMS], t + m->start, m->end - m->start) &&
			    !has_related_place(c, g, i))
				continue;
			e = pk_link_place_entity(c, g);
		} else {
			PkSpan nm = m->role[PK_ROLE_NAME].set ? m->role[PK_ROLE_NAME] : (PkSpan){m->start, m->end, 1};
			char *name = pk_link_dupn(t + nm.start, nm.end - nm.start);
			/* X工业园区 and X工业园 are one park */
			if (name && pk_link_ends_with(name, "园区"))
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
			e = name ? pk_link_get_entity(c, PK_ENT_PLACE, name, iri) : -1;
			if (e >= 0 && container >= 0 && d->ents[e].parent < 0 && container != e)
				d->ents[e].parent = container;
		}
		if (e < 0)
			continue;
		c->ment_ent[i] = e;
		int ev = pk_link_add_evidence(c, m->start, m->end, m->rule,
		                              m->is_short ? "short form of a gazetteer name" : NULL);
		pk_link_ent_add_ev(&d->ents[e], ev);
		pk_link_ent_add_alt(&d->ents[e], t + m->start, m->end - m->start);
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
void
pk_link_locate_units_by_local_name(Ctx *c)
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
				if (!pk_link_ends_with(u->label, sl->words[k]))
					continue;
				size_t stem = strlen(u->label) - strlen(sl->words[k]);
				size_t pl = strlen(p->label);
				/* 五里工业园区警务服务中心 is in 五里工业园 (园区 = 园) */
				if (stem >= 3 && !memcmp(u->label + stem - 3, "区", 3) && stem - 3 >= pl &&
				    !memcmp(u->label + stem - 3 - pl, p->label, pl) && pk_link_ends_with(p->label, "园"))
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
