export {
  confirmQuestion,
  orderForDeletion,
  planUninstall,
  removedLine,
  uninstallRef,
  REVISION_COMPONENTS,
  type UninstallPlan,
  type UninstallTarget,
} from './plan.js';
export {countProxies, groupByKind, runUninstall, type UninstallEvent, type UninstallOptions} from './run.js';
