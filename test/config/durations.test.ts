import { describe, expect, it } from 'vitest';
import { formatByteSize, formatDuration, parseByteSize, parseDuration } from '../../src/config/durations.ts';

describe('parseDuration', () => {
  it.each<[string, number | null]>([
    ['500ms', 500],
    ['10s', 10_000],
    ['90s', 90_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['14d', 1_209_600_000],
    ['0s', 0],
    ['60', null], // a bare number: seconds or milliseconds? refused
    ['1.5s', null],
    ['-5s', null],
    ['5 s', null],
    ['5S', null],
    ['5w', null],
    ['s', null],
    ['', null],
    ['99999999999999999999d', null],
  ])('%j → %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each<[number, string]>([
    [500, '500ms'],
    [10_000, '10s'],
    [90_000, '90s'],
    [120_000, '2m'],
    [7_200_000, '2h'],
    [1_209_600_000, '14d'],
    [1_500, '1500ms'],
  ])('formats %d as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });
});

describe('parseByteSize', () => {
  it.each<[number | string, number | null]>([
    [1024, 1024],
    ['100B', 100],
    ['512KB', 524_288],
    ['1MB', 1_048_576],
    ['10 MB', 10_485_760],
    ['1GB', null],
    ['1mb', null],
    ['1.5MB', null],
    [-1, null],
    [1.5, null],
    ['', null],
  ])('%j → %s', (value, bytes) => {
    expect(parseByteSize(value)).toBe(bytes);
  });

  it.each<[number, string]>([
    [100, '100B'],
    [524_288, '512KB'],
    [10_485_760, '10MB'],
    [1_536, '1536B'],
  ])('formats %d as %s', (bytes, text) => {
    expect(formatByteSize(bytes)).toBe(text);
  });
});
