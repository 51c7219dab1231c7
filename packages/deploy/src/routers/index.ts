/** Builds the router named by the `router` input from its settings. */
import type { RouterSettings } from '../config.js';
import { CommandRouter } from './command.js';
import { GatewayApiRouter } from './gateway-api.js';
import { HaproxyRouter } from './haproxy.js';
import { IstioRouter } from './istio.js';
import { KserveRouter } from './kserve.js';
import { NginxRouter } from './nginx.js';
import { SageMakerRouter } from './sagemaker.js';
import type { Router } from './types.js';

export function createRouter(config: RouterSettings): Router {
  switch (config.kind) {
    case 'nginx':
      return new NginxRouter(config.settings);
    case 'haproxy':
      return new HaproxyRouter(config.settings);
    case 'gateway-api':
      return new GatewayApiRouter(config.settings);
    case 'istio':
      return new IstioRouter(config.settings);
    case 'kserve':
      return new KserveRouter(config.settings);
    case 'sagemaker':
      return new SageMakerRouter(config.settings);
    case 'command':
      return new CommandRouter(config.settings);
  }
}

export * from './types.js';
export * from './nginx.js';
export * from './haproxy.js';
export * from './kubernetes.js';
export * from './gateway-api.js';
export * from './istio.js';
export * from './kserve.js';
export * from './sagemaker.js';
export * from './command.js';
