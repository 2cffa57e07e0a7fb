/* iri.h — deterministic, strictly valid IRIs for entities and facts.
 *
 * Every node is minted from its content (no counters, no blank nodes), so the same input
 * gives the same IRIs and graphs of separate runs merge by plain union. Names keep their
 * Chinese characters (legal in IRIs, RFC 3987 ucschar); everything that strict parsers
 * (Oxigraph, Jena, N3.js) reject in an IRI is percent-encoded before Raptor sees it.
 */
#ifndef PK_IRI_H
#define PK_IRI_H

#include <stddef.h>
#include <stdint.h>

/* 64-bit FNV-1a of bytes, the hash used for opaque IRIs. */
uint64_t pk_hash64(const void *data, size_t len);

/* Appends to buf (size cap) "https://w3id.org/policekg/id/" kind "/" then name made
 * IRI-safe: ASCII letters, digits and -._~ kept, non-ASCII code points in RFC 3987
 * ucschar kept raw, everything else (space, <>"{}|\^`, controls, private use, '/', '#',
 * '?', '%') percent-encoded as UTF-8 bytes. Returns the length written (excluding NUL),
 * or 0 when it does not fit. name must be valid UTF-8. */
size_t pk_iri_mint(char *buf, size_t cap, const char *kind, const char *name, size_t name_len);

/* Same, with the name replaced by the 16 lower-case hex digits of a hash. */
size_t pk_iri_mint_hash(char *buf, size_t cap, const char *kind, uint64_t hash);

#endif
