#!/usr/bin/env python3
"""make_corpus.py — a synthetic JSON Lines corpus of police news for benchmarks and tests.

Writes one {"id","url","date","text"} object per line until the output reaches --size-mb
megabytes (default 200) or --articles articles, whichever comes first. About half the
articles recombine paragraphs of the two seed articles (seeds/*.txt), the other half are
written from the sentence templates below, filled with places drawn from
rules/lists/places.tsv. Article texts are 1–12 KB. The output depends only on --seed,
--size-mb and --articles (python3 standard library only; no network, no other data).

    python3 tests/bench/make_corpus.py --size-mb 200 -o /tmp/corpus.jsonl
    python3 tests/bench/make_corpus.py --articles 40 > small.jsonl
"""
import argparse
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.normpath(os.path.join(HERE, "..", ".."))

# Sentence templates, written for this benchmark in the style of Chinese police news.
# Fields: {P} province, {C}/{Cs} city (full/short), {D}/{Ds} county, {T}/{Ts} town,
# {T2s} another town of the county, {bureau} {sub} {pcs} unit names, {dept} a department
# unit, {y} {m} {d} a date, {n} {n2} counts, {x} an amount (万元), {pct} {pct2} percents,
# {k} {k2} {k3} small counts, {y0} a founding year, {village} {road} {park} local names,
# {honor} an honour, {person} a name, {country} a country.
TEMPLATES = [
    "{y}年{m}月{d}日,{pcs}民警深入{T}{village}开展反诈宣传活动,走访群众{n}户,发放宣传资料{n2}份。",
    "今年以来,{sub}共破获刑事案件{n}起,抓获犯罪嫌疑人{n2}名,挽回群众经济损失{x}万元。",
    "{y}年,{pcs}荣获“{honor}”称号,成为{Cs}公安机关的一面旗帜。",
    "近日,{bureau}{dept}成功侦破一起特大电信网络诈骗案,捣毁窝点{k}个,冻结涉案资金{x}万元。",
    "据统计,{y}年1月至{m}月,{Cs}全市刑事警情同比下降{pct}%,破案率达{pct2}%。",
    "{pcs}始建于{y0}年,前身是{D}公安局{Ts}公安派出所,{y1}年正式更名为{Ts}派出所。",
    "{y}年{m}月,{pcs}被公安部命名为“枫桥式公安派出所”。",
    "{Ds}公安始终坚持以人民为中心的发展思想,持续深化平安{Ds}建设,群众安全感逐年提升。",
    "自{y0}年成立以来,{pcs}先后荣立集体二等功{k}次、集体三等功{k2}次。",
    "{m}月{d}日上午,{P}公安厅领导一行到{sub}调研指导工作,实地察看了{T2s}警务室。",
    "该所辖区面积{k3}平方公里,常住人口{k}万人,下设社区警务室{k2}个。",
    "{y}年以来,{bureau}交警支队共查处酒驾醉驾违法行为{n}起,其中醉驾{n2}起。",
    "在{T}{road}{k}号,巡逻民警发现一名男子形迹可疑,随即依法将其控制。",
    "{Cs}警方提醒广大市民:凡是要求转账汇款到“安全账户”的,都是诈骗!",
    "截至{y}年{m}月底,{sub}累计接处警{n}起,调解矛盾纠纷{n2}起,调解成功率达{pct}%。",
    "{bureau}{dept}连续{k}年被评为全省公安机关先进集体。",
    "{y}年{m}月{d}日,{bureau}召开新闻发布会,通报{y}年上半年全市社会治安形势。",
    "“有困难,找警察。”在{T},{Ts}派出所民警的身影随处可见。",
    "{y}年{m}月,{sub}联合{D}市场监管局开展专项整治行动,查处违法经营户{n2}家,收缴假冒伪劣商品{n}件。",
    "去年,{pcs}为辖区群众办理户籍业务{n}件,办理居住证{n2}张,群众满意率达{pct}%。",
    "{Cs}{Ds}{village}村民王某报警称,其在网上投资理财被骗{x}万元。",
    "该局以新时代“枫桥经验”为引领,推动{k}个派出所创建“枫桥式公安派出所”。",
    "{y}年{m}月{d}日晚,{bureau}巡特警支队在{T}{park}开展夜间巡逻,盘查可疑人员{n}人次。",
    "{P}公安厅授予{pcs}“全省人民满意派出所”荣誉称号。",
    "{y}年,{bureau}打掉涉黑涉恶犯罪团伙{k}个,破获各类案件{n}起,刑事拘留{n2}人。",
    "民警提醒:不要轻信陌生来电,不要点击陌生链接,如有疑问请拨打96110咨询。",
    "{sub}{Ts}派出所所长{person}告诉记者,该所现有民警{k}名、辅警{k2}名,承担着{k3}个社区的治安管理工作。",
    "{y0}年至{y}年,{bureau}出入境管理支队共为群众办理出入境证件{n}本。",
    "据了解,{D}{T}地处{Cs}城乡接合部,流动人口多,治安情况复杂。",
    "{y}年{m}月{d}日,{pcs}民警在{country}警方协助下,成功将潜逃{k}年的网上逃犯押解回国。",
    "{m}月{d}日,{Ds}分局{dept}与{T2s}派出所联合开展禁毒专项行动,缴获毒品{k}千克。",
    "{y}年{m}月{d}日,在中国人民警察节到来之际,{bureau}举行升警旗仪式。",
]

TITLES = [
    "{Cs}{Ds}公安:守护一方平安 护航高质量发展",
    "{pcs}:扎根基层{k}年 书写为民答卷",
    "{Cs}警方通报{y}年上半年打击电信网络诈骗工作成效",
    "{Ds}公安多措并举 筑牢平安{Ds}防线",
    "{bureau}:科技赋能 让群众安全感更有成色",
    "走进{T}:{Ts}派出所的一天",
]

HONORS = ["全国优秀公安基层单位", "全国公安一级派出所", "枫桥式公安派出所", "全国青年文明号",
          "全国模范公安单位", "全省公安机关执法示范单位", "全国公安机关执法示范单位",
          "全省优秀公安派出所", "全国人民满意的公务员集体", "全国巾帼文明岗"]
DEPTS = ["刑侦大队", "交警大队", "治安大队", "禁毒大队", "经侦大队", "网安大队", "特警大队",
         "反诈中心", "刑侦支队", "禁毒支队"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国志新海峰斌鹏辉林东"
LOCAL = "东西南北前后上下新老石山水河湖桥塘溪岭坑头尾口林竹梅桃李杨柳花园亭湾岗港洲"
ROADS = ["路", "街", "大道"]
PARKS = ["工业园", "产业园", "开发区", "商圈"]


def load_places(path):
    """Counties that have towns, as (province, city, county, [towns]) rows of (name, short)."""
    places, towns = {}, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            code, name, level, parent = cols[:4]
            short = cols[4].split(",")[0] if len(cols) > 4 and cols[4] else name
            places[code] = (name, short, level, parent)
            if level == "town":
                towns.setdefault(parent, []).append((name, short))
    rows = []
    for code in sorted(places):
        name, short, level, parent = places[code]
        if level != "county" or len(towns.get(code, [])) < 2 or parent not in places:
            continue
        up = places[parent]
        if up[2] == "province":          # a municipality: 北京市 → 东城区
            prov = city = up
        else:
            city = up
            prov = places.get(up[3], up)
        rows.append(((prov[0], prov[1]), (city[0], city[1]), (name, short), towns[code]))
    return rows


def load_countries(path):
    with open(path, encoding="utf-8") as f:
        return [w.strip() for w in f if w.strip() and not w.startswith("#")]


def load_seed_paragraphs(seed_dir):
    paras = []
    for fn in sorted(os.listdir(seed_dir)):
        if fn.endswith(".txt"):
            with open(os.path.join(seed_dir, fn), encoding="utf-8") as f:
                paras += [p.strip() for p in f.read().split("\n") if p.strip()]
    return paras


def local_name(rng, n=2):
    return "".join(rng.choice(LOCAL) for _ in range(n))


def context(rng, counties, countries):
    (p, _ps), (c, cs), (d, ds), towns = rng.choice(counties)
    (t, ts), (_t2, t2s) = rng.sample(towns, 2)
    bureau = c + "公安局"
    sub = bureau + ds + "分局" if d.endswith("区") else d + "公安局"
    y = rng.randint(2015, 2025)
    return {
        "P": p, "C": c, "Cs": cs, "D": d, "Ds": ds, "T": t, "Ts": ts, "T2s": t2s,
        "bureau": bureau, "sub": sub, "pcs": sub + ts + "派出所", "dept": rng.choice(DEPTS),
        "honor": rng.choice(HONORS), "country": rng.choice(countries),
        "person": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
        "y": y, "y0": rng.randint(1950, 2010), "y1": rng.randint(2011, 2024),
        "village": local_name(rng) + "村", "road": local_name(rng) + rng.choice(ROADS),
        "park": local_name(rng) + rng.choice(PARKS),
    }


def fill(rng, tpl, ctx):
    """Fresh numbers for every sentence; places stay those of the article."""
    v = dict(ctx)
    v.update(m=rng.randint(1, 12), d=rng.randint(1, 28), n=rng.randint(10, 9999),
             n2=rng.randint(2, 999), x=rng.randint(1, 9999) / 10 if rng.random() < 0.5
             else rng.randint(1, 5000), pct=round(rng.uniform(1, 99), 1),
             pct2=round(rng.uniform(50, 99.9), 1), k=rng.randint(2, 30), k2=rng.randint(2, 20),
             k3=rng.randint(3, 60))
    return tpl.format(**v)


def generated_article(rng, target, counties, countries):
    ctx = context(rng, counties, countries)
    head = [fill(rng, rng.choice(TITLES), ctx),
            "{y}年{m}月{d}日 来源: {Cs}公安".format(m=rng.randint(1, 12), d=rng.randint(1, 28), **ctx)]
    out, size = head, sum(len(h.encode()) + 2 for h in head)
    while size < target:
        para = "".join(fill(rng, rng.choice(TEMPLATES), ctx) for _ in range(rng.randint(2, 6)))
        out.append(para)
        size += len(para.encode()) + 2
    return "\n\n".join(out), ctx["y"]


def seed_article(rng, target, paras):
    """Seed paragraphs, shuffled and recombined (with repeats) up to the target size."""
    out, size = [], 0
    while size < target:
        p = rng.choice(paras)
        out.append(p)
        size += len(p.encode()) + 2
    return "\n\n".join(out), rng.randint(2015, 2025)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size-mb", type=float, default=None,
                    help="stop once the output has this many MB (10^6 bytes; default 200 "
                    "unless --articles is given)")
    ap.add_argument("--articles", type=int, default=None, help="stop after this many articles")
    ap.add_argument("--seed", type=int, default=1, help="RNG seed (default 1)")
    ap.add_argument("--min-kb", type=float, default=1, help="smallest article text (default 1)")
    ap.add_argument("--max-kb", type=float, default=12, help="largest article text (default 12)")
    ap.add_argument("-o", "--output", default="-", help="output file (default stdout)")
    a = ap.parse_args()
    if a.size_mb is None and a.articles is None:
        a.size_mb = 200
    limit = int(a.size_mb * 1e6) if a.size_mb is not None else None

    counties = load_places(os.path.join(SRC, "rules", "lists", "places.tsv"))
    countries = load_countries(os.path.join(SRC, "rules", "lists", "countries.txt"))
    paras = load_seed_paragraphs(os.path.join(SRC, "seeds"))
    rng = random.Random(a.seed)

    out = sys.stdout.buffer if a.output == "-" else open(a.output, "wb")
    written = n = 0
    lo, hi = int(a.min_kb * 1024), int(a.max_kb * 1024)
    while (limit is None or written < limit) and (a.articles is None or n < a.articles):
        target = rng.randint(lo, hi)
        if rng.random() < 0.5:
            text, year = seed_article(rng, target, paras)
        else:
            text, year = generated_article(rng, target, counties, countries)
        text = text.encode()[:hi].decode("utf-8", "ignore")   # keep within max-kb
        rec = {"id": "bench-%07d" % n, "url": "https://example.org/news/%d" % n,
               "date": "%d-%02d-%02d" % (year, rng.randint(1, 12), rng.randint(1, 28)),
               "text": text}
        line = (json.dumps(rec, ensure_ascii=False) + "\n").encode()
        out.write(line)
        written += len(line)
        n += 1
    out.flush()
    if out is not sys.stdout.buffer:
        out.close()
    print("make_corpus: %d articles, %d bytes" % (n, written), file=sys.stderr)


if __name__ == "__main__":
    main()
