/**
 * Placeholders ({{version}}, {{weight}}, …) in queries, URLs and command arguments. Only a fixed set of names
 * exists and every value is a validated identifier or a number, so rendering can never inject free text.
 */
import { ConfigurationError, type SourceLocation } from '@mlgate/core';

export const PLACEHOLDERS = ['version', 'stable-version', 'canary-version', 'weight', 'step'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type TemplateValues = Record<Placeholder, string>;

/** Version labels end up inside PromQL strings and URLs: letters, digits and _ . : - only. */
export const VERSION_LABEL = /^[A-Za-z0-9_.:-]{1,128}$/;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Throws a ConfigurationError naming an unknown placeholder (a typo would otherwise reach the query). */
export function checkTemplate(template: string, location?: SourceLocation): void {
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (!(PLACEHOLDERS as readonly string[]).includes(match[1]))
      throw new ConfigurationError(
        `unknown placeholder {{${match[1]}}}; known: ${PLACEHOLDERS.map((name) => `{{${name}}}`).join(', ')}`,
        location,
      );
  }
}

export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name as Placeholder];
    if (value === undefined) throw new ConfigurationError(`unknown placeholder ${whole}`);
    return value;
  });
}

export function checkVersionLabel(name: string, value: string): string {
  if (!VERSION_LABEL.test(value))
    throw new ConfigurationError(
      `Input "${name}" must contain only letters, digits and _ . : - (it is substituted into queries); got "${value}".`,
    );
  return value;
}

/** The values for one side of one step. */
export function templateValues(
  side: 'stable' | 'canary',
  versions: { stable: string; canary: string },
  weight: number,
  step: number,
): TemplateValues {
  return {
    version: versions[side],
    'stable-version': versions.stable,
    'canary-version': versions.canary,
    weight: String(weight),
    step: String(step),
  };
}
