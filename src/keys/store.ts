import { and, asc, eq, isNull, lte, or } from 'drizzle-orm';
import { apiKeys } from '../../db/schema.ts';
import type { Db } from '../store/database.ts';
import type { ApiKeyScope } from './scopes.ts';
import { generateKey, hashKey } from './secret.ts';

/** A stored key as listing shows it: never the key, never its hash. */
export interface ApiKeyInfo {
  name: string;
  scope: ApiKeyScope;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** A live key found by its hash: what authentication needs. */
export interface FoundKey {
  pk: number;
  name: string;
  scope: ApiKeyScope;
  lastUsedAt: number | null;
}

/** Thrown when a live key already has the name asked for. */
export class KeyNameTakenError extends Error {
  constructor(readonly keyName: string) {
    super(`A key named "${keyName}" exists already; revoke it first or choose another name`);
  }
}

/**
 * Makes a key, stores only its hash, and returns the key: the one time it is ever seen.
 *
 * @example const { key } = await createApiKey(db, { name: 'ci', scope: 'write', now: Date.now() });
 */
export async function createApiKey(db: Db, input: { name: string; scope: ApiKeyScope; now: number }): Promise<{ key: string; info: ApiKeyInfo }> {
  const live = await db.select({ pk: apiKeys.pk }).from(apiKeys).where(and(eq(apiKeys.name, input.name), isNull(apiKeys.revokedAt)));
  if (live.length > 0) throw new KeyNameTakenError(input.name);
  const key = generateKey();
  await db.insert(apiKeys).values({ name: input.name, scope: input.scope, hash: await hashKey(key), createdAt: input.now });
  return { key, info: { name: input.name, scope: input.scope, createdAt: input.now, lastUsedAt: null, revokedAt: null } };
}

/** Every key, oldest first, revoked ones included (they say when). */
export async function listApiKeys(db: Db): Promise<ApiKeyInfo[]> {
  return db
    .select({ name: apiKeys.name, scope: apiKeys.scope, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .orderBy(asc(apiKeys.createdAt), asc(apiKeys.pk));
}

/** Revokes the live key of that name; false when there is none. */
export async function revokeApiKey(db: Db, name: string, now: number): Promise<boolean> {
  const revoked = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.name, name), isNull(apiKeys.revokedAt)))
    .returning({ pk: apiKeys.pk });
  return revoked.length > 0;
}

/** The live (not revoked) key with this hash, or null. */
export async function findLiveKey(db: Db, hash: string): Promise<FoundKey | null> {
  const rows = await db
    .select({ pk: apiKeys.pk, name: apiKeys.name, scope: apiKeys.scope, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.hash, hash), isNull(apiKeys.revokedAt)));
  return rows[0] ?? null;
}

/** Records a use, unless one after `notBefore` is already recorded (one write per key per interval). */
export async function touchApiKey(db: Db, pk: number, at: number, notBefore: number): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: at })
    .where(and(eq(apiKeys.pk, pk), or(isNull(apiKeys.lastUsedAt), lte(apiKeys.lastUsedAt, notBefore))));
}
