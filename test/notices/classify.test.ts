import { describe, expect, it } from 'vitest';
import { classify, saysResolved } from '../../src/notices/classify.ts';
import type { NoticeKind, NoticeTopic } from '../../src/notices/types.ts';

describe('classify', () => {
  it.each<[string, string, NoticeKind, NoticeTopic]>([
    // Chinese: maintenance
    ['系统维护公告', '11月23日02:00至06:00客服热线暂停服务，预计06:00恢复', 'maintenance', 'maintenance'],
    ['关于系统升级的通知', '届时App将无法使用', 'maintenance', 'maintenance'],
    ['关于客服热线的公告', '因系统升级，11月23日客服热线暂停服务', 'maintenance', 'maintenance'],
    ['停机维护通知', '维护完成后恢复服务', 'maintenance', 'maintenance'],
    ['网银系统割接公告', '', 'maintenance', 'maintenance'],
    ['暂停服务通知', '因机房搬迁，部分功能暂停服务', 'maintenance', 'maintenance'],
    ['系統維護通知', '', 'maintenance', 'maintenance'],
    // Chinese: outage
    ['支付服务异常', '部分用户无法付款，我们正在紧急排查', 'outage', 'outage'],
    ['客服热线故障', '', 'outage', 'outage'],
    ['提现到账延迟说明', '', 'outage', 'outage'],
    ['在线客服繁忙', '当前咨询量较大，请耐心等待', 'outage', 'outage'],
    ['关于部分用户无法登录的说明', '', 'outage', 'outage'],
    ['热线故障', '目前尚未恢复，我们正在处理', 'outage', 'outage'],
    ['服务中断', '技术人员正在逐步恢复服务', 'outage', 'outage'],
    // Chinese: resolved beats the outage
    ['客服热线故障已恢复', '', 'resolved', 'outage'],
    ['在线客服已恢复正常', '此前在线客服服务异常的问题已修复', 'resolved', 'outage'],
    ['关于转账异常的说明', '该问题已解决，给您带来不便深表歉意', 'resolved', 'outage'],
    ['服务恢复通知', '支付服务异常现已恢复', 'resolved', 'outage'],
    ['系统维护已完成', '', 'resolved', 'maintenance'],
    ['系统升级完成公告', '', 'resolved', 'maintenance'],
    // Chinese: info
    ['新功能上线', '欢迎体验', 'info', 'info'],
    ['关于双十一活动的说明', '活动规则详见活动页面', 'info', 'info'],
    ['隐私政策更新', '', 'info', 'info'],
    // English: maintenance
    ['Scheduled Maintenance', 'There is an upcoming scheduled maintenance', 'maintenance', 'maintenance'],
    ['Planned upgrade of the chat platform', '', 'maintenance', 'maintenance'],
    ['Live chat maintenance', 'Chat will be unavailable from 02:00 to 06:00 UTC', 'maintenance', 'maintenance'],
    ['Network Maintenance in Tel Aviv', 'There may be a brief outage during the maintenance window.', 'maintenance', 'maintenance'],
    // English: outage
    ['Elevated API Errors', 'We are investigating elevated error rates.', 'outage', 'outage'],
    ['Hotline calls are failing', '', 'outage', 'outage'],
    ['Degraded performance', '', 'outage', 'outage'],
    ['Service disruption', '', 'outage', 'outage'],
    ['Delays', "Identified - we'll continue to monitor until the issue is resolved.", 'outage', 'outage'],
    ['Support portal unavailable', 'Monitoring - a fix has been deployed and we are monitoring.', 'outage', 'outage'],
    ['Unplanned carrier issue', '', 'outage', 'outage'],
    ['Fixed line hotline unavailable', '', 'outage', 'outage'],
    ['Payments', 'The issue has not been resolved yet.', 'outage', 'outage'],
    // English: resolved beats the outage
    ['Elevated API Errors', 'Resolved - This incident has been resolved.', 'resolved', 'outage'],
    ['Hotline calls are failing', 'Resolved: calls have been restored.', 'resolved', 'outage'],
    ['Chat outage', 'Service is back to normal.', 'resolved', 'outage'],
    ['Scheduled maintenance', 'The scheduled maintenance has been completed.', 'resolved', 'maintenance'],
    // English: info
    ['New app version', 'Download it from the store.', 'info', 'info'],
    ['Holiday opening hours', 'Our hotline opens at 10:00 on 1 January.', 'info', 'info'],
  ])('%s | %s → %s', (title, body, kind, topic) => {
    expect(classify({ title, body })).toEqual({ kind, topic });
  });

  it("lets the source's own fields take precedence over words", () => {
    // Statuspage says it is resolved although the words still speak of an outage.
    expect(classify({ title: 'Outage', body: 'investigating', hint: { kind: 'resolved', topic: 'outage' } })).toEqual({ kind: 'resolved', topic: 'outage' });
    // A maintenance (Statuspage: impact major) stays a maintenance whatever the body says.
    expect(classify({ title: 'Server Juice', body: 'impossible without downtime', hint: { kind: 'maintenance', topic: 'maintenance' } })).toEqual({
      kind: 'maintenance',
      topic: 'maintenance',
    });
    // A hint without a topic keeps the words' topic when it is resolved.
    expect(classify({ title: '系统维护', body: '', hint: { kind: 'resolved' } })).toEqual({ kind: 'resolved', topic: 'maintenance' });
  });
});

describe('saysResolved', () => {
  it.each<[string, boolean]>([
    ['已恢复', true],
    ['预计06:00恢复', false],
    ['维护完成后恢复服务', false],
    ['恢复时间另行通知', false],
    ['尚未恢复', false],
    ['正在恢复中', false],
    ['This incident has been resolved.', true],
    ['until the issue is resolved', false],
    ['will be restored by 06:00', false],
    ['Service restored.', true],
    ['unresolved', false],
  ])('%s → %s', (text, expected) => {
    expect(saysResolved(text)).toBe(expected);
  });
});
