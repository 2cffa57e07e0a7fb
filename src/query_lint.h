/* query_lint.h — what Rasqal 0.9.33 gets wrong: the SPARQL constructs `policekg query`
 * refuses before Rasqal sees the query, and the one question about the query (does it say
 * GRAPH) that decides how the data is stored. Reads the query text only: no librdf. */
#ifndef PK_QUERY_LINT_H
#define PK_QUERY_LINT_H

#include <stddef.h>

/* Finds the first construct Rasqal 0.9.33 crashes on, silently ignores or answers wrongly
 * in t[0..len) (each measured; docs/query.md). Returns a static one-line message naming a
 * workaround and sets *off to the byte offset of the construct, or returns NULL (also when
 * out of memory: Rasqal then has the query as it is). */
const char *pk_query_lint(const char *t, size_t len, size_t *off);

/* Whether the query t[0..len) uses the keyword GRAPH (outside strings, IRIs and
 * comments); 1 when out of memory, to keep graph names to be safe. */
int pk_query_says_graph(const char *t, size_t len);

#endif
