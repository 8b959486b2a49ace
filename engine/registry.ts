import type { Logger } from './log.js';
import type { ConnectionType, Scheme } from './scheme/types.js';
import { createQimenSource } from './sources/qimen/source.js';
import type { SourceConnector } from './sources/types.js';
import { createK3CloudTarget } from './targets/k3cloud/connector.js';
import type { TargetConnector } from './targets/types.js';

/** What a connector factory may be handed besides its connection settings. */
export interface ConnectorDeps {
  logger: Logger;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** One connection type: its role and its connector factory. */
interface ConnectionKind {
  role: 'source' | 'target';
  createSource?: (scheme: Scheme, name: string, deps: ConnectorDeps) => SourceConnector;
  createTarget?: (scheme: Scheme, name: string, deps: ConnectorDeps) => TargetConnector;
}

/**
 * The connection types ferry knows, keyed by the scheme's `type`. One entry per type, explicit
 * (no import side effects); test/registry.test.ts keeps these keys equal to the JSON Schema's.
 */
export const CONNECTION_TYPES = {
  qimen: {
    role: 'source',
    createSource: (scheme: Scheme, name: string, deps: ConnectorDeps): SourceConnector => {
      const conn = scheme.connections[name];
      if (conn?.type !== 'qimen') throw new TypeError(`connection ${name} is not qimen`);
      return createQimenSource(conn, scheme.source, deps);
    },
  },
  k3cloud: {
    role: 'target',
    createTarget: (scheme: Scheme, name: string, deps: ConnectorDeps): TargetConnector => {
      const conn = scheme.connections[name];
      if (conn?.type !== 'k3cloud') throw new TypeError(`connection ${name} is not k3cloud`);
      return createK3CloudTarget(conn, scheme.target, { ...deps, vars: scheme.vars ?? {} });
    },
  },
} as const satisfies Record<ConnectionType, ConnectionKind>;

/** The scheme's source connector. */
export function createSource(scheme: Scheme, deps: ConnectorDeps): SourceConnector {
  return CONNECTION_TYPES.qimen.createSource(scheme, scheme.source.connection, deps);
}

/** The scheme's target connector. */
export function createTarget(scheme: Scheme, deps: ConnectorDeps): TargetConnector {
  return CONNECTION_TYPES.k3cloud.createTarget(scheme, scheme.target.connection, deps);
}
