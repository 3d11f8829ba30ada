/**
 * Which layout of a company template a talkdeck slide goes on, and why.
 *
 * A talkdeck layout's group comes from its header's `role=` (templates/layouts/*.hbs), so a
 * project's own layout is placed like the built-in one with the same role: `title` and `closing`
 * → title, `divider` → section, `agenda`, `reference` and `content` → content; a content slide
 * that draws shapes (cards, timeline, code, a picture…) is `graphic`.
 *
 * Each group prefers kinds of PowerPoint layout (Title Slide, Section Header, Title and Content,
 * Title and Text, Title Only). A template layout is weighed against a kind by its name (in the
 * languages PowerPoint names its layouts in, and LibreOffice's English names), its layout type
 * and its placeholders together: templates keep a "Title Slide" whose type is `tx` (LibreOffice)
 * or `cust` (a layout copied or renamed), and the title slide, often the only layout with the
 * logo, must not lose to a Section Header that merely has the right type.
 */
import type { LayoutRole } from '../../data/load-templates.js'

export type LayoutGroup = 'title' | 'section' | 'content' | 'graphic'

/** What the choice reads of a template layout (a `TemplateLayout` of read-template.ts). */
export interface ChoosableLayout {
  name: string
  /** PowerPoint's layout type (`title`, `obj`, `secHead`, `titleOnly`, …) or `cust`. */
  type: string
  placeholders: { type: string }[]
  /** The slide master it belongs to: a template may hold several. */
  master?: string
}

/** What a slide asks of the template: its talkdeck layout, that layout's role, and whether it draws shapes. */
export interface LayoutRequest {
  layout: string
  role: LayoutRole
  /** The slide draws shapes or pictures beside (or instead of) text. */
  drawn?: boolean
}

export interface LayoutChoice<L extends ChoosableLayout = ChoosableLayout> {
  layout: L
  group: LayoutGroup
  /** Why this layout, for `talkdeck list --pptx-template`. */
  reason: string
}

export function groupOf(role: LayoutRole, drawn = false): LayoutGroup {
  if (role === 'title' || role === 'closing') return 'title'
  if (role === 'divider') return 'section'
  return role === 'content' && drawn ? 'graphic' : 'content'
}

type Kind = 'titleSlide' | 'sectionHeader' | 'titleAndContent' | 'titleAndText' | 'titleOnly'

interface KindSpec {
  /** PowerPoint's English name, for messages. */
  label: string
  type: string
  /** The names PowerPoint gives this layout in its languages, and LibreOffice's. */
  names: string[]
  /** Placeholders that make a layout look like this kind, whatever its name and type. */
  signature?: (types: Set<string>) => boolean
}

const TITLE_TYPES = ['title', 'ctrTitle']
const FOOTER_TYPES = ['ftr', 'sldNum', 'dt']

const KINDS: Record<Kind, KindSpec> = {
  titleSlide: {
    label: 'Title Slide',
    type: 'title',
    names: [
      'Title Slide', 'Slide de Título', 'Diapositivo de Título', 'Titelfolie', 'Diapositive de titre', 'Diapositiva de título',
      'Diapositiva titolo', 'Titeldia', 'Slajd tytułowy', 'Титульный слайд', 'タイトル スライド', '标题幻灯片', '標題投影片',
      '제목 슬라이드', 'Rubrikbild', 'Titeldias', 'Tittellysbilde', 'Otsikkodia', 'Úvodní snímek', 'Başlık Slaytı', 'Címdia',
    ],
    signature: (types) => types.has('ctrTitle') || (types.has('title') && types.has('subTitle')),
  },
  sectionHeader: {
    label: 'Section Header',
    type: 'secHead',
    names: [
      'Section Header', 'Cabeçalho da Seção', 'Cabeçalho de Secção', 'Abschnittsüberschrift', 'En-tête de section', 'Titre de section',
      'Encabezado de sección', 'Intestazione sezione', 'Sectiekop', 'Nagłówek sekcji', 'Заголовок раздела', 'セクション見出し', '节标题',
      '區段標題', '구역 머리글', 'Avsnittsrubrik', 'Afsnitsoverskrift', 'Deloverskrift', 'Osan ylätunniste', 'Záhlaví oddílu',
      'Bölüm Üst Bilgisi', 'Szakaszfejléc',
    ],
  },
  titleAndContent: {
    label: 'Title and Content',
    type: 'obj',
    names: [
      'Title and Content', 'Title, Content', 'Título e Conteúdo', 'Titel und Inhalt', 'Titre et contenu', 'Título y objetos',
      'Titolo e contenuto', 'Titel en object', 'Tytuł i zawartość', 'Заголовок и объект', 'タイトルとコンテンツ', '标题和内容', '標題及內容',
      '제목 및 내용', 'Rubrik och innehåll', 'Titel og indhold', 'Tittel og innhold', 'Otsikko ja sisältö', 'Nadpis a obsah',
      'Başlık ve İçerik', 'Cím és tartalom',
    ],
    signature: (types) => [...types].some((type) => TITLE_TYPES.includes(type)) && (types.has('obj') || types.has('body')),
  },
  titleAndText: {
    label: 'Title and Text',
    type: 'tx',
    names: ['Title and Text', 'Title, Text', 'Título e Texto', 'Titel und Text', 'Titre et texte', 'Título y texto', 'Titolo e testo', 'Titel en tekst'],
  },
  titleOnly: {
    label: 'Title Only',
    type: 'titleOnly',
    names: [
      'Title Only', 'Somente Título', 'Só Título', 'Nur Titel', 'Titre seul', 'Solo el título', 'Solo titolo', 'Alleen titel', 'Tylko tytuł',
      'Только заголовок', 'タイトルのみ', '仅标题', '只有標題', '제목만', 'Endast rubrik', 'Kun titel', 'Bare tittel', 'Vain otsikko',
      'Pouze nadpis', 'Yalnızca Başlık', 'Csak cím',
    ],
    signature: (types) => [...types].every((type) => TITLE_TYPES.includes(type) || FOOTER_TYPES.includes(type)),
  },
}

/** The kinds each group prefers, best first. */
const PREFERRED: Record<LayoutGroup, Kind[]> = {
  title: ['titleSlide', 'sectionHeader', 'titleAndContent', 'titleOnly'],
  section: ['sectionHeader', 'titleSlide', 'titleOnly', 'titleAndContent'],
  content: ['titleAndContent', 'titleAndText', 'titleOnly'],
  graphic: ['titleOnly', 'titleAndContent', 'titleAndText'],
}

/** A layout name compared without case, accents, punctuation, PowerPoint's "1_" copy prefix or a trailing number. */
export function normalizeLayoutName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/^\d+_/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/ \d+$/, '')
}

const NORMALIZED = Object.fromEntries(Object.entries(KINDS).map(([kind, spec]) => [kind, new Set(spec.names.map(normalizeLayoutName))])) as Record<Kind, Set<string>>

/** The kind a layout's name says it is, if any. */
function namedKind(layout: ChoosableLayout): Kind | undefined {
  const name = normalizeLayoutName(layout.name)
  return (Object.keys(KINDS) as Kind[]).find((kind) => NORMALIZED[kind].has(name))
}

interface Match {
  score: number
  because: string[]
}

/**
 * How well a layout fits a kind: its name 4, its type 3, its placeholders 2; a name that says
 * another kind takes 4 away (LibreOffice's "Title Slide" has the type of Title and Text).
 */
function match(layout: ChoosableLayout, kind: Kind): Match {
  const spec = KINDS[kind]
  const types = new Set(layout.placeholders.map((p) => p.type))
  const named = namedKind(layout)
  const because: string[] = []
  let score = 0
  if (named === kind) {
    score += 4
    because.push(layout.name === spec.label ? `named "${layout.name}"` : `named "${layout.name}" (PowerPoint's ${spec.label})`)
  } else if (named) score -= 4
  if (layout.type === spec.type) {
    score += 3
    because.push(`type ${layout.type}`)
  }
  if (spec.signature?.(types)) {
    score += 2
    because.push(kind === 'titleSlide' ? (types.has('ctrTitle') ? 'a centred title placeholder' : 'title and subtitle placeholders') : kind === 'titleOnly' ? 'no placeholder but its title' : 'title and content placeholders')
  }
  return { score, because }
}

/**
 * The template layout for a request: the deck's `pptx.layouts` by talkdeck layout, role, group or
 * `default`; else the best-matching layout of the group's preferred kinds; else the first layout
 * with a title placeholder. `usable` are the layouts with a title placeholder, in template order.
 */
export function chooseLayout<L extends ChoosableLayout>(request: LayoutRequest, usable: L[], named: Record<string, string>, byName: (name: string) => L | undefined): LayoutChoice<L> {
  const group = groupOf(request.role, request.drawn)
  for (const key of [request.layout, request.role, group, 'default']) {
    const name = named[key]
    const layout = name ? byName(name) : undefined
    if (layout) return { layout, group, reason: `pptx.layouts.${key}` }
  }
  // One master for the deck where it has the kind: a university template keeps an English "Title
  // Slide" on a second master beside its own six title layouts on the first, whose content layout
  // the other slides use; mixing the two put the title slide in another look.
  const home = bestOf(PREFERRED.content, usable)?.layout.master
  const homeLayouts = home === undefined ? [] : usable.filter((layout) => layout.master === home)
  for (const kind of PREFERRED[group]) {
    const best = bestOf([kind], homeLayouts) ?? bestOf([kind], usable)
    if (best) return { layout: best.layout, group, reason: `${KINDS[kind].label} for ${group}: ${best.match.because.join(', ')}` }
  }
  return { layout: usable[0] as L, group, reason: 'the first layout with a title placeholder' }
}

/** The best-matching layout of the first of `kinds` any layout matches. */
function bestOf<L extends ChoosableLayout>(kinds: Kind[], layouts: L[]): { layout: L; match: Match } | undefined {
  for (const kind of kinds) {
    let best: { layout: L; match: Match } | undefined
    for (const layout of layouts) {
      const found = match(layout, kind)
      if (found.score > 0 && (!best || found.score > best.match.score)) best = { layout, match: found }
    }
    if (best) return best
  }
  return undefined
}

/** One line of `talkdeck list --pptx-template`: a talkdeck layout and the template layout it uses. */
export interface LayoutChoiceRow {
  layout: string
  role: LayoutRole
  uses: string
  reason: string
  /** For a content layout: the template layout its slides use when they draw shapes, if another. */
  withShapes?: { uses: string; reason: string }
}

export function describeLayoutChoices(choose: (request: LayoutRequest) => LayoutChoice, layouts: { name: string; role: LayoutRole }[]): LayoutChoiceRow[] {
  return layouts.map(({ name, role }) => {
    const text = choose({ layout: name, role })
    const row: LayoutChoiceRow = { layout: name, role, uses: text.layout.name, reason: text.reason }
    if (role === 'content') {
      const drawn = choose({ layout: name, role, drawn: true })
      if (drawn.layout !== text.layout) row.withShapes = { uses: drawn.layout.name, reason: drawn.reason }
    }
    return row
  })
}
