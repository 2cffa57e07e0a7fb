/* coverage.h — `policekg coverage PATH...`: which rules fire over a corpus, which never
 * do, which matches lose overlaps (and to what), and which sentences mention police
 * words or numbers but gave no fact: where rules are missing. */
#ifndef PK_COVERAGE_H
#define PK_COVERAGE_H

#include <stddef.h>
#include <stdio.h>

/* Writes the text report to out and, when html_path is set, a self-contained HTML report.
 * max_sentences caps the sentence list. Returns the exit code. */
int pk_coverage_run(const char *rules_dir, const char *const *paths, size_t n,
                    const char *html_path, size_t max_sentences, FILE *out);

#endif
