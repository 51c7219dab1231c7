import { describe, expect, it } from '@jest/globals';
import { InputDataError } from '@mlgate/core';
import { HyperLogLog, hashNumber, hashString } from '../../src/sketch/index.js';
import { loadFixture, roundTrip } from './helpers.js';

describe('hashString and hashNumber', () => {
  const fixture = loadFixture<{ kind: 'string' | 'number'; value: string | number; hash: number }>(
    'hashes.json',
  );

  it('are MurmurHash3_x86_32 of the UTF-16LE / float64 bytes (reference implementation in Python)', () => {
    for (const c of fixture.cases) {
      const actual =
        c.kind === 'string'
          ? hashString(c.value as string)
          : hashNumber(c.value === 'NaN' ? NaN : Number(c.value));
      expect({ value: c.value, hash: actual }).toEqual({ value: c.value, hash: c.hash });
    }
  });

  it('hash −0 as 0, every NaN alike, and return uint32', () => {
    expect(hashNumber(-0)).toBe(hashNumber(0));
    expect(hashNumber(0 / 0)).toBe(hashNumber(NaN));
    expect(hashNumber(Number('NaN'))).toBe(hashNumber(Math.sqrt(-1)));
    for (const h of [hashString('a'), hashNumber(-1.5), hashString('日本')]) {
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
    }
    expect(hashNumber(1)).not.toBe(hashNumber(2));
  });
});

describe('HyperLogLog', () => {
  it.each([1_000, 10_000, 30_000, 100_000, 1_000_000])(
    'estimates %i distinct values within 3 sigma (1.04/√m), for numbers and strings',
    (n) => {
      const numbers = new HyperLogLog();
      const strings = new HyperLogLog();
      for (let i = 0; i < n; i++) {
        numbers.addHash(hashNumber(i * 1.5));
        numbers.addHash(hashNumber(i * 1.5)); // duplicates do not count
        strings.addHash(hashString(`customer-${i}`));
      }
      const threeSigma = 3 * numbers.relativeStandardError;
      expect(numbers.relativeStandardError).toBeCloseTo(1.04 / 64, 12);
      expect(Math.abs(numbers.estimate() / n - 1)).toBeLessThan(threeSigma);
      expect(Math.abs(strings.estimate() / n - 1)).toBeLessThan(threeSigma);
    },
  );

  it('is exact-ish for tiny counts (linear counting) and 0 when empty', () => {
    const h = new HyperLogLog();
    expect(h.estimate()).toBe(0);
    ['a', 'b', 'c', 'a'].forEach((s) => h.addHash(hashString(s)));
    expect(Math.round(h.estimate())).toBe(3);
  });

  it('merging shards gives exactly the registers of one pass, in any order', () => {
    const whole = new HyperLogLog();
    const shards = [new HyperLogLog(), new HyperLogLog(), new HyperLogLog()];
    for (let i = 0; i < 50_000; i++) {
      const hash = hashNumber(i % 40_000);
      whole.addHash(hash);
      shards[i % 3].addHash(hash);
    }
    const ab = new HyperLogLog().merge(shards[0]).merge(shards[1]).merge(shards[2]);
    const ba = new HyperLogLog().merge(shards[2]).merge(new HyperLogLog().merge(shards[1]).merge(shards[0]));
    expect(ab.toJSON()).toEqual(whole.toJSON());
    expect(ba.toJSON()).toEqual(whole.toJSON());
  });

  it('a short column keeps a list of registers: the same estimate, JSON and merges as the full registers', () => {
    // 20 values: a list; 5,000: the full registers. Both built twice, once forced into full registers first.
    for (const n of [20, 5000]) {
      const listed = new HyperLogLog();
      const full = new HyperLogLog();
      void full.registers; // allocates the 2^p registers up front
      for (let i = 0; i < n; i++) {
        listed.addHash(hashString(`v${i}`));
        full.addHash(hashString(`v${i}`));
      }
      expect(listed.estimate()).toBe(full.estimate());
      // JSON: [index, rank] pairs while a list (20 values), the base64 registers after (5,000).
      const json = listed.toJSON();
      expect(n === 20 ? json.sparse?.length : json.registers).toBe(n === 20 ? 20 : full.toJSON().registers);
      const registers = (h: HyperLogLog) => Buffer.from(h.registers).toString('base64');
      expect(registers(listed)).toBe(registers(full));
      expect(HyperLogLog.fromJSON(roundTrip(json)).estimate()).toBe(full.estimate());
      expect(registers(HyperLogLog.fromJSON(roundTrip(json)))).toBe(registers(full));
      const mergedList = new HyperLogLog().merge(listed).merge(listed);
      const mergedFull = new HyperLogLog().merge(full).merge(listed);
      expect(registers(mergedList)).toBe(registers(full));
      expect(registers(mergedFull)).toBe(registers(full));
    }
    // Many adds of few values (a long categorical column): registers after 4,096 adds, same answers.
    const long = new HyperLogLog();
    for (let i = 0; i < 10_000; i++) long.addHash(hashString(`c${i % 3}`));
    expect(Math.round(long.estimate())).toBe(3);
  });

  it('round-trips through JSON with base64 registers', () => {
    const h = new HyperLogLog(10);
    for (let i = 0; i < 5000; i++) h.addHash(hashNumber(i));
    const json = h.toJSON();
    expect(json.registers).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const back = HyperLogLog.fromJSON(roundTrip(json));
    expect(back.estimate()).toBe(h.estimate());
    expect(back.toJSON()).toEqual(json);
  });

  it('rejects bad precision, mismatched merges and malformed JSON', () => {
    expect(() => new HyperLogLog(3)).toThrow(RangeError);
    expect(() => new HyperLogLog(12).merge(new HyperLogLog(14))).toThrow(InputDataError);
    const json = new HyperLogLog(4).toJSON();
    expect(() => HyperLogLog.fromJSON({ ...json, registers: 'AAAA' })).toThrow(/expected 16 registers/);
    const pairs = { kind: 'hll', version: 1, p: 4 };
    expect(HyperLogLog.fromJSON({ ...pairs, sparse: [[3, 2]] }).registers[3]).toBe(2);
    expect(() => HyperLogLog.fromJSON({ ...pairs, sparse: [[16, 2]] })).toThrow(/index < 16/);
    expect(() =>
      HyperLogLog.fromJSON({
        ...pairs,
        sparse: [
          [1, 2],
          [1, 3],
        ],
      }),
    ).toThrow(/each index once/);
    expect(() => HyperLogLog.fromJSON({ ...pairs, sparse: [[1, 99]] })).toThrow(/rank/);
    expect(() => HyperLogLog.fromJSON({ ...json, registers: '!!' })).toThrow(/base64/);
    expect(() =>
      HyperLogLog.fromJSON({ ...json, registers: Buffer.alloc(16, 99).toString('base64') }),
    ).toThrow(/holds 99/);
  });
});
