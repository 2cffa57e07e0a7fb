/* rules.h — the rule set: macros, word lists, the place gazetteer and rules, loaded at run
 * time from rules/ (format: rules/README.md).
 *
 * A rule has an id, a type (what it produces), a PCRE2 pattern whose named groups are
 * roles of that type (or a gazetteer lookup), a priority for overlap resolution, constant
 * roles and inline examples. The parser reports every problem as file:line:col.
 */
#ifndef PK_RULES_H
#define PK_RULES_H

#include "policekg.h"

#include <stddef.h>
#include <stdint.h>

typedef enum {
	PK_TYPE_UNIT,        /* a police unit name: name */
	PK_TYPE_PLACE,       /* a place name: name */
	PK_TYPE_HONOR,       /* an honour: name, recipient?, by?, date? */
	PK_TYPE_DATE,        /* a calendar date: year/month/day (+ year2/month2/day2 for ranges), rel */
	PK_TYPE_STAT,        /* a result statistic: value, scale?, approx?, uom, measure? */
	PK_TYPE_FOUNDING,    /* a founding event: date, unit? */
	PK_TYPE_RENAME,      /* a rename: old, new */
	PK_TYPE_ALIAS,       /* an alias of a bureau: name (X公安, X警方) */
	PK_TYPE_ANAPHOR,     /* 该所/该局…: kind */
	PK_TYPE_BOILERPLATE, /* a span excluded from extraction */
	PK_TYPE_CUT,         /* everything from here on is excluded (相关新闻) */
	PK_TYPE_DATELINE,    /* the publication date: year?, month, day */
	PK_TYPE_LOCATION,    /* where a unit is: unit, name (the text naming the place) */
	PK_TYPE_COUNT
} PkRuleType;

typedef enum {
	PK_ROLE_NAME, PK_ROLE_RECIPIENT, PK_ROLE_BY, PK_ROLE_DATE,
	PK_ROLE_YEAR, PK_ROLE_MONTH, PK_ROLE_DAY, PK_ROLE_YEAR2, PK_ROLE_MONTH2, PK_ROLE_DAY2,
	PK_ROLE_REL, PK_ROLE_VALUE, PK_ROLE_SCALE, PK_ROLE_APPROX, PK_ROLE_UOM, PK_ROLE_MEASURE,
	PK_ROLE_UNIT, PK_ROLE_OLD, PK_ROLE_NEW, PK_ROLE_KIND,
	PK_ROLE_COUNT
} PkRole;

const char *pk_rule_type_name(PkRuleType t);
const char *pk_role_name(PkRole r);
/* -1 when unknown. */
int pk_rule_type_lookup(const char *name, size_t len);
int pk_role_lookup(const char *name, size_t len);
/* Is role r allowed for type t? */
int pk_role_allowed(PkRuleType t, PkRole r);

typedef struct {
	char *text;                          /* the example sentence */
	int must_match;                      /* 1: example, 0: counter-example, 2: triples */
	char *triple;                        /* `triple TEXT => S P O`: "S P O" (labels, a kg:
	                                        property name, a label or literal) */
	char *expect[PK_ROLE_COUNT];         /* expected captures (NULL: not checked) */
	unsigned line;
} PkExample;

typedef struct {
	char *id;
	PkRuleType type;
	int priority;
	const char *file;                    /* owned by the rule set */
	unsigned line;                       /* the `rule` line */
	char *pattern;                       /* after macro/list expansion; NULL for lookups */
	char *lookup;                        /* gazetteer/list name for lookup rules */
	unsigned lookup_levels;              /* bit set of PkPlaceLevel for lookups (0 = all) */
	int lookup_short;                    /* also match short forms (厦门 for 厦门市) */
	char *lookup_except;                 /* a word list of forms never matched */
	char *consts[PK_ROLE_COUNT];         /* `set role=value` */
	char **triggers;                     /* `trigger w…` / `trigger @list`: run the pattern
	                                        only in windows around these literals */
	size_t n_triggers;
	char *trigger_list;                  /* @list name, resolved after loading */
	int has_window;                      /* `window B A`: a trigger's window reaches */
	unsigned window_before, window_after;/* B characters back from its start and A on
	                                        from its end (else PK_TRIGGER_CONTEXT bytes) */
	PkExample *examples;
	size_t n_examples;
	void *code;                          /* compiled pattern, owned by matcher.c */
	int disabled;                        /* overridden by a later rule with the same id */
} PkRule;

typedef struct {
	char *name;
	char **words;
	size_t n_words;
	/* a hash set over words (built once the rules are loaded): membership is one probe */
	unsigned *slots;       /* word index + 1, 0 = empty; size is a power of two */
	size_t n_slots;
	size_t max_len;        /* longest word in bytes */
	/* built with the hash set: */
	size_t *lens;          /* byte length of each word */
	size_t min_len;        /* shortest word in bytes */
	int *heads;            /* words chained by a hash of their first key_len bytes (for */
	int *next;             /* pk_wordlist_occurs): n_heads chain heads, a next per word, -1 */
	size_t n_heads, key_len;
	uint64_t *prefixes;    /* every byte prefix of every word, by its pk_hash64 (open
	                          addressing, 0 = empty, bit 0: a whole word), for */
	size_t n_prefix_slots; /* pk_wordlist_longest_prefix */
} PkWordList;

typedef struct PkGazetteer PkGazetteer;

typedef struct {
	PkRule *rules;
	size_t n_rules;
	PkWordList *lists;
	size_t n_lists;
	PkGazetteer *gazetteer;              /* the place gazetteer, NULL if none declared */
	char **files;                        /* every file loaded (owned) */
	size_t n_files;
	char *dir;                           /* the rules directory */
} PkRuleSet;

/* Loads every *.rules file in dir (sorted; subdirectories are packs, loaded after the
 * files of their parent, also sorted), compiles every pattern. Diagnostics are logged.
 * Returns PK_OK and a rule set owned by the caller (pk_ruleset_free), or PK_ERR_RULES /
 * PK_ERR_IO / PK_ERR_NOMEM with *out == NULL. */
PkStatus pk_ruleset_load(PkRuleSet **out, const char *dir);

/* Loads one rule file (and what it includes). Same contract. */
PkStatus pk_ruleset_load_file(PkRuleSet **out, const char *path);

void pk_ruleset_free(PkRuleSet *rs);   /* NULL is a no-op */

const PkWordList *pk_ruleset_list(const PkRuleSet *rs, const char *name);

/* Is word (len bytes) in the named list? */
int pk_ruleset_in_list(const PkRuleSet *rs, const char *list, const char *word, size_t len);

/* Is word (len bytes) in list l? */
int pk_wordlist_has(const PkWordList *l, const char *word, size_t len);

/* Can a word of l start at s (avail bytes)? An exact filter on the words' first bytes:
 * 0 means no word of l is a prefix of s[0..avail). NULL l: 0. */
int pk_wordlist_may_start(const PkWordList *l, const char *s, size_t avail);

/* The length of the longest word of l that s[0..avail) starts with, ending where a
 * character of s ends (characters stepped as pk_utf8_decode does), at most one character
 * past max_len; 0 when none. Stops at the first byte where no word goes on. NULL l: 0. */
size_t pk_wordlist_longest_prefix(const PkWordList *l, const char *s, size_t avail);

/* Does any word of l occur anywhere in s[0..n)? One hash probe per byte of s, whatever
 * the list's size. NULL l: 0. */
int pk_wordlist_occurs(const PkWordList *l, const char *s, size_t n);

#endif
