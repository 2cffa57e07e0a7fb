/* json.h — just enough JSON for JSON Lines corpora: one flat object per line whose
 * values are strings (other values are skipped). */
#ifndef PK_JSON_H
#define PK_JSON_H

#include <stddef.h>

typedef struct {
	char *key;     /* owned, UTF-8 */
	char *value;   /* owned, UTF-8 (NULL for non-string values) */
	size_t value_len;
} PkJsonField;

typedef struct {
	PkJsonField *fields;
	size_t n;
} PkJsonObject;

/* Parses one object from s[0..len). Returns 0, or -1 with *err_off at the problem
 * (a short reason in *err). \u escapes (with surrogate pairs) become UTF-8. */
int pk_json_parse_object(const char *s, size_t len, PkJsonObject *out, size_t *err_off,
                         const char **err);
const char *pk_json_get(const PkJsonObject *o, const char *key, size_t *len);
void pk_json_free(PkJsonObject *o);

#endif
