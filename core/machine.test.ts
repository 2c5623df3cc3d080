import { describe, expect, it } from 'vitest';
import { cpuSlug, MACHINE_ID, machineId, memoryGiB, osAndArch, parseMachineLabel } from './machine.ts';

const facts = { cpu: 'AMD EPYC 7763 64-Core Processor', cores: 4, memoryBytes: 16_772_907_008, os: 'Linux 6.8.0-1017-azure x64' };

describe('machine id', () => {
  it('is a readable slug of CPU, cores, memory, OS and arch, with a short hash', () => {
    const id = machineId(facts);
    expect(id).toMatch(/^amd-epyc-7763-4c-16g-linux-x64-[0-9a-f]{4}$/);
    expect(id).toMatch(MACHINE_ID);
  });

  it('is stable across kernel updates and small differences in reported memory', () => {
    expect(machineId({ ...facts, os: 'Linux 6.11.0-1002-azure x64', memoryBytes: 16_700_000_000 })).toBe(machineId(facts));
  });

  it('differs with cores, memory, arch, CPU model or label', () => {
    const id = machineId(facts);
    for (const other of [
      { ...facts, cores: 2 },
      { ...facts, memoryBytes: 8 * 2 ** 30 },
      { ...facts, os: 'Linux 6.8.0 arm64' },
      { ...facts, cpu: 'AMD EPYC 7763 64-Core Processor (rev 2)' },
      { ...facts, machine: 'ubuntu-24.04' },
    ])
      expect(machineId(other)).not.toBe(id);
  });

  it('puts the label first, as a slug', () => {
    expect(machineId({ ...facts, machine: 'Ubuntu 24.04' })).toMatch(/^ubuntu-24-04-amd-epyc-7763-4c-16g-linux-x64-[0-9a-f]{4}$/);
  });

  it('shortens CPU models and reads the OS field', () => {
    expect(cpuSlug('Intel(R) Xeon(R) Platinum 8272CL CPU @ 2.60GHz')).toBe('intel-xeon-platinum-8272cl');
    expect(cpuSlug('Apple M2')).toBe('apple-m2');
    expect(cpuSlug('')).toBe('cpu');
    expect(osAndArch('Darwin 24.1.0 arm64')).toEqual({ os: 'darwin', arch: 'arm64' });
    expect(osAndArch('Linux')).toEqual({ os: 'linux', arch: 'unknown' });
    expect(memoryGiB(1000)).toBe(1);
  });

  it('refuses a label without letters or digits', () => {
    expect(parseMachineLabel('--').ok).toBe(false);
    expect(parseMachineLabel('My Laptop!')).toEqual({ ok: true, value: 'my-laptop' });
  });
});
