/* link.c — mentions → entities and facts for one article (see link.h): the entry points,
 * sentence splitting and exclusions, and the order of the linking steps. The steps live in
 * link_places.c, link_units.c and link_facts.c; what they share in link_ctx.h. */
#define _GNU_SOURCE   /* memmem */
#include "link.h"
#include "link_ctx.h"

#include "utf8.h"

#include <stdlib.h>
#include <string.h>

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
	doc->pub_at = (size_t)-1;
	doc->article_hash = strdup(article_hash);
	if (!doc->article_hash || split_sentences(doc))
		return PK_ERR_NOMEM;
	Ctx c;
	pk_link_ctx_init(&c, doc, rs, ml);
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
	pk_link_dates(&c);
	pk_link_places(&c);
	pk_link_units(&c);
	pk_link_foundings(&c);
	pk_link_renames(&c);
	pk_link_locations(&c);
	pk_link_honors(&c);
	pk_link_merge_honor_variants(&c);
	pk_link_stats(&c);
	pk_link_locate_units_by_local_name(&c);
	/* Each unit mentioned in the article: if it names a place its anchor, link ancestors. */
	for (size_t i = 0; i < doc->n_ents; i++)
		if (!doc->ents[i].dead && doc->ents[i].kind == PK_ENT_PLACE && !doc->ents[i].untyped)
			pk_link_place_ancestors(&c, (int)i);
	free(c.ment_ent);
	free(c.excl);
	free(c.named_places);
	free(c.unambiguous);
	free(c.sections);
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

/* Does a unit mention of ml overlap [s, e)? */
static int
overlaps_unit(const PkMentionList *ml, size_t s, size_t e)
{
	for (size_t i = 0; i < ml->n; i++) {
		const PkMention *m = &ml->items[i];
		if (m->rule->type == PK_TYPE_UNIT && m->start < e && m->end > s)
			return 1;
	}
	return 0;
}

/* Each use of a declared short name (网安支队 after (以下简称“网安支队”)), before or after
 * the declaration, that no unit rule matched (卧龙刑侦) becomes a mention of the declaring
 * rule spanning the name alone; the linker reads it as the declared unit. Articles rarely
 * declare names: the scan runs only when one does. */
static void
add_declared_uses(const char *text, size_t len, const PkMentionList *ml, PkMention **extra,
                  size_t *n_extra, size_t *cap_extra)
{
	size_t n = ml->n;
	for (size_t i = 0; i < n; i++) {
		const PkMention *d = &ml->items[i];
		if (!pk_link_is_declared(d) || pk_link_is_declared_use(d))
			continue;
		PkSpan nm = d->role[PK_ROLE_NAME];
		size_t yl = nm.end - nm.start;
		for (const char *p = text; yl && p + yl <= text + len;) {
			const char *hit = memmem(p, (size_t)(text + len - p), text + nm.start, yl);
			if (!hit)
				break;
			size_t s = (size_t)(hit - text);
			p = hit + yl;
			if ((s >= d->start && s < d->end) || overlaps_unit(ml, s, s + yl) ||
			    GROW(*extra, *n_extra, *cap_extra))
				continue;
			PkMention u = *d;
			u.start = u.role[PK_ROLE_NAME].start = s;
			u.end = u.role[PK_ROLE_NAME].end = s + yl;
			(*extra)[(*n_extra)++] = u;
		}
	}
}

PkStatus
pk_link_trim(const PkRuleSet *rs, const char *text, size_t len, PkMentionList *ml)
{
	PkDoc tmp;
	memset(&tmp, 0, sizeof tmp);
	tmp.text = text;
	tmp.len = len;
	Ctx c;
	pk_link_ctx_init(&c, &tmp, rs, ml);
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
			st = pk_link_trim_unit(&c, s0, e0);
			/* 县公安局禁毒大队原名于都县公安局缉毒中队 cut short by the match window: no
			 * name at its start, but the name after the break word is whole */
			size_t rest0;
			if (st == (size_t)-1 && pk_link_chain_break(&c, s0, e0, &rest0) < e0)
				st = pk_link_trim_unit(&c, rest0, e0);
		} else if (m->rule->type == PK_TYPE_ALIAS && nm->set && !pk_link_is_area_alias(m) &&
		           !pk_link_is_declared(m)) {
			int g;
			st = pk_link_trim_alias(&c, nm->start, nm->end, &g);
		} else {
			ml->items[out++] = *m;
			continue;
		}
		if (st == (size_t)-1)
			continue;   /* no name in it */
		/* (a name may also start a character early: 向阳派出所, pk_link_trim_unit) */
		if (nm->set && (nm->start < st || m->rule->type == PK_TYPE_UNIT))
			nm->start = st;
		if (m->start < st || (m->rule->type == PK_TYPE_UNIT && st < m->start))
			m->start = st;
		size_t rest;
		size_t brk = m->rule->type == PK_TYPE_UNIT ? pk_link_chain_break(&c, st, e0, &rest) : e0;
		if (m->rule->type == PK_TYPE_UNIT && brk < e0) {
			PkMention m2 = *m;
			if (nm->set)
				nm->end = brk;
			m->end = brk;
			size_t st2 = pk_link_trim_unit(&c, rest, e0);
			if (st2 != (size_t)-1 && (n_extra < cap_extra ||
			                          pk_link_grow_array((void **)&extra, &cap_extra, sizeof *extra) == 0)) {
				m2.start = st2;
				if (m2.role[PK_ROLE_NAME].set)
					m2.role[PK_ROLE_NAME].start = st2;
				extra[n_extra++] = m2;
			}
		}
		ml->items[out++] = *m;
	}
	ml->n = out;
	add_declared_uses(text, len, ml, &extra, &n_extra, &cap_extra);
	/* the list is sorted again by pk_mentions_resolve */
	for (size_t i = 0; i < n_extra; i++) {
		if (ml->n == ml->cap &&
		    pk_link_grow_array((void **)&ml->items, &ml->cap, sizeof *ml->items) != 0)
			break;
		ml->items[ml->n++] = extra[i];
	}
	free(extra);
	free(c.named_places);
	free(c.unambiguous);
	free(c.sections);
	return PK_OK;
}
