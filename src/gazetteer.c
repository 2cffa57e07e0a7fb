/* gazetteer.c — load places.tsv / country lists and look names up by hash. */
#include "gazetteer.h"

#include "log.h"
#include "utf8.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
	const char *form;     /* surface form, inside one of the file buffers; NULL: empty slot */
	uint32_t len;
	uint32_t n_hits;
	PkPlaceHit one;       /* the hit of a form with one place (most forms) */
	PkPlaceHit *more;     /* the hits of a form with several (owned), else NULL */
} Entry;

/* A file's text, read at once: places' names and codes and the forms point into it. */
typedef struct Buffer {
	struct Buffer *next;
	char text[];
} Buffer;

struct PkGazetteer {
	PkGazetteerHead head;  /* first: the places and the pair filter (gazetteer.h) */
	size_t cap_places;
	Entry *table;         /* open addressing, power-of-two size */
	size_t table_size, n_entries;
	size_t max_len;
	Buffer *bufs;         /* every file loaded, newest first (owned) */
	uint64_t *prefixes;   /* every form's every character prefix, as a key of its hash
	                         (open addressing, 0 = empty; PFX_FORM: the prefix may be a
	                         whole form): a walk along the text stops as soon as no name
	                         goes on, which at most text positions is after one character */
	size_t n_prefixes, cap_prefixes;
};

static const PkPlaceHit *
entry_hits(const Entry *e)
{
	return e->n_hits == 1 ? &e->one : e->more;
}

#define PFX_FORM 1u

/* FNV-1a 64 (pk_hash64), extended over s[0..n) from h: a walk hashes each character once. */
#define FNV_BASIS 0xcbf29ce484222325u

static uint64_t
fnv_extend(uint64_t h, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3u;
	}
	return h;
}

/* The prefix-table key of hash h (never 0, low bit free for PFX_FORM); its slot is
 * (key >> 2) & (cap - 1). */
static uint64_t
pfx_key(uint64_t h)
{
	return (h & ~(uint64_t)3) | 2;
}

static const char *level_names[PK_LEVEL_COUNT] = {
	"country", "province", "city", "county", "town"
};
static const size_t level_lens[PK_LEVEL_COUNT] = {7, 8, 4, 6, 4};

int
pk_place_level_lookup(const char *name, size_t len)
{
	for (int i = 0; i < PK_LEVEL_COUNT; i++)
		if (level_lens[i] == len && !memcmp(level_names[i], name, len))
			return i;
	return -1;
}

const char *
pk_place_level_name(PkPlaceLevel l)
{
	return l < PK_LEVEL_COUNT ? level_names[l] : "?";
}

PkGazetteer *
pk_gazetteer_new(void)
{
	return calloc(1, sizeof(PkGazetteer));
}

void
pk_gazetteer_free(PkGazetteer *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->table_size; i++)
		if (g->table[i].more)
			free(g->table[i].more);
	while (g->bufs) {
		Buffer *b = g->bufs;
		g->bufs = b->next;
		free(b);
	}
	free(g->table);
	free(g->head.places);
	free(g->prefixes);
	free(g);
}

static Entry *slot_hashed(const PkGazetteer *g, const char *s, size_t len, uint64_t h);

static Entry *
slot(const PkGazetteer *g, const char *s, size_t len)
{
	return slot_hashed(g, s, len, fnv_extend(FNV_BASIS, s, len));
}

static Entry *
slot_hashed(const PkGazetteer *g, const char *s, size_t len, uint64_t h)
{
	size_t mask = g->table_size - 1;
	size_t i = (size_t)h & mask;
	while (g->table[i].form &&
	       (g->table[i].len != len || memcmp(g->table[i].form, s, len)))
		i = (i + 1) & mask;
	return &g->table[i];
}

/* Rehashes the form table into size slots (a power of two, more than n_entries). */
static int
resize_table(PkGazetteer *g, size_t size)
{
	size_t old_size = g->table_size;
	Entry *old = g->table;
	g->table = calloc(size, sizeof(Entry));
	if (!g->table) {
		g->table = old;
		return -1;
	}
	g->table_size = size;
	for (size_t i = 0; i < old_size; i++)
		if (old[i].form)
			*slot(g, old[i].form, old[i].len) = old[i];
	free(old);
	return 0;
}

static int
grow(PkGazetteer *g)
{
	return resize_table(g, g->table_size ? g->table_size * 2 : 4096);
}

/* Rehashes the prefix table into cap slots (a power of two, more than n_prefixes). */
static int
resize_prefixes(PkGazetteer *g, size_t cap)
{
	uint64_t *np = calloc(cap, sizeof(uint64_t));
	if (!np)
		return -1;
	for (size_t i = 0; i < g->cap_prefixes; i++) {
		if (!g->prefixes[i])
			continue;
		size_t j = (size_t)(g->prefixes[i] >> 2) & (cap - 1);
		while (np[j])
			j = (j + 1) & (cap - 1);
		np[j] = g->prefixes[i];
	}
	free(g->prefixes);
	g->prefixes = np;
	g->cap_prefixes = cap;
	return 0;
}

/* Adds key k (pfx_key) with flags to the prefix table. */
static int
add_prefix(PkGazetteer *g, uint64_t k, uint64_t flags)
{
	if ((g->n_prefixes + 1) * 2 > g->cap_prefixes &&
	    resize_prefixes(g, g->cap_prefixes ? g->cap_prefixes * 2 : 8192))
		return -1;
	size_t j = (size_t)(k >> 2) & (g->cap_prefixes - 1);
	while (g->prefixes[j] && (g->prefixes[j] & ~(uint64_t)PFX_FORM) != k)
		j = (j + 1) & (g->cap_prefixes - 1);
	if (!g->prefixes[j])
		g->n_prefixes++;
	g->prefixes[j] |= k | flags;
	return 0;
}

/* Every character prefix of form s[0..len) (character boundaries: bytes that are not
 * UTF-8 continuation bytes), the whole form marked PFX_FORM. Sets *hash to the form's
 * hash (the last prefix's), which is also its key in the form table. */
static int
add_prefixes(PkGazetteer *g, const char *s, size_t len, uint64_t *hash)
{
	uint64_t h = FNV_BASIS;
	size_t done = 0;
	for (size_t k = 1; k <= len; k++) {
		if (k < len && ((unsigned char)s[k] & 0xC0) == 0x80)
			continue;
		h = fnv_extend(h, s + done, k - done);
		done = k;
		if (add_prefix(g, pfx_key(h), k == len ? PFX_FORM : 0))
			return -1;
	}
	*hash = h;
	return 0;
}

void
pk_gazetteer_walk_start(PkGazWalk *w)
{
	w->h = FNV_BASIS;
	w->len = 0;
}

int
pk_gazetteer_walk(const PkGazetteer *g, PkGazWalk *w, const char *s, size_t len)
{
	if (!g || !g->cap_prefixes)
		return 0;
	w->h = fnv_extend(w->h, s + w->len, len - w->len);
	w->len = len;
	uint64_t k = pfx_key(w->h);
	size_t j = (size_t)(k >> 2) & (g->cap_prefixes - 1);
	while (g->prefixes[j]) {
		if ((g->prefixes[j] & ~(uint64_t)PFX_FORM) == k)
			return g->prefixes[j] & PFX_FORM ? 2 : 1;
		j = (j + 1) & (g->cap_prefixes - 1);
	}
	return 0;
}

size_t
pk_gazetteer_walk_find(const PkGazetteer *g, const PkGazWalk *w, const char *s,
                       const PkPlaceHit **out)
{
	*out = NULL;
	if (!g || !g->table_size || w->len > g->max_len)
		return 0;
	Entry *e = slot_hashed(g, s, w->len, w->h);
	if (!e->form)
		return 0;
	*out = entry_hits(e);
	return e->n_hits;
}

/* Adds form s[0..len) (it stays where it is: in a file buffer) as a name of place. */
static int
add_form(PkGazetteer *g, const char *s, size_t len, int place, int is_short)
{
	if (!len)
		return 0;
	if (len > UINT32_MAX)
		return -1;
	uint64_t hash;
	if (add_prefixes(g, s, len, &hash))
		return -1;
	size_t n1, n2;
	int32_t c1 = pk_utf8_decode_fast(s, len, &n1);
	if (n1 < len) {
		int32_t c2 = pk_utf8_decode_fast(s + n1, len - n1, &n2);
		size_t b = pk_gazetteer_pair_bit(c1, c2);
		g->head.pairs[b / 64] |= (uint64_t)1 << (b % 64);
	}
	if ((g->n_entries + 1) * 2 > g->table_size && grow(g))
		return -1;
	Entry *e = slot_hashed(g, s, len, hash);
	if (!e->form) {
		*e = (Entry){s, (uint32_t)len, 0, {0, 0}, NULL};
		g->n_entries++;
		if (len > g->max_len)
			g->max_len = len;
	}
	const PkPlaceHit *hits = entry_hits(e);
	for (size_t i = 0; i < e->n_hits; i++)
		if (hits[i].place == place)
			return 0;
	PkPlaceHit hit = {place, is_short};
	if (!e->n_hits) {
		e->one = hit;
		e->n_hits = 1;
		return 0;
	}
	PkPlaceHit *h = realloc(e->more, (e->n_hits + 1) * sizeof(PkPlaceHit));
	if (!h)
		return -1;
	if (!e->more)
		h[0] = e->one;
	e->more = h;
	/* Full names sort before short forms so callers see the exact meaning first. */
	size_t at = e->n_hits;
	if (!is_short)
		while (at > 0 && h[at - 1].is_short)
			at--;
	memmove(h + at + 1, h + at, (e->n_hits - at) * sizeof(PkPlaceHit));
	h[at] = hit;
	e->n_hits++;
	return 0;
}

/* Adds a place; name and code stay where they are (a file buffer, or a literal). */
static int
add_place(PkGazetteer *g, const char *code, const char *name, PkPlaceLevel level)
{
	if (g->head.n_places == g->cap_places) {
		size_t cap = g->cap_places ? g->cap_places * 2 : 1024;
		PkPlace *p = realloc(g->head.places, cap * sizeof(PkPlace));
		if (!p)
			return -1;
		g->head.places = p;
		g->cap_places = cap;
	}
	g->head.places[g->head.n_places] = (PkPlace){code, name, level, -1};
	return (int)g->head.n_places++;
}

/* Splits line at tabs into at most max fields; returns the count. */
static size_t
split_tabs(char *line, char **f, size_t max)
{
	size_t n = 0;
	f[n++] = line;
	for (char *p = line; *p && n < max; p++) {
		if (*p == '\t') {
			*p = '\0';
			f[n++] = p + 1;
		}
	}
	return n;
}

static int find_code_sorted(const PkGazetteer *g, const char *code);

static int
find_code(const PkGazetteer *g, const char *code)
{
	/* places.tsv is sorted by code: binary search; a hand-made pack file may not be, so
	 * fall back to a scan when the search misses. */
	int r = find_code_sorted(g, code);
	if (r >= 0)
		return r;
	for (size_t i = 0; i < g->head.n_places; i++)
		if (!strcmp(g->head.places[i].code, code))
			return (int)i;
	return -1;
}

static int
find_code_sorted(const PkGazetteer *g, const char *code)
{
	size_t lo = 0, hi = g->head.n_places;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(g->head.places[mid].code, code);
		if (!c)
			return (int)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Reads the whole file into a new buffer (NUL-terminated, *len bytes before the NUL),
 * kept by g; NULL with errno set on failure. */
static char *
read_all(PkGazetteer *g, FILE *f, size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	Buffer *b = malloc(sizeof *b + cap);
	if (!b)
		return NULL;
	/* The size of a regular file presizes the buffer. A directory opens fine and its
	 * "size" from fseek/ftell is LONG_MAX on ext4 (found by fuzz_rules: `gazetteer` with
	 * an empty path): refused here; pipes and devices are just read. */
	struct stat st;
	if (fstat(fileno(f), &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			free(b);
			errno = EISDIR;
			return NULL;
		}
		if (S_ISREG(st.st_mode) && st.st_size > 0 && (uint64_t)st.st_size < (1u << 30)) {
			Buffer *nb = realloc(b, sizeof *b + (size_t)st.st_size + 1);
			if (!nb) {
				free(b);
				return NULL;
			}
			b = nb;
			cap = (size_t)st.st_size + 1;
		}
	}
	for (;;) {
		if (n + 1 >= cap) {
			Buffer *nb = realloc(b, sizeof *b + cap * 2);
			if (!nb) {
				free(b);
				return NULL;
			}
			b = nb;
			cap *= 2;
		}
		size_t got = fread(b->text + n, 1, cap - n - 1, f);
		n += got;
		if (!got)
			break;
	}
	if (ferror(f)) {
		free(b);
		return NULL;
	}
	b->text[n] = '\0';
	b->next = g->bufs;
	g->bufs = b;
	*len = n;
	return b->text;
}

#define JIE "\xe8\xa1\x97"              /* 街 */
#define JIEDAO JIE "\xe9\x81\x93"       /* 街道 */

/* The other spelling of a street office's name into out (NUL-terminated), or 0 when name
 * is none: 红旗街道 <-> 红旗街街道. Both are in use (the NBS list has 红旗街道 where the
 * office's own signs read 红旗街街道, and 唐家墩街街道 for 唐家墩街道), so either form in
 * the text names the office. At least two characters stay before the suffix. */
static size_t
street_variant(const char *name, char *out)
{
	size_t n = strlen(name), jd = strlen(JIEDAO), j = strlen(JIE);
	if (n < jd + 6 || memcmp(name + n - jd, JIEDAO, jd))
		return 0;
	size_t stem = n - jd;   /* bytes before 街道 */
	if (stem >= j + 6 && !memcmp(name + stem - j, JIE, j)) {
		memcpy(out, name, stem - j);   /* X街街道 -> X街道 */
		memcpy(out + stem - j, JIEDAO, jd + 1);
		return n - j;
	}
	memcpy(out, name, stem);            /* X街道 -> X街街道 */
	memcpy(out + stem, JIE JIEDAO, j + jd + 1);
	return n + j;
}

/* Adds the other spelling of every street office loaded since place first (the forms live
 * in one buffer of their own, kept by g like a file's). */
static PkStatus
add_street_variants(PkGazetteer *g, size_t first)
{
	size_t need = 0;
	char tmp[512];
	for (size_t i = first; i < g->head.n_places; i++)
		if (g->head.places[i].level == PK_LEVEL_TOWN && strlen(g->head.places[i].name) + 4 < sizeof tmp)
			need += street_variant(g->head.places[i].name, tmp) + 1;
	if (!need)
		return PK_OK;
	Buffer *b = malloc(sizeof *b + need);
	if (!b)
		return PK_ERR_NOMEM;
	b->next = g->bufs;
	g->bufs = b;
	char *at = b->text;
	for (size_t i = first; i < g->head.n_places; i++) {
		if (g->head.places[i].level != PK_LEVEL_TOWN || strlen(g->head.places[i].name) + 4 >= sizeof tmp)
			continue;
		size_t n = street_variant(g->head.places[i].name, at);
		if (n && add_form(g, at, n, (int)i, 0))
			return PK_ERR_NOMEM;
		at += n ? n + 1 : 0;
	}
	return PK_OK;
}

PkStatus
pk_gazetteer_load(PkGazetteer *g, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		PkLoc loc = {path, 0, 0, NULL, 0};
		pk_log(PK_LOG_ERROR, &loc, "cannot open gazetteer: %s", strerror(errno));
		return PK_ERR_IO;
	}
	size_t plen = strlen(path);
	int tsv = plen > 4 && !strcmp(path + plen - 4, ".tsv");
	/* One read and one buffer: names, codes and forms are pointers into it, and lines
	 * are cut in place (what getline did line by line, one allocation per string). */
	size_t size;
	char *text = read_all(g, f, &size);
	if (!text) {
		PkLoc loc = {path, 0, 0, NULL, 0};
		pk_log(PK_LOG_ERROR, &loc, "cannot read gazetteer: %s", strerror(errno));
		fclose(f);
		return PK_ERR_IO;
	}
	fclose(f);
	/* The tables grow by doubling, not sized once from the line count: that saves a few
	 * rehashes, but the old tables freed on the way are what raise glibc's mmap and trim
	 * thresholds (to the largest mmapped block freed): without them, per-article blocks
	 * of a few hundred KiB were mapped and unmapped for every article (4x the page faults,
	 * 15% more time on the 10 MB corpus). */
	unsigned lineno = 0;
	PkStatus st = PK_OK;
	size_t first = g->head.n_places;
	/* Parents are resolved after the whole file is read (codes may come in any order). */
	const char **parents = NULL;
	size_t n_parents = 0, cap_parents = 0;
	for (char *line = text, *end = text + size; line < end;) {
		char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t n = nl ? (size_t)(nl - line) : (size_t)(end - line);
		char *next = nl ? nl + 1 : end;
		lineno++;
		line[n] = '\0';
		while (n > 0 && line[n - 1] == '\r')
			line[--n] = '\0';
		if (!n || line[0] == '#') {
			line = next;
			continue;
		}
		PkLoc loc = {path, lineno, 1, line, n};
		if (!tsv) {
			int id = add_place(g, "", line, PK_LEVEL_COUNTRY);
			if (id < 0 || add_form(g, line, n, id, 0)) {
				st = PK_ERR_NOMEM;
				break;
			}
			line = next;
			continue;
		}
		char *fld[5] = {0};
		size_t nf = split_tabs(line, fld, 5);
		int level = nf >= 3 ? pk_place_level_lookup(fld[2], strlen(fld[2])) : -1;
		if (nf < 4 || level < 0 || !*fld[0] || !*fld[1]) {
			pk_log(PK_LOG_ERROR, &loc, "expected code, name, level, parent[, short forms]");
			st = PK_ERR_RULES;
			break;
		}
		int id = add_place(g, fld[0], fld[1], (PkPlaceLevel)level);
		if (n_parents == cap_parents) {
			/* grow geometrically: 45k rows, one realloc each was quadratic */
			size_t nc = cap_parents ? cap_parents * 2 : 1024;
			const char **pp = realloc(parents, nc * sizeof(char *));
			if (!pp) {
				st = PK_ERR_NOMEM;
				break;
			}
			parents = pp;
			cap_parents = nc;
		}
		if (id < 0) {
			st = PK_ERR_NOMEM;
			break;
		}
		parents[n_parents++] = fld[3];
		if (add_form(g, fld[1], strlen(fld[1]), id, 0)) {
			st = PK_ERR_NOMEM;
			break;
		}
		if (nf == 5) {
			char *s = fld[4];
			while (*s) {
				char *comma = strchr(s, ',');
				size_t len = comma ? (size_t)(comma - s) : strlen(s);
				if (comma)
					*comma = '\0';   /* the form is a string of its own */
				if (add_form(g, s, len, id, 1)) {
					st = PK_ERR_NOMEM;
					break;
				}
				s += len + (comma ? 1 : 0);
			}
		}
		line = next;
	}
	/* Consecutive rows share their parent (a county's towns): the last answer is reused
	 * (find_code is a function of the code while places do not change). */
	const char *last_code = NULL;
	int last_parent = -1;
	for (size_t i = 0; i < n_parents; i++) {
		if (st != PK_OK || !*parents[i])
			continue;
		if (!last_code || strcmp(last_code, parents[i])) {
			last_code = parents[i];
			last_parent = find_code(g, parents[i]);
		}
		g->head.places[first + i].parent = last_parent;
	}
	free(parents);
	if (st == PK_OK)
		st = add_street_variants(g, first);
	return st;
}

size_t
pk_gazetteer_find(const PkGazetteer *g, const char *s, size_t len, const PkPlaceHit **out)
{
	*out = NULL;
	if (!g || !g->table_size || len > g->max_len)
		return 0;
	Entry *e = slot(g, s, len);
	if (!e->form)
		return 0;
	*out = entry_hits(e);
	return e->n_hits;
}

size_t
pk_gazetteer_max_len(const PkGazetteer *g)
{
	return g ? g->max_len : 0;
}

size_t
pk_gazetteer_size(const PkGazetteer *g)
{
	return g ? g->head.n_places : 0;
}
