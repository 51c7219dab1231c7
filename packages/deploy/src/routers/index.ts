/**
 * The routers, one line each: the `router` input names one, and its definition brings the schema of its settings,
 * their mapping and the router itself. Adding a router is its own file plus one line here.
 */
import { commandRouter } from './command.js';
import type { RouterDefinition, RouterSection } from './definition.js';
import { gatewayApiRouter } from './gateway-api.js';
import { haproxyRouter } from './haproxy.js';
import { istioRouter } from './istio.js';
import { kserveRouter } from './kserve.js';
import { nginxRouter } from './nginx.js';
import { sageMakerRouter } from './sagemaker.js';
import type { Router } from './types.js';

export const ROUTERS = {
  nginx: nginxRouter,
  haproxy: haproxyRouter,
  'gateway-api': gatewayApiRouter,
  istio: istioRouter,
  kserve: kserveRouter,
  sagemaker: sageMakerRouter,
  command: commandRouter,
} as const;

export type RouterKind = keyof typeof ROUTERS;
export const ROUTER_KINDS = Object.keys(ROUTERS) as RouterKind[];

type SettingsOf<Kind extends RouterKind> = ReturnType<(typeof ROUTERS)[Kind]['settings']>;
/** A router's kind with its settings, as the config file gave them. */
export type RouterSettings = { [Kind in RouterKind]: { kind: Kind; settings: SettingsOf<Kind> } }[RouterKind];

/** The definition of one kind, typed loosely: the registry's entries differ only in their settings type. */
function definitionOf(kind: RouterKind): RouterDefinition<unknown> {
  return ROUTERS[kind];
}

export function routerSchema(kind: RouterKind): object {
  return definitionOf(kind).schema;
}

export function routerSettings(kind: RouterKind, section: RouterSection): RouterSettings {
  return { kind, settings: definitionOf(kind).settings(section) } as RouterSettings;
}

export function createRouter(config: RouterSettings): Router {
  return definitionOf(config.kind).create(config.settings);
}

/** What to set when the shadow strategy needs a mirror the configured router does not have. */
export function mirrorHint(kind: RouterKind): string | undefined {
  return definitionOf(kind).mirrorHint;
}
