// @ts-check
// Entry of dist/bench/render-istio.js (scripts/bundle.js): Istio's render as the CLI bundles it,
// for scripts/render-istio-once.js.
export {renderIstio} from '../../src/render/istio/index.js';
export {engineRenderer} from '../../src/render/istio/engine-renderer.js';
export {parseSet} from '../../src/spec/set-value.js';
