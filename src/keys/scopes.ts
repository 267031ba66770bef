/**
 * API key scopes, weakest first: `read` < `write` < `admin`. A key may do what its own scope
 * and every weaker scope allow.
 */
export const API_KEY_SCOPES = ['read', 'write', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/**
 * Does a key of scope `held` allow what `needed` asks for?
 *
 * @example scopeAllows('admin', 'write') // true
 * @example scopeAllows('read', 'write') // false
 */
export function scopeAllows(held: ApiKeyScope, needed: ApiKeyScope): boolean {
  return API_KEY_SCOPES.indexOf(held) >= API_KEY_SCOPES.indexOf(needed);
}

/** Is `value` a scope name? (for the CLI and anything else that reads one from text) */
export function isApiKeyScope(value: unknown): value is ApiKeyScope {
  return typeof value === 'string' && (API_KEY_SCOPES as readonly string[]).includes(value);
}
