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

/* Every term is added by its string id in the graph (graph.h): a mention's IRI is the
 * subject of five triples and a few predicates carry everything, so each string is
 * interned once instead of hashed or compared again at each use (a third of emitting). */
typedef int64_t Term; /* a string id in the graph, or -1: none, or out of memory */

/* Slots (a power of two) of the table of terms found by address (see kept()). An article
 * uses ~60 constant predicates, classes and datatypes and a few dozen rules. */
#define EMIT_KEPT 512

/* The constants of a mention's triples, used ~8 times per mention: by index (C()), which
 * is cheaper again than finding them by address. */
enum { C_TYPE, C_MENTION, C_IN_ARTICLE, C_BEGIN, C_END, C_NONNEG, C_ANCHOR, C_SENTENCE,
       C_ZH, C_RULE, C_RULE_SOURCE, C_REFERS_TO, C_COUNT };
static const char *const emit_const[C_COUNT] = {
	[C_TYPE] = RDF_TYPE,
	[C_MENTION] = KG("Mention"),
	[C_IN_ARTICLE] = KG("inArticle"),
	[C_BEGIN] = PK_NS_NIF "beginIndex",
	[C_END] = PK_NS_NIF "endIndex",
	[C_NONNEG] = XSD("nonNegativeInteger"),
	[C_ANCHOR] = PK_NS_NIF "anchorOf",
	[C_SENTENCE] = KG("sentence"),
	[C_ZH] = "zh",
	[C_RULE] = KG("rule"),
	[C_RULE_SOURCE] = KG("ruleSource"),
	[C_REFERS_TO] = KG("refersTo"),
};

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
	uint32_t *ent_id;    /* per entity, its IRI's id + 1 (0: none) */
	uint32_t *ev_id;     /* per evidence, its mention IRI's id + 1, minted on first use */
	uint32_t *sent_id;   /* per sentence, its kg:sentence literal's id + 1, on first use */
	Term article_id;
	uint32_t konst[C_COUNT]; /* id + 1 of emit_const[i], 0: not interned yet */
	size_t n_kept;
	struct {
		const void *key;
		unsigned tag;
		Term id;
	} kept[EMIT_KEPT];
	PkStatus st;
} Emit;

/* The id of s[0, len), interned; -1 (and e->st set) when out of memory. */
static Term
term_n(Emit *e, const char *s, size_t len)
{
	if (e->st != PK_OK)
		return -1;
	Term id = pk_graph_intern(e->g, s, len);
	if (id < 0)
		e->st = PK_ERR_NOMEM;
	return id;
}

static Term
term(Emit *e, const char *s)
{
	return term_n(e, s, strlen(s));
}

/* The slot for the term made from address key (tag tells apart several terms made from
 * one address), its id -2 when new; NULL when the table is full. Only for addresses
 * whose bytes stay unchanged for the whole pk_emit_ex() call: string constants, the
 * rules. */
static Term *
kept_slot(Emit *e, const void *key, unsigned tag)
{
	size_t k = (size_t)((((uint64_t)(uintptr_t)key ^ tag) * 0x9E3779B97F4A7C15u) >> 32) &
	           (EMIT_KEPT - 1);
	while (e->kept[k].key) {
		if (e->kept[k].key == key && e->kept[k].tag == tag)
			return &e->kept[k].id;
		k = (k + 1) & (EMIT_KEPT - 1);
	}
	if (2 * (e->n_kept + 1) > EMIT_KEPT)
		return NULL;
	e->n_kept++;
	e->kept[k].key = key;
	e->kept[k].tag = tag;
	e->kept[k].id = -2;
	return &e->kept[k].id;
}

/* The id of a string constant (an IRI, a language tag, an ASCII literal). */
static Term
K(Emit *e, const char *s)
{
	Term *slot = kept_slot(e, s, 0);
	if (slot && *slot >= 0)
		return *slot;
	Term id = term(e, s);
	if (slot)
		*slot = id;
	return id;
}

/* The id of emit_const[k]. */
static Term
C(Emit *e, int k)
{
	if (e->konst[k])
		return (Term)e->konst[k] - 1;
	Term id = K(e, emit_const[k]);
	if (id >= 0)
		e->konst[k] = (uint32_t)id + 1;
	return id;
}

static void
add_iri(Emit *e, Term s, Term p, Term o)
{
	if (e->st == PK_OK && s >= 0 && p >= 0 && o >= 0)
		e->st = pk_graph_add_iri_ids(e->g, (uint32_t)s, (uint32_t)p, (uint32_t)o);
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

/* The id of the lexical form lex, taken from text (U+FFFE/U+FFFF replaced). */
static Term
text_term(Emit *e, const char *lex)
{
	char *clean = without_ffff(lex);
	Term id = term(e, clean ? clean : lex);
	free(clean);
	return id;
}

/* dt and lang: -1 for none. */
static void
add_lit(Emit *e, Term s, Term p, Term lex, Term dt, Term lang)
{
	if (e->st == PK_OK && s >= 0 && p >= 0 && lex >= 0)
		e->st = pk_graph_add_literal_ids(e->g, (uint32_t)s, (uint32_t)p, (uint32_t)lex, dt,
		                                 lang);
}

/* add_lit() of a lexical form from text, with no datatype */
static void
add_text(Emit *e, Term s, Term p, const char *lex, Term lang)
{
	add_lit(e, s, p, text_term(e, lex), -1, lang);
}

/* A copy of orig[b, e) as a string (U+FFFE/U+FFFF replaced as in add_lit), malloc'd. A
 * lone CR (an old Mac line break) becomes LF, as the normaliser reads it: Raptor cannot
 * write a literal holding CR without LF as Turtle, and the sentence is the same. */
static char *
orig_span_lit(const Emit *e, size_t b, size_t end)
{
	char *s = malloc(end - b + 1);
	if (!s)
		return NULL;
	memcpy(s, e->orig + b, end - b);
	s[end - b] = '\0';
	for (char *cr = memchr(s, '\r', end - b); cr; cr = memchr(cr + 1, '\r', (size_t)(s + (end - b) - cr - 1)))
		if (cr[1] != '\n')
			*cr = '\n';
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
	/* digits counted first, then written from the last one: no reversing copy */
	size_t n = 1;
	for (size_t t = v; t >= 10; t /= 10)
		n++;
	dst[n] = '\0';
	for (size_t i = n; i-- > 0; v /= 10)
		dst[i] = (char)('0' + v % 10);
	return n;
}

/* The kg:Mention node of evidence ev with its provenance triples, made on first use;
 * -1 when there is none. */
static Term
evidence_iri(Emit *e, int ev)
{
	if (ev < 0 || (size_t)ev >= e->doc->n_ev || e->provenance == PK_PROV_NONE)
		return -1;
	if (e->ev_id[ev])
		return (Term)e->ev_id[ev] - 1;
	const PkEvidence *v = &e->doc->ev[ev];
	size_t b = e->nt->to_orig[v->start], en = e->nt->to_orig[v->end];
	/* "HASH-BEGIN-END" */
	char name[96], iri[IRI_CAP];
	size_t hl = strlen(e->doc->article_hash), nl;
	if (hl > sizeof name - 50)
		return -1;
	memcpy(name, e->doc->article_hash, hl);
	nl = hl;
	name[nl++] = '-';
	nl += put_uint(name + nl, b);
	name[nl++] = '-';
	nl += put_uint(name + nl, en);
	size_t il = pk_iri_mint(iri, sizeof iri, "mention", name, nl);
	if (!il)
		return -1;
	Term m = term_n(e, iri, il);
	if (m < 0)
		return -1;
	e->ev_id[ev] = (uint32_t)m + 1;
	char num[32];
	Term nonneg = C(e, C_NONNEG);
	add_iri(e, m, C(e, C_TYPE), C(e, C_MENTION));
	add_iri(e, m, C(e, C_IN_ARTICLE), e->article_id);
	add_lit(e, m, C(e, C_BEGIN), term_n(e, num, put_uint(num, b)), nonneg, -1);
	add_lit(e, m, C(e, C_END), term_n(e, num, put_uint(num, en)), nonneg, -1);
	size_t ob = orig_byte(e, b), oe = orig_byte(e, en);
	/* Mentions are short: their anchor is copied on the stack. */
	char small[256];
	char *anchor = oe - ob < sizeof small ? small : malloc(oe - ob + 1);
	if (anchor) {
		memcpy(anchor, e->orig + ob, oe - ob);
		anchor[oe - ob] = '\0';
		add_text(e, m, C(e, C_ANCHOR), anchor, -1);
		if (anchor != small)
			free(anchor);
	}
	/* the sentence, from the original text */
	if (e->provenance == PK_PROV_SPANS)
		goto rule;
	/* A sentence holds several mentions: its literal is made once. */
	int cached = v->sentence >= 0 && (size_t)v->sentence < e->doc->n_sent;
	Term sent = cached && e->sent_id[v->sentence] ? (Term)e->sent_id[v->sentence] - 1 : -1;
	if (sent < 0) {
		size_t ss = e->doc->sent_start[v->sentence], se = e->doc->sent_start[v->sentence + 1];
		size_t sb = orig_byte(e, e->nt->to_orig[ss]), sbe = orig_byte(e, e->nt->to_orig[se]);
		while (sb < sbe && (e->orig[sb] == ' ' || e->orig[sb] == '\n' || e->orig[sb] == '\t'))
			sb++;
		while (sbe > sb && (e->orig[sbe - 1] == ' ' || e->orig[sbe - 1] == '\n' ||
		                    e->orig[sbe - 1] == '\r' || e->orig[sbe - 1] == '\t'))
			sbe--;
		char *lit = orig_span_lit(e, sb, sbe);
		if (lit) {
			sent = term(e, lit);
			free(lit);
		}
		if (sent >= 0 && cached)
			e->sent_id[v->sentence] = (uint32_t)sent + 1;
	}
	if (sent >= 0)
		add_lit(e, m, C(e, C_SENTENCE), sent, -1, C(e, C_ZH));
rule:
	if (v->rule) {
		/* a rule's two literals are made once per article */
		Term *id = kept_slot(e, v->rule, 1), *src = kept_slot(e, v->rule, 2);
		Term rid = id && *id >= 0 ? *id : text_term(e, v->rule->id);
		if (id)
			*id = rid;
		add_lit(e, m, C(e, C_RULE), rid, -1, -1);
		Term rsrc = src && *src >= 0 ? *src : -1;
		if (rsrc < 0) {
			/* the rule file relative to the rules directory: output must not depend
			 * on where the rules are installed */
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
			rsrc = text_term(e, where);
			if (src)
				*src = rsrc;
		}
		add_lit(e, m, C(e, C_RULE_SOURCE), rsrc, -1, -1);
	}
	if (v->note)
		add_text(e, m, K(e, KG("decision")), v->note, K(e, "en"));
	return m;
}

static void
add_date(Emit *e, Term s, Term p, const PkDate *d)
{
	char iso[16];
	const char *dt;
	if (pk_date_iso(d, iso, sizeof iso, &dt) == 0)
		add_lit(e, s, p, term(e, iso), K(e, dt), -1);
}

/* In an article written in traditional characters, the form as written (臨滄市公安局) is
 * an alternative label too, beside the simplified one the rules matched. */
static void
traditional_alt(Emit *e, Term s, const PkEntity *en, int ev)
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
	add_text(e, s, K(e, PK_NS_SKOS "altLabel"), orig, K(e, "zh"));
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
		if (e->ent_iri[i]) {
			Term id = term(e, iri);
			if (id >= 0)
				e->ent_id[i] = (uint32_t)id + 1;
		}
	}
	Term zh = K(e, "zh");
	for (size_t i = 0; i < d->n_ents; i++) {
		const PkEntity *en = &d->ents[i];
		Term s = (Term)e->ent_id[i] - 1;
		if (en->dead || s < 0)
			continue;
		if (!en->untyped) {
			add_iri(e, s, K(e, RDF_TYPE), K(e, kind_class(en->kind)));
			add_iri(e, e->article_id, K(e, KG("mentions")), s);
		} else {
			/* a gazetteer ancestor the article does not name (see the ontology) */
			add_iri(e, s, K(e, RDF_TYPE), K(e, KG("AdministrativeDivision")));
		}
		add_text(e, s, K(e, PK_NS_RDFS "label"), en->label, zh);
		for (size_t k = 0; k < en->n_alts; k++)
			add_text(e, s, K(e, PK_NS_SKOS "altLabel"), en->alts[k], zh);
		if (en->parent >= 0 && e->ent_id[en->parent])
			add_iri(e, s, K(e, en->kind == PK_ENT_UNIT ? KG("partOf") : KG("locatedIn")),
			        (Term)e->ent_id[en->parent] - 1);
		if (en->located >= 0 && e->ent_id[en->located])
			add_iri(e, s, K(e, KG("locatedIn")), (Term)e->ent_id[en->located] - 1);
		if (en->gaz >= 0 && en->kind == PK_ENT_PLACE) {
			/* the division code is in the IRI name before '-' */
			const char *dash = strchr(en->iri_name, '-');
			if (dash && dash != en->iri_name) {
				char code[32];
				snprintf(code, sizeof code, "%.*s", (int)(dash - en->iri_name), en->iri_name);
				add_text(e, s, K(e, KG("divisionCode")), code, -1);
			}
		}
		if (en->founded.year) {
			add_date(e, s, K(e, KG("foundingDate")), &en->founded);
			Term m = evidence_iri(e, en->founded_ev);
			if (m >= 0)
				add_iri(e, m, C(e, C_REFERS_TO), s);
		}
		for (size_t k = 0; k < en->n_ev; k++) {
			Term m = evidence_iri(e, en->ev[k]);
			if (m >= 0)
				add_iri(e, m, C(e, C_REFERS_TO), s);
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
		Term w = term(e, iri), ut = (Term)e->ent_id[a->unit] - 1,
		     ht = (Term)e->ent_id[a->honor] - 1;
		add_iri(e, w, K(e, RDF_TYPE), K(e, KG("Award")));
		add_iri(e, w, K(e, KG("recipient")), ut);
		add_iri(e, w, K(e, KG("honor")), ht);
		add_iri(e, ut, K(e, KG("received")), ht);
		add_date(e, w, K(e, KG("date")), &a->date);
		if (a->by)
			add_text(e, w, K(e, KG("conferredBy")), a->by, K(e, "zh"));
		add_iri(e, e->article_id, K(e, KG("mentions")), w);
		Term m = evidence_iri(e, a->ev);
		if (m >= 0)
			add_iri(e, w, K(e, KG("evidence")), m);
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
		/* "hash|start|end", built by hand: snprintf was most of this loop's cost (the
		 * hash is 16 hex digits, so the key always fits) */
		char key[128], iri[IRI_CAP];
		size_t hl = strlen(d->article_hash), kl;
		if (hl > sizeof key - 44)
			hl = sizeof key - 44;
		memcpy(key, d->article_hash, hl);
		kl = hl;
		key[kl++] = '|';
		kl += put_uint(key + kl, e->nt->to_orig[v->start]);
		key[kl++] = '|';
		kl += put_uint(key + kl, e->nt->to_orig[v->end]);
		pk_iri_mint_hash(iri, sizeof iri, "stat", pk_hash64(key, kl));
		Term w = term(e, iri);
		add_iri(e, w, K(e, RDF_TYPE), K(e, KG("Statistic")));
		add_iri(e, w, K(e, KG("creditedTo")), (Term)e->ent_id[st->unit] - 1);
		add_lit(e, w, K(e, KG("value")), text_term(e, st->value), K(e, XSD("decimal")), -1);
		add_text(e, w, K(e, KG("unitOfMeasure")), st->uom, -1);
		if (st->measure)
			add_text(e, w, K(e, KG("measure")), st->measure, K(e, "zh"));
		if (st->approx)
			add_text(e, w, K(e, KG("approximate")), st->approx, -1);
		if (st->period.year && st->period_end.year) {
			char a[16], b[16], both[40];
			const char *dt;
			pk_date_iso(&st->period, a, sizeof a, &dt);
			pk_date_iso(&st->period_end, b, sizeof b, &dt);
			snprintf(both, sizeof both, "%s/%s", a, b);
			add_lit(e, w, K(e, KG("period")), term(e, both), -1, -1);
		} else if (st->period.year) {
			add_date(e, w, K(e, KG("period")), &st->period);
		}
		add_iri(e, e->article_id, K(e, KG("mentions")), w);
		Term m = evidence_iri(e, st->ev);
		if (m >= 0)
			add_iri(e, w, K(e, KG("evidence")), m);
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
	/* zeroed: the table of kept terms too */
	Emit e = {.g = g, .doc = doc, .nt = nt, .orig = orig, .orig_len = orig_len,
	          .rules_dir = rules_dir, .source = source, .provenance = provenance,
	          .st = PK_OK};
	e.cp_byte = malloc((orig_len + 2) * sizeof(size_t));
	if (!e.cp_byte)
		return PK_ERR_NOMEM;
	for (size_t i = 0; i < orig_len; i++)
		if (((unsigned char)orig[i] & 0xC0) != 0x80)
			e.cp_byte[e.n_cp++] = i;
	e.cp_byte[e.n_cp] = orig_len;
	if (!pk_iri_mint(e.article, sizeof e.article, "article", doc->article_hash,
	                 strlen(doc->article_hash))) {
		free(e.cp_byte);
		return PK_ERR_RDF;
	}
	e.ent_iri = calloc(doc->n_ents + 1, sizeof(char *));
	e.ent_id = calloc(doc->n_ents + 1, sizeof(uint32_t));
	e.ev_id = calloc(doc->n_ev + 1, sizeof(uint32_t));
	e.sent_id = calloc(doc->n_sent + 1, sizeof(uint32_t));
	if (!e.ent_iri || !e.ent_id || !e.ev_id || !e.sent_id) {
		free(e.ent_iri);
		free(e.ent_id);
		free(e.ev_id);
		free(e.sent_id);
		free(e.cp_byte);
		return PK_ERR_NOMEM;
	}
	e.article_id = term(&e, e.article);
	add_iri(&e, e.article_id, K(&e, RDF_TYPE), K(&e, KG("Article")));
	add_text(&e, e.article_id, K(&e, KG("source")), source, -1);
	if (doc->pub.year)
		add_date(&e, e.article_id, K(&e, KG("publicationDate")), &doc->pub);
	if (nt->traditional)
		add_lit(&e, e.article_id, K(&e, KG("script")), K(&e, "traditional"), -1, -1);
	for (size_t i = 0; i < doc->n_dates; i++) {
		add_date(&e, e.article_id, K(&e, KG("mentionsDate")), &doc->dates[i].date);
		Term m = evidence_iri(&e, doc->dates[i].ev);
		if (m >= 0)
			add_iri(&e, e.article_id, K(&e, KG("evidence")), m);
	}
	emit_entities(&e);
	emit_awards(&e);
	emit_stats(&e);
	for (size_t i = 0; i < doc->n_ents + 1; i++)
		free(e.ent_iri[i]);
	free(e.ent_iri);
	free(e.ent_id);
	free(e.ev_id);
	free(e.sent_id);
	free(e.cp_byte);
	return e.st;
}
