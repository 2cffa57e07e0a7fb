/* writer.h — serialises a PkGraph. The only module that includes raptor2.h.
 *
 * Turtle goes through Raptor2's "turtle" serializer with the policekg prefixes, no base
 * URI (a base would relativise every IRI). N-Triples is written directly as RDF 1.1
 * N-Triples with raw UTF-8 (Raptor's would write \uXXXX escapes). The graph is
 * normalised first, so the same graph always gives byte-identical output.
 */
#ifndef PK_WRITER_H
#define PK_WRITER_H

#include "graph.h"

/* Writes g to out. Returns PK_ERR_IO when a write fails (checked, including fflush),
 * PK_ERR_RDF when Raptor fails. Does not close out. */
PkStatus pk_writer_write(FILE *out, PkGraph *g, PkFormat format);

/* Same, with a graph name for N-Quads (every triple goes into graph <graph>; NULL: the
 * default graph). Other formats ignore graph. */
PkStatus pk_writer_write_named(FILE *out, PkGraph *g, PkFormat format, const char *graph);

/* Same, into memory: *out (malloc'd, owned by the caller, NULL when empty) gets *len
 * bytes. N-Triples and N-Quads are rendered straight into the block (no stdio); the other
 * formats go through open_memstream(). On failure *out is NULL (or partial Turtle/DOT
 * output the caller must free and discard). */
PkStatus pk_writer_write_memory(PkGraph *g, PkFormat format, const char *graph, char **out,
                                size_t *len);

/* Memory pk_writer_render() keeps between graphs (a worker's, article after article).
 * _free(NULL) is a no-op. */
typedef struct PkWriterScratch PkWriterScratch;
PkWriterScratch *pk_writer_scratch_new(void);
void pk_writer_scratch_free(PkWriterScratch *ws);

/* pk_writer_write_memory() into a block the caller keeps: *buf (malloc'd, *cap bytes, or
 * NULL and 0) is reused when big enough, else replaced; it stays the caller's, also on
 * failure. *len gets the bytes written (0 on failure). ws (NULL: none) lends the
 * renderer its tables. */
PkStatus pk_writer_render(PkGraph *g, PkFormat format, const char *graph, PkWriterScratch *ws,
                          char **buf, size_t *cap, size_t *len);

#endif
