import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { assertPortFree, canConnect, freePort } from './ports';
import { startThrottleProxy, type ThrottleProxy } from './throttle-proxy';
import { waitFor } from './wait';

const run = promisify(execFile);

export interface StartOptions {
  /** Offer and require STARTTLS with a fresh self-signed certificate for localhost. */
  tls?: boolean;
  /** SQLite storage (as production servers use SQL) instead of Prosody's file storage. */
  sql?: boolean;
  /**
   * In-band registration (XEP-0077; mod_register): `open` lets anyone register (loopback is on
   * mod_register_limits's allowlist), `throttled` allows one registration per minute from any
   * address, `invite-only` needs an invitation (mod_invites_register), `captcha` adds a XEP-0158
   * style question with a data: URI image whose answer must be "glance". Each also refuses
   * passwords shorter than 8 characters, at registration and at a password change, the way
   * prosody-modules' mod_password_policy does (a small test module, `policy-violation`).
   * Without it, mod_register is not loaded: the server offers no registration.
   */
  registration?: 'open' | 'throttled' | 'invite-only' | 'captcha';
  /** Where to put the server's directory (config, data, log); default the OS temp directory. */
  parentDir?: string;
  /** Prosody's cap on an archive page (`max_archive_query_results`, 50 unless given). */
  archivePageCap?: number;
  /**
   * An XEP-0363 upload service: Prosody's `http_file_share` as the component `upload.localhost`,
   * with `mod_http` on its own free loopback port (`TestServer.httpPort`).
   */
  fileShare?: FileShareOptions;
  /**
   * A XEP-0045 `muc` component at MUC_DOMAIN with `muc_mam` (room archives) and Prosody's built-in
   * occupant-ids (XEP-0421), and XEP-0402 bookmarks on the host; only for tests that ask for it.
   */
  muc?: boolean;
  /** With `muc`: more Lua modules for the conference component (name → source), e.g. the bench's crowd of occupants. */
  mucModules?: Record<string, string>;
  /**
   * XEP-0054 vCard-temp, only for tests that ask for it: `true` as most servers offer it
   * (Prosody's `vcard_legacy`, which keeps a vCard's PHOTO in step with the XEP-0084 nodes);
   * `'stored'`, plain vCard storage (`vcard`), as servers without that mirroring do.
   */
  vcardTemp?: boolean | 'stored';
}

export interface FileShareOptions {
  /** Largest file in bytes (`http_file_share_size_limit`); Prosody's default is 10 MiB. */
  sizeLimit?: number;
  /** Bytes one account may upload per day (`http_file_share_daily_quota`). */
  dailyQuota?: number;
}

/** The test server's conference service, when started with `muc`. */
export const MUC_DOMAIN = 'conference.localhost';
/** The servers' `default_iteration_count`: at Prosody's default 10,000 SCRAM iterations @xmpp/client spends about 1 s per login. */
export const SCRAM_ITERATIONS = 16;

export interface Account {
  user: string;
  jid: string;
  password: string;
}

export interface TestServer {
  readonly domain: 'localhost';
  readonly host: '127.0.0.1';
  /** The c2s port. */
  readonly port: number;
  /** The HTTP port of the upload service (fileShare variant only). */
  readonly httpPort?: number;
  /** The upload service's address (fileShare variant only). */
  readonly uploadService?: string;
  /**
   * Slows uploads to the file service to `bytesPerSecond` (undefined: full speed again): slot URLs
   * point at a proxy in front of the HTTP port (fileShare variant only).
   */
  throttleUploads(bytesPerSecond: number | undefined): void;
  /** PID of the running Prosody; changes on restart. */
  readonly pid: number;
  /** Prosody's data_path. */
  readonly dataDir: string;
  /** PEM file of the self-signed certificate (tls variant only), e.g. to trust it as a CA. */
  readonly certificate?: string;
  /** Creates (or re-creates, replacing the password) an account; resolves with its bare JID. */
  register(user: string, password: string): Promise<string>;
  /** Creates `${prefix}1` … `${prefix}n`. */
  registerMany(n: number, prefix?: string, password?: string): Promise<Account[]>;
  /** Stops and starts Prosody on the same port and data. */
  restart(): Promise<void>;
  /** Stops Prosody (SIGTERM, SIGKILL after 3 s) and removes its directory. */
  stop(): Promise<void>;
  /** Prosody's log so far (and anything it printed). */
  log(): string;
}

const DOMAIN = 'localhost';
const UPLOAD_SERVICE = `upload.${DOMAIN}`;
const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 15_000;
const KILL_AFTER_MS = 3_000;
const REGISTER_CONCURRENCY = 4;
const REGISTER_ATTEMPTS = 8;
const SETPRIV = '/usr/bin/setpriv';

// Synchronous last-resort cleanups, so a crashed or killed test process never leaves Prosody running.
const cleanups = new Set<() => void>();
let safetyInstalled = false;

function installSafety(): void {
  if (safetyInstalled) return;
  safetyInstalled = true;
  const cleanAll = () => {
    for (const cleanup of cleanups) cleanup();
    cleanups.clear();
  };
  process.on('exit', cleanAll);
  // 'exit' does not run when a signal ends the process (Vitest stops its workers with SIGTERM).
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.once(signal, () => {
      cleanAll();
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

export async function startProsody(options: StartOptions = {}): Promise<TestServer> {
  installSafety();
  const server = new ProsodyProcess(mkdtempSync(path.join(options.parentDir ?? tmpdir(), 'glance-prosody-')));
  try {
    await server.configure(options);
    await server.launch();
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

class ProsodyProcess implements TestServer {
  readonly domain = DOMAIN;
  readonly host = HOST;
  port = 0;
  httpPort?: number;
  uploadService?: string;
  private uploadProxy?: ThrottleProxy;
  certificate?: string;
  readonly dataDir: string;
  private readonly configPath: string;
  private readonly logPath: string;
  private child?: ChildProcess;
  private output = '';
  private lastLog = '';
  private removed = false;
  private sql = false;
  private runLogStart = 0;
  private readonly killNow = () => {
    this.child?.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  };

  constructor(private readonly dir: string) {
    this.dataDir = path.join(dir, 'data');
    this.configPath = path.join(dir, 'prosody.cfg.lua');
    this.logPath = path.join(dir, 'prosody.log');
    cleanups.add(this.killNow);
  }

  get pid(): number {
    return this.child?.pid ?? -1;
  }

  async configure({
    tls = false,
    sql = false,
    registration,
    archivePageCap,
    fileShare,
    muc = false,
    mucModules = {},
    vcardTemp = false,
  }: StartOptions): Promise<void> {
    this.sql = sql;
    const certDir = path.join(this.dir, 'certs');
    mkdirSync(this.dataDir);
    mkdirSync(certDir);
    this.port = await freePort();
    if (fileShare) {
      this.httpPort = await freePort();
      this.uploadService = UPLOAD_SERVICE;
      this.uploadProxy = await startThrottleProxy(this.httpPort);
    }
    const tlsFiles = tls ? await makeCertificate(certDir) : undefined;
    this.certificate = tlsFiles?.cert;
    const { dir, dataDir, logPath, port, httpPort } = this;
    const upload = fileShare && httpPort && this.uploadProxy ? { ...fileShare, httpPort, externalPort: this.uploadProxy.port } : undefined;
    if (registration) writeFileSync(path.join(dir, `mod_${PASSWORD_POLICY_MODULE}.lua`), PASSWORD_POLICY_LUA);
    for (const [name, source] of Object.entries(mucModules)) writeFileSync(path.join(dir, `mod_${name}.lua`), source);
    const mucExtras = Object.keys(mucModules);
    writeFileSync(
      this.configPath,
      prosodyConfig({ dir, dataDir, certDir, logPath, port, tls: tlsFiles, sql, registration, archivePageCap, upload, muc, mucExtras, vcardTemp }),
    );
  }

  async launch(): Promise<void> {
    const { port } = this;
    await assertPortFree(port);
    if (this.httpPort) await assertPortFree(this.httpPort);
    const prosody = ['prosody', '-F', '--config', this.configPath];
    // The kernel kills Prosody if this process dies without running any handler (SIGKILL).
    const command = existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', 'KILL', '--', ...prosody] : prosody;
    this.runLogStart = existsSync(this.logPath) ? statSync(this.logPath).size : 0;
    const proc = spawn(command[0]!, command.slice(1), { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = proc;
    const capture = (chunk: Buffer) => (this.output += chunk.toString());
    proc.stdout?.on('data', capture);
    proc.stderr?.on('data', capture);
    proc.on('error', (error) => (this.output += `spawn error: ${error.message}\n`));

    const activated = `Activated service 'c2s' on [${HOST}]:${port}`;
    const state = await waitFor(
      async () => {
        if (proc.exitCode !== null || proc.signalCode !== null || !proc.pid) return 'exited';
        const log = this.runLog();
        // A taken port is only logged: Prosody keeps running without listening.
        if (log.includes('Failed to open server port')) return 'could not open its port';
        const httpUp = !this.httpPort || (await canConnect(this.httpPort));
        return log.includes(activated) && (await canConnect(port)) && httpUp && 'ready';
      },
      { timeout: START_TIMEOUT_MS, message: () => `Prosody to listen on ${HOST}:${port}\n${this.log()}` },
    ).catch((error: Error) => error);
    if (state !== 'ready') {
      await this.halt();
      throw state instanceof Error ? state : new Error(`Prosody ${state}:\n${this.log()}`);
    }
  }

  throttleUploads(bytesPerSecond: number | undefined): void {
    if (!this.uploadProxy) throw new Error('this test server has no file service');
    this.uploadProxy.throttle(bytesPerSecond);
  }

  async register(user: string, password: string): Promise<string> {
    const args = ['--config', this.configPath, 'register', user, DOMAIN, password];
    for (let attempt = 1; ; attempt++) {
      try {
        await run('prosodyctl', args, { cwd: this.dir });
        return `${user}@${DOMAIN}`;
      } catch (error) {
        const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
        // SQLite allows one writer and Prosody sets no busy timeout: prosodyctl fails rather than
        // waits while the server writes ("database is locked") or reads ("commit failed": its
        // commit cannot take the exclusive lock while the server holds a shared one).
        if (!/database is locked|commit failed/i.test(stdout + stderr) || attempt === REGISTER_ATTEMPTS) {
          throw new Error(`prosodyctl register ${user} failed: ${stdout}${stderr}`, { cause: error });
        }
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }

  async registerMany(n: number, prefix = 'user', password = 'password'): Promise<Account[]> {
    const accounts = Array.from({ length: n }, (_, i) => ({ user: `${prefix}${i + 1}`, jid: `${prefix}${i + 1}@${DOMAIN}`, password }));
    const concurrency = this.sql ? 1 : REGISTER_CONCURRENCY;
    for (let i = 0; i < n; i += concurrency) {
      await Promise.all(accounts.slice(i, i + concurrency).map((a) => this.register(a.user, password)));
    }
    return accounts;
  }

  async restart(): Promise<void> {
    await this.halt();
    await this.launch();
  }

  async stop(): Promise<void> {
    if (this.removed) return;
    await this.uploadProxy?.close();
    await this.halt();
    this.log();
    this.removed = true;
    rmSync(this.dir, { recursive: true, force: true });
    cleanups.delete(this.killNow);
  }

  log(): string {
    if (!this.removed && existsSync(this.logPath)) this.lastLog = readFileSync(this.logPath, 'utf8');
    return this.output ? `${this.lastLog}\n--- prosody stdout/stderr ---\n${this.output}` : this.lastLog;
  }

  private async halt(): Promise<void> {
    const proc = this.child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    // After "Shutdown complete" everything is closed and written, but Prosody's event loop still
    // idles until a 1 s timer (net.server_epoll) before it exits: don't wait for that.
    const shutDown = await waitFor(() => proc.exitCode !== null || proc.signalCode !== null || this.runLog().includes('Shutdown complete'), {
      timeout: KILL_AFTER_MS,
    }).catch(() => false);
    if (proc.exitCode === null && proc.signalCode === null) {
      if (!shutDown) this.output += `Prosody ignored SIGTERM for ${KILL_AFTER_MS} ms: killed\n`;
      proc.kill('SIGKILL');
    }
    await exited;
  }

  /** The log written since the current process was started. */
  private runLog(): string {
    return existsSync(this.logPath) ? readFileSync(this.logPath).subarray(this.runLogStart).toString() : '';
  }
}

async function makeCertificate(certDir: string): Promise<{ cert: string; key: string }> {
  const cert = path.join(certDir, 'localhost.crt');
  const key = path.join(certDir, 'localhost.key');
  await run('openssl', [
    'req',
    '-x509',
    '-nodes',
    '-days',
    '2',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  return { cert, key };
}

interface ConfigInput {
  dir: string;
  dataDir: string;
  certDir: string;
  logPath: string;
  port: number;
  tls?: { cert: string; key: string };
  sql: boolean;
  registration?: StartOptions['registration'];
  archivePageCap?: number;
  upload?: FileShareOptions & { httpPort: number; externalPort: number };
  muc: boolean;
  /** Modules of ours (written to `dir`) the conference component loads too. */
  mucExtras: string[];
  vcardTemp: boolean | 'stored';
}

const PASSWORD_POLICY_MODULE = 'glance_test_password_policy';
/** A 1×1 PNG. */
export const CAPTCHA_IMAGE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
/** A minimum length of 8, refused as prosody-modules' mod_password_policy refuses it. */
const PASSWORD_POLICY_LUA = `
local st = require "util.stanza";
local min_length = 8;
local reason = "Your password must be at least " .. min_length .. " characters long";
module:hook("user-registering", function (event)
  if event.password and #event.password < min_length then
    event.allowed = false;
    event.error = { type = "modify", condition = "policy-violation", text = reason };
  end
  local answer = module:get_option_string("glance_test_captcha_answer");
  if answer and (event.additional or {}).ocr ~= answer then
    event.allowed = false;
    event.error = { type = "modify", condition = "not-acceptable", text = "The CAPTCHA answer is wrong" };
  end
end);
module:hook("iq/self/jabber:iq:register:query", function (event)
  if event.stanza.attr.type ~= "set" then return end
  local password = event.stanza.tags[1]:get_child_text("password");
  if password and #password < min_length then
    event.origin.send(st.error_reply(event.stanza, "modify", "policy-violation", reason));
    return true;
  end
end, 10);
`;

function registrationSettings(registration: StartOptions['registration']): { modules: string[]; lines: string[] } {
  if (!registration) return { modules: [], lines: [] };
  const modules = ['register', PASSWORD_POLICY_MODULE];
  const lines = ['allow_registration = true'];
  if (registration === 'throttled') {
    modules.push('register_limits');
    // Loopback is on the allowlist by default, which would exempt every test client.
    lines.push('registration_allowlist = { }', 'registration_throttle_max = 1', 'registration_throttle_period = 60');
  }
  if (registration === 'captcha') {
    // XEP-0158 §4: the question with its image as media (XEP-0221), here a data: URI.
    const media = `media = { height = 1, width = 1, { type = "image/png", uri = ${lua(CAPTCHA_IMAGE)} } }`;
    lines.push(
      `additional_registration_fields = { { name = "ocr", type = "text-single", label = "Type the word in the picture", required = true, ${media} } }`,
      'glance_test_captcha_answer = "glance"',
    );
  }
  if (registration === 'invite-only') {
    modules.push('invites', 'invites_register');
    lines.push('registration_invite_only = true');
  }
  return { modules, lines };
}

function prosodyConfig({
  dir,
  dataDir,
  certDir,
  logPath,
  port,
  tls,
  sql,
  registration,
  archivePageCap,
  upload,
  muc,
  mucExtras,
  vcardTemp,
}: ConfigInput): string {
  const registering = registrationSettings(registration);
  const modules = [
    ...registering.modules,
    'roster',
    'saslauth',
    'disco',
    'carbons',
    'pep',
    'private',
    'blocklist',
    'vcard4',
    'mam',
    'smacks',
    'ping',
    'offline',
    'csi_simple',
    // Without mod_tls no STARTTLS is offered at all, whatever certificates Prosody finds.
    ...(tls ? ['tls'] : []),
    // XEP-0402 over PEP, mirrored to the older XEP-0048 storage.
    ...(muc ? ['bookmarks'] : []),
    ...(vcardTemp === 'stored' ? ['vcard'] : vcardTemp ? ['vcard_legacy'] : []),
  ];
  const lines = [
    process.getuid?.() === 0 ? 'run_as_root = true' : '',
    `pidfile = ${lua(path.join(dir, 'prosody.pid'))}`,
    registration || mucExtras.length ? `plugin_paths = { ${lua(dir)} }` : '',
    ...registering.lines,
    `data_path = ${lua(dataDir)}`,
    // Its own (empty unless tls) directory, so nothing is picked up from /etc/prosody/certs.
    `certificates = ${lua(certDir)}`,
    `log = { { levels = { min = ${lua(process.env.PROSODY_LOG_LEVEL ?? 'info')} }, to = "file", filename = ${lua(logPath)} } }`,
    'interfaces = { "127.0.0.1" }',
    `c2s_ports = { ${port} }`,
    'c2s_direct_tls_ports = { }',
    'legacy_ssl_ports = { }',
    'modules_disabled = { "s2s" }',
    `modules_enabled = { ${modules.map(lua).join(', ')} }`,
    'authentication = "internal_hashed"',
    `default_iteration_count = ${SCRAM_ITERATIONS}`,
    // Prosody keeps Nagle on by default: every round trip on loopback would wait ~40 ms.
    'network_settings = { nagle = false }',
    `c2s_require_encryption = ${tls ? 'true' : 'false'}`,
    'archive_expires_after = "never"',
    'default_archive_policy = true',
    `max_archive_query_results = ${archivePageCap ?? 50}`,
    sql ? 'storage = "sql"' : '',
    sql ? 'sql = { driver = "SQLite3", database = "prosody.sqlite" }' : '',
    `VirtualHost ${lua(DOMAIN)}`,
    tls ? `  ssl = { certificate = ${lua(tls.cert)}, key = ${lua(tls.key)} }` : '',
    ...(upload ? fileShareConfig(upload) : []),
    ...(muc ? mucComponent(mucExtras) : []),
  ];
  return lines.filter(Boolean).join('\n') + '\n';
}

/**
 * The HTTP options are global: coming after the VirtualHost, they are set under `Host "*"` (back
 * in the global section), then the component is declared.
 */
function fileShareConfig({ httpPort, externalPort, sizeLimit, dailyQuota }: FileShareOptions & { httpPort: number; externalPort: number }): string[] {
  return [
    'Host "*"',
    `  http_ports = { ${httpPort} }`,
    '  http_interfaces = { "127.0.0.1" }',
    '  https_ports = { }',
    // Slot URLs name the throttling proxy in front of the HTTP port; requests for 127.0.0.1 go to the component.
    `  http_external_url = ${lua(`http://127.0.0.1:${externalPort}/`)}`,
    `  http_default_host = ${lua(UPLOAD_SERVICE)}`,
    `Component ${lua(UPLOAD_SERVICE)} "http_file_share"`,
    sizeLimit !== undefined ? `  http_file_share_size_limit = ${sizeLimit}` : '',
    dailyQuota !== undefined ? `  http_file_share_daily_quota = ${dailyQuota}` : '',
  ];
}

/**
 * A conference service for group chat tests. Rooms are usable at once (no XEP-0045 §10.1.3 lock
 * waiting for a configuration), are archived by default, and occupant-ids are Prosody 0.12's own.
 */
function mucComponent(extras: string[]): string[] {
  return [
    `Component ${lua(MUC_DOMAIN)} "muc"`,
    `  modules_enabled = { ${['muc_mam', ...extras].map(lua).join(', ')} }`,
    '  muc_room_locking = false',
    '  muc_log_by_default = true',
    '  muc_log_all_rooms = false',
    '  restrict_room_creation = "local"',
  ];
}

function lua(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}
