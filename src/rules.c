/* rules.c — parse rule files: directives, macros, word lists, rules with examples.
 *
 * Format (rules/README.md has the full description):
 *   include PATH                 another file or a directory of *.rules
 *   define NAME PATTERN          a macro, used as {NAME} in patterns
 *   list NAME FILE | list NAME = w1 w2 …   a word list, used as {@NAME}
 *   gazetteer FILE               places.tsv divisions or a country list
 *   rule ID … end                a rule block (type, priority, pattern|lookup, set,
 *                                example, counter)
 * Macros and lists are expanded once everything is read, so order does not matter.
 */
#include "rules.h"

#include "buf.h"
#include "gazetteer.h"
#include "iri.h"
#include "log.h"
#include "matcher.h"
#include "pk_limits.h"
#include "utf8.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *type_names[PK_TYPE_COUNT] = {
	"unit", "place", "honor", "date", "stat", "founding", "rename", "alias", "anaphor",
	"boilerplate", "cut", "dateline", "location"
};

static const char *role_names[PK_ROLE_COUNT] = {
	"name", "recipient", "by", "date", "year", "month", "day", "year2", "month2", "day2",
	"rel", "value", "scale", "approx", "uom", "measure", "unit", "old", "new", "kind"
};

#define R(x) (1u << PK_ROLE_##x)
static const unsigned type_roles[PK_TYPE_COUNT] = {
	[PK_TYPE_UNIT] = R(NAME),
	[PK_TYPE_PLACE] = R(NAME),
	[PK_TYPE_HONOR] = R(NAME) | R(RECIPIENT) | R(BY) | R(DATE),
	[PK_TYPE_DATE] = R(YEAR) | R(MONTH) | R(DAY) | R(YEAR2) | R(MONTH2) | R(DAY2) | R(REL),
	[PK_TYPE_STAT] = R(VALUE) | R(SCALE) | R(APPROX) | R(UOM) | R(MEASURE) | R(UNIT) | R(KIND),
	[PK_TYPE_FOUNDING] = R(DATE) | R(UNIT),
	[PK_TYPE_RENAME] = R(OLD) | R(NEW),
	[PK_TYPE_ALIAS] = R(NAME) | R(KIND),
	[PK_TYPE_ANAPHOR] = R(KIND),
	[PK_TYPE_BOILERPLATE] = 0,
	[PK_TYPE_CUT] = 0,
	[PK_TYPE_DATELINE] = R(YEAR) | R(MONTH) | R(DAY),
	[PK_TYPE_LOCATION] = R(UNIT) | R(NAME),
};
#undef R

const char *
pk_rule_type_name(PkRuleType t)
{
	return t < PK_TYPE_COUNT ? type_names[t] : "?";
}

const char *
pk_role_name(PkRole r)
{
	return r < PK_ROLE_COUNT ? role_names[r] : "?";
}

static int
lookup_name(const char *const *names, int n, const char *s, size_t len)
{
	for (int i = 0; i < n; i++)
		if (strlen(names[i]) == len && !memcmp(names[i], s, len))
			return i;
	return -1;
}

int
pk_rule_type_lookup(const char *name, size_t len)
{
	return lookup_name(type_names, PK_TYPE_COUNT, name, len);
}

int
pk_role_lookup(const char *name, size_t len)
{
	return lookup_name(role_names, PK_ROLE_COUNT, name, len);
}

int
pk_role_allowed(PkRuleType t, PkRole r)
{
	/* t is PK_TYPE_COUNT while a rule's type is unknown (already reported) */
	return t < PK_TYPE_COUNT && r < PK_ROLE_COUNT && ((type_roles[t] >> r) & 1u);
}

/* A macro: name and body, with the location of its body for diagnostics. */
typedef struct {
	char *name;
	char *body;
	const char *file;
	unsigned line, col;
	int expanding;      /* cycle detection */
} Macro;

/* Where a rule's pattern text came from. */
typedef struct {
	char *src;
	unsigned line, col;
} PatternSrc;

typedef struct {
	PkRuleSet *rs;
	Macro *macros;
	size_t n_macros;
	PatternSrc *psrc;    /* parallel to rs->rules */
	unsigned depth;
	int failed;
	/* The files and directories being loaded, outermost first: an include of one of
	 * them is a cycle, reported at once (else `include .` twice in one file costs
	 * 2^PK_MAX_INCLUDE_DEPTH parses before the depth limit stops it). */
	struct { dev_t dev; ino_t ino; } active[PK_MAX_INCLUDE_DEPTH + 1];
} Parser;

static char *
xstrndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static void
error_at(Parser *p, const char *file, unsigned line, unsigned col, const char *src,
         size_t src_len, const char *fmt, const char *a, const char *b)
{
	PkLoc loc = {file, line, col, src, src_len};
	char msg[1024];
	snprintf(msg, sizeof msg, fmt, a ? a : "", b ? b : "");
	pk_log(PK_LOG_ERROR, &loc, "%s", msg);
	p->failed = 1;
}

static const char *
keep_file(Parser *p, const char *path)
{
	PkRuleSet *rs = p->rs;
	for (size_t i = 0; i < rs->n_files; i++)
		if (!strcmp(rs->files[i], path))
			return rs->files[i];
	char **f = realloc(rs->files, (rs->n_files + 1) * sizeof(char *));
	if (!f)
		return NULL;
	rs->files = f;
	rs->files[rs->n_files] = strdup(path);
	return rs->files[rs->n_files++];
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* The next blank-separated word of *s: returns its start (NULL at the end) and sets *len;
 * *s moves past it. Rule lines are split into words in several places. */
static char *
next_word(char **s, size_t *len)
{
	char *p = *s;
	while (is_space(*p))
		p++;
	if (!*p) {
		*s = p;
		return NULL;
	}
	char *w = p;
	while (*p && !is_space(*p))
		p++;
	*len = (size_t)(p - w);
	*s = p;
	return w;
}

/* Column (1-based, in code points) of pointer q within line. */
static unsigned
col_of(const char *line, const char *q)
{
	return (unsigned)pk_utf8_count(line, (size_t)(q - line)) + 1;
}

static int load_path(Parser *p, const char *path, const char *from_file, unsigned from_line);

static char *
resolve_path(const char *base_file, const char *rel)
{
	if (rel[0] == '/')
		return strdup(rel);
	const char *slash = strrchr(base_file, '/');
	size_t dlen = slash ? (size_t)(slash - base_file) : 1;
	const char *dir = slash ? base_file : ".";
	char *out = malloc(dlen + strlen(rel) + 2);
	if (out)
		sprintf(out, "%.*s/%s", (int)dlen, dir, rel);
	return out;
}

static int
add_list(Parser *p, const char *name, size_t name_len, char **words, size_t n)
{
	PkRuleSet *rs = p->rs;
	for (size_t i = 0; i < rs->n_lists; i++) {
		if (strlen(rs->lists[i].name) == name_len && !memcmp(rs->lists[i].name, name, name_len)) {
			/* A later pack may extend a list: append. */
			PkWordList *l = &rs->lists[i];
			if (!n) {
				/* nothing to add; realloc(p, 0) would free p and return NULL */
				free(words);
				return 0;
			}
			char **w = realloc(l->words, (l->n_words + n) * sizeof(char *));
			if (!w)
				return -1;
			l->words = w;
			memcpy(l->words + l->n_words, words, n * sizeof(char *));
			l->n_words += n;
			free(words);
			return 0;
		}
	}
	PkWordList *l = realloc(rs->lists, (rs->n_lists + 1) * sizeof(PkWordList));
	if (!l)
		return -1;
	rs->lists = l;
	rs->lists[rs->n_lists++] = (PkWordList){.name = xstrndup(name, name_len), .words = words, .n_words = n};
	return 0;
}

/* Reads a word-list file: one entry per line, '#' starts a comment line. */
static int
read_word_file(Parser *p, const char *path, char ***out, size_t *n_out, const char *file,
               unsigned line, unsigned col, const char *src, size_t src_len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		error_at(p, file, line, col, src, src_len, "cannot open word list %s: %s", path,
		         strerror(errno));
		return -1;
	}
	char **words = NULL;
	size_t n = 0;
	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	while ((len = getline(&buf, &cap, f)) >= 0) {
		while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r' || is_space(buf[len - 1])))
			buf[--len] = '\0';
		char *s = buf;
		while (is_space(*s))
			s++;
		if (!*s || *s == '#')
			continue;
		char **w = realloc(words, (n + 1) * sizeof(char *));
		if (!w)
			break;
		words = w;
		words[n++] = strdup(s);
	}
	free(buf);
	fclose(f);
	*out = words;
	*n_out = n;
	return 0;
}

static PkRule *
new_rule(Parser *p)
{
	PkRuleSet *rs = p->rs;
	if (rs->n_rules >= PK_MAX_RULES)
		return NULL;
	PkRule *r = realloc(rs->rules, (rs->n_rules + 1) * sizeof(PkRule));
	PatternSrc *ps = realloc(p->psrc, (rs->n_rules + 1) * sizeof(PatternSrc));
	if (r)
		rs->rules = r;
	if (ps)
		p->psrc = ps;
	if (!r || !ps)
		return NULL;
	memset(&rs->rules[rs->n_rules], 0, sizeof(PkRule));
	memset(&p->psrc[rs->n_rules], 0, sizeof(PatternSrc));
	return &rs->rules[rs->n_rules++];
}

/* Parses "role=value role=value" after "=>" of an example line. */
static int
parse_expect(Parser *p, PkRule *r, PkExample *ex, char *s, const char *file, unsigned line,
             const char *src, size_t src_len)
{
	char *tok;
	size_t tlen;
	while ((tok = next_word(&s, &tlen))) {
		char *eq = memchr(tok, '=', tlen);
		int role = eq ? pk_role_lookup(tok, (size_t)(eq - tok)) : -1;
		if (!eq || role < 0) {
			char *t = xstrndup(tok, eq ? (size_t)(eq - tok) : tlen);
			error_at(p, file, line, col_of(src, tok), src, src_len,
			         eq ? "unknown role '%s' in example" : "expected role=value in example, got '%s'",
			         t, NULL);
			free(t);
			return -1;
		}
		if (!pk_role_allowed(r->type, (PkRole)role)) {
			char *t = xstrndup(tok, (size_t)(eq - tok));
			error_at(p, file, line, col_of(src, tok), src, src_len,
			         "role '%s' is not a role of type %s", t, pk_rule_type_name(r->type));
			free(t);
			return -1;
		}
		free(ex->expect[role]);
		ex->expect[role] = xstrndup(eq + 1, (size_t)(s - eq - 1));
	}
	return 0;
}

static int
parse_lookup(Parser *p, PkRule *r, char *arg, const char *file, unsigned line, const char *src,
             size_t src_len)
{
	char *s = arg;
	while (*s && !is_space(*s))
		s++;
	free(r->lookup);   /* a second lookup line replaces the first */
	r->lookup = xstrndup(arg, (size_t)(s - arg));
	char *tok;
	size_t tlen;
	while ((tok = next_word(&s, &tlen))) {
		if (tlen == 5 && !memcmp(tok, "short", 5)) {
			r->lookup_short = 1;
		} else if (tlen > 7 && !memcmp(tok, "except=", 7)) {
			free(r->lookup_except);
			r->lookup_except = xstrndup(tok + 7, tlen - 7);
		} else if (tlen > 7 && !memcmp(tok, "levels=", 7)) {
			char *q = tok + 7;
			while (q < s) {
				char *e = q;
				while (e < s && *e != ',')
					e++;
				int lv = pk_place_level_lookup(q, (size_t)(e - q));
				if (lv < 0) {
					char *t = xstrndup(q, (size_t)(e - q));
					error_at(p, file, line, col_of(src, q), src, src_len,
					         "unknown place level '%s'%s", t,
					         " (country, province, city, county, town)");
					free(t);
					return -1;
				}
				r->lookup_levels |= 1u << lv;
				q = e + (e < s);
			}
		} else {
			char *t = xstrndup(tok, tlen);
			error_at(p, file, line, col_of(src, tok), src, src_len,
			         "unknown lookup option '%s'%s", t, " (levels=…, short, except=LIST)");
			free(t);
			return -1;
		}
	}
	return 0;
}

/* Parses one rule file. */
static int
parse_file(Parser *p, const char *path)
{
	const char *file = keep_file(p, path);
	FILE *f = file ? fopen(path, "rb") : NULL;
	if (!f) {
		PkLoc loc = {path, 0, 0, NULL, 0};
		pk_log(PK_LOG_ERROR, &loc, "cannot open rule file: %s", strerror(errno));
		p->failed = 1;
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned lineno = 0;
	PkRule *cur = NULL;
	size_t cur_index = 0;
	size_t first_rule = p->rs->n_rules;
	while ((n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		size_t len = (size_t)n;
		if (len > PK_MAX_RULE_LINE) {
			char lim[24];
			snprintf(lim, sizeof lim, "%u", PK_MAX_RULE_LINE);
			error_at(p, file, lineno, 1, NULL, 0, "line longer than %s bytes%s", lim,
			         " (PK_MAX_RULE_LINE)");
			continue;
		}
		size_t bad = pk_utf8_validate(line, len);
		if (bad != len) {
			error_at(p, file, lineno, col_of(line, line + bad), NULL, 0,
			         "invalid UTF-8%s%s", "", "");
			continue;
		}
		char *s = line;
		while (is_space(*s))
			s++;
		if (!*s || *s == '#')
			continue;
		char *kw = s;
		while (*s && !is_space(*s))
			s++;
		size_t kwlen = (size_t)(s - kw);
		while (is_space(*s))
			s++;
		char *arg = s;
		/* Trailing blanks are not part of an argument. */
		char *end = line + len;
		while (end > arg && is_space(end[-1]))
			*--end = '\0';
		unsigned kcol = col_of(line, kw), acol = col_of(line, arg);
#define KW(w) (kwlen == sizeof(w) - 1 && !memcmp(kw, w, kwlen))
		if (cur) {
			if (KW("end")) {
				if (!cur->pattern && !cur->lookup)
					error_at(p, file, lineno, kcol, line, len,
					         "rule '%s' has no pattern or lookup%s", cur->id, "");
				cur = NULL;
			} else if (KW("type")) {
				int t = pk_rule_type_lookup(arg, strlen(arg));
				if (t < 0)
					error_at(p, file, lineno, acol, line, len, "unknown type '%s'%s", arg,
					         " (unit, place, honor, date, stat, founding, rename, alias, anaphor, boilerplate, cut, dateline)");
				else
					cur->type = (PkRuleType)t;
			} else if (KW("priority")) {
				char *e;
				long v = strtol(arg, &e, 10);
				if (!*arg || *e || v < -1000 || v > 1000)
					error_at(p, file, lineno, acol, line, len,
					         "priority must be an integer in -1000..1000, got '%s'%s", arg, "");
				else
					cur->priority = (int)v;
			} else if (KW("pattern")) {
				if (!*arg)
					error_at(p, file, lineno, kcol, line, len, "empty pattern%s%s", "", "");
				else if (p->psrc[cur_index].src)
					error_at(p, file, lineno, kcol, line, len,
					         "rule '%s' has a second pattern%s", cur->id, "");
				free(p->psrc[cur_index].src);   /* a second pattern (reported) replaces it */
				free(cur->pattern);
				p->psrc[cur_index].src = strdup(arg);
				p->psrc[cur_index].line = lineno;
				p->psrc[cur_index].col = acol;
				cur->pattern = strdup("");  /* expanded after all files are read */
			} else if (KW("trigger")) {
				/* literals near which the pattern can match: a prefilter */
				char *q = arg, *w;
				size_t wl;
				while ((w = next_word(&q, &wl))) {
					if (*w == '@') {
						free(cur->trigger_list);
						cur->trigger_list = xstrndup(w + 1, wl - 1);
						continue;
					}
					char **tw = realloc(cur->triggers, (cur->n_triggers + 1) * sizeof(char *));
					if (!tw)
						break;
					cur->triggers = tw;
					cur->triggers[cur->n_triggers++] = xstrndup(w, wl);
				}
			} else if (KW("window")) {
				/* how far from a trigger a match can start, in characters */
				char *q = arg, *e1 = NULL, *e2 = NULL;
				size_t l1 = 0, l2 = 0, l3;
				char *w1 = next_word(&q, &l1);
				char *w2 = w1 ? next_word(&q, &l2) : NULL;
				int extra = w2 && next_word(&q, &l3);
				long b = w2 ? strtol(w1, &e1, 10) : -1, a = w2 ? strtol(w2, &e2, 10) : -1;
				if (!w2 || extra || e1 != w1 + l1 || e2 != w2 + l2 || *w1 < '0' || *w1 > '9' ||
				    *w2 < '0' || *w2 > '9' || b > 1000 || a > 1000) {
					error_at(p, file, lineno, acol, line, len,
					         "window must be two character counts in 0..1000 (before, after), got '%s'%s",
					         arg, "");
				} else {
					cur->has_window = 1;
					cur->window_before = (unsigned)b;
					cur->window_after = (unsigned)a;
				}
			} else if (KW("lookup")) {
				parse_lookup(p, cur, arg, file, lineno, line, len);
			} else if (KW("set")) {
				char *eq = strchr(arg, '=');
				int role = eq ? pk_role_lookup(arg, (size_t)(eq - arg)) : -1;
				if (role < 0) {
					char *t = xstrndup(arg, eq ? (size_t)(eq - arg) : strlen(arg));
					error_at(p, file, lineno, acol, line, len, "unknown role '%s'%s", t, "");
					free(t);
				} else if (!pk_role_allowed(cur->type, (PkRole)role)) {
					char *t = xstrndup(arg, (size_t)(eq - arg));
					error_at(p, file, lineno, acol, line, len,
					         "role '%s' is not a role of type %s", t, pk_rule_type_name(cur->type));
					free(t);
				} else {
					free(cur->consts[role]);
					cur->consts[role] = strdup(eq + 1);
				}
			} else if (KW("triple")) {
				/* a whole-sentence example: the graph must hold S P O */
				PkExample *ex = realloc(cur->examples, (cur->n_examples + 1) * sizeof(PkExample));
				if (!ex)
					break;
				cur->examples = ex;
				PkExample *e = &ex[cur->n_examples++];
				memset(e, 0, sizeof *e);
				e->must_match = 2;
				e->line = lineno;
				char *arrow = strstr(arg, "=>");
				if (!arrow) {
					error_at(p, file, lineno, kcol, line, len,
					         "expected 'triple TEXT => SUBJECT PROPERTY OBJECT'%s%s", "", "");
					e->text = strdup("");
				} else {
					char *tend = arrow;
					while (tend > arg && is_space(tend[-1]))
						tend--;
					e->text = xstrndup(arg, (size_t)(tend - arg));
					char *t = arrow + 2;
					while (is_space(*t))
						t++;
					e->triple = strdup(t);
					int words = 0;
					for (char *q = t; *q;) {
						while (is_space(*q))
							q++;
						if (!*q)
							break;
						words++;
						while (*q && !is_space(*q))
							q++;
					}
					if (words != 3)
						error_at(p, file, lineno, col_of(line, t), line, len,
						         "expected three words after '=>': SUBJECT PROPERTY OBJECT%s%s", "", "");
				}
			} else if (KW("example") || KW("counter")) {
				PkExample *ex = realloc(cur->examples, (cur->n_examples + 1) * sizeof(PkExample));
				if (!ex)
					break;
				cur->examples = ex;
				PkExample *e = &ex[cur->n_examples++];
				memset(e, 0, sizeof *e);
				e->must_match = KW("example");
				e->line = lineno;
				char *arrow = e->must_match ? strstr(arg, "=>") : NULL;
				char *tend = arrow ? arrow : arg + strlen(arg);
				while (tend > arg && is_space(tend[-1]))
					tend--;
				e->text = xstrndup(arg, (size_t)(tend - arg));
				if (!*e->text)
					error_at(p, file, lineno, kcol, line, len, "empty %s text%s",
					         e->must_match ? "example" : "counter", "");
				if (arrow)
					parse_expect(p, cur, e, arrow + 2, file, lineno, line, len);
			} else {
				char *t = xstrndup(kw, kwlen);
				error_at(p, file, lineno, kcol, line, len,
				         "unknown keyword '%s' inside rule (type, priority, pattern, lookup, trigger, window, set, example, counter, triple, end)%s",
				         t, "");
				free(t);
			}
			continue;
		}
		if (KW("rule")) {
			if (!*arg) {
				error_at(p, file, lineno, kcol, line, len, "rule needs an id%s%s", "", "");
				continue;
			}
			for (char *q = arg; *q; q++) {
				if (is_space(*q)) {
					error_at(p, file, lineno, col_of(line, q), line, len,
					         "rule id '%s' contains a blank%s", arg, "");
					break;
				}
			}
			/* Duplicate ids in one file are mistakes; across files a later one overrides. */
			for (size_t i = 0; i < p->rs->n_rules; i++) {
				PkRule *o = &p->rs->rules[i];
				if (o->disabled || strcmp(o->id, arg))
					continue;
				if (i >= first_rule) {
					char where[64];
					snprintf(where, sizeof where, "%u", o->line);
					error_at(p, file, lineno, acol, line, len,
					         "duplicate rule id '%s' (first defined on line %s)", arg, where);
				} else {
					o->disabled = 1;
				}
			}
			cur = new_rule(p);
			if (!cur) {
				char lim[24];
				snprintf(lim, sizeof lim, "%u", PK_MAX_RULES);
				error_at(p, file, lineno, kcol, line, len, "too many rules (limit %s%s)", lim,
				         ", PK_MAX_RULES");
				break;
			}
			cur_index = p->rs->n_rules - 1;
			cur->id = strdup(arg);
			cur->file = file;
			cur->line = lineno;
			cur->type = PK_TYPE_COUNT;   /* must be set */
		} else if (KW("define")) {
			char *name = arg;
			char *q = arg;
			while (*q && !is_space(*q))
				q++;
			size_t nlen = (size_t)(q - name);
			while (is_space(*q))
				q++;
			int ok = nlen > 0 && *q;
			for (size_t i = 0; ok && i < nlen; i++) {
				char c = name[i];
				ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
				     (i && c >= '0' && c <= '9');
			}
			if (!ok) {
				error_at(p, file, lineno, acol, line, len,
				         "expected 'define NAME PATTERN' with NAME made of letters, digits, _%s%s", "", "");
				continue;
			}
			Macro *m = NULL;
			for (size_t i = 0; i < p->n_macros; i++)
				if (strlen(p->macros[i].name) == nlen && !memcmp(p->macros[i].name, name, nlen))
					m = &p->macros[i];
			if (!m) {
				Macro *mm = realloc(p->macros, (p->n_macros + 1) * sizeof(Macro));
				if (!mm)
					break;
				p->macros = mm;
				m = &p->macros[p->n_macros++];
				memset(m, 0, sizeof *m);
				m->name = xstrndup(name, nlen);
			} else {
				free(m->body);   /* a later pack redefines it */
			}
			m->body = strdup(q);
			m->file = file;
			m->line = lineno;
			m->col = col_of(line, q);
		} else if (KW("list")) {
			char *q = arg;
			while (*q && !is_space(*q))
				q++;
			size_t nlen = (size_t)(q - arg);
			while (is_space(*q))
				q++;
			if (!nlen || !*q) {
				error_at(p, file, lineno, acol, line, len,
				         "expected 'list NAME FILE' or 'list NAME = word word …'%s%s", "", "");
				continue;
			}
			char **words = NULL;
			size_t nw = 0;
			if (*q == '=' && (is_space(q[1]) || !q[1])) {
				q++;
				char *w;
				size_t wl;
				while ((w = next_word(&q, &wl))) {
					char **ww = realloc(words, (nw + 1) * sizeof(char *));
					if (!ww)
						break;
					words = ww;
					words[nw++] = xstrndup(w, wl);
				}
			} else {
				char *lp = resolve_path(file, q);
				if (!lp || read_word_file(p, lp, &words, &nw, file, lineno, col_of(line, q), line, len)) {
					free(lp);
					continue;
				}
				free(lp);
			}
			add_list(p, arg, nlen, words, nw);
		} else if (KW("gazetteer")) {
			char *gp = resolve_path(file, arg);
			if (!p->rs->gazetteer)
				p->rs->gazetteer = pk_gazetteer_new();
			if (!gp || !p->rs->gazetteer || pk_gazetteer_load(p->rs->gazetteer, gp) != PK_OK)
				error_at(p, file, lineno, acol, line, len, "cannot load gazetteer '%s'%s", arg, "");
			free(gp);
		} else if (KW("include")) {
			char *ip = resolve_path(file, arg);
			if (ip)
				load_path(p, ip, file, lineno);
			free(ip);
		} else {
			char *t = xstrndup(kw, kwlen);
			error_at(p, file, lineno, kcol, line, len,
			         "unknown directive '%s' (rule, define, list, gazetteer, include)%s", t, "");
			free(t);
		}
#undef KW
	}
	if (cur)
		error_at(p, file, cur->line, 1, NULL, 0, "rule '%s' is not closed with 'end'%s", cur->id, "");
	free(line);
	fclose(f);
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A directory: its *.rules files in name order, then its subdirectories (packs). */
static int
load_dir(Parser *p, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		PkLoc loc = {dir, 0, 0, NULL, 0};
		pk_log(PK_LOG_ERROR, &loc, "cannot open rules directory: %s", strerror(errno));
		p->failed = 1;
		return -1;
	}
	char **files = NULL, **dirs = NULL;
	size_t nf = 0, nd = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		size_t len = strlen(e->d_name);
		char *full = malloc(strlen(dir) + len + 2);
		if (!full)
			break;
		sprintf(full, "%s/%s", dir, e->d_name);
		struct stat st;
		if (stat(full, &st) == 0 && S_ISDIR(st.st_mode) && strcmp(e->d_name, "lists")) {
			char **x = realloc(dirs, (nd + 1) * sizeof(char *));
			if (x) {
				dirs = x;
				dirs[nd++] = full;
				continue;
			}
		} else if (len > 6 && !strcmp(e->d_name + len - 6, ".rules")) {
			char **x = realloc(files, (nf + 1) * sizeof(char *));
			if (x) {
				files = x;
				files[nf++] = full;
				continue;
			}
		}
		free(full);
	}
	closedir(d);
	if (nf)   /* qsort(NULL, 0, …) is undefined (UBSan aborts) */
		qsort(files, nf, sizeof(char *), cmp_str);
	if (nd)
		qsort(dirs, nd, sizeof(char *), cmp_str);
	for (size_t i = 0; i < nf; i++) {
		parse_file(p, files[i]);
		free(files[i]);
	}
	for (size_t i = 0; i < nd; i++) {
		load_path(p, dirs[i], NULL, 0);
		free(dirs[i]);
	}
	free(files);
	free(dirs);
	return 0;
}

static int
load_path(Parser *p, const char *path, const char *from_file, unsigned from_line)
{
	if (++p->depth > PK_MAX_INCLUDE_DEPTH) {
		PkLoc loc = {from_file, from_line, 1, NULL, 0};
		pk_log(PK_LOG_ERROR, &loc, "includes nested deeper than %u (a cycle?)", PK_MAX_INCLUDE_DEPTH);
		p->failed = 1;
		p->depth--;
		return -1;
	}
	struct stat st;
	int r;
	if (stat(path, &st) != 0) {
		PkLoc loc = {from_file ? from_file : path, from_line, from_file ? 1 : 0, NULL, 0};
		pk_log(PK_LOG_ERROR, &loc, "cannot open %s: %s", path, strerror(errno));
		p->failed = 1;
		r = -1;
	} else {
		unsigned i = 0;
		while (i + 1 < p->depth && (p->active[i].dev != st.st_dev || p->active[i].ino != st.st_ino))
			i++;
		if (i + 1 < p->depth) {
			PkLoc loc = {from_file ? from_file : path, from_line, from_file ? 1 : 0, NULL, 0};
			pk_log(PK_LOG_ERROR, &loc, "include cycle: %s is already being loaded", path);
			p->failed = 1;
			r = -1;
		} else {
			p->active[p->depth - 1].dev = st.st_dev;
			p->active[p->depth - 1].ino = st.st_ino;
			r = S_ISDIR(st.st_mode) ? load_dir(p, path) : parse_file(p, path);
		}
	}
	p->depth--;
	return r;
}

/* Appends s quoted for PCRE2 (metacharacters escaped). */
static int
quote_meta(PkBuf *b, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\^$.|?*+()[]{}/", *s) && pk_buf_append(b, "\\", 1))
			return -1;
		if (pk_buf_append(b, s, 1))
			return -1;
	}
	return 0;
}

static int
cmp_len_desc(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	size_t lx = strlen(x), ly = strlen(y);
	if (lx != ly)
		return lx < ly ? 1 : -1;
	return strcmp(x, y);
}

/* A lookahead for the first characters of a list's words, put before their alternation:
 * where the pattern backtracks into a list (a unit suffix after up to 20 characters), one
 * class test rejects a position instead of one test per word. Only for lists whose words
 * all start with a Han character or CJK symbol (no case: (?i) cannot make the class and
 * the words disagree); nothing is added otherwise. */
static void
first_char_guard(PkBuf *b, const PkWordList *l)
{
	if (!l->n_words)
		return;
	int32_t cps[64];
	size_t n = 0;
	for (size_t i = 0; i < l->n_words; i++) {
		size_t k;
		int32_t cp = pk_utf8_decode(l->words[i], strlen(l->words[i]), &k);
		if (!((cp >= 0x3000 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF)))
			return;
		size_t j = 0;
		while (j < n && cps[j] != cp)
			j++;
		if (j == n) {
			if (n == 64)
				return;
			cps[n++] = cp;
		}
	}
	pk_buf_puts(b, "(?=[");
	for (size_t j = 0; j < n; j++) {
		char hex[16];
		snprintf(hex, sizeof hex, "\\x{%X}", (unsigned)cps[j]);
		pk_buf_puts(b, hex);
	}
	pk_buf_puts(b, "])");
}

/* Is s exactly one character class ([…], no \Q…\E, no POSIX [:…:] inside)? Such a macro
 * body needs no (?:…) around it, and a repeat of a bare class ({HAN}{2,8}) is one loop in
 * PCRE2 instead of a repeated group. */
static int
is_one_class(const char *s)
{
	if (s[0] != '[')
		return 0;
	size_t i = 1;
	if (s[i] == '^')
		i++;
	if (s[i] == ']')
		i++;   /* a leading ] is a literal */
	for (; s[i]; i++) {
		if (s[i] == '\\') {
			if (!s[i + 1] || s[i + 1] == 'Q' || s[i + 1] == 'E')
				return 0;
			i++;
		} else if (s[i] == '[') {
			return 0;   /* [:alpha:] and the like: keep the group */
		} else if (s[i] == ']') {
			return s[i + 1] == '\0';
		}
	}
	return 0;
}

/* Expansion context: maps each expanded byte back to a source column for diagnostics. */
typedef struct {
	Parser *p;
	PkBuf out;
	unsigned *cols;       /* source column of each output byte */
	size_t cols_cap;
	const char *file;
	unsigned line;
	const char *src_line;
	unsigned depth;
} Expand;

static int
emit(Expand *x, const char *s, size_t len, unsigned col)
{
	if (pk_buf_append(&x->out, s, len))
		return -1;
	if (x->out.len > x->cols_cap) {
		size_t cap = x->cols_cap ? x->cols_cap * 2 : 256;
		while (cap < x->out.len)
			cap *= 2;
		unsigned *c = realloc(x->cols, cap * sizeof(unsigned));
		if (!c)
			return -1;
		x->cols = c;
		x->cols_cap = cap;
	}
	for (size_t i = x->out.len - len; i < x->out.len; i++)
		x->cols[i] = col;
	return 0;
}

/* Expands {NAME} and {@list} in s. top: s is the rule's own pattern (columns count), else
 * every byte gets ref_col (the column of the outermost reference). */
static int
expand(Expand *x, const char *s, int top, unsigned ref_col)
{
	const char *base = s;
	while (*s) {
		unsigned col = top ? ref_col + (unsigned)pk_utf8_count(base, (size_t)(s - base)) : ref_col;
		if (s[0] == '\\' && s[1]) {
			size_t n;
			pk_utf8_decode(s + 1, strlen(s + 1), &n);
			if (emit(x, s, 1 + n, col))
				return -1;
			s += 1 + n;
			continue;
		}
		if (s[0] == '{' && (s[1] == '@' || (s[1] >= 'A' && s[1] <= 'Z') ||
		                    (s[1] >= 'a' && s[1] <= 'z') || s[1] == '_')) {
			const char *e = s + 1 + (s[1] == '@');
			while ((*e >= 'A' && *e <= 'Z') || (*e >= 'a' && *e <= 'z') || *e == '_' ||
			       (*e >= '0' && *e <= '9') || *e == '-')
				e++;
			if (*e == '}') {
				const char *name = s + 1 + (s[1] == '@');
				size_t nlen = (size_t)(e - name);
				if (s[1] == '@') {
					const PkWordList *l = NULL;
					for (size_t i = 0; i < x->p->rs->n_lists; i++)
						if (strlen(x->p->rs->lists[i].name) == nlen &&
						    !memcmp(x->p->rs->lists[i].name, name, nlen))
							l = &x->p->rs->lists[i];
					if (!l) {
						char *t = xstrndup(name, nlen);
						error_at(x->p, x->file, x->line, col, x->src_line, x->src_line ? strlen(x->src_line) : 0,
						         "unknown list '@%s'%s", t, "");
						free(t);
						return -1;
					}
					/* Longest first, so a longer word is not shadowed by its prefix. */
					char **sorted = malloc((l->n_words + 1) * sizeof(char *));
					if (!sorted)
						return -1;
					if (l->n_words)   /* words is NULL for an empty list */
						memcpy(sorted, l->words, l->n_words * sizeof(char *));
					qsort(sorted, l->n_words, sizeof(char *), cmp_len_desc);
					PkBuf tmp = PK_BUF_INIT;
					first_char_guard(&tmp, l);
					/* an empty list matches nothing (not the empty string) */
					pk_buf_puts(&tmp, l->n_words ? "(?:" : "(?!)");
					for (size_t i = 0; i < l->n_words; i++) {
						if (i)
							pk_buf_puts(&tmp, "|");
						quote_meta(&tmp, sorted[i]);
					}
					if (l->n_words)
						pk_buf_puts(&tmp, ")");
					free(sorted);
					int r = tmp.data ? emit(x, tmp.data, tmp.len, col) : -1;
					pk_buf_free(&tmp);
					if (r)
						return -1;
				} else {
					Macro *m = NULL;
					for (size_t i = 0; i < x->p->n_macros; i++)
						if (strlen(x->p->macros[i].name) == nlen &&
						    !memcmp(x->p->macros[i].name, name, nlen))
							m = &x->p->macros[i];
					if (!m) {
						char *t = xstrndup(name, nlen);
						error_at(x->p, x->file, x->line, col, x->src_line, x->src_line ? strlen(x->src_line) : 0,
						         "unknown macro '{%s}'%s", t, "");
						free(t);
						return -1;
					}
					if (m->expanding || x->depth >= PK_MAX_MACRO_DEPTH) {
						char lim[24];
						snprintf(lim, sizeof lim, "%u", PK_MAX_MACRO_DEPTH);
						error_at(x->p, x->file, x->line, col, x->src_line, x->src_line ? strlen(x->src_line) : 0,
						         m->expanding ? "macro cycle: '{%s}' refers to itself%s"
						                      : "macro '{%s}' nested deeper than %s (PK_MAX_MACRO_DEPTH)",
						         m->name, m->expanding ? "" : lim);
						return -1;
					}
					m->expanding = 1;
					x->depth++;
					int bare = is_one_class(m->body);
					int r = (!bare && emit(x, "(?:", 3, col)) || expand(x, m->body, 0, col) ||
					        (!bare && emit(x, ")", 1, col));
					x->depth--;
					m->expanding = 0;
					if (r)
						return -1;
				}
				s = e + 1;
				continue;
			}
		}
		size_t n;
		pk_utf8_decode(s, strlen(s), &n);
		if (emit(x, s, n, col))
			return -1;
		s += n;
	}
	return 0;
}

/* Re-reads line `line` of file for the caret display. */
static char *
source_line(const char *file, unsigned line)
{
	FILE *f = fopen(file, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned l = 0;
	char *out = NULL;
	while ((n = getline(&buf, &cap, f)) >= 0) {
		if (++l == line) {
			while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
				buf[--n] = '\0';
			out = buf;
			buf = NULL;
			break;
		}
	}
	free(buf);
	fclose(f);
	return out;
}

static void
finish_rules(Parser *p)
{
	PkRuleSet *rs = p->rs;
	for (size_t i = 0; i < rs->n_rules; i++) {
		PkRule *r = &rs->rules[i];
		PatternSrc *ps = &p->psrc[i];
		if (r->type == PK_TYPE_COUNT) {
			error_at(p, r->file, r->line, 1, NULL, 0, "rule '%s' has no type%s", r->id, "");
			continue;
		}
		if (r->lookup) {
			if (strcmp(r->lookup, "places") && !pk_ruleset_list(rs, r->lookup))
				error_at(p, r->file, r->line, 1, NULL, 0,
				         "rule '%s' looks up unknown list '%s'", r->id, r->lookup);
			if (r->lookup_except && !pk_ruleset_list(rs, r->lookup_except))
				error_at(p, r->file, r->line, 1, NULL, 0,
				         "rule '%s' excepts unknown list '%s'", r->id, r->lookup_except);
			if (!strcmp(r->lookup, "places") && !rs->gazetteer)
				error_at(p, r->file, r->line, 1, NULL, 0,
				         "rule '%s' looks up places but no gazetteer is declared%s", r->id, "");
			continue;
		}
		if (r->trigger_list) {
			const PkWordList *l = pk_ruleset_list(rs, r->trigger_list);
			if (!l) {
				error_at(p, r->file, r->line, 1, NULL, 0, "rule '%s' triggers on unknown list '@%s'",
				         r->id, r->trigger_list);
			} else {
				char **tw = realloc(r->triggers, (r->n_triggers + l->n_words) * sizeof(char *));
				if (tw) {
					r->triggers = tw;
					for (size_t k = 0; k < l->n_words; k++)
						r->triggers[r->n_triggers++] = strdup(l->words[k]);
				}
			}
		}
		if (!ps->src)
			continue;
		char *src_line = source_line(r->file, ps->line);
		Expand x = {p, PK_BUF_INIT, NULL, 0, r->file, ps->line, src_line, 0};
		if (expand(&x, ps->src, 1, ps->col) == 0 && x.out.data) {
			free(r->pattern);
			r->pattern = x.out.data;
			x.out.data = NULL;
			size_t off = 0;
			char msg[256];
			if (strlen(r->pattern) > PK_MAX_PATTERN_BYTES) {
				char lim[24];
				snprintf(lim, sizeof lim, "%u", PK_MAX_PATTERN_BYTES);
				error_at(p, r->file, ps->line, ps->col, src_line, src_line ? strlen(src_line) : 0,
				         "pattern of rule '%s' is longer than %s bytes after expansion (PK_MAX_PATTERN_BYTES)",
				         r->id, lim);
			} else if (pk_rule_compile(r, &off, msg, sizeof msg) != PK_OK) {
				unsigned col = ps->col;
				if (x.cols && x.out.cap) {
					size_t plen = strlen(r->pattern);
					col = off < plen ? x.cols[off] : (plen ? x.cols[plen - 1] + 1 : ps->col);
				}
				error_at(p, r->file, ps->line, col, src_line, src_line ? strlen(src_line) : 0,
				         "%s%s", msg, "");
			} else {
				/* Every named group must be a role of the rule's type. */
				/* (checked by the matcher at compile time through pk_role_allowed) */
			}
		}
		pk_buf_free(&x.out);
		free(x.cols);
		free(src_line);
	}
}

/* pk_hash64 is FNV-1a 64: a prefix's hash extends to the next byte's. */
#define FNV_BASIS 0xcbf29ce484222325u
#define FNV_PRIME 0x100000001b3u

static void prefix_add(PkWordList *l, uint64_t h, int whole);

/* Chain bucket of the first key_len (at most 3) bytes at s. */
static size_t
key_bucket(const char *s, size_t key_len, size_t n_heads)
{
	uint32_t k = 0;
	for (size_t i = 0; i < key_len; i++)
		k = k << 8 | (unsigned char)s[i];
	return (size_t)((k * 2654435761u) >> 8) & (n_heads - 1);
}

static int
index_list(PkWordList *l)
{
	size_t n = 16;
	while (n < l->n_words * 2 + 1)
		n *= 2;
	free(l->slots);
	free(l->lens);
	free(l->heads);
	free(l->next);
	size_t n_bytes = 0;
	for (size_t i = 0; i < l->n_words; i++)
		n_bytes += strlen(l->words[i]);
	size_t np = 16;
	while (np < n_bytes * 2 + 1)
		np *= 2;
	free(l->prefixes);
	l->prefixes = calloc(np, sizeof(uint64_t));
	l->n_prefix_slots = np;
	l->slots = calloc(n, sizeof(unsigned));
	l->lens = malloc((l->n_words + 1) * sizeof(size_t));
	l->heads = malloc(n * sizeof(int));
	l->next = malloc((l->n_words + 1) * sizeof(int));
	if (!l->slots || !l->lens || !l->heads || !l->next || !l->prefixes)
		return -1;
	for (size_t i = 0; i < l->n_words; i++) {
		const unsigned char *w = (const unsigned char *)l->words[i];
		uint64_t h = FNV_BASIS;
		for (size_t b = 0; w[b]; b++) {
			h = (h ^ w[b]) * FNV_PRIME;
			prefix_add(l, h, !w[b + 1]);
		}
	}
	l->n_slots = n;
	l->max_len = 0;
	l->min_len = l->n_words ? SIZE_MAX : 0;
	for (size_t i = 0; i < l->n_words; i++) {
		size_t wl = strlen(l->words[i]);
		l->lens[i] = wl;
		if (wl > l->max_len)
			l->max_len = wl;
		if (wl < l->min_len)
			l->min_len = wl;
		size_t h = (size_t)pk_hash64(l->words[i], wl) & (n - 1);
		while (l->slots[h])
			h = (h + 1) & (n - 1);
		l->slots[h] = (unsigned)i + 1;
	}
	/* Chains for substring search, keyed by the bytes every word has (up to 3: one Han
	 * character). Each chain keeps list order. */
	l->n_heads = n;
	l->key_len = l->min_len < 3 ? l->min_len : 3;
	for (size_t i = 0; i < n; i++)
		l->heads[i] = -1;
	for (size_t i = l->n_words; i-- > 0;) {
		size_t b = key_bucket(l->words[i], l->key_len, n);
		l->next[i] = l->heads[b];
		l->heads[b] = (int)i;
	}
	return 0;
}

/* The prefix-set key of hash h: never 0, bit 0 free for "a whole word". */
static uint64_t
prefix_key(uint64_t h)
{
	return (h & ~(uint64_t)3) | 2;
}

/* 0: no word starts with the bytes of hash h; 1: some may; 3: a word may be exactly them. */
static int
prefix_find(const PkWordList *l, uint64_t h)
{
	uint64_t k = prefix_key(h);
	size_t mask = l->n_prefix_slots - 1;
	for (size_t j = (size_t)(k >> 2) & mask; l->prefixes[j]; j = (j + 1) & mask)
		if ((l->prefixes[j] & ~(uint64_t)1) == k)
			return l->prefixes[j] & 1 ? 3 : 1;
	return 0;
}

static void
prefix_add(PkWordList *l, uint64_t h, int whole)
{
	uint64_t k = prefix_key(h);
	size_t mask = l->n_prefix_slots - 1, j = (size_t)(k >> 2) & mask;
	while (l->prefixes[j] && (l->prefixes[j] & ~(uint64_t)1) != k)
		j = (j + 1) & mask;
	l->prefixes[j] |= k | (whole ? 1u : 0u);
}

/* pk_wordlist_has for a word whose pk_hash64 is h. */
static int
has_hashed(const PkWordList *l, const char *word, size_t len, uint64_t h)
{
	if (!l->n_slots || len > l->max_len)
		return 0;
	for (size_t i = (size_t)h & (l->n_slots - 1); l->slots[i]; i = (i + 1) & (l->n_slots - 1)) {
		size_t w = l->slots[i] - 1;
		if (l->lens[w] == len && !memcmp(l->words[w], word, len))
			return 1;
	}
	return 0;
}

size_t
pk_wordlist_longest_prefix(const PkWordList *l, const char *s, size_t avail)
{
	if (!l || !l->prefixes || !pk_wordlist_may_start(l, s, avail))
		return 0;   /* most positions: no word starts with the first character */
	const unsigned char *u = (const unsigned char *)s;
	uint64_t h = FNV_BASIS;   /* pk_hash64 of s[0..j), extended byte by byte */
	size_t best = 0;
	for (size_t j = 0; j < avail && j < l->max_len;) {
		size_t k;
		pk_utf8_decode(s + j, avail - j, &k);
		int f = 0;
		for (size_t b = j; b < j + k; b++) {
			h = (h ^ u[b]) * FNV_PRIME;
			if (!(f = prefix_find(l, h)))
				return best;   /* no word goes on: none is longer */
		}
		j += k;
		if (f == 3 && has_hashed(l, s, j, h))
			best = j;
	}
	return best;
}

int
pk_wordlist_has(const PkWordList *l, const char *word, size_t len)
{
	if (!l || !l->n_slots || len > l->max_len)
		return 0;
	size_t h = (size_t)pk_hash64(word, len) & (l->n_slots - 1);
	while (l->slots[h]) {
		size_t w = l->slots[h] - 1;
		if (l->lens[w] == len && !memcmp(l->words[w], word, len))
			return 1;
		h = (h + 1) & (l->n_slots - 1);
	}
	return 0;
}

int
pk_wordlist_may_start(const PkWordList *l, const char *s, size_t avail)
{
	if (!l || !l->n_words || !l->heads || avail < l->min_len)
		return 0;
	for (int w = l->heads[key_bucket(s, l->key_len, l->n_heads)]; w >= 0; w = l->next[w])
		if (!memcmp(s, l->words[w], l->key_len))
			return 1;
	return 0;
}

int
pk_wordlist_occurs(const PkWordList *l, const char *s, size_t n)
{
	if (!l || !l->n_words || !l->heads)
		return 0;
	if (!l->min_len)
		return 1;   /* the empty word occurs everywhere */
	for (size_t j = 0; j + l->min_len <= n; j++) {
		for (int w = l->heads[key_bucket(s + j, l->key_len, l->n_heads)]; w >= 0; w = l->next[w]) {
			size_t wl = l->lens[w];
			if (wl <= n - j && !memcmp(s + j, l->words[w], wl))
				return 1;
		}
	}
	return 0;
}

static PkStatus
load(PkRuleSet **out, const char *path)
{
	*out = NULL;
	PkRuleSet *rs = calloc(1, sizeof *rs);
	if (!rs)
		return PK_ERR_NOMEM;
	/* DIR[:DIR…]: later directories are packs over earlier ones (a rule with the same id
	 * overrides, lists extend, macros are redefined). */
	const char *colon = strchr(path, ':');
	rs->dir = colon ? strndup(path, (size_t)(colon - path)) : strdup(path);
	Parser p = {.rs = rs};
	for (const char *q = path; q;) {
		const char *c = strchr(q, ':');
		char *one = c ? strndup(q, (size_t)(c - q)) : strdup(q);
		if (one && *one)
			load_path(&p, one, NULL, 0);
		free(one);
		q = c ? c + 1 : NULL;
	}
	for (size_t i = 0; i < rs->n_lists; i++)
		if (index_list(&rs->lists[i]))
			p.failed = 1;
	if (!p.failed)
		finish_rules(&p);
	for (size_t i = 0; i < p.n_macros; i++) {
		free(p.macros[i].name);
		free(p.macros[i].body);
	}
	free(p.macros);
	for (size_t i = 0; i < rs->n_rules; i++)
		free(p.psrc[i].src);
	free(p.psrc);
	if (p.failed) {
		pk_ruleset_free(rs);
		return PK_ERR_RULES;
	}
	*out = rs;
	return PK_OK;
}

PkStatus
pk_ruleset_load(PkRuleSet **out, const char *dir)
{
	return load(out, dir);
}

PkStatus
pk_ruleset_load_file(PkRuleSet **out, const char *path)
{
	return load(out, path);
}

void
pk_ruleset_free(PkRuleSet *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->n_rules; i++) {
		PkRule *r = &rs->rules[i];
		pk_rule_release(r);
		free(r->id);
		free(r->pattern);
		free(r->lookup);
		free(r->lookup_except);
		for (size_t k = 0; k < r->n_triggers; k++)
			free(r->triggers[k]);
		free(r->triggers);
		free(r->trigger_list);
		for (int k = 0; k < PK_ROLE_COUNT; k++)
			free(r->consts[k]);
		for (size_t e = 0; e < r->n_examples; e++) {
			free(r->examples[e].text);
			free(r->examples[e].triple);
			for (int k = 0; k < PK_ROLE_COUNT; k++)
				free(r->examples[e].expect[k]);
		}
		free(r->examples);
	}
	free(rs->rules);
	for (size_t i = 0; i < rs->n_lists; i++) {
		for (size_t w = 0; w < rs->lists[i].n_words; w++)
			free(rs->lists[i].words[w]);
		free(rs->lists[i].words);
		free(rs->lists[i].slots);
		free(rs->lists[i].lens);
		free(rs->lists[i].heads);
		free(rs->lists[i].next);
		free(rs->lists[i].prefixes);
		free(rs->lists[i].name);
	}
	free(rs->lists);
	pk_gazetteer_free(rs->gazetteer);
	for (size_t i = 0; i < rs->n_files; i++)
		free(rs->files[i]);
	free(rs->files);
	free(rs->dir);
	free(rs);
}

const PkWordList *
pk_ruleset_list(const PkRuleSet *rs, const char *name)
{
	for (size_t i = 0; i < rs->n_lists; i++)
		if (!strcmp(rs->lists[i].name, name))
			return &rs->lists[i];
	return NULL;
}

int
pk_ruleset_in_list(const PkRuleSet *rs, const char *list, const char *word, size_t len)
{
	return pk_wordlist_has(pk_ruleset_list(rs, list), word, len);
}
