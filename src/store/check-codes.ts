/**
 * How a check's outcome and error class are stored: small integers instead of their names, so
 * the hottest table spends no byte on text that repeats in every row. SQLite stores the
 * integers 0 and 1 in no payload byte at all, so the commonest outcomes (`up`, `degraded`) cost
 * only their header byte.
 *
 * The numbers are part of the stored format (migration 0012 wrote them into every existing
 * row): never renumber one. A new outcome or error class needs its own new number here, and
 * the `Record` types make the compiler ask for it.
 */
import { customType } from 'drizzle-orm/sqlite-core';
import { CHECK_OUTCOMES, ERROR_CLASSES, type CheckOutcome, type ErrorClass } from '../domain/vocabulary.ts';

/** The stored code of each check outcome. */
export const OUTCOME_CODES: Readonly<Record<CheckOutcome, number>> = { up: 0, degraded: 1, down: 2 };

/** The stored code of each error class. */
export const ERROR_CLASS_CODES: Readonly<Record<ErrorClass, number>> = {
  dns: 0,
  connect: 1,
  tls: 2,
  timeout: 3,
  http_status: 4,
  keyword: 5,
  condition: 6,
  body_too_large: 7,
  redirects: 8,
  other: 9,
};

const outcomeByCode = inverse(CHECK_OUTCOMES, OUTCOME_CODES);
const errorClassByCode = inverse(ERROR_CLASSES, ERROR_CLASS_CODES);

/**
 * The outcome a stored code stands for. An unknown code means the file was written by a newer
 * version (or damaged): that is an error, never a guessed outcome.
 *
 * @example decodeOutcome(2) // 'down'
 */
export function decodeOutcome(code: number): CheckOutcome {
  const outcome = outcomeByCode.get(code);
  if (outcome === undefined) throw new Error(`checks: unknown outcome code ${code}`);
  return outcome;
}

/**
 * The error class a stored code stands for; null stays null (a check without an error).
 *
 * @example decodeErrorClass(3) // 'timeout'
 */
export function decodeErrorClass(code: number | null): ErrorClass | null {
  if (code === null) return null;
  const errorClass = errorClassByCode.get(code);
  if (errorClass === undefined) throw new Error(`checks: unknown error class code ${code}`);
  return errorClass;
}

/**
 * A drizzle column holding a check outcome as its code: queries through drizzle read and
 * write names, the file holds integers. Raw SQL sees the integers (decode with `decodeOutcome`).
 */
export const outcomeCodeColumn = customType<{ data: CheckOutcome; driverData: number }>({
  dataType: () => 'integer',
  toDriver: (outcome) => OUTCOME_CODES[outcome],
  fromDriver: (code) => decodeOutcome(code),
});

/** The same for an error class (`decodeErrorClass` for raw SQL). */
export const errorClassCodeColumn = customType<{ data: ErrorClass; driverData: number }>({
  dataType: () => 'integer',
  toDriver: (errorClass) => ERROR_CLASS_CODES[errorClass],
  fromDriver: (code) => decodeErrorClass(code)!,
});

function inverse<T extends string>(names: readonly T[], codes: Readonly<Record<T, number>>): Map<number, T> {
  const byCode = new Map<number, T>();
  for (const name of names) {
    const code = codes[name];
    if (byCode.has(code)) throw new Error(`checks: code ${code} given to both ${byCode.get(code)} and ${name}`);
    byCode.set(code, name);
  }
  return byCode;
}
