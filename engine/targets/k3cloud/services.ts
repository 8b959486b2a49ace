/**
 * K/3 Cloud WebAPI service names and URLs (spec §1.1, §1.4). One place for the long
 * `Kingdee.BOS.WebApi.ServicesStub.*` names so every caller uses the canonical casing.
 */
import { SERVICE_PREFIX } from './save-body.js';

/** Full service names of the calls ferry makes. */
export const K3_SERVICES = {
  validateUser: `${SERVICE_PREFIX}AuthService.ValidateUser`,
  loginByAppSecret: `${SERVICE_PREFIX}AuthService.LoginByAppSecret`,
  loginBySign: `${SERVICE_PREFIX}AuthService.LoginBySign`,
  logout: `${SERVICE_PREFIX}AuthService.Logout`,
  save: `${SERVICE_PREFIX}DynamicFormService.Save`,
  batchSave: `${SERVICE_PREFIX}DynamicFormService.BatchSave`,
  submit: `${SERVICE_PREFIX}DynamicFormService.Submit`,
  audit: `${SERVICE_PREFIX}DynamicFormService.Audit`,
  unAudit: `${SERVICE_PREFIX}DynamicFormService.UnAudit`,
  delete: `${SERVICE_PREFIX}DynamicFormService.Delete`,
  executeBillQuery: `${SERVICE_PREFIX}DynamicFormService.ExecuteBillQuery`,
} as const;

/** Normalises a configured base URL so it ends in exactly one `/`. */
export function normaliseBaseUrl(base: string): string {
  return base.endsWith('/') ? base : `${base}/`;
}

/** `{base}/{service}.common.kdsvc`, the URL every non-.NET client posts to. */
export function serviceUrl(base: string, service: string): string {
  return `${normaliseBaseUrl(base)}${service}.common.kdsvc`;
}

/** The method part of a service name (`BatchSave`), used as `remote.endpoint` and in log lines. */
export function shortServiceName(service: string): string {
  const dot = service.lastIndexOf('.');
  return dot < 0 ? service : service.slice(dot + 1);
}
