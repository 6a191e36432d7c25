import net from 'node:net';

/**
 * A loopback TCP proxy between a client and the test server, for fault and hostile-input tests.
 * Besides cutting connections (as a network drop would: no stream close) it can:
 * - stall them: every connection open now becomes a black hole in both directions (nothing is
 *   forwarded, a FIN is not passed on), as a network that silently stopped delivering; new
 *   connections are forwarded normally, so a client that notices can reconnect through it;
 * - inject bytes into the server→client direction of the newest connection, between two of the
 *   server's chunks, as if the server had sent them (how a test gets malformed XML, invalid
 *   UTF-8 or stanzas the server would never relay to the client);
 * - hold back what the server sends from a given point, to deliver it later in one write (one TCP
 *   read on the other side).
 */
export interface FaultProxy {
  readonly port: number;
  /** Connections currently forwarded (not stalled, not closed). */
  readonly open: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Destroys every connection, stalled ones included (a reset on both sides). */
  cut(): void;
  /** Black-holes every connection open now; returns how many. */
  stall(): number;
  /**
   * Writes to the client of the newest live connection; false when there is none. `stanzas`: how
   * many whole stanzas it holds. The client counts them for XEP-0198 though the server never sent
   * them, so the `h` of the client's `<a/>` on that connection is lowered by as many on its way to
   * the server, which would otherwise end the stream ("acknowledged more stanzas than sent").
   */
  inject(data: string | Buffer, stanzas?: number): boolean;
  /**
   * Writes `parts` to the newest live connection's client `gapMs` apart (separate TCP reads on the
   * other side), holding back what the server sends meanwhile so nothing lands between them.
   */
  injectApart(parts: Buffer[], gapMs?: number, stanzas?: number): Promise<boolean>;
  /** Resolves when the newest live connection has been quiet (nothing from the server) for `ms`. */
  quiet(ms?: number, timeout?: number): Promise<void>;
  /** Everything the server sent on the newest live connection so far, as text. */
  serverText(): string;
  /** Everything the client sent on the newest live connection so far, as text. */
  clientText(): string;
  /**
   * Holds server→client data from the first chunk containing `marker` (on any connection) until
   * `release()`, which writes all of it to the client at once. One hold at a time.
   */
  holdFrom(marker: string): Hold;
  /** Stream errors the server sent, with the tail of what the client had sent on that connection. */
  readonly streamErrors: { at: number; error: string; clientTail: string }[];
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
  stalled: boolean;
  lastServerData: number;
  fromServer: Buffer[];
  fromClient: Buffer[];
  /** While set, what the server sends waits here. */
  held?: Buffer[];
  /** Stanzas injected into this connection (see inject). */
  injected: number;
}

/** `listenPort`: listen there (a proxy closed earlier comes back on its port, as a network that returns). */
export async function startFaultProxy(targetPort: number, targetHost = '127.0.0.1', listenPort = 0): Promise<FaultProxy> {
  const pairs = new Set<Pair>();
  let newest: Pair | undefined;
  let accepted = 0;
  const streamErrors: FaultProxy['streamErrors'] = [];
  let hold: { marker: string; pair?: Pair; released: boolean } | undefined;

  // allowHalfOpen: a stalled connection must not answer the client's FIN with its own.
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    accepted += 1;
    const upstream = net.connect({ port: targetPort, host: targetHost, allowHalfOpen: true });
    const pair: Pair = { client, upstream, stalled: false, lastServerData: Date.now(), fromServer: [], fromClient: [], injected: 0 };
    pairs.add(pair);
    newest = pair;
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
    // A half close is passed on only while the connection is healthy.
    client.on('end', () => {
      if (!pair.stalled) upstream.end();
    });
    upstream.on('end', () => {
      if (!pair.stalled) client.end();
    });
    client.on('data', (chunk) => {
      if (pair.stalled || upstream.destroyed) return;
      pair.fromClient.push(chunk);
      upstream.write(pair.injected > 0 ? lowerAcks(chunk, pair.injected) : chunk);
    });
    upstream.on('data', (chunk) => {
      if (pair.stalled || client.destroyed) return;
      if (hold && !hold.pair && !hold.released && chunk.toString('utf8').includes(hold.marker)) {
        hold.pair = pair;
        pair.held = [];
      }
      if (pair.held) {
        pair.held.push(chunk);
        return;
      }
      pair.lastServerData = Date.now();
      pair.fromServer.push(chunk);
      const text = chunk.toString('utf8');
      const error = /<stream:error>.*?<\/stream:error>/s.exec(text);
      if (error) streamErrors.push({ at: Date.now(), error: error[0], clientTail: Buffer.concat(pair.fromClient).toString('utf8') });
      client.write(chunk);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  const live = () => (newest && pairs.has(newest) && !newest.stalled && !newest.client.destroyed ? newest : undefined);

  return {
    port,
    get open() {
      return [...pairs].filter((p) => !p.stalled).length;
    },
    get accepted() {
      return accepted;
    },
    streamErrors,
    cut() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
    },
    stall() {
      let n = 0;
      for (const pair of pairs) {
        if (!pair.stalled) n += 1;
        pair.stalled = true;
      }
      return n;
    },
    inject(data, stanzas = 0) {
      const pair = live();
      if (!pair) return false;
      pair.injected += stanzas;
      pair.client.write(data);
      return true;
    },
    async injectApart(parts, gapMs = 50, stanzas = 0) {
      const pair = live();
      if (!pair) return false;
      pair.injected += stanzas;
      pair.held = [];
      for (const [i, part] of parts.entries()) {
        if (i > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
        pair.client.write(part);
      }
      await new Promise((resolve) => setTimeout(resolve, gapMs));
      const held = pair.held;
      pair.held = undefined;
      if (held.length > 0 && !pair.client.destroyed) pair.client.write(Buffer.concat(held));
      return true;
    },
    holdFrom(marker) {
      const state: { marker: string; pair?: Pair; released: boolean } = { marker, released: false };
      hold = state;
      return {
        get triggered() {
          return state.pair !== undefined;
        },
        held: () => Buffer.concat(state.pair?.held ?? []).toString('utf8'),
        release() {
          state.released = true;
          if (hold === state) hold = undefined;
          const pair = state.pair;
          const held = pair?.held;
          if (!pair || !held) return;
          pair.held = undefined;
          if (held.length > 0 && !pair.client.destroyed) pair.client.write(Buffer.concat(held));
        },
      };
    },
    async quiet(ms = 150, timeout = 10_000) {
      const deadline = Date.now() + timeout;
      for (;;) {
        const pair = live();
        if (pair && Date.now() - pair.lastServerData >= ms) return;
        if (Date.now() > deadline) throw new Error(`proxy: no quiet live connection within ${timeout} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    clientText() {
      return live() ? Buffer.concat(live()!.fromClient).toString('utf8') : '';
    },
    serverText() {
      return live() ? Buffer.concat(live()!.fromServer).toString('utf8') : '';
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

/** `<a xmlns='urn:xmpp:sm:3' h='n'/>` with `n` lowered by `by` (the server never sent those). */
function lowerAcks(chunk: Buffer, by: number): Buffer {
  const text = chunk.toString('utf8');
  const lowered = text.replace(
    /(<a\s+xmlns=["']urn:xmpp:sm:3["']\s+h=["'])(\d+)(["'])/g,
    (_, head: string, h: string, tail: string) => `${head}${Math.max(0, Number(h) - by)}${tail}`,
  );
  return lowered === text ? chunk : Buffer.from(lowered, 'utf8');
}
