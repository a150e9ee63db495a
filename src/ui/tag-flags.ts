/** The argument and flags shared by `mesh tag set` and `mesh tag generate` (istioctl's). */
import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import {MeshError} from '../errors.js';

export const tagArgs = {
  tag: Args.string({required: true, description: 'the revision tag, e.g. prod or default'}),
};

export const istioNamespaceFlag = Flags.string({
  char: 'i',
  description: 'namespace Istio is installed in',
  default: 'istio-system',
});

export const tagFlags = {
  revision: Flags.string({
    char: 'r',
    required: true,
    description: 'control plane revision the tag points at',
  }),
  overwrite: Flags.boolean({description: 'point an existing tag at this revision instead of refusing'}),
  'webhook-name': Flags.string({description: "name of the tag's MutatingWebhookConfiguration"}),
  'auto-inject-namespaces': Flags.boolean({
    description: 'with the tag "default": inject into every namespace without an injection label',
  }),
  'skip-confirmation': Flags.boolean({char: 'y', description: 'do not ask for confirmation'}),
  'istio-namespace': istioNamespaceFlag,
};

/** A tag becomes a label value and part of object names: a DNS-1123 label. */
export function checkTagName(tag: string): void {
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(tag))
    throw new MeshError('bad-tag', `invalid revision tag "${tag}": expected a DNS-1123 label (a-z, 0-9, -)`, {
      hint: 'e.g. prod, stable or default',
    });
}
