import net from 'node:net';

/**
 * A loopback TCP proxy in front of a server, for fault tests: it can cut every connection (as a
 * network drop would: no stream close, both sides just see the socket go) and hold back what the
 * server sends, to deliver it later in one write (one TCP read on the other side).
 */
export interface TcpProxy {
  readonly port: number;
  /** Client connections currently open. */
  readonly open: number;
  /** Destroys every open connection, both sides. New connections are still accepted. */
  cut(): void;
  /**
   * Holds server→client data from the first chunk containing `marker` (on any connection) until
   * `release()`, which writes all of it to the client at once. One hold at a time.
   */
  holdFrom(marker: string): Hold;
  close(): Promise<void>;
}

export interface Hold {
  readonly triggered: boolean;
  /** What is held so far, as text. */
  held(): string;
  release(): void;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
}

interface HoldState {
  marker: string;
  pair?: Pair;
  chunks: Buffer[];
  released: boolean;
}

/** `listenPort`: listen there (a proxy closed earlier comes back on its port, as a network that returns). */
export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1', listenPort = 0): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let hold: HoldState | undefined;

  const server = net.createServer((client) => {
    const upstream = net.connect({ port: targetPort, host: targetHost });
    const pair: Pair = { client, upstream };
    pairs.add(pair);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    // Errors (resets after a cut) only end the pair.
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      const h = hold;
      if (h && !h.released && (h.pair === pair || (!h.pair && chunk.toString('utf8').includes(h.marker)))) {
        h.pair = pair;
        h.chunks.push(chunk);
        return;
      }
      client.write(chunk);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    get open() {
      return pairs.size;
    },
    cut() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
    },
    holdFrom(marker) {
      const state: HoldState = { marker, chunks: [], released: false };
      hold = state;
      return {
        get triggered() {
          return state.pair !== undefined;
        },
        held: () => Buffer.concat(state.chunks).toString('utf8'),
        release() {
          state.released = true;
          if (hold === state) hold = undefined;
          if (state.pair && !state.pair.client.destroyed) state.pair.client.write(Buffer.concat(state.chunks));
          state.chunks = [];
        },
      };
    },
    async close() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
