import * as core from '@actions/core';
import { parseList } from '@mlgate/core';
export async function run(): Promise<void> {
  core.info(JSON.stringify(parseList('a,b')));
}
