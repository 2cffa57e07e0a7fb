/* test_free_null.c — every _free accepts NULL (or, for structs freed in place, a zeroed
 * struct), so error paths can free whatever they have without checking (serd). */
#undef NDEBUG
#include "arena.h"
#include "buf.h"
#include "extract.h"
#include "gazetteer.h"
#include "graph.h"
#include "json.h"
#include "link.h"
#include "matcher.h"
#include "normalize.h"
#include "query_quadset.h"
#include "rules.h"

#include <assert.h>
#include <string.h>

static void test_null_pointers(void)
{
	pk_graph_free(NULL);
	pk_arena_free(NULL);
	pk_ruleset_free(NULL);
	pk_gazetteer_free(NULL);
	pk_matcher_free(NULL);
	pk_normtext_free(NULL);
	pk_doc_free(NULL);
	pk_article_free(NULL);
	pk_quadset_free(NULL);
}

static void test_zeroed_structs(void)
{
	PkNormText nt;
	memset(&nt, 0, sizeof nt);
	pk_normtext_free(&nt);
	pk_normtext_free(&nt);   /* twice: free resets it */

	PkQuadSet qs;
	memset(&qs, 0, sizeof qs);
	pk_quadset_free(&qs);
	pk_quadset_free(&qs);

	PkDoc doc;
	memset(&doc, 0, sizeof doc);
	pk_doc_free(&doc);
	pk_doc_free(&doc);

	PkMentionList ml;
	memset(&ml, 0, sizeof ml);
	pk_mentions_free(&ml);
	pk_mentions_free(&ml);
	assert(!ml.items && !ml.n && !ml.cap);

	PkBuf b = PK_BUF_INIT;
	pk_buf_free(&b);
	assert(pk_buf_puts(&b, "x") == 0);
	pk_buf_free(&b);
	assert(!b.data && !b.len && !b.cap);
	pk_buf_free(&b);

	PkArticle a;
	memset(&a, 0, sizeof a);
	pk_article_free(&a);
	pk_article_free(&a);

	PkJsonObject jo;
	memset(&jo, 0, sizeof jo);
	pk_json_free(&jo);
	pk_json_free(&jo);

	PkRule r;
	memset(&r, 0, sizeof r);
	pk_rule_release(&r);
}

/* Objects made and freed straight away, without ever being used. */
static void test_fresh_objects(void)
{
	pk_graph_free(pk_graph_new());
	pk_arena_free(pk_arena_new());
	pk_gazetteer_free(pk_gazetteer_new());

	PkArena *ar = pk_arena_new();
	assert(ar);
	pk_arena_reset(ar);   /* reset before any allocation */
	pk_arena_free(ar);
}

int main(void)
{
	test_null_pointers();
	test_zeroed_structs();
	test_fresh_objects();
	pk_normalize_cleanup();
	pk_normalize_cleanup();   /* idempotent, also when never opened */
	return 0;
}
