import { describe, expect, it } from 'vitest';
import { encodeGb18030, isGb18030TwoByte } from '../../generate/gb18030.ts';
import { DEPARTMENTS, SUBORDINATE_UNITS, personName } from '../../generate/names.ts';
import { Random } from '../../generate/random.ts';
import { COURSE_TOPICS, SHORT_COMMENTS, longComment, sessionTopic } from '../../generate/texts.ts';

const decode = (bytes: Uint8Array) => new TextDecoder('gb18030').decode(bytes);

describe('gb18030 encoder', () => {
  it('encodes the known codes of GBK (啊 B0A1, · A1A4, ， A3AC) and ASCII as is', () => {
    expect([...encodeGb18030('啊')]).toEqual([0xb0, 0xa1]);
    expect([...encodeGb18030('·')]).toEqual([0xa1, 0xa4]);
    expect([...encodeGb18030('，')]).toEqual([0xa3, 0xac]);
    expect([...encodeGb18030('P01,"a"\r\n')]).toEqual([...Buffer.from('P01,"a"\r\n', 'ascii')]);
  });

  it('round-trips Han, Uyghur and Mongol names through TextDecoder', () => {
    const rng = new Random(7);
    const names = ['艾力·买买提', '巴图·孟和', '欧阳晓东'];
    for (let i = 0; i < 300; i++) names.push(personName(rng, rng.pick(['汉族', '维吾尔族', '蒙古族', '回族'] as const), rng.pick(['男', '女'] as const)));
    for (const name of names) expect(decode(encodeGb18030(name))).toBe(name);
  });

  it('round-trips every unit name and the free-text pools, quotes and line breaks included', () => {
    const rng = new Random(3);
    const texts = [...DEPARTMENTS, ...SUBORDINATE_UNITS, ...COURSE_TOPICS.flat(), ...SHORT_COMMENTS];
    for (let i = 0; i < 200; i++) texts.push(longComment(rng, '全会精神'), sessionTopic(rng));
    for (const t of texts) {
      expect(isGb18030TwoByte(t)).toBe(true);
      expect(decode(encodeGb18030(t))).toBe(t);
    }
  });

  it('refuses characters without a two-byte code (emoji, CJK Extension B)', () => {
    expect(() => encodeGb18030('学习😀')).toThrow(/GB18030/);
    expect(() => encodeGb18030('𠀀')).toThrow(/GB18030/);
    expect(isGb18030TwoByte('好😀')).toBe(false);
  });
});
