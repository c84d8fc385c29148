// Simulated Chinese individuals for payer/payee fields: a realistic name, an 18-character
// resident ID number that passes the GB 11643-1999 check, and a mobile number on a real
// carrier segment. Everything comes from the caller's seeded Random. It must not produce data
// of real people on purpose (names and numbers are random combinations) and must not read the
// clock: "age" is only a birth year range, never computed from today.

import type { Random } from './seeded-random.ts';

export interface FakePerson {
  name: string;
  idNumber: string;
  mobile: string;
}

// The most common surnames, in frequency order; the first twenty are drawn far more often,
// as they are in the population.
const commonSurnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'.split('');
const otherSurnames =
  '郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  );
const maleChars = '伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳建国志文海峰东亮晨博'.split('');
const femaleChars = '芳娜敏静丽艳娟霞燕玲婷雪慧颖琳倩洁晶欣萍红梅莉兰月琴云佳悦怡思雨欢妍璐'.split('');

// Real GB/T 2260 county-level codes of city districts (北京东城 … 南宁青秀).
const regionCodes = [
  '110101',
  '110102',
  '110105',
  '110108',
  '120101',
  '130102',
  '210102',
  '310104',
  '310115',
  '320102',
  '330106',
  '340104',
  '350102',
  '360102',
  '370102',
  '410105',
  '420106',
  '430104',
  '440106',
  '440305',
  '450103',
  '500103',
  '510107',
  '530102',
  '610113',
];

// Carrier number segments in use (移动 / 联通 / 电信 / 广电); all match 1[3-9]x.
const mobilePrefixes = [
  '130',
  '131',
  '132',
  '133',
  '134',
  '135',
  '136',
  '137',
  '138',
  '139',
  '147',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '173',
  '175',
  '176',
  '177',
  '178',
  '180',
  '181',
  '182',
  '183',
  '184',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '192',
  '198',
  '199',
];

const ODD = ['1', '3', '5', '7', '9'];
const EVEN = ['0', '2', '4', '6', '8'];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643-1999 check character for the first 17 digits of a resident ID number. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] as string;
}

export function fakePerson(rand: Random): FakePerson {
  const male = rand.next() < 0.5;
  const surname = rand.next() < 0.7 ? rand.pick(commonSurnames) : rand.pick(otherSurnames);
  const chars = male ? maleChars : femaleChars;
  const given = rand.next() < 0.35 ? rand.pick(chars) : rand.pick(chars) + rand.pick(chars);

  const year = rand.int(1960, 2004);
  const month = rand.int(1, 12);
  const day = rand.int(1, daysInMonth(year, month));
  // Sequence code: the 17th digit is odd for men and even for women; starting the first two
  // at 01 keeps it away from 000, which is never issued.
  const sequence = pad2(rand.int(1, 99)) + rand.pick(male ? ODD : EVEN);
  const body = rand.pick(regionCodes) + String(year) + pad2(month) + pad2(day) + sequence;

  return {
    name: surname + given,
    idNumber: body + idCheckChar(body),
    mobile: rand.pick(mobilePrefixes) + rand.digits(8),
  };
}

/**
 * True for an 18-character resident ID with a plausible province code, a real calendar birth
 * date (year 1900 or later) and a correct check character; a lowercase x is accepted, as most
 * upstreams upper-case before checking.
 */
export function isValidIdNumber(s: string): boolean {
  const id = s.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  if (!PROVINCES.has(id.slice(0, 2))) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  return idCheckChar(id.slice(0, 17)) === id[17];
}

// Province-level prefixes of GB/T 2260, including 71 台湾, 81 香港, 82 澳门 used on some IDs.
const PROVINCES = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82'.split(' '),
);

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
