/** Reading any mlgate report from disk, validated against its schema so a wrong or corrupt file is named. */
import { readFile } from 'node:fs/promises';
import { compileSchema, describeSchemaError, mostSpecificError } from '../config.js';
import { InputDataError } from '../errors.js';
import { EVAL_REPORT_KIND, evalReportSchema, type EvalReport } from './eval-report.js';

/** Every report kind mlgate writes, with its schema; later kinds (data, lineage) join this table. */
const REPORT_SCHEMAS: Record<string, object> = { [EVAL_REPORT_KIND]: evalReportSchema };

/** Reads JSON text, naming the file and line of a syntax error. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : undefined;
    throw new InputDataError(`invalid JSON: ${message}`, { file, line });
  }
}

/** Returns the report kind of a parsed JSON value, or undefined when it is not an mlgate report. */
export function reportKind(value: unknown): string | undefined {
  if (
    value &&
    typeof value === 'object' &&
    'kind' in value &&
    typeof value.kind === 'string' &&
    value.kind.startsWith('mlgate/')
  ) {
    return value.kind;
  }
  return undefined;
}

/** Validates a parsed report of the expected kind. */
export function validateReport<T>(value: unknown, expectedKind: string, file: string): T {
  const kind = reportKind(value);
  if (kind !== expectedKind) {
    throw new InputDataError(`not an ${expectedKind} report (kind: ${kind ?? 'missing'})`, {
      file,
      field: 'kind',
    });
  }
  const schema = REPORT_SCHEMAS[expectedKind];
  const validate = compileSchema(schema);
  if (!validate(value)) {
    const error = mostSpecificError(validate.errors ?? []);
    const { field, message } = describeSchemaError(error);
    const version = (value as { schemaVersion?: unknown }).schemaVersion;
    const hint =
      field === 'schemaVersion' ? ` (this mlgate reads version 1.x; the file has ${String(version)})` : '';
    throw new InputDataError(`invalid ${expectedKind} report: ${field}: ${message}${hint}`, { file, field });
  }
  return value as T;
}

export async function readReportFile<T>(file: string, expectedKind: string, displayName = file): Promise<T> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new InputDataError(
      error.code === 'ENOENT' ? 'report not found' : `cannot read report: ${error.message}`,
      {
        file: displayName,
      },
    );
  });
  return validateReport<T>(parseJson(text, displayName), expectedKind, displayName);
}

export const readEvalReport = (file: string, displayName = file): Promise<EvalReport> =>
  readReportFile<EvalReport>(file, EVAL_REPORT_KIND, displayName);
