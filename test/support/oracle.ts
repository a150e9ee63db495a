import {createInterface} from 'node:readline';
import {execa, type ResultPromise} from 'execa';
import {resolveOracle} from '../../scripts/lib/oracle.js';

/**
 * One `oracle serve` process (Helm v4's engine, tools/istio/oracle) answering JSON lines in order.
 * Tests share it per file; `close()` ends it.
 */
export interface OracleAnswer {
  files?: Record<string, string>;
  components?: {name: string; objects: Record<string, unknown>[]}[];
  output?: string;
  error?: string;
}

export class Oracle {
  private readonly pending: ((a: OracleAnswer) => void)[] = [];

  private constructor(private readonly child: ResultPromise) {
    const lines = createInterface({input: child.stdout!});
    lines.on('line', (line) => this.pending.shift()?.(JSON.parse(line) as OracleAnswer));
  }

  static async start(): Promise<Oracle> {
    const bin = await (resolveOracle as () => Promise<string>)();
    const child = execa(bin, ['serve'], {stdin: 'pipe', stdout: 'pipe', stderr: 'inherit', buffer: false});
    child.catch(() => undefined);
    return new Oracle(child);
  }

  request(req: Record<string, unknown>): Promise<OracleAnswer> {
    return new Promise((resolve) => {
      this.pending.push(resolve);
      this.child.stdin!.write(`${JSON.stringify(req)}\n`);
    });
  }

  /** Renders one template text with Helm's engine; the text of templates/t.yaml, or its error. */
  async template(template: string, values: unknown = {}): Promise<{text?: string; error?: string}> {
    const a = await this.request({op: 'template', template, values});
    if (a.error !== undefined) return {error: a.error};
    return {text: a.files?.['t/templates/t.yaml'] ?? ''};
  }

  close(): void {
    this.child.stdin!.end();
  }
}
