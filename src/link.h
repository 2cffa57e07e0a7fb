/* link.h — turns resolved mentions of one article into entities and facts.
 *
 * One entity per real thing per article: unit names are parsed into place prefix +
 * chain of unit segments (厦门市|公安局|思明分局|莲前派出所), short names join a fuller
 * one (莲前派出所 → …莲前派出所) or are qualified by the article's main bureau, X公安 /
 * X警方 resolve to the X-level bureau, 该所/该局 to the nearest unit of that kind.
 * Places are resolved in the gazetteer (ambiguous short names by the article's other
 * places). Honours become awards for the unit they are about; numbers become statistics
 * credited to the unit their sentence is about. Every entity and fact keeps the mentions
 * that support it (provenance).
 */
#ifndef PK_LINK_H
#define PK_LINK_H

#include "dates.h"
#include "matcher.h"
#include "rules.h"

#include <stddef.h>

typedef enum { PK_ENT_UNIT, PK_ENT_PLACE, PK_ENT_HONOR } PkEntKind;

/* A span of the normalised text that supports something, with the rule that found it. */
typedef struct {
	size_t start, end;         /* bytes in the normalised text */
	const PkRule *rule;
	int sentence;
	const char *note;          /* a linking/normalisation decision, for `explain` */
} PkEvidence;

typedef struct {
	PkEntKind kind;
	char *label;               /* canonical name (simplified Chinese) */
	char *iri_name;            /* what the IRI is minted from */
	char **alts;               /* other surface forms */
	size_t n_alts;
	int parent;                /* unit: partOf entity; place: containing place entity */
	int located;               /* unit: locatedIn place entity, -1 */
	int gaz;                   /* place: gazetteer index, -1 */
	int is_bureau;             /* unit whose chain is places + 公安局/厅/分局 */
	int anchor_gaz;            /* unit: gazetteer place its name starts from, -1 */
	int n_mentions;
	PkDate founded;
	int founded_ev;            /* evidence index of the founding, -1 */
	int *ev;                   /* evidence indexes */
	size_t n_ev;
	int dead;                  /* merged into another entity */
	int untyped;               /* a place known only from the gazetteer (an ancestor) */
	int label_seen;            /* the label itself was written in the text */
} PkEntity;

typedef struct {
	int unit, honor;
	PkDate date;
	char *by;
	int ev;
} PkAward;

typedef struct {
	int unit;
	char value[64];            /* plain decimal */
	char *uom;
	char *measure;
	char *approx;              /* 余, 多, 近, 逾, 约 or NULL */
	PkDate period, period_end; /* period_end.year != 0: an interval */
	int ev;
} PkStat;

typedef struct {
	PkDate date;
	int ev;
} PkDateFact;

typedef struct {
	const char *label;         /* the input's name */
	const char *text;          /* normalised text */
	size_t len;
	size_t *sent_start;        /* sentence boundaries (bytes); n_sent + 1 entries */
	size_t n_sent;
	PkDate pub;
	int pub_ev;
	size_t pub_at;             /* where the dateline giving pub starts */
	PkDate seed_pub;           /* given with the article (JSON Lines "date"), used
	                              when the text has no dateline */
	PkEntity *ents;
	size_t n_ents, cap_ents;
	PkAward *awards;
	size_t n_awards, cap_awards;
	PkStat *stats;
	size_t n_stats, cap_stats;
	PkDateFact *dates;
	size_t n_dates, cap_dates;
	PkEvidence *ev;
	size_t n_ev, cap_ev;
	char *article_hash;        /* 16 hex digits over the original bytes */
} PkDoc;

/* Links the resolved mentions of text into doc (zeroed by the caller). Returns PK_OK or
 * PK_ERR_NOMEM. */
PkStatus pk_link(PkDoc *doc, const PkRuleSet *rs, const char *label, const char *text,
                 size_t len, const PkMentionList *ml, const char *article_hash);

/* Trims unit and alias matches to the names in them (记者从台州市公安局 → 台州市公安局;
 * 也是厦门公安 → 厦门公安) and drops matches with no name, before overlaps are resolved:
 * patterns match generously to the left, the gazetteer and word lists decide. */
PkStatus pk_link_trim(const PkRuleSet *rs, const char *text, size_t len, PkMentionList *ml);

void pk_doc_free(PkDoc *doc);   /* NULL is fine */

#endif
