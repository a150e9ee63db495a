/** The Istio release whose objects mesh renders (images, labels, installed-state). */
export const ISTIO_VERSION = '1.31.0';
export const DEFAULT_HUB = 'docker.io/istio';
/** Field manager for server-side apply; drift detection and ownership hang on it. */
export const FIELD_MANAGER = 'mesh';
