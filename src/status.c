/* status.c — names for PkStatus values. */
#include "policekg.h"

const char *
pk_strerror(PkStatus st)
{
	switch (st) {
	case PK_OK: return "success";
	case PK_ERR_NOMEM: return "out of memory";
	case PK_ERR_IO: return "input/output error";
	case PK_ERR_INPUT: return "unusable input";
	case PK_ERR_RULES: return "invalid rules";
	case PK_ERR_MATCH: return "match limit exceeded";
	case PK_ERR_RDF: return "rdf error";
	case PK_ERR_USAGE: return "usage error";
	case PK_ERR_LIMIT: return "limit exceeded";
	}
	return "unknown status";
}
