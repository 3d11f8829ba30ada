import { z } from 'zod'
import { deckSchema, ITEM_KINDS, ITEMS, sourcesFileSchema, topicSchema } from './schema.js'
import { messagesSchema } from './messages.js'
import { topicTranslationFileSchema, translationFileSchema } from './translation-schema.js'

/** JSON Schemas for editors (yaml-language-server), one per kind of file. */
export function createJsonSchemas(): Record<string, unknown> {
  const toJson = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' })
  return {
    'deck.schema.json': toJson(deckSchema),
    'topic.schema.json': toJson(topicSchema),
    'sources.schema.json': toJson(sourcesFileSchema),
    ...Object.fromEntries(ITEM_KINDS.map((kind) => [`${kind}.schema.json`, toJson(ITEMS[kind].schema)])),
    'translation.schema.json': toJson(translationFileSchema),
    'topic-translation.schema.json': toJson(topicTranslationFileSchema),
    'messages.schema.json': toJson(messagesSchema),
  }
}
