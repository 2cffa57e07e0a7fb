/* rulecheck.c — run the examples written inside rule files (Duckling / jq manual style). */
#include "rulecheck.h"

#include "buf.h"
#include "extract.h"
#include "graph.h"
#include "log.h"
#include "matcher.h"
#include "normalize.h"
#include "rules.h"

#include <stdlib.h>
#include <string.h>

/* Does mention m capture every expected role value of example ex? Appends what it got. */
static int
captures_match(const PkExample *ex, const PkMention *m, const char *text, PkBuf *got)
{
	int ok = 1;
	for (int r = 0; r < PK_ROLE_COUNT; r++) {
		if (!ex->expect[r])
			continue;
		const PkSpan *sp = &m->role[r];
		const char *val = sp->set ? text + sp->start : "";
		size_t len = sp->set ? sp->end - sp->start : 0;
		if (strlen(ex->expect[r]) != len || memcmp(ex->expect[r], val, len))
			ok = 0;
		pk_buf_printf(got, " %s=%.*s", pk_role_name((PkRole)r), (int)len, val);
	}
	return ok;
}

static void
expected_text(const PkExample *ex, PkBuf *b)
{
	for (int r = 0; r < PK_ROLE_COUNT; r++)
		if (ex->expect[r])
			pk_buf_printf(b, " %s=%s", pk_role_name((PkRole)r), ex->expect[r]);
}

/* Labels (rdfs:label or skos:altLabel) of node s in g include name? */
static int
has_label(const PkGraph *g, const char *s, const char *name)
{
	for (size_t i = 0; i < pk_graph_size(g); i++) {
		const PkTriple *t = pk_graph_get(g, i);
		if (!strcmp(t->s.value, s) && t->o.kind == PK_TERM_LITERAL &&
		    (!strcmp(t->p.value, PK_NS_RDFS "label") || !strcmp(t->p.value, PK_NS_SKOS "altLabel")) &&
		    !strcmp(t->o.value, name))
			return 1;
	}
	return 0;
}

/* Runs the whole pipeline on ex->text and looks for S P O (see PkExample.triple). On a
 * miss, got lists the P-triples of the graph. */
static int
triple_holds(const PkRuleSet *rs, PkMatcher *m, const PkExample *ex, PkBuf *got)
{
	char s[256], p[128], o[256];
	if (!ex->triple || sscanf(ex->triple, "%255s %127s %255s", s, p, o) != 3)
		return 0;
	size_t len = strlen(ex->text);
	char *text = malloc(len + 1);
	PkGraph *g = pk_graph_new();
	if (!text || !g) {
		free(text);
		pk_graph_free(g);
		return 0;
	}
	memcpy(text, ex->text, len + 1);
	PkArticle a;
	int ok = 0;
	if (pk_article_process(&a, rs, m, text, len, "example", g) == PK_OK) {
		char pred[256];
		snprintf(pred, sizeof pred, PK_NS_KG "%s", p);
		for (size_t i = 0; i < pk_graph_size(g) && !ok; i++) {
			const PkTriple *t = pk_graph_get(g, i);
			if (strcmp(t->p.value, pred) || (strcmp(s, "*") && !has_label(g, t->s.value, s)))
				continue;   /* "*": any subject (statistics and awards have no label) */
			ok = t->o.kind == PK_TERM_LITERAL ? !strcmp(t->o.value, o) : has_label(g, t->o.value, o);
		}
		if (!ok)
			for (size_t i = 0; i < pk_graph_size(g); i++) {
				const PkTriple *t = pk_graph_get(g, i);
				if (!strcmp(t->p.value, pred))
					pk_buf_printf(got, " <%s> %s %s;", t->s.value, p, t->o.value);
			}
	}
	pk_article_free(&a);
	pk_graph_free(g);
	return ok;
}

int
pk_rulecheck_run(const char *dir, int verbose, FILE *out)
{
	PkRuleSet *rs = NULL;
	if (pk_ruleset_load(&rs, dir) != PK_OK)
		return 2;
	PkMatcher *m = pk_matcher_new(rs);
	if (!m) {
		pk_ruleset_free(rs);
		return 2;
	}
	size_t passed = 0, failed = 0, rules_with_examples = 0;
	for (size_t i = 0; i < rs->n_rules; i++) {
		const PkRule *r = &rs->rules[i];
		if (r->disabled)
			continue;
		if (r->n_examples)
			rules_with_examples++;
		size_t rule_failed = 0;
		for (size_t e = 0; e < r->n_examples; e++) {
			const PkExample *ex = &r->examples[e];
			if (ex->must_match == 2) {
				PkBuf got = PK_BUF_INIT;
				if (triple_holds(rs, m, ex, &got)) {
					passed++;
					if (verbose)
						fprintf(out, "ok   %s:%u: %s: triple %s\n", r->file, ex->line, r->id, ex->triple);
				} else {
					failed++;
					fprintf(out, "FAIL %s:%u: %s: \"%s\" does not give %s; the graph has%s\n", r->file,
					        ex->line, r->id, ex->text, ex->triple ? ex->triple : "?",
					        got.data ? got.data : " no such property");
				}
				pk_buf_free(&got);
				continue;
			}
			PkNormText nt;
			if (pk_normalize(&nt, ex->text, strlen(ex->text)) != PK_OK)
				continue;
			PkMentionList ml = {0};
			pk_matcher_run_rule(m, r, nt.text, nt.len, r->file, &ml);
			int ok;
			PkBuf got = PK_BUF_INIT, want = PK_BUF_INIT;
			if (ex->must_match) {
				ok = 0;
				int any_expect = 0;
				for (int k = 0; k < PK_ROLE_COUNT; k++)
					any_expect |= ex->expect[k] != NULL;
				for (size_t k = 0; k < ml.n && !ok; k++) {
					if (!any_expect) {
						ok = 1;
						break;
					}
					if (got.len)
						pk_buf_puts(&got, ";");
					ok = captures_match(ex, &ml.items[k], nt.text, &got);
				}
				expected_text(ex, &want);
			} else {
				ok = ml.n == 0;
				for (size_t k = 0; k < ml.n; k++)
					pk_buf_printf(&got, " \"%.*s\"", (int)(ml.items[k].end - ml.items[k].start),
					              nt.text + ml.items[k].start);
			}
			if (ok) {
				passed++;
				if (verbose)
					fprintf(out, "ok   %s:%u: %s: %s \"%s\"\n", r->file, ex->line, r->id,
					        ex->must_match ? "example" : "counter", ex->text);
			} else {
				failed++;
				rule_failed++;
				if (ex->must_match)
					fprintf(out, "FAIL %s:%u: %s: example \"%s\": expected%s, got%s\n", r->file,
					        ex->line, r->id, ex->text, want.data ? want.data : " a match",
					        ml.n ? (got.data ? got.data : "") : " no match");
				else
					fprintf(out, "FAIL %s:%u: %s: counter-example \"%s\" matched%s\n", r->file,
					        ex->line, r->id, ex->text, got.data ? got.data : "");
			}
			pk_buf_free(&got);
			pk_buf_free(&want);
			pk_mentions_free(&ml);
			pk_normtext_free(&nt);
		}
		(void)rule_failed;
	}
	size_t active = 0;
	for (size_t i = 0; i < rs->n_rules; i++)
		active += !rs->rules[i].disabled;
	fprintf(out, "%zu rules (%zu with examples) in %zu files\n", active, rules_with_examples, rs->n_files);
	fprintf(out, "%zu passed, %zu failed\n", passed, failed);
	pk_matcher_free(m);
	pk_ruleset_free(rs);
	pk_normalize_cleanup();
	return failed ? 1 : 0;
}
