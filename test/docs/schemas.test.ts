/**
 * The published JSON Schemas in docs/schemas/ are the ones the code validates with.
 * Regenerate after a schema change: UPDATE_SCHEMAS=1 npm test -- test/docs
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { dataProfileSchema, dataReportSchema, evalReportSchema } from '@mlgate/core';
import { deployReportSchema } from '@mlgate/deploy';
import { gatesFileSchema } from '@mlgate/eval';
import { lineageManifestSchema } from '@mlgate/lineage';
import { contractSchema } from '@mlgate/data';

const published: Record<string, object> = {
  'eval-report.schema.json': evalReportSchema,
  'data-report.schema.json': dataReportSchema,
  'gates.schema.json': gatesFileSchema,
  'lineage-manifest.schema.json': lineageManifestSchema,
  'data-profile.schema.json': dataProfileSchema,
  'deploy-report.schema.json': deployReportSchema,
  'data-contract.schema.json': contractSchema,
};

describe('docs/schemas', () => {
  for (const [file, schema] of Object.entries(published)) {
    it(`${file} matches the schema in the code`, () => {
      const target = path.join(process.cwd(), 'docs', 'schemas', file);
      const expected = `${JSON.stringify(schema, null, 2)}\n`;
      if (process.env.UPDATE_SCHEMAS) writeFileSync(target, expected);
      expect(existsSync(target)).toBe(true);
      expect(readFileSync(target, 'utf8')).toBe(expected);
    });
  }
});
