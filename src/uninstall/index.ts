export {
  confirmQuestion,
  orderForDeletion,
  planUninstall,
  removedLine,
  revisions,
  uninstallRef,
  REVISION_COMPONENTS,
  type UninstallPlan,
  type UninstallTarget,
} from './plan.js';
export {countProxies, groupByKind, runUninstall, type UninstallEvent, type UninstallOptions} from './run.js';
