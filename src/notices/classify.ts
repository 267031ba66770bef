/**
 * Classifies a notice as `outage`, `maintenance`, `resolved` or `info`, from its words in
 * Chinese or English, unless the source says so itself (a Statuspage status), which wins.
 *
 * Rules, in order:
 * 1. A structured hint from the source (Statuspage incident status, scheduled maintenance) decides.
 * 2. A resolved word (已恢复, 已修复, resolved, restored …) anywhere makes it `resolved`: a
 *    resolved update beats the original outage. Words about the future or negated
 *    (预计06:00恢复, 尚未恢复, "until the issue is resolved") do not count.
 * 3. Otherwise the title decides between maintenance and outage words (weighted), and the body
 *    only when the title has neither; none at all is `info`.
 * Pure.
 */
import type { NoticeKind, NoticeTopic } from './types.ts';

/** What the classifier reads. */
export interface ClassifyInput {
  title: string;
  body?: string;
  /** The source's own verdict (e.g. from Statuspage fields); it takes precedence over words. */
  hint?: { kind: NoticeKind; topic?: NoticeTopic } | null;
}

/** A verdict: the kind, and what the notice is about even once resolved. */
export interface Classification {
  kind: NoticeKind;
  topic: NoticeTopic;
}

type Weighted = ReadonlyArray<readonly [RegExp, number]>;

const MAINTENANCE: Weighted = [
  [/维护|維護/, 3], [/系统升级|系統升級/, 3], [/升级|升級/, 2], [/停机|停機|停服|割接/, 2], [/暂停服务|暫停服務/, 2], [/迁移/, 1],
  [/\bmaintenance\b/i, 3], [/\bscheduled\b/i, 2], [/\bplanned\b/i, 2], [/\bupgrad(?:e|es|ed|ing)\b/i, 2], [/\bmigration\b/i, 1],
];

const OUTAGE: Weighted = [
  [/故障|宕机|瘫痪|中断|中斷/, 3], [/异常|異常|不可用|报错|排查/, 2], [/无法|無法|延迟|延遲|繁忙|失败|失敗|卡顿|受影响|受到影响|紧急/, 1],
  [/\b(?:outage|disruption|interruption)s?\b/i, 3], [/\bdegraded\b|\binvestigating\b|\bidentified\b|\bunavailable\b|\bnot available\b|\bunplanned\b/i, 2],
  [/\bmonitoring\b|\belevated\b|\berrors?\b|\bdelay(?:s|ed)?\b|\bissues?\b|\bproblems?\b|\bincident\b|\bfail(?:ure|ures|ing|ed)?\b|\bunable to\b|\blatency\b|\bdown\b/i, 1],
];

/** Words that mean it is over. */
const RESOLVED_ZH = /已恢复|已恢復|恢复正常|恢復正常|已修复|修复完成|已解决|已解決|已排除|维护已完成|升级已完成|维护完成|升级完成|维护结束|升级结束|已结束|恢复|恢復/g;
const RESOLVED_EN =
  /\b(?:resolved|restored|recovered|(?:been|is|are|was|were|now) (?:fixed|completed)|completed(?= [-–:])|back to normal|operating normally|fully operational|(?:is|are) now closed|has ended)\b/gi;

/** Before a resolved word: it is about the future, or negated. */
const NOT_YET_ZH = /(?:预计|預計|将|將|尚未|未|仍未|没有|沒有|待|直至|直到|才|能否|何时|会|會|可|争取|尽快|正在|逐步|陆续|部分|后|後)[^，,。；;!！?？\n]{0,8}$/;
const NOT_YET_EN =
  /\b(?:until|till|once|when|after|will|would|expected to|should|to be|being|not yet|not been|not|yet to|hasn't|haven't|isn't|aren't|before|if|as soon as|get)\b[^.;!?\n]{0,25}$/i;
/** After a resolved word: 维护完成后 (after the work is done) is about the future too. */
const AFTER_ZH = /^(?:后|後|之后|以后|前|时|時)/;

/**
 * The kind and topic of a notice.
 *
 * @example classify({ title: '系统维护公告', body: '11月23日02:00至06:00客服热线暂停服务，预计06:00恢复' })
 * // → { kind: 'maintenance', topic: 'maintenance' }
 * @example classify({ title: 'Elevated API Errors', body: 'Resolved - This incident has been resolved.' })
 * // → { kind: 'resolved', topic: 'outage' }
 */
export function classify(input: ClassifyInput): Classification {
  const title = input.title;
  const body = input.body ?? '';
  const topic = input.hint?.topic ?? topicOf(title, body);
  if (input.hint) return { kind: input.hint.kind, topic: input.hint.kind === 'resolved' || input.hint.kind === 'info' ? topic : input.hint.kind };
  return { kind: saysResolved(`${title}\n${body}`) ? 'resolved' : topic, topic };
}

/** Maintenance or outage by weighted words: the title's if it has any, else the body's. */
export function topicOf(title: string, body: string): NoticeTopic {
  return topicOfText(title) ?? topicOfText(body) ?? 'info';
}

function topicOfText(text: string): NoticeTopic | null {
  const m = score(text, MAINTENANCE);
  const o = score(text, OUTAGE);
  if (m === 0 && o === 0) return null;
  return m >= o ? 'maintenance' : 'outage';
}

function score(text: string, table: Weighted): number {
  let total = 0;
  for (const [re, weight] of table) if (re.test(text)) total += weight;
  return total;
}

/** Whether some resolved word in the text is neither about the future nor negated. */
export function saysResolved(text: string): boolean {
  for (const m of text.matchAll(RESOLVED_ZH)) {
    const before = text.slice(Math.max(0, m.index - 12), m.index);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 2);
    if (m[0].startsWith('已') || !NOT_YET_ZH.test(before)) {
      if (!AFTER_ZH.test(after)) return true;
    }
  }
  for (const m of text.matchAll(RESOLVED_EN)) {
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    if (!NOT_YET_EN.test(before)) return true;
  }
  return false;
}
