/**
 * Items in the deck's language: each text field from the dataset's translation where there is one,
 * otherwise the original — and a warning naming the item, the fields and the file to add them to.
 * Pure: the translations were read with the dataset.
 */
import path from 'node:path'
import { DEFAULTS } from '../defaults.js'
import type { Dataset, LocatedItem } from '../data/load-dataset.js'
import type { YamlPath } from '../data/load-yaml.js'
import { TRANSLATIONS_FOLDER } from '../data/load-translations.js'
import { languageName, textFields, withFieldText } from '../data/translations.js'
import { quoteValue } from '../data/validate.js'

/** "es-MX" → "es": a deck in a regional variant reads the language's translations when it has none of its own. */
export const primaryLanguage = (language: string): string => language.split('-')[0] ?? language

type Report = (yamlPath: YamlPath, message: string, code: string) => void

/**
 * A function that returns an item in `language`, reporting each untranslated item once (at the
 * deck entry that first shows it) and a dataset with no translation into the language once, at `language:`.
 */
export function createItemLocalizer(dataset: Dataset, language: string, display: (file: string) => string, report: Report): (located: LocatedItem, entryPath: YamlPath) => LocatedItem {
  const original = dataset.topic.language ?? DEFAULTS.language
  if (primaryLanguage(language) === primaryLanguage(original)) return (located) => located
  const translation = dataset.translations.get(language) ?? dataset.translations.get(primaryLanguage(language))
  const name = `${languageName(language)} (${language})`
  const command = `talkdeck translate ${language} --dataset ${dataset.name}`
  if (!translation) {
    const folder = display(path.join(dataset.directory, TRANSLATIONS_FOLDER, language))
    report(['language'], `the dataset ${quoteValue(dataset.name)} has no ${name} translation: its items show in ${languageName(original)}; ${command} writes ${folder}/ for you to fill in`, 'missing-translation')
    return (located) => located
  }
  const reported = new Set<string>()
  return (located, entryPath) => {
    const fields = translation.items.get(located.item.id)
    const missing = textFields(located.item).filter((field) => !fields?.has(field))
    if (missing.length && !reported.has(located.item.id) && !translation.broken.has(located.item.id)) {
      reported.add(located.item.id)
      report(entryPath, `item ${quoteValue(located.item.id)} has no ${name} translation of ${missing.join(', ')}: add ${missing.length === 1 ? 'it' : 'them'} to ${translation.files[located.kind]} (${command} writes the originals there to translate); shown in ${languageName(original)} meanwhile`, 'missing-translation')
    }
    if (!fields) return located
    let item = located.item
    for (const [field, text] of fields) item = withFieldText(item, field, text)
    return { ...located, item }
  }
}
