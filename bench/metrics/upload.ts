import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { xml } from '@xmpp/client';
import { chatWith } from '../../src-shared/conversation';
import { createCore } from '../../test/support/core';
import { connectPeer } from '../../test/support/peer';
import { startProsody } from '../../test/support/prosody';
import { PASSWORD, type BenchContext } from '../lib/context';
import { measured, type MetricResult } from '../lib/report';
import { median, now } from '../lib/stats';

const run = promisify(execFile);
const UPLOAD = 'urn:xmpp:http:upload:0';
const MiB = 1024 * 1024;
const SIZE = 10 * MiB;
/**
 * A quick run's file: curl's PUT of 10 MB to Prosody's HTTP server takes seconds on this machine
 * (and so does Glance's first), so a quick run takes the same ratio on a smaller file.
 */
const QUICK_SIZE = 2 * MiB;

/**
 * #11: a 10 MB file through GlanceCore.sendFile (slot, PUT with progress, message) to Prosody's
 * http_file_share on loopback, against a bare `curl -T` of the same file to a fresh slot of the
 * same service in the same run (the slot is asked for before curl's clock starts; Glance's time
 * includes its own slot request and message). The row is Glance's throughput ÷ curl's per run.
 */
export async function uploadThroughput(ctx: BenchContext): Promise<MetricResult[]> {
  const runs = ctx.quick ? 1 : 5;
  const size = ctx.quick ? QUICK_SIZE : SIZE;
  const server = await startProsody({ fileShare: { sizeLimit: 16 * 1024 * 1024 }, parentDir: ctx.serverDir });
  const file = path.join(ctx.serverDir, `upload-${randomUUID()}.bin`);
  const bytes = new Uint8Array(randomBytes(size));
  writeFileSync(file, bytes);
  const harness = createCore();
  ctx.log(`#11 upload: ${size} bytes × ${runs} runs, Glance and curl`);
  try {
    const [me, friendJid] = await Promise.all([server.register('uploader', PASSWORD), server.register('watcher', PASSWORD)]);
    const friend = await connectPeer(server, friendJid, PASSWORD);
    const signIn = await harness.core.signIn({ jid: me, password: PASSWORD, server: `127.0.0.1:${server.port}`, remember: false });
    if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.error}`);
    await harness.waitForSnapshot((s) => s.upload !== null, 15_000);
    const ratios: number[] = [];
    const glanceMs: number[] = [];
    const curlMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = now();
      const result = await harness.core.sendFile({
        conversation: chatWith(friendJid),
        id: randomUUID(),
        name: 'bench.bin',
        mediaType: 'application/octet-stream',
        bytes,
      });
      const glance = now() - started;
      if (!result.ok) throw new Error(`upload failed: ${result.error}`);

      const slotResult = await friend.iq(
        xml(
          'iq',
          { type: 'get', to: server.uploadService },
          xml('request', { xmlns: UPLOAD, filename: 'curl.bin', size: String(size), 'content-type': 'application/octet-stream' }),
        ),
      );
      const put = slotResult.getChild('slot', UPLOAD)!.getChild('put')!;
      const headers = put.getChildren('header').flatMap((h) => ['-H', `${h.attrs.name as string}: ${h.text()}`]);
      const { stdout } = await run('curl', [
        '-sS',
        '-o',
        '/dev/null',
        '-w',
        '%{http_code} %{time_total}',
        '-T',
        file,
        '-H',
        'Content-Type: application/octet-stream',
        // curl asks for `100 Continue` before a large body and, as Prosody never answers one,
        // waits a second before sending it: a wait that is not the upload's (curl's `--expect100-timeout`).
        '-H',
        'Expect:',
        ...headers,
        put.attrs.url as string,
      ]);
      const [status, seconds] = stdout.trim().split(' ');
      if (status !== '201' && status !== '200') throw new Error(`curl's PUT answered ${status}`);
      const curl = Number(seconds) * 1000;
      glanceMs.push(glance);
      curlMs.push(curl);
      ratios.push(curl / glance);
    }
    await friend.stop();
    return [
      measured({
        id: '11',
        what: `${size / MiB} MB upload to the loopback server: Glance throughput ÷ curl -T`,
        target: '≥ 0.8× curl',
        unit: '×',
        samples: ratios,
        better: 'higher',
        rule: { on: 'median', op: '>=', value: 0.8 },
        notes: [
          `Median Glance sendFile (slot, PUT, message) ${median(glanceMs).toFixed(0)} ms; curl -T of the same file to a fresh slot ${median(curlMs).toFixed(0)} ms.`,
        ],
      }),
    ];
  } finally {
    await harness.core.stop().catch(() => undefined);
    await server.stop().catch(() => undefined);
    rmSync(file, { force: true });
  }
}
