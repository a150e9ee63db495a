/** The CLI's entry (bin/run.js imports its bundled form, dist/bundle/cli.js). */
export {execute} from '@oclif/core/execute';
