/* reader.h — reads one article (file or stdin) and checks it is usable text.
 *
 * Rejects with a file:line:col message: invalid UTF-8 (with the byte offset), NUL bytes
 * (binary files), directories, over-long articles. Strips a UTF-8 BOM; offsets everywhere
 * else count code points of the text after the BOM.
 */
#ifndef PK_READER_H
#define PK_READER_H

#include "policekg.h"

#include <stddef.h>

/* Reads path ("-" = stdin) into *out (malloc'd, NUL-terminated, owned by the caller) and
 * *len. Logs and returns PK_ERR_IO / PK_ERR_INPUT / PK_ERR_LIMIT on failure. */
PkStatus pk_reader_read(const char *path, char **out, size_t *len);

/* Checks an in-memory article; label names it in messages. */
PkStatus pk_reader_check(const char *label, const char *text, size_t len);

#endif
