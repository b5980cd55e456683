import { readdirSync, readFileSync } from "node:fs";

// Resident memory of a process and everything it started (Next.js may run its server in a child), from /proc.

/** RSS in MB of `pid` and its descendants (Linux); NaN where /proc is not available. */
export function treeRssMb(pid: number): number {
  try {
    const parents = new Map<number, number>();
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        // The command name is in parentheses and may contain spaces: the fields after the last ")" are fixed.
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
      } catch {
        // The process ended while we looked.
      }
    }
    const tree = new Set([pid]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [child, parent] of parents) {
        if (tree.has(parent) && !tree.has(child)) {
          tree.add(child);
          grew = true;
        }
      }
    }
    let kb = 0;
    for (const member of tree) {
      try {
        kb += Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${member}/status`, "utf8"))?.[1] ?? 0);
      } catch {
        // Gone.
      }
    }
    return kb / 1024;
  } catch {
    return Number.NaN;
  }
}

/** Samples treeRssMb every `everyMs` until stopped; returns the peak. */
export function sampleRss(pid: number, everyMs = 100): { stop: () => number } {
  let peak = treeRssMb(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, treeRssMb(pid));
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, treeRssMb(pid));
    },
  };
}
