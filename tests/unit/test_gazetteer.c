/* test_gazetteer.c — a small hand-written gazetteer: full and short names, parent links,
 * countries, the longest form, malformed lines; and a lookup rule over it. */
#undef NDEBUG
#include "gazetteer.h"
#include "matcher.h"
#include "rules.h"

#include <assert.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];
static char made[32][128];
static size_t n_made;

static const char *write_file(const char *name, const char *text)
{
	assert(n_made < 32);
	char *p = made[n_made++];
	snprintf(p, sizeof made[0], "%s/%s", dir, name);
	FILE *f = fopen(p, "wb");
	assert(f);
	assert(fputs(text, f) >= 0);
	assert(fclose(f) == 0);
	return p;
}

static void cleanup(void)
{
	while (n_made)
		unlink(made[--n_made]);
	rmdir(dir);
}

/* Runs f(arg) with stderr silenced: expected diagnostics are not test output. */
static PkStatus quiet_load(PkGazetteer *g, const char *path)
{
	fflush(stderr);
	int saved = dup(2), null = open("/dev/null", O_WRONLY);
	assert(saved >= 0 && null >= 0);
	dup2(null, 2);
	close(null);
	PkStatus st = pk_gazetteer_load(g, path);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	return st;
}

static const char places_tsv[] =
	"# code\tname\tlevel\tparent\tshort\n"
	"35\t福建省\tprovince\t\t福建,闽\n"
	"3505\t泉州市\tcity\t35\t泉州\n"
	"350582\t晋江市\tcounty\t3505\t晋江\n"
	"350582101\t陈埭镇\ttown\t350582\t陈埭\r\n"   /* CRLF is fine */
	"\n"
	"3506\t漳州市\tcity\t35\t\n";                   /* empty short forms */

static const char countries_txt[] =
	"# countries\n"
	"越南\n"
	"阿拉伯联合酋长国\n"
	"\n";

static size_t find(const PkGazetteer *g, const char *s, const PkPlaceHit **hits)
{
	return pk_gazetteer_find(g, s, strlen(s), hits);
}

/* The one place named s, checking whether s was a short form. */
static const PkPlace *find_one(const PkGazetteer *g, const char *s, int is_short, int *id)
{
	const PkPlaceHit *hits;
	assert(find(g, s, &hits) == 1);
	assert(hits[0].is_short == is_short);
	if (id)
		*id = hits[0].place;
	const PkPlace *p = pk_gazetteer_place(g, hits[0].place);
	assert(p);
	return p;
}

static void test_levels(void)
{
	assert(pk_place_level_lookup("province", 8) == PK_LEVEL_PROVINCE);
	assert(pk_place_level_lookup("town", 4) == PK_LEVEL_TOWN);
	assert(pk_place_level_lookup("country", 7) == PK_LEVEL_COUNTRY);
	assert(pk_place_level_lookup("planet", 6) == -1);
	assert(pk_place_level_lookup("town", 3) == -1);
	assert(!strcmp(pk_place_level_name(PK_LEVEL_COUNTY), "county"));
}

static void test_find(void)
{
	const char *tsv = write_file("places.tsv", places_tsv);
	const char *countries = write_file("countries.txt", countries_txt);
	PkGazetteer *g = pk_gazetteer_new();
	assert(g);
	/* Empty: nothing found. */
	const PkPlaceHit *hits = (const PkPlaceHit *)1;
	assert(find(g, "福建省", &hits) == 0 && hits == NULL);
	assert(pk_gazetteer_max_len(g) == 0 && pk_gazetteer_size(g) == 0);

	assert(pk_gazetteer_load(g, tsv) == PK_OK);
	assert(pk_gazetteer_load(g, countries) == PK_OK);
	assert(pk_gazetteer_size(g) == 7);

	int prov, city, county, town, vn;
	const PkPlace *p = find_one(g, "福建省", 0, &prov);
	assert(!strcmp(p->name, "福建省") && !strcmp(p->code, "35"));
	assert(p->level == PK_LEVEL_PROVINCE && p->parent == -1);
	assert(find_one(g, "福建", 1, NULL) == p);
	assert(find_one(g, "闽", 1, NULL) == p);

	p = find_one(g, "泉州市", 0, &city);
	assert(p->level == PK_LEVEL_CITY && p->parent == prov);
	assert(find_one(g, "泉州", 1, NULL) == p);

	p = find_one(g, "晋江市", 0, &county);
	assert(p->level == PK_LEVEL_COUNTY && p->parent == city);
	assert(!strcmp(p->code, "350582"));
	assert(find_one(g, "晋江", 1, NULL) == p);

	p = find_one(g, "陈埭镇", 0, &town);
	assert(p->level == PK_LEVEL_TOWN && p->parent == county);
	assert(find_one(g, "陈埭", 1, NULL) == p);

	p = find_one(g, "漳州市", 0, NULL);
	assert(p->parent == prov);

	p = find_one(g, "越南", 0, &vn);
	assert(p->level == PK_LEVEL_COUNTRY && p->parent == -1 && !strcmp(p->code, ""));
	find_one(g, "阿拉伯联合酋长国", 0, NULL);

	/* Longest surface form in bytes: 8 Han characters. */
	assert(pk_gazetteer_max_len(g) == strlen("阿拉伯联合酋长国"));

	/* Unknown names, prefixes and longer strings are not found. */
	hits = (const PkPlaceHit *)1;
	assert(find(g, "厦门市", &hits) == 0 && hits == NULL);
	assert(find(g, "晋", &hits) == 0);
	assert(find(g, "晋江市公安局", &hits) == 0);
	assert(find(g, "", &hits) == 0);
	assert(find(g, "阿拉伯联合酋长国家", &hits) == 0);   /* longer than max_len */
	assert(pk_gazetteer_find(g, "晋江市", 6, &hits) == 1 && hits[0].is_short);   /* 晋江 */
	assert(pk_gazetteer_place(g, -1) == NULL && pk_gazetteer_place(g, 7) == NULL);

	/* A second county with the same short form: both hits. */
	const char *more = write_file("more.tsv", "350583\t晋江县\tcounty\t3505\t晋江\n");
	assert(pk_gazetteer_load(g, more) == PK_OK);
	assert(find(g, "晋江", &hits) == 2);
	assert(hits[0].is_short && hits[1].is_short && hits[0].place != hits[1].place);
	pk_gazetteer_free(g);
}

static void test_malformed(void)
{
	static const char *const bad[] = {
		"35\t福建省\n",                       /* too few fields */
		"35\t福建省\tprovince\n",             /* no parent column */
		"35\t福建省\tplanet\t\t福建\n",       /* unknown level */
		"\t福建省\tprovince\t\t\n",           /* empty code */
		"35\t\tprovince\t\t\n",               /* empty name */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char buf[256];
		snprintf(buf, sizeof buf, "3505\t泉州市\tcity\t\t泉州\n%s", bad[i]);
		const char *path = write_file("bad.tsv", buf);
		PkGazetteer *g = pk_gazetteer_new();
		assert(quiet_load(g, path) == PK_ERR_RULES);
		pk_gazetteer_free(g);
		unlink(path);
		n_made--;
	}
	PkGazetteer *g = pk_gazetteer_new();
	assert(quiet_load(g, "/nonexistent/places.tsv") == PK_ERR_IO);
	pk_gazetteer_free(g);
}

/* A lookup rule over the gazetteer: levels and short forms filter the hits. */
static void test_lookup_rule(void)
{
	write_file("places.tsv", places_tsv);
	write_file("countries.txt", countries_txt);
	write_file("g.rules",
		"gazetteer places.tsv\n"
		"gazetteer countries.txt\n"
		"rule place.div\n"
		"  type place\n"
		"  lookup places levels=county,town short\n"
		"end\n"
		"rule place.full\n"
		"  type place\n"
		"  lookup places levels=city,county\n"
		"end\n");
	PkRuleSet *rs = NULL;
	assert(pk_ruleset_load(&rs, dir) == PK_OK);
	assert(rs->gazetteer && pk_gazetteer_size(rs->gazetteer) == 7);
	const PkRule *div = &rs->rules[0], *full = &rs->rules[1];
	assert(div->lookup_short && !full->lookup_short);
	assert(div->lookup_levels == (1u << PK_LEVEL_COUNTY | 1u << PK_LEVEL_TOWN));

	const char *text = "晋江警方在陈埭镇,泉州市晋江市。越南";
	PkMatcher *m = pk_matcher_new(rs);
	PkMentionList ml = {0};
	assert(pk_matcher_run_rule(m, div, text, strlen(text), "t", &ml) == PK_OK);
	/* 晋江 (short), 陈埭镇 (full, longest), 晋江市; not 泉州 (a city), not 越南. */
	assert(ml.n == 3);
	const PkGazetteer *g = rs->gazetteer;
	assert(ml.items[0].start == 0 && ml.items[0].end == strlen("晋江"));
	assert(ml.items[0].is_short == 1);
	assert(!strcmp(pk_gazetteer_place(g, ml.items[0].place)->name, "晋江市"));
	assert(ml.items[1].start == strlen("晋江警方在") && !ml.items[1].is_short);
	assert(!strcmp(pk_gazetteer_place(g, ml.items[1].place)->name, "陈埭镇"));
	assert(!strcmp(pk_gazetteer_place(g, ml.items[2].place)->name, "晋江市"));
	assert(!ml.items[2].is_short);
	pk_mentions_free(&ml);

	assert(pk_matcher_run_rule(m, full, text, strlen(text), "t", &ml) == PK_OK);
	assert(ml.n == 2);   /* 泉州市, 晋江市: short forms not wanted */
	assert(!strcmp(pk_gazetteer_place(g, ml.items[0].place)->name, "泉州市"));
	assert(!strcmp(pk_gazetteer_place(g, ml.items[1].place)->name, "晋江市"));
	pk_mentions_free(&ml);
	pk_matcher_free(m);
	pk_ruleset_free(rs);
}

int main(void)
{
	snprintf(dir, sizeof dir, "/tmp/pk_test_gaz_XXXXXX");
	assert(mkdtemp(dir));
	test_levels();
	test_find();
	test_malformed();
	test_lookup_rule();
	cleanup();
	return 0;
}
