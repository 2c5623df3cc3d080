import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { liveMembers, signalGroup, waitGroupGone } from './process-group.ts';

describe('process group', () => {
  it('lists a group with its grandchildren, ends all of it, and notices when it is gone', async () => {
    // A group leader that starts a grandchild of its own.
    const leader = spawn('sh', ['-c', 'sleep 30 & sleep 30'], { detached: true, stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 200));
    expect(liveMembers(leader.pid!).length).toBeGreaterThanOrEqual(2);
    signalGroup(leader.pid!, 'SIGKILL');
    expect(await waitGroupGone(leader.pid!, 2000)).toBe(true);
    expect(liveMembers(leader.pid!)).toEqual([]);
  });

  it('is quiet about a group that does not exist', async () => {
    expect(() => signalGroup(2 ** 22 + 7, 'SIGTERM')).not.toThrow();
    expect(await waitGroupGone(2 ** 22 + 7, 100)).toBe(true);
  });
});
