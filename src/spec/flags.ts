/** spec → sorted `path=value` lines (profile dump -o flags): the inverse of the --set grammar. */
import type {Json} from './types.js';

export function toFlags(tree: Json): string[] {
  const lines: string[] = [];
  const visit = (value: Json, path: string) => {
    if (Array.isArray(value)) {
      if (value.length === 0) lines.push(`${path}=[]`);
      value.forEach((item, i) => visit(item, `${path}[${i}]`));
    } else if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value);
      if (keys.length === 0 && path !== '') lines.push(`${path}={}`);
      for (const key of keys) {
        const escaped = key.replaceAll('.', '\\.');
        visit(value[key]!, path === '' ? escaped : `${path}.${escaped}`);
      }
    } else {
      lines.push(`${path}=${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
    }
  };
  visit(tree, '');
  return lines.sort();
}
