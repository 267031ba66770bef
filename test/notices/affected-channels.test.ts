import { describe, expect, it } from 'vitest';
import { affectedChannels, type ChannelRef } from '../../src/notices/affected-channels.ts';

const CHANNELS: ChannelRef[] = [
  { id: 'examplepay-hotline', name: 'Customer service hotline', keywords: ['客服热线', 'hotline', '95017'] },
  { id: 'examplepay-chat', name: 'Live Chat', keywords: ['在线客服', 'live chat'] },
  { id: 'examplepay-help', name: 'Help Center' },
  { id: 'examplepay-api', name: 'API' },
];

function ids(title: string, body = '', components: string[] = []): string[] | 'provider' {
  const scope = affectedChannels({ title, body, components }, CHANNELS);
  return scope.scope === 'provider' ? 'provider' : scope.channelIds;
}

describe('affectedChannels', () => {
  it.each<[string, string, string[], string[] | 'provider']>([
    ['关于客服热线系统升级的公告', '', [], ['examplepay-hotline']],
    ['系统维护', '期间拨打95017将无法接通，在线客服不受影响', [], ['examplepay-hotline', 'examplepay-chat']],
    ['Hotline calls are failing', '', [], ['examplepay-hotline']],
    ['ＨＯＴＬＩＮＥ maintenance', '', [], ['examplepay-hotline']],
    ['Payments delayed', 'Call 9501700 for card services', [], 'provider'],
    ['Hotlines of partners', '', [], 'provider'],
    ['App 消息推送延迟', '', [], 'provider'],
    ['Incident', '', ['Live Chat'], ['examplepay-chat']],
    ['Incident', '', ['Help Center'], ['examplepay-help']],
    ['Incident', '', ['Customer Service Hotline (95017)'], ['examplepay-hotline']],
    ['Incident', '', ['API Requests'], ['examplepay-api']],
    ['Incident', '', ['Rapid deployments'], 'provider'],
    ['Incident', '', ['Payments'], 'provider'],
    // Components name the channel: the body's advice to use another one does not link it.
    ['Live chat is slow to connect', 'Please use the hotline meanwhile.', ['Live Chat'], ['examplepay-chat']],
    ['Hotline and live chat upgrade', 'Please use the app meanwhile.', ['Live Chat'], ['examplepay-hotline', 'examplepay-chat']],
    // Components that match no channel leave the body to the keywords.
    ['Incident', 'Hotline calls are failing', ['Payments'], ['examplepay-hotline']],
  ])('%s | %s | %j → %j', (title, body, components, expected) => {
    expect(ids(title, body, components)).toEqual(expected);
  });

  it('says why each channel was linked', () => {
    expect(affectedChannels({ title: '客服热线维护', body: '', components: ['Live Chat'] }, CHANNELS)).toEqual({
      scope: 'channels',
      channelIds: ['examplepay-hotline', 'examplepay-chat'],
      matches: [
        { channelId: 'examplepay-hotline', by: 'keyword', term: '客服热线' },
        { channelId: 'examplepay-chat', by: 'component', term: 'Live Chat' },
      ],
    });
  });

  it('is the whole provider when there are no channels to match', () => {
    expect(affectedChannels({ title: '客服热线维护', body: '', components: [] }, [])).toEqual({ scope: 'provider' });
  });
});
