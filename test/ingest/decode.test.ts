import { describe, expect, it } from 'vitest';
import { decodeSlices, detectEncoding, sniffFormat } from '../../pipeline/ingest/decode.ts';
import { encodeGb18030 } from '../../generate/gb18030.ts';

const TEXT = '人员编号,姓名\r\nP01,王芳\r\nP02,艾力·买买提\nP03,巴图·孟和\r\n';
const EXPECTED = TEXT.replace(/\r\n/g, '\n');

describe('decodeSlices', () => {
  it.each([1, 2, 3, 5, 7, 64])('UTF-8 in %i-byte slices: no character split, CRLF across slices joined', (size) => {
    const bytes = new TextEncoder().encode('\ufeff' + TEXT);
    expect([...decodeSlices(bytes, 'utf-8', size)].join('')).toBe(EXPECTED);
  });
  it.each([1, 2, 3, 64])('GB18030 in %i-byte slices', (size) => {
    expect([...decodeSlices(encodeGb18030(TEXT), 'gb18030', size)].join('')).toBe(EXPECTED);
  });
  it('a lone CR ends a line too', () => {
    expect([...decodeSlices(new TextEncoder().encode('a\rb\r'), 'utf-8')].join('')).toBe('a\nb\n');
  });
  it('drops a byte-order mark only at the start of the file, not of a part from its middle', () => {
    const bytes = new TextEncoder().encode('\ufeffa,b\n');
    expect([...decodeSlices(bytes, 'utf-8')].join('')).toBe('a,b\n');
    expect([...decodeSlices(bytes, 'utf-8', undefined, false)].join('')).toBe('\ufeffa,b\n');
  });
});

describe('detectEncoding and sniffFormat', () => {
  it('valid UTF-8 is UTF-8, anything else GB18030, a UTF-16 BOM UTF-16LE', () => {
    expect(detectEncoding(new TextEncoder().encode(TEXT))).toBe('utf-8');
    expect(detectEncoding(encodeGb18030(TEXT))).toBe('gb18030');
    expect(detectEncoding(new Uint8Array([0xff, 0xfe, 0x41, 0]))).toBe('utf-16le');
  });
  it('refuses workbooks, web pages and binary content with advice', () => {
    expect(() => sniffFormat('a.csv', new Uint8Array([0x50, 0x4b, 0x03, 0x04]))).toThrow(/xlsx.*另存为/);
    expect(() => sniffFormat('a.csv', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]))).toThrow(/xls/);
    expect(() => sniffFormat('a.csv', new TextEncoder().encode('\ufeff  <!DOCTYPE html><html>'))).toThrow(/网页/);
    expect(() => sniffFormat('a.csv', new Uint8Array([0x41, 0x2c, 0x00, 0x42]))).toThrow(/二进制/);
    expect(() => sniffFormat('a.csv', new TextEncoder().encode(TEXT))).not.toThrow();
  });
});
