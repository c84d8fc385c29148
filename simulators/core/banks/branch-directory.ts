// A deterministic directory of bank branches with 12-digit CNAPS 行号, for upstream operations
// such as LFT's 联行号查询 (querybankcnaps) that answer a keyword with [{bankName, bankCnaps}].
// Bank codes, city codes, cities and districts are real; branches, sequence numbers and the last
// (check) digit are invented. It must not claim to be the PBOC directory, must not know any
// channel's field names, and is built once per (seed, perBank), lazily, on first use.

import { faker } from '@faker-js/faker/locale/zh_CN';
import { banks, type Bank } from './bank-list.ts';
import { createRandom, type Random } from './seeded-random.ts';

export interface Branch {
  /** e.g. 中国工商银行股份有限公司北京海淀支行 */
  bankName: string;
  /** 12 digits: bank code (3) + city code (4) + sequence (4) + check digit (1). */
  bankCnaps: string;
  bankCode: string;
  city: string;
  district: string;
}

export interface BranchDirectory {
  all(): Branch[];
  search(keyword: string, limit?: number): Branch[];
  byCnaps(code: string): Branch | undefined;
}

export interface BranchDirectoryOptions {
  seed?: number;
  /** Branches per bank, spread round-robin over the cities. */
  perBank?: number;
}

interface City {
  name: string;
  /** PBOC 4-digit city (area) code as it appears in positions 4–7 of real 行号. */
  code: string;
  /** Real districts; for 北京 海淀 comes first so every bank gets a 北京海淀支行. */
  districts: readonly string[];
}

// City codes as seen in real 行号 (e.g. 313651099999 成都银行, 313791000015 西安银行).
const cities: readonly City[] = [
  { name: '北京', code: '1000', districts: ['海淀', '朝阳', '东城', '西城', '丰台', '石景山', '通州', '昌平'] },
  { name: '天津', code: '1100', districts: ['和平', '河西', '南开', '河北', '红桥'] },
  { name: '沈阳', code: '2210', districts: ['和平', '沈河', '皇姑', '大东', '铁西'] },
  { name: '大连', code: '2220', districts: ['中山', '西岗', '沙河口', '甘井子'] },
  { name: '上海', code: '2900', districts: ['浦东', '黄浦', '徐汇', '静安', '长宁', '闵行', '杨浦'] },
  { name: '南京', code: '3010', districts: ['玄武', '秦淮', '鼓楼', '建邺', '江宁'] },
  { name: '苏州', code: '3050', districts: ['姑苏', '吴中', '相城', '吴江', '工业园区'] },
  { name: '杭州', code: '3310', districts: ['西湖', '上城', '拱墅', '滨江', '萧山', '余杭'] },
  { name: '宁波', code: '3320', districts: ['海曙', '江北', '鄞州', '北仑', '镇海'] },
  { name: '福州', code: '3910', districts: ['鼓楼', '台江', '仓山', '晋安'] },
  { name: '厦门', code: '3930', districts: ['思明', '湖里', '集美', '海沧'] },
  { name: '济南', code: '4510', districts: ['历下', '市中', '槐荫', '天桥', '历城'] },
  { name: '青岛', code: '4520', districts: ['市南', '市北', '李沧', '崂山', '黄岛'] },
  { name: '郑州', code: '4910', districts: ['金水', '中原', '二七', '管城', '惠济'] },
  { name: '武汉', code: '5210', districts: ['江岸', '江汉', '硚口', '武昌', '洪山', '汉阳'] },
  { name: '长沙', code: '5510', districts: ['芙蓉', '天心', '岳麓', '开福', '雨花'] },
  { name: '广州', code: '5810', districts: ['天河', '越秀', '海珠', '荔湾', '白云', '番禺'] },
  { name: '深圳', code: '5840', districts: ['福田', '罗湖', '南山', '宝安', '龙岗'] },
  { name: '成都', code: '6510', districts: ['锦江', '青羊', '金牛', '武侯', '成华'] },
  { name: '重庆', code: '6530', districts: ['渝中', '江北', '南岸', '沙坪坝', '九龙坡', '渝北'] },
  { name: '昆明', code: '7310', districts: ['五华', '盘龙', '官渡', '西山'] },
  { name: '西安', code: '7910', districts: ['碑林', '雁塔', '新城', '莲湖', '未央'] },
];

const DEFAULT_SEED = 20240601;
const DEFAULT_PER_BANK = 160;
const DEFAULT_LIMIT = 50;

/**
 * The simulator's own check digit: weights 3,7,9 cycling over the first 11 digits, mod 10.
 * It is NOT the PBOC algorithm; it only makes our codes self-consistent.
 */
export function cnapsCheckDigit(first11: string): string {
  const weights = [3, 7, 9];
  let sum = 0;
  for (let i = 0; i < first11.length; i++) sum += (first11.charCodeAt(i) - 48) * (weights[i % 3] as number);
  return String((10 - (sum % 10)) % 10);
}

const built = new Map<string, { rows: Branch[]; lower: string[]; index: Map<string, Branch> }>();

export function createBranchDirectory(opts: BranchDirectoryOptions = {}): BranchDirectory {
  const seed = opts.seed ?? DEFAULT_SEED;
  const perBank = opts.perBank ?? DEFAULT_PER_BANK;
  if (!Number.isInteger(perBank) || perBank < 1)
    throw new RangeError(`perBank must be a positive integer, got ${perBank}`);
  const key = `${seed}:${perBank}`;
  // Lazy and memoised per process: several channels may ask for the same directory at start-up.
  const data = () => {
    let d = built.get(key);
    if (!d) {
      const rows = buildRows(seed, perBank);
      d = { rows, lower: rows.map((r) => r.bankName.toLowerCase()), index: new Map(rows.map((r) => [r.bankCnaps, r])) };
      built.set(key, d);
    }
    return d;
  };
  return {
    all: () => [...data().rows],
    byCnaps: (code) => data().index.get(code),
    search(keyword, limit = DEFAULT_LIMIT) {
      // Whitespace-separated terms must all match; a blank keyword matches nothing rather than
      // dumping the directory (a channel decides how its upstream answers a missing keyword).
      const terms = keyword.toLowerCase().split(/\s+/).filter(Boolean);
      const max = Math.max(0, Math.floor(limit));
      const { rows, lower } = data();
      const out: Branch[] = [];
      for (let i = 0; i < rows.length && out.length < max && terms.length > 0; i++) {
        const name = lower[i] as string;
        if (terms.every((t) => name.includes(t))) out.push(rows[i] as Branch);
      }
      return out;
    },
  };
}

interface Candidate {
  name: string;
  district: string;
  seq: number;
}

function buildRows(seed: number, perBank: number): Branch[] {
  const streets = streetNames();
  const counts = shareOut(
    perBank,
    cities.map((c) => 1 + c.districts.length + streets.length),
  );
  const rows: Branch[] = [];
  for (const bank of banks) {
    cities.forEach((city, i) => {
      // One PRNG stream per (seed, bank, city), consumed branch by branch in a fixed order: the
      // same seed always yields the same first n branches, so a smaller directory is a subset
      // of a larger one, and only the branches actually kept are ever generated.
      const rand = createRandom(streamSeed(seed, bank.code, city.code));
      for (const c of cityBranches(rand, bank, city, streets, counts[i] as number)) {
        const first11 = bank.code + city.code + String(c.seq).padStart(4, '0');
        rows.push(
          Object.freeze({
            bankName: c.name,
            bankCnaps: first11 + cnapsCheckDigit(first11),
            bankCode: bank.code,
            city: city.name,
            district: c.district,
          }),
        );
      }
    });
  }
  return rows.sort((a, b) => (a.bankCnaps < b.bankCnaps ? -1 : 1));
}

/** Deals `total` branches round-robin over cities (in table order) within their capacities. */
function shareOut(total: number, capacities: number[]): number[] {
  const capacity = capacities.reduce((a, b) => a + b, 0);
  if (total > capacity) throw new RangeError(`perBank ${total} exceeds the ${capacity} branches a bank can have`);
  const counts = capacities.map(() => 0);
  for (let left = total; left > 0;) {
    capacities.forEach((cap, i) => {
      if (left > 0 && (counts[i] as number) < cap) {
        counts[i] = (counts[i] as number) + 1;
        left--;
      }
    });
  }
  return counts;
}

function cityBranches(rand: Random, bank: Bank, city: City, streets: readonly string[], count: number): Candidate[] {
  const prefix = bank.fullName + city.name;
  const isBeijing = city.name === '北京';
  const districts = isBeijing
    ? [city.districts[0] as string, ...shuffle(rand, city.districts.slice(1))]
    : shuffle(rand, city.districts);
  // Increasing sequence numbers with gaps, like a real directory; ~145 branches × 40 < 9999.
  let seq = 0;
  const branch = (name: string, district: string): Candidate => {
    seq += rand.int(1, 40);
    if (seq > 9999) throw new RangeError(`${name}: the 4-digit CNAPS sequence overflowed`);
    return { name, district, seq };
  };
  const office = () => branch(`${prefix}分行营业部`, rand.pick(city.districts));
  const district = (d: string) => branch(`${prefix}${d}支行`, d);
  // Roads come from a forward partial Fisher–Yates, so drawing k roads costs k steps.
  const roads = [...streets];
  let used = 0;
  const road = () => {
    const j = rand.int(used, roads.length - 1);
    [roads[used], roads[j]] = [roads[j] as string, roads[used] as string];
    return branch(`${prefix}${roads[used++] as string}支行`, rand.pick(city.districts));
  };
  // 北京 leads with 海淀 so a bank's first branch is always its 北京海淀支行; elsewhere the
  // 分行营业部 comes first. Then districts and roads alternate, so a small perBank shows both.
  const first = districts[0] as string;
  const out = isBeijing ? [district(first), office()] : [office(), district(first)];
  for (let i = 1; out.length < count && (i < districts.length || used < roads.length); i++) {
    if (i < districts.length) out.push(district(districts[i] as string));
    if (out.length < count && used < roads.length) out.push(road());
  }
  return out.slice(0, count);
}

function shuffle<T>(rand: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rand.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** FNV-1a over seed, bank and city: independent, reproducible stream seeds. */
function streamSeed(seed: number, bankCode: string, cityCode: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed >>> 0}:${bankCode}:${cityCode}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

function streetNames(): readonly string[] {
  // faker's zh_CN road list, picked with our PRNG rather than faker's own seeded generator:
  // faker does not promise identical seeded output across versions; the list itself is stable.
  const list = faker.rawDefinitions.location?.street_name;
  if (!list || list.length === 0) throw new Error('@faker-js/faker zh_CN has no location.street_name list');
  return [...new Set(list)];
}
