/* emit.c — PkDoc → triples with deterministic IRIs (see emit.h). */
#include "emit.h"

#include "iri.h"
#include "log.h"
#include "pk_limits.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KG(x) PK_NS_KG x
#define RDF_TYPE PK_NS_RDF "type"
#define XSD(x) PK_NS_XSD x
#define IRI_CAP 1024

typedef struct {
	PkGraph *g;
	const PkDoc *doc;
	const PkNormText *nt;
	const char *orig;
	size_t orig_len;
	const char *rules_dir;
	const char *source;  /* the article's name, for diagnostics */
	int provenance;      /* PK_PROV_* */
	size_t *cp_byte;     /* code point index → byte offset in orig */
	size_t n_cp;
	char article[IRI_CAP];
	char **ent_iri;      /* per entity */
	char **ev_iri;       /* per evidence, minted on first use */
	char **sent_lit;     /* per sentence, its kg:sentence literal, made on first use */
	PkStatus st;
} Emit;

static void
add_iri(Emit *e, const char *s, const char *p, const char *o)
{
	if (e->st == PK_OK)
		e->st = pk_graph_add_iri(e->g, s, p, o);
}

/* Raptor 2.0.15's Turtle serializer cuts a literal at U+FFFE or U+FFFF (the rest of the
 * string is silently lost, and an iterator leaks; found by fuzz_extract), and its
 * N-Triples parser refuses them. They are noncharacters, never text: a literal taken from
 * an article writes U+FFFD instead (one code point for one, so offsets stay right).
 * Returns a malloc'd copy when something was replaced, else NULL. */
static char *
without_ffff(const char *lex)
{
	const char *p = lex;
	for (; (p = strchr(p, '\xEF')) != NULL; p++)
		if ((unsigned char)p[1] == 0xBF && ((unsigned char)p[2] == 0xBE || (unsigned char)p[2] == 0xBF))
			break;
	if (!p)
		return NULL;
	char *copy = strdup(lex);
	for (char *q = copy ? copy + (p - lex) : NULL; q; q = strstr(q + 1, "\xEF\xBF"))
		if ((unsigned char)q[2] == 0xBE || (unsigned char)q[2] == 0xBF)
			q[2] = (char)0xBD;   /* EF BF BD = U+FFFD */
	return copy;
}

static void
add_lit(Emit *e, const char *s, const char *p, const char *lex, const char *dt, const char *lang)
{
	if (e->st != PK_OK)
		return;
	char *clean = without_ffff(lex);
	e->st = pk_graph_add_literal(e->g, s, p, clean ? clean : lex, dt, lang);
	free(clean);
}

/* A copy of orig[b, e) as a string (U+FFFE/U+FFFF replaced as in add_lit), malloc'd. */
static char *
orig_span_lit(const Emit *e, size_t b, size_t end)
{
	char *s = malloc(end - b + 1);
	if (!s)
		return NULL;
	memcpy(s, e->orig + b, end - b);
	s[end - b] = '\0';
	char *clean = without_ffff(s);
	if (clean) {
		free(s);
		s = clean;
	}
	return s;
}

static const char *
kind_path(PkEntKind k)
{
	switch (k) {
	case PK_ENT_UNIT: return "unit";
	case PK_ENT_PLACE: return "place";
	case PK_ENT_HONOR: return "honor";
	}
	return "thing";
}

static const char *
kind_class(PkEntKind k)
{
	switch (k) {
	case PK_ENT_UNIT: return KG("PoliceUnit");
	case PK_ENT_PLACE: return KG("Place");
	case PK_ENT_HONOR: return KG("Honor");
	}
	return KG("Thing");
}

/* Byte offset in orig of code point index cp (orig is valid UTF-8). */
static size_t
orig_byte(const Emit *e, size_t cp)
{
	return cp <= e->n_cp ? e->cp_byte[cp] : e->orig_len;
}

/* Writes v in decimal at dst with a NUL; returns the digit count. (snprintf was a fifth
 * of the time spent on provenance: four calls per mention.) */
static size_t
put_uint(char *dst, size_t v)
{
	char tmp[24];
	size_t n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (size_t i = 0; i < n; i++)
		dst[i] = tmp[n - 1 - i];
	dst[n] = '\0';
	return n;
}

static const char *
evidence_iri(Emit *e, int ev)
{
	if (ev < 0 || (size_t)ev >= e->doc->n_ev || e->provenance == PK_PROV_NONE)
		return NULL;
	if (e->ev_iri[ev])
		return e->ev_iri[ev];
	const PkEvidence *v = &e->doc->ev[ev];
	size_t b = e->nt->to_orig[v->start], en = e->nt->to_orig[v->end];
	/* "HASH-BEGIN-END" */
	char name[96], iri[IRI_CAP];
	size_t hl = strlen(e->doc->article_hash), nl;
	if (hl > sizeof name - 50)
		return NULL;
	memcpy(name, e->doc->article_hash, hl);
	nl = hl;
	name[nl++] = '-';
	nl += put_uint(name + nl, b);
	name[nl++] = '-';
	nl += put_uint(name + nl, en);
	if (!pk_iri_mint(iri, sizeof iri, "mention", name, nl))
		return NULL;
	e->ev_iri[ev] = strdup(iri);
	const char *m = e->ev_iri[ev];
	if (!m)
		return NULL;
	char num[32];
	add_iri(e, m, RDF_TYPE, KG("Mention"));
	add_iri(e, m, KG("inArticle"), e->article);
	put_uint(num, b);
	add_lit(e, m, PK_NS_NIF "beginIndex", num, XSD("nonNegativeInteger"), NULL);
	put_uint(num, en);
	add_lit(e, m, PK_NS_NIF "endIndex", num, XSD("nonNegativeInteger"), NULL);
	size_t ob = orig_byte(e, b), oe = orig_byte(e, en);
	/* Mentions are short: their anchor is copied on the stack. */
	char small[256];
	char *anchor = oe - ob < sizeof small ? small : malloc(oe - ob + 1);
	if (anchor) {
		memcpy(anchor, e->orig + ob, oe - ob);
		anchor[oe - ob] = '\0';
		add_lit(e, m, PK_NS_NIF "anchorOf", anchor, NULL, NULL);
		if (anchor != small)
			free(anchor);
	}
	/* the sentence, from the original text */
	if (e->provenance == PK_PROV_SPANS)
		goto rule;
	/* A sentence holds several mentions: its literal is made once and the same pointer
	 * passed each time, which the graph's interning recognises cheaply. */
	int cached = v->sentence >= 0 && (size_t)v->sentence < e->doc->n_sent;
	char *sent = cached ? e->sent_lit[v->sentence] : NULL;
	if (!sent) {
		size_t ss = e->doc->sent_start[v->sentence], se = e->doc->sent_start[v->sentence + 1];
		size_t sb = orig_byte(e, e->nt->to_orig[ss]), sbe = orig_byte(e, e->nt->to_orig[se]);
		while (sb < sbe && (e->orig[sb] == ' ' || e->orig[sb] == '\n' || e->orig[sb] == '\t'))
			sb++;
		while (sbe > sb && (e->orig[sbe - 1] == ' ' || e->orig[sbe - 1] == '\n' ||
		                    e->orig[sbe - 1] == '\r' || e->orig[sbe - 1] == '\t'))
			sbe--;
		sent = orig_span_lit(e, sb, sbe);
		if (sent && cached)
			e->sent_lit[v->sentence] = sent;
	}
	if (sent) {
		if (e->st == PK_OK)
			e->st = pk_graph_add_literal(e->g, m, KG("sentence"), sent, NULL, "zh");
		if (!cached)
			free(sent);
	}
rule:
	if (v->rule) {
		add_lit(e, m, KG("rule"), v->rule->id, NULL, NULL);
		/* the rule file relative to the rules directory: output must not depend on
		 * where the rules are installed */
		const char *f = v->rule->file;
		size_t dl = e->rules_dir ? strlen(e->rules_dir) : 0;
		if (dl && !strncmp(f, e->rules_dir, dl) && f[dl] == '/')
			f += dl + 1;
		char where[512];
		size_t fl = strlen(f);
		if (fl > sizeof where - 24)
			fl = sizeof where - 24;
		memcpy(where, f, fl);
		where[fl] = ':';
		put_uint(where + fl + 1, v->rule->line);
		add_lit(e, m, KG("ruleSource"), where, NULL, NULL);
	}
	if (v->note)
		add_lit(e, m, KG("decision"), v->note, NULL, "en");
	return m;
}

static void
add_date(Emit *e, const char *s, const char *p, const PkDate *d)
{
	char iso[16];
	const char *dt;
	if (pk_date_iso(d, iso, sizeof iso, &dt) == 0)
		add_lit(e, s, p, iso, dt, NULL);
}

/* In an article written in traditional characters, the form as written (臨滄市公安局) is
 * an alternative label too, beside the simplified one the rules matched. */
static void
traditional_alt(Emit *e, const char *s, const PkEntity *en, int ev)
{
	const PkEvidence *v = &e->doc->ev[ev];
	size_t n = v->end - v->start;
	const char *norm = e->doc->text + v->start;
	int named = strlen(en->label) == n && !memcmp(en->label, norm, n);
	for (size_t i = 0; i < en->n_alts && !named; i++)
		named = strlen(en->alts[i]) == n && !memcmp(en->alts[i], norm, n);
	if (!named)
		return;
	size_t ob = orig_byte(e, e->nt->to_orig[v->start]), oe = orig_byte(e, e->nt->to_orig[v->end]);
	if (oe - ob == n && !memcmp(e->orig + ob, norm, n))
		return;
	char *orig = malloc(oe - ob + 1);
	if (!orig)
		return;
	memcpy(orig, e->orig + ob, oe - ob);
	orig[oe - ob] = '\0';
	add_lit(e, s, PK_NS_SKOS "altLabel", orig, NULL, "zh");
	free(orig);
}

/* A name over PK_MAX_ENTITY_NAME is a runaway match (a user's rule without a length
 * bound), not a unit: warned about at its first mention and left out of the graph, with
 * every fact about it (they need its IRI). */
static int
too_long(const Emit *e, const PkEntity *en)
{
	size_t n = strlen(en->label), in = strlen(en->iri_name);
	if (n <= PK_MAX_ENTITY_NAME && in <= PK_MAX_ENTITY_NAME)
		return 0;
	PkLoc loc = {e->source, 0, 0, NULL, 0};
	if (en->n_ev > 0 && en->ev[0] >= 0 && (size_t)en->ev[0] < e->doc->n_ev)
		pk_utf8_linecol(e->orig,
		                orig_byte(e, e->nt->to_orig[e->doc->ev[en->ev[0]].start]),
		                &loc.line, &loc.col);
	pk_log(PK_LOG_WARNING, &loc, "%s name of %zu bytes is longer than %u bytes "
	       "(PK_MAX_ENTITY_NAME): left out of the graph", kind_path(en->kind),
	       n > in ? n : in, PK_MAX_ENTITY_NAME);
	return 1;
}

static void
emit_entities(Emit *e)
{
	const PkDoc *d = e->doc;
	for (size_t i = 0; i < d->n_ents; i++) {
		const PkEntity *en = &d->ents[i];
		if (en->dead)
			continue;
		char iri[IRI_CAP];
		if (too_long(e, en))
			continue;
		if (!pk_iri_mint(iri, sizeof iri, kind_path(en->kind), en->iri_name, strlen(en->iri_name)))
			continue;
		e->ent_iri[i] = strdup(iri);
	}
	for (size_t i = 0; i < d->n_ents; i++) {
		const PkEntity *en = &d->ents[i];
		const char *s = e->ent_iri[i];
		if (en->dead || !s)
			continue;
		if (!en->untyped) {
			add_iri(e, s, RDF_TYPE, kind_class(en->kind));
			add_iri(e, e->article, KG("mentions"), s);
		} else {
			/* a gazetteer ancestor the article does not name (see the ontology) */
			add_iri(e, s, RDF_TYPE, KG("AdministrativeDivision"));
		}
		add_lit(e, s, PK_NS_RDFS "label", en->label, NULL, "zh");
		for (size_t k = 0; k < en->n_alts; k++)
			add_lit(e, s, PK_NS_SKOS "altLabel", en->alts[k], NULL, "zh");
		if (en->parent >= 0 && e->ent_iri[en->parent])
			add_iri(e, s, en->kind == PK_ENT_UNIT ? KG("partOf") : KG("locatedIn"),
			        e->ent_iri[en->parent]);
		if (en->located >= 0 && e->ent_iri[en->located])
			add_iri(e, s, KG("locatedIn"), e->ent_iri[en->located]);
		if (en->gaz >= 0 && en->kind == PK_ENT_PLACE) {
			/* the division code is in the IRI name before '-' */
			const char *dash = strchr(en->iri_name, '-');
			if (dash && dash != en->iri_name) {
				char code[32];
				snprintf(code, sizeof code, "%.*s", (int)(dash - en->iri_name), en->iri_name);
				add_lit(e, s, KG("divisionCode"), code, NULL, NULL);
			}
		}
		if (en->founded.year) {
			add_date(e, s, KG("foundingDate"), &en->founded);
			const char *m = evidence_iri(e, en->founded_ev);
			if (m)
				add_iri(e, m, KG("refersTo"), s);
		}
		for (size_t k = 0; k < en->n_ev; k++) {
			const char *m = evidence_iri(e, en->ev[k]);
			if (m)
				add_iri(e, m, KG("refersTo"), s);
			if (e->nt->traditional)
				traditional_alt(e, s, en, en->ev[k]);
		}
	}
}

static void
emit_awards(Emit *e)
{
	const PkDoc *d = e->doc;
	for (size_t i = 0; i < d->n_awards; i++) {
		const PkAward *a = &d->awards[i];
		const char *u = e->ent_iri[a->unit], *h = e->ent_iri[a->honor];
		if (!u || !h || d->ents[a->unit].dead || d->ents[a->honor].dead)
			continue;
		/* one award per (unit, honour, date): the same conferral from two articles
		 * is one node */
		char key[2 * IRI_CAP + 32], iri[IRI_CAP], iso[16] = "";
		const char *dt;
		pk_date_iso(&a->date, iso, sizeof iso, &dt);
		snprintf(key, sizeof key, "%s|%s|%s", u, h, iso);
		pk_iri_mint_hash(iri, sizeof iri, "award", pk_hash64(key, strlen(key)));
		add_iri(e, iri, RDF_TYPE, KG("Award"));
		add_iri(e, iri, KG("recipient"), u);
		add_iri(e, iri, KG("honor"), h);
		add_iri(e, u, KG("received"), h);
		add_date(e, iri, KG("date"), &a->date);
		if (a->by)
			add_lit(e, iri, KG("conferredBy"), a->by, NULL, "zh");
		add_iri(e, e->article, KG("mentions"), iri);
		const char *m = evidence_iri(e, a->ev);
		if (m)
			add_iri(e, iri, KG("evidence"), m);
	}
}

static void
emit_stats(Emit *e)
{
	const PkDoc *d = e->doc;
	for (size_t i = 0; i < d->n_stats; i++) {
		const PkStat *st = &d->stats[i];
		const char *u = e->ent_iri[st->unit];
		if (!u || d->ents[st->unit].dead)
			continue;
		const PkEvidence *v = &d->ev[st->ev];
		char key[128], iri[IRI_CAP];
		snprintf(key, sizeof key, "%s|%zu|%zu", d->article_hash, e->nt->to_orig[v->start],
		         e->nt->to_orig[v->end]);
		pk_iri_mint_hash(iri, sizeof iri, "stat", pk_hash64(key, strlen(key)));
		add_iri(e, iri, RDF_TYPE, KG("Statistic"));
		add_iri(e, iri, KG("creditedTo"), u);
		add_lit(e, iri, KG("value"), st->value, XSD("decimal"), NULL);
		add_lit(e, iri, KG("unitOfMeasure"), st->uom, NULL, NULL);
		if (st->measure)
			add_lit(e, iri, KG("measure"), st->measure, NULL, "zh");
		if (st->approx)
			add_lit(e, iri, KG("approximate"), st->approx, NULL, NULL);
		if (st->period.year && st->period_end.year) {
			char a[16], b[16], both[40];
			const char *dt;
			pk_date_iso(&st->period, a, sizeof a, &dt);
			pk_date_iso(&st->period_end, b, sizeof b, &dt);
			snprintf(both, sizeof both, "%s/%s", a, b);
			add_lit(e, iri, KG("period"), both, NULL, NULL);
		} else if (st->period.year) {
			add_date(e, iri, KG("period"), &st->period);
		}
		add_iri(e, e->article, KG("mentions"), iri);
		const char *m = evidence_iri(e, st->ev);
		if (m)
			add_iri(e, iri, KG("evidence"), m);
	}
}

PkStatus
pk_emit(PkGraph *g, const PkDoc *doc, const PkNormText *nt, const char *orig, size_t orig_len,
        const char *source, const char *rules_dir)
{
	return pk_emit_ex(g, doc, nt, orig, orig_len, source, rules_dir, PK_PROV_FULL);
}

PkStatus
pk_emit_ex(PkGraph *g, const PkDoc *doc, const PkNormText *nt, const char *orig, size_t orig_len,
           const char *source, const char *rules_dir, int provenance)
{
	Emit e = {g, doc, nt, orig, orig_len, rules_dir, source, provenance, NULL, 0, "", NULL, NULL,
	          NULL, PK_OK};
	e.cp_byte = malloc((orig_len + 2) * sizeof(size_t));
	if (!e.cp_byte)
		return PK_ERR_NOMEM;
	for (size_t i = 0; i < orig_len; i++)
		if (((unsigned char)orig[i] & 0xC0) != 0x80)
			e.cp_byte[e.n_cp++] = i;
	e.cp_byte[e.n_cp] = orig_len;
	if (!pk_iri_mint(e.article, sizeof e.article, "article", doc->article_hash,
	                 strlen(doc->article_hash)))
		return PK_ERR_RDF;
	e.ent_iri = calloc(doc->n_ents + 1, sizeof(char *));
	e.ev_iri = calloc(doc->n_ev + 1, sizeof(char *));
	e.sent_lit = calloc(doc->n_sent + 1, sizeof(char *));
	if (!e.ent_iri || !e.ev_iri || !e.sent_lit) {
		free(e.ent_iri);
		free(e.ev_iri);
		free(e.sent_lit);
		free(e.cp_byte);
		return PK_ERR_NOMEM;
	}
	add_iri(&e, e.article, RDF_TYPE, KG("Article"));
	add_lit(&e, e.article, KG("source"), source, NULL, NULL);
	if (doc->pub.year)
		add_date(&e, e.article, KG("publicationDate"), &doc->pub);
	if (nt->traditional)
		add_lit(&e, e.article, KG("script"), "traditional", NULL, NULL);
	for (size_t i = 0; i < doc->n_dates; i++) {
		add_date(&e, e.article, KG("mentionsDate"), &doc->dates[i].date);
		const char *m = evidence_iri(&e, doc->dates[i].ev);
		if (m)
			add_iri(&e, e.article, KG("evidence"), m);
	}
	emit_entities(&e);
	emit_awards(&e);
	emit_stats(&e);
	for (size_t i = 0; i < doc->n_ents + 1; i++)
		free(e.ent_iri[i]);
	for (size_t i = 0; i < doc->n_ev + 1; i++)
		free(e.ev_iri[i]);
	for (size_t i = 0; i < doc->n_sent + 1; i++)
		free(e.sent_lit[i]);
	free(e.ent_iri);
	free(e.ev_iri);
	free(e.sent_lit);
	free(e.cp_byte);
	return e.st;
}
