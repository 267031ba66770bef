import { describe, expect, it } from 'vitest';
import { MAX_BODY_LENGTH, toOneLine, toPlainText } from '../../src/notices/plain-text.ts';

describe('toPlainText', () => {
  it.each<[string, string]>([
    ['<p>A &amp; B<script>alert(1)</script></p><p>C</p>', 'A & B\nC'],
    ['<img src=x onerror="alert(1)">公告', '公告'],
    ['<style>p{}</style><noscript>x</noscript><iframe src="https://evil.example"></iframe>ok', 'ok'],
    ['line 1<br>line 2<br/>line 3', 'line 1\nline 2\nline 3'],
    ['&lt;script&gt;alert(1)&lt;/script&gt;', '<script>alert(1)</script>'],
    ['a\r\n\r\n\r\nb', 'a\nb'],
    ['  many   spaces\u3000and\u00a0nbsp  ', 'many spaces and nbsp'],
    ['bidi \u202Eevil\u202C and \u0007bell', 'bidi evil and bell'],
    ['a < b and c > d', 'a < b and c > d'],
    ['&#x5BA2;&#26381;&nbsp;&copy;', '客服 ©'],
  ])('%j → %j', (input, expected) => {
    expect(toPlainText(input, MAX_BODY_LENGTH)).toBe(expected);
  });

  it('caps the length without cutting a character in half', () => {
    expect(toPlainText('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
    const emoji = toPlainText('😀'.repeat(10), 6);
    expect(emoji.endsWith('…')).toBe(true);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe('toOneLine', () => {
  it('puts a title on one line', () => {
    expect(toOneLine('<h3>客服热线\n  维护</h3><p>公告</p>', 300)).toBe('客服热线 维护 公告');
  });
});
