/** -o yaml|json rendering shared by commands. */
import * as Flags from '@oclif/core/flags';
import yaml from 'js-yaml';

export function toYaml(value: unknown): string {
  return yaml.dump(value, {noRefs: true, lineWidth: -1});
}

export function toJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent);
}

/** Structured output formats. */
export type EventFormat = 'json' | 'yaml';

/**
 * One event of a stream: -o json a line, -o yaml a document opened by `---`. Both go through
 * JSON, so a field JSON leaves out (undefined) is left out of the YAML too.
 */
export function eventText(value: unknown, format: EventFormat): string {
  const json = JSON.stringify(value);
  return format === 'yaml' ? `---\n${toYaml(JSON.parse(json)).trimEnd()}` : json;
}

export const outputFlag = (options: readonly string[], defaultValue: string) =>
  Flags.string({
    char: 'o',
    description: `output format: ${options.join('|')}`,
    options: [...options],
    default: defaultValue,
  });
