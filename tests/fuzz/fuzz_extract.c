/* fuzz_extract.c — libFuzzer harness: one article through the whole pipeline.
 *
 * The real rules (env PK_RULES_DIR, else the compiled-in default) are loaded once, in
 * LLVMFuzzerInitialize. Each
 * input is checked like the reader does, then normalised, matched, linked and emitted by
 * pk_article_process, and the graph is written as N-Triples and as Turtle to /dev/null.
 * Any text the reader accepts must give a graph both writers accept: a refused term
 * (PK_ERR_RDF) is a bug, so it aborts.
 */
#include "extract.h"
#include "log.h"
#include "reader.h"
#include "writer.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static PkRuleSet *rs;
static PkMatcher *matcher;
static FILE *devnull;

static void
cleanup(void)
{
	pk_matcher_free(matcher);
	pk_ruleset_free(rs);
	pk_normalize_cleanup();
	if (devnull)
		fclose(devnull);
}

/* Loading the rules takes a while under ASan: done before the first input, so it does
 * not count against libFuzzer's per-input -timeout. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *dir = getenv("PK_RULES_DIR") ? getenv("PK_RULES_DIR") : PK_DEFAULT_RULES_DIR;
	if (pk_ruleset_load(&rs, dir) != PK_OK) {
		fprintf(stderr, "fuzz_extract: cannot load rules from %s\n", dir);
		abort();
	}
	matcher = pk_matcher_new(rs);
	devnull = fopen("/dev/null", "wb");
	if (!matcher || !devnull)
		abort();
	atexit(cleanup);
	pk_log_set_quiet(1);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (pk_reader_check("fuzz", (const char *)data, size) != PK_OK)
		return 0;
	char *text = malloc(size + 1);   /* taken over by the article */
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	PkGraph *g = pk_graph_new();
	if (!g) {
		free(text);
		return 0;
	}
	PkArticle a;
	PkStatus st = pk_article_process(&a, rs, matcher, text, size, "fuzz input.txt", g);
	pk_article_free(&a);
	if (st == PK_OK) {
		if (pk_writer_write(devnull, g, PK_FORMAT_NTRIPLES) != PK_OK)
			abort();
		if (pk_writer_write(devnull, g, PK_FORMAT_TURTLE) != PK_OK)
			abort();
	}
	pk_graph_free(g);
	return 0;
}
