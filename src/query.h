/* query.h — `policekg query`: SPARQL over graph files with librdf + Rasqal.
 * Its files (src/query*.c) are the only ones that include redland (librdf) headers. */
#ifndef PK_QUERY_H
#define PK_QUERY_H

/* Entry point of the subcommand: argv[0] is "query". Returns the exit code
 * (0 ok, 1 no data could be loaded / query failed at run time, 2 usage or bad query). */
int pk_query_main(int argc, char **argv);

#endif
