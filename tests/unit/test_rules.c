/* test_rules.c — the rule-file loader and the matcher on small hand-written rule sets:
 * macro and list expansion, packs overriding rules, every load error, word-list lookups,
 * overlap resolution; and the real rules/ directory loads. */
#undef NDEBUG
#include "gazetteer.h"
#include "log.h"
#include "matcher.h"
#include "rules.h"

#include <assert.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Temporary files, removed in reverse order of creation. */
static char made[256][512];
static size_t n_made;

static const char *tmp_dir(void)
{
	assert(n_made < 256);
	char *d = made[n_made];
	snprintf(d, sizeof made[0], "/tmp/pk_test_rules_XXXXXX");
	assert(mkdtemp(d));
	n_made++;
	return d;
}

static const char *sub_dir(const char *dir, const char *name)
{
	assert(n_made < 256);
	char *d = made[n_made];
	snprintf(d, sizeof made[0], "%s/%s", dir, name);
	assert(mkdir(d, 0700) == 0);
	n_made++;
	return d;
}

static void write_file(const char *dir, const char *name, const char *text)
{
	assert(n_made < 256);
	char *p = made[n_made];
	snprintf(p, sizeof made[0], "%s/%s", dir, name);
	FILE *f = fopen(p, "wb");
	assert(f);
	assert(fputs(text, f) >= 0);
	assert(fclose(f) == 0);
	n_made++;
}

static void cleanup(void)
{
	while (n_made) {
		const char *p = made[--n_made];
		struct stat st;
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
			rmdir(p);
		else
			unlink(p);
	}
}

/* Loads dir with stderr silenced (expected diagnostics are not test output). */
static PkStatus load_quiet(PkRuleSet **out, const char *dir)
{
	fflush(stderr);
	int saved = dup(2);
	int null = open("/dev/null", O_WRONLY);
	assert(saved >= 0 && null >= 0);
	dup2(null, 2);
	close(null);
	PkStatus st = pk_ruleset_load(out, dir);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	return st;
}

/* A rule directory holding one file with text; returns the load status. */
static PkStatus load_one(const char *text, PkRuleSet **out)
{
	const char *dir = tmp_dir();
	write_file(dir, "a.rules", text);
	return load_quiet(out, dir);
}

static const PkRule *find_rule(const PkRuleSet *rs, const char *id, int disabled)
{
	for (size_t i = 0; i < rs->n_rules; i++)
		if (!strcmp(rs->rules[i].id, id) && rs->rules[i].disabled == disabled)
			return &rs->rules[i];
	return NULL;
}

static int span_is(const char *text, PkSpan sp, const char *want)
{
	return sp.set && sp.end - sp.start == strlen(want) &&
	       !memcmp(text + sp.start, want, sp.end - sp.start);
}

static void run_rule(const PkRuleSet *rs, const PkRule *r, const char *text, PkMentionList *ml)
{
	PkMatcher *m = pk_matcher_new(rs);
	assert(m);
	memset(ml, 0, sizeof *ml);
	assert(pk_matcher_run_rule(m, r, text, strlen(text), "test", ml) == PK_OK);
	pk_matcher_free(m);
}

static void test_macro(void)
{
	PkRuleSet *rs = NULL;
	assert(load_one(
		"# macros may be used before they are defined\n"
		"rule stat.cases\n"
		"  type stat\n"
		"  priority 3\n"
		"  pattern 破获(?<measure>案件)(?<value>{NUMX})(?<uom>起)\n"
		"  example 今年破获案件12起 => value=12 uom=起\n"
		"  counter 破获案件若干起\n"
		"end\n"
		"define D [0-9]+\n"
		"define NUMX {D}(?:\\.{D})?\n", &rs) == PK_OK);
	assert(rs && rs->n_rules == 1 && !rs->gazetteer);
	const PkRule *r = &rs->rules[0];
	assert(!strcmp(r->id, "stat.cases") && r->type == PK_TYPE_STAT && r->priority == 3);
	assert(r->line == 2 && strstr(r->file, "a.rules"));
	assert(r->pattern && !strchr(r->pattern, '{') && strstr(r->pattern, "[0-9]+"));
	assert(r->code && !r->lookup && !r->disabled);
	assert(r->n_examples == 2);
	assert(r->examples[0].must_match && !strcmp(r->examples[0].text, "今年破获案件12起"));
	assert(!strcmp(r->examples[0].expect[PK_ROLE_VALUE], "12"));
	assert(!strcmp(r->examples[0].expect[PK_ROLE_UOM], "起"));
	assert(!r->examples[0].expect[PK_ROLE_MEASURE]);
	assert(!r->examples[1].must_match && !strcmp(r->examples[1].text, "破获案件若干起"));

	const char *text = "今年以来破获案件3419起,又破获案件2.5起";
	PkMentionList ml;
	run_rule(rs, r, text, &ml);
	assert(ml.n == 2);
	PkMention *a = &ml.items[0], *b = &ml.items[1];
	assert(a->rule == r && a->place == -1 && a->dropped_by == -1);
	assert(a->start == strlen("今年以来") && a->end == strlen("今年以来破获案件3419起"));
	assert(span_is(text, a->role[PK_ROLE_VALUE], "3419"));
	assert(span_is(text, a->role[PK_ROLE_MEASURE], "案件"));
	assert(span_is(text, a->role[PK_ROLE_UOM], "起"));
	assert(!a->role[PK_ROLE_NAME].set && !a->role[PK_ROLE_SCALE].set);
	assert(span_is(text, b->role[PK_ROLE_VALUE], "2.5"));
	pk_mentions_free(&ml);
	pk_ruleset_free(rs);
}

static void test_list_longest_first(void)
{
	PkRuleSet *rs = NULL;
	assert(load_one(
		"list words = 公安 公安局 公\n"
		"list more = a.b x\n"
		"rule unit.words\n"
		"  type unit\n"
		"  pattern (?<name>{@words})\n"
		"end\n"
		"rule unit.quoted\n"
		"  type unit\n"
		"  pattern (?<name>{@more})\n"
		"end\n", &rs) == PK_OK);
	const PkWordList *l = pk_ruleset_list(rs, "words");
	assert(l && l->n_words == 3);
	assert(pk_ruleset_in_list(rs, "words", "公安局", strlen("公安局")));
	assert(!pk_ruleset_in_list(rs, "words", "公安局长", strlen("公安局长")));
	assert(!pk_ruleset_in_list(rs, "nope", "公安", strlen("公安")));
	assert(!pk_ruleset_list(rs, "nope"));

	const char *text = "福州市公安局";
	PkMentionList ml;
	run_rule(rs, &rs->rules[0], text, &ml);
	assert(ml.n == 1);
	assert(span_is(text, ml.items[0].role[PK_ROLE_NAME], "公安局"));
	pk_mentions_free(&ml);

	/* Words are quoted: the '.' in "a.b" is literal. */
	run_rule(rs, &rs->rules[1], "axb a.b", &ml);
	assert(ml.n == 2);   /* x, then a.b */
	assert(ml.items[0].start == 1 && ml.items[0].end == 2);
	assert(ml.items[1].start == 4 && ml.items[1].end == 7);
	pk_mentions_free(&ml);
	pk_ruleset_free(rs);
}

/* A list file with no words loads (an empty list used to memcpy from NULL). */
static void test_empty_list(void)
{
	const char *dir = tmp_dir();
	write_file(dir, "empty.txt", "# no words yet\n\n");
	write_file(dir, "a.rules",
		"list none empty.txt\n"
		"rule unit.none\n"
		"  type unit\n"
		"  pattern (?<name>公安{@none}局)\n"
		"end\n");
	PkRuleSet *rs = NULL;
	assert(load_quiet(&rs, dir) == PK_OK);
	const PkWordList *l = pk_ruleset_list(rs, "none");
	assert(l && l->n_words == 0);
	assert(!pk_ruleset_in_list(rs, "none", "公安", strlen("公安")));
	pk_ruleset_free(rs);
}

/* A list read from a file, and a lookup rule over it. */
static void test_lookup_list(void)
{
	const char *dir = tmp_dir();
	sub_dir(dir, "lists");
	write_file(dir, "lists/depts.txt", "# departments\n刑侦\n禁毒\n\n刑侦大队\n");
	write_file(dir, "a.rules",
		"list depts lists/depts.txt\n"
		"rule unit.dept\n"
		"  type unit\n"
		"  lookup depts\n"
		"end\n");
	PkRuleSet *rs = NULL;
	assert(load_quiet(&rs, dir) == PK_OK);
	const PkWordList *l = pk_ruleset_list(rs, "depts");
	assert(l && l->n_words == 3);
	const PkRule *r = &rs->rules[0];
	assert(r->lookup && !strcmp(r->lookup, "depts") && !r->pattern);

	const char *text = "市局刑侦大队和禁毒支队";
	PkMentionList ml;
	run_rule(rs, r, text, &ml);
	assert(ml.n == 2);
	assert(span_is(text, ml.items[0].role[PK_ROLE_NAME], "刑侦大队"));   /* longest */
	assert(ml.items[0].start == strlen("市局"));
	assert(span_is(text, ml.items[1].role[PK_ROLE_NAME], "禁毒"));
	assert(ml.items[1].place == -1);
	pk_mentions_free(&ml);
	pk_ruleset_free(rs);

	/* except=LIST: forms in that list are never matched; a shorter one still can be. */
	write_file(dir, "b.rules",
		"list not_depts = 刑侦大队\n"
		"rule unit.dept2\n"
		"  type unit\n"
		"  lookup depts except=not_depts\n"
		"end\n");
	assert(load_quiet(&rs, dir) == PK_OK);
	const PkRule *r2 = find_rule(rs, "unit.dept2", 0);
	assert(r2 && r2->lookup_except && !strcmp(r2->lookup_except, "not_depts"));
	run_rule(rs, r2, text, &ml);
	assert(ml.n == 2);
	assert(span_is(text, ml.items[0].role[PK_ROLE_NAME], "刑侦"));
	assert(span_is(text, ml.items[1].role[PK_ROLE_NAME], "禁毒"));
	pk_mentions_free(&ml);
	pk_ruleset_free(rs);
}

/* Subdirectories are packs loaded after their parent: the same id overrides. */
static void test_pack_override(void)
{
	const char *dir = tmp_dir();
	write_file(dir, "a.rules",
		"define D [0-9]+\n"
		"list kinds = 派出所\n"
		"rule unit.x\n"
		"  type unit\n"
		"  priority 1\n"
		"  pattern (?<name>{@kinds})\n"
		"end\n"
		"rule unit.y\n"
		"  type unit\n"
		"  pattern (?<name>大队)\n"
		"end\n");
	const char *pack = sub_dir(dir, "zz-pack");
	write_file(pack, "b.rules",
		"list kinds = 警务室\n"              /* extends the list */
		"rule unit.x\n"
		"  type unit\n"
		"  priority 2\n"
		"  pattern (?<name>{D}{@kinds})\n"  /* a parent's macro */
		"end\n");
	PkRuleSet *rs = NULL;
	assert(load_quiet(&rs, dir) == PK_OK);
	assert(rs->n_rules == 3);
	const PkRule *old = find_rule(rs, "unit.x", 1), *cur = find_rule(rs, "unit.x", 0);
	assert(old && cur && old != cur);
	assert(old->priority == 1 && cur->priority == 2);
	assert(strstr(cur->file, "zz-pack/b.rules"));
	assert(find_rule(rs, "unit.y", 0));
	assert(pk_ruleset_list(rs, "kinds")->n_words == 2);

	/* pk_matcher_run skips the disabled rule. */
	const char *text = "3派出所";
	PkMatcher *m = pk_matcher_new(rs);
	PkMentionList ml = {0};
	assert(pk_matcher_run(m, text, strlen(text), "test", &ml) == PK_OK);
	assert(ml.n == 1 && ml.items[0].rule == cur);
	assert(span_is(text, ml.items[0].role[PK_ROLE_NAME], "3派出所"));
	pk_mentions_free(&ml);
	pk_matcher_free(m);
	pk_ruleset_free(rs);
}

static void expect_error(const char *text)
{
	PkRuleSet *rs = (PkRuleSet *)1;
	unsigned before = pk_log_error_count();
	assert(load_one(text, &rs) == PK_ERR_RULES);
	assert(rs == NULL);
	assert(pk_log_error_count() > before);   /* and it said why */
}

static void test_errors(void)
{
	/* Bad pattern. */
	expect_error("rule u\n type unit\n pattern (?<name>公安\n end\n");
	/* Unknown macro. */
	expect_error("rule u\n type unit\n pattern (?<name>{NOPE})\nend\n");
	/* Macro cycles, direct and indirect. */
	expect_error("define A x{A}\nrule u\n type unit\n pattern (?<name>{A})\nend\n");
	expect_error("define A x{B}\ndefine B y{A}\nrule u\n type unit\n pattern (?<name>{A})\nend\n");
	/* Duplicate id in one file. */
	expect_error("rule u\n type unit\n pattern (?<name>a)\nend\n"
	             "rule u\n type unit\n pattern (?<name>b)\nend\n");
	/* A group name that is no role, and a role of another type. */
	expect_error("rule u\n type unit\n pattern (?<foo>a)\nend\n");
	expect_error("rule u\n type unit\n pattern (?<value>\\d+)\nend\n");
	expect_error("rule d\n type date\n pattern (?<name>a)\nend\n");
	/* Roles in set and example lines are checked too. */
	expect_error("rule u\n type unit\n pattern (?<name>a)\n set value=1\nend\n");
	expect_error("rule u\n type unit\n pattern (?<name>a)\n example a => value=a\nend\n");
	/* Unknown list, unknown type, missing type, missing pattern, unclosed rule. */
	expect_error("rule u\n type unit\n pattern (?<name>{@nope})\nend\n");
	expect_error("rule u\n type unitt\n pattern (?<name>a)\nend\n");
	expect_error("rule u\n pattern (?<name>a)\nend\n");
	expect_error("rule u\n type unit\nend\n");
	expect_error("rule u\n type unit\n pattern (?<name>a)\n");
	/* Unknown directive and keyword, bad priority. */
	expect_error("defin A a\n");
	expect_error("rule u\n type unit\n pattern (?<name>a)\n prio 1\nend\n");
	expect_error("rule u\n type unit\n priority high\n pattern (?<name>a)\nend\n");
	/* Lookups: unknown list, places without a gazetteer, bad level. */
	expect_error("rule p\n type place\n lookup nope\nend\n");
	expect_error("rule p\n type place\n lookup places\nend\n");
	expect_error("rule p\n type place\n lookup places levels=planet\nend\n");
	expect_error("list a = 甲乙\nrule p\n type unit\n lookup a except=nope\nend\n");
	expect_error("list a = 甲乙\nrule p\n type unit\n lookup a sideways\nend\n");
	/* Invalid UTF-8 in a rule file. */
	expect_error("rule u\n type unit\n pattern (?<name>\xC0\x80)\nend\n");

	/* A missing directory fails without a rule set. */
	PkRuleSet *rs = (PkRuleSet *)1;
	assert(load_quiet(&rs, "/nonexistent/pk_rules_dir") != PK_OK);
	assert(rs == NULL);
}

/* Builds a mention by hand. */
static PkMention mention(const PkRule *r, size_t start, size_t end)
{
	PkMention m;
	memset(&m, 0, sizeof m);
	m.rule = r;
	m.start = start;
	m.end = end;
	m.place = -1;
	m.dropped_by = -1;
	return m;
}

static PkRule fake_rule(const char *id, PkRuleType type, int priority)
{
	PkRule r;
	memset(&r, 0, sizeof r);
	r.id = (char *)id;
	r.type = type;
	r.priority = priority;
	return r;
}

static void set_list(PkMentionList *ml, const PkMention *items, size_t n)
{
	ml->items = malloc(n * sizeof *items);
	assert(ml->items);
	memcpy(ml->items, items, n * sizeof *items);
	ml->n = ml->cap = n;
}

static void test_resolve(void)
{
	PkRule hi = fake_rule("unit.hi", PK_TYPE_UNIT, 10);
	PkRule lo = fake_rule("unit.lo", PK_TYPE_UNIT, 5);
	PkRule lo2 = fake_rule("place.lo", PK_TYPE_PLACE, 5);
	PkRule date = fake_rule("date.x", PK_TYPE_DATE, 0);
	PkRule stat = fake_rule("stat.x", PK_TYPE_STAT, 0);
	PkMentionList ml;

	/* Higher priority wins even when shorter; input order does not matter. */
	PkMention m1[] = {mention(&lo, 3, 15), mention(&hi, 0, 9)};
	set_list(&ml, m1, 2);
	pk_mentions_resolve(&ml);
	assert(ml.items[0].rule == &hi && ml.items[0].dropped_by == -1);   /* sorted by start */
	assert(ml.items[1].rule == &lo && ml.items[1].dropped_by == 0);
	pk_mentions_free(&ml);

	/* Same priority: the longer wins, across types of the same layer. */
	PkMention m2[] = {mention(&lo, 0, 6), mention(&lo2, 3, 15)};
	set_list(&ml, m2, 2);
	pk_mentions_resolve(&ml);
	assert(ml.items[0].rule == &lo && ml.items[0].dropped_by == 1);
	assert(ml.items[1].rule == &lo2 && ml.items[1].dropped_by == -1);
	pk_mentions_free(&ml);

	/* Same priority and length: the earlier wins. */
	PkMention m3[] = {mention(&lo, 3, 9), mention(&lo2, 0, 6)};
	set_list(&ml, m3, 2);
	pk_mentions_resolve(&ml);
	assert(ml.items[0].start == 0 && ml.items[0].dropped_by == -1);
	assert(ml.items[1].start == 3 && ml.items[1].dropped_by == 0);
	pk_mentions_free(&ml);

	/* Different layers never compete: a date inside a unit name, a number inside both. */
	PkMention m4[] = {mention(&lo, 0, 15), mention(&date, 3, 12), mention(&stat, 6, 9)};
	set_list(&ml, m4, 3);
	pk_mentions_resolve(&ml);
	for (size_t i = 0; i < 3; i++)
		assert(ml.items[i].dropped_by == -1);
	pk_mentions_free(&ml);

	/* Touching spans do not overlap. */
	PkMention m5[] = {mention(&lo, 3, 6), mention(&hi, 0, 3), mention(&lo2, 6, 9)};
	set_list(&ml, m5, 3);
	pk_mentions_resolve(&ml);
	for (size_t i = 0; i < 3; i++)
		assert(ml.items[i].dropped_by == -1);
	assert(ml.items[0].start == 0 && ml.items[1].start == 3 && ml.items[2].start == 6);
	pk_mentions_free(&ml);

	/* A dropped mention drops nothing: lo would beat low, but hi dropped lo first. */
	PkRule low = fake_rule("place.low", PK_TYPE_PLACE, 1);
	PkMention m6[] = {mention(&hi, 0, 6), mention(&lo, 3, 12), mention(&low, 9, 15)};
	set_list(&ml, m6, 3);
	pk_mentions_resolve(&ml);
	assert(ml.items[0].dropped_by == -1);
	assert(ml.items[1].dropped_by == 0);
	assert(ml.items[2].dropped_by == -1);
	pk_mentions_free(&ml);

	/* Nested: the containing mention of equal priority wins. */
	PkMention m7[] = {mention(&lo, 3, 6), mention(&lo2, 0, 12)};
	set_list(&ml, m7, 2);
	pk_mentions_resolve(&ml);
	assert(ml.items[0].start == 0 && ml.items[0].dropped_by == -1);
	assert(ml.items[1].start == 3 && ml.items[1].dropped_by == 0);
	pk_mentions_free(&ml);

	/* An empty list. */
	memset(&ml, 0, sizeof ml);
	pk_mentions_resolve(&ml);
	assert(ml.n == 0);
	pk_mentions_free(&ml);
}

static void test_real_rules(void)
{
	const char *dir = getenv("PK_RULES_DIR");   /* set by ctest */
	if (!dir || !*dir)
		dir = PK_DEFAULT_RULES_DIR;
	PkRuleSet *rs = NULL;
	PkStatus st = pk_ruleset_load(&rs, dir);
	assert(st == PK_OK && rs);
	assert(rs->n_rules > 10);
	assert(rs->gazetteer && pk_gazetteer_size(rs->gazetteer) > 1000);
	assert(rs->n_files > 0 && rs->dir);
	size_t enabled = 0;
	for (size_t i = 0; i < rs->n_rules; i++) {
		const PkRule *r = &rs->rules[i];
		assert(r->id && r->type < PK_TYPE_COUNT && r->file && r->line > 0);
		if (r->disabled)
			continue;
		enabled++;
		assert(r->lookup || (r->pattern && r->code));
	}
	assert(enabled > 10);
	/* A matcher can be made and run over a short article. */
	const char *text = "2024年7月19日,厦门市公安局召开新闻发布会。";
	PkMatcher *m = pk_matcher_new(rs);
	assert(m);
	PkMentionList ml = {0};
	assert(pk_matcher_run(m, text, strlen(text), "test", &ml) == PK_OK);
	assert(ml.n > 0);
	pk_mentions_resolve(&ml);
	for (size_t i = 0; i < ml.n; i++)
		assert(ml.items[i].start < ml.items[i].end && ml.items[i].end <= strlen(text));
	pk_mentions_free(&ml);
	pk_matcher_free(m);
	pk_ruleset_free(rs);
}

int main(void)
{
	test_macro();
	test_list_longest_first();
	test_lookup_list();
	test_empty_list();
	test_pack_override();
	test_errors();
	test_resolve();
	test_real_rules();
	cleanup();
	return 0;
}
