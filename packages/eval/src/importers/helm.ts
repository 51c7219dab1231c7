/**
 * HELM per-instance stats (`benchmark_output/runs/<suite>/<run>/per_instance_stats.json`): a list of
 * `{instance_id, train_trial_index, stats: [{name: {name, split, perturbation?}, count, sum, mean, …}]}`.
 *
 * Each element is one row: id `instance_id`; train trials of one instance are repeats of one case. Scores are the
 * unperturbed accuracy stats HELM computes per instance (`exact_match`, `quasi_exact_match`, `prefix_exact_match`,
 * `f1_score`, `rouge_l`, `bleu_4`, `math_equiv`…: whichever the run has), pass is `exact_match` = 1 when present,
 * tokens `num_prompt_tokens`/`num_output_tokens`, latency `inference_runtime` (seconds → ms), tag `split`.
 * When `scenario_state.json` of the same run lies beside it (same name with `scenario_state` in place of
 * `per_instance_stats`), each case gets the instance's input text and the model's first completion.
 * The run-level `stats.json` holds only aggregates and is refused with a message asking for this file.
 */
import { readFile } from 'node:fs/promises';
import { InputDataError } from '@mlgate/core';
import { compact, fail, isObject, kindOf, noCases, readId, show } from './fields.js';
import type { ImporterOutput, Place } from './fields.js';
import { arrayElementLines, parseJsonDocument, readWholeFile } from './read.js';
import type { RawCase } from '../types.js';

/** HELM's per-instance accuracy metrics (helm.benchmark.metrics basic_metrics, summarization, math). */
const QUALITY_STATS = new Set([
  'exact_match',
  'quasi_exact_match',
  'prefix_exact_match',
  'quasi_prefix_exact_match',
  'exact_match_indicator',
  'exact_set_match',
  'f1_score',
  'f1_set_match',
  'iou_set_match',
  'rouge_1',
  'rouge_2',
  'rouge_l',
  'bleu_1',
  'bleu_4',
  'math_equiv',
  'math_equiv_chain_of_thought',
  'code_eval_acc',
  'chain_of_thought_correctness',
]);

/** True for a parsed per_instance_stats.json. */
export function isHelmPerInstance(value: unknown): value is unknown[] {
  return (
    Array.isArray(value) && isObject(value[0]) && 'instance_id' in value[0] && Array.isArray(value[0].stats)
  );
}

/** True for a parsed run-level stats.json (a list of aggregate stats). */
export function isHelmAggregate(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    isObject(value[0]) &&
    isObject(value[0].name) &&
    'sum' in value[0] &&
    'count' in value[0]
  );
}

export function helmAggregateError(file: string): InputDataError {
  return new InputDataError(
    'This is a HELM run-level stats.json: it holds only aggregates over the run, no instances, so there are no ' +
      'cases to import. Pass per_instance_stats.json from the same run folder instead (with scenario_state.json ' +
      'beside it for the texts).',
    { file, line: 1 },
  );
}

/** Recognises per_instance_stats.json from its first bytes. */
export function looksLikeHelmHead(head: string): boolean {
  return /^\s*\[\s*\{\s*"instance_id"\s*:/.test(head);
}

async function scenarioTexts(file: string): Promise<Map<string, { input?: string; output?: string }>> {
  const texts = new Map<string, { input?: string; output?: string }>();
  if (!file.includes('per_instance_stats')) return texts;
  let state: unknown;
  try {
    state = JSON.parse(
      await readFile(file.replace(/per_instance_stats(?!.*per_instance_stats)/, 'scenario_state'), 'utf8'),
    );
  } catch {
    return texts; // no scenario state beside it: cases without texts
  }
  if (!isObject(state) || !Array.isArray(state.request_states)) return texts;
  for (const request of state.request_states) {
    if (!isObject(request) || !isObject(request.instance)) continue;
    const key = `${String(request.instance.id)}\u0000${JSON.stringify(request.train_trial_index ?? 0)}`;
    const input =
      isObject(request.instance.input) && typeof request.instance.input.text === 'string'
        ? request.instance.input.text
        : undefined;
    const completions =
      isObject(request.result) && Array.isArray(request.result.completions) ? request.result.completions : [];
    const output =
      isObject(completions[0]) && typeof completions[0].text === 'string' ? completions[0].text : undefined;
    if (!texts.has(key)) texts.set(key, { input, output });
  }
  return texts;
}

function helmRow(
  item: unknown,
  place: Place,
  path: string,
  texts: Map<string, { input?: string; output?: string }>,
): RawCase {
  if (!isObject(item)) fail(place, path, `${path} must be an object; got ${kindOf(item)}`);
  const id = readId(item.instance_id, place, `${path}.instance_id`);
  const rawCase: RawCase = { id, source: { ...place } };
  if (!Array.isArray(item.stats))
    fail(place, `${path}.stats`, `${path}.stats must be an array; got ${kindOf(item.stats)}`);
  const scores: Record<string, number> = {};
  let split: string | undefined;
  let tokensInput: number | undefined;
  let tokensOutput: number | undefined;
  (item.stats as unknown[]).forEach((stat, index) => {
    const field = `${path}.stats[${index}]`;
    if (!isObject(stat) || !isObject(stat.name) || typeof stat.name.name !== 'string')
      fail(
        place,
        `${field}.name`,
        `${field} must be a stat {name: {name, split}, count, sum, mean}; got ${show(stat)}`,
      );
    const statName = stat.name;
    if (statName.perturbation !== undefined && statName.perturbation !== null) return;
    if (typeof statName.split === 'string') split ??= statName.split;
    if (stat.count === 0) return;
    const mean =
      stat.mean ??
      (typeof stat.sum === 'number' && typeof stat.count === 'number' ? stat.sum / stat.count : undefined);
    const name = statName.name as string;
    const wanted =
      QUALITY_STATS.has(name) ||
      name === 'num_prompt_tokens' ||
      name === 'num_output_tokens' ||
      name === 'inference_runtime';
    if (!wanted) return;
    if (typeof mean !== 'number' || !Number.isFinite(mean))
      fail(place, `${field}.mean`, `${field}.mean (${name}) must be a finite number; got ${show(stat.mean)}`);
    if (QUALITY_STATS.has(name)) scores[name] = mean;
    else if (name === 'num_prompt_tokens') tokensInput = Math.round(mean);
    else if (name === 'num_output_tokens') tokensOutput = Math.round(mean);
    else rawCase.latencyMs = mean * 1000;
  });
  if (Object.keys(scores).length > 0) rawCase.scores = scores;
  if (scores.exact_match !== undefined) rawCase.pass = scores.exact_match === 1;
  if (tokensInput !== undefined || tokensOutput !== undefined)
    rawCase.tokens = {
      ...(tokensInput !== undefined ? { input: tokensInput } : {}),
      ...(tokensOutput !== undefined ? { output: tokensOutput } : {}),
    };
  if (split !== undefined) rawCase.tags = { split };
  const text = texts.get(`${id}\u0000${JSON.stringify(item.train_trial_index ?? 0)}`);
  if (text?.input !== undefined) rawCase.input = text.input;
  if (text?.output !== undefined) rawCase.output = text.output;
  return compact(rawCase);
}

export async function importHelm(file: string, displayName: string): Promise<ImporterOutput> {
  const text = await readWholeFile(file, displayName);
  if (text.trim() === '') noCases(displayName, 'the file is blank');
  const document = parseJsonDocument(text, displayName);
  return helmFromDocument(document, text, displayName, await scenarioTexts(file));
}

/** Converts a parsed per_instance_stats.json (`texts`: the scenario state's texts by instance and trial). */
export function helmFromDocument(
  document: unknown,
  text: string,
  file: string,
  texts: Map<string, { input?: string; output?: string }> = new Map(),
): ImporterOutput {
  if (isHelmAggregate(document)) throw helmAggregateError(file);
  if (!Array.isArray(document))
    throw new InputDataError(
      `A HELM per_instance_stats.json is a list of instances; got ${kindOf(document)}.`,
      { file, line: 1 },
    );
  if (document.length === 0) noCases(file, 'the list of instances is empty');
  const lines = arrayElementLines(text, []);
  const cases = document.map((item, index) =>
    helmRow(item, { file, line: lines.length === document.length ? lines[index] : 1 }, `[${index}]`, texts),
  );
  if (cases.every((row) => row.scores === undefined))
    throw new InputDataError(
      'The HELM instances have no accuracy stat (exact_match, f1_score…): nothing to gate on.',
      { file },
    );
  return { cases, skipped: 0, warnings: [] };
}
