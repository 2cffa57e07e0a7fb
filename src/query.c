/* query.c — placeholder until `policekg query` lands (see query.h). */
#include "query.h"

#include <stdio.h>

int
pk_query_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("policekg: query is not built yet\n", stderr);
	return 2;
}
