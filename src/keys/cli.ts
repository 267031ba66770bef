/**
 * `npm run key -- <command>`: make, list and revoke API keys in the database `npm start`
 * uses (`DATABASE_PATH`, else ./data/supportwatch.db; `--database PATH` overrides).
 *
 *   npm run key -- create --name ci --scope read|write|admin   prints the key, once
 *   npm run key -- list                                        name, scope, dates; never a key
 *   npm run key -- revoke --name ci
 *
 * `create` prints the key alone on stdout and its explanation on stderr, so
 * `KEY=$(npm run -s key -- create --name ci --scope read)` captures just the key.
 */
import { pathToFileURL } from 'node:url';
import { databasePathFrom } from '../node.ts';
import { openSqlite } from '../store/sqlite.ts';
import { API_KEY_SCOPES, isApiKeyScope } from './scopes.ts';
import { KeyNameTakenError, createApiKey, listApiKeys, revokeApiKey, type ApiKeyInfo } from './store.ts';

/** Where the CLI writes and what it reads; tests pass their own. */
export interface KeyCliIo {
  env: NodeJS.ProcessEnv;
  out: (text: string) => void;
  err: (text: string) => void;
  now: () => number;
}

const USAGE = `usage:
  npm run key -- create --name NAME --scope ${API_KEY_SCOPES.join('|')}
  npm run key -- list
  npm run key -- revoke --name NAME
options:
  --database PATH   the SQLite file (default: $DATABASE_PATH, else ./data/supportwatch.db)
`;

/** Names are short and plain, so listings line up and nobody puts a secret in one by mistake. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

class UsageError extends Error {}

/**
 * Runs one CLI command; resolves to the exit code (0 done, 1 refused, 2 usage error).
 *
 * @example await runKeyCli(['create', '--name', 'ci', '--scope', 'read'], io) // 0; the key went to io.out
 */
export async function runKeyCli(argv: readonly string[], io: KeyCliIo): Promise<number> {
  let command: string | undefined;
  let options: Map<string, string>;
  try {
    [command, options] = parse(argv);
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (command === undefined || command === 'help' || options.has('help')) {
    (command === undefined ? io.err : io.out)(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (!['create', 'list', 'revoke'].includes(command)) {
    io.err(`unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  try {
    const allowed = command === 'create' ? ['name', 'scope', 'database'] : command === 'revoke' ? ['name', 'database'] : ['database'];
    for (const key of options.keys()) if (!allowed.includes(key)) throw new UsageError(`"${command}" takes no --${key}`);
    const name = command === 'list' ? '' : required(options, 'name');
    if (command !== 'list' && !NAME.test(name)) throw new UsageError(`--name must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit`);
    const scope = command === 'create' ? required(options, 'scope') : 'read';
    if (!isApiKeyScope(scope)) throw new UsageError(`--scope must be one of ${API_KEY_SCOPES.join(', ')}; got "${scope}"`);

    const path = options.get('database') ?? databasePathFrom(io.env);
    const database = openSqlite(path);
    try {
      if (command === 'create') {
        const { key } = await createApiKey(database.db, { name, scope, now: io.now() });
        io.err(`Created key "${name}" with scope ${scope} in ${path}.\nThis is the only time it is shown; store it now. Send it as "Authorization: Bearer <key>".\n`);
        io.out(`${key}\n`);
        return 0;
      }
      if (command === 'revoke') {
        if (await revokeApiKey(database.db, name, io.now())) {
          io.out(`Revoked key "${name}"; a running server refuses it within seconds.\n`);
          return 0;
        }
        io.err(`No live key named "${name}" (see: npm run key -- list).\n`);
        return 1;
      }
      io.out(formatList(await listApiKeys(database.db)));
      return 0;
    } finally {
      database.close();
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof KeyNameTakenError) {
      io.err(`${err.message}.\n`);
      return 1;
    }
    throw err;
  }
}

/** `[command, --name value …]`; `--name=value` works too. */
function parse(argv: readonly string[]): [string | undefined, Map<string, string>] {
  const options = new Map<string, string>();
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      options.set('help', '');
      continue;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const key = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`--${key} needs a value`);
      options.set(key, value);
    } else if (command === undefined) command = arg;
    else throw new UsageError(`unexpected argument "${arg}"`);
  }
  return [command, options];
}

function required(options: Map<string, string>, key: string): string {
  const value = options.get(key);
  if (value === undefined || value === '') throw new UsageError(`--${key} is required`);
  return value;
}

/** A plain table: one key a line, times in UTC to the minute. */
export function formatList(keys: readonly ApiKeyInfo[]): string {
  if (keys.length === 0) return 'No API keys yet. Make one: npm run key -- create --name ci --scope read\n';
  const when = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + 'Z');
  const rows = [['NAME', 'SCOPE', 'CREATED', 'LAST USED', 'REVOKED'], ...keys.map((k) => [k.name, k.scope, when(k.createdAt), when(k.lastUsedAt), when(k.revokedAt)])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runKeyCli(process.argv.slice(2), {
    env: process.env,
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    now: Date.now,
  }).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`supportwatch key: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
