import {createInterface} from 'node:readline';
import {execa, type ResultPromise} from 'execa';
import {resolveOracle} from '../../scripts/lib/oracle.js';
import type {ChartRenderer} from '../../src/render/istio/chart-renderer.js';
import type {K8sObject} from '../../src/render/types.js';

/**
 * One `oracle serve` process (Helm v4's engine, tools/istio/oracle) answering JSON lines in order.
 * Tests share it per file; `close()` ends it.
 */
export interface OracleAnswer {
  files?: Record<string, string>;
  components?: {name: string; objects: Record<string, unknown>[]}[];
  warnings?: string[];
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
    const bin = await resolveOracle();
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

  /** istioctl's whole render (GenerateManifest) of IstioOperator files and --set flags. */
  async generate(files: string[], set: string[]): Promise<{name: string; objects: K8sObject[]}[]> {
    return (await this.generateLogged(files, set)).components;
  }

  /** GenerateManifest's components and what it logged as warnings (without istioctl's `❗ ` mark). */
  async generateLogged(
    files: string[],
    set: string[],
  ): Promise<{components: {name: string; objects: K8sObject[]}[]; warnings: string[]}> {
    const a = await this.request({op: 'generate', files, set});
    if (a.error !== undefined) throw new Error(`oracle generate: ${a.error}`);
    return {
      components: (a.components ?? []) as unknown as {name: string; objects: K8sObject[]}[],
      warnings: (a.warnings ?? []).map((line) => line.replace(/^❗ /, '')),
    };
  }

  /** Helm's engine as istioctl calls it, behind the render pipeline's seam (parity tests only). */
  chartRenderer(): ChartRenderer {
    return {
      render: async (chart, values, options) => {
        const a = await this.request({op: 'render', chart, namespace: options.namespace, values});
        if (a.error !== undefined) throw new Error(`oracle render ${chart}: ${a.error}`);
        return new Map(Object.entries(a.files ?? {}));
      },
    };
  }

  close(): void {
    this.child.stdin!.end();
  }
}
