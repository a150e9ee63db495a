/** Reading one -f file (`-` is standard input) into an IstioOperator, or the problems with it. */
import {readFile} from 'node:fs/promises';
import yaml from 'js-yaml';
import {MeshError} from '../errors.js';
import {checkDocument, invalidUtf8Offset} from './input-guard.js';
import {collectAsync, throwProblems, type Problem} from './problems.js';
import type {IstioOperator, IstioOperatorSpec, Json} from './types.js';
import {specProblems} from './validate.js';

/** Throws one MeshError listing every problem of the file. */
export async function readOverlayFile(
  file: string,
  readStdin: () => Promise<string> = readAllStdin,
): Promise<IstioOperator> {
  const problems: Problem[] = [];
  const operator = await loadOverlay(file, problems, readStdin);
  throwProblems(problems);
  return operator!;
}

/** The file as an IstioOperator, or undefined with its problems added to `problems`. */
export async function loadOverlay(
  file: string,
  problems: Problem[],
  readStdin: () => Promise<string> = readAllStdin,
): Promise<IstioOperator | undefined> {
  const operator = await collectAsync(problems, () => parseOverlay(file, readStdin));
  if (!operator) return undefined;
  const found = specProblems(operator.spec as Json, `-f ${file === '-' ? 'standard input' : file}`);
  problems.push(...found);
  return found.length ? undefined : operator;
}

async function parseOverlay(file: string, readStdin: () => Promise<string>): Promise<IstioOperator> {
  const label = file === '-' ? 'standard input' : file;
  const documents = parseDocuments(await readInput(file, readStdin), file);
  if (documents.length !== 1) {
    const hint =
      file === '-' && documents.length === 0 ? 'pipe an IstioOperator into standard input' : undefined;
    throw new MeshError(
      'not-one-document',
      `-f ${label}: expected exactly one IstioOperator document, found ${documents.length}`,
      {path: file, hint},
    );
  }
  const document = documents[0] as Partial<IstioOperator>;
  if (typeof document !== 'object' || Array.isArray(document) || document.kind !== 'IstioOperator') {
    const kind =
      typeof document === 'object' && document && 'kind' in document
        ? `kind ${String(document.kind)}`
        : 'no kind';
    throw new MeshError(
      'not-an-istiooperator',
      `-f ${label}: expected kind IstioOperator (install.istio.io/v1alpha1), found ${kind}`,
      {
        path: file,
      },
    );
  }
  if (document.apiVersion !== undefined && document.apiVersion !== 'install.istio.io/v1alpha1') {
    throw new MeshError(
      'wrong-api-version',
      `-f ${label}: apiVersion "${String(document.apiVersion)}" is not supported; expected install.istio.io/v1alpha1`,
      {path: file, hint: 'IstioOperator files start with `apiVersion: install.istio.io/v1alpha1`'},
    );
  }
  const spec = (document.spec ?? {}) as Json;
  return {
    apiVersion: 'install.istio.io/v1alpha1',
    kind: 'IstioOperator',
    metadata: document.metadata ?? {},
    spec: spec as IstioOperatorSpec,
  };
}

/** The text of one -f file (`-` reads standard input); an unreadable file is one clear error. */
export async function readInput(
  file: string,
  readStdin: () => Promise<string> = readAllStdin,
): Promise<string> {
  const label = file === '-' ? 'standard input' : file;
  let text: string;
  try {
    text = file === '-' ? await readStdin() : decodeUtf8(await readFile(file), label);
  } catch (error) {
    if (error instanceof MeshError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new MeshError('unreadable-file', `-f ${label}: cannot read: ${why}`, {
      path: file,
      hint: 'check the path given to -f',
    });
  }
  return text;
}

/** The text of UTF-8 bytes; anything else is refused with the offset of the first bad byte. */
export function decodeUtf8(bytes: Uint8Array, label: string): string {
  const offset = invalidUtf8Offset(bytes);
  if (offset >= 0) {
    throw new MeshError(
      'not-utf8',
      `-f ${label}: not UTF-8: invalid byte 0x${bytes[offset]!.toString(16).padStart(2, '0')} at byte offset ${offset}`,
      {path: label, hint: 'save the file as UTF-8'},
    );
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** Every non-empty YAML document of a -f file; invalid YAML is one error naming the line and column. */
export function parseDocuments(text: string, file: string): unknown[] {
  const label = file === '-' ? 'standard input' : file;
  let documents: unknown[];
  try {
    documents = yaml.loadAll(text).filter((doc) => doc !== null && doc !== undefined);
  } catch (error) {
    const e = error as {reason?: string; mark?: {line: number; column: number}};
    const where = e.mark ? ` at line ${e.mark.line + 1}, column ${e.mark.column + 1}` : '';
    throw new MeshError(
      'invalid-yaml',
      `-f ${label}: invalid YAML${where}: ${e.reason ?? (error as Error).message}`,
      {path: file},
    );
  }
  for (const document of documents) checkDocument(document, `-f ${label}`);
  return documents;
}

export async function readAllStdin(): Promise<string> {
  const {buffer} = await import('node:stream/consumers');
  return decodeUtf8(await buffer(process.stdin), 'standard input');
}
