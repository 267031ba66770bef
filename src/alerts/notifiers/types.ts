import type { SendResult } from '../http-post.ts';
import type { AlertFacts, RenderedAlert } from '../messages.ts';
import type { ResolvedRoute } from '../types.ts';
import type { AlertLang } from '../vocabulary.ts';

/** One message on its way: the facts, the words, the language. */
export interface OutgoingAlert {
  facts: AlertFacts;
  message: RenderedAlert;
  lang: AlertLang;
}

/** Per attempt: the deadline and the worker's stop signal. */
export interface SendOptions {
  timeoutMs: number;
  signal: AbortSignal;
  /** Epoch ms, for signatures. */
  now: number;
}

/**
 * Sends one message to one route's target. Never throws: every failure is a `SendResult`
 * saying whether a retry can help.
 */
export type Notifier = (alert: OutgoingAlert, target: ResolvedRoute, options: SendOptions) => Promise<SendResult>;
