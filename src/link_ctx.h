/* link_ctx.h — private to the linker (link*.c): the article context the linking steps
 * share, the word lists they consult, and the helpers and steps one file calls in another.
 *
 * The linker is split by concern: link_ctx.c (this context, entities, evidence, positions
 * in the text), link_places.c (gazetteer places), link_units.c (unit names, trimming, unit
 * mentions, "the unit a sentence is about"), link_facts.c (dates, honours, statistics,
 * foundings, renames) and link.c (the entry points of link.h and the order of the steps).
 * Every pointer returned as char * is the caller's to free.
 */
#ifndef PK_LINK_CTX_H
#define PK_LINK_CTX_H

#include "gazetteer.h"
#include "link.h"

#include <stddef.h>

#define GROW(arr, n, cap)                                                        \
	((n) < (cap) ? 0 : pk_link_grow_array((void **)&(arr), &(cap), sizeof(*(arr))))

/* The word lists the linker consults, looked up by name once per article. */
enum {
	L_PLACE_STOP_FORMS, L_UNIT_SUFFIXES, L_BUREAU_SUFFIXES, L_STANDALONE_SUFFIXES,
	L_NEEDS_LOCAL, L_DISTRICT_SUFFIXES, L_GENERIC_LOCALS, L_NATIONAL_UNITS, L_DEPARTMENTS,
	L_LOCAL_STOP_WORDS, L_LOCAL_STOP_END_CHARS, L_LOCAL_STOP_CHARS, L_RESULT_WORDS,
	L_NOT_RESULT_WORDS, L_HONOR_SCOPE_PREFIXES, L_INDIVIDUAL_HONOR_SUFFIXES,
	L_DEPARTMENT_SYNONYMS, L_HONOR_PLURAL_BEFORE, L_HONOR_PLURAL_AFTER, L_COUNT
};

typedef struct {
	PkDoc *doc;
	const PkRuleSet *rs;
	const PkGazetteer *gaz;
	const PkMentionList *ml;
	size_t (*excl)[2];      /* excluded byte ranges */
	size_t n_excl;
	int *ment_ent;          /* entity of each mention, -1 */
	int main_bureau;        /* the article's most mentioned bureau, -1 */
	int main_city_bureau;   /* … whose anchor is a city, -1 */
	int main_county_bureau;
	int main_branch;        /* the one 分局 the article names under a bureau, -1 */
	int *named_places;      /* gazetteer places the article names (full names, city short
	                           names), computed once: short-name checks ask often */
	size_t n_named_places;
	size_t *unambiguous;    /* indexes into named_places of names with one meaning */
	size_t n_unambiguous;
	int named_ready;
	size_t *sections;       /* where numbered sections (一、… / 1.…) start, computed once */
	size_t n_sections;
	int sections_ready;
	const PkWordList *list[L_COUNT];   /* NULL: not declared by the rules */
} Ctx;

/* ---- link_ctx.c: helpers, the context, entities and evidence ---- */

/* Doubles *cap (16 at first) and reallocates *arr to it; -1 when out of memory. */
int pk_link_grow_array(void **arr, size_t *cap, size_t elem);
char *pk_link_dupn(const char *s, size_t n);
char *pk_link_concat(const char *a, const char *b);
int pk_link_ends_with(const char *s, const char *suffix);

/* Fills c for one article; the word lists are looked up in rs. */
void pk_link_ctx_init(Ctx *c, PkDoc *doc, const PkRuleSet *rs, const PkMentionList *ml);
/* Index of the first mention starting at or after off. */
size_t pk_link_first_mention_at(const PkMentionList *ml, size_t off);
/* Where the numbered section (a line opening with 一、 or 1.) that off is in starts, or 0. */
size_t pk_link_section_start(Ctx *c, size_t off);
/* Is off in an excluded range (boilerplate, a related-news tail)? */
int pk_link_excluded(const Ctx *c, size_t off);
/* Neither dropped by an overlap nor in an excluded range. */
int pk_link_alive(const Ctx *c, const PkMention *m);
int pk_link_sentence_of(const PkDoc *d, size_t off);
/* The byte before off's character (0 at the start). */
size_t pk_link_prev_char(const char *t, size_t off);
/* Byte range [*s, *e) of the clause around off: between clause punctuation. */
void pk_link_clause_of(const PkDoc *d, size_t off, size_t *s, size_t *e);

/* Adds evidence for [s, e) found by r; returns its index, -1 when out of memory. */
int pk_link_add_evidence(Ctx *c, size_t s, size_t e, const PkRule *r, const char *note);
void pk_link_ent_add_ev(PkEntity *e, int ev);
void pk_link_ent_add_alt(PkEntity *e, const char *s, size_t n);
int pk_link_find_entity(const PkDoc *d, PkEntKind kind, const char *label);
/* The entity with this label, created if new; takes ownership of label. */
int pk_link_get_entity(Ctx *c, PkEntKind kind, char *label, const char *iri_name);

/* ---- link_places.c ---- */

int pk_link_place_entity(Ctx *c, int g);
void pk_link_place_ancestors(Ctx *c, int e);
int pk_link_gaz_within(const PkGazetteer *g, int a, int b);
int pk_link_place_at(Ctx *c, const char *s, size_t avail, size_t *len, int *is_short);
size_t pk_link_place_form_at(const Ctx *c, const char *s, size_t avail);
/* Does s start with a road word (路, 大街, 街 but not 街道…)? Then a place name right before
 * it names a road (天津路派出所, 在上海路一带), not the place. 2 for a direction and a road
 * (南京东路, 西藏中路: never a place then), 1 for a road word, else 0. */
int pk_link_road_after(const char *s, size_t n);
int pk_link_is_area_alias(const PkMention *m);
int pk_link_is_declared(const PkMention *m);
int pk_link_is_declared_use(const PkMention *m);
void pk_link_places(Ctx *c);
void pk_link_locate_units_by_local_name(Ctx *c);

/* ---- link_units.c ---- */

size_t pk_link_trim_unit(Ctx *c, size_t s, size_t e);
size_t pk_link_trim_alias(Ctx *c, size_t s, size_t e, int *g);
size_t pk_link_chain_break(Ctx *c, size_t s, size_t e, size_t *rest);
void pk_link_units(Ctx *c);
/* The unit entity a fact at off is credited to (or -1); see link_units.c. */
int pk_link_unit_about(Ctx *c, size_t off, int same_sentence_only);
int pk_link_unit_right_after(Ctx *c, size_t off);
int pk_link_unit_after_clause(Ctx *c, size_t off);
int pk_link_unit_in_span(Ctx *c, PkSpan sp);
/* The same, with anaphora (该局) read only when anaphora is 1. */
int pk_link_unit_named_in_span(Ctx *c, PkSpan sp, int anaphora);

/* ---- link_facts.c ---- */

void pk_link_dates(Ctx *c);
void pk_link_foundings(Ctx *c);
void pk_link_renames(Ctx *c);
/* 位于峪泉镇的…看守所, …派出所地处汇川区: the unit sits in the place the text names (when
 * that is more specific than what its name says). */
void pk_link_locations(Ctx *c);
void pk_link_honors(Ctx *c);
void pk_link_merge_honor_variants(Ctx *c);
void pk_link_stats(Ctx *c);

#endif
