/* corpus.c — enumerate and read the articles of a run (see corpus.h). */
#include "corpus.h"

#include "json.h"
#include "log.h"
#include "reader.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A directory already walked: symbolic-link loops (dir/l -> .) must not repeat it. */
typedef struct {
	dev_t dev;
	ino_t ino;
} DirId;

struct PkCorpus {
	DirId *seen;
	size_t n_seen;
	char **paths;        /* pending paths, a stack (reversed) so directories expand in place */
	size_t n, cap;
	FILE *list;          /* --files-from */
	int list_is_stdin;
	int jsonl;
	FILE *jf;            /* current JSON Lines file */
	char *jf_name;
	unsigned jf_line;
	int jf_is_stdin;
	char *line;
	size_t line_cap;
};

static int
push(PkCorpus *c, const char *p)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		char **np = realloc(c->paths, cap * sizeof(char *));
		if (!np)
			return -1;
		c->paths = np;
		c->cap = cap;
	}
	c->paths[c->n] = strdup(p);
	return c->paths[c->n] ? (int)(c->n++, 0) : -1;
}

PkCorpus *
pk_corpus_new(const char *const *paths, size_t n, const char *files_from, int jsonl)
{
	PkCorpus *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->jsonl = jsonl;
	for (size_t i = n; i-- > 0;)
		push(c, paths[i]);
	if (jsonl && !n && !files_from)
		push(c, "-");
	if (files_from) {
		c->list_is_stdin = !strcmp(files_from, "-");
		c->list = c->list_is_stdin ? stdin : fopen(files_from, "r");
		if (!c->list) {
			PkLoc loc = {files_from, 0, 0, NULL, 0};
			pk_log(PK_LOG_ERROR, &loc, "cannot open file list: %s", strerror(errno));
		}
	}
	return c;
}

void
pk_corpus_free(PkCorpus *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		free(c->paths[i]);
	free(c->paths);
	if (c->list && !c->list_is_stdin)
		fclose(c->list);
	if (c->jf && !c->jf_is_stdin)
		fclose(c->jf);
	free(c->jf_name);
	free(c->line);
	free(c->seen);
	free(c);
}

void
pk_input_clear(PkInput *in)
{
	free(in->label);
	free(in->source);
	free(in->text);
	free(in->date);
	memset(in, 0, sizeof *in);
}

static int
cmp_rev(const void *a, const void *b)
{
	return strcmp(*(char *const *)b, *(char *const *)a);
}

/* Replaces a directory on the stack by its entries (sorted, so runs are deterministic). */
static void
expand_dir(PkCorpus *c, const char *dir)
{
	struct stat st;
	if (stat(dir, &st) == 0) {
		for (size_t i = 0; i < c->n_seen; i++)
			if (c->seen[i].dev == st.st_dev && c->seen[i].ino == st.st_ino)
				return;   /* a link loop: this directory was walked already */
		DirId *ns = realloc(c->seen, (c->n_seen + 1) * sizeof(DirId));
		if (ns) {
			c->seen = ns;
			c->seen[c->n_seen++] = (DirId){st.st_dev, st.st_ino};
		}
	}
	DIR *d = opendir(dir);
	if (!d) {
		PkLoc loc = {dir, 0, 0, NULL, 0};
		pk_log(PK_LOG_ERROR, &loc, "cannot open directory: %s", strerror(errno));
		return;
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char **nn = realloc(names, (n + 1) * sizeof(char *));
		if (!nn)
			break;
		names = nn;
		size_t dl = strlen(dir);
		while (dl > 1 && dir[dl - 1] == '/')
			dl--;   /* seeds/ and seeds name the same files */
		size_t len = dl + strlen(e->d_name) + 2;
		names[n] = malloc(len);
		if (names[n])
			snprintf(names[n++], len, "%.*s/%s", (int)dl, dir, e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(char *), cmp_rev);   /* reversed: the stack pops in order */
	for (size_t i = 0; i < n; i++) {
		push(c, names[i]);
		free(names[i]);
	}
	free(names);
}

/* Next path from the stack or the file list; directories are expanded. Owned. */
static char *
next_path(PkCorpus *c)
{
	for (;;) {
		if (!c->n && c->list) {
			ssize_t len = getline(&c->line, &c->line_cap, c->list);
			if (len < 0) {
				if (!c->list_is_stdin)
					fclose(c->list);
				c->list = NULL;
				continue;
			}
			while (len > 0 && (c->line[len - 1] == '\n' || c->line[len - 1] == '\r'))
				c->line[--len] = '\0';
			if (len)
				push(c, c->line);
			continue;
		}
		if (!c->n)
			return NULL;
		char *p = c->paths[--c->n];
		struct stat st;
		if (strcmp(p, "-") && stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			expand_dir(c, p);
			free(p);
			continue;
		}
		return p;
	}
}

static char *
xstrndup0(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/* pk_reader_check() of a JSON string's value, without validating it a second time: json.c
 * hands back valid UTF-8 (raw runs are validated, \u escapes encoded, lone surrogates
 * refused), so only a NUL (\u0000) can fail it, and then pk_reader_check() says where. */
static int
json_text_ok(const char *label, const char *text, size_t len)
{
	return !memchr(text, '\0', len) || pk_reader_check(label, text, len) == PK_OK;
}

/* One JSON Lines record; returns 1 with in filled (text NULL if bad), 0 at file end. */
static int
next_jsonl(PkCorpus *c, PkInput *in)
{
	ssize_t len;
	while ((len = getline(&c->line, &c->line_cap, c->jf)) >= 0) {
		c->jf_line++;
		while (len > 0 && (c->line[len - 1] == '\n' || c->line[len - 1] == '\r'))
			c->line[--len] = '\0';
		if (!len)
			continue;
		PkJsonObject o;
		size_t off;
		const char *err;
		char label[512];
		if (pk_json_parse_object(c->line, (size_t)len, &o, &off, &err)) {
			PkLoc loc = {c->jf_name, c->jf_line, (unsigned)off + 1, NULL, 0};
			pk_log(PK_LOG_ERROR, &loc, "bad JSON Lines record: %s; skipped", err);
			snprintf(label, sizeof label, "%s:%u", c->jf_name, c->jf_line);
			in->label = strdup(label);
			return 1;
		}
		size_t tl = 0;
		const char *id = pk_json_get(&o, "id", NULL);
		const char *url = pk_json_get(&o, "url", NULL);
		const char *text = pk_json_get(&o, "text", &tl);
		const char *date = pk_json_get(&o, "date", NULL);
		snprintf(label, sizeof label, "%s:%u (id %s)", c->jf_name, c->jf_line, id ? id : "?");
		in->label = strdup(label);
		in->source = strdup(url ? url : id ? id : label);
		in->date = date ? strdup(date) : NULL;
		if (!text) {
			PkLoc loc = {c->jf_name, c->jf_line, 1, NULL, 0};
			pk_log(PK_LOG_ERROR, &loc, "record %s has no \"text\"; skipped", id ? id : "?");
		} else if (json_text_ok(in->label, text, tl)) {
			in->text = xstrndup0(text, tl);
			in->len = tl;
		}
		pk_json_free(&o);
		return 1;
	}
	return 0;
}

int
pk_corpus_next(PkCorpus *c, PkInput *in)
{
	memset(in, 0, sizeof *in);
	for (;;) {
		if (c->jsonl && c->jf) {
			if (next_jsonl(c, in))
				return 1;
			if (!c->jf_is_stdin)
				fclose(c->jf);
			c->jf = NULL;
			continue;
		}
		char *p = next_path(c);
		if (!p)
			return 0;
		if (c->jsonl) {
			c->jf_is_stdin = !strcmp(p, "-");
			c->jf = c->jf_is_stdin ? stdin : fopen(p, "rb");
			free(c->jf_name);
			c->jf_name = strdup(c->jf_is_stdin ? "<stdin>" : p);
			c->jf_line = 0;
			if (!c->jf) {
				PkLoc loc = {p, 0, 0, NULL, 0};
				pk_log(PK_LOG_ERROR, &loc, "cannot open: %s", strerror(errno));
				in->label = p;
				return 1;
			}
			free(p);
			continue;
		}
		in->label = strdup(strcmp(p, "-") ? p : "<stdin>");
		in->source = strdup(in->label);
		if (pk_reader_read(p, &in->text, &in->len) != PK_OK)
			in->text = NULL;
		free(p);
		return 1;
	}
}
