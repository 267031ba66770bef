import { describe, expect, it } from 'vitest';
import {
  MAX_CONDITION_LENGTH,
  evaluateCondition,
  isConditionSyntaxError,
  parseCondition,
  parseJsonBody,
  renderText,
  renderValue,
  type Condition,
  type ConditionContext,
  type ConditionSyntaxError,
  type Literal,
  type Operand,
  type Operator,
} from '../../src/domain/conditions/index.ts';

/** Parses a source that must be a condition. */
function cond(source: string): Condition {
  const parsed = parseCondition(source);
  if (isConditionSyntaxError(parsed)) throw new Error(parsed.message);
  return parsed;
}

const json = (...path: (string | number)[]): Operand => ({ kind: 'json', path });
const num = (value: number): Literal => ({ type: 'number', value });
const str = (value: string): Literal => ({ type: 'string', value });
const ms = (n: number): Literal => ({ type: 'duration', ms: n });

describe('parseCondition: conditions', () => {
  it.each<[string, Operand, Operator, Literal]>([
    ['status == 200', { kind: 'status' }, '==', num(200)],
    ['status != 503', { kind: 'status' }, '!=', num(503)],
    ['status >= 200', { kind: 'status' }, '>=', num(200)],
    ['status < 400', { kind: 'status' }, '<', num(400)],
    ['status\t==\t200', { kind: 'status' }, '==', num(200)],
    ['status==200', { kind: 'status' }, '==', num(200)],
    ['json.status == "ok"', json('status'), '==', str('ok')],
    ['json.queue.wait_s < 300', json('queue', 'wait_s'), '<', num(300)],
    ['json.items[0].state == "open"', json('items', 0, 'state'), '==', str('open')],
    ['json.items.0.state == "open"', json('items', '0', 'state'), '==', str('open')],
    ['json.count >= 1', json('count'), '>=', num(1)],
    ['json.temp > -5', json('temp'), '>', num(-5)],
    ['json.ratio <= 0.75', json('ratio'), '<=', num(0.75)],
    ['json.status_code == 200', json('status_code'), '==', num(200)],
    ['json.x-request == "a"', json('x-request'), '==', str('a')],
    ['json["a.b"]["c d"] == "x"', json('a.b', 'c d'), '==', str('x')],
    ['json == null', json(), '==', { type: 'null' }],
    ['json.ok == true', json('ok'), '==', { type: 'boolean', value: true }],
    ['json.maintenance == false', json('maintenance'), '==', { type: 'boolean', value: false }],
    ['json.error != null', json('error'), '!=', { type: 'null' }],
    ['json.tags contains "beta"', json('tags'), 'contains', str('beta')],
    ['json.ids contains 5', json('ids'), 'contains', num(5)],
    ['json.msg == "a\\"b\\\\c\\nd\\u00e9\\/"', json('msg'), '==', str('a"b\\c\nd\u00e9/')],
    ['json.msg == "ünïcødé 😀"', json('msg'), '==', str('ünïcødé 😀')],
    ['header.content-type contains "json"', { kind: 'header', name: 'content-type' }, 'contains', str('json')],
    ['header.Content-Type contains "json"', { kind: 'header', name: 'content-type' }, 'contains', str('json')],
    ['header.retry-after == null', { kind: 'header', name: 'retry-after' }, '==', { type: 'null' }],
    ['header.x-ratelimit-remaining > 10', { kind: 'header', name: 'x-ratelimit-remaining' }, '>', num(10)],
    ['latency < 800ms', { kind: 'latency' }, '<', ms(800)],
    ['latency <= 2s', { kind: 'latency' }, '<=', ms(2000)],
    ['latency > 1.5s', { kind: 'latency' }, '>', ms(1500)],
    ['latency < 1m', { kind: 'latency' }, '<', ms(60_000)],
    ['cert.days_left > 14', { kind: 'cert_days_left' }, '>', num(14)],
    ['body contains "online"', { kind: 'body' }, 'contains', str('online')],
    ['body not contains "busy"', { kind: 'body' }, 'not contains', str('busy')],
    ['body !contains "busy"', { kind: 'body' }, 'not contains', str('busy')],
    ['body contains""', { kind: 'body' }, 'contains', str('')],
  ])('%s', (source, left, op, right) => {
    expect(parseCondition(source)).toEqual({ source, left, op, right });
  });

  it('keeps the source trimmed', () => {
    expect(cond('   status == 200  ').source).toBe('status == 200');
  });

  it('gives plain data that survives a JSON round trip (specs are stored as JSON)', () => {
    const c = cond('json.items[0]["a b"] != "x\\u0000y"');
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
  });
});

describe('parseCondition: syntax errors', () => {
  it.each<[string, number, string]>([
    ['status = 200', 8, 'unexpected "=" at column 8; did you mean "=="?'],
    ['status => 200', 8, 'unexpected "=>" at column 8; did you mean ">="?'],
    ['status =< 200', 8, 'unexpected "=<" at column 8; did you mean "<="?'],
    ['status <> 200', 8, 'unexpected "<>" at column 8; did you mean "!="?'],
    ['status === 200', 8, 'unexpected "===" at column 8; did you mean "=="?'],
    ['status eq 200', 8, 'unexpected "eq" at column 8; did you mean "=="?'],
    ['status ! contains 2', 8, 'unexpected "!" at column 8; did you mean "!=" or "!contains"?'],
    ['status ~ 200', 8, 'unexpected "~" at column 8; expected an operator: ==, !=, <, <=, >, >=, contains or not contains'],
    ['body not "x"', 10, 'expected "contains" after "not" at column 10'],
    ['statuss == 200', 1, 'unknown value "statuss" at column 1; did you mean "status"?'],
    ['Status == 200', 1, 'unknown value "Status" at column 1; did you mean "status"?'],
    ['response_time < 1s', 1, 'unknown value "response_time" at column 1; did you mean "latency"?'],
    ['foo == 1', 1, 'unknown value "foo" at column 1; a condition starts with status, latency, body, header.<name>, json.<path> or cert.days_left'],
    ['200 == status', 1, 'unexpected "200" at column 1; a condition starts with status, latency, body, header.<name>, json.<path> or cert.days_left'],
    ['"ok" == json.status', 1, 'unexpected text "ok" at column 1; a condition starts with status, latency, body, header.<name>, json.<path> or cert.days_left'],
    ['', 1, 'empty condition at column 1; write a comparison such as status == 200'],
    ['   ', 1, 'empty condition at column 1; write a comparison such as status == 200'],
    ['status', 7, 'expected an operator after "status" at column 7; use ==, !=, <, <=, >, >=, contains or not contains'],
    ['status ==', 10, 'expected a value after "==" at column 10; a value is a number, "text", true, false, null or a duration such as 800ms'],
    ['status == (200)', 11, 'unexpected "(" at column 11; a value is a number, "text", true, false, null or a duration such as 800ms'],
    ['json. == 1', 6, 'expected a key after "." at column 6; write other keys as json["…"]'],
    ['json.a..b == 1', 8, 'expected a key after "." at column 8; write other keys as json["…"]'],
    ['json.名前 == 1', 6, 'expected a key after "." at column 6; write other keys as json["…"]'],
    ['json .x == 1', 6, 'unexpected "." at column 6; expected an operator: ==, !=, <, <=, >, >=, contains or not contains'],
    ['json.items[x] == 1', 12, 'expected an index or a quoted key after "[" at column 12; write it like json.items[0] or json["a.b"]'],
    ['json.items[-1] == 1', 12, 'expected an index or a quoted key after "[" at column 12; write it like json.items[0] or json["a.b"]'],
    ['json.items[0 == 1', 14, 'expected "]" at column 14'],
    ['json.items] == 1', 11, 'unexpected "]" at column 11; no "[" was opened'],
    ['json.items[1234567890] == 1', 12, 'index "1234567890" too large at column 12'],
    ['header == "x"', 7, '"header" needs a name at column 7; write it like header.content-type'],
    ['header. == "x"', 8, 'expected a header name after "header." at column 8'],
    ['header.x.y == "z"', 9, 'unexpected "." at column 9; a header name holds letters, digits, "-" and "_"'],
    ['cert.days == 1', 1, 'unknown value "cert.days" at column 1; did you mean "cert.days_left"?'],
    ['status.code == 1', 7, 'unexpected "." at column 7; status has no fields'],
    ['latency < 800', 11, 'missing unit in "800" at column 11; latency is compared with a duration such as 800ms or 2s'],
    ['latency < "fast"', 11, 'unexpected text "fast" at column 11; latency is compared with a duration such as 800ms or 2s'],
    ['latency < -5ms', 11, 'negative duration "-5ms" at column 11'],
    ['latency contains "1"', 9, 'cannot use "contains" with latency at column 9; latency is a duration'],
    ['status == 200ms', 11, 'unexpected duration "200ms" at column 11; only latency is compared with a duration'],
    ['status contains "2"', 8, 'cannot use "contains" with status at column 8; status is a number'],
    ['status == "200"', 11, 'unexpected text "200" at column 11; status is compared with a number'],
    ['cert.days_left > "14"', 18, 'unexpected text "14" at column 18; cert.days_left is compared with a number'],
    ['body < 5', 6, 'cannot use "<" with body at column 6; body is text: use ==, !=, contains or not contains'],
    ['body == 5', 9, 'unexpected "5" at column 9; body is compared with text in double quotes'],
    ['json.x < "a"', 10, 'unexpected text "a" at column 10; "<" compares numbers'],
    ['json.x > null', 10, 'unexpected "null" at column 10; ">" compares numbers'],
    ['header.x contains 5', 19, 'unexpected "5" at column 19; "contains" takes text in double quotes'],
    ['header.x == true', 13, 'unexpected "true" at column 13; a header is compared with text, a number or null'],
    ['json.status == ok', 16, 'unexpected "ok" at column 16; text goes in double quotes: "ok"'],
    ["json.status == 'ok'", 16, 'unexpected "\'" at column 16; strings use double quotes'],
    ['json.ok == True', 12, 'unexpected "True" at column 12; did you mean "true"?'],
    ['json.x == "abc', 11, 'unterminated string at column 11; close it with "'],
    ['json.x == "abc\\"', 11, 'unterminated string at column 11; close it with "'],
    ['json.x == "a\\qb"', 13, 'unknown escape "\\q" at column 13; use \\" \\\\ \\n \\t \\r or \\uXXXX'],
    ['json.x == "a\\😀"', 13, 'unknown escape after "\\": "😀" at column 13; use \\" \\\\ \\n \\t \\r or \\uXXXX'],
    ['json.x == "\\u12"', 12, 'bad escape "\\u" at column 12; write \\u and four hex digits, e.g. \\u00e9'],
    ['status == 2xx', 11, 'bad number "2xx" at column 11; write numbers like 200, -1 or 0.5 and durations like 800ms, 2s or 1m'],
    ['json.x == 1.', 11, 'bad number "1." at column 11; write numbers like 200, -1 or 0.5 and durations like 800ms, 2s or 1m'],
    ['json.x == 1e9', 11, 'bad number "1e9" at column 11; write numbers like 200, -1 or 0.5 and durations like 800ms, 2s or 1m'],
    [`json.x == 1${'0'.repeat(400)}`, 11, 'number "10000000000000000000000…" too large at column 11'],
    ['status == 200 && latency < 1s', 15, 'unexpected "&&" at column 15; a condition holds one comparison: write each as its own condition'],
    ['status == 200 or status == 204', 15, 'unexpected "or" at column 15; a condition holds one comparison: write each as its own condition'],
    ['status == 200 300', 15, 'unexpected "300" at column 15; a condition holds one comparison: write each as its own condition'],
    // Columns count characters, not UTF-16 units: the emoji is one column.
    ['json.x == "😀" ?', 15, 'unexpected "?" at column 15; a condition holds one comparison: write each as its own condition'],
    ['json.x == "a" \u0007', 15, 'unexpected "\\u0007" at column 15; a condition holds one comparison: write each as its own condition'],
  ])('%s', (source, column, message) => {
    expect(parseCondition(source)).toEqual({ source, column, message });
  });

  it('refuses a source over 500 characters before reading it', () => {
    const source = `json.x == "${'a'.repeat(MAX_CONDITION_LENGTH)}"`;
    expect(parseCondition(source)).toEqual({
      source,
      column: 501,
      message: 'condition too long at column 501; the limit is 500 characters',
    });
    expect(isConditionSyntaxError(parseCondition(`json.x == "${'a'.repeat(MAX_CONDITION_LENGTH - 12)}"`))).toBe(false);
  });

  it('accepts a path of 32 segments and refuses 33, at the 33rd', () => {
    expect(cond(`json${'.a'.repeat(32)} == 1`).left).toEqual(json(...Array<string>(32).fill('a')));
    expect(cond(`json${'[0]'.repeat(32)} == 1`).left).toEqual(json(...Array<number>(32).fill(0)));
    const deep = `json${'.a'.repeat(32)}[7] == 1`;
    expect(parseCondition(deep)).toMatchObject({ column: 69, message: 'path deeper than 32 segments at column 69' });
  });

  it('reads hostile inputs of the maximum length without trouble', () => {
    for (const source of [
      '['.repeat(500),
      `json${'['.repeat(496)}`,
      `json${'.'.repeat(496)}`,
      `json.x == "${'\\'.repeat(488)}`,
      `"${'\\"'.repeat(249)}`,
      '='.repeat(500),
      '9'.repeat(500),
      `${'-1'.repeat(250)}`,
      `json${'["a"]'.repeat(99)}`,
      'a'.repeat(500),
    ]) {
      const parsed = parseCondition(source);
      expect(isConditionSyntaxError(parsed), source.slice(0, 20)).toBe(true);
      expect((parsed as ConditionSyntaxError).message.length).toBeLessThan(200);
    }
  });
});

describe('parseCondition never throws', () => {
  /** A small seeded generator (mulberry32), so that a failure can be replayed. */
  function random(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  const PRINTABLE = [...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)), '\t', 'é', '名', '😀', '\u00a0'];
  const OPERANDS = ['status', 'latency', 'body', 'header.content-type', 'json', 'json.a', 'json.a[1].b', 'json["x y"]', 'cert.days_left'];
  const OPS = ['==', '!=', '<', '<=', '>', '>=', 'contains', 'not contains', '!contains', '=', '!'];
  const VALUES = ['200', '-1', '1.5', '800ms', '2s', '1m', '"ok"', '"a\\"b"', '"\\u00e9"', 'true', 'false', 'null', 'ok', "'x'"];
  const NOISE = ['.', '[', ']', '"', '\\', ' ', '\t', '&&', '😀', '=', '!', '0', 'x'];

  /** A condition built from pieces of the language, then mutated a few times. */
  function pieces(pick: () => number, long: boolean): string {
    const any = (list: readonly string[]): string => list[Math.floor(pick() * list.length)] ?? '';
    let source = `${any(OPERANDS)} ${any(OPS)} ${any(VALUES)}`;
    const mutations = Math.floor(pick() * (long ? 300 : 3));
    for (let m = 0; m < mutations; m++) {
      const at = Math.floor(pick() * (source.length + 1));
      const r = pick();
      if (r < 0.4) source = source.slice(0, at) + any(NOISE) + source.slice(at);
      else if (r < 0.7) source = source.slice(0, at) + source.slice(at + 1);
      else source = source.slice(0, at) + any([...OPERANDS, ...OPS, ...VALUES]) + source.slice(at);
    }
    return source;
  }

  function check(source: string, pick: () => number): void {
    const parsed = parseCondition(source);
    if (isConditionSyntaxError(parsed)) {
      expect(parsed.column).toBeGreaterThanOrEqual(1);
      expect(parsed.column).toBeLessThanOrEqual(Array.from(source).length + 1);
      expect(parsed.message).toContain(`at column ${parsed.column}`);
      return;
    }
    expect(parsed.source).toBe(source.trim());
    // Whatever parses also evaluates without throwing, against any shape of response.
    const bodies = ['{"a":[1,{"b":null}],"status":"ok"}', 'not json', '[[[[1]]]]', '"text"'];
    const text = bodies[Math.floor(pick() * bodies.length)] ?? '';
    const result = evaluateCondition(parsed, {
      status: pick() < 0.1 ? null : 200,
      latencyMs: pick() * 2000,
      headers: { 'content-type': 'text/html', authorization: 'x' },
      bodyText: pick() < 0.1 ? null : text,
      json: parseJsonBody(text),
      certDaysLeft: pick() < 0.5 ? null : 10,
    });
    expect(result.actual === null || result.actual.length <= 80).toBe(true);
  }

  it('on 3000 random printable strings up to 2 KB', () => {
    const pick = random(20240601);
    for (let n = 0; n < 3000; n++) {
      const length = Math.floor(pick() * (n < 2500 ? 120 : 2048));
      let source = '';
      for (let i = 0; i < length; i++) source += PRINTABLE[Math.floor(pick() * PRINTABLE.length)];
      check(source, pick);
    }
  });

  it('on 3000 random strings made of pieces of the language', () => {
    const pick = random(7);
    let parsedCount = 0;
    for (let n = 0; n < 3000; n++) {
      const source = pieces(pick, n >= 2800);
      check(source, pick);
      if (!isConditionSyntaxError(parseCondition(source))) parsedCount++;
    }
    // The generator reaches the far side of the parser, not only its first error.
    expect(parsedCount).toBeGreaterThan(200);
  });
});

describe('evaluateCondition', () => {
  const bodyText = JSON.stringify({
    status: 'busy',
    queue: { wait_s: 120 },
    items: [{ state: 'open' }, { state: 'closed' }],
    count: 3,
    countText: '1',
    ok: true,
    error: null,
    tags: ['beta', 'eu'],
    ids: [1, 2, 3],
    nested: { a: { b: { c: [1, 2, { d: 'x' }] } } },
    long: 'y'.repeat(200),
  });
  const base: ConditionContext = {
    status: 200,
    latencyMs: 412.4,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'x-count': '7',
      'retry-after': ' 120 ',
      authorization: 'Bearer abc',
      'set-cookie': 'sid=1',
    },
    bodyText,
    json: parseJsonBody(bodyText),
    certDaysLeft: 20,
  };
  const notJson: Partial<ConditionContext> = { bodyText: '<html>busy</html>', json: undefined };

  it.each<[string, Partial<ConditionContext>, boolean, string]>([
    ['status == 200', {}, true, '200'],
    ['status != 200', {}, false, '200'],
    ['status >= 500', {}, false, '200'],
    ['status == 200', { status: null }, false, '(no status)'],
    ['json.status == "ok"', {}, false, '"busy"'],
    ['json.status != "ok"', {}, true, '"busy"'],
    ['json.queue.wait_s < 300', {}, true, '120'],
    ['json.queue.wait_s < 100', {}, false, '120'],
    ['json.items[0].state == "open"', {}, true, '"open"'],
    ['json.items.1.state == "closed"', {}, true, '"closed"'],
    ['json.items[5].state == "open"', {}, false, '(missing)'],
    ['json.items.length == 2', {}, false, '(missing)'],
    ['json.nested.a.b.c[2].d == "x"', {}, true, '"x"'],
    ['json.count >= 1', {}, true, '3'],
    ['json.countText >= 1', {}, false, '"1"'],
    ['json.countText == 1', {}, false, '"1"'],
    ['json.countText != 1', {}, false, '"1"'],
    ['json.ok == true', {}, true, 'true'],
    ['json.ok == "true"', {}, false, 'true'],
    ['json.error == null', {}, true, 'null'],
    ['json.error != "fatal"', {}, true, 'null'],
    ['json.missing == null', {}, true, '(missing)'],
    ['json.missing != null', {}, false, '(missing)'],
    ['json.missing != "x"', {}, false, '(missing)'],
    ['json.constructor == null', {}, true, '(missing)'],
    ['json.status.length == 4', {}, false, '(missing)'],
    ['json.tags contains "beta"', {}, true, '["beta","eu"]'],
    ['json.ids contains 4', {}, false, '[1,2,3]'],
    ['json.ids not contains 4', {}, true, '[1,2,3]'],
    ['json.queue contains "x"', {}, false, '{"wait_s":120}'],
    ['json.count contains "3"', {}, false, '3'],
    ['json.status == "ok"', notJson, false, '(not JSON)'],
    ['json.error == null', notJson, false, '(not JSON)'],
    ['json.status == "ok"', { bodyText: null, json: undefined }, false, '(no body)'],
    ['body contains "busy"', notJson, true, '"<html>busy</html>"'],
    ['body not contains "busy"', notJson, false, '"<html>busy</html>"'],
    ['body == "<html>busy</html>"', notJson, true, '"<html>busy</html>"'],
    ['body contains "x"', { bodyText: null }, false, '(no body)'],
    ['body contains "b"', { bodyText: 'a\n\n\t  b' }, true, '"a b"'],
    ['header.content-type contains "json"', {}, true, '"application/json; charset=utf-8"'],
    ['header.Content-Type not contains "html"', {}, true, '"application/json; charset=utf-8"'],
    ['header.x-count > 5', {}, true, '"7"'],
    ['header.x-count == 7', {}, true, '"7"'],
    ['header.retry-after == 120', {}, true, '" 120 "'],
    ['header.content-type > 5', {}, false, '"application/json; charset=utf-8"'],
    ['header.x-missing == null', {}, true, '(missing)'],
    ['header.x-missing contains "a"', {}, false, '(missing)'],
    ['header.x-count == null', {}, false, '"7"'],
    ['header.content-type contains "json"', { headers: { 'Content-Type': 'text/json' } }, true, '"text/json"'],
    ['header.authorization contains "Bearer"', {}, true, '(hidden)'],
    ['header.set-cookie == "sid=2"', {}, false, '(hidden)'],
    ['latency < 800ms', {}, true, '412ms'],
    ['latency < 0.4s', {}, false, '412ms'],
    ['latency == 412.4ms', {}, true, '412ms'],
    ['cert.days_left > 14', {}, true, '20'],
    ['cert.days_left > 14', { certDaysLeft: 3 }, false, '3'],
    ['cert.days_left > 14', { certDaysLeft: null }, false, '(no certificate)'],
    ['json == null', { bodyText: 'null', json: null }, true, 'null'],
  ])('%s %j → %s %s', (source, overrides, ok, actual) => {
    expect(evaluateCondition(cond(source), { ...base, ...overrides })).toEqual({ source, ok, actual });
  });

  it('redacts secrets before cutting, so not even the start of one shows', () => {
    const token = `tok_${'a1b2c3d4'.repeat(12)}`;
    const secrets = [token];
    const page = evaluateCondition(cond('body contains "welcome"'), { ...base, bodyText: `Hello ${token} there`, secrets });
    expect(page).toEqual({ source: 'body contains "welcome"', ok: false, actual: '"Hello [redacted] there"' });
    const echoed = JSON.stringify({ echo: { headers: [token], [token]: 1 } });
    const doc = evaluateCondition(cond('json.echo != null'), { ...base, bodyText: echoed, json: parseJsonBody(echoed), secrets });
    expect(doc.actual).toBe('{"headers":["[redacted]"],"[redacted]":1}');
    const cutHere = evaluateCondition(cond('body == ""'), { ...base, bodyText: `${'x'.repeat(70)}${token}`, secrets });
    expect(cutHere.actual).not.toContain('tok_');
    expect(cutHere.actual).toHaveLength(80);
  });

  it('renders a long value in at most 80 characters', () => {
    const long = evaluateCondition(cond('json.long == ""'), base);
    expect(long.actual).toBe(`"${'y'.repeat(77)}…"`);
    const whole = evaluateCondition(cond('json != null'), base);
    expect(whole).toMatchObject({ ok: true });
    expect(whole.actual).toHaveLength(80);
    expect(whole.actual?.startsWith('{"status":"busy","queue":{"wait_s":120},"items":[')).toBe(true);
  });
});

describe('renderValue', () => {
  it.each<[unknown, string]>([
    ['busy', '"busy"'],
    [503, '503'],
    [-0.5, '-0.5'],
    [null, 'null'],
    [false, 'false'],
    [[], '[]'],
    [{}, '{}'],
    [{ a: [1, 'x'], b: { c: null } }, '{"a":[1,"x"],"b":{"c":null}}'],
    ['line\nbreak "quoted"', '"line\\nbreak \\"quoted\\""'],
    ['\u0007', '"\\u0007"'],
  ])('%j → %s', (value, text) => {
    expect(renderValue(value)).toBe(text);
  });

  it('never cuts an escape or an emoji in half', () => {
    for (let pad = 0; pad < 12; pad++) {
      for (const ch of ['"', '\n', '\u0001', '😀']) {
        const text = renderText('a'.repeat(pad) + ch.repeat(80));
        expect(text.length).toBeLessThanOrEqual(80);
        expect(text.endsWith('…"')).toBe(true);
        expect(() => JSON.parse(text.replace('…', '')) as unknown).not.toThrow();
      }
    }
  });

  it('stays short and shallow on huge and deep values', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(renderValue(deep)).toBe(`${'['.repeat(79)}…`);
    const wide = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
    expect(renderValue(wide)).toHaveLength(80);
    expect(renderText(' '.repeat(10_000_000), { collapseSpace: true })).toBe('" …"');
  });
});
