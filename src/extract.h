/* extract.h — one article through the whole pipeline:
 * read → normalise → match → resolve overlaps → link → emit into a graph. */
#ifndef PK_EXTRACT_H
#define PK_EXTRACT_H

#include "graph.h"
#include "link.h"
#include "matcher.h"
#include "normalize.h"
#include "rules.h"

/* Everything one article produced, kept for `explain` and `coverage`. Free with
 * pk_article_free. */
typedef struct {
	char *orig;            /* the original text (owned) */
	size_t orig_len;
	PkNormText norm;
	PkMentionList mentions;
	PkDoc doc;
} PkArticle;

/* Runs the pipeline on text (taken over: freed with the article) and adds its triples to
 * g (g may be NULL: link only). label names the input in messages and kg:source. */
PkStatus pk_article_process(PkArticle *a, const PkRuleSet *rs, PkMatcher *m, char *text,
                            size_t len, const char *label, PkGraph *g);

/* Same, with the kg:source value and a publication date (YYYY[-MM[-DD]], may be NULL)
 * to use when the text has no dateline. */
PkStatus pk_article_process_ex(PkArticle *a, const PkRuleSet *rs, PkMatcher *m, char *text,
                               size_t len, const char *label, const char *source,
                               const char *pubdate, PkGraph *g);

/* Same, with the amount of provenance (PK_PROV_*). */
PkStatus pk_article_process_prov(PkArticle *a, const PkRuleSet *rs, PkMatcher *m, char *text,
                                 size_t len, const char *label, const char *source,
                                 const char *pubdate, int provenance, PkGraph *g);

void pk_article_free(PkArticle *a);

#endif
