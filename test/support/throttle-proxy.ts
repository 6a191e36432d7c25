import net from 'node:net';

/**
 * A loopback TCP proxy that can slow the client→server direction to a given rate: a slow uplink,
 * so a test can act while an upload is still under way. Unthrottled it forwards at full speed.
 */
export interface ThrottleProxy {
  readonly port: number;
  /** Bytes per second from client to server from now on; undefined: no limit. */
  throttle(bytesPerSecond: number | undefined): void;
  close(): Promise<void>;
}

const TICK_MS = 50;

export async function startThrottleProxy(targetPort: number, host = '127.0.0.1'): Promise<ThrottleProxy> {
  let rate: number | undefined;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ port: targetPort, host });
    sockets.add(client).add(upstream);
    const queue: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const pump = () => {
      timer = undefined;
      let budget = rate === undefined ? Infinity : Math.max(1, Math.floor((rate * TICK_MS) / 1000));
      while (queue.length > 0 && budget > 0) {
        const head = queue[0]!;
        const part = head.subarray(0, Math.min(head.length, budget));
        upstream.write(part);
        budget -= part.length;
        if (part.length === head.length) queue.shift();
        else queue[0] = head.subarray(part.length);
      }
      if (queue.length > 0) timer = setTimeout(pump, TICK_MS);
      else client.resume();
    };
    client.on('data', (chunk) => {
      if (rate === undefined && queue.length === 0) {
        upstream.write(chunk);
        return;
      }
      queue.push(chunk);
      client.pause();
      timer ??= setTimeout(pump, 0);
    });
    upstream.pipe(client);
    const end = () => {
      if (timer) clearTimeout(timer);
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    throttle: (bytesPerSecond) => (rate = bytesPerSecond),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
