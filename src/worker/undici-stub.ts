/**
 * What the Worker build gets for `undici` (wrangler.toml `[alias]`, and the Workers test
 * project's alias): Node's HTTP client cannot run on Workers, and pulls in modules workerd does
 * not have (`node:sqlite`). The Node-only paths that import it (undici probes, alert delivery,
 * cheerio's `fromURL`) are never called on Workers; if one were, it fails loudly here.
 */

function unavailable(what: string): never {
  throw new Error(`${what} is Node-only (undici) and not available on Cloudflare Workers`);
}

export class Client {
  constructor() {
    unavailable('undici.Client');
  }
}

export function buildConnector(): never {
  return unavailable('undici.buildConnector');
}

export const interceptors = {
  redirect: (): never => unavailable('undici.interceptors.redirect'),
};

export const errors = {
  ResponseError: class ResponseError extends Error {},
};
