/* pk_limits.h — every hard limit of policekg in one place.
 * Each limit has an error message naming it when exceeded. */
#ifndef PK_LIMITS_H
#define PK_LIMITS_H

#define PK_MAX_ARTICLE_BYTES   (256u * 1024u * 1024u) /* one article */
#define PK_MAX_RULE_LINE       8192u   /* bytes in one rule-file line */
#define PK_MAX_RULES           4096u   /* rules in a rule set */
#define PK_MAX_PATTERN_BYTES   65536u  /* pattern after macro expansion */
#define PK_MAX_MACRO_DEPTH     32u     /* nested macro references */
#define PK_MAX_INCLUDE_DEPTH   16u
#define PK_MAX_MATCHES         200000u /* mentions in one article */
/* PCRE2 limits per match; the environment variables of the same names override them */
#define PK_MATCH_LIMIT         1000000u /* pcre2_set_match_limit per match */
#define PK_DEPTH_LIMIT         10000u   /* pcre2_set_depth_limit per match (interpreter only) */
#define PK_MAX_ENTITY_NAME     256u     /* bytes in a unit/place/honor name (longer: warned
                                           about, left out of the graph) */

#endif
