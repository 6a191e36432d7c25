export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

/** Logs to stderr, with a level floor from GLANCE_LOG (debug, info, warn, error). */
export function consoleLogger(scope: string, level = process.env.GLANCE_LOG ?? 'info'): Logger {
  const order = ['debug', 'info', 'warn', 'error'];
  const floor = Math.max(0, order.indexOf(level));
  const at =
    (name: string) =>
    (message: string, ...details: unknown[]) => {
      if (order.indexOf(name) >= floor) console.error(`[${scope}] ${name}: ${message}`, ...details);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
