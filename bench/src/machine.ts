import { cpus, loadavg } from "node:os";

export interface Machine {
  cores: number;
  cpuModel: string;
  node: string;
  os: string;
}

export function describeMachine(): Machine {
  const list = cpus();
  return {
    cores: list.length,
    cpuModel: list[0]?.model.trim() || "unknown",
    node: process.version,
    os: `${process.platform} ${process.arch}`,
  };
}

/** The 1-minute load average, a plain measure of how busy the machine was. */
export function loadAverage(): number {
  return loadavg()[0] ?? 0;
}
