import { describe, expect, it } from 'vitest';
import { attachRefusal, megabytes } from '../../src-renderer/app/attach';
import { fileSize } from '../../src-renderer/ui/file-size';

const MB = 1024 * 1024;

describe('which chosen files are refused before anything is sent', () => {
  it.each<[string, number, { maxBytes: number | null } | null, boolean, string | undefined]>([
    ['within the limit', 4 * MB, { maxBytes: 4 * MB }, true, undefined],
    ['one byte over the limit', 4 * MB + 1, { maxBytes: 4 * MB }, true, 'file.tooLarge'],
    ['one byte over, offline with the limit known', 4 * MB + 1, { maxBytes: 4 * MB }, false, 'file.tooLarge'],
    ['a service without a limit', 900 * MB, { maxBytes: null }, true, undefined],
    ['online, the server offers no file sharing', 10, null, true, 'file.noService'],
    ['offline, nothing known yet: queued, the core decides later', 10, null, false, undefined],
  ])('%s', (_, size, upload, online, key) => {
    expect(attachRefusal({ name: 'a.bin', size }, upload, online)?.key).toBe(key);
  });

  it('says the limit in MB', () => {
    expect(attachRefusal({ name: 'a.bin', size: 11 * MB }, { maxBytes: 10 * MB }, true)?.params).toEqual({ name: 'a.bin', limit: 10 });
    expect(megabytes(1.5 * MB)).toBe(1.5);
    expect(megabytes(104857600)).toBe(100);
  });
});

describe('file sizes as a person reads them', () => {
  it.each<[number, string, number]>([
    [0, 'file.sizeBytes', 0],
    [1023, 'file.sizeBytes', 1023],
    [1024, 'file.sizeKilobytes', 1],
    [700_000, 'file.sizeKilobytes', 684],
    [4 * MB, 'file.sizeMegabytes', 4],
    [Math.round(2.345 * MB), 'file.sizeMegabytes', 2.3],
  ])('%d bytes', (bytes, key, size) => {
    expect(fileSize(bytes)).toEqual({ key, size });
  });
});
