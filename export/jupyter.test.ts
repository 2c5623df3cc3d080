import { describe, expect, it } from 'vitest';
import { jupyterStrings, runSource, setupSource, sourceMarkdown } from './jupyter.ts';

describe('sourceMarkdown', () => {
  it('fences the source verbatim, longer than any backtick run in it, as TypeScript or Python', () => {
    const ts = 'const a = `x`;\n/* ``` */\n';
    expect(sourceMarkdown('notebooks/c/a.ts', ts, 'en')).toBe(
      `${jupyterStrings('en').sourceOf('notebooks/c/a.ts')}\n\n\`\`\`\`typescript\n${ts}\`\`\`\``,
    );
    expect(sourceMarkdown('notebooks/c/b.py', 'print(1)\n', 'zh-cn')).toMatch(/\n\n```python\nprint\(1\)\n```$/);
  });
});

describe('the cells that run it', () => {
  it('calls measure with the cell id, quoted', () => {
    expect(runSource('generator-overhead/calls')).toBe('await measure("generator-overhead/calls");');
  });
  it("writes a setup cell in the notebook's language that stops with a clear message outside a checkout", () => {
    const zh = setupSource('zh-cn');
    expect(zh).toContain('lang: "zh-cn"');
    expect(zh).toContain(JSON.stringify(jupyterStrings('zh-cn').notFound));
    expect(setupSource('en')).toContain('ASYNC_MEASURED_ROOT');
  });
});
