/* graph.h — the in-memory RDF graph handed from the linker to the writer.
 *
 * Terms are plain UTF-8 strings; the graph copies (owns) everything added to it, each
 * distinct string once (interned: two terms with the same bytes share one pointer). IRIs
 * must already be safe (iri.h); literals must be valid UTF-8 (validated by the reader).
 * No blank nodes exist in policekg output, so there is no blank-node term kind.
 */
#ifndef PK_GRAPH_H
#define PK_GRAPH_H

#include "policekg.h"

#include <stdint.h>

/* Namespaces used throughout. */
#define PK_NS_KG   "https://w3id.org/policekg/ontology#"
#define PK_NS_ID   "https://w3id.org/policekg/id/"
#define PK_NS_RDF  "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define PK_NS_RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define PK_NS_SKOS "http://www.w3.org/2004/02/skos/core#"
#define PK_NS_XSD  "http://www.w3.org/2001/XMLSchema#"
#define PK_NS_PROV "http://www.w3.org/ns/prov#"
#define PK_NS_NIF  "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"

typedef enum { PK_TERM_IRI, PK_TERM_LITERAL } PkTermKind;

typedef struct {
	PkTermKind kind;
	const char *value;     /* IRI, or the literal's lexical form */
	const char *datatype;  /* literal datatype IRI, or NULL */
	const char *lang;      /* literal language tag, or NULL */
} PkTerm;

typedef struct {
	PkTerm s, p, o;
} PkTriple;

typedef struct PkGraph PkGraph;

/* Returns a new empty graph, or NULL when out of memory. Free with pk_graph_free(). */
PkGraph *pk_graph_new(void);
void pk_graph_free(PkGraph *g); /* NULL is a no-op */
/* Empties g for reuse, keeping its allocations (a worker's graph, article after article). */
void pk_graph_clear(PkGraph *g);

/* Add <s> <p> <o>. */
PkStatus pk_graph_add_iri(PkGraph *g, const char *s, const char *p, const char *o);
/* Add <s> <p> "lex"^^<datatype> or "lex"@lang (both NULL: a plain xsd:string literal). */
PkStatus pk_graph_add_literal(PkGraph *g, const char *s, const char *p, const char *lex,
                              const char *datatype, const char *lang);

/* The same by string ids, for a caller that adds many triples over the same strings
 * (emit.c: a mention's IRI is the subject of five triples, predicates and datatypes recur
 * all the time): interning each string once saves hashing it, or comparing it with the
 * string cached for its address, at every use.
 *
 * pk_graph_intern() returns the id of s[0, len) (copied into g the first time; s needs no
 * NUL), or -1 when out of memory. Ids are those of pk_graph_string(), valid until
 * pk_graph_clear() or pk_graph_free(). Each string's PK_GRAPH_USE_* bits are set by the
 * triples that use it. datatype and lang are ids, or -1 for none. */
int64_t pk_graph_intern(PkGraph *g, const char *s, size_t len);
PkStatus pk_graph_add_iri_ids(PkGraph *g, uint32_t s, uint32_t p, uint32_t o);
PkStatus pk_graph_add_literal_ids(PkGraph *g, uint32_t s, uint32_t p, uint32_t lex,
                                  int64_t datatype, int64_t lang);

/* Sort into one canonical order (s, p, o by bytes) and drop duplicates. */
void pk_graph_normalize(PkGraph *g);

size_t pk_graph_size(const PkGraph *g);

/* How a distinct string is used (bits; one string may serve several roles). */
enum {
	PK_GRAPH_USE_IRI = 1,      /* subject, predicate or IRI object */
	PK_GRAPH_USE_LITERAL = 2,  /* lexical form of a literal */
	PK_GRAPH_USE_DATATYPE = 4, /* datatype IRI of a literal */
	PK_GRAPH_USE_LANG = 8,     /* language tag */
};

/* The distinct strings held by the graph, for checks that need to see each only once.
 * pk_graph_string() returns the i-th (i < pk_graph_nstrings()), valid until the graph is
 * freed; *len and *uses (either may be NULL) get its length and PK_GRAPH_USE_* bits. */
size_t pk_graph_nstrings(const PkGraph *g);
const char *pk_graph_string(const PkGraph *g, size_t i, size_t *len, unsigned *uses);

/* The string ids (pk_graph_string() indexes) of the i-th triple: s, p, o, then the
 * datatype's and the language tag's id + 1 (0: none). Equal ids are equal strings, so a
 * writer can render each distinct term once. Valid until the graph is changed or freed. */
const uint32_t *pk_graph_get_ids(const PkGraph *g, size_t i);
/* The i-th triple; valid until the graph is changed or freed. */
const PkTriple *pk_graph_get(const PkGraph *g, size_t i);

#endif
