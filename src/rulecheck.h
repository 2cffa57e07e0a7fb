/* rulecheck.h — `policekg rules check [DIR]`: compile every rule and run its inline
 * examples (must match with the expected captures) and counter-examples (must not). */
#ifndef PK_RULECHECK_H
#define PK_RULECHECK_H

#include <stdio.h>

/* Returns the exit code: 0 all examples pass, 1 some failed, 2 the rules do not load. */
int pk_rulecheck_run(const char *dir, int verbose, FILE *out);

#endif
