/* explain.c — for each entity and fact of an article: its triples, the mentions that
 * support it (rule id and file:line, code-point span, sentence) and the normalisation and
 * linking decisions taken on the way. */
#include "explain.h"

#include "extract.h"
#include "iri.h"
#include "log.h"
#include "reader.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	FILE *out;
	int color;
	const PkArticle *a;
	const PkGraph *g;
	const char *rules_dir;
} Ex;

static const char *
sgr(const Ex *x, const char *code)
{
	return x->color ? code : "";
}

#define BOLD(x) sgr(x, "\033[1m")
#define DIM(x) sgr(x, "\033[2m")
#define CYAN(x) sgr(x, "\033[36m")
#define GREEN(x) sgr(x, "\033[32m")
#define OFF(x) sgr(x, "\033[0m")

/* Shortens well-known namespaces for display. */
static void
put_term(const Ex *x, const PkTerm *t)
{
	static const struct { const char *ns, *p; } pre[] = {
		{PK_NS_KG, "kg:"}, {PK_NS_RDFS, "rdfs:"}, {PK_NS_SKOS, "skos:"}, {PK_NS_RDF, "rdf:"},
		{PK_NS_XSD, "xsd:"}, {PK_NS_NIF, "nif:"}, {PK_NS_ID, "id:"},
	};
	const char *v = t->value;
	if (t->kind == PK_TERM_LITERAL) {
		fprintf(x->out, "\"%s\"", v);
		if (t->lang)
			fprintf(x->out, "@%s", t->lang);
		else if (t->datatype) {
			for (size_t i = 0; i < sizeof pre / sizeof pre[0]; i++)
				if (!strncmp(t->datatype, pre[i].ns, strlen(pre[i].ns))) {
					fprintf(x->out, "^^%s%s", pre[i].p, t->datatype + strlen(pre[i].ns));
					return;
				}
			fprintf(x->out, "^^<%s>", t->datatype);
		}
		return;
	}
	for (size_t i = 0; i < sizeof pre / sizeof pre[0]; i++)
		if (!strncmp(v, pre[i].ns, strlen(pre[i].ns))) {
			fprintf(x->out, "%s%s", pre[i].p, v + strlen(pre[i].ns));
			return;
		}
	fprintf(x->out, "<%s>", v);
}

static void
triples_of(const Ex *x, const char *subject)
{
	for (size_t i = 0; i < pk_graph_size(x->g); i++) {
		const PkTriple *t = pk_graph_get(x->g, i);
		if (strcmp(t->s.value, subject))
			continue;
		if (!strcmp(t->p.value, PK_NS_KG "evidence"))
			continue;   /* shown as "from" lines */
		fputs("    ", x->out);
		put_term(x, &t->p);
		fputs(" ", x->out);
		put_term(x, &t->o);
		fputs("\n", x->out);
	}
}

static void
evidence(const Ex *x, int ev, const char *entity_label)
{
	const PkDoc *d = &x->a->doc;
	if (ev < 0 || (size_t)ev >= d->n_ev)
		return;
	const PkEvidence *v = &d->ev[ev];
	size_t b = x->a->norm.to_orig[v->start], e = x->a->norm.to_orig[v->end];
	const char *f = v->rule ? v->rule->file : "?";
	size_t dl = x->rules_dir ? strlen(x->rules_dir) : 0;
	if (dl && !strncmp(f, x->rules_dir, dl) && f[dl] == '/')
		f += dl + 1;
	fprintf(x->out, "    %sfrom%s [%zu,%zu) %s“%.*s”%s  %s%s%s (%s:%u)\n", DIM(x), OFF(x), b, e,
	        GREEN(x), (int)(v->end - v->start), d->text + v->start, OFF(x), CYAN(x),
	        v->rule ? v->rule->id : "?", OFF(x), f, v->rule ? v->rule->line : 0);
	if (entity_label && (strlen(entity_label) != v->end - v->start ||
	                     memcmp(entity_label, d->text + v->start, v->end - v->start)))
		fprintf(x->out, "      %slinked:%s “%.*s” → %s%s%s\n", DIM(x), OFF(x),
		        (int)(v->end - v->start), d->text + v->start, entity_label,
		        v->note ? " — " : "", v->note ? v->note : "");
	else if (v->note)
		fprintf(x->out, "      %sdecision:%s %s\n", DIM(x), OFF(x), v->note);
	size_t ss = d->sent_start[v->sentence], se = d->sent_start[v->sentence + 1];
	while (se > ss && (d->text[se - 1] == '\n' || d->text[se - 1] == ' '))
		se--;
	while (ss < se && (d->text[ss] == '\n' || d->text[ss] == ' '))
		ss++;
	fprintf(x->out, "      %ssentence:%s %.*s\n", DIM(x), OFF(x), (int)(se - ss), d->text + ss);
}

/* The triples of the fact node (award, statistic) that cites evidence ev. */
static void
fact_triples(const Ex *x, int ev)
{
	const PkDoc *d = &x->a->doc;
	const PkEvidence *v = &d->ev[ev];
	char name[96], iri[1024];
	snprintf(name, sizeof name, "%s-%zu-%zu", d->article_hash, x->a->norm.to_orig[v->start],
	         x->a->norm.to_orig[v->end]);
	pk_iri_mint(iri, sizeof iri, "mention", name, strlen(name));
	for (size_t i = 0; i < pk_graph_size(x->g); i++) {
		const PkTriple *t = pk_graph_get(x->g, i);
		if (!strcmp(t->p.value, PK_NS_KG "evidence") && !strcmp(t->o.value, iri) &&
		    strncmp(t->s.value, PK_NS_ID "article/", strlen(PK_NS_ID "article/"))) {
			fprintf(x->out, "    %s<%s>%s\n", DIM(x), t->s.value, OFF(x));
			triples_of(x, t->s.value);
			return;
		}
	}
}

static const char *
kind_name(PkEntKind k)
{
	return k == PK_ENT_UNIT ? "unit" : k == PK_ENT_PLACE ? "place" : "honor";
}

static void
explain_article(Ex *x)
{
	const PkDoc *d = &x->a->doc;
	char iri[1024];
	pk_iri_mint(iri, sizeof iri, "article", d->article_hash, strlen(d->article_hash));
	fprintf(x->out, "%sarticle%s %s\n", BOLD(x), OFF(x), d->label);
	triples_of(x, iri);
	if (d->pub_ev >= 0)
		evidence(x, d->pub_ev, NULL);
	if (x->a->norm.traditional)
		fprintf(x->out, "    %snormalised:%s traditional characters converted to simplified (OpenCC t2s)\n",
		        DIM(x), OFF(x));
	for (size_t i = 0; i < d->n_dates; i++) {
		char iso[16];
		const char *dt;
		if (pk_date_iso(&d->dates[i].date, iso, sizeof iso, &dt))
			continue;
		fprintf(x->out, "  %sdate%s %s\n", BOLD(x), OFF(x), iso);
		evidence(x, d->dates[i].ev, NULL);
	}
	for (int kind = PK_ENT_UNIT; kind <= PK_ENT_HONOR; kind++) {
		for (size_t i = 0; i < d->n_ents; i++) {
			const PkEntity *e = &d->ents[i];
			if (e->dead || e->kind != (PkEntKind)kind)
				continue;
			pk_iri_mint(iri, sizeof iri, kind_name(e->kind), e->iri_name, strlen(e->iri_name));
			fprintf(x->out, "\n%s%s%s %s%s\n", BOLD(x), kind_name(e->kind), e->untyped ? " (from the gazetteer only)" : "",
			        e->label, OFF(x));
			fprintf(x->out, "    %s<%s>%s\n", DIM(x), iri, OFF(x));
			triples_of(x, iri);
			for (size_t k = 0; k < e->n_ev; k++)
				evidence(x, e->ev[k], e->label);
			if (e->founded_ev >= 0)
				evidence(x, e->founded_ev, NULL);
		}
	}
	for (size_t i = 0; i < d->n_awards; i++) {
		const PkAward *a = &d->awards[i];
		fprintf(x->out, "\n%saward%s %s → %s\n", BOLD(x), OFF(x), d->ents[a->honor].label,
		        d->ents[a->unit].label);
		fact_triples(x, a->ev);
		evidence(x, a->ev, NULL);
	}
	for (size_t i = 0; i < d->n_stats; i++) {
		const PkStat *s = &d->stats[i];
		fprintf(x->out, "\n%sstatistic%s %s %s → %s\n", BOLD(x), OFF(x), s->value, s->uom,
		        d->ents[s->unit].label);
		fact_triples(x, s->ev);
		const PkEvidence *v = &d->ev[s->ev];
		fprintf(x->out, "    %snormalised:%s “%.*s” → %s %s%s%s%s\n", DIM(x), OFF(x),
		        (int)(v->end - v->start), d->text + v->start, s->value, s->uom,
		        s->approx ? " (approximate: " : "", s->approx ? s->approx : "", s->approx ? ")" : "");
		fprintf(x->out, "    %smeasure:%s %s\n", DIM(x), OFF(x), s->measure ? s->measure : "");
		evidence(x, s->ev, NULL);
	}
	fputc('\n', x->out);
}

int
pk_explain_run(const char *rules_dir, const char *const *files, size_t n, int color, FILE *out)
{
	PkRuleSet *rs = NULL;
	if (pk_ruleset_load(&rs, rules_dir) != PK_OK)
		return 2;
	PkMatcher *m = pk_matcher_new(rs);
	if (!m) {
		pk_ruleset_free(rs);
		return 2;
	}
	int rc = 0;
	size_t done = 0;
	for (size_t i = 0; i < n; i++) {
		char *text;
		size_t len;
		if (pk_reader_read(files[i], &text, &len) != PK_OK) {
			rc = 1;
			continue;
		}
		done++;
		PkGraph *g = pk_graph_new();
		PkArticle a;
		const char *label = strcmp(files[i], "-") ? files[i] : "<stdin>";
		if (!g || pk_article_process(&a, rs, m, text, len, label, g) != PK_OK) {
			rc = 1;
		} else {
			pk_graph_normalize(g);
			Ex x = {out, color, &a, g, rs->dir};
			explain_article(&x);
		}
		pk_article_free(&a);
		pk_graph_free(g);
	}
	if (!done) {
		pk_log(PK_LOG_ERROR, NULL, "no input could be read");
		rc = 2;   /* as extract: nothing to explain */
	}
	if (fflush(out) || ferror(out)) {
		pk_log(PK_LOG_ERROR, NULL, "write failed");
		rc = 2;
	}
	pk_matcher_free(m);
	pk_ruleset_free(rs);
	pk_normalize_cleanup();
	return rc;
}
