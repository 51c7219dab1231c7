import { describe, expect, it } from '@jest/globals';
import {
  claimVersion,
  planVersion,
  VERSION_ATTEMPTS,
  type ExistingVersion,
  type VersionPlan,
} from '../src/versioning.js';

const byNumber = (a: string, b: string) => Number(a) - Number(b);
const tag = (version: string, commit: string, modelId: string, runId?: string): ExistingVersion => ({
  tag: `model/m/v${version}`,
  version,
  commit,
  modelId,
  runId,
});
const build = { name: 'm', modelId: 'sha256:new', commit: 'c2', runId: '9' };

describe('planVersion', () => {
  it('numbers the first version 1 and the next max + 1, with the latest as previous', () => {
    expect(planVersion([], build, byNumber)).toEqual({ version: '1', exists: false, previous: undefined });
    const plan = planVersion([tag('2', 'c1', 'sha256:b'), tag('1', 'c0', 'sha256:a')], build, byNumber);
    expect(plan).toMatchObject({ version: '3', exists: false, previous: { version: '2' } });
  });

  it('reuses the version another run tagged for the same model on the same commit', () => {
    const existing = [
      tag('1', 'c1', 'sha256:a'),
      tag('2', 'c2', 'sha256:new', '7'),
      tag('3', 'c3', 'sha256:c'),
    ];
    expect(planVersion(existing, build, byNumber)).toMatchObject({
      version: '2',
      exists: true,
      reused: 'same-model',
      previous: { version: '1' },
    });
  });

  it('gives the same model on another commit a new version', () => {
    const plan = planVersion([tag('1', 'c1', 'sha256:new')], build, byNumber);
    expect(plan).toMatchObject({ version: '2', exists: false });
  });

  it('reuses the version of an earlier attempt of this run, and refuses a different model from it', () => {
    const existing = [tag('1', 'c0', 'sha256:a'), tag('2', 'c2', 'sha256:new', '9')];
    expect(planVersion(existing, build, byNumber)).toMatchObject({ version: '2', reused: 'rerun' });
    expect(() => planVersion(existing, { ...build, modelId: 'sha256:other' }, byNumber)).toThrow(
      'this rerun produced different files',
    );
  });

  it('never moves a requested version held by another model', () => {
    expect(() => planVersion([tag('5', 'c1', 'sha256:a')], { ...build, requested: '5' }, byNumber)).toThrow(
      'mlgate never moves a model tag',
    );
  });
});

/** A tag store like GitHub's refs API: creating an existing name fails, atomically. */
function store(initial: ExistingVersion[] = []) {
  const tags = [...initial];
  return {
    tags,
    list: async () => tags.slice(),
    createAs: (modelId: string, commit: string) => async (plan: VersionPlan) => {
      const holder = tags.find((item) => item.version === plan.version);
      if (holder) return { created: false as const, holder };
      tags.push(tag(plan.version, commit, modelId));
      return { created: true as const };
    },
  };
}

describe('claimVersion', () => {
  it('takes the next number when another model took the planned one between listing and tagging', async () => {
    const tags = store([tag('1', 'c0', 'sha256:a')]);
    const create = tags.createAs('sha256:new', 'c2');
    const lines: string[] = [];
    let raced = false;
    const plan = await claimVersion({
      build,
      compare: byNumber,
      list: tags.list,
      // The rival run creates v2 just before this one: the first attempt loses.
      create: async (planned) => {
        if (!raced) {
          raced = true;
          tags.tags.push(tag(planned.version, 'c1', 'sha256:rival'));
        }
        return create(planned);
      },
      log: (line) => lines.push(line),
    });
    expect(plan).toMatchObject({
      version: '3',
      exists: false,
      previous: { version: '2', modelId: 'sha256:rival' },
    });
    expect(tags.tags.map((item) => `${item.version}:${item.modelId}`)).toEqual([
      '1:sha256:a',
      '2:sha256:rival',
      '3:sha256:new',
    ]);
    expect(lines).toEqual([
      'v2 was tagged by another run meanwhile (model/m/v2 on c1, model sha256:rival); planning again',
    ]);
  });

  it('reuses the version when the run that got there first tagged the same model on the same commit', async () => {
    const tags = store();
    const plan = await claimVersion({
      build,
      compare: byNumber,
      list: tags.list,
      create: async (planned) => {
        tags.tags.push(tag(planned.version, build.commit, build.modelId, '8'));
        return { created: false, holder: tags.tags.at(-1) };
      },
    });
    expect(plan).toMatchObject({ version: '1', exists: true, reused: 'same-model' });
    expect(tags.tags).toHaveLength(1);
  });

  it('gives up after a bounded number of lost races, naming the versions it tried', async () => {
    const tags = store();
    let creates = 0;
    const attempt = claimVersion({
      build,
      compare: byNumber,
      list: tags.list,
      create: async (planned) => {
        creates++;
        tags.tags.push(tag(planned.version, 'c9', `sha256:rival${planned.version}`));
        return { created: false, holder: tags.tags.at(-1) };
      },
    });
    await expect(attempt).rejects.toThrow(
      `could not tag a version of m: ${VERSION_ATTEMPTS} attempts (v1, v2, v3, v4, v5) were each taken by another run first`,
    );
    expect(creates).toBe(VERSION_ATTEMPTS);
  });

  it('does not take another number for a requested version: the tag is never moved', async () => {
    const tags = store();
    const attempt = claimVersion({
      build: { ...build, requested: '4' },
      compare: byNumber,
      list: tags.list,
      create: async (planned) => {
        tags.tags.push(tag(planned.version, 'c9', 'sha256:rival'));
        return { created: false, holder: tags.tags.at(-1) };
      },
    });
    await expect(attempt).rejects.toThrow('version 4 of m already exists');
  });
});
