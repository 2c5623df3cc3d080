import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ledgerOf } from './ledgers-fs.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'am-ledgers-'));
  mkdirSync(join(root, 'content/ledgers/zh-cn'), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const write = (rel: string, data: unknown) => writeFileSync(join(root, rel), typeof data === 'string' ? data : JSON.stringify(data));
const claim = { id: 'poller', claim: 'poll beats kqueue', essay: '§3', untested: 'no poller on Node' };

describe('ledgerOf', () => {
  it('reads a ledger and its translation, words over the English', () => {
    write('content/ledgers/ch.json', { claims: [claim] });
    write('content/ledgers/zh-cn/ch.json', { poller: { claim: 'poll 胜过 kqueue' } });
    expect(ledgerOf(root, 'ch')!.claims[0]!.claim).toBe('poll beats kqueue');
    expect(ledgerOf(root, 'ch', 'zh-cn')!.claims[0]).toMatchObject({ claim: 'poll 胜过 kqueue', essay: '§3' });
    expect(ledgerOf(root, 'none')).toBeUndefined();
  });

  it('names the file and the field of a broken ledger or a stray translation', () => {
    write('content/ledgers/ch.json', '{ nope');
    expect(() => ledgerOf(root, 'ch')).toThrow(/content\/ledgers\/ch\.json is not valid JSON/);
    write('content/ledgers/ch.json', { claims: [{ ...claim, id: 'Bad Id' }] });
    expect(() => ledgerOf(root, 'ch')).toThrow(/content\/ledgers\/ch\.json: claims\.0\.id/);
    write('content/ledgers/ch.json', { claims: [claim] });
    write('content/ledgers/zh-cn/ch.json', { other: { claim: 'x' } });
    expect(() => ledgerOf(root, 'ch', 'zh-cn')).toThrow(/zh-cn\/ch\.json translates other/);
  });
});
