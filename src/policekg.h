/* policekg.h — the public interface of libpolicekg.
 *
 * The library turns Chinese news articles about public-security units into an RDF graph:
 * read text -> normalise -> match rules -> link mentions -> mint IRIs -> write RDF.
 * The CLI (cli.c) only parses options and calls pk_run().
 */
#ifndef POLICEKG_H
#define POLICEKG_H

#include <stddef.h>
#include <stdio.h>

#define PK_VERSION "0.1.0"

/* One status enum for the whole library (serd style); pk_strerror() names each. */
typedef enum {
	PK_OK = 0,
	PK_ERR_NOMEM,   /* allocation failed */
	PK_ERR_IO,      /* a file could not be read or written */
	PK_ERR_INPUT,   /* an article is not usable (bad UTF-8, binary, too large) */
	PK_ERR_RULES,   /* a rule file is invalid */
	PK_ERR_MATCH,   /* a rule exceeded the PCRE2 match or depth limit */
	PK_ERR_RDF,     /* the RDF library refused a term or failed to serialize */
	PK_ERR_USAGE,   /* bad command-line usage */
	PK_ERR_LIMIT    /* a hard limit (pk_limits.h) was exceeded */
} PkStatus;

const char *pk_strerror(PkStatus st);

typedef enum {
	PK_FORMAT_TURTLE,    /* Raptor's Turtle: whole graph in memory, prefixes, grouped */
	PK_FORMAT_NTRIPLES,  /* RDF 1.1 N-Triples, raw UTF-8, streamable */
	PK_FORMAT_NQUADS,    /* N-Quads: each article's triples in its own named graph */
	PK_FORMAT_DOT        /* Graphviz: the entity graph (units, places, honours) */
} PkFormat;

/* How much provenance the graph carries: mentions with their sentence (full), mentions
 * without the sentence text (spans), or none (entities and facts only). */
enum { PK_PROV_FULL = 0, PK_PROV_SPANS = 1, PK_PROV_NONE = 2 };

/* What `policekg extract` was asked to do. Strings are borrowed from argv. */
typedef struct {
	const char *rules_dir;   /* directory of *.rules files (NULL: the default) */
	const char *out_path;    /* -o FILE, NULL for stdout */
	PkFormat format;
	int quiet;
	int stats;               /* print counts per class to stderr at the end */
	const char *const *inputs;  /* article files or directories, "-" for stdin */
	size_t n_inputs;
	const char *files_from;  /* --files-from FILE: one path per line */
	int jsonl;               /* --jsonl: inputs (or stdin) are JSON Lines */
	int jobs;                /* -j N worker threads (0: one per core) */
	int provenance;          /* PK_PROV_FULL (default), PK_PROV_SPANS, PK_PROV_NONE */
} PkExtractOptions;

/* Runs extraction. Returns the process exit code: 0 all done, 1 some article failed
 * (the rest were processed and written), 2 rules/usage/write error (nothing written). */
int pk_extract_run(const PkExtractOptions *opts);

#endif
