/* link_facts.c — facts about units: dates (and the publication date), honours conferred
 * (awards), statistics, foundings and renames, each credited to a unit found by
 * link_units.c and kept with its evidence. */
#define _GNU_SOURCE   /* memmem */
#include "link_ctx.h"

#include "buf.h"
#include "numbers.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- dates ---- */

/* Where the first 。 of the text is (its length when there is none). */
static size_t
first_full_stop(const PkDoc *d)
{
	size_t stop = 0;
	while (stop + 3 <= d->len && memcmp(d->text + stop, "。", 3))
		stop++;
	return stop + 3 > d->len ? d->len : stop;
}

/* Is the sentence before off in the future tense (将于9月1日起, 计划于…, 拟…)? A plan
 * dated after the publication date is in the publication year, not the year before. */
static int
future_tense(const char *t, size_t off)
{
	static const char *const words[] = {"将", "计划", "拟", "预计", "即将", "届时"};
	size_t from = off;
	for (int n = 0; n < 150 && from > 0; n++) {
		size_t p = pk_link_prev_char(t, from);
		if (t[p] == '\n' || !memcmp(t + p, "。", 3))
			break;
		from = p;
	}
	for (size_t i = from; i < off; i++)
		for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
			if (!strncmp(t + i, words[k], strlen(words[k])))
				return 1;
	return 0;
}

static int resolve_date(Ctx *c, const PkMention *m, int second, PkDate *out);

/* The year of the last date before m that writes its year (同年 refers to it), or 0. */
static int
year_named_before(Ctx *c, const PkMention *m)
{
	for (size_t i = pk_link_first_mention_at(c->ml, m->start); i-- > 0;) {
		const PkMention *dm = &c->ml->items[i];
		PkDate dt;
		if (dm->rule->type == PK_TYPE_DATE && dm->role[PK_ROLE_YEAR].set && pk_link_alive(c, dm) &&
		    dm->end <= m->start && !resolve_date(c, dm, 0, &dt))
			return dt.year;
	}
	return 0;
}

static int
resolve_date(Ctx *c, const PkMention *m, int second, PkDate *out)
{
	const char *t = c->doc->text;
	PkSpan y = m->role[second ? PK_ROLE_YEAR2 : PK_ROLE_YEAR];
	PkSpan mo = m->role[second ? PK_ROLE_MONTH2 : PK_ROLE_MONTH];
	PkSpan da = m->role[second ? PK_ROLE_DAY2 : PK_ROLE_DAY];
	if (second && !y.set && !mo.set && !da.set)
		return -1;
	if (second && !y.set)
		y = m->role[PK_ROLE_YEAR];   /* 2020年3月至5月: the end shares the year */
	if (second && !mo.set && da.set)
		mo = m->role[PK_ROLE_MONTH];   /* 10月1日至7日: and the month */
	const PkDate *pub = &c->doc->pub;
	if (da.set && !mo.set && !y.set) {
		/* 记者8日从…获悉: the dateline's month, or the month before it when the day is
		 * later than the dateline's */
		if (!pub->year || !pub->month || !pub->day)
			return -1;
		int month = pub->month, year = pub->year;
		char mb[3];
		if (pk_date_from_parts(out, NULL, 0, "1", 1, t + da.start, da.end - da.start))
			return -1;
		if (out->day > pub->day && --month == 0) {
			month = 12;
			year--;
		}
		snprintf(mb, sizeof mb, "%d", month);
		if (pk_date_from_parts(out, NULL, 0, mb, strlen(mb), t + da.start, da.end - da.start))
			return -1;
		out->year = year;
		return 0;
	}
	if (pk_date_from_parts(out, y.set ? t + y.start : NULL, y.set ? y.end - y.start : 0,
	                       mo.set ? t + mo.start : NULL, mo.set ? mo.end - mo.start : 0,
	                       da.set ? t + da.start : NULL, da.set ? da.end - da.start : 0))
		return -1;
	PkSpan rel = m->role[PK_ROLE_REL];
	if (!out->year && rel.set) {
		int delta;
		if (pk_date_relative(t + rel.start, rel.end - rel.start, &delta) == 0 && pub->year)
			out->year = pub->year + delta;
		else if (rel.end - rel.start == strlen("同年") && !memcmp(t + rel.start, "同年", rel.end - rel.start))
			out->year = year_named_before(c, m);   /* 2020年6月…同年12月: 2020-12 */
	}
	if (second && !out->year && !rel.set && out->month && !m->role[PK_ROLE_YEAR].set) {
		/* 3月1日至4月30日: the end is in the start's year (the next one if it wraps) */
		PkDate first;
		if (!resolve_date(c, m, 0, &first) && first.year) {
			out->year = first.year + (out->month < first.month);
			return 0;
		}
	}
	if (!out->year && !rel.set && out->month && pub->year) {
		/* A bare 7月19日 is in the publication year, or the one before if that would be
		 * after the publication date. */
		out->year = pub->year;
		if (pub->month && pk_date_cmp(out, pub) > 0 &&
		    (out->month > pub->month + 1) && !future_tense(t, m->start))
			out->year--;
	}
	return out->year ? 0 : -1;
}

static void
add_date_fact(Ctx *c, const PkDate *dt, int ev)
{
	PkDoc *d = c->doc;
	for (size_t i = 0; i < d->n_dates; i++)
		if (!pk_date_cmp(&d->dates[i].date, dt))
			return;
	if (GROW(d->dates, d->n_dates, d->cap_dates))
		return;
	d->dates[d->n_dates++] = (PkDateFact){*dt, ev};
}

void
pk_link_dates(Ctx *c)
{
	PkDoc *d = c->doc;
	const PkMentionList *ml = c->ml;
	const char *t = d->text;
	/* The publication date: the first dateline; a dateline without a year takes the
	 * latest year the page mentions anywhere (related-news tails included). */
	int max_year = 0, max_full = 0;
	for (size_t i = 0; i < ml->n; i++) {
		const PkMention *m = &ml->items[i];
		if (m->rule->type != PK_TYPE_DATE && m->rule->type != PK_TYPE_DATELINE)
			continue;
		/* Full dates (年月日) are of past events near the publication; bare years may
		 * be plans (2024—2026年). */
		PkDate full;
		if (m->role[PK_ROLE_DAY].set && !resolve_date(c, m, 0, &full) && full.year > max_full)
			max_full = full.year;
		for (int r = PK_ROLE_YEAR; r <= PK_ROLE_YEAR2; r += 3) {
			PkSpan y = m->role[r];
			PkDate tmp;
			if (y.set && !pk_date_from_parts(&tmp, t + y.start, y.end - y.start, NULL, 0, NULL, 0) &&
			    tmp.year > max_year)
				max_year = tmp.year;
		}
	}
	if (max_full)
		max_year = max_full;
	if (d->seed_pub.year)
		d->pub = d->seed_pub;   /* a dateline in the text still wins below */
	for (size_t i = 0; i < ml->n && ((!d->pub.month && !d->pub.year) || d->pub_ev < 0); i++) {
		const PkMention *m = &ml->items[i];
		if (m->rule->type != PK_TYPE_DATELINE || m->dropped_by >= 0)
			continue;
		PkDate dt;
		if (resolve_date(c, m, 0, &dt) && !(m->role[PK_ROLE_MONTH].set && max_year))
			continue;
		if (!dt.year) {
			PkSpan mo = m->role[PK_ROLE_MONTH], da = m->role[PK_ROLE_DAY];
			if (pk_date_from_parts(&dt, NULL, 0, t + mo.start, mo.end - mo.start,
			                       da.set ? t + da.start : NULL, da.set ? da.end - da.start : 0))
				continue;
			dt.year = max_year;
		}
		d->pub = dt;
		d->pub_ev = pk_link_add_evidence(c, m->start, m->end, m->rule,
		                         m->role[PK_ROLE_YEAR].set ? "publication date"
		                                                   : "publication date; year: the latest the page names");
		d->pub_at = m->start;
		add_date_fact(c, &dt, d->pub_ev);
	}
	/* 2024-09-03 来源:兵团日报 … 本报石河子9月2日电: a second dateline in the lead (before
	 * the first 。; later ones open other stories on the page) dates the story, not the
	 * page; it is a date of the article too (its year the publication's) */
	size_t lead_end = first_full_stop(d);
	for (size_t i = 0; i < ml->n && d->pub_ev >= 0 && d->pub.year; i++) {
		const PkMention *m = &ml->items[i];
		if (m->rule->type != PK_TYPE_DATELINE || m->dropped_by >= 0 || m->start == d->pub_at ||
		    m->start >= lead_end)
			continue;
		PkSpan mo = m->role[PK_ROLE_MONTH], da = m->role[PK_ROLE_DAY];
		PkDate dt;
		if (m->role[PK_ROLE_YEAR].set ? resolve_date(c, m, 0, &dt)
		                              : pk_date_from_parts(&dt, NULL, 0, mo.set ? t + mo.start : NULL,
		                                                   mo.set ? mo.end - mo.start : 0,
		                                                   da.set ? t + da.start : NULL,
		                                                   da.set ? da.end - da.start : 0))
			continue;
		if (!dt.year)
			dt.year = d->pub.year - (dt.month > d->pub.month);
		add_date_fact(c, &dt, pk_link_add_evidence(c, m->start, m->end, m->rule,
		                                             "a dateline after the publication date's"));
	}
	for (size_t i = 0; i < ml->n; i++) {
		const PkMention *m = &ml->items[i];
		if (m->rule->type != PK_TYPE_DATE || !pk_link_alive(c, m))
			continue;
		for (int second = 0; second < 2; second++) {
			PkDate dt;
			if (resolve_date(c, m, second, &dt))
				continue;
			int ev = pk_link_add_evidence(c, m->start, m->end, m->rule, NULL);
			add_date_fact(c, &dt, ev);
		}
	}
}

/* The first date mention in off's sentence (before off if there is one). */
/* Is off inside a founding match (成立于1997年…)? Such a date dates the founding only. */
static int
in_founding(const Ctx *c, size_t off)
{
	/* founding matches are at most a sentence long: look back a bounded way */
	size_t i = pk_link_first_mention_at(c->ml, off + 1);
	for (size_t k = 0; i-- > 0 && k < 64; k++) {
		const PkMention *m = &c->ml->items[i];
		if (m->rule->type == PK_TYPE_FOUNDING && m->dropped_by < 0 && off >= m->start && off < m->end)
			return 1;
	}
	return 0;
}

/* The date a fact at off is about: the first date of its sentence (the time the sentence
 * is set in: 2023年,…在2020年至2022年…再降16.3% is about 2023), skipping founding dates. */
static int
date_of_sentence(Ctx *c, size_t off, PkDate *out, PkDate *end)
{
	int sent = pk_link_sentence_of(c->doc, off);
	memset(end, 0, sizeof *end);
	size_t s_end = c->doc->sent_start[sent + 1];
	/* 2021年,公安部…;2023年,全市…再降16.3%: ';' starts a new time setting */
	size_t from = c->doc->sent_start[sent];
	for (size_t k = from; k < off; k++)
		if (c->doc->text[k] == ';')
			from = k + 1;
	for (size_t i = pk_link_first_mention_at(c->ml, from); i < c->ml->n; i++) {
		const PkMention *m = &c->ml->items[i];
		if (m->start >= s_end)
			break;
		if (m->rule->type != PK_TYPE_DATE || !pk_link_alive(c, m) || in_founding(c, m->start))
			continue;
		PkDate dt;
		if (resolve_date(c, m, 0, &dt))
			continue;
		*out = dt;
		if (resolve_date(c, m, 1, end))
			memset(end, 0, sizeof *end);
		return 1;
	}
	return 0;
}

/* ---- honours ---- */

static int
honor_entity(Ctx *c, const char *s, size_t n)
{
	/* “…”称号: the title, without the word for title */
	static const char *const tails[] = {"荣誉称号", "称号", "荣誉"};
	for (size_t i = 0; i < 3; i++) {
		size_t tl = strlen(tails[i]);
		if (n > tl + 6 && !memcmp(s + n - tl, tails[i], tl)) {
			n -= tl;
			break;
		}
	}
	return pk_link_get_entity(c, PK_ENT_HONOR, pk_link_dupn(s, n), NULL);
}

/* Is unit a, or a unit a is part of, entity b? */
static int
is_self_or_parent(const PkDoc *d, int b, int a)
{
	for (int k = 0; a >= 0 && k < 16; k++, a = d->ents[a].parent)
		if (a == b)
			return 1;
	return 0;
}

/* Is there a mention of a unit other than unit (and its parents) in [s, e)? */
static int
unit_mention_in(const Ctx *c, size_t s, size_t e, int unit)
{
	for (size_t i = pk_link_first_mention_at(c->ml, s); i < c->ml->n && c->ml->items[i].start < e; i++) {
		const PkMention *m = &c->ml->items[i];
		PkRuleType t = m->rule->type;
		if (m->dropped_by < 0 &&
		    (t == PK_TYPE_UNIT || t == PK_TYPE_ALIAS || t == PK_TYPE_ANAPHOR) &&
		    !(c->ment_ent[i] >= 0 && unit >= 0 && is_self_or_parent(c->doc, c->ment_ent[i], unit)))
			return 1;
	}
	return 0;
}

/* The date of a conferral at off: a date in its clause before it, or in an earlier clause
 * of the sentence that names no unit (1999年,晋江刑警被国务院授予…); never a date that
 * belongs to another unit's clause. */
static void
award_date(Ctx *c, size_t off, int unit, PkDate *out)
{
	const PkDoc *d = c->doc;
	int sent = pk_link_sentence_of(d, off);
	size_t cs, ce;
	pk_link_clause_of(d, off, &cs, &ce);
	size_t lo = cs;
	while (lo > d->sent_start[sent]) {
		size_t ps, pe;
		pk_link_clause_of(d, pk_link_prev_char(d->text, lo - 1), &ps, &pe);
		if (ps >= lo || unit_mention_in(c, ps, pe, unit))
			break;
		lo = ps;
	}
	PkDate best = {0, 0, 0};
	for (size_t i = pk_link_first_mention_at(c->ml, lo); i < c->ml->n && c->ml->items[i].start < off; i++) {
		const PkMention *m = &c->ml->items[i];
		if (m->rule->type != PK_TYPE_DATE || !pk_link_alive(c, m) || in_founding(c, m->start))
			continue;
		PkDate dt;
		if (!resolve_date(c, m, 0, &dt))
			best = dt;   /* the nearest before the honour */
	}
	*out = best;
}

/* One award of honour h to unit for the honour mention m (its conferrer and date), unless
 * the same (unit, honour, date) is there already. */
static void
add_award(Ctx *c, const PkMention *m, int unit, int h, int ev)
{
	PkDoc *d = c->doc;
	const char *t = d->text;
	PkAward a = {unit, h, {0, 0, 0}, NULL, ev};
	PkSpan by = m->role[PK_ROLE_BY];
	if (by.set)
		a.by = pk_link_dupn(t + by.start, by.end - by.start);
	if (m->role[PK_ROLE_DATE].set) {
		/* a date inside the match: find the date mention there */
		for (size_t j = 0; j < c->ml->n; j++) {
			const PkMention *dm = &c->ml->items[j];
			if (dm->rule->type == PK_TYPE_DATE && dm->start >= m->role[PK_ROLE_DATE].start &&
			    dm->start < m->role[PK_ROLE_DATE].end)
				resolve_date(c, dm, 0, &a.date);
		}
	} else {
		award_date(c, m->start, unit, &a.date);
	}
	/* one award per (unit, honour, date) */
	for (size_t k = 0; k < d->n_awards; k++)
		if (d->awards[k].unit == a.unit && d->awards[k].honor == a.honor &&
		    !pk_date_cmp(&d->awards[k].date, &a.date)) {
			free(a.by);
			return;
		}
	if (GROW(d->awards, d->n_awards, d->cap_awards)) {
		free(a.by);
		return;
	}
	d->awards[d->n_awards++] = a;
}

/* The units written one after another from off (after closing quotes), separated only by
 * 、 , 和 及 or spaces: up to max entities into out; returns how many. */
static size_t
units_listed_after(Ctx *c, size_t off, int *out, size_t max)
{
	const char *t = c->doc->text;
	size_t n = 0, len = c->doc->len;
	int first = 1;
	while (n < max && off < len) {
		/* skip the quote (first) or a separator (later) */
		int skipped = 0;
		while (off < len) {
			size_t k;
			int32_t cp = pk_utf8_decode(t + off, len - off, &k);
			int sep = first ? (cp == 0x201D || cp == '"' || cp == ' ' || cp == 0x300D)
			                : (cp == ',' || cp == 0x3001 || cp == 0x548C || cp == 0x53CA ||
			                   cp == ' ');   /* , 、 和 及 */
			if (!sep)
				break;
			off += k;
			skipped = 1;
		}
		if (!first && !skipped)
			break;
		first = 0;
		int e = -1;
		size_t end = off;
		for (size_t i = pk_link_first_mention_at(c->ml, off);
		     i < c->ml->n && c->ml->items[i].start == off; i++) {
			const PkMention *um = &c->ml->items[i];
			if (c->ment_ent[i] >= 0 && c->doc->ents[c->ment_ent[i]].kind == PK_ENT_UNIT) {
				e = c->ment_ent[i];
				end = um->rule->type == PK_TYPE_UNIT && um->role[PK_ROLE_NAME].set
				              ? um->role[PK_ROLE_NAME].end : um->end;
				break;
			}
		}
		if (e < 0)
			break;
		out[n++] = e;
		off = end;
	}
	return n;
}

/* The alive unit mention whose name ends at end (a list item before 、/等), or (size_t)-1. */
static size_t
unit_mention_ending_at(Ctx *c, size_t end)
{
	for (size_t i = pk_link_first_mention_at(c->ml, end); i-- > 0;) {
		const PkMention *m = &c->ml->items[i];
		size_t me = m->role[PK_ROLE_NAME].set ? m->role[PK_ROLE_NAME].end : m->end;
		if (m->start + 160 < end)
			break;   /* names are shorter than that */
		int e = c->ment_ent[i];
		if (me == end && pk_link_alive(c, m) && e >= 0 && c->doc->ents[e].kind == PK_ENT_UNIT)
			return i;
	}
	return (size_t)-1;
}

/* The units listed right before the last mention of unit before off in its sentence
 * (A、B被…: A when unit is B), separated by 、 和 及: up to max entities into out;
 * returns how many. */
static size_t
units_listed_before(Ctx *c, size_t off, int unit, int *out, size_t max)
{
	const char *t = c->doc->text;
	int sent = pk_link_sentence_of(c->doc, off);
	size_t at = (size_t)-1;
	for (size_t i = pk_link_first_mention_at(c->ml, off); i-- > 0;) {
		const PkMention *m = &c->ml->items[i];
		if (pk_link_sentence_of(c->doc, m->start) != sent)
			break;
		if (pk_link_alive(c, m) && c->ment_ent[i] == unit) {
			at = m->role[PK_ROLE_NAME].set ? m->role[PK_ROLE_NAME].start : m->start;
			break;
		}
	}
	size_t n = 0;
	while (at != (size_t)-1 && at >= 3 && n < max) {
		static const char *const seps[] = {"、", "和", "及"};
		int sep = 0;
		for (size_t k = 0; k < 3 && !sep; k++)
			sep = !memcmp(t + at - 3, seps[k], 3);
		if (!sep)
			break;
		size_t found = unit_mention_ending_at(c, at - 3);
		if (found == (size_t)-1)
			break;
		const PkMention *m = &c->ml->items[found];
		out[n++] = c->ment_ent[found];
		at = m->role[PK_ROLE_NAME].set ? m->role[PK_ROLE_NAME].start : m->start;
	}
	return n;
}

/* Is cp a Chinese numeral of a list (一 … 十)? */
static int
is_cn_digit(int32_t cp)
{
	static const int32_t d[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341};
	for (size_t i = 0; i < sizeof d / sizeof d[0]; i++)
		if (cp == d[i])
			return 1;
	return 0;
}

/* 授予A、B、C等12个单位“…”称号: the units of the list that ends in 等 (a count, 个/家, a
 * kind word) right before off. Puts up to max into out; returns how many, 0 for none. */
static size_t
units_listed_before_count(Ctx *c, size_t off, int *out, size_t max)
{
	const char *t = c->doc->text;
	static const char *const tails[] = {"基层单位", "单位", "集体", "派出所", "所队"};   /* longest first */
	size_t p = off;
	for (size_t k = 0; k < sizeof tails / sizeof tails[0]; k++) {
		size_t l = strlen(tails[k]);
		if (p >= l && !memcmp(t + p - l, tails[k], l)) {
			p -= l;
			break;
		}
	}
	if (p >= 3 && (!memcmp(t + p - 3, "个", 3) || !memcmp(t + p - 3, "家", 3)))
		p -= 3;
	for (int n = 0; n < 3 && p > 0; n++) {
		size_t q = pk_link_prev_char(t, p), k;
		int32_t cp = pk_utf8_decode(t + q, p - q, &k);
		if (!(cp >= '0' && cp <= '9') && !is_cn_digit(cp))
			break;
		p = q;
	}
	if (p == off || p < 3 || memcmp(t + p - 3, "等", 3))
		return 0;
	size_t found = unit_mention_ending_at(c, p - 3);
	if (found == (size_t)-1)
		return 0;
	out[0] = c->ment_ent[found];
	return 1 + units_listed_before(c, p - 3, out[0], out + 1, max - 1);
}

/* Is cp a blank inside a line (space, tab, ideographic space)? */
static int
is_blank(int32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0x3000 || cp == '\r';
}

/* Past a list item's number at off (1. / 2、 / （三） / (4) / 五、) and the blanks after it;
 * off itself when the line has none. */
static size_t
skip_list_marker(const char *t, size_t off, size_t end)
{
	size_t p = off, k;
	int32_t cp = p < end ? pk_utf8_decode(t + p, end - p, &k) : 0;
	int open = cp == 0xFF08 || cp == '(';
	if (open)
		p += k;
	size_t digits = 0;
	while (p < end && digits < 3) {
		cp = pk_utf8_decode(t + p, end - p, &k);
		if (!(cp >= '0' && cp <= '9') && !is_cn_digit(cp))
			break;
		p += k;
		digits++;
	}
	if (!digits || p >= end)
		return off;
	cp = pk_utf8_decode(t + p, end - p, &k);
	if (open ? (cp != 0xFF09 && cp != ')') : (cp != '.' && cp != 0xFF0E && cp != 0x3001 && cp != ')' && cp != 0xFF09))
		return off;
	p += k;
	while (p < end && is_blank(pk_utf8_decode(t + p, end - p, &k)))
		p += k;
	return p;
}

/* The unit a line consists of (南京市公安局玄武分局 alone on its line, blanks around it):
 * its entity, or -1. *next is set to where the following line starts. */
static int
unit_line(Ctx *c, size_t off, size_t *next)
{
	const char *t = c->doc->text;
	size_t len = c->doc->len, k;
	const char *nl = memchr(t + off, '\n', len - off);
	size_t end = nl ? (size_t)(nl - t) : len;
	*next = nl ? end + 1 : len;
	while (off < end && is_blank(pk_utf8_decode(t + off, end - off, &k)))
		off += k;
	while (end > off) {
		size_t p = pk_link_prev_char(t, end);
		if (!is_blank(pk_utf8_decode(t + p, end - p, &k)))
			break;
		end = p;
	}
	off = skip_list_marker(t, off, end);
	int e = -1;
	size_t reach = off;
	/* the line's unit mentions, one after another (a chain split in two is two) */
	for (size_t i = pk_link_first_mention_at(c->ml, off); i < c->ml->n && c->ml->items[i].start < end; i++) {
		const PkMention *m = &c->ml->items[i];
		int u = c->ment_ent[i];
		if (!pk_link_alive(c, m) || u < 0 || c->doc->ents[u].kind != PK_ENT_UNIT)
			continue;
		size_t ms = m->role[PK_ROLE_NAME].set ? m->role[PK_ROLE_NAME].start : m->start;
		size_t me = m->role[PK_ROLE_NAME].set ? m->role[PK_ROLE_NAME].end : m->end;
		if (ms != reach)
			return -1;
		reach = me;
		e = u;
	}
	return reach == end && end > off ? e : -1;
}

/* Does the line [off, next) hold only blanks? */
static int
blank_line(const char *t, size_t off, size_t next)
{
	size_t k;
	while (off < next && (t[off] == '\n' || is_blank(pk_utf8_decode(t + off, next - off, &k))))
		off += t[off] == '\n' ? 1 : k;
	return off >= next;
}

/* Is the line [off, next) a numbered subheading of a list of units ((一)派出所(5个)): a
 * list marker, then no unit, at most 20 characters? */
static int
list_subheading(Ctx *c, size_t off, size_t next)
{
	const char *t = c->doc->text;
	size_t end = next > off && t[next - 1] == '\n' ? next - 1 : next;
	if (skip_list_marker(t, off, end) == off || pk_utf8_count(t + off, end - off) > 20)
		return 0;
	/* (a subheading naming an honour heads a list of its own: 一、“枫桥式公安派出所”(3个)) */
	for (size_t i = pk_link_first_mention_at(c->ml, off); i < c->ml->n && c->ml->items[i].start < end; i++) {
		const PkMention *m = &c->ml->items[i];
		int u = c->ment_ent[i];
		if (pk_link_alive(c, m) && (m->rule->type == PK_TYPE_HONOR ||
		                            (u >= 0 && c->doc->ents[u].kind == PK_ENT_UNIT)))
			return 0;
	}
	return 1;
}

/* 一、授予“全省公安机关执法示范单位”称号(4个) over lines that each name one unit (a list of
 * commended units): every unit of the list is a recipient. The honour's own line names no
 * unit. Puts up to max units into out; returns how many. */
static size_t
units_listed_under(Ctx *c, const PkMention *m, int *out, size_t max)
{
	const char *t = c->doc->text;
	size_t len = c->doc->len;
	const char *nl = memchr(t + m->end, '\n', len - m->end);
	if (!nl)
		return 0;
	size_t ls = m->start;
	while (ls > 0 && t[ls - 1] != '\n')
		ls--;
	/* 拟对以下10个单位授予“…”称号。现将名单予以公示: the line points to the list (its
	 * units confer the honour); else a line naming a unit names its recipient */
	int points = memmem(t + ls, (size_t)(nl - t) - ls, "以下", strlen("以下")) ||
	             memmem(t + ls, (size_t)(nl - t) - ls, "如下", strlen("如下")) ||
	             memmem(t + ls, (size_t)(nl - t) - ls, "下列", strlen("下列"));
	for (size_t i = pk_link_first_mention_at(c->ml, ls); !points && i < c->ml->n && c->ml->items[i].start < (size_t)(nl - t); i++) {
		int u = c->ment_ent[i];
		if (pk_link_alive(c, &c->ml->items[i]) && u >= 0 && c->doc->ents[u].kind == PK_ENT_UNIT)
			return 0;
	}
	size_t n = 0, off = (size_t)(nl - t) + 1, next;
	for (; n < max && off < len; off = next) {
		int u = unit_line(c, off, &next);
		if (u >= 0)
			out[n++] = u;
		else if (!points || !(blank_line(t, off, next) || list_subheading(c, off, next)))
			break;
	}
	return n;
}

/* Does the honour of m go to units the text counts but does not name: 另有2个派出所被评为
 * “…”, 通报表扬一批“…”, 对获评“…”的单位 (honor_plural_before in its clause before it,
 * honor_plural_after right after its closing quote)? */
static int
plural_recipients(const Ctx *c, const PkMention *m)
{
	const char *t = c->doc->text;
	size_t cs, ce, e = m->role[PK_ROLE_NAME].end;
	pk_link_clause_of(c->doc, m->start, &cs, &ce);
	size_t ns = m->role[PK_ROLE_NAME].start;
	if (pk_wordlist_occurs(c->list[L_HONOR_PLURAL_BEFORE], t + cs, ns - cs)) {
		/* A、B等10个单位被授予: a list ending in its count names its units */
		const char *deng = t + cs;
		while ((deng = memmem(deng, (size_t)(t + ns - deng), "等", strlen("等"))) != NULL) {
			deng += strlen("等");
			size_t k = 0;
			while (deng + k < t + ns && k < 12 && memcmp(deng + k, "个", strlen("个")) &&
			       memcmp(deng + k, "家", strlen("家")))
				k++;
			if (k < 12 && deng + k < t + ns)
				return 0;
		}
		return 1;
	}
	/* past the closing quote and the honours listed with it (“A”“B”的单位) */
	for (;;) {
		if (e < c->doc->len && !memcmp(t + e, "”", strlen("”")))
			e += strlen("”");
		else if (e < c->doc->len && !memcmp(t + e, "、", strlen("、")))
			e += strlen("、");
		else if (e < c->doc->len && !memcmp(t + e, "“", strlen("“"))) {
			const char *q = memmem(t + e, c->doc->len - e, "”", strlen("”"));
			if (!q || q - (t + e) > 90)
				break;
			e = (size_t)(q - t);
		} else
			break;
	}
	return pk_wordlist_longest_prefix(c->list[L_HONOR_PLURAL_AFTER], t + e, c->doc->len - e) > 0;
}

/* The honour of mention i goes to each of the n units in units (why: the decision). */
static void
award_list(Ctx *c, size_t i, const int *units, size_t n, const char *why)
{
	const PkMention *m = &c->ml->items[i];
	PkSpan nm = m->role[PK_ROLE_NAME];
	int h = honor_entity(c, c->doc->text + nm.start, nm.end - nm.start);
	if (h < 0)
		return;
	int ev = pk_link_add_evidence(c, m->start, m->end, m->rule, why);
	pk_link_ent_add_ev(&c->doc->ents[h], ev);
	c->ment_ent[i] = h;
	for (size_t k = 0; k < n; k++)
		add_award(c, m, units[k], h, ev);
}

void
pk_link_honors(Ctx *c)
{
	PkDoc *d = c->doc;
	const char *t = d->text;
	for (size_t i = 0; i < c->ml->n; i++) {
		const PkMention *m = &c->ml->items[i];
		if (m->rule->type != PK_TYPE_HONOR || !pk_link_alive(c, m))
			continue;
		PkSpan nm = m->role[PK_ROLE_NAME];
		if (!nm.set)
			continue;
		/* Honours of individual officers are not the units' */
		const PkWordList *ind = c->list[L_INDIVIDUAL_HONOR_SUFFIXES];
		int individual = 0;
		for (size_t k = 0; ind && k < ind->n_words; k++) {
			size_t wl = strlen(ind->words[k]);
			if (nm.end - nm.start >= wl && !memcmp(t + nm.end - wl, ind->words[k], wl))
				individual = 1;
		}
		if (individual)
			continue;
		int unit = -1;
		const char *why = NULL;
		int listed[32];
		size_t n_listed = m->role[PK_ROLE_RECIPIENT].set ? 0 : units_listed_under(c, m, listed, 32);
		if (n_listed) {
			/* a heading over a list of units, one per line */
			award_list(c, i, listed, n_listed, "recipients: the units listed under the heading, one per line");
			continue;
		}
		if (m->role[PK_ROLE_RECIPIENT].set && (unit = pk_link_unit_in_span(c, m->role[PK_ROLE_RECIPIENT])) >= 0)
			why = "recipient named by the rule";
		const char *rc = m->rule->consts[PK_ROLE_RECIPIENT];
		if (unit < 0 && rc && !strcmp(rc, "after") && (unit = pk_link_unit_after_clause(c, m->end)) >= 0)
			why = "recipient: the subject right after the title (作为X,Y…)";
		if (unit < 0 && (unit = pk_link_unit_right_after(c, m->end)) >= 0)
			why = "recipient: the unit the title stands before";
		if (unit < 0 && !m->role[PK_ROLE_RECIPIENT].set) {
			/* 授予A、B…等12个单位“…”称号: the units listed before 等 */
			size_t nl = units_listed_before_count(c, m->start, listed, 32);
			if (nl) {
				award_list(c, i, listed, nl, "recipients: the units listed before 等…单位");
				continue;
			}
		}
		if (unit < 0 && plural_recipients(c, m))
			continue;   /* 另有2个派出所被评为“…”: units not named */
		if (unit < 0 && (unit = pk_link_unit_about(c, m->start, 0)) >= 0)
			why = "recipient: the unit the sentence is about";
		if (unit < 0)
			continue;
		int h = honor_entity(c, t + nm.start, nm.end - nm.start);
		if (h < 0)
			continue;
		int ev = pk_link_add_evidence(c, m->start, m->end, m->rule, why);
		pk_link_ent_add_ev(&d->ents[h], ev);
		c->ment_ent[i] = h;
		add_award(c, m, unit, h, ev);
		/* “全国优秀公安基层单位”东街派出所,福清市公安局出入境管理大队: the title stands
		 * before a list of units, each a recipient */
		if (unit == pk_link_unit_right_after(c, m->end) && !m->role[PK_ROLE_RECIPIENT].set) {
			int more[8];
			size_t nm2 = units_listed_after(c, m->end, more, 8);
			for (size_t k = 1; k < nm2; k++)
				add_award(c, m, more[k], h, ev);
		} else if (!m->role[PK_ROLE_RECIPIENT].set) {
			/* 大槐树派出所、广胜寺派出所被…命名为“…”: each unit of the list before */
			int more[8];
			size_t nm2 = units_listed_before(c, m->start, unit, more, 8);
			for (size_t k = 0; k < nm2; k++)
				add_award(c, m, more[k], h, ev);
		}
	}
}

/* ---- statistics ---- */

static int
contains_word_of(const Ctx *c, int list, const char *s, size_t n)
{
	return pk_wordlist_occurs(c->list[list], s, n);
}

/* The words of a statistic's clause that say what was counted: after the last name or
 * date before the number (共破获刑事案件), plus what follows the measure word
 * (劝阻2667起 + 电信网络诈骗警情). listed: the clause goes on with the list of the one
 * before (平台52个,模型885个) and says what it counts by itself. */
/* Does a figure (a digit, then at most two characters of measure) end right before k? */
static int
figure_before(const char *t, size_t from, size_t k)
{
	for (size_t p = k, n = 0; p > from && n < 3; n++) {
		p = pk_link_prev_char(t, p);
		if (t[p] >= '0' && t[p] <= '9')
			return 1;
	}
	return 0;
}

/* Does the n bytes at s compare with something (比升, 下降, 增长)? */
static int
is_comparison(const char *s, size_t n)
{
	static const char *const words[] = {"比", "升", "降", "增", "减", "涨", "跌"};
	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
		if (memmem(s, n, words[k], strlen(words[k])))
			return 1;
	return 0;
}

static char *
measure_text(Ctx *c, size_t cs, size_t ce, const PkMention *num, int listed)
{
	const char *t = c->doc->text;
	size_t from = cs;
	for (size_t i = pk_link_first_mention_at(c->ml, cs); i < c->ml->n && c->ml->items[i].start < num->start; i++) {
		const PkMention *m = &c->ml->items[i];
		if (m == num || m->dropped_by >= 0 || m->end > num->start)
			continue;
		PkRuleType ty = m->rule->type;
		if ((ty == PK_TYPE_UNIT || ty == PK_TYPE_ALIAS || ty == PK_TYPE_ANAPHOR || ty == PK_TYPE_DATE ||
		     ty == PK_TYPE_PLACE) && m->end > from)
			from = m->end;
	}
	/* (以下简称龙岩车管所)推出12项: what is inside brackets is not what was counted */
	for (size_t k = from; k < num->start; k++)
		if (t[k] == ')')
			from = k + 1;
	/* 酒驾醉驾186起、超员超速412起: items of a list of figures each say what they count
	 * (a 、 right after a figure; 全警可用、实战管用的平台 is one phrase) */
	for (size_t k = from; k + 3 <= num->start; k++)
		if (!memcmp(t + k, "、", 3) && figure_before(t, from, k))
			from = k + 3;
	/* 今年以来全市共缴获…: the rest of a time phrase and a scope word are not the measure */
	static const char *const lead[] = {"以来", "来", "全市", "全省", "全县", "全区", "辖区", "其中"};
	for (size_t k = 0; k < sizeof lead / sizeof lead[0]; k++) {
		size_t ll = strlen(lead[k]);
		if (num->start - from > ll + 3 && !memcmp(t + from, lead[k], ll))
			from += ll;
	}
	PkBuf b = PK_BUF_INIT;
	size_t to = num->start;
	while (to > from && (t[to - 1] == ':' || t[to - 1] == ' '))
		to--;   /* 破获案件:47起 */
	pk_buf_append(&b, t + from, to - from);
	const char *item_end = memmem(t + num->end, ce - num->end, "、", 3);
	pk_buf_append(&b, t + num->end, item_end ? (size_t)(item_end - t) - num->end : ce - num->end);
	if (b.data && pk_utf8_count(b.data, b.len) < 4 && cs > 1 && !listed && is_comparison(b.data, b.len)) {
		/* 比升11.91%: the comparison alone says nothing; the previous clause says what
		 * (破案96起 says it by itself) */
		size_t ps, pe;
		pk_link_clause_of(c->doc, pk_link_prev_char(t, cs - 1), &ps, &pe);
		PkBuf w = PK_BUF_INIT;
		pk_buf_append(&w, t + ps, pe - ps);
		pk_buf_append(&w, b.data, b.len);
		pk_buf_free(&b);
		b = w;
	}
	if (!b.data || !b.len) {
		pk_buf_free(&b);
		return pk_link_dupn(t + cs, ce - cs);
	}
	/* no surrounding blanks */
	size_t a = 0, z = b.len;
	while (a < z && (b.data[a] == ' ' || b.data[a] == '\t'))
		a++;
	while (z > a && (b.data[z - 1] == ' ' || b.data[z - 1] == '\t'))
		z--;
	char *r = pk_link_dupn(b.data + a, z - a);
	pk_buf_free(&b);
	return r;
}

/* Where the headline ends: the start of the line with the first 。 (the title and
 * subtitles, lines with no 。, come before the body, wherever the dateline is). */
static size_t
headline_end(const PkDoc *d)
{
	size_t e = first_full_stop(d);
	while (e > 0 && d->text[e - 1] != '\n')
		e--;
	return e;
}

/* Is unit a part of unit b, at any depth? */
static int
part_of(const PkDoc *d, int a, int b)
{
	for (int e = d->ents[a].parent, n = 0; e >= 0 && n < 16; e = d->ents[e].parent, n++)
		if (e == b)
			return 1;
	return 0;
}

/* The unit the article names most often (national units aside), or -1. */
static int
main_unit(const Ctx *c)
{
	const PkDoc *d = c->doc;
	int best = -1;
	for (size_t i = 0; i < d->n_ents; i++) {
		const PkEntity *e = &d->ents[i];
		if (e->dead || e->kind != PK_ENT_UNIT ||
		    pk_wordlist_has(c->list[L_NATIONAL_UNITS], e->label, strlen(e->label)))
			continue;
		if (best < 0 || e->n_mentions > d->ents[best].n_mentions)
			best = (int)i;
	}
	return best;
}

/* 破获案件52起,刑事案件36起 / 搭建平台52个,模型885个: a short clause (16 characters at
 * most: 其中酒驾醉驾违法行为427起) right after (one comma or semicolon) the clause of a
 * statistic already kept goes on with its list, and needs no result word of its own. */
static int
continues_list(const char *t, size_t cs, size_t ce, size_t last_ce)
{
	/* 其中酒驾醉驾186起、超员超速412起: the parts of the figure before, however many */
	size_t max = ce - cs > 6 && !memcmp(t + cs, "其中", 6) ? 40 : 16;
	return last_ce != (size_t)-1 && cs == last_ce + 1 && (t[last_ce] == ',' || t[last_ce] == ';') &&
	       pk_utf8_count(t + cs, ce - cs) <= max;
}

/* A、B、C分别破获盗窃案件214起、187起、153起: the unit the figure m is for, when its clause
 * lists as many units before 分别 as it has figures after it; -1 otherwise. */
static int
respective_unit(Ctx *c, const PkMention *m, size_t cs, size_t ce)
{
	const char *t = c->doc->text;
	const char *f = m->start > cs ? memmem(t + cs, m->start - cs, "分别", 6) : NULL;
	if (!f)
		return -1;
	size_t fo = (size_t)(f - t);
	int last = -1;
	for (size_t i = pk_link_first_mention_at(c->ml, cs); i < c->ml->n && c->ml->items[i].start < fo; i++) {
		const PkMention *u = &c->ml->items[i];
		size_t ue = u->role[PK_ROLE_NAME].set ? u->role[PK_ROLE_NAME].end : u->end;
		int e = c->ment_ent[i];
		if (ue == fo && pk_link_alive(c, u) && e >= 0 && c->doc->ents[e].kind == PK_ENT_UNIT)
			last = e;
	}
	if (last < 0)
		return -1;
	int before[15];
	size_t nb = units_listed_before(c, fo, last, before, 15);
	size_t k = 0, n = 0;
	for (size_t i = pk_link_first_mention_at(c->ml, fo); i < c->ml->n && c->ml->items[i].start < ce; i++) {
		const PkMention *s = &c->ml->items[i];
		if (s->rule->type != PK_TYPE_STAT || !pk_link_alive(c, s))
			continue;
		if (s == m)
			k = n;
		n++;
	}
	if (!nb || n != nb + 1)
		return -1;
	/* before[] runs from the unit nearest 分别 backwards */
	return k == nb ? last : before[nb - 1 - k];
}

/* A headline's figure that the article's body gives again (破获网络违法犯罪案件873起 in both)
 * is one fact: the body's statistic, with its own unit and clause, is kept. */
static void
drop_headline_repeats(Ctx *c, size_t head_end)
{
	PkDoc *d = c->doc;
	size_t out = 0;
	for (size_t i = 0; i < d->n_stats; i++) {
		PkStat *a = &d->stats[i];
		int repeat = 0;
		for (size_t j = 0; j < d->n_stats && !repeat && d->ev[a->ev].start < head_end; j++) {
			const PkStat *b = &d->stats[j];
			repeat = j != i && d->ev[b->ev].start >= head_end && !strcmp(a->value, b->value) &&
			         a->uom && b->uom && !strcmp(a->uom, b->uom);
		}
		if (repeat) {
			free(a->uom);
			free(a->measure);
			free(a->approx);
			continue;
		}
		d->stats[out++] = *a;
	}
	d->n_stats = out;
}

void
pk_link_stats(Ctx *c)
{
	PkDoc *d = c->doc;
	const char *t = d->text;
	size_t last_ce = (size_t)-1;   /* end of the clause of the last statistic kept */
	size_t last_cs = (size_t)-1;   /* … and its start */
	size_t head_end = headline_end(d);
	int mu = main_unit(c);          /* linking is done: entities no longer change */
	for (size_t i = 0; i < c->ml->n; i++) {
		const PkMention *m = &c->ml->items[i];
		if (m->rule->type != PK_TYPE_STAT || !pk_link_alive(c, m))
			continue;
		PkSpan v = m->role[PK_ROLE_VALUE];
		if (!v.set)
			continue;
		size_t cs, ce;
		pk_link_clause_of(d, m->start, &cs, &ce);
		if (cs > m->start)
			cs = m->start;
		if (ce < m->end)
			ce = m->end;
		/* 破获毒品刑事案件:47起 — a label and its value are one clause */
		int table_row = 0;
		if (cs > 1 && t[cs - 1] == ':' && m->start - cs < 6) {
			size_t ps, pe;
			pk_link_clause_of(d, pk_link_prev_char(t, cs - 1), &ps, &pe);
			if (pe == cs - 1) {
				cs = ps;
				/* a line of its own: a row of a table of results */
				table_row = (!cs || t[cs - 1] == '\n') && (ce == d->len || t[ce] == '\n');
			}
		}
		/* A result needs a result word in its clause (破获, 挽回, 下降…); a price or a
		 * headcount alone is not one. */
		int listed = !contains_word_of(c, L_RESULT_WORDS, t + cs, ce - cs);
		if (listed && !m->rule->consts[PK_ROLE_MEASURE] && !m->role[PK_ROLE_MEASURE].set &&
		    !continues_list(t, cs, ce, last_ce) && cs != last_cs)
			continue;   /* (a second item of a clause kept as a list goes on with it) */
		/* …and what is counted is not a headcount, an area, a price (现有民警86名,
		 * 面积12.5平方公里): the noun right before the number and what follows it in the
		 * clause. (民警联合…开展宣传200场次: 民警 is who did it, not what was counted.) */
		size_t ns = m->start;
		for (int k = 0; k < 6 && ns > cs; k++)
			ns = pk_link_prev_char(t, ns);
		if (contains_word_of(c, L_NOT_RESULT_WORDS, t + ns, ce - ns))
			continue;
		/* 共接待游客52.8万人次,同比增长9.6%: a change with no noun of its own is a change of
		 * the figure before it, no result when that one is none */
		if (cs > 1 && (t[cs - 1] == ',' || t[cs - 1] == ';') && ce - cs > 6 &&
		    (!memcmp(t + cs, "同比", 6) || !memcmp(t + cs, "环比", 6))) {
			size_t ps, pe;
			pk_link_clause_of(d, cs - 1, &ps, &pe);
			size_t pn = pe;
			for (int k = 0; k < 12 && pn > ps; k++)
				pn = pk_link_prev_char(t, pn);
			if (pe < cs && contains_word_of(c, L_NOT_RESULT_WORDS, t + pn, pe - pn))
				continue;
		}
		/* 15分钟内赶到, 仅用12分钟就将孩子送回: how long one call took is a story, not a
		 * result; 平均到场时间缩短至8分钟 is one */
		PkSpan um = m->role[PK_ROLE_UOM];
		if (um.set && um.end - um.start == 6 && !memcmp(t + um.start, "分钟", 6) &&
		    !memmem(t + cs, ce - cs, "时间", 6) && !memmem(t + cs, ce - cs, "时长", 6) &&
		    !memmem(t + cs, ce - cs, "用时", 6))
			continue;
		PkStat st;
		memset(&st, 0, sizeof st);
		size_t m_uom_skip = 0;
		PkSpan sc = m->role[PK_ROLE_SCALE];
		const char *scale_const = m->rule->consts[PK_ROLE_SCALE];
		PkSpan uo = m->role[PK_ROLE_UOM];
		if (!sc.set && uo.set && uo.end - uo.start > 3 &&
		    (!memcmp(t + uo.start, "万", 3) || !memcmp(t + uo.start, "亿", 3))) {
			/* 400余万元: the scale sits in the measure word */
			sc = (PkSpan){uo.start, uo.start + 3, 1};
			m_uom_skip = 3;
		}
		if (pk_number_parse(t + v.start, v.end - v.start, sc.set ? t + sc.start : (scale_const ? scale_const : ""),
		                    sc.set ? sc.end - sc.start : (scale_const ? strlen(scale_const) : 0),
		                    st.value, sizeof st.value))
			continue;
		if (!strcmp(st.value, "0"))
			continue;
		PkSpan u = m->role[PK_ROLE_UOM];
		if (u.set)
			st.uom = pk_link_dupn(t + u.start + m_uom_skip, u.end - u.start - m_uom_skip);
		else if (m->rule->consts[PK_ROLE_UOM])
			st.uom = strdup(m->rule->consts[PK_ROLE_UOM]);
		if (!st.uom)
			continue;
		PkSpan ap = m->role[PK_ROLE_APPROX];
		if (ap.set)
			st.approx = pk_link_dupn(t + ap.start, ap.end - ap.start);
		PkSpan me = m->role[PK_ROLE_MEASURE];
		if (me.set)
			st.measure = pk_link_dupn(t + me.start, me.end - me.start);
		else
			st.measure = measure_text(c, cs, ce, m, listed);   /* what the clause says was counted */
		st.unit = pk_link_unit_about(c, m->start, 0);
		/* A、B、C分别破获…214起、187起、153起: the k-th figure is the k-th unit's */
		int resp = respective_unit(c, m, cs, ce);
		if (resp >= 0)
			st.unit = resp;
		/* a table's rows, and the headline, are the article's main unit's (in a headline,
		 * also when 宝鸡警方 names the bureau the main unit is part of) */
		if (mu >= 0 && (table_row || m->start < head_end)) {
			int own = pk_link_unit_about(c, m->start, 1);
			if (own < 0 || (m->start < head_end && part_of(d, mu, own)))
				st.unit = mu;
		}
		if (st.unit < 0) {
			free(st.uom);
			free(st.approx);
			free(st.measure);
			continue;
		}
		date_of_sentence(c, m->start, &st.period, &st.period_end);
		st.ev = pk_link_add_evidence(c, m->start, m->end, m->rule,
		                     st.approx ? "approximate value; the marker is kept in kg:approximate" : NULL);
		if (GROW(d->stats, d->n_stats, d->cap_stats)) {
			free(st.uom);
			free(st.approx);
			free(st.measure);
			continue;
		}
		d->stats[d->n_stats++] = st;
		last_ce = ce;
		last_cs = cs;
	}
	drop_headline_repeats(c, head_end);
}

/* ---- founding, renames ---- */

/* 在园区设立警务室 in an article about one 警务室: the kind word at off (a post, squad or
 * centre written bare) names the article's only unit of that kind; -1 when none or many. */
static int
only_unit_of_kind_at(Ctx *c, size_t off)
{
	static const char *const kinds[] = {"警务室", "警务站", "服务站", "工作站", "中队", "大队", "支队", "中心"};
	const char *t = c->doc->text;
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		size_t kl = strlen(kinds[k]);
		if (c->doc->len - off < kl || memcmp(t + off, kinds[k], kl))
			continue;
		int found = -1;
		for (size_t i = 0; i < c->doc->n_ents; i++) {
			const PkEntity *e = &c->doc->ents[i];
			if (e->dead || e->kind != PK_ENT_UNIT || !pk_link_ends_with(e->label, kinds[k]))
				continue;
			if (found >= 0)
				return -1;
			found = (int)i;
		}
		return found;
	}
	return -1;
}

void
pk_link_foundings(Ctx *c)
{
	PkDoc *d = c->doc;
	for (size_t i = 0; i < c->ml->n; i++) {
		const PkMention *m = &c->ml->items[i];
		if (m->rule->type != PK_TYPE_FOUNDING || !pk_link_alive(c, m))
			continue;
		int unit = -1;
		if (m->role[PK_ROLE_UNIT].set)
			unit = pk_link_unit_in_span(c, m->role[PK_ROLE_UNIT]);
		const char *where = m->rule->consts[PK_ROLE_UNIT];
		/* after: the unit right after the match, else the one the sentence is about;
		 * object: the unit right after or none (在南广场挂牌成立警务站: what was set up
		 * has no name, so nothing named was founded) */
		int object = where && !strcmp(where, "object");
		if (unit < 0 && where && (object || !strcmp(where, "after")))
			unit = pk_link_unit_right_after(c, m->end);
		if (unit < 0 && object)
			unit = only_unit_of_kind_at(c, m->end);
		if (unit < 0 && object)
			continue;
		if (unit < 0) {
			/* the nearest unit named in the sentence, before the trigger first */
			unit = pk_link_unit_about(c, m->end, 1);
			if (unit < 0) {
				int sent = pk_link_sentence_of(d, m->start);
				for (size_t j = 0; j < c->ml->n; j++) {
					const PkMention *u = &c->ml->items[j];
					if (u->start >= m->end && pk_link_sentence_of(d, u->start) == sent && c->ment_ent[j] >= 0 &&
					    d->ents[c->ment_ent[j]].kind == PK_ENT_UNIT && pk_link_alive(c, u)) {
						unit = c->ment_ent[j];
						break;
					}
				}
			}
			/* 这个始建于1952年的派出所: a unit described, not named: the one named before */
			const char *t = d->text;
			size_t de = m->end + strlen("的"), kl = 0;
			if (unit < 0 && de < d->len && !memcmp(t + m->end, "的", strlen("的")) &&
			    (kl = pk_wordlist_longest_prefix(c->list[L_UNIT_SUFFIXES], t + de, d->len - de))) {
				/* (of the kind described: 的派出所 is a station) */
				char *kind = pk_link_dupn(t + de, kl);
				unit = pk_link_unit_about(c, m->start, 0);
				if (kind && unit >= 0 && !pk_link_ends_with(d->ents[unit].label, kind))
					unit = -1;
				free(kind);
			}
		}
		if (unit < 0 || d->ents[unit].founded.year)
			continue;
		/* the date: the date mention inside the founding match */
		PkSpan ds = m->role[PK_ROLE_DATE];
		for (size_t j = 0; j < c->ml->n; j++) {
			const PkMention *dm = &c->ml->items[j];
			if (dm->rule->type != PK_TYPE_DATE || dm->dropped_by >= 0)
				continue;
			size_t lo = ds.set ? ds.start : m->start, hi = ds.set ? ds.end : m->end;
			if (dm->start >= lo && dm->start < hi) {
				PkDate dt;
				if (!resolve_date(c, dm, 0, &dt)) {
					d->ents[unit].founded = dt;
					d->ents[unit].founded_ev = pk_link_add_evidence(c, m->start, m->end, m->rule, NULL);
				}
				break;
			}
		}
	}
}

static void
merge_entity(Ctx *c, int from, int into)
{
	PkDoc *d = c->doc;
	if (from == into || from < 0 || into < 0)
		return;
	PkEntity *f = &d->ents[from], *t = &d->ents[into];
	/* a unit's label is built (厦门市公安局…); only forms seen in the text become
	 * alternative labels. An honour's label is its written form. */
	if (f->kind != PK_ENT_UNIT || f->label_seen)
		pk_link_ent_add_alt(t, f->label, strlen(f->label));
	for (size_t i = 0; i < f->n_alts; i++)
		pk_link_ent_add_alt(t, f->alts[i], strlen(f->alts[i]));
	for (size_t i = 0; i < f->n_ev; i++)
		pk_link_ent_add_ev(t, f->ev[i]);
	t->n_mentions += f->n_mentions;
	/* a unit dates from its predecessor's founding: the earlier date stays */
	if (f->founded.year && (!t->founded.year || pk_date_cmp(&f->founded, &t->founded) < 0)) {
		t->founded = f->founded;
		t->founded_ev = f->founded_ev;
	}
	f->dead = 1;
	for (size_t i = 0; i < d->n_ents; i++) {
		if (d->ents[i].parent == from)
			d->ents[i].parent = i == (size_t)into ? -1 : into;
		if (d->ents[i].located == from)
			d->ents[i].located = into;
	}
	for (size_t i = 0; i < c->ml->n; i++)
		if (c->ment_ent[i] == from)
			c->ment_ent[i] = into;
	for (size_t i = 0; i < d->n_awards; i++)
		if (d->awards[i].unit == from)
			d->awards[i].unit = into;
	for (size_t i = 0; i < d->n_stats; i++)
		if (d->stats[i].unit == from)
			d->stats[i].unit = into;
	if (c->main_bureau == from)
		c->main_bureau = into;
}

void
pk_link_renames(Ctx *c)
{
	for (size_t i = 0; i < c->ml->n; i++) {
		const PkMention *m = &c->ml->items[i];
		if (m->rule->type != PK_TYPE_RENAME || !pk_link_alive(c, m))
			continue;
		/* `set new=about`: the unit the sentence is about (X由原Y更名而来) */
		const char *nc = m->rule->consts[PK_ROLE_NEW];
		int about = !m->role[PK_ROLE_NEW].set && nc && !strcmp(nc, "about");
		if (!m->role[PK_ROLE_OLD].set || (!m->role[PK_ROLE_NEW].set && !about))
			continue;
		/* (an anaphor in the former name, 前身为该局…支队, is the bureau, not the name) */
		int old = pk_link_unit_named_in_span(c, m->role[PK_ROLE_OLD], 0);
		int neu = about ? pk_link_unit_about(c, m->start, 1) : pk_link_unit_in_span(c, m->role[PK_ROLE_NEW]);
		/* a unit is never the former name of its own part or parent (a name cut short
		 * can leave only the bureau in the old name) */
		if (old >= 0 && neu >= 0 && old != neu && !part_of(c->doc, neu, old) && !part_of(c->doc, old, neu)) {
			/* the former name stays an alternative label of the unit */
			pk_link_add_evidence(c, m->start, m->end, m->rule, "former name kept as skos:altLabel");
			merge_entity(c, old, neu);
		}
	}
}

/* The most specific place named in span sp (the last place mention in it), or -1. */
static int
place_in_span(Ctx *c, PkSpan sp)
{
	int best = -1;
	for (size_t i = pk_link_first_mention_at(c->ml, sp.start); i < c->ml->n && c->ml->items[i].start < sp.end; i++) {
		int e = c->ment_ent[i];
		if (pk_link_alive(c, &c->ml->items[i]) && e >= 0 && c->doc->ents[e].kind == PK_ENT_PLACE &&
		    c->ml->items[i].end <= sp.end)
			best = e;
	}
	return best;
}

void
pk_link_locations(Ctx *c)
{
	PkDoc *d = c->doc;
	for (size_t i = 0; i < c->ml->n; i++) {
		const PkMention *m = &c->ml->items[i];
		if (m->rule->type != PK_TYPE_LOCATION || !pk_link_alive(c, m) ||
		    !m->role[PK_ROLE_UNIT].set || !m->role[PK_ROLE_NAME].set)
			continue;
		int u = pk_link_unit_in_span(c, m->role[PK_ROLE_UNIT]);
		int p = place_in_span(c, m->role[PK_ROLE_NAME]);
		if (u < 0 || p < 0)
			continue;
		PkEntity *ue = &d->ents[u];
		int cur = ue->located;
		/* only a place inside the one it has (its name's), never a wider one */
		if (cur >= 0 && (cur == p || d->ents[p].gaz < 0 || d->ents[cur].gaz < 0 ||
		                 !pk_link_gaz_within(c->gaz, d->ents[p].gaz, d->ents[cur].gaz)))
			continue;
		pk_link_ent_add_ev(ue, pk_link_add_evidence(c, m->start, m->end, m->rule,
		                                             "the place the text says the unit is in"));
		ue->located = p;
	}
}

/* Honours that differ only by a scope prefix (全国首批枫桥式公安派出所 / 枫桥式公安派出所)
 * are one honour. */
void
pk_link_merge_honor_variants(Ctx *c)
{
	PkDoc *d = c->doc;
	const PkWordList *scope = c->list[L_HONOR_SCOPE_PREFIXES];
	for (size_t i = 0; i < d->n_ents; i++) {
		PkEntity *a = &d->ents[i];
		if (a->dead || a->kind != PK_ENT_HONOR)
			continue;
		for (size_t j = 0; j < d->n_ents; j++) {
			PkEntity *b = &d->ents[j];
			if (i == j || b->dead || b->kind != PK_ENT_HONOR || !pk_link_ends_with(b->label, a->label) ||
			    strlen(b->label) == strlen(a->label))
				continue;
			/* b = scope words + a ? */
			size_t extra = strlen(b->label) - strlen(a->label), p = 0;
			int ok = 1;
			while (ok && p < extra) {
				size_t best = 0;
				for (size_t k = 0; scope && k < scope->n_words; k++) {
					size_t wl = strlen(scope->words[k]);
					if (wl <= extra - p && wl > best && !memcmp(b->label + p, scope->words[k], wl))
						best = wl;
				}
				if (!best)
					ok = 0;
				p += best;
			}
			if (ok) {
				merge_entity(c, (int)i, (int)j);
				for (size_t k = 0; k < d->n_awards; k++)
					if (d->awards[k].honor == (int)i)
						d->awards[k].honor = (int)j;
				break;
			}
		}
	}
}
