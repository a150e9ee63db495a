/** -o yaml|json rendering shared by commands. */
import * as Flags from '@oclif/core/flags';
import yaml from 'js-yaml';

export function toYaml(value: unknown): string {
  return yaml.dump(value, {noRefs: true, lineWidth: -1});
}

export function toJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent);
}

export const outputFlag = (options: readonly string[], defaultValue: string) =>
  Flags.string({
    char: 'o',
    description: `output format: ${options.join('|')}`,
    options: [...options],
    default: defaultValue,
  });
