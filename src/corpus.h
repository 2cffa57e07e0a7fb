/* corpus.h — where articles come from: files, directory trees (sorted, recursive), a list
 * of files (--files-from), or JSON Lines ({"id","url","date","text"} per line, --jsonl).
 * Inputs are read one at a time, so memory is bounded by the largest article. */
#ifndef PK_CORPUS_H
#define PK_CORPUS_H

#include "policekg.h"

#include <stddef.h>

typedef struct {
	char *label;     /* names the article in messages: the path, or "FILE:LINE (id)" */
	char *source;    /* the kg:source value: path, or url/id */
	char *text;      /* NULL when the article could not be read (already reported) */
	size_t len;
	char *date;      /* JSON Lines "date": seeds the publication date; NULL otherwise */
} PkInput;

typedef struct PkCorpus PkCorpus;

/* paths: files, directories or "-" (stdin). files_from: a file listing paths, one per line
 * ("-" = stdin), or NULL. jsonl: paths (or stdin when none) hold JSON Lines. */
PkCorpus *pk_corpus_new(const char *const *paths, size_t n, const char *files_from, int jsonl);
void pk_corpus_free(PkCorpus *c);   /* NULL is a no-op */

/* Fills in with the next article (owned by the caller: pk_input_clear). Returns 1, or 0
 * at the end. An unreadable article comes back with text == NULL. */
int pk_corpus_next(PkCorpus *c, PkInput *in);
void pk_input_clear(PkInput *in);

#endif
