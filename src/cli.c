/* cli.c — the policekg command line: parse options, then call one run function.
 *
 * One option table drives both getopt_long and --help (pcre2grep style).
 * Exit codes: 0 all done, 1 some input failed (the rest was processed and written),
 * 2 usage, rules or write error (nothing written).
 */
#include "policekg.h"

#include "coverage.h"
#include "explain.h"
#include "query.h"
#include "rulecheck.h"

#include <getopt.h>
#include <stdio.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
	const char *name;
	int has_arg;
	int val;
	const char *arg;
	const char *help;
} Option;

static const Option extract_options[] = {
	{"format", required_argument, 'f', "FMT",
	 "turtle (default; whole graph in memory: single files and small corpora), ntriples or "
	 "nquads (streamed article by article, memory bounded by the largest article; N-Quads put "
	 "each article in its own named graph), dot (Graphviz picture of the entity graph)"},
	{"output", required_argument, 'o', "FILE", "write to FILE (atomically) instead of stdout"},
	{"rules", required_argument, 'r', "DIR[:DIR…]", "rules directory (default: " PK_DEFAULT_RULES_DIR "); more directories after ':' are packs loaded over it (same rule id: the later wins)"},
	{"provenance", required_argument, 'P', "LEVEL",
	 "full (default: kg:Mention nodes with offsets, rule and sentence), spans (the same without the sentence text) or none (entities and facts only; fastest for large corpora)"},
	{"jobs", required_argument, 'j', "N", "threads extracting articles (default: one per core); output order is the input order"},
	{"files-from", required_argument, 'F', "FILE", "read article paths from FILE, one per line (- = stdin)"},
	{"jsonl", no_argument, 'J', NULL, "inputs (or stdin) are JSON Lines: {\"id\",\"url\",\"date\",\"text\"} per line"},
	{"quiet", no_argument, 'q', NULL, "only print errors"},
	{"stats", no_argument, 's', NULL, "print triple and class counts to stderr"},
	{"help", no_argument, 'h', NULL, "show this help"},
	{"version", no_argument, 'V', NULL, "show the version"},
	{NULL, 0, 0, NULL, NULL},
};

static void
usage(FILE *f)
{
	fputs("usage: policekg extract [OPTION]... FILE...\n"
	      "Extract police units, places, dates, honours and statistics from Chinese news\n"
	      "articles (one per FILE; a directory means every file under it, sorted; - is\n"
	      "stdin) into an RDF knowledge graph.\n\n"
	      "Options:\n", f);
	for (const Option *o = extract_options; o->name; o++) {
		char left[64];
		if (o->val == 'F' || o->val == 'J' || o->val == 'P')
			snprintf(left, sizeof left, "    --%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(left, sizeof left, "-%c, --%s%s%s", o->val, o->name, o->arg ? " " : "",
			         o->arg ? o->arg : "");
		fprintf(f, "  %-24s ", left);
		/* wrap the help text at 78 columns */
		const char *h = o->help;
		size_t col = 27;
		while (*h) {
			const char *sp = strchr(h, ' ');
			size_t wl = sp ? (size_t)(sp - h) : strlen(h);
			if (col + wl > 78 && col > 27) {
				fprintf(f, "\n%27s", "");
				col = 27;
			}
			fprintf(f, "%s%.*s", col > 27 ? " " : "", (int)wl, h);
			col += wl + 1;
			h += wl + (sp ? 1 : 0);
		}
		fputc('\n', f);
	}
	fputs("\nExit status: 0 all articles processed; 1 some articles failed (the others were\n"
	      "written); 2 usage, rule-file or write error (nothing written).\n", f);
}

static int
cmd_extract(int argc, char **argv)
{
	struct option longopts[16];
	char shortopts[64] = "";
	size_t n = 0, sp = 0;
	for (const Option *o = extract_options; o->name; o++, n++) {
		longopts[n] = (struct option){o->name, o->has_arg, NULL, o->val};
		if (o->val == 'F' || o->val == 'J' || o->val == 'P')
			continue;   /* long only */
		shortopts[sp++] = (char)o->val;
		if (o->has_arg == required_argument)
			shortopts[sp++] = ':';
	}
	longopts[n] = (struct option){NULL, 0, NULL, 0};
	PkExtractOptions opts = {0};
	opts.format = PK_FORMAT_TURTLE;
	if (getenv("PK_RULES_DIR"))
		opts.rules_dir = getenv("PK_RULES_DIR");
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!strcmp(optarg, "turtle") || !strcmp(optarg, "ttl")) {
				opts.format = PK_FORMAT_TURTLE;
			} else if (!strcmp(optarg, "ntriples") || !strcmp(optarg, "nt")) {
				opts.format = PK_FORMAT_NTRIPLES;
			} else if (!strcmp(optarg, "nquads") || !strcmp(optarg, "nq")) {
				opts.format = PK_FORMAT_NQUADS;
			} else if (!strcmp(optarg, "dot")) {
				opts.format = PK_FORMAT_DOT;
			} else {
				fprintf(stderr, "policekg: unknown format '%s' (turtle, ntriples, nquads, dot)\n", optarg);
				return 2;
			}
			break;
		case 'o': opts.out_path = optarg; break;
		case 'r': opts.rules_dir = optarg; break;
		case 'j': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 1 || v > 256) {
				fprintf(stderr, "policekg: -j needs a number of threads 1..256, got '%s'\n", optarg);
				return 2;
			}
			opts.jobs = (int)v;
			break;
		}
		case 'F': opts.files_from = optarg; break;
		case 'P':
			if (!strcmp(optarg, "full"))
				opts.provenance = PK_PROV_FULL;
			else if (!strcmp(optarg, "spans"))
				opts.provenance = PK_PROV_SPANS;
			else if (!strcmp(optarg, "none"))
				opts.provenance = PK_PROV_NONE;
			else {
				fprintf(stderr, "policekg: unknown provenance level '%s' (full, spans, none)\n", optarg);
				return 2;
			}
			break;
		case 'J': opts.jsonl = 1; break;
		case 'q': opts.quiet = 1; break;
		case 's': opts.stats = 1; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("policekg %s\n", PK_VERSION); return 0;
		default:
			if (optopt)
				fprintf(stderr, "policekg: option '-%c' %s\n", optopt,
				        strchr(shortopts, optopt) ? "needs an argument" : "is unknown");
			else
				fprintf(stderr, "policekg: unknown option '%s'\n", argv[optind - 1]);
			fputs("Try 'policekg extract --help'.\n", stderr);
			return 2;
		}
	}
	if (optind >= argc && !opts.files_from && !opts.jsonl) {
		fputs("policekg: no input files (use - for stdin)\nTry 'policekg extract --help'.\n", stderr);
		return 2;
	}
	if (!opts.jobs) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		opts.jobs = cores > 0 && cores <= 256 ? (int)cores : 1;
	}
	opts.inputs = (const char *const *)argv + optind;
	opts.n_inputs = (size_t)(argc - optind);
	return pk_extract_run(&opts);
}

static int
cmd_rules(int argc, char **argv)
{
	/* policekg rules check [-v] [DIR] */
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs("usage: policekg rules check [-v|--verbose] [DIR]\n"
		      "Compile every rule in DIR (default: the installed rules) and run its inline\n"
		      "examples and counter-examples. Exit 0 all pass, 1 some fail, 2 rules invalid.\n",
		      argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "check")) {
		fprintf(stderr, "policekg: unknown rules command '%s' (check)\n", argv[1]);
		return 2;
	}
	int verbose = 0;
	const char *dir = getenv("PK_RULES_DIR") ? getenv("PK_RULES_DIR") : PK_DEFAULT_RULES_DIR;
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose"))
			verbose = 1;
		else if (argv[i][0] == '-') {
			fprintf(stderr, "policekg: unknown option '%s'\nTry 'policekg rules --help'.\n", argv[i]);
			return 2;
		} else
			dir = argv[i];
	}
	return pk_rulecheck_run(dir, verbose, stdout);
}

/* policekg explain [--rules DIR] [--color=auto|always|never] FILE... */
static int
cmd_explain(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"rules", required_argument, NULL, 'r'}, {"color", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
	};
	const char *dir = getenv("PK_RULES_DIR") ? getenv("PK_RULES_DIR") : PK_DEFAULT_RULES_DIR;
	int color = isatty(1);
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "r:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': dir = optarg; break;
		case 'c':
			if (!strcmp(optarg, "always"))
				color = 1;
			else if (!strcmp(optarg, "never"))
				color = 0;
			else if (strcmp(optarg, "auto")) {
				fprintf(stderr, "policekg: --color takes auto, always or never\n");
				return 2;
			}
			break;
		case 'h':
			fputs("usage: policekg explain [--rules DIR] [--color=auto|always|never] FILE...\n"
			      "For each entity and fact: its triples, the rule (id, file:line) and span\n"
			      "(code points) behind it, the sentence, and the normalisation and linking\n"
			      "decisions. Colour only on a terminal unless --color=always.\n", stdout);
			return 0;
		default:
			fprintf(stderr, "policekg: unknown option '%s'\nTry 'policekg explain --help'.\n", argv[optind - 1]);
			return 2;
		}
	}
	if (optind >= argc) {
		fputs("policekg: no input files\nTry 'policekg explain --help'.\n", stderr);
		return 2;
	}
	return pk_explain_run(dir, (const char *const *)argv + optind, (size_t)(argc - optind), color, stdout);
}

/* policekg coverage [--rules DIR] [--html FILE] [--max-sentences N] PATH... */
static int
cmd_coverage(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"rules", required_argument, NULL, 'r'}, {"html", required_argument, NULL, 'H'},
		{"max-sentences", required_argument, NULL, 'm'}, {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *dir = getenv("PK_RULES_DIR") ? getenv("PK_RULES_DIR") : PK_DEFAULT_RULES_DIR;
	const char *html = NULL;
	size_t max = 200;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "r:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': dir = optarg; break;
		case 'H': html = optarg; break;
		case 'm': {
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);
			if (!*optarg || *end) {
				fprintf(stderr, "policekg: --max-sentences needs a number, got '%s'\n", optarg);
				return 2;
			}
			max = (size_t)v;
			break;
		}
		case 'h':
			fputs("usage: policekg coverage [--rules DIR] [--html FILE] [--max-sentences N] PATH...\n"
			      "Over a corpus (files or directories): hits per rule, rules that never fired,\n"
			      "matches dropped by overlap resolution and the rule that won, and sentences\n"
			      "that mention police words or numbers but produced no fact. --html also\n"
			      "writes a self-contained HTML report with bar charts.\n", stdout);
			return 0;
		default:
			fprintf(stderr, "policekg: unknown option '%s'\nTry 'policekg coverage --help'.\n", argv[optind - 1]);
			return 2;
		}
	}
	if (optind >= argc) {
		fputs("policekg: no input files\nTry 'policekg coverage --help'.\n", stderr);
		return 2;
	}
	return pk_coverage_run(dir, (const char *const *)argv + optind, (size_t)(argc - optind), html, max, stdout);
}

static void
main_usage(FILE *f)
{
	fputs("usage: policekg COMMAND [OPTION]... [ARG]...\n\n"
	      "Commands:\n"
	      "  extract FILE...    extract a knowledge graph (Turtle, N-Triples, N-Quads, DOT)\n"
	      "  rules check [DIR]  compile the rules and run their inline examples\n"
	      "  explain FILE...    why each triple is there: rule, span, sentence, decisions\n"
	      "  coverage PATH...   rule hits, rules that never fire, sentences with no fact\n"
	      "  query Q.rq DATA... run a SPARQL query over graph files\n\n"
	      "'policekg COMMAND --help' describes each command.\n", f);
}

int
main(int argc, char **argv)
{
#if defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
	/* Per-article buffers of a few hundred KiB would otherwise be mmap'd and unmapped for
	 * every article (glibc's dynamic threshold starts at 128 KiB): measured 27 k page
	 * faults instead of 5 k on the 10 MB benchmark corpus. Freed memory is kept for the
	 * next article; blocks over 32 MiB are still mapped on their own. */
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
	if (argc < 2) {
		main_usage(stderr);
		return 2;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		main_usage(stdout);
		return 0;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
		printf("policekg %s\n", PK_VERSION);
		return 0;
	}
	if (!strcmp(cmd, "extract"))
		return cmd_extract(argc - 1, argv + 1);
	if (!strcmp(cmd, "rules"))
		return cmd_rules(argc - 1, argv + 1);
	if (!strcmp(cmd, "coverage"))
		return cmd_coverage(argc - 1, argv + 1);
	if (!strcmp(cmd, "explain"))
		return cmd_explain(argc - 1, argv + 1);
	if (!strcmp(cmd, "query"))
		return pk_query_main(argc - 1, argv + 1);
	fprintf(stderr, "policekg: unknown command '%s'\n", cmd);
	main_usage(stderr);
	return 2;
}
