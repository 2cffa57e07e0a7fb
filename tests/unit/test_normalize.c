/* test_normalize.c — full-width forms, ideographic space, CRLF, radicals, pinyin readings
 * and traditional→simplified, with an alignment map back to original code points. */
#undef NDEBUG
#include "normalize.h"

#include <assert.h>
#include <string.h>

static PkNormText norm(const char *s)
{
	PkNormText t;
	assert(pk_normalize(&t, s, strlen(s)) == PK_OK);
	assert(t.text && t.to_orig);
	assert(strlen(t.text) == t.len);   /* NUL-terminated, no embedded NUL */
	return t;
}

/* Normalises s and checks the text (and that it was not treated as traditional). */
static void check(const char *s, const char *want)
{
	PkNormText t = norm(s);
	assert(strcmp(t.text, want) == 0);
	assert(t.traditional == 0);
	pk_normtext_free(&t);
}

static void test_full_width(void)
{
	check("ＡＢＣ１２３，", "ABC123,");
	check("（１１０）", "(110)");
	check("！～", "!~");                 /* both ends of U+FF01..FF5E */
	check("公安局，民警", "公安局,民警");
	check("\xE3\x80\x80公安", " 公安");  /* ideographic space U+3000 */
	check("ａ\xE3\x80\x80ｂ", "a b");
	check("、。", "、。");               /* CJK punctuation is not full-width ASCII */
}

static void test_newlines(void)
{
	check("a\r\nb", "a\nb");
	check("a\rb", "a\nb");
	check("a\r\n\r\nb\r", "a\n\nb\n");
	check("a\n\rb", "a\n\nb");
}

static void test_radicals(void)
{
	check("\xE2\xBB\x84安", "西安");      /* ⻄ U+2EC4 → 西 */
	check("\xE2\xBB\x8B辆", "车辆");      /* ⻋ U+2ECB → 车 */
	check("\xE2\xBB\x80", "\xE2\xBB\x80"); /* U+2EC0 has no mapping: kept */
}

static void test_pinyin(void)
{
	check("战(zhàn)斗", "战斗");
	check("战（zhàn）斗", "战斗");         /* full-width parentheses */
	check("绿(lǜ)色", "绿色");
	check("单(shàn)县公安局", "单县公安局");
	check("(abc)", "(abc)");               /* no tone mark: an abbreviation */
	check("公安(abc)局", "公安(abc)局");
	check("公安局(110)", "公安局(110)");
	check("A(zhàn)", "A(zhàn)");           /* not after a Han character */
	check("战(zhàngzhàngzhàn)斗", "战(zhàngzhàngzhàn)斗");   /* too long for a reading */
	check("战(zhàn", "战(zhàn");           /* not closed */
}

static void test_alignment(void)
{
	/* 战(zhàn)斗: original code points 战0 (1 z2 h3 à4 n5 )6 斗7. */
	PkNormText t = norm("战(zhàn)斗");
	assert(t.len == 6 && t.orig_cps == 8);
	assert(t.to_orig[0] == 0 && t.to_orig[1] == 0 && t.to_orig[2] == 0);
	assert(t.to_orig[3] == 7 && t.to_orig[5] == 7);   /* 斗, after the deletion */
	assert(t.to_orig[6] == 8);                        /* the end */
	pk_normtext_free(&t);

	/* 甲\r\n乙: original 甲0 \r1 \n2 乙3; the LF stands for the line break. */
	t = norm("甲\r\n乙");
	assert(strcmp(t.text, "甲\n乙") == 0);
	assert(t.len == 7 && t.orig_cps == 4);
	assert(t.to_orig[0] == 0);
	assert(t.to_orig[3] == 1 || t.to_orig[3] == 2);
	assert(t.to_orig[4] == 3 && t.to_orig[6] == 3);   /* 乙, after CRLF */
	assert(t.to_orig[7] == 4);
	pk_normtext_free(&t);

	/* Full-width forms shrink from 3 bytes to 1 but stay one code point each. */
	t = norm("ＡＢ公");
	assert(strcmp(t.text, "AB公") == 0);
	assert(t.to_orig[0] == 0 && t.to_orig[1] == 1);
	assert(t.to_orig[2] == 2 && t.to_orig[4] == 2);
	assert(t.to_orig[5] == 3);
	pk_normtext_free(&t);

	/* Offsets are code points, not bytes, and increase monotonically. */
	t = norm("a\r\n战(zhàn)斗，ＡＢ\r\n\xE2\xBB\x84");
	for (size_t i = 1; i <= t.len; i++)
		assert(t.to_orig[i] >= t.to_orig[i - 1]);
	assert(t.to_orig[t.len] == t.orig_cps);
	pk_normtext_free(&t);

	/* Empty input. */
	t = norm("");
	assert(t.len == 0 && t.text[0] == '\0' && t.to_orig[0] == 0 && t.orig_cps == 0);
	pk_normtext_free(&t);
}

static void test_traditional(void)
{
	const char *trad = "福州市公安局昨日召開新聞發布會,記者從會上獲悉,該局偵破案件數量創歷史新高。";
	const char *simp = "福州市公安局昨日召开新闻发布会,记者从会上获悉,该局侦破案件数量创历史新高。";
	assert(pk_normalize_is_traditional(trad, strlen(trad)));
	PkNormText t = norm(trad);
	assert(t.traditional == 1);
	assert(strcmp(t.text, simp) == 0);
	/* Character for character: the map is still the identity on code points. */
	assert(t.orig_cps == 38);
	assert(t.to_orig[3 * 9] == 9);   /* 开 ← 開 */
	pk_normtext_free(&t);

	/* Simplified text is never run through t2s: 坏 would become 坯. */
	const char *s2 = "嫌疑人破坏监控设备后逃离,民警连夜追查,次日将其抓获。";
	assert(!pk_normalize_is_traditional(s2, strlen(s2)));
	t = norm(s2);
	assert(t.traditional == 0);
	assert(strcmp(t.text, s2) == 0);
	assert(strstr(t.text, "坏"));
	pk_normtext_free(&t);

	/* One or two traditional-looking characters in a simplified article are not enough. */
	const char *s3 = "市公安局召开会议,部署下一阶段工作,會后各单位分头落实。";
	assert(!pk_normalize_is_traditional(s3, strlen(s3)));
	t = norm(s3);
	assert(t.traditional == 0 && strcmp(t.text, s3) == 0);
	pk_normtext_free(&t);

	/* Full-width forms in a traditional article are handled after conversion. */
	const char *trad2 = "記者從會上獲悉，該局偵破";
	t = norm(trad2);
	assert(t.traditional == 1);
	assert(strcmp(t.text, "记者从会上获悉,该局侦破") == 0);
	pk_normtext_free(&t);
}

int main(void)
{
	test_full_width();
	test_newlines();
	test_radicals();
	test_pinyin();
	test_alignment();
	test_traditional();
	pk_normalize_cleanup();
	return 0;
}
