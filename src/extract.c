/* extract.c — the per-article pipeline and `policekg extract`. */
#include "extract.h"

#include "emit.h"
#include "iri.h"
#include "log.h"
#include "reader.h"
#include "corpus.h"
#include "writer.h"

#include <errno.h>
#include <pthread.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

PkStatus
pk_article_process(PkArticle *a, const PkRuleSet *rs, PkMatcher *m, char *text, size_t len,
                   const char *label, PkGraph *g)
{
	return pk_article_process_ex(a, rs, m, text, len, label, label, NULL, g);
}

PkStatus
pk_article_process_ex(PkArticle *a, const PkRuleSet *rs, PkMatcher *m, char *text, size_t len,
                      const char *label, const char *source, const char *pubdate, PkGraph *g)
{
	return pk_article_process_prov(a, rs, m, text, len, label, source, pubdate, PK_PROV_FULL, g);
}

PkStatus
pk_article_process_prov(PkArticle *a, const PkRuleSet *rs, PkMatcher *m, char *text, size_t len,
                        const char *label, const char *source, const char *pubdate, int provenance,
                        PkGraph *g)
{
	memset(a, 0, sizeof *a);
	a->orig = text;
	a->orig_len = len;
	PkStatus st = pk_normalize(&a->norm, text, len);
	if (st != PK_OK)
		return st;
	st = pk_matcher_run(m, a->norm.text, a->norm.len, label, &a->mentions);
	if (st == PK_ERR_NOMEM || st == PK_ERR_LIMIT) {
		PkLoc loc = {label, 0, 0, NULL, 0};
		pk_log(PK_LOG_ERROR, &loc, "%s while matching rules", pk_strerror(st));
		return st;
	}
	pk_link_trim(rs, a->norm.text, a->norm.len, &a->mentions);
	pk_mentions_resolve(&a->mentions);
	if (getenv("PK_DEBUG_MENTIONS")) {
		/* a raw dump for rule authors; `policekg explain` is the readable form */
		for (size_t i = 0; i < a->mentions.n; i++) {
			const PkMention *mm = &a->mentions.items[i];
			fprintf(stderr, "%s %-24s %.*s%s\n", mm->dropped_by >= 0 ? "-" : "+", mm->rule->id,
			        (int)(mm->end - mm->start), a->norm.text + mm->start,
			        mm->dropped_by >= 0 ? " (dropped)" : "");
		}
	}
	char hash[17];
	snprintf(hash, sizeof hash, "%016llx", (unsigned long long)pk_hash64(text, len));
	if (pubdate) {
		/* a publication date given with the article (JSON Lines "date") */
		int y = 0, mo = 0, d = 0;
		if (sscanf(pubdate, "%4d-%2d-%2d", &y, &mo, &d) >= 1 && y >= 1000 && y <= 2999)
			a->doc.seed_pub = (PkDate){y, mo >= 1 && mo <= 12 ? mo : 0,
			                           mo >= 1 && mo <= 12 && d >= 1 && d <= 31 ? d : 0};
	}
	st = pk_link(&a->doc, rs, label, a->norm.text, a->norm.len, &a->mentions, hash);
	if (st != PK_OK || !g)
		return st;
	return pk_emit_ex(g, &a->doc, &a->norm, text, len, source, rs->dir, provenance);
}

void
pk_article_free(PkArticle *a)
{
	if (!a)
		return;
	free(a->orig);
	pk_normtext_free(&a->norm);
	pk_mentions_free(&a->mentions);
	pk_doc_free(&a->doc);
	memset(a, 0, sizeof *a);
}

/* ---- `policekg extract`: the run over a corpus ---- */

/* Output goes to a temporary file beside -o FILE, renamed over it only on success: a
 * failed run never leaves a partial or corrupted file, and the old FILE is untouched. */
static FILE *
open_output(const char *path, char **tmp_out)
{
	*tmp_out = NULL;
	if (!path)
		return stdout;
	/* Not a regular file (/dev/null, /dev/stdout, a FIFO): write to it directly. Renaming a
	 * temporary file over it would replace the device (as root, even /dev/full). */
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		FILE *f = fopen(path, "wb");
		if (!f) {
			PkLoc loc = {path, 0, 0, NULL, 0};
			pk_log(PK_LOG_ERROR, &loc, "cannot open output: %s", strerror(errno));
		}
		return f;
	}
	size_t n = strlen(path);
	char *tmp = malloc(n + 16);
	if (!tmp)
		return NULL;
	snprintf(tmp, n + 16, "%s.tmp.XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		PkLoc loc = {path, 0, 0, NULL, 0};
		pk_log(PK_LOG_ERROR, &loc, "cannot create output: %s", strerror(errno));
		free(tmp);
		return NULL;
	}
	FILE *f = fdopen(fd, "wb");
	if (!f) {
		close(fd);
		unlink(tmp);
		free(tmp);
		return NULL;
	}
	*tmp_out = tmp;
	return f;
}

static const char *const class_names[] = {"PoliceUnit", "Place", "Honor", "Award", "Statistic",
                                          "Article", "Mention"};
#define N_CLASSES 7

static void
count_classes(const PkGraph *g, size_t *counts, size_t *triples)
{
	size_t kl = strlen(PK_NS_KG);
	for (size_t i = 0; i < pk_graph_size(g); i++) {
		const PkTriple *t = pk_graph_get(g, i);
		if (strcmp(t->p.value, PK_NS_RDF "type") || strncmp(t->o.value, PK_NS_KG, kl))
			continue;
		for (int k = 0; k < N_CLASSES; k++)
			if (!strcmp(t->o.value + kl, class_names[k]))
				counts[k]++;
	}
	*triples += pk_graph_size(g);
}

/* One article's work: input in, graph (and for streaming formats its bytes) out. */
typedef struct {
	PkInput in;
	PkGraph *g;
	char *bytes;       /* serialised article (streaming formats); the block is reused
	                      (see pool_keep_block) */
	size_t n_bytes, cap_bytes;
	int rendered;      /* bytes hold this article's output */
	PkStatus status;
	int state;         /* 0 free, 1 queued, 2 taken, 3 done */
	size_t seq;
} Job;

typedef struct {
	const PkExtractOptions *o;
	const PkRuleSet *rs;
	int streaming;
	Job *jobs;
	size_t window;
	pthread_mutex_t mu;
	/* Two conditions, so a change wakes only who waits for it: workers for queued jobs
	 * (and closing), the main thread for finished ones. One broadcast condition woke
	 * every thread at every change. */
	pthread_cond_t work, done;
	int closing;
	/* Output blocks of consumed jobs, lent again last in, first out: the most recently
	 * written block has its pages mapped and cached. A block per slot instead faulted in
	 * window blocks, each grown on its own. */
	struct {
		char *buf;
		size_t cap;
	} *blocks;
	size_t n_blocks, keep;   /* keep: at most this many (one per worker) */
} Pool;

/* Output blocks up to this size are kept for the next article: memory stays bounded by
 * the largest article, not by the window times it. */
#define PK_KEEP_OUTPUT (4u << 20)

/* Gives j a kept output block if it has none. Called with p->mu held (or no workers). */
static void
pool_lend_block(Pool *p, Job *j)
{
	if (j->bytes || !p->n_blocks)
		return;
	p->n_blocks--;
	j->bytes = p->blocks[p->n_blocks].buf;
	j->cap_bytes = p->blocks[p->n_blocks].cap;
}

/* Takes back a consumed job's output block. Called with p->mu held (or no workers). */
static void
pool_keep_block(Pool *p, Job *j)
{
	if (j->bytes && j->cap_bytes <= PK_KEEP_OUTPUT && p->n_blocks < p->keep) {
		p->blocks[p->n_blocks].buf = j->bytes;
		p->blocks[p->n_blocks].cap = j->cap_bytes;
		p->n_blocks++;
	} else {
		free(j->bytes);
	}
	j->bytes = NULL;
	j->cap_bytes = 0;
}

/* What a worker (or the -j1 loop) keeps from one article to the next. spare is its graph,
 * reused when the output is streamed and nobody needs the graph after rendering (no
 * --stats): growing a fresh graph's arrays and string table for every article was
 * measurable; ws likewise keeps the renderer's tables. */
typedef struct {
	PkMatcher *m;
	PkGraph *spare;
	PkWriterScratch *ws;
} Worker;

static int
worker_init(Worker *w, const PkRuleSet *rs)
{
	w->m = pk_matcher_new(rs);
	w->spare = NULL;
	w->ws = pk_writer_scratch_new();
	return w->m && w->ws ? 0 : -1;
}

static void
worker_done(Worker *w)
{
	pk_matcher_free(w->m);
	pk_graph_free(w->spare);
	pk_writer_scratch_free(w->ws);
}

/* Runs one article. */
static void
run_job(Pool *p, Worker *wk, Job *j)
{
	PkMatcher *m = wk->m;
	PkGraph **spare = &wk->spare;
	j->status = PK_ERR_INPUT;
	if (!j->in.text)
		return;
	int reuse = p->streaming && !p->o->stats;
	if (reuse && *spare) {
		j->g = *spare;
		*spare = NULL;
	} else {
		j->g = pk_graph_new();
	}
	if (!j->g) {
		j->status = PK_ERR_NOMEM;
		return;
	}
	PkArticle a;
	char *text = j->in.text;
	j->in.text = NULL;   /* the article owns it now */
	j->status = pk_article_process_prov(&a, p->rs, m, text, j->in.len, j->in.label,
	                                     j->in.source, j->in.date, p->o->provenance, j->g);
	char article_iri[128] = "";
	if (j->status == PK_OK && p->streaming) {
		/* each article's triples go into the named graph of the article (N-Quads) */
		snprintf(article_iri, sizeof article_iri, PK_NS_ID "article/%s", a.doc.article_hash);
		j->status = pk_writer_render(j->g, p->o->format, article_iri, wk->ws, &j->bytes,
		                             &j->cap_bytes, &j->n_bytes);
		j->rendered = j->status == PK_OK;
	}
	pk_article_free(&a);
	if (reuse && j->status == PK_OK && !*spare) {
		pk_graph_clear(j->g);
		*spare = j->g;
		j->g = NULL;
	}
}

/* The queued job that came first, or NULL. Called with p->mu held. */
static Job *
pool_pick(Pool *p)
{
	Job *pick = NULL;
	for (size_t i = 0; i < p->window; i++)
		if (p->jobs[i].state == 1 && (!pick || p->jobs[i].seq < pick->seq))
			pick = &p->jobs[i];
	return pick;
}

static void *
worker(void *arg)
{
	Pool *p = arg;
	Worker wk;
	int ok = worker_init(&wk, p->rs) == 0;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		Job *pick = pool_pick(p);
		if (!pick) {
			if (p->closing)
				break;
			pthread_cond_wait(&p->work, &p->mu);
			continue;
		}
		pick->state = 2;
		pool_lend_block(p, pick);
		pthread_mutex_unlock(&p->mu);
		if (ok)
			run_job(p, &wk, pick);
		else
			pick->status = PK_ERR_NOMEM;
		pthread_mutex_lock(&p->mu);
		pick->state = 3;
		pthread_cond_signal(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	worker_done(&wk);
	return NULL;
}

typedef struct {
	FILE *out;
	PkGraph *all;          /* Turtle/DOT: the whole run's graph */
	size_t ok, failed;
	size_t counts[N_CLASSES], triples;
	int write_error;
	int write_errno;       /* errno when the write failed (ENOSPC on a full disk) */
	int write_refused;     /* the writer refused a triple (PK_ERR_RDF) and said why */
} Sink;

/* Takes a finished job's result, in input order. */
static void
consume(Sink *k, const PkExtractOptions *o, Job *j)
{
	if (j->status != PK_OK) {
		if (j->in.text || j->status != PK_ERR_INPUT) {
			PkLoc loc = {j->in.label, 0, 0, NULL, 0};
			pk_log(PK_LOG_ERROR, &loc, "article skipped: %s", pk_strerror(j->status));
		}
		k->failed++;
	} else {
		k->ok++;
		/* streamed formats: count what is written, article by article (Turtle/DOT are
		 * counted once, on the merged graph) */
		if (o->stats && j->rendered)
			count_classes(j->g, k->counts, &k->triples);
		if (j->rendered) {
			if (!k->write_error && j->n_bytes && fwrite(j->bytes, 1, j->n_bytes, k->out) != j->n_bytes) {
				k->write_error = 1;
				k->write_errno = errno;
			}
		} else if (k->all) {
			for (size_t i = 0; i < pk_graph_size(j->g); i++) {
				const PkTriple *t = pk_graph_get(j->g, i);
				PkStatus st = t->o.kind == PK_TERM_IRI
				                      ? pk_graph_add_iri(k->all, t->s.value, t->p.value, t->o.value)
				                      : pk_graph_add_literal(k->all, t->s.value, t->p.value, t->o.value,
				                                             t->o.datatype, t->o.lang);
				if (st != PK_OK)
					k->write_error = 1;
			}
		}
	}
	pk_graph_free(j->g);
	pk_input_clear(&j->in);
	/* the output block is left for pool_keep_block */
	char *bytes = j->bytes;
	size_t cap = j->cap_bytes;
	memset(j, 0, sizeof *j);
	j->bytes = bytes;
	j->cap_bytes = cap;
}

static void
progress(const PkExtractOptions *o, size_t done)
{
	if (!o->quiet && isatty(2) && done % 100 == 0)
		fprintf(stderr, "\rpolicekg: %zu articles", done);
}

int
pk_extract_run(const PkExtractOptions *o)
{
	pk_log_set_quiet(o->quiet);
	PkRuleSet *rs = NULL;
	const char *dir = o->rules_dir ? o->rules_dir : PK_DEFAULT_RULES_DIR;
	if (pk_ruleset_load(&rs, dir) != PK_OK)
		return 2;
	int streaming = o->format == PK_FORMAT_NTRIPLES || o->format == PK_FORMAT_NQUADS;
	PkCorpus *corpus = pk_corpus_new(o->inputs, o->n_inputs, o->files_from, o->jsonl);
	char *tmp = NULL;
	FILE *out = corpus ? open_output(o->out_path, &tmp) : NULL;
	Sink k = {out, streaming ? NULL : pk_graph_new(), 0, 0, {0}, 0, 0, 0, 0};
	if (!corpus || !out || (!streaming && !k.all)) {
		pk_corpus_free(corpus);
		pk_graph_free(k.all);
		pk_ruleset_free(rs);
		if (out && out != stdout)
			fclose(out);
		if (tmp)
			unlink(tmp);
		free(tmp);
		return 2;
	}
	int jobs = o->jobs > 0 ? o->jobs : 1;
	Pool p = {o, rs, streaming, NULL, (size_t)jobs * 4, PTHREAD_MUTEX_INITIALIZER,
	          PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, NULL, 0, (size_t)jobs};
	p.jobs = calloc(p.window, sizeof(Job));
	p.blocks = calloc(p.keep, sizeof *p.blocks);
	pthread_t *threads = calloc((size_t)jobs, sizeof(pthread_t));
	int started = 0;
	/* This thread is a worker too: -jN runs N-1 threads beside it, and it takes queued
	 * articles while it waits for the next one to write (N threads on N cores: a thread
	 * that only waited cost a tenth more CPU in wake-ups at -j2). */
	Worker one = {NULL, NULL, NULL};
	if (!p.jobs || !p.blocks || !threads || worker_init(&one, rs)) {
		k.write_error = 1;
		goto finish;
	}
	for (; started < jobs - 1; started++)
		if (pthread_create(&threads[started], NULL, worker, &p))
			break;
	size_t seq = 0, next_out = 0;
	int more = 1;
	while (more || next_out < seq) {
		if (jobs == 1) {
			Job *j = &p.jobs[0];
			if (!pk_corpus_next(corpus, &j->in))
				break;
			pool_lend_block(&p, j);
			run_job(&p, &one, j);
			consume(&k, o, j);
			pool_keep_block(&p, j);
			progress(o, ++seq);
			continue;
		}
		pthread_mutex_lock(&p.mu);
		/* hand out the next input when the window has room */
		if (more && seq - next_out < p.window) {
			pthread_mutex_unlock(&p.mu);
			PkInput in;
			more = pk_corpus_next(corpus, &in);
			pthread_mutex_lock(&p.mu);
			if (more) {
				Job *j = &p.jobs[seq % p.window];
				j->in = in;
				j->seq = seq++;
				j->state = 1;
				pthread_cond_signal(&p.work);
			}
		} else {
			Job *j = &p.jobs[next_out % p.window];
			while (j->state != 3) {
				Job *pick = pool_pick(&p);
				if (!pick) {
					pthread_cond_wait(&p.done, &p.mu);
					continue;
				}
				pick->state = 2;
				pool_lend_block(&p, pick);
				pthread_mutex_unlock(&p.mu);
				run_job(&p, &one, pick);
				pthread_mutex_lock(&p.mu);
				pick->state = 3;
			}
		}
		/* write finished results in input order */
		while (next_out < seq && p.jobs[next_out % p.window].state == 3) {
			Job *j = &p.jobs[next_out % p.window];
			pthread_mutex_unlock(&p.mu);
			consume(&k, o, j);
			progress(o, ++next_out);
			pthread_mutex_lock(&p.mu);
			pool_keep_block(&p, j);
		}
		pthread_mutex_unlock(&p.mu);
	}
finish:
	pthread_mutex_lock(&p.mu);
	p.closing = 1;
	pthread_cond_broadcast(&p.work);
	pthread_mutex_unlock(&p.mu);
	for (int i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	for (size_t i = 0; p.jobs && i < p.window; i++)
		free(p.jobs[i].bytes);
	for (size_t i = 0; i < p.n_blocks; i++)
		free(p.blocks[i].buf);
	free(p.blocks);
	free(p.jobs);
	worker_done(&one);
	pk_corpus_free(corpus);
	if (!o->quiet && isatty(2) && (k.ok + k.failed) >= 100)
		fputc('\n', stderr);

	int rc = k.failed ? 1 : 0;
	if (!k.ok && k.failed) {
		pk_log(PK_LOG_ERROR, NULL, "no input could be read; nothing written");
		rc = 2;
	} else if (!k.write_error && k.all) {
		PkStatus ws = pk_writer_write(out, k.all, o->format);
		if (ws != PK_OK) {
			k.write_error = 1;
			k.write_errno = ws == PK_ERR_IO ? errno : 0;
			k.write_refused = ws == PK_ERR_RDF;
		}
		if (o->stats)
			count_classes(k.all, k.counts, &k.triples);   /* normalised: duplicates gone */
	}
	errno = 0;
	int close_err = out != stdout ? fclose(out) : fflush(out);
	int saved = k.write_errno ? k.write_errno : errno;
	if (rc != 2 && (k.write_error || close_err || (out == stdout && ferror(stdout)))) {
		/* (a refused triple was reported by the writer: no second, errno-less line) */
		PkLoc loc = {o->out_path ? o->out_path : "<stdout>", 0, 0, NULL, 0};
		if (!k.write_refused || close_err)
			pk_log(PK_LOG_ERROR, &loc, "write failed: %s", saved ? strerror(saved) : "input/output error");
		rc = 2;
	}
	if (tmp) {
		if (rc == 2)
			unlink(tmp);
		else if (rename(tmp, o->out_path)) {
			PkLoc loc = {o->out_path, 0, 0, NULL, 0};
			pk_log(PK_LOG_ERROR, &loc, "cannot rename output into place: %s", strerror(errno));
			unlink(tmp);
			rc = 2;
		}
		free(tmp);
	}
	if (o->stats && rc != 2) {
		fprintf(stderr, "policekg: %zu articles (%zu failed), %zu triples:", k.ok + k.failed,
		        k.failed, k.triples);
		for (int c = 0; c < N_CLASSES; c++)
			fprintf(stderr, " %s %zu%s", class_names[c], k.counts[c], c < N_CLASSES - 1 ? "," : "\n");
	}
	pk_graph_free(k.all);
	pk_ruleset_free(rs);
	pk_normalize_cleanup();
	return rc;
}
