/* query_output.h — printing the results of a `policekg query` run: a table for people, the
 * W3C SPARQL 1.1 results formats csv, tsv and json, true/false for ASK and sorted
 * N-Triples for CONSTRUCT. */
#ifndef PK_QUERY_OUTPUT_H
#define PK_QUERY_OUTPUT_H

#include <redland.h>

#include <stdio.h>

typedef enum { PK_RESULTS_TABLE, PK_RESULTS_CSV, PK_RESULTS_TSV, PK_RESULTS_JSON } PkResults;

/* Prints res to out in format fmt (CONSTRUCT results are N-Triples whatever fmt says).
 * prepared is the same query prepared with Rasqal, or NULL: it names the variables of a
 * result with no rows, which librdf does not. Reads res to its end; the caller still owns
 * and frees res and prepared. Returns 0, or 1 when out of memory or Rasqal gave no ASK
 * answer; write errors are left to the caller's check of out. */
int pk_query_output(FILE *out, librdf_query_results *res, rasqal_query *prepared,
                    PkResults fmt);

#endif
