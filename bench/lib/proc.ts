import { readdirSync, readFileSync } from 'node:fs';

/** CPU time (user + system, ms) a process has used so far, from /proc; NaN when unreadable. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at state (field 3).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU time so far (ms) of every Chromium process this one started, directly or not (the browser,
 * renderer, GPU, network and storage processes). A process that already exited is not counted.
 */
export function chromiumCpuMs(): number {
  const parentOf = new Map<number, number>();
  const chromium = new Set<number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const pid = Number(entry);
      parentOf.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      if (/^\(chrom/.test(stat.slice(stat.indexOf('(')))) chromium.add(pid);
    } catch {
      // It exited while we read.
    }
  }
  const startedHere = (pid: number): boolean => {
    for (let at = parentOf.get(pid); at !== undefined && at > 1; at = parentOf.get(at)) if (at === process.pid) return true;
    return false;
  };
  let total = 0;
  for (const pid of chromium) if (startedHere(pid)) total += processCpuMs(pid) || 0;
  return total;
}

/** This process's CPU time so far (ms). */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The whole machine's CPU time so far (ms), busy and in total (all cores), from /proc/stat. */
export function machineCpuMs(): { busy: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
    const busy = user! + nice! + system! + irq! + softirq! + steal!;
    return { busy: busy * 10, total: (busy + idle! + iowait!) * 10 };
  } catch {
    return { busy: Number.NaN, total: Number.NaN };
  }
}

export interface CpuUse {
  prosodyMs: number;
  coreMs: number;
  /** Share of all cores busy (0..1), every process on the machine included. */
  machineBusy: number;
}

/** CPU used by Prosody, by this process (the core) and by the whole machine while `work` runs. */
export async function cpuDuring<T>(prosodyPid: number, work: () => Promise<T>): Promise<CpuUse & { value: T }> {
  const p0 = processCpuMs(prosodyPid);
  const c0 = ownCpuMs();
  const m0 = machineCpuMs();
  const value = await work();
  const m1 = machineCpuMs();
  return { value, prosodyMs: processCpuMs(prosodyPid) - p0, coreMs: ownCpuMs() - c0, machineBusy: (m1.busy - m0.busy) / Math.max(1, m1.total - m0.total) };
}
