/* fuzz_reader.c — libFuzzer harness: arbitrary bytes through the reader's checks and the
 * normaliser, the way `policekg extract` treats an article.
 *
 * Built by tests/fuzz/build.sh (clang, -fsanitize=fuzzer,address,undefined); replayed over
 * tests/fuzz/corpus/reader by tests/fuzz.test.sh with -DPK_FUZZ_REPLAY (replay_main.c).
 */
#include "log.h"
#include "normalize.h"
#include "reader.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy: ASan then sees any read past the article's end. */
	char *text = malloc(size ? size : 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	pk_log_set_quiet(1);
	if (pk_reader_check("fuzz", text, size) == PK_OK) {
		PkNormText nt;
		if (pk_normalize(&nt, text, size) == PK_OK) {
			/* The alignment map must be monotonic and end at the code-point count. */
			for (size_t i = 0; i < nt.len; i++)
				if (nt.to_orig[i] > nt.to_orig[i + 1])
					abort();
			if (nt.to_orig[nt.len] != nt.orig_cps)
				abort();
		}
		pk_normtext_free(&nt);
	}
	free(text);
	return 0;
}
