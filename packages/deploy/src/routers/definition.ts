/**
 * What each router brings besides its traffic logic: the JSON Schema of its `router` section, the mapping from
 * that section to its settings, and how to build it. The registry in index.ts lists one definition per router.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError, type SourceLocation } from '@mlgate/core';
import { parseDeployDuration } from '../duration.js';
import type { Router } from './types.js';

export interface RouterDefinition<Settings> {
  /** The `router` section's schema (ajv validates it before `settings` runs). */
  schema: object;
  /** Settings from the validated section. */
  settings(section: RouterSection): Settings;
  create(settings: Settings): Router;
  /** What to set when the shadow strategy needs a mirror this configuration does not have. */
  mirrorHint?: string;
}

/** The validated `router` section of a config file, with the file's folder and lines for messages. */
export class RouterSection {
  constructor(
    private readonly raw: Record<string, unknown>,
    /** The config file's folder: relative paths in the section are resolved against it. */
    readonly baseDir: string,
    /** The config file as messages name it. */
    readonly file: string,
    private readonly lineOf: (at: (string | number)[]) => number | undefined,
  ) {}

  /** The key's value as the schema let it through (the schema has checked its type). */
  value<T>(key: string): T | undefined {
    return this.raw[key] as T | undefined;
  }

  string(key: string): string | undefined {
    return this.value<string>(key);
  }

  /** A path setting, resolved against the config file's folder. */
  path(key: string): string | undefined {
    const value = this.string(key);
    return value === undefined ? undefined : path.resolve(this.baseDir, value);
  }

  location(key: string): SourceLocation {
    return { file: this.file, line: this.lineOf(['router', key]), field: `router.${key}` };
  }

  /** Milliseconds of a duration setting (a number alone is seconds), `fallback` when absent. */
  duration(key: string, fallback: string): number {
    return parseDeployDuration(`"router.${key}"`, this.value<string | number>(key) ?? fallback, {
      file: this.file,
    });
  }

  /** A file the router writes must go into a folder that exists: found now, with the line that names it. */
  requireFolder(key: string): void {
    const file = this.path(key);
    if (file === undefined || existsSync(path.dirname(file))) return;
    throw new ConfigurationError(
      `router.${key}: the folder ${path.dirname(file)} does not exist; create it and include ${file} from your nginx configuration (nothing was changed on the router)`,
      this.location(key),
    );
  }
}
