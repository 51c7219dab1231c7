import { describe, expect, it } from '@jest/globals';
import { importResultsFile } from '../../src/importers/index.js';
import { expectInputError, REAL, RESULTS } from './helpers.js';

const NICHEIQ = `${REAL}/promptfoo/nicheiq-v0.121.2.json`;
const WEATHER = `${REAL}/promptfoo/promptfoo-repo-pydanticai-weather-2025-06.json`;

describe('promptfoo 0.121.2 (nicheIQ: 4 prompts × 2 providers, all failing)', () => {
  it('imports one case per result, with prompt and provider in the id', async () => {
    const result = await importResultsFile(NICHEIQ, 'promptfoo');
    expect(result.format).toBe('promptfoo');
    expect(result.cases).toHaveLength(30);
    expect(result.skipped).toBe(0);
    expect(new Set(result.cases.map((c) => c.id)).size).toBe(30);
    expect(result.cases.every((c) => c.pass === false)).toBe(true);
  });

  it('maps the first result (testIdx 0, "Pain Scorer v2" on gpt-4o)', async () => {
    const { cases } = await importResultsFile(NICHEIQ, 'promptfoo', 'evals/results.json');
    const first = cases[0];
    expect(first).toMatchObject({
      id: '0:Pain Scorer v2 (dollar-band rubric):gpt-4o',
      pass: false,
      scores: { score: 0 },
      latencyMs: 1177,
      costUsd: 0.000755,
      tokens: { input: 10, output: 73 },
      input: 'pain_v2',
      tags: {
        provider: 'gpt-4o',
        prompt: 'Pain Scorer v2 (dollar-band rubric)',
        niche: 'HIPAA compliance documentation for small medical practices',
      },
      source: { file: 'evals/results.json', line: 345 },
    });
    expect(first.output).toMatch(/^It seems like you're referring to "Pain v2,"/);
    // The row failed an assertion (failureReason 1): a failure, not an error, although promptfoo fills `error`.
    expect(first.error).toBeUndefined();
    // Multi-line vars (the pain snippets) are not tags.
    expect(first.tags?.snippets).toBeUndefined();
  });

  it('leaves out tokens of cached responses (tokenUsage has only cached/total)', async () => {
    const { cases } = await importResultsFile(NICHEIQ, 'promptfoo');
    const cached = cases.find((c) => c.id === '1:Pain Scorer v1 (word anchors):gpt-4o');
    expect(cached).toBeDefined();
    expect(cached?.tokens).toBeUndefined();
    expect(cached?.costUsd).toBe(0.000735);
    expect(cached?.source.line).toBeGreaterThan(345);
    expect(cases.filter((c) => c.tokens === undefined)).toHaveLength(17);
  });

  it('warns that assertions threw', async () => {
    const { warnings } = await importResultsFile(NICHEIQ, 'promptfoo');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/18 of 30 promptfoo results failed because an assertion itself threw/);
  });
});

describe('promptfoo mid-2025 (PydanticAI weather: 1 prompt × 2 providers, all passing)', () => {
  it('imports 10 passing cases with provider-only ids', async () => {
    const { cases, warnings } = await importResultsFile(WEATHER, 'promptfoo');
    expect(cases).toHaveLength(10);
    expect(cases.every((c) => c.pass === true)).toBe(true);
    expect(warnings).toEqual([]);
    expect(cases.map((c) => c.id).sort()).toEqual([
      '0:PydanticAI GPT-4o',
      '0:PydanticAI GPT-4o-mini',
      '1:PydanticAI GPT-4o',
      '1:PydanticAI GPT-4o-mini',
      '2:PydanticAI GPT-4o',
      '2:PydanticAI GPT-4o-mini',
      '3:PydanticAI GPT-4o',
      '3:PydanticAI GPT-4o-mini',
      '4:PydanticAI GPT-4o',
      '4:PydanticAI GPT-4o-mini',
    ]);
  });

  it('turns an object output into JSON and null token counts into no tokens', async () => {
    const { cases } = await importResultsFile(WEATHER, 'promptfoo');
    const newYork = cases[0];
    expect(newYork).toMatchObject({
      id: '1:PydanticAI GPT-4o',
      latencyMs: 3684,
      costUsd: 0,
      scores: { score: 1 },
      input: 'Can you tell me the current weather conditions in New York including humidity?',
      tags: { provider: 'PydanticAI GPT-4o', prompt: '{{query}}' },
      source: { line: 81 },
    });
    expect(newYork.tokens).toBeUndefined();
    expect(JSON.parse(newYork.output ?? '')).toMatchObject({ location: 'New York', humidity: '45%' });
    // The Atlantis output has an "error" key inside the model's answer: that is output, not an eval error.
    expect(cases.filter((c) => c.error !== undefined)).toEqual([]);
  });

  it('keeps short vars as tags', async () => {
    const { cases } = await importResultsFile(WEATHER, 'promptfoo');
    expect(cases.find((c) => c.id === '0:PydanticAI GPT-4o-mini')?.tags?.query).toBe(
      "What's the weather like in London?",
    );
  });
});

describe('promptfoo (hand-written: errored row, repeats, same labels on two prompts)', () => {
  const file = `${RESULTS}/promptfoo-hand.json`;

  it('tells apart two prompts with the same label and keeps repeats under one id', async () => {
    const { cases, warnings } = await importResultsFile(file, 'auto');
    expect(warnings).toEqual([]);
    expect(cases.map((c) => [c.id, c.pass, c.source.line])).toEqual([
      ['0:openai:gpt-4o-mini#0', true, 10],
      ['0:openai:gpt-4o-mini#1', false, 25],
      ['0:openai:gpt-4o-mini#0', false, 39],
    ]);
  });

  it('maps scores, tokens, metadata tags and a provider error', async () => {
    const { cases } = await importResultsFile(file, 'promptfoo');
    expect(cases[0]).toEqual({
      id: '0:openai:gpt-4o-mini#0',
      pass: true,
      scores: { relevance: 0.5, tone: 1, score: 0.75 },
      latencyMs: 10,
      costUsd: 0.0001,
      tokens: { input: 5, output: 2 },
      input: 'Q: hi',
      output: 'hello',
      tags: { q: 'hi', category: 'greeting', provider: 'openai:gpt-4o-mini', prompt: 'qa' },
      source: { file, line: 10 },
    });
    expect(cases[1].error).toBe('API error: 500 Internal Server Error');
    expect(cases[1].output).toBeUndefined();
    // failureReason 1: an assertion failed, which is not an error.
    expect(cases[2].error).toBeUndefined();
  });

  it('names the line and field of a wrong type', async () => {
    const bad = `${RESULTS}/promptfoo-bad-latency.json`;
    const error = await expectInputError(() => importResultsFile(bad, 'auto'), {
      file: bad,
      line: 39,
      field: 'latencyMs',
    });
    expect(error.message).toBe('latencyMs must be a non-negative number (milliseconds); got "slow"');
  });
});

describe('promptfoo errors', () => {
  it('rejects canonical JSON given as promptfoo', async () => {
    await expectInputError(
      () => importResultsFile(`${RESULTS}/valid.json`, 'promptfoo'),
      { line: 1 },
      /Not a promptfoo results file: expected an object with a "results.results" array/,
    );
  });

  it('points to the promptfoo format when a promptfoo file is read as json', async () => {
    await expectInputError(() => importResultsFile(WEATHER, 'json'), {}, /set the format to "promptfoo"/);
  });
});
