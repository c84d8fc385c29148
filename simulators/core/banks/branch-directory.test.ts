import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { banks } from './bank-list.ts';
import { cnapsCheckDigit, createBranchDirectory } from './branch-directory.ts';

const directory = createBranchDirectory();
const rows = directory.all();

describe('createBranchDirectory', () => {
  it('gives every branch a 12-digit CNAPS code opening with its bank code and carrying our check digit', () => {
    expect(rows.length).toBe(banks.length * 160);
    for (const b of rows) {
      expect(b.bankCnaps).toMatch(/^\d{12}$/);
      expect(b.bankCnaps.slice(0, 3)).toBe(b.bankCode);
      expect(b.bankCnaps[11]).toBe(cnapsCheckDigit(b.bankCnaps.slice(0, 11)));
      const bank = banks.find((x) => x.code === b.bankCode);
      expect(b.bankName.startsWith(`${bank?.fullName}${b.city}`)).toBe(true);
      expect(b.bankName).toMatch(/(支行|分行营业部)$/);
    }
  });

  it('never repeats a code or a branch name', () => {
    expect(new Set(rows.map((b) => b.bankCnaps)).size).toBe(rows.length);
    expect(new Set(rows.map((b) => b.bankName)).size).toBe(rows.length);
  });

  it('has district, head-office and road branches', () => {
    expect(rows.some((b) => b.bankName.endsWith('分行营业部'))).toBe(true);
    expect(rows.some((b) => b.bankName === `中国工商银行股份有限公司${b.city}${b.district}支行`)).toBe(true);
    expect(rows.some((b) => /(路|街|大道)支行$/.test(b.bankName))).toBe(true);
  });

  it('answers the spec example 海淀 with a 北京海淀支行 of every bank', () => {
    const hits = directory.search('海淀');
    expect(hits.length).toBeGreaterThan(0);
    for (const b of hits) expect(b.bankName).toContain('海淀');
    expect(new Set(directory.search('海淀', 1000).map((b) => b.bankCode))).toEqual(new Set(banks.map((b) => b.code)));
    expect(hits.map((b) => b.bankName)).toContain('中国工商银行股份有限公司北京海淀支行');
  });

  it('matches all terms, keeps a stable order and honours the limit (default 50)', () => {
    expect(directory.search('支行')).toHaveLength(50);
    expect(directory.search('支行', 7)).toHaveLength(7);
    expect(directory.search('支行', 7)).toEqual(directory.search('支行').slice(0, 7));
    const both = directory.search('招商 深圳', 1000);
    expect(both.length).toBeGreaterThan(0);
    for (const b of both) expect(b.bankName.includes('招商') && b.bankName.includes('深圳')).toBe(true);
    expect(directory.search('   ')).toEqual([]);
    expect(directory.search('不存在的银行')).toEqual([]);
  });

  it('looks branches up by CNAPS code', () => {
    const some = rows[123];
    expect(some && directory.byCnaps(some.bankCnaps)).toBe(some);
    expect(directory.byCnaps('000000000000')).toBeUndefined();
  });

  it('is deterministic: pinned codes for the default seed, subsets for smaller sizes, other seeds differ', () => {
    expect(directory.search('中国工商银行股份有限公司北京海淀支行')[0]?.bankCnaps).toBe(PINNED_ICBC_HAIDIAN);
    expect(createHash('sha256').update(JSON.stringify(rows)).digest('hex')).toBe(PINNED_DEFAULT_SHA256);
    const small = createBranchDirectory({ perBank: 30 }).all();
    const names = new Map(rows.map((b) => [b.bankCnaps, b.bankName]));
    for (const b of small) expect(names.get(b.bankCnaps)).toBe(b.bankName);
    const other = createBranchDirectory({ seed: 1 }).all();
    expect(other.map((b) => b.bankCnaps)).not.toEqual(rows.map((b) => b.bankCnaps));
  });

  it('keeps 北京海淀 even for one branch per bank, and rejects a bad size', () => {
    const tiny = createBranchDirectory({ perBank: 1 }).all();
    expect(tiny).toHaveLength(banks.length);
    for (const b of tiny) expect(b.bankName).toMatch(/北京海淀支行$/);
    expect(() => createBranchDirectory({ perBank: 0 })).toThrow(RangeError);
    expect(() => createBranchDirectory({ perBank: 1e6 }).all()).toThrow(RangeError);
  });

  it('hands out copies, so a caller cannot corrupt the shared directory', () => {
    const mine = directory.all();
    mine.length = 0;
    expect(directory.all()).toHaveLength(rows.length);
    expect(Object.isFrozen(rows[0])).toBe(true);
  });
});

// Pins for the default seed: if either changes, every fixture recorded against the directory
// moves too (a different faker street list is the usual cause), so change them deliberately.
const PINNED_ICBC_HAIDIAN = '102100000116';
const PINNED_DEFAULT_SHA256 = '57f285ad774957087d00d77a346adadc30c7b37a6c9b549b3c9411342e5ffddc';
