// `npm run export` as a user runs it: every chapter becomes a notebook that nbformat's own schema
// accepts and that, read back, holds every cell of the chapter with its stored outputs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import Ajv from 'ajv';
import { makeSandbox, ROOT, userEnv, type Sandbox } from '../helpers/sandbox.ts';
import { listChapterSlugs } from '../../export/notebook-fs.ts';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function runExport(dir: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    // Without SITE_URL unless a test sets it, whatever the shell running the tests has.
    const withEnv = userEnv({ SITE_URL: '', BASE_PATH: '', ...env });
    execFile(
      process.execPath,
      ['--import', 'tsx', 'runners/bin/export.ts', ...args],
      { cwd: dir, env: withEnv, timeout: 120_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

interface Output {
  output_type: string;
  data: Record<string, string[]>;
}
interface Cell {
  id: string;
  cell_type: 'markdown' | 'code';
  source: string[];
  outputs?: Output[];
  metadata: { async_measured?: { cell: string; stale: boolean; provenance?: unknown } };
}
interface Nb {
  metadata: { kernelspec: { name: string }; async_measured: { chapter: string; source_url: string; lang: string } };
  cells: Cell[];
}

// The official schema declares draft-04; ajv speaks draft-07, which reads every keyword it uses alike.
const schema = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/nbformat.v4.5.schema.json'), 'utf8'));
delete schema.$schema;
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

/** What the chapter's own text says is in it: <Cell> ids in order, and its ## headings. */
function chapterOutline(mdx: string) {
  const prose = mdx.replace(/^```[\s\S]*?^```/gm, '');
  return {
    cells: [...prose.matchAll(/<Cell\b[^>]*?\bid="([^"]+)"/g)].map((m) => m[1]),
    headings: [...prose.matchAll(/^## (.+)$/gm)].map((m) => m[1].trim()),
  };
}

/** Markdown link targets that are not URLs with a scheme or in-page anchors: paths relative to the notebook. */
function relativeLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(<?([^)\s>]+)>?\)/g)].map((m) => m[1]).filter((u) => !/^[a-z][a-z0-9+.-]*:|^#/i.test(u));
}
/** Each embedded image as the bytes it holds. */
function embeddedImages(markdown: string): Buffer[] {
  return [...markdown.matchAll(/<img src="data:image\/svg\+xml;base64,([^"]+)"/g)].map((m) => Buffer.from(m[1], 'base64'));
}

let out: string;
beforeAll(() => (out = mkdtempSync(join(tmpdir(), 'am-export-'))));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npm run export', () => {
  const chapters = listChapterSlugs(ROOT);

  it('finds the chapters, and the schema is live (it rejects a cell id nbformat forbids)', () => {
    expect(chapters).toEqual(expect.arrayContaining(['servers', 'sync-vs-async', 'databases']));
    const cell = { id: 'servers/hello', cell_type: 'markdown', metadata: {}, source: [] };
    expect(validate({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell] })).toBe(false);
    expect(validate({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ ...cell, id: 'servers-hello' }] })).toBe(true);
  });

  it.each(chapters)('exports %s as a valid notebook that holds every cell and output of the chapter', async (slug) => {
    const file = join(out, `${slug}.ipynb`);
    const run = await runExport(ROOT, [slug, '--out', file]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`wrote ${file}: \\d+ cells`));
    const nb = JSON.parse(readFileSync(file, 'utf8')) as Nb;

    const valid = validate(nb);
    expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).toEqual([]);
    expect(valid).toBe(true);
    expect(nb.metadata.kernelspec.name).toBe('deno');
    // No SITE_URL: links lead from the written file into this checkout (the chapter's own source here).
    expect(nb.metadata.async_measured).toMatchObject({ chapter: slug, lang: 'en' });
    expect(resolve(dirname(file), nb.metadata.async_measured.source_url)).toBe(join(ROOT, 'content/docs/chapters', `${slug}.mdx`));

    const outline = chapterOutline(readFileSync(join(ROOT, 'content/docs/chapters', `${slug}.mdx`), 'utf8'));
    expect(outline.cells.length).toBeGreaterThan(0);
    // The experiments' code cells; the setup cell before them connects to the runner.
    const code = nb.cells.filter((c) => c.cell_type === 'code' && c.metadata.async_measured);
    expect(code.map((c) => c.metadata.async_measured?.cell)).toEqual(outline.cells);
    for (const c of code) {
      const id = c.metadata.async_measured!.cell;
      // A cell is TypeScript or, for the essay's own code, Python (.py, run on CPython): its source,
      // verbatim, is the Markdown code block just above the code cell that runs it.
      const python = !existsSync(join(ROOT, 'notebooks', `${id}.ts`));
      const own = readFileSync(join(ROOT, 'notebooks', `${id}${python ? '.py' : '.ts'}`), 'utf8');
      const shown = nb.cells[nb.cells.indexOf(c) - 1]!.source.join('');
      expect(shown, id).toContain(`\`\`\`${python ? 'python' : 'typescript'}\n${own.replace(/\n$/, '')}\n\`\`\``);
      expect(c.source.join(''), id).toBe(`await measure(${JSON.stringify(id)});`);
      if (!existsSync(join(ROOT, 'public/results', `${id}.json`))) continue;
      const svg = c.outputs!.find((o) => 'image/svg+xml' in o.data);
      const html = c.outputs!.find((o) => 'text/html' in o.data);
      expect(svg?.data['image/svg+xml'].join(''), id).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>$/);
      expect(html?.data['text/html'].join(''), id).toMatch(/<table>[\s\S]*<td/);
      expect(c.metadata.async_measured!.provenance, id).toMatchObject({ runtime: python ? 'cpython' : 'node' });
    }

    // The prose (not the experiments' sources, which are code).
    const markdown = nb.cells.filter((c) => c.cell_type === 'markdown' && !c.id.endsWith('-source')).map((c) => c.source.join(''));
    for (const h of outline.headings)
      expect(
        markdown.some((m) => m.includes(`## ${h}`)),
        h,
      ).toBe(true);
    expect(markdown.join('\n')).not.toMatch(/^import |<Cell|<Aside/m);

    // Every link works from where the file is: no made-up host, and each relative link reaches a file.
    expect(readFileSync(file, 'utf8').match(/[\w.:/-]*(?:example\.org|localhost)[\w./-]*/g) ?? []).toEqual([]);
    const links = relativeLinks(markdown.join('\n'));
    expect(links.length, 'the raw JSON links at least').toBeGreaterThan(0);
    for (const link of links) expect(existsSync(resolve(dirname(file), decodeURIComponent(link.replace(/#.*/, ''))))).toBe(true);
  });

  it('embeds the diagrams, byte for byte the files the site shows', async () => {
    const file = join(out, 'diagrams.ipynb');
    expect((await runExport(ROOT, ['servers', '--out', file])).status).toBe(0);
    const markdown = (JSON.parse(readFileSync(file, 'utf8')) as Nb).cells.map((c) => c.source.join('')).join('\n');
    expect(embeddedImages(markdown)).toEqual([readFileSync(join(ROOT, 'public/diagrams/io-models.svg'))]);
    expect(markdown).toMatch(/<img src="data:image\/svg\+xml;base64,[^"]+" alt="Five rows on a time axis[^"]*" width="760" height="470">/);
  });

  it('writes the same bytes twice', async () => {
    const a = join(out, 'a.ipynb');
    const b = join(out, 'b.ipynb');
    expect((await runExport(ROOT, ['servers', '--out', a])).status).toBe(0);
    expect((await runExport(ROOT, ['servers', '--out', b])).status).toBe(0);
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
  });

  it('makes links absolute under SITE_URL and BASE_PATH, as the build does', async () => {
    const file = join(out, 'based.ipynb');
    expect((await runExport(ROOT, ['servers', '--out', file], { SITE_URL: 'https://me.example', BASE_PATH: '/am/' })).status).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('https://me.example/am/chapters/generator-overhead/');
    expect(text).toContain('https://me.example/am/results/servers/hello.json');
    expect(relativeLinks((JSON.parse(text) as Nb).cells.map((c) => c.source.join('')).join('\n'))).toEqual([]);
    expect(text).not.toContain('example.org');
  });

  it('names an unknown chapter, lists the real ones, and exits 1', async () => {
    const run = await runExport(ROOT, ['no-such-chapter', '--out', join(out, 'x.ipynb')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^export: unknown chapter "no-such-chapter"\n {2}hint: chapters: .*servers/);
    expect(existsSync(join(out, 'x.ipynb'))).toBe(false);
  });

  it('asks which chapter when given none', async () => {
    const run = await runExport(ROOT, []);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/which chapter\?/);
  });
});

describe('npm run export in a copy of the project', () => {
  let box: Sandbox;
  beforeAll(() => {
    box = makeSandbox();
    rmSync(join(box.dir, 'content/docs/zh-cn'), { recursive: true, force: true });
  });
  afterAll(() => box.remove());

  it('exports an unmeasured cell without outputs, with a note saying how to measure it', async () => {
    rmSync(join(box.dir, 'public/results/servers/select1.json'));
    const file = join(out, 'unmeasured.ipynb');
    const run = await runExport(box.dir, ['servers', '--out', file]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/1 not measured yet/);
    const nb = JSON.parse(readFileSync(file, 'utf8')) as Nb;
    expect(validate(nb)).toBe(true);
    const i = nb.cells.findIndex((c) => c.metadata.async_measured?.cell === 'servers/select1');
    expect(nb.cells[i].outputs).toEqual([]);
    expect(nb.cells[i + 1].source.join('')).toContain('Measure it with `npm run bench -- servers/select1`');
  });

  it('says so when a chapter has no Chinese translation', async () => {
    const run = await runExport(box.dir, ['servers', '--lang', 'zh-cn', '--out', join(out, 'zh.ipynb')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/chapter "servers" has no zh-cn translation yet/);
  });

  it('exports the Chinese chapter with --lang zh-cn', async () => {
    const dir = join(box.dir, 'content/docs/zh-cn/chapters');
    mkdirSync(dir, { recursive: true });
    const en = readFileSync(join(box.dir, 'content/docs/chapters/generator-overhead.mdx'), 'utf8');
    writeFileSync(
      join(dir, 'generator-overhead.mdx'),
      en.replace(/^title: .*$/m, 'title: 生成器调用的代价').replace(/^## .*$/m, '## 第一节'),
    );
    const file = join(out, 'zh-ok.ipynb');
    const run = await runExport(box.dir, ['generator-overhead', '--lang', 'zh-cn', '--out', file]);
    expect(run.status, run.stderr).toBe(0);
    const nb = JSON.parse(readFileSync(file, 'utf8')) as Nb;
    expect(validate(nb)).toBe(true);
    expect(nb.metadata.async_measured).toMatchObject({ lang: 'zh-cn' });
    expect(resolve(dirname(file), nb.metadata.async_measured.source_url)).toBe(join(dir, 'generator-overhead.mdx'));
    expect(nb.cells[0].source.join('')).toMatch(/^# 生成器调用的代价/);
    expect(nb.cells.some((c) => c.source.join('').startsWith('## 第一节'))).toBe(true);
    expect(nb.cells.filter((c) => c.cell_type === 'code').length).toBeGreaterThan(0);
  });
});
