/**
 * The baseline inputs eval-gate and validate-data share: which stored baseline to read (`auto`,
 * `pinned:<name>`), where baselines are stored, under which name, and when to save or bless one.
 */
import { ConfigurationError, parseChoice, parseDuration, parseList, type InputSource } from '@mlgate/core';
import { defaultBaselineName, keyPart } from './keys.js';
import { BASELINE_STORES, type BaselineContent, type BaselineStoreKind } from './types.js';

/** A stored baseline to read: the nearest one of the base branch, or a blessed one. */
export type BaselineRequest = { mode: 'auto' } | { mode: 'pinned'; pin: string };
export type SaveBaselineMode = 'auto' | 'true' | 'false';

export interface BaselineInputs {
  /** The input that asks for the baseline: `baseline` (eval-gate) or `reference-profile` (validate-data). */
  requestInput: string;
  /** Undefined when that input is a file path or empty: then the store is not read. */
  request?: BaselineRequest;
  content: BaselineContent;
  store: BaselineStoreKind;
  name: string;
  save: SaveBaselineMode;
  /** Branches besides the default branch whose pushes save a baseline (save-baseline: auto). */
  branches: string[];
  maxAgeMs: number;
  /** As written, for messages: "14d". */
  maxAge: string;
  /** The pin to bless this run's result under, when bless is set. */
  bless?: string;
  token?: string;
}

export const DEFAULT_MAX_AGE = '14d';
/** `auto` or `pinned:<name>`; undefined for anything else (a path, or nothing). */
export function parseBaselineRequest(name: string, raw: string): BaselineRequest | undefined {
  const value = raw.trim();
  if (value === 'auto') return { mode: 'auto' };
  if (!value.startsWith('pinned:')) return undefined;
  const pin = value.slice('pinned:'.length).trim();
  if (!pin || keyPart(pin) !== pin)
    throw new ConfigurationError(
      `Input "${name}": a pinned baseline is named with letters, digits, ".", "_" and "-", e.g. pinned:release-1; got "${value}".`,
    );
  return { mode: 'pinned', pin };
}

export function parseBaselineInputs(
  input: InputSource,
  requestInput: 'baseline' | 'reference-profile',
  content: BaselineContent,
  env: NodeJS.ProcessEnv = process.env,
): BaselineInputs {
  const request = parseBaselineRequest(requestInput, input(requestInput));
  const nameInput = input('baseline-name').trim();
  if (nameInput && keyPart(nameInput) !== nameInput)
    throw new ConfigurationError(
      `Input "baseline-name" may hold letters, digits, ".", "_" and "-" only (at most 100); got "${nameInput}".`,
    );
  const maxAge = input('baseline-max-age').trim() || DEFAULT_MAX_AGE;
  const token = input('github-token').trim();
  return {
    requestInput,
    request,
    content,
    store: parseChoice<BaselineStoreKind>(
      'baseline-store',
      input('baseline-store'),
      BASELINE_STORES,
      'cache',
    ),
    name: nameInput || defaultBaselineName(content, env),
    save: parseChoice<SaveBaselineMode>(
      'save-baseline',
      input('save-baseline'),
      ['auto', 'true', 'false'],
      'auto',
    ),
    branches: parseList(input('baseline-branches')),
    // A number alone is days (documented in the input's description).
    maxAgeMs: parseDuration('Input "baseline-max-age"', maxAge, {
      bareUnit: 'd',
      positive: true,
      examples: '14d, 36h or 2w',
    }),
    maxAge,
    bless: parseBless(input('bless'), request),
    token: token || undefined,
  };
}

/** `bless: true` blesses under the pin the baseline input names (`pinned:<pin>`), else `blessed`; `bless: <pin>` under that pin. */
function parseBless(raw: string, request: BaselineRequest | undefined): string | undefined {
  const value = raw.trim();
  if (value === '' || ['false', 'no', '0', 'off'].includes(value.toLowerCase())) return undefined;
  if (['true', 'yes', '1', 'on'].includes(value.toLowerCase()))
    return request?.mode === 'pinned' ? request.pin : 'blessed';
  if (keyPart(value) !== value)
    throw new ConfigurationError(
      `Input "bless" must be true, false or a pin name (letters, digits, ".", "_", "-"); got "${value}".`,
    );
  return value;
}
