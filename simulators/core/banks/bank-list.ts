// The curated table of real Chinese banks that every simulator draws test data from: the PBOC
// 3-digit bank code that opens each CNAPS 行号, the legal name branches print, the short name,
// the English abbreviation upstreams return as issuingBank, and real card BINs with their card
// lengths. It is data only: no generation, no channel spelling (a channel that says GDB where we
// say CGB maps it itself). Only BINs we could confirm in two independent BIN tables are listed;
// an unsure one (e.g. 625330, which sources attribute to different banks) is left out on purpose.

export type CardKind = 'debit' | 'credit';

export interface CardBin {
  /** First six digits of the card number (IIN/BIN). */
  readonly bin: string;
  /** Full card number length, check digit included. */
  readonly length: number;
  readonly kind: CardKind;
}

export interface Bank {
  /** PBOC bank category code: the first three digits of every CNAPS code of this bank. */
  readonly code: string;
  /** Legal name as it prefixes branch names, e.g. 中国工商银行股份有限公司. */
  readonly fullName: string;
  /** Everyday short name, e.g. 工商银行. */
  readonly shortName: string;
  /** English abbreviation used as issuingBank, e.g. ICBC. */
  readonly abbr: string;
  readonly bins: readonly CardBin[];
}

const debit = (bin: string, length: number): CardBin => Object.freeze({ bin, length, kind: 'debit' });
const credit = (bin: string, length: number): CardBin => Object.freeze({ bin, length, kind: 'credit' });

function bank(code: string, fullName: string, shortName: string, abbr: string, bins: CardBin[]): Bank {
  return Object.freeze({ code, fullName, shortName, abbr, bins: Object.freeze(bins) });
}

// Frozen because several simulators share this one table inside one process.
export const banks: readonly Bank[] = Object.freeze([
  bank('102', '中国工商银行股份有限公司', '工商银行', 'ICBC', [
    debit('622202', 19),
    debit('622208', 19),
    debit('621226', 19),
    debit('621225', 19),
    credit('622230', 16),
    credit('427020', 16),
  ]),
  bank('103', '中国农业银行股份有限公司', '农业银行', 'ABC', [
    debit('622848', 19),
    debit('622845', 19),
    debit('622827', 19),
    credit('625996', 16),
    credit('622836', 16),
  ]),
  bank('104', '中国银行股份有限公司', '中国银行', 'BOC', [
    debit('621661', 19),
    debit('621785', 19),
    debit('621660', 19),
    debit('456351', 19),
    credit('625908', 16),
    credit('622760', 16),
    credit('438088', 16),
  ]),
  bank('105', '中国建设银行股份有限公司', '建设银行', 'CCB', [
    debit('621700', 19),
    debit('436742', 19),
    debit('622700', 19),
    debit('622280', 19),
    credit('436745', 16),
    credit('625964', 16),
  ]),
  // COMM, not BCM: it is what Alipay-style card-bin answers and most payment upstreams return.
  bank('301', '交通银行股份有限公司', '交通银行', 'COMM', [
    debit('622260', 19),
    debit('622262', 19),
    credit('622252', 16),
    credit('458123', 16),
  ]),
  bank('302', '中信银行股份有限公司', '中信银行', 'CITIC', [
    debit('622690', 16),
    debit('621771', 16),
    credit('622688', 16),
    credit('433668', 16),
  ]),
  bank('303', '中国光大银行股份有限公司', '光大银行', 'CEB', [
    debit('622660', 16),
    debit('622666', 16),
    credit('622655', 16),
    credit('625976', 16),
  ]),
  bank('304', '华夏银行股份有限公司', '华夏银行', 'HXB', [
    debit('622630', 16),
    debit('622632', 16),
    debit('623021', 16),
    credit('625967', 16),
    credit('622637', 16),
  ]),
  bank('305', '中国民生银行股份有限公司', '民生银行', 'CMBC', [
    debit('622622', 16),
    debit('621691', 16),
    credit('622600', 16),
    credit('625911', 16),
  ]),
  bank('306', '广发银行股份有限公司', '广发银行', 'CGB', [
    debit('622568', 19),
    debit('621462', 19),
    credit('622555', 16),
    credit('625809', 16),
  ]),
  // 622155/622156 were issued by 深圳发展银行, which became 平安银行 in 2012.
  bank('307', '平安银行股份有限公司', '平安银行', 'PAB', [
    debit('623058', 19),
    debit('621626', 19),
    credit('622155', 16),
    credit('622156', 16),
  ]),
  bank('308', '招商银行股份有限公司', '招商银行', 'CMB', [
    debit('622588', 16),
    debit('621483', 16),
    debit('621486', 16),
    credit('439225', 16),
    credit('622575', 16),
  ]),
  // 兴业 debit cards really are 18 digits long.
  bank('309', '兴业银行股份有限公司', '兴业银行', 'CIB', [
    debit('622908', 18),
    debit('622909', 18),
    credit('622901', 16),
    credit('625960', 16),
  ]),
  bank('310', '上海浦东发展银行股份有限公司', '浦发银行', 'SPDB', [
    debit('621792', 16),
    debit('621793', 16),
    debit('622521', 16),
    credit('622276', 16),
    credit('625957', 16),
  ]),
  bank('403', '中国邮政储蓄银行股份有限公司', '邮储银行', 'PSBC', [
    debit('621799', 19),
    debit('622188', 19),
    debit('621098', 19),
    debit('622150', 19),
    credit('622812', 16),
    credit('625919', 16),
  ]),
]);

const byCode = new Map(banks.map((b) => [b.code, b]));

/** The bank whose 3-digit PBOC code is `code`, or undefined. */
export function bankByCode(code: string): Bank | undefined {
  return byCode.get(code);
}
