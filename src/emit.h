/* emit.h — mints IRIs for a linked article and adds its triples to a graph.
 *
 * Entity IRIs come from canonical content (unit/place/honor names, gazetteer codes), so
 * they are the same in every article and every run; article-level facts (statistics,
 * mentions) hash the article's bytes and positions. Provenance: each supporting span is a
 * kg:Mention with nif:beginIndex/endIndex in code points of the original text.
 */
#ifndef PK_EMIT_H
#define PK_EMIT_H

#include "graph.h"
#include "link.h"
#include "normalize.h"

/* Adds doc's triples to g. orig is the original article text (for anchors and
 * sentences); nt maps normalised offsets back to it; source names the input. */
PkStatus pk_emit(PkGraph *g, const PkDoc *doc, const PkNormText *nt, const char *orig,
                 size_t orig_len, const char *source, const char *rules_dir);

/* Same, with the amount of provenance (PK_PROV_* in policekg.h). */
PkStatus pk_emit_ex(PkGraph *g, const PkDoc *doc, const PkNormText *nt, const char *orig,
                    size_t orig_len, const char *source, const char *rules_dir, int provenance);

#endif
