/**
 * The generated talk both tools export: every slide a heading, five bullets and speaker notes;
 * every 5th slide a ~10-line Rust listing under its heading instead of the bullets. Written once as
 * a talkdeck project (YAML data + deck) and once as the Markdown Marp reads, with the same words.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const rust = (n) => `/// Slide ${n}: a small driver state machine.
pub struct Device${n} {
    state: State,
    retries: u32,
}

impl Device${n} {
    pub fn poll(&mut self) -> Result<(), Error> {
        self.retries += 1;
        match self.state { State::Ready => Ok(()), _ => Err(EAGAIN) }
    }
}`

/** The words of slide `n` of `count`, as both tools get them. */
function slide(n, count) {
  return {
    code: n % 5 === 0,
    title: n % 5 === 0 ? `Listing ${n}: polling a device` : `Slide ${n} of ${count}, a heading of usual length`,
    points: Array.from({ length: 5 }, (_, p) => `Point ${p + 1} of slide ${n}, with **some** emphasis and \`code\``),
    source: rust(n),
    notes: `Speaker notes for slide ${n}. They say a little more than the slide, in two sentences, as notes in a real talk do.`,
  }
}

function deckYaml(title, count) {
  const lines = [`title: ${title}`, 'author: Bench', 'data: synth', 'theme: corporate', 'slides:']
  for (let n = 1; n <= count; n++) {
    const s = slide(n, count)
    if (s.code) {
      lines.push('  - layout: code', `    title: "${s.title}"`, '    code:', '      lang: rust', '      source: |')
      for (const line of s.source.split('\n')) lines.push(`        ${line}`)
    } else {
      lines.push('  - layout: bullets', `    title: ${s.title}`, '    points:')
      for (const point of s.points) lines.push(`      - ${point}`)
    }
    lines.push(`    sources: [s${(n % 5) + 1}]`, `    notes: ${s.notes}`)
  }
  return `${lines.join('\n')}\n`
}

/** The synthetic dataset every bench project shares: a topic and five sources. */
function writeSynthData(dir) {
  const data = path.join(dir, 'data', 'synth')
  mkdirSync(data, { recursive: true })
  mkdirSync(path.join(dir, 'decks'), { recursive: true })
  writeFileSync(path.join(data, 'topic.yaml'), 'title: Synthetic topic\nsummary: Generated slides for the export benchmark.\n')
  writeFileSync(
    path.join(data, 'sources.yaml'),
    Array.from({ length: 5 }, (_, i) => `- id: s${i + 1}\n  title: Synthetic source ${i + 1}\n  url: https://example.org/source-${i + 1}\n  publisher: Example\n  accessed: 2026-11-01\n`).join(''),
  )
}

/** A talkdeck project at `dir` with one deck per entry of `decks` (id → slide count). */
export function writeTalkdeckProject(dir, decks) {
  writeSynthData(dir)
  for (const [id, count] of Object.entries(decks)) writeFileSync(path.join(dir, 'decks', `${id}.yaml`), deckYaml(`Synthetic deck ${id}`, count))
  return dir
}

/** The same talk as Marp Markdown. */
export function writeMarpTalk(file, count) {
  const pages = []
  for (let n = 1; n <= count; n++) {
    const s = slide(n, count)
    const body = s.code ? `\`\`\`rust\n${s.source}\n\`\`\`` : s.points.map((point) => `- ${point}`).join('\n')
    pages.push(`# ${s.title}\n\n${body}\n\n<!-- ${s.notes} -->`)
  }
  mkdirSync(path.dirname(file), { recursive: true })
  // The front matter belongs to the first slide: a separator after it would make an empty one.
  writeFileSync(file, `---\nmarp: true\ntitle: Synthetic deck\nauthor: Bench\n---\n\n${pages.join('\n\n---\n\n')}\n`)
  return file
}

const CHART_TYPES = ['bar', 'line', 'stacked-bar', 'area', 'donut']

/**
 * A project at `dir` with one 10-slide deck, `numbers`: each slide the same title, sentence,
 * source and notes, and either a chart (`kind` 'charts': five types in turn, six categories, one
 * or two series) or a metric (`kind` 'metrics': a big number and its label).
 */
export function writeNumbersProject(dir, kind) {
  writeSynthData(dir)
  const lines = [`title: Ten ${kind}`, 'author: Bench', 'data: synth', 'theme: corporate', 'slides:']
  for (let n = 1; n <= 10; n++) {
    const type = CHART_TYPES[(n - 1) % CHART_TYPES.length]
    lines.push(`  - layout: ${kind === 'charts' ? 'chart' : 'metric'}`, `    title: Figure ${n}, counted every year`, `    text: The count grew in each of the six years.`)
    if (kind === 'charts') {
      const values = (offset) => `[${Array.from({ length: 6 }, (_, at) => 100 + offset + at * 40 + ((n * 7 + at * 13) % 30)).join(', ')}]`
      lines.push('    chart:', `      type: ${type}`, '      categories: [2020, 2021, 2022, 2023, 2024, 2025]', '      series:', `        - name: Counted ${n}`, `          values: ${values(0)}`)
      if (type !== 'donut') lines.push(`        - name: Expected ${n}`, `          values: ${values(25)}`)
      lines.push('      yTitle: Count a year', `      sources: [s${(n % 5) + 1}]`)
    } else {
      lines.push('    metric:', `      value: "${(1200 + n * 37).toLocaleString('en-US')}"`, `      label: counted in 2025, figure ${n}`)
    }
    lines.push(`    sources: [s${(n % 5) + 1}]`, `    notes: Figure ${n} in numbers, as a speaker would read them out.`)
  }
  mkdirSync(path.join(dir, 'decks'), { recursive: true })
  writeFileSync(path.join(dir, 'decks', 'numbers.yaml'), `${lines.join('\n')}\n`)
  return dir
}
