/* extract.c — the per-article pipeline and `policekg extract`. */
#include "extract.h"

#include "emit.h"
#include "iri.h"
#include "log.h"
#include "reader.h"
#include "writer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

PkStatus
pk_article_process(PkArticle *a, const PkRuleSet *rs, PkMatcher *m, char *text, size_t len,
                   const char *label, PkGraph *g)
{
	memset(a, 0, sizeof *a);
	a->orig = text;
	a->orig_len = len;
	PkStatus st = pk_normalize(&a->norm, text, len);
	if (st != PK_OK)
		return st;
	st = pk_matcher_run(m, a->norm.text, a->norm.len, label, &a->mentions);
	if (st == PK_ERR_NOMEM || st == PK_ERR_LIMIT) {
		PkLoc loc = {label, 0, 0, NULL, 0};
		pk_log(PK_LOG_ERROR, &loc, "%s while matching rules", pk_strerror(st));
		return st;
	}
	pk_link_trim(rs, a->norm.text, a->norm.len, &a->mentions);
	pk_mentions_resolve(&a->mentions);
	if (getenv("PK_DEBUG_MENTIONS")) {
		/* a raw dump for rule authors; `policekg explain` is the readable form */
		for (size_t i = 0; i < a->mentions.n; i++) {
			const PkMention *mm = &a->mentions.items[i];
			fprintf(stderr, "%s %-24s %.*s%s\n", mm->dropped_by >= 0 ? "-" : "+", mm->rule->id,
			        (int)(mm->end - mm->start), a->norm.text + mm->start,
			        mm->dropped_by >= 0 ? " (dropped)" : "");
		}
	}
	char hash[17];
	snprintf(hash, sizeof hash, "%016llx", (unsigned long long)pk_hash64(text, len));
	st = pk_link(&a->doc, rs, label, a->norm.text, a->norm.len, &a->mentions, hash);
	if (st != PK_OK || !g)
		return st;
	return pk_emit(g, &a->doc, &a->norm, text, len, label, rs->dir);
}

void
pk_article_free(PkArticle *a)
{
	if (!a)
		return;
	free(a->orig);
	pk_normtext_free(&a->norm);
	pk_mentions_free(&a->mentions);
	pk_doc_free(&a->doc);
	memset(a, 0, sizeof *a);
}

/* Output goes to a temporary file beside -o FILE, renamed over it only on success: a
 * failed run never leaves a partial or corrupted file, and the old FILE is untouched. */
static FILE *
open_output(const char *path, char **tmp_out)
{
	*tmp_out = NULL;
	if (!path)
		return stdout;
	size_t n = strlen(path);
	char *tmp = malloc(n + 16);
	if (!tmp)
		return NULL;
	snprintf(tmp, n + 16, "%s.tmp.XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		PkLoc loc = {path, 0, 0, NULL, 0};
		pk_log(PK_LOG_ERROR, &loc, "cannot create output: %s", strerror(errno));
		free(tmp);
		return NULL;
	}
	FILE *f = fdopen(fd, "wb");
	if (!f) {
		close(fd);
		unlink(tmp);
		free(tmp);
		return NULL;
	}
	*tmp_out = tmp;
	return f;
}

static void
count_classes(const PkGraph *g)
{
	static const char *const classes[] = {"PoliceUnit", "Place", "Honor", "Award", "Statistic",
	                                      "Article", "Mention"};
	size_t counts[7] = {0};
	for (size_t i = 0; i < pk_graph_size(g); i++) {
		const PkTriple *t = pk_graph_get(g, i);
		if (strcmp(t->p.value, PK_NS_RDF "type"))
			continue;
		for (int k = 0; k < 7; k++)
			if (!strcmp(t->o.value + strlen(PK_NS_KG), classes[k]) &&
			    !strncmp(t->o.value, PK_NS_KG, strlen(PK_NS_KG)))
				counts[k]++;
	}
	fprintf(stderr, "policekg: %zu triples:", pk_graph_size(g));
	for (int k = 0; k < 7; k++)
		fprintf(stderr, " %s %zu%s", classes[k], counts[k], k < 6 ? "," : "\n");
}

int
pk_extract_run(const PkExtractOptions *o)
{
	pk_log_set_quiet(o->quiet);
	PkRuleSet *rs = NULL;
	const char *dir = o->rules_dir ? o->rules_dir : PK_DEFAULT_RULES_DIR;
	if (pk_ruleset_load(&rs, dir) != PK_OK)
		return 2;
	PkMatcher *m = pk_matcher_new(rs);
	PkGraph *g = pk_graph_new();
	if (!m || !g) {
		pk_log(PK_LOG_ERROR, NULL, "out of memory");
		pk_matcher_free(m);
		pk_graph_free(g);
		pk_ruleset_free(rs);
		return 2;
	}
	size_t ok = 0, failed = 0;
	for (size_t i = 0; i < o->n_inputs; i++) {
		const char *path = o->inputs[i];
		char *text;
		size_t len;
		if (pk_reader_read(path, &text, &len) != PK_OK) {
			failed++;
			continue;
		}
		PkArticle a;
		const char *label = strcmp(path, "-") ? path : "<stdin>";
		PkStatus st = pk_article_process(&a, rs, m, text, len, label, g);
		pk_article_free(&a);
		if (st != PK_OK) {
			failed++;
			continue;
		}
		ok++;
	}
	int rc = failed ? 1 : 0;
	if (!ok && failed) {
		pk_log(PK_LOG_ERROR, NULL, "no input could be read; nothing written");
		rc = 2;
	} else {
		char *tmp = NULL;
		FILE *out = open_output(o->out_path, &tmp);
		if (!out) {
			rc = 2;
		} else {
			PkStatus st = pk_writer_write(out, g, o->format);
			int close_err = out != stdout ? fclose(out) : fflush(out);
			if (st != PK_OK || close_err) {
				PkLoc loc = {o->out_path ? o->out_path : "<stdout>", 0, 0, NULL, 0};
				pk_log(PK_LOG_ERROR, &loc, "write failed: %s",
				       st != PK_OK ? pk_strerror(st) : strerror(errno));
				if (tmp)
					unlink(tmp);
				rc = 2;
			} else if (tmp && rename(tmp, o->out_path)) {
				PkLoc loc = {o->out_path, 0, 0, NULL, 0};
				pk_log(PK_LOG_ERROR, &loc, "cannot rename output into place: %s", strerror(errno));
				unlink(tmp);
				rc = 2;
			}
			free(tmp);
		}
		if (o->stats && rc != 2)
			count_classes(g);
	}
	pk_graph_free(g);
	pk_matcher_free(m);
	pk_ruleset_free(rs);
	pk_normalize_cleanup();
	return rc;
}
