/** Reading any mlgate report from disk, validated against its schema so a wrong or corrupt file is named. */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { compileSchema, describeSchemaError, mostSpecificError } from '../config.js';
import { InputDataError } from '../errors.js';
import { deepNestingLine, isStackOverflow, nestedTooDeeply } from '../nesting.js';
import { checkPathPolicy } from '../path-policy.js';
import { DATA_PROFILE_KIND, dataProfileSchema, type DataProfile } from './data-profile.js';
import { DATA_REPORT_KIND, dataReportSchema, type DataReport } from './data-report.js';
import { decodeCase } from './case-table.js';
import {
  caseRecordSchema,
  EVAL_REPORT_KIND,
  evalReportSchema,
  type CaseColumn,
  type EvalReport,
} from './eval-report.js';

/** Every report kind mlgate writes, with its schema; later kinds (data, lineage) join this table. */
const REPORT_SCHEMAS: Record<string, object> = {
  [EVAL_REPORT_KIND]: evalReportSchema,
  [DATA_REPORT_KIND]: dataReportSchema,
  [DATA_PROFILE_KIND]: dataProfileSchema,
};

/** Reads JSON text, naming the file and line of a syntax error. */
export function parseJson(text: string, file: string): unknown {
  const json = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(json);
  } catch (error) {
    const message = (error as Error).message;
    const offset = syntaxErrorOffset(json, message);
    const line = offset === undefined ? undefined : json.slice(0, offset).split('\n').length;
    throw new InputDataError(`invalid JSON: ${message}`, { file, line });
  }
}

/**
 * Where JSON.parse failed. V8 gives the position for most errors but not for an unexpected token; then the
 * shortest prefix that fails before its own end (a valid prefix only fails at its end) ends just after it.
 */
function syntaxErrorOffset(json: string, message: string): number | undefined {
  const position = /position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  if (/end of JSON input/.test(message)) return json.length;
  if (!/^Unexpected token/.test(message)) return undefined;
  const failsInside = (length: number): boolean => {
    try {
      JSON.parse(json.slice(0, length));
      return false;
    } catch (error) {
      const text = (error as Error).message;
      const at = /position (\d+)/.exec(text);
      return at ? Number(at[1]) < length : /^Unexpected token/.test(text);
    }
  };
  let low = 1;
  let high = json.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (failsInside(middle)) high = middle;
    else low = middle + 1;
  }
  return low - 1;
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
  return (expectedKind === EVAL_REPORT_KIND ? decodeCaseTable(value, file) : value) as T;
}

/** The decoded cases of a 1.3 report, validated one by one like the object cases of earlier reports. */
const decodedCasesSchema = {
  type: 'object',
  properties: { cases: { type: 'array', items: caseRecordSchema } },
};

/** A 1.3 eval report's case table (caseColumns, caseFiles, cases as rows) as one CaseRecord per case. */
function decodeCaseTable(value: unknown, file: string): unknown {
  const {
    caseColumns,
    caseFiles = [],
    cases,
    ...rest
  } = value as {
    caseColumns?: CaseColumn[];
    caseFiles?: string[];
    cases: unknown[][];
  };
  if (!caseColumns) return value;
  const fileColumn = caseColumns.indexOf('file');
  const records = cases.map((row, index) => {
    const fail = (message: string) => {
      throw new InputDataError(`invalid ${EVAL_REPORT_KIND} report: cases[${index}]: ${message}`, {
        file,
        field: `cases[${index}]`,
      });
    };
    if (row.length > caseColumns.length)
      fail(`has ${row.length} values for ${caseColumns.length} caseColumns`);
    const fileIndex = fileColumn >= 0 ? (row[fileColumn] ?? 0) : 0;
    if (
      !Number.isInteger(fileIndex) ||
      (fileIndex as number) < 0 ||
      (fileIndex as number) >= Math.max(caseFiles.length, 1)
    )
      fail(`file ${JSON.stringify(fileIndex)} is not an index into caseFiles (${caseFiles.length} files)`);
    return decodeCase(row, caseColumns, caseFiles);
  });
  const decoded = { ...rest, cases: records };
  const validate = compileSchema(decodedCasesSchema);
  if (!validate(decoded)) {
    const { field, message } = describeSchemaError(mostSpecificError(validate.errors ?? []));
    throw new InputDataError(`invalid ${EVAL_REPORT_KIND} report: ${field}: ${message}`, { file, field });
  }
  return decoded;
}

/** A report file's text; a gzip-compressed one (a stored eval baseline, report.json.gz) is decompressed. */
export async function readReportText(file: string, displayName = file): Promise<string> {
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new InputDataError(
      error.code === 'ENOENT' ? 'report not found' : `cannot read report: ${error.message}`,
      {
        file: displayName,
      },
    );
  });
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes.toString('utf8');
  try {
    return gunzipSync(bytes).toString('utf8');
  } catch (error) {
    throw new InputDataError(`cannot decompress the gzip report: ${(error as Error).message}`, {
      file: displayName,
    });
  }
}

export async function readReportFile<T>(file: string, expectedKind: string, displayName = file): Promise<T> {
  checkPathPolicy(file, 'report', { shown: displayName });
  const text = await readReportText(file, displayName);
  try {
    return validateReport<T>(parseJson(text, displayName), expectedKind, displayName);
  } catch (error) {
    if (isStackOverflow(error)) throw nestedTooDeeply(displayName, deepNestingLine(text));
    throw error;
  }
}

export const readEvalReport = (file: string, displayName = file): Promise<EvalReport> =>
  readReportFile<EvalReport>(file, EVAL_REPORT_KIND, displayName);

export const readDataReport = (file: string, displayName = file): Promise<DataReport> =>
  readReportFile<DataReport>(file, DATA_REPORT_KIND, displayName);

export const readDataProfile = (file: string, displayName = file): Promise<DataProfile> =>
  readReportFile<DataProfile>(file, DATA_PROFILE_KIND, displayName);
