import path from 'node:path'
import { DEFAULTS } from '../defaults.js'
import { ConfigError, EXIT_CODES } from '../errors.js'
import { loadDataset } from '../data/load-dataset.js'
import { LANGUAGE_TAG, TOPIC_TRANSLATION_FILE, TRANSLATIONS_FOLDER } from '../data/load-translations.js'
import { createProject, listDatasets } from '../data/project.js'
import { readTextFile } from '../data/read-file.js'
import { ITEM_KINDS, ITEMS } from '../data/schema.js'
import { topicTexts } from '../data/translations.js'
import { itemEntries, updateTranslationFile, type TextToTranslate, type TranslationFileKind } from '../data/update-translations.js'
import { primaryLanguage } from '../deck/localize-items.js'
import { writeFileAtomically } from '../output/write-atomic.js'
import { suggest } from '../suggest.js'
import { defineCommand, PROJECT } from './command.js'
import { printProblems } from './output.js'

export const translateCommand = defineCommand({
  name: 'translate',
  usage: 'translate <lang>',
  summary: `write or update data/<name>/${TRANSLATIONS_FOLDER}/<lang>/: each text not yet translated, or changed since, with its original beside it to translate by hand`,
  options: { ...PROJECT, dataset: { type: 'string', value: 'NAME', help: 'only this dataset (default: every dataset of the project)' } },
  async run(values, positionals, output) {
    const [language, ...extra] = positionals
    if (!language || extra.length || !LANGUAGE_TAG.test(language)) throw new ConfigError('talkdeck translate takes one language tag, e.g. "talkdeck translate es" or "talkdeck translate zh-Hans"')
    const project = createProject(values.root ?? '.', process.cwd(), { allowPaths: values['allow-path'] })
    const known = await listDatasets(project)
    if (values.dataset !== undefined && !known.includes(values.dataset)) throw new ConfigError(`--dataset: no dataset "${values.dataset}"${suggest(values.dataset, known)} in ${project.displayPath(project.paths.data)}/ (${known.join(', ') || 'none'})`)
    for (const name of values.dataset === undefined ? known : [values.dataset]) {
      const loaded = await loadDataset(project, name)
      // Items with errors are left out of the translation until they validate; the errors say why.
      printProblems(loaded.problems.filter((problem) => problem.severity === 'error'), output)
      const dataset = loaded.partial
      const written = dataset.topic.language ?? DEFAULTS.language
      if (primaryLanguage(written) === primaryLanguage(language)) {
        output.err(`dataset ${name}: written in ${written} already; nothing to translate`)
        continue
      }
      const update = async (fileName: string, entries: TextToTranslate[], kind: TranslationFileKind) => {
        if (!entries.length) return
        const file = path.join(dataset.directory, TRANSLATIONS_FOLDER, language, fileName)
        const display = project.displayPath(file)
        const existing = await readTextFile(file, display, { allowed: project.allowed })
        const before = existing.ok ? existing.value : undefined
        const updated = updateTranslationFile(before, entries, language, kind)
        if (updated.text !== before) await writeFileAtomically(file, updated.text)
        output.out(`${display}: ${updated.toTranslate} to translate, ${updated.toReview} to review`)
      }
      const topic = [...topicTexts(dataset.topic, dataset.words)].map(([key, original]) => ({ at: [key], original }))
      await update(TOPIC_TRANSLATION_FILE, topic, { originalFile: TOPIC_TRANSLATION_FILE, keyedBy: 'by key (words.<field>.<word>: a badge label)', schema: 'topic-translation.schema.json' })
      for (const kind of ITEM_KINDS) {
        const items = dataset.itemsByKind[kind].map(({ item }) => item)
        await update(ITEMS[kind].file, itemEntries(items), { originalFile: ITEMS[kind].file, keyedBy: 'by item id', schema: 'translation.schema.json' })
      }
    }
    return EXIT_CODES.ok
  },
})
