/** The model tags model/<name>/v* of the local clone (as `git fetch --tags` brought them), oldest version first. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ConfigurationError } from '@mlgate/core';
import { compareVersions, modelTagPrefix, parseTagMessage, type ModelTag } from '@mlgate/github';

const run = promisify(execFile);

export async function localModelTags(name: string, cwd = process.cwd()): Promise<ModelTag[]> {
  const prefix = modelTagPrefix(name);
  // Fixed arguments, no shell: the name only narrows the ref pattern.
  const { stdout } = await run(
    'git',
    [
      'for-each-ref',
      '--format=%(refname:strip=2)%00%(objectname)%00%(*objectname)%00%(contents)%00%00',
      `refs/tags/${prefix}*`,
    ],
    { cwd, maxBuffer: 64 * 1024 * 1024 },
  ).catch((error: Error) => {
    throw new ConfigurationError(
      `cannot read git tags here (${error.message.split('\n')[0]}): run inside a clone with its tags fetched`,
    );
  });
  return stdout
    .split('\0\0\n')
    .filter((entry) => entry.trim())
    .map((entry) => {
      const [tag, object, peeled, message] = entry.replace(/^\n/, '').split('\0');
      return {
        tag,
        version: tag.slice(prefix.length),
        commit: peeled || object,
        record: parseTagMessage(message ?? ''),
      };
    })
    .filter((item) => item.version)
    .sort((a, b) => compareVersions(a.version, b.version));
}
