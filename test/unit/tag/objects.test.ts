/**
 * Oracle differential: the tag objects mesh builds equal what Istio's charts render for istioctl
 * (`values.revisionTags`, the `default` chart), completed from the revision's own injector webhook.
 */
import {execa} from 'execa';
import {beforeAll, describe, expect, it} from 'vitest';
import type {K8sObject} from '../../../src/cluster/kinds.js';
import {
  canonicalInjector,
  defaultValidator,
  NEVER_MATCH,
  tagService,
  tagWebhook,
  type WebhookConfiguration,
} from '../../../src/tag/objects.js';
import {tagTable} from '../../../src/tag/tags.js';
import {resolveOracle} from '../../../scripts/lib/oracle.js';

let oracle: string;
beforeAll(async () => {
  oracle = (await resolveOracle()) as string;
}, 1_500_000);

async function generate(sets: string[]): Promise<K8sObject[]> {
  const {stdout} = await execa(oracle, ['generate', ...sets.flatMap((s) => ['--set', s])]);
  const answer = JSON.parse(stdout) as {components: {objects: K8sObject[]}[]};
  return answer.components.flatMap((c) => c.objects);
}

async function renderChart(chart: string, values: object): Promise<string> {
  const request = JSON.stringify({op: 'render', chart, namespace: 'istio-system', values});
  const {stdout} = await execa(oracle, ['serve'], {input: `${request}\n`});
  const files = (JSON.parse(stdout.split('\n')[0]!) as {files: {[file: string]: string}}).files;
  return Object.entries(files).find(([file]) => file.endsWith('validatingwebhook.yaml'))![1];
}

const find = (objects: K8sObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name)!;

describe('revision tag objects (oracle: Istio 1.31 charts)', () => {
  it('tag prod → canary: the webhook and Service istioctl writes', async () => {
    const objects = await generate([
      'profile=empty',
      'components.pilot.enabled=true',
      'revision=canary',
      'values.revisionTags.[0]=prod',
      'values.global.istioNamespace=istio-system',
    ]);
    const canonical = canonicalInjector(
      find(objects, 'MutatingWebhookConfiguration', 'istio-sidecar-injector-canary') as WebhookConfiguration,
    )!;
    const options = {tag: 'prod', revision: 'canary', namespace: 'istio-system', userManaged: false};
    expect(tagWebhook(canonical, options)).toEqual(
      find(objects, 'MutatingWebhookConfiguration', 'istio-revision-tag-prod'),
    );
    expect(tagService(options)).toEqual(find(objects, 'Service', 'istiod-revision-tag-prod'));
  });

  it('tag default: also the default injection selectors, and istiod-default-validator', async () => {
    const objects = await generate([
      'profile=empty',
      'components.pilot.enabled=true',
      'revision=canary',
      'values.revisionTags.[0]=default',
      'values.sidecarInjectorWebhook.enableNamespacesByDefault=true',
    ]);
    const canonical = canonicalInjector(
      find(objects, 'MutatingWebhookConfiguration', 'istio-sidecar-injector-canary') as WebhookConfiguration,
    )!;
    const options = {
      tag: 'default',
      revision: 'canary',
      namespace: 'istio-system',
      userManaged: false,
      autoInjectNamespaces: true,
    };
    expect(tagWebhook(canonical, options)).toEqual(
      find(objects, 'MutatingWebhookConfiguration', 'istio-revision-tag-default'),
    );
    const yaml = await import('js-yaml');
    const rendered = await renderChart('default', {
      revision: 'canary',
      global: {istioNamespace: 'istio-system'},
    });
    const validator = yaml.loadAll(rendered).find(Boolean) as WebhookConfiguration;
    // istioctl merges the revision webhook's labels (minus app) over the chart's.
    const {app: _app, ...revisionLabels} = canonical.labels;
    void _app;
    validator.metadata.labels = {...validator.metadata.labels, ...revisionLabels};
    expect(defaultValidator(canonical, options)).toEqual(validator);
  });

  it('user-managed tags drop the installer labels; CA bundle, path and service come from the revision', () => {
    const hook: WebhookConfiguration = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingWebhookConfiguration',
      metadata: {
        name: 'istio-sidecar-injector-canary',
        labels: {
          app: 'sidecar-injector',
          'istio.io/rev': 'canary',
          'operator.istio.io/component': 'Pilot',
          'install.operator.istio.io/owning-resource': 'installed-state-canary',
        },
      },
      webhooks: [
        {
          name: 'rev.namespace.sidecar-injector.istio.io',
          clientConfig: {
            caBundle: 'Q0E=',
            service: {name: 'istiod-x', namespace: 'istio-system', path: '/inject/x'},
          },
        },
      ],
    };
    const made = tagWebhook(canonicalInjector(hook)!, {
      tag: 'prod',
      revision: 'canary',
      namespace: 'istio-system',
      userManaged: true,
    });
    expect(Object.keys(made.metadata.labels!).filter((k) => k.includes('operator.istio.io'))).toEqual([]);
    expect(made.webhooks![0]!.clientConfig).toEqual({
      caBundle: 'Q0E=',
      service: {name: 'istiod-x', namespace: 'istio-system', path: '/inject/x', port: 443},
    });
    expect(NEVER_MATCH).toEqual({matchLabels: {'istio.io/deactivated': 'never-match'}});
  });

  it('tag list prints as Go tabwriter does', () => {
    expect(
      tagTable([
        {tag: '', revision: 'default', namespaces: []},
        {tag: 'prod', revision: 'canary', namespaces: ['a', 'b']},
      ]),
    ).toEqual(['TAG  REVISION NAMESPACES', '     default  ', 'prod canary   a,b']);
  });
});
