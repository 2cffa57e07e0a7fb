/* fuzz_rules.c — libFuzzer harness: arbitrary bytes as a rule file, parsed, expanded and
 * compiled by pk_ruleset_load_file.
 *
 * Each input is written to a file in a private temporary directory. Inputs whose
 * include/list/gazetteer lines name a path with '/' or '..' are skipped: they would read
 * the machine's file system (include /, include .. from /tmp, list X /dev/zero), which
 * tests nothing of ours. Other relative names stay inside the private directory
 * (include . is a real cycle case).
 */
#define _GNU_SOURCE   /* memmem */
#include "log.h"
#include "rules.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];
static char path[96];

static void
cleanup(void)
{
	unlink(path);
	rmdir(dir);
}

static int
names_a_path(const uint8_t *d, size_t n)
{
	static const char *const kws[] = {"include", "list", "gazetteer"};
	for (size_t i = 0; i < n;) {
		size_t e = i;
		while (e < n && d[e] != '\n')
			e++;
		size_t s = i;
		while (s < e && (d[s] == ' ' || d[s] == '\t'))
			s++;
		for (size_t k = 0; k < 3; k++) {
			size_t kl = strlen(kws[k]);
			if (e - s >= kl && !memcmp(d + s, kws[k], kl) &&
			    (memchr(d + s, '/', e - s) || memmem(d + s, e - s, "..", 2)))
				return 1;
		}
		i = e + 1;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!dir[0]) {
		const char *t = getenv("TMPDIR");
		snprintf(dir, sizeof dir, "%s/pkfuzz.XXXXXX", t && strlen(t) < 40 ? t : "/tmp");
		if (!mkdtemp(dir))
			abort();
		snprintf(path, sizeof path, "%s/fuzz.rules", dir);
		atexit(cleanup);
		pk_log_set_quiet(1);
	}
	if (names_a_path(data, size))
		return 0;
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	if (fwrite(data, 1, size, f) != size || fclose(f))
		abort();
	PkRuleSet *rs = NULL;
	if (pk_ruleset_load_file(&rs, path) == PK_OK && !rs)
		abort();
	pk_ruleset_free(rs);
	return 0;
}
