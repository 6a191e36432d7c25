import type { CommandName, EventName, Events } from './contract';

/** Frames of the preview's WebSocket transport. Imported by both ends, like the contract. */
export type ClientFrame = { t: 'call'; id: number; name: CommandName; request: unknown };
export type ServerFrame =
  | { t: 'reply'; id: number; ok: true; value: unknown }
  | { t: 'reply'; id: number; ok: false; error: string }
  | { [K in EventName]: { t: 'event'; name: K; payload: Events[K] } }[EventName];

export const BRIDGE_PATH = '/bridge';
