/* json.c — a strict little parser for flat JSON objects (JSON Lines input). */
#include "json.h"

#include "buf.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	const char *s;
	size_t len, i;
	const char *err;
} P;

static void
ws(P *p)
{
	while (p->i < p->len && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\r' ||
	                         p->s[p->i] == '\n'))
		p->i++;
}

static int
hex4(P *p, unsigned *out)
{
	if (p->i + 4 > p->len)
		return -1;
	unsigned v = 0;
	for (int k = 0; k < 4; k++) {
		char c = p->s[p->i++];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static int
string(P *p, PkBuf *b)
{
	if (p->i >= p->len || p->s[p->i] != '"') {
		p->err = "expected a string";
		return -1;
	}
	p->i++;
	while (p->i < p->len) {
		unsigned char c = (unsigned char)p->s[p->i];
		if (c == '"') {
			p->i++;
			return pk_buf_append(b, "", 0);
		}
		if (c < 0x20) {
			p->err = "control character in string";
			return -1;
		}
		if (c != '\\') {
			/* a run of plain bytes up to the next quote, backslash or control character,
			 * validated and appended at once (an article is one long string) */
			size_t e = p->i;
			while (e < p->len) {
				unsigned char x = (unsigned char)p->s[e];
				if (x == '"' || x == '\\' || x < 0x20)
					break;
				e++;
			}
			size_t ok = pk_utf8_validate(p->s + p->i, e - p->i);
			if (ok < e - p->i) {
				/* a sequence cut by the run's end (a quote inside it) is invalid too */
				p->i += ok;
				p->err = "invalid UTF-8";
				return -1;
			}
			if (pk_buf_append(b, p->s + p->i, e - p->i))
				return -1;
			p->i = e;
			continue;
		}
		p->i++;
		if (p->i >= p->len)
			break;
		char e = p->s[p->i++];
		const char *rep = NULL;
		switch (e) {
		case '"': rep = "\""; break;
		case '\\': rep = "\\"; break;
		case '/': rep = "/"; break;
		case 'b': rep = "\b"; break;
		case 'f': rep = "\f"; break;
		case 'n': rep = "\n"; break;
		case 'r': rep = "\r"; break;
		case 't': rep = "\t"; break;
		case 'u': {
			unsigned cp;
			if (hex4(p, &cp)) {
				p->err = "bad \\u escape";
				return -1;
			}
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				unsigned lo;
				if (p->i + 2 > p->len || p->s[p->i] != '\\' || p->s[p->i + 1] != 'u') {
					p->err = "lone surrogate";
					return -1;
				}
				p->i += 2;
				if (hex4(p, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
					p->err = "lone surrogate";
					return -1;
				}
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
				p->err = "lone surrogate";
				return -1;
			}
			char enc[4];
			if (pk_buf_append(b, enc, pk_utf8_encode(cp, enc)))
				return -1;
			continue;
		}
		default:
			p->err = "bad escape";
			return -1;
		}
		if (pk_buf_append(b, rep, 1))
			return -1;
	}
	p->err = "unterminated string";
	return -1;
}

/* Skips a non-string value (number, true, false, null, nested object/array). */
static int
skip_value(P *p)
{
	int depth = 0;
	while (p->i < p->len) {
		char c = p->s[p->i];
		if (c == '"') {
			PkBuf tmp = PK_BUF_INIT;
			int r = string(p, &tmp);
			pk_buf_free(&tmp);
			if (r)
				return -1;
			continue;
		}
		if (c == '{' || c == '[')
			depth++;
		else if (c == '}' || c == ']') {
			if (!depth)
				return 0;
			depth--;
		} else if (c == ',' && !depth)
			return 0;
		p->i++;
	}
	p->err = "unterminated value";
	return -1;
}

int
pk_json_parse_object(const char *s, size_t len, PkJsonObject *out, size_t *err_off, const char **err)
{
	P p = {s, len, 0, NULL};
	memset(out, 0, sizeof *out);
	ws(&p);
	if (p.i >= len || s[p.i] != '{') {
		p.err = "expected '{'";
		goto fail;
	}
	p.i++;
	ws(&p);
	if (p.i < len && s[p.i] == '}') {
		p.i++;
		goto end;
	}
	for (;;) {
		ws(&p);
		PkBuf key = PK_BUF_INIT, val = PK_BUF_INIT;
		if (string(&p, &key)) {
			pk_buf_free(&key);
			goto fail;
		}
		ws(&p);
		if (p.i >= len || s[p.i] != ':') {
			pk_buf_free(&key);
			p.err = "expected ':'";
			goto fail;
		}
		p.i++;
		ws(&p);
		int is_str = p.i < len && s[p.i] == '"';
		if (is_str ? string(&p, &val) : skip_value(&p)) {
			pk_buf_free(&key);
			pk_buf_free(&val);
			goto fail;
		}
		PkJsonField *f = realloc(out->fields, (out->n + 1) * sizeof *f);
		if (!f) {
			pk_buf_free(&key);
			pk_buf_free(&val);
			p.err = "out of memory";
			goto fail;
		}
		out->fields = f;
		out->fields[out->n++] = (PkJsonField){key.data, is_str ? val.data : NULL, is_str ? val.len : 0};
		if (!is_str)
			pk_buf_free(&val);
		ws(&p);
		if (p.i < len && s[p.i] == ',') {
			p.i++;
			continue;
		}
		if (p.i < len && s[p.i] == '}') {
			p.i++;
			break;
		}
		p.err = "expected ',' or '}'";
		goto fail;
	}
end:
	ws(&p);
	if (p.i != len) {
		p.err = "trailing characters after the object";
		goto fail;
	}
	return 0;
fail:
	*err_off = p.i;
	*err = p.err ? p.err : "invalid JSON";
	pk_json_free(out);
	return -1;
}

const char *
pk_json_get(const PkJsonObject *o, const char *key, size_t *len)
{
	for (size_t i = 0; i < o->n; i++)
		if (o->fields[i].key && !strcmp(o->fields[i].key, key) && o->fields[i].value) {
			if (len)
				*len = o->fields[i].value_len;
			return o->fields[i].value;
		}
	return NULL;
}

void
pk_json_free(PkJsonObject *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->n; i++) {
		free(o->fields[i].key);
		free(o->fields[i].value);
	}
	free(o->fields);
	o->fields = NULL;
	o->n = 0;
}
