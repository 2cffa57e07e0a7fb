/* coverage.c — rule hits, misses and uncovered sentences over a corpus (see coverage.h). */
#include "coverage.h"

#include "buf.h"
#include "corpus.h"
#include "extract.h"
#include "log.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	size_t hits, dropped;
	size_t *lost_to;      /* per rule: how often this rule's match lost to that rule */
} RuleStat;

typedef struct {
	char *where;          /* FILE:LINE */
	char *text;
	const char *why;      /* "police words" / "numbers" */
} Gap;

typedef struct {
	const PkRuleSet *rs;
	RuleStat *rules;
	Gap *gaps;
	size_t n_gaps, cap_gaps, total_gaps;
	size_t articles, sentences;
	size_t max_sentences;
} Cov;

static int
has_word(const PkRuleSet *rs, const char *list, const char *s, size_t n)
{
	const PkWordList *l = pk_ruleset_list(rs, list);
	for (size_t i = 0; l && i < l->n_words; i++) {
		size_t wl = strlen(l->words[i]);
		for (size_t j = 0; j + wl <= n; j++)
			if (!memcmp(s + j, l->words[i], wl))
				return 1;
	}
	return 0;
}

static void
add_gap(Cov *c, const char *label, const PkDoc *d, size_t sent, const char *why)
{
	c->total_gaps++;
	if (c->n_gaps >= c->max_sentences)
		return;
	if (c->n_gaps == c->cap_gaps) {
		size_t cap = c->cap_gaps ? c->cap_gaps * 2 : 64;
		Gap *g = realloc(c->gaps, cap * sizeof(Gap));
		if (!g)
			return;
		c->gaps = g;
		c->cap_gaps = cap;
	}
	size_t s = d->sent_start[sent], e = d->sent_start[sent + 1];
	while (s < e && (d->text[s] == ' ' || d->text[s] == '\n'))
		s++;
	while (e > s && (d->text[e - 1] == ' ' || d->text[e - 1] == '\n'))
		e--;
	unsigned line, col;
	pk_utf8_linecol(d->text, s, &line, &col);
	PkBuf w = PK_BUF_INIT;
	pk_buf_printf(&w, "%s:%u", label, line);
	char *txt = malloc(e - s + 1);
	if (txt) {
		memcpy(txt, d->text + s, e - s);
		txt[e - s] = '\0';
	}
	c->gaps[c->n_gaps++] = (Gap){w.data, txt, why};
}

static void
article(Cov *c, const PkArticle *a, const char *label)
{
	const PkDoc *d = &a->doc;
	const PkMentionList *ml = &a->mentions;
	c->articles++;
	for (size_t i = 0; i < ml->n; i++) {
		const PkMention *m = &ml->items[i];
		size_t r = (size_t)(m->rule - c->rs->rules);
		if (m->dropped_by >= 0) {
			c->rules[r].dropped++;
			size_t w = (size_t)(ml->items[m->dropped_by].rule - c->rs->rules);
			c->rules[r].lost_to[w]++;
		} else {
			c->rules[r].hits++;
		}
	}
	/* sentences that gave no fact although they talk about police or numbers */
	unsigned char *used = calloc(d->n_sent + 1, 1);
	if (!used)
		return;
	for (size_t i = 0; i < d->n_ev; i++)
		used[d->ev[i].sentence] = 1;
	/* boilerplate and cut regions are not expected to give facts */
	for (size_t i = 0; i < ml->n; i++) {
		const PkMention *m = &ml->items[i];
		if (m->rule->type != PK_TYPE_BOILERPLATE && m->rule->type != PK_TYPE_CUT)
			continue;
		size_t end = m->rule->type == PK_TYPE_CUT ? d->len : m->end;
		for (size_t s = 0; s < d->n_sent; s++)
			if (d->sent_start[s] >= m->start && d->sent_start[s] < end)
				used[s] = 2;
	}
	for (size_t s = 0; s < d->n_sent; s++) {
		size_t a0 = d->sent_start[s], a1 = d->sent_start[s + 1];
		if (a1 - a0 < 6)
			continue;
		c->sentences++;
		if (used[s])
			continue;
		int police = has_word(c->rs, "police_words", d->text + a0, a1 - a0);
		int number = 0;
		for (size_t k = a0; k < a1 && !number; k++)
			number = d->text[k] >= '0' && d->text[k] <= '9';
		if (police || number)
			add_gap(c, label, d, s, police ? "police words" : "numbers");
	}
	free(used);
}

static void
html_escape(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

static int
write_html(const Cov *c, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		PkLoc loc = {path, 0, 0, NULL, 0};
		pk_log(PK_LOG_ERROR, &loc, "cannot write HTML report");
		return -1;
	}
	size_t max = 1;
	for (size_t i = 0; i < c->rs->n_rules; i++)
		if (c->rules[i].hits + c->rules[i].dropped > max)
			max = c->rules[i].hits + c->rules[i].dropped;
	fputs("<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">\n"
	      "<title>policekg rule coverage</title>\n<style>\n"
	      "body{font-family:'Noto Sans CJK SC','Noto Sans',sans-serif;margin:2em;color:#222}\n"
	      "table{border-collapse:collapse}td,th{padding:2px 8px;text-align:left;vertical-align:top}\n"
	      "tr:nth-child(even){background:#f5f5f5}.bar{height:12px;display:inline-block}\n"
	      ".hit{background:#3b82f6}.drop{background:#f59e0b}.never{color:#b91c1c}\n"
	      ".num{text-align:right;font-variant-numeric:tabular-nums}small{color:#666}\n"
	      "</style></head><body>\n<h1>Rule coverage</h1>\n", f);
	fprintf(f, "<p>%zu articles, %zu sentences, %zu rules. "
	           "<span class=\"bar hit\" style=\"width:12px\"></span> hits "
	           "<span class=\"bar drop\" style=\"width:12px\"></span> dropped by overlaps</p>\n",
	        c->articles, c->sentences, c->rs->n_rules);
	fputs("<table><tr><th>rule</th><th>file:line</th><th class=num>hits</th><th class=num>dropped</th>"
	      "<th></th><th>lost to</th></tr>\n", f);
	for (size_t i = 0; i < c->rs->n_rules; i++) {
		const PkRule *r = &c->rs->rules[i];
		const RuleStat *st = &c->rules[i];
		if (r->disabled)
			continue;
		fprintf(f, "<tr><td%s>", st->hits + st->dropped ? "" : " class=never");
		html_escape(f, r->id);
		fputs("</td><td><small>", f);
		html_escape(f, r->file);
		fprintf(f, ":%u</small></td><td class=num>%zu</td><td class=num>%zu</td><td>", r->line,
		        st->hits, st->dropped);
		fprintf(f, "<span class=\"bar hit\" style=\"width:%zupx\"></span>", st->hits * 300 / max);
		fprintf(f, "<span class=\"bar drop\" style=\"width:%zupx\"></span></td><td><small>",
		        st->dropped * 300 / max);
		for (size_t w = 0; w < c->rs->n_rules; w++)
			if (st->lost_to[w]) {
				html_escape(f, c->rs->rules[w].id);
				fprintf(f, " ×%zu ", st->lost_to[w]);
			}
		fputs("</small></td></tr>\n", f);
	}
	fputs("</table>\n", f);
	fprintf(f, "<h2>Sentences with police words or numbers and no fact (%zu", c->total_gaps);
	if (c->total_gaps > c->n_gaps)
		fprintf(f, ", first %zu shown", c->n_gaps);
	fputs(")</h2>\n<table>\n", f);
	for (size_t i = 0; i < c->n_gaps; i++) {
		fputs("<tr><td><small>", f);
		html_escape(f, c->gaps[i].where);
		fprintf(f, "</small></td><td><small>%s</small></td><td>", c->gaps[i].why);
		html_escape(f, c->gaps[i].text ? c->gaps[i].text : "");
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n</body></html>\n", f);
	int err = ferror(f);
	if (fclose(f) || err) {
		PkLoc loc = {path, 0, 0, NULL, 0};
		pk_log(PK_LOG_ERROR, &loc, "write failed");
		return -1;
	}
	return 0;
}

int
pk_coverage_run(const char *rules_dir, const char *const *paths, size_t n, const char *html_path,
                size_t max_sentences, FILE *out)
{
	PkRuleSet *rs = NULL;
	if (pk_ruleset_load(&rs, rules_dir) != PK_OK)
		return 2;
	PkMatcher *m = pk_matcher_new(rs);
	Cov c = {rs, calloc(rs->n_rules + 1, sizeof(RuleStat)), NULL, 0, 0, 0, 0, 0, max_sentences};
	PkCorpus *corpus = pk_corpus_new(paths, n, NULL, 0);
	int rc = 0;
	if (!m || !c.rules || !corpus) {
		rc = 2;
		goto done;
	}
	for (size_t i = 0; i < rs->n_rules; i++)
		if (!(c.rules[i].lost_to = calloc(rs->n_rules, sizeof(size_t)))) {
			rc = 2;
			goto done;
		}
	PkInput in;
	while (pk_corpus_next(corpus, &in)) {
		if (!in.text) {
			rc = 1;
			pk_input_clear(&in);
			continue;
		}
		PkArticle a;
		char *text = in.text;
		in.text = NULL;
		if (pk_article_process(&a, rs, m, text, in.len, in.label, NULL) == PK_OK)
			article(&c, &a, in.label);
		else
			rc = 1;
		pk_article_free(&a);
		pk_input_clear(&in);
	}
	if (!c.articles) {
		pk_log(PK_LOG_ERROR, NULL, "no input could be read; no report");
		rc = 2;
		goto done;
	}
	size_t active = 0, never = 0;
	for (size_t i = 0; i < rs->n_rules; i++) {
		if (rs->rules[i].disabled)
			continue;
		active++;
		never += !(c.rules[i].hits + c.rules[i].dropped);
	}
	fprintf(out, "%zu articles, %zu sentences, %zu rules (%zu never fired)\n\n", c.articles,
	        c.sentences, active, never);
	fprintf(out, "%7s %7s  %-28s %s\n", "hits", "dropped", "rule", "lost to");
	size_t dl = strlen(rs->dir);
	for (size_t i = 0; i < rs->n_rules; i++) {
		const PkRule *r = &rs->rules[i];
		if (r->disabled)
			continue;
		fprintf(out, "%7zu %7zu  %-28s", c.rules[i].hits, c.rules[i].dropped, r->id);
		for (size_t w = 0; w < rs->n_rules; w++)
			if (c.rules[i].lost_to[w])
				fprintf(out, " %s ×%zu", rs->rules[w].id, c.rules[i].lost_to[w]);
		fputc('\n', out);
	}
	if (never) {
		fputs("\nnever fired:\n", out);
		for (size_t i = 0; i < rs->n_rules; i++)
			if (!rs->rules[i].disabled && !(c.rules[i].hits + c.rules[i].dropped))
				fprintf(out, "  %s:%u: %s\n",
				        strncmp(rs->rules[i].file, rs->dir, dl) ? rs->rules[i].file : rs->rules[i].file + dl + 1,
				        rs->rules[i].line, rs->rules[i].id);
	}
	fprintf(out, "\nsentences with police words or numbers and no fact: %zu\n", c.total_gaps);
	for (size_t i = 0; i < c.n_gaps; i++)
		fprintf(out, "  %s: [%s] %s\n", c.gaps[i].where, c.gaps[i].why, c.gaps[i].text ? c.gaps[i].text : "");
	if (c.total_gaps > c.n_gaps)
		fprintf(out, "  … %zu more (--max-sentences)\n", c.total_gaps - c.n_gaps);
	if (html_path && write_html(&c, html_path))
		rc = 2;
done:
	if (c.rules)
		for (size_t i = 0; i < rs->n_rules; i++)
			free(c.rules[i].lost_to);
	free(c.rules);
	for (size_t i = 0; i < c.n_gaps; i++) {
		free(c.gaps[i].where);
		free(c.gaps[i].text);
	}
	free(c.gaps);
	pk_corpus_free(corpus);
	pk_matcher_free(m);
	pk_ruleset_free(rs);
	pk_normalize_cleanup();
	return rc;
}
