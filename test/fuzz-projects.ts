/**
 * Broken projects for the fuzz test (test/fuzz.test.ts): fast-check arbitraries for a plan of
 * mutations, and the code that applies a plan to a copy of a small project. A plan is plain data
 * (JSON), so a case that crashed can be printed, replayed and kept as a regression test.
 *
 * The mutations are those of issue 11: keys deleted or renamed, wrong types, huge and deeply
 * nested values, anchors and alias bombs, custom tags, duplicate keys, BOM/CRLF/tabs/NUL/invalid
 * UTF-8, empty files, folders and FIFOs where files belong, symlinks, thousands of items,
 * `__proto__`, impossible dates, payloads in text fields, paths leaving the project, hostile
 * deck file names and broken templates; and those of issue 24: values that contain themselves
 * through an alias, and templates nested thousands deep.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { dump, load } from 'js-yaml'
import { fileURLToPath } from 'node:url'

/** Text a shared dataset could carry in any field. */
export const PAYLOADS = [
  '<script>window.pwned = 1</script>',
  '<img src=x onerror="window.pwned = 2">',
  '" onerror="window.pwned = 3',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '<javascript:alert(1)>',
  '[x](vbscript:msgbox(1))',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![x](data:image/svg+xml,<svg onload=alert(1)>)',
  '[x][r]\n\n[r]: javascript:alert(1)',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  '{{constructor.constructor "alert(1)"}}',
  '{{> evil}}',
  '../../../../../../etc/passwd',
  '/etc/passwd',
  'file:///etc/passwd',
  '\u202Eevil\u202C',
  '\u0000nul',
  'é\u0301 漢字 🍵 \uFEFF',
  '%2e%2e%2f%2e%2e%2f',
  '</section></div><script>alert(1)</script>',
  '&lt;script&gt;',
  '  ',
  '',
] as const

/** Values that are the wrong type or shape almost anywhere. */
const WRONG_VALUES = [
  0, -1, 1e308, 3.14, true, false, null, [], {}, [[]], [null], { a: 1 }, '2023-02-30', '9999-99-99', '0000-00', '2024-13-01', 20240101, 'YYYY-MM',
  'kebab-Case', 'UPPER', 'has space', '-leading', 'a'.repeat(300),
] as const

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'] as const
const RENAMES = [...PROTO_KEYS, 'titel', 'layot', 'id ', ' id', 'Title', 'x', 'ids', 'from', 'where', 'sort'] as const

/** File names a deck could be saved under that are not plain ids. */
const DECK_NAMES = ['index.html.yaml', 'data.yaml', 'decks.yaml', 'templates.yaml', 'index.yaml', 'themes.yaml', '...yaml', 'a b.yaml', 'tea-talk.yml', 'x.yaml.yaml', '-dash.yaml', 'UPPER.yaml', 'é.yaml'] as const

export type YamlOp =
  | { op: 'delete-key'; pick: number }
  | { op: 'rename-key'; pick: number; to: string }
  | { op: 'set-value'; pick: number; value: unknown }
  /** A text value replaced by a payload: the types stay right, so the deck may still build. */
  | { op: 'set-text'; pick: number; text: string }
  | { op: 'repeat-entries'; pick: number; times: number }
export type TextOp =
  | { op: 'bom' | 'crlf' | 'tabs' | 'empty' | 'second-document' }
  | { op: 'insert'; at: number; text: string }
  | { op: 'bytes'; at: number; bytes: number[] }
  | { op: 'truncate'; at: number }
  | { op: 'custom-tag'; pick: number; tag: string }
  | { op: 'duplicate-line'; pick: number }
  | { op: 'alias-bomb'; width: number; depth: number }
  | { op: 'long-anchor'; length: number; copies: number }
  /** An anchored list or mapping holding its own alias: js-yaml builds a value that contains itself. */
  | { op: 'self-alias'; mapping: boolean; depth: number }
  | { op: 'oversize' }
export type FsOp = { op: 'folder' | 'fifo' | 'dangling-link' | 'link-loop' | 'link-outside' | 'remove' | 'link-outside-folder' }
export type AddOp =
  | { op: 'deck'; name: string; from: number }
  | { op: 'layout'; name: string; source: string }
  | { op: 'partial'; name: string; source: string }
  /** A layout or partial with blocks or sub-expressions nested `depth` deep (the limit is 100). */
  | { op: 'deep-template'; partial: boolean; name: string; kind: 'if' | 'else-if' | 'subexpression'; depth: number }
  /** A built-in layout with markup of a page's own at its end: a script that loops, prints, navigates…, or a read of a file outside the project. */
  | { op: 'page-layout'; name: string; markup: string }
  | { op: 'theme'; css: string }
  | { op: 'reference'; field: 'image' | 'logo' | 'theme' | 'item-image' | 'pptx'; target: string }

export type Mutation =
  | { kind: 'yaml'; file: number; change: YamlOp }
  | { kind: 'text'; file: number; change: TextOp }
  | { kind: 'fs'; file: number; change: FsOp }
  | { kind: 'add'; change: AddOp }

export interface Plan {
  base: 'tea-project' | 'three-decks'
  mutations: Mutation[]
}

const pick = fc.nat({ max: 10_000 })
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PAYLOADS) },
  { weight: 4, arbitrary: fc.constantFrom(...WRONG_VALUES) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 40_000 }).map((length) => 'x'.repeat(length)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 60 }).map((depth) => nested(depth)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 12_000 }).map((length) => Array.from({ length }, (_, index) => `p${index}`)) },
)
const nested = (depth: number): unknown => (depth === 0 ? 'deep' : [nested(depth - 1)])

const yamlOp: fc.Arbitrary<YamlOp> = fc.oneof(
  fc.record({ op: fc.constant('delete-key' as const), pick }),
  fc.record({ op: fc.constant('rename-key' as const), pick, to: fc.constantFrom(...RENAMES) }),
  { weight: 3, arbitrary: fc.record({ op: fc.constant('set-value' as const), pick, value }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('set-text' as const), pick, text: fc.constantFrom(...PAYLOADS) }) },
  fc.record({ op: fc.constant('repeat-entries' as const), pick, times: fc.oneof(fc.integer({ min: 2, max: 50 }), fc.integer({ min: 1_000, max: 12_000 })) }),
)
const textOp: fc.Arbitrary<TextOp> = fc.oneof(
  fc.record({ op: fc.constantFrom('bom' as const, 'crlf' as const, 'tabs' as const, 'empty' as const, 'second-document' as const) }),
  fc.record({ op: fc.constant('insert' as const), at: pick, text: fc.oneof(fc.constantFrom(...PAYLOADS), fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom(': ', '- ', '[', '{', '"', "'", '&a ', '*a', '? ', '|', '>', '%YAML 1.1\n', '\t', '#')) }),
  fc.record({ op: fc.constant('bytes' as const), at: pick, bytes: fc.array(fc.constantFrom(0x00, 0xff, 0xfe, 0xc3, 0x80, 0xed, 0xa0), { minLength: 1, maxLength: 4 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: pick }),
  fc.record({ op: fc.constant('custom-tag' as const), pick, tag: fc.constantFrom('!foo', '!!binary', '!!js/function', '!!python/object', '!!timestamp', '!!set', '!!omap', '!!int', '!<tag:x>') }),
  fc.record({ op: fc.constant('duplicate-line' as const), pick }),
  fc.record({ op: fc.constant('alias-bomb' as const), width: fc.integer({ min: 2, max: 12 }), depth: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ op: fc.constant('long-anchor' as const), length: fc.integer({ min: 100, max: 19_000 }), copies: fc.integer({ min: 1, max: 1_500 }) }),
  fc.record({ op: fc.constant('self-alias' as const), mapping: fc.boolean(), depth: fc.integer({ min: 0, max: 4 }) }),
  { weight: 1, arbitrary: fc.constant({ op: 'oversize' as const }) },
)
const fsOp: fc.Arbitrary<FsOp> = fc.record({ op: fc.constantFrom('folder' as const, 'fifo' as const, 'dangling-link' as const, 'link-loop' as const, 'link-outside' as const, 'remove' as const, 'link-outside-folder' as const) })

const BROKEN_TEMPLATES = ['{{#if slide.title}}', '{{slide.title', '{{/each}}', '{{> nowhere}}', '{{nohelper slide.title}}', '{{slide.no.such}}', '{{{{raw}}}}', '{{!-- talkdeck: selection=maybe --}}<p></p>', '<h2>{{md slide.title}}</h2>{{> cite}}', ''] as const
const OUTSIDE_TARGETS = ['OUTSIDE', '../../outside/sentinel.png', '../../../../../../etc/hostname', '/etc/passwd', 'LINK', 'https://example.org/x.png', 'javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', '.', '..', 'pictures/'] as const
const addOp: fc.Arbitrary<AddOp> = fc.oneof(
  fc.record({ op: fc.constant('deck' as const), name: fc.constantFrom(...DECK_NAMES), from: pick }),
  fc.record({ op: fc.constant('layout' as const), name: fc.constantFrom('bullets', 'title', 'sources', 'speaker', 'new-one'), source: fc.constantFrom(...BROKEN_TEMPLATES) }),
  fc.record({ op: fc.constant('partial' as const), name: fc.constantFrom('cite', 'points', 'item-meta', 'evil'), source: fc.constantFrom(...BROKEN_TEMPLATES) }),
  fc.record({
    op: fc.constant('deep-template' as const),
    partial: fc.boolean(),
    name: fc.constantFrom('bullets', 'title', 'cards', 'cite', 'points'),
    kind: fc.constantFrom('if' as const, 'else-if' as const, 'subexpression' as const),
    depth: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 101, max: 5_000 })),
  }),
  fc.record({
    op: fc.constant('theme' as const),
    css: fc.constantFrom(
      '.reveal { background: url(../../../outside/sentinel.png) }',
      '.reveal { background: url("LINK") }',
      '@import "../../../outside/x.css";',
      '.reveal { background: url(file:///etc/passwd) }',
      '.reveal { background: url(/etc/hostname) }',
      '.reveal { background: url(missing.png) }',
      '.reveal { background: url(\\2e\\2e/x.png) }',
      '/* fine */ .reveal { color: red }',
    ),
  }),
  fc.record({ op: fc.constant('reference' as const), field: fc.constantFrom('image' as const, 'logo' as const, 'theme' as const, 'item-image' as const, 'pptx' as const), target: fc.constantFrom(...OUTSIDE_TARGETS) }),
)

/**
 * What a layout of a project's own can put in every page talkdeck shows: scripts that never end,
 * wait for a person, print, navigate or rewrite the page, and reads of files outside the project
 * (OUTSIDE is the folder beside it holding the sentinel).
 */
export const PAGE_MARKUP = [
  '<script>addEventListener("load",()=>setTimeout(()=>{for(;;){}},0))</script>',
  '<script>for(;;){}</script>',
  '<script>addEventListener("load",()=>{const kept=[];for(;;){kept.push(new Array(1e6).fill(1))}})</script>',
  '<script>alert("x")</script>',
  '<script>confirm("x")</script>',
  '<script>print()</script>',
  '<script>setTimeout(()=>{location.href="about:blank"},0)</script>',
  '<script>window.close()</script>',
  '<script>addEventListener("load",()=>{document.open();document.write("<p>gone</p>");document.close()})</script>',
  '<script>document.write("<p>written</p>")</script>',
  '<iframe src="file:///etc/passwd"></iframe>',
  '<iframe src="file://OUTSIDE/sentinel.png"></iframe>',
  '<object data="file://OUTSIDE/sentinel.png"></object>',
  '<embed src="file:///etc/passwd">',
  '<img src="file://OUTSIDE/sentinel.png" alt="x">',
  '<link rel="stylesheet" href="file:///etc/passwd">',
  '<style>.reveal{background:url(file://OUTSIDE/sentinel.png)}</style>',
  '<script>fetch("file:///etc/passwd").then((r)=>r.text()).then((t)=>document.body.append(t))</script>',
] as const
const BUILT_IN_LAYOUTS = fileURLToPath(new URL('../templates/layouts', import.meta.url))

/** Plans for export cases: one layout with markup of its own, and at most one other mutation (so that most decks still get to the browser). */
export const pagePlanArbitrary: fc.Arbitrary<Plan> = fc.record({
  base: fc.constantFrom('tea-project' as const, 'three-decks' as const),
  mutations: fc.tuple(
    fc.record({ kind: fc.constant('add' as const), change: fc.record({ op: fc.constant('page-layout' as const), name: fc.constantFrom('bullets', 'title', 'cards', 'sources'), markup: fc.constantFrom(...PAGE_MARKUP) }) }),
    fc.array(fc.record({ kind: fc.constant('yaml' as const), file: pick, change: fc.record({ op: fc.constant('set-text' as const), pick, text: fc.constantFrom(...PAYLOADS) }) }), { maxLength: 1 }),
  ).map(([page, others]): Mutation[] => [page, ...others]),
})

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('yaml' as const), file: pick, change: yamlOp }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('text' as const), file: pick, change: textOp }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('fs' as const), file: pick, change: fsOp }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('add' as const), change: addOp }) },
)

export const planArbitrary: fc.Arbitrary<Plan> = fc.record({
  base: fc.constantFrom('tea-project' as const, 'three-decks' as const),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
})

/** Plans for build cases: fewer mutations, payloads in text more often, so that some decks build. */
export const buildPlanArbitrary: fc.Arbitrary<Plan> = fc.record({
  base: fc.constantFrom('tea-project' as const, 'three-decks' as const),
  mutations: fc.array(
    fc.oneof({ weight: 3, arbitrary: fc.record({ kind: fc.constant('yaml' as const), file: pick, change: fc.record({ op: fc.constant('set-text' as const), pick, text: fc.constantFrom(...PAYLOADS) }) }) }, { weight: 2, arbitrary: mutation }),
    { minLength: 0, maxLength: 3 },
  ),
})

/** Where a `--out` points in a build case, and what is there before. */
export type OutChoice = 'default' | 'previous-build' | 'absolute-previous-build' | 'unmarked-folder' | 'file-in-the-way' | '.' | '..' | 'data' | 'decks/out' | 'a-file'
export const outArbitrary: fc.Arbitrary<OutChoice> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('default' as const, 'previous-build' as const, 'absolute-previous-build' as const) },
  { weight: 3, arbitrary: fc.constantFrom('unmarked-folder' as const, 'file-in-the-way' as const, '.' as const, '..' as const, 'data' as const, 'decks/out' as const, 'a-file' as const) },
)

// ---- applying a plan ----------------------------------------------------------------------------

/** Files of the project a mutation can pick, in a stable order. */
function projectFiles(root: string, filter: (file: string) => boolean): string[] {
  const found: string[] = []
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name)
      const info = lstatSync(full)
      if (info.isDirectory()) walk(full)
      else if (info.isFile() && filter(full)) found.push(full)
    }
  }
  walk(root)
  return found
}
const isYaml = (file: string) => /\.ya?ml$/.test(file)

/** Nodes of parsed YAML: [parent, key] pairs, mappings' keys and lists' indexes. */
function nodes(root: unknown): { parent: Record<string | number, unknown>; key: string | number }[] {
  const found: { parent: Record<string | number, unknown>; key: string | number }[] = []
  const seen = new Set<unknown>()
  const visit = (value: unknown) => {
    if (!value || typeof value !== 'object' || seen.has(value) || found.length > 5_000) return
    seen.add(value)
    for (const key of Object.keys(value)) {
      found.push({ parent: value as Record<string, unknown>, key: Array.isArray(value) ? Number(key) : key })
      visit((value as Record<string, unknown>)[key])
    }
  }
  visit(root)
  return found
}

function setOwn(target: Record<string | number, unknown>, key: string | number, value: unknown): void {
  // `__proto__` as a key of its own, as YAML makes it, not the prototype.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

function applyYaml(file: string, change: YamlOp): void {
  let data: unknown
  try {
    data = load(readFileSync(file, 'utf8'))
  } catch {
    return
  }
  const all = nodes(data).filter(({ parent, key }) => change.op !== 'set-text' || typeof parent[key] === 'string')
  const node = all[change.pick % Math.max(all.length, 1)]
  if (!node) return
  const { parent, key } = node
  if (change.op === 'delete-key') {
    if (Array.isArray(parent)) parent.splice(Number(key), 1)
    else delete parent[key]
  } else if (change.op === 'rename-key') {
    if (Array.isArray(parent)) return
    const moved = parent[key]
    delete parent[key]
    setOwn(parent, change.to, moved)
  } else if (change.op === 'set-value') {
    setOwn(parent, key, change.value)
  } else if (change.op === 'set-text') {
    setOwn(parent, key, change.text)
  } else {
    const list = Array.isArray(parent[key]) ? (parent[key] as unknown[]) : Array.isArray(parent) ? parent : undefined
    if (!list?.length) return
    const copies = list.slice()
    while (list.length < Math.min(copies.length * change.times, 12_000)) list.push(...copies)
  }
  writeFileSync(file, dump(data, { lineWidth: -1 }))
}

function applyText(file: string, change: TextOp): void {
  let bytes: Buffer
  try {
    bytes = readFileSync(file)
  } catch {
    return
  }
  const text = bytes.toString('utf8')
  const lines = text.split('\n')
  const at = (n: number) => n % (bytes.length + 1)
  let next: Buffer | string
  switch (change.op) {
    case 'bom':
      next = `\uFEFF${text}`
      break
    case 'crlf':
      next = text.replace(/\n/g, '\r\n')
      break
    case 'tabs':
      next = text.replace(/^( {2})+/gm, (indent) => '\t'.repeat(indent.length / 2))
      break
    case 'empty':
      next = ''
      break
    case 'second-document':
      next = `${text}\n---\n${text}`
      break
    case 'insert':
      next = Buffer.concat([bytes.subarray(0, at(change.at)), Buffer.from(change.text), bytes.subarray(at(change.at))])
      break
    case 'bytes':
      next = Buffer.concat([bytes.subarray(0, at(change.at)), Buffer.from(change.bytes), bytes.subarray(at(change.at))])
      break
    case 'truncate':
      next = bytes.subarray(0, at(change.at))
      break
    case 'custom-tag': {
      const candidates = lines.map((line, index) => (/: \S/.test(line) ? index : -1)).filter((index) => index >= 0)
      const index = candidates[change.pick % Math.max(candidates.length, 1)]
      if (index !== undefined) lines[index] = (lines[index] ?? '').replace(/: /, `: ${change.tag} `)
      next = lines.join('\n')
      break
    }
    case 'duplicate-line': {
      const index = change.pick % lines.length
      lines.splice(index, 0, lines[index] ?? '')
      next = lines.join('\n')
      break
    }
    case 'alias-bomb': {
      const levels = [`  bomb0: &b0 [${Array.from({ length: change.width }, () => 'lol').join(', ')}]`]
      for (let level = 1; level <= change.depth; level++) levels.push(`  bomb${level}: &b${level} [${Array.from({ length: change.width }, () => `*b${level - 1}`).join(', ')}]`)
      next = text.trimStart().startsWith('-') ? `${text}\n- id: bomb\n${levels.join('\n')}\n` : `${text}\nbombs:\n${levels.join('\n')}\n`
      break
    }
    case 'long-anchor': {
      const entry = `  title: &long "${'y'.repeat(change.length)}"\n  points: [${Array.from({ length: change.copies }, () => '*long').join(', ')}]`
      next = text.trimStart().startsWith('-') ? `${text}\n- id: long\n${entry}\n` : `${text}\nlong:\n${entry}\n`
      break
    }
    case 'oversize':
      next = `${text}\n# ${'z'.repeat(5 * 1024 * 1024)}\n`
      break
    case 'self-alias': {
      const value = `${change.mapping ? '&self {x: ' : '&self ['}${'['.repeat(change.depth)}*self${']'.repeat(change.depth)}${change.mapping ? '}' : ']'}`
      next = text.trimStart().startsWith('-') ? `${text}\n- id: self\n  title: ${value}\n` : `${text}\nself: ${value}\n`
      break
    }
  }
  writeFileSync(file, next)
}

function applyFs(file: string, change: FsOp, outside: string): void {
  rmSync(file, { recursive: true, force: true })
  switch (change.op) {
    case 'folder':
      mkdirSync(file)
      break
    case 'fifo':
      execFileSync('mkfifo', [file])
      break
    case 'dangling-link':
      symlinkSync('does-not-exist', file)
      break
    case 'link-loop':
      symlinkSync(path.basename(file), file)
      break
    case 'link-outside':
      symlinkSync(path.join(outside, isYaml(file) ? 'outside.yaml' : 'sentinel.png'), file)
      break
    case 'link-outside-folder':
      symlinkSync(outside, file)
      break
    case 'remove':
      break
  }
}

/** `target` of a reference, with OUTSIDE and LINK made real. */
function referenceTarget(target: string, outside: string, from: string): string {
  if (target === 'OUTSIDE') return path.join(outside, 'sentinel.png')
  if (target === 'LINK') {
    const link = path.join(from, 'link.png')
    if (!existsSync(link)) symlinkSync(path.join(outside, 'sentinel.png'), link)
    return 'link.png'
  }
  return target
}

/** Writes a file in place of whatever is there: a FIFO an earlier mutation made would block the write. */
function writeFresh(file: string, content: string | Buffer): void {
  rmSync(file, { recursive: true, force: true })
  writeFileSync(file, content)
}

function applyAdd(root: string, change: AddOp, outside: string): void {
  const decks = projectFiles(path.join(root, 'decks'), isYaml)
  const firstDeck = decks[0]
  switch (change.op) {
    case 'deck': {
      const source = decks[change.from % Math.max(decks.length, 1)]
      writeFresh(path.join(root, 'decks', change.name), source ? readFileSync(source) : 'title: x\n')
      break
    }
    case 'layout':
    case 'partial': {
      const folder = path.join(root, 'templates', change.op === 'layout' ? 'layouts' : 'partials')
      mkdirSync(folder, { recursive: true })
      writeFresh(path.join(folder, `${change.name}.hbs`), change.source)
      break
    }
    case 'deep-template': {
      const folder = path.join(root, 'templates', change.partial ? 'partials' : 'layouts')
      mkdirSync(folder, { recursive: true })
      writeFresh(path.join(folder, `${change.name}.hbs`), deepTemplate(change.kind, change.depth))
      break
    }
    case 'page-layout': {
      const folder = path.join(root, 'templates', 'layouts')
      mkdirSync(folder, { recursive: true })
      const builtIn = readFileSync(path.join(BUILT_IN_LAYOUTS, `${change.name}.hbs`), 'utf8')
      writeFresh(path.join(folder, `${change.name}.hbs`), `${builtIn}\n${change.markup.replaceAll('OUTSIDE', outside)}\n`)
      break
    }
    case 'theme': {
      const folder = path.join(root, 'templates', 'themes')
      mkdirSync(folder, { recursive: true })
      if (change.css.includes('LINK') && !existsSync(path.join(folder, 'LINK'))) symlinkSync(path.join(outside, 'sentinel.png'), path.join(folder, 'LINK'))
      writeFresh(path.join(folder, 'fuzzed.css'), change.css)
      for (const deck of decks) editDeck(deck, 'theme', 'fuzzed')
      break
    }
    case 'reference': {
      if (change.field === 'item-image') {
        const file = path.join(root, 'data', 'tea', 'advantages.yaml')
        const target = referenceTarget(change.target, outside, path.dirname(file))
        if (existsSync(file) && lstatSync(file).isFile()) writeFileSync(file, readFileSync(file, 'utf8').replace('  sources:', `  image: { src: ${JSON.stringify(target)}, alt: x }\n  sources:`))
        break
      }
      if (!firstDeck) break
      const target = referenceTarget(change.target, outside, path.dirname(firstDeck))
      if (change.field === 'theme') editDeck(firstDeck, 'theme', target.endsWith('/') ? target : `${target}.css`)
      else if (change.field === 'logo') editDeck(firstDeck, 'branding', { logo: target })
      else if (change.field === 'pptx') editDeck(firstDeck, 'pptx', { template: `${target}.pptx` })
      else editDeck(firstDeck, 'slides', (slides: unknown) => (Array.isArray(slides) ? [...slides, { layout: 'bullets', title: 'Picture', image: { src: target, alt: 'x' }, sources: ['iso-3103'], notes: 'n' }] : slides))
      break
    }
  }
}

/** A template nesting `depth` blocks, "else if"s or sub-expressions, valid and showing the slide's title. */
function deepTemplate(kind: 'if' | 'else-if' | 'subexpression', depth: number): string {
  const header = '{{!-- talkdeck: selection=each role=content needs=title --}}\n'
  if (kind === 'if') return `${header}${'{{#if slide.title}}'.repeat(depth)}<h2>{{slide.title}}</h2>${'{{/if}}'.repeat(depth)}\n`
  if (kind === 'else-if') return `${header}{{#if slide.text}}<p>{{md slide.text}}</p>${'{{else if slide.notes}}'.repeat(depth)}<h2>{{slide.title}}</h2>{{/if}}\n`
  return `${header}<h2>{{md ${'(join '.repeat(depth)}slide.title${')'.repeat(depth)}}}</h2>\n`
}

/** Sets a top-level field of a deck file, if it still parses as a mapping. */
function editDeck(file: string, key: string, value: unknown): void {
  let data: unknown
  try {
    data = load(readFileSync(file, 'utf8'))
  } catch {
    return
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return
  const deck = data as Record<string, unknown>
  setOwn(deck, key, typeof value === 'function' ? (value as (old: unknown) => unknown)(deck[key]) : value)
  writeFileSync(file, dump(deck, { lineWidth: -1 }))
}

/**
 * Makes the project of a plan in `dir`/project from a base (a folder holding the base project),
 * with `dir`/outside holding files a mutation may point at from inside the project.
 */
export function makeProject(plan: Plan, base: string, dir: string): { root: string; outside: string } {
  const root = path.join(dir, 'project')
  const outside = path.join(dir, 'outside')
  cpSync(base, root, { recursive: true })
  mkdirSync(outside)
  writeFileSync(path.join(outside, 'sentinel.png'), 'OUTSIDE-SENTINEL: a file outside the project')
  writeFileSync(path.join(outside, 'outside.yaml'), '- id: outside\n  title: OUTSIDE-SENTINEL\n  summary: from outside\n  sources: [iso-3103]\n')
  for (const mutation of plan.mutations) {
    if (mutation.kind === 'add') {
      applyAdd(root, mutation.change, outside)
      continue
    }
    const candidates = projectFiles(root, mutation.kind === 'yaml' ? isYaml : () => true)
    const file = candidates[mutation.file % Math.max(candidates.length, 1)]
    if (!file) continue
    if (mutation.kind === 'yaml') applyYaml(file, mutation.change)
    else if (mutation.kind === 'text') applyText(file, mutation.change)
    else applyFs(file, mutation.change, outside)
  }
  return { root, outside }
}
