/** The store contract (see `suite.ts`) on better-sqlite3, a fresh `:memory:` database per test. */
import { openSqlite, type SqliteHandle } from '../../../src/store/sqlite.ts';
import { storeContract } from './suite.ts';

storeContract({
  name: 'better-sqlite3',
  open: async () => openSqlite(':memory:'),
  close: (database) => (database as SqliteHandle).close(),
});
