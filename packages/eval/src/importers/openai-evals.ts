/**
 * OpenAI Evals record logs (`oaieval … --record_path run.jsonl`): a `{"spec": …}` line, then one event per line
 * (`{run_id, event_id, sample_id, type, data, …}`), and a `{"final_report": …}` line when the run finished.
 *
 * The events of one `sample_id` make one case:
 * - pass: the `match` events' `data.correct` (all of them true when a sample has several).
 * - scores: the numeric entries of `metrics` events' `data` (e.g. `score`), averaged over the sample's events;
 *   null entries are no score; text entries (a model-graded `choice`) become tags.
 * - input: the first `sampling` event's prompt (text, or the messages' contents joined); output: its first
 *   sampled text (else the `match` event's `sampled`).
 * - error: the message of an `error` event.
 * A sample that was sampled but never graded (no match, metrics or error event: the run stopped first) is left
 * out and counted as skipped, with a warning; so is the missing `final_report` line.
 */
import { InputDataError } from '@mlgate/core';
import { compact, isObject, kindOf, noCases, readId, scalarText, setKey, show } from './fields.js';
import type { ImporterOutput, JsonObject, Place } from './fields.js';
import { forEachLine, isBlank, parseJsonLine } from './read.js';
import type { RawCase } from '../types.js';

/** True for the first line of a record log: the spec, or an event (some logs are cut before the spec). */
export function isOpenAiEvalsRecord(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (isObject(value.spec) && ('eval_name' in value.spec || 'run_config' in value.spec)) return true;
  return 'run_id' in value && 'event_id' in value && 'sample_id' in value && typeof value.type === 'string';
}

/** Recognises a record log from its first line's text when the line does not fit in the head. */
export function looksLikeOpenAiEvalsLine(line: string): boolean {
  return /^\s*\{\s*"spec"\s*:\s*\{\s*"completion_fns"\s*:/.test(line);
}

interface Sample {
  id: string;
  place: Place;
  graded: boolean;
  matches: boolean[];
  scoreSums: Map<string, [number, number]>;
  tags: Record<string, string>;
  input?: string;
  output?: string;
  matchOutput?: string;
  error?: string;
}

function messagesText(prompt: unknown): string | undefined {
  if (typeof prompt === 'string') return prompt;
  if (!Array.isArray(prompt)) return undefined;
  const parts = prompt.flatMap((message) =>
    isObject(message) && typeof message.content === 'string' ? [message.content] : [],
  );
  return parts.length > 0 ? parts.join('\n') : undefined;
}

function firstText(sampled: unknown): string | undefined {
  if (typeof sampled === 'string') return sampled;
  if (Array.isArray(sampled) && typeof sampled[0] === 'string') return sampled[0];
  return undefined;
}

export async function importOpenAiEvals(file: string, displayName: string): Promise<ImporterOutput> {
  const samples = new Map<string, Sample>();
  let finalReport = false;
  let lines = 0;
  await forEachLine(file, displayName, (line, lineNumber) => {
    if (isBlank(line)) return;
    lines++;
    const place = { file: displayName, line: lineNumber };
    const record = parseJsonLine(line, displayName, lineNumber);
    const fail = (field: string, message: string): never => {
      throw new InputDataError(message, { file: displayName, line: lineNumber, field });
    };
    if (!isObject(record)) fail('', `each line must be a JSON object; got ${kindOf(record)}`);
    const event = record as JsonObject;
    if ('spec' in event) return;
    if ('final_report' in event) {
      finalReport = true;
      return;
    }
    if (typeof event.type !== 'string')
      fail('type', `an event needs a "type" (sampling, match, metrics…); got ${show(event.type)}`);
    const id = readId(event.sample_id, place, 'sample_id');
    let sample = samples.get(id);
    if (!sample) {
      sample = { id, place, graded: false, matches: [], scoreSums: new Map(), tags: {} };
      samples.set(id, sample);
    }
    const data = event.data;
    if (!isObject(data)) fail('data', `data must be an object; got ${kindOf(data)}`);
    applyEvent(sample, event.type as string, data as JsonObject, place, fail);
  });
  if (lines === 0) noCases(displayName, 'it has no JSON lines');
  const { cases, ungraded } = gradedCases(samples);
  const warnings: string[] = [];
  if (!finalReport)
    warnings.push(
      `${displayName}: the record log has no final_report line: the run stopped before it finished.`,
    );
  if (cases.length === 0) {
    throw new InputDataError(
      `The OpenAI Evals record log has ${samples.size} sample${samples.size === 1 ? '' : 's'} but no graded one ` +
        `(no match event, no metrics event with a number, no error)${finalReport ? '' : ' and no final_report line: the run stopped before grading'}, so there is nothing to gate on.`,
      { file: displayName },
    );
  }
  if (ungraded > 0)
    warnings.push(
      `${displayName}: ${ungraded} of ${samples.size} samples were sampled but never graded; they are left out.`,
    );
  return { cases, skipped: ungraded, warnings };
}

/** What one event adds to its sample: the prompt and answer, a match verdict, metrics, an error. */
function applyEvent(
  sample: Sample,
  type: string,
  fields: JsonObject,
  place: Place,
  fail: (field: string, message: string) => never,
): void {
  switch (type) {
    case 'sampling':
      sample.input ??= messagesText(fields.prompt);
      sample.output ??= firstText(fields.sampled);
      break;
    case 'match':
      if (typeof fields.correct !== 'boolean')
        fail(
          'data.correct',
          `a match event's data.correct must be true or false; got ${show(fields.correct)}`,
        );
      if (!sample.graded) sample.place = place;
      sample.graded = true;
      sample.matches.push(fields.correct);
      sample.matchOutput ??= firstText(fields.sampled);
      break;
    case 'metrics':
      if (!sample.graded) sample.place = place;
      sample.graded = true;
      for (const key of Object.keys(fields)) {
        const value = fields[key];
        if (value === null || value === undefined) continue;
        if (typeof value === 'number') {
          if (!Number.isFinite(value))
            fail(`data.${key}`, `data.${key} must be a finite number; got ${show(value)}`);
          const sum = sample.scoreSums.get(key) ?? [0, 0];
          sample.scoreSums.set(key, [sum[0] + value, sum[1] + 1]);
        } else if (typeof value === 'boolean') {
          const sum = sample.scoreSums.get(key) ?? [0, 0];
          sample.scoreSums.set(key, [sum[0] + (value ? 1 : 0), sum[1] + 1]);
        } else {
          const text = scalarText(value);
          if (text !== undefined) setKey(sample.tags, key, text);
        }
      }
      break;
    case 'error':
      sample.graded = true;
      sample.error ??=
        isObject(fields) && typeof fields.message === 'string' ? fields.message : (show(fields) ?? 'error');
      break;
    default:
      break; // info, embedding…: nothing to gate on
  }
}

/** One case per graded sample (a match, a numeric metric or an error); samples never graded are counted. */
function gradedCases(samples: Map<string, Sample>): { cases: RawCase[]; ungraded: number } {
  const cases: RawCase[] = [];
  let ungraded = 0;
  for (const sample of samples.values()) {
    const scores: Record<string, number> = {};
    for (const [key, [sum, count]] of sample.scoreSums) setKey(scores, key, sum / count);
    const gradedSomething = sample.matches.length > 0 || Object.keys(scores).length > 0 || sample.error;
    if (!gradedSomething) {
      ungraded++;
      continue;
    }
    cases.push(
      compact({
        id: sample.id,
        pass: sample.matches.length > 0 ? sample.matches.every(Boolean) : undefined,
        scores: Object.keys(scores).length > 0 ? scores : undefined,
        tags: Object.keys(sample.tags).length > 0 ? sample.tags : undefined,
        input: sample.input,
        output: sample.output ?? sample.matchOutput,
        error: sample.error,
        source: { file: sample.place.file, line: sample.place.line },
      }),
    );
  }
  return { cases, ungraded };
}
