/* query_lint.c — what Rasqal 0.9.33 gets wrong, found before Rasqal sees the query.
 *
 * Rasqal crashes on some valid queries, silently ignores parts of others and answers some
 * wrongly (a trailing VALUES segfaults, FROM and GROUP_CONCAT's SEPARATOR are ignored,
 * CONCAT of a computed argument reads freed memory...). pk_query_lint() refuses those
 * constructs with a located message naming a workaround; docs/query.md lists each, and
 * tests/query.test.sh checks with PK_QUERY_LINT=0 that Rasqal still misbehaves on it.
 *
 * The checks work on tokens (a small tokenizer below, as much of SPARQL's grammar as they
 * need), so a keyword inside a string, an IRI or a comment is never taken for one.
 */
#include "query_lint.h"

#include <stdlib.h>
#include <string.h>

/* A token of the query text, as much of SPARQL's grammar as the checks below need. */
typedef enum { TOK_WORD, TOK_PNAME, TOK_VAR, TOK_IRI, TOK_STRING, TOK_PUNCT, TOK_END } PkTokKind;

typedef struct {
	PkTokKind kind;
	size_t off, len;  /* bytes of the query text */
	int space_before; /* whitespace or a comment separates it from the previous token */
} PkTok;

static int pk_tok_is_name(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.' || c == ':' || c >= 0x80;
}

/* Splits text into tokens (caller frees *out). Returns the count, 0 when out of memory. */
static size_t pk_query_tokens(const char *t, size_t n, PkTok **out)
{
	size_t cap = 64, cnt = 0, i = 0;
	PkTok *v = malloc(cap * sizeof *v);
	if (!v)
		return 0;
	for (;;) {
		int space = 0;
		for (;;) {
			while (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
				i++, space = 1;
			if (i < n && t[i] == '#') {
				while (i < n && t[i] != '\n')
					i++;
				space = 1;
				continue;
			}
			break;
		}
		if (cnt + 1 >= cap) {
			PkTok *nv = realloc(v, 2 * cap * sizeof *v);
			if (!nv) {
				free(v);
				return 0;
			}
			v = nv;
			cap *= 2;
		}
		PkTok *k = &v[cnt++];
		k->off = i;
		k->space_before = space;
		if (i >= n) {
			k->kind = TOK_END;
			k->len = 0;
			break;
		}
		unsigned char c = (unsigned char)t[i];
		size_t j = i + 1;
		if (c == '"' || c == '\'') {
			int longq = i + 2 < n && t[i + 1] == (char)c && t[i + 2] == (char)c;
			j = longq ? i + 3 : i + 1;
			while (j < n) {
				if (t[j] == '\\') {
					j += 2;
					continue;
				}
				if (t[j] == (char)c &&
				    (!longq || (j + 2 < n && t[j + 1] == (char)c && t[j + 2] == (char)c))) {
					j += longq ? 3 : 1;
					break;
				}
				j++;
			}
			k->kind = TOK_STRING;
		} else if (c == '<') {
			/* IRIREF, or the operators < and <= */
			while (j < n && t[j] != '>' && t[j] != ' ' && t[j] != '\n' && t[j] != '<' &&
			       t[j] != '"' && t[j] != '{' && t[j] != '}')
				j++;
			if (j < n && t[j] == '>') {
				j++;
				k->kind = TOK_IRI;
			} else {
				j = i + 1;
				k->kind = TOK_PUNCT;
			}
		} else if ((c == '?' || c == '$') && i + 1 < n && pk_tok_is_name((unsigned char)t[i + 1])) {
			while (j < n && pk_tok_is_name((unsigned char)t[j]) && t[j] != ':')
				j++;
			k->kind = TOK_VAR;
		} else if (pk_tok_is_name(c) && c != '.' && c != '-') {
			while (j < n && pk_tok_is_name((unsigned char)t[j]))
				j++;
			while (j > i + 1 && t[j - 1] == '.')
				j--; /* the triple's full stop */
			k->kind = memchr(t + i, ':', j - i) ? TOK_PNAME : TOK_WORD;
		} else {
			k->kind = TOK_PUNCT;
		}
		k->len = j - i;
		i = j;
	}
	*out = v;
	return cnt;
}

static int pk_tok_word(const char *t, const PkTok *k, const char *word)
{
	size_t n = strlen(word);
	if (k->kind != TOK_WORD || k->len != n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = t[k->off + i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c != word[i])
			return 0;
	}
	return 1;
}

static int pk_tok_punct(const char *t, const PkTok *k, char c)
{
	return k->kind == TOK_PUNCT && t[k->off] == c;
}

/* Index of the token closing the bracket opened at tokens[i] ('(' or '{'). */
static size_t pk_tok_close(const char *t, const PkTok *v, size_t n, size_t i)
{
	char open = t[v[i].off], close = open == '(' ? ')' : '}';
	int depth = 0;
	for (size_t j = i; j < n; j++) {
		if (pk_tok_punct(t, &v[j], open))
			depth++;
		else if (pk_tok_punct(t, &v[j], close) && --depth == 0)
			return j;
	}
	return n - 1;
}

/* Finds the first construct Rasqal 0.9.33 crashes on, silently ignores or answers wrongly
 * (each measured; docs/query.md). Returns a message and sets *off, or returns NULL. */
const char *pk_query_lint(const char *t, size_t len, size_t *off)
{
	static const struct {
		const char *word, *why;
	} refused[] = {
		{ "VALUES", "VALUES is not supported by Rasqal 0.9.33 (a trailing VALUES crashes it, "
		            "an inline one gives wrong rows): use FILTER(?x IN (...))" },
		{ "MINUS", "MINUS is not supported by Rasqal 0.9.33 (the query fails): use OPTIONAL "
		           "{ ... } FILTER(!BOUND(?v))" },
		{ "EXISTS", "EXISTS and NOT EXISTS are not supported by Rasqal 0.9.33: use OPTIONAL "
		            "{ ... } FILTER(BOUND(?v)) or FILTER(!BOUND(?v))" },
		{ "DESCRIBE", "DESCRIBE is not supported by Rasqal 0.9.33 (the query fails): use "
		              "CONSTRUCT" },
		{ "FROM", "FROM and FROM NAMED are ignored by Rasqal 0.9.33 with librdf (the default "
		          "graph is always the union of all data): use GRAPH" },
		{ "SERVICE", "SERVICE is refused: policekg query reads local files only (Rasqal "
		             "would fetch the URL)" },
		{ "SEPARATOR", "GROUP_CONCAT's SEPARATOR is ignored by Rasqal 0.9.33 (it always "
		               "joins with a space)" },
	};
	static const char *const aggregates[] = { "COUNT", "SUM", "AVG", "MIN", "MAX", "SAMPLE",
		                                  "GROUP_CONCAT", "GROUP" };
	PkTok *v;
	size_t n = pk_query_tokens(t, len, &v);
	if (!n)
		return NULL; /* out of memory: let Rasqal have it */
	const char *why = NULL;
	int depth = 0;
	for (size_t i = 0; i < n && !why; i++) {
		const PkTok *k = &v[i];
		*off = k->off;
		if (pk_tok_punct(t, k, '{'))
			depth++;
		else if (pk_tok_punct(t, k, '}'))
			depth--;
		for (size_t r = 0; r < sizeof refused / sizeof refused[0] && !why; r++)
			if (pk_tok_word(t, k, refused[r].word))
				why = refused[r].why;
		if (why)
			break;
		/* Property paths: Rasqal's message would only be "unexpected '+'". */
		if ((k->kind == TOK_PNAME || k->kind == TOK_IRI) && i + 1 < n &&
		    !v[i + 1].space_before &&
		    (pk_tok_punct(t, &v[i + 1], '+') || pk_tok_punct(t, &v[i + 1], '*') ||
		     pk_tok_punct(t, &v[i + 1], '/') || pk_tok_punct(t, &v[i + 1], '|') ||
		     (pk_tok_punct(t, &v[i + 1], '?') && v[i + 1].len == 1))) {
			why = "property paths (+ * / | ? ^) are not supported by Rasqal 0.9.33: write "
			      "each length as its own pattern and join them with UNION (docs/query.md)";
			break;
		}
		if (pk_tok_punct(t, k, '^') && i + 1 < n && !pk_tok_punct(t, &v[i + 1], '^') &&
		    (i == 0 || !pk_tok_punct(t, &v[i - 1], '^'))) {
			why = "inverse property paths (^) are not supported by Rasqal 0.9.33: swap "
			      "subject and object";
			break;
		}
		/* GROUP BY (expr AS ?k) / GROUP BY FUNC(...): groups everything into one row. */
		if (pk_tok_word(t, k, "GROUP") && i + 2 < n && pk_tok_word(t, &v[i + 1], "BY") &&
		    v[i + 2].kind != TOK_VAR) {
			why = "GROUP BY an expression groups wrongly in Rasqal 0.9.33: BIND it to a "
			      "variable and GROUP BY the variable";
			break;
		}
		/* CONCAT/STRBEFORE/STRAFTER read freed memory when an argument is computed. */
		if ((pk_tok_word(t, k, "CONCAT") || pk_tok_word(t, k, "STRBEFORE") ||
		     pk_tok_word(t, k, "STRAFTER")) &&
		    i + 1 < n && pk_tok_punct(t, &v[i + 1], '(')) {
			size_t end = pk_tok_close(t, v, n, i + 1);
			for (size_t j = i + 2; j < end; j++) {
				if (pk_tok_punct(t, &v[j], '(')) {
					why = "CONCAT, STRBEFORE and STRAFTER return garbage in Rasqal 0.9.33 "
					      "when an argument is a function call: BIND the argument to a "
					      "variable first";
					break;
				}
			}
			if (why)
				break;
		}
		/* A sub-SELECT with aggregates loses rows when joined (measured). */
		if (depth > 0 && pk_tok_word(t, k, "SELECT")) {
			int d = 0;
			for (size_t j = i + 1; j < n && d >= 0 && !why; j++) {
				if (pk_tok_punct(t, &v[j], '{'))
					d++;
				else if (pk_tok_punct(t, &v[j], '}'))
					d--;
				for (size_t a = 0; a < sizeof aggregates / sizeof aggregates[0]; a++)
					if (pk_tok_word(t, &v[j], aggregates[a]))
						why = "a sub-SELECT with aggregates or GROUP BY loses rows in "
						      "Rasqal 0.9.33: aggregate in the outer query";
			}
		}
	}
	free(v);
	return why;
}

/* Whether the query uses the keyword GRAPH (outside strings, IRIs and comments). */
int pk_query_says_graph(const char *t, size_t len)
{
	PkTok *v;
	size_t n = pk_query_tokens(t, len, &v);
	if (!n)
		return 1; /* out of memory: keep graph names, to be safe */
	int found = 0;
	for (size_t i = 0; i < n && !found; i++)
		found = pk_tok_word(t, &v[i], "GRAPH");
	free(v);
	return found;
}
