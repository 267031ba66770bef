/**
 * The condition language of HTTP probes: `status == 200`, `json.queue.wait_s < 300`,
 * `header.content-type contains "json"`, `latency < 800ms`, `cert.days_left > 14`.
 *
 * One comparison per condition; a probe's conditions are ANDed. No arithmetic, no calls, no
 * `eval`: `parseCondition` reads a source once, at config load, into plain data that
 * `evaluateCondition` judges against each response.
 */
export { parseCondition, isConditionSyntaxError } from './parse.ts';
export { evaluateCondition, needsBody, needsJson, parseJsonBody, ABSENT, HIDDEN } from './evaluate.ts';
export { operandName } from './check-types.ts';
export { REDACTED, renderText, renderValue, type RenderOptions } from './render.ts';
export {
  MAX_ACTUAL_LENGTH,
  MAX_CONDITION_LENGTH,
  MAX_PATH_DEPTH,
  OPERATORS,
  type Condition,
  type ConditionContext,
  type ConditionResult,
  type ConditionSyntaxError,
  type Literal,
  type Operand,
  type OperandKind,
  type Operator,
  type PathSegment,
} from './types.ts';
