/* explain.h — `policekg explain FILE...`: why each triple is in the graph. */
#ifndef PK_EXPLAIN_H
#define PK_EXPLAIN_H

#include <stdio.h>

/* Explains each article in files; colour when color != 0. Returns the exit code. */
int pk_explain_run(const char *rules_dir, const char *const *files, size_t n, int color,
                   FILE *out);

#endif
